/* zviz-load: the container's filesystem view — run in the new user and
 * mount namespaces: mounts made private, the rootfs bound, /proc, /sys,
 * /dev and the bundle's mounts, masked and read-only paths, pivot_root. */
#ifndef ZVIZ_LOAD_ROOTFS_H
#define ZVIZ_LOAD_ROOTFS_H

#include "error.h"
#include "launch.h"

/* TREE, when not -1, is the rootfs as an idmapped detached mount, put in
 * place of the plain bind mount. */
int rootfs_setup(const struct launch *l, int tree, bool private_net, struct zviz_error *err);

#endif
