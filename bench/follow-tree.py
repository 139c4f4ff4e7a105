"""follow-tree.py N: a tree of N processes for make bench's follow lines.

The shape Python's fork start method gives a real program: the parent
makes (N - 1) // 2 pipes, then forks N - 1 children that inherit every end
(none is closed, as multiprocessing leaves them), so the descriptor
tables grow with the square of N. Child 2k+1 writes 4 KiB into pipe k
every 0.2 s, child 2k+2 reads it (a child left over sleeps); the parent
waits. Everyone runs until killed (ipcscope's --duration ends the run and
stops the tree).
"""
import os
import sys
import time


def child(i, pipes):
    k = (i - 1) // 2
    if k >= len(pipes):
        time.sleep(3600)
    elif (i - 1) % 2 == 0:
        block = b"x" * 4096
        while True:
            os.write(pipes[k][1], block)
            time.sleep(0.2)
    else:
        while True:
            os.read(pipes[k][0], 65536)


def main():
    n = int(sys.argv[1])
    pipes = [os.pipe() for _ in range((n - 1) // 2)]
    for i in range(1, n):
        if os.fork() == 0:
            try:
                child(i, pipes)
            finally:
                os._exit(0)
    print("tree of %d processes" % n, flush=True)
    while True:
        time.sleep(3600)


if __name__ == "__main__":
    main()
