/* code.c -- the coding stage: turns the cues and actor mentions of one
 * sentence into directed, signed events.
 *
 * Rules, in the order they are tried for each cue (the rule's name is
 * kept on the event and shown by `extract --explain`; docs/coding.md has
 * the full description):
 *   agent-after       "criticism from X": X -> the actor before the cue
 *   between           "tensions between X and Y": a mutual pair
 *   third-party       "Z mediated between X and Y": Z -> X, Z -> Y
 *   passive           "X was condemned by Y": Y -> X
 *   possessive        "X's pivot away from Y", "Israeli strikes on Y"
 *   subject           nearest actor (group) before the cue in its clause
 *                     -> first actor (group) in the cue's object
 *   shared-subject    "X did A to Y while doing B to Z": X -> Z
 *   ellipsis-subject  "X did A, but was refusing B to Z": X -> Z
 *   located-subject   "officials in X accused Y": X -> Y
 *   compound          "X and Y agreed" with no object: a mutual pair
 *   must-clause       "X said Y must ...": DEMAND X -> Y
 * Before them, cues that are not events of their own are dropped
 * (attribution tails, obligations, agentless nouns, adjectival
 * compounds, complements of an earlier cue). A negated cooperation
 * becomes a REJECT; a negated conflict is kept as negated; a diminishing
 * verb ("reduce its dependence on Y") turns a cooperative nominal cue
 * into a rejection and a conflictual one into a retreat; a modal cue
 * followed by "unless" is a threat.
 */
#include "internal.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#define MAX_GROUP 8
#define TARGET_WINDOW 16
#define SOURCE_WINDOW 25

typedef struct group {
    int32_t actor[MAX_GROUP];
    int n;
    uint32_t start, end; /* token span of the whole group */
} group;

static int is(const dg_sentence_ctx *c, size_t i, const char *w)
{
    return i < c->ntok && dg_tok_is(c->s, &c->toks[i], w);
}

static int in_list(const dg_sentence_ctx *c, size_t i,
                   const char *const *words)
{
    if (i >= c->ntok)
        return 0;
    for (size_t k = 0; words[k]; k++)
        if (dg_tok_is(c->s, &c->toks[i], words[k]))
            return 1;
    return 0;
}

static const char *const clause_breaks[] = {";", ":", NULL};
static const char *const coordinators[] = {"and", "or", "but", "nor", NULL};
static const char *const subordinators[] = {
    "that", "which", "who", "whom", "whose", "because", "while", "when",
    "whereas", "although", "though", "after", "before", "since", "until",
    "unless", "if", "said", "says", "say", "told", "despite", "amid",
    "amidst", "during", "following", NULL};
static const char *const list_openers[] = {
    "such", "including", "notably", "especially", "particularly", "namely",
    "like", "as", "both", "either", NULL};
static const char *const negators[] = {
    "not", "n't", "never", "no", "without", "neither", "nor", "refused",
    "refuses", "declined", "declines", "failed", "fails", "avoid",
    "avoids", "avoided", "avoiding", NULL};
static const char *const auxiliaries[] = {
    "was", "were", "is", "are", "has", "have", "had", "will", "would", "could",
    "should", "may", "might", "must", "can", "did", "does", "also", "then",
    "still", "later", NULL};
static const char *const determiners[] = {"the", "a", "an", "of", NULL};
static const char *const clause_joiners[] = {
    "while", "and", "but", "whilst", "as", "yet", ";", NULL};
static const char *const aside_openers[] = {
    "a", "an", "which", "who", "whose", "where", "whom", NULL};
static const char *const led_words[] = {
    "led", "backed", "brokered", "sponsored", "funded", "controlled",
    "dominated", "allied", "aligned", NULL};
/* "threatened on Monday": a time after the verb, not a place */
static const char *const time_nouns[] = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
    "sunday", "today", "tuesday's", "january", "february", "march", "april",
    "may", "june", "july", "august", "september", "october", "november",
    "december", "the", "this", "last", "next", "recent", "early", "late",
    "mid", NULL};
static const char *const reduced_preps[] = {
    "out", "of", "in", "from", "at", "into", "for", "on", "near", "inside",
    NULL};
static const char *const own_pronouns[] = {
    "its", "their", "his", "her", "our", NULL};
static const char *const be_forms[] = {
    "is", "are", "was", "were", "be", "been", "being", NULL};
static const char *const diminishers[] = {
    "reduce", "reduces", "reduced", "reducing", "decrease", "decreases",
    "decreased", "decreasing", "lessen", "lessens", "lessened", "lessening",
    "diminish", "diminishes", "diminished", "diminishing", "curb", "curbs",
    "curbed", "curbing", "loosen", "loosens", "loosened", "loosening",
    "weaken", "weakens", "weakened", "weakening", "end", "ends", "ended",
    "ending", "cut", "cuts", "cutting", "abandon", "abandons", "abandoned",
    "abandoning", "downgrade", "downgrades", "downgraded", "downgrading",
    "ease", "eases", "eased", "easing", "defuse", "defuses", "defused",
    "defusing", "calm", "calmed", "calming", "lower", "lowered", "lowering",
    "limit", "limits", "limited", "limiting", "lift", "lifts", "lifted",
    "lifting", "suspend", "suspends", "suspended", "suspending", "relax",
    "relaxes", "relaxed", "relaxing", "remove", "removes", "removed",
    "removing", "cancel", "cancels", "cancelled", "canceled", "cancelling",
    "scrap", "scraps", "scrapped", "scrapping", NULL};

static int is_mention_start(const dg_sentence_ctx *c, size_t i)
{
    return i < c->ntok && c->ment_of[i] >= 0 &&
           c->ments[c->ment_of[i]].start == i;
}

/* The coordinated actors starting at mention m: "X and Y", "X, Y and Z".
 * A comma joins only inside a list that "and"/"or" closes; ", and" starts
 * a new clause ("..., and the EU has moved"). */
static void group_right(const dg_sentence_ctx *c, int32_t m, group *g)
{
    int32_t chain[MAX_GROUP];
    int n = 0, closed = 0;
    g->start = c->ments[m].start;
    g->end = c->ments[m].end;
    chain[n++] = m;
    for (;;) {
        const dg_mention *mm = &c->ments[m];
        size_t j = mm->end;
        int comma = 0;
        if (j < c->ntok && c->toks[j].flags & DG_TOK_POSS)
            break; /* "X and Y's ..." ends here */
        if (is(c, j, ",")) {
            comma = 1;
            j += 1;
        } else if (is(c, j, "and") || is(c, j, "or") || is(c, j, "&")) {
            j += 1;
        } else
            break;
        if (is(c, j, "the"))
            j++;
        if (!is_mention_start(c, j) || n == MAX_GROUP)
            break;
        m = c->ment_of[j];
        chain[n++] = m;
        if (!comma) {
            closed = n;
            /* a list ends with its "and" */
            if (!is(c, c->ments[m].end, ","))
                break;
        }
    }
    if (!closed)
        closed = 1;
    g->n = 0;
    for (int i = 0; i < closed; i++)
        g->actor[g->n++] = c->ments[chain[i]].actor;
    g->end = c->ments[chain[closed - 1]].end;
}

/* The coordinated actors ending with mention m, read leftwards. */
static void group_left(const dg_sentence_ctx *c, int32_t m, group *g)
{
    g->n = 0;
    g->end = c->ments[m].end;
    for (;;) {
        const dg_mention *mm = &c->ments[m];
        if (g->n < MAX_GROUP)
            g->actor[g->n++] = mm->actor;
        g->start = mm->start;
        long j = (long)mm->start - 1;
        if (j >= 0 && is(c, (size_t)j, "the"))
            j--;
        if (j >= 0 && is(c, (size_t)j, ",") && g->n < 2)
            break; /* "X, Y ..." is an apposition or two clauses */
        if (j >= 1 && is(c, (size_t)j, "and") && is(c, (size_t)j - 1, ","))
            break; /* ", and": a new clause */
        if (j >= 0 && (is(c, (size_t)j, ",") || is(c, (size_t)j, "and") ||
                       is(c, (size_t)j, "&")))
            j -= 1;
        else
            break;
        if (j < 0 || c->ment_of[j] < 0 || c->ments[c->ment_of[j]].location)
            break;
        m = c->ment_of[j];
    }
    /* read leftwards: put the actors back in text order */
    for (int i = 0, k = g->n - 1; i < k; i++, k--) {
        int32_t t = g->actor[i];
        g->actor[i] = g->actor[k];
        g->actor[k] = t;
    }
}

static int group_has(const group *g, int32_t a)
{
    for (int i = 0; i < g->n; i++)
        if (g->actor[i] == a)
            return 1;
    return 0;
}

/* A verb's be-auxiliary before position i (skipping adverbs). */
static int passive_aux(const dg_sentence_ctx *c, size_t i)
{
    long j = (long)i - 1;
    for (int k = 0; k < 3 && j >= 0; k++, j--) {
        if (in_list(c, (size_t)j, be_forms))
            return 1;
        const dg_token *t = &c->toks[j];
        int adverb = t->len > 3 && dg_tok_is(c->s, t, "also") == 0 &&
                     memcmp(c->s + t->start + t->len - 2, "ly", 2) == 0;
        if (!(adverb || is(c, (size_t)j, "also") || is(c, (size_t)j, "not") ||
              is(c, (size_t)j, "reportedly") || is(c, (size_t)j, "being")))
            return 0;
    }
    return 0;
}

/* Aid, attacks, troops, threats and concessions "in X" concern X
 * itself; meetings and agreements "in X" only take place there. */
static int place_is_target(int cls)
{
    static const char *const classes[] = {
        "AID", "ASSAULT", "FIGHT", "MOBILIZE", "COERCE", "THREATEN",
        "CONCEDE", "RETREAT", "DISAPPROVE", "PROTEST", "SANCTION", "DEMAND",
        "REJECT", NULL};
    for (size_t i = 0; classes[i]; i++)
        if (strcmp(dg_plover_classes[cls], classes[i]) == 0)
            return 1;
    return 0;
}

static const char *const time_words[] = {
    "today", "yesterday", "tomorrow", "monday", "tuesday", "wednesday",
    "thursday", "friday", "saturday", "sunday", "week", "month", "year",
    "last", "next", "this", "on", "early", "late", "again", "also", "here",
    "there", "the", "a", "an", "to", "of", NULL};
static const char *const locative_words[] = {
    "in", "at", "inside", "near", "across", "throughout", "within",
    "outside", "around", "into", NULL};

static const char *const pronouns[] = {
    "it", "they", "he", "she", "we", "i", "you", "who", "which", "that",
    "also", "then", "not", "n't", "to", "and", "or", "but", NULL};

/* A plain lower-case word right before a verb cue inside an object makes
 * the cue a noun ("cut gas supplies to Moldova", "arms sales to"). */
static int noun_before(const dg_sentence_ctx *c, size_t i)
{
    if (i == 0)
        return 0;
    const dg_token *t = &c->toks[i - 1];
    const char *w = c->s + t->start;
    if (!(t->flags & DG_TOK_WORD) || (t->flags & (DG_TOK_CAP | DG_TOK_POSS)) ||
        c->ment_of[i - 1] >= 0 || c->cue_of[i - 1] >= 0)
        return 0;
    if (in_list(c, i - 1, auxiliaries) || in_list(c, i - 1, pronouns))
        return 0;
    if (t->len > 2 && memcmp(w + t->len - 2, "ly", 2) == 0)
        return 0; /* an adverb: "formally recognized" */
    return (w[0] >= 'a' && w[0] <= 'z');
}

/* Cues passed over inside another cue's object belong to it: "would not
 * meet demands to release prisoners" is one refusal, not a release. */
static void mark_used(const dg_sentence_ctx *c, const int32_t *absorb,
                      size_t n)
{
    for (size_t k = 0; k < n; k++)
        c->cues[absorb[k]].used = 1;
}

/* Conflicts that, named inside a cooperative cue's object, are events
 * of their own ("comply with sanctions against Y"). */
static int relation_of_others(int cls)
{
    static const char *const classes[] = {
        "SANCTION", "ASSAULT", "FIGHT", "COERCE", "DISAPPROVE", "PROTEST",
        "THREATEN", "ACCUSE", NULL};
    for (size_t i = 0; classes[i]; i++)
        if (strcmp(dg_plover_classes[cls], classes[i]) == 0)
            return 1;
    return 0;
}

/* Is the cue's verb a past participle (condemned, held, taken)? */
static int participle(const dg_sentence_ctx *c, const dg_cuematch *cm)
{
    const dg_cue *cue = &c->lx->cues[cm->cue];
    const dg_token *t = &c->toks[cm->start];
    const char *w = c->s + t->start;
    if (!cue->nforms)
        return cm->verbform == 2;
    /* explicit forms: not the base form (the phrase's first word) */
    size_t base = strcspn(cue->phrase, " ");
    if (t->len < 3 || (t->len == base && strncasecmp(w, cue->phrase, base) == 0))
        return 0;
    const char *e = w + t->len - 2;
    return memcmp(e, "ed", 2) == 0 || memcmp(e, "en", 2) == 0 ||
           memcmp(e, "wn", 2) == 0 || e[1] == 't' || e[1] == 'd';
}

/* A lower-case word that looks like a past participle ("imposed",
 * "taken"), whether or not it is a cue. */
static int participle_word(const dg_sentence_ctx *c, size_t i)
{
    const dg_token *t = &c->toks[i];
    const char *w = c->s + t->start;
    if (!(t->flags & DG_TOK_WORD) || (t->flags & DG_TOK_CAP) || t->len < 4)
        return 0;
    return memcmp(w + t->len - 2, "ed", 2) == 0 ||
           memcmp(w + t->len - 2, "en", 2) == 0;
}

/* First actor group after position i, within the cue's object phrase.
 * Cues met on the way either belong to the object ("refused to commit to
 * assistance to Y", "reject proposed Israeli changes") and are absorbed,
 * or end it ("comply with sanctions against Y": that relation is coded
 * by its own cue). */
static int find_target(const dg_sentence_ctx *c, size_t from, int cls,
                       group *g, const char **why)
{
    size_t limit = from + TARGET_WINDOW;
    size_t end = c->ntok < c->attribution ? c->ntok : c->attribution;
    int pol = dg_plover_class_polarity(cls);
    int content = 0; /* words of an object seen so far */
    int32_t absorb[16];
    size_t nabsorb = 0;
    for (size_t i = from; i < end && i < limit; i++) {
        if (is_mention_start(c, i)) {
            const dg_mention *m = &c->ments[c->ment_of[i]];
            /* "met in Washington" is a venue; "lifted a curfew in
             * Montenegro", "attacks in Israel" act on the place */
            if (m->location && i != from &&
                !(content && place_is_target(cls) && m->location == 1)) {
                i = m->end - 1;
                continue;
            }
            /* "the Russian-led CSTO": the head actor, not its leader */
            size_t e = m->end;
            if (is(c, e, "-") && e + 2 < c->ntok && in_list(c, e + 1, led_words) &&
                is_mention_start(c, e + 2))
                i = e + 2;
            group_right(c, c->ment_of[i], g);
            mark_used(c, absorb, nabsorb);
            return 1;
        }
        if ((c->toks[i].flags & DG_TOK_WORD) && !in_list(c, i, time_words) &&
            !in_list(c, i, locative_words))
            content = 1;
        if (in_list(c, i, clause_breaks)) {
            *why = "clause ends before an actor";
            mark_used(c, absorb, nabsorb);
            return 0;
        }
        if (is(c, i, ",")) {
            if (is_mention_start(c, i + 1) ||
                (is(c, i + 1, "the") && is_mention_start(c, i + 2)) ||
                in_list(c, i + 1, list_openers))
                continue;
            *why = "comma ends the object before an actor";
            mark_used(c, absorb, nabsorb);
            return 0;
        }
        /* "restrictions imposed by the EU": the agent of a participle
         * inside the object is not what this cue acts on (but in "rejected
         * calls by Annan" the agent of the object noun is) */
        if (is(c, i, "by") && i > 0 && participle_word(c, i - 1)) {
            *why = "\"by\" introduces another agent before an actor";
            mark_used(c, absorb, nabsorb);
            return 0;
        }
        /* "demanded that the US cancel...": the clause's subject */
        if (i == from && is(c, i, "that"))
            continue;
        /* "threatened to ... if the United States goes ahead": a threat
         * is addressed to the actor whose action it is conditional on */
        if (strcmp(dg_plover_classes[cls], "THREATEN") == 0 &&
            (is(c, i, "if") || is(c, i, "unless")))
            continue;
        if (in_list(c, i, coordinators) || in_list(c, i, subordinators)) {
            *why = "the object phrase ends before an actor";
            mark_used(c, absorb, nabsorb);
            return 0;
        }
        if (c->cue_of[i] >= 0 && c->cues[c->cue_of[i]].start == i) {
            const dg_cuematch *o = &c->cues[c->cue_of[i]];
            const dg_cue *oc = &c->lx->cues[o->cue];
            int infinitive = i > 0 && is(c, i - 1, "to");
            /* after an article, or right after the cue itself ("mobilized
             * pressure groups"): a noun, not a second verb */
            int as_noun = (i > 0 && in_list(c, i - 1, determiners)) ||
                          i == from || noun_before(c, i);
            if (oc->pos == DG_POS_VERB && !infinitive && !as_noun &&
                !participle(c, o)) {
                *why = "another verb cue starts before an actor";
                return 0;
            }
            /* "its reliance on Y" is the subject's own relation: part of
             * this object; "comply with sanctions against Y": the object
             * is a conflict of others, coded by its own cue */
            if ((oc->pos == DG_POS_NOUN || as_noun) &&
                !in_list(c, i - 1, own_pronouns) &&
                pol >= 0 && relation_of_others(oc->cls)) {
                *why = "the object is another relation, coded by its own cue";
                return 0;
            }
            absorb[nabsorb < 16 ? nabsorb++ : 15] = c->cue_of[i];
            i = o->end - 1;
        }
    }
    *why = end < limit && end < c->ntok ? "the rest is attribution"
                                        : "no actor after the cue";
    mark_used(c, absorb, nabsorb);
    return 0;
}

/* Nearest actor group before position i in the same clause, skipping
 * places ("in Washington"). */
static int find_source(const dg_sentence_ctx *c, size_t before, group *g,
                       const char **why)
{
    long lo = (long)before - SOURCE_WINDOW;
    int32_t place = -1;
    for (long i = (long)before - 1; i >= 0 && i >= lo; i--) {
        if (in_list(c, (size_t)i, clause_breaks))
            break;
        if (is(c, (size_t)i, ",")) {
            /* skip ", a body linked to X," and ", which ... ," */
            long p = i - 1;
            while (p >= 0 && !is(c, (size_t)p, ",") &&
                   !in_list(c, (size_t)p, clause_breaks))
                p--;
            if (p >= 0 && is(c, (size_t)p, ",") &&
                in_list(c, (size_t)p + 1, aside_openers)) {
                i = p;
                continue;
            }
        }
        int32_t m = c->ment_of[i];
        if (m < 0)
            continue;
        if (c->ments[m].location) {
            if (c->ments[m].location == 1 && place < 0) {
                place = m; /* only a place in the subject, before any cue */
                for (uint32_t k = 0; k < c->ments[m].start; k++)
                    if (c->cue_of[k] >= 0)
                        place = -2;
            }
            i = c->ments[m].start;
            continue;
        }
        /* "X did A to Y, but was refusing B": no subject after the
         * coordinator, so the sentence's subject acts */
        for (size_t k = c->ments[m].end; k + 1 < before; k++)
            if ((in_list(c, k, coordinators) && in_list(c, k + 1, auxiliaries)) &&
                c->subject >= 0 && c->subject != m) {
                group_left(c, c->subject, g);
                return 2;
            }
        group_left(c, m, g);
        return 1;
    }
    /* "Ethnic Albanians in south Serbia are demanding...": people in a
     * country act as that country */
    if (place >= 0) {
        group_left(c, place, g);
        return 3;
    }
    *why = "no actor before the cue in its clause";
    return 0;
}

/* "X's [adj] cue": the possessor, within two words before the cue;
 * "Israeli strikes on", "US sanctions against": an actor right before. */
static int find_possessor(const dg_sentence_ctx *c, size_t before, group *g)
{
    if (before > 0 && c->ment_of[before - 1] >= 0 &&
        !c->ments[c->ment_of[before - 1]].location &&
        c->ments[c->ment_of[before - 1]].alias == DG_ALIAS_DEMONYM) {
        group_left(c, c->ment_of[before - 1], g);
        return 1;
    }
    for (int k = 1; k <= 3 && (long)before - k >= 1; k++) {
        size_t j = before - (size_t)k;
        const dg_token *t = &c->toks[j];
        if (t->flags & DG_TOK_POSS) {
            int32_t m = c->ment_of[j - 1];
            if (m < 0)
                return 0;
            group_left(c, m, g);
            return 1;
        }
        if (!(t->flags & DG_TOK_WORD) || c->ment_of[j] >= 0 ||
            in_list(c, j, coordinators))
            return 0;
    }
    return 0;
}

/* "Libya must hand over", "the US must be ready to mediate". */
static int obligation_before(const dg_sentence_ctx *c, size_t start)
{
    for (int k = 1; k <= 4 && (long)start - k >= 0; k++) {
        size_t j = start - (size_t)k;
        if (is(c, j, "must") || is(c, j, "should"))
            return 1;
        if (!(c->toks[j].flags & DG_TOK_WORD) || c->ment_of[j] >= 0)
            return 0;
    }
    return 0;
}

static const char *const modals[] = {
    "will", "would", "could", "may", "might", "shall", "'ll", NULL};

/* "X will do Y unless ...": a modal just before the cue and "unless"
 * later in its clause. */
static int conditional_after(const dg_sentence_ctx *c, size_t start,
                             size_t from)
{
    int modal = 0;
    for (int k = 1; k <= 3 && (long)start - k >= 0; k++)
        if (in_list(c, start - (size_t)k, modals))
            modal = 1;
    if (!modal)
        return 0;
    for (size_t i = from; i < c->ntok && i < from + TARGET_WINDOW; i++) {
        if (in_list(c, i, clause_breaks))
            return 0;
        if (is(c, i, "unless"))
            return 1;
    }
    return 0;
}

static int negated_before(const dg_sentence_ctx *c, size_t start)
{
    for (int k = 1; k <= 4 && (long)start - k >= 0; k++) {
        size_t j = start - (size_t)k;
        if (in_list(c, j, negators))
            return 1;
        if (!(c->toks[j].flags & DG_TOK_WORD) || c->ment_of[j] >= 0)
            return 0;
    }
    return 0;
}

static int diminished_before(const dg_sentence_ctx *c, size_t start)
{
    for (int k = 1; k <= 6 && (long)start - k >= 0; k++) {
        size_t j = start - (size_t)k;
        if (in_list(c, j, diminishers))
            return 1;
        if ((!(c->toks[j].flags & DG_TOK_WORD) && !is(c, j, "-")) ||
            c->ment_of[j] >= 0)
            return 0;
    }
    return 0;
}

static void explain(const dg_sentence_ctx *c, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static void explain(const dg_sentence_ctx *c, const char *fmt, ...)
{
    if (!c->explain)
        return;
    char line[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    c->explain(c->doc, c->sentence, line, c->explain_ud);
}

static size_t emit(const dg_sentence_ctx *c, const group *src,
                   const group *tgt, int32_t cue, int weight, int cls,
                   int neg, int mutual, const char *rule, dg_coded *out,
                   size_t n, size_t cap)
{
    for (int i = 0; i < src->n; i++) {
        for (int j = 0; j < tgt->n; j++) {
            int32_t a = src->actor[i], b = tgt->actor[j];
            if (a == b) {
                explain(c, "  dropped %s -> %s: same actor (domestic)",
                        c->lx->actors[a].id, c->lx->actors[b].id);
                continue;
            }
            /* a mutual pair within one group: each unordered pair once */
            if (mutual && src == tgt && j <= i)
                continue;
            int dup = 0;
            for (size_t k = 0; k < n; k++)
                if (out[k].cue == cue && out[k].source == a &&
                    out[k].target == b)
                    dup = 1;
            if (dup || n >= cap)
                continue;
            out[n].source = a;
            out[n].target = b;
            out[n].cue = cue;
            out[n].negated = neg;
            out[n].mutual = mutual;
            out[n].weight = weight;
            out[n].cls = cls;
            out[n].rule = rule;
            explain(c, "  event %s -> %s %s %+d by rule %s%s%s",
                    c->lx->actors[a].id, c->lx->actors[b].id,
                    dg_plover_classes[cls], weight, rule,
                    mutual ? " (mutual)" : "", neg ? " (negated)" : "");
            n++;
        }
    }
    return n;
}

/* Classes whose cues relate a compound subject among itself ("X and Y
 * agreed", "X and Y clashed"). */
static int symmetric_class(int cls)
{
    const char *name = dg_plover_classes[cls];
    return strcmp(name, "AGREE") == 0 || strcmp(name, "CONSULT") == 0 ||
           strcmp(name, "COOPERATE") == 0 || strcmp(name, "FIGHT") == 0;
}

/* Cues already coded in this sentence: who acted, on which span. */
typedef struct coded_span {
    group src;
    uint32_t tstart, tend;
} coded_span;

/* "X did A to Y while doing B to Z": when the nearest actor before a cue
 * is the plain object of an earlier cue, the earlier cue's subject acts. */
static const group *shared_subject(const coded_span *done, size_t ndone,
                                   const dg_sentence_ctx *c, const group *g,
                                   size_t cue_start, int *embedded)
{
    *embedded = 0;
    for (size_t k = ndone; k-- > 0;) {
        if (!(g->start >= done[k].tstart && g->end <= done[k].tend) ||
            (g->end < c->ntok && (c->toks[g->end].flags & DG_TOK_POSS)))
            continue;
        /* a coordinated clause ("..., while distancing itself from")
         * shares the subject; otherwise the cue is part of what the
         * earlier cue asks, offers or refuses ("demanded that Hamas
         * renounce its struggle against Israel") */
        for (size_t i = g->end; i < cue_start; i++)
            if (in_list(c, i, clause_joiners))
                return &done[k].src;
        *embedded = 1;
        return NULL;
    }
    return NULL;
}

static const char *const speech_verbs[] = {
    "said", "says", "say", "told", "tells", "reported", "reports", "announced",
    "quoted", "added", "stated", "claimed", "confirmed", "noted", "wrote",
    "reporting", "according", NULL};

/* Where a trailing attribution starts (", Defence Minister X said on
 * Monday.", "according to the Canadian Press"), or ntok. */
static size_t find_attribution(const dg_sentence_ctx *c)
{
    /* "According to X, ..." at the start names the source of the whole
     * sentence and ends at its comma: it is no trailing attribution */
    for (size_t i = 1; i + 1 < c->ntok; i++)
        if (is(c, i, "according") && is(c, i + 1, "to"))
            return is(c, i - 1, ",") ? i - 1 : i;
    for (size_t i = c->ntok; i-- > 0;) {
        if (!is(c, i, ","))
            continue;
        if (c->ntok - i > 14)
            break;
        for (size_t k = i + 1; k < c->ntok; k++)
            if (in_list(c, k, speech_verbs))
                return i;
        break;
    }
    return c->ntok;
}

static const char *const assertion_verbs[] = {
    "said", "says", "declared", "declares", "reiterated", "reiterates",
    "insisted", "insists", "stressed", "stresses", "warned", "warns",
    "told", "tells", "announced", "argued", "argues", "maintained", NULL};

/* "X said (that) Y must ...": X demands something of Y. */
static size_t code_must_clauses(const dg_sentence_ctx *c, dg_coded *out,
                                size_t n, size_t cap)
{
    for (size_t k = 0; k < c->nment; k++) {
        const dg_mention *y = &c->ments[k];
        size_t after = y->end;
        /* "US and British forces must": allow one noun after the actor */
        if (after < c->ntok && !is(c, after, "must") &&
            (c->toks[after].flags & DG_TOK_WORD) && c->ment_of[after] < 0)
            after++;
        if (!is(c, after, "must") || y->location)
            continue;
        /* a speech verb before Y, and an actor before that */
        long v = -1;
        for (long i = (long)y->start - 1; i >= 0 && i >= (long)y->start - 8; i--)
            if (in_list(c, (size_t)i, assertion_verbs)) {
                v = i;
                break;
            }
        if (v < 0)
            continue;
        group src, tgt;
        const char *why;
        if (!find_source(c, (size_t)v, &src, &why))
            continue;
        int32_t m = (int32_t)k;
        while (m > 0 && c->ments[m - 1].end + 1 >= c->ments[m].start &&
               c->ments[m - 1].start > (uint32_t)v)
            m--; /* the whole "US and British" group */
        group_right(c, m, &tgt);
        explain(c, " clause \"... said %s must\"", c->lx->actors[y->actor].id);
        n = emit(c, &src, &tgt, -1, -3, dg_plover_class_index("DEMAND"), 0, 0,
                 "must-clause", out, n, cap);
    }
    return n;
}

size_t dg_code_sentence(const dg_sentence_ctx *c0, dg_coded *out, size_t cap)
{
    size_t n = 0, ndone = 0;
    coded_span done[32];
    dg_sentence_ctx cc = *c0;
    const dg_sentence_ctx *c = &cc;
    cc.attribution = find_attribution(c);
    cc.subject = -1;
    for (size_t k = 0; k < c->nment; k++) {
        if (c->ncue && c->ments[k].start >= c->cues[0].start)
            break;
        if (!c->ments[k].location) {
            cc.subject = (int32_t)k;
            break;
        }
    }
    for (size_t ci = 0; ci < c->ncue; ci++) {
        dg_cuematch *cm = &c->cues[ci];
        const dg_cue *cue = &c->lx->cues[cm->cue];
        int cls = cue->cls, weight = cue->weight;
        const char *why = NULL;
        group src, tgt;
        size_t last_tok = cm->end - 1;
        int prep_ended = is(c, last_tok, "between") || is(c, last_tok, "among");

        explain(c, " cue \"%.*s\" [%s %+d]",
                (int)(c->toks[last_tok].start + c->toks[last_tok].len -
                      c->toks[cm->start].start),
                c->s + c->toks[cm->start].start, dg_plover_classes[cls],
                weight);
        if (cm->used) {
            explain(c, "  dropped: part of an earlier cue's object");
            continue;
        }
        /* "refused to condemn Russia": the refusal negates the next cue,
         * which is coded (as negated) in its turn */
        if (in_list(c, cm->start, negators) && is(c, cm->end, "to") &&
            cm->end + 1 < c->ntok && c->cue_of[cm->end + 1] >= 0 &&
            c->cues[c->cue_of[cm->end + 1]].start == cm->end + 1) {
            explain(c, "  negates the cue that follows");
            continue;
        }
        if (obligation_before(c, cm->start)) {
            explain(c, "  dropped: an obligation (\"must ...\"), not an event");
            continue;
        }
        if (cm->start >= c->attribution) {
            explain(c, "  dropped: inside the attribution (\"..., X said\")");
            continue;
        }
        if (cm->start > 0 && in_list(c, cm->start - 1, determiners) &&
            !prep_ended &&
            !(is(c, cm->start - 1, "of") && cue->pos == DG_POS_NOUN)) {
            explain(c, "  dropped: a noun with no actor as its agent "
                       "(\"the attack on\")");
            continue;
        }
        if (cm->start > 0 && is(c, cm->start - 1, "-")) {
            explain(c, "  dropped: a compound adjective (\"X-backed\"), "
                       "not a relation between actors");
            continue;
        }
        if (conditional_after(c, cm->start, cm->end) &&
            strcmp(dg_plover_classes[cls], "THREATEN") != 0) {
            /* "will withdraw its force from Chad unless ...": a threat */
            cls = dg_plover_class_index("THREATEN");
            weight = weight < -4 ? weight : -4;
            explain(c, "  conditional (\"unless\"): coded THREATEN %+d", weight);
        }
        int neg = negated_before(c, cm->start);
        if (neg && dg_plover_class_polarity(cls) > 0) {
            /* "refused to provide aid", "will not meet demands": a
             * rejection, which is an event of its own */
            cls = dg_plover_class_index("REJECT");
            weight = weight > 4 ? -weight / 2 : -2;
            neg = 0;
            explain(c, "  negated cooperation: coded REJECT %+d", weight);
        }
        if (cue->pos == DG_POS_NOUN && diminished_before(c, cm->start)) {
            int pol = dg_plover_class_polarity(cls);
            if (pol > 0) {
                cls = dg_plover_class_index("REJECT");
                weight = weight > 3 ? -weight + 1 : -3;
            } else if (pol < 0) {
                cls = dg_plover_class_index("RETREAT");
                weight = -weight / 2 > 1 ? -weight / 2 : 1;
            }
            explain(c, "  a diminishing word before it: coded %s %+d",
                    dg_plover_classes[cls], weight);
        }

        /* "drew criticism from Jordan": the actor after the cue acts on the
         * subject or possessor before it */
        if (cue->agent_after) {
            size_t at = cm->end;
            if (is(c, at, "the"))
                at++;
            if (is_mention_start(c, at)) {
                group_right(c, c->ment_of[at], &src);
                if (find_possessor(c, cm->start, &tgt) ||
                    find_source(c, cm->start, &tgt, &why)) {
                    n = emit(c, &src, &tgt, (int32_t)ci, weight, cls, neg, 0,
                             "agent-after", out, n, cap);
                    continue;
                }
            }
            explain(c, "  dropped: no actor on both sides of \"%s\"",
                    cue->phrase);
            continue;
        }

        /* between X and Y: a mutual pair ("tensions between"); for a cue
         * that is not mutual ("mediate between") the subject acts on both */
        if (prep_ended) {
            if (is_mention_start(c, cm->end) ||
                (is(c, cm->end, "the") && is_mention_start(c, cm->end + 1))) {
                size_t at = is_mention_start(c, cm->end) ? cm->end : cm->end + 1;
                group_right(c, c->ment_of[at], &tgt);
                if (tgt.n >= 2 && cue->mutual) {
                    n = emit(c, &tgt, &tgt, (int32_t)ci, weight, cls, neg, 1,
                             "between", out, n, cap);
                    continue;
                }
                if (tgt.n >= 1 && !cue->mutual &&
                    (find_possessor(c, cm->start, &src) ||
                     find_source(c, cm->start, &src, &why))) {
                    n = emit(c, &src, &tgt, (int32_t)ci, weight, cls, neg, 0,
                             "third-party", out, n, cap);
                    continue;
                }
            }
            explain(c, "  dropped: no pair of actors after \"between\"");
            continue;
        }

        int by_follows = is(c, cm->end, "by") ||
                         (is(c, cm->end, "by") && is(c, cm->end + 1, "the"));
        int passive = cue->pos == DG_POS_VERB && participle(c, cm) &&
                      (passive_aux(c, cm->start) || by_follows);
        /* "West Africans ordered out of Nigeria": a participle after a
         * noun that is no actor, followed by a preposition, describes
         * that noun; it is not the sentence's verb */
        if (!passive && cue->pos == DG_POS_VERB && participle(c, cm) &&
            !passive_aux(c, cm->start) && cm->start > 1 &&
            c->ment_of[cm->start - 1] < 0 && c->ment_of[cm->start - 2] < 0 &&
            (c->toks[cm->start - 1].flags & DG_TOK_WORD) &&
            in_list(c, cm->end, reduced_preps) &&
            !in_list(c, cm->end + 1, time_nouns)) {
            explain(c, "  dropped: a participle describing a noun (\"people "
                       "ordered out of X\"), not the verb of an actor");
            continue;
        }
        if (passive && !passive_aux(c, cm->start)) {
            /* "the channel, disputed by X and Y": a reduced relative;
             * the patient is the noun just before, if it is an actor */
            size_t j = cm->start;
            if (j > 0 && is(c, j - 1, ","))
                j--;
            if (!(j > 0 && c->ment_of[j - 1] >= 0)) {
                explain(c, "  dropped: a participle (\"disputed by X\") "
                           "describing something that is not an actor");
                continue;
            }
        }
        if (passive) {
            /* the agent follows "by" */
            size_t j = cm->end;
            int have_agent = 0;
            for (; j < c->ntok && j < cm->end + TARGET_WINDOW; j++) {
                if (is(c, j, "by")) {
                    size_t k = j + 1;
                    if (is(c, k, "the"))
                        k++;
                    if (is_mention_start(c, k)) {
                        group_right(c, c->ment_of[k], &src);
                        have_agent = 1;
                    }
                    break;
                }
                if (in_list(c, j, clause_breaks) || is(c, j, ","))
                    break;
            }
            if (!have_agent) {
                explain(c, "  dropped: passive voice without an actor after "
                           "\"by\"");
                continue;
            }
            if (!find_source(c, cm->start, &tgt, &why)) {
                explain(c, "  dropped: passive voice, %s", why);
                continue;
            }
            n = emit(c, &src, &tgt, (int32_t)ci, weight, cls, neg, 0,
                     "passive", out, n, cap);
            continue;
        }

        const char *rule = "subject";
        int have_src = find_possessor(c, cm->start, &src);
        if (have_src)
            rule = "possessive";
        else if ((have_src = find_source(c, cm->start, &src, &why)) == 2) {
            rule = "ellipsis-subject";
        } else if (have_src == 3) {
            rule = "located-subject";
        } else if (have_src) {
            int embedded;
            const group *shared =
                shared_subject(done, ndone, c, &src, cm->start, &embedded);
            if (shared) {
                src = *shared;
                rule = "shared-subject";
            } else if (embedded) {
                explain(c, "  dropped: part of what an earlier cue demands, "
                           "offers or refuses, not an event of its own");
                continue;
            }
        }
        if (!have_src) {
            explain(c, "  dropped: %s", why);
            continue;
        }
        const char *twhy = NULL;
        /* a frame whose slot holds the target ("accused X of"): the
         * search starts in the slot, else after the cue's last word */
        size_t tfrom = cue->target_slot && cm->slot_end > cm->slot_start
                           ? cm->slot_start
                           : cm->end;
        int have_tgt = find_target(c, tfrom, cls, &tgt, &twhy);
        if (have_tgt) {
            /* nominal cues inside this cue's object are part of it */
            for (size_t k = ci + 1; k < c->ncue; k++)
                if (c->cues[k].start < tgt.start)
                    c->cues[k].used = 1;
            /* "X and Y's relations with each other" style self-overlap */
            if (tgt.n == 1 && group_has(&src, tgt.actor[0]) && src.n == 1) {
                explain(c, "  dropped: source and target are the same actor");
                continue;
            }
            /* "rejected an Australian ultimatum": the cue after the
             * target is the head of this cue's object */
            if (c->cue_of[tgt.end < c->ntok ? tgt.end : 0] >= 0 &&
                tgt.end < c->ntok &&
                c->cues[c->cue_of[tgt.end]].start == tgt.end)
                c->cues[c->cue_of[tgt.end]].used = 1;
            if (ndone < sizeof done / sizeof done[0]) {
                done[ndone].src = src;
                done[ndone].tstart = tgt.start;
                done[ndone].tend = tgt.end;
                ndone++;
            }
            n = emit(c, &src, &tgt, (int32_t)ci, weight, cls, neg, cue->mutual,
                     rule, out, n, cap);
            continue;
        }
        if (src.n >= 2 && (cue->mutual || symmetric_class(cls))) {
            n = emit(c, &src, &src, (int32_t)ci, weight, cls, neg, 1,
                     "compound", out, n, cap);
            continue;
        }
        explain(c, "  dropped: source %s but %s", c->lx->actors[src.actor[0]].id,
                twhy);
    }
    n = code_must_clauses(c, out, n, cap);
    return n;
}
