#!/usr/bin/env python3
"""The dates of events through the command-line tool (docs/dates.md).

    python3 tests/dates_test.py path/to/diplograph [unittest options]

Each form that dates an event is checked through `diplograph extract` on
sentences written for this test: the sentence's own date ("text"), the
dateline of a plain-text article ("dateline"), the document's date
("document"), none; leaders resolved at the sentence's date; -j 2 the same
as -j 1. The mission article (../shared/corpus) is checked when it is there
and skipped with a message when it is not. Standard library only.
"""
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

BIN = None  # set from the command line
HERE = os.path.dirname(os.path.abspath(__file__))
MISSION = os.path.join(HERE, os.pardir, os.pardir, "shared", "corpus")


class DatesTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="dg_dates_")

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def write(self, name, text):
        p = os.path.join(self.dir, name)
        with open(p, "w", encoding="utf-8") as f:
            f.write(text)
        return p

    def extract(self, *args):
        p = subprocess.run([BIN, "extract"] + list(args), capture_output=True,
                           text=True, timeout=300)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertNotIn("Sanitizer", p.stderr)
        self.assertNotIn("runtime error", p.stderr)
        return [json.loads(line) for line in p.stdout.splitlines()]

    def jsonl(self, name, docs):
        return self.write(name, "".join(json.dumps(d) + "\n" for d in docs))

    def dates(self, events):
        """(source, target) -> (date, date_source), None for no date."""
        out = {}
        for e in events:
            self.assertEqual("date" in e, "date_source" in e, e)
            out[(e["source"], e["target"])] = (
                (e["date"], e["date_source"]) if "date" in e else None)
        return out

    def test_sentence_dates_in_a_plain_text_file(self):
        p = self.write("forms.txt",
                       "In 2017, France praised Japan. "
                       "Egypt thanked Kenya in September 2023. "
                       "On 12 March 2022 Chile condemned Peru. "
                       "On March 14, 2021, Ghana criticized Togo. "
                       "Since 2018 Norway has supported Iceland. "
                       "From 2015 to 2019 Sweden funded Latvia. "
                       "Spain condemned Italy.\n")
        got = self.dates(self.extract(p))
        self.assertEqual(got, {
            ("FRA", "JPN"): ("2017", "text"),
            ("EGY", "KEN"): ("2023-09", "text"),
            ("CHL", "PER"): ("2022-03-12", "text"),
            ("GHA", "TGO"): ("2021-03-14", "text"),
            ("NOR", "ISL"): ("2018", "text"),
            ("SWE", "LVA"): ("2015", "text"),
            ("ESP", "ITA"): None,  # a file has no date of its own
        })

    def test_relative_and_document_dates(self):
        p = self.jsonl("docs.jsonl", [
            {"id": "a", "date": "2024-05-06",
             "text": "Last year Brazil condemned Bolivia. Mexico praised "
                     "Cuba last month. Canada thanked Chile this year. "
                     "Nepal criticized Bhutan."},
            {"id": "b", "text": "Last year Brazil condemned Bolivia."},
        ])
        evs = self.extract(p)
        got = self.dates([e for e in evs if e["doc"] == "a"])
        self.assertEqual(got, {
            ("BRA", "BOL"): ("2023", "text"),
            ("MEX", "CUB"): ("2024-04", "text"),
            ("CAN", "CHL"): ("2024", "text"),
            ("NPL", "BTN"): ("2024-05-06", "document"),
        })
        # no document date: "last year" counts from nothing
        self.assertEqual(self.dates([e for e in evs if e["doc"] == "b"]),
                         {("BRA", "BOL"): None})

    def test_datelines(self):
        article = ("Talks at the border\n"
                   "YEREVAN, March 3 (Reuters) - Armenia condemned Azerbaijan "
                   "on Monday. Iran praised Armenia in 2019.\n\n"
                   "France thanked Armenia.\n")
        # a plain-text file: a dateline without a year has no date
        p = self.write("wire.txt", article)
        self.assertEqual(self.dates(self.extract(p)), {
            ("ARM", "AZE"): None, ("IRN", "ARM"): ("2019", "text"),
            ("FRA", "ARM"): None})
        # with a document date, the dateline takes its year, and is the
        # date of the events that have none of their own
        p = self.jsonl("wire.jsonl", [{"id": "w", "date": "2024-03-04",
                                       "text": article}])
        self.assertEqual(self.dates(self.extract(p)), {
            ("ARM", "AZE"): ("2024-03-03", "dateline"),
            ("IRN", "ARM"): ("2019", "text"),
            ("FRA", "ARM"): ("2024-03-03", "dateline")})
        # a dateline with its year needs no document date
        p = self.write("wire2.txt", "MOSCOW, 3 March 2021 - Russia praised "
                                    "China.\n")
        self.assertEqual(self.dates(self.extract(p)),
                         {("RUS", "CHN"): ("2021-03-03", "dateline")})

    def test_leaders_resolved_at_the_sentence_date(self):
        lex = self.write("lex.jsonl",
                         '{"actor": "QQA", "type": "state", "name": "Qualand"}\n'
                         '{"actor": "QQB", "type": "state", "name": "Quboria"}\n'
                         '{"leader": "Zed Marlow", "actor": "QQA", "from": '
                         '"2000-01-01", "to": "2004-12-31"}\n'
                         '{"leader": "Zed Marlow", "actor": "QQB", "from": '
                         '"2010-01-01", "to": "2014-12-31"}\n')
        p = self.jsonl("dated.jsonl", [
            {"id": "then", "date": "2012-06-01",
             "text": "In 2002, Zed Marlow condemned Iran."},
            {"id": "now", "date": "2012-06-01",
             "text": "Zed Marlow condemned Iran."},
        ])
        evs = self.extract("--lexicon", lex, p)
        got = {e["doc"]: (e["source"], e["date"]) for e in evs}
        self.assertEqual(got, {"then": ("QQA", "2002"),
                               "now": ("QQB", "2012-06-01")})
        # a plain-text article: its dateline's date, not today's
        p = self.write("wire.txt", "GENEVA, 2 May 2003 (AFP) - Zed Marlow "
                                   "condemned Iran.\n")
        evs = self.extract("--lexicon", lex, p)
        self.assertEqual([(e["source"], e["date"], e["date_source"])
                          for e in evs], [("QQA", "2003-05-02", "dateline")])

    def test_parallel_extraction_keeps_the_dates(self):
        docs = [{"id": "d%d" % i, "date": "2020-01-%02d" % (i % 28 + 1),
                 "text": "In %d Japan praised Kenya. Peru condemned Chile."
                 % (1990 + i)} for i in range(200)]
        p = self.jsonl("many.jsonl", docs)
        one = self.extract("-j", "1", p)
        self.assertEqual(one, self.extract("-j", "2", p))
        self.assertEqual({e["date_source"] for e in one},
                         {"text", "document"})

    def run_cli(self, *args):
        p = subprocess.run([BIN] + list(args), capture_output=True,
                           text=True, timeout=300, cwd=self.dir)
        self.assertNotIn("Sanitizer", p.stderr)
        self.assertNotIn("runtime error", p.stderr)
        return p.returncode, p.stdout, p.stderr

    def ranged(self, *args):
        p = self.jsonl("ranged.jsonl", [
            {"id": "a", "date": "2024-05-06",
             "text": "In 2019 France condemned Iran. In 2021 Japan praised "
                     "China. On 3 June 2020 Chile thanked Peru. In 2020 "
                     "Egypt criticized Sudan. Norway supported Iceland."},
            {"id": "b", "text": "Spain praised Italy."},  # no date at all
        ])
        rc, out, err = self.run_cli("build", *args, p)
        self.assertEqual(rc, 0, err)
        g = json.loads(out)
        return sorted((l["source"], l["target"]) for l in g["links"])

    def test_since_and_until(self):
        every = self.ranged()
        self.assertIn(("ESP", "ITA"), every)
        self.assertIn(("NOR", "ISL"), every)
        # NOR-ISL has the document's date, 2024-05-06; ESP-ITA none
        self.assertEqual(self.ranged("--since", "2021"),
                         [("JPN", "CHN"), ("NOR", "ISL")])
        # a year overlaps a range that ends inside it
        self.assertEqual(self.ranged("--until", "2020-05"),
                         [("EGY", "SDN"), ("FRA", "IRN")])
        self.assertEqual(self.ranged("--since", "2020-06-03", "--until",
                                     "2020-06-03"),
                         [("CHL", "PER"), ("EGY", "SDN")])
        self.assertEqual(self.ranged("--since", "2030"), [])

    def test_since_and_until_in_the_report(self):
        p = self.write("r.txt", "In 2019 France condemned Iran. In 2021 "
                                "Japan praised China.\n")
        rc, out, err = self.run_cli("report", "--since", "2020", "--until",
                                "2021-06", p)
        self.assertEqual(rc, 0, err)
        self.assertIn("filters: since 2020, until 2021-06", out)
        self.assertIn("JPN", out)
        self.assertNotIn("FRA", out)

    def test_since_and_until_refused(self):
        for bad in ("20", "2020-13", "2021-02-29", "May 2020", ""):
            rc, _, err = self.run_cli("build", "--since", bad, "x.txt")
            self.assertEqual(rc, 2, bad)
            self.assertIn("--since wants a date YYYY, YYYY-MM or YYYY-MM-DD",
                          err)
        rc, _, err = self.run_cli("build", "--until")
        self.assertEqual(rc, 2)
        # a saved graph keeps no event dates
        p = self.write("t.txt", "In 2019 France condemned Iran.\n")
        rc, _, err = self.run_cli("build", "-o", "g.json", p)
        self.assertEqual(rc, 0, err)
        rc, _, err = self.run_cli("report", "--since", "2019", "g.json")
        self.assertEqual(rc, 2)
        self.assertIn("g.json is a saved graph, which keeps no event dates",
                      err)
        # render reads only saved graphs: the options are not its own
        rc, _, err = self.run_cli("render", "--since", "2019", "g.json",
                                  "-o", "g.svg")
        self.assertEqual(rc, 2)
        self.assertIn("--since is an option of build, merge and report, "
                      "not of render", err)
        self.assertFalse(os.path.exists(os.path.join(self.dir, "g.svg")))

    def test_long_numbers_are_no_dates(self):
        """A run of 20 digits is no day, month or year (and, under UBSan,
        reading it overflows nothing: found by fuzz_jsonl)."""
        p = self.write("n.txt", "On 12345678901234567890 March France "
                                "condemned Iran.\n")
        evs = self.extract(p)
        self.assertTrue(evs)
        for e in evs:
            self.assertNotEqual(e.get("date_source"), "text", e)

    def test_mission_article(self):
        files = sorted(glob.glob(os.path.join(MISSION, "*.txt")))
        if not files:
            self.skipTest("../shared/corpus is not beside the repository: "
                          "the mission article's dates are not checked")
        evs = self.extract(*files)
        for year in ("1920", "1991"):
            named = [e for e in evs if year in e["text"]]
            self.assertTrue(named, "no event on the sentence naming " + year)
            for e in named:
                self.assertEqual((e["date"], e["date_source"]),
                                 (year, "text"), e)
                self.assertEqual({e["source"], e["target"]}, {"ARM", "RUS"})
                self.assertEqual(e["polarity"], 1, e)


if __name__ == "__main__":
    BIN = os.path.abspath(sys.argv.pop(1))
    unittest.main()
