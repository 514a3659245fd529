#!/usr/bin/env python3
"""scripts/pg_ddl_coverage.py: what schemadiff does with each statement node
and each ALTER TABLE subcommand of the PostgreSQL grammar (libpg_query's
pg_query.proto: the statement members of `message Node` and `enum
AlterTableType`), written as docs/pg-ddl-coverage.md.

Every node has a status here (STMTS, ALTER_TABLE): supported (modelled in all
four stages: parse, introspect, diff, emit), opaque (carried as SQL text:
parsed for its identity and dependencies, introspected by the server's own
rendering, compared by its canonical text, created as written, dropped with
DROP <kind>; struct sd_opaque), ignored (accepted, no catalog change: data
and session statements), refused (a named error; the reason is given), or
part (not a statement of its own). Where a node has an example, --check runs
it through schemadiff (an offline diff from nothing) and the outcome must
match the status: refused gives exit 2 and "unsupported statement", any other
status exit 0.

  python3 scripts/pg_ddl_coverage.py [--proto PATH] [--schemadiff BIN] --check
      fails when a node of the grammar has no status, an example does not behave as its status says, or
      docs/pg-ddl-coverage.md is not what this script writes
  python3 scripts/pg_ddl_coverage.py [--proto PATH] --write
      writes docs/pg-ddl-coverage.md
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

S, O, I, R, P = "supported", "opaque", "ignored", "refused", "part"

# node: (status, note, example or None)
STMTS = {
    "AlterCollationStmt": (S, "REFRESH VERSION", None),
    "AlterDefaultPrivilegesStmt": (S, "", "ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO PUBLIC;"),
    "AlterDomainStmt": (S, "", "CREATE DOMAIN d AS int; ALTER DOMAIN d SET NOT NULL;"),
    "AlterEnumStmt": (S, "", "CREATE TYPE e AS ENUM ('a'); ALTER TYPE e ADD VALUE 'b';"),
    "AlterEventTrigStmt": (O, "appended to the event trigger", "CREATE EVENT TRIGGER e ON ddl_command_start EXECUTE FUNCTION f(); ALTER EVENT TRIGGER e DISABLE;"),
    "AlterExtensionContentsStmt": (R, "extension membership is the extension's own script", "ALTER EXTENSION x ADD TABLE t;"),
    "AlterExtensionStmt": (R, "extension updates are not planned (the version is compared)", "ALTER EXTENSION x UPDATE;"),
    "AlterFdwStmt": (O, "appended to the foreign data wrapper", "CREATE FOREIGN DATA WRAPPER w; ALTER FOREIGN DATA WRAPPER w OPTIONS (a 'b');"),
    "AlterForeignServerStmt": (O, "appended to the server", "CREATE SERVER s FOREIGN DATA WRAPPER w; ALTER SERVER s VERSION '2';"),
    "AlterFunctionStmt": (R, "function options are written in CREATE OR REPLACE FUNCTION", "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'select 1'; ALTER FUNCTION f() STABLE;"),
    "AlterObjectDependsStmt": (R, "DEPENDS ON EXTENSION ties an object to an extension outside the schema", "ALTER FUNCTION f() DEPENDS ON EXTENSION x;"),
    "AlterObjectSchemaStmt": (S, "SET SCHEMA of modelled kinds", None),
    "AlterOpFamilyStmt": (O, "appended to the operator family", "CREATE OPERATOR FAMILY f USING btree; ALTER OPERATOR FAMILY f USING btree ADD OPERATOR 1 < (int, int);"),
    "AlterOperatorStmt": (O, "appended to the operator", "CREATE OPERATOR === (LEFTARG = int, RIGHTARG = int, FUNCTION = int4eq); ALTER OPERATOR ===(int, int) SET (RESTRICT = eqsel);"),
    "AlterOwnerStmt": (I, "ownership is not modelled", "CREATE SCHEMA s; ALTER SCHEMA s OWNER TO bob;"),
    "AlterPolicyStmt": (S, "", None),
    "AlterPublicationStmt": (O, "appended to the publication", "CREATE TABLE t (a int); CREATE PUBLICATION p; ALTER PUBLICATION p ADD TABLE t;"),
    "AlterRoleSetStmt": (R, "roles are cluster-wide, not part of a database's schema", "ALTER ROLE bob SET work_mem = '1MB';"),
    "AlterRoleStmt": (R, "roles are cluster-wide, not part of a database's schema", "ALTER ROLE bob LOGIN;"),
    "AlterSeqStmt": (S, "", "CREATE SEQUENCE s; ALTER SEQUENCE s INCREMENT 2;"),
    "AlterStatsStmt": (O, "appended to the statistics object", "CREATE TABLE t (a int, b int); CREATE STATISTICS s ON a, b FROM t; ALTER STATISTICS s SET STATISTICS 10;"),
    "AlterSubscriptionStmt": (R, "subscriptions connect to another server; a live one is a warning", "ALTER SUBSCRIPTION s DISABLE;"),
    "AlterSystemStmt": (R, "server configuration, not schema", "ALTER SYSTEM SET work_mem = '1MB';"),
    "AlterTSConfigurationStmt": (O, "appended to the configuration", "CREATE TEXT SEARCH CONFIGURATION c (COPY = english); ALTER TEXT SEARCH CONFIGURATION c ALTER MAPPING FOR word WITH simple;"),
    "AlterTSDictionaryStmt": (O, "appended to the dictionary", "CREATE TEXT SEARCH DICTIONARY d (TEMPLATE = simple); ALTER TEXT SEARCH DICTIONARY d (STOPWORDS = english);"),
    "AlterTableMoveAllStmt": (R, "tablespaces are cluster-wide", "ALTER TABLE ALL IN TABLESPACE a SET TABLESPACE b;"),
    "AlterTableSpaceOptionsStmt": (R, "tablespaces are cluster-wide", "ALTER TABLESPACE a SET (seq_page_cost = 1);"),
    "AlterTableStmt": (S, "ALTER TABLE / INDEX / VIEW / FOREIGN TABLE ...: see the subcommands below", "CREATE TABLE t (a int); ALTER TABLE t ADD COLUMN b int;"),
    "AlterTypeStmt": (R, "ALTER TYPE ... SET (...) of base types, which are not carried", "ALTER TYPE t SET (STORAGE = plain);"),
    "AlterUserMappingStmt": (O, "appended to the user mapping", "CREATE SERVER s FOREIGN DATA WRAPPER w; CREATE USER MAPPING FOR PUBLIC SERVER s; ALTER USER MAPPING FOR PUBLIC SERVER s OPTIONS (a 'b');"),
    "AlterDatabaseRefreshCollStmt": (R, "database-level, outside the schema", "ALTER DATABASE d REFRESH COLLATION VERSION;"),
    "AlterDatabaseSetStmt": (R, "database-level, outside the schema", "ALTER DATABASE d SET work_mem = '1MB';"),
    "AlterDatabaseStmt": (R, "database-level, outside the schema", "ALTER DATABASE d CONNECTION LIMIT 5;"),
    "CallStmt": (S, "the files (desired) or the history (versions) are loaded on a server, as psql runs them (issue 17 item 6)", "CREATE PROCEDURE p() LANGUAGE sql AS $$ SELECT 1 $$; CALL p();"),
    "CheckPointStmt": (R, "not DDL", "CHECKPOINT;"),
    "ClosePortalStmt": (R, "not DDL", "CLOSE c;"),
    "ClusterStmt": (R, "not DDL (a data operation)", "CLUSTER t USING i;"),
    "CommentStmt": (S, "on modelled kinds, columns of tables, views, materialized views and composite types; appended to opaque objects", "CREATE TABLE t (a int); COMMENT ON TABLE t IS 'x';"),
    "CompositeTypeStmt": (S, "", "CREATE TYPE c AS (a int);"),
    "ConstraintsSetStmt": (R, "not DDL", "SET CONSTRAINTS ALL DEFERRED;"),
    "CopyStmt": (R, "not DDL (data)", "COPY t FROM STDIN;"),
    "CreateAmStmt": (O, "", "CREATE ACCESS METHOD a TYPE TABLE HANDLER heap_tableam_handler;"),
    "CreateCastStmt": (O, "", "CREATE CAST (bigint AS int4) WITH INOUT;"),
    "CreateConversionStmt": (O, "", "CREATE CONVERSION c FOR 'LATIN1' TO 'UTF8' FROM iso8859_1_to_utf8;"),
    "CreateDomainStmt": (S, "", "CREATE DOMAIN d AS int CHECK (VALUE > 0);"),
    "CreateEnumStmt": (S, "", "CREATE TYPE e AS ENUM ('a');"),
    "CreateEventTrigStmt": (O, "", "CREATE EVENT TRIGGER e ON ddl_command_start EXECUTE FUNCTION f();"),
    "CreateExtensionStmt": (S, "", "CREATE EXTENSION citext;"),
    "CreateFdwStmt": (O, "", "CREATE FOREIGN DATA WRAPPER w;"),
    "CreateForeignServerStmt": (O, "", "CREATE SERVER s FOREIGN DATA WRAPPER w;"),
    "CreateForeignTableStmt": (O, "", "CREATE FOREIGN TABLE ft (a int) SERVER s;"),
    "CreateFunctionStmt": (S, "functions and procedures", "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'select 1';"),
    "CreateOpClassStmt": (O, "", "CREATE OPERATOR CLASS c FOR TYPE int USING btree AS OPERATOR 1 <;"),
    "CreateOpFamilyStmt": (O, "", "CREATE OPERATOR FAMILY f USING btree;"),
    "CreatePLangStmt": (O, "languages that no extension owns", "CREATE LANGUAGE l HANDLER h;"),
    "CreatePolicyStmt": (S, "", "CREATE TABLE t (a int); CREATE POLICY p ON t USING (a > 0);"),
    "CreatePublicationStmt": (O, "", "CREATE PUBLICATION p FOR ALL TABLES;"),
    "CreateRangeStmt": (S, "", "CREATE TYPE r AS RANGE (SUBTYPE = int4);"),
    "CreateRoleStmt": (R, "roles are cluster-wide, not part of a database's schema", "CREATE ROLE bob;"),
    "CreateSchemaStmt": (S, "", "CREATE SCHEMA s;"),
    "CreateSeqStmt": (S, "", "CREATE SEQUENCE s;"),
    "CreateStatsStmt": (O, "extended statistics", "CREATE TABLE t (a int, b int); CREATE STATISTICS s ON a, b FROM t;"),
    "CreateStmt": (S, "tables, partitions, inheritance", "CREATE TABLE t (a int PRIMARY KEY);"),
    "CreateSubscriptionStmt": (R, "subscriptions connect to another server; a live one is a warning", "CREATE SUBSCRIPTION s CONNECTION 'x' PUBLICATION p WITH (connect = false);"),
    "CreateTableAsStmt": (S, "materialized views (CREATE TABLE AS is refused: its rows are data)", "CREATE MATERIALIZED VIEW m AS SELECT 1 AS a;"),
    "CreateTableSpaceStmt": (R, "tablespaces are cluster-wide", "CREATE TABLESPACE ts LOCATION '/x';"),
    "CreateTransformStmt": (O, "", "CREATE TRANSFORM FOR int LANGUAGE sql (FROM SQL WITH FUNCTION f(internal));"),
    "CreateTrigStmt": (S, "", None),
    "CreateUserMappingStmt": (O, "", "CREATE SERVER s FOREIGN DATA WRAPPER w; CREATE USER MAPPING FOR PUBLIC SERVER s;"),
    "CreatedbStmt": (R, "database-level, outside the schema", "CREATE DATABASE d;"),
    "DeallocateStmt": (R, "not DDL", "DEALLOCATE p;"),
    "DeclareCursorStmt": (R, "not DDL", "DECLARE c CURSOR FOR SELECT 1;"),
    "DefineStmt": (S, "CREATE COLLATION; AGGREGATE, OPERATOR and TEXT SEARCH PARSER / TEMPLATE / DICTIONARY / CONFIGURATION are opaque; CREATE TYPE of a base or shell type is refused (a live one is a warning)", "CREATE AGGREGATE a(int) (SFUNC = int4pl, STYPE = int);"),
    "DiscardStmt": (R, "not DDL", "DISCARD ALL;"),
    "DoStmt": (I, "in a desired file: a pre-statement, run before the rest on the scratch database and on apply, never diffed; in a version file the history is replayed on a server (issue 17 item 6)", "DO $$ BEGIN END $$;"),
    "DropOwnedStmt": (R, "acts on a role's objects across the database", "DROP OWNED BY bob;"),
    "DropRoleStmt": (R, "roles are cluster-wide, not part of a database's schema", "DROP ROLE bob;"),
    "DropStmt": (S, "every modelled and opaque kind", "CREATE TABLE t (a int); DROP TABLE t;"),
    "DropSubscriptionStmt": (R, "subscriptions connect to another server", "DROP SUBSCRIPTION s;"),
    "DropTableSpaceStmt": (R, "tablespaces are cluster-wide", "DROP TABLESPACE ts;"),
    "DropUserMappingStmt": (O, "", "CREATE SERVER s FOREIGN DATA WRAPPER w; CREATE USER MAPPING FOR PUBLIC SERVER s; DROP USER MAPPING FOR PUBLIC SERVER s;"),
    "DropdbStmt": (R, "database-level, outside the schema", "DROP DATABASE d;"),
    "ExecuteStmt": (R, "not DDL", "EXECUTE p;"),
    "ExplainStmt": (R, "not DDL", "EXPLAIN SELECT 1;"),
    "FetchStmt": (R, "not DDL", "FETCH c;"),
    "GrantRoleStmt": (R, "role membership is cluster-wide", "GRANT bob TO alice;"),
    "GrantStmt": (S, "privileges on modelled kinds; appended to opaque objects", "CREATE TABLE t (a int); GRANT SELECT ON t TO PUBLIC;"),
    "ImportForeignSchemaStmt": (R, "reads the remote server: write the foreign tables out", "IMPORT FOREIGN SCHEMA r FROM SERVER s INTO public;"),
    "IndexStmt": (S, "", "CREATE TABLE t (a int); CREATE INDEX ON t (a);"),
    "ListenStmt": (R, "not DDL", "LISTEN c;"),
    "LoadStmt": (R, "not DDL", "LOAD 'x';"),
    "LockStmt": (R, "not DDL", "LOCK t;"),
    "NotifyStmt": (R, "not DDL", "NOTIFY c;"),
    "PrepareStmt": (R, "not DDL", "PREPARE p AS SELECT 1;"),
    "ReassignOwnedStmt": (R, "acts on a role's objects across the database", "REASSIGN OWNED BY bob TO alice;"),
    "RefreshMatViewStmt": (I, "data", "CREATE MATERIALIZED VIEW m AS SELECT 1 AS a; REFRESH MATERIALIZED VIEW m;"),
    "ReindexStmt": (R, "not DDL", "REINDEX TABLE t;"),
    "RenameStmt": (S, "RENAME of modelled kinds", "CREATE TABLE t (a int); ALTER TABLE t RENAME TO u;"),
    "ReplicaIdentityStmt": (P, "inside ALTER TABLE (AT_ReplicaIdentity)", None),
    "RuleStmt": (O, "", "CREATE TABLE t (a int); CREATE RULE r AS ON INSERT TO t DO NOTHING;"),
    "SecLabelStmt": (R, "security labels need a label provider loaded in the server", "SECURITY LABEL ON TABLE t IS 'x';"),
    "TransactionStmt": (I, "", "BEGIN; COMMIT;"),
    "TruncateStmt": (I, "data", "CREATE TABLE t (a int); TRUNCATE t;"),
    "UnlistenStmt": (R, "not DDL", "UNLISTEN c;"),
    "VacuumStmt": (I, "VACUUM and ANALYZE", "CREATE TABLE t (a int); ANALYZE t;"),
    "VariableSetStmt": (I, "SET search_path is followed", "SET search_path = public;"),
    "VariableShowStmt": (I, "", "SHOW search_path;"),
    "ViewStmt": (S, "", "CREATE VIEW v AS SELECT 1 AS a;"),
    "InsertStmt": (I, "data", None),
    "DeleteStmt": (I, "data", None),
    "UpdateStmt": (I, "data", None),
    "MergeStmt": (I, "data", None),
    "SelectStmt": (I, "data; set_config('search_path', ...) is followed; a call of a function the files define loads them on a server", "SELECT 1;"),
    "RawStmt": (P, "the wrapper of every statement", None),
    "ReturnStmt": (P, "a SQL-standard function body", None),
    "PLAssignStmt": (P, "PL/pgSQL internals", None),
    "SetOperationStmt": (P, "inside SELECT", None),
}

# AlterTableType: (status, note)
ALTER_TABLE = {
    "AT_AddColumn": (S, ""), "AT_AddColumnRecurse": (S, ""),
    "AT_AddColumnToView": (P, "CREATE OR REPLACE VIEW internals"),
    "AT_ColumnDefault": (S, "tables and views (ALTER VIEW)"), "AT_CookedColumnDefault": (P, "internal"),
    "AT_DropNotNull": (S, ""), "AT_SetNotNull": (S, ""),
    "AT_DropExpression": (S, ""), "AT_CheckNotNull": (P, "internal"),
    "AT_SetStatistics": (S, "columns, and index columns (ALTER INDEX ... ALTER COLUMN n)"),
    "AT_SetOptions": (R, "per-column options (n_distinct) are not modelled"),
    "AT_ResetOptions": (R, "per-column options (n_distinct) are not modelled"),
    "AT_SetStorage": (S, ""), "AT_SetCompression": (S, ""),
    "AT_SetExpression": (S, "a generated column's expression (17, 18)"),
    "AT_DropColumn": (S, ""), "AT_DropColumnRecurse": (S, ""),
    "AT_AddIndex": (P, "internal"), "AT_ReAddIndex": (P, "internal"),
    "AT_AddConstraint": (S, ""), "AT_AddConstraintRecurse": (S, ""),
    "AT_ReAddConstraint": (P, "internal"), "AT_ReAddDomainConstraint": (P, "internal"),
    "AT_AlterConstraint": (S, "DEFERRABLE changes"),
    "AT_ValidateConstraint": (S, ""), "AT_ValidateConstraintRecurse": (S, ""),
    "AT_AddIndexConstraint": (S, "ADD PRIMARY KEY / UNIQUE USING INDEX: the index becomes the constraint's, named as the constraint"),
    "AT_DropConstraint": (S, ""), "AT_DropConstraintRecurse": (S, ""),
    "AT_ReAddComment": (P, "internal"),
    "AT_AlterColumnType": (S, ""),
    "AT_AlterColumnGenericOptions": (O, "ALTER FOREIGN TABLE: appended to the foreign table"),
    "AT_ChangeOwner": (I, "ownership is not modelled"),
    "AT_ClusterOn": (R, "CLUSTER ON marks are not modelled"),
    "AT_DropCluster": (R, "CLUSTER ON marks are not modelled"),
    "AT_SetLogged": (S, ""), "AT_SetUnLogged": (S, ""),
    "AT_DropOids": (R, "WITHOUT OIDS is gone from PostgreSQL 12"),
    "AT_SetAccessMethod": (R, "table access methods of tables are not modelled"),
    "AT_SetTableSpace": (R, "tablespaces are cluster-wide"),
    "AT_SetRelOptions": (S, "tables, indexes, views (check_option, security_barrier, security_invoker), materialized views"),
    "AT_ResetRelOptions": (S, "tables, indexes, views, materialized views"),
    "AT_ReplaceRelOptions": (P, "internal"),
    "AT_EnableTrig": (S, "trigger enable states (tgenabled)"),
    "AT_EnableAlwaysTrig": (S, "trigger enable states (tgenabled)"),
    "AT_EnableReplicaTrig": (S, "trigger enable states (tgenabled)"),
    "AT_DisableTrig": (S, "trigger enable states (tgenabled)"),
    "AT_EnableTrigAll": (S, "trigger enable states (tgenabled); ALL and USER set the triggers the files define"),
    "AT_DisableTrigAll": (S, "trigger enable states (tgenabled); ALL and USER set the triggers the files define"),
    "AT_EnableTrigUser": (S, "trigger enable states (tgenabled); ALL and USER set the triggers the files define"),
    "AT_DisableTrigUser": (S, "trigger enable states (tgenabled); ALL and USER set the triggers the files define"),
    "AT_EnableRule": (O, "appended to the rule"),
    "AT_EnableAlwaysRule": (O, "appended to the rule"),
    "AT_EnableReplicaRule": (O, "appended to the rule"),
    "AT_DisableRule": (O, "appended to the rule"),
    "AT_AddInherit": (S, ""), "AT_DropInherit": (S, ""),
    "AT_AddOf": (R, "typed tables (OF type) are not modelled"),
    "AT_DropOf": (R, "typed tables (OF type) are not modelled"),
    "AT_ReplicaIdentity": (S, "REPLICA IDENTITY DEFAULT / FULL / NOTHING / USING INDEX (relreplident, indisreplident)"),
    "AT_EnableRowSecurity": (S, ""), "AT_DisableRowSecurity": (S, ""),
    "AT_ForceRowSecurity": (S, ""), "AT_NoForceRowSecurity": (S, ""),
    "AT_GenericOptions": (O, "ALTER FOREIGN TABLE ... OPTIONS: appended to the foreign table"),
    "AT_AttachPartition": (S, "tables and indexes"),
    "AT_DetachPartition": (S, ""), "AT_DetachPartitionFinalize": (S, ""),
    "AT_AddIdentity": (S, ""), "AT_SetIdentity": (S, ""), "AT_DropIdentity": (S, ""),
    "AT_ReAddStatistics": (P, "internal"),
}

DOC = "docs/pg-ddl-coverage.md"


def find_proto(given):
    for p in ([given] if given else []) + ["/usr/include/pg_query/pg_query.proto",
                                           "/usr/include/pg_query.proto"]:
        if p and os.path.exists(p):
            return p
    sys.exit("pg_ddl_coverage: error: pg_query.proto not found (make deps)")


def grammar(proto):
    text = open(proto, encoding="utf-8").read()
    node = re.search(r"message Node\s*\{(.*?)\n\}", text, re.S).group(1)
    stmts = sorted(set(re.findall(r"\b([A-Za-z]+Stmt)\s+[a-z_]+\s*=", node)))
    at = re.search(r"enum AlterTableType\s*\{(.*?)\}", text, re.S).group(1)
    subs = re.findall(r"\b(AT_[A-Za-z]+)\s*=", at)
    return stmts, subs


def render(stmts, subs):
    out = ["# PostgreSQL DDL coverage", "",
           "Generated by `scripts/pg_ddl_coverage.py` from libpg_query's "
           "`pg_query.proto` (the statement nodes of `message Node` and "
           "`enum AlterTableType`); `make check` fails when the grammar has a "
           "node without a status here. Statuses: **supported** (modelled in "
           "all four stages: parse, introspect, diff, emit), **opaque** "
           "(carried as SQL text: parsed for its identity and dependencies, "
           "introspected as the server renders it, compared by that text, "
           "created as written, dropped with `DROP <kind>`), **ignored** "
           "(accepted, no schema change), **refused** (`unsupported "
           "statement ...`, exit 2), **part** (not a statement of its own).",
           "", "## Statements", "", "| node | status | notes |",
           "|---|---|---|"]
    for s in stmts:
        st, note, _ = STMTS[s]
        out.append(f"| {s} | {st} | {note} |")
    out += ["", "## ALTER TABLE subcommands (AlterTableType)", "",
            "| subcommand | status | notes |", "|---|---|---|"]
    for a in subs:
        st, note = ALTER_TABLE[a]
        out.append(f"| {a} | {st} | {note} |")
    refused = [s for s in stmts if STMTS[s][0] == R]
    out += ["", "## Still refused", "",
            f"{len(refused)} statement nodes are refused; none of them "
            "defines an object of a database's schema that pg_dump "
            "--schema-only writes, except `CREATE TYPE` of a base type "
            "(DefineStmt), subscriptions, and `CALL` in desired files (in "
            "version files it is replayed on a server, issue 17 item 6). The reasons are in the table above.", ""]
    return "\n".join(out)


def run_examples(sd):
    bad = []
    with tempfile.TemporaryDirectory() as d:
        empty = os.path.join(d, "empty.sql")
        open(empty, "w").close()
        for node, (st, _, ex) in sorted(STMTS.items()):
            if not ex:
                continue
            f = os.path.join(d, "ex.sql")
            with open(f, "w") as fh:
                fh.write(ex + "\n")
            r = subprocess.run([sd, "diff", empty, f], capture_output=True,
                               text=True)
            if st == R:
                ok = r.returncode == 2 and "unsupported statement" in r.stderr
            else:
                ok = r.returncode == 0
            if not ok:
                bad.append(f"{node} ({st}): exit {r.returncode}: "
                           f"{r.stderr.strip()[:200]}")
    return bad


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--proto")
    ap.add_argument("--schemadiff")
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--write", action="store_true")
    a = ap.parse_args()
    stmts, subs = grammar(find_proto(a.proto))
    errors = []
    errors += [f"statement node {s} has no status in scripts/pg_ddl_coverage.py"
               for s in stmts if s not in STMTS]
    errors += [f"ALTER TABLE subcommand {s} has no status in scripts/pg_ddl_coverage.py"
               for s in subs if s not in ALTER_TABLE]
    # entries the grammar lacks (nodes of another release) are left out of
    # the table, not an error: one table serves libpg_query 15 and later
    if errors:
        print("\n".join("pg_ddl_coverage: error: " + e for e in errors),
              file=sys.stderr)
        return 1
    doc = render(stmts, subs)
    if a.write:
        with open(DOC, "w", encoding="utf-8") as fh:
            fh.write(doc)
        print(f"pg_ddl_coverage: wrote {DOC}")
    if a.check:
        if not os.path.exists(DOC) or open(DOC, encoding="utf-8").read() != doc:
            errors.append(f"{DOC} is out of date: run "
                          "python3 scripts/pg_ddl_coverage.py --write")
        if a.schemadiff:
            errors += run_examples(a.schemadiff)
        for e in errors:
            print("pg_ddl_coverage: error: " + e, file=sys.stderr)
        n_r = sum(1 for s in stmts if STMTS[s][0] == R)
        print(f"pg_ddl_coverage: {len(stmts)} statement nodes, {len(subs)} "
              f"ALTER TABLE subcommands, {n_r} statements refused; "
              f"{len(errors)} errors")
        return 1 if errors else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
