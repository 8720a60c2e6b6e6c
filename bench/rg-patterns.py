#!/usr/bin/env python3
"""Print the PCRE2 patterns of phiscan's rule packs, one per line, for
`rg -P -f`: the same patterns ripgrep runs in bench/phiscan.sh.  Named
groups are kept (PCRE2 accepts them); rules disabled in a pack are left
out."""
import glob
import os
import sys

import yaml

rules = {}
for path in sorted(glob.glob(os.path.join(sys.argv[1], "*.yaml"))):
    with open(path, encoding="utf-8") as f:
        doc = yaml.safe_load(f) or {}
    for r in doc.get("rules") or []:
        if "id" in r:
            rules[r["id"]] = r
for r in rules.values():
    if r.get("enabled", True) and r.get("pattern"):
        print(r["pattern"].replace("\n", ""))
