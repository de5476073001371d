/* write_graphml.c -- the graph as GraphML with typed attribute keys, the
 * form Gephi, networkx (read_graphml), yEd and igraph read.
 *
 * The attributes are those of the table dg_attrs (write.c), each
 * declared once as a <key> with the type the table gives: string, int,
 * double or boolean; the values are read from the node-link tree
 * (write_json.c). Values GraphML cannot hold are written as strings: an edge's
 * "categories" as a JSON object, its "evidence" as the top sentence
 * (with the whole list, JSON-encoded, in "evidence_json"). A null value
 * (a node outside every community) is left out. Keys, nodes and edges
 * come in node-link order, so the output is deterministic.
 */
#include "write_internal.h"

#include <stdlib.h>
#include <string.h>

typedef enum { T_BOOL, T_INT, T_DOUBLE, T_STRING } key_type;

static const char *const type_names[] = {"boolean", "int", "double", "string"};

typedef struct gkey {
    const char *name; /* attr.name */
    char id[80];      /* XML id: "n_label", "e_weight", ... */
    key_type type;
} gkey;

typedef struct keyset {
    gkey *k;
    size_t n, cap;
    const char *prefix; /* "g", "n" or "e" */
} keyset;

static key_type key_type_of(dg_attr_type t)
{
    switch (t) {
    case DG_T_BOOL:
        return T_BOOL;
    case DG_T_INT:
        return T_INT;
    case DG_T_DOUBLE:
        return T_DOUBLE;
    default:
        return T_STRING; /* strings, and objects or lists as JSON */
    }
}

static int key_add(keyset *ks, const char *name, key_type t)
{
    if (ks->n == ks->cap) {
        size_t cap = ks->cap ? 2 * ks->cap : 32;
        gkey *p = realloc(ks->k, cap * sizeof *p);
        if (!p)
            return DG_ENOMEM;
        ks->k = p;
        ks->cap = cap;
    }
    gkey *k = &ks->k[ks->n];
    k->name = name;
    k->type = t;
    /* an XML name: letters, digits, '_', '-', '.'; others become '_' */
    snprintf(k->id, sizeof k->id, "%s_%s", ks->prefix, name);
    for (char *c = k->id; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
              (*c >= '0' && *c <= '9') || *c == '_' || *c == '-' || *c == '.'))
            *c = '_';
    /* keep ids unique after that mapping */
    for (size_t i = 0; i < ks->n; i++)
        if (strcmp(ks->k[i].id, k->id) == 0) {
            snprintf(k->id, sizeof k->id, "%s_%zu", ks->prefix, ks->n);
            break;
        }
    ks->n++;
    return DG_OK;
}

/* The keys of a scope: the attributes of dg_attrs that the export
 * carries, with their declared types, except the listed ones (which are
 * XML attributes: a node's id, an edge's ends). A link's "evidence" is
 * two keys: the top sentence and the whole list as JSON. */
static int collect(keyset *ks, const dg_write_ctx *c, dg_attr_scope scope,
                   const char *const *skip)
{
    for (size_t a = 0; a < dg_attr_count; a++) {
        const dg_attr *at = &dg_attrs[a];
        if (at->scope != scope || !dg_attr_present(c, at))
            continue;
        int skipped = 0;
        for (size_t i = 0; skip[i]; i++)
            if (strcmp(skip[i], at->name) == 0)
                skipped = 1;
        if (skipped)
            continue;
        int rc;
        if (scope == DG_SCOPE_LINK && strcmp(at->name, "evidence") == 0) {
            rc = key_add(ks, "evidence", T_STRING);
            if (rc == DG_OK)
                rc = key_add(ks, "evidence_json", T_STRING);
        } else
            rc = key_add(ks, at->name, key_type_of(at->type));
        if (rc != DG_OK)
            return rc;
    }
    return DG_OK;
}

static const gkey *key_find(const keyset *ks, const char *name)
{
    for (size_t i = 0; i < ks->n; i++)
        if (strcmp(ks->k[i].name, name) == 0)
            return &ks->k[i];
    return NULL;
}

static void keys_free(keyset *ks)
{
    free(ks->k);
}

/* XML text or attribute value: markup escaped, and the control
 * characters XML 1.0 forbids replaced by spaces. */
static void put_escaped(FILE *out, const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        switch (c) {
        case '&': fputs("&amp;", out); break;
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '"': fputs("&quot;", out); break;
        case '\'': fputs("&apos;", out); break;
        case '\t': case '\n': case '\r': fputc(c, out); break;
        default: fputc(c < 0x20 || c == 0x7f ? ' ' : c, out);
        }
    }
}

static void put_data(FILE *out, const char *indent, const gkey *k,
                     const char *text)
{
    fprintf(out, "%s<data key=\"%s\">", indent, k->id);
    put_escaped(out, text);
    fputs("</data>\n", out);
}

/* The <data> elements of an object (skipping the listed keys). */
static int put_values(FILE *out, const char *indent, const keyset *ks,
                      const cJSON *obj, const char *const *skip, int edge)
{
    const cJSON *it;
    char num[64];
    cJSON_ArrayForEach(it, obj) {
        int skipped = 0;
        for (size_t i = 0; skip[i]; i++)
            if (strcmp(skip[i], it->string) == 0)
                skipped = 1;
        if (skipped || cJSON_IsNull(it))
            continue;
        const gkey *k = key_find(ks, it->string);
        if (!k)
            continue;
        if (edge && strcmp(it->string, "evidence") == 0) {
            put_data(out, indent, k, dg_link_top_sentence(obj));
            char *json = cJSON_PrintUnformatted(it);
            if (!json)
                return DG_ENOMEM;
            put_data(out, indent, key_find(ks, "evidence_json"), json);
            free(json);
        } else if (k->type == T_STRING && cJSON_IsString(it)) {
            put_data(out, indent, k, it->valuestring);
        } else if (k->type == T_STRING) {
            char *json = cJSON_PrintUnformatted(it);
            if (!json)
                return DG_ENOMEM;
            put_data(out, indent, k, json);
            free(json);
        } else if (cJSON_IsBool(it)) {
            put_data(out, indent, k, cJSON_IsTrue(it) ? "true" : "false");
        } else if (cJSON_IsNumber(it)) {
            dg_format_number(num, sizeof num, it->valuedouble);
            put_data(out, indent, k, num);
        }
    }
    return DG_OK;
}

static void put_keys(FILE *out, const keyset *ks, const char *for_what)
{
    for (size_t i = 0; i < ks->n; i++) {
        fprintf(out, "  <key id=\"%s\" for=\"%s\" attr.name=\"", ks->k[i].id,
                for_what);
        put_escaped(out, ks->k[i].name);
        fprintf(out, "\" attr.type=\"%s\"/>\n", type_names[ks->k[i].type]);
    }
}

int dg_write_graphml(const dg_graph *g, FILE *out, dg_error *err)
{
    return dg_write_graphml_with(g, out, NULL, err);
}

int dg_write_graphml_with(const dg_graph *g, FILE *out,
                          const dg_render_options *ro, dg_error *err)
{
    cJSON *nl = dg_graph_json_tree(g, ro, 1, err);
    if (!nl)
        return err ? err->code : DG_ENOMEM;
    static const char *const no_skip[] = {NULL};
    static const char *const node_skip[] = {"id", NULL};
    static const char *const edge_skip[] = {"source", "target", NULL};
    const cJSON *meta = cJSON_GetObjectItemCaseSensitive(nl, "graph");
    const cJSON *nodes = cJSON_GetObjectItemCaseSensitive(nl, "nodes");
    const cJSON *links = cJSON_GetObjectItemCaseSensitive(nl, "links");
    keyset gk = {NULL, 0, 0, "g"}, nk = {NULL, 0, 0, "n"},
           ek = {NULL, 0, 0, "e"};
    /* what dg_attr_present reads: the graph, and whether there are
     * positions */
    static const double no_pos[1];
    const dg_write_ctx c = {.g = g, .pos = no_pos};
    int rc = collect(&gk, &c, DG_SCOPE_GRAPH, no_skip);
    if (rc == DG_OK)
        rc = collect(&nk, &c, DG_SCOPE_NODE, node_skip);
    if (rc == DG_OK)
        rc = collect(&ek, &c, DG_SCOPE_LINK, edge_skip);
    const cJSON *it;
    if (rc == DG_OK) {
        fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
              "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\"\n"
              "    xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
              "    xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
              "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n",
              out);
        put_keys(out, &gk, "graph");
        put_keys(out, &nk, "node");
        put_keys(out, &ek, "edge");
        fputs("  <graph id=\"diplograph\" edgedefault=\"directed\">\n", out);
        rc = put_values(out, "    ", &gk, meta, no_skip, 0);
    }
    cJSON_ArrayForEach(it, nodes) {
        if (rc != DG_OK)
            break;
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(it, "id");
        fputs("    <node id=\"", out);
        put_escaped(out, cJSON_IsString(id) ? id->valuestring : "");
        fputs("\">\n", out);
        rc = put_values(out, "      ", &nk, it, node_skip, 0);
        fputs("    </node>\n", out);
    }
    cJSON_ArrayForEach(it, links) {
        if (rc != DG_OK)
            break;
        const cJSON *s = cJSON_GetObjectItemCaseSensitive(it, "source");
        const cJSON *t = cJSON_GetObjectItemCaseSensitive(it, "target");
        char *id = dg_link_id(it);
        if (!id) {
            rc = DG_ENOMEM;
            break;
        }
        fputs("    <edge id=\"", out);
        put_escaped(out, id);
        fputs("\" source=\"", out);
        put_escaped(out, cJSON_IsString(s) ? s->valuestring : "");
        fputs("\" target=\"", out);
        put_escaped(out, cJSON_IsString(t) ? t->valuestring : "");
        fputs("\">\n", out);
        free(id);
        rc = put_values(out, "      ", &ek, it, edge_skip, 1);
        fputs("    </edge>\n", out);
    }
    if (rc == DG_OK)
        fputs("  </graph>\n</graphml>\n", out);
    keys_free(&gk);
    keys_free(&nk);
    keys_free(&ek);
    cJSON_Delete(nl);
    if (rc != DG_OK)
        return dg_error_set(err, DG_ENOMEM, NULL, 0, "out of memory");
    return ferror(out) ? dg_error_set(err, DG_EIO, NULL, 0, "write failed")
                       : DG_OK;
}
