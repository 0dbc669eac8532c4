# loader/cgroup.mk - zviz-load's cgroups module (loader/cgroup.c), its unit
# test on fake cgroup trees, and the test that the limits are enforced for
# real on this host; included by the top Makefile.am.

noinst_LIBRARIES += loader/libzvizload-cgroup.a
loader_libzvizload_cgroup_a_SOURCES = loader/cgroup.c loader/cgroup.h
loader_libzvizload_cgroup_a_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/loader

cgroup_test_cppflags = $(AM_CPPFLAGS) -I$(top_srcdir)/loader -I$(top_srcdir)/testsuite/common
cgroup_test_ldadd = loader/libzvizload-cgroup.a libzviz/libzviz.a $(CMOCKA_LIBS)

check_PROGRAMS += testsuite/unit/test-cgroup testsuite/integration/cgroup-enforce

testsuite_unit_test_cgroup_SOURCES = testsuite/unit/test-cgroup.c testsuite/common/ci-skip.h
testsuite_unit_test_cgroup_CPPFLAGS = $(cgroup_test_cppflags)
testsuite_unit_test_cgroup_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
testsuite_unit_test_cgroup_LDADD = $(cgroup_test_ldadd)

# Creates cgroups under its own, runs processes in them and checks that
# the kernel enforces the limits; needs root (in CI it fails, never skips).
testsuite_integration_cgroup_enforce_SOURCES = testsuite/integration/cgroup-enforce.c \
	testsuite/common/ci-skip.h
testsuite_integration_cgroup_enforce_CPPFLAGS = $(cgroup_test_cppflags)
testsuite_integration_cgroup_enforce_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
testsuite_integration_cgroup_enforce_LDADD = $(cgroup_test_ldadd)
