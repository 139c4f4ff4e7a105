/*
 * channel.h: one IPC kind per file (chan-KIND.c), each exporting one
 * const struct channel_ops that says everything about the kind: its name,
 * what its fill counts, what its calls are called, which behaviours it has
 * (flags), the keys of its [channel] section and their checks, how it is
 * made, used, sampled and removed, and the kernel's rules the explain
 * panel quotes. channel.c lists them in one table. Adding a kind is adding
 * a file and a line there: nothing else in the program names a kind.
 *
 * Life of a channel:
 *   parent (observer)   create()  - make the kernel object, record its
 *                                   identity and capacity, put the ends at
 *                                   their fixed descriptor numbers
 *   parent              fork the workers; each inherits the ends
 *   child (worker)      open_end() for the ends it uses (may block: FIFO),
 *                                   close_unused() drops every other end
 *   child               send() / recv(): blocking calls
 *   parent              after forking: parent_close() - the observer must
 *                                   hold no end (KERNEL-FACTS.md)
 *   parent, each tick   sample()  - fill from the kernel, borrowing an end
 *                                   from a live worker for one ioctl when
 *                                   the kind needs one
 *   parent, at the end  destroy() - remove the kernel object
 *
 * Ends live at fixed descriptor numbers, the same in every process that
 * holds them: chan_fd(c, end). That is how the observer knows which
 * descriptor to borrow from a worker with pidfd_getfd().
 */
#ifndef IPCSCOPE_CHANNEL_H
#define IPCSCOPE_CHANNEL_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "base/units.h"

#define CHAN_FD_BASE	200
enum chan_end {
	END_READ = 0,
	END_WRITE = 1
};

/* Descriptor number of end e of channel index c in any holder. */
static inline int
chan_fd(int c, int e)
{
	return CHAN_FD_BASE + 2 * c + e;
}

struct registry;
struct chan;
struct tel_slot;

/*
 * A channel as its [channel NAME] section configures it. The generic keys
 * are 'type' (kind) and 'capacity'; msgsize and opt[] are set by the
 * kind's own keys (channel_ops.keys) and mean what that kind says.
 */
struct chan_conf {
	char				*name;
	int				 line;	/* of the [channel NAME] header */
	const struct channel_ops	*kind;	/* NULL: the type was bad */
	/* 0: the kernel's default. In the kind's capacity unit (bytes, or
	   items for a kind with cap_count). */
	uint64_t			 capacity;
	/* The bytes of one message: the kind's own key where it has one
	   (0: not given), else the size every writer uses (checked equal). */
	uint64_t			 msgsize;
	uint64_t			 opt[4];	/* the kind's own options */
};

/*
 * The kernel limits a channel is checked against, read once from
 * /proc/sys (pipe-max-size, mqueue msg_max and msgsize_max, kernel msgmnb
 * and msgmax, net.core wmem_max); a value that cannot be read falls back
 * to the usual default (1048576, 10, 8192, 16384, 8192, 212992). Captions
 * may use them to say where a number comes from. channel_set_limits()
 * replaces them (tests use it to get messages that do not depend on the
 * machine); NULL rereads /proc/sys.
 */
struct chan_limits {
	uint64_t	pipe_max_size;		/* bytes */
	uint64_t	mq_msg_max;		/* messages */
	uint64_t	mq_msgsize_max;		/* bytes */
	uint64_t	msgmnb;			/* bytes */
	uint64_t	msgmax;			/* bytes */
	uint64_t	wmem_max;		/* bytes */
};
const struct chan_limits *channel_limits(void);
void	 channel_set_limits(const struct chan_limits *);

/*
 * A key of a kind's own in a [channel] section. parse() sets it in conf:
 * 0, or -1 with *cause allocated (what would be valid). elsewhere is the
 * message for a channel of another kind that gives it, with %s for that
 * kind's name.
 */
struct kind_key {
	const char	*name;
	int		(*parse)(struct chan_conf *, const char *value,
			    char **cause);
	const char	*elsewhere;
};

/*
 * What a kind checks of one channel, once every section is read: its
 * capacity and own keys against the kernel's limits, and each writer's
 * message size. Problems go through error(), at the line of key
 * ("capacity", "msgsize", "size" for the writer being checked; NULL for
 * the section's header), with a message that says what would be valid.
 */
struct kind_check {
	const struct chan_conf		*conf;
	const struct chan_limits	*lim;
	bool		 cap_given;	/* 'capacity' is in the section */
	bool		 cap_ok;	/* and parsed into conf->capacity */
	const char	*cap_text;	/* as written */
	bool		 msgsize_given;	/* the kind's msgsize key */
	bool		 msgsize_ok;
	uint64_t	 msgsize;	/* as given, 0 when absent */
	const char	*msgsize_text;
	void		(*error)(struct kind_check *, const char *key,
			    const char *fmt, ...)
			    __attribute__((format(printf, 3, 4)));
	void		*arg;		/* the caller's */
};

/*
 * The observer borrows descriptors through this callback (runner.c):
 * returns a descriptor (which the caller closes) for end e of the channel,
 * duplicated from a live worker holding it and checked to be the same
 * kernel object (dev and inode); -1 if no live worker holds one (every
 * candidate's descriptor is closed); -2 if one may, but it could not be
 * borrowed (not permitted, or not yet in place): then the value is unknown.
 */
typedef int (*chan_borrow_fn)(void *arg, struct chan *, int e);

struct chan_sample {
	int64_t		fill;		/* in the kind's unit; -1 unknown */
	int64_t		bytes;		/* payload bytes inside; -1 unknown */
	int64_t		messages;	/* messages inside; -1 unknown */
	int64_t		capacity;	/* -1 unknown */
	int64_t		dropped;	/* messages the kernel dropped (udp);
					   -1 where the kind never drops */
	bool		holders;	/* some worker held, or may hold, an end */
	/* Items and bytes still in the writers' local buffers, not yet in
	   the kernel object (mpqueue); -1 where the kind has none. */
	int64_t		buffered_items;
	int64_t		buffered_bytes;
};

/*
 * How a channel of a kind shows in a program ipcscope did not start
 * (ipcscope -- CMD, --attach): the follow source (src/follow) finds a
 * followed program's channels in its descriptor tables by the file type
 * of a descriptor (S_IFIFO, S_IFSOCK; 0: not found that way), whether it
 * has a name in the file system (a FIFO) rather than the kernel's
 * "pipe:[INODE]", and for a socket its family and type (AF_UNIX,
 * SOCK_STREAM); or by something special (channel_kind_special): an
 * anonymous inode's name ("eventfd": anon_inode:[eventfd]) or a file
 * system ("mqueue": a POSIX queue), or "sem_open": a POSIX semaphore in
 * the maps (src/follow/psem.c).
 */
struct kind_seen {
	unsigned	 ftype;
	bool		 named;
	int		 family;
	int		 socktype;
	const char	*special;
};

struct channel_ops {
	const char	*name;		/* "pipe", as in scenario files */
	bool		 by_messages;	/* fill counts messages, not bytes */
	bool		 stream;	/* a byte stream: receivers reassemble
					   frames; else one message per call */
	bool		 unbounded;	/* no capacity at all (file), or none a
					   run could reach (eventfd): -1 means
					   "none", not "unknown" */
	bool		 tail;		/* recv returning 0 is not the end while
					   a writer lives (file): wait, retry */
	const char	*unit;		/* optional: what fill counts when it is
					   neither bytes nor messages
					   ("holders"); NULL: by_messages says */
	/*
	 * Words that fit the kind, where the defaults do not; the view,
	 * the writers and the explain panel say these, never the kind's
	 * name. writers, readers: what the processes at its two ends are
	 * called (NULL: "writers", "readers"); a kind with 'uses' has one
	 * side only, its users (readers = "users"), and no writers side
	 * at all. rate_unit: the unit of its rates when they count items
	 * (messages moved) rather than bytes ("acq/s", "sig/s",
	 * "msgs/s"); NULL: bytes per second (B/s, KiB/s, ...).
	 */
	const char	*writers;
	const char	*readers;
	const char	*rate_unit;
	/*
	 * A send while one is still pending is merged into it (a standard
	 * signal's pending bit): the model counts merged = sent - handled -
	 * pending (after the run: sent - handled), so that every item sent
	 * is accounted for.
	 */
	bool		 merges;
	/* Behaviours, for the scenario's checks, the controller and the
	   model. */
	bool		 cap_count;	/* capacity counts items, not bytes */
	bool		 resizable;	/* the resize action (F_SETPIPE_SZ) */
	bool		 closable;	/* the close action: its ends are
					   descriptors only their holder can
					   close */
	bool		 uses;		/* taken and given back by users
					   ('role = user', 'uses = NAME'),
					   not written to and read from */
	bool		 counts_waiters; /* the model counts the users the
					   kernel confirms waiting in it */
	bool		 await_readers;	/* a producer waits until every
					   reader is ready (a signal would
					   kill a consumer not yet set up) */
	bool		 datagrams;	/* datagrams: no end of file, a send
					   to a closed peer is refused */
	bool		 exec_stdio;	/* its ends are descriptors a program
					   reads and writes with read(2) and
					   write(2): an exec process may have
					   them as standard input and output
					   (fd 0 and 1) */
	bool		 local_buffer;	/* writers keep items in a buffer of
					   their own before the kernel's
					   (buffered_items, buffered_bytes) */
	/* Where a kind allows no 'markers' or no 'size': why, for the
	   error (NULL: allowed). With no_size, every writer sends just a
	   frame header. */
	const char	*no_markers;
	const char	*no_size;
	/* A helper thread of a writer that the kind reports on ("feeder");
	   NULL none. */
	const char	*thread_name;
	/* The kind's own [channel] keys, NULL-name terminated; NULL none. */
	const struct kind_key *keys;
	/* Optional: check one channel (capacity, own keys) and, for each
	   writer, its message size (kc->error with key "size"). */
	void		(*check)(struct kind_check *);
	void		(*check_writer)(struct kind_check *, const char *proc,
			    uint64_t size, const char *size_text);
	/* What the calls are called and which system call a worker inside
	   them sleeps in (cross-checked with /proc/PID/syscall). */
	const char	*send_op;	/* "write", "send" */
	const char	*recv_op;	/* "read", "recv" */
	/* The kernel's rule for a sender and for a receiver of this kind, in
	   a sentence each: the explain panel (e) quotes them. */
	const char	*rule_send;
	const char	*rule_recv;
	/* Optional: what the others see when a process closes its end (the
	   close action), in a sentence; NULL: what 'datagrams' implies (no
	   end of file, ECONNREFUSED) or else end of file and EPIPE with
	   SIGPIPE. */
	const char	*rule_close;
	long		 send_nr;	/* SYS_write, SYS_mq_timedsend, ... */
	long		 recv_nr;
	/* Parent, before fork. 0, or -1 with *cause. */
	int		(*create)(struct chan *, struct registry *, char **cause);
	/* Child: make end e usable at chan_fd(). May block (FIFO open).
	   0, or -1 with errno set. */
	int		(*open_end)(struct chan *, int e);
	/* Child: one call; as write(2)/read(2) for streams, whole messages
	   otherwise. -1 with errno on failure, 0 from recv means EOF. */
	ssize_t		(*send)(struct chan *, const void *, size_t);
	ssize_t		(*recv)(struct chan *, void *, size_t);
	/*
	 * Optional. Child: send without blocking, for this caller only
	 * (never by setting O_NONBLOCK on a description other workers
	 * share): -1 with errno EAGAIN when there is no room. A stream may
	 * write part. pollfd(): the descriptor to poll() for room, -1 if
	 * the kind cannot be polled (the worker then sleeps 1 ms).
	 */
	ssize_t		(*send_nb)(struct chan *, const void *, size_t);
	int		(*pollfd)(struct chan *);
	/* Parent, each tick. Never keeps an end. */
	void		(*sample)(struct chan *, chan_borrow_fn, void *,
			    struct chan_sample *);
	/*
	 * Optional (NULL: the default). Parent: does a worker that
	 * reports being inside call op (OP_SEND/OP_RECV) on this channel,
	 * and that /proc shows asleep in system call nr with first
	 * argument arg0, really sleep in that call? The default matches
	 * nr against send_nr/recv_nr and arg0 against the end's fd (or
	 * msqid).
	 */
	bool		(*confirm)(struct chan *, int op, long nr, long arg0);
	/* Optional. Child: before exit, after its last message (e.g. join a
	   feeder thread). May block; reports through the telemetry slot. */
	void		(*close_end)(struct chan *, int e);
	/* Parent: drop whatever the parent still holds after forking. */
	void		(*parent_close)(struct chan *);
	/* Parent: remove the kernel object (also on error paths). */
	void		(*destroy)(struct chan *, struct registry *);
	/* In a followed program (see struct kind_seen). */
	struct kind_seen seen;
};

/* Runtime state of one channel; shared by the parent and (as a copy
   after fork) each worker. */
struct chan {
	const struct chan_conf		*conf;
	const struct channel_ops	*ops;
	int			 index;
	uint64_t		 msgsize;	/* bytes per message */
	int			 fd[2];		/* fixed numbers, -1 if the kind has none */
	bool			 parent_holds;	/* parent still holds fd[] */
	dev_t			 dev;		/* identity of borrowed ends */
	ino_t			 ino;
	int64_t			 capacity;	/* as the kernel reports it; -1 unknown */
	char			*path;		/* fifo path */
	char			*mqname;	/* posix mq name */
	int			 obsfd;		/* observer's own harmless handle
						   (mq descriptor), -1 none */
	int			 msqid;		/* sysv */
	size_t			 recvbuf;	/* smallest buffer recv() accepts */
	void			*shared;	/* kind's own shared mapping (made
						   before fork), NULL none */
	size_t			 sharedlen;
	void			*priv;		/* kind's own state, per process */
	struct tel_slot		*slot;		/* child: the worker's own
						   telemetry slot (kinds that
						   report from inside, such as
						   a feeder thread); NULL in
						   the parent */
};

/*
 * The table of kinds: channel_kind(i) for i from 0 until it returns NULL;
 * channel_kind_by_name("pipe") (NULL if none). channel_kind_list() writes
 * the names of the kinds that pass want (NULL: all) as "a, b and c" into
 * buf.
 */
const struct channel_ops *channel_kind(int i);
const struct channel_ops *channel_kind_by_name(const char *);
/* The kind a followed program's descriptor shows (struct kind_seen:
   family and socktype 0 for what is no socket); NULL if none. */
/* The kind found by its special name in a followed program, or NULL. */
const struct channel_ops *channel_kind_special(const char *special);
const struct channel_ops *channel_kind_seen(unsigned ftype, bool named,
	    int family, int socktype);
void	channel_kind_list(char *buf, size_t len, const char *sep_last,
	    bool (*want)(const struct channel_ops *));
/*
 * Checks several kinds share (channel.c): a capacity against
 * pipe-max-size, and a socket buffer against wmem_max and the kernel's
 * smallest.
 */
void	channel_check_pipe_capacity(struct kind_check *);
void	channel_check_sock_capacity(struct kind_check *);

/* Put descriptor fd at number target (dup2 + close), keep it across exec
   off (CLOEXEC is cleared: workers do not exec). 0 or -1. */
int	channel_place_fd(int fd, int target);
/* Non-blocking sends without touching a shared description (channel.c). */
int	channel_private_nonblock(int fd);
ssize_t	channel_pipe_send_nb(struct chan *, const void *, size_t);
int	channel_write_pollfd(struct chan *);
/*
 * Parent: put a kind's two ends at their fixed numbers (identity taken
 * from the read end), remember the parent holds them. 0, or -1 with
 * *cause. channel_close_pair is the matching parent_close.
 */
int	channel_place_pair(struct chan *, int rfd, int wfd, char **cause);
void	channel_close_pair(struct chan *);
void	channel_destroy_pair(struct chan *, struct registry *);
/*
 * A shared anonymous mapping of len bytes for kinds whose state lives in
 * memory every worker inherits (c->shared, c->sharedlen): NULL with
 * *cause "channel 'NAME': mmap: REASON". channel_unmap_shared undoes it
 * (and does nothing when there is none).
 */
void	*channel_map_shared(struct chan *, size_t len, char **cause);
void	 channel_unmap_shared(struct chan *);
void	 channel_destroy_shared(struct chan *, struct registry *);	/* op */
/* Ops shared by several kinds (see channel.c). */
int	channel_open_inherited(struct chan *, int);
ssize_t	channel_fd_write(struct chan *, const void *, size_t);
ssize_t	channel_fd_read(struct chan *, void *, size_t);
ssize_t	channel_sock_send(struct chan *, const void *, size_t);
ssize_t	channel_sock_recv(struct chan *, void *, size_t);
/* Identity of an open descriptor into c->dev/c->ino. */
void	channel_set_identity(struct chan *, int fd);
/* The kernel's default pipe capacity, measured once on a throwaway pipe. */
int64_t	channel_default_pipe_capacity(void);
/* A pipe at the fixed numbers, sized as the scenario says (chan-pipe.c). */
int	channel_pipe_create(struct chan *, struct registry *, char **cause);
/* Fill of a pipe or FIFO: FIONREAD and F_GETPIPE_SZ on a borrowed end. */
void	channel_pipe_sample(struct chan *, chan_borrow_fn, void *,
	    struct chan_sample *);


#endif
