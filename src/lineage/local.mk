## lineage: the provenance graph of datasets, runs and models
## (OpenLineage 2-0-2).  The parts the unit tests and fuzzers reach (the
## log, the event check, the graph) are in liblineage.a.
noinst_LIBRARIES += src/lineage/liblineage.a
src_lineage_liblineage_a_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS)
src_lineage_liblineage_a_SOURCES = \
	src/lineage/lineage.h \
	src/lineage/store.c \
	src/lineage/event.c \
	src/lineage/eventfast.c \
	src/lineage/graph.c \
	src/lineage/graph_priv.h \
	src/lineage/graphio.c \
	src/lineage/artifact.c \
	src/lineage/view.h \
	src/lineage/view.c \
	src/lineage/dot.c \
	src/lineage/prov.c
LINEAGE_LIBS = src/lineage/liblineage.a $(CK_LIBS)

bin_PROGRAMS += src/lineage/lineage
src_lineage_lineage_SOURCES = \
	src/lineage/cmd.h \
	src/lineage/main.c \
	src/lineage/record.c \
	src/lineage/query.c \
	src/lineage/export.c \
	src/lineage/mlflow.c \
	src/lineage/import.c \
	src/lineage/push.c \
	src/lineage/http.h \
	src/lineage/http.c
src_lineage_lineage_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS) $(SSL_CFLAGS)
src_lineage_lineage_LDADD = $(LINEAGE_LIBS) $(SSL_LIBS)

lineage_unit_tests = tests/unit/test_lineage_graph tests/unit/test_lineage_event \
	tests/unit/test_lineage_view tests/unit/test_lineage_fast
check_PROGRAMS += $(lineage_unit_tests)
TESTS += $(lineage_unit_tests)
tests_unit_test_lineage_graph_SOURCES = tests/unit/test_lineage_graph.c
tests_unit_test_lineage_graph_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_lineage_graph_LDADD = $(LINEAGE_LIBS) $(CMOCKA_LIBS)
tests_unit_test_lineage_event_SOURCES = tests/unit/test_lineage_event.c
tests_unit_test_lineage_event_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_lineage_event_LDADD = $(LINEAGE_LIBS) $(CMOCKA_LIBS)
tests_unit_test_lineage_fast_SOURCES = tests/unit/test_lineage_fast.c \
	tests/unit/mutate.h
tests_unit_test_lineage_fast_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_lineage_fast_LDADD = $(LINEAGE_LIBS) $(CMOCKA_LIBS)
tests_unit_test_lineage_view_SOURCES = tests/unit/test_lineage_view.c
tests_unit_test_lineage_view_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_lineage_view_LDADD = $(LINEAGE_LIBS) $(CMOCKA_LIBS)

if FUZZING
noinst_PROGRAMS += tests/fuzz/fuzz_lineage_log tests/fuzz/fuzz_lineage_index
noinst_PROGRAMS += tests/fuzz/fuzz_lineage_fast
tests_fuzz_fuzz_lineage_fast_SOURCES = tests/fuzz/fuzz_lineage_fast.c
tests_fuzz_fuzz_lineage_fast_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS)
tests_fuzz_fuzz_lineage_fast_LDADD = $(LINEAGE_LIBS)
tests_fuzz_fuzz_lineage_fast_LDFLAGS = -fsanitize=fuzzer,address,undefined
tests_fuzz_fuzz_lineage_index_SOURCES = tests/fuzz/fuzz_lineage_index.c
tests_fuzz_fuzz_lineage_index_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS)
tests_fuzz_fuzz_lineage_index_LDADD = $(LINEAGE_LIBS)
tests_fuzz_fuzz_lineage_index_LDFLAGS = -fsanitize=fuzzer,address,undefined
tests_fuzz_fuzz_lineage_log_SOURCES = tests/fuzz/fuzz_lineage_log.c
tests_fuzz_fuzz_lineage_log_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS)
tests_fuzz_fuzz_lineage_log_LDADD = $(LINEAGE_LIBS)
tests_fuzz_fuzz_lineage_log_LDFLAGS = -fsanitize=fuzzer,address,undefined
noinst_PROGRAMS += tests/fuzz/fuzz_lineage_dot tests/fuzz/fuzz_lineage_prov
tests_fuzz_fuzz_lineage_dot_SOURCES = tests/fuzz/fuzz_lineage_dot.c \
	tests/fuzz/fuzz_lineage_import.h
tests_fuzz_fuzz_lineage_dot_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS)
tests_fuzz_fuzz_lineage_dot_LDADD = $(LINEAGE_LIBS)
tests_fuzz_fuzz_lineage_dot_LDFLAGS = -fsanitize=fuzzer,address,undefined
tests_fuzz_fuzz_lineage_prov_SOURCES = tests/fuzz/fuzz_lineage_prov.c \
	tests/fuzz/fuzz_lineage_import.h
tests_fuzz_fuzz_lineage_prov_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS)
tests_fuzz_fuzz_lineage_prov_LDADD = $(LINEAGE_LIBS)
tests_fuzz_fuzz_lineage_prov_LDFLAGS = -fsanitize=fuzzer,address,undefined
endif
EXTRA_DIST += tests/fuzz/fuzz_lineage_log.c tests/fuzz/corpus/lineage_log \
	tests/fuzz/fuzz_lineage_dot.c tests/fuzz/corpus/lineage_dot \
	tests/fuzz/fuzz_lineage_prov.c tests/fuzz/corpus/lineage_prov \
	tests/fuzz/fuzz_lineage_index.c tests/fuzz/corpus/lineage_index \
	tests/fuzz/fuzz_lineage_fast.c tests/fuzz/corpus/lineage_fast

## CLI cases (tests/cli/run-case compares exit/stdout/stderr).
lineage_cli_cases = \
	tests/cli/lineage/help.sh \
	tests/cli/lineage/usage.sh \
	tests/cli/lineage/options-doc.sh \
	tests/cli/lineage/record.sh \
	tests/cli/lineage/dsver.sh \
	tests/cli/lineage/run.sh \
	tests/cli/lineage/validate.sh \
	tests/cli/lineage/ingest.sh \
	tests/cli/lineage/ingest-fast.sh \
	tests/cli/lineage/query.sh \
	tests/cli/lineage/export.sh \
	tests/cli/lineage/diff.sh \
	tests/cli/lineage/corrupt.sh \
	tests/cli/lineage/kill.sh \
	tests/cli/lineage/pending.sh \
	tests/cli/lineage/lock.sh \
	tests/cli/lineage/index.sh \
	tests/cli/lineage/mlflow.sh \
	tests/cli/lineage/prov.sh \
	tests/cli/lineage/push.sh \
	tests/cli/lineage/pushtls.sh \
	tests/cli/lineage/oci.sh \
	tests/cli/lineage/import.sh \
	tests/cli/lineage/man-examples.sh \
	tests/cli/lineage/readme.sh
TESTS += $(lineage_cli_cases)
lineage_cli_expect = $(patsubst $(srcdir)/%,%,$(wildcard \
	$(srcdir)/tests/cli/lineage/*.exit \
	$(srcdir)/tests/cli/lineage/*.stdout \
	$(srcdir)/tests/cli/lineage/*.stderr))
EXTRA_DIST += tests/cli/lineage/lib.sh $(lineage_cli_cases) \
	$(lineage_cli_expect) tests/cli/lineage/fixtures \
	tests/data/openlineage
