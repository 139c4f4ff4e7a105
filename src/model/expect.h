/*
 * expect.h: reading named values out of the model, for cue placeholders
 * ({pipe.capacity}, {writer.bytes_out:h}) and for [expect] checks. The
 * fields, their names and units are the table of scenario/fields.h; this
 * layer holds one getter for each, by the same id, and writes a value out
 * as its unit says.
 */
#ifndef IPCSCOPE_EXPECT_H
#define IPCSCOPE_EXPECT_H

#include <stdbool.h>
#include <stddef.h>

#include "model/model.h"
#include "scenario/fields.h"

/*
 * The value of SUBJECT.FIELD as text into out: numbers plain ("65536"),
 * or human with human set ("64.0 KiB"); unknown values "?". Returns 0, or
 * -1 if the subject or field does not exist.
 */
int	expect_value(const struct model *, const char *subject,
	    const char *field, bool human, char *out, size_t len);
/*
 * Copy text to out with every {NAME.FIELD[:h]} replaced by its value.
 * Returns how many of them were unknown (written "?").
 */
int	expect_fill(const struct model *, const char *text, char *out,
	    size_t len);
/*
 * Check one expectation item against the model. Returns true if it holds.
 * got receives what was found ("blocked write pipe", "61440"), want what
 * was expected after placeholders were filled.
 */
bool	expect_check(const struct model *, const struct scen_expect_item *,
	    char *got, size_t gotlen, char *want, size_t wantlen);
/*
 * The first of the n items that does not hold, or -1 when all do; got
 * (may be NULL) receives what that one found.
 */
int	expect_first_false(const struct model *,
	    const struct scen_expect_item *, int n, char *got, size_t gotlen);
/*
 * How many getters expect.c holds for field id: 1 for every field when the
 * two tables agree (tests/check_tables.c checks it).
 */
int	expect_getter_count(enum field_id);

#endif
