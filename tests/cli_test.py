#!/usr/bin/env python3
"""End-to-end tests of the diplograph command-line tool.

    python3 tests/cli_test.py path/to/diplograph [unittest options]

Every test runs the binary in a fresh temporary directory on inputs written
by the test itself. Only the Python standard library is used. When the
binary was built with sanitizers, any sanitizer report on stderr fails the
test that caused it.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

BIN = None  # set from the command line

SANITIZER_MARKS = ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer",
                   "runtime error:", "SUMMARY: UndefinedBehaviorSanitizer")

TEXT = """Notes on the Week

France condemned Iran. Russia praised China.

The talks in Geneva went on for days,
and nothing else happened.
"""


class CliTestCase(unittest.TestCase):
    """A temporary working directory and a runner for the binary."""

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="dg_cli_")

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def path(self, *parts):
        return os.path.join(self.dir, *parts)

    def write(self, name, data):
        p = self.path(name)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "wb") as f:
            f.write(data.encode("utf-8") if isinstance(data, str) else data)
        return p

    def read(self, name):
        with open(self.path(name), "rb") as f:
            return f.read()

    def run_cli(self, *args, stdin=b"", cwd=None):
        p = subprocess.run([BIN] + list(args), input=stdin,
                           capture_output=True, cwd=cwd or self.dir,
                           timeout=300)
        out = p.stdout.decode("utf-8", "replace")
        err = p.stderr.decode("utf-8", "replace")
        for mark in SANITIZER_MARKS:
            if mark in err:
                self.fail("sanitizer report for %r:\n%s" % (args, err[:6000]))
        return p.returncode, out, err

    def events(self, text):
        evs = [json.loads(line) for line in text.splitlines() if line.strip()]
        for e in evs:
            self.assertIsInstance(e, dict)
        return evs

    def pairs(self, evs):
        return [(e["source"], e["target"]) for e in evs]

    def leftovers(self, directory=None):
        """Temporary files an output writer left behind (old and new names)."""
        return [n for n in os.listdir(directory or self.dir)
                if ".tmp." in n or "diplograph-tmp" in n]

    def link(self, graph, s, t):
        for l in graph["links"]:
            if l["source"] == s and l["target"] == t:
                return l
        return None


class TestUsage(CliTestCase):
    def test_help(self):
        for flag in ("--help", "-h", "help"):
            rc, out, err = self.run_cli(flag)
            self.assertEqual(rc, 0, flag)
            self.assertIn("usage: diplograph", out)
            self.assertIn("extract", out)
            self.assertIn("build", out)
            self.assertIn("exit codes", out)
        rc, out, _ = self.run_cli("build", "--help")
        self.assertEqual(rc, 0)
        self.assertIn("usage: diplograph", out)

    def test_version(self):
        rc, out, _ = self.run_cli("--version")
        self.assertEqual(rc, 0)
        self.assertRegex(out.strip(), r"^diplograph \d+\.\d+\.\d+$")

    def test_usage_errors(self):
        rc, out, err = self.run_cli()
        self.assertEqual(rc, 2)
        self.assertIn("usage", err)
        self.assertEqual(out, "")
        rc, _, err = self.run_cli("frobnicate")
        self.assertEqual(rc, 2)
        self.assertIn("frobnicate", err)
        rc, _, err = self.run_cli("extract", "--bogus")
        self.assertEqual(rc, 2)
        self.assertIn("--bogus", err)
        rc, _, _ = self.run_cli("build", "--evidence", "many")
        self.assertEqual(rc, 2)
        rc, _, _ = self.run_cli("build", "-o")
        self.assertEqual(rc, 2)
        a = self.write("a.txt", TEXT)
        rc, _, _ = self.run_cli("extract", a, "-o", "x.jsonl", "-o", "y.jsonl")
        self.assertEqual(rc, 2)
        self.assertFalse(os.path.exists(self.path("x.jsonl")))
        self.assertFalse(os.path.exists(self.path("y.jsonl")))
        rc, _, _ = self.run_cli("lexicon")
        self.assertEqual(rc, 2)
        rc, _, _ = self.run_cli("lexicon", "check")
        self.assertEqual(rc, 2)
        rc, _, _ = self.run_cli("lexicon", "list", "everything")
        self.assertEqual(rc, 2)


class TestExtract(CliTestCase):
    FIELDS = ("doc", "sentence", "source", "target", "polarity", "weight",
              "category", "trigger", "negated", "text")

    def test_text_file(self):
        a = self.write("week.txt", TEXT)
        rc, out, err = self.run_cli("extract", a)
        self.assertEqual(rc, 0, err)
        evs = self.events(out)
        for e in evs:
            for f in self.FIELDS:
                self.assertIn(f, e)
            self.assertEqual(e["doc"], a)
            self.assertIsInstance(e["sentence"], int)
            self.assertIn(e["polarity"], (-1, 0, 1))
            self.assertIsInstance(e["weight"], int)
            self.assertTrue(-10 <= e["weight"] <= 10)
            self.assertEqual(e["polarity"], (e["weight"] > 0) - (e["weight"] < 0))
            self.assertIsInstance(e["negated"], bool)
            self.assertRegex(e["category"], r"^[A-Z]+$")
            self.assertNotEqual(e["source"], e["target"])
        self.assertEqual(self.pairs(evs), [("FRA", "IRN"), ("RUS", "CHN")])
        fra, rus = evs
        self.assertEqual(fra["polarity"], -1)
        self.assertEqual(fra["trigger"], "condemned")
        self.assertEqual(fra["text"], "France condemned Iran.")
        self.assertFalse(fra["negated"])
        self.assertEqual(rus["polarity"], 1)
        self.assertEqual(rus["text"], "Russia praised China.")
        # the heading is sentence 0
        self.assertEqual(fra["sentence"], 1)
        self.assertEqual(rus["sentence"], 2)

    def test_output_file(self):
        a = self.write("week.txt", TEXT)
        rc, out, _ = self.run_cli("extract", a)
        self.assertEqual(rc, 0)
        rc, out2, _ = self.run_cli("extract", a, "-o", "events.jsonl")
        self.assertEqual(rc, 0)
        self.assertEqual(out2, "")
        self.assertEqual(self.read("events.jsonl").decode(), out)
        self.assertEqual(self.leftovers(), [])

    def test_jsonl_input_with_ids_and_dates(self):
        docs = [
            {"id": "n1", "text": "France condemned Iran.", "date": "2020-01-02"},
            {"id": 77, "text": "Russia praised China."},
            {"text": "Japan condemned Iran.", "date": "2019-05-06"},
        ]
        p = self.write("news.jsonl", "\n".join(json.dumps(d) for d in docs)
                       + "\n\n")
        rc, out, err = self.run_cli("extract", p)
        self.assertEqual(rc, 0, err)
        evs = self.events(out)
        self.assertEqual(self.pairs(evs),
                         [("FRA", "IRN"), ("RUS", "CHN"), ("JPN", "IRN")])
        self.assertEqual(evs[0]["doc"], "n1")
        self.assertEqual(evs[0]["date"], "2020-01-02")
        self.assertEqual(evs[1]["doc"], "77")
        self.assertNotIn("date", evs[1])
        # no id: the file and line name the document
        self.assertIn("news.jsonl", evs[2]["doc"])
        self.assertEqual(evs[2]["date"], "2019-05-06")

    def test_jsonl_dates_resolve_leaders(self):
        lex = self.write("leaders.jsonl",
                         '{"actor": "QQA", "type": "state", "name": "Qualand"}\n'
                         '{"actor": "QQB", "type": "state", "name": "Quboria"}\n'
                         '{"leader": "Zed Marlow", "actor": "QQA", "from": '
                         '"2000-01-01", "to": "2004-12-31"}\n'
                         '{"leader": "Zed Marlow", "actor": "QQB", "from": '
                         '"2010-01-01", "to": "2014-12-31"}\n')
        docs = [
            {"id": "early", "text": "Zed Marlow condemned Iran.",
             "date": "2002-06-01"},
            {"id": "late", "text": "Zed Marlow condemned Iran.",
             "date": "2012-06-01"},
        ]
        p = self.write("dated.jsonl", "".join(json.dumps(d) + "\n"
                                              for d in docs))
        rc, out, err = self.run_cli("extract", "--lexicon", lex, p)
        self.assertEqual(rc, 0, err)
        evs = self.events(out)
        got = {e["doc"]: e["source"] for e in evs}
        self.assertEqual(got, {"early": "QQA", "late": "QQB"})

    def test_directory_input(self):
        self.write("in/a.txt", "France condemned Iran.\n")
        self.write("in/sub/b.txt", "Russia praised China.\n")
        self.write("in/sub/deeper/c.jsonl",
                   json.dumps({"id": "c1", "text": "Japan condemned Iran."})
                   + "\n")
        # not text: skipped without complaint
        self.write("in/sub/picture.png",
                   b"\x89PNG\r\n\x1a\n\x00\x00France condemned Iran.")
        self.write("in/blob.bin", b"Spain\x00condemned Iran.")
        self.write("in/graph.json", '{"France condemned Iran.": 1}')
        self.write("in/.hidden.txt", "Germany condemned Iran.\n")
        rc, out, err = self.run_cli("extract", self.path("in"))
        self.assertEqual(rc, 0, err)
        self.assertEqual(err, "")
        evs = self.events(out)
        docs = [e["doc"] for e in evs]
        # walked in sorted order: a.txt, sub/b.txt, sub/deeper/c.jsonl
        self.assertEqual(docs, [self.path("in", "a.txt"),
                                self.path("in", "sub", "b.txt"), "c1"])
        self.assertEqual(self.pairs(evs),
                         [("FRA", "IRN"), ("RUS", "CHN"), ("JPN", "IRN")])

    def test_stdin(self):
        rc, out, err = self.run_cli("extract", stdin=b"France condemned Iran.\n")
        self.assertEqual(rc, 0, err)
        evs = self.events(out)
        self.assertEqual(self.pairs(evs), [("FRA", "IRN")])
        self.assertEqual(evs[0]["doc"], "<stdin>")
        a = self.write("a.txt", "Russia praised China.\n")
        rc, out, err = self.run_cli("extract", a, "-",
                                    stdin=b"France condemned Iran.\n")
        self.assertEqual(rc, 0, err)
        evs = self.events(out)
        self.assertEqual(self.pairs(evs), [("RUS", "CHN"), ("FRA", "IRN")])
        self.assertEqual(evs[1]["doc"], "<stdin>")

    def test_negated_events(self):
        a = self.write("neg.txt", "France did not condemn Iran.\n")
        rc, out, err = self.run_cli("extract", "--include-negated", a)
        self.assertEqual(rc, 0, err)
        evs = self.events(out)
        self.assertEqual(self.pairs(evs), [("FRA", "IRN")])
        self.assertIs(evs[0]["negated"], True)

    def test_explain(self):
        a = self.write("a.txt", "France condemned Iran.\n")
        rc, out, err = self.run_cli("extract", "--explain", a,
                                    "-o", "ev.jsonl")
        self.assertEqual(rc, 0, err)
        self.assertIn("France condemned Iran.", out)
        self.assertIn("FRA", out)
        self.assertNotIn('"source"', out)
        evs = self.events(self.read("ev.jsonl").decode())
        self.assertEqual(self.pairs(evs), [("FRA", "IRN")])

    def test_wordnet_cues(self):
        """data/cues-wordnet.jsonl is built in: a verb family, an irregular
        form from verb.exc and a light-verb construction that are not in
        data/cues.jsonl."""
        a = self.write("wn.txt",
                       "Norway reminded Sweden of its treaty duties.\n"
                       "Finland pulled its peacekeepers out of Lebanon.\n"
                       "Chile struck a compromise with Peru.\n")
        rc, out, err = self.run_cli("extract", a)
        self.assertEqual(rc, 0, err)
        got = [(e["source"], e["target"], e["category"])
               for e in self.events(out)]
        self.assertEqual(got, [("NOR", "SWE", "REQUEST"),
                               ("FIN", "LBN", "RETREAT"),
                               ("CHL", "PER", "AGREE")])

    def test_custom_lexicon(self):
        lex = self.write("mine.jsonl",
                         '# my actors\n'
                         '{"actor": "QQA", "type": "state", "name": "Qualand"}\n'
                         '{"cue": "scold", "pos": "verb", "class": '
                         '"DISAPPROVE", "weight": -3}\n')
        a = self.write("a.txt", "Qualand scolded France.\n")
        rc, out, err = self.run_cli("extract", "--lexicon", lex, a)
        self.assertEqual(rc, 0, err)
        evs = self.events(out)
        self.assertEqual(self.pairs(evs), [("QQA", "FRA")])
        self.assertEqual(evs[0]["weight"], -3)
        self.assertEqual(evs[0]["category"], "DISAPPROVE")
        # without the default lexicon France is unknown
        rc, out, err = self.run_cli("extract", "--no-default-lexicon",
                                    "--lexicon", lex, a)
        self.assertEqual(rc, 0, err)
        self.assertEqual(self.events(out), [])


class TestBuild(CliTestCase):
    def input(self):
        return self.write("week.txt",
                          "France condemned Iran. Russia praised China.\n"
                          "Iran was condemned by France.\n"
                          "Tensions between Russia and Ukraine grew.\n")

    def test_outputs(self):
        a = self.input()
        rc, out, err = self.run_cli("build", a, "-o", "x.json", "-o", "x.dot",
                                    "-o", "x.svg")
        self.assertEqual(rc, 0, err)
        self.assertEqual(out, "")
        g = json.loads(self.read("x.json"))
        self.assertIs(g["directed"], True)
        ids = sorted(n["id"] for n in g["nodes"])
        self.assertEqual(ids, ["CHN", "FRA", "IRN", "RUS", "UKR"])
        fi = self.link(g, "FRA", "IRN")
        self.assertIsNotNone(fi)
        self.assertEqual(fi["events"], 2)
        self.assertLess(fi["net"], 0)
        self.assertEqual(fi["weight"], fi["positive"] + fi["negative"])
        self.assertEqual(fi["sign"], -1)
        self.assertEqual(self.link(g, "RUS", "CHN")["sign"], 1)
        self.assertEqual(self.link(g, "RUS", "UKR")["sign"], -1)
        self.assertEqual(self.link(g, "UKR", "RUS")["sign"], -1)
        self.assertIsNone(self.link(g, "IRN", "FRA"))
        dot = self.read("x.dot").decode()
        self.assertIn("digraph", dot)
        for n in ids:
            self.assertIn(n, dot)
        svg = self.read("x.svg").decode()
        self.assertIn("<svg", svg)
        self.assertIn("</svg>", svg)
        self.assertEqual(self.leftovers(), [])
        mode = os.stat(self.path("x.json")).st_mode & 0o777
        self.assertEqual(mode, 0o644)

    @unittest.skipUnless(shutil.which("dot"), "graphviz dot not installed")
    def test_dot_is_valid(self):
        a = self.input()
        rc, _, err = self.run_cli("build", a, "-o", "x.dot")
        self.assertEqual(rc, 0, err)
        p = subprocess.run(["dot", "-Tsvg", self.path("x.dot")],
                           capture_output=True, timeout=120)
        self.assertEqual(p.returncode, 0, p.stderr.decode())
        self.assertIn(b"<svg", p.stdout)
        # and the title and layout options are accepted
        rc, _, err = self.run_cli("build", a, "-o", "y.dot", "--title",
                                  'My "quoted" title', "--layout", "dot")
        self.assertEqual(rc, 0, err)
        p = subprocess.run(["dot", "-Tsvg", self.path("y.dot")],
                           capture_output=True, timeout=120)
        self.assertEqual(p.returncode, 0, p.stderr.decode())

    def test_stdout_default(self):
        rc, out, err = self.run_cli("build",
                                    stdin=b"France condemned Iran.\n")
        self.assertEqual(rc, 0, err)
        g = json.loads(out)
        self.assertEqual([(l["source"], l["target"]) for l in g["links"]],
                         [("FRA", "IRN")])
        self.assertEqual(g["links"][0]["evidence"][0]["doc"], "<stdin>")

    def test_deterministic(self):
        self.write("in/one.txt", "France condemned Iran. Russia praised China.\n")
        self.write("in/two.txt", "Tensions between Russia and Ukraine grew.\n"
                                 "China praised Russia.\n")
        self.write("in/three.jsonl",
                   json.dumps({"id": "t", "text": "Japan condemned Iran."})
                   + "\n")
        for run in ("1", "2"):
            rc, _, err = self.run_cli("build", "in", "-o", run + ".json",
                                      "-o", run + ".dot")
            self.assertEqual(rc, 0, err)
        self.assertEqual(self.read("1.json"), self.read("2.json"))
        self.assertEqual(self.read("1.dot"), self.read("2.dot"))
        g = json.loads(self.read("1.json"))
        # FRA->IRN, RUS->CHN, RUS<->UKR, CHN->RUS, JPN->IRN
        self.assertEqual(len(g["links"]), 6)

    def test_evidence_option(self):
        a = self.write("a.txt", "France condemned Iran. France criticized Iran. "
                                "France condemned Iran again.\n")
        rc, _, err = self.run_cli("build", a, "--evidence", "1", "-o", "g.json")
        self.assertEqual(rc, 0, err)
        g = json.loads(self.read("g.json"))
        l = self.link(g, "FRA", "IRN")
        self.assertEqual(l["events"], 3)
        self.assertEqual(len(l["evidence"]), 1)
        rc, _, err = self.run_cli("build", a, "--evidence", "0", "-o", "h.json")
        self.assertEqual(rc, 0, err)
        g = json.loads(self.read("h.json"))
        self.assertEqual(self.link(g, "FRA", "IRN")["evidence"], [])

    def test_include_negated(self):
        a = self.write("a.txt", "France did not condemn Iran. "
                                "Russia praised China.\n")
        rc, _, err = self.run_cli("build", a, "-o", "g.json")
        self.assertEqual(rc, 0, err)
        g = json.loads(self.read("g.json"))
        self.assertIsNone(self.link(g, "FRA", "IRN"))
        self.assertIsNotNone(self.link(g, "RUS", "CHN"))
        rc, _, err = self.run_cli("build", a, "--include-negated", "-o",
                                  "n.json")
        self.assertEqual(rc, 0, err)
        g = json.loads(self.read("n.json"))
        self.assertIsNotNone(self.link(g, "FRA", "IRN"))
        self.assertIs(g["graph"]["negated_events_included"], True)


class TestErrors(CliTestCase):
    def test_missing_input(self):
        a = self.write("a.txt", "France condemned Iran.\n")
        b = self.write("b.txt", "Russia praised China.\n")
        rc, out, err = self.run_cli("build", a, "missing.txt", b, "-o", "g.json")
        self.assertEqual(rc, 1)
        self.assertIn("missing.txt", err)
        g = json.loads(self.read("g.json"))
        self.assertIsNotNone(self.link(g, "FRA", "IRN"))
        self.assertIsNotNone(self.link(g, "RUS", "CHN"))
        rc, out, err = self.run_cli("extract", a, "missing.txt", b)
        self.assertEqual(rc, 1)
        self.assertIn("missing.txt", err)
        self.assertEqual(self.pairs(self.events(out)),
                         [("FRA", "IRN"), ("RUS", "CHN")])

    def test_empty_input(self):
        e = self.write("empty.txt", "")
        w = self.write("white.txt", "  \n\n \t\n")
        a = self.write("a.txt", "France condemned Iran.\n")
        for bad in (e, w):
            rc, out, err = self.run_cli("extract", bad, a)
            self.assertEqual(rc, 1, bad)
            self.assertIn(os.path.basename(bad), err)
            self.assertIn("empty", err)
            self.assertEqual(self.pairs(self.events(out)), [("FRA", "IRN")])
        ej = self.write("empty.jsonl", "")
        rc, _, err = self.run_cli("extract", ej)
        self.assertEqual(rc, 1)
        self.assertIn("empty.jsonl", err)
        rc, out, err = self.run_cli("extract", stdin=b"")
        self.assertEqual(rc, 1)
        self.assertIn("stdin", err)
        self.assertEqual(out, "")

    def test_malformed_jsonl_line(self):
        p = self.write("news.jsonl",
                       json.dumps({"id": "d1", "text": "France condemned Iran."})
                       + "\n{\"id\": \"d2\", \"text\": \n"
                       + json.dumps({"id": "d3", "text": 5}) + "\n"
                       + json.dumps({"id": "d4", "text": "Russia praised China."})
                       + "\n")
        rc, out, err = self.run_cli("extract", p)
        self.assertEqual(rc, 1)
        self.assertIn("news.jsonl:2:", err)
        self.assertIn("news.jsonl:3:", err)
        evs = self.events(out)
        self.assertEqual([e["doc"] for e in evs], ["d1", "d4"])

    def test_invalid_utf8(self):
        p = self.write("latin1.txt",
                       b"Caf\xe9 talk. France condemned Iran.\n")
        rc, out, err = self.run_cli("extract", p)
        self.assertEqual(rc, 1)
        self.assertIn("latin1.txt", err)
        self.assertIn("byte offset 3", err)
        self.assertEqual(self.pairs(self.events(out)), [("FRA", "IRN")])
        # the build goes on as well and writes its output
        rc, _, err = self.run_cli("build", p, "-o", "g.json")
        self.assertEqual(rc, 1)
        self.assertIn("byte offset 3", err)
        g = json.loads(self.read("g.json"))
        self.assertIsNotNone(self.link(g, "FRA", "IRN"))

    def test_malformed_lexicon(self):
        lex = self.write("bad.jsonl",
                         '{"actor": "QQA", "type": "state", "name": "Q"}\n'
                         '\n'
                         '{"cue": "scold", "pos": "verb", "class": '
                         '"DISAPPROVE", "weight": 3}\n')
        a = self.write("a.txt", "France condemned Iran.\n")
        for cmd in ("extract", "build"):
            rc, out, err = self.run_cli(cmd, "--lexicon", lex, a, "-o",
                                        "out." + ("jsonl" if cmd == "extract"
                                                  else "json"))
            self.assertEqual(rc, 3, cmd)
            self.assertIn(lex + ":3:", err)
            self.assertEqual(out, "")
        self.assertFalse(os.path.exists(self.path("out.json")))
        self.assertFalse(os.path.exists(self.path("out.jsonl")))
        rc, _, err = self.run_cli("extract", "--lexicon", "nosuch.jsonl", a)
        self.assertEqual(rc, 3)
        self.assertIn("nosuch.jsonl", err)

    def test_unwritable_output(self):
        a = self.write("a.txt", "France condemned Iran.\n")
        target = "/nonexistent/dir/x.json"
        rc, out, err = self.run_cli("build", a, "-o", target)
        self.assertEqual(rc, 4)
        self.assertIn(target, err)
        self.assertFalse(os.path.exists(target))
        rc, out, err = self.run_cli("extract", a, "-o",
                                    "/nonexistent/dir/e.jsonl")
        self.assertEqual(rc, 4)
        self.assertIn("/nonexistent/dir/e.jsonl", err)
        self.assertEqual(out, "")
        # the path is a directory: the final rename fails, nothing is left
        os.mkdir(self.path("taken.json"))
        os.mkdir(self.path("taken.jsonl"))
        rc, _, err = self.run_cli("build", a, "-o", "taken.json")
        self.assertEqual(rc, 4)
        self.assertIn("taken.json", err)
        rc, _, err = self.run_cli("extract", a, "-o", "taken.jsonl")
        self.assertEqual(rc, 4)
        self.assertEqual(self.leftovers(), [])
        self.assertTrue(os.path.isdir(self.path("taken.json")))
        # one bad output among good ones still fails the run
        rc, _, err = self.run_cli("build", a, "-o", "good.json", "-o", target)
        self.assertEqual(rc, 4)

    def test_unknown_output_extension(self):
        a = self.write("a.txt", "France condemned Iran.\n")
        before = sorted(os.listdir(self.dir))
        rc, out, err = self.run_cli("build", a, "-o", "graph.txt")
        self.assertEqual(rc, 2)
        self.assertIn("graph.txt", err)
        rc, out, err = self.run_cli("build", a, "-o", "g.json", "-o", "graph")
        self.assertEqual(rc, 2)
        self.assertEqual(sorted(os.listdir(self.dir)), before)


class TestLexiconCommand(CliTestCase):
    GOOD = ('# a good lexicon\n'
            '{"actor": "QQA", "type": "state", "name": "Qualand", '
            '"aliases": ["Qualandia"]}\n'
            '{"actor": "QQO", "type": "organization", "name": "Q Org"}\n'
            '{"leader": "Zed Marlow", "actor": "QQA", "role": "president", '
            '"from": "2001-02-03", "to": ""}\n'
            '{"cue": "scold", "pos": "verb", "class": "DISAPPROVE", '
            '"weight": -3}\n')

    def test_check_good(self):
        p = self.write("good.jsonl", self.GOOD)
        rc, out, err = self.run_cli("lexicon", "check", p)
        self.assertEqual(rc, 0, out + err)
        self.assertIn(p + ": ok", out)

    def test_check_bad_lists_every_problem(self):
        p = self.write("bad.jsonl",
                       '{"actor": "QQA", "type": "state", "name": "Q"}\n'
                       '{"actor": "QQQQ", "type": "state", "name": "Q4"}\n'
                       '# fine\n'
                       '{"cue": "scold", "pos": "verb", "class": "NAG", '
                       '"weight": -3}\n'
                       '{"actor": "ABW", "type": "organization", "name": "A"}\n'
                       '{"cue": "help", "pos": "verb", "class": "AID", '
                       '"weight": -2}\n'
                       '{oops\n')
        g = self.write("good.jsonl", self.GOOD)
        rc, out, err = self.run_cli("lexicon", "check", p, g)
        self.assertEqual(rc, 3)
        for line in (2, 4, 5, 6, 7):
            self.assertIn("%s:%d:" % (p, line), out)
        self.assertNotIn("%s:1:" % p, out)
        self.assertNotIn("%s:3:" % p, out)
        self.assertIn(g + ": ok", out)

    def test_list(self):
        rc, out, err = self.run_cli("lexicon", "list")
        self.assertEqual(rc, 0, err)
        lines = out.splitlines()
        self.assertIn("actor\tARM\tstate\tArmenia", lines)
        self.assertTrue(any(l.startswith("cue\tcondemn\tverb\tDISAPPROVE\t-")
                            for l in lines))
        self.assertTrue(any(l.startswith("leader\t") for l in lines))
        p = self.write("good.jsonl", self.GOOD)
        rc, out, err = self.run_cli("lexicon", "list", "actors",
                                    "--no-default-lexicon", "--lexicon", p)
        self.assertEqual(rc, 0, err)
        self.assertEqual(out.splitlines(),
                         ["actor\tQQA\tstate\tQualand",
                          "actor\tQQO\torganization\tQ Org"])
        rc, out, err = self.run_cli("lexicon", "list", "leaders",
                                    "--no-default-lexicon", "--lexicon", p)
        self.assertEqual(rc, 0, err)
        self.assertEqual(out.splitlines(),
                         ["leader\tQQA\tZed Marlow\tpresident\t2001-02-03.."])
        rc, out, err = self.run_cli("lexicon", "list", "cues",
                                    "--no-default-lexicon", "--lexicon", p)
        self.assertEqual(rc, 0, err)
        self.assertEqual(out.splitlines(), ["cue\tscold\tverb\tDISAPPROVE\t-3"])
        # the user's entries override the default ones
        rc, out, err = self.run_cli(
            "lexicon", "list", "actors", "--lexicon",
            self.write("arm.jsonl", '{"actor": "ARM", "type": "state", '
                                    '"name": "Hayastan"}\n'))
        self.assertEqual(rc, 0, err)
        arm = [l for l in out.splitlines() if "\tARM\t" in l]
        self.assertEqual(arm, ["actor\tARM\tstate\tHayastan"])

    def test_list_names(self):
        """Every name the matcher looks for, one a line (the patterns of
        scripts/bench's ripgrep line): sorted, each once ignoring case."""
        p = self.write("good.jsonl", self.GOOD + (
            '{"actor": "QQB", "type": "state", "name": "Bland", "demonyms": '
            '["Blandish"], "capitals": ["Blandton"]}\n'
            '{"leader": "Ann Ash", "actor": "QQB", "role": "president", '
            '"from": "2001-02-03", "to": "", "aliases": ["Ash", "BLAND"]}\n'))
        rc, out, err = self.run_cli("lexicon", "list", "names",
                                    "--no-default-lexicon", "--lexicon", p)
        self.assertEqual(rc, 0, err)
        self.assertEqual(out.splitlines(),
                         ["Ann Ash", "Ash", "BLAND", "Blandish", "Blandton",
                          "Q Org", "Qualand", "Qualandia", "Zed Marlow"])
        rc, out, err = self.run_cli("lexicon", "list", "names")
        self.assertEqual(rc, 0, err)
        names = out.splitlines()
        for n in ("Armenia", "Armenian", "Yerevan", "Kremlin", "Putin",
                  "Vladimir Putin", "EU", "European Union"):
            self.assertTrue(any(x.lower() == n.lower() for x in names), n)
        # ASCII case only, byte order (strcasecmp, strcmp)
        key = [n.encode() for n in names]
        self.assertEqual(len({k.lower() for k in key}), len(names))
        self.assertEqual(key, sorted(key, key=lambda k: (k.lower(), k)))
        self.assertGreater(len(names), 2000)


def run_tests(doc, argv=None):
    """The main of every CLI test file: BIN from argv[1], then unittest
    with the remaining arguments. Returns the exit code."""
    global BIN
    argv = argv or sys.argv
    if len(argv) < 2:
        print(doc, file=sys.stderr)
        return 2
    BIN = os.path.abspath(argv[1])
    if not os.access(BIN, os.X_OK):
        print("%s: %s is not an executable" % (argv[0], BIN), file=sys.stderr)
        return 2
    prog = unittest.main(argv=[argv[0]] + argv[2:], exit=False, verbosity=2)
    return 0 if prog.result.wasSuccessful() else 1


def main():
    return run_tests("usage: cli_test.py PATH-TO-DIPLOGRAPH [unittest args]")


if __name__ == "__main__":
    sys.exit(main())
