#!/usr/bin/env python3
"""The export formats and `diplograph render`, read back by real readers.

    python3 tests/formats_test.py path/to/diplograph graphs/steppe-diplomacy.txt

networkx (Debian's python3-networkx) reads the node-link JSON and the
GraphML and must get the same graph; the CSV pair is read with the csv
module; the HTML report is parsed with html.parser. Python 3 standard
library and networkx only. Works with networkx 2.8 (Debian 12) and 3.x.
"""
import csv
import html.parser
import inspect
import io
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ET

try:
    import networkx as nx
except ImportError as e:  # fail, clearly: the test needs it
    sys.exit("formats_test: cannot import networkx (%s); run scripts/setup, "
             "which installs Debian's python3-networkx" % e)

BIN = EXAMPLE = None  # from the command line

SANITIZER_MARKS = ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer",
                   "runtime error:", "SUMMARY: UndefinedBehaviorSanitizer")

METRICS = ("betweenness", "harmonic", "pagerank", "eigenvector", "hub",
           "authority")


def node_link_graph(data):
    """nx.node_link_graph with the links under "links", whichever networkx:
    3.4+ names the keyword `edges`, 2.x and 3.0-3.3 `link`."""
    params = inspect.signature(nx.node_link_graph).parameters
    if "edges" in params:
        return nx.node_link_graph(data, edges="links")
    return nx.node_link_graph(data, link="links")


class FormatsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="dg_formats_")
        cls.run_ok("build", EXAMPLE, "-o", "g.json", "-o", "g.graphml",
                   "-o", "g.gexf", "--csv-prefix", "g-")
        with open(cls.path("g.json"), encoding="utf-8") as f:
            cls.nl = json.load(f)
        cls.links = {(l["source"], l["target"]): l for l in cls.nl["links"]}
        cls.nodes = {n["id"]: n for n in cls.nl["nodes"]}

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir, ignore_errors=True)

    @classmethod
    def path(cls, *parts):
        return os.path.join(cls.dir, *parts)

    @classmethod
    def run_cli(cls, *args):
        p = subprocess.run([BIN] + list(args), capture_output=True,
                           cwd=cls.dir, timeout=300)
        err = p.stderr.decode("utf-8", "replace")
        for mark in SANITIZER_MARKS:
            if mark in err:
                raise AssertionError("sanitizer report for %r:\n%s"
                                     % (args, err[:6000]))
        return p.returncode, p.stdout.decode("utf-8", "replace"), err

    @classmethod
    def run_ok(cls, *args):
        code, out, err = cls.run_cli(*args)
        if code != 0:
            raise AssertionError("diplograph %s exited %d:\n%s"
                                 % (" ".join(args), code, err))
        return out

    def leftovers(self):
        return [n for n in os.listdir(self.dir)
                if ".tmp." in n or "diplograph-tmp" in n]

    # ---- networkx ---------------------------------------------------------

    def check_same_graph(self, G, what):
        """G (read by networkx) is the node-link graph."""
        self.assertTrue(G.is_directed(), what)
        self.assertEqual(set(G.nodes), set(self.nodes), what)
        self.assertEqual(set(G.edges), set(self.links), what)
        for (s, t), l in self.links.items():
            e = G.edges[s, t]
            for k in ("weight", "net", "events", "sign", "positive",
                      "negative"):
                self.assertEqual(e[k], l[k], "%s %s->%s %s" % (what, s, t, k))
        for i, n in self.nodes.items():
            a = G.nodes[i]
            self.assertEqual(a["label"], n["label"], what)
            self.assertEqual(a["type"], n["type"], what)
            self.assertEqual(a["mentions"], n["mentions"], what)
            for m in METRICS:
                self.assertTrue(math.isclose(a[m], n[m], rel_tol=1e-12,
                                             abs_tol=1e-12),
                                "%s %s %s: %r != %r" % (what, i, m, a[m], n[m]))
            # GraphML leaves a null out; node-link keeps it as None
            self.assertEqual(a.get("community"), n["community"], what)

    def test_networkx_reads_node_link(self):
        G = node_link_graph(self.nl)
        self.check_same_graph(G, "node-link")
        self.assertEqual(G.graph["events"], self.nl["graph"]["events"])
        # evidence travels as the list it is
        l = self.links[("KAZ", "RUS")]
        self.assertEqual(G.edges["KAZ", "RUS"]["evidence"], l["evidence"])

    def test_networkx_reads_graphml(self):
        G = nx.read_graphml(self.path("g.graphml"))
        self.assertIsInstance(G, nx.DiGraph)
        self.check_same_graph(G, "graphml")
        # typed keys: counts are ints, weights floats, flags booleans
        e = G.edges["KAZ", "RUS"]
        self.assertIsInstance(e["events"], int)
        self.assertIsInstance(e["sign"], int)
        self.assertIsInstance(e["weight"], float)
        self.assertIsInstance(e["net"], float)
        self.assertIsInstance(G.nodes["KAZ"]["mentions"], int)
        self.assertIsInstance(G.nodes["KAZ"]["pagerank"], float)
        self.assertIs(G.graph["negated_events_included"], False)
        self.assertEqual(G.graph["events"], self.nl["graph"]["events"])
        # evidence: the top sentence, and the whole list as JSON
        for (s, t), l in self.links.items():
            a = G.edges[s, t]
            self.assertEqual(a["evidence"], l["evidence"][0]["text"])
            self.assertEqual(json.loads(a["evidence_json"]), l["evidence"])
            self.assertEqual(json.loads(a["categories"]), l["categories"])

    def test_networkx_reads_gexf(self):
        G = nx.read_gexf(self.path("g.gexf"))
        self.assertIsInstance(G, nx.DiGraph)
        self.check_same_graph(G, "gexf")
        e = G.edges["KAZ", "RUS"]
        self.assertIsInstance(e["events"], int)
        self.assertIsInstance(e["net"], float)
        for (s, t), l in self.links.items():
            a = G.edges[s, t]
            self.assertEqual(a["evidence"], l["evidence"][0]["text"])
            self.assertEqual(json.loads(a["evidence_json"]), l["evidence"])
        # positions as viz:position, the node-link x and y
        for i, n in self.nodes.items():
            pos = G.nodes[i]["viz"]["position"]
            self.assertEqual((pos["x"], pos["y"]), (n["x"], n["y"]))
        # an unsliced graph is static: no spells
        root = ET.parse(self.path("g.gexf")).getroot()
        ns = {"x": "http://www.gexf.net/1.2draft"}
        self.assertEqual(root.find("x:graph", ns).get("mode"), "static")
        self.assertEqual(root.findall(".//x:spell", ns), [])
        # every attvalue refers to a declared attribute
        declared = {a.get("id") for a in root.iter("{%s}attribute" % ns["x"])}
        used = {v.get("for") for v in root.iter("{%s}attvalue" % ns["x"])}
        self.assertTrue(used <= declared, used - declared)

    def test_sliced_gexf_has_time_spells(self):
        """A sliced graph's GEXF is dynamic: each link has a spell per
        period of its series (first to last day) and its net weight and
        events per period as dynamic attributes, as Gephi's timeline and
        networkx read them."""
        dated = os.path.join(os.path.dirname(EXAMPLE), "horn-of-africa.jsonl")
        for slice_, known in (("year", ("2024", "2024-01-01", "2024-12-31")),
                              ("quarter",
                               ("2024-Q1", "2024-01-01", "2024-03-31")),
                              ("month", ("2024-01", "2024-01-01",
                                         "2024-01-31"))):
            self.run_ok("build", dated, "--slice", slice_, "-o", "t.json",
                        "-o", "t.gexf")
            with open(self.path("t.json"), encoding="utf-8") as f:
                nl = json.load(f)
            G = nx.read_gexf(self.path("t.gexf"))
            self.assertEqual(G.graph.get("mode"), "dynamic")
            spans = set()
            for l in nl["links"]:
                e = G.edges[l["source"], l["target"]]
                self.assertEqual(len(e["spells"]), len(l["series"]))
                self.assertEqual([v for v, _, _ in e["period_net"]],
                                 [float(p["net"]) for p in l["series"]])
                self.assertEqual([v for v, _, _ in e["period_events"]],
                                 [p["events"] for p in l["series"]])
                for (a, b), p in zip(e["spells"], l["series"]):
                    self.assertTrue(a.startswith(p["period"][:4]), (a, p))
                    self.assertLessEqual(a, b)
                    spans.add((p["period"], a, b))
            periods = {p for p, _, _ in spans}
            self.assertIn(known, spans)
            for p, a, b in spans:  # one span per period, the same for all
                self.assertEqual(sum(1 for q, _, _ in spans if q == p), 1, p)
            self.assertEqual(periods, {p for l in nl["links"]
                                       for p in (x["period"]
                                                 for x in l["series"])})
        # months (the last slicing above): from the first to the last day
        # of the month itself
        for p, a, b in spans:
            self.assertEqual(a, p + "-01")
            self.assertTrue(b.startswith(p + "-"), (p, b))

    def test_graphml_keys_are_declared_and_typed(self):
        ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
        root = ET.parse(self.path("g.graphml")).getroot()
        keys = {(k.get("for"), k.get("attr.name")): k.get("attr.type")
                for k in root.findall("g:key", ns)}
        self.assertEqual(keys[("node", "label")], "string")
        self.assertEqual(keys[("node", "mentions")], "int")
        self.assertEqual(keys[("node", "pagerank")], "double")
        self.assertEqual(keys[("node", "community")], "int")
        self.assertEqual(keys[("edge", "weight")], "double")
        self.assertEqual(keys[("edge", "net")], "double")
        self.assertEqual(keys[("edge", "events")], "int")
        self.assertEqual(keys[("edge", "sign")], "int")
        self.assertEqual(keys[("edge", "evidence")], "string")
        self.assertEqual(keys[("edge", "evidence_json")], "string")
        self.assertEqual(keys[("graph", "negated_events_included")], "boolean")
        graph = root.find("g:graph", ns)
        self.assertEqual(graph.get("edgedefault"), "directed")
        ids = [e.get("id") for e in graph.findall("g:edge", ns)]
        self.assertIn("KAZ->RUS", ids)

    # ---- CSV ----------------------------------------------------------------

    def read_csv(self, name):
        with open(self.path(name), "rb") as f:
            raw = f.read()
        self.assertTrue(raw.endswith(b"\r\n"), "RFC 4180 line ends")
        self.assertNotIn(b"\n", raw.replace(b"\r\n", b"").replace(b'"', b""),
                         "bare LF only inside quoted fields")
        return list(csv.DictReader(io.StringIO(raw.decode("utf-8"),
                                               newline="")))

    def test_csv_pair(self):
        rows = self.read_csv("g-nodes.csv")
        self.assertEqual([r["id"] for r in rows], [n["id"] for n in self.nl["nodes"]])
        for r in rows:
            n = self.nodes[r["id"]]
            self.assertEqual(r["label"], n["label"])
            self.assertEqual(int(r["mentions"]), n["mentions"])
            self.assertEqual(int(r["in_degree"]), n["in_degree"])
            self.assertEqual(float(r["out_strength"]), n["out_strength"])
            self.assertEqual(float(r["pagerank"]), n["pagerank"])
            self.assertEqual(r["community"], "" if n["community"] is None
                             else str(n["community"]))
        rows = self.read_csv("g-edges.csv")
        self.assertEqual([(r["source"], r["target"]) for r in rows],
                         [(l["source"], l["target"]) for l in self.nl["links"]])
        for r in rows:
            l = self.links[(r["source"], r["target"])]
            self.assertEqual(float(r["weight"]), l["weight"])
            self.assertEqual(float(r["net"]), l["net"])
            self.assertEqual(int(r["events"]), l["events"])
            self.assertEqual(int(r["sign"]), l["sign"])
            self.assertEqual(r["evidence"], l["evidence"][0]["text"])
            self.assertEqual(r["evidence_doc"], l["evidence"][0]["doc"])
            self.assertEqual(int(r["evidence_sentence"]),
                             l["evidence"][0]["sentence"])
            cats = dict(c.split(":") for c in r["categories"].split(";"))
            self.assertEqual({k: int(v) for k, v in cats.items()},
                             l["categories"])

    def test_empty_graph_declares_every_attribute(self):
        """The columns and keys come from one attribute table, not from
        the values present: a graph with no links has them all."""
        with open(self.path("empty.txt"), "w") as f:
            f.write("Nothing happened here.\n")
        self.run_ok("build", "empty.txt", "-o", "empty.graphml",
                    "--csv-prefix", "empty-")
        with open(self.path("empty-nodes.csv"), encoding="utf-8") as f:
            self.assertEqual(f.readline().rstrip("\r\n").split(","),
                             [k for k in self.nl["nodes"][0]
                              if k not in ("x", "y")])  # CSV: no positions
        with open(self.path("empty-edges.csv"), encoding="utf-8") as f:
            head = f.readline().rstrip("\r\n").split(",")
        self.assertEqual(head[:len(self.nl["links"][0])],
                         list(self.nl["links"][0]))
        self.assertEqual(head[len(self.nl["links"][0]):],
                         ["evidence_doc", "evidence_sentence"])
        ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
        root = ET.parse(self.path("empty.graphml")).getroot()
        keys = {(k.get("for"), k.get("attr.name")): k.get("attr.type")
                for k in root.findall("g:key", ns)}
        full = ET.parse(self.path("g.graphml")).getroot()
        self.assertEqual(keys, {(k.get("for"), k.get("attr.name")):
                                k.get("attr.type")
                                for k in full.findall("g:key", ns)})

    def test_csv_quoting(self):
        text = ('France condemned Iran, "again", after the talks.\n'
                'Russia praised China.\n')
        with open(self.path("q.txt"), "w", encoding="utf-8") as f:
            f.write(text)
        self.run_ok("build", "q.txt", "--csv-prefix", "q-")
        rows = self.read_csv("q-edges.csv")
        ev = {(r["source"], r["target"]): r["evidence"] for r in rows}
        self.assertEqual(ev[("FRA", "IRN")],
                         'France condemned Iran, "again", after the talks.')
        with open(self.path("q-edges.csv"), encoding="utf-8", newline="") as f:
            self.assertIn('"France condemned Iran, ""again"", after the talks."',
                          f.read())

    # ---- render ----------------------------------------------------------

    def test_render_round_trip(self):
        """render of the saved graph writes what build wrote."""
        self.run_ok("render", "g.json", "-o", "r.json", "-o", "r.graphml",
                    "--csv-prefix", "r-")
        self.run_ok("render", "g.json", "-o", "r.gexf")
        for a, b in (("g.json", "r.json"), ("g.graphml", "r.graphml"),
                     ("g.gexf", "r.gexf"),
                     ("g-nodes.csv", "r-nodes.csv"),
                     ("g-edges.csv", "r-edges.csv")):
            with open(self.path(a), "rb") as f, open(self.path(b), "rb") as g:
                self.assertEqual(f.read(), g.read(), "%s vs %s" % (a, b))

    def test_render_stdout_flavour(self):
        out = self.run_ok("render", "g.json", "--json-format", "cytoscape")
        data = json.loads(out)
        self.assertEqual(len(data["elements"]["nodes"]), len(self.nodes))
        self.assertEqual(len(data["elements"]["edges"]), len(self.links))

    def test_render_filters(self):
        self.run_ok("render", "g.json", "--focus", "UKR", "--depth", "1",
                    "-o", "ukr.graphml")
        G = nx.read_graphml(self.path("ukr.graphml"))
        near = {"UKR"} | {t for (s, t) in self.links if s == "UKR"} | \
               {s for (s, t) in self.links if t == "UKR"}
        self.assertEqual(set(G.nodes), near)
        self.assertTrue(all("UKR" in e for e in G.edges))
        # metrics are computed again on the filtered graph
        self.assertEqual(G.graph["nodes"], len(near))

        self.run_ok("render", "g.json", "--min-weight", "6", "-o", "w.json")
        with open(self.path("w.json"), encoding="utf-8") as f:
            w = json.load(f)
        self.assertTrue(w["links"])
        self.assertTrue(all(abs(l["net"]) >= 6 for l in w["links"]))
        self.assertEqual(len(w["links"]),
                         sum(abs(l["net"]) >= 6 for l in self.nl["links"]))
        self.assertIn("pagerank", w["nodes"][0])

        self.run_ok("render", "g.json", "--actors-only", "states",
                    "--min-events", "2", "-o", "s.json")
        with open(self.path("s.json"), encoding="utf-8") as f:
            s = json.load(f)
        self.assertTrue(all(n["type"] == "state" for n in s["nodes"]))
        self.assertTrue(all(l["events"] >= 2 for l in s["links"]))

    def test_render_drawing_options(self):
        """--node-size and --node-color reach the drawing in render too."""
        self.run_ok("render", "g.json", "-o", "plain.svg")
        self.run_ok("render", "g.json", "--node-size", "pagerank",
                    "--node-color", "community", "--layout", "dot",
                    "--title", "Steppe", "-o", "styled.svg", "-o", "styled.html")
        with open(self.path("plain.svg"), encoding="utf-8") as f:
            plain = f.read()
        with open(self.path("styled.svg"), encoding="utf-8") as f:
            styled = f.read()
        self.assertNotEqual(plain, styled)
        self.assertIn("Steppe", styled)
        with open(self.path("styled.html"), encoding="utf-8") as f:
            page = f.read()
        self.assertIn("<title>Steppe</title>", page)
        # the page inlines the same drawing (Graphviz may place a spline a
        # hundredth of a point differently in a second rendering, so the
        # drawing's elements are compared, not its bytes)
        def elements(svg):
            return sorted(l.split('"')[1] for l in svg.splitlines()
                          if l.startswith("<g id=") and 'class="' in l)
        self.assertEqual(elements(page[page.index("<svg"):page.index("</svg>")]),
                         elements(styled))
        self.assertGreater(len(elements(styled)),
                           len(self.nodes) + len(self.links))
        # one title: the page's heading; its drawing has no caption of its
        # own (no title, no legend: the page shows them)
        self.assertIn("<h1>Steppe</h1>", page)
        self.assertNotIn(">Steppe</text>", page)
        self.assertIn(">Steppe</text>", styled)

    def test_render_errors(self):
        code, _, err = self.run_cli("render", EXAMPLE, "-o", "x.json")
        self.assertEqual(code, 2, err)
        self.assertIn("GRAPH.json", err)
        code, _, err = self.run_cli("render", "g.json", "-o", "x.xlsx")
        self.assertEqual(code, 2, err)
        self.assertIn("x.xlsx", err)
        code, _, err = self.run_cli("render", "g.json", "--json-format", "gexf")
        self.assertEqual(code, 2, err)
        code, _, err = self.run_cli("render", "missing.json", "-o", "x.json")
        self.assertEqual(code, 1, err)
        self.assertIn("missing.json", err)
        code, _, err = self.run_cli("render", "g.json", "--focus", "XXX")
        self.assertEqual(code, 2, err)
        # outputs that cannot be written: exit 4, nothing left behind
        code, _, err = self.run_cli("render", "g.json", "-o",
                                    "no/such/dir/x.html", "--csv-prefix",
                                    "no/such/dir/x-")
        self.assertEqual(code, 4, err)
        self.assertIn("no/such/dir/x.html", err)
        self.assertIn("no/such/dir/x-nodes.csv", err)
        self.assertEqual(self.leftovers(), [])

    # ---- HTML ---------------------------------------------------------------

    def test_html_is_self_contained(self):
        self.run_ok("build", EXAMPLE, "-o", "r.html")
        with open(self.path("r.html"), encoding="utf-8") as f:
            page = f.read()
        self.assertTrue(page.startswith("<!DOCTYPE html>"))
        # the script, the graph's data and the report's data
        self.assertEqual(page.count("</script>"), 3)
        self.assertEqual(page.count("</style>"), 1)
        self.assertEqual(page.count("<svg"), 1)
        self.assertNotIn("<?xml", page)
        for bad in ("http://", "https://"):
            # only XML namespace names, which are never fetched
            for line in page.splitlines():
                if bad in line:
                    self.assertRegex(line, r"xmlns|graphdrawing|www\.w3\.org",
                                     line[:200])
        self.assertNotIn("<script src", page)
        self.assertNotIn("<link", page)

        class Parser(html.parser.HTMLParser):
            def __init__(self):
                super().__init__()
                self.ids, self.in_data, self.data = set(), False, ""

            def handle_starttag(self, tag, attrs):
                a = dict(attrs)
                if "id" in a:
                    self.ids.add(a["id"])
                self.in_data = tag == "script" and a.get("id") == "dg-data"

            def handle_endtag(self, tag):
                self.in_data = False

            def handle_data(self, d):
                if self.in_data:
                    self.data += d

        p = Parser()
        p.feed(page)
        self.assertIn("KAZ->RUS", p.ids)
        self.assertIn("KAZ", p.ids)
        self.assertEqual(json.loads(p.data), self.nl)

    def test_html_escapes_script_data(self):
        text = ("France condemned Iran after the </script><!-- <script> "
                "talks & \"quotes\".\nRussia praised China.\n")
        with open(self.path("e.txt"), "w", encoding="utf-8") as f:
            f.write(text)
        self.run_ok("build", "e.txt", "-o", "e.html", "-o", "e.json",
                    "--title", "A <b>title</b> & more")
        with open(self.path("e.html"), encoding="utf-8") as f:
            page = f.read()
        self.assertEqual(page.count("</script>"), 3)
        self.assertIn("A &lt;b&gt;title&lt;/b&gt; &amp; more", page)
        start = page.index('<script type="application/json" id="dg-data">')
        start = page.index(">", start) + 1
        data = json.loads(page[start:page.index("</script>", start)])
        with open(self.path("e.json"), encoding="utf-8") as f:
            self.assertEqual(data, json.load(f))
        self.assertIn("</script><!--", data["links"][0]["evidence"][0]["text"])

    # ---- positions -----------------------------------------------------------

    def svg_centres(self, name):
        """Node id -> (cx, cy) of its ellipse or box in a Graphviz SVG, in
        the layout's coordinates (Graphviz's SVG flips y)."""
        ns = {"s": "http://www.w3.org/2000/svg"}
        root = ET.parse(self.path(name)).getroot()
        out = {}
        for g in root.iter("{http://www.w3.org/2000/svg}g"):
            if g.get("class") != "node":
                continue
            e = g.find(".//s:ellipse", ns)
            if e is not None:
                out[g.get("id")] = (float(e.get("cx")), -float(e.get("cy")))
                continue
            pts = [tuple(map(float, p.split(",")))
                   for p in g.find(".//s:polygon", ns).get("points").split()]
            xs, ys = [p[0] for p in pts], [p[1] for p in pts]
            out[g.get("id")] = ((min(xs) + max(xs)) / 2,
                                -(min(ys) + max(ys)) / 2)
        return out

    def test_positions_are_the_drawing_s(self):
        """x, y of every JSON flavour, GraphML and the DOT's pos are where
        the SVG draws the node."""
        self.run_ok("build", EXAMPLE, "-o", "p.json", "-o", "p.cyjs",
                    "-o", "p.graphml", "-o", "p.dot", "-o", "p.svg",
                    "--csv-prefix", "p-")
        self.run_ok("build", EXAMPLE, "--json-format", "graphology",
                    "-o", "p-gl.json")
        centres = self.svg_centres("p.svg")
        with open(self.path("p.json"), encoding="utf-8") as f:
            nl = {n["id"]: n for n in json.load(f)["nodes"]}
        self.assertEqual(set(centres), set(nl))
        for i, (cx, cy) in centres.items():
            self.assertAlmostEqual(nl[i]["x"], cx, delta=0.02, msg=i)
            self.assertAlmostEqual(nl[i]["y"], cy, delta=0.02, msg=i)
        with open(self.path("p.cyjs"), encoding="utf-8") as f:
            cy = {n["data"]["id"]: n["data"]
                  for n in json.load(f)["elements"]["nodes"]}
        with open(self.path("p-gl.json"), encoding="utf-8") as f:
            gl = {n["key"]: n["attributes"] for n in json.load(f)["nodes"]}
        G = nx.read_graphml(self.path("p.graphml"))
        with open(self.path("p.dot"), encoding="utf-8") as f:
            dot = f.read()
        for i, n in nl.items():
            for k in ("x", "y"):
                self.assertEqual(cy[i][k], n[k], i)
                self.assertEqual(gl[i][k], n[k], i)
                self.assertEqual(G.nodes[i][k], n[k], i)
            self.assertIn('pos="%.2f,%.2f"' % (n["x"], n["y"]), dot)
        # the CSV tables hold no positions
        with open(self.path("p-nodes.csv"), encoding="utf-8") as f:
            head = f.readline().rstrip("\r\n").split(",")
        self.assertNotIn("x", head)

    def test_positions_outside_the_drawing_are_null(self):
        self.run_ok("build", EXAMPLE, "--max-edges", "2", "-o", "b.json")
        with open(self.path("b.json"), encoding="utf-8") as f:
            nodes = json.load(f)["nodes"]
        placed = [n for n in nodes if n["x"] is not None]
        self.assertTrue(2 <= len(placed) <= 4, placed)
        self.assertTrue(all(n["y"] is None for n in nodes if n["x"] is None))

    def test_seed(self):
        def nodes(*args):
            out = self.run_ok("build", EXAMPLE, *args)
            return {n["id"]: (n["x"], n["y"]) for n in json.loads(out)["nodes"]}
        default = nodes()
        self.assertEqual(nodes("--seed", "0"), default)
        seven = nodes("--seed", "7")
        self.assertEqual(nodes("--seed", "7"), seven, "reproducible")
        self.assertNotEqual(seven, default)
        self.assertNotEqual(nodes("--seed", "8"), seven)
        self.assertEqual(nodes("--seed", "7", "--layout", "dot"),
                         nodes("--layout", "dot"), "dot is not random")
        # the drawings follow the seed
        self.run_ok("build", EXAMPLE, "--seed", "7", "-o", "s7.svg")
        for i, (cx, cy) in self.svg_centres("s7.svg").items():
            self.assertAlmostEqual(seven[i][0], cx, delta=0.02, msg=i)
        for bad in ("-1", "x", "", "2147483648", "1e3"):
            code, out, err = self.run_cli("build", EXAMPLE, "--seed", bad)
            self.assertEqual(code, 2, (bad, err))
            self.assertIn("--seed wants a number from 0 to 2147483647", err)

    def test_outputs_are_deterministic(self):
        self.run_ok("build", EXAMPLE, "-o", "d1.html", "-o", "d1.graphml",
                    "-o", "d1.cyjs", "-o", "d1.dot", "--csv-prefix", "d1-")
        self.run_ok("build", EXAMPLE, "-o", "d2.html", "-o", "d2.graphml",
                    "-o", "d2.cyjs", "-o", "d2.dot", "--csv-prefix", "d2-")
        for ext in (".html", ".graphml", ".cyjs", ".dot", "-nodes.csv",
                    "-edges.csv"):
            with open(self.path("d1" + ext), "rb") as a, \
                    open(self.path("d2" + ext), "rb") as b:
                self.assertEqual(a.read(), b.read(), ext)


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit("usage: formats_test.py DIPLOGRAPH EXAMPLE.txt [unittest args]")
    BIN = os.path.abspath(sys.argv[1])
    EXAMPLE = os.path.abspath(sys.argv[2])
    unittest.main(argv=[sys.argv[0]] + sys.argv[3:], verbosity=2)
