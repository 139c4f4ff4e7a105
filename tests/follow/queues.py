"""An eventfd nobody writes and a full POSIX message queue.

The parent makes an eventfd (count 0) and a POSIX queue of 4 messages
of 64 bytes (its name removed at once: nothing is left behind), then
forks two children that inherit both: the first reads the eventfd and
sleeps in read(2), as its count stays 0; the second sends 5 messages
into the queue and sleeps in mq_timedsend on the fifth, the queue being
full. The parent waits. Prints the eventfd's id and the queue's name.
"""
import ctypes
import os
import sys
import time


class MqAttr(ctypes.Structure):
    _fields_ = [("mq_flags", ctypes.c_long), ("mq_maxmsg", ctypes.c_long),
                ("mq_msgsize", ctypes.c_long), ("mq_curmsgs", ctypes.c_long),
                ("pad", ctypes.c_long * 4)]


def main():
    libc = ctypes.CDLL(None, use_errno=True)
    libc.mq_open.restype = ctypes.c_int
    libc.mq_open.argtypes = [ctypes.c_char_p, ctypes.c_int, ctypes.c_int,
                             ctypes.POINTER(MqAttr)]
    name = b"/ipcscope-follow-%d" % os.getpid()
    attr = MqAttr(0, 4, 64, 0)
    mq = libc.mq_open(name, os.O_CREAT | os.O_EXCL | os.O_RDWR, 0o600,
                      ctypes.byref(attr))
    if mq < 0:
        sys.exit("mq_open: %s" % os.strerror(ctypes.get_errno()))
    libc.mq_unlink(name)
    efd = os.eventfd(0)
    fdinfo = open("/proc/self/fdinfo/%d" % efd).read()
    eid = [l.split()[1] for l in fdinfo.splitlines()
           if l.startswith("eventfd-id:")][0]
    print("eventfd", eid, "mq", name.decode(), flush=True)
    if os.fork() == 0:
        os.read(efd, 8)
        os._exit(0)
    if os.fork() == 0:
        for _ in range(5):
            libc.mq_send(mq, b"m" * 64, 64, 0)
        os._exit(0)
    time.sleep(float(sys.argv[1]) if len(sys.argv) > 1 else 30)


if __name__ == "__main__":
    main()
