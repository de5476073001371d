#!/usr/bin/env python3
"""CLI regression tests for bugs found in src/ and fixed; each failed
before its fix.

    python3 tests/regressions_test.py path/to/diplograph
"""
import json
import os
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cli_test  # noqa: E402  (the runner and temporary directories)


class Regressions(cli_test.CliTestCase):
    def test_two_rendered_outputs(self):
        """write_dot.c render(): every rendered file opens and frees its own
        GVC_t context; with Graphviz 2.42 the second render in one process
        reads a font name freed with the first context (ASan:
        heap-use-after-free in libgvplugin_pango via textspan_size). Only
        the ASan build shows it; a release build reads freed memory
        silently."""
        a = self.write("a.txt", "France condemned Iran. Russia praised China.\n")
        rc, _, err = self.run_cli("build", a, "-o", "a.svg", "-o", "b.svg")
        self.assertEqual(rc, 0, err)
        self.assertEqual(self.read("a.svg"), self.read("b.svg"))
        rc, _, err = self.run_cli("build", a, "-o", "a.png", "-o", "a.pdf")
        self.assertEqual(rc, 0, err)

    def test_jsonl_trailing_garbage_is_malformed(self):
        """read.c next_jl(): cJSON_ParseWithLength ignores text after the
        object, so a line '{"id": ..., "text": ...} junk' is read as a
        good document instead of being reported as malformed."""
        p = self.write("n.jsonl",
                       json.dumps({"id": "d1", "text": "France condemned Iran."})
                       + " junk\n"
                       + json.dumps({"id": "d2", "text": "Russia praised China."})
                       + "\n")
        rc, out, err = self.run_cli("extract", p)
        self.assertEqual(rc, 1)
        self.assertIn("n.jsonl:1:", err)
        self.assertEqual([e["doc"] for e in self.events(out)], ["d2"])

    def test_eigenvector_without_convergence(self):
        """analyze.c: on some graphs ARPACK does not converge for the
        eigenvector centrality (found by fuzzing, tests/data/arpack-no-
        convergence.txt); igraph then failed the whole analysis and build
        exited 'out of memory' without writing anything. The metric is now
        null and everything else is written."""
        here = os.path.dirname(os.path.abspath(__file__))
        src = os.path.join(here, "data", "arpack-no-convergence.txt")
        # the graph that does not converge is the one of the lexicon
        # before misspellings were matched: the file's "Usraine" would
        # add a link, so it is made a lookalike of Ukraine here
        with open(os.path.join(here, "..", "data", "actors.jsonl"),
                  encoding="utf-8") as f:
            ukr = next(json.loads(l) for l in f
                       if l.startswith('{"actor": "UKR"'))
        ukr["lookalikes"] = ukr.get("lookalikes", []) + ["usraine"]
        lex = self.write("ukr.jsonl", json.dumps(ukr) + "\n")
        rc, _, err = self.run_cli("build", src, "--lexicon", lex,
                                  "-o", "g.json")
        self.assertEqual(rc, 1, err)  # the file holds invalid UTF-8
        self.assertNotIn("out of memory", err)
        g = json.loads(self.read("g.json"))
        self.assertTrue(g["nodes"])
        self.assertTrue(all(n["eigenvector"] is None for n in g["nodes"]))
        self.assertTrue(all(isinstance(n["pagerank"], float) for n in g["nodes"]))
        rc, out, err = self.run_cli("report", self.path("g.json"))
        self.assertEqual(rc, 0, err)
        self.assertIn("Centrality", out)

    def test_saved_graph_with_huge_numbers(self):
        """read_graph.c: numbers of a saved graph were cast to integers
        unchecked; 8.9e40 events is undefined behaviour (UBSan, found by
        fuzzing). They are clamped now, and the graph still loads."""
        g = {"directed": True, "graph": {"documents": 1e300, "events": -5},
             "nodes": [{"id": "AAA", "label": "A", "mentions": 1e40},
                       {"id": "BBB", "label": "B", "mentions": -3}],
             "links": [{"source": "AAA", "target": "BBB", "events": 8.9e40,
                        "positive": 1e308, "negative": -1,
                        "categories": {"AGREE": 1e99},
                        "evidence": [{"doc": "d", "sentence": 1e50,
                                      "text": "t", "polarity": 7,
                                      "weight": -1e9, "trigger": "x"}]}]}
        p = self.write("huge.json", json.dumps(g))
        rc, out, err = self.run_cli("report", p, "-o", "r.json")
        self.assertEqual(rc, 0, err)
        r = json.loads(self.read("r.json"))
        self.assertEqual(sorted(a["id"] for a in r["actors"]), ["AAA", "BBB"])
        rc, _, err = self.run_cli("render", p, "-o", "again.json")
        self.assertEqual(rc, 0, err)
        link = json.loads(self.read("again.json"))["links"][0]
        self.assertEqual(link["negative"], 0)
        self.assertLessEqual(link["evidence"][0]["weight"], 10)
        self.assertGreaterEqual(link["evidence"][0]["weight"], -10)

    def test_unknown_layout_is_usage_error(self):
        """write_dot.c: an unknown --layout was found only while rendering,
        after the texts were read, and exited 4 (output) instead of 2
        (usage) as the README documents; no file may be left behind."""
        a = self.write("a.txt", "France condemned Iran.\n")
        for cmd in (("build", a), ):
            rc, _, err = self.run_cli(*cmd, "-o", "x.svg", "--layout", "nope")
            self.assertEqual(rc, 2, err)
            self.assertIn("nope", err)
            self.assertFalse(os.path.exists(self.path("x.svg")))

    @unittest.skipUnless(os.path.exists("/dev/full"), "no /dev/full")
    def test_lexicon_list_unwritable_stdout(self):
        """main.c cmd_lexicon(): 'lexicon list' never checks that standard
        output was written, so it exits 0 on a full disk instead of 4."""
        with open("/dev/full", "w") as full:
            p = subprocess.run([cli_test.BIN, "lexicon", "list"], stdout=full,
                               stderr=subprocess.PIPE, timeout=120)
        self.assertEqual(p.returncode, 4, p.stderr.decode())


if __name__ == "__main__":
    sys.exit(cli_test.run_tests(__doc__))
