## lineage: the provenance graph of datasets, runs and models
## (OpenLineage 2-0-2).  The parts the unit tests and fuzzers reach (the
## log, the event check, the graph) are in liblineage.a.
noinst_LIBRARIES += src/lineage/liblineage.a
src_lineage_liblineage_a_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS)
src_lineage_liblineage_a_SOURCES = \
	src/lineage/lineage.h \
	src/lineage/store.c \
	src/lineage/event.c \
	src/lineage/graph.c
LINEAGE_LIBS = src/lineage/liblineage.a $(CK_LIBS)

bin_PROGRAMS += src/lineage/lineage
src_lineage_lineage_SOURCES = \
	src/lineage/cmd.h \
	src/lineage/main.c \
	src/lineage/record.c \
	src/lineage/query.c \
	src/lineage/export.c
src_lineage_lineage_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS)
src_lineage_lineage_LDADD = $(LINEAGE_LIBS)
