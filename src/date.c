/* date.c -- the date of an event, read from its sentence or from the
 * dateline at the top of its article.
 *
 * Pure functions over a sentence's tokens: no allocation, no state. The
 * extractor calls them only for sentences that give events, so reading
 * dates costs nothing on the others. The forms read (docs/formats.md,
 * "Event dates"):
 *
 *   in 2020, since 2018, during 2014, from 2018, throughout 2019,
 *   of 2020, in early/late/mid-2020          -> the year
 *   (in) September 2023, Sept. 2023          -> the month
 *   12 March 2022, 12th of March 2022, March 12, 2022, 2022-03-12
 *                                             -> the day
 *   on 12 March, March 12 (no year)          -> the day in ref's year
 *   last year, this year, last month, this month
 *                                             -> relative to ref
 *                      ("next year" is not read: what a sentence says
 *                      will happen next year is not dated by it)
 *
 * A month name counts only capitalized ("May", not "may"); a bare year
 * needs one of the prepositions above before it, so that "2020 troops"
 * or "the 1828 treaty" date nothing.
 */
#include "date.h"

static int is_leap(int y)
{
    return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
}

static int month_days(int y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30,
                                 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

dg_date dg_date_of_day(long v)
{
    dg_date d = {0, 0, 0};
    if (v > 0) {
        d.y = (int)(v / 10000);
        d.m = (int)(v / 100 % 100);
        d.d = (int)(v % 100);
    }
    return d;
}

long dg_date_day(dg_date d)
{
    if (!d.y)
        return -1;
    if (!d.m)
        return (long)d.y * 10000 + 701;
    return (long)d.y * 10000 + d.m * 100 + (d.d ? d.d : 15);
}

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

int dg_date_parse(const char *s, dg_date *out)
{
    dg_date d = {0, 0, 0};
    if (!s || (d.y = digits(s, 4)) < 1)
        return -1;
    if (s[4] == '-') {
        d.m = digits(s + 5, 2);
        if (d.m < 1 || d.m > 12)
            return -1;
        if (s[7] == '-') {
            d.d = digits(s + 8, 2);
            if (d.d < 1 || d.d > month_days(d.y, d.m) || s[10] != '\0')
                return -1;
        } else if (s[7] != '\0') {
            return -1;
        }
    } else if (s[4] != '\0') {
        return -1;
    }
    *out = d;
    return 0;
}

long dg_date_first_day(dg_date d)
{
    return (long)d.y * 10000 + (d.m ? d.m : 1) * 100 + (d.d ? d.d : 1);
}

long dg_date_last_day(dg_date d)
{
    int m = d.m ? d.m : 12;
    return (long)d.y * 10000 + m * 100 + (d.d ? d.d : month_days(d.y, m));
}

static char *put_digits(char *p, int v, int width)
{
    for (int i = width - 1; i >= 0; i--, v /= 10)
        p[i] = (char)('0' + v % 10);
    return p + width;
}

size_t dg_date_format(dg_date d, char *out)
{
    char *p = out;
    if (d.y > 0 && d.y <= 9999) {
        p = put_digits(p, d.y, 4);
        if (d.m) {
            *p++ = '-';
            p = put_digits(p, d.m, 2);
            if (d.d) {
                *p++ = '-';
                p = put_digits(p, d.d, 2);
            }
        }
    }
    *p = '\0';
    return (size_t)(p - out);
}

/* ---- tokens ---------------------------------------------------------- */

/* The value of an all-digit token of 1..maxlen digits (a day may carry
 * an ordinal suffix: "12th"), or -1. */
static int number(const char *s, const dg_token *t, uint32_t maxlen,
                  int ordinal)
{
    const char *p = s + t->start;
    uint32_t k = 0;
    int v = 0;
    while (k < t->len && p[k] >= '0' && p[k] <= '9') {
        if (k < maxlen) /* more digits than maxlen: refused below */
            v = v * 10 + (p[k] - '0');
        k++;
    }
    if (k == 0 || k > maxlen)
        return -1;
    if (k == t->len)
        return v;
    if (!ordinal || t->len - k != 2)
        return -1;
    char a = (char)(p[k] | 0x20), b = (char)(p[k + 1] | 0x20);
    if ((a == 's' && b == 't') || (a == 'n' && b == 'd') ||
        (a == 'r' && b == 'd') || (a == 't' && b == 'h'))
        return v;
    return -1;
}

static int year_of(const char *s, const dg_token *t)
{
    if (t->len != 4)
        return 0;
    int v = number(s, t, 4, 0);
    return v >= 1000 && v <= 2199 ? v : 0;
}

static int day_of(const char *s, const dg_token *t)
{
    int v = number(s, t, 2, 1);
    return v >= 1 && v <= 31 ? v : 0;
}

/* A capitalized month name or its abbreviation ("Sept", "Jan") -> 1..12,
 * else 0. Read by its first three letters, then its length: it is asked
 * of every capitalized word of a sentence that gives events. */
static int month_of(const char *s, const dg_token *t)
{
    static const char names[12][10] = {
        "january", "february", "march",     "april",   "may",      "june",
        "july",    "august",   "september", "october", "november", "december"};
    if (!(t->flags & DG_TOK_CAP) || t->len < 3 || t->len > 9)
        return 0;
    const char *p = s + t->start;
    char a = (char)(p[0] | 0x20), b = (char)(p[1] | 0x20),
         c = (char)(p[2] | 0x20);
    /* the months of the first letter: most capitalized words have none */
    int from, to;
    switch (a) {
    case 'j':
        from = 0, to = 6; /* January, June, July (and what is between) */
        break;
    case 'f':
        from = 1, to = 1;
        break;
    case 'm':
        from = 2, to = 4;
        break;
    case 'a':
        from = 3, to = 7;
        break;
    case 's':
        from = 8, to = 8;
        break;
    case 'o':
        from = 9, to = 9;
        break;
    case 'n':
        from = 10, to = 10;
        break;
    case 'd':
        from = 11, to = 11;
        break;
    default:
        return 0;
    }
    for (int i = from; i <= to; i++) {
        const char *w = names[i];
        if (w[0] != a || w[1] != b || w[2] != c)
            continue;
        size_t full = strlen(w);
        if (t->len == 3 || (i == 8 && t->len == 4 && (p[3] | 0x20) == 't'))
            return i + 1; /* Jan, Sep, Sept */
        if (t->len != full)
            return 0;
        for (uint32_t k = 3; k < t->len; k++)
            if ((char)(p[k] | 0x20) != w[k])
                return 0;
        return i + 1;
    }
    return 0;
}

static inline int tok_is(const char *s, const dg_token *toks, size_t n,
                         size_t i, const char *w)
{
    return i < n && dg_tok_is(s, &toks[i], w);
}

static inline int punct_is(const char *s, const dg_token *toks, size_t n,
                           size_t i, char c)
{
    return i < n && toks[i].len == 1 && s[toks[i].start] == c;
}

/* Tokens i and i + 1 touch (no space between): "2022-03". */
static int touching(const dg_token *toks, size_t n, size_t i)
{
    return i + 1 < n && toks[i].start + toks[i].len == toks[i + 1].start;
}

static dg_date make(int y, int m, int d)
{
    dg_date r = {0, 0, 0};
    if (m && d && d > month_days(y, m))
        return r; /* 31 April */
    r.y = y;
    r.m = m;
    r.d = d;
    return r;
}

/* A date written at token i (the day and month forms, ISO, relative):
 * its tokens in *len, or none (with *len set when the tokens are a date
 * that no calendar has: "31 April 2022"). */
static dg_date date_at(const char *s, const dg_token *toks, size_t n, size_t i,
                       dg_date ref, size_t *len)
{
    dg_date none = {0, 0, 0};
    const dg_token *t = &toks[i];
    int v, m, y;
    char c0 = s[t->start];
    if (!(c0 >= '0' && c0 <= '9') && !(t->flags & DG_TOK_CAP) &&
        !DG_TOK_IN(t, DG_WL_TIME_NOUNS))
        return none; /* most words: no digit, month or "last" */
    /* 12 March 2022, 12th of March 2022, 12 March */
    if ((v = day_of(s, t)) != 0) {
        size_t j = i + 1;
        if (tok_is(s, toks, n, j, "of"))
            j++;
        if (j < n && (m = month_of(s, &toks[j])) != 0) {
            j++;
            if (punct_is(s, toks, n, j, '.'))
                j++;
            if (punct_is(s, toks, n, j, ','))
                j++;
            if (j < n && (y = year_of(s, &toks[j])) != 0) {
                *len = j + 1 - i;
                return make(y, m, v);
            }
            if (ref.y) {
                *len = j - i;
                return make(ref.y, m, v);
            }
        }
        return none;
    }
    /* March 12, 2022, March 12, September 2023 */
    if ((m = month_of(s, t)) != 0) {
        size_t j = i + 1;
        if (punct_is(s, toks, n, j, '.'))
            j++;
        if (j < n && (y = year_of(s, &toks[j])) != 0) {
            *len = j + 1 - i;
            return make(y, m, 0);
        }
        if (j < n && (v = day_of(s, &toks[j])) != 0) {
            j++;
            size_t k = j;
            if (punct_is(s, toks, n, k, ','))
                k++;
            if (k < n && (y = year_of(s, &toks[k])) != 0) {
                *len = k + 1 - i;
                return make(y, m, v);
            }
            if (ref.y) {
                *len = j - i;
                return make(ref.y, m, v);
            }
        }
        return none;
    }
    /* 2022-03-12 */
    if ((y = year_of(s, t)) != 0) {
        if (i + 4 < n && touching(toks, n, i) && touching(toks, n, i + 1) &&
            touching(toks, n, i + 2) && touching(toks, n, i + 3) &&
            punct_is(s, toks, n, i + 1, '-') &&
            punct_is(s, toks, n, i + 3, '-') && toks[i + 2].len == 2 &&
            toks[i + 4].len == 2) {
            m = number(s, &toks[i + 2], 2, 0);
            v = number(s, &toks[i + 4], 2, 0);
            if (m >= 1 && m <= 12 && v >= 1) {
                *len = 5;
                return make(y, m, v);
            }
        }
        return none;
    }
    /* last year, this month */
    int rel = !DG_TOK_IN(t, DG_WL_TIME_NOUNS) ? 1
              : tok_is(s, toks, n, i, "last") ? -1
              : tok_is(s, toks, n, i, "this") ? 0
                                              : 1;
    if (rel != 1 && ref.y) {
        if (tok_is(s, toks, n, i + 1, "year")) {
            *len = 2;
            return make(ref.y + rel, 0, 0);
        }
        if (ref.m && tok_is(s, toks, n, i + 1, "month")) {
            *len = 2;
            return ref.m + rel < 1 ? make(ref.y - 1, 12, 0)
                                   : make(ref.y, ref.m + rel, 0);
        }
    }
    return none;
}

/* A bare year at i, dated by the preposition before it: "in 2020",
 * "since 2018", "in early 2020", "in mid-2020". */
static int year_after_preposition(const char *s, const dg_token *toks, size_t n,
                                  size_t i, size_t from)
{
    static const char *const preps[] = {"in", "since",      "during", "from",
                                        "of", "throughout", "between"};
    int y = toks[i].len == 4 ? year_of(s, &toks[i]) : 0;
    if (!y)
        return 0;
    size_t j = i;
    if (j > from && punct_is(s, toks, n, j - 1, '-') &&
        touching(toks, n, j - 1))
        j--; /* mid-2020 */
    if (j > from &&
        (tok_is(s, toks, n, j - 1, "early") ||
         tok_is(s, toks, n, j - 1, "late") || tok_is(s, toks, n, j - 1, "mid")))
        j--;
    if (j == from)
        return 0;
    for (size_t k = 0; k < sizeof preps / sizeof *preps; k++)
        if (dg_tok_is(s, &toks[j - 1], preps[k]))
            return y;
    return 0;
}

/* Does the date at i end a range whose start ended at token prev_end
 * ("2018 to 2020", "2018 and 2020", "2018-2020", "2018 until 2020")? */
static int range_end(const char *s, const dg_token *toks, size_t n, size_t i,
                     size_t prev_end)
{
    if (i != prev_end + 2)
        return 0;
    size_t k = i - 1;
    return punct_is(s, toks, n, k, '-') || tok_is(s, toks, n, k, "to") ||
           tok_is(s, toks, n, k, "and") || tok_is(s, toks, n, k, "until") ||
           tok_is(s, toks, n, k, "till") || tok_is(s, toks, n, k, "through");
}

dg_date dg_date_in_sentence(const char *s, const dg_token *toks, size_t n,
                            size_t from, size_t cue_start, size_t cue_end,
                            dg_date ref)
{
    dg_date best = {0, 0, 0};
    size_t best_dist = (size_t)-1;
    size_t prev_end = (size_t)-1; /* where the last date found ended */
    const uint64_t lists =
        (1ULL << DG_WL_TIME_NOUNS) | (1ULL << DG_WL_ABBREVIATIONS);
    for (size_t i = from; i < n;) {
        /* a date starts with a number, a month ("March", "Sept") or a
         * word of time ("last"): the tokenizer's word lists tell the
         * last two, so most tokens cost one test of their lists and one
         * of their first byte. Then "the", also a word of time, is
         * passed over: a month is capitalized, "last" and "this" have
         * four letters. */
        const dg_token *t = &toks[i], *end = toks + n;
        while (!(t->words & lists) && (unsigned char)(s[t->start] - '0') > 9)
            if (++t == end)
                return best;
        i = (size_t)(t - toks);
        if (!(t->flags & DG_TOK_WORD) ||
            ((unsigned char)(s[t->start] - '0') > 9 &&
             !(t->flags & DG_TOK_CAP) && t->len != 4)) {
            i++;
            continue;
        }
        size_t len = 0;
        dg_date d = date_at(s, toks, n, i, ref, &len);
        if (!d.y && len) { /* "31 April 2022": no date, and not April's */
            i += len;
            continue;
        }
        if (!d.y) {
            int y = year_after_preposition(s, toks, n, i, from);
            if (!y && prev_end != (size_t)-1 &&
                range_end(s, toks, n, i, prev_end))
                y = year_of(s, &toks[i]); /* "from 2018 to 2020" */
            if (y) {
                d = make(y, 0, 0);
                len = 1;
            }
        }
        if (!d.y) {
            i++;
            continue;
        }
        if (prev_end == (size_t)-1 || !range_end(s, toks, n, i, prev_end)) {
            size_t end = i + len;
            size_t dist = end <= cue_start ? cue_start - end + 1
                          : i >= cue_end   ? i - cue_end + 1
                                           : 0;
            if (dist < best_dist) {
                best = d;
                best_dist = dist;
            }
        }
        prev_end = i + len - 1;
        i += len;
    }
    return best;
}

size_t dg_date_dateline(const char *s, const dg_token *toks, size_t n,
                        dg_date ref, dg_date *out)
{
    dg_date none = {0, 0, 0};
    *out = none;
    /* the place: one to four capitalized words, in capitals unless an
     * agency follows the date */
    size_t i = 0;
    int caps = 1;
    while (i < n && i < 4 && (toks[i].flags & DG_TOK_WORD) &&
           (toks[i].flags & DG_TOK_CAP)) {
        if (!(toks[i].flags & DG_TOK_ALLCAP))
            caps = 0;
        i++;
    }
    if (i == 0 || !punct_is(s, toks, n, i, ','))
        return 0;
    for (size_t k = 0; k < i; k++)
        if (month_of(s, &toks[k]))
            return 0; /* "March 3, 2024 - ..." is no place */
    i++;
    if (i >= n)
        return 0;
    dg_date noyear = {0, 0, 0};
    size_t len = 0;
    dg_date d = date_at(s, toks, n, i, noyear, &len);
    if (!d.y) {
        /* a day and month without a year: a full date with a year no
         * one writes, then the year of ref or none */
        dg_date probe = {2000, 0, 0}; /* a leap year: 29 February */
        d = date_at(s, toks, n, i, probe, &len);
        if (!d.y || !d.d)
            return 0;
        /* a report is not dated after its publication: "December 30"
         * in a document of 2 January is of the year before */
        int y = ref.y;
        if (ref.d && (d.m > ref.m || (d.m == ref.m && d.d > ref.d)))
            y--;
        d = ref.y ? make(y, d.m, d.d) : none;
    }
    i += len;
    int agency = 0;
    if (punct_is(s, toks, n, i, '(')) {
        size_t j = i + 1;
        while (j < n && j < i + 6 && !punct_is(s, toks, n, j, ')'))
            j++;
        if (!punct_is(s, toks, n, j, ')'))
            return 0;
        agency = 1;
        i = j + 1;
    }
    if (!caps && !agency)
        return 0;
    /* the dash (normalization makes every dash ASCII): "-", "--" */
    if (!punct_is(s, toks, n, i, '-'))
        return 0;
    while (punct_is(s, toks, n, i, '-'))
        i++;
    *out = d;
    return i;
}
