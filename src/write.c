/* write.c -- the writer layer: the table of output formats (extension,
 * format, writer) behind dg_format_from_path and dg_write_file, and the
 * one table of the attributes every export carries (name, scope, type,
 * getter), from which write_json.c builds the node-link tree and
 * write_graphml.c and write_csv.c take their keys, types and columns
 * (write_flavours.c rearranges the tree). Adding an attribute is one
 * line of attrs[] below, and its getter.
 *
 * The writers depend on this file and on write_dot.c (Graphviz), never
 * the other way: write.c -> write_html.c -> write_dot.c.
 */
#include "graph_internal.h"
#include "analyze.h"
#include "write_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- the format table ------------------------------------------------ */

static int write_json_file(const dg_graph *g, dg_format f, FILE *out,
                           const dg_render_options *ro, const char *path,
                           dg_error *err)
{
    (void)f;
    (void)path;
    return dg_write_json_with(g, ro ? ro->json_format : DG_JSON_NODE_LINK, out,
                              ro, err);
}

static int write_cyjs_file(const dg_graph *g, dg_format f, FILE *out,
                           const dg_render_options *ro, const char *path,
                           dg_error *err)
{
    (void)f;
    (void)path;
    return dg_write_json_with(g, DG_JSON_CYTOSCAPE, out, ro, err);
}

static int write_graphml_file(const dg_graph *g, dg_format f, FILE *out,
                              const dg_render_options *ro, const char *path,
                              dg_error *err)
{
    (void)f;
    (void)path;
    return dg_write_graphml_with(g, out, ro, err);
}

static int write_gexf_file(const dg_graph *g, dg_format f, FILE *out,
                           const dg_render_options *ro, const char *path,
                           dg_error *err)
{
    (void)f;
    (void)path;
    return dg_write_gexf_with(g, out, ro, err);
}

static int write_html_file(const dg_graph *g, dg_format f, FILE *out,
                           const dg_render_options *ro, const char *path,
                           dg_error *err)
{
    (void)f;
    (void)path;
    return dg_write_html(g, out, ro, err);
}

typedef int (*writer_fn)(const dg_graph *g, dg_format f, FILE *out,
                         const dg_render_options *ro, const char *path,
                         dg_error *err);

static const struct {
    const char *ext;
    dg_format format;
    writer_fn write;
} formats[] = {
    {".json", DG_FORMAT_JSON, write_json_file},
    {".dot", DG_FORMAT_DOT, dg_render_graphviz},
    {".gv", DG_FORMAT_DOT, dg_render_graphviz},
    {".svg", DG_FORMAT_SVG, dg_render_graphviz},
    {".png", DG_FORMAT_PNG, dg_render_graphviz},
    {".pdf", DG_FORMAT_PDF, dg_render_graphviz},
    {".cyjs", DG_FORMAT_CYJS, write_cyjs_file},
    {".graphml", DG_FORMAT_GRAPHML, write_graphml_file},
    {".gexf", DG_FORMAT_GEXF, write_gexf_file},
    {".html", DG_FORMAT_HTML, write_html_file},
};
enum { NFORMATS = sizeof formats / sizeof formats[0] };

static int format_index(const char *path)
{
    const char *dot = strrchr(path, '.');
    if (!dot || strchr(dot, '/'))
        return -1;
    for (int i = 0; i < NFORMATS; i++)
        if (strcmp(dot, formats[i].ext) == 0)
            return i;
    return -1;
}

dg_format dg_format_from_path(const char *path)
{
    int i = format_index(path);
    return i < 0 ? DG_FORMAT_UNKNOWN : formats[i].format;
}

int dg_write_file(const dg_graph *g, const char *path,
                  const dg_render_options *ro, dg_error *err)
{
    return dg_write_file_as(g, path, dg_format_from_path(path), ro, err);
}

/* dg_write_file in format f whatever the path's extension says (the
 * CLI's --format, for "-" and paths without a known extension). */
int dg_write_file_as(const dg_graph *g, const char *path, dg_format f,
                     const dg_render_options *ro, dg_error *err)
{
    int i = 0;
    while (i < NFORMATS && formats[i].format != f)
        i++;
    if (i == NFORMATS)
        return dg_error_set(err, DG_EINVAL, path, 0,
                            "unknown output format (use .json, .cyjs, "
                            ".graphml, .gexf, .html, .dot, .svg, .png or "
                            ".pdf)");
    if (g->built != 1)
        return dg_error_set(err, DG_EINVAL, path, 0,
                            "call dg_graph_finish before writing");
    dg_atomic_file af;
    int rc = dg_atomic_open(&af, path, err);
    if (rc != DG_OK)
        return rc;
    rc = formats[i].write(g, f, af.fp, ro, path, err);
    if (rc != DG_OK)
        return dg_atomic_fail(&af, rc, err);
    return dg_atomic_commit(&af, err);
}

/* ---- the attribute schema ------------------------------------------- */

static int ctx_compute(dg_write_ctx *c)
{
    const dg_graph *g = c->g;
    if (igraph_vector_int_init(&c->indeg, 0) ||
        igraph_vector_int_init(&c->outdeg, 0) ||
        igraph_vector_init(&c->instr, 0) || igraph_vector_init(&c->outstr, 0))
        return DG_ENOMEM;
    c->vectors = 1;
    if (igraph_degree(&g->ig, &c->indeg, igraph_vss_all(), IGRAPH_IN,
                      IGRAPH_LOOPS) ||
        igraph_degree(&g->ig, &c->outdeg, igraph_vss_all(), IGRAPH_OUT,
                      IGRAPH_LOOPS) ||
        igraph_strength(&g->ig, &c->instr, igraph_vss_all(), IGRAPH_IN,
                        IGRAPH_LOOPS, &g->weights) ||
        igraph_strength(&g->ig, &c->outstr, igraph_vss_all(), IGRAPH_OUT,
                        IGRAPH_LOOPS, &g->weights))
        return DG_ENOMEM;
    igraph_real_t density = 0;
    igraph_integer_t comps = 0;
    if (g->nnodes > 1 && igraph_density(&g->ig, &density, 0))
        return DG_ENOMEM;
    if (igraph_connected_components(&g->ig, NULL, NULL, &comps, IGRAPH_WEAK))
        return DG_ENOMEM;
    c->density = density;
    c->components = comps;
    return DG_OK;
}

/* Per period and node of a sliced graph: degrees and net strengths from
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

int dg_write_ctx_init(dg_write_ctx *c, const dg_graph *g, const double *pos)
{
    memset(c, 0, sizeof *c);
    c->g = g;
    c->pos = pos;
    dg_igraph_lock(); /* igraph is not thread-safe: graph_internal.h */
    int rc = ctx_compute(c);
    dg_igraph_unlock();
    if (rc == DG_OK) {
        c->sums = dg_node_sums(g);
        if (!c->sums)
            rc = DG_ENOMEM;
    }
    if (rc == DG_OK && g->opt.slice != DG_SLICE_NONE &&
        !(c->pstats = period_stats(g)))
        rc = DG_ENOMEM;
    if (rc != DG_OK)
        dg_write_ctx_free(c);
    return rc;
}

void dg_write_ctx_free(dg_write_ctx *c)
{
    if (c->vectors) {
        dg_igraph_lock();
        igraph_vector_int_destroy(&c->indeg);
        igraph_vector_int_destroy(&c->outdeg);
        igraph_vector_destroy(&c->instr);
        igraph_vector_destroy(&c->outstr);
        dg_igraph_unlock();
    }
    free(c->sums);
    free(c->pstats);
    memset(c, 0, sizeof *c);
}

int dg_attr_present(const dg_write_ctx *c, const dg_attr *a)
{
    if ((a->flags & DG_ATTR_ANALYZED) && !c->g->metric)
        return 0;
    if ((a->flags & DG_ATTR_POSITION) && !c->pos)
        return 0;
    if ((a->flags & DG_ATTR_SLICED) && c->g->opt.slice == DG_SLICE_NONE)
        return 0;
    return 1;
}

static cJSON *num(double v)
{
    return cJSON_CreateNumber(v);
}

/* graph */
static cJSON *g_generator(const dg_write_ctx *c, size_t i, int arg)
{
    (void)c, (void)i, (void)arg;
    return cJSON_CreateString("diplograph " DG_VERSION);
}
static cJSON *g_weight_scale(const dg_write_ctx *c, size_t i, int arg)
{
    (void)c, (void)i, (void)arg;
    return cJSON_CreateString("-10 (conflict) .. +10 (cooperation) per event");
}
enum {
    G_DOCUMENTS,
    G_EVENTS,
    G_NODES,
    G_LINKS,
    G_EVIDENCE,
    G_DENSITY,
    G_COMPONENTS,
    G_COMMUNITIES,
    G_MODULARITY,
    G_UNDATED
};
static cJSON *g_number(const dg_write_ctx *c, size_t i, int arg)
{
    (void)i;
    const dg_graph *g = c->g;
    switch (arg) {
    case G_DOCUMENTS:
        return num((double)g->documents);
    case G_EVENTS:
        return num((double)g->events);
    case G_NODES:
        return num((double)g->nnodes);
    case G_LINKS:
        return num((double)g->nlinks);
    case G_EVIDENCE:
        return num(g->opt.evidence);
    case G_DENSITY:
        return num(dg_round(c->density));
    case G_COMPONENTS:
        return num((double)c->components);
    case G_COMMUNITIES:
        return num((double)g->ncommunities);
    case G_UNDATED:
        return num((double)g->undated);
    default:
        return num(dg_round(g->modularity));
    }
}
static cJSON *g_negated(const dg_write_ctx *c, size_t i, int arg)
{
    (void)i, (void)arg;
    return cJSON_CreateBool(c->g->opt.include_negated);
}

static cJSON *g_slice(const dg_write_ctx *c, size_t i, int arg)
{
    (void)i, (void)arg;
    return cJSON_CreateString(dg_slice_name(c->g->opt.slice));
}
static cJSON *g_periods(const dg_write_ctx *c, size_t i, int arg)
{
    (void)i, (void)arg;
    cJSON *a = cJSON_CreateArray();
    for (size_t p = 0; a && p < c->g->nperiods; p++) {
        cJSON *s = cJSON_CreateString(c->g->periods[p]);
        if (!s || !cJSON_AddItemToArray(a, s)) {
            cJSON_Delete(s);
            cJSON_Delete(a);
            return NULL;
        }
    }
    return a;
}

/* nodes */
static const dg_actor *actor(const dg_write_ctx *c, size_t i)
{
    return &c->g->lx->actors[c->g->nodes[i]];
}
static cJSON *n_id(const dg_write_ctx *c, size_t i, int arg)
{
    (void)arg;
    return cJSON_CreateString(actor(c, i)->id);
}
static cJSON *n_label(const dg_write_ctx *c, size_t i, int arg)
{
    (void)arg;
    return cJSON_CreateString(actor(c, i)->name);
}
static cJSON *n_type(const dg_write_ctx *c, size_t i, int arg)
{
    (void)arg;
    return cJSON_CreateString(
        actor(c, i)->type == DG_ACTOR_STATE ? "state" : "organization");
}
enum { N_MENTIONS, N_INDEG, N_OUTDEG, N_INSTR, N_OUTSTR };
static cJSON *n_number(const dg_write_ctx *c, size_t i, int arg)
{
    switch (arg) {
    case N_MENTIONS:
        return num((double)c->g->mentions[c->g->nodes[i]]);
    case N_INDEG:
        return num((double)VECTOR(c->indeg)[i]);
    case N_OUTDEG:
        return num((double)VECTOR(c->outdeg)[i]);
    case N_INSTR:
        return num(VECTOR(c->instr)[i]);
    default:
        return num(VECTOR(c->outstr)[i]);
    }
}
static cJSON *n_sum(const dg_write_ctx *c, size_t i, int arg)
{
    return num(c->sums[DG_NSUMS * i + (size_t)arg]);
}
static cJSON *n_metric(const dg_write_ctx *c, size_t i, int arg)
{
    double v = dg_graph_metric(c->g, i, arg);
    /* NAN: not computed (no convergence) */
    return isfinite(v) ? num(dg_round(v)) : cJSON_CreateNull();
}
static cJSON *n_position(const dg_write_ctx *c, size_t i, int arg)
{
    double v = c->pos[2 * i + (size_t)arg];
    return isfinite(v) ? num(v) : cJSON_CreateNull(); /* not drawn */
}
static cJSON *n_community(const dg_write_ctx *c, size_t i, int arg)
{
    (void)arg;
    return c->g->community[i] >= 0 ? num(c->g->community[i])
                                   : cJSON_CreateNull();
}

/* A sliced node's series: the periods in which it has a link. */
static cJSON *n_series(const dg_write_ctx *c, size_t i, int arg)
{
    (void)arg;
    const dg_graph *g = c->g;
    size_t n = g->nnodes;
    cJSON *a = cJSON_CreateArray();
    for (size_t p = 0; a && p < g->nperiods; p++) {
        const double *v = &c->pstats[(p * n + i) * 4];
        if (v[0] + v[1] == 0)
            continue;
        cJSON *e = cJSON_CreateObject();
        if (!e || !cJSON_AddItemToArray(a, e) ||
            !cJSON_AddStringToObject(e, "period", g->periods[p]) ||
            !cJSON_AddNumberToObject(e, "in_degree", v[0]) ||
            !cJSON_AddNumberToObject(e, "out_degree", v[1]) ||
            !cJSON_AddNumberToObject(e, "in_strength", v[2]) ||
            !cJSON_AddNumberToObject(e, "out_strength", v[3]) ||
            (g->period_pagerank &&
             !cJSON_AddNumberToObject(e, "pagerank",
                                      g->period_pagerank[p * n + i]))) {
            cJSON_Delete(a);
            return NULL;
        }
    }
    return a;
}

/* links: i is the position in output order */
static cJSON *l_end(const dg_write_ctx *c, size_t k, int arg)
{
    const dg_link *l = dg_graph_edge(c->g, k);
    return cJSON_CreateString(c->g->lx->actors[arg ? l->t : l->s].id);
}
/* weight: the link's intensity, positive + negative, never negative (the
 * weight graph tools expect); net: positive - negative, the signed figure,
 * whose sign is "sign" (docs/graph-json.md) */
enum { L_EVENTS, L_POSITIVE, L_NEGATIVE, L_WEIGHT, L_NET, L_SIGN };
static cJSON *l_number(const dg_write_ctx *c, size_t k, int arg)
{
    const dg_link *l = dg_graph_edge(c->g, k);
    double net = l->positive - l->negative;
    switch (arg) {
    case L_EVENTS:
        return num((double)l->events);
    case L_POSITIVE:
        return num(l->positive);
    case L_NEGATIVE:
        return num(l->negative);
    case L_WEIGHT:
        return num(l->positive + l->negative);
    case L_NET:
        return num(net);
    default:
        return num((net > 0) - (net < 0));
    }
}
static cJSON *l_categories(const dg_write_ctx *c, size_t k, int arg)
{
    (void)arg;
    const dg_link *l = dg_graph_edge(c->g, k);
    cJSON *cats = cJSON_CreateObject();
    for (int j = 0; cats && j < DG_NCLASSES; j++)
        if (l->classes[j] &&
            !cJSON_AddNumberToObject(cats, dg_plover_classes[j],
                                     (double)l->classes[j])) {
            cJSON_Delete(cats);
            return NULL;
        }
    return cats;
}
static cJSON *l_evidence(const dg_write_ctx *c, size_t k, int arg)
{
    (void)arg;
    const dg_link *l = dg_graph_edge(c->g, k);
    cJSON *ev = cJSON_CreateArray();
    for (int e = 0; ev && e < l->nev; e++) {
        const dg_evidence *x = &l->ev[e];
        cJSON *eo = cJSON_CreateObject();
        if (!eo) {
            cJSON_Delete(ev);
            return NULL;
        }
        cJSON_AddItemToArray(ev, eo);
        if (!cJSON_AddStringToObject(eo, "doc", x->doc) ||
            (x->date && !cJSON_AddStringToObject(eo, "date", x->date)) ||
            !cJSON_AddNumberToObject(eo, "sentence", (double)x->sentence) ||
            !cJSON_AddStringToObject(eo, "text", x->text) ||
            !cJSON_AddNumberToObject(eo, "polarity", x->polarity) ||
            !cJSON_AddNumberToObject(eo, "weight", x->weight) ||
            !cJSON_AddStringToObject(eo, "category", x->category) ||
            !cJSON_AddStringToObject(eo, "trigger", x->trigger)) {
            cJSON_Delete(ev);
            return NULL;
        }
    }
    return ev;
}

/* A sliced link's series: its events per period, in time order. */
static cJSON *l_series(const dg_write_ctx *c, size_t k, int arg)
{
    (void)arg;
    const dg_link *l = dg_graph_edge(c->g, k);
    cJSON *a = cJSON_CreateArray();
    for (uint32_t i = 0; a && i < l->nseries; i++) {
        const dg_period_stat *p = &l->series[i];
        cJSON *e = cJSON_CreateObject();
        if (!e || !cJSON_AddItemToArray(a, e) ||
            !cJSON_AddStringToObject(e, "period",
                                     c->g->periods[p->period]) ||
            !cJSON_AddNumberToObject(e, "events", (double)p->events) ||
            !cJSON_AddNumberToObject(e, "positive", p->positive) ||
            !cJSON_AddNumberToObject(e, "negative", p->negative) ||
            !cJSON_AddNumberToObject(e, "weight", p->positive + p->negative) ||
            !cJSON_AddNumberToObject(e, "net", p->positive - p->negative)) {
            cJSON_Delete(a);
            return NULL;
        }
    }
    return a;
}

#define G DG_SCOPE_GRAPH
#define N DG_SCOPE_NODE
#define L DG_SCOPE_LINK
#define S DG_T_STRING
#define I DG_T_INT
#define D DG_T_DOUBLE
#define B DG_T_BOOL
#define J DG_T_JSON
#define A DG_ATTR_ANALYZED
#define P DG_ATTR_POSITION
#define SL DG_ATTR_SLICED

/* Every attribute of the exports, in output order within its scope
 * (docs/graph-json.md, docs/formats.md). */
const dg_attr dg_attrs[] = {
    {"generator", G, S, 0, g_generator, 0},
    {"weight_scale", G, S, 0, g_weight_scale, 0},
    {"documents", G, I, 0, g_number, G_DOCUMENTS},
    {"events", G, I, 0, g_number, G_EVENTS},
    {"nodes", G, I, 0, g_number, G_NODES},
    {"links", G, I, 0, g_number, G_LINKS},
    {"evidence_per_link", G, I, 0, g_number, G_EVIDENCE},
    {"negated_events_included", G, B, 0, g_negated, 0},
    {"density", G, D, 0, g_number, G_DENSITY},
    {"weak_components", G, I, 0, g_number, G_COMPONENTS},
    {"communities", G, I, A, g_number, G_COMMUNITIES},
    {"modularity", G, D, A, g_number, G_MODULARITY},
    {"slice", G, S, SL, g_slice, 0},
    {"periods", G, J, SL, g_periods, 0},
    {"undated_events", G, I, SL, g_number, G_UNDATED},

    {"id", N, S, 0, n_id, 0},
    {"label", N, S, 0, n_label, 0},
    {"type", N, S, 0, n_type, 0},
    {"mentions", N, I, 0, n_number, N_MENTIONS},
    {"in_degree", N, I, 0, n_number, N_INDEG},
    {"out_degree", N, I, 0, n_number, N_OUTDEG},
    {"in_strength", N, D, 0, n_number, N_INSTR},
    {"out_strength", N, D, 0, n_number, N_OUTSTR},
    {"cooperation_given", N, D, 0, n_sum, DG_SUM_COOP_GIVEN},
    {"conflict_given", N, D, 0, n_sum, DG_SUM_CONFLICT_GIVEN},
    {"cooperation_received", N, D, 0, n_sum, DG_SUM_COOP_RECEIVED},
    {"conflict_received", N, D, 0, n_sum, DG_SUM_CONFLICT_RECEIVED},
    {"betweenness", N, D, A, n_metric, DG_M_BETWEENNESS},
    {"harmonic", N, D, A, n_metric, DG_M_HARMONIC},
    {"pagerank", N, D, A, n_metric, DG_M_PAGERANK},
    {"eigenvector", N, D, A, n_metric, DG_M_EIGENVECTOR},
    {"hub", N, D, A, n_metric, DG_M_HUB},
    {"authority", N, D, A, n_metric, DG_M_AUTHORITY},
    {"community", N, I, A, n_community, 0},
    {"x", N, D, P, n_position, 0},
    {"y", N, D, P, n_position, 1},
    {"series", N, J, SL, n_series, 0},

    {"source", L, S, 0, l_end, 0},
    {"target", L, S, 0, l_end, 1},
    {"events", L, I, 0, l_number, L_EVENTS},
    {"positive", L, D, 0, l_number, L_POSITIVE},
    {"negative", L, D, 0, l_number, L_NEGATIVE},
    {"weight", L, D, 0, l_number, L_WEIGHT},
    {"net", L, D, 0, l_number, L_NET},
    {"sign", L, I, 0, l_number, L_SIGN},
    {"categories", L, J, 0, l_categories, 0},
    {"evidence", L, J, 0, l_evidence, 0},
    {"series", L, J, SL, l_series, 0},
};
const size_t dg_attr_count = sizeof dg_attrs / sizeof dg_attrs[0];

int dg_attrs_to_object(const dg_write_ctx *c, dg_attr_scope scope, size_t i,
                       cJSON *obj)
{
    for (size_t a = 0; a < dg_attr_count; a++) {
        const dg_attr *at = &dg_attrs[a];
        if (at->scope != scope || !dg_attr_present(c, at))
            continue;
        cJSON *v = at->get(c, i, at->arg);
        if (!v)
            return DG_ENOMEM;
        if (!cJSON_AddItemToObject(obj, at->name, v)) {
            cJSON_Delete(v);
            return DG_ENOMEM;
        }
    }
    return DG_OK;
}
