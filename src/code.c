/* code.c -- the coding stage: turns the cues and actor mentions of one
 * sentence into directed, signed events.
 *
 * Every rule is a named function in one ordered table (RULES, near the
 * end of this file): filters that drop a cue, modifiers that change its
 * class, weight or negation, role rules that assign source and target,
 * and sentence rules that read the whole sentence. The rule's name is
 * kept on the event and shown by `extract --explain`; docs/coding.md
 * describes each. What the rules need to know about a PLOVER class
 * (sign, whether a place can be its target, ...) is in the class table
 * DG_PLOVER_CLASSES of internal.h.
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

/* Is token i the word w? Inline, so that the length of a literal w is a
 * constant and most tokens are turned down by their length alone
 * (dg_tok_is). */
static inline int is(const dg_sentence_ctx *c, size_t i, const char *w)
{
    return i < c->ntok && dg_tok_is(c->s, &c->toks[i], w);
}

/* dg_class_has and dg_plover_class_polarity of lexicon.c, inline: the
 * rules ask them for every cue. */
static inline int class_has(int cls, unsigned flag)
{
    return cls >= 0 && cls < DG_NCLASSES && (dg_class_table[cls].flags & flag);
}

static inline int class_polarity(int cls)
{
    return cls >= 0 && cls < DG_NCLASSES ? dg_class_table[cls].polarity : 0;
}

/* The bit of word list wl (words.h) in a mask of lists. */
#define WL(wl) (1ULL << DG_WL_##wl)

/* Has the sentence a word of any of the lists in mask (c->words, set
 * before the rules)? A rule that needs such a word and finds none in the
 * sentence need not look further. */
static inline int has_words(const dg_sentence_ctx *c, uint64_t mask)
{
    return (c->words & mask) != 0;
}

/* Is token i in the word list wl (words.h)? */
static int in_list(const dg_sentence_ctx *c, size_t i, int wl)
{
    return i < c->ntok && DG_TOK_IN(&c->toks[i], wl);
}

static int is_mention_start(const dg_sentence_ctx *c, size_t i)
{
    return i < c->ntok && c->ment_of[i] >= 0 &&
           c->ments[c->ment_of[i]].start == i;
}

/* A short aside between commas starting at the comma at i ("and, after
 * long talks, Z"): the token after its closing comma, or 0 when there is
 * none within a few words or it holds an actor, a cue or a clause break. */
static size_t skip_aside(const dg_sentence_ctx *c, size_t i)
{
    for (size_t k = i + 1; k < c->ntok && k <= i + 8; k++) {
        if (is(c, k, ","))
            return k > i + 1 ? k + 1 : 0;
        if (c->ment_of[k] >= 0 || c->cue_of[k] >= 0 ||
            in_list(c, k, DG_WL_CLAUSE_BREAKS))
            return 0;
    }
    return 0;
}

/* The coordinated actors starting at mention m: "X and Y", "X, Y and Z",
 * "X, Y, and Z", "X, Y and, after a delay, Z". A comma joins only inside a
 * list that "and"/"or" closes; ", and" after a single actor starts a new
 * clause ("..., and the EU has moved"). */
static void group_right(const dg_sentence_ctx *c, int32_t m, group *g)
{
    int32_t chain[MAX_GROUP];
    int n = 0, closed = 0;
    g->start = c->ments[m].start;
    g->end = c->ments[m].end;
    /* most often the actor stands alone: no comma, "and", "or" or "&"
     * after it (what the loop below would find at once) */
    size_t e = c->ments[m].end;
    if (e >= c->ntok || (c->toks[e].flags & DG_TOK_POSS) ||
        !(is(c, e, ",") || is(c, e, "and") || is(c, e, "or") ||
          is(c, e, "&"))) {
        g->n = 1;
        g->actor[0] = c->ments[m].actor;
        return;
    }
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
        }
        if (is(c, j, "and") || is(c, j, "or") || is(c, j, "&")) {
            /* ", and" closes a list of two or more ("A, B, and C");
             * after a single actor it starts a new clause */
            if (comma && n < 2)
                break;
            comma = 0;
            j += 1;
            /* "A, B and, with conditions, C" */
            if (is(c, j, ",") && !(j = skip_aside(c, j)))
                break;
        } else if (!comma)
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

static int plain_word(const dg_sentence_ctx *c, size_t i);

/* The coordinated actors ending with mention m, read leftwards. */
static void group_left(const dg_sentence_ctx *c, int32_t m, group *g)
{
    g->n = 0;
    g->end = c->ments[m].end;
    /* most often the actor stands alone: before it (and its "the") no
     * comma, "and", "&" or "his" ("and his counterpart"), which is what
     * the loop below would find at once */
    long b = (long)c->ments[m].start - 1;
    if (b >= 0 && is(c, (size_t)b, "the"))
        b--;
    if (b < 0 ||
        !(is(c, (size_t)b, ",") || is(c, (size_t)b, "and") ||
          is(c, (size_t)b, "&") || in_list(c, (size_t)b, DG_WL_OWN_PRONOUNS))) {
        g->n = 1;
        g->actor[0] = c->ments[m].actor;
        g->start = c->ments[m].start;
        return;
    }
    for (;;) {
        const dg_mention *mm = &c->ments[m];
        if (g->n < MAX_GROUP)
            g->actor[g->n++] = mm->actor;
        g->start = mm->start;
        long j = (long)mm->start - 1;
        if (j >= 0 && is(c, (size_t)j, "the"))
            j--;
        /* "A and his Croatian counterpart", "Peru's minister and her
         * Chilean counterparts": the counterpart's state joins the
         * group of the person it is the counterpart of */
        if (j >= 1 && in_list(c, (size_t)j, DG_WL_OWN_PRONOUNS) &&
            (is(c, mm->end, "counterpart") || is(c, mm->end, "counterparts")) &&
            is(c, (size_t)j - 1, "and")) {
            long a = j - 2;
            /* back over "'s defence minister" to the possessor */
            for (int w = 0; w < 3 && a >= 1 && c->ment_of[a] < 0 &&
                            plain_word(c, (size_t)a);
                 w++)
                a--;
            if (a >= 1 && c->ment_of[a] < 0 &&
                (c->toks[a].flags & DG_TOK_POSS) && c->ment_of[a - 1] >= 0)
                a--;
            if (a >= 0 && c->ment_of[a] >= 0 &&
                !c->ments[c->ment_of[a]].location) {
                m = c->ment_of[a];
                continue;
            }
        }
        /* "A, B and, in milder terms, C": back over the aside to "and" */
        if (j >= 0 && is(c, (size_t)j, ",")) {
            long a = j - 1;
            while (a > 0 && j - a <= 8 && !is(c, (size_t)a, ",") &&
                   c->ment_of[a] < 0 && c->cue_of[a] < 0 &&
                   !in_list(c, (size_t)a, DG_WL_CLAUSE_BREAKS))
                a--;
            if (a > 0 && a < j - 1 && is(c, (size_t)a, ",") &&
                (is(c, (size_t)a - 1, "and") || is(c, (size_t)a - 1, "or")))
                j = a - 1;
        }
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
        if (in_list(c, (size_t)j, DG_WL_BE_FORMS))
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
    if (in_list(c, i - 1, DG_WL_AUXILIARIES) ||
        in_list(c, i - 1, DG_WL_PRONOUNS))
        return 0;
    if (t->len > 2 && memcmp(w + t->len - 2, "ly", 2) == 0)
        return 0; /* an adverb: "formally recognized" */
    return (w[0] >= 'a' && w[0] <= 'z');
}

/* A plain lower-case word that can go on an object after "and" ("tanks
 * and artillery", "food and fuel"): no actor, cue, auxiliary, pronoun or
 * clause word. */
static int object_word(const dg_sentence_ctx *c, size_t i)
{
    if (i >= c->ntok)
        return 0;
    const dg_token *t = &c->toks[i];
    if (!(t->flags & DG_TOK_WORD) || (t->flags & (DG_TOK_CAP | DG_TOK_POSS)) ||
        c->ment_of[i] >= 0 || c->cue_of[i] >= 0)
        return 0;
    /* "and the X ..." may be a new clause with X as its subject */
    return !in_list(c, i, DG_WL_DETERMINERS) &&
           !in_list(c, i, DG_WL_AUXILIARIES) &&
           !in_list(c, i, DG_WL_PRONOUNS) &&
           !in_list(c, i, DG_WL_SUBORDINATORS) &&
           !in_list(c, i, DG_WL_COORDINATORS) && !in_list(c, i, DG_WL_BE_FORMS);
}

/* "tanks, artillery and ammunition": after a comma, up to three object
 * words and then "and", "or" or another comma. */
static int noun_list_item(const dg_sentence_ctx *c, size_t i)
{
    for (size_t k = i; k < i + 3 && object_word(c, k); k++)
        if (is(c, k + 1, ",") || is(c, k + 1, "and") || is(c, k + 1, "or"))
            return 1;
    return 0;
}

/* Cues passed over inside another cue's object belong to it: "would not
 * accept calls to free the detainees" is one refusal, not a release. */
static void mark_used(const dg_sentence_ctx *c, const int32_t *absorb, size_t n)
{
    for (size_t k = 0; k < n; k++)
        c->cues[absorb[k]].used = 1;
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

/* A place named as the area acted on ("in X", "across eastern X"), not
 * as a landmark ("near X", "around X", "at X"), except for the classes
 * marked DG_CF_NEAR. */
static int inside_place(const dg_sentence_ctx *c, const dg_mention *m, int cls)
{
    for (int k = 1; k <= 3 && (long)m->start - k >= 0; k++) {
        size_t j = m->start - (size_t)k;
        if (in_list(c, j, DG_WL_INSIDE_PREPS) ||
            (class_has(cls, DG_CF_NEAR) && in_list(c, j, DG_WL_NEAR_PREPS)))
            return 1;
        if (!(c->toks[j].flags & DG_TOK_WORD) ||
            ((c->toks[j].flags & DG_TOK_CAP) && !in_list(c, j, DG_WL_COMPASS)))
            return 0;
    }
    return 0;
}

/* Tokens [from, to) are all time words ("on Monday", "last week"). */
static int only_time_words(const dg_sentence_ctx *c, size_t from, size_t to)
{
    for (size_t k = from; k < to; k++)
        if (!in_list(c, k, DG_WL_TIME_WORDS) &&
            !in_list(c, k, DG_WL_TIME_NOUNS))
            return 0;
    return 1;
}

static int obligation_at(const dg_sentence_ctx *c, size_t i);

/* find_target's reason when the target is the subject of a relative
 * clause ("the plan that Y drafted"): compared by address */
static const char relative_owner[] = "the owner named in a relative clause";

static int nominal_blocked(const dg_sentence_ctx *c, size_t i)
{
    return in_list(c, i - 1, DG_WL_CONTENT_NOUNS);
}

/* First actor group after position i, within the cue's object phrase.
 * Cues met on the way either belong to the object ("declined to pledge
 * support to Y", "reject proposed Greek amendments") and are absorbed,
 * or end it ("comply with sanctions against Y": that relation is coded
 * by its own cue; pol is the sign of the cue as written, so that "did not
 * join the sanctions against Y" is no rejection of Y either). */
static int find_target(const dg_sentence_ctx *c, size_t from, int cls, int pol,
                       int nominal, const group *src, group *g, int32_t *inner,
                       const char **why)
{
    *inner = -1;
    size_t limit = from + TARGET_WINDOW;
    size_t end = c->ntok < c->attribution ? c->ntok : c->attribution;
    int content = 0; /* words of an object seen so far */
    int32_t absorb[16];
    size_t nabsorb = 0;
    for (size_t i = from; i < end && i < limit; i++) {
        if (is_mention_start(c, i)) {
            const dg_mention *m = &c->ments[c->ment_of[i]];
            /* "met in Geneva" is a venue; "lifted a curfew in
             * Montenegro", "attacks in Israel" act on the place, for
             * the classes that take a place (DG_CF_PLACE), unless it is
             * the source's own ("banned rallies in its capital"); a
             * noun cue takes it at once ("an offensive in X") */
            /* "massed troops on the Ukrainian border": for the classes
             * marked DG_CF_BORDER the border's state is faced */
            if (m->location == 2 && class_has(cls, DG_CF_BORDER) &&
                (is(c, m->end, "border") || is(c, m->end, "borders") ||
                 is(c, m->end, "frontier")) &&
                !(src && group_has(src, m->actor))) {
                group_right(c, c->ment_of[i], g);
                mark_used(c, absorb, nabsorb);
                return 1;
            }
            if (m->location && i != from &&
                !((content || nominal) && class_has(cls, DG_CF_PLACE) &&
                  m->location == 1 && inside_place(c, m, cls) &&
                  !(src && group_has(src, m->actor)))) {
                i = m->end - 1;
                continue;
            }
            /* "under UN auspices", "under an EU mandate": a sponsor or
             * framework, not a participant */
            if (i > 0 && (is(c, i - 1, "under") ||
                          (i > 1 && in_list(c, i - 1, DG_WL_DETERMINERS) &&
                           is(c, i - 2, "under")))) {
                i = m->end - 1;
                continue;
            }
            /* "the Russian-led CSTO": the head actor, not its leader */
            size_t e = m->end;
            if (is(c, e, "-") && e + 2 < c->ntok &&
                in_list(c, e + 1, DG_WL_LED_WORDS) &&
                is_mention_start(c, e + 2))
                i = e + 2;
            group_right(c, c->ment_of[i], g);
            mark_used(c, absorb, nabsorb);
            return 1;
        }
        if ((c->toks[i].flags & DG_TOK_WORD) &&
            !in_list(c, i, DG_WL_TIME_WORDS) &&
            !in_list(c, i, DG_WL_LOCATIVE_WORDS))
            content = 1;
        /* what follows is about clause breaks, commas, "by" and the
         * words of subordinate and coordinate clauses ("that", "which",
         * "if", "unless", "and", "or"): other words skip it */
        if ((c->toks[i].words &
             (WL(CLAUSE_BREAKS) | WL(SUBORDINATORS) | WL(COORDINATORS))) ||
            is(c, i, ",") || is(c, i, "by")) {
            if (in_list(c, i, DG_WL_CLAUSE_BREAKS)) {
                *why = "clause ends before an actor";
                mark_used(c, absorb, nabsorb);
                return 0;
            }
            if (is(c, i, ",")) {
                if (is_mention_start(c, i + 1) ||
                    (is(c, i + 1, "the") && is_mention_start(c, i + 2)) ||
                    in_list(c, i + 1, DG_WL_LIST_OPENERS) ||
                    noun_list_item(c, i + 1))
                    continue;
                *why = "comma ends the object before an actor";
                mark_used(c, absorb, nabsorb);
                return 0;
            }
            /* "restrictions imposed by the EU": the agent of a participle
             * inside the object is not what this cue acts on (but in "rejected
             * calls by the UN chief" the agent of the object noun is) */
            /* but "the plan proposed by Y": accepting or rejecting a
             * proposal is a response to its author */
            if (is(c, i, "by") && i > 0 &&
                (in_list(c, i - 1, DG_WL_AUTHORED) ||
                 /* "demanded the release of sailors held by Y": Y is asked */
                 (class_has(cls, DG_CF_ASKS) &&
                  in_list(c, i - 1, DG_WL_CUSTODY)) ||
                 /* "pulled out of villages claimed by Y": Y's territory */
                 (class_has(cls, DG_CF_PLACE) && content &&
                  in_list(c, i - 1, DG_WL_TERRITORY_HELD)) ||
                 (is(c, i - 1, "forward") && i > 1 &&
                  in_list(c, i - 2, DG_WL_AUTHORED))))
                continue;
            if (is(c, i, "by") && i > 0 && participle_word(c, i - 1)) {
                *why = "\"by\" introduces another agent before an actor";
                mark_used(c, absorb, nabsorb);
                return 0;
            }
            /* "demanded that Japan scrap ...", "warned on Friday that ...":
             * the clause's subject (only time words before "that") */
            if (is(c, i, "that") && only_time_words(c, from, i))
                continue;
            /* "declined to join the coalition that the US is assembling",
             * "rejected the plan which Egypt drafted": a relative clause
             * right after the object noun whose subject is an actor; that
             * actor owns the object and is the target (not after a
             * comma: ", which Y controls" is background) */
            if ((is(c, i, "that") || is(c, i, "which")) && content &&
                i > from && (c->toks[i - 1].flags & DG_TOK_WORD) &&
                !(c->toks[i - 1].flags & DG_TOK_CAP) &&
                !nominal_blocked(c, i)) {
                size_t at = is(c, i + 1, "the") ? i + 2 : i + 1;
                if (is_mention_start(c, at) &&
                    !c->ments[c->ment_of[at]].location) {
                    size_t e = c->ments[c->ment_of[at]].end;
                    if (e < c->ntok &&
                        (in_list(c, e, DG_WL_AUXILIARIES) ||
                         participle_word(c, e)) &&
                        !obligation_at(c, e)) {
                        group_right(c, c->ment_of[at], g);
                        mark_used(c, absorb, nabsorb);
                        *why = relative_owner;
                        return 1;
                    }
                }
            }
            /* "warned of reprisals if Ukraine goes ahead": a threat
             * is addressed to the actor whose action it is conditional on */
            if (class_has(cls, DG_CF_COND) &&
                (is(c, i, "if") || is(c, i, "unless")))
                continue;
            /* "sent tanks and artillery to Y": coordinated nouns inside the
             * object, before its actor */
            if ((is(c, i, "and") || is(c, i, "or")) && object_word(c, i + 1))
                continue;
            if (in_list(c, i, DG_WL_COORDINATORS) ||
                in_list(c, i, DG_WL_SUBORDINATORS)) {
                *why = "the object phrase ends before an actor";
                mark_used(c, absorb, nabsorb);
                return 0;
            }
        }
        if (c->cue_of[i] >= 0 && c->cues[c->cue_of[i]].start == i) {
            const dg_cuematch *o = &c->cues[c->cue_of[i]];
            const dg_cue *oc = &c->lx->cues[o->cue];
            int infinitive = i > 0 && is(c, i - 1, "to");
            /* after an article, or right after the cue itself ("mobilized
             * relief teams"): a noun, not a second verb */
            int as_noun = (i > 0 && in_list(c, i - 1, DG_WL_DETERMINERS)) ||
                          i == from || noun_before(c, i);
            /* "X's request ... was rejected by Y": a participle after
             * "was" is the sentence's verb, not part of this object */
            int passive_verb = oc->pos == DG_POS_VERB && participle(c, o) &&
                               !infinitive && passive_aux(c, i) &&
                               !(i > 1 && is(c, i - 1, "be") &&
                                 is(c, i - 2, "to")); /* "to be sent" */
            if (oc->pos == DG_POS_VERB && !infinitive &&
                ((!as_noun && !participle(c, o)) || passive_verb)) {
                *why = "another verb cue starts before an actor";
                return 0;
            }
            /* "its reliance on Y" is the subject's own relation: part of
             * this object; "comply with sanctions against Y": the object
             * is a conflict of others, coded by its own cue */
            if ((oc->pos == DG_POS_NOUN || as_noun) &&
                !in_list(c, i - 1, DG_WL_OWN_PRONOUNS) && pol >= 0 &&
                class_has(oc->cls, DG_CF_OTHERS)) {
                *why = "the object is another relation, coded by its own cue";
                return 0;
            }
            if (infinitive && *inner < 0 && oc->pos == DG_POS_VERB)
                *inner = c->cue_of[i];
            absorb[nabsorb < 16 ? nabsorb++ : 15] = c->cue_of[i];
            i = o->end - 1;
        }
    }
    *why = end < limit && end < c->ntok ? "the rest is attribution"
                                        : "no actor after the cue";
    mark_used(c, absorb, nabsorb);
    return 0;
}

/* The first word of an aside between commas that the source search
 * skips: ", a body close to X,", ", which ...,", ", backed by X,", ",
 * citing pressure from X,", ", because of X,". */
static int aside_opener(const dg_sentence_ctx *c, size_t i)
{
    if (i >= c->ntok)
        return 0;
    const dg_token *t = &c->toks[i];
    if (in_list(c, i, DG_WL_ASIDE_OPENERS) ||
        in_list(c, i, DG_WL_SUBORDINATORS) || participle_word(c, i))
        return 1;
    return (t->flags & DG_TOK_WORD) && !(t->flags & DG_TOK_CAP) && t->len > 4 &&
           memcmp(c->s + t->start + t->len - 3, "ing", 3) == 0;
}

/* "the US ambassador to the UN", "Kenya's envoy at the AU": an actor
 * after "of", "to" or "at" that completes a head noun which an earlier
 * actor owns; the head's actor acts. Returns that actor's mention, or m
 * ("the president of France": no owner before the head). */
static int32_t owner_of_head(const dg_sentence_ctx *c, int32_t m)
{
    long j = (long)c->ments[m].start - 1;
    if (j >= 0 && is(c, (size_t)j, "the"))
        j--;
    if (j < 1 || !(is(c, (size_t)j, "of") || is(c, (size_t)j, "to") ||
                   is(c, (size_t)j, "at")))
        return m;
    for (long k = j - 1, words = 0; k >= 0 && words < 3; k--, words++) {
        const dg_token *t = &c->toks[k];
        if (t->flags & DG_TOK_POSS)
            k--; /* "Kenya 's envoy" */
        if (k >= 0 && c->ment_of[k] >= 0) {
            int32_t o = c->ment_of[k];
            return words > 0 && !c->ments[o].location ? o : m;
        }
        if (k < 0 || !(c->toks[k].flags & DG_TOK_WORD) || c->cue_of[k] >= 0 ||
            in_list(c, (size_t)k, DG_WL_DETERMINERS))
            return m;
    }
    return m;
}

/* "X's efforts to engage with A and strengthen ties with B": a base-form
 * verb cue right after `and`, with an infinitive ("to" + a lower-case
 * word that is no article or pronoun) after the sentence's subject, is a
 * second infinitive of the same controller, not a new clause of the
 * sentence's subject. The position of that "to", or -1. */
static long infinitive_to(const dg_sentence_ctx *c, size_t and, size_t cue)
{
    if (and+1 != cue || !is(c, and, "and") || c->cue_of[cue] < 0 ||
        c->cues[c->cue_of[cue]].start != cue ||
        c->cues[c->cue_of[cue]].verbform != 0 || c->subject < 0)
        return -1;
    for (size_t j = and; j-- > c->ments[c->subject].end;) {
        if (!is(c, j, "to") || j + 1 >= and || c->ment_of[j + 1] >= 0)
            continue;
        const dg_token *t = &c->toks[j + 1];
        unsigned char ch = (unsigned char)c->s[t->start];
        if (ch >= 'a' && ch <= 'z' && !in_list(c, j + 1, DG_WL_DETERMINERS) &&
            !in_list(c, j + 1, DG_WL_OWN_PRONOUNS) &&
            !in_list(c, j + 1, DG_WL_PRONOUNS))
            return (long)j;
    }
    return -1;
}

/* The nearest actor that is no place before token i, or -1. */
static int32_t actor_before(const dg_sentence_ctx *c, size_t i)
{
    while (i-- > 0)
        if (c->ment_of[i] >= 0 && !c->ments[c->ment_of[i]].location)
            return c->ment_of[i];
    return -1;
}

/* Nearest actor group before position i in the same clause, skipping
 * places ("in Washington") and asides. */
static int find_source(const dg_sentence_ctx *c, size_t before, group *g,
                       const char **why)
{
    long lo = (long)before - SOURCE_WINDOW;
    int32_t place = -1;
    for (long i = (long)before - 1; i >= 0 && i >= lo; i--) {
        /* i < before <= ntok: the token's own tests, unbounded */
        const dg_token *t = &c->toks[i];
        if (t->words & WL(CLAUSE_BREAKS))
            break;
        if (t->len == 1 && c->s[t->start] == ',') {
            /* skip ", a group close to X," and ", which ... ," */
            long p = i - 1;
            while (p >= 0 && !is(c, (size_t)p, ",") &&
                   !in_list(c, (size_t)p, DG_WL_CLAUSE_BREAKS))
                p--;
            if (p >= 0 && is(c, (size_t)p, ",") &&
                aside_opener(c, (size_t)p + 1)) {
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
        /* "X did A to Y, but was refusing B", "X did A to Y and then
         * did B": no subject after the coordinator, so the sentence's
         * subject acts */
        for (size_t k = c->ments[m].end;
             c->subject >= 0 && c->subject != m && k + 1 <= before; k++)
            if ((in_list(c, k, DG_WL_COORDINATORS) ||
                 (k + 1 == before &&
                  (is(c, k, "while") || is(c, k, "whilst")))) &&
                (k + 1 == before || in_list(c, k + 1, DG_WL_AUXILIARIES))) {
                long to = infinitive_to(c, k, before);
                int32_t ctl = to >= 0 ? actor_before(c, (size_t)to) : -1;
                if (ctl >= 0) {
                    group_left(c, owner_of_head(c, ctl), g);
                    return 1;
                }
                group_left(c, c->subject, g);
                return 2;
            }
        group_left(c, owner_of_head(c, m), g);
        return 1;
    }
    /* "Protesters in Seoul denounced Japan": people in a
     * country act as that country */
    if (place >= 0) {
        group_left(c, place, g);
        return 3;
    }
    *why = "no actor before the cue in its clause";
    return 0;
}

/* "X's [adj] cue": the possessor, within two words before the cue;
 * "Turkish strikes on", "EU sanctions against": an actor right before. */
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
            in_list(c, j, DG_WL_COORDINATORS) ||
            in_list(c, j, DG_WL_SUBORDINATORS))
            return 0;
    }
    return 0;
}

/* An obligation modal at i: "must", "should", "has to", "needs to",
 * "ought to". */
static int obligation_at(const dg_sentence_ctx *c, size_t i)
{
    /* "must" and "should" are auxiliaries; has, have, need(s), ought */
    if (i >= c->ntok || !(c->toks[i].words & (WL(AUXILIARIES) | WL(OBLIGED))))
        return 0;
    return is(c, i, "must") || is(c, i, "should") ||
           (is(c, i + 1, "to") && in_list(c, i, DG_WL_OBLIGED));
}

/* "Y must free ...", "Y has to withdraw", "Y should be ready to
 * mediate". */
static int obligation_before(const dg_sentence_ctx *c, size_t start)
{
    if (!c->obligation)
        return 0;
    for (int k = 1; k <= 4 && (long)start - k >= 0; k++) {
        size_t j = start - (size_t)k;
        if (obligation_at(c, j) ||
            (j > 0 && is(c, j, "to") && obligation_at(c, j - 1)))
            return 1;
        if (!(c->toks[j].flags & DG_TOK_WORD) || c->ment_of[j] >= 0)
            return 0;
    }
    return 0;
}

/* "X will do Y unless ...": a modal just before the cue and "unless"
 * later in its clause. */
static int conditional_after(const dg_sentence_ctx *c, size_t start,
                             size_t from)
{
    int modal = 0;
    if (!has_words(c, WL(MODALS)) || !has_words(c, WL(SUBORDINATORS)))
        return 0; /* no modal, or no "unless" */
    for (int k = 1; k <= 3 && (long)start - k >= 0; k++)
        if (in_list(c, start - (size_t)k, DG_WL_MODALS))
            modal = 1;
    if (!modal)
        return 0;
    for (size_t i = from; i < c->ntok && i < from + TARGET_WINDOW; i++) {
        if (in_list(c, i, DG_WL_CLAUSE_BREAKS))
            return 0;
        if (is(c, i, "unless"))
            return 1;
    }
    return 0;
}

/* A negator up to four words before the cue: 1, or 2 when it is an
 * explicit refusal ("refused to send troops"). "ruled out talks" negates
 * too. */
static int negated_before(const dg_sentence_ctx *c, size_t start)
{
    if (!has_words(c, WL(REFUSALS) | WL(NEGATORS) | WL(RULE_FORMS)))
        return 0;
    for (int k = 1; k <= 4 && (long)start - k >= 0; k++) {
        size_t j = start - (size_t)k;
        if (is(c, j + 1, "to") && in_list(c, j, DG_WL_REFUSALS))
            return 2;
        if (in_list(c, j, DG_WL_NEGATORS))
            return 1;
        if (j > 0 && is(c, j, "out") && in_list(c, j - 1, DG_WL_RULE_FORMS))
            return 2;
        if (!(c->toks[j].flags & DG_TOK_WORD) || c->ment_of[j] >= 0)
            return 0;
    }
    return 0;
}

/* "talks with Y are out of the question", "... is off the table": the
 * cue's clause goes on to rule it out. */
static int negated_after(const dg_sentence_ctx *c, size_t from)
{
    if (!c->rules_out)
        return 0;
    for (size_t i = from; i < c->ntok && i < from + 2 * TARGET_WINDOW; i++) {
        if (in_list(c, i, DG_WL_CLAUSE_BREAKS) || is(c, i, ",") ||
            is(c, i, "but") || in_list(c, i, DG_WL_SUBORDINATORS))
            return 0;
        /* another verb (not a noun after an article) starts a clause */
        if (i > from && c->cue_of[i] >= 0 && c->cues[c->cue_of[i]].start == i &&
            c->lx->cues[c->cues[c->cue_of[i]].cue].pos == DG_POS_VERB &&
            !in_list(c, i - 1, DG_WL_DETERMINERS))
            return 0;
        if (is(c, i, "out") && is(c, i + 1, "of") && is(c, i + 2, "the") &&
            is(c, i + 3, "question"))
            return 1;
        if (is(c, i, "off") && is(c, i + 1, "the") && is(c, i + 2, "table") &&
            i > 0 && in_list(c, i - 1, DG_WL_BE_FORMS))
            return 1;
        if (is(c, i, "ruled") && is(c, i + 1, "out") && i > 0 &&
            in_list(c, i - 1, DG_WL_BE_FORMS))
            return 1;
    }
    return 0;
}

static int diminished_before(const dg_sentence_ctx *c, size_t start)
{
    if (!has_words(c, WL(DIMINISHERS)))
        return 0;
    for (int k = 1; k <= 6 && (long)start - k >= 0; k++) {
        size_t j = start - (size_t)k;
        if (in_list(c, j, DG_WL_DIMINISHERS))
            return 1;
        if ((!(c->toks[j].flags & DG_TOK_WORD) && !is(c, j, "-")) ||
            c->ment_of[j] >= 0)
            return 0;
    }
    return 0;
}

static void explain_line(const dg_sentence_ctx *c, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* A line of --explain, formatted only when it is asked for (the
 * arguments are not even evaluated otherwise). */
#define explain(c, ...)                                                        \
    ((c)->explain ? explain_line((c), __VA_ARGS__) : (void)0)

static void explain_line(const dg_sentence_ctx *c, const char *fmt, ...)
{
    char line[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    (c->explain)(c->doc, c->sentence, line, c->explain_ud);
}

/* ---- the rule table ------------------------------------------------

 * Every coding rule is one entry of RULES, tried in this order for each
 * cue (the sentence rules run once after all cues):
 *   FILTER    drops the cue (it is no event of its own) and says why;
 *   MODIFIER  changes the cue's class, weight or negation, then goes on;
 *   ROLE      assigns source and target and emits the events; a role rule
 *             that does not apply lets the next one try;
 *   SENTENCE  reads the whole sentence after the cues.
 * Adding a rule is one line here and its function below
 * (docs/coding.md describes each). The name is what an event's "rule"
 * field and --explain show. */
#define RULES(X)                                                               \
    X(ABSORBED, "absorbed", FILTER)                                            \
    X(NEGATES_NEXT, "negates-next", FILTER)                                    \
    X(OBLIGATION, "obligation", FILTER)                                        \
    X(ATTRIBUTION, "attribution", FILTER)                                      \
    X(AGENTLESS_NOUN, "agentless-noun", FILTER)                                \
    X(COMPOUND_ADJECTIVE, "compound-adjective", FILTER)                        \
    X(BACKGROUND_CLAUSE, "background-clause", FILTER)                          \
    X(SUPPORT_VERB, "support-verb", FILTER)                                    \
    X(CONDITIONAL, "conditional", MODIFIER)                                    \
    X(NEGATION, "negation", MODIFIER)                                          \
    X(DIMINISHED, "diminished", MODIFIER)                                      \
    X(AGENT_AFTER, "agent-after", ROLE)                                        \
    X(BETWEEN, "between", ROLE)                                                \
    X(THIRD_PARTY, "third-party", ROLE)                                        \
    X(BETWEEN_UNPAIRED, "between-unpaired", FILTER)                            \
    X(PARTICIPLE_NOUN, "participle-noun", FILTER)                              \
    X(REDUCED_RELATIVE, "reduced-relative", FILTER)                            \
    X(PASSIVE, "passive", ROLE)                                                \
    X(POSSESSIVE, "possessive", ROLE)                                          \
    X(ELLIPSIS_SUBJECT, "ellipsis-subject", ROLE)                              \
    X(LOCATED_SUBJECT, "located-subject", ROLE)                                \
    X(SHARED_SUBJECT, "shared-subject", ROLE)                                  \
    X(ASKED_ACT, "asked-act", ROLE)                                            \
    X(EMBEDDED, "embedded", FILTER)                                            \
    X(SUBJECT, "subject", ROLE)                                                \
    X(PASSIVE_NOUN, "passive-noun", ROLE)                                      \
    X(NO_SOURCE, "no-source", FILTER)                                          \
    X(REACTION, "reaction", ROLE)                                              \
    X(COMPOUND, "compound", ROLE)                                              \
    X(NO_TARGET, "no-target", FILTER)                                          \
    X(MUST_CLAUSE, "must-clause", SENTENCE)                                    \
    X(TOGETHER, "together", SENTENCE)                                          \
    X(DOUBLE_OBJECT, "double-object", SENTENCE)

enum rule_id {
#define RULE_ENUM(id, name, kind) R_##id,
    RULES(RULE_ENUM)
#undef RULE_ENUM
        R_COUNT
};

static const char *const rule_names[R_COUNT] = {
#define RULE_NAME(id, name, kind) name,
    RULES(RULE_NAME)
#undef RULE_NAME
};

const char *dg_rule_name(int rule)
{
    return rule >= 0 && rule < R_COUNT ? rule_names[rule] : "";
}

enum rule_kind { FILTER, MODIFIER, ROLE, SENTENCE };
/* What a rule function returns: NEXT lets the following rules try; DONE
 * ends the cue (dropped or coded). */
enum { NEXT = 0, DONE = 1 };

/* Cues already coded in this sentence: who acted, on which span. */
typedef struct coded_span {
    group src;
    uint32_t tstart, tend;
    int cls;      /* the earlier cue's class as coded */
    int relative; /* the target is the subject of a relative clause */
} coded_span;

/* The events of one sentence being written. */
typedef struct coder {
    dg_coded *out;
    size_t n, cap;
    coded_span done[32];
    size_t ndone;
} coder;

/* Where the source of a cue was found (computed once per cue). */
enum {
    SRC_UNKNOWN = 0,
    SRC_NONE,
    SRC_POSSESSOR,
    SRC_SUBJECT,
    SRC_ELLIPSIS,
    SRC_LOCATED
};

/* One cue on its way through the rules. */
typedef struct cue_state {
    size_t ci;
    dg_cuematch *cm;
    const dg_cue *cue;
    int cls, weight, neg;
    int prep_ended;          /* the cue ends in "between" or "among" */
    int src_kind;            /* SRC_*, see source_of() */
    int embedded;            /* inside what an earlier cue demands or refuses */
    const group *shared;     /* the earlier cue's subject, when shared */
    const coded_span *asker; /* the earlier cue it is embedded in */
    int target_tried;        /* a role rule found the source but no target */
    int passive;             /* passive voice, -1 until passive_voice() */
    group src, tgt;
    const char *why, *twhy;
} cue_state;

static void emit(const dg_sentence_ctx *c, coder *k, const group *src,
                 const group *tgt, int32_t cue, int weight, int cls, int neg,
                 int mutual, int rule)
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
            for (size_t e = 0; e < k->n; e++)
                if (k->out[e].cue == cue && k->out[e].source == a &&
                    k->out[e].target == b)
                    dup = 1;
            if (dup || k->n >= k->cap)
                continue;
            dg_coded *o = &k->out[k->n];
            o->source = a;
            o->target = b;
            o->cue = cue;
            o->negated = neg;
            o->mutual = mutual;
            o->weight = weight;
            o->cls = cls;
            o->rule = rule;
            explain(c, "  event %s -> %s %s %+d by rule %s%s%s",
                    c->lx->actors[a].id, c->lx->actors[b].id,
                    dg_plover_classes[cls], weight, rule_names[rule],
                    mutual ? " (mutual)" : "", neg ? " (negated)" : "");
            k->n++;
        }
    }
}

/* The cue's events from st's source to tgt. */
static void emit_cue(const dg_sentence_ctx *c, coder *k, const cue_state *st,
                     const group *src, const group *tgt, int mutual, int rule)
{
    emit(c, k, src, tgt, (int32_t)st->ci, st->weight, st->cls, st->neg, mutual,
         rule);
}

/* "X did A to Y while doing B to Z": when the nearest actor before a cue
 * is the plain object of an earlier cue, the earlier cue's subject acts. */
static const group *shared_subject(const coder *k, const dg_sentence_ctx *c,
                                   const group *g, size_t cue_start,
                                   int *embedded, const coded_span **asker)
{
    *embedded = 0;
    *asker = NULL;
    for (size_t d = k->ndone; d-- > 0;) {
        const coded_span *sp = &k->done[d];
        if (!(g->start >= sp->tstart && g->end <= sp->tend) ||
            (g->end < c->ntok && (c->toks[g->end].flags & DG_TOK_POSS)))
            continue;
        /* "criticized the agreement that India signed with China": the
         * subject of the relative clause that named the owner acts in it */
        if (sp->relative)
            return NULL;
        /* a coordinated clause ("..., while distancing itself from")
         * shares the subject; otherwise the cue is part of what the
         * earlier cue asks, offers or refuses ("demanded that Serbia
         * end its blockade of Kosovo") */
        for (size_t i = g->end; i < cue_start; i++)
            if (in_list(c, i, DG_WL_CLAUSE_JOINERS)) {
                /* "... as the leaders of both sought to ...": the
                 * clause has a subject of its own that is no actor */
                if (i + 2 < cue_start &&
                    (is(c, i + 1, "the") || is(c, i + 1, "a") ||
                     is(c, i + 1, "an"))) {
                    *embedded = 1;
                    return NULL;
                }
                return &sp->src;
            }
        *embedded = 1;
        *asker = sp;
        return NULL;
    }
    return NULL;
}

/* Where the cue's source is: a possessor ("X's pivot", "Turkish
 * strikes"), else the nearest actor before it (find_source tells whether
 * through the sentence's subject or a place). Computed once per cue. */
static int source_of(const dg_sentence_ctx *c, cue_state *st, const coder *k)
{
    if (st->src_kind != SRC_UNKNOWN)
        return st->src_kind;
    if (find_possessor(c, st->cm->start, &st->src))
        return st->src_kind = SRC_POSSESSOR;
    switch (find_source(c, st->cm->start, &st->src, &st->why)) {
    case 0:
        return st->src_kind = SRC_NONE;
    case 2:
        return st->src_kind = SRC_ELLIPSIS;
    case 3:
        return st->src_kind = SRC_LOCATED;
    default:
        st->shared = shared_subject(k, c, &st->src, st->cm->start,
                                    &st->embedded, &st->asker);
        return st->src_kind = SRC_SUBJECT;
    }
}

/* The actor a complaint addressed to tgt is about ("to X about Y's
 * strikes", "to X over Israeli raids"): replaces tgt when found in the
 * same clause. */
static void about_actor(const dg_sentence_ctx *c, group *tgt)
{
    size_t i = tgt->end;
    if (!in_list(c, i, DG_WL_ABOUT_WORDS))
        return;
    for (size_t k = i + 1; k < c->ntok && k <= i + 5; k++) {
        if (in_list(c, k, DG_WL_CLAUSE_BREAKS) || is(c, k, ",") ||
            in_list(c, k, DG_WL_SUBORDINATORS))
            return;
        if (is_mention_start(c, k) && !c->ments[c->ment_of[k]].location) {
            group_right(c, c->ment_of[k], tgt);
            return;
        }
    }
}

/* Source found: look for the target in the cue's object and code the
 * events. NEXT when there is no target (st->twhy says why). */
static int code_object(const dg_sentence_ctx *c, cue_state *st, coder *k,
                       int rule)
{
    group *src = &st->src, *tgt = &st->tgt;
    /* a noun cue, or a verb cue used as a noun ("a naval blockade") */
    size_t s0 = st->cm->start;
    for (int m = 0; m < 2 && s0 > 1 && plain_word(c, s0 - 1); m++)
        s0--;
    int nominal = st->cue->pos == DG_POS_NOUN ||
                  (s0 > 0 && (in_list(c, s0 - 1, DG_WL_DETERMINERS) ||
                              in_list(c, s0 - 1, DG_WL_OWN_PRONOUNS)));
    int32_t inner;
    /* a frame whose slot holds the target ("accused X of"): the search
     * starts in the slot, else after the cue's last word */
    size_t tfrom = st->cue->target_slot && st->cm->slot_end > st->cm->slot_start
                       ? st->cm->slot_start
                       : st->cm->end;
    int found = find_target(c, tfrom, st->cls, class_polarity(st->cue->cls),
                            nominal, src, tgt, &inner, &st->twhy);
    /* "seized the Russian assets of German companies", "demanded the
     * release of a Polish journalist held by Belarus": the source's own
     * people or property, named by its demonym, are not the target; the
     * object goes on */
    for (int r = 0;
         found && r < 2 && tgt->n == 1 && group_has(src, tgt->actor[0]) &&
         c->ment_of[tgt->start] >= 0 &&
         c->ments[c->ment_of[tgt->start]].alias == DG_ALIAS_DEMONYM &&
         tgt->end < c->ntok && (c->toks[tgt->end].flags & DG_TOK_WORD);
         r++) {
        group again;
        int32_t inner2;
        if (!find_target(c, tgt->end, st->cls, class_polarity(st->cue->cls), 1,
                         src, &again, &inner2, &st->twhy) ||
            c->ments[c->ment_of[again.start]].location)
            break; /* "condemned French jihadists fighting in Syria" */
        explain(c, "  the source's own %s in the object: target further on",
                c->lx->actors[tgt->actor[0]].id);
        *tgt = again;
        if (inner < 0)
            inner = inner2;
    }
    if (!found) {
        st->target_tried = 1;
        return NEXT;
    }
    /* "urged the world to condemn Y": with no actor asked, the request
     * states the source's own stance on Y, which the requested act
     * gives ("urged X to condemn Y" asks X: REQUEST to X) */
    if (inner >= 0 && class_has(st->cls, DG_CF_ASKS) &&
        c->cues[inner].start > st->cm->end + 1) { /* not "sought to" */
        const dg_cue *ic = &c->lx->cues[c->cues[inner].cue];
        if (class_polarity(ic->cls) != 0) {
            st->cls = ic->cls;
            st->weight = ic->weight;
            explain(c, "  asks others to act on the target: coded %s %+d",
                    dg_plover_classes[st->cls], st->weight);
        }
    }
    /* "protested to X about Y's strikes": the protest is against Y */
    size_t before_tgt = tgt->start;
    if (before_tgt > 0 && is(c, before_tgt - 1, "the"))
        before_tgt--;
    if (class_has(st->cls, DG_CF_ABOUT) && before_tgt > 0 &&
        is(c, before_tgt - 1, "to"))
        about_actor(c, tgt);
    /* nominal cues inside this cue's object are part of it */
    for (size_t j = st->ci + 1; j < c->ncue; j++)
        if (c->cues[j].start < tgt->start)
            c->cues[j].used = 1;
    /* "X and Y's relations with each other" style self-overlap */
    if (tgt->n == 1 && group_has(src, tgt->actor[0]) && src->n == 1) {
        explain(c, "  dropped: source and target are the same actor");
        return DONE;
    }
    /* "rejected a Chinese ultimatum": the cue after the target is the
     * head of this cue's object */
    if (st->twhy != relative_owner &&
        c->cue_of[tgt->end < c->ntok ? tgt->end : 0] >= 0 &&
        tgt->end < c->ntok && c->cues[c->cue_of[tgt->end]].start == tgt->end)
        c->cues[c->cue_of[tgt->end]].used = 1;
    if (k->ndone < sizeof k->done / sizeof k->done[0]) {
        k->done[k->ndone].src = *src;
        k->done[k->ndone].tstart = tgt->start;
        k->done[k->ndone].tend = tgt->end;
        k->done[k->ndone].cls = st->cls;
        k->done[k->ndone].relative = st->twhy == relative_owner;
        k->ndone++;
    }
    emit_cue(c, k, st, src, tgt, st->cue->mutual, rule);
    return DONE;
}

/* ---- filters before any role --------------------------------------- */

/* Passed over inside an earlier cue's object ("would not accept calls to
 * free the detainees" is one refusal). */
static int rule_ABSORBED(const dg_sentence_ctx *c, cue_state *st, coder *k)
{
    (void)k;
    if (!st->cm->used)
        return NEXT;
    explain(c, "  dropped: part of an earlier cue's object");
    return DONE;
}

/* "refused to condemn Russia": the refusal negates the next cue, which is
 * coded (as negated) in its turn. */
static int rule_NEGATES_NEXT(const dg_sentence_ctx *c, cue_state *st, coder *k)
{
    (void)k;
    const dg_cuematch *cm = st->cm;
    if (!(in_list(c, cm->start, DG_WL_NEGATORS) && is(c, cm->end, "to") &&
          cm->end + 1 < c->ntok && c->cue_of[cm->end + 1] >= 0 &&
          c->cues[c->cue_of[cm->end + 1]].start == cm->end + 1))
        return NEXT;
    explain(c, "  negates the cue that follows");
    return DONE;
}

/* "Belarus must free ...": what someone demands, not an event. */
static int rule_OBLIGATION(const dg_sentence_ctx *c, cue_state *st, coder *k)
{
    (void)k;
    if (!obligation_before(c, st->cm->start))
        return NEXT;
    explain(c, "  dropped: an obligation (\"must ...\"), not an event");
    return DONE;
}

/* ", a ministry spokesman said on Friday." */
static int rule_ATTRIBUTION(const dg_sentence_ctx *c, cue_state *st, coder *k)
{
    (void)k;
    if (st->cm->start < c->attribution)
        return NEXT;
    explain(c, "  dropped: inside the attribution (\"..., X said\")");
    return DONE;
}

/* A lower-case word that is no actor, cue, number or function word. */
static int plain_word(const dg_sentence_ctx *c, size_t i)
{
    const dg_token *t = &c->toks[i];
    if (!(t->flags & DG_TOK_WORD) || (t->flags & (DG_TOK_CAP | DG_TOK_POSS)) ||
        c->ment_of[i] >= 0 || c->cue_of[i] >= 0)
        return 0;
    const char *w = c->s + t->start;
    return w[0] >= 'a' && w[0] <= 'z' && !in_list(c, i, DG_WL_DETERMINERS) &&
           !in_list(c, i, DG_WL_AUXILIARIES) &&
           !in_list(c, i, DG_WL_PRONOUNS) && !in_list(c, i, DG_WL_OWN_PRONOUNS);
}

/* "the attack on": no actor as its agent in the sentence. After a
 * support verb ("launched an attack on") the verb's subject is the agent
 * and the cue is coded. */
static int rule_AGENTLESS_NOUN(const dg_sentence_ctx *c, cue_state *st,
                               coder *k)
{
    (void)k;
    size_t s = st->cm->start;
    /* "the arson attack on": plain words between article and cue */
    if (st->cue->pos == DG_POS_NOUN)
        for (int m = 0;
             m < 2 && s > 1 && plain_word(c, s - 1) &&
             (in_list(c, s - 2, DG_WL_DETERMINERS) || plain_word(c, s - 2));
             m++)
            s--;
    if (!(s > 0 && in_list(c, s - 1, DG_WL_DETERMINERS) && !st->prep_ended &&
          !(is(c, s - 1, "of") && st->cue->pos == DG_POS_NOUN)))
        return NEXT;
    if (s > 1 && !is(c, s - 1, "of") &&
        (in_list(c, s - 2, DG_WL_LIGHT_VERBS) ||
         in_list(c, s - 2, DG_WL_DIMINISHERS)))
        return NEXT;
    explain(c, "  dropped: a noun with no actor as its agent "
               "(\"the attack on\")");
    return DONE;
}

/* "Russian-backed separatists". */
static int rule_COMPOUND_ADJECTIVE(const dg_sentence_ctx *c, cue_state *st,
                                   coder *k)
{
    (void)k;
    if (!(st->cm->start > 0 && is(c, st->cm->start - 1, "-")))
        return NEXT;
    explain(c, "  dropped: a compound adjective (\"X-backed\"), "
               "not a relation between actors");
    return DONE;
}

/* A cue that is only a support verb before the noun cue that names the
 * act: "ordered the expulsion of", "approved the sale of radars to",
 * "announced the suspension of": the noun cue is coded, with the verb's
 * subject as its agent (see light_verbs and rule_AGENTLESS_NOUN). */
static int rule_SUPPORT_VERB(const dg_sentence_ctx *c, cue_state *st, coder *k)
{
    (void)k;
    const dg_cuematch *cm = st->cm;
    size_t i = cm->end;
    if (!has_words(c, WL(LIGHT_VERBS)) || st->cue->pos != DG_POS_VERB ||
        cm->end != cm->start + 1 || !in_list(c, cm->start, DG_WL_LIGHT_VERBS) ||
        !(in_list(c, i, DG_WL_DETERMINERS) ||
          in_list(c, i, DG_WL_OWN_PRONOUNS)) ||
        is(c, i, "of"))
        return NEXT;
    i++;
    for (int m = 0; m < 2 && i < c->ntok && plain_word(c, i); m++)
        i++;
    if (!(i < c->ntok && c->cue_of[i] >= 0 &&
          c->cues[c->cue_of[i]].start == i &&
          c->lx->cues[c->cues[c->cue_of[i]].cue].pos == DG_POS_NOUN))
        return NEXT;
    explain(c, "  dropped: a support verb; the noun cue after it is the act");
    return DONE;
}

/* ", which has troops in X,", ", whose president visited X,", ", citing
 * threats from X": a non-restrictive relative clause or a cited reason
 * between commas (or to the end of the sentence) is background to the
 * sentence's report, not an event of it. */
static int rule_BACKGROUND_CLAUSE(const dg_sentence_ctx *c, cue_state *st,
                                  coder *k)
{
    (void)k;
    if (!has_words(c, WL(BACKGROUND_OPENERS)))
        return NEXT;
    for (long i = (long)st->cm->start - 1; i >= 1; i--) {
        if (!(c->toks[i].flags & DG_TOK_WORD)) {
            if (in_list(c, (size_t)i, DG_WL_CLAUSE_BREAKS) ||
                is(c, (size_t)i, ","))
                return NEXT;
            continue;
        }
        if (is(c, (size_t)i - 1, ",") &&
            in_list(c, (size_t)i, DG_WL_BACKGROUND_OPENERS)) {
            explain(c, "  dropped: inside a relative clause or cited reason "
                       "(\", which ...\"), background to the report");
            return DONE;
        }
    }
    return NEXT;
}

/* ---- modifiers ----------------------------------------------------- */

/* "would recall its envoy from Togo unless ...": a threat. */
static int rule_CONDITIONAL(const dg_sentence_ctx *c, cue_state *st, coder *k)
{
    (void)k;
    if (conditional_after(c, st->cm->start, st->cm->end) &&
        st->cls != DG_CLS_THREATEN) {
        st->cls = DG_CLS_THREATEN;
        st->weight = st->weight < -4 ? st->weight : -4;
        explain(c, "  conditional (\"unless\"): coded THREATEN %+d",
                st->weight);
    }
    return NEXT;
}

/* A negator before the cue, or "out of the question" after it: a negated
 * cooperation ("refused to provide aid", "would not accept calls") is a
 * rejection, an event of its own, and so is an explicit refusal of a
 * class marked DG_CF_REFUSE ("declined to deploy forces to Y"); any other
 * negated conflict is kept as negated. */
static int rule_NEGATION(const dg_sentence_ctx *c, cue_state *st, coder *k)
{
    (void)k;
    int neg = negated_before(c, st->cm->start);
    if (!neg && negated_after(c, st->cm->end))
        neg = 1;
    st->neg = neg != 0;
    if (neg && (class_polarity(st->cls) > 0 ||
                (neg == 2 && class_has(st->cls, DG_CF_REFUSE)))) {
        st->cls = DG_CLS_REJECT;
        st->weight = st->weight > 4 ? -st->weight / 2 : -2;
        st->neg = 0;
        explain(c, "  negated cooperation: coded REJECT %+d", st->weight);
    }
    return NEXT;
}

/* "reduce its dependence on Y": cooperation diminished is a rejection,
 * conflict diminished a retreat. */
static int rule_DIMINISHED(const dg_sentence_ctx *c, cue_state *st, coder *k)
{
    (void)k;
    if (!(st->cue->pos == DG_POS_NOUN && diminished_before(c, st->cm->start)))
        return NEXT;
    int pol = class_polarity(st->cls);
    if (pol > 0) {
        st->cls = DG_CLS_REJECT;
        st->weight = st->weight > 3 ? -st->weight + 1 : -3;
    } else if (pol < 0) {
        st->cls = DG_CLS_RETREAT;
        st->weight = -st->weight / 2 > 1 ? -st->weight / 2 : 1;
    }
    explain(c, "  a diminishing word before it: coded %s %+d",
            dg_plover_classes[st->cls], st->weight);
    return NEXT;
}

/* ---- roles --------------------------------------------------------- */

/* "faced pressure from Canada": the actor after the cue acts on the
 * subject or possessor before it. */
static int rule_AGENT_AFTER(const dg_sentence_ctx *c, cue_state *st, coder *k)
{
    if (!st->cue->agent_after)
        return NEXT;
    size_t at = st->cm->end;
    if (is(c, at, "the"))
        at++;
    if (is_mention_start(c, at)) {
        group_right(c, c->ment_of[at], &st->src);
        if (find_possessor(c, st->cm->start, &st->tgt) ||
            find_source(c, st->cm->start, &st->tgt, &st->why)) {
            emit_cue(c, k, st, &st->src, &st->tgt, 0, R_AGENT_AFTER);
            return DONE;
        }
    }
    explain(c, "  dropped: no actor on both sides of \"%s\"", st->cue->phrase);
    return DONE;
}

/* The actors right after a cue ending in "between": "between (the) X and
 * Y". */
static int between_pair(const dg_sentence_ctx *c, const cue_state *st, group *g)
{
    size_t e = st->cm->end;
    if (!st->prep_ended)
        return 0;
    size_t at = is_mention_start(c, e) ? e : e + 1;
    if (!(is_mention_start(c, e) ||
          (is(c, e, "the") && is_mention_start(c, at))))
        return 0;
    group_right(c, c->ment_of[at], g);
    return 1;
}

/* "tensions between X and Y": a mutual pair. */
static int rule_BETWEEN(const dg_sentence_ctx *c, cue_state *st, coder *k)
{
    if (!(st->prep_ended && st->cue->mutual && between_pair(c, st, &st->tgt) &&
          st->tgt.n >= 2))
        return NEXT;
    emit_cue(c, k, st, &st->tgt, &st->tgt, 1, R_BETWEEN);
    return DONE;
}

/* "Z mediated between X and Y" (a cue that is not mutual): Z -> X, Z -> Y. */
static int rule_THIRD_PARTY(const dg_sentence_ctx *c, cue_state *st, coder *k)
{
    if (!(st->prep_ended && !st->cue->mutual && between_pair(c, st, &st->tgt) &&
          st->tgt.n >= 1 &&
          (find_possessor(c, st->cm->start, &st->src) ||
           find_source(c, st->cm->start, &st->src, &st->why))))
        return NEXT;
    emit_cue(c, k, st, &st->src, &st->tgt, 0, R_THIRD_PARTY);
    return DONE;
}

static int rule_BETWEEN_UNPAIRED(const dg_sentence_ctx *c, cue_state *st,
                                 coder *k)
{
    (void)k;
    if (!st->prep_ended)
        return NEXT;
    explain(c, "  dropped: no pair of actors after \"between\"");
    return DONE;
}

/* A participle with a be-auxiliary before it or "by" after it. */
static int passive_voice(const dg_sentence_ctx *c, cue_state *st)
{
    if (st->passive >= 0)
        return st->passive;
    const dg_cuematch *cm = st->cm;
    st->passive = 0;
    if (st->cue->pos != DG_POS_VERB || !participle(c, cm))
        return 0;
    int by_follows = is(c, cm->end, "by");
    if (!by_follows && in_list(c, cm->end - 1, DG_WL_STATIVE_PARTICIPLES) &&
        is(c, cm->end, "to"))
        return 0;
    if (!by_follows && is(c, cm->end - 1, "to") &&
        in_list(c, cm->end - 2, DG_WL_STATIVE_PARTICIPLES))
        return 0;
    return st->passive = passive_aux(c, cm->start) || by_follows;
}

/* "traders expelled from Ghana": a participle after a noun that
 * is no actor, followed by a preposition, describes that noun; it is not
 * the sentence's verb. */
static int rule_PARTICIPLE_NOUN(const dg_sentence_ctx *c, cue_state *st,
                                coder *k)
{
    (void)k;
    const dg_cuematch *cm = st->cm;
    /* the cheap tests first */
    if (!(has_words(c, WL(REDUCED_PREPS)) && st->cue->pos == DG_POS_VERB &&
          cm->start > 1 && c->ment_of[cm->start - 1] < 0 &&
          c->ment_of[cm->start - 2] < 0 &&
          (c->toks[cm->start - 1].flags & DG_TOK_WORD) &&
          in_list(c, cm->end, DG_WL_REDUCED_PREPS) &&
          !in_list(c, cm->end + 1, DG_WL_TIME_NOUNS) && participle(c, cm) &&
          !passive_aux(c, cm->start) && !passive_voice(c, st)))
        return NEXT;
    explain(c, "  dropped: a participle describing a noun (\"traders "
               "expelled from X\"), not the verb of an actor");
    return DONE;
}

/* "the islands, claimed by X and Y": a reduced relative; the patient is
 * the noun just before, if it is an actor. */
static int rule_REDUCED_RELATIVE(const dg_sentence_ctx *c, cue_state *st,
                                 coder *k)
{
    (void)k;
    if (!passive_voice(c, st) || passive_aux(c, st->cm->start))
        return NEXT;
    size_t j = st->cm->start;
    if (j > 0 && is(c, j - 1, ","))
        j--;
    if (j > 0 && c->ment_of[j - 1] >= 0)
        return NEXT;
    explain(c, "  dropped: a participle (\"disputed by X\") "
               "describing something that is not an actor");
    return DONE;
}

/* "X was condemned by Y": Y -> X. */
static int rule_PASSIVE(const dg_sentence_ctx *c, cue_state *st, coder *k)
{
    if (!passive_voice(c, st))
        return NEXT;
    const dg_cuematch *cm = st->cm;
    /* the agent follows "by" */
    int have_agent = 0;
    for (size_t j = cm->end; j < c->ntok && j < cm->end + TARGET_WINDOW; j++) {
        if (is(c, j, "by")) {
            size_t at = j + 1;
            if (is(c, at, "the"))
                at++;
            if (is_mention_start(c, at)) {
                group_right(c, c->ment_of[at], &st->src);
                have_agent = 1;
            }
            break;
        }
        if (in_list(c, j, DG_WL_CLAUSE_BREAKS) || is(c, j, ","))
            break;
    }
    if (!have_agent) {
        explain(c, "  dropped: passive voice without an actor after "
                   "\"by\"");
        return DONE;
    }
    if (!find_source(c, cm->start, &st->tgt, &st->why)) {
        /* "Loans were granted to Y by X", "troops were deployed to the
         * border with Y by X": the patient is no actor; the actor in
         * the verb's object (before "by") is the target */
        int32_t inner;
        const char *twhy;
        group t;
        if (find_target(c, cm->end, st->cls, class_polarity(st->cue->cls), 0,
                        &st->src, &t, &inner, &twhy) &&
            !group_has(&st->src, t.actor[0]) && t.start < st->src.start) {
            emit_cue(c, k, st, &st->src, &t, 0, R_PASSIVE);
            return DONE;
        }
        explain(c, "  dropped: passive voice, %s", st->why);
        return DONE;
    }
    emit_cue(c, k, st, &st->src, &st->tgt, 0, R_PASSIVE);
    return DONE;
}

/* "Armenia's pivot away from Russia", "Turkish strikes on Iraq". */
static int rule_POSSESSIVE(const dg_sentence_ctx *c, cue_state *st, coder *k)
{
    if (source_of(c, st, k) != SRC_POSSESSOR)
        return NEXT;
    return code_object(c, st, k, R_POSSESSIVE);
}

/* "X did A to Y, but was refusing B to Z": no subject after the
 * coordinator, so the sentence's subject acts. */
static int rule_ELLIPSIS_SUBJECT(const dg_sentence_ctx *c, cue_state *st,
                                 coder *k)
{
    if (source_of(c, st, k) != SRC_ELLIPSIS)
        return NEXT;
    return code_object(c, st, k, R_ELLIPSIS_SUBJECT);
}

/* "Officials in Kyiv accused Moscow": people in a country act as it. */
static int rule_LOCATED_SUBJECT(const dg_sentence_ctx *c, cue_state *st,
                                coder *k)
{
    if (source_of(c, st, k) != SRC_LOCATED)
        return NEXT;
    return code_object(c, st, k, R_LOCATED_SUBJECT);
}

/* "X did A to Y while doing B to Z": X -> Z. */
static int rule_SHARED_SUBJECT(const dg_sentence_ctx *c, cue_state *st,
                               coder *k)
{
    if (source_of(c, st, k) != SRC_SUBJECT || !st->shared)
        return NEXT;
    st->src = *st->shared;
    return code_object(c, st, k, R_SHARED_SUBJECT);
}

/* "urged X to condemn Y": besides the request to X, the act asked for
 * is the asker's own stance on Y (DISAPPROVE asker -> Y); the infinitive
 * follows the addressee directly. A joint act ("to hold talks with Y",
 * the DG_CF_SYM classes) relates X and Y, not the asker. */
static int rule_ASKED_ACT(const dg_sentence_ctx *c, cue_state *st, coder *k)
{
    if (source_of(c, st, k) != SRC_SUBJECT || !st->embedded || !st->asker ||
        !class_has(st->asker->cls, DG_CF_ASKS) ||
        class_has(st->cls, DG_CF_SYM) || st->cue->pos != DG_POS_VERB ||
        st->cm->start < 1 || !is(c, st->cm->start - 1, "to") ||
        st->asker->tend + 1 != st->cm->start)
        return NEXT;
    st->src = st->asker->src;
    return code_object(c, st, k, R_ASKED_ACT);
}

/* "demanded that Serbia end its blockade of Kosovo": part of
 * what the earlier cue asks, not an event of its own. */
static int rule_EMBEDDED(const dg_sentence_ctx *c, cue_state *st, coder *k)
{
    if (source_of(c, st, k) != SRC_SUBJECT || !st->embedded)
        return NEXT;
    if (!st->asker)
        explain(c, "  dropped: a clause whose subject is no actor "
                   "(\"while the ministers sought ...\")");
    else
        explain(c, "  dropped: part of what an earlier cue demands, "
                   "offers or refuses, not an event of its own");
    return DONE;
}

/* The nearest actor (group) before the cue in its clause -> the first
 * actor (group) in its object. */
static int rule_SUBJECT(const dg_sentence_ctx *c, cue_state *st, coder *k)
{
    if (source_of(c, st, k) != SRC_SUBJECT || st->target_tried)
        return NEXT;
    return code_object(c, st, k, R_SUBJECT);
}

/* "Sanctions were imposed on Y by X", "Aid was sent to Y by X": a noun
 * cue with no actor before it, whose clause goes on in the passive with
 * an agent after "by": X -> the actor in the object. */
static int rule_PASSIVE_NOUN(const dg_sentence_ctx *c, cue_state *st, coder *k)
{
    const dg_cuematch *cm = st->cm;
    if (source_of(c, st, k) != SRC_NONE || /* a noun, even if a verb cue */
        !(in_list(c, cm->end, DG_WL_BE_FORMS) ||
          ((is(c, cm->end, "has") || is(c, cm->end, "have") ||
            is(c, cm->end, "had")) &&
           is(c, cm->end + 1, "been"))))
        return NEXT;
    size_t v = cm->end + 1;
    if (in_list(c, v, DG_WL_BE_FORMS)) /* "have been", "are being" */
        v++;
    if (!participle_word(c, v))
        return NEXT;
    group agent, t;
    int have_agent = 0;
    for (size_t j = v + 1; j < c->ntok && j < v + TARGET_WINDOW; j++) {
        if (in_list(c, j, DG_WL_CLAUSE_BREAKS) || is(c, j, ","))
            break;
        if (is(c, j, "by")) {
            size_t at = is(c, j + 1, "the") ? j + 2 : j + 1;
            if (is_mention_start(c, at)) {
                group_right(c, c->ment_of[at], &agent);
                have_agent = 1;
            }
            break;
        }
    }
    int32_t inner;
    const char *twhy;
    if (!have_agent ||
        !find_target(c, v + 1, st->cls, class_polarity(st->cue->cls), 0, &agent,
                     &t, &inner, &twhy) ||
        t.start > agent.start)
        return NEXT;
    /* the passive verb is this event's verb, not another event */
    if (c->cue_of[v] >= 0 && c->cues[c->cue_of[v]].start == v)
        c->cues[c->cue_of[v]].used = 1;
    emit_cue(c, k, st, &agent, &t, 0, R_PASSIVE_NOUN);
    return DONE;
}

static int rule_NO_SOURCE(const dg_sentence_ctx *c, cue_state *st, coder *k)
{
    if (source_of(c, st, k) != SRC_NONE)
        return NEXT;
    explain(c, "  dropped: %s", st->why);
    return DONE;
}

/* "Pakistan put its air force on alert after India threatened ...",
 * "farmers protested after Brussels cut subsidies": a reaction
 * (DG_CF_REACTS) with no actor in its object is aimed at the subject of
 * the clause of time or cause that follows it ("after", "following",
 * "because", "as", "when", "since"; "in response to"), or at the
 * possessor there ("after India's threats"). */
static int rule_REACTION(const dg_sentence_ctx *c, cue_state *st, coder *k)
{
    if (!st->target_tried || !class_has(st->cls, DG_CF_REACTS) || st->src.n < 1)
        return NEXT;
    size_t end = c->ntok < c->attribution ? c->ntok : c->attribution;
    for (size_t i = st->cm->end; i < end && i < st->cm->end + TARGET_WINDOW;
         i++) {
        if (c->ment_of[i] >= 0 || in_list(c, i, DG_WL_CLAUSE_BREAKS) ||
            is(c, i, ",") || in_list(c, i, DG_WL_COORDINATORS))
            return NEXT;
        size_t at;
        if (in_list(c, i, DG_WL_REACTION_OPENERS))
            at = i + 1;
        else if (is(c, i, "in") && is(c, i + 1, "response") &&
                 is(c, i + 2, "to"))
            at = i + 3;
        else
            continue;
        if (is(c, at, "the"))
            at++;
        if (!is_mention_start(c, at) || c->ments[c->ment_of[at]].location)
            return NEXT;
        group_right(c, c->ment_of[at], &st->tgt);
        if (group_has(&st->src, st->tgt.actor[0]))
            return NEXT;
        emit_cue(c, k, st, &st->src, &st->tgt, 0, R_REACTION);
        return DONE;
    }
    return NEXT;
}

/* "X and Y expelled each other's diplomats", "X and Y accused one
 * another": an object that is the pair itself makes a compound subject a
 * mutual pair for any class ("X and Y mobilized together" is a joint act:
 * rule together). ("their
 * ..." does not: "X and Y reaffirmed their support" is aimed at no one in
 * particular; for the DG_CF_SYM classes the pair is mutual anyway.) */
static int reciprocal_object(const dg_sentence_ctx *c, const cue_state *st)
{
    size_t i = st->cm->end;
    return (is(c, i, "each") || is(c, i, "one")) &&
           (is(c, i + 1, "other") || is(c, i + 1, "another") ||
            is(c, i + 1, "other's") || is(c, i + 1, "another's"));
}

/* "X and Y agreed" with no object: a mutual pair, for the classes marked
 * DG_CF_SYM and mutual cues. */
static int rule_COMPOUND(const dg_sentence_ctx *c, cue_state *st, coder *k)
{
    if (!(st->target_tried && st->src.n >= 2 &&
          (st->cue->mutual || class_has(st->cls, DG_CF_SYM) ||
           reciprocal_object(c, st))))
        return NEXT;
    /* "X and Y agreed to a truce after days of fighting": a noun cue
     * far from the pair ("fighting", "clashes", "visit") is no act of
     * theirs; a noun right after them is ("X and Y held talks") */
    size_t s0 = st->cm->start;
    int nominal = st->cue->pos == DG_POS_NOUN || noun_before(c, s0);
    for (int m = 0; m < 2 && s0 > 1 && plain_word(c, s0 - 1); m++)
        s0--;
    nominal = nominal || (s0 > 0 && (in_list(c, s0 - 1, DG_WL_DETERMINERS) ||
                                     in_list(c, s0 - 1, DG_WL_OWN_PRONOUNS) ||
                                     (c->toks[s0 - 1].flags & DG_TOK_POSS)));
    if (nominal && st->cm->start > st->src.end + 3)
        return NEXT;
    emit_cue(c, k, st, &st->src, &st->src, 1, R_COMPOUND);
    return DONE;
}

static int rule_NO_TARGET(const dg_sentence_ctx *c, cue_state *st, coder *k)
{
    (void)k;
    if (!st->target_tried)
        return NEXT;
    explain(c, "  dropped: source %s but %s",
            c->lx->actors[st->src.actor[0]].id, st->twhy);
    return DONE;
}

/* ---- sentence rules ------------------------------------------------ */

/* Where a trailing attribution starts (", a ministry spokesman said on
 * Friday.", "according to the Kyodo news agency"), or ntok. */
static size_t find_attribution(const dg_sentence_ctx *c)
{
    /* "According to X, ..." at the start names the source of the whole
     * sentence and ends at its comma: it is no trailing attribution
     * (c->according: the first "according to" after the first token) */
    size_t i = c->according;
    if (i)
        return is(c, i - 1, ",") ? i - 1 : i;
    if (!has_words(c, WL(SPEECH_VERBS)))
        return c->ntok; /* no speech verb after any comma */
    /* the last comma, if it is among the last 14 tokens and a speech
     * verb follows it */
    uint64_t after = 0; /* the word lists of the tokens after i */
    for (i = c->ntok; i-- > 0 && c->ntok - i <= 14;) {
        const dg_token *t = &c->toks[i];
        if (t->len == 1 && c->s[t->start] == ',')
            return after & WL(SPEECH_VERBS) ? i : c->ntok;
        after |= t->words;
    }
    return c->ntok;
}

/* "X said (that) Y must / should / has to ...": X demands something of
 * Y. */
static int rule_MUST_CLAUSE(const dg_sentence_ctx *c, cue_state *st, coder *k)
{
    (void)st;
    /* it needs a speech verb and an obligation */
    if (!has_words(c, WL(ASSERTION_VERBS)) || !c->obligation)
        return DONE;
    for (size_t mi = 0; mi < c->nment; mi++) {
        const dg_mention *y = &c->ments[mi];
        size_t after = y->end;
        /* "Russian and Belarusian troops must": one noun after the actor */
        if (after < c->ntok && !obligation_at(c, after) &&
            (c->toks[after].flags & DG_TOK_WORD) && c->ment_of[after] < 0)
            after++;
        if (!obligation_at(c, after) || y->location)
            continue;
        /* a speech verb before Y, and an actor before that */
        long v = -1;
        for (long i = (long)y->start - 1; i >= 0 && i >= (long)y->start - 8; i--)
            if (in_list(c, (size_t)i, DG_WL_ASSERTION_VERBS)) {
                v = i;
                break;
            }
        if (v < 0)
            continue;
        group src, tgt;
        const char *why;
        if (!find_source(c, (size_t)v, &src, &why))
            continue;
        int32_t m = (int32_t)mi;
        while (m > 0 && c->ments[m - 1].end + 1 >= c->ments[m].start &&
               c->ments[m - 1].start > (uint32_t)v)
            m--; /* the whole "Russian and Belarusian" group */
        group_right(c, m, &tgt);
        explain(c, " clause \"... said %s must\"", c->lx->actors[y->actor].id);
        emit(c, k, &src, &tgt, -1, -3, DG_CLS_DEMAND, 0, 0, R_MUST_CLAUSE);
    }
    return DONE;
}

/* "X and Y worked together", "Soviet and Cuban scientists will train
 * together": a compound subject acting together cooperates, whatever the
 * verb (COOPERATE between each pair, mutual). "together" comes after the
 * verb, at most four words after the group, with no actor, comma or
 * clause word between; "together with Z" adds a companion and is no such
 * pair. */
static int rule_TOGETHER(const dg_sentence_ctx *c, cue_state *st, coder *k)
{
    (void)st;
    if (!c->together)
        return DONE;
    for (size_t mi = 0; mi < c->nment; mi++) {
        const dg_mention *m = &c->ments[mi];
        if (m->location || (mi > 0 && c->ments[mi - 1].end + 2 >= m->start &&
                            !c->ments[mi - 1].location))
            continue; /* not the first member of a group */
        group g;
        group_right(c, (int32_t)mi, &g);
        if (g.n < 2)
            continue;
        size_t t = g.end;
        while (t < c->ntok && t < g.end + 5 && !is(c, t, "together")) {
            if (c->ment_of[t] >= 0 || !(c->toks[t].flags & DG_TOK_WORD) ||
                in_list(c, t, DG_WL_SUBORDINATORS) ||
                in_list(c, t, DG_WL_COORDINATORS))
                t = c->ntok;
            else
                t++;
        }
        if (t >= c->ntok || t == g.end || t >= c->attribution ||
            !is(c, t, "together") || is(c, t + 1, "with"))
            continue;
        /* a cue already related the pair ("pledged to work together") */
        int related = 0;
        for (size_t e = 0; e < k->n; e++)
            if (group_has(&g, k->out[e].source) &&
                group_has(&g, k->out[e].target))
                related = 1;
        if (related)
            continue;
        explain(c, " clause \"%s and ... together\"",
                c->lx->actors[g.actor[0]].id);
        emit(c, k, &g, &g, -1, 4, DG_CLS_COOPERATE, 0, 1, R_TOGETHER);
    }
    return DONE;
}

/* "X gave Y N": a verb of transfer, then an actor named by its name
 * (not a demonym: "sent Afghan refugees home") and then the thing given
 * (a number, an article or a plain word): X -> Y. Nothing when a cue
 * already reads the verb, when a negator comes before it, or when the
 * thing given is a cue of a negative class ("gave Iran an
 * ultimatum") or a thing said ("gave Iran a warning"). */
static int rule_DOUBLE_OBJECT(const dg_sentence_ctx *c, cue_state *st,
                              coder *k)
{
    (void)st;
    if (!has_words(c, WL(GIVE_VERBS) | WL(SELL_VERBS)))
        return DONE;
    for (size_t i = 1; i + 2 < c->ntok && i < c->attribution; i++) {
        int sell = 0;
        if (!((c->toks[i].len >= 4 && in_list(c, i, DG_WL_GIVE_VERBS)) ||
              (sell =
                   c->toks[i].len >= 4 && in_list(c, i, DG_WL_SELL_VERBS))) ||
            c->cue_of[i] >= 0)
            continue;
        size_t at = is(c, i + 1, "the") ? i + 2 : i + 1;
        if (!is_mention_start(c, at))
            continue;
        const dg_mention *m = &c->ments[c->ment_of[at]];
        if (m->location || m->alias == DG_ALIAS_DEMONYM)
            continue;
        group tgt, src;
        group_right(c, c->ment_of[at], &tgt);
        size_t o = tgt.end;
        if (o >= c->ntok || (c->toks[o].flags & DG_TOK_POSS) ||
            in_list(c, o, DG_WL_SUBORDINATORS) ||
            in_list(c, o, DG_WL_COORDINATORS) || is(c, o, "to") ||
            is(c, o, "in") || is(c, o, ","))
            continue;
        if (!(c->toks[o].flags & DG_TOK_WORD) && !is(c, o, "$"))
            continue; /* "$80 million", "two more", "a loan", "tanks" */
        const char *why;
        int hostile = 0;
        for (size_t j = o; j < c->ntok && j < o + 5; j++)
            if ((c->cue_of[j] >= 0 &&
                 class_polarity(c->lx->cues[c->cues[c->cue_of[j]].cue].cls) <
                     0) ||
                in_list(c, j, DG_WL_SAID_OBJECTS))
                hostile = 1;
        int negated = 0;
        for (size_t j = i >= 3 ? i - 3 : 0; j < i; j++)
            if (in_list(c, j, DG_WL_NEGATORS))
                negated = 1;
        if (hostile || negated || !find_source(c, i, &src, &why))
            continue;
        explain(c, " clause \"%s %.*s %s ...\"", c->lx->actors[src.actor[0]].id,
                (int)c->toks[i].len, c->s + c->toks[i].start,
                c->lx->actors[tgt.actor[0]].id);
        emit(c, k, &src, &tgt, -1, 4, sell ? DG_CLS_COOPERATE : DG_CLS_AID, 0,
             0, R_DOUBLE_OBJECT);
    }
    return DONE;
}

/* ---- the driver ---------------------------------------------------- */

/* Before the rules, what they would otherwise look for again and again:
 * the word lists present in the sentence (a rule whose words are missing
 * is skipped), an obligation anywhere, "according to", and the words of
 * rules_out and rule_TOGETHER. One pass that only gathers the tokens' word
 * lists, and a second over the few tokens that are such words (the
 * word list CODER_MARKS, with "must" and "should") or may be ("has to"). */
static void scan_sentence(dg_sentence_ctx *c)
{
    uint64_t words = 0, w2 = 0;
    size_t i = 0;
    for (; i + 2 <= c->ntok; i += 2) {
        words |= c->toks[i].words;
        w2 |= c->toks[i + 1].words;
    }
    if (i < c->ntok)
        words |= c->toks[i].words;
    words |= w2;
    c->words = words;
    c->rules_out = c->together = c->obligation = 0;
    c->according = 0;
    if (!(words & (WL(CODER_MARKS) | WL(OBLIGED))))
        return;
    for (i = 0; i < c->ntok; i++) {
        const dg_token *t = &c->toks[i];
        if (!(t->words & (WL(CODER_MARKS) | WL(OBLIGED))))
            continue;
        c->obligation |= obligation_at(c, i);
        c->rules_out |=
            is(c, i, "question") || is(c, i, "table") || is(c, i, "ruled");
        c->together |= is(c, i, "together");
        if (!c->according && i >= 1 && is(c, i, "according") &&
            is(c, i + 1, "to"))
            c->according = i;
    }
}

/* The rules of RULES in their order: each cue through the rules that are
 * no SENTENCE rule until one is DONE, then the sentence rules once.
 * Direct calls, which the compiler may inline; kind is a constant, so
 * each test is decided at compile time. */
size_t dg_code_sentence(const dg_sentence_ctx *c0, dg_coded *out, size_t cap)
{
    coder k; /* k.done[] is written before it is read (ndone) */
    k.out = out;
    k.n = 0;
    k.cap = cap;
    k.ndone = 0;
    dg_sentence_ctx cc = *c0;
    const dg_sentence_ctx *c = &cc;
    scan_sentence(&cc);
    /* with no cue only the sentence rules may code, each of which needs
     * its words */
    if (!c->ncue &&
        !((c->obligation && has_words(c, WL(ASSERTION_VERBS))) || c->together ||
          has_words(c, WL(GIVE_VERBS) | WL(SELL_VERBS))))
        return 0;
    cc.attribution = find_attribution(c);
    cc.subject = -1;
    for (size_t m = 0; m < c->nment; m++) {
        if (c->ncue && c->ments[m].start >= c->cues[0].start)
            break;
        if (!c->ments[m].location) {
            cc.subject = (int32_t)m;
            break;
        }
    }
    for (size_t ci = 0; ci < c->ncue; ci++) {
        /* every field but the groups, which the rules write before they
         * read them (zeroing them cost more than the cheap rules) */
        cue_state st;
        st.ci = ci;
        st.cm = &c->cues[ci];
        st.neg = st.src_kind = st.embedded = st.target_tried = 0;
        st.shared = NULL;
        st.asker = NULL;
        st.passive = -1;
        st.why = st.twhy = NULL;
        st.cue = &c->lx->cues[st.cm->cue];
        st.cls = st.cue->cls;
        st.weight = st.cue->weight;
        size_t last_tok = st.cm->end - 1;
        st.prep_ended = is(c, last_tok, "between") || is(c, last_tok, "among");
        explain(c, " cue \"%.*s\" [%s %+d]",
                (int)(c->toks[last_tok].start + c->toks[last_tok].len -
                      c->toks[st.cm->start].start),
                c->s + c->toks[st.cm->start].start, dg_plover_classes[st.cls],
                st.weight);
#define RULE_TRY(id, name, kind)                                               \
    if (kind != SENTENCE && rule_##id(c, &st, &k) == DONE)                     \
        continue;
        RULES(RULE_TRY)
#undef RULE_TRY
    }
#define RULE_SENTENCE(id, name, kind)                                          \
    if (kind == SENTENCE)                                                      \
        rule_##id(c, NULL, &k);
    RULES(RULE_SENTENCE)
#undef RULE_SENTENCE
    return k.n;
}
