#include "cxdiff.h"
#include "xdiff/xinclude.h"

int isrc_xdiff_count_lines(const char *old_data, size_t old_size, const char *new_data, size_t new_size,
                           size_t *added, size_t *deleted)
{
	mmfile_t old_file, new_file;
	xpparam_t params;
	xdfenv_t env;
	size_t plus = 0, minus = 0;
	long line;

	if (old_size > (size_t)LONG_MAX || new_size > (size_t)LONG_MAX)
		return -1;
	old_file.ptr = (char *)old_data;
	old_file.size = (long)old_size;
	new_file.ptr = (char *)new_data;
	new_file.size = (long)new_size;
	memset(&params, 0, sizeof(params));
	if (xdl_do_diff(&old_file, &new_file, &params, &env) < 0)
		return -1;
	/*
	 * The lines marked changed on each side. xdl_diff would then slide groups of changes
	 * (xdl_change_compact) and emit them as hunks; sliding moves a group, never changes how many lines
	 * it has, and zero-context hunks hold exactly the marked lines, so these are the hunks' counts.
	 */
	for (line = 0; line < env.xdf1.nrec; line++)
		minus += env.xdf1.rchg[line] != 0;
	for (line = 0; line < env.xdf2.nrec; line++)
		plus += env.xdf2.rchg[line] != 0;
	xdl_free_env(&env);
	*added = plus;
	*deleted = minus;
	return 0;
}
