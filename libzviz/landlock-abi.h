/* libzviz: Landlock's access rights and scopes, by the numbers of the
 * kernel's UAPI.  Defined here because the build host's kernel headers may
 * predate the rights a profile uses (network rules arrived in ABI 4,
 * IOCTL_DEV in 5, scopes in 6), while the numbers themselves never change. */
#ifndef ZVIZ_LANDLOCK_ABI_H
#define ZVIZ_LANDLOCK_ABI_H

/* Filesystem rights (ABI 1 unless noted). */
#define ZVIZ_LL_FS_EXECUTE      (1ull << 0)
#define ZVIZ_LL_FS_WRITE_FILE   (1ull << 1)
#define ZVIZ_LL_FS_READ_FILE    (1ull << 2)
#define ZVIZ_LL_FS_READ_DIR     (1ull << 3)
#define ZVIZ_LL_FS_REMOVE_DIR   (1ull << 4)
#define ZVIZ_LL_FS_REMOVE_FILE  (1ull << 5)
#define ZVIZ_LL_FS_MAKE_CHAR    (1ull << 6)
#define ZVIZ_LL_FS_MAKE_DIR     (1ull << 7)
#define ZVIZ_LL_FS_MAKE_REG     (1ull << 8)
#define ZVIZ_LL_FS_MAKE_SOCK    (1ull << 9)
#define ZVIZ_LL_FS_MAKE_FIFO    (1ull << 10)
#define ZVIZ_LL_FS_MAKE_BLOCK   (1ull << 11)
#define ZVIZ_LL_FS_MAKE_SYM     (1ull << 12)
#define ZVIZ_LL_FS_REFER        (1ull << 13)   /* ABI 2 */
#define ZVIZ_LL_FS_TRUNCATE     (1ull << 14)   /* ABI 3 */
#define ZVIZ_LL_FS_IOCTL_DEV    (1ull << 15)   /* ABI 5 */

/* Network rights (ABI 4). */
#define ZVIZ_LL_NET_BIND_TCP    (1ull << 0)
#define ZVIZ_LL_NET_CONNECT_TCP (1ull << 1)

/* Scopes (ABI 6). */
#define ZVIZ_LL_SCOPE_ABSTRACT_UNIX_SOCKET (1ull << 0)
#define ZVIZ_LL_SCOPE_SIGNAL               (1ull << 1)

#endif
