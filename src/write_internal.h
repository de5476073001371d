/* write_internal.h -- what the export writers share (write_json.c,
 * write_dot.c, write_flavours.c, write_graphml.c, write_csv.c,
 * write_html.c). Not installed.
 *
 * Every export is derived from the node-link tree that write_json.c
 * builds, so all formats carry the same attributes (docs/formats.md).
 */
#ifndef DG_WRITE_INTERNAL_H
#define DG_WRITE_INTERNAL_H

#include "graph_internal.h"

#include <cjson/cJSON.h>

/* write_json.c: the node-link tree of docs/graph-json.md; the caller
 * deletes it. NULL, with err set, when the graph is not finished or
 * memory runs out. */
cJSON *dg_graph_json_tree(const dg_graph *g, dg_error *err);

/* write_dot.c: DOT text (DG_FORMAT_DOT) or a Graphviz rendering (SVG,
 * PNG, PDF) of g to out; path only names the output in errors. */
int dg_render_graphviz(const dg_graph *g, dg_format f, FILE *out,
                       const dg_render_options *ro, const char *path,
                       dg_error *err);
/* write_dot.c: the SVG drawing for the HTML page, whose caption has only
 * the layout budget's note (the page shows the title, summary and legend
 * itself). */
int dg_render_graphviz_page(const dg_graph *g, FILE *out,
                            const dg_render_options *ro, dg_error *err);

/* write_flavours.c: a number as text, the shortest form that reads back
 * to the same double ("14", "-2.5", "0.123456789"); "" for NaN/inf. */
void dg_format_number(char *buf, size_t size, double v);

/* write_flavours.c: a link's "categories" as "COOPERATE:1;REJECT:3"
 * (caller frees; NULL when out of memory). */
char *dg_categories_text(const cJSON *cats);

/* write_flavours.c: the top evidence sentence of a node-link link
 * ("" when it has none), and the link's id "SRC->TGT" (caller frees). */
const char *dg_link_top_sentence(const cJSON *link);
char *dg_link_id(const cJSON *link);

/* Files of src/html embedded at build time (cmake/embed.cmake). */
extern const dg_embedded_file dg_html_assets[];
extern const size_t dg_html_asset_count;

#endif
