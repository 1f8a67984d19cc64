/*
 * innersource: what libgit2's git-xdiff.h gives xdiff (its allocator, its assertion, its regular
 * expressions), from the C library instead. No regular expression is ever given to this copy
 * (xpparam_t.ignore_regex stays NULL), so the matcher below is never called; XDL_BUG stands only in
 * xdl_change_compact, which line counting never calls (cxdiff.c).
 */
#ifndef INNERSOURCE_GIT_XDIFF_H
#define INNERSOURCE_GIT_XDIFF_H

#include <assert.h>
#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#define xdl_malloc(x) malloc(x)
#define xdl_free(ptr) free(ptr)
#define xdl_realloc(ptr, x) realloc(ptr, x)

#define XDL_BUG(msg) assert(0 && msg)

typedef struct { int unused; } xdl_regex_t;
typedef struct { long rm_so, rm_eo; } xdl_regmatch_t;

static inline int xdl_regexec_buf(const xdl_regex_t *preg, const char *buf, size_t size,
                                  size_t nmatch, xdl_regmatch_t pmatch[], int eflags)
{
	(void)preg; (void)buf; (void)size; (void)nmatch; (void)pmatch; (void)eflags;
	return -1;
}

#endif
