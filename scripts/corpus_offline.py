#!/usr/bin/env python3
"""Offline self-check over the psqldef acceptance corpus (../shared/corpus).

For each case (forward and __reverse):
  1. load: current.sql and desired.sql each load into the catalog
     (`schemadiff diff EMPTY FILE` exits 0);
  2. self-check, for cases where both load: in a fresh schema root,
     `plan` version 1 from current.sql, then `plan` version 2 from
     desired.sql. plan itself proves that replaying the history plus its new
     SQL gives exactly the desired catalog, so exit 0 means the diff from
     current to desired, replayed onto current, equals desired. A third
     `plan` must then report no changes.

Prints the shares and the most common failure reasons; writes the details
to build/corpus-offline.json. Needs no database server.
"""
import argparse
import collections
import json
import os
import re
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(args, timeout=60):
    try:
        p = subprocess.run(args, capture_output=True, text=True, timeout=timeout)
        return p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired:
        return -1, "", "timeout"


def reason(stderr):
    for line in stderr.splitlines():
        if "error:" in line:
            msg = line.split("error:", 1)[1].strip()
            # drop the FILE:LINE:COL prefix so that equal reasons group
            msg = re.sub(r"^\S+:\d+(:\d+)?: ", "", msg)
            msg = re.sub(r'"[^"]*"', '"…"', msg)
            return msg[:120]
    return (stderr.strip().splitlines() or ["(no message)"])[-1][:120]


def check_case(sd, case_dir, empty):
    name = os.path.basename(case_dir)
    res = {"case": name}
    cur = os.path.join(case_dir, "current.sql")
    des = os.path.join(case_dir, "desired.sql")
    for label, path in (("current", cur), ("desired", des)):
        rc, _, err = run([sd, "diff", empty, path])
        if rc != 0:
            res["status"] = "load-" + label
            res["reason"] = reason(err)
            return res
    with tempfile.TemporaryDirectory(prefix="sd-corpus-") as tmp:
        root = os.path.join(tmp, "root")
        rc, _, err = run([sd, "init", "--schema-root", root, "--name", "c"])
        if rc != 0:
            res.update(status="error", reason=reason(err))
            return res
        for step, path in (("plan-current", cur), ("plan-desired", des)):
            rc, _, err = run([sd, "plan", "--no-verify", "--schema-root", root, "--desired", path])
            if rc != 0:
                res.update(status=step, reason=reason(err))
                return res
        rc, out, err = run([sd, "plan", "--no-verify", "--schema-root", root, "--desired", des])
        if rc != 0 or "no changes" not in err:
            res.update(status="not-idempotent", reason=reason(err) if rc else "plan again wrote a version")
            return res
    res["status"] = "pass"
    return res


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=os.path.join(TOP, "..", "shared", "corpus", "psqldef"))
    ap.add_argument("--schemadiff", default=os.path.join(TOP, "schemadiff"))
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--out", default=os.path.join(TOP, "build", "corpus-offline.json"))
    ap.add_argument("cases", nargs="*")
    a = ap.parse_args()
    cases = sorted(d for d in os.listdir(a.corpus)
                   if os.path.isdir(os.path.join(a.corpus, d)))
    if a.cases:
        cases = [c for c in cases if c in a.cases]
    fd, empty = tempfile.mkstemp(suffix=".sql")
    os.close(fd)
    try:
        with ThreadPoolExecutor(a.jobs) as ex:
            results = list(ex.map(lambda c: check_case(a.schemadiff, os.path.join(a.corpus, c), empty), cases))
    finally:
        os.unlink(empty)
    total = len(results)
    loaded = [r for r in results if not r["status"].startswith("load-")]
    passed = [r for r in loaded if r["status"] == "pass"]
    print(f"cases: {total}")
    print(f"both files load: {len(loaded)}/{total} ({100.0 * len(loaded) / max(total, 1):.1f}%)")
    print(f"self-check passes (of those that load): {len(passed)}/{len(loaded)} "
          f"({100.0 * len(passed) / max(len(loaded), 1):.1f}%)")
    for title, group in (("load failures", [r for r in results if r["status"].startswith("load-")]),
                         ("self-check failures", [r for r in loaded if r["status"] != "pass"])):
        c = collections.Counter(r["reason"] for r in group)
        print(f"\ntop {title}:")
        for msg, n in c.most_common(15):
            print(f"  {n:5d}  {msg}")
    os.makedirs(os.path.dirname(a.out), exist_ok=True)
    with open(a.out, "w") as f:
        json.dump(results, f, indent=1)
    print(f"\ndetails: {a.out}")


if __name__ == "__main__":
    sys.exit(main())
