"""UDP on loopback: a receiver waiting for a fourth datagram.

The parent binds a UDP socket on 127.0.0.1 (a port the kernel picks) and
forks a sender that closes its copy, connects a socket of its own to the
receiver, sends three datagrams and sleeps. The parent receives the
three and sleeps in recvfrom waiting for a fourth that never comes.
Prints the receiver's socket link (socket:[INODE]).
"""
import os
import socket
import sys
import time


def main():
    rx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    rx.bind(("127.0.0.1", 0))
    print(os.readlink("/proc/self/fd/%d" % rx.fileno()), flush=True)
    if os.fork() == 0:
        addr = rx.getsockname()
        rx.close()
        tx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        tx.connect(addr)
        for _ in range(3):
            tx.send(b"d" * 100)
        time.sleep(float(sys.argv[1]) if len(sys.argv) > 1 else 30)
        os._exit(0)
    for _ in range(4):
        rx.recv(1000)


if __name__ == "__main__":
    main()
