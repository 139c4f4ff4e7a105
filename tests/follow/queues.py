"""An eventfd nobody writes, a full POSIX queue and a full System V queue.

The parent makes an eventfd (count 0), a POSIX queue of 4 messages of
64 bytes (its name removed at once: nothing is left behind) and a
private System V queue, then forks three children that inherit them:
the first reads the eventfd and sleeps in read(2), as its count stays 0;
the second sends 5 messages into the POSIX queue and sleeps in
mq_timedsend on the fifth, the queue being full; the third sends 1 KiB
messages into the System V queue until msgsnd sleeps at its byte limit.
The parent waits, and removes the System V queue when told to stop
(SIGTERM). Prints the eventfd's id, the POSIX queue's name and the
System V queue's id.
"""
import ctypes
import os
import signal
import sys
import time

IPC_PRIVATE, IPC_RMID = 0, 0


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
    msqid = libc.msgget(IPC_PRIVATE, 0o600)
    if msqid < 0:
        sys.exit("msgget: %s" % os.strerror(ctypes.get_errno()))

    def remove(sig, frame):
        libc.msgctl(msqid, IPC_RMID, None)
        os._exit(0)

    print("eventfd", eid, "mq", name.decode(), "msqid", msqid, flush=True)
    if os.fork() == 0:
        os.read(efd, 8)
        os._exit(0)
    if os.fork() == 0:
        for _ in range(5):
            libc.mq_send(mq, b"m" * 64, 64, 0)
        os._exit(0)
    if os.fork() == 0:
        msg = ctypes.create_string_buffer(8 + 1024)
        msg[0] = 1                      # mtype 1
        while libc.msgsnd(msqid, msg, 1024, 0) == 0:
            pass
        os._exit(0)
    signal.signal(signal.SIGTERM, remove)
    time.sleep(float(sys.argv[1]) if len(sys.argv) > 1 else 30)
    remove(0, None)


if __name__ == "__main__":
    main()
