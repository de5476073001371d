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
#include "date.h"
#include "graph_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void dg_graph_options_init(dg_graph_options *o)
{
    o->evidence = 3;
    o->include_negated = 0;
    o->slice = DG_SLICE_NONE;
    o->since = o->until = NULL;
}

/* ---- time slices ------------------------------------------------------ */

static const char *const slice_names[] = {"none", "year", "quarter", "month"};

int dg_slice_from_name(const char *name)
{
    for (int i = 0; name && i < 4; i++)
        if (strcmp(name, slice_names[i]) == 0)
            return i;
    return -1;
}

const char *dg_slice_name(dg_slice s)
{
    return (unsigned)s < 4 ? slice_names[s] : "none";
}

static int digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

/* The year and month at the start of s ("2020", "2020-09", "2020-09-27",
 * and the "2020" of "2020-Q3"): the bytes they take (4, or 7 with a month
 * 01..12, *month set), or 0 when s does not begin with a year. The one
 * reading of dates and period keys that both functions below share. */
static size_t year_month(const char *s, int *month)
{
    if (!digits(s, 4))
        return 0;
    if (s[4] != '-' || !digits(s + 5, 2))
        return 4;
    int m = (s[5] - '0') * 10 + (s[6] - '0');
    if (m < 1 || m > 12)
        return 4;
    *month = m;
    return 7;
}

int dg_period_of(const char *date, dg_slice s, char *buf, size_t size)
{
    int month = 0;
    size_t n = date && size >= 8 && s != DG_SLICE_NONE ? year_month(date, &month)
                                                       : 0;
    if (n == 0 || (s != DG_SLICE_YEAR && n < 7))
        return 0; /* no date, or a year alone for quarters or months */
    memcpy(buf, date, s == DG_SLICE_YEAR ? 4 : 5);
    if (s == DG_SLICE_YEAR) {
        buf[4] = '\0';
        return 1;
    }
    buf[5] = s == DG_SLICE_QUARTER ? 'Q' : date[5];
    buf[6] = s == DG_SLICE_QUARTER ? (char)('1' + (month - 1) / 3) : date[6];
    buf[7] = '\0';
    return 1;
}

/* Is key a period of slicing s: "2020", "2020-Q3", "2020-09"? */
int dg_period_valid(const char *key, dg_slice s)
{
    int month = 0;
    size_t n = strlen(key), k = year_month(key, &month);
    switch (s) {
    case DG_SLICE_YEAR: return n == 4 && k == 4;
    case DG_SLICE_QUARTER:
        return n == 7 && k == 4 && key[4] == '-' && key[5] == 'Q' &&
               key[6] >= '1' && key[6] <= '4';
    case DG_SLICE_MONTH: return n == 7 && k == 7;
    default: return 0;
    }
}

long dg_graph_period(dg_graph *g, const char *key)
{
    /* few periods (tens of years, hundreds of months), and events of one
     * period come together: the last one found first, then a scan */
    static const size_t none = (size_t)-1;
    size_t last = g->nperiods ? g->nperiods - 1 : none;
    if (last != none && strcmp(g->periods[last], key) == 0)
        return (long)last;
    for (size_t i = 0; i < g->nperiods; i++)
        if (strcmp(g->periods[i], key) == 0)
            return (long)i;
    if (g->nperiods == g->capperiods) {
        size_t cap = g->capperiods ? g->capperiods * 2 : 16;
        char **p = realloc(g->periods, cap * sizeof *p);
        if (!p)
            return -1;
        g->periods = p;
        g->capperiods = cap;
    }
    char *k = dg_strdup(key);
    if (!k)
        return -1;
    g->periods[g->nperiods] = k;
    return (long)g->nperiods++;
}

int dg_link_add_period(dg_link *l, uint32_t p, long events, double positive,
                       double negative)
{
    uint32_t i = 0;
    while (i < l->nseries && l->series[i].period != p)
        i++;
    if (i == l->nseries) {
        if (l->nseries == l->capseries) {
            uint32_t cap = l->capseries ? l->capseries * 2 : 4;
            dg_period_stat *q = realloc(l->series, cap * sizeof *q);
            if (!q)
                return DG_ENOMEM;
            l->series = q;
            l->capseries = cap;
        }
        l->series[i] = (dg_period_stat){p, 0, 0, 0};
        l->nseries++;
    }
    l->series[i].events += events;
    l->series[i].positive += positive;
    l->series[i].negative += negative;
    return DG_OK;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int cmp_stat(const void *a, const void *b)
{
    const dg_period_stat *x = a, *y = b;
    return (x->period > y->period) - (x->period < y->period);
}

/* Periods in time order (their keys sort as text), and each link's series
 * with them. */
static int sort_periods(dg_graph *g)
{
    if (g->nperiods < 1)
        return DG_OK;
    char **sorted = malloc(g->nperiods * sizeof *sorted);
    uint32_t *rank = malloc(g->nperiods * sizeof *rank);
    if (!sorted || !rank) {
        free(sorted);
        free(rank);
        return DG_ENOMEM;
    }
    memcpy(sorted, g->periods, g->nperiods * sizeof *sorted);
    qsort(sorted, g->nperiods, sizeof *sorted, cmp_str);
    for (size_t i = 0; i < g->nperiods; i++) /* few: a search each */
        for (size_t j = 0; j < g->nperiods; j++)
            if (g->periods[i] == sorted[j])
                rank[i] = (uint32_t)j;
    for (size_t i = 0; i < g->nlinks; i++) {
        dg_link *l = &g->links[i];
        if (!l->nseries) /* qsort of a NULL array is undefined */
            continue;
        for (uint32_t k = 0; k < l->nseries; k++)
            l->series[k].period = rank[l->series[k].period];
        qsort(l->series, l->nseries, sizeof *l->series, cmp_stat);
    }
    memcpy(g->periods, sorted, g->nperiods * sizeof *sorted);
    free(sorted);
    free(rank);
    return DG_OK;
}

int dg_graph_new(dg_graph **out, const dg_lexicon *lx,
                 const dg_graph_options *o, dg_error *err)
{
    if (!out || !lx)
        return dg_error_set(err, DG_EINVAL, NULL, 0,
                            "dg_graph_new: no graph pointer or no lexicon");
    if (lx->dirty) /* a load failed: its tables are not built */
        return dg_error_set(err, DG_EINVAL, NULL, 0,
                            "dg_graph_new: the lexicon is unfinished (a load "
                            "failed)");
    dg_graph *g = calloc(1, sizeof *g);
    if (!g)
        return dg_error_set(err, DG_ENOMEM, NULL, 0, "out of memory");
    g->lx = lx;
    if (o)
        g->opt = *o;
    else
        dg_graph_options_init(&g->opt);
    if (g->opt.evidence < 0)
        g->opt.evidence = 0;
    dg_date since, until;
    if ((g->opt.since && dg_date_parse(g->opt.since, &since) != 0) ||
        (g->opt.until && dg_date_parse(g->opt.until, &until) != 0)) {
        free(g);
        return DG_EINVAL;
    }
    g->since = g->opt.since ? dg_date_first_day(since) : 0;
    g->until = g->opt.until ? dg_date_last_day(until) : 0;
    g->opt.since = g->opt.until = NULL; /* the caller's strings */
    g->mentions = calloc(lx->nactors + 1, sizeof *g->mentions);
    g->nslots = 256;
    g->slots = malloc(g->nslots * sizeof *g->slots);
    if (!g->mentions || !g->slots) {
        dg_graph_free(g);
        return dg_error_set(err, DG_ENOMEM, NULL, 0, "out of memory");
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
    free(e->date);
}

void dg_graph_free(dg_graph *g)
{
    if (!g)
        return;
    for (size_t i = 0; i < g->nlinks; i++) {
        for (int k = 0; k < g->links[i].nev; k++)
            evidence_free(&g->links[i].ev[k]);
        free(g->links[i].ev);
        free(g->links[i].series);
    }
    free(g->links);
    for (size_t i = 0; i < g->nperiods; i++)
        free(g->periods[i]);
    free(g->periods);
    free(g->slots);
    free(g->mentions);
    free(g->nodes);
    free(g->node_of);
    free(g->order);
    free(g->metric);
    free(g->community);
    free(g->period_pagerank);
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

int dg_graph_add_mentions(dg_graph *g, const dg_extractor *x, dg_error *err)
{
    size_t n;
    if (!g || !x)
        return dg_error_set(err, DG_EINVAL, NULL, 0,
                            "dg_graph_add_mentions: no graph or extractor");
    const unsigned long *m = dg_extractor_mention_counts(x, &n);
    if (n != g->lx->nactors)
        return dg_error_set(err, DG_EINVAL, NULL, 0,
                            "dg_graph_add_mentions: the extractor's lexicon "
                            "is not the graph's");
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

int dg_graph_offer_evidence_copy(dg_graph *g, dg_link *l,
                                 const dg_evidence *e)
{
    dg_evidence cand = *e;
    cand.doc = dg_strdup(e->doc ? e->doc : "");
    cand.text = dg_strdup(e->text ? e->text : "");
    cand.trigger = dg_strdup(e->trigger ? e->trigger : "");
    cand.date = e->date ? dg_strdup(e->date) : NULL;
    if (!cand.doc || !cand.text || !cand.trigger || (e->date && !cand.date)) {
        evidence_free(&cand);
        return DG_ENOMEM;
    }
    return dg_graph_offer_evidence(g, l, &cand);
}

static int keep_evidence(dg_graph *g, dg_link *l, const dg_event *ev, int ci)
{
    int cap = g->opt.evidence;
    if (cap == 0)
        return DG_OK;
    /* compared before anything is copied: most events are not kept. The
     * category is the library's own copy of the name: ev's strings die
     * with the callback */
    dg_evidence cand = {.doc = (char *)(ev->doc ? ev->doc : ""),
                        .text = (char *)(ev->text ? ev->text : ""),
                        .trigger = (char *)(ev->trigger ? ev->trigger : ""),
                        .category = dg_plover_classes[ci],
                        .sentence = ev->sentence,
                        .polarity = ev->polarity,
                        .weight = ev->weight,
                        .seq = g->seq};
    if (l->nev == cap && dg_evidence_cmp(&cand, &l->ev[cap - 1]) >= 0)
        return DG_OK;
    cand.doc = dg_strdup(cand.doc);
    cand.text = dg_strdup(cand.text);
    cand.trigger = dg_strdup(cand.trigger);
    cand.date = ev->date ? dg_strdup(ev->date) : NULL;
    if (!cand.doc || !cand.text || !cand.trigger || (ev->date && !cand.date)) {
        evidence_free(&cand);
        return DG_ENOMEM;
    }
    return dg_graph_offer_evidence(g, l, &cand);
}

static int add_directed(dg_graph *g, int32_t s, int32_t t, const dg_event *ev,
                        int ci, long period)
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
    if (ci < DG_NCLASSES)
        l->classes[ci]++;
    if (period >= 0 &&
        dg_link_add_period(l, (uint32_t)period, 1,
                           ev->weight > 0 ? ev->weight : 0,
                           ev->weight < 0 ? -ev->weight : 0) != DG_OK)
        return DG_ENOMEM;
    return keep_evidence(g, l, ev, ci);
}

int dg_graph_add_event(dg_graph *g, const dg_event *ev, dg_error *err)
{
    if (!g || !ev || !ev->source || !ev->target || !ev->category)
        return dg_error_set(err, DG_EINVAL, ev && ev->doc ? ev->doc : NULL, 0,
                            "dg_graph_add_event: no graph, no event, or an "
                            "event without source, target or category");
    int ci = dg_plover_class_index(ev->category);
    if (ci < 0)
        return dg_error_set(err, DG_EINVAL, ev->doc, 0,
                            "dg_graph_add_event: \"%.100s\" is not a PLOVER "
                            "category",
                            ev->category);
    if (ev->negated && !g->opt.include_negated)
        return DG_OK;
    if (g->since || g->until) { /* --since, --until */
        dg_date d;
        if (!ev->date || dg_date_parse(ev->date, &d) != 0 ||
            (g->since && dg_date_last_day(d) < g->since) ||
            (g->until && dg_date_first_day(d) > g->until))
            return DG_OK;
    }
    long s = dg_lexicon_find_actor(g->lx, ev->source);
    long t = dg_lexicon_find_actor(g->lx, ev->target);
    if (s < 0 || t < 0 || s == t)
        return DG_OK; /* not a link of this graph: skipped */
    g->seq++;
    g->events++;
    long period = -1;
    if (g->opt.slice != DG_SLICE_NONE) {
        char key[16];
        if (dg_period_of(ev->date, g->opt.slice, key, sizeof key)) {
            if ((period = dg_graph_period(g, key)) < 0)
                return dg_error_set(err, DG_ENOMEM, ev->doc, 0,
                                    "out of memory");
        } else {
            g->undated++;
        }
    }
    int rc = add_directed(g, (int32_t)s, (int32_t)t, ev, ci, period);
    if (rc == DG_OK && ev->mutual)
        rc = add_directed(g, (int32_t)t, (int32_t)s, ev, ci, period);
    g->built = g->built ? 2 : 0; /* adding after finish needs a rebuild */
    if (rc != DG_OK)
        return dg_error_set(err, rc, ev->doc, 0, "out of memory");
    return DG_OK;
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

static int finish(dg_graph *g);

int dg_graph_finish(dg_graph *g, dg_error *err)
{
    if (!g)
        return dg_error_set(err, DG_EINVAL, NULL, 0,
                            "dg_graph_finish: no graph");
    int rc = finish(g);
    if (rc != DG_OK)
        return dg_error_set(err, rc, NULL, 0, "out of memory");
    return DG_OK;
}

static int finish(dg_graph *g)
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
    free(g->period_pagerank);
    g->period_pagerank = NULL;
    if (sort_periods(g) != DG_OK)
        return DG_ENOMEM;
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

int dg_graph_link(const dg_graph *g, size_t i, dg_link_info *out, dg_error *err)
{
    if (!g || !out)
        return dg_error_set(err, DG_EINVAL, NULL, 0,
                            "dg_graph_link: no graph or no link info");
    if (g->built != 1 || !g->order) /* not finished, or events added since */
        return dg_error_set(err, DG_EINVAL, NULL, 0,
                            "call dg_graph_finish before dg_graph_link");
    if (i >= g->nlinks)
        return dg_error_set(err, DG_EINVAL, NULL, 0,
                            "dg_graph_link: link %zu of %zu", i, g->nlinks);
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
        if (dg_graph_link(g, i, &li, NULL) == DG_OK &&
            strcmp(li.source, source) == 0 && strcmp(li.target, target) == 0)
            return (long)i;
    return -1;
}
