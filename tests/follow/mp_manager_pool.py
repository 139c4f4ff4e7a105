"""A Pool of 3 on a Manager().Queue with one end marker: it stalls.

Each worker takes items from a Manager's queue until it gets None. The
parent puts two items and one None: one worker ends its task, the other
two wait for ever in get(), which asks the Manager (a process of its own,
serving a unix socket) and sleeps reading the answer; the queue itself
lives inside the manager process. The parent waits for the results.
START names the start method (fork by default).
"""
import multiprocessing as mp
import sys


def work(q):
    n = 0
    while q.get() is not None:
        n += 1
    return n


if __name__ == "__main__":
    mp.set_start_method(sys.argv[1] if len(sys.argv) > 1 else "fork")
    with mp.Manager() as m:
        q = m.Queue()
        for x in (1, 2, None):
            q.put(x)
        with mp.Pool(3) as pool:
            print(pool.map(work, [q, q, q]), flush=True)
