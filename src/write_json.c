/* write_json.c -- the graph as node-link JSON (the form D3 and networkx's
 * node_link_graph read), built with cJSON. Schema: docs/graph-json.md.
 *
 * Node metrics (degrees, strengths) come from igraph. Key order, node
 * order and link order are fixed, so the same input gives the same bytes.
 */
#define _POSIX_C_SOURCE 200809L /* open_memstream */
#include "graph_internal.h"
#include "analyze.h"
#include "write_internal.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A number as cJSON prints it ("%d" for an int, else "%1.15g", or
 * "%1.17g" when that does not read back), written without printf for the
 * values a graph mostly holds: integers and decimals of up to 6 places
 * between 1e-4 and 1e9 in magnitude, where those formats give the same
 * digits (no exponent, at most 15 significant digits). Returns 0 for
 * other values, which cJSON prints. Formatting numbers was most of the
 * time of writing a large graph. */
int dg_json_fast_number(double v, char *buf, size_t size)
{
    static const double scale[] = {1, 10, 100, 1e3, 1e4, 1e5, 1e6};
    if (size < 32 || !(v > -1e9 && v < 1e9))
        return 0;
    if (v != 0 && v > -1e-4 && v < 1e-4)
        return 0;
    if (v == 0 && signbit(v))
        return 0; /* cJSON prints "-0" */
    for (int d = 0; d <= 6; d++) {
        double x = v * scale[d];
        long long k = (long long)(x < 0 ? x - 0.5 : x + 0.5);
        if ((double)k / scale[d] != v)
            continue;
        char digits[24];
        int nd = 0;
        unsigned long long u = k < 0 ? (unsigned long long)-k
                                     : (unsigned long long)k;
        do {
            digits[nd++] = (char)('0' + u % 10);
            u /= 10;
        } while (u);
        while (nd <= d) /* 0.05: a zero before the point */
            digits[nd++] = '0';
        size_t o = 0;
        if (k < 0)
            buf[o++] = '-';
        for (int i = nd - 1; i >= 0; i--) {
            buf[o++] = digits[i];
            if (i == d && d > 0)
                buf[o++] = '.';
        }
        buf[o] = '\0';
        return 1;
    }
    return 0;
}

/* Before a tree is printed: its numbers that dg_json_fast_number writes
 * become raw items holding that text, so that cJSON_Print copies them.
 * Only for trees about to be printed and freed: the other formats read
 * numbers from the tree (valuedouble), which a raw item does not have. */
static int numbers_to_raw(cJSON *it)
{
    for (; it; it = it->next) {
        char buf[32];
        if (cJSON_IsNumber(it)) {
            if (!dg_json_fast_number(it->valuedouble, buf, sizeof buf))
                continue;
            char *r = malloc(strlen(buf) + 1);
            if (!r)
                return 0;
            memcpy(r, buf, strlen(buf) + 1);
            it->type = cJSON_Raw;
            it->valuestring = r;
        } else if (it->child && !numbers_to_raw(it->child)) {
            return 0;
        }
    }
    return 1;
}

/* Per-node figures from igraph: degrees and signed strengths. */
typedef struct node_stats {
    igraph_vector_int_t indeg, outdeg;
    igraph_vector_t instr, outstr;
} node_stats;

static int stats_compute(const dg_graph *g, node_stats *st)
{
    if (igraph_vector_int_init(&st->indeg, 0) ||
        igraph_vector_int_init(&st->outdeg, 0) ||
        igraph_vector_init(&st->instr, 0) || igraph_vector_init(&st->outstr, 0))
        return DG_ENOMEM;
    if (igraph_degree(&g->ig, &st->indeg, igraph_vss_all(), IGRAPH_IN,
                      IGRAPH_LOOPS) ||
        igraph_degree(&g->ig, &st->outdeg, igraph_vss_all(), IGRAPH_OUT,
                      IGRAPH_LOOPS) ||
        igraph_strength(&g->ig, &st->instr, igraph_vss_all(), IGRAPH_IN,
                        IGRAPH_LOOPS, &g->weights) ||
        igraph_strength(&g->ig, &st->outstr, igraph_vss_all(), IGRAPH_OUT,
                        IGRAPH_LOOPS, &g->weights))
        return DG_ENOMEM;
    return DG_OK;
}

static int stats_init(const dg_graph *g, node_stats *st)
{
    memset(st, 0, sizeof *st);
    dg_igraph_lock();
    int rc = stats_compute(g, st);
    dg_igraph_unlock();
    return rc;
}

static void stats_free(node_stats *st)
{
    dg_igraph_lock();
    igraph_vector_int_destroy(&st->indeg);
    igraph_vector_int_destroy(&st->outdeg);
    igraph_vector_destroy(&st->instr);
    igraph_vector_destroy(&st->outstr);
    dg_igraph_unlock();
}

/* A sliced link's "series": its events per period, in time order. */
static void link_series_json(const dg_graph *g, const dg_link *l, cJSON *o)
{
    cJSON *a = cJSON_AddArrayToObject(o, "series");
    for (uint32_t i = 0; i < l->nseries; i++) {
        const dg_period_stat *p = &l->series[i];
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "period", g->periods[p->period]);
        cJSON_AddNumberToObject(e, "events", (double)p->events);
        cJSON_AddNumberToObject(e, "positive", p->positive);
        cJSON_AddNumberToObject(e, "negative", p->negative);
        cJSON_AddNumberToObject(e, "weight", p->positive - p->negative);
        cJSON_AddItemToArray(a, e);
    }
}

/* Per node and period of a sliced graph: degrees and net strengths from
 * the links' series, at [(p * nnodes + i) * 4 + k], k = in-degree,
 * out-degree, in-strength, out-strength. NULL when out of memory. */
static double *period_stats(const dg_graph *g)
{
    size_t n = g->nnodes;
    double *v = calloc(g->nperiods * n * 4 + 1, sizeof *v);
    if (!v)
        return NULL;
    for (size_t k = 0; k < g->nlinks; k++) {
        const dg_link *l = &g->links[k];
        size_t s = (size_t)g->node_of[l->s], t = (size_t)g->node_of[l->t];
        for (uint32_t i = 0; i < l->nseries; i++) {
            const dg_period_stat *p = &l->series[i];
            double net = p->positive - p->negative;
            double *vs = &v[(p->period * n + s) * 4];
            double *vt = &v[(p->period * n + t) * 4];
            vt[0] += 1;
            vs[1] += 1;
            vt[2] += net;
            vs[3] += net;
        }
    }
    return v;
}

/* A sliced node's "series": the periods in which it has a link. */
static void node_series_json(const dg_graph *g, const double *ps, size_t i,
                             cJSON *o)
{
    size_t n = g->nnodes;
    cJSON *a = cJSON_AddArrayToObject(o, "series");
    for (size_t p = 0; p < g->nperiods; p++) {
        const double *v = &ps[(p * n + i) * 4];
        if (v[0] + v[1] == 0)
            continue;
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "period", g->periods[p]);
        cJSON_AddNumberToObject(e, "in_degree", v[0]);
        cJSON_AddNumberToObject(e, "out_degree", v[1]);
        cJSON_AddNumberToObject(e, "in_strength", v[2]);
        cJSON_AddNumberToObject(e, "out_strength", v[3]);
        if (g->period_pagerank)
            cJSON_AddNumberToObject(e, "pagerank",
                                    g->period_pagerank[p * n + i]);
        cJSON_AddItemToArray(a, e);
    }
}

/* Link k (in output order) as a node-link "links" item. */
static cJSON *link_json(const dg_graph *g, size_t k)
{
    const dg_lexicon *lx = g->lx;
    const dg_link *l = &g->links[g->order[k]];
    double w = l->positive - l->negative;
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "source", lx->actors[l->s].id);
    cJSON_AddStringToObject(o, "target", lx->actors[l->t].id);
    cJSON_AddNumberToObject(o, "events", (double)l->events);
    cJSON_AddNumberToObject(o, "positive", l->positive);
    cJSON_AddNumberToObject(o, "negative", l->negative);
    cJSON_AddNumberToObject(o, "weight", w);
    cJSON_AddNumberToObject(o, "sign", (w > 0) - (w < 0));
    cJSON *cats = cJSON_AddObjectToObject(o, "categories");
    for (int c = 0; c < DG_NCLASSES; c++)
        if (l->classes[c])
            cJSON_AddNumberToObject(cats, dg_plover_classes[c],
                                    (double)l->classes[c]);
    cJSON *ev = cJSON_AddArrayToObject(o, "evidence");
    for (int e = 0; e < l->nev; e++) {
        const dg_evidence *x = &l->ev[e];
        cJSON *eo = cJSON_CreateObject();
        cJSON_AddStringToObject(eo, "doc", x->doc);
        if (x->date)
            cJSON_AddStringToObject(eo, "date", x->date);
        cJSON_AddNumberToObject(eo, "sentence", (double)x->sentence);
        cJSON_AddStringToObject(eo, "text", x->text);
        cJSON_AddNumberToObject(eo, "polarity", x->polarity);
        cJSON_AddNumberToObject(eo, "weight", x->weight);
        cJSON_AddStringToObject(eo, "category", x->category);
        cJSON_AddStringToObject(eo, "trigger", x->trigger);
        cJSON_AddItemToArray(ev, eo);
    }
    if (g->opt.slice != DG_SLICE_NONE)
        link_series_json(g, l, o);
    return o;
}

/* The node-link tree; with_links = 0 leaves "links" empty (the writer
 * streams them one at a time). */
static cJSON *graph_json(const dg_graph *g, int with_links)
{
    const dg_lexicon *lx = g->lx;
    node_stats st;
    if (stats_init(g, &st) != DG_OK) {
        stats_free(&st);
        return NULL;
    }
    cJSON *root = cJSON_CreateObject();
    cJSON_AddBoolToObject(root, "directed", 1);
    cJSON_AddBoolToObject(root, "multigraph", 0);

    cJSON *meta = cJSON_AddObjectToObject(root, "graph");
    cJSON_AddStringToObject(meta, "generator", "diplograph " DG_VERSION);
    cJSON_AddStringToObject(meta, "weight_scale",
                            "-10 (conflict) .. +10 (cooperation) per event");
    cJSON_AddNumberToObject(meta, "documents", (double)g->documents);
    cJSON_AddNumberToObject(meta, "events", (double)g->events);
    cJSON_AddNumberToObject(meta, "nodes", (double)g->nnodes);
    cJSON_AddNumberToObject(meta, "links", (double)g->nlinks);
    cJSON_AddNumberToObject(meta, "evidence_per_link", g->opt.evidence);
    cJSON_AddBoolToObject(meta, "negated_events_included",
                          g->opt.include_negated);
    igraph_real_t density = 0;
    igraph_integer_t comps = 0;
    dg_igraph_lock(); /* igraph is not thread-safe: graph_internal.h */
    if (g->nnodes > 1)
        igraph_density(&g->ig, &density, 0);
    igraph_connected_components(&g->ig, NULL, NULL, &comps, IGRAPH_WEAK);
    dg_igraph_unlock();
    cJSON_AddNumberToObject(meta, "density", dg_round(density));
    cJSON_AddNumberToObject(meta, "weak_components", (double)comps);
    if (g->metric) {
        cJSON_AddNumberToObject(meta, "communities", (double)g->ncommunities);
        cJSON_AddNumberToObject(meta, "modularity", dg_round(g->modularity));
    }
    double *ps = NULL;
    if (g->opt.slice != DG_SLICE_NONE) {
        cJSON_AddStringToObject(meta, "slice", dg_slice_name(g->opt.slice));
        cJSON *pa = cJSON_AddArrayToObject(meta, "periods");
        for (size_t p = 0; p < g->nperiods; p++)
            cJSON_AddItemToArray(pa, cJSON_CreateString(g->periods[p]));
        cJSON_AddNumberToObject(meta, "undated_events", (double)g->undated);
        if (!(ps = period_stats(g))) {
            stats_free(&st);
            cJSON_Delete(root);
            return NULL;
        }
    }

    /* cooperation and conflict given and received, per node */
    double *sums = dg_node_sums(g);
    if (!sums) {
        free(ps);
        stats_free(&st);
        cJSON_Delete(root);
        return NULL;
    }
    cJSON *nodes = cJSON_AddArrayToObject(root, "nodes");
    for (size_t i = 0; i < g->nnodes; i++) {
        const dg_actor *a = &lx->actors[g->nodes[i]];
        const double *sm = &sums[DG_NSUMS * i];
        double pout = sm[DG_SUM_COOP_GIVEN], nout = sm[DG_SUM_CONFLICT_GIVEN];
        double pin = sm[DG_SUM_COOP_RECEIVED], nin = sm[DG_SUM_CONFLICT_RECEIVED];
        cJSON *n = cJSON_CreateObject();
        cJSON_AddStringToObject(n, "id", a->id);
        cJSON_AddStringToObject(n, "label", a->name);
        cJSON_AddStringToObject(n, "type", a->type == DG_ACTOR_STATE
                                               ? "state" : "organization");
        cJSON_AddNumberToObject(n, "mentions", (double)g->mentions[g->nodes[i]]);
        cJSON_AddNumberToObject(n, "in_degree", (double)VECTOR(st.indeg)[i]);
        cJSON_AddNumberToObject(n, "out_degree", (double)VECTOR(st.outdeg)[i]);
        cJSON_AddNumberToObject(n, "in_strength", VECTOR(st.instr)[i]);
        cJSON_AddNumberToObject(n, "out_strength", VECTOR(st.outstr)[i]);
        cJSON_AddNumberToObject(n, "cooperation_given", pout);
        cJSON_AddNumberToObject(n, "conflict_given", nout);
        cJSON_AddNumberToObject(n, "cooperation_received", pin);
        cJSON_AddNumberToObject(n, "conflict_received", nin);
        if (g->metric) {
            for (int k = 0; k < DG_NMETRICS; k++) {
                double v = dg_graph_metric(g, i, k);
                if (isfinite(v)) /* NAN: not computed (no convergence) */
                    cJSON_AddNumberToObject(n, dg_metric_names[k], dg_round(v));
                else
                    cJSON_AddNullToObject(n, dg_metric_names[k]);
            }
            if (g->community[i] >= 0)
                cJSON_AddNumberToObject(n, "community", g->community[i]);
            else
                cJSON_AddNullToObject(n, "community");
        }
        if (ps)
            node_series_json(g, ps, i, n);
        cJSON_AddItemToArray(nodes, n);
    }

    cJSON *links = cJSON_AddArrayToObject(root, "links");
    for (size_t k = 0; with_links && k < g->nlinks; k++)
        cJSON_AddItemToArray(links, link_json(g, k));
    free(ps);
    free(sums);
    stats_free(&st);
    return root;
}

/* Write text, indenting every line after the first by two tabs: a link
 * printed on its own then sits where cJSON_Print would put it inside the
 * whole tree, so streaming gives the same bytes. */
static int put_indented(FILE *out, const char *text)
{
    const char *p = text, *nl;
    while ((nl = strchr(p, '\n'))) {
        size_t n = (size_t)(nl - p) + 1;
        if (fwrite(p, 1, n, out) != n || fputs("\t\t", out) < 0)
            return 0;
        p = nl + 1;
    }
    return fputs(p, out) >= 0;
}

int dg_write_json(const dg_graph *g, FILE *out, dg_error *err)
{
    if (g->built != 1)
        return dg_error_set(err, DG_EINVAL, NULL, 0,
                            "call dg_graph_finish before writing");
    /* everything but the links, printed whole; then the links one at a
     * time, so memory does not hold the whole document at once */
    cJSON *root = graph_json(g, 0);
    char *head = root && numbers_to_raw(root) ? cJSON_Print(root) : NULL;
    cJSON_Delete(root);
    char *hole = head ? strstr(head, "\"links\":\t[]") : NULL;
    if (!hole) {
        free(head);
        return dg_error_set(err, DG_ENOMEM, NULL, 0, "out of memory");
    }
    hole += strlen("\"links\":\t[");
    int ok = fwrite(head, 1, (size_t)(hole - head), out) == (size_t)(hole - head);
    for (size_t k = 0; ok && k < g->nlinks; k++) {
        cJSON *o = link_json(g, k);
        char *t = o && numbers_to_raw(o) ? cJSON_Print(o) : NULL;
        cJSON_Delete(o);
        if (!t) {
            free(head);
            return dg_error_set(err, DG_ENOMEM, NULL, 0, "out of memory");
        }
        ok = (k == 0 || fputs(", ", out) >= 0) && put_indented(out, t);
        free(t);
    }
    ok = ok && fputs(hole, out) >= 0 && fputc('\n', out) != EOF;
    free(head);
    return ok ? DG_OK : dg_error_set(err, DG_EIO, NULL, 0, "write failed");
}

/* The node-link tree, from which the other formats are derived
 * (write_internal.h). */
cJSON *dg_graph_json_tree(const dg_graph *g, dg_error *err)
{
    if (g->built != 1) {
        dg_error_set(err, DG_EINVAL, NULL, 0,
                     "call dg_graph_finish before writing");
        return NULL;
    }
    cJSON *t = graph_json(g, 1);
    if (!t)
        dg_error_set(err, DG_ENOMEM, NULL, 0, "out of memory");
    return t;
}

int dg_graph_to_json_string(const dg_graph *g, dg_json_format f, char **out,
                            size_t *len, dg_error *err)
{
    *out = NULL;
    if (len)
        *len = 0;
    char *buf = NULL;
    size_t n = 0;
    FILE *mem = open_memstream(&buf, &n);
    if (!mem)
        return dg_error_set(err, DG_ENOMEM, NULL, 0, "out of memory");
    int rc = dg_write_json_as(g, f, mem, err);
    /* a failed write into memory is a failed allocation */
    if (fclose(mem) != 0 && rc == DG_OK)
        rc = dg_error_set(err, DG_ENOMEM, NULL, 0, "out of memory");
    if (rc == DG_EIO)
        rc = dg_error_set(err, DG_ENOMEM, NULL, 0, "out of memory");
    if (rc != DG_OK) {
        free(buf);
        return rc;
    }
    *out = buf;
    if (len)
        *len = n;
    return DG_OK;
}

void dg_free(void *p)
{
    free(p);
}
