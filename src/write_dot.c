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

/* Fill colours for communities: light enough for black names, and no
 * blue or red, which are the edges' cooperation and conflict (and no
 * grey, which is "balanced" and "no community"); after the last the
 * colours repeat, and the legend says so. */
static const char *const community_colors[] = {"#fdb462", "#b3de69", "#d4b0e0",
                                               "#ffed6f", "#8dd3c7", "#dfc27d",
                                               "#e5f5a0"};
#define NCOMMUNITY_COLORS (sizeof community_colors / sizeof community_colors[0])
#define COLOR_NO_COMMUNITY "#f0f0f0"
#define FILL_STATE "#f7f4e8"
#define FILL_ORGANIZATION "#e8eef7"

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
        for (size_t i = 0; i < g->nnodes; i++)
            if (an[i])
                set(an[i], "fillcolor",
                    g->community[i] >= 0
                        ? community_colors[(size_t)g->community[i] %
                                           NCOMMUNITY_COLORS]
                        : COLOR_NO_COMMUNITY);
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

/* ---- the caption and the legend ---------------------------------------- */

/* Text for an HTML-like label (the caption): the five XML characters as
 * entities; a backslash doubled, since Graphviz still reads the escString
 * sequences (\N, \G, \\) in it after the entities; a newline becomes a
 * line break, other control characters spaces. */
static int html_escape(dg_buf *b, const char *s)
{
    for (const char *p = s; *p; p++) {
        unsigned char c = (unsigned char)*p;
        const char *r = NULL;
        char one[2] = {*p, '\0'};
        switch (c) {
        case '&':
            r = "&amp;";
            break;
        case '<':
            r = "&lt;";
            break;
        case '>':
            r = "&gt;";
            break;
        case '"':
            r = "&quot;";
            break;
        case '\\':
            r = "\\\\";
            break;
        case '\n':
            r = "<BR/>";
            break;
        default:
            r = c < 0x20 || c == 0x7F ? " " : one;
        }
        if (dg_buf_append(b, r, strlen(r)) != DG_OK)
            return DG_ENOMEM;
    }
    return DG_OK;
}

/* A legend cell: a line of the width and colour of an edge (after a gap
 * from what comes before it). */
static int swatch_line(dg_buf *b, double penwidth, const char *color)
{
    int h = (int)lround(penwidth);
    return dg_buf_printf(b,
                         "<TD FIXEDSIZE=\"TRUE\" WIDTH=\"8\" HEIGHT=\"1\" "
                         "CELLPADDING=\"0\"></TD>"
                         "<TD FIXEDSIZE=\"TRUE\" WIDTH=\"26\" HEIGHT=\"%d\" "
                         "CELLPADDING=\"0\" BGCOLOR=\"%s\"></TD>",
                         h < 1 ? 1 : h, color);
}

/* A legend cell: a small node (rounded for a state, square for an
 * organization) of a fill colour, with a word in it. */
static int swatch_node(dg_buf *b, int state, const char *fill, const char *word)
{
    return dg_buf_printf(b,
                         "<TD CELLPADDING=\"2\"><TABLE%s BORDER=\"1\" "
                         "CELLBORDER=\"0\" "
                         "CELLPADDING=\"1\" CELLSPACING=\"0\" "
                         "BGCOLOR=\"%s\"><TR><TD>%s</TD></TR></TABLE></TD>",
                         state ? " STYLE=\"rounded\"" : "", fill, word);
}

static int text_cell(dg_buf *b, const char *text)
{
    return dg_buf_printf(b, "<TD ALIGN=\"LEFT\" CELLPADDING=\"3\">%s</TD>",
                         text);
}

/* One row of the legend: its heading, then cells (already formatted).
 * Graphviz widens every column of a table narrower than its cell by the
 * same share of the difference (htmltable.c pos_html_tbl), which would
 * spread a short row's cells over the legend's width: empty cells after
 * them take most of that share, so the row stays packed at its left. */
static int legend_row(dg_buf *b, const char *heading, const dg_buf *cells)
{
    int rc = dg_buf_printf(b,
                           "<TR><TD ALIGN=\"RIGHT\"><FONT COLOR=\"#555555\">"
                           "%s</FONT></TD><TD ALIGN=\"LEFT\"><TABLE "
                           "BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"0\" "
                           "CELLPADDING=\"0\"><TR>%s",
                           heading, cells->data ? cells->data : "");
    for (int i = 0; i < 24 && rc == DG_OK; i++)
        rc = dg_buf_printf(b, "<TD></TD>");
    return rc == DG_OK ? dg_buf_printf(b, "</TR></TABLE></TD></TR>") : rc;
}

/* The legend of a drawing: what edge colours, widths and labels mean, and
 * node shapes, fills and sizes, each for what the drawing holds (an[i]
 * NULL for actors not drawn). An HTML-like table, in the caption. */
static int legend(dg_buf *b, const dg_graph *g, const dg_render_options *ro,
                  Agnode_t *const *an, double maxw)
{
    int states = 0, orgs = 0, none = 0;
    size_t ncomm = 0;
    int by_community = ro && ro->node_color &&
                       strcmp(ro->node_color, "community") == 0 && g->community;
    unsigned char *comm = by_community ? calloc(g->ncommunities + 1, 1) : NULL;
    if (by_community && !comm)
        return DG_ENOMEM;
    for (size_t i = 0; i < g->nnodes; i++) {
        if (!an[i])
            continue;
        if (g->lx->actors[g->nodes[i]].type == DG_ACTOR_STATE)
            states = 1;
        else
            orgs = 1;
        if (comm && g->community[i] < 0)
            none = 1;
        else if (comm && !comm[g->community[i]]++)
            ncomm++;
    }
    /* the relations drawn: signs present, |net weight| range */
    int coop = 0, conflict = 0, mixed = 0;
    double lo = INFINITY, hi = 0;
    for (size_t k = 0; k < g->nlinks; k++) {
        const dg_link *l = &g->links[k];
        if (!an[g->node_of[l->s]] || !an[g->node_of[l->t]])
            continue;
        double w = l->positive - l->negative;
        coop |= w > 0;
        conflict |= w < 0;
        mixed |= w == 0;
        lo = fabs(w) < lo ? fabs(w) : lo;
        hi = fabs(w) > hi ? fabs(w) : hi;
    }
    dg_buf cells = {0};
    int rc = dg_buf_printf(b, "<TABLE BORDER=\"1\" COLOR=\"#bbbbbb\" "
                              "CELLBORDER=\"0\" CELLSPACING=\"1\" "
                              "CELLPADDING=\"1\">");
#define TRY(x)                                                                 \
    if (rc == DG_OK)                                                           \
    rc = (x)
    /* edge colours */
    cells.len = 0;
    if (coop) {
        TRY(swatch_line(&cells, 3, COLOR_COOP));
        TRY(text_cell(&cells, "cooperation"));
    }
    if (conflict) {
        TRY(swatch_line(&cells, 3, COLOR_CONFLICT));
        TRY(text_cell(&cells, "conflict"));
    }
    if (mixed) {
        TRY(swatch_line(&cells, 3, COLOR_MIXED));
        TRY(text_cell(&cells, "balanced (net 0)"));
    }
    if (cells.len)
        TRY(legend_row(b, "arrow colour", &cells));
    /* edge width: penwidth 1 + 5 |w| / maxw, as to_cgraph draws it */
    if (hi > 0) {
        char v[64];
        cells.len = 0;
        TRY(swatch_line(&cells, 1.0 + 5.0 * lo / maxw, "#555555"));
        snprintf(v, sizeof v, "%g", lo);
        TRY(text_cell(&cells, v));
        if (hi > lo) {
            TRY(swatch_line(&cells, 1.0 + 5.0 * hi / maxw, "#555555"));
            snprintf(v, sizeof v, "%g", hi);
            TRY(text_cell(&cells, v));
        }
        TRY(text_cell(&cells, "|net weight|"));
        TRY(legend_row(b, "arrow width", &cells));
        cells.len = 0;
        TRY(text_cell(&cells, "net weight: + more cooperation, &#8722; more "
                              "conflict"));
        TRY(legend_row(b, "arrow label", &cells));
    }
    /* node shapes, and their fills when the fill is the type */
    cells.len = 0;
    if (states)
        TRY(swatch_node(&cells, 1, by_community ? "white" : FILL_STATE,
                        "state"));
    if (orgs)
        TRY(swatch_node(&cells, 0, by_community ? "white" : FILL_ORGANIZATION,
                        "organization"));
    if (cells.len)
        TRY(legend_row(b, "actor shape", &cells));
    if (by_community) {
        cells.len = 0;
        size_t shown = 0;
        for (size_t c = 0; c < g->ncommunities && shown < 12; c++) {
            if (!comm[c])
                continue;
            char word[32];
            snprintf(word, sizeof word, "%zu", c);
            TRY(swatch_node(&cells, 1, community_colors[c % NCOMMUNITY_COLORS],
                            word));
            shown++;
        }
        if (shown < ncomm)
            TRY(text_cell(&cells, "&#8230;"));
        if (none)
            TRY(swatch_node(&cells, 1, COLOR_NO_COMMUNITY, "none"));
        TRY(text_cell(&cells, g->ncommunities > NCOMMUNITY_COLORS
                                  ? "communities of cooperation (the colours "
                                    "repeat)"
                                  : "communities of cooperation"));
        TRY(legend_row(b, "actor fill", &cells));
    }
    if (ro && ro->node_size && dg_node_size_metric_valid(ro->node_size)) {
        double max = 0;
        for (size_t i = 0; i < g->nnodes; i++)
            if (size_value(g, i, ro->node_size) > max)
                max = size_value(g, i, ro->node_size);
        char v[160];
        snprintf(v, sizeof v, "by %s, up to %.3g (the name grows with it)",
                 ro->node_size, max);
        cells.len = 0;
        TRY(text_cell(&cells, v));
        TRY(legend_row(b, "actor size", &cells));
    }
#undef TRY
    free(comm);
    dg_buf_free(&cells);
    return rc == DG_OK ? dg_buf_printf(b, "</TABLE>") : rc;
}

/* The drawing's caption, at its top. In a file (DOT, SVG, PNG, PDF):
 * the title (--title, or "diplograph:" and the graph's summary), the
 * layout budget's note when links were left out (drawn > 0), and the
 * legend. On the HTML page (page), which has its own title, summary and
 * legend: the budget's note alone. */
static int set_caption(Agraph_t *ag, const dg_graph *g,
                       const dg_render_options *ro, int page,
                       Agnode_t *const *an, size_t drawn, double maxw)
{
    char budget[160] = "";
    if (drawn) {
        char a[32], b[32];
        snprintf(budget, sizeof budget,
                 "showing %s of %s relations, the strongest by |net weight|",
                 grouped(a, sizeof a, drawn), grouped(b, sizeof b, g->nlinks));
    }
    if (page) {
        if (drawn)
            set(ag, "label", budget);
        return DG_OK;
    }
    dg_buf h = {0};
    char summary[256];
    int rc = dg_buf_printf(&h, "<TABLE BORDER=\"0\" CELLBORDER=\"0\" "
                               "CELLSPACING=\"0\" CELLPADDING=\"2\"><TR><TD>"
                               "<FONT POINT-SIZE=\"12\">");
    if (rc == DG_OK && !(ro && ro->title))
        rc = dg_buf_printf(&h, "diplograph: ");
    if (rc == DG_OK)
        rc = html_escape(
            &h, ro && ro->title ? ro->title
                                : dg_graph_summary(g, summary, sizeof summary));
    if (rc == DG_OK)
        rc = dg_buf_printf(&h, "</FONT></TD></TR>");
    if (rc == DG_OK && drawn)
        rc = dg_buf_printf(&h, "<TR><TD>%s</TD></TR>", budget);
    if (rc == DG_OK)
        rc = dg_buf_printf(&h, "<TR><TD>");
    if (rc == DG_OK)
        rc = legend(&h, g, ro, an, maxw);
    if (rc == DG_OK)
        rc = dg_buf_printf(&h, "</TD></TR></TABLE>");
    if (rc == DG_OK) {
        char *html = agstrdup_html(ag, h.data);
        if (!html)
            rc = DG_ENOMEM;
        else {
            set(ag, "label", "");
            agset(ag, (char *)"label", html);
            agstrfree(ag, html);
        }
    }
    dg_buf_free(&h);
    return rc;
}

static Agraph_t *to_cgraph(const dg_graph *g, const dg_render_options *ro,
                           int page, size_t *drawn_nodes)
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
    Agnode_t **an = calloc(g->nnodes + 1, sizeof *an);
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
            set(an[i], "fillcolor", FILL_STATE);
        } else {
            set(an[i], "shape", "box");
            set(an[i], "fillcolor", FILL_ORGANIZATION);
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
    if (set_caption(ag, g, ro, page, an, keep ? drawn : 0, maxw) != DG_OK)
        goto fail;
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
    o->dpi = 0;
}

int dg_layout_valid(const char *engine)
{
    for (size_t i = 0; engines[i]; i++)
        if (strcmp(engines[i], engine) == 0)
            return 1;
    return 0;
}
/* ---- edge labels ---------------------------------------------------- */

/* Graphviz's neato puts an edge's label beside the middle of its edge,
 * away from nodes and other labels but not from edges: its own edge often
 * cuts it, and the other edge of a reciprocal pair runs beside it, so two
 * labels read as one ("+4+4"). place_edge_labels moves each label, after
 * the layout, to the free place nearest the middle of its edge: candidate
 * places along the edge, on either side of it, scored by what they would
 * cover (scripts/label-overlaps counts the same on an SVG). */

typedef struct lbox {
    double x0, y0, x1, y1;
} lbox;

typedef struct lpoint {
    double x, y, r; /* a point of an edge and its half width there */
    size_t edge;
} lpoint;

typedef struct ledge {
    Agedge_t *e;
    size_t first, n; /* its points */
    lbox bounds;     /* of its points, widened by their r */
    double pen;
} ledge;

static int lbox_overlap(lbox a, lbox b, double gap)
{
    return a.x0 < b.x1 + gap && b.x0 < a.x1 + gap && a.y0 < b.y1 + gap &&
           b.y0 < a.y1 + gap;
}

/* Points along e's spline about every two points, and its arrowheads. */
static int add_spline_points(lpoint **pts, size_t *n, size_t *cap, Agedge_t *e,
                             size_t edge, double r)
{
    splines *spl = ED_spl(e);
    for (int i = 0; spl && i < spl->size; i++) {
        const bezier *bz = &spl->list[i];
        for (int j = 0; j + 3 < bz->size; j += 3) {
            const pointf *c = &bz->list[j];
            double len = hypot(c[1].x - c[0].x, c[1].y - c[0].y) +
                         hypot(c[2].x - c[1].x, c[2].y - c[1].y) +
                         hypot(c[3].x - c[2].x, c[3].y - c[2].y);
            int steps = (int)(len / 2) + 2;
            for (int k = 0; k <= steps; k++) {
                double t = (double)k / steps, u = 1 - t;
                if (*n == *cap) {
                    size_t nc = *cap ? *cap * 2 : 1024;
                    lpoint *np = realloc(*pts, nc * sizeof *np);
                    if (!np)
                        return DG_ENOMEM;
                    *pts = np;
                    *cap = nc;
                }
                (*pts)[(*n)++] =
                    (lpoint){u * u * u * c[0].x + 3 * u * u * t * c[1].x +
                                 3 * u * t * t * c[2].x + t * t * t * c[3].x,
                             u * u * u * c[0].y + 3 * u * u * t * c[1].y +
                                 3 * u * t * t * c[2].y + t * t * t * c[3].y,
                             r, edge};
            }
        }
        /* the arrowheads: from the curve's end to the arrow's tip */
        for (int end = 0; end < 2; end++) {
            if (!(end ? bz->eflag : bz->sflag) || bz->size < 1)
                continue;
            pointf a = end ? bz->list[bz->size - 1] : bz->list[0];
            pointf b = end ? bz->ep : bz->sp;
            for (int k = 0; k <= 5; k++) {
                if (*n == *cap) {
                    size_t nc = *cap ? *cap * 2 : 1024;
                    lpoint *np = realloc(*pts, nc * sizeof *np);
                    if (!np)
                        return DG_ENOMEM;
                    *pts = np;
                    *cap = nc;
                }
                (*pts)[(*n)++] =
                    (lpoint){a.x + (b.x - a.x) * k / 5,
                             a.y + (b.y - a.y) * k / 5, r + 3, edge};
            }
        }
    }
    return DG_OK;
}

/* What a label at box b would cover, the lower the better. */
static double label_cost(lbox b, const ledge *edges, size_t nedges,
                         const lpoint *pts, Agraph_t *ag, const lbox *placed,
                         size_t nplaced, lbox area, lbox title)
{
    double cost = 0;
    if (b.x0 < area.x0 || b.x1 > area.x1 || b.y0 < area.y0 || b.y1 > area.y1)
        cost += 1000;
    if (title.x1 > title.x0 && lbox_overlap(b, title, 1))
        cost += 1000;
    for (Agnode_t *n = agfstnode(ag); n; n = agnxtnode(ag, n)) {
        double cx = ND_coord(n).x, cy = ND_coord(n).y;
        double rx = ND_width(n) * 36 + 1, ry = ND_height(n) * 36 + 1;
        /* an ellipse: the box's point nearest the centre is inside; a box
         * (or other polygon): the bounding boxes meet */
        double px = cx < b.x0 ? b.x0 : cx > b.x1 ? b.x1 : cx;
        double py = cy < b.y0 ? b.y0 : cy > b.y1 ? b.y1 : cy;
        const char *shape = agget(n, (char *)"shape");
        int ellipse = !shape || !*shape || strcmp(shape, "ellipse") == 0;
        if (ellipse ? (px - cx) * (px - cx) / (rx * rx) +
                              (py - cy) * (py - cy) / (ry * ry) <
                          1
                    : lbox_overlap(
                          b, (lbox){cx - rx, cy - ry, cx + rx, cy + ry}, 0))
            cost += 500;
    }
    for (size_t i = 0; i < nplaced; i++)
        if (lbox_overlap(b, placed[i], 2))
            cost += 300;
    for (size_t k = 0; k < nedges; k++) {
        if (!lbox_overlap(b, edges[k].bounds, 0))
            continue;
        for (size_t j = edges[k].first; j < edges[k].first + edges[k].n; j++) {
            const lpoint *p = &pts[j];
            if (p->x > b.x0 - p->r && p->x < b.x1 + p->r &&
                p->y > b.y0 - p->r && p->y < b.y1 + p->r) {
                cost += 60;
                break;
            }
        }
    }
    return cost;
}

static int cmp_pen(const void *a, const void *b)
{
    const ledge *x = a, *y = b;
    if (x->pen != y->pen)
        return x->pen > y->pen ? -1 : 1;
    return x->first < y->first ? -1 : x->first > y->first;
}

/* Moves the edge labels of the laid-out ag to free places; leaves a label
 * where Graphviz put it when no candidate is better, and every label when
 * memory runs out (the drawing is still right, only less legible). */
static void place_edge_labels(Agraph_t *ag)
{
    size_t nedges = 0, cap = 0, npts = 0;
    for (Agnode_t *n = agfstnode(ag); n; n = agnxtnode(ag, n))
        for (Agedge_t *e = agfstout(ag, n); e; e = agnxtout(ag, e))
            nedges++;
    ledge *edges = calloc(nedges + 1, sizeof *edges);
    lbox *placed = calloc(nedges + 1, sizeof *placed);
    lpoint *pts = NULL;
    if (!edges || !placed)
        goto out;
    nedges = 0;
    for (Agnode_t *n = agfstnode(ag); n; n = agnxtnode(ag, n))
        for (Agedge_t *e = agfstout(ag, n); e; e = agnxtout(ag, e)) {
            const char *pw = agget(e, (char *)"penwidth");
            double pen = pw && *pw ? atof(pw) : 1;
            ledge *le = &edges[nedges];
            *le = (ledge){
                e, npts, 0, {INFINITY, INFINITY, -INFINITY, -INFINITY}, pen};
            if (add_spline_points(&pts, &npts, &cap, e, nedges,
                                  pen / 2 + 0.5) != DG_OK)
                goto out;
            le->n = npts - le->first;
            for (size_t j = le->first; j < npts; j++) {
                const lpoint *p = &pts[j];
                le->bounds.x0 = fmin(le->bounds.x0, p->x - p->r);
                le->bounds.y0 = fmin(le->bounds.y0, p->y - p->r);
                le->bounds.x1 = fmax(le->bounds.x1, p->x + p->r);
                le->bounds.y1 = fmax(le->bounds.y1, p->y + p->r);
            }
            nedges++;
        }
    /* the strongest edges choose first */
    qsort(edges, nedges, sizeof *edges, cmp_pen);
    boxf bb = GD_bb(ag);
    lbox area = {bb.LL.x, bb.LL.y, bb.UR.x, bb.UR.y}, title = {0, 0, 0, 0};
    textlabel_t *gl = GD_label(ag);
    if (gl)
        title =
            (lbox){gl->pos.x - gl->dimen.x / 2, gl->pos.y - gl->dimen.y / 2,
                   gl->pos.x + gl->dimen.x / 2, gl->pos.y + gl->dimen.y / 2};
    static const double where[] = {0.5,  0.42, 0.58, 0.34, 0.66,
                                   0.26, 0.74, 0.18, 0.82};
    size_t nplaced = 0;
    for (size_t k = 0; k < nedges; k++) {
        textlabel_t *lab = ED_label(edges[k].e);
        const ledge *le = &edges[k];
        if (!lab || le->n < 2)
            continue;
        double hw = lab->dimen.x / 2, hh = lab->dimen.y / 2;
        /* Graphviz's own place first: kept unless a place is better */
        lbox best = {lab->pos.x - hw, lab->pos.y - hh, lab->pos.x + hw,
                     lab->pos.y + hh};
        double best_cost = label_cost(best, edges, nedges, pts, ag, placed,
                                      nplaced, area, title);
        /* the curve's length, for places at fractions of it */
        double len = 0;
        for (size_t j = le->first + 1; j < le->first + le->n; j++)
            len += hypot(pts[j].x - pts[j - 1].x, pts[j].y - pts[j - 1].y);
        for (size_t w = 0; w < sizeof where / sizeof where[0] && best_cost > 0;
             w++) {
            double goal = where[w] * len, run = 0;
            size_t j = le->first + 1;
            for (; j + 1 < le->first + le->n; j++) {
                double step =
                    hypot(pts[j].x - pts[j - 1].x, pts[j].y - pts[j - 1].y);
                if (run + step >= goal)
                    break;
                run += step;
            }
            double dx = pts[j].x - pts[j - 1].x, dy = pts[j].y - pts[j - 1].y;
            double d = hypot(dx, dy);
            if (d == 0)
                continue;
            double nx = -dy / d, ny = dx / d;
            for (int side = 1; side >= -1; side -= 2)
                for (int far = 0; far < 2; far++) {
                    double off = hw * fabs(nx) + hh * fabs(ny) + le->pen / 2 +
                                 1.5 + 5 * far;
                    double cx = pts[j].x + side * nx * off,
                           cy = pts[j].y + side * ny * off;
                    lbox b = {cx - hw, cy - hh, cx + hw, cy + hh};
                    double c = label_cost(b, edges, nedges, pts, ag, placed,
                                          nplaced, area, title) +
                               fabs(where[w] - 0.5) * 20 + 2 * far;
                    if (c < best_cost) {
                        best_cost = c;
                        best = b;
                    }
                }
        }
        lab->pos.x = (best.x0 + best.x1) / 2;
        lab->pos.y = (best.y0 + best.y1) / 2;
        lab->set = TRUE;
        placed[nplaced++] = best;
    }
out:
    free(edges);
    free(placed);
    free(pts);
}

/* PNG's resolution (--dpi), set before the layout, which Graphviz reads
 * it in; the picture is the same, in more pixels. */
static void set_dpi(Agraph_t *ag, const dg_render_options *ro)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%u",
             ro && ro->dpi ? ro->dpi : (unsigned)DG_DRAW_PNG_DPI);
    set(ag, "dpi", buf);
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
                    dg_format f, int page, int nodes_only, const char *path,
                    Agraph_t **out, dg_error *err)
{
    size_t drawn_nodes = 0;
    *out = NULL;
    Agraph_t *ag = to_cgraph(g, ro, page, &drawn_nodes);
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
    if (f == DG_FORMAT_PNG)
        set_dpi(ag, ro);
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
                         int page, dg_error *err)
{
    Agraph_t *ag;
    int rc = laid_out(g, ro, f, page, f == DG_FORMAT_DOT, path, &ag, err);
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
    place_edge_labels(ag);
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

/* g drawn in format f for a file (page 0: the caption holds the title and
 * the legend) or for the HTML page (page 1: it has its own). Graphviz
 * (cgraph, the layouts, the renderers) keeps process-wide state and is
 * not thread-safe: one drawing at a time (process.c). */
static int render_for(const dg_graph *g, dg_format f, FILE *out,
                      const dg_render_options *ro, const char *path, int page,
                      dg_error *err)
{
    dg_graphviz_lock();
    int rc = render_locked(g, f, out, ro, path, page, err);
    dg_graphviz_unlock();
    return rc;
}

static int render(const dg_graph *g, dg_format f, FILE *out,
                  const dg_render_options *ro, const char *path, dg_error *err)
{
    return render_for(g, f, out, ro, path, 0, err);
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
    int rc = laid_out(g, ro, DG_FORMAT_JSON, 0, 1, NULL, &ag, err);
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

/* For the HTML report's page, which has its own title and legend. */
int dg_render_graphviz_page(const dg_graph *g, FILE *out,
                            const dg_render_options *ro, dg_error *err)
{
    return render_for(g, DG_FORMAT_SVG, out, ro, NULL, 1, err);
}
