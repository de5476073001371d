/* test_match.c -- the matching stage (match.c): actor mentions with the
 * longest match, leaders resolved by date, places, cues. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_support.h"

typedef struct mentions {
    dg_token t[128];
    size_t nt;
    dg_mention m[32];
    size_t n;
    char id[32][16];
    char text[32][64];
} mentions;

static void match(const dg_lexicon *lx, const char *s, long date,
                  mentions *out)
{
    memset(out, 0, sizeof *out);
    out->nt = dg_tokenize(s, strlen(s), out->t, 128);
    out->n = dg_match_actors(lx, s, out->t, out->nt, date, out->m, 32);
    for (size_t i = 0; i < out->n; i++) {
        const dg_token *a = &out->t[out->m[i].start];
        const dg_token *b = &out->t[out->m[i].end - 1];
        snprintf(out->id[i], sizeof out->id[i], "%s",
                 dg_lexicon_actor_id(lx, (size_t)out->m[i].actor));
        snprintf(out->text[i], sizeof out->text[i], "%.*s",
                 (int)(b->start + b->len - a->start), s + a->start);
    }
}

static int setup_default(void **state)
{
    dg_lexicon *lx;
    dg_error err;
    if (dg_lexicon_new(&lx, 1, &err) != DG_OK)
        return -1;
    if (dg_lexicon_finish(lx) != DG_OK) {
        dg_lexicon_free(lx);
        return -1;
    }
    *state = lx;
    return 0;
}

static int teardown_default(void **state)
{
    dg_lexicon_free(*state);
    return 0;
}

static void test_longest_match_sudan(void **state)
{
    const dg_lexicon *lx = *state;
    mentions m;
    match(lx, "South Sudan and Sudan signed a border deal.", 20200101, &m);
    assert_int_equal(m.n, 2);
    assert_string_equal(m.id[0], "SSD");
    assert_string_equal(m.text[0], "South Sudan");
    assert_int_equal(m.m[0].start, 0);
    assert_int_equal(m.m[0].end, 2);
    assert_string_equal(m.id[1], "SDN");
    assert_string_equal(m.text[1], "Sudan");
    assert_int_equal(m.m[1].start, 3);
    assert_int_equal(m.m[1].end, 4);
}

static void test_longest_match_guinea(void **state)
{
    const dg_lexicon *lx = *state;
    mentions m;
    match(lx, "Guinea and Equatorial Guinea held talks.", 20200101, &m);
    assert_int_equal(m.n, 2);
    assert_string_equal(m.id[0], "GIN");
    assert_string_equal(m.text[0], "Guinea");
    assert_string_equal(m.id[1], "GNQ");
    assert_string_equal(m.text[1], "Equatorial Guinea");

    /* hyphenated names are token sequences too */
    match(lx, "Guinea-Bissau thanked Papua New Guinea.", 20200101, &m);
    assert_int_equal(m.n, 2);
    assert_string_equal(m.id[0], "GNB");
    assert_string_equal(m.text[0], "Guinea-Bissau");
    assert_string_equal(m.id[1], "PNG");
    assert_string_equal(m.text[1], "Papua New Guinea");
}

static void test_aliases_demonyms_capitals(void **state)
{
    const dg_lexicon *lx = *state;
    mentions m;
    match(lx, "The U.S. and Armenian officials met the Kremlin.", 20200101,
          &m);
    assert_int_equal(m.n, 3);
    assert_string_equal(m.id[0], "USA");
    assert_string_equal(m.text[0], "U.S.");
    assert_int_equal(m.m[0].alias, DG_ALIAS_NAME);
    assert_string_equal(m.id[1], "ARM");
    assert_int_equal(m.m[1].alias, DG_ALIAS_DEMONYM);
    assert_string_equal(m.id[2], "RUS");
    assert_string_equal(m.text[2], "Kremlin");
    assert_int_equal(m.m[2].alias, DG_ALIAS_CAPITAL);
}

static void test_possessive_does_not_block_match(void **state)
{
    const dg_lexicon *lx = *state;
    dg_buf b = {0};
    const char *in = "Armenia\xE2\x80\x99s pivot away from Russia";
    assert_int_equal(dg_normalize(in, strlen(in), &b, "t", NULL, NULL), DG_OK);
    mentions m;
    match(lx, b.data, 20200101, &m);
    assert_int_equal(m.n, 2);
    assert_string_equal(m.id[0], "ARM");
    assert_string_equal(m.text[0], "Armenia");
    assert_string_equal(m.id[1], "RUS");
    dg_buf_free(&b);
}

static void test_location_flag(void **state)
{
    const dg_lexicon *lx = *state;
    mentions m;
    match(lx, "Officials met in Washington.", 20200101, &m);
    assert_int_equal(m.n, 1);
    assert_string_equal(m.id[0], "USA");
    assert_int_not_equal(m.m[0].location, 0);

    match(lx, "Washington warned Iran.", 20200101, &m);
    assert_int_equal(m.n, 2);
    assert_string_equal(m.id[0], "USA");
    assert_int_equal(m.m[0].location, 0);
    assert_int_equal(m.m[1].location, 0);

    /* "in the Kremlin", "in eastern Ukraine" are places as well */
    match(lx, "They gathered in eastern Ukraine.", 20200101, &m);
    assert_int_equal(m.n, 1);
    assert_string_equal(m.id[0], "UKR");
    assert_int_not_equal(m.m[0].location, 0);

    /* a possessive after the name is no place: "in Armenia's policy" */
    match(lx, "A shift in Armenia's policy.", 20200101, &m);
    assert_int_equal(m.n, 1);
    assert_string_equal(m.id[0], "ARM");
    assert_int_equal(m.m[0].location, 0);
}

static void test_no_match_in_lowercase_common_words(void **state)
{
    const dg_lexicon *lx = *state;
    mentions m;
    match(lx, "we ate turkey with us and chad.", 20200101, &m);
    assert_int_equal(m.n, 0);
}

/* ---- leaders ------------------------------------------------------- */

static const char leaders[] =
    "{\"actor\": \"AAA\", \"type\": \"state\", \"name\": \"Aland\"}\n"
    "{\"actor\": \"BBB\", \"type\": \"state\", \"name\": \"Boria\"}\n"
    "{\"actor\": \"CCC\", \"type\": \"state\", \"name\": \"Cetia\"}\n"
    "{\"leader\": \"Ada Quill\", \"actor\": \"AAA\", \"role\": \"president\", "
    "\"from\": \"2000-01-01\", \"to\": \"2005-12-31\", \"aliases\": "
    "[\"Quill\"]}\n"
    "{\"leader\": \"Ada Quill\", \"actor\": \"BBB\", \"role\": \"governor\", "
    "\"from\": \"2010-01-01\", \"to\": \"2015-06-30\", \"aliases\": "
    "[\"Quill\"]}\n"
    "{\"leader\": \"Ben Oak\", \"actor\": \"CCC\", \"from\": \"2019-01-01\", "
    "\"to\": \"\"}\n";

static void test_leader_by_date(void **state)
{
    (void)state;
    dg_lexicon *lx = lexicon_from(leaders, 0);
    assert_int_equal(dg_lexicon_leader_count(lx), 3);
    mentions m;
    match(lx, "Ada Quill spoke.", 20030615, &m);
    assert_int_equal(m.n, 1);
    assert_string_equal(m.id[0], "AAA");
    assert_int_equal(m.m[0].alias, DG_ALIAS_LEADER);
    assert_int_equal(m.m[0].end - m.m[0].start, 2);

    match(lx, "Ada Quill spoke.", 20120101, &m);
    assert_int_equal(m.n, 1);
    assert_string_equal(m.id[0], "BBB");

    /* first and last day of a term are inside it */
    match(lx, "Quill spoke.", 20051231, &m);
    assert_string_equal(m.id[0], "AAA");
    match(lx, "Quill spoke.", 20100101, &m);
    assert_string_equal(m.id[0], "BBB");

    /* out of office: the most recent term, whichever side of it */
    match(lx, "Quill spoke.", 20070101, &m);
    assert_int_equal(m.n, 1);
    assert_string_equal(m.id[0], "BBB");
    match(lx, "Quill spoke.", 20240101, &m);
    assert_string_equal(m.id[0], "BBB");
    match(lx, "Quill spoke.", 19900101, &m);
    assert_string_equal(m.id[0], "BBB");

    /* an open term runs to today */
    match(lx, "Ben Oak spoke.", 20991231, &m);
    assert_int_equal(m.n, 1);
    assert_string_equal(m.id[0], "CCC");
    dg_lexicon_free(lx);
}

static void test_leader_terms_in_any_order(void **state)
{
    (void)state;
    /* the later term listed first: still the most recent one wins */
    dg_lexicon *lx = lexicon_from(
        "{\"actor\": \"AAA\", \"type\": \"state\", \"name\": \"Aland\"}\n"
        "{\"actor\": \"BBB\", \"type\": \"state\", \"name\": \"Boria\"}\n"
        "{\"leader\": \"Ada Quill\", \"actor\": \"BBB\", \"from\": "
        "\"2010-01-01\", \"to\": \"2015-06-30\"}\n"
        "{\"leader\": \"Ada Quill\", \"actor\": \"AAA\", \"from\": "
        "\"2000-01-01\", \"to\": \"2005-12-31\"}\n",
        0);
    mentions m;
    match(lx, "Ada Quill spoke.", 20200101, &m);
    assert_int_equal(m.n, 1);
    assert_string_equal(m.id[0], "BBB");
    match(lx, "Ada Quill spoke.", 20020101, &m);
    assert_string_equal(m.id[0], "AAA");
    dg_lexicon_free(lx);
}

static void test_leader_with_title_is_one_mention(void **state)
{
    const dg_lexicon *lx = *state;
    mentions m;
    match(lx, "Armenian Prime Minister Nikol Pashinyan met Putin.", 20200101,
          &m);
    assert_int_equal(m.n, 2);
    assert_string_equal(m.id[0], "ARM");
    assert_int_equal(m.m[0].start, 0);
    assert_int_equal(m.m[0].end, 5);
    assert_string_equal(m.id[1], "RUS");
}

static void test_leader_through_extractor_date(void **state)
{
    (void)state;
    dg_lexicon *lx = lexicon_from(
        "{\"actor\": \"AAA\", \"type\": \"state\", \"name\": \"Aland\"}\n"
        "{\"actor\": \"BBB\", \"type\": \"state\", \"name\": \"Boria\"}\n"
        "{\"actor\": \"CCC\", \"type\": \"state\", \"name\": \"Cetia\"}\n"
        "{\"leader\": \"Ada Quill\", \"actor\": \"AAA\", \"from\": "
        "\"2000-01-01\", \"to\": \"2005-12-31\"}\n"
        "{\"leader\": \"Ada Quill\", \"actor\": \"BBB\", \"from\": "
        "\"2010-01-01\", \"to\": \"2015-06-30\"}\n"
        "{\"cue\": \"condemn\", \"pos\": \"verb\", \"class\": \"DISAPPROVE\", "
        "\"weight\": -5}\n",
        0);
    test_events ev;
    extract_text(lx, "Ada Quill condemned Cetia.", "2003-03-03", &ev, NULL);
    assert_int_equal(ev.n, 1);
    assert_string_equal(ev.ev[0].source, "AAA");
    assert_string_equal(ev.ev[0].target, "CCC");
    extract_text(lx, "Ada Quill condemned Cetia.", "2012-03-03", &ev, NULL);
    assert_int_equal(ev.n, 1);
    assert_string_equal(ev.ev[0].source, "BBB");
    /* no date: today, past both terms: the most recent */
    extract_text(lx, "Ada Quill condemned Cetia.", NULL, &ev, NULL);
    assert_int_equal(ev.n, 1);
    assert_string_equal(ev.ev[0].source, "BBB");
    dg_lexicon_free(lx);
}

/* ---- cues ---------------------------------------------------------- */

/* A capitalized word one edit from a state name of six letters or more
 * is that state, with the edit recorded; never a word of the lexicon, a
 * lookalike (a WordNet lemma one edit away), a word next to another
 * capitalized one (a person's name), or a word as close to two states. */
static void test_misspelled_state(void **state)
{
    const dg_lexicon *lx = *state;
    static const struct {
        const char *text, *word, *id;
        int edit;
    } hits[] = {
        {"Armeina accused Turkey of blocking the border.", "Armeina", "ARM",
         DG_EDIT_TRANSPOSITION},
        {"Baku said Azerbaijn would not attend.", "Azerbaijn", "AZE",
         DG_EDIT_DELETION},
        {"Officials from Argentona met the delegation.", "Argentona", "ARG",
         DG_EDIT_SUBSTITUTION},
        {"The talks between Bangladesch and Nepal resumed.", "Bangladesch",
         "BGD", DG_EDIT_INSERTION},
        {"Venezeula recalled its envoy.", "Venezeula", "VEN",
         DG_EDIT_TRANSPOSITION},
    };
    mentions m;
    for (size_t k = 0; k < sizeof hits / sizeof hits[0]; k++) {
        match(lx, hits[k].text, 20200101, &m);
        int found = 0;
        for (size_t i = 0; i < m.n; i++)
            if (strcmp(m.text[i], hits[k].word) == 0) {
                found = 1;
                assert_string_equal(m.id[i], hits[k].id);
                assert_int_equal(m.m[i].how, DG_HOW_MISSPELLING);
                assert_int_equal(m.m[i].edit, hits[k].edit);
                assert_true(m.m[i].fuzzy >= 0);
            }
        if (!found)
            print_error("no misspelling found in: %s\n", hits[k].text);
        assert_true(found);
    }
    static const char *const misses[] = {
        "Siberia froze over.",                   /* lookalike of Liberia */
        "Hungry crowds gathered in the square.", /* lookalike of Hungary */
        "Frances Bellamy praised the plan.",     /* a person's name */
        "Officials said Sambia was calm.",       /* Gambia or Zambia */
        "Greene met the press.",                 /* lookalike of Greece */
        "The Irann delegation left.",            /* under six letters */
    };
    for (size_t k = 0; k < sizeof misses / sizeof misses[0]; k++) {
        match(lx, misses[k], 20200101, &m);
        for (size_t i = 0; i < m.n; i++) {
            if (m.m[i].how == DG_HOW_MISSPELLING)
                print_error("unexpected misspelling %s in: %s\n", m.text[i],
                            misses[k]);
            assert_int_not_equal(m.m[i].how, DG_HOW_MISSPELLING);
        }
    }
    /* the edit itself */
    size_t pos;
    assert_int_equal(dg_one_edit("Armeina", 7, "armenia", 7, &pos),
                     DG_EDIT_TRANSPOSITION);
    assert_int_equal(pos, 4);
    assert_int_equal(dg_one_edit("Kenia", 5, "kenya", 5, &pos),
                     DG_EDIT_SUBSTITUTION);
    assert_int_equal(dg_one_edit("Armenia", 7, "armenia", 7, &pos),
                     DG_EDIT_NONE);
    assert_int_equal(dg_one_edit("Amrneia", 7, "armenia", 7, &pos),
                     DG_EDIT_NONE);
}

/* Mentions with the document's own actors. */
static void match_doc(const dg_lexicon *lx, dg_doc_actors *doc, const char *s,
                      mentions *out)
{
    memset(out, 0, sizeof *out);
    out->nt = dg_tokenize(s, strlen(s), out->t, 128);
    out->n =
        dg_match_actors_doc(lx, doc, s, out->t, out->nt, 20200101, out->m, 32);
    for (size_t i = 0; i < out->n; i++) {
        const dg_token *a = &out->t[out->m[i].start];
        const dg_token *b = &out->t[out->m[i].end - 1];
        size_t ai = (size_t)out->m[i].actor;
        snprintf(out->id[i], sizeof out->id[i], "%s",
                 ai < doc->nlex ? dg_lexicon_actor_id(lx, ai)
                                : doc->actors[ai].id);
        snprintf(out->text[i], sizeof out->text[i], "%.*s",
                 (int)(b->start + b->len - a->start), s + a->start);
    }
}

static dg_doc_actors *doc_new(const dg_lexicon *lx)
{
    dg_doc_actors *d = calloc(1, sizeof *d);
    assert_non_null(d);
    d->nlex = dg_lexicon_actor_count(lx);
    d->actors = malloc((d->nlex + DG_DOC_ACTORS) * sizeof *d->actors);
    assert_non_null(d->actors);
    memcpy(d->actors, lx->actors, d->nlex * sizeof *d->actors);
    return d;
}

static void doc_free(dg_doc_actors *d)
{
    free(d->actors);
    free(d);
}

/* "Full Name (ACR)": one mention, and both names of one actor for the
 * rest of the document: a new organization when neither is known, the
 * known one otherwise, the state that a group is named after. */
static void test_document_acronyms(void **state)
{
    const dg_lexicon *lx = *state;
    dg_doc_actors *d = doc_new(lx);
    mentions m;
    match_doc(lx, d,
              "The Ceasefire Monitoring Committee (CMC) accused "
              "Armenia of violations.",
              &m);
    assert_int_equal(m.n, 2);
    assert_string_equal(m.id[0], "CMC");
    assert_string_equal(m.text[0], "Ceasefire Monitoring Committee (CMC)");
    assert_int_equal(m.m[0].how, DG_HOW_DOC_ACRONYM);
    int32_t cmc = m.m[0].actor;
    assert_true((size_t)cmc >= d->nlex);
    match_doc(lx, d, "Later the CMC criticized Turkey.", &m);
    assert_int_equal(m.n, 2);
    assert_int_equal(m.m[0].actor, cmc);
    match_doc(lx, d, "The Ceasefire Monitoring Committee praised Georgia.", &m);
    assert_int_equal(m.m[0].actor, cmc);
    assert_string_equal(m.text[0], "Ceasefire Monitoring Committee");

    /* a known name inside: the acronym is that actor's */
    match_doc(lx, d,
              "Ships of the European Union Naval Force (EUNAVFOR) "
              "left Djibouti.",
              &m);
    assert_string_equal(m.id[0], "EU");
    assert_string_equal(m.text[0], "European Union Naval Force (EUNAVFOR)");
    match_doc(lx, d, "EUNAVFOR said it had freed the crew.", &m);
    assert_string_equal(m.id[0], "EU");
    /* a group named after a state is that state (CAMEO) */
    match_doc(lx, d,
              "The Sudan People's Liberation Army (SPLA) attacked "
              "the town.",
              &m);
    assert_int_equal(m.n, 1);
    assert_string_equal(m.id[0], "SDN");
    match_doc(lx, d, "SPLA commanders met Kenyan mediators.", &m);
    assert_string_equal(m.id[0], "SDN");
    assert_string_equal(m.id[1], "KEN");
    /* Spanish initials (Comunidad Andina) do not come from the English
     * name: the name is still the lexicon's, the acronym (Canada's code)
     * nothing */
    match_doc(lx, d, "Ministers of the Andean Community (CAN) met.", &m);
    assert_int_equal(m.n, 1);
    assert_string_equal(m.id[0], "ANDEAN");
    assert_int_equal(m.m[0].how, DG_HOW_ALIAS);
    match_doc(lx, d, "The CAN summit ended.", &m);
    assert_int_equal(m.n, 0);
    /* a new organization whose acronym is a state's code gets a suffix */
    match_doc(lx, d, "The Committee for Human Nutrition (CHN) warned Chad.",
              &m);
    assert_string_equal(m.id[0], "CHN-ORG");
    /* not organizations: a treaty, a group of one unnamed state, letters
     * that do not come from the name */
    static const char *const none[] = {
        "They signed a Memorandum of Understanding (MOU) on Monday.",
        "The Forces for Defence of Democracy (FDD) rejected the plan.",
        "The Regional Monitoring Committee (XYZ) met.",
    };
    for (size_t k = 0; k < sizeof none / sizeof none[0]; k++) {
        match_doc(lx, d, none[k], &m);
        assert_int_equal(m.n, 0);
    }
    /* bounded: 64 acronyms a document; past them no new organization */
    d->n = d->nnew = 0;
    for (int k = 0; k < 78; k++) {
        char text[128];
        char a = "QZX"[k / 26], b = (char)('A' + k % 26);
        snprintf(text, sizeof text, "The %cuan %cova Committee (%c%cC) met.", a,
                 b, a, b);
        match_doc(lx, d, text, &m);
        assert_true(d->n <= DG_DOC_ACTORS && d->nnew <= DG_DOC_ACTORS);
        assert_int_equal(m.n, k < DG_DOC_ACTORS ? 1 : 0);
    }
    assert_int_equal(d->nnew, DG_DOC_ACTORS);
    /* a word one edit from a state that the document used in a person's
     * name is no misspelling later in it */
    d->n = d->nnew = d->npersons = 0;
    match_doc(lx, d, "Frank Boland, a lawyer, arrived.", &m);
    assert_int_equal(m.n, 0);
    match_doc(lx, d, "Boland criticized Russia.", &m);
    assert_int_equal(m.n, 1);
    assert_string_equal(m.id[0], "RUS");
    d->npersons = 0;
    match_doc(lx, d, "Boland criticized Russia.", &m);
    assert_int_equal(m.n, 2);
    assert_string_equal(m.id[0], "POL");
    /* per document: a new document forgets them */
    d->n = d->nnew = 0;
    match_doc(lx, d, "Later the CMC criticized Turkey.", &m);
    assert_int_equal(m.n, 1);
    assert_string_equal(m.id[0], "TUR");
    doc_free(d);
}

/* "Chilean President Ana Torres": the demonym's state as one mention,
 * the person's name no other actor nor a misspelling. */
static void test_demonym_title_name(void **state)
{
    const dg_lexicon *lx = *state;
    static const struct {
        const char *text, *mention, *id;
    } cases[] = {
        {"Chilean President Ana Torres criticized Peru.",
         "Chilean President Ana Torres", "CHL"},
        {"Kenyan Foreign Minister Johnstone Mwangi met Ugandan officials.",
         "Kenyan Foreign Minister Johnstone Mwangi", "KEN"},
        {"Peru praised French Ambassador Claire Dubois.",
         "French Ambassador Claire Dubois", "FRA"},
        /* a name that looks like a state: still the person */
        {"Malian Defence Minister Georgia Traore visited Niger.",
         "Malian Defence Minister Georgia Traore", "MLI"},
        {"Ghanaian envoy Ama Armeina left Togo.", "Ghanaian envoy Ama Armeina",
         "GHA"},
        /* an acronym in place of the demonym, a hyphenated title */
        {"U.S. Secretary of State Jane Holloway criticized Venezuela.",
         "U.S. Secretary of State Jane Holloway", "USA"},
        {"UN Secretary-General Maria Duarte urged Myanmar to act.",
         "UN Secretary-General Maria Duarte", "UN"},
    };
    mentions m;
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        match(lx, cases[k].text, 20200101, &m);
        int found = 0;
        for (size_t i = 0; i < m.n; i++) {
            if (strcmp(m.text[i], cases[k].mention) == 0) {
                found = 1;
                assert_string_equal(m.id[i], cases[k].id);
                assert_int_equal(m.m[i].alias, DG_ALIAS_LEADER);
            }
            assert_int_not_equal(m.m[i].how, DG_HOW_MISSPELLING);
        }
        if (!found)
            print_error("no mention \"%s\" in: %s\n", cases[k].mention,
                        cases[k].text);
        assert_true(found);
        assert_int_equal(m.n, 2);
    }
    /* a headline: the last capitalized word that names a state is not
     * the person's */
    match(lx, "Kenyan President Visits Uganda", 20200101, &m);
    assert_int_equal(m.n, 2);
    assert_string_equal(m.id[1], "UGA");
    /* a title with no name, a known leader: as before */
    match(lx, "An Iranian official accused Israel.", 20200101, &m);
    assert_string_equal(m.text[0], "Iranian");
    match(lx, "Armenian Prime Minister Nikol Pashinyan met Putin.", 20200101,
          &m);
    assert_string_equal(m.text[0], "Armenian Prime Minister Nikol Pashinyan");
    assert_int_equal(m.m[0].how, DG_HOW_ALIAS);
}

/* "Kosovo Serbs", "Bosnian Serbs", "Turkish Cypriots": one group, of the
 * state where it lives: the place's for an ethnic group, the second
 * word's for citizens. */
static void test_ethnic_compounds(void **state)
{
    const dg_lexicon *lx = *state;
    static const struct {
        const char *text, *mention, *id;
    } cases[] = {
        {"Kosovo Serbs blocked the road.", "Kosovo Serbs", "XKX"},
        {"Bosnian Serbs boycotted the vote.", "Bosnian Serbs", "BIH"},
        {"Ukrainian Hungarians rallied in the capital.", "Ukrainian Hungarians",
         "UKR"},
        {"Turkish Cypriots voted on the plan.", "Turkish Cypriots", "CYP"},
        {"Greek Cypriots rejected the plan.", "Greek Cypriots", "CYP"},
        {"Bosnian Serb leader Rado Markic spoke.",
         "Bosnian Serb leader Rado Markic", "BIH"},
    };
    mentions m;
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        match(lx, cases[k].text, 20200101, &m);
        if (m.n != 1 || strcmp(m.text[0], cases[k].mention) != 0)
            print_error("%s: %zu mentions, first \"%s\"\n", cases[k].text, m.n,
                        m.text[0]);
        assert_int_equal(m.n, 1);
        assert_string_equal(m.text[0], cases[k].mention);
        assert_string_equal(m.id[0], cases[k].id);
        assert_int_equal(m.m[0].how, DG_HOW_ETHNIC);
    }
    /* a singular demonym before another noun is an adjective of it */
    match(lx, "Iran sold Syria Russian missiles.", 20200101, &m);
    assert_int_equal(m.n, 3);
    assert_string_equal(m.id[2], "RUS");
    match(lx, "The Turkish Cypriot side rejected it.", 20200101, &m);
    assert_int_equal(m.n, 1);
    assert_string_equal(m.id[0], "CYP");
    /* two states that are not one group: a place before, a capital */
    match(lx, "Talks in Kosovo Serbs attended ended.", 20200101, &m);
    assert_int_equal(m.n, 2);
    match(lx, "Moscow Serbs", 20200101, &m);
    assert_int_equal(m.n, 2);
}

static void test_cue_longest_match(void **state)
{
    const dg_lexicon *lx = *state;
    const char *s = "Jordan agreed to hold exercises and agreed.";
    dg_token t[64];
    dg_cuematch c[8];
    size_t nt = dg_tokenize(s, strlen(s), t, 64);
    size_t n = dg_match_cues(lx, s, t, nt, NULL, NULL, c, 8);
    assert_int_equal(n, 2);
    assert_string_equal(dg_lexicon_cue_phrase(lx, (size_t)c[0].cue),
                        "agree to");
    assert_int_equal(c[0].start, 1);
    assert_int_equal(c[0].end, 3);
    assert_string_equal(dg_lexicon_cue_phrase(lx, (size_t)c[1].cue), "agree");
}

/* The cues of a sentence matched with its actor mentions, as the
 * extractor does: "phrase@start-end[slot start-end]" joined by '|'. */
static void cues_with_actors(const dg_lexicon *lx, const char *s, char *out,
                             size_t cap)
{
    dg_token t[64];
    dg_mention m[16];
    int32_t ment_of[64];
    dg_cuematch c[8];
    size_t nt = dg_tokenize(s, strlen(s), t, 64);
    size_t nm = dg_match_actors(lx, s, t, nt, 20200101, m, 16);
    for (size_t i = 0; i < nt; i++)
        ment_of[i] = -1;
    for (size_t i = 0; i < nm; i++)
        for (uint32_t k = m[i].start; k < m[i].end; k++)
            ment_of[k] = (int32_t)i;
    size_t n = dg_match_cues(lx, s, t, nt, m, ment_of, c, 8);
    out[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(out);
        snprintf(out + len, cap - len, "%s%s@%u-%u", i ? "|" : "",
                 dg_lexicon_cue_phrase(lx, (size_t)c[i].cue), c[i].start,
                 c[i].end);
        len = strlen(out);
        if (c[i].slot_end)
            snprintf(out + len, cap - len, "[%u-%u]", c[i].slot_start,
                     c[i].slot_end);
    }
}

static void test_cue_frames(void **state)
{
    const dg_lexicon *lx = *state;
    char got[512];
    /* the slot takes a coordinated object; the cue ends after "to" */
    cues_with_actors(lx, "Norway sent tents and water purifiers to Ghana.", got,
                     sizeof got);
    assert_string_equal(got, "send * to@1-7[2-6]");
    /* a fixed cue with more literal words wins over the frame */
    cues_with_actors(lx, "Turkey sent 2,000 soldiers to Qatar.", got,
                     sizeof got);
    assert_string_equal(got, "send soldiers to@1-5");
    /* a demonym or a possessor may stand in an object slot, a name not:
     * "gave Cuba until Friday to" is no giving to anyone */
    cues_with_actors(lx, "Kenya handed the Somali pirates over to Tanzania.",
                     got, sizeof got);
    assert_string_equal(got, "hand * over to@1-7[2-5]");
    cues_with_actors(lx, "Mexico gave Cuba two weeks to reply.", got,
                     sizeof got);
    assert_true(strstr(got, "give * to") == NULL);
    /* no slot crosses a subordinator or a verb cue */
    cues_with_actors(lx, "Spain sent the report that Portugal wrote to Chile.",
                     got, sizeof got);
    assert_true(strstr(got, "send * to") == NULL);
    cues_with_actors(lx, "Spain sent inspectors condemned by Cuba to Chile.",
                     got, sizeof got);
    assert_true(strstr(got, "send * to") == NULL);
    /* a participle after a determiner is an adjective of the object */
    cues_with_actors(lx, "Panama handed over the seized ship to Colombia.", got,
                     sizeof got);
    assert_string_equal(got, "hand over * to@1-7[3-6]");
    /* ... and so does one before a noun, but not one before a
     * preposition; a particle inside a hyphenated word is no particle */
    cues_with_actors(lx, "Chile handed 500 fallen soldiers over to Peru.", got,
                     sizeof got);
    assert_string_equal(got, "hand * over to@1-7[2-5]");
    cues_with_actors(lx, "Spain sent soldiers stationed at home to Chile.", got,
                     sizeof got);
    assert_true(strstr(got, "send * to") == NULL);
    cues_with_actors(lx, "Estonia shared images of the build-up with Finland.",
                     got, sizeof got);
    assert_string_equal(got, "share * with@1-9[2-8]");
    /* at most ten tokens in a slot */
    cues_with_actors(lx,
                     "Chile sent one two three four five six seven eight "
                     "nine ten boxes to Peru.",
                     got, sizeof got);
    assert_true(strstr(got, "send * to") == NULL);
    cues_with_actors(lx,
                     "Chile sent one two three four five six seven eight "
                     "nine boxes to Peru.",
                     got, sizeof got);
    assert_string_equal(got, "send * to@1-13[2-12]");
    /* the slot holds the target: it must hold an actor, else the verb
     * alone is the cue */
    cues_with_actors(lx, "Ecuador accused the Peruvian navy of piracy.", got,
                     sizeof got);
    assert_string_equal(got, "accuse * of@1-6[2-5]");
    cues_with_actors(lx, "Ecuador accused the rebels of piracy.", got,
                     sizeof got);
    assert_string_equal(got, "accuse@1-2");
    cues_with_actors(lx, "Germany urged Serbia and Kosovo to talk.", got,
                     sizeof got);
    assert_string_equal(got, "urge * to@1-6[2-5]");
}

static void test_cue_gaps(void **state)
{
    const dg_lexicon *lx = *state;
    char got[512];
    /* determiners, adjectives and possessives inside a cue */
    cues_with_actors(lx,
                     "Ghana cut off all remaining diplomatic ties with Togo.",
                     got, sizeof got);
    assert_string_equal(got, "cut off ties with@1-8");
    cues_with_actors(lx, "Kuwait shut its northern frontier with Iraq.", got,
                     sizeof got);
    assert_string_equal(got, "shut frontier with@1-6");
    /* the inner noun in its other number, and a noun after it */
    cues_with_actors(lx, "Namibia suspended its rail link with Angola.", got,
                     sizeof got);
    assert_string_equal(got, "suspend rail links with@1-6");
    cues_with_actors(lx, "Serbia closed its border posts with Croatia.",
                     got, sizeof got);
    /* "close borders with" (data/cues-wordnet.jsonl) in its other number */
    assert_string_equal(got, "close borders with@1-6");
    /* a gap never crosses an actor, a preposition or a clause */
    cues_with_actors(lx, "Kenya closed Uganda's border with Tanzania.", got,
                     sizeof got);
    assert_true(strstr(got, "close border with") == NULL);
    cues_with_actors(lx, "Ghana cut spending on ties with Togo.", got,
                     sizeof got);
    assert_true(strstr(got, "cut ties with") == NULL);
    cues_with_actors(lx, "Ghana cut the budget, and ties with Togo grew.", got,
                     sizeof got);
    assert_true(strstr(got, "cut ties with") == NULL);
    /* nor a verb with its object ("sign a"), nor the possessive of a
     * noun cue's first word ("military officials' support") */
    cues_with_actors(lx,
                     "Russian military officials sign a defence pact with "
                     "Canada.",
                     got, sizeof got);
    assert_string_equal(got, "sign a pact with@3-8");
    cues_with_actors(lx, "Russian military officials's support for Cuba grew.",
                     got, sizeof got);
    assert_string_equal(got, "support for@4-6");
}

static void test_capacity_respected(void **state)
{
    const dg_lexicon *lx = *state;
    const char *s = "France, Spain, Italy and Greece met.";
    dg_token t[64];
    dg_mention m[2];
    size_t nt = dg_tokenize(s, strlen(s), t, 64);
    assert_int_equal(dg_match_actors(lx, s, t, nt, 20200101, m, 2), 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_longest_match_sudan),
        cmocka_unit_test(test_longest_match_guinea),
        cmocka_unit_test(test_aliases_demonyms_capitals),
        cmocka_unit_test(test_possessive_does_not_block_match),
        cmocka_unit_test(test_location_flag),
        cmocka_unit_test(test_no_match_in_lowercase_common_words),
        cmocka_unit_test(test_leader_by_date),
        cmocka_unit_test(test_leader_terms_in_any_order),
        cmocka_unit_test(test_leader_with_title_is_one_mention),
        cmocka_unit_test(test_leader_through_extractor_date),
        cmocka_unit_test(test_misspelled_state),
        cmocka_unit_test(test_document_acronyms),
        cmocka_unit_test(test_demonym_title_name),
        cmocka_unit_test(test_ethnic_compounds),
        cmocka_unit_test(test_cue_longest_match),
        cmocka_unit_test(test_cue_frames),
        cmocka_unit_test(test_cue_gaps),
        cmocka_unit_test(test_capacity_respected),
    };
    return cmocka_run_group_tests(tests, setup_default, teardown_default);
}
