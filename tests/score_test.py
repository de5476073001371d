#!/usr/bin/env python3
"""scripts/score on a tiny hand-made gold and prediction pair whose figures were
worked out by hand (see the comments on each record).

usage: score_test.py SCRIPTS_SCORE

Gold (8 records, 7 sentences; g4#1 and g4#2 are one sentence with two events):
  g1  USA>RUS -1        1 pair
  g2  FRA~DEU +1        1 mutual pair
  g3  CHN>CHN -1        domestic: no pair
  g4#1 JPN>KOR 0        1 pair   } pooled: 2 pairs
  g4#2 JPN>PRK -1       1 pair   }
  g5  EU>BLR -1         1 pair (EU compares as IGO)
  g6  NGO>SYR 0         NGO is not scored: no pair
  g7  USA>IRN -1        1 pair
  => 6 gold pairs.
Predictions:
  g1  USA>RUS -1              hit, right sign
  g2  DEU>FRA +1, FRA>DEU +1  the first matches the mutual pair, the second
                              is an extra (the gold pair is used once)
  g3  CHN>TWN -1              extra (a domestic record has nothing to find)
  g4#1 and g4#2 both: JPN>KOR +1, JPN>PRK -1
                              pooled: 2 predicted pairs, both hits, right
                              sign (gold 0 accepts any sign)
  g5  NATO>BLR -1             hit: NATO and EU are both IGO
  g6  NGO-MSF>SYR -1          not scored
  g7  USA>IRN -1 and +1       hit as a dyad; both signs: wrong sign
  zz  USA>CHN                 not a gold id: ignored
  one unreadable line, one line without "doc"
  => 8 predicted pairs; dyad hits 6, signed hits 5.
  dyad   P 6/8 = 0.75   R 6/6 = 1     F1 12/14
  signed P 5/8 = 0.625  R 5/6         F1 10/14
--per-record (score.py's way): g4#1 and g4#2 each have 1 gold pair and 2
predicted pairs, so 10 predicted pairs: dyad P 6/10, signed P 5/10.
--by event: AGREE gold 1 pred 2 (the extra of g2 goes to g2's class), COERCE
gold 0 pred 1, FIGHT gold 1 pred 1 signed 0, REQUEST, DISAPPROVE, SANCTION,
THREATEN 1/1/1; AID (g6) has no pair at all and no line.
When ../shared/eval/score.py is beside the repository, its figures on the
same files must equal those of --per-record.
"""
import json
import os
import subprocess
import sys
import tempfile

GOLD = [
    ("g1", ["USA"], ["RUS"], "THREATEN", -1),
    ("g2", ["FRA", "DEU"], [], "AGREE", 1),
    ("g3", ["CHN"], ["CHN"], "COERCE", -1),
    ("g4#1", ["JPN"], ["KOR"], "REQUEST", 0),
    ("g4#2", ["JPN"], ["PRK"], "DISAPPROVE", -1),
    ("g5", ["EU"], ["BLR"], "SANCTION", -1),
    ("g6", ["NGO"], ["SYR"], "AID", 1),
    ("g7", ["USA"], ["IRN"], "FIGHT", -1),
]
PRED = [
    ("g1", "USA", "RUS", -1),
    ("g2", "DEU", "FRA", 1), ("g2", "FRA", "DEU", 1),
    ("g3", "CHN", "TWN", -1),
    ("g4#1", "JPN", "KOR", 1), ("g4#1", "JPN", "PRK", -1),
    ("g4#2", "JPN", "KOR", 1), ("g4#2", "JPN", "PRK", -1),
    ("g5", "NATO", "BLR", -1),
    ("g6", "NGO-MSF", "SYR", -1),
    ("g7", "USA", "IRN", -1), ("g7", "USA", "IRN", 1),
    ("zz", "USA", "CHN", -1),
]

failed = []


def check(what, got, want):
    if abs(got - want) > 1e-9:
        failed.append(f"{what}: got {got}, want {want}")


def run(score, gold, pred, *opts):
    out = subprocess.run([sys.executable, score, gold, pred, *opts],
                         capture_output=True, text=True, check=True).stdout
    return out


def main():
    score = sys.argv[1]
    with tempfile.TemporaryDirectory() as tmp:
        gold = os.path.join(tmp, "gold.jsonl")
        pred = os.path.join(tmp, "pred.jsonl")
        with open(gold, "w", encoding="utf-8") as f:
            for rid, src, tgt, ev, pol in GOLD:
                f.write(json.dumps({"id": rid, "text": f"sentence {rid[:2]}",
                                    "source": src, "target": tgt,
                                    "event": ev, "polarity": pol}) + "\n")
        with open(pred, "w", encoding="utf-8") as f:
            for doc, s, t, pol in PRED:
                f.write(json.dumps({"doc": doc, "source": s, "target": t,
                                    "polarity": pol}) + "\n")
            f.write("{not json\n")
            f.write(json.dumps({"source": "USA", "target": "RUS"}) + "\n")

        r = json.loads(run(score, gold, pred, "--json"))
        check("gold pairs", r["gold_pairs"], 6)
        check("predicted pairs", r["predicted_pairs"], 8)
        check("sentences", r["sentences"], 7)
        check("unreadable lines", r["unreadable_pred_lines"], 2)
        check("dyad P", r["dyad"]["precision"], 0.75)
        check("dyad R", r["dyad"]["recall"], 1.0)
        check("dyad F1", r["dyad"]["f1"], 12 / 14)
        check("signed P", r["signed"]["precision"], 0.625)
        check("signed R", r["signed"]["recall"], 5 / 6)
        check("signed F1", r["signed"]["f1"], 10 / 14)

        pr = json.loads(run(score, gold, pred, "--json", "--per-record"))
        check("per-record predicted pairs", pr["predicted_pairs"], 10)
        check("per-record dyad P", pr["dyad"]["precision"], 0.6)
        check("per-record signed P", pr["signed"]["precision"], 0.5)
        check("per-record signed R", pr["signed"]["recall"], 5 / 6)

        by = json.loads(run(score, gold, pred, "--json", "--by",
                            "event"))["by"]
        want = {"AGREE": (1, 2, 1, 1), "COERCE": (0, 1, 0, 0),
                "DISAPPROVE": (1, 1, 1, 1), "FIGHT": (1, 1, 1, 0),
                "REQUEST": (1, 1, 1, 1), "SANCTION": (1, 1, 1, 1),
                "THREATEN": (1, 1, 1, 1)}
        if sorted(by) != sorted(want):
            failed.append(f"--by event labels: got {sorted(by)}")
        for ev, (g, p, d, s) in want.items():
            c = by.get(ev)
            if not c:
                continue
            check(f"{ev} gold", c["gold_pairs"], g)
            check(f"{ev} pred", c["predicted_pairs"], p)
            check(f"{ev} dyad P", c["dyad"]["precision"], d / p if p else 0)
            check(f"{ev} signed R", c["signed"]["recall"], s / g if g else 0)

        text = run(score, gold, pred, "--errors", "10", "--by", "event")
        for line in ("dyad    P 0.750  R 1.000  F1 0.857",
                     "signed  P 0.625  R 0.833  F1 0.714",
                     "sign   g7: ('USA', 'IRN', -1)  have [-1, 1]",
                     "extra  g2: ('FRA', 'DEU')",
                     "extra  g3: ('CHN', 'TWN')",
                     "unreadable lines 2"):
            if line not in text:
                failed.append(f"text output lacks {line!r}")

        shared = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                              os.pardir, os.pardir, "shared", "eval",
                              "score.py")
        if os.path.exists(shared):
            theirs = json.loads(run(shared, gold, pred, "--json"))
            pr.pop("sentences")
            if theirs != pr:
                failed.append(f"score.py {theirs} != --per-record {pr}")
        else:
            print("(../shared/eval/score.py not present: not compared)")

    for f in failed:
        print("FAIL", f)
    print(f"{'failed' if failed else 'passed'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
