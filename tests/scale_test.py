#!/usr/bin/env python3
"""Partial graphs, merge, shards and compressed input (issue 14, docs/scale.md).

    scale_test.py DIPLOGRAPH SOURCE_DIR [SHARED_EVAL_DIR]

Merge: over random splits of an input (--shard K/N with random N), the
partials merged in random order and random trees of `merge --partial`
give byte for byte the JSON, DOT and GraphML of one `build` over the
whole input (merge is associative and order-independent), on the
development set of SHARED_EVAL_DIR (skipped with a message when absent)
and on the example texts (graphs/*.txt and the sentences of tests/data);
the evidence rule does not depend on reading order; partials of another
lexicon, options or version, and files that are not partials, are
refused naming the file. Shards: the definition (ordinal modulo N), and
that the shards hold every document once. Compressed input: .gz and .zst
(JSON Lines and plain text, several members or frames, in a walk) read
as the uncompressed file; corrupt data reported with the file, the other
inputs still read. The seeds are fixed, so a failure repeats.
"""
import glob
import gzip
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import unittest

BIN = SRC = EVAL = None


def run(*args, cwd=None):
    p = subprocess.run([BIN, *args], capture_output=True, cwd=cwd,
                       timeout=600)
    return p.returncode, p.stdout, p.stderr.decode("utf-8", "replace")


def example_corpus(path):
    """The sentences of tests/data as JSON Lines documents of 1 to 6
    sentences each, with ids out of reading order and the same sentences
    in several documents, so that evidence ties are decided by document
    id and sentence; returns the number of documents."""
    texts = []
    for name in ("constructions.jsonl", "frames.jsonl",
                 "actor-patterns.jsonl"):
        with open(os.path.join(SRC, "tests", "data", name),
                  encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    t = json.loads(line).get("text")
                    if isinstance(t, str):
                        texts.append(t)
    rnd = random.Random(1414)
    docs, i = [], 0
    while i < len(texts):
        n = rnd.randint(1, 6)
        docs.append(" ".join(texts[i:i + n]))
        i += n
    docs += rnd.sample(docs, len(docs) // 3)  # repeated texts, other ids
    ids = ["doc-%04d" % k for k in range(len(docs))]
    rnd.shuffle(ids)
    with open(path, "w", encoding="utf-8") as f:
        for i, t in zip(ids, docs):
            f.write(json.dumps({"id": i, "text": t}) + "\n")
    return len(docs)


class Merge(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="dg_scale_")
        cls.corpus = os.path.join(cls.tmp, "examples.jsonl")
        cls.ndocs = example_corpus(cls.corpus)
        cls.examples = sorted(glob.glob(os.path.join(SRC, "graphs", "*.txt")))
        cls.count = 0

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def path(self, name):
        return os.path.join(self.tmp, name)

    def fresh(self, suffix=".json"):
        Merge.count += 1
        return self.path("f%04d%s" % (Merge.count, suffix))

    def ok(self, *args):
        rc, out, err = run(*args, cwd=self.tmp)
        self.assertEqual(rc, 0, "%s\n%s" % (" ".join(args), err))
        self.assertEqual(err, "", " ".join(args))
        return out

    def outputs(self, cmd, inputs, opts):
        """build or merge into JSON, DOT and GraphML: their bytes."""
        outs = [self.fresh(e) for e in (".json", ".dot", ".graphml")]
        args = [cmd, "-q"] if cmd == "build" else [cmd]
        self.ok(*args, *opts, *inputs, *sum((["-o", o] for o in outs), []))
        data = []
        for o in outs:
            with open(o, "rb") as f:
                data.append(f.read())
        return data

    def check_splits(self, inputs, opts, seeds, what):
        whole = self.outputs("build", inputs, opts)
        graph = json.loads(whole[0])
        self.assertGreater(len(graph["links"]), 10, what)
        for seed in seeds:
            rnd = random.Random(seed)
            n = rnd.randint(2, 7)
            parts = []
            for k in range(1, n + 1):
                p = self.fresh()
                self.ok("build", "-q", "--partial", "--shard",
                        "%d/%d" % (k, n), "-j", str(rnd.choice((1, 2))),
                        *opts, *inputs, "-o", p)
                parts.append(p)
            # every part merged at once, in a random order
            order = parts[:]
            rnd.shuffle(order)
            self.assertEqual(self.outputs("merge", order, opts), whole,
                             "%s: seed %d, %d shards merged at once"
                             % (what, seed, n))
            # a random tree of merge --partial, then the last merge
            pool = parts[:]
            while len(pool) > 1:
                group = rnd.sample(pool, rnd.randint(2, min(3, len(pool))))
                for g in group:
                    pool.remove(g)
                p = self.fresh()
                self.ok("merge", "--partial", *opts, *group, "-o", p)
                pool.insert(rnd.randrange(len(pool) + 1), p)
            self.assertEqual(self.outputs("merge", pool, opts), whole,
                             "%s: seed %d, %d shards merged in a tree"
                             % (what, seed, n))
            # the root of the tree is the partial of one build
            one = self.fresh()
            self.ok("build", "-q", "--partial", *opts, *inputs, "-o", one)
            with open(one, "rb") as a, open(pool[0], "rb") as b:
                self.assertEqual(a.read(), b.read(), "%s: seed %d" %
                                 (what, seed))

    def test_examples(self):
        inputs = [self.corpus] + self.examples
        self.check_splits(inputs, [], (1, 2), "examples")
        self.check_splits(inputs, ["--evidence", "1", "--include-negated"],
                          (4,), "examples, --evidence 1 --include-negated")

    def test_development_set(self):
        if not EVAL or not os.path.isfile(os.path.join(
                EVAL, "plover-gsr-dev.jsonl")):
            self.skipTest("no development set (../shared/eval/"
                          "plover-gsr-dev.jsonl): merge not checked on it")
        self.check_splits([os.path.join(EVAL, "plover-gsr-dev.jsonl")], [],
                          (11, 12), "development set")

    def test_merging_one_partial_writes_it_again(self):
        p, q = self.fresh(), self.fresh()
        self.ok("build", "-q", "--partial", self.corpus, "-o", p)
        self.ok("merge", "--partial", p, "-o", q)
        with open(p, "rb") as a, open(q, "rb") as b:
            self.assertEqual(a.read(), b.read())
        with open(p, "rb") as f:
            part = json.loads(f.read())
        self.assertEqual(part["diplograph_partial"], 1)
        self.assertEqual(part["documents"], self.ndocs)
        self.assertEqual(len(part["lexicon"]), 16)
        for link in part["links"]:
            self.assertEqual(link["weight"],
                             link["positive"] - link["negative"])
            self.assertLessEqual(len(link["evidence"]), 3)

    def test_evidence_rule_ignores_reading_order(self):
        """Equal |weight|: the smaller document id first, whatever the
        order the documents come in (reading order would keep zeta)."""
        p = self.path("order.jsonl")
        with open(p, "w") as f:
            for i in ("zeta", "alpha", "mu"):
                f.write(json.dumps({"id": i, "text":
                                    "France condemned Iran."}) + "\n")
        g = json.loads(self.ok("build", "-q", "--evidence", "2", p))
        link = [l for l in g["links"]
                if (l["source"], l["target"]) == ("FRA", "IRN")][0]
        self.assertEqual([e["doc"] for e in link["evidence"]],
                         ["alpha", "mu"])

    def test_refusals(self):
        good = self.fresh()
        self.ok("build", "-q", "--partial", self.corpus, "-o", good)
        lex = self.path("extra-lexicon.jsonl")
        with open(lex, "w") as f:
            f.write('{"actor": "ZZZ", "type": "state", "name": "Zedland"}\n')
        other = self.fresh()
        self.ok("build", "-q", "--partial", "--lexicon", lex, self.corpus,
                "-o", other)
        old = self.fresh()
        with open(good) as f:
            text = f.read().replace('"diplograph 0.', '"diplograph 0.0.', 1)
        with open(old, "w") as f:
            f.write(text)
        full = self.fresh()
        self.ok("build", "-q", self.corpus, "-o", full)
        notjson = self.fresh()
        with open(notjson, "w") as f:
            f.write("France condemned Iran.\n")
        badactor = self.fresh()
        with open(good) as f:
            text = f.read().replace('"source":"', '"source":"QQ', 1)
        with open(badactor, "w") as f:
            f.write(text)
        cases = [
            ([other], [], "built with another lexicon (fingerprint"),
            ([good], ["--evidence", "5"],
             "built with --evidence 3, this merge keeps 5"),
            ([good], ["--include-negated"], "built without --include-negated"),
            ([old], [], "written by diplograph 0.0."),
            ([full], [], "a full graph, not a partial one"),
            ([notjson], [], "not JSON"),
            ([badactor], [], "which is not an actor of the lexicon"),
        ]
        for bad, opts, msg in cases:
            out = self.fresh()
            rc, _, err = run("merge", *opts, good, *bad, "-o", out,
                             cwd=self.tmp)
            self.assertEqual(rc, 1, "%s: %s" % (msg, err))
            self.assertIn("diplograph: %s: " % bad[0], err)
            self.assertIn(msg, err)
            self.assertFalse(os.path.exists(out), msg)
        # the lexicon that build had is accepted
        self.ok("merge", "--lexicon", lex, other, "-o", self.fresh())
        rc, _, err = run("merge", "-o", self.fresh())
        self.assertEqual(rc, 2, err)
        rc, _, err = run("build", "--partial", self.corpus, "-o",
                         self.fresh(), "-o", self.fresh())
        self.assertEqual(rc, 2, err)


class Shards(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="dg_shard_")

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def docs(self, *args, code=0):
        rc, out, err = run("extract", "-q", *args, cwd=self.tmp)
        self.assertEqual(rc, code, err)
        return [json.loads(l)["doc"] for l in out.decode().splitlines()]

    def test_ordinal_modulo_n(self):
        p = os.path.join(self.tmp, "d.jsonl")
        with open(p, "w") as f:
            for i in range(10):
                f.write(json.dumps({"id": "d%d" % i,
                                    "text": "France condemned Iran."}) + "\n")
            # a repeated id is skipped and has no ordinal
            f.write(json.dumps({"id": "d3", "text": "Japan praised India."})
                    + "\n")
            f.write(json.dumps({"id": "d10", "text": "Peru praised Chile."})
                    + "\n")
        for j in ("1", "2"):
            rc, out, _ = run("extract", "-q", "-j", j, "--shard", "2/3", p)
            got = [json.loads(l)["doc"] for l in out.decode().splitlines()]
            self.assertEqual(got, ["d1", "d4", "d7", "d10"], "-j " + j)
        every = []
        for k in range(1, 5):
            every += self.docs("--shard", "%d/4" % k, p, code=1)
        self.assertEqual(sorted(every), sorted(self.docs(p, code=1)))
        self.assertEqual(self.docs("--shard", "1/1", p, code=1),
                         self.docs(p, code=1))

    def test_directory_order_is_sorted(self):
        d = os.path.join(self.tmp, "in")
        os.makedirs(os.path.join(d, "b-dir"))
        for name in ("c.txt", "a.txt", "B.txt", "b-dir/z.txt"):
            with open(os.path.join(d, name), "w") as f:
                f.write("France condemned Iran.\n")
        got = self.docs("in")
        self.assertEqual(got, ["in/B.txt", "in/a.txt", "in/b-dir/z.txt",
                               "in/c.txt"])
        self.assertEqual(self.docs("--shard", "2/2", "in"),
                         ["in/a.txt", "in/c.txt"])

    def test_bad_values(self):
        for v in ("0/3", "4/3", "1/0", "3", "a/b", "1/3x", "-1/3", "1/"):
            rc, _, err = run("extract", "--shard", v, "-")
            self.assertEqual(rc, 2, v)
            self.assertIn("--shard wants K/N", err, v)
        for args, msg in ((["extract", "--partial", "-"], "--partial is an option of build and merge"),
                          (["report", "--partial", "-"], "--partial is an option of build and merge"),
                          (["merge", "--shard", "1/2", "p.json"],
                           "--shard is an option of extract, build and report"),
                          (["render", "--shard", "1/2", "g.json", "-o",
                            "x.svg"], "--shard is an option of extract, build and report")):
            rc, _, err = run(*args, cwd=self.tmp)
            self.assertEqual(rc, 2, args)
            self.assertIn(msg, err, args)


class Compressed(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="dg_compressed_")
        self.zstd = shutil.which("zstd")

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def path(self, name):
        return os.path.join(self.tmp, name)

    def write(self, name, data):
        with open(self.path(name), "wb") as f:
            f.write(data)
        return self.path(name)

    def zst(self, data):
        if not self.zstd:
            self.skipTest("no zstd tool (Debian's zstd, scripts/setup): "
                          ".zst input not checked")
        return subprocess.run([self.zstd, "-q", "-c"], input=data,
                              capture_output=True, check=True).stdout

    def build(self, *inputs):
        rc, out, err = run("build", "-q", *inputs, cwd=self.tmp)
        self.assertEqual((rc, err), (0, ""))
        return out

    def extract(self, *inputs):
        rc, out, err = run("extract", "-q", *inputs, cwd=self.tmp)
        self.assertEqual((rc, err), (0, ""))
        return out

    def jsonl(self):
        with open(os.path.join(SRC, "tests", "data", "constructions.jsonl"),
                  "rb") as f:
            return f.read()

    def test_jsonl_gz_and_zst(self):
        data = self.jsonl()
        plain = self.write("c.jsonl", data)
        want = self.build(plain)
        self.assertEqual(self.build(self.write("c.jsonl.gz",
                                               gzip.compress(data))), want)
        self.assertEqual(self.build(self.write("c.jsonl.zst",
                                               self.zst(data))), want)

    def test_several_members_and_frames(self):
        data = self.jsonl()
        lines = data.splitlines(keepends=True)
        half = len(lines) // 2
        a, b = b"".join(lines[:half]), b"".join(lines[half:])
        want = self.extract(self.write("c.jsonl", data))
        self.assertEqual(self.extract(self.write(
            "m.jsonl.gz", gzip.compress(a) + gzip.compress(b))), want)
        self.assertEqual(self.extract(self.write(
            "m.jsonl.zst", self.zst(a) + self.zst(b))), want)

    def test_plain_text_and_walks(self):
        with open(os.path.join(SRC, "graphs", "steppe-diplomacy.txt"),
                  "rb") as f:
            text = f.read()
        os.makedirs(self.path("d"))
        self.write("d/s.txt", text)
        want = self.extract("d/s.txt")
        for suffix, pack in ((".gz", gzip.compress), (".zst", self.zst)):
            self.write("d/s.txt" + suffix, pack(text))
            got = self.extract("d/s.txt" + suffix)
            self.assertEqual(got.replace(b'"d/s.txt' + suffix.encode(),
                                         b'"d/s.txt'), want, suffix)
        # a walk reads them; a graph's JSON compressed is not news
        self.write("d/g.json.gz", gzip.compress(b'{"nodes": []}'))
        docs = {json.loads(l)["doc"]
                for l in self.extract("d").decode().splitlines()}
        self.assertEqual(docs, {"d/s.txt", "d/s.txt.gz", "d/s.txt.zst"})

    def test_corrupt(self):
        data = self.jsonl()
        gz = bytearray(gzip.compress(data))
        gz[len(gz) // 2] ^= 0xFF
        zs = self.zst(data)
        good = self.write("good.txt", b"France condemned Iran.\n")
        cases = [("flipped.jsonl.gz", bytes(gz), "corrupt gzip data ("),
                 ("cut.jsonl.zst", zs[:len(zs) // 2], "corrupt zstd data ("),
                 ("plain.txt.gz", b"not gzip\n", "corrupt gzip data ("),
                 ("empty.txt.zst", b"\x28\xb5\x2f\xfd", "corrupt zstd data (")]
        for name, blob, msg in cases:
            p = self.write(name, blob)
            rc, out, err = run("extract", "-q", p, good, cwd=self.tmp)
            self.assertEqual(rc, 1, name)
            self.assertIn("diplograph: %s" % p, err)
            self.assertIn(msg, err, name)
            self.assertEqual(err.count("\n"), 1, err)
            docs = [json.loads(l)["doc"] for l in out.decode().splitlines()]
            self.assertIn(good, docs, name)


if __name__ == "__main__":
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    BIN = os.path.abspath(sys.argv[1])
    SRC = os.path.abspath(sys.argv[2])
    EVAL = os.path.abspath(sys.argv[3]) if len(sys.argv) > 3 else None
    del sys.argv[1:]
    unittest.main(verbosity=2)
