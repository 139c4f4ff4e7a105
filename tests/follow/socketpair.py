"""A duplex Pipe() is a unix socketpair: a child blocks reading it.

The child waits in recv on its end until the parent sends; the parent
sleeps first, so for a while the child is blocked reading a unix stream
socket whose peer the parent holds.
"""
import multiprocessing as mp
import sys
import time


def reader(conn):
    conn.recv_bytes()


if __name__ == "__main__":
    mp.set_start_method("fork")
    a, b = mp.Pipe()
    p = mp.Process(target=reader, args=(b,))
    p.start()
    time.sleep(float(sys.argv[1]) if len(sys.argv) > 1 else 2)
    a.send_bytes(b"done")
    p.join()
