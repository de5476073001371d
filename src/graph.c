/* graph.c -- the aggregation stage: events into links (one per ordered
 * actor pair) with counts, signed weight sums and a bounded, deterministic
 * set of evidence sentences; then an igraph graph for analysis. Every
 * figure of a link is a sum and its evidence the first N by a total order
 * (dg_evidence_cmp), so the aggregate of parts of the input merges into
 * the aggregate of the whole (partial.c).
 *
 * Memory grows with the number of distinct links, not with the number of
 * documents or events.
 */
#include "graph_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void dg_graph_options_init(dg_graph_options *o)
{
    o->evidence = 3;
    o->include_negated = 0;
}

int dg_graph_new(dg_graph **out, const dg_lexicon *lx,
                 const dg_graph_options *o)
{
    dg_graph *g = calloc(1, sizeof *g);
    if (!g)
        return DG_ENOMEM;
    g->lx = lx;
    if (o)
        g->opt = *o;
    else
        dg_graph_options_init(&g->opt);
    if (g->opt.evidence < 0)
        g->opt.evidence = 0;
    g->mentions = calloc(lx->nactors + 1, sizeof *g->mentions);
    g->nslots = 256;
    g->slots = malloc(g->nslots * sizeof *g->slots);
    if (!g->mentions || !g->slots) {
        dg_graph_free(g);
        return DG_ENOMEM;
    }
    for (size_t i = 0; i < g->nslots; i++)
        g->slots[i] = -1;
    *out = g;
    return DG_OK;
}

static void evidence_free(dg_evidence *e)
{
    free(e->doc);
    free(e->text);
    free(e->trigger);
}

void dg_graph_free(dg_graph *g)
{
    if (!g)
        return;
    for (size_t i = 0; i < g->nlinks; i++) {
        for (int k = 0; k < g->links[i].nev; k++)
            evidence_free(&g->links[i].ev[k]);
        free(g->links[i].ev);
    }
    free(g->links);
    free(g->slots);
    free(g->mentions);
    free(g->nodes);
    free(g->node_of);
    free(g->order);
    free(g->metric);
    free(g->community);
    if (g->built) {
        dg_igraph_lock();
        igraph_destroy(&g->ig);
        igraph_vector_destroy(&g->weights);
        dg_igraph_unlock();
    }
    dg_lexicon_free(g->owned_lx);
    free(g);
}

void dg_graph_add_document(dg_graph *g)
{
    g->documents++;
}

int dg_graph_add_mentions(dg_graph *g, const dg_extractor *x)
{
    size_t n;
    const unsigned long *m = dg_extractor_mention_counts(x, &n);
    if (n != g->lx->nactors)
        return DG_EINVAL;
    for (size_t i = 0; i < n; i++)
        g->mentions[i] += m[i];
    return DG_OK;
}

static size_t slot_of(int32_t s, int32_t t, size_t nslots)
{
    uint64_t h = ((uint64_t)(uint32_t)s << 32 | (uint32_t)t) *
                 0x9E3779B97F4A7C15ULL;
    return (size_t)(h >> 20) & (nslots - 1);
}

static int rehash(dg_graph *g)
{
    size_t ns = g->nslots * 2;
    long *slots = malloc(ns * sizeof *slots);
    if (!slots)
        return DG_ENOMEM;
    for (size_t i = 0; i < ns; i++)
        slots[i] = -1;
    for (size_t i = 0; i < g->nlinks; i++) {
        size_t s = slot_of(g->links[i].s, g->links[i].t, ns);
        while (slots[s] >= 0)
            s = (s + 1) & (ns - 1);
        slots[s] = (long)i;
    }
    free(g->slots);
    g->slots = slots;
    g->nslots = ns;
    return DG_OK;
}

long dg_graph_find_link_raw(const dg_graph *g, int32_t s, int32_t t)
{
    size_t i = slot_of(s, t, g->nslots);
    while (g->slots[i] >= 0) {
        const dg_link *l = &g->links[g->slots[i]];
        if (l->s == s && l->t == t)
            return g->slots[i];
        i = (i + 1) & (g->nslots - 1);
    }
    return -1;
}

int dg_graph_index_link(dg_graph *g, size_t li)
{
    if ((g->nlinks + 1) * 2 > g->nslots && rehash(g) != DG_OK)
        return DG_ENOMEM;
    size_t i = slot_of(g->links[li].s, g->links[li].t, g->nslots);
    while (g->slots[i] >= 0)
        i = (i + 1) & (g->nslots - 1);
    g->slots[i] = (long)li;
    return DG_OK;
}

long dg_graph_link_for(dg_graph *g, int32_t s, int32_t t)
{
    size_t i = slot_of(s, t, g->nslots);
    while (g->slots[i] >= 0) {
        dg_link *l = &g->links[g->slots[i]];
        if (l->s == s && l->t == t)
            return g->slots[i];
        i = (i + 1) & (g->nslots - 1);
    }
    if ((g->nlinks + 1) * 2 > g->nslots) {
        if (rehash(g) != DG_OK)
            return -1;
        return dg_graph_link_for(g, s, t);
    }
    if (g->nlinks == g->caplinks) {
        size_t cap = g->caplinks ? g->caplinks * 2 : 64;
        dg_link *p = realloc(g->links, cap * sizeof *p);
        if (!p)
            return -1;
        g->links = p;
        g->caplinks = cap;
    }
    dg_link *l = &g->links[g->nlinks];
    memset(l, 0, sizeof *l);
    l->s = s;
    l->t = t;
    g->slots[i] = (long)g->nlinks;
    return (long)g->nlinks++;
}

/* NULL (no category) before any name. */
static int cmp_opt(const char *a, const char *b)
{
    if (!a || !b)
        return (a != NULL) - (b != NULL);
    return strcmp(a, b);
}

/* The evidence rule (docs/graph-json.md): the larger |weight| first, then
 * by document id, sentence index, weight, polarity, trigger, category and
 * text. The order is total over what an evidence item shows, so the items
 * kept are the first N of every candidate in this order whatever the
 * order the events came in: a build split into parts and merged keeps the
 * same ones (partial.c). Reading order would not merge. */
int dg_evidence_cmp(const dg_evidence *a, const dg_evidence *b)
{
    int wa = abs(a->weight), wb = abs(b->weight);
    if (wa != wb)
        return wa > wb ? -1 : 1;
    int c = strcmp(a->doc, b->doc);
    if (c)
        return c;
    if (a->sentence != b->sentence)
        return a->sentence < b->sentence ? -1 : 1;
    if (a->weight != b->weight)
        return a->weight < b->weight ? -1 : 1;
    if (a->polarity != b->polarity)
        return a->polarity < b->polarity ? -1 : 1;
    if ((c = strcmp(a->trigger, b->trigger)) != 0 ||
        (c = cmp_opt(a->category, b->category)) != 0)
        return c;
    return strcmp(a->text, b->text);
}

int dg_graph_offer_evidence(dg_graph *g, dg_link *l, dg_evidence *cand)
{
    int cap = g->opt.evidence;
    if (cap == 0 ||
        (l->nev == cap && dg_evidence_cmp(cand, &l->ev[cap - 1]) >= 0)) {
        evidence_free(cand);
        return DG_OK;
    }
    if (!l->ev) {
        l->ev = calloc((size_t)cap, sizeof *l->ev);
        if (!l->ev) {
            evidence_free(cand);
            return DG_ENOMEM;
        }
    }
    if (l->nev == cap)
        evidence_free(&l->ev[--l->nev]);
    int at = l->nev;
    while (at > 0 && dg_evidence_cmp(cand, &l->ev[at - 1]) < 0) {
        l->ev[at] = l->ev[at - 1];
        at--;
    }
    l->ev[at] = *cand;
    l->nev++;
    return DG_OK;
}

static int keep_evidence(dg_graph *g, dg_link *l, const dg_event *ev)
{
    int cap = g->opt.evidence;
    if (cap == 0)
        return DG_OK;
    /* compared before anything is copied: most events are not kept */
    dg_evidence cand = {
        (char *)ev->doc, (char *)ev->text, (char *)ev->trigger, ev->category,
        ev->sentence,    ev->polarity,     ev->weight,          g->seq};
    if (l->nev == cap && dg_evidence_cmp(&cand, &l->ev[cap - 1]) >= 0)
        return DG_OK;
    cand.doc = dg_strdup(ev->doc);
    cand.text = dg_strdup(ev->text);
    cand.trigger = dg_strdup(ev->trigger);
    if (!cand.doc || !cand.text || !cand.trigger) {
        evidence_free(&cand);
        return DG_ENOMEM;
    }
    return dg_graph_offer_evidence(g, l, &cand);
}

static int add_directed(dg_graph *g, int32_t s, int32_t t, const dg_event *ev)
{
    long li = dg_graph_link_for(g, s, t);
    if (li < 0)
        return DG_ENOMEM;
    dg_link *l = &g->links[li];
    l->events++;
    if (ev->weight > 0)
        l->positive += ev->weight;
    else
        l->negative += -ev->weight;
    int ci = dg_plover_class_index(ev->category);
    if (ci >= 0 && ci < DG_NCLASSES)
        l->classes[ci]++;
    return keep_evidence(g, l, ev);
}

int dg_graph_add_event(dg_graph *g, const dg_event *ev)
{
    if (ev->negated && !g->opt.include_negated)
        return DG_OK;
    long s = dg_lexicon_find_actor(g->lx, ev->source);
    long t = dg_lexicon_find_actor(g->lx, ev->target);
    if (s < 0 || t < 0 || s == t)
        return DG_EINVAL;
    g->seq++;
    g->events++;
    int rc = add_directed(g, (int32_t)s, (int32_t)t, ev);
    if (rc == DG_OK && ev->mutual)
        rc = add_directed(g, (int32_t)t, (int32_t)s, ev);
    g->built = g->built ? 2 : 0; /* adding after finish needs a rebuild */
    return rc;
}

typedef struct sort_key {
    const char *a, *b;
    size_t idx;
} sort_key;

static int cmp_keys(const void *x, const void *y)
{
    const sort_key *p = x, *q = y;
    int c = strcmp(p->a, q->a);
    if (c)
        return c;
    return strcmp(p->b, q->b);
}

int dg_graph_finish(dg_graph *g)
{
    const dg_lexicon *lx = g->lx;
    if (g->built == 1)
        return DG_OK;
    if (g->built) {
        dg_igraph_lock();
        igraph_destroy(&g->ig);
        igraph_vector_destroy(&g->weights);
        dg_igraph_unlock();
        g->built = 0;
    }
    free(g->nodes);
    free(g->node_of);
    free(g->order);
    free(g->metric);
    free(g->community);
    g->metric = NULL;
    g->community = NULL;
    g->nodes = calloc(lx->nactors + 1, sizeof *g->nodes);
    g->node_of = malloc((lx->nactors + 1) * sizeof *g->node_of);
    g->order = malloc((g->nlinks + 1) * sizeof *g->order);
    if (!g->nodes || !g->node_of || !g->order)
        return DG_ENOMEM;
    for (size_t i = 0; i < lx->nactors; i++)
        g->node_of[i] = -1;
    g->nnodes = 0;
    for (size_t i = 0; i < g->nlinks; i++) {
        int32_t e[2] = {g->links[i].s, g->links[i].t};
        for (int k = 0; k < 2; k++)
            if (g->node_of[e[k]] < 0) {
                g->node_of[e[k]] = 0;
                g->nodes[g->nnodes++] = e[k];
            }
        g->order[i] = i;
    }
    /* sort nodes by id and links by (source id, target id) */
    sort_key *keys = malloc((g->nnodes + g->nlinks + 1) * sizeof *keys);
    if (!keys)
        return DG_ENOMEM;
    for (size_t i = 0; i < g->nnodes; i++)
        keys[i] = (sort_key){lx->actors[g->nodes[i]].id, "", (size_t)g->nodes[i]};
    qsort(keys, g->nnodes, sizeof *keys, cmp_keys);
    for (size_t i = 0; i < g->nnodes; i++)
        g->nodes[i] = (int32_t)keys[i].idx;
    for (size_t i = 0; i < g->nlinks; i++)
        keys[i] = (sort_key){lx->actors[g->links[i].s].id,
                             lx->actors[g->links[i].t].id, i};
    qsort(keys, g->nlinks, sizeof *keys, cmp_keys);
    for (size_t i = 0; i < g->nlinks; i++)
        g->order[i] = keys[i].idx;
    free(keys);
    for (size_t i = 0; i < g->nnodes; i++)
        g->node_of[g->nodes[i]] = (int32_t)i;

    igraph_vector_int_t edges;
    dg_igraph_lock();
    if (igraph_vector_int_init(&edges, (igraph_integer_t)(2 * g->nlinks))) {
        dg_igraph_unlock();
        return DG_ENOMEM;
    }
    if (igraph_vector_init(&g->weights, (igraph_integer_t)g->nlinks)) {
        igraph_vector_int_destroy(&edges);
        dg_igraph_unlock();
        return DG_ENOMEM;
    }
    for (size_t k = 0; k < g->nlinks; k++) {
        const dg_link *l = &g->links[g->order[k]];
        VECTOR(edges)[2 * k] = g->node_of[l->s];
        VECTOR(edges)[2 * k + 1] = g->node_of[l->t];
        VECTOR(g->weights)[k] = l->positive - l->negative;
    }
    int rc = igraph_create(&g->ig, &edges, (igraph_integer_t)g->nnodes,
                           IGRAPH_DIRECTED);
    igraph_vector_int_destroy(&edges);
    if (rc)
        igraph_vector_destroy(&g->weights);
    dg_igraph_unlock();
    if (rc)
        return DG_ENOMEM;
    g->built = 1;
    return DG_OK;
}

const char *dg_graph_summary(const dg_graph *g, char *buf, size_t size)
{
#define PL(n) ((n) == 1 ? "" : "s")
    snprintf(buf, size,
             "%zu actor%s and %zu relation%s from %lu event%s in %lu "
             "document%s",
             g->nnodes, PL(g->nnodes), g->nlinks, PL(g->nlinks), g->events,
             PL(g->events), g->documents, PL(g->documents));
#undef PL
    return buf;
}

size_t dg_graph_node_count(const dg_graph *g)
{
    return g->built == 1 ? g->nnodes : 0;
}
size_t dg_graph_link_count(const dg_graph *g) { return g->nlinks; }

const char *dg_graph_node_id(const dg_graph *g, size_t i)
{
    return g->built == 1 && i < g->nnodes ? g->lx->actors[g->nodes[i]].id : NULL;
}

int dg_graph_link(const dg_graph *g, size_t i, dg_link_info *out)
{
    if (g->built != 1 || i >= g->nlinks || !g->order)
        return DG_EINVAL; /* not finished, or events added since */
    const dg_link *l = &g->links[g->order[i]];
    out->source = g->lx->actors[l->s].id;
    out->target = g->lx->actors[l->t].id;
    out->events = l->events;
    out->positive = l->positive;
    out->negative = l->negative;
    out->weight = l->positive - l->negative;
    out->sign = (out->weight > 0) - (out->weight < 0);
    return DG_OK;
}

long dg_graph_find_link(const dg_graph *g, const char *source,
                        const char *target)
{
    dg_link_info li;
    if (g->built != 1)
        return -1;
    for (size_t i = 0; i < g->nlinks; i++)
        if (dg_graph_link(g, i, &li) == DG_OK &&
            strcmp(li.source, source) == 0 && strcmp(li.target, target) == 0)
            return (long)i;
    return -1;
}
