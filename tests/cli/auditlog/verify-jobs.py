#!/usr/bin/env python3
"""verify-jobs.py LOG TRIALS SEED -- verify in one thread and in several
must say exactly the same thing.  LOG is copied and tampered with at
random TRIALS times (one to three changes at once anywhere in the log:
bytes changed, inserted or removed, lines removed, duplicated, swapped
or rewritten in another JSON spelling, a segment's last newline or its
tail cut, a segment removed), and `auditlog verify` runs with -j 1, 2, 3
and 8, and with -j 1 and neither AVX-512 nor the SHA extensions
($COMPLYKIT_NO_AVX512, $COMPLYKIT_NO_SHANI: OpenSSL's SHA-256, one
message at a time): exit
status, standard output and standard error must agree byte for byte,
and every trial must fail.  Prints a summary; exits 1 on any
difference."""
import os, random, shutil, subprocess, sys, tempfile

log, trials, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
auditlog = os.environ["AUDITLOG"]
rng = random.Random(seed)
jobs = ["1", "2", "3", "8", "1-openssl"]
work = tempfile.mkdtemp()
dst = os.path.join(work, "T")
bad = 0
kinds = {}


def run_all(path, fmt):
    outs = []
    for j in jobs:
        env = dict(os.environ)
        env.pop("COMPLYKIT_NO_SHANI", None)
        env.pop("COMPLYKIT_NO_AVX512", None)
        if j.endswith("-openssl"):
            env["COMPLYKIT_NO_SHANI"] = "1"
            env["COMPLYKIT_NO_AVX512"] = "1"
        r = subprocess.run([auditlog, "verify", "--log", path, "--format",
                            fmt, "-j", j.split("-")[0]], capture_output=True,
                           env=env)
        outs.append((r.returncode, r.stdout, r.stderr.replace(
            path.encode(), b"LOG")))
    return outs


def agree(outs, what):
    global bad
    for j, o in zip(jobs[1:], outs[1:]):
        if o != outs[0]:
            bad += 1
            print("DIFFER %s: -j 1 %r, -j %s %r" % (what, outs[0], j, o))
            return False
    return True


# the log as it is: ok, the same for every thread count
for fmt in ("text", "jsonl"):
    outs = run_all(log, fmt)
    agree(outs, "clean log, " + fmt)
    if outs[0][0] != 0:
        bad += 1
        print("clean log does not verify: %r" % (outs[0],))


def tamper(segdir):
    segs = sorted(os.listdir(segdir))
    name = rng.choice(segs)
    path = os.path.join(segdir, name)
    data = bytearray(open(path, "rb").read())
    kind = rng.choice(["change", "insert", "delete", "line-delete",
                       "line-dup", "line-swap", "respell", "no-newline",
                       "cut-tail", "seg-remove"])
    if kind == "seg-remove" and len(segs) < 2:
        kind = "change"
    if kind in ("change", "insert", "delete"):
        off = rng.randrange(len(data))
        if kind == "change":
            data[off] = (data[off] + rng.randrange(1, 256)) % 256
        elif kind == "insert":
            data.insert(off, rng.randrange(256))
        else:
            del data[off]
    elif kind == "no-newline":
        data = data[:-1]
    elif kind == "cut-tail":
        data = data[:-rng.randrange(2, 200)]
    elif kind == "seg-remove":
        os.unlink(path)
        return kind
    else:
        lines = data.split(b"\n")[:-1]
        i = rng.randrange(len(lines) - 1)
        if kind == "line-delete":
            del lines[i]
        elif kind == "line-dup":
            lines.insert(i, lines[i])
        elif kind == "line-swap":
            lines[i], lines[i + 1] = lines[i + 1], lines[i]
        else:	# the same event, not in canonical form
            lines[i] = lines[i].replace(b'","', b'", "', 1)
        data = bytearray(b"\n".join(lines) + b"\n")
    open(path, "wb").write(data)
    return kind


for t in range(trials):
    shutil.rmtree(dst, ignore_errors=True)
    shutil.copytree(log, dst)
    for _ in range(rng.randrange(1, 4)):
        k = tamper(os.path.join(dst, "seg"))
        kinds[k] = kinds.get(k, 0) + 1
    outs = run_all(dst, rng.choice(["text", "jsonl"]))
    if agree(outs, "trial %d" % t) and outs[0][0] != 1:
        bad += 1
        print("trial %d not caught: %r" % (t, outs[0]))
shutil.rmtree(work)
print("%d trials (%s), -j %s: %s" % (
    trials, ", ".join("%s %d" % kv for kv in sorted(kinds.items())),
    " ".join(jobs), "%d differ" % bad if bad else "all agree"))
sys.exit(1 if bad else 0)
