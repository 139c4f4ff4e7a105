"""Pipe().send_bytes of 2 MB with no reader: the sender blocks in write.

A one-way multiprocessing Pipe is an os.pipe. The child inherits both
ends (the fork start method) and never reads; the parent's send_bytes
writes a 4-byte header, then the payload, and sleeps in write(2) once
the pipe is full: 62596 bytes of payload and header, as the pipe counts
its 16 page slots. Prints the pipe's inode when it starts.
"""
import multiprocessing as mp
import os
import time


def never_reads(conn):
    time.sleep(3600)


if __name__ == "__main__":
    mp.set_start_method("fork")
    r, w = mp.Pipe(duplex=False)
    print("pipe", os.readlink("/proc/self/fd/%d" % w.fileno()), flush=True)
    child = mp.Process(target=never_reads, args=(r,), daemon=True)
    child.start()
    w.send_bytes(b"x" * 2000000)
