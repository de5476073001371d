/* test_code.c -- the coding stage through the public API
 * (dg_extractor_new + dg_extract_document): who acts on whom, with what
 * sign, on short sentences whose right answer is clear. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_support.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

static int setup_default(void **state)
{
    dg_lexicon *lx;
    dg_error err;
    if (dg_lexicon_new(&lx, 1, &err) != DG_OK)
        return -1;
    *state = lx;
    return 0;
}

static int teardown_default(void **state)
{
    dg_lexicon_free(*state);
    return 0;
}

static int count_pair(const test_events *e, const char *s, const char *t)
{
    int n = 0;
    for (int i = 0; i < e->n; i++)
        if (strcmp(e->ev[i].source, s) == 0 && strcmp(e->ev[i].target, t) == 0)
            n++;
    return n;
}

static const test_event *find_pair(const test_events *e, const char *s,
                                   const char *t)
{
    for (int i = 0; i < e->n; i++)
        if (strcmp(e->ev[i].source, s) == 0 && strcmp(e->ev[i].target, t) == 0)
            return &e->ev[i];
    return NULL;
}

static int involves(const test_events *e, const char *id)
{
    for (int i = 0; i < e->n; i++)
        if (strcmp(e->ev[i].source, id) == 0 ||
            strcmp(e->ev[i].target, id) == 0)
            return 1;
    return 0;
}

static void test_svo(void **state)
{
    const dg_lexicon *lx = *state;
    test_events e;
    extract_text(lx, "France condemned Iran.", NULL, &e, NULL);
    assert_int_equal(e.n, 1);
    const test_event *v = &e.ev[0];
    assert_string_equal(v->source, "FRA");
    assert_string_equal(v->target, "IRN");
    assert_int_equal(v->polarity, -1);
    assert_true(v->weight < 0);
    assert_string_equal(v->category, "DISAPPROVE");
    assert_string_equal(v->trigger, "condemned");
    assert_false(v->negated);
    assert_false(v->mutual);
    assert_string_equal(v->text, "France condemned Iran.");
    assert_string_equal(v->doc, "t");
    assert_int_equal(v->sentence, 0);
}

static void test_svo_positive(void **state)
{
    const dg_lexicon *lx = *state;
    test_events e;
    extract_text(lx, "Russia praised China.", NULL, &e, NULL);
    assert_int_equal(e.n, 1);
    assert_string_equal(e.ev[0].source, "RUS");
    assert_string_equal(e.ev[0].target, "CHN");
    assert_int_equal(e.ev[0].polarity, 1);
    assert_true(e.ev[0].weight > 0);
}

static void test_passive(void **state)
{
    const dg_lexicon *lx = *state;
    test_events e;
    extract_text(lx, "Iran was condemned by France.", NULL, &e, NULL);
    assert_int_equal(e.n, 1);
    assert_string_equal(e.ev[0].source, "FRA");
    assert_string_equal(e.ev[0].target, "IRN");
    assert_int_equal(e.ev[0].polarity, -1);
    assert_false(e.ev[0].negated);
}

static void test_negation(void **state)
{
    const dg_lexicon *lx = *state;
    test_events e;
    extract_text(lx, "France did not condemn Iran.", NULL, &e, NULL);
    assert_int_equal(e.n, 1);
    assert_string_equal(e.ev[0].source, "FRA");
    assert_string_equal(e.ev[0].target, "IRN");
    assert_true(e.ev[0].negated);

    extract_text(lx, "France didn't condemn Iran.", NULL, &e, NULL);
    assert_int_equal(e.n, 1);
    assert_true(e.ev[0].negated);

    extract_text(lx, "France never condemned Iran.", NULL, &e, NULL);
    assert_int_equal(e.n, 1);
    assert_true(e.ev[0].negated);
}

static void test_compound_subject(void **state)
{
    const dg_lexicon *lx = *state;
    test_events e;
    extract_text(lx, "Jordan and Britain agreed to hold joint exercises.",
                 NULL, &e, NULL);
    /* one mutual pair, in either order */
    assert_int_equal(e.n, 1);
    assert_true(e.ev[0].mutual);
    assert_int_equal(e.ev[0].polarity, 1);
    assert_int_equal(count_pair(&e, "JOR", "GBR") + count_pair(&e, "GBR", "JOR"),
                     1);
}

static void test_compound_object(void **state)
{
    const dg_lexicon *lx = *state;
    test_events e;
    extract_text(lx, "France condemned Iran and Syria.", NULL, &e, NULL);
    assert_int_equal(e.n, 2);
    assert_int_equal(count_pair(&e, "FRA", "IRN"), 1);
    assert_int_equal(count_pair(&e, "FRA", "SYR"), 1);
    for (int i = 0; i < e.n; i++) {
        assert_int_equal(e.ev[i].polarity, -1);
        assert_false(e.ev[i].mutual);
    }
}

static void test_tensions_between(void **state)
{
    const dg_lexicon *lx = *state;
    test_events e;
    extract_text(lx, "Tensions between Russia and Ukraine grew.", NULL, &e,
                 NULL);
    assert_int_equal(e.n, 1);
    assert_true(e.ev[0].mutual);
    assert_int_equal(e.ev[0].polarity, -1);
    assert_int_equal(count_pair(&e, "RUS", "UKR") + count_pair(&e, "UKR", "RUS"),
                     1);
}

static void test_possessive_nominalization(void **state)
{
    const dg_lexicon *lx = *state;
    test_events e;
    /* typographic apostrophe, as news text writes it */
    extract_text(lx,
                 "Armenia\xE2\x80\x99s pivot away from Russia worried "
                 "analysts.",
                 NULL, &e, NULL);
    assert_int_equal(e.n, 1);
    assert_string_equal(e.ev[0].source, "ARM");
    assert_string_equal(e.ev[0].target, "RUS");
    assert_int_equal(e.ev[0].polarity, -1);
    assert_false(e.ev[0].mutual);
    /* the event's sentence is the normalized one */
    assert_string_equal(e.ev[0].text,
                        "Armenia's pivot away from Russia worried analysts.");
}

static void test_location_is_no_actor(void **state)
{
    const dg_lexicon *lx = *state;
    test_events e;
    extract_text(lx, "Officials met in Washington.", NULL, &e, NULL);
    assert_false(involves(&e, "USA"));
    assert_int_equal(e.n, 0);

    extract_text(lx, "French officials met in Washington.", NULL, &e, NULL);
    assert_false(involves(&e, "USA"));
}

static void test_domestic_never_emitted(void **state)
{
    const dg_lexicon *lx = *state;
    test_events e;
    extract_text(lx, "France condemned France.", NULL, &e, NULL);
    assert_int_equal(e.n, 0);
    extract_text(lx, "Paris condemned the French opposition.", NULL, &e, NULL);
    for (int i = 0; i < e.n; i++)
        assert_string_not_equal(e.ev[i].source, e.ev[i].target);
    extract_text(lx, "France and France agreed.", NULL, &e, NULL);
    assert_int_equal(e.n, 0);
}

static void test_no_actor_no_event(void **state)
{
    const dg_lexicon *lx = *state;
    test_events e;
    extract_text(lx, "The minister condemned the attack.", NULL, &e, NULL);
    assert_int_equal(e.n, 0);
    extract_text(lx, "France welcomed the news.", NULL, &e, NULL);
    assert_int_equal(e.n, 0);
}

static void test_sentence_index_and_document(void **state)
{
    const dg_lexicon *lx = *state;
    test_events e;
    extract_text(lx,
                 "A quiet week ended. France condemned Iran.\n\n"
                 "Russia praised China.",
                 "2021-05-06", &e, NULL);
    assert_int_equal(e.n, 2);
    const test_event *a = find_pair(&e, "FRA", "IRN");
    const test_event *b = find_pair(&e, "RUS", "CHN");
    assert_non_null(a);
    assert_non_null(b);
    assert_int_equal(a->sentence, 1);
    assert_int_equal(b->sentence, 2);
    assert_string_equal(b->text, "Russia praised China.");
}

static void test_invalid_utf8_reported_and_processing_goes_on(void **state)
{
    const dg_lexicon *lx = *state;
    test_events e;
    test_reports r = {0};
    extract_text(lx, "Bad \xFF byte. France condemned Iran.", NULL, &e, &r);
    assert_int_equal(r.n, 1);
    assert_int_equal(r.e[0].code, DG_EENCODING);
    assert_string_equal(r.e[0].file, "t");
    assert_non_null(strstr(r.e[0].message, "byte offset 4"));
    assert_int_equal(e.n, 1);
    assert_string_equal(e.ev[0].source, "FRA");
}

static int stop_at_first(const dg_event *ev, void *ud)
{
    (void)ev;
    (*(int *)ud)++;
    return 7;
}

static void test_callback_stops_extraction(void **state)
{
    const dg_lexicon *lx = *state;
    dg_extractor *x;
    assert_int_equal(dg_extractor_new(&x, lx, NULL), DG_OK);
    const char *t = "France condemned Iran. Russia praised China.";
    dg_document doc = {.id = "d", .text = t, .len = strlen(t)};
    int calls = 0;
    /* the callback's own value (7) is not returned: DG_EABORT is */
    assert_int_equal(
        dg_extract_document(x, &doc, stop_at_first, &calls, NULL, NULL, NULL),
        DG_EABORT);
    assert_int_equal(calls, 1);
    dg_extractor_free(x);
}

static void test_mention_counts(void **state)
{
    const dg_lexicon *lx = *state;
    dg_extractor *x;
    assert_int_equal(dg_extractor_new(&x, lx, NULL), DG_OK);
    const char *t = "France condemned Iran. Iran said nothing. Tehran waited.";
    dg_document doc = {.id = "d", .text = t, .len = strlen(t)};
    test_events e = {0};
    assert_int_equal(
        dg_extract_document(x, &doc, collect_event, &e, NULL, NULL, NULL),
        DG_OK);
    size_t n;
    const unsigned long *m = dg_extractor_mention_counts(x, &n);
    assert_int_equal(n, dg_lexicon_actor_count(lx));
    assert_int_equal(m[dg_lexicon_find_actor(lx, "IRN")], 3);
    assert_int_equal(m[dg_lexicon_find_actor(lx, "FRA")], 1);
    assert_int_equal(m[dg_lexicon_find_actor(lx, "CHN")], 0);
    dg_extractor_free(x);
}

typedef struct explain_log {
    int lines;
    int saw_rule;
} explain_log;

static int on_explain(const char *doc, long sentence, const char *line,
                      void *ud)
{
    explain_log *l = ud;
    (void)sentence;
    assert_string_equal(doc, "d");
    l->lines++;
    if (strstr(line, "FRA") && strstr(line, "IRN"))
        l->saw_rule = 1;
    return 0;
}

static void test_explain(void **state)
{
    const dg_lexicon *lx = *state;
    dg_extractor *x;
    assert_int_equal(dg_extractor_new(&x, lx, NULL), DG_OK);
    explain_log log = {0};
    dg_extractor_set_explain(x, on_explain, &log);
    const char *t = "France condemned Iran.";
    dg_document doc = {.id = "d", .text = t, .len = strlen(t)};
    test_events e = {0};
    assert_int_equal(
        dg_extract_document(x, &doc, collect_event, &e, NULL, NULL, NULL),
        DG_OK);
    assert_int_equal(e.n, 1);
    assert_true(log.lines >= 2);
    assert_true(log.saw_rule);
    dg_extractor_free(x);
}

static void test_event_to_json(void **state)
{
    (void)state;
    dg_event ev = {
        .doc = "d\"1", .date = "2020-01-02", .sentence = 3, .source = "FRA",
        .target = "IRN", .polarity = -1, .weight = -5,
        .category = "DISAPPROVE", .trigger = "condemned", .negated = 1,
        .mutual = 0, .rule = "subject", .text = "France condemned Iran.",
    };
    char *s = NULL;
    dg_event_to_json(&ev, &s, NULL, NULL);
    assert_non_null(s);
    assert_null(strchr(s, '\n'));
    assert_non_null(strstr(s, "\"doc\":\"d\\\"1\""));
    assert_non_null(strstr(s, "\"date\":\"2020-01-02\""));
    assert_non_null(strstr(s, "\"sentence\":3"));
    assert_non_null(strstr(s, "\"source\":\"FRA\""));
    assert_non_null(strstr(s, "\"target\":\"IRN\""));
    assert_non_null(strstr(s, "\"polarity\":-1"));
    assert_non_null(strstr(s, "\"weight\":-5"));
    assert_non_null(strstr(s, "\"category\":\"DISAPPROVE\""));
    assert_non_null(strstr(s, "\"trigger\":\"condemned\""));
    assert_non_null(strstr(s, "\"negated\":true"));
    assert_non_null(strstr(s, "\"text\":\"France condemned Iran.\""));
    free(s);
}

/* dg_event_format_json writes what cJSON writes for the same object
 * (escapes of quotes, backslashes and control characters, UTF-8 as it
 * is, negative and large numbers), and cuts like snprintf. */
static void test_event_format_json(void **state)
{
    (void)state;
    dg_event ev = {
        .doc = "a\\b\t\x01\x1f", .date = NULL, .sentence = 2147483647L,
        .source = "ARM", .target = "EU", .polarity = 1, .weight = 10,
        .category = "COOPERATE", .trigger = "deepened \"ties\" with",
        .negated = 0, .mutual = 1, .rule = "between",
        .text = "Yerevan\r\nand Brussels \xc3\xa9 \b\f\x7f.",
    };
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "doc", ev.doc);
    cJSON_AddNumberToObject(o, "sentence", (double)ev.sentence);
    cJSON_AddStringToObject(o, "source", ev.source);
    cJSON_AddStringToObject(o, "target", ev.target);
    cJSON_AddNumberToObject(o, "polarity", ev.polarity);
    cJSON_AddNumberToObject(o, "weight", ev.weight);
    cJSON_AddStringToObject(o, "category", ev.category);
    cJSON_AddStringToObject(o, "trigger", ev.trigger);
    cJSON_AddBoolToObject(o, "negated", ev.negated);
    cJSON_AddBoolToObject(o, "mutual", ev.mutual);
    cJSON_AddStringToObject(o, "rule", ev.rule);
    cJSON_AddStringToObject(o, "text", ev.text);
    char *want = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    char *got = NULL;
    dg_event_to_json(&ev, &got, NULL, NULL);
    assert_string_equal(got, want);
    size_t n = strlen(want);
    /* cut: the return value is the whole length, the buffer a prefix */
    char small[16];
    memset(small, 'x', sizeof small);
    assert_int_equal(dg_event_format_json(&ev, small, sizeof small), n);
    assert_int_equal(strlen(small), sizeof small - 1);
    assert_memory_equal(small, want, sizeof small - 1);
    assert_int_equal(dg_event_format_json(&ev, NULL, 0), n);
    char *exact = malloc(n + 1);
    assert_int_equal(dg_event_format_json(&ev, exact, n + 1), n);
    assert_string_equal(exact, want);
    ev.sentence = -12;
    ev.weight = -10;
    free(got);
    assert_int_equal(dg_event_to_json(&ev, &got, NULL, NULL), DG_OK);
    assert_non_null(strstr(got, "\"sentence\":-12,"));
    assert_non_null(strstr(got, "\"weight\":-10,"));
    free(exact);
    free(got);
    free(want);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_svo),
        cmocka_unit_test(test_svo_positive),
        cmocka_unit_test(test_passive),
        cmocka_unit_test(test_negation),
        cmocka_unit_test(test_compound_subject),
        cmocka_unit_test(test_compound_object),
        cmocka_unit_test(test_tensions_between),
        cmocka_unit_test(test_possessive_nominalization),
        cmocka_unit_test(test_location_is_no_actor),
        cmocka_unit_test(test_domestic_never_emitted),
        cmocka_unit_test(test_no_actor_no_event),
        cmocka_unit_test(test_sentence_index_and_document),
        cmocka_unit_test(test_invalid_utf8_reported_and_processing_goes_on),
        cmocka_unit_test(test_callback_stops_extraction),
        cmocka_unit_test(test_mention_counts),
        cmocka_unit_test(test_explain),
        cmocka_unit_test(test_event_to_json),
        cmocka_unit_test(test_event_format_json),
    };
    return cmocka_run_group_tests(tests, setup_default, teardown_default);
}
