/* zviz-load: the sandbox's cgroup (see cgroup.h). */
#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <linux/magic.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <time.h>
#include <unistd.h>

#include "cgroup.h"

#define CGROUP_FS_ROOT      "/sys/fs/cgroup"
#define CGROUP_FS_UNIFIED   "/sys/fs/cgroup/unified"
#define SELF_CGROUP_FILE    "/proc/self/cgroup"
#define NAME_MAX_LEN        128
#define READ_MAX            (1u << 20)   /* a cgroup.procs of 100000 pids fits */
#define DESTROY_TIMEOUT_MS  10000
#define FREEZE_TIMEOUT_MS   1000
#define SHARES_MIN          2
#define SHARES_MAX          262144

/* The v1 hierarchies used: one per controller, and the freezer. */
#define HIER_FREEZER        CGROUP_CONTROLLER_COUNT
#define HIER_COUNT          (CGROUP_CONTROLLER_COUNT + 1)

static const char *const hier_names[HIER_COUNT] = { "memory", "pids", "cpu", "freezer" };

struct cg_dir {
	char *path;
	bool removed;
};

#define MAX_DIRS (1 + HIER_COUNT)

struct zviz_cgroup {
	unsigned int flags;
	bool verbose;
	enum cgroup_version version[CGROUP_CONTROLLER_COUNT];
	int ctl_dir[CGROUP_CONTROLLER_COUNT];   /* index into dirs, or -1 */
	struct cg_dir dirs[MAX_DIRS];           /* in creation order */
	size_t ndirs;
	int v2;                                 /* the v2 cgroup, or -1 */
	int freezer;                            /* the v1 freezer cgroup, or -1 */
	/* The no-internal-processes move, undone by destroy. */
	char *v2_parent;                        /* where controllers were enabled */
	unsigned int enabled;                   /* 1u << controller, enabled by us */
	char *leaf;                             /* the supervisor leaf, or NULL */
	pid_t moved;                            /* who was moved into it, or 0 */
};

/* What cgroup_create() found before it creates anything. */
struct plan {
	const char *v2_root;                    /* NULL: no usable cgroup2 tree */
	char *v2_parent;                        /* the parent directory in it */
	bool v2_parent_is_root;                 /* the tree's root: holds processes freely */
	char *v2_controllers;                   /* its cgroup.controllers */
	char *v2_subtree;                       /* its cgroup.subtree_control */
	const char *v1_root;
	char *v1_parent[HIER_COUNT];            /* parent directory per v1 hierarchy, or NULL */
};

/* ---- small helpers ---------------------------------------------------- */

const char *cgroup_controller_name(enum cgroup_controller controller)
{
	if ((unsigned int)controller < CGROUP_CONTROLLER_COUNT)
		return hier_names[controller];
	return "unknown";
}

uint64_t cgroup_weight_to_shares(uint64_t weight)
{
	uint64_t shares;

	if (weight > UINT64_MAX / 1024)
		return SHARES_MAX;
	shares = (weight * 1024 + 50) / 100;
	if (shares < SHARES_MIN)
		return SHARES_MIN;
	if (shares > SHARES_MAX)
		return SHARES_MAX;
	return shares;
}

static void deadline_after(struct timespec *t, long ms)
{
	clock_gettime(CLOCK_MONOTONIC, t);
	t->tv_sec += ms / 1000;
	t->tv_nsec += (ms % 1000) * 1000000L;
	if (t->tv_nsec >= 1000000000L) {
		t->tv_sec++;
		t->tv_nsec -= 1000000000L;
	}
}

static bool past(const struct timespec *t)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return now.tv_sec > t->tv_sec || (now.tv_sec == t->tv_sec && now.tv_nsec >= t->tv_nsec);
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* Sets ERR to "cgroup: PATH: WHAT: strerror(ERRNUM)" and leaves ERRNUM in
 * errno for the caller. */
static int fail_errno(struct zviz_error *err, int errnum, const char *path, const char *what)
{
	zviz_error_set(err, "cgroup: %s: %s: %s", path, what, strerror(errnum));
	errno = errnum;
	return -1;
}

/* ROOT + CGPATH + "/" + NAME (NAME may be NULL), without doubled slashes. */
static char *make_path(const char *root, const char *cgpath, const char *name,
		       struct zviz_error *err)
{
	size_t len;
	char *p;

	if (cgpath == NULL || strcmp(cgpath, "/") == 0)
		cgpath = "";
	len = strlen(root) + strlen(cgpath) + (name ? strlen(name) + 1 : 0) + 1;
	if (len > PATH_MAX) {
		zviz_error_set(err, "cgroup: %s%s/%s: path too long", root, cgpath, name ? name : "");
		return NULL;
	}
	p = malloc(len);
	if (p == NULL) {
		zviz_error_set(err, "cgroup: out of memory");
		return NULL;
	}
	snprintf(p, len, "%s%s%s%s", root, cgpath, name ? "/" : "", name ? name : "");
	return p;
}

static int file_path(char *buf, size_t size, const char *dir, const char *file,
		     struct zviz_error *err)
{
	int n = snprintf(buf, size, "%s/%s", dir, file);

	if (n < 0 || (size_t)n >= size)
		return zviz_error_set(err, "cgroup: %s/%s: path too long", dir, file);
	return 0;
}

/* Writes VALUE to DIR/FILE in one write(2).  On a real cgroupfs the file
 * must exist; under CGROUP_TEST_FAKE_FS it is created.  errno is kept. */
static int write_file(unsigned int flags, const char *dir, const char *file, const char *value,
		      struct zviz_error *err)
{
	char path[PATH_MAX];
	int oflags = O_WRONLY | O_CLOEXEC | O_NOFOLLOW;
	size_t len = strlen(value);
	ssize_t n;
	int fd, e;

	if (file_path(path, sizeof(path), dir, file, err) < 0)
		return -1;
	if (flags & CGROUP_TEST_FAKE_FS)
		oflags |= O_CREAT | O_TRUNC;
	fd = open(path, oflags, 0644);
	if (fd < 0)
		e = errno;
	else {
		n = write(fd, value, len);
		e = n < 0 ? errno : (size_t)n != len ? EIO : 0;
		if (close(fd) < 0 && e == 0 && errno != EINTR)
			e = errno;
		if (e == 0)
			return 0;
	}
	zviz_error_set(err, "cgroup: %s: write \"%s\": %s", path, value, strerror(e));
	errno = e;
	return -1;
}

static int write_u64(unsigned int flags, const char *dir, const char *file, uint64_t value,
		     struct zviz_error *err)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "%" PRIu64, value);
	return write_file(flags, dir, file, buf, err);
}

/* Reads all of PATH into a new NUL-terminated string.  errno is kept. */
static char *read_path(const char *path, struct zviz_error *err)
{
	size_t len = 0, cap = 4096;
	char *buf, *more;
	ssize_t n;
	int fd, e;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fail_errno(err, errno, path, "read");
		return NULL;
	}
	buf = malloc(cap);
	if (buf == NULL) {
		close(fd);
		zviz_error_set(err, "cgroup: out of memory");
		errno = ENOMEM;
		return NULL;
	}
	for (;;) {
		if (len + 1 == cap) {
			if (cap >= READ_MAX) {
				e = EFBIG;
				goto fail;
			}
			more = realloc(buf, cap * 2);
			if (more == NULL) {
				e = ENOMEM;
				goto fail;
			}
			buf = more;
			cap *= 2;
		}
		n = read(fd, buf + len, cap - 1 - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			e = errno;
			goto fail;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	buf[len] = '\0';
	return buf;
fail:
	close(fd);
	free(buf);
	fail_errno(err, e, path, "read");
	return NULL;
}

static char *read_file(const char *dir, const char *file, struct zviz_error *err)
{
	char path[PATH_MAX];

	if (file_path(path, sizeof(path), dir, file, err) < 0)
		return NULL;
	return read_path(path, err);
}

/* The value of the line "KEY N" in DIR/FILE ("N" alone when KEY is NULL). */
static int read_key(const char *dir, const char *file, const char *key, uint64_t *value)
{
	char *text = read_file(dir, file, NULL), *line, *next, *end;
	size_t klen = key ? strlen(key) : 0;
	int ret = -1;

	for (line = text; line != NULL && *line != '\0'; line = next) {
		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		if (key != NULL && (strncmp(line, key, klen) != 0 || line[klen] != ' '))
			continue;
		errno = 0;
		*value = strtoull(line + klen, &end, 10);
		if (errno == 0 && end != line + klen && *end == '\0')
			ret = 0;
		break;
	}
	free(text);
	return ret;
}

/* Whether the whitespace-separated list TEXT has WORD. */
static bool has_word(const char *text, const char *word)
{
	size_t len = strlen(word);
	const char *p = text;

	while (p && *p) {
		p += strspn(p, " \t\n");
		if (strncmp(p, word, len) == 0 && (p[len] == '\0' || strchr(" \t\n", p[len])))
			return true;
		p += strcspn(p, " \t\n");
	}
	return false;
}

static bool fs_is(const char *path, unsigned long magic)
{
	struct statfs fs;

	return statfs(path, &fs) == 0 && (unsigned long)fs.f_type == magic;
}

static bool is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The calling process's path in the hierarchy of CONTROLLER (NULL: the v2
 * hierarchy), from the text of /proc/self/cgroup; NULL when not listed. */
static char *self_path(const char *text, const char *controller)
{
	const char *line, *next, *c1, *c2;
	char *path;

	for (line = text; *line; line = next) {
		const char *eol = strchr(line, '\n');
		size_t len;
		bool match = false;

		next = eol ? eol + 1 : line + strlen(line);
		if (eol == NULL)
			eol = next;
		c1 = memchr(line, ':', (size_t)(eol - line));
		c2 = c1 ? memchr(c1 + 1, ':', (size_t)(eol - c1 - 1)) : NULL;
		if (c2 == NULL || c2[1] != '/')
			continue;
		if (controller == NULL) {
			match = c1 == line + 1 && line[0] == '0' && c2 == c1 + 1;
		} else {
			const char *p = c1 + 1;
			size_t clen = strlen(controller);

			while (p < c2 && !match) {
				const char *comma = memchr(p, ',', (size_t)(c2 - p));
				const char *end = comma ? comma : c2;

				match = (size_t)(end - p) == clen && strncmp(p, controller, clen) == 0;
				p = end + 1;
			}
		}
		if (!match)
			continue;
		len = (size_t)(eol - c2 - 1);
		path = malloc(len + 1);
		if (path == NULL)
			return NULL;
		memcpy(path, c2 + 1, len);
		path[len] = '\0';
		return path;
	}
	return NULL;
}

static bool valid_name(const char *name)
{
	size_t len = name ? strlen(name) : 0;

	if (len == 0 || len > NAME_MAX_LEN || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = name[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '_' || c == '-'))
			return false;
	}
	return true;
}

static bool valid_cgroup_path(const char *path)
{
	if (path == NULL || path[0] != '/' || strlen(path) >= PATH_MAX / 2)
		return false;
	for (const char *p = path; (p = strstr(p, "/.")) != NULL; p++)
		if (p[2] == '\0' || p[2] == '/' || (p[2] == '.' && (p[3] == '\0' || p[3] == '/')))
			return false;
	return true;
}

/* Removes DIR; under CGROUP_TEST_FAKE_FS, first the regular files in it.
 * A cgroup whose last process is still exiting answers EBUSY for a
 * moment, so that is retried until DEADLINE. */
static int remove_dir(unsigned int flags, const char *dir, const struct timespec *deadline,
		      struct zviz_error *err)
{
	for (unsigned int round = 0;; round++) {
		if (flags & CGROUP_TEST_FAKE_FS) {
			DIR *d = opendir(dir);
			struct dirent *de;

			while (d && (de = readdir(d)) != NULL)
				if (de->d_type == DT_REG)
					unlinkat(dirfd(d), de->d_name, 0);
			if (d)
				closedir(d);
		}
		if (rmdir(dir) == 0 || errno == ENOENT)
			return 0;
		if (errno != EBUSY || past(deadline))
			return fail_errno(err, errno, dir, "rmdir");
		sleep_ms(round < 10 ? 1 : 20);
	}
}

/* Counts the processes in DIR's cgroup.procs, sending each SIGKILL when
 * KILL is set.  A directory already gone counts as empty. */
static int signal_procs(const char *dir, bool kill_them, size_t *count, struct zviz_error *err)
{
	char *text = read_file(dir, "cgroup.procs", err), *p, *end;
	pid_t self = getpid();

	*count = 0;
	if (text == NULL)
		return errno == ENOENT ? 0 : -1;
	for (p = text; *p; p = end) {
		long pid;

		errno = 0;
		pid = strtol(p, &end, 10);
		if (end == p) {
			end = p + 1;
			continue;
		}
		if (errno != 0 || pid <= 0 || pid > INT_MAX)
			continue;
		if ((pid_t)pid == self) {
			free(text);
			return zviz_error_set(err, "cgroup: %s: holds the calling process itself (%ld)",
					      dir, pid);
		}
		(*count)++;
		if (kill_them)
			kill((pid_t)pid, SIGKILL);
	}
	free(text);
	return 0;
}

/* ---- freeze, kill, remove ------------------------------------------------ */

/* Freezes (ON) or thaws the cgroup that can be frozen; false when there is
 * none or it would not freeze in time (the caller kills all the same). */
static bool freeze(struct zviz_cgroup *cg, bool on)
{
	struct timespec deadline;
	const char *dir;

	if (cg->v2 >= 0) {
		dir = cg->dirs[cg->v2].path;
		if (write_file(cg->flags, dir, "cgroup.freeze", on ? "1" : "0", NULL) < 0)
			return false;
	} else if (cg->freezer >= 0) {
		dir = cg->dirs[cg->freezer].path;
		if (write_file(cg->flags, dir, "freezer.state", on ? "FROZEN" : "THAWED", NULL) < 0)
			return false;
	} else {
		return false;
	}
	if (!on)
		return true;
	deadline_after(&deadline, FREEZE_TIMEOUT_MS);
	for (;;) {
		uint64_t frozen = 0;
		char *state;

		if (cg->v2 >= 0) {
			if (read_key(dir, "cgroup.events", "frozen", &frozen) == 0 && frozen == 1)
				return true;
		} else {
			state = read_file(dir, "freezer.state", NULL);
			frozen = state && strncmp(state, "FROZEN", 6) == 0;
			free(state);
			if (frozen)
				return true;
		}
		if (past(&deadline))
			return true;    /* partly frozen still slows a fork bomb */
		sleep_ms(1);
	}
}

/* Ends every process in the cgroups: cgroup.kill where the kernel has it
 * (it also catches processes forked meanwhile), else rounds of freeze,
 * SIGKILL to each process listed, thaw; until every cgroup.procs is empty. */
static int kill_all(struct zviz_cgroup *cg, const struct timespec *deadline, struct zviz_error *err)
{
	bool kill_file = false;

	if (cg->v2 >= 0 && !cg->dirs[cg->v2].removed &&
	    write_file(cg->flags, cg->dirs[cg->v2].path, "cgroup.kill", "1", NULL) == 0)
		kill_file = true;
	for (unsigned int round = 0;; round++) {
		bool frozen = !kill_file && freeze(cg, true);
		size_t left = 0, n;
		const char *busy = NULL;
		int ret = 0;

		for (size_t i = 0; i < cg->ndirs && ret == 0; i++) {
			if (cg->dirs[i].removed)
				continue;
			ret = signal_procs(cg->dirs[i].path, !kill_file, &n, err);
			if (n > 0 && busy == NULL)
				busy = cg->dirs[i].path;
			left += n;
		}
		if (frozen)
			freeze(cg, false);
		if (ret < 0)
			return -1;
		if (left == 0)
			return 0;
		if (past(deadline))
			return zviz_error_set(err, "cgroup: %s: %zu processes still inside after SIGKILL",
					      busy, left);
		sleep_ms(round < 10 ? 1 : 20);
	}
}

/* Keeps the first error of a teardown. */
static void note_error(int *ret, struct zviz_error *err, const struct zviz_error *e)
{
	if (*ret == 0 && err != NULL)
		*err = *e;
	*ret = -1;
}

/* Whether DIR has a subdirectory other than SKIP_PATH. */
static bool has_other_children(const char *dir, const char *skip_path)
{
	const char *skip = skip_path ? strrchr(skip_path, '/') + 1 : NULL;
	DIR *d = opendir(dir);
	struct dirent *de;
	bool found = false;

	if (d == NULL)
		return true;
	while (!found && (de = readdir(d)) != NULL) {
		if (de->d_type != DT_DIR || strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		found = skip == NULL || strcmp(de->d_name, skip) != 0;
	}
	closedir(d);
	return found;
}

/* Undoes the supervisor move: the controllers we enabled go off again
 * unless other cgroups beside ours may rely on them, the moved process
 * goes back, and the leaf goes. */
static int undo_move(struct zviz_cgroup *cg, const struct timespec *deadline, struct zviz_error *err)
{
	struct zviz_error e;
	char buf[64] = "", *subtree;
	int ret = 0;

	if (cg->enabled && !has_other_children(cg->v2_parent, cg->leaf)) {
		for (int c = 0; c < CGROUP_CONTROLLER_COUNT; c++)
			if (cg->enabled & (1u << c))
				snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s-%s",
					 buf[0] ? " " : "", hier_names[c]);
		if (write_file(cg->flags, cg->v2_parent, "cgroup.subtree_control", buf, &e) < 0)
			note_error(&ret, err, &e);
		else
			cg->enabled = 0;
	}
	if (cg->moved > 0) {
		subtree = (cg->flags & CGROUP_TEST_FAKE_FS) ? NULL
			  : read_file(cg->v2_parent, "cgroup.subtree_control", NULL);
		if (subtree != NULL && subtree[strspn(subtree, " \n")] != '\0') {
			zviz_error_set(&e, "cgroup: %s: left in place: %s keeps controllers enabled "
				       "for other cgroups, so process %d cannot return there",
				       cg->leaf, cg->v2_parent, (int)cg->moved);
			note_error(&ret, err, &e);
			free(subtree);
			return ret;
		}
		free(subtree);
		snprintf(buf, sizeof(buf), "%d", (int)cg->moved);
		if (write_file(cg->flags, cg->v2_parent, "cgroup.procs", buf, &e) < 0) {
			note_error(&ret, err, &e);
			return ret;
		}
		cg->moved = 0;
	}
	if (cg->leaf) {
		if (remove_dir(cg->flags, cg->leaf, deadline, &e) < 0) {
			note_error(&ret, err, &e);
			return ret;
		}
		free(cg->leaf);
		cg->leaf = NULL;
	}
	return ret;
}

static int teardown(struct zviz_cgroup *cg, struct zviz_error *err)
{
	struct timespec deadline;
	struct zviz_error e;
	int ret = 0;

	deadline_after(&deadline, DESTROY_TIMEOUT_MS);
	if (!(cg->flags & CGROUP_TEST_FAKE_FS) && cg->ndirs > 0 && kill_all(cg, &deadline, &e) < 0)
		note_error(&ret, err, &e);
	for (size_t i = cg->ndirs; i-- > 0;) {
		if (cg->dirs[i].removed)
			continue;
		if (remove_dir(cg->flags, cg->dirs[i].path, &deadline, &e) < 0)
			note_error(&ret, err, &e);
		else
			cg->dirs[i].removed = true;
	}
	if ((cg->enabled || cg->moved || cg->leaf) && undo_move(cg, &deadline, &e) < 0)
		note_error(&ret, err, &e);
	return ret;
}

static void free_cgroup(struct zviz_cgroup *cg)
{
	for (size_t i = 0; i < cg->ndirs; i++)
		free(cg->dirs[i].path);
	free(cg->v2_parent);
	free(cg->leaf);
	free(cg);
}

int cgroup_destroy(struct zviz_cgroup **cgp, struct zviz_error *err)
{
	struct zviz_cgroup *cg;
	int ret;

	if (cgp == NULL || *cgp == NULL)
		return 0;
	cg = *cgp;
	*cgp = NULL;
	ret = teardown(cg, err);
	free_cgroup(cg);
	return ret;
}

/* ---- finding the hierarchies -------------------------------------------- */

static void plan_free(struct plan *p)
{
	free(p->v2_parent);
	free(p->v2_controllers);
	free(p->v2_subtree);
	for (int h = 0; h < HIER_COUNT; h++)
		free(p->v1_parent[h]);
}

static int plan_v2(const struct cgroup_options *o, const char *self, struct plan *p,
		   struct zviz_error *err)
{
	bool fake = o->flags & CGROUP_TEST_FAKE_FS;
	char typefile[PATH_MAX];
	struct stat st;
	char *cgpath;

	if (o->flags & CGROUP_NO_V2)
		return 0;
	if (o->v2_root != NULL) {
		if (!fake && !fs_is(o->v2_root, CGROUP2_SUPER_MAGIC))
			return zviz_error_set(err, "cgroup: %s: not a cgroup2 mount", o->v2_root);
		p->v2_root = o->v2_root;
	} else if (fs_is(CGROUP_FS_ROOT, CGROUP2_SUPER_MAGIC)) {
		p->v2_root = CGROUP_FS_ROOT;
	} else if (fs_is(CGROUP_FS_UNIFIED, CGROUP2_SUPER_MAGIC)) {
		p->v2_root = CGROUP_FS_UNIFIED;
	} else {
		return 0;
	}
	cgpath = o->parent ? strdup(o->parent) : self_path(self, NULL);
	if (cgpath == NULL) {
		/* Mounted, but this process is not listed in it: not usable. */
		p->v2_root = NULL;
		return 0;
	}
	p->v2_parent = make_path(p->v2_root, cgpath, NULL, err);
	free(cgpath);
	if (p->v2_parent == NULL)
		return -1;
	p->v2_controllers = read_file(p->v2_parent, "cgroup.controllers", err);
	if (p->v2_controllers == NULL)
		return -1;
	p->v2_subtree = read_file(p->v2_parent, "cgroup.subtree_control", err);
	if (p->v2_subtree == NULL)
		return -1;
	/* The root has no cgroup.type; a cgroup namespace's "/" is no root. */
	if (file_path(typefile, sizeof(typefile), p->v2_parent, "cgroup.type", err) < 0)
		return -1;
	p->v2_parent_is_root = lstat(typefile, &st) < 0 && errno == ENOENT;
	return 0;
}

static int plan_v1(const struct cgroup_options *o, const char *self, struct plan *p,
		   struct zviz_error *err)
{
	bool fake = o->flags & CGROUP_TEST_FAKE_FS;

	if (o->flags & CGROUP_NO_V1)
		return 0;
	if (o->v1_root != NULL)
		p->v1_root = o->v1_root;
	else if (!fs_is(CGROUP_FS_ROOT, CGROUP2_SUPER_MAGIC))
		p->v1_root = CGROUP_FS_ROOT;
	else
		return 0;
	for (int h = 0; h < HIER_COUNT; h++) {
		char *hier = make_path(p->v1_root, "/", hier_names[h], err), *cgpath;
		bool usable;

		if (hier == NULL)
			return -1;
		/* A hierarchy this process is not listed in is not usable. */
		usable = fake ? is_dir(hier) : fs_is(hier, CGROUP_SUPER_MAGIC);
		cgpath = !usable ? NULL : o->parent ? strdup(o->parent) : self_path(self, hier_names[h]);
		if (cgpath != NULL)
			p->v1_parent[h] = make_path(hier, cgpath, NULL, err);
		free(hier);
		if (cgpath != NULL && p->v1_parent[h] == NULL) {
			free(cgpath);
			return -1;
		}
		free(cgpath);
	}
	return 0;
}

static int unavailable(const struct plan *p, int c, struct zviz_error *err)
{
	char v2[PATH_MAX + 64], v1[PATH_MAX + 64];
	size_t len;

	if (p->v2_root == NULL) {
		snprintf(v2, sizeof(v2), "no cgroup2 tree is used");
	} else {
		snprintf(v2, sizeof(v2), "%s offers only \"%s", p->v2_parent, p->v2_controllers);
		len = strlen(v2);
		while (len > 0 && (v2[len - 1] == '\n' || v2[len - 1] == ' '))
			v2[--len] = '\0';
		snprintf(v2 + len, sizeof(v2) - len, "\"");
	}
	if (p->v1_root == NULL)
		snprintf(v1, sizeof(v1), "no v1 hierarchies are used");
	else
		snprintf(v1, sizeof(v1), "no v1 %s hierarchy under %s", hier_names[c], p->v1_root);
	return zviz_error_set(err, "cgroup: the %s limits cannot be enforced: %s and %s",
			      hier_names[c], v2, v1);
}

/* ---- creating ----------------------------------------------------------- */

/* Makes PATH (taking it over) and records it; its index, or -1. */
static int add_dir(struct zviz_cgroup *cg, char *path, struct zviz_error *err)
{
	if (mkdir(path, 0755) < 0) {
		fail_errno(err, errno, path, "mkdir");
		free(path);
		return -1;
	}
	cg->dirs[cg->ndirs].path = path;
	cg->dirs[cg->ndirs].removed = false;
	return (int)cg->ndirs++;
}

static int write_limits_v2(const struct zviz_cgroup *cg, int c, const char *dir,
			   const struct zviz_cgroup_limits *l, struct zviz_error *err)
{
	char buf[48];

	switch (c) {
	case CGROUP_MEMORY:
		if ((l->set & ZVIZ_CGROUP_MEMORY) &&
		    write_u64(cg->flags, dir, "memory.max", l->memory_max, err) < 0)
			return -1;
		if ((l->set & ZVIZ_CGROUP_SWAP) &&
		    write_u64(cg->flags, dir, "memory.swap.max", l->swap_max, err) < 0)
			return -1;
		return 0;
	case CGROUP_PIDS:
		return write_u64(cg->flags, dir, "pids.max", l->pids_max, err);
	case CGROUP_CPU:
		if (l->set & ZVIZ_CGROUP_CPU_QUOTA) {
			snprintf(buf, sizeof(buf), "%" PRIu64 " %" PRIu64, l->cpu_quota_us,
				 l->cpu_period_us);
			if (write_file(cg->flags, dir, "cpu.max", buf, err) < 0)
				return -1;
		}
		if ((l->set & ZVIZ_CGROUP_CPU_WEIGHT) &&
		    write_u64(cg->flags, dir, "cpu.weight", l->cpu_weight, err) < 0)
			return -1;
		return 0;
	}
	return 0;
}

static int write_limits_v1(const struct zviz_cgroup *cg, int c, const char *dir,
			   const struct zviz_cgroup_limits *l, struct zviz_error *err)
{
	switch (c) {
	case CGROUP_MEMORY:
		if ((l->set & ZVIZ_CGROUP_MEMORY) &&
		    write_u64(cg->flags, dir, "memory.limit_in_bytes", l->memory_max, err) < 0)
			return -1;
		/* memsw is memory plus swap, so it comes after the memory limit
		 * (it may never be below it). */
		if ((l->set & ZVIZ_CGROUP_SWAP) &&
		    write_u64(cg->flags, dir, "memory.memsw.limit_in_bytes",
			      l->memory_max + l->swap_max, err) < 0) {
			if (errno == ENOENT)
				zviz_error_set(err, "cgroup: %s/memory.memsw.limit_in_bytes: missing: "
					       "the kernel does not account swap (swapaccount=1), so "
					       "the swap limit cannot be enforced", dir);
			return -1;
		}
		return 0;
	case CGROUP_PIDS:
		return write_u64(cg->flags, dir, "pids.max", l->pids_max, err);
	case CGROUP_CPU:
		if ((l->set & ZVIZ_CGROUP_CPU_QUOTA) &&
		    (write_u64(cg->flags, dir, "cpu.cfs_period_us", l->cpu_period_us, err) < 0 ||
		     write_u64(cg->flags, dir, "cpu.cfs_quota_us", l->cpu_quota_us, err) < 0))
			return -1;
		if ((l->set & ZVIZ_CGROUP_CPU_WEIGHT) &&
		    write_u64(cg->flags, dir, "cpu.shares", cgroup_weight_to_shares(l->cpu_weight),
			      err) < 0)
			return -1;
		return 0;
	}
	return 0;
}

/* Before enabling controllers in the v2 parent: a non-root parent may hold
 * no process, so the caller, when it is the only one there, moves into a
 * leaf of its own; anyone else there is an error. */
static int make_room(struct zviz_cgroup *cg, const struct plan *p, const char *name,
		     struct zviz_error *err)
{
	char leafname[NAME_MAX_LEN + 16], buf[24];
	char *procs, *q, *end;
	pid_t self = getpid();
	bool self_inside = false;

	if (p->v2_parent_is_root)
		return 0;
	procs = read_file(p->v2_parent, "cgroup.procs", err);
	if (procs == NULL)
		return -1;
	for (q = procs; *q; q = end) {
		long pid = strtol(q, &end, 10);

		if (end == q) {
			end = q + 1;
			continue;
		}
		if (pid == (long)self) {
			self_inside = true;
		} else if (pid > 0) {
			free(procs);
			return zviz_error_set(err, "cgroup: %s holds process %ld besides this one, so "
					      "it cannot enable controllers for a cgroup beside it",
					      p->v2_parent, pid);
		}
	}
	free(procs);
	if (!self_inside)
		return 0;
	snprintf(leafname, sizeof(leafname), "%s-supervisor", name);
	cg->leaf = make_path(p->v2_parent, "/", leafname, err);
	if (cg->leaf == NULL)
		return -1;
	if (mkdir(cg->leaf, 0755) < 0) {
		fail_errno(err, errno, cg->leaf, "mkdir");
		free(cg->leaf);
		cg->leaf = NULL;
		return -1;
	}
	snprintf(buf, sizeof(buf), "%d", (int)self);
	if (write_file(cg->flags, cg->leaf, "cgroup.procs", buf, err) < 0)
		return -1;
	cg->moved = self;
	return 0;
}

static int create_v2(struct zviz_cgroup *cg, const struct plan *p, const char *name,
		     const struct zviz_cgroup_limits *limits, struct zviz_error *err)
{
	char enable[64] = "";
	unsigned int missing = 0;
	char *path;
	int i;

	for (int c = 0; c < CGROUP_CONTROLLER_COUNT; c++)
		if (cg->version[c] == CGROUP_V2 && !has_word(p->v2_subtree, hier_names[c]))
			missing |= 1u << c;
	cg->v2_parent = strdup(p->v2_parent);
	if (cg->v2_parent == NULL)
		return zviz_error_set(err, "cgroup: out of memory");
	if (missing) {
		if (make_room(cg, p, name, err) < 0)
			return -1;
		for (int c = 0; c < CGROUP_CONTROLLER_COUNT; c++)
			if (missing & (1u << c))
				snprintf(enable + strlen(enable), sizeof(enable) - strlen(enable), "%s+%s",
					 enable[0] ? " " : "", hier_names[c]);
		if (write_file(cg->flags, p->v2_parent, "cgroup.subtree_control", enable, err) < 0)
			return -1;
		cg->enabled = missing;
	}
	path = make_path(p->v2_parent, "/", name, err);
	if (path == NULL || (i = add_dir(cg, path, err)) < 0)
		return -1;
	cg->v2 = i;
	for (int c = 0; c < CGROUP_CONTROLLER_COUNT; c++) {
		if (cg->version[c] != CGROUP_V2)
			continue;
		cg->ctl_dir[c] = i;
		if (write_limits_v2(cg, c, path, limits, err) < 0)
			return -1;
	}
	return 0;
}

static int create_v1(struct zviz_cgroup *cg, const struct plan *p, const char *name,
		     const struct zviz_cgroup_limits *limits, struct zviz_error *err)
{
	char *path;
	int i;

	for (int c = 0; c < CGROUP_CONTROLLER_COUNT; c++) {
		if (cg->version[c] != CGROUP_V1)
			continue;
		path = make_path(p->v1_parent[c], "/", name, err);
		if (path == NULL || (i = add_dir(cg, path, err)) < 0)
			return -1;
		cg->ctl_dir[c] = i;
		if (write_limits_v1(cg, c, path, limits, err) < 0)
			return -1;
	}
	/* Without a v2 cgroup to kill through, a freezer cgroup lets
	 * destroy stop the processes before it kills them. */
	if (cg->v2 < 0 && p->v1_parent[HIER_FREEZER] != NULL) {
		path = make_path(p->v1_parent[HIER_FREEZER], "/", name, err);
		if (path == NULL || (i = add_dir(cg, path, err)) < 0)
			return -1;
		cg->freezer = i;
	}
	return 0;
}

static void report(const struct zviz_cgroup *cg)
{
	for (int c = 0; c < CGROUP_CONTROLLER_COUNT; c++)
		if (cg->version[c] != CGROUP_UNUSED)
			fprintf(stderr, "cgroup: %s limits in cgroup v%d: %s\n", hier_names[c],
				(int)cg->version[c], cg->dirs[cg->ctl_dir[c]].path);
	if (cg->v2 >= 0)
		fprintf(stderr, "cgroup: destroy ends the processes through %s\n", cg->dirs[cg->v2].path);
	else if (cg->freezer >= 0)
		fprintf(stderr, "cgroup: frozen for killing through %s\n", cg->dirs[cg->freezer].path);
	if (cg->moved)
		fprintf(stderr, "cgroup: this process moved to %s\n", cg->leaf);
}

/* Removes the cgroups a loader killed outright (SIGKILL leaves no time
 * to clean up) left in DIR: siblings named like NAME, with the stem up to
 * its last '-' followed by the number of a process that no longer
 * exists (and "-supervisor" leaves of those).  Only rmdir: a cgroup that
 * still holds anything stays. */
static void remove_stale(const char *dir, const char *name)
{
	const char *dash = strrchr(name, '-');
	size_t stem = dash ? (size_t)(dash - name) + 1 : 0;
	struct dirent *e;
	DIR *d;

	if (dir == NULL || stem == 0 || (d = opendir(dir)) == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		char *end, path[PATH_MAX];
		long pid;

		if (strncmp(e->d_name, name, stem) != 0 || strcmp(e->d_name, name) == 0)
			continue;
		errno = 0;
		pid = strtol(e->d_name + stem, &end, 10);
		if (errno || end == e->d_name + stem || pid <= 0 || (*end && strcmp(end, "-supervisor") != 0))
			continue;
		if (kill((pid_t)pid, 0) == 0 || errno != ESRCH)
			continue;   /* its loader is alive (or not ours to judge) */
		if (snprintf(path, sizeof(path), "%s/%s", dir, e->d_name) < (int)sizeof(path))
			rmdir(path);
	}
	closedir(d);
}

int cgroup_create(const struct cgroup_options *options, const char *name,
		  const struct zviz_cgroup_limits *limits, struct zviz_cgroup **out,
		  struct zviz_error *err)
{
	static const struct cgroup_options defaults;
	const struct cgroup_options *o = options ? options : &defaults;
	const char *self_file = o->self_cgroup_file ? o->self_cgroup_file : SELF_CGROUP_FILE;
	struct plan p = { 0 };
	struct zviz_cgroup *cg;
	struct zviz_error cleanup;
	char *self = NULL;
	bool need[CGROUP_CONTROLLER_COUNT];

	*out = NULL;
	if (!valid_name(name))
		return zviz_error_set(err, "cgroup: invalid cgroup name \"%s\" "
				      "(letters, digits, '.', '_', '-'; at most %d bytes)",
				      name ? name : "", NAME_MAX_LEN);
	if (limits->set & ~ZVIZ_CGROUP_ALL)
		return zviz_error_set(err, "cgroup: unknown limit bits 0x%x",
				      limits->set & ~ZVIZ_CGROUP_ALL);
	if (o->parent != NULL && !valid_cgroup_path(o->parent))
		return zviz_error_set(err, "cgroup: invalid parent cgroup \"%s\" "
				      "(an absolute path without . or ..)", o->parent);
	cg = calloc(1, sizeof(*cg));
	if (cg == NULL)
		return zviz_error_set(err, "cgroup: out of memory");
	cg->flags = o->flags;
	cg->verbose = o->verbose;
	cg->v2 = cg->freezer = -1;
	for (int c = 0; c < CGROUP_CONTROLLER_COUNT; c++)
		cg->ctl_dir[c] = -1;
	if (limits->set == 0) {
		*out = cg;
		return 0;
	}
	need[CGROUP_MEMORY] = limits->set & (ZVIZ_CGROUP_MEMORY | ZVIZ_CGROUP_SWAP);
	need[CGROUP_PIDS] = limits->set & ZVIZ_CGROUP_PIDS;
	need[CGROUP_CPU] = limits->set & (ZVIZ_CGROUP_CPU_QUOTA | ZVIZ_CGROUP_CPU_WEIGHT);

	self = read_path(self_file, err);
	if (self == NULL || plan_v2(o, self, &p, err) < 0 || plan_v1(o, self, &p, err) < 0)
		goto fail;

	if (!(o->flags & CGROUP_TEST_FAKE_FS)) {
		remove_stale(p.v2_parent, name);
		for (int h = 0; h < HIER_COUNT; h++)
			remove_stale(p.v1_parent[h], name);
	}

	/* Each controller: v2 when the unified tree offers it, else v1. */
	for (int c = 0; c < CGROUP_CONTROLLER_COUNT; c++) {
		if (!need[c])
			continue;
		if (p.v2_root != NULL && has_word(p.v2_controllers, hier_names[c]))
			cg->version[c] = CGROUP_V2;
		else if (p.v1_parent[c] != NULL)
			cg->version[c] = CGROUP_V1;
		else {
			unavailable(&p, c, err);
			goto fail;
		}
	}
	if (cg->version[CGROUP_MEMORY] == CGROUP_V1 && (limits->set & ZVIZ_CGROUP_SWAP)) {
		if (!(limits->set & ZVIZ_CGROUP_MEMORY)) {
			zviz_error_set(err, "cgroup: a swap limit without a memory limit cannot be "
				       "enforced in cgroup v1 (memory.memsw.limit_in_bytes is memory "
				       "plus swap)");
			goto fail;
		}
		if (limits->swap_max > UINT64_MAX - limits->memory_max) {
			zviz_error_set(err, "cgroup: memory plus swap limit overflows");
			goto fail;
		}
	}

	if (p.v2_root != NULL && create_v2(cg, &p, name, limits, err) < 0)
		goto fail;
	if (create_v1(cg, &p, name, limits, err) < 0)
		goto fail;
	if (cg->verbose)
		report(cg);
	plan_free(&p);
	free(self);
	*out = cg;
	return 0;
fail:
	/* The first failure is the one to report; one in cleaning up after
	 * it (something left behind) is worth saying too. */
	if (teardown(cg, &cleanup) < 0 && err != NULL) {
		size_t len = strlen(err->msg);

		snprintf(err->msg + len, sizeof(err->msg) - len, "; clean-up failed too: %s",
			 cleanup.msg);
	}
	free_cgroup(cg);
	plan_free(&p);
	free(self);
	return -1;
}

/* ---- using it ----------------------------------------------------------- */

int cgroup_attach(struct zviz_cgroup *cg, pid_t pid, struct zviz_error *err)
{
	char buf[24];

	if (cg == NULL)
		return zviz_error_set(err, "cgroup: attach: no cgroup");
	if (pid <= 0)
		return zviz_error_set(err, "cgroup: attach: invalid pid %d", (int)pid);
	snprintf(buf, sizeof(buf), "%d", (int)pid);
	for (size_t i = 0; i < cg->ndirs; i++)
		if (write_file(cg->flags, cg->dirs[i].path, "cgroup.procs", buf, err) < 0)
			return -1;
	return 0;
}

bool cgroup_oom_killed(const struct zviz_cgroup *cg)
{
	const char *dir;
	uint64_t n = 0;

	if (cg == NULL || cg->ctl_dir[CGROUP_MEMORY] < 0)
		return false;
	dir = cg->dirs[cg->ctl_dir[CGROUP_MEMORY]].path;
	if (cg->version[CGROUP_MEMORY] == CGROUP_V2)
		return read_key(dir, "memory.events", "oom_kill", &n) == 0 && n > 0;
	if (read_key(dir, "memory.oom_control", "oom_kill", &n) == 0)
		return n > 0;
	/* Kernels before 4.13 do not count kills: the limit was hit. */
	return (read_key(dir, "memory.memsw.failcnt", NULL, &n) == 0 && n > 0) ||
	       (read_key(dir, "memory.failcnt", NULL, &n) == 0 && n > 0);
}

enum cgroup_version cgroup_controller_version(const struct zviz_cgroup *cg,
					      enum cgroup_controller controller)
{
	if (cg == NULL || (unsigned int)controller >= CGROUP_CONTROLLER_COUNT)
		return CGROUP_UNUSED;
	return cg->version[controller];
}

const char *cgroup_controller_path(const struct zviz_cgroup *cg, enum cgroup_controller controller)
{
	if (cg == NULL || (unsigned int)controller >= CGROUP_CONTROLLER_COUNT ||
	    cg->ctl_dir[controller] < 0)
		return NULL;
	return cg->dirs[cg->ctl_dir[controller]].path;
}

const char *cgroup_dir(const struct zviz_cgroup *cg, size_t i)
{
	if (cg == NULL || i >= cg->ndirs)
		return NULL;
	return cg->dirs[i].path;
}
