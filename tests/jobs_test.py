#!/usr/bin/env python3
"""-j N (parallel extraction over documents) gives the output of -j 1.

Runs extract (events), build (JSON and DOT) and report with -j 1, 2 and 4
on a JSON Lines input of many documents with bad lines among them and a
directory of text files (one with invalid UTF-8, one empty), and compares
stdout, the output files, standard error (messages and their order) and
the exit code byte for byte. Also checks the validation of -j.

usage: jobs_test.py DIPLOGRAPH CONSTRUCTIONS.jsonl EXAMPLE.txt
"""
import json
import os
import subprocess
import sys
import tempfile
import unittest

BIN = SENTENCES = EXAMPLE = None
JOBS = ("1", "2", "4")


def run(*args):
    return subprocess.run([BIN, *args], capture_output=True)


class Jobs(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        t = cls.tmp.name
        with open(SENTENCES, encoding="utf-8") as f:
            texts = [json.loads(line)["text"] for line in f if line.strip()]
        with open(EXAMPLE, encoding="utf-8") as f:
            example = f.read()
        # many small documents, some long ones, and bad lines spread out
        lines = []
        for i, text in enumerate(texts):
            if i % 5 == 0:
                text = " ".join(texts[i:i + 8])
            lines.append(json.dumps({"id": f"d{i}", "text": text,
                                     "date": "2024-03-%02d" % (1 + i % 28)}))
            if i % 37 == 3:
                lines.append('{"id": "cut%d", "text": "Japan cond' % i)
            if i % 53 == 7:
                lines.append(json.dumps({"id": f"n{i}", "text": 5}))
            if i % 61 == 11:
                lines.append(json.dumps({"id": f"x{i}", "text": "France "
                                         "praised Germany.",
                                         "date": "2024-02-31"}))
        lines.append(json.dumps({"id": "long", "text": example}))
        lines.append('{"id": "last", "text": ')  # a bad last line
        cls.jsonl = os.path.join(t, "docs.jsonl")
        with open(cls.jsonl, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        cls.dir = os.path.join(t, "texts")
        os.mkdir(cls.dir)
        for i in range(0, len(texts), 10):
            with open(os.path.join(cls.dir, "t%03d.txt" % i), "w",
                      encoding="utf-8") as f:
                f.write(" ".join(texts[i:i + 10]) + "\n")
        with open(os.path.join(cls.dir, "t005.txt"), "wb") as f:
            f.write(b"Japan condemned \xff\xfe North Korea. Brazil signed "
                    b"a trade agreement with Argentina.\n")
        open(os.path.join(cls.dir, "t007.txt"), "w").close()
        cls.inputs = [cls.jsonl, cls.dir]

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def same_for_all_jobs(self, make_args, files=()):
        """Runs with each -j; returns the -j 1 result after comparing."""
        first = None
        for j in JOBS:
            args = make_args(j)
            p = run(*args, "-j", j)
            outs = [p.returncode, p.stdout, p.stderr]
            for path in files:
                with open(path.format(j=j), "rb") as f:
                    outs.append(f.read())
            if first is None:
                first = outs
            else:
                for k, (a, b) in enumerate(zip(first, outs)):
                    self.assertEqual(a, b, f"{args} -j {j}: part {k} "
                                     "differs from -j 1")
        return first

    def test_extract(self):
        t = self.tmp.name
        rc, out, err, events = self.same_for_all_jobs(
            lambda j: ["extract", *self.inputs, "-o",
                       os.path.join(t, f"e{j}.jsonl")],
            [os.path.join(t, "e{j}.jsonl")])
        self.assertEqual(rc, 1)  # bad lines and files: exit 1
        self.assertGreater(events.count(b"\n"), 100)
        err = err.decode()
        # the problems, each once, in input order
        order = [err.index("docs.jsonl:5: truncated JSON"),
                 err.index('"date" "2024-02-31"'),
                 err.index("docs.jsonl:%d:" % self.last_line()),
                 err.index("t005.txt: invalid UTF-8"),
                 err.index("t007.txt: empty input")]
        self.assertEqual(order, sorted(order), err)

    def last_line(self):
        with open(self.jsonl, encoding="utf-8") as f:
            return sum(1 for _ in f)

    def test_extract_stdout(self):
        rc, out, err = self.same_for_all_jobs(
            lambda j: ["extract", *self.inputs])
        self.assertEqual(rc, 1)
        self.assertIn(b'"source"', out)

    def test_build(self):
        t = self.tmp.name
        rc, out, err, g, dot = self.same_for_all_jobs(
            lambda j: ["build", *self.inputs, "-o",
                       os.path.join(t, f"g{j}.json"), "-o",
                       os.path.join(t, f"g{j}.dot")],
            [os.path.join(t, "g{j}.json"), os.path.join(t, "g{j}.dot")])
        self.assertEqual(rc, 1)
        graph = json.loads(g)
        self.assertGreater(len(graph["links"]), 20)

    def test_report(self):
        rc, out, err = self.same_for_all_jobs(
            lambda j: ["report", *self.inputs])
        self.assertEqual(rc, 1)
        self.assertTrue(out)

    def test_good_input_exit_0(self):
        rc, out, err = self.same_for_all_jobs(
            lambda j: ["build", EXAMPLE])
        self.assertEqual((rc, err), (0, b""))

    def test_explain_is_serial(self):
        t = self.tmp.name
        rc, out, err, ev = self.same_for_all_jobs(
            lambda j: ["extract", "--explain", EXAMPLE, "-o",
                       os.path.join(t, f"x{j}.jsonl")],
            [os.path.join(t, "x{j}.jsonl")])
        self.assertEqual(rc, 0)
        self.assertIn(b"sentence", out)

    def test_bad_jobs(self):
        for bad in ("0", "-1", "two", "", "2x", "257", "99999999999999999999"):
            p = run("extract", EXAMPLE, "-j", bad)
            self.assertEqual(p.returncode, 2, bad)
            self.assertIn(b"--jobs wants a number from 1 to 256", p.stderr)
            self.assertEqual(p.stdout, b"")
        p = run("extract", EXAMPLE, "--jobs")
        self.assertEqual(p.returncode, 2)
        self.assertIn(b"--jobs needs a number", p.stderr)

    def test_help(self):
        p = run("--help")
        self.assertIn(b"-j, --jobs N", p.stdout)
        self.assertIn(b"forces -j 1", p.stdout)


if __name__ == "__main__":
    BIN, SENTENCES, EXAMPLE = sys.argv[1:4]
    unittest.main(argv=sys.argv[:1])
