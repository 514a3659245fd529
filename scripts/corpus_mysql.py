#!/usr/bin/env python3
"""The acceptance corpus (../shared/corpus/mysqldef) on a real MariaDB.

Run under tests/harness/with-mariadb.sh (it exports SD_TEST_MYSQL_URL).
For each case:
  1. load current.sql into a fresh database A and desired.sql into B with the
     mariadb client, FOREIGN_KEY_CHECKS=0 (files may use a table defined
     further down). A file that does not load makes the case "invalid here",
     reported apart.
  2. `schemadiff apply --url A --desired desired.sql --allow-destructive`;
  3. A and B have the same schema: `schemadiff diff --exit-code A B` finds
     nothing, and SHOW CREATE of every table, view, trigger, routine and
     event of both agree (AUTO_INCREMENT counters and DEFINER removed, the
     order of keys and constraints inside CREATE TABLE ignored, only the
     definition column of SHOW CREATE VIEW / TRIGGER / FUNCTION / EVENT
     compared, an event's STARTS left out when it is the time the event
     was created or altered, and a
     trigger's timing and event keywords compared in one case);
  4. a second apply finds nothing to do (no SQL printed).
Cases whose `requires` this server does not meet are skipped: a flavor other
than mariadb (mysql, tidb, !mariadb), a max_version below the server's.
min_version is compared with the server's version number as it is.
Cases listed in tests/corpus/mysqldef-known.txt (name, then the reason) are
expected to fail for a known reason. Exit 1 when an unlisted case fails.
"""
import json
import os
import re
import subprocess
import sys
import urllib.parse

import corpus_common
from corpus_common import first_error, first_line

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class Server:
    def __init__(self):
        url = os.environ.get("SD_TEST_MYSQL_URL")
        if not url:
            sys.exit("corpus_mysql: SD_TEST_MYSQL_URL is not set (run under tests/harness/with-mariadb.sh)")
        u = urllib.parse.urlparse(url)
        self.host, self.port = u.hostname or "127.0.0.1", u.port or 3306
        self.user = urllib.parse.unquote(u.username or "root")
        self.password = urllib.parse.unquote(u.password or "")
        out = self.query(None, "SELECT VERSION()")
        self.version_text = out.strip()
        m = re.match(r"(\d+)\.(\d+)", self.version_text)
        self.version = (int(m.group(1)), int(m.group(2)))
        self.mariadb = "mariadb" in self.version_text.lower()

    def client(self, db, extra=()):
        cmd = ["mariadb", "--no-defaults", "-h", self.host, "-P", str(self.port),
               "-u", self.user, "--protocol=tcp"]
        if self.password:
            cmd.append("-p" + self.password)
        cmd += list(extra)
        if db:
            cmd.append(db)
        return cmd

    def query(self, db, sql, check=True):
        p = subprocess.run(self.client(db, ["-N", "-B", "-e", sql]),
                           capture_output=True, text=True, timeout=120)
        if check and p.returncode:
            raise RuntimeError("%s: %s" % (sql[:80], p.stderr.strip()))
        return p.stdout

    def recreate(self, db):
        self.query(None, "DROP DATABASE IF EXISTS `%s`; CREATE DATABASE `%s`" % (db, db))

    def drop(self, db):
        self.query(None, "DROP DATABASE IF EXISTS `%s`" % db, check=False)

    def load(self, db, path):
        """Run a file; None when it loads, else the client's message."""
        with open(path, "rb") as f:
            text = f.read()
        p = subprocess.run(self.client(db, ["--init-command=SET FOREIGN_KEY_CHECKS=0"]),
                           input=text, capture_output=True, timeout=120)
        if p.returncode:
            return p.stderr.decode(errors="replace").strip()
        return None

    def url(self, db):
        cred = urllib.parse.quote(self.user)
        if self.password:
            cred += ":" + urllib.parse.quote(self.password)
        return "mysql://%s@%s:%d/%s" % (cred, self.host, self.port, db)

    def dump(self, db):
        """SHOW CREATE of every object, normalized, as a sorted list."""
        out = []
        rows = self.query(None,
                          "SELECT TABLE_NAME, TABLE_TYPE FROM information_schema.TABLES "
                          "WHERE TABLE_SCHEMA = '%s' ORDER BY TABLE_NAME" % db)
        for line in rows.splitlines():
            name, kind = line.split("\t")
            what = "VIEW" if kind == "VIEW" else "TABLE"
            text = self.query(db, "SHOW CREATE %s `%s`" % (what, name.replace("`", "``")))
            out.append(normalize(field(text, 1), db))
        rows = self.query(None, "SELECT TRIGGER_NAME FROM information_schema.TRIGGERS "
                          "WHERE TRIGGER_SCHEMA = '%s'" % db)
        for name in rows.split():
            out.append(normalize(field(self.query(db, "SHOW CREATE TRIGGER `%s`" % name), 2), db))
        rows = self.query(None, "SELECT ROUTINE_TYPE, ROUTINE_NAME FROM information_schema.ROUTINES "
                          "WHERE ROUTINE_SCHEMA = '%s'" % db)
        for line in rows.splitlines():
            kind, name = line.split("\t")
            out.append(normalize(field(self.query(db, "SHOW CREATE %s `%s`" % (kind, name)), 2), db))
        rows = self.query(None, "SELECT EVENT_NAME, CREATED, LAST_ALTERED FROM information_schema.EVENTS "
                          "WHERE EVENT_SCHEMA = '%s'" % db)
        for line in rows.splitlines():
            name, created, altered = line.split("\t")
            text = normalize(field(self.query(db, "SHOW CREATE EVENT `%s`" % name), 3), db)
            # a STARTS not given is the time of the CREATE (or of the
            # ALTER that set the schedule): not part of the schema
            for t in (created, altered):
                text = text.replace(" STARTS '%s'" % t, "")
            out.append(text)
        return sorted(out)


def field(row, i):
    """Column i of a SHOW CREATE row: the definition, without the session
    columns around it (sql_mode, client character set, creation time),
    which record how the object was created, not what it is."""
    parts = row.rstrip("\n").split("\t")
    return parts[i] if len(parts) > i else row


def normalize(text, db):
    text = re.sub(r" AUTO_INCREMENT=\d+", "", text)
    text = re.sub(r"DEFINER=`[^`]*`@`[^`]*` ", "", text)
    text = text.replace("`%s`." % db, "")
    # SHOW CREATE TRIGGER echoes the statement as it was typed: compare
    # the timing and event keywords in one case
    text = re.sub(r"^(CREATE TRIGGER `(?:[^`]|``)*` )(before|after) (insert|update|delete) ",
                  lambda m: m.group(1) + m.group(2).upper() + " " + m.group(3).upper() + " ",
                  text, flags=re.I)
    # inside CREATE TABLE, the order of keys and constraints is the order
    # they were added in, not part of the schema (column order is)
    lines = text.split("\\n")
    if lines and lines[0].startswith("CREATE TABLE"):
        end = next((i for i, l in enumerate(lines) if l.startswith(")")), len(lines))
        body = lines[1:end]
        keys = sorted(l.rstrip(",") for l in body if not l.lstrip().startswith("`"))
        cols = [l.rstrip(",") for l in body if l.lstrip().startswith("`")]
        text = "\\n".join([lines[0]] + cols + keys + lines[end:])
    return text.strip()


def vtuple(s):
    return tuple(int(x) for x in re.findall(r"\d+", s)[:2])


def skip_reason(case, srv):
    req = case.get("requires", {})
    fl = req.get("flavor")
    flavor = "mariadb" if srv.mariadb else "mysql"
    if fl:
        if fl.startswith("!"):
            if fl[1:] == flavor:
                return "not for %s" % flavor
        elif fl != flavor:
            return "needs %s" % fl
    mv = req.get("min_version")
    if mv and vtuple(mv) > srv.version:
        return "needs version %s" % mv
    xv = req.get("max_version")
    if xv and vtuple(xv) < srv.version:
        return "needs version %s or older" % xv
    for s in case.get("skip", []):
        if isinstance(s, str) and s.startswith("offline"):
            return "peer runs it offline only"
    return None


def run_case(srv, sd, case_dir, slot):
    name = os.path.basename(case_dir)
    with open(os.path.join(case_dir, "case.json")) as f:
        case = json.load(f)
    res = {"case": name}
    reason = skip_reason(case, srv)
    if reason:
        res.update(status="skipped", reason=reason)
        return res
    a, b = "sd_corpus_a%d" % slot, "sd_corpus_b%d" % slot
    for db in (a, b):
        srv.recreate(db)
        setup = case.get("setup_sql")
        if setup:
            srv.query(db, setup.replace("{db}", db), check=False)
    for db, fname in ((a, "current.sql"), (b, "desired.sql")):
        err = srv.load(db, os.path.join(case_dir, fname))
        if err:
            res.update(status="invalid", reason="%s does not load: %s" % (fname, err[:100]))
            return res
    desired = os.path.join(case_dir, "desired.sql")
    apply_cmd = [sd, "apply", "--url", srv.url(a), "--desired", desired, "--allow-destructive"]
    if "expected_error" in case:
        p = subprocess.run(apply_cmd, capture_output=True, text=True, timeout=120)
        if p.returncode == 2 and "error:" in p.stderr:
            res.update(status="pass")
        else:
            res.update(status="fail", reason="expected an error, got exit %d" % p.returncode)
        return res
    p = subprocess.run(apply_cmd, capture_output=True, text=True, timeout=120)
    if p.returncode != 0:
        res.update(status="fail", step="apply", reason=first_error(p.stderr),
                   stderr=p.stderr[-3000:], stdout=p.stdout[-3000:])
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
        res.update(status="fail", step="show-create",
                   reason="SHOW CREATE differs: A has %r, B has %r" % (
                       "\n".join(only_a)[:300], "\n".join(only_b)[:300]))
        return res
    p = subprocess.run(apply_cmd, capture_output=True, text=True, timeout=120)
    if p.returncode != 0 or p.stdout.strip():
        res.update(status="fail", step="idempotence",
                   reason="second apply: " + (first_error(p.stderr) if p.returncode else first_line(p.stdout)))
        return res
    res["status"] = "pass"
    return res


def main():
    a = corpus_common.arguments("mysqldef", "corpus-mysql.json")
    srv = Server()
    results, secs = corpus_common.run_all(
        a, lambda case_dir, slot: run_case(srv, a.schemadiff, case_dir, slot))
    for slot in range(a.jobs):
        srv.drop("sd_corpus_a%d" % slot)
        srv.drop("sd_corpus_b%d" % slot)
    return corpus_common.summarize(
        a, results, "mysqldef corpus on %s: %d cases in %.0f s" % (srv.version_text, len(results), secs),
        r"`[^`]*`")


if __name__ == "__main__":
    sys.exit(main())
