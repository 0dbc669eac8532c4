# loader/bundle.mk - zviz-load's reader of the OCI bundle's config.json, its
# unit test and its fuzz harness.  Included by the top Makefile.am.

noinst_LIBRARIES += loader/libzvizload-bundle.a
loader_libzvizload_bundle_a_SOURCES = loader/bundle.c loader/bundle.h
loader_libzvizload_bundle_a_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/loader $(JSONC_CFLAGS)

check_PROGRAMS += testsuite/unit/test-bundle
testsuite_unit_test_bundle_SOURCES = testsuite/unit/test-bundle.c
testsuite_unit_test_bundle_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/loader $(JSONC_CFLAGS) \
	-DTOP_SRCDIR='"$(abs_top_srcdir)"'
testsuite_unit_test_bundle_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
testsuite_unit_test_bundle_LDADD = loader/libzvizload-bundle.a libzviz/libzviz.a \
	$(JSONC_LIBS) $(CMOCKA_LIBS)

# Test inputs, each listed (automake does not expand globs); README.md says
# where each came from.
bundle_test_data = \
	testsuite/data/bundles/README.md \
	testsuite/data/bundles/crun-spec/config.json \
	testsuite/data/bundles/crun-spec-rootless/config.json \
	testsuite/data/bundles/runc-spec/config.json \
	testsuite/data/bundles/full/config.json \
	testsuite/data/bundles/fuzz.dict
EXTRA_DIST += testsuite/fuzz/fuzz-bundle.c $(bundle_test_data)

# Fuzzing (see the Fuzzing section of the top Makefile.am): the data files
# above are the seed corpus.
fuzz: testsuite/fuzz/fuzz-bundle
fuzz-run: fuzz-run-bundle
CLEANFILES += testsuite/fuzz/fuzz-bundle

testsuite/fuzz/fuzz-bundle: $(srcdir)/testsuite/fuzz/fuzz-bundle.c $(srcdir)/loader/bundle.c \
		$(srcdir)/loader/bundle.h $(srcdir)/libzviz/error.c
	@test -n "$(FUZZ_CC)" || { echo "make fuzz: clang not found (apt-get install clang)" >&2; exit 1; }
	@$(MKDIR_P) testsuite/fuzz
	$(FUZZ_CC) $(FUZZ_FLAGS) $(FUZZ_INCLUDES) -I$(srcdir)/loader $(JSONC_CFLAGS) -o $@ \
		$(srcdir)/testsuite/fuzz/fuzz-bundle.c $(srcdir)/loader/bundle.c \
		$(srcdir)/libzviz/error.c $(JSONC_LIBS)

fuzz-run-bundle: testsuite/fuzz/fuzz-bundle
	@$(MKDIR_P) testsuite/fuzz/corpus/bundle
	testsuite/fuzz/fuzz-bundle -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 \
		-print_final_stats=1 -dict=$(srcdir)/testsuite/data/bundles/fuzz.dict \
		testsuite/fuzz/corpus/bundle $(srcdir)/testsuite/data/bundles

.PHONY: fuzz-run-bundle
