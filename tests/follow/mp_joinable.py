"""A JoinableQueue whose items nobody marks done: join() waits for ever.

The parent puts two items into a JoinableQueue and a worker process gets
them but never calls task_done(); the parent's join() sleeps in futex(2)
on the Condition's semaphore the queue made last, its count of
unfinished tasks stays at 2.
"""
import multiprocessing as mp
import time


def work(q):
    q.get()
    q.get()
    time.sleep(3600)


if __name__ == "__main__":
    mp.set_start_method("fork")
    q = mp.JoinableQueue()
    p = mp.Process(target=work, args=(q,), daemon=True)
    p.start()
    q.put(1)
    q.put(2)
    q.join()
