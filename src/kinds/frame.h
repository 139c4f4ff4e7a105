/*
 * frame.h: the header every message starts with, which producers write,
 * receivers check (lost, duplicated, out of order) and kinds that carry
 * no payload (a signal) rebuild.
 *
 * 16 bytes: magic, producer index, sequence number. An end marker has its
 * own magic; its sequence field says how many messages its producer made,
 * so that a trailing gap is seen as a loss.
 */
#ifndef IPCSCOPE_FRAME_H
#define IPCSCOPE_FRAME_H

#define FRAME_MAGIC	0x49504353u	/* "IPCS" */
#define FRAME_MAGIC_END	0x49504345u	/* "IPCE" */
#define FRAME_HEADER	16
#define FRAME_WHY \
	"every message starts with a 16-byte frame header (sequence number " \
	"and producer id)"

#endif
