#!/bin/sh
# zvizc's command line end to end: compile, determinism, explain and diff
# of profiles and blobs, exit codes, and refusal of a damaged policy.bin.
# Prints TAP.
set -u

ZVIZC=${ZVIZC:-zvizc}
srcdir=${srcdir:-.}
profiles="$srcdir/profiles"
tmp=$(mktemp -d /tmp/zviz-cli.XXXXXX) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

n=0
check() {   # check NAME COMMAND... : ok when COMMAND succeeds
	name=$1
	shift
	n=$((n + 1))
	if "$@" > "$tmp/out" 2>&1; then
		echo "ok $n - $name"
	else
		echo "not ok $n - $name"
		sed 's/^/# /' "$tmp/out"
	fi
}
status_is() {   # status_is WANT COMMAND...
	want=$1
	shift
	"$@" > "$tmp/cmd.out" 2> "$tmp/cmd.err"
	got=$?
	cat "$tmp/cmd.out" "$tmp/cmd.err"
	[ "$got" -eq "$want" ] || { echo "exit status $got, expected $want"; return 1; }
}

cat > "$tmp/base.zp" <<'PROFILE'
include "groups.zp";
profile base {
    arch native;
    default kill;
    allow @default, @basic-io, @file-read, @memory, @signal, @time;
    allow socket if domain in (AF_UNIX, AF_INET);
    errno(EAFNOSUPPORT) socket;
    errno(ENOSYS) clone3;
    allow clone if (flags & CLONE_NEW_ANY) == 0;
}
PROFILE
sed 's/    errno(ENOSYS) clone3;/    errno(ENOSYS) clone3;\n    allow ptrace;\n    unsafe "a debugger";/' \
	"$tmp/base.zp" > "$tmp/looser.zp"

echo "1..21"
check "compiles and reports what it verified" \
	sh -c '"$0" -I "$1" "$2/base.zp" -o "$2/a.bin" | grep -q "0 mismatches"' "$ZVIZC" "$profiles" "$tmp"
check "the same sources give the same bytes" \
	sh -c '"$0" -I "$1" "$2/base.zp" -o "$2/b.bin" && cmp "$2/a.bin" "$2/b.bin"' "$ZVIZC" "$profiles" "$tmp"
check "explain of a blob names the profile and disassembles" \
	sh -c '"$0" explain "$1/a.bin" > "$1/explain" && grep -q "^Profile: base" "$1/explain" &&
	       grep -q "ret KILL_PROCESS" "$1/explain" && grep -q "socket (41): allow if domain" "$1/explain"' \
	"$ZVIZC" "$tmp"
check "explain --format json" \
	sh -c '"$0" explain --format json "$1/a.bin" | head -c 1 | grep -q "{"' "$ZVIZC" "$tmp"
check "diff of a blob and its profile: identical, exit 0" \
	status_is 0 "$ZVIZC" diff -I "$profiles" "$tmp/a.bin" "$tmp/base.zp"
check "diff to a looser profile: exit 1, newly allows ptrace" \
	sh -c '"$0" diff -I "$1" "$2/base.zp" "$2/looser.zp" > "$2/diff"; [ $? -eq 1 ] &&
	       grep -q "newly allows ptrace" "$2/diff"' "$ZVIZC" "$profiles" "$tmp"
check "diff of a profile that does not compile: exit 2, not 1" \
	status_is 2 "$ZVIZC" diff -I "$profiles" "$tmp/base.zp" "$tmp/missing.zp"
check "-O bpf writes whole sock_filter entries" \
	sh -c '"$0" -I "$1" "$2/base.zp" -O bpf -o "$2/f.bpf" > /dev/null && [ $(( $(wc -c < "$2/f.bpf") % 8 )) -eq 0 ]' \
	"$ZVIZC" "$profiles" "$tmp"
head -c 200 "$tmp/a.bin" > "$tmp/cut.bin"
check "a truncated policy.bin is refused, exit 2" \
	sh -c '"$0" explain "$1/cut.bin" > "$1/cut.out" 2>&1; [ $? -eq 2 ] && grep -q "truncated" "$1/cut.out"' \
	"$ZVIZC" "$tmp"
check "a failed compile writes nothing" \
	sh -c 'printf "profile p { default kill; }\n" > "$1/bad.zp"; "$0" "$1/bad.zp" -o "$1/bad.bin";
	       [ $? -eq 1 ] && [ ! -e "$1/bad.bin" ] && ! ls "$1"/bad.bin.tmp-* 2> /dev/null' "$ZVIZC" "$tmp"
check "the built-in profiles lint clean under -Werror" \
	sh -c 'for f in "$1"/*.zp; do "$0" lint -Werror -I "$1" "$f" || exit 1; done' "$ZVIZC" "$profiles"
check "hostile-tenant is at least as strict as ci-runner (the diff newly allows nothing)" \
	sh -c '"$0" diff -I "$1" "$1/ci-runner.zp" "$1/hostile-tenant.zp" > "$2/strict" 2>&1;
	       [ $? -eq 1 ] && ! grep -q "newly allows" "$2/strict"' "$ZVIZC" "$profiles" "$tmp"
check "doc/profiles.md is what the profiles say (regenerate it with doc/gen-profiles-md.sh)" \
	sh -c 'sh "$1/doc/gen-profiles-md.sh" "$0" "$1/profiles" > "$2/profiles.md" &&
	       diff -u "$1/doc/profiles.md" "$2/profiles.md"' "$ZVIZC" "$srcdir" "$tmp"
# ---- import and YAML ----
check "import: Docker's default profile becomes a .zp that compiles and verifies" \
	sh -c '"$0" import "$1/testsuite/data/docker-default-seccomp.json" -o "$2/docker.zp" 2> "$2/import.err" &&
	       grep -q "zvizc closes that hole" "$2/import.err" && grep -q "^profile docker-default-seccomp {" "$2/docker.zp" &&
	       "$0" -I "$1/profiles" "$2/docker.zp" -o "$2/docker.bin" 2>&1 | grep -q ", 0 mismatches"' \
	"$ZVIZC" "$srcdir" "$tmp"
check "import: the imported profile allows what Docker's does (read) and denies what it denies (mount)" \
	sh -c '"$0" explain "$1/docker.bin" > "$1/docker.txt" &&
	       grep -q "^  read ([0-9]*): allow$" "$1/docker.txt" && ! grep -q "^  mount (" "$1/docker.txt" &&
	       grep -q "^  default (no rule): errno(EPERM)$" "$1/docker.txt"' \
	"$ZVIZC" "$tmp"
printf '{ "defaultAction": "SCMP_ACT_ERRNO", "syscalls": [ ' > "$tmp/broken.json"
check "import: malformed JSON exits 1 and writes no file" \
	sh -c '"$0" import "$1/broken.json" -o "$1/broken.zp"; [ $? -eq 1 ] && ! [ -e "$1/broken.zp" ] &&
	       ! [ -e "$1/broken.zp.tmp" ]' "$ZVIZC" "$tmp"
check "import: a config.json without linux.seccomp exits 1 and says so" \
	sh -c '"$0" import "$1/testsuite/data/bundles/crun-spec/config.json" > "$2/noseccomp.out" 2>&1; [ $? -eq 1 ] &&
	       grep -q "without linux.seccomp" "$2/noseccomp.out"' "$ZVIZC" "$srcdir" "$tmp"
check "YAML: the hostile-tenant twin compiles to the same bytes as the .zp" \
	sh -c '"$0" -I "$1/profiles" "$1/profiles/hostile-tenant.zp" -o "$2/ht-zp.bin" &&
	       "$0" -I "$1/profiles" "$1/testsuite/yaml/profile-hostile-tenant.yaml" -o "$2/ht-yaml.bin" &&
	       cmp "$2/ht-zp.bin" "$2/ht-yaml.bin"' "$ZVIZC" "$srcdir" "$tmp"
printf 'profiles:\n  p:\n    descripton: x\n    default: kill\n' > "$tmp/typo.yaml"
check "YAML: an unknown key is an error at file:line:col with a suggestion, exit 1" \
	sh -c '"$0" "$1/typo.yaml" -o "$1/typo.bin" > "$1/typo.out" 2>&1; [ $? -eq 1 ] &&
	       grep -q "typo.yaml:3:5: error: unknown key .descripton. in a profile; did you mean .description.?" "$1/typo.out"' \
	"$ZVIZC" "$tmp"
check "--help exits 0" status_is 0 "$ZVIZC" --help
check "an unknown option exits 2" status_is 2 "$ZVIZC" --no-such-option
exit 0
