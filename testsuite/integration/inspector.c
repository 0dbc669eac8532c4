/* A small static program the loader tests run inside the sandbox:
 *
 *   inspector syscall NR [ARG...]   make syscall NR; print "ok" or the errno name
 *   inspector fds                   print the numbers of the open descriptors
 *   inspector alloc MIB             allocate and touch MIB mebibytes, then print "ok"
 *   inspector bind PORT             bind a TCP socket to 127.0.0.1:PORT; "ok" or the errno name
 *
 * Static, so that it needs nothing from the test rootfs. */
#include <config.h>

#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <stdint.h>
#include <sys/socket.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static int make_syscall(int argc, char **argv)
{
	long args[6] = { 0 };
	long nr = strtol(argv[2], NULL, 0);

	for (int i = 3; i < argc && i < 9; i++)
		args[i - 3] = (long)strtoull(argv[i], NULL, 0);
	errno = 0;
	if (syscall(nr, args[0], args[1], args[2], args[3], args[4], args[5]) < 0) {
		printf("%s\n", strerrorname_np(errno) ? strerrorname_np(errno) : "E?");
		return 1;
	}
	printf("ok\n");
	return 0;
}

static int list_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int own;

	if (d == NULL) {
		perror("/proc/self/fd");
		return 1;
	}
	own = dirfd(d);
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' || atoi(e->d_name) == own)
			continue;
		printf("%s\n", e->d_name);
	}
	closedir(d);
	return 0;
}

static int bind_port(const char *port)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(port)),
				   .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	if (fd < 0 || bind(fd, (struct sockaddr *)&sin, sizeof(sin)) < 0) {
		printf("%s\n", strerrorname_np(errno) ? strerrorname_np(errno) : "E?");
		return 1;
	}
	printf("ok\n");
	close(fd);
	return 0;
}

static int allocate(const char *mib)
{
	size_t size = (size_t)strtoul(mib, NULL, 10) << 20;
	char *p = malloc(size);

	if (p == NULL) {
		printf("ENOMEM\n");
		return 1;
	}
	for (size_t i = 0; i < size; i += 4096)
		p[i] = 1;
	printf("ok\n");
	free(p);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 3 && strcmp(argv[1], "syscall") == 0)
		return make_syscall(argc, argv);
	if (argc == 2 && strcmp(argv[1], "fds") == 0)
		return list_fds();
	if (argc == 3 && strcmp(argv[1], "alloc") == 0)
		return allocate(argv[2]);
	if (argc == 3 && strcmp(argv[1], "bind") == 0)
		return bind_port(argv[2]);
	fprintf(stderr, "usage: inspector syscall NR [ARG...] | fds | alloc MIB | bind PORT\n");
	return 2;
}
