# zvizc tables: ABIs, syscall names and numbers, syscall arguments, and the
# named constants generated from the system headers.  Included by the top
# Makefile.am.

noinst_LIBRARIES += compiler/libzvizc-tables.a
compiler_libzvizc_tables_a_SOURCES = \
	compiler/abi.c compiler/abi.h \
	compiler/args.c compiler/args.h \
	compiler/constants.c compiler/constants.h \
	compiler/syscall-supplement.c compiler/syscall-supplement.h \
	compiler/syscalls.c compiler/syscalls.h
nodist_compiler_libzvizc_tables_a_SOURCES = compiler/constants-table.c
compiler_libzvizc_tables_a_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/compiler $(SECCOMP_CFLAGS)

# Generated in the build tree from the headers the compiler sees, with the
# same preprocessor flags the library is compiled with (config.h included).
BUILT_SOURCES += compiler/constants-table.c
CLEANFILES += compiler/constants-table.c
EXTRA_DIST += compiler/gen-constants.sh

compiler/constants-table.c: $(srcdir)/compiler/gen-constants.sh $(CONFIG_HEADER)
	@$(MKDIR_P) compiler
	$(AM_V_GEN)CC="$(CC)" CFLAGS="-std=c11 $(CFLAGS)" \
		CPPFLAGS="$(DEFS) $(DEFAULT_INCLUDES) $(INCLUDES) $(AM_CPPFLAGS) $(CPPFLAGS)" \
		$(SHELL) $(srcdir)/compiler/gen-constants.sh $@

# Unit tests.
check_PROGRAMS += \
	testsuite/unit/test-abi-syscalls \
	testsuite/unit/test-args-constants

tables_test_cppflags = $(AM_CPPFLAGS) -I$(top_srcdir)/compiler -I$(top_srcdir)/testsuite/common $(SECCOMP_CFLAGS)
tables_test_ldadd = compiler/libzvizc-tables.a libzviz/libzviz.a $(SECCOMP_LIBS) $(CMOCKA_LIBS)

testsuite_unit_test_abi_syscalls_SOURCES = testsuite/unit/test-abi-syscalls.c
testsuite_unit_test_abi_syscalls_CPPFLAGS = $(tables_test_cppflags)
testsuite_unit_test_abi_syscalls_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
testsuite_unit_test_abi_syscalls_LDADD = $(tables_test_ldadd)

testsuite_unit_test_args_constants_SOURCES = testsuite/unit/test-args-constants.c
testsuite_unit_test_args_constants_CPPFLAGS = $(tables_test_cppflags)
testsuite_unit_test_args_constants_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
testsuite_unit_test_args_constants_LDADD = $(tables_test_ldadd)
