#!/usr/bin/env python3
"""The two loaders end to end (issue 8): saved graphs read back by `report`
and `render` (src/read_graph.c) and lexicon files (src/lexicon.c). Each
case failed before its fix: a crash, a silent overwrite, a file that passed
`lexicon check` and then failed to load, or quadratic time.

    python3 tests/loaders_test.py path/to/diplograph
"""
import copy
import json
import os
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cli_test  # noqa: E402  (the runner and temporary directories)

# Under the sanitizer build ctest sets LSAN_OPTIONS with a slow unwinder
# on every allocation: the time bounds then hold only for release builds,
# and the large inputs are smaller.
SANITIZED = "LSAN_OPTIONS" in os.environ

# Exit codes (diplograph --help)
EXIT_INPUT = 1
EXIT_LEXICON = 3


def base_graph():
    """A small graph as `diplograph build -o g.json` writes it."""
    def link(s, t, cats, ev=True):
        return {"source": s, "target": t, "events": 1, "positive": 0,
                "negative": 5, "weight": 5, "net": -5, "sign": -1,
                "categories": cats,
                "evidence": [{"doc": "a.txt", "sentence": 0,
                              "text": "%s condemned %s." % (s, t),
                              "polarity": -1, "weight": -5,
                              "category": "DISAPPROVE",
                              "trigger": "condemned"}] if ev else []}
    return {
        "directed": True, "multigraph": False,
        "graph": {"generator": "diplograph", "documents": 1, "events": 4,
                  "nodes": 3, "links": 4, "evidence_per_link": 3,
                  "negated_events_included": False},
        "nodes": [{"id": i, "label": l, "type": "state", "mentions": 2}
                  for i, l in (("ARM", "Armenia"), ("AZE", "Azerbaijan"),
                               ("RUS", "Russia"))],
        "links": [link("ARM", "AZE", {"DISAPPROVE": 1}),
                  link("AZE", "ARM", {"DISAPPROVE": 1}),
                  link("AZE", "RUS", {"DISAPPROVE": 1}, ev=False),
                  link("ARM", "RUS", {"DISAPPROVE": 1})],
    }


def mutate(path, value):
    """A copy of the base graph with the item at path (a list of keys and
    indexes) set to value; value DELETE removes it."""
    g = base_graph()
    o = g
    for k in path[:-1]:
        o = o[k]
    if value is DELETE:
        del o[path[-1]]
    else:
        o[path[-1]] = value
    return g


DELETE = object()

# (path, value, the message after "g.json: ")
GRAPH_CASES = [
    # the crash: categories as an array (SIGSEGV in report and render)
    (["links", 3, "categories"], [1, 2],
     'link 3 (ARM -> RUS): "categories" must be an object of counts'),
    (["links", 3, "categories"], "DISAPPROVE",
     'link 3 (ARM -> RUS): "categories" must be an object of counts'),
    (["links", 3, "categories"], {"SCOLD": 1},
     'link 3 (ARM -> RUS): "categories": "SCOLD" is not a PLOVER class'),
    (["links", 3, "categories"], {"DISAPPROVE": "1"},
     'link 3 (ARM -> RUS): "categories"."DISAPPROVE" must be a number'),
    (["links", 3, "evidence"], {"text": "x"},
     'link 3 (ARM -> RUS): "evidence" must be a list'),
    (["links", 3, "evidence", 0], "ARM condemned RUS.",
     'link 3 (ARM -> RUS), evidence 0: must be an object'),
    (["links", 3, "evidence", 0, "text"], 42,
     'link 3 (ARM -> RUS), evidence 0: "text" must be a string'),
    (["links", 3, "evidence", 0, "doc"], None,
     'link 3 (ARM -> RUS), evidence 0: "doc" must be a string'),
    (["links", 3, "evidence", 0, "category"], ["DISAPPROVE"],
     'link 3 (ARM -> RUS), evidence 0: "category" must be a string'),
    (["links", 3, "evidence", 0, "category"], "SCOLD",
     'link 3 (ARM -> RUS), evidence 0: "category": "SCOLD" is not a '
     'PLOVER class'),
    (["links", 3, "evidence", 0, "weight"], "-5",
     'link 3 (ARM -> RUS), evidence 0: "weight" must be a number'),
    (["links", 3, "evidence", 0, "sentence"], True,
     'link 3 (ARM -> RUS), evidence 0: "sentence" must be a number'),
    (["links", 3, "events"], "1",
     'link 3 (ARM -> RUS): "events" must be a number'),
    (["links", 3, "positive"], None,
     'link 3 (ARM -> RUS): "positive" must be a number'),
    (["links", 3, "negative"], [5],
     'link 3 (ARM -> RUS): "negative" must be a number'),
    (["links", 3], ["ARM", "RUS"], 'link 3: must be an object'),
    (["links", 3, "source"], DELETE,
     'link 3: "source" and "target" must be node ids'),
    (["links", 3, "target"], 7, 'link 3: "target" must be a string'),
    (["links", 3, "target"], "GEO",
     'link 3 (ARM -> GEO): "target" is not the id of a node'),
    (["links", 3, "target"], "ARM",
     'link 3 (ARM -> ARM): a link from a node to itself'),
    # a second link between the same pair overwrote the first silently
    (["links", 3, "target"], "AZE",
     'link 3 (ARM -> AZE): the same source and target as link 0 (one '
     'link per ordered pair)'),
    (["nodes", 1], "AZE", 'node 1: must be an object'),
    (["nodes", 1, "id"], DELETE, 'node 1: "id" must be a non-empty string'),
    (["nodes", 1, "id"], "", 'node 1: "id" must be a non-empty string'),
    (["nodes", 1, "id"], 5, 'node 1: "id" must be a string'),
    (["nodes", 1, "id"], "ARM",
     'node 1 (ARM): the id is already node 0 (a node appears once)'),
    (["nodes", 1, "label"], {"en": "Azerbaijan"},
     'node 1 (AZE): "label" must be a string'),
    (["nodes", 1, "type"], "planet",
     'node 1 (AZE): "type" must be "state" or "organization"'),
    (["nodes", 1, "mentions"], "2", 'node 1 (AZE): "mentions" must be a number'),
    (["graph"], [], '"graph" must be an object'),
    (["graph", "events"], "4", 'graph: "events" must be a number'),
    (["graph", "documents"], None, 'graph: "documents" must be a number'),
    (["graph", "evidence_per_link"], "3",
     'graph: "evidence_per_link" must be a number'),
    (["graph", "negated_events_included"], "no",
     'graph: "negated_events_included" must be true or false'),
    (["directed"], "yes", '"directed" must be true or false'),
    (["multigraph"], True,
     '"directed" must be true and "multigraph" false (diplograph\'s graphs '
     'are directed, one link per ordered pair)'),
    (["nodes"], {"ARM": {}},
     'not a node-link graph: "nodes" and "links" lists are missing'),
]


class SavedGraphs(cli_test.CliTestCase):
    def check_bad(self, g, message, name="g.json", render=True):
        p = self.write(name, g if isinstance(g, (str, bytes))
                       else json.dumps(g))
        cmds = [("report", p, "-o", "r.md")]
        if render:
            cmds.append(("render", p, "-o", "out.json"))
        for cmd in cmds:
            rc, _, err = self.run_cli(*cmd)
            self.assertEqual(rc, EXIT_INPUT, (cmd, err))
            self.assertEqual(err, "diplograph: %s: %s\n" % (p, message))
            self.assertFalse(os.path.exists(self.path(cmd[-1])), cmd)
            self.assertEqual(self.leftovers(), [])

    def test_base_graph_loads(self):
        p = self.write("g.json", json.dumps(base_graph()))
        rc, _, err = self.run_cli("render", p, "-o", "out.json")
        self.assertEqual(rc, 0, err)
        out = json.loads(self.read("out.json"))
        self.assertEqual(len(out["links"]), 4)
        self.assertEqual(self.link(out, "ARM", "RUS")["categories"],
                         {"DISAPPROVE": 1})

    def test_weight_net_and_positions_are_derived(self):
        """A graph saved before weight became the intensity (a signed
        weight, no net), one saved now (weight, net, x, y) and one with
        nonsense in those fields load alike: they are computed again."""
        old = base_graph()
        for l in old["links"]:
            l["weight"] = l["positive"] - l["negative"]
            del l["net"]
        new = base_graph()
        for i, n in enumerate(new["nodes"]):
            n["x"], n["y"] = 10.0 * i, None
        odd = base_graph()
        for l in odd["links"]:
            l["weight"], l["net"] = "heavy", [1]
        odd["nodes"][0]["x"] = "left"
        outs = []
        for name, g in (("old", old), ("new", new), ("odd", odd)):
            p = self.write(name + ".json", json.dumps(g))
            rc, _, err = self.run_cli("render", p, "-o", name + "-out.json")
            self.assertEqual(rc, 0, (name, err))
            outs.append(self.read(name + "-out.json"))
        self.assertEqual(outs[0], outs[1])
        self.assertEqual(outs[0], outs[2])
        out = json.loads(outs[0])
        l = self.link(out, "ARM", "RUS")
        self.assertEqual((l["weight"], l["net"], l["sign"]), (5, -5, -1))
        self.assertTrue(all(isinstance(n["x"], float) or isinstance(n["x"], int)
                            for n in out["nodes"]))

    def test_every_field_is_checked(self):
        for path, value, message in GRAPH_CASES:
            with self.subTest(path=path, value=value):
                self.check_bad(mutate(path, value), message)

    def test_top_level(self):
        self.check_bad("[1, 2]", "not a node-link graph: the top level must "
                       "be an object with \"nodes\" and \"links\"")
        self.check_bad("{\"nodes\": [", "not valid JSON (expected a graph "
                       "written by 'diplograph build -o FILE.json')")

    def test_numbers_out_of_range_are_clamped(self):
        g = base_graph()
        g["links"][3]["evidence"][0]["weight"] = -1e9
        g["links"][3]["events"] = 1e300
        g["nodes"][0]["mentions"] = -3
        p = self.write("g.json", json.dumps(g))
        rc, _, err = self.run_cli("render", p, "-o", "out.json")
        self.assertEqual(rc, 0, err)
        out = json.loads(self.read("out.json"))
        self.assertEqual(self.link(out, "ARM", "RUS")["evidence"][0]["weight"],
                         -10)

    def test_size_limits(self):
        # counted before anything else is read (a million items: too slow
        # for the sanitizer build's allocator, see SANITIZED)
        if not SANITIZED:
            self.check_bad({"nodes": [0] * 1000001, "links": []},
                           "1000001 nodes, more than the limit of 1000000",
                           render=False)
            self.check_bad({"nodes": [], "links": [0] * 1000001},
                           "1000001 links, more than the limit of 1000000",
                           render=False)
        g = base_graph()
        g["links"][3]["evidence"] = g["links"][3]["evidence"] * 1001
        self.check_bad(g, 'link 3 (ARM -> RUS): "evidence" holds 1001 '
                       'items, more than the limit of 1000')
        # a sparse file past 256 MiB is refused before it is read
        p = self.path("big.json")
        with open(p, "wb") as f:
            f.truncate((256 << 20) + 1)
        rc, _, err = self.run_cli("report", p)
        self.assertEqual(rc, EXIT_INPUT, err)
        self.assertEqual(err, "diplograph: %s: the file is larger than 256 "
                         "MiB, the limit of a saved graph\n" % p)

    def test_many_nodes_load_in_linear_time(self):
        """100,000 nodes took 41 s to load (each node's id was looked up
        by a linear scan); now well under a second in a release build.
        The bound is loose for sanitizer builds on a busy machine."""
        n = 20000 if SANITIZED else 100000
        g = {"directed": True, "multigraph": False, "graph": {},
             "nodes": [{"id": "N%d" % i, "label": "Node %d" % i}
                       for i in range(n)],
             "links": [{"source": "N%d" % i, "target": "N%d" % ((i + 1) % n),
                        "events": 1, "positive": 1, "negative": 0,
                        "categories": {"AGREE": 1}, "evidence": []}
                       for i in range(n)]}
        p = self.write("big.json", json.dumps(g))
        t = time.monotonic()
        rc, out, err = self.run_cli("report", p, "--focus", "N0",
                                    "-o", "r.json")
        took = time.monotonic() - t
        self.assertEqual(rc, 0, err)
        if not SANITIZED:
            self.assertLess(took, 60, "loading 100k nodes took %.1f s" % took)


LEXICON_CASES = [
    # (line, message): each fails `lexicon check` and loading alike
    ('{"cue": " condemn", "pos": "verb", "class": "DISAPPROVE", '
     '"weight": -5}',
     'cue " condemn" begins or ends with a space'),
    ('{"actor": "XAA", "type": "state", "name": "Xa", "aliases": ["  "]}',
     'actor XAA: alias "  " is empty or only spaces'),
    ('{"actor": "XAA", "type": "state", "name": "Xa", "capitals": ["?"]}',
     'actor XAA: capital "?" has no word (letters or digits), only '
     'punctuation'),
    ('{"actor": "XAA", "type": "state", "name": "Xa  Land"}',
     'actor XAA: name "Xa  Land" holds two spaces in a row'),
    ('{"leader": "Bo Quill", "actor": "ARM", "aliases": ["Quill\\t"]}',
     'leader Bo Quill: alias holds a control character (tab, line '
     'break...) at byte 5'),
    ('{"cue": "meet with", "pos": "verb", "class": "CONSULT", "weight": 3, '
     '"forms": ["met with"]}',
     'cue "meet with": form "met with" must be one word (it replaces the '
     'phrase\'s first word)'),
    # the weight was cast to int before its range was checked (UBSan,
    # found by fuzz_lexicon: tests/fuzz/regressions/fuzz_lexicon)
    ('{"cue": "condemn", "pos": "verb", "class": "DISAPPROVE", '
     '"weight": 1e100}',
     'cue "condemn": "weight" must be an integer from -10 to 10'),
]


class Lexicons(cli_test.CliTestCase):
    def both_refuse(self, text, line, message):
        """`lexicon check` and loading (extract --lexicon) refuse the file
        with the same message."""
        p = self.write("x.jsonl", text)
        rc, out, err = self.run_cli("lexicon", "check", p)
        self.assertEqual(rc, EXIT_LEXICON, err)
        where = "%s:%d: " % (p, line) if line else "%s: " % p
        self.assertEqual(out, where + message + "\n")  # on standard output
        t = self.write("t.txt", "Armenia condemned Russia.\n")
        rc, out, err = self.run_cli("extract", "--lexicon", p, t)
        self.assertEqual(rc, EXIT_LEXICON, err)
        self.assertEqual(out, "")
        self.assertEqual(err, "diplograph: %s%s (run 'diplograph lexicon "
                         "check %s' to list every problem)\n"
                         % (where, message, p))

    def test_phrases(self):
        for line, message in LEXICON_CASES:
            with self.subTest(line=line):
                self.both_refuse("# mine\n" + line + "\n", 2, message)

    def test_alias_shared_by_two_actors(self):
        self.both_refuse(
            '{"actor": "XAA", "type": "state", "name": "Xaland"}\n'
            '{"actor": "XAB", "type": "state", "name": "Xabia", '
            '"aliases": ["the Xaland"]}\n', 2,
            'actor XAB: alias "the Xaland" is also an alias of XAA (line 1); '
            'an alias may name only one actor in a file')

    def test_leader_of_unknown_actor(self):
        self.both_refuse(
            '{"leader": "Bo Quill", "actor": "ZZQ", "from": "2001-01-01"}\n',
            1, 'leader Bo Quill names unknown actor ZZQ (define it in an '
            'actor line, or use an id that `diplograph lexicon list actors` '
            'shows)')

    def test_file_size_limit(self):
        p = self.path("big.jsonl")
        with open(p, "wb") as f:
            f.truncate((256 << 20) + 1)
        for cmd in (("lexicon", "check", p), ("lexicon", "list", "--lexicon", p)):
            rc, out, err = self.run_cli(*cmd)
            self.assertEqual(rc, EXIT_LEXICON, err)
            self.assertIn("%s: the file is larger than 256 MiB, the limit of "
                          "a lexicon file" % p, out + err)

    def test_many_actors_load_in_linear_time(self):
        """100,000 actors took 92 s (every entry rescanned the earlier
        ones); 200,000 now take a few seconds. The bound is loose for
        sanitizer builds on a busy machine."""
        n = 20000 if SANITIZED else 200000
        lines = ['{"actor": "X%d", "type": "organization", "name": "Xorg %d", '
                 '"aliases": ["Xorganisation %d"]}' % (i, i, i)
                 for i in range(n)]
        p = self.write("big.jsonl", "\n".join(lines) + "\n")
        t = self.write("t.txt", "Xorg 4711 condemned Xorganisation %d.\n"
                       % (n - 1))
        start = time.monotonic()
        rc, out, err = self.run_cli("extract", "--lexicon", p, t)
        took = time.monotonic() - start
        self.assertEqual(rc, 0, err)
        ev = self.events(out)
        self.assertEqual(self.pairs(ev), [("X4711", "X%d" % (n - 1))])
        if not SANITIZED:
            self.assertLess(took, 60, "loading 200k actors took %.1f s" % took)


if __name__ == "__main__":
    sys.exit(cli_test.run_tests(__doc__))
