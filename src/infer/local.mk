## infer: validated, bit-reproducible inference on ONNX models.  The engine
## (loader, graph, operators) is libinfer.a so the unit tests, the node
## test driver and the fuzzers link the code the tool runs.  The protobuf
## code is generated from Debian's onnx.proto (libonnx-dev) by protoc-c.
INFER_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_builddir)/src $(CK_DEP_CFLAGS) \
	$(PROTOBUFC_CFLAGS)
## No FMA contraction: the same sums in the same order on every build.
## Vectorised loops only ever run independent lanes (no reassociation
## without -ffast-math), so they give the same bits as scalar code.
INFER_CFLAGS = $(AM_CFLAGS) -ffp-contract=off $(INFER_VECT_CFLAGS)

src/infer/onnx.pb-c.c: $(ONNX_PROTO)
	$(AM_V_GEN)$(MKDIR_P) src/infer && \
	$(PROTOC_C) --proto_path=`dirname $(ONNX_PROTO)` \
		--c_out=src/infer $(ONNX_PROTO)
src/infer/onnx.pb-c.h: src/infer/onnx.pb-c.c
	@test -f $@ || { rm -f src/infer/onnx.pb-c.c; \
		$(MAKE) $(AM_MAKEFLAGS) src/infer/onnx.pb-c.c; }
CLEANFILES += src/infer/onnx.pb-c.c src/infer/onnx.pb-c.h

noinst_LIBRARIES += src/infer/libinfer.a
nodist_src_infer_libinfer_a_SOURCES = src/infer/onnx.pb-c.c \
	src/infer/onnx.pb-c.h
src_infer_libinfer_a_SOURCES = \
	src/infer/tensor.c src/infer/tensor.h \
	src/infer/model.c src/infer/model.h \
	src/infer/init.c \
	src/infer/wire.c src/infer/wire.h \
	src/infer/graph.c \
	src/infer/rows.c \
	src/infer/ops.c src/infer/ops.h \
	src/infer/elementwise.c \
	src/infer/matmul.c \
	src/infer/gemm.c src/infer/gemm.h src/infer/gemm_tile.h \
	src/infer/conv.c \
	src/infer/kernels.c src/infer/kernels.h \
	src/infer/fuse.c \
	src/infer/reduce.c \
	src/infer/shape.c \
	src/infer/tree.c \
	src/infer/schema.c src/infer/schema.h \
	src/infer/provenance.c src/infer/infer.h
src_infer_libinfer_a_CPPFLAGS = $(INFER_CPPFLAGS)
src_infer_libinfer_a_CFLAGS = $(INFER_CFLAGS)
$(src_infer_libinfer_a_OBJECTS): src/infer/onnx.pb-c.h
INFER_LIBS = src/infer/libinfer.a $(CK_LIBS) $(PROTOBUFC_LIBS) -lm
## Only the libraries infer calls (some compilers' default, not all):
## CK_LIBS names libarchive and libzstd for other tools, and cli.c names
## them only weakly for --version; loading libarchive (with libxml2, ICU
## and libstdc++ behind it) cost infer 2.9 MB of its 6.8 MB footprint.
INFER_LINK_FLAGS = -Wl,--as-needed

bin_PROGRAMS += src/infer/infer
src_infer_infer_SOURCES = src/infer/main.c src/infer/record.c
src_infer_infer_CPPFLAGS = $(INFER_CPPFLAGS)
src_infer_infer_CFLAGS = $(INFER_CFLAGS)
src_infer_infer_LDADD = $(INFER_LIBS)
src_infer_infer_LDFLAGS = $(INFER_LINK_FLAGS)
$(src_infer_infer_OBJECTS): src/infer/onnx.pb-c.h

## Unit tests: the ONNX backend node tests (TAP) and cmocka tests of the
## engine and the record filter.
infer_unit_tests = tests/unit/test_infer_nodes tests/unit/test_infer \
	tests/unit/test_infer_kernels tests/unit/test_infer_load \
	tests/unit/test_infer_fuse
check_PROGRAMS += $(infer_unit_tests)
TESTS += $(infer_unit_tests)
tests_unit_test_infer_nodes_SOURCES = tests/unit/test_infer_nodes.c
tests_unit_test_infer_nodes_CPPFLAGS = $(INFER_CPPFLAGS) \
	-DONNX_NODE_TESTS_DIR='"$(ONNX_NODE_TESTS)"'
tests_unit_test_infer_nodes_LDADD = $(INFER_LIBS)
$(tests_unit_test_infer_nodes_OBJECTS): src/infer/onnx.pb-c.h
tests_unit_test_infer_SOURCES = tests/unit/test_infer.c
tests_unit_test_infer_CPPFLAGS = $(INFER_CPPFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_infer_LDADD = $(INFER_LIBS) $(CMOCKA_LIBS)
$(tests_unit_test_infer_OBJECTS): src/infer/onnx.pb-c.h
tests_unit_test_infer_kernels_SOURCES = tests/unit/test_infer_kernels.c
tests_unit_test_infer_kernels_CPPFLAGS = $(INFER_CPPFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_infer_kernels_CFLAGS = $(INFER_CFLAGS)
tests_unit_test_infer_kernels_LDADD = $(INFER_LIBS) $(CMOCKA_LIBS)
$(tests_unit_test_infer_kernels_OBJECTS): src/infer/onnx.pb-c.h
tests_unit_test_infer_fuse_SOURCES = tests/unit/test_infer_fuse.c
tests_unit_test_infer_fuse_CPPFLAGS = $(INFER_CPPFLAGS) $(CMOCKA_CFLAGS) \
	-DINFER_TEST_DATA='"$(srcdir)/tests/cli/infer/data"'
tests_unit_test_infer_fuse_CFLAGS = $(INFER_CFLAGS)
tests_unit_test_infer_fuse_LDADD = $(INFER_LIBS) $(CMOCKA_LIBS)
$(tests_unit_test_infer_fuse_OBJECTS): src/infer/onnx.pb-c.h
tests_unit_test_infer_load_SOURCES = tests/unit/test_infer_load.c
tests_unit_test_infer_load_CPPFLAGS = $(INFER_CPPFLAGS) $(CMOCKA_CFLAGS) \
	-DINFER_TEST_DATA='"$(srcdir)/tests/cli/infer/data"'
tests_unit_test_infer_load_LDADD = $(INFER_LIBS) $(CMOCKA_LIBS)
$(tests_unit_test_infer_load_OBJECTS): src/infer/onnx.pb-c.h

## CLI cases (tests/cli/run-case compares exit/stdout/stderr).
infer_cli_cases = \
	tests/cli/infer/help.sh \
	tests/cli/infer/usage.sh \
	tests/cli/infer/options-doc.sh \
	tests/cli/infer/describe.sh \
	tests/cli/infer/bc-testset.sh \
	tests/cli/infer/determinism.sh \
	tests/cli/infer/expect.sh \
	tests/cli/infer/bad-input.sh \
	tests/cli/infer/bad-model.sh \
	tests/cli/infer/schema.sh \
	tests/cli/infer/models.sh \
	tests/cli/infer/memory.sh \
	tests/cli/infer/man-examples.sh \
	tests/cli/infer/readme.sh
TESTS += $(infer_cli_cases)
infer_cli_expect = $(patsubst $(srcdir)/%,%,$(wildcard \
	$(srcdir)/tests/cli/infer/*.exit \
	$(srcdir)/tests/cli/infer/*.stdout \
	$(srcdir)/tests/cli/infer/*.stderr))
EXTRA_DIST += tests/cli/infer/lib.sh $(infer_cli_cases) $(infer_cli_expect) \
	tests/cli/infer/data

if FUZZING
noinst_PROGRAMS += tests/fuzz/fuzz_infer_model tests/fuzz/fuzz_infer_schema
tests_fuzz_fuzz_infer_model_SOURCES = tests/fuzz/fuzz_infer_model.c
tests_fuzz_fuzz_infer_model_CPPFLAGS = $(INFER_CPPFLAGS)
tests_fuzz_fuzz_infer_model_LDADD = $(INFER_LIBS)
tests_fuzz_fuzz_infer_model_LDFLAGS = -fsanitize=fuzzer,address,undefined
$(tests_fuzz_fuzz_infer_model_OBJECTS): src/infer/onnx.pb-c.h
tests_fuzz_fuzz_infer_schema_SOURCES = tests/fuzz/fuzz_infer_schema.c
tests_fuzz_fuzz_infer_schema_CPPFLAGS = $(INFER_CPPFLAGS)
tests_fuzz_fuzz_infer_schema_LDADD = $(INFER_LIBS)
tests_fuzz_fuzz_infer_schema_LDFLAGS = -fsanitize=fuzzer,address,undefined
endif
EXTRA_DIST += tests/fuzz/fuzz_infer_model.c tests/fuzz/fuzz_infer_schema.c \
	tests/fuzz/corpus/infer_model tests/fuzz/corpus/infer_schema

## infer-bench: the engine timed as ort_bench.js times onnxruntime
## (bench/infer.sh); built, not installed.
noinst_PROGRAMS += src/infer/infer-bench
src_infer_infer_bench_SOURCES = src/infer/bench_main.c
src_infer_infer_bench_CPPFLAGS = $(INFER_CPPFLAGS)
src_infer_infer_bench_CFLAGS = $(INFER_CFLAGS)
src_infer_infer_bench_LDADD = $(INFER_LIBS)
src_infer_infer_bench_LDFLAGS = $(INFER_LINK_FLAGS)
$(src_infer_infer_bench_OBJECTS): src/infer/onnx.pb-c.h
