#!/bin/sh
# The zviz demo: compile the hostile-tenant profile, build a small bundle
# (a busybox-static rootfs), and run untrusted-looking commands in it,
# showing what the sandbox lets through and what it stops.  Exits 0 when
# every step behaved as the profile says.
set -u

ZVIZC=${ZVIZC:?} ZVIZ_LOAD=${ZVIZ_LOAD:?} PROFILES=${PROFILES:?}
BUSYBOX=${BUSYBOX:-/bin/busybox}
work=${DEMO_DIR:-demo-bundle}
failed=0

step() { printf '\n== %s\n' "$1"; }
run() {   # run WANT-STATUS PATTERN COMMAND...: in the sandbox, and say whether it went as expected
	want=$1 pattern=$2
	shift 2
	printf '$ %s\n' "$*"
	out=$("$ZVIZ_LOAD" "$work/policy.bin" "$work/bundle" -- "$@" 2>&1)
	got=$?
	printf '%s\n' "$out" | sed 's/^/  | /'
	if [ "$got" -eq "$want" ] && printf '%s\n' "$out" | sed 's/^/  | /' | grep -q -- "$pattern"; then
		printf '  -> as the profile says (exit %d)\n' "$got"
	else
		printf '  -> UNEXPECTED: exit %d, expected %d and "%s"\n' "$got" "$want" "$pattern"
		failed=1
	fi
}

step "compile and verify the hostile-tenant profile"
rm -rf "$work"
mkdir -p "$work/bundle/rootfs/bin" "$work/bundle/rootfs/etc" "$work/bundle/rootfs/tmp" \
	"$work/bundle/rootfs/workspace" "$work/bundle/rootfs/proc" "$work/bundle/rootfs/sys" \
	"$work/bundle/rootfs/dev"
chmod 755 "$work" "$work/bundle"
"$ZVIZC" -I "$PROFILES" "$PROFILES/hostile-tenant.zp" -o "$work/policy.bin" || exit 1

step "build a bundle: a busybox-static rootfs and a config.json"
cp "$BUSYBOX" "$work/bundle/rootfs/bin/busybox" || exit 1
for applet in sh id cat ls echo touch wc grep sleep mkdir; do
	ln -s busybox "$work/bundle/rootfs/bin/$applet"
done
echo "tenant:x:0:0:tenant:/workspace:/bin/sh" > "$work/bundle/rootfs/etc/passwd"
cat > "$work/bundle/config.json" <<'JSON'
{
	"ociVersion": "1.0.2",
	"process": {
		"user": { "uid": 0, "gid": 0 },
		"args": [ "/bin/sh" ],
		"env": [ "PATH=/bin" ],
		"cwd": "/workspace"
	},
	"root": { "path": "rootfs", "readonly": true },
	"hostname": "sandbox",
	"mounts": [
		{ "destination": "/tmp", "type": "tmpfs", "source": "tmpfs", "options": [ "nosuid", "nodev", "mode=1777" ] },
		{ "destination": "/workspace", "type": "tmpfs", "source": "tmpfs", "options": [ "nosuid", "nodev", "mode=1777" ] }
	]
}
JSON
echo "rootfs in $work/bundle/rootfs"

step "the workload runs as PID 1 of its own namespaces, as a root that is nobody outside"
run 0 "pid 1" sh -c 'echo "pid $$, uid $(id -u), host ids: $(cat /proc/self/uid_map)"'
step "it has no capabilities and cannot gain any"
run 0 "CapEff:.0000000000000000" sh -c 'grep -E "^(CapEff|CapBnd|NoNewPrivs|Seccomp):" /proc/self/status'
step "it can work in /workspace and /tmp"
run 0 "hello" sh -c 'echo hello > /workspace/note && cat /workspace/note'
step "it cannot write anywhere else (Landlock, read-only rootfs)"
run 1 "Read-only file system\|Permission denied" touch /etc/evil
step "no network: its own network namespace holds only loopback"
run 0 "^  | lo$" ls /sys/class/net
step "no new namespaces: unshare is not in the profile, so it kills (SIGSYS, 128+31)"
run 159 "" sh -c 'exec busybox unshare -U true'
step "a fork bomb meets the pids limit (64)"
run 2 "can't fork" sh -c 'i=0; while [ $i -lt 100 ]; do sleep 2 & i=$((i+1)); done'

echo
if [ "$failed" -eq 0 ]; then
	echo "demo: every step behaved as the profile says"
else
	echo "demo: some step did not behave as expected" >&2
fi
exit "$failed"
