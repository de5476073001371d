#!/usr/bin/env python3
"""End-to-end tests of `diplograph report`: formats, sorting, filters and
their header, errors, and the node styling options of `build`.

usage: report_cli_test.py DIPLOGRAPH EXAMPLE.txt
"""
import csv
import json
import os
import subprocess
import sys
import tempfile
import unittest

BIN = EXAMPLE = None


def run(*args, check=True):
    p = subprocess.run([BIN, *args], capture_output=True, text=True)
    if check and p.returncode != 0:
        raise AssertionError(f"{args} exited {p.returncode}: {p.stderr}")
    return p


class Report(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.graph = os.path.join(cls.tmp.name, "g.json")
        run("build", EXAMPLE, "-o", cls.graph)
        with open(cls.graph) as f:
            cls.g = json.load(f)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def report_json(self, *args):
        out = os.path.join(self.tmp.name, "r.json")
        run("report", *args, "-o", out)
        with open(out) as f:
            return json.load(f)

    def test_text_and_saved_graph_agree(self):
        a = self.report_json(EXAMPLE)
        b = self.report_json(self.graph)
        strip = lambda r: {k: v for k, v in r.items() if k != "header"}
        self.assertEqual(strip(a), strip(b))

    def test_terminal_table(self):
        p = run("report", self.graph)
        self.assertIn("Centrality", p.stdout)
        self.assertIn("Signed balance", p.stdout)
        self.assertIn("filters: none", p.stdout)
        for n in self.g["nodes"]:
            self.assertIn(n["id"], p.stdout)

    def test_sort_and_top(self):
        r = self.report_json(self.graph, "--sort", "mentions", "--top", "3")
        self.assertEqual(len(r["actors"]), 3)
        want = sorted(self.g["nodes"], key=lambda n: (-n["mentions"], n["id"]))
        self.assertEqual([a["id"] for a in r["actors"]],
                         [n["id"] for n in want[:3]])

    def test_focus_depth(self):
        r = self.report_json(self.graph, "--focus", "UKR", "--depth", "1")
        ids = {a["id"] for a in r["actors"]}
        self.assertEqual(ids, {"UKR", "RUS"})
        self.assertIn("focus UKR", r["header"]["filters"])
        r2 = self.report_json(self.graph, "--focus", "UKR", "--depth", "2")
        self.assertIn("KAZ", {a["id"] for a in r2["actors"]})

    def test_min_events_and_weight(self):
        r = self.report_json(self.graph, "--min-events", "2")
        keep = [l for l in self.g["links"] if l["events"] >= 2]
        self.assertEqual(r["header"]["relations"], len(keep))
        r = self.report_json(self.graph, "--min-weight", "6")
        keep = [l for l in self.g["links"] if abs(l["net"]) >= 6]
        self.assertEqual(r["header"]["relations"], len(keep))
        self.assertIn("min-weight 6", r["header"]["filters"])

    def test_actors_only(self):
        r = self.report_json(self.graph, "--actors-only", "organizations")
        self.assertEqual(r["actors"], [])
        r = self.report_json(self.graph, "--actors-only", "states")
        types = {n["id"]: n["type"] for n in self.g["nodes"]}
        self.assertTrue(all(types[a["id"]] == "state" for a in r["actors"]))

    def test_markdown_and_csv(self):
        md = os.path.join(self.tmp.name, "r.md")
        cs = os.path.join(self.tmp.name, "r.csv")
        run("report", self.graph, "-o", md, "-o", cs)
        with open(md) as f:
            text = f.read()
        self.assertTrue(text.startswith("# diplograph report"))
        self.assertIn("| actor | name |", text)
        with open(cs, newline="") as f:
            rows = list(csv.DictReader(f))
        self.assertEqual(len(rows), len(self.g["nodes"]))
        by = {n["id"]: n for n in self.g["nodes"]}
        for row in rows:
            self.assertAlmostEqual(float(row["pagerank"]),
                                   by[row["actor"]]["pagerank"], places=6)

    def test_balance_lists_unbalanced_triad(self):
        r = self.report_json(self.graph)
        # the example has KAZ-CHN +, CHN-RUS +, KAZ-RUS -: unbalanced
        self.assertIn({"CHN", "KAZ", "RUS"},
                      [set(t["actors"]) for t in r["balance"]["unbalanced"]])
        self.assertEqual(r["balance"]["triads"],
                         r["balance"]["balanced"] + len(r["balance"]["unbalanced"]))

    def test_deterministic(self):
        a = run("report", self.graph).stdout
        b = run("report", self.graph).stdout
        self.assertEqual(a, b)

    def test_errors(self):
        p = run("report", self.graph, "--sort", "nonsense", check=False)
        self.assertEqual(p.returncode, 2)
        self.assertIn("--sort", p.stderr)
        p = run("report", self.graph, "--focus", "ZZZ", check=False)
        self.assertEqual(p.returncode, 2)
        self.assertIn("ZZZ", p.stderr)
        bad = os.path.join(self.tmp.name, "bad.json")
        with open(bad, "w") as f:
            f.write('{"nodes": 3}')
        p = run("report", bad, check=False)
        self.assertEqual(p.returncode, 1)
        self.assertIn("bad.json", p.stderr)
        out = os.path.join(self.tmp.name, "r.xyz")
        p = run("report", self.graph, "-o", out, check=False)
        self.assertEqual(p.returncode, 2)
        self.assertFalse(os.path.exists(out))
        p = run("report", self.graph, "-o", "/nonexistent/dir/r.md", check=False)
        self.assertEqual(p.returncode, 4)

    def test_node_size_and_color(self):
        dot = os.path.join(self.tmp.name, "s.dot")
        run("build", EXAMPLE, "-o", dot, "--node-size", "pagerank",
            "--node-color", "community")
        with open(dot) as f:
            text = f.read()
        self.assertIn("#fdb462", text)  # the first community colour
        p = run("build", EXAMPLE, "-o", dot, "--node-size", "nope", check=False)
        self.assertEqual(p.returncode, 2)


if __name__ == "__main__":
    BIN, EXAMPLE = sys.argv[1], sys.argv[2]
    del sys.argv[1:]
    unittest.main(verbosity=1)
