#!/usr/bin/env python3
"""The layout budget of the drawings (issue 10): above --max-edges N
(default 150; 0 = all) the DOT, SVG and the HTML report's drawing keep the
N strongest links by |net weight| (ties by events, then by source and
target id) and the actors they touch, and their title says "showing N of
M relations"; JSON, GraphML and CSV keep every link.

What the pictures tell a reader (issue 12): the legend in the caption of
the files, --dpi for PNG, edge labels that no edge, node or other label
covers on the example (scripts/label-overlaps), community fills that are
neither the cooperation blue nor the conflict red, and a caption that
fits the medium (no "hover" in a file; on the HTML page no caption).

    python3 tests/drawing_test.py path/to/diplograph
"""
import colorsys
import csv
import importlib.machinery
import importlib.util
import json
import os
import re
import struct
import sys
import unittest
import xml.etree.ElementTree as ET

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


REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXAMPLE = os.path.join(REPO, "graphs", "steppe-diplomacy.txt")
SVG = "{http://www.w3.org/2000/svg}"


def label_overlaps():
    """scripts/label-overlaps as a module (its file has no .py)."""
    path = os.path.join(REPO, "scripts", "label-overlaps")
    loader = importlib.machinery.SourceFileLoader("label_overlaps", path)
    spec = importlib.util.spec_from_loader("label_overlaps", loader)
    mod = importlib.util.module_from_spec(spec)
    loader.exec_module(mod)
    return mod


def png_size(data):
    """(width, height) from a PNG's IHDR chunk."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", data[:8]
    return struct.unpack(">II", data[16:24])


def caption_texts(svg):
    """The texts of the drawing outside its nodes and edges: the caption."""
    root = ET.fromstring(svg)
    inner = set()
    for g in root.iter(SVG + "g"):
        if g.get("class") in ("node", "edge"):
            inner |= set(g.iter(SVG + "text"))
    return ["".join(t.itertext()) for t in root.iter(SVG + "text")
            if t not in inner]


class Pictures(cli_test.CliTestCase):
    def draw(self, *args, src=EXAMPLE):
        rc, _, err = self.run_cli("build", src, *args)
        self.assertEqual(rc, 0, err)

    def test_legend_by_type(self):
        self.draw("-o", "g.svg", "-o", "g.dot")
        cap = caption_texts(self.read("g.svg"))
        self.assertTrue(cap[0].startswith("diplograph: 8 actors"), cap)
        for word in ("arrow colour", "cooperation", "conflict", "arrow width",
                     "|net weight|", "arrow label", "actor shape", "state",
                     "organization"):
            self.assertIn(word, cap)
        # the thinnest and thickest arrows drawn, by their |net weight|
        self.assertIn("3", cap)
        self.assertIn("12", cap)
        # no community or size entry when nodes are coloured by type and
        # sized alike; no "balanced" when no link is
        for word in ("actor fill", "actor size", "balanced (net 0)"):
            self.assertNotIn(word, cap)
        self.assertIn(">arrow colour<", self.read("g.dot").decode())

    def test_legend_by_community_and_size(self):
        self.draw("-o", "g.svg", "-o", "g.json", "--node-color", "community",
                  "--node-size", "pagerank")
        cap = caption_texts(self.read("g.svg"))
        graph = json.loads(self.read("g.json"))
        comms = {n["community"] for n in graph["nodes"]}
        self.assertIn("actor fill", cap)
        for c in comms - {None}:
            self.assertIn(str(c), cap)
        if None in comms:
            self.assertIn("none", cap)
        self.assertIn("actor size", cap)
        self.assertTrue(any(t.startswith("by pagerank, up to ") for t in cap),
                        cap)

    def test_community_fills_are_not_edge_colours(self):
        self.draw("-o", "g.svg", "--node-color", "community", src=self.write(
            "c.jsonl", corpus()))
        root = ET.fromstring(self.read("g.svg"))
        fills = set()
        for g in root.iter(SVG + "g"):
            if g.get("class") == "node":
                for shape in list(g.iter(SVG + "ellipse")) + list(
                        g.iter(SVG + "polygon")):
                    fills.add(shape.get("fill"))
        self.assertTrue(fills)

        def hue(c):
            r, g, b = (int(c[i:i + 2], 16) / 255 for i in (1, 3, 5))
            h, l, s = colorsys.rgb_to_hls(r, g, b)
            return h * 360, s

        for edge in ("#2166ac", "#b2182b"):
            eh, _ = hue(edge)
            for f in fills:
                h, sat = hue(f)
                if sat < 0.1:
                    continue  # a grey: "no community"
                d = min(abs(h - eh), 360 - abs(h - eh))
                self.assertGreater(d, 25, (f, edge))

    def test_dpi(self):
        self.draw("-o", "d.png")
        self.draw("-o", "a.png", "--dpi", "72")
        self.draw("-o", "b.png", "--dpi", "144")
        self.draw("-o", "c.png", "--dpi", "300")
        d, a, b, c = (png_size(self.read(n)) for n in
                      ("d.png", "a.png", "b.png", "c.png"))
        self.assertEqual(d, b)  # 144 is the default
        for big, small, ratio in ((b, a, 2), (c, a, 300 / 72)):
            for k in (0, 1):
                self.assertAlmostEqual(big[k] / small[k], ratio, delta=0.05)
        self.assertGreater(d[0], 1000)  # readable: 9-point labels 18 px
        for bad in ("0", "35", "601", "abc", "", "96x", "-5"):
            rc, _, err = self.run_cli("build", EXAMPLE, "-o", "x.png",
                                      "--dpi", bad)
            self.assertEqual(rc, 2, (bad, err))
            self.assertIn("--dpi wants a number from 36 to 600", err)
            self.assertFalse(os.path.exists(self.path("x.png")))
        rc, _, err = self.run_cli("build", EXAMPLE, "--dpi")
        self.assertEqual(rc, 2, err)
        self.assertIn("--dpi needs a number", err)

    def test_example_labels_clear(self):
        """No edge label of the example overlaps a label or a node or is
        crossed by an edge (11 of its 14 were before the labels moved)."""
        self.draw("-o", "g.svg")
        r = label_overlaps().count(self.read("g.svg"))
        self.assertEqual(r["labels"], 14)
        self.assertEqual(r["bad"], 0, r)
        # and the committed drawing is such a drawing
        with open(os.path.join(REPO, "graphs", "steppe-diplomacy.svg"),
                  "rb") as f:
            self.assertEqual(label_overlaps().count(f.read())["bad"], 0)

    def test_counter_sees_collisions(self):
        """scripts/label-overlaps counts what it should."""
        svg = (b'<svg xmlns="http://www.w3.org/2000/svg"><g class="graph">'
               b'<g class="node"><ellipse cx="0" cy="0" rx="20" ry="10"/>'
               b'</g><g id="A-&gt;B" class="edge">'
               b'<path stroke-width="2" d="M-100,0C-60,0 60,0 100,0"/>'
               b'<text x="0" y="3" font-size="9" text-anchor="middle">+4'
               b'</text><text x="5" y="3" font-size="9">+4</text>'
               b'<text x="60" y="-20" font-size="9">-3</text></g></g></svg>')
        r = label_overlaps().count(svg)
        self.assertEqual((r["labels"], r["overlap_label"], r["overlap_node"],
                          r["crossed_by_edge"], r["bad"]), (3, 2, 2, 2, 2))

    def test_caption_fits_the_medium(self):
        self.draw("-o", "g.svg", "-o", "g.dot", "-o", "g.html")
        for name in ("g.svg", "g.dot"):
            text = self.read(name).decode()
            self.assertNotIn("hover", text.lower(), name)
        page = self.read("g.html").decode()
        svg = page[page.index("<svg"):page.index("</svg>") + 6]
        # the page's drawing: no caption (the page has its title, summary
        # and legend), so neither the title nor the legend twice
        self.assertEqual(caption_texts(svg), [])
        self.assertIn("<h1>diplograph: 8 actors", page)
        self.assertIn('class="dg-legend"', page)
        self.assertEqual(page.count("8 actors and 14 relations"), 1)


if __name__ == "__main__":
    sys.exit(cli_test.run_tests(__doc__))
