/* test_threads.c -- one lexicon, several threads: each thread runs its own
 * extractor and graph over the same documents and must get exactly the
 * events and links of a single-threaded run (the library keeps no global
 * mutable state on the extraction path). */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>

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
    char *s = dg_event_to_json(ev);
    if (!s)
        return DG_ENOMEM;
    dg_buf_append(&r->events, s, strlen(s));
    dg_buf_append(&r->events, "\n", 1);
    free(s);
    return 0;
}

static int add(const dg_event *ev, void *ud)
{
    dg_graph_add_event(ud, ev);
    return 0;
}

static void *work(void *arg)
{
    run *r = arg;
    dg_extractor *x;
    dg_graph *g;
    r->rc = dg_extractor_new(&x, r->lx);
    if (r->rc != DG_OK)
        return NULL;
    r->rc = dg_graph_new(&g, r->lx, NULL);
    for (int round = 0; r->rc == DG_OK && round < ROUNDS; round++)
        for (size_t i = 0; i < NTEXTS; i++) {
            char id[32];
            snprintf(id, sizeof id, "doc-%zu", i);
            dg_document doc = {id, texts[i], strlen(texts[i]), "2024-03-01"};
            if (round == 0)
                dg_extract_document(x, &doc, collect, r, NULL, NULL);
            dg_extract_document(x, &doc, add, g, NULL, NULL);
        }
    if (r->rc == DG_OK) {
        r->rc = dg_graph_finish(g);
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
    assert_int_equal(dg_extractor_new(&x, lx), DG_OK);
    const char *text = "Canada gazumped Brazil at the summit.";
    dg_document doc = {"d", text, strlen(text), NULL};
    assert_int_equal(dg_extract_document(x, &doc, collect, &r, NULL, NULL),
                     DG_OK);
    assert_non_null(r.events.data);
    assert_non_null(strstr(r.events.data, "\"source\":\"CAN\""));
    assert_non_null(strstr(r.events.data, "\"target\":\"BRA\""));
    dg_buf_free(&r.events);
    dg_extractor_free(x);
    dg_lexicon_free(lx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_threads_agree),
        cmocka_unit_test(test_lexicon_ready_after_load),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
