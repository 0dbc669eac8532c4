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

step() { title=$1; printf '\n== %s\n' "$1"; }
run() {   # run WANT-STATUS PATTERN LAYER COMMAND...: in the sandbox, and say whether it went as expected
	want=$1 pattern=$2 layer=$3
	shift 3
	printf '$ %s\n' "$*"
	out=$("$ZVIZ_LOAD" "$work/policy.bin" "$work/bundle" -- "$@" 2>&1)
	got=$?
	printf '%s\n' "$out" | sed 's/^/  | /'
	if [ "$got" -eq "$want" ] && printf '%s\n' "$out" | sed 's/^/  | /' | grep -q -- "$pattern"; then
		printf '  -> as the profile says (exit %d)\n' "$got"
		verdict=ok
	else
		printf '  -> UNEXPECTED: exit %d, expected %d and "%s"\n' "$got" "$want" "$pattern"
		verdict=UNEXPECTED
		failed=1
	fi
	printf '%-10s  %-28s  %s\n' "$verdict" "$layer" "$title" >> "$work/report"
}

# now_us: microseconds since the epoch (GNU date)
now_us() { echo $(( $(date +%s%N) / 1000 )); }

step "compile and verify the hostile-tenant profile"
rm -rf "$work"
mkdir -p "$work"
: > "$work/report"
mkdir -p "$work/bundle/rootfs/bin" "$work/bundle/rootfs/etc" "$work/bundle/rootfs/tmp" \
	"$work/bundle/rootfs/workspace" "$work/bundle/rootfs/proc" "$work/bundle/rootfs/sys" \
	"$work/bundle/rootfs/dev"
chmod 755 "$work" "$work/bundle"
"$ZVIZC" -I "$PROFILES" "$PROFILES/hostile-tenant.zp" -o "$work/policy.bin" || exit 1

step "build a bundle: a busybox-static rootfs and a config.json"
cp "$BUSYBOX" "$work/bundle/rootfs/bin/busybox" || exit 1
for applet in sh id cat cp ls echo touch true wc grep sleep mkdir; do
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

step "useful work: the primes below 60, computed by a shell script"
run 0 "2 3 5 7 11 13 17 19 23 29 31 37 41 43 47 53 59" "allowed" sh -c '
	primes=""; n=2
	while [ $n -lt 60 ]; do
		d=2; prime=1
		while [ $((d * d)) -le $n ]; do [ $((n % d)) -eq 0 ] && { prime=0; break; }; d=$((d + 1)); done
		[ $prime -eq 1 ] && primes="$primes $n"
		n=$((n + 1))
	done
	echo $primes'
step "the workload runs as PID 1 of its own namespaces, as a root that is nobody outside"
run 0 "pid 1" "user+pid namespaces" sh -c 'echo "pid $$, uid $(id -u), host ids: $(cat /proc/self/uid_map)"'
step "it has no capabilities and cannot gain any"
run 0 "CapEff:.0000000000000000" "capabilities, no_new_privs" sh -c 'grep -E "^(CapEff|CapBnd|NoNewPrivs|Seccomp):" /proc/self/status'
step "it can work in /workspace and /tmp"
run 0 "hello" "allowed" sh -c 'echo hello > /workspace/note && cat /workspace/note'
step "it cannot write to its root filesystem"
run 1 "Read-only file system\|Permission denied" "read-only rootfs (mount)" touch /etc/evil
step "it cannot run a program it wrote (Landlock: execute only from /bin, /usr, /lib)"
run 126 "Permission denied" "Landlock (EACCES)" sh -c 'cp /bin/busybox /workspace/tool && exec /workspace/tool true'
step "no network: its own network namespace holds only loopback"
run 0 "^  | lo$" "network namespace" ls /sys/class/net
step "no new namespaces: unshare is not in the profile, so it kills (SIGSYS, 128+31)"
run 159 "" "seccomp (SIGSYS)" sh -c 'exec busybox unshare -U true'
step "a fork bomb meets the pids limit (64)"
run 2 "can't fork" "cgroup pids (EAGAIN)" sh -c 'i=0; while [ $i -lt 100 ]; do sleep 2 & i=$((i+1)); done'

step "start-up: 10 runs of true, natively and under zviz-load"
start=$(now_us)
for i in 1 2 3 4 5 6 7 8 9 10; do "$work/bundle/rootfs/bin/busybox" true; done
native_us=$(( ($(now_us) - start) / 10 ))
start=$(now_us)
for i in 1 2 3 4 5 6 7 8 9 10; do
	"$ZVIZ_LOAD" "$work/policy.bin" "$work/bundle" -- true || { echo "  -> UNEXPECTED: true failed"; failed=1; }
done
sandbox_us=$(( ($(now_us) - start) / 10 ))
printf '  native exec %d.%03d ms, zviz-load (namespaces, rootfs, Landlock, cgroups, seccomp) %d.%03d ms\n' \
	$((native_us / 1000)) $((native_us % 1000)) $((sandbox_us / 1000)) $((sandbox_us % 1000))

step "report"
printf '%-10s  %-28s  %s\n' "outcome" "layer" "step"
cat "$work/report"
printf 'start-up: %d.%03d ms per sandboxed run (native exec %d.%03d ms)\n' \
	$((sandbox_us / 1000)) $((sandbox_us % 1000)) $((native_us / 1000)) $((native_us % 1000))

echo
if [ "$failed" -eq 0 ]; then
	echo "demo: every step behaved as the profile says"
else
	echo "demo: some step did not behave as expected" >&2
fi
exit "$failed"
