"""A TCP connection on loopback whose receiver never reads.

The parent listens on 127.0.0.1 (or ::1 when the second argument is
6; a port the kernel picks), forks a client that connects and sends 64
MiB, then accepts and sleeps without reading: the receive queue of the
accepted socket fills, the client's send buffer too, and the client
sleeps in a send. Prints the listening port, then the accepted socket's
link (socket:[INODE]). A third argument, seconds: the client makes its
socket, then waits that long before it connects (an observer sees the
socket unbound first).
"""
import os
import socket
import sys
import time


def main():
    v6 = len(sys.argv) > 2 and sys.argv[2] == "6"
    host = "::1" if v6 else "127.0.0.1"
    srv = socket.socket(socket.AF_INET6 if v6 else socket.AF_INET,
                        socket.SOCK_STREAM)
    srv.bind((host, 0))
    srv.listen(1)
    port = srv.getsockname()[1]
    print("port", port, flush=True)
    if os.fork() == 0:
        srv.close()
        c = socket.socket(srv.family, socket.SOCK_STREAM)
        time.sleep(float(sys.argv[3]) if len(sys.argv) > 3 else 0)
        c.connect((host, port))
        c.sendall(b"x" * (64 << 20))
        os._exit(0)
    conn, _ = srv.accept()
    srv.close()
    print(os.readlink("/proc/self/fd/%d" % conn.fileno()), flush=True)
    time.sleep(float(sys.argv[1]) if len(sys.argv) > 1 else 30)
    conn.close()


if __name__ == "__main__":
    main()
