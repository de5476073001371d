/* write_html.c -- the self-contained HTML report: one file that needs no
 * network, holding
 *
 *   the graph laid out and drawn by Graphviz (its SVG, rendered in
 *       memory and inlined: node <g> ids are actor ids, edge ids
 *       "SRC->TGT", as write_dot.c sets them),
 *   the node-link JSON (write_json.c) in <script type="application/json">,
 *   the page's CSS and JavaScript (src/html/, embedded at build time by
 *       cmake/embed_assets.cmake), which show evidence and metrics on
 *       hover or click, filter edges by sign and |weight|, and sort the
 *       centrality table.
 *
 * The page skeleton is src/html/report.html; write_html fills its
 * {{NAME}} slots. Graphviz's SVG is deterministic, so is the page.
 */
#define _POSIX_C_SOURCE 200809L
#include "write_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const dg_embedded_file *asset(const char *name)
{
    for (size_t i = 0; i < dg_html_asset_count; i++)
        if (strcmp(dg_html_assets[i].name, name) == 0)
            return &dg_html_assets[i];
    return NULL;
}

static void put_text(FILE *out, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': fputs("&amp;", out); break;
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '"': fputs("&quot;", out); break;
        case '\'': fputs("&#39;", out); break;
        default: fputc(*s, out);
        }
    }
}

/* JSON inside <script>: "</" could close the element and "<!--" start
 * an HTML comment state; both only occur inside JSON strings, where
 * "<\/" and "\u003c" mean the same characters. */
static void put_script_json(FILE *out, const char *s)
{
    for (; *s; s++) {
        if (s[0] == '<' && s[1] == '/')
            fputs("<\\", out);
        else if (strncmp(s, "<!--", 4) == 0)
            fputs("\\u003c", out);
        else
            fputc(*s, out);
    }
}

/* Graphviz's SVG of g, from "<svg" on (no XML prolog or doctype, which
 * have no place inside HTML). *buf is the allocation to free. */
static int render_svg(const dg_graph *g, const dg_render_options *ro,
                      char **buf, const char **svg, dg_error *err)
{
    size_t len = 0;
    *buf = NULL;
    FILE *ms = open_memstream(buf, &len);
    if (!ms)
        return dg_error_set(err, DG_ENOMEM, NULL, 0, "out of memory");
    int rc = dg_render_graphviz(g, DG_FORMAT_SVG, ms, ro, NULL, err);
    if (fclose(ms) != 0 && rc == DG_OK)
        rc = dg_error_set(err, DG_ENOMEM, NULL, 0, "out of memory");
    if (rc != DG_OK) {
        free(*buf);
        *buf = NULL;
        return rc;
    }
    const char *start = *buf ? strstr(*buf, "<svg") : NULL;
    if (!start) {
        free(*buf);
        *buf = NULL;
        return dg_error_set(err, DG_ERENDER, NULL, 0,
                            "Graphviz produced no SVG");
    }
    *svg = start;
    return DG_OK;
}

int dg_write_html(const dg_graph *g, FILE *out, const dg_render_options *ro,
                  dg_error *err)
{
    if (g->built != 1)
        return dg_error_set(err, DG_EINVAL, NULL, 0,
                            "call dg_graph_finish before writing");
    const dg_embedded_file *page = asset("report.html"), *css = asset("report.css"),
                   *js = asset("report.js");
    if (!page || !css || !js)
        return dg_error_set(err, DG_EINVAL, NULL, 0,
                            "the HTML report's files were not built in");
    char *svgbuf;
    const char *svg = NULL;
    int rc = render_svg(g, ro, &svgbuf, &svg, err);
    if (rc != DG_OK)
        return rc;
    cJSON *tree = dg_graph_json_tree(g, NULL);
    char *json = tree ? cJSON_PrintUnformatted(tree) : NULL;
    cJSON_Delete(tree);
    if (!json) {
        free(svgbuf);
        return dg_error_set(err, DG_ENOMEM, NULL, 0, "out of memory");
    }

    char title[600], summary[600];
    if (ro && ro->title)
        snprintf(title, sizeof title, "%s", ro->title);
    else
        snprintf(title, sizeof title, "diplograph: %zu actor%s, %zu relation%s",
                 g->nnodes, g->nnodes == 1 ? "" : "s", g->nlinks,
                 g->nlinks == 1 ? "" : "s");
    dg_graph_summary(g, summary, sizeof summary);
    int n = (int)strlen(summary);
    if (g->metric && n > 0 && (size_t)n < sizeof summary)
        snprintf(summary + n, sizeof summary - (size_t)n,
                 "; %zu communit%s of cooperation (modularity %.3f)",
                 g->ncommunities, g->ncommunities == 1 ? "y" : "ies",
                 g->modularity);

    /* fill the skeleton's {{NAME}} slots */
    const char *p = page->data;
    while (*p) {
        const char *open = strstr(p, "{{");
        const char *close = open ? strstr(open + 2, "}}") : NULL;
        if (!open || !close) {
            fputs(p, out);
            break;
        }
        fwrite(p, 1, (size_t)(open - p), out);
        size_t k = (size_t)(close - open - 2);
        const char *name = open + 2;
        if (k == 5 && strncmp(name, "TITLE", k) == 0)
            put_text(out, title);
        else if (k == 7 && strncmp(name, "SUMMARY", k) == 0)
            put_text(out, summary);
        else if (k == 9 && strncmp(name, "GENERATOR", k) == 0)
            put_text(out, "diplograph " DG_VERSION);
        else if (k == 3 && strncmp(name, "CSS", k) == 0)
            fwrite(css->data, 1, css->len, out);
        else if (k == 2 && strncmp(name, "JS", k) == 0)
            fwrite(js->data, 1, js->len, out);
        else if (k == 3 && strncmp(name, "SVG", k) == 0)
            fputs(svg, out);
        else if (k == 4 && strncmp(name, "DATA", k) == 0)
            put_script_json(out, json);
        else
            fwrite(open, 1, (size_t)(close + 2 - open), out);
        p = close + 2;
    }
    free(json);
    free(svgbuf);
    return ferror(out) ? dg_error_set(err, DG_EIO, NULL, 0, "write failed")
                       : DG_OK;
}
