/* test_api.c -- the contract of the public API (docs/api.md, "Errors"):
 * every fallible call accepts a NULL dg_error and fills one when given;
 * a callback that returns non-zero stops the call with DG_EABORT, whatever
 * value it returned; dg_reader_next tells the end of the inputs (0) from
 * a failure (negative, and sticky); what a failure leaves behind (a graph
 * that failed to finish can be finished again); the _init functions.
 *
 * Only the public header is used, as a program of the library's would.
 * Allocation failures are injected by wrapping malloc, calloc and realloc
 * at link time (-Wl,--wrap, tests/CMakeLists.txt): the library's objects
 * are linked in from libdiplograph.a, so their calls go through the
 * wrappers below; cJSON, igraph and libc keep their own allocator.
 */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <diplograph.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- allocation failures ------------------------------------------------ */

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);

/* -1: no failure; else the number of allocations still allowed, after
 * which every allocation fails (as memory that has run out stays out) */
static long alloc_budget = -1;
static int alloc_refused;

static int alloc_fails(void)
{
    if (alloc_budget < 0)
        return 0;
    if (alloc_budget == 0) {
        alloc_refused = 1;
        return 1;
    }
    alloc_budget--;
    return 0;
}

void *__wrap_malloc(size_t n)
{
    return alloc_fails() ? NULL : __real_malloc(n);
}
void *__wrap_calloc(size_t n, size_t size)
{
    return alloc_fails() ? NULL : __real_calloc(n, size);
}
void *__wrap_realloc(void *p, size_t n)
{
    return alloc_fails() ? NULL : __real_realloc(p, n);
}

static void fail_after(long n)
{
    alloc_refused = 0;
    alloc_budget = n;
}

static void allocate_again(void)
{
    alloc_budget = -1;
}

/* ---- fixtures ------------------------------------------------------------ */

static dg_lexicon *lx;
static char tmpdir[256];

static int setup(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/dg_api_XXXXXX");
    if (!mkdtemp(tmpdir))
        return -1;
    return dg_lexicon_new(&lx, 1, NULL) == DG_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    dg_lexicon_free(lx);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

static void write_file(const char *name, const char *text, char *path,
                       size_t cap)
{
    snprintf(path, cap, "%s/%s", tmpdir, name);
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(text, 1, strlen(text), fp), strlen(text));
    assert_int_equal(fclose(fp), 0);
}

/* err filled for the code rc, with a message */
static void assert_err(const dg_error *err, int rc)
{
    assert_int_equal(err->code, rc);
    assert_true(err->message[0] != '\0');
}

static int ignore_event(const dg_event *ev, void *ud)
{
    (void)ev;
    (void)ud;
    return 0;
}

/* ---- NULL err allowed, err filled when given ------------------------------
 */

static void test_null_err_allowed(void **state)
{
    (void)state;
    dg_error err;
    dg_graph *g = NULL;
    dg_extractor *x = NULL;
    dg_document doc = {"d", "x", 1, NULL};

    /* each failing call twice: err NULL, then err given */
#define BOTH(call_with_err, rc)                                                \
    do {                                                                       \
        dg_error *e_ = NULL;                                                   \
        assert_int_equal((call_with_err), (rc));                               \
        dg_error_clear(&err);                                                  \
        e_ = &err;                                                             \
        assert_int_equal((call_with_err), (rc));                               \
        assert_err(&err, (rc));                                                \
    } while (0)

    BOTH(dg_graph_new(&g, NULL, NULL, e_), DG_EINVAL);
    assert_null(g);
    BOTH(dg_extractor_new(&x, NULL, e_), DG_EINVAL);
    assert_null(x);
    BOTH(dg_reader_new(NULL, NULL, 0, NULL, NULL, e_), DG_EINVAL);
    BOTH(dg_extract_document(NULL, &doc, ignore_event, NULL, NULL, NULL, e_),
         DG_EINVAL);
    BOTH(dg_graph_add_event(NULL, NULL, e_), DG_EINVAL);
    BOTH(dg_graph_finish(NULL, e_), DG_EINVAL);
    BOTH(dg_graph_analyze(NULL, e_), DG_EINVAL);
    BOTH(dg_lexicon_check_file("/nonexistent/lexicon.jsonl", NULL, NULL, e_),
         DG_EIO);
    BOTH(dg_graph_load_json(&g, "/nonexistent/graph.json", e_), DG_EIO);
    assert_null(g);

    /* an unfinished graph: refused by the lookups and the writers */
    assert_int_equal(dg_graph_new(&g, lx, NULL, NULL), DG_OK);
    dg_link_info li;
    BOTH(dg_graph_link(g, 0, &li, e_), DG_EINVAL);
    BOTH(dg_write_json(g, stdout, e_), DG_EINVAL);
    char *json = NULL;
    BOTH(dg_graph_to_json_string(g, DG_JSON_NODE_LINK, &json, NULL, e_),
         DG_EINVAL);
    assert_null(json);
    dg_filter f;
    dg_filter_init(&f);
    dg_graph *h = NULL;
    BOTH(dg_graph_filter(g, &f, &h, e_), DG_EINVAL);
    assert_null(h);
    assert_int_equal(dg_graph_finish(g, NULL), DG_OK);
    BOTH(dg_graph_link(g, 0, &li, e_), DG_EINVAL); /* no link 0 */
    BOTH(dg_write_report(g, NULL, DG_REPORT_TEXT, stdout, e_),
         DG_EINVAL); /* not analyzed */

    /* an extractor over another lexicon than the graph's */
    dg_lexicon *other;
    assert_int_equal(dg_lexicon_new(&other, 0, NULL), DG_OK);
    assert_int_equal(dg_extractor_new(&x, other, NULL), DG_OK);
    BOTH(dg_graph_add_mentions(g, x, e_), DG_EINVAL);
    dg_extractor_free(x);
    dg_lexicon_free(other);
    dg_graph_free(g);
#undef BOTH
}

/* ---- DG_EABORT ------------------------------------------------------------
 */

typedef struct stopper {
    int calls;
    int stop_at; /* the call that returns ret */
    int ret;
} stopper;

static int stop_event(const dg_event *ev, void *ud)
{
    stopper *s = ud;
    (void)ev;
    return ++s->calls == s->stop_at ? s->ret : 0;
}

static int stop_report(const dg_error *e, void *ud)
{
    stopper *s = ud;
    (void)e;
    return ++s->calls == s->stop_at ? s->ret : 0;
}

static int stop_explain(const char *doc, long sentence, const char *line,
                        void *ud)
{
    stopper *s = ud;
    (void)doc;
    (void)sentence;
    (void)line;
    return ++s->calls == s->stop_at ? s->ret : 0;
}

static int stop_name(const char *text, const char *kind, void *ud)
{
    stopper *s = ud;
    (void)text;
    (void)kind;
    return ++s->calls == s->stop_at ? s->ret : 0;
}

static int count_event(const dg_event *ev, void *ud)
{
    (void)ev;
    ++*(int *)ud;
    return 0;
}

static void test_event_callback_aborts(void **state)
{
    (void)state;
    const char *t = "France condemned Iran. Russia praised China. Jordan "
                    "and Britain agreed to hold joint exercises.";
    dg_document doc = {"d", t, strlen(t), "2024-05-01"};
    dg_extractor *x;
    assert_int_equal(dg_extractor_new(&x, lx, NULL), DG_OK);
    int all = 0;
    assert_int_equal(
        dg_extract_document(x, &doc, count_event, &all, NULL, NULL, NULL),
        DG_OK);
    assert_true(all >= 3);
    /* whatever non-zero value the callback returns, even one that looks
     * like a DG_E* code, the call returns DG_EABORT and stops there */
    const int rets[] = {1, -1, DG_ENOMEM, DG_EIO, 42};
    for (size_t i = 0; i < sizeof rets / sizeof rets[0]; i++) {
        stopper s = {0, 2, rets[i]};
        dg_error err;
        dg_error_clear(&err);
        assert_int_equal(
            dg_extract_document(x, &doc, stop_event, &s, NULL, NULL, &err),
            DG_EABORT);
        assert_err(&err, DG_EABORT);
        assert_string_equal(err.file, "d");
        assert_int_equal(s.calls, 2);
        s.calls = 0;
        assert_int_equal(
            dg_extract_document(x, &doc, stop_event, &s, NULL, NULL, NULL),
            DG_EABORT);
    }
    /* the extractor is ready for the next document */
    int again = 0;
    assert_int_equal(
        dg_extract_document(x, &doc, count_event, &again, NULL, NULL, NULL),
        DG_OK);
    assert_int_equal(again, all);
    dg_extractor_free(x);
}

static void test_report_and_explain_callbacks_abort(void **state)
{
    (void)state;
    dg_extractor *x;
    assert_int_equal(dg_extractor_new(&x, lx, NULL), DG_OK);
    /* invalid UTF-8 reported: the report callback stops the document
     * before any event */
    const char *bad = "Bad \xFF byte. France condemned Iran.";
    dg_document doc = {"bad", bad, strlen(bad), NULL};
    stopper s = {0, 1, 1};
    int events = 0;
    dg_error err;
    dg_error_clear(&err);
    assert_int_equal(dg_extract_document(x, &doc, count_event, &events,
                                         stop_report, &s, &err),
                     DG_EABORT);
    assert_err(&err, DG_EABORT);
    assert_int_equal(s.calls, 1);
    assert_int_equal(events, 0);

    /* an explanation callback stops after its sentence: no later sentence
     * is explained or gives events */
    const char *t = "France condemned Iran. Russia praised China.";
    dg_document two = {"two", t, strlen(t), NULL};
    stopper e = {0, 1, -3};
    dg_extractor_set_explain(x, stop_explain, &e);
    events = 0;
    assert_int_equal(
        dg_extract_document(x, &two, count_event, &events, NULL, NULL, NULL),
        DG_EABORT);
    assert_int_equal(e.calls, 1);
    assert_int_equal(events, 0);
    dg_extractor_free(x);
}

static void test_names_callback_aborts(void **state)
{
    (void)state;
    stopper all = {0, -1, 0};
    assert_int_equal(dg_lexicon_names(lx, stop_name, &all, NULL), DG_OK);
    assert_true(all.calls > 100);
    stopper s = {0, 5, 1};
    dg_error err;
    dg_error_clear(&err);
    assert_int_equal(dg_lexicon_names(lx, stop_name, &s, &err), DG_EABORT);
    assert_err(&err, DG_EABORT);
    assert_int_equal(s.calls, 5);
}

static void test_lexicon_check_callback_aborts(void **state)
{
    (void)state;
    char path[512];
    /* three bad lines */
    write_file("bad-lexicon.jsonl",
               "{\"actor\": 1}\n{\"cue\": 2}\n{\"leader\": 3}\n", path,
               sizeof path);
    stopper all = {0, -1, 0};
    assert_int_equal(dg_lexicon_check_file(path, stop_report, &all, NULL), 3);
    assert_int_equal(all.calls, 3);
    stopper s = {0, 1, 1};
    dg_error err;
    dg_error_clear(&err);
    assert_int_equal(dg_lexicon_check_file(path, stop_report, &s, &err),
                     DG_EABORT);
    assert_err(&err, DG_EABORT);
    assert_string_equal(err.file, path);
    assert_int_equal(s.calls, 1); /* not called again after the stop */
}

/* ---- the reader: end, problems, failures ----------------------------------
 */

static void test_reader_end_is_not_an_error(void **state)
{
    (void)state;
    char a[512], b[512];
    write_file("a.txt", "France condemned Iran.\n", a, sizeof a);
    write_file("b.jsonl",
               "{\"id\": \"b1\", \"text\": \"Russia praised China.\"}\n"
               "{\"id\": \"b2\", \"text\": \"Jordan met Britain.\"}\n",
               b, sizeof b);
    const char *in[] = {a, "/nonexistent/c.txt", b};
    dg_reader *r;
    dg_document doc;
    stopper s = {0, -1, 0};
    assert_int_equal(dg_reader_new(&r, in, 3, stop_report, &s, NULL), DG_OK);
    int docs = 0, rc;
    while ((rc = dg_reader_next(r, &doc, NULL)) == 1)
        docs++;
    assert_int_equal(rc, 0);
    assert_int_equal(docs, 3);
    assert_int_equal(s.calls, 1); /* the missing file: reported, skipped */
    /* the end stays the end */
    dg_error err;
    dg_error_clear(&err);
    assert_int_equal(dg_reader_next(r, &doc, &err), 0);
    assert_int_equal(err.code, DG_OK);
    dg_reader_free(r);

    /* a report callback that stops: DG_EABORT, then the same every call */
    stopper stop = {0, 1, 7};
    assert_int_equal(dg_reader_new(&r, in, 3, stop_report, &stop, NULL), DG_OK);
    assert_int_equal(dg_reader_next(r, &doc, NULL), 1); /* a.txt */
    dg_error_clear(&err);
    assert_int_equal(dg_reader_next(r, &doc, &err), DG_EABORT);
    assert_err(&err, DG_EABORT);
    assert_int_equal(dg_reader_next(r, &doc, NULL), DG_EABORT);
    assert_int_equal(stop.calls, 1);
    dg_reader_free(r);
}

/* With memory running out at every possible point, dg_reader_next either
 * gives every document and then 0, or fails with DG_ENOMEM naming the
 * input -- never 0 with documents missing, which a caller would take for
 * a complete run. */
static void test_reader_out_of_memory_is_not_the_end(void **state)
{
    (void)state;
    char dir[512], p[512];
    snprintf(dir, sizeof dir, "%s/corpus", tmpdir);
    assert_int_equal(mkdir(dir, 0755), 0);
    write_file("corpus/1.txt", "France condemned Iran.\n", p, sizeof p);
    write_file("corpus/2.txt", "Russia praised China.\n", p, sizeof p);
    write_file("corpus/3.jsonl",
               "{\"id\": \"j1\", \"text\": \"Jordan met Britain.\"}\n"
               "{\"id\": \"j2\", \"text\": \"Chad \xc3\xa9 Niger.\", "
               "\"date\": \"2024-05-01\"}\n"
               "{\"id\": \"j3\", \"text\": \"Bad \xff.\"}\n",
               p, sizeof p);
    const char *in[] = {dir};
    int failures = 0;
    for (long n = 0;; n++) {
        dg_reader *r;
        assert_int_equal(dg_reader_new(&r, in, 1, NULL, NULL, NULL), DG_OK);
        dg_document doc;
        dg_error err;
        dg_error_clear(&err);
        int docs = 0, rc;
        fail_after(n);
        while ((rc = dg_reader_next(r, &doc, &err)) == 1)
            docs++;
        int refused = alloc_refused;
        allocate_again();
        if (rc == 0) {
            assert_int_equal(docs, 5);
        } else {
            assert_int_equal(rc, DG_ENOMEM);
            assert_err(&err, DG_ENOMEM);
            assert_true(strncmp(err.file, dir, strlen(dir)) == 0);
            assert_int_equal(dg_reader_next(r, &doc, NULL), DG_ENOMEM);
            failures++;
        }
        dg_reader_free(r);
        if (!refused)
            break; /* every allocation of the run was made */
    }
    assert_true(failures > 0);
}

/* ---- what a failure leaves -------------------------------------------------
 */

static int add_all(const dg_event *ev, void *ud)
{
    return dg_graph_add_event(ud, ev, NULL) != DG_OK;
}

/* A graph whose dg_graph_finish ran out of memory is unfinished but keeps
 * its links: finishing it again gives the whole graph. An extraction that
 * ran out of memory says so (DG_ENOMEM, or DG_EABORT when the callback
 * failed first), never DG_OK. */
static void test_failures_leave_a_usable_object(void **state)
{
    (void)state;
    const char *t = "France condemned Iran. Russia praised China. Jordan "
                    "and Britain agreed to hold joint exercises.";
    dg_document doc = {"d", t, strlen(t), "2024-05-01"};
    size_t want_links = 0;
    int finish_failures = 0, extract_failures = 0;
    for (long n = 0;; n++) {
        dg_extractor *x;
        dg_graph *g;
        assert_int_equal(dg_extractor_new(&x, lx, NULL), DG_OK);
        assert_int_equal(dg_graph_new(&g, lx, NULL, NULL), DG_OK);
        dg_error err;
        dg_error_clear(&err);
        fail_after(n);
        int rc = dg_extract_document(x, &doc, add_all, g, NULL, NULL, &err);
        int refused = alloc_refused;
        int frc = rc == DG_OK ? dg_graph_finish(g, &err) : rc;
        refused |= alloc_refused;
        allocate_again();
        if (rc != DG_OK) {
            assert_true(rc == DG_ENOMEM || rc == DG_EABORT);
            assert_err(&err, rc);
            extract_failures++;
        } else if (frc != DG_OK) {
            assert_int_equal(frc, DG_ENOMEM);
            assert_err(&err, DG_ENOMEM);
            assert_int_equal(dg_graph_node_count(g), 0); /* unfinished */
            assert_int_equal(dg_graph_finish(g, NULL), DG_OK);
            finish_failures++;
        }
        if (rc == DG_OK) {
            if (!want_links)
                want_links = dg_graph_link_count(g);
            assert_int_equal(dg_graph_link_count(g), want_links);
            dg_link_info li;
            assert_int_equal(dg_graph_link(g, 0, &li, NULL), DG_OK);
        }
        dg_graph_free(g);
        dg_extractor_free(x);
        if (!refused)
            break;
    }
    assert_true(want_links >= 2);
    assert_true(extract_failures > 0);
    assert_true(finish_failures > 0);
}

/* Every call that fails says so in err: with memory running out at each
 * point of it in turn, a call returns DG_OK or a negative code that err
 * repeats, with a message (and DG_OK when nothing was refused). */
typedef enum {
    OP_ANALYZE,
    OP_FILTER,
    OP_JSON,
    OP_CYTOSCAPE,
    OP_GRAPHOLOGY,
    OP_GRAPHML,
    OP_CSV_NODES,
    OP_CSV_EDGES,
    OP_REPORT_TEXT,
    OP_REPORT_MD,
    OP_REPORT_CSV,
    OP_REPORT_JSON,
    OP_WRITE_FILE,
    OP_WRITE_CSV,
    OP_LOAD_JSON,
    OP_EVENT_JSON,
    OP_COUNT
} op;

static int run_op(op o, dg_graph *g, const char *dir, FILE *sink, dg_error *err)
{
    char path[600];
    char *s = NULL;
    dg_graph *h = NULL;
    dg_filter f;
    dg_filter_init(&f);
    f.focus = "FRA";
    int rc;
    switch (o) {
    case OP_ANALYZE:
        return dg_graph_analyze(g, err);
    case OP_FILTER:
        rc = dg_graph_filter(g, &f, &h, err);
        dg_graph_free(h);
        return rc;
    case OP_JSON:
    case OP_CYTOSCAPE:
    case OP_GRAPHOLOGY:
        rc = dg_graph_to_json_string(g,
                                     o == OP_JSON        ? DG_JSON_NODE_LINK
                                     : o == OP_CYTOSCAPE ? DG_JSON_CYTOSCAPE
                                                         : DG_JSON_GRAPHOLOGY,
                                     &s, NULL, err);
        dg_free(s);
        return rc;
    case OP_GRAPHML:
        return dg_write_graphml(g, sink, err);
    case OP_CSV_NODES:
        return dg_write_csv_nodes(g, sink, err);
    case OP_CSV_EDGES:
        return dg_write_csv_edges(g, sink, err);
    case OP_REPORT_TEXT:
        return dg_write_report(g, NULL, DG_REPORT_TEXT, sink, err);
    case OP_REPORT_MD:
        return dg_write_report(g, NULL, DG_REPORT_MARKDOWN, sink, err);
    case OP_REPORT_CSV:
        return dg_write_report(g, NULL, DG_REPORT_CSV, sink, err);
    case OP_REPORT_JSON:
        return dg_write_report(g, NULL, DG_REPORT_JSON, sink, err);
    case OP_WRITE_FILE:
        snprintf(path, sizeof path, "%s/g.graphml", dir);
        return dg_write_file(g, path, NULL, err);
    case OP_WRITE_CSV:
        snprintf(path, sizeof path, "%s/g-", dir);
        return dg_write_csv(g, path, err);
    case OP_LOAD_JSON:
        snprintf(path, sizeof path, "%s/saved.json", dir);
        rc = dg_graph_load_json(&h, path, err);
        dg_graph_free(h);
        return rc;
    case OP_EVENT_JSON: {
        dg_event ev = {"d",
                       NULL,
                       0,
                       "FRA",
                       "IRN",
                       -1,
                       -5,
                       "DISAPPROVE",
                       "condemned",
                       0,
                       0,
                       "test",
                       "France condemned Iran.",
                       NULL};
        rc = dg_event_to_json(&ev, &s, NULL, err);
        dg_free(s);
        return rc;
    }
    default:
        return DG_EINVAL;
    }
}

static void test_every_failure_fills_err(void **state)
{
    (void)state;
    const char *t = "France condemned Iran. Russia praised China. Jordan "
                    "and Britain agreed to hold joint exercises. France and "
                    "Germany signed a treaty.";
    dg_document doc = {"d", t, strlen(t), "2024-05-01"};
    dg_extractor *x;
    dg_graph *g;
    assert_int_equal(dg_extractor_new(&x, lx, NULL), DG_OK);
    assert_int_equal(dg_graph_new(&g, lx, NULL, NULL), DG_OK);
    assert_int_equal(dg_extract_document(x, &doc, add_all, g, NULL, NULL, NULL),
                     DG_OK);
    assert_int_equal(dg_graph_finish(g, NULL), DG_OK);
    assert_int_equal(dg_graph_analyze(g, NULL), DG_OK);
    char dir[512], saved[600];
    snprintf(dir, sizeof dir, "%s/writes", tmpdir);
    assert_int_equal(mkdir(dir, 0755), 0);
    snprintf(saved, sizeof saved, "%s/saved.json", dir);
    assert_int_equal(dg_write_file(g, saved, NULL, NULL), DG_OK);
    FILE *sink = fopen("/dev/null", "w");
    assert_non_null(sink);
    for (op o = 0; o < OP_COUNT; o++) {
        int failures = 0;
        for (long n = 0; n < 100000; n++) {
            dg_error err;
            dg_error_clear(&err);
            fail_after(n);
            int rc = run_op(o, g, dir, sink, &err);
            int refused = alloc_refused;
            allocate_again();
            if (rc != DG_OK) {
                if (err.code != rc || !err.message[0])
                    fail_msg("operation %d, allocation %ld refused: "
                             "returned %d, err says %d \"%s\"",
                             (int)o, n, rc, err.code, err.message);
                failures++;
            }
            if (!refused) {
                assert_int_equal(rc, DG_OK);
                break;
            }
        }
        if (o == OP_ANALYZE) /* leave g analyzed for the writers */
            assert_int_equal(dg_graph_analyze(g, NULL), DG_OK);
        if (o != OP_LOAD_JSON && failures == 0)
            fail_msg("operation %d never failed", (int)o);
    }
    fclose(sink);
    dg_graph_free(g);
    dg_extractor_free(x);
}

/* A lexicon whose load failed is unfinished: extractors and graphs
 * refuse it until a load succeeds. */
static void test_failed_load_leaves_lexicon_unfinished(void **state)
{
    (void)state;
    dg_lexicon *l;
    assert_int_equal(dg_lexicon_new(&l, 1, NULL), DG_OK);
    const char *good = "{\"actor\": \"QQQ\", \"type\": \"state\", "
                       "\"name\": \"Quuxland\"}\n";
    const char *bad = "{\"actor\": \"QQR\", \"type\": \"state\", "
                      "\"name\": \"Quuxia\"}\n{\"actor\": 5}\n";
    dg_error err;
    dg_error_clear(&err);
    assert_int_equal(
        dg_lexicon_load_buffer(l, "bad.jsonl", bad, strlen(bad), &err),
        DG_EPARSE);
    assert_int_equal(err.line, 2);
    dg_extractor *x = NULL;
    dg_graph *g = NULL;
    assert_int_equal(dg_extractor_new(&x, l, NULL), DG_EINVAL);
    assert_int_equal(dg_graph_new(&g, l, NULL, NULL), DG_EINVAL);
    assert_null(x);
    assert_null(g);
    assert_int_equal(
        dg_lexicon_load_buffer(l, "good.jsonl", good, strlen(good), NULL),
        DG_OK);
    assert_int_equal(dg_extractor_new(&x, l, NULL), DG_OK);
    assert_int_equal(dg_graph_new(&g, l, NULL, NULL), DG_OK);
    dg_graph_free(g);
    dg_extractor_free(x);
    dg_lexicon_free(l);
}

/* ---- ownership -------------------------------------------------------------
 */

/* dg_graph_add_event copies what it keeps: the event's strings may be
 * gone (reused) once it returns. */
static void test_graph_copies_the_event(void **state)
{
    (void)state;
    char src[8], dst[8], cat[16], doc[8], text[64], trig[16];
    strcpy(src, "FRA");
    strcpy(dst, "IRN");
    strcpy(cat, "DISAPPROVE");
    strcpy(doc, "d1");
    strcpy(text, "France condemned Iran.");
    strcpy(trig, "condemned");
    dg_event ev = {doc, NULL, 0, src, dst,    -1,  -5,
                   cat, trig, 0, 0,   "test", text, NULL};
    dg_graph *g;
    assert_int_equal(dg_graph_new(&g, lx, NULL, NULL), DG_OK);
    assert_int_equal(dg_graph_add_event(g, &ev, NULL), DG_OK);
    memset(cat, 'X', sizeof cat - 1);
    memset(text, 'Y', sizeof text - 1);
    memset(trig, 'Z', sizeof trig - 1);
    memset(doc, 'W', sizeof doc - 1);
    assert_int_equal(dg_graph_finish(g, NULL), DG_OK);
    char *json = NULL;
    assert_int_equal(
        dg_graph_to_json_string(g, DG_JSON_NODE_LINK, &json, NULL, NULL),
        DG_OK);
    /* the class count and the evidence's category */
    const char *c1 = strstr(json, "\"DISAPPROVE\"");
    assert_non_null(c1);
    assert_non_null(strstr(c1 + 1, "\"DISAPPROVE\""));
    assert_non_null(strstr(json, "\"France condemned Iran.\""));
    assert_non_null(strstr(json, "\"condemned\""));
    assert_non_null(strstr(json, "\"d1\""));
    assert_null(strstr(json, "XXX"));
    assert_null(strstr(json, "YYY"));
    dg_free(json);
    dg_graph_free(g);

    /* dg_event_to_json: the caller's string, its length */
    strcpy(cat, "DISAPPROVE");
    char *s = NULL;
    size_t len = 0;
    assert_int_equal(dg_event_to_json(&ev, &s, &len, NULL), DG_OK);
    assert_int_equal(strlen(s), len);
    assert_int_equal(len, dg_event_format_json(&ev, NULL, 0));
    dg_free(s);
}

/* dg_event_format_json: the same line into a buffer of any size (the
 * writer has a path for buffers that hold the line and one that counts
 * past the end), the escapes of cJSON, strings of every length around
 * the 16-byte blocks the scan reads, any number */
static void test_event_json_any_buffer(void **state)
{
    (void)state;
    static const char specials[] = {'"', '\\', '\n', '\t', 1, 0x1f, 'a'};
    char *text = malloc(80), big[1024], small[1024];
    assert_non_null(text);
    for (size_t len = 0; len < 70; len++) {
        for (size_t k = 0; k < sizeof specials; k++) {
            for (size_t i = 0; i < len; i++)
                text[i] = (char)('a' + i % 26);
            if (len)
                text[(len * 7) % len] = specials[k];
            text[len] = '\0';
            long sentence = len % 3 ? (long)len : 123456789L;
            dg_event ev = {"d\"1",         "2024-01-02",
                           sentence,       "FRA",
                           "IRN",          -1,
                           -(int)len,      "DISAPPROVE",
                           text + len / 2, (int)(len & 1),
                           (int)(k & 1),   "test",
                           text,           k & 1 ? "text" : NULL};
            size_t n = dg_event_format_json(&ev, big, sizeof big);
            assert_true(n < sizeof big);
            assert_int_equal(strlen(big), n);
            assert_int_equal(dg_event_format_json(&ev, NULL, 0), n);
            for (size_t cap = 1; cap <= n + 1; cap += cap < 40 ? 1 : 37) {
                memset(small, 'Q', sizeof small);
                assert_int_equal(dg_event_format_json(&ev, small, cap), n);
                assert_memory_equal(small, big, cap - 1);
                assert_int_equal(small[cap - 1], '\0');
                assert_int_equal(small[cap], 'Q');
            }
        }
    }
    strcpy(text, "a\"b\\c\nd\x01"
                 "e");
    dg_event ev = {"d",     NULL, 3, "FRA", "IRN", 1,    2,
                   "AGREE", "x",  1, 0,     "r",   text, NULL};
    size_t n = dg_event_format_json(&ev, big, sizeof big);
    assert_int_equal(n, strlen(big));
    assert_string_equal(
        big, "{\"doc\":\"d\",\"sentence\":3,\"source\":\"FRA\",\"target\":"
             "\"IRN\",\"polarity\":1,\"weight\":2,\"category\":\"AGREE\","
             "\"trigger\":\"x\",\"negated\":true,\"mutual\":false,\"rule\":"
             "\"r\",\"text\":\"a\\\"b\\\\c\\nd\\u0001e\"}");
    free(text);
}

/* ---- option structs ---------------------------------------------------------
 */

static void test_options_init(void **state)
{
    (void)state;
    dg_graph_options go;
    memset(&go, 0x5a, sizeof go);
    dg_graph_options_init(&go);
    assert_int_equal(go.evidence, 3);
    assert_int_equal(go.include_negated, 0);

    dg_filter f;
    memset(&f, 0x5a, sizeof f);
    dg_filter_init(&f);
    assert_null(f.focus);
    assert_int_equal(f.depth, 1);
    assert_int_equal(f.min_events, 0);
    assert_true(f.min_weight == 0.0);
    assert_int_equal(f.actors, DG_ACTORS_ALL);

    dg_report_options ro;
    memset(&ro, 0x5a, sizeof ro);
    dg_report_options_init(&ro);
    assert_int_equal(ro.sort, -1);
    assert_int_equal(ro.top, 0);
    assert_null(ro.source);
    assert_null(ro.filters);

    dg_render_options rn;
    memset(&rn, 0x5a, sizeof rn);
    dg_render_options_init(&rn);
    assert_null(rn.layout);
    assert_null(rn.title);
    assert_null(rn.node_size);
    assert_null(rn.node_color);
    assert_int_equal(rn.json_format, DG_JSON_NODE_LINK);
    assert_int_equal(rn.max_edges, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_null_err_allowed),
        cmocka_unit_test(test_event_callback_aborts),
        cmocka_unit_test(test_report_and_explain_callbacks_abort),
        cmocka_unit_test(test_names_callback_aborts),
        cmocka_unit_test(test_lexicon_check_callback_aborts),
        cmocka_unit_test(test_reader_end_is_not_an_error),
        cmocka_unit_test(test_reader_out_of_memory_is_not_the_end),
        cmocka_unit_test(test_failures_leave_a_usable_object),
        cmocka_unit_test(test_every_failure_fills_err),
        cmocka_unit_test(test_failed_load_leaves_lexicon_unfinished),
        cmocka_unit_test(test_graph_copies_the_event),
        cmocka_unit_test(test_event_json_any_buffer),
        cmocka_unit_test(test_options_init),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
