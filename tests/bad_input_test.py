#!/usr/bin/env python3
"""The bad-input table of docs/errors.md, row by row.

    python3 tests/bad_input_test.py path/to/diplograph path/to/docs/errors.md

docs/errors.md holds one table row per bad input or output: its key, the
exit code and an excerpt of the message. This test reads that table and
runs one case per row (the functions named row_KEY below); a row without a
case, or a case without a row, fails, so the page and the tool stay in
step. Every case checks the exit code and the message of the table, that
the good input beside the bad one was still processed, that a previous
good output is intact when the new one could not be written, and that no
temporary file is left behind.
"""
import json
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cli_test  # noqa: E402  (the runner and its sanitizer checks)

DOC = None  # docs/errors.md, from the command line

GOOD = "France condemned Iran. Russia praised China.\n"
GOOD_PAIRS = [("FRA", "IRN"), ("RUS", "CHN")]
PREVIOUS = b'{"previous": "good output"}\n'


def table_rows(path):
    """{key: (exit code, message excerpt)} from the table in docs/errors.md:
    rows whose first cell is a `key` in backticks."""
    rows = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            cells = [c.strip().replace("\\|", "|") for c in
                     re.split(r"(?<!\\)\|", line.strip().strip("|"))]
            if len(cells) < 5 or not re.fullmatch(r"`[a-z0-9_]+`", cells[0]):
                continue
            key = cells[0].strip("`")
            code = cells[2]
            msg = re.search(r"`([^`]+)`", cells[3])
            rows[key] = (code, msg.group(1) if msg else "")
    return rows


class BadInput(cli_test.CliTestCase):
    rows = {}

    # ---- helpers -------------------------------------------------------

    def temporaries(self, directory=None):
        """Files an output writer may leave: its temporaries."""
        d = directory or self.dir
        return [n for n in os.listdir(d) if "tmp" in n and n != "tmp"]

    def check_row(self, key, rc, err):
        code, msg = self.rows[key]
        if code.startswith("SIG"):
            sig = getattr(signal, code.split()[0])
            self.assertEqual(rc, -sig, err)
        else:
            self.assertEqual(rc, int(code), "exit code of %s\n%s" % (key, err))
        self.assertIn(msg, err, "message of %s" % key)
        self.assertNotIn("Traceback", err)
        if key != "sigkill":
            self.assertEqual(self.temporaries(), [], key)

    def good(self):
        return self.write("good.txt", GOOD)

    def previous(self, name="out.jsonl"):
        p = self.write(name, PREVIOUS)
        return p

    def extract_with(self, key, *bad, stdin=b"", out="out.jsonl"):
        """extract good.txt + bad inputs -o out: the row's exit code and
        message, and the good document's events written."""
        self.previous(out)
        rc, _, err = self.run_cli("extract", self.good(), *bad, "-o", out,
                                  stdin=stdin)
        self.check_row(key, rc, err)
        evs = self.events(self.read(out).decode())
        for pair in GOOD_PAIRS:
            self.assertIn(pair, self.pairs(evs), key)
        return evs, err

    def jsonl(self, key, lines, *extra):
        """A JSON Lines file: a good document, the bad lines, a good one."""
        body = json.dumps({"id": "first", "text": GOOD}) + "\n"
        body = body.encode() + b"".join(
            l if isinstance(l, bytes) else l.encode() for l in lines)
        body += (json.dumps({"id": "last", "text": "Japan praised India."})
                 + "\n").encode()
        p = self.write("docs.jsonl", body)
        self.previous()
        rc, _, err = self.run_cli("extract", p, *extra, "-o", "out.jsonl")
        self.check_row(key, rc, err)
        evs = self.events(self.read("out.jsonl").decode())
        docs = {e["doc"] for e in evs}
        self.assertIn("first", docs, key)
        self.assertIn("last", docs, key)
        return evs, err

    def output_fails(self, key, target, early=False):
        """build good.txt -o TARGET -o g.json: TARGET cannot be written; the
        second output still is, unless the problem is found before any work
        (early), when nothing is written."""
        self.previous("g.json")
        rc, _, err = self.run_cli("build", self.good(), "-o", target, "-o",
                                  "g.json")
        self.check_row(key, rc, err)
        if early:
            self.assertEqual(self.read("g.json"), PREVIOUS, key)
        else:
            self.assertTrue(json.loads(self.read("g.json"))["links"], key)
        return err

    def as_nobody(self, *args):
        """Run the tool as user nobody (root reads and writes anything):
        (exit code, stderr), or skip when that is not possible."""
        if not shutil.which("setpriv"):
            self.skipTest("running as root without setpriv")
        os.chmod(self.dir, 0o777)
        for n in os.listdir(self.dir):
            p = self.path(n)
            if os.path.isfile(p) and os.stat(p).st_mode & 0o777:
                os.chmod(p, 0o666)
        p = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534",
                            "--clear-groups", cli_test.BIN] + list(args),
                           capture_output=True, timeout=300, cwd=self.dir)
        err = p.stderr.decode("utf-8", "replace")
        for mark in cli_test.SANITIZER_MARKS:
            self.assertNotIn(mark, err)
        return p.returncode, err

    # ---- inputs --------------------------------------------------------

    def row_nonexistent(self):
        self.extract_with("nonexistent", self.path("missing.txt"))

    def row_unreadable(self):
        p = self.write("locked.txt", "Germany praised Poland.\n")
        if os.geteuid() != 0:
            os.chmod(p, 0)
            self.extract_with("unreadable", p)
            return
        good = self.good()
        self.previous()
        os.chmod(self.dir, 0o777)
        os.chmod(good, 0o644)
        os.chmod(self.path("out.jsonl"), 0o666)
        os.chmod(p, 0)
        rc, err = self.as_nobody("extract", good, p, "-o", "out.jsonl")
        self.check_row("unreadable", rc, err)
        evs = self.events(self.read("out.jsonl").decode())
        self.assertEqual(sorted(self.pairs(evs)), sorted(GOOD_PAIRS))

    def row_directory(self):
        # a directory is walked; an empty one is reported
        os.mkdir(self.path("empty"))
        self.extract_with("directory", self.path("empty"))

    def row_fifo(self):
        # a FIFO found in a walked directory is skipped without blocking
        os.mkdir(self.path("in"))
        os.mkfifo(self.path("in", "pipe"))
        self.write("in/b.txt", "Japan praised India.\n")
        evs, _ = self.extract_with("fifo", self.path("in"))
        self.assertIn(("JPN", "IND"), self.pairs(evs))

    def row_device(self):
        evs, _ = self.extract_with("device", "/dev/zero")
        self.assertTrue(all(e["doc"] != "/dev/zero" for e in evs))

    def row_symlink_loop(self):
        os.mkdir(self.path("in"))
        self.write("in/b.txt", "Japan praised India.\n")
        os.symlink(".", self.path("in", "self"))
        os.symlink("..", self.path("in", "up1"))
        os.symlink("..", self.path("in", "up2"))
        os.symlink("inloop", self.path("in", "inloop"))
        os.symlink("loop", self.path("loop"))
        t = time.monotonic()
        evs, _ = self.extract_with("symlink_loop", self.path("in"),
                                   self.path("loop"))
        self.assertLess(time.monotonic() - t, 60)
        self.assertEqual(self.pairs(evs).count(("JPN", "IND")), 1)
        self.assertEqual(self.pairs(evs).count(("FRA", "IRN")), 1)

    def row_binary(self):
        self.write("blob.bin", bytes(range(256)) * 64)
        self.extract_with("binary", self.path("blob.bin"))

    def row_empty(self):
        self.write("empty.txt", "")
        self.extract_with("empty", self.path("empty.txt"))

    def row_invalid_utf8(self):
        self.write("bad.txt", b"Japan \xff\xfe praised \xc3 India.\n")
        evs, _ = self.extract_with("invalid_utf8", self.path("bad.txt"))
        self.assertIn(("JPN", "IND"), self.pairs(evs))

    def row_nul_bytes(self):
        self.write("nul.txt", ("Germany praised Poland. " * 300).encode()
                   + b"\0" + b" Japan praised India.\n")
        evs, _ = self.extract_with("nul_bytes", self.path("nul.txt"))
        self.assertIn(("JPN", "IND"), self.pairs(evs))

    def row_utf16(self):
        self.write("u16.txt", "Japan praised India.\n".encode("utf-16"))
        evs, _ = self.extract_with("utf16", self.path("u16.txt"))
        self.assertNotIn(("JPN", "IND"), self.pairs(evs))

    def row_crlf(self):
        self.write("crlf.txt", b"Japan praised India.\r\nChile condemned "
                   b"Peru.\r\n")
        evs, _ = self.extract_with("crlf", self.path("crlf.txt"))
        self.assertIn(("JPN", "IND"), self.pairs(evs))
        self.assertIn(("CHL", "PER"), self.pairs(evs))
        self.assertFalse(any("\r" in e["text"] for e in evs))

    def row_long_line(self):
        big = b'{"id": "big", "text": "' + b"a" * (200 << 20) + b'"}\n'
        evs, _ = self.jsonl("long_line", [big])
        self.assertNotIn("big", {e["doc"] for e in evs})

    def row_truncated_jsonl(self):
        self.jsonl("truncated_jsonl", ['{"id": "cut", "text": "Japan pra\n'])

    def row_wrong_types(self):
        self.jsonl("wrong_types", ['{"id": "t", "text": 5}\n'])

    def row_missing_text(self):
        self.jsonl("missing_text", ['{"id": "m", "body": "Japan praised '
                                    'India."}\n'])

    def row_deep_nesting(self):
        self.jsonl("deep_nesting", ["[" * 100000 + "]" * 100000 + "\n"])

    def row_duplicate_ids(self):
        evs, _ = self.jsonl("duplicate_ids", [
            json.dumps({"id": "first", "text": "Chile condemned Peru."})
            + "\n"])

    def row_impossible_date(self):
        evs, _ = self.jsonl("impossible_date", [
            json.dumps({"id": "d", "text": "Chile condemned Peru.",
                        "date": "2024-02-31"}) + "\n"])
        self.assertIn("d", {e["doc"] for e in evs})

    def row_numeric_ids(self):
        body = ('{"id": 1234567890123456789, "text": "Chile condemned '
                'Peru."}\n{"id": 1234567890123456790, "text": "Chile '
                'praised Peru."}\n')
        evs, _ = self.jsonl("numeric_ids", [body])
        docs = {e["doc"] for e in evs}
        self.assertIn("1234567890123456789", docs)
        self.assertIn("1234567890123456790", docs)

    # ---- compressed input (docs/scale.md) -------------------------------

    def row_corrupt_gzip(self):
        import gzip
        import random
        rnd = random.Random(14)
        words = ["w%d" % rnd.randrange(100000) for _ in range(60000)]
        lines = [json.dumps({"id": "first", "text": GOOD}),
                 json.dumps({"id": "second", "text": "Japan praised India."}),
                 json.dumps({"id": "third", "text": " ".join(words)})]
        data = gzip.compress(("\n".join(lines) + "\n").encode())
        self.write("docs.jsonl.gz", data[:len(data) * 3 // 5])
        evs, _ = self.extract_with("corrupt_gzip", self.path("docs.jsonl.gz"))
        docs = {e["doc"] for e in evs}
        self.assertIn("first", docs)
        self.assertIn("second", docs)

    def row_corrupt_zstd(self):
        self.write("bad.txt.zst", "this is not zstd data at all\n")
        self.extract_with("corrupt_zstd", self.path("bad.txt.zst"))

    def row_merge_refused(self):
        self.write("extra.jsonl",
                   '{"actor": "ZZZ", "type": "state", "name": "Zedland"}\n')
        for name, extra in (("good.json", []),
                            ("other.json", ["--lexicon", "extra.jsonl"])):
            rc, _, err = self.run_cli("build", "--partial", self.good(),
                                      *extra, "-o", name)
            self.assertEqual(rc, 0, err)
        self.previous("g.json")
        rc, _, err = self.run_cli("merge", "good.json", "other.json", "-o",
                                  "g.json")
        self.check_row("merge_refused", rc, err)
        self.assertEqual(self.read("g.json"), PREVIOUS)

    def lexicon_fails(self, key, lexicon):
        self.previous()
        rc, _, err = self.run_cli("extract", self.good(), "--lexicon",
                                  lexicon, "-o", "out.jsonl")
        self.check_row(key, rc, err)
        self.assertEqual(self.read("out.jsonl"), PREVIOUS)

    def row_lexicon_leading_space(self):
        lex = self.write("lex.jsonl", json.dumps(
            {"cue": " condemn", "pos": "verb", "class": "DISAPPROVE",
             "weight": -5}) + "\n")
        self.lexicon_fails("lexicon_leading_space", lex)
        rc, out, _ = self.run_cli("lexicon", "check", lex)
        self.assertEqual(rc, 3)
        self.assertIn(self.rows["lexicon_leading_space"][1], out)

    def row_lexicon_device(self):
        self.lexicon_fails("lexicon_device", "/dev/zero")

    def row_graph_wrong_type(self):
        rc, _, err = self.run_cli("build", self.good(), "-o", "g.json")
        self.assertEqual(rc, 0, err)
        g = json.loads(self.read("g.json"))
        g["links"][0]["categories"] = ["DISAPPROVE"]
        self.write("g.json", json.dumps(g))
        self.previous("r.md")
        for cmd in (["report", "g.json", "-o", "r.md"],
                    ["render", "g.json", "-o", "r.svg"]):
            rc, _, err = self.run_cli(*cmd)
            self.check_row("graph_wrong_type", rc, err)
        self.assertEqual(self.read("r.md"), PREVIOUS)
        self.assertFalse(os.path.exists(self.path("r.svg")))

    # ---- outputs -------------------------------------------------------

    def row_dev_full(self):
        os.symlink("/dev/full", self.path("full.svg"))
        self.output_fails("dev_full", "full.svg")
        self.assertTrue(stat.S_ISCHR(os.stat("/dev/full").st_mode))

    def row_missing_directory(self):
        self.output_fails("missing_directory", "nowhere/g.svg", early=True)

    def row_read_only_directory(self):
        os.mkdir(self.path("ro"))
        self.write("ro/g.svg", PREVIOUS)
        if os.geteuid() != 0:
            os.chmod(self.path("ro"), 0o555)
            self.output_fails("read_only_directory", "ro/g.svg")
        else:
            good = self.good()
            self.previous("g.json")
            rc, err = self.as_nobody("build", good, "-o", "ro/g.svg", "-o",
                                     "g.json")
            os.chmod(self.path("ro"), 0o755)
            self.check_row("read_only_directory", rc, err)
            self.assertTrue(json.loads(self.read("g.json"))["links"])
        self.assertEqual(self.read("ro/g.svg"), PREVIOUS)

    def row_output_directory(self):
        os.mkdir(self.path("d.json"))
        self.output_fails("output_directory", "d.json", early=True)

    def row_output_is_input(self):
        p = self.write("docs.jsonl", json.dumps({"id": "a", "text": GOOD})
                       + "\n")
        before = self.read("docs.jsonl")
        rc, _, err = self.run_cli("extract", p, "-o", p)
        self.check_row("output_is_input", rc, err)
        self.assertEqual(self.read("docs.jsonl"), before)

    def row_same_output_twice(self):
        self.previous("g.json")
        rc, _, err = self.run_cli("build", self.good(), "-o", "g.json",
                                  "-o", "g.json")
        self.check_row("same_output_twice", rc, err)
        self.assertEqual(self.read("g.json"), PREVIOUS)

    def big_input(self, mb=24):
        s = ("Japan praised India. Chile condemned Peru. France and Germany "
             "signed a treaty. ")
        return self.write("big.txt", s * (mb * (1 << 20) // len(s)))

    def row_closed_pipe(self):
        big = self.big_input(4)
        p = subprocess.Popen([cli_test.BIN, "extract", big],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        p.stdout.read(100)
        p.stdout.close()
        err = p.stderr.read().decode("utf-8", "replace")
        rc = p.wait(timeout=120)
        self.check_row("closed_pipe", rc, err)
        self.assertEqual(err, "")  # quiet, as cat and grep are

    def interrupted(self, key, sig):
        big = self.big_input()
        self.previous()
        p = subprocess.Popen([cli_test.BIN, "extract", big, "-o",
                              "out.jsonl"], cwd=self.dir,
                             stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE)
        # wait until the temporary output exists and is growing
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            tmp = [n for n in os.listdir(self.dir) if "tmp" in n]
            if tmp and os.path.getsize(self.path(tmp[0])) > 100000:
                break
            time.sleep(0.01)
        else:
            p.kill()
            self.fail("no temporary output appeared")
        p.send_signal(sig)
        err = p.stderr.read().decode("utf-8", "replace")
        rc = p.wait(timeout=60)
        self.assertEqual(self.read("out.jsonl"), PREVIOUS)
        return rc, err

    def row_sigterm(self):
        rc, err = self.interrupted("sigterm", signal.SIGTERM)
        self.check_row("sigterm", rc, err)

    def row_sigkill(self):
        rc, err = self.interrupted("sigkill", signal.SIGKILL)
        self.assertEqual(rc, -signal.SIGKILL)
        left = self.temporaries()
        self.assertTrue(left)  # nothing can clean up after SIGKILL
        # the leftover is hidden: a walk of the directory ignores it, and
        # the next run writes its output
        self.assertTrue(all(n.startswith(".") for n in left), left)
        os.remove(self.path("big.txt"))
        os.remove(self.path("out.jsonl"))
        self.good()
        out = tempfile.mkdtemp(prefix="dg_out_")
        try:
            rc, _, err = self.run_cli("extract", self.dir, "-o",
                                      os.path.join(out, "out.jsonl"))
            self.check_row("sigkill", rc, err)
            with open(os.path.join(out, "out.jsonl")) as f:
                evs = self.events(f.read())
        finally:
            shutil.rmtree(out)
        self.assertEqual(sorted(self.pairs(evs)), sorted(GOOD_PAIRS))
        for n in left:
            os.remove(self.path(n))


def load_cases():
    rows = table_rows(DOC)
    BadInput.rows = rows
    names = {n[4:] for n in dir(BadInput) if n.startswith("row_")}
    missing = sorted(set(rows) - names)
    extra = sorted(names - set(rows))
    suite = unittest.TestSuite()

    class Table(unittest.TestCase):
        def test_table_and_cases_agree(self):
            self.assertEqual(missing, [], "rows of %s without a case" % DOC)
            self.assertEqual(extra, [], "cases without a row in %s" % DOC)
            self.assertGreaterEqual(len(rows), 25)

    suite.addTest(Table("test_table_and_cases_agree"))
    for key in sorted(rows):
        if key in names:
            name = "test_" + key
            setattr(BadInput, name, getattr(BadInput, "row_" + key))
            suite.addTest(BadInput(name))
    return suite


if __name__ == "__main__":
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    cli_test.BIN = os.path.abspath(sys.argv[1])
    DOC = sys.argv[2]
    only = sys.argv[3:]
    suite = load_cases()
    if only:
        suite = unittest.TestSuite(t for t in suite
                                   if t.id().split(".")[-1] in only)
    result = unittest.TextTestRunner(verbosity=2).run(suite)
    sys.exit(0 if result.wasSuccessful() else 1)
