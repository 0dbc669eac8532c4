/* zvizc: the syntax tree of .zp files, as the parser builds it.  All nodes
 * live in the compilation's arena.  Lists are singly linked, in source
 * order. */
#ifndef ZVIZC_AST_H
#define ZVIZC_AST_H

#include <stdbool.h>
#include <stdint.h>

#include "source.h"

/* ---- expressions (conditions and constant expressions) ------------------- */

enum zp_expr_kind {
	ZP_EXPR_NUMBER,
	ZP_EXPR_NAME,          /* an argument, a define or a libc constant */
	ZP_EXPR_UNARY,         /* op: ZP_OP_NOT or ZP_OP_BITNOT; operand in lhs */
	ZP_EXPR_BINARY,
	ZP_EXPR_IN,            /* lhs in (list); negated for `not in` */
};

enum zp_op {
	ZP_OP_NONE,
	ZP_OP_OR, ZP_OP_AND, ZP_OP_NOT,
	ZP_OP_EQ, ZP_OP_NE, ZP_OP_LT, ZP_OP_LE, ZP_OP_GT, ZP_OP_GE,
	ZP_OP_BITOR, ZP_OP_BITAND, ZP_OP_BITNOT, ZP_OP_SHL, ZP_OP_SHR,
};

struct zp_expr {
	enum zp_expr_kind kind;
	enum zp_op op;
	struct zp_loc loc;
	bool parenthesized;        /* written inside ( ) */
	bool negated;              /* ZP_EXPR_IN: `not in` */
	uint64_t number;
	const char *name;
	struct zp_expr *lhs, *rhs;
	struct zp_expr *list;      /* ZP_EXPR_IN: items linked through next */
	struct zp_expr *next;
};

/* ---- syscall targets ------------------------------------------------------ */

struct zp_target {
	const char *name;          /* without the @ for groups */
	bool is_group;
	bool removed;              /* introduced by `-` */
	struct zp_loc loc;
	struct zp_target *next;
};

/* ---- actions and rules ----------------------------------------------------- */

enum zp_action_kind { ZP_ALLOW, ZP_KILL, ZP_KILL_THREAD, ZP_ERRNO, ZP_TRAP, ZP_LOG };

struct zp_action {
	enum zp_action_kind kind;
	struct zp_expr *errno_value;   /* ZP_ERRNO: a number or an errno name */
	struct zp_loc loc;
};

/* ---- values of sections ---------------------------------------------------- */

/* A word or a number with an optional unit suffix (512M, 300s, 25%). */
struct zp_value {
	bool is_word;
	const char *word;
	uint64_t number;
	const char *suffix;        /* "" when none */
	uint64_t range_end;        /* ports: `8000 - 8010`; equals number otherwise */
	struct zp_loc loc;
	struct zp_value *next;
};

enum zp_fs_kind { ZP_FS_READ, ZP_FS_WRITE, ZP_FS_EXECUTE, ZP_FS_DEVICE, ZP_FS_ACCESS };

struct zp_fs_rule {
	enum zp_fs_kind kind;
	struct zp_value *paths;    /* strings (is_word, word = the path) */
	struct zp_value *rights;   /* ZP_FS_ACCESS: right names */
	struct zp_loc loc;
	struct zp_fs_rule *next;
};

enum zp_net_kind { ZP_NET_NAMESPACE, ZP_NET_BIND, ZP_NET_CONNECT };

struct zp_net_rule {
	enum zp_net_kind kind;
	struct zp_value *word;     /* namespace mode, or protocol */
	struct zp_value *ports;
	struct zp_loc loc;
	struct zp_net_rule *next;
};

struct zp_setting {               /* one line of limits { } */
	struct zp_value *name;
	struct zp_value *value;
	struct zp_loc loc;
	struct zp_setting *next;
};

/* ---- profile statements ---------------------------------------------------------- */

enum zp_stmt_kind {
	ZP_STMT_DESCRIPTION, ZP_STMT_UNSAFE, ZP_STMT_ARCH, ZP_STMT_DEFAULT, ZP_STMT_RULE,
	ZP_STMT_FILESYSTEM, ZP_STMT_NETWORK, ZP_STMT_SCOPE, ZP_STMT_LIMITS, ZP_STMT_CAPABILITIES,
};

struct zp_stmt {
	enum zp_stmt_kind kind;
	struct zp_loc loc;
	const char *text;              /* description, unsafe */
	struct zp_value *words;        /* arch, scope, capabilities; filesystem mode */
	struct zp_action action;       /* default, rule */
	struct zp_target *targets;     /* rule */
	struct zp_expr *condition;     /* rule: NULL when unconditional */
	struct zp_fs_rule *fs;
	struct zp_net_rule *net;
	struct zp_setting *settings;
	struct zp_stmt *next;
};

/* ---- top-level items ------------------------------------------------------------ */

struct zp_profile {
	const char *name;
	struct zp_loc loc;
	const char *parent;            /* extends, or NULL */
	struct zp_loc parent_loc;
	struct zp_stmt *stmts;
	struct zp_profile *next;
};

struct zp_define {
	const char *name;
	struct zp_expr *value;
	struct zp_loc loc;
	bool used;
	struct zp_define *next;
};

struct zp_group {
	const char *name;
	struct zp_target *members;
	struct zp_loc loc;
	bool used;
	struct zp_group *next;
};

struct zp_include {
	const char *path;
	struct zp_loc loc;
	struct zp_include *next;
};

/* One parsed file. */
struct zp_file {
	const struct zp_source *src;
	struct zp_include *includes;
	struct zp_define *defines;
	struct zp_group *groups;
	struct zp_profile *profiles;
	unsigned syntax_errors;        /* the tree may be missing statements */
	struct zp_file *next;
};

#endif
