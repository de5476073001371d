#!/usr/bin/env python3
"""Everything diplograph writes to a path (issue 8): devices, FIFOs and
standard output written in place, a full disk during rendering, file
modes, refused outputs, a closed pipe, and signals in the middle of a
write. Each test failed before its fix.

    python3 tests/outputs_test.py path/to/diplograph

Some rows need root (device nodes made with mknod in the test's own
temporary directory, a read-only directory checked as the user nobody);
without root they are skipped with the reason. The real /dev/null and
/dev/full are written only after the same check passed on a private
device node, so a regression cannot replace the machine's devices.
"""
import json
import os
import signal
import stat
import subprocess
import sys
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cli_test  # noqa: E402  (the runner and temporary directories)

TEXT = "France condemned Iran. Russia praised China.\n"
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
NULL_DEV = (1, 3)
FULL_DEV = (1, 7)


def temporary_names(directory):
    """Files an output writer may leave behind, old and new naming."""
    return sorted(n for n in os.listdir(directory)
                  if "diplograph-tmp" in n or ".tmp." in n)


class OutputCase(cli_test.CliTestCase):
    def run_with(self, args, preexec_fn=None, **kw):
        """Runs the binary with a custom child setup (umask, user)."""
        kw.setdefault("stdout", subprocess.PIPE)
        p = subprocess.run([cli_test.BIN] + list(args), cwd=self.dir,
                           stderr=subprocess.PIPE, timeout=300,
                           preexec_fn=preexec_fn, **kw)
        err = p.stderr.decode("utf-8", "replace")
        for mark in cli_test.SANITIZER_MARKS:
            self.assertNotIn(mark, err)
        return p.returncode, (p.stdout or b"").decode("utf-8", "replace"), err

    def device(self, name, numbers):
        """A device node in the test directory (root only)."""
        if not IS_ROOT:
            self.skipTest("making a device node needs root")
        p = self.path(name)
        os.mknod(p, 0o666 | stat.S_IFCHR, os.makedev(*numbers))
        return p

    def assert_device(self, path, numbers):
        st = os.stat(path)
        self.assertTrue(stat.S_ISCHR(st.st_mode),
                        "%s is no longer a character device" % path)
        self.assertEqual((os.major(st.st_rdev), os.minor(st.st_rdev)),
                         numbers)

    def assert_no_temporary(self, directory=None):
        self.assertEqual(temporary_names(directory or self.dir), [])


class Devices(OutputCase):
    """Finding 1: a device node was replaced by a regular file."""

    def test_null_device_written_in_place(self):
        a = self.write("a.txt", TEXT)
        null = self.device("null", NULL_DEV)
        for name in ("null.json", "null.md", "gnodes.csv", "gedges.csv"):
            self.device(name, NULL_DEV)
        rc, out, err = self.run_cli("extract", a, "-o", null)
        self.assertEqual((rc, out), (0, ""), err)
        self.assert_device(null, NULL_DEV)
        rc, _, err = self.run_cli("build", a, "-o", "null.json",
                                  "--csv-prefix", "g")
        self.assertEqual(rc, 0, err)
        rc, _, err = self.run_cli("report", a, "-o", "null.md")
        self.assertEqual(rc, 0, err)
        for name in ("null.json", "null.md", "gnodes.csv", "gedges.csv"):
            self.assert_device(self.path(name), NULL_DEV)
        self.assert_no_temporary()
        # the same through a symlink, then the machine's own /dev/null
        # (safe now: the private node above stayed a device)
        os.symlink(null, self.path("link.json"))
        rc, _, err = self.run_cli("build", a, "-o", "link.json")
        self.assertEqual(rc, 0, err)
        self.assertTrue(os.path.islink(self.path("link.json")))
        rc, _, err = self.run_cli("extract", a, "-o", "/dev/null")
        self.assertEqual(rc, 0, err)
        self.assert_device("/dev/null", NULL_DEV)

    def test_full_device_is_a_write_error(self):
        a = self.write("a.txt", TEXT)
        full = self.device("full", FULL_DEV)
        self.device("full.json", FULL_DEV)
        for args in (("extract", a, "-o", full),
                     ("build", a, "-o", "full.json")):
            rc, out, err = self.run_cli(*args)
            self.assertEqual(rc, 4, err)
            self.assertIn(args[-1], err)
            self.assertIn("no space left on device", err.lower())
            self.assertEqual(len(err.strip().splitlines()), 1, err)
        self.assert_device(full, FULL_DEV)
        self.assert_device(self.path("full.json"), FULL_DEV)
        self.assert_no_temporary()
        rc, _, err = self.run_cli("extract", a, "-o", "/dev/full")
        self.assertEqual(rc, 4, err)
        self.assertIn("diplograph: /dev/full: write failed: No space left on "
                      "device", err)
        self.assert_device("/dev/full", FULL_DEV)

    def test_fifo_written_in_place(self):
        a = self.write("a.txt", TEXT)
        for name in ("events.fifo", "graph.json"):
            fifo = self.path(name)
            os.mkfifo(fifo)
            got = []

            def reader():
                with open(fifo, "rb") as f:
                    got.append(f.read())

            t = threading.Thread(target=reader, daemon=True)
            t.start()
            if name.endswith(".json"):
                rc, _, err = self.run_cli("build", a, "-o", name)
            else:
                rc, _, err = self.run_cli("extract", a, "-o", name)
            self.assertEqual(rc, 0, err)
            t.join(30)
            self.assertTrue(stat.S_ISFIFO(os.stat(fifo).st_mode),
                            "%s was replaced" % name)
            self.assertEqual(len(got), 1, "the reader saw no writer")
            if name.endswith(".json"):
                self.assertIn("links", json.loads(got[0]))
            else:
                self.assertEqual(len(self.events(got[0].decode())), 2)
        self.assert_no_temporary()

    def test_dash_is_standard_output(self):
        a = self.write("a.txt", TEXT)
        rc, out, err = self.run_cli("extract", a, "-o", "-")
        self.assertEqual(rc, 0, err)
        self.assertEqual(len(self.events(out)), 2)
        self.assertFalse(os.path.exists(self.path("-")))
        rc, _, err = self.run_cli("extract", a, "--explain", "-o", "-")
        self.assertEqual(rc, 2, err)


    def test_dev_stdout_is_the_descriptor(self):
        """-o /dev/stdout with stdout appended to a file (>>) appends; the
        file is not replaced by a rename."""
        a = self.write("a.txt", TEXT)
        log = self.write("log.txt", "first line\n")
        with open(log, "ab") as f:
            rc, _, err = self.run_with(("extract", a, "-o", "/dev/stdout"),
                                       stdout=f)
        self.assertEqual(rc, 0, err)
        lines = self.read("log.txt").decode().splitlines()
        self.assertEqual(lines[0], "first line")
        self.assertEqual(len(self.events("\n".join(lines[1:]))), 2)
        self.assert_no_temporary()


class DiskFullWhileRendering(OutputCase):
    """Finding 4: Graphviz called exit(1) on a short write, leaving the
    temporary file, exiting 1 and never writing the later outputs."""

    def full_target(self):
        if IS_ROOT:
            return self.device("full", FULL_DEV)
        if not os.path.exists("/dev/full"):
            self.skipTest("no /dev/full")
        return "/dev/full"  # a symlink to it is replaced, never the device

    def test_rendered_output_on_full_disk(self):
        a = self.write("a.txt", TEXT)
        full = self.full_target()
        for ext in ("svg", "png", "pdf", "dot", "html"):
            name = "out." + ext
            os.symlink(full, self.path(name))
            rc, _, err = self.run_cli("build", a, "-o", name, "-o", "g.json",
                                      "-o", "g.svg")
            self.assertEqual(rc, 4, "%s: %s" % (ext, err))
            self.assertIn("diplograph: %s: write failed: No space left on "
                          "device" % name, err)
            self.assertTrue(os.path.islink(self.path(name)))
            with open(self.path("g.json")) as f:
                self.assertIn("links", json.load(f))
            self.assertIn(b"</svg>", self.read("g.svg"))
            os.unlink(self.path("g.json"))
            os.unlink(self.path("g.svg"))
            self.assert_no_temporary()
        # render and report go the same way
        rc, _, err = self.run_cli("build", a, "-o", "saved.json")
        self.assertEqual(rc, 0, err)
        rc, _, err = self.run_cli("render", "saved.json", "-o", "out.svg",
                                  "-o", "r.dot")
        self.assertEqual(rc, 4, err)
        self.assertIn(b"digraph", self.read("r.dot"))
        os.symlink(full, self.path("r.md"))
        rc, _, err = self.run_cli("report", "saved.json", "-o", "r.md",
                                  "-o", "r.json")
        self.assertEqual(rc, 4, err)
        self.assertIn("r.md: write failed", err)
        self.assertIn("actors", json.loads(self.read("r.json")))
        self.assert_no_temporary()


class FullFileSystem(OutputCase):
    """A regular file on a really full file system (a 16 KiB tmpfs mounted
    in the test's directory; root only): exit 4, the previous file kept,
    no temporary file, the later outputs written."""

    def small_fs(self):
        if not IS_ROOT:
            self.skipTest("mounting a small tmpfs needs root")
        d = self.path("small")
        os.mkdir(d)
        p = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16k",
                            "tmpfs", d], capture_output=True)
        if p.returncode != 0:
            self.skipTest("cannot mount a tmpfs: %s" % p.stderr.decode())
        self.addCleanup(subprocess.run, ["umount", d])
        return d

    def test_regular_file_on_a_full_disk(self):
        small = self.small_fs()
        big = self.write("big.txt", TEXT * 2000)
        self.write("small/e.jsonl", self.OLD)
        rc, _, err = self.run_cli("extract", big, "-o", "small/e.jsonl")
        self.assertEqual(rc, 4, err)
        self.assertEqual(err, "diplograph: small/e.jsonl: write failed: No "
                         "space left on device (free some space or choose "
                         "another place; the previous file, if any, is "
                         "unchanged)\n")
        self.assertEqual(self.read("small/e.jsonl"), self.OLD)
        self.assert_no_temporary(small)
        self.write("small/g.png", self.OLD)
        rc, _, err = self.run_cli("build", big, "-o", "small/g.png",
                                  "-o", "g.json")
        self.assertEqual(rc, 4, err)
        self.assertIn("small/g.png: write failed: No space left", err)
        self.assertEqual(self.read("small/g.png"), self.OLD)
        self.assertIn("links", json.loads(self.read("g.json")))
        self.assert_no_temporary(small)

    OLD = b"previous good output\n"


class Modes(OutputCase):
    """Finding 8: files were 0644 (0600 from extract) whatever the umask."""

    def test_new_files_follow_the_umask(self):
        a = self.write("a.txt", TEXT)
        for mask in (0o022, 0o077, 0o002):
            sub = "m%03o" % mask
            os.mkdir(self.path(sub))
            runs = (("extract", a, "-o", sub + "/e.jsonl"),
                    ("build", a, "-o", sub + "/g.json", "-o", sub + "/g.dot",
                     "--csv-prefix", sub + "/t"),
                    ("report", a, "-o", sub + "/r.md"))
            for args in runs:
                rc, _, err = self.run_with(
                    args, preexec_fn=lambda m=mask: os.umask(m))
                self.assertEqual(rc, 0, err)
            for name in ("e.jsonl", "g.json", "g.dot", "tnodes.csv",
                         "tedges.csv", "r.md"):
                mode = os.stat(self.path(sub, name)).st_mode & 0o7777
                self.assertEqual(mode, 0o666 & ~mask,
                                 "%s/%s: %o" % (sub, name, mode))

    def test_every_format_follows_the_umask(self):
        """Issue 11: every -o format of build and render, the CSV pair and
        every report format get 0666 & ~umask, not the temporary file's
        0600 (the drawings go through Graphviz, the page through the HTML
        writer)."""
        a = self.write("a.txt", TEXT)
        drawings = ("json", "cyjs", "graphml", "html", "dot", "svg", "png",
                    "pdf")
        for mask in (0o022, 0o077):
            sub = "all%03o" % mask
            os.mkdir(self.path(sub))
            outs = []
            for ext in drawings:
                outs += ["-o", "%s/b.%s" % (sub, ext)]
            runs = [("build", a, "--csv-prefix", sub + "/b") + tuple(outs),
                    ("render", sub + "/b.json", "--csv-prefix", sub + "/r",
                     "-o", sub + "/g2.svg", "-o", sub + "/g2.html",
                     "-o", sub + "/g2.json")]
            runs += [("report", sub + "/b.json", "-o", "%s/r.%s" % (sub, e))
                     for e in ("md", "csv", "json", "txt")]
            runs.append(("extract", a, "-o", sub + "/e.jsonl"))
            for args in runs:
                rc, _, err = self.run_with(
                    args, preexec_fn=lambda m=mask: os.umask(m))
                self.assertEqual(rc, 0, err)
            names = sorted(os.listdir(self.path(sub)))
            self.assertEqual(len(names), len(drawings) + 2 + 2 + 3 + 4 + 1,
                             names)
            for name in names:
                mode = os.stat(self.path(sub, name)).st_mode & 0o7777
                self.assertEqual(mode, 0o666 & ~mask,
                                 "%s/%s: %o" % (sub, name, mode))

    def test_replaced_file_keeps_its_mode(self):
        a = self.write("a.txt", TEXT)
        for name, mode in (("e.jsonl", 0o640), ("g.json", 0o604),
                           ("r.md", 0o600)):
            self.write(name, "old\n")
            os.chmod(self.path(name), mode)
        for args in (("extract", a, "-o", "e.jsonl"),
                     ("build", a, "-o", "g.json"),
                     ("report", a, "-o", "r.md")):
            rc, _, err = self.run_with(args,
                                       preexec_fn=lambda: os.umask(0o022))
            self.assertEqual(rc, 0, err)
        for name, mode in (("e.jsonl", 0o640), ("g.json", 0o604),
                           ("r.md", 0o600)):
            self.assertNotEqual(self.read(name), b"old\n")
            self.assertEqual(os.stat(self.path(name)).st_mode & 0o7777, mode,
                             name)


class Symlinks(OutputCase):
    def test_symlink_to_a_regular_file_is_kept(self):
        """The link's target is replaced (as a shell's > writes it), the
        link stays a link."""
        a = self.write("a.txt", TEXT)
        os.mkdir(self.path("real"))
        self.write("real/g.json", "old\n")
        os.chmod(self.path("real/g.json"), 0o640)
        os.symlink("real/g.json", self.path("g.json"))
        rc, _, err = self.run_cli("build", a, "-o", "g.json")
        self.assertEqual(rc, 0, err)
        self.assertTrue(os.path.islink(self.path("g.json")))
        self.assertIn("links", json.loads(self.read("real/g.json")))
        self.assertEqual(os.stat(self.path("real/g.json")).st_mode & 0o7777,
                         0o640)
        self.assert_no_temporary()
        self.assert_no_temporary(self.path("real"))


class RefusedOutputs(OutputCase):
    """Rows of the bad-input table: each a clear message and exit code,
    nothing written, no previous output lost."""

    def test_missing_directory(self):
        a = self.write("a.txt", TEXT)
        for args in (("extract", a, "-o", "nodir/e.jsonl"),
                     ("build", a, "-o", "g.json", "-o", "nodir/g.json"),
                     ("build", a, "--csv-prefix", "nodir/t"),
                     ("report", a, "-o", "nodir/r.md")):
            rc, out, err = self.run_cli(*args)
            self.assertEqual(rc, 4, err)
            self.assertIn("the directory nodir does not exist", err)
            self.assertIn("nodir/", err)
            self.assertEqual(out, "")
        # refused before any work: the good output was not written either
        self.assertFalse(os.path.exists(self.path("g.json")))
        self.assertFalse(os.path.exists(self.path("nodir")))

    def test_read_only_directory(self):
        a = self.write("a.txt", TEXT)
        ro = self.path("ro")
        os.mkdir(ro)
        self.write("ro/g.json", "previous\n")
        os.chmod(ro, 0o555)
        os.chmod(self.dir, 0o755)
        os.chmod(a, 0o644)
        setup = None
        if IS_ROOT:
            # root writes anywhere: check as the user nobody
            def setup():
                os.setgid(65534)
                os.setuid(65534)
        try:
            for args in (("build", a, "-o", "ro/g.json"),
                         ("extract", a, "-o", "ro/e.jsonl")):
                try:
                    rc, _, err = self.run_with(args, preexec_fn=setup)
                except subprocess.SubprocessError as e:
                    self.skipTest("cannot run as nobody: %s" % e)
                self.assertEqual(rc, 4, err)
                self.assertIn("no permission to create files in ro", err)
                self.assertEqual(self.read("ro/g.json"), b"previous\n")
                self.assertFalse(os.path.exists(self.path("ro/e.jsonl")))
                self.assert_no_temporary(ro)
        finally:
            os.chmod(ro, 0o755)

    def test_directory_as_output(self):
        a = self.write("a.txt", TEXT)
        for d in ("d.json", "d.jsonl", "d.md"):
            os.mkdir(self.path(d))
        for args in (("build", a, "-o", "d.json"),
                     ("extract", a, "-o", "d.jsonl"),
                     ("report", a, "-o", "d.md")):
            rc, _, err = self.run_cli(*args)
            self.assertEqual(rc, 4, err)
            self.assertIn("diplograph: %s: is a directory" % args[-1], err)
            self.assertTrue(os.path.isdir(self.path(args[-1])))
        self.assert_no_temporary()

    def test_output_is_an_input(self):
        a = self.write("a.txt", TEXT)
        lex = self.write("lex.jsonl",
                         '{"actor": "XXA", "type": "state", '
                         '"name": "Xanadu", "aliases": ["Xanadu"]}\n')
        os.link(a, self.path("hard.txt"))
        rc, _, err = self.run_cli("build", a, "-o", "g.json")
        self.assertEqual(rc, 0, err)
        before = {n: self.read(n) for n in ("a.txt", "lex.jsonl", "g.json")}
        for args, out, inp in (
                (("extract", a, "-o", "a.txt"), "a.txt", a),
                (("extract", a, "-o", "hard.txt"), "hard.txt", a),
                (("report", a, "-o", "./a.txt"), "./a.txt", a),
                (("extract", a, "--lexicon", "lex.jsonl", "-o", "lex.jsonl"),
                 "lex.jsonl", "lex.jsonl"),
                (("render", "g.json", "-o", "g.json"), "g.json", "g.json"),
                (("report", "g.json", "-o", "g.json"), "g.json", "g.json")):
            rc, out_, err = self.run_cli(*args)
            self.assertEqual(rc, 2, "%s: %s" % (args, err))
            self.assertIn("diplograph: %s: the output is the input %s"
                          % (out, inp), err)
            self.assertEqual(out_, "")
        for n, data in before.items():
            self.assertEqual(self.read(n), data, n)
        self.assert_no_temporary()

    def test_same_output_twice(self):
        a = self.write("a.txt", TEXT)
        for args in (("build", a, "-o", "g.json", "-o", "g.json"),
                     ("build", a, "-o", "g.json", "-o", "./g.json"),
                     ("report", a, "-o", "r.md", "-o", "r.md"),
                     ("render", "x.json", "-o", "y.svg", "-o", "y.svg")):
            if args[0] == "render":
                rc, _, err = self.run_cli("build", a, "-o", "x.json")
                self.assertEqual(rc, 0, err)
            rc, _, err = self.run_cli(*args)
            self.assertEqual(rc, 2, "%s: %s" % (args, err))
            self.assertIn("the same output is given twice", err)
        self.assertFalse(os.path.exists(self.path("g.json")))
        self.assertFalse(os.path.exists(self.path("r.md")))
        self.assertFalse(os.path.exists(self.path("y.svg")))


class ClosedOutput(OutputCase):
    """A closed pipe killed the tool with SIGPIPE (or, with SIGPIPE
    ignored by the parent, went unreported). Now SIGPIPE ends it on
    purpose, quietly and without leftovers; a closed descriptor (>&-) is
    still an error that is reported."""

    def big_input(self, name="big.txt", copies=3000):
        return self.write(name, ("France condemned Iran. Russia praised China. "
                                 "Germany met with Poland.\n") * copies)

    def test_broken_pipe(self):
        big = self.big_input()
        for args in (("extract", big), ("lexicon", "list")):
            p = subprocess.Popen([cli_test.BIN] + list(args), cwd=self.dir,
                                 stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE)
            p.stdout.read(10)
            p.stdout.close()  # like `| head -c 10`
            err = p.stderr.read().decode()
            p.stderr.close()
            rc = p.wait(120)
            # ended by SIGPIPE, quietly, as cat and grep are (issue 11)
            self.assertEqual(rc, -signal.SIGPIPE, "%s: %s" % (args, err))
            self.assertEqual(err, "")
            self.assertEqual(self.leftovers(), [])

    def test_closed_stdout(self):
        a = self.write("a.txt", TEXT)
        for args in (("extract", a), ("build", a), ("report", a),
                     ("lexicon", "list")):
            rc, _, err = self.run_with(args, stdout=subprocess.DEVNULL,
                                       preexec_fn=lambda: os.close(1))
            self.assertEqual(rc, 4, "%s: %s" % (args, err))
            self.assertEqual(err, "diplograph: standard output was closed\n")
        # a closed stdout never becomes an output file's descriptor
        rc, _, err = self.run_with(("extract", a, "-o", "e.jsonl"),
                                   stdout=subprocess.DEVNULL,
                                   preexec_fn=lambda: os.close(1))
        self.assertEqual(rc, 0, err)
        self.assertEqual(len(self.events(self.read("e.jsonl").decode())), 2)


class Signals(OutputCase):
    """A signal in the middle of a write left the temporary file (and a
    SIGKILL's leftover could be read back as an input)."""

    OLD = b'{"previous":"good output"}\n'

    def start(self, args, **kw):
        self.errf = open(self.path("stderr.txt"), "wb")
        self.addCleanup(self.errf.close)
        return subprocess.Popen([cli_test.BIN] + list(args), cwd=self.dir,
                                stdout=subprocess.DEVNULL, stderr=self.errf,
                                **kw)

    def wait_for_temporary(self, p, directory, min_size=0, timeout=120):
        deadline = time.time() + timeout
        while time.time() < deadline:
            for n in temporary_names(directory):
                try:
                    if os.path.getsize(os.path.join(directory, n)) >= min_size:
                        return n
                except FileNotFoundError:
                    pass
            if p.poll() is not None:
                self.fail("finished before the signal (exit %d)"
                          % p.returncode)
            time.sleep(0.002)
        p.kill()
        p.wait()
        self.fail("no temporary file appeared")

    def test_signal_while_waiting_for_input(self):
        """The output is open, the tool blocks reading standard input."""
        for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            self.write("events.jsonl", self.OLD)
            p = self.start(("extract", "-", "-o", "events.jsonl"),
                           stdin=subprocess.PIPE)
            p.stdin.write(TEXT.encode())
            p.stdin.flush()
            self.wait_for_temporary(p, self.dir)
            p.send_signal(sig)
            rc = p.wait(60)
            p.stdin.close()
            self.assertEqual(rc, -sig, "killed by %s" % sig.name)
            self.assertEqual(self.read("events.jsonl"), self.OLD)
            self.assert_no_temporary()

    def big_corpus(self, files=40):
        line = ("France condemned Iran. Russia praised China. Germany met "
                "with Poland. Japan criticized North Korea.\n")
        for i in range(files):
            self.write("corpus/d%03d.txt" % i, line * 600)
        return self.path("corpus")

    def test_sigterm_in_the_middle_of_a_large_write(self):
        corpus = self.big_corpus()
        self.write("events.jsonl", self.OLD)
        p = self.start(("extract", corpus, "-o", "events.jsonl"))
        tmp = self.wait_for_temporary(p, self.dir, min_size=256 * 1024)
        self.assertTrue(tmp.startswith(".events.jsonl.diplograph-tmp."), tmp)
        p.send_signal(signal.SIGTERM)
        self.assertEqual(p.wait(60), -signal.SIGTERM)
        self.assertEqual(self.read("events.jsonl"), self.OLD)
        self.assert_no_temporary()

    def test_sigkill_leftover_is_ignored(self):
        corpus = self.big_corpus()
        self.write("events.jsonl", self.OLD)
        p = self.start(("extract", corpus, "-o", "events.jsonl"))
        tmp = self.wait_for_temporary(p, self.dir, min_size=256 * 1024)
        p.send_signal(signal.SIGKILL)
        self.assertEqual(p.wait(60), -signal.SIGKILL)
        self.assertEqual(self.read("events.jsonl"), self.OLD)
        # the leftover is hidden and recognizable ...
        self.assertEqual(temporary_names(self.dir), [tmp])
        self.assertTrue(tmp.startswith(".events.jsonl.diplograph-tmp."))
        # ... the next run succeeds ...
        small = self.write("in/a.txt", TEXT)
        rc, _, err = self.run_cli("extract", small, "-o", "events.jsonl")
        self.assertEqual(rc, 0, err)
        self.assertEqual(len(self.events(self.read("events.jsonl").decode())),
                         2)
        # ... and a directory reader does not take it for an input
        os.rename(self.path(tmp), self.path("in", tmp))
        rc, out, err = self.run_cli("extract", self.path("in"))
        self.assertEqual(rc, 0, err)
        docs = {e["doc"] for e in self.events(out)}
        self.assertEqual(docs, {small}, docs)


if __name__ == "__main__":
    sys.exit(cli_test.run_tests(__doc__))
