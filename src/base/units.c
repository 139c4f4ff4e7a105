/*
 * units.c: parsing and formatting of sizes, times, rates and counts.
 *
 * Parsing is exact: numbers are read digit by digit into integers (with a
 * decimal fraction kept as a ratio) rather than through strtod, so "1.1K" is
 * 1126 bytes on every machine and a number that does not fit in 64 bits is
 * reported as too large instead of wrapping around.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/units.h"
#include "base/util.h"

/* Decimal digits kept after the point; more add nothing a byte can show. */
#define UNITS_MAX_FRAC	18

/* A non-negative decimal number: whole part plus frac / 10^nfrac. */
struct units_num {
	uint64_t	whole;
	uint64_t	frac;
	uint64_t	scale;	/* 10^(digits kept after the point) */
	int		too_large;
};

/*
 * Read "123" or "1.25" from *sp and advance *sp past it. Returns -1 when
 * there is no number (no digit before the point, nothing after it).
 */
static int
units_read_num(const char **sp, struct units_num *n)
{
	const char	*s = *sp;
	uint64_t	 d;
	int		 digits = 0, kept = 0;

	memset(n, 0, sizeof *n);
	n->scale = 1;
	for (; *s >= '0' && *s <= '9'; s++, digits++) {
		d = (uint64_t)(*s - '0');
		if (n->whole > (UINT64_MAX - d) / 10)
			n->too_large = 1;
		else
			n->whole = n->whole * 10 + d;
	}
	if (digits == 0)
		return -1;
	if (*s == '.') {
		s++;
		if (*s < '0' || *s > '9')
			return -1;
		for (; *s >= '0' && *s <= '9'; s++) {
			if (kept < UNITS_MAX_FRAC) {
				n->frac = n->frac * 10 + (uint64_t)(*s - '0');
				n->scale *= 10;
				kept++;
			}
		}
	}
	*sp = s;
	return 0;
}

/* n * mult rounded to the nearest integer; -1 if it does not fit. */
static int
units_scale(const struct units_num *n, uint64_t mult, uint64_t *out)
{
	unsigned __int128	part;

	if (n->too_large || (mult != 0 && n->whole > UINT64_MAX / mult))
		return -1;
	part = ((unsigned __int128)n->frac * mult + n->scale / 2) / n->scale;
	if (part > UINT64_MAX - n->whole * mult)
		return -1;
	*out = n->whole * mult + (uint64_t)part;
	return 0;
}

static int
units_is_zero(const struct units_num *n)
{
	return !n->too_large && n->whole == 0 && n->frac == 0;
}

static double
units_num_double(const struct units_num *n)
{
	return (double)n->whole + (double)n->frac / (double)n->scale;
}

/*
 * A size suffix at *sp: K, M or G (any case) optionally followed by B or
 * iB, or a lone B. Sets *mult (1 when there is no suffix) and *had_suffix,
 * advances *sp. Returns -1 on a malformed suffix.
 */
static int
units_read_suffix(const char **sp, uint64_t *mult, int *had_suffix)
{
	const char	*s = *sp;

	*mult = 1;
	*had_suffix = 0;
	switch (*s) {
	case 'k': case 'K':
		*mult = 1ULL << 10;
		break;
	case 'm': case 'M':
		*mult = 1ULL << 20;
		break;
	case 'g': case 'G':
		*mult = 1ULL << 30;
		break;
	case 'b': case 'B':
		*had_suffix = 1;
		*sp = s + 1;
		return 0;
	default:
		return 0;
	}
	*had_suffix = 1;
	s++;
	if (*s == 'i') {
		s++;
		if (*s != 'B' && *s != 'b')
			return -1;
	}
	if (*s == 'B' || *s == 'b')
		s++;
	*sp = s;
	return 0;
}

int
units_parse_size(const char *str, uint64_t *out, char **cause)
{
	const char		*s = str;
	struct units_num	 n;
	uint64_t		 mult;
	int			 had;

	if (units_read_num(&s, &n) != 0 ||
	    units_read_suffix(&s, &mult, &had) != 0 || *s != '\0') {
		xasprintf(cause, "bad size '%s': expected a number with an "
		    "optional K, M or G suffix (4K, 1M)", str);
		return -1;
	}
	if (units_scale(&n, mult, out) != 0) {
		xasprintf(cause, "size '%s' is too large", str);
		return -1;
	}
	return 0;
}

int
units_parse_time_ms(const char *str, uint64_t *out, char **cause)
{
	const char		*s = str;
	struct units_num	 n;
	uint64_t		 mult;

	if (units_read_num(&s, &n) != 0)
		goto bad;
	if (strcmp(s, "s") == 0)
		mult = 1000;
	else if (strcmp(s, "ms") == 0)
		mult = 1;
	else if (*s == '\0') {
		/* "0" is unambiguous; any other bare number is not. */
		if (units_is_zero(&n)) {
			*out = 0;
			return 0;
		}
		xasprintf(cause, "bad time '%s': add a unit: %ss or %sms",
		    str, str, str);
		return -1;
	} else
		goto bad;
	if (units_scale(&n, mult, out) != 0) {
		xasprintf(cause, "time '%s' is too large", str);
		return -1;
	}
	return 0;

bad:
	xasprintf(cause, "bad time '%s': expected a number followed by s or ms "
	    "(3s, 250ms, 1.5s)", str);
	return -1;
}

int
units_parse_rate(const char *str, struct rate *out, char **cause)
{
	const char		*s = str;
	struct units_num	 n;
	uint64_t		 mult, bytes;
	int			 had;

	if (strcmp(str, "max") == 0) {
		out->kind = RATE_MAX;
		out->value = 0;
		return 0;
	}
	if (units_read_num(&s, &n) != 0 ||
	    units_read_suffix(&s, &mult, &had) != 0 || strcmp(s, "/s") != 0)
		goto bad;
	if (units_is_zero(&n)) {
		xasprintf(cause, "rate '%s' is zero; give a rate above 0, or "
		    "'max' for no limit", str);
		return -1;
	}
	if (!had) {
		if (n.too_large) {
			xasprintf(cause, "rate '%s' is too large", str);
			return -1;
		}
		out->kind = RATE_MSGS;
		out->value = units_num_double(&n);
		return 0;
	}
	if (units_scale(&n, mult, &bytes) != 0) {
		xasprintf(cause, "rate '%s' is too large", str);
		return -1;
	}
	if (bytes == 0) {
		xasprintf(cause, "rate '%s' is below one byte per second", str);
		return -1;
	}
	out->kind = RATE_BYTES;
	out->value = (double)bytes;
	return 0;

bad:
	xasprintf(cause, "bad rate '%s': expected 'max', messages per second "
	    "(100/s) or bytes per second (256K/s, 100B/s)", str);
	return -1;
}

int
units_parse_count(const char *str, uint64_t *out, char **cause)
{
	const char		*s = str;
	struct units_num	 n;

	if (units_read_num(&s, &n) != 0 || *s != '\0' || n.scale != 1) {
		xasprintf(cause, "bad count '%s': expected a whole number "
		    "(100)", str);
		return -1;
	}
	if (n.too_large) {
		xasprintf(cause, "count '%s' is too large", str);
		return -1;
	}
	*out = n.whole;
	return 0;
}

char *
units_fmt_size(char *buf, size_t len, double bytes)
{
	static const char	*names[] = { "KiB", "MiB", "GiB", "TiB", "PiB" };
	double			 v;
	size_t			 i;

	if (len == 0)
		return buf;
	if (isnan(bytes) || bytes < 0)
		bytes = 0;
	if (bytes < 1023.5) {
		snprintf(buf, len, "%.0f B", bytes);
		return buf;
	}
	/*
	 * Move up a unit while the one-decimal rendering would read 1024.0 or
	 * more, so 1048575 bytes prints as "1.0 MiB", not "1024.0 KiB".
	 */
	v = bytes / 1024;
	for (i = 0; i < nitems(names) - 1 && v >= 1023.95; i++)
		v /= 1024;
	snprintf(buf, len, "%.1f %s", v, names[i]);
	return buf;
}

char *
units_fmt_bps(char *buf, size_t len, double bytes_per_s)
{
	size_t	n;

	units_fmt_size(buf, len, bytes_per_s);
	n = strlen(buf);
	if (n < len)
		snprintf(buf + n, len - n, "/s");
	return buf;
}

char *
units_fmt_per_s(char *buf, size_t len, double v, const char *unit)
{
	if (unit == NULL)
		return units_fmt_bps(buf, len, v);
	if (len == 0)
		return buf;
	if (isnan(v) || v < 0)
		v = 0;
	/* Whole numbers from 100 on, one decimal below, where a slow
	   rate (2.5 acq/s) would otherwise read as 2 or 3. */
	if (v < 99.95)
		snprintf(buf, len, "%.*f %s", v == 0 ? 0 : 1, v, unit);
	else if (v < 99999.5)
		snprintf(buf, len, "%.0f %s", v, unit);
	else if (v < 999950000)
		snprintf(buf, len, "%.1f%s %s", v >= 999950 ? v / 1e6 :
		    v / 1e3, v >= 999950 ? "M" : "k", unit);
	else
		snprintf(buf, len, "%.1fG %s", v / 1e9, unit);
	return buf;
}

char *
units_fmt_duration(char *buf, size_t len, double seconds)
{
	uint64_t	whole;

	if (len == 0)
		return buf;
	if (isnan(seconds) || seconds < 0)
		seconds = 0;
	if (seconds < 0.9995)
		snprintf(buf, len, "%.0fms", seconds * 1000);
	else if (seconds < 59.95)
		snprintf(buf, len, "%.1fs", seconds);
	else {
		if (seconds > 1e15)
			seconds = 1e15;
		whole = (uint64_t)(seconds + 0.5);
		snprintf(buf, len, "%llum%02us",
		    (unsigned long long)(whole / 60), (unsigned)(whole % 60));
	}
	return buf;
}

char *
units_fmt_rate(char *buf, size_t len, const struct rate *r)
{
	static const struct {
		uint64_t	 mult;
		const char	*suffix;
	} sfx[] = {
		{ 1ULL << 30, "G" }, { 1ULL << 20, "M" }, { 1ULL << 10, "K" },
	};
	uint64_t	v;
	size_t		i;

	if (len == 0)
		return buf;
	switch (r->kind) {
	case RATE_MSGS:
		snprintf(buf, len, "%g/s", r->value);
		return buf;
	case RATE_BYTES:
		if (r->value >= 1 && r->value < 1.8e19) {
			v = (uint64_t)(r->value + 0.5);
			for (i = 0; i < nitems(sfx); i++) {
				if (v % sfx[i].mult == 0) {
					snprintf(buf, len, "%llu%s/s",
					    (unsigned long long)(v / sfx[i].mult),
					    sfx[i].suffix);
					return buf;
				}
			}
			snprintf(buf, len, "%lluB/s", (unsigned long long)v);
		} else
			snprintf(buf, len, "%.0fB/s", r->value);
		return buf;
	case RATE_MAX:
	default:
		snprintf(buf, len, "max");
		return buf;
	}
}
