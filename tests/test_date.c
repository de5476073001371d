/* test_date.c -- the dates of events (date.c): each form a sentence can
 * date an event by, the choice among several dates, ranges, relative
 * dates and datelines. The sentences are written for these tests. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_support.h"

#include "date.h"
#include "graph_internal.h"

static const dg_date NONE = {0, 0, 0};
static const dg_date REF = {2024, 5, 6}; /* a document dated 2024-05-06 */

typedef struct tokens {
    const char *s;
    dg_token t[128];
    size_t n;
} tokens;

static void tokenize(tokens *tk, const char *s)
{
    tk->s = s;
    tk->n = dg_tokenize(s, strlen(s), tk->t, 128);
}

/* The index of the first token that is the word w (the cue). */
static size_t token_of(const tokens *tk, const char *w)
{
    for (size_t i = 0; i < tk->n; i++)
        if (dg_tok_is(tk->s, &tk->t[i], w))
            return i;
    fail_msg("no token \"%s\" in \"%s\"", w, tk->s);
    return 0;
}

/* The date the sentence gives an event whose cue is the word cue, as
 * text ("" for none). */
static const char *date_for(const char *sentence, const char *cue, dg_date ref,
                            char *buf)
{
    tokens tk;
    tokenize(&tk, sentence);
    size_t c = token_of(&tk, cue);
    dg_date d = dg_date_in_sentence(sentence, tk.t, tk.n, 0, c, c + 1, ref);
    dg_date_format(d, buf);
    return buf;
}

#define ASSERT_DATE(sentence, cue, ref, want)                                  \
    do {                                                                       \
        char buf_[16];                                                         \
        const char *got_ = date_for(sentence, cue, ref, buf_);                 \
        if (strcmp(got_, want) != 0)                                           \
            fail_msg("\"%s\": got \"%s\", want \"%s\"", sentence, got_, want); \
    } while (0)

static void test_years(void **state)
{
    (void)state;
    ASSERT_DATE("In 2020, Qualand praised Quboria.", "praised", NONE, "2020");
    ASSERT_DATE("Qualand praised Quboria in 2019.", "praised", NONE, "2019");
    ASSERT_DATE("Since 2018 Qualand has backed Quboria.", "backed", NONE,
                "2018");
    ASSERT_DATE("Qualand armed Quboria during 2014.", "armed", NONE, "2014");
    ASSERT_DATE("Qualand courted Quboria throughout 2011.", "courted", NONE,
                "2011");
    ASSERT_DATE("In early 2021 Qualand shunned Quboria.", "shunned", NONE,
                "2021");
    ASSERT_DATE("Qualand shelled Quboria in mid-2016.", "shelled", NONE,
                "2016");
    ASSERT_DATE("Qualand joined Quboria in the spring of 1999.", "joined", NONE,
                "1999");
}

static void test_months_and_days(void **state)
{
    (void)state;
    ASSERT_DATE("Qualand thanked Quboria in September 2023.", "thanked", NONE,
                "2023-09");
    ASSERT_DATE("In Sept. 2017 Qualand hosted Quboria.", "hosted", NONE,
                "2017-09");
    ASSERT_DATE("On 12 March 2022 Qualand rebuked Quboria.", "rebuked", NONE,
                "2022-03-12");
    ASSERT_DATE("On March 12, 2022, Qualand rebuked Quboria.", "rebuked", NONE,
                "2022-03-12");
    ASSERT_DATE("On the 4th of July 2010 Qualand hailed Quboria.", "hailed",
                NONE, "2010-07-04");
    ASSERT_DATE("Qualand sanctioned Quboria on 2021-11-30.", "sanctioned", NONE,
                "2021-11-30");
    /* a leap day, in a leap year only */
    ASSERT_DATE("On 29 February 2024 Qualand met Quboria.", "met", NONE,
                "2024-02-29");
    ASSERT_DATE("On 29 February 2023 Qualand met Quboria.", "met", NONE, "");
    /* a day and month without a year: the document's year, else none */
    ASSERT_DATE("On 3 March Qualand warned Quboria.", "warned", REF,
                "2024-03-03");
    ASSERT_DATE("On March 3 Qualand warned Quboria.", "warned", REF,
                "2024-03-03");
    ASSERT_DATE("On March 3 Qualand warned Quboria.", "warned", NONE, "");
}

static void test_relative(void **state)
{
    (void)state;
    ASSERT_DATE("Last year Qualand snubbed Quboria.", "snubbed", REF, "2023");
    ASSERT_DATE("Qualand snubbed Quboria this year.", "snubbed", REF, "2024");
    ASSERT_DATE("Qualand snubbed Quboria last month.", "snubbed", REF,
                "2024-04");
    dg_date january = {2024, 1, 9};
    ASSERT_DATE("Qualand snubbed Quboria last month.", "snubbed", january,
                "2023-12");
    /* no document date: nothing to count from */
    ASSERT_DATE("Last year Qualand snubbed Quboria.", "snubbed", NONE, "");
    /* what will happen is not dated by the sentence */
    ASSERT_DATE("Qualand will visit Quboria next year.", "visit", REF, "");
}

static void test_not_dates(void **state)
{
    (void)state;
    ASSERT_DATE("Qualand sent 2020 troops to Quboria.", "sent", NONE, "");
    ASSERT_DATE("The 1828 treaty bound Qualand to Quboria.", "bound", NONE, "");
    ASSERT_DATE("Qualand may punish Quboria.", "punish", NONE, "");
    ASSERT_DATE("Qualand fined Quboria 1500 dollars.", "fined", NONE, "");
    ASSERT_DATE("On 31 April 2022 Qualand met Quboria.", "met", NONE, "");
    ASSERT_DATE("Qualand met Quboria in 3000.", "met", NONE, "");
    ASSERT_DATE("Qualand praised Quboria in March.", "praised", NONE, "");
}

static void test_nearest_cue(void **state)
{
    (void)state;
    const char *s = "In 2014 Qualand condemned Quboria, and in 2020 Zedia "
                    "praised Quboria.";
    ASSERT_DATE(s, "condemned", NONE, "2014");
    ASSERT_DATE(s, "praised", NONE, "2020");
    /* equally near: the earlier */
    ASSERT_DATE("In 2001 Qualand met Quboria in 2002.", "met", NONE, "2001");
}

static void test_ranges(void **state)
{
    (void)state;
    /* a range is its start, however near its end is to the cue */
    ASSERT_DATE("From 2018 to 2020 Qualand armed Quboria.", "armed", NONE,
                "2018");
    ASSERT_DATE("Between 2015 and 2019 Qualand supplied Quboria.", "supplied",
                NONE, "2015");
    ASSERT_DATE("Qualand supplied Quboria in 2015-2019.", "supplied", NONE,
                "2015");
    ASSERT_DATE("Qualand occupied Quboria from March 2001 until 2003.",
                "occupied", NONE, "2001-03");
    ASSERT_DATE("Qualand occupied Quboria from March 2001 to May 2003.",
                "occupied", NONE, "2001-03");
    ASSERT_DATE("Qualand occupied Quboria between 12 May 2001 and 3 June "
                "2001.",
                "occupied", NONE, "2001-05-12");
}

static dg_date dateline(const char *s, dg_date ref, size_t *ntok)
{
    tokens tk;
    tokenize(&tk, s);
    dg_date d;
    *ntok = dg_date_dateline(s, tk.t, tk.n, ref, &d);
    return d;
}

static void test_datelines(void **state)
{
    (void)state;
    char buf[16];
    size_t n;
    dg_date d =
        dateline("YEREVAN, March 3 (Reuters) - Qualand met Quboria.", REF, &n);
    dg_date_format(d, buf);
    assert_string_equal(buf, "2024-03-03");
    assert_int_equal(n, 8); /* the dateline's tokens, up to the dash */
    /* no year and no document date: a dateline, undated */
    d = dateline("YEREVAN, March 3 (Reuters) - Qualand met Quboria.", NONE, &n);
    assert_int_equal(d.y, 0);
    assert_true(n > 0);
    /* published on 2 January: a dateline of 30 December is the year's
     * before */
    dg_date jan2 = {2025, 1, 2};
    d = dateline("KYIV, Dec. 30 (Reuters) - Qualand met Quboria.", jan2, &n);
    dg_date_format(d, buf);
    assert_string_equal(buf, "2024-12-30");
    d = dateline("KYIV, Jan. 2 (Reuters) - Qualand met Quboria.", jan2, &n);
    dg_date_format(d, buf);
    assert_string_equal(buf, "2025-01-02");
    d = dateline("MOSCOW, 3 March 2024 - Qualand met Quboria.", NONE, &n);
    dg_date_format(d, buf);
    assert_string_equal(buf, "2024-03-03");
    d = dateline("NEW YORK, Jan. 20, 2009 -- Qualand met Quboria.", REF, &n);
    dg_date_format(d, buf);
    assert_string_equal(buf, "2009-01-20");
    d = dateline("Yerevan, March 3 (AP) - Qualand met Quboria.", NONE, &n);
    assert_true(n > 0); /* a place not in capitals, with an agency */
    /* not datelines */
    dateline("Yerevan, March 3 - Qualand met Quboria.", REF, &n);
    assert_int_equal(n, 0);
    dateline("Qualand, Quboria and Zedia met.", REF, &n);
    assert_int_equal(n, 0);
    dateline("PARIS, the capital, hosted talks.", REF, &n);
    assert_int_equal(n, 0);

    /* the sentence that opens with a dateline is dated after it */
    tokens tk;
    const char *s = "YEREVAN, March 3 (Reuters) - Qualand thanked Quboria "
                    "in 2019.";
    tokenize(&tk, s);
    size_t from = dg_date_dateline(s, tk.t, tk.n, REF, &d);
    size_t c = token_of(&tk, "thanked");
    d = dg_date_in_sentence(s, tk.t, tk.n, from, c, c + 1, REF);
    dg_date_format(d, buf);
    assert_string_equal(buf, "2019");
}

static void test_precision(void **state)
{
    (void)state;
    char buf[16];
    dg_date y = {2020, 0, 0}, m = {2020, 9, 0}, d = {2020, 9, 27};
    assert_int_equal(dg_date_format(y, buf), 4);
    assert_string_equal(buf, "2020");
    assert_int_equal(dg_date_format(m, buf), 7);
    assert_string_equal(buf, "2020-09");
    assert_int_equal(dg_date_format(d, buf), 10);
    assert_string_equal(buf, "2020-09-27");
    assert_int_equal(dg_date_format(NONE, buf), 0);
    assert_string_equal(buf, "");
    /* the day that stands for a year or a month (leader resolution) */
    assert_int_equal(dg_date_day(y), 20200701);
    assert_int_equal(dg_date_day(m), 20200915);
    assert_int_equal(dg_date_day(d), 20200927);
    assert_int_equal(dg_date_day(NONE), -1);
    dg_date back = dg_date_of_day(20200927);
    assert_int_equal(back.y, 2020);
    assert_int_equal(back.m, 9);
    assert_int_equal(back.d, 27);
    assert_int_equal(dg_date_of_day(-1).y, 0);
}

static void test_parse_and_periods(void **state)
{
    (void)state;
    dg_date d;
    assert_int_equal(dg_date_parse("2020", &d), 0);
    assert_int_equal(dg_date_first_day(d), 20200101);
    assert_int_equal(dg_date_last_day(d), 20201231);
    assert_int_equal(dg_date_parse("2024-02", &d), 0);
    assert_int_equal(dg_date_first_day(d), 20240201);
    assert_int_equal(dg_date_last_day(d), 20240229);
    assert_int_equal(dg_date_parse("2023-02", &d), 0);
    assert_int_equal(dg_date_last_day(d), 20230228);
    assert_int_equal(dg_date_parse("2020-09-27", &d), 0);
    assert_int_equal(dg_date_first_day(d), 20200927);
    assert_int_equal(dg_date_last_day(d), 20200927);
    const char *bad[] = {"",           "20",         "20201",
                         "2020-9",     "2020-13",    "2020-00",
                         "2023-02-29", "2020-09-31", "2020-09-27T10:00",
                         "2020/09",    "year",       NULL};
    for (int i = 0; bad[i]; i++)
        if (dg_date_parse(bad[i], &d) == 0)
            fail_msg("\"%s\" read as a date", bad[i]);
}

/* The graph's --since and --until: an event's period overlaps the range,
 * an undated event is left out once a bound is given. */
static void test_graph_date_range(void **state)
{
    (void)state;
    dg_lexicon *lx = lexicon_from(NULL, 1);
    dg_graph *g = NULL;
    dg_graph_options o;
    dg_graph_options_init(&o);
    assert_null(o.since);
    assert_null(o.until);
    o.since = "2020-13";
    assert_int_equal(dg_graph_new(&g, lx, &o, NULL), DG_EINVAL);
    o.since = "2020-06";
    o.until = "2021";
    assert_int_equal(dg_graph_new(&g, lx, &o, NULL), DG_OK);
    const char *dates[] = {"2020", "2020-05",    "2020-06-30", "2021-12",
                           "2022", "2019-12-31", NULL};
    dg_event ev = {.doc = "d",
                   .source = "FRA",
                   .target = "IRN",
                   .polarity = -1,
                   .weight = -5,
                   .category = "DISAPPROVE",
                   .trigger = "condemned",
                   .rule = "subject",
                   .text = "France condemned Iran."};
    for (int i = 0; i <= 6; i++) { /* the last without a date */
        ev.date = dates[i];
        ev.date_source = dates[i] ? "text" : NULL;
        assert_int_equal(dg_graph_add_event(g, &ev, NULL), DG_OK);
    }
    /* kept: 2020 (overlaps), 2020-06-30, 2021-12 */
    assert_int_equal(g->events, 3);
    dg_graph_free(g);
    dg_lexicon_free(lx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_years),
        cmocka_unit_test(test_months_and_days),
        cmocka_unit_test(test_relative),
        cmocka_unit_test(test_not_dates),
        cmocka_unit_test(test_nearest_cue),
        cmocka_unit_test(test_ranges),
        cmocka_unit_test(test_datelines),
        cmocka_unit_test(test_precision),
        cmocka_unit_test(test_parse_and_periods),
        cmocka_unit_test(test_graph_date_range),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
