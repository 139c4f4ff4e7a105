#!/usr/bin/env python3
# tests/termquery.py CASE UI: ipcscope on a pseudo-terminal whose other
# side this script plays, as a terminal would: it answers the background
# query (OSC 11) and the DA1 request that follows it, or answers late, or
# not at all. Which theme ipcscope then draws shows in what it writes: the
# gauge track is 48;5;233 (the default, dark theme) or 48;5;255 (light).
# Run by tests/termquery.sh; prints ok:/FAIL: lines, exits 1 on a failure.
import fcntl
import os
import select
import signal
import struct
import subprocess
import sys
import termios
import time

IPCSCOPE = os.environ["IPCSCOPE"]
QUERY = b"\033]11;?\033\\\033[c"
WHITE = b"\033]11;rgb:ffff/ffff/ffff\033\\"
DA1 = b"\033[?1;2c"
SCREEN = b"\033[?1049h"   # the alternate screen: the back end is up
FROZEN = b"FROZEN"
DARK = b"48;5;233m"
LIGHT = b"48;5;255m"
TIMEOUT = 0.2           # TERMQUERY_TIMEOUT_MS
MARGIN = 1.5            # a busy machine's share, not the lesson
failed = False


def fail(msg):
    global failed
    print("FAIL: " + msg)
    failed = True


def ok(msg):
    print("ok: " + msg)


class Term:
    """ipcscope on the slave side of a pty; we are the terminal."""

    def __init__(self, ui, env=None):
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80,
                                                          0, 0))
        self.slave_name = os.ttyname(slave)
        e = dict(os.environ, TERM="xterm-256color", LANG="C.UTF-8",
                 LC_ALL="C.UTF-8")
        e.pop("COLORFGBG", None)
        e.pop("NO_COLOR", None)
        e.update(env or {})

        def child():
            os.setsid()
            fcntl.ioctl(0, termios.TIOCSCTTY, 0)

        self.proc = subprocess.Popen([IPCSCOPE, "--ui", ui, "pipe-fill"],
                                     stdin=slave, stdout=slave, stderr=slave,
                                     env=e, preexec_fn=child, close_fds=True)
        os.close(slave)
        self.out = b""
        self.seen = {}

    def read(self, secs, until=None):
        """Read for secs, or until the bytes until have come: the time
        they were seen (None if not)."""
        end = time.monotonic() + secs
        while True:
            if until is not None and until in self.out:
                return self.seen.setdefault(until, time.monotonic())
            left = end - time.monotonic()
            if left <= 0:
                return None
            r, _, _ = select.select([self.master], [], [], left)
            if r:
                try:
                    data = os.read(self.master, 65536)
                except OSError:
                    return None
                if not data:
                    return None
                self.out += data
                for mark in (QUERY, SCREEN, until):
                    if mark is not None and mark in self.out:
                        self.seen.setdefault(mark, time.monotonic())

    def write(self, data):
        os.write(self.master, data)

    def workers(self):
        path = "/proc/%d/task/%d/children" % (self.proc.pid, self.proc.pid)
        try:
            with open(path) as f:
                return sorted(f.read().split())
        except OSError:
            return []

    def modes(self):
        """echo and icanon of the terminal, as a shell would find it."""
        fd = os.open(self.slave_name, os.O_RDWR | os.O_NOCTTY)
        try:
            lflag = termios.tcgetattr(fd)[3]
        finally:
            os.close(fd)
        return bool(lflag & termios.ECHO), bool(lflag & termios.ICANON)

    def quit(self, what):
        self.write(b"q")
        self.read(10, b"\033[?1049l")
        try:
            rc = self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            rc = self.proc.wait()
            fail("%s: still running 10 s after q" % what)
        if rc != 0:
            fail("%s: exit %d after q: %r" % (what, rc, self.out[-300:]))
        if self.modes() != (True, True):
            fail("%s: terminal left without echo or icanon" % what)
        os.close(self.master)

    def asked(self, what):
        t = self.read(10, QUERY)
        if t is None:
            fail("%s: no background query: %r" % (what, self.out[:200]))
        return t


def started(t, what):
    """Wait for the screen and a few frames of it; when it began."""
    at = t.read(10, SCREEN)
    if at is None:
        fail("%s: the screen never came: %r" % (what, t.out[-300:]))
        return None
    # The first frame, with its gauge in one theme or the other.
    deadline = time.monotonic() + 10
    while DARK not in t.out and LIGHT not in t.out and \
            time.monotonic() < deadline:
        t.read(0.1)
    t.read(0.3)     # a few frames
    return at


def theme_is(t, want, what):
    other = LIGHT if want == DARK else DARK
    name = "dark" if want == DARK else "light"
    if want not in t.out or other in t.out:
        fail("%s: not the %s theme (%s: %s, %s: %s)" % (
            what, name, want.decode(), want in t.out, other.decode(),
            other in t.out))
        return False
    return True


def case_white(ui):
    """A terminal that answers at once: white, so light."""
    t = Term(ui)
    if t.asked("white") is None:
        return
    t.write(WHITE + DA1)
    started(t, "white")
    if theme_is(t, LIGHT, "white"):
        ok("%s: a white terminal gets the light theme" % ui)
    t.quit("white")


def case_black(ui):
    """Black, BEL-terminated with 2-digit components: dark, whatever
    COLORFGBG says (the terminal's own answer wins)."""
    t = Term(ui, env={"COLORFGBG": "0;15"})
    if t.asked("black") is None:
        return
    t.write(b"\033]11;rgb:00/00/00\007" + DA1)
    started(t, "black")
    if theme_is(t, DARK, "black"):
        ok("%s: a black terminal gets the default theme over COLORFGBG "
           "0;15" % ui)
    t.quit("black")


def case_da1only(ui):
    """Answers DA1 but not OSC 11 (tmux without a pane colour): COLORFGBG
    decides, here light."""
    t = Term(ui, env={"COLORFGBG": "0;15"})
    if t.asked("da1only") is None:
        return
    t.write(DA1)
    started(t, "da1only")
    if theme_is(t, LIGHT, "da1only"):
        ok("%s: no OSC 11 answer, COLORFGBG 0;15: the light theme" % ui)
    t.quit("da1only")


def case_silent(ui):
    """Never answers: the whole timeout, not much more, then dark."""
    t = Term(ui)
    asked = t.asked("silent")
    if asked is None:
        return
    at = started(t, "silent")
    if at is None:
        return
    waited = at - asked
    if waited < TIMEOUT - 0.05:
        fail("silent: the screen came %.3f s after the query, before the "
             "timeout of %.1f s" % (waited, TIMEOUT))
    elif waited > TIMEOUT + MARGIN:
        fail("silent: the screen came %.3f s after the query: more than "
             "the timeout and %.1f s" % (waited, MARGIN))
    elif theme_is(t, DARK, "silent"):
        ok("%s: a terminal that never answers: the screen %.2f s after the "
           "query, the default theme" % (ui, waited))
    t.quit("silent")


def case_late(ui):
    """Answers after the timeout: dark, and the late reply (rgb:ffff...:
    r restarts, f freezes, c selects) is no key. Then a typed r does
    restart: the check is not blind."""
    t = Term(ui)
    if t.asked("late") is None or started(t, "late") is None:
        return
    before = t.workers()
    if not before:
        fail("late: no workers to watch")
    t.write(WHITE + DA1)
    t.read(1.5)
    after = t.workers()
    if FROZEN in t.out or after != before:
        fail("late: the late reply acted as keys: frozen %s, workers %s "
             "then %s" % (FROZEN in t.out, before, after))
    elif theme_is(t, DARK, "late"):
        ok("%s: a late reply is no key, the theme stays dark" % ui)
    t.write(b"r")
    deadline = time.monotonic() + 10
    while t.workers() in (before, []) and time.monotonic() < deadline:
        t.read(0.1)
    if t.workers() in (before, []):
        fail("late: a typed r did not restart (workers %s): the check "
             "above is blind" % t.workers())
    t.quit("late")


def case_split(ui):
    """The reply begins before the timeout and ends after it: it gets
    its grace, counts (light), and its rest is no key."""
    t = Term(ui)
    if t.asked("split") is None:
        return
    t.read(0.05)
    t.write(WHITE[:9])
    t.read(TIMEOUT + 0.2)
    t.write(WHITE[9:] + DA1)
    started(t, "split")
    before = t.workers()
    t.read(1)
    if FROZEN in t.out or t.workers() != before:
        fail("split: the reply's rest acted as keys")
    elif theme_is(t, LIGHT, "split"):
        ok("%s: a reply split across the timeout still counts" % ui)
    t.quit("split")


def case_sigterm(ui):
    """SIGTERM while ipcscope waits for the answer: it dies of it, and
    the terminal has its echo and canonical mode back."""
    t = Term(ui)
    if t.asked("sigterm") is None:
        return
    t.proc.send_signal(signal.SIGTERM)
    try:
        rc = t.proc.wait(10)
    except subprocess.TimeoutExpired:
        t.proc.kill()
        rc = t.proc.wait()
    if rc != -signal.SIGTERM:
        fail("sigterm: status %d, want death by SIGTERM" % rc)
    elif t.modes() != (True, True):
        fail("sigterm: terminal left without echo or icanon")
    else:
        ok("%s: SIGTERM during the query: dies of it, terminal restored"
           % ui)
    os.close(t.master)


def main():
    case, ui = sys.argv[1], sys.argv[2]
    globals()["case_" + case](ui)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
