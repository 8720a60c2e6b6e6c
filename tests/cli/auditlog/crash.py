#!/usr/bin/env python3
"""crash.py LOG ROUNDS WRITERS -- each round starts WRITERS appenders
(--sync always and batch) fed unique events, kills them all with SIGKILL
at random instants, runs recover; at the end verify must pass and every
event any appender echoed must be in the log exactly once."""
import json, os, random, signal, subprocess, sys, time, glob

log, rounds, writers = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
auditlog = os.environ["AUDITLOG"]
rng = random.Random(int(os.environ.get("CK_CRASH_SEED", "7")))
echoed = []
kills = recovers = 0
for r in range(rounds):
    procs = []
    for w in range(writers):
        sync = rng.choice(["always", "batch"])
        # echoes go to a file: a full pipe would block the appender
        out = open("echo-%d-%d" % (r, w), "wb")
        p = subprocess.Popen([auditlog, "append", "--log", log, "--sync",
                              sync], stdin=subprocess.PIPE, stdout=out,
                             stderr=subprocess.DEVNULL)
        out.close()
        procs.append((p, w))
    # feed events until the kill, in a background-ish loop
    deadline = time.time() + rng.uniform(0.02, 0.3)
    n = 0
    while time.time() < deadline:
        for p, w in procs:
            line = json.dumps({"actor": {"id": "w%d" % w},
                               "action": "crash_test",
                               "data": {"id": "r%d-w%d-%d" % (r, w, n)}})
            try:
                p.stdin.write((line + "\n").encode())
                p.stdin.flush()
            except (BrokenPipeError, OSError):
                pass
        n += 1
    for p, w in procs:
        p.send_signal(signal.SIGKILL)
        kills += 1
    for p, w in procs:
        p.wait()
        try:
            p.stdin.close()
        except OSError:
            pass
        # only whole lines were echoed as stored
        data = open("echo-%d-%d" % (r, w), "rb").read().decode(
            errors="replace")
        for l in data.split("\n")[:-1]:
            echoed.append(l)
    rc = subprocess.run([auditlog, "recover", "--log", log],
                        capture_output=True)
    if rc.returncode != 0:
        print("recover failed: %s" % rc.stderr.decode())
        sys.exit(1)
    if rc.stdout:
        recovers += 1
v = subprocess.run([auditlog, "verify", "--log", log, "--format", "text"],
                   capture_output=True, text=True)
if v.returncode != 0:
    print("verify failed: " + v.stderr)
    sys.exit(1)
stored = {}
for seg in sorted(glob.glob(os.path.join(log, "seg", "*.jsonl"))):
    for l in open(seg, encoding="utf-8"):
        ev = json.loads(l)
        if ev.get("action") == "crash_test":
            k = ev["data"]["id"]
            stored[k] = stored.get(k, 0) + 1
dups = [k for k, c in stored.items() if c != 1]
missing = 0
for l in echoed:
    ev = json.loads(l)
    if stored.get(ev["data"]["id"]) != 1:
        missing += 1
print("%d appenders killed in %d rounds; verify ok; echoed events all "
      "stored once: %s; duplicates: %d" % (kills, rounds,
                                           "yes" if missing == 0 else
                                           "NO (%d missing)" % missing,
                                           len(dups)))
print("(%d echoed, %d stored, %d recoveries)" % (len(echoed),
      len(stored), recovers), file=sys.stderr)
sys.exit(1 if missing or dups or not echoed else 0)
