/* The .zp profile language: the grammar.  A pure, reentrant parser with
 * locations; syntax errors are reported through the diagnostics and the
 * parser resumes at the next `;` or `}`, so one run reports them all.
 * Meaning (names, ranges, resolution) is checked later, in compiler/. */
%code top {
#include <config.h>
}

%code requires {
#include <stdint.h>
#include "ast.h"
struct zp_parse_ctx;
typedef void *zp_scan_t;
}

%code provides {
int zp_lex(ZP_STYPE *val, ZP_LTYPE *loc, zp_scan_t scanner);
void zp_error(ZP_LTYPE *loc, zp_scan_t scanner, struct zp_parse_ctx *ctx, const char *msg);
}

%code {
#include <string.h>

#include "parse.h"

#define LOC(l) zp_loc_make(ctx, (l).first_line, (l).first_column, (l).last_line, (l).last_column)
#define NEW(type) ((type *)arena_alloc(ctx->arena, sizeof(type)))

/* Appends ITEM to the list starting at HEAD (both linked through next). */
#define APPEND(type, head, item) ((type *)append_node((void **)&(head), (item), offsetof(type, next)))

static void *append_node(void **head, void *item, size_t next_offset)
{
	void **link = head;

	while (*link != NULL)
		link = (void **)((char *)*link + next_offset);
	*link = item;
	return item;
}

static struct zp_expr *new_expr(struct zp_parse_ctx *ctx, enum zp_expr_kind kind, enum zp_op op,
				struct zp_loc loc)
{
	struct zp_expr *e = NEW(struct zp_expr);

	e->kind = kind;
	e->op = op;
	e->loc = loc;
	return e;
}

static struct zp_expr *binary(struct zp_parse_ctx *ctx, enum zp_op op, struct zp_expr *l,
			      struct zp_expr *r, struct zp_loc loc)
{
	struct zp_expr *e = new_expr(ctx, ZP_EXPR_BINARY, op, loc);

	e->lhs = l;
	e->rhs = r;
	return e;
}

static struct zp_value *word_value(struct zp_parse_ctx *ctx, const char *word, struct zp_loc loc)
{
	struct zp_value *v = NEW(struct zp_value);

	v->is_word = true;
	v->word = word;
	v->suffix = "";
	v->loc = loc;
	return v;
}

static struct zp_stmt *new_stmt(struct zp_parse_ctx *ctx, enum zp_stmt_kind kind, struct zp_loc loc)
{
	struct zp_stmt *s = NEW(struct zp_stmt);

	s->kind = kind;
	s->loc = loc;
	return s;
}
}

%define api.prefix {zp_}
%define api.pure full
%define parse.error verbose
%locations
%param {zp_scan_t scanner}
%parse-param {struct zp_parse_ctx *ctx}
%expect 0

%union {
	const char *text;
	struct { uint64_t value; const char *suffix; } number;
	struct zp_expr *expr;
	struct zp_target *target;
	struct zp_action action;
	struct zp_value *value;
	struct zp_stmt *stmt;
	struct zp_fs_rule *fs;
	struct zp_net_rule *net;
	struct zp_setting *setting;
	struct zp_profile *profile;
	int fs_kind;
}

%token <text> IDENT "name" STRING "string" GROUP_NAME "@group"
%token <number> NUMBER "number"
%token KW_INCLUDE "include" KW_DEFINE "define" KW_GROUP "group" KW_PROFILE "profile"
%token KW_EXTENDS "extends" KW_DESCRIPTION "description" KW_UNSAFE "unsafe" KW_ARCH "arch"
%token KW_DEFAULT "default" KW_ALLOW "allow" KW_KILL "kill" KW_KILL_THREAD "kill-thread"
%token KW_ERRNO "errno" KW_TRAP "trap" KW_LOG "log"
%token KW_FILESYSTEM "filesystem" KW_NETWORK "network" KW_SCOPE "scope" KW_LIMITS "limits"
%token KW_CAPABILITIES "capabilities"
%token KW_READ "read" KW_WRITE "write" KW_EXECUTE "execute" KW_DEVICE "device" KW_ACCESS "access"
%token KW_NAMESPACE "namespace" KW_BIND "bind" KW_CONNECT "connect"
%token KW_IF "if" KW_AND "and" KW_OR "or" KW_NOT "not" KW_IN "in" KW_NOT_IN "not in"
%token OP_EQ "==" OP_NE "!=" OP_LT "<" OP_LE "<=" OP_GT ">" OP_GE ">=" OP_SHL "<<" OP_SHR ">>"

%left KW_OR
%left KW_AND
%precedence KW_NOT
%nonassoc OP_EQ OP_NE OP_LT OP_LE OP_GT OP_GE KW_IN KW_NOT_IN
%left '|'
%left '&'
%left OP_SHL OP_SHR
%precedence '~'

%type <expr> expr expr_list opt_condition errno_value
%type <target> targets target
%type <action> action
%type <value> words word_value string_list value port port_list
%type <stmt> profile_body profile_item
%type <fs> fs_body fs_item
%type <net> net_body net_item
%type <setting> limits_body limit_item
%type <profile> profile_head
%type <text> opt_extends
%type <fs_kind> fs_keyword

%%

file:
	  %empty
	| file top_item
	;

top_item:
	  KW_INCLUDE STRING ';'
		{ struct zp_include *inc = NEW(struct zp_include);
		  inc->path = $2; inc->loc = LOC(@2);
		  APPEND(struct zp_include, ctx->file->includes, inc); }
	| KW_DEFINE IDENT '=' expr ';'
		{ struct zp_define *def = NEW(struct zp_define);
		  def->name = $2; def->value = $4; def->loc = LOC(@2);
		  APPEND(struct zp_define, ctx->file->defines, def); }
	| KW_GROUP GROUP_NAME '{' targets '}' opt_semi
		{ struct zp_group *g = NEW(struct zp_group);
		  g->name = $2; g->members = $4; g->loc = LOC(@2);
		  APPEND(struct zp_group, ctx->file->groups, g); }
	| profile_head '{' profile_body '}' opt_semi
		{ $1->stmts = $3; APPEND(struct zp_profile, ctx->file->profiles, $1); }
	| error ';'
	| error '}'
	;

opt_semi: %empty | ';' ;

profile_head:
	  KW_PROFILE IDENT opt_extends
		{ $$ = NEW(struct zp_profile); $$->name = $2; $$->loc = LOC(@2);
		  $$->parent = $3; if ($3) $$->parent_loc = LOC(@3); }
	;

opt_extends:
	  %empty            { $$ = NULL; }
	| KW_EXTENDS IDENT  { $$ = $2; @$ = @2; }
	;

/* ---- targets: syscalls and groups, `-` removes ----------------------------- */

targets:
	  target                { $$ = $1; }
	| targets ',' target    { $$ = $1; APPEND(struct zp_target, $$, $3); }
	| targets '-' target    { $$ = $1; $3->removed = true; APPEND(struct zp_target, $$, $3); }
	| targets ','           { $$ = $1; }
	;

target:
	  IDENT        { $$ = NEW(struct zp_target); $$->name = $1; $$->loc = LOC(@1); }
	| GROUP_NAME   { $$ = NEW(struct zp_target); $$->name = $1; $$->is_group = true; $$->loc = LOC(@1); }
	;

/* ---- profile bodies ------------------------------------------------------------ */

profile_body:
	  %empty                    { $$ = NULL; }
	| profile_body profile_item { $$ = $1; if ($2) APPEND(struct zp_stmt, $$, $2); }
	;

profile_item:
	  KW_DESCRIPTION STRING ';'
		{ $$ = new_stmt(ctx, ZP_STMT_DESCRIPTION, LOC(@1)); $$->text = $2; }
	| KW_UNSAFE STRING ';'
		{ $$ = new_stmt(ctx, ZP_STMT_UNSAFE, LOC(@1)); $$->text = $2; }
	| KW_ARCH words ';'
		{ $$ = new_stmt(ctx, ZP_STMT_ARCH, LOC(@1)); $$->words = $2; }
	| KW_DEFAULT action ';'
		{ $$ = new_stmt(ctx, ZP_STMT_DEFAULT, LOC(@1)); $$->action = $2; }
	| action targets opt_condition ';'
		{ $$ = new_stmt(ctx, ZP_STMT_RULE, LOC(@$)); $$->action = $1;
		  $$->targets = $2; $$->condition = $3; }
	| KW_FILESYSTEM '{' fs_body '}' opt_semi
		{ $$ = new_stmt(ctx, ZP_STMT_FILESYSTEM, LOC(@1)); $$->fs = $3; }
	| KW_FILESYSTEM IDENT '{' fs_body '}' opt_semi
		{ $$ = new_stmt(ctx, ZP_STMT_FILESYSTEM, LOC(@1)); $$->fs = $4;
		  $$->words = word_value(ctx, $2, LOC(@2)); }
	| KW_NETWORK '{' net_body '}' opt_semi
		{ $$ = new_stmt(ctx, ZP_STMT_NETWORK, LOC(@1)); $$->net = $3; }
	| KW_SCOPE words ';'
		{ $$ = new_stmt(ctx, ZP_STMT_SCOPE, LOC(@1)); $$->words = $2; }
	| KW_LIMITS '{' limits_body '}' opt_semi
		{ $$ = new_stmt(ctx, ZP_STMT_LIMITS, LOC(@1)); $$->settings = $3; }
	| KW_CAPABILITIES words ';'
		{ $$ = new_stmt(ctx, ZP_STMT_CAPABILITIES, LOC(@1)); $$->words = $2; }
	| error ';'    { $$ = NULL; }
	| error '}'    { $$ = NULL; }
	;

action:
	  KW_ALLOW        { $$ = (struct zp_action){ .kind = ZP_ALLOW, .loc = LOC(@1) }; }
	| KW_KILL         { $$ = (struct zp_action){ .kind = ZP_KILL, .loc = LOC(@1) }; }
	| KW_KILL_THREAD  { $$ = (struct zp_action){ .kind = ZP_KILL_THREAD, .loc = LOC(@1) }; }
	| KW_TRAP         { $$ = (struct zp_action){ .kind = ZP_TRAP, .loc = LOC(@1) }; }
	| KW_LOG          { $$ = (struct zp_action){ .kind = ZP_LOG, .loc = LOC(@1) }; }
	| KW_ERRNO '(' errno_value ')'
		{ $$ = (struct zp_action){ .kind = ZP_ERRNO, .errno_value = $3, .loc = LOC(@$) }; }
	;

errno_value:
	  IDENT   { $$ = new_expr(ctx, ZP_EXPR_NAME, ZP_OP_NONE, LOC(@1)); $$->name = $1; }
	| NUMBER  { $$ = new_expr(ctx, ZP_EXPR_NUMBER, ZP_OP_NONE, LOC(@1)); $$->number = $1.value;
		    if ($1.suffix[0]) { struct zp_loc l = LOC(@1);
		      diag_add(ctx->diags, "syntax", &l, "an errno value takes no unit"); } }
	;

opt_condition:
	  %empty        { $$ = NULL; }
	| KW_IF expr    { $$ = $2; }
	;

words:
	  word_value             { $$ = $1; }
	| words ',' word_value   { $$ = $1; APPEND(struct zp_value, $$, $3); }
	;

word_value:
	  IDENT   { $$ = word_value(ctx, $1, LOC(@1)); }
	;

/* ---- expressions: conditions and constant expressions -------------------------- */

expr:
	  expr KW_OR expr     { $$ = binary(ctx, ZP_OP_OR, $1, $3, LOC(@$)); }
	| expr KW_AND expr    { $$ = binary(ctx, ZP_OP_AND, $1, $3, LOC(@$)); }
	| KW_NOT expr         { $$ = new_expr(ctx, ZP_EXPR_UNARY, ZP_OP_NOT, LOC(@$)); $$->lhs = $2; }
	| expr OP_EQ expr     { $$ = binary(ctx, ZP_OP_EQ, $1, $3, LOC(@$)); }
	| expr OP_NE expr     { $$ = binary(ctx, ZP_OP_NE, $1, $3, LOC(@$)); }
	| expr OP_LT expr     { $$ = binary(ctx, ZP_OP_LT, $1, $3, LOC(@$)); }
	| expr OP_LE expr     { $$ = binary(ctx, ZP_OP_LE, $1, $3, LOC(@$)); }
	| expr OP_GT expr     { $$ = binary(ctx, ZP_OP_GT, $1, $3, LOC(@$)); }
	| expr OP_GE expr     { $$ = binary(ctx, ZP_OP_GE, $1, $3, LOC(@$)); }
	| expr KW_IN '(' expr_list ')'
		{ $$ = new_expr(ctx, ZP_EXPR_IN, ZP_OP_NONE, LOC(@$)); $$->lhs = $1; $$->list = $4; }
	| expr KW_NOT_IN '(' expr_list ')'
		{ $$ = new_expr(ctx, ZP_EXPR_IN, ZP_OP_NONE, LOC(@$)); $$->lhs = $1; $$->list = $4;
		  $$->negated = true; }
	| expr '|' expr       { $$ = binary(ctx, ZP_OP_BITOR, $1, $3, LOC(@$)); }
	| expr '&' expr       { $$ = binary(ctx, ZP_OP_BITAND, $1, $3, LOC(@$)); }
	| expr OP_SHL expr    { $$ = binary(ctx, ZP_OP_SHL, $1, $3, LOC(@$)); }
	| expr OP_SHR expr    { $$ = binary(ctx, ZP_OP_SHR, $1, $3, LOC(@$)); }
	| '~' expr            { $$ = new_expr(ctx, ZP_EXPR_UNARY, ZP_OP_BITNOT, LOC(@$)); $$->lhs = $2; }
	| '(' expr ')'        { $$ = $2; $$->parenthesized = true; }
	| IDENT               { $$ = new_expr(ctx, ZP_EXPR_NAME, ZP_OP_NONE, LOC(@1)); $$->name = $1; }
	| NUMBER
		{ $$ = new_expr(ctx, ZP_EXPR_NUMBER, ZP_OP_NONE, LOC(@1)); $$->number = $1.value;
		  if ($1.suffix[0]) { struct zp_loc l = LOC(@1);
		    diag_add(ctx->diags, "syntax", &l, "a unit ('%s') has no meaning in an expression",
			     $1.suffix); } }
	;

expr_list:
	  expr                  { $$ = $1; }
	| expr_list ',' expr    { $$ = $1; APPEND(struct zp_expr, $$, $3); }
	;

/* ---- filesystem { } -------------------------------------------------------------- */

fs_body:
	  %empty            { $$ = NULL; }
	| fs_body fs_item   { $$ = $1; if ($2) APPEND(struct zp_fs_rule, $$, $2); }
	;

fs_keyword:
	  KW_READ     { $$ = ZP_FS_READ; }
	| KW_WRITE    { $$ = ZP_FS_WRITE; }
	| KW_EXECUTE  { $$ = ZP_FS_EXECUTE; }
	| KW_DEVICE   { $$ = ZP_FS_DEVICE; }
	;

fs_item:
	  fs_keyword string_list ';'
		{ $$ = NEW(struct zp_fs_rule); $$->kind = $1; $$->paths = $2; $$->loc = LOC(@1); }
	| KW_ACCESS string_list words ';'
		{ $$ = NEW(struct zp_fs_rule); $$->kind = ZP_FS_ACCESS; $$->paths = $2; $$->rights = $3;
		  $$->loc = LOC(@1); }
	| error ';'   { $$ = NULL; }
	;

string_list:
	  STRING
		{ $$ = word_value(ctx, $1, LOC(@1)); }
	| string_list ',' STRING
		{ $$ = $1; APPEND(struct zp_value, $$, word_value(ctx, $3, LOC(@3))); }
	;

/* ---- network { } -------------------------------------------------------------------- */

net_body:
	  %empty              { $$ = NULL; }
	| net_body net_item   { $$ = $1; if ($2) APPEND(struct zp_net_rule, $$, $2); }
	;

net_item:
	  KW_NAMESPACE word_value ';'
		{ $$ = NEW(struct zp_net_rule); $$->kind = ZP_NET_NAMESPACE; $$->word = $2; $$->loc = LOC(@1); }
	| KW_BIND word_value port_list ';'
		{ $$ = NEW(struct zp_net_rule); $$->kind = ZP_NET_BIND; $$->word = $2; $$->ports = $3;
		  $$->loc = LOC(@1); }
	| KW_CONNECT word_value port_list ';'
		{ $$ = NEW(struct zp_net_rule); $$->kind = ZP_NET_CONNECT; $$->word = $2; $$->ports = $3;
		  $$->loc = LOC(@1); }
	| error ';'   { $$ = NULL; }
	;

port_list:
	  port                 { $$ = $1; }
	| port_list ',' port   { $$ = $1; APPEND(struct zp_value, $$, $3); }
	;

port:
	  NUMBER
		{ $$ = NEW(struct zp_value); $$->number = $$->range_end = $1.value; $$->suffix = $1.suffix;
		  $$->loc = LOC(@1); }
	| NUMBER '-' NUMBER
		{ $$ = NEW(struct zp_value); $$->number = $1.value; $$->range_end = $3.value;
		  $$->suffix = $1.suffix[0] ? $1.suffix : $3.suffix; $$->loc = LOC(@$); }
	;

/* ---- limits { } ---------------------------------------------------------------------- */

limits_body:
	  %empty                   { $$ = NULL; }
	| limits_body limit_item   { $$ = $1; if ($2) APPEND(struct zp_setting, $$, $2); }
	;

limit_item:
	  word_value value ';'
		{ $$ = NEW(struct zp_setting); $$->name = $1; $$->value = $2; $$->loc = LOC(@1); }
	| error ';'   { $$ = NULL; }
	;

value:
	  NUMBER
		{ $$ = NEW(struct zp_value); $$->number = $$->range_end = $1.value; $$->suffix = $1.suffix;
		  $$->loc = LOC(@1); }
	| IDENT
		{ $$ = word_value(ctx, $1, LOC(@1)); }
	;

%%

void zp_error(ZP_LTYPE *l, zp_scan_t scanner, struct zp_parse_ctx *ctx, const char *msg)
{
	struct zp_loc loc = LOC(*l);

	(void)scanner;
	diag_add(ctx->diags, "syntax", &loc, "%s", msg);
	ctx->syntax_errors++;
}
