/*
 * diff/mysql_table.c: MySQL tables, their columns, primary key, checks and
 * options.
 *
 * A new table is one CREATE TABLE with its columns, keys, indexes, checks,
 * partitioning and the foreign keys to tables that exist by then. A kept
 * table is compared column by column: a column whose definition changes
 * in any way is one MODIFY COLUMN with the whole new definition (MySQL has
 * no ALTER COLUMN ... TYPE); a column whose generation kind changes
 * (stored, virtual, not generated) cannot be modified and is dropped and
 * added. Column order matters in MySQL: the kept columns that keep their
 * relative order are the longest increasing run of their new positions
 * taken in old order; every other kept column moves (MODIFY ... AFTER) and
 * every new one is added AFTER its predecessor, in new position order, so
 * that each lands next to a column already in place. A changed primary key
 * or check is dropped and added in one ALTER TABLE; a changed foreign key
 * is dropped and added (diff/mysql_fkey.c). Table options are one ALTER
 * TABLE before the columns (a new default character set applies to the
 * columns modified after it); partitioning is a change of its own.
 *
 * Memory: changes, positions and keys live in the change set's arena; the
 * work arrays are malloc'd and freed here.
 */
#include "diff/mysql_internal.h"

#include <stdlib.h>
#include <string.h>

#include "util/banned.h"

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);

	if (!p)
		abort();
	return p;
}

/* The key that table options provide and column definitions need. */
static void key_options(struct diff_ctx *ctx, struct diff_item *it,
			enum diff_role role, const char *table_key)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "options:%s", table_key);
	diff_key(ctx, it, role, sb.buf);
	strbuf_release(&sb);
}

static struct mysql_change *new_my(struct diff_ctx *ctx)
{
	return arena_alloc(&ctx->cs->arena, sizeof(struct mysql_change));
}

static bool con_same(const struct sd_constraint *a,
		     const struct sd_constraint *b)
{
	struct strbuf x = STRBUF_INIT, y = STRBUF_INIT;
	bool same;

	sd_constraint_format(&x, SQL_MYSQL, a);
	sd_constraint_format(&y, SQL_MYSQL, b);
	/* a primary key's comment is part of its definition (the others'
	 * comments are not modelled) */
	same = a->type == b->type && !strcmp(x.buf, y.buf) &&
	       (a->type != SD_CON_PRIMARY || diff_streq(a->comment, b->comment));
	/* and a primary key's prefix lengths */
	for (size_t i = 0; same && a->type == SD_CON_PRIMARY &&
			   i < a->ncolumns; i++)
		same = (a->sub_parts ? a->sub_parts[i] : 0) ==
		       (b->sub_parts ? b->sub_parts[i] : 0);
	strbuf_release(&x);
	strbuf_release(&y);
	return same;
}

static const char *con_expr(const struct sd_constraint *c)
{
	return c ? c->expr : NULL;
}

/* Does anything MODIFY COLUMN writes differ (the position aside)? */
static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The length of the well-formed UTF-8 character at p (n bytes left);
 * 0 when there is none. */
static size_t utf8_char(const unsigned char *p, size_t n)
{
	size_t len = p[0] >= 0xc2 && p[0] <= 0xdf   ? 2
		     : p[0] >= 0xe0 && p[0] <= 0xef ? 3
		     : p[0] >= 0xf0 && p[0] <= 0xf4 ? 4
						    : 0;
	unsigned char lo = 0x80, hi = 0xbf;

	if (!len || len > n)
		return 0;
	if (p[0] == 0xe0)
		lo = 0xa0;
	else if (p[0] == 0xed)
		hi = 0x9f;
	else if (p[0] == 0xf0)
		lo = 0x90;
	else if (p[0] == 0xf4)
		hi = 0x8f;
	if (p[1] < lo || p[1] > hi)
		return 0;
	for (size_t i = 2; i < len; i++)
		if (p[i] < 0x80 || p[i] > 0xbf)
			return 0;
	return len;
}

/*
 * A binary column's default written as a hex literal (x'DEADBEEF',
 * 0xDEAD) against the server's text of it: the server reads a binary
 * default back as a string in the connection's UTF-8, every byte that is
 * not part of a well-formed character as '?' (MariaDB 10.11, in SHOW
 * CREATE TABLE too: it keeps no more than that). The literal is written
 * the same way and the two texts compared; a literal that reads back
 * otherwise is simply different (the scratch database then gives the
 * server's text).
 */
static bool binary_default_same(const char *type, const char *hex,
				 const char *text)
{
	static const char *const binary[] = { "binary", "varbinary",
					      "tinyblob", "blob", "mediumblob",
					      "longblob" };
	struct strbuf bytes = STRBUF_INIT, out = STRBUF_INIT;
	const char *d, *end;
	bool is_binary = false, same = false;
	long width = 0;

	for (size_t i = 0; type && i < sizeof(binary) / sizeof(*binary); i++) {
		size_t n = strlen(binary[i]);
		if (!strncmp(type, binary[i], n) &&
		    (type[n] == '\0' || type[n] == '('))
			is_binary = true;
	}
	if (!is_binary || !hex || !text || text[0] != '\'')
		return false;
	if ((hex[0] == 'x' || hex[0] == 'X') && hex[1] == '\'') {
		d = hex + 2;
		end = strchr(d, '\'');
		if (!end || end[1])
			return false;
	} else if (hex[0] == '0' && hex[1] == 'x') {
		d = hex + 2;
		end = d + strlen(d);
	} else {
		return false;
	}
	if ((end - d) % 2) {	/* 0xABC is 0x0ABC */
		if (hexval(*d) < 0)
			return false;
		strbuf_addch(&bytes, (char)hexval(*d++));
	}
	for (; d < end; d += 2) {
		if (hexval(d[0]) < 0 || hexval(d[1]) < 0)
			goto out;
		strbuf_addch(&bytes, (char)(hexval(d[0]) * 16 + hexval(d[1])));
	}
	if (!strncmp(type, "binary(", 7))	/* padded with zero bytes */
		width = strtol(type + 7, NULL, 10);
	while ((long)bytes.len < width)
		strbuf_addch(&bytes, '\0');
	strbuf_addch(&out, '\'');
	for (size_t i = 0; i < bytes.len;) {
		const unsigned char *p = (const unsigned char *)bytes.buf + i;
		size_t len;

		switch (*p) {
		case '\0': strbuf_addstr(&out, "\\0"); i++; continue;
		case '\'': strbuf_addstr(&out, "''"); i++; continue;
		case '\\': strbuf_addstr(&out, "\\\\"); i++; continue;
		case '\n': strbuf_addstr(&out, "\\n"); i++; continue;
		case '\r': strbuf_addstr(&out, "\\r"); i++; continue;
		case 0x1a: strbuf_addstr(&out, "\\Z"); i++; continue;
		}
		if (*p < 0x80) {
			strbuf_addch(&out, (char)*p);
			i++;
		} else if ((len = utf8_char(p, bytes.len - i))) {
			strbuf_add(&out, (const char *)p, len);
			i += len;
		} else {
			strbuf_addch(&out, '?');
			i++;
		}
	}
	strbuf_addch(&out, '\'');
	same = !strcmp(out.buf, text);
out:
	strbuf_release(&bytes);
	strbuf_release(&out);
	return same;
}

/* Do two columns' defaults agree (see binary_default_same())? */
static bool default_same(const struct sd_column *oc,
			 const struct sd_column *nc)
{
	return diff_streq(oc->default_expr, nc->default_expr) ||
	       (diff_streq(oc->type, nc->type) &&
		(binary_default_same(oc->type, oc->default_expr,
				     nc->default_expr) ||
		 binary_default_same(oc->type, nc->default_expr,
				     oc->default_expr)));
}

static bool column_same(const struct diff_ctx *ctx, const struct sd_table *ot,
			const struct sd_column *oc, const struct sd_table *nt,
			const struct sd_column *nc)
{
	return !mysql_column_retyped(ctx, ot, oc, nt, nc) &&
	       oc->not_null == nc->not_null &&
	       default_same(oc, nc) &&
	       diff_streq(oc->on_update, nc->on_update) &&
	       oc->auto_increment == nc->auto_increment &&
	       oc->invisible == nc->invisible &&
	       diff_streq(oc->comment, nc->comment) &&
	       diff_streq(oc->generated, nc->generated) &&
	       oc->gen_virtual == nc->gen_virtual &&
	       diff_streq(con_expr(mysql_column_check(ot, oc->name)),
			  con_expr(mysql_column_check(nt, nc->name)));
}

/* Stored, virtual and plain columns do not turn into one another. */
static bool generation_same(const struct sd_column *a,
			    const struct sd_column *b)
{
	if (!a->generated || !b->generated)
		return !a->generated == !b->generated;
	return a->gen_virtual == b->gen_virtual;
}

/* Character sets every other one converts into without loss. */
static bool charset_narrows(const struct diff_ctx *ctx,
			    const struct sd_table *ot,
			    const struct sd_column *oc,
			    const struct sd_table *nt,
			    const struct sd_column *nc)
{
	const char *a, *b, *coll;

	mysql_table_charset(ctx, true, ot, &a, &coll);
	mysql_table_charset(ctx, false, nt, &b, &coll);
	if (oc->charset)
		a = oc->charset;
	if (nc->charset)
		b = nc->charset;

	if (!a || !b || !strcmp(a, b))
		return false;
	return strcmp(b, "utf8mb4") && strcmp(a, "ascii");
}

static void position(struct diff_ctx *ctx, struct diff_item *it,
		     const struct sd_table *nt, size_t i)
{
	struct mysql_change *my = new_my(ctx);

	if (i == 0)
		my->first = true;
	else
		my->after = nt->columns[i - 1].name;
	it->ch.my = my;
}

/*
 * MySQL wants an AUTO_INCREMENT column to be the first column of a key.
 * When a column becomes AUTO_INCREMENT and no key that starts with it
 * stays in place, the key it gets (the primary key, or the first index by
 * name that starts with it) is made in the column's own ALTER TABLE: the
 * key's change is hosted by the column's (mysql_key_change()).
 */
static void host_key(struct diff_ctx *ctx, struct diff_item *it,
		     const struct sd_object *o, const struct sd_object *n,
		     const struct sd_column *c)
{
	const struct sd_table *ot = (const struct sd_table *)o;
	const struct sd_table *nt = (const struct sd_table *)n;
	const struct sd_constraint *opk = ot ? mysql_primary_key(ot) : NULL;
	const struct sd_constraint *npk = mysql_primary_key(nt);
	const struct vec *ixs;
	const char *id = NULL;

	if (npk && npk->ncolumns && !strcmp(npk->columns[0], c->name)) {
		if (opk && opk->ncolumns &&
		    !strcmp(opk->columns[0], c->name))
			return;	/* keyed all along */
		id = mysql_key_id(ctx, n->key, npk->name);
	}
	ixs = mysql_table_indexes(ctx, false, o->key);
	for (size_t i = 0; !id && ixs && i < ixs->len; i++) {
		const struct sd_index *ix = ixs->items[i];
		const struct sd_object *now = catalog_lookup(ctx->to,
							     ix->base.key);
		const struct sd_index *nix = (const struct sd_index *)now;

		if (ix->nelems && diff_streq(ix->elems[0].column, c->name) &&
		    now && now->kind == SD_INDEX && nix->nelems &&
		    diff_streq(nix->elems[0].column, c->name))
			return;	/* an index keeps it keyed */
	}
	ixs = mysql_table_indexes(ctx, true, n->key);
	for (size_t i = 0; !id && ixs && i < ixs->len; i++) {
		const struct sd_index *ix = ixs->items[i];
		if (ix->nelems && diff_streq(ix->elems[0].column, c->name))
			id = mysql_key_id(ctx, n->key, ix->ixname);
	}
	if (!id)
		return;
	if (!it->ch.my)
		it->ch.my = new_my(ctx);
	strmap_put(&ctx->my->ai_hosts, id, it);
}

/* A column that stops being AUTO_INCREMENT: modified first of all (no
 * position), so that its key may be dropped after. */
static void auto_increment_off(struct diff_ctx *ctx, const struct sd_object *o,
			       const struct sd_object *n,
			       const struct sd_column *oc, size_t i)
{
	const struct sd_table *nt = (const struct sd_table *)n;
	struct diff_item *it;

	it = diff_add(ctx, CH_MODIFY_COLUMN, PHASE_DROP, RANK_DROP_TRIGGER, o,
		      n);
	it->ch.old_col = oc;
	it->ch.new_col = &nt->columns[i];
	it->subpos = (long)i;
	it->sub = oc->name;
	diff_key(ctx, it, ROLE_MOD, n->key);
	mysql_key_noauto(ctx, it, ROLE_PROV, n->key);
}

static void column_add(struct diff_ctx *ctx, const struct sd_object *o,
		       const struct sd_object *n, size_t i, unsigned flags)
{
	const struct sd_table *nt = (const struct sd_table *)n;
	const struct sd_column *c = &nt->columns[i];
	struct diff_item *it;

	it = diff_add(ctx, CH_ADD_COLUMN, PHASE_CREATE, RANK_COLUMN, o, n);
	it->ch.new_col = c;
	it->ch.flags |= flags;
	it->subpos = (long)i;
	it->sub = c->name;
	/* the last column needs no position: it is appended */
	if (i + 1 < nt->ncolumns)
		position(ctx, it, nt, i);
	if (c->auto_increment)
		host_key(ctx, it, o, n, c);
	diff_key(ctx, it, ROLE_MOD, n->key);
	diff_key_column(ctx, it, ROLE_PROV, n->key, c->name);
	key_options(ctx, it, ROLE_NEED, n->key);
}

/* late: after the new columns are added (MySQL refuses to drop a table's
 * last column), at position pos after them */
static void column_drop(struct diff_ctx *ctx, const struct sd_object *o,
			const struct sd_object *n, const struct sd_column *c,
			long pos, bool late)
{
	struct diff_item *it;

	it = late ? diff_add(ctx, CH_DROP_COLUMN, PHASE_CREATE, RANK_COLUMN, o,
			     n)
		  : diff_add(ctx, CH_DROP_COLUMN, PHASE_DROP, RANK_DROP_COLUMN,
			     o, n);
	it->ch.old_col = c;
	it->ch.flags |= CHANGE_DESTRUCTIVE;
	it->subpos = pos;
	it->sub = c->name;
	diff_key(ctx, it, ROLE_MOD, o->key);
	diff_key_column(ctx, it, ROLE_GONE, o->key, c->name);
}

static void column_modify(struct diff_ctx *ctx, const struct sd_object *o,
			  const struct sd_object *n, const struct sd_column *oc,
			  size_t i, bool moved)
{
	const struct sd_table *ot = (const struct sd_table *)o;
	const struct sd_table *nt = (const struct sd_table *)n;
	const struct sd_column *nc = &nt->columns[i];
	struct diff_item *it;

	it = diff_add(ctx, CH_MODIFY_COLUMN, PHASE_CREATE, RANK_COLUMN, o, n);
	it->ch.old_col = oc;
	it->ch.new_col = nc;
	it->subpos = (long)i;
	it->sub = nc->name;
	if (moved)
		position(ctx, it, nt, i);
	if (nc->auto_increment && !oc->auto_increment)
		host_key(ctx, it, o, n, nc);
	if ((!diff_streq(oc->type, nc->type) &&
	     !diff_type_widens_mysql(oc->type, nc->type)) ||
	    (nc->type && mysql_column_retyped(ctx, ot, oc, nt, nc) &&
	     charset_narrows(ctx, ot, oc, nt, nc)))
		it->ch.flags |= CHANGE_DESTRUCTIVE;
	diff_key(ctx, it, ROLE_MOD, n->key);
	diff_key_column(ctx, it, ROLE_MOD, n->key, nc->name);
	key_options(ctx, it, ROLE_NEED, n->key);
}

/*
 * The kept columns that need not move: a longest increasing run of new
 * positions in old order (patience sorting; among runs of that length the
 * one it finds depends only on seq, so the choice is deterministic).
 * seq[k] is the new position of the k-th kept column in old order;
 * stable[new position] is set.
 */
static void longest_run(const size_t *seq, size_t k, bool *stable)
{
	size_t *tails = xcalloc(k, sizeof(*tails));	/* index into seq */
	size_t *prev = xcalloc(k, sizeof(*prev));
	size_t len = 0;

	for (size_t i = 0; i < k; i++) {
		size_t lo = 0, hi = len;
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			if (seq[tails[mid]] < seq[i])
				lo = mid + 1;
			else
				hi = mid;
		}
		prev[i] = lo ? tails[lo - 1] : (size_t)-1;
		tails[lo] = i;
		if (lo == len)
			len++;
	}
	if (len) {
		for (size_t i = tails[len - 1]; i != (size_t)-1; i = prev[i])
			stable[seq[i]] = true;
	}
	free(prev);
	free(tails);
}

static void columns_alter(struct diff_ctx *ctx, const struct sd_object *o,
			  const struct sd_object *n)
{
	const struct sd_table *ot = (const struct sd_table *)o;
	const struct sd_table *nt = (const struct sd_table *)n;
	long *old_of = xcalloc(nt->ncolumns, sizeof(*old_of));
	long *new_of = xcalloc(ot->ncolumns, sizeof(*new_of));
	size_t *seq = xcalloc(ot->ncolumns, sizeof(*seq));
	bool *stable = xcalloc(nt->ncolumns, sizeof(*stable));
	size_t k = 0;

	for (size_t j = 0; j < ot->ncolumns; j++)
		new_of[j] = -1;
	for (size_t i = 0; i < nt->ncolumns; i++) {
		int oi = table_column_index(ot, nt->columns[i].name);

		old_of[i] = -1;
		if (oi >= 0 && generation_same(&ot->columns[oi],
					       &nt->columns[i])) {
			old_of[i] = oi;
			new_of[oi] = (long)i;
		}
	}
	for (size_t j = 0; j < ot->ncolumns; j++)
		if (new_of[j] >= 0)
			seq[k++] = (size_t)new_of[j];
	for (size_t j = 0; j < ot->ncolumns; j++) {
		bool late = !k && nt->ncolumns;	/* every column replaced */
		if (new_of[j] < 0)
			column_drop(ctx, o, n, &ot->columns[j],
				    late ? (long)(nt->ncolumns + j) : (long)j,
				    late);
	}
	longest_run(seq, k, stable);
	for (size_t i = 0; i < nt->ncolumns; i++) {
		const struct sd_column *nc = &nt->columns[i];
		const struct sd_column *oc;
		bool remade = false;

		if (old_of[i] < 0) {
			/* a column that cannot change its generation kind
			 * is dropped above and added again */
			remade = table_find_column(ot, nc->name) != NULL;
			column_add(ctx, o, n, i,
				   remade ? CHANGE_DESTRUCTIVE : 0);
			continue;
		}
		oc = &ot->columns[old_of[i]];
		if (oc->auto_increment && !nc->auto_increment) {
			/* before its key can go */
			auto_increment_off(ctx, o, n, oc, i);
			if (stable[i])
				continue;
		}
		if (!stable[i] || !column_same(ctx, ot, oc, nt, nc))
			column_modify(ctx, o, n, oc, i, !stable[i]);
	}
	free(stable);
	free(seq);
	free(new_of);
	free(old_of);
}

/* Primary keys and table checks: key columns or expression columns. */
static void con_columns(struct diff_ctx *ctx, struct diff_item *it,
			enum diff_role role, const char *table_key,
			const struct sd_constraint *c)
{
	if (c->type == SD_CON_CHECK)
		mysql_key_expr_columns(ctx, it, role, table_key, c->expr);
	else
		mysql_key_columns(ctx, it, role, table_key, c->columns,
				  c->ncolumns);
}

static void con_add(struct diff_ctx *ctx, const struct sd_object *o,
		    const struct sd_object *n, const struct sd_constraint *c)
{
	struct diff_item *it;
	struct change *ch;

	it = mysql_key_change(ctx, mysql_key_id(ctx, n->key, c->name),
			      CH_ADD_CONSTRAINT, PHASE_CREATE, RANK_CONSTRAINT,
			      o, n, &ch);
	ch->new_con = c;
	if (ch == &it->ch) {
		it->sub = c->name;
		diff_key(ctx, it, ROLE_NEED, n->key);
	}
	diff_key_constraint(ctx, it, ROLE_PROV, n->key, c->name);
	con_columns(ctx, it, ROLE_NEED, n->key, c);
}

static void con_drop(struct diff_ctx *ctx, const struct sd_object *o,
		     const struct sd_object *n, const struct sd_constraint *c)
{
	struct diff_item *it;

	it = diff_add(ctx, CH_DROP_CONSTRAINT, PHASE_DROP,
		      RANK_DROP_CONSTRAINT, o, n);
	it->ch.old_con = c;
	it->sub = c->name;
	diff_key_constraint(ctx, it, ROLE_GONE, o->key, c->name);
	con_columns(ctx, it, ROLE_RELEASE, o->key, c);
	if (c->type == SD_CON_PRIMARY)
		mysql_key_noauto(ctx, it, ROLE_NEED, o->key);
}

static void con_replace(struct diff_ctx *ctx, const struct sd_object *o,
			const struct sd_object *n,
			const struct sd_constraint *oc,
			const struct sd_constraint *nc)
{
	struct diff_item *it;
	struct change *ch;

	it = mysql_key_change(ctx, mysql_key_id(ctx, n->key, nc->name),
			      CH_REPLACE_CONSTRAINT, PHASE_CREATE,
			      RANK_CONSTRAINT, o, n, &ch);
	ch->old_con = oc;
	ch->new_con = nc;
	if (ch == &it->ch)
		it->sub = nc->name;
	diff_key_constraint(ctx, it, ROLE_MOD, n->key, nc->name);
	if (oc->type == SD_CON_PRIMARY)
		mysql_key_noauto(ctx, it, ROLE_NEED, o->key);
	con_columns(ctx, it, ROLE_NEED, n->key, nc);
	/* the old key's columns that the new one leaves (a column dropped
	 * after): released, not needed, or the two would wait on each
	 * other */
	if (oc->type == SD_CON_PRIMARY) {
		for (size_t i = 0; i < oc->ncolumns; i++) {
			bool kept = false;
			for (size_t j = 0; j < nc->ncolumns; j++)
				if (!strcmp(oc->columns[i], nc->columns[j]))
					kept = true;
			if (!kept)
				diff_key_column(ctx, it, ROLE_RELEASE, o->key,
						oc->columns[i]);
		}
	}
}

/* Does the new table lack every column of c? */
static bool all_columns_dropped(const struct sd_table *nt,
				const struct sd_constraint *c)
{
	for (size_t i = 0; i < c->ncolumns; i++)
		if (table_find_column(nt, c->columns[i]))
			return false;
	return c->ncolumns > 0;
}

/* Table constraints other than column checks: primary key, checks,
 * foreign keys. */
static bool table_level(const struct sd_constraint *c)
{
	return c && !mysql_is_column_check(c);
}

static void constraints_alter(struct diff_ctx *ctx, const struct sd_object *o,
			      const struct sd_object *n)
{
	const struct sd_table *ot = (const struct sd_table *)o;
	const struct sd_table *nt = (const struct sd_table *)n;

	for (size_t i = 0; i < ot->nconstraints; i++) {
		const struct sd_constraint *oc = &ot->constraints[i];
		const struct sd_constraint *nc =
			table_find_constraint(nt, oc->name);

		if (!table_level(oc))
			continue;
		if (!table_level(nc) || nc->type != oc->type)
			nc = NULL;
		if (oc->type == SD_CON_FOREIGN) {
			if (!nc || !con_same(oc, nc))
				mysql_fk_drop(ctx, o, n, oc);
		} else if (!nc) {
			/* a primary key whose columns all go is dropped with
			 * them (and DROP PRIMARY KEY first would leave an
			 * AUTO_INCREMENT column without its key) */
			if (!(oc->type == SD_CON_PRIMARY &&
			      all_columns_dropped(nt, oc)))
				con_drop(ctx, o, n, oc);
		} else if (!con_same(oc, nc)) {
			con_replace(ctx, o, n, oc, nc);
		}
	}
	for (size_t i = 0; i < nt->nconstraints; i++) {
		const struct sd_constraint *nc = &nt->constraints[i];
		const struct sd_constraint *oc =
			table_find_constraint(ot, nc->name);

		if (!table_level(nc))
			continue;
		if (!table_level(oc) || oc->type != nc->type)
			oc = NULL;
		if (nc->type == SD_CON_FOREIGN) {
			if (!oc || !con_same(oc, nc))
				mysql_fk_add(ctx, o, n, nc);
		} else if (!oc) {
			con_add(ctx, o, n, nc);
		}
	}
}

static void options_alter(struct diff_ctx *ctx, const struct sd_object *o,
			  const struct sd_object *n)
{
	const struct sd_table *ot = (const struct sd_table *)o;
	const struct sd_table *nt = (const struct sd_table *)n;
	const char *ocs, *oco, *ncs, *nco;
	unsigned detail = 0;
	struct diff_item *it;

	/* an engine no longer named is whatever the server defaults to:
	 * nothing to write */
	if (nt->engine && !diff_streq(ot->engine, nt->engine))
		detail |= CHANGE_MY_ENGINE;
	/* a table without its own has the database's */
	mysql_table_charset(ctx, true, ot, &ocs, &oco);
	mysql_table_charset(ctx, false, nt, &ncs, &nco);
	if (!diff_streq(ocs, ncs) || !diff_streq(oco, nco))
		detail |= CHANGE_MY_CHARSET;
	if (!diff_streq(ot->row_format, nt->row_format))
		detail |= CHANGE_MY_ROW_FORMAT;
	if (!diff_streq(ot->options, nt->options))
		detail |= CHANGE_MY_OPTIONS;
	if (!diff_streq(o->comment, n->comment))
		detail |= CHANGE_MY_COMMENT;
	if (detail) {
		it = diff_add(ctx, CH_ALTER_TABLE_OPTIONS, PHASE_CREATE,
			      RANK_TABLE, o, n);
		it->ch.detail = detail;
		/* a table that states none takes the database's default as
		 * the new side has it: written out, as CHARSET=DEFAULT
		 * would not convert it */
		if ((detail & CHANGE_MY_CHARSET) && !nt->charset) {
			it->ch.db_charset = ncs;
			it->ch.db_collation = nco;
		}
		diff_key(ctx, it, ROLE_MOD, n->key);
		key_options(ctx, it, ROLE_PROV, n->key);
	}
	if (diff_streq(ot->partkey, nt->partkey))
		return;
	if (!nt->partkey) {
		/* first, so that keys can change freely after */
		it = diff_add(ctx, CH_ALTER_TABLE_OPTIONS, PHASE_DROP,
			      RANK_DROP_INDEX, o, n);
		it->ch.detail = CHANGE_MY_PARTITION;
		diff_key(ctx, it, ROLE_RELEASE, o->key);
		return;
	}
	/* last: every unique key must hold the partitioning columns */
	it = diff_add(ctx, CH_ALTER_TABLE_OPTIONS, PHASE_CREATE, RANK_INDEX, o,
		      n);
	it->ch.detail = CHANGE_MY_PARTITION;
	diff_key(ctx, it, ROLE_NEED, n->key);
	diff_key_constraint(ctx, it, ROLE_NEED, n->key, "PRIMARY");
	{
		const struct vec *ixs = mysql_table_indexes(ctx, true, n->key);
		for (size_t i = 0; ixs && i < ixs->len; i++) {
			const struct sd_object *ix = ixs->items[i];
			diff_key(ctx, it, ROLE_NEED, ix->key);
		}
	}
}

static void table_create(struct diff_ctx *ctx, const struct sd_object *n)
{
	const struct sd_table *t = (const struct sd_table *)n;
	const struct vec *ixs = mysql_table_indexes(ctx, true, n->key);
	const struct sd_constraint **fks;
	struct mysql_change *my = new_my(ctx);
	struct diff_item *it;

	it = diff_add(ctx, CH_CREATE_TABLE, PHASE_CREATE, RANK_TABLE, NULL, n);
	it->ch.my = my;
	diff_key(ctx, it, ROLE_PROV, n->key);
	key_options(ctx, it, ROLE_PROV, n->key);
	for (size_t i = 0; i < t->ncolumns; i++)
		diff_key_column(ctx, it, ROLE_PROV, n->key,
				t->columns[i].name);
	if (ixs) {
		/* copied: the list goes with the diff context */
		const struct sd_index **v = arena_alloc(&ctx->cs->arena,
							ixs->len * sizeof(*v));
		for (size_t i = 0; i < ixs->len; i++) {
			v[i] = ixs->items[i];
			diff_key(ctx, it, ROLE_PROV, v[i]->base.key);
		}
		my->indexes = v;
		my->nindexes = ixs->len;
	}
	fks = arena_alloc(&ctx->cs->arena,
			  (t->nconstraints + 1) * sizeof(*fks));
	for (size_t i = 0; i < t->nconstraints; i++) {
		const struct sd_constraint *c = &t->constraints[i];

		if (c->type == SD_CON_FOREIGN &&
		    strmap_get(&ctx->my->fk_apart,
			       mysql_fk_id(ctx, n->key, c->name))) {
			mysql_fk_add(ctx, NULL, n, c);
			continue;
		}
		diff_key_constraint(ctx, it, ROLE_PROV, n->key, c->name);
		if (c->type == SD_CON_FOREIGN) {
			fks[my->nfkeys++] = c;
			mysql_fk_ref_keys(ctx, it, ROLE_NEED, true, n, c);
		}
	}
	my->fkeys = fks;
}

static void table_drop(struct diff_ctx *ctx, const struct sd_object *o)
{
	const struct sd_table *t = (const struct sd_table *)o;
	const struct vec *ixs = mysql_table_indexes(ctx, false, o->key);
	struct diff_item *it;

	it = diff_add(ctx, CH_DROP_TABLE, PHASE_DROP, RANK_DROP_TABLE, o, NULL);
	it->ch.flags |= CHANGE_DESTRUCTIVE;
	diff_key(ctx, it, ROLE_GONE, o->key);
	for (size_t i = 0; i < t->ncolumns; i++)
		diff_key_column(ctx, it, ROLE_GONE, o->key, t->columns[i].name);
	for (size_t i = 0; ixs && i < ixs->len; i++) {
		const struct sd_object *ix = ixs->items[i];
		diff_key(ctx, it, ROLE_GONE, ix->key);
	}
	for (size_t i = 0; i < t->nconstraints; i++) {
		const struct sd_constraint *c = &t->constraints[i];

		if (c->type != SD_CON_FOREIGN || c->ref_schema ||
		    !strcmp(c->ref_table, o->name))
			continue;
		/* a foreign key between two dropped tables goes first on
		 * its own, so that tables referencing each other can go */
		if (!catalog_find(ctx->to, SD_TABLE, NULL, c->ref_table))
			mysql_fk_drop(ctx, o, NULL, c);
		else
			mysql_fk_ref_keys(ctx, it, ROLE_RELEASE, false, o, c);
	}
}

void diff_mysql_table(struct diff_ctx *ctx, const struct sd_object *old_obj,
		      const struct sd_object *new_obj)
{
	if (!old_obj) {
		table_create(ctx, new_obj);
	} else if (!new_obj) {
		table_drop(ctx, old_obj);
	} else {
		options_alter(ctx, old_obj, new_obj);
		columns_alter(ctx, old_obj, new_obj);
		constraints_alter(ctx, old_obj, new_obj);
	}
}
