/*
 * expect.h: reading named values out of the model, for cue placeholders
 * ({pipe.capacity}, {writer.bytes_out:h}) and for [expect] checks.
 */
#ifndef IPCSCOPE_EXPECT_H
#define IPCSCOPE_EXPECT_H

#include <stdbool.h>
#include <stddef.h>

#include "model/model.h"

/*
 * The value of SUBJECT.FIELD as text into out: numbers plain ("65536"),
 * or human with human set ("64.0 KiB"); unknown values "?". Returns 0, or
 * -1 if the subject or field does not exist.
 */
int	expect_value(const struct model *, const char *subject,
	    const char *field, bool human, char *out, size_t len);
/* Copy text to out with every {NAME.FIELD[:h]} replaced by its value. */
void	expect_fill(const struct model *, const char *text, char *out,
	    size_t len);
/*
 * Check one expectation item against the model. Returns true if it holds.
 * got receives what was found ("blocked write pipe", "61440"), want what
 * was expected after placeholders were filled.
 */
bool	expect_check(const struct model *, const struct scen_expect_item *,
	    char *got, size_t gotlen, char *want, size_t wantlen);

#endif
