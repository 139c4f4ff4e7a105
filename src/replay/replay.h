/*
 * replay.h: a recorded run (the JSON Lines of --headless, DESIGN.md's
 * CONTRACT) as a source of observations (model/obs.h), for --replay.
 *
 * replay_open() reads the whole file once before anything is shown: its
 * first line must be the scenario record, every line after it must parse
 * (with jansson) and say what the contract says, with the names the
 * header gave. A bad file is refused there, with "FILE:LINE: message"
 * (what was found, what would be valid); nothing is played. A last line
 * cut short (a run killed while writing it) is not an error: the replay
 * ends before it, and replay_cut() says so. The file is then read again
 * as it plays, a line at a time: memory does not grow with its length
 * (lines are capped at REPLAY_MAX_LINE bytes), and going back is reading
 * again from the start. Only the bytes the first pass accepted are ever
 * played, even if the file grows meanwhile.
 *
 * The header becomes a scenario (replay_scenario(): names, the about
 * text, who writes and reads each channel) whose channel kinds are the
 * recording's: each channel gets a kind descriptor of its own, made of
 * the recorded words (its calls, its unit, the rules explain quotes, its
 * flags), so that a kind this binary does not have still shows what was
 * recorded. Where a recording made before these were recorded lacks
 * them, the kind of that name in this binary's table fills them in, if
 * it has one; replay_lacks() lists what the recording did not hold.
 * Every text read from the file is made printable (util_printable()).
 *
 * Playing: the file's records are steps, each at its recorded time: a
 * sample (every process's and channel's state) or one event. replay_peek()
 * says when the next step is; each observe() takes that step and
 * returns the state as of the last sample, with the steps' events and
 * the caption, stall and rates as recorded (obs.rec). The processes'
 * states come out of the model as they were recorded: a blocked process
 * is observed as the kernel confirming its call, an ended one as its
 * wait status, and so on. The clock of the observations is the
 * recording's (obs.now_ns - obs.t0_ns is the last sample's t). No process
 * is started and nothing of the machine is read: a recording plays the
 * same on any machine.
 *
 * The source has no actions: every op but observe is NULL, so the
 * controller says "not available for this source".
 */
#ifndef IPCSCOPE_REPLAY_H
#define IPCSCOPE_REPLAY_H

#include <stdbool.h>

#include "model/obs.h"
#include "scenario/scenario.h"

#define REPLAY_MAX_LINE	(4u << 20)	/* bytes in one record */

struct replay;

/*
 * Open and check path. NULL with *cause allocated ("FILE:LINE: message",
 * or "FILE: message" for what concerns the whole file) when it cannot be
 * played.
 */
struct replay	*replay_open(const char *path, char **cause);
void		 replay_free(struct replay *);

/*
 * The scenario the header describes: the replay's (never to be freed by
 * the caller), valid until replay_free.
 */
struct scenario	*replay_scenario(const struct replay *);
/*
 * What the recording does not hold, in words ("no about text, no
 * captions, ..."), "" when it holds all this ipcscope shows.
 */
const char	*replay_lacks(const struct replay *);
/* The time of the last record, and the number of samples. */
double		 replay_length(const struct replay *);
int		 replay_nsamples(const struct replay *);
/*
 * How the recorded run ended: its end record's reason ("duration",
 * "done", "interrupted"), or NULL if it has none (the run was killed);
 * replay_cut(): the line number of a last line that was cut short, or 0.
 */
const char	*replay_end_reason(const struct replay *);
long		 replay_cut(const struct replay *);

/*
 * The next step: true with its time in *t, false when every step has
 * been taken. is_sample (may be NULL) says whether it is a sample.
 */
bool		 replay_peek(struct replay *, double *t, bool *is_sample);
/* Samples taken so far (0 before the first). */
int		 replay_position(const struct replay *);
/*
 * Back to the start: the state before the first step, the next
 * observe() taking the first step again. 0, or -1 with *cause if the
 * file can no longer be read.
 */
int		 replay_rewind(struct replay *, char **cause);
/*
 * Take the next step (if any) and fill *o. The arrays and strings are
 * the replay's, valid until the next call. replay_look() fills *o with
 * the state as it is, taking no step (and giving no event again).
 */
void		 replay_observe(void *r, struct obs *o);
void		 replay_look(struct replay *, struct obs *o);

extern const struct source_ops replay_source_ops;

#endif
