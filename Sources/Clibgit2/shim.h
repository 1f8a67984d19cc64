/*
 * Shim for libgit2: the few things Swift cannot call directly (the variadic git_libgit2_opts), git's
 * content tests, and libgit2's own line counts (a hunk callback in C), the oracle of the readers' counts.
 * Only the Git module imports this.
 */
#ifndef INNERSOURCE_CLIBGIT2_SHIM_H
#define INNERSOURCE_CLIBGIT2_SHIM_H

#include <git2.h>
#include <malloc.h>
#include <string.h>
#include <sys/types.h>

/* ---- the C library's allocator ---- */

/* A fixed mmap threshold for glibc's malloc (see Library.swift). */
static inline int isrc_malloc_fixed_mmap_threshold(int bytes) {
    return mallopt(M_MMAP_THRESHOLD, bytes);
}

/* ---- global options (git_libgit2_opts is variadic) ---- */

static inline int isrc_opt_strict_hash_verification(int enabled) {
    return git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, enabled);
}

static inline int isrc_opt_owner_validation(int enabled) {
    return git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, enabled);
}

/* The size of the windows libgit2 maps packs in, and the most it keeps mapped. */
static inline int isrc_opt_mwindow(size_t window, size_t mapped_limit) {
    int rc = git_libgit2_opts(GIT_OPT_SET_MWINDOW_SIZE, window);
    return rc < 0 ? rc : git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT, mapped_limit);
}

static inline int isrc_opt_get_mwindow(size_t *window, size_t *mapped_limit) {
    int rc = git_libgit2_opts(GIT_OPT_GET_MWINDOW_SIZE, window);
    return rc < 0 ? rc : git_libgit2_opts(GIT_OPT_GET_MWINDOW_MAPPED_LIMIT, mapped_limit);
}

static inline int isrc_opt_cache_max_size(ssize_t bytes) {
    return git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, bytes);
}

static inline int isrc_opt_cache_object_limit(git_object_t type, size_t bytes) {
    return git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, type, bytes);
}

/* The folders a level of configuration (global, XDG, system) is looked for in, ':'-separated. */
static inline int isrc_opt_get_search_path(git_config_level_t level, git_buf *out) {
    return git_libgit2_opts(GIT_OPT_GET_SEARCH_PATH, (int)level, out);
}

/* Sets them; "" looks nowhere (the level is absent). Process-wide: set before any repository is opened. */
static inline int isrc_opt_set_search_path(git_config_level_t level, const char *path) {
    return git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, (int)level, path);
}

/* ---- content classification, exactly as git decides ---- */

/* git's buffer_is_binary(): a NUL byte within the first 8000 bytes. */
static inline int isrc_buffer_is_binary(const void *data, size_t size) {
    size_t n = size < 8000 ? size : 8000;
    return data != NULL && memchr(data, 0, n) != NULL;
}

/* Lines as git counts them for a file added or deleted whole: newlines, plus an unterminated last line. */
static inline size_t isrc_count_lines(const void *data, size_t size) {
    if (data == NULL || size == 0) return 0;
    const char *p = (const char *)data;
    const char *end = p + size;
    size_t lines = 0;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (nl == NULL) { lines++; break; }
        lines++;
        p = nl + 1;
    }
    return lines;
}

/* ---- line statistics of one text change ---- */

typedef struct {
    size_t added;
    size_t deleted;
} isrc_line_counts;

static int isrc_count_hunk_cb(const git_diff_delta *delta, const git_diff_hunk *hunk, void *payload) {
    (void)delta;
    isrc_line_counts *counts = (isrc_line_counts *)payload;
    /* With zero context lines a hunk holds only changed lines. */
    counts->added += (size_t)hunk->new_lines;
    counts->deleted += (size_t)hunk->old_lines;
    return 0;
}

static inline int isrc_count_options(git_diff_options *opts) {
    int rc = git_diff_options_init(opts, GIT_DIFF_OPTIONS_VERSION);
    if (rc != 0) return rc;
    opts->context_lines = 0;
    opts->interhunk_lines = 0;
    opts->flags |= GIT_DIFF_FORCE_TEXT;
    return 0;
}

/*
 * Added and deleted lines between two buffers, as libgit2 counts them (zero context lines): the oracle the
 * tests compare the readers' own counts (Cxdiff) with. The paths are "" so that libgit2 looks up no
 * diff-driver attributes.
 */
static inline int isrc_diff_buffers_count(const void *old_data, size_t old_size,
                                          const void *new_data, size_t new_size,
                                          isrc_line_counts *out) {
    git_diff_options opts;
    int rc = isrc_count_options(&opts);
    if (rc != 0) return rc;
    out->added = 0;
    out->deleted = 0;
    return git_diff_buffers(old_data, old_size, "", new_data, new_size, "", &opts,
                            NULL, NULL, isrc_count_hunk_cb, NULL, out);
}

#endif
