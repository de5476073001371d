/* util.c -- small shared helpers: errors, hashing, buffers, files,
 * dates and output files (in place for devices and FIFOs, temporary file
 * + rename for regular files). */
#define _GNU_SOURCE /* fopencookie: the checked writer under a FILE */
#include "internal.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
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

int dg_read_file(const char *path, char **out, size_t *len, size_t max,
                 const char *what, dg_error *err)
{
    FILE *fp = fopen(path, "rb");
    dg_buf b = {0};
    char chunk[65536];
    size_t n;

    if (!fp)
        return dg_error_set(err, DG_EIO, path, 0, "cannot open: %s",
                            strerror(errno));
    while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0) {
        if (b.len + n > max) {
            /* a device or a FIFO has no size to check beforehand */
            fclose(fp);
            dg_buf_free(&b);
            return dg_error_set(err, DG_EPARSE, path, 0,
                                "the file is larger than %zu MiB, the limit "
                                "of %s",
                                max >> 20, what);
        }
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

/* n digits at s, or -1. */
static int digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

/* The time and zone after an ISO 8601 date, from its 'T' (or space) on:
 * HH:MM, HH:MM:SS or HH:MM:SS.fff, then nothing, Z, +HH:MM, -HH:MM,
 * +HHMM or +HH. 1 when t is one of those, else 0. */
static int iso_time(const char *t)
{
    if (*t != 'T' && *t != 't' && *t != ' ')
        return 0;
    t++;
    int h = digits(t, 2); /* t[2] exists only when these are digits */
    if (h < 0 || h > 24 || t[2] != ':')
        return 0;
    int m = digits(t + 3, 2);
    if (m < 0 || m > 59)
        return 0;
    t += 5;
    if (*t == ':') {
        int sec = digits(t + 1, 2);
        if (sec < 0 || sec > 60)
            return 0;
        t += 3;
        if (*t == '.' || *t == ',') {
            t++;
            if (*t < '0' || *t > '9')
                return 0;
            while (*t >= '0' && *t <= '9')
                t++;
        }
    }
    if (*t == 'Z' || *t == 'z')
        return t[1] == '\0';
    if (*t == '+' || *t == '-') {
        int zh = digits(t + 1, 2);
        if (zh < 0 || zh > 14)
            return 0;
        t += 3;
        if (*t == ':')
            t++;
        if (*t == '\0')
            return 1;
        int zm = digits(t, 2);
        return zm >= 0 && zm < 60 && t[2] == '\0';
    }
    return *t == '\0';
}

long dg_parse_date(const char *s)
{
    /* YYYY-MM-DD, a day that the month has (2024-02-31, 2023-02-29 and
     * 2024-13-01 are -1), alone or followed by an ISO 8601 time and zone
     * (2024-03-01T10:00:00Z, 2024-03-01 10:00+02:00): the date is the
     * calendar day as written, in the zone the text gives */
    if (!s)
        return -1;
    for (int i = 0; i < 10; i++) {
        if (i == 4 || i == 7) {
            if (s[i] != '-')
                return -1;
        } else if (s[i] < '0' || s[i] > '9')
            return -1;
    }
    if (s[10] != '\0' && !iso_time(s + 10))
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

/* ---- output files ------------------------------------------------------ */

/* Temporary files that exist right now, for dg_remove_temporary_files():
 * lock-free atomic pointers to the tmp buffer of an open dg_atomic_file,
 * set after mkstemp and cleared after the rename or unlink, so that a
 * signal handler in any thread can read them. */
#define DG_TMP_SLOTS 64
static _Atomic(const char *) live_tmp[DG_TMP_SLOTS];

static int tmp_register(const char *tmp)
{
    for (int i = 0; i < DG_TMP_SLOTS; i++) {
        const char *expected = NULL;
        if (atomic_compare_exchange_strong(&live_tmp[i], &expected, tmp))
            return i;
    }
    return -1; /* all in use: still removed on errors, not on signals */
}

void dg_remove_temporary_files(void)
{
    for (int i = 0; i < DG_TMP_SLOTS; i++) {
        const char *p = atomic_load(&live_tmp[i]);
        if (p)
            unlink(p);
    }
}

/* SIGTERM, SIGINT and SIGHUP are held back in this thread while a
 * temporary file is created and registered, or renamed or removed and
 * unregistered, so that a handler never sees a half-done step. */
static void hold_signals(sigset_t *old)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &set, old);
}

static void release_signals(const sigset_t *old)
{
    pthread_sigmask(SIG_SETMASK, old, NULL);
}

/* The umask without changing it (Linux >= 4.7 shows it in
 * /proc/self/status); elsewhere set and restored, which races only with
 * another thread creating a file at that instant. */
static mode_t current_umask(void)
{
    FILE *fp = fopen("/proc/self/status", "r");
    if (fp) {
        char line[256];
        while (fgets(line, sizeof line, fp)) {
            if (strncmp(line, "Umask:", 6) == 0) {
                fclose(fp);
                return (mode_t)(strtoul(line + 6, NULL, 8) & 0777);
            }
        }
        fclose(fp);
    }
    mode_t m = umask(022);
    umask(m);
    return m;
}

/* The project's checked writer under the FILE that callers print to:
 * every byte goes out with write(2) (short writes and EINTR retried) and
 * the first error is kept for the message; after it nothing more is
 * written. */
static ssize_t out_write(void *cookie, const char *buf, size_t size)
{
    dg_atomic_file *af = cookie;
    size_t done = 0;
    if (af->werrno || af->discard)
        return 0;
    while (done < size) {
        ssize_t n = write(af->fd, buf + done, size - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            af->werrno = n < 0 ? errno : EIO;
            break;
        }
        done += (size_t)n;
    }
    return (ssize_t)done;
}

static int out_stream(dg_atomic_file *af, dg_error *err)
{
    cookie_io_functions_t io = {NULL, out_write, NULL, NULL};
    af->fp = fopencookie(af, "w", io);
    if (af->fp) {
        if (af->kind != DG_OUT_STDOUT)
            setvbuf(af->fp, NULL, _IOFBF, 65536);
        return DG_OK;
    }
    dg_atomic_abort(af);
    return dg_error_set(err, DG_ENOMEM, af->path, 0, "out of memory");
}

static int write_error(const dg_atomic_file *af, int e, dg_error *err)
{
    if (af->kind == DG_OUT_STDOUT)
        return e == EPIPE || e == EBADF
                   ? dg_error_set(err, DG_EIO, NULL, 0,
                                  "standard output was closed")
                   : dg_error_set(err, DG_EIO, NULL, 0,
                                  "cannot write to standard output: %s",
                                  strerror(e));
    if (e == ENOSPC || e == EDQUOT)
        return dg_error_set(err, DG_EIO, af->path, 0,
                            "write failed: %s (free some space or choose "
                            "another place%s)",
                            strerror(e),
                            af->kind == DG_OUT_TEMP
                                ? "; the previous file, if any, is unchanged"
                                : "");
    if (e == EPIPE)
        return dg_error_set(err, DG_EIO, af->path, 0,
                            "write failed: the reader closed the pipe");
    return dg_error_set(
        err, DG_EIO, af->path, 0, "write failed: %s%s", strerror(e),
        af->kind == DG_OUT_TEMP ? " (the previous file, if any, is unchanged)"
                                : "");
}

/* Why a file cannot be created in dir (errno e from mkstemp). */
static int create_error(const char *path, const char *dir, int e, dg_error *err)
{
    if (e == ENOENT)
        return dg_error_set(err, DG_EIO, path, 0,
                            "cannot write: the directory %s does not exist "
                            "(create it first, or choose another path)",
                            dir);
    if (e == ENOTDIR)
        return dg_error_set(err, DG_EIO, path, 0,
                            "cannot write: %s is not a directory (choose "
                            "another path)",
                            dir);
    if (e == EACCES || e == EPERM)
        return dg_error_set(err, DG_EIO, path, 0,
                            "cannot write: no permission to create files in "
                            "%s (choose a directory you can write to)",
                            dir);
    if (e == EROFS)
        return dg_error_set(err, DG_EIO, path, 0,
                            "cannot write: %s is on a read-only file system "
                            "(choose another place)",
                            dir);
    if (e == ENOSPC || e == EDQUOT)
        return dg_error_set(err, DG_EIO, path, 0,
                            "cannot write: %s (free some space or choose "
                            "another place)",
                            strerror(e));
    return dg_error_set(err, DG_EIO, path, 0,
                        "cannot write: %s (check that the directory %s "
                        "exists and is writable)",
                        strerror(e), dir);
}

int dg_output_check(const char *path, dg_error *err)
{
    struct stat st;
    if (strcmp(path, "-") == 0)
        return DG_OK;
    if (stat(path, &st) == 0)
        return S_ISDIR(st.st_mode)
                   ? dg_error_set(err, DG_EIO, path, 0,
                                  "is a directory (name a file to write)")
                   : DG_OK;
    const char *slash = strrchr(path, '/');
    if (!slash)
        return DG_OK;
    char dir[4096];
    size_t n = slash == path ? 1 : (size_t)(slash - path);
    if (n >= sizeof dir)
        return dg_error_set(err, DG_EINVAL, path, 0, "path too long");
    memcpy(dir, path, n);
    dir[n] = '\0';
    if (stat(dir, &st) != 0)
        return create_error(path, dir, errno, err);
    if (!S_ISDIR(st.st_mode))
        return create_error(path, dir, ENOTDIR, err);
    if (!slash[1])
        return dg_error_set(err, DG_EIO, path, 0,
                            "is a directory (name a file to write)");
    return DG_OK;
}

int dg_atomic_open(dg_atomic_file *af, const char *path, dg_error *err)
{
    struct stat st;
    af->fp = NULL;
    af->fd = -1;
    af->slot = -1;
    af->werrno = 0;
    af->discard = 0;
    af->kind = DG_OUT_TEMP;
    af->tmp[0] = '\0';
    size_t len = strlen(path);
    if (len + 1 > sizeof af->path)
        return dg_error_set(err, DG_EINVAL, path, 0, "path too long");
    memcpy(af->path, path, len + 1);
    if (strcmp(path, "-") == 0) {
        af->kind = DG_OUT_STDOUT;
        af->fd = STDOUT_FILENO;
        int rc = out_stream(af, err);
        if (rc == DG_OK && isatty(STDOUT_FILENO))
            setvbuf(af->fp, NULL, _IOLBF, BUFSIZ); /* a line as it comes */
        return rc;
    }
    /* /dev/stdout, /dev/stderr, /dev/fd/N: the descriptor itself, as a
     * shell's redirection means it (a file opened with >> stays appended
     * to, not replaced) */
    int std = strcmp(path, "/dev/stdout") == 0   ? 1
              : strcmp(path, "/dev/stderr") == 0 ? 2
                                                 : -1;
    if (std < 0 && (strncmp(path, "/dev/fd/", 8) == 0 ||
                    strncmp(path, "/proc/self/fd/", 14) == 0)) {
        char *end;
        const char *num = path + (path[1] == 'd' ? 8 : 14);
        long v = strtol(num, &end, 10);
        if (end != num && !*end && v >= 0 && v < 1 << 20)
            std = (int)v;
    }
    if (std >= 0) {
        int fd = fcntl(std, F_DUPFD_CLOEXEC, 3);
        if (fd < 0)
            return dg_error_set(err, DG_EIO, path, 0, "cannot write: %s",
                                strerror(errno));
        af->kind = DG_OUT_INPLACE;
        af->fd = fd;
        return out_stream(af, err);
    }
    int exists = stat(path, &st) == 0;
    if (exists && S_ISDIR(st.st_mode))
        return dg_error_set(err, DG_EIO, path, 0,
                            "is a directory (name a file to write)");
    if (exists && !S_ISREG(st.st_mode)) {
        /* a device, a FIFO or a socket: written where it is, never
         * replaced (blocks, like a shell's >, until a FIFO has a reader) */
        int fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
        if (fd < 0)
            return dg_error_set(err, DG_EIO, path, 0, "cannot open: %s",
                                strerror(errno));
        struct stat fst;
        if (fstat(fd, &fst) == 0 && !S_ISREG(fst.st_mode)) {
            af->kind = DG_OUT_INPLACE;
            af->fd = fd;
            return out_stream(af, err);
        }
        close(fd); /* replaced by a regular file meanwhile */
        exists = stat(path, &st) == 0;
    }
    /* a regular file or a new path: a hidden temporary file beside it,
     * renamed over it on commit; directory readers skip dot files. A
     * symlink to a regular file stays: its target is replaced, as a
     * shell's > would write it. */
    const char *dest = path;
    struct stat lst;
    if (exists && lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode) &&
        realpath(path, af->target))
        dest = af->target;
    else
        memcpy(af->target, path, len + 1);
    const char *slash = strrchr(dest, '/');
    const char *base = slash ? slash + 1 : dest;
    if (!*base)
        return dg_error_set(err, DG_EIO, path, 0,
                            "is a directory (name a file to write)");
    int n = snprintf(af->tmp, sizeof af->tmp, "%.*s.%s.diplograph-tmp.XXXXXX",
                     (int)(base - dest), dest, base);
    if (n < 0 || (size_t)n >= sizeof af->tmp)
        return dg_error_set(err, DG_EINVAL, path, 0, "path too long");
    mode_t mode = exists ? st.st_mode & 07777 : 0666 & ~current_umask();
    sigset_t old;
    hold_signals(&old);
    int fd = mkstemp(af->tmp);
    int e = errno;
    if (fd >= 0)
        af->slot = tmp_register(af->tmp);
    release_signals(&old);
    if (fd < 0) {
        char dir[4096];
        size_t dn = !slash ? 0 : slash == dest ? 1 : (size_t)(slash - dest);
        snprintf(dir, sizeof dir, "%.*s", dn ? (int)dn : 1, dn ? dest : ".");
        af->tmp[0] = '\0';
        return create_error(path, dir, e, err);
    }
    af->fd = fd;
    /* mkstemp makes 0600: a new file gets what the umask allows, a
     * replaced one keeps its owner (when allowed) and its mode */
    if (exists && (st.st_uid != geteuid() || st.st_gid != getegid()))
        (void)!fchown(fd, st.st_uid, st.st_gid);
    (void)fchmod(fd, mode);
    return out_stream(af, err);
}

/* Removes the temporary file, if any, and unregisters it. */
static void drop_tmp(dg_atomic_file *af)
{
    if (af->kind != DG_OUT_TEMP || !af->tmp[0])
        return;
    sigset_t old;
    hold_signals(&old);
    unlink(af->tmp);
    if (af->slot >= 0)
        atomic_store(&live_tmp[af->slot], NULL);
    release_signals(&old);
    af->slot = -1;
    af->tmp[0] = '\0';
}

int dg_atomic_commit(dg_atomic_file *af, dg_error *err)
{
    int e = 0;
    if (fflush(af->fp) != 0 || ferror(af->fp))
        e = af->werrno ? af->werrno : EIO;
    fclose(af->fp);
    af->fp = NULL;
    if (af->kind == DG_OUT_TEMP && !e && fsync(af->fd) != 0)
        e = errno;
    if (af->kind != DG_OUT_STDOUT && close(af->fd) != 0 && !e && errno != EINTR)
        e = errno;
    af->fd = -1;
    if (e) {
        drop_tmp(af);
        return write_error(af, e, err);
    }
    if (af->kind != DG_OUT_TEMP)
        return DG_OK;
    sigset_t old;
    hold_signals(&old);
    if (rename(af->tmp, af->target) != 0) {
        e = errno;
        unlink(af->tmp);
    }
    if (af->slot >= 0)
        atomic_store(&live_tmp[af->slot], NULL);
    release_signals(&old);
    af->slot = -1;
    af->tmp[0] = '\0';
    if (e)
        return dg_error_set(err, DG_EIO, af->path, 0,
                            "cannot replace: %s (the previous file, if any, "
                            "is unchanged)",
                            strerror(e));
    return DG_OK;
}

int dg_atomic_fail(dg_atomic_file *af, int rc, dg_error *err)
{
    int e = af->werrno;
    dg_atomic_abort(af);
    if (e)
        return write_error(af, e, err);
    if (err && !err->file[0] && af->kind != DG_OUT_STDOUT)
        snprintf(err->file, sizeof err->file, "%.500s", af->path);
    return rc;
}

void dg_atomic_abort(dg_atomic_file *af)
{
    if (af->fp) {
        af->discard = 1; /* nothing more reaches the file */
        fclose(af->fp);
        af->fp = NULL;
    }
    if (af->fd >= 0 && af->kind != DG_OUT_STDOUT)
        close(af->fd);
    af->fd = -1;
    drop_tmp(af);
}

/* Does a spreadsheet read this cell as a formula? OWASP's CSV injection
 * guidance: a cell starting with = + - @, a tab or a carriage return.
 * Spreadsheets also skip leading blanks and line feeds before a formula
 * (" =1+1" and "\n=1+1" run in some), and some map the full-width forms
 * (U+FF1D U+FF0B U+FF0D U+FF20) to ASCII. A number (-3, +1.5e3) is data,
 * not a formula: it is left as it is, so that it stays a number. */
static int csv_formula(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    if (*p == '\t' || *p == '\r' || *p == '\n')
        return 1;
    while (*p == ' ')
        p++;
    if (*p == '=' || *p == '@' || *p == '\t' || *p == '\r' || *p == '\n')
        return 1;
    if (p[0] == 0xEF && p[1] == 0xBC &&
        (p[2] == 0x9D || p[2] == 0x8B || p[2] == 0x8D || p[2] == 0xA0))
        return 1;
    if (*p == '+' || *p == '-') {
        /* a plain decimal number only: strtod also reads "-inf", "-nan"
         * and hexadecimal */
        const char *q = (const char *)p + 1;
        if (!(isdigit((unsigned char)*q) ||
              (*q == '.' && isdigit((unsigned char)q[1]))))
            return 1;
        char *end;
        (void)strtod((const char *)p, &end);
        return *end != '\0' || strpbrk((const char *)p, "xXnN") != NULL;
    }
    return 0;
}

void dg_csv_field(FILE *out, const char *s)
{
    /* a formula keeps a leading apostrophe, which makes it text; a field
     * holding a separator (',' or ';', which some locales use), a quote or
     * a line break is quoted, so that no formula can start a cell of its
     * own in the middle of a field */
    int guard = csv_formula(s);
    int quote = strpbrk(s, ",;\"\r\n\t") != NULL;
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
