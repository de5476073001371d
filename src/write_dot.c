/* write_dot.c -- the graph as a Graphviz graph (cgraph): DOT text, or
 * laid out and rendered to SVG, PNG or PDF through gvc. It calls no
 * other writer (the format table is write.c's).
 *
 * Style: edge colour by sign (blue cooperation, red conflict, grey
 * balanced), width by |net weight|, tooltip with the evidence count and
 * the strongest sentence; a title line says what the colours mean.
 */
#include "graph_internal.h"
#include "write_internal.h"

#include <gvc.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define COLOR_COOP "#2166ac"
#define COLOR_CONFLICT "#b2182b"
#define COLOR_MIXED "#888888"

static void set(void *obj, const char *name, const char *value)
{
    agsafeset(obj, (char *)name, (char *)value, (char *)"");
}

/* Text that reaches Graphviz. agwrite quotes a value itself (a '"'
 * becomes \"), but label, tooltip and id are escStrings, read again at
 * render time: \N, \G, \E, \T, \H, \L stand for names, \n, \l, \r
 * break lines and \\ is one backslash; an unpaired backslash before the
 * closing quote also makes the DOT file unparseable. So a literal
 * backslash is doubled (ESC_LABEL). Tooltips go through a second round of
 * backslash escapes when rendered (Graphviz 2.43: "\\N" in a tooltip
 * still gives the node's name), so there it is doubled twice
 * (ESC_TOOLTIP). Graphviz also reads HTML entities in both ("&#65;" is
 * "A"), so '&' is written "&amp;". A newline becomes the line break \n;
 * other control characters, which XML cannot hold, become spaces. */
enum { ESC_LABEL = 1, ESC_TOOLTIP = 2 };

static int gv_escape(dg_buf *b, const char *s, int level)
{
    for (const char *p = s; *p; p++) {
        unsigned char c = (unsigned char)*p;
        int rc;
        if (c == '\\')
            rc = dg_buf_append(b, "\\\\\\\\", level == ESC_TOOLTIP ? 4 : 2);
        else if (c == '\n')
            rc = dg_buf_append(b, "\\n", 2);
        else if (c == '&')
            rc = dg_buf_append(b, "&amp;", 5);
        else if (c < 0x20 || c == 0x7F)
            rc = dg_buf_append(b, " ", 1);
        else
            rc = dg_buf_append(b, p, 1);
        if (rc != DG_OK)
            return rc;
    }
    return DG_OK;
}

/* s escaped into b (emptied first); NULL when out of memory. */
static const char *esc(dg_buf *b, const char *s, int level)
{
    b->len = 0;
    if (dg_buf_reserve(b, strlen(s) + 1) != DG_OK ||
        gv_escape(b, s, level) != DG_OK)
        return NULL;
    b->data[b->len] = '\0';
    return b->data;
}

/* Tooltip evidence, cut to a length (before escaping). */
static void shorten(char *dst, size_t cap, const char *src)
{
    size_t n = strlen(src);
    if (n < cap) {
        memcpy(dst, src, n + 1);
        return;
    }
    size_t k = cap - 4;
    while (k > 0 && ((unsigned char)src[k] & 0xC0) == 0x80)
        k--; /* do not cut a UTF-8 sequence */
    memcpy(dst, src, k);
    memcpy(dst + k, "...", 4);
}

/* Fill colours for communities (colour-blind safe, light enough for
 * black labels); nodes outside the cooperative layer stay grey. */
static const char *const community_colors[] = {
    "#a6cee3", "#b2df8a", "#fdbf6f", "#cab2d6", "#ffff99", "#fb9a99",
    "#8dd3c7", "#bebada", "#fccde5", "#d9d9d9", "#ccebc5", "#ffed6f"};

int dg_node_size_metric_valid(const char *name)
{
    if (strcmp(name, "mentions") == 0)
        return 1;
    for (int k = 0; k < DG_NMETRICS; k++)
        if (strcmp(dg_metric_names[k], name) == 0)
            return 1;
    return 0;
}

/* The value that sizes node i (a metric or the mention count). */
static double size_value(const dg_graph *g, size_t i, const char *name)
{
    if (strcmp(name, "mentions") == 0)
        return (double)g->mentions[g->nodes[i]];
    for (int k = 0; k < DG_NMETRICS; k++)
        if (strcmp(dg_metric_names[k], name) == 0) {
            double v = dg_graph_metric(g, i, k);
            return isfinite(v) && v > 0 ? v : 0;
        }
    return 0;
}

/* --node-size and --node-color. */
static void style_nodes(const dg_graph *g, Agnode_t **an,
                        const dg_render_options *ro)
{
    char buf[64];
    if (ro && ro->node_size && dg_node_size_metric_valid(ro->node_size)) {
        double max = 0;
        for (size_t i = 0; i < g->nnodes; i++)
            if (size_value(g, i, ro->node_size) > max)
                max = size_value(g, i, ro->node_size);
        for (size_t i = 0; i < g->nnodes; i++) {
            if (!an[i])
                continue;
            double f = max > 0 ? size_value(g, i, ro->node_size) / max : 0;
            snprintf(buf, sizeof buf, "%.1f", 10.0 + 14.0 * f);
            set(an[i], "fontsize", buf);
            snprintf(buf, sizeof buf, "%.2f", 0.6 + 1.4 * f);
            set(an[i], "width", buf);
            snprintf(buf, sizeof buf, "%.2f", 0.4 + 0.8 * f);
            set(an[i], "height", buf);
        }
    }
    if (ro && ro->node_color && strcmp(ro->node_color, "community") == 0 &&
        g->community) {
        size_t nc = sizeof community_colors / sizeof community_colors[0];
        for (size_t i = 0; i < g->nnodes; i++)
            if (an[i])
                set(an[i], "fillcolor",
                    g->community[i] >= 0
                        ? community_colors[(size_t)g->community[i] % nc]
                        : "#f0f0f0");
    }
}

/* ---- the layout budget ---------------------------------------------- */

/* Links drawn at most under ro (DG_DRAW_MAX_EDGES when unset). */
static size_t edge_budget(const dg_render_options *ro)
{
    return ro && ro->max_edges ? ro->max_edges : DG_DRAW_MAX_EDGES;
}

typedef struct strength {
    double w; /* |net weight| */
    long events;
    size_t k; /* position in g->order: (source id, target id) */
} strength;

/* Strongest first: |net weight|, then events, then (source id, target
 * id), which is the output order, so the choice is deterministic. */
static int cmp_strength(const void *a, const void *b)
{
    const strength *x = a, *y = b;
    if (x->w != y->w)
        return x->w > y->w ? -1 : 1;
    if (x->events != y->events)
        return x->events > y->events ? -1 : 1;
    return x->k < y->k ? -1 : x->k > y->k;
}

/* The links drawn (keep[k] for edge k in output order) and the actors
 * they touch (keep_node[i]); NULL keep when every link is drawn. Returns
 * the number of links drawn, or (size_t)-1 when out of memory. */
static size_t choose_edges(const dg_graph *g, const dg_render_options *ro,
                           unsigned char **keep, unsigned char **keep_node)
{
    size_t budget = edge_budget(ro);
    *keep = *keep_node = NULL;
    if (g->nlinks <= budget)
        return g->nlinks;
    strength *s = malloc(g->nlinks * sizeof *s);
    *keep = calloc(g->nlinks, 1);
    *keep_node = calloc(g->nnodes + 1, 1);
    if (!s || !*keep || !*keep_node) {
        free(s);
        free(*keep);
        free(*keep_node);
        *keep = *keep_node = NULL;
        return (size_t)-1;
    }
    for (size_t k = 0; k < g->nlinks; k++) {
        const dg_link *l = &g->links[g->order[k]];
        s[k] = (strength){fabs(l->positive - l->negative), l->events, k};
    }
    qsort(s, g->nlinks, sizeof *s, cmp_strength);
    for (size_t j = 0; j < budget; j++) {
        const dg_link *l = &g->links[g->order[s[j].k]];
        (*keep)[s[j].k] = 1;
        (*keep_node)[g->node_of[l->s]] = 1;
        (*keep_node)[g->node_of[l->t]] = 1;
    }
    free(s);
    return budget;
}

/* n with a comma every three digits ("20,332"). */
static const char *grouped(char *buf, size_t cap, size_t n)
{
    char digits[32];
    int len = snprintf(digits, sizeof digits, "%zu", n);
    size_t o = 0;
    for (int i = 0; i < len && o + 2 < cap; i++) {
        if (i > 0 && (len - i) % 3 == 0)
            buf[o++] = ',';
        buf[o++] = digits[i];
    }
    buf[o] = '\0';
    return buf;
}

static Agraph_t *to_cgraph(const dg_graph *g, const dg_render_options *ro,
                           size_t *drawn_nodes)
{
    const dg_lexicon *lx = g->lx;
    unsigned char *keep, *keep_node;
    size_t drawn = choose_edges(g, ro, &keep, &keep_node);
    if (drawn == (size_t)-1)
        return NULL;
    Agraph_t *ag = agopen((char *)"diplograph", Agstrictdirected, NULL);
    if (!ag) {
        free(keep);
        free(keep_node);
        return NULL;
    }
    char buf[64];
    dg_buf e1 = {0}, e2 = {0}, e3 = {0}, text = {0};
    char budget_line[160] = "";
    if (keep) {
        char a[32], b[32];
        snprintf(budget_line, sizeof budget_line,
                 "showing %s of %s relations, the strongest by |net "
                 "weight|\\n",
                 grouped(a, sizeof a, drawn), grouped(b, sizeof b, g->nlinks));
    }
    int ok = 1;
    if (ro && ro->title)
        ok = esc(&e2, ro->title, ESC_LABEL) &&
             dg_buf_printf(&e1, "%s%s%.*s", e2.data, keep ? "\\n" : "",
                           (int)(keep ? strlen(budget_line) - 2 : 0),
                           budget_line) == DG_OK;
    else {
        char summary[256];
        ok =
            esc(&e2, dg_graph_summary(g, summary, sizeof summary), ESC_LABEL) &&
            dg_buf_printf(&e1,
                          "diplograph: %s\\n%sblue = cooperation, red = "
                          "conflict, grey = balanced; width = |net weight|; "
                          "hover an edge for its evidence",
                          e2.data, budget_line) == DG_OK;
    }
    if (ok)
        set(ag, "label", e1.data);
    set(ag, "labelloc", "t");
    set(ag, "fontname", "Helvetica");
    set(ag, "fontsize", "11");
    set(ag, "overlap", "false");
    /* curved edges routed around the nodes cost time that grows fast with
     * the links (Graphviz 2.43, 120 actors: 150 links 1.5 s, 300 links
     * 6.5 s, 500 links 17 s); straight lines take well under a second */
    set(ag, "splines", drawn > DG_DRAW_SPLINE_EDGES ? "false" : "true");
    set(ag, "sep", "+12");
    set(ag, "outputorder", "edgesfirst");

    double maxw = 1;
    for (size_t k = 0; k < g->nlinks; k++) {
        const dg_link *l = &g->links[k];
        double w = fabs(l->positive - l->negative);
        if (w > maxw)
            maxw = w;
    }
    Agnode_t **an = ok ? calloc(g->nnodes + 1, sizeof *an) : NULL;
    if (!an)
        goto fail;
    *drawn_nodes = 0;
    for (size_t i = 0; i < g->nnodes; i++) {
        const dg_actor *a = &lx->actors[g->nodes[i]];
        if (keep_node && !keep_node[i])
            continue; /* an[i] stays NULL */
        ++*drawn_nodes;
        /* ids are capitals, digits and '-' (lexicon.c), safe as names */
        an[i] = agnode(ag, a->id, 1);
        if (!esc(&e1, a->name, ESC_LABEL))
            goto fail;
        set(an[i], "label", e1.data);
        set(an[i], "fontname", "Helvetica");
        set(an[i], "style", "filled");
        if (a->type == DG_ACTOR_STATE) {
            set(an[i], "shape", "ellipse");
            set(an[i], "fillcolor", "#f7f4e8");
        } else {
            set(an[i], "shape", "box");
            set(an[i], "fillcolor", "#e8eef7");
        }
        text.len = 0;
        if (!esc(&e1, a->name, ESC_TOOLTIP) || !esc(&e2, a->id, ESC_TOOLTIP) ||
            dg_buf_printf(&text, "%s (%s): %lu mentions", e1.data, e2.data,
                          g->mentions[g->nodes[i]]) != DG_OK ||
            !esc(&e3, a->id, ESC_LABEL))
            goto fail;
        set(an[i], "tooltip", text.data);
        set(an[i], "id", e3.data);
    }
    style_nodes(g, an, ro);
    for (size_t k = 0; k < g->nlinks; k++) {
        if (keep && !keep[k])
            continue;
        const dg_link *l = &g->links[g->order[k]];
        double w = l->positive - l->negative;
        Agedge_t *e = agedge(ag, an[g->node_of[l->s]], an[g->node_of[l->t]],
                             NULL, 1);
        set(e, "color", w > 0 ? COLOR_COOP : w < 0 ? COLOR_CONFLICT
                                                   : COLOR_MIXED);
        snprintf(buf, sizeof buf, "%.2f", 1.0 + 5.0 * fabs(w) / maxw);
        set(e, "penwidth", buf);
        snprintf(buf, sizeof buf, "%+g", w);
        set(e, "label", buf);
        set(e, "fontsize", "9");
        set(e, "fontname", "Helvetica");
        set(e, "fontcolor", w > 0 ? COLOR_COOP : w < 0 ? COLOR_CONFLICT
                                                       : COLOR_MIXED);
        char top[600];
        shorten(top, sizeof top, l->nev ? l->ev[0].text : "");
        text.len = 0;
        if (!esc(&e1, lx->actors[l->s].id, ESC_TOOLTIP) ||
            !esc(&e2, lx->actors[l->t].id, ESC_TOOLTIP) ||
            !esc(&e3, top, ESC_TOOLTIP) ||
            dg_buf_printf(&text,
                          "%s -> %s: %ld events (+%g / -%g), net %+g\\n\"%s\"",
                          e1.data, e2.data, l->events, l->positive, l->negative,
                          w, e3.data) != DG_OK)
            goto fail;
        set(e, "tooltip", text.data);
        set(e, "labeltooltip", text.data);
        text.len = 0;
        if (!esc(&e1, lx->actors[l->s].id, ESC_LABEL) ||
            !esc(&e2, lx->actors[l->t].id, ESC_LABEL) ||
            dg_buf_printf(&text, "%s->%s", e1.data, e2.data) != DG_OK)
            goto fail;
        set(e, "id", text.data);
    }
    free(an);
    free(keep);
    free(keep_node);
    dg_buf_free(&e1);
    dg_buf_free(&e2);
    dg_buf_free(&e3);
    dg_buf_free(&text);
    return ag;
fail:
    free(an);
    free(keep);
    free(keep_node);
    dg_buf_free(&e1);
    dg_buf_free(&e2);
    dg_buf_free(&e3);
    dg_buf_free(&text);
    agclose(ag);
    return NULL;
}

static const char *const engines[] = {"dot", "neato", "fdp", "sfdp", "circo",
                                      "twopi", "osage", "patchwork", NULL};

void dg_render_options_init(dg_render_options *o)
{
    o->layout = NULL;
    o->title = NULL;
    o->node_size = NULL;
    o->node_color = NULL;
    o->json_format = DG_JSON_NODE_LINK;
    o->max_edges = 0;
    o->seed = 0;
}

int dg_layout_valid(const char *engine)
{
    for (size_t i = 0; engines[i]; i++)
        if (strcmp(engines[i], engine) == 0)
            return 1;
    return 0;
}

/* x or y of a laid-out node in points, to 1/100 (Graphviz's own
 * precision in its outputs). */
static double coord(double v)
{
    return round(v * 100) / 100 + 0.0;
}

/* g laid out under ro into *ag: the cgraph with its layout. The caller
 * holds the Graphviz lock, frees the layout (gvFreeLayout) and closes the
 * graph. nodes_only: only the nodes' positions are wanted, so the edges
 * are not routed (the positions are the same; routing curves around the
 * nodes is most of the time of a layout); the graph keeps its "splines"
 * value. */
static int laid_out(const dg_graph *g, const dg_render_options *ro,
                    int nodes_only, const char *path, Agraph_t **out,
                    dg_error *err)
{
    size_t drawn_nodes = 0;
    *out = NULL;
    Agraph_t *ag = to_cgraph(g, ro, &drawn_nodes);
    if (!ag)
        return dg_error_set(err, DG_ENOMEM, path, 0, "out of memory");
    const char *engine = ro && ro->layout                   ? ro->layout
                         : drawn_nodes > DG_DRAW_SFDP_NODES ? "sfdp"
                                                            : "neato";
    if (!dg_layout_valid(engine)) {
        agclose(ag);
        return dg_error_set(err, DG_EINVAL, path, 0,
                            "unknown layout \"%s\" (use dot, neato, fdp, "
                            "sfdp, circo, twopi, osage or patchwork)",
                            engine);
    }
    GVC_t *gvc = dg_graphviz_context();
    if (!gvc) {
        agclose(ag);
        return dg_error_set(err, DG_ERENDER, path, 0,
                            "cannot start Graphviz");
    }
    if (ro && ro->seed) {
        /* the start of neato, fdp and sfdp: random from this seed (the
         * other engines are not random) */
        char buf[32];
        snprintf(buf, sizeof buf, "%lu", ro->seed);
        set(ag, "start", buf);
    }
    char splines[16] = "";
    if (nodes_only) {
        const char *v = agget(ag, (char *)"splines");
        snprintf(splines, sizeof splines, "%s", v ? v : "");
        set(ag, "splines", "false");
    }
    int failed = gvLayout(gvc, ag, engine) != 0;
    if (nodes_only)
        set(ag, "splines", splines);
    if (failed) {
        agclose(ag);
        return dg_error_set(err, DG_ERENDER, path, 0,
                            "Graphviz layout \"%s\" failed", engine);
    }
    *out = ag;
    return DG_OK;
}

/* The laid-out positions of g's nodes into pos (x, y per node; NAN for a
 * node left out of the drawing). */
static void read_positions(const dg_graph *g, Agraph_t *ag, double *pos)
{
    for (size_t i = 0; i < g->nnodes; i++) {
        Agnode_t *n = agnode(ag, g->lx->actors[g->nodes[i]].id, 0);
        pos[2 * i] = n ? coord(ND_coord(n).x) : NAN;
        pos[2 * i + 1] = n ? coord(ND_coord(n).y) : NAN;
    }
}

static int render_locked(const dg_graph *g, dg_format f, FILE *out,
                         const dg_render_options *ro, const char *path,
                         dg_error *err)
{
    Agraph_t *ag;
    int rc = laid_out(g, ro, f == DG_FORMAT_DOT, path, &ag, err);
    if (rc != DG_OK)
        return rc;
    GVC_t *gvc = dg_graphviz_context();
    if (f == DG_FORMAT_DOT) {
        /* the DOT text with each node's "pos" from the layout (what
         * neato -n draws as it is), not the rest of the layout */
        double *pos = malloc((2 * g->nnodes + 1) * sizeof *pos);
        if (pos)
            read_positions(g, ag, pos);
        gvFreeLayout(gvc, ag);
        char buf[64];
        for (size_t i = 0; pos && i < g->nnodes; i++) {
            Agnode_t *n = agnode(ag, g->lx->actors[g->nodes[i]].id, 0);
            if (!n)
                continue;
            snprintf(buf, sizeof buf, "%.2f,%.2f", pos[2 * i], pos[2 * i + 1]);
            set(n, "pos", buf);
        }
        if (!pos)
            rc = dg_error_set(err, DG_ENOMEM, path, 0, "out of memory");
        else if (agwrite(ag, out) != 0)
            rc = dg_error_set(err, DG_EIO, path, 0, "write failed");
        free(pos);
        agclose(ag);
        return rc;
    }
    const char *fmt = f == DG_FORMAT_SVG ? "svg" : f == DG_FORMAT_PNG ? "png"
                                                                      : "pdf";
    /* into memory, then through the caller's checked stream: Graphviz
     * calls exit(1) on a short write to a FILE (a full disk) */
    char *data = NULL;
    unsigned int len = 0;
    if (gvRenderData(gvc, ag, fmt, &data, &len) != 0 || !data)
        rc = dg_error_set(err, DG_ERENDER, path, 0,
                          "Graphviz cannot render %s (is the graphviz "
                          "package with its plugins installed?)",
                          fmt);
    else if (fwrite(data, 1, len, out) != len)
        rc = dg_error_set(err, DG_EIO, path, 0, "write failed");
    if (data)
        gvFreeRenderData(data);
    gvFreeLayout(gvc, ag);
    agclose(ag);
    return rc;
}

static int render(const dg_graph *g, dg_format f, FILE *out,
                  const dg_render_options *ro, const char *path, dg_error *err)
{
    dg_graphviz_lock();
    int rc = render_locked(g, f, out, ro, path, err);
    dg_graphviz_unlock();
    return rc;
}

int dg_layout_positions(const dg_graph *g, const dg_render_options *ro,
                        double **pos, dg_error *err)
{
    *pos = malloc((2 * g->nnodes + 1) * sizeof **pos);
    if (!*pos)
        return dg_error_set(err, DG_ENOMEM, NULL, 0, "out of memory");
    if (g->nnodes == 0)
        return DG_OK;
    dg_graphviz_lock();
    Agraph_t *ag;
    int rc = laid_out(g, ro, 1, NULL, &ag, err);
    if (rc == DG_OK) {
        read_positions(g, ag, *pos);
        gvFreeLayout(dg_graphviz_context(), ag);
        agclose(ag);
    }
    dg_graphviz_unlock();
    if (rc != DG_OK) {
        free(*pos);
        *pos = NULL;
    }
    return rc;
}

/* For dg_write_file's format table (write.c) and the HTML report
 * (write_html.c), which inlines the SVG. */
int dg_render_graphviz(const dg_graph *g, dg_format f, FILE *out,
                       const dg_render_options *ro, const char *path,
                       dg_error *err)
{
    return render(g, f, out, ro, path, err);
}
