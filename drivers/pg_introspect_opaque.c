/*
 * drivers/pg_introspect_opaque.c: the kinds carried as SQL text (struct
 * sd_opaque, model/opaque.c), read from pg_catalog: one query per kind for
 * the whole database, each giving the object's schema, its identity (bare
 * and full, as the parser makes them) and its definition rendered by the
 * server (pg_get_ruledef, pg_get_statisticsobjdef) or from its catalog row
 * (format_type, regproc and regprocedure print names qualified, as the
 * session's search_path is empty). A COMMENT is appended to the
 * definition. Objects an extension owns (pg_depend deptype 'e'), those
 * made along with another object (deptype 'i': a range type's casts) and
 * those made by initdb are left out. Then a query for the user objects of kinds
 * schemadiff does not carry at all (base and shell types, subscriptions):
 * each is a warning that names it, never a silent omission.
 *
 * Memory: strings kept are copied into the catalog's arena; results are
 * cleared as soon as they are read. Nothing is printed (warnings go to the
 * warning sink).
 */
#include "drivers/pg_catalog_queries.h"
#include "drivers/pg_introspect.h"
#include "drivers/pg_introspect_internal.h"

#include <string.h>

#include "util/strbuf.h"

#include "util/banned.h"

/* Objects made by initdb have OIDs below FirstNormalObjectId. */
#define USER_OID(oid) oid " >= 16384"
#define QN(ns, name) "quote_ident(" ns ") || '.' || quote_ident(" name ")"
/* OPTIONS (k 'v', ...) of an options array, or '' */
#define OPTS(arr) \
	"coalesce((SELECT ' OPTIONS (' || string_agg(quote_ident(o.option_name)" \
	" || ' ' || quote_literal(o.option_value), ', ') || ')'" \
	" FROM pg_options_to_table(" arr ") o), '')"

/*
 * Each query's columns: schema (NULL outside schemas), bare identity,
 * identity, definition, classoid, oid. objtype is the row of
 * sd_opaque_kinds[].
 */
static const struct {
	const char *objtype;
	const char *sql;
} opaque_queries[] = {
	{ "LANGUAGE",
	  "SELECT NULL::name, quote_ident(l.lanname), quote_ident(l.lanname),\n"
	  "  'CREATE ' || CASE WHEN l.lanpltrusted THEN 'TRUSTED ' ELSE '' END\n"
	  "  || 'LANGUAGE ' || quote_ident(l.lanname) || ' HANDLER '\n"
	  "  || l.lanplcallfoid::regproc::text\n"
	  "  || CASE WHEN l.laninline <> 0 THEN ' INLINE ' || l.laninline::regproc::text ELSE '' END\n"
	  "  || CASE WHEN l.lanvalidator <> 0 THEN ' VALIDATOR ' || l.lanvalidator::regproc::text ELSE '' END,\n"
	  "  'pg_language'::regclass, l.oid\n"
	  "FROM pg_language l WHERE " USER_OID("l.oid") " AND l.lanispl\n"
	  "  AND " NOT_EXT("pg_language", "l.oid") },
	{ "ACCESS METHOD",
	  "SELECT NULL::name, quote_ident(a.amname), quote_ident(a.amname),\n"
	  "  'CREATE ACCESS METHOD ' || quote_ident(a.amname) || ' TYPE '\n"
	  "  || CASE a.amtype WHEN 'i' THEN 'INDEX' ELSE 'TABLE' END\n"
	  "  || ' HANDLER ' || a.amhandler::regproc::text,\n"
	  "  'pg_am'::regclass, a.oid\n"
	  "FROM pg_am a WHERE " USER_OID("a.oid") "\n"
	  "  AND " NOT_EXT("pg_am", "a.oid") },
	{ "FOREIGN DATA WRAPPER",
	  "SELECT NULL::name, quote_ident(w.fdwname), quote_ident(w.fdwname),\n"
	  "  'CREATE FOREIGN DATA WRAPPER ' || quote_ident(w.fdwname)\n"
	  "  || CASE WHEN w.fdwhandler <> 0 THEN ' HANDLER ' || w.fdwhandler::regproc::text ELSE '' END\n"
	  "  || CASE WHEN w.fdwvalidator <> 0 THEN ' VALIDATOR ' || w.fdwvalidator::regproc::text ELSE '' END\n"
	  "  || " OPTS("w.fdwoptions") ",\n"
	  "  'pg_foreign_data_wrapper'::regclass, w.oid\n"
	  "FROM pg_foreign_data_wrapper w\n"
	  "WHERE " NOT_EXT("pg_foreign_data_wrapper", "w.oid") },
	{ "SERVER",
	  "SELECT NULL::name, quote_ident(s.srvname), quote_ident(s.srvname),\n"
	  "  'CREATE SERVER ' || quote_ident(s.srvname)\n"
	  "  || coalesce(' TYPE ' || quote_literal(s.srvtype), '')\n"
	  "  || coalesce(' VERSION ' || quote_literal(s.srvversion), '')\n"
	  "  || ' FOREIGN DATA WRAPPER ' || quote_ident(w.fdwname)\n"
	  "  || " OPTS("s.srvoptions") ",\n"
	  "  'pg_foreign_server'::regclass, s.oid\n"
	  "FROM pg_foreign_server s\n"
	  "JOIN pg_foreign_data_wrapper w ON w.oid = s.srvfdw\n"
	  "WHERE " NOT_EXT("pg_foreign_server", "s.oid") },
	{ "USER MAPPING",
	  "SELECT NULL::name, b.bare, b.bare,\n"
	  "  'CREATE USER MAPPING ' || b.bare || " OPTS("u.umoptions") ",\n"
	  "  'pg_user_mapping'::regclass, u.umid\n"
	  "FROM pg_user_mappings u,\n"
	  "LATERAL (SELECT 'FOR ' || CASE WHEN u.umuser = 0 THEN 'PUBLIC'\n"
	  "    ELSE quote_ident(u.usename) END || ' SERVER '\n"
	  "    || quote_ident(u.srvname) AS bare) b" },
	{ "AGGREGATE",
	  "SELECT n.nspname, quote_ident(p.proname) || '(' ||\n"
	  "    coalesce(nullif(oidvectortypes(p.proargtypes), ''), '*') || ')',\n"
	  "  " QN("n.nspname", "p.proname") " || '(' ||\n"
	  "    coalesce(nullif(pg_get_function_identity_arguments(p.oid), ''), '*') || ')',\n"
	  "  'CREATE AGGREGATE ' || " QN("n.nspname", "p.proname") " || '(' ||\n"
	  "    coalesce(nullif(pg_get_function_arguments(p.oid), ''), '*') || ') (SFUNC = '\n"
	  "  || a.aggtransfn::regproc::text || ', STYPE = ' || format_type(a.aggtranstype, NULL)\n"
	  "  || CASE WHEN a.aggtransspace <> 0 THEN ', SSPACE = ' || a.aggtransspace ELSE '' END\n"
	  "  || CASE WHEN a.aggfinalfn <> 0 THEN ', FINALFUNC = ' || a.aggfinalfn::regproc::text ELSE '' END\n"
	  "  || CASE WHEN a.aggfinalextra THEN ', FINALFUNC_EXTRA' ELSE '' END\n"
	  "  || CASE WHEN a.aggfinalmodify <> CASE WHEN a.aggkind = 'n' THEN 'r' ELSE 'w' END\n"
	  "     THEN ', FINALFUNC_MODIFY = ' || CASE a.aggfinalmodify WHEN 'r' THEN 'READ_ONLY'\n"
	  "       WHEN 's' THEN 'SHAREABLE' ELSE 'READ_WRITE' END ELSE '' END\n"
	  "  || CASE WHEN a.aggcombinefn <> 0 THEN ', COMBINEFUNC = ' || a.aggcombinefn::regproc::text ELSE '' END\n"
	  "  || CASE WHEN a.aggserialfn <> 0 THEN ', SERIALFUNC = ' || a.aggserialfn::regproc::text ELSE '' END\n"
	  "  || CASE WHEN a.aggdeserialfn <> 0 THEN ', DESERIALFUNC = ' || a.aggdeserialfn::regproc::text ELSE '' END\n"
	  "  || CASE WHEN a.agginitval IS NOT NULL THEN ', INITCOND = ' || quote_literal(a.agginitval) ELSE '' END\n"
	  "  || CASE WHEN a.aggmtransfn <> 0 THEN ', MSFUNC = ' || a.aggmtransfn::regproc::text\n"
	  "     || ', MINVFUNC = ' || a.aggminvtransfn::regproc::text\n"
	  "     || ', MSTYPE = ' || format_type(a.aggmtranstype, NULL)\n"
	  "     || CASE WHEN a.aggmtransspace <> 0 THEN ', MSSPACE = ' || a.aggmtransspace ELSE '' END\n"
	  "     || CASE WHEN a.aggmfinalfn <> 0 THEN ', MFINALFUNC = ' || a.aggmfinalfn::regproc::text ELSE '' END\n"
	  "     || CASE WHEN a.aggmfinalextra THEN ', MFINALFUNC_EXTRA' ELSE '' END\n"
	  "     || CASE WHEN a.aggminitval IS NOT NULL THEN ', MINITCOND = ' || quote_literal(a.aggminitval) ELSE '' END\n"
	  "     ELSE '' END\n"
	  "  || CASE WHEN a.aggsortop <> 0 THEN ', SORTOP = ' || (SELECT " QN("sn.nspname", "so.oprname") "\n"
	  "     FROM pg_operator so JOIN pg_namespace sn ON sn.oid = so.oprnamespace\n"
	  "     WHERE so.oid = a.aggsortop) ELSE '' END\n"
	  "  || CASE WHEN a.aggkind = 'h' THEN ', HYPOTHETICAL' ELSE '' END\n"
	  "  || CASE p.proparallel WHEN 's' THEN ', PARALLEL = SAFE'\n"
	  "     WHEN 'r' THEN ', PARALLEL = RESTRICTED' ELSE '' END || ')',\n"
	  "  'pg_proc'::regclass, p.oid\n"
	  "FROM pg_proc p JOIN pg_aggregate a ON a.aggfnoid = p.oid\n"
	  "JOIN pg_namespace n ON n.oid = p.pronamespace\n"
	  "WHERE " USER_NS("n.nspname") " AND " NOT_EXT("pg_proc", "p.oid") },
	{ "OPERATOR",
	  "SELECT n.nspname, o.oprname || b.args, quote_ident(n.nspname) || '.' || o.oprname || b.args,\n"
	  "  'CREATE OPERATOR ' || quote_ident(n.nspname) || '.' || o.oprname\n"
	  "  || ' (FUNCTION = ' || o.oprcode::regproc::text\n"
	  "  || CASE WHEN o.oprleft <> 0 THEN ', LEFTARG = ' || format_type(o.oprleft, NULL) ELSE '' END\n"
	  "  || CASE WHEN o.oprright <> 0 THEN ', RIGHTARG = ' || format_type(o.oprright, NULL) ELSE '' END\n"
	  "  || coalesce((SELECT ', COMMUTATOR = OPERATOR(' || quote_ident(cn.nspname) || '.' || c.oprname || ')'\n"
	  "     FROM pg_operator c JOIN pg_namespace cn ON cn.oid = c.oprnamespace\n"
	  "     WHERE c.oid = o.oprcom), '')\n"
	  "  || coalesce((SELECT ', NEGATOR = OPERATOR(' || quote_ident(cn.nspname) || '.' || c.oprname || ')'\n"
	  "     FROM pg_operator c JOIN pg_namespace cn ON cn.oid = c.oprnamespace\n"
	  "     WHERE c.oid = o.oprnegate), '')\n"
	  "  || CASE WHEN o.oprrest <> 0 THEN ', RESTRICT = ' || o.oprrest::regproc::text ELSE '' END\n"
	  "  || CASE WHEN o.oprjoin <> 0 THEN ', JOIN = ' || o.oprjoin::regproc::text ELSE '' END\n"
	  "  || CASE WHEN o.oprcanhash THEN ', HASHES' ELSE '' END\n"
	  "  || CASE WHEN o.oprcanmerge THEN ', MERGES' ELSE '' END || ')',\n"
	  "  'pg_operator'::regclass, o.oid\n"
	  "FROM pg_operator o JOIN pg_namespace n ON n.oid = o.oprnamespace,\n"
	  "LATERAL (SELECT '(' || CASE WHEN o.oprleft = 0 THEN 'NONE'\n"
	  "    ELSE format_type(o.oprleft, NULL) END || ', ' ||\n"
	  "    CASE WHEN o.oprright = 0 THEN 'NONE'\n"
	  "    ELSE format_type(o.oprright, NULL) END || ')' AS args) b\n"
	  "WHERE " USER_NS("n.nspname") " AND o.oprcode <> 0\n"
	  "  AND " NOT_EXT("pg_operator", "o.oid") },
	{ "OPERATOR FAMILY",
	  "SELECT n.nspname, quote_ident(f.opfname) || ' USING ' || quote_ident(am.amname),\n"
	  "  " QN("n.nspname", "f.opfname") " || ' USING ' || quote_ident(am.amname),\n"
	  "  'CREATE OPERATOR FAMILY ' || " QN("n.nspname", "f.opfname") "\n"
	  "  || ' USING ' || quote_ident(am.amname),\n"
	  "  'pg_opfamily'::regclass, f.oid\n"
	  "FROM pg_opfamily f JOIN pg_namespace n ON n.oid = f.opfnamespace\n"
	  "JOIN pg_am am ON am.oid = f.opfmethod\n"
	  "WHERE " USER_NS("n.nspname") " AND " NOT_EXT("pg_opfamily", "f.oid") },
	{ "OPERATOR CLASS",
	  "SELECT n.nspname, quote_ident(c.opcname) || ' USING ' || quote_ident(am.amname),\n"
	  "  " QN("n.nspname", "c.opcname") " || ' USING ' || quote_ident(am.amname),\n"
	  "  'CREATE OPERATOR CLASS ' || " QN("n.nspname", "c.opcname") "\n"
	  "  || CASE WHEN c.opcdefault THEN ' DEFAULT' ELSE '' END\n"
	  "  || ' FOR TYPE ' || format_type(c.opcintype, NULL)\n"
	  "  || ' USING ' || quote_ident(am.amname)\n"
	  "  || ' FAMILY ' || " QN("fn.nspname", "f.opfname") "\n"
	  "  || ' AS ' || concat_ws(', ',\n"
	  "    (SELECT string_agg('OPERATOR ' || ao.amopstrategy || ' '\n"
	  "       || CASE WHEN on_.nspname = 'pg_catalog' THEN '' ELSE quote_ident(on_.nspname) || '.' END\n"
	  "       || op.oprname || '('\n"
	  "       || format_type(ao.amoplefttype, NULL) || ', '\n"
	  "       || format_type(ao.amoprighttype, NULL) || ')'\n"
	  "       || CASE WHEN ao.amoppurpose = 'o' THEN ' FOR ORDER BY '\n"
	  "          || (SELECT " QN("sn.nspname", "sf.opfname") " FROM pg_opfamily sf\n"
	  "              JOIN pg_namespace sn ON sn.oid = sf.opfnamespace\n"
	  "              WHERE sf.oid = ao.amopsortfamily) ELSE '' END,\n"
	  "       ', ' ORDER BY ao.amopstrategy)\n"
	  "     FROM pg_depend d JOIN pg_amop ao ON ao.oid = d.objid\n"
	  "     JOIN pg_operator op ON op.oid = ao.amopopr\n"
	  "     JOIN pg_namespace on_ ON on_.oid = op.oprnamespace\n"
	  "     WHERE d.classid = 'pg_amop'::regclass\n"
	  "       AND d.refclassid = 'pg_opclass'::regclass AND d.refobjid = c.oid),\n"
	  "    (SELECT string_agg('FUNCTION ' || ap.amprocnum || ' ('\n"
	  "       || format_type(ap.amproclefttype, NULL) || ', '\n"
	  "       || format_type(ap.amprocrighttype, NULL) || ') '\n"
	  "       || ap.amproc::regprocedure::text, ', ' ORDER BY ap.amprocnum)\n"
	  "     FROM pg_depend d JOIN pg_amproc ap ON ap.oid = d.objid\n"
	  "     WHERE d.classid = 'pg_amproc'::regclass\n"
	  "       AND d.refclassid = 'pg_opclass'::regclass AND d.refobjid = c.oid),\n"
	  "    CASE WHEN c.opckeytype <> 0 THEN 'STORAGE ' || format_type(c.opckeytype, NULL) END),\n"
	  "  'pg_opclass'::regclass, c.oid\n"
	  "FROM pg_opclass c JOIN pg_namespace n ON n.oid = c.opcnamespace\n"
	  "JOIN pg_am am ON am.oid = c.opcmethod\n"
	  "JOIN pg_opfamily f ON f.oid = c.opcfamily\n"
	  "JOIN pg_namespace fn ON fn.oid = f.opfnamespace\n"
	  "WHERE " USER_NS("n.nspname") " AND " NOT_EXT("pg_opclass", "c.oid") },
	{ "CAST",
	  "SELECT NULL::name, b.bare, b.bare,\n"
	  "  'CREATE CAST ' || b.bare || CASE c.castmethod\n"
	  "    WHEN 'f' THEN ' WITH FUNCTION ' || c.castfunc::regprocedure::text\n"
	  "    WHEN 'i' THEN ' WITH INOUT' ELSE ' WITHOUT FUNCTION' END\n"
	  "  || CASE c.castcontext WHEN 'a' THEN ' AS ASSIGNMENT'\n"
	  "     WHEN 'i' THEN ' AS IMPLICIT' ELSE '' END,\n"
	  "  'pg_cast'::regclass, c.oid\n"
	  "FROM pg_cast c,\n"
	  "LATERAL (SELECT '(' || format_type(c.castsource, NULL) || ' AS '\n"
	  "    || format_type(c.casttarget, NULL) || ')' AS bare) b\n"
	  "WHERE " USER_OID("c.oid") " AND " NOT_EXT("pg_cast", "c.oid") },
	{ "CONVERSION",
	  "SELECT n.nspname, quote_ident(c.conname), " QN("n.nspname", "c.conname") ",\n"
	  "  'CREATE ' || CASE WHEN c.condefault THEN 'DEFAULT ' ELSE '' END\n"
	  "  || 'CONVERSION ' || " QN("n.nspname", "c.conname") " || ' FOR '\n"
	  "  || quote_literal(pg_encoding_to_char(c.conforencoding)) || ' TO '\n"
	  "  || quote_literal(pg_encoding_to_char(c.contoencoding)) || ' FROM '\n"
	  "  || c.conproc::regproc::text,\n"
	  "  'pg_conversion'::regclass, c.oid\n"
	  "FROM pg_conversion c JOIN pg_namespace n ON n.oid = c.connamespace\n"
	  "WHERE " USER_NS("n.nspname") " AND " NOT_EXT("pg_conversion", "c.oid") },
	{ "TRANSFORM",
	  "SELECT NULL::name, b.bare, b.bare,\n"
	  "  'CREATE TRANSFORM ' || b.bare || ' (' || concat_ws(', ',\n"
	  "    CASE WHEN t.trffromsql <> 0 THEN 'FROM SQL WITH FUNCTION ' || t.trffromsql::regprocedure::text END,\n"
	  "    CASE WHEN t.trftosql <> 0 THEN 'TO SQL WITH FUNCTION ' || t.trftosql::regprocedure::text END) || ')',\n"
	  "  'pg_transform'::regclass, t.oid\n"
	  "FROM pg_transform t JOIN pg_language l ON l.oid = t.trflang,\n"
	  "LATERAL (SELECT 'FOR ' || format_type(t.trftype, NULL) || ' LANGUAGE '\n"
	  "    || quote_ident(l.lanname) AS bare) b\n"
	  "WHERE " NOT_EXT("pg_transform", "t.oid") },
	{ "TEXT SEARCH PARSER",
	  "SELECT n.nspname, quote_ident(p.prsname), " QN("n.nspname", "p.prsname") ",\n"
	  "  'CREATE TEXT SEARCH PARSER ' || " QN("n.nspname", "p.prsname") "\n"
	  "  || ' (START = ' || p.prsstart::regproc::text || ', GETTOKEN = '\n"
	  "  || p.prstoken::regproc::text || ', END = ' || p.prsend::regproc::text\n"
	  "  || ', LEXTYPES = ' || p.prslextype::regproc::text\n"
	  "  || CASE WHEN p.prsheadline <> 0 THEN ', HEADLINE = ' || p.prsheadline::regproc::text ELSE '' END || ')',\n"
	  "  'pg_ts_parser'::regclass, p.oid\n"
	  "FROM pg_ts_parser p JOIN pg_namespace n ON n.oid = p.prsnamespace\n"
	  "WHERE " USER_NS("n.nspname") " AND " NOT_EXT("pg_ts_parser", "p.oid") },
	{ "TEXT SEARCH TEMPLATE",
	  "SELECT n.nspname, quote_ident(t.tmplname), " QN("n.nspname", "t.tmplname") ",\n"
	  "  'CREATE TEXT SEARCH TEMPLATE ' || " QN("n.nspname", "t.tmplname") " || ' ('\n"
	  "  || CASE WHEN t.tmplinit <> 0 THEN 'INIT = ' || t.tmplinit::regproc::text || ', ' ELSE '' END\n"
	  "  || 'LEXIZE = ' || t.tmpllexize::regproc::text || ')',\n"
	  "  'pg_ts_template'::regclass, t.oid\n"
	  "FROM pg_ts_template t JOIN pg_namespace n ON n.oid = t.tmplnamespace\n"
	  "WHERE " USER_NS("n.nspname") " AND " NOT_EXT("pg_ts_template", "t.oid") },
	{ "TEXT SEARCH DICTIONARY",
	  "SELECT n.nspname, quote_ident(d.dictname), " QN("n.nspname", "d.dictname") ",\n"
	  "  'CREATE TEXT SEARCH DICTIONARY ' || " QN("n.nspname", "d.dictname") "\n"
	  "  || ' (TEMPLATE = ' || " QN("tn.nspname", "t.tmplname") "\n"
	  "  || coalesce(', ' || d.dictinitoption, '') || ')',\n"
	  "  'pg_ts_dict'::regclass, d.oid\n"
	  "FROM pg_ts_dict d JOIN pg_namespace n ON n.oid = d.dictnamespace\n"
	  "JOIN pg_ts_template t ON t.oid = d.dicttemplate\n"
	  "JOIN pg_namespace tn ON tn.oid = t.tmplnamespace\n"
	  "WHERE " USER_NS("n.nspname") " AND " NOT_EXT("pg_ts_dict", "d.oid") },
	{ "TEXT SEARCH CONFIGURATION",
	  "SELECT n.nspname, quote_ident(c.cfgname), " QN("n.nspname", "c.cfgname") ",\n"
	  "  'CREATE TEXT SEARCH CONFIGURATION ' || " QN("n.nspname", "c.cfgname") "\n"
	  "  || ' (PARSER = ' || " QN("pn.nspname", "p.prsname") " || ')'\n"
	  "  || coalesce((SELECT string_agg(';' || chr(10) || 'ALTER TEXT SEARCH CONFIGURATION '\n"
	  "       || " QN("n.nspname", "c.cfgname") " || ' ADD MAPPING FOR ' || m.alias\n"
	  "       || ' WITH ' || m.dicts, '' ORDER BY m.alias)\n"
	  "     FROM (SELECT tt.alias, string_agg(CASE WHEN dn.nspname = 'pg_catalog'\n"
	  "             THEN quote_ident(dd.dictname) ELSE " QN("dn.nspname", "dd.dictname") " END, ', '\n"
	  "             ORDER BY mm.mapseqno) AS dicts\n"
	  "           FROM pg_ts_config_map mm\n"
	  "           JOIN ts_token_type(c.cfgparser) tt ON tt.tokid = mm.maptokentype\n"
	  "           JOIN pg_ts_dict dd ON dd.oid = mm.mapdict\n"
	  "           JOIN pg_namespace dn ON dn.oid = dd.dictnamespace\n"
	  "           WHERE mm.mapcfg = c.oid GROUP BY tt.alias) m), ''),\n"
	  "  'pg_ts_config'::regclass, c.oid\n"
	  "FROM pg_ts_config c JOIN pg_namespace n ON n.oid = c.cfgnamespace\n"
	  "JOIN pg_ts_parser p ON p.oid = c.cfgparser\n"
	  "JOIN pg_namespace pn ON pn.oid = p.prsnamespace\n"
	  "WHERE " USER_NS("n.nspname") " AND " NOT_EXT("pg_ts_config", "c.oid") },
	{ "FOREIGN TABLE",
	  "SELECT n.nspname, quote_ident(c.relname), " QN("n.nspname", "c.relname") ",\n"
	  "  'CREATE FOREIGN TABLE ' || " QN("n.nspname", "c.relname") " || ' ('\n"
	  "  || coalesce((SELECT string_agg(quote_ident(a.attname) || ' '\n"
	  "       || format_type(a.atttypid, a.atttypmod)\n"
	  "       || CASE WHEN co.oid IS NOT NULL THEN ' COLLATE ' || " QN("cn.nspname", "co.collname") " ELSE '' END\n"
	  "       || CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END\n"
	  "       || coalesce(' DEFAULT ' || pg_get_expr(ad.adbin, ad.adrelid), ''),\n"
	  "       ', ' ORDER BY a.attnum)\n"
	  "     FROM pg_attribute a\n"
	  "     JOIN pg_type ty ON ty.oid = a.atttypid\n"
	  "     LEFT JOIN pg_collation co ON co.oid = a.attcollation AND a.attcollation <> ty.typcollation\n"
	  "     LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace\n"
	  "     LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum\n"
	  "     WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped), '')\n"
	  "  || ') SERVER ' || quote_ident(s.srvname) || " OPTS("ft.ftoptions") "\n"
	  /* column options as pg_dump writes them: one ALTER each */
	  "  || coalesce((SELECT string_agg(';' || chr(10) || 'ALTER FOREIGN TABLE '\n"
	  "       || " QN("n.nspname", "c.relname") " || ' ALTER COLUMN ' || quote_ident(a.attname)\n"
	  "       || " OPTS("a.attfdwoptions") ", '' ORDER BY a.attnum)\n"
	  "     FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0\n"
	  "       AND NOT a.attisdropped AND a.attfdwoptions IS NOT NULL), ''),\n"
	  "  'pg_class'::regclass, c.oid\n"
	  "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace\n"
	  "JOIN pg_foreign_table ft ON ft.ftrelid = c.oid\n"
	  "JOIN pg_foreign_server s ON s.oid = ft.ftserver\n"
	  "WHERE c.relkind = 'f' AND " USER_NS("n.nspname") "\n"
	  "  AND " NOT_EXT("pg_class", "c.oid") },
	{ "RULE",
	  "SELECT n.nspname, quote_ident(r.rulename) || ' ON ' || quote_ident(c.relname),\n"
	  "  quote_ident(r.rulename) || ' ON ' || " QN("n.nspname", "c.relname") ",\n"
	  "  rtrim(pg_get_ruledef(r.oid), ';')\n"
	  "  || CASE r.ev_enabled WHEN 'D' THEN ';' || chr(10) || 'ALTER TABLE '\n"
	  "       || " QN("n.nspname", "c.relname") " || ' DISABLE RULE ' || quote_ident(r.rulename)\n"
	  "     WHEN 'A' THEN ';' || chr(10) || 'ALTER TABLE '\n"
	  "       || " QN("n.nspname", "c.relname") " || ' ENABLE ALWAYS RULE ' || quote_ident(r.rulename)\n"
	  "     WHEN 'R' THEN ';' || chr(10) || 'ALTER TABLE '\n"
	  "       || " QN("n.nspname", "c.relname") " || ' ENABLE REPLICA RULE ' || quote_ident(r.rulename)\n"
	  "     ELSE '' END,\n"
	  "  'pg_rewrite'::regclass, r.oid\n"
	  "FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class\n"
	  "JOIN pg_namespace n ON n.oid = c.relnamespace\n"
	  "WHERE r.rulename <> '_RETURN' AND " USER_NS("n.nspname") "\n"
	  "  AND " NOT_EXT("pg_class", "c.oid") },
	{ "STATISTICS",
	  "SELECT n.nspname, quote_ident(s.stxname), " QN("n.nspname", "s.stxname") ",\n"
	  "  pg_get_statisticsobjdef(s.oid)\n"
	  "  || CASE WHEN s.stxstattarget >= 0 THEN ';' || chr(10) || 'ALTER STATISTICS '\n"
	  "       || " QN("n.nspname", "s.stxname") " || ' SET STATISTICS ' || s.stxstattarget\n"
	  "     ELSE '' END,\n"
	  "  'pg_statistic_ext'::regclass, s.oid\n"
	  "FROM pg_statistic_ext s JOIN pg_namespace n ON n.oid = s.stxnamespace\n"
	  "WHERE " USER_NS("n.nspname") " AND " NOT_EXT("pg_statistic_ext", "s.oid") },
	{ "PUBLICATION",
	  "SELECT NULL::name, quote_ident(p.pubname), quote_ident(p.pubname),\n"
	  "  'CREATE PUBLICATION ' || quote_ident(p.pubname)\n"
	  "  || CASE WHEN p.puballtables THEN ' FOR ALL TABLES' ELSE '' END\n"
	  "  || ' WITH (publish = ' || quote_literal(concat_ws(', ',\n"
	  "       CASE WHEN p.pubinsert THEN 'insert' END, CASE WHEN p.pubupdate THEN 'update' END,\n"
	  "       CASE WHEN p.pubdelete THEN 'delete' END, CASE WHEN p.pubtruncate THEN 'truncate' END))\n"
	  "  || CASE WHEN p.pubviaroot THEN ', publish_via_partition_root = true' ELSE '' END || ')'\n"
	  "  || coalesce((SELECT string_agg(';' || chr(10) || 'ALTER PUBLICATION '\n"
	  "       || quote_ident(p.pubname) || ' ADD TABLE ONLY ' || " QN("rn.nspname", "rc.relname") "\n"
	  "       || coalesce(' (' || (SELECT string_agg(quote_ident(ra.attname), ', ' ORDER BY k.i)\n"
	  "          FROM unnest({{prattrs}}) WITH ORDINALITY k(a, i)\n"
	  "          JOIN pg_attribute ra ON ra.attrelid = pr.prrelid AND ra.attnum = k.a) || ')', '')\n"
	  "       || coalesce(' WHERE (' || pg_get_expr({{prqual}}, pr.prrelid) || ')', ''),\n"
	  "       '' ORDER BY rn.nspname, rc.relname)\n"
	  "     FROM pg_publication_rel pr JOIN pg_class rc ON rc.oid = pr.prrelid\n"
	  "     JOIN pg_namespace rn ON rn.oid = rc.relnamespace\n"
	  "     WHERE pr.prpubid = p.oid), '')\n"
	  "  || coalesce((SELECT string_agg(';' || chr(10) || 'ALTER PUBLICATION '\n"
	  "       || quote_ident(p.pubname) || ' ADD TABLES IN SCHEMA ' || quote_ident(sn.nspname),\n"
	  "       '' ORDER BY sn.nspname)\n"
	  "     FROM {{pg_publication_namespace}} ps JOIN pg_namespace sn ON sn.oid = ps.pnnspid\n"
	  "     WHERE ps.pnpubid = p.oid), ''),\n"
	  "  'pg_publication'::regclass, p.oid\n"
	  "FROM pg_publication p WHERE " NOT_EXT("pg_publication", "p.oid") },
	{ "EVENT TRIGGER",
	  "SELECT NULL::name, quote_ident(e.evtname), quote_ident(e.evtname),\n"
	  "  'CREATE EVENT TRIGGER ' || quote_ident(e.evtname) || ' ON ' || quote_ident(e.evtevent)\n"
	  "  || coalesce(' WHEN TAG IN (' || (SELECT string_agg(quote_literal(t), ', ')\n"
	  "     FROM unnest(e.evttags) t) || ')', '')\n"
	  "  || ' EXECUTE FUNCTION ' || e.evtfoid::regproc::text || '()'\n"
	  "  || CASE e.evtenabled WHEN 'D' THEN ';' || chr(10) || 'ALTER EVENT TRIGGER '\n"
	  "       || quote_ident(e.evtname) || ' DISABLE'\n"
	  "     WHEN 'A' THEN ';' || chr(10) || 'ALTER EVENT TRIGGER '\n"
	  "       || quote_ident(e.evtname) || ' ENABLE ALWAYS'\n"
	  "     WHEN 'R' THEN ';' || chr(10) || 'ALTER EVENT TRIGGER '\n"
	  "       || quote_ident(e.evtname) || ' ENABLE REPLICA'\n"
	  "     ELSE '' END,\n"
	  "  'pg_event_trigger'::regclass, e.oid\n"
	  "FROM pg_event_trigger e WHERE " NOT_EXT("pg_event_trigger", "e.oid") },
};

/* User objects of kinds that are not carried at all: what, name. */
/* The columns each rule reads (pg_depend refobjsubid of its actions and
 * condition), a row with a NULL column for one that reads none. */
static const char sql_rule_reads[] =
	"SELECT DISTINCT n.nspname,\n"
	"  quote_ident(r.rulename) || ' ON ' || quote_ident(c.relname),\n"
	"  a.attname\n"
	"FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class\n"
	"JOIN pg_namespace n ON n.oid = c.relnamespace\n"
	"LEFT JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass\n"
	"  AND d.objid = r.oid AND d.deptype = 'n'\n"
	"  AND d.refclassid = 'pg_class'::regclass AND d.refobjsubid > 0\n"
	"LEFT JOIN pg_attribute a ON a.attrelid = d.refobjid\n"
	"  AND a.attnum = d.refobjsubid\n"
	"WHERE r.rulename <> '_RETURN' AND $1::text IS NOT NULL\n"
	"  AND " USER_NS("n.nspname") "\n"
	"ORDER BY 1, 2, 3";

static void read_rule_reads(struct catalog *cat, const PGresult *res)
{
	int kind = sd_opaque_kind_find("RULE");
	int r = 0, n = PQntuples(res);

	while (r < n) {
		struct sd_opaque *op = catalog_find_opaque(cat, kind,
							   val(res, r, 0),
							   val(res, r, 1));
		int first = r;

		while (r < n && !strcmp(val(res, r, 0), val(res, first, 0)) &&
		       !strcmp(val(res, r, 1), val(res, first, 1)))
			r++;
		if (!op)
			continue;
		op->reads.known = true;
		op->reads.names = arena_alloc(&cat->arena, (size_t)(r - first) *
							    sizeof(char *));
		for (int k = first; k < r; k++)
			if (val(res, k, 2))
				op->reads.names[op->reads.nnames++] =
					dupval(cat, res, k, 2);
	}
}

static const char sql_unknown[] =
	"SELECT 'base type', format_type(t.oid, NULL)\n"
	"FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace\n"
	"WHERE t.typtype IN ('b', 'p') AND " USER_NS("n.nspname") "\n"
	"  AND NOT (t.typelem <> 0 AND t.typlen = -1 AND EXISTS (SELECT 1\n"
	"    FROM pg_type e WHERE e.oid = t.typelem AND e.typarray = t.oid))\n"
	"  AND " NOT_EXT("pg_type", "t.oid") "\n"
	"UNION ALL\n"
	"SELECT 'subscription', quote_ident(s.subname) FROM pg_subscription s\n"
	"WHERE s.subdbid = (SELECT oid FROM pg_database\n"
	"  WHERE datname = current_database())\n"
	"ORDER BY 1, 2";

static int query_error(PGconn *conn, const char *what, const PGresult *res,
		       struct sd_error *err)
{
	const char *msg = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY)
			      : NULL;
	struct strbuf sb = STRBUF_INIT;
	int ret;

	strbuf_addstr(&sb, msg ? msg : PQerrorMessage(conn));
	strbuf_rtrim(&sb);
	ret = sd_error_set(err, SD_ERR_DB, NULL, 0, 0, "cannot read %s: %s",
			   what, sb.buf);
	strbuf_release(&sb);
	return ret;
}

static int read_rows(struct catalog *cat, int kind, const PGresult *res,
		     struct sd_error *err)
{
	for (int r = 0; r < PQntuples(res); r++) {
		struct sd_opaque *op;
		struct strbuf def = STRBUF_INIT;

		op = catalog_add_opaque(cat, kind, val(res, r, 0),
					val(res, r, 1), val(res, r, 2));
		if (!op)
			return sd_error_set(err, SD_ERR_DB, NULL, 0, 0,
					    "%s %s read twice",
					    sd_opaque_kinds[kind].objtype,
					    val(res, r, 2));
		strbuf_addstr(&def, val(res, r, 3) ? val(res, r, 3) : "");
		if (val(res, r, 6)) {
			strbuf_addf(&def, ";\nCOMMENT ON %s %s IS ",
				    sd_opaque_kinds[kind].objtype,
				    val(res, r, 2));
			sql_quote_literal(&def, SQL_POSTGRES, val(res, r, 6));
		}
		op->definition = catalog_strdup(cat, def.buf);
		op->canon = op->definition;
		strbuf_release(&def);
	}
	return 0;
}

int pg_introspect_opaque(PGconn *conn, struct catalog *cat,
			 const char *history_schema, unsigned *nqueries,
			 struct sd_error *err)
{
	const char *params[1] = { history_schema };
	struct strbuf sql = STRBUF_INIT, q = STRBUF_INIT;
	int server_version = PQserverVersion(conn);
	PGresult *res;
	int ret = 0;

	for (size_t i = 0; i < sizeof(opaque_queries) /
			       sizeof(*opaque_queries) && !ret; i++) {
		int kind = sd_opaque_kind_find(opaque_queries[i].objtype);

		strbuf_reset(&sql);
		strbuf_addf(&sql,
			    "SELECT q.*, d.description FROM (%s) q(nsp, bare, ident, def, cls, oid)\n"
			    "LEFT JOIN pg_description d ON d.classoid = q.cls\n"
			    "  AND d.objoid = q.oid AND d.objsubid = 0\n"
			    "WHERE $1::text IS NOT NULL\n"
			    /* made along with another object (a range
			     * type's casts to its multirange) */
			    "  AND NOT EXISTS (SELECT 1 FROM pg_depend i\n"
			    "    WHERE i.classid = q.cls AND i.objid = q.oid\n"
			    "      AND i.deptype = 'i')\n"
			    "ORDER BY 1, 2",
			    opaque_queries[i].sql);
		/* columns that older servers lack (pg_catalog_queries.c) */
		ret = pg_catalog_query(&q, sql.buf, server_version, err);
		if (ret)
			break;
		if (nqueries)
			(*nqueries)++;
		res = pg_exec_bounded(conn, q.buf, 1, params);
		if (PQresultStatus(res) != PGRES_TUPLES_OK)
			ret = query_error(conn, opaque_queries[i].objtype, res,
					  err);
		else
			ret = read_rows(cat, kind, res, err);
		PQclear(res);
	}
	strbuf_release(&sql);
	strbuf_release(&q);
	if (ret)
		return ret;
	if (nqueries)
		(*nqueries)++;
	res = pg_exec_bounded(conn, sql_rule_reads, 1, params);
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		ret = query_error(conn, "rule columns", res, err);
	else
		read_rule_reads(cat, res);
	PQclear(res);
	if (ret)
		return ret;
	if (nqueries)
		(*nqueries)++;
	res = pg_exec_bounded(conn, sql_unknown, 1, params);
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		ret = query_error(conn, "other objects", res, err);
	} else {
		for (int r = 0; r < PQntuples(res); r++)
			sd_warn(NULL, 0, 0,
				"%s %s is not carried by schemadiff: it is "
				"left out of the comparison and of inspect's "
				"output", val(res, r, 0), val(res, r, 1));
	}
	PQclear(res);
	if (!ret)
		catalog_opaque_deps(cat);
	return ret;
}
