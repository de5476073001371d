/* match.c -- the matching stage: actor mentions and stance cues in one
 * tokenized sentence.
 *
 * Each token costs one hash-table lookup on its lower-cased text; only
 * the handful of patterns that start with that word are compared, the
 * longest first. No allocation, no scan of the lexicon.
 */
#include "internal.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

static int tok_matches(const char *s, const dg_token *t, const dg_ptok *p)
{
    if (t->hash != p->hash || t->len != p->len)
        return 0;
    size_t n = p->len;
    switch (p->casemode) {
    case DG_CASE_EXACT:
        return memcmp(s + t->start, p->text, n) == 0;
    case DG_CASE_CAP:
        if (!(t->flags & DG_TOK_CAP))
            return 0;
        /* fall through */
    default:
        return strncasecmp(s + t->start, p->text, n) == 0;
    }
}

/* Words that may stand inside a multi-word cue without changing it:
 * "recalled its ambassador from", "imposed a fresh round of sanctions on",
 * "cut all ties with". */
static const char *const cue_gap_words[] = {
    "the", "a", "an", "its", "their", "his", "her", "our", "all", "new",
    "fresh", "further", "additional", "more", "tough", "tougher", "harsh",
    "sweeping", "economic", "military", "round", "series", "package",
    "wave", "set", "of", "formal", "strong", "stronger", "bilateral",
    "top", "senior", "own", "longstanding", "long-standing", NULL};
#define MAX_CUE_GAP 4

static int tok_in(const char *s, const dg_token *t, const char *const *words);

/* Longest pattern of table t matching at token i, or -1; *end gets the
 * token after the match. With gaps, words of cue_gap_words may stand
 * between the pattern's words. */
static long longest_at(const dg_lexicon *lx, const dg_table *t, const char *s,
                       const dg_token *toks, size_t n, size_t i, int gaps,
                       size_t *end)
{
    uint32_t cnt;
    const uint32_t *pats = dg_table_lookup(t, toks[i].hash, &cnt);
    for (uint32_t k = 0; k < cnt; k++) {
        const dg_pattern *p = &lx->pats[pats[k]];
        if (i + p->ntok > n)
            continue;
        uint32_t j = 0, skipped = 0;
        size_t pos = i;
        while (j < p->ntok && pos < n) {
            if (tok_matches(s, &toks[pos], &lx->ptoks[p->tok0 + j])) {
                j++;
                pos++;
            } else if (gaps && j > 0 && skipped < MAX_CUE_GAP &&
                       tok_in(s, &toks[pos], cue_gap_words)) {
                skipped++;
                pos++;
            } else
                break;
        }
        if (j == p->ntok) {
            *end = pos;
            return (long)pats[k];
        }
    }
    return -1;
}

static int tok_in(const char *s, const dg_token *t, const char *const *words)
{
    for (size_t i = 0; words[i]; i++)
        if (dg_tok_is(s, t, words[i]))
            return 1;
    return 0;
}

static const char *const directions[] = {
    "northern", "southern", "eastern", "western", "central", "north", "south",
    "east", "west", "northeastern", "northwestern", "southeastern",
    "southwestern", "occupied", "rural", "former", NULL};

static const char *const languages[] = {
    "language", "languages", "speakers", "speaking", "speaker", "minority",
    "minorities", "diaspora", "descent", "origin", NULL};

/* "the Thai border": a place */
static const char *const place_nouns[] = {
    "border", "borders", "frontier", "territory", "soil", "waters",
    "airspace", "coast", "side", NULL};

static const char *const place_preps[] = {
    "on", "at", "along", "across", "near", "to", "from", "over", "into",
    "the", "in", NULL};

static const char *const locatives[] = {
    "in", "at", "inside", "near", "across", "throughout", "within", "outside",
    "around", "into", NULL};

/* Context check for ambiguous aliases (Georgia, Jordan, Chad, Niger...):
 * a capitalized first name before it, or a U.S. state context around it,
 * means it is not the country. */
static const char *const us_state_context[] = {
    "atlanta", "savannah", "alabama", "florida", "carolina", "tennessee",
    "governor", "gov.", "county", "senator", "sen.", "republican", NULL};

/* Capitalized words that open sentences without being first names. */
static const char *const openers[] = {
    "the", "a", "an", "in", "on", "at", "but", "and", "then", "meanwhile",
    "however", "also", "both", "neighbouring", "neighboring", "today", "now",
    "while", "when", "after", "before", "if", "as", "since", "why", "how",
    "where", "so", "yet", "still", "even", "only", "by", "for", "from", "with",
    "under", "across", "later", "earlier", "last", "next", "this", "that",
    "tiny", "landlocked", "oil-rich", NULL};

static int ambiguous_rejected(const char *s, const dg_token *toks, size_t n,
                              size_t start, size_t end)
{
    /* "Michael Jordan", "Idriss Chad": a capitalized word before that is
     * neither sentence-initial nor a title */
    static const char *const titles[] = {
        "king", "queen", "president", "prime", "minister", "of", "the",
        "southern", "northern", "eastern", "western", "central", "neighboring",
        "neighbouring", "ex", "post", "soviet", NULL};
    if (start >= 1 && (toks[start - 1].flags & DG_TOK_CAP) &&
        (toks[start - 1].flags & DG_TOK_WORD) &&
        !tok_in(s, &toks[start - 1], titles) &&
        !(start == 1 && tok_in(s, &toks[0], openers)))
        return 1;
    /* "Chad Smith", "Jordan Peterson": a surname follows (not for
     * acronyms: "US Secretary of State") */
    if (end < n && !(toks[start].flags & DG_TOK_ALLCAP) && (toks[end].flags & DG_TOK_CAP) &&
        (toks[end].flags & DG_TOK_WORD) && !(toks[end].flags & DG_TOK_ALLCAP) &&
        !tok_in(s, &toks[end], titles))
        return 1;
    /* "Atlanta, Georgia", "Georgia's governor", "the state of Georgia" */
    size_t lo = start >= 3 ? start - 3 : 0, hi = end + 3 < n ? end + 3 : n;
    for (size_t i = lo; i < hi; i++)
        if (i < start || i >= end)
            if (tok_in(s, &toks[i], us_state_context))
                return 1;
    return 0;
}

size_t dg_match_actors(const dg_lexicon *lx, const char *s,
                       const dg_token *toks, size_t n, long date,
                       dg_mention *out, size_t cap)
{
    size_t m = 0;
    for (size_t i = 0; i < n && m < cap;) {
        if (!(toks[i].flags & DG_TOK_WORD)) {
            i++;
            continue;
        }
        size_t pend;
        long pi = longest_at(lx, &lx->actor_table, s, toks, n, i, 0, &pend);
        if (pi < 0) {
            i++;
            continue;
        }
        const dg_pattern *p = &lx->pats[pi];
        long actor = p->ref;
        if (p->kind == DG_PAT_LEADER)
            actor = dg_lexicon_resolve_leader(lx, (size_t)p->ref, date);
        if (actor < 0 ||
            (p->ambiguous &&
             ambiguous_rejected(s, toks, n, i, i + p->ntok))) {
            i += p->ntok;
            continue;
        }
        /* "ethnic Turks", "the Russian language": people or a language,
         * not the state */
        if (p->alias == DG_ALIAS_DEMONYM &&
            ((i > 0 && dg_tok_is(s, &toks[i - 1], "ethnic")) ||
             (i + p->ntok < n && tok_in(s, &toks[i + p->ntok], languages)))) {
            i += p->ntok;
            continue;
        }
        /* "Armenian Prime Minister Nikol Pashinyan": one mention */
        if (m > 0 && out[m - 1].actor == actor) {
            size_t j = out[m - 1].end;
            while (j < i && (toks[j].flags & DG_TOK_CAP))
                j++;
            if (j == i) {
                out[m - 1].end = (uint32_t)(i + p->ntok);
                if (p->alias == DG_ALIAS_LEADER)
                    out[m - 1].alias = DG_ALIAS_LEADER;
                i += p->ntok;
                continue;
            }
        }
        size_t b = i;
        if (b > 0 && dg_tok_is(s, &toks[b - 1], "the"))
            b--;
        /* "in eastern Ukraine", "in northern Iraq" */
        if (b > 0 && tok_in(s, &toks[b - 1], directions))
            b--;
        out[m].start = (uint32_t)i;
        out[m].end = (uint32_t)(i + p->ntok);
        out[m].actor = (int32_t)actor;
        out[m].alias = p->alias;
        /* "in Washington" is a place; "in Armenia's policy" is not */
        /* 1: a place ("in Liberia"), 2: a venue that is never acted on
         * ("on the Thai border") */
        out[m].location = 0;
        if (b > 0 && tok_in(s, &toks[b - 1], place_preps) && i + p->ntok < n &&
            tok_in(s, &toks[i + p->ntok], place_nouns))
            out[m].location = 2;
        else if (b > 0 && tok_in(s, &toks[b - 1], locatives) &&
                 p->alias != DG_ALIAS_DEMONYM &&
                 !(i + p->ntok < n && (toks[i + p->ntok].flags & DG_TOK_POSS)))
            out[m].location = 1;
        m++;
        i += p->ntok;
    }
    return m;
}

/* ---- cues ----------------------------------------------------------
 *
 * A cue pattern's words must appear in order; between two of them a gap
 * of up to MAX_CUE_WORDS_GAP words of the object may stand ("recalled
 * its ambassador from", "cut off all remaining diplomatic ties with",
 * "imposed a fresh round of sanctions on"). A frame's slot "*" takes 1 to
 * MAX_CUE_SLOT tokens of a noun phrase ("sent tanks and artillery to").
 * Neither crosses an actor mention (except where the frame's slot holds
 * its target), a clause break, a subordinator, a preposition other than
 * "of", an auxiliary, a negation or a verb form of a verb cue. */
#define MAX_CUE_WORDS_GAP 5
#define MAX_CUE_SLOT 10

/* Words that end a gap or a slot: a new clause or predicate starts
 * (subordinators, subject pronouns, auxiliaries, speech verbs), another
 * relation does (prepositions other than "of", particles), or a
 * negation; and object pronouns, since an object that is only a pronoun
 * may be people ("send them back to"), not something given. Sorted by
 * byte, for a binary search. */
static const char *const cue_stops[] = {
    "about",   "according", "across",  "after",  "against",   "although",
    "amid",    "among",     "are",     "as",     "at",        "away",
    "be",      "because",   "been",    "before", "being",     "between",
    "but",     "by",        "can",     "could",  "despite",   "did",
    "do",      "does",      "down",    "during", "following", "for",
    "from",    "had",       "has",     "have",   "he",        "him",
    "i",       "if",        "in",      "into",   "is",        "it",
    "may",     "me",        "might",   "must",   "n't",       "near",
    "never",   "no",        "nor",     "not",    "off",       "on",
    "out",     "over",      "said",    "say",    "says",      "shall",
    "she",     "should",    "since",   "tells",  "than",      "that",
    "them",    "then",      "they",    "though", "through",   "to",
    "told",    "toward",    "towards", "under",  "unless",    "until",
    "up",      "upon",      "via",     "was",    "we",        "were",
    "when",    "where",     "whereas", "which",  "while",     "whilst",
    "who",     "whom",      "whose",   "will",   "with",      "within",
    "without", "would",     "you",
};
#define N_CUE_STOPS (sizeof cue_stops / sizeof cue_stops[0])

/* Token t (compared in lower case) against the lower-case word w:
 * <0, 0, >0 as strcmp. */
static int tok_cmp(const char *s, const dg_token *t, const char *w)
{
    const unsigned char *p = (const unsigned char *)s + t->start;
    for (uint32_t i = 0; i < t->len; i++) {
        unsigned char c = p[i];
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c + 32);
        if (c != (unsigned char)w[i])
            return c < (unsigned char)w[i] ? -1 : 1; /* w's end: c > 0 */
    }
    return w[t->len] ? -1 : 0;
}

static int is_cue_stop(const char *s, const dg_token *t)
{
    size_t lo = 0, hi = N_CUE_STOPS;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int r = tok_cmp(s, t, cue_stops[mid]);
        if (r == 0)
            return 1;
        if (r < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return 0;
}

static int ptok_matches(const char *s, const dg_token *t, const dg_ptok *p)
{
    if (tok_matches(s, t, p))
        return 1;
    return p->alt_len && t->hash == p->alt_hash && t->len == p->alt_len &&
           strncasecmp(s + t->start, p->alt_text, p->alt_len) == 0;
}

/* Is t a form of a verb cue? 2 for a past or -ing form ("condemned",
 * "imposing"), 1 for a base or -s form ("sign", "supplies", which are
 * nouns as often), 0 for none. */
static int verb_form(const dg_lexicon *lx, const char *s, const dg_token *t)
{
    uint32_t cnt;
    const uint32_t *pats = dg_table_lookup(&lx->cue_table, t->hash, &cnt);
    for (uint32_t k = 0; k < cnt; k++) {
        const dg_pattern *p = &lx->pats[pats[k]];
        if (lx->cues[p->ref].pos == DG_POS_VERB &&
            tok_matches(s, t, &lx->ptoks[p->tok0]))
            return p->verbform >= 2 ? 2 : 1;
    }
    return 0;
}

/* May token k stand inside a cue's gap or slot (mentions aside)? */
static int cue_filler(const dg_lexicon *lx, const char *s, const dg_token *toks,
                      size_t n, const int32_t *ment_of, size_t k, int slot)
{
    const dg_token *t = &toks[k];
    if (t->flags & DG_TOK_POSS)
        return 1;
    if (!(t->flags & DG_TOK_WORD)) {
        if (dg_tok_is(s, t, "-"))
            return 1;
        /* "tanks, artillery and drones": a list inside a slot */
        return slot && dg_tok_is(s, t, ",") && k + 1 < n &&
               (toks[k + 1].flags & DG_TOK_WORD) &&
               !is_cue_stop(s, &toks[k + 1]);
    }
    /* "the troop build-up": a particle inside a hyphenated compound */
    if (is_cue_stop(s, t))
        return k > 0 && dg_tok_is(s, &toks[k - 1], "-");
    /* "the seized ship", "its renewed ties": a participle after a
     * determiner or possessive describes the noun */
    static const char *const determiners[] = {
        "the",  "a",   "an",    "its",      "their", "his",
        "her",  "our", "this",  "these",    "those", "all",
        "some", "any", "newly", "recently", NULL};
    if (k > 0 && ((toks[k - 1].flags & DG_TOK_POSS) ||
                  tok_in(s, &toks[k - 1], determiners)))
        return 1;
    int vf = verb_form(lx, s, t);
    if (!vf)
        return 1;
    /* a verb form before an article or possessive is a predicate with its
     * object ("officials sign a pact"); a base or -s form is a noun
     * otherwise ("aid", "supplies") */
    int det = k + 1 < n && tok_in(s, &toks[k + 1], determiners);
    if (vf == 1)
        return !det;
    /* a participle before a noun describes it ("fallen soldiers",
     * "infantry fighting vehicles", "remaining ties"); before a
     * preposition, an actor or punctuation it is a predicate ("troops
     * stationed in") */
    return !det && k + 1 < n && (toks[k + 1].flags & DG_TOK_WORD) &&
           !(ment_of && ment_of[k + 1] >= 0) && !is_cue_stop(s, &toks[k + 1]);
}

/* cue_filler's answers for the tokens after one cue start, which every
 * pattern of the start's bucket asks again: [slot][token - base], -1 =
 * not asked yet. On the stack of the cue search, so nothing is
 * allocated per token. */
#define FILL_CACHE 24
typedef struct fill_cache {
    size_t base;
    signed char v[2][FILL_CACHE];
} fill_cache;

static int filler(const dg_lexicon *lx, const char *s, const dg_token *toks,
                  size_t n, const int32_t *ment_of, size_t k, int slot,
                  fill_cache *fc)
{
    size_t d = k - fc->base;
    if (k < fc->base || d >= FILL_CACHE)
        return cue_filler(lx, s, toks, n, ment_of, k, slot);
    if (fc->v[slot][d] < 0)
        fc->v[slot][d] =
            (signed char)cue_filler(lx, s, toks, n, ment_of, k, slot);
    return fc->v[slot][d];
}

/* Walk a frame's slot from token pos: *until is where the word after the
 * slot (pattern token next) stands. */
static int walk_slot(const dg_lexicon *lx, const char *s, const dg_token *toks,
                     size_t n, const dg_mention *ments, const int32_t *ment_of,
                     size_t pos, const dg_ptok *next, int target_slot,
                     size_t *until, fill_cache *fc)
{
    int actor = 0;
    for (size_t k = pos; k < n && k <= pos + MAX_CUE_SLOT;) {
        if (k > pos && ptok_matches(s, &toks[k], next)) {
            if (target_slot && !actor)
                return 0;
            *until = k;
            return 1;
        }
        if (k == pos + MAX_CUE_SLOT)
            return 0; /* the slot is full */
        int32_t m = ment_of ? ment_of[k] : -1;
        if (m >= 0) {
            const dg_mention *mm = &ments[m];
            int poss = mm->end < n && (toks[mm->end].flags & DG_TOK_POSS);
            if (target_slot)
                actor |= !mm->location;
            else if (mm->alias != DG_ALIAS_DEMONYM && !poss)
                return 0; /* "gave Kyiv the right to": Kyiv is no object */
            k = mm->end;
            continue;
        }
        if (!filler(lx, s, toks, n, ment_of, k, 1, fc))
            return 0;
        k++;
    }
    return 0;
}

/* A frame whose target follows it ("give * to Y") names that target
 * right after its closing word: an actor, after at most an article and
 * three words of its noun phrase ("to the war-torn Haiti", "to Kenyan
 * refugees"). "gave permission to build homes in X" is no giving to X.
 * Without mentions (none passed) nothing is checked. */
#define MAX_FRAME_TARGET_WORDS 3
static int actor_follows(const dg_lexicon *lx, const char *s,
                         const dg_token *toks, size_t n, const int32_t *ment_of,
                         size_t k)
{
    if (!ment_of)
        return 1;
    for (int words = 0; k < n; k++) {
        if (ment_of[k] >= 0)
            return 1;
        if (words++ > MAX_FRAME_TARGET_WORDS ||
            !cue_filler(lx, s, toks, n, ment_of, k, 0))
            return 0;
    }
    return 0;
}

/* The cue pattern matching at token i that has the most literal words
 * (the longest on a tie), or -1; *end gets the token after the match,
 * slot the frame's slot. */
static long cue_at(const dg_lexicon *lx, const char *s, const dg_token *toks,
                   size_t n, const dg_mention *ments, const int32_t *ment_of,
                   size_t i, size_t *end, uint32_t slot[2])
{
    uint32_t cnt;
    const uint32_t *pats = dg_table_lookup(&lx->cue_table, toks[i].hash, &cnt);
    fill_cache fc;
    if (cnt) {
        fc.base = i + 1;
        memset(fc.v, -1, sizeof fc.v);
    }
    for (uint32_t k = 0; k < cnt; k++) {
        const dg_pattern *p = &lx->pats[pats[k]];
        const dg_ptok *pt = &lx->ptoks[p->tok0];
        if (i + p->ntok > n || !tok_matches(s, &toks[i], pt))
            continue;
        uint32_t j = 1, skipped = 0;
        size_t pos = i + 1;
        slot[0] = slot[1] = 0;
        while (j < p->ntok && pos < n) {
            if (pt[j].casemode == DG_CASE_SLOT) {
                size_t until;
                if (!walk_slot(lx, s, toks, n, ments, ment_of, pos, &pt[j + 1],
                               lx->cues[p->ref].target_slot, &until, &fc))
                    break;
                slot[0] = (uint32_t)pos;
                slot[1] = (uint32_t)until;
                pos = until;
                j++;
            } else if (ptok_matches(s, &toks[pos], &pt[j])) {
                j++;
                pos++;
            } else if (!p->slot && skipped < MAX_CUE_WORDS_GAP &&
                       !(ment_of && ment_of[pos] >= 0) &&
                       /* "military officials' support": the first word
                        * of a noun cue belongs to a possessor */
                       !(j == 1 && (toks[pos].flags & DG_TOK_POSS) &&
                         lx->cues[p->ref].pos == DG_POS_NOUN) &&
                       filler(lx, s, toks, n, ment_of, pos, 0, &fc)) {
                skipped++;
                pos++;
            } else
                break;
        }
        if (j == p->ntok && (!p->slot || lx->cues[p->ref].target_slot ||
                             actor_follows(lx, s, toks, n, ment_of, pos))) {
            *end = pos;
            return (long)pats[k];
        }
    }
    return -1;
}

size_t dg_match_cues(const dg_lexicon *lx, const char *s, const dg_token *toks,
                     size_t n, const dg_mention *ments, const int32_t *ment_of,
                     dg_cuematch *out, size_t cap)
{
    size_t m = 0;
    if (!ments)
        ment_of = NULL;
    for (size_t i = 0; i < n && m < cap;) {
        if (!(toks[i].flags & DG_TOK_WORD)) {
            i++;
            continue;
        }
        size_t pend;
        uint32_t slot[2];
        long pi = cue_at(lx, s, toks, n, ments, ment_of, i, &pend, slot);
        if (pi < 0) {
            i++;
            continue;
        }
        const dg_pattern *p = &lx->pats[pi];
        if (lx->cues[p->ref].block) {
            i = pend; /* "shares a border with": no event, no shorter cue */
            continue;
        }
        out[m].start = (uint32_t)i;
        out[m].end = (uint32_t)pend;
        out[m].cue = p->ref;
        out[m].verbform = p->verbform;
        out[m].used = 0;
        out[m].slot_start = slot[0];
        out[m].slot_end = slot[1];
        m++;
        i = pend;
    }
    return m;
}
