"""A Pool of 3 with no work: its workers wait for a task.

One worker holds the task queue's read lock and sleeps reading the task
pipe; the other two sleep in futex(2) on that read lock (a POSIX
semaphore, value 0). The parent's result handler thread reads the result
pipe. The parent sleeps. START names the start method (fork by default).
"""
import multiprocessing as mp
import sys
import time

if __name__ == "__main__":
    mp.set_start_method(sys.argv[1] if len(sys.argv) > 1 else "fork")
    with mp.Pool(3) as pool:
        print("pool", flush=True)
        time.sleep(3600)
