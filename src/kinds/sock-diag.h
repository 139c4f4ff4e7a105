/*
 * sock-diag.h: one socket's state from the kernel's sock_diag netlink
 * interface, for the socket kinds (unix-dgram, tcp, udp).
 *
 * sock_diag finds a socket by its identity (inode or addresses) and its
 * cookie, and needs no descriptor of it: the observer reads the queues
 * without holding or borrowing an end, and still sees a TCP socket that
 * its last holder closed while its data drains (an orphan keeps its
 * cookie but has inode 0). The cookie (SO_COOKIE) is unique for the
 * life of the system, so a reused port or inode can never be mistaken
 * for the channel's socket.
 *
 * Each query opens a netlink socket, asks once and closes it: nothing is
 * kept between samples, and nothing leaks into forked workers.
 */
#ifndef IPCSCOPE_SOCK_DIAG_H
#define IPCSCOPE_SOCK_DIAG_H

#include <stdbool.h>
#include <stdint.h>

#include <netinet/in.h>
#include <linux/sock_diag.h>

struct sockdiag {
	int		state;		/* TCP_ESTABLISHED, ... as the kernel
					   names it (unix: TCP_ESTABLISHED
					   too for a connected socket) */
	uint32_t	rqueue;		/* idiag_rqueue / udiag_rqueue */
	uint32_t	wqueue;
	bool		has_mem;
	uint32_t	mem[SK_MEMINFO_VARS];
	bool		has_tcp;	/* the tcp_info fields below */
	uint64_t	bytes_acked;	/* counts SYN and FIN too */
	uint64_t	bytes_received;	/* counts FIN, not SYN */
};

/* SO_COOKIE of an open socket; 0 if the kernel gives none. */
uint64_t	sockdiag_cookie(int fd);
/* An AF_UNIX socket by inode and cookie. 0, or -1 (gone, or no answer). */
int		sockdiag_unix(uint32_t ino, uint64_t cookie, struct sockdiag *);
/*
 * An IPv4 TCP or UDP socket (proto IPPROTO_TCP, IPPROTO_UDP) by its own
 * address, its peer's address and its cookie. 0, or -1.
 */
int		sockdiag_inet(int proto, const struct sockaddr_in *self,
		    const struct sockaddr_in *peer, uint64_t cookie,
		    struct sockdiag *);
/* The same for an IPv6 socket (an IPv4-mapped address included). */
int		sockdiag_inet6(int proto, const struct sockaddr_in6 *self,
		    const struct sockaddr_in6 *peer, uint64_t cookie,
		    struct sockdiag *);

#endif
