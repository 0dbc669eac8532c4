#!/bin/sh
# bubblewrap loads the raw program `zvizc -O bpf` writes (bwrap --seccomp FD)
# and a syscall the profile denies fails for real in the sandboxed command,
# while the same command without the filter succeeds.  Prints TAP.
set -u

ZVIZC=${ZVIZC:-zvizc}
tmp=$(mktemp -d /tmp/zviz-bwrap.XXXXXX) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() {
	n=$((n + 1))
	echo "not ok $n - $1"
	shift
	for f in "$@"; do sed 's/^/# /' "$f"; done
}

echo "1..4"

cat > "$tmp/deny-mkdir.zp" <<'PROFILE'
profile deny-mkdir {
    description "everything but creating directories";
    arch native;
    default allow;
    errno(EPERM) mkdir, mkdirat;
}
PROFILE

if "$ZVIZC" "$tmp/deny-mkdir.zp" -O bpf -o "$tmp/deny-mkdir.bpf" > "$tmp/compile.out" 2>&1 &&
   [ -s "$tmp/deny-mkdir.bpf" ] && [ $(( $(wc -c < "$tmp/deny-mkdir.bpf") % 8 )) -eq 0 ]; then
	ok "zvizc -O bpf writes a sock_filter array"
else
	not_ok "zvizc -O bpf writes a sock_filter array" "$tmp/compile.out"
fi

if ! command -v bwrap > /dev/null 2>&1; then
	echo "# bwrap not found (Debian package bubblewrap)" > "$tmp/nobwrap"
	not_ok "bwrap is installed" "$tmp/nobwrap"
	not_ok "the denied syscall fails under bwrap --seccomp" "$tmp/nobwrap"
	not_ok "the same command without the filter succeeds" "$tmp/nobwrap"
	exit 0
fi
ok "bwrap is installed"

run_bwrap() {
	bwrap --ro-bind / / --bind "$tmp" "$tmp" --dev /dev --unshare-all --die-with-parent "$@"
}

run_bwrap --seccomp 3 -- /bin/mkdir "$tmp/made-under-filter" 3< "$tmp/deny-mkdir.bpf" \
	> "$tmp/filtered.out" 2>&1
if [ ! -d "$tmp/made-under-filter" ] && grep -q "Operation not permitted" "$tmp/filtered.out"; then
	ok "the denied syscall fails under bwrap --seccomp"
else
	not_ok "the denied syscall fails under bwrap --seccomp" "$tmp/filtered.out"
fi

run_bwrap -- /bin/mkdir "$tmp/made-without-filter" > "$tmp/plain.out" 2>&1
if [ -d "$tmp/made-without-filter" ]; then
	ok "the same command without the filter succeeds"
else
	not_ok "the same command without the filter succeeds" "$tmp/plain.out"
fi
exit 0
