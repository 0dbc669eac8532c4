#!/bin/sh
# The demo as a test: every step of demo/demo.sh must behave as the
# hostile-tenant profile says (the demo exits non-zero otherwise), and its
# report must name the layer that stopped each escape.  Prints TAP.
set -u
srcdir=${srcdir:-.}
tmp=$(mktemp -d /tmp/zviz-demo.XXXXXX) || exit 1
chmod 755 "$tmp"
trap 'rm -rf "$tmp"' EXIT INT TERM

echo "1..2"
PROFILES="$srcdir/profiles" DEMO_DIR="$tmp/demo" sh "$srcdir/demo/demo.sh" > "$tmp/out" 2>&1
status=$?
if [ "$status" -eq 0 ] && ! grep -q UNEXPECTED "$tmp/out"; then
	echo "ok 1 - every demo step behaves as the profile says"
else
	echo "not ok 1 - the demo exited $status"
	sed 's/^/# /' "$tmp/out"
fi
missing=""
for layer in "Landlock (EACCES)" "seccomp (SIGSYS)" "cgroup pids (EAGAIN)" "network namespace" \
	"read-only rootfs" "start-up: "; do
	grep -q "^ok .*$layer\|^$layer" "$tmp/out" || missing="$missing [$layer]"
done
if [ -z "$missing" ]; then
	echo "ok 2 - the report names each layer and the start-up time"
else
	echo "not ok 2 - the report lacks$missing"
fi
exit 0
