/* write_internal.h -- what the export writers share (write.c,
 * write_json.c, write_dot.c, write_flavours.c, write_graphml.c,
 * write_csv.c, write_html.c). Not installed.
 *
 * Every export carries the attributes of one table, dg_attrs (write.c):
 * write_json.c builds the node-link tree from it, the JSON flavours
 * rearrange that tree, GraphML and CSV take their keys, types and
 * columns from it (docs/formats.md).
 */
#ifndef DG_WRITE_INTERNAL_H
#define DG_WRITE_INTERNAL_H

#include "graph_internal.h"

#include <cjson/cJSON.h>

/* What the attribute getters read: the graph and the per-node figures
 * computed once for a whole export. */
typedef struct dg_write_ctx {
    const dg_graph *g;
    igraph_vector_int_t indeg, outdeg; /* igraph degrees */
    igraph_vector_t instr, outstr;     /* igraph strengths (net weights) */
    int vectors;                       /* the four above are initialized */
    double *sums;                      /* dg_node_sums */
    double density;
    long components;   /* weakly connected */
    const double *pos; /* x, y per node (NAN when not drawn); NULL: the
                          export has no positions */
    double *pstats;    /* sliced graphs: per period and node, in-degree,
                          out-degree, in- and out-strength (net) */
} dg_write_ctx;

int dg_write_ctx_init(dg_write_ctx *c, const dg_graph *g, const double *pos);
void dg_write_ctx_free(dg_write_ctx *c);

typedef enum { DG_SCOPE_GRAPH, DG_SCOPE_NODE, DG_SCOPE_LINK } dg_attr_scope;
/* DG_T_JSON: an object or a list (a link's categories and evidence),
 * which GraphML and CSV flatten to text. */
typedef enum {
    DG_T_STRING,
    DG_T_INT,
    DG_T_DOUBLE,
    DG_T_BOOL,
    DG_T_JSON
} dg_attr_type;
enum {
    DG_ATTR_ANALYZED = 1, /* only after dg_graph_analyze */
    DG_ATTR_POSITION = 2, /* only in exports with positions (ctx pos) */
    DG_ATTR_SLICED = 4    /* only in sliced graphs (--slice) */
};

/* An attribute: its value for item i of its scope (a node index, a link
 * position in output order; 0 for the graph) as a new cJSON item, a
 * cJSON null for "no value"; NULL when out of memory. */
typedef struct dg_attr {
    const char *name;
    dg_attr_scope scope;
    dg_attr_type type;
    int flags;
    cJSON *(*get)(const dg_write_ctx *c, size_t i, int arg);
    int arg;
} dg_attr;

extern const dg_attr dg_attrs[];
extern const size_t dg_attr_count;

/* Does the export of c carry attribute a? */
int dg_attr_present(const dg_write_ctx *c, const dg_attr *a);
/* Add the attributes of a scope, for item i, to obj in table order. */
int dg_attrs_to_object(const dg_write_ctx *c, dg_attr_scope scope, size_t i,
                       cJSON *obj);

/* write_json.c: the node-link tree of docs/graph-json.md; the caller
 * deletes it. With positions, the nodes' x and y are those of the
 * layout under ro (NULL: the defaults). NULL, with err set, when the
 * graph is not finished, the layout fails or memory runs out. */
cJSON *dg_graph_json_tree(const dg_graph *g, const dg_render_options *ro,
                          int positions, dg_error *err);

/* write_json.c: dg_write_json with the layout under ro. */
int dg_write_json_node_link(const dg_graph *g, FILE *out,
                            const dg_render_options *ro, dg_error *err);

/* write_dot.c: the positions of g's nodes in the layout under ro (the
 * drawing's): *pos holds x, y per node in points, NAN for a node left out
 * of the drawing; the caller frees it. */
int dg_layout_positions(const dg_graph *g, const dg_render_options *ro,
                        double **pos, dg_error *err);

/* write_graphml.c: dg_write_graphml with the layout under ro. */
/* write_graphml.c: GEXF 1.2 (dynamic for a sliced graph), ro's layout. */
int dg_write_gexf_with(const dg_graph *g, FILE *out,
                       const dg_render_options *ro, dg_error *err);
int dg_write_graphml_with(const dg_graph *g, FILE *out,
                          const dg_render_options *ro, dg_error *err);

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
