/* text.c -- the text stage: UTF-8 validation and normalization, sentence
 * splitting (abbreviations, bullets, headings) and tokenization.
 *
 * Nothing here allocates per token: tokens are offsets into the caller's
 * sentence buffer.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "words_table.h" /* generated from words.h by gen_words.c */

/* ---- byte classes and word lists ---------------------------------- */

/* Byte classes: one table lookup per byte instead of <ctype.h> calls
 * (which also depend on the locale; the C locale's ASCII classes are
 * the ones meant here). */
enum { B_SPACE = 1, B_UPPER = 2, B_LOWER = 4, B_DIGIT = 8, B_HIGH = 16 };
#define B_ALPHA (B_UPPER | B_LOWER)
#define B_WORD (B_UPPER | B_LOWER | B_DIGIT | B_HIGH)
#define R4(x) x, x, x, x
#define R8(x) R4(x), R4(x)
#define R16(x) R8(x), R8(x)
#define R32(x) R16(x), R16(x)
#define R64(x) R32(x), R32(x)
static const unsigned char bclass[256] = {
    /* 0x00 */ R8(0), 0, 0, B_SPACE, 0, 0, 0, 0, 0,
    /* 0x10 */ R16(0),
    /* 0x20 */ B_SPACE, 0, 0, 0, 0, 0, 0, 0, R8(0),
    /* 0x30 */ R8(B_DIGIT), B_DIGIT, B_DIGIT, 0, 0, 0, 0, 0, 0,
    /* 0x40 */ 0, R8(B_UPPER), R4(B_UPPER), B_UPPER, B_UPPER, B_UPPER,
    /* 0x50 */ R8(B_UPPER), B_UPPER, B_UPPER, B_UPPER, 0, 0, 0, 0, 0,
    /* 0x60 */ 0, R8(B_LOWER), R4(B_LOWER), B_LOWER, B_LOWER, B_LOWER,
    /* 0x70 */ R8(B_LOWER), B_LOWER, B_LOWER, B_LOWER, 0, 0, 0, 0, 0,
    /* 0x80 */ R64(B_HIGH), R64(B_HIGH)};
#undef R4
#undef R8
#undef R16
#undef R32
#undef R64

#define IS(c, cls) (bclass[(unsigned char)(c)] & (cls))

/* The word lists (words.h) that the token with hash h is in: the one
 * slot of the generated perfect table where its hash would be (one load
 * of a displacement, one of the slot, no branch). A hit is the same
 * 64-bit hash, without comparing the text (the hash mixes in the
 * length): a word outside the lists has the hash of one of its ~1,000
 * words with a probability of about 1,000 / 2^64 (one in 10^16), less
 * than that of a bit flipped in memory, and comparing cost 3% of
 * extraction. */
static inline uint64_t word_lists(uint64_t h)
{
    const dg_word_slot *w =
        &dg_word_table[DG_WORD_SLOT(h, dg_word_disp, DG_WORD_SLOTS)];
    /* a mask, not a ?: which the compiler may make a branch */
    return w->lists & ((uint64_t)0 - (uint64_t)(w->hash == h));
}

/* ---- normalization -------------------------------------------------- */

/* Length of the valid UTF-8 sequence at p (1..4), 0 when invalid. */
static size_t utf8_valid(const unsigned char *p, size_t n, uint32_t *cp)
{
    unsigned char c = p[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    size_t need;
    uint32_t v, min;
    if ((c & 0xE0) == 0xC0) { need = 2; v = c & 0x1F; min = 0x80; }
    else if ((c & 0xF0) == 0xE0) { need = 3; v = c & 0x0F; min = 0x800; }
    else if ((c & 0xF8) == 0xF0) { need = 4; v = c & 0x07; min = 0x10000; }
    else return 0;
    if (n < need)
        return 0;
    for (size_t i = 1; i < need; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (p[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return need;
}

/* ASCII replacement for typographic characters, or NULL to keep. */
static const char *ascii_for(uint32_t cp)
{
    switch (cp) {
    case 0x2018: case 0x2019: case 0x201B: case 0x2032: case 0x02BC:
        return "'";
    case 0x201C: case 0x201D: case 0x201E: case 0x2033: case 0x00AB:
    case 0x00BB:
        return "\"";
    case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014:
    case 0x2015: case 0x2212:
        return "-";
    case 0x00A0: case 0x2002: case 0x2003: case 0x2009: case 0x200A:
    case 0x202F: case 0x205F: case 0x3000:
        return " ";
    case 0x2026:
        return "...";
    case 0x2028: case 0x2029:
        return "\n";
    case 0xFEFF: case 0x00AD: case 0x200B: case 0x200C: case 0x200D:
        return "";
    default:
        return NULL;
    }
}

#define ONES 0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL

/* The end of the run of printable ASCII and newlines from i (sixteen
 * bytes at a time with SSE2, else eight while there is no other byte). */
static size_t ascii_run(const unsigned char *p, size_t i, size_t len)
{
#ifdef __SSE2__
    const __m128i k20 = _mm_set1_epi8(0x20), nl = _mm_set1_epi8('\n');
    while (i + 16 <= len) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
        /* signed: the bytes >= 0x80 are below 0x20 too */
        __m128i bad =
            _mm_andnot_si128(_mm_cmpeq_epi8(v, nl), _mm_cmplt_epi8(v, k20));
        unsigned m = (unsigned)_mm_movemask_epi8(bad);
        if (m)
            return i + (size_t)__builtin_ctz(m);
        i += 16;
    }
#endif
    while (i + 8 <= len) {
        uint64_t x;
        memcpy(&x, p + i, 8);
        if ((x | ((x - ONES * 0x20) & ~x)) & HIGHS)
            break; /* a byte >= 0x80 or < 0x20 (maybe a newline) */
        i += 8;
    }
    while (i < len && ((p[i] >= 0x20 && p[i] < 0x80) || p[i] == '\n'))
        i++;
    return i;
}

#ifdef __SSE2__
/* The run of printable ASCII and newlines from p[i] (one of them) on,
 * appended to out as ascii_run finds its end: each vector is stored
 * whole as it is read (out has room for the rest of the text and
 * sixteen bytes more), its bytes after the run later overwritten or
 * past the end. Returns the run's end. */
static size_t ascii_copy(const unsigned char *p, size_t i, size_t len,
                         dg_buf *out)
{
    const __m128i k20 = _mm_set1_epi8(0x20), nl = _mm_set1_epi8('\n');
    char *d = out->data + out->len;
    size_t i0 = i;
    while (i + 16 <= len) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
        _mm_storeu_si128((__m128i *)(void *)(d + (i - i0)), v);
        /* signed: the bytes >= 0x80 are below 0x20 too */
        unsigned m = (unsigned)_mm_movemask_epi8(
            _mm_andnot_si128(_mm_cmpeq_epi8(v, nl), _mm_cmplt_epi8(v, k20)));
        if (m) {
            i += (size_t)__builtin_ctz(m);
            out->len += i - i0;
            return i;
        }
        i += 16;
    }
    while (i < len && ((p[i] >= 0x20 && p[i] < 0x80) || p[i] == '\n')) {
        d[i - i0] = (char)p[i];
        i++;
    }
    out->len += i - i0;
    return i;
}
#endif

/* Composes out (valid UTF-8) to NFC, as utf8proc_map(STABLE | COMPOSE)
 * of the whole text gives, but piece by piece: ASCII needs nothing, and
 * an ASCII character (a starter that no character composes with from
 * before) is a boundary that normalization never crosses. So only the runs
 * of non-ASCII bytes go through utf8proc, each with the ASCII character
 * before it (a letter may compose with a combining mark that follows),
 * through a buffer on the stack when the run is short. Should utf8proc
 * fail on a piece, the text stays as it was, as with the whole. */
static int nfc(dg_buf *out)
{
    const utf8proc_option_t OPTS = UTF8PROC_STABLE | UTF8PROC_COMPOSE;
    enum { STACK = 256 };
    const unsigned char *s = (const unsigned char *)out->data;
    size_t n = out->len, i = 0;
    dg_buf res = {0};
    if (dg_buf_reserve(&res, n + 16) != DG_OK)
        return DG_ENOMEM;
    while (i < n) {
        size_t q = i;
        while (q + 8 <= n) {
            uint64_t x;
            memcpy(&x, s + q, 8);
            if (x & HIGHS)
                break;
            q += 8;
        }
        while (q < n && s[q] < 0x80)
            q++;
        size_t a = q > i ? q - 1 : q, e = q;
        while (e < n && s[e] >= 0x80)
            e++;
        if (dg_buf_append(&res, (const char *)s + i, a - i) != DG_OK)
            goto nomem;
        if (a == e)
            break; /* the end: all ASCII */
        utf8proc_int32_t buf[STACK];
        utf8proc_ssize_t k = utf8proc_decompose(
            s + a, (utf8proc_ssize_t)(e - a), buf, STACK, OPTS);
        if (k < 0)
            goto keep;
        if (k < STACK) {
            k = utf8proc_reencode(buf, k, OPTS);
            if (k < 0)
                goto keep;
            if (dg_buf_append(&res, (const char *)buf, (size_t)k) != DG_OK)
                goto nomem;
        } else {
            utf8proc_uint8_t *m = NULL;
            k = utf8proc_map(s + a, (utf8proc_ssize_t)(e - a), &m, OPTS);
            if (k < 0)
                goto keep;
            int rc = dg_buf_append(&res, (const char *)m, (size_t)k);
            free(m);
            if (rc != DG_OK)
                goto nomem;
        }
        i = e;
    }
    dg_buf_free(out);
    *out = res;
    return DG_OK;
keep:
    dg_buf_free(&res);
    return DG_OK;
nomem:
    dg_buf_free(&res);
    return DG_ENOMEM;
}

/* dg_buf_append without the call while the buffer has room (it has
 * for all but the longest growth: dg_normalize reserves the text's
 * length and more). */
static inline int put(dg_buf *out, const char *s, size_t n)
{
    if (out->len + n + 1 > out->cap)
        return dg_buf_append(out, s, n);
    memcpy(out->data + out->len, s, n);
    out->len += n;
    return DG_OK;
}

int dg_normalize(const char *text, size_t len, dg_buf *out,
                 const char *docname, dg_report_fn report, void *ud)
{
    const unsigned char *p = (const unsigned char *)text;
    int nonascii = 0, bad = 0;
    out->len = 0;
    if (dg_buf_reserve(out, len + 16) != DG_OK)
        return DG_ENOMEM;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t k = utf8_valid(p + i, len - i, &cp);
        if (k == 0) {
            if (report && bad < 5) {
                dg_error e;
                dg_error_set(&e, DG_EENCODING, docname, 0,
                             "invalid UTF-8 at byte offset %zu (replaced "
                             "by U+FFFD; convert the file to UTF-8, e.g. "
                             "with iconv)",
                             i);
                report(&e, ud);
            }
            bad++;
            if (dg_buf_append(out, "\xEF\xBF\xBD", 3) != DG_OK)
                return DG_ENOMEM;
            nonascii = 1;
            i++;
            continue;
        }
        if (cp == '\r') {
            /* CRLF -> LF, lone CR -> LF */
            if (!(i + 1 < len && p[i + 1] == '\n') &&
                put(out, "\n", 1) != DG_OK)
                return DG_ENOMEM;
        } else if (cp == '\t' || cp == '\f' || cp == '\v') {
            if (put(out, " ", 1) != DG_OK)
                return DG_ENOMEM;
        } else if (cp < 0x80) {
            if (cp >= 0x20 || cp == '\n') {
                /* copy the whole run of plain ASCII at once */
#ifdef __SSE2__
                if (out->cap - out->len > len - i + 16) {
                    i = ascii_copy(p, i, len, out);
                    continue;
                }
#endif
                size_t j = ascii_run(p, i + 1, len);
                if (put(out, (const char *)p + i, j - i) != DG_OK)
                    return DG_ENOMEM;
                i = j;
                continue;
            }
        } else {
            const char *r = ascii_for(cp);
            if (r) {
                size_t rn = r[0] ? r[1] ? r[2] ? 3 : 2 : 1 : 0;
                if (put(out, r, rn) != DG_OK)
                    return DG_ENOMEM;
            } else {
                nonascii = 1;
                if (put(out, (const char *)p + i, k) != DG_OK)
                    return DG_ENOMEM;
            }
        }
        i += k;
    }
    if (bad > 5 && report) {
        dg_error e;
        dg_error_set(&e, DG_EENCODING, docname, 0,
                     "%d invalid UTF-8 bytes in all", bad);
        report(&e, ud);
    }
    out->data[out->len] = '\0'; /* as dg_buf_append leaves it */
    if (nonascii)
        return nfc(out);
    return DG_OK;
}

/* ---- sentence splitting --------------------------------------------- */

/* Is w[0..n) (any case) a word of the list wl (words.h)? A word longer
 * than the list's longest is not hashed. */
static int word_in(const char *w, size_t n, int wl)
{
    return n > 0 && n <= dg_word_maxlen[wl] &&
           ((word_lists(dg_hash_lower(w, n)) >> wl) & 1);
}

/* word_in of the word text[k..i) (i >= 8): its last bytes read as one
 * word ending at i, shifted down, not byte by byte. */
static int word_in_before(const char *text, size_t k, size_t i, int wl)
{
    size_t n = i - k;
    if (n == 0 || n > dg_word_maxlen[wl])
        return 0;
    if (n > 16)
        return word_in(text + k, n, wl);
    uint64_t last = dg_load_le64(text + i - 8), h;
    if (n <= 8)
        h = dg_hash_end(DG_HASH_SEED, dg_lower8(last >> (64 - 8 * n)), n);
    else
        h = dg_hash_end(
            dg_hash_step(DG_HASH_SEED, dg_lower8(dg_load_le64(text + k))),
            dg_lower8(last >> (8 * (16 - n))), n);
    return (word_lists(h) >> wl) & 1;
}

static int is_space(char c)
{
    return c == ' ' || c == '\n';
}

/* Length of a bullet or list marker at p (with its trailing space). */
static size_t bullet_len(const char *p, size_t n)
{
    size_t i = 0;
    if (n == 0)
        return 0;
    if (IS(p[0], B_ALPHA)) /* most spans: only "a) " is a marker */
        return n > 2 && (p[1] == ')' || p[1] == '.') && p[2] == ' ' ? 3 : 0;
    if (n >= 3 && (unsigned char)p[0] == 0xE2 && (unsigned char)p[1] == 0x80 &&
        ((unsigned char)p[2] == 0xA2 || (unsigned char)p[2] == 0xA3))
        i = 3; /* bullet, triangular bullet */
    else if (n >= 2 && (unsigned char)p[0] == 0xC2 &&
             (unsigned char)p[1] == 0xB7)
        i = 2; /* middle dot */
    else if (n >= 1 && (p[0] == '*' || p[0] == '-' || p[0] == '+' ||
                        p[0] == '>' || p[0] == '#'))
        i = 1;
    else {
        while (i < n && i < 3 && IS(p[i], B_DIGIT))
            i++;
        if (i == 0 && n >= 2 && IS(p[0], B_ALPHA) &&
            (p[1] == ')' || p[1] == '.') && n > 2 && p[2] == ' ')
            return 3; /* "a) " */
        if (i == 0 || i >= n || (p[i] != '.' && p[i] != ')'))
            return 0;
        i++;
    }
    while (i < n && p[i] == '#')
        i++;
    if (i < n && p[i] != ' ')
        return 0;
    while (i < n && p[i] == ' ')
        i++;
    return i;
}

/* Where to cut a span of more than DG_MAX_SENTENCE bytes: after the
 * last space in its second half, so that no token is split; with no
 * space there, at the last UTF-8 character boundary. */
static size_t cut_point(const char *s)
{
    for (size_t k = DG_MAX_SENTENCE; k > DG_MAX_SENTENCE / 2; k--)
        if (is_space(s[k]))
            return k;
    size_t k = DG_MAX_SENTENCE;
    while (k > 1 && ((unsigned char)s[k] & 0xC0) == 0x80)
        k--;
    return k;
}

/* Emit a trimmed span (bullet marker removed) if it holds anything; a
 * span longer than DG_MAX_SENTENCE is given in pieces. */
static int emit(const char *s, size_t len, dg_sentence_fn fn, void *ud)
{
    while (len && is_space(*s)) {
        s++;
        len--;
    }
    size_t b = bullet_len(s, len);
    s += b;
    len -= b;
    while (len && is_space(s[len - 1]))
        len--;
    while (len > DG_MAX_SENTENCE) {
        size_t k = cut_point(s), piece = k;
        while (piece && is_space(s[piece - 1]))
            piece--;
        int rc = piece ? fn(s, piece, ud) : 0;
        if (rc != 0)
            return rc;
        s += k;
        len -= k;
        while (len && is_space(*s)) {
            s++;
            len--;
        }
    }
    if (len == 0)
        return 0;
    return fn(s, len, ud);
}

/* 1: the bytes before the word that a period ends; 2: a period in it. */
static const unsigned char word_edge[256] = {
    [' '] = 1, ['\n'] = 1, ['('] = 1, ['"'] = 1, ['.'] = 2};

/* Is there a sentence end after the terminator at text[i]? */
static int ends_sentence(const char *text, size_t len, size_t i)
{
    size_t j = i + 1;
    /* closing quotes and brackets belong to the sentence */
    while (j < len && (text[j] == '"' || text[j] == '\'' || text[j] == ')'
                       || text[j] == ']'))
        j++;
    if (j >= len)
        return 1;
    if (!is_space(text[j]))
        return 0;
    while (j < len && is_space(text[j]))
        j++;
    if (j >= len)
        return 1;
    unsigned char next = (unsigned char)text[j];
    if (IS(next, B_LOWER))
        return 0;
    if (text[i] != '.')
        return 1;
    /* the word before the period */
    size_t k = i;
    unsigned dots = 0; /* not 0 when the word holds a period */
#ifdef __SSE2__
    if (i >= 16) { /* the sixteen bytes before the period at once */
        __m128i v =
            _mm_loadu_si128((const __m128i *)(const void *)(text + i - 16));
        unsigned edge = (unsigned)_mm_movemask_epi8(
            _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(' ')),
                                      _mm_cmpeq_epi8(v, _mm_set1_epi8('\n'))),
                         _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('(')),
                                      _mm_cmpeq_epi8(v, _mm_set1_epi8('"')))));
        if (edge) {
            unsigned from = 32 - (unsigned)__builtin_clz(edge);
            k = i - 16 + from;
            dots = (unsigned)_mm_movemask_epi8(
                       _mm_cmpeq_epi8(v, _mm_set1_epi8('.'))) >>
                   from;
        }
    }
    if (k == i)
#endif
        for (unsigned x;
             k > 0 && !((x = word_edge[(unsigned char)text[k - 1]]) & 1); k--)
            dots |= x;
    const char *w = text + k;
    size_t wn = i - k;
    if (wn == 1 && IS(w[0], B_UPPER))
        return 0; /* an initial: "George A. Bournoutian" */
    if (i >= 8 ? word_in_before(text, k, i, DG_WL_ABBREVIATIONS)
               : word_in(w, wn, DG_WL_ABBREVIATIONS))
        return 0;
    if (dots) {
        /* dotted abbreviation (U.S.): a sentence ends only when a usual
         * sentence opener follows */
        size_t e = j;
        while (e < len && IS(text[e], B_ALPHA))
            e++;
        return word_in(text + j, e - j, DG_WL_SENTENCE_STARTERS);
    }
    return 1;
}


/* Does the line [s, s+n) look like a heading rather than a line of text
 * wrapped at a fixed width? No final stop, and either Title Case ("A
 * Historical Background of Armenia-Russia Relations") or very short
 * after the end of a sentence ("Introduction"). Wrapped prose has
 * neither: its lines are long and mostly lower case. */
static int is_heading(const char *s, size_t n, int after_stop)
{
    while (n && is_space(s[n - 1]))
        n--;
    if (n == 0)
        return 0;
    char last = s[n - 1];
    if (last == '.' || last == ',' || last == ';' || last == '"' ||
        last == '\'' || last == '-')
        return 0;
    int words = 0, long_words = 0, capitalized = 0;
    for (size_t i = 0; i < n;) {
        while (i < n && s[i] == ' ')
            i++;
        if (i >= n)
            break;
        size_t st = i;
        while (i < n && s[i] != ' ')
            i++;
        words++;
        if (i - st >= 4) {
            long_words++;
            if (IS(s[st], B_UPPER | B_HIGH))
                capitalized++;
        }
    }
    if (words > 14)
        return 0;
    /* wrapped prose often breaks after a function word; headings do not */
    size_t lw = n;
    while (lw > 0 && s[lw - 1] != ' ')
        lw--;
    if (word_in(s + lw, n - lw, DG_WL_TRAILING_FUNCTION_WORDS))
        return 0;
    if (long_words > 0 && capitalized * 10 >= long_words * 6)
        return 1;
    return after_stop && words <= 6;
}

/* The bytes where a sentence may end: a line break or a terminator. */
static const unsigned char stop_byte[256] = {['\n'] = 1, ['.'] = 1, ['!'] = 1,
                                             ['?'] = 1};

/* The first byte from i on that may end a sentence or a line (stop_byte),
 * or len: sixteen bytes at a time where SSE2 is there (every x86-64). */
static size_t next_stop(const char *text, size_t i, size_t len)
{
#ifdef __SSE2__
    const __m128i nl = _mm_set1_epi8('\n'), dot = _mm_set1_epi8('.'),
                  excl = _mm_set1_epi8('!'), ques = _mm_set1_epi8('?');
    while (i + 16 <= len) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(text + i));
        __m128i m = _mm_or_si128(
            _mm_or_si128(_mm_cmpeq_epi8(v, nl), _mm_cmpeq_epi8(v, dot)),
            _mm_or_si128(_mm_cmpeq_epi8(v, excl), _mm_cmpeq_epi8(v, ques)));
        unsigned bits = (unsigned)_mm_movemask_epi8(m);
        if (bits)
            return i + (size_t)__builtin_ctz(bits);
        i += 16;
    }
#endif
    while (i < len && !stop_byte[(unsigned char)text[i]])
        i++;
    return i;
}

int dg_split_sentences(const char *text, size_t len, dg_sentence_fn fn,
                       void *ud)
{
    size_t start = 0, i = 0;
    int rc;
    while (i < len) {
        /* most bytes end nothing: skip to the next candidate */
        i = next_stop(text, i, len);
        if (i >= len)
            break;
        char c = text[i];
        if (c == '\n') {
            /* look at the line that ends here and what follows */
            size_t ls = i;
            while (ls > start && text[ls - 1] != '\n')
                ls--;
            size_t j = i + 1;
            int blank = 0;
            while (j < len && (text[j] == ' ' || text[j] == '\n')) {
                if (text[j] == '\n')
                    blank = 1;
                j++;
            }
            /* did the text before this line end a sentence? */
            size_t q = ls;
            while (q > start && is_space(text[q - 1]))
                q--;
            int after_stop = q == start || text[q - 1] == '.' ||
                             text[q - 1] == '!' || text[q - 1] == '?' ||
                             text[q - 1] == ':';
            int next_upper = j < len && IS(text[j], B_UPPER | B_DIGIT | B_HIGH);
            int hard = blank || j >= len ||
                       bullet_len(text + j, len - j) > 0 ||
                       (next_upper && is_heading(text + ls, i - ls, after_stop));
            if (hard) {
                if ((rc = emit(text + start, i - start, fn, ud)) != 0)
                    return rc;
                start = j;
                i = j;
                continue;
            }
            i++;
            continue;
        }
        if ((c == '.' || c == '!' || c == '?') && ends_sentence(text, len, i)) {
            size_t e = i + 1;
            while (e < len && (text[e] == '"' || text[e] == '\'' ||
                               text[e] == ')' || text[e] == ']' ||
                               text[e] == '.' || text[e] == '!' ||
                               text[e] == '?'))
                e++;
            if ((rc = emit(text + start, e - start, fn, ud)) != 0)
                return rc;
            start = e;
            i = e;
            continue;
        }
        i++;
    }
    if (start < len)
        return emit(text + start, len - start, fn, ud);
    return 0;
}

/* ---- tokenization --------------------------------------------------- */

/* ASCII letters folded to lower case, other bytes as they are. */
#define L4(a) a, a + 1, a + 2, a + 3
#define L16(a) L4(a), L4(a + 4), L4(a + 8), L4(a + 12)
#define L64(a) L16(a), L16(a + 16), L16(a + 32), L16(a + 48)
static const unsigned char fold[256] = {
    L64(0), '@', L16('a'), L4('a' + 16), L4('a' + 20), 'a' + 24, 'a' + 25,
    L4('['), '_' /* 0x5B..0x5F */, L16(0x60), L16(0x70), L64(0x80), L64(0xC0)};
#undef L4
#undef L16
#undef L64

/* The hash of a token with non-ASCII bytes: as dg_hash_lower, with every
 * letter lower-cased by Unicode's simple case mapping (utf8proc), so that
 * "TÜRKIYE" and "CÔTE" hash as "türkiye" and "côte". Lexicon phrases are
 * tokenized by dg_tokenize too, so both sides agree. An invalid sequence
 * (normalized text has none) is hashed as it is. */
uint64_t dg_hash_fold(const char *s, size_t n)
{
    dg_hasher st;
    dg_hasher_init(&st);
    size_t i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            dg_hasher_byte(&st, fold[c]);
            i++;
            continue;
        }
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                              (utf8proc_ssize_t)(n - i), &cp);
        if (k <= 0) {
            dg_hasher_byte(&st, c);
            i++;
            continue;
        }
        utf8proc_uint8_t enc[4];
        utf8proc_ssize_t e = utf8proc_encode_char(utf8proc_tolower(cp), enc);
        for (utf8proc_ssize_t j = 0; j < e; j++)
            dg_hasher_byte(&st, enc[j]);
        i += (size_t)k;
    }
    return dg_hasher_end(&st);
}

/* The hash that ordered a lexicon's patterns before dg_hash_lower read
 * eight bytes at a time: 64-bit FNV-1a of the text folded as dg_hash_fold
 * folds it. build_table (lexicon.c) still sorts the patterns that start
 * with the same word and have as many tokens by it, and which of two such
 * patterns matches first shows in the output. */
uint64_t dg_hash_fnv_fold(const char *s, size_t n)
{
    uint64_t h = DG_FNV_OFFSET;
    size_t i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            h = (h ^ fold[c]) * DG_FNV_PRIME;
            i++;
            continue;
        }
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(
            (const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp);
        if (k <= 0) {
            h = (h ^ c) * DG_FNV_PRIME;
            i++;
            continue;
        }
        utf8proc_uint8_t enc[4];
        utf8proc_ssize_t e = utf8proc_encode_char(utf8proc_tolower(cp), enc);
        for (utf8proc_ssize_t j = 0; j < e; j++)
            h = (h ^ enc[j]) * DG_FNV_PRIME;
        i += (size_t)k;
    }
    return h ? h : 1;
}

int dg_same_folded_utf8(const char *a, size_t n, const char *b, size_t m)
{
    size_t i = 0, j = 0;
    while (i < n && j < m) {
        utf8proc_int32_t x, y;
        utf8proc_ssize_t k = utf8proc_iterate(
            (const utf8proc_uint8_t *)a + i, (utf8proc_ssize_t)(n - i), &x);
        utf8proc_ssize_t l = utf8proc_iterate(
            (const utf8proc_uint8_t *)b + j, (utf8proc_ssize_t)(m - j), &y);
        if (k <= 0 || l <= 0) /* not UTF-8: the bytes themselves */
            return n - i == m - j && memcmp(a + i, b + j, n - i) == 0;
        if (utf8proc_tolower(x) != utf8proc_tolower(y))
            return 0;
        i += (size_t)k;
        j += (size_t)l;
    }
    return i == n && j == m;
}

/* Does the token start with an upper-case non-ASCII letter (Ö, Č)? */
static int upper_non_ascii(const char *s, size_t n)
{
    utf8proc_int32_t cp;
    return utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n,
                            &cp) > 0 && utf8proc_isupper(cp);
}

/* Hash, word lists and case flags of the token t (its start, length and
 * kind set) at s[0..n): DG_TOK_CAP for an upper-case first letter,
 * DG_TOK_ALLCAP for two or more ASCII letters that are all upper case.
 * The way of any token; the common ones take the quicker ways of
 * dg_tokenize_spaces, which give the same. */
static void finish_token(const char *s, size_t n, dg_token *t)
{
    unsigned kinds = 0, caps = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned k = bclass[(unsigned char)s[i]];
        kinds |= k;
        caps += (k & B_UPPER) != 0;
    }
    /* letters outside ASCII: Unicode case folding */
    t->hash = (kinds & B_HIGH) ? dg_hash_fold(s, n) : dg_hash_lower(s, n);
    t->words = word_lists(t->hash);
    if (!(t->flags & DG_TOK_WORD) || (t->flags & DG_TOK_POSS))
        return;
    unsigned char c0 = (unsigned char)s[0];
    if (c0 >= 0x80) {
        if (upper_non_ascii(s, n))
            t->flags |= DG_TOK_CAP;
    } else if (IS(c0, B_UPPER))
        t->flags |= DG_TOK_CAP;
    if (caps >= 2 && !(kinds & B_LOWER))
        t->flags |= DG_TOK_ALLCAP;
}

size_t dg_tokenize(const char *s, size_t len, dg_token *toks, size_t cap)
{
    int spaces;
    return dg_tokenize_spaces(s, len, toks, cap, &spaces);
}

#if defined(__SSE2__) && defined(__x86_64__)
#define DG_TOK_SSE2 1
/* keep_bytes + 16 - n: a mask of the first n bytes of a vector */
static const unsigned char keep_bytes[32] = {255, 255, 255, 255, 255, 255,
                                             255, 255, 255, 255, 255, 255,
                                             255, 255, 255, 255};

/* The bytes that may go on with a word: >= 0x80 (letters outside ASCII),
 * ',' and '.' after a digit (25,000 and 3.5), '\'' (O'Brien, 's, n't), '.'
 * after one letter (U.S.). */
static const unsigned char word_goes_on[256] = {
    [','] = 1, ['.'] = 1, ['\''] = 1,
#define X4(a) [a] = 1, [a + 1] = 1, [a + 2] = 1, [a + 3] = 1
#define X16(a) X4(a), X4(a + 4), X4(a + 8), X4(a + 12)
    X16(0x80), X16(0x90), X16(0xA0),  X16(0xB0), X16(0xC0),
    X16(0xD0), X16(0xE0), X16(0xF0)
#undef X4
#undef X16
};

/* The token of word bytes at p[0] (s[i], a word byte, where p holds the
 * sixteen bytes from s[i] on, zero bytes past the end) if it is a plain
 * one: ASCII letters and digits ending within the sixteen bytes, with
 * nothing after them that may continue it (word_goes_on; a quote ends it
 * before a possessive 's or a byte that is no word byte). Its bytes are
 * classified and hashed as one vector (dg_hash_lower's words are the
 * vector's halves). Returns its length, or 0 for dg_tokenize_spaces's
 * general way. */
static inline size_t plain_word(const unsigned char *p, size_t i, dg_token *t)
{
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
    /* each range moved to the top of the signed bytes, 'Z' (or 'z', '9')
     * to 127: one compare, its result in place of the sum */
    __m128i up = _mm_cmpgt_epi8(_mm_add_epi8(v, _mm_set1_epi8(127 - 'Z')),
                                _mm_set1_epi8(127 - 26));
    __m128i lo = _mm_cmpgt_epi8(_mm_add_epi8(v, _mm_set1_epi8(127 - 'z')),
                                _mm_set1_epi8(127 - 26));
    __m128i dg = _mm_cmpgt_epi8(_mm_add_epi8(v, _mm_set1_epi8(127 - '9')),
                                _mm_set1_epi8(127 - 10));
    unsigned plain =
        (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(up, lo), dg));
    unsigned run = (unsigned)__builtin_ctz(~plain); /* <= 16 */
    if (run - 1 >= 15)
        return 0; /* none (a byte >= 0x80 first), or maybe longer */
    unsigned char d = p[run];
    if (word_goes_on[d]) {
        if (d == '\'') {
            /* a possessive 's splits off (Russia's); a quote before no
             * word byte ends the word; n't and O'Brien go the general
             * way */
            if (run >= 14)
                return 0;
            unsigned char q = p[run + 1];
            if (IS(q, B_WORD) &&
                !((q == 's' || q == 'S') && !IS(p[run + 2], B_WORD)))
                return 0;
        } else if (d >= 0x80 || run == 1 || IS(p[run - 1], B_DIGIT))
            return 0;
    }
    __m128i keep =
        _mm_loadu_si128((const __m128i *)(const void *)(keep_bytes + 16 - run));
    __m128i low = _mm_and_si128(
        _mm_or_si128(v, _mm_and_si128(up, _mm_set1_epi8(0x20))), keep);
    uint64_t w0 = (uint64_t)_mm_cvtsi128_si64(low), h;
    if (run > 8)
        h = dg_hash_end(
            dg_hash_step(DG_HASH_SEED, w0),
            (uint64_t)_mm_cvtsi128_si64(_mm_unpackhi_epi64(low, low)), run);
    else
        h = dg_hash_end(DG_HASH_SEED, w0, run);
    unsigned upm = (unsigned)_mm_movemask_epi8(_mm_and_si128(up, keep));
    uint32_t flags = DG_TOK_WORD | ((upm & 1) << 2); /* DG_TOK_CAP */
    if (__builtin_expect((upm & (upm - 1)) != 0, 0) &&
        !_mm_movemask_epi8(_mm_and_si128(lo, keep)))
        flags |= DG_TOK_ALLCAP;
    t->start = (uint32_t)i;
    t->len = run;
    t->flags = flags;
    t->hash = h;
    t->words = word_lists(h);
    return run;
}
#endif

size_t dg_tokenize_spaces(const char *s, size_t len, dg_token *toks,
                          size_t cap, int *spaces)
{
    size_t n = 0, i = 0;
    int sp = 0;
#ifdef DG_TOK_SSE2
    /* the last sixteen bytes of s and zero bytes: the vectors of the
     * tokens near the end are read from here, not past the end of s
     * (set up first: a test of whether it is, a word, cost more) */
    _Alignas(16) unsigned char tail[32];
    size_t tbase = 0;
    _mm_store_si128((__m128i *)(void *)(tail + 16), _mm_setzero_si128());
    if (len >= 16) {
        tbase = len - 16;
        _mm_store_si128(
            (__m128i *)(void *)tail,
            _mm_loadu_si128((const __m128i *)(const void *)(s + tbase)));
    } else {
        _mm_store_si128((__m128i *)(void *)tail, _mm_setzero_si128());
        memcpy(tail, s, len);
    }
#endif
    while (i < len && n < cap) {
        unsigned char c = (unsigned char)s[i];
        unsigned char k = bclass[c];
        if (k & B_SPACE) {
            if (c == '\n' || (i > 0 && s[i - 1] == ' '))
                sp = 1;
            i++;
            continue;
        }
#ifdef DG_TOK_SSE2
        /* plain words, each after one space, one after the other */
        while (k & B_WORD) {
            const unsigned char *p = i + 16 > len
                                         ? tail + (i - tbase)
                                         : (const unsigned char *)s + i;
            size_t run = plain_word(p, i, &toks[n]);
            if (!run)
                break; /* the general way */
            n++;
            i += run;
            /* one space before the next token */
            if (i + 1 >= len || s[i] != ' ' || n >= cap)
                goto next;
            c = (unsigned char)s[i + 1];
            k = bclass[c];
            if (k & B_SPACE)
                goto next;
            i++;
        }
#endif
        if (c < 0x80 && !(k & B_WORD) && c != '\'' &&
            (i + 1 >= len || ((unsigned char)s[i + 1] & 0xC0) != 0x80)) {
            /* one ASCII punctuation character, the common case */
            dg_token *t = &toks[n++];
            t->start = (uint32_t)i;
            t->len = 1;
            t->flags = DG_TOK_PUNCT;
            t->hash = dg_byte_hash[c];
            t->words = dg_byte_words[c];
            i++;
            if (i + 1 < len && s[i] == ' ' && !IS(s[i + 1], B_SPACE))
                i++;
            continue;
        }
        size_t st = i;
        uint32_t flags;
        if (k & B_WORD) {
            flags = DG_TOK_WORD;
            /* dotted abbreviation: U.S., U.S.A., E.U. */
            if ((k & B_ALPHA) && i + 3 < len && s[i + 1] == '.' &&
                IS(s[i + 2], B_ALPHA) && s[i + 3] == '.') {
                while (i + 1 < len && IS(s[i], B_ALPHA) && s[i + 1] == '.')
                    i += 2;
            } else {
                for (;;) {
                    while (i < len && IS(s[i], B_WORD))
                        i++;
                    if (i >= len)
                        break;
                    unsigned char d = (unsigned char)s[i];
                    /* 25,000 and 3.5 */
                    if ((d == ',' || d == '.') && i + 1 < len &&
                        IS(s[i - 1], B_DIGIT) && IS(s[i + 1], B_DIGIT)) {
                        i++;
                        continue;
                    }
                    if (d == '\'' && i + 1 < len && IS(s[i + 1], B_WORD)) {
                        /* n't and 's split off; O'Brien, d'Ivoire stay */
                        if ((s[i + 1] == 's' || s[i + 1] == 'S') &&
                            (i + 2 >= len || !IS(s[i + 2], B_WORD)))
                            break;
                        if ((s[i + 1] == 't' || s[i + 1] == 'T') &&
                            s[i - 1] == 'n' &&
                            (i + 2 >= len || !IS(s[i + 2], B_WORD))) {
                            i--; /* "n't" starts at the n */
                            break;
                        }
                        i++;
                        continue;
                    }
                    break;
                }
                if (i == st) /* "n't" at the start */
                    i += 3;
            }
        } else if (c == '\'' && i + 1 < len &&
                   (s[i + 1] == 's' || s[i + 1] == 'S') &&
                   (i + 2 >= len || !IS(s[i + 2], B_WORD)) && i > 0 &&
                   IS(s[i - 1], B_WORD)) {
            /* possessive 's: "'s" and "'S" hash alike, as finish_token
             * would give them (no case flags for the marker) */
            dg_token *t = &toks[n++];
            t->start = (uint32_t)i;
            t->len = 2;
            t->flags = DG_TOK_POSS | DG_TOK_WORD;
            t->hash = DG_POSS_HASH;
            t->words = DG_POSS_WORDS;
            i += 2;
            continue;
        } else if (c == '\'' && i > 0 && (s[i - 1] == 's' || s[i - 1] == 'S')
                   && (i + 1 >= len || !IS(s[i + 1], B_WORD))) {
            i += 1; /* plural possessive: "allies'" */
            flags = DG_TOK_POSS | DG_TOK_WORD;
        } else {
            /* one punctuation character (a whole UTF-8 sequence) */
            i++;
            while (i < len && ((unsigned char)s[i] & 0xC0) == 0x80)
                i++;
            flags = DG_TOK_PUNCT;
        }
        dg_token *t = &toks[n++];
        t->start = (uint32_t)st;
        t->len = (uint32_t)(i - st);
        t->flags = flags;
        finish_token(s + st, i - st, t);
#ifdef DG_TOK_SSE2
    next:;
#endif
    }
    *spaces = sp;
    return n;
}
