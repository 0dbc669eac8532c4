# zvizc reports on a decoded policy: `zvizc explain` (a policy in words,
# its decision table and the BPF program disassembled) and `zvizc diff`
# (what changed between two policies).  Included by the top Makefile.am.

noinst_LIBRARIES += compiler/libzvizc-report.a
compiler_libzvizc_report_a_SOURCES = \
	compiler/diff.c compiler/diff.h \
	compiler/disasm.c compiler/disasm.h \
	compiler/explain.c compiler/explain.h

# Unit tests.
check_PROGRAMS += testsuite/unit/test-explain-diff

testsuite_unit_test_explain_diff_SOURCES = testsuite/unit/test-explain-diff.c \
	testsuite/common/sample-policy.c testsuite/common/sample-policy.h
testsuite_unit_test_explain_diff_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/testsuite/common
testsuite_unit_test_explain_diff_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
testsuite_unit_test_explain_diff_LDADD = compiler/libzvizc-report.a compiler/libzvizc.a \
	compiler/libzvizc-tables.a libzviz/libzviz.a $(YAML_LIBS) $(SECCOMP_LIBS) $(CMOCKA_LIBS)
