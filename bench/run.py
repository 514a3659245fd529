#!/usr/bin/env python3
"""The benchmark driver behind `make bench` (run under tests/harness/with-pg.sh).

For each size N (tables), with schemas from bench/gen_pg.py (a base and a
changed variant with about 5% of the objects altered, added or dropped):

  plan     offline `schemadiff plan --dry-run`: replay of a schema root whose
           version 1 is the base, diff against the changed files, emit and
           the proof replay. Floor: bare libpg_query parse of the same SQL
           (the version file and the desired file) by build/parse-floor.
  inspect  `schemadiff inspect` of a live database holding the base.
           Floor: `pg_dump --schema-only` of the same database.
  apply    `schemadiff apply` of the changed variant onto a database holding
           the base (normalization in a scratch database, diff, execution,
           verification). Floor: psql running the same plan's SQL.
  drift    `schemadiff drift` of a clean database migrated to version 1
           (when the drift command exists). Floor: pg_dump, as for inspect.
  diff-uu  `schemadiff diff URL URL` of that database (the base) and the
           applied one (the changed variant): the work migra does. Floor:
           migra (npm @pgkit/migra: --migra PATH, $MIGRA or migra on
           PATH), none when it is not installed.
  mysql-*  the same on MariaDB (under tests/harness/with-mariadb.sh), with
           schemas from bench/gen_mysql.py: mysql-plan (offline; floor:
           none, the figure stands alone), mysql-inspect (floor:
           mariadb-dump --no-data), mysql-diff (a live database against the
           changed files; goal under 5 s at 5,000 tables; floor: mariadb-dump),
           mysql-apply (floor: the mariadb client running the same plan),
           mysql-drift (floor: mariadb-dump).
  mysql-skeema  our `diff` of the live database against the changed files
           and skeema's equivalent (`skeema diff` of a directory holding the
           same file, the bench server only, its temp schema on that
           server), each run 3 times: medians of wall time, of the client's
           CPU time and of the server's CPU time during the run (mariadbd's
           /proc stat), and the speed-up (skeema's wall time over ours).
           Skipped with a note when skeema is not installed (make
           deps-bench). --seed (make bench SEED=) picks another MariaDB
           schema of the same kinds: a generator neither was tuned on.

Each figure is reported with its floor measured in the same run, so that the
machine's noise cancels in the ratio. Peak memory is the child's own maximum
resident set (wait4). Writes bench/results.json: a list of records with
stage, n_tables, seconds, floor, floor_seconds, peak_rss_mb, queries, and
phases: the SCHEMADIFF_STATS lines of the run (introspection, the offline
canonical form of the live schema, the scratch database: where the time
went), also printed under each row.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def measure(args, env=None, stdout=None, cwd=None, stdin=None):
    """Run args; return (seconds, peak_rss_mb, exit, stderr text)."""
    err = tempfile.TemporaryFile()
    t0 = time.monotonic()
    p = subprocess.Popen(args, stdout=stdout or subprocess.DEVNULL, stderr=err, env=env, cwd=cwd,
                         stdin=stdin)
    _, status, ru = os.wait4(p.pid, 0)
    secs = time.monotonic() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    err.seek(0)
    text = err.read().decode(errors="replace")
    err.close()
    return secs, ru.ru_maxrss / 1024.0, p.returncode, text


def cpu_of_pid(pid):
    """utime + stime of a process in seconds (0 when it cannot be read)."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return 0.0


def mariadbd_pid():
    sock = os.environ.get("SD_TEST_MYSQL_SOCKET")
    try:
        with open(os.path.join(os.path.dirname(sock), "mysqld.pid")) as f:
            return int(f.read().strip())
    except (OSError, TypeError, ValueError):
        return None


def median3(args, what, ok=(0,), runs=3, **kw):
    """Run args `runs` times; return medians of (wall s, client CPU s,
    server CPU s), the largest peak RSS and the last run's stderr."""
    spid = mariadbd_pid()
    walls, cpus, scpus, rss_max, text = [], [], [], 0.0, ""
    for _ in range(runs):
        err = tempfile.TemporaryFile()
        s0 = cpu_of_pid(spid) if spid else 0.0
        t0 = time.monotonic()
        p = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=err, **kw)
        _, status, ru = os.wait4(p.pid, 0)
        walls.append(time.monotonic() - t0)
        scpus.append((cpu_of_pid(spid) if spid else 0.0) - s0)
        cpus.append(ru.ru_utime + ru.ru_stime)
        rss_max = max(rss_max, ru.ru_maxrss / 1024.0)
        err.seek(0)
        text = err.read().decode(errors="replace")
        err.close()
        rc = os.waitstatus_to_exitcode(status)
        if rc not in ok:
            sys.exit("bench: %s failed (exit %d):\n%s" % (what, rc, text[-2000:]))
    med = lambda xs: sorted(xs)[len(xs) // 2]
    return med(walls), med(cpus), med(scpus), rss_max, text


def must(args, what, ok=(0,), **kw):
    secs, rss, rc, text = measure(args, **kw)
    if rc not in ok:
        sys.exit("bench: %s failed (exit %d):\n%s" % (what, rc, text[-2000:]))
    return secs, rss, text


def phases_of(text):
    """The SCHEMADIFF_STATS lines of a run (where the time went), in order."""
    return [l.split("stats: ", 1)[1] for l in text.splitlines() if "schemadiff: stats: " in l]


def queries_of(text):
    m = re.findall(r"introspection: (\d+) queries", text)
    return sum(int(x) for x in m) if m else None


def bench_mysql(n, sd, env, work, record, seed=0, skeema_only=False):
    """The MySQL rows for n tables (see the module text)."""
    u = urllib.parse.urlparse(os.environ["SD_TEST_MYSQL_URL"])
    host, port, user = u.hostname, u.port, urllib.parse.unquote(u.username or "root")
    client = ["mariadb", "--no-defaults", "-h", host, "-P", str(port), "-u", user, "--protocol=tcp"]
    dump = ["mariadb-dump", "--no-defaults", "-h", host, "-P", str(port), "-u", user, "--protocol=tcp",
            "--no-data", "--routines", "--triggers"]

    def url(db):
        return "mysql://%s@%s:%d/%s" % (user, host, port, db)

    def recreate(db):
        must(client + ["-e", "DROP DATABASE IF EXISTS `%s`; CREATE DATABASE `%s`" % (db, db)], "create database")

    def load(db, path, what):
        with open(path) as f:
            must(client + [db], what, stdin=f)

    d = os.path.join(work, "mysql-%d" % n)
    os.makedirs(d)
    base, changed = os.path.join(d, "base.sql"), os.path.join(d, "changed.sql")
    seed = ["--seed", str(seed)] if seed else []
    must([sys.executable, os.path.join(TOP, "bench", "gen_mysql.py"), str(n), base] + seed, "gen")
    must([sys.executable, os.path.join(TOP, "bench", "gen_mysql.py"), str(n), changed, "--changed"] + seed, "gen")
    text_mb = os.path.getsize(changed) / 1e6

    root = os.path.join(d, "root")
    must([sd, "init", "--schema-root", root, "--name", "bench", "--system-type", "mysql"], "init")
    must([sd, "plan", "--no-verify", "--schema-root", root, "--desired", base], "mysql plan v1")
    secs, rss, _ = must([sd, "plan", "--no-verify", "--schema-root", root, "--desired", changed, "--dry-run"], "mysql plan")
    record("mysql-plan", n, secs, "none", None, rss)
    # what plan reads: the history (version 1) and the desired files
    read_mb = text_mb + os.path.getsize(os.path.join(root, "1", "revisions.sql")) / 1e6
    print("         (SQL read: %.1f MB, desired %.1f MB; peak RSS %.1fx the SQL read)"
          % (read_mb, text_mb, rss / max(read_mb, 0.001)))

    db = "bench_%d" % n
    recreate(db)
    load(db, base, "load base")
    fsecs, _, _ = must(dump + [db], "mariadb-dump")
    secs, rss, text = must([sd, "inspect", "--url", url(db)], "mysql inspect", env=env)
    record("mysql-inspect", n, secs, "mariadb-dump --no-data", fsecs, rss, queries_of(text))
    secs, rss, rc, text = measure([sd, "diff", "--exit-code", url(db), changed], env=env)
    if rc not in (0, 1):
        sys.exit("bench: mysql diff failed (exit %d):\n%s" % (rc, text[-2000:]))
    record("mysql-diff", n, secs, "mariadb-dump --no-data", fsecs, rss, queries_of(text), text)
    skeema_vs(n, sd, env, d, url(db), db, host, port, user, changed, record)
    if skeema_only:
        subprocess.run(client + ["-e", "DROP DATABASE IF EXISTS `%s`" % db], capture_output=True)
        shutil.rmtree(d, ignore_errors=True)
        return

    plan_sql = os.path.join(d, "plan.sql")
    with open(plan_sql, "w") as f:
        must([sd, "apply", "--url", url(db), "--desired", changed, "--dry-run", "--allow-destructive"],
             "mysql apply --dry-run", ok=(0, 1), stdout=f)
    db2 = "bench_%d_b" % n
    recreate(db2)
    load(db2, base, "load base copy")
    with open(plan_sql) as f:
        fsecs, _, _ = must(client + [db2], "mariadb plan", stdin=f)
    secs, rss, text = must([sd, "apply", "--url", url(db), "--desired", changed, "--allow-destructive"],
                           "mysql apply", env=env)
    record("mysql-apply", n, secs, "mariadb client, same plan", fsecs, rss, queries_of(text), text)

    db3 = "bench_%d_m" % n
    recreate(db3)
    must([sd, "migrate", "--url", url(db3), "--schema-root", root], "mysql migrate")
    secs, rss, rc, text = measure([sd, "drift", "--url", url(db3), "--schema-root", root, "--format", "json"],
                                  env=env)
    if rc not in (0, 1):
        sys.exit("bench: mysql drift failed (exit %d):\n%s" % (rc, text[-2000:]))
    fsecs, _, _ = must(dump + [db3], "mariadb-dump")
    record("mysql-drift", n, secs, "mariadb-dump --no-data", fsecs, rss, queries_of(text), text)
    for x in (db, db2, db3):
        subprocess.run(client + ["-e", "DROP DATABASE IF EXISTS `%s`" % x], capture_output=True)
    shutil.rmtree(d, ignore_errors=True)


def skeema_vs(n, sd, env, d, db_url, db, host, port, user, changed, record):
    """Our diff against skeema's on the same database and file, medians of 3
    (see the module text)."""
    skeema = shutil.which("skeema")
    if not skeema:
        print("mysql-skeema not measured: skeema is not installed (make deps-bench)")
        return
    sk = os.path.join(d, "skeema")
    os.makedirs(sk)
    with open(os.path.join(sk, ".skeema"), "w") as f:
        f.write("host=%s\nport=%d\nuser=%s\nschema=%s\n" % (host, port, user, db))
    shutil.copy(changed, os.path.join(sk, "schema.sql"))
    ours = median3([sd, "diff", "--exit-code", db_url, changed], "mysql diff", ok=(0, 1), env=env)
    # readTimeout: at 5,000 tables on a loaded machine skeema's reading of
    # its temp schema outlasts its default and fails (i/o timeout)
    peer = median3([skeema, "diff", "--allow-unsafe", "--skip-lint", "--temp-schema", "_skeema_tmp_%d" % n,
                    "--connect-options", "readTimeout=900s"],
                   "skeema diff", ok=(0, 1), cwd=sk)
    skipped = re.findall(r"Ignoring (\d+) unsupported", peer[4])
    tables_skipped = len(re.findall(r"Skipping table", peer[4]))
    record("mysql-skeema", n, ours[0], "skeema diff (median 3)", peer[0], ours[3], None, ours[4],
           extra={"cpu_seconds": round(ours[1], 3), "server_cpu_seconds": round(ours[2], 3),
                  "floor_cpu_seconds": round(peer[1], 3), "floor_server_cpu_seconds": round(peer[2], 3),
                  "speedup": round(peer[0] / ours[0], 2) if ours[0] else None,
                  "skeema_ignored_statements": int(skipped[0]) if skipped else 0,
                  "skeema_skipped_tables": tables_skipped})
    print("         ours: wall %.2f s, CPU %.2f s + server %.2f s | skeema: wall %.2f s, CPU %.2f s + server %.2f s"
          " | %.1fx faster (skeema ignored %s statements, skipped %d tables)"
          % (ours[0], ours[1], ours[2], peer[0], peer[1], peer[2], peer[0] / max(ours[0], 1e-9),
             skipped[0] if skipped else 0, tables_skipped), flush=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", default="100,1000,5000,20000",
                    help="comma-separated table counts (make bench N=1000)")
    ap.add_argument("--schemadiff", default=os.path.join(TOP, "schemadiff"))
    ap.add_argument("--floor", default=os.path.join(TOP, "build", "parse-floor"))
    ap.add_argument("--seed", type=int, default=0,
                    help="MariaDB generator seed (make bench SEED=1): another schema of the same kinds")
    ap.add_argument("--mysql-only", action="store_true", help="only the MariaDB rows")
    ap.add_argument("--skeema-only", action="store_true",
                    help="of the MariaDB rows only plan, inspect, diff and skeema's diff")
    ap.add_argument("--out", default=os.path.join(TOP, "bench", "results.json"))
    ap.add_argument("--migra", default=os.environ.get("MIGRA"),
                    help="migra (npm @pgkit/migra) for the diff-uu floor; default: migra on PATH")
    a = ap.parse_args()
    sizes = [int(x) for x in str(a.n).split(",") if x]
    pgbin = os.environ.get("SD_TEST_PG_BIN")
    if not a.mysql_only and (not pgbin or not os.environ.get("PGPORT")):
        sys.exit("bench: run under tests/harness/with-pg.sh (make bench does)")
    sd = a.schemadiff
    env = dict(os.environ, SCHEMADIFF_STATS="1")
    port = os.environ.get("PGPORT")
    has_drift = subprocess.run([sd, "drift", "-h"], capture_output=True).returncode == 0
    records = []
    work = tempfile.mkdtemp(prefix="sd-bench-")

    def psql(db, *args):
        return [os.path.join(pgbin, "psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", db] + list(args)

    def url(db):
        return "postgres://postgres@127.0.0.1:%s/%s" % (port, db)

    def record(stage, n, secs, floor, floor_secs, rss, queries=None, text=None, extra=None):
        r = {"stage": stage, "n_tables": n, "seconds": round(secs, 3), "floor": floor,
             "floor_seconds": round(floor_secs, 3) if floor_secs is not None else None,
             "peak_rss_mb": round(rss, 1), "queries": queries,
             "phases": phases_of(text) if text else []}
        r.update(extra or {})
        records.append(r)
        ratio = ("%.2fx" % (secs / floor_secs)) if floor_secs else "-"
        print("%-8s %6d  %8.2f s  %-22s %8s  %s  %7.1f MB  %s" % (
            stage, n, secs, floor, ("%.2f s" % floor_secs) if floor_secs is not None else "-",
            ratio, rss, "" if queries is None else "%d queries" % queries), flush=True)
        for p in r["phases"]:
            print("         | %s" % p, flush=True)

    print("%-8s %6s  %10s  %-22s %8s  %s  %10s" % ("stage", "tables", "time", "floor", "floor", "ratio", "peak RSS"))
    try:
        for n in sizes if not a.mysql_only else []:
            d = os.path.join(work, str(n))
            os.makedirs(d)
            base, changed = os.path.join(d, "base.sql"), os.path.join(d, "changed.sql")
            must([sys.executable, os.path.join(TOP, "bench", "gen_pg.py"), str(n), base], "gen")
            must([sys.executable, os.path.join(TOP, "bench", "gen_pg.py"), str(n), changed, "--changed"], "gen")
            text_mb = os.path.getsize(changed) / 1e6

            # (a) offline plan against the bare parse
            root = os.path.join(d, "root")
            must([sd, "init", "--schema-root", root, "--name", "bench"], "init")
            must([sd, "plan", "--no-verify", "--schema-root", root, "--desired", base], "plan v1")
            secs, rss, _ = must([sd, "plan", "--no-verify", "--schema-root", root, "--desired", changed, "--dry-run"], "plan")
            fsecs, _, _ = must([a.floor, os.path.join(root, "1", "revisions.sql"), changed], "parse floor")
            record("plan", n, secs, "libpg_query parse", fsecs, rss)
            # what plan reads (and the floor parses): history and desired
            read_mb = text_mb + os.path.getsize(os.path.join(root, "1", "revisions.sql")) / 1e6
            print("         (SQL read: %.1f MB, desired %.1f MB; peak RSS %.1fx the SQL read)"
                  % (read_mb, text_mb, rss / max(read_mb, 0.001)))

            # a database holding the base
            db = "bench_%d" % n
            subprocess.run([os.path.join(pgbin, "dropdb"), "--if-exists", db], capture_output=True)
            must([os.path.join(pgbin, "createdb"), db], "createdb")
            must(psql(db, "-f", base), "load base")

            # (b) inspect against pg_dump --schema-only
            secs, rss, text = must([sd, "inspect", "--url", url(db)], "inspect", env=env)
            fsecs, _, _ = must([os.path.join(pgbin, "pg_dump"), "--schema-only", db], "pg_dump")
            record("inspect", n, secs, "pg_dump --schema-only", fsecs, rss, queries_of(text), text)

            # (c) apply of the changed variant; floor: psql running the same SQL
            plan_sql = os.path.join(d, "plan.sql")
            with open(plan_sql, "w") as f:
                must([sd, "apply", "--url", url(db), "--desired", changed, "--dry-run", "--allow-destructive"],
                     "apply --dry-run", ok=(0, 1), stdout=f)
            db2 = "bench_%d_b" % n
            subprocess.run([os.path.join(pgbin, "dropdb"), "--if-exists", db2], capture_output=True)
            must([os.path.join(pgbin, "createdb"), "-T", db, db2], "createdb copy")
            fsecs, _, _ = must(psql(db2, "-1", "-f", plan_sql), "psql plan")
            secs, rss, text = must([sd, "apply", "--url", url(db), "--desired", changed, "--allow-destructive"],
                                   "apply", env=env)
            record("apply", n, secs, "psql of the same plan", fsecs, rss, queries_of(text), text)
            subprocess.run([os.path.join(pgbin, "dropdb"), db2], capture_output=True)

            # (d) drift of a clean database migrated to version 1
            if has_drift:
                db3 = "bench_%d_m" % n
                subprocess.run([os.path.join(pgbin, "dropdb"), "--if-exists", db3], capture_output=True)
                must([os.path.join(pgbin, "createdb"), db3], "createdb drift")
                must([sd, "migrate", "--url", url(db3), "--schema-root", root], "migrate")
                secs, rss, rc, text = measure([sd, "drift", "--url", url(db3), "--schema-root", root,
                                               "--format", "json"], env=env)
                if rc not in (0, 1):
                    sys.exit("bench: drift failed (exit %d):\n%s" % (rc, text[-2000:]))
                fsecs, _, _ = must([os.path.join(pgbin, "pg_dump"), "--schema-only", db3], "pg_dump")
                record("drift", n, secs, "pg_dump --schema-only", fsecs, rss, queries_of(text), text)
                # (e) diff of two databases (the base, the changed one):
                # the work migra does; floor: migra when installed
                migra = a.migra or shutil.which("migra")
                secs, rss, rc, text = measure([sd, "diff", url(db3), url(db)], env=env)
                if rc not in (0, 1):
                    sys.exit("bench: diff URL URL failed (exit %d):\n%s" % (rc, text[-2000:]))
                fsecs = None
                if migra:
                    fsecs, _, rc, _ = measure([migra, url(db3), url(db), "--unsafe"])
                    if rc not in (0, 1, 2):   # 2: differences (migra's own code)
                        fsecs = None
                record("diff-uu", n, secs, "migra" if fsecs is not None else "none (no migra)", fsecs, rss,
                       queries_of(text), text)
                subprocess.run([os.path.join(pgbin, "dropdb"), db3], capture_output=True)
            subprocess.run([os.path.join(pgbin, "dropdb"), db], capture_output=True)
            shutil.rmtree(d, ignore_errors=True)
        if os.environ.get("SD_TEST_MYSQL_URL"):
            for n in sizes:
                bench_mysql(n, sd, env, work, record, a.seed, a.skeema_only)
        else:
            print("mysql    not measured: no MariaDB server (run under tests/harness/with-mariadb.sh)")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    with open(a.out, "w") as f:
        json.dump(records, f, indent=1)
        f.write("\n")
    print("results: %s" % os.path.relpath(a.out, TOP))
    return 0


if __name__ == "__main__":
    sys.exit(main())
