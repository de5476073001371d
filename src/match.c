/* match.c -- the matching stage: actor mentions and stance cues in one
 * tokenized sentence.
 *
 * Each token costs one hash-table lookup on its lower-cased text; only
 * the handful of patterns that start with that word are compared, the
 * longest first. No allocation, no scan of the lexicon.
 */
#include "internal.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* Is token t in the word list wl (words.h)? (s is unused: the tokenizer
 * tagged t with its lists.) */
static int tok_in(const char *s, const dg_token *t, int wl)
{
    (void)s;
    return DG_TOK_IN(t, wl) != 0;
}

/* a[0..n) equals b[0..n) with letters folded (ASCII here, other letters
 * by dg_same_folded_utf8, as the tokens' hashes are): the check of a hash
 * hit. */
static inline int same_folded(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)a[i], d = (unsigned char)b[i];
        if (c != d) {
            if ((c | d) >= 0x80) /* "TÜRKIYE", "Türkiye": Unicode folding */
                return dg_same_folded_utf8(a, n, b, n);
            if (c >= 'A' && c <= 'Z')
                c = (unsigned char)(c + 32);
            if (d >= 'A' && d <= 'Z')
                d = (unsigned char)(d + 32);
            if (c != d)
                return 0;
        }
    }
    return 1;
}

/* load of 4 or 8 bytes at any alignment */
static inline uint32_t ld4(const char *p)
{
    uint32_t v;
    memcpy(&v, p, sizeof v);
    return v;
}
static inline uint64_t ld8(const char *p)
{
    uint64_t v;
    memcpy(&v, p, sizeof v);
    return v;
}

/* a[0..n) equals b[0..n) byte for byte? Words as whole loads, never
 * outside [0, n). */
static inline int same_bytes(const char *a, const char *b, size_t n)
{
    if (n >= 8) {
        for (size_t i = 0; i + 8 < n; i += 8)
            if (ld8(a + i) != ld8(b + i))
                return 0;
        return ld8(a + n - 8) == ld8(b + n - 8);
    }
    if (n >= 4)
        return ld4(a) == ld4(b) && ld4(a + n - 4) == ld4(b + n - 4);
    for (size_t i = 0; i < n; i++)
        if (a[i] != b[i])
            return 0;
    return 1;
}

/* Token t is the pattern word p (hash, length, text by p's case mode).
 * loads: compare whole 4- and 8-byte loads first (cue words, mostly
 * written as in the pattern); without, byte by byte (actor names, which
 * are short and often differ in case). A constant at each call. */
static inline int tok_matches_as(const char *s, const dg_token *t,
                                 const dg_ptok *p, int loads)
{
    if (t->hash != p->hash || t->len != p->len)
        return 0;
    size_t n = p->len;
    const char *a = s + t->start;
    switch (p->casemode) {
    case DG_CASE_EXACT:
        return loads ? same_bytes(a, p->text, n) : memcmp(a, p->text, n) == 0;
    case DG_CASE_CAP:
        if (!(t->flags & DG_TOK_CAP))
            return 0;
        /* fall through */
    default:
        return (loads && same_bytes(a, p->text, n)) ||
               same_folded(a, p->text, n);
    }
}

static inline int tok_matches(const char *s, const dg_token *t,
                              const dg_ptok *p)
{
    return tok_matches_as(s, t, p, 0);
}

/* tok_matches for the first token of actor entry e, whose hash is the
 * token's (the bucket's key), its text in e when short. */
static inline int first_matches(const char *s, const dg_token *t,
                                const dg_aentry *e, const dg_ptok *ptoks)
{
    if (!e->len0)
        return tok_matches(s, t, &ptoks[e->tok0]);
    if (t->len != e->len0)
        return 0;
    switch (e->case0) {
    case DG_CASE_EXACT:
        return memcmp(s + t->start, e->text0, e->len0) == 0;
    case DG_CASE_CAP:
        if (!(t->flags & DG_TOK_CAP))
            return 0;
        /* fall through */
    default:
        return same_folded(s + t->start, e->text0, e->len0);
    }
}

/* Longest actor pattern matching at token i (its entry), or NULL; *end
 * gets the token after the match. (No sentence word set as the cue
 * matcher's: the second word's hash, in the same entry, turns down as
 * many patterns, and a set would cost every token of every sentence.) */
static const dg_aentry *longest_at(const dg_lexicon *lx, const char *s,
                                   const dg_token *toks, size_t n, size_t i,
                                   size_t *end)
{
    const dg_table *t = &lx->actor_table;
    uint32_t cnt;
    const uint32_t *pats = dg_table_lookup(t, toks[i].hash, &cnt, NULL);
    if (!cnt)
        return NULL;
    const dg_aentry *ae = t->aent + (pats - t->pats);
    for (uint32_t k = 0; k < cnt; k++) {
        const dg_aentry *e = &ae[k];
        if (i + e->ntok > n)
            continue;
        /* the second word's hash first: a common first word ("the",
         * "south") begins many patterns, and its own check is the same
         * for all of them */
        if (e->ntok > 1 && (uint32_t)toks[i + 1].hash != e->h2)
            continue;
        if (!first_matches(s, &toks[i], e, lx->ptoks))
            continue;
        uint32_t j = 1;
        while (j < e->ntok &&
               tok_matches(s, &toks[i + j], &lx->ptoks[e->tok0 + j]))
            j++;
        if (j == e->ntok) {
            *end = i + j;
            return e;
        }
    }
    return NULL;
}

static int ambiguous_rejected(const char *s, const dg_token *toks, size_t n,
                              size_t start, size_t end)
{
    if (start >= 1 && (toks[start - 1].flags & DG_TOK_CAP) &&
        (toks[start - 1].flags & DG_TOK_WORD) &&
        !tok_in(s, &toks[start - 1], DG_WL_TITLES) &&
        !(start == 1 && tok_in(s, &toks[0], DG_WL_OPENERS)))
        return 1;
    /* "Chad Smith", "Jordan Peterson": a surname follows (not for
     * acronyms: "US Secretary of State") */
    if (end < n && !(toks[start].flags & DG_TOK_ALLCAP) &&
        (toks[end].flags & DG_TOK_CAP) && (toks[end].flags & DG_TOK_WORD) &&
        !(toks[end].flags & DG_TOK_ALLCAP) &&
        !tok_in(s, &toks[end], DG_WL_TITLES))
        return 1;
    /* "Atlanta, Georgia", "Georgia's governor", "the state of Georgia" */
    size_t lo = start >= 3 ? start - 3 : 0, hi = end + 3 < n ? end + 3 : n;
    for (size_t i = lo; i < hi; i++)
        if (i < start || i >= end)
            if (tok_in(s, &toks[i], DG_WL_US_STATE_CONTEXT))
                return 1;
    return 0;
}

/* "Armeina", "Azerbaijn": a capitalized word that matched no alias and
 * is no word of the lexicon, one edit from a state name of six letters or
 * more, standing where a name of a person would not (as for the
 * ambiguous aliases: no capitalized word around it). */
/* dg_lexicon_misspelling of token t (text w), answered from the
 * extractor's memo when the word was asked before. */
static long misspelling(const dg_lexicon *lx, dg_doc_actors *doc,
                        const char *w, const dg_token *t, int *edit,
                        size_t *pos)
{
    if (!doc || t->len > DG_FUZZY_MEMO_TEXT)
        return dg_lexicon_misspelling(lx, w, t->len, edit, pos);
    struct dg_fuzzy_memo *m =
        &doc->fuzzy_memo[(t->hash >> 16) & (DG_FUZZY_MEMO - 1)];
    if (m->len == t->len && m->hash == t->hash &&
        memcmp(m->text, w, t->len) == 0) {
        *edit = m->edit;
        *pos = m->pos;
        return m->found;
    }
    long f = dg_lexicon_misspelling(lx, w, t->len, edit, pos);
    m->hash = t->hash;
    m->len = t->len;
    memcpy(m->text, w, t->len);
    m->found = (int32_t)f;
    m->edit = f >= 0 ? *edit : 0;
    m->pos = f >= 0 ? (uint32_t)*pos : 0;
    return f;
}

static int misspelled_state(const dg_lexicon *lx, dg_doc_actors *doc,
                            const char *s, const dg_token *toks, size_t n,
                            size_t i, dg_mention *out)
{
    const dg_token *t = &toks[i];
    if ((t->flags & (DG_TOK_CAP | DG_TOK_ALLCAP)) != DG_TOK_CAP ||
        t->len < lx->fuzzy_min || t->len > lx->fuzzy_max)
        return 0;
    int edit;
    size_t pos;
    long f = misspelling(lx, doc, s + t->start, t, &edit, &pos);
    if (f < 0)
        return 0;
    if (ambiguous_rejected(s, toks, n, i, i + 1)) {
        if (doc && doc->npersons < DG_DOC_ACTORS)
            doc->persons[doc->npersons++] = t->hash;
        return 0;
    }
    for (size_t k = 0; doc && k < doc->npersons; k++)
        if (doc->persons[k] == t->hash)
            return 0;
    out->start = (uint32_t)i;
    out->end = (uint32_t)(i + 1);
    out->actor = lx->fuzzy[f].actor;
    out->alias = DG_ALIAS_NAME;
    out->location = 0;
    out->fuzzy = (int32_t)f;
    out->leader = -1;
    out->edit = (uint32_t)edit;
    out->how = DG_HOW_MISSPELLING;
    if (i > 0 && tok_in(s, &toks[i - 1], DG_WL_LOCATIVES) &&
        !(i + 1 < n && (toks[i + 1].flags & DG_TOK_POSS)))
        out->location = 1;
    return 1;
}

/* ---- "Chilean President Ana Torres", "Bosnian Serbs" ------------------ */

#define MAX_TITLE_WORDS 5
#define MAX_NAME_WORDS 4

/* After a demonym ending at token i: "President Ana Torres", "Foreign
 * Minister John Doe". The token after the name, or i when there is no
 * title followed by a name. The name is capitalized words that begin no
 * actor of the lexicon (a leader's name is left to the leader merge). */
static size_t title_name_end(const dg_lexicon *lx, const char *s,
                             const dg_token *toks, size_t n, size_t i)
{
    size_t j = i;
    int head = 0;
    while (j < n && j - i < MAX_TITLE_WORDS) {
        /* "Secretary-General": the hyphen is a token of its own */
        if (j > i && j + 1 < n && dg_tok_is(s, &toks[j], "-") &&
            tok_in(s, &toks[j + 1], DG_WL_TITLE_WORDS))
            j++;
        if (!tok_in(s, &toks[j], DG_WL_TITLE_WORDS))
            break;
        head |= tok_in(s, &toks[j], DG_WL_TITLE_HEADS);
        j++;
    }
    if (!head || j == i)
        return i;
    size_t k = j;
    while (k < n && k - j < MAX_NAME_WORDS && (toks[k].flags & DG_TOK_CAP) &&
           (toks[k].flags & DG_TOK_WORD) &&
           !(toks[k].flags & (DG_TOK_ALLCAP | DG_TOK_POSS)) &&
           !tok_in(s, &toks[k], DG_WL_TITLE_WORDS)) {
        /* a leader's name is left to the leader merge; a word that names
         * an actor is the person's only inside the name ("Georgia
         * Traore"), not last ("President Visits Uganda") */
        uint32_t cnt;
        const uint32_t *pats =
            dg_table_lookup(&lx->actor_table, toks[k].hash, &cnt, NULL);
        int leader = 0;
        for (uint32_t q = 0; q < cnt; q++)
            leader |= lx->pats[pats[q]].kind == DG_PAT_LEADER;
        if (leader)
            break;
        if (cnt && !(k + 1 < n && (toks[k + 1].flags & DG_TOK_CAP) &&
                     (toks[k + 1].flags & DG_TOK_WORD) &&
                     !(toks[k + 1].flags & (DG_TOK_ALLCAP | DG_TOK_POSS))))
            break;
        k++;
    }
    /* a dotted initial: "John F. Kennedy" is three words here */
    return k > j ? k : i;
}

/* "Kosovo Serbs", "Bosnian Serb leader": the demonym at token i (ntok
 * tokens) is a group's name, not an adjective of something else ("sold
 * Syria Russian missiles"). */
static int group_demonym(const char *s, const dg_token *toks, size_t n,
                         size_t i, size_t ntok)
{
    const dg_token *t = &toks[i + ntok - 1];
    if (t->len > 1 &&
        (s[t->start + t->len - 1] == 's' || s[t->start + t->len - 1] == 'S'))
        return 1;
    size_t e = i + ntok;
    return e < n && (tok_in(s, &toks[e], DG_WL_TITLE_HEADS) ||
                     tok_in(s, &toks[e], DG_WL_GROUP_NOUNS));
}

/* ---- actors that the document introduces: "Full Name (ACR)" --------- */

typedef struct acr_word {
    const char *p;
    uint32_t len;
    int sig; /* capitalized: must give its initial */
} acr_word;

static int lower_is(char a, char b)
{
    return tolower((unsigned char)a) == tolower((unsigned char)b);
}

/* Can the letters a[ai..m) come from words[wi..]? Every capitalized word
 * gives its initial, in order; a lower-case word ("of") may give its
 * initial or nothing; after its initial a word may give more of its own
 * letters ("CeaseFire" for CF). ci: the next letter of word wi that may
 * be used, 0 before its initial. budget bounds the search. */
static int acr_align(const char *a, size_t m, size_t ai, const acr_word *w,
                     size_t nw, size_t wi, size_t ci, int *budget)
{
    if (--*budget < 0)
        return 0;
    if (ai == m) {
        for (size_t k = ci ? wi + 1 : wi; k < nw; k++)
            if (w[k].sig)
                return 0;
        return 1;
    }
    if (wi >= nw)
        return 0;
    if (ci == 0) {
        if (lower_is(w[wi].p[0], a[ai]) &&
            acr_align(a, m, ai + 1, w, nw, wi, 1, budget))
            return 1;
        return !w[wi].sig && acr_align(a, m, ai, w, nw, wi + 1, 0, budget);
    }
    if (acr_align(a, m, ai, w, nw, wi + 1, 0, budget))
        return 1;
    for (size_t p = ci; p < w[wi].len; p++)
        if (lower_is(w[wi].p[p], a[ai]) &&
            acr_align(a, m, ai + 1, w, nw, wi, p + 1, budget))
            return 1;
    return 0;
}

/* "(ACR)" at token i: an all-capital word of 2 to DG_DOC_ACRONYM letters
 * in parentheses. */
static int acronym_at(const char *s, const dg_token *toks, size_t n, size_t i)
{
    if (i + 2 >= n || !dg_tok_is(s, &toks[i], "(") ||
        !dg_tok_is(s, &toks[i + 2], ")"))
        return 0;
    const dg_token *a = &toks[i + 1];
    if (!(a->flags & DG_TOK_ALLCAP) || a->len < 2 || a->len > DG_DOC_ACRONYM)
        return 0;
    for (uint32_t k = 0; k < a->len; k++)
        if (!isupper((unsigned char)s[a->start + k]))
            return 0;
    return 1;
}

/* The organization made for acronym a in this document, made now if
 * needed; its actor index or -1 when the table is full. */
static long doc_new_org(const dg_lexicon *lx, dg_doc_actors *doc, const char *s,
                        const dg_token *a, const dg_token *toks, size_t ns,
                        size_t ne)
{
    char id[DG_DOC_ACRONYM + 8];
    snprintf(id, sizeof id, "%.*s", (int)a->len, s + a->start);
    /* an acronym that is already an actor's id (a state code: CAN)
     * gets a suffix, as an organization in the lexicon would */
    if (dg_lexicon_find_actor(lx, id) >= 0)
        snprintf(id, sizeof id, "%.*s-ORG", (int)a->len, s + a->start);
    for (size_t k = 0; k < doc->nnew; k++)
        if (strcmp(doc->id[k], id) == 0)
            return (long)(doc->nlex + k);
    if (doc->nnew >= DG_DOC_ACTORS || !doc->actors)
        return -1;
    size_t k = doc->nnew++;
    memcpy(doc->id[k], id, sizeof id);
    size_t from = toks[ns].start, to = toks[ne - 1].start + toks[ne - 1].len;
    snprintf(doc->name[k], sizeof doc->name[k], "%.*s", (int)(to - from),
             s + from);
    dg_actor *act = &doc->actors[doc->nlex + k];
    memset(act, 0, sizeof *act);
    act->id = doc->id[k];
    act->name = doc->name[k];
    act->type = DG_ACTOR_ORGANIZATION;
    return (long)(doc->nlex + k);
}

static void doc_register(dg_doc_actors *doc, const char *s,
                         const dg_token *toks, size_t ns, size_t ne,
                         const dg_token *a, long actor)
{
    for (size_t k = 0; k < doc->n; k++)
        if (doc->e[k].acr == a->hash && strlen(doc->e[k].acr_text) == a->len &&
            memcmp(doc->e[k].acr_text, s + a->start, a->len) == 0)
            return; /* the first introduction holds */
    if (doc->n >= DG_DOC_ACTORS)
        return;
    dg_doc_entry *e = &doc->e[doc->n++];
    e->actor = (int32_t)actor;
    e->acr = a->hash;
    memcpy(e->acr_text, s + a->start, a->len);
    e->acr_text[a->len] = '\0';
    e->nname = ne - ns <= DG_DOC_NAME_TOKENS ? (uint32_t)(ne - ns) : 0;
    for (uint32_t k = 0; k < e->nname; k++)
        e->name[k] = toks[ns + k].hash;
}

/* "the Ceasefire Monitoring Committee (CMC)" with "(" at token i: the
 * name and the acronym become one mention of one actor (the name's or
 * the acronym's if the lexicon knows either, the state a group is named
 * after, else a new organization of this document), and both are
 * registered for the rest of the document. Returns the token after ")"
 * or 0. Mentions inside the name are replaced. */
static size_t introduce(const dg_lexicon *lx, dg_doc_actors *doc, const char *s,
                        const dg_token *toks, size_t n, size_t i,
                        dg_mention *out, size_t *m)
{
    if (!acronym_at(s, toks, n, i))
        return 0;
    size_t j = i;
    while (j > 0 && i - (j - 1) <= DG_DOC_NAME_TOKENS) {
        const dg_token *t = &toks[j - 1];
        if (!((t->flags & DG_TOK_CAP) || (t->flags & DG_TOK_POSS) ||
              ((t->flags & DG_TOK_WORD) &&
               tok_in(s, t, DG_WL_NAME_INNER_WORDS))))
            break;
        j--;
    }
    const dg_token *a = &toks[i + 1];
    const char *acr = s + a->start;
    acr_word w[DG_DOC_NAME_TOKENS];
    size_t ns = i;
    for (size_t st = j; st + 1 < i && ns == i; st++) {
        if (!(toks[st].flags & DG_TOK_CAP) || !(toks[st].flags & DG_TOK_WORD))
            continue;
        size_t nw = 0;
        for (size_t k = st; k < i; k++) {
            if (toks[k].flags & DG_TOK_POSS)
                continue;
            w[nw].p = s + toks[k].start;
            w[nw].len = toks[k].len;
            w[nw].sig = (toks[k].flags & DG_TOK_CAP) != 0;
            nw++;
        }
        int budget = 2000;
        if (nw >= 2 && acr_align(acr, a->len, 0, w, nw, 0, 0, &budget))
            ns = st;
    }
    if (ns == i)
        return 0;
    /* the mentions inside the name */
    size_t f = *m;
    while (f > 0 && out[f - 1].end > ns)
        f--;
    if (f < *m && out[f].start < ns)
        return 0;
    long actor = -1;
    if (*m - f == 1 && out[f].start == ns && out[f].end == i)
        actor = out[f].actor; /* a known name */
    if (actor < 0) {
        for (size_t k = 0; k < doc->n && actor < 0; k++)
            if (doc->e[k].acr == a->hash &&
                memcmp(doc->e[k].acr_text, acr, a->len) == 0 &&
                doc->e[k].acr_text[a->len] == '\0')
                actor = doc->e[k].actor;
    }
    if (actor < 0) {
        size_t pend;
        const dg_aentry *pe = longest_at(lx, s, toks, n, i + 1, &pend);
        if (pe && pend == i + 2 && pe->kind == DG_PAT_ACTOR)
            actor = pe->ref; /* a known acronym */
    }
    if (actor < 0 && *m > f) {
        /* "Sudan People's Liberation Army": a group named after one
         * state (or organization) is coded to it, as CAMEO does */
        actor = out[f].actor;
        for (size_t k = f + 1; k < *m; k++)
            if (out[k].actor != actor)
                actor = -1;
        for (size_t k = ns; k < i && actor >= 0; k++)
            if (tok_in(s, &toks[k], DG_WL_SEVERAL_STATES))
                actor = -1;
    }
    if (actor < 0) {
        int inst = 0, movement = 0;
        for (size_t k = ns; k < i; k++) {
            inst |= tok_in(s, &toks[k], DG_WL_INSTITUTION_HEADS);
            movement |= tok_in(s, &toks[k], DG_WL_MOVEMENT_HEADS);
        }
        if (!inst || movement)
            return 0; /* a treaty, a plan, or a group of one state */
        actor = doc_new_org(lx, doc, s, a, toks, ns, i);
    }
    if (actor < 0)
        return 0;
    *m = f;
    dg_mention *o = &out[f];
    o->start = (uint32_t)ns;
    o->end = (uint32_t)(i + 3);
    o->actor = (int32_t)actor;
    o->alias = DG_ALIAS_NAME;
    o->location = ns > 0 && tok_in(s, &toks[ns - 1], DG_WL_LOCATIVES) ? 1 : 0;
    if (ns > 1 && dg_tok_is(s, &toks[ns - 1], "the") &&
        tok_in(s, &toks[ns - 2], DG_WL_LOCATIVES))
        o->location = 1;
    o->fuzzy = -1;
    o->leader = -1;
    o->edit = DG_EDIT_NONE;
    o->how = DG_HOW_DOC_ACRONYM;
    (*m)++;
    doc_register(doc, s, toks, ns, i, a, actor);
    return i + 3;
}

/* A name or acronym that the document introduced before, at token i:
 * its actor (and *end), or -1. */
static long doc_match(const dg_doc_actors *doc, const char *s,
                      const dg_token *toks, size_t n, size_t i, size_t *end)
{
    const dg_token *t = &toks[i];
    long best = -1;
    size_t blen = 0;
    for (size_t k = 0; k < doc->n; k++) {
        const dg_doc_entry *e = &doc->e[k];
        if (e->acr == t->hash && (t->flags & DG_TOK_ALLCAP) &&
            e->acr_text[t->len] == '\0' &&
            memcmp(e->acr_text, s + t->start, t->len) == 0 && blen < 1) {
            best = e->actor;
            blen = 1;
        }
        if (e->nname > blen && e->name[0] == t->hash && i + e->nname <= n) {
            uint32_t q = 1;
            while (q < e->nname && toks[i + q].hash == e->name[q])
                q++;
            if (q == e->nname) {
                best = e->actor;
                blen = e->nname;
            }
        }
    }
    *end = i + blen;
    return best;
}

size_t dg_match_actors(const dg_lexicon *lx, const char *s,
                       const dg_token *toks, size_t n, long date,
                       dg_mention *out, size_t cap)
{
    return dg_match_actors_doc(lx, NULL, s, toks, n, date, out, cap);
}

/* The matching at token i, a token that may begin something
 * (actor_candidates): a mention added to out[*pm..] (*pm < cap) or one
 * before it extended; returns the token to go on from. */
static size_t actor_at(const dg_lexicon *lx, dg_doc_actors *doc, const char *s,
                       const dg_token *toks, size_t n, size_t i, long date,
                       dg_mention *out, size_t *pm, size_t cap)
{
    if (!(toks[i].flags & DG_TOK_WORD)) {
        size_t next;
        if (doc && (next = introduce(lx, doc, s, toks, n, i, out, pm)))
            return next;
        return i + 1;
    }
    size_t m = *pm;
    if (doc && doc->n && (toks[i].flags & DG_TOK_CAP)) {
        size_t dend;
        long da = doc_match(doc, s, toks, n, i, &dend);
        if (da >= 0) {
            dg_mention *o = &out[m++];
            *pm = m;
            o->start = (uint32_t)i;
            o->end = (uint32_t)dend;
            o->actor = (int32_t)da;
            o->alias = DG_ALIAS_NAME;
            o->location =
                i > 0 && tok_in(s, &toks[i - 1], DG_WL_LOCATIVES) ? 1 : 0;
            o->fuzzy = -1;
            o->leader = -1;
            o->edit = DG_EDIT_NONE;
            o->how = DG_HOW_DOC_ACRONYM;
            return dend;
        }
    }
    size_t pend;
    const uint64_t *filter = lx->actor_table.filter;
    const dg_aentry *p = !filter || dg_filter_bit(filter, toks[i].hash)
                             ? longest_at(lx, s, toks, n, i, &pend)
                             : NULL;
    if (!p) {
        if ((toks[i].flags & (DG_TOK_CAP | DG_TOK_ALLCAP)) ==
                DG_TOK_CAP && /* misspelled_state's first test */
            m < cap &&
            misspelled_state(lx, doc, s, toks, n, i, &out[m]))
            *pm = m + 1;
        return i + 1;
    }
    long actor = p->ref;
    if (p->kind == DG_PAT_LEADER)
        actor = dg_lexicon_resolve_leader(lx, (size_t)p->ref, date);
    if (actor < 0 ||
        (p->ambiguous && ambiguous_rejected(s, toks, n, i, i + p->ntok))) {
        i += p->ntok;
        return i;
    }
    /* "ethnic Turks", "the Russian language": people or a language,
     * not the state */
    if (p->alias == DG_ALIAS_DEMONYM &&
        ((i > 0 && dg_tok_is(s, &toks[i - 1], "ethnic")) ||
         (i + p->ntok < n && tok_in(s, &toks[i + p->ntok], DG_WL_LANGUAGES)))) {
        i += p->ntok;
        return i;
    }
    /* "Kosovo Serbs", "Bosnian Serbs", "Turkish Cypriots": a place
     * word and a demonym are one group, of the state where it lives
     * (docs/lexicon.md, "Decisions") */
    if (p->alias == DG_ALIAS_DEMONYM && m > 0 && out[m - 1].end == i &&
        out[m - 1].actor != actor && out[m - 1].location == 0 &&
        (out[m - 1].alias == DG_ALIAS_NAME ||
         out[m - 1].alias == DG_ALIAS_DEMONYM) &&
        out[m - 1].how == DG_HOW_ALIAS &&
        lx->actors[out[m - 1].actor].type == DG_ACTOR_STATE &&
        lx->actors[actor].type == DG_ACTOR_STATE &&
        group_demonym(s, toks, n, i, p->ntok)) {
        dg_mention *g = &out[m - 1];
        if (!(p->ntok == 1 && tok_in(s, &toks[i], DG_WL_ETHNIC_GROUPS)))
            g->actor = (int32_t)actor; /* "Turkish Cypriots" */
        g->end = (uint32_t)(i + p->ntok);
        g->alias = DG_ALIAS_DEMONYM;
        g->how = DG_HOW_ETHNIC;
        i += p->ntok;
        size_t e = title_name_end(lx, s, toks, n, i);
        if (e > i) {
            g->end = (uint32_t)e;
            g->alias = DG_ALIAS_LEADER;
            i = e;
        }
        return i;
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
            return i;
        }
    }
    size_t b = i;
    if (b > 0 && dg_tok_is(s, &toks[b - 1], "the"))
        b--;
    /* "in eastern Ukraine", "in northern Iraq" */
    if (b > 0 && tok_in(s, &toks[b - 1], DG_WL_DIRECTIONS))
        b--;
    out[m].start = (uint32_t)i;
    out[m].end = (uint32_t)(i + p->ntok);
    out[m].actor = (int32_t)actor;
    out[m].alias = p->alias;
    out[m].fuzzy = -1;
    out[m].leader = p->kind == DG_PAT_LEADER ? (int32_t)p->ref : -1;
    out[m].edit = DG_EDIT_NONE;
    out[m].how = DG_HOW_ALIAS;
    /* "in Washington" is a place; "in Armenia's policy" is not */
    /* 1: a place ("in Liberia"), 2: a venue that is never acted on
     * ("on the Thai border") */
    out[m].location = 0;
    if (b > 0 && tok_in(s, &toks[b - 1], DG_WL_PLACE_PREPS) &&
        i + p->ntok < n && tok_in(s, &toks[i + p->ntok], DG_WL_PLACE_NOUNS))
        out[m].location = 2;
    else if (b > 0 && tok_in(s, &toks[b - 1], DG_WL_LOCATIVES) &&
             p->alias != DG_ALIAS_DEMONYM &&
             !(i + p->ntok < n && (toks[i + p->ntok].flags & DG_TOK_POSS)))
        out[m].location = 1;
    m++;
    *pm = m;
    i += p->ntok;
    /* "Chilean President Ana Torres", "US Secretary of State Jane
     * Doe": the person speaks for the state (or organization); the
     * name is no other actor */
    if (p->alias == DG_ALIAS_DEMONYM ||
        (p->alias == DG_ALIAS_NAME && p->ntok == 1 &&
         (toks[i - 1].flags & DG_TOK_ALLCAP))) {
        size_t e = title_name_end(lx, s, toks, n, i);
        if (e > i) {
            out[m - 1].end = (uint32_t)e;
            out[m - 1].alias = DG_ALIAS_LEADER;
            out[m - 1].how = DG_HOW_DEMONYM_TITLE;
            i = e;
        }
    }
    return i;
}

/* The tokens lo..hi-1 that may begin something, as offsets from lo into
 * cand: a capitalized word (an actor pattern, a name the document
 * introduced, a misspelled state) and a word or "(" that the actor
 * table's filter lets through (an actor pattern, an introduction: the
 * filter has the hash of "(" too). Every other token is skipped: the
 * matching at it would only step over it. Their number. */
static size_t actor_candidates(const uint64_t *filter, const dg_token *toks,
                               size_t lo, size_t hi, uint16_t *cand)
{
    size_t nc = 0;
    if (!filter) { /* no table: every token */
        for (size_t i = lo; i < hi; i++)
            cand[nc++] = (uint16_t)(i - lo);
        return nc;
    }
    for (size_t i = lo; i < hi; i++) {
        /* branch-free: a store and an add, kept or overwritten */
        cand[nc] = (uint16_t)(i - lo);
        nc += ((toks[i].flags / DG_TOK_CAP) |
               dg_filter_bit(filter, toks[i].hash)) &
              1;
    }
    return nc;
}

size_t dg_match_actors_doc(const dg_lexicon *lx, dg_doc_actors *doc,
                           const char *s, const dg_token *toks, size_t n,
                           long date, dg_mention *out, size_t cap)
{
    /* a first pass lists the tokens that may begin something (about one
     * in four), a second visits them; a long sentence in pieces */
    enum { PIECE = 512 };
    uint16_t cand[PIECE];
    size_t m = 0, i = 0;
    for (size_t lo = 0; lo < n && m < cap; lo += PIECE) {
        size_t hi = n - lo > PIECE ? lo + PIECE : n;
        size_t nc =
            actor_candidates(lx->actor_table.filter, toks, lo, hi, cand);
        for (size_t c = 0; c < nc && m < cap; c++) {
            size_t k = lo + cand[c];
            if (k >= i) /* else inside a match made before */
                i = actor_at(lx, doc, s, toks, n, k, date, out, &m, cap);
        }
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

static int is_cue_stop(const char *s, const dg_token *t)
{
    return tok_in(s, t, DG_WL_CUE_STOPS);
}

/* tok_matches for the cue matcher: most tokens have the pattern's bytes
 * as they are (lower case), which whole loads tell at once. */
static inline int cue_tok_matches(const char *s, const dg_token *t,
                                  const dg_ptok *p)
{
    return tok_matches_as(s, t, p, 1);
}

/* cue_tok_matches for the first word of cue entry e, whose hash is the
 * token's (the bucket's key): from the text in e when it is short, so
 * that the pattern's tokens (pt) are not read. */
static inline int first_word_matches(const char *s, const dg_token *t,
                                     const dg_entry *e, const dg_ptok *pt)
{
    if (!e->len0)
        return cue_tok_matches(s, t, pt);
    size_t n = e->len0;
    if (t->len != n)
        return 0;
    const char *a = s + t->start;
    switch (e->case0) {
    case DG_CASE_EXACT:
        return same_bytes(a, e->text0, n);
    case DG_CASE_CAP:
        if (!(t->flags & DG_TOK_CAP))
            return 0;
        /* fall through */
    default:
        return same_bytes(a, e->text0, n) || same_folded(a, e->text0, n);
    }
}

static int ptok_matches(const char *s, const dg_token *t, const dg_ptok *p)
{
    if (cue_tok_matches(s, t, p))
        return 1;
    return p->alt_len && t->hash == p->alt_hash && t->len == p->alt_len &&
           same_folded(s + t->start, p->alt_text, p->alt_len);
}

/* Is t a form of a verb cue? 2 for a past or -ing form ("condemned",
 * "imposing"), 1 for a base or -s form ("sign", "supplies", which are
 * nouns as often), 0 for none. */
static int verb_form(const dg_lexicon *lx, const char *s, const dg_token *t)
{
    uint32_t cnt;
    const uint32_t *pats = dg_table_lookup(&lx->cue_table, t->hash, &cnt, NULL);
    for (uint32_t k = 0; k < cnt; k++) {
        const dg_pattern *p = &lx->pats[pats[k]];
        if (lx->cues[p->ref].pos == DG_POS_VERB &&
            cue_tok_matches(s, t, &lx->ptoks[p->tok0]))
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
        /* "a $3 billion loan", "aid of EUR 50 million": a currency sign
         * before its amount */
        if ((dg_tok_is(s, t, "$") || dg_tok_is(s, t, "\xe2\x82\xac") ||
             dg_tok_is(s, t, "\xc2\xa3")) &&
            k + 1 < n && (toks[k + 1].flags & DG_TOK_WORD) &&
            s[toks[k + 1].start] >= '0' && s[toks[k + 1].start] <= '9')
            return 1;
        /* "tanks, artillery and drones": a list inside a slot */
        return slot && dg_tok_is(s, t, ",") && k + 1 < n &&
               (toks[k + 1].flags & DG_TOK_WORD) &&
               !is_cue_stop(s, &toks[k + 1]);
    }
    /* "the troop build-up": a particle inside a hyphenated compound */
    if (is_cue_stop(s, t))
        return k > 0 && dg_tok_is(s, &toks[k - 1], "-");
    if (k > 0 && ((toks[k - 1].flags & DG_TOK_POSS) ||
                  tok_in(s, &toks[k - 1], DG_WL_NP_OPENERS)))
        return 1;
    int vf = verb_form(lx, s, t);
    if (!vf)
        return 1;
    /* a verb form before an article or possessive is a predicate with its
     * object ("officials sign a pact"); a base or -s form is a noun
     * otherwise ("aid", "supplies") */
    int det = k + 1 < n && tok_in(s, &toks[k + 1], DG_WL_NP_OPENERS);
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

/* The words of a sentence as a 256-bit set of their hashes (a Bloom
 * filter with one hash): a cue pattern with a word that is not in the set
 * cannot match, and is passed over without walking it. */
typedef struct word_set {
    uint64_t bits[4];
    uint64_t words; /* the dg_word_bit of each word (dg_table) */
} word_set;

static inline uint64_t ws_bit(uint64_t hash, size_t *w)
{
    /* not the bits of dg_word_bit or of the tables' filters */
    unsigned b = (unsigned)(hash >> 24) & 255;
    *w = b >> 6;
    return 1ULL << (b & 63);
}

static inline int ws_has(const word_set *ws, const dg_ptok *p)
{
    size_t w;
    uint64_t b = ws_bit(p->hash, &w);
    if (ws->bits[w] & b)
        return 1;
    if (!p->alt_len)
        return 0;
    b = ws_bit(p->alt_hash, &w);
    return (ws->bits[w] & b) != 0;
}

/* Can the later words of the pattern of entry e be in the sentence? The
 * bytes of up to DG_ENTRY_REQ of them are in the entry; the tokens of a
 * pattern with more are read (pattern_possible). */
static inline int entry_possible(const word_set *ws, const dg_entry *e)
{
    uint64_t r = e->req;
    for (unsigned j = 0; j < e->nreq; j++, r >>= 16) {
        unsigned a = (unsigned)r & 255, b = (unsigned)(r >> 8) & 255;
        if (!((ws->bits[a >> 6] >> (a & 63)) & 1) &&
            !((ws->bits[b >> 6] >> (b & 63)) & 1))
            return 0;
    }
    return 1;
}

/* Can the words of a pattern (ntok tokens pt) after its first all be in
 * the sentence? */
static int pattern_possible(const word_set *ws, uint32_t ntok,
                            const dg_ptok *pt)
{
    for (uint32_t j = 1; j < ntok; j++)
        if (pt[j].casemode != DG_CASE_SLOT && !ws_has(ws, &pt[j]))
            return 0;
    return 1;
}

/* The first of the cnt entries from k on whose later words can all be in
 * the sentence (and that fit in it), or cnt. */
static inline uint32_t next_possible(const word_set *ws, const dg_entry *ent,
                                     uint32_t k, uint32_t cnt, size_t i,
                                     size_t n)
{
    for (; k < cnt; k++) {
        const dg_entry *e = &ent[k];
        if (!(e->sig & ~ws->words) && i + e->ntok <= n && entry_possible(ws, e))
            break;
    }
    return k;
}

/* The entry of the cue pattern matching at token i that has the most
 * literal words (the longest on a tie), or NULL; *end gets the token
 * after the match, slot the frame's slot. The search runs from entry k
 * of the cnt entries ent of the bucket of token i's word; entry k is
 * possible (next_possible). A pattern's tokens are read only for a
 * candidate whose first two words match (from the entry). */
static const dg_entry *cue_at(const dg_lexicon *lx, const char *s,
                              const dg_token *toks, size_t n,
                              const dg_mention *ments, const int32_t *ment_of,
                              size_t i, const word_set *ws, const dg_entry *ent,
                              uint32_t k, uint32_t cnt, size_t *end,
                              uint32_t slot[2])
{
    fill_cache fc;
    fc.base = i + 1;
    memset(fc.v, -1, sizeof fc.v);
    for (; k < cnt; k = next_possible(ws, ent, k + 1, cnt, i, n)) {
        const dg_entry *e = &ent[k];
        /* not read unless the first word matches (but for a pattern of
         * more words than the entry's req holds) */
        const dg_ptok *pt = &lx->ptoks[e->tok0];
        if ((e->more && !pattern_possible(ws, e->ntok, pt)) ||
            !first_word_matches(s, &toks[i], e, pt))
            continue;
        uint32_t j = 1, skipped = 0;
        size_t pos = i + 1;
        slot[0] = slot[1] = 0;
        while (j < e->ntok && pos < n) {
            /* the second token from the entry: most candidates end at
             * it, and the pattern's tokens are then not read */
            if (j == 1 && !(e->flags & DG_ENTRY_SLOT1) &&
                (uint32_t)toks[pos].hash != e->h2 &&
                (uint32_t)toks[pos].hash != e->alt2) {
                if (!(e->flags & DG_ENTRY_SLOT) &&
                    skipped < MAX_CUE_WORDS_GAP &&
                    !(ment_of && ment_of[pos] >= 0) &&
                    !((toks[pos].flags & DG_TOK_POSS) &&
                      (e->flags & DG_ENTRY_NOUN)) &&
                    filler(lx, s, toks, n, ment_of, pos, 0, &fc)) {
                    skipped++;
                    pos++;
                    continue;
                }
                break;
            }
            if (pt[j].casemode == DG_CASE_SLOT) {
                size_t until;
                if (!walk_slot(lx, s, toks, n, ments, ment_of, pos, &pt[j + 1],
                               e->flags & DG_ENTRY_TARGET_SLOT, &until, &fc))
                    break;
                slot[0] = (uint32_t)pos;
                slot[1] = (uint32_t)until;
                pos = until;
                j++;
            } else if (ptok_matches(s, &toks[pos], &pt[j])) {
                j++;
                pos++;
            } else if (!(e->flags & DG_ENTRY_SLOT) &&
                       skipped < MAX_CUE_WORDS_GAP &&
                       !(ment_of && ment_of[pos] >= 0) &&
                       /* "military officials' support": the first word
                        * of a noun cue belongs to a possessor */
                       !(j == 1 && (toks[pos].flags & DG_TOK_POSS) &&
                         (e->flags & DG_ENTRY_NOUN)) &&
                       filler(lx, s, toks, n, ment_of, pos, 0, &fc)) {
                skipped++;
                pos++;
            } else
                break;
        }
        if (j == e->ntok &&
            (!(e->flags & DG_ENTRY_SLOT) || (e->flags & DG_ENTRY_TARGET_SLOT) ||
             actor_follows(lx, s, toks, n, ment_of, pos))) {
            *end = pos;
            return e;
        }
    }
    return NULL;
}

/* The cue starting at token i, if any, written to *out; 1 when one was
 * written. *next gets the first token a later cue may start at. The
 * bucket's entries are tested here, and its patterns read (cue_at) only
 * when one of them can be in the sentence: most words that begin a cue
 * ("the", "said", "on") begin none of this sentence. */
static inline int cue_here(const dg_lexicon *lx, const char *s,
                           const dg_token *toks, size_t n,
                           const dg_mention *ments, const int32_t *ment_of,
                           size_t i, const word_set *ws, dg_cuematch *out,
                           size_t *next)
{
    *next = i + 1;
    /* dg_table_lookup, with the bucket's bsig tested before its entries
     * are read */
    const dg_table *t = &lx->cue_table;
    uint64_t h = toks[i].hash;
    size_t sl = (size_t)h & (t->nslots - 1);
    while (t->slots[sl].key != h) {
        if (!t->slots[sl].key)
            return 0;
        sl = (sl + 1) & (t->nslots - 1);
    }
    if (t->bsig[sl] & ~ws->words)
        return 0;
    uint32_t cnt = t->slots[sl].count;
    const dg_entry *ent = t->ent + t->slots[sl].first;
    uint32_t k = next_possible(ws, ent, 0, cnt, i, n);
    if (k == cnt)
        return 0;
    size_t pend;
    uint32_t slot[2];
    const dg_entry *e =
        cue_at(lx, s, toks, n, ments, ment_of, i, ws, ent, k, cnt, &pend, slot);
    if (!e)
        return 0;
    *next = pend;
    if (e->flags & DG_ENTRY_BLOCK)
        return 0; /* "shares a border with": no event, no shorter cue */
    out->start = (uint32_t)i;
    out->end = (uint32_t)pend;
    out->cue = e->ref;
    out->verbform = e->verbform;
    out->used = 0;
    out->slot_start = slot[0];
    out->slot_end = slot[1];
    return 1;
}

/* Tokens that may begin a cue (they pass the cue table's filter),
 * gathered with the sentence's word set in one pass without branches; a
 * sentence of more tokens is gathered in a second pass with a bound. */
#define CUE_STARTS 256

static inline size_t cue_scan(const dg_token *toks, size_t n,
                              const uint64_t *filter, word_set *ws,
                              uint32_t *start, int bounded)
{
    size_t ns = 0;
    uint64_t words = 0;
    for (uint32_t i = 0; i < n; i++) {
        uint64_t h = toks[i].hash;
        size_t w;
        uint64_t b = ws_bit(h, &w);
        ws->bits[w] |= b;
        words |= dg_word_bit(h);
        start[ns] = i;
        /* dg_filter_has, with the word's two bits (dg_filter_mask: the
         * hash's bits 32..37 and 38..43) shifted down rather than a mask
         * built up, fewer instructions; it must change with them */
        uint64_t f = filter[dg_filter_word(h)];
        size_t pass =
            (size_t)((f >> ((h >> 32) & 63)) & (f >> ((h >> 38) & 63)) & 1);
        if (bounded)
            pass &= (size_t)(ns < CUE_STARTS);
        ns += pass;
    }
    ws->words = words;
    return ns;
}

size_t dg_match_cues(const dg_lexicon *lx, const char *s, const dg_token *toks,
                     size_t n, const dg_mention *ments, const int32_t *ment_of,
                     dg_cuematch *out, size_t cap)
{
    size_t m = 0;
    if (!ments)
        ment_of = NULL;
    const uint64_t *filter = lx->cue_table.filter;
    if (!filter)
        return 0; /* no cues */
    word_set ws = {{0}, 0};
    uint32_t start[CUE_STARTS + 1];
    size_t ns = n <= CUE_STARTS ? cue_scan(toks, n, filter, &ws, start, 0)
                                : cue_scan(toks, n, filter, &ws, start, 1);
    /* the tokens after the last one kept when start[] is full */
    size_t tail = ns == CUE_STARTS ? start[CUE_STARTS - 1] + 1 : n;
    size_t next = 0; /* the first token a cue may start at */
    for (size_t k = 0; m < cap;) {
        size_t i;
        if (k < ns) {
            i = start[k++];
            if (i < next)
                continue;
        } else {
            if (tail < next)
                tail = next;
            while (tail < n && !dg_filter_has(filter, toks[tail].hash))
                tail++;
            if (tail >= n)
                break;
            i = tail++;
        }
        if (!(toks[i].flags & DG_TOK_WORD))
            continue; /* a cue begins with a word */
        m += (size_t)cue_here(lx, s, toks, n, ments, ment_of, i, &ws, &out[m],
                              &next);
    }
    return m;
}
