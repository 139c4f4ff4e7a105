/*
 * fw-int.h: what the files of the follow layer share (only src/follow
 * includes it).
 *
 *   start.c    CMD started (subreaper, log, stdin), attach, reaping, the
 *              stop in order, notices
 *   events.c   the process events connector, and /proc polled without it
 *   rows.c     the rows (a process or a thread each): found, named,
 *              their /proc files kept open, read each tick
 *   fds.c      descriptor tables, within a budget; the objects they name
 *              (pipes, FIFOs, sockets) and who holds them
 *   chans.c    channels: made from objects, their sides, their fill
 *   diag.c     sock_diag queries for unix sockets by inode
 *   source.c   observe(): the rows and channels as observations; the
 *              actions
 *   psem.c     POSIX semaphores from the processes' maps, their values,
 *              the threads waiting on them in futex (i11-python)
 *   python.c   multiprocessing's shapes, named in its words (i11-python)
 */
#ifndef IPCSCOPE_FW_INT_H
#define IPCSCOPE_FW_INT_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include <netinet/in.h>

#include "follow/follow.h"
#include "base/activity.h"
#include "kinds/channel.h"
#include "model/obs.h"

/* Descriptor tables: read on events within this much of the observer's
   CPU time per tick (cpu_ns), and refreshed slowly within a smaller
   budget, each at most so often. */
#define FW_FD_BUDGET_NS		2000000ULL
/* ...and within this much wall time per tick, whatever the CPU time: a
   read that waits (a table's lock) costs no CPU but holds the tick. */
#define FW_WALL_CAP_NS		20000000ULL
#define FW_REFRESH_BUDGET_NS	200000ULL
#define FW_REFRESH_NS		10000000000ULL
#define FW_NOTICES		8
#define FW_PROBE_AGAIN_NS	100000000ULL
/* A process found by its fork is shown once it has exec'd (or ended),
   or after this long, so that it is named after what it runs: "head",
   not the "sh" that forked it. */
#define FW_NAME_WAIT_NS		200000000ULL
/* A task that slept since the last tick is read whole this often. */
#define FW_FULL_NS		2000000000ULL

/* What a descriptor is, as far as channels go. */
enum fw_cls {
	FW_OTHER = 0,
	FW_PIPE,		/* pipe:[INO] */
	FW_FIFO,		/* a path whose inode is a FIFO */
	FW_SOCK,		/* socket:[INO] */
	FW_ANON,		/* anon_inode:[NAME] of a kind (eventfd):
				   ino is its NAME-id from fdinfo */
	FW_MQ,			/* a POSIX queue: a file of the mqueue fs */
	FW_SYSV,		/* a System V queue: no descriptor; ino is
				   its id, from a call on it */
	FW_PSEM			/* a POSIX semaphore (sem_open): no
				   descriptor, a shared mapping of a file
				   of /dev/shm (psem.c) */
};

#define FW_END_R	1
#define FW_END_W	2

struct fw_fd {
	int		fd;
	uint8_t		cls;
	uint8_t		ends;		/* FW_END_R | FW_END_W */
	uint64_t	dev;
	uint64_t	ino;
	int		obj;		/* fw->objs index; -1 FW_OTHER */
};

/* A process or a thread: one row of the model (obs_proc i). */
struct fw_row {
	pid_t		 pid;		/* the process (thread group) */
	pid_t		 tid;		/* == pid for a process's row */
	int		 proc;		/* a thread: its process's row; -1 */
	char		 name[40];	/* "comm[tid]": given at its first
					   observation, then kept */
	char		 comm[16];
	bool		 named;
	int		 statfd, sysfd, schedfd, iofd;
	int		 sys_err;	/* errno of the syscall file, 0 */
	int		 pidfd;		/* process rows; -1 */
	bool		 ended;
	int		 wstatus;	/* -1 unknown */
	bool		 reaped;	/* wstatus is waitpid's */
	uint64_t	 end_ns;
	uint64_t	 first_ns;	/* its first observation; 0 none yet */
	uint64_t	 found_ns;	/* when its row was made */
	bool		 forked;	/* found by its fork: named once it
					   exec'd, or after FW_NAME_WAIT_NS */
	/* What the kernel showed at the last tick. */
	char		 kstate;
	long		 nr;		/* system call, -1 none or unknown */
	long		 arg0;
	uint64_t	 pcount;	/* times scheduled in (schedstat) */
	uint64_t	 full_ns;	/* when all of it was read last */
	bool		 asleep;
	const char	*unknown;
	/* The call it is in, as derived: act, op (OP_SEND/OP_RECV on a
	   channel), the call's name, since when. */
	enum act	 act;
	unsigned	 op;
	int		 chan;
	const char	*call;
	bool		 confirmed;
	uint64_t	 call_ns;
	bool		 call_before;
	long		 call_nr, call_arg0;
	uint64_t	 call_pcount;
	int		 call_obj;	/* the descriptor's object then */
	uint8_t		 call_ends;
	char		 wchan[48];
	/* I/O counters. */
	bool		 io;
	uint64_t	 rchar, wchar;
	unsigned	 execs;
	char		 exec[16];
	/* A process's row: its descriptor table and what was done to it. */
	struct fw_fd	*fds;
	int		 nfds;
	bool		 fds_due;	/* to read: new, exec'd */
	bool		 fds_denied;
	uint64_t	 fds_ns;	/* read last; 0 never */
	unsigned	 fds_tick;	/* the tick it was read at */
	bool		 user_paused;
	bool		 stop_sent;
	/* python.c: multiprocessing's name for the row, a static string;
	   NULL none. */
	const char	*shape;
};

/* A kernel object the tables name: a pipe, a FIFO, a socket. */
/* An address of either family; sa.sa_family says which. */
union fw_inaddr {
	struct sockaddr		sa;
	struct sockaddr_in	v4;
	struct sockaddr_in6	v6;
};

struct fw_obj {
	uint8_t		 cls;
	uint64_t	 dev;
	uint64_t	 ino;
	/* Sockets, from sock_diag once: a unix socket's type and peer. An
	   IP socket not yet bound, or a TCP one neither connected nor
	   listening, is probed again (at most every FW_PROBE_AGAIN_NS). */
	bool		 probed;
	uint64_t	 probe_ns;
	bool		 unix_tried;
	bool		 unix_sock;
	int		 socktype;
	/* A TCP or UDP socket on loopback (IPv4, or IPv6 ::1 and mapped
	   127/8): its protocol and both addresses (the peer's port 0 when
	   not connected). */
	bool		 inet;
	int		 proto;
	union fw_inaddr	 self, peer_addr;
	uint64_t	 cookie;
	uint64_t	 peer;		/* the peer's inode, 0 none */
	int		 peer_obj;	/* its object, -1 none (yet) */
	char		*path;		/* a FIFO's or a queue's, from the link */
	const struct channel_ops *ops;	/* an anonymous inode's kind */
	/* Its channel: the pipe's or FIFO's buffer, or the receive queue
	   of this socket; -1 none yet. */
	int		 chan;
	/* Who holds it (live processes), recomputed from the tables. */
	int		 nr, nw, nany;
	int		 sole_r, sole_w;	/* the one holder, else -1 */
	int		 hold_row, hold_fd;	/* one to borrow from */
	int		 last_r, last_w, last_any;	/* counting stamps */
};

/* A channel: one buffer, its kind and who is seen on each side. */
struct fw_chan {
	int		 obj;
	const struct channel_ops *ops;
	char		 name[64];
	int		*writers;
	int		 nwriters;
	int		*readers;
	int		 nreaders;
	/* The one process holding each end, while that is so (not kept:
	   a shell that made a pipe holds its read end for a moment before
	   it forks the reader), -1 none. */
	int		 hold_w, hold_r;
	int		 holders;
	int64_t		 capacity;
	uint64_t	 cap_ns;
	bool		 gone;		/* a System V queue removed */
	/* python.c: multiprocessing's name for it (static), NULL none;
	   psem.c: a semaphore's value, -1 unknown or not one. */
	const char	*shape;
	int64_t		 value;
};

struct follow {
	bool		 attach;
	char		*what;
	char		*log;
	struct scenario	*sc;
	struct registry	*reg;
	uint64_t	 t0;
	/* Rows; row 0 is the root (CMD, or the attached process). */
	struct fw_row	*rows;
	int		 nrows;
	int		*pidmap;	/* pid -> row, open addressing */
	size_t		 pidmap_cap;
	struct fw_obj	*objs;
	int		 nobjs;
	int		*objmap;
	size_t		 objmap_cap;
	struct fw_chan	*chans;
	int		 nchans;
	bool		 holders_dirty;
	/* Rows ended so far, and as many when the rows were last read: an
	   end closes descriptors and wakes who slept on them. */
	unsigned	 nends;
	unsigned	 nends_read;
	int		 refresh_next;
	unsigned	 tick;		/* observations made */
	/* Time left for due tables and for the slow refresh, ns: below 0
	   after a table that cost more than was left (a debt paid by the
	   next ticks' budgets). */
	int64_t		 due_tokens;
	int64_t		 ref_tokens;
	int		*stamp;		/* per row, for counting once */
	/* Process events. */
	int		 cnfd;
	bool		 polling;	/* no connector: /proc polled */
	uint64_t	 poll_ns;
	int		 diagfd;
	uint64_t	 mq_dev;	/* stat("/dev/mqueue"), 0 none */
	struct fw_psem	*psem;		/* psem.c's */
	struct fw_py	*py;		/* python.c's */
	/* Stopping. */
	bool		 stopping;
	bool		 killed;
	uint64_t	 stop_deadline;
	/* Notices for the user, once each. */
	char		*notices[FW_NOTICES];
	int		 nnotices;
	int		 notice_next;
	unsigned	 said;		/* FW_SAID_* bits */
	/* The observation's arrays. */
	struct obs_proc	*oprocs;
	struct chan_sample *osamples;
	struct obs_chan	*oinfo;
	size_t		 ocap_procs;
	size_t		 ocap_chans;
	int		*olists;	/* the channels' sides, as shown */
	size_t		 olists_cap;
};

#define FW_SAID_ROWS	0x01
#define FW_SAID_CHANS	0x02
#define FW_SAID_PERM	0x04
#define FW_SAID_LOST	0x08
#define FW_SAID_POLL	0x10
#define FW_SAID_FDS	0x20

/* start.c */
void	 fw_notice(struct follow *, unsigned once, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
void	 fw_say_denied(struct follow *, pid_t pid, const char *what);
/* rows.c */
int	 fw_row_find(const struct follow *, pid_t tid);	/* -1 none */
int	 fw_row_add(struct follow *, pid_t pid, pid_t tid, int proc);
/* The same, for a process forked by row parent (its name, if it is
   gone before it can be read). */
int	 fw_row_add_from(struct follow *, pid_t pid, pid_t tid, int proc,
	    int parent);
void	 fw_row_end(struct follow *, int r, int wstatus, bool reaped);
void	 fw_row_exec(struct follow *, int r);
void	 fw_rows_sample(struct follow *, uint64_t now);
void	 fw_rows_threads(struct follow *, int r);
void	 fw_row_free(struct fw_row *);
int	 fw_row_ppid(const struct fw_row *);	/* -1 unknown */
/* events.c */
int	 fw_events_open(struct follow *);
void	 fw_events_read(struct follow *);
void	 fw_poll_tree(struct follow *, uint64_t now);
void	 fw_scan_tree(struct follow *);
/* Every process's parent from /proc: how many, arrays allocated. */
int	 fw_proc_parents(pid_t **pids, pid_t **ppids);
/* fds.c */
void	 fw_fds_tick(struct follow *, uint64_t now);
/*
 * Row r was forked by process row parent: its table is the parent's as
 * read now (once a tick; its cost counted in the budget), so that a
 * burst of forks costs one table, not one each. An exec reads the
 * child's own; the slow refresh does too.
 */
void	 fw_fds_inherit(struct follow *, int r, int parent);
/* An anonymous inode's line NAME-WHAT: of fdinfo (eventfd-count):
   0, or -1 when it cannot be read. */
int	 fw_fdinfo_value(pid_t pid, int fd, const char *name,
	    const char *what, int base, unsigned long long *value);
/* Process row r's descriptor fd, looked at now: its object (-1 none:
   not a channel's kind, or not readable) and ends (FW_END_*). */
int	 fw_fd_lookup(struct follow *, int r, int fd, uint8_t *ends);
void	 fw_holders(struct follow *);
int	 fw_obj_find(struct follow *, uint8_t cls, uint64_t dev, uint64_t ino);
void	 fw_objs_free(struct follow *);
/* chans.c */
int	 fw_chan_for(struct follow *, int obj, bool send);
void	 fw_chans_discover(struct follow *);
void	 fw_chan_seen(struct follow *, int c, int row, bool send);
void	 fw_chans_sample(struct follow *, struct chan_sample *, uint64_t now);
void	 fw_chans_free(struct follow *);
/* diag.c */
struct fw_unix {
	int		type;		/* SOCK_STREAM, ... */
	uint64_t	cookie;
	uint32_t	peer;		/* 0 none */
	uint32_t	rqueue;
	bool		has_mem;
	uint32_t	rcvbuf, sndbuf, wmem;
};
/* 0, or -1 (not a unix socket, or gone: errno ENOENT; ESTALE another
   socket now has that inode). cookie 0: any. */
int	 fw_diag_unix(struct follow *, uint64_t ino, uint64_t cookie,
	    struct fw_unix *);

/* psem.c (i11-python) */
/* Each tick, after the rows: the maps of processes due (new, their table
   read, a futex on an address not known), within a budget. */
void	 fw_psem_tick(struct follow *, uint64_t now);
/* Row r is asleep in futex: on a followed semaphore (then its act, op
   and channel are set: acquiring it), true; else false. */
bool	 fw_psem_call(struct follow *, int r);
int	 fw_psem_holders(struct follow *, int obj);
/* The semaphore a process mapping obj made n semaphores before it (the
   n-th largest inode below obj's among that process's: /dev/shm numbers
   its files in order): -1 none. Its value from memory: -1 unknown. */
int	 fw_psem_before(struct follow *, int obj, int n);
int64_t	 fw_psem_value_of(struct follow *, int obj);
bool	 fw_psem_maps(struct follow *, int row, int obj);
void	 fw_psem_sample(struct follow *, struct fw_chan *,
	    struct chan_sample *);
void	 fw_psem_free(struct follow *);
/* python.c (i11-python): rows' and channels' shapes, each tick. */
void	 fw_python_shapes(struct follow *, uint64_t now);
void	 fw_python_free(struct follow *);

#endif
