/* test_regressions.c -- regression tests for bugs found in src/ and
 * fixed: each test failed before its fix. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <unistd.h>

#include "test_support.h"

/* lexicon.c, dg_lexicon_check_file: a leader naming an unknown actor is
 * reported with line 0, though docs/lexicon.md promises every problem
 * with its line number. */
static void test_check_file_unknown_leader_actor_has_line(void **state)
{
    (void)state;
    char path[512];
    write_temp(path, sizeof path,
               "{\"actor\": \"AAA\", \"type\": \"state\", \"name\": "
               "\"Aland\"}\n"
               "\n"
               "{\"leader\": \"Bo Quill\", \"actor\": \"ZZQ\", \"from\": "
               "\"2001-01-01\"}\n");
    test_reports r = {0};
    assert_int_equal(dg_lexicon_check_file(path, collect_report, &r, NULL), 1);
    unlink(path);
    assert_int_equal(r.n, 1);
    assert_non_null(strstr(r.e[0].message, "ZZQ"));
    assert_int_equal(r.e[0].line, 3);
}

/* lexicon.c, parse_line: text after the JSON object on a line is ignored
 * (cJSON_ParseWithLengthOpts without require_null_terminated and no check
 * of the end pointer), so "{...} junk" or "{...}}" load silently. */
static void test_lexicon_trailing_garbage_rejected(void **state)
{
    (void)state;
    static const char *const lines[] = {
        "{\"actor\": \"BBB\", \"type\": \"state\", \"name\": \"Boria\"} junk",
        "{\"actor\": \"BBB\", \"type\": \"state\", \"name\": \"Boria\"}}",
        "{\"actor\": \"BBB\", \"type\": \"state\", \"name\": \"Boria\"} "
        "{\"actor\": \"CCC\", \"type\": \"state\", \"name\": \"Cetia\"}",
    };
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
        char buf[512];
        snprintf(buf, sizeof buf,
                 "{\"actor\": \"AAA\", \"type\": \"state\", \"name\": "
                 "\"Aland\"}\n%s\n",
                 lines[i]);
        dg_lexicon *lx;
        dg_error err;
        assert_int_equal(dg_lexicon_new(&lx, 0, &err), DG_OK);
        int rc = dg_lexicon_load_buffer(lx, "g.jsonl", buf, strlen(buf), &err);
        dg_lexicon_free(lx);
        assert_int_equal(rc, DG_EPARSE);
        assert_int_equal(err.line, 2);
    }
}

/* lexicon.c, load_lines: an empty lexicon returns DG_EEMPTY while the
 * filled dg_error says DG_EPARSE; the two should agree. */
static void test_empty_lexicon_error_code_matches(void **state)
{
    (void)state;
    dg_lexicon *lx;
    dg_error err;
    assert_int_equal(dg_lexicon_new(&lx, 0, &err), DG_OK);
    int rc = dg_lexicon_load_buffer(lx, "e.jsonl", "# nothing\n", 10, &err);
    dg_lexicon_free(lx);
    assert_true(rc < 0);
    assert_int_equal(err.code, rc);
}

/* graph.c, dg_graph_link: after events are added to a finished graph the
 * link order array is stale (it has the old number of entries) but
 * dg_graph_link/dg_graph_find_link index it with the new link count:
 * an out-of-bounds read (UBSan: "pointer index expression ...
 * overflowed"). They should refuse (DG_EINVAL / -1) until
 * dg_graph_finish is called again, as dg_write_json does. */
static void test_link_lookup_on_stale_graph(void **state)
{
    (void)state;
    dg_lexicon *lx = lexicon_from(
        "{\"actor\": \"AAA\", \"type\": \"state\", \"name\": \"A\"}\n"
        "{\"actor\": \"BBB\", \"type\": \"state\", \"name\": \"B\"}\n"
        "{\"actor\": \"CCC\", \"type\": \"state\", \"name\": \"C\"}\n",
        0);
    dg_graph *g;
    assert_int_equal(dg_graph_new(&g, lx, NULL, NULL), DG_OK);
    dg_event e = {.doc = "d", .source = "AAA", .target = "BBB", .weight = 3,
                  .polarity = 1, .category = "SUPPORT", .trigger = "x",
                  .text = "t", .rule = "r"};
    assert_int_equal(dg_graph_add_event(g, &e, NULL), DG_OK);
    assert_int_equal(dg_graph_finish(g, NULL), DG_OK);
    e.source = "BBB";
    e.target = "CCC";
    assert_int_equal(dg_graph_add_event(g, &e, NULL), DG_OK);
    e.source = "CCC";
    e.target = "AAA";
    assert_int_equal(dg_graph_add_event(g, &e, NULL), DG_OK);
    dg_link_info li;
    int rc = dg_graph_link(g, 2, &li, NULL);
    long found = dg_graph_find_link(g, "CCC", "AAA");
    dg_graph_free(g);
    dg_lexicon_free(lx);
    assert_int_equal(rc, DG_EINVAL);
    assert_int_equal(found, -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_check_file_unknown_leader_actor_has_line),
        cmocka_unit_test(test_lexicon_trailing_garbage_rejected),
        cmocka_unit_test(test_empty_lexicon_error_code_matches),
        cmocka_unit_test(test_link_lookup_on_stale_graph),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
