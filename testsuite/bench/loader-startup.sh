#!/bin/sh
# Benchmark (not a test): zviz-load's cold start and its supervisor's peak
# memory, for one or more builds of it, against a plain exec of the same
# command.  Usage: loader-startup.sh BUNDLE POLICY LOADER [LOADER...]
# Prints, per loader, the mean wall time of RUNS starts of `true` and the
# supervisor's VmHWM while the workload sleeps.
set -u
bundle=$1 policy=$2
shift 2
runs=${RUNS:-50}

mean_ms() {   # mean_ms COMMAND...: mean wall time over $runs runs, in ms
	start=$(date +%s%N)
	i=0
	while [ $i -lt "$runs" ]; do
		"$@" > /dev/null 2>&1
		i=$((i + 1))
	done
	end=$(date +%s%N)
	echo $(( (end - start) / runs / 1000 ))
}

printf '%-40s %12s %14s\n' "command" "start (us)" "VmHWM (kB)"
printf '%-40s %12s %14s\n' "exec true (baseline)" "$(mean_ms /bin/true)" "-"
if command -v bwrap > /dev/null; then
	printf '%-40s %12s %14s\n' "bwrap --unshare-all (same rootfs)" \
		"$(mean_ms bwrap --ro-bind "$bundle/rootfs" / --proc /proc --dev /dev --unshare-all -- /bin/true)" "-"
fi
if command -v crun > /dev/null && [ "$(id -u)" -eq 0 ]; then
	# crun's own default config (crun spec) on the same rootfs.
	crun_bundle=$(mktemp -d /tmp/zviz-bench-crun.XXXXXX)
	(cd "$crun_bundle" && crun spec) && ln -s "$(cd "$bundle/rootfs" && pwd)" "$crun_bundle/rootfs" &&
		sed -i -e 's/"terminal": true/"terminal": false/' -e 's/"sh"/"\/bin\/true"/' \
			"$crun_bundle/config.json"
	if crun run --bundle "$crun_bundle" "zviz-bench-check-$$" > /dev/null 2>&1; then
		printf '%-40s %12s %14s\n' "crun run (crun spec, same rootfs)" \
			"$(mean_ms sh -c 'crun run --bundle "$0" "zviz-bench-$$"' "$crun_bundle")" "-"
	else
		echo "crun could not run its own default bundle here: left out"
	fi
	rm -rf "$crun_bundle"
fi
for loader in "$@"; do
	us=$(mean_ms "$loader" "$policy" "$bundle" -- true)
	"$loader" "$policy" "$bundle" -- sleep 2 > /dev/null 2>&1 &
	pid=$!
	sleep 1
	hwm=$(awk '/^VmHWM/ { print $2 }' "/proc/$pid/status" 2> /dev/null)
	wait "$pid"
	printf '%-40s %12s %14s\n' "$loader" "$us" "${hwm:-?}"
done
