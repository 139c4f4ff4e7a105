"""Queue(maxsize=3): the fourth put() blocks on the queue's semaphore.

put() first acquires the Queue's BoundedSemaphore (a POSIX semaphore
sem_open'd and unlinked at once: /dev/shm/sem.XXXXXX (deleted) in the
maps); three puts take its three units, the fourth waits in futex(2) on
its word with the value at 0, as nobody gets. Prints "blocking" first.
"""
import multiprocessing as mp

if __name__ == "__main__":
    q = mp.Queue(maxsize=3)
    for i in range(3):
        q.put(i)
    print("blocking", flush=True)
    q.put(3)
