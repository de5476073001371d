/* write_json.c -- the graph as node-link JSON (the form D3 and networkx's
 * node_link_graph read), built with cJSON. Schema: docs/graph-json.md.
 *
 * The attributes come from the table dg_attrs (write.c). Key order, node
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

/* Link k (in output order) as a node-link "links" item. */
static cJSON *link_json(const dg_write_ctx *c, size_t k)
{
    cJSON *o = cJSON_CreateObject();
    if (o && dg_attrs_to_object(c, DG_SCOPE_LINK, k, o) != DG_OK) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

/* The node-link tree; with_links = 0 leaves "links" empty (the writer
 * streams them one at a time). The attributes are those of dg_attrs. */
static cJSON *graph_json(const dg_write_ctx *c, int with_links)
{
    const dg_graph *g = c->g;
    cJSON *root = cJSON_CreateObject();
    if (!root)
        return NULL;
    cJSON_AddBoolToObject(root, "directed", 1);
    cJSON_AddBoolToObject(root, "multigraph", 0);
    cJSON *meta = cJSON_AddObjectToObject(root, "graph");
    cJSON *nodes = meta ? cJSON_AddArrayToObject(root, "nodes") : NULL;
    cJSON *links = nodes ? cJSON_AddArrayToObject(root, "links") : NULL;
    int rc = links ? dg_attrs_to_object(c, DG_SCOPE_GRAPH, 0, meta) : DG_ENOMEM;
    for (size_t i = 0; rc == DG_OK && i < g->nnodes; i++) {
        cJSON *n = cJSON_CreateObject();
        if (!n || !cJSON_AddItemToArray(nodes, n))
            rc = DG_ENOMEM;
        else
            rc = dg_attrs_to_object(c, DG_SCOPE_NODE, i, n);
    }
    for (size_t k = 0; rc == DG_OK && with_links && k < g->nlinks; k++) {
        cJSON *l = link_json(c, k);
        if (!l || !cJSON_AddItemToArray(links, l))
            rc = DG_ENOMEM;
    }
    if (rc != DG_OK) {
        cJSON_Delete(root);
        return NULL;
    }
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

/* Node-link JSON with the nodes' positions in the layout under ro. */
int dg_write_json_node_link(const dg_graph *g, FILE *out,
                            const dg_render_options *ro, dg_error *err)
{
    if (g->built != 1)
        return dg_error_set(err, DG_EINVAL, NULL, 0,
                            "call dg_graph_finish before writing");
    double *pos;
    int rc = dg_layout_positions(g, ro, &pos, err);
    if (rc != DG_OK)
        return rc;
    /* everything but the links, printed whole; then the links one at a
     * time, so memory does not hold the whole document at once */
    dg_write_ctx c;
    if (dg_write_ctx_init(&c, g, pos) != DG_OK) {
        free(pos);
        return dg_error_set(err, DG_ENOMEM, NULL, 0, "out of memory");
    }
    cJSON *root = graph_json(&c, 0);
    char *head = root && numbers_to_raw(root) ? cJSON_Print(root) : NULL;
    cJSON_Delete(root);
    char *hole = head ? strstr(head, "\"links\":\t[]") : NULL;
    if (!hole) {
        free(head);
        dg_write_ctx_free(&c);
        free(pos);
        return dg_error_set(err, DG_ENOMEM, NULL, 0, "out of memory");
    }
    hole += strlen("\"links\":\t[");
    int ok = fwrite(head, 1, (size_t)(hole - head), out) == (size_t)(hole - head);
    for (size_t k = 0; ok && k < g->nlinks; k++) {
        cJSON *o = link_json(&c, k);
        char *t = o && numbers_to_raw(o) ? cJSON_Print(o) : NULL;
        cJSON_Delete(o);
        if (!t) {
            free(head);
            dg_write_ctx_free(&c);
            free(pos);
            return dg_error_set(err, DG_ENOMEM, NULL, 0, "out of memory");
        }
        ok = (k == 0 || fputs(", ", out) >= 0) && put_indented(out, t);
        free(t);
    }
    ok = ok && fputs(hole, out) >= 0 && fputc('\n', out) != EOF;
    free(head);
    dg_write_ctx_free(&c);
    free(pos);
    return ok ? DG_OK : dg_error_set(err, DG_EIO, NULL, 0, "write failed");
}

int dg_write_json(const dg_graph *g, FILE *out, dg_error *err)
{
    return dg_write_json_node_link(g, out, NULL, err);
}

/* The node-link tree, from which the other formats are derived
 * (write_internal.h). */
cJSON *dg_graph_json_tree(const dg_graph *g, const dg_render_options *ro,
                          int positions, dg_error *err)
{
    if (g->built != 1) {
        dg_error_set(err, DG_EINVAL, NULL, 0,
                     "call dg_graph_finish before writing");
        return NULL;
    }
    double *pos = NULL;
    if (positions && dg_layout_positions(g, ro, &pos, err) != DG_OK)
        return NULL;
    dg_write_ctx c;
    cJSON *t = NULL;
    if (dg_write_ctx_init(&c, g, pos) == DG_OK) {
        t = graph_json(&c, 1);
        dg_write_ctx_free(&c);
    }
    free(pos);
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
