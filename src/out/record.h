/*
 * record.h: recordings of a run, written while it plays.
 *
 * Two files, each optional: an asciinema v2 cast of the screen (--record)
 * and a Chrome trace-event JSON file (--trace) with one track per worker,
 * that Perfetto and chrome://tracing open.
 *
 * The cast carries a marker ("m" event, a chapter in players that show
 * them) at each cue: its event's text cut to a few words. Its first frame
 * enters the alternate screen, as the terminal UI does; its last output
 * (record_close) resets the attributes, shows the cursor again and leaves
 * the alternate screen, so that "asciinema cat" or a player gives the
 * terminal back as it was. A palette made for a light background
 * (palette_for_light) is drawn with its background and text colours in
 * every cell, since a player's own background is dark.
 *
 * Call order: record_new; record_open_cast and/or record_open_trace before
 * the run starts (they fail, with a message naming the path, if a file
 * cannot be created: nothing has started yet, so the caller can exit 2);
 * then every tick record_sample (after model_update) and record_frame
 * (with the grid of that tick); record_event for each model event as it is
 * added; record_restart when the run is thrown away and started again
 * (r, the picker); record_close once on every way out. record_close writes
 * what makes each file complete JSON (the trace's closing brackets, the
 * last intervals) and may be called more than once; only the first call
 * writes.
 *
 * Every call flushes what it wrote, so that a worker forked after it
 * inherits no buffered data, and an interrupted run loses nothing. The
 * files are opened close-on-exec. Write errors are reported once on
 * stderr (by record_close) and the file is then left alone; the run goes
 * on, and record_failed() says so afterwards (the exit status is 3).
 * Writes go through util_write(): a file that is a FIFO nobody reads
 * never keeps a terminating signal out.
 */
#ifndef IPCSCOPE_RECORD_H
#define IPCSCOPE_RECORD_H

#include <stdbool.h>

#include "screen/grid.h"
#include "model/model.h"

struct record;

struct record	*record_new(void);
/* title: "ipcscope SCENARIO". Returns -1 and *cause if path is unusable. */
int		 record_open_cast(struct record *, const char *path,
		     const char *title, char **cause);
int		 record_open_trace(struct record *, const char *path,
		     const char *title, char **cause);
bool		 record_has_cast(const struct record *);
bool		 record_has_trace(const struct record *);
/* Did a write to either file fail (reported by record_close)? */
bool		 record_failed(const struct record *);
/*
 * One frame of the screen: written to the cast only if it differs from the
 * last one (only the rows that changed). The first frame fixes the cast's
 * size; a later size change is written as a resize ("r") event and a full
 * repaint. color: colour wanted; the current palette's 256-colour looks
 * are drawn then, unless palette_depth() says mono (a palette without
 * colour), else its attributes only.
 */
void		 record_frame(struct record *, const struct grid *, bool color);
/* The model after one tick: state intervals and channel counters. */
void		 record_sample(struct record *, const struct model *);
/* A model event: an instant in the trace; a "cue" event is also the
   cast's marker. */
void		 record_event(struct record *, const struct model *,
		     const struct model_event *);
/* The run is about to be replaced: end its intervals where it stands. */
void		 record_restart(struct record *, const struct model *);
/* Close open intervals at m's time (m may be NULL), finish both files. */
void		 record_close(struct record *, const struct model *);
void		 record_free(struct record *);

#endif
