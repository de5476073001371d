/* test_threads.c -- one lexicon, several threads: each thread runs its own
 * extractor and graph over the same documents and must get exactly the
 * events and links of a single-threaded run (the library keeps no global
 * mutable state on the extraction path). test_pipeline_threads runs the
 * whole pipeline per thread -- dg_reader over a directory of text and JSON
 * Lines files, extraction, graph, finish, analysis, node-link JSON -- many
 * times over, so that the igraph calls of several threads overlap; scripts/tsan
 * runs this file under ThreadSanitizer. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>

#include "test_support.h"

#define NTHREADS 4
#define ROUNDS 25

static const char *const texts[] = {
    "France condemned Iran's missile test. Jordan and Britain agreed to hold "
    "joint exercises.",
    "Tensions between Greece and Turkey rose after the naval incident, "
    "officials in Athens said.",
    "The European Union imposed a fresh round of sanctions on Belarus. "
    "Lithuania welcomed the decision.",
    "Russia recalled its ambassador from Washington for consultations.",
    "Kenya and Ethiopia agreed to reopen their shared border; Somalia "
    "accused Kenya of meddling.",
    "Japan expressed concern over North Korea's missile tests, and South "
    "Korea warned North Korea against further launches.",
};
#define NTEXTS (sizeof texts / sizeof texts[0])

typedef struct run {
    const dg_lexicon *lx;
    dg_buf events;   /* every event as JSON, in order */
    size_t links;
    int rc;
} run;

static int collect(const dg_event *ev, void *ud)
{
    run *r = ud;
    char *s = NULL;
    dg_event_to_json(ev, &s, NULL, NULL);
    if (!s)
        return DG_ENOMEM;
    dg_buf_append(&r->events, s, strlen(s));
    dg_buf_append(&r->events, "\n", 1);
    free(s);
    return 0;
}

static int add(const dg_event *ev, void *ud)
{
    dg_graph_add_event(ud, ev, NULL);
    return 0;
}

static void *work(void *arg)
{
    run *r = arg;
    dg_extractor *x;
    dg_graph *g;
    r->rc = dg_extractor_new(&x, r->lx, NULL);
    if (r->rc != DG_OK)
        return NULL;
    r->rc = dg_graph_new(&g, r->lx, NULL, NULL);
    for (int round = 0; r->rc == DG_OK && round < ROUNDS; round++)
        for (size_t i = 0; i < NTEXTS; i++) {
            char id[32];
            snprintf(id, sizeof id, "doc-%zu", i);
            dg_document doc = {id, texts[i], strlen(texts[i]), "2024-03-01"};
            if (round == 0)
                dg_extract_document(x, &doc, collect, r, NULL, NULL, NULL);
            dg_extract_document(x, &doc, add, g, NULL, NULL, NULL);
        }
    if (r->rc == DG_OK) {
        r->rc = dg_graph_finish(g, NULL);
        r->links = dg_graph_link_count(g);
        dg_graph_free(g);
    }
    dg_extractor_free(x);
    return NULL;
}

static void test_threads_agree(void **state)
{
    (void)state;
    dg_lexicon *lx;
    dg_error err;
    assert_int_equal(dg_lexicon_new(&lx, 1, &err), DG_OK);

    run ref = {lx, {0}, 0, 0};
    work(&ref);
    assert_int_equal(ref.rc, DG_OK);
    assert_true(ref.events.len > 0);
    assert_true(ref.links >= 8);

    pthread_t th[NTHREADS];
    run runs[NTHREADS];
    for (int t = 0; t < NTHREADS; t++) {
        runs[t] = (run){lx, {0}, 0, 0};
        assert_int_equal(pthread_create(&th[t], NULL, work, &runs[t]), 0);
    }
    for (int t = 0; t < NTHREADS; t++) {
        pthread_join(th[t], NULL);
        assert_int_equal(runs[t].rc, DG_OK);
        assert_int_equal(runs[t].links, ref.links);
        assert_int_equal(runs[t].events.len, ref.events.len);
        assert_memory_equal(runs[t].events.data, ref.events.data,
                            ref.events.len);
        dg_buf_free(&runs[t].events);
    }
    dg_buf_free(&ref.events);
    dg_lexicon_free(lx);
}

/* An extractor made before a user lexicon is added would see stale
 * tables; loading leaves the lexicon finished, so both see the entry. */
static void test_lexicon_ready_after_load(void **state)
{
    (void)state;
    dg_lexicon *lx;
    dg_error err;
    assert_int_equal(dg_lexicon_new(&lx, 1, &err), DG_OK);
    const char *extra =
        "{\"cue\": \"gazump\", \"pos\": \"verb\", \"class\": \"DISAPPROVE\", "
        "\"weight\": -2}\n";
    assert_int_equal(dg_lexicon_load_buffer(lx, "extra.jsonl", extra,
                                            strlen(extra), &err), DG_OK);
    run r = {lx, {0}, 0, 0};
    dg_extractor *x;
    assert_int_equal(dg_extractor_new(&x, lx, NULL), DG_OK);
    const char *text = "Canada gazumped Brazil at the summit.";
    dg_document doc = {"d", text, strlen(text), NULL};
    assert_int_equal(
        dg_extract_document(x, &doc, collect, &r, NULL, NULL, NULL), DG_OK);
    assert_non_null(r.events.data);
    assert_non_null(strstr(r.events.data, "\"source\":\"CAN\""));
    assert_non_null(strstr(r.events.data, "\"target\":\"BRA\""));
    dg_buf_free(&r.events);
    dg_extractor_free(x);
    dg_lexicon_free(lx);
}

/* ---- the whole pipeline per thread ------------------------------------ */

#define PIPE_ROUNDS 100

typedef struct pipe_run {
    const dg_lexicon *lx;
    const char *dir;
    char *json; /* the last round's node-link JSON */
    size_t len;
    size_t docs;
    int rc;
} pipe_run;

static int add_event(const dg_event *ev, void *ud)
{
    return dg_graph_add_event(ud, ev, NULL) != DG_OK; /* non-zero stops */
}

static void *pipeline(void *arg)
{
    pipe_run *p = arg;
    for (int round = 0; round < PIPE_ROUNDS && p->rc == DG_OK; round++) {
        const char *inputs[] = {p->dir};
        dg_reader *r;
        dg_extractor *x;
        dg_graph *g;
        if ((p->rc = dg_reader_new(&r, inputs, 1, NULL, NULL, NULL)) != DG_OK)
            return NULL;
        if ((p->rc = dg_extractor_new(&x, p->lx, NULL)) != DG_OK) {
            dg_reader_free(r);
            return NULL;
        }
        if ((p->rc = dg_graph_new(&g, p->lx, NULL, NULL)) != DG_OK) {
            dg_extractor_free(x);
            dg_reader_free(r);
            return NULL;
        }
        dg_document doc;
        p->docs = 0;
        while (p->rc == DG_OK && dg_reader_next(r, &doc, NULL) == 1) {
            dg_graph_add_document(g);
            p->rc =
                dg_extract_document(x, &doc, add_event, g, NULL, NULL, NULL);
            p->docs++;
        }
        if (p->rc == DG_OK)
            p->rc = dg_graph_add_mentions(g, x, NULL);
        if (p->rc == DG_OK)
            p->rc = dg_graph_finish(g, NULL);
        if (p->rc == DG_OK)
            p->rc = dg_graph_analyze(g, NULL);
        if (p->rc == DG_OK) {
            free(p->json);
            p->json = NULL;
            FILE *f = open_memstream(&p->json, &p->len);
            if (!f)
                p->rc = DG_ENOMEM;
            else {
                p->rc = dg_write_json(g, f, NULL);
                if (fclose(f) != 0)
                    p->rc = DG_EIO;
            }
        }
        dg_graph_free(g);
        dg_extractor_free(x);
        dg_reader_free(r);
    }
    return NULL;
}

static void put_file(const char *dir, const char *name, const char *text)
{
    char path[1024];
    int n = snprintf(path, sizeof path, "%s/%s", dir, name);
    assert_true(n > 0 && (size_t)n < sizeof path);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    assert_int_equal(fputs(text, f) >= 0, 1);
    assert_int_equal(fclose(f), 0);
}

static void test_pipeline_threads(void **state)
{
    (void)state;
    char dir[] = "/tmp/dg-threads-XXXXXX";
    assert_non_null(mkdtemp(dir));
    put_file(dir, "a.txt", texts[0]);
    put_file(dir, "b.txt", texts[1]);
    put_file(dir, "c.jsonl",
             "{\"id\": \"c1\", \"text\": \"The European Union imposed "
             "sanctions on Belarus. Lithuania welcomed the decision.\", "
             "\"date\": \"2021-06-21\"}\n"
             "{\"id\": 2, \"text\": \"Pashinyan met Aliyev in Brussels; "
             "Russia criticized the meeting.\", \"date\": \"2023-05-14\"}\n");
    char sub[600];
    snprintf(sub, sizeof sub, "%s/sub", dir);
    assert_int_equal(mkdir(sub, 0700), 0);
    put_file(sub, "d.txt", texts[4]);
    put_file(sub, "e.txt", texts[5]);

    dg_lexicon *lx;
    dg_error err;
    assert_int_equal(dg_lexicon_new(&lx, 1, &err), DG_OK);
    pipe_run ref = {lx, dir, NULL, 0, 0, DG_OK};
    pipeline(&ref);
    assert_int_equal(ref.rc, DG_OK);
    assert_int_equal(ref.docs, 6);
    assert_non_null(strstr(ref.json, "\"BLR\""));

    pthread_t th[NTHREADS];
    pipe_run runs[NTHREADS];
    for (int t = 0; t < NTHREADS; t++) {
        runs[t] = (pipe_run){lx, dir, NULL, 0, 0, DG_OK};
        assert_int_equal(pthread_create(&th[t], NULL, pipeline, &runs[t]), 0);
    }
    for (int t = 0; t < NTHREADS; t++) {
        pthread_join(th[t], NULL);
        assert_int_equal(runs[t].rc, DG_OK);
        assert_int_equal(runs[t].docs, ref.docs);
        /* hub, authority and eigenvector may differ between two analyses
         * of a graph whose leading eigenvalue is not simple (ARPACK's
         * random start); this graph's is simple, so the bytes agree */
        assert_int_equal(runs[t].len, ref.len);
        assert_memory_equal(runs[t].json, ref.json, ref.len);
        free(runs[t].json);
    }
    free(ref.json);
    dg_lexicon_free(lx);
    char path[700];
    const char *names[] = {"a.txt", "b.txt", "c.jsonl", "sub/d.txt",
                           "sub/e.txt"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        unlink(path);
    }
    rmdir(sub);
    rmdir(dir);
}

/* ---- drawings on several threads ---------------------------------------- */

#define DRAW_ROUNDS 6

typedef struct draw_run {
    const char *saved; /* a graph's node-link JSON */
    char *html;        /* the last round's HTML report (Graphviz's SVG) */
    size_t len;
    int rc;
} draw_run;

/* Each thread loads its own graph and draws it: Graphviz's layouts keep
 * process-wide state, so the library draws one at a time (process.c) and
 * every thread gets the single-threaded bytes. */
static void *draw(void *arg)
{
    draw_run *d = arg;
    for (int round = 0; round < DRAW_ROUNDS && d->rc == DG_OK; round++) {
        dg_graph *g;
        if ((d->rc = dg_graph_load_json(&g, d->saved, NULL)) != DG_OK)
            return NULL;
        free(d->html);
        d->html = NULL;
        FILE *f = open_memstream(&d->html, &d->len);
        if (!f)
            d->rc = DG_ENOMEM;
        else {
            d->rc = dg_write_html(g, f, NULL, NULL);
            if (fclose(f) != 0)
                d->rc = DG_EIO;
        }
        dg_graph_free(g);
    }
    return NULL;
}

static void test_drawing_threads(void **state)
{
    (void)state;
    dg_lexicon *lx;
    assert_int_equal(dg_lexicon_new(&lx, 1, NULL), DG_OK);
    dg_extractor *x;
    dg_graph *g;
    assert_int_equal(dg_extractor_new(&x, lx, NULL), DG_OK);
    assert_int_equal(dg_graph_new(&g, lx, NULL, NULL), DG_OK);
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        dg_document doc = {"t", texts[i], strlen(texts[i]), "2023-05-14"};
        assert_int_equal(
            dg_extract_document(x, &doc, add_event, g, NULL, NULL, NULL),
            DG_OK);
    }
    assert_int_equal(dg_graph_finish(g, NULL), DG_OK);
    assert_int_equal(dg_graph_analyze(g, NULL), DG_OK);
    char dir[] = "/tmp/dg-draw-XXXXXX", saved[64];
    assert_non_null(mkdtemp(dir));
    snprintf(saved, sizeof saved, "%s/graph.json", dir);
    assert_int_equal(dg_write_file(g, saved, NULL, NULL), DG_OK);
    dg_graph_free(g);
    dg_extractor_free(x);
    dg_lexicon_free(lx);

    draw_run ref = {saved, NULL, 0, DG_OK};
    draw(&ref);
    assert_int_equal(ref.rc, DG_OK);
    assert_non_null(strstr(ref.html, "<svg"));
    pthread_t th[NTHREADS];
    draw_run runs[NTHREADS];
    for (int t = 0; t < NTHREADS; t++) {
        runs[t] = (draw_run){saved, NULL, 0, DG_OK};
        assert_int_equal(pthread_create(&th[t], NULL, draw, &runs[t]), 0);
    }
    for (int t = 0; t < NTHREADS; t++) {
        pthread_join(th[t], NULL);
        assert_int_equal(runs[t].rc, DG_OK);
        assert_int_equal(runs[t].len, ref.len);
        assert_memory_equal(runs[t].html, ref.html, ref.len);
        free(runs[t].html);
    }
    free(ref.html);
    unlink(saved);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_threads_agree),
        cmocka_unit_test(test_lexicon_ready_after_load),
        cmocka_unit_test(test_pipeline_threads),
        cmocka_unit_test(test_drawing_threads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
