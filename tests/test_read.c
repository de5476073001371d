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
}

/* ---- the reader --------------------------------------------------------- */

typedef struct reports {
    int n;
    char last[1200];
} reports;

static void on_report(const dg_error *e, void *ud)
{
    reports *r = ud;
    r->n++;
    dg_error_format(e, r->last, sizeof r->last);
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
    assert_int_equal(dg_reader_new(&r, in, 2, on_report, &rep), DG_OK);
    assert_int_equal(dg_reader_max_document(r), DG_MAX_DOCUMENT_DEFAULT);
    dg_reader_set_max_document(r, 2048);
    dg_document doc;
    assert_int_equal(dg_reader_next(r, &doc), 1);
    assert_string_equal(doc.id, p2);
    assert_int_equal(rep.n, 1);
    assert_non_null(strstr(rep.last, "document larger than the 2 KiB limit "
                                     "(3000 bytes); skipped"));
    assert_int_equal(dg_reader_next(r, &doc), 0);
    assert_int_equal(dg_reader_problems(r), 1);
    assert_int_equal(dg_reader_documents(r), 1);
    dg_reader_free(r);

    /* at the limit exactly, it is read */
    assert_int_equal(dg_reader_new(&r, in, 1, on_report, &rep), DG_OK);
    dg_reader_set_max_document(r, 3000);
    assert_int_equal(dg_reader_next(r, &doc), 1);
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
    assert_int_equal(dg_reader_new(&r, in, 3, on_report, &rep), DG_OK);
    size_t n = 0;
    while (dg_reader_next(r, &doc))
        n++;
    assert_int_equal(n, 300 + 2500);
    /* 500 duplicate ids and the directory given twice */
    assert_int_equal(rep.n, 501);
    assert_non_null(strstr(rep.last, "already read"));
    dg_reader_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_date),
        cmocka_unit_test_setup_teardown(test_max_document, setup, teardown),
        cmocka_unit_test_setup_teardown(test_many_files_and_ids, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
