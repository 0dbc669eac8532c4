# compiler/inputs.mk - more ways into zvizc, included by the top Makefile.am:
# the tests of YAML profiles (compiler/yaml-profile.c, part of libzvizc.a:
# the loader reads either syntax), and `zvizc import` of Docker/moby and OCI
# seccomp JSON (json-c) into .zp text.

noinst_LIBRARIES += compiler/libzvizc-inputs.a
compiler_libzvizc_inputs_a_SOURCES = compiler/import.c compiler/import.h
compiler_libzvizc_inputs_a_CPPFLAGS = $(AM_CPPFLAGS) $(JSONC_CFLAGS) $(SECCOMP_CFLAGS)

inputs_test_ldadd = compiler/libzvizc-inputs.a compiler/libzvizc.a compiler/libzvizc-tables.a \
	libzviz/libzviz.a $(YAML_LIBS) $(JSONC_LIBS) $(SECCOMP_LIBS) $(CMOCKA_LIBS)
inputs_test_cppflags = $(AM_CPPFLAGS) -I$(top_srcdir)/testsuite/common -DTOP_SRCDIR='"$(abs_top_srcdir)"'

check_PROGRAMS += testsuite/unit/test-yaml
testsuite_unit_test_yaml_SOURCES = testsuite/unit/test-yaml.c
testsuite_unit_test_yaml_CPPFLAGS = $(inputs_test_cppflags)
testsuite_unit_test_yaml_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
testsuite_unit_test_yaml_LDADD = $(inputs_test_ldadd)

check_PROGRAMS += testsuite/unit/test-import
testsuite_unit_test_import_SOURCES = testsuite/unit/test-import.c
testsuite_unit_test_import_CPPFLAGS = $(inputs_test_cppflags) $(JSONC_CFLAGS) $(SECCOMP_CFLAGS)
testsuite_unit_test_import_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
testsuite_unit_test_import_LDADD = $(inputs_test_ldadd)

EXTRA_DIST += \
	testsuite/data/SOURCES.md \
	testsuite/data/docker-default-seccomp.json \
	testsuite/yaml/ci-runner.yaml \
	testsuite/yaml/clone-flags.yaml \
	testsuite/yaml/conditions.yaml \
	testsuite/yaml/extends.yaml \
	testsuite/yaml/library.yaml \
	testsuite/yaml/mixed-library.zp \
	testsuite/yaml/mixed.yaml \
	testsuite/yaml/mixed.zp \
	testsuite/yaml/multiarch.yaml \
	testsuite/yaml/profile-batch-job.yaml \
	testsuite/yaml/profile-ci-runner.yaml \
	testsuite/yaml/profile-development.yaml \
	testsuite/yaml/profile-hostile-tenant.yaml \
	testsuite/yaml/profile-web-server.yaml \
	testsuite/yaml/ranges.yaml \
	testsuite/yaml/sockets.yaml \
	testsuite/yaml/unsafe.yaml \
	testsuite/yaml/uses-library.yaml \
	testsuite/yaml/web-server.yaml

# ---------------------------------------------------------------------------
# Fuzzing (see the top Makefile.am): make fuzz builds these too; run them
# with make fuzz-run-inputs FUZZ_SECONDS=600.
# ---------------------------------------------------------------------------
FUZZ_INPUTS_INCLUDES = -I$(top_builddir) -I$(srcdir)/libzviz -I$(srcdir)/compiler -Igrammar \
	-DZVIZ_PROFILE_DIR='"$(profilesdir)"'
EXTRA_DIST += testsuite/fuzz/fuzz-yaml.c testsuite/fuzz/fuzz-import.c

fuzz: testsuite/fuzz/fuzz-yaml testsuite/fuzz/fuzz-import

testsuite/fuzz/fuzz-yaml: $(srcdir)/testsuite/fuzz/fuzz-yaml.c $(FUZZ_FRONTEND) $(FUZZ_FRONTEND_BUILT)
	@test -n "$(FUZZ_CC)" || { echo "make fuzz: clang not found (apt-get install clang)" >&2; exit 1; }
	@$(MKDIR_P) testsuite/fuzz
	$(FUZZ_CC) $(FUZZ_FLAGS) $(FUZZ_INPUTS_INCLUDES) $(YAML_CFLAGS) -o $@ \
		$(srcdir)/testsuite/fuzz/fuzz-yaml.c \
		$(FUZZ_FRONTEND) $(FUZZ_FRONTEND_BUILT) $(FUZZ_LIBZVIZ) $(YAML_LIBS) $(SECCOMP_LIBS)

testsuite/fuzz/fuzz-import: $(srcdir)/testsuite/fuzz/fuzz-import.c $(srcdir)/compiler/import.c \
		$(FUZZ_FRONTEND) $(FUZZ_FRONTEND_BUILT)
	@test -n "$(FUZZ_CC)" || { echo "make fuzz: clang not found (apt-get install clang)" >&2; exit 1; }
	@$(MKDIR_P) testsuite/fuzz
	$(FUZZ_CC) $(FUZZ_FLAGS) $(FUZZ_INPUTS_INCLUDES) $(JSONC_CFLAGS) $(SECCOMP_CFLAGS) -o $@ \
		$(srcdir)/testsuite/fuzz/fuzz-import.c $(srcdir)/compiler/import.c \
		$(FUZZ_FRONTEND) $(FUZZ_FRONTEND_BUILT) $(FUZZ_LIBZVIZ) $(YAML_LIBS) $(JSONC_LIBS) $(SECCOMP_LIBS)

fuzz-run-inputs: testsuite/fuzz/fuzz-yaml testsuite/fuzz/fuzz-import
	@$(MKDIR_P) testsuite/fuzz/corpus/yaml testsuite/fuzz/corpus/import
	testsuite/fuzz/fuzz-yaml -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 \
		-print_final_stats=1 -dict=$(srcdir)/testsuite/fuzz/zp.dict \
		testsuite/fuzz/corpus/yaml $(srcdir)/testsuite/yaml
	testsuite/fuzz/fuzz-import -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 \
		-print_final_stats=1 testsuite/fuzz/corpus/import $(srcdir)/testsuite/data

clean-local: clean-fuzz-inputs
clean-fuzz-inputs:
	-rm -rf testsuite/fuzz/fuzz-yaml testsuite/fuzz/fuzz-import testsuite/fuzz/corpus/yaml \
		testsuite/fuzz/corpus/import

.PHONY: fuzz-run-inputs clean-fuzz-inputs
