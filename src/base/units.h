/*
 * units.h: the units of scenario files and of the display.
 *
 * Sizes take K, M, G suffixes in powers of 1024 (optionally followed by B or
 * iB: 4K, 4KB, 4KiB are all 4096), times take ms or s (a bare number is an
 * error: say which), rates are "max", N/s (messages per second) or SIZE/s
 * (bytes per second).
 *
 * Parsers return 0 on success and -1 on error, with *cause set to an
 * allocated message that says what would be valid, e.g.
 * "bad size '4X': expected a number with an optional K, M or G suffix (4K, 1M)".
 * The caller frees *cause.
 */
#ifndef IPCSCOPE_UNITS_H
#define IPCSCOPE_UNITS_H

#include <stddef.h>
#include <stdint.h>

enum rate_kind {
	RATE_MAX = 0,		/* as fast as the channel allows */
	RATE_MSGS,		/* messages per second */
	RATE_BYTES		/* bytes per second */
};

struct rate {
	enum rate_kind	kind;
	double		value;	/* per second; 0 for RATE_MAX */
};

int	 units_parse_size(const char *, uint64_t *, char **cause);
int	 units_parse_time_ms(const char *, uint64_t *, char **cause);
int	 units_parse_rate(const char *, struct rate *, char **cause);
int	 units_parse_count(const char *, uint64_t *, char **cause);

/*
 * Human formatting into buf (always NUL-terminated, truncated to len):
 * sizes as "64.0 KiB", "1.9 MiB", "512 B"; rates as "1.2 MiB/s";
 * durations as "3.2s", "850ms", "2m05s"; rates as written in files
 * ("max", "100/s", "256K/s").
 */
char	*units_fmt_size(char *buf, size_t len, double bytes);
char	*units_fmt_bps(char *buf, size_t len, double bytes_per_s);
/*
 * A rate in unit, a count of items per second ("2.5 acq/s", "400 sig/s",
 * "1.2M msgs/s"); unit NULL: bytes per second, as units_fmt_bps.
 */
char	*units_fmt_per_s(char *buf, size_t len, double v, const char *unit);
char	*units_fmt_duration(char *buf, size_t len, double seconds);
char	*units_fmt_rate(char *buf, size_t len, const struct rate *);

#endif
