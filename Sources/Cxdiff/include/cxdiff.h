/*
 * Line counts of a text change by xdiff, the diff engine of git and libgit2: a copy of libgit2 v1.5.1's
 * (the version Debian's libgit2-dev builds), so that the counts are those libgit2's git_diff_blobs gives
 * with zero context lines, without its patch machinery around each diff. Only the Git module uses it.
 */
#ifndef INNERSOURCE_CXDIFF_H
#define INNERSOURCE_CXDIFF_H

#include <stddef.h>

/*
 * Lines added and deleted from old to new, as Myers' diff (xdiff's default, no whitespace or blank-line
 * options) marks them. 0 on success; -1 when xdiff fails (memory) or a side is larger than xdiff takes.
 */
int isrc_xdiff_count_lines(const char *old_data, size_t old_size, const char *new_data, size_t new_size,
                           size_t *added, size_t *deleted);

#endif
