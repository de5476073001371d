#!/usr/bin/env python3
"""The man page and the shell completions against `diplograph --help`
(issue 11, point 2): a test that fails when they drift apart.

usage: cli_docs_test.py manpage DIPLOGRAPH docs/diplograph.1
       cli_docs_test.py completions DIPLOGRAPH completions/diplograph.bash \
                        completions/_diplograph

The commands and options are read from `diplograph --help` (and from each
`diplograph COMMAND --help`, so that per-command help is covered as well):
an option is a -x or --long name at the start of a line of the options
list, a command the first word of a line of the commands list ("lexicon
check" keeps its subcommand).
- manpage: every command is an item of COMMANDS (and every subcommand in
  SYNOPSIS), every option an item of OPTIONS, and the page has no item the
  help does not list; each command's item lists ("Options: ...") exactly
  the options of `diplograph COMMAND --help`;
- completions: the bash and zsh files complete every command and every
  option and no other, and for each command exactly the options of
  `diplograph COMMAND --help`; bash's completion function, run, completes
  a command prefix and an option prefix, and not another command's
  option.
"""
import os
import re
import subprocess
import sys
import unittest

MODE, BIN = sys.argv[1], sys.argv[2]
FILES = sys.argv[3:]
OPTION = re.compile(r"(?<![\w-])(--?[A-Za-z][\w-]*)")


def help_text(*args):
    p = subprocess.run([BIN] + list(args) + ["--help"], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=60)
    return p.stdout.decode() if p.returncode == 0 else ""


def parse_help(text):
    """(commands, subcommands, options) of one help text."""
    commands, subs, options = set(), set(), set()
    section = None
    for line in text.splitlines():
        if re.match(r"^\S.*:\s*$", line):
            section = line.strip().rstrip(":").lower()
            continue
        if not line.strip():
            continue
        if not line.startswith("  ") or line.startswith("   "):
            continue  # a section's prose or a continuation line
        item = re.split(r"\s{2,}", line.strip())[0]
        if section and section.startswith("command"):
            words = item.split()
            commands.add(words[0])
            if len(words) > 1 and re.fullmatch(r"[a-z]+", words[1]):
                subs.add(words[0] + " " + words[1])
        elif section and section.startswith("option") and item.startswith("-"):
            options.update(OPTION.findall(item.split(" ", 1)[0] if "," not in
                                          item else item))
    return commands, subs, options


def cli_interface():
    commands, subs, options = parse_help(help_text())
    if not commands or not options:
        raise SystemExit("could not read commands and options from --help")
    for c in sorted(commands):
        _, _, more = parse_help(help_text(c))
        options |= more
    return commands, subs, options


COMMANDS, SUBCOMMANDS, OPTIONS = cli_interface()
# each command's own options, as `diplograph COMMAND --help` lists them
COMMAND_OPTIONS = {c: parse_help(help_text(c))[2] for c in COMMANDS}


def roff_plain(s):
    s = re.sub(r"\\f[BIRP]", "", s)
    return s.replace("\\-", "-").replace("\\(dq", '"')


def man_sections(path):
    sections, name = {}, None
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if line.startswith(".SH "):
            name = line[4:].strip().strip('"')
            sections[name] = []
        elif name:
            sections[name].append(line)
    return sections


def tp_items(lines):
    """The tag lines of .TP items."""
    return [roff_plain(lines[i + 1]) for i, l in enumerate(lines[:-1])
            if l.startswith(".TP")]


class ManPage(unittest.TestCase):
    def setUp(self):
        self.sections = man_sections(FILES[0])

    def test_commands(self):
        items = {re.sub(r"^\.\w+\s+", "", t).split()[0]
                 for t in tp_items(self.sections["COMMANDS"])}
        self.assertEqual(sorted(items), sorted(COMMANDS))
        synopsis = roff_plain("\n".join(self.sections["SYNOPSIS"]))
        synopsis = re.sub(r"\n\.\w+\s*", " ", "\n" + synopsis)
        for s in SUBCOMMANDS:
            self.assertIn(s, synopsis)

    def test_options(self):
        items = set()
        for t in tp_items(self.sections["OPTIONS"]):
            items.update(OPTION.findall(t.replace('"', " ")))
        self.assertEqual(sorted(items - OPTIONS), [],
                         "in the man page, not in --help")
        self.assertEqual(sorted(OPTIONS - items), [],
                         "in --help, not in the man page")


    def test_command_options(self):
        """Each command's item in COMMANDS lists its options."""
        lines = self.sections["COMMANDS"]
        listed, cmd = {}, None
        for i, line in enumerate(lines):
            if i and lines[i - 1].startswith(".TP"):
                cmd = roff_plain(re.sub(r"^\.\w+\s+", "", line)).split()[0]
            elif line.startswith("Options:") and cmd:
                listed[cmd] = set(OPTION.findall(roff_plain(line)))
        self.assertEqual(sorted(listed), sorted(COMMANDS))
        for c in COMMANDS:
            self.assertEqual(sorted(listed[c]), sorted(COMMAND_OPTIONS[c]), c)


class Completions(unittest.TestCase):
    def bash_command_options(self, text):
        block = re.search(r'case \$\{words\[1\]\} in\n(.*?)\n\s*esac',
                          text, re.S).group(1)
        return {c: set(o.split()) for c, o in
                re.findall(r'(\w+)\) options="([^"]*)"', block)}

    def test_bash_lists(self):
        text = open(FILES[0], encoding="utf-8").read()
        cmds = re.search(r'local commands="([^"]*)"', text).group(1).split()
        per = self.bash_command_options(text)
        opts = set().union(*per.values()) | {"--version"}
        self.assertEqual(sorted(cmds), sorted(COMMANDS))
        self.assertEqual(sorted(opts), sorted(OPTIONS))
        self.assertEqual(sorted(per), sorted(COMMANDS))
        for c in COMMANDS:
            self.assertEqual(sorted(per[c]), sorted(COMMAND_OPTIONS[c]), c)
        for s in SUBCOMMANDS:
            self.assertIn(s.split()[1], text)

    def test_zsh_lists(self):
        text = open(FILES[1], encoding="utf-8").read()
        block = re.search(r"\ncommands=\((.*?)\n\)", text, re.S).group(1)
        cmds = re.findall(r"'([a-z]+):", block)
        self.assertEqual(sorted(cmds), sorted(COMMANDS))
        block = re.search(r"\nopt_specs=\((.*?)\n\)", text, re.S).group(1)
        opts = set()
        for entry in re.findall(r"^\s*(\S.*)$", block, re.M):
            # '*'{-o,--output}'[...]...'  or  '--json-format[...]...'
            head = re.sub(r"\[.*", "", entry.replace("'", ""))
            head = re.sub(r"^\([^)]*\)", "", head.lstrip("*"))
            opts.update(OPTION.findall(head))
        self.assertEqual(sorted(opts - OPTIONS), [], "not in --help")
        self.assertEqual(sorted(OPTIONS - opts), [], "not completed by zsh")
        for s in SUBCOMMANDS:
            self.assertIn(s.split()[1], text)
        block = re.search(r"\nallowed=\((.*?)\n\)", text, re.S).group(1)
        per = {c: set(o.split()) for c, o in
               re.findall(r"^\s*(\w+) '([^']*)'", block, re.M)}
        self.assertEqual(sorted(per), sorted(COMMANDS))
        for c in COMMANDS:
            self.assertEqual(sorted(per[c]), sorted(COMMAND_OPTIONS[c]), c)
            self.assertEqual(sorted(per[c] - opts), [], c)

    def complete(self, *words):
        script = ('source "%s"; COMP_WORDS=(%s); COMP_CWORD=%d; _diplograph;'
                  ' printf "%%s\\n" "${COMPREPLY[@]}"' % (
                      FILES[0], " ".join("'%s'" % w for w in words),
                      len(words) - 1))
        p = subprocess.run(["bash", "--norc", "--noprofile", "-c", script],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=60)
        self.assertEqual(p.returncode, 0, p.stderr)
        return p.stdout.decode().split()

    def test_bash_completes(self):
        self.assertEqual(self.complete("diplograph", "bu"), ["build"])
        self.assertEqual(self.complete("diplograph", "build", "--max-e"),
                         ["--max-edges"])
        self.assertEqual(self.complete("diplograph", "render", "x.json",
                                       "--json-format", "cy"), ["cytoscape"])
        self.assertEqual(self.complete("diplograph", "lexicon", "l"), ["list"])
        # each command completes its own options only
        self.assertEqual(sorted(self.complete("diplograph", "report", "--fo")),
                         ["--focus", "--format"])
        self.assertEqual(self.complete("diplograph", "build", "--fo"),
                         ["--format"])
        self.assertEqual(self.complete("diplograph", "report", "--format",
                                       "m"), ["md"])


if __name__ == "__main__":
    cls = {"manpage": ManPage, "completions": Completions}[MODE]
    suite = unittest.defaultTestLoader.loadTestsFromTestCase(cls)
    ok = unittest.TextTestRunner(verbosity=2).run(suite).wasSuccessful()
    sys.exit(0 if ok else 1)
