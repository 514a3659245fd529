"""What the live corpus runners (corpus_live.py for psqldef on PostgreSQL,
corpus_mysql.py for mysqldef on MariaDB) share: the command line, running
the cases side by side on numbered database slots, the known-failures
list, and the summary."""
import argparse
import collections
import json
import os
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def arguments(suite, out_name):
    """The runners' options; suite is psqldef or mysqldef."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=os.path.join(TOP, "..", "shared", "corpus", suite))
    ap.add_argument("--schemadiff", default=os.path.join(TOP, "schemadiff"))
    ap.add_argument("--jobs", type=int, default=4)
    ap.add_argument("--known", default=os.path.join(TOP, "tests", "corpus", suite + "-known.txt"))
    ap.add_argument("--out", default=os.path.join(TOP, "build", out_name))
    ap.add_argument("--sample", type=int, default=0, help="run every Nth case only")
    ap.add_argument("--sample-newer", type=float, default=0,
                    help="with --sample: also every case whose min_version is at least this")
    ap.add_argument("cases", nargs="*")
    return ap.parse_args()


def read_known(path):
    """name -> reason, from a file of `name reason` lines (# comments)."""
    known = {}
    if os.path.exists(path):
        with open(path) as f:
            for line in f:
                line = line.strip()
                if not line or line.startswith("#"):
                    continue
                name, _, reason = line.partition(" ")
                known[name] = reason.strip()
    return known


def first_line(s):
    for l in s.splitlines():
        if l.strip():
            return l.strip()[:160]
    return ""


def first_error(s):
    """The most specific `error:` message of a run: the last one, unless it
    is the generic "rolled back" summary."""
    lines = [l.split("error:", 1)[1].strip() for l in s.splitlines() if "error:" in l]
    for l in reversed(lines):
        if "rolled back" not in l:
            return l[:160]
    return lines[-1][:160] if lines else first_line(s)


def run_all(a, run_case):
    """Run run_case(case_dir, slot) for the selected cases, a.jobs at a
    time, each on a database slot of its own. A runner exception is the
    case's failure. Returns (results, seconds)."""
    cases = sorted(d for d in os.listdir(a.corpus) if os.path.isdir(os.path.join(a.corpus, d)))
    if a.cases:
        cases = [c for c in cases if c in a.cases]
    if a.sample > 1:
        keep = set(cases[::a.sample])
        if a.sample_newer:
            for c in cases:
                try:
                    with open(os.path.join(a.corpus, c, "case.json")) as f:
                        mv = json.load(f).get("requires", {}).get("min_version")
                except (OSError, ValueError):
                    mv = None
                if mv and float(mv) >= a.sample_newer:
                    keep.add(c)
        cases = [c for c in cases if c in keep]
    slots = list(range(a.jobs))
    lock = threading.Lock()
    t0 = time.time()

    def work(c):
        with lock:
            slot = slots.pop()
        try:
            return run_case(os.path.join(a.corpus, c), slot)
        except Exception as e:  # a harness problem is a failure, not a crash
            return {"case": c, "status": "fail", "reason": "runner: %s" % e}
        finally:
            with lock:
                slots.append(slot)

    with ThreadPoolExecutor(a.jobs) as ex:
        results = list(ex.map(work, cases))
    return results, time.time() - t0


def summarize(a, results, title, quote_re):
    """Print the summary, write the details to a.out; exit status: 1 when
    a case fails that a.known does not list. quote_re: what to blank out
    of reasons when counting them (quoted names)."""
    known = read_known(a.known)
    # failures known on one server version only (<known>-pg<major>.txt)
    if getattr(a, "server_major", None):
        known.update(read_known(re.sub(r"\.txt$", "-pg%d.txt" % a.server_major, a.known)))
    counts = collections.Counter(r["status"] for r in results)
    loadable = [r for r in results if r["status"] in ("pass", "fail")]
    passed = [r for r in loadable if r["status"] == "pass"]
    failed = [r for r in loadable if r["status"] == "fail"]
    unexpected = [r for r in failed if r["case"] not in known]
    fixed = [r for r in passed if r["case"] in known]
    print(title)
    print("  skipped (server condition): %d" % counts["skipped"])
    print("  invalid here (does not load): %d" % counts["invalid"])
    print("  loadable: %d, passed: %d (%.1f%%), failed: %d (%d listed as known, %d not)" % (
        len(loadable), len(passed), 100.0 * len(passed) / max(len(loadable), 1), len(failed),
        len(failed) - len(unexpected), len(unexpected)))
    c = collections.Counter(re.sub(quote_re, "…", r.get("reason", ""))[:110] for r in failed)
    if c:
        print("\ntop failure reasons:")
        for msg, n in c.most_common(20):
            print("  %5d  %s" % (n, msg))
    if fixed:
        print("\nlisted as known failures but passing now (remove from %s):" % os.path.relpath(a.known, TOP))
        for r in fixed:
            print("  " + r["case"])
    if unexpected:
        print("\nunexpected failures:")
        for r in unexpected[:60]:
            print("  %s: %s" % (r["case"], r.get("reason", "")))
    os.makedirs(os.path.dirname(a.out), exist_ok=True)
    with open(a.out, "w") as f:
        json.dump(results, f, indent=1)
    print("\ndetails: %s" % a.out)
    print("corpus: %d passed, %d failed" % (len(passed), len(unexpected)))
    return 1 if unexpected else 0
