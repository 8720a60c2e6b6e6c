#!/usr/bin/env python3
"""Print the PCRE2 patterns of phiscan's rule packs, one per line, for
`rg -P -f`: the same patterns ripgrep runs in bench/phiscan.sh.  Rules
disabled in a pack are left out.

ripgrep joins the lines of -f into one alternation, so two things are
rewritten to keep each pattern's meaning: named groups become plain groups
(several rules name their value group "v", and PCRE2 refuses duplicate
names), and back-references are renumbered by the groups of the patterns
before them."""
import glob
import os
import re
import sys

import yaml


def rewrite(pat, offset):
    """Returns (pattern, number of capturing groups) with named groups made
    plain capturing groups and \\N shifted by offset."""
    out = []
    i, n, groups, in_class = 0, len(pat), 0, False
    while i < n:
        c = pat[i]
        if c == "\\" and i + 1 < n:
            m = re.match(r"\\(\d+)", pat[i:])
            if m and not in_class:
                out.append("\\" + str(int(m.group(1)) + offset))
                i += len(m.group(0))
                continue
            out.append(pat[i:i + 2])
            i += 2
            continue
        if in_class:
            if c == "]":
                in_class = False
            out.append(c)
            i += 1
            continue
        if c == "[":
            in_class = True
            out.append(c)
            i += 1
            if i < n and pat[i] == "^":
                out.append("^")
                i += 1
            if i < n and pat[i] == "]":
                out.append("]")
                i += 1
            continue
        if c == "(":
            m = re.match(r"\(\?P?<([A-Za-z_]\w*)>", pat[i:])
            if m:
                groups += 1
                out.append("(")
                i += len(m.group(0))
                continue
            if not pat.startswith("(?", i) and not pat.startswith("(*", i):
                groups += 1
        out.append(c)
        i += 1
    return "".join(out), groups


rules = {}
for path in sorted(glob.glob(os.path.join(sys.argv[1], "*.yaml"))):
    with open(path, encoding="utf-8") as f:
        doc = yaml.safe_load(f) or {}
    for r in doc.get("rules") or []:
        if "id" in r:
            rules[r["id"]] = r
offset = 0
for r in rules.values():
    if r.get("enabled", True) and r.get("pattern"):
        p, g = rewrite(r["pattern"].replace("\n", ""), offset)
        offset += g
        print(p)
