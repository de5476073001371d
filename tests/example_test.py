#!/usr/bin/env python3
"""Example tests: build the graph of a whole article and check the
relations a reader finds in it.

    python3 tests/example_test.py steppe  PATH-TO-DIPLOGRAPH graphs/steppe-diplomacy.txt
    python3 tests/example_test.py mission PATH-TO-DIPLOGRAPH ../shared/corpus/000_b7db214251bb9adf.txt

Exit status: 0 pass, 1 fail, 77 skipped (the input is not there; ctest's
SKIP_RETURN_CODE), 2 usage. Standard library only.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

SKIP = 77
SANITIZER_MARKS = ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer",
                   "runtime error:", "SUMMARY: UndefinedBehaviorSanitizer")


class Failure(Exception):
    pass


def check(cond, what):
    if not cond:
        raise Failure(what)
    print("ok: " + what)


def normalize(text):
    """What the extractor does to a sentence: ASCII quotes, one space."""
    for a, b in (("\u2019", "'"), ("\u2018", "'"), ("\u201c", '"'),
                 ("\u201d", '"'), ("\u2013", "-"), ("\u2014", "-"),
                 ("\u00a0", " ")):
        text = text.replace(a, b)
    return re.sub(r"\s+", " ", text)


def build(binary, src, workdir):
    out_json = os.path.join(workdir, "graph.json")
    out_dot = os.path.join(workdir, "graph.dot")
    p = subprocess.run([binary, "build", src, "-o", out_json, "-o", out_dot],
                       capture_output=True, timeout=300)
    err = p.stderr.decode("utf-8", "replace")
    for mark in SANITIZER_MARKS:
        check(mark not in err, "no sanitizer report (%s)" % mark)
    check(p.returncode == 0, "build exits 0 (got %d: %s)" % (p.returncode, err))
    with open(out_json, encoding="utf-8") as f:
        graph = json.load(f)
    # determinism: a second run gives the same bytes
    again = os.path.join(workdir, "again.json")
    p = subprocess.run([binary, "build", src, "-o", again],
                       capture_output=True, timeout=300)
    check(p.returncode == 0, "second build exits 0")
    with open(out_json, "rb") as a, open(again, "rb") as b:
        check(a.read() == b.read(), "two builds give identical JSON")
    return graph


class Graph:
    def __init__(self, g):
        self.g = g
        self.nodes = {n["id"] for n in g["nodes"]}
        self.links = {(l["source"], l["target"]): l for l in g["links"]}

    def net(self, s, t):
        l = self.links.get((s, t))
        return None if l is None else l["net"]

    def describe(self):
        return "; ".join("%s->%s %+g (%d)" % (s, t, l["net"], l["events"])
                         for (s, t), l in sorted(self.links.items()))


def tail_only_links(graph, text, marker_re):
    """Links whose every evidence sentence lies after the marker (the
    author's biography, disclaimers, references)."""
    m = re.search(marker_re, text)
    if not m:
        return []
    head = normalize(text[:m.start()])
    bad = []
    for (s, t), l in graph.links.items():
        ev = l["evidence"]
        if ev and not any(normalize(e["text"]) in head for e in ev):
            bad.append("%s->%s" % (s, t))
    return bad


def schema(graph):
    g = graph.g
    check(g.get("directed") is True and g.get("multigraph") is False,
          "directed, not a multigraph")
    for l in g["links"]:
        check(abs(l["net"] - (l["positive"] - l["negative"])) < 1e-9 and
              abs(l["weight"] - (l["positive"] + l["negative"])) < 1e-9 and
              l["weight"] >= 0 and
              l["sign"] == (l["net"] > 0) - (l["net"] < 0) and
              l["source"] in graph.nodes and l["target"] in graph.nodes and
              l["source"] != l["target"],
              "link %s->%s is consistent" % (l["source"], l["target"]))


def steppe(graph, text):
    print("graph: " + graph.describe())
    schema(graph)
    for n in ("KAZ", "RUS", "CHN", "EU", "USA", "UKR", "AZE"):
        check(n in graph.nodes, "node %s present" % n)
    w = graph.net
    check(w("KAZ", "RUS") is not None and w("KAZ", "RUS") < 0,
          "KAZ->RUS net negative")
    check(w("KAZ", "CHN") is not None and w("KAZ", "CHN") > 0,
          "KAZ->CHN positive")
    check(w("EU", "KAZ") is not None and w("EU", "KAZ") > 0,
          "EU->KAZ positive")
    check(w("USA", "KAZ") is not None and w("USA", "KAZ") > 0,
          "USA->KAZ positive")
    check(w("RUS", "UKR") is not None and w("RUS", "UKR") < 0,
          "RUS->UKR negative")
    check(w("UKR", "RUS") is not None and w("UKR", "RUS") < 0,
          "UKR->RUS negative")
    check(any(x is not None and x > 0
              for x in (w("AZE", "KAZ"), w("KAZ", "AZE"))),
          "AZE<->KAZ positive in at least one direction")
    # the author lived in Almaty, Berlin and Tashkent: places, not actors
    for n in ("DEU", "UZB"):
        check(n not in graph.nodes, "no node %s (author's biography)" % n)
    bad = tail_only_links(graph, text, r"About the author")
    check(not bad, "no link rests only on the biography (%s)" % bad)


def mission(graph, text):
    print("graph: " + graph.describe())
    schema(graph)
    for n in ("ARM", "RUS", "EU", "USA", "AZE"):
        check(n in graph.nodes, "node %s present" % n)
    w = graph.net
    ar = graph.links.get(("ARM", "RUS"))
    check(ar is not None and ar["net"] < 0, "ARM->RUS net negative")
    most = max(l["events"] for l in graph.links.values())
    check(ar["events"] == most,
          "ARM->RUS has the most events of any link (%d of max %d)"
          % (ar["events"], most))
    check(w("ARM", "EU") is not None and w("ARM", "EU") > 0,
          "ARM->EU positive")
    check(w("ARM", "USA") is not None and w("ARM", "USA") > 0,
          "ARM->USA positive")
    check(w("USA", "ARM") is not None and w("USA", "ARM") > 0,
          "USA->ARM positive")
    check(any(x is not None and x > 0
              for x in (w("RUS", "AZE"), w("AZE", "RUS"))),
          "a positive link between RUS and AZE")
    # the author's biography (Tehran) and the disclaimer are not news
    check("IRN" not in graph.nodes, "no node IRN (Tehran in the biography)")
    for (s, t), l in graph.links.items():
        for e in l["evidence"]:
            check("Research Fellow" not in e["text"] and
                  "Disclaimer" not in e["text"],
                  "link %s->%s: evidence is not from the biography or "
                  "disclaimer" % (s, t))
    bad = tail_only_links(graph, text, r"Disclaimer\.")
    check(not bad, "no link rests only on the disclaimer or biography (%s)"
          % bad)


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in ("steppe", "mission"):
        print(__doc__, file=sys.stderr)
        return 2
    which, binary, src = sys.argv[1], os.path.abspath(sys.argv[2]), sys.argv[3]
    if not os.path.exists(src):
        if which == "mission":
            print("SKIPPED: ../shared not present")
        else:
            print("SKIPPED: %s not present" % src)
        return SKIP
    with open(src, encoding="utf-8") as f:
        text = f.read()
    workdir = tempfile.mkdtemp(prefix="dg_example_")
    try:
        graph = Graph(build(binary, src, workdir))
        (steppe if which == "steppe" else mission)(graph, text)
    except Failure as e:
        print("FAIL: " + str(e))
        return 1
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print("PASS: %s example" % which)
    return 0


if __name__ == "__main__":
    sys.exit(main())
