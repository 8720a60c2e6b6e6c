#!/usr/bin/env python3
"""tamper.py LOG TRIALS SEED -- mutate a closed segment of LOG at random
(one byte changed, inserted or removed; one line removed, duplicated or
swapped with the next) TRIALS times; auditlog verify must exit 1 every
time and name a seq at or right after the changed event.  Prints a
summary; exits 1 if any trial was missed or misplaced."""
import os, random, shutil, subprocess, sys, tempfile, re

log, trials, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
auditlog = os.environ["AUDITLOG"]
rng = random.Random(seed)
segs = sorted(os.listdir(os.path.join(log, "seg")))
closed = segs[:-1]
assert closed, "need a closed segment"
work = tempfile.mkdtemp()
missed = misplaced = 0
kinds = {}
for t in range(trials):
    name = rng.choice(closed)
    first = int(name[:20])
    dst = os.path.join(work, "T")
    shutil.rmtree(dst, ignore_errors=True)
    shutil.copytree(log, dst)
    path = os.path.join(dst, "seg", name)
    data = bytearray(open(path, "rb").read())
    lines = data.split(b"\n")[:-1]
    kind = rng.choice(["change", "insert", "delete", "line-delete",
                       "line-dup", "line-swap"])
    if kind in ("change", "insert", "delete"):
        off = rng.randrange(len(data))
        if kind == "change":
            data[off] = (data[off] + rng.randrange(1, 256)) % 256
        elif kind == "insert":
            data.insert(off, rng.randrange(256))
        else:
            del data[off]
        # the event holding the byte (a newline belongs to its line)
        line = data[:off].count(b"\n") if kind != "delete" else \
            bytes(data[:off]).count(b"\n")
        want = first + line
    else:
        i = rng.randrange(len(lines) - (1 if kind == "line-swap" else 0))
        if kind == "line-delete":
            del lines[i]
        elif kind == "line-dup":
            lines.insert(i, lines[i])
            i += 1
        else:
            lines[i], lines[i + 1] = lines[i + 1], lines[i]
        data = bytearray(b"\n".join(lines) + b"\n")
        want = first + i
    open(path, "wb").write(data)
    r = subprocess.run([auditlog, "verify", "--log", dst, "--format",
                        "jsonl"], capture_output=True, text=True)
    kinds[kind] = kinds.get(kind, 0) + 1
    if r.returncode != 1:
        missed += 1
        print("MISSED trial %d: %s in %s (exit %d)" % (t, kind, name,
                                                      r.returncode))
        continue
    m = re.search(r'"seq":(\d+)', r.stdout)
    got = int(m.group(1)) if m else -1
    # a removed newline joins two events: the first of them is named;
    # a change may break the next event's link instead (its prev).
    if not (want <= got <= want + 1):
        misplaced += 1
        print("MISPLACED trial %d: %s, event %d, verify named %d: %s" %
              (t, kind, want, got, r.stderr.strip()))
shutil.rmtree(work)
print("%d trials (%s): %d missed, %d misplaced" % (
    trials, ", ".join("%s %d" % kv for kv in sorted(kinds.items())),
    missed, misplaced))
sys.exit(1 if missed or misplaced else 0)
