/* read_graph.c -- loads a graph saved by `diplograph build -o x.json`
 * (node-link JSON, docs/graph-json.md) back into a dg_graph, so that
 * `report` and `render` work without re-reading the texts.
 *
 * The file is input: every field that is read is checked for its type and
 * range, and a problem is an error that names the field and the node or
 * link ("g.json: link 3 (ARM -> RUS): "categories" must be an object of
 * counts"). Nodes and links are counted from 0, as in the file's arrays.
 * Loading is linear in the size of the file (hash lookups of node ids and
 * of (source, target) pairs); the graph's size is bounded (DG_GRAPH_MAX_*).
 *
 * The loaded graph owns a small lexicon holding its nodes as actors.
 */
#include "graph_internal.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

#define COUNT_MAX 1e15 /* exact in a double, fits a long */

static int load_buffer(dg_graph **out, const char *path, char *data, size_t len,
                       dg_error *err);

/* What is being read, for messages. */
typedef struct reader {
    const char *path;
    dg_error *err;
    char where[200]; /* "link 3 (ARM -> RUS)", "node 2 (ARM)", "graph" */
} reader;

static int fail(reader *r, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static int fail(reader *r, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (r->where[0])
        return dg_error_set(r->err, DG_EPARSE, r->path, 0, "%s: %s", r->where,
                            msg);
    return dg_error_set(r->err, DG_EPARSE, r->path, 0, "%s", msg);
}

static const cJSON *item(const cJSON *o, const char *k)
{
    return cJSON_GetObjectItemCaseSensitive(o, k);
}

/* An optional string: *out is NULL when absent. */
static int opt_str(reader *r, const cJSON *o, const char *k, const char **out)
{
    const cJSON *v = item(o, k);
    *out = NULL;
    if (!v)
        return DG_OK;
    if (!cJSON_IsString(v))
        return fail(r, "\"%s\" must be a string", k);
    *out = v->valuestring;
    return DG_OK;
}

/* The number v, clamped to [lo, hi] and, for an integer field, cut to
 * an integer: k names it. A number out of range is clamped rather than
 * refused (casting an out-of-range double to an integer is undefined
 * behaviour); anything but a number is an error. */
static int num_value(reader *r, const cJSON *v, const char *k, double lo,
                     double hi, int integer, double *out)
{
    if (!cJSON_IsNumber(v))
        return fail(r, "\"%s\" must be a number", k);
    double d = v->valuedouble;
    d = isnan(d) ? lo : d < lo ? lo : d > hi ? hi : d;
    *out = integer ? trunc(d) : d;
    return DG_OK;
}

/* An optional integer, clamped to [lo, hi]. */
static int opt_int(reader *r, const cJSON *o, const char *k, double lo,
                   double hi, double *out)
{
    const cJSON *v = item(o, k);
    return v ? num_value(r, v, k, lo, hi, 1, out) : DG_OK;
}

/* An optional amount, clamped to [0, COUNT_MAX]. */
static int opt_amount(reader *r, const cJSON *o, const char *k, double *out)
{
    const cJSON *v = item(o, k);
    return v ? num_value(r, v, k, 0, COUNT_MAX, 0, out) : DG_OK;
}

static int opt_bool(reader *r, const cJSON *o, const char *k, int *out)
{
    const cJSON *v = item(o, k);
    if (!v)
        return DG_OK;
    if (!cJSON_IsBool(v))
        return fail(r, "\"%s\" must be true or false", k);
    *out = cJSON_IsTrue(v);
    return DG_OK;
}

/* A class name of the file: a PLOVER class, or "" in evidence. */
static int class_of(const char *name)
{
    int ci = dg_plover_class_index(name);
    return ci >= 0 && ci < DG_NCLASSES ? ci : -1;
}

/* Nodes become actors of the graph's own lexicon, in file order (node i
 * is actor i); their mentions go to mentions[i]. */
static int load_nodes(reader *r, dg_lexicon *lx, const cJSON *nodes,
                      unsigned long *mentions)
{
    const cJSON *nd;
    size_t i = 0;
    cJSON_ArrayForEach(nd, nodes) {
        snprintf(r->where, sizeof r->where, "node %zu", i);
        if (!cJSON_IsObject(nd))
            return fail(r, "must be an object");
        const char *id, *label, *type;
        if (opt_str(r, nd, "id", &id) != DG_OK)
            return DG_EPARSE;
        if (!id || !*id)
            return fail(r, "\"id\" must be a non-empty string");
        snprintf(r->where, sizeof r->where, "node %zu (%.64s)", i, id);
        double m = 0;
        if (opt_str(r, nd, "label", &label) != DG_OK ||
            opt_str(r, nd, "type", &type) != DG_OK ||
            opt_int(r, nd, "mentions", 0, COUNT_MAX, &m) != DG_OK)
            return DG_EPARSE;
        if (type && strcmp(type, "state") && strcmp(type, "organization"))
            return fail(r, "\"type\" must be \"state\" or \"organization\"");
        long idx;
        int rc = dg_lexicon_add_plain_actor(
            lx, id, label ? label : id,
            type && strcmp(type, "organization") == 0 ? DG_ACTOR_ORGANIZATION
                                                      : DG_ACTOR_STATE,
            &idx);
        if (rc == DG_ENOMEM)
            return dg_error_set(r->err, DG_ENOMEM, r->path, 0, "out of memory");
        if (rc != DG_OK)
            return fail(r,
                        "the id is already node %ld (a node appears "
                        "once)",
                        idx);
        mentions[i++] = (unsigned long)m;
    }
    r->where[0] = '\0';
    return DG_OK;
}

static int load_evidence(reader *r, dg_link *l, const cJSON *evs)
{
    int n = cJSON_GetArraySize(evs);
    if (n > DG_GRAPH_MAX_EVIDENCE)
        return fail(r,
                    "\"evidence\" holds %d items, more than the limit of "
                    "%d",
                    n, DG_GRAPH_MAX_EVIDENCE);
    if (n == 0)
        return DG_OK;
    l->ev = calloc((size_t)n, sizeof *l->ev);
    if (!l->ev)
        return dg_error_set(r->err, DG_ENOMEM, r->path, 0, "out of memory");
    const cJSON *x;
    size_t base = strlen(r->where);
    cJSON_ArrayForEach(x, evs) {
        snprintf(r->where + base, sizeof r->where - base, ", evidence %d",
                 l->nev);
        if (!cJSON_IsObject(x))
            return fail(r, "must be an object");
        const char *doc, *text, *trigger, *cat, *date;
        double sentence = 0, polarity = 0, weight = 0;
        if (opt_str(r, x, "doc", &doc) != DG_OK ||
            opt_str(r, x, "date", &date) != DG_OK ||
            opt_str(r, x, "text", &text) != DG_OK ||
            opt_str(r, x, "trigger", &trigger) != DG_OK ||
            opt_str(r, x, "category", &cat) != DG_OK ||
            opt_int(r, x, "sentence", 0, COUNT_MAX, &sentence) != DG_OK ||
            opt_int(r, x, "polarity", -1, 1, &polarity) != DG_OK ||
            opt_int(r, x, "weight", -10, 10, &weight) != DG_OK)
            return DG_EPARSE;
        int ci = cat && *cat ? class_of(cat) : -1;
        if (cat && *cat && ci < 0)
            return fail(r, "\"category\": \"%.40s\" is not a PLOVER class",
                        cat);
        dg_evidence *d = &l->ev[l->nev];
        d->doc = dg_strdup(doc ? doc : "");
        d->text = dg_strdup(text ? text : "");
        d->trigger = dg_strdup(trigger ? trigger : "");
        d->date = date ? dg_strdup(date) : NULL;
        d->category = ci >= 0 ? dg_plover_classes[ci] : "";
        d->sentence = (long)sentence;
        d->polarity = (int)polarity;
        d->weight = (int)weight;
        d->seq = (unsigned long)l->nev;
        l->nev++; /* counted now, so that dg_graph_free frees it */
        if (!d->doc || !d->text || !d->trigger || (date && !d->date))
            return dg_error_set(r->err, DG_ENOMEM, r->path, 0, "out of memory");
    }
    r->where[base] = '\0';
    return DG_OK;
}

/* Link k of the file becomes g->links[k]. */
static int load_series(reader *r, dg_graph *g, dg_link *l, const cJSON *ser);

static int load_link(reader *r, dg_graph *g, const cJSON *ln, size_t k)
{
    snprintf(r->where, sizeof r->where, "link %zu", k);
    if (!cJSON_IsObject(ln))
        return fail(r, "must be an object");
    const char *s, *t;
    if (opt_str(r, ln, "source", &s) != DG_OK ||
        opt_str(r, ln, "target", &t) != DG_OK)
        return DG_EPARSE;
    if (!s || !t)
        return fail(r, "\"source\" and \"target\" must be node ids");
    snprintf(r->where, sizeof r->where, "link %zu (%.64s -> %.64s)", k, s, t);
    long si = dg_lexicon_find_actor(g->lx, s);
    long ti = dg_lexicon_find_actor(g->lx, t);
    if (si < 0)
        return fail(r, "\"source\" is not the id of a node");
    if (ti < 0)
        return fail(r, "\"target\" is not the id of a node");
    if (si == ti)
        return fail(r, "a link from a node to itself");
    long dup = dg_graph_find_link_raw(g, (int32_t)si, (int32_t)ti);
    if (dup >= 0)
        return fail(r,
                    "the same source and target as link %ld (one link "
                    "per ordered pair)",
                    dup);

    double events = 1, positive = 0, negative = 0;
    if (opt_int(r, ln, "events", 0, COUNT_MAX, &events) != DG_OK ||
        opt_amount(r, ln, "positive", &positive) != DG_OK ||
        opt_amount(r, ln, "negative", &negative) != DG_OK)
        return DG_EPARSE;
    const cJSON *cats = item(ln, "categories"), *c;
    if (cats && !cJSON_IsObject(cats))
        return fail(r, "\"categories\" must be an object of counts");
    const cJSON *evs = item(ln, "evidence");
    if (evs && !cJSON_IsArray(evs))
        return fail(r, "\"evidence\" must be a list");

    dg_link *l = &g->links[k];
    memset(l, 0, sizeof *l);
    l->s = (int32_t)si;
    l->t = (int32_t)ti;
    if (dg_graph_index_link(g, k) != DG_OK)
        return dg_error_set(r->err, DG_ENOMEM, r->path, 0, "out of memory");
    g->nlinks = k + 1; /* from here on dg_graph_free frees its evidence */
    l->events = (long)events;
    l->positive = positive;
    l->negative = negative;
    cJSON_ArrayForEach(c, cats)
    {
        int ci = class_of(c->string);
        if (ci < 0)
            return fail(r, "\"categories\": \"%.40s\" is not a PLOVER class",
                        c->string);
        double v = 0;
        char name[64];
        snprintf(name, sizeof name, "categories\".\"%s", c->string);
        if (num_value(r, c, name, 0, COUNT_MAX, 1, &v) != DG_OK)
            return DG_EPARSE;
        l->classes[ci] = (long)v;
    }
    int rc = load_evidence(r, l, evs);
    return rc != DG_OK ? rc : load_series(r, g, l, item(ln, "series"));
}

/* A sliced link's "series" (optional): a list of {"period", "events",
 * "positive", "negative"}, each period one of the graph's "periods". */
static int load_series(reader *r, dg_graph *g, dg_link *l, const cJSON *ser)
{
    const cJSON *e;
    if (!ser)
        return DG_OK;
    if (!cJSON_IsArray(ser))
        return fail(r, "\"series\" must be a list");
    if (g->opt.slice == DG_SLICE_NONE)
        return fail(r, "\"series\" in a graph without \"slice\"");
    cJSON_ArrayForEach(e, ser)
    {
        const char *period;
        double events = 0, positive = 0, negative = 0;
        if (!cJSON_IsObject(e))
            return fail(r, "\"series\" items must be objects");
        if (opt_str(r, e, "period", &period) != DG_OK ||
            opt_int(r, e, "events", 0, COUNT_MAX, &events) != DG_OK ||
            opt_amount(r, e, "positive", &positive) != DG_OK ||
            opt_amount(r, e, "negative", &negative) != DG_OK)
            return DG_EPARSE;
        long p = -1;
        for (size_t i = 0; period && i < g->nperiods; i++)
            if (strcmp(g->periods[i], period) == 0)
                p = (long)i;
        if (p < 0)
            return fail(r, "\"series\": period \"%.40s\" is not in the "
                           "graph's \"periods\"",
                        period ? period : "(none)");
        if (dg_link_add_period(l, (uint32_t)p, (long)events, positive,
                               negative) != DG_OK)
            return dg_error_set(r->err, DG_ENOMEM, r->path, 0,
                                "out of memory");
    }
    return DG_OK;
}


/* A sliced graph's "slice" and "periods" (graph metadata, optional), read
 * before the links, whose series refer to the periods. */
static int load_periods(reader *r, dg_graph *g, const cJSON *meta)
{
    snprintf(r->where, sizeof r->where, "graph");
    const char *slice;
    const cJSON *periods = item(meta, "periods"), *p;
    double undated = 0;
    if (opt_str(r, meta, "slice", &slice) != DG_OK ||
        opt_int(r, meta, "undated_events", 0, COUNT_MAX, &undated) != DG_OK)
        return DG_EPARSE;
    if (slice) {
        int sl = dg_slice_from_name(slice);
        if (sl < 0)
            return fail(r, "\"slice\" must be year, quarter or month");
        g->opt.slice = (dg_slice)sl;
        g->undated = (unsigned long)undated;
        if (periods && !cJSON_IsArray(periods))
            return fail(r, "\"periods\" must be a list of periods");
        cJSON_ArrayForEach(p, periods)
        {
            if (!cJSON_IsString(p) || !dg_period_valid(p->valuestring, g->opt.slice))
                return fail(r, "\"periods\": \"%.40s\" is not a %s",
                            cJSON_IsString(p) ? p->valuestring : "?", slice);
            long at = dg_graph_period(g, p->valuestring);
            if (at < 0)
                return dg_error_set(r->err, DG_ENOMEM, r->path, 0,
                                    "out of memory");
            if ((size_t)at + 1 != g->nperiods)
                return fail(r, "\"periods\": \"%s\" twice", p->valuestring);
        }
    }
    r->where[0] = '\0';
    return DG_OK;
}

/* The graph metadata, all optional. */
static int load_meta(reader *r, dg_graph *g, const cJSON *meta)
{
    snprintf(r->where, sizeof r->where, "graph");
    double events = (double)g->events, documents = 0;
    double per_link = g->opt.evidence;
    int negated = 0;
    if (opt_int(r, meta, "events", 0, COUNT_MAX, &events) != DG_OK ||
        opt_int(r, meta, "documents", 0, COUNT_MAX, &documents) != DG_OK ||
        opt_int(r, meta, "evidence_per_link", 0, DG_GRAPH_MAX_EVIDENCE,
                &per_link) != DG_OK ||
        opt_bool(r, meta, "negated_events_included", &negated) != DG_OK)
        return DG_EPARSE;
    g->events = (unsigned long)events;
    g->documents = (unsigned long)documents;
    g->opt.evidence = (int)per_link;
    g->opt.include_negated = negated;
    r->where[0] = '\0';
    return DG_OK;
}

/* The top level: an object with "nodes" and "links" lists within the
 * limits, "graph" an object, "directed" true and "multigraph" false when
 * present. */
static int check_top(reader *r, const cJSON *root)
{
    if (!cJSON_IsObject(root))
        return fail(r, "not a node-link graph: the top level must be an "
                       "object with \"nodes\" and \"links\"");
    const cJSON *nodes = item(root, "nodes"), *links = item(root, "links");
    const cJSON *meta = item(root, "graph");
    if (!cJSON_IsArray(nodes) || !cJSON_IsArray(links))
        return fail(r, "not a node-link graph: \"nodes\" and \"links\" "
                       "lists are missing");
    if (meta && !cJSON_IsObject(meta))
        return fail(r, "\"graph\" must be an object");
    int directed = 1, multi = 0;
    if (opt_bool(r, root, "directed", &directed) != DG_OK ||
        opt_bool(r, root, "multigraph", &multi) != DG_OK)
        return DG_EPARSE;
    if (!directed || multi)
        return fail(r, "\"directed\" must be true and \"multigraph\" false "
                       "(diplograph's graphs are directed, one link per "
                       "ordered pair)");
    int nn = cJSON_GetArraySize(nodes), nl = cJSON_GetArraySize(links);
    if (nn > DG_GRAPH_MAX_NODES)
        return fail(r, "%d nodes, more than the limit of %d", nn,
                    DG_GRAPH_MAX_NODES);
    if (nl > DG_GRAPH_MAX_LINKS)
        return fail(r, "%d links, more than the limit of %d", nl,
                    DG_GRAPH_MAX_LINKS);
    return DG_OK;
}

int dg_graph_load_json(dg_graph **out, const char *path, dg_error *err)
{
    reader r = {path, err, ""};
    struct stat st;
    if (stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
        (uintmax_t)st.st_size > DG_GRAPH_MAX_BYTES)
        return fail(&r,
                    "the file is larger than %zu MiB, the limit of a "
                    "saved graph",
                    DG_GRAPH_MAX_BYTES >> 20);
    char *data;
    size_t len;
    int rc = dg_read_file(path, &data, &len, DG_GRAPH_MAX_BYTES,
                          "a saved graph", err);
    if (rc != DG_OK)
        return rc;
    if (len > DG_GRAPH_MAX_BYTES) {
        free(data);
        return fail(&r,
                    "the file is larger than %zu MiB, the limit of a "
                    "saved graph",
                    DG_GRAPH_MAX_BYTES >> 20);
    }
    return load_buffer(out, path, data, len, err);
}

/* Standard input: prefix (bytes already read from descriptor 0 to sniff
 * it), then the rest of it, within the size limit. */
int dg_graph_load_json_stdin(dg_graph **out, const char *prefix, size_t plen,
                             dg_error *err)
{
    const char *name = "<stdin>";
    dg_buf b = {0};
    if (plen && dg_buf_append(&b, prefix, plen) != DG_OK)
        return dg_error_set(err, DG_ENOMEM, name, 0, "out of memory");
    for (;;) {
        if (b.len > DG_GRAPH_MAX_BYTES) {
            dg_buf_free(&b);
            return dg_error_set(err, DG_EPARSE, name, 0,
                                "more than %zu MiB, the limit of a saved "
                                "graph",
                                DG_GRAPH_MAX_BYTES >> 20);
        }
        if (dg_buf_reserve(&b, 65536) != DG_OK) {
            dg_buf_free(&b);
            return dg_error_set(err, DG_ENOMEM, name, 0, "out of memory");
        }
        ssize_t k = read(0, b.data + b.len, 65536);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0) {
            int e = errno;
            dg_buf_free(&b);
            return dg_error_set(err, DG_EIO, name, 0, "cannot read: %s",
                                strerror(e));
        }
        if (k == 0)
            break;
        b.len += (size_t)k;
    }
    return load_buffer(out, name, b.data, b.len, err);
}

/* Parses data (len bytes, freed here) as a saved graph named path. */
static int load_buffer(dg_graph **out, const char *path, char *data, size_t len,
                       dg_error *err)
{
    reader r = {path, err, ""};
    int rc;
    cJSON *root = cJSON_ParseWithLength(data ? data : "", len);
    free(data);
    if (!root)
        return fail(&r, "not valid JSON (expected a graph written by "
                        "'diplograph build -o FILE.json')");
    if (check_top(&r, root) != DG_OK) {
        cJSON_Delete(root);
        return DG_EPARSE;
    }
    const cJSON *nodes = item(root, "nodes"), *links = item(root, "links");
    const cJSON *meta = item(root, "graph");
    size_t nn = (size_t)cJSON_GetArraySize(nodes);
    size_t nl = (size_t)cJSON_GetArraySize(links);

    dg_lexicon *lx = NULL;
    dg_graph *g = NULL;
    unsigned long *mentions = calloc(nn + 1, sizeof *mentions);
    rc = mentions ? dg_lexicon_new(&lx, 0, err) : DG_ENOMEM;
    if (rc == DG_OK)
        rc = load_nodes(&r, lx, nodes, mentions);
    if (rc == DG_OK && dg_lexicon_finish(lx) != DG_OK)
        rc = DG_ENOMEM;
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
        go.evidence = most < 1                       ? 1
                      : most > DG_GRAPH_MAX_EVIDENCE ? DG_GRAPH_MAX_EVIDENCE
                                                     : most;
        rc = dg_graph_new(&g, lx, &go, NULL);
    }
    if (rc == DG_OK) {
        g->owned_lx = lx;
        lx = NULL;
        rc = load_periods(&r, g, meta);
    }
    if (rc == DG_OK) {
        memcpy(g->mentions, mentions, nn * sizeof *mentions);
        g->links = calloc(nl + 1, sizeof *g->links);
        g->caplinks = nl + 1;
        if (!g->links)
            rc = DG_ENOMEM;
        size_t k = 0;
        const cJSON *ln;
        cJSON_ArrayForEach(ln, links) {
            if (rc != DG_OK || (rc = load_link(&r, g, ln, k++)) != DG_OK)
                break;
        }
        g->events = g->nlinks;
    }
    if (rc == DG_OK)
        rc = load_meta(&r, g, meta);
    if (rc == DG_OK)
        rc = dg_graph_finish(g, NULL);
    if (rc == DG_ENOMEM && (!err || err->code != DG_ENOMEM))
        dg_error_set(err, rc, path, 0, "out of memory");
    free(mentions);
    cJSON_Delete(root);
    dg_lexicon_free(lx);
    if (rc != DG_OK) {
        dg_graph_free(g);
        return rc;
    }
    *out = g;
    return DG_OK;
}

/* ---- merging saved graphs ------------------------------------------------
 *
 * Saved graphs of disjoint inputs add up: a link's counts and sums, its
 * per-period series, the actors' mentions and the graph's counts are
 * sums, and a link's evidence, the first N of its events by the total
 * evidence order (graph.c), is the first N of the union of the files'
 * first N. So report and render of a.json b.json give what one build of
 * both inputs gives, byte for byte, when the files were built alike. */

typedef struct actor_ref {
    const char *id, *name;
    int type;
    size_t order; /* file, then node: the first file naming an id gives
                     its label and type */
} actor_ref;

static int cmp_actor_ref(const void *a, const void *b)
{
    const actor_ref *x = a, *y = b;
    int c = strcmp(x->id, y->id);
    return c ? c : (x->order > y->order) - (x->order < y->order);
}

/* Graphs built alike: the same evidence bound, slicing and negated
 * events; else DG_EINVAL naming the two files. */
static int check_alike(dg_graph *const *gs, const char *const *names,
                       size_t n, dg_error *err)
{
    for (size_t i = 1; i < n; i++) {
        const dg_graph_options *a = &gs[0]->opt, *b = &gs[i]->opt;
        const char *what = a->evidence != b->evidence ? "--evidence"
                           : a->slice != b->slice     ? "--slice"
                           : a->include_negated != b->include_negated
                               ? "--include-negated"
                               : NULL;
        if (what)
            return dg_error_set(err, DG_EINVAL, names[i], 0,
                                "built with another %s than %s: saved "
                                "graphs merge only when built with the same "
                                "options (build them again alike)",
                                what, names[0]);
    }
    return DG_OK;
}

/* The actors of all graphs, by id, as the lexicon of the merged graph. */
static int union_lexicon(dg_graph *const *gs, size_t n, dg_lexicon **out,
                         dg_error *err)
{
    size_t total = 0;
    for (size_t i = 0; i < n; i++)
        total += dg_lexicon_actor_count(gs[i]->lx);
    actor_ref *a = malloc((total + 1) * sizeof *a);
    dg_lexicon *lx = NULL;
    int rc = a ? dg_lexicon_new(&lx, 0, err) : DG_ENOMEM;
    size_t k = 0;
    for (size_t i = 0; i < n && rc == DG_OK; i++)
        for (size_t j = 0; j < dg_lexicon_actor_count(gs[i]->lx); j++)
            a[k] = (actor_ref){dg_lexicon_actor_id(gs[i]->lx, j),
                               dg_lexicon_actor_name(gs[i]->lx, j),
                               dg_lexicon_actor_type(gs[i]->lx, j), k},
            k++;
    if (rc == DG_OK)
        qsort(a, k, sizeof *a, cmp_actor_ref);
    for (size_t i = 0; i < k && rc == DG_OK; i++) {
        long idx;
        if (i > 0 && strcmp(a[i].id, a[i - 1].id) == 0)
            continue;
        rc = dg_lexicon_add_plain_actor(lx, a[i].id, a[i].name, a[i].type,
                                        &idx);
    }
    if (rc == DG_OK && dg_lexicon_finish(lx) != DG_OK)
        rc = DG_ENOMEM;
    free(a);
    if (rc != DG_OK) {
        dg_lexicon_free(lx);
        return rc == DG_ENOMEM ? dg_error_set(err, rc, NULL, 0, "out of memory")
                               : rc;
    }
    *out = lx;
    return DG_OK;
}

/* Has link l an evidence item of another file (seq holds the file's
 * index) that is e: the same sentence, cue and text? */
static int seen_before(const dg_link *l, const dg_evidence *e,
                       unsigned long file)
{
    for (int i = 0; i < l->nev; i++) {
        const dg_evidence *v = &l->ev[i];
        if (v->seq != file && v->sentence == e->sentence &&
            strcmp(v->doc, e->doc) == 0 && strcmp(v->trigger, e->trigger) == 0 &&
            strcmp(v->text, e->text) == 0)
            return 1;
    }
    return 0;
}

/* Adds graph f (its own lexicon), the file-th, into g (the union's);
 * DG_EINVAL when f has evidence another file has too (*shared: its link). */
static int add_graph(dg_graph *g, const dg_graph *f, unsigned long file,
                     const dg_link **shared)
{
    const dg_lexicon *fl = f->lx;
    g->events += f->events;
    g->documents += f->documents;
    g->undated += f->undated;
    for (size_t j = 0; j < dg_lexicon_actor_count(fl); j++)
        g->mentions[dg_lexicon_find_actor(g->lx, dg_lexicon_actor_id(fl, j))] +=
            f->mentions[j];
    for (size_t p = 0; p < f->nperiods; p++)
        if (dg_graph_period(g, f->periods[p]) < 0)
            return DG_ENOMEM;
    for (size_t i = 0; i < f->nlinks; i++) {
        const dg_link *x = &f->links[i];
        long s = dg_lexicon_find_actor(g->lx, dg_lexicon_actor_id(fl, (size_t)x->s));
        long t = dg_lexicon_find_actor(g->lx, dg_lexicon_actor_id(fl, (size_t)x->t));
        long li = dg_graph_link_for(g, (int32_t)s, (int32_t)t);
        if (li < 0)
            return DG_ENOMEM;
        dg_link *l = &g->links[li];
        l->events += x->events;
        l->positive += x->positive;
        l->negative += x->negative;
        for (int c = 0; c < DG_NCLASSES; c++)
            l->classes[c] += x->classes[c];
        for (int e = 0; e < x->nev; e++) {
            const dg_evidence *v = &x->ev[e];
            if (seen_before(l, v, file)) {
                *shared = x;
                return DG_EINVAL;
            }
            dg_evidence cand = *v;
            cand.seq = file;
            int rc = dg_graph_offer_evidence_copy(g, l, &cand);
            if (rc != DG_OK)
                return rc;
        }
        for (uint32_t k = 0; k < x->nseries; k++) {
            const dg_period_stat *p = &x->series[k];
            long at = dg_graph_period(g, f->periods[p->period]);
            if (at < 0 || dg_link_add_period(l, (uint32_t)at, p->events,
                                             p->positive,
                                             p->negative) != DG_OK)
                return DG_ENOMEM;
        }
    }
    return DG_OK;
}

int dg_graph_merge_saved(dg_graph **out, dg_graph *const *gs,
                         const char *const *names, size_t n, dg_error *err)
{
    dg_error_clear(err);
    if (!out || !gs || !names || n == 0)
        return dg_error_set(err, DG_EINVAL, NULL, 0,
                            "dg_graph_merge_saved: no graphs");
    int rc = check_alike(gs, names, n, err);
    dg_lexicon *lx = NULL;
    dg_graph *g = NULL;
    if (rc == DG_OK)
        rc = union_lexicon(gs, n, &lx, err);
    if (rc == DG_OK) {
        dg_graph_options go;
        dg_graph_options_init(&go);
        go.evidence = gs[0]->opt.evidence;
        go.slice = gs[0]->opt.slice;
        go.include_negated = gs[0]->opt.include_negated;
        rc = dg_graph_new(&g, lx, &go, err);
    }
    if (rc == DG_OK) {
        g->owned_lx = lx;
        lx = NULL;
        for (size_t i = 0; i < n && rc == DG_OK; i++) {
            const dg_link *x = NULL;
            rc = add_graph(g, gs[i], (unsigned long)i, &x);
            if (rc == DG_EINVAL)
                dg_error_set(err, rc, names[i], 0,
                             "link %s -> %s has evidence that another file "
                             "has too: the graphs were built from "
                             "overlapping inputs, and merging them would "
                             "count those events twice (build one graph "
                             "from all the texts instead)",
                             dg_lexicon_actor_id(gs[i]->lx, (size_t)x->s),
                             dg_lexicon_actor_id(gs[i]->lx, (size_t)x->t));
            else if (rc != DG_OK)
                dg_error_set(err, rc, names[i], 0, "out of memory");
        }
    }
    if (rc == DG_OK)
        rc = dg_graph_finish(g, err);
    dg_lexicon_free(lx);
    if (rc != DG_OK) {
        dg_graph_free(g);
        return rc;
    }
    *out = g;
    return DG_OK;
}
