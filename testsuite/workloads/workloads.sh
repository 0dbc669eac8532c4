#!/bin/sh
# Real programs under the built-in profiles, with the host's /usr bound
# read-only into the bundle: a shell pipeline, python3 snippets, gcc
# compiling and running hello.c, make, sqlite3 and git under ci-runner; the
# shell pipeline and the python3 snippets under hostile-tenant.  Each
# must print exactly what it prints natively.  Prints TAP.
set -u

ZVIZC=${ZVIZC:-zvizc}
ZVIZ_LOAD=${ZVIZ_LOAD:-zviz-load}
srcdir=${srcdir:-.}
tmp=$(mktemp -d /tmp/zviz-workloads.XXXXXX) || exit 1
chmod 755 "$tmp"
trap 'rm -rf "$tmp"' EXIT INT TERM

shell_script='for i in 3 1 2; do echo "line $i"; done | sort | tr a-z A-Z | wc -l; echo done'
python_snippet='import json, re, math, subprocess
print(json.dumps({"pi": round(math.pi, 5), "words": re.findall(r"[a-z]+", "zviz runs code")}))
print(subprocess.run(["echo", "from a child"], capture_output=True, text=True).stdout.strip())'
gcc_hello='printf "#include <stdio.h>\nint main(void) { puts(\"hello from gcc\"); return 0; }\n" > hello.c &&
gcc -O2 -o hello hello.c && ./hello'
make_run='printf "all: out.txt\n\t@cat out.txt\nout.txt:\n\t@echo made > out.txt\n" > Makefile && make -s'
git_run='git init -q repo && cd repo && echo hi > f && git add f &&
git -c user.name=zviz -c user.email=zviz@localhost commit -qm first && git log --format=%s && git status --short | wc -l'
sqlite_run='sqlite3 :memory: "create table t(x); insert into t values (41), (1); select sum(x) + 0 from t;"'

n=0
echo "1..10"
for p in ci-runner hostile-tenant; do
	"$ZVIZC" -I "$srcdir/profiles" "$srcdir/profiles/$p.zp" -o "$tmp/$p.bin" > "$tmp/compile.out" 2>&1 ||
		{ echo "Bail out! $p does not compile"; cat "$tmp/compile.out"; exit 1; }
done

# run PROFILE NAME COMMAND: natively in a scratch directory, then in the sandbox; same output?
run() {
	profile=$1 name=$2 cmd=$3
	n=$((n + 1))
	# Natively without what "make check" exports (MAKELEVEL and friends
	# would make the inner make announce its directory).
	mkdir -p "$tmp/native-$n" &&
		(cd "$tmp/native-$n" && env -u MAKELEVEL -u MAKEFLAGS -u MFLAGS sh -c "$cmd") > "$tmp/native.out" 2>&1
	rm -rf "$tmp/bundle"
	sh "$srcdir/testsuite/workloads/make-host-bundle.sh" "$tmp/bundle" /bin/sh -c "$cmd"
	"$ZVIZ_LOAD" "$tmp/$profile.bin" "$tmp/bundle" > "$tmp/sandbox.out" 2>&1
	status=$?
	if [ "$status" -eq 0 ] && cmp -s "$tmp/native.out" "$tmp/sandbox.out"; then
		echo "ok $n - $profile: $name"
	else
		echo "not ok $n - $profile: $name (exit $status)"
		diff -u "$tmp/native.out" "$tmp/sandbox.out" | sed 's/^/# /'
	fi
}

run ci-runner "a shell pipeline" "$shell_script"
run ci-runner "python3: json, re, math, subprocess" "python3 -c '$python_snippet'"
run ci-runner "gcc compiles and runs hello.c" "$gcc_hello"
run ci-runner "make" "$make_run"
run ci-runner "sqlite3" "$sqlite_run"
run ci-runner "git: init, add, commit, log" "$git_run"
run hostile-tenant "a shell pipeline" "$shell_script"
run hostile-tenant "python3: json, re, math, subprocess" "python3 -c '$python_snippet'"

# And what hostile-tenant refuses that ci-runner allows: building code.
n=$((n + 1))
rm -rf "$tmp/bundle"
sh "$srcdir/testsuite/workloads/make-host-bundle.sh" "$tmp/bundle" /bin/sh -c "$gcc_hello"
"$ZVIZ_LOAD" "$tmp/hostile-tenant.bin" "$tmp/bundle" > "$tmp/sandbox.out" 2>&1
status=$?
if [ "$status" -ne 0 ] && ! grep -q "hello from gcc" "$tmp/sandbox.out"; then
	echo "ok $n - hostile-tenant: a compiled program cannot run from /workspace (exit $status)"
else
	echo "not ok $n - hostile-tenant: a compiled program cannot run from /workspace"
	sed 's/^/# /' "$tmp/sandbox.out"
fi
n=$((n + 1))
native=$(python3 -c 'print(sum(range(10)))')
rm -rf "$tmp/bundle"
sh "$srcdir/testsuite/workloads/make-host-bundle.sh" "$tmp/bundle" python3 -c 'print(sum(range(10)))'
out=$("$ZVIZ_LOAD" "$tmp/hostile-tenant.bin" "$tmp/bundle" 2>&1)
[ "$out" = "$native" ] && echo "ok $n - hostile-tenant: python3 straight from process.args" \
	|| { echo "not ok $n - hostile-tenant: python3 straight from process.args"; echo "# $out"; }
exit 0
