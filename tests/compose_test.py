#!/usr/bin/env python3
"""A command line that composes (issue 11): options parsed by getopt_long
from one table per command, `COMMAND --help`, `-o -` with `--format`,
standard input read by what it holds (JSON Lines, graph JSON or text) and
a quiet end on a closed pipe.

usage: compose_test.py PATH-TO-DIPLOGRAPH [unittest args]
"""
import json
import os
import re
import signal
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cli_test  # noqa: E402  (the runner and temporary directories)

TEXT = "France condemned Iran. Russia praised China.\n"
COMMANDS = ("extract", "build", "merge", "report", "render", "lexicon")

# A valid value for every option that takes one, for the option matrix.
VALUES = {
    "--output": "out.x", "--format": None, "--input-format": "text",
    "--json-format": "cytoscape", "--csv-prefix": "t-", "--lexicon": "lex.jsonl",
    "--evidence": "2", "--layout": "dot", "--title": "T", "--max-edges": "5",
    "--node-size": "pagerank", "--node-color": "type", "--sort": "pagerank",
    "--top": "3", "--focus": "FRA", "--depth": "2", "--min-events": "1",
    "--min-weight": "1", "--actors-only": "states",
    "--max-document-size": "1M", "--jobs": "2",
    "--since": "2019", "--until": "2021-06", "--slice": "year",
    "--shard": "1/2", "--seed": "7", "--dpi": "100",
}
FORMAT_FOR = {"extract": "jsonl", "report": "md", "build": "svg",
              "merge": "svg",
              "render": "svg", "lexicon": "svg"}


def help_options(text):
    """The -x and --long names at the start of the options list's items."""
    opts, section = set(), None
    for line in text.splitlines():
        if re.match(r"^\S.*:\s*$", line):
            section = line.strip()
            continue
        if section == "options:" and re.match(r"^  -", line):
            item = re.split(r"\s{2,}", line.strip())[0]
            opts.update(re.findall(r"(?<![\w-])(--?[A-Za-z][\w-]*)", item))
    return opts


class Options(cli_test.CliTestCase):
    def setUp(self):
        super().setUp()
        self.a = self.write("a.txt", TEXT)

    def test_attached_values(self):
        rc, _, err = self.run_cli("extract", self.a, "--output=e1.jsonl")
        self.assertEqual(rc, 0, err)
        rc, _, err = self.run_cli("extract", self.a, "-oe2.jsonl")
        self.assertEqual(rc, 0, err)
        self.assertEqual(self.read("e1.jsonl"), self.read("e2.jsonl"))
        self.assertEqual(len(self.events(self.read("e1.jsonl").decode())), 2)
        rc, out, err = self.run_cli("report", self.a, "--top=1", "--format=csv")
        self.assertEqual(rc, 0, err)
        self.assertEqual(len(out.splitlines()), 2, out)  # header + 1 actor
        # a cluster of short options, a short option's attached value
        rc, out, err = self.run_cli("extract", "-qj1", self.a)
        self.assertEqual(rc, 0, err)
        self.assertEqual(len(self.events(out)), 2)

    def test_double_dash_ends_options(self):
        self.write("-o", "Japan condemned Iran.\n")
        rc, out, err = self.run_cli("extract", "--", "-o")
        self.assertEqual(rc, 0, err)
        self.assertEqual(self.pairs(self.events(out)), [("JPN", "IRN")])

    def test_option_of_another_command(self):
        rc, out, err = self.run_cli("build", self.a, "--focus", "RUS")
        self.assertEqual(rc, 2, err)
        self.assertEqual(out, "")
        self.assertIn("--focus is an option of report and render, not of "
                      "build", err)
        self.assertIn("diplograph build --help", err)
        rc, _, err = self.run_cli("build", self.a, "--focus=RUS")
        self.assertEqual(rc, 2)
        self.assertIn("report and render", err)
        rc, _, err = self.run_cli("lexicon", "list", "-j", "2")
        self.assertEqual(rc, 2)
        self.assertIn("--jobs is an option of extract, build and report, not "
                      "of lexicon", err)
        rc, _, err = self.run_cli("render", "g.json", "--explain")
        self.assertEqual(rc, 2)
        self.assertIn("--explain is an option of extract, not of render", err)

    def test_bad_options(self):
        for args, msg in (
                (("build", "--bogus"), "unknown option '--bogus'"),
                (("build", "-x"), "unknown option '-x'"),
                (("extract", "--quiet=1"), "--quiet takes no value"),
                (("build", "--max"), "ambiguous option '--max'"),
                (("build", self.a, "--evidence"), "--evidence needs a number"),
                (("build", self.a, "--evidence=many"),
                 "--evidence wants a number from 0 to 1000, not 'many'"),
                (("report", self.a, "--top=0"), "--top wants a positive"),
                (("extract", "--input-format", "csv"),
                 "--input-format takes text, jsonl or graph")):
            rc, out, err = self.run_cli(*args)
            self.assertEqual(rc, 2, args)
            self.assertIn(msg, err, args)
            self.assertEqual(out, "", args)

    def test_command_help(self):
        all_opts = help_options(self.run_cli("--help")[1])
        self.assertIn("--focus", all_opts)
        seen = set()
        for cmd in COMMANDS:
            rc, out, err = self.run_cli(cmd, "--help")
            self.assertEqual(rc, 0, err)
            self.assertTrue(out.startswith("usage: diplograph " + cmd), out)
            mine = help_options(out)
            self.assertTrue(mine <= all_opts, mine - all_opts)
            self.assertEqual(help_options(self.run_cli(cmd, "-h")[1]), mine)
            seen |= mine
            self.assertNotIn("--version", mine)
        self.assertEqual(seen, all_opts - {"--version"})
        build = help_options(self.run_cli("build", "--help")[1])
        self.assertIn("--layout", build)
        self.assertNotIn("--focus", build)
        self.assertNotIn("--top", build)
        report = help_options(self.run_cli("report", "--help")[1])
        self.assertIn("--top", report)
        self.assertNotIn("--layout", report)

    def test_help_lists_what_the_command_takes(self):
        """Every option of the global help, given to every command: taken
        when COMMAND --help lists it, refused (exit 2, naming the
        commands that take it) when not."""
        self.write("lex.jsonl", '{"actor": "QQA", "type": "state", '
                                '"name": "Qualand"}\n')
        all_opts = help_options(self.run_cli("--help")[1]) - {"--version",
                                                              "--help", "-h"}
        for cmd in COMMANDS:
            mine = help_options(self.run_cli(cmd, "--help")[1])
            for opt in sorted(all_opts):
                long = opt if opt.startswith("--") else None
                value = VALUES.get(long or {"-o": "--output", "-j": "--jobs",
                                            "-q": "--quiet"}[opt], "")
                if long == "--format" or opt == "--format":
                    value = FORMAT_FOR[cmd]
                args = [cmd, opt] + ([value] if value else []) + ["--help"]
                if cmd == "render" and opt == "--input-format":
                    args[2] = "graph"
                rc, out, err = self.run_cli(*args)
                if opt in mine:
                    self.assertEqual(rc, 0, "%s: %s" % (args, err))
                    self.assertIn("usage: diplograph " + cmd, out)
                else:
                    self.assertEqual(rc, 2, args)
                    self.assertIn("is an option of", err, args)


class StandardOutput(cli_test.CliTestCase):
    def setUp(self):
        super().setUp()
        self.a = self.write("a.txt", TEXT)

    def raw(self, *args, stdin=b""):
        p = subprocess.run([cli_test.BIN] + list(args), input=stdin,
                           capture_output=True, cwd=self.dir, timeout=300)
        return p.returncode, p.stdout, p.stderr.decode()

    def test_defaults(self):
        """-o - alone: extract events (JSON Lines), build node-link JSON,
        report the text table."""
        rc, out, err = self.run_cli("extract", self.a, "-o", "-")
        self.assertEqual(rc, 0, err)
        self.assertEqual(self.pairs(self.events(out)),
                         [("FRA", "IRN"), ("RUS", "CHN")])
        rc, out, err = self.run_cli("build", self.a, "-o", "-")
        self.assertEqual(rc, 0, err)
        g = json.loads(out)
        self.assertEqual(len(g["links"]), 2)
        rc, out2, err = self.run_cli("build", self.a)
        self.assertEqual(out2, out)
        rc, out, err = self.run_cli("report", self.a, "-o", "-")
        self.assertEqual(rc, 0, err)
        self.assertTrue(out.startswith("diplograph report\n"), out[:80])

    def test_formats(self):
        checks = {
            "json": lambda b: json.loads(b)["links"],
            "cyjs": lambda b: json.loads(b)["elements"],
            "graphml": lambda b: b"<graphml" in b,
            "gexf": lambda b: b"<gexf" in b,
            "html": lambda b: b.lstrip().lower().startswith(b"<!doctype html"),
            "dot": lambda b: b.startswith(b"strict digraph"),
            "gv": lambda b: b.startswith(b"strict digraph"),
            "svg": lambda b: b"<svg" in b,
            "png": lambda b: b.startswith(b"\x89PNG\r\n\x1a\n"),
            "pdf": lambda b: b.startswith(b"%PDF"),
        }
        self.assertEqual(self.raw("build", self.a, "-o", "g.json")[0], 0)
        for fmt, ok in checks.items():
            rc, out, err = self.raw("build", self.a, "-o", "-", "--format",
                                    fmt)
            self.assertEqual(rc, 0, "%s: %s" % (fmt, err))
            self.assertTrue(ok(out), fmt)
            # render, from a file and from standard input
            rc, out2, err = self.raw("render", "g.json", "--format=" + fmt)
            self.assertEqual(rc, 0, err)
            self.assertTrue(ok(out2), fmt)
        rc, out, err = self.raw("build", self.a, "--format", "svg",
                                "-o", "/dev/stdout")
        self.assertEqual(rc, 0, err)
        self.assertIn(b"<svg", out)
        # an extension wins over --format
        rc, out, err = self.raw("build", self.a, "--format", "svg",
                                "-o", "x.dot")
        self.assertEqual(rc, 0, err)
        self.assertTrue(self.read("x.dot").startswith(b"strict digraph"))

    def test_report_formats(self):
        rc, out, err = self.run_cli("report", self.a, "-o", "-", "--format",
                                    "md")
        self.assertEqual(rc, 0, err)
        self.assertTrue(out.startswith("# diplograph report"), out[:40])
        rc, out, err = self.run_cli("report", self.a, "--format", "json")
        self.assertEqual(rc, 0, err)
        self.assertIn("actors", json.loads(out))
        rc, out, err = self.run_cli("report", self.a, "--format", "csv")
        self.assertTrue(out.startswith("actor,name,"), out[:40])
        rc, out, err = self.run_cli("report", self.a, "--format", "txt",
                                    "-o", "plain")
        self.assertEqual(rc, 0, err)
        self.assertTrue(self.read("plain").startswith(b"diplograph report"))

    def test_refused(self):
        for args, msg in (
                (("build", self.a, "-o", "-", "-o", "-"), "given twice"),
                (("build", self.a, "--format", "txt"), "--format takes json"),
                (("report", self.a, "--format", "svg"),
                 "report writes txt, md, csv or json"),
                (("extract", self.a, "--format", "svg"), "JSON Lines"),
                (("build", self.a, "-o", "/dev/stdout"),
                 "or name it with --format")):
            rc, out, err = self.run_cli(*args)
            self.assertEqual(rc, 2, args)
            self.assertIn(msg, err, args)
            self.assertEqual(out, "", args)


class StandardInput(cli_test.CliTestCase):
    def setUp(self):
        super().setUp()
        self.a = self.write("a.txt", TEXT)
        rc, self.graph, err = self.run_cli("build", self.a)
        self.assertEqual(rc, 0, err)

    def test_graph_on_stdin_for_report(self):
        """build x.txt | report: the graph, not 'news' made of its JSON."""
        self.write("g.json", self.graph)
        rc, want, err = self.run_cli("report", "g.json")
        self.assertEqual(rc, 0, err)
        rc, got, err = self.run_cli("report", stdin=self.graph.encode())
        self.assertEqual(rc, 0, err)
        self.assertEqual(got.replace("<stdin>", "g.json"), want)
        self.assertIn("2 relations from 2 events", got)
        rc, got, err = self.run_cli("report", "-", stdin=self.graph.encode())
        self.assertEqual(got.replace("<stdin>", "g.json"), want)
        # written on one line (json.dumps of the node-link data)
        one = json.dumps(json.loads(self.graph)).encode()
        rc, got, err = self.run_cli("report", stdin=one)
        self.assertEqual(rc, 0, err)
        self.assertEqual(got.replace("<stdin>", "g.json"), want)
        # a graph saved under another name is known by its content
        self.write("g.txt", self.graph)
        rc, got, err = self.run_cli("report", "g.txt")
        self.assertEqual(rc, 0, err)
        self.assertEqual(got.replace("g.txt", "g.json"), want)

    def test_a_graph_among_texts_is_refused(self):
        self.write("g1.json", self.graph)
        rc, out, err = self.run_cli("report", "g1.json", self.a)
        self.assertEqual(rc, 2, err)
        self.assertIn("is a saved graph and", err)
        self.assertEqual(out, "")

    def test_saved_graphs_merge(self):
        """report and render of several saved graphs: the graph one build
        of all their inputs gives, byte for byte (every actor each text
        names has a link in it, so that no mention is lost)."""
        self.write("p.txt", "France praised Germany. Germany thanked "
                            "France. Italy criticized Spain.\n")
        self.write("q.txt", "France condemned Germany. Spain welcomed "
                            "Italy. Germany thanked France.\n")
        for args in (("build", "p.txt", "-o", "p.json"),
                     ("build", "q.txt", "-o", "q.json"),
                     ("build", "p.txt", "q.txt", "-o", "pq.json", "-o",
                      "pq.dot")):
            rc, _, err = self.run_cli(*args)
            self.assertEqual(rc, 0, err)
        rc, _, err = self.run_cli("render", "p.json", "q.json", "-o",
                                  "m.json", "-o", "m.dot")
        self.assertEqual(rc, 0, err)
        self.assertEqual(self.read("m.json"), self.read("pq.json"))
        self.assertEqual(self.read("m.dot"), self.read("pq.dot"))
        merged = json.loads(self.read("m.json"))
        fra_deu = [l for l in merged["links"]
                   if (l["source"], l["target"]) == ("FRA", "DEU")]
        self.assertEqual(fra_deu[0]["events"], 2)  # one from each file
        # the report of both graphs is that of both texts (but its input)
        rc, got, err = self.run_cli("report", "p.json", "q.json", "--format",
                                    "json")
        self.assertEqual(rc, 0, err)
        rc, want, err = self.run_cli("report", "p.txt", "q.txt", "--format",
                                     "json")
        self.assertEqual(rc, 0, err)
        got, want = json.loads(got), json.loads(want)
        got["header"].pop("input"), want["header"].pop("input")
        self.assertEqual(got, want)

    def test_overlapping_or_unlike_graphs_are_refused(self):
        self.write("g1.json", self.graph)
        self.write("g2.json", self.graph)
        rc, out, err = self.run_cli("report", "g1.json", "g2.json")
        self.assertEqual(rc, 2, err)
        self.assertIn("overlapping inputs", err)
        self.assertIn("g2.json", err)
        self.assertEqual(out, "")
        rc, g3, err = self.run_cli("build", self.a, "--evidence", "1")
        self.write("g3.json", g3)
        rc, out, err = self.run_cli("render", "g1.json", "g3.json")
        self.assertEqual(rc, 2, err)
        self.assertIn("g3.json: built with another --evidence than g1.json",
                      err)

    def test_render_stdin(self):
        rc, out, err = self.run_cli("render", "-", "-o", "-", "--format",
                                    "dot", stdin=self.graph.encode())
        self.assertEqual(rc, 0, err)
        self.assertTrue(out.startswith("strict digraph"), out[:40])
        self.assertIn("FRA", out)
        rc, out, err = self.run_cli("render", "--focus", "RUS",
                                    stdin=self.graph.encode())
        self.assertEqual(rc, 0, err)
        self.assertEqual([(l["source"], l["target"])
                          for l in json.loads(out)["links"]], [("RUS", "CHN")])
        rc, out, err = self.run_cli("render", "-", stdin=TEXT.encode())
        self.assertEqual(rc, 2)
        self.assertIn("<stdin> holds text", err)

    def test_jsonl_on_stdin(self):
        """head -50 corpus.jsonl | build -: documents with ids and dates."""
        docs = [{"id": "n1", "text": "France condemned Iran.",
                 "date": "2024-03-01"},
                {"id": "n2", "text": "Russia praised China.",
                 "date": "2024-03-02T10:00:00Z"}]
        data = "".join(json.dumps(d) + "\n" for d in docs).encode()
        rc, out, err = self.run_cli("extract", "-", stdin=data)
        self.assertEqual(rc, 0, err)
        evs = self.events(out)
        self.assertEqual([(e["doc"], e["date"]) for e in evs],
                         [("n1", "2024-03-01"), ("n2", "2024-03-02")])
        rc, out, err = self.run_cli("build", "-", stdin=data)
        self.assertEqual(rc, 0, err)
        g = json.loads(out)
        self.assertEqual(g["graph"]["documents"], 2)
        ev = self.link(g, "FRA", "IRN")["evidence"][0]
        self.assertEqual(ev["doc"], "n1")
        rc, out, err = self.run_cli("report", stdin=data)
        self.assertEqual(rc, 0, err)
        self.assertIn("from 2 events in 2 documents", out)
        # --input-format text: one document, the JSON text itself
        rc, out, err = self.run_cli("extract", "--input-format", "text",
                                    stdin=data)
        self.assertEqual(rc, 0, err)
        self.assertEqual({e["doc"] for e in self.events(out)}, {"<stdin>"})
        # --input-format jsonl for lines that open with white space
        rc, out, err = self.run_cli("extract", "--input-format=jsonl",
                                    stdin=b"\n\n" + data)
        self.assertEqual(rc, 0, err)
        self.assertEqual([e["doc"] for e in self.events(out)], ["n1", "n2"])

    def test_prose_is_not_json(self):
        for text in ("{Editor's note: updated.} France condemned Iran.\n",
                     '{"Never," he said.}\n\nFrance condemned Iran.\n',
                     '{"a": 1} France condemned Iran.\n',
                     "[1] France condemned Iran.\n",
                     "[Update] France condemned Iran.\n",
                     "{\nFrance condemned Iran.\n}\n"):
            rc, out, err = self.run_cli("extract", stdin=text.encode())
            self.assertEqual(rc, 0, "%r: %s" % (text, err))
            evs = self.events(out)
            self.assertEqual(self.pairs(evs), [("FRA", "IRN")], text)
            self.assertEqual(evs[0]["doc"], "<stdin>", text)
            rc, out, err = self.run_cli("report", stdin=text.encode())
            self.assertEqual(rc, 0, "%r: %s" % (text, err))
            self.assertIn("from 1 event in 1 document", out, text)

    def test_sniffing_waits_for_the_whole_line(self):
        """A first line that arrives in pieces is judged whole: its start,
        {"Never": "x"}, looks like JSON, its end does not."""
        import time
        p = subprocess.Popen([cli_test.BIN, "extract"], cwd=self.dir,
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE)
        p.stdin.write(b'{"Never": "x"}')
        p.stdin.flush()
        time.sleep(0.5)
        p.stdin.write(b" France condemned Iran.\n")
        p.stdin.close()
        out, err = p.stdout.read(), p.stderr.read()
        p.stdout.close()
        p.stderr.close()
        self.assertEqual(p.wait(120), 0, err)
        evs = self.events(out.decode())
        self.assertEqual(self.pairs(evs), [("FRA", "IRN")])
        self.assertEqual(evs[0]["doc"], "<stdin>")

    def test_build_refuses_a_graph_on_stdin(self):
        rc, out, err = self.run_cli("build", "-", stdin=self.graph.encode())
        self.assertEqual(rc, 1)
        self.assertIn("<stdin>: graph JSON", err)
        self.assertEqual(json.loads(out)["links"], [])
        rc, _, err = self.run_cli("build", "--input-format", "graph")
        self.assertEqual(rc, 2)
        # read as text when asked
        rc, out, err = self.run_cli("extract", "--input-format", "text",
                                    stdin=self.graph.encode())
        self.assertEqual(rc, 0, err)


class ClosedPipe(cli_test.CliTestCase):
    def big(self):
        return self.write("big.txt", TEXT * 40000)

    def test_head_ends_quietly(self):
        """extract big | head -1: no message, SIGPIPE, no leftovers."""
        big = self.big()
        for args in (("extract", big), ("extract", big, "-j", "1"),
                     ("extract", big, "-o", "-", "--format", "jsonl"),
                     ("lexicon", "list")):
            p = subprocess.Popen([cli_test.BIN] + list(args), cwd=self.dir,
                                 stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE)
            p.stdout.readline()
            p.stdout.close()
            err = p.stderr.read().decode()
            p.stderr.close()
            rc = p.wait(120)
            self.assertEqual(rc, -signal.SIGPIPE, "%s: %s" % (args, err))
            self.assertEqual(err, "", args)
            self.assertEqual(self.leftovers(), [], args)

    def test_shell_pipeline(self):
        big = self.big()
        p = subprocess.run(["bash", "-c", '"$0" extract "$1" | head -1; '
                            'echo "status ${PIPESTATUS[0]}"', cli_test.BIN,
                            big], capture_output=True, cwd=self.dir,
                           timeout=120)
        self.assertEqual(p.stderr, b"")
        lines = p.stdout.decode().splitlines()
        self.assertEqual(len(lines), 2)
        self.assertEqual(lines[1], "status 141")


if __name__ == "__main__":
    sys.exit(cli_test.run_tests(__doc__))
