/*
 * diff/order.c: the order of a change set (pg_dump's recipe). Changes are
 * first sorted by (phase, rank, schema, name, position, sub-name, type,
 * creation order), a total order that never depends on hashing; then a
 * topological sort over the edges derived from each change's keys keeps
 * that order wherever the dependencies allow (Kahn's algorithm that always
 * takes the ready change that sorts first).
 *
 * Edges, for one key K:
 *   provider or modifier of K  -> every change that needs K
 *   every change releasing K   -> the change removing or modifying K
 *   the change removing K      -> the change providing K again
 *
 * Memory: the work arrays are malloc'd and freed here; the ordered changes
 * are copied into the change set's arena.
 */
#include "diff/diff_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/banned.h"

struct edge {
	size_t from, to;
};

struct edges {
	struct edge *v;
	size_t n, alloc;
};

static void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p) {
		fputs("schemadiff: fatal: out of memory\n", stderr);
		abort();
	}
	return p;
}

static void edge_add(struct edges *e, size_t from, size_t to)
{
	if (from == to)
		return;
	if (e->n == e->alloc) {
		size_t n = e->alloc ? e->alloc * 2 : 256;
		struct edge *p = realloc(e->v, n * sizeof(*p));
		if (!p) {
			fputs("schemadiff: fatal: out of memory\n", stderr);
			abort();
		}
		e->v = p;
		e->alloc = n;
	}
	e->v[e->n].from = from;
	e->v[e->n].to = to;
	e->n++;
}

static int cmp_str(const char *a, const char *b)
{
	if (!a || !b)
		return a ? 1 : (b ? -1 : 0);
	return strcmp(a, b);
}

static int cmp_items(const void *pa, const void *pb)
{
	const struct diff_item *a = *(const struct diff_item *const *)pa;
	const struct diff_item *b = *(const struct diff_item *const *)pb;
	int c;

	if (a->phase != b->phase)
		return a->phase < b->phase ? -1 : 1;
	if (a->rank != b->rank)
		return a->rank < b->rank ? -1 : 1;
	if ((c = cmp_str(a->schema, b->schema)))
		return c;
	if ((c = cmp_str(a->name, b->name)))
		return c;
	if (a->subpos != b->subpos)
		return a->subpos < b->subpos ? -1 : 1;
	if ((c = cmp_str(a->sub, b->sub)))
		return c;
	if (a->typerank != b->typerank)
		return a->typerank < b->typerank ? -1 : 1;
	if (a->seq != b->seq)
		return a->seq < b->seq ? -1 : 1;
	return 0;
}

static int cmp_refs(const void *pa, const void *pb)
{
	const struct diff_keyref *a = pa, *b = pb;
	int c = strcmp(a->key, b->key);

	if (c)
		return c;
	if (a->role != b->role)
		return a->role < b->role ? -1 : 1;
	if (a->item != b->item)
		return a->item < b->item ? -1 : 1;
	return 0;
}

/* Edges for the refs [lo, hi) that share one key, sorted by role. */
static void edges_for_key(const struct diff_keyref *r, size_t lo, size_t hi,
			  struct edges *e)
{
	size_t role_lo[5], role_hi[5];

	for (int k = 0; k < 5; k++)
		role_lo[k] = role_hi[k] = lo;
	for (size_t i = lo; i < hi;) {
		size_t j = i;
		while (j < hi && r[j].role == r[i].role)
			j++;
		role_lo[r[i].role] = i;
		role_hi[r[i].role] = j;
		i = j;
	}
	/* providers and modifiers before the changes that need the key */
	for (size_t n = role_lo[ROLE_NEED]; n < role_hi[ROLE_NEED]; n++) {
		for (size_t p = role_lo[ROLE_PROV]; p < role_hi[ROLE_PROV]; p++)
			edge_add(e, r[p].item, r[n].item);
		for (size_t m = role_lo[ROLE_MOD]; m < role_hi[ROLE_MOD]; m++)
			edge_add(e, r[m].item, r[n].item);
	}
	/* users let go before the key is removed or changed */
	for (size_t l = role_lo[ROLE_RELEASE]; l < role_hi[ROLE_RELEASE]; l++) {
		for (size_t g = role_lo[ROLE_GONE]; g < role_hi[ROLE_GONE]; g++)
			edge_add(e, r[l].item, r[g].item);
		for (size_t m = role_lo[ROLE_MOD]; m < role_hi[ROLE_MOD]; m++)
			edge_add(e, r[l].item, r[m].item);
	}
	/* a name is dropped before it is created again */
	for (size_t g = role_lo[ROLE_GONE]; g < role_hi[ROLE_GONE]; g++)
		for (size_t p = role_lo[ROLE_PROV]; p < role_hi[ROLE_PROV]; p++)
			edge_add(e, r[g].item, r[p].item);
}

/* A binary min-heap of item seqs ordered by their sorted position. */
struct heap {
	size_t *v;
	size_t n;
	const size_t *pos;
};

static void heap_push(struct heap *h, size_t x)
{
	size_t i = h->n++;

	h->v[i] = x;
	while (i > 0) {
		size_t parent = (i - 1) / 2;
		if (h->pos[h->v[parent]] <= h->pos[h->v[i]])
			break;
		size_t t = h->v[parent];
		h->v[parent] = h->v[i];
		h->v[i] = t;
		i = parent;
	}
}

static size_t heap_pop(struct heap *h)
{
	size_t top = h->v[0], i = 0;

	h->v[0] = h->v[--h->n];
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		if (l < h->n && h->pos[h->v[l]] < h->pos[h->v[m]])
			m = l;
		if (r < h->n && h->pos[h->v[r]] < h->pos[h->v[m]])
			m = r;
		if (m == i)
			break;
		size_t t = h->v[m];
		h->v[m] = h->v[i];
		h->v[i] = t;
		i = m;
	}
	return top;
}

static void describe_item(const struct diff_item *it, struct strbuf *out);

/* The changes left after a failed sort that lie on a cycle (or between
 * cycles): prune the ones with no successor left, repeatedly. */
static int report_cycle(struct diff_ctx *ctx, const bool *done,
			const size_t *first, const size_t *adj,
			const size_t *sorted, struct sd_error *err)
{
	size_t n = ctx->items.len;
	bool *alive = xmalloc(n * sizeof(*alive));
	struct strbuf sb = STRBUF_INIT;
	bool changed = true;
	int ret;

	for (size_t i = 0; i < n; i++)
		alive[i] = !done[i];
	while (changed) {
		changed = false;
		for (size_t i = 0; i < n; i++) {
			bool succ = false;
			if (!alive[i])
				continue;
			for (size_t k = first[i]; k < first[i + 1]; k++)
				if (alive[adj[k]])
					succ = true;
			if (!succ) {
				alive[i] = false;
				changed = true;
			}
		}
	}
	for (size_t k = 0; k < n; k++) {
		size_t i = sorted[k];
		if (!alive[i])
			continue;
		if (sb.len)
			strbuf_addstr(&sb, "; ");
		describe_item(ctx->items.items[i], &sb);
	}
	ret = sd_error_set(err, SD_ERR, NULL, 0, 0,
			   "dependency cycle between changes: %s", sb.buf);
	strbuf_release(&sb);
	free(alive);
	return ret;
}

static void describe_item(const struct diff_item *it, struct strbuf *out)
{
	struct changeset one;
	struct strbuf line = STRBUF_INIT;

	memset(&one, 0, sizeof(one));
	one.changes = (struct change *)&it->ch;
	one.nchanges = 1;
	changeset_describe(&one, &line);
	strbuf_rtrim(&line);
	strbuf_addstr(out, line.buf);
	strbuf_release(&line);
}

int diff_order(struct diff_ctx *ctx, struct sd_error *err)
{
	size_t n = ctx->items.len;
	struct vec sorted = VEC_INIT;
	size_t *pos, *order, *first, *adj, *indeg, *fill;
	bool *done;
	struct edges e = { NULL, 0, 0 };
	struct heap h;
	size_t nout = 0;
	int ret = 0;

	if (!n)
		return 0;

	/* the initial total order */
	for (size_t i = 0; i < n; i++)
		vec_push(&sorted, ctx->items.items[i]);
	vec_sort(&sorted, cmp_items);
	pos = xmalloc(n * sizeof(*pos));
	order = xmalloc(n * sizeof(*order));
	for (size_t k = 0; k < n; k++) {
		const struct diff_item *it = sorted.items[k];
		pos[it->seq] = k;
		order[k] = it->seq;
	}

	/* edges from keys (none: refs is NULL, which qsort may not get) */
	if (ctx->nrefs)
		qsort(ctx->refs, ctx->nrefs, sizeof(*ctx->refs), cmp_refs);
	for (size_t i = 0; i < ctx->nrefs;) {
		size_t j = i;
		while (j < ctx->nrefs && !strcmp(ctx->refs[j].key,
						 ctx->refs[i].key))
			j++;
		edges_for_key(ctx->refs, i, j, &e);
		i = j;
	}

	/* adjacency lists (CSR) */
	first = xmalloc((n + 1) * sizeof(*first));
	fill = xmalloc((n + 1) * sizeof(*fill));
	indeg = xmalloc(n * sizeof(*indeg));
	adj = xmalloc(e.n * sizeof(*adj));
	done = xmalloc(n * sizeof(*done));
	memset(first, 0, (n + 1) * sizeof(*first));
	memset(indeg, 0, n * sizeof(*indeg));
	memset(done, 0, n * sizeof(*done));
	for (size_t k = 0; k < e.n; k++) {
		first[e.v[k].from + 1]++;
		indeg[e.v[k].to]++;
	}
	for (size_t i = 0; i < n; i++)
		first[i + 1] += first[i];
	memcpy(fill, first, (n + 1) * sizeof(*fill));
	for (size_t k = 0; k < e.n; k++)
		adj[fill[e.v[k].from]++] = e.v[k].to;

	/* Kahn, taking the ready change that sorts first */
	h.v = xmalloc(n * sizeof(*h.v));
	h.n = 0;
	h.pos = pos;
	for (size_t i = 0; i < n; i++)
		if (!indeg[i])
			heap_push(&h, i);
	ctx->cs->changes = arena_alloc(&ctx->cs->arena,
				       n * sizeof(*ctx->cs->changes));
	ctx->cs->alloc = n;
	while (h.n) {
		size_t i = heap_pop(&h);
		const struct diff_item *it = ctx->items.items[i];

		done[i] = true;
		ctx->cs->changes[nout++] = it->ch;
		for (size_t k = first[i]; k < first[i + 1]; k++)
			if (!--indeg[adj[k]])
				heap_push(&h, adj[k]);
	}
	ctx->cs->nchanges = nout;
	if (nout < n) {
		ret = report_cycle(ctx, done, first, adj, order, err);
		ctx->cs->nchanges = 0;
	}

	free(h.v);
	free(done);
	free(adj);
	free(indeg);
	free(fill);
	free(first);
	free(order);
	free(pos);
	free(e.v);
	vec_release(&sorted);
	return ret;
}
