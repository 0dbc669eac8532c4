#!/bin/sh
# zvizc: generate the named-constant table from the system headers.
#
#   CC=cc CFLAGS='-std=c11' CPPFLAGS='-I. ...' sh gen-constants.sh OUTPUT.c
#
# The C preprocessor lists every object-like macro the headers below define
# (-E -dM); we keep the names of the families a profile may use and write a
# C file whose entries are { "NAME", (uint64_t)(NAME) }, compiled with the
# same headers, so the compiler evaluates each value (macros defined as
# other macros, enums behind self-named macros, _IOR() expressions).  Its
# first include is <config.h>, as in every zviz C file, so the listing pass
# includes it too and both see the same feature macros.
#
# Each name is also checked with _Static_assert, which takes integer
# constant expressions only, so a macro that is anything else breaks the
# compilation and the build fails loudly instead of guessing.  Left out on
# purpose, and reported on stderr:
#   - values the C library computes at run time (SIGRTMIN, SIGRTMAX and
#     SIGSTKSZ: glibc calls a function or sysconf());
#   - pointers (MAP_FAILED is ((void *) -1)): a body with a pointer cast;
#   - ioctl numbers built from a struct these headers do not declare
#     (TCGETS2 needs struct termios2): each `struct NAME` in a candidate
#     is probed once with sizeof.
# A family that ends up empty is an error.  Errno names are read from
# <errno.h> alone, so other headers' E* macros cannot pass for errnos; an
# errno defined as another errno (EWOULDBLOCK EAGAIN) is marked an alias.
#
# Output: sorted by name in the C locale (strcmp order, for bsearch) and
# unique; written to OUTPUT.c.tmp first, so a failed run leaves no file.
set -eu

LC_ALL=C
export LC_ALL

if [ $# -ne 1 ]; then
	echo "usage: CC=... CPPFLAGS=... $0 OUTPUT.c" >&2
	exit 2
fi
output=$1
: "${CC:=cc}"
: "${CFLAGS:=}"
: "${CPPFLAGS:=}"

# <sys/socket.h> and <netinet/in.h> rather than <linux/socket.h> and
# <linux/in.h>, which clash with them; <linux/ptrace.h> rather than
# <sys/ptrace.h>, whose PTRACE_* are enum constants without macros.
headers="errno.h fcntl.h signal.h sys/ioctl.h sys/mman.h sys/socket.h sys/stat.h
	netinet/in.h sys/eventfd.h sys/random.h sys/resource.h linux/sched.h
	linux/prctl.h linux/seccomp.h linux/ptrace.h linux/keyctl.h linux/memfd.h
	linux/capability.h"

# family name, then an extended regular expression for its macro names.
families='AF		^AF_[A-Z0-9_]+$
PF		^PF_[A-Z0-9_]+$
SOCK		^SOCK_[A-Z0-9_]+$
SOL		^SOL_[A-Z0-9_]+$
SO		^SO_[A-Z0-9_]+$
MSG		^MSG_[A-Z0-9_]+$
IPPROTO		^IPPROTO_[A-Z0-9_]+$
CLONE		^CLONE_[A-Z0-9_]+$
O		^O_[A-Z0-9_]+$
F		^F_[A-Z0-9_]+$
FD		^FD_CLOEXEC$
AT		^AT_[A-Z0-9_]+$
PROT		^PROT_[A-Z0-9_]+$
MAP		^MAP_[A-Z0-9_]+$
MADV		^MADV_[A-Z0-9_]+$
MREMAP		^MREMAP_[A-Z0-9_]+$
MFD		^MFD_[A-Z0-9_]+$
PR		^PR_[A-Z0-9_]+$
TIOC		^TIOC[A-Z0-9_]+$
FIO		^FIO[A-Z0-9_]+$
TC		^TC[A-Z0-9]+$
SIG		^SIG[A-Z0-9]+$
S_I		^S_I[A-Z0-9]+$
SECCOMP		^SECCOMP_[A-Z0-9_]+$
PTRACE		^PTRACE_[A-Z0-9_]+$
KEYCTL		^KEYCTL_[A-Z0-9_]+$
GRND		^GRND_[A-Z0-9_]+$
EFD		^EFD_[A-Z0-9_]+$
CAP		^CAP_[A-Z0-9_]+$
RLIMIT		^RLIMIT_[A-Z0-9_]+$'

work=$(mktemp -d "${TMPDIR:-/tmp}/zviz-constants.XXXXXX")
trap 'rm -rf "$work" "$output.tmp"' EXIT
trap 'exit 1' HUP INT TERM

includes="$work/includes.h"
{
	echo '#include <config.h>'
	for h in $headers; do
		echo "#include <$h>"
	done
} > "$includes"

# "NAME BODY" for every object-like macro (function-like ones have a "("
# right after the name).
list_macros() {
	printf '#include "%s"\n' "$1" > "$work/list.c"
	# shellcheck disable=SC2086 # the flags are several words
	$CC $CFLAGS $CPPFLAGS -E -dM "$work/list.c" > "$work/list.dM"
	sed -n 's/^#define \([A-Za-z_][A-Za-z0-9_]*\)\([ 	].*\)\{0,1\}$/\1\2/p' "$work/list.dM"
}

list_macros "$includes" > "$work/all.macros"
printf '#include <config.h>\n#include <errno.h>\n' > "$work/errno.h"
list_macros "$work/errno.h" > "$work/errno.macros"

# Candidates: "NAME FAMILY BODY", the first family that matches wins.
printf '%s\n' "$families" > "$work/families"
awk '
	FILENAME == ARGV[1] { family[++n] = $1; pattern[n] = $2; next }
	FILENAME == ARGV[2] {
		if ($1 ~ /^E[A-Z0-9]+$/) { body = $0; sub(/^[^ \t]+[ \t]*/, "", body); print $1, "E", body }
		next
	}
	{
		for (i = 1; i <= n; i++) {
			if ($1 ~ pattern[i]) {
				body = $0; sub(/^[^ \t]+[ \t]*/, "", body)
				print $1, family[i], body
				break
			}
		}
	}' "$work/families" "$work/errno.macros" "$work/all.macros" | sort -u -k1,1 > "$work/candidates"

# Values computed at run time by the C library, and pointers.
awk '$0 ~ /__libc_current_sigrt|sysconf/ || $0 ~ /\*[ \t]*\)/ { print $1 }' \
	"$work/candidates" > "$work/excluded"

# ioctl numbers whose struct the headers leave undeclared.
sed -n 's/.*struct[ 	][ 	]*\([A-Za-z_][A-Za-z0-9_]*\).*/\1/p' "$work/candidates" | sort -u |
while read -r tag; do
	{
		cat "$includes"
		echo "typedef char zviz_probe_${tag}[sizeof(struct $tag)];"
	} > "$work/probe.c"
	# shellcheck disable=SC2086
	if ! $CC $CFLAGS $CPPFLAGS -c -o "$work/probe.o" "$work/probe.c" 2>/dev/null; then
		awk -v tag="$tag" '$0 ~ ("struct[ \t]+" tag "([^A-Za-z0-9_]|$)") { print $1 }' \
			"$work/candidates"
	fi
done >> "$work/excluded"

sort -u "$work/excluded" -o "$work/excluded"
if [ -s "$work/excluded" ]; then
	echo "gen-constants: left out, not integer constants here: $(tr '\n' ' ' < "$work/excluded")" >&2
fi
awk 'FILENAME == ARGV[1] { skip[$1] = 1; next } !($1 in skip)' \
	"$work/excluded" "$work/candidates" > "$work/constants"

# Every family must yield something: an empty one means a header moved.
missing=$(printf '%s\nE x\n' "$families" | awk -v list="$work/constants" '
	BEGIN { while ((getline line < list) > 0) { split(line, f, " "); count[f[2]]++ } }
	!($1 in count) { printf " %s", $1 }')
if [ -n "$missing" ]; then
	# shellcheck disable=SC2086 # one line of header names
	echo "gen-constants: no constants found for the families:$missing (headers: $(printf '%s ' $headers))" >&2
	exit 1
fi

{
	echo "/* Generated by compiler/gen-constants.sh from the system headers; do not edit. */"
	cat "$includes"
	echo '#include <stdbool.h>'
	echo '#include <stdint.h>'
	echo
	echo '#include "constants.h"'
	echo
	echo '/* Integer constant expressions only (a pointer cannot be multiplied). */'
	awk '{ printf "_Static_assert((%s) * 0 == 0, \"%s\");\n", $1, $1 }' "$work/constants"
	echo
	echo 'const struct zvizc_constant zvizc_constant_table[] = {'
	awk '{ printf "\t{ \"%s\", (uint64_t)(%s) },\n", $1, $1 }' "$work/constants"
	echo '};'
	echo 'const size_t zvizc_constant_table_count ='
	echo '	sizeof(zvizc_constant_table) / sizeof(zvizc_constant_table[0]);'
	echo
	echo 'const struct zvizc_errno_entry zvizc_errno_table[] = {'
	awk '$2 == "E" { printf "\t{ \"%s\", %s, %s },\n", $1, $1, ($3 ~ /^E[A-Z0-9]+$/ ? "true" : "false") }' \
		"$work/constants"
	echo '};'
	echo 'const size_t zvizc_errno_table_count ='
	echo '	sizeof(zvizc_errno_table) / sizeof(zvizc_errno_table[0]);'
} > "$output.tmp"
mv "$output.tmp" "$output"
