/*
 * view-int.h: what the files of the view share. Nothing outside
 * src/view/ includes it; the layer's interface is view.h.
 *
 * One drawing is a struct view (the model, the state, the grid, the
 * glyphs) handed to every part. view.c plans the rows, calls the parts in
 * order and keeps the hit map; each part draws its rows from a starting
 * row and returns the row after them. The text helpers (text.c) are the
 * only way to put text in the grid: in ASCII mode they turn every string
 * into ASCII, so no part needs to know. The formatters (fmt.c) write "?"
 * for whatever the model does not know (-1, NAN), never a guess.
 *
 * Like the whole view, nothing here reads a clock, a file or a terminal.
 */
#ifndef IPCSCOPE_VIEW_INT_H
#define IPCSCOPE_VIEW_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "view/view.h"

#define VIEW_MIN_COLS	40
#define VIEW_MIN_ROWS	10
#define VIEW_TEXT	512	/* longest line we build */

/* The glyphs of a drawing: Unicode, or ASCII only (text.c). */
struct view_glyphs {
	const char	*hline;
	const char	*vline;
	const char	*tl, *tr, *bl, *br;
	const char	*arrow;		/* writers -> gauge -> readers */
	const char	*marker;	/* selected process */
	const char	*ellipsis;
	const char	*cap_l, *cap_r;	/* gauge ends */
	const char	*updown;
	uint32_t	 fill;		/* a full gauge cell */
	uint32_t	 eighths[8];	/* 1/8 .. 8/8 of a cell; 0 if none */
	uint32_t	 empty;		/* unfilled gauge cell, no colour */
	uint32_t	 spark[8];
};

extern const struct view_glyphs	view_glyphs_utf8;
extern const struct view_glyphs	view_glyphs_ascii;

/* Everything one drawing needs. */
struct view {
	const struct model		*m;
	const struct view_state		*vs;
	struct grid			*g;
	const struct view_glyphs	*gl;
	int				 cols;
	int				 rows;
	bool				 ascii;
	bool				 color;
	char				 cap_title[160];	/* view_step_title(),
							   view_live_title() */
	struct view_map			*map;		/* NULL: not wanted */
};

enum view_align { AL_LEFT, AL_RIGHT, AL_CENTRE };

/*
 * Rows given to each part of the normal layout, decided before anything
 * is drawn (view.c, view_plan()).
 */
struct view_plan {
	int	chans;		/* channels shown, one line each */
	bool	chan2;		/* a second line per channel */
	int	procs;		/* process rows shown */
	int	cap_lines;	/* caption text lines */
	bool	cap_box;
	bool	spark;		/* throughput section, a row per channel */
	int	spark_procs;	/* and a row per process */
	int	gap_top;	/* blank rows between sections */
	int	gap_procs;
	int	gap_spark;
	int	events;		/* recent events, when rows are left over */
	int	gap_events;
};

/*
 * text.c: text into the grid. Each returns the columns it used. view_field
 * draws s in w columns, aligned, ending in an ellipsis when it is cut.
 * view_wrap word-wraps s into at most max lines of w columns (each
 * VIEW_TEXT bytes), the last ending in an ellipsis when text is left over,
 * and returns the lines used.
 */
const char	*view_str(const char *);	/* s, or "?" for NULL or "" */
int		 view_width(const struct view *, const char *);
int		 view_puts(struct view *, int x, int y, enum style, int maxw,
		     const char *);
int		 view_field(struct view *, int x, int y, enum style, int w,
		     enum view_align, const char *);
void		 view_hline(struct view *, int x, int y, int w, enum style);
void		 view_rule(struct view *, int y, const char *title);
void		 view_rule_label(struct view *, int y, int x, int w,
		     bool right, const char *label);
void		 view_box(struct view *, int x, int y, int w, int h,
		     enum style, const char *title);
int		 view_wrap(const struct view *, const char *s, int w,
		     char lines[][VIEW_TEXT], int max);
/*
 * s fitted to w columns, in the drawing's glyphs, into out (len bytes);
 * each returns the columns used. view_cut cuts at a character and ends in
 * the ellipsis (a name); view_cut_words keeps whole words and ends in a
 * space and the ellipsis ("lost 3 ..."), so that no number in s is ever
 * shown with a digit missing.
 */
int		 view_cut(const struct view *, const char *s, int w, char *out,
		     size_t len);
int		 view_cut_words(const struct view *, const char *s, int w,
		     char *out, size_t len);

/*
 * view.c: the hit map. view_map_add records that (x, y, w, h) shows
 * process or channel index (kind VIEW_HIT_NONE: an overlay hiding what is
 * under it). view_chan_drawn maps channel i drawn on rows y..y+h-1 and
 * marks it when it is the selection.
 */
void		 view_map_add(struct view *, enum view_hit_kind, int index,
		     int x, int y, int w, int h);
void		 view_chan_drawn(struct view *, int i, int y, int h);

/*
 * What the formatters below write is never wider than these (below 1024
 * PiB), so a column of that width holds every value: the widest rate
 * "999.9k msgs/s" (in bytes "1023.9 MiB/s"), size "1023.9 MiB", duration
 * "59m59s" (view_fmt_dur goes on in hours and days), count "9999999"
 * (then "12.3M"), pid 4194304 (the kernel's largest), state word
 * "STARTING".
 */
#define VIEW_RATE_W	13
#define VIEW_SIZE_W	10
#define VIEW_DUR_W	6
#define VIEW_COUNT_W	7
#define VIEW_PID_W	7
#define VIEW_WORD_W	8

/*
 * A state badge in parts, so that a narrow column can shorten it without
 * cutting a number: the word ("BLOCKED"), the call and the channel (names,
 * which may be cut), the duration (whole or left out) and the rest (a
 * failure's cause, a helper thread's state: whole words, " SIGPIPE",
 * " \u00b7 feeder BLOCKED put q 2.1s").
 */
struct view_badge {
	const char	*word;
	char		 op[40];
	char		 chan[64];
	char		 dur[32];
	char		 tail[VIEW_TEXT];
};

/*
 * fmt.c: numbers and states as text, shared by both layouts. Each writes
 * into buf (len bytes) and returns it. view_badge_word is a state's
 * badge word and style (one table for both layouts); view_badge_parts
 * fills a badge's parts and returns its style; view_badge_join writes
 * them as one text, with the tail or without.
 */
const char	*view_badge_word(enum proc_state, enum style *);
enum style	 view_badge_parts(const struct model *,
		     const struct model_proc *, struct view_badge *);
void		 view_badge_join(const struct view_badge *, bool tail,
		     char *buf, size_t len);
char		*view_fmt_bps(char *buf, size_t len, double bps);
char		*view_fmt_rate(char *buf, size_t len, double v,
		    const char *unit);
char		*view_fmt_bytes(char *buf, size_t len, double bytes);
char		*view_fmt_dur(char *buf, size_t len, double s);
char		*view_fmt_fill(char *buf, size_t len, const struct model_chan *);
char		*view_fmt_pct(char *buf, size_t len, const struct model_chan *);
double		 view_frac(const struct model_chan *);	/* -1: unknown */
enum style	 view_gauge_style(double frac);
char		*view_fmt_ends(const struct view *, char *buf, size_t len,
		     const int *list, int n, int w, const char *what);
void		 view_fmt_thread(const struct model *,
		     const struct model_proc *, char *buf, size_t len);
char		*view_fmt_count(char *buf, size_t len, uint64_t n);
char		*view_fmt_badge(const struct model *, const struct model_proc *,
		     char *buf, size_t len, enum style *);
char		*view_fmt_check(const struct model *, int proc, char *buf,
		     size_t len, enum style *);
char		*view_fmt_kernel(const struct model_proc *, char *buf,
		     size_t len);
bool		 view_proc_reads(const struct model *, int proc);
bool		 view_proc_writes(const struct model *, int proc);
void		 view_proc_moved(const struct model *, int proc,
		     uint64_t *bytes, uint64_t *msgs);
bool		 view_proc_moves_items(const struct model *, int proc);

/* The parts of the normal layout; each returns the row after its own. */
int		 view_channels(struct view *, int y, const struct view_plan *);
void		 view_gauge(struct view *, int x, int y, int w,
		     const struct model_chan *);		/* channels.c */
int		 view_procs(struct view *, int y, const struct view_plan *);
int		 view_throughput(struct view *, int y, const struct view_plan *);
int		 view_events(struct view *, int y, const struct view_plan *);

/*
 * caption.c: the caption's text (NULL: none) with its box title and
 * style, the step title ("cue 2/5 · n next", kept in v->cap_title), the
 * live caption's ("off the script · you paused reader") and
 * the caption drawn as the plan says.
 */
const char	*view_caption(struct view *, char *buf, size_t len,
		     const char **title, enum style *);
const char	*view_step_title(struct view *);
const char	*view_live_title(struct view *);
void		 view_caption_draw(struct view *, int y,
		     const struct view_plan *, char lines[][VIEW_TEXT],
		     const char *title, enum style);

/* header.c: the first row, and the normal layout's footer of keys. */
void		 view_header(struct view *);
void		 view_footer(struct view *, int y);

/* overlays.c: on top of either layout; the screen too small for both. */
void		 view_overlays(struct view *);
void		 view_too_small(struct view *);
/* waits.c: who waits for whom (w), under the overlays. */
void		 view_waits(struct view *);

/* view.c: n of the *left rows, if there are that many (the plans). */
bool		 view_take(int *left, int n);

/*
 * The --big projector layout, in place of the normal one: big.c plans
 * the rows and draws the frame and caption, big-chans.c the channels,
 * big-procs.c the processes.
 */
#define BIG_CAPTION_MAX	5	/* caption lines */
#define BIG_BAR_ROWS	5	/* rows of a channel's bar, at most */

/* One process line: a process, a pool of replicas, or "+N more". */
struct view_big_line {
	int	first;		/* proc index; for "+N more", N */
	int	n;		/* processes on the line; 0: "+N more" */
};

struct view_big_plan {
	int	chans;		/* channels shown */
	bool	chans_more;	/* and a "+N more" line after them */
	int	bar;		/* rows per bar */
	int	chan_gap;	/* blank rows after each channel */
	int	lines;		/* process lines (rule not counted) */
	int	proc_gap;	/* blank rows between process lines */
	int	gap_top;	/* blank row under the header */
	int	cap_lines;	/* caption text lines */
	int	cap_rows;	/* rows inside the caption's box, >= cap_lines */
};

void		 view_draw_big(struct view *);
/*
 * big-chans.c: the width of the numbers beside the first n channels'
 * bars; channel i drawn from row y with bars bar rows tall, returning the
 * row after it.
 */
int		 view_big_num_w(const struct view *, int n);
int		 view_big_chan(struct view *, int y, int i, int bar, int numw);
/*
 * big-procs.c: the process lines for at most max rows, written to out
 * (room for SCENARIO_MAX_PROCS + 1), and how many; the processes section
 * as planned, returning the row after it.
 */
int		 view_big_lines(const struct view *, int max,
		     struct view_big_line *out);
int		 view_big_procs(struct view *, int y,
		     const struct view_big_plan *);

#endif
