"""Processes that live about a millisecond each.

Forks N children (the argument) one after the other; each exits at once
with its own number as status, and the parent waits for it before the
next. Then the parent sleeps a second so that the run goes on.
"""
import os
import sys
import time

if __name__ == "__main__":
    n = int(sys.argv[1])
    for i in range(n):
        pid = os.fork()
        if pid == 0:
            os._exit(10 + i)
        os.waitpid(pid, 0)
    time.sleep(1)
