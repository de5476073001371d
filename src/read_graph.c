/* read_graph.c -- loads a graph saved by `diplograph build -o x.json`
 * (node-link JSON, docs/graph-json.md) back into a dg_graph, so that
 * `report` and `render` work without re-reading the texts.
 *
 * The loaded graph owns a small lexicon holding its nodes as actors.
 */
#include "graph_internal.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const cJSON *item(const cJSON *o, const char *k)
{
    return cJSON_GetObjectItemCaseSensitive(o, k);
}

static double num(const cJSON *o, const char *k, double def)
{
    const cJSON *v = item(o, k);
    return cJSON_IsNumber(v) ? v->valuedouble : def;
}

/* A number from the file, clamped to [lo, hi] (NaN and infinities go to
 * def): the file is input, and casting an out-of-range double to an
 * integer is undefined behaviour. */
static double clamped(const cJSON *o, const char *k, double def, double lo,
                      double hi)
{
    double v = num(o, k, def);
    if (!isfinite(v))
        return def;
    return v < lo ? lo : v > hi ? hi : v;
}

#define COUNT_MAX 1e15 /* exact in a double, fits a long */

static const char *str(const cJSON *o, const char *k)
{
    const cJSON *v = item(o, k);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* Add the nodes as actors of the graph's own lexicon. */
static int load_nodes(dg_lexicon *lx, const cJSON *nodes, const char *path,
                      dg_error *err)
{
    int n = cJSON_GetArraySize(nodes);
    lx->actors = calloc((size_t)n + 1, sizeof *lx->actors);
    if (!lx->actors)
        return dg_error_set(err, DG_ENOMEM, path, 0, "out of memory");
    lx->capactors = (size_t)n + 1;
    const cJSON *nd;
    cJSON_ArrayForEach(nd, nodes) {
        const char *id = str(nd, "id");
        if (!id || !*id)
            return dg_error_set(err, DG_EPARSE, path, 0,
                                "node %zu has no \"id\" string", lx->nactors);
        if (dg_lexicon_find_actor(lx, id) >= 0)
            return dg_error_set(err, DG_EPARSE, path, 0,
                                "node \"%s\" appears twice", id);
        const char *label = str(nd, "label");
        const char *type = str(nd, "type");
        dg_actor *a = &lx->actors[lx->nactors];
        a->id = dg_strdup(id);
        a->name = dg_strdup(label ? label : id);
        a->type = type && strcmp(type, "organization") == 0
                      ? DG_ACTOR_ORGANIZATION : DG_ACTOR_STATE;
        lx->nactors++;
        if (!a->id || !a->name)
            return dg_error_set(err, DG_ENOMEM, path, 0, "out of memory");
    }
    lx->dirty = 1;
    return dg_lexicon_finish(lx) == DG_OK
               ? DG_OK
               : dg_error_set(err, DG_ENOMEM, path, 0, "out of memory");
}

static int load_link(dg_graph *g, const cJSON *ln, size_t k, const char *path,
                     dg_error *err)
{
    const char *s = str(ln, "source"), *t = str(ln, "target");
    long si = s ? dg_lexicon_find_actor(g->lx, s) : -1;
    long ti = t ? dg_lexicon_find_actor(g->lx, t) : -1;
    if (si < 0 || ti < 0)
        return dg_error_set(err, DG_EPARSE, path, 0,
                            "link %zu: \"source\" and \"target\" must name "
                            "nodes", k);
    /* events one at a time would lose the sums: fill the link directly */
    dg_event ev = {0};
    ev.source = s;
    ev.target = t;
    ev.doc = "";
    ev.text = "";
    ev.trigger = "";
    ev.category = "";
    int rc = dg_graph_add_event(g, &ev); /* creates the link */
    if (rc != DG_OK)
        return dg_error_set(err, rc, path, 0, "link %zu: %s -> %s is invalid",
                            k, s, t);
    long li = dg_graph_find_link_raw(g, (int32_t)si, (int32_t)ti);
    dg_link *l = &g->links[li];
    l->events = (long)clamped(ln, "events", 1, 0, COUNT_MAX);
    l->positive = clamped(ln, "positive", 0, 0, COUNT_MAX);
    l->negative = clamped(ln, "negative", 0, 0, COUNT_MAX);
    memset(l->classes, 0, sizeof l->classes);
    const cJSON *cats = item(ln, "categories"), *c;
    cJSON_ArrayForEach(c, cats) {
        int ci = dg_plover_class_index(c->string);
        if (ci >= 0 && ci < DG_NCLASSES && cJSON_IsNumber(c) &&
            isfinite(c->valuedouble))
            l->classes[ci] = c->valuedouble < 0 ? 0
                             : c->valuedouble > COUNT_MAX
                                 ? (long)COUNT_MAX
                                 : (long)c->valuedouble;
    }
    /* evidence: replace the placeholder kept by add_event */
    for (int e = 0; e < l->nev; e++) {
        free(l->ev[e].doc);
        free(l->ev[e].text);
        free(l->ev[e].trigger);
    }
    l->nev = 0;
    const cJSON *evs = item(ln, "evidence"), *x;
    int cap = g->opt.evidence;
    cJSON_ArrayForEach(x, evs) {
        if (l->nev >= cap)
            break;
        dg_evidence *d = &l->ev[l->nev];
        const char *cat = str(x, "category");
        int ci = cat ? dg_plover_class_index(cat) : -1;
        d->doc = dg_strdup(str(x, "doc") ? str(x, "doc") : "");
        d->text = dg_strdup(str(x, "text") ? str(x, "text") : "");
        d->trigger = dg_strdup(str(x, "trigger") ? str(x, "trigger") : "");
        d->category = ci >= 0 ? dg_plover_classes[ci] : "";
        d->sentence = (long)clamped(x, "sentence", 0, 0, COUNT_MAX);
        d->polarity = (int)clamped(x, "polarity", 0, -1, 1);
        d->weight = (int)clamped(x, "weight", 0, -10, 10);
        d->seq = (unsigned long)l->nev;
        l->nev++;
        if (!d->doc || !d->text || !d->trigger)
            return dg_error_set(err, DG_ENOMEM, path, 0, "out of memory");
    }
    return DG_OK;
}

int dg_graph_load_json(dg_graph **out, const char *path, dg_error *err)
{
    char *data;
    size_t len;
    int rc = dg_read_file(path, &data, &len, err);
    if (rc != DG_OK)
        return rc;
    cJSON *root = cJSON_ParseWithLength(data, len);
    free(data);
    if (!root)
        return dg_error_set(err, DG_EPARSE, path, 0,
                            "not valid JSON (expected a graph written by "
                            "'diplograph build -o FILE.json')");
    const cJSON *nodes = item(root, "nodes"), *links = item(root, "links");
    const cJSON *meta = item(root, "graph");
    if (!cJSON_IsArray(nodes) || !cJSON_IsArray(links)) {
        cJSON_Delete(root);
        return dg_error_set(err, DG_EPARSE, path, 0,
                            "not a node-link graph: \"nodes\" and \"links\" "
                            "lists are missing");
    }
    dg_lexicon *lx = calloc(1, sizeof *lx);
    dg_graph *g = NULL;
    if (!lx) {
        cJSON_Delete(root);
        return dg_error_set(err, DG_ENOMEM, path, 0, "out of memory");
    }
    rc = load_nodes(lx, nodes, path, err);
    if (rc == DG_OK) {
        dg_graph_options go;
        dg_graph_options_init(&go);
        /* keep every evidence sentence the file holds */
        int most = 0;
        const cJSON *ln;
        cJSON_ArrayForEach(ln, links) {
            int k = cJSON_GetArraySize(item(ln, "evidence"));
            if (k > most)
                most = k;
        }
        go.evidence = most > 0 ? most : 1;
        go.include_negated = cJSON_IsTrue(item(meta, "negated_events_included"));
        rc = dg_graph_new(&g, lx, &go);
        if (rc != DG_OK)
            dg_error_set(err, rc, path, 0, "out of memory");
    }
    if (rc == DG_OK) {
        g->owned_lx = lx;
        lx = NULL;
        size_t k = 0;
        const cJSON *ln;
        cJSON_ArrayForEach(ln, links) {
            if ((rc = load_link(g, ln, k++, path, err)) != DG_OK)
                break;
        }
    }
    if (rc == DG_OK) {
        const cJSON *nd;
        cJSON_ArrayForEach(nd, nodes) {
            long a = dg_lexicon_find_actor(g->lx, str(nd, "id"));
            g->mentions[a] = (unsigned long)clamped(nd, "mentions", 0, 0,
                                                    COUNT_MAX);
        }
        g->events = (unsigned long)clamped(meta, "events", (double)g->events,
                                           0, COUNT_MAX);
        g->documents = (unsigned long)clamped(meta, "documents", 0, 0,
                                              COUNT_MAX);
        g->opt.evidence = (int)clamped(meta, "evidence_per_link",
                                       g->opt.evidence, 0, 1000);
        rc = dg_graph_finish(g);
        if (rc != DG_OK)
            dg_error_set(err, rc, path, 0, "out of memory");
    }
    cJSON_Delete(root);
    dg_lexicon_free(lx);
    if (rc != DG_OK) {
        dg_graph_free(g);
        return rc;
    }
    *out = g;
    return DG_OK;
}
