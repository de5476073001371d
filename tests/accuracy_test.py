#!/usr/bin/env python3
"""Accuracy on the development set in ../shared/eval, through its scorer.

usage: accuracy_test.py DIPLOGRAPH SHARED_EVAL_DIR

Fails when signed F1 falls below 0.75 (the floor that catches regressions;
the goal is 0.80). Skips (exit 77) when ../shared is not present.
"""
import json
import os
import subprocess
import sys
import tempfile

FLOOR = 0.75


def main():
    binary, evaldir = sys.argv[1], sys.argv[2]
    gold = os.path.join(evaldir, "plover-gsr-dev.jsonl")
    scorer = os.path.join(evaldir, "score.py")
    if not (os.path.exists(gold) and os.path.exists(scorer)):
        print(f"SKIPPED: {evaldir} not present (../shared is not beside the "
              "repository)")
        return 77
    with tempfile.NamedTemporaryFile("w+", suffix=".jsonl") as pred:
        subprocess.run([binary, "extract", gold], stdout=pred, check=True)
        pred.flush()
        res = subprocess.run([sys.executable, scorer, gold, pred.name,
                              "--json"], capture_output=True, text=True,
                             check=True)
    r = json.loads(res.stdout)
    s, d = r["signed"], r["dyad"]
    print(f"dyad   P {d['precision']:.3f} R {d['recall']:.3f} F1 {d['f1']:.3f}")
    print(f"signed P {s['precision']:.3f} R {s['recall']:.3f} F1 {s['f1']:.3f}")
    if s["f1"] < FLOOR:
        print(f"FAIL: signed F1 {s['f1']:.3f} is below the floor {FLOOR}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
