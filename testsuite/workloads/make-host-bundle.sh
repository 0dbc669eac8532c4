#!/bin/sh
# make-host-bundle.sh DIR ARGS...: writes an OCI bundle in DIR whose rootfs
# binds the host's /usr (and /bin, /sbin, /lib, /lib64, as the host has
# them: links on a merged-/usr system, else binds) and a few /etc files,
# all read-only, so real programs run without an image.  /tmp and
# /workspace are private tmpfs mounts.  ARGS become process.args.
set -eu
dir=$1
shift
root="$dir/rootfs"
mkdir -p "$root/usr" "$root/etc" "$root/tmp" "$root/workspace" "$root/proc" "$root/sys" "$root/dev"
chmod 755 "$dir"

# A JSON string: backslashes, quotes, tabs and newlines escaped.
json_string() {
	printf '"%s"' "$(printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g; s/	/\\t/g' |
		awk 'NR > 1 { printf "\\n" } { printf "%s", $0 }')"
}

mounts='{ "destination": "/usr", "type": "bind", "source": "/usr", "options": [ "rbind", "ro", "nosuid" ] }'
for d in bin sbin lib lib64; do
	if [ -L "/$d" ]; then
		ln -s "$(readlink "/$d")" "$root/$d"
	elif [ -d "/$d" ]; then
		mkdir -p "$root/$d"
		mounts="$mounts, { \"destination\": \"/$d\", \"type\": \"bind\", \"source\": \"/$d\", \"options\": [ \"rbind\", \"ro\" ] }"
	fi
done
for f in passwd group nsswitch.conf ld.so.cache ld.so.conf localtime; do
	[ -e "/etc/$f" ] || continue
	mounts="$mounts, { \"destination\": \"/etc/$f\", \"type\": \"bind\", \"source\": \"/etc/$f\", \"options\": [ \"bind\", \"ro\" ] }"
done
mounts="$mounts, { \"destination\": \"/tmp\", \"type\": \"tmpfs\", \"source\": \"tmpfs\", \"options\": [ \"nosuid\", \"nodev\", \"mode=1777\" ] }"
mounts="$mounts, { \"destination\": \"/workspace\", \"type\": \"tmpfs\", \"source\": \"tmpfs\", \"options\": [ \"nosuid\", \"nodev\", \"mode=1777\" ] }"

args=""
for a in "$@"; do
	args="$args${args:+, }$(json_string "$a")"
done
cat > "$dir/config.json" <<JSON
{
	"ociVersion": "1.0.2",
	"process": {
		"user": { "uid": 0, "gid": 0 },
		"args": [ $args ],
		"env": [ "PATH=/usr/local/bin:/usr/bin:/bin", "HOME=/workspace", "LANG=C.UTF-8" ],
		"cwd": "/workspace"
	},
	"root": { "path": "rootfs", "readonly": true },
	"hostname": "workload",
	"mounts": [ $mounts ]
}
JSON
