/*
 * parser/mysql/mysql_partition.c: partitioning for the MySQL parser:
 * PARTITION BY ... kept as the canonical text SHOW CREATE TABLE prints
 * (struct sd_table's partkey, docs/mysql.md), and ALTER TABLE's ADD,
 * DROP and COALESCE PARTITION, which edit that text.
 *
 * Memory: scratch in ctx->tmp; partkey is copied into the catalog's
 * arena.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parser/mysql/mysql_internal.h"
#include "util/banned.h"

static const char *cat_str(struct my_ctx *ctx, const char *s)
{
	return catalog_strdup(ctx->cat, s);
}

/* [PARTITION BY ...] as SHOW CREATE TABLE prints it. */
static int part_defs(struct my_ctx *ctx, struct sd_table *t,
		     struct strbuf *out, bool sub);

static int part_by(struct my_ctx *ctx, struct strbuf *out, const char *kw)
{
	int ret;

	strbuf_addstr(out, kw);
	if (my_accept(ctx, "linear"))
		strbuf_addstr(out, " LINEAR");
	if (my_accept(ctx, "range") || my_accept(ctx, "list")) {
		strbuf_addstr(out, my_is(&ctx->st->toks[ctx->pos - 1],
					 "range") ? " RANGE" : " LIST");
		if (my_accept(ctx, "columns")) {
			strbuf_addstr(out, " COLUMNS(");
			if ((ret = my_paren_expr(ctx, out)))
				return ret;
			strbuf_addch(out, ')');
			return 0;
		}
	} else if (my_accept(ctx, "hash")) {
		strbuf_addstr(out, " HASH");
	} else if (my_accept(ctx, "key")) {
		strbuf_addstr(out, " KEY");
		if (my_accept(ctx, "algorithm")) {
			my_opt_eq(ctx);
			strbuf_addf(out, " ALGORITHM = %s", my_tok(ctx)->text);
			ctx->pos++;
		}
	} else if (my_accept(ctx, "system_time")) {
		strbuf_addstr(out, " SYSTEM_TIME");
		return 0;
	} else {
		return my_expected(ctx, "RANGE, LIST, HASH or KEY");
	}
	strbuf_addstr(out, " (");
	if ((ret = my_paren_expr(ctx, out)))
		return ret;
	strbuf_addch(out, ')');
	return 0;
}

int my_partition_clause(struct my_ctx *ctx, struct sd_table *t)
{
	struct strbuf out = STRBUF_INIT;
	int ret;

	ctx->pos += 2;
	if ((ret = part_by(ctx, &out, "PARTITION BY")))
		goto out;
	if (my_accept(ctx, "partitions")) {
		/* one is the default, which SHOW CREATE TABLE leaves out */
		if (strcmp(my_tok(ctx)->text, "1"))
			strbuf_addf(&out, "\nPARTITIONS %s",
				    my_tok(ctx)->text);
		ctx->pos++;
	}
	if (my_is(my_tok(ctx), "subpartition") &&
	    my_is(my_peek(ctx, 1), "by")) {
		ctx->pos += 2;
		if ((ret = part_by(ctx, &out, "\nSUBPARTITION BY")))
			goto out;
		if (my_accept(ctx, "subpartitions")) {
			strbuf_addf(&out, "\nSUBPARTITIONS %s",
				    my_tok(ctx)->text);
			ctx->pos++;
		}
	}
	if (my_is_op(my_tok(ctx), "(")) {
		strbuf_addch(&out, '\n');
		if ((ret = part_defs(ctx, t, &out, false)))
			goto out;
	}
	t->partkey = cat_str(ctx, out.buf);
out:
	strbuf_release(&out);
	return ret;
}

/* (PARTITION p VALUES ... ENGINE = x, ...) */
static int part_defs(struct my_ctx *ctx, struct sd_table *t,
		     struct strbuf *out, bool sub)
{
	int ret;

	ctx->pos++;
	strbuf_addch(out, '(');
	do {
		const char *name;
		const char *engine = t->engine ? t->engine : "InnoDB";
		if (out->buf[out->len - 1] != '(')
			strbuf_addstr(out, sub ? ",\n  " : ",\n ");
		if ((ret = my_expect(ctx, sub ? "subpartition" :
					       "partition")) ||
		    (ret = my_ident(ctx, "a partition name", &name)))
			return ret;
		strbuf_addstr(out, sub ? "SUBPARTITION " : "PARTITION ");
		sql_quote_ident(out, SQL_MYSQL, name);
		if (my_accept(ctx, "values")) {
			if (my_accept(ctx, "less")) {
				if ((ret = my_expect(ctx, "than")))
					return ret;
				strbuf_addstr(out, " VALUES LESS THAN ");
				if (my_accept(ctx, "maxvalue")) {
					strbuf_addstr(out, "MAXVALUE");
				} else {
					strbuf_addch(out, '(');
					if ((ret = my_paren_expr(ctx, out)))
						return ret;
					strbuf_addch(out, ')');
				}
			} else if (my_accept(ctx, "in")) {
				strbuf_addstr(out, " VALUES IN (");
				if ((ret = my_paren_expr(ctx, out)))
					return ret;
				strbuf_addch(out, ')');
			} else {
				return my_expected(ctx, "LESS THAN or IN");
			}
		}
		for (;;) {
			const char *v;
			if (my_accept(ctx, "storage"))
				continue;
			if (my_accept(ctx, "engine")) {
				if ((ret = my_option_value(ctx, &v)))
					return ret;
				engine = my_engine_name(v);
			} else if (my_accept(ctx, "comment")) {
				if ((ret = my_option_value(ctx, &v)))
					return ret;
				strbuf_addstr(out, " COMMENT = ");
				sql_quote_literal(out, SQL_MYSQL, v);
			} else if (my_tok(ctx)->type == MT_WORD &&
				   !my_is(my_tok(ctx), "subpartition") &&
				   !my_is(my_tok(ctx), "partition")) {
				if (my_is(my_peek(ctx, 1), "directory"))
					ctx->pos++;
				ctx->pos++;
				if ((ret = my_option_value(ctx, &v)))
					return ret;
			} else {
				break;
			}
		}
		if (my_is_op(my_tok(ctx), "(")) {
			strbuf_addstr(out, "\n ");
			if ((ret = part_defs(ctx, t, out, true)))
				return ret;
		} else {
			strbuf_addf(out, " ENGINE = %s", engine);
		}
	} while (my_accept_op(ctx, ","));
	strbuf_addch(out, ')');
	return my_expect_op(ctx, ")");
}

/*
 * ADD / DROP PARTITION edit the canonical partkey text: its definitions
 * are "(PARTITION ...,\n PARTITION ...)" after the "PARTITION BY" line
 * (see partition_clause); "PARTITIONS n" counts HASH and KEY ones.
 * Subpartitioned tables are not edited.
 */
static int split_partkey(struct my_ctx *ctx, struct sd_table *t,
			 struct strbuf *head, struct vec *defs)
{
	const char *pk = t->partkey;
	const char *open, *p;
	size_t len;

	if (!pk)
		return my_error(ctx, my_tok(ctx), SD_ERR,
				"table `%s` is not partitioned", t->base.name);
	if (strstr(pk, "SUBPARTITION"))
		return my_error(ctx, my_tok(ctx), SD_ERR_UNSUPPORTED,
				"changing the partitions of a subpartitioned "
				"table is not supported");
	open = strstr(pk, "\n(PARTITION ");
	len = strlen(pk);
	if (!open) {
		strbuf_addstr(head, pk);
		return 0;
	}
	strbuf_add(head, pk, (size_t)(open - pk));
	p = open + 2;
	while (p < pk + len - 1) {
		const char *e = strstr(p, ",\n PARTITION ");
		const char *stop = e ? e : pk + len - 1;
		vec_push(defs, arena_strndup(&ctx->tmp, p, (size_t)(stop - p)));
		p = e ? e + 3 : stop;
	}
	return 0;
}

static void join_partkey(struct my_ctx *ctx, struct sd_table *t,
			 struct strbuf *head, struct vec *defs)
{
	if (defs->len) {
		strbuf_addstr(head, "\n(");
		for (size_t i = 0; i < defs->len; i++)
			strbuf_addf(head, "%s%s", i ? ",\n " : "",
				    (const char *)defs->items[i]);
		strbuf_addch(head, ')');
	}
	t->partkey = cat_str(ctx, head->buf);
}

/* PARTITIONS n in the head: changed by delta. */
static int partitions_count(struct my_ctx *ctx, struct strbuf *head,
			    long delta)
{
	char *p = strstr(head->buf, "\nPARTITIONS ");
	long n;

	/* no count: the default, one partition */
	n = (p ? strtol(p + 12, NULL, 10) : 1) + delta;
	if (n < 1)
		return my_error(ctx, my_tok(ctx), SD_ERR,
				"cannot remove all partitions");
	if (p)
		strbuf_setlen(head, (size_t)(p - head->buf));
	if (n > 1)
		strbuf_addf(head, "\nPARTITIONS %ld", n);
	return 0;
}

int my_add_partitions(struct my_ctx *ctx, struct sd_table *t)
{
	struct strbuf head = STRBUF_INIT, nb = STRBUF_INIT;
	struct vec defs = VEC_INIT;
	int ret;

	if ((ret = split_partkey(ctx, t, &head, &defs)))
		goto out;
	ctx->pos++;	/* PARTITION */
	if (my_accept(ctx, "partitions")) {
		long k = strtol(my_tok(ctx)->text, NULL, 10);
		ctx->pos++;
		if ((ret = partitions_count(ctx, &head, k)))
			goto out;
	} else if (my_is_op(my_tok(ctx), "(")) {
		if ((ret = part_defs(ctx, t, &nb, false)))
			goto out;
		/* nb: "(PARTITION ...,\n PARTITION ...)" */
		strbuf_setlen(&nb, nb.len - 1);
		vec_push(&defs, arena_strdup(&ctx->tmp, nb.buf + 1));
	} else {
		ret = my_expected(ctx, "partition definitions");
		goto out;
	}
	join_partkey(ctx, t, &head, &defs);
out:
	strbuf_release(&head);
	strbuf_release(&nb);
	vec_release(&defs);
	return ret;
}

int my_drop_partitions(struct my_ctx *ctx, struct sd_table *t)
{
	struct strbuf head = STRBUF_INIT, pre = STRBUF_INIT;
	struct vec defs = VEC_INIT;
	int ret;

	if ((ret = split_partkey(ctx, t, &head, &defs)))
		goto out;
	ctx->pos++;	/* PARTITION */
	do {
		const struct my_token *at = my_tok(ctx);
		const char *name;
		size_t i;
		if ((ret = my_ident(ctx, "a partition name", &name)))
			goto out;
		strbuf_reset(&pre);
		strbuf_addstr(&pre, "PARTITION ");
		sql_quote_ident(&pre, SQL_MYSQL, name);
		strbuf_addch(&pre, ' ');
		for (i = 0; i < defs.len; i++)
			if (!strncmp(defs.items[i], pre.buf, pre.len))
				break;
		if (i == defs.len) {
			ret = my_error(ctx, at, SD_ERR,
				       "partition `%s` does not exist", name);
			goto out;
		}
		memmove(&defs.items[i], &defs.items[i + 1],
			(defs.len - i - 1) * sizeof(void *));
		defs.len--;
	} while (my_accept_op(ctx, ","));
	if (!defs.len) {
		ret = my_error(ctx, NULL, SD_ERR,
			       "cannot remove all partitions");
		goto out;
	}
	join_partkey(ctx, t, &head, &defs);
out:
	strbuf_release(&head);
	strbuf_release(&pre);
	vec_release(&defs);
	return ret;
}

int my_coalesce_partitions(struct my_ctx *ctx, struct sd_table *t)
{
	struct strbuf head = STRBUF_INIT;
	struct vec defs = VEC_INIT;
	long k;
	int ret;

	ctx->pos += 2;
	k = strtol(my_tok(ctx)->text, NULL, 10);
	ctx->pos++;
	ret = split_partkey(ctx, t, &head, &defs);
	if (!ret)
		ret = partitions_count(ctx, &head, -k);
	if (!ret)
		join_partkey(ctx, t, &head, &defs);
	strbuf_release(&head);
	vec_release(&defs);
	return ret;
}
