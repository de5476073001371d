/* read.c -- the input stage: documents one at a time from files,
 * directories (walked recursively in sorted order, text files only),
 * standard input, and JSON Lines files ({"id","text","date"?} a line).
 *
 * JSON Lines are read a line at a time, so memory does not grow with the
 * number of documents. A problem with one input is reported (file and
 * line) and reading goes on with the next.
 */
#define _POSIX_C_SOURCE 200809L
#include "internal.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct dg_reader {
    /* paths still to read (a stack); found_in_dir: reached by walking a
     * directory, so a file that is not text is skipped, not reported */
    struct pending { char *path; int found_in_dir; } *queue;
    size_t nqueue, capqueue;
    dg_report_fn report; void *ud;
    size_t problems, documents;
    /* the current JSON Lines input */
    FILE *jl; char *jlname; long jlline; int jl_is_stdin; long jldocs;
    char *line; size_t linecap;
    cJSON *cur; char idbuf[600];
    char *text; /* the current plain document */
    char *name;
};

static void report(dg_reader *r, int code, const char *file, long line,
                   const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

static void report(dg_reader *r, int code, const char *file, long line,
                   const char *fmt, ...)
{
    dg_error e;
    va_list ap;
    e.code = code;
    snprintf(e.file, sizeof e.file, "%s", file);
    e.line = line;
    va_start(ap, fmt);
    vsnprintf(e.message, sizeof e.message, fmt, ap);
    va_end(ap);
    r->problems++;
    if (r->report)
        r->report(&e, r->ud);
}

static int push(dg_reader *r, const char *path, int found_in_dir)
{
    if (r->nqueue == r->capqueue) {
        size_t cap = r->capqueue ? r->capqueue * 2 : 16;
        struct pending *q = realloc(r->queue, cap * sizeof *q);
        if (!q)
            return DG_ENOMEM;
        r->queue = q;
        r->capqueue = cap;
    }
    if (!(r->queue[r->nqueue].path = dg_strdup(path)))
        return DG_ENOMEM;
    r->queue[r->nqueue].found_in_dir = found_in_dir;
    r->nqueue++;
    return DG_OK;
}

int dg_reader_new(dg_reader **out, const char *const *inputs, size_t n,
                  dg_report_fn rep, void *ud)
{
    dg_reader *r = calloc(1, sizeof *r);
    if (!r)
        return DG_ENOMEM;
    r->report = rep;
    r->ud = ud;
    if (n == 0 && push(r, "-", 0) != DG_OK) {
        dg_reader_free(r);
        return DG_ENOMEM;
    }
    for (size_t i = n; i-- > 0;) /* a stack: push in reverse */
        if (push(r, inputs[i], 0) != DG_OK) {
            dg_reader_free(r);
            return DG_ENOMEM;
        }
    *out = r;
    return DG_OK;
}

static void close_jl(dg_reader *r)
{
    if (r->jl && !r->jl_is_stdin)
        fclose(r->jl);
    if (r->jl && r->jldocs == 0 && r->jlline == 0)
        report(r, DG_EEMPTY, r->jlname, 0,
               "empty input: no documents (expected one JSON object a line)");
    r->jl = NULL;
    free(r->jlname);
    r->jlname = NULL;
}

void dg_reader_free(dg_reader *r)
{
    if (!r)
        return;
    if (r->jl && !r->jl_is_stdin)
        fclose(r->jl);
    free(r->jlname);
    for (size_t i = 0; i < r->nqueue; i++)
        free(r->queue[i].path);
    free(r->queue);
    free(r->line);
    cJSON_Delete(r->cur);
    free(r->text);
    free(r->name);
    free(r);
}

size_t dg_reader_problems(const dg_reader *r) { return r->problems; }
size_t dg_reader_documents(const dg_reader *r) { return r->documents; }

static int ends_with(const char *s, const char *suf)
{
    size_t a = strlen(s), b = strlen(suf);
    return a >= b && strcmp(s + a - b, suf) == 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Push a directory's entries (sorted, so the order is deterministic). */
static void expand_dir(dg_reader *r, const char *path)
{
    DIR *d = opendir(path);
    if (!d) {
        report(r, DG_EIO, path, 0, "cannot open directory: %s",
               strerror(errno));
        return;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.')
            continue; /* hidden files, . and .. */
        if (n == cap) {
            cap = cap ? cap * 2 : 32;
            char **p = realloc(names, cap * sizeof *p);
            if (!p)
                break;
            names = p;
        }
        size_t len = strlen(path) + strlen(de->d_name) + 2;
        if (!(names[n] = malloc(len)))
            break;
        snprintf(names[n], len, "%s%s%s", path,
                 ends_with(path, "/") ? "" : "/", de->d_name);
        n++;
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, cmp_str);
    for (size_t i = n; i-- > 0;) {
        push(r, names[i], 1);
        free(names[i]);
    }
    free(names);
}

/* Does a file found in a directory look like text? */
static int looks_textual(const char *path)
{
    static const char *const bin[] = {".png", ".jpg", ".jpeg", ".gif", ".pdf",
                                      ".svg", ".dot", ".json", ".gz", ".zip",
                                      ".o", ".a", ".so", ".html", ".graphml",
                                      ".csv", NULL};
    for (size_t i = 0; bin[i]; i++)
        if (ends_with(path, bin[i]))
            return 0;
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return 1; /* let the reader report it */
    char buf[4096];
    size_t n = fread(buf, 1, sizeof buf, fp);
    fclose(fp);
    return memchr(buf, '\0', n) == NULL;
}

static int blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\n' && s[i] != '\r' && s[i] != '\t')
            return 0;
    return 1;
}

/* Next document from the open JSON Lines input: 1, or 0 at its end. */
static int next_jl(dg_reader *r, dg_document *doc)
{
    ssize_t got;
    while ((got = getline(&r->line, &r->linecap, r->jl)) >= 0) {
        r->jlline++;
        if (blank(r->line, (size_t)got))
            continue;
        cJSON_Delete(r->cur);
        const char *end = NULL;
        r->cur = cJSON_ParseWithLengthOpts(r->line, (size_t)got, &end, 0);
        while (r->cur && end && end < r->line + got && blank(end, 1))
            end++;
        if (r->cur && end && end < r->line + got) {
            cJSON_Delete(r->cur);
            r->cur = NULL; /* "{...} junk", or two objects on one line */
        }
        if (!r->cur || !cJSON_IsObject(r->cur)) {
            report(r, DG_EPARSE, r->jlname, r->jlline,
                   "not a JSON object (expected {\"id\": ..., \"text\": ...}); "
                   "line skipped");
            continue;
        }
        const cJSON *text = cJSON_GetObjectItemCaseSensitive(r->cur, "text");
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(r->cur, "id");
        const cJSON *date = cJSON_GetObjectItemCaseSensitive(r->cur, "date");
        if (!cJSON_IsString(text)) {
            report(r, DG_EPARSE, r->jlname, r->jlline,
                   "no \"text\" string; line skipped");
            continue;
        }
        if (cJSON_IsString(id))
            snprintf(r->idbuf, sizeof r->idbuf, "%s", id->valuestring);
        else if (cJSON_IsNumber(id))
            snprintf(r->idbuf, sizeof r->idbuf, "%.17g", id->valuedouble);
        else
            snprintf(r->idbuf, sizeof r->idbuf, "%s:%ld", r->jlname, r->jlline);
        doc->id = r->idbuf;
        doc->text = text->valuestring;
        doc->len = strlen(text->valuestring);
        doc->date = NULL;
        if (cJSON_IsString(date) && date->valuestring[0]) {
            if (dg_parse_date(date->valuestring) < 0)
                report(r, DG_EPARSE, r->jlname, r->jlline,
                       "\"date\" is not YYYY-MM-DD; using today's date");
            else
                doc->date = date->valuestring;
        }
        r->jldocs++;
        r->documents++;
        return 1;
    }
    if (ferror(r->jl))
        report(r, DG_EIO, r->jlname, r->jlline, "read error: %s",
               strerror(errno));
    close_jl(r);
    return 0;
}

static int open_jl(dg_reader *r, const char *path, FILE *fp, int is_stdin)
{
    r->jl = fp;
    r->jl_is_stdin = is_stdin;
    r->jlname = dg_strdup(path);
    r->jlline = 0;
    r->jldocs = 0;
    return r->jlname ? DG_OK : DG_ENOMEM;
}

int dg_reader_next(dg_reader *r, dg_document *doc)
{
    for (;;) {
        if (r->jl && next_jl(r, doc))
            return 1;
        if (r->nqueue == 0)
            return 0;
        r->nqueue--;
        char *path = r->queue[r->nqueue].path;
        int from_dir = r->queue[r->nqueue].found_in_dir;
        free(r->text);
        r->text = NULL;
        free(r->name);
        r->name = path;
        if (strcmp(path, "-") == 0) {
            size_t len;
            dg_buf b = {0};
            char chunk[65536];
            size_t k;
            while ((k = fread(chunk, 1, sizeof chunk, stdin)) > 0)
                if (dg_buf_append(&b, chunk, k) != DG_OK)
                    break;
            len = b.len;
            if (!b.data || blank(b.data, len)) {
                report(r, DG_EEMPTY, "<stdin>", 0,
                       "empty input: no text on standard input");
                dg_buf_free(&b);
                continue;
            }
            r->text = b.data;
            doc->id = "<stdin>";
            doc->text = r->text;
            doc->len = len;
            doc->date = NULL;
            r->documents++;
            return 1;
        }
        struct stat st;
        if (stat(path, &st) != 0) {
            report(r, DG_EIO, path, 0, "cannot read: %s", strerror(errno));
            continue;
        }
        if (S_ISDIR(st.st_mode)) {
            expand_dir(r, path);
            continue;
        }
        if (from_dir && !looks_textual(path))
            continue;
        if (ends_with(path, ".jsonl")) {
            FILE *fp = fopen(path, "rb");
            if (!fp) {
                report(r, DG_EIO, path, 0, "cannot read: %s", strerror(errno));
                continue;
            }
            if (open_jl(r, path, fp, 0) != DG_OK) {
                fclose(fp);
                return 0;
            }
            continue;
        }
        dg_error err;
        size_t len;
        if (dg_read_file(path, &r->text, &len, &err) != DG_OK) {
            report(r, err.code, path, 0, "%s", err.message);
            continue;
        }
        if (blank(r->text, len)) {
            report(r, DG_EEMPTY, path, 0, "empty input: the file holds no text");
            continue;
        }
        doc->id = path;
        doc->text = r->text;
        doc->len = len;
        doc->date = NULL;
        r->documents++;
        return 1;
    }
}
