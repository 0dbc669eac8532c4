# Sourced by the shell tests that run zviz-load.
# stale_cgroups: the cgroups a loader left behind, one per line: zviz-N
# whose loader N is gone (a loader still running, in another test run at
# the same time, is not a leftover).
stale_cgroups() {
	find /sys/fs/cgroup -maxdepth 4 -name 'zviz-[0-9]*' 2> /dev/null | while read -r dir; do
		pid=${dir##*/zviz-}
		pid=${pid%%-*}
		# A loader that ended between find and kill removed its cgroup first.
		kill -0 "$pid" 2> /dev/null || [ ! -d "$dir" ] || echo "$dir"
	done
}
