-- scripts/corpus_catalog_dump.sql: a database's schema as lines of text
-- from the catalogs, printed by the server's own functions, for
-- scripts/corpus_live.py on servers whose pg_dump it lacks (the version
-- matrix: pg_dump 15 refuses newer servers). One line per object or part;
-- the runner sorts them. Names the server makes up (OIDs, internal types)
-- are not printed; user schemas only (not pg_*, information_schema,
-- schemadiff).
WITH ns AS (
  SELECT oid, nspname FROM pg_namespace
  WHERE nspname NOT LIKE 'pg\_%' AND nspname NOT IN ('information_schema', 'schemadiff')
)
SELECT 'schema ' || nspname FROM ns
UNION ALL
SELECT 'extension ' || extname FROM pg_extension WHERE extname <> 'plpgsql'
UNION ALL
SELECT 'relation ' || ns.nspname || '.' || c.relname || ' kind=' || c.relkind::text::text
  || ' persistence=' || c.relpersistence::text || ' rls=' || c.relrowsecurity
  || coalesce(' partkey=' || pg_get_partkeydef(c.oid), '')
  || coalesce(' bound=' || pg_get_expr(c.relpartbound, c.oid), '')
  || coalesce(' options=' || array_to_string(c.reloptions, ','), '')
FROM pg_class c JOIN ns ON ns.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f', 'c')
UNION ALL
SELECT 'column ' || ns.nspname || '.' || c.relname || '.' || a.attname
  || ' ' || format_type(a.atttypid, a.atttypmod)
  || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END
  || coalesce(' collate ' || NULLIF(co.collname, 'default'), '')
  || CASE a.attgenerated WHEN 's' THEN ' stored ' WHEN 'v' THEN ' virtual '
       ELSE ' default ' END || coalesce(pg_get_expr(ad.adbin, ad.adrelid), '')
  || CASE WHEN a.attidentity <> '' THEN ' identity ' || a.attidentity::text ELSE '' END
  || ' storage=' || a.attstorage::text
FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
JOIN ns ON ns.oid = c.relnamespace
LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
LEFT JOIN pg_collation co ON co.oid = a.attcollation
WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'c')
UNION ALL
SELECT 'constraint ' || ns.nspname || '.' || coalesce(c.relname, t.typname) || '.'
  || k.conname || ' ' || k.contype::text || ' ' || pg_get_constraintdef(k.oid)
FROM pg_constraint k JOIN ns ON ns.oid = k.connamespace
LEFT JOIN pg_class c ON c.oid = k.conrelid
LEFT JOIN pg_type t ON t.oid = k.contypid
WHERE k.contype <> 'n' OR k.conname !~ '_not_null$'
UNION ALL
SELECT 'index ' || pg_get_indexdef(i.indexrelid)
FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN ns ON ns.oid = c.relnamespace
UNION ALL
SELECT 'view ' || ns.nspname || '.' || c.relname || ' ' || pg_get_viewdef(c.oid, true)
FROM pg_class c JOIN ns ON ns.oid = c.relnamespace WHERE c.relkind IN ('v', 'm')
UNION ALL
SELECT 'sequence ' || ns.nspname || '.' || c.relname || ' ' || format_type(s.seqtypid, NULL)
  || ' ' || s.seqstart || ' ' || s.seqincrement || ' ' || s.seqmin || ' ' || s.seqmax
  || ' ' || s.seqcache || ' ' || s.seqcycle
FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid JOIN ns ON ns.oid = c.relnamespace
UNION ALL
SELECT 'function ' || regexp_replace(pg_get_functiondef(p.oid), '\s+', ' ', 'g')
FROM pg_proc p JOIN ns ON ns.oid = p.pronamespace WHERE p.prokind IN ('f', 'p', 'w')
UNION ALL
SELECT 'trigger ' || pg_get_triggerdef(g.oid)
FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid JOIN ns ON ns.oid = c.relnamespace
WHERE NOT g.tgisinternal
UNION ALL
SELECT 'type ' || ns.nspname || '.' || t.typname || ' ' || t.typtype::text
  || coalesce(' base=' || format_type(NULLIF(t.typbasetype, 0), t.typtypmod), '')
  || ' notnull=' || t.typnotnull || coalesce(' default=' || t.typdefault, '')
  || coalesce(' labels=' || (SELECT string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder)
                              FROM pg_enum e WHERE e.enumtypid = t.oid), '')
FROM pg_type t JOIN ns ON ns.oid = t.typnamespace
WHERE t.typtype IN ('e', 'd', 'r') OR (t.typtype = 'c' AND
  (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c')
UNION ALL
SELECT 'policy ' || ns.nspname || '.' || c.relname || '.' || p.polname || ' ' || p.polcmd::text
  || ' ' || p.polpermissive || ' ' || coalesce(pg_get_expr(p.polqual, p.polrelid), '')
  || ' ' || coalesce(pg_get_expr(p.polwithcheck, p.polrelid), '')
FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid JOIN ns ON ns.oid = c.relnamespace
UNION ALL
SELECT 'collation ' || ns.nspname || '.' || co.collname || ' ' || co.collprovider::text
  || ' ' || co.collisdeterministic
FROM pg_collation co JOIN ns ON ns.oid = co.collnamespace;
