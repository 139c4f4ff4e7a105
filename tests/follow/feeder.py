"""A Queue's put() returns while its feeder thread blocks on the pipe.

put() hands the item to a thread of the queue (the feeder), which writes
it into the queue's pipe; nobody reads, so the feeder sleeps in write(2)
while the main thread goes on. At exit the main thread joins the feeder
(a futex) and the process hangs. No thread is named here: CPython 3.13
and earlier name every thread after the program.
"""
import multiprocessing as mp
import time

if __name__ == "__main__":
    q = mp.Queue()
    q.put(b"x" * 2000000)
    print("put returned", flush=True)
    time.sleep(1)
