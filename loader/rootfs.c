/* zviz-load: the filesystem view (see rootfs.h).
 *
 * Mount points inside the rootfs are created and opened one component at
 * a time without following symlinks, and mounts target the opened
 * directory through /proc/self/fd: a rootfs that plants a symlink cannot
 * make a mount land outside it. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/mount.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "rootfs.h"

static const char *const default_masked[] = {
	"/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats",
	"/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi",
	"/proc/sysrq-trigger", "/sys/firmware", "/sys/devices/virtual/powercap",
};

static const char *const default_readonly[] = {
	"/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys",
};

static const char *const devices[] = { "null", "zero", "full", "random", "urandom", "tty" };

static char *fd_path(int fd, char buf[32])
{
	snprintf(buf, 32, "/proc/self/fd/%d", fd);
	return buf;
}

/* Opens (creating as needed) DEST below ROOTFD, as a directory or, when
 * FILE is set, as a file for a file bind mount.  Returns an O_PATH fd. */
static int open_mount_point(int rootfd, const char *dest, bool file, struct zviz_error *err)
{
	char *copy = strdup(dest), *save = NULL, *part, *next;
	int dir = dup(rootfd), fd = -1;

	if (copy == NULL || dir < 0) {
		free(copy);
		if (dir >= 0)
			close(dir);
		return zviz_error_set(err, "%s: out of memory", dest);
	}
	part = strtok_r(copy, "/", &save);
	while (part != NULL) {
		bool last;

		next = strtok_r(NULL, "/", &save);
		last = next == NULL;
		if (strcmp(part, "..") == 0 || strcmp(part, ".") == 0) {
			zviz_error_set(err, "%s: '.' and '..' are not allowed", dest);
			goto fail;
		}
		if (last && file) {
			int made = openat(dir, part, O_CREAT | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0644);

			if (made >= 0)
				close(made);
			fd = openat(dir, part, O_PATH | O_NOFOLLOW | O_CLOEXEC);
		} else {
			if (mkdirat(dir, part, 0755) < 0 && errno != EEXIST) {
				zviz_error_set(err, "%s: mkdir %s: %s", dest, part, strerror(errno));
				goto fail;
			}
			fd = openat(dir, part, O_PATH | O_NOFOLLOW | O_DIRECTORY | O_CLOEXEC);
		}
		if (fd < 0) {
			zviz_error_set(err, "%s: %s: %s", dest, part,
				       errno == ELOOP || errno == ENOTDIR ? "a symlink or not a directory"
									  : strerror(errno));
			goto fail;
		}
		close(dir);
		dir = fd;
		fd = -1;
		part = next;
	}
	free(copy);
	return dir;
fail:
	free(copy);
	close(dir);
	return -1;
}

/* The flags a bind remount must repeat: the kernel refuses to clear
 * nosuid, nodev, noexec or atime flags locked by an outer namespace. */
static unsigned long locked_flags(const char *path)
{
	struct statvfs st;
	unsigned long flags = 0;

	if (statvfs(path, &st) < 0)
		return 0;
	if (st.f_flag & ST_NOSUID) flags |= MS_NOSUID;
	if (st.f_flag & ST_NODEV) flags |= MS_NODEV;
	if (st.f_flag & ST_NOEXEC) flags |= MS_NOEXEC;
	if (st.f_flag & ST_NOATIME) flags |= MS_NOATIME;
	if (st.f_flag & ST_NODIRATIME) flags |= MS_NODIRATIME;
	if (st.f_flag & ST_RELATIME) flags |= MS_RELATIME;
	return flags;
}

/* Remounts DEST, just bind-mounted, read-only (with its other flags).
 * The fd that was mounted on names what lies beneath the new mount, so
 * DEST is opened again, which crosses into the mount. */
static int remount_bind(int rootfd, const char *dest, bool file, unsigned long flags, struct zviz_error *err)
{
	char where[32];
	int fd = open_mount_point(rootfd, dest, file, err);
	int rc = 0;

	if (fd < 0)
		return -1;
	fd_path(fd, where);
	if (mount(NULL, where, NULL, MS_REMOUNT | MS_BIND | flags | locked_flags(where), NULL) < 0)
		rc = zviz_error_set(err, "%s: remount: %s", dest, strerror(errno));
	close(fd);
	return rc;
}

static int mount_one(int rootfd, const struct launch_mount *m, bool private_net, struct zviz_error *err)
{
	bool bind = strcmp(m->type, "bind") == 0;
	const unsigned long bind_flags = MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC;
	bool file = false;
	struct stat st;
	char where[32];
	int fd, rc = 0;

	if (bind) {
		if (stat(m->source, &st) < 0)
			return zviz_error_set(err, "%s: source %s: %s", m->destination, m->source, strerror(errno));
		file = !S_ISDIR(st.st_mode);
	}
	fd = open_mount_point(rootfd, m->destination, file, err);
	if (fd < 0)
		return -1;
	fd_path(fd, where);
	if (bind) {
		if (mount(m->source, where, NULL, MS_BIND | (m->recursive ? MS_REC : 0), NULL) < 0)
			rc = zviz_error_set(err, "%s: bind %s: %s", m->destination, m->source, strerror(errno));
		else if (m->flags & bind_flags)
			rc = remount_bind(rootfd, m->destination, file, m->flags & bind_flags, err);
	} else if (strcmp(m->type, "sysfs") == 0 && !private_net) {
		/* sysfs needs a network namespace of our own; bind the host's. */
		if (mount("/sys", where, NULL, MS_BIND | MS_REC, NULL) < 0)
			rc = zviz_error_set(err, "%s: bind /sys: %s", m->destination, strerror(errno));
		else
			rc = remount_bind(rootfd, m->destination, false, MS_RDONLY, err);
	} else if (strcmp(m->type, "cgroup") == 0 || strcmp(m->type, "cgroup2") == 0) {
		/* v1 hierarchies cannot be mounted in a user namespace; the
		 * cgroup namespace's own v2 view can, read-only. */
		if (mount("cgroup2", where, "cgroup2", m->flags | MS_RDONLY, NULL) < 0 &&
		    mount("tmpfs", where, "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=555") < 0)
			rc = zviz_error_set(err, "%s: cgroup: %s", m->destination, strerror(errno));
	} else if (mount(m->type, where, m->type, m->flags, m->data) < 0) {
		rc = zviz_error_set(err, "%s: mount %s: %s", m->destination, m->type, strerror(errno));
	}
	close(fd);
	return rc;
}

/* /dev: host device nodes bound onto files of a fresh tmpfs (a user
 * namespace cannot mknod), and the usual links. */
static int populate_dev(int rootfd, struct zviz_error *err)
{
	static const char *const links[][2] = {
		{ "/proc/self/fd", "fd" }, { "/proc/self/fd/0", "stdin" }, { "/proc/self/fd/1", "stdout" },
		{ "/proc/self/fd/2", "stderr" }, { "pts/ptmx", "ptmx" },
	};
	int dev = openat(rootfd, "dev", O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

	if (dev < 0)
		return zviz_error_set(err, "/dev: %s", strerror(errno));
	for (size_t i = 0; i < sizeof(devices) / sizeof(devices[0]); i++) {
		char host[32], dest[32], where[32];
		int fd;

		snprintf(host, sizeof(host), "/dev/%s", devices[i]);
		snprintf(dest, sizeof(dest), "/dev/%s", devices[i]);
		fd = open_mount_point(rootfd, dest, true, err);
		if (fd < 0)
			goto fail;
		if (mount(host, fd_path(fd, where), NULL, MS_BIND, NULL) < 0) {
			zviz_error_set(err, "/dev/%s: %s", devices[i], strerror(errno));
			close(fd);
			goto fail;
		}
		close(fd);
	}
	for (size_t i = 0; i < sizeof(links) / sizeof(links[0]); i++) {
		if (symlinkat(links[i][0], dev, links[i][1]) < 0 && errno != EEXIST) {
			zviz_error_set(err, "/dev/%s: %s", links[i][1], strerror(errno));
			goto fail;
		}
	}
	close(dev);
	return 0;
fail:
	close(dev);
	return -1;
}

/* PATH under the rootfs, opened O_PATH with its type in *ST; -1 when it is
 * not there (or cannot be looked at): such a path needs nothing done. */
static int open_existing(int rootfd, const char *path, struct stat *st)
{
	int fd = openat(rootfd, path + 1, O_PATH | O_NOFOLLOW | O_CLOEXEC);

	if (fd >= 0 && fstat(fd, st) < 0) {
		close(fd);
		fd = -1;
	}
	return fd;
}

static int mask_path(int rootfd, const char *path, struct zviz_error *err)
{
	char where[32];
	struct stat st;
	int fd = open_existing(rootfd, path, &st);

	if (fd < 0)
		return 0;
	fd_path(fd, where);
	if (S_ISDIR(st.st_mode) ? mount("tmpfs", where, "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC,
					"size=0,mode=000") < 0
				: mount("/dev/null", where, NULL, MS_BIND, NULL) < 0) {
		int saved = errno;

		close(fd);
		return zviz_error_set(err, "mask %s: %s", path, strerror(saved));
	}
	close(fd);
	return 0;
}

static int readonly_path(int rootfd, const char *path, struct zviz_error *err)
{
	char where[32];
	struct stat st;
	int fd = open_existing(rootfd, path, &st);
	int rc = 0;

	if (fd < 0)
		return 0;
	fd_path(fd, where);
	if (mount(where, where, NULL, MS_BIND | MS_REC, NULL) < 0)
		rc = zviz_error_set(err, "read-only %s: %s", path, strerror(errno));
	else
		rc = remount_bind(rootfd, path, !S_ISDIR(st.st_mode), MS_RDONLY, err);
	close(fd);
	return rc;
}

static int each_path(int rootfd, const char *const *paths, size_t count,
		     int (*apply)(int, const char *, struct zviz_error *), struct zviz_error *err)
{
	for (size_t i = 0; i < count; i++)
		if (apply(rootfd, paths[i], err) < 0)
			return -1;
	return 0;
}

int rootfs_setup(const struct launch *l, int tree, bool private_net, struct zviz_error *err)
{
	int rootfd;

	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		return zviz_error_set(err, "make / private: %s", strerror(errno));
	if (tree >= 0) {
		if (syscall(SYS_move_mount, tree, "", AT_FDCWD, l->rootfs, MOVE_MOUNT_F_EMPTY_PATH) < 0)
			return zviz_error_set(err, "attach the idmapped rootfs: %s", strerror(errno));
	} else if (mount(l->rootfs, l->rootfs, NULL, MS_BIND | MS_REC, NULL) < 0) {
		return zviz_error_set(err, "bind the rootfs %s: %s", l->rootfs, strerror(errno));
	}
	rootfd = open(l->rootfs, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (rootfd < 0)
		return zviz_error_set(err, "rootfs %s: %s", l->rootfs, strerror(errno));
	for (size_t i = 0; i < l->mount_count; i++) {
		if (mount_one(rootfd, &l->mounts[i], private_net, err) < 0)
			goto fail;
		if (strcmp(l->mounts[i].destination, "/dev") == 0 && populate_dev(rootfd, err) < 0)
			goto fail;
	}
	if (each_path(rootfd, default_masked, sizeof(default_masked) / sizeof(default_masked[0]),
		      mask_path, err) < 0 ||
	    each_path(rootfd, (const char *const *)l->masked, l->masked_count, mask_path, err) < 0 ||
	    each_path(rootfd, default_readonly, sizeof(default_readonly) / sizeof(default_readonly[0]),
		      readonly_path, err) < 0 ||
	    each_path(rootfd, (const char *const *)l->readonly, l->readonly_count, readonly_path, err) < 0)
		goto fail;
	close(rootfd);

	/* pivot_root onto itself, then detach the old root from under it. */
	if (chdir(l->rootfs) < 0)
		return zviz_error_set(err, "chdir %s: %s", l->rootfs, strerror(errno));
	if (syscall(SYS_pivot_root, ".", ".") < 0)
		return zviz_error_set(err, "pivot_root: %s", strerror(errno));
	if (umount2(".", MNT_DETACH) < 0)
		return zviz_error_set(err, "detach the old root: %s", strerror(errno));
	if (chdir("/") < 0)
		return zviz_error_set(err, "chdir /: %s", strerror(errno));
	if (l->rootfs_readonly &&
	    mount(NULL, "/", NULL, MS_REMOUNT | MS_BIND | MS_RDONLY | locked_flags("/"), NULL) < 0)
		return zviz_error_set(err, "remount / read-only: %s", strerror(errno));
	return 0;
fail:
	close(rootfd);
	return -1;
}
