/* write_graphml.c -- the graph as GraphML with typed attribute keys, the
 * form Gephi, networkx (read_graphml), yEd and igraph read.
 *
 * The attributes are those of the node-link tree (write_json.c), each
 * declared once as a <key> with its type: string, int, double or
 * boolean. Values GraphML cannot hold are written as strings: an edge's
 * "categories" as a JSON object, its "evidence" as the top sentence
 * (with the whole list, JSON-encoded, in "evidence_json"). A null value
 * (a node outside every community) is left out. Keys, nodes and edges
 * come in node-link order, so the output is deterministic.
 */
#include "write_internal.h"

#include <stdlib.h>
#include <string.h>

typedef enum { T_NONE = 0, T_BOOL, T_INT, T_DOUBLE, T_STRING } key_type;

static const char *const type_names[] = {"string", "boolean", "int",
                                         "double", "string"};

/* Counts and codes: always integers, whatever the values in one graph. */
static const char *const int_keys[] = {
    "documents", "events", "nodes", "links", "evidence_per_link",
    "weak_components", "communities", "mentions", "in_degree", "out_degree",
    "community", "sign", NULL};

typedef struct gkey {
    char *name;     /* attr.name */
    char id[80];    /* XML id: "n_label", "e_weight", ... */
    key_type type;
} gkey;

typedef struct keyset {
    gkey *k;
    size_t n, cap;
    const char *prefix; /* "g", "n" or "e" */
} keyset;

static int is_int_key(const char *name)
{
    for (size_t i = 0; int_keys[i]; i++)
        if (strcmp(int_keys[i], name) == 0)
            return 1;
    return 0;
}

static key_type value_type(const char *name, const cJSON *v)
{
    if (cJSON_IsNull(v))
        return T_NONE;
    if (cJSON_IsBool(v))
        return T_BOOL;
    if (cJSON_IsNumber(v))
        return is_int_key(name) ? T_INT : T_DOUBLE;
    return T_STRING; /* strings, and objects or arrays as JSON */
}

/* Enter name (seen with value v) into the set, widening its type. */
static int key_add(keyset *ks, const char *name, const cJSON *v)
{
    key_type t = value_type(name, v);
    for (size_t i = 0; i < ks->n; i++)
        if (strcmp(ks->k[i].name, name) == 0) {
            gkey *k = &ks->k[i];
            if (k->type == T_NONE)
                k->type = t;
            else if (t != T_NONE && t != k->type)
                k->type = (k->type == T_INT && t == T_DOUBLE) ||
                                  (k->type == T_DOUBLE && t == T_INT)
                              ? T_DOUBLE : T_STRING;
            return DG_OK;
        }
    if (ks->n == ks->cap) {
        size_t cap = ks->cap ? 2 * ks->cap : 32;
        gkey *p = realloc(ks->k, cap * sizeof *p);
        if (!p)
            return DG_ENOMEM;
        ks->k = p;
        ks->cap = cap;
    }
    gkey *k = &ks->k[ks->n];
    k->name = dg_strdup(name);
    if (!k->name)
        return DG_ENOMEM;
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

static const gkey *key_find(const keyset *ks, const char *name)
{
    for (size_t i = 0; i < ks->n; i++)
        if (strcmp(ks->k[i].name, name) == 0)
            return &ks->k[i];
    return NULL;
}

static void keys_free(keyset *ks)
{
    for (size_t i = 0; i < ks->n; i++)
        free(ks->k[i].name);
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

/* Collect the keys of an object, except the listed ones. Edge
 * "evidence" is split into "evidence" and "evidence_json". */
static int collect(keyset *ks, const cJSON *obj, const char *const *skip,
                   int edge)
{
    const cJSON *it;
    cJSON_ArrayForEach(it, obj) {
        int skipped = 0;
        for (size_t i = 0; skip[i]; i++)
            if (strcmp(skip[i], it->string) == 0)
                skipped = 1;
        if (skipped)
            continue;
        int rc;
        if (edge && strcmp(it->string, "evidence") == 0) {
            cJSON *str = cJSON_CreateString("");
            if (!str)
                return DG_ENOMEM;
            rc = key_add(ks, "evidence", str);
            if (rc == DG_OK)
                rc = key_add(ks, "evidence_json", str);
            cJSON_Delete(str);
        } else
            rc = key_add(ks, it->string, it);
        if (rc != DG_OK)
            return rc;
    }
    return DG_OK;
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
    cJSON *nl = dg_graph_json_tree(g, err);
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
    int rc = collect(&gk, meta, no_skip, 0);
    const cJSON *it;
    cJSON_ArrayForEach(it, nodes) {
        if (rc == DG_OK)
            rc = collect(&nk, it, node_skip, 0);
    }
    cJSON_ArrayForEach(it, links) {
        if (rc == DG_OK)
            rc = collect(&ek, it, edge_skip, 1);
    }
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
