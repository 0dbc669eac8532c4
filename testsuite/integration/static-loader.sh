#!/bin/sh
# The static build of zviz-load: linked with -static (as configure
# --enable-static-loader does) from the same sources, it needs no shared
# library and runs a bundle.  Built here without sanitizers, which cannot
# be linked statically.  Prints TAP.
set -u

CC=${CC:-cc}
srcdir=${srcdir:-.}
top_builddir=${top_builddir:-.}
ZVIZC=${ZVIZC:-zvizc}
BUSYBOX=${BUSYBOX:-/bin/busybox}
tmp=$(mktemp -d /tmp/zviz-static.XXXXXX) || exit 1
chmod 755 "$tmp"
trap 'rm -rf "$tmp"' EXIT INT TERM

echo "1..3"
libs=$(pkg-config --static --libs json-c)
if $CC -std=c11 -O2 -static -I"$top_builddir" -I"$srcdir/libzviz" -I"$srcdir/loader" \
	$(pkg-config --cflags json-c) -o "$tmp/zviz-load" \
	"$srcdir"/loader/*.c "$srcdir"/libzviz/*.c $libs > "$tmp/out" 2>&1; then
	echo "ok 1 - zviz-load links statically"
else
	echo "not ok 1 - zviz-load links statically"
	sed 's/^/# /' "$tmp/out"
fi
if ldd "$tmp/zviz-load" 2>&1 | grep -q "not a dynamic executable"; then
	echo "ok 2 - it needs no shared library"
else
	echo "not ok 2 - it needs no shared library"
fi
mkdir -p "$tmp/bundle/rootfs/bin" "$tmp/bundle/rootfs/proc" "$tmp/bundle/rootfs/sys" "$tmp/bundle/rootfs/dev"
cp "$BUSYBOX" "$tmp/bundle/rootfs/bin/busybox" && ln -s busybox "$tmp/bundle/rootfs/bin/sh"
cat > "$tmp/bundle/config.json" <<'JSON'
{ "ociVersion": "1.0.2",
  "process": { "user": { "uid": 0, "gid": 0 }, "args": [ "/bin/sh", "-c", "echo static-ok" ], "cwd": "/" },
  "root": { "path": "rootfs", "readonly": true } }
JSON
printf 'profile s { arch native; default allow; errno(EPERM) ptrace; }\n' > "$tmp/s.zp"
"$ZVIZC" "$tmp/s.zp" -o "$tmp/s.bin" > /dev/null 2>&1
if "$tmp/zviz-load" "$tmp/s.bin" "$tmp/bundle" > "$tmp/out" 2>&1 && grep -q "^static-ok$" "$tmp/out"; then
	echo "ok 3 - the static loader runs a bundle"
else
	echo "not ok 3 - the static loader runs a bundle"
	sed 's/^/# /' "$tmp/out"
fi
exit 0
