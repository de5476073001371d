#!/usr/bin/env python3
"""Coding of labelled sentences written for this project, one or more per
construction (SVO, passive, negation, compound subjects and objects,
"between", possessive nominalizations, attribution, places, domestic events,
metonyms, leaders) and per ambiguity (Georgia, Jordan, Chad, turkey, Niger,
Sudan, the Guineas, the Congos, the Koreas, Dominica).

usage: constructions_test.py DIPLOGRAPH tests/data/constructions.jsonl

Each line of the data file has "expect" (pairs that must be coded) and
"forbid" (pairs that must not): "SRC>TGT:+" is a directed pair with its
sign, "A~B:-" a mutual pair in either order; the sign may be left out.
"*" in "forbid" means the sentence must give no event at all.
"rule" (present wherever "expect" is not empty) names the coding rule
(src/code.c, docs/coding.md) that must have coded every expected pair: the
event's "rule" field. An object {"SPEC": "rule", ...} gives one per pair.
"""
import json
import subprocess
import sys


def matching(spec, events):
    """The events that satisfy spec."""
    if spec == "*":
        return list(events)
    mutual = "~" in spec
    pair, _, sign = spec.partition(":")
    a, b = pair.split("~" if mutual else ">")
    found = []
    for e in events:
        same = (e["source"], e["target"]) == (a, b) or (
            mutual and (e["source"], e["target"]) == (b, a))
        if not same:
            continue
        if not sign or (sign == "+" and e["polarity"] > 0) or (
                sign == "-" and e["polarity"] < 0):
            found.append(e)
    return found


def matches(spec, events):
    return bool(matching(spec, events))


def rule_errors(case, events):
    """Expected pairs coded by another rule than the one recorded."""
    if not case["expect"]:
        return []
    rule = case.get("rule")
    if rule is None:
        return ["a \"rule\" for the expected pairs (missing in the data)"]
    wrong = []
    for spec in case["expect"]:
        want = rule.get(spec) if isinstance(rule, dict) else rule
        got = {e["rule"] for e in matching(spec, events)}
        if got and got != {want}:
            wrong.append(f"{spec} by rule {want}, not {sorted(got)}")
    return wrong


def main():
    binary, data = sys.argv[1], sys.argv[2]
    cases = [json.loads(l) for l in open(data, encoding="utf-8") if l.strip()]
    out = subprocess.run([binary, "extract", data], capture_output=True,
                         text=True, check=True).stdout
    events = {}
    for line in out.splitlines():
        e = json.loads(line)
        events.setdefault(e["doc"], []).append(e)
    failed = 0
    for case in cases:
        got = events.get(case["id"], [])
        wrong = [s for s in case["expect"] if not matches(s, got)]
        wrong += ["not " + s for s in case["forbid"] if matches(s, got)]
        wrong += rule_errors(case, got)
        if wrong:
            failed += 1
            print(f"FAIL {case['id']}: {case['text']}")
            print(f"     wanted {wrong}; got "
                  f"{[(e['source'], e['target'], e['polarity'], e['rule']) for e in got]}")
    print(f"{len(cases) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
