"""Pipe() (duplex: a socket pair) .send_bytes of 2 MB with no reader.

The child inherits both ends and never reads; the parent's send_bytes
sleeps in write(2) once the socket's buffers are full.
"""
import multiprocessing as mp
import time


def never_reads(conn):
    time.sleep(3600)


if __name__ == "__main__":
    mp.set_start_method("fork")
    a, b = mp.Pipe()
    child = mp.Process(target=never_reads, args=(b,), daemon=True)
    child.start()
    a.send_bytes(b"x" * 2000000)
