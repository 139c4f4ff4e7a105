/*
 * check_tables.c: the tables that hold a vocabulary in one place agree
 * with each other and with the manual: every key of the key table is in
 * ipcscope(1)'s KEYS and every key there is in the table; no key code is
 * bound twice; every action has a binding. Every field of the field table
 * is in ipcscope-scenario(5)'s [expect] fields and every field there is in
 * the table; every field has one getter in the model; every operation
 * word is in the manual's entry for op.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "model/expect.h"
#include "scenario/fields.h"
#include "screen/keys.h"

#define MAN1	IPCSCOPE_SRCDIR "/man/ipcscope.1"
#define MAN5	IPCSCOPE_SRCDIR "/man/ipcscope-scenario.5"

/* The lines after each .TP of section sect in a man page. */
static int
man_terms(const char *path, const char *sect, char terms[][256], int max)
{
	FILE	*f = fopen(path, "r");
	char	 line[1024], want[64];
	int	 n = 0, in = 0, tp = 0;

	ck_assert_msg(f != NULL, "cannot open %s", path);
	snprintf(want, sizeof want, ".SH %s\n", sect);
	while (fgets(line, sizeof line, f) != NULL) {
		if (strncmp(line, ".SH ", 4) == 0) {
			in = strcmp(line, want) == 0;
			continue;
		}
		if (!in)
			continue;
		if (tp && n < max) {
			line[strcspn(line, "\n")] = '\0';
			snprintf(terms[n++], 256, "%.255s", line);
		}
		tp = strcmp(line, ".TP\n") == 0;
	}
	fclose(f);
	return n;
}

START_TEST(test_keys_in_man)
{
	char	terms[64][256];
	int	n, i, j;

	n = man_terms(MAN1, "KEYS", terms, 64);
	ck_assert_int_gt(n, 0);
	for (i = 0; i < keys_count; i++) {
		for (j = 0; j < n; j++) {
			if (strcmp(terms[j], keys_table[i].man) == 0)
				break;
		}
		ck_assert_msg(j < n, "key '%s' (%s) is not in ipcscope(1) KEYS "
		    "as '%s'", keys_table[i].label, keys_table[i].help,
		    keys_table[i].man);
	}
	for (j = 0; j < n; j++) {
		for (i = 0; i < keys_count; i++) {
			if (strcmp(terms[j], keys_table[i].man) == 0)
				break;
		}
		ck_assert_msg(i < keys_count, "ipcscope(1) KEYS lists '%s', "
		    "which the key table does not have", terms[j]);
	}
}
END_TEST

START_TEST(test_keys_unique)
{
	int	i, j, a, b;

	for (i = 0; i < keys_count; i++) {
		ck_assert(keys_table[i].action > KA_NONE &&
		    keys_table[i].action < KA_COUNT);
		ck_assert_ptr_nonnull(keys_table[i].help);
		ck_assert_ptr_nonnull(keys_table[i].brief);
		for (a = 0; a < KEY_CODES && keys_table[i].codes[a]; a++) {
			ck_assert_ptr_eq(keys_lookup(keys_table[i].codes[a]),
			    &keys_table[i]);
			for (j = i + 1; j < keys_count; j++) {
				for (b = 0; b < KEY_CODES &&
				    keys_table[j].codes[b]; b++)
					ck_assert_int_ne(keys_table[i].codes[a],
					    keys_table[j].codes[b]);
			}
		}
	}
	/* Every action is bound. */
	for (a = KA_NONE + 1; a < KA_COUNT; a++) {
		for (i = 0; i < keys_count && keys_table[i].action !=
		    (enum key_action)a; i++)
			;
		ck_assert_msg(i < keys_count, "action %d has no key", a);
	}
}
END_TEST

/* The overlays' order, for the controller and the view alike. */
START_TEST(test_modal_order)
{
	ck_assert_int_eq(keys_modal(true, true, true), MODAL_PICKER);
	ck_assert_int_eq(keys_modal(false, true, true), MODAL_EXPLAIN);
	ck_assert_int_eq(keys_modal(false, false, true), MODAL_HELP);
	ck_assert_int_eq(keys_modal(false, false, false), MODAL_NONE);
}
END_TEST

/*
 * The bold words of one man page line: every argument of .B, the first,
 * third, ... of .BR, the second, fourth, ... of .RB. Quotes group an
 * argument (", " is one). Returns how many were put in words.
 */
static int
man_bold(const char *line, char words[][64], int max)
{
	const char	*p = line;
	char		 arg[64];
	int		 n = 0, i = 0, first;
	size_t		 len;

	if (strncmp(line, ".B ", 3) == 0)
		first = -1;
	else if (strncmp(line, ".BR ", 4) == 0)
		first = 0;
	else if (strncmp(line, ".RB ", 4) == 0)
		first = 1;
	else
		return 0;
	p += strcspn(p, " ");
	for (;;) {
		p += strspn(p, " ");
		if (*p == '\0' || *p == '\n')
			break;
		if (*p == '"') {
			len = strcspn(p + 1, "\"");
			snprintf(arg, sizeof arg, "%.*s", (int)len, p + 1);
			p += len + 1 + (p[len + 1] == '"');
		} else {
			len = strcspn(p, " \n");
			snprintf(arg, sizeof arg, "%.*s", (int)len, p);
			p += len;
		}
		if ((first == -1 || i % 2 == first) && n < max)
			snprintf(words[n++], 64, "%s", arg);
		i++;
	}
	return n;
}

struct man_field {
	char			name[64];
	enum field_subject	subject;
};

/*
 * The fields ipcscope-scenario(5) lists in [expect]: the bold words on the
 * tag line of each .TP or .TQ after "Process fields:" or "Channel fields:",
 * up to the next .PP.
 */
static int
man_fields(struct man_field *out, int max)
{
	FILE	*f = fopen(MAN5, "r");
	char	 line[1024], words[8][64];
	int	 n = 0, in = 0, subject = -1, tag = 0, nw, i;

	ck_assert_msg(f != NULL, "cannot open %s", MAN5);
	while (fgets(line, sizeof line, f) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		if (strncmp(line, ".SS ", 4) == 0 ||
		    strncmp(line, ".SH ", 4) == 0)
			in = strcmp(line, ".SS [expect]") == 0;
		else if (!in)
			continue;
		else if (strcmp(line, "Process fields:") == 0)
			subject = FS_PROC;
		else if (strcmp(line, "Channel fields:") == 0)
			subject = FS_CHAN;
		else if (strcmp(line, ".PP") == 0)
			subject = -1;
		else if (tag && subject != -1) {
			nw = man_bold(line, words, 8);
			ck_assert_msg(nw > 0, "no field on the tag line '%s'",
			    line);
			for (i = 0; i < nw && n < max; i++, n++) {
				memcpy(out[n].name, words[i],
				    sizeof out[n].name);
				out[n].subject = (enum field_subject)subject;
			}
		}
		tag = strncmp(line, ".TP", 3) == 0 ||
		    strncmp(line, ".TQ", 3) == 0;
	}
	fclose(f);
	return n;
}

static const char *
subject_name(enum field_subject s)
{
	return s == FS_PROC ? "process" : "channel";
}

START_TEST(test_fields_in_man)
{
	struct man_field	 man[64];
	const struct field	*f;
	int			 n, i, j;

	n = man_fields(man, 64);
	ck_assert_int_gt(n, 0);
	for (i = 0; i < FIELD_COUNT; i++) {
		f = &fields_table[i];
		for (j = 0; j < n; j++) {
			if (man[j].subject == f->subject &&
			    strcmp(man[j].name, f->name) == 0)
				break;
		}
		ck_assert_msg(j < n, "%s field '%s' (%s) is not in "
		    "ipcscope-scenario(5) [expect]", subject_name(f->subject),
		    f->name, f->help);
	}
	for (j = 0; j < n; j++) {
		ck_assert_msg(fields_find(man[j].subject, man[j].name) != NULL,
		    "ipcscope-scenario(5) [expect] lists %s field '%s', which "
		    "the field table does not have",
		    subject_name(man[j].subject), man[j].name);
	}
}
END_TEST

/* Each field once, indexed by its id, with its help and one getter. */
START_TEST(test_fields_table)
{
	const struct field	*f;
	int			 i, j;

	for (i = 0; i < FIELD_COUNT; i++) {
		f = &fields_table[i];
		ck_assert_int_eq(f->id, i);
		ck_assert_ptr_nonnull(f->name);
		ck_assert_msg(f->help != NULL && *f->help != '\0',
		    "field '%s' has no help", f->name);
		ck_assert_ptr_eq(fields_find(f->subject, f->name), f);
		for (j = i + 1; j < FIELD_COUNT; j++) {
			ck_assert_msg(f->subject != fields_table[j].subject ||
			    strcmp(f->name, fields_table[j].name) != 0,
			    "field '%s' is in the table twice", f->name);
		}
		ck_assert_msg(expect_getter_count(f->id) == 1, "field '%s' "
		    "has %d getters in model/expect.c, not one", f->name,
		    expect_getter_count(f->id));
	}
	ck_assert_ptr_null(fields_find(FS_CHAN, "state"));
	ck_assert_ptr_null(fields_find(FS_PROC, "fill"));
}
END_TEST

/*
 * Every field reads its own member of the model and is written in its
 * unit: a value apart for each, plain and with ':h'.
 */
START_TEST(test_field_values)
{
	static const char *const want[][3] = {
		{ "w.state", "blocked", "blocked" },
		{ "w.op", "write", "write" },
		{ "w.channel", "pipe", "pipe" },
		{ "w.pid", "1234", "1234" },
		{ "w.bytes_out", "1048576", "1.0 MiB" },
		{ "w.bytes_in", "2048", "2.0 KiB" },
		{ "w.msgs_out", "11", "11" },
		{ "w.msgs_in", "12", "12" },
		{ "w.lost", "13", "13" },
		{ "w.dup", "14", "14" },
		{ "w.ooo", "15", "15" },
		{ "w.blocked_s", "3.3", "3.3s" },
		{ "w.exit", "none", "none" },
		{ "w.error", "EPIPE", "EPIPE" },
		{ "w.eagain", "16", "16" },
		{ "w.dropped", "17", "17" },
		{ "pipe.fill", "61440", "60.0 KiB" },
		{ "pipe.capacity", "65536", "64.0 KiB" },
		{ "pipe.bytes", "61439", "60.0 KiB" },
		{ "pipe.messages", "21", "21" },
		{ "pipe.in_bps", "1258291", "1.2 MiB/s" },
		{ "pipe.out_bps", "?", "?" },
		{ "pipe.dropped", "22", "22" },
		{ "pipe.waiters", "?", "?" },
		{ "mq.fill", "3", "3" },
		{ "mq.capacity", "10", "10" },
	};
	struct model_chan	c[2];
	struct model_proc	p;
	struct model		m;
	char			ref[32], out[64];
	size_t			i;
	int			h;

	memset(&m, 0, sizeof m);
	c[0] = (struct model_chan){ .name = "pipe", .fill = 61440,
	    .capacity = 65536, .bytes = 61439, .messages = 21,
	    .in_bps = 1258291.2, .out_bps = NAN, .dropped = 22,
	    .waiters = -1 };
	c[1] = (struct model_chan){ .name = "mq", .by_messages = true,
	    .fill = 3, .capacity = 10 };
	p = (struct model_proc){ .name = "w", .pid = 1234,
	    .state = PS_BLOCKED, .op = "write", .chan = 0, .blocked_s = 3.26,
	    .bytes_out = 1048576, .bytes_in = 2048, .msgs_out = 11,
	    .msgs_in = 12, .lost = 13, .dup = 14, .ooo = 15, .eagain = 16,
	    .dropped = 17, .error = EPIPE };
	m.chans = c;
	m.nchans = 2;
	m.procs = &p;
	m.nprocs = 1;
	for (i = 0; i < nitems(want); i++) {
		for (h = 0; h < 2; h++) {
			snprintf(ref, sizeof ref, "{%s%s}", want[i][0],
			    h ? ":h" : "");
			expect_fill(&m, ref, out, sizeof out);
			ck_assert_msg(strcmp(out, want[i][1 + h]) == 0,
			    "%s is '%s', not '%s'", ref, out, want[i][1 + h]);
		}
	}
	p.state = PS_FAILED;
	p.signal = SIGPIPE;
	ck_assert_int_eq(expect_value(&m, "w", "exit", false, out,
	    sizeof out), 0);
	ck_assert_str_eq(out, "SIGPIPE");
	ck_assert_int_eq(expect_value(&m, "pipe", "state", false, out,
	    sizeof out), -1);
	ck_assert_int_eq(expect_value(&m, "w", "fill", false, out,
	    sizeof out), -1);
}
END_TEST

/* The words and their lists come from one place each: no repeats. */
START_TEST(test_field_words)
{
	char	*list;

	list = fields_state_list();
	ck_assert_str_eq(list, "starting, running, blocked, waiting, "
	    "paused, done, failed");
	free(list);
	ck_assert(fields_state_word("blocked"));
	ck_assert(!fields_state_word("sleeping"));
	ck_assert(fields_op_word("write"));
	ck_assert(fields_op_word("acquire"));
	ck_assert(fields_op_word("closed"));
	ck_assert(fields_op_word("none"));
	ck_assert(!fields_op_word("wrte"));
	list = fields_op_list();
	ck_assert_ptr_null(strstr(list, "write, read, send, recv, write"));
	ck_assert_int_eq(strncmp(list, "write, read, ", 13), 0);
	ck_assert_int_eq(strcmp(list + strlen(list) - 6, ", none"), 0);
	free(list);
}
END_TEST

/*
 * The bold words of the body of field f's entry in [expect]: the lines
 * after its tag up to the next .TP or .PP.
 */
static int
man_entry_bold(const char *field, char words[][64], int max)
{
	FILE	*f = fopen(MAN5, "r");
	char	 line[1024], tag[80];
	int	 n = 0, in = 0, body = 0, prev_tp = 0;

	ck_assert_msg(f != NULL, "cannot open %s", MAN5);
	snprintf(tag, sizeof tag, ".B %s", field);
	while (fgets(line, sizeof line, f) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		if (strncmp(line, ".SS ", 4) == 0 ||
		    strncmp(line, ".SH ", 4) == 0)
			in = strcmp(line, ".SS [expect]") == 0;
		if (!in)
			continue;
		if (body && (strncmp(line, ".TP", 3) == 0 ||
		    strcmp(line, ".PP") == 0))
			break;
		if (body)
			n += man_bold(line, words + n, max - n);
		body = body || (prev_tp && strcmp(line, tag) == 0);
		prev_tp = strncmp(line, ".TP", 3) == 0;
	}
	fclose(f);
	return n;
}

/* Every operation a process can be in is documented under op. */
START_TEST(test_op_words_in_man)
{
	char	 words[64][64], *list, *w, *last;
	int	 n, j;

	n = man_entry_bold("op", words, 64);
	ck_assert_int_gt(n, 0);
	list = fields_op_list();
	for (w = strtok_r(list, ", ", &last); w != NULL;
	    w = strtok_r(NULL, ", ", &last)) {
		for (j = 0; j < n; j++) {
			if (strcmp(words[j], w) == 0)
				break;
		}
		ck_assert_msg(j < n, "operation '%s' is not in the entry for "
		    "op in ipcscope-scenario(5) [expect]", w);
	}
	free(list);
}
END_TEST

static Suite *
tables_suite(void)
{
	Suite	*s = suite_create("tables");
	TCase	*tc = tcase_create("keys");

	tcase_add_test(tc, test_keys_in_man);
	tcase_add_test(tc, test_keys_unique);
	tcase_add_test(tc, test_modal_order);
	suite_add_tcase(s, tc);
	tc = tcase_create("fields");
	tcase_add_test(tc, test_fields_in_man);
	tcase_add_test(tc, test_fields_table);
	tcase_add_test(tc, test_field_values);
	tcase_add_test(tc, test_field_words);
	tcase_add_test(tc, test_op_words_in_man);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(tables_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
