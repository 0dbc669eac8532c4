#!/bin/sh
# run-lint-tests.sh - golden tests of `zvizc lint`, reported as TAP.
#
# Environment:
#   ZVIZC    the zvizc binary to test (lint.mk sets it to the built one;
#            default: build/compiler/zvizc under the source tree).
#   srcdir   the top source directory (automake sets it; default: two
#            levels above this script).
#
# Every case runs from $srcdir/testsuite/lint with relative paths, so
# file names in the output are the same in any build directory:
#
#   good/NAME.zp   zvizc lint -I ../../profiles -Werror [ARGS] good/NAME.zp
#                  must print nothing (stdout and stderr) and exit 0.
#
#   bad/NAME.zp    zvizc lint -I ../../profiles [ARGS] bad/NAME.zp
#                  must print exactly bad/NAME.expected on stdout, nothing
#                  on stderr, and exit 1.  A case whose findings are only
#                  warnings says -Werror in its ARGS to get that exit 1.
#
#   bad/inc/*.zp   helpers that cases include or name in ARGS; never run
#                  as cases of their own.
#
# ARGS: when the first line of a .zp file is
#     # lint-args: WORD...
# the words (split on blanks, no quoting) are passed to `zvizc lint` before
# the file, e.g. `# lint-args: --format json` or `# lint-args: -Werror`.
# To also lint a helper in the same run, name it there:
#     # lint-args: -Werror bad/inc/shared-base.zp
#
# In a .expected file, @VERSION@ stands for zvizc's version (`zvizc
# --version`), so the SARIF golden output survives a version bump.
#
# Two more tests guard the suite itself: every rule id of
# compiler/diagnostics.c appears in some bad/*.expected, and lint.mk
# lists every case file (so `make dist` ships them all).
#
# Always exits 0; the TAP lines say what failed.

LC_ALL=C
export LC_ALL

here=$(dirname "$0")
: "${srcdir:=$here/../..}"
top=$(cd "$srcdir" && pwd) || { echo "Bail out! cannot enter srcdir '$srcdir'"; exit 0; }
: "${ZVIZC:=$top/build/compiler/zvizc}"
case "$ZVIZC" in
	/*) ;;
	*/*) ZVIZC=$(pwd)/$ZVIZC ;;
esac
if ! "$ZVIZC" --version >/dev/null 2>&1; then
	echo "Bail out! cannot run zvizc '$ZVIZC' (set ZVIZC)"
	exit 0
fi
version=$("$ZVIZC" --version | sed -n '1s/^zvizc //p')

tmp=$(mktemp -d "${TMPDIR:-/tmp}/zviz-lint.XXXXXX") || { echo "Bail out! mktemp failed"; exit 0; }
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM

cd "$top/testsuite/lint" || { echo "Bail out! no $top/testsuite/lint"; exit 0; }

n=0
for f in good/*.zp bad/*.zp; do
	[ -f "$f" ] && n=$((n + 1))
done
echo "1..$((n + 2))"

t=0

# Prints FILE as TAP diagnostics.
diag_file() {
	sed 's/^/# /' "$1"
}

# The words after `# lint-args:` on the first line of FILE.
lint_args() {
	sed -n '1s/^#[ 	]*lint-args:[ 	]*//p' "$1"
}

# run_case NAME STATUS-WANTED EXPECTED-FILE ARGS...: runs zvizc on the
# file named last and prints one TAP line.
run_case() {
	name=$1 want=$2 expected=$3
	shift 3
	t=$((t + 1))
	"$ZVIZC" lint "$@" >"$tmp/out" 2>"$tmp/err"
	status=$?
	ok=yes
	if [ "$expected" = - ]; then
		: >"$tmp/want"
	else
		sed "s/@VERSION@/$version/g" "$expected" >"$tmp/want"
	fi
	cmp -s "$tmp/want" "$tmp/out" || ok=no
	[ -s "$tmp/err" ] && ok=no
	[ "$status" -eq "$want" ] || ok=no
	if [ $ok = yes ]; then
		echo "ok $t - $name"
		return
	fi
	echo "not ok $t - $name"
	echo "# command: zvizc lint $*"
	[ "$status" -eq "$want" ] || echo "# exit status $status, expected $want"
	if ! cmp -s "$tmp/want" "$tmp/out"; then
		if [ "$expected" = - ]; then
			echo "# stdout should be empty:"
		else
			echo "# stdout differs from $expected:"
		fi
		diff -u "$tmp/want" "$tmp/out" | sed -e '1,2d' -e 's/^/# /'
	fi
	if [ -s "$tmp/err" ]; then
		echo "# stderr:"
		diag_file "$tmp/err"
	fi
}

for f in good/*.zp; do
	[ -f "$f" ] || continue
	# shellcheck disable=SC2046 # the words of lint-args, split on purpose
	run_case "${f%.zp}" 0 - -I ../../profiles -Werror $(lint_args "$f") "$f"
done

for f in bad/*.zp; do
	[ -f "$f" ] || continue
	expected=${f%.zp}.expected
	if [ ! -f "$expected" ]; then
		t=$((t + 1))
		echo "not ok $t - ${f%.zp}"
		echo "# missing $expected"
		continue
	fi
	# shellcheck disable=SC2046
	run_case "${f%.zp}" 1 "$expected" -I ../../profiles $(lint_args "$f") "$f"
done

# Every rule id has a bad case that reports it (text, JSON or SARIF).
t=$((t + 1))
sed -n 's/^[ 	]*{ "\([a-z0-9-]*\)", DIAG_[A-Z]*,.*/\1/p' \
	"$top/compiler/diagnostics.c" >"$tmp/rules"
: >"$tmp/missing"
while read -r rule; do
	cat bad/*.expected | grep -q -e "\[$rule\]" -e "\"rule\": \"$rule\"" -e "\"ruleId\": \"$rule\"" ||
		echo "$rule" >>"$tmp/missing"
done <"$tmp/rules"
if [ ! -s "$tmp/rules" ]; then
	echo "not ok $t - every rule id has a bad case"
	echo "# no rule id found in compiler/diagnostics.c"
elif [ -s "$tmp/missing" ]; then
	echo "not ok $t - every rule id has a bad case"
	echo "# rules without a case:"
	diag_file "$tmp/missing"
else
	echo "ok $t - every rule id has a bad case ($(wc -l <"$tmp/rules" | tr -d ' ') rules)"
fi

# lint.mk distributes every case file.
t=$((t + 1))
: >"$tmp/missing"
# One word of lint.mk a line (a backslash is not a word).
# shellcheck disable=SC1003
tr -s '[:blank:]\\' '[\n*]' <lint.mk >"$tmp/words"
for f in good/*.zp bad/*.zp bad/*.expected bad/inc/*.zp; do
	[ -f "$f" ] || continue
	grep -q -F -x "testsuite/lint/$f" "$tmp/words" || echo "$f" >>"$tmp/missing"
done
if [ -s "$tmp/missing" ]; then
	echo "not ok $t - lint.mk lists every case file"
	echo "# add to EXTRA_DIST in testsuite/lint/lint.mk:"
	diag_file "$tmp/missing"
else
	echo "ok $t - lint.mk lists every case file"
fi

exit 0
