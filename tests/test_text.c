/* test_text.c -- the text stage: sentence splitting, normalization and
 * tokenization (text.c). */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <ctype.h>

#include "test_support.h"

#include <utf8proc.h>

/* ---- sentence splitting --------------------------------------------- */

typedef struct sentences {
    char s[16][256];
    int n;
} sentences;

static int collect_sentence(const char *s, size_t len, void *ud)
{
    sentences *out = ud;
    if (out->n < 16)
        snprintf(out->s[out->n], sizeof out->s[0], "%.*s", (int)len, s);
    out->n++;
    return 0;
}

static void split(const char *text, sentences *out)
{
    memset(out, 0, sizeof *out);
    assert_int_equal(dg_split_sentences(text, strlen(text), collect_sentence,
                                        out),
                     0);
}

static void test_split_plain(void **state)
{
    (void)state;
    sentences s;
    split("France condemned Iran. Russia praised China! Did Japan agree? "
          "Yes.",
          &s);
    assert_int_equal(s.n, 4);
    assert_string_equal(s.s[0], "France condemned Iran.");
    assert_string_equal(s.s[1], "Russia praised China!");
    assert_string_equal(s.s[2], "Did Japan agree?");
    assert_string_equal(s.s[3], "Yes.");
}

static void test_split_abbreviations(void **state)
{
    (void)state;
    sentences s;
    split("The U.S. Navy and Dr. Lee met on Jan. 5 in Oslo. They agreed.", &s);
    assert_int_equal(s.n, 2);
    assert_string_equal(s.s[0],
                        "The U.S. Navy and Dr. Lee met on Jan. 5 in Oslo.");
    assert_string_equal(s.s[1], "They agreed.");

    /* a dotted abbreviation ends a sentence when a usual opener follows */
    split("Aid came from the U.S. The talks then ended.", &s);
    assert_int_equal(s.n, 2);
    assert_string_equal(s.s[0], "Aid came from the U.S.");
    assert_string_equal(s.s[1], "The talks then ended.");
}

static void test_split_initials(void **state)
{
    (void)state;
    sentences s;
    split("George A. Smith wrote a history of Armenia. It sold well.", &s);
    assert_int_equal(s.n, 2);
    assert_string_equal(s.s[0], "George A. Smith wrote a history of Armenia.");
    assert_string_equal(s.s[1], "It sold well.");
}

static void test_split_bullets(void **state)
{
    (void)state;
    sentences s;
    split("Three things changed.\n"
          "\xE2\x80\xA2 Alpha rose sharply\n"
          "1. Beta fell.\n"
          "- Gamma stayed flat\n"
          "2) Delta left.\n",
          &s);
    assert_int_equal(s.n, 5);
    assert_string_equal(s.s[0], "Three things changed.");
    assert_string_equal(s.s[1], "Alpha rose sharply");
    assert_string_equal(s.s[2], "Beta fell.");
    assert_string_equal(s.s[3], "Gamma stayed flat");
    assert_string_equal(s.s[4], "Delta left.");
}

static void test_split_bullet_without_final_stop_is_own_sentence(void **state)
{
    (void)state;
    sentences s;
    /* the bullet text has no period and the next bullet starts with a
     * capital: each bullet is still a sentence of its own */
    split("  \xE2\x80\xA2 Armenia joined the talks\n"
          "  \xE2\x80\xA2 Russia stayed away\n",
          &s);
    assert_int_equal(s.n, 2);
    assert_string_equal(s.s[0], "Armenia joined the talks");
    assert_string_equal(s.s[1], "Russia stayed away");
}

static void test_split_headings(void **state)
{
    (void)state;
    sentences s;
    split("Turning East and West\n"
          "China signed a deal with Kazakhstan. Russia objected.\n",
          &s);
    assert_int_equal(s.n, 3);
    assert_string_equal(s.s[0], "Turning East and West");
    assert_string_equal(s.s[1], "China signed a deal with Kazakhstan.");
    assert_string_equal(s.s[2], "Russia objected.");
}

static void test_split_blank_lines(void **state)
{
    (void)state;
    sentences s;
    /* a line ending with a comma is no heading: only the blank line
     * splits */
    split("The talks went on for days,\n\nand then they ended.", &s);
    assert_int_equal(s.n, 2);
    assert_string_equal(s.s[0], "The talks went on for days,");
    assert_string_equal(s.s[1], "and then they ended.");

    /* without the blank line it is one sentence over two lines */
    split("The talks went on for days,\nand then they ended.", &s);
    assert_int_equal(s.n, 1);
    assert_string_equal(s.s[0], "The talks went on for days,\nand then they ended.");
}

static void test_split_lowercase_after_period_does_not_split(void **state)
{
    (void)state;
    sentences s;
    split("Talks resumed at 3 p.m. on Monday. Nothing changed.", &s);
    assert_int_equal(s.n, 2);
    assert_string_equal(s.s[0], "Talks resumed at 3 p.m. on Monday.");
}

static int stop_after_first(const char *s, size_t len, void *ud)
{
    (void)s;
    (void)len;
    (*(int *)ud)++;
    return 42;
}

static void test_split_callback_stops(void **state)
{
    (void)state;
    int calls = 0;
    const char *t = "One here. Two here. Three here.";
    assert_int_equal(dg_split_sentences(t, strlen(t), stop_after_first, &calls),
                     42);
    assert_int_equal(calls, 1);
}

/* ---- normalization -------------------------------------------------- */

static void normalize(const char *in, size_t len, dg_buf *out,
                      test_reports *r)
{
    memset(r, 0, sizeof *r);
    assert_int_equal(dg_normalize(in, len, out, "doc.txt", collect_report, r),
                     DG_OK);
}

/* A run of text with no sentence end is cut into pieces of at most
 * DG_MAX_SENTENCE bytes at spaces, losing nothing (issue 8: 2 MB of such
 * text took over 300 s). */
typedef struct pieces {
    size_t n, total, longest;
    int bad_edge; /* a piece starting or ending with a space */
    char *joined;
    size_t cap;
} pieces;

static int collect_piece(const char *s, size_t len, void *ud)
{
    pieces *p = ud;
    p->n++;
    p->total += len;
    if (len > p->longest)
        p->longest = len;
    if (len == 0 || s[0] == ' ' || s[len - 1] == ' ')
        p->bad_edge = 1;
    size_t at = strlen(p->joined);
    if (at + len + 2 <= p->cap) {
        if (at)
            p->joined[at++] = ' ';
        memcpy(p->joined + at, s, len);
        p->joined[at + len] = '\0';
    }
    return 0;
}

static void test_split_long_run_is_bounded(void **state)
{
    (void)state;
    const char *unit = "France Germany Russia China and ";
    size_t n = 200000, ul = strlen(unit);
    char *text = malloc(n + 1);
    assert_non_null(text);
    for (size_t i = 0; i < n; i++)
        text[i] = unit[i % ul];
    text[n] = '\0';
    pieces p = {0};
    p.cap = n + 2;
    p.joined = calloc(1, p.cap);
    assert_non_null(p.joined);
    assert_int_equal(dg_split_sentences(text, n, collect_piece, &p), 0);
    assert_true(p.n >= n / DG_MAX_SENTENCE);
    assert_true(p.longest <= DG_MAX_SENTENCE);
    assert_true(p.longest > DG_MAX_SENTENCE / 2);
    assert_false(p.bad_edge);
    /* cut only at spaces: the pieces joined by one space are the text */
    size_t tl = n;
    while (tl && text[tl - 1] == ' ')
        tl--;
    text[tl] = '\0';
    assert_string_equal(p.joined, text);

    /* no space at all: cut at a UTF-8 character boundary */
    for (size_t i = 0; i + 1 < n; i += 2) {
        text[i] = (char)0xC3; /* e acute */
        text[i + 1] = (char)0xA9;
    }
    text[n] = '\0';
    free(p.joined);
    memset(&p, 0, sizeof p);
    p.cap = 2 * n + 2;
    p.joined = realloc(NULL, p.cap);
    assert_non_null(p.joined);
    p.joined[0] = '\0';
    assert_int_equal(dg_split_sentences(text, n, collect_piece, &p), 0);
    assert_int_equal(p.total, n);
    assert_true(p.longest <= DG_MAX_SENTENCE);
    free(p.joined);
    free(text);
}

static void test_normalize_quotes(void **state)
{
    (void)state;
    dg_buf b = {0};
    test_reports r;
    const char *in = "Armenia\xE2\x80\x99s \xE2\x80\x9Cpivot\xE2\x80\x9D "
                     "\xE2\x80\x98" "away\xE2\x80\x99 \xE2\x80\x94 now";
    normalize(in, strlen(in), &b, &r);
    assert_string_equal(b.data, "Armenia's \"pivot\" 'away' - now");
    assert_int_equal(r.n, 0);
    dg_buf_free(&b);
}

static void test_normalize_invalid_utf8(void **state)
{
    (void)state;
    dg_buf b = {0};
    test_reports r;
    const char in[] = "ab\xFF" "cd";
    normalize(in, sizeof in - 1, &b, &r);
    assert_string_equal(b.data, "ab\xEF\xBF\xBD" "cd");
    assert_int_equal(r.n, 1);
    assert_int_equal(r.e[0].code, DG_EENCODING);
    assert_string_equal(r.e[0].file, "doc.txt");
    assert_non_null(strstr(r.e[0].message, "byte offset 2"));

    /* a sequence cut short at the end: each stray byte is reported */
    const char cut[] = "abc\xE2\x80";
    normalize(cut, sizeof cut - 1, &b, &r);
    assert_string_equal(b.data, "abc\xEF\xBF\xBD\xEF\xBF\xBD");
    assert_int_equal(r.n, 2);
    assert_non_null(strstr(r.e[0].message, "byte offset 3"));
    assert_non_null(strstr(r.e[1].message, "byte offset 4"));

    /* overlong encoding and a UTF-16 surrogate are invalid too */
    const char overlong[] = "x\xC0\xAFy";
    normalize(overlong, sizeof overlong - 1, &b, &r);
    assert_int_equal(r.n, 2);
    assert_non_null(strstr(r.e[0].message, "byte offset 1"));
    const char surrogate[] = "\xED\xA0\x80";
    normalize(surrogate, sizeof surrogate - 1, &b, &r);
    assert_true(r.n >= 1);
    assert_non_null(strstr(r.e[0].message, "byte offset 0"));
    dg_buf_free(&b);
}

static void test_normalize_nfc(void **state)
{
    (void)state;
    dg_buf b = {0};
    test_reports r;
    /* e + combining acute accent -> precomposed e-acute */
    const char in[] = "Caf" "e\xCC\x81 T\xC3\xBCrkiye";
    normalize(in, sizeof in - 1, &b, &r);
    assert_string_equal(b.data, "Caf\xC3\xA9 T\xC3\xBCrkiye");
    assert_int_equal(r.n, 0);
    dg_buf_free(&b);
}

/* NFC piece by piece (ASCII skips utf8proc) gives what utf8proc gives for
 * the whole text: random texts of ASCII letters and marks that compose
 * with what comes before (combining accents, Hangul jamo, a mark after a
 * composition exclusion or a singleton), none of which the first pass of
 * dg_normalize replaces. */
static void test_normalize_nfc_pieces(void **state)
{
    (void)state;
    static const char *const parts[] = {
        "a",
        "e",
        "A",
        "o",
        "u",
        "n",
        "s",
        " ",
        "\n",
        ".",
        "1",
        "\xCC\x81",         /* U+0301 combining acute */
        "\xCC\x88",         /* U+0308 diaeresis */
        "\xCC\xA7",         /* U+0327 cedilla */
        "\xCC\xA3",         /* U+0323 dot below */
        "\xCC\x9B",         /* U+031B horn */
        "\xCD\x85",         /* U+0345 ypogegrammeni */
        "\xC3\xA9",         /* U+00E9 e acute */
        "\xC3\x85",         /* U+00C5 A ring */
        "\xE2\x84\xAB",     /* U+212B angstrom sign (a singleton) */
        "\xE0\xA5\x98",     /* U+0958 (a composition exclusion) */
        "\xE1\x84\x80",     /* U+1100 Hangul L */
        "\xE1\x85\xA1",     /* U+1161 Hangul V */
        "\xE1\x86\xA8",     /* U+11A8 Hangul T */
        "\xEA\xB0\x80",     /* U+AC00 Hangul LV */
        "\xE4\xB8\xAD",     /* U+4E2D */
        "\xF0\x9F\x98\x80", /* U+1F600 */
        "\xCE\xB1",         /* U+03B1 alpha */
        "\xCD\x82",         /* U+0342 perispomeni */
    };
    const size_t np = sizeof parts / sizeof parts[0];
    uint32_t seed = 12345;
    dg_buf in = {0}, b = {0};
    test_reports r;
    for (int round = 0; round < 3000; round++) {
        in.len = 0;
        int n = 1 + (int)(seed % 40);
        for (int k = 0; k < n; k++) {
            seed = seed * 1103515245u + 12345u;
            const char *p = parts[(seed >> 16) % np];
            dg_buf_append(&in, p, strlen(p));
        }
        if (round % 7 == 0) /* a long piece: past the stack buffer */
            for (int k = 0; k < 300; k++)
                dg_buf_append(&in, "\xCC\x81\xC3\xA9", 4);
        normalize(in.data, in.len, &b, &r);
        utf8proc_uint8_t *want = NULL;
        utf8proc_ssize_t wn = utf8proc_map((const utf8proc_uint8_t *)in.data,
                                           (utf8proc_ssize_t)in.len, &want,
                                           UTF8PROC_STABLE | UTF8PROC_COMPOSE);
        assert_true(wn >= 0);
        assert_int_equal(b.len, (size_t)wn);
        assert_memory_equal(b.data, want, b.len);
        free(want);
        assert_int_equal(r.n, 0);
    }
    dg_buf_free(&in);
    dg_buf_free(&b);
}

static void test_normalize_spaces_and_newlines(void **state)
{
    (void)state;
    dg_buf b = {0};
    test_reports r;
    const char in[] = "a\r\nb\rc\td\xC2\xA0" "e\xEF\xBB\xBF" "f";
    normalize(in, sizeof in - 1, &b, &r);
    assert_string_equal(b.data, "a\nb\nc d ef");
    dg_buf_free(&b);
}

/* ---- tokenization --------------------------------------------------- */

typedef struct toks {
    dg_token t[64];
    size_t n;
    char text[64][32];
} toks;

static void tokenize(const char *s, toks *out)
{
    memset(out, 0, sizeof *out);
    out->n = dg_tokenize(s, strlen(s), out->t, 64);
    for (size_t i = 0; i < out->n; i++)
        snprintf(out->text[i], sizeof out->text[i], "%.*s", (int)out->t[i].len,
                 s + out->t[i].start);
}

static void test_tokenize_possessive_after_normalization(void **state)
{
    (void)state;
    dg_buf b = {0};
    test_reports r;
    const char *in = "Armenia\xE2\x80\x99s pivot";
    normalize(in, strlen(in), &b, &r);
    toks t;
    tokenize(b.data, &t);
    assert_int_equal(t.n, 3);
    assert_string_equal(t.text[0], "Armenia");
    assert_string_equal(t.text[1], "'s");
    assert_string_equal(t.text[2], "pivot");
    assert_true(t.t[1].flags & DG_TOK_POSS);
    assert_false(t.t[0].flags & DG_TOK_POSS);
    assert_true(t.t[0].flags & DG_TOK_CAP);
    assert_false(t.t[2].flags & DG_TOK_CAP);
    dg_buf_free(&b);

    /* plural possessive */
    tokenize("the allies' plan", &t);
    assert_int_equal(t.n, 4);
    assert_string_equal(t.text[1], "allies");
    assert_string_equal(t.text[2], "'");
    assert_true(t.t[2].flags & DG_TOK_POSS);
}

static void test_tokenize_dotted_abbreviation(void **state)
{
    (void)state;
    toks t;
    tokenize("The U.S. said no.", &t);
    assert_int_equal(t.n, 5);
    assert_string_equal(t.text[0], "The");
    assert_string_equal(t.text[1], "U.S.");
    assert_string_equal(t.text[2], "said");
    assert_string_equal(t.text[3], "no");
    assert_string_equal(t.text[4], ".");
    assert_true(t.t[1].flags & DG_TOK_WORD);
    assert_true(t.t[1].flags & DG_TOK_ALLCAP);
    assert_true(t.t[4].flags & DG_TOK_PUNCT);
    assert_false(t.t[4].flags & DG_TOK_WORD);
}

static void test_tokenize_contraction(void **state)
{
    (void)state;
    toks t;
    tokenize("Iran didn't agree", &t);
    assert_int_equal(t.n, 4);
    assert_string_equal(t.text[0], "Iran");
    assert_string_equal(t.text[1], "did");
    assert_string_equal(t.text[2], "n't");
    assert_string_equal(t.text[3], "agree");
    assert_true(dg_tok_is("Iran didn't agree", &t.t[2], "n't"));
}

static void test_tokenize_hyphen_and_numbers(void **state)
{
    (void)state;
    toks t;
    tokenize("Guinea-Bissau sent 25,000 troops and 3.5 tanks to O'Brien.", &t);
    assert_int_equal(t.n, 12);
    assert_string_equal(t.text[0], "Guinea");
    assert_string_equal(t.text[1], "-");
    assert_string_equal(t.text[2], "Bissau");
    assert_true(t.t[1].flags & DG_TOK_PUNCT);
    assert_string_equal(t.text[4], "25,000");
    assert_string_equal(t.text[7], "3.5");
    assert_string_equal(t.text[10], "O'Brien");
}

static void test_tokenize_hash_and_case(void **state)
{
    (void)state;
    toks t;
    const char *s = "NATO Nato nato";
    tokenize(s, &t);
    assert_int_equal(t.n, 3);
    /* the hash folds ASCII case, the flags keep it */
    assert_true(t.t[0].hash == t.t[1].hash);
    assert_true(t.t[1].hash == t.t[2].hash);
    assert_true(t.t[0].hash == dg_hash_lower("nato", 4));
    assert_true(t.t[0].flags & DG_TOK_ALLCAP);
    assert_true(t.t[1].flags & DG_TOK_CAP);
    assert_false(t.t[1].flags & DG_TOK_ALLCAP);
    assert_false(t.t[2].flags & (DG_TOK_CAP | DG_TOK_ALLCAP));
    assert_true(dg_tok_is(s, &t.t[0], "nato"));
    assert_false(dg_tok_is(s, &t.t[0], "nat"));
}

static void test_tokenize_capacity(void **state)
{
    (void)state;
    dg_token t[3];
    const char *s = "one two three four five";
    assert_int_equal(dg_tokenize(s, strlen(s), t, 3), 3);
}

/* Tokens with letters outside ASCII hash as their lower-case form, so
 * that capitals match the lexicon's names ("TÜRKIYE", "CÔTE"); ASCII and
 * already lower-case tokens hash as before. */
static void test_tokenize_unicode_case(void **state)
{
    (void)state;
    const char *pairs[][2] = {{"TÜRKIYE", "türkiye"}, {"CÔTE", "côte"},
                              {"ÅLAND", "åland"},     {"ČESKO", "česko"},
                              {"Ölkə", "ölkə"},       {"FRANCE", "france"}};
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        dg_token a[4], b[4];
        assert_int_equal(dg_tokenize(pairs[i][0], strlen(pairs[i][0]), a, 4),
                         1);
        assert_int_equal(dg_tokenize(pairs[i][1], strlen(pairs[i][1]), b, 4),
                         1);
        assert_true(a[0].hash == b[0].hash);
        assert_true(b[0].hash == dg_hash_lower(pairs[i][1], strlen(pairs[i][1])));
        assert_true(dg_same_folded_utf8(pairs[i][0], strlen(pairs[i][0]),
                                        pairs[i][1], strlen(pairs[i][1])));
    }
    assert_false(dg_same_folded_utf8("CÔTE", 5, "cote", 4));
    assert_true(dg_hash_fold("café", 5) == dg_hash_lower("café", 5));
}

/* Plain words take the tokenizer's vector way, others the general one;
 * both must give dg_hash_lower and the same case flags, whatever the
 * word's length (across the eight-byte words of the hash and the sixteen
 * bytes of the vector) and wherever it stands (near the end of the text,
 * read from a copy; the buffer is exactly the text, so ASan sees any read
 * past it). */
static void test_tokenize_fast_and_general_agree(void **state)
{
    (void)state;
    const char *stems[] = {"a",
                           "Z",
                           "ab",
                           "NATO",
                           "Nato",
                           "nAto",
                           "x9Y",
                           "seventy",
                           "Ministry",
                           "MINISTRY",
                           "ministers",
                           "Kazakhstani",
                           "counterinsurgency",
                           "ABCDEFGHIJKLMNOP",
                           "abcdefghijklmno",
                           "Russia's",
                           "allies'",
                           "25,000",
                           "U.S.",
                           "don't",
                           "O'Brien"};
    const char *before[] = {"", "x ", "word,  ", "(", "a b c d e f g h i "};
    const char *after[] = {"", " ", ".", " end", ", and more words here."};
    for (size_t a = 0; a < sizeof stems / sizeof stems[0]; a++)
        for (size_t b = 0; b < sizeof before / sizeof before[0]; b++)
            for (size_t c = 0; c < sizeof after / sizeof after[0]; c++) {
                char text[128];
                snprintf(text, sizeof text, "%s%s%s", before[b], stems[a],
                         after[c]);
                size_t len = strlen(text);
                char *buf = malloc(len ? len : 1);
                assert_non_null(buf);
                memcpy(buf, text, len);
                dg_token t[64];
                size_t n = dg_tokenize(buf, len, t, 64);
                for (size_t k = 0; k < n; k++) {
                    const char *w = buf + t[k].start;
                    size_t wn = t[k].len;
                    assert_true(t[k].hash == dg_hash_lower(w, wn));
                    if (!(t[k].flags & DG_TOK_WORD) ||
                        (t[k].flags & DG_TOK_POSS))
                        continue;
                    int up = 0, low = 0;
                    for (size_t j = 0; j < wn; j++) {
                        up += w[j] >= 'A' && w[j] <= 'Z';
                        low += w[j] >= 'a' && w[j] <= 'z';
                    }
                    assert_int_equal(!!(t[k].flags & DG_TOK_CAP),
                                     w[0] >= 'A' && w[0] <= 'Z');
                    assert_int_equal(!!(t[k].flags & DG_TOK_ALLCAP),
                                     up >= 2 && !low);
                }
                free(buf);
            }
    /* the stem's own tokens, in the middle of a sentence */
    toks x;
    tokenize("The Russia's allies' 25,000 U.S. troops don't go.", &x);
    assert_int_equal(x.n, 12);
    assert_true(dg_tok_is("The Russia's", &x.t[2], "'s"));
    /* dg_hasher, byte by byte, gives dg_hash_lower of every length */
    char w[40];
    for (size_t n = 0; n < sizeof w; n++) {
        w[n] = (char)('a' + n % 26);
        dg_hasher h;
        dg_hasher_init(&h);
        for (size_t j = 0; j < n; j++)
            dg_hasher_byte(&h, (unsigned char)w[j]);
        assert_true(dg_hasher_end(&h) == dg_hash_lower(w, n));
        assert_true(dg_hash_fold(w, n) == dg_hash_lower(w, n));
    }
}

/* dg_tokenize_spaces tells when the sentence's white space is not single
 * spaces (the extractor then collapses it), and tokenizes as dg_tokenize. */
static void test_tokenize_spaces(void **state)
{
    (void)state;
    const struct {
        const char *text;
        int spaces;
    } cases[] = {{"France welcomed Spain.", 0}, {"France  welcomed Spain.", 1},
                 {"France\nwelcomed Spain.", 1}, {"France welcomed Spain .", 0},
                 {"A", 0}, {"A  ", 1}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        dg_token a[16], b[16];
        int spaces = -1;
        const char *t = cases[i].text;
        size_t na = dg_tokenize_spaces(t, strlen(t), a, 16, &spaces);
        size_t nb = dg_tokenize(t, strlen(t), b, 16);
        assert_int_equal(spaces, cases[i].spaces);
        assert_int_equal(na, nb);
        for (size_t k = 0; k < na; k++) {
            assert_int_equal(a[k].start, b[k].start);
            assert_int_equal(a[k].len, b[k].len);
            assert_true(a[k].hash == b[k].hash && a[k].words == b[k].words);
            assert_int_equal(a[k].flags, b[k].flags);
        }
    }
}

/* Every word of every list of words.h, tokenized as text (lower case,
 * capitalized, all capitals), carries its list's bit; the table is
 * generated at build time, so this checks the generator and the
 * tokenizer's lookup against the lists themselves. */
static const dg_word_list word_lists[] = {
    DG_WORD_LISTS(DG_WORD_LIST_ENTRY)};

static void test_tokenize_word_lists(void **state)
{
    (void)state;
    size_t checked = 0;
    for (size_t l = 0; l < sizeof word_lists / sizeof word_lists[0]; l++) {
        for (size_t w = 0; word_lists[l].words[w]; w++) {
            const char *word = word_lists[l].words[w];
            char up[64], cap[64];
            size_t n = strlen(word);
            assert_true(n < sizeof up);
            for (size_t i = 0; i <= n; i++) {
                up[i] = (char)toupper((unsigned char)word[i]);
                cap[i] = i == 0 ? up[i] : word[i];
            }
            const char *forms[] = {word, cap, up};
            for (size_t f = 0; f < 3; f++) {
                dg_token t[8];
                size_t nt = dg_tokenize(forms[f], n, t, 8);
                /* a few entries are no single token ("long-standing") and
                 * can never match one */
                if (nt != 1 || t[0].len != n)
                    continue;
                if (!DG_TOK_IN(&t[0], word_lists[l].id))
                    fail_msg("\"%s\" is not tagged with %s", forms[f],
                             word_lists[l].name);
                checked++;
            }
        }
    }
    assert_true(checked > 1000);
    /* near misses are in no list */
    const char *misses[] = {"thee", "th", "anti", "Armenia", "mays", "hass"};
    for (size_t i = 0; i < sizeof misses / sizeof misses[0]; i++) {
        dg_token t[4];
        assert_int_equal(dg_tokenize(misses[i], strlen(misses[i]), t, 4), 1);
        assert_true(t[0].words == 0);
    }
    dg_token t[4];
    assert_int_equal(dg_tokenize("The", 3, t, 4), 1);
    assert_true(DG_TOK_IN(&t[0], DG_WL_DETERMINERS));
    assert_false(DG_TOK_IN(&t[0], DG_WL_COORDINATORS));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_split_plain),
        cmocka_unit_test(test_split_abbreviations),
        cmocka_unit_test(test_split_initials),
        cmocka_unit_test(test_split_bullets),
        cmocka_unit_test(test_split_bullet_without_final_stop_is_own_sentence),
        cmocka_unit_test(test_split_headings),
        cmocka_unit_test(test_split_blank_lines),
        cmocka_unit_test(test_split_lowercase_after_period_does_not_split),
        cmocka_unit_test(test_split_callback_stops),
        cmocka_unit_test(test_split_long_run_is_bounded),
        cmocka_unit_test(test_normalize_quotes),
        cmocka_unit_test(test_normalize_invalid_utf8),
        cmocka_unit_test(test_normalize_nfc),
        cmocka_unit_test(test_normalize_nfc_pieces),
        cmocka_unit_test(test_normalize_spaces_and_newlines),
        cmocka_unit_test(test_tokenize_possessive_after_normalization),
        cmocka_unit_test(test_tokenize_dotted_abbreviation),
        cmocka_unit_test(test_tokenize_contraction),
        cmocka_unit_test(test_tokenize_hyphen_and_numbers),
        cmocka_unit_test(test_tokenize_hash_and_case),
        cmocka_unit_test(test_tokenize_capacity),
        cmocka_unit_test(test_tokenize_word_lists),
        cmocka_unit_test(test_tokenize_spaces),
        cmocka_unit_test(test_tokenize_unicode_case),
        cmocka_unit_test(test_tokenize_fast_and_general_agree),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
