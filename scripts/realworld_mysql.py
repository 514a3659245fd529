#!/usr/bin/env python3
"""The real-world MySQL/MariaDB corpus (tests/realworld/mysql.manifest) on a
real MariaDB: application schemas as Debian packages ship them, fetched by
tests/realworld/fetch.sh into build/realworld-cache.

Run under tests/harness/with-mariadb.sh (it exports SD_TEST_MYSQL_URL).
Each schema goes through these checks, each a column of the table printed
at the end (ok, FAIL, or - when an earlier check it needs failed):
  plan     offline: `plan` of the file on a new schema root (system-type
           mariadb) writes version 1, and a second `plan` finds nothing;
  apply    `apply` to an empty database gives what the mariadb client gives
           when it loads the file (SHOW CREATE of every object, compared as
           scripts/corpus_mysql.py does), and a second apply does nothing;
  inspect  `inspect` of that database, planned on the root of `plan`,
           gives no changes;
  reload   inspect's output loads with the mariadb client, as written, and
           gives the same objects again.
A history (name/1, name/2, ...: releases in order) is planned release by
release on one root (each plan then an empty re-plan: column `plan`), then
`migrate` runs the versions on an empty database, which must equal the
client's load of the last release (column `apply`).

A file that names its own database (`CREATE DATABASE x; USE x`, as
phpMyAdmin's does) is loaded by the client into that database, as its own
installer does; schemadiff takes those statements as naming the target.
Nothing is edited in the files. Cases listed in tests/realworld/known.txt
(`name check reason`) are expected failures. Exit 1 on an unlisted failure.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import corpus_mysql  # noqa: E402  (Server, SHOW CREATE normalization)
from corpus_common import first_error, first_line  # noqa: E402

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CHECKS = ("plan", "apply", "inspect", "reload")


def read_manifest(path):
    rows = []
    with open(path) as f:
        for line in f:
            if not line.strip() or line.startswith("#"):
                continue
            p = line.split()
            rows.append(dict(name=p[0], kind=p[1], suite=p[2], package=p[3],
                             version=p[4], path=p[5], license=" ".join(p[6:])))
    return rows


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, timeout=600, **kw)


def own_database(path):
    """The database a file switches to with USE, or None."""
    with open(path, "rb") as f:
        m = re.search(rb"^\s*USE\s+`?([A-Za-z0-9_$]+)`?\s*;", f.read(), re.M | re.I)
    return m.group(1).decode() if m else None


class Case:
    def __init__(self, name):
        self.name = name
        self.res = {c: "-" for c in CHECKS}
        self.why = {}

    def fail(self, check, why):
        self.res[check] = "FAIL"
        self.why[check] = why[:300]
        return False

    def ok(self, check):
        self.res[check] = "ok"
        return True


def plan(sd, root, desired, case, check="plan"):
    p = run([sd, "plan", "--schema-root", root, "--desired", desired])
    if p.returncode:
        return case.fail(check, "plan: " + first_error(p.stderr))
    p = run([sd, "plan", "--schema-root", root, "--desired", desired, "--dry-run"])
    if p.returncode:
        return case.fail(check, "re-plan: " + first_error(p.stderr))
    if p.stdout.strip():
        return case.fail(check, "re-plan not empty: " + first_line(
            "\n".join(l for l in p.stdout.splitlines() if not l.startswith("--"))))
    return True


def new_root(sd, tmp, name):
    root = os.path.join(tmp, "root")
    p = run([sd, "init", "--schema-root", root, "--name", name, "--system-type", "mariadb"])
    if p.returncode:
        raise RuntimeError("init: " + p.stderr.strip())
    return root


def client_load(srv, db, path):
    """Load path with the client the way its installer would: into db, or
    into the database the file names itself. The database it landed in,
    and the client's message (None when it loaded)."""
    own = own_database(path)
    target = own or db
    srv.drop(target)
    srv.recreate(target)
    return target, srv.load(target, path)


def compare(srv, a, b):
    da, db_ = srv.dump(a), srv.dump(b)
    if da == db_:
        return None
    only_a = [s for s in da if s not in db_]
    only_b = [s for s in db_ if s not in da]
    return "SHOW CREATE differs: schemadiff has %r, client has %r" % (
        "\n".join(only_a)[:200], "\n".join(only_b)[:200])


def run_schema(srv, sd, file, name, tmp):
    case = Case(name)
    root = new_root(sd, tmp, name)
    if plan(sd, root, file, case):
        case.ok("plan")
    a, b, c = "rw_a", "rw_b", "rw_c"
    srv.recreate(a)
    target, err = client_load(srv, b, file)
    if err:
        case.fail("apply", "the client does not load the file: " + err[:150])
        return case
    p = run([sd, "apply", "--url", srv.url(a), "--desired", file, "--allow-destructive"])
    if p.returncode:
        case.fail("apply", "apply: " + first_error(p.stderr))
    else:
        diff = compare(srv, a, target)
        p2 = run([sd, "apply", "--url", srv.url(a), "--desired", file, "--allow-destructive"])
        if diff:
            case.fail("apply", diff)
        elif p2.returncode or p2.stdout.strip():
            case.fail("apply", "second apply: " + (first_error(p2.stderr) if p2.returncode
                                                    else first_line(p2.stdout)))
        else:
            case.ok("apply")
    # inspect the client's load: the database as the application has it
    out = os.path.join(tmp, "inspect")
    p = run([sd, "inspect", "--url", srv.url(target), "--out", out])
    if p.returncode:
        case.fail("inspect", "inspect: " + first_error(p.stderr))
        return case
    files = sorted(os.path.join(out, f) for f in os.listdir(out) if f.endswith(".sql"))
    if case.res["plan"] == "ok":
        p = run([sd, "plan", "--schema-root", root, "--dry-run"] +
                [x for f in files for x in ("--desired", f)])
        if p.returncode:
            case.fail("inspect", "plan of inspect's output: " + first_error(p.stderr))
        elif p.stdout.strip():
            case.fail("inspect", "plan of inspect's output not empty: " + first_line(
                "\n".join(l for l in p.stdout.splitlines() if not l.startswith("--"))))
        else:
            case.ok("inspect")
    srv.recreate(c)
    for f in files:
        err = srv.load(c, f)
        if err:
            case.fail("reload", "the client does not load inspect's output: " + err[:150])
            return case
    diff = compare(srv, c, target)
    if diff:
        case.fail("reload", diff)
    else:
        case.ok("reload")
    for db in (a, c, target):
        srv.drop(db)
    return case


def run_history(srv, sd, steps, name, tmp):
    case = Case(name)
    root = new_root(sd, tmp, name)
    good = True
    for i, file in enumerate(steps):
        if not plan(sd, root, file, case):
            case.why["plan"] = "release %d: %s" % (i + 1, case.why["plan"])
            good = False
            break
    if good:
        case.ok("plan")
    a = "rw_h"
    srv.recreate(a)
    target, err = client_load(srv, "rw_hb", steps[-1])
    if err:
        case.fail("apply", "the client does not load the last release: " + err[:150])
        return case
    if good:
        p = run([sd, "migrate", "--url", srv.url(a), "--schema-root", root])
        if p.returncode:
            case.fail("apply", "migrate: " + first_error(p.stderr))
        else:
            srv.query(a, "DROP TABLE IF EXISTS schemadiff_history")
            diff = compare(srv, a, target)
            if diff:
                case.fail("apply", diff)
            else:
                case.ok("apply")
    srv.drop(a)
    srv.drop(target)
    return case


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--schemadiff", default=os.path.join(TOP, "schemadiff"))
    ap.add_argument("--manifest", default=os.path.join(TOP, "tests", "realworld", "mysql.manifest"))
    ap.add_argument("--cache", default=os.path.join(TOP, "build", "realworld-cache"))
    ap.add_argument("--known", default=os.path.join(TOP, "tests", "realworld", "known.txt"))
    ap.add_argument("--out", default=os.path.join(TOP, "build", "realworld-mysql.json"))
    ap.add_argument("--no-fetch", action="store_true", help="use the cache as it is")
    ap.add_argument("cases", nargs="*")
    a = ap.parse_args()
    if not a.no_fetch:
        p = subprocess.run(["sh", os.path.join(TOP, "tests", "realworld", "fetch.sh"), a.cache])
        if p.returncode:
            return 2
    srv = corpus_mysql.Server()
    rows = read_manifest(a.manifest)
    known = {}
    if os.path.exists(a.known):
        with open(a.known) as f:
            for line in f:
                if line.strip() and not line.startswith("#"):
                    n, chk, why = (line.split(None, 2) + ["", ""])[:3]
                    known[(n, chk)] = why.strip()
    order, histories = [], {}
    for r in rows:
        file = os.path.join(a.cache, "%s_%s" % (r["package"], r["version"]), r["path"])
        if r["kind"] == "history":
            h = r["name"].split("/")[0]
            if h not in histories:
                order.append(("history", h))
            histories.setdefault(h, []).append(file)
        else:
            order.append(("schema", r["name"], file))
    results = []
    for item in order:
        if a.cases and item[1] not in a.cases:
            continue
        tmp = tempfile.mkdtemp(prefix="sd-rw-")
        try:
            if item[0] == "schema":
                case = run_schema(srv, a.schemadiff, item[2], item[1], tmp)
            else:
                case = run_history(srv, a.schemadiff, histories[item[1]], item[1], tmp)
        except Exception as e:  # a harness problem is a failure, not a crash
            case = Case(item[1])
            case.fail("plan", "runner: %s" % e)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        results.append(case)
    print("real-world MySQL corpus on %s" % srv.version_text)
    print("%-20s %s" % ("case", " ".join("%-7s" % c for c in CHECKS)))
    unexpected = []
    for c in results:
        print("%-20s %s" % (c.name, " ".join("%-7s" % c.res[k] for k in CHECKS)))
        for k in CHECKS:
            if c.res[k] == "FAIL" and (c.name, k) not in known:
                unexpected.append((c, k))
    for c in results:
        for k in CHECKS:
            if c.res[k] == "FAIL":
                mark = "" if (c.name, k) in known else " (unexpected)"
                print("  %s %s%s: %s" % (c.name, k, mark, c.why.get(k, "")))
            elif c.res[k] == "ok" and (c.name, k) in known:
                print("  %s %s passes now: remove it from %s" % (
                    c.name, k, os.path.relpath(a.known, TOP)))
    os.makedirs(os.path.dirname(a.out), exist_ok=True)
    with open(a.out, "w") as f:
        json.dump([dict(case=c.name, **c.res, why=c.why) for c in results], f, indent=1)
    print("realworld: %d cases, %d unexpected failures" % (len(results), len(unexpected)))
    return 1 if unexpected else 0


if __name__ == "__main__":
    sys.exit(main())
