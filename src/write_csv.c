/* write_csv.c -- the graph as two CSV tables for spreadsheets:
 * PREFIXnodes.csv (one row per actor) and PREFIXedges.csv (one row per
 * link), RFC 4180: a header row, CRLF line ends, fields holding a comma,
 * a double quote or a line break quoted with "" for a quote.
 *
 * The columns are the attributes of the node-link tree (write_json.c) in
 * its order. An edge's "categories" become "COOPERATE:1;REJECT:3", its
 * evidence the top sentence with its document and sentence index in
 * "evidence", "evidence_doc" and "evidence_sentence". A null value (a
 * node outside every community) is an empty field.
 */
#include "write_internal.h"

#include <stdlib.h>
#include <string.h>

typedef struct columns {
    const char **name;
    size_t n, cap;
} columns;

static int col_add(columns *c, const char *name)
{
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->name[i], name) == 0)
            return DG_OK;
    if (c->n == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 32;
        const char **p = realloc(c->name, cap * sizeof *p);
        if (!p)
            return DG_ENOMEM;
        c->name = p;
        c->cap = cap;
    }
    c->name[c->n++] = name;
    return DG_OK;
}

/* "COOPERATE:1;REJECT:3" */
static int put_categories(FILE *out, const cJSON *cats)
{
    char *text = dg_categories_text(cats);
    if (!text)
        return DG_ENOMEM;
    dg_csv_field(out, text);
    free(text);
    return DG_OK;
}

/* One value of the node-link tree as a field. */
static int put_value(FILE *out, const cJSON *v)
{
    char num[64];
    if (!v || cJSON_IsNull(v))
        return DG_OK;
    if (cJSON_IsString(v))
        dg_csv_field(out, v->valuestring);
    else if (cJSON_IsBool(v))
        fputs(cJSON_IsTrue(v) ? "true" : "false", out);
    else if (cJSON_IsNumber(v)) {
        dg_format_number(num, sizeof num, v->valuedouble);
        fputs(num, out);
    } else {
        char *json = cJSON_PrintUnformatted(v);
        if (!json)
            return DG_ENOMEM;
        dg_csv_field(out, json);
        free(json);
    }
    return DG_OK;
}

static int write_table(const dg_graph *g, int edges, FILE *out,
                       dg_error *err)
{
    cJSON *nl = dg_graph_json_tree(g, err);
    if (!nl)
        return err ? err->code : DG_ENOMEM;
    const cJSON *rows =
        cJSON_GetObjectItemCaseSensitive(nl, edges ? "links" : "nodes");
    columns cols = {NULL, 0, 0};
    int rc = DG_OK;
    const cJSON *row, *it;
    cJSON_ArrayForEach(row, rows) {
        cJSON_ArrayForEach(it, row) {
            if (rc == DG_OK)
                rc = col_add(&cols, it->string);
            if (rc == DG_OK && edges && strcmp(it->string, "evidence") == 0) {
                rc = col_add(&cols, "evidence_doc");
                if (rc == DG_OK)
                    rc = col_add(&cols, "evidence_sentence");
            }
        }
    }
    if (rc == DG_OK && cols.n == 0) { /* an empty graph has a header too */
        rc = col_add(&cols, edges ? "source" : "id");
        if (rc == DG_OK && edges)
            rc = col_add(&cols, "target");
    }
    for (size_t i = 0; rc == DG_OK && i < cols.n; i++) {
        if (i)
            fputc(',', out);
        dg_csv_field(out, cols.name[i]);
    }
    fputs("\r\n", out);
    cJSON_ArrayForEach(row, rows) {
        if (rc != DG_OK)
            break;
        const cJSON *ev = cJSON_GetObjectItemCaseSensitive(row, "evidence");
        const cJSON *top = cJSON_IsArray(ev) ? ev->child : NULL;
        for (size_t i = 0; rc == DG_OK && i < cols.n; i++) {
            const char *name = cols.name[i];
            if (i)
                fputc(',', out);
            if (edges && strcmp(name, "evidence") == 0)
                dg_csv_field(out, dg_link_top_sentence(row));
            else if (edges && strcmp(name, "evidence_doc") == 0)
                rc = put_value(out, cJSON_GetObjectItemCaseSensitive(top, "doc"));
            else if (edges && strcmp(name, "evidence_sentence") == 0)
                rc = put_value(out,
                               cJSON_GetObjectItemCaseSensitive(top, "sentence"));
            else if (edges && strcmp(name, "categories") == 0)
                rc = put_categories(out,
                                    cJSON_GetObjectItemCaseSensitive(row, name));
            else
                rc = put_value(out, cJSON_GetObjectItemCaseSensitive(row, name));
        }
        fputs("\r\n", out);
    }
    free(cols.name);
    cJSON_Delete(nl);
    if (rc != DG_OK)
        return dg_error_set(err, DG_ENOMEM, NULL, 0, "out of memory");
    return ferror(out) ? dg_error_set(err, DG_EIO, NULL, 0, "write failed")
                       : DG_OK;
}

int dg_write_csv_nodes(const dg_graph *g, FILE *out, dg_error *err)
{
    return write_table(g, 0, out, err);
}

int dg_write_csv_edges(const dg_graph *g, FILE *out, dg_error *err)
{
    return write_table(g, 1, out, err);
}

/* A sliced graph's links per period, one row each, in link then time
 * order: source,target,period,events,positive,negative,weight. */
static int write_series(const dg_graph *g, FILE *out)
{
    char num[64];
    fputs("source,target,period,events,positive,negative,weight\n", out);
    for (size_t k = 0; k < g->nlinks; k++) {
        const dg_link *l = dg_graph_edge(g, k);
        for (uint32_t i = 0; i < l->nseries; i++) {
            const dg_period_stat *p = &l->series[i];
            double v[4] = {(double)p->events, p->positive, p->negative,
                           p->positive - p->negative};
            dg_csv_field(out, g->lx->actors[l->s].id);
            fputc(',', out);
            dg_csv_field(out, g->lx->actors[l->t].id);
            fputc(',', out);
            dg_csv_field(out, g->periods[p->period]);
            for (int j = 0; j < 4; j++) {
                dg_format_number(num, sizeof num, v[j]);
                fprintf(out, ",%s", num);
            }
            fputc('\n', out);
        }
    }
    return DG_OK;
}

int dg_write_csv(const dg_graph *g, const char *prefix, dg_error *err)
{
    static const char *const names[3] = {"nodes", "edges", "series"};
    int n = g->opt.slice != DG_SLICE_NONE ? 3 : 2;
    char path[3][1024];
    for (int i = 0; i < n; i++)
        if (snprintf(path[i], sizeof path[i], "%s%s.csv", prefix, names[i]) >=
            (int)sizeof path[i])
            return dg_error_set(err, DG_EINVAL, prefix, 0, "path too long");
    /* the tables go to temporary files first; they are renamed only when
     * all were written */
    dg_atomic_file af[3];
    int rc = DG_OK, opened = 0;
    while (opened < n && (rc = dg_atomic_open(&af[opened], path[opened],
                                              err)) == DG_OK)
        opened++;
    for (int i = 0; rc == DG_OK && i < n; i++) {
        rc = i < 2 ? write_table(g, i, af[i].fp, err)
                   : write_series(g, af[i].fp);
        if (rc != DG_OK) {
            for (int j = 0; j < n; j++)
                if (j != i)
                    dg_atomic_abort(&af[j]);
            return dg_atomic_fail(&af[i], rc, err);
        }
    }
    if (rc != DG_OK) { /* an open failed */
        for (int j = 0; j < opened; j++)
            dg_atomic_abort(&af[j]);
        return rc;
    }
    for (int i = 0; i < n; i++) {
        rc = dg_atomic_commit(&af[i], err);
        if (rc != DG_OK) {
            for (int j = i + 1; j < n; j++)
                dg_atomic_abort(&af[j]);
            return rc;
        }
    }
    return DG_OK;
}
