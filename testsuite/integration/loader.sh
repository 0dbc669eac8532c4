#!/bin/sh
# zviz-load end to end: a real bundle (a busybox-static rootfs and the
# static inspector) run under a compiled profile, checked from inside:
# namespaces, identity, capabilities, seccomp, Landlock, /proc, /sys, /dev,
# hostname, loopback, descriptors, exit status, signals, the wall clock,
# the loader's death, and refusal of bad input.  Prints TAP.
set -u

ZVIZC=${ZVIZC:-zvizc}
ZVIZ_LOAD=${ZVIZ_LOAD:-zviz-load}
INSPECTOR=${INSPECTOR:-inspector}
BUSYBOX=${BUSYBOX:-/bin/busybox}
srcdir=${srcdir:-.}
tmp=$(mktemp -d /tmp/zviz-load.XXXXXX) || exit 1
# Container root is an unprivileged host id: it must be able to reach the bundle.
chmod 755 "$tmp"
cleanup() {
	[ -n "${bg:-}" ] && kill -9 "$bg" 2> /dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

. "$srcdir/testsuite/common/stale-cgroups.sh"

n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() {
	n=$((n + 1))
	echo "not ok $n - $1"
	[ -f "$tmp/out" ] && sed 's/^/# /' "$tmp/out"
}
# expect NAME WANT-STATUS GREP-PATTERN ARGS...: run the workload ARGS
expect() {
	name=$1 want=$2 pattern=$3
	shift 3
	"$ZVIZ_LOAD" "$tmp/policy.bin" "$tmp/bundle" -- "$@" > "$tmp/out" 2>&1
	got=$?
	if [ "$got" -eq "$want" ] && { [ -z "$pattern" ] || grep -q -- "$pattern" "$tmp/out"; }; then
		ok "$name"
	else
		echo "exit status $got, expected $want; looked for: $pattern" >> "$tmp/out"
		not_ok "$name"
	fi
}

echo "1..58"

# ---- the bundle ----
root="$tmp/bundle/rootfs"
mkdir -p "$root/bin" "$root/etc" "$root/tmp" "$root/proc" "$root/sys" "$root/dev" "$root/workspace" \
	"$tmp/bundle/work"
chmod 1777 "$root/tmp"
chmod 0777 "$tmp/bundle/work"     # writable for DAC: only Landlock stands in the way
echo "root:x:0:0:root:/:/bin/sh" > "$root/etc/passwd"
if [ -x "$BUSYBOX" ] && cp "$BUSYBOX" "$root/bin/busybox" && cp "$INSPECTOR" "$root/bin/inspector"; then
	for applet in sh cat ls mkdir touch hostname sleep echo wc grep readlink stat; do
		ln -s busybox "$root/bin/$applet"
	done
	ok "a rootfs from busybox-static and the inspector"
else
	echo "no $BUSYBOX (Debian package busybox-static) or $INSPECTOR" > "$tmp/out"
	not_ok "a rootfs from busybox-static and the inspector"
fi
cat > "$tmp/bundle/config.json" <<'JSON'
{
	"ociVersion": "1.0.2",
	"process": {
		"terminal": false,
		"user": { "uid": 0, "gid": 0 },
		"args": [ "/bin/sh", "-c", "echo hello" ],
		"env": [ "PATH=/bin", "HOME=/" ],
		"cwd": "/"
	},
	"root": { "path": "rootfs", "readonly": true },
	"hostname": "zviz-test",
	"mounts": [
		{ "destination": "/tmp", "type": "tmpfs", "source": "tmpfs", "options": [ "nosuid", "nodev", "mode=1777" ] },
		{ "destination": "/workspace", "type": "bind", "source": "work", "options": [ "rbind", "rw", "nosuid" ] }
	]
}
JSON
cat > "$tmp/test.zp" <<'PROFILE'
profile loader-test {
    description "the loader's integration test";
    arch native;
    default allow;
    errno(EPERM) mkdir, mkdirat;
    kill ptrace;
    filesystem {
        execute "/bin";
        read "/etc", "/proc", "/sys", "/dev";
        write "/tmp";
        device "/dev/null";
    }
    network { namespace private; }
    capabilities none;
}
PROFILE
if "$ZVIZC" "$tmp/test.zp" -o "$tmp/policy.bin" > "$tmp/out" 2>&1; then
	ok "the test profile compiles"
else
	not_ok "the test profile compiles"
fi

# ---- the workload's view ----
expect "the workload runs and its output reaches us" 0 "^hello$" /bin/sh -c 'echo hello'
expect "it is PID 1" 0 "^1$" /bin/sh -c 'echo $$'
expect "container root is an unprivileged host id" 0 "^ *0 *100000 *65536$" cat /proc/self/uid_map
expect "idmapped rootfs: host-root files show as owned by container root" 0 "^0 0$" \
	stat -c "%u %g" /bin/busybox
expect "no capabilities in any set" 0 "^0000000000000000 0000000000000000 0000000000000000 0000000000000000 0000000000000000$" \
	/bin/sh -c 'echo $(grep -E "^Cap(Inh|Prm|Eff|Bnd|Amb):" /proc/self/status | while read k v; do echo $v; done)'
expect "no_new_privs is set" 0 "^NoNewPrivs:.1" grep NoNewPrivs /proc/self/status
expect "a seccomp filter is on" 0 "^Seccomp:.2" grep "^Seccomp:" /proc/self/status
expect "a denied syscall returns the profile's errno" 1 "Operation not permitted" mkdir /tmp/nope
expect "a killed syscall kills (SIGSYS)" 159 "" inspector syscall 101
expect "Landlock: writing where only DAC allows it fails" 1 "Permission denied" touch /workspace/nope
expect "Landlock: writing to a writable path works" 0 "^done$" /bin/sh -c 'echo x > /tmp/f && echo done'
expect "Landlock: reading a readable path works" 0 "^root:" cat /etc/passwd
expect "a masked /proc path reads as empty" 0 "^0$" /bin/sh -c 'wc -c < /proc/timer_list'
expect "/proc/sys is read-only" 1 "Read-only file system" /bin/sh -c 'echo 1 > /proc/sys/kernel/domainname'
expect "/sys is read-only" 1 "Read-only file system" touch /sys/nope
expect "/dev holds the usual devices" 0 "full null ptmx pts random shm stderr stdin stdout tty urandom zero" \
	/bin/sh -c 'echo $(ls /dev | grep -v -e fd -e mqueue)'
expect "the rootfs is read-only" 1 "Read-only file system" touch /nope
expect "the hostname is the bundle's" 0 "^zviz-test$" hostname
expect "loopback is up" 0 "^0x9$" cat /sys/class/net/lo/flags
expect "only descriptors 0, 1 and 2 are open" 0 "^0 1 2$" /bin/sh -c 'echo $(inspector fds)'
expect "the workload's exit status is the loader's" 42 "" /bin/sh -c 'exit 42'
"$ZVIZ_LOAD" --timeout 1 "$tmp/policy.bin" "$tmp/bundle" -- sleep 30 > "$tmp/out" 2>&1
[ $? -eq 137 ] && ok "the wall clock kills (137)" || not_ok "the wall clock kills (137)"

# ---- signals and the loader's death ----
"$ZVIZ_LOAD" "$tmp/policy.bin" "$tmp/bundle" -- /bin/sh -c 'trap "exit 7" TERM; while :; do sleep 0.1; done' \
	> "$tmp/out" 2>&1 &
bg=$!
sleep 1
kill -TERM "$bg"
wait "$bg"
status=$?
bg=
[ "$status" -eq 7 ] && ok "SIGTERM is forwarded to the workload" || not_ok "SIGTERM is forwarded to the workload"

# PID 1 without a handler does not see a forwarded SIGTERM; --init passes it on.
"$ZVIZ_LOAD" --timeout 3 "$tmp/policy.bin" "$tmp/bundle" -- sleep 30 > "$tmp/out" 2>&1 &
bg=$!
sleep 1
kill -TERM "$bg"
wait "$bg"
status=$?
bg=
[ "$status" -eq 137 ] && ok "without --init, PID 1 ignores SIGTERM (the wall clock ends it)" \
	|| { echo "exit status $status" > "$tmp/out"; not_ok "without --init, PID 1 ignores SIGTERM (the wall clock ends it)"; }
"$ZVIZ_LOAD" --init --timeout 20 "$tmp/policy.bin" "$tmp/bundle" -- sleep 30 > "$tmp/out" 2>&1 &
bg=$!
sleep 1
kill -TERM "$bg"
wait "$bg"
status=$?
bg=
[ "$status" -eq 143 ] && ok "with --init, SIGTERM reaches the workload (143)" \
	|| { echo "exit status $status" >> "$tmp/out"; not_ok "with --init, SIGTERM reaches the workload (143)"; }

"$ZVIZ_LOAD" "$tmp/policy.bin" "$tmp/bundle" -- sleep 4711 > "$tmp/out" 2>&1 &
bg=$!
sleep 1
kill -KILL "$bg"
wait "$bg" 2> /dev/null
bg=
sleep 1
if pgrep -f "sleep 4711" > /dev/null; then
	pkill -9 -f "sleep 4711"
	not_ok "killing the loader kills the sandbox"
else
	ok "killing the loader kills the sandbox"
fi

# ---- Landlock TCP port rules ----
sed -e 's/profile loader-test {/profile ports {/' -e 's/network { namespace private; }/network { namespace private; bind tcp 8080; }/' \
	"$tmp/test.zp" > "$tmp/ports.zp"
"$ZVIZC" "$tmp/ports.zp" -o "$tmp/ports.bin" > /dev/null 2>&1
"$ZVIZ_LOAD" "$tmp/ports.bin" "$tmp/bundle" -- /bin/sh -c 'inspector bind 8080; inspector bind 8081' \
	> "$tmp/out" 2>&1
if grep -q "^ok$" "$tmp/out" && grep -q "^EACCES$" "$tmp/out"; then
	ok "Landlock: binding the declared port works, another is refused (EACCES)"
else
	not_ok "Landlock: binding the declared port works, another is refused (EACCES)"
fi

# ---- limits: cgroups ----
sed -e 's/profile loader-test {/profile limited {/' \
    -e 's/    capabilities none;/    capabilities none;\n    limits { pids 16; memory 64M; swap 0; }/' \
    "$tmp/test.zp" > "$tmp/limited.zp"
if "$ZVIZC" "$tmp/limited.zp" -o "$tmp/limited.bin" > "$tmp/out" 2>&1; then
	ok "a profile with limits compiles"
else
	not_ok "a profile with limits compiles"
fi
"$ZVIZ_LOAD" "$tmp/limited.bin" "$tmp/bundle" -- /bin/sh -c \
	'i=0; while [ $i -lt 40 ]; do sleep 3 & i=$((i + 1)); done; wait' > "$tmp/out" 2>&1
grep -q "Resource temporarily unavailable" "$tmp/out" && ok "the pids limit stops forks (EAGAIN)" \
	|| not_ok "the pids limit stops forks (EAGAIN)"
"$ZVIZ_LOAD" "$tmp/limited.bin" "$tmp/bundle" -- inspector alloc 512 > "$tmp/out" 2>&1
status=$?
[ "$status" -eq 137 ] && grep -q "memory limit" "$tmp/out" && ok "the memory limit kills (137)" \
	|| { echo "exit status $status" >> "$tmp/out"; not_ok "the memory limit kills (137)"; }
if [ -z "$(stale_cgroups)" ]; then
	ok "no cgroup is left behind"
else
	stale_cgroups > "$tmp/out"
	not_ok "no cgroup is left behind"
fi

# ---- process.terminal: a pty of the container's own, relayed ----
rm -rf "$tmp/tty" && mkdir -p "$tmp/tty" && cp -r "$tmp/bundle/rootfs" "$tmp/bundle/work" "$tmp/tty/" &&
	sed 's/"terminal": false/"terminal": true/' "$tmp/bundle/config.json" > "$tmp/tty/config.json"
"$ZVIZ_LOAD" "$tmp/policy.bin" "$tmp/tty" -- /bin/sh -c 'tty; [ -t 0 ] && [ -t 1 ] && echo on-a-terminal' \
	< /dev/null > "$tmp/out" 2>&1
if [ $? -eq 0 ] && grep -q "^/dev/pts/0" "$tmp/out" && grep -q "on-a-terminal" "$tmp/out"; then
	ok "terminal: the workload has a pty of its own as its terminal"
else
	not_ok "terminal: the workload has a pty of its own as its terminal"
fi

# ---- network { namespace given; }: join the namespace config.json names ----
unshare --net sleep 60 &
holder=$!
sleep 0.5
sed -e 's/profile loader-test {/profile given {/' -e 's/namespace private;/namespace given;/' \
	"$tmp/test.zp" > "$tmp/given.zp"
"$ZVIZC" "$tmp/given.zp" -o "$tmp/given.bin" > /dev/null 2>&1
rm -rf "$tmp/netns" && mkdir -p "$tmp/netns" && cp -r "$tmp/bundle/rootfs" "$tmp/bundle/work" "$tmp/netns/" &&
	sed "s|\"hostname\": \"zviz-test\",|\"hostname\": \"zviz-test\", \"linux\": { \"namespaces\": [ { \"type\": \"network\", \"path\": \"/proc/$holder/ns/net\" } ] },|" \
		"$tmp/bundle/config.json" > "$tmp/netns/config.json"
want=$(readlink "/proc/$holder/ns/net")
"$ZVIZ_LOAD" "$tmp/given.bin" "$tmp/netns" -- readlink /proc/self/ns/net > "$tmp/out" 2>&1
if [ $? -eq 0 ] && grep -qxF "$want" "$tmp/out"; then
	ok "network given: the workload joins the namespace config.json names"
else
	echo "wanted $want" >> "$tmp/out"
	not_ok "network given: the workload joins the namespace config.json names"
fi
"$ZVIZ_LOAD" "$tmp/policy.bin" "$tmp/netns" -- readlink /proc/self/ns/net > "$tmp/out" 2>&1
if [ $? -eq 0 ] && ! grep -qxF "$want" "$tmp/out"; then
	ok "network private: a namespace named in config.json is not joined"
else
	not_ok "network private: a namespace named in config.json is not joined"
fi
kill "$holder" 2> /dev/null
wait "$holder" 2> /dev/null

# ---- bundles made by other tools run unchanged ----
spec_bundle() {   # spec_bundle NAME CONFIG: CONFIG (a runtime's default config.json) on our rootfs
	rm -rf "$tmp/spec" && mkdir -p "$tmp/spec" && cp -r "$tmp/bundle/rootfs" "$tmp/spec/" &&
		cp "$2" "$tmp/spec/config.json"
	"$ZVIZ_LOAD" "$tmp/policy.bin" "$tmp/spec" -- /bin/sh -c 'echo ran; tty' < /dev/null > "$tmp/out" 2>&1
	if [ $? -eq 0 ] && grep -q "^ran" "$tmp/out"; then
		ok "$1"
	else
		not_ok "$1"
	fi
}
spec_bundle "a crun spec bundle runs unchanged (terminal, read-only cgroup mount)" \
	"$srcdir/testsuite/data/bundles/crun-spec/config.json"
# crun's config mounts proc with no options: the loader's floor (nosuid,
# nodev, noexec) holds anyway; devpts, mqueue and the cgroup view are there.
cp "$srcdir/testsuite/data/bundles/crun-spec/config.json" "$tmp/spec/config.json"
"$ZVIZ_LOAD" "$tmp/policy.bin" "$tmp/spec" -- cat /proc/self/mountinfo < /dev/null 2>&1 |
	awk '{ print $5, $6, $(NF - 2) }' > "$tmp/out"
if grep -q "^/proc [a-z,]*nosuid,nodev,noexec[a-z,]* proc$" "$tmp/out" &&
	grep -q "^/dev/pts .* devpts$" "$tmp/out" && grep -q "^/dev/mqueue .* mqueue$" "$tmp/out" &&
	grep -q "^/sys/fs/cgroup ro,.* cgroup2\{0,1\}$\|^/sys/fs/cgroup ro,.* tmpfs$" "$tmp/out"; then
	ok "crun spec mounts: proc nosuid,nodev,noexec anyway; devpts, mqueue, read-only cgroup"
else
	not_ok "crun spec mounts: proc nosuid,nodev,noexec anyway; devpts, mqueue, read-only cgroup"
fi
spec_bundle "a runc-spec-like bundle runs unchanged" "$srcdir/testsuite/data/bundles/runc-spec/config.json"

# ---- rootless: the loader run by an unprivileged user ----
if setpriv --reuid=65534 --regid=65534 --clear-groups "$ZVIZ_LOAD" "$tmp/policy.bin" "$tmp/bundle" -- \
	cat /proc/self/uid_map > "$tmp/out" 2>&1 && grep -q "^ *0 *65534 *1$" "$tmp/out"; then
	ok "rootless: the caller is the only id inside, as root"
else
	not_ok "rootless: the caller is the only id inside, as root"
fi
setpriv --reuid=65534 --regid=65534 --clear-groups "$ZVIZ_LOAD" "$tmp/limited.bin" "$tmp/bundle" -- true \
	> "$tmp/out" 2>&1
[ $? -eq 125 ] && grep -q "cgroup" "$tmp/out" && ok "rootless: limits it cannot enforce stop the start (125)" \
	|| not_ok "rootless: limits it cannot enforce stop the start (125)"

# linux.resources may tighten the profile's limits: a pids limit of 4 from config.json.
rm -rf "$tmp/res" && mkdir -p "$tmp/res" && cp -r "$tmp/bundle/rootfs" "$tmp/bundle/work" "$tmp/res/" &&
	sed 's|"hostname": "zviz-test",|"hostname": "zviz-test", "linux": { "resources": { "pids": { "limit": 4 } } },|' \
		"$tmp/bundle/config.json" > "$tmp/res/config.json"
"$ZVIZ_LOAD" "$tmp/limited.bin" "$tmp/res" -- /bin/sh -c \
	'i=0; while [ $i -lt 10 ]; do sleep 2 & i=$((i + 1)); done; wait' > "$tmp/out" 2>&1
grep -q "Resource temporarily unavailable" "$tmp/out" && ok "config.json's lower pids limit wins" \
	|| not_ok "config.json's lower pids limit wins"

# A loader killed outright cannot clean up; the next start removes what it left.
"$ZVIZ_LOAD" "$tmp/limited.bin" "$tmp/bundle" -- sleep 4712 > "$tmp/out" 2>&1 &
bg=$!
sleep 1
kill -KILL "$bg"
wait "$bg" 2> /dev/null
bg=
sleep 0.5
"$ZVIZ_LOAD" "$tmp/limited.bin" "$tmp/bundle" -- /bin/sh -c : > "$tmp/out" 2>&1 || echo "the next start failed" >> "$tmp/out"
if [ -z "$(stale_cgroups)" ] && ! pgrep -f "sleep 4712" > /dev/null &&
   ! grep -q "next start failed" "$tmp/out"; then
	ok "what a killed loader left is removed by the next start"
else
	stale_cgroups >> "$tmp/out"
	pkill -9 -f "sleep 4712"
	not_ok "what a killed loader left is removed by the next start"
fi

setpriv --reuid=65534 --regid=65534 --clear-groups "$ZVIZ_LOAD" --best-effort "$tmp/limited.bin" "$tmp/bundle" \
	-- /bin/sh -c 'echo ran' > "$tmp/out" 2>&1
[ $? -eq 0 ] && grep -q "best effort: running without" "$tmp/out" && grep -q "^ran" "$tmp/out" \
	&& ok "--best-effort runs without limits it cannot enforce, and says so" \
	|| not_ok "--best-effort runs without limits it cannot enforce, and says so"

# ---- id mappings and groups from config.json ----
rm -rf "$tmp/ids" && mkdir -p "$tmp/ids" && cp -r "$tmp/bundle/rootfs" "$tmp/bundle/work" "$tmp/ids/" &&
	sed -e 's|"hostname": "zviz-test",|"hostname": "zviz-test", "linux": { "uidMappings": [ { "containerID": 0, "hostID": 300000, "size": 65536 } ], "gidMappings": [ { "containerID": 0, "hostID": 300000, "size": 65536 } ], "maskedPaths": [ "/etc/passwd" ] },|' \
	    -e 's|"user": { "uid": 0, "gid": 0 }|"user": { "uid": 0, "gid": 0, "additionalGids": [ 5, 7 ] }|' \
		"$tmp/bundle/config.json" > "$tmp/ids/config.json"
"$ZVIZ_LOAD" "$tmp/policy.bin" "$tmp/ids" -- cat /proc/self/uid_map > "$tmp/out" 2>&1
[ $? -eq 0 ] && grep -q "^ *0 *300000 *65536$" "$tmp/out" && ok "uidMappings from config.json" \
	|| not_ok "uidMappings from config.json"
"$ZVIZ_LOAD" "$tmp/policy.bin" "$tmp/ids" -- /bin/sh -c 'grep ^Groups: /proc/self/status; wc -c < /etc/passwd' \
	> "$tmp/out" 2>&1
[ $? -eq 0 ] && grep -q "^Groups:.5 7" "$tmp/out" && grep -q "^0$" "$tmp/out" \
	&& ok "additionalGids and maskedPaths from config.json" \
	|| not_ok "additionalGids and maskedPaths from config.json"

# ---- options ----
parent="zviz-test-parent-$$"
for h in unified memory pids; do mkdir "/sys/fs/cgroup/$h/$parent" 2> /dev/null; done
"$ZVIZ_LOAD" --cgroup-parent "/$parent" "$tmp/limited.bin" "$tmp/bundle" -- /bin/sh -c 'cat /proc/self/cgroup' \
	> "$tmp/out" 2>&1
status=$?
for h in unified memory pids; do rmdir "/sys/fs/cgroup/$h/$parent" 2> /dev/null; done
# (inside its own cgroup namespace the workload sees its cgroup as "/"; the
# loader exiting 0 with the parent removable afterwards shows it went there)
if [ "$status" -eq 0 ] && [ ! -d "/sys/fs/cgroup/pids/$parent" ]; then
	ok "--cgroup-parent puts the sandbox's cgroup under the given one"
else
	echo "exit status $status" >> "$tmp/out"
	not_ok "--cgroup-parent puts the sandbox's cgroup under the given one"
fi
"$ZVIZ_LOAD" --verbose "$tmp/limited.bin" "$tmp/bundle" -- /bin/sh -c : > "$tmp/out" 2>&1
[ $? -eq 0 ] && grep -q "zviz-load: " "$tmp/out" && ok "--verbose says what it does" || not_ok "--verbose says what it does"
"$ZVIZ_LOAD" --version > "$tmp/out" 2>&1 && grep -q "^zviz-load " "$tmp/out" && ok "--version" || not_ok "--version"
"$ZVIZ_LOAD" --help > "$tmp/out" 2>&1 && grep -q "\-\-best-effort" "$tmp/out" && ok "--help" || not_ok "--help"

# ---- bad input: exit 125, a reason, nothing started ----
mkdir -p "$tmp/empty"
"$ZVIZ_LOAD" "$tmp/policy.bin" "$tmp/empty" > "$tmp/out" 2>&1
[ $? -eq 125 ] && grep -q "config.json" "$tmp/out" && ok "a bundle without config.json: 125" \
	|| not_ok "a bundle without config.json: 125"
head -c 100 "$tmp/policy.bin" > "$tmp/cut.bin"
"$ZVIZ_LOAD" "$tmp/cut.bin" "$tmp/bundle" > "$tmp/out" 2>&1
[ $? -eq 125 ] && grep -q "truncated" "$tmp/out" && ok "a truncated policy.bin: 125" \
	|| not_ok "a truncated policy.bin: 125"
bad_bundle() {   # bad_bundle NAME SED-EXPRESSION PATTERN: config.json edited, must be refused
	rm -rf "$tmp/bad" && mkdir -p "$tmp/bad" && cp -r "$tmp/bundle/rootfs" "$tmp/bundle/work" "$tmp/bad/" &&
		sed "$2" "$tmp/bundle/config.json" > "$tmp/bad/config.json"
	"$ZVIZ_LOAD" "$tmp/policy.bin" "$tmp/bad" -- /bin/sh -c 'echo started' > "$tmp/out" 2>&1
	if [ $? -eq 125 ] && grep -q -- "$3" "$tmp/out" && ! grep -q started "$tmp/out"; then
		ok "$1"
	else
		not_ok "$1"
	fi
}
bad_bundle "a malformed config.json: 125, with line and column" 's|"cwd": "/"|"cwd": "/|' "line [0-9]*, column [0-9]*"
bad_bundle "a missing rootfs: 125" 's|"path": "rootfs"|"path": "no-such-rootfs"|' "no-such-rootfs"
bad_bundle "an escaping mount destination: 125" 's|"destination": "/workspace"|"destination": "/a/../../etc"|' '\.\.'
bad_bundle "a relative mount destination: 125" 's|"destination": "/workspace"|"destination": "workspace"|' "not absolute"
cp "$tmp/policy.bin" "$tmp/flipped.bin"
printf '\377' | dd of="$tmp/flipped.bin" bs=1 seek=300 conv=notrunc 2> /dev/null
"$ZVIZ_LOAD" "$tmp/flipped.bin" "$tmp/bundle" > "$tmp/out" 2>&1
[ $? -eq 125 ] && grep -q "checksum" "$tmp/out" && ok "a corrupt policy.bin: 125" \
	|| not_ok "a corrupt policy.bin: 125"
cp "$tmp/policy.bin" "$tmp/v2.bin"
printf '\002' | dd of="$tmp/v2.bin" bs=1 seek=8 conv=notrunc 2> /dev/null
"$ZVIZ_LOAD" "$tmp/v2.bin" "$tmp/bundle" -- /bin/sh -c 'echo started' > "$tmp/out" 2>&1
[ $? -eq 125 ] && grep -q "format version 2" "$tmp/out" && ! grep -q started "$tmp/out" &&
	ok "a policy.bin of another format version: 125" || not_ok "a policy.bin of another format version: 125"
exit 0
