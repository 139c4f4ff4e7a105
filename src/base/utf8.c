/* utf8.c: the one UTF-8 encoder and decoder (see utf8.h). */
#include "config.h"

#include "base/utf8.h"

int
utf8_valid_cp(uint32_t cp)
{
	return cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff);
}

size_t
utf8_encode(uint32_t cp, char *out)
{
	if (!utf8_valid_cp(cp))
		cp = UTF8_REPLACEMENT;
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

size_t
utf8_decode(const char *s, uint32_t *cp)
{
	const unsigned char	*p = (const unsigned char *)s;
	uint32_t		 c, min;
	size_t			 n, i;

	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if ((p[0] & 0xe0) == 0xc0) {
		n = 2;
		c = p[0] & 0x1f;
		min = 0x80;
	} else if ((p[0] & 0xf0) == 0xe0) {
		n = 3;
		c = p[0] & 0x0f;
		min = 0x800;
	} else if ((p[0] & 0xf8) == 0xf0) {
		n = 4;
		c = p[0] & 0x07;
		min = 0x10000;
	} else
		return 0;	/* a continuation byte, or 0xf8-0xff */
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;	/* the NUL at the end stops here too */
		c = (c << 6) | (p[i] & 0x3f);
	}
	if (c < min || !utf8_valid_cp(c))
		return 0;
	*cp = c;
	return n;
}

uint32_t
utf8_next(const char **s)
{
	uint32_t	cp;
	size_t		n;

	if (**s == '\0')
		return 0;	/* the end: stay there */
	if ((n = utf8_decode(*s, &cp)) == 0) {
		*s += 1;
		return UTF8_REPLACEMENT;
	}
	*s += n;
	return cp;
}

size_t
utf8_cut(const char *s, size_t len)
{
	while (len > 0 && ((unsigned char)s[len] & 0xc0) == 0x80)
		len--;
	return len;
}
