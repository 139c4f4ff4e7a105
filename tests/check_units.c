/* check_units.c: unit tests for units.c, utf8.c, util.c's text helpers
   and data-file search, the table of terminal back ends, and the grid's
   refusal of control characters. */
#include "config.h"

#include <sys/stat.h>

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "screen/grid.h"
#include "ui/ui.h"
#include "base/units.h"
#include "base/utf8.h"
#include "base/util.h"

static const struct {
	const char	*in;
	uint64_t	 out;
} good_sizes[] = {
	{ "0", 0 }, { "4096", 4096 }, { "4K", 4096 }, { "4KB", 4096 },
	{ "4KiB", 4096 }, { "4k", 4096 }, { "1M", 1048576 },
	{ "1.5M", 1572864 }, { "2G", 2147483648ULL }, { "100B", 100 },
	{ "1.1K", 1126 },	/* 1126.4 rounds down */
	{ "1.5B", 2 },		/* half a byte rounds up */
	{ "0.5K", 512 }, { "1MiB", 1048576 },
	{ "18446744073709551615", UINT64_MAX },
	{ "15.999999999999999999G", 17179869184ULL },
};

static const struct {
	const char	*in;
	const char	*cause;
} bad_sizes[] = {
	{ "", "bad size '': expected a number with an optional K, M or G "
	    "suffix (4K, 1M)" },
	{ "4X", "bad size '4X': expected a number with an optional K, M or G "
	    "suffix (4K, 1M)" },
	{ "-1", "bad size '-1': expected a number with an optional K, M or "
	    "G suffix (4K, 1M)" },
	{ "K", "bad size 'K': expected a number with an optional K, M or G "
	    "suffix (4K, 1M)" },
	{ "4.K", "bad size '4.K': expected a number with an optional K, M or "
	    "G suffix (4K, 1M)" },
	{ "4Ki", "bad size '4Ki': expected a number with an optional K, M or "
	    "G suffix (4K, 1M)" },
	{ " 4K", "bad size ' 4K': expected a number with an optional K, M or "
	    "G suffix (4K, 1M)" },
	{ "4 K", "bad size '4 K': expected a number with an optional K, M or "
	    "G suffix (4K, 1M)" },
	{ "1e3", "bad size '1e3': expected a number with an optional K, M or "
	    "G suffix (4K, 1M)" },
	{ "18446744073709551616", "size '18446744073709551616' is too large" },
	{ "17179869184G", "size '17179869184G' is too large" },
	{ "17179869183.9999999999999999999G", "size "
	    "'17179869183.9999999999999999999G' is too large" },
};

static const struct {
	const char	*in;
	uint64_t	 out;
} good_times[] = {
	{ "0", 0 }, { "0s", 0 }, { "0ms", 0 }, { "3s", 3000 },
	{ "250ms", 250 }, { "1.5s", 1500 }, { "0.25s", 250 },
	{ "1.5ms", 2 }, { "3600s", 3600000 },
};

static const struct {
	const char	*in;
	const char	*cause;
} bad_times[] = {
	{ "3", "bad time '3': add a unit: 3s or 3ms" },
	{ "1.5", "bad time '1.5': add a unit: 1.5s or 1.5ms" },
	{ "", "bad time '': expected a number followed by s or ms (3s, "
	    "250ms, 1.5s)" },
	{ "3m", "bad time '3m': expected a number followed by s or ms (3s, "
	    "250ms, 1.5s)" },
	{ "1h", "bad time '1h': expected a number followed by s or ms (3s, "
	    "250ms, 1.5s)" },
	{ "-1s", "bad time '-1s': expected a number followed by s or ms (3s, "
	    "250ms, 1.5s)" },
	{ "s", "bad time 's': expected a number followed by s or ms (3s, "
	    "250ms, 1.5s)" },
	{ "18446744073709551615s", "time '18446744073709551615s' is too "
	    "large" },
};

static const struct {
	const char	*in;
	enum rate_kind	 kind;
	double		 value;
	const char	*fmt;
} good_rates[] = {
	{ "max", RATE_MAX, 0, "max" },
	{ "100/s", RATE_MSGS, 100, "100/s" },
	{ "0.5/s", RATE_MSGS, 0.5, "0.5/s" },
	{ "256K/s", RATE_BYTES, 262144, "256K/s" },
	{ "1M/s", RATE_BYTES, 1048576, "1M/s" },
	{ "2G/s", RATE_BYTES, 2147483648.0, "2G/s" },
	{ "100B/s", RATE_BYTES, 100, "100B/s" },
	{ "1.5K/s", RATE_BYTES, 1536, "1536B/s" },
	{ "4KiB/s", RATE_BYTES, 4096, "4K/s" },
};

static const struct {
	const char	*in;
	const char	*cause;
} bad_rates[] = {
	{ "", "bad rate '': expected 'max', messages per second (100/s) or "
	    "bytes per second (256K/s, 100B/s)" },
	{ "fast", "bad rate 'fast': expected 'max', messages per second "
	    "(100/s) or bytes per second (256K/s, 100B/s)" },
	{ "100", "bad rate '100': expected 'max', messages per second "
	    "(100/s) or bytes per second (256K/s, 100B/s)" },
	{ "100/m", "bad rate '100/m': expected 'max', messages per second "
	    "(100/s) or bytes per second (256K/s, 100B/s)" },
	{ "MAX", "bad rate 'MAX': expected 'max', messages per second "
	    "(100/s) or bytes per second (256K/s, 100B/s)" },
	{ "-1/s", "bad rate '-1/s': expected 'max', messages per second "
	    "(100/s) or bytes per second (256K/s, 100B/s)" },
	{ "0/s", "rate '0/s' is zero; give a rate above 0, or 'max' for no "
	    "limit" },
	{ "0K/s", "rate '0K/s' is zero; give a rate above 0, or 'max' for no "
	    "limit" },
	{ "0.1B/s", "rate '0.1B/s' is below one byte per second" },
	{ "99999999999999999999/s", "rate '99999999999999999999/s' is too "
	    "large" },
	{ "99999999999G/s", "rate '99999999999G/s' is too large" },
};

START_TEST(test_size_good)
{
	uint64_t	 v = 12345;
	char		*cause = NULL;

	ck_assert_msg(units_parse_size(good_sizes[_i].in, &v, &cause) == 0,
	    "%s: %s", good_sizes[_i].in, cause);
	ck_assert_uint_eq(v, good_sizes[_i].out);
	ck_assert_ptr_null(cause);
}
END_TEST

START_TEST(test_size_bad)
{
	uint64_t	 v = 12345;
	char		*cause = NULL;

	ck_assert_int_eq(units_parse_size(bad_sizes[_i].in, &v, &cause), -1);
	ck_assert_str_eq(cause, bad_sizes[_i].cause);
	ck_assert_uint_eq(v, 12345);
	free(cause);
}
END_TEST

START_TEST(test_time_good)
{
	uint64_t	 v = 12345;
	char		*cause = NULL;

	ck_assert_msg(units_parse_time_ms(good_times[_i].in, &v, &cause) == 0,
	    "%s: %s", good_times[_i].in, cause);
	ck_assert_uint_eq(v, good_times[_i].out);
}
END_TEST

START_TEST(test_time_bad)
{
	uint64_t	 v;
	char		*cause = NULL;

	ck_assert_int_eq(units_parse_time_ms(bad_times[_i].in, &v, &cause),
	    -1);
	ck_assert_str_eq(cause, bad_times[_i].cause);
	free(cause);
}
END_TEST

START_TEST(test_rate_good)
{
	struct rate	 r;
	char		*cause = NULL, buf[32];

	ck_assert_msg(units_parse_rate(good_rates[_i].in, &r, &cause) == 0,
	    "%s: %s", good_rates[_i].in, cause);
	ck_assert_int_eq(r.kind, good_rates[_i].kind);
	ck_assert(r.value == good_rates[_i].value);
	ck_assert_str_eq(units_fmt_rate(buf, sizeof buf, &r),
	    good_rates[_i].fmt);
}
END_TEST

START_TEST(test_rate_bad)
{
	struct rate	 r;
	char		*cause = NULL;

	ck_assert_int_eq(units_parse_rate(bad_rates[_i].in, &r, &cause), -1);
	ck_assert_str_eq(cause, bad_rates[_i].cause);
	free(cause);
}
END_TEST

START_TEST(test_count)
{
	uint64_t	 v;
	char		*cause = NULL;

	ck_assert_int_eq(units_parse_count("0", &v, &cause), 0);
	ck_assert_uint_eq(v, 0);
	ck_assert_int_eq(units_parse_count("512", &v, &cause), 0);
	ck_assert_uint_eq(v, 512);
	ck_assert_int_eq(units_parse_count("18446744073709551615", &v,
	    &cause), 0);
	ck_assert_uint_eq(v, UINT64_MAX);

	ck_assert_int_eq(units_parse_count("4K", &v, &cause), -1);
	ck_assert_str_eq(cause, "bad count '4K': expected a whole number "
	    "(100)");
	free(cause);
	ck_assert_int_eq(units_parse_count("1.5", &v, &cause), -1);
	ck_assert_str_eq(cause, "bad count '1.5': expected a whole number "
	    "(100)");
	free(cause);
	ck_assert_int_eq(units_parse_count("-3", &v, &cause), -1);
	ck_assert_str_eq(cause, "bad count '-3': expected a whole number "
	    "(100)");
	free(cause);
	ck_assert_int_eq(units_parse_count("", &v, &cause), -1);
	ck_assert_str_eq(cause, "bad count '': expected a whole number "
	    "(100)");
	free(cause);
	ck_assert_int_eq(units_parse_count("18446744073709551616", &v,
	    &cause), -1);
	ck_assert_str_eq(cause, "count '18446744073709551616' is too large");
	free(cause);
}
END_TEST

START_TEST(test_fmt_size)
{
	char	buf[32];

	ck_assert_str_eq(units_fmt_size(buf, sizeof buf, 0), "0 B");
	ck_assert_str_eq(units_fmt_size(buf, sizeof buf, 512), "512 B");
	ck_assert_str_eq(units_fmt_size(buf, sizeof buf, 1023), "1023 B");
	ck_assert_str_eq(units_fmt_size(buf, sizeof buf, 1024), "1.0 KiB");
	ck_assert_str_eq(units_fmt_size(buf, sizeof buf, 65536), "64.0 KiB");
	ck_assert_str_eq(units_fmt_size(buf, sizeof buf, 2000000),
	    "1.9 MiB");
	/* Never "1024.0 KiB": the next unit up. */
	ck_assert_str_eq(units_fmt_size(buf, sizeof buf, 1048575),
	    "1.0 MiB");
	ck_assert_str_eq(units_fmt_size(buf, sizeof buf, 3221225472.0),
	    "3.0 GiB");
	ck_assert_str_eq(units_fmt_size(buf, sizeof buf, -5), "0 B");
	ck_assert_str_eq(units_fmt_bps(buf, sizeof buf, 1258291.2),
	    "1.2 MiB/s");
	ck_assert_str_eq(units_fmt_bps(buf, sizeof buf, 100), "100 B/s");
	/* Truncated, always terminated. */
	ck_assert_str_eq(units_fmt_size(buf, 4, 65536), "64.");
	ck_assert_str_eq(units_fmt_bps(buf, 8, 65536), "64.0 Ki");
	/* Items per second in a kind's unit; NULL is bytes. */
	ck_assert_str_eq(units_fmt_per_s(buf, sizeof buf, 0, "acq/s"),
	    "0 acq/s");
	ck_assert_str_eq(units_fmt_per_s(buf, sizeof buf, 2.5, "acq/s"),
	    "2.5 acq/s");
	ck_assert_str_eq(units_fmt_per_s(buf, sizeof buf, 99.96, "sig/s"),
	    "100 sig/s");
	ck_assert_str_eq(units_fmt_per_s(buf, sizeof buf, 400, "sig/s"),
	    "400 sig/s");
	ck_assert_str_eq(units_fmt_per_s(buf, sizeof buf, 123456, "msgs/s"),
	    "123.5k msgs/s");
	ck_assert_str_eq(units_fmt_per_s(buf, sizeof buf, 2500000, "msgs/s"),
	    "2.5M msgs/s");
	ck_assert_str_eq(units_fmt_per_s(buf, sizeof buf, 100, NULL),
	    "100 B/s");
}
END_TEST

START_TEST(test_fmt_duration)
{
	char	buf[32];

	ck_assert_str_eq(units_fmt_duration(buf, sizeof buf, 0), "0ms");
	ck_assert_str_eq(units_fmt_duration(buf, sizeof buf, 0.85), "850ms");
	ck_assert_str_eq(units_fmt_duration(buf, sizeof buf, 0.9999),
	    "1.0s");
	ck_assert_str_eq(units_fmt_duration(buf, sizeof buf, 3.2), "3.2s");
	ck_assert_str_eq(units_fmt_duration(buf, sizeof buf, 59.97),
	    "1m00s");
	ck_assert_str_eq(units_fmt_duration(buf, sizeof buf, 125), "2m05s");
	ck_assert_str_eq(units_fmt_duration(buf, sizeof buf, 3700),
	    "61m40s");
	ck_assert_str_eq(units_fmt_duration(buf, sizeof buf, -1), "0ms");
	ck_assert_str_eq(units_fmt_duration(buf, 3, 3.2), "3.");
}
END_TEST

START_TEST(test_fmt_rate)
{
	struct rate	r;
	char		buf[32];

	r.kind = RATE_MAX;
	r.value = 0;
	ck_assert_str_eq(units_fmt_rate(buf, sizeof buf, &r), "max");
	r.kind = RATE_MSGS;
	r.value = 100;
	ck_assert_str_eq(units_fmt_rate(buf, sizeof buf, &r), "100/s");
	r.kind = RATE_BYTES;
	r.value = 262144;
	ck_assert_str_eq(units_fmt_rate(buf, sizeof buf, &r), "256K/s");
	r.value = 1000;
	ck_assert_str_eq(units_fmt_rate(buf, sizeof buf, &r), "1000B/s");
}
END_TEST


/*
 * Text that reaches a terminal: C0, DEL, C1 (C2 80..C2 9F) and bytes
 * that are not UTF-8 become '?' each; valid UTF-8 stays.
 */
static const struct {
	const char	*in;
	const char	*out;
} printable[] = {
	{ "plain text", "plain text" },
	{ "caf\xc3\xa9 \xe2\x96\xb6 \xf0\x9f\x98\x80", "caf\xc3\xa9 \xe2\x96\xb6 \xf0\x9f\x98\x80" },
	{ "\x1b]0;pwned\x07", "?]0;pwned?" },
	{ "\x1b[2J", "?[2J" },
	{ "tab\there\nnl\r", "tab?here?nl?" },
	{ "del\x7f", "del?" },
	{ "c1 \xc2\x9b" "31m \xc2\x80\xc2\x9f", "c1 ?31m ??" },
	{ "\xc2\xa0nbsp", "\xc2\xa0nbsp" },		/* U+00A0 prints */
	{ "raw \x9b" "31m", "raw ?31m" },		/* 8-bit CSI */
	{ "lone \xc3", "lone ?" },			/* cut short */
	{ "overlong \xc0\x9b", "overlong ??" },
	{ "overlong3 \xe0\x80\x9b", "overlong3 ???" },
	{ "surrogate \xed\xa0\x80", "surrogate ???" },
	{ "too big \xf4\x90\x80\x80", "too big ????" },
	{ "latin1 caf\xe9!", "latin1 caf?!" },
};

START_TEST(test_printable)
{
	char	*s = xstrdup(printable[_i].in);
	size_t	 bad;

	util_printable(s);
	ck_assert_str_eq(s, printable[_i].out);
	free(s);
	s = util_printable_dup(printable[_i].in);
	ck_assert_str_eq(s, printable[_i].out);
	/* What comes out is clean. */
	ck_assert_int_eq(util_text_check(s, &bad), UTIL_TEXT_OK);
	free(s);
}
END_TEST

START_TEST(test_text_check)
{
	size_t	bad = 99;

	ck_assert_int_eq(util_text_check("a\tb \xc3\xa9", &bad), UTIL_TEXT_OK);
	ck_assert_int_eq(util_text_check("ab\x1b", &bad), UTIL_TEXT_CONTROL);
	ck_assert_uint_eq(bad, 2);
	ck_assert_int_eq(util_text_check("a\xc2\x85", &bad),
	    UTIL_TEXT_CONTROL);
	ck_assert_uint_eq(bad, 1);
	ck_assert_int_eq(util_text_check("abc\xe9", &bad), UTIL_TEXT_UTF8);
	ck_assert_uint_eq(bad, 3);
	ck_assert_int_eq(util_text_check("\x9b", &bad), UTIL_TEXT_UTF8);
	ck_assert_uint_eq(bad, 0);
}
END_TEST

START_TEST(test_json_string)
{
	struct strbuf	sb = { NULL, 0, 0 };

	strbuf_json_string(&sb, "q\"b\\\n\t\x1b[2J\x7f\xc2\x9b\xc3\xa9\xff!");
	ck_assert_str_eq(sb.s, "\"q\\\"b\\\\\\n\\t\\u001b[2J\\u007f\\u009b"
	    "\xc3\xa9\\ufffd!\"");
	strbuf_free(&sb);
	strbuf_json_string(&sb, NULL);
	ck_assert_str_eq(sb.s, "null");
	strbuf_free(&sb);
}
END_TEST

START_TEST(test_clip)
{
	char	 long_text[100];
	const char *c;
	size_t	 bad;

	ck_assert_str_eq(util_clip("short", 64, 48), "short");
	/* 'é' is two bytes: a cut at byte 9 would split the fifth. */
	memset(long_text, 0, sizeof long_text);
	for (size_t i = 0; i < 40; i++)
		memcpy(long_text + 2 * i, "\xc3\xa9", 2);
	c = util_clip(long_text, 10, 9);
	ck_assert_str_eq(c, "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9...");
	ck_assert_int_eq(util_text_check(c, &bad), UTIL_TEXT_OK);
}
END_TEST

START_TEST(test_grow)
{
	int	*a = NULL;
	size_t	 i;

	for (i = 0; i < 1000; i++) {
		a = xgrowarray(a, i, sizeof *a);
		a[i] = (int)i;
	}
	for (i = 0; i < 1000; i++)
		ck_assert_int_eq(a[i], (int)i);
	free(a);
}
END_TEST

/*
 * UTF-8: the shortest form of every scalar value, nothing else. Each
 * sequence that must be refused, with what makes it bad.
 */
static const char *const bad_utf8[] = {
	"\x80", "\xbf",			/* a continuation byte first */
	"\xc0\x80", "\xc1\xbf",		/* overlong: 2 bytes for < U+0080 */
	"\xe0\x80\x80", "\xe0\x9f\xbf",	/* overlong: 3 bytes for < U+0800 */
	"\xf0\x80\x80\x80", "\xf0\x8f\xbf\xbf",	/* overlong: 4 for < U+10000 */
	"\xed\xa0\x80", "\xed\xbf\xbf",	/* surrogates U+D800, U+DFFF */
	"\xf4\x90\x80\x80",		/* U+110000 */
	"\xf5\x80\x80\x80", "\xf7\xbf\xbf\xbf",	/* above U+10FFFF */
	"\xf8\x88\x80\x80\x80", "\xfc\x84\x80\x80\x80\x80",	/* 5, 6 bytes */
	"\xfe", "\xff",
	"\xc3", "\xe2\x96", "\xf0\x9f\x98",	/* cut short by the end */
	"\xc3" "A", "\xe2\x96" "A", "\xe2" "A\x96",	/* cut by a character */
};

static const struct {
	const char	*in;
	uint32_t	 cp;
	size_t		 len;
} good_utf8[] = {
	{ "", 0, 1 }, { "A", 0x41, 1 }, { "\x7f", 0x7f, 1 },
	{ "\xc2\x80", 0x80, 2 }, { "\xdf\xbf", 0x7ff, 2 },
	{ "\xe0\xa0\x80", 0x800, 3 }, { "\xed\x9f\xbf", 0xd7ff, 3 },
	{ "\xee\x80\x80", 0xe000, 3 }, { "\xef\xbf\xbd", 0xfffd, 3 },
	{ "\xef\xbf\xbf", 0xffff, 3 }, { "\xf0\x90\x80\x80", 0x10000, 4 },
	{ "\xf4\x8f\xbf\xbf", 0x10ffff, 4 },
	{ "\xc3\xa9tc", 0xe9, 2 },	/* only the first character */
};

START_TEST(test_utf8_bad)
{
	uint32_t	cp = 12345;

	ck_assert_msg(utf8_decode(bad_utf8[_i], &cp) == 0,
	    "bad_utf8[%d] decoded", _i);
	ck_assert_uint_eq(cp, 12345);	/* untouched */
}
END_TEST

START_TEST(test_utf8_good)
{
	uint32_t	cp;
	char		out[UTF8_MAX];

	ck_assert_uint_eq(utf8_decode(good_utf8[_i].in, &cp),
	    good_utf8[_i].len);
	ck_assert_uint_eq(cp, good_utf8[_i].cp);
	ck_assert_uint_eq(utf8_encode(cp, out), good_utf8[_i].len);
	ck_assert(memcmp(out, good_utf8[_i].in, good_utf8[_i].len) == 0);
}
END_TEST

/* Every scalar value goes out and back in unchanged, in the fewest bytes. */
START_TEST(test_utf8_roundtrip)
{
	char		buf[UTF8_MAX + 1];
	uint32_t	cp, back;
	size_t		n, want;

	for (cp = 1; cp <= 0x10ffff; cp++) {
		if (cp == 0xd800)
			cp = 0xe000;
		want = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
		n = utf8_encode(cp, buf);
		buf[n] = '\0';
		if (n != want || utf8_decode(buf, &back) != n || back != cp)
			ck_abort_msg("U+%04X: %zu bytes, back as U+%04X",
			    (unsigned)cp, n, (unsigned)back);
	}
}
END_TEST

/* What has no UTF-8 form is written as U+FFFD: output is always valid. */
START_TEST(test_utf8_encode_invalid)
{
	static const uint32_t	 bad[] = { 0xd800, 0xdbff, 0xdc00, 0xdfff,
	    0x110000, 0x7fffffff, 0xffffffff };
	char			 out[UTF8_MAX];
	size_t			 i;

	for (i = 0; i < nitems(bad); i++) {
		ck_assert(!utf8_valid_cp(bad[i]));
		ck_assert_uint_eq(utf8_encode(bad[i], out), 3);
		ck_assert(memcmp(out, "\xef\xbf\xbd", 3) == 0);
	}
	ck_assert(utf8_valid_cp(0) && utf8_valid_cp(0xd7ff) &&
	    utf8_valid_cp(0xe000) && utf8_valid_cp(0x10ffff));
}
END_TEST

START_TEST(test_utf8_next_cut)
{
	const char	*s = "a\xc3\xa9\xff\xe2\x96" "b";

	ck_assert_uint_eq(utf8_next(&s), 'a');
	ck_assert_uint_eq(utf8_next(&s), 0xe9);
	ck_assert_uint_eq(utf8_next(&s), UTF8_REPLACEMENT);	/* \xff */
	ck_assert_uint_eq(utf8_next(&s), UTF8_REPLACEMENT);	/* \xe2 */
	ck_assert_uint_eq(utf8_next(&s), UTF8_REPLACEMENT);	/* \x96 */
	ck_assert_uint_eq(utf8_next(&s), 'b');
	ck_assert_uint_eq(utf8_next(&s), 0);
	ck_assert_uint_eq(utf8_next(&s), 0);	/* stays at the end */
	ck_assert_int_eq(*s, '\0');

	/* U+00E9, U+20AC, U+1F600: 2, 3 and 4 bytes. */
	s = "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80";
	ck_assert_uint_eq(utf8_cut(s, 0), 0);
	ck_assert_uint_eq(utf8_cut(s, 1), 0);
	ck_assert_uint_eq(utf8_cut(s, 2), 2);
	ck_assert_uint_eq(utf8_cut(s, 3), 2);
	ck_assert_uint_eq(utf8_cut(s, 4), 2);
	ck_assert_uint_eq(utf8_cut(s, 5), 5);
	ck_assert_uint_eq(utf8_cut(s, 8), 5);
	ck_assert_uint_eq(utf8_cut(s, 9), 9);
	ck_assert_uint_eq(utf8_cut("abc", 2), 2);
}
END_TEST

/*
 * Data files by name (scenarios, themes): NAME.x in the first directory
 * of $IPCSCOPE_TEST_PATH, then the installed one, that has it as a
 * regular file.
 */
static char	 data_tmp[] = "/tmp/check_units.XXXXXX";	/* main() */
static char	*data_root;	/* this test's folder in it */

static char *
data_path(const char *rel)
{
	char	*path;

	xasprintf(&path, "%s/%s", data_root, rel);
	return path;
}

static void
data_touch(const char *rel)
{
	char	*path = data_path(rel);
	FILE	*f;

	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fclose(f);
	free(path);
}

static void
data_setup(const char *test, struct util_data *d, char **env, char **inst)
{
	static const char *const dirs[] = { "a", "b", "inst", "b/dir.x" };
	static const char *const files[] = { "a/one.x", "a/both.x",
	    "a/notes.txt", "a/.x", "b/both.x", "b/two.x", "b/.hidden.x",
	    "inst/three.x", "inst/one.x" };
	char	*p;
	size_t	 i;

	xasprintf(&data_root, "%s/%s", data_tmp, test);
	ck_assert_int_eq(mkdir(data_root, 0700), 0);
	for (i = 0; i < nitems(dirs); i++) {
		p = data_path(dirs[i]);
		ck_assert_int_eq(mkdir(p, 0700), 0);
		free(p);
	}
	for (i = 0; i < nitems(files); i++)
		data_touch(files[i]);
	p = data_path("a/fifo.x");	/* never opened: it would block */
	ck_assert_int_eq(mkfifo(p, 0600), 0);
	free(p);
	/* A directory that does not exist is passed over. */
	xasprintf(env, "%s/a:%s/none:%s/b", data_root, data_root, data_root);
	setenv("IPCSCOPE_TEST_PATH", *env, 1);
	*inst = data_path("inst");
	d->env = "IPCSCOPE_TEST_PATH";
	d->srcsub = "no-such-folder";
	d->installed = *inst;
	d->ext = ".x";
}

static void
data_want(const struct util_data *d, const char *name, const char *rel)
{
	char	*got = util_data_find(d, name), *want;

	if (rel == NULL) {
		ck_assert_msg(got == NULL, "%s found: %s", name, got);
		return;
	}
	want = *rel == '/' ? data_path(rel + 1) : xstrdup(rel);
	ck_assert_msg(got != NULL, "%s not found", name);
	ck_assert_str_eq(got, want);
	free(got);
	free(want);
}

START_TEST(test_data_find)
{
	struct util_data	d;
	char			*env, *inst;

	data_setup("find", &d, &env, &inst);
	data_want(&d, "one", "/a/one.x");	/* not inst's */
	data_want(&d, "both", "/a/both.x");	/* the first directory wins */
	data_want(&d, "two", "/b/two.x");
	data_want(&d, "three", "/inst/three.x");
	data_want(&d, "dir", NULL);		/* a directory is no file */
	data_want(&d, "fifo", NULL);		/* neither is a FIFO */
	data_want(&d, "notes", NULL);
	data_want(&d, "nosuch", NULL);
	data_want(&d, "", NULL);
	/* A path is taken as it is, there or not. */
	data_want(&d, "some/where", "some/where");
	data_want(&d, "nosuch.x", "nosuch.x");
	data_want(&d, ".x", ".x");
	unsetenv("IPCSCOPE_TEST_PATH");
	data_want(&d, "both", NULL);
	data_want(&d, "three", "/inst/three.x");
	free(env);
	free(inst);
	free(data_root);
}
END_TEST

START_TEST(test_data_list)
{
	static const char *const want[][2] = { { "both", "/a/both.x" },
	    { "one", "/a/one.x" }, { "three", "/inst/three.x" },
	    { "two", "/b/two.x" } };
	struct util_data	  d;
	char			**paths, **names, *env, *inst, *p;
	int			  n, i;

	data_setup("list", &d, &env, &inst);
	n = util_data_list(&d, &paths, &names);
	ck_assert_int_eq(n, (int)nitems(want));
	for (i = 0; i < n; i++) {
		ck_assert_str_eq(names[i], want[i][0]);
		p = data_path(want[i][1] + 1);
		ck_assert_str_eq(paths[i], p);
		free(p);
		free(names[i]);
		free(paths[i]);
	}
	free(names);
	free(paths);
	/* Names alone; and none at all is an empty array, not NULL. */
	n = util_data_list(&d, NULL, &names);
	ck_assert_int_eq(n, (int)nitems(want));
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	d.ext = ".none";
	ck_assert_int_eq(util_data_list(&d, &paths, &names), 0);
	ck_assert_ptr_nonnull(names);
	ck_assert_ptr_nonnull(paths);
	free(names);
	free(paths);
	unsetenv("IPCSCOPE_TEST_PATH");
	free(env);
	free(inst);
	free(data_root);
}
END_TEST

/* The back-end table: find, names and what a build lacks agree. */
START_TEST(test_ui_backends)
{
	const struct ui_backend	*ui;
	struct strbuf		 sb = { NULL, 0, 0 };
	const char		*name;
	int			 i;

	ui = ui_backend_find(NULL);
	ck_assert_ptr_nonnull(ui);
	ck_assert_str_eq(ui->name, "ncurses");	/* the default */
	ck_assert_str_eq(ui_backend_name(0), "ncurses");
	for (i = 0; (name = ui_backend_name(i)) != NULL; i++) {
		ui = ui_backend_find(name);
		ck_assert_ptr_nonnull(ui);
		ck_assert_str_eq(ui->name, name);
		ck_assert_ptr_null(ui_backend_lacks(name));
		strbuf_printf(&sb, "%s%s", i == 0 ? "" : " ", name);
	}
	ck_assert_str_eq(ui_backend_names(), sb.s);
	strbuf_free(&sb);
	ck_assert_ptr_null(ui_backend_find("nosuch"));
	ck_assert_ptr_null(ui_backend_lacks("nosuch"));
	ck_assert_ptr_null(ui_backend_find(""));
	/* tickit: there, or said to need libtickit. */
	if (ui_backend_find("tickit") == NULL)
		ck_assert_str_eq(ui_backend_lacks("tickit"), "libtickit");
	else
		ck_assert_ptr_null(ui_backend_lacks("tickit"));
}
END_TEST

/* The grid never stores a control: nothing drawn can drive a terminal. */
START_TEST(test_grid_controls)
{
	struct grid	*g = grid_new(40, 2);
	char		 row[256];
	int		 used;

	used = grid_puts(g, 0, 0, ST_NORMAL, -1,
	    "a\x1b]0;x\x07" "b\x1b[2J\xc2\x9b" "c\x7f\xc3" "d");
	grid_row_text(g, 0, row, sizeof row);
	ck_assert_ptr_null(strchr(row, '\x1b'));
	ck_assert_ptr_null(strchr(row, '\x07'));
	ck_assert_ptr_null(strchr(row, '\x7f'));
	ck_assert_ptr_null(strstr(row, "\xc2\x9b"));
	/* ESC, BEL, C1 and DEL are dropped, the cut 'é' shows as U+FFFD. */
	ck_assert_str_eq(row, "a]0;xb[2Jc\xef\xbf\xbd" "d");
	ck_assert_int_eq(used, 12);
	grid_put(g, 0, 1, 0x1b, ST_NORMAL);
	grid_put(g, 1, 1, 0x9b, ST_NORMAL);
	grid_put(g, 2, 1, 0xd800, ST_NORMAL);
	grid_put(g, 3, 1, 0x110000, ST_NORMAL);
	ck_assert_str_eq(grid_row_text(g, 1, row, sizeof row), "");
	grid_free(g);
}
END_TEST

static Suite *
units_suite(void)
{
	Suite	*s = suite_create("units");
	TCase	*tc = tcase_create("units");

	tcase_add_loop_test(tc, test_size_good, 0, nitems(good_sizes));
	tcase_add_loop_test(tc, test_size_bad, 0, nitems(bad_sizes));
	tcase_add_loop_test(tc, test_time_good, 0, nitems(good_times));
	tcase_add_loop_test(tc, test_time_bad, 0, nitems(bad_times));
	tcase_add_loop_test(tc, test_rate_good, 0, nitems(good_rates));
	tcase_add_loop_test(tc, test_rate_bad, 0, nitems(bad_rates));
	tcase_add_test(tc, test_count);
	tcase_add_test(tc, test_fmt_size);
	tcase_add_test(tc, test_fmt_duration);
	tcase_add_test(tc, test_fmt_rate);
	suite_add_tcase(s, tc);

	tc = tcase_create("text");
	tcase_add_loop_test(tc, test_printable, 0, nitems(printable));
	tcase_add_test(tc, test_text_check);
	tcase_add_test(tc, test_json_string);
	tcase_add_test(tc, test_clip);
	tcase_add_test(tc, test_grow);
	tcase_add_test(tc, test_grid_controls);
	suite_add_tcase(s, tc);

	tc = tcase_create("utf8");
	tcase_add_loop_test(tc, test_utf8_bad, 0, nitems(bad_utf8));
	tcase_add_loop_test(tc, test_utf8_good, 0, nitems(good_utf8));
	tcase_add_test(tc, test_utf8_roundtrip);
	tcase_add_test(tc, test_utf8_encode_invalid);
	tcase_add_test(tc, test_utf8_next_cut);
	suite_add_tcase(s, tc);

	tc = tcase_create("data");
	tcase_add_test(tc, test_data_find);
	tcase_add_test(tc, test_data_list);
	suite_add_tcase(s, tc);

	tc = tcase_create("ui");
	tcase_add_test(tc, test_ui_backends);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr;
	char	 cmd[128];
	int	 failed;

	if (mkdtemp(data_tmp) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	sr = srunner_create(units_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", data_tmp);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", data_tmp);
	return failed == 0 ? 0 : 1;
}
