-- tests/harness/catalog_extra.sql: what scripts/corpus_catalog_dump.sql
-- leaves out and the live tests compare too (tests/cli/lib_catalog.sh):
-- comments, privileges (objects, columns, default privileges), table
-- inheritance, rules and column order, printed by the server's own
-- functions on any version from 13 (no pg_dump needed). One line per
-- object or part; the caller sorts them. User schemas only.
WITH ns AS (
  SELECT oid, nspname FROM pg_namespace
  WHERE nspname NOT LIKE 'pg\_%' AND nspname NOT IN ('information_schema', 'schemadiff')
)
SELECT 'comment ' || io.type || ' ' || io.identity || ' ' || d.description
FROM pg_description d, LATERAL pg_identify_object(d.classoid, d.objoid, 0) io
WHERE d.objsubid = 0 AND coalesce(io.schema, io.identity) IN (SELECT nspname FROM ns)
UNION ALL
SELECT 'comment column ' || ns.nspname || '.' || c.relname || '.' || a.attname || ' ' || d.description
FROM pg_description d JOIN pg_class c ON d.classoid = 'pg_class'::regclass AND c.oid = d.objoid
JOIN ns ON ns.oid = c.relnamespace
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = d.objsubid
WHERE d.objsubid > 0
UNION ALL
SELECT 'acl schema ' || nspname || ' ' || array_to_string(n.nspacl, ',')
FROM pg_namespace n WHERE n.oid IN (SELECT oid FROM ns) AND n.nspacl IS NOT NULL
UNION ALL
SELECT 'acl relation ' || ns.nspname || '.' || c.relname || ' ' || array_to_string(c.relacl, ',')
FROM pg_class c JOIN ns ON ns.oid = c.relnamespace WHERE c.relacl IS NOT NULL
UNION ALL
SELECT 'acl column ' || ns.nspname || '.' || c.relname || '.' || a.attname || ' ' || array_to_string(a.attacl, ',')
FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN ns ON ns.oid = c.relnamespace
WHERE a.attacl IS NOT NULL AND NOT a.attisdropped
UNION ALL
SELECT 'acl function ' || p.oid::regprocedure::text || ' ' || array_to_string(p.proacl, ',')
FROM pg_proc p JOIN ns ON ns.oid = p.pronamespace WHERE p.proacl IS NOT NULL
UNION ALL
SELECT 'acl type ' || ns.nspname || '.' || t.typname || ' ' || array_to_string(t.typacl, ',')
FROM pg_type t JOIN ns ON ns.oid = t.typnamespace WHERE t.typacl IS NOT NULL
UNION ALL
SELECT 'default acl ' || pg_get_userbyid(d.defaclrole) || ' ' || coalesce(n.nspname, '-') || ' '
  || d.defaclobjtype::text || ' ' || array_to_string(d.defaclacl, ',')
FROM pg_default_acl d LEFT JOIN pg_namespace n ON n.oid = d.defaclnamespace
UNION ALL
SELECT 'inherits ' || ns.nspname || '.' || c.relname || ' ' || i.inhparent::regclass::text || ' ' || i.inhseqno
FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN ns ON ns.oid = c.relnamespace
UNION ALL
SELECT 'rule ' || r.schemaname || '.' || r.tablename || '.' || r.rulename || ' ' || r.definition
FROM pg_rules r WHERE r.schemaname IN (SELECT nspname FROM ns)
UNION ALL
SELECT 'columns ' || ns.nspname || '.' || c.relname || ' '
  || (SELECT string_agg(a.attname, ',' ORDER BY a.attnum) FROM pg_attribute a
      WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped)
FROM pg_class c JOIN ns ON ns.oid = c.relnamespace WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f', 'c');
