#!/usr/bin/env python3
"""Accuracy on the development set in ../shared/eval, through its scorer.

usage: accuracy_test.py DIPLOGRAPH SHARED_EVAL_DIR

Fails when signed F1 falls below 0.85 (the floor that catches regressions,
about 0.02 below the 0.873 measured at the end of issue 9), or when the project's own scorer (scripts/score) does not
give exactly the figures of ../shared/eval/score.py on the same predictions.
Skips (exit 77) when ../shared is not present. The project's own labelled
sentences are scored by labelled_accuracy_test.py, which needs no ../shared.
"""
import json
import os
import subprocess
import sys
import tempfile

FLOOR = 0.85


def main():
    binary, evaldir = sys.argv[1], sys.argv[2]
    gold = os.path.join(evaldir, "plover-gsr-dev.jsonl")
    scorer = os.path.join(evaldir, "score.py")
    if not (os.path.exists(gold) and os.path.exists(scorer)):
        print(f"SKIPPED: {evaldir} not present (../shared is not beside the "
              "repository)")
        return 77
    own = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir,
                       "scripts", "score")
    with tempfile.NamedTemporaryFile("w+", suffix=".jsonl") as pred:
        subprocess.run([binary, "extract", gold], stdout=pred, check=True)
        pred.flush()
        res = subprocess.run([sys.executable, scorer, gold, pred.name,
                              "--json"], capture_output=True, text=True,
                             check=True)
        mine = subprocess.run([sys.executable, own, gold, pred.name,
                               "--json"], capture_output=True, text=True,
                              check=True)
    r = json.loads(res.stdout)
    m = json.loads(mine.stdout)
    m.pop("sentences", None)
    if m != r:
        print(f"FAIL: scripts/score gives {m}\n      score.py gives {r}")
        return 1
    s, d = r["signed"], r["dyad"]
    print(f"dyad   P {d['precision']:.3f} R {d['recall']:.3f} F1 {d['f1']:.3f}")
    print(f"signed P {s['precision']:.3f} R {s['recall']:.3f} F1 {s['f1']:.3f}")
    if s["f1"] < FLOOR:
        print(f"FAIL: signed F1 {s['f1']:.3f} is below the floor {FLOOR}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
