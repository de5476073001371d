/* analyze.c -- the analysis stage: node metrics, communities on the
 * cooperative layer, signed balance of triads, strongest and mixed
 * dyads, and the filters applied before them (focus, minimum events or
 * weight, actor type). Every figure is computed by igraph; the methods
 * and parameters are documented in docs/report.md.
 *
 * Distances: an edge's length is 1 / max(1, positive + negative), so
 * actors that interact more are closer. Weights for PageRank,
 * eigenvector and hub/authority scores are the interaction intensity
 * max(1, positive + negative) (these methods need non-negative weights).
 */
#include "graph_internal.h"
#include "analyze.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *const dg_metric_names[DG_NMETRICS] = {
    "betweenness", "harmonic", "pagerank", "eigenvector", "hub", "authority"};

double dg_link_intensity(const dg_link *l)
{
    double v = l->positive + l->negative;
    return v < 1 ? 1 : v;
}

double *dg_node_sums(const dg_graph *g)
{
    double *sums = calloc(DG_NSUMS * g->nnodes + 1, sizeof *sums);
    if (!sums)
        return NULL;
    for (size_t k = 0; k < g->nlinks; k++) {
        const dg_link *l = &g->links[k];
        size_t s = (size_t)g->node_of[l->s], t = (size_t)g->node_of[l->t];
        sums[DG_NSUMS * s + DG_SUM_COOP_GIVEN] += l->positive;
        sums[DG_NSUMS * s + DG_SUM_CONFLICT_GIVEN] += l->negative;
        sums[DG_NSUMS * t + DG_SUM_COOP_RECEIVED] += l->positive;
        sums[DG_NSUMS * t + DG_SUM_CONFLICT_RECEIVED] += l->negative;
    }
    return sums;
}

double dg_graph_metric(const dg_graph *g, size_t node, int metric)
{
    if (!g->metric || node >= g->nnodes || metric < 0 || metric >= DG_NMETRICS)
        return NAN;
    return g->metric[node * DG_NMETRICS + (size_t)metric];
}

/* Louvain on the cooperative layer: an undirected graph joining a and b
 * with weight max(0, w(a->b)) + max(0, w(b->a)) where that is positive. */
static int communities(dg_graph *g)
{
    size_t n = g->nnodes;
    igraph_vector_int_t edges, membership;
    igraph_vector_t weights, modularity;
    igraph_t coop;
    int rc = DG_ENOMEM;

    g->community = malloc((n + 1) * sizeof *g->community);
    if (!g->community)
        return DG_ENOMEM;
    for (size_t i = 0; i < n; i++)
        g->community[i] = -1;
    g->ncommunities = 0;
    g->modularity = 0;

    if (igraph_vector_int_init(&edges, 0))
        return DG_ENOMEM;
    if (igraph_vector_init(&weights, 0)) {
        igraph_vector_int_destroy(&edges);
        return DG_ENOMEM;
    }
    /* one undirected edge per pair: visit a->b, and add b->a to it */
    for (size_t k = 0; k < g->nlinks; k++) {
        const dg_link *l = dg_graph_edge(g, k);
        int32_t a = g->node_of[l->s], b = g->node_of[l->t];
        double w = l->positive - l->negative;
        double co = w > 0 ? w : 0;
        long back = dg_graph_find_link_raw(g, l->t, l->s);
        if (back >= 0) {
            if (a > b)
                continue; /* counted from the other direction */
            double wb = g->links[back].positive - g->links[back].negative;
            co += wb > 0 ? wb : 0;
        }
        if (co <= 0)
            continue;
        if (igraph_vector_int_push_back(&edges, a) ||
            igraph_vector_int_push_back(&edges, b) ||
            igraph_vector_push_back(&weights, co))
            goto out;
    }
    if (igraph_create(&coop, &edges, (igraph_integer_t)n, IGRAPH_UNDIRECTED))
        goto out;
    if (igraph_vector_int_init(&membership, 0)) {
        igraph_destroy(&coop);
        goto out;
    }
    if (igraph_vector_init(&modularity, 0)) {
        igraph_vector_int_destroy(&membership);
        igraph_destroy(&coop);
        goto out;
    }
    rc = DG_OK;
    if (igraph_ecount(&coop) > 0) {
        /* Louvain visits nodes in random order: the generator restarts
         * from the fixed seed (process.c), so the partition is
         * reproducible */
        dg_igraph_reseed();
        if (igraph_community_multilevel(&coop, &weights, 1.0, &membership, NULL,
                                        &modularity))
            rc = DG_ENOMEM;
        if (rc == DG_OK) {
            /* nodes without cooperative ties stay outside (-1); labels are
             * renumbered in node order so they do not depend on Louvain */
            igraph_vector_int_t deg;
            igraph_vector_int_init(&deg, 0);
            igraph_degree(&coop, &deg, igraph_vss_all(), IGRAPH_ALL,
                          IGRAPH_NO_LOOPS);
            long *relabel = malloc((n + 1) * sizeof *relabel);
            if (!relabel)
                rc = DG_ENOMEM;
            for (size_t i = 0; relabel && i < n; i++)
                relabel[i] = -1;
            for (size_t i = 0; relabel && i < n; i++) {
                if (VECTOR(deg)[i] == 0)
                    continue;
                igraph_integer_t c = VECTOR(membership)[i];
                if (relabel[c] < 0)
                    relabel[c] = (long)g->ncommunities++;
                g->community[i] = (int32_t)relabel[c];
            }
            free(relabel);
            igraph_vector_int_destroy(&deg);
            if (igraph_vector_size(&modularity) > 0)
                g->modularity = igraph_vector_tail(&modularity);
        }
    }
    igraph_vector_destroy(&modularity);
    igraph_vector_int_destroy(&membership);
    igraph_destroy(&coop);
out:
    igraph_vector_destroy(&weights);
    igraph_vector_int_destroy(&edges);
    return rc;
}

static void copy_metric(dg_graph *g, const igraph_vector_t *res, int k)
{
    for (size_t i = 0; i < g->nnodes; i++)
        g->metric[i * DG_NMETRICS + (size_t)k] = VECTOR(*res)[i];
}

/* Run an ARPACK-based metric, retrying with more iterations; NAN for all
 * nodes when it still does not converge (some graphs have no dominant
 * eigenvector), so that the other figures are kept. */
static int arpack_metric(dg_graph *g, const igraph_vector_t *inten,
                         int which)
{
    igraph_vector_t a, b;
    igraph_real_t value;
    int rc = 1;
    igraph_vector_init(&a, 0);
    igraph_vector_init(&b, 0);
    for (int attempt = 0; attempt < 2 && rc; attempt++) {
        igraph_arpack_options_t ao;
        igraph_arpack_options_init(&ao);
        ao.mxiter = attempt ? 100000 : 3000;
        if (which == DG_M_EIGENVECTOR)
            rc = igraph_eigenvector_centrality(&g->ig, &a, &value, 1, 1,
                                               inten, &ao) != 0;
        else
            rc = igraph_hub_and_authority_scores(&g->ig, &a, &b, &value, 1,
                                                 inten, &ao) != 0;
    }
    for (size_t i = 0; i < g->nnodes; i++) {
        double *row = &g->metric[i * DG_NMETRICS];
        if (which == DG_M_EIGENVECTOR) {
            row[DG_M_EIGENVECTOR] = rc ? NAN : VECTOR(a)[i];
        } else {
            row[DG_M_HUB] = rc ? NAN : VECTOR(a)[i];
            row[DG_M_AUTHORITY] = rc ? NAN : VECTOR(b)[i];
        }
    }
    igraph_vector_destroy(&a);
    igraph_vector_destroy(&b);
    return rc;
}

/* PageRank per period of a sliced graph: the same definition as the
 * whole graph's, over the intensities of each link's events in the period
 * (a link without events then weighs 0, which PageRank leaves out). Under
 * the igraph lock; inten and res are scratch vectors of the caller. */
static int period_pagerank(dg_graph *g, igraph_vector_t *inten,
                           igraph_vector_t *res)
{
    size_t n = g->nnodes, m = g->nlinks;
    free(g->period_pagerank);
    g->period_pagerank = calloc(g->nperiods * n + 1, sizeof *g->period_pagerank);
    if (!g->period_pagerank)
        return DG_ENOMEM;
    for (size_t p = 0; p < g->nperiods; p++) {
        for (size_t k = 0; k < m; k++) {
            const dg_link *l = dg_graph_edge(g, k);
            double w = 0;
            for (uint32_t i = 0; i < l->nseries; i++)
                if (l->series[i].period == p) {
                    w = l->series[i].positive + l->series[i].negative;
                    w = w < 1 ? 1 : w;
                }
            VECTOR(*inten)[k] = w;
        }
        igraph_real_t value;
        if (igraph_pagerank(&g->ig, IGRAPH_PAGERANK_ALGO_PRPACK, res, &value,
                            igraph_vss_all(), 1, 0.85, inten, NULL) != 0)
            return DG_ENOMEM;
        for (size_t i = 0; i < n; i++)
            g->period_pagerank[p * n + i] = dg_round(VECTOR(*res)[i]);
    }
    return DG_OK;
}

int dg_graph_analyze(dg_graph *g, dg_error *err)
{
    if (!g)
        return dg_error_set(err, DG_EINVAL, NULL, 0,
                            "dg_graph_analyze: no graph");
    if (g->built != 1)
        return dg_error_set(err, DG_EINVAL, NULL, 0,
                            "call dg_graph_finish before dg_graph_analyze");
    size_t n = g->nnodes, m = g->nlinks;
    free(g->metric);
    free(g->community);
    g->community = NULL;
    g->metric = calloc(n * DG_NMETRICS + 1, sizeof *g->metric);
    if (!g->metric)
        return dg_error_set(err, DG_ENOMEM, NULL, 0, "out of memory");
    /* igraph errors come back as return codes (process.c sets igraph's
     * handlers up once for the process) */
    dg_igraph_lock();
    /* ARPACK (eigenvector, hub, authority) starts from a random vector
     * drawn from igraph's generator: when the leading eigenvalue is not
     * simple the result depends on it, so it is seeded here and the same
     * graph gives the same figures on every analysis (a second one in the
     * process, a graph loaded back from its JSON: tests/fuzz/
     * fuzz_roundtrip.c) */
    dg_igraph_reseed();
    igraph_vector_t dist, inten, res;
    igraph_vector_init(&dist, (igraph_integer_t)m);
    igraph_vector_init(&inten, (igraph_integer_t)m);
    igraph_vector_init(&res, 0);
    for (size_t k = 0; k < m; k++) {
        double w = dg_link_intensity(dg_graph_edge(g, k));
        VECTOR(inten)[k] = w;
        VECTOR(dist)[k] = 1.0 / w;
    }
    int bad = 0;
    igraph_real_t value;
    if (n > 0) {
        bad |= igraph_betweenness(&g->ig, &res, igraph_vss_all(), 1, &dist) != 0;
        if (!bad)
            copy_metric(g, &res, DG_M_BETWEENNESS);
        bad |= igraph_harmonic_centrality(&g->ig, &res, igraph_vss_all(),
                                          IGRAPH_IN, &dist, 0) != 0;
        if (!bad)
            copy_metric(g, &res, DG_M_HARMONIC);
        bad |= igraph_pagerank(&g->ig, IGRAPH_PAGERANK_ALGO_PRPACK, &res,
                               &value, igraph_vss_all(), 1, 0.85, &inten,
                               NULL) != 0;
        if (!bad)
            copy_metric(g, &res, DG_M_PAGERANK);
        if (m > 0 && !bad) {
            /* non-convergence leaves these NAN (null in the outputs) */
            arpack_metric(g, &inten, DG_M_EIGENVECTOR);
            arpack_metric(g, &inten, DG_M_HUB);
        }
    }
    if (!bad && n > 0 && g->nperiods > 0)
        bad = period_pagerank(g, &inten, &res) != DG_OK;
    igraph_vector_destroy(&dist);
    igraph_vector_destroy(&inten);
    igraph_vector_destroy(&res);
    if (!bad && communities(g) != DG_OK)
        bad = 1;
    dg_igraph_unlock();
    if (bad) {
        free(g->metric);
        g->metric = NULL;
        free(g->community);
        g->community = NULL;
        free(g->period_pagerank);
        g->period_pagerank = NULL;
        return dg_error_set(err, DG_ENOMEM, NULL, 0,
                            "igraph could not compute the metrics");
    }
    return DG_OK;
}

/* ---- signed balance ---------------------------------------------------- */

/* The sign of the relation between nodes a and b, both directions
 * together: sign(w(a->b) + w(b->a)), 0 when there is no link. */
static int pair_sign(const dg_graph *g, int32_t a, int32_t b)
{
    double w = 0;
    long l1 = dg_graph_find_link_raw(g, g->nodes[a], g->nodes[b]);
    long l2 = dg_graph_find_link_raw(g, g->nodes[b], g->nodes[a]);
    if (l1 >= 0)
        w += g->links[l1].positive - g->links[l1].negative;
    if (l2 >= 0)
        w += g->links[l2].positive - g->links[l2].negative;
    return (w > 0) - (w < 0);
}

static int cmp_triads(const void *a, const void *b)
{
    const dg_triad *x = a, *y = b;
    for (int k = 0; k < 3; k++)
        if (x->node[k] != y->node[k])
            return x->node[k] < y->node[k] ? -1 : 1;
    return 0;
}

static int balance(const dg_graph *g, dg_balance_result *out)
{
    igraph_t u;
    igraph_vector_int_t edges, tri;
    if (igraph_vector_int_init(&edges, 0))
        return DG_ENOMEM;
    for (size_t k = 0; k < g->nlinks; k++) {
        const dg_link *l = dg_graph_edge(g, k);
        int32_t a = g->node_of[l->s], b = g->node_of[l->t];
        long back = dg_graph_find_link_raw(g, l->t, l->s);
        if (back >= 0 && a > b)
            continue;
        if (pair_sign(g, a, b) == 0)
            continue; /* exactly balanced pairs carry no sign */
        igraph_vector_int_push_back(&edges, a);
        igraph_vector_int_push_back(&edges, b);
    }
    int rc = igraph_create(&u, &edges, (igraph_integer_t)g->nnodes,
                           IGRAPH_UNDIRECTED);
    igraph_vector_int_destroy(&edges);
    if (rc)
        return DG_ENOMEM;
    igraph_vector_int_init(&tri, 0);
    if (igraph_list_triangles(&u, &tri)) {
        igraph_vector_int_destroy(&tri);
        igraph_destroy(&u);
        return DG_ENOMEM;
    }
    size_t nt = (size_t)igraph_vector_int_size(&tri) / 3;
    out->unbalanced = malloc((nt + 1) * sizeof *out->unbalanced);
    if (!out->unbalanced) {
        igraph_vector_int_destroy(&tri);
        igraph_destroy(&u);
        return DG_ENOMEM;
    }
    for (size_t t = 0; t < nt; t++) {
        int32_t v[3];
        for (int k = 0; k < 3; k++)
            v[k] = (int32_t)VECTOR(tri)[3 * t + (size_t)k];
        /* sort the three nodes so the listing is deterministic */
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 2 - i; j++)
                if (v[j] > v[j + 1]) {
                    int32_t x = v[j];
                    v[j] = v[j + 1];
                    v[j + 1] = x;
                }
        int s = pair_sign(g, v[0], v[1]) * pair_sign(g, v[1], v[2]) *
                pair_sign(g, v[0], v[2]);
        out->triads++;
        if (s > 0)
            out->balanced++;
        else {
            dg_triad *tr = &out->unbalanced[out->nunbalanced++];
            memcpy(tr->node, v, sizeof v);
            tr->sign[0] = pair_sign(g, v[0], v[1]);
            tr->sign[1] = pair_sign(g, v[1], v[2]);
            tr->sign[2] = pair_sign(g, v[0], v[2]);
        }
    }
    igraph_vector_int_destroy(&tri);
    igraph_destroy(&u);
    /* order the unbalanced triads by their nodes */
    qsort(out->unbalanced, out->nunbalanced, sizeof *out->unbalanced,
          cmp_triads);
    return DG_OK;
}

int dg_balance(const dg_graph *g, dg_balance_result *out)
{
    memset(out, 0, sizeof *out);
    dg_igraph_lock();
    int rc = balance(g, out);
    dg_igraph_unlock();
    return rc;
}

void dg_balance_free(dg_balance_result *b)
{
    free(b->unbalanced);
    b->unbalanced = NULL;
}

int dg_link_is_mixed(const dg_link *l)
{
    double total = l->positive + l->negative;
    return total > 0 && l->positive >= DG_MIXED_SHARE * total &&
           l->negative >= DG_MIXED_SHARE * total;
}

/* ---- filters ------------------------------------------------------------ */

void dg_filter_init(dg_filter *f)
{
    memset(f, 0, sizeof *f);
    f->depth = 1;
    f->actors = DG_ACTORS_ALL;
}

static int link_kept(const dg_graph *g, const dg_link *l, const dg_filter *f)
{
    if (l->events < f->min_events)
        return 0;
    if (fabs(l->positive - l->negative) < f->min_weight)
        return 0;
    int ts = g->lx->actors[l->s].type, tt = g->lx->actors[l->t].type;
    if (f->actors == DG_ACTORS_STATES &&
        (ts != DG_ACTOR_STATE || tt != DG_ACTOR_STATE))
        return 0;
    if (f->actors == DG_ACTORS_ORGANIZATIONS &&
        (ts != DG_ACTOR_ORGANIZATION || tt != DG_ACTOR_ORGANIZATION))
        return 0;
    return 1;
}

/* What copy_link allocated for d, when it fails before d is counted in
 * dst (dg_graph_free would not see it). */
static int copy_failed(dg_link *d, int nev)
{
    for (int k = 0; k < nev; k++) {
        free(d->ev[k].doc);
        free(d->ev[k].text);
        free(d->ev[k].trigger);
        free(d->ev[k].date);
    }
    free(d->ev);
    free(d->series);
    return DG_ENOMEM;
}

static int copy_link(dg_graph *dst, const dg_link *l)
{
    if (dst->nlinks == dst->caplinks) {
        size_t cap = dst->caplinks ? dst->caplinks * 2 : 64;
        dg_link *p = realloc(dst->links, cap * sizeof *p);
        if (!p)
            return DG_ENOMEM;
        dst->links = p;
        dst->caplinks = cap;
    }
    dg_link *d = &dst->links[dst->nlinks];
    *d = *l;
    d->series = NULL; /* the source's series: the same period indices */
    d->nseries = d->capseries = 0;
    d->ev = calloc((size_t)(l->nev > 0 ? l->nev : 1), sizeof *d->ev);
    if (!d->ev)
        return DG_ENOMEM;
    for (int e = 0; e < l->nev; e++) {
        d->ev[e] = l->ev[e];
        d->ev[e].doc = dg_strdup(l->ev[e].doc);
        d->ev[e].text = dg_strdup(l->ev[e].text);
        d->ev[e].trigger = dg_strdup(l->ev[e].trigger);
        d->ev[e].date = l->ev[e].date ? dg_strdup(l->ev[e].date) : NULL;
        if (!d->ev[e].doc || !d->ev[e].text || !d->ev[e].trigger ||
            (l->ev[e].date && !d->ev[e].date))
            return copy_failed(d, e + 1);
    }
    for (uint32_t i = 0; i < l->nseries; i++)
        if (dg_link_add_period(d, l->series[i].period, l->series[i].events,
                               l->series[i].positive,
                               l->series[i].negative) != DG_OK)
            return copy_failed(d, l->nev);
    dst->nlinks++;
    return dg_graph_index_link(dst, dst->nlinks - 1);
}

int dg_graph_filter(const dg_graph *g, const dg_filter *f, dg_graph **out,
                    dg_error *err)
{
    if (!g || !f || !out)
        return dg_error_set(err, DG_EINVAL, NULL, 0,
                            "dg_graph_filter: no graph, filter or out pointer");
    if (g->built != 1)
        return dg_error_set(err, DG_EINVAL, NULL, 0,
                            "call dg_graph_finish before dg_graph_filter");
    const dg_lexicon *lx = g->lx;
    long focus = -1;
    if (f->focus && *f->focus) {
        focus = dg_lexicon_find_actor(lx, f->focus);
        if (focus < 0 || g->node_of[focus] < 0)
            return dg_error_set(err, DG_EINVAL, NULL, 0,
                                "--focus %s: no such actor in the graph (ids "
                                "are ISO alpha-3 codes or acronyms, e.g. "
                                "ARM, EU)", f->focus);
    }
    /* links that pass the link filters */
    char *keep = calloc(g->nlinks + 1, 1);
    /* ego network: breadth-first over kept links, ignoring direction */
    long *dist = malloc((lx->nactors + 1) * sizeof *dist);
    if (!keep || !dist) {
        free(keep);
        free(dist);
        return dg_error_set(err, DG_ENOMEM, NULL, 0, "out of memory");
    }
    for (size_t k = 0; k < g->nlinks; k++)
        keep[k] = (char)link_kept(g, &g->links[k], f);
    for (size_t a = 0; a < lx->nactors; a++)
        dist[a] = focus < 0 ? 0 : -1;
    if (focus >= 0) {
        dist[focus] = 0;
        for (int d = 0; d < f->depth; d++)
            for (size_t k = 0; k < g->nlinks; k++) {
                const dg_link *l = &g->links[k];
                if (!keep[k])
                    continue;
                if (dist[l->s] == d && dist[l->t] < 0)
                    dist[l->t] = d + 1;
                if (dist[l->t] == d && dist[l->s] < 0)
                    dist[l->s] = d + 1;
            }
    }
    dg_graph *h = NULL;
    int rc = dg_graph_new(&h, lx, &g->opt, NULL);
    /* the same periods in the same order, so that series copy as they are */
    for (size_t p = 0; rc == DG_OK && p < g->nperiods; p++)
        if (dg_graph_period(h, g->periods[p]) < 0)
            rc = DG_ENOMEM;
    if (rc == DG_OK)
        h->undated = g->undated;
    for (size_t k = 0; rc == DG_OK && k < g->nlinks; k++) {
        const dg_link *l = &g->links[k];
        if (keep[k] && dist[l->s] >= 0 && dist[l->t] >= 0)
            rc = copy_link(h, l);
    }
    free(keep);
    free(dist);
    if (rc == DG_OK) {
        memcpy(h->mentions, g->mentions, lx->nactors * sizeof *h->mentions);
        h->events = g->events;
        h->documents = g->documents;
        h->seq = g->seq;
        rc = dg_graph_finish(h, NULL);
    }
    if (rc != DG_OK) {
        dg_graph_free(h);
        return dg_error_set(err, DG_ENOMEM, NULL, 0, "out of memory");
    }
    *out = h;
    return DG_OK;
}
