/* text.c -- the text stage: UTF-8 validation and normalization, sentence
 * splitting (abbreviations, bullets, headings) and tokenization.
 *
 * Nothing here allocates per token: tokens are offsets into the caller's
 * sentence buffer.
 */
#include "internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

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

/* The end of the run of printable ASCII and newlines from i (eight bytes
 * at a time while there is no other byte). */
static size_t ascii_run(const unsigned char *p, size_t i, size_t len)
{
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
                dg_buf_append(out, "\n", 1) != DG_OK)
                return DG_ENOMEM;
        } else if (cp == '\t' || cp == '\f' || cp == '\v') {
            if (dg_buf_append(out, " ", 1) != DG_OK)
                return DG_ENOMEM;
        } else if (cp < 0x80) {
            if (cp >= 0x20 || cp == '\n') {
                /* copy the whole run of plain ASCII at once */
                size_t j = ascii_run(p, i + 1, len);
                if (dg_buf_append(out, (const char *)p + i, j - i) != DG_OK)
                    return DG_ENOMEM;
                i = j;
                continue;
            }
        } else {
            const char *r = ascii_for(cp);
            if (r) {
                if (dg_buf_append(out, r, strlen(r)) != DG_OK)
                    return DG_ENOMEM;
            } else {
                nonascii = 1;
                if (dg_buf_append(out, (const char *)p + i, k) != DG_OK)
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
    if (nonascii)
        return nfc(out);
    return DG_OK;
}

/* ---- sentence splitting --------------------------------------------- */

static const char *const abbreviations[] = {
    "mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "sgt", "capt",
    "cmdr", "adm", "maj", "gov", "sen", "rep", "rev", "hon", "st", "mt",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
    "nov", "dec", "jr", "sr", "no", "nos", "vs", "inc", "corp", "ltd", "co",
    "dept", "approx", "est", "fig", "vol", "pp", "p", "al", "cf", "e.g",
    "i.e", "ft", "pres", "amb", "messrs", "gens", "sens", "reps", NULL};

/* Words that after "U.S." or "U.N." show a new sentence. */
static const char *const sentence_starters[] = {
    "the", "a", "an", "it", "its", "this", "that", "these", "those", "he",
    "she", "they", "we", "i", "but", "and", "in", "on", "at", "for", "however",
    "meanwhile", "there", "his", "her", "their", "our", "as", "after",
    "before", "while", "when", "if", NULL};

static int word_in(const char *w, size_t n, const char *const *list)
{
    char low[16];
    if (n == 0 || n >= sizeof low)
        return 0;
    for (size_t i = 0; i < n; i++)
        low[i] = (char)tolower((unsigned char)w[i]);
    low[n] = '\0';
    for (size_t i = 0; list[i]; i++)
        if (strcmp(list[i], low) == 0)
            return 1;
    return 0;
}

static int is_space(char c)
{
    return c == ' ' || c == '\n';
}

/* Length of a bullet or list marker at p (with its trailing space). */
static size_t bullet_len(const char *p, size_t n)
{
    size_t i = 0;
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
        while (i < n && i < 3 && isdigit((unsigned char)p[i]))
            i++;
        if (i == 0 && n >= 2 && isalpha((unsigned char)p[0]) &&
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
    if (islower(next))
        return 0;
    if (text[i] != '.')
        return 1;
    /* the word before the period */
    size_t k = i;
    while (k > 0 && !is_space(text[k - 1]) && text[k - 1] != '(' &&
           text[k - 1] != '"')
        k--;
    const char *w = text + k;
    size_t wn = i - k;
    if (wn == 1 && isupper((unsigned char)w[0]))
        return 0; /* an initial: "George A. Bournoutian" */
    if (word_in(w, wn, abbreviations))
        return 0;
    if (memchr(w, '.', wn)) {
        /* dotted abbreviation (U.S.): a sentence ends only when a usual
         * sentence opener follows */
        size_t e = j;
        while (e < len && isalpha((unsigned char)text[e]))
            e++;
        return word_in(text + j, e - j, sentence_starters);
    }
    return 1;
}

static const char *const trailing_function_words[] = {
    "a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "at", "for",
    "with", "by", "from", "that", "which", "as", "its", "their", "his", "her",
    "is", "are", "was", "were", "has", "have", "had", NULL};

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
            if (isupper((unsigned char)s[st]) || (unsigned char)s[st] >= 0x80)
                capitalized++;
        }
    }
    if (words > 14)
        return 0;
    /* wrapped prose often breaks after a function word; headings do not */
    size_t lw = n;
    while (lw > 0 && s[lw - 1] != ' ')
        lw--;
    if (word_in(s + lw, n - lw, trailing_function_words))
        return 0;
    if (long_words > 0 && capitalized * 10 >= long_words * 6)
        return 1;
    return after_stop && words <= 6;
}

int dg_split_sentences(const char *text, size_t len, dg_sentence_fn fn,
                       void *ud)
{
    size_t start = 0, i = 0;
    int rc;
    while (i < len) {
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
            int next_upper = j < len && (isupper((unsigned char)text[j]) ||
                                         isdigit((unsigned char)text[j]) ||
                                         (unsigned char)text[j] >= 0x80);
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

static int is_word_byte(unsigned char c)
{
    return isalnum(c) || c >= 0x80;
}

static uint32_t case_flags(const char *s, size_t n)
{
    uint32_t f = 0;
    int letters = 0, upper = 0;
    unsigned char c0 = (unsigned char)s[0];
    if (c0 >= 0x80) {
        utf8proc_int32_t cp;
        if (utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n,
                             &cp) > 0 && utf8proc_isupper(cp))
            f |= DG_TOK_CAP;
    } else if (isupper(c0))
        f |= DG_TOK_CAP;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (isalpha(c)) {
            letters++;
            if (isupper(c))
                upper++;
        }
    }
    if (letters >= 2 && letters == upper)
        f |= DG_TOK_ALLCAP;
    return f;
}

size_t dg_tokenize(const char *s, size_t len, dg_token *toks, size_t cap)
{
    size_t n = 0, i = 0;
    while (i < len && n < cap) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '\n') {
            i++;
            continue;
        }
        size_t st = i;
        uint32_t flags;
        if (c == '\'' && i + 1 < len && (s[i + 1] == 's' || s[i + 1] == 'S') &&
            (i + 2 >= len || !is_word_byte((unsigned char)s[i + 2])) &&
            i > 0 && is_word_byte((unsigned char)s[i - 1])) {
            i += 2; /* possessive 's */
            flags = DG_TOK_POSS | DG_TOK_WORD;
        } else if (c == '\'' && i > 0 && (s[i - 1] == 's' || s[i - 1] == 'S')
                   && (i + 1 >= len || !is_word_byte((unsigned char)s[i + 1]))) {
            i += 1; /* plural possessive: "allies'" */
            flags = DG_TOK_POSS | DG_TOK_WORD;
        } else if (is_word_byte(c)) {
            /* dotted abbreviation: U.S., U.S.A., E.U. */
            if (isalpha(c) && i + 3 < len && s[i + 1] == '.' &&
                isalpha((unsigned char)s[i + 2]) && s[i + 3] == '.') {
                while (i + 1 < len && isalpha((unsigned char)s[i]) &&
                       s[i + 1] == '.')
                    i += 2;
                flags = DG_TOK_WORD;
            } else {
                while (i < len) {
                    unsigned char d = (unsigned char)s[i];
                    if (is_word_byte(d)) {
                        i++;
                        continue;
                    }
                    /* 25,000 and 3.5 */
                    if ((d == ',' || d == '.') && i + 1 < len &&
                        isdigit((unsigned char)s[i - 1]) &&
                        isdigit((unsigned char)s[i + 1])) {
                        i++;
                        continue;
                    }
                    if (d == '\'' && i + 1 < len &&
                        is_word_byte((unsigned char)s[i + 1])) {
                        /* n't and 's split off; O'Brien, d'Ivoire stay */
                        if ((s[i + 1] == 's' || s[i + 1] == 'S') &&
                            (i + 2 >= len ||
                             !is_word_byte((unsigned char)s[i + 2])))
                            break;
                        if ((s[i + 1] == 't' || s[i + 1] == 'T') &&
                            s[i - 1] == 'n' &&
                            (i + 2 >= len ||
                             !is_word_byte((unsigned char)s[i + 2]))) {
                            i--; /* "n't" starts at the n */
                            break;
                        }
                        i++;
                        continue;
                    }
                    break;
                }
                if (i == st) { /* "n't" at the start */
                    i += 3;
                }
                flags = DG_TOK_WORD;
            }
            flags |= case_flags(s + st, i - st);
        } else {
            /* one punctuation character (a whole UTF-8 sequence) */
            i++;
            while (i < len && ((unsigned char)s[i] & 0xC0) == 0x80)
                i++;
            flags = DG_TOK_PUNCT;
        }
        toks[n].start = (uint32_t)st;
        toks[n].len = (uint32_t)(i - st);
        toks[n].hash = dg_hash_lower(s + st, i - st);
        toks[n].flags = flags;
        n++;
    }
    return n;
}

int dg_tok_is(const char *s, const dg_token *t, const char *w)
{
    /* no strlen: this runs for every word of every rule list */
    const char *p = s + t->start;
    for (uint32_t i = 0; i < t->len; i++) {
        unsigned char c = (unsigned char)p[i];
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c + 32);
        if (c != (unsigned char)w[i]) /* also stops at w's end */
            return 0;
    }
    return w[t->len] == '\0';
}
