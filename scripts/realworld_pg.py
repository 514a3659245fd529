#!/usr/bin/env python3
"""The real-world PostgreSQL corpus (tests/realworld/pg.manifest) on a real
server: application schemas and migration histories as Debian packages
ship them, fetched by scripts/realworld_fetch.sh into build/realworld-cache.

Run under tests/harness/with-pg.sh (it exports PGHOST, PGPORT, SD_TEST_PG_BIN).
Each file is used as published (a .gz file decompressed). The reference is
always psql running the file(s) with ON_ERROR_STOP.

For a schema (one file F), the checks, each reported on its own:
  offline   plan F into an empty schema root, then plan F again: no changes
  apply     apply F to an empty database; it equals psql -f F (schemadiff
            diff --exit-code of the two, and their pg_dump --schema-only
            once ordering noise is removed)
  inspect   inspect the psql-loaded database, then plan that output on a
            root whose version 1 is F: no changes
  reload    the inspect output loads with psql and equals psql -f F
For a history (steps S1..Sn, one version each):
  validate  validate the root (spec and offline replay)
  migrate   migrate an empty database; it equals psql running S1..Sn
  drift     drift on the migrated database finds nothing
A check whose input an earlier check could not make is "-" (not run).
tests/realworld/pg-known.txt lists `name check reason` lines expected to
fail; exit 1 when a check fails that is not listed there.
"""
import argparse
import gzip
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from corpus_common import first_error, first_line  # noqa: E402
from corpus_live import Server  # noqa: E402

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCHEMA_CHECKS = ["offline", "apply", "inspect", "reload"]
HISTORY_CHECKS = ["validate", "migrate", "drift"]
TIMEOUT = 300


def read_manifest(path):
    """[(name, kind, [(package, path), ...], flags)] in file order.
    Flag psql-continues: the package's documentation loads the file with a
    plain `psql < FILE`, which goes on after an error; the reference does
    the same (the statements that fail change nothing there)."""
    entries, index = [], {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            parts = line.split()
            name, kind, pkg, _ver, rel, _lic = parts[:6]
            flags = set(parts[6:])
            if kind not in ("schema", "step") or flags - {"psql-continues"}:
                raise SystemExit("%s: bad line %r" % (path, line))
            key = (name, kind)
            if key not in index:
                index[key] = len(entries)
                entries.append((name, kind, [], flags))
            entries[index[key]][2].append((pkg, rel))
    return entries


def materialize(cache, pkg, rel, dest_dir, n):
    """Copy the file out of the unpacked package (decompressed) and return
    its path in dest_dir."""
    src = os.path.join(cache, "x", pkg, rel)
    if not os.path.exists(src):
        raise RuntimeError("%s not found (run scripts/realworld_fetch.sh)" % src)
    base = os.path.basename(rel)
    if base.endswith(".gz"):
        base = base[:-3]
    if not base.endswith(".sql"):
        base += ".sql"
    dst = os.path.join(dest_dir, "%03d_%s" % (n, base))
    opener = gzip.open if src.endswith(".gz") else open
    with opener(src, "rb") as fi, open(dst, "wb") as fo:
        shutil.copyfileobj(fi, fo)
    return dst


def make_root(sd, root, name, files):
    """A schema root whose versions 1..n each run one of files."""
    p = run([sd, "init", "--schema-root", root, "--name", name])
    if p.returncode:
        raise RuntimeError("init: " + first_error(p.stderr))
    with open(os.path.join(root, "schema.json")) as f:
        meta = json.load(f)
    for i, fpath in enumerate(files, 1):
        vdir = os.path.join(root, str(i))
        os.makedirs(vdir)
        shutil.copy(fpath, os.path.join(vdir, os.path.basename(fpath)))
        with open(os.path.join(vdir, "version.json"), "w") as f:
            json.dump({"db-schema-spec": "1.1", "schema": name, "version": str(i),
                       "source": [os.path.basename(fpath)]}, f, indent=2)
        meta["version-history"][str(i)] = str(i)
        meta["current-version"] = str(i)
    with open(os.path.join(root, "schema.json"), "w") as f:
        json.dump(meta, f, indent=2)


def run(args):
    return subprocess.run(args, capture_output=True, text=True, timeout=TIMEOUT)


def psql_files(srv, db, files, stop=True):
    """Run files in order with psql, stopping at the first error (unless
    stop is false); None or the error."""
    for fpath in files:
        p = srv.psql(db, file=fpath, stop=stop)
        if p.returncode:
            return "%s: %s" % (os.path.basename(fpath), first_line(p.stderr))
    return None


def same(srv, sd, a, b):
    """None when databases a and b have the same schema, else why not."""
    p = run([sd, "diff", "--exit-code", srv.url(a), srv.url(b)])
    if p.returncode == 2:
        return "diff: " + first_error(p.stderr)
    if p.returncode:
        return "differs: " + first_line(p.stdout)
    da, db_ = srv.dump(a), srv.dump(b)
    if da != db_:
        only_a = [s for s in da if s not in db_]
        only_b = [s for s in db_ if s not in da]
        return "pg_dump differs: %r vs %r" % (first_line("\n".join(only_a)), first_line("\n".join(only_b)))
    return None


def no_changes(p):
    """None when a plan --dry-run found nothing to do, else why not."""
    if p.returncode:
        return first_error(p.stderr)
    if "no changes" in p.stderr and not p.stdout.strip():
        return None
    body = [l for l in p.stdout.splitlines() if l.strip() and not l.startswith("--")]
    return "plans %d lines: %s" % (len(body), body[0][:120] if body else "")


def check_schema(srv, sd, name, files, slot, tmp, flags):
    res = {}
    f = files[0]
    ref, app, reload_db = "sd_rw_ref%d" % slot, "sd_rw_app%d" % slot, "sd_rw_reload%d" % slot
    # offline: plan, then an empty re-plan
    root = os.path.join(tmp, "root")
    p = run([sd, "init", "--schema-root", root, "--name", name])
    p = run([sd, "plan", "--schema-root", root, "--desired", f])
    if p.returncode:
        res["offline"] = first_error(p.stderr)
    else:
        res["offline"] = no_changes(run([sd, "plan", "--schema-root", root, "--desired", f, "--dry-run"]))
    # the reference: psql -f F
    srv.recreate(ref)
    err = psql_files(srv, ref, files, "psql-continues" not in flags)
    if err:
        return {c: "reference does not load: " + err for c in SCHEMA_CHECKS}
    # apply into an empty database
    srv.recreate(app)
    p = run([sd, "apply", "--url", srv.url(app), "--desired", f])
    res["apply"] = first_error(p.stderr) if p.returncode else same(srv, sd, ref, app)
    # inspect, then plan on a root whose version 1 is F
    out = os.path.join(tmp, "inspect")
    p = run([sd, "inspect", "--url", srv.url(ref), "--out", out])
    if p.returncode:
        res["inspect"] = "inspect: " + first_error(p.stderr)
        res["reload"] = "-"
        return res
    hroot = os.path.join(tmp, "hroot")
    make_root(sd, hroot, name, files)
    res["inspect"] = no_changes(run([sd, "plan", "--schema-root", hroot, "--desired", out, "--dry-run"]))
    # the inspect output loads with psql and gives the same database
    srv.recreate(reload_db)
    outs = sorted(os.path.join(out, x) for x in os.listdir(out) if x.endswith(".sql"))
    err = psql_files(srv, reload_db, outs)
    res["reload"] = ("psql: " + err) if err else same(srv, sd, ref, reload_db)
    return res


def check_history(srv, sd, name, files, slot, tmp, flags):
    res = {}
    ref, mig = "sd_rw_ref%d" % slot, "sd_rw_app%d" % slot
    root = os.path.join(tmp, "root")
    make_root(sd, root, name, files)
    p = run([sd, "validate", "--schema-root", root])
    res["validate"] = first_error(p.stderr) if p.returncode else None
    srv.recreate(ref)
    err = psql_files(srv, ref, files, "psql-continues" not in flags)
    if err:
        return {c: "reference does not load: " + err for c in HISTORY_CHECKS}
    srv.recreate(mig)
    p = run([sd, "migrate", "--url", srv.url(mig), "--schema-root", root])
    if p.returncode:
        res["migrate"] = first_error(p.stderr)
        res["drift"] = "-"
        return res
    res["migrate"] = same(srv, sd, ref, mig)
    p = run([sd, "drift", "--url", srv.url(mig), "--schema-root", root])
    res["drift"] = None if p.returncode == 0 else (
        first_error(p.stderr) if p.returncode == 2 else "drift: " + first_line(p.stdout))
    return res


def read_known(path):
    known = {}
    if os.path.exists(path):
        with open(path) as f:
            for line in f:
                line = line.strip()
                if line and not line.startswith("#"):
                    name, check, reason = (line.split(None, 2) + [""])[:3]
                    known[(name, check)] = reason
    return known


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--manifest", default=os.path.join(TOP, "tests", "realworld", "pg.manifest"))
    ap.add_argument("--known", default=os.path.join(TOP, "tests", "realworld", "pg-known.txt"))
    ap.add_argument("--cache", default=os.path.join(TOP, "build", "realworld-cache"))
    ap.add_argument("--schemadiff", default=os.path.join(TOP, "schemadiff"))
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--out", default=os.path.join(TOP, "build", "realworld-pg.json"))
    ap.add_argument("names", nargs="*")
    a = ap.parse_args()
    entries = [e for e in read_manifest(a.manifest) if not a.names or e[0] in a.names]
    srv = Server()
    slots, lock = list(range(a.jobs)), threading.Lock()

    def work(entry):
        name, kind, members, flags = entry
        with lock:
            slot = slots.pop()
        tmp = tempfile.mkdtemp(prefix="sd-rw-")
        try:
            files = [materialize(a.cache, pkg, rel, tmp, i) for i, (pkg, rel) in enumerate(members, 1)]
            fn = check_schema if kind == "schema" else check_history
            return name, kind, fn(srv, a.schemadiff, name, files, slot, tmp, flags)
        except Exception as e:  # a harness problem fails every check
            checks = SCHEMA_CHECKS if kind == "schema" else HISTORY_CHECKS
            return name, kind, {c: "runner: %s" % e for c in checks}
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
            with lock:
                slots.append(slot)

    with ThreadPoolExecutor(a.jobs) as ex:
        results = list(ex.map(work, entries))
    for slot in range(a.jobs):
        for db in ("sd_rw_ref%d", "sd_rw_app%d", "sd_rw_reload%d"):
            srv.drop(db % slot)

    known = read_known(a.known)
    unexpected, fixed = [], []
    print("real-world PostgreSQL corpus (%s): ok, FAIL, known (k), not run (-)" % os.path.relpath(a.manifest, TOP))
    print("%-16s %-8s %s" % ("name", "kind", "  ".join("%-8s" % c for c in SCHEMA_CHECKS)))
    for name, kind, res in results:
        cells = []
        for c, why in res.items():
            if why == "-":
                cells.append("%-8s" % "-")
            elif why is None:
                cells.append("%-8s" % "ok")
                if (name, c) in known:
                    fixed.append((name, c))
            elif (name, c) in known:
                cells.append("%-8s" % "k")
            else:
                cells.append("%-8s" % "FAIL")
                unexpected.append((name, c, why))
        label = "history" if kind == "step" else "schema"
        print("%-16s %-8s %s" % (name, label, "  ".join(cells)))
    for name, kind, res in results:
        for c, why in res.items():
            if why not in (None, "-"):
                print("  %s %s: %s" % (name, c, why))
    if fixed:
        print("\nlisted in %s but passing now:" % os.path.relpath(a.known, TOP))
        for name, c in fixed:
            print("  %s %s" % (name, c))
    os.makedirs(os.path.dirname(a.out), exist_ok=True)
    with open(a.out, "w") as f:
        json.dump([{"name": n, "kind": k, "checks": r} for n, k, r in results], f, indent=1)
    ok = sum(1 for _, _, r in results for w in r.values() if w is None)
    total = sum(len(r) for _, _, r in results)
    print("realworld: %d of %d checks pass, %d unexpected failures" % (ok, total, len(unexpected)))
    return 1 if unexpected else 0


if __name__ == "__main__":
    sys.exit(main())
