/* test_support.h -- small helpers shared by the cmocka unit tests.
 *
 * Everything here is static inline so that a test file that does not use
 * a helper does not trip -Wunused-function under -Werror. Include after
 * <cmocka.h> (and its prerequisites).
 */
#ifndef DG_TEST_SUPPORT_H
#define DG_TEST_SUPPORT_H

#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A lexicon from an in-memory JSON Lines text; fails the test on error. */
static inline dg_lexicon *lexicon_from(const char *text, int with_default)
{
    dg_lexicon *lx = NULL;
    dg_error err;
    assert_int_equal(dg_lexicon_new(&lx, with_default, &err), DG_OK);
    if (text) {
        int rc = dg_lexicon_load_buffer(lx, "test.jsonl", text, strlen(text),
                                        &err);
        if (rc != DG_OK)
            print_error("lexicon: %s:%ld: %s\n", err.file, err.line,
                        err.message);
        assert_int_equal(rc, DG_OK);
    }
    assert_int_equal(dg_lexicon_finish(lx), DG_OK);
    return lx;
}

/* A copy of one event: the pointers of a dg_event live only during the
 * callback. */
typedef struct test_event {
    char doc[64], source[16], target[16], category[24], trigger[64];
    char rule[32], text[256];
    long sentence;
    int polarity, weight, negated, mutual;
} test_event;

typedef struct test_events {
    test_event ev[32];
    int n;
} test_events;

static inline int collect_event(const dg_event *ev, void *ud)
{
    test_events *te = ud;
    if (te->n >= (int)(sizeof te->ev / sizeof te->ev[0]))
        return 0;
    test_event *t = &te->ev[te->n++];
    snprintf(t->doc, sizeof t->doc, "%s", ev->doc ? ev->doc : "");
    snprintf(t->source, sizeof t->source, "%s", ev->source);
    snprintf(t->target, sizeof t->target, "%s", ev->target);
    snprintf(t->category, sizeof t->category, "%s", ev->category);
    snprintf(t->trigger, sizeof t->trigger, "%s", ev->trigger);
    snprintf(t->rule, sizeof t->rule, "%s", ev->rule ? ev->rule : "");
    snprintf(t->text, sizeof t->text, "%s", ev->text);
    t->sentence = ev->sentence;
    t->polarity = ev->polarity;
    t->weight = ev->weight;
    t->negated = ev->negated;
    t->mutual = ev->mutual;
    return 0;
}

/* Reports (dg_report_fn) collected for later checks. */
typedef struct test_reports {
    dg_error e[16];
    int n;
} test_reports;

static inline int collect_report(const dg_error *err, void *ud)
{
    test_reports *r = ud;
    if (r->n < (int)(sizeof r->e / sizeof r->e[0]))
        r->e[r->n] = *err;
    r->n++;
    return 0;
}

/* Extract the events of one text (date may be NULL). */
static inline void extract_text(const dg_lexicon *lx, const char *text,
                                const char *date, test_events *out,
                                test_reports *reports)
{
    dg_extractor *x = NULL;
    memset(out, 0, sizeof *out);
    assert_int_equal(dg_extractor_new(&x, lx, NULL), DG_OK);
    dg_document doc = {.id = "t", .text = text, .len = strlen(text),
                       .date = date};
    assert_int_equal(dg_extract_document(x, &doc, collect_event, out,
                                         reports ? collect_report : NULL,
                                         reports, NULL),
                     DG_OK);
    dg_extractor_free(x);
}

/* Write text to a fresh temporary file (path receives its name; the
 * caller removes it). Needs _POSIX_C_SOURCE for mkstemp and fdopen. */
static inline void write_temp(char *path, size_t cap, const char *text)
{
    const char *dir = getenv("TMPDIR");
    snprintf(path, cap, "%s/dg_test_XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *fp = fdopen(fd, "wb");
    assert_non_null(fp);
    assert_true(fputs(text, fp) >= 0);
    assert_int_equal(fclose(fp), 0);
}

#endif
