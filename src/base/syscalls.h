#ifndef IPCSCOPE_BASE_SYSCALLS_H
#define IPCSCOPE_BASE_SYSCALLS_H

/*
 * The system calls a thread can be asleep in, by name: what ipcscope
 * shows of a program it did not write (syscalls.c).
 */
#define SYSCALL_IN	1	/* reads its first argument's descriptor */
#define SYSCALL_OUT	2	/* writes it */
#define SYSCALL_IPC	4	/* the argument is a System V id, not a
				   descriptor */

/* Call nr's name ("futex"; "syscall" for one the table lacks, a static
   string) and in *dir what it does with its first argument (SYSCALL_*,
   0 none). */
const char	*syscall_name(long nr, int *dir);

#endif
