## phiscan context detectors: names, dates, addresses, structured data, HL7.
phi_detect_files =
## fields: structured data (key/value pairs, FHIR, CSV, SQL) and HL7 v2.
phi_detect_files += src/common/phi/fields.c src/common/phi/fields.h \
	src/common/phi/fields_priv.h src/common/phi/fields_keymap.c \
	src/common/phi/ascii.h src/common/phi/linestart.h \
	src/common/phi/bytescan.h \
	src/common/phi/fields_shapes.c \
	src/common/phi/fieldkv.c src/common/phi/fieldkv_priv.h \
	src/common/phi/fieldkv_pairs.c src/common/phi/fieldkv_syntax.c \
	src/common/phi/fieldkv_code.c src/common/phi/fieldkv_markup.c \
	src/common/phi/fieldtab.c src/common/phi/hl7.c
## x12: ASC X12 EDI (837, 835, 834, 270/271); vcal: vCard and iCalendar.
phi_detect_files += src/common/phi/x12.c src/common/phi/vcal.c

## fields: unit tests (exact spans) and the libFuzzer target.
fields_unit_tests = tests/unit/test_fields tests/unit/test_hl7
check_PROGRAMS += $(fields_unit_tests)
TESTS += $(fields_unit_tests)
tests_unit_test_fields_SOURCES = tests/unit/test_fields.c tests/unit/dettest.c \
	tests/unit/dettest.h
tests_unit_test_fields_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_fields_LDADD = $(PHI_LIBS) $(CMOCKA_LIBS)
tests_unit_test_hl7_SOURCES = tests/unit/test_hl7.c tests/unit/dettest.c \
	tests/unit/dettest.h
tests_unit_test_hl7_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_hl7_LDADD = $(PHI_LIBS) $(CMOCKA_LIBS)
if FUZZING
noinst_PROGRAMS += tests/fuzz/fuzz_fields
tests_fuzz_fuzz_fields_SOURCES = tests/fuzz/fuzz_fields.c tests/fuzz/detfuzz.c \
	tests/fuzz/detfuzz.h
tests_fuzz_fuzz_fields_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS)
tests_fuzz_fuzz_fields_LDADD = $(PHI_LIBS)
tests_fuzz_fuzz_fields_LDFLAGS = -fsanitize=fuzzer,address,undefined
endif
EXTRA_DIST += tests/fuzz/corpus/fields

## x12, vcal: unit tests (exact spans) and libFuzzer targets.
edi_unit_tests = tests/unit/test_x12 tests/unit/test_vcal
check_PROGRAMS += $(edi_unit_tests)
TESTS += $(edi_unit_tests)
tests_unit_test_x12_SOURCES = tests/unit/test_x12.c tests/unit/dettest.c \
	tests/unit/dettest.h
tests_unit_test_x12_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_x12_LDADD = $(PHI_LIBS) $(CMOCKA_LIBS)
tests_unit_test_vcal_SOURCES = tests/unit/test_vcal.c tests/unit/dettest.c \
	tests/unit/dettest.h
tests_unit_test_vcal_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_vcal_LDADD = $(PHI_LIBS) $(CMOCKA_LIBS)
if FUZZING
noinst_PROGRAMS += tests/fuzz/fuzz_x12 tests/fuzz/fuzz_vcal
tests_fuzz_fuzz_x12_SOURCES = tests/fuzz/fuzz_x12.c tests/fuzz/detfuzz.c \
	tests/fuzz/detfuzz.h
tests_fuzz_fuzz_x12_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS)
tests_fuzz_fuzz_x12_LDADD = $(PHI_LIBS)
tests_fuzz_fuzz_x12_LDFLAGS = -fsanitize=fuzzer,address,undefined
tests_fuzz_fuzz_vcal_SOURCES = tests/fuzz/fuzz_vcal.c tests/fuzz/detfuzz.c \
	tests/fuzz/detfuzz.h
tests_fuzz_fuzz_vcal_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS)
tests_fuzz_fuzz_vcal_LDADD = $(PHI_LIBS)
tests_fuzz_fuzz_vcal_LDFLAGS = -fsanitize=fuzzer,address,undefined
endif
EXTRA_DIST += tests/fuzz/corpus/x12 tests/fuzz/corpus/vcal
## text: prose and code detectors (names, dates, street addresses, ages).
phi_detect_files += src/common/phi/dates.c src/common/phi/dates_priv.h \
	src/common/phi/dates_grammar.c src/common/phi/dates_context.c \
	src/common/phi/address.c src/common/phi/address_priv.h \
	src/common/phi/address_lists.c src/common/phi/address_street.c \
	src/common/phi/address_place.c src/common/phi/address_age.c \
	src/common/phi/names.c src/common/phi/names_priv.h \
	src/common/phi/names_words.c src/common/phi/names_tokens.c \
	src/common/phi/names_cues.c src/common/phi/names_judge.c

## text: unit tests of the names, dates and address detectors.
text_unit_tests = tests/unit/test_names tests/unit/test_dates \
	tests/unit/test_address
check_PROGRAMS += $(text_unit_tests)
TESTS += $(text_unit_tests)
tests_unit_test_names_SOURCES = tests/unit/test_names.c tests/unit/dettest.c \
	tests/unit/dettest.h
tests_unit_test_names_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_names_LDADD = $(PHI_LIBS) $(CMOCKA_LIBS)
tests_unit_test_dates_SOURCES = tests/unit/test_dates.c tests/unit/dettest.c \
	tests/unit/dettest.h
tests_unit_test_dates_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_dates_LDADD = $(PHI_LIBS) $(CMOCKA_LIBS)
tests_unit_test_address_SOURCES = tests/unit/test_address.c tests/unit/dettest.c \
	tests/unit/dettest.h
tests_unit_test_address_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_address_LDADD = $(PHI_LIBS) $(CMOCKA_LIBS)

## text: libFuzzer target for the date grammar.
if FUZZING
noinst_PROGRAMS += tests/fuzz/fuzz_dates
tests_fuzz_fuzz_dates_SOURCES = tests/fuzz/fuzz_dates.c
tests_fuzz_fuzz_dates_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS)
tests_fuzz_fuzz_dates_LDADD = $(PHI_LIBS)
tests_fuzz_fuzz_dates_LDFLAGS = -fsanitize=fuzzer,address,undefined
endif
EXTRA_DIST += tests/fuzz/corpus/dates
