#!/usr/bin/env python3
"""Time slices (issue 13): build/report/render --slice year|quarter|month.

    python3 tests/slices_test.py path/to/diplograph

The documents are written here: short dated news items about two pairs of
states, one of which turns from cooperation to conflict.
"""
import csv
import glob
import json
import os
import subprocess
import sys
import unittest

import cli_test

DOCS = [
    ("a1", "2019-02-10", "France praised Germany. Italy welcomed Spain."),
    ("a2", "2019-11-03", "France signed an agreement with Germany."),
    ("a3", "2021-05-20", "Germany thanked France. Italy praised Spain."),
    ("a4", "2023-03-14", "France condemned Germany. Germany accused France."),
    ("a5", "2023-08-01", "France criticized Germany."),
    ("a6", None, "Italy criticized Spain."),
    ("a7", None, "Spain praised Italy."),
]


def jsonl(docs):
    lines = []
    for i, d, t in docs:
        o = {"id": i, "text": t}
        if d:
            o["date"] = d
        lines.append(json.dumps(o))
    return "\n".join(lines) + "\n"


class Slices(cli_test.CliTestCase):
    def setUp(self):
        super().setUp()
        self.src = self.write("news.jsonl", jsonl(DOCS))

    def build(self, *args):
        rc, out, err = self.run_cli("build", self.src, "-o", "g.json", *args)
        self.assertEqual(rc, 0, err)
        with open(self.path("g.json"), encoding="utf-8") as f:
            return json.load(f)

    def link(self, g, s, t):
        return next(l for l in g["links"]
                    if l["source"] == s and l["target"] == t)

    def test_year_series_add_up_to_the_totals(self):
        g = self.build("--slice", "year")
        meta = g["graph"]
        self.assertEqual(meta["slice"], "year")
        self.assertEqual(meta["periods"], sorted(meta["periods"]))
        self.assertEqual(meta["periods"], ["2019", "2021", "2023"])
        self.assertEqual(meta["undated_events"], 2)  # a6, a7 have no date
        for l in g["links"]:
            ser = l["series"]
            self.assertEqual([p["period"] for p in ser],
                             sorted(p["period"] for p in ser))
            for k in ("positive", "negative"):
                self.assertLessEqual(sum(p[k] for p in ser), l[k])
            for p in ser:
                self.assertEqual(p["net"], p["positive"] - p["negative"])
                self.assertEqual(p["weight"], p["positive"] + p["negative"])
        fd = self.link(g, "FRA", "DEU")
        byp = {p["period"]: p for p in fd["series"]}
        self.assertGreater(byp["2019"]["net"], 0)
        self.assertLess(byp["2023"]["net"], 0)
        self.assertEqual(sum(p["events"] for p in fd["series"]), fd["events"])
        fra = next(n for n in g["nodes"] if n["id"] == "FRA")
        periods = [p["period"] for p in fra["series"]]
        self.assertEqual(periods, ["2019", "2021", "2023"])
        for p in fra["series"]:
            self.assertGreater(p["pagerank"], 0)
        self.assertEqual(fra["series"][0]["out_degree"], 1)

    def test_quarter_and_month_need_a_month(self):
        q = self.build("--slice", "quarter")
        self.assertEqual(q["graph"]["periods"],
                         ["2019-Q1", "2019-Q4", "2021-Q2", "2023-Q1", "2023-Q3"])
        self.assertEqual(q["graph"]["undated_events"], 2)
        m = self.build("--slice", "month")
        self.assertIn("2023-08", m["graph"]["periods"])
        self.assertEqual(m["graph"]["undated_events"], 2)

    def test_unsliced_outputs_have_no_series(self):
        g = self.build()
        self.assertNotIn("slice", g["graph"])
        self.assertTrue(all("series" not in l for l in g["links"]))
        self.assertTrue(all("series" not in n for n in g["nodes"]))

    def test_render_reads_a_sliced_graph_back(self):
        for sl in ("year", "quarter", "month"):
            self.build("--slice", sl)
            rc, out, err = self.run_cli("render", "g.json", "-o", "again.json")
            self.assertEqual(rc, 0, err)
            self.assertEqual(self.read("again.json"), self.read("g.json"), sl)
        # a filter keeps the series of the links it keeps
        rc, out, err = self.run_cli("render", "g.json", "--focus", "ITA",
                                    "-o", "ita.json")
        self.assertEqual(rc, 0, err)
        ita = json.loads(self.read("ita.json"))
        self.assertEqual(ita["graph"]["periods"],
                         json.loads(self.read("g.json"))["graph"]["periods"])
        self.assertTrue(all(l["series"] for l in ita["links"]
                            if l["source"] != "ESP"))

    def test_a_series_period_must_be_a_period_of_the_graph(self):
        g = self.build("--slice", "year")
        g["links"][0]["series"][0]["period"] = "1999"
        self.write("bad.json", json.dumps(g))
        rc, out, err = self.run_cli("render", "bad.json", "-o", "x.json")
        self.assertEqual(rc, 1, err)
        self.assertIn('period "1999" is not in the graph\'s "periods"', err)
        g = self.build("--slice", "year")
        g["graph"]["periods"][0] = "2019-05"
        self.write("bad2.json", json.dumps(g))
        rc, out, err = self.run_cli("render", "bad2.json", "-o", "x.json")
        self.assertEqual(rc, 1, err)
        self.assertIn('"2019-05" is not a year', err)

    def test_report_shows_the_turn(self):
        rc, out, err = self.run_cli("report", self.src, "--slice", "year")
        self.assertEqual(rc, 0, err)
        turns = out[out.index("Turns"):out.index("Net weight per year")]
        first = [l for l in turns.splitlines() if "->" in l][0]
        self.assertIn("FRA -> DEU", first)
        self.assertIn("sign flipped", first)
        table = out[out.index("Net weight per year"):out.index("Methods")]
        self.assertRegex(table, r"dyad\s+2019\s+2021\s+2023")
        self.assertRegex(table, r"FRA -> DEU\s+\+\d+\s+\.\s+-\d+")
        self.assertIn("2 events without a year in their date", table)
        rc, out, err = self.run_cli("report", self.src, "--slice", "year",
                                    "-o", "r.json")
        self.assertEqual(rc, 0, err)
        tr = json.loads(self.read("r.json"))["trends"]
        self.assertEqual(tr["periods"], ["2019", "2021", "2023"])
        t = tr["turns"][0]
        self.assertEqual((t["source"], t["target"]), ("FRA", "DEU"))
        self.assertTrue(t["sign_flipped"])
        self.assertEqual(t["change"], t["last"] - t["first"])
        rc, out, err = self.run_cli("report", self.src, "--slice", "year",
                                    "-o", "r.md")
        self.assertEqual(rc, 0, err)
        self.assertIn("| dyad | 2019 | 2021 | 2023 |", self.read("r.md").decode())

    def test_csv_series_table(self):
        rc, out, err = self.run_cli("build", self.src, "--slice", "year",
                                    "--csv-prefix", "t-", "-o", "g.json")
        self.assertEqual(rc, 0, err)
        with open(self.path("t-series.csv"), newline="") as f:
            rows = list(csv.DictReader(f))
        self.assertEqual(list(rows[0].keys()),
                         ["source", "target", "period", "events", "positive",
                          "negative", "weight"])
        g = json.loads(self.read("g.json"))
        expect = [(l["source"], l["target"], p["period"], p["events"])
                  for l in g["links"] for p in l["series"]]
        self.assertEqual([(r["source"], r["target"], r["period"],
                           int(r["events"])) for r in rows], expect)
        rc, out, err = self.run_cli("build", self.src, "--csv-prefix", "u-",
                                    "-o", "h.json")
        self.assertFalse(os.path.exists(self.path("u-series.csv")))

    def test_sliced_outputs_load_in_networkx(self):
        rc, out, err = self.run_cli("build", self.src, "--slice", "year",
                                    "-o", "g.json", "-o", "g.graphml")
        self.assertEqual(rc, 0, err)
        code = (
            "import json, sys, networkx as nx\n"
            "g = nx.node_link_graph(json.load(open(sys.argv[1])))\n"
            "h = nx.read_graphml(sys.argv[2])\n"
            "s = json.loads(h.edges['FRA', 'DEU']['series'])\n"
            "assert [p['period'] for p in s] == [p['period'] for p in "
            "g.edges['FRA', 'DEU']['series']], s\n"
            "assert json.loads(h.graph['periods']) == g.graph['periods']\n"
            "print('ok')\n")
        p = subprocess.run(["/usr/bin/python3", "-c", code, self.path("g.json"),
                            self.path("g.graphml")], capture_output=True,
                           text=True)
        self.assertEqual(p.stdout.strip(), "ok", p.stderr)

    def test_the_dated_example_shows_its_turn(self):
        """graphs/horn-of-africa.jsonl (our own dated articles): Somalia's
        relation to Ethiopia turns from cooperation (2018, 2021) to conflict
        (2024), and the report's turns say so first."""
        src = os.path.join(os.path.dirname(os.path.dirname(
            os.path.abspath(__file__))), "graphs", "horn-of-africa.jsonl")
        rc, out, err = self.run_cli("report", src, "--slice", "year",
                                    "-o", "r.json")
        self.assertEqual(rc, 0, err)
        t = json.loads(self.read("r.json"))["trends"]["turns"][0]
        self.assertEqual((t["source"], t["target"]), ("SOM", "ETH"))
        self.assertTrue(t["sign_flipped"])
        self.assertGreater(t["first"], 0)
        self.assertLess(t["last"], 0)

    def test_sliced_partials_merge_into_the_sliced_build(self):
        """Series merge by period key: shards built with --partial and
        merged give the bytes of one sliced build; another slicing is
        refused."""
        rc, out, err = self.run_cli("build", self.src, "--slice", "quarter",
                                    "-o", "one.json")
        self.assertEqual(rc, 0, err)
        parts = []
        for k in (1, 2, 3):
            parts.append("p%d.json" % k)
            rc, out, err = self.run_cli("build", self.src, "--slice",
                                        "quarter", "--shard", "%d/3" % k,
                                        "--partial", "-o", parts[-1])
            self.assertEqual(rc, 0, err)
        rc, out, err = self.run_cli("merge", "--slice", "quarter",
                                    *reversed(parts), "-o", "merged.json")
        self.assertEqual(rc, 0, err)
        self.assertEqual(self.read("merged.json"), self.read("one.json"))
        rc, out, err = self.run_cli("merge", "--slice", "year", *parts,
                                    "-o", "bad.json")
        self.assertEqual(rc, 1)
        self.assertIn("built with --slice quarter, this merge has year", err)

    def test_mission_article_by_year(self):
        """The mission article (../shared/corpus) as one dated JSON Lines
        document: report --slice year keeps the historical ARM-RUS
        cooperation (1920, 1991, dated by the text) apart from the recent,
        conflictual ARM->RUS relation and the cooperative ARM->EU and
        ARM->USA ones (dated by the document)."""
        root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        files = sorted(glob.glob(os.path.join(root, "..", "shared", "corpus",
                                              "*.txt")))
        if not files:
            self.skipTest("../shared/corpus is not beside the repository: "
                          "the mission article's slices are not checked")
        with open(files[0], encoding="utf-8") as f:
            text = f.read()
        src = self.write("mission.jsonl", json.dumps(
            {"id": "mission", "date": "2024-06-01", "text": text}) + "\n")
        rc, out, err = self.run_cli("report", src, "--slice", "year",
                                    "--format", "json")
        self.assertEqual(rc, 0, err)
        series = {(d["source"], d["target"]):
                  {p["period"]: p["net"] for p in d["series"]}
                  for d in json.loads(out)["trends"]["series"]}
        rus = series[("ARM", "RUS")]
        self.assertGreater(rus["1920"], 0)
        self.assertGreater(rus["1991"], 0)
        self.assertLess(rus["2024"], 0)
        self.assertGreater(series[("ARM", "EU")]["2024"], 0)
        self.assertGreater(series[("ARM", "USA")]["2024"], 0)

    def test_bad_slice(self):
        rc, out, err = self.run_cli("build", self.src, "--slice", "week")
        self.assertEqual(rc, 2)
        self.assertIn("--slice takes year, quarter or month", err)


if __name__ == "__main__":
    cli_test.BIN = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
