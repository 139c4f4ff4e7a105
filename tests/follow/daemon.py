"""A daemonised grandchild: the child forks it and exits at once.

The grandchild leaves the session (setsid) and its parent is gone, so
the kernel gives it to the nearest subreaper: ipcscope, which followed
it from its fork. The main process writes the grandchild's pid to the
file named by its argument, waits a little and exits: then ipcscope
stops what is left of the tree, the grandchild too.
"""
import os
import sys
import time

if __name__ == "__main__":
    pid_file = sys.argv[1]
    rd, wr = os.pipe()
    child = os.fork()
    if child == 0:
        os.close(rd)
        grandchild = os.fork()
        if grandchild == 0:
            os.setsid()
            os.write(wr, b"%d\n" % os.getpid())
            os.close(wr)
            time.sleep(3600)
            os._exit(0)
        os._exit(0)
    os.close(wr)
    pid = os.read(rd, 32).decode().strip()
    os.waitpid(child, 0)
    with open(pid_file, "w") as f:
        f.write(pid + "\n")
    time.sleep(float(sys.argv[2]) if len(sys.argv) > 2 else 2)
