#!/usr/bin/python3
"""The Python binding (python/diplograph, issue 11 point 3) against the
command line, run by Debian's interpreter with Debian's networkx.

usage: python_test.py DIPLOGRAPH LIBDIPLOGRAPH.so SOURCE_DIR [--skip]

The binding loads the shared library given (DIPLOGRAPH_LIBRARY). For the
project's example text and for the 269 labelled sentences of
tests/data/constructions.jsonl (with ids, and dates added here):
build_json() gives the bytes `diplograph build` writes, build() that JSON
parsed, extract() the events `diplograph extract` writes; to_networkx()
sees the graph's nodes, links and attributes. --skip (a sanitizer build,
whose instrumented library Python cannot load) exits 77.
"""
import json
import os
import subprocess
import sys
import tempfile
import unittest

if "--skip" in sys.argv:
    print("skipped: the sanitizer build's library cannot be loaded by python3")
    sys.exit(77)

BIN, LIB, SOURCE = sys.argv[1:4]
os.environ["DIPLOGRAPH_LIBRARY"] = LIB
sys.path.insert(0, os.path.join(SOURCE, "python"))
import diplograph  # noqa: E402
import networkx as nx  # noqa: E402

EXAMPLE = os.path.join(SOURCE, "graphs", "steppe-diplomacy.txt")
CONSTRUCTIONS = os.path.join(SOURCE, "tests", "data", "constructions.jsonl")


def cli(*args):
    p = subprocess.run([BIN] + list(args), stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=300)
    if p.returncode != 0:
        raise AssertionError("diplograph %s: exit %d\n%s" % (
            " ".join(args), p.returncode, p.stderr.decode()))
    return p.stdout


class Binding(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        with open(CONSTRUCTIONS, encoding="utf-8") as f:
            rows = [json.loads(l) for l in f]
        cls.texts = [r["text"] for r in rows]
        cls.ids = [r["id"] for r in rows]
        cls.dates = ["2019-%02d-%02d" % (1 + i % 12, 1 + i % 28) if i % 3
                     else None for i in range(len(rows))]
        cls.jsonl = os.path.join(cls.tmp.name, "docs.jsonl")
        with open(cls.jsonl, "w", encoding="utf-8") as f:
            for t, i, d in zip(cls.texts, cls.ids, cls.dates):
                doc = {"id": i, "text": t}
                if d:
                    doc["date"] = d
                f.write(json.dumps(doc) + "\n")
        with open(EXAMPLE, encoding="utf-8") as f:
            cls.example = f.read()

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_build_is_the_cli_build(self):
        self.assertEqual(diplograph.build_json(self.example, ids=[EXAMPLE]),
                         cli("build", EXAMPLE).decode())
        out = cli("build", self.jsonl).decode()
        self.assertEqual(diplograph.build_json(self.texts, self.dates,
                                               self.ids), out)
        self.assertEqual(diplograph.build(self.texts, dates=self.dates,
                                          ids=self.ids), json.loads(out))

    def test_build_options_are_the_cli_options(self):
        out = cli("build", self.jsonl, "--evidence", "1",
                  "--include-negated").decode()
        self.assertEqual(diplograph.build_json(
            self.texts, self.dates, self.ids, evidence=1,
            include_negated=True), out)

    def test_date_range_is_the_cli_range(self):
        out = cli("build", self.jsonl, "--since", "2019-05",
                  "--until", "2019-09").decode()
        self.assertLess(json.loads(out)["graph"]["events"],
                        json.loads(cli("build", self.jsonl))["graph"]["events"])
        self.assertEqual(diplograph.build_json(
            self.texts, self.dates, self.ids, since="2019-05",
            until="2019-09"), out)
        with self.assertRaises(diplograph.DiplographError):
            diplograph.build_json(self.texts, since="2024-13")

    def test_slices_are_the_cli_slices(self):
        out = cli("build", self.jsonl, "--slice", "quarter").decode()
        self.assertIn('"slice":\t"quarter"', out)
        self.assertEqual(diplograph.build_json(
            self.texts, self.dates, self.ids, slice="quarter"), out)
        with self.assertRaises(ValueError):
            diplograph.build_json(self.texts, slice="week")

    def test_extract_is_the_cli_extract(self):
        expected = [json.loads(l) for l in
                    cli("extract", self.jsonl).decode().splitlines()]
        events = diplograph.extract(self.texts, self.dates, self.ids)
        self.assertGreater(len(events), 200)
        self.assertEqual(events, expected)
        self.assertTrue(any("date" in e for e in events))
        negated = [json.loads(l) for l in cli(
            "extract", self.jsonl, "--include-negated").decode().splitlines()]
        self.assertGreater(len(negated), len(expected))
        self.assertEqual(diplograph.extract(self.texts, self.dates, self.ids,
                                            include_negated=True), negated)

    def test_networkx_sees_the_graph(self):
        g = diplograph.build(self.texts, self.dates, self.ids)
        G = diplograph.to_networkx(g)
        self.assertIsInstance(G, nx.DiGraph)
        self.assertTrue(G.is_directed())
        self.assertEqual(set(G.nodes), {n["id"] for n in g["nodes"]})
        self.assertEqual(set(G.edges),
                         {(l["source"], l["target"]) for l in g["links"]})
        self.assertEqual(G.number_of_edges(), g["graph"]["links"])
        self.assertGreater(G.number_of_edges(), 100)
        for l in g["links"]:
            e = G.edges[l["source"], l["target"]]
            self.assertEqual(e["weight"], l["weight"])
            self.assertEqual(e["events"], l["events"])
        for n in g["nodes"]:
            self.assertEqual(G.nodes[n["id"]]["label"], n["label"])
            self.assertEqual(G.nodes[n["id"]]["pagerank"], n["pagerank"])
        # a fact of the example text, seen through networkx
        E = diplograph.to_networkx(diplograph.build(self.example))
        self.assertLess(E.edges["RUS", "UKR"]["weight"], 0)
        self.assertIn("KAZ", E)

    def test_default_ids_and_blank_texts(self):
        events = diplograph.extract(["France condemned Iran.", " \n",
                                     "Russia praised China."])
        self.assertEqual([e["doc"] for e in events],
                         ["<texts>:1", "<texts>:3"])
        self.assertEqual(diplograph.build("")["graph"]["documents"], 0)

    def test_errors(self):
        with self.assertRaises(ValueError):
            diplograph.build(["a", "b"], dates=["2024-01-01"])
        missing = os.path.join(self.tmp.name, "missing.jsonl")
        with self.assertRaises(diplograph.DiplographError) as cm:
            diplograph.extract("France condemned Iran.", lexicons=[missing])
        self.assertIn("missing.jsonl", str(cm.exception))
        self.assertLess(cm.exception.code, 0)
        bad = os.path.join(self.tmp.name, "bad.jsonl")
        with open(bad, "w") as f:
            f.write("{not json\n")
        with self.assertRaises(diplograph.DiplographError) as cm:
            diplograph.build("France condemned Iran.", lexicons=[bad])
        self.assertIn("bad.jsonl:1", str(cm.exception))

    def test_quiet(self):
        # igraph's warnings (eigenvector centrality of a directed graph)
        # are turned off as the CLI turns them off: nothing on stderr
        p = subprocess.run(
            [sys.executable, "-c", "import diplograph; "
             "diplograph.build(['France condemned Iran.'])"],
            env=dict(os.environ, PYTHONPATH=os.path.join(SOURCE, "python")),
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
        self.assertEqual((p.returncode, p.stderr), (0, b""))

    def test_threads(self):
        # docs/python.md: calls from several threads are safe (one shared
        # lexicon, an extractor and a graph per call)
        import threading
        want = diplograph.build_json(self.example)
        results = []

        def work():
            for _ in range(3):
                results.append(diplograph.build_json(self.example) == want)

        threads = [threading.Thread(target=work) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(results, [True] * 12)

    def test_declarations_mirror_the_header(self):
        # every function the binding declares has the header's number of
        # parameters, and the constants are the header's: a signature
        # changed in C without the binding fails here, not in a crash
        import re
        with open(os.path.join(SOURCE, "include", "diplograph.h"),
                  encoding="utf-8") as f:
            header = re.sub(r"/\*.*?\*/", "", f.read(), flags=re.S)
        self.assertEqual(diplograph.ABI_VERSION, int(re.search(
            r"#define DG_ABI_VERSION (\d+)", header).group(1)))
        for name in ("DG_OK", "DG_ENOMEM", "DG_EINVAL", "DG_EABORT"):
            m = re.search(r"\b%s = (-?\d+)" % name, header)
            self.assertEqual(getattr(diplograph, name), int(m.group(1)), name)
        declared = 0
        for name in dir(diplograph._lib):
            if not name.startswith("dg_"):
                continue
            m = re.search(r"\b%s\s*\(([^)]*)\)\s*;" % name, header)
            self.assertIsNotNone(m, name)
            params = [a for a in m.group(1).split(",") if a.strip()]
            if params == ["void"]:
                params = []
            self.assertEqual(len(getattr(diplograph._lib, name).argtypes),
                             len(params), name)
            declared += 1
        self.assertGreaterEqual(declared, 15)

    def test_callback_exception_propagates(self):
        # an exception inside the event callback stops the extraction and
        # is raised from the call, not printed and lost
        orig = diplograph._lib.dg_event_to_json
        try:
            diplograph._lib.dg_event_to_json = None
            with self.assertRaises(TypeError):
                diplograph.extract("France condemned Iran.")
        finally:
            diplograph._lib.dg_event_to_json = orig
        self.assertEqual(len(diplograph.extract("France condemned Iran.")), 1)


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
