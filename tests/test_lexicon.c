/* test_lexicon.c -- the lexicon stage (lexicon.c): loading JSON Lines,
 * verb inflection, overrides, validation with file and line, case rules. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <unistd.h>

#include "test_support.h"

static const char small[] =
    "# a small lexicon\n"
    "{\"actor\": \"AAA\", \"type\": \"state\", \"name\": \"Aland\", "
    "\"aliases\": [\"Republic of Aland\"], \"demonyms\": [\"Alandic\"], "
    "\"capitals\": [\"Alton\"]}\n"
    "{\"actor\": \"BBB\", \"type\": \"state\", \"name\": \"Boria\"}\n"
    "{\"actor\": \"FUND\", \"type\": \"organization\", \"name\": \"Fund\"}\n"
    "{\"actor\": \"IMF\", \"type\": \"organization\", \"name\": \"Imfa\"}\n"
    "\n"
    "{\"leader\": \"Ada Quill\", \"actor\": \"AAA\", \"role\": \"president\", "
    "\"from\": \"2001-02-03\", \"to\": \"\", \"aliases\": [\"Quill\"]}\n"
    "{\"cue\": \"condemn\", \"pos\": \"verb\", \"class\": \"DISAPPROVE\", "
    "\"weight\": -5}\n"
    "{\"cue\": \"agree\", \"pos\": \"verb\", \"class\": \"AGREE\", \"weight\": "
    "4, "
    "\"mutual\": true}\n"
    "{\"cue\": \"tensions between\", \"pos\": \"noun\", \"class\": "
    "\"DISAPPROVE\", \"weight\": -4, \"mutual\": true}\n";

static void test_load_buffer(void **state)
{
    (void)state;
    dg_lexicon *lx = lexicon_from(small, 0);
    assert_int_equal(dg_lexicon_actor_count(lx), 4);
    assert_int_equal(dg_lexicon_leader_count(lx), 1);
    assert_int_equal(dg_lexicon_cue_count(lx), 3);

    long a = dg_lexicon_find_actor(lx, "AAA");
    assert_true(a >= 0);
    assert_string_equal(dg_lexicon_actor_id(lx, (size_t)a), "AAA");
    assert_string_equal(dg_lexicon_actor_name(lx, (size_t)a), "Aland");
    assert_int_equal(dg_lexicon_actor_type(lx, (size_t)a), DG_ACTOR_STATE);
    long f = dg_lexicon_find_actor(lx, "FUND");
    assert_true(f >= 0);
    assert_int_equal(dg_lexicon_actor_type(lx, (size_t)f),
                     DG_ACTOR_ORGANIZATION);
    /* three capitals that are no ISO code: an organization's own acronym */
    long imf = dg_lexicon_find_actor(lx, "IMF");
    assert_true(imf >= 0);
    assert_int_equal(dg_lexicon_actor_type(lx, (size_t)imf),
                     DG_ACTOR_ORGANIZATION);
    assert_int_equal(dg_lexicon_find_actor(lx, "ZZZ"), -1);
    assert_null(dg_lexicon_actor_id(lx, 99));
    assert_int_equal(dg_lexicon_actor_type(lx, 99), -1);

    const char *n, *ac, *r, *from, *to;
    dg_lexicon_leader(lx, 0, &n, &ac, &r, &from, &to);
    assert_string_equal(n, "Ada Quill");
    assert_string_equal(ac, "AAA");
    assert_string_equal(r, "president");
    assert_string_equal(from, "2001-02-03");
    assert_string_equal(to, "");

    int found = 0;
    for (size_t i = 0; i < dg_lexicon_cue_count(lx); i++) {
        if (strcmp(dg_lexicon_cue_phrase(lx, i), "condemn") == 0) {
            found = 1;
            assert_string_equal(dg_lexicon_cue_pos(lx, i), "verb");
            assert_string_equal(dg_lexicon_cue_class(lx, i), "DISAPPROVE");
            assert_int_equal(dg_lexicon_cue_weight(lx, i), -5);
        }
        if (strcmp(dg_lexicon_cue_phrase(lx, i), "tensions between") == 0)
            assert_string_equal(dg_lexicon_cue_pos(lx, i), "noun");
    }
    assert_true(found);
    dg_lexicon_free(lx);
}

static void test_default_lexicon(void **state)
{
    (void)state;
    dg_lexicon *lx = lexicon_from(NULL, 1);
    assert_true(dg_lexicon_actor_count(lx) > 190);
    assert_true(dg_lexicon_cue_count(lx) > 100);
    assert_true(dg_lexicon_leader_count(lx) > 10);
    assert_true(dg_lexicon_find_actor(lx, "ARM") >= 0);
    assert_true(dg_lexicon_find_actor(lx, "EU") >= 0);
    /* the fingerprint worked out at build time (gen_fingerprint.c) is the
     * hash of the bytes the library holds */
    uint64_t fp = DG_FINGERPRINT_START;
    for (size_t i = 0; i < dg_default_file_count; i++)
        fp = dg_fingerprint_add(fp, dg_default_files[i].data,
                                dg_default_files[i].len);
    assert_true(lx->fingerprint == fp);
    /* states have three capitals; organizations go by their own acronym,
     * three capitals included (IMF, WHO), and the loader keeps the ISO
     * codes for states */
    for (size_t i = 0; i < dg_lexicon_actor_count(lx); i++) {
        const char *id = dg_lexicon_actor_id(lx, i);
        int three_caps = strlen(id) == 3 && strspn(id, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") == 3;
        if (dg_lexicon_actor_type(lx, i) == DG_ACTOR_STATE)
            assert_true(three_caps);
        assert_null(strstr(id, "IGO-"));
    }
    static const char *const orgs[] = {"IMF", "WHO", "OSCE", "WTO", "ICC"};
    for (size_t i = 0; i < sizeof orgs / sizeof orgs[0]; i++) {
        long a = dg_lexicon_find_actor(lx, orgs[i]);
        assert_true(a >= 0);
        assert_int_equal(dg_lexicon_actor_type(lx, (size_t)a),
                         DG_ACTOR_ORGANIZATION);
    }
    dg_lexicon_free(lx);
}

/* ---- matching helpers ----------------------------------------------- */

/* Cue phrases matched in text, joined by '|'. */
static void cues_in(const dg_lexicon *lx, const char *text, char *out,
                    size_t cap)
{
    dg_token t[64];
    dg_cuematch m[16];
    size_t n = dg_tokenize(text, strlen(text), t, 64);
    size_t k = dg_match_cues(lx, text, t, n, NULL, NULL, m, 16);
    out[0] = '\0';
    for (size_t i = 0; i < k; i++) {
        size_t len = strlen(out);
        snprintf(out + len, cap - len, "%s%s", i ? "|" : "",
                 dg_lexicon_cue_phrase(lx, (size_t)m[i].cue));
    }
}

/* Actor ids matched in text, joined by '|'. */
static void actors_in(const dg_lexicon *lx, const char *text, char *out,
                      size_t cap)
{
    dg_token t[64];
    dg_mention m[16];
    size_t n = dg_tokenize(text, strlen(text), t, 64);
    size_t k = dg_match_actors(lx, text, t, n, 20200101, m, 16);
    out[0] = '\0';
    for (size_t i = 0; i < k; i++) {
        size_t len = strlen(out);
        snprintf(out + len, cap - len, "%s%s", i ? "|" : "",
                 dg_lexicon_actor_id(lx, (size_t)m[i].actor));
    }
}

/* dg_lexicon_new loads the built-in files without check_phrase: each of
 * them must pass it, as a file loaded or checked does. */
static void test_default_lexicon_checks(void **state)
{
    (void)state;
    dg_lexicon *def = lexicon_from(NULL, 1);
    dg_lexicon *lx = lexicon_from(NULL, 0);
    for (size_t i = 0; i < dg_default_file_count; i++) {
        dg_error err;
        int rc = dg_lexicon_load_buffer(lx, dg_default_files[i].name,
                                        dg_default_files[i].data,
                                        dg_default_files[i].len, &err);
        if (rc != DG_OK)
            print_error("%s:%ld: %s\n", err.file, err.line, err.message);
        assert_int_equal(rc, DG_OK);
    }
    assert_int_equal(dg_lexicon_actor_count(lx), dg_lexicon_actor_count(def));
    assert_int_equal(dg_lexicon_cue_count(lx), dg_lexicon_cue_count(def));
    assert_int_equal(dg_lexicon_leader_count(lx), dg_lexicon_leader_count(def));
    assert_int_equal(lx->npats, def->npats);
    assert_int_equal(lx->nptoks, def->nptoks);
    dg_lexicon_free(lx);
    dg_lexicon_free(def);
}

static void test_inflection(void **state)
{
    (void)state;
    dg_lexicon *lx = lexicon_from(small, 0);
    char got[256];
    cues_in(lx, "they condemn it", got, sizeof got);
    assert_string_equal(got, "condemn");
    cues_in(lx, "Aland condemned it", got, sizeof got);
    assert_string_equal(got, "condemn");
    cues_in(lx, "Aland condemns it", got, sizeof got);
    assert_string_equal(got, "condemn");
    cues_in(lx, "Aland is condemning it", got, sizeof got);
    assert_string_equal(got, "condemn");
    cues_in(lx, "they are agreeing", got, sizeof got);
    assert_string_equal(got, "agree");
    cues_in(lx, "they agreed and agrees", got, sizeof got);
    assert_string_equal(got, "agree|agree");
    /* not a form of the verb */
    cues_in(lx, "a condemnation and an agreement", got, sizeof got);
    assert_string_equal(got, "");
    /* cue matching ignores case */
    cues_in(lx, "CONDEMNED", got, sizeof got);
    assert_string_equal(got, "condemn");
    /* a noun cue is matched as written, not inflected */
    cues_in(lx, "tensions between them", got, sizeof got);
    assert_string_equal(got, "tensions between");
    cues_in(lx, "tension between them", got, sizeof got);
    assert_string_equal(got, "");
    dg_lexicon_free(lx);
}

static void test_explicit_forms(void **state)
{
    (void)state;
    dg_lexicon *lx = lexicon_from(
        "{\"cue\": \"meet with\", \"pos\": \"verb\", \"class\": \"CONSULT\", "
        "\"weight\": 3, \"forms\": [\"meet\", \"meets\", \"met\", "
        "\"meeting\"]}\n",
        0);
    char got[128];
    cues_in(lx, "they met with them", got, sizeof got);
    assert_string_equal(got, "meet with");
    /* the explicit forms replace the generated ones */
    cues_in(lx, "they meeted with them", got, sizeof got);
    assert_string_equal(got, "");
    dg_lexicon_free(lx);
}

static void test_override(void **state)
{
    (void)state;
    dg_lexicon *lx = lexicon_from(
        "{\"actor\": \"FRA\", \"type\": \"state\", \"name\": \"Frankland\"}\n"
        "{\"actor\": \"FRA\", \"type\": \"state\", \"name\": \"Gaul\"}\n"
        "{\"cue\": \"scold\", \"pos\": \"verb\", \"class\": \"DISAPPROVE\", "
        "\"weight\": -2}\n",
        0);
    assert_int_equal(dg_lexicon_actor_count(lx), 1);
    assert_string_equal(dg_lexicon_actor_name(lx, 0), "Gaul");
    char got[128];
    actors_in(lx, "Gaul and Frankland", got, sizeof got);
    assert_string_equal(got, "FRA");

    /* a later buffer overrides the earlier one too */
    dg_error err;
    const char *more =
        "{\"actor\": \"FRA\", \"type\": \"state\", \"name\": \"Francia\"}\n"
        "{\"cue\": \"scold\", \"pos\": \"verb\", \"class\": \"DISAPPROVE\", "
        "\"weight\": -6}\n";
    assert_int_equal(dg_lexicon_load_buffer(lx, "more.jsonl", more,
                                            strlen(more), &err),
                     DG_OK);
    assert_int_equal(dg_lexicon_finish(lx), DG_OK);
    assert_int_equal(dg_lexicon_actor_count(lx), 1);
    assert_int_equal(dg_lexicon_cue_count(lx), 1);
    assert_int_equal(dg_lexicon_cue_weight(lx, 0), -6);
    actors_in(lx, "Gaul met Francia", got, sizeof got);
    assert_string_equal(got, "FRA");
    actors_in(lx, "Gaul met Frankland", got, sizeof got);
    assert_string_equal(got, "");
    dg_lexicon_free(lx);
}

static void test_later_alias_wins(void **state)
{
    (void)state;
    /* two files claim the same alias for two actors: the later file wins
     * (within one file it is an error, see test_shared_alias) */
    dg_lexicon *lx = lexicon_from(
        "{\"actor\": \"AAA\", \"type\": \"state\", \"name\": \"Aland\", "
        "\"capitals\": [\"Zedburg\"]}\n",
        0);
    dg_error err;
    const char *more = "{\"actor\": \"BBB\", \"type\": \"state\", \"name\": "
                       "\"Boria\", \"aliases\": [\"Zedburg\"]}\n";
    assert_int_equal(
        dg_lexicon_load_buffer(lx, "more.jsonl", more, strlen(more), &err),
        DG_OK);
    char got[128];
    actors_in(lx, "Zedburg spoke.", got, sizeof got);
    assert_string_equal(got, "BBB");
    dg_lexicon_free(lx);
}

static void test_override_default_actor(void **state)
{
    (void)state;
    /* a user file replaces the embedded entry with the same id */
    dg_lexicon *lx = lexicon_from(
        "{\"actor\": \"ARM\", \"type\": \"state\", \"name\": \"Hayastan\"}\n",
        1);
    long a = dg_lexicon_find_actor(lx, "ARM");
    assert_true(a >= 0);
    assert_string_equal(dg_lexicon_actor_name(lx, (size_t)a), "Hayastan");
    char got[128];
    actors_in(lx, "Hayastan and Armenia", got, sizeof got);
    assert_string_equal(got, "ARM");
    dg_lexicon_free(lx);
}

/* ---- malformed lines ------------------------------------------------- */

typedef struct bad_case {
    const char *line;
    const char *in_message; /* a word the message must hold */
} bad_case;

static void test_malformed_lines(void **state)
{
    (void)state;
    static const bad_case cases[] = {
        /* invalid JSON */
        {"{\"actor\": \"AAA\", \"type\": \"state\"", "JSON"},
        {"not json at all", "JSON"},
        /* not an object / no kind */
        {"[1, 2, 3]", "object"},
        {"{\"colour\": \"red\"}", "actor"},
        /* unknown field */
        {"{\"cue\": \"scold\", \"pos\": \"verb\", \"class\": \"DISAPPROVE\", "
         "\"weight\": -3, \"colour\": \"red\"}",
         "colour"},
        {"{\"actor\": \"CCC\", \"type\": \"state\", \"name\": \"C\", "
         "\"alias\": [\"C\"]}",
         "alias"},
        /* bad class */
        {"{\"cue\": \"scold\", \"pos\": \"verb\", \"class\": \"SCOLD\", "
         "\"weight\": -3}",
         "class"},
        {"{\"cue\": \"scold\", \"pos\": \"verb\", \"weight\": -3}", "class"},
        /* weight sign against the class */
        {"{\"cue\": \"scold\", \"pos\": \"verb\", \"class\": \"DISAPPROVE\", "
         "\"weight\": 3}",
         "contradicts"},
        {"{\"cue\": \"help\", \"pos\": \"verb\", \"class\": \"AID\", "
         "\"weight\": -3}",
         "contradicts"},
        /* weight out of range or not an integer */
        {"{\"cue\": \"scold\", \"pos\": \"verb\", \"class\": \"DISAPPROVE\", "
         "\"weight\": -11}",
         "weight"},
        {"{\"cue\": \"scold\", \"pos\": \"verb\", \"class\": \"DISAPPROVE\", "
         "\"weight\": -2.5}",
         "weight"},
        /* pos, phrase case, mutual */
        {"{\"cue\": \"scold\", \"pos\": \"adverb\", \"class\": \"DISAPPROVE\", "
         "\"weight\": -3}",
         "pos"},
        {"{\"cue\": \"Scold\", \"pos\": \"verb\", \"class\": \"DISAPPROVE\", "
         "\"weight\": -3}",
         "lower case"},
        {"{\"cue\": \"scold\", \"pos\": \"verb\", \"class\": \"DISAPPROVE\", "
         "\"weight\": -3, \"mutual\": \"yes\"}",
         "mutual"},
        /* state ids are three capitals */
        {"{\"actor\": \"ABCD\", \"type\": \"state\", \"name\": \"Abcd\"}",
         "ABCD"},
        {"{\"actor\": \"AB\", \"type\": \"state\", \"name\": \"Ab\"}", "AB"},
        {"{\"actor\": \"abc\", \"type\": \"state\", \"name\": \"Abc\"}",
         "actor"},
        /* an organization may not take a state's ISO code */
        {"{\"actor\": \"CAN\", \"type\": \"organization\", \"name\": "
         "\"Andean Community\"}",
         "CAN-ORG"},
        {"{\"actor\": \"XKX\", \"type\": \"organization\", \"name\": "
         "\"Kosovo Force\"}",
         "ISO 3166-1"},
        /* nor a record change the type of an actor defined before */
        {"{\"actor\": \"AAA\", \"type\": \"organization\", \"name\": "
         "\"A\"}",
         "not change its type"},
        /* other actor problems */
        {"{\"actor\": \"CCC\", \"type\": \"country\", \"name\": \"C\"}",
         "type"},
        {"{\"actor\": \"CCC\", \"type\": \"state\"}", "name"},
        {"{\"actor\": \"CCC\", \"type\": \"state\", \"name\": \"C\", "
         "\"aliases\": \"C\"}",
         "aliases"},
        {"{\"actor\": \"CCC\", \"type\": \"state\", \"name\": \"C\", "
         "\"aliases\": [\"\"]}",
         "aliases"},
        {"{\"actor\": \"CCC\", \"type\": \"state\", \"name\": \"C\", "
         "\"ambiguous\": [\"Cee\"]}",
         "Cee"},
        {"{\"actor\": \"CCC\", \"type\": \"state\", \"name\": \"C\", "
         "\"lookalikes\": [\"Cee Dee\"]}",
         "one word"},
        /* leaders */
        {"{\"leader\": \"Bo Quill\", \"actor\": \"AAA\", \"from\": "
         "\"2001-13-01\"}",
         "from"},
        {"{\"leader\": \"Bo Quill\", \"actor\": \"AAA\", \"from\": "
         "\"2001-01-01\", \"to\": \"yesterday\"}",
         "to"},
        {"{\"leader\": \"Bo Quill\", \"actor\": \"AAA\", \"from\": "
         "\"2005-01-01\", \"to\": \"2001-01-01\"}",
         "before"},
        {"{\"leader\": \"\", \"actor\": \"AAA\"}", "leader"},
        /* cue frames (docs/lexicon.md, "Cue frames") */
        {"{\"cue\": \"give * * to\", \"pos\": \"verb\", \"class\": "
         "\"AID\", \"weight\": 4}",
         "at most one slot"},
        {"{\"cue\": \"give *\", \"pos\": \"verb\", \"class\": "
         "\"AID\", \"weight\": 4}",
         "cannot be the first or the last"},
        {"{\"cue\": \"* of\", \"pos\": \"noun\", \"class\": "
         "\"AID\", \"weight\": 4}",
         "cannot be the first or the last"},
        {"{\"cue\": \"give *s to\", \"pos\": \"verb\", \"class\": "
         "\"AID\", \"weight\": 4}",
         "a word of its own"},
        {"{\"cue\": \"accuse\", \"pos\": \"verb\", \"class\": "
         "\"ACCUSE\", \"weight\": -4, \"target\": \"slot\"}",
         "needs a slot"},
        {"{\"cue\": \"accuse * of\", \"pos\": \"verb\", \"class\": "
         "\"ACCUSE\", \"weight\": -4, \"target\": \"before\"}",
         "\"target\" must be"},
        {"{\"cue\": \"accuse * of\", \"pos\": \"verb\", \"class\": "
         "\"ACCUSE\", \"weight\": -4, \"target\": true}",
         "\"target\" must be"},
        {"{\"cue\": \"receive * from\", \"pos\": \"verb\", \"class\": "
         "\"AID\", \"weight\": 3, \"target\": \"slot\", "
         "\"agent_after\": true}",
         "exclude each other"},
        /* blocking cues */
        {"{\"cue\": \"share border with\", \"pos\": \"verb\", "
         "\"block\": \"yes\"}",
         "\"block\" must be true or false"},
        {"{\"cue\": \"share border with\", \"pos\": \"verb\", "
         "\"block\": true, \"class\": \"AGREE\"}",
         "a blocking cue (\"block\": true) codes no event and takes no "
         "\"class\""},
        {"{\"cue\": \"give * to\", \"pos\": \"verb\", "
         "\"block\": true, \"target\": \"slot\"}",
         "takes no \"target\""},
        {"{\"cue\": \"give * *\", \"pos\": \"verb\", "
         "\"block\": true}",
         "at most one slot"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char buf[1024];
        /* the bad line is line 5, after a comment, good entries and a
         * blank line */
        snprintf(buf, sizeof buf,
                 "# header\n"
                 "{\"actor\": \"AAA\", \"type\": \"state\", \"name\": "
                 "\"Aland\"}\n"
                 "\n"
                 "{\"cue\": \"praise\", \"pos\": \"verb\", \"class\": "
                 "\"SUPPORT\", \"weight\": 3}\n"
                 "%s\n"
                 "{\"actor\": \"BBB\", \"type\": \"state\", \"name\": "
                 "\"Boria\"}\n",
                 cases[i].line);
        dg_lexicon *lx;
        dg_error err;
        assert_int_equal(dg_lexicon_new(&lx, 0, &err), DG_OK);
        int rc = dg_lexicon_load_buffer(lx, "mine.jsonl", buf, strlen(buf),
                                        &err);
        if (rc != DG_EPARSE || err.line != 5 ||
            !strstr(err.message, cases[i].in_message))
            print_error("case %zu: %s\n  -> rc %d, line %ld: %s\n", i,
                        cases[i].line, rc, err.line, err.message);
        assert_int_equal(rc, DG_EPARSE);
        assert_int_equal(err.code, DG_EPARSE);
        assert_string_equal(err.file, "mine.jsonl");
        assert_int_equal(err.line, 5);
        assert_non_null(strstr(err.message, cases[i].in_message));
        char fmt[1200];
        snprintf(buf, sizeof buf, "mine.jsonl:5: %s", err.message);
        assert_string_equal(dg_error_format(&err, fmt, sizeof fmt), buf);
        dg_lexicon_free(lx);
    }
}

/* The misspelling index: a state name of six letters or more, one edit
 * away, except the actor's lookalikes, the lexicon's own words, short
 * names and organizations. */
static void test_misspelling_index(void **state)
{
    (void)state;
    dg_lexicon *lx = lexicon_from(
        "{\"actor\": \"QQA\", \"type\": \"state\", \"name\": "
        "\"Qualandia\", \"lookalikes\": [\"Qualandis\"]}\n"
        "{\"actor\": \"QQB\", \"type\": \"state\", \"name\": \"Qubo\"}\n"
        "{\"actor\": \"QORG\", \"type\": \"organization\", \"name\": "
        "\"Quorumia\"}\n"
        "{\"cue\": \"qualandio\", \"pos\": \"verb\", \"class\": "
        "\"SUPPORT\", \"weight\": 2}\n",
        0);
    int edit;
    size_t pos;
    long f = dg_lexicon_misspelling(lx, "Qualnadia", 9, &edit, &pos);
    assert_true(f >= 0);
    assert_int_equal(edit, DG_EDIT_TRANSPOSITION);
    assert_int_equal(pos, 4);
    assert_int_equal(dg_lexicon_find_actor(lx, "QQA"), lx->fuzzy[f].actor);
    assert_true(dg_lexicon_misspelling(lx, "Qualandiaa", 10, &edit, &pos) >= 0);
    assert_int_equal(edit, DG_EDIT_INSERTION);
    assert_true(dg_lexicon_misspelling(lx, "Qualndia", 8, &edit, &pos) >= 0);
    assert_int_equal(edit, DG_EDIT_DELETION);
    /* the lookalike, a word of the lexicon, two edits, a short name, an
     * organization */
    assert_int_equal(dg_lexicon_misspelling(lx, "Qualandis", 9, &edit, &pos),
                     -1);
    assert_int_equal(dg_lexicon_misspelling(lx, "Qualandio", 9, &edit, &pos),
                     -1);
    assert_int_equal(dg_lexicon_misspelling(lx, "Qaulnadia", 9, &edit, &pos),
                     -1);
    assert_int_equal(dg_lexicon_misspelling(lx, "Qubu", 4, &edit, &pos), -1);
    assert_int_equal(dg_lexicon_misspelling(lx, "Quorumio", 8, &edit, &pos),
                     -1);
    dg_lexicon_free(lx);
}

static void test_crlf_and_comments(void **state)
{
    (void)state;
    const char *t = "# comment\r\n"
                    "   # indented comment\r\n"
                    "\r\n"
                    "{\"actor\": \"AAA\", \"type\": \"state\", \"name\": "
                    "\"Aland\"}\r\n"
                    "{\"actor\": \"BBB\", \"type\": \"stat\", \"name\": "
                    "\"Boria\"}\r\n";
    dg_lexicon *lx;
    dg_error err;
    assert_int_equal(dg_lexicon_new(&lx, 0, &err), DG_OK);
    assert_int_equal(dg_lexicon_load_buffer(lx, "crlf.jsonl", t, strlen(t),
                                            &err),
                     DG_EPARSE);
    assert_int_equal(err.line, 5);
    dg_lexicon_free(lx);
}

static void test_empty_lexicon_buffer(void **state)
{
    (void)state;
    dg_lexicon *lx;
    dg_error err;
    const char *t = "# only a comment\n\n";
    assert_int_equal(dg_lexicon_new(&lx, 0, &err), DG_OK);
    int rc = dg_lexicon_load_buffer(lx, "empty.jsonl", t, strlen(t), &err);
    assert_true(rc < 0);
    assert_string_equal(err.file, "empty.jsonl");
    assert_non_null(strstr(err.message, "no entries"));
    dg_lexicon_free(lx);
}

/* An empty list in the first line is a list with nothing in it, as if
 * absent (the fuzzer found the reader pointing into a list of items that
 * did not exist yet). */
static void test_empty_list_first(void **state)
{
    (void)state;
    dg_lexicon *lx;
    dg_error err;
    const char *t = "{\"actor\": \"XXA\", \"type\": \"state\", "
                    "\"name\": \"Atlantis\", \"capitals\": []}\n";
    assert_int_equal(dg_lexicon_new(&lx, 0, &err), DG_OK);
    assert_int_equal(dg_lexicon_load_buffer(lx, "e.jsonl", t, strlen(t), &err),
                     DG_OK);
    assert_true(dg_lexicon_find_actor(lx, "XXA") >= 0);
    dg_lexicon_free(lx);
}

static void test_load_file(void **state)
{
    (void)state;
    char path[512];
    write_temp(path, sizeof path,
               "{\"actor\": \"AAA\", \"type\": \"state\", \"name\": "
               "\"Aland\"}\n"
               "{\"actor\": \"BBB\", \"type\": \"state\", \"name\": "
               "\"Boria\", \"capital\": \"Bor\"}\n");
    dg_lexicon *lx;
    dg_error err;
    assert_int_equal(dg_lexicon_new(&lx, 0, &err), DG_OK);
    assert_int_equal(dg_lexicon_load_file(lx, path, &err), DG_EPARSE);
    assert_string_equal(err.file, path);
    assert_int_equal(err.line, 2);
    assert_non_null(strstr(err.message, "capital"));
    unlink(path);

    /* a missing file */
    assert_int_equal(dg_lexicon_load_file(lx, "/nonexistent/lex.jsonl", &err),
                     DG_EIO);
    assert_string_equal(err.file, "/nonexistent/lex.jsonl");
    dg_lexicon_free(lx);
}

static void test_check_file_reports_all(void **state)
{
    (void)state;
    char path[512];
    write_temp(path, sizeof path,
               "# lexicon with three problems\n"
               "{\"actor\": \"AAA\", \"type\": \"state\", \"name\": "
               "\"Aland\"}\n"
               "{\"actor\": \"AAAA\", \"type\": \"state\", \"name\": "
               "\"Too long\"}\n"
               "{\"cue\": \"scold\", \"pos\": \"verb\", \"class\": "
               "\"DISAPPROVE\", \"weight\": 2}\n"
               "\n"
               "{\"cue\": \"praise\", \"pos\": \"verb\", \"class\": "
               "\"SUPPORT\", \"weight\": 3}\n"
               "{broken\n"
               "{\"actor\": \"CHN\", \"type\": \"organization\", \"name\": "
               "\"Health\"}\n"
               "{\"actor\": \"BBB\", \"type\": \"state\", \"name\": "
               "\"Boria\"}\n");
    test_reports r = {0};
    int n = dg_lexicon_check_file(path, collect_report, &r, NULL);
    assert_int_equal(n, 4);
    assert_int_equal(r.n, 4);
    static const long lines[] = {3, 4, 7, 8};
    for (int i = 0; i < 4; i++) {
        assert_string_equal(r.e[i].file, path);
        assert_int_equal(r.e[i].line, lines[i]);
        assert_int_equal(r.e[i].code, DG_EPARSE);
    }
    assert_non_null(strstr(r.e[0].message, "AAAA"));
    assert_non_null(strstr(r.e[1].message, "contradicts"));
    assert_non_null(strstr(r.e[2].message, "JSON"));
    assert_non_null(strstr(r.e[3].message, "CHN-ORG"));
    unlink(path);
}

/* A file of frames: the check reports every bad frame with its line,
 * and the good ones load and match. */
static void test_check_frames(void **state)
{
    (void)state;
    char path[512];
    write_temp(path, sizeof path,
               "# frames\n"
               "{\"cue\": \"give * to\", \"pos\": \"verb\", \"class\": "
               "\"AID\", \"weight\": 4}\n"
               "{\"cue\": \"scold * for\", \"pos\": \"verb\", \"class\": "
               "\"DISAPPROVE\", \"weight\": -3, \"target\": \"slot\"}\n"
               "{\"cue\": \"scold * *\", \"pos\": \"verb\", \"class\": "
               "\"DISAPPROVE\", \"weight\": -3}\n"
               "{\"cue\": \"scold *\", \"pos\": \"verb\", \"class\": "
               "\"DISAPPROVE\", \"weight\": -3}\n"
               "{\"cue\": \"scold\", \"pos\": \"verb\", \"class\": "
               "\"DISAPPROVE\", \"weight\": -3, \"target\": \"slot\"}\n");
    test_reports r = {0};
    int n = dg_lexicon_check_file(path, collect_report, &r, NULL);
    assert_int_equal(n, 3);
    assert_int_equal(r.n, 3);
    static const long lines[] = {4, 5, 6};
    for (int i = 0; i < 3; i++) {
        assert_string_equal(r.e[i].file, path);
        assert_int_equal(r.e[i].line, lines[i]);
    }
    assert_string_equal(r.e[0].message,
                        "cue \"scold * *\": a frame holds at most one slot "
                        "\"*\"");
    assert_non_null(strstr(r.e[1].message, "cannot be the first or the last"));
    assert_non_null(strstr(r.e[2].message, "needs a slot"));
    unlink(path);

    /* the good frames match, the slot taking the object */
    dg_lexicon *lx = lexicon_from(
        "{\"cue\": \"give * to\", \"pos\": \"verb\", \"class\": "
        "\"AID\", \"weight\": 4, \"forms\": [\"give\", \"gave\"]}\n"
        "{\"cue\": \"give aid to\", \"pos\": \"verb\", \"class\": "
        "\"AID\", \"weight\": 6, \"forms\": [\"give\", \"gave\"]}\n"
        "{\"cue\": \"cut ties with\", \"pos\": \"verb\", \"class\": "
        "\"SANCTION\", \"weight\": -6}\n"
        "{\"cue\": \"give speech to\", \"pos\": \"verb\", \"block\": true, "
        "\"forms\": [\"give\", \"gave\"]}\n",
        0);
    char got[256];
    cues_in(lx, "they gave two old ferries to them", got, sizeof got);
    assert_string_equal(got, "give * to");
    /* a fixed cue wins over the frame; a gap lets words of the object in */
    cues_in(lx, "they gave emergency aid to them", got, sizeof got);
    assert_string_equal(got, "give aid to");
    /* no slot crosses a clause */
    cues_in(lx, "they gave a speech that was sent to them", got, sizeof got);
    assert_string_equal(got, "");
    /* the inner noun in either number */
    cues_in(lx, "they cut their last tie with them", got, sizeof got);
    assert_string_equal(got, "cut ties with");
    /* at most five words in the gaps of a cue (six here) */
    cues_in(lx, "they cut all their old trade ties with them", got, sizeof got);
    assert_string_equal(got, "cut ties with");
    cues_in(lx, "they cut all of their old foreign trade ties with them", got,
            sizeof got);
    assert_string_equal(got, "");
    /* a blocking cue takes its words from the frame and is no cue */
    cues_in(lx, "they gave a long speech to them", got, sizeof got);
    assert_string_equal(got, "");
    long b = -1;
    for (size_t i = 0; i < dg_lexicon_cue_count(lx); i++)
        if (strcmp(dg_lexicon_cue_phrase(lx, i), "give speech to") == 0)
            b = (long)i;
    assert_true(b >= 0);
    assert_string_equal(dg_lexicon_cue_class(lx, (size_t)b), "NONE");
    assert_int_equal(dg_lexicon_cue_weight(lx, (size_t)b), 0);
    dg_lexicon_free(lx);
}

static void test_check_file_good(void **state)
{
    (void)state;
    char path[512];
    write_temp(path, sizeof path, small);
    test_reports r = {0};
    assert_int_equal(dg_lexicon_check_file(path, collect_report, &r, NULL), 0);
    assert_int_equal(r.n, 0);
    unlink(path);

    /* a leader may name an actor of the default lexicon */
    write_temp(path, sizeof path,
               "{\"leader\": \"Ada Quill\", \"actor\": \"ARM\", \"from\": "
               "\"2001-01-01\", \"to\": \"2002-01-01\"}\n");
    assert_int_equal(dg_lexicon_check_file(path, collect_report, &r, NULL), 0);
    unlink(path);

    /* a file that cannot be read: the failure is in err (NULL allowed),
     * not a problem reported */
    r.n = 0;
    assert_int_equal(dg_lexicon_check_file("/nonexistent/lex.jsonl",
                                           collect_report, &r, NULL),
                     DG_EIO);
    dg_error err;
    dg_error_clear(&err);
    assert_int_equal(dg_lexicon_check_file("/nonexistent/lex.jsonl",
                                           collect_report, &r, &err),
                     DG_EIO);
    assert_int_equal(r.n, 0);
    assert_int_equal(err.code, DG_EIO);
    assert_string_equal(err.file, "/nonexistent/lex.jsonl");
}

static void test_check_file_unknown_leader_actor(void **state)
{
    (void)state;
    char path[512];
    write_temp(path, sizeof path,
               "{\"actor\": \"AAA\", \"type\": \"state\", \"name\": "
               "\"Aland\"}\n"
               "{\"leader\": \"Bo Quill\", \"actor\": \"ZZQ\", \"from\": "
               "\"2001-01-01\"}\n");
    test_reports r = {0};
    assert_int_equal(dg_lexicon_check_file(path, collect_report, &r, NULL), 1);
    assert_int_equal(r.n, 1);
    assert_string_equal(r.e[0].file, path);
    assert_non_null(strstr(r.e[0].message, "ZZQ"));
    unlink(path);
}

/* ---- the one validation (issue 8) ----------------------------------- */

/* Load text into a lexicon with no defaults; the error in *err. */
static int load_text_buf(const char *text, dg_error *err)
{
    dg_lexicon *lx;
    assert_int_equal(dg_lexicon_new(&lx, 0, err), DG_OK);
    int rc = dg_lexicon_load_buffer(lx, "mine.jsonl", text, strlen(text), err);
    dg_lexicon_free(lx);
    return rc;
}

/* Loading and `lexicon check` refuse the same line with the same message:
 * before, a verb cue " condemn" passed check and then underflowed a stack
 * buffer when the lexicon was built (inflect() read phrase[-1]). */
static void test_phrase_validation(void **state)
{
    (void)state;
    char long_alias[300], many[400], long_verb[120];
    memset(long_alias, 'a', 201);
    long_alias[0] = 'A';
    long_alias[201] = '\0';
    many[0] = '\0';
    for (int i = 0; i < 33; i++)
        strcat(many, i ? " w" : "w");
    memset(long_verb, 'v', 49);
    strcpy(long_verb + 49, " with");
    char lines[24][600];
    const char *words[24];
    int n = 0;
#define CUE(ph, w)                                                             \
    (snprintf(lines[n], sizeof lines[n],                                       \
              "{\"cue\": \"%s\", \"pos\": \"verb\", \"class\": "               \
              "\"DISAPPROVE\", \"weight\": -5}",                               \
              ph),                                                             \
     words[n++] = (w))
#define ALIAS(al, w)                                                           \
    (snprintf(                                                                 \
         lines[n], sizeof lines[n],                                            \
         "{\"actor\": \"CCC\", \"type\": \"state\", \"name\": \"Cetia\", "     \
         "\"aliases\": [\"%s\"]}",                                             \
         al),                                                                  \
     words[n++] = (w))
    CUE(" condemn", "begins or ends with a space");
    CUE("condemn ", "begins or ends with a space");
    CUE("pivot  away", "two spaces");
    CUE("pivot\\taway", "control character");
    CUE("   ", "only spaces");
    CUE("- condemn", "must begin with the verb");
    CUE("--", "no word");
    CUE(long_verb, "verb");
    ALIAS("   ", "only spaces");
    ALIAS(" Cetia", "begins or ends with a space");
    ALIAS("New  Cetia", "two spaces");
    ALIAS("?!", "no word");
    ALIAS("The", "only the article");
    ALIAS(long_alias, "longer than 200 bytes");
    ALIAS(many, "more than 32 tokens");
    ALIAS("New\\u00a0Cetia", "non-ASCII space");
    ALIAS("Ce\\u0001tia", "control character");
    snprintf(lines[n], sizeof lines[n],
             "{\"actor\": \"CCC\", \"type\": \"state\", \"name\": \" \"}");
    words[n++] = "name";
    snprintf(lines[n], sizeof lines[n],
             "{\"leader\": \"Bo Quill\", \"actor\": \"AAA\", \"from\": "
             "\"2001-01-01\", \"aliases\": [\" \"]}");
    words[n++] = "only spaces";
    snprintf(lines[n], sizeof lines[n],
             "{\"leader\": \" Bo Quill\", \"actor\": \"AAA\"}");
    words[n++] = "begins or ends";
    snprintf(lines[n], sizeof lines[n],
             "{\"cue\": \"meet with\", \"pos\": \"verb\", \"class\": "
             "\"CONSULT\", \"weight\": 3, \"forms\": [\"met with\"]}");
    words[n++] = "one word";
    snprintf(lines[n], sizeof lines[n],
             "{\"cue\": \"meet with\", \"pos\": \"verb\", \"class\": "
             "\"CONSULT\", \"weight\": 3, \"forms\": [\" met\"]}");
    words[n++] = "begins or ends";
#undef CUE
#undef ALIAS
    for (int i = 0; i < n; i++) {
        char buf[16384];
        snprintf(buf, sizeof buf,
                 "# header\n"
                 "{\"actor\": \"AAA\", \"type\": \"state\", \"name\": "
                 "\"Aland\"}\n"
                 "\n"
                 "{\"cue\": \"praise\", \"pos\": \"verb\", \"class\": "
                 "\"SUPPORT\", \"weight\": 3}\n"
                 "%s\n",
                 lines[i]);
        dg_error err;
        int rc = load_text_buf(buf, &err);
        if (rc != DG_EPARSE || err.line != 5 || !strstr(err.message, words[i]))
            print_error("case %d: %s\n  -> rc %d, line %ld: %s\n", i, lines[i],
                        rc, err.line, err.message);
        assert_int_equal(rc, DG_EPARSE);
        assert_int_equal(err.line, 5);
        assert_non_null(strstr(err.message, words[i]));

        /* lexicon check: the same problem, the same message */
        char path[512];
        write_temp(path, sizeof path, buf);
        test_reports r = {0};
        assert_int_equal(dg_lexicon_check_file(path, collect_report, &r, NULL),
                         1);
        unlink(path);
        assert_int_equal(r.n, 1);
        assert_int_equal(r.e[0].line, 5);
        assert_string_equal(r.e[0].message, err.message);
    }
}

/* An alias (or name) of two actors in one file: matching could only give
 * one of them. Before, the later silently won. */
static void test_shared_alias(void **state)
{
    (void)state;
    static const char *const cases[] = {
        /* the same alias */
        "{\"actor\": \"AAA\", \"type\": \"state\", \"name\": \"Aland\", "
        "\"capitals\": [\"Zedburg\"]}\n"
        "{\"actor\": \"BBB\", \"type\": \"state\", \"name\": \"Boria\", "
        "\"aliases\": [\"Zedburg\"]}\n",
        /* a name that is another's alias, differing in case and "the" */
        "{\"actor\": \"AAA\", \"type\": \"state\", \"name\": \"Aland\", "
        "\"aliases\": [\"the Zed Kingdom\"]}\n"
        "{\"actor\": \"BBB\", \"type\": \"state\", \"name\": \"Zed "
        "kingdom\"}\n",
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        dg_error err;
        assert_int_equal(load_text_buf(cases[i], &err), DG_EPARSE);
        assert_int_equal(err.line, 2);
        assert_non_null(strstr(err.message, "actor BBB"));
        assert_non_null(strstr(err.message, "also an alias of AAA (line 1)"));
        char path[512];
        write_temp(path, sizeof path, cases[i]);
        test_reports r = {0};
        assert_int_equal(dg_lexicon_check_file(path, collect_report, &r, NULL),
                         1);
        unlink(path);
        assert_string_equal(r.e[0].message, err.message);
    }
    /* the same actor may repeat an alias, and redefine itself */
    const char *ok = "{\"actor\": \"AAA\", \"type\": \"state\", \"name\": "
                     "\"Aland\", \"aliases\": [\"Aland\", \"Zed\"]}\n"
                     "{\"actor\": \"AAA\", \"type\": \"state\", \"name\": "
                     "\"Zed\"}\n";
    dg_error err;
    assert_int_equal(load_text_buf(ok, &err), DG_OK);
}

/* A leader naming an unknown actor: `lexicon check` reported it, loading
 * accepted it. Now both refuse it. */
static void test_load_refuses_unknown_leader_actor(void **state)
{
    (void)state;
    dg_error err;
    assert_int_equal(
        load_text_buf("{\"actor\": \"AAA\", \"type\": \"state\", \"name\": "
                      "\"Aland\"}\n"
                      "{\"leader\": \"Bo Quill\", \"actor\": \"ZZQ\", "
                      "\"from\": \"2001-01-01\"}\n",
                      &err),
        DG_EPARSE);
    assert_int_equal(err.line, 2);
    assert_non_null(strstr(err.message, "unknown actor ZZQ"));
}

/* Many entries load in linear time: overrides and id lookups used to
 * rescan every earlier entry (1 million actors took over 120 s). */
static void test_large_lexicon(void **state)
{
    (void)state;
    enum { N = 20000 };
    dg_buf b = {0};
    for (int i = 0; i < N; i++)
        assert_int_equal(dg_buf_printf(&b,
                                       "{\"actor\": \"X%d\", \"type\": "
                                       "\"organization\", \"name\": "
                                       "\"Xorg %d\"}\n"
                                       "{\"leader\": \"Lea %d\", \"actor\": "
                                       "\"X%d\"}\n"
                                       "{\"cue\": \"zap%d\", \"pos\": "
                                       "\"noun\", \"class\": \"AID\", "
                                       "\"weight\": 1}\n",
                                       i, i, i, i, i),
                         DG_OK);
    dg_lexicon *lx;
    dg_error err;
    assert_int_equal(dg_lexicon_new(&lx, 0, &err), DG_OK);
    assert_int_equal(
        dg_lexicon_load_buffer(lx, "big.jsonl", b.data, b.len, &err), DG_OK);
    assert_int_equal(dg_lexicon_actor_count(lx), N);
    assert_int_equal(dg_lexicon_leader_count(lx), N);
    assert_int_equal(dg_lexicon_cue_count(lx), N);
    assert_int_equal(dg_lexicon_find_actor(lx, "X17777"), 17777);
    /* the same again overrides every entry */
    assert_int_equal(
        dg_lexicon_load_buffer(lx, "again.jsonl", b.data, b.len, &err), DG_OK);
    assert_int_equal(dg_lexicon_actor_count(lx), N);
    assert_int_equal(dg_lexicon_cue_count(lx), N);
    char got[128];
    actors_in(lx, "Xorg 12345 and Lea 99 met.", got, sizeof got);
    assert_string_equal(got, "X12345|X99");
    dg_lexicon_free(lx);
    dg_buf_free(&b);
}

/* ---- case rules ------------------------------------------------------ */

static void test_case_rules(void **state)
{
    (void)state;
    dg_lexicon *lx = lexicon_from(
        "{\"actor\": \"TUR\", \"type\": \"state\", \"name\": \"Turkey\"}\n"
        "{\"actor\": \"USA\", \"type\": \"state\", \"name\": \"United "
        "States\", \"aliases\": [\"US\"]}\n"
        "{\"actor\": \"CHN\", \"type\": \"state\", \"name\": \"China\", "
        "\"capitals\": [\"the Zhongnanhai\"]}\n",
        0);
    char got[128];
    actors_in(lx, "They ate turkey and china plates.", got, sizeof got);
    assert_string_equal(got, "");
    actors_in(lx, "Turkey and China met.", got, sizeof got);
    assert_string_equal(got, "TUR|CHN");
    actors_in(lx, "TURKEY WINS", got, sizeof got);
    assert_string_equal(got, "TUR");
    actors_in(lx, "Let us talk to them.", got, sizeof got);
    assert_string_equal(got, "");
    actors_in(lx, "Us first.", got, sizeof got);
    assert_string_equal(got, "");
    actors_in(lx, "The US agreed.", got, sizeof got);
    assert_string_equal(got, "USA");
    /* a leading "the" in an alias is optional in text */
    actors_in(lx, "Zhongnanhai said no.", got, sizeof got);
    assert_string_equal(got, "CHN");
    actors_in(lx, "Then the Zhongnanhai said no.", got, sizeof got);
    assert_string_equal(got, "CHN");
    dg_lexicon_free(lx);
}

/* dg_lexicon_tokenize gives what dg_tokenize gives. */
static void same_tokens(const char *s, size_t len)
{
    dg_token a[96], b[96];
    size_t na = dg_lexicon_tokenize(s, len, a, 96);
    size_t nb = dg_tokenize(s, len, b, 96);
    assert_int_equal(na, nb);
    for (size_t i = 0; i < na; i++) {
        assert_int_equal(a[i].start, b[i].start);
        assert_int_equal(a[i].len, b[i].len);
        assert_true(a[i].hash == b[i].hash);
        assert_int_equal(a[i].flags, b[i].flags);
    }
}

/* The patterns lexicon.c builds without the tokenizer's rules (plain
 * words, a verb form and the rest of the phrase tokenized apart) are
 * those dg_tokenize gives: every phrase of the default lexicon, and
 * every cue pattern against the tokens of its whole text. */
static void test_lexicon_tokens(void **state)
{
    (void)state;
    static const char *const odd[] = {"U.S. Army",
                                      "don't",
                                      "Côte d'Ivoire",
                                      "al-Assad",
                                      "25,000 troops",
                                      "G20",
                                      "the Kremlin",
                                      "give * to",
                                      "*x",
                                      "x*",
                                      "allies' talks",
                                      "Russia's",
                                      "NATO",
                                      "A",
                                      "Ab",
                                      "AB",
                                      "a  b",
                                      " a",
                                      "a ",
                                      "3.5"};
    for (size_t i = 0; i < sizeof odd / sizeof odd[0]; i++)
        same_tokens(odd[i], strlen(odd[i]));
    dg_lexicon *lx = lexicon_from(NULL, 1);
    for (size_t i = 0; i < lx->nactors; i++)
        for (size_t k = 0; k < lx->actors[i].naliases; k++)
            same_tokens(lx->actors[i].aliases[k].text,
                        strlen(lx->actors[i].aliases[k].text));
    for (size_t i = 0; i < lx->nterms; i++) {
        same_tokens(lx->terms[i].name, strlen(lx->terms[i].name));
        for (size_t k = 0; k < lx->terms[i].naliases; k++)
            same_tokens(lx->terms[i].aliases[k],
                        strlen(lx->terms[i].aliases[k]));
    }
    size_t checked = 0;
    for (size_t i = 0; i < lx->npats; i++) {
        const dg_pattern *p = &lx->pats[i];
        if (p->kind != DG_PAT_CUE)
            continue;
        const dg_cue *c = &lx->cues[p->ref];
        same_tokens(c->phrase, strlen(c->phrase));
        const char *sp = strchr(c->phrase, ' ');
        char buf[512];
        if (c->nforms)
            snprintf(buf, sizeof buf, "%s%s", c->forms[p->verbform],
                     sp ? sp : "");
        else if (c->pos == DG_POS_VERB) {
            /* the inflected verb: the pattern's first token, when the
             * phrase's first word is one */
            size_t fl = sp ? (size_t)(sp - c->phrase) : strlen(c->phrase);
            if (strspn(c->phrase, "abcdefghijklmnopqrstuvwxyz") != fl)
                continue;
            const dg_ptok *t0 = &lx->ptoks[p->tok0];
            snprintf(buf, sizeof buf, "%.*s%s", (int)t0->len, t0->text,
                     sp ? sp : "");
        } else
            snprintf(buf, sizeof buf, "%s", c->phrase);
        dg_token t[96];
        size_t n = dg_tokenize(buf, strlen(buf), t, 96);
        assert_int_equal(n, p->ntok);
        for (size_t k = 0; k < n; k++) {
            const dg_ptok *pt = &lx->ptoks[p->tok0 + k];
            assert_int_equal(pt->len, t[k].len);
            assert_memory_equal(pt->text, buf + t[k].start, t[k].len);
            if (pt->casemode != DG_CASE_SLOT)
                assert_true(pt->hash == t[k].hash);
        }
        checked++;
    }
    assert_true(checked > 10000);
    dg_lexicon_free(lx);
}

static void test_plover_classes(void **state)
{
    (void)state;
    assert_int_equal(dg_plover_class_polarity(dg_plover_class_index("AGREE")),
                     1);
    assert_int_equal(dg_plover_class_polarity(dg_plover_class_index("RETREAT")),
                     1);
    assert_int_equal(dg_plover_class_polarity(dg_plover_class_index("ASSAULT")),
                     -1);
    assert_int_equal(
        dg_plover_class_polarity(dg_plover_class_index("THREATEN")), -1);
    assert_int_equal(dg_plover_class_polarity(dg_plover_class_index("ACCUSE")),
                     0);
    assert_int_equal(
        dg_plover_class_polarity(dg_plover_class_index("INVESTIGATE")), 0);
    assert_int_equal(dg_plover_class_index("HUG"), -1);
    assert_int_equal(dg_plover_class_index("agree"), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_load_buffer),
        cmocka_unit_test(test_default_lexicon),
        cmocka_unit_test(test_default_lexicon_checks),
        cmocka_unit_test(test_inflection),
        cmocka_unit_test(test_explicit_forms),
        cmocka_unit_test(test_override),
        cmocka_unit_test(test_later_alias_wins),
        cmocka_unit_test(test_override_default_actor),
        cmocka_unit_test(test_malformed_lines),
        cmocka_unit_test(test_misspelling_index),
        cmocka_unit_test(test_crlf_and_comments),
        cmocka_unit_test(test_empty_lexicon_buffer),
        cmocka_unit_test(test_empty_list_first),
        cmocka_unit_test(test_load_file),
        cmocka_unit_test(test_check_file_reports_all),
        cmocka_unit_test(test_check_frames),
        cmocka_unit_test(test_check_file_good),
        cmocka_unit_test(test_check_file_unknown_leader_actor),
        cmocka_unit_test(test_phrase_validation),
        cmocka_unit_test(test_shared_alias),
        cmocka_unit_test(test_load_refuses_unknown_leader_actor),
        cmocka_unit_test(test_large_lexicon),
        cmocka_unit_test(test_case_rules),
        cmocka_unit_test(test_plover_classes),
        cmocka_unit_test(test_lexicon_tokens),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
