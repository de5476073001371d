/* test_graph.c -- the aggregation stage (graph.c): link arithmetic,
 * mutual and negated events, bounded deterministic evidence. Events are
 * made by hand, so these tests do not depend on the coder. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "graph_internal.h"
#include "test_support.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static const char actors[] =
    "{\"actor\": \"AAA\", \"type\": \"state\", \"name\": \"Aland\"}\n"
    "{\"actor\": \"BBB\", \"type\": \"state\", \"name\": \"Boria\"}\n"
    "{\"actor\": \"CCC\", \"type\": \"state\", \"name\": \"Cetia\"}\n"
    "{\"actor\": \"UNI\", \"type\": \"organization\", \"name\": "
    "\"Union\"}\n";

static int setup(void **state)
{
    dg_lexicon *lx;
    dg_error err;
    if (dg_lexicon_new(&lx, 0, &err) != DG_OK)
        return -1;
    if (dg_lexicon_load_buffer(lx, "t", actors, strlen(actors), &err) !=
            DG_OK ||
        dg_lexicon_finish(lx) != DG_OK) {
        dg_lexicon_free(lx);
        return -1;
    }
    *state = lx;
    return 0;
}

static int teardown(void **state)
{
    dg_lexicon_free(*state);
    return 0;
}

/* An event with a distinct text per call (seq tells them apart). */
static dg_event ev(const char *s, const char *t, int weight, const char *text)
{
    dg_event e = {
        .doc = "doc1",
        .date = NULL,
        .sentence = 0,
        .source = s,
        .target = t,
        .polarity = (weight > 0) - (weight < 0),
        .weight = weight,
        .category = weight >= 0 ? "SUPPORT" : "DISAPPROVE",
        .trigger = "cue",
        .negated = 0,
        .mutual = 0,
        .rule = "test",
        .text = text,
    };
    return e;
}

static dg_link_info link_of(const dg_graph *g, const char *s, const char *t)
{
    dg_link_info li;
    memset(&li, 0, sizeof li);
    long i = dg_graph_find_link(g, s, t);
    assert_true(i >= 0);
    assert_int_equal(dg_graph_link(g, (size_t)i, &li, NULL), DG_OK);
    assert_string_equal(li.source, s);
    assert_string_equal(li.target, t);
    return li;
}

static const dg_link *raw_link(const dg_graph *g, const char *s, const char *t)
{
    long si = dg_lexicon_find_actor(g->lx, s), ti = dg_lexicon_find_actor(g->lx, t);
    for (size_t i = 0; i < g->nlinks; i++)
        if (g->links[i].s == si && g->links[i].t == ti)
            return &g->links[i];
    fail_msg("no link %s -> %s", s, t);
    return NULL;
}

static void test_arithmetic(void **state)
{
    const dg_lexicon *lx = *state;
    dg_graph *g;
    assert_int_equal(dg_graph_new(&g, lx, NULL, NULL), DG_OK);
    dg_event e;
    e = ev("AAA", "BBB", 4, "s1");
    assert_int_equal(dg_graph_add_event(g, &e, NULL), DG_OK);
    e = ev("AAA", "BBB", -3, "s2");
    assert_int_equal(dg_graph_add_event(g, &e, NULL), DG_OK);
    e = ev("AAA", "BBB", -5, "s3");
    assert_int_equal(dg_graph_add_event(g, &e, NULL), DG_OK);
    e = ev("AAA", "BBB", 2, "s4");
    assert_int_equal(dg_graph_add_event(g, &e, NULL), DG_OK);
    e = ev("BBB", "CCC", 6, "s5");
    assert_int_equal(dg_graph_add_event(g, &e, NULL), DG_OK);
    e = ev("CCC", "AAA", 3, "s6");
    assert_int_equal(dg_graph_add_event(g, &e, NULL), DG_OK);
    e = ev("CCC", "AAA", -3, "s7");
    assert_int_equal(dg_graph_add_event(g, &e, NULL), DG_OK);
    assert_int_equal(dg_graph_finish(g, NULL), DG_OK);

    assert_int_equal(dg_graph_node_count(g), 3);
    assert_int_equal(dg_graph_link_count(g), 3);

    dg_link_info li = link_of(g, "AAA", "BBB");
    assert_int_equal(li.events, 4);
    assert_float_equal(li.positive, 6.0, 1e-9);
    assert_float_equal(li.negative, 8.0, 1e-9);
    assert_float_equal(li.weight, -2.0, 1e-9);
    assert_int_equal(li.sign, -1);

    li = link_of(g, "BBB", "CCC");
    assert_int_equal(li.events, 1);
    assert_float_equal(li.positive, 6.0, 1e-9);
    assert_float_equal(li.negative, 0.0, 1e-9);
    assert_float_equal(li.weight, 6.0, 1e-9);
    assert_int_equal(li.sign, 1);

    li = link_of(g, "CCC", "AAA");
    assert_int_equal(li.events, 2);
    assert_float_equal(li.weight, 0.0, 1e-9);
    assert_int_equal(li.sign, 0);

    /* links are directed */
    assert_int_equal(dg_graph_find_link(g, "BBB", "AAA"), -1);
    assert_int_equal(dg_graph_find_link(g, "AAA", "CCC"), -1);
    assert_int_equal(dg_graph_find_link(g, "AAA", "UNI"), -1);
    /* the node for an actor without links is absent */
    for (size_t i = 0; i < dg_graph_node_count(g); i++)
        assert_string_not_equal(dg_graph_node_id(g, i), "UNI");
    assert_null(dg_graph_node_id(g, 99));
    dg_link_info none;
    assert_int_equal(dg_graph_link(g, 99, &none, NULL), DG_EINVAL);

    /* the per-class counts */
    const dg_link *l = raw_link(g, "AAA", "BBB");
    assert_int_equal(l->classes[dg_plover_class_index("SUPPORT")], 2);
    assert_int_equal(l->classes[dg_plover_class_index("DISAPPROVE")], 2);
    dg_graph_free(g);
}

static void test_sorted_nodes_and_links(void **state)
{
    const dg_lexicon *lx = *state;
    dg_graph *g;
    assert_int_equal(dg_graph_new(&g, lx, NULL, NULL), DG_OK);
    dg_event e;
    e = ev("UNI", "CCC", 1, "a");
    dg_graph_add_event(g, &e, NULL);
    e = ev("CCC", "BBB", 1, "b");
    dg_graph_add_event(g, &e, NULL);
    e = ev("BBB", "AAA", 1, "c");
    dg_graph_add_event(g, &e, NULL);
    e = ev("BBB", "UNI", 1, "d");
    dg_graph_add_event(g, &e, NULL);
    assert_int_equal(dg_graph_finish(g, NULL), DG_OK);
    assert_int_equal(dg_graph_node_count(g), 4);
    assert_string_equal(dg_graph_node_id(g, 0), "AAA");
    assert_string_equal(dg_graph_node_id(g, 1), "BBB");
    assert_string_equal(dg_graph_node_id(g, 2), "CCC");
    assert_string_equal(dg_graph_node_id(g, 3), "UNI");
    static const char *const order[][2] = {
        {"BBB", "AAA"}, {"BBB", "UNI"}, {"CCC", "BBB"}, {"UNI", "CCC"}};
    for (size_t i = 0; i < 4; i++) {
        dg_link_info li;
        assert_int_equal(dg_graph_link(g, i, &li, NULL), DG_OK);
        assert_string_equal(li.source, order[i][0]);
        assert_string_equal(li.target, order[i][1]);
        assert_int_equal(dg_graph_find_link(g, order[i][0], order[i][1]),
                         (long)i);
    }
    dg_graph_free(g);
}

static void test_mutual_counts_both_directions(void **state)
{
    const dg_lexicon *lx = *state;
    dg_graph *g;
    assert_int_equal(dg_graph_new(&g, lx, NULL, NULL), DG_OK);
    dg_event e = ev("AAA", "BBB", -4, "tensions");
    e.mutual = 1;
    assert_int_equal(dg_graph_add_event(g, &e, NULL), DG_OK);
    e = ev("BBB", "AAA", 5, "agreed");
    e.mutual = 1;
    assert_int_equal(dg_graph_add_event(g, &e, NULL), DG_OK);
    e = ev("AAA", "BBB", -1, "one way");
    assert_int_equal(dg_graph_add_event(g, &e, NULL), DG_OK);
    assert_int_equal(dg_graph_finish(g, NULL), DG_OK);
    assert_int_equal(dg_graph_link_count(g), 2);

    dg_link_info ab = link_of(g, "AAA", "BBB");
    assert_int_equal(ab.events, 3);
    assert_float_equal(ab.positive, 5.0, 1e-9);
    assert_float_equal(ab.negative, 5.0, 1e-9);
    assert_int_equal(ab.sign, 0);
    dg_link_info ba = link_of(g, "BBB", "AAA");
    assert_int_equal(ba.events, 2);
    assert_float_equal(ba.positive, 5.0, 1e-9);
    assert_float_equal(ba.negative, 4.0, 1e-9);
    assert_float_equal(ba.weight, 1.0, 1e-9);
    assert_int_equal(ba.sign, 1);
    /* a mutual event is one event of the graph */
    assert_int_equal(g->events, 3);
    dg_graph_free(g);
}

static void test_negated_excluded_by_default(void **state)
{
    const dg_lexicon *lx = *state;
    dg_graph *g;
    assert_int_equal(dg_graph_new(&g, lx, NULL, NULL), DG_OK);
    dg_event e = ev("AAA", "BBB", -5, "did not condemn");
    e.negated = 1;
    assert_int_equal(dg_graph_add_event(g, &e, NULL), DG_OK);
    e = ev("AAA", "CCC", -5, "did not condemn C");
    e.negated = 1;
    assert_int_equal(dg_graph_add_event(g, &e, NULL), DG_OK);
    e = ev("AAA", "BBB", 3, "praised");
    assert_int_equal(dg_graph_add_event(g, &e, NULL), DG_OK);
    assert_int_equal(dg_graph_finish(g, NULL), DG_OK);
    assert_int_equal(dg_graph_link_count(g), 1);
    assert_int_equal(dg_graph_node_count(g), 2);
    assert_int_equal(dg_graph_find_link(g, "AAA", "CCC"), -1);
    dg_link_info li = link_of(g, "AAA", "BBB");
    assert_int_equal(li.events, 1);
    assert_float_equal(li.negative, 0.0, 1e-9);
    assert_float_equal(li.weight, 3.0, 1e-9);
    dg_graph_free(g);

    dg_graph_options o;
    dg_graph_options_init(&o);
    assert_int_equal(o.evidence, 3);
    assert_int_equal(o.include_negated, 0);
    o.include_negated = 1;
    assert_int_equal(dg_graph_new(&g, lx, &o, NULL), DG_OK);
    e = ev("AAA", "BBB", -5, "did not condemn");
    e.negated = 1;
    assert_int_equal(dg_graph_add_event(g, &e, NULL), DG_OK);
    e = ev("AAA", "BBB", 3, "praised");
    assert_int_equal(dg_graph_add_event(g, &e, NULL), DG_OK);
    assert_int_equal(dg_graph_finish(g, NULL), DG_OK);
    li = link_of(g, "AAA", "BBB");
    assert_int_equal(li.events, 2);
    assert_float_equal(li.positive, 3.0, 1e-9);
    assert_float_equal(li.negative, 5.0, 1e-9);
    assert_int_equal(li.sign, -1);
    dg_graph_free(g);
}

static void test_invalid_events(void **state)
{
    const dg_lexicon *lx = *state;
    dg_graph *g;
    assert_int_equal(dg_graph_new(&g, lx, NULL, NULL), DG_OK);
    /* no link of this graph: skipped, and not an error */
    dg_event e = ev("AAA", "AAA", -5, "domestic");
    assert_int_equal(dg_graph_add_event(g, &e, NULL), DG_OK);
    e = ev("AAA", "ZZZ", -5, "unknown target");
    assert_int_equal(dg_graph_add_event(g, &e, NULL), DG_OK);
    e = ev("ZZZ", "AAA", -5, "unknown source");
    assert_int_equal(dg_graph_add_event(g, &e, NULL), DG_OK);
    /* an invalid event is: DG_EINVAL, said in err when given one */
    dg_error err;
    dg_error_clear(&err);
    e = ev("AAA", "BBB", -5, "no category");
    e.category = NULL;
    assert_int_equal(dg_graph_add_event(g, &e, NULL), DG_EINVAL);
    assert_int_equal(dg_graph_add_event(g, &e, &err), DG_EINVAL);
    assert_int_equal(err.code, DG_EINVAL);
    dg_error_clear(&err);
    e = ev("AAA", "BBB", -5, "not a PLOVER class");
    e.category = "HUG";
    assert_int_equal(dg_graph_add_event(g, &e, &err), DG_EINVAL);
    assert_non_null(strstr(err.message, "HUG"));
    assert_int_equal(dg_graph_add_event(NULL, &e, NULL), DG_EINVAL);
    assert_int_equal(dg_graph_finish(g, NULL), DG_OK);
    assert_int_equal(dg_graph_link_count(g), 0);
    assert_int_equal(dg_graph_node_count(g), 0);
    dg_graph_free(g);
}

static void test_evidence_bounded_and_deterministic(void **state)
{
    const dg_lexicon *lx = *state;
    dg_graph_options o;
    dg_graph_options_init(&o);
    o.evidence = 2;
    dg_graph *g;
    assert_int_equal(dg_graph_new(&g, lx, &o, NULL), DG_OK);
    /* |weights| 2, 5, 3, 5, 1, -5: the two strongest are the first two
     * with |5| by document and sentence: "w5a" then "w5b" */
    static const struct { int w; const char *t; } in[] = {
        {2, "w2"}, {5, "w5a"}, {-3, "w3"}, {-5, "w5b"}, {1, "w1"},
        {5, "w5c"}};
    for (size_t i = 0; i < sizeof in / sizeof in[0]; i++) {
        dg_event e = ev("AAA", "BBB", in[i].w, in[i].t);
        e.sentence = (long)i;
        assert_int_equal(dg_graph_add_event(g, &e, NULL), DG_OK);
    }
    assert_int_equal(dg_graph_finish(g, NULL), DG_OK);
    const dg_link *l = raw_link(g, "AAA", "BBB");
    assert_int_equal(l->events, 6);
    assert_int_equal(l->nev, 2);
    assert_string_equal(l->ev[0].text, "w5a");
    assert_int_equal(l->ev[0].weight, 5);
    assert_int_equal(l->ev[0].sentence, 1);
    assert_string_equal(l->ev[1].text, "w5b");
    assert_int_equal(l->ev[1].weight, -5);
    assert_int_equal(l->ev[1].polarity, -1);
    assert_string_equal(l->ev[1].doc, "doc1");
    assert_string_equal(l->ev[1].trigger, "cue");
    assert_string_equal(l->ev[1].category, "DISAPPROVE");
    dg_graph_free(g);

    /* the same events in another order keep the strongest, earliest */
    assert_int_equal(dg_graph_new(&g, lx, &o, NULL), DG_OK);
    static const struct { int w; const char *t; } in2[] = {
        {1, "w1"}, {-3, "w3"}, {2, "w2"}, {4, "w4"}};
    for (size_t i = 0; i < sizeof in2 / sizeof in2[0]; i++) {
        dg_event e = ev("AAA", "BBB", in2[i].w, in2[i].t);
        assert_int_equal(dg_graph_add_event(g, &e, NULL), DG_OK);
    }
    assert_int_equal(dg_graph_finish(g, NULL), DG_OK);
    l = raw_link(g, "AAA", "BBB");
    assert_int_equal(l->nev, 2);
    assert_string_equal(l->ev[0].text, "w4");
    assert_string_equal(l->ev[1].text, "w3");
    dg_graph_free(g);

    /* evidence 0 keeps none but still counts */
    o.evidence = 0;
    assert_int_equal(dg_graph_new(&g, lx, &o, NULL), DG_OK);
    dg_event e = ev("AAA", "BBB", 3, "x");
    assert_int_equal(dg_graph_add_event(g, &e, NULL), DG_OK);
    assert_int_equal(dg_graph_finish(g, NULL), DG_OK);
    l = raw_link(g, "AAA", "BBB");
    assert_int_equal(l->nev, 0);
    assert_int_equal(l->events, 1);
    dg_graph_free(g);
}

static void test_evidence_copies_strings(void **state)
{
    const dg_lexicon *lx = *state;
    dg_graph *g;
    assert_int_equal(dg_graph_new(&g, lx, NULL, NULL), DG_OK);
    char text[32], doc[32], trig[32];
    snprintf(text, sizeof text, "original text");
    snprintf(doc, sizeof doc, "docA");
    snprintf(trig, sizeof trig, "praised");
    dg_event e = ev("AAA", "BBB", 3, text);
    e.doc = doc;
    e.trigger = trig;
    assert_int_equal(dg_graph_add_event(g, &e, NULL), DG_OK);
    /* the caller's buffers are reused after the callback */
    snprintf(text, sizeof text, "overwritten");
    snprintf(doc, sizeof doc, "docB");
    snprintf(trig, sizeof trig, "xx");
    assert_int_equal(dg_graph_finish(g, NULL), DG_OK);
    const dg_link *l = raw_link(g, "AAA", "BBB");
    assert_int_equal(l->nev, 1);
    assert_string_equal(l->ev[0].text, "original text");
    assert_string_equal(l->ev[0].doc, "docA");
    assert_string_equal(l->ev[0].trigger, "praised");
    dg_graph_free(g);
}

static void test_many_links_rehash(void **state)
{
    (void)state;
    /* enough actors for well over the initial 256 hash slots */
    dg_lexicon *lx;
    dg_error err;
    assert_int_equal(dg_lexicon_new(&lx, 0, &err), DG_OK);
    char line[160];
    for (int i = 0; i < 26; i++) {
        snprintf(line, sizeof line,
                 "{\"actor\": \"Q%cQ\", \"type\": \"state\", \"name\": "
                 "\"Q%c\"}\n",
                 'A' + i, 'A' + i);
        assert_int_equal(dg_lexicon_load_buffer(lx, "t", line, strlen(line),
                                                &err),
                         DG_OK);
    }
    assert_int_equal(dg_lexicon_finish(lx), DG_OK);
    dg_graph *g;
    assert_int_equal(dg_graph_new(&g, lx, NULL, NULL), DG_OK);
    char s[4] = "QAQ", t[4] = "QAQ";
    for (int round = 0; round < 2; round++)
        for (int i = 0; i < 26; i++)
            for (int j = 0; j < 26; j++) {
                if (i == j)
                    continue;
                s[1] = (char)('A' + i);
                t[1] = (char)('A' + j);
                dg_event e = ev(s, t, (i + j) % 2 ? 2 : -1, "x");
                assert_int_equal(dg_graph_add_event(g, &e, NULL), DG_OK);
            }
    assert_int_equal(dg_graph_finish(g, NULL), DG_OK);
    assert_int_equal(dg_graph_link_count(g), 26 * 25);
    assert_int_equal(dg_graph_node_count(g), 26);
    dg_link_info li = link_of(g, "QBQ", "QAQ");
    assert_int_equal(li.events, 2);
    assert_float_equal(li.weight, 4.0, 1e-9);
    li = link_of(g, "QCQ", "QAQ");
    assert_float_equal(li.weight, -2.0, 1e-9);
    dg_graph_free(g);
    dg_lexicon_free(lx);
}

static void test_finish_twice_and_add_after_finish(void **state)
{
    const dg_lexicon *lx = *state;
    dg_graph *g;
    assert_int_equal(dg_graph_new(&g, lx, NULL, NULL), DG_OK);
    dg_event e = ev("AAA", "BBB", 3, "x");
    assert_int_equal(dg_graph_add_event(g, &e, NULL), DG_OK);
    assert_int_equal(dg_graph_finish(g, NULL), DG_OK);
    assert_int_equal(dg_graph_finish(g, NULL), DG_OK);
    assert_int_equal(dg_graph_link_count(g), 1);
    /* adding after finish, then finishing again, rebuilds */
    e = ev("BBB", "CCC", -2, "y");
    assert_int_equal(dg_graph_add_event(g, &e, NULL), DG_OK);
    assert_int_equal(dg_graph_finish(g, NULL), DG_OK);
    assert_int_equal(dg_graph_link_count(g), 2);
    assert_int_equal(dg_graph_node_count(g), 3);
    dg_link_info li = link_of(g, "BBB", "CCC");
    assert_float_equal(li.weight, -2.0, 1e-9);
    assert_int_equal(igraph_ecount(&g->ig), 2);
    assert_int_equal(igraph_vcount(&g->ig), 3);
    dg_graph_free(g);
}

static int add_to_graph(const dg_event *e, void *ud)
{
    return dg_graph_add_event(ud, e, NULL);
}

static void test_mentions_from_extractor(void **state)
{
    (void)state;
    dg_lexicon *lx = lexicon_from(
        "{\"actor\": \"AAA\", \"type\": \"state\", \"name\": \"Aland\"}\n"
        "{\"actor\": \"BBB\", \"type\": \"state\", \"name\": \"Boria\"}\n"
        "{\"cue\": \"praise\", \"pos\": \"verb\", \"class\": \"SUPPORT\", "
        "\"weight\": 3}\n",
        0);
    dg_extractor *x;
    assert_int_equal(dg_extractor_new(&x, lx, NULL), DG_OK);
    dg_graph *g;
    assert_int_equal(dg_graph_new(&g, lx, NULL, NULL), DG_OK);
    const char *t = "Aland praised Boria. Aland slept.";
    dg_document doc = {.id = "d", .text = t, .len = strlen(t)};
    dg_graph_add_document(g);
    assert_int_equal(
        dg_extract_document(x, &doc, add_to_graph, g, NULL, NULL, NULL), DG_OK);
    assert_int_equal(dg_graph_add_mentions(g, x, NULL), DG_OK);
    assert_int_equal(dg_graph_finish(g, NULL), DG_OK);
    assert_int_equal(g->mentions[dg_lexicon_find_actor(lx, "AAA")], 2);
    assert_int_equal(g->mentions[dg_lexicon_find_actor(lx, "BBB")], 1);
    assert_int_equal(g->documents, 1);
    dg_link_info li = link_of(g, "AAA", "BBB");
    assert_int_equal(li.events, 1);
    assert_float_equal(li.weight, 3.0, 1e-9);
    dg_graph_free(g);
    dg_extractor_free(x);
    dg_lexicon_free(lx);
}

/* Events of three documents, with ties of |weight| across documents. */
static void add_split(dg_graph *g, int part, int nparts)
{
    static const char *const docs[] = {"d-c", "d-a", "d-b"};
    static const int w[] = {5, -5, 3, 5, -2, 5, 1, -3, 4};
    for (int i = 0; i < 9; i++) {
        if (i % nparts != part)
            continue;
        char text[32];
        snprintf(text, sizeof text, "sentence %d", i);
        dg_event e =
            ev(i % 2 ? "AAA" : "CCC", i % 3 ? "BBB" : "UNI", w[i], text);
        e.doc = docs[i % 3];
        e.sentence = i / 3;
        e.mutual = i == 4;
        assert_int_equal(dg_graph_add_event(g, &e, NULL), DG_OK);
        if (i % 3 == 0)
            dg_graph_add_document(g);
    }
}

static char *json_of(dg_graph *g)
{
    char *s = NULL;
    assert_int_equal(dg_graph_finish(g, NULL), DG_OK);
    assert_int_equal(dg_graph_analyze(g, NULL), DG_OK);
    assert_int_equal(
        dg_graph_to_json_string(g, DG_JSON_NODE_LINK, &s, NULL, NULL), DG_OK);
    return s;
}

/* Partials of a split, written and merged back in another order, give
 * the graph of all the events; a partial of another lexicon or options
 * is refused and leaves the graph unchanged. */
static void test_partial_round_trip(void **state)
{
    const dg_lexicon *lx = *state;
    dg_graph_options o;
    dg_graph_options_init(&o);
    o.evidence = 2;
    char dir[] = "/tmp/dg_test_partial_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[3][64];
    dg_graph *whole, *g;
    dg_error err;
    assert_int_equal(dg_graph_new(&whole, lx, &o, NULL), DG_OK);
    add_split(whole, 0, 1);
    for (int k = 0; k < 3; k++) {
        snprintf(path[k], sizeof path[k], "%s/p%d.json", dir, k);
        assert_int_equal(dg_graph_new(&g, lx, &o, NULL), DG_OK);
        add_split(g, k, 3);
        assert_int_equal(dg_graph_write_partial_file(g, path[k], &err), DG_OK);
        dg_graph_free(g);
    }
    assert_int_equal(dg_graph_new(&g, lx, &o, NULL), DG_OK);
    for (int k = 3; k-- > 0;)
        assert_int_equal(dg_graph_merge_partial_file(g, path[k], &err), DG_OK);
    char *a = json_of(whole), *b = json_of(g);
    assert_string_equal(a, b);
    dg_free(b);

    /* another --evidence: refused, g unchanged */
    o.evidence = 3;
    dg_graph *h;
    assert_int_equal(dg_graph_new(&h, lx, &o, NULL), DG_OK);
    assert_int_equal(dg_graph_merge_partial_file(h, path[0], &err), DG_EINVAL);
    assert_string_equal(err.file, path[0]);
    assert_non_null(strstr(err.message, "--evidence 2"));
    dg_graph_free(h);
    /* another lexicon: refused */
    dg_lexicon *lx2;
    char fp1[DG_FINGERPRINT_SIZE], fp2[DG_FINGERPRINT_SIZE];
    assert_int_equal(dg_lexicon_new(&lx2, 0, &err), DG_OK);
    assert_int_equal(
        dg_lexicon_load_buffer(lx2, "t", actors, strlen(actors) - 1, &err),
        DG_OK);
    assert_string_not_equal(dg_lexicon_fingerprint(lx, fp1, sizeof fp1),
                            dg_lexicon_fingerprint(lx2, fp2, sizeof fp2));
    assert_int_equal(strlen(fp1), 16);
    o.evidence = 2;
    assert_int_equal(dg_graph_new(&h, lx2, &o, NULL), DG_OK);
    assert_int_equal(dg_graph_merge_partial_file(h, path[1], &err), DG_EINVAL);
    assert_non_null(strstr(err.message, "another lexicon"));
    dg_graph_free(h);
    dg_lexicon_free(lx2);
    /* a partial that is not valid: refused whole, the graph unchanged */
    dg_graph_free(g);
    assert_int_equal(dg_graph_new(&g, lx, &o, NULL), DG_OK);
    for (int k = 0; k < 3; k++)
        assert_int_equal(dg_graph_merge_partial_file(g, path[k], &err), DG_OK);
    char bad[80];
    snprintf(bad, sizeof bad, "%s/bad.json", dir);
    FILE *f = fopen(bad, "w");
    assert_non_null(f);
    fputs("{\"diplograph_partial\":1,\"generator\":\"diplograph " DG_VERSION
          "\",\"lexicon\":\"",
          f);
    fputs(fp1, f);
    fputs("\",\"evidence_per_link\":2,\"negated_events_included\":false,"
          "\"documents\":1,\"events\":1,\"mentions\":{},\"links\":["
          "{\"source\":\"AAA\",\"target\":\"BBB\",\"events\":1,"
          "\"positive\":1,\"negative\":0,\"weight\":1,\"categories\":{},"
          "\"evidence\":[]},{\"source\":\"AAA\",\"target\":\"AAA\"}]}",
          f);
    fclose(f);
    assert_int_equal(dg_graph_merge_partial_file(g, bad, &err), DG_EPARSE);
    assert_non_null(strstr(err.message, "link 1"));
    b = json_of(g);
    assert_string_equal(a, b);
    dg_free(a);
    dg_free(b);
    dg_graph_free(g);
    dg_graph_free(whole);
    for (int k = 0; k < 3; k++)
        remove(path[k]);
    remove(bad);
    rmdir(dir);
}

/* Dates to periods and period keys, read by one parser (graph.c's
 * year_month): what a date gives in each slicing, and which keys a saved
 * graph or partial may carry. */
static void test_periods(void **state)
{
    (void)state;
    char b[8];
    assert_int_equal(dg_period_of("2020-09-27", DG_SLICE_YEAR, b, sizeof b), 1);
    assert_string_equal(b, "2020");
    assert_int_equal(dg_period_of("2020-09-27", DG_SLICE_QUARTER, b, sizeof b), 1);
    assert_string_equal(b, "2020-Q3");
    assert_int_equal(dg_period_of("2020-12", DG_SLICE_QUARTER, b, sizeof b), 1);
    assert_string_equal(b, "2020-Q4");
    assert_int_equal(dg_period_of("2020-01-02", DG_SLICE_MONTH, b, sizeof b), 1);
    assert_string_equal(b, "2020-01");
    assert_int_equal(dg_period_of("2020", DG_SLICE_YEAR, b, sizeof b), 1);
    assert_string_equal(b, "2020");
    /* a year alone has no quarter or month; bad months and short dates */
    assert_int_equal(dg_period_of("2020", DG_SLICE_QUARTER, b, sizeof b), 0);
    assert_int_equal(dg_period_of("2020", DG_SLICE_MONTH, b, sizeof b), 0);
    assert_int_equal(dg_period_of("2020-13-01", DG_SLICE_MONTH, b, sizeof b), 0);
    assert_int_equal(dg_period_of("2020-00", DG_SLICE_QUARTER, b, sizeof b), 0);
    assert_int_equal(dg_period_of("202", DG_SLICE_YEAR, b, sizeof b), 0);
    assert_int_equal(dg_period_of(NULL, DG_SLICE_YEAR, b, sizeof b), 0);
    assert_int_equal(dg_period_of("2020-09", DG_SLICE_NONE, b, sizeof b), 0);
    assert_int_equal(dg_period_of("2020-09", DG_SLICE_MONTH, b, 7), 0);
    /* keys */
    assert_true(dg_period_valid("2020", DG_SLICE_YEAR));
    assert_false(dg_period_valid("2020-09", DG_SLICE_YEAR));
    assert_true(dg_period_valid("2020-Q1", DG_SLICE_QUARTER));
    assert_false(dg_period_valid("2020-Q5", DG_SLICE_QUARTER));
    assert_false(dg_period_valid("2020-09", DG_SLICE_QUARTER));
    assert_true(dg_period_valid("2020-10", DG_SLICE_MONTH));
    assert_false(dg_period_valid("2020-13", DG_SLICE_MONTH));
    assert_false(dg_period_valid("2020-Q1", DG_SLICE_MONTH));
    assert_false(dg_period_valid("2020-09-01", DG_SLICE_MONTH));
    assert_false(dg_period_valid("20x0", DG_SLICE_YEAR));
    assert_false(dg_period_valid("", DG_SLICE_YEAR));
    assert_false(dg_period_valid("2020", DG_SLICE_NONE));
    /* every period a date gives is a valid key of its slicing */
    const char *dates[] = {"1999-01-31", "2024-06", "2024-07-01", "2025-12"};
    for (size_t i = 0; i < sizeof dates / sizeof *dates; i++)
        for (int sl = DG_SLICE_YEAR; sl <= DG_SLICE_MONTH; sl++) {
            assert_int_equal(dg_period_of(dates[i], (dg_slice)sl, b, sizeof b), 1);
            assert_true(dg_period_valid(b, (dg_slice)sl));
        }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_arithmetic),
        cmocka_unit_test(test_sorted_nodes_and_links),
        cmocka_unit_test(test_mutual_counts_both_directions),
        cmocka_unit_test(test_negated_excluded_by_default),
        cmocka_unit_test(test_invalid_events),
        cmocka_unit_test(test_evidence_bounded_and_deterministic),
        cmocka_unit_test(test_evidence_copies_strings),
        cmocka_unit_test(test_many_links_rehash),
        cmocka_unit_test(test_finish_twice_and_add_after_finish),
        cmocka_unit_test(test_mentions_from_extractor),
        cmocka_unit_test(test_partial_round_trip),
        cmocka_unit_test(test_periods),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
