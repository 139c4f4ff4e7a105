/*
 * scen-int.h: what the files of the scenario layer share, and nothing
 * outside it includes. Loading (scenario.c) reads the file into sections
 * and keys (parse.c), then each kind of section is checked and built by
 * its own file: channels.c, procs.c, cues.c, expects.c; find.c looks
 * scenarios up by name. Every check reports through scen_error() with a
 * line and a message that says what would be valid.
 */
#ifndef IPCSCOPE_SCEN_INT_H
#define IPCSCOPE_SCEN_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/ini-read.h"
#include "base/util.h"
#include "kinds/frame.h"
#include "scenario/scenario.h"

#define SCEN_MAX_NAME		32
/* A file of garbage (a binary given by mistake) stops being listed here. */
#define SCEN_MAX_ERRORS		1000
#define SCEN_MAX_REPLICAS	SCENARIO_MAX_PROCS
#define SCEN_MAX_DURATION_MS	(3600ULL * 1000)
#define SCEN_DEFAULT_DURATION	(10ULL * 1000)
#define SCEN_DEFAULT_SIZE	4096
#define SCEN_MAX_MSGSIZE	(64ULL << 20)

enum scen_sect_kind {
	SECT_SCENARIO,
	SECT_CHANNEL,
	SECT_PROCESS,
	SECT_CUE,
	SECT_EXPECT,
	SECT_BAD		/* header already reported; keys are ignored */
};

struct scen_key {
	char		*name;
	struct strbuf	 value;
	int		 line;
	int		 bad;	/* the line was reported: do not check it */
	int		 dropped;	/* given twice: reported, not kept */
	int		 comment_line;	/* a line of it whose inline comment
					   was cut from the value; 0 none */
};

struct scen_section {
	enum scen_sect_kind	 kind;
	char			*name;		/* channel and process only */
	int			 line;
	struct scen_key		*keys;
	int			 nkeys;
};

struct scen_err {
	int	 line;
	int	 seq;		/* order of discovery, for a stable sort */
	char	*msg;
};

/* Per-process facts needed by the cross-section checks. */
struct scen_pbase {
	struct scen_section	*sec;
	int			 ok;		/* role known, names resolved */
	int			 has_role;
	enum proc_role		 role;
	int			 from, to;
	int			 from_line, to_line;
	int			 from_bad, to_bad;	/* named a missing channel */
	int			 uses, uses_line;	/* user: semaphore */
	uint64_t		 hold_ms;
	uint64_t		 size;
	const char		*size_text;
	int			 size_line;
	int			 size_ok;
	int			 size_given;	/* 'size' is in the file */
	uint64_t		 total, count, start_ms, think_ms, markers;
	int			 markers_given;	/* 'markers' is in the file */
	int			 start_cue;	/* start = cue */
	int			 start_line;
	enum nonblock		 nonblock;
	struct rate		 rate;
	int			 replicas;
	int			 first;		/* index of its first proc */
	char			**argv;		/* exec = COMMAND, split; NULL */
	int			 raw_in, raw_out;	/* scen_check_exec */
};

struct scen_cinfo {
	int		 type_ok;
	int		 cap_given, cap_ok, cap_line;
	int		 msgsize_given, msgsize_ok, msgsize_line;
	uint64_t	 msgsize;	/* as given; 0 when absent */
	const char	*cap_text, *msgsize_text;
};

/* What a kind's check reports through (channels.c). */
struct scen_kcheck {
	struct scen_ctx		*ctx;
	struct scen_cinfo	*ci;
	struct scen_pbase	*writer;	/* the one checked, or NULL */
};

struct scen_ctx {
	const char		*path;
	FILE			*f;
	int			 lineno;
	int			 last_key;	/* continuation target, -1 none */

	struct scen_section	*sects;
	int			 nsects;
	int			 cur;		/* current section, -1 none */
	int			 scenario_line;	/* of the first [scenario] */
	char			**dropped;	/* channels past the limit, */
	int			 ndropped;	/* sorted by name */

	struct scen_err		*errs;
	int			 nerrs;
	int			 nseq;		/* errors found so far */
	int			 nerrs_dropped;	/* past SCEN_MAX_ERRORS */

	struct scenario		*sc;
	struct scen_pbase	*pb;
	int			 npb;
	struct scen_cinfo	*ci;
	int			 duration_ok;
	int			 refs_bad;	/* some from/to did not resolve */
};

/* Subjects of expectations and placeholders. */
enum scen_subj {
	SUBJ_NONE,
	SUBJ_CHANNEL,
	SUBJ_PROC,		/* a process as it runs, "worker-2" */
	SUBJ_BASE		/* a replicated section name, "worker" */
};

typedef int (*scen_parse_fn)(const char *, uint64_t *, char **);

#define SCEN_SECTIONS \
	"[scenario], [channel NAME], [process NAME], [cue], [expect]"
#define SCEN_NAME_RULE \
	"a name is a letter followed by up to 31 letters, digits, '_' or '-'"


extern const char *scen_role_names[ROLE_COUNT];
/* In enum cue_action order; the same words are the [cue] keys. */
extern const char *scen_action_names[CUE_ACTION_COUNT];

void	scen_check_channels(struct scen_ctx *ctx);
void	scen_check_exec(struct scen_ctx *ctx);
void	scen_argv_free(char **);
void	scen_check_cue_starts(struct scen_ctx *ctx);
void	scen_check_keys(struct scen_ctx *ctx, struct scen_section *sec,
	    const char **valid, size_t n);
void	scen_check_names(struct scen_ctx *ctx);
void	scen_check_text(struct scen_ctx *ctx, int line, const char *text);
const char *	scen_clip(const char *s);
int	scen_cmp_cue(const void *a0, const void *b0);
int	scen_cmp_expect(const void *a0, const void *b0);
int	scen_cmp_strp(const void *a, const void *b);
void	scen_do_channel(struct scen_ctx *ctx, struct scen_section *sec);
void	scen_do_cue(struct scen_ctx *ctx, struct scen_section *sec);
void	scen_do_expect(struct scen_ctx *ctx, struct scen_section *sec);
void	scen_do_process(struct scen_ctx *ctx, struct scen_section *sec);
void	scen_drop_twice(struct scen_ctx *ctx, struct scen_section *sec);
void	scen_error(struct scen_ctx *ctx, int line, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
void	scen_expand(struct scen_ctx *ctx);
/*
 * One [expect] line, "KEY = [CMP] VALUE" given as key and value, split
 * into it (which the caller owns and frees) and checked unless bad: an
 * error for each problem, where (" in [expect]", " in 'when'") saying
 * where the line was when a name is unknown.
 */
void	scen_expect_item(struct scen_ctx *ctx, struct scen_expect_item *it,
	    int line, const char *key, const char *value, bool bad,
	    const char *where);
void	scen_fmt_time(char *buf, size_t len, uint64_t ms);
const char *	scen_get(struct scen_section *sec, const char *name, int *line,
	    int *present);
int	scen_get_num(struct scen_ctx *ctx, struct scen_section *sec, const char *name,
	    scen_parse_fn fn, uint64_t *out, int *line, const char **text);
void	scen_key(struct scen_ctx *ctx, const struct ini_line *l);
void	scen_line(void *arg, const struct ini_line *l);
char *	scen_list(const char **list, size_t n);
void	scen_read_error(void *arg, int line, const char *msg);
void	scen_relay_sizes(struct scen_ctx *ctx);
int	scen_resolve_channel(struct scen_ctx *ctx, const char *name, int line);
const char *	scen_sect_label(const struct scen_section *sec);
enum scen_subj	scen_subject(struct scen_ctx *ctx, const char *name, int *index);
void	scen_unknown_subject(struct scen_ctx *ctx, int line, const char *name,
	    const char *where);
const char *	scen_val(const struct scen_key *k);
int	scen_valid_name(const char *s);
int	scen_word_index(const char **list, size_t n, const char *w);
int	scen_words(const char *v, const char *seps, char **copy, char **words,
	    int max);

#endif
