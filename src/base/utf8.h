/*
 * utf8.h: UTF-8, one code point at a time. The one encoder and the one
 * decoder of the program: the grid, the terminal back ends, the cast, the
 * text checks of util.c and the INI reader all go through these, so that
 * what counts as valid UTF-8 is decided in one place.
 *
 * Valid means what RFC 3629 says: the shortest form (no overlong
 * sequence), no surrogate (U+D800-U+DFFF), nothing above U+10FFFF.
 * Controls (C0, DEL, C1) are valid UTF-8: what to do with them is the
 * caller's business (util_printable(), grid_cwidth()).
 */
#ifndef IPCSCOPE_UTF8_H
#define IPCSCOPE_UTF8_H

#include <stddef.h>
#include <stdint.h>

#define UTF8_MAX		4	/* bytes of one code point, at most */
#define UTF8_REPLACEMENT	0xfffd	/* what stands for bad input */

/*
 * Whether cp is a Unicode scalar value: at most U+10FFFF and not a
 * surrogate, so that it has a UTF-8 form.
 */
int	utf8_valid_cp(uint32_t cp);

/*
 * Write the UTF-8 form of cp to out, which has room for UTF8_MAX bytes
 * (no NUL is added). Returns the bytes written, 1 to 4. A cp that is
 * not a scalar value (see utf8_valid_cp) is written as U+FFFD: the output
 * is always valid UTF-8.
 */
size_t	utf8_encode(uint32_t cp, char *out);

/*
 * Decode the sequence that starts at s, a NUL-terminated string: returns
 * its length (1 to 4) and sets *cp when it is valid, else returns 0 and
 * leaves *cp alone (a bad lead byte, a continuation byte where a
 * character should start, a sequence cut short, by the end of the string
 * too, an overlong form, a surrogate, above U+10FFFF). Never reads past
 * the first byte that does not continue the sequence, so never past the
 * NUL. "" decodes as U+0000, length 1.
 */
size_t	utf8_decode(const char *s, uint32_t *cp);

/*
 * The next code point of *s, advancing *s past it; a byte that does not
 * start a valid sequence gives UTF8_REPLACEMENT and advances by one, so a
 * loop over a string always makes progress. At the NUL that ends the
 * string it returns 0 and leaves *s there.
 */
uint32_t utf8_next(const char **s);

/*
 * How many of the first len bytes of s to keep so as not to cut a
 * character in two: len backed up over continuation bytes to the start
 * of the character at s[len]. s holds more than len bytes (s[len] is
 * read: the NUL when len is the length of the string).
 */
size_t	utf8_cut(const char *s, size_t len);

#endif
