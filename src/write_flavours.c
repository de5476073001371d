/* write_flavours.c -- the graph as JSON for other graph libraries
 * (docs/formats.md):
 *
 *   node-link   D3, networkx (write_json.c, the default)
 *   cytoscape   Cytoscape.js elements JSON, read by cytoscape({elements}),
 *               cy.json() and Cytoscape desktop (.cyjs)
 *   graphology  graphology's serialized graph, read by Graph.from() and
 *               graph.import() (sigma.js)
 *
 * Each flavour is the node-link tree rearranged: the same attributes,
 * in the same order, moved to the place the format keeps them, so the
 * output is as deterministic as node-link's.
 */
#include "write_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int dg_json_format_from_name(const char *name)
{
    if (!name)
        return -1;
    if (strcmp(name, "node-link") == 0)
        return DG_JSON_NODE_LINK;
    if (strcmp(name, "cytoscape") == 0)
        return DG_JSON_CYTOSCAPE;
    if (strcmp(name, "graphology") == 0)
        return DG_JSON_GRAPHOLOGY;
    return -1;
}

void dg_format_number(char *buf, size_t size, double v)
{
    if (!isfinite(v)) {
        if (size)
            buf[0] = '\0';
        return;
    }
    if (v == floor(v) && fabs(v) < 1e15) {
        snprintf(buf, size, "%.0f", v + 0.0); /* + 0.0: no "-0" */
        return;
    }
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, size, "%.*g", prec, v);
        if (strtod(buf, NULL) == v)
            return;
    }
}

char *dg_categories_text(const cJSON *cats)
{
    dg_buf b = {0};
    const cJSON *c;
    char num[64];
    if (dg_buf_reserve(&b, 0) != DG_OK)
        return NULL;
    b.data[0] = '\0';
    cJSON_ArrayForEach(c, cats) {
        dg_format_number(num, sizeof num, c->valuedouble);
        if (dg_buf_printf(&b, "%s%s:%s", b.len ? ";" : "", c->string, num)) {
            dg_buf_free(&b);
            return NULL;
        }
    }
    return b.data;
}

const char *dg_link_top_sentence(const cJSON *link)
{
    const cJSON *ev = cJSON_GetObjectItemCaseSensitive(link, "evidence");
    const cJSON *first = cJSON_IsArray(ev) ? ev->child : NULL;
    const cJSON *text = cJSON_GetObjectItemCaseSensitive(first, "text");
    return cJSON_IsString(text) ? text->valuestring : "";
}

char *dg_link_id(const cJSON *link)
{
    const cJSON *s = cJSON_GetObjectItemCaseSensitive(link, "source");
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(link, "target");
    const char *ss = cJSON_IsString(s) ? s->valuestring : "";
    const char *ts = cJSON_IsString(t) ? t->valuestring : "";
    size_t n = strlen(ss) + strlen(ts) + 3;
    char *id = malloc(n);
    if (id)
        snprintf(id, n, "%s->%s", ss, ts);
    return id;
}

/* Move every item of src (an object) to the end of dst, in order. */
static void move_items(cJSON *dst, cJSON *src)
{
    while (src->child) {
        cJSON *it = cJSON_DetachItemViaPointer(src, src->child);
        cJSON_AddItemToObject(dst, it->string, it);
    }
}

/* Detach key from src and append it to dst (nothing when absent). */
static void move_item(cJSON *dst, cJSON *src, const char *key)
{
    cJSON *it = cJSON_DetachItemFromObjectCaseSensitive(src, key);
    if (it)
        cJSON_AddItemToObject(dst, key, it);
}

static const char *sign_word(const cJSON *link)
{
    const cJSON *s = cJSON_GetObjectItemCaseSensitive(link, "sign");
    double v = cJSON_IsNumber(s) ? s->valuedouble : 0;
    return v > 0 ? "cooperation" : v < 0 ? "conflict" : "balanced";
}

static int has_self_loop(const cJSON *links)
{
    const cJSON *l;
    cJSON_ArrayForEach(l, links) {
        const cJSON *s = cJSON_GetObjectItemCaseSensitive(l, "source");
        const cJSON *t = cJSON_GetObjectItemCaseSensitive(l, "target");
        if (cJSON_IsString(s) && cJSON_IsString(t) &&
            strcmp(s->valuestring, t->valuestring) == 0)
            return 1;
    }
    return 0;
}

/* {"format_version", "generated_by", "target_cytoscapejs_version",
 *  "data": {graph attributes, "name"},
 *  "elements": {"nodes": [{"data": {"id", "name", ...}}],
 *               "edges": [{"data": {"id", "source", "target",
 *                                    "interaction", ...}}]}} */
static cJSON *to_cytoscape(cJSON *nl)
{
    cJSON *root = cJSON_CreateObject();
    if (!root)
        return NULL;
    cJSON_AddStringToObject(root, "format_version", "1.0");
    cJSON_AddStringToObject(root, "generated_by", "diplograph " DG_VERSION);
    cJSON_AddStringToObject(root, "target_cytoscapejs_version", "~2.1");
    cJSON *data = cJSON_AddObjectToObject(root, "data");
    cJSON_AddStringToObject(data, "name", "diplograph");
    cJSON *meta = cJSON_GetObjectItemCaseSensitive(nl, "graph");
    if (cJSON_IsObject(meta))
        move_items(data, meta);
    cJSON *elements = cJSON_AddObjectToObject(root, "elements");
    cJSON *nodes = cJSON_AddArrayToObject(elements, "nodes");
    cJSON *edges = cJSON_AddArrayToObject(elements, "edges");
    if (!nodes || !edges) {
        cJSON_Delete(root);
        return NULL;
    }
    cJSON *n;
    cJSON_ArrayForEach(n, cJSON_GetObjectItemCaseSensitive(nl, "nodes")) {
        cJSON *el = cJSON_CreateObject();
        cJSON *d = cJSON_AddObjectToObject(el, "data");
        move_item(d, n, "id");
        /* Cytoscape desktop shows and matches nodes by "name" */
        const cJSON *label = cJSON_GetObjectItemCaseSensitive(n, "label");
        cJSON_AddStringToObject(d, "name", cJSON_IsString(label)
                                               ? label->valuestring : "");
        move_items(d, n);
        /* the drawing's place, where Cytoscape reads it (the "preset"
         * layout): on screen, so y grows downwards */
        const cJSON *x = cJSON_GetObjectItemCaseSensitive(d, "x");
        const cJSON *y = cJSON_GetObjectItemCaseSensitive(d, "y");
        if (cJSON_IsNumber(x) && cJSON_IsNumber(y)) {
            cJSON *p = cJSON_AddObjectToObject(el, "position");
            cJSON_AddNumberToObject(p, "x", x->valuedouble);
            cJSON_AddNumberToObject(p, "y", -y->valuedouble + 0.0);
        }
        cJSON_AddItemToArray(nodes, el);
    }
    cJSON *l;
    cJSON_ArrayForEach(l, cJSON_GetObjectItemCaseSensitive(nl, "links")) {
        cJSON *el = cJSON_CreateObject();
        cJSON *d = cJSON_AddObjectToObject(el, "data");
        char *id = dg_link_id(l);
        cJSON_AddStringToObject(d, "id", id ? id : "");
        free(id);
        move_item(d, l, "source");
        move_item(d, l, "target");
        /* desktop's edge column; its edge name is "A (interaction) B" */
        cJSON_AddStringToObject(d, "interaction", sign_word(l));
        /* Cytoscape desktop shows only flat columns: the top sentence and
         * the classes as text beside the nested "evidence", "categories" */
        cJSON_AddStringToObject(d, "evidence_top", dg_link_top_sentence(l));
        char *cats = dg_categories_text(
            cJSON_GetObjectItemCaseSensitive(l, "categories"));
        cJSON_AddStringToObject(d, "categories_text", cats ? cats : "");
        free(cats);
        move_items(d, l);
        cJSON_AddItemToArray(edges, el);
    }
    return root;
}

/* {"attributes": {graph attributes, "name"},
 *  "options": {"type": "directed", "multi": false, "allowSelfLoops"},
 *  "nodes": [{"key", "attributes": {...}}],
 *  "edges": [{"key", "source", "target", "attributes": {...}}]} */
static cJSON *to_graphology(cJSON *nl)
{
    cJSON *root = cJSON_CreateObject();
    if (!root)
        return NULL;
    cJSON *attrs = cJSON_AddObjectToObject(root, "attributes");
    cJSON_AddStringToObject(attrs, "name", "diplograph");
    cJSON *meta = cJSON_GetObjectItemCaseSensitive(nl, "graph");
    if (cJSON_IsObject(meta))
        move_items(attrs, meta);
    cJSON *links = cJSON_GetObjectItemCaseSensitive(nl, "links");
    cJSON *opts = cJSON_AddObjectToObject(root, "options");
    cJSON_AddStringToObject(opts, "type", "directed");
    cJSON_AddBoolToObject(opts, "multi", 0);
    cJSON_AddBoolToObject(opts, "allowSelfLoops", has_self_loop(links));
    cJSON *nodes = cJSON_AddArrayToObject(root, "nodes");
    cJSON *edges = cJSON_AddArrayToObject(root, "edges");
    if (!nodes || !edges) {
        cJSON_Delete(root);
        return NULL;
    }
    cJSON *n;
    cJSON_ArrayForEach(n, cJSON_GetObjectItemCaseSensitive(nl, "nodes")) {
        cJSON *el = cJSON_CreateObject();
        cJSON *key = cJSON_DetachItemFromObjectCaseSensitive(n, "id");
        if (key)
            cJSON_AddItemToObject(el, "key", key);
        cJSON *a = cJSON_AddObjectToObject(el, "attributes");
        move_items(a, n);
        cJSON_AddItemToArray(nodes, el);
    }
    cJSON *l;
    cJSON_ArrayForEach(l, links) {
        cJSON *el = cJSON_CreateObject();
        char *id = dg_link_id(l);
        cJSON_AddStringToObject(el, "key", id ? id : "");
        free(id);
        move_item(el, l, "source");
        move_item(el, l, "target");
        cJSON *a = cJSON_AddObjectToObject(el, "attributes");
        move_items(a, l);
        cJSON_AddItemToArray(edges, el);
    }
    return root;
}

int dg_write_json_as(const dg_graph *g, dg_json_format f, FILE *out,
                     dg_error *err)
{
    return dg_write_json_with(g, f, out, NULL, err);
}

int dg_write_json_with(const dg_graph *g, dg_json_format f, FILE *out,
                       const dg_render_options *ro, dg_error *err)
{
    if (f == DG_JSON_NODE_LINK)
        return dg_write_json_node_link(g, out, ro, err);
    if (f != DG_JSON_CYTOSCAPE && f != DG_JSON_GRAPHOLOGY)
        return dg_error_set(err, DG_EINVAL, NULL, 0,
                            "unknown JSON format (use node-link, cytoscape "
                            "or graphology)");
    cJSON *nl = dg_graph_json_tree(g, ro, 1, err);
    if (!nl)
        return err ? err->code : DG_ENOMEM;
    cJSON *root = f == DG_JSON_CYTOSCAPE ? to_cytoscape(nl) : to_graphology(nl);
    cJSON_Delete(nl);
    char *s = root ? cJSON_Print(root) : NULL;
    cJSON_Delete(root);
    if (!s)
        return dg_error_set(err, DG_ENOMEM, NULL, 0, "out of memory");
    int ok = fputs(s, out) >= 0 && fputc('\n', out) != EOF;
    free(s);
    return ok ? DG_OK : dg_error_set(err, DG_EIO, NULL, 0, "write failed");
}
