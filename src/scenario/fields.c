/* fields.c: the table of fields and the words they take (fields.h). */
#include "config.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "scenario/fields.h"
#include "base/activity.h"
#include "base/util.h"
#include "kinds/channel.h"

const struct field fields_table[FIELD_COUNT] = {
#define FIELD(id, name, subject, unit, help) \
	[FIELD_##id] = { FIELD_##id, name, FS_##subject, FU_##unit, help },
#include "scenario/fields.def"
#undef FIELD
};

const struct field *
fields_find(enum field_subject subject, const char *name)
{
	int	i;

	for (i = 0; i < FIELD_COUNT; i++) {
		if (fields_table[i].subject == subject &&
		    strcmp(fields_table[i].name, name) == 0)
			return &fields_table[i];
	}
	return NULL;
}

/* Append w to sb as the next item of a list "a, b, c". */
static void
fields_add(struct strbuf *sb, const char *w)
{
	if (sb->len != 0)
		strbuf_add(sb, ", ", 2);
	strbuf_add(sb, w, strlen(w));
}

/* The list in sb, allocated: "" when it is empty. */
static char *
fields_take(struct strbuf *sb)
{
	return sb->s != NULL ? sb->s : xstrdup("");
}

char *
fields_list(enum field_subject subject)
{
	struct strbuf	sb = { NULL, 0, 0 };
	int		i;

	for (i = 0; i < FIELD_COUNT; i++) {
		if (fields_table[i].subject == subject)
			fields_add(&sb, fields_table[i].name);
	}
	return fields_take(&sb);
}

bool
fields_state_word(const char *w)
{
	return state_by_name(w) >= 0;
}

char *
fields_state_list(void)
{
	struct strbuf	sb = { NULL, 0, 0 };
	int		i;

	for (i = 0; i < PS_COUNT; i++)
		fields_add(&sb, state_name((enum proc_state)i));
	return fields_take(&sb);
}

/*
 * The i-th operation word, repeats included: each kind's send and receive
 * words, then op_name()'s own (OP_SEND and OP_RECV are the kinds';
 * OP_EXEC is never shown), then "none" for no call; NULL after the last.
 */
static const char *
fields_op_nth(int i)
{
	const struct channel_ops	*k;
	int				 nk, op;

	for (nk = 0; channel_kind(nk) != NULL; nk++)
		;
	if (i < 2 * nk) {
		k = channel_kind(i / 2);
		return op_name(i % 2 == 0 ? OP_SEND : OP_RECV, k->send_op,
		    k->recv_op);
	}
	i -= 2 * nk;
	for (op = OP_NONE + 1; op < OP_COUNT; op++) {
		/* exec is the moment before a program runs: never shown
		   (from then on its op is the call the kernel shows). */
		if (op == OP_SEND || op == OP_RECV || op == OP_EXEC)
			continue;
		if (i-- == 0)
			return op_name((unsigned)op, NULL, NULL);
	}
	return i == 0 ? "none" : NULL;
}

/* Whether the i-th operation word is its first occurrence. */
static bool
fields_op_first(int i)
{
	const char	*w = fields_op_nth(i);
	int		 j;

	for (j = 0; j < i; j++) {
		if (strcmp(fields_op_nth(j), w) == 0)
			return false;
	}
	return true;
}

bool
fields_op_word(const char *w)
{
	const char	*o;
	int		 i;

	for (i = 0; (o = fields_op_nth(i)) != NULL; i++) {
		if (strcmp(o, w) == 0)
			return true;
	}
	return false;
}

char *
fields_op_list(void)
{
	struct strbuf	 sb = { NULL, 0, 0 };
	const char	*o;
	int		 i;

	for (i = 0; (o = fields_op_nth(i)) != NULL; i++) {
		if (fields_op_first(i))
			fields_add(&sb, o);
	}
	return fields_take(&sb);
}
