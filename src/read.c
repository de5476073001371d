/* read.c -- the input stage: documents one at a time from files,
 * directories (walked recursively in sorted order, text files only),
 * standard input, and JSON Lines files ({"id","text","date"?} a line).
 *
 * JSON Lines are read a line at a time, so memory does not grow with the
 * number of documents. A problem with one input is reported (file, and
 * line for JSON Lines) and reading goes on with the next.
 *
 * What is read, and what is not (docs/errors.md):
 *  - Inside a walked directory symbolic links are not followed, hidden
 *    entries are skipped, and only regular files and directories are
 *    considered (FIFOs, sockets and devices are skipped silently). A
 *    symbolic link given on the command line is followed.
 *  - No file or directory is read twice (device and inode remembered):
 *    a file reached again through a directory is skipped silently; an
 *    argument naming a file or directory already read is reported.
 *  - An explicit FIFO, a device or "-" is read as a stream.
 *  - A document (a plain file, standard input, or one JSON Lines line)
 *    larger than the maximum document size (dg_reader_set_max_document,
 *    DG_MAX_DOCUMENT_DEFAULT) is reported and skipped; no more than the
 *    limit plus one chunk is ever held in memory for it.
 *  - UTF-16/UTF-32 text (by its byte order mark) is reported and skipped;
 *    a UTF-8 byte order mark is dropped; a file with a NUL byte in its
 *    first 4 KiB is binary (reported when named on the command line,
 *    skipped silently in a walk); NUL bytes further on are replaced by
 *    spaces and reported with their byte offset.
 *  - Compressed files, by their name: FILE.gz (gzip, members one after
 *    the other too) and FILE.zst (zstd, frames one after the other) are
 *    decompressed as they are read, a chunk at a time, never whole;
 *    FILE.jsonl.gz and FILE.jsonl.zst are JSON Lines. A document's id is
 *    the path as it is (with .gz). Corrupt or truncated data is reported
 *    (file, and line for JSON Lines) and the rest of that file skipped: a
 *    plain document is dropped, the lines of JSON Lines before the damage
 *    are kept. In a walk, a compressed file is judged by the name under
 *    the suffix (x.json.gz is skipped as x.json is) and by its
 *    decompressed bytes.
 *  - A shard (dg_reader_set_shard K/N) keeps the documents whose ordinal,
 *    counted from 0 over the documents this reader would return, modulo N
 *    is K-1: every input is still read (and its problems reported), so N
 *    readers over the same inputs split them without a pre-pass.
 *  - JSON Lines: a numeric id keeps its literal text; a repeated id is
 *    reported and that line skipped (ids are remembered as 64-bit hashes);
 *    a wrong type or an impossible date is reported and the field ignored;
 *    invalid UTF-8 in "text" is replaced by U+FFFD and reported with the
 *    line and byte offset.
 */
#define _POSIX_C_SOURCE 200809L
#include "internal.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

enum { CHUNK = 65536, SNIFF = 4096 };

enum { Z_PLAIN = 0, Z_GZIP, Z_ZSTD };

/* The current compressed input: read_some decompresses what is read from
 * fd. One input is open at a time. */
struct zin {
    int kind; /* Z_PLAIN: none */
    int fd;
    char *name;
    unsigned char *buf; /* CHUNK compressed bytes */
    size_t pos, end;
    int eof;
    int in_member;   /* inside a gzip member or zstd frame */
    int failed;      /* corrupt data found and reported */
    const char *bad; /* corrupt data found after bytes not returned yet */
    z_stream gz;
    ZSTD_DStream *zs;
};

struct fileid {
    uint64_t dev, ino;
};

/* A JSON Lines file that ids were read from: its name and the ordinal of
 * its first id, so that an id's ordinal gives its file. */
struct idfile {
    char *name;
    uint32_t first;
};

struct dg_reader {
    /* paths still to read (a stack); found_in_dir: reached by walking a
     * directory, so a file that is not text is skipped, not reported */
    struct pending {
        char *path;
        int found_in_dir;
    } * queue;
    size_t nqueue, capqueue;
    dg_report_fn report;
    void *ud;
    int stop;      /* report returned non-zero: DG_EABORT from now on */
    dg_error fail; /* the failure every later dg_reader_next returns */
    size_t problems, documents;
    uintmax_t bytes; /* read from the inputs so far (read_some) */
    size_t max_doc;
    /* files and directories read so far (open addressing) */
    struct fileid *seen;
    unsigned char *seen_used;
    size_t nseen, capseen;
    int stdin_read;
    int stdin_format; /* DG_INPUT_AUTO (sniffed), TEXT or JSONL */
    char *pre;        /* bytes of descriptor 0 read before the rest */
    size_t pre_len, pre_pos;
    /* JSON Lines ids seen so far, about 19 bytes an id (a build of 1 GB
     * holds a million): in reading order, a 64-bit hash (two different ids
     * share one with a probability of about n^2 / 2^65: 3e-6 for 10 million
     * documents) and a line number; an open-addressing index of ordinal+1
     * (0 = empty) over them; and the files they came from. */
    uint64_t *idhash;
    uint32_t *idline; /* saturated at UINT32_MAX */
    size_t nids, capids;
    uint32_t *idindex;
    size_t capindex;
    struct idfile *idfiles;
    size_t nidfiles;
    /* the current JSON Lines input */
    int jlfd;
    int jl_is_stdin;
    char *jlname;
    long jlline, jldocs;
    size_t jlproblems; /* problems reported before this file */
    char *inbuf;       /* CHUNK bytes of buffered input */
    size_t inpos, inend;
    int ineof;
    dg_buf line;
    char *lp; /* the line next_line read: in inbuf, or r->line's data */
    size_t ll;
    cJSON *cur;
    int no_fast;       /* JSON Lines through cJSON only (tests) */
    size_t fast_lines; /* lines the fast path read */
    dg_buf id;    /* the current document's id, when built here */
    char date[11]; /* the current document's YYYY-MM-DD (a "date" with a
                    * time and zone keeps its calendar day) */
    dg_buf clean; /* the current text with invalid UTF-8 replaced */
    char *text;   /* the current plain document */
    char *name;
    struct zin z;            /* the current input when compressed */
    size_t shard_k, shard_n; /* dg_reader_set_shard; n = 0: all */
    size_t ordinal;          /* documents met, kept or not */
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
    if (r->report && !r->stop && r->report(&e, r->ud) != 0)
        r->stop = 1;
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
                  dg_report_fn rep, void *ud, dg_error *err)
{
    if (!out || (n && !inputs))
        return dg_error_set(err, DG_EINVAL, NULL, 0,
                            "dg_reader_new: no reader pointer or no inputs");
    for (size_t i = 0; i < n; i++)
        if (!inputs[i])
            return dg_error_set(err, DG_EINVAL, NULL, 0,
                                "dg_reader_new: input %zu is NULL", i);
    dg_reader *r = calloc(1, sizeof *r);
    if (!r || !(r->inbuf = malloc(CHUNK))) {
        free(r);
        return dg_error_set(err, DG_ENOMEM, NULL, 0, "out of memory");
    }
    r->report = rep;
    r->ud = ud;
    r->max_doc = DG_MAX_DOCUMENT_DEFAULT;
    r->jlfd = -1;
    r->z.fd = -1;
    if (n == 0 && push(r, "-", 0) != DG_OK) {
        dg_reader_free(r);
        return dg_error_set(err, DG_ENOMEM, NULL, 0, "out of memory");
    }
    for (size_t i = n; i-- > 0;) /* a stack: push in reverse */
        if (push(r, inputs[i], 0) != DG_OK) {
            dg_reader_free(r);
            return dg_error_set(err, DG_ENOMEM, NULL, 0, "out of memory");
        }
    *out = r;
    return DG_OK;
}

void dg_reader_set_max_document(dg_reader *r, size_t bytes)
{
    r->max_doc = bytes ? bytes : DG_MAX_DOCUMENT_DEFAULT;
}

size_t dg_reader_max_document(const dg_reader *r)
{
    return r->max_doc;
}

static void z_close(dg_reader *r);

static void close_jl(dg_reader *r)
{
    if (r->jlfd >= 0 && r->jlfd == r->z.fd)
        z_close(r);
    if (r->jlfd >= 0 && !r->jl_is_stdin)
        close(r->jlfd);
    r->jlfd = -1;
    free(r->jlname);
    r->jlname = NULL;
}

void dg_reader_free(dg_reader *r)
{
    if (!r)
        return;
    close_jl(r);
    z_close(r);
    for (size_t i = 0; i < r->nqueue; i++)
        free(r->queue[i].path);
    free(r->queue);
    free(r->seen);
    free(r->seen_used);
    free(r->idhash);
    free(r->idline);
    free(r->idindex);
    for (size_t i = 0; i < r->nidfiles; i++)
        free(r->idfiles[i].name);
    free(r->idfiles);
    free(r->inbuf);
    free(r->pre);
    dg_buf_free(&r->line);
    dg_buf_free(&r->id);
    dg_buf_free(&r->clean);
    cJSON_Delete(r->cur);
    free(r->text);
    free(r->name);
    free(r);
}

void dg_reader_set_stdin(dg_reader *r, int format, char *prefix, size_t len)
{
    free(r->pre);
    r->stdin_format = format;
    r->pre = prefix;
    r->pre_len = prefix ? len : 0;
    r->pre_pos = 0;
}

size_t dg_reader_problems(const dg_reader *r) { return r->problems; }

size_t dg_reader_fast_jsonl(dg_reader *r, int on)
{
    r->no_fast = !on;
    return r->fast_lines;
}
size_t dg_reader_documents(const dg_reader *r) { return r->documents; }
uintmax_t dg_reader_bytes(const dg_reader *r)
{
    return r->bytes;
}

/* ---- small helpers ---------------------------------------------------- */

static int ends_with(const char *s, const char *suf)
{
    size_t a = strlen(s), b = strlen(suf);
    return a >= b && strcmp(s + a - b, suf) == 0;
}

/* ---- compressed input -------------------------------------------------- */

static int compression_of(const char *path)
{
    return ends_with(path, ".gz")    ? Z_GZIP
           : ends_with(path, ".zst") ? Z_ZSTD
                                     : Z_PLAIN;
}

static void z_close(dg_reader *r)
{
    struct zin *z = &r->z;
    if (z->kind == Z_GZIP)
        inflateEnd(&z->gz);
    ZSTD_freeDStream(z->zs);
    free(z->buf);
    free(z->name);
    memset(z, 0, sizeof *z);
    z->fd = -1;
}

/* Reads through a decompressor from now on when fd is a compressed input
 * (by name). DG_ENOMEM. */
static int z_open(dg_reader *r, int fd, const char *path)
{
    struct zin *z = &r->z;
    z_close(r);
    int kind = compression_of(path);
    if (kind == Z_PLAIN)
        return DG_OK;
    z->fd = fd;
    z->buf = malloc(CHUNK);
    z->name = dg_strdup(path);
    if (!z->buf || !z->name) {
        z_close(r);
        return DG_ENOMEM;
    }
    if (kind == Z_GZIP) {
        /* 15 + 32: gzip or zlib header, detected */
        if (inflateInit2(&z->gz, 15 + 32) != Z_OK) {
            z_close(r);
            return DG_ENOMEM;
        }
    } else if (!(z->zs = ZSTD_createDStream()) ||
               ZSTD_isError(ZSTD_initDStream(z->zs))) {
        z_close(r);
        return DG_ENOMEM;
    }
    z->kind = kind;
    return DG_OK;
}

static ssize_t raw_read(dg_reader *r, int fd, char *buf, size_t n);

/* Corrupt data: reported once, with the line for JSON Lines; the reads
 * of this file fail from now on. */
static ssize_t z_fail(dg_reader *r, const char *what)
{
    struct zin *z = &r->z;
    int jl = r->jlfd >= 0 && r->jlfd == z->fd;
    if (!z->failed)
        report(r, DG_EPARSE, z->name, jl ? r->jlline + 1 : 0,
               "corrupt %s data (%s); %s", z->kind == Z_GZIP ? "gzip" : "zstd",
               what, jl ? "the rest of the file is skipped" : "file skipped");
    z->failed = 1;
    errno = EILSEQ;
    return -1;
}

/* Up to n decompressed bytes; 0 at the end, -1 on a read error or corrupt
 * data (reported: z.failed). */
static ssize_t z_read(dg_reader *r, char *out, size_t n)
{
    struct zin *z = &r->z;
    if (z->failed || z->bad)
        return z_fail(r, z->bad ? z->bad : "");
    for (;;) {
        if (z->pos == z->end && !z->eof) {
            ssize_t k = raw_read(r, z->fd, (char *)z->buf, CHUNK);
            if (k < 0)
                return -1;
            z->pos = 0;
            z->end = (size_t)k;
            z->eof = k == 0;
        }
        size_t got = 0, before = z->pos;
        if (z->kind == Z_GZIP) {
            if (!z->in_member && z->pos < z->end) {
                inflateReset(&z->gz); /* the next member */
                z->in_member = 1;
            }
            if (z->in_member) {
                z->gz.next_in = z->buf + z->pos;
                z->gz.avail_in = (uInt)(z->end - z->pos);
                z->gz.next_out = (unsigned char *)out;
                z->gz.avail_out = (uInt)(n < UINT32_MAX ? n : UINT32_MAX);
                int rc = inflate(&z->gz, Z_NO_FLUSH);
                z->pos = z->end - z->gz.avail_in;
                got = (size_t)((unsigned char *)z->gz.next_out -
                               (unsigned char *)out);
                if (rc == Z_STREAM_END)
                    z->in_member = 0;
                else if (rc != Z_OK && rc != Z_BUF_ERROR)
                    z->bad = z->gz.msg ? z->gz.msg : "bad data";
            }
        } else {
            ZSTD_inBuffer in = {z->buf, z->end, z->pos};
            ZSTD_outBuffer o = {out, n, 0};
            if (z->pos < z->end)
                z->in_member = 1;
            if (z->in_member) {
                size_t rc = ZSTD_decompressStream(z->zs, &o, &in);
                z->pos = in.pos;
                if (ZSTD_isError(rc))
                    z->bad = ZSTD_getErrorName(rc);
                got = o.pos;
                if (rc == 0)
                    z->in_member = 0; /* a frame ended, all flushed */
            }
        }
        if (got) /* the bytes before any damage, then the failure */
            return (ssize_t)got;
        if (z->bad)
            return z_fail(r, z->bad);
        if (z->eof && z->pos == z->end) {
            if (z->in_member)
                return z_fail(r, "truncated: the data ends inside a "
                                 "compressed block");
            return 0;
        }
        if (z->pos == before && z->pos < z->end)
            return z_fail(r, "no progress");
    }
}

/* ---- small helpers, continued ----------------------------------------- */

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\n' && s[i] != '\r' && s[i] != '\t')
            return 0;
    return 1;
}

/* "64 MiB", "512 KiB" or "1000 bytes", for messages. */
static const char *size_text(size_t n, char *buf, size_t size)
{
    if (n >= (1u << 20) && n % (1u << 20) == 0)
        snprintf(buf, size, "%zu MiB", n >> 20);
    else if (n >= 1024 && n % 1024 == 0)
        snprintf(buf, size, "%zu KiB", n >> 10);
    else
        snprintf(buf, size, "%zu bytes", n);
    return buf;
}

/* size: the document's size in bytes, or 0 when only its start was read
 * (a stream). */
static void report_too_large(dg_reader *r, const char *file, long line,
                             uintmax_t size)
{
    char lim[64], got[64];
    if (size)
        snprintf(got, sizeof got, "%ju bytes", size);
    else
        snprintf(got, sizeof got, "more than %zu bytes", r->max_doc);
    report(r, DG_EINVAL, file, line,
           "document larger than the %s limit (%s); %sskipped (split the "
           "file or raise --max-document-size)",
           size_text(r->max_doc, lim, sizeof lim), got, line ? "line " : "");
}

/* Grow b to hold need bytes (plus a NUL), never beyond bound. */
static int reserve_bounded(dg_buf *b, size_t need, size_t bound)
{
    if (need + 1 <= b->cap)
        return DG_OK;
    size_t cap = b->cap ? b->cap * 2 : CHUNK;
    if (cap < need + 1)
        cap = need + 1;
    if (cap > bound && bound >= need + 1)
        cap = bound;
    char *p = realloc(b->data, cap);
    if (!p)
        return DG_ENOMEM;
    b->data = p;
    b->cap = cap;
    return DG_OK;
}

/* read() that retries on EINTR and waits when the descriptor is
 * non-blocking (an inherited O_NONBLOCK standard input). Every input byte
 * is read here, and counted (dg_reader_bytes). */
static ssize_t raw_read(dg_reader *r, int fd, char *buf, size_t n)
{
    if (fd == 0 && r->pre_pos < r->pre_len) { /* sniffed stdin first */
        size_t k = r->pre_len - r->pre_pos < n ? r->pre_len - r->pre_pos : n;
        memcpy(buf, r->pre + r->pre_pos, k);
        r->pre_pos += k;
        r->bytes += k;
        return (ssize_t)k;
    }
    for (;;) {
        ssize_t k = read(fd, buf, n);
        if (k >= 0) {
            r->bytes += (uintmax_t)k;
            return k;
        }
        if (errno == EINTR)
            continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK) {
            struct pollfd p = {fd, POLLIN, 0};
            (void)poll(&p, 1, -1);
            continue;
        }
        return -1;
    }
}

/* Input bytes: decompressed when fd is the current compressed input. */
static ssize_t read_some(dg_reader *r, int fd, char *buf, size_t n)
{
    if (r->z.kind != Z_PLAIN && fd == r->z.fd)
        return z_read(r, buf, n);
    return raw_read(r, fd, buf, n);
}

/* The kind of text the first bytes announce. */
enum { SNIFF_TEXT, SNIFF_UTF16, SNIFF_UTF32, SNIFF_BINARY };

static int sniff(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    if (n >= 4 && ((u[0] == 0xFF && u[1] == 0xFE && !u[2] && !u[3]) ||
                   (!u[0] && !u[1] && u[2] == 0xFE && u[3] == 0xFF)))
        return SNIFF_UTF32;
    if (n >= 2 &&
        ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF)))
        return SNIFF_UTF16;
    if (n && memchr(s, '\0', n < SNIFF ? n : SNIFF))
        return SNIFF_BINARY;
    return SNIFF_TEXT;
}

/* Report what sniff() found; 1 when the input is to be skipped. */
static int refuse(dg_reader *r, const char *file, int kind, int from_dir)
{
    switch (kind) {
    case SNIFF_UTF16:
    case SNIFF_UTF32:
        report(r, DG_EENCODING, file, 0,
               "%s text: convert it to UTF-8, e.g. iconv -f %s -t UTF-8; "
               "skipped",
               kind == SNIFF_UTF16 ? "UTF-16" : "UTF-32",
               kind == SNIFF_UTF16 ? "UTF-16" : "UTF-32");
        return 1;
    case SNIFF_BINARY:
        if (!from_dir)
            report(r, DG_EENCODING, file, 0,
                   "binary file, not text (a NUL byte in its first 4 KiB); "
                   "skipped");
        return 1;
    default:
        return 0;
    }
}

static size_t bom_len(const char *s, size_t n)
{
    return n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
}

/* Length of the valid UTF-8 sequence at s (0 when invalid). */
static inline size_t utf8_len(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    size_t k;
    uint32_t cp;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        k = 2, cp = c & 0x1F;
    else if (c >= 0xE0 && c <= 0xEF)
        k = 3, cp = c & 0x0F;
    else if (c >= 0xF0 && c <= 0xF4)
        k = 4, cp = c & 0x07;
    else
        return 0;
    if (n < k)
        return 0;
    for (size_t i = 1; i < k; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if ((k == 3 && cp < 0x800) || (k == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return k;
}

/* ---- files and directories already read -------------------------------- */

static size_t fileid_slot(const struct fileid *f, size_t cap)
{
    uint64_t h = f->dev * 0x9E3779B97F4A7C15ULL ^ f->ino;
    h ^= h >> 29;
    h *= 0xBF58476D1CE4E5B9ULL;
    h ^= h >> 32;
    return (size_t)h & (cap - 1);
}

/* Remember the file; 1 when it was already read, -1 out of memory. */
static int seen_before(dg_reader *r, const struct stat *st)
{
    struct fileid f = {(uint64_t)st->st_dev, (uint64_t)st->st_ino};
    if ((r->nseen + 1) * 2 > r->capseen) {
        size_t cap = r->capseen ? r->capseen * 2 : 64;
        struct fileid *s = calloc(cap, sizeof *s);
        unsigned char *u = calloc(cap, 1);
        if (!s || !u) {
            free(s);
            free(u);
            return -1;
        }
        for (size_t i = 0; i < r->capseen; i++)
            if (r->seen_used[i]) {
                size_t j = fileid_slot(&r->seen[i], cap);
                while (u[j])
                    j = (j + 1) & (cap - 1);
                s[j] = r->seen[i];
                u[j] = 1;
            }
        free(r->seen);
        free(r->seen_used);
        r->seen = s;
        r->seen_used = u;
        r->capseen = cap;
    }
    size_t j = fileid_slot(&f, r->capseen);
    while (r->seen_used[j]) {
        if (r->seen[j].dev == f.dev && r->seen[j].ino == f.ino)
            return 1;
        j = (j + 1) & (r->capseen - 1);
    }
    r->seen[j] = f;
    r->seen_used[j] = 1;
    r->nseen++;
    return 0;
}

/* Open an input without blocking on a FIFO found in a walk or following
 * a link that a walk would not follow; *st describes what was opened.
 * -1 when it could not be opened (reported unless it is a walk's entry
 * that vanished or turned into a link). */
static int open_input(dg_reader *r, const char *path, int from_dir,
                      struct stat *st)
{
    int flags = O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC;
    struct stat pre;
    if (from_dir)
        flags |= O_NOFOLLOW;
    else if (stat(path, &pre) == 0 && S_ISFIFO(pre.st_mode))
        /* a named pipe given explicitly is a stream: wait for its writer
         * as cat would. Opened with O_NONBLOCK it would read as empty
         * before a writer comes, and a reopen would lose what a writer
         * sent in between. (fstat below still decides what it is.) */
        flags &= ~O_NONBLOCK;
    int fd = open(path, flags);
    if (fd < 0) {
        if (!(from_dir && (errno == ELOOP || errno == ENOENT)))
            report(r, DG_EIO, path, 0, "cannot read: %s", strerror(errno));
        return -1;
    }
    if (fstat(fd, st) != 0) {
        report(r, DG_EIO, path, 0, "cannot read: %s", strerror(errno));
        close(fd);
        return -1;
    }
    int fl = fcntl(fd, F_GETFL);
    if (fl >= 0)
        (void)fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
    return fd;
}

/* Push a directory's entries (sorted, so the order is deterministic):
 * regular files and directories only, symbolic links not followed. An
 * explicit directory with nothing in it is an empty input. */
static int expand_dir(dg_reader *r, const char *path, int fd, int explicit)
{
    DIR *d = fdopendir(fd);
    if (!d) {
        report(r, DG_EIO, path, 0, "cannot open directory: %s",
               strerror(errno));
        close(fd);
        return DG_OK;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    int rc = DG_OK;
    struct dirent *de;
    errno = 0;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.')
            continue; /* hidden files, . and .. */
        struct stat st;
        if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
            !(S_ISREG(st.st_mode) || S_ISDIR(st.st_mode)))
            continue; /* links, FIFOs, sockets, devices */
        if (n == cap) {
            cap = cap ? cap * 2 : 32;
            char **p = realloc(names, cap * sizeof *p);
            if (!p) {
                rc = DG_ENOMEM;
                break;
            }
            names = p;
        }
        size_t len = strlen(path) + strlen(de->d_name) + 2;
        if (!(names[n] = malloc(len))) {
            rc = DG_ENOMEM;
            break;
        }
        snprintf(names[n], len, "%s%s%s", path,
                 ends_with(path, "/") ? "" : "/", de->d_name);
        n++;
        errno = 0;
    }
    if (errno && rc == DG_OK)
        report(r, DG_EIO, path, 0, "cannot list the directory: %s",
               strerror(errno));
    closedir(d);
    if (n == 0 && explicit && rc == DG_OK)
        report(r, DG_EEMPTY, path, 0,
               "empty input: no files to read in the directory");
    if (n)
        qsort(names, n, sizeof *names, cmp_str);
    for (size_t i = n; i-- > 0;) {
        if (rc == DG_OK)
            rc = push(r, names[i], 1);
        free(names[i]);
    }
    free(names);
    return rc;
}

/* Does a file found in a directory have a name that is not text? */
static int binary_name(const char *path)
{
    size_t cut = ends_with(path, ".gz") ? 3 : ends_with(path, ".zst") ? 4 : 0;
    if (cut) { /* x.json.gz is judged as x.json */
        char *under = dg_strndup(path, strlen(path) - cut);
        int bin = !under || binary_name(under);
        free(under);
        return bin;
    }
    static const char *const bin[] = {
        ".png", ".jpg",  ".jpeg", ".gif",     ".pdf",  ".svg", ".dot",
        ".gv",  ".json", ".cyjs", ".tgz",     ".zip",  ".o",   ".a",
        ".so",  ".html", ".htm",  ".graphml", ".gexf", ".csv", NULL};
    for (size_t i = 0; bin[i]; i++)
        if (ends_with(path, bin[i]))
            return 1;
    return 0;
}

/* Is the file open on fd one of diplograph's own text outputs: a report
 * (.md, .txt) or extracted events (.jsonl)? Inside a walked directory
 * such a file is skipped, so that a build writing into its input
 * directory does not read its earlier outputs as news. Looks at the
 * first bytes only. */
static int own_output(int fd)
{
    static const char *const heads[] = {"# diplograph report\n",
                                        "diplograph report\n=", "{\"doc\":",
                                        NULL};
    char buf[32];
    ssize_t n = pread(fd, buf, sizeof buf, 0);
    for (size_t i = 0; n > 0 && heads[i]; i++) {
        size_t k = strlen(heads[i]);
        if ((size_t)n >= k && memcmp(buf, heads[i], k) == 0)
            return 1;
    }
    return 0;
}

/* ---- plain documents ---------------------------------------------------- */

/* Replace NUL bytes by spaces, reporting where. */
static void replace_nuls(dg_reader *r, const char *name, char *s, size_t n)
{
    char *p = memchr(s, '\0', n);
    if (!p)
        return;
    size_t first = (size_t)(p - s), count = 0;
    for (; p; p = memchr(p + 1, '\0', n - (size_t)(p - s) - 1)) {
        *p = ' ';
        count++;
        if ((size_t)(p - s) + 1 >= n)
            break;
    }
    if (count == 1)
        report(r, DG_EENCODING, name, 0,
               "NUL byte at byte offset %zu (replaced by a space)", first);
    else
        report(r, DG_EENCODING, name, 0,
               "%zu NUL bytes, the first at byte offset %zu (replaced by "
               "spaces)",
               count, first);
}

/* Read a whole plain document from fd into r->text. 1 when there is a
 * document, 0 when the input was reported or skipped, DG_ENOMEM. */
static int read_plain(dg_reader *r, int fd, const struct stat *st,
                      const char *name, int from_dir, size_t *lenp)
{
    dg_buf b = {0};
    size_t bound = r->max_doc + CHUNK + 1;
    int sniffed = 0, too_large = 0;
    if (S_ISREG(st->st_mode) && st->st_size > 0) {
        /* one allocation of the right size for a regular file */
        size_t want = (uintmax_t)st->st_size > r->max_doc
                          ? SNIFF
                          : (size_t)st->st_size + 1;
        if (reserve_bounded(&b, want, bound) != DG_OK)
            return DG_ENOMEM;
        too_large = (uintmax_t)st->st_size > r->max_doc;
    }
    for (;;) {
        if (!too_large && b.len > r->max_doc)
            too_large = 1;
        if (too_large && (sniffed || b.len >= SNIFF))
            break;
        size_t room = too_large ? SNIFF - b.len : CHUNK;
        if (!too_large && b.cap > b.len + 1 && b.cap - b.len - 1 < room)
            room = b.cap - b.len - 1; /* fill what was sized for the file */
        else if (!too_large && b.cap && b.cap == b.len + 1) {
            /* full at the size fstat gave: is this the end? */
            char probe;
            ssize_t k = read_some(r, fd, &probe, 1);
            if (k == 0)
                break;
            if (k > 0) {
                if (reserve_bounded(&b, b.len + CHUNK, bound) != DG_OK) {
                    dg_buf_free(&b);
                    return DG_ENOMEM;
                }
                b.data[b.len++] = probe;
                continue;
            }
        }
        if (reserve_bounded(&b, b.len + room, bound) != DG_OK) {
            dg_buf_free(&b);
            return DG_ENOMEM;
        }
        ssize_t k = read_some(r, fd, b.data + b.len, room);
        if (k < 0) {
            if (!r->z.failed)
                report(r, DG_EIO, name, 0, "cannot read: %s", strerror(errno));
            dg_buf_free(&b);
            return 0;
        }
        if (k == 0)
            break;
        b.len += (size_t)k;
        if (!sniffed && b.len >= SNIFF) {
            sniffed = 1;
            if (refuse(r, name, sniff(b.data, b.len), from_dir)) {
                dg_buf_free(&b);
                return 0;
            }
        }
    }
    if (!sniffed && refuse(r, name, sniff(b.data, b.len), from_dir)) {
        dg_buf_free(&b);
        return 0;
    }
    if (too_large) {
        /* the size fstat gave, unless the file grew past it */
        report_too_large(r, name, 0,
                         S_ISREG(st->st_mode) &&
                                 (uintmax_t)st->st_size > r->max_doc
                             ? (uintmax_t)st->st_size
                             : 0);
        dg_buf_free(&b);
        return 0;
    }
    size_t bom = bom_len(b.data, b.len);
    if (!b.data || blank(b.data + bom, b.len - bom)) {
        report(r, DG_EEMPTY, name, 0,
               strcmp(name, "<stdin>") == 0
                   ? "empty input: no text on standard input"
                   : "empty input: the file holds no text");
        dg_buf_free(&b);
        return 0;
    }
    b.data[b.len] = '\0';
    replace_nuls(r, name, b.data, b.len);
    r->text = b.data;
    *lenp = b.len;
    return 1;
}

/* ---- JSON Lines --------------------------------------------------------- */

/* The next line of the JSON Lines input, its newline included, at r->lp
 * (r->ll bytes, which the caller may change), without storing more than
 * the limit: 1 a line (*too_long when it was over the limit and dropped), 0
 * at the end, -1 on a read error (reported). A line that the input buffer
 * holds whole (most) is read there, in place, valid until the next call;
 * one across buffers, or at the end of the input with no newline, is
 * gathered in r->line (NUL-terminated, which no reader of the line
 * needs: each is given its length). */
static int next_line(dg_reader *r, int *too_long, uintmax_t *total)
{
    int any = 0;
    *too_long = 0;
    *total = 0;
    r->line.len = 0;
    r->lp = r->line.data;
    r->ll = 0;
    for (;;) {
        if (r->inpos == r->inend) {
            if (r->ineof) {
                r->lp = r->line.data;
                r->ll = r->line.len;
                return any ? 1 : 0;
            }
            ssize_t k = read_some(r, r->jlfd, r->inbuf, CHUNK);
            if (k < 0) {
                if (!r->z.failed)
                    report(r, DG_EIO, r->jlname, r->jlline + 1,
                           "read error: %s", strerror(errno));
                return -1;
            }
            r->inpos = 0;
            r->inend = (size_t)k;
            if (k == 0) {
                r->ineof = 1;
                continue;
            }
        }
        any = 1;
        char *start = r->inbuf + r->inpos;
        size_t avail = r->inend - r->inpos;
        char *nl = memchr(start, '\n', avail);
        size_t seg = nl ? (size_t)(nl - start) + 1 : avail;
        r->inpos += seg;
        *total += seg - (nl != NULL);
        if (!*too_long) {
            if (r->line.len + seg - (nl != NULL) > r->max_doc) {
                *too_long = 1;
                r->line.len = 0;
            } else if (nl && r->line.len == 0) {
                r->lp = start; /* the whole line in the buffer */
                r->ll = seg;
                return 1;
            } else {
                if (reserve_bounded(&r->line, r->line.len + seg,
                                    r->max_doc + CHUNK + 2) != DG_OK)
                    return -2;
                memcpy(r->line.data + r->line.len, start, seg);
                r->line.len += seg;
                r->line.data[r->line.len] = '\0';
            }
        }
        if (nl) {
            r->lp = r->line.data;
            r->ll = r->line.len;
            return 1;
        }
    }
}

/* The raw text of a top-level member's value in a JSON object that cJSON
 * has accepted (iterative: no recursion whatever the nesting). */
static int find_member(const char *s, size_t n, const char *key,
                       const char **val, size_t *vlen)
{
    size_t i = 0, klen = strlen(key);
#define WS()                                                                   \
    while (i < n && (unsigned char)s[i] <= 32)                                 \
    i++
    WS();
    if (i >= n || s[i] != '{')
        return 0;
    i++;
    for (;;) {
        WS();
        if (i >= n || s[i] != '"')
            return 0;
        size_t ks = ++i;
        while (i < n && s[i] != '"')
            i += s[i] == '\\' ? 2 : 1;
        if (i >= n)
            return 0;
        size_t ke = i++;
        WS();
        if (i >= n || s[i] != ':')
            return 0;
        i++;
        WS();
        size_t vs = i;
        long depth = 0;
        while (i < n) {
            char c = s[i];
            if (c == '"') {
                i++;
                while (i < n && s[i] != '"')
                    i += s[i] == '\\' ? 2 : 1;
                i++;
            } else if (c == '{' || c == '[') {
                depth++;
                i++;
            } else if (c == '}' || c == ']') {
                if (depth == 0)
                    break;
                depth--;
                i++;
            } else if (c == ',' && depth == 0) {
                break;
            } else {
                i++;
            }
        }
        if (i > n)
            return 0;
        size_t ve = i;
        while (ve > vs && (unsigned char)s[ve - 1] <= 32)
            ve--;
        if (ke - ks == klen && memcmp(s + ks, key, klen) == 0) {
            *val = s + vs;
            *vlen = ve - vs;
            return 1;
        }
        if (i >= n || s[i] != ',')
            return 0;
        i++;
    }
#undef WS
}

/* Is s[0..n) a JSON number token? */
static int json_number(const char *s, size_t n)
{
    size_t i = 0;
    if (i < n && s[i] == '-')
        i++;
    if (i >= n || s[i] < '0' || s[i] > '9')
        return 0;
    while (i < n && ((s[i] >= '0' && s[i] <= '9') || s[i] == '.' ||
                     s[i] == 'e' || s[i] == 'E' || s[i] == '+' || s[i] == '-'))
        i++;
    return i == n;
}

/* ---- JSON Lines: the fast path ------------------------------------------
 *
 * Most lines are a flat object with plain strings. Those are scanned here,
 * without cJSON and without an allocation: the line is checked whole
 * first, then the values of "id", "text" and "date" are unescaped in
 * place (a value never grows when unescaped). Anything this scanner does
 * not take (a control byte in a string, \u0000 or a lone surrogate, an
 * escaped key at the top level, a number cJSON reads differently, a
 * nesting deeper than FAST_DEPTH, or simply bad JSON) goes to cJSON, which
 * then decides and words every message exactly as before. What the fast
 * path accepts, cJSON accepts with the same values (tests/test_read.c
 * compares the two on tricky lines). */

/* A member's value, from either path. */
enum {
    JV_ABSENT,
    JV_NULL,
    JV_FALSE,
    JV_TRUE,
    JV_NUMBER,
    JV_STRING,
    JV_ARRAY,
    JV_OBJECT
};

typedef struct jv {
    int type;
    const char *str; /* JV_STRING: the NUL-terminated value */
    size_t len;      /* its length (up to a NUL from \u0000 in cJSON's) */
    const char *raw; /* JV_NUMBER (fast path): the number as written */
    size_t rawlen;
    double num;      /* JV_NUMBER (cJSON) */
    size_t from, to; /* fast path: the string's bytes in the line */
    int esc;         /* fast path: it has escapes */
} jv;

enum { FAST_DEPTH = 64 };

#define ONES 0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL

static long hex4(const unsigned char *s, size_t n)
{
    long v = 0;
    if (n < 4)
        return -1;
    for (int k = 0; k < 4; k++) {
        unsigned c = s[k];
        v <<= 4;
        if (c >= '0' && c <= '9')
            v |= c - '0';
        else if (c >= 'a' && c <= 'f')
            v |= c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            v |= c - 'A' + 10;
        else
            return -1;
    }
    return v;
}

/* A string at s[*pi] == '"': 1 and *pi past it when the fast path takes
 * it (*esc set when it has escapes), else 0. */
static int fast_string(const unsigned char *s, size_t n, size_t *pi, int *esc)
{
    size_t i = *pi + 1;
    *esc = 0;
    for (;;) {
        i = dg_json_plain_run(s, i, n);
        if (i >= n)
            return 0;
        if (s[i] == '"')
            break;
        if (s[i] != '\\' || i + 1 >= n)
            return 0; /* a control byte: cJSON's to judge */
        *esc = 1;
        switch (s[i + 1]) {
        case '"':
        case '\\':
        case '/':
        case 'b':
        case 'f':
        case 'n':
        case 'r':
        case 't':
            i += 2;
            break;
        case 'u': {
            long u = hex4(s + i + 2, n - i - 2);
            if (u <= 0 || (u >= 0xDC00 && u <= 0xDFFF))
                return 0; /* \u0000 (cJSON cuts the string), lone low */
            if (u >= 0xD800 && u <= 0xDBFF) {
                if (i + 12 > n || s[i + 6] != '\\' || s[i + 7] != 'u')
                    return 0;
                long v = hex4(s + i + 8, n - i - 8);
                if (v < 0xDC00 || v > 0xDFFF)
                    return 0;
                i += 12;
            } else {
                i += 6;
            }
            break;
        }
        default:
            return 0;
        }
    }
    *pi = i + 1;
    return 1;
}

/* Unescape s[from..to) (checked by fast_string) in place; NUL-terminated.
 * Returns the length. */
static size_t unescape(char *s, size_t from, size_t to)
{
    size_t o = from, i = from;
    while (i < to) {
        char *bs = memchr(s + i, '\\', to - i);
        size_t run = (bs ? (size_t)(bs - s) : to) - i;
        if (o != i)
            memmove(s + o, s + i, run);
        o += run;
        i += run;
        if (!bs)
            break;
        char c = s[i + 1];
        i += 2;
        switch (c) {
        case 'b':
            s[o++] = '\b';
            break;
        case 'f':
            s[o++] = '\f';
            break;
        case 'n':
            s[o++] = '\n';
            break;
        case 'r':
            s[o++] = '\r';
            break;
        case 't':
            s[o++] = '\t';
            break;
        case 'u': {
            uint32_t cp = (uint32_t)hex4((unsigned char *)s + i, 4);
            i += 4;
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                uint32_t lo = (uint32_t)hex4((unsigned char *)s + i + 2, 4);
                cp = 0x10000 + (((cp & 0x3FF) << 10) | (lo & 0x3FF));
                i += 6;
            }
            if (cp < 0x80) {
                s[o++] = (char)cp;
            } else if (cp < 0x800) {
                s[o++] = (char)(0xC0 | (cp >> 6));
                s[o++] = (char)(0x80 | (cp & 0x3F));
            } else if (cp < 0x10000) {
                s[o++] = (char)(0xE0 | (cp >> 12));
                s[o++] = (char)(0x80 | ((cp >> 6) & 0x3F));
                s[o++] = (char)(0x80 | (cp & 0x3F));
            } else {
                s[o++] = (char)(0xF0 | (cp >> 18));
                s[o++] = (char)(0x80 | ((cp >> 12) & 0x3F));
                s[o++] = (char)(0x80 | ((cp >> 6) & 0x3F));
                s[o++] = (char)(0x80 | (cp & 0x3F));
            }
            break;
        }
        default: /* '"', '\\', '/' */
            s[o++] = c;
        }
    }
    s[o] = '\0';
    return o - from;
}

/* A strict JSON number of at most 63 bytes (what cJSON reads whole). */
static int fast_number(const unsigned char *s, size_t n, size_t *pi)
{
    size_t i = *pi, st = i;
#define DIGIT(k) ((k) < n && s[k] >= '0' && s[k] <= '9')
    if (s[i] == '-')
        i++;
    if (!DIGIT(i))
        return 0;
    if (s[i] == '0')
        i++;
    else
        while (DIGIT(i))
            i++;
    if (i < n && s[i] == '.') {
        if (!DIGIT(i + 1))
            return 0;
        for (i++; DIGIT(i);)
            i++;
    }
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-'))
            i++;
        if (!DIGIT(i))
            return 0;
        while (DIGIT(i))
            i++;
    }
#undef DIGIT
    if (i - st > 63)
        return 0;
    *pi = i;
    return 1;
}

/* The line as a JSON object with "id", "text" and "date" (JV_ABSENT when
 * missing; the first of a repeated key, as cJSON gives); 0 when cJSON is
 * to read the line instead. The three strings are unescaped in place. */
static int fast_jl(char *line, size_t n, jv *f /* id, text, date */)
{
    const unsigned char *s = (const unsigned char *)line;
    char stk[FAST_DEPTH];
    int depth = 0, esc;
    size_t i = 0;
    jv *want = NULL;
    for (int k = 0; k < 3; k++)
        f[k].type = JV_ABSENT;
        /* white space as cJSON skips it, bytes 1 to 32: a NUL byte is no
         * JSON, and fails the line here (next_jl tells it) */
#define WS()                                                                   \
    while (i < n && s[i] <= 32 && s[i] != 0)                                   \
    i++
    WS();
    if (i >= n || s[i] != '{')
        return 0;
    stk[depth++] = '}';
    i++;
    WS();
    if (i < n && s[i] == '}') {
        i++;
        goto end;
    }
member:
    WS();
    if (i >= n || s[i] != '"')
        return 0;
    {
        size_t ks = i + 1;
        if (!fast_string(s, n, &i, &esc))
            return 0;
        want = NULL;
        if (depth == 1) {
            if (esc)
                return 0; /* "te\u0078t" is "text": cJSON's to decode */
            size_t kl = i - 1 - ks;
            int k = kl == 2 && memcmp(s + ks, "id", 2) == 0     ? 0
                    : kl == 4 && memcmp(s + ks, "text", 4) == 0 ? 1
                    : kl == 4 && memcmp(s + ks, "date", 4) == 0 ? 2
                                                                : -1;
            if (k >= 0 && f[k].type == JV_ABSENT)
                want = &f[k];
        }
    }
    WS();
    if (i >= n || s[i] != ':')
        return 0;
    i++;
    WS();
value:
    if (i >= n)
        return 0;
    switch (s[i]) {
    case '"': {
        size_t from = i + 1;
        if (!fast_string(s, n, &i, &esc))
            return 0;
        if (want) {
            want->type = JV_STRING;
            want->from = from;
            want->to = i - 1;
            want->esc = esc;
        }
        break;
    }
    case '{':
    case '[':
        if (depth == FAST_DEPTH)
            return 0;
        if (want)
            want->type = s[i] == '{' ? JV_OBJECT : JV_ARRAY;
        want = NULL;
        stk[depth++] = s[i] == '{' ? '}' : ']';
        i++;
        WS();
        if (i < n && s[i] == stk[depth - 1]) {
            depth--;
            i++;
            goto after;
        }
        if (stk[depth - 1] == '}')
            goto member;
        goto value;
    case 't':
    case 'f':
    case 'n': {
        static const char *const lit[3] = {"true", "false", "null"};
        static const int type[3] = {JV_TRUE, JV_FALSE, JV_NULL};
        int k = s[i] == 't' ? 0 : s[i] == 'f' ? 1 : 2;
        size_t l = strlen(lit[k]);
        if (n - i < l || memcmp(s + i, lit[k], l) != 0)
            return 0;
        i += l;
        if (want)
            want->type = type[k];
        break;
    }
    default: {
        size_t from = i;
        if (!fast_number(s, n, &i))
            return 0;
        if (want) {
            want->type = JV_NUMBER;
            want->raw = line + from;
            want->rawlen = i - from;
        }
    }
    }
    want = NULL;
after:
    WS();
    if (i >= n)
        return 0;
    if (s[i] == ',') {
        i++;
        WS();
        if (stk[depth - 1] == '}')
            goto member;
        goto value;
    }
    if (s[i] != stk[depth - 1])
        return 0;
    depth--;
    i++;
    if (depth == 0)
        goto end; /* cJSON ends right after the '}' */
    goto after;
end:
#undef WS
    /* after the object, only what next_jl calls blank */
    for (; i < n; i++)
        if (s[i] != ' ' && s[i] != '\n' && s[i] != '\r' && s[i] != '\t')
            return 0;
    for (int k = 0; k < 3; k++)
        if (f[k].type == JV_STRING) {
            f[k].str = line + f[k].from;
            f[k].len = f[k].esc ? unescape(line, f[k].from, f[k].to)
                                : f[k].to - f[k].from;
            line[f[k].from + f[k].len] = '\0';
        }
    return 1;
}

/* A member's value as cJSON gave it. */
static void jv_from_cjson(jv *v, const cJSON *c)
{
    memset(v, 0, sizeof *v);
    if (!c)
        v->type = JV_ABSENT;
    else if (cJSON_IsString(c)) {
        v->type = JV_STRING;
        v->str = c->valuestring;
        v->len = strlen(c->valuestring);
    } else if (cJSON_IsNumber(c)) {
        v->type = JV_NUMBER;
        v->num = c->valuedouble;
    } else if (cJSON_IsArray(c))
        v->type = JV_ARRAY;
    else if (cJSON_IsObject(c))
        v->type = JV_OBJECT;
    else if (cJSON_IsTrue(c))
        v->type = JV_TRUE;
    else if (cJSON_IsFalse(c))
        v->type = JV_FALSE;
    else
        v->type = JV_NULL;
}

static const char *type_name(int type)
{
    switch (type) {
    case JV_NUMBER:
        return "a number";
    case JV_STRING:
        return "a string";
    case JV_ARRAY:
        return "an array";
    case JV_OBJECT:
        return "an object";
    case JV_TRUE:
    case JV_FALSE:
        return "a boolean";
    default:
        return "null";
    }
}

/* Nesting depth of a JSON text, strings skipped (no recursion); *open
 * is set when the text ends inside a string or an unclosed bracket. */
static long json_depth(const char *s, size_t n, int *open)
{
    long depth = 0, max = 0;
    *open = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"') {
            for (i++; i < n && s[i] != '"'; i++)
                if (s[i] == '\\')
                    i++;
            if (i >= n)
                *open = 1;
        } else if (s[i] == '{' || s[i] == '[') {
            if (++depth > max)
                max = depth;
        } else if (s[i] == '}' || s[i] == ']') {
            depth--;
        }
    }
    if (depth > 0)
        *open = 1;
    return max;
}

static uint64_t id_hash(const char *s, size_t n)
{
    /* FNV-1a, then a finalizer so that close ids spread over the table */
    uint64_t h = dg_hash_bytes(s, n);
    h ^= h >> 33;
    h *= 0xFF51AFD7ED558CCDULL;
    h ^= h >> 33;
    return h ? h : 1;
}

/* The file (index into idfiles) that the id of ordinal k came from. */
static uint32_t id_file(const dg_reader *r, uint32_t k)
{
    size_t lo = 0, hi = r->nidfiles; /* last file with first <= k */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (r->idfiles[mid].first <= k)
            lo = mid;
        else
            hi = mid;
    }
    return (uint32_t)lo;
}

/* Doubles the index when it is 3/4 full; 0 or -1 out of memory. */
static int id_index_grow(dg_reader *r)
{
    if ((r->nids + 1) * 4 <= r->capindex * 3)
        return 0;
    size_t cap = r->capindex ? r->capindex * 2 : 1024;
    uint32_t *t = calloc(cap, sizeof *t);
    if (!t)
        return -1;
    for (size_t k = 0; k < r->nids; k++) {
        size_t j = (size_t)r->idhash[k] & (cap - 1);
        while (t[j])
            j = (j + 1) & (cap - 1);
        t[j] = (uint32_t)(k + 1);
    }
    free(r->idindex);
    r->idindex = t;
    r->capindex = cap;
    return 0;
}

/* The index slot where the search for an id of hash h starts: loaded
 * ahead (a cache miss in a large index) while the line's text is checked,
 * before id_seen reads it. */
static void id_prefetch(const dg_reader *r, uint64_t h)
{
#if defined(__GNUC__)
    if (r->capindex)
        __builtin_prefetch(&r->idindex[(size_t)h & (r->capindex - 1)]);
#else
    (void)r;
    (void)h;
#endif
}

/* Remember an id (of hash h, id_hash) read from the last file opened; when
 * it was seen before,
 * *file and *line say where first. 1 seen before, 0 new, -1 out of memory.
 * Past UINT32_MAX - 1 ids, new ids are no longer remembered. */
static int id_seen(dg_reader *r, uint64_t h, long line, uint32_t *ffile,
                   long *fline)
{
    if (r->nids >= UINT32_MAX - 1)
        return 0;
    if (r->nids == r->capids) { /* grown in place by realloc (mremap) */
        size_t cap = r->capids ? r->capids + r->capids / 2 : 1024;
        uint64_t *hs = realloc(r->idhash, cap * sizeof *hs);
        if (hs)
            r->idhash = hs;
        uint32_t *ls = realloc(r->idline, cap * sizeof *ls);
        if (ls)
            r->idline = ls;
        if (!hs || !ls)
            return -1;
        r->capids = cap;
    }
    if (id_index_grow(r) < 0)
        return -1;
    size_t j = (size_t)h & (r->capindex - 1);
    for (uint32_t k; (k = r->idindex[j]) != 0;
         j = (j + 1) & (r->capindex - 1)) {
        if (r->idhash[k - 1] == h) {
            *ffile = id_file(r, k - 1);
            *fline = r->idline[k - 1];
            return 1;
        }
    }
    r->idhash[r->nids] = h;
    r->idline[r->nids] =
        line > (long)UINT32_MAX ? UINT32_MAX : (uint32_t)line;
    r->idindex[j] = (uint32_t)++r->nids;
    return 0;
}

/* The length of s's longest valid UTF-8 prefix (n when all is valid). */
static size_t utf8_valid_prefix(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
#if defined(__SSE2__) && defined(__GNUC__)
        while (i + 32 <= n) { /* ASCII thirty-two bytes at a time */
            __m128i a = _mm_loadu_si128((const __m128i *)(const void *)(u + i));
            __m128i b =
                _mm_loadu_si128((const __m128i *)(const void *)(u + i + 16));
            if (_mm_movemask_epi8(_mm_or_si128(a, b))) {
                unsigned m = (unsigned)_mm_movemask_epi8(a) |
                             (unsigned)_mm_movemask_epi8(b) << 16;
                i += (size_t)__builtin_ctz(m);
                break;
            }
            i += 32;
        }
#endif
        while (i + 8 <= n) { /* ASCII eight bytes at a time */
            uint64_t x;
            memcpy(&x, u + i, 8);
            if (x & HIGHS)
                break;
            i += 8;
        }
        if (i >= n)
            break;
        unsigned c = u[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        /* the usual sequences first: two bytes, and three with a lead
         * byte that allows no overlong form and no surrogate */
        if (c >= 0xC2 && c <= 0xDF && i + 1 < n && (u[i + 1] & 0xC0) == 0x80) {
            i += 2;
            continue;
        }
        if (c >= 0xE1 && c <= 0xEF && c != 0xED && i + 2 < n &&
            (u[i + 1] & 0xC0) == 0x80 && (u[i + 2] & 0xC0) == 0x80) {
            i += 3;
            continue;
        }
        size_t k = utf8_len(u + i, n - i);
        if (!k)
            break;
        i += k;
    }
    return i;
}

/* Text with invalid UTF-8 replaced by U+FFFD (reported with the line and
 * byte offset); returns s itself when it is valid. valid is
 * utf8_valid_prefix(s, n). */
static const char *clean_utf8(dg_reader *r, const char *s, size_t n,
                              size_t valid, const char *what, size_t *outlen)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = valid, bad = 0;
    *outlen = n;
    if (i == n)
        return s;
    r->clean.len = 0;
    if (dg_buf_append(&r->clean, s, i) != DG_OK)
        return NULL;
    while (i < n) {
        size_t k = utf8_len(u + i, n - i);
        if (k) {
            if (dg_buf_append(&r->clean, s + i, k) != DG_OK)
                return NULL;
            i += k;
            continue;
        }
        if (bad < 5)
            report(r, DG_EENCODING, r->jlname, r->jlline,
                   "invalid UTF-8 at byte offset %zu of %s (replaced by "
                   "U+FFFD; convert the file to UTF-8, e.g. with iconv)",
                   i, what);
        bad++;
        if (dg_buf_append(&r->clean, "\xEF\xBF\xBD", 3) != DG_OK)
            return NULL;
        i++;
    }
    if (bad > 5)
        report(r, DG_EENCODING, r->jlname, r->jlline,
               "%zu invalid UTF-8 bytes in %s in all", bad, what);
    *outlen = r->clean.len;
    return r->clean.data;
}

/* The document's id: a string as is, a number as written; else the
 * file and line (reported when "id" was there but unusable). */
static int jl_id(dg_reader *r, const jv *id, const char *line, size_t len)
{
    r->id.len = 0;
    if (id->type == JV_STRING && id->len) {
        size_t n = id->len, m = 0;
        const unsigned char *u = (const unsigned char *)id->str;
        for (size_t i = 0; i < n; i += m)
            if (!(m = u[i] < 0x80 ? 1 : utf8_len(u + i, n - i)))
                break;
        if (m) {
            if (dg_buf_append(&r->id, id->str, n) != DG_OK)
                return DG_ENOMEM;
            return DG_OK;
        }
        report(r, DG_EENCODING, r->jlname, r->jlline,
               "\"id\" is not valid UTF-8; using %s:%ld as the id", r->jlname,
               r->jlline);
    } else if (id->type == JV_NUMBER) {
        const char *v;
        size_t vlen;
        if (id->raw)
            return dg_buf_append(&r->id, id->raw, id->rawlen);
        if (find_member(line, len, "id", &v, &vlen) && json_number(v, vlen))
            return dg_buf_append(&r->id, v, vlen);
        return dg_buf_printf(&r->id, "%.17g", id->num);
    } else if (id->type == JV_STRING) {
        report(r, DG_EPARSE, r->jlname, r->jlline,
               "\"id\" is empty; using %s:%ld as the id", r->jlname, r->jlline);
    } else if (id->type != JV_ABSENT && id->type != JV_NULL) {
        report(r, DG_EPARSE, r->jlname, r->jlline,
               "\"id\" is %s, not a string or a number; using %s:%ld as the "
               "id",
               type_name(id->type), r->jlname, r->jlline);
    }
    return dg_buf_printf(&r->id, "%s:%ld", r->jlname, r->jlline);
}

/* Next document from the open JSON Lines input: 1, 0 at its end, or
 * DG_ENOMEM. */
static int next_jl(dg_reader *r, dg_document *doc)
{
    int too_long, got;
    uintmax_t total;
    while ((got = next_line(r, &too_long, &total)) > 0) {
        r->jlline++;
        if (too_long) {
            report_too_large(r, r->jlname, r->jlline, total);
            continue;
        }
        char *line = r->lp;
        size_t len = r->ll;
        if (r->jlline == 1) {
            int kind = sniff(line, len);
            if (kind == SNIFF_UTF16 || kind == SNIFF_UTF32) {
                refuse(r, r->jlname, kind, 0);
                break;
            }
            size_t bom = bom_len(line, len);
            line += bom;
            len -= bom;
        }
        if (blank(line, len))
            continue;
        cJSON_Delete(r->cur);
        r->cur = NULL;
        /* a line that the fast path reads holds no NUL byte (a control
         * byte in neither a string nor white space) */
        jv f[3]; /* id, text, date */
        if (!r->no_fast && fast_jl(line, len, f)) {
            r->fast_lines++;
        } else {
            const char *nul = memchr(line, '\0', len);
            if (nul) {
                report(r, DG_EPARSE, r->jlname, r->jlline,
                       "a NUL byte at byte %zu of the line (not JSON); line "
                       "skipped",
                       (size_t)(nul - line));
                continue;
            }
            const char *end = NULL;
            r->cur = cJSON_ParseWithLengthOpts(line, len, &end, 0);
            if (!r->cur) {
                size_t at = end && end >= line ? (size_t)(end - line) : 0;
                size_t content = len;
                while (content > 0 && (unsigned char)line[content - 1] <= 32)
                    content--;
                int open;
                if (json_depth(line, len, &open) > CJSON_NESTING_LIMIT)
                    report(r, DG_EPARSE, r->jlname, r->jlline,
                           "JSON nested deeper than %d levels; line skipped",
                           CJSON_NESTING_LIMIT);
                else if (open || at >= content)
                    report(r, DG_EPARSE, r->jlname, r->jlline,
                           "truncated JSON (the line ends inside a value); "
                           "line skipped");
                else
                    report(r, DG_EPARSE, r->jlname, r->jlline,
                           "malformed JSON at byte %zu of the line (expected "
                           "{\"id\": ..., \"text\": ...}); line skipped",
                           at);
                continue;
            }
            while (end && end < line + len && blank(end, 1))
                end++;
            if (end && end < line + len) {
                report(r, DG_EPARSE, r->jlname, r->jlline,
                       "text after the JSON object at byte %zu (one object a "
                       "line); line skipped",
                       (size_t)(end - line));
                continue;
            }
            if (!cJSON_IsObject(r->cur)) {
                jv_from_cjson(&f[0], r->cur);
                report(r, DG_EPARSE, r->jlname, r->jlline,
                       "not a JSON object but %s (expected {\"id\": ..., "
                       "\"text\": ...}); line skipped",
                       type_name(f[0].type));
                continue;
            }
            jv_from_cjson(&f[0],
                          cJSON_GetObjectItemCaseSensitive(r->cur, "id"));
            jv_from_cjson(&f[1],
                          cJSON_GetObjectItemCaseSensitive(r->cur, "text"));
            jv_from_cjson(&f[2],
                          cJSON_GetObjectItemCaseSensitive(r->cur, "date"));
        }
        const jv *id = &f[0], *text = &f[1], *date = &f[2];
        if (text->type == JV_ABSENT) {
            report(r, DG_EPARSE, r->jlname, r->jlline,
                   "no \"text\" member; line skipped");
            continue;
        }
        if (text->type != JV_STRING) {
            report(r, DG_EPARSE, r->jlname, r->jlline,
                   "\"text\" is %s, not a string; line skipped",
                   type_name(text->type));
            continue;
        }
        size_t tlen = text->len;
        if (blank(text->str, tlen)) {
            report(r, DG_EEMPTY, r->jlname, r->jlline,
                   "empty input: \"text\" holds no text; line skipped");
            continue;
        }
        if (jl_id(r, id, line, len) != DG_OK)
            return DG_ENOMEM;
        uint32_t ffile;
        long fline;
        uint64_t h = id_hash(r->id.data, strlen(r->id.data));
        id_prefetch(r, h);
        /* the text's check while the index slot is loaded */
        size_t valid = utf8_valid_prefix(text->str, tlen);
        int dup = id_seen(r, h, r->jlline, &ffile, &fline);
        if (dup < 0)
            return DG_ENOMEM;
        if (dup) {
            if (ffile == r->nidfiles - 1)
                report(r, DG_EPARSE, r->jlname, r->jlline,
                       "duplicate id \"%.200s\" (first on line %ld); line "
                       "skipped",
                       r->id.data, fline);
            else
                report(r, DG_EPARSE, r->jlname, r->jlline,
                       "duplicate id \"%.200s\" (first in %.200s, line %ld); "
                       "line skipped",
                       r->id.data, r->idfiles[ffile].name, fline);
            continue;
        }
        const char *t =
            clean_utf8(r, text->str, tlen, valid, "\"text\"", &tlen);
        if (!t)
            return DG_ENOMEM;
        doc->id = r->id.data;
        doc->text = t;
        doc->len = tlen;
        doc->date = NULL;
        if (date->type == JV_STRING && date->len) {
            if (dg_parse_date(date->str) < 0) {
                report(r, DG_EPARSE, r->jlname, r->jlline,
                       "\"date\" \"%.40s\" is not a valid YYYY-MM-DD date "
                       "(or ISO 8601 date and time); using today's date",
                       date->str);
            } else {
                memcpy(r->date, date->str, 10);
                r->date[10] = '\0';
                doc->date = r->date;
            }
        } else if (date->type != JV_ABSENT && date->type != JV_NULL &&
                   date->type != JV_STRING) {
            report(r, DG_EPARSE, r->jlname, r->jlline,
                   "\"date\" is %s, not a \"YYYY-MM-DD\" string; using "
                   "today's date",
                   type_name(date->type));
        }
        r->jldocs++;
        r->documents++;
        return 1;
    }
    if (got == -2)
        return DG_ENOMEM;
    if (r->jldocs == 0 && r->problems == r->jlproblems && got == 0)
        report(r, DG_EEMPTY, r->jlname, 0,
               "empty input: no documents (expected one JSON object a line)");
    close_jl(r);
    return 0;
}

static int open_jl(dg_reader *r, const char *path, int fd, int is_stdin)
{
    r->jlfd = fd;
    r->jl_is_stdin = is_stdin;
    r->jlname = dg_strdup(path);
    r->jlline = 0;
    r->jldocs = 0;
    r->jlproblems = r->problems;
    r->inpos = r->inend = 0;
    r->ineof = 0;
    char *copy = dg_strdup(path);
    struct idfile *f = realloc(r->idfiles, (r->nidfiles + 1) * sizeof *f);
    if (!r->jlname || !copy || !f) {
        free(copy);
        if (f)
            r->idfiles = f;
        return DG_ENOMEM;
    }
    r->idfiles = f;
    r->idfiles[r->nidfiles].name = copy;
    r->idfiles[r->nidfiles++].first = (uint32_t)r->nids;
    return DG_OK;
}

/* Reading stops: dg_reader_next returns the failure, naming the input,
 * so that the run does not look complete. */
static int out_of_memory(dg_reader *r, const char *name)
{
    dg_error_set(&r->fail, DG_ENOMEM, name, 0,
                 "out of memory; reading stopped here");
    return DG_ENOMEM;
}

/* What standard input holds: as set, else by its first bytes (kept in
 * r->pre, read again first). A read error is left to the reader. */
static int stdin_kind(dg_reader *r)
{
    if (r->stdin_format != DG_INPUT_AUTO)
        return r->stdin_format;
    char *buf;
    size_t len;
    int kind = dg_sniff_fd(0, &buf, &len);
    if (kind == DG_ENOMEM)
        return kind;
    free(r->pre);
    r->pre = buf;
    r->pre_len = len;
    r->pre_pos = 0;
    return kind == DG_EIO ? DG_INPUT_TEXT : kind;
}


static int next_doc(dg_reader *r, dg_document *doc);

/* The next document of the reader's shard (dg_reader_set_shard): every
 * n-th document by its ordinal among those read, from the k-th. */
static int next_in_shard(dg_reader *r, dg_document *doc)
{
    int rc;
    while ((rc = next_doc(r, doc)) == 1) {
        size_t ord = r->ordinal++;
        if (!r->shard_n || ord % r->shard_n == r->shard_k - 1)
            return 1;
        r->documents--; /* counts the documents returned */
    }
    return rc;
}

int dg_reader_next(dg_reader *r, dg_document *doc, dg_error *err)
{
    if (!r || !doc)
        return dg_error_set(err, DG_EINVAL, NULL, 0,
                            "dg_reader_next: no reader or no document");
    int rc = r->fail.code ? r->fail.code : next_in_shard(r, doc);
    if (rc >= 0 && r->stop && !r->fail.code) {
        dg_error_set(&r->fail, DG_EABORT, r->name ? r->name : "", 0,
                     "stopped by the report callback");
        close_jl(r);
    }
    if (r->fail.code) {
        if (err)
            *err = r->fail;
        return r->fail.code;
    }
    return rc;
}

static int next_doc(dg_reader *r, dg_document *doc)
{
    for (;;) {
        if (r->stop)
            return 0; /* dg_reader_next turns it into DG_EABORT */
        if (r->jlfd >= 0) {
            int rc = next_jl(r, doc);
            if (rc == 1)
                return 1;
            if (rc < 0) {
                out_of_memory(r, r->jlname ? r->jlname : "");
                close_jl(r);
                return DG_ENOMEM;
            }
        }
        if (r->nqueue == 0)
            return 0;
        r->nqueue--;
        char *path = r->queue[r->nqueue].path;
        int from_dir = r->queue[r->nqueue].found_in_dir;
        free(r->text);
        r->text = NULL;
        free(r->name);
        r->name = path;
        size_t len;
        if (strcmp(path, "-") == 0) {
            if (r->stdin_read) {
                report(r, DG_EINVAL, "<stdin>", 0,
                       "standard input given twice; read once");
                continue;
            }
            r->stdin_read = 1;
            struct stat st;
            if (fstat(0, &st) != 0) {
                report(r, DG_EIO, "<stdin>", 0, "cannot read: %s",
                       strerror(errno));
                continue;
            }
            int kind = stdin_kind(r);
            if (kind == DG_ENOMEM)
                return out_of_memory(r, "<stdin>");
            if (kind == DG_INPUT_GRAPH) {
                report(r, DG_EINVAL, "<stdin>", 0,
                       "graph JSON (a saved graph), not news text; skipped "
                       "(report and render read graphs; --input-format "
                       "text reads it as text)");
                continue;
            }
            if (kind == DG_INPUT_JSONL) {
                if (open_jl(r, "<stdin>", 0, 1) != DG_OK) {
                    close_jl(r);
                    return out_of_memory(r, "<stdin>");
                }
                continue;
            }
            int rc = read_plain(r, 0, &st, "<stdin>", 0, &len);
            if (rc < 0)
                return out_of_memory(r, "<stdin>");
            if (rc == 0)
                continue;
            doc->id = "<stdin>";
            doc->text = r->text;
            doc->len = len;
            doc->date = NULL;
            r->documents++;
            return 1;
        }
        if (from_dir && binary_name(path))
            continue;
        struct stat st;
        int fd = open_input(r, path, from_dir, &st);
        if (fd < 0)
            continue;
        if (S_ISDIR(st.st_mode) || S_ISREG(st.st_mode)) {
            int again = seen_before(r, &st);
            if (again) {
                if (again < 0) {
                    close(fd);
                    return out_of_memory(r, path);
                }
                if (!from_dir)
                    report(r, DG_EINVAL, path, 0,
                           "already read (the same %s was given or reached "
                           "before); not read again",
                           S_ISDIR(st.st_mode) ? "directory" : "file");
                close(fd);
                continue;
            }
        } else if (from_dir) {
            close(fd); /* replaced by a FIFO or a device since the listing */
            continue;
        }
        if (S_ISDIR(st.st_mode)) {
            if (expand_dir(r, path, fd, !from_dir) != DG_OK)
                return out_of_memory(r, path);
            continue;
        }
        int zkind = compression_of(path);
        if (from_dir && S_ISREG(st.st_mode) && zkind == Z_PLAIN &&
            own_output(fd)) {
            close(fd);
            continue;
        }
        if (z_open(r, fd, path) != DG_OK) {
            close(fd);
            return out_of_memory(r, path);
        }
        if (ends_with(path, ".jsonl") || ends_with(path, ".jsonl.gz") ||
            ends_with(path, ".jsonl.zst")) {
            if (open_jl(r, path, fd, 0) != DG_OK) {
                close_jl(r);
                return out_of_memory(r, path);
            }
            continue;
        }
        struct stat zst = st;
        if (zkind != Z_PLAIN)
            zst.st_size = 0; /* the compressed size says nothing */
        int rc = read_plain(r, fd, &zst, path, from_dir, &len);
        z_close(r);
        close(fd);
        if (rc < 0)
            return out_of_memory(r, path);
        if (rc == 0)
            continue;
        doc->id = path;
        doc->text = r->text;
        doc->len = len;
        doc->date = NULL;
        r->documents++;
        return 1;
    }
}

int dg_reader_set_shard(dg_reader *r, size_t k, size_t n)
{
    if (n == 0 && k == 0) {
        r->shard_k = r->shard_n = 0;
        return DG_OK;
    }
    if (k < 1 || k > n)
        return DG_EINVAL;
    r->shard_k = k;
    r->shard_n = n;
    return DG_OK;
}

