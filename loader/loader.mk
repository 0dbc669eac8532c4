# zviz-load: the loader, and its integration test.  Included by the top
# Makefile.am after the bundle and cgroup fragments.  The loader links no
# libseccomp and no profile parser: libzviz, json-c and its own modules.

bin_PROGRAMS += loader/zviz-load
loader_zviz_load_SOURCES = \
	loader/zviz-load.c \
	loader/landlock.c loader/landlock.h \
	loader/launch.h \
	loader/launch-build.c loader/launch-build.h \
	loader/privileges.c loader/privileges.h \
	loader/rootfs.c loader/rootfs.h \
	loader/sandbox.c loader/sandbox.h
loader_zviz_load_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/loader $(JSONC_CFLAGS)
loader_zviz_load_LDADD = loader/libzvizload-bundle.a loader/libzvizload-cgroup.a libzviz/libzviz.a \
	$(ZVIZ_LOAD_LIBS)
loader_zviz_load_LDFLAGS = $(AM_LDFLAGS) $(ZVIZ_LOAD_LDFLAGS)

man_MANS += doc/zviz-load.1
EXTRA_DIST += doc/zviz-load.1.in
CLEANFILES += doc/zviz-load.1
doc/zviz-load.1: Makefile $(srcdir)/doc/zviz-load.1.in
	@$(MKDIR_P) doc
	$(AM_V_GEN)sed -e 's|@VERSION@|$(PACKAGE_VERSION)|g' $(srcdir)/doc/zviz-load.1.in > $@

# The program the loader's tests run inside the sandbox: static, so it
# needs nothing from the test rootfs (and no sanitizer runtime).
noinst_PROGRAMS = testsuite/integration/inspector
testsuite_integration_inspector_SOURCES = testsuite/integration/inspector.c
testsuite_integration_inspector_CFLAGS = -std=c11 -O2 $(ZVIZ_WARN_CFLAGS)
testsuite_integration_inspector_LDFLAGS = -static

TESTS += testsuite/integration/loader.sh testsuite/integration/static-loader.sh
EXTRA_DIST += testsuite/integration/loader.sh testsuite/integration/static-loader.sh \
	testsuite/bench/loader-startup.sh testsuite/common/stale-cgroups.sh
