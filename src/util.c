/* util.c -- small shared helpers: errors, hashing, buffers, files,
 * dates and atomic output (temporary file + rename). */
#define _POSIX_C_SOURCE 200809L
#include "internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

void dg_error_clear(dg_error *err)
{
    if (!err)
        return;
    err->code = DG_OK;
    err->file[0] = '\0';
    err->line = 0;
    err->message[0] = '\0';
}

int dg_error_set(dg_error *err, int code, const char *file, long line,
                 const char *fmt, ...)
{
    if (err) {
        va_list ap;
        err->code = code;
        snprintf(err->file, sizeof err->file, "%s", file ? file : "");
        err->line = line;
        va_start(ap, fmt);
        vsnprintf(err->message, sizeof err->message, fmt, ap);
        va_end(ap);
    }
    return code;
}

const char *dg_error_format(const dg_error *err, char *buf, size_t size)
{
    if (err->file[0] && err->line > 0)
        snprintf(buf, size, "%s:%ld: %s", err->file, err->line, err->message);
    else if (err->file[0])
        snprintf(buf, size, "%s: %s", err->file, err->message);
    else
        snprintf(buf, size, "%s", err->message);
    return buf;
}

uint64_t dg_hash_lower(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c + 32);
        h ^= c;
        h *= 1099511628211ULL;
    }
    return h ? h : 1;
}

uint64_t dg_hash_bytes(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h ? h : 1;
}

char *dg_strndup(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (!p)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *dg_strdup(const char *s)
{
    return dg_strndup(s, strlen(s));
}

int dg_read_file(const char *path, char **out, size_t *len, dg_error *err)
{
    FILE *fp = fopen(path, "rb");
    dg_buf b = {0};
    char chunk[65536];
    size_t n;

    if (!fp)
        return dg_error_set(err, DG_EIO, path, 0, "cannot open: %s",
                            strerror(errno));
    while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0) {
        if (dg_buf_append(&b, chunk, n) != DG_OK) {
            fclose(fp);
            dg_buf_free(&b);
            return dg_error_set(err, DG_ENOMEM, path, 0, "out of memory");
        }
    }
    if (ferror(fp)) {
        int e = errno;
        fclose(fp);
        dg_buf_free(&b);
        return dg_error_set(err, DG_EIO, path, 0, "cannot read: %s",
                            strerror(e));
    }
    fclose(fp);
    if (dg_buf_reserve(&b, 1) != DG_OK) {
        dg_buf_free(&b);
        return dg_error_set(err, DG_ENOMEM, path, 0, "out of memory");
    }
    b.data[b.len] = '\0';
    *out = b.data;
    *len = b.len;
    return DG_OK;
}

long dg_parse_date(const char *s)
{
    /* exactly YYYY-MM-DD, a day that the month has (2024-02-31,
     * 2023-02-29 and 2024-13-01 are -1) */
    if (!s)
        return -1;
    for (int i = 0; i < 10; i++) {
        if (i == 4 || i == 7) {
            if (s[i] != '-')
                return -1;
        } else if (s[i] < '0' || s[i] > '9')
            return -1;
    }
    if (s[10] != '\0')
        return -1;
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
            (s[3] - '0');
    int m = (s[5] - '0') * 10 + (s[6] - '0');
    int d = (s[8] - '0') * 10 + (s[9] - '0');
    static const int days[12] = {31, 29, 31, 30, 31, 30,
                                 31, 31, 30, 31, 30, 31};
    if (y < 1 || m < 1 || m > 12 || d < 1 || d > days[m - 1])
        return -1;
    if (m == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
        return -1; /* 29 February outside a leap year */
    return (long)y * 10000 + m * 100 + d;
}

long dg_today(void)
{
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    return (long)(tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 +
           tm.tm_mday;
}

int dg_buf_reserve(dg_buf *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap)
        return DG_OK;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + extra + 1)
        cap *= 2;
    char *p = realloc(b->data, cap);
    if (!p)
        return DG_ENOMEM;
    b->data = p;
    b->cap = cap;
    return DG_OK;
}

int dg_buf_append(dg_buf *b, const char *s, size_t n)
{
    if (dg_buf_reserve(b, n) != DG_OK)
        return DG_ENOMEM;
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
    return DG_OK;
}

int dg_buf_printf(dg_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || dg_buf_reserve(b, (size_t)n) != DG_OK)
        return DG_ENOMEM;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return DG_OK;
}

void dg_buf_free(dg_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

int dg_atomic_open(dg_atomic_file *af, const char *path, dg_error *err)
{
    af->fp = NULL;
    if (strlen(path) + 16 >= sizeof af->tmp)
        return dg_error_set(err, DG_EINVAL, path, 0, "path too long");
    snprintf(af->path, sizeof af->path, "%s", path);
    snprintf(af->tmp, sizeof af->tmp, "%s.tmp.XXXXXX", path);
    int fd = mkstemp(af->tmp);
    if (fd < 0)
        return dg_error_set(err, DG_EIO, path, 0,
                            "cannot write: %s (check that the directory "
                            "exists and is writable)",
                            strerror(errno));
    /* mkstemp creates 0600; an output file is readable like any other */
    (void)fchmod(fd, 0644);
    af->fp = fdopen(fd, "wb");
    if (!af->fp) {
        close(fd);
        unlink(af->tmp);
        return dg_error_set(err, DG_EIO, path, 0, "cannot write: %s",
                            strerror(errno));
    }
    return DG_OK;
}

int dg_atomic_commit(dg_atomic_file *af, dg_error *err)
{
    int bad = ferror(af->fp);
    if (fclose(af->fp) != 0)
        bad = 1;
    af->fp = NULL;
    if (bad) {
        unlink(af->tmp);
        return dg_error_set(err, DG_EIO, af->path, 0,
                            "write failed (disk full?)");
    }
    if (rename(af->tmp, af->path) != 0) {
        int e = errno;
        unlink(af->tmp);
        return dg_error_set(err, DG_EIO, af->path, 0, "cannot rename: %s",
                            strerror(e));
    }
    return DG_OK;
}

void dg_atomic_abort(dg_atomic_file *af)
{
    if (af->fp) {
        fclose(af->fp);
        af->fp = NULL;
    }
    unlink(af->tmp);
}

void dg_csv_field(FILE *out, const char *s)
{
    /* a text starting with = + - @ would run as a formula in a spreadsheet:
     * an apostrophe keeps it text (numbers such as -3 stay as they are) */
    int guard = 0;
    if (*s == '=' || *s == '+' || *s == '-' || *s == '@') {
        char *end;
        (void)strtod(s, &end);
        guard = end == s || *end != '\0';
    }
    int quote = strpbrk(s, ",\"\r\n") != NULL;
    if (quote)
        fputc('"', out);
    if (guard)
        fputc('\'', out);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', out);
        fputc(*s, out);
    }
    if (quote)
        fputc('"', out);
}
