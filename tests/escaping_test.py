#!/usr/bin/env python3
"""Issue 8: hostile text reaching every output, and bounded time on text
with no sentence end. Each test failed before its fix.

    python3 tests/escaping_test.py path/to/diplograph [unittest options]
"""
import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import time
import unittest
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cli_test  # noqa: E402  (the runner and temporary directories)


class LongSentences(cli_test.CliTestCase):
    """text.c/extract.c: a run of text with no sentence end and many actor
    names took time growing with the square of its length (2 MB: over
    300 s; 256 KB: about 57 s)."""

    def extract_time(self, text):
        p = self.write("long.txt", text)
        t0 = time.monotonic()
        rc, out, err = self.run_cli("extract", p, "-o", "ev.jsonl")
        return rc, err, time.monotonic() - t0

    def test_long_run_with_cues_is_fast(self):
        unit = "France condemned Germany and Russia accused China and "
        text = unit * (512 * 1024 // len(unit))
        rc, err, secs = self.extract_time(text)
        self.assertEqual(rc, 0, err)
        # before the bound: several minutes; after: about a second (10 s
        # or so under the sanitizers)
        self.assertLess(secs, 60)
        evs = [json.loads(l) for l in self.read("ev.jsonl").splitlines()]
        self.assertTrue(evs)
        self.assertLessEqual(max(len(e["text"]) for e in evs), 2048)

    def test_long_run_of_names_is_fast(self):
        unit = "France Germany Russia China and "
        rc, err, secs = self.extract_time(unit * (1024 * 1024 // len(unit)))
        self.assertEqual(rc, 0, err)
        self.assertLess(secs, 60)

    def test_normal_sentence_unchanged(self):
        rc, out, err = self.run_cli(
            "extract", self.write("s.txt", "France condemned Germany and "
                                  "Russia. China praised Japan.\n"))
        self.assertEqual(rc, 0, err)
        self.assertEqual(self.pairs(self.events(out)),
                         [("FRA", "DEU"), ("FRA", "RUS"), ("CHN", "JPN")])


def main():
    if len(sys.argv) < 2:
        print("usage: escaping_test.py PATH-TO-DIPLOGRAPH [unittest args]",
              file=sys.stderr)
        return 2
    cli_test.BIN = os.path.abspath(sys.argv[1])
    prog = unittest.main(argv=[sys.argv[0]] + sys.argv[2:], exit=False,
                         verbosity=2)
    return 0 if prog.result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
