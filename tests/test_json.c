/* test_json.c -- the output stage: the node-link JSON schema of
 * dg_write_json, read back with cJSON; dg_write_file's dispatch by
 * extension and its atomic writing. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <cjson/cJSON.h>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include "test_support.h"

static const char lexicon[] =
    "{\"actor\": \"AAA\", \"type\": \"state\", \"name\": \"Aland\"}\n"
    "{\"actor\": \"BBB\", \"type\": \"state\", \"name\": \"Boria\"}\n"
    "{\"actor\": \"UNI\", \"type\": \"organization\", \"name\": "
    "\"Union of \\\"Quoted\\\" States\"}\n"
    "{\"cue\": \"praise\", \"pos\": \"verb\", \"class\": \"SUPPORT\", "
    "\"weight\": 3}\n"
    "{\"cue\": \"condemn\", \"pos\": \"verb\", \"class\": \"DISAPPROVE\", "
    "\"weight\": -5}\n";

typedef struct fixture {
    dg_lexicon *lx;
    dg_graph *g;
} fixture;

static int add_to_graph(const dg_event *e, void *ud)
{
    int rc = dg_graph_add_event(ud, e, NULL);
    return rc == DG_EINVAL ? 0 : rc;
}

/* A graph from real text through the extractor, with mentions. */
static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    dg_error err;
    if (!f || dg_lexicon_new(&f->lx, 0, &err) != DG_OK)
        return -1;
    if (dg_lexicon_load_buffer(f->lx, "t", lexicon, strlen(lexicon), &err))
        return -1;
    dg_extractor *x;
    if (dg_extractor_new(&x, f->lx, NULL) != DG_OK ||
        dg_graph_new(&f->g, f->lx, NULL, NULL) != DG_OK)
        return -1;
    static const char *const docs[] = {
        "Aland praised Boria. Boria condemned Aland.",
        "Aland condemned Boria. The Union of \"Quoted\" States praised Aland.",
    };
    for (size_t i = 0; i < 2; i++) {
        dg_document d = {.id = i ? "doc-2" : "doc-1", .text = docs[i],
                         .len = strlen(docs[i])};
        dg_graph_add_document(f->g);
        if (dg_extract_document(x, &d, add_to_graph, f->g, NULL, NULL, NULL))
            return -1;
    }
    if (dg_graph_add_mentions(f->g, x, NULL) != DG_OK ||
        dg_graph_finish(f->g, NULL) != DG_OK)
        return -1;
    dg_extractor_free(x);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    dg_graph_free(f->g);
    dg_lexicon_free(f->lx);
    free(f);
    return 0;
}

static char *json_text(const dg_graph *g)
{
    FILE *fp = tmpfile();
    assert_non_null(fp);
    dg_error err;
    assert_int_equal(dg_write_json(g, fp, &err), DG_OK);
    long n = ftell(fp);
    assert_true(n > 0);
    rewind(fp);
    char *s = malloc((size_t)n + 1);
    assert_non_null(s);
    assert_int_equal(fread(s, 1, (size_t)n, fp), (size_t)n);
    s[n] = '\0';
    fclose(fp);
    return s;
}

static const cJSON *item(const cJSON *o, const char *key, int type_ok)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!v || !type_ok)
        fail_msg("field \"%s\" missing or of the wrong type", key);
    return v;
}

#define STR(o, k) item(o, k, cJSON_IsString(cJSON_GetObjectItemCaseSensitive(o, k)))
#define NUM(o, k) item(o, k, cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(o, k)))
#define ARR(o, k) item(o, k, cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(o, k)))
#define OBJ(o, k) item(o, k, cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(o, k)))

static const cJSON *find_node(const cJSON *nodes, const char *id)
{
    const cJSON *n;
    cJSON_ArrayForEach(n, nodes) if (strcmp(STR(n, "id")->valuestring, id) == 0)
        return n;
    return NULL;
}

static const cJSON *find_json_link(const cJSON *links, const char *s,
                                   const char *t)
{
    const cJSON *l;
    cJSON_ArrayForEach(l, links) if (
        strcmp(STR(l, "source")->valuestring, s) == 0 &&
        strcmp(STR(l, "target")->valuestring, t) == 0) return l;
    return NULL;
}

static void test_schema(void **state)
{
    fixture *f = *state;
    char *s = json_text(f->g);
    cJSON *root = cJSON_Parse(s);
    assert_non_null(root);
    assert_true(cJSON_IsObject(root));

    assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(root,
                                                              "directed")));
    assert_true(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(root,
                                                               "multigraph")));
    const cJSON *meta = OBJ(root, "graph");
    assert_int_equal(NUM(meta, "documents")->valueint, 2);
    assert_int_equal(NUM(meta, "nodes")->valueint, 3);
    assert_int_equal(NUM(meta, "links")->valueint, 3);
    assert_int_equal(NUM(meta, "events")->valueint, 4);

    const cJSON *nodes = ARR(root, "nodes");
    assert_int_equal(cJSON_GetArraySize(nodes), 3);
    const cJSON *n;
    cJSON_ArrayForEach(n, nodes)
    {
        STR(n, "id");
        STR(n, "label");
        const char *type = STR(n, "type")->valuestring;
        assert_true(strcmp(type, "state") == 0 ||
                    strcmp(type, "organization") == 0);
        assert_true(NUM(n, "mentions")->valuedouble >= 1);
    }
    const cJSON *a = find_node(nodes, "AAA");
    assert_non_null(a);
    assert_string_equal(STR(a, "label")->valuestring, "Aland");
    assert_string_equal(STR(a, "type")->valuestring, "state");
    assert_int_equal(NUM(a, "mentions")->valueint, 4);
    const cJSON *u = find_node(nodes, "UNI");
    assert_non_null(u);
    assert_string_equal(STR(u, "label")->valuestring,
                        "Union of \"Quoted\" States");
    assert_string_equal(STR(u, "type")->valuestring, "organization");
    assert_int_equal(NUM(u, "mentions")->valueint, 1);

    const cJSON *links = ARR(root, "links");
    assert_int_equal(cJSON_GetArraySize(links), 3);
    const cJSON *l;
    cJSON_ArrayForEach(l, links)
    {
        assert_non_null(find_node(nodes, STR(l, "source")->valuestring));
        assert_non_null(find_node(nodes, STR(l, "target")->valuestring));
        double pos = NUM(l, "positive")->valuedouble;
        double neg = NUM(l, "negative")->valuedouble;
        double w = NUM(l, "weight")->valuedouble;
        int sign = NUM(l, "sign")->valueint;
        assert_true(NUM(l, "events")->valueint >= 1);
        assert_true(pos >= 0 && neg >= 0);
        assert_float_equal(w, pos - neg, 1e-9);
        assert_int_equal(sign, (w > 0) - (w < 0));
        const cJSON *ev = ARR(l, "evidence");
        assert_true(cJSON_GetArraySize(ev) >= 1);
        const cJSON *e;
        cJSON_ArrayForEach(e, ev)
        {
            STR(e, "doc");
            NUM(e, "sentence");
            STR(e, "text");
            int p = NUM(e, "polarity")->valueint;
            assert_true(p >= -1 && p <= 1);
            STR(e, "trigger");
        }
    }

    const cJSON *ab = find_json_link(links, "AAA", "BBB");
    assert_non_null(ab);
    assert_int_equal(NUM(ab, "events")->valueint, 2);
    assert_float_equal(NUM(ab, "positive")->valuedouble, 3, 1e-9);
    assert_float_equal(NUM(ab, "negative")->valuedouble, 5, 1e-9);
    assert_float_equal(NUM(ab, "weight")->valuedouble, -2, 1e-9);
    assert_int_equal(NUM(ab, "sign")->valueint, -1);
    /* evidence: strongest first */
    const cJSON *e0 = cJSON_GetArrayItem(ARR(ab, "evidence"), 0);
    assert_string_equal(STR(e0, "doc")->valuestring, "doc-2");
    assert_int_equal(NUM(e0, "sentence")->valueint, 0);
    assert_string_equal(STR(e0, "text")->valuestring,
                        "Aland condemned Boria.");
    assert_int_equal(NUM(e0, "polarity")->valueint, -1);
    assert_string_equal(STR(e0, "trigger")->valuestring, "condemned");

    const cJSON *ba = find_json_link(links, "BBB", "AAA");
    assert_non_null(ba);
    assert_int_equal(NUM(ba, "sign")->valueint, -1);
    const cJSON *ua = find_json_link(links, "UNI", "AAA");
    assert_non_null(ua);
    assert_int_equal(NUM(ua, "sign")->valueint, 1);
    assert_null(find_json_link(links, "AAA", "UNI"));

    /* links come sorted by (source, target) */
    char prev[64] = "";
    cJSON_ArrayForEach(l, links)
    {
        char key[64];
        snprintf(key, sizeof key, "%s %s", STR(l, "source")->valuestring,
                 STR(l, "target")->valuestring);
        assert_true(strcmp(prev, key) < 0);
        snprintf(prev, sizeof prev, "%s", key);
    }
    cJSON_Delete(root);
    free(s);
}

static void test_deterministic(void **state)
{
    fixture *f = *state;
    char *a = json_text(f->g);
    char *b = json_text(f->g);
    assert_string_equal(a, b);
    free(a);
    free(b);
}

/* dg_graph_to_json_string: the bytes dg_write_json writes, in memory;
 * NULL and DG_EINVAL before dg_graph_finish. */
static void test_json_string(void **state)
{
    fixture *f = *state;
    char *want = json_text(f->g);
    char *got = (char *)1;
    size_t len = 1;
    dg_error err;
    dg_error_clear(&err);
    assert_int_equal(
        dg_graph_to_json_string(f->g, DG_JSON_NODE_LINK, &got, &len, &err),
        DG_OK);
    assert_string_equal(got, want);
    assert_int_equal(len, strlen(want));
    dg_free(got);
    assert_int_equal(
        dg_graph_to_json_string(f->g, DG_JSON_CYTOSCAPE, &got, NULL, &err),
        DG_OK);
    assert_non_null(strstr(got, "\"elements\""));
    dg_free(got);
    free(want);

    dg_graph *g;
    assert_int_equal(dg_graph_new(&g, f->lx, NULL, NULL), DG_OK);
    got = (char *)1;
    assert_int_equal(
        dg_graph_to_json_string(g, DG_JSON_NODE_LINK, &got, &len, &err),
        DG_EINVAL);
    assert_null(got);
    assert_int_equal(len, 0);
    assert_int_equal(err.code, DG_EINVAL);
    dg_graph_free(g);
    dg_free(NULL);
}

static void test_empty_graph(void **state)
{
    fixture *f = *state;
    dg_graph *g;
    assert_int_equal(dg_graph_new(&g, f->lx, NULL, NULL), DG_OK);
    dg_error err;
    FILE *fp = tmpfile();
    assert_non_null(fp);
    /* not finished yet */
    assert_int_equal(dg_write_json(g, fp, &err), DG_EINVAL);
    fclose(fp);
    assert_int_equal(dg_graph_finish(g, NULL), DG_OK);
    char *s = json_text(g);
    cJSON *root = cJSON_Parse(s);
    assert_non_null(root);
    assert_int_equal(cJSON_GetArraySize(ARR(root, "nodes")), 0);
    assert_int_equal(cJSON_GetArraySize(ARR(root, "links")), 0);
    assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(root,
                                                              "directed")));
    cJSON_Delete(root);
    free(s);
    dg_graph_free(g);
}

static void test_format_from_path(void **state)
{
    (void)state;
    assert_int_equal(dg_format_from_path("x.json"), DG_FORMAT_JSON);
    assert_int_equal(dg_format_from_path("a/b.c/x.dot"), DG_FORMAT_DOT);
    assert_int_equal(dg_format_from_path("x.gv"), DG_FORMAT_DOT);
    assert_int_equal(dg_format_from_path("x.svg"), DG_FORMAT_SVG);
    assert_int_equal(dg_format_from_path("x.png"), DG_FORMAT_PNG);
    assert_int_equal(dg_format_from_path("x.pdf"), DG_FORMAT_PDF);
    assert_int_equal(dg_format_from_path("x.txt"), DG_FORMAT_UNKNOWN);
    assert_int_equal(dg_format_from_path("x"), DG_FORMAT_UNKNOWN);
    assert_int_equal(dg_format_from_path("dir.json/x"), DG_FORMAT_UNKNOWN);
}

static int count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    int n = 0;
    struct dirent *de;
    while ((de = readdir(d)))
        if (de->d_name[0] != '.')
            n++;
    closedir(d);
    return n;
}

static void test_write_file(void **state)
{
    fixture *f = *state;
    const char *tmp = getenv("TMPDIR");
    char dir[512], path[600];
    snprintf(dir, sizeof dir, "%s/dg_json_XXXXXX", tmp && *tmp ? tmp : "/tmp");
    assert_non_null(mkdtemp(dir));
    dg_error err;

    /* JSON through the file writer equals dg_write_json */
    snprintf(path, sizeof path, "%s/graph.json", dir);
    assert_int_equal(dg_write_file(f->g, path, NULL, &err), DG_OK);
    char *want = json_text(f->g);
    char *got;
    size_t len;
    assert_int_equal(dg_read_file(path, &got, &len, SIZE_MAX, "a test file", &err), DG_OK);
    assert_string_equal(got, want);
    free(got);
    free(want);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0644);
    unlink(path);

    /* DOT */
    snprintf(path, sizeof path, "%s/graph.dot", dir);
    assert_int_equal(dg_write_file(f->g, path, NULL, &err), DG_OK);
    assert_int_equal(dg_read_file(path, &got, &len, SIZE_MAX, "a test file", &err), DG_OK);
    assert_non_null(strstr(got, "digraph"));
    assert_non_null(strstr(got, "AAA"));
    assert_non_null(strstr(got, "UNI"));
    free(got);
    unlink(path);

    /* unknown extension: nothing written */
    snprintf(path, sizeof path, "%s/graph.txt", dir);
    assert_int_equal(dg_write_file(f->g, path, NULL, &err), DG_EINVAL);
    assert_string_equal(err.file, path);
    assert_int_equal(count_entries(dir), 0);

    /* a directory that does not exist */
    snprintf(path, sizeof path, "%s/missing/graph.json", dir);
    assert_int_equal(dg_write_file(f->g, path, NULL, &err), DG_EIO);
    assert_string_equal(err.file, path);

    /* the target is a directory: the rename fails, no temporary file is
     * left behind */
    snprintf(path, sizeof path, "%s/taken.json", dir);
    assert_int_equal(mkdir(path, 0755), 0);
    assert_int_equal(dg_write_file(f->g, path, NULL, &err), DG_EIO);
    assert_string_equal(err.file, path);
    assert_int_equal(count_entries(dir), 1);
    rmdir(path);

    /* an unknown layout engine is refused, nothing left behind */
    snprintf(path, sizeof path, "%s/graph.svg", dir);
    dg_render_options ro = {.layout = "nosuchengine"};
    assert_int_equal(dg_write_file(f->g, path, &ro, &err), DG_EINVAL);
    assert_non_null(strstr(err.message, "nosuchengine"));
    assert_int_equal(count_entries(dir), 0);
    assert_int_equal(rmdir(dir), 0);
}

/* CSV fields: RFC 4180 quoting, and texts that a spreadsheet would run
 * as formulas kept as text (numbers untouched). */
static void test_csv_field(void **state)
{
    (void)state;
    static const struct { const char *in, *out;
    } cases[] = {
        {"plain", "plain"},
        {"a,b", "\"a,b\""},
        {"say \"hi\"", "\"say \"\"hi\"\"\""},
        {"-3", "-3"},
        {"-2.5e3", "-2.5e3"},
        {"+1", "+1"},
        {"=SUM(A1)", "'=SUM(A1)"},
        {"@home", "'@home"},
        {"=x,y", "\"'=x,y\""},
        {"-", "'-"},
        /* issue 8: OWASP's other formula starts, and what spreadsheets
         * skip before a formula */
        {"\t=1+1", "\"'\t=1+1\""},
        {"\r=1+1", "\"'\r=1+1\""},
        {"\n=1+1", "\"'\n=1+1\""},
        {"  =1+1", "'  =1+1"},
        {" @SUM(A1)", "' @SUM(A1)"},
        {"\t", "\"'\t\""},
        {"\xEF\xBC\x9D"
         "1+1",
         "'\xEF\xBC\x9D"
         "1+1"},
        {"-1+cmd|' /C calc'!A0", "'-1+cmd|' /C calc'!A0"},
        {"-nan", "'-nan"},
        {"-0x10", "'-0x10"},
        {"-inf", "'-inf"},
        {"+.5", "+.5"},
        {" -3", " -3"},
        {"a;=1+1", "\"a;=1+1\""},
        {"a=1", "a=1"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        assert_non_null(f);
        dg_csv_field(f, cases[i].in);
        fclose(f);
        assert_string_equal(buf, cases[i].out);
        free(buf);
    }
}

/* dg_json_fast_number gives cJSON's bytes wherever it answers: for
 * integers, short decimals, sums of event weights with rounding error,
 * and values at the edges of its range. */
static void check_number(double v, int *fast)
{
    char buf[32];
    cJSON *n = cJSON_CreateNumber(v);
    char *want = cJSON_PrintUnformatted(n);
    assert_non_null(want);
    if (dg_json_fast_number(v, buf, sizeof buf)) {
        if (strcmp(buf, want) != 0)
            fail_msg("%.17g: fast \"%s\", cJSON \"%s\"", v, buf, want);
        (*fast)++;
    }
    free(want);
    cJSON_Delete(n);
}

static void test_fast_number(void **state)
{
    (void)state;
    int fast = 0, tried = 0;
    const double edges[] = {0.0, -0.0, 1e-4, -1e-4, 0.00015, 9.9e-5, 1e9,
                            -1e9, 999999999.5, 123456.123456, 0.1 + 0.2,
                            2147483647.0, -2147483648.0, 1e8 + 0.25,
                            0.5, -0.5, 3.0, -7.25, 1.0 / 3.0, 12.345678};
    for (size_t i = 0; i < sizeof edges / sizeof edges[0]; i++, tried++)
        check_number(edges[i], &fast);
    unsigned long long x = 88172645463325252ULL; /* xorshift */
    for (int i = 0; i < 200000; i++, tried++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        int d = (int)(x % 8);
        long long k = (long long)(x >> 20) % 2000000001LL - 1000000000LL;
        double v = (double)k;
        for (int j = 0; j < d; j++)
            v /= 10;
        check_number(v, &fast);
    }
    /* sums of weights in steps of 0.5 and 0.1, as links accumulate */
    double sum = 0, tenth = 0;
    for (int i = 0; i < 5000; i++, tried += 2) {
        sum += (i % 7) - 3.5;
        tenth += 0.1 * ((i % 5) - 2);
        check_number(sum, &fast);
        check_number(tenth, &fast);
    }
    /* most of these take the fast path */
    assert_true(fast > tried / 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_schema),
        cmocka_unit_test(test_csv_field),
        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_empty_graph),
        cmocka_unit_test(test_json_string),
        cmocka_unit_test(test_format_from_path),
        cmocka_unit_test(test_write_file),
        cmocka_unit_test(test_fast_number),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
