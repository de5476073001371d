/* partial.c -- partial graphs: the aggregate of part of the input, before
 * analysis, written to a file and merged back exactly (docs/scale.md).
 *
 * Everything a graph aggregates is a sum (documents, events, mentions, a
 * link's events, positive and negative weight, events per class) or the
 * first N evidence items of a link by a total order (dg_evidence_cmp in
 * graph.c), so the aggregate of the whole input is the merge of the
 * aggregates of any split of it, merged in any order and grouping. A
 * partial file holds that aggregate and what it depends on: the
 * generator's version, the lexicon's fingerprint (a hash of the bytes it
 * was loaded from) and the options that change aggregation (evidence per
 * link, negated events); a merge refuses a partial whose record differs.
 *
 * The file is JSON, written a link a line (so it streams out without a
 * tree of the whole graph), and read back as input: every field checked,
 * the whole file validated before the graph is changed, so a refused or
 * malformed partial leaves the graph as it was.
 */
#include "graph_internal.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PARTIAL_FORMAT 1
#define PARTIAL_MAX_BYTES ((size_t)1 << 30)
#define COUNT_MAX 1e15 /* exact in a double, fits a long */

const char *dg_lexicon_fingerprint(const dg_lexicon *lx, char *buf, size_t size)
{
    if (buf && size)
        snprintf(buf, size, "%016llx",
                 (unsigned long long)(lx ? lx->fingerprint : 0));
    return buf;
}

/* ---- writing ---------------------------------------------------------- */

typedef struct id_key {
    const char *a, *b;
    size_t idx;
} id_key;

static int cmp_id_keys(const void *x, const void *y)
{
    const id_key *p = x, *q = y;
    int c = strcmp(p->a, q->a);
    return c ? c : strcmp(p->b, q->b);
}

static cJSON *link_json(const dg_graph *g, const dg_link *l)
{
    const dg_lexicon *lx = g->lx;
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    cJSON_AddStringToObject(o, "source", lx->actors[l->s].id);
    cJSON_AddStringToObject(o, "target", lx->actors[l->t].id);
    cJSON_AddNumberToObject(o, "events", (double)l->events);
    cJSON_AddNumberToObject(o, "positive", l->positive);
    cJSON_AddNumberToObject(o, "negative", l->negative);
    cJSON_AddNumberToObject(o, "weight", l->positive - l->negative);
    cJSON *cats = cJSON_AddObjectToObject(o, "categories");
    for (int c = 0; c < DG_NCLASSES; c++)
        if (l->classes[c])
            cJSON_AddNumberToObject(cats, dg_plover_classes[c],
                                    (double)l->classes[c]);
    cJSON *ev = cJSON_AddArrayToObject(o, "evidence");
    for (int e = 0; e < l->nev; e++) {
        const dg_evidence *x = &l->ev[e];
        cJSON *eo = cJSON_CreateObject();
        cJSON_AddStringToObject(eo, "doc", x->doc);
        if (x->date)
            cJSON_AddStringToObject(eo, "date", x->date);
        cJSON_AddNumberToObject(eo, "sentence", (double)x->sentence);
        cJSON_AddStringToObject(eo, "text", x->text);
        cJSON_AddNumberToObject(eo, "polarity", x->polarity);
        cJSON_AddNumberToObject(eo, "weight", x->weight);
        if (x->category)
            cJSON_AddStringToObject(eo, "category", x->category);
        else
            cJSON_AddNullToObject(eo, "category");
        cJSON_AddStringToObject(eo, "trigger", x->trigger);
        cJSON_AddItemToArray(ev, eo);
    }
    if (g->opt.slice != DG_SLICE_NONE) {
        /* by period key, in time order (the graph's periods are sorted
         * only by dg_graph_finish): merges by key, equal aggregates are
         * equal files */
        cJSON *ser = cJSON_AddArrayToObject(o, "series");
        const dg_period_stat *by[l->nseries + 1];
        for (uint32_t i = 0; i < l->nseries; i++) {
            uint32_t j = i;
            for (; j > 0 && strcmp(g->periods[by[j - 1]->period],
                                   g->periods[l->series[i].period]) > 0;
                 j--)
                by[j] = by[j - 1];
            by[j] = &l->series[i];
        }
        for (uint32_t i = 0; i < l->nseries; i++) {
            const dg_period_stat *p = by[i];
            cJSON *po = cJSON_CreateObject();
            cJSON_AddStringToObject(po, "period", g->periods[p->period]);
            cJSON_AddNumberToObject(po, "events", (double)p->events);
            cJSON_AddNumberToObject(po, "positive", p->positive);
            cJSON_AddNumberToObject(po, "negative", p->negative);
            cJSON_AddItemToArray(ser, po);
        }
    }
    return o;
}

/* Prints item (consumed) and a suffix; DG_ENOMEM or DG_EIO. */
static int put_json(cJSON *item, const char *suffix, FILE *out)
{
    char *s = item ? cJSON_PrintUnformatted(item) : NULL;
    cJSON_Delete(item);
    if (!s)
        return DG_ENOMEM;
    int bad = fputs(s, out) == EOF || fputs(suffix, out) == EOF;
    free(s);
    return bad ? DG_EIO : DG_OK;
}

int dg_graph_write_partial(const dg_graph *g, FILE *out, dg_error *err)
{
    const dg_lexicon *lx = g->lx;
    char fp[DG_FINGERPRINT_SIZE];
    size_t nm = 0;
    for (size_t i = 0; i < lx->nactors; i++)
        nm += g->mentions[i] != 0;
    size_t nkeys = nm > g->nlinks ? nm : g->nlinks;
    id_key *keys = malloc((nkeys + 1) * sizeof *keys);
    cJSON *head = cJSON_CreateObject();
    if (!keys || !head) {
        free(keys);
        cJSON_Delete(head);
        return dg_error_set(err, DG_ENOMEM, NULL, 0, "out of memory");
    }
    /* the record first, then mentions and links sorted by actor ids, so
     * that equal aggregates are equal files */
    cJSON_AddNumberToObject(head, "diplograph_partial", PARTIAL_FORMAT);
    cJSON_AddStringToObject(head, "generator", "diplograph " DG_VERSION);
    cJSON_AddStringToObject(head, "lexicon",
                            dg_lexicon_fingerprint(lx, fp, sizeof fp));
    cJSON_AddNumberToObject(head, "evidence_per_link", g->opt.evidence);
    cJSON_AddBoolToObject(head, "negated_events_included",
                          g->opt.include_negated);
    cJSON_AddStringToObject(head, "slice", dg_slice_name(g->opt.slice));
    if (g->opt.since)
        cJSON_AddStringToObject(head, "since", g->opt.since);
    if (g->opt.until)
        cJSON_AddStringToObject(head, "until", g->opt.until);
    cJSON_AddNumberToObject(head, "undated_events", (double)g->undated);
    cJSON_AddNumberToObject(head, "documents", (double)g->documents);
    cJSON_AddNumberToObject(head, "events", (double)g->events);
    cJSON *m = cJSON_AddObjectToObject(head, "mentions");
    nm = 0;
    for (size_t i = 0; i < lx->nactors; i++)
        if (g->mentions[i])
            keys[nm++] = (id_key){lx->actors[i].id, "", i};
    qsort(keys, nm, sizeof *keys, cmp_id_keys);
    for (size_t i = 0; i < nm; i++)
        cJSON_AddNumberToObject(m, keys[i].a, (double)g->mentions[keys[i].idx]);
    char *h = cJSON_PrintUnformatted(head);
    cJSON_Delete(head);
    int rc = h ? DG_OK : DG_ENOMEM;
    if (rc == DG_OK) {
        /* the header without its closing brace, then the links */
        h[strlen(h) - 1] = '\0';
        if (fputs(h, out) == EOF || fputs(",\"links\":[\n", out) == EOF)
            rc = DG_EIO;
        free(h);
    }
    for (size_t i = 0; i < g->nlinks; i++)
        keys[i] = (id_key){lx->actors[g->links[i].s].id,
                           lx->actors[g->links[i].t].id, i};
    qsort(keys, g->nlinks, sizeof *keys, cmp_id_keys);
    for (size_t k = 0; k < g->nlinks && rc == DG_OK; k++)
        rc = put_json(link_json(g, &g->links[keys[k].idx]),
                      k + 1 < g->nlinks ? ",\n" : "\n", out);
    free(keys);
    if (rc == DG_OK && fputs("]}\n", out) == EOF)
        rc = DG_EIO;
    if (rc == DG_ENOMEM)
        return dg_error_set(err, rc, NULL, 0, "out of memory");
    if (rc != DG_OK)
        return dg_error_set(err, rc, NULL, 0, "write failed");
    return DG_OK;
}

int dg_graph_write_partial_file(const dg_graph *g, const char *path,
                                dg_error *err)
{
    dg_atomic_file af;
    int rc = dg_atomic_open(&af, path, err);
    if (rc != DG_OK)
        return rc;
    rc = dg_graph_write_partial(g, af.fp, err);
    if (rc != DG_OK) {
        if (err)
            snprintf(err->file, sizeof err->file, "%s", path);
        return dg_atomic_fail(&af, rc, err);
    }
    return dg_atomic_commit(&af, err);
}

/* ---- reading ---------------------------------------------------------- */

typedef struct preader {
    const char *path;
    dg_error *err;
    char where[200]; /* "link 3 (ARM -> RUS)" */
} preader;

static int fail(preader *r, int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static int fail(preader *r, int code, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (r->where[0])
        return dg_error_set(r->err, code, r->path, 0, "%s: %s", r->where, msg);
    return dg_error_set(r->err, code, r->path, 0, "%s", msg);
}

static const cJSON *item(const cJSON *o, const char *k)
{
    return cJSON_GetObjectItemCaseSensitive(o, k);
}

/* A whole number in [lo, hi] into *out. */
static int get_int(preader *r, const cJSON *o, const char *k, double lo,
                   double hi, double *out)
{
    const cJSON *v = item(o, k);
    if (!cJSON_IsNumber(v) || v->valuedouble != floor(v->valuedouble) ||
        v->valuedouble < lo || v->valuedouble > hi)
        return fail(r, DG_EPARSE, "\"%s\" must be a whole number from %g to %g",
                    k, lo, hi);
    *out = v->valuedouble;
    return DG_OK;
}

static int get_str(preader *r, const cJSON *o, const char *k, const char **out)
{
    const cJSON *v = item(o, k);
    if (!cJSON_IsString(v))
        return fail(r, DG_EPARSE, "\"%s\" must be a string", k);
    *out = v->valuestring;
    return DG_OK;
}

static long actor_of(preader *r, const dg_lexicon *lx, const cJSON *o,
                     const char *k)
{
    const char *id = NULL;
    if (get_str(r, o, k, &id) != DG_OK)
        return -1;
    long a = dg_lexicon_find_actor(lx, id);
    if (a < 0)
        fail(r, DG_EPARSE,
             "\"%s\" names %s, which is not an actor of the "
             "lexicon",
             k, id);
    return a;
}

/* The record: format, version, lexicon, options. */
static int check_record(preader *r, const dg_graph *g, const cJSON *root)
{
    const cJSON *v = item(root, "diplograph_partial");
    if (!cJSON_IsObject(root) || !v) {
        if (cJSON_IsObject(root) && item(root, "nodes") && item(root, "links"))
            return fail(r, DG_EPARSE,
                        "a full graph, not a partial one (merge reads what "
                        "'build --partial' writes)");
        return fail(r, DG_EPARSE,
                    "not a partial graph (no \"diplograph_partial\" member; "
                    "write one with 'build --partial')");
    }
    if (!cJSON_IsNumber(v) || v->valuedouble != PARTIAL_FORMAT)
        return fail(r, DG_EPARSE,
                    "partial graph format %g, this diplograph "
                    "reads format %d",
                    cJSON_IsNumber(v) ? v->valuedouble : -1.0, PARTIAL_FORMAT);
    const char *gen = NULL;
    if (get_str(r, root, "generator", &gen) != DG_OK)
        return DG_EPARSE;
    if (strcmp(gen, "diplograph " DG_VERSION) != 0)
        return fail(r, DG_EINVAL,
                    "written by %s, not by this diplograph " DG_VERSION
                    " (extraction may differ: build the partials again with "
                    "one version)",
                    gen);
    const char *lexfp = NULL;
    char fp[DG_FINGERPRINT_SIZE];
    if (get_str(r, root, "lexicon", &lexfp) != DG_OK)
        return DG_EPARSE;
    dg_lexicon_fingerprint(g->lx, fp, sizeof fp);
    if (strcmp(lexfp, fp) != 0)
        return fail(r, DG_EINVAL,
                    "built with another lexicon (fingerprint %.20s, this "
                    "merge's lexicon is %s): give merge the --lexicon and "
                    "--no-default-lexicon options that build had",
                    lexfp, fp);
    double ev;
    if (get_int(r, root, "evidence_per_link", 0, 1000, &ev) != DG_OK)
        return DG_EPARSE;
    if ((int)ev != g->opt.evidence)
        return fail(r, DG_EINVAL,
                    "built with --evidence %d, this merge keeps %d: give "
                    "merge the options that build had",
                    (int)ev, g->opt.evidence);
    const cJSON *neg = item(root, "negated_events_included");
    if (!cJSON_IsBool(neg))
        return fail(r, DG_EPARSE,
                    "\"negated_events_included\" must be true or false");
    if (cJSON_IsTrue(neg) != (g->opt.include_negated != 0))
        return fail(r, DG_EINVAL,
                    "built %s --include-negated, this merge %s: give merge "
                    "the options that build had",
                    cJSON_IsTrue(neg) ? "with" : "without",
                    g->opt.include_negated ? "has it" : "has not");
    const char *slice = "none"; /* absent: not sliced */
    if (item(root, "slice") && get_str(r, root, "slice", &slice) != DG_OK)
        return DG_EPARSE;
    if (dg_slice_from_name(slice) != (int)g->opt.slice)
        return fail(r, DG_EINVAL,
                    "built with --slice %s, this merge has %s: give merge the "
                    "options that build had",
                    slice, dg_slice_name(g->opt.slice));
    const char *names[2] = {"since", "until"};
    const char *mine[2] = {g->opt.since, g->opt.until};
    for (int i = 0; i < 2; i++) {
        const cJSON *v = item(root, names[i]);
        if (v && !cJSON_IsString(v))
            return fail(r, DG_EPARSE, "\"%s\" must be a date", names[i]);
        const char *theirs = v ? v->valuestring : NULL;
        if ((theirs == NULL) != (mine[i] == NULL) ||
            (theirs && strcmp(theirs, mine[i]) != 0))
            return fail(r, DG_EINVAL,
                        "built with --%s %s, this merge has %s: give merge "
                        "the options that build had",
                        names[i], theirs ? theirs : "(none)",
                        mine[i] ? mine[i] : "(none)");
    }
    double undated;
    if (item(root, "undated_events") &&
        get_int(r, root, "undated_events", 0, COUNT_MAX, &undated) != DG_OK)
        return DG_EPARSE;
    return DG_OK;
}

/* A sliced link's "series": periods of the graph's slicing. */
static int check_series(preader *r, const dg_graph *g, const cJSON *ser)
{
    if (g->opt.slice == DG_SLICE_NONE)
        return ser ? fail(r, DG_EPARSE, "\"series\" in an unsliced partial")
                   : DG_OK;
    if (!cJSON_IsArray(ser))
        return fail(r, DG_EPARSE, "\"series\" must be a list");
    const cJSON *p;
    cJSON_ArrayForEach(p, ser)
    {
        const char *key = NULL;
        double d;
        if (!cJSON_IsObject(p) || get_str(r, p, "period", &key) != DG_OK ||
            !dg_period_valid(key, g->opt.slice) ||
            get_int(r, p, "events", 0, COUNT_MAX, &d) != DG_OK ||
            get_int(r, p, "positive", 0, COUNT_MAX, &d) != DG_OK ||
            get_int(r, p, "negative", 0, COUNT_MAX, &d) != DG_OK)
            return fail(r, DG_EPARSE,
                        "a \"series\" item must be an object with a %s "
                        "period, events, positive and negative",
                        dg_slice_name(g->opt.slice));
    }
    return DG_OK;
}

static int check_evidence(preader *r, const cJSON *e, int cap)
{
    if (!cJSON_IsArray(e))
        return fail(r, DG_EPARSE, "\"evidence\" must be a list");
    if (cJSON_GetArraySize(e) > cap)
        return fail(r, DG_EPARSE,
                    "more evidence items than the %d per link "
                    "the partial was built with",
                    cap);
    const cJSON *x;
    cJSON_ArrayForEach(x, e)
    {
        const char *s;
        double d;
        const cJSON *c = item(x, "category");
        if (!cJSON_IsObject(x) || get_str(r, x, "doc", &s) != DG_OK ||
            get_str(r, x, "text", &s) != DG_OK ||
            get_str(r, x, "trigger", &s) != DG_OK ||
            get_int(r, x, "sentence", 0, COUNT_MAX, &d) != DG_OK ||
            get_int(r, x, "polarity", -1, 1, &d) != DG_OK ||
            get_int(r, x, "weight", -10, 10, &d) != DG_OK ||
            (item(x, "date") && get_str(r, x, "date", &s) != DG_OK))
            return fail(r, DG_EPARSE,
                        "an evidence item must be an object "
                        "with doc, text, trigger, sentence, "
                        "polarity and weight");
        if (!cJSON_IsNull(c) &&
            !(cJSON_IsString(c) && dg_plover_class_index(c->valuestring) >= 0))
            return fail(r, DG_EPARSE,
                        "an evidence item's \"category\" must "
                        "be a PLOVER class or null");
    }
    return DG_OK;
}

/* Every field of the partial, before anything is added. */
static int check_partial(preader *r, const dg_graph *g, const cJSON *root)
{
    int rc = check_record(r, g, root);
    if (rc != DG_OK)
        return rc;
    double d;
    if (get_int(r, root, "documents", 0, COUNT_MAX, &d) != DG_OK ||
        get_int(r, root, "events", 0, COUNT_MAX, &d) != DG_OK)
        return DG_EPARSE;
    const cJSON *m = item(root, "mentions"), *x;
    if (!cJSON_IsObject(m))
        return fail(r, DG_EPARSE, "\"mentions\" must be an object of counts");
    cJSON_ArrayForEach(x, m)
    {
        if (dg_lexicon_find_actor(g->lx, x->string) < 0)
            return fail(r, DG_EPARSE,
                        "mentions of %s, which is not an actor "
                        "of the lexicon",
                        x->string);
        if (!cJSON_IsNumber(x) || x->valuedouble != floor(x->valuedouble) ||
            x->valuedouble < 0 || x->valuedouble > COUNT_MAX)
            return fail(r, DG_EPARSE, "mentions of %s must be a count",
                        x->string);
    }
    const cJSON *links = item(root, "links");
    if (!cJSON_IsArray(links))
        return fail(r, DG_EPARSE, "\"links\" must be a list");
    int k = 0;
    cJSON_ArrayForEach(x, links)
    {
        snprintf(r->where, sizeof r->where, "link %d", k++);
        if (!cJSON_IsObject(x))
            return fail(r, DG_EPARSE, "must be an object");
        long s = actor_of(r, g->lx, x, "source");
        long t = s < 0 ? -1 : actor_of(r, g->lx, x, "target");
        if (s < 0 || t < 0)
            return DG_EPARSE;
        if (s == t)
            return fail(r, DG_EPARSE, "source and target are the same actor");
        snprintf(r->where, sizeof r->where, "link %d (%.80s -> %.80s)", k - 1,
                 g->lx->actors[s].id, g->lx->actors[t].id);
        double pos, neg, w;
        if (get_int(r, x, "events", 0, COUNT_MAX, &d) != DG_OK ||
            get_int(r, x, "positive", 0, COUNT_MAX, &pos) != DG_OK ||
            get_int(r, x, "negative", 0, COUNT_MAX, &neg) != DG_OK ||
            get_int(r, x, "weight", -COUNT_MAX, COUNT_MAX, &w) != DG_OK)
            return DG_EPARSE;
        if (w != pos - neg)
            return fail(r, DG_EPARSE, "\"weight\" is not positive - negative");
        const cJSON *cats = item(x, "categories"), *c;
        if (!cJSON_IsObject(cats))
            return fail(r, DG_EPARSE,
                        "\"categories\" must be an object of "
                        "counts");
        cJSON_ArrayForEach(c, cats)
        {
            int ci = dg_plover_class_index(c->string);
            if (ci < 0 || ci >= DG_NCLASSES || !cJSON_IsNumber(c) ||
                c->valuedouble != floor(c->valuedouble) || c->valuedouble < 0 ||
                c->valuedouble > COUNT_MAX)
                return fail(r, DG_EPARSE,
                            "\"categories\" must map PLOVER "
                            "classes to counts (%s)",
                            c->string);
        }
        if (check_evidence(r, item(x, "evidence"), g->opt.evidence) != DG_OK ||
            check_series(r, g, item(x, "series")) != DG_OK)
            return DG_EPARSE;
    }
    r->where[0] = '\0';
    return DG_OK;
}

static int add_link(dg_graph *g, const cJSON *x)
{
    long s = dg_lexicon_find_actor(g->lx, item(x, "source")->valuestring);
    long t = dg_lexicon_find_actor(g->lx, item(x, "target")->valuestring);
    long li = dg_graph_link_for(g, (int32_t)s, (int32_t)t);
    if (li < 0)
        return DG_ENOMEM;
    dg_link *l = &g->links[li];
    l->events += (long)item(x, "events")->valuedouble;
    l->positive += item(x, "positive")->valuedouble;
    l->negative += item(x, "negative")->valuedouble;
    const cJSON *c;
    cJSON_ArrayForEach(c, item(x, "categories"))
        l->classes[dg_plover_class_index(c->string)] += (long)c->valuedouble;
    const cJSON *e;
    cJSON_ArrayForEach(e, item(x, "evidence"))
    {
        const cJSON *cat = item(e, "category");
        int ci =
            cJSON_IsString(cat) ? dg_plover_class_index(cat->valuestring) : -1;
        const cJSON *date = item(e, "date");
        const dg_evidence view = {
            .doc = item(e, "doc")->valuestring,
            .text = item(e, "text")->valuestring,
            .trigger = item(e, "trigger")->valuestring,
            .date = date ? date->valuestring : NULL,
            .category = ci >= 0 ? dg_plover_classes[ci] : NULL,
            .sentence = (long)item(e, "sentence")->valuedouble,
            .polarity = (int)item(e, "polarity")->valuedouble,
            .weight = (int)item(e, "weight")->valuedouble};
        int rc = dg_graph_offer_evidence_copy(g, l, &view);
        if (rc != DG_OK)
            return rc;
    }
    cJSON_ArrayForEach(e, item(x, "series"))
    {
        long p = dg_graph_period(g, item(e, "period")->valuestring);
        if (p < 0 ||
            dg_link_add_period(l, (uint32_t)p,
                               (long)item(e, "events")->valuedouble,
                               item(e, "positive")->valuedouble,
                               item(e, "negative")->valuedouble) != DG_OK)
            return DG_ENOMEM;
    }
    return DG_OK;
}

int dg_graph_merge_partial_file(dg_graph *g, const char *path, dg_error *err)
{
    char *data;
    size_t len;
    dg_error_clear(err);
    if (!g || !path)
        return dg_error_set(err, DG_EINVAL, path, 0, "no graph or no path");
    if (g->owned_lx)
        return dg_error_set(err, DG_EINVAL, path, 0,
                            "a graph loaded from JSON cannot take partials");
    int rc = dg_read_file(path, &data, &len, PARTIAL_MAX_BYTES,
                          "a partial graph", err);
    if (rc != DG_OK)
        return rc;
    cJSON *root = cJSON_ParseWithLength(data, len);
    free(data);
    preader r = {path, err, ""};
    if (!root)
        return fail(&r, DG_EPARSE,
                    "not JSON (a partial graph is what "
                    "'build --partial' writes)");
    rc = check_partial(&r, g, root);
    if (rc == DG_OK) {
        const cJSON *x;
        g->documents += (unsigned long)item(root, "documents")->valuedouble;
        g->events += (unsigned long)item(root, "events")->valuedouble;
        const cJSON *u = item(root, "undated_events");
        g->undated += u ? (unsigned long)u->valuedouble : 0;
        cJSON_ArrayForEach(x, item(root, "mentions"))
            g->mentions[dg_lexicon_find_actor(g->lx, x->string)] +=
            (unsigned long)x->valuedouble;
        cJSON_ArrayForEach(x, item(root, "links"))
        {
            if ((rc = add_link(g, x)) != DG_OK) {
                dg_error_set(err, rc, path, 0, "out of memory");
                break;
            }
        }
        g->built = g->built ? 2 : 0; /* a rebuild is needed */
    }
    cJSON_Delete(root);
    return rc;
}
