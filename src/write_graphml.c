/* write_graphml.c -- the XML exports: the graph as GraphML with typed
 * attribute keys, the form Gephi, networkx (read_graphml), yEd and igraph
 * read, and as GEXF (Gephi's own, with time spells; at the end).
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

/* One attribute value, as an element of the export: GraphML's <data>,
 * GEXF's <attvalue>. */
typedef void (*put_fn)(FILE *out, const char *indent, const gkey *k,
                       const char *text);

static void put_data(FILE *out, const char *indent, const gkey *k,
                     const char *text)
{
    fprintf(out, "%s<data key=\"%s\">", indent, k->id);
    put_escaped(out, text);
    fputs("</data>\n", out);
}

static void put_attvalue(FILE *out, const char *indent, const gkey *k,
                         const char *text)
{
    fprintf(out, "%s<attvalue for=\"%s\" value=\"", indent, k->id);
    put_escaped(out, text);
    fputs("\"/>\n", out);
}

/* The values of an object's attributes (skipping the listed keys) by
 * put, each as text: strings as they are, numbers in their shortest
 * exact form, booleans, and objects or lists as JSON; an edge's
 * "evidence" as its top sentence, then the whole list as JSON
 * ("evidence_json"). */
static int put_values(FILE *out, const char *indent, const keyset *ks,
                      const cJSON *obj, const char *const *skip, int edge,
                      put_fn put)
{
    const cJSON *it;
    char num[64];
    cJSON_ArrayForEach(it, obj) {
        int skipped = cJSON_IsNull(it);
        for (size_t i = 0; skip[i] && !skipped; i++)
            skipped = strcmp(skip[i], it->string) == 0;
        const gkey *k = skipped ? NULL : key_find(ks, it->string);
        if (!k)
            continue;
        int evidence = edge && strcmp(it->string, "evidence") == 0;
        char *json = NULL;
        if (evidence || (k->type == T_STRING && !cJSON_IsString(it)))
            if (!(json = cJSON_PrintUnformatted(it)))
                return DG_ENOMEM;
        if (evidence) {
            put(out, indent, k, dg_link_top_sentence(obj));
            put(out, indent, key_find(ks, "evidence_json"), json);
        } else if (k->type == T_STRING) {
            put(out, indent, k, json ? json : it->valuestring);
        } else if (cJSON_IsBool(it)) {
            put(out, indent, k, cJSON_IsTrue(it) ? "true" : "false");
        } else if (cJSON_IsNumber(it)) {
            dg_format_number(num, sizeof num, it->valuedouble);
            put(out, indent, k, num);
        }
        free(json);
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
        rc = put_values(out, "    ", &gk, meta, no_skip, 0, put_data);
    }
    cJSON_ArrayForEach(it, nodes) {
        if (rc != DG_OK)
            break;
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(it, "id");
        fputs("    <node id=\"", out);
        put_escaped(out, cJSON_IsString(id) ? id->valuestring : "");
        fputs("\">\n", out);
        rc = put_values(out, "      ", &nk, it, node_skip, 0, put_data);
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
        rc = put_values(out, "      ", &ek, it, edge_skip, 1, put_data);
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

/* ---- GEXF ------------------------------------------------------------
 *
 * GEXF 1.2 (Gephi's own format; networkx read_gexf): the same attributes
 * and values as GraphML, declared in <attributes> blocks, a node's label
 * and an edge's weight as XML attributes, node positions as viz:position.
 * A sliced graph is dynamic (timeformat "date"): each edge has a spell
 * per period with events and its events and net weight per period as
 * dynamic attributes, and each node a spell per period in which it has a
 * link, so Gephi's timeline plays the relations period by period. */

static const char *const gexf_types[] = {"boolean", "long", "double",
                                         "string"};

/* "YYYY-MM-DD" and its NUL into d (y 1..9999, m 1..12, day 1..31). */
static void put_date(char d[11], int y, int m, int day)
{
    const int v[3] = {y, m, day}, width[3] = {4, 2, 2};
    size_t k = 0;
    for (int f = 0; f < 3; f++) {
        if (f)
            d[k++] = '-';
        for (int w = width[f] - 1, x = v[f]; w >= 0; w--, x /= 10)
            d[k + (size_t)w] = (char)('0' + x % 10);
        k += (size_t)width[f];
    }
    d[k] = '\0';
}

/* The first and last day of a period: "2024" -> 2024-01-01 .. 2024-12-31,
 * "2024-Q3" -> 2024-07-01 .. 2024-09-30, "2024-02" -> 2024-02-01 ..
 * 2024-02-29 (GEXF's inclusive start and end, which Gephi and networkx
 * both read). */
static int period_span(const char *p, char start[11], char end[11])
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int y = atoi(p), m0 = 1, months = 12;
    if (strlen(p) == 7 && p[5] == 'Q') {
        m0 = 1 + 3 * (p[6] - '1');
        months = 3;
    } else if (strlen(p) == 7) {
        m0 = atoi(p + 5);
        months = 1;
    }
    if (y < 1 || y > 9999 || m0 < 1 || m0 + months - 1 > 12)
        return 0;
    int m1 = m0 + months - 1;
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    put_date(start, y, m0, 1);
    put_date(end, y, m1, days[m1 - 1] + (m1 == 2 && leap));
    return 1;
}

static void gexf_attributes(FILE *out, const keyset *ks, const char *cls)
{
    if (!ks->n)
        return;
    fprintf(out, "    <attributes class=\"%s\" mode=\"static\">\n", cls);
    for (size_t i = 0; i < ks->n; i++) {
        fprintf(out, "      <attribute id=\"%s\" title=\"", ks->k[i].id);
        put_escaped(out, ks->k[i].name);
        fprintf(out, "\" type=\"%s\"/>\n", gexf_types[ks->k[i].type]);
    }
    fputs("    </attributes>\n", out);
}

/* An edge's events and net weight in each period of its "series", as
 * dynamic <attvalue>s. */
static void gexf_dynamic_values(FILE *out, const cJSON *series)
{
    static const char *const dyn[] = {"events", "net"};
    const cJSON *p;
    char a[11], b[11], num[64];
    cJSON_ArrayForEach(p, series)
    {
        const cJSON *per = cJSON_GetObjectItemCaseSensitive(p, "period");
        if (!cJSON_IsString(per) || !period_span(per->valuestring, a, b))
            continue;
        for (int i = 0; i < 2; i++) {
            const cJSON *v = cJSON_GetObjectItemCaseSensitive(p, dyn[i]);
            if (!cJSON_IsNumber(v))
                continue;
            dg_format_number(num, sizeof num, v->valuedouble);
            fprintf(out,
                    "          <attvalue for=\"p_%s\" value=\"%s\" "
                    "start=\"%s\" end=\"%s\"/>\n",
                    dyn[i], num, a, b);
        }
    }
}

/* The spells of a "series": one per period. */
static void gexf_spells(FILE *out, const cJSON *series)
{
    const cJSON *p;
    char a[11], b[11];
    fputs("        <spells>\n", out);
    cJSON_ArrayForEach(p, series)
    {
        const cJSON *per = cJSON_GetObjectItemCaseSensitive(p, "period");
        if (cJSON_IsString(per) && period_span(per->valuestring, a, b))
            fprintf(out, "          <spell start=\"%s\" end=\"%s\"/>\n",
                    a, b);
    }
    fputs("        </spells>\n", out);
}

int dg_write_gexf_with(const dg_graph *g, FILE *out,
                       const dg_render_options *ro, dg_error *err)
{
    cJSON *nl = dg_graph_json_tree(g, ro, 1, err);
    if (!nl)
        return err ? err->code : DG_ENOMEM;
    static const char *const node_skip[] = {"id", "label", "x", "y", NULL};
    static const char *const edge_skip[] = {"source", "target", NULL};
    const cJSON *nodes = cJSON_GetObjectItemCaseSensitive(nl, "nodes");
    const cJSON *links = cJSON_GetObjectItemCaseSensitive(nl, "links");
    keyset nk = {NULL, 0, 0, "n"}, ek = {NULL, 0, 0, "e"};
    static const double no_pos[1];
    const dg_write_ctx c = {.g = g, .pos = no_pos};
    int rc = collect(&nk, &c, DG_SCOPE_NODE, node_skip);
    if (rc == DG_OK)
        rc = collect(&ek, &c, DG_SCOPE_LINK, edge_skip);
    int dynamic = g->opt.slice != DG_SLICE_NONE;
    const cJSON *it;
    if (rc == DG_OK) {
        fprintf(out,
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                "<gexf xmlns=\"http://www.gexf.net/1.2draft\" "
                "xmlns:viz=\"http://www.gexf.net/1.2draft/viz\" "
                "version=\"1.2\">\n"
                "  <meta>\n"
                "    <creator>diplograph %s</creator>\n"
                "    <description>%s</description>\n"
                "  </meta>\n"
                "  <graph defaultedgetype=\"directed\" mode=\"%s\"%s>\n",
                DG_VERSION,
                "directed signed relations between actors: weight = "
                "cooperation + conflict, net = cooperation - conflict",
                dynamic ? "dynamic" : "static",
                dynamic ? " timeformat=\"date\"" : "");
        gexf_attributes(out, &nk, "node");
        gexf_attributes(out, &ek, "edge");
        if (dynamic)
            fputs("    <attributes class=\"edge\" mode=\"dynamic\">\n"
                  "      <attribute id=\"p_events\" title=\"period_events\" "
                  "type=\"long\"/>\n"
                  "      <attribute id=\"p_net\" title=\"period_net\" "
                  "type=\"double\"/>\n"
                  "    </attributes>\n",
                  out);
        fputs("    <nodes>\n", out);
    }
    cJSON_ArrayForEach(it, nodes) {
        if (rc != DG_OK)
            break;
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(it, "id");
        const cJSON *label = cJSON_GetObjectItemCaseSensitive(it, "label");
        fputs("      <node id=\"", out);
        put_escaped(out, cJSON_IsString(id) ? id->valuestring : "");
        fputs("\" label=\"", out);
        put_escaped(out, cJSON_IsString(label) ? label->valuestring : "");
        fputs("\">\n", out);
        fputs("        <attvalues>\n", out);
        if ((rc = put_values(out, "          ", &nk, it, node_skip, 0,
                             put_attvalue)) != DG_OK)
            break;
        fputs("        </attvalues>\n", out);
        const cJSON *ser = cJSON_GetObjectItemCaseSensitive(it, "series");
        if (dynamic && cJSON_GetArraySize(ser) > 0)
            gexf_spells(out, ser);
        const cJSON *x = cJSON_GetObjectItemCaseSensitive(it, "x");
        const cJSON *y = cJSON_GetObjectItemCaseSensitive(it, "y");
        if (cJSON_IsNumber(x) && cJSON_IsNumber(y)) {
            char xs[64], ys[64];
            dg_format_number(xs, sizeof xs, x->valuedouble);
            dg_format_number(ys, sizeof ys, y->valuedouble);
            fprintf(out, "        <viz:position x=\"%s\" y=\"%s\" z=\"0\"/>\n",
                    xs, ys);
        }
        fputs("      </node>\n", out);
    }
    if (rc == DG_OK)
        fputs("    </nodes>\n    <edges>\n", out);
    cJSON_ArrayForEach(it, links) {
        if (rc != DG_OK)
            break;
        const cJSON *s = cJSON_GetObjectItemCaseSensitive(it, "source");
        const cJSON *t = cJSON_GetObjectItemCaseSensitive(it, "target");
        const cJSON *w = cJSON_GetObjectItemCaseSensitive(it, "weight");
        char *id = dg_link_id(it), ws[64] = "0";
        if (!id) {
            rc = DG_ENOMEM;
            break;
        }
        if (cJSON_IsNumber(w))
            dg_format_number(ws, sizeof ws, w->valuedouble);
        fputs("      <edge id=\"", out);
        put_escaped(out, id);
        fputs("\" source=\"", out);
        put_escaped(out, cJSON_IsString(s) ? s->valuestring : "");
        fputs("\" target=\"", out);
        put_escaped(out, cJSON_IsString(t) ? t->valuestring : "");
        fprintf(out, "\" weight=\"%s\">\n", ws);
        free(id);
        const cJSON *ser = cJSON_GetObjectItemCaseSensitive(it, "series");
        int spells = dynamic && cJSON_GetArraySize(ser) > 0;
        fputs("        <attvalues>\n", out);
        if ((rc = put_values(out, "          ", &ek, it, edge_skip, 1,
                             put_attvalue)) != DG_OK)
            break;
        if (spells)
            gexf_dynamic_values(out, ser);
        fputs("        </attvalues>\n", out);
        if (spells)
            gexf_spells(out, ser);
        fputs("      </edge>\n", out);
    }
    if (rc == DG_OK)
        fputs("    </edges>\n  </graph>\n</gexf>\n", out);
    keys_free(&nk);
    keys_free(&ek);
    cJSON_Delete(nl);
    if (rc != DG_OK)
        return dg_error_set(err, DG_ENOMEM, NULL, 0, "out of memory");
    return ferror(out) ? dg_error_set(err, DG_EIO, NULL, 0, "write failed")
                       : DG_OK;
}

int dg_write_gexf(const dg_graph *g, FILE *out, dg_error *err)
{
    return dg_write_gexf_with(g, out, NULL, err);
}
