/* report.c -- the centrality and structure report (`diplograph report`):
 * per-actor figures and metrics, communities, signed balance, strongest
 * and mixed dyads; as an aligned terminal table, Markdown, CSV or JSON.
 * The figures come from analyze.c; docs/report.md says what each means.
 */
#include "graph_internal.h"
#include "analyze.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- the actor table ---------------------------------------------------- */

typedef struct column {
    const char *name;   /* also the --sort key */
    const char *title;  /* short header for the terminal */
    int is_int;
} column;

/* Values are filled per node by fill_row, in this order. */
static const column columns[] = {
    {"mentions", "ment", 1},
    {"in_degree", "in", 1},
    {"out_degree", "out", 1},
    {"cooperation_given", "coop>", 0},
    {"conflict_given", "confl>", 0},
    {"cooperation_received", ">coop", 0},
    {"conflict_received", ">confl", 0},
    {"net_given", "net>", 0},
    {"net_received", ">net", 0},
    {"betweenness", "betw", 0},
    {"harmonic", "harm", 0},
    {"pagerank", "pagerank", 0},
    {"eigenvector", "eigen", 0},
    {"hub", "hub", 0},
    {"authority", "auth", 0},
    {"community", "comm", 1},
};
#define NCOLS (sizeof columns / sizeof columns[0])

void dg_report_options_init(dg_report_options *o)
{
    o->sort = -1;
    o->top = 0;
    o->source = NULL;
    o->filters = NULL;
}

int dg_report_sort_key(const char *name)
{
    for (size_t i = 0; i < NCOLS; i++)
        if (strcmp(columns[i].name, name) == 0)
            return (int)i;
    return -1;
}

const char *dg_report_sort_keys(void)
{
    return "mentions, in_degree, out_degree, cooperation_given, "
           "conflict_given, cooperation_received, conflict_received, "
           "net_given, net_received, betweenness, harmonic, pagerank, "
           "eigenvector, hub, authority, community";
}

typedef struct row {
    size_t node;
    double v[NCOLS];
} row;

static void fill_rows(const dg_graph *g, const double *sums, row *rows)
{
    for (size_t i = 0; i < g->nnodes; i++)
        rows[i].v[1] = rows[i].v[2] = 0;
    for (size_t k = 0; k < g->nlinks; k++) {
        rows[g->node_of[g->links[k].t]].v[1]++; /* in-degree */
        rows[g->node_of[g->links[k].s]].v[2]++; /* out-degree */
    }
    for (size_t i = 0; i < g->nnodes; i++) {
        row *r = &rows[i];
        const double *sm = &sums[DG_NSUMS * i];
        r->node = i;
        r->v[0] = (double)g->mentions[g->nodes[i]];
        r->v[3] = sm[DG_SUM_COOP_GIVEN];
        r->v[4] = sm[DG_SUM_CONFLICT_GIVEN];
        r->v[5] = sm[DG_SUM_COOP_RECEIVED];
        r->v[6] = sm[DG_SUM_CONFLICT_RECEIVED];
        r->v[7] = sm[DG_SUM_COOP_GIVEN] - sm[DG_SUM_CONFLICT_GIVEN];
        r->v[8] = sm[DG_SUM_COOP_RECEIVED] - sm[DG_SUM_CONFLICT_RECEIVED];
        for (int m = 0; m < DG_NMETRICS; m++) {
            /* NAN: not computed (the eigenvector did not converge) */
            double v = dg_graph_metric(g, i, m);
            r->v[9 + m] = isfinite(v) ? dg_round(v) : NAN;
        }
        r->v[15] = g->community ? g->community[i] : -1;
    }
}

/* A row with its sort key (qsort has no context argument in C11). */
typedef struct keyed {
    double key;
    const char *id;
    row *r;
} keyed;

static int cmp_keyed(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    if (x->key != y->key)
        return x->key > y->key ? -1 : 1; /* descending */
    return strcmp(x->id, y->id);
}

/* ---- helpers ------------------------------------------------------------ */

static const char *nid(const dg_graph *g, size_t node)
{
    return g->lx->actors[g->nodes[node]].id;
}

static const char *nname(const dg_graph *g, size_t node)
{
    return g->lx->actors[g->nodes[node]].name;
}

/* Text from the lexicon or the command line inside markdown: no raw
 * HTML (<, >, & as entities), no line breaks (a newline would end a
 * table row or a list item: control characters become spaces), and the
 * characters that make emphasis, code, links or a table cell (\ ` * _
 * [ ] | ~) escaped with a backslash, so the text reads as written. */
static void md_text(FILE *out, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '<')
            fputs("&lt;", out);
        else if (*p == '>')
            fputs("&gt;", out);
        else if (*p == '&')
            fputs("&amp;", out);
        else if (*p < 0x20 || *p == 0x7F)
            fputc(' ', out);
        else {
            if (strchr("\\`*_[]|~", *p))
                fputc('\\', out);
            fputc(*p, out);
        }
    }
}

/* Text in the plain-text report: control characters (a newline would
 * break the table) become spaces; at most width characters (not bytes,
 * so that no UTF-8 sequence is cut), padded to width when pad is set. */
static void txt_text(FILE *out, const char *s, int width, int pad)
{
    int n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p & 0xC0) != 0x80 && width >= 0 && n++ >= width)
            break;
        fputc(*p < 0x20 || *p == 0x7F ? ' ' : *p, out);
    }
    for (; pad && n < width; n++)
        fputc(' ', out);
}

typedef struct ranked_link {
    double key;
    size_t k; /* position in output order: the tie-break */
} ranked_link;

static int cmp_ranked(const void *a, const void *b)
{
    const ranked_link *x = a, *y = b;
    if (x->key != y->key)
        return x->key > y->key ? -1 : 1;
    return (x->k > y->k) - (x->k < y->k);
}

/* Links by net weight: strongest cooperation first, or strongest
 * conflict first; ties in (source, target) order. */
static size_t *sorted_links(const dg_graph *g, int cooperative)
{
    ranked_link *r = malloc((g->nlinks + 1) * sizeof *r);
    size_t *out = malloc((g->nlinks + 1) * sizeof *out);
    if (!r || !out) {
        free(r);
        free(out);
        return NULL;
    }
    for (size_t k = 0; k < g->nlinks; k++) {
        const dg_link *l = dg_graph_edge(g, k);
        double w = l->positive - l->negative;
        r[k].key = cooperative ? w : -w;
        r[k].k = k;
    }
    qsort(r, g->nlinks, sizeof *r, cmp_ranked);
    for (size_t k = 0; k < g->nlinks; k++)
        out[k] = r[k].k;
    free(r);
    return out;
}

/* ---- trends of a sliced graph ----------------------------------------- */

/* A link's turn: its net weight in the first and in the last period with
 * events, and the change between them. */
typedef struct turn {
    size_t k; /* link in output order */
    double first, last, change;
    int flip; /* the sign of the net weight changed */
} turn;

static double period_net(const dg_period_stat *p)
{
    return p->positive - p->negative;
}

static int cmp_turns(const void *a, const void *b)
{
    const turn *x = a, *y = b;
    double cx = fabs(x->change), cy = fabs(y->change);
    if (cx != cy)
        return cx < cy ? 1 : -1;
    if (x->flip != y->flip)
        return y->flip - x->flip;
    return (x->k > y->k) - (x->k < y->k);
}

/* The links with events in two periods or more, the largest changes
 * first (then sign flips, then link order); *n gets how many. */
static turn *find_turns(const dg_graph *g, size_t *n)
{
    turn *t = calloc(g->nlinks + 1, sizeof *t);
    *n = 0;
    if (!t)
        return NULL;
    for (size_t k = 0; k < g->nlinks; k++) {
        const dg_link *l = dg_graph_edge(g, k);
        if (l->nseries < 2)
            continue;
        double a = period_net(&l->series[0]);
        double b = period_net(&l->series[l->nseries - 1]);
        t[(*n)++] = (turn){k, a, b, b - a, (a > 0 && b < 0) || (a < 0 && b > 0)};
    }
    qsort(t, *n, sizeof *t, cmp_turns);
    return t;
}

typedef struct report_data {
    const dg_graph *g;
    const dg_report_options *ro;
    row *rows;          /* sorted */
    size_t nrows;       /* after --top */
    dg_balance_result bal;
    size_t *coop, *conf; /* link order by weight */
    size_t ncoop, nconf;
    /* sliced graphs: turns (after --top), and the links of the series
     * table: the most eventful, then in output order */
    turn *turns;
    size_t nturns;
    size_t *series;
    size_t nseries;
} report_data;

static void data_free(report_data *d)
{
    free(d->rows);
    free(d->coop);
    free(d->conf);
    free(d->turns);
    free(d->series);
    dg_balance_free(&d->bal);
}

/* Rows of the series table: up to lim links with events in a period,
 * the most eventful, shown in output order (by source, then target). */
static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return (x > y) - (x < y);
}

static int pick_series(report_data *d, size_t lim)
{
    const dg_graph *g = d->g;
    d->series = calloc(g->nlinks + 1, sizeof *d->series);
    ranked_link *r = malloc((g->nlinks + 1) * sizeof *r);
    if (!d->series || !r) {
        free(r);
        return DG_ENOMEM;
    }
    size_t n = 0; /* the links with a dated event, most events first */
    for (size_t k = 0; k < g->nlinks; k++)
        if (dg_graph_edge(g, k)->nseries > 0)
            r[n++] = (ranked_link){(double)dg_graph_edge(g, k)->events, k};
    qsort(r, n, sizeof *r, cmp_ranked);
    d->nseries = n < lim ? n : lim;
    for (size_t i = 0; i < d->nseries; i++)
        d->series[i] = r[i].k;
    free(r);
    qsort(d->series, d->nseries, sizeof *d->series, cmp_size);
    return DG_OK;
}

static int data_init(report_data *d, const dg_graph *g,
                     const dg_report_options *ro)
{
    memset(d, 0, sizeof *d);
    d->g = g;
    d->ro = ro;
    double *sums = dg_node_sums(g);
    row *rows = calloc(g->nnodes + 1, sizeof *rows);
    keyed *k = calloc(g->nnodes + 1, sizeof *k);
    d->rows = calloc(g->nnodes + 1, sizeof *d->rows);
    if (!sums || !rows || !k || !d->rows) {
        free(sums);
        free(rows);
        free(k);
        return DG_ENOMEM;
    }
    fill_rows(g, sums, rows);
    free(sums);
    int sk = ro->sort >= 0 ? ro->sort : dg_report_sort_key("pagerank");
    for (size_t i = 0; i < g->nnodes; i++) {
        k[i].key = isnan(rows[i].v[sk]) ? -HUGE_VAL : rows[i].v[sk];
        k[i].id = nid(g, i);
        k[i].r = &rows[i];
    }
    qsort(k, g->nnodes, sizeof *k, cmp_keyed);
    d->nrows = ro->top > 0 && (size_t)ro->top < g->nnodes ? (size_t)ro->top
                                                          : g->nnodes;
    for (size_t i = 0; i < g->nnodes; i++)
        d->rows[i] = *k[i].r;
    free(k);
    free(rows);
    if (dg_balance(g, &d->bal) != DG_OK)
        return DG_ENOMEM;
    d->coop = sorted_links(g, 1);
    d->conf = sorted_links(g, 0);
    if (!d->coop || !d->conf)
        return DG_ENOMEM;
    size_t lim = ro->top > 0 ? (size_t)ro->top : 10;
    for (size_t i = 0; i < g->nlinks && d->ncoop < lim; i++) {
        const dg_link *l = dg_graph_edge(g, d->coop[i]);
        if (l->positive - l->negative > 0)
            d->ncoop++;
    }
    for (size_t i = 0; i < g->nlinks && d->nconf < lim; i++) {
        const dg_link *l = dg_graph_edge(g, d->conf[i]);
        if (l->positive - l->negative < 0)
            d->nconf++;
    }
    if (g->opt.slice != DG_SLICE_NONE) {
        if (!(d->turns = find_turns(g, &d->nturns)) ||
            pick_series(d, ro->top > 0 ? (size_t)ro->top : 20) != DG_OK)
            return DG_ENOMEM;
        if (d->nturns > lim)
            d->nturns = lim;
    }
    return DG_OK;
}

static const char methods_text[] =
    "betweenness: igraph_betweenness, directed, edge length 1/max(1, "
    "positive+negative), not normalized\n"
    "harmonic: igraph_harmonic_centrality, incoming paths (mode IN), same "
    "lengths, not normalized\n"
    "pagerank: igraph_pagerank (PRPACK), damping 0.85, weight max(1, "
    "positive+negative)\n"
    "eigenvector: igraph_eigenvector_centrality, directed (in-links), same "
    "weights, scaled to max 1\n"
    "hub, authority: igraph_hub_and_authority_scores, same weights, scaled "
    "to max 1\n"
    "community: igraph_community_multilevel (Louvain), resolution 1, seed "
    "20240501, on the cooperative layer (undirected, weight max(0,w(a>b)) + "
    "max(0,w(b>a)))\n"
    "balance: triads of the undirected signed projection (sign of w(a>b) + "
    "w(b>a)); balanced when the product of the three signs is positive\n"
    "mixed dyad: both the positive and the negative part hold at least 25% "
    "of the link's positive+negative\n";

/* ---- terminal and Markdown ---------------------------------------------- */

/* The plural "s" for a count. */
#define S(n) ((n) == 1 ? "" : "s")

static void print_value(FILE *out, const column *c, double v, int width)
{
    if (isnan(v))
        fprintf(out, "%*s", width, "-"); /* did not converge */
    else if (strcmp(c->name, "community") == 0 && v < 0)
        fprintf(out, "%*s", width, "-"); /* outside the cooperative layer */
    else if (c->is_int)
        fprintf(out, "%*.0f", width, v);
    else if (v != 0 && (v < 0.001 && v > -0.001))
        fprintf(out, "%*.2e", width, v);
    else
        fprintf(out, "%*.3f", width, v);
}

/* The trends of a sliced graph: the turns, then the net weight of the
 * most eventful dyads per period as a table (the last 12 periods). */
static void write_trends(const report_data *d, FILE *out, int md)
{
    const dg_graph *g = d->g;
    const char *h = md ? "## " : "";
    const char *slice = dg_slice_name(g->opt.slice);
    fprintf(out, "\n%sTurns (net weight in the first and the last %s with "
                 "events)\n\n",
            h, slice);
    for (size_t i = 0; i < d->nturns; i++) {
        const turn *t = &d->turns[i];
        const dg_link *l = dg_graph_edge(g, t->k);
        fprintf(out, "%s%s -> %s  %s %+g -> %s %+g  (change %+g%s)\n",
                md ? "- " : "  ", g->lx->actors[l->s].id,
                g->lx->actors[l->t].id, g->periods[l->series[0].period],
                t->first, g->periods[l->series[l->nseries - 1].period],
                t->last, t->change, t->flip ? ", sign flipped" : "");
    }
    if (!d->nturns)
        fprintf(out, "%snone (no dyad has events in two %ss)\n",
                md ? "- " : "  ", slice);
    size_t p0 = g->nperiods > 12 ? g->nperiods - 12 : 0;
    fprintf(out, "\n%sNet weight per %s%s\n\n", h, slice,
            p0 ? " (the last 12)" : "");
    if (!d->nseries || !g->nperiods) {
        fprintf(out, "%snone (no event has a date%s)\n", md ? "- " : "  ",
                g->opt.slice == DG_SLICE_YEAR ? "" : " precise enough");
        return;
    }
    int dw = 4;
    for (size_t i = 0; i < d->nseries; i++) {
        const dg_link *l = dg_graph_edge(g, d->series[i]);
        int w = (int)(strlen(g->lx->actors[l->s].id) +
                      strlen(g->lx->actors[l->t].id) + 4);
        dw = w > dw ? w : dw;
    }
    if (md) {
        fprintf(out, "| dyad |");
        for (size_t p = p0; p < g->nperiods; p++)
            fprintf(out, " %s |", g->periods[p]);
        fprintf(out, "\n|---|");
        for (size_t p = p0; p < g->nperiods; p++)
            fprintf(out, "---:|");
        fprintf(out, "\n");
    } else {
        fprintf(out, "  %-*s", dw, "dyad");
        for (size_t p = p0; p < g->nperiods; p++)
            fprintf(out, " %7s", g->periods[p]);
        fprintf(out, "\n");
    }
    for (size_t i = 0; i < d->nseries; i++) {
        const dg_link *l = dg_graph_edge(g, d->series[i]);
        char dyad[160];
        snprintf(dyad, sizeof dyad, "%s -> %s", g->lx->actors[l->s].id,
                 g->lx->actors[l->t].id);
        if (md)
            fprintf(out, "| %s |", dyad);
        else
            fprintf(out, "  %-*s", dw, dyad);
        uint32_t j = 0;
        for (size_t p = p0; p < g->nperiods; p++) {
            while (j < l->nseries && l->series[j].period < p)
                j++;
            char cell[32] = ".";
            if (j < l->nseries && l->series[j].period == p)
                snprintf(cell, sizeof cell, "%+g", period_net(&l->series[j]));
            if (md)
                fprintf(out, " %s |", cell);
            else
                fprintf(out, " %7s", cell);
        }
        fprintf(out, "\n");
    }
    if (g->undated)
        fprintf(out, "\n%s%lu event%s without a %s in %s date: in the totals "
                     "only\n",
                md ? "" : "  ", g->undated, g->undated == 1 ? "" : "s",
                slice, g->undated == 1 ? "its" : "their");
}

static void write_text(const report_data *d, FILE *out, int md)
{
    const dg_graph *g = d->g;
    const dg_report_options *ro = d->ro;
    const char *h = md ? "## " : "";
    fprintf(out, "%sdiplograph report%s\n\n", md ? "# " : "",
            md ? "" : "\n=================");
    char summary[256];
    fprintf(out, "%s\n", dg_graph_summary(g, summary, sizeof summary));
    fprintf(out, "%sinput: ", md ? "- " : "");
    if (md)
        md_text(out, ro->source ? ro->source : "-");
    else
        txt_text(out, ro->source ? ro->source : "-", -1, 0);
    fprintf(out, "\n%sfilters: ", md ? "- " : "");
    if (md)
        md_text(out, ro->filters && *ro->filters ? ro->filters : "none");
    else
        txt_text(out, ro->filters && *ro->filters ? ro->filters : "none", -1,
                 0);
    fprintf(out, "\n");
    fprintf(out, "%ssorted by %s%s\n\n", md ? "- " : "",
            columns[ro->sort >= 0 ? ro->sort : dg_report_sort_key("pagerank")]
                .name,
            ro->top > 0 ? ", top" : "");

    fprintf(out, "%sCentrality\n\n", h);
    if (md) {
        fprintf(out, "| actor | name |");
        for (size_t c = 0; c < NCOLS; c++)
            fprintf(out, " %s |", columns[c].name);
        fprintf(out, "\n|---|---|");
        for (size_t c = 0; c < NCOLS; c++)
            fprintf(out, "---:|");
        fprintf(out, "\n");
        for (size_t i = 0; i < d->nrows; i++) {
            const row *r = &d->rows[i];
            fprintf(out, "| ");
            md_text(out, nid(g, r->node));
            fprintf(out, " | ");
            md_text(out, nname(g, r->node));
            fprintf(out, " |");
            for (size_t c = 0; c < NCOLS; c++) {
                fprintf(out, " ");
                print_value(out, &columns[c], r->v[c], 0);
                fprintf(out, " |");
            }
            fprintf(out, "\n");
        }
    } else {
        fprintf(out, "%-10s %-22s", "actor", "name");
        for (size_t c = 0; c < NCOLS; c++)
            fprintf(out, " %9s", columns[c].title);
        fprintf(out, "\n");
        for (size_t i = 0; i < d->nrows; i++) {
            const row *r = &d->rows[i];
            fprintf(out, "%-10s ", nid(g, r->node)); /* ids are ASCII */
            txt_text(out, nname(g, r->node), 22, 1);
            for (size_t c = 0; c < NCOLS; c++) {
                fprintf(out, " ");
                print_value(out, &columns[c], r->v[c], 9);
            }
            fprintf(out, "\n");
        }
        fprintf(out, "\ncolumns: ");
        for (size_t c = 0; c < NCOLS; c++)
            fprintf(out, "%s=%s%s", columns[c].title, columns[c].name,
                    c + 1 < NCOLS ? ", " : "\n");
    }

    fprintf(out, "\n%sCommunities (cooperative layer)\n\n", h);
    fprintf(out, "%zu communit%s, modularity %.3f\n", g->ncommunities,
            g->ncommunities == 1 ? "y" : "ies", g->modularity);
    for (size_t c = 0; g->community && c < g->ncommunities; c++) {
        fprintf(out, "%s%zu:", md ? "- " : "  ", c);
        for (size_t i = 0; i < g->nnodes; i++)
            if (g->community[i] == (int32_t)c)
                fprintf(out, " %s", nid(g, i));
        fprintf(out, "\n");
    }

    const dg_balance_result *b = &d->bal;
    fprintf(out, "\n%sSigned balance\n\n", h);
    fprintf(out, "%zu signed triad%s, %zu balanced (%.1f%%), %zu unbalanced\n",
            b->triads, S(b->triads), b->balanced,
            b->triads ? 100.0 * (double)b->balanced / (double)b->triads : 0.0,
            b->nunbalanced);
    for (size_t t = 0; t < b->nunbalanced; t++) {
        const dg_triad *tr = &b->unbalanced[t];
        const char *a = nid(g, (size_t)tr->node[0]);
        const char *b2 = nid(g, (size_t)tr->node[1]);
        const char *c = nid(g, (size_t)tr->node[2]);
        fprintf(out, "%s%s-%s %c, %s-%s %c, %s-%s %c\n", md ? "- " : "  ", a,
                b2, tr->sign[0] > 0 ? '+' : '-', b2, c,
                tr->sign[1] > 0 ? '+' : '-', a, c,
                tr->sign[2] > 0 ? '+' : '-');
    }

    fprintf(out, "\n%sStrongest cooperative dyads\n\n", h);
    for (size_t i = 0; i < d->ncoop; i++) {
        const dg_link *l = dg_graph_edge(g, d->coop[i]);
        fprintf(out, "%s%s -> %s  %+g  (%ld event%s)\n", md ? "- " : "  ",
                g->lx->actors[l->s].id, g->lx->actors[l->t].id,
                l->positive - l->negative, l->events, S(l->events));
    }
    fprintf(out, "\n%sStrongest conflictual dyads\n\n", h);
    for (size_t i = 0; i < d->nconf; i++) {
        const dg_link *l = dg_graph_edge(g, d->conf[i]);
        fprintf(out, "%s%s -> %s  %+g  (%ld event%s)\n", md ? "- " : "  ",
                g->lx->actors[l->s].id, g->lx->actors[l->t].id,
                l->positive - l->negative, l->events, S(l->events));
    }
    fprintf(out, "\n%sMixed dyads (both signs, each at least 25%%)\n\n", h);
    size_t nmixed = 0;
    for (size_t k = 0; k < g->nlinks; k++) {
        const dg_link *l = dg_graph_edge(g, k);
        if (!dg_link_is_mixed(l))
            continue;
        nmixed++;
        fprintf(out, "%s%s -> %s  +%g / -%g  (%ld event%s)\n",
                md ? "- " : "  ", g->lx->actors[l->s].id,
                g->lx->actors[l->t].id, l->positive, l->negative, l->events,
                S(l->events));
    }
    if (!nmixed)
        fprintf(out, "%snone\n", md ? "- " : "  ");

    if (g->opt.slice != DG_SLICE_NONE)
        write_trends(d, out, md);

    fprintf(out, "\n%sMethods\n\n%s", h, md ? "" : "");
    const char *p = methods_text;
    while (*p) {
        const char *e = strchr(p, '\n');
        fprintf(out, "%s%.*s\n", md ? "- " : "  ", (int)(e - p), p);
        p = e + 1;
    }
}

/* ---- CSV and JSON -------------------------------------------------------- */

static void write_csv(const report_data *d, FILE *out)
{
    fprintf(out, "actor,name,type");
    for (size_t c = 0; c < NCOLS; c++)
        fprintf(out, ",%s", columns[c].name);
    fprintf(out, "\n");
    for (size_t i = 0; i < d->nrows; i++) {
        const row *r = &d->rows[i];
        dg_csv_field(out, nid(d->g, r->node));
        fputc(',', out);
        dg_csv_field(out, nname(d->g, r->node));
        fprintf(out, ",%s", d->g->lx->actors[d->g->nodes[r->node]].type ==
                                    DG_ACTOR_STATE ? "state" : "organization");
        for (size_t c = 0; c < NCOLS; c++) {
            if (isnan(r->v[c]))
                fprintf(out, ",");
            else
                fprintf(out, ",%.10g", r->v[c]);
        }
        fprintf(out, "\n");
    }
}

static cJSON *dyad_json(const dg_graph *g, const dg_link *l)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "source", g->lx->actors[l->s].id);
    cJSON_AddStringToObject(o, "target", g->lx->actors[l->t].id);
    cJSON_AddNumberToObject(o, "events", (double)l->events);
    cJSON_AddNumberToObject(o, "positive", l->positive);
    cJSON_AddNumberToObject(o, "negative", l->negative);
    cJSON_AddNumberToObject(o, "weight", l->positive + l->negative);
    cJSON_AddNumberToObject(o, "net", l->positive - l->negative);
    return o;
}

static void trends_json(const report_data *d, cJSON *root)
{
    const dg_graph *g = d->g;
    cJSON *tr = cJSON_AddObjectToObject(root, "trends");
    cJSON_AddStringToObject(tr, "slice", dg_slice_name(g->opt.slice));
    cJSON *pa = cJSON_AddArrayToObject(tr, "periods");
    for (size_t p = 0; p < g->nperiods; p++)
        cJSON_AddItemToArray(pa, cJSON_CreateString(g->periods[p]));
    cJSON_AddNumberToObject(tr, "undated_events", (double)g->undated);
    cJSON *ta = cJSON_AddArrayToObject(tr, "turns");
    for (size_t i = 0; i < d->nturns; i++) {
        const turn *t = &d->turns[i];
        const dg_link *l = dg_graph_edge(g, t->k);
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "source", g->lx->actors[l->s].id);
        cJSON_AddStringToObject(o, "target", g->lx->actors[l->t].id);
        cJSON_AddStringToObject(o, "first_period",
                                g->periods[l->series[0].period]);
        cJSON_AddNumberToObject(o, "first", t->first);
        cJSON_AddStringToObject(o, "last_period",
                                g->periods[l->series[l->nseries - 1].period]);
        cJSON_AddNumberToObject(o, "last", t->last);
        cJSON_AddNumberToObject(o, "change", t->change);
        cJSON_AddBoolToObject(o, "sign_flipped", t->flip);
        cJSON_AddItemToArray(ta, o);
    }
    cJSON *sa = cJSON_AddArrayToObject(tr, "series");
    for (size_t i = 0; i < d->nseries; i++) {
        const dg_link *l = dg_graph_edge(g, d->series[i]);
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "source", g->lx->actors[l->s].id);
        cJSON_AddStringToObject(o, "target", g->lx->actors[l->t].id);
        cJSON *se = cJSON_AddArrayToObject(o, "series");
        for (uint32_t j = 0; j < l->nseries; j++) {
            cJSON *e = cJSON_CreateObject();
            cJSON_AddStringToObject(e, "period",
                                    g->periods[l->series[j].period]);
            cJSON_AddNumberToObject(e, "events", (double)l->series[j].events);
            cJSON_AddNumberToObject(e, "weight", l->series[j].positive +
                                                     l->series[j].negative);
            cJSON_AddNumberToObject(e, "net", period_net(&l->series[j]));
            cJSON_AddItemToArray(se, e);
        }
        cJSON_AddItemToArray(sa, o);
    }
}

static int write_json(const report_data *d, FILE *out)
{
    const dg_graph *g = d->g;
    cJSON *root = cJSON_CreateObject();
    cJSON *hd = cJSON_AddObjectToObject(root, "header");
    cJSON_AddStringToObject(hd, "generator", "diplograph " DG_VERSION);
    cJSON_AddStringToObject(hd, "input", d->ro->source ? d->ro->source : "-");
    cJSON_AddStringToObject(hd, "filters",
                            d->ro->filters && *d->ro->filters ? d->ro->filters
                                                              : "none");
    cJSON_AddNumberToObject(hd, "actors", (double)g->nnodes);
    cJSON_AddNumberToObject(hd, "relations", (double)g->nlinks);
    cJSON_AddNumberToObject(hd, "events", (double)g->events);
    cJSON_AddNumberToObject(hd, "documents", (double)g->documents);
    cJSON *meth = cJSON_AddArrayToObject(root, "methods");
    const char *p = methods_text;
    while (*p) {
        const char *e = strchr(p, '\n');
        char line[400];
        snprintf(line, sizeof line, "%.*s", (int)(e - p), p);
        cJSON_AddItemToArray(meth, cJSON_CreateString(line));
        p = e + 1;
    }
    cJSON *actors = cJSON_AddArrayToObject(root, "actors");
    for (size_t i = 0; i < d->nrows; i++) {
        const row *r = &d->rows[i];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "id", nid(g, r->node));
        cJSON_AddStringToObject(o, "label", nname(g, r->node));
        for (size_t c = 0; c < NCOLS; c++) {
            if (isnan(r->v[c]) ||
                (strcmp(columns[c].name, "community") == 0 && r->v[c] < 0))
                cJSON_AddNullToObject(o, columns[c].name);
            else
                cJSON_AddNumberToObject(o, columns[c].name, r->v[c]);
        }
        cJSON_AddItemToArray(actors, o);
    }
    cJSON *comms = cJSON_AddArrayToObject(root, "communities");
    for (size_t c = 0; g->community && c < g->ncommunities; c++) {
        cJSON *m = cJSON_CreateArray();
        for (size_t i = 0; i < g->nnodes; i++)
            if (g->community[i] == (int32_t)c)
                cJSON_AddItemToArray(m, cJSON_CreateString(nid(g, i)));
        cJSON_AddItemToArray(comms, m);
    }
    cJSON_AddNumberToObject(root, "modularity", dg_round(g->modularity));
    cJSON *bal = cJSON_AddObjectToObject(root, "balance");
    cJSON_AddNumberToObject(bal, "triads", (double)d->bal.triads);
    cJSON_AddNumberToObject(bal, "balanced", (double)d->bal.balanced);
    cJSON_AddNumberToObject(bal, "balanced_share",
                            d->bal.triads ? dg_round((double)d->bal.balanced /
                                                     (double)d->bal.triads)
                                          : 0);
    cJSON *ub = cJSON_AddArrayToObject(bal, "unbalanced");
    for (size_t t = 0; t < d->bal.nunbalanced; t++) {
        const dg_triad *tr = &d->bal.unbalanced[t];
        cJSON *o = cJSON_CreateObject();
        cJSON *a = cJSON_AddArrayToObject(o, "actors");
        cJSON *s = cJSON_AddArrayToObject(o, "signs");
        for (int k = 0; k < 3; k++) {
            cJSON_AddItemToArray(a, cJSON_CreateString(nid(g, (size_t)tr->node[k])));
            cJSON_AddItemToArray(s, cJSON_CreateNumber(tr->sign[k]));
        }
        cJSON_AddItemToArray(ub, o);
    }
    cJSON *dy = cJSON_AddObjectToObject(root, "dyads");
    cJSON *co = cJSON_AddArrayToObject(dy, "cooperative");
    for (size_t i = 0; i < d->ncoop; i++)
        cJSON_AddItemToArray(co, dyad_json(g, dg_graph_edge(g, d->coop[i])));
    cJSON *cf = cJSON_AddArrayToObject(dy, "conflictual");
    for (size_t i = 0; i < d->nconf; i++)
        cJSON_AddItemToArray(cf, dyad_json(g, dg_graph_edge(g, d->conf[i])));
    cJSON *mx = cJSON_AddArrayToObject(dy, "mixed");
    for (size_t k = 0; k < g->nlinks; k++)
        if (dg_link_is_mixed(dg_graph_edge(g, k)))
            cJSON_AddItemToArray(mx, dyad_json(g, dg_graph_edge(g, k)));
    if (g->opt.slice != DG_SLICE_NONE)
        trends_json(d, root);
    char *text = cJSON_Print(root);
    cJSON_Delete(root);
    if (!text)
        return DG_ENOMEM;
    fputs(text, out);
    fputc('\n', out);
    free(text);
    return DG_OK;
}

int dg_write_report(const dg_graph *g, const dg_report_options *ro,
                    dg_report_format fmt, FILE *out, dg_error *err)
{
    dg_report_options defaults;
    if (!ro) {
        dg_report_options_init(&defaults);
        ro = &defaults;
    }
    if (!g || !out)
        return dg_error_set(err, DG_EINVAL, NULL, 0,
                            "dg_write_report: no graph or no stream");
    if (!g->metric)
        return dg_error_set(err, DG_EINVAL, NULL, 0,
                            "call dg_graph_analyze before the report");
    report_data d;
    int rc = data_init(&d, g, ro);
    if (rc == DG_OK) {
        switch (fmt) {
        case DG_REPORT_TEXT: write_text(&d, out, 0); break;
        case DG_REPORT_MARKDOWN: write_text(&d, out, 1); break;
        case DG_REPORT_CSV: write_csv(&d, out); break;
        case DG_REPORT_JSON: rc = write_json(&d, out); break;
        }
    }
    data_free(&d);
    if (rc != DG_OK)
        return dg_error_set(err, rc, NULL, 0, "out of memory");
    return ferror(out) ? dg_error_set(err, DG_EIO, NULL, 0, "write failed")
                       : DG_OK;
}

int dg_write_report_file(const dg_graph *g, const dg_report_options *ro,
                         const char *path, dg_error *err)
{
    const char *dot = strrchr(path, '.');
    dg_report_format fmt;
    if (dot && strcmp(dot, ".md") == 0)
        fmt = DG_REPORT_MARKDOWN;
    else if (dot && strcmp(dot, ".csv") == 0)
        fmt = DG_REPORT_CSV;
    else if (dot && strcmp(dot, ".json") == 0)
        fmt = DG_REPORT_JSON;
    else if (dot && strcmp(dot, ".txt") == 0)
        fmt = DG_REPORT_TEXT;
    else
        return dg_error_set(err, DG_EINVAL, path, 0,
                            "unknown report format (use .md, .csv, .json or "
                            ".txt)");
    dg_atomic_file af;
    int rc = dg_atomic_open(&af, path, err);
    if (rc != DG_OK)
        return rc;
    rc = dg_write_report(g, ro, fmt, af.fp, err);
    if (rc != DG_OK)
        return dg_atomic_fail(&af, rc, err);
    return dg_atomic_commit(&af, err);
}
