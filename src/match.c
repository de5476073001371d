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

/* "Armeina", "Azerbaijn": a capitalized word that matched no alias and
 * is no word of the lexicon, one edit from a state name of six letters or
 * more, standing where a name of a person would not (as for the
 * ambiguous aliases: no capitalized word around it). */
static int misspelled_state(const dg_lexicon *lx, const char *s,
                            const dg_token *toks, size_t n, size_t i,
                            dg_mention *out)
{
    const dg_token *t = &toks[i];
    if ((t->flags & (DG_TOK_CAP | DG_TOK_ALLCAP)) != DG_TOK_CAP ||
        t->len < lx->fuzzy_min || t->len > lx->fuzzy_max)
        return 0;
    int edit;
    size_t pos;
    long f = dg_lexicon_misspelling(lx, s + t->start, t->len, &edit, &pos);
    if (f < 0 || ambiguous_rejected(s, toks, n, i, i + 1))
        return 0;
    out->start = (uint32_t)i;
    out->end = (uint32_t)(i + 1);
    out->actor = lx->fuzzy[f].actor;
    out->alias = DG_ALIAS_NAME;
    out->location = 0;
    out->fuzzy = (int32_t)f;
    out->edit = (uint32_t)edit;
    out->how = DG_HOW_MISSPELLING;
    if (i > 0 && tok_in(s, &toks[i - 1], locatives) &&
        !(i + 1 < n && (toks[i + 1].flags & DG_TOK_POSS)))
        out->location = 1;
    return 1;
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
            if (m < cap && misspelled_state(lx, s, toks, n, i, &out[m]))
                m++;
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
        out[m].fuzzy = -1;
        out[m].edit = DG_EDIT_NONE;
        out[m].how = DG_HOW_ALIAS;
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

size_t dg_match_cues(const dg_lexicon *lx, const char *s,
                     const dg_token *toks, size_t n, dg_cuematch *out,
                     size_t cap)
{
    size_t m = 0;
    for (size_t i = 0; i < n && m < cap;) {
        if (!(toks[i].flags & DG_TOK_WORD)) {
            i++;
            continue;
        }
        size_t pend;
        long pi = longest_at(lx, &lx->cue_table, s, toks, n, i, 1, &pend);
        if (pi < 0) {
            i++;
            continue;
        }
        const dg_pattern *p = &lx->pats[pi];
        out[m].start = (uint32_t)i;
        out[m].end = (uint32_t)pend;
        out[m].cue = p->ref;
        out[m].verbform = p->verbform;
        out[m].used = 0;
        m++;
        i = pend;
    }
    return m;
}
