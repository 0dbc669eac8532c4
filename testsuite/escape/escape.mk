# The escape-probe suite: a static program of escape attempts, run inside
# zviz-load under each built-in profile by run-probes.sh, whose verdicts are
# compared with expected/PROFILE.txt.  Included by the top Makefile.am.

# Static, so it needs nothing from the test rootfs (and so no sanitizers:
# their runtimes cannot be linked statically).
noinst_PROGRAMS += testsuite/escape/probe
testsuite_escape_probe_SOURCES = testsuite/escape/probe.c
testsuite_escape_probe_CFLAGS = -std=c11 -O2 $(ZVIZ_WARN_CFLAGS)
testsuite_escape_probe_LDFLAGS = -static

TESTS += testsuite/escape/run-probes.sh
EXTRA_DIST += testsuite/escape/run-probes.sh \
	testsuite/escape/expected/batch-job.txt \
	testsuite/escape/expected/ci-runner.txt \
	testsuite/escape/expected/development.txt \
	testsuite/escape/expected/hostile-tenant.txt \
	testsuite/escape/expected/web-server.txt
AM_TESTS_ENVIRONMENT += PROBE='$(abs_top_builddir)/testsuite/escape/probe'; export PROBE;
