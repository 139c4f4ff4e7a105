/*
 * headless.h: the JSON Lines and text writers (the JSON Lines format is a
 * CONTRACT, see DESIGN.md). Each function writes whole lines to out and
 * flushes, so a reader of a pipe sees every record as it happens.
 */
#ifndef IPCSCOPE_HEADLESS_H
#define IPCSCOPE_HEADLESS_H

#include <stdbool.h>
#include <stdio.h>

#include "model/model.h"

enum headless_format {
	FMT_JSONL = 0,
	FMT_TEXT
};

void	headless_scenario(FILE *, enum headless_format, const struct model *);
void	headless_sample(FILE *, enum headless_format, const struct model *);
void	headless_event(FILE *, enum headless_format, const struct model *,
	    const struct model_event *);
/*
 * Has a write to the output failed? headless_output_error() is its errno
 * (EPIPE: the reader left; ENOSPC, EBADF, ...: an error to report), 0 if
 * none. Writes go through util_write(): a signal is never kept out by a
 * full pipe, and a record cut short by one is dropped, not an error.
 */
bool	headless_output_broken(void);
int	headless_output_error(void);
void	headless_end(FILE *, enum headless_format, const struct model *,
	    const char *reason);

#endif
