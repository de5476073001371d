#!/usr/bin/env python3
"""The progress line of long runs, and signals in the middle of a build.

    python3 tests/progress_test.py path/to/diplograph [unittest options]

On a terminal (a pseudo-terminal here, python3's pty module), extract and
build show documents read, MB, MB/s and, when the size of the inputs is
known, an ETA on standard error, rewritten in place; the line is erased
before any message and at the end, so that what stays on the screen is the
messages alone. Nothing is shown with -q, when standard error is not a
terminal, or when extract writes its events to the same terminal.

SIGINT and SIGTERM to a running build (while it extracts, while Graphviz
lays out a drawing of thousands of links) remove the temporary output
files and end the process with that signal.
"""
import errno
import fcntl
import json
import os
import pty
import random
import select
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cli_test  # noqa: E402  (the runner and temporary directories)

SENTENCES = ("France condemned Iran. Russia praised China. Germany met with "
             "Poland. Japan criticized North Korea. Brazil and Argentina "
             "signed a trade agreement. ")


def doc_line(i):
    return json.dumps({"id": "d%d" % i, "text": SENTENCES * 4}) + "\n"


def screen(data):
    """What a terminal shows after data: '\\r' goes back to the start of
    the line, ESC [ K clears to its end, '\\n' ends it. Returns the
    finished lines and the unfinished last one."""
    text = data.decode("utf-8", "replace")
    lines, cur, col, i = [], [], 0, 0
    while i < len(text):
        c = text[i]
        if text.startswith("\x1b[K", i):
            del cur[col:]
            i += 3
            continue
        if c == "\r":
            col = 0
        elif c == "\n":
            lines.append("".join(cur))
            cur, col = [], 0
        else:
            if col < len(cur):
                cur[col] = c
            else:
                cur.append(c)
            col += 1
        i += 1
    return lines, "".join(cur)


class Progress(cli_test.CliTestCase):
    def run_tty(self, args, feed=None, stdout_tty=False, cols=0):
        """Runs the tool with standard error on a pseudo-terminal (and
        standard output too with stdout_tty). feed() runs in a thread
        meanwhile (it writes the FIFO that the tool reads). Returns the exit
        code, everything written to the terminal, and the wall time.
        cols: the terminal's width (0: unset, as a pty starts)."""
        master, slave = pty.openpty()
        if cols:
            fcntl.ioctl(slave, termios.TIOCSWINSZ,
                        struct.pack("HHHH", 24, cols, 0, 0))
        t0 = time.monotonic()
        p = subprocess.Popen([cli_test.BIN] + list(args), cwd=self.dir,
                             stdin=subprocess.DEVNULL,
                             stdout=slave if stdout_tty else subprocess.DEVNULL,
                             stderr=slave)
        os.close(slave)
        writer = None
        if feed:
            writer = threading.Thread(target=feed)
            writer.start()
        out = b""
        while True:
            r, _, _ = select.select([master], [], [], 300)
            if not r:
                p.kill()
                self.fail("no end after 300 s")
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the last writer closed the terminal
                break
            if not chunk:
                break
            out += chunk
        os.close(master)
        rc = p.wait(60)
        if writer:
            writer.join()
        for mark in cli_test.SANITIZER_MARKS:
            self.assertNotIn(mark, out.decode("utf-8", "replace"))
        return rc, out, time.monotonic() - t0

    @staticmethod
    def slow_feed(fifo, bad_at=None, seconds=1.5):
        """Makes a FIFO (named .jsonl: one document a line) and returns
        the function that writes documents to it for about `seconds` from
        when the tool opens it, whatever the speed of the tool, with a
        malformed line after bad_at chunks. Its `opened` event is set once
        the tool has the FIFO open; if the tool never opens it (it ended
        first), the function gives up after 300 s instead of blocking."""
        os.mkfifo(fifo)
        opened = threading.Event()

        def feed():
            deadline = time.monotonic() + 300
            while True:
                try:  # no blocking open: the tool may be gone already
                    fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
                    break
                except OSError as e:
                    if e.errno != errno.ENXIO or time.monotonic() > deadline:
                        return
                    time.sleep(0.005)
            os.set_blocking(fd, True)
            pipe = os.fdopen(fd, "wb")
            opened.set()
            try:
                end = time.monotonic() + seconds
                n = 0
                while time.monotonic() < end:
                    pipe.write("".join(doc_line(n * 50 + k)
                                       for k in range(50)).encode())
                    if n == bad_at:
                        pipe.write(b'{"id": "cut", "text": "Japan cond\n')
                    pipe.flush()
                    n += 1
                    time.sleep(0.05)
            except BrokenPipeError:
                pass  # the tool was stopped (Signals)
            finally:
                try:
                    pipe.close()
                except BrokenPipeError:
                    pass
        feed.opened = opened
        return feed

    def big_file(self, mb=24):
        p = self.path("big.jsonl")
        if not os.path.exists(p):
            with open(p, "w", encoding="utf-8") as f:
                n, size = 0, 0
                while size < mb << 20:
                    line = doc_line(n)
                    f.write(line)
                    size += len(line)
                    n += 1
        return p

    def assert_progress_shown_and_erased(self, out):
        text = out.decode("utf-8", "replace")
        self.assertIn("MB/s", text)
        self.assertRegex(text, r"diplograph: \d+ documents?, \d+\.\d MB")
        lines, last = screen(out)
        self.assertEqual(last, "", "the progress line stays: %r" % last)
        for line in lines:  # what stays on the screen: messages only
            self.assertNotIn("MB/s", line)
        self.assertTrue(out.endswith(b"\r\x1b[K"), out[-80:])
        return lines

    def test_extract_from_a_pipe(self):
        """A stream: documents, MB and MB/s, no ETA (the size is not
        known); the malformed line's message is on a line of its own."""
        rc, out, _ = self.run_tty(("extract", "in.jsonl", "-o", "e.jsonl", "-j", "1",
                                   "--max-document-size", "1M"),
                                  feed=self.slow_feed(self.path("in.jsonl"), bad_at=10))
        self.assertEqual(rc, 1, out)
        lines = self.assert_progress_shown_and_erased(out)
        self.assertNotIn(b"ETA", out)
        self.assertEqual(len(lines), 1, lines)
        self.assertRegex(lines[0], r"^diplograph: in.jsonl:\d+: truncated JSON")
        # the progress line was on screen before the message: it was erased
        # first, not overwritten in the middle
        before = out[:out.index(b"diplograph: in.jsonl:")]
        self.assertIn(b"MB/s", before)
        self.assertTrue(before.endswith(b"\r\x1b[K"), before[-80:])

    def test_build_with_jobs_from_a_pipe(self):
        rc, out, _ = self.run_tty(("build", "in.jsonl", "-o", "g.json", "-j", "2"),
                                  feed=self.slow_feed(self.path("in.jsonl"), bad_at=5))
        self.assertEqual(rc, 1, out)
        lines = self.assert_progress_shown_and_erased(out)
        self.assertEqual(len(lines), 1, lines)
        self.assertIn("in.jsonl:", lines[0])
        g = json.loads(self.read("g.json"))
        self.assertTrue(g["links"])

    def test_eta_for_files(self):
        """A regular file: its size is known, so the share done and an
        ETA are shown."""
        big = self.big_file()
        rc, out, wall = self.run_tty(("build", big, "-o", "g.json", "-j",
                                      "1"))
        self.assertEqual(rc, 0, out)
        if wall < 0.6 and b"MB/s" not in out:
            self.skipTest("the run took %.2f s: too fast for a progress "
                          "line" % wall)
        self.assert_progress_shown_and_erased(out)
        text = out.decode()
        self.assertRegex(text, r"\d+\.\d MB of 2\d\.\d \(\d+%\), "
                               r"\d+\.\d MB/s, ETA \d+:\d\d")

    def test_narrow_terminal(self):
        """The line is cut to the terminal's width (a line that wraps
        could not be erased by going back to its start)."""
        rc, out, _ = self.run_tty(("extract", "in.jsonl", "-o", "e.jsonl"),
                                  feed=self.slow_feed(self.path("in.jsonl"),
                                                      seconds=1), cols=30)
        self.assertEqual(rc, 0, out)
        shown = [p.split(b"\x1b[K")[0] for p in out.split(b"\r") if p]
        self.assertTrue(shown, out)
        for line in shown:
            self.assertLessEqual(len(line), 29, line)
        self.assertIn(b"diplograph: ", out)

    def test_quiet(self):
        for q in ("-q", "--quiet"):
            fifo = self.path("in.jsonl")
            if os.path.exists(fifo):
                os.remove(fifo)
            rc, out, _ = self.run_tty(("build", "in.jsonl", "-o", "g.json", q),
                                      feed=self.slow_feed(fifo, bad_at=3,
                                                          seconds=1))
            self.assertEqual(rc, 1, out)
            self.assertNotIn(b"MB/s", out)
            self.assertNotIn(b"\r\x1b[K", out)
            lines, last = screen(out)
            self.assertEqual(last, "")
            self.assertEqual(len(lines), 1, lines)

    def test_not_a_terminal(self):
        """Standard error to a pipe: only the message."""
        feed = self.slow_feed(self.path("in.jsonl"), bad_at=3, seconds=1)
        p = subprocess.Popen([cli_test.BIN, "extract", "in.jsonl", "-o",
                              "e.jsonl"], cwd=self.dir,
                             stdin=subprocess.DEVNULL,
                             stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE)
        writer = threading.Thread(target=feed)
        writer.start()
        err = p.stderr.read()
        p.stderr.close()
        self.assertEqual(p.wait(60), 1)
        writer.join()
        self.assertNotIn(b"MB/s", err)
        self.assertNotIn(b"\r", err)
        self.assertEqual(len(err.splitlines()), 1, err)

    def test_events_to_the_terminal(self):
        """extract writing its events to the terminal shows them, not a
        progress line between them."""
        rc, out, _ = self.run_tty(("extract", "in.jsonl"), stdout_tty=True,
                                  feed=self.slow_feed(self.path("in.jsonl"), seconds=1))
        self.assertEqual(rc, 0, out)
        self.assertIn(b'"source":"FRA"', out)
        self.assertNotIn(b"MB/s", out)

    def test_help(self):
        rc, out, _ = self.run_cli("--help")
        self.assertEqual(rc, 0)
        self.assertIn("-q, --quiet", out)
        rc, _, err = self.run_cli("extract", "-q", "--bogus")
        self.assertEqual(rc, 2)
        self.assertIn("--bogus", err)


class Signals(cli_test.CliTestCase):
    OLD = b'{"previous": "graph"}\n'

    def many_links(self):
        """Documents with thousands of distinct relations between states,
        so that a drawing of all of them (--max-edges 0) takes seconds."""
        rc, out, err = self.run_cli("lexicon", "list", "actors")
        self.assertEqual(rc, 0, err)
        names = [l.split("\t")[3] for l in out.splitlines()
                 if l.split("\t")[2] == "state"]
        rnd = random.Random(5)
        p = self.path("links.jsonl")
        with open(p, "w", encoding="utf-8") as f:
            for d in range(400):
                text = " ".join("%s %s %s." % (rnd.choice(names),
                                               rnd.choice(["condemned",
                                                           "praised"]),
                                               rnd.choice(names))
                                for _ in range(20))
                f.write(json.dumps({"id": "d%d" % d, "text": text}) + "\n")
        return p

    def start(self, *args):
        p = subprocess.Popen([cli_test.BIN] + list(args), cwd=self.dir,
                             stdin=subprocess.DEVNULL,
                             stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE)
        self.addCleanup(p.stderr.close)
        return p

    def wait_for(self, p, cond, what, timeout=300):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if cond():
                return
            if p.poll() is not None:
                self.fail("finished before %s (exit %d): %s"
                          % (what, p.returncode, p.stderr.read()[-2000:]))
            time.sleep(0.005)
        p.kill()
        p.wait()
        self.fail("no %s in %d s" % (what, timeout))

    def test_signal_while_drawing(self):
        """The JSON is written, the SVG's temporary file is open while
        Graphviz lays out 7,000 links: the signal removes it, the previous
        SVG stays, and the exit status is the signal's."""
        src = self.many_links()
        for sig in (signal.SIGINT, signal.SIGTERM):
            self.write("g.svg", self.OLD)
            for n in self.leftovers():
                os.remove(self.path(n))
            p = self.start("build", src, "-o", "g.json", "-o", "g.svg",
                           "--max-edges", "0", "--layout", "neato")
            self.wait_for(p, lambda: any(".g.svg." in n
                                         for n in self.leftovers()),
                          "the drawing's temporary file")
            p.send_signal(sig)
            rc = p.wait(60)
            err = p.stderr.read()
            self.assertEqual(rc, -sig, (sig.name, err[-2000:]))
            self.assertEqual(self.leftovers(), [], sig.name)
            self.assertEqual(self.read("g.svg"), self.OLD, sig.name)
            self.assertTrue(json.loads(self.read("g.json"))["links"])

    def test_signal_while_extracting(self):
        """While documents are read and extracted (standard input, fed
        for longer than the test waits; no output open yet): the previous
        output stays, nothing is left behind."""
        for sig in (signal.SIGINT, signal.SIGTERM):
            self.write("g.json", self.OLD)
            fifo = self.path("in.jsonl")
            if os.path.exists(fifo):
                os.remove(fifo)
            feed = Progress.slow_feed(fifo, seconds=5)
            p = subprocess.Popen([cli_test.BIN, "build", "in.jsonl", "-o",
                                  "g.json", "-j", "2"], cwd=self.dir,
                                 stdin=subprocess.DEVNULL,
                                 stdout=subprocess.DEVNULL,
                                 stderr=subprocess.PIPE)
            self.addCleanup(p.stderr.close)
            writer = threading.Thread(target=feed)
            writer.start()
            # the lexicon is loaded, documents are being read
            self.assertTrue(feed.opened.wait(300), "the FIFO was not opened")
            time.sleep(0.5)
            self.assertIsNone(p.poll())
            p.send_signal(sig)
            rc = p.wait(60)
            writer.join()  # its writes fail (EPIPE) once the tool is gone
            self.assertEqual(rc, -sig, (sig.name, p.stderr.read()[-2000:]))
            self.assertEqual(self.read("g.json"), self.OLD)
            self.assertEqual(self.leftovers(), [])

if __name__ == "__main__":
    sys.exit(cli_test.run_tests(__doc__))
