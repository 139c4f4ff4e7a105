/*
 * fields.h: the fields of processes and channels, in one table: what
 * [expect] lines compare ("reader.msgs_in = 512") and what {NAME.FIELD}
 * placeholders show in captions ("{pipe.fill:h}"). Each field has a name,
 * the subject it belongs to, a unit (which also says whether it is a word
 * or a number) and a line of help; its lines are in fields.def.
 *
 * The scenario checks names and values against this table, and its
 * messages list the valid fields in the table's order. The model reads
 * each field with the getter of the same id (model/expect.c): that layer
 * holds how a value is read, this one what it is called and means.
 * tests/check_tables.c checks that every field has exactly one getter and
 * that ipcscope-scenario(5) lists exactly these fields.
 *
 * The words a word field takes are checked here too, from their single
 * sources: states from state_name() (base/activity.h), operations from
 * op_name() and each kind's send_op and recv_op (kinds/channel.h).
 */
#ifndef IPCSCOPE_FIELDS_H
#define IPCSCOPE_FIELDS_H

#include <stdbool.h>

enum field_id {
#define FIELD(id, name, subject, unit, help) FIELD_##id,
#include "scenario/fields.def"
#undef FIELD
	FIELD_COUNT
};

enum field_subject {
	FS_PROC,			/* a process: "writer.bytes_out" */
	FS_CHAN				/* a channel: "pipe.fill" */
};

/*
 * What a field holds and how it is written: plain, and with ':h' (human
 * units) in a placeholder. FU_WORD alone is a word, compared with == and
 * != only; every other unit is a number, written in an [expect] value as a
 * size ("4K") except FU_SECONDS, written as seconds ("0.5").
 */
enum field_unit {
	FU_WORD,			/* a word: "blocked", "SIGPIPE", "none" */
	FU_NUMBER,			/* a number that counts nothing (a pid) */
	FU_COUNT,			/* a count: "512" either way */
	FU_BYTES,			/* bytes: "65536", ":h" "64.0 KiB" */
	FU_FILL,			/* the channel's unit: bytes, or a count
					   where its kind's fill counts items
					   (channel_ops.by_messages) */
	FU_RATE,			/* bytes per second: "1258291", ":h"
					   "1.2 MiB/s" */
	FU_KIND_RATE,			/* per second in the channel's rate
					   unit: bytes, or items where its kind
					   counts items (channel_ops.rate_unit):
					   "400", ":h" "400 sig/s" */
	FU_SECONDS			/* seconds: "3.2", ":h" "3.2s" */
};

struct field {
	enum field_id		 id;	/* its index in fields_table */
	const char		*name;	/* "bytes_out" */
	enum field_subject	 subject;
	enum field_unit		 unit;
	const char		*help;	/* one line: "bytes it wrote" */
};

/* Every field, indexed by id: the process fields, then the channel's. */
extern const struct field fields_table[FIELD_COUNT];

/* The field of subject called name; NULL if there is none. */
const struct field	*fields_find(enum field_subject, const char *name);
/* "state, op, channel, ...": the names of subject's fields, allocated. */
char			*fields_list(enum field_subject);

/*
 * The words of the state and op fields. *_word() says whether w is one;
 * *_list() is "starting, running, ..." (allocated). The operations are
 * each kind's send_op and recv_op, in the order of the kinds, then the
 * fixed ones of op_name(), then "none"; each once.
 */
bool			 fields_state_word(const char *w);
char			*fields_state_list(void);
bool			 fields_op_word(const char *w);
char			*fields_op_list(void);

#endif
