#!/usr/bin/env python3
"""The acceptance corpus (../shared/corpus/psqldef) on a real PostgreSQL.

Run under tests/harness/with-pg.sh (it exports PGHOST, PGPORT, SD_TEST_PG_BIN).
For each case:
  1. load current.sql into a fresh database A and desired.sql into B (after
     the case's setup_sql; as its connect_as role). Statements that fail are
     retried after the others until no more succeed (the peer sorts its input
     by dependencies; files may use objects defined further down). If a file
     still does not load, the case is "invalid here", reported apart.
  2. `schemadiff apply --url A --desired desired.sql --allow-destructive`;
  3. A and B have the same schema: `schemadiff diff --exit-code A B` finds
     nothing, and `pg_dump --schema-only` of both agree once comments,
     SET lines and ordering noise (statement order, column order inside a
     table) are removed (on a server without its own pg_dump, the servers
     of the version matrix: scripts/corpus_catalog_dump.sql, the catalogs
     as the server's own functions print them, agree);
  4. a second apply finds nothing to do (no SQL printed).
Cases listed in tests/corpus/psqldef-known.txt (name, then the reason) are
expected to fail for a known reason; a listed case that passes is reported so
that the list can shrink; tests/corpus/psqldef-known-pg<major>.txt adds the
failures known on one server version. Exit 1 when an unlisted case fails.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.parse

import corpus_common
from corpus_common import first_error, first_line

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SERVER_MAJOR = 15


def split_sql(text):
    """Split SQL text into statements (quotes, dollar quotes, comments)."""
    out, buf, i, n = [], [], 0, len(text)
    start_line = 1
    line = 1
    cur_start = None
    while i < n:
        c = text[i]
        if cur_start is None and not c.isspace():
            cur_start = line
        if c == "\n":
            line += 1
        if c == "-" and text.startswith("--", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            buf.append(text[i:j])
            i = j
            continue
        if c == "/" and text.startswith("/*", i):
            depth, j = 1, i + 2
            while j < n and depth:
                if text.startswith("/*", j):
                    depth, j = depth + 1, j + 2
                elif text.startswith("*/", j):
                    depth, j = depth - 1, j + 2
                else:
                    j += 1
            line += text.count("\n", i, j)
            buf.append(text[i:j])
            i = j
            continue
        if c in "'\"":
            j = i + 1
            backslash = c == "'" and i > 0 and text[i - 1] in "eE"
            while j < n:
                if backslash and text[j] == "\\":
                    j += 2
                    continue
                if text[j] == c:
                    if j + 1 < n and text[j + 1] == c:
                        j += 2
                        continue
                    break
                j += 1
            line += text.count("\n", i + 1, j + 1)
            buf.append(text[i:j + 1])
            i = j + 1
            continue
        if c == "$":
            m = re.match(r"\$([A-Za-z_][A-Za-z0-9_]*)?\$", text[i:])
            if m and not (i > 0 and (text[i - 1].isalnum() or text[i - 1] == "_")):
                tag = m.group(0)
                j = text.find(tag, i + len(tag))
                j = n if j < 0 else j + len(tag)
                line += text.count("\n", i, j)
                buf.append(text[i:j])
                i = j
                continue
        if c == ";":
            stmt = "".join(buf).strip()
            if stmt and not all(l.strip().startswith("--") or not l.strip() for l in stmt.splitlines()):
                out.append((cur_start or start_line, stmt))
            buf, cur_start = [], None
            i += 1
            continue
        buf.append(c)
        i += 1
    stmt = "".join(buf).strip()
    if stmt and not all(l.strip().startswith("--") or not l.strip() for l in stmt.splitlines()):
        out.append((cur_start or start_line, stmt))
    return out


class Server:
    def __init__(self):
        self.bin = os.environ.get("SD_TEST_PG_BIN")
        self.host = os.environ.get("PGHOST")
        self.port = os.environ.get("PGPORT")
        if not (self.bin and self.host and self.port):
            sys.exit("corpus_live: run under tests/harness/with-pg.sh")
        self.env = dict(os.environ, PGUSER="postgres", PGDATABASE="postgres")
        # the servers of the version matrix (make pg-versions) have no
        # client programs: Debian's psql 15 talks to 13-18
        self.client = self.bin if os.path.exists(os.path.join(self.bin, "psql")) else \
            os.path.dirname(shutil.which("psql") or "/usr/bin/psql")
        major = self.psql_value("postgres", "SHOW server_version_num")
        self.major = int(major) // 10000
        # pg_dump only where it is the server's own (pg_dump 15 refuses
        # newer servers); else the catalogs, through the server's functions
        self.pg_dump = os.path.join(self.bin, "pg_dump")
        if not os.path.exists(self.pg_dump):
            self.pg_dump = None

    def psql(self, db, sql=None, file=None, user="postgres", stop=True, options=None):
        args = [os.path.join(self.client, "psql"), "-X", "-q", "-h", self.host, "-p", self.port,
                "-U", user, "-d", db, "-v", "ON_ERROR_STOP=%d" % (1 if stop else 0)]
        if sql is not None:
            args += ["-c", sql]
        if file is not None:
            args += ["-f", file]
        env = dict(self.env)
        if options:
            env["PGOPTIONS"] = options
        return subprocess.run(args, capture_output=True, text=True, env=env, timeout=120)

    def psql_value(self, db, sql):
        p = subprocess.run([os.path.join(self.client, "psql"), "-X", "-At", "-h", self.host, "-p", self.port,
                            "-U", "postgres", "-d", db, "-c", sql],
                           capture_output=True, text=True, env=self.env, timeout=60)
        return p.stdout.strip()

    def url(self, db, user="postgres", search_path=None):
        u = "postgres://%s@127.0.0.1:%s/%s" % (urllib.parse.quote(user, safe=""), self.port, db)
        if search_path:
            u += "?options=" + urllib.parse.quote("-c search_path=%s" % search_path, safe="")
        return u

    def recreate(self, db):
        self.psql("postgres", 'DROP DATABASE IF EXISTS "%s" WITH (FORCE)' % db)
        p = self.psql("postgres", 'CREATE DATABASE "%s" TEMPLATE template0' % db)
        if p.returncode:
            raise RuntimeError(p.stderr)

    def drop(self, db):
        self.psql("postgres", 'DROP DATABASE IF EXISTS "%s" WITH (FORCE)' % db)

    def load(self, db, path, user, options, tmp):
        """Load a file, retrying failed statements while that makes progress.
        Returns None on success or the last error text."""
        with open(path, encoding="utf-8", errors="replace") as f:
            stmts = [s for _, s in split_sql(f.read())]
        pending = list(range(len(stmts)))
        last_err = None
        while pending:
            script = os.path.join(tmp, "load.sql")
            starts = []
            with open(script, "w") as f:
                lineno = 1
                for k in pending:
                    starts.append((lineno, k))
                    body = stmts[k] + ";\n"
                    f.write(body)
                    lineno += body.count("\n")
            p = self.psql(db, file=script, user=user, stop=False, options=options)
            failed = set()
            for m in re.finditer(r"psql:[^:]*:(\d+): ERROR:\s*(.*)", p.stderr):
                ln = int(m.group(1))
                k = None
                for s, kk in starts:
                    if s <= ln:
                        k = kk
                    else:
                        break
                if k is not None:
                    failed.add(k)
                    last_err = m.group(2)
            if not failed:
                return None
            if len(failed) == len([k for k in pending if not re.match(r"\s*(SET|RESET)\b", stmts[k], re.I)]):
                return last_err or "load failed"
            # keep session settings (SET search_path ...) in every pass
            pending = [k for k in pending if k in failed or re.match(r"\s*(SET|RESET)\b", stmts[k], re.I)]
        return None

    def dump(self, db):
        if not self.pg_dump:
            return self.catalog_dump(db)
        p = subprocess.run([os.path.join(self.bin, "pg_dump"), "-h", self.host, "-p", self.port, "-U", "postgres",
                            "--schema-only", "--no-owner", "--no-privileges", "--no-comments",
                            "--restrict-key=schemadiffcorpus", "-N", "schemadiff", db],
                           capture_output=True, text=True, env=self.env, timeout=120)
        return normalize_dump(p.stdout)


    def catalog_dump(self, db):
        """The schema as the server's own functions print it (format_type,
        pg_get_expr, pg_get_constraintdef, pg_get_indexdef, pg_get_viewdef,
        pg_get_functiondef, pg_get_triggerdef ...): one sorted line per
        object, names of system-made objects (OIDs) left out."""
        p = subprocess.run([os.path.join(self.client, "psql"), "-X", "-At", "-h", self.host, "-p", self.port,
                            "-U", "postgres", "-d", db, "-v", "ON_ERROR_STOP=1", "-f", CATALOG_DUMP],
                           capture_output=True, text=True, env=self.env, timeout=120)
        if p.returncode:
            raise RuntimeError("catalog dump: " + p.stderr.strip()[:200])
        return sorted(l for l in p.stdout.splitlines() if l.strip())


CATALOG_DUMP = os.path.join(TOP, "scripts", "corpus_catalog_dump.sql")


def normalize_dump(text):
    """A pg_dump as a sorted list of statements, table columns sorted."""
    lines = []
    for l in text.splitlines():
        s = l.strip()
        if not s or s.startswith("--") or s.startswith("\\restrict") or s.startswith("\\unrestrict"):
            continue
        if s.startswith("SET ") or s.startswith("SELECT pg_catalog.set_config"):
            continue
        lines.append(l.rstrip())
    stmts, cur = [], []
    for l in lines:
        cur.append(l)
        if l.endswith(";"):
            stmts.append(cur)
            cur = []
    if cur:
        stmts.append(cur)
    out = []
    for st in stmts:
        if len(st) > 2 and st[0].startswith("CREATE TABLE") and st[-1].strip().startswith(")"):
            body = sorted(x.strip().rstrip(",") for x in st[1:-1])
            out.append("\n".join([st[0]] + body + [st[-1].strip()]))
        else:
            out.append("\n".join(st))
    return sorted(out)


def skip_reason(case, server_major):
    req = case.get("requires", {})
    mv = req.get("min_version")
    if mv and float(mv) > server_major:
        return "needs PostgreSQL %s" % mv
    fl = req.get("flavor")
    if fl and fl not in ("postgresql",):
        return "needs flavor %s" % fl
    for s in case.get("skip", []):
        if isinstance(s, str) and s.startswith("offline"):
            return "peer runs it offline only (proprietary dialect)"
    return None


def run_case(srv, sd, case_dir, slot, keep):
    name = os.path.basename(case_dir)
    with open(os.path.join(case_dir, "case.json")) as f:
        case = json.load(f)
    res = {"case": name}
    reason = skip_reason(case, srv.major)
    if reason:
        res.update(status="skipped", reason=reason)
        return res
    a, b = "sd_corpus_a%d" % slot, "sd_corpus_b%d" % slot
    ca = case.get("connect_as") or {}
    user = ca.get("user", "postgres")
    sp = ca.get("search_path")
    options = "-c search_path=%s" % sp.replace(" ", "") if sp else None
    tmp = tempfile.mkdtemp(prefix="sd-corpus-")
    try:
        for db in (a, b):
            srv.recreate(db)
            setup = case.get("setup_sql")
            if setup:
                p = srv.psql(db, sql=setup.replace("{db}", db), stop=False)
        for db, fname in ((a, "current.sql"), (b, "desired.sql")):
            err = srv.load(db, os.path.join(case_dir, fname), user, options, tmp)
            if err:
                res.update(status="invalid", reason="%s does not load: %s" % (fname, err[:100]))
                return res
        desired = os.path.join(case_dir, "desired.sql")
        sp = sp.replace(" ", "") if sp else sp
        ua, ub = srv.url(a, user, sp), srv.url(b, user, sp)
        if "expected_error" in case:
            p = subprocess.run([sd, "apply", "--url", ua, "--desired", desired, "--allow-destructive"],
                               capture_output=True, text=True, timeout=120)
            if p.returncode == 2 and "error:" in p.stderr:
                res.update(status="pass")
            else:
                res.update(status="fail", reason="expected an error, got exit %d" % p.returncode)
            return res
        p = subprocess.run([sd, "apply", "--url", ua, "--desired", desired, "--allow-destructive"],
                           capture_output=True, text=True, timeout=120)
        if p.returncode != 0:
            res.update(status="fail", step="apply", reason=first_error(p.stderr), stderr=p.stderr[-3000:])
            return res
        p = subprocess.run([sd, "diff", "--exit-code", srv.url(a), srv.url(b)],
                           capture_output=True, text=True, timeout=120)
        if p.returncode != 0:
            res.update(status="fail", step="diff",
                       reason=first_error(p.stderr) if p.returncode == 2 else "diff after apply: " + first_line(p.stdout))
            return res
        da, db_ = srv.dump(a), srv.dump(b)
        if da != db_:
            only_a = [s for s in da if s not in db_]
            only_b = [s for s in db_ if s not in da]
            res.update(status="fail", step="pg_dump",
                       reason="pg_dump differs: A has %r, B has %r" % (first_line("\n".join(only_a)), first_line("\n".join(only_b))))
            return res
        p = subprocess.run([sd, "apply", "--url", ua, "--desired", desired, "--allow-destructive"],
                           capture_output=True, text=True, timeout=120)
        if p.returncode != 0 or p.stdout.strip():
            res.update(status="fail", step="idempotence",
                       reason="second apply: " + (first_error(p.stderr) if p.returncode else first_line(p.stdout)))
            return res
        res["status"] = "pass"
        return res
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    a = corpus_common.arguments("psqldef", "corpus-live.json")
    srv = Server()
    a.server_major = srv.major
    setup = os.path.join(a.corpus, "_cluster_setup.sql")
    if os.path.exists(setup):
        srv.psql("postgres", file=setup, stop=False)
    results, secs = corpus_common.run_all(
        a, lambda case_dir, slot: run_case(srv, a.schemadiff, case_dir, slot, False))
    for slot in range(a.jobs):
        srv.drop("sd_corpus_a%d" % slot)
        srv.drop("sd_corpus_b%d" % slot)
    return corpus_common.summarize(
        a, results, "psqldef corpus on PostgreSQL %d: %d cases in %.0f s" % (srv.major, len(results), secs),
        r'"[^"]*"')


if __name__ == "__main__":
    sys.exit(main())
