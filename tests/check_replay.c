/*
 * check_replay.c: a recording (the JSON Lines of --headless) read back as
 * observations, and the model that comes out of them.
 *
 * Each test writes a small recording by hand, opens it with
 * replay_open(), takes its steps one at a time into a model, as the
 * player does, and reads back what the view would show: states, words,
 * numbers, events, captions, stalls. Bad files must be refused with
 * FILE:LINE: and what would be valid. No process, no terminal.
 */
#include "config.h"

#include <sys/stat.h>

#include <check.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model/explain.h"
#include "model/model.h"
#include "replay/replay.h"
#include "base/util.h"

static char	tmpdir[4096];
static char	path[4200];

/* The recording's header: a pipe, a writer and a reader. */
#define HDR "{\"type\":\"scenario\",\"name\":\"t\",\"title\":\"T\"," \
	"\"about\":\"About text.\",\"duration\":5.000,\"stall\":1.000," \
	"\"cues\":[{\"at\":0.000,\"say\":\"Full: {pipe.fill}.\"}]," \
	"\"channels\":[{\"name\":\"pipe\",\"kind\":\"pipe\"," \
	"\"capacity\":65536,\"unit\":\"bytes\",\"send_op\":\"write\"," \
	"\"recv_op\":\"read\",\"rule_send\":\"RS.\",\"rule_recv\":\"RR.\"," \
	"\"rule_close\":null,\"by_messages\":false,\"unbounded\":false," \
	"\"datagrams\":false,\"counts_waiters\":false," \
	"\"local_buffer\":false}],\"procs\":[{\"name\":\"writer\"," \
	"\"role\":\"producer\",\"base\":\"writer\",\"from\":null," \
	"\"to\":\"pipe\",\"uses\":null,\"rate\":\"max\"},{\"name\":" \
	"\"reader\",\"role\":\"consumer\",\"base\":\"reader\",\"from\":" \
	"\"pipe\",\"to\":null,\"uses\":null,\"rate\":\"512K/s\"}]}\n"

#define CHAN(fill) "{\"name\":\"pipe\",\"kind\":\"pipe\",\"fill\":" fill \
	",\"capacity\":65536,\"unit\":\"bytes\",\"bytes\":" fill \
	",\"messages\":16,\"dropped\":null,\"in_bps\":0,\"out_bps\":0}"

/* A process of a sample; rest: its state's fields. */
#define PROC(name, pid, rest) "{\"name\":\"" name "\",\"pid\":" pid \
	",\"bytes_out\":65536,\"bytes_in\":4096,\"msgs_out\":16," \
	"\"msgs_in\":1,\"lost\":0,\"dup\":0,\"ooo\":0,\"eagain\":0," \
	"\"dropped\":0,\"thread\":null," rest "}"

static void
write_file(const char *text, size_t len)
{
	FILE	*f;

	snprintf(path, sizeof path, "%s/rec.jsonl", tmpdir);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(text, 1, len, f), len);
	ck_assert_int_eq(fclose(f), 0);
}

static struct replay *
open_ok(const char *text)
{
	struct replay	*r;
	char		*cause = NULL;

	write_file(text, strlen(text));
	r = replay_open(path, &cause);
	ck_assert_msg(r != NULL, "refused: %s", cause);
	return r;
}

/* The model of r's scenario, before the first step. */
static void
model_start(struct model *m, struct replay *r, struct obs *o)
{
	memset(m, 0, sizeof *m);
	memset(o, 0, sizeof *o);
	replay_look(r, o);
	model_init(m, replay_scenario(r), o);
}

/* Take one step into m, as the player does. */
static void
step(struct model *m, struct replay *r, struct obs *o)
{
	double	t;

	ck_assert(replay_peek(r, &t, NULL));
	replay_observe(r, o);
	model_update(m, o);
}

/* Refused, with a message that begins with the file and holds want. */
static void
refused_n(const char *text, size_t len, const char *want)
{
	struct replay	*r;
	char		*cause = NULL;

	write_file(text, len);
	r = replay_open(path, &cause);
	ck_assert_msg(r == NULL, "accepted a file that should say '%s'", want);
	ck_assert_ptr_nonnull(cause);
	ck_assert_msg(strncmp(cause, path, strlen(path)) == 0 &&
	    strstr(cause, want) != NULL, "got '%s', want '%s'", cause, want);
	ck_assert_msg(strpbrk(cause, "\n\033\r") == NULL, "control in '%s'",
	    cause);
	free(cause);
}

static void
refused(const char *text, const char *want)
{
	refused_n(text, strlen(text), want);
}

#define S1 "{\"type\":\"sample\",\"t\":0.500,\"channels\":[" CHAN("65536") \
	"],\"procs\":[" PROC("writer", "100", "\"state\":\"blocked\"," \
	"\"op\":\"write\",\"channel\":\"pipe\",\"blocked_s\":0.450," \
	"\"kstate\":\"S\",\"wchan\":\"anon_pipe_write\",\"syscall\":1," \
	"\"state_s\":0.450,\"in_bps\":0,\"out_bps\":131072," \
	"\"op_size\":4096,\"rate\":\"max\"") "," PROC("reader", "101", \
	"\"state\":\"waiting\",\"op\":\"start\",\"channel\":null," \
	"\"blocked_s\":0,\"kstate\":\"S\",\"wchan\":null,\"syscall\":null," \
	"\"state_s\":0.500,\"in_bps\":0,\"out_bps\":0,\"op_size\":0," \
	"\"rate\":\"512K/s\"") "],\"caption\":\"Full: 65536.\"," \
	"\"stalled\":false}\n"
#define S2 "{\"type\":\"sample\",\"t\":1.000,\"channels\":[" CHAN("61440") \
	"],\"procs\":[" PROC("writer", "100", "\"state\":\"paused\"," \
	"\"op\":\"write\",\"channel\":\"pipe\",\"blocked_s\":0," \
	"\"kstate\":\"T\",\"wchan\":null,\"syscall\":null," \
	"\"state_s\":0.2,\"in_bps\":null,\"out_bps\":null," \
	"\"op_size\":4096,\"rate\":\"max\"") "," PROC("reader", "101", \
	"\"state\":\"failed\",\"op\":null,\"channel\":null," \
	"\"blocked_s\":0,\"kstate\":null,\"wchan\":null,\"syscall\":null," \
	"\"exit\":\"killed by SIGPIPE\",\"state_s\":0.300,\"in_bps\":4096," \
	"\"out_bps\":0,\"op_size\":0,\"rate\":\"512K/s\"," \
	"\"exit_code\":null,\"signal\":\"SIGPIPE\",\"error\":null") \
	"],\"caption\":\"\",\"stalled\":false}\n"

START_TEST(test_states)
{
	struct replay		*r;
	struct model		 m;
	struct obs		 o;
	const struct model_proc	*w, *rd;
	char			 buf[1024];
	double			 t;

	r = open_ok(HDR
	    "{\"type\":\"event\",\"t\":0.001,\"proc\":\"writer\",\"what\":"
	    "\"start\",\"detail\":\"pid 100\"}\n" S1
	    "{\"type\":\"event\",\"t\":0.700,\"proc\":\"reader\",\"what\":"
	    "\"exit\",\"detail\":\"killed by SIGPIPE\"}\n" S2
	    "{\"type\":\"end\",\"t\":1.000,\"reason\":\"done\"}\n");
	ck_assert_int_eq(replay_nsamples(r), 2);
	ck_assert_str_eq(replay_end_reason(r), "done");
	ck_assert_str_eq(replay_lacks(r), "");
	ck_assert_str_eq(replay_scenario(r)->about, "About text.");
	model_start(&m, r, &o);
	w = &m.procs[0];
	rd = &m.procs[1];
	ck_assert_int_eq(m.chans[0].capacity, 65536);

	/* An event at its own time; nothing else has changed. */
	step(&m, r, &o);
	ck_assert_int_eq(m.nevents, 1);
	ck_assert_str_eq(model_event_at(&m, 0)->what, "start");
	ck_assert_int_eq(model_event_at(&m, 0)->proc, 0);
	ck_assert(fabs(model_event_at(&m, 0)->t - 0.001) < 1e-9);
	ck_assert_int_eq(w->state, PS_STARTING);

	/* The first sample: as recorded, through the model's own rules. */
	step(&m, r, &o);
	ck_assert(fabs(m.t - 0.5) < 1e-9);
	ck_assert_int_eq(w->state, PS_BLOCKED);
	ck_assert_str_eq(w->op, "write");
	ck_assert_int_eq(w->chan, 0);
	ck_assert(fabs(w->blocked_s - 0.45) < 1e-6);
	ck_assert_int_eq(w->pid, 100);
	ck_assert_int_eq(w->syscall, 1);
	ck_assert_str_eq(w->wchan, "anon_pipe_write");
	ck_assert_uint_eq(w->op_size, 4096);
	ck_assert(w->out_bps == 131072);
	ck_assert(m.chans[0].in_bps == 131072);	/* its writers' sum */
	ck_assert_int_eq(m.chans[0].fill, 65536);
	ck_assert_int_eq(rd->state, PS_WAITING);
	ck_assert_str_eq(rd->op, "start");
	ck_assert(fabs(rd->state_s - 0.5) < 1e-6);
	ck_assert_int_eq(rd->rate.kind, RATE_BYTES);
	ck_assert_str_eq(m.caption, "Full: 65536.");
	ck_assert_int_eq(m.nevents, 1);		/* no start of its own */
	explain_proc(&m, 0, buf, sizeof buf);
	ck_assert_msg(strstr(buf, "blocked in write() on pipe") != NULL &&
	    strstr(buf, "Rule: RS.") != NULL && strstr(buf, "4.0 KiB") !=
	    NULL, "explain: %s", buf);

	step(&m, r, &o);		/* the exit event */
	ck_assert_int_eq(m.nevents, 2);
	ck_assert_str_eq(model_event_at(&m, 0)->detail, "killed by SIGPIPE");
	step(&m, r, &o);
	ck_assert_int_eq(w->state, PS_PAUSED);
	ck_assert(isnan(w->out_bps));
	ck_assert_int_eq(rd->state, PS_FAILED);
	ck_assert_int_eq(rd->signal, SIGPIPE);
	ck_assert_str_eq(rd->detail, "killed by SIGPIPE");
	ck_assert(fabs(rd->state_s - 0.3) < 1e-6);
	ck_assert_int_eq(m.nevents, 2);		/* no exit of its own */
	ck_assert_str_eq(m.caption, "");
	ck_assert(!replay_peek(r, &t, NULL));
	ck_assert_int_eq(replay_position(r), 2);

	/* Again from the start: the same steps. */
	ck_assert_int_eq(replay_rewind(r, NULL), 0);
	model_start(&m, r, &o);
	step(&m, r, &o);
	step(&m, r, &o);
	ck_assert_int_eq(m.procs[0].state, PS_BLOCKED);
	ck_assert_int_eq(replay_position(r), 1);
	model_free(&m);
	replay_free(r);
}
END_TEST

/* A kind this binary lacks: its recorded words, flags and rules. */
START_TEST(test_unknown_kind)
{
	struct replay	*r;
	struct model	 m;
	struct obs	 o;
	char		 buf[1024];

	r = open_ok("{\"type\":\"scenario\",\"name\":\"q\",\"title\":\"Q\","
	    "\"about\":\"\",\"channels\":[{\"name\":\"link\",\"kind\":"
	    "\"quantum-link\",\"capacity\":8,\"unit\":\"qubits\",\"send_op\":"
	    "\"beam\",\"recv_op\":\"catch\",\"rule_send\":\"Beams wait for "
	    "room.\",\"rule_recv\":\"Catching waits.\",\"rule_close\":null,"
	    "\"by_messages\":true,\"unbounded\":false,\"datagrams\":false,"
	    "\"counts_waiters\":false,\"local_buffer\":false}],\"procs\":"
	    "[{\"name\":\"alice\",\"role\":\"teleporter\",\"to\":\"link\"},"
	    "{\"name\":\"bob\",\"role\":\"consumer\",\"from\":\"link\"}]}\n"
	    "{\"type\":\"sample\",\"t\":0.5,\"channels\":[{\"name\":\"link\","
	    "\"fill\":8,\"capacity\":8}],\"procs\":[{\"name\":\"alice\","
	    "\"pid\":7,\"state\":\"blocked\",\"op\":\"beam\",\"channel\":"
	    "\"link\",\"blocked_s\":0.25,\"state_s\":0.25},{\"name\":\"bob\","
	    "\"pid\":8,\"state\":\"running\",\"op\":\"teleport\",\"channel\":"
	    "\"link\",\"blocked_s\":0,\"state_s\":0.1}],\"caption\":\"\","
	    "\"stalled\":false}\n");
	model_start(&m, r, &o);
	step(&m, r, &o);
	ck_assert_str_eq(m.chans[0].kind, "quantum-link");
	ck_assert_str_eq(m.chans[0].unit, "qubits");
	ck_assert(m.chans[0].by_messages);
	ck_assert_int_eq(m.procs[0].state, PS_BLOCKED);
	ck_assert_str_eq(m.procs[0].op, "beam");
	/* A word no call of this binary has: shown as recorded. */
	ck_assert_int_eq(m.procs[1].state, PS_RUNNING);
	ck_assert_str_eq(m.procs[1].op, "teleport");
	explain_proc(&m, 0, buf, sizeof buf);
	ck_assert_msg(strstr(buf, "blocked in beam() on link") != NULL &&
	    strstr(buf, "Beams wait for room.") != NULL &&
	    strstr(buf, "8 of 8 qubits") != NULL, "explain: %s", buf);
	explain_chan(&m, 0, buf, sizeof buf);
	ck_assert_msg(strstr(buf, "quantum-link") != NULL &&
	    strstr(buf, "Catching waits.") != NULL, "explain: %s", buf);
	model_free(&m);
	replay_free(r);
}
END_TEST

/*
 * A recording of an older ipcscope (before the fields for --replay): it
 * plays, says what it lacks, and works out what it can.
 */
START_TEST(test_older_recording)
{
	struct replay	*r;
	struct model	 m;
	struct obs	 o;

	r = open_ok("{\"type\":\"scenario\",\"name\":\"pipe-fill\",\"title\":"
	    "\"A\",\"channels\":[{\"name\":\"pipe\",\"kind\":\"pipe\","
	    "\"capacity\":65536,\"unit\":\"bytes\"}],\"procs\":[{\"name\":"
	    "\"writer\",\"role\":\"producer\"},{\"name\":\"reader\",\"role\":"
	    "\"consumer\"}]}\n"
	    "{\"type\":\"event\",\"t\":0.04,\"proc\":null,\"what\":\"cue\","
	    "\"detail\":\"cue 1/2: The writer writes.\"}\n"
	    "{\"type\":\"sample\",\"t\":0.5,\"channels\":[" CHAN("65536")
	    "],\"procs\":[{\"name\":\"writer\",\"pid\":5,\"state\":"
	    "\"blocked\",\"op\":\"write\",\"channel\":\"pipe\",\"blocked_s\":"
	    "0.4,\"bytes_out\":65536},{\"name\":\"reader\",\"pid\":6,"
	    "\"state\":\"done\",\"op\":null,\"channel\":null,\"blocked_s\":0,"
	    "\"exit\":\"exit 0\"}]}\n"
	    "{\"type\":\"sample\",\"t\":1.5,\"channels\":[" CHAN("65536")
	    "],\"procs\":[{\"name\":\"writer\",\"pid\":5,\"state\":"
	    "\"blocked\",\"op\":\"write\",\"channel\":\"pipe\",\"blocked_s\":"
	    "1.4,\"bytes_out\":131072},{\"name\":\"reader\",\"pid\":6,"
	    "\"state\":\"done\",\"op\":null,\"channel\":null,\"blocked_s\":0,"
	    "\"exit\":\"exit 0\"}]}\n");
	ck_assert_str_eq(replay_lacks(r),
	    "no about text, live captions, state times, stall ends");
	ck_assert_ptr_null(replay_end_reason(r));
	/* Its kind's words are this binary's pipe's. */
	ck_assert_ptr_nonnull(replay_scenario(r)->channels[0].kind->rule_send);
	model_start(&m, r, &o);
	ck_assert_int_eq(m.chans[0].nwriters, 1);	/* its call said it */
	ck_assert_int_eq(m.chans[0].nreaders, 1);	/* its role did */
	step(&m, r, &o);
	ck_assert_str_eq(m.caption, "The writer writes.");
	step(&m, r, &o);
	ck_assert_int_eq(m.procs[0].state, PS_BLOCKED);
	ck_assert_int_eq(m.procs[1].state, PS_DONE);
	ck_assert_str_eq(m.procs[1].detail, "exit 0");
	step(&m, r, &o);
	/* Rates from the counters: 64 KiB in one second. */
	ck_assert_msg(fabs(m.procs[0].out_bps - 65536) < 1, "%f",
	    m.procs[0].out_bps);
	ck_assert(fabs(m.procs[0].blocked_s - 1.4) < 1e-6);
	ck_assert_str_eq(m.caption, "The writer writes.");
	model_free(&m);
	replay_free(r);
}
END_TEST

/*
 * A kind that counts items: its recorded side word, rate unit and
 * flags, and each process's item rates as recorded; a known kind's
 * words from this binary where an older recording lacks them.
 */
START_TEST(test_item_rates)
{
	struct replay	*r;
	struct model	 m;
	struct obs	 o;

	r = open_ok("{\"type\":\"scenario\",\"name\":\"g\",\"title\":\"G\","
	    "\"about\":\"\",\"channels\":[{\"name\":\"gate\",\"kind\":"
	    "\"turnstile\",\"capacity\":2,\"unit\":\"holders\",\"send_op\":"
	    "\"leave\",\"recv_op\":\"enter\",\"rule_send\":null,"
	    "\"rule_recv\":null,\"rule_close\":null,\"by_messages\":true,"
	    "\"writers_word\":\"writers\",\"readers_word\":\"riders\","
	    "\"rate_unit\":\"rides/s\",\"uses\":true,\"merges\":false}],"
	    "\"procs\":[{\"name\":\"r1\",\"role\":\"user\",\"uses\":"
	    "\"gate\"}]}\n"
	    "{\"type\":\"sample\",\"t\":0.5,\"channels\":[{\"name\":\"gate\","
	    "\"fill\":1,\"capacity\":2}],\"procs\":[{\"name\":\"r1\","
	    "\"pid\":7,\"state\":\"waiting\",\"op\":\"hold\",\"channel\":"
	    "null,\"blocked_s\":0,\"state_s\":0.25,\"msgs_in\":3,"
	    "\"in_bps\":40,\"out_bps\":0,\"in_rate\":2.5,\"out_rate\":0}],"
	    "\"caption\":\"\",\"stalled\":false}\n");
	ck_assert_str_eq(replay_lacks(r), "");
	model_start(&m, r, &o);
	step(&m, r, &o);
	ck_assert(m.chans[0].one_side);
	ck_assert_str_eq(model_side_word(&m.chans[0], false), "riders");
	ck_assert_str_eq(m.chans[0].rate_unit, "rides/s");
	ck_assert_msg(m.procs[0].in_rate == 2.5, "%f", m.procs[0].in_rate);
	ck_assert_msg(m.procs[0].in_bps == 40, "%f", m.procs[0].in_bps);
	/* 3 entries in 0.5 s would be 6/s from the counters: not shown. */
	ck_assert_msg(model_chan_rate(&m.chans[0], false) == 2.5, "%f",
	    model_chan_rate(&m.chans[0], false));
	model_free(&m);
	replay_free(r);

	/* A signal before these fields: this binary's signal kind says. */
	r = open_ok("{\"type\":\"scenario\",\"name\":\"s\",\"title\":\"S\","
	    "\"about\":\"\",\"channels\":[{\"name\":\"usr1\",\"kind\":"
	    "\"signal\",\"capacity\":1,\"unit\":\"signals\",\"send_op\":"
	    "\"send\",\"recv_op\":\"recv\"}],\"procs\":[{\"name\":\"tx\","
	    "\"role\":\"producer\",\"to\":\"usr1\"}]}\n"
	    "{\"type\":\"sample\",\"t\":0.5,\"channels\":[{\"name\":\"usr1\","
	    "\"fill\":0,\"capacity\":1}],\"procs\":[{\"name\":\"tx\","
	    "\"pid\":7,\"state\":\"done\",\"op\":null,\"channel\":null,"
	    "\"blocked_s\":0,\"state_s\":0.1,\"exit\":\"exit 0\"}],"
	    "\"caption\":\"\",\"stalled\":false}\n");
	ck_assert(replay_scenario(r)->channels[0].kind->merges);
	ck_assert_str_eq(replay_scenario(r)->channels[0].kind->rate_unit,
	    "sig/s");
	replay_free(r);
}
END_TEST

/*
 * An exec process (a real program): its words, the raw bytes of the
 * processes at its ends, and its bytes as I/O counters, as recorded;
 * and a live caption with its reason.
 */
START_TEST(test_exec)
{
	struct replay	*r;
	struct model	 m;
	struct obs	 o;
	struct scenario	*sc;
	char		 buf[1024];

	r = open_ok("{\"type\":\"scenario\",\"name\":\"x\",\"title\":\"X\","
	    "\"about\":\"\",\"channels\":[{\"name\":\"in\",\"kind\":\"pipe\","
	    "\"capacity\":65536,\"unit\":\"bytes\"},{\"name\":\"out\","
	    "\"kind\":\"pipe\",\"capacity\":65536,\"unit\":\"bytes\"}],"
	    "\"procs\":[{\"name\":\"p\",\"role\":\"producer\",\"to\":\"in\"},"
	    "{\"name\":\"s\",\"role\":\"exec\",\"exec\":[\"sort\",\"-n\"],"
	    "\"from\":\"in\",\"to\":\"out\"},{\"name\":\"c\",\"role\":"
	    "\"consumer\",\"from\":\"out\"}]}\n"
	    "{\"type\":\"sample\",\"t\":0.5,\"channels\":[],\"procs\":[{"
	    "\"name\":\"s\",\"pid\":9,\"state\":\"blocked\",\"op\":\"read\","
	    "\"channel\":\"in\",\"blocked_s\":0.2,\"bytes_in\":4096,"
	    "\"bytes_out\":0,\"counters\":\"io\",\"msgs_out\":null,"
	    "\"kstate\":\"S\"}],\"caption\":\"s reads.\",\"caption_live\":"
	    "true,\"off_script\":\"you paused p\"}\n");
	sc = replay_scenario(r);
	ck_assert_ptr_nonnull(sc->procs[1].argv);
	ck_assert_str_eq(sc->procs[1].argv[0], "sort");
	ck_assert_str_eq(sc->procs[1].argv[1], "-n");
	ck_assert_ptr_null(sc->procs[1].argv[2]);
	ck_assert(sc->procs[2].raw_in && sc->procs[0].raw_out);
	ck_assert(!sc->procs[0].raw_in && !sc->procs[2].raw_out);
	model_start(&m, r, &o);
	step(&m, r, &o);
	ck_assert(m.procs[1].io_counters && !m.procs[0].io_counters);
	ck_assert(m.procs[2].unframed);
	ck_assert_int_eq(m.procs[1].state, PS_BLOCKED);
	/* A live caption, said from the state, and why, as recorded. */
	ck_assert(m.caption_live);
	ck_assert_str_eq(m.caption, "s reads.");
	ck_assert_str_eq(m.off_script, "you paused p");
	explain_proc(&m, 1, buf, sizeof buf);
	ck_assert_msg(strstr(buf, "It is a program (sort)") != NULL,
	    "explain: %s", buf);
	model_free(&m);
	replay_free(r);
	refused("{\"type\":\"scenario\",\"name\":\"x\",\"channels\":[],"
	    "\"procs\":[{\"name\":\"s\",\"exec\":[\"sort\",7]}]}\n",
	    ":1: process 's': \"exec\" must be an array of strings");
}
END_TEST

/*
 * A followed program's recording (--headless -- CMD): no process in the
 * scenario record; its rows and channels declared as they appeared,
 * threads under their process. The model grows as the steps declare
 * them, as it does under the follow source.
 */
#define FHDR "{\"type\":\"scenario\",\"name\":\"sh\",\"title\":\"sh -c x\"," \
	"\"about\":\"Following.\",\"duration\":0,\"stall\":2,\"cues\":[]," \
	"\"channels\":[],\"procs\":[],\"followed\":\"sh -c x (pid 10)\"," \
	"\"output\":null}\n"
#define FCHAN "{\"type\":\"channel\",\"t\":0.010,\"name\":\"pipe:[7]\"," \
	"\"kind\":\"pipe\",\"capacity\":null,\"unit\":\"bytes\",\"send_op\":" \
	"\"write\",\"recv_op\":\"read\",\"rule_send\":\"RS.\",\"rule_recv\":" \
	"\"RR.\",\"by_messages\":false,\"rate_source\":\"process io\"}\n"
#define FROW(name, of) "{\"type\":\"row\",\"t\":0.010,\"name\":\"" name \
	"\",\"role\":\"process\",\"thread_of\":" of "}\n"
#define FPROC(name, pid, op, rest) "{\"name\":\"" name "\",\"pid\":" pid \
	",\"state\":\"waiting\",\"op\":\"" op "\",\"channel\":null," \
	"\"blocked_s\":0,\"bytes_out\":0,\"bytes_in\":10,\"counters\":\"io\"," \
	"\"kstate\":\"S\",\"thread\":null,\"rate_source\":\"process io\"," \
	"\"state_s\":0.4,\"in_bps\":0,\"out_bps\":0" rest "}"
#define FTHREAD "{\"name\":\"py[12]\",\"tid\":12,\"state\":\"blocked\"," \
	"\"op\":\"write\",\"channel\":\"pipe:[7]\",\"blocked_s\":0.400," \
	"\"state_s\":0.400,\"bytes_out\":65536,\"bytes_in\":0,\"kstate\":" \
	"\"S\",\"wchan\":\"anon_pipe_write\",\"syscall\":1,\"rate_source\":" \
	"\"thread io\",\"blocked_since\":\"before first sample\"," \
	"\"out_bps\":0,\"in_bps\":0}"
#define FSAMPLE(t, threads) "{\"type\":\"sample\",\"t\":" t ",\"channels\":" \
	"[{\"name\":\"pipe:[7]\",\"kind\":\"pipe\",\"fill\":65536," \
	"\"capacity\":65536,\"unit\":\"bytes\",\"writers\":[\"py[12]\"]," \
	"\"readers\":[],\"holders\":1,\"rate_source\":\"process io\"}]," \
	"\"procs\":[" FPROC("sh[10]", "10", "wait4", "") "," \
	FPROC("py[11]", "11", "futex", threads) "],\"waits\":[]," \
	"\"caption\":\"\",\"stalled\":false}\n"

START_TEST(test_followed)
{
	struct replay		*r;
	struct model		 m;
	struct obs		 o;
	const struct model_proc	*th;
	char			 buf[1024];
	int			 pass;

	r = open_ok(FHDR FCHAN FROW("sh[10]", "null")
	    "{\"type\":\"event\",\"t\":0.010,\"proc\":\"sh[10]\",\"what\":"
	    "\"start\",\"detail\":\"pid 10\"}\n"
	    FROW("py[11]", "null") FROW("py[12]", "\"py[11]\"")
	    FSAMPLE("0.500", ",\"threads\":[" FTHREAD "]")
	    FSAMPLE("1.000", "")
	    "{\"type\":\"end\",\"t\":1.000,\"reason\":\"duration\"}\n");
	ck_assert_int_eq(replay_nsamples(r), 2);
	ck_assert_int_eq(replay_scenario(r)->nprocs, 0);
	/* Twice: played, then played again from the start. */
	for (pass = 0; pass < 2; pass++) {
		model_start(&m, r, &o);
		ck_assert_int_eq(m.nprocs, 0);
		ck_assert_int_eq(m.nchans, 0);
		/* The event: its row and the channel declared before it. */
		step(&m, r, &o);
		ck_assert(m.grows);
		ck_assert_int_eq(m.nprocs, 1);
		ck_assert_int_eq(m.nchans, 1);
		ck_assert_str_eq(m.procs[0].name, "sh[10]");
		ck_assert_int_eq(model_event_at(&m, 0)->proc, 0);
		ck_assert_str_eq(m.chans[0].name, "pipe:[7]");
		ck_assert_str_eq(m.chans[0].kind, "pipe");
		/* The sample: the process and its thread, as recorded. */
		step(&m, r, &o);
		ck_assert_int_eq(m.nprocs, 3);
		th = &m.procs[2];
		ck_assert_int_eq(th->thread_of, 1);
		ck_assert_int_eq(th->pid, 12);
		ck_assert_int_eq(th->state, PS_BLOCKED);
		ck_assert_str_eq(th->op, "write");
		ck_assert_int_eq(th->chan, 0);
		ck_assert(th->since_before);
		ck_assert_str_eq(th->rate_source, "thread io");
		ck_assert_int_eq(m.procs[1].state, PS_WAITING);
		ck_assert_str_eq(m.procs[1].op, "futex");
		ck_assert_int_eq(m.chans[0].fill, 65536);
		ck_assert_int_eq(m.chans[0].nwriters, 1);
		ck_assert_int_eq(m.chans[0].writers[0], 2);
		ck_assert_int_eq(m.chans[0].holders, 1);
		explain_proc(&m, 2, buf, sizeof buf);
		ck_assert_msg(strstr(buf, "blocked in write() on pipe:[7]") !=
		    NULL && strstr(buf, "holds 64.0 KiB of 64.0 KiB") != NULL,
		    "explain: %s", buf);
		/* The next sample no longer lists the thread: it ended. */
		step(&m, r, &o);
		ck_assert_int_eq(m.procs[2].state, PS_DONE);
		ck_assert_int_eq(m.procs[1].state, PS_WAITING);
		model_free(&m);
		ck_assert_int_eq(replay_rewind(r, NULL), 0);
	}
	replay_free(r);
	/* Named before its record; a thread under a thread; twice. */
	refused(FHDR "{\"type\":\"event\",\"t\":0.010,\"proc\":\"sh[10]\","
	    "\"what\":\"start\"}\n" FROW("sh[10]", "null"),
	    ":2: event: no process named 'sh[10]' in the scenario record "
	    "(line 1) nor in a \"row\" record before this line");
	refused(FHDR FROW("py[11]", "null") FROW("py[12]", "\"py[11]\"")
	    FROW("py[13]", "\"py[12]\""), ":4: row record: \"thread_of\" "
	    "names 'py[12]', a thread: it must name a process");
	refused(FHDR FROW("py[11]", "null") FROW("py[11]", "null"),
	    ":3: two rows named 'py[11]'");
	refused(FHDR FCHAN FCHAN, ":3: two channels named 'pipe:[7]'");
	refused(FHDR FCHAN FROW("sh[10]", "null") FROW("py[11]", "null")
	    FROW("py[12]", "\"py[11]\"") "{\"type\":\"sample\",\"t\":0.6,"
	    "\"channels\":[],\"procs\":[" FPROC("sh[10]", "10", "wait4",
	    ",\"threads\":[" FTHREAD "]") "]}\n", ":6: process 'sh[10]': "
	    "thread 'py[12]' is not one of its threads");
}
END_TEST

/* A stall as reported: its text, who waits, its banner. */
START_TEST(test_stall)
{
	struct replay	*r;
	struct model	 m;
	struct obs	 o;

	r = open_ok(HDR
	    "{\"type\":\"event\",\"t\":1.5,\"proc\":null,\"what\":\"stall\","
	    "\"detail\":\"reader waits in read on pipe (empty): every writer "
	    "of pipe has ended.\",\"procs\":[\"reader\"],\"channels\":"
	    "[\"pipe\"]}\n"
	    "{\"type\":\"sample\",\"t\":2,\"channels\":[],\"procs\":[],"
	    "\"caption\":\"\",\"stalled\":true}\n"
	    "{\"type\":\"sample\",\"t\":2.5,\"channels\":[],\"procs\":[],"
	    "\"caption\":\"\",\"stalled\":false}\n");
	model_start(&m, r, &o);
	step(&m, r, &o);
	ck_assert(m.stalled && m.stall_seen);
	ck_assert_str_eq(m.stall_text, "reader waits in read on pipe (empty): "
	    "every writer of pipe has ended.");
	ck_assert_int_eq(m.nstall_procs, 1);
	ck_assert_int_eq(m.stall_procs[0], 1);
	ck_assert_int_eq(m.nstall_chans, 1);
	ck_assert_int_eq(m.nevents, 1);		/* the recorded one only */
	step(&m, r, &o);
	ck_assert(m.stalled);
	step(&m, r, &o);
	ck_assert(!m.stalled && m.stall_seen);
	model_free(&m);
	replay_free(r);
}
END_TEST

/* A killed run's last line, cut short: played up to it. */
START_TEST(test_cut_short)
{
	struct replay	*r;
	struct model	 m;
	struct obs	 o;
	double		 t;

	r = open_ok(HDR S1 "{\"type\":\"sample\",\"t\":1.0,\"channels\":[{\"na");
	ck_assert_int_eq(replay_cut(r), 3);
	ck_assert_int_eq(replay_nsamples(r), 1);
	ck_assert_ptr_null(replay_end_reason(r));
	model_start(&m, r, &o);
	step(&m, r, &o);
	ck_assert(!replay_peek(r, &t, NULL));
	ck_assert_int_eq(m.procs[0].state, PS_BLOCKED);
	model_free(&m);
	replay_free(r);
}
END_TEST

/* Names from the file reach the screen printable. */
START_TEST(test_printable)
{
	struct replay	*r;

	r = open_ok("{\"type\":\"scenario\",\"name\":\"x\\u001b[2J\",\"title\":"
	    "\"t\\u009b1m\",\"channels\":[],\"procs\":[{\"name\":"
	    "\"a\\u0007b\"}]}\n{\"type\":\"sample\",\"t\":0,\"procs\":"
	    "[{\"name\":\"a\\u0007b\",\"state\":\"running\"}]}\n");
	ck_assert_str_eq(replay_scenario(r)->name, "x?[2J");
	ck_assert_str_eq(replay_scenario(r)->title, "t?1m");
	ck_assert_str_eq(replay_scenario(r)->procs[0].name, "a?b");
	replay_free(r);
}
END_TEST

START_TEST(test_refused)
{
	char	*big;
	size_t	 n = REPLAY_MAX_LINE + 4096;

	refused("", ": empty: a recording starts with its scenario record");
	refused("garbage\n", ":1: not JSON");
	refused("[1,2]\n", ":1: not a JSON object");
	refused("{\"type\":\"sample\",\"t\":0}\n", ":1: the first record "
	    "is a \"sample\" record, not the scenario record");
	refused(HDR "garbage\n" S1, ":2: not JSON");
	refused(HDR HDR, ":2: a second scenario record");
	refused(HDR "{\"type\":\"end\",\"t\":1,\"reason\":\"done\"}\n" S1,
	    ":3: a \"sample\" record after the end record");
	refused(HDR "{\"type\":\"sample\",\"t\":1,\"procs\":[{\"name\":"
	    "\"nobody\",\"state\":\"running\"}]}\n",
	    ":2: sample: process 1: no process named 'nobody'");
	refused(HDR "{\"type\":\"sample\",\"t\":1,\"procs\":[{\"name\":"
	    "\"writer\",\"state\":\"dancing\"}]}\n",
	    ":2: process 'writer': \"state\" is 'dancing': valid are");
	refused(HDR "{\"type\":\"sample\",\"t\":1,\"procs\":[{\"name\":"
	    "\"writer\",\"state\":\"running\",\"blocked_s\":\"x\"}]}\n",
	    ":2: process 'writer': \"blocked_s\" must be a number or null, "
	    "not a string");
	/* Found by fuzz-replay: explain read the channel before the first. */
	refused(HDR "{\"type\":\"sample\",\"t\":1,\"procs\":[{\"name\":"
	    "\"writer\",\"state\":\"blocked\",\"op\":\"write\"}]}\n",
	    ":2: process 'writer': \"state\" is blocked but \"channel\" is "
	    "null or missing");
	refused(HDR "{\"type\":\"sample\",\"t\":1,\"procs\":[{\"name\":"
	    "\"writer\",\"state\":\"running\",\"thread\":{\"name\":"
	    "\"feeder\",\"state\":\"blocked\",\"channel\":null}}]}\n",
	    "\"state\" is blocked but \"channel\" is null or missing");
	refused(HDR "{\"type\":\"event\",\"t\":-1,\"what\":\"x\"}\n",
	    ":2: event record: \"t\" must be");
	refused(HDR "{\"type\":\"event\",\"t\":1,\"proc\":\"writer\","
	    "\"what\":\"\"}\n", ":2: event: \"what\"");
	refused("{\"type\":\"scenario\",\"name\":\"t\",\"channels\":[{\"name\":"
	    "\"p\",\"kind\":\"pipe\"},{\"name\":\"p\",\"kind\":\"pipe\"}],"
	    "\"procs\":[]}\n", ":1: two channels named 'p'");
	refused("{\"type\":\"scenario\",\"name\":\"t\",\"channels\":[],"
	    "\"procs\":[{\"name\":\"w\",\"to\":\"nope\"}]}\n",
	    ":1: process 'w': no channel named 'nope'");

	/* An endless line: read in bounded pieces, refused. */
	big = xcalloc(1, n + 1);
	memset(big, ' ', n);
	memcpy(big, HDR, strlen(HDR));
	big[n - 1] = '\n';
	refused_n(big, n, ":2: a line longer than 4 MiB");
	free(big);

}
END_TEST

/* Not a file (a recording is read twice), or none at all. */
START_TEST(test_not_a_file)
{
	char	*cause = NULL;

	ck_assert_ptr_null(replay_open(tmpdir, &cause));
	ck_assert_msg(strstr(cause, ": not a file") != NULL, "%s", cause);
	free(cause);
	snprintf(path, sizeof path, "%s/none", tmpdir);
	ck_assert_ptr_null(replay_open(path, &cause));
	ck_assert_msg(strstr(cause, "none: cannot open: No such file") !=
	    NULL, "%s", cause);
	free(cause);
}
END_TEST

static Suite *
replay_suite(void)
{
	Suite	*s = suite_create("replay");
	TCase	*tc = tcase_create("replay");

	tcase_set_timeout(tc, 60);	/* a hang guard only */
	tcase_add_test(tc, test_states);
	tcase_add_test(tc, test_unknown_kind);
	tcase_add_test(tc, test_older_recording);
	tcase_add_test(tc, test_item_rates);
	tcase_add_test(tc, test_exec);
	tcase_add_test(tc, test_followed);
	tcase_add_test(tc, test_stall);
	tcase_add_test(tc, test_cut_short);
	tcase_add_test(tc, test_printable);
	tcase_add_test(tc, test_refused);
	tcase_add_test(tc, test_not_a_file);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner		*sr = srunner_create(replay_suite());
	const char	*t = getenv("TMPDIR");
	int		 failed;

	snprintf(tmpdir, sizeof tmpdir, "%s/check_replay.XXXXXX",
	    t != NULL && *t == '/' ? t : "/tmp");
	if (mkdtemp(tmpdir) == NULL)
		return 99;
	srunner_set_fork_status(sr, CK_NOFORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	snprintf(path, sizeof path, "%s/rec.jsonl", tmpdir);
	unlink(path);
	rmdir(tmpdir);
	return failed == 0 ? 0 : 1;
}
