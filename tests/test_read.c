/* test_read.c -- the input stage (read.c) through the library API, and
 * dg_parse_date (util.c). The command-line side is tests/inputs_test.py. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_support.h"

#include <sys/stat.h>
#include <unistd.h>

/* ---- dates ------------------------------------------------------------ */

static void test_parse_date(void **state)
{
    (void)state;
    assert_int_equal(dg_parse_date("2024-02-29"), 20240229);
    assert_int_equal(dg_parse_date("2000-02-29"), 20000229);
    assert_int_equal(dg_parse_date("2023-12-31"), 20231231);
    assert_int_equal(dg_parse_date("0001-01-01"), 10101);
    static const char *const bad[] = {
        "2024-02-31", "2023-02-29", "1900-02-29", "2100-02-29",  "2024-13-01",
        "2024-00-01", "2024-01-00", "2024-04-31", "2024-06-31",  "2024-09-31",
        "2024-11-31", "0000-01-01", "2024-1-01",  "2024-01-011", "2024/01/01",
        "",           "2024-01-3a", NULL};
    for (size_t i = 0; bad[i]; i++) {
        if (dg_parse_date(bad[i]) != -1)
            fail_msg("%s accepted", bad[i]);
    }
    assert_int_equal(dg_parse_date(NULL), -1);
    /* ISO 8601 dates with a time and a zone give their calendar day */
    static const char *const iso[] = {
        "2024-03-01T10:00:00Z",      "2024-03-01T10:00Z",
        "2024-03-01T10:00:00+02:00", "2024-03-01T23:59:59.123-05:00",
        "2024-03-01 10:00",          "2024-03-01T10:00:00+0530",
        "2024-03-01t10:00:00z",      "2024-03-01T10:00:00+14",
        NULL};
    for (size_t i = 0; iso[i]; i++)
        if (dg_parse_date(iso[i]) != 20240301)
            fail_msg("%s not read as 2024-03-01", iso[i]);
    static const char *const bad_iso[] = {
        "2024-03-01T",         "2024-03-01T25:00Z",   "2024-03-01T10:61",
        "2024-03-01T10:00:00+", "2024-03-01T10:00:00+2",
        "2024-03-01T10:00:00Zx", "2024-03-01T10",      "2024-03-01X10:00",
        "2024-02-31T10:00:00Z", "2024-03-01T10:00:00.Z", NULL};
    for (size_t i = 0; bad_iso[i]; i++)
        if (dg_parse_date(bad_iso[i]) != -1)
            fail_msg("%s accepted", bad_iso[i]);
}

/* ---- the reader --------------------------------------------------------- */

typedef struct reports {
    int n;
    char last[1200];
} reports;

static int on_report(const dg_error *e, void *ud)
{
    reports *r = ud;
    r->n++;
    dg_error_format(e, r->last, sizeof r->last);
    return 0;
}

static char tmpdir[256];

static int setup(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/dg_read_XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

static void write_file(const char *name, const char *data, size_t len)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(data, 1, len, fp), len);
    assert_int_equal(fclose(fp), 0);
}

/* dg_reader_set_shard: documents by ordinal modulo n (a skipped input has
 * none), bad k or n refused; a gzip file read as its text. */
static void test_shard_and_gzip(void **state)
{
    (void)state;
    static const char lines[] =
        "{\"id\":\"a\",\"text\":\"x\"}\n{\"id\":\"a\",\"text\":\"y\"}\n"
        "{\"id\":\"b\",\"text\":\"x\"}\n{\"id\":\"c\",\"text\":\"x\"}\n"
        "{\"id\":\"d\",\"text\":\"x\"}\n";
    write_file("d.jsonl", lines, strlen(lines));
    /* gzip -n of "France condemned Iran.\n" */
    static const unsigned char gz[] = {
        0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x73,
        0x2b, 0x4a, 0xcc, 0x4b, 0x4e, 0x55, 0x48, 0xce, 0xcf, 0x4b, 0x49,
        0xcd, 0xcd, 0x4b, 0x4d, 0x51, 0xf0, 0x04, 0x0a, 0xe8, 0x71, 0x01,
        0x00, 0x13, 0xa6, 0x91, 0x17, 0x17, 0x00, 0x00, 0x00};
    write_file("e.txt.gz", (const char *)gz, sizeof gz);
    char p1[512], p2[512];
    snprintf(p1, sizeof p1, "%s/d.jsonl", tmpdir);
    snprintf(p2, sizeof p2, "%s/e.txt.gz", tmpdir);
    const char *in[] = {p1, p2};
    reports rep = {0};
    dg_reader *r;
    dg_document doc;
    assert_int_equal(dg_reader_new(&r, in, 2, on_report, &rep, NULL), DG_OK);
    assert_int_equal(dg_reader_set_shard(r, 0, 2), DG_EINVAL);
    assert_int_equal(dg_reader_set_shard(r, 3, 2), DG_EINVAL);
    assert_int_equal(dg_reader_set_shard(r, 2, 2), DG_OK);
    /* ordinals: a 0, b 1, c 2, d 3, e.txt.gz 4 (the second "a" is skipped) */
    assert_int_equal(dg_reader_next(r, &doc, NULL), 1);
    assert_string_equal(doc.id, "b");
    assert_int_equal(dg_reader_next(r, &doc, NULL), 1);
    assert_string_equal(doc.id, "d");
    assert_int_equal(dg_reader_next(r, &doc, NULL), 0);
    assert_int_equal(dg_reader_documents(r), 2);
    dg_reader_free(r);
    assert_int_equal(dg_reader_new(&r, in, 2, on_report, &rep, NULL), DG_OK);
    assert_int_equal(dg_reader_set_shard(r, 1, 2), DG_OK);
    const char *want[] = {"a", "c", p2};
    for (int i = 0; i < 3; i++) {
        assert_int_equal(dg_reader_next(r, &doc, NULL), 1);
        assert_string_equal(doc.id, want[i]);
    }
    assert_int_equal(doc.len, 23);
    assert_memory_equal(doc.text, "France condemned Iran.\n", 23);
    assert_int_equal(dg_reader_next(r, &doc, NULL), 0);
    dg_reader_free(r);
}

static void test_max_document(void **state)
{
    (void)state;
    char big[3000];
    memset(big, 'a', sizeof big);
    write_file("big.txt", big, sizeof big);
    write_file("small.txt", "France condemned Iran.\n", 23);
    char p1[512], p2[512];
    snprintf(p1, sizeof p1, "%s/big.txt", tmpdir);
    snprintf(p2, sizeof p2, "%s/small.txt", tmpdir);
    const char *in[] = {p1, p2};
    reports rep = {0};
    dg_reader *r;
    assert_int_equal(dg_reader_new(&r, in, 2, on_report, &rep, NULL), DG_OK);
    assert_int_equal(dg_reader_max_document(r), DG_MAX_DOCUMENT_DEFAULT);
    dg_reader_set_max_document(r, 2048);
    dg_document doc;
    assert_int_equal(dg_reader_next(r, &doc, NULL), 1);
    assert_string_equal(doc.id, p2);
    assert_int_equal(rep.n, 1);
    assert_non_null(strstr(rep.last, "document larger than the 2 KiB limit "
                                     "(3000 bytes); skipped"));
    assert_int_equal(dg_reader_next(r, &doc, NULL), 0);
    assert_int_equal(dg_reader_problems(r), 1);
    assert_int_equal(dg_reader_documents(r), 1);
    dg_reader_free(r);

    /* at the limit exactly, it is read */
    assert_int_equal(dg_reader_new(&r, in, 1, on_report, &rep, NULL), DG_OK);
    dg_reader_set_max_document(r, 3000);
    assert_int_equal(dg_reader_next(r, &doc, NULL), 1);
    assert_int_equal(doc.len, 3000);
    dg_reader_set_max_document(r, 0); /* back to the default */
    assert_int_equal(dg_reader_max_document(r), DG_MAX_DOCUMENT_DEFAULT);
    dg_reader_free(r);
}

/* Many files and many ids: the tables of files read and of ids grow. */
static void test_many_files_and_ids(void **state)
{
    (void)state;
    char dir[512], name[64];
    snprintf(dir, sizeof dir, "%s/many", tmpdir);
    assert_int_equal(mkdir(dir, 0755), 0);
    for (int i = 0; i < 300; i++) {
        snprintf(name, sizeof name, "many/%03d.txt", i);
        write_file(name, "France condemned Iran.\n", 23);
    }
    dg_buf b = {0};
    for (int i = 0; i < 3000; i++)
        assert_int_equal(
            dg_buf_printf(&b, "{\"id\": %d, \"text\": \"x\"}\n", i % 2500),
            DG_OK);
    write_file("ids.jsonl", b.data, b.len);
    dg_buf_free(&b);
    char jl[512];
    snprintf(jl, sizeof jl, "%s/ids.jsonl", tmpdir);
    const char *in[] = {dir, jl, dir};
    reports rep = {0};
    dg_reader *r;
    dg_document doc;
    assert_int_equal(dg_reader_new(&r, in, 3, on_report, &rep, NULL), DG_OK);
    size_t n = 0;
    while (dg_reader_next(r, &doc, NULL) == 1)
        n++;
    assert_int_equal(n, 300 + 2500);
    /* 500 duplicate ids and the directory given twice */
    assert_int_equal(rep.n, 501);
    assert_non_null(strstr(rep.last, "already read"));
    dg_reader_free(r);
}

/* ---- the JSON Lines fast path against cJSON ----------------------------- */

static int log_report(const dg_error *e, void *ud)
{
    char m[1200];
    dg_buf_printf(ud, "report: %s\n", dg_error_format(e, m, sizeof m));
    return 0;
}

/* Everything the reader gives for a file: documents (id, text bytes,
 * date) and reports, in order; *fast: lines the fast path read. */
static void transcript(const char *path, int fast, dg_buf *out, size_t *nfast)
{
    dg_reader *r;
    const char *in[] = {path};
    assert_int_equal(dg_reader_new(&r, in, 1, log_report, out, NULL), DG_OK);
    dg_reader_fast_jsonl(r, fast);
    dg_document doc;
    while (dg_reader_next(r, &doc, NULL) == 1) {
        assert_int_equal(strlen(doc.text), doc.len);
        dg_buf_printf(out, "doc id=[%s] date=[%s] len=%zu text=[", doc.id,
                      doc.date ? doc.date : "(none)", doc.len);
        dg_buf_append(out, doc.text, doc.len);
        dg_buf_append(out, "]\n", 2);
    }
    *nfast = dg_reader_fast_jsonl(r, fast);
    dg_reader_free(r);
}

static void test_jsonl_fast_path(void **state)
{
    (void)state;
    static const char *const lines[] = {
        "{\"id\":\"a1\",\"text\":\"Plain text.\",\"date\":\"2024-01-02\"}",
        "{\"id\":\"a2\",\"text\":\"esc \\\" \\\\ \\/ \\b\\f\\n\\r\\t end\"}",
        "{\"id\":\"a3\",\"text\":\"\\u00e9t\\u00C9 \\u4e2d \\ud83d\\ude00 x\"}",
        "{\"id\":\"a4\",\"text\":\"cut\\u0000here\"}",
        "{\"id\":\"a5\",\"text\":\"lone \\ud83d x\"}",
        "{\"id\":\"a6\",\"text\":\"lone low \\ude00 x\"}",
        "{\"id\":\"a6b\",\"text\":\"high then bad \\ud83d\\u0041 x\"}",
        "{\"id\":123,\"text\":\"number id\"}",
        "{\"id\":-1.5e3,\"text\":\"float id\"}",
        "{\"id\":0123,\"text\":\"leading zero\"}",
        "{\"id\":1e400,\"text\":\"huge\"}",
        "{\"id\":-0,\"text\":\"minus zero\"}",
        "{\"id\":1.0,\"text\":\"one point zero\"}",
        "{\"id\":1.,\"text\":\"bad number\"}",
        "{\"id\":12345678901234567890123456789012345678901234567890123456789"
        "01234567890,\"text\":\"long number\"}",
        "{\"text\":\"no id\"}",
        "{\"id\":\"a12\"}",
        "{\"id\":\"a13\",\"text\":5}",
        "{\"id\":\"a13b\",\"text\":[\"x\"]}",
        "{\"id\":\"a13c\",\"text\":{\"x\":1}}",
        "{\"id\":\"a13d\",\"text\":null}",
        "{\"id\":\"a14\",\"text\":\"nested\",\"meta\":{\"a\":[1,2,{\"b\":null,"
        "\"c\":[true,false]}],\"c\":\"\\u0041\",\"k\\u0041\":-2.5E-3},"
        "\"list\":[],\"o\":{},\"t\":\"x\"}",
        "  {  \"id\" : \"a15\" ,\t\"text\" : \"  spaced  \" , \"date\" : null"
        " }  \r",
        "{\"id\":\"a16\",\"text\":\"first\",\"text\":\"second\",\"id\":\"x\"}",
        "{\"id\":\"a17\",\"te\\u0078t\":\"escaped key\"}",
        "{\"id\":\"a17b\",\"text\":\"x\",\"te\\u0078t\":\"escaped key after\"}",
        "{\"id\":true,\"text\":\"bool id\"}",
        "{\"id\":[1],\"text\":\"array id\"}",
        "{\"id\":{},\"text\":\"object id\"}",
        "{\"id\":null,\"text\":\"null id\"}",
        "{\"id\":\"a19\",\"text\":\"bad date\",\"date\":\"2024-02-30\"}",
        "{\"id\":\"a20\",\"text\":\"date num\",\"date\":20240101}",
        "{\"id\":\"a20b\",\"text\":\"date empty\",\"date\":\"\"}",
        "{\"id\":\"a20c\",\"text\":\"date esc\",\"date\":\"2024\\u002d05-06\"}",
        "{\"id\":\"a21\",\"text\":\"trailing\"} x",
        "{\"id\":\"a21b\",\"text\":\"trailing ctl\"}\x01",
        "{\"id\":\"a22\",\"text\":\"unterminated",
        "[1,2]",
        "\"just a string\"",
        "{\"id\":\"a24\",\"text\":\"ctl\ttab\"}",
        "{\"id\":\"a25\",\"text\":\"bad \\x escape\"}",
        "{\"id\":\"a26\",\"text\":\"\\u00zz\"}",
        "{\"id\":\"a26b\",\"text\":\"short \\u12\"}",
        "{\"id\":\"a27\",\"text\":\"  \"}",
        "{\"id\":\"\",\"text\":\"empty id\"}",
        "{\"id\":\"a29\",\"text\":\"ok\",}",
        "{\"id\":\"a1\",\"text\":\"duplicate id\"}",
        "{\"id\":\"a32\",\"text\":\"invalid utf8 \xff\xfe here\"}",
        "{\"id\":\"\xff\",\"text\":\"bad utf8 id\"}",
        "{\"id\":\"a35\",\"text\":\"x\",\"n\":nul}",
        "{\"id\":\"a35b\",\"text\":\"x\",\"n\":nullx}",
        "{\"id\":\"a37\",\"text\":\"x\"}{\"id\":\"y\"}",
        "{\"id\":\"a40\",\"text\":\"\\/\\u002F caf\xc3\xa9 "
        "\xe2\x80\x9cq\xe2\x80\x9d\"}",
        "{\"id\":\"a41\",\"text\":\"x\",\"date\":\"2024-03-04\",\"date\":"
        "\"bad\"}",
        "{\"id\":\"a42\",\"text\":\"x\",\"n\":[1,}",
        "{\"id\":\"a42b\",\"text\":\"x\",\"n\":[1 2]}",
        "{\"id\":\"a42c\",\"text\":\"x\",\"n\":{\"a\" 1}}",
        "{\"id\":\"a42d\",\"text\":\"x\",\"n\":{\"a\":1]}",
        "{\"id\" :\"a43\", \"text\":\"x\", \"z\": true, \"y\": false}",
        "{}",
        "{ }",
        "",
        "   \t",
        "{\"id\":\"a44\",\"text\":\"last\"}",
        NULL};
    dg_buf b = {0};
    for (size_t i = 0; lines[i]; i++) {
        dg_buf_append(&b, lines[i], strlen(lines[i]));
        dg_buf_append(&b, "\n", 1);
    }
    /* NUL bytes in white space, in a string, after the object: the line
     * is refused with the NUL's offset, fast path or not */
    static const char nuls[] = "{\"id\":\"n1\",\0\"text\":\"x\"}\n"
                               "{\"id\":\"n2\",\"text\":\"x\0y\"}\n"
                               "{\"id\":\"n3\",\"text\":\"x\"}\0\n";
    dg_buf_append(&b, nuls, sizeof nuls - 1);
    /* deeper than the fast path goes, and deeper than cJSON goes */
    for (int depth = 60; depth <= 1100; depth += 1040 - 60) {
        dg_buf_printf(&b, "{\"id\":\"deep%d\",\"text\":\"x\",\"d\":", depth);
        for (int k = 0; k < depth; k++)
            dg_buf_append(&b, "[", 1);
        for (int k = 0; k < depth; k++)
            dg_buf_append(&b, "]", 1);
        dg_buf_append(&b, "}\n", 2);
    }
    write_file("tricky.jsonl", b.data, b.len);
    dg_buf_free(&b);
    char path[512];
    snprintf(path, sizeof path, "%s/tricky.jsonl", tmpdir);
    dg_buf fast = {0}, slow = {0};
    size_t nfast, nslow;
    transcript(path, 1, &fast, &nfast);
    transcript(path, 0, &slow, &nslow);
    assert_int_equal(nslow, 0);
    assert_true(nfast >= 30); /* the well-formed lines */
    if (strcmp(fast.data, slow.data) != 0) {
        size_t k = 0, line = 0;
        while (fast.data[k] && fast.data[k] == slow.data[k])
            if (fast.data[k++] == '\n')
                line = k;
        fail_msg("fast path and cJSON differ:\n%.300s\n---\n%.300s",
                 fast.data + line, slow.data + line);
    }
    /* what the fast path gave is right, not only the same */
    assert_non_null(strstr(fast.data, "doc id=[a2] date=[(none)] len=19 "
                                      "text=[esc \" \\ / \b\f\n\r\t end]"));
    assert_non_null(strstr(fast.data, "text=[\xc3\xa9t\xc3\x89 \xe4\xb8\xad "
                                      "\xf0\x9f\x98\x80 x]"));
    assert_non_null(strstr(fast.data, "doc id=[-1.5e3]"));
    assert_non_null(strstr(fast.data, "doc id=[a16] date=[(none)] len=5 "
                                      "text=[first]"));
    assert_non_null(strstr(fast.data, "doc id=[a20c] date=[2024-05-06]"));
    assert_non_null(strstr(fast.data, "a NUL byte at byte 11 of the line"));
    assert_non_null(strstr(fast.data, "a NUL byte at byte 20 of the line"));
    assert_non_null(strstr(fast.data, "a NUL byte at byte 22 of the line"));
    assert_null(strstr(fast.data, "doc id=[n"));
    dg_buf_free(&fast);
    dg_buf_free(&slow);
}

/* A byte sequence as the reader should give it: each valid UTF-8
 * character kept, each byte that starts none replaced by U+FFFD. */
static size_t ref_utf8(const unsigned char *s, size_t n, char *out)
{
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        unsigned c = s[i];
        size_t k = c < 0x80                 ? 1
                   : c >= 0xC2 && c <= 0xDF ? 2
                   : c >= 0xE0 && c <= 0xEF ? 3
                   : c >= 0xF0 && c <= 0xF4 ? 4
                                            : 0;
        uint32_t cp = k == 1   ? c
                      : k == 2 ? c & 0x1F
                      : k == 3 ? c & 0x0F
                               : c & 7;
        for (size_t j = 1; k && j < k; j++) {
            if (i + j >= n || (s[i + j] & 0xC0) != 0x80)
                k = 0;
            else
                cp = cp << 6 | (s[i + j] & 0x3F);
        }
        if ((k == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
            (k == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
            k = 0;
        if (k) {
            memcpy(out + o, s + i, k);
            o += k;
            i += k;
        } else {
            memcpy(out + o, "\xEF\xBF\xBD", 3);
            o += 3;
            i++;
        }
    }
    return o;
}

/* Text with every lead byte (valid, overlong, surrogate, out of range,
 * cut short) at every place around the 32- and 8-byte steps of the
 * check, as the reference gives it. */
static void test_utf8_check(void **state)
{
    (void)state;
    static const char *const seqs[] = {"\xc3\xa9",
                                       "\xe2\x80\x99",
                                       "\xf0\x9f\x98\x80",
                                       "\xc0\x80",
                                       "\xc1\xbf",
                                       "\xe0\x80\x80",
                                       "\xe0\xa0\x80",
                                       "\xed\x9f\xbf",
                                       "\xed\xa0\x80",
                                       "\xef\xbf\xbf",
                                       "\xe1\x80",
                                       "\xe1\x41\x80",
                                       "\xc2",
                                       "\xdf\xbf",
                                       "\xf4\x8f\xbf\xbf",
                                       "\xf4\x90\x80\x80",
                                       "\xf0\x80\x80\x80",
                                       "\xf5\x80\x80\x80",
                                       "\x80",
                                       "\xbf\x80",
                                       "\xff"};
    dg_buf b = {0}, want = {0};
    char line[256], ref[1024];
    int id = 0;
    for (size_t q = 0; q < sizeof seqs / sizeof *seqs; q++)
        for (size_t at = 0; at < 44; at += 3)
            for (int tail = 0; tail < 2; tail++) {
                char text[128];
                memset(text, 'a', at);
                size_t sl = strlen(seqs[q]);
                memcpy(text + at, seqs[q], sl);
                size_t tl = at + sl;
                if (!tail) { /* more text after it */
                    memset(text + tl, 'b', 40);
                    tl += 40;
                }
                text[tl] = '\0';
                snprintf(line, sizeof line,
                         "{\"id\":\"u%d\",\"text\":\"%s\"}\n", id, text);
                dg_buf_append(&b, line, strlen(line));
                size_t rl = ref_utf8((const unsigned char *)text, tl, ref);
                dg_buf_printf(
                    &want, "doc id=[u%d] date=[(none)] len=%zu text=[", id, rl);
                dg_buf_append(&want, ref, rl);
                dg_buf_append(&want, "]\n", 2);
                id++;
            }
    write_file("utf8.jsonl", b.data, b.len);
    char path[512];
    snprintf(path, sizeof path, "%s/utf8.jsonl", tmpdir);
    dg_buf got = {0};
    size_t nfast;
    transcript(path, 1, &got, &nfast);
    /* the documents, the reports of the bad bytes between them aside */
    dg_buf docs = {0};
    for (char *p = got.data, *e; p && *p; p = e ? e + 1 : NULL) {
        e = strstr(p, "\ndoc id=[");
        char *rep = strstr(p, "\nreport: ");
        if (rep && (!e || rep < e))
            e = rep;
        size_t len = e ? (size_t)(e - p) + 1 : strlen(p);
        if (strncmp(p, "doc id=[", 8) == 0)
            dg_buf_append(&docs, p, len);
    }
    assert_string_equal(docs.data, want.data);
    dg_buf_free(&b);
    dg_buf_free(&want);
    dg_buf_free(&got);
    dg_buf_free(&docs);
}

/* dg_json_plain_run (two 16-byte blocks a turn, then one, then the last
 * sixteen bytes again; or 8 bytes at a time) against a byte loop, with
 * the byte that ends the run at every place of strings of every length,
 * read from every place before it. */
static void test_json_plain_run(void **state)
{
    (void)state;
    static const unsigned char stops[] = {'"', '\\', 0x00, 0x01, 0x1F};
    static const unsigned char goes[] = {0x20, 'a',  0x7E, 0x7F,
                                         0x80, 0xE2, 0xFF};
    unsigned char s[80];
    for (size_t n = 0; n <= 70; n++)
        for (size_t g = 0; g < sizeof goes; g++) {
            memset(s, goes[g], sizeof s);
            for (size_t from = 0; from <= n && from < 40; from++)
                assert_int_equal(dg_json_plain_run(s, from, n), n);
            for (size_t at = 0; at < n; at++)
                for (size_t k = 0; k < sizeof stops; k++) {
                    s[at] = stops[k];
                    for (size_t from = 0; from <= at && from < 40; from++)
                        assert_int_equal(dg_json_plain_run(s, from, n), at);
                    s[at] = goes[g];
                }
        }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_date),
        cmocka_unit_test(test_json_plain_run),
        cmocka_unit_test_setup_teardown(test_max_document, setup, teardown),
        cmocka_unit_test_setup_teardown(test_shard_and_gzip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_many_files_and_ids, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_jsonl_fast_path, setup, teardown),
        cmocka_unit_test_setup_teardown(test_utf8_check, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
