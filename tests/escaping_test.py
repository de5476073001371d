#!/usr/bin/env python3
"""Issue 8: hostile text reaching every output, and bounded time on text
with no sentence end. Each test failed before its fix.

    python3 tests/escaping_test.py path/to/diplograph [unittest options]
"""
import base64
import csv
import hashlib
import html
import io
import json
import os
import re
import shutil
import subprocess
import sys
import time
import unittest
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cli_test  # noqa: E402  (the runner and temporary directories)


class LongSentences(cli_test.CliTestCase):
    """text.c/extract.c: a run of text with no sentence end and many actor
    names took time growing with the square of its length (2 MB: over
    300 s to extract, 52 s to build), and every event repeated the whole
    run as its text (256 KB gave 5 GB of events)."""

    CUES = "France condemned Germany and Russia accused China and "

    def test_events_text_is_bounded(self):
        # 64 KB: before the bound, 3,500 events of 64 KB each (230 MB)
        p = self.write("long.txt", self.CUES * (64 * 1024 // len(self.CUES)))
        rc, out, err = self.run_cli("extract", p, "-o", "ev.jsonl")
        self.assertEqual(rc, 0, err)
        size = os.path.getsize(self.path("ev.jsonl"))
        self.assertLess(size, 100 * os.path.getsize(p))
        evs = [json.loads(l) for l in self.read("ev.jsonl").splitlines()]
        self.assertGreater(len(evs), 1000)
        self.assertLessEqual(max(len(e["text"]) for e in evs), 2048)

    def test_long_runs_are_fast(self):
        # before the bound, build took 52 s on 2 MB and extract over 200 s
        # on 512 KB; now well under a second each in a release build, and
        # a few seconds under the sanitizers (the limits leave room for a
        # loaded machine)
        for unit in (self.CUES, "France Germany Russia China and "):
            for cmd, size, limit in (("build", 2 << 20, 45),
                                     ("extract", 512 << 10, 120)):
                p = self.write("long.txt", unit * (size // len(unit)))
                t0 = time.monotonic()
                rc, out, err = self.run_cli(cmd, p, "-o", "out.json")
                secs = time.monotonic() - t0
                self.assertEqual(rc, 0, err)
                self.assertLess(secs, limit, (cmd, unit))

    def test_normal_sentence_unchanged(self):
        rc, out, err = self.run_cli(
            "extract", self.write("s.txt", "France condemned Germany and "
                                  "Russia. China praised Japan.\n"))
        self.assertEqual(rc, 0, err)
        self.assertEqual(self.pairs(self.events(out)),
                         [("FRA", "DEU"), ("FRA", "RUS"), ("CHN", "JPN")])


SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}title"

# Everything Graphviz reads specially: DOT quoting, escString sequences,
# HTML entities and HTML-like labels, record fields, and a trailing
# backslash.
HOSTILE = ('back\\slash "quoted" <b>tag</b> {brace|field} &amp; & &#65; '
           '\\N \\G \\E \\T \\H \\L \\n \\l \\r \\\\ end\\')
NAME = 'A|B <script>alert(1)</script> \\N "Q" {x} &amp; `tick` *star* \\'


def hostile_lexicon(case):
    return case.write("lex.jsonl", json.dumps(
        {"actor": "QQA", "type": "state", "name": NAME,
         "aliases": ["Qualand"]}) + "\n")


class GraphvizEscaping(cli_test.CliTestCase):
    """write_dot.c: evidence ending in a backslash made the DOT file
    unparseable by dot; SVG tooltips dropped backslashes or expanded \\N
    and \\G."""

    def setUp(self):
        super().setUp()
        self.text = self.write(
            "in.txt", "France condemned Qualand over " + HOSTILE + "\n")
        self.lex = hostile_lexicon(self)
        self.title = 'Title \\N \\G "q" <t> & &lt; {x}\nsecond line \\'

    def build(self, *outs):
        args = ["build", self.text, "--lexicon", self.lex,
                "--title", self.title]
        for o in outs:
            args += ["-o", o]
        rc, out, err = self.run_cli(*args)
        self.assertEqual(rc, 0, err)

    def check_svg(self, data, page=False):
        root = ET.fromstring(data)
        ev = json.loads(self.read("g.json"))
        links = ev["links"]
        self.assertEqual(len(links), 1)
        evidence = links[0]["evidence"][0]["text"]
        self.assertIn(HOSTILE, evidence)
        nodes = {g.find(SVG + "title").text: g for g in root.iter(SVG + "g")
                 if g.get("class") == "node"}
        self.assertEqual(set(nodes), {"FRA", "QQA"})
        q = nodes["QQA"]
        label = "\n".join(t.text or "" for t in q.iter(SVG + "text"))
        self.assertEqual(label, NAME)
        a = next(q.iter(SVG + "a"))
        self.assertEqual(a.get(XLINK), NAME + " (QQA): 1 mentions")
        edges = [g for g in root.iter(SVG + "g") if g.get("class") == "edge"]
        self.assertEqual(len(edges), 1)
        self.assertEqual(edges[0].find(SVG + "title").text, "FRA->QQA")
        tips = {a.get(XLINK) for a in edges[0].iter(SVG + "a")}
        self.assertTrue(tips)
        for tip in tips:
            head, quoted = tip.split("\n", 1)
            self.assertTrue(head.startswith("FRA -> QQA: 1 events"), tip)
            self.assertEqual(quoted, '"' + evidence + '"')
        graph = next(g for g in root.iter(SVG + "g")
                     if g.get("class") == "graph")
        title = [t.text or "" for t in graph.iter(SVG + "text")
                 if t not in set().union(*[set(n.iter(SVG + "text"))
                                           for n in root.iter(SVG + "g")
                                           if n.get("class") in
                                           ("node", "edge")])]
        if page:
            # the page's drawing has no caption: the title is the page's
            self.assertEqual(title, [])
            return
        # the caption: the title's lines, then the legend's words
        lines = self.title.split("\n")
        self.assertEqual("\n".join(title[:len(lines)]), self.title)
        self.assertIn("arrow colour", title[len(lines):])

    def test_dot_parses_and_svg_shows_text(self):
        self.build("g.json", "g.dot", "g.svg")
        dot = shutil.which("dot")
        if dot:
            p = subprocess.run([dot, "-Tsvg", self.path("g.dot")],
                               capture_output=True, timeout=120)
            self.assertEqual(p.returncode, 0, p.stderr.decode())
            self.check_svg(p.stdout)
        self.check_svg(self.read("g.svg"))

    def test_default_title_unchanged(self):
        rc, out, err = self.run_cli("build", self.text, "--lexicon", self.lex,
                                    "-o", "d.dot")
        self.assertEqual(rc, 0, err)
        dot = self.read("d.dot").decode().replace("\\\n", "")
        self.assertIn('<FONT POINT-SIZE="12">diplograph: 2 actors and 1 '
                      'relation from 1 event in 1 document</FONT>', dot)
        self.assertIn(">arrow colour<", dot)
        self.assertNotIn("hover", dot)

    def test_html_page_svg_shows_text(self):
        self.build("g.json", "g.html")
        page = self.read("g.html").decode()
        m = re.search(r"<svg.*?</svg>", page, re.S)
        self.assertIsNotNone(m)
        self.check_svg(m.group(0).encode(), page=True)
        h1 = re.search(r"<h1>(.*?)</h1>", page, re.S).group(1)
        self.assertEqual(html.unescape(h1), self.title)


class MarkdownReport(cli_test.CliTestCase):
    """report.c: the markdown report passed '|', newlines and raw HTML in
    actor names (and in the input path and filters) through, breaking the
    table and injecting HTML."""

    NAME = ('A|B <script>alert(1)</script> \\N *s* _u_ `t` [l](u) ~x~ '
            '&amp; \u00e9\nsecond line')

    def test_markdown_cells_and_lists(self):
        # the lexicon refuses control characters in names, a saved graph's
        # labels do not: the hostile name comes in through the graph
        lex = self.write("lex.jsonl", json.dumps(
            {"actor": "QQA", "type": "state", "name": "Qualand",
             "aliases": ["Qualand"]}) + "\n")
        src = self.write("in.txt", "France condemned Qualand. Qualand "
                         "praised Germany.\n")
        gpath = self.path("in|<i>put`x`.json")
        rc, out, err = self.run_cli("build", src, "--lexicon", lex,
                                    "-o", gpath)
        self.assertEqual(rc, 0, err)
        g = json.loads(self.read(gpath))
        for n in g["nodes"]:
            if n["id"] == "QQA":
                n["label"] = self.NAME
        self.write(gpath, json.dumps(g))
        rc, out, err = self.run_cli("report", gpath, "-o", "r.md")
        self.assertEqual(rc, 0, err)
        md = self.read("r.md").decode()
        self.assertNotIn("<script", md)
        self.assertNotIn("<i>", md)
        rows = [l for l in md.splitlines() if l.startswith("|")]
        self.assertGreaterEqual(len(rows), 5)
        ncells = len(re.split(r"(?<!\\)\|", rows[0]))
        for r in rows:
            self.assertEqual(len(re.split(r"(?<!\\)\|", r)), ncells, r)

        def plain(cell):
            return html.unescape(re.sub(r"\\(.)", r"\1", cell.strip()))

        qqa = [r for r in rows if r.startswith("| QQA |")]
        self.assertEqual(len(qqa), 1)
        cell = re.split(r"(?<!\\)\|", qqa[0])[2]
        self.assertEqual(plain(cell), self.NAME.replace("\n", " "))
        inp = [l for l in md.splitlines() if l.startswith("- input: ")]
        self.assertEqual(len(inp), 1)
        self.assertEqual(plain(inp[0][len("- input: "):]), gpath)

        # the text report: one line per actor, the name cut at 22
        # characters (not inside a UTF-8 sequence)
        rc, out, err = self.run_cli("report", gpath)
        self.assertEqual(rc, 0, err)
        line = [l for l in out.splitlines() if l.startswith("QQA ")]
        self.assertEqual(len(line), 1)
        self.assertIn(self.NAME[:22], line[0])
        self.assertNotIn("second line", out)


class CsvFormulas(cli_test.CliTestCase):
    """util.c dg_csv_field: a cell starting with a tab or a carriage
    return before '=' was not guarded against running as a formula."""

    def test_formula_names_are_text(self):
        names = {"QQA": "\t=HYPERLINK(\"http://x\",\"y\")",
                 "QQB": "\r=1+1", "QQC": "  @SUM(A1)",
                 "QQD": "a;=1+1"}
        # plain names in the lexicon (it refuses control characters), the
        # hostile ones as the labels of the saved graph
        lex = self.write("lex.jsonl", "".join(
            json.dumps({"actor": k, "type": "state", "name": "Q" + k.lower(),
                        "aliases": ["Q" + k.lower()]}) + "\n"
            for k in names))
        src = self.write("in.txt", "Qqqa condemned Qqqb. Qqqc praised "
                         "Qqqd. Qqqd condemned Qqqa.\n")
        rc, out, err = self.run_cli("build", src, "--lexicon", lex,
                                    "-o", "g.json")
        self.assertEqual(rc, 0, err)
        g = json.loads(self.read("g.json"))
        for n in g["nodes"]:
            n["label"] = names[n["id"]]
        self.write("g.json", json.dumps(g))
        rc, out, err = self.run_cli("render", "g.json", "--csv-prefix", "t-")
        self.assertEqual(rc, 0, err)
        rc, out, err = self.run_cli("report", "g.json", "-o", "r.csv")
        self.assertEqual(rc, 0, err)
        for f, col in (("t-nodes.csv", "label"), ("r.csv", "name")):
            rows = list(csv.DictReader(io.StringIO(
                self.read(f).decode(), newline="")))
            got = {r["id" if "id" in r else "actor"]: r[col] for r in rows}
            for k, v in names.items():
                if k == "QQD":
                    self.assertEqual(got[k], v, f)  # quoted, not guarded
                else:
                    self.assertEqual(got[k], "'" + v, f)
        edges = list(csv.DictReader(io.StringIO(
            self.read("t-edges.csv").decode(), newline="")))
        self.assertIn("-5", [e["net"] for e in edges])  # numbers stay


class HtmlCsp(cli_test.CliTestCase):
    """write_html.c: the page's CSP allowed 'unsafe-inline' scripts; now
    its one <script> and one <style> are allowed by their SHA-256."""

    def test_csp_hashes_the_page_code(self):
        src = self.write("in.txt", "France condemned Germany. Russia "
                         "praised China.\n")
        rc, out, err = self.run_cli(
            "build", src, "-o", "g.html",
            "--title", '</script><script>alert(1)</script> " onload=x')
        self.assertEqual(rc, 0, err)
        page = self.read("g.html").decode()
        m = re.search(r'<meta http-equiv="Content-Security-Policy" '
                      r'content="([^"]*)">', page)
        self.assertIsNotNone(m)
        csp = dict(d.strip().split(" ", 1) for d in m.group(1).split(";"))
        self.assertNotIn("unsafe", m.group(1))
        self.assertEqual(csp["default-src"], "'none'")
        for tag, directive in (("style", "style-src"),
                               ("script", "script-src")):
            bodies = re.findall(r"<%s>(.*?)</%s>" % (tag, tag), page, re.S)
            self.assertEqual(len(bodies), 1, tag)
            digest = base64.b64encode(hashlib.sha256(
                bodies[0].encode("utf-8")).digest()).decode()
            self.assertEqual(csp[directive], "'sha256-%s'" % digest)
        # the only other scripts are the graph's and the report's JSON
        # data, which never run
        outside = re.sub(r"<script>.*?</script>", "", page, flags=re.S)
        self.assertEqual(len(re.findall(r"<script\b", outside)), 2)
        self.assertIn('<script type="application/json" id="dg-data">', page)
        self.assertIn('<script type="application/json" id="dg-report">', page)
        # no inline event handler or style attribute, which the CSP blocks
        self.assertIsNone(re.search(r"<[^>]*\son[a-z]+\s*=", page))
        self.assertIsNone(re.search(r"<[^>]*\sstyle\s*=", page))


class FilterValues(cli_test.CliTestCase):
    """cli.c parse_filter_option: --min-weight nan (nan compares false
    with everything) and inf, and --focus '' were accepted."""

    def setUp(self):
        super().setUp()
        self.src = self.write("in.txt", "France condemned Germany. Russia "
                              "praised China.\n")

    def test_bad_min_weight(self):
        for v in ("nan", "NaN", "-nan", "inf", "-inf", "infinity", "1e999",
                  "-1", "-0.5", "", " ", "abc", "3x"):
            for cmd in ("report", "render"):
                args = ([cmd, self.src] if cmd == "report" else
                        [cmd, "g.json", "-o", "out.json"])
                if cmd == "render" and not os.path.exists(self.path("g.json")):
                    rc, _, err = self.run_cli("build", self.src, "-o", "g.json")
                    self.assertEqual(rc, 0, err)
                rc, out, err = self.run_cli(*args, "--min-weight", v)
                self.assertEqual(rc, 2, (cmd, v, err))
                self.assertIn("diplograph: --min-weight wants a finite "
                              "number >= 0, not '%s'" % v, err)
                self.assertFalse(os.path.exists(self.path("out.json")))
        for v in ("0", "2.5", "1e1"):
            rc, out, err = self.run_cli("report", self.src, "--min-weight", v)
            self.assertEqual(rc, 0, (v, err))

    def test_empty_focus(self):
        for v in ("", " ", "\t"):
            rc, out, err = self.run_cli("report", self.src, "--focus", v)
            self.assertEqual(rc, 2, (v, err))
            self.assertIn("diplograph: --focus wants an actor id such as ARM "
                          "or EU, not '%s'" % v, err)
        rc, out, err = self.run_cli("report", self.src, "--focus", "FRA")
        self.assertEqual(rc, 0, err)

    def test_empty_min_events(self):
        rc, out, err = self.run_cli("report", self.src, "--min-events", "")
        self.assertEqual(rc, 2, err)
        self.assertIn("--min-events wants a number, not ''", err)


def main():
    return cli_test.run_tests("usage: escaping_test.py PATH-TO-DIPLOGRAPH "
                              "[unittest args]")


if __name__ == "__main__":
    sys.exit(main())
