#!/usr/bin/env python3
"""The layout budget of the drawings (issue 10): above --max-edges N
(default 150; 0 = all) the DOT, SVG and the HTML report's drawing keep the
N strongest links by |net weight| (ties by events, then by source and
target id) and the actors they touch, and their title says "showing N of
M relations"; JSON, GraphML and CSV keep every link.

    python3 tests/drawing_test.py path/to/diplograph
"""
import csv
import json
import os
import re
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cli_test  # noqa: E402  (the runner and temporary directories)

STATES = ["France", "Iran", "Russia", "China", "Germany", "Japan", "India",
          "Brazil", "Turkey", "Egypt"]

DOT_EDGE = re.compile(r'^\t"?([A-Z0-9-]+)"? -> "?([A-Z0-9-]+)"?\t\[', re.M)
SVG_EDGE = re.compile(r'<g id="([A-Z0-9]+)&#45;&gt;([A-Z0-9]+)" class="edge"')
SVG_NODE = re.compile(r'<g id="([A-Z0-9-]+)" class="node"')


def corpus():
    """One document a sentence; every ordered pair of STATES, praised or
    condemned a varying number of times, so |net weight| differs."""
    lines, n = [], 0
    for i, a in enumerate(STATES):
        for j, b in enumerate(STATES):
            if i == j:
                continue
            verb = "praised" if (i + j) % 2 else "condemned"
            for _ in range(1 + (i * 7 + j * 3) % 6):
                n += 1
                lines.append(json.dumps({"id": "d%d" % n,
                                         "text": "%s %s %s." % (a, verb, b)}))
    return "\n".join(lines) + "\n"


def strongest(links, n):
    """The n strongest links as the drawing chooses them."""
    ranked = sorted(links, key=lambda l: (-abs(l["net"]), -l["events"],
                                          l["source"], l["target"]))
    return {(l["source"], l["target"]) for l in ranked[:n]}


class DrawingBudget(cli_test.CliTestCase):
    N = 7

    def setUp(self):
        super().setUp()
        self.src = self.write("corpus.jsonl", corpus())

    def build(self, *extra):
        rc, _, err = self.run_cli("build", self.src, "-o", "g.json", "-o",
                                  "g.dot", "-o", "g.svg", "-o", "g.graphml",
                                  "--csv-prefix", "g-", *extra)
        self.assertEqual(rc, 0, err)
        with open(self.path("g.json"), encoding="utf-8") as f:
            graph = json.load(f)
        return (graph, self.read("g.dot").decode("utf-8"),
                self.read("g.svg").decode("utf-8"))

    def test_strongest_links_drawn_and_title_says_so(self):
        graph, dot, svg = self.build("--max-edges", str(self.N))
        links = graph["links"]
        m = len(links)
        self.assertGreater(m, self.N * 5, "the corpus gives too few links")
        want = strongest(links, self.N)
        self.assertEqual(set(DOT_EDGE.findall(dot)), want)
        self.assertEqual(len(DOT_EDGE.findall(dot)), self.N)
        self.assertEqual(set(SVG_EDGE.findall(svg)), want)
        self.assertEqual(len(SVG_EDGE.findall(svg)), self.N)
        # the actors of the drawn links, and no others
        touched = {a for pair in want for a in pair}
        self.assertEqual(set(SVG_NODE.findall(svg)), touched)
        title = "showing %d of %s relations" % (self.N, format(m, ","))
        self.assertIn(title, dot)
        self.assertIn(title, svg)
        # every link is still in the data formats
        with open(self.path("g-edges.csv"), encoding="utf-8") as f:
            self.assertEqual(len(list(csv.DictReader(f))), m)
        self.assertEqual(self.read("g.graphml").decode().count("<edge "), m)

    def test_deterministic(self):
        _, dot1, svg1 = self.build("--max-edges", str(self.N))
        _, dot2, svg2 = self.build("--max-edges", str(self.N))
        self.assertEqual(dot1, dot2)
        self.assertEqual(svg1, svg2)

    def test_zero_and_default_draw_everything_here(self):
        for extra in (("--max-edges", "0"), ()):
            graph, dot, svg = self.build(*extra)
            m = len(graph["links"])
            self.assertLess(m, 150)  # under the default budget
            self.assertEqual(len(DOT_EDGE.findall(dot)), m, extra)
            self.assertEqual(len(SVG_EDGE.findall(svg)), m, extra)
            self.assertNotIn("showing", svg)

    def test_custom_title_keeps_the_note(self):
        _, dot, svg = self.build("--max-edges", "3", "--title", "Week 12")
        self.assertIn(">Week 12</text>", svg)
        self.assertRegex(svg, r">showing 3 of \d+ relations, the strongest")

    def test_render_and_html(self):
        graph, _, _ = self.build("--max-edges", "0")
        m = len(graph["links"])
        rc, _, err = self.run_cli("render", "g.json", "--max-edges", "4",
                                  "-o", "r.svg", "-o", "r.html")
        self.assertEqual(rc, 0, err)
        svg = self.read("r.svg").decode("utf-8")
        self.assertEqual(set(SVG_EDGE.findall(svg)),
                         strongest(graph["links"], 4))
        page = self.read("r.html").decode("utf-8")
        self.assertEqual(len(SVG_EDGE.findall(page)), 4)
        self.assertIn("showing 4 of %d relations" % m, page)

    def test_bad_values_are_usage_errors(self):
        for bad in ("abc", "-1", "1.5", "", "7x"):
            rc, out, err = self.run_cli("build", self.src, "-o", "g.svg",
                                        "--max-edges", bad)
            self.assertEqual(rc, 2, (bad, err))
            self.assertIn("--max-edges", err)
            self.assertFalse(os.path.exists(self.path("g.svg")), bad)
        rc, _, err = self.run_cli("build", self.src, "--max-edges")
        self.assertEqual(rc, 2, err)
        self.assertIn("--max-edges needs a number", err)


if __name__ == "__main__":
    sys.exit(cli_test.run_tests(__doc__))
