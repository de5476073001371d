/* lexicon.c -- actors, leaders and stance cues: loading and validating
 * JSON Lines lexicon files (docs/lexicon.md), verb inflection, and the
 * hash tables that make matching a lookup per token.
 *
 * Records are kept as loaded (later records with the same key replace
 * earlier ones); dg_lexicon_finish() derives the token patterns and the
 * lookup tables from them. Once finished, a lexicon is read-only.
 */
#include "internal.h"

#include "default_fingerprint.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

const dg_class_info dg_class_table[DG_NCLASSES] = {
#define DG_CLS_INFO(n, pol, flags) {#n, pol, flags},
    DG_PLOVER_CLASSES(DG_CLS_INFO)
#undef DG_CLS_INFO
};

const char *const dg_plover_classes[] = {
#define DG_CLS_NAME(n, pol, flags) #n,
    DG_PLOVER_CLASSES(DG_CLS_NAME)
#undef DG_CLS_NAME
        NULL};

int dg_plover_class_index(const char *name)
{
    for (int i = 0; i < DG_NCLASSES; i++)
        if (dg_class_table[i].name[0] == name[0] &&
            strcmp(dg_class_table[i].name, name) == 0)
            return i;
    return -1;
}

int dg_plover_class_polarity(int cls)
{
    return cls >= 0 && cls < DG_NCLASSES ? dg_class_table[cls].polarity : 0;
}

int dg_class_has(int cls, unsigned flag)
{
    return cls >= 0 && cls < DG_NCLASSES && (dg_class_table[cls].flags & flag);
}

/* ---- memory --------------------------------------------------------
 *
 * The strings and lists of a lexicon live in two arenas (lx->mem for the
 * records, lx->pat_mem for the patterns): loading allocates by bumping a
 * pointer and dg_lexicon_free releases a few blocks, not one allocation
 * per alias and per token. A record that a later one replaces keeps its
 * memory until the lexicon is freed. */

struct dg_arena_block {
    dg_arena_block *next;
    size_t used, cap;
    max_align_t data[]; /* cap bytes */
};

#define DG_ARENA_BLOCK ((size_t)64 << 10)

static void *arena_alloc(dg_arena *a, size_t n)
{
    n = (n + sizeof(max_align_t) - 1) & ~(sizeof(max_align_t) - 1);
    dg_arena_block *b = a->head;
    if (!b || b->cap - b->used < n) {
        size_t cap = n > DG_ARENA_BLOCK / 4 ? n : DG_ARENA_BLOCK;
        if (cap > SIZE_MAX - sizeof *b)
            return NULL;
        dg_arena_block *nb = malloc(sizeof *nb + cap);
        if (!nb)
            return NULL;
        nb->used = 0;
        nb->cap = cap;
        if (b && cap != DG_ARENA_BLOCK) {
            /* a large allocation of its own: the current block stays the
             * head, with its free room */
            nb->next = b->next;
            b->next = nb;
            nb->used = n;
            return nb->data;
        }
        nb->next = b;
        a->head = b = nb;
    }
    void *p = (char *)b->data + b->used;
    b->used += n;
    return p;
}

static char *arena_strndup(dg_arena *a, const char *s, size_t n)
{
    char *p = arena_alloc(a, n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

static char *arena_strdup(dg_arena *a, const char *s)
{
    return arena_strndup(a, s, strlen(s));
}

static void arena_free(dg_arena *a)
{
    for (dg_arena_block *b = a->head, *nb; b; b = nb) {
        nb = b->next;
        free(b);
    }
    a->head = NULL;
}

/* Room for need elements of size bytes in *arr. */
static int reserve(void **arr, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return DG_OK;
    size_t nc = *cap ? *cap : 64;
    while (nc < need)
        nc *= 2;
    void *p = realloc(*arr, nc * size);
    if (!p)
        return DG_ENOMEM;
    *arr = p;
    *cap = nc;
    return DG_OK;
}

/* Room for one more element after n. */
static int grow(void **arr, size_t *cap, size_t n, size_t size)
{
    return reserve(arr, cap, n + 1, size);
}

/* ---- indexes (dg_index) --------------------------------------------- */

static void ix_free(dg_index *ix)
{
    free(ix->slots);
    memset(ix, 0, sizeof *ix);
}

/* The first slot to probe for h; the table has a power-of-two size. */
static size_t ix_start(const dg_index *ix, uint64_t h)
{
    return (size_t)(h ^ (h >> 29)) & (ix->nslots - 1);
}

/* Room for need records, in at least twice as many slots. */
static int ix_reserve(dg_index *ix, size_t need)
{
    if (need * 2 > ix->nslots) {
        size_t ns = ix->nslots ? ix->nslots * 4 : 256; /* few rehashes */
        while (ns < need * 2)
            ns *= 2;
        dg_islot *sl = malloc(ns * sizeof *sl);
        if (!sl)
            return DG_ENOMEM;
        for (size_t k = 0; k < ns; k++)
            sl[k].i = -1;
        dg_index old = *ix;
        ix->slots = sl;
        ix->nslots = ns;
        for (size_t k = 0; k < old.nslots; k++) {
            if (old.slots[k].i < 0)
                continue;
            size_t s = ix_start(ix, old.slots[k].h);
            while (sl[s].i >= 0)
                s = (s + 1) & (ns - 1);
            sl[s] = old.slots[k];
        }
        free(old.slots);
    }
    return DG_OK;
}

static int ix_insert(dg_index *ix, uint64_t h, int32_t i)
{
    if (ix_reserve(ix, ix->n + 1) != DG_OK)
        return DG_ENOMEM;
    size_t s = ix_start(ix, h);
    while (ix->slots[s].i >= 0)
        s = (s + 1) & (ix->nslots - 1);
    ix->slots[s].h = h;
    ix->slots[s].i = i;
    ix->n++;
    return DG_OK;
}

/* Iterate over the records whose key has hash h:
 *   for (size_t s = ix_start(ix, h); IX_MORE(ix, s); s = IX_NEXT(ix, s))
 *       if (ix->slots[s].h == h && <key of ix->slots[s].i matches>) ...
 */
#define IX_MORE(ix, s) ((ix)->nslots && (ix)->slots[s].i >= 0)
#define IX_NEXT(ix, s) (((s) + 1) & ((ix)->nslots - 1))

/* The hash of a record's key (an actor id, a leader name, a cue phrase,
 * an alias) in the indexes above: the token hash (hash.h), eight bytes a
 * multiply. Only these indexes use it; equal keys hash alike, whatever
 * their case. */
static inline uint64_t key_hash(const char *s, size_t n)
{
    return dg_hash_lower(s, n);
}

static uint64_t term_hash(const char *name, long from_d)
{
    return key_hash(name, strlen(name)) ^
           ((uint64_t)from_d * 0x9E3779B97F4A7C15ULL);
}

static uint64_t cue_hash(const char *phrase, int pos)
{
    return key_hash(phrase, strlen(phrase)) ^ (uint64_t)(pos + 1);
}

static long find_term(const dg_lexicon *lx, const char *name, long from_d)
{
    const dg_index *ix = &lx->term_ix;
    uint64_t h = term_hash(name, from_d);
    if (!ix->nslots)
        return -1;
    for (size_t s = ix_start(ix, h); IX_MORE(ix, s); s = IX_NEXT(ix, s)) {
        const dg_term *t = &lx->terms[ix->slots[s].i];
        if (ix->slots[s].h == h && t->from_d == from_d &&
            strcmp(t->name, name) == 0)
            return ix->slots[s].i;
    }
    return -1;
}

/* h: cue_hash(phrase, pos) */
static long find_cue(const dg_lexicon *lx, const char *phrase, int pos,
                     uint64_t h)
{
    const dg_index *ix = &lx->cue_ix;
    if (!ix->nslots)
        return -1;
    for (size_t s = ix_start(ix, h); IX_MORE(ix, s); s = IX_NEXT(ix, s)) {
        const dg_cue *c = &lx->cues[ix->slots[s].i];
        if (ix->slots[s].h == h && c->pos == pos &&
            strcmp(c->phrase, phrase) == 0)
            return ix->slots[s].i;
    }
    return -1;
}

static void table_free(dg_table *t)
{
    free(t->slots);
    free(t->pats);
    free(t->ent);
    free(t->filter);
    free(t->aent);
    free(t->bsig);
    memset(t, 0, sizeof *t);
}

static void patterns_free(dg_lexicon *lx)
{
    arena_free(&lx->pat_mem); /* ptoks' texts, leader terms, fuzzy names */
    lx->nptoks = 0;
    lx->npats = 0;
    lx->nlnames = 0;
    table_free(&lx->actor_table);
    table_free(&lx->cue_table);
    free(lx->fuzzy);
    lx->fuzzy = NULL;
    lx->nfuzzy = 0;
    ix_free(&lx->fuzzy_ix);
    ix_free(&lx->known_ix);
    free(lx->fuzzy_bits);
    lx->fuzzy_bits = NULL;
}

void dg_lexicon_free(dg_lexicon *lx)
{
    if (!lx)
        return;
    patterns_free(lx);
    arena_free(&lx->mem); /* every string and list of the records */
    free(lx->actors);
    free(lx->terms);
    free(lx->cues);
    free(lx->lnames);
    free(lx->pats);
    free(lx->ptoks);
    ix_free(&lx->actor_ix);
    ix_free(&lx->term_ix);
    ix_free(&lx->cue_ix);
    free(lx);
}

/* ---- parsing one line ----------------------------------------------- */

/* An alias as the matcher sees it (its key: tokens in lower case, one
 * space between them, a leading "the" dropped), the actor that claims it
 * in the file being loaded, and the line that does. */
typedef struct claim {
    const char *key;
    const char *actor; /* the actor's id, in the lexicon's memory */
    long line;
} claim;

/* The fields of a lexicon line, the one JSON object of the line, in their
 * order: a key, its kind (cJSON's type) and value. Lists hold strings
 * only (NULL for an item of another type). A line is read by the
 * parser below when it is plain (strings without \u escapes or control
 * characters, lists of strings, integers, true, false, null, no nesting);
 * any other line goes to cJSON, which says what is wrong with it or
 * gives the same fields. */
enum {
    JT_STRING = 1,
    JT_NUMBER,
    JT_TRUE,
    JT_FALSE,
    JT_NULL,
    JT_ARRAY,
    JT_OTHER
};

/* The keys of the lexicon format (docs/lexicon.md), in the order of
 * key_names. */
enum {
    K_ACTOR,
    K_TYPE,
    K_NAME,
    K_ALIASES,
    K_DEMONYMS,
    K_CAPITALS,
    K_AMBIGUOUS,
    K_LOOKALIKES,
    K_NOTE,
    K_LEADER,
    K_ROLE,
    K_FROM,
    K_TO,
    K_CUE,
    K_POS,
    K_CLASS,
    K_WEIGHT,
    K_FORMS,
    K_MUTUAL,
    K_AGENT_AFTER,
    K_TARGET,
    K_BLOCK,
    K_COUNT
};
#define KN(s)                                                                  \
    {                                                                          \
        s, sizeof s - 1                                                        \
    }
static const struct {
    const char *s;
    size_t n;
} key_names[K_COUNT] = {
    KN("actor"),    KN("type"),     KN("name"),      KN("aliases"),
    KN("demonyms"), KN("capitals"), KN("ambiguous"), KN("lookalikes"),
    KN("note"),     KN("leader"),   KN("role"),      KN("from"),
    KN("to"),       KN("cue"),      KN("pos"),       KN("class"),
    KN("weight"),   KN("forms"),    KN("mutual"),    KN("agent_after"),
    KN("target"),   KN("block")};
#undef KN
#define KBIT(id) (1UL << K_##id)

static int key_id(const char *k, size_t n)
{
    /* by length, then by a comparison with each key of that length, which
     * the compiler does inline (a word or two, no call of memcmp) */
#define KEY_IS(lit) (memcmp(k, lit, sizeof lit - 1) == 0)
    switch (n) {
    case 2:
        return KEY_IS("to") ? K_TO : -1;
    case 3:
        return KEY_IS("cue") ? K_CUE : KEY_IS("pos") ? K_POS : -1;
    case 4:
        return KEY_IS("name")   ? K_NAME
               : KEY_IS("type") ? K_TYPE
               : KEY_IS("note") ? K_NOTE
               : KEY_IS("from") ? K_FROM
               : KEY_IS("role") ? K_ROLE
                                : -1;
    case 5:
        return KEY_IS("actor")   ? K_ACTOR
               : KEY_IS("class") ? K_CLASS
               : KEY_IS("forms") ? K_FORMS
               : KEY_IS("block") ? K_BLOCK
                                 : -1;
    case 6:
        return KEY_IS("weight")   ? K_WEIGHT
               : KEY_IS("leader") ? K_LEADER
               : KEY_IS("mutual") ? K_MUTUAL
               : KEY_IS("target") ? K_TARGET
                                  : -1;
    case 7:
        return KEY_IS("aliases") ? K_ALIASES : -1;
    case 8:
        return KEY_IS("demonyms")   ? K_DEMONYMS
               : KEY_IS("capitals") ? K_CAPITALS
                                    : -1;
    case 9:
        return KEY_IS("ambiguous") ? K_AMBIGUOUS : -1;
    case 10:
        return KEY_IS("lookalikes") ? K_LOOKALIKES : -1;
    case 11:
        return KEY_IS("agent_after") ? K_AGENT_AFTER : -1;
    default:
        return -1;
    }
#undef KEY_IS
}

typedef struct jfield {
    const char *key;
    int kid;  /* K_*, -1 for a key of no lexicon entry */
    int type; /* JT_* */
    const char *str;
    double num;
    int valueint; /* as cJSON gives it */
    size_t item0, nitems;
} jfield;

typedef struct jline {
    jfield *f;
    size_t nf, capf;
    const char **items;
    size_t nitems, capitems;
    char *buf; /* the decoded strings of a plain line */
    size_t capbuf;
    int first[K_COUNT]; /* the first field of each key, or -1 */
    cJSON *cj;          /* the line as cJSON parsed it, if it did */
} jline;

typedef struct line_ctx {
    const char *file;
    long line;
    dg_report_fn report;
    void *ud;
    int problems;
    int stop; /* report returned non-zero: not called again */
    int code; /* the error code problem() reports; 0 = DG_EPARSE */
    /* aliases claimed in this file, so that two actors cannot share one */
    claim *claims;
    size_t nclaims, capclaims;
    dg_index claim_ix;
    dg_arena claim_mem; /* the claims' keys */
    jline j;            /* the fields of the line being read */
    /* the built-in default lexicon, which the checks of its phrases
     * (check_phrase, the lower case of cue phrases), of its keys
     * (check_keys) and of aliases shared by two actors (claim_aliases)
     * pass without looking: test_default_lexicon_checks (test_lexicon.c)
     * loads each of its files through every check */
    int builtin;
} line_ctx;

static void claims_free(line_ctx *c)
{
    free(c->claims);
    c->claims = NULL;
    c->nclaims = c->capclaims = 0;
    ix_free(&c->claim_ix);
    arena_free(&c->claim_mem);
    free(c->j.f);
    free(c->j.items);
    free(c->j.buf);
    memset(&c->j, 0, sizeof c->j);
}

static int problem(line_ctx *c, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static int problem(line_ctx *c, const char *fmt, ...)
{
    dg_error e;
    va_list ap;
    e.code = c->code ? c->code : DG_EPARSE;
    snprintf(e.file, sizeof e.file, "%s", c->file);
    e.line = c->line;
    va_start(ap, fmt);
    vsnprintf(e.message, sizeof e.message, fmt, ap);
    va_end(ap);
    c->problems++;
    if (c->report && !c->stop && c->report(&e, c->ud) != 0)
        c->stop = 1;
    return DG_EPARSE;
}

/* ---- the fields of a line --------------------------------------------- */

static inline int j_push(jline *j, const jfield *f)
{
    if (j->nf >= j->capf &&
        grow((void **)&j->f, &j->capf, j->nf, sizeof *j->f) != DG_OK)
        return DG_ENOMEM;
    if (f->kid >= 0 && j->first[f->kid] < 0)
        j->first[f->kid] = (int)j->nf;
    j->f[j->nf++] = *f;
    return DG_OK;
}

static inline int j_item(jline *j, const char *s)
{
    if (j->nitems >= j->capitems && grow((void **)&j->items, &j->capitems,
                                         j->nitems, sizeof *j->items) != DG_OK)
        return DG_ENOMEM;
    j->items[j->nitems++] = s;
    return DG_OK;
}

static const jfield *j_get(const jline *j, int kid)
{
    return j->first[kid] >= 0 ? &j->f[j->first[kid]] : NULL;
}

/* JSON whitespace as the plain parser takes it (cJSON takes any byte up
 * to 32; a line with another one goes to cJSON) */
static const char *j_ws(const char *p, const char *e)
{
    static const unsigned char ws[256] = {
        [' '] = 1, ['\t'] = 1, ['\r'] = 1, ['\n'] = 1};
    while (p < e && ws[(unsigned char)*p])
        p++;
    return p;
}

/* Bytes of a line's decode buffer past the line's length + 1, so that
 * j_str may store sixteen bytes at a time. */
#define J_BUF_PAD 16

/* A string at *pp (its opening quote), decoded into *out (NUL-ended);
 * 0 when it is not plain. */
static inline int j_str(const char **pp, const char *e, char **out)
{
    const char *p = *pp + 1;
    char *o = *out;
    for (;;) {
        /* a run of plain bytes, then what ends it */
#ifdef __SSE2__
        /* sixteen bytes at a time, copied whole: the buffer has
         * J_BUF_PAD bytes past the line's length (read_fields), and the
         * output never runs ahead of the input */
        const __m128i quote = _mm_set1_epi8('"'), bslash = _mm_set1_epi8('\\'),
                      c1f = _mm_set1_epi8(0x1F);
        while (e - p >= 16) {
            __m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
            _mm_storeu_si128((__m128i *)(void *)o, x);
            __m128i sp = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, quote),
                                                   _mm_cmpeq_epi8(x, bslash)),
                                      _mm_cmpeq_epi8(_mm_min_epu8(x, c1f), x));
            int m = _mm_movemask_epi8(sp);
            if (m) {
                unsigned k = (unsigned)__builtin_ctz((unsigned)m);
                p += k;
                o += k;
                goto special;
            }
            p += 16;
            o += 16;
        }
#endif
        while (p < e && (unsigned char)*p >= 0x20 && *p != '"' && *p != '\\')
            *o++ = *p++;
#ifdef __SSE2__
    special:
#endif
        if (p >= e)
            return 0;
        unsigned char ch = (unsigned char)*p;
        if (ch == '"')
            break;
        if (ch < 0x20)
            return 0;
        if (ch == '\\') {
            if (p + 1 >= e)
                return 0;
            /* \u and invalid escapes: cJSON's */
            static const char esc[] = "\"\\/bfnrt", val[] = "\"\\/\b\f\n\r\t";
            const char *k = p[1] ? strchr(esc, p[1]) : NULL;
            if (!k)
                return 0;
            ch = (unsigned char)val[k - esc];
            p++;
        }
        *o++ = (char)ch;
        p++;
    }
    *o++ = '\0';
    *pp = p + 1;
    *out = o;
    return 1;
}

/* Read a plain line into c->j: 1 if it is one, 0 if cJSON must, or
 * DG_ENOMEM. */
static int j_plain(jline *j, const char *s, size_t n)
{
    const char *p = s, *e = s + n;
    char *o = j->buf;
    if (p == e || *p != '{')
        return 0;
    p = j_ws(p + 1, e);
    if (p < e && *p == '}') {
        p++;
        return p == e;
    }
    for (;;) {
        /* the field is read in place, at the end of j->f */
        if (j->nf >= j->capf &&
            grow((void **)&j->f, &j->capf, j->nf, sizeof *j->f) != DG_OK)
            return DG_ENOMEM;
        jfield *f = &j->f[j->nf];
        *f = (jfield){0};
        if (p >= e || *p != '"')
            return 0;
        const char *key = o;
        if (!j_str(&p, e, &o))
            return 0;
        f->key = key;
        f->kid = key_id(key, (size_t)(o - 1 - key));
        p = j_ws(p, e);
        if (p >= e || *p != ':')
            return 0;
        p = j_ws(p + 1, e);
        if (p >= e)
            return 0;
        if (*p == '"') {
            f->type = JT_STRING;
            f->str = o;
            if (!j_str(&p, e, &o))
                return 0;
        } else if (*p == '[') {
            f->type = JT_ARRAY;
            f->item0 = j->nitems;
            p = j_ws(p + 1, e);
            if (p < e && *p == ']')
                p++;
            else
                for (;;) {
                    if (p >= e || *p != '"')
                        return 0;
                    const char *it = o;
                    if (!j_str(&p, e, &o))
                        return 0;
                    if (j_item(j, it) != DG_OK)
                        return DG_ENOMEM;
                    p = j_ws(p, e);
                    if (p < e && *p == ',') {
                        p = j_ws(p + 1, e);
                        continue;
                    }
                    if (p < e && *p == ']') {
                        p++;
                        break;
                    }
                    return 0;
                }
            f->nitems = j->nitems - f->item0;
        } else if (*p == '-' || (*p >= '0' && *p <= '9')) {
            /* an integer of up to 9 digits, exact as a double */
            int neg = *p == '-', nd = 0;
            long v = 0;
            if (neg)
                p++;
            while (p < e && *p >= '0' && *p <= '9' && nd < 10) {
                v = v * 10 + (*p++ - '0');
                nd++;
            }
            if (nd == 0 || nd > 9 ||
                (p < e && (*p == '.' || *p == 'e' || *p == 'E' || *p == '+' ||
                           *p == '-')))
                return 0;
            f->type = JT_NUMBER;
            f->num = neg ? -(double)v : (double)v;
            f->valueint = (int)(neg ? -v : v);
        } else if (e - p >= 4 && memcmp(p, "true", 4) == 0) {
            f->type = JT_TRUE;
            p += 4;
        } else if (e - p >= 5 && memcmp(p, "false", 5) == 0) {
            f->type = JT_FALSE;
            p += 5;
        } else if (e - p >= 4 && memcmp(p, "null", 4) == 0) {
            f->type = JT_NULL;
            p += 4;
        } else
            return 0;
        if (f->kid >= 0 && j->first[f->kid] < 0)
            j->first[f->kid] = (int)j->nf;
        j->nf++;
        p = j_ws(p, e);
        if (p < e && *p == ',') {
            p = j_ws(p + 1, e);
            continue;
        }
        if (p < e && *p == '}') {
            p++;
            break;
        }
        return 0;
    }
    return p == e; /* the line is trimmed: nothing may follow */
}

/* The fields of cJSON's object o. */
static int j_from_cjson(jline *j, const cJSON *o)
{
    const cJSON *it;
    cJSON_ArrayForEach(it, o) {
        jfield f = {0};
        f.key = it->string;
        f.kid = key_id(f.key, strlen(f.key));
        if (cJSON_IsString(it)) {
            f.type = JT_STRING;
            f.str = it->valuestring;
        } else if (cJSON_IsNumber(it)) {
            f.type = JT_NUMBER;
            f.num = it->valuedouble;
            f.valueint = it->valueint;
        } else if (cJSON_IsTrue(it))
            f.type = JT_TRUE;
        else if (cJSON_IsFalse(it))
            f.type = JT_FALSE;
        else if (cJSON_IsNull(it))
            f.type = JT_NULL;
        else if (cJSON_IsArray(it)) {
            f.type = JT_ARRAY;
            f.item0 = j->nitems;
            const cJSON *el;
            cJSON_ArrayForEach(el, it)
            {
                if (j_item(j, cJSON_IsString(el) ? el->valuestring : NULL) !=
                    DG_OK)
                    return DG_ENOMEM;
            }
            f.nitems = j->nitems - f.item0;
        } else
            f.type = JT_OTHER;
        if (j_push(j, &f) != DG_OK)
            return DG_ENOMEM;
    }
    return DG_OK;
}

static const char *get_str(const jline *j, int kid)
{
    const jfield *f = j_get(j, kid);
    return f && f->type == JT_STRING ? f->str : NULL;
}

static int is_bool(const jfield *f)
{
    return f->type == JT_TRUE || f->type == JT_FALSE;
}

/* A list of non-empty strings (absent = empty), pointing into the line's
 * fields. */
static int get_strv(line_ctx *c, int kid, const char *const **out, size_t *n)
{
    const jfield *f = j_get(&c->j, kid);
    *out = NULL;
    *n = 0;
    if (!f)
        return DG_OK;
    if (f->type != JT_ARRAY)
        return problem(c, "\"%s\" must be a list of strings", key_names[kid].s);
    if (f->nitems == 0)
        return DG_OK; /* [] as absent (and no items array to point into) */
    const char *const *v = c->j.items + f->item0;
    for (size_t k = 0; k < f->nitems; k++)
        if (!v[k] || !v[k][0])
            return problem(c, "\"%s\" must hold non-empty strings only",
                           key_names[kid].s);
    *out = v;
    *n = f->nitems;
    return DG_OK;
}

/* A copy of the list v in the lexicon's memory. */
static char **copy_strv(dg_lexicon *lx, const char *const *v, size_t n)
{
    if (!n)
        return NULL;
    char **a = arena_alloc(&lx->mem, n * sizeof *a);
    if (!a)
        return NULL;
    for (size_t i = 0; i < n; i++)
        if (!(a[i] = arena_strdup(&lx->mem, v[i])))
            return NULL;
    return a;
}

static int check_keys(line_ctx *c, unsigned long allowed)
{
    if (c->builtin)
        return DG_OK;
    for (size_t i = 0; i < c->j.nf; i++) {
        const jfield *f = &c->j.f[i];
        if (f->kid < 0 || !(allowed & (1UL << f->kid)))
            return problem(c, "unknown field \"%s\" (see docs/lexicon.md)",
                           f->key);
    }
    return DG_OK;
}

static int is_state_code(const char *id)
{
    return strlen(id) == 3 && isupper((unsigned char)id[0]) &&
           isupper((unsigned char)id[1]) && isupper((unsigned char)id[2]);
}

/* ISO 3166-1 alpha-3 (Debian's iso-codes, LGPL-2.1-or-later; the codes
 * are facts) plus XKX, Kosovo's user-assigned code: the codes that the
 * scorer and every reader of the graph take for states
 * (../shared/eval/state-codes.txt holds the same list). An organization
 * may not use one as its id (docs/lexicon.md, "Decisions"). */
static const char iso_alpha3[][4] = {
    "ABW", "AFG", "AGO", "AIA", "ALA", "ALB", "AND", "ARE", "ARG", "ARM", "ASM",
    "ATA", "ATF", "ATG", "AUS", "AUT", "AZE", "BDI", "BEL", "BEN", "BES", "BFA",
    "BGD", "BGR", "BHR", "BHS", "BIH", "BLM", "BLR", "BLZ", "BMU", "BOL", "BRA",
    "BRB", "BRN", "BTN", "BVT", "BWA", "CAF", "CAN", "CCK", "CHE", "CHL", "CHN",
    "CIV", "CMR", "COD", "COG", "COK", "COL", "COM", "CPV", "CRI", "CUB", "CUW",
    "CXR", "CYM", "CYP", "CZE", "DEU", "DJI", "DMA", "DNK", "DOM", "DZA", "ECU",
    "EGY", "ERI", "ESH", "ESP", "EST", "ETH", "FIN", "FJI", "FLK", "FRA", "FRO",
    "FSM", "GAB", "GBR", "GEO", "GGY", "GHA", "GIB", "GIN", "GLP", "GMB", "GNB",
    "GNQ", "GRC", "GRD", "GRL", "GTM", "GUF", "GUM", "GUY", "HKG", "HMD", "HND",
    "HRV", "HTI", "HUN", "IDN", "IMN", "IND", "IOT", "IRL", "IRN", "IRQ", "ISL",
    "ISR", "ITA", "JAM", "JEY", "JOR", "JPN", "KAZ", "KEN", "KGZ", "KHM", "KIR",
    "KNA", "KOR", "KWT", "LAO", "LBN", "LBR", "LBY", "LCA", "LIE", "LKA", "LSO",
    "LTU", "LUX", "LVA", "MAC", "MAF", "MAR", "MCO", "MDA", "MDG", "MDV", "MEX",
    "MHL", "MKD", "MLI", "MLT", "MMR", "MNE", "MNG", "MNP", "MOZ", "MRT", "MSR",
    "MTQ", "MUS", "MWI", "MYS", "MYT", "NAM", "NCL", "NER", "NFK", "NGA", "NIC",
    "NIU", "NLD", "NOR", "NPL", "NRU", "NZL", "OMN", "PAK", "PAN", "PCN", "PER",
    "PHL", "PLW", "PNG", "POL", "PRI", "PRK", "PRT", "PRY", "PSE", "PYF", "QAT",
    "REU", "ROU", "RUS", "RWA", "SAU", "SDN", "SEN", "SGP", "SGS", "SHN", "SJM",
    "SLB", "SLE", "SLV", "SMR", "SOM", "SPM", "SRB", "SSD", "STP", "SUR", "SVK",
    "SVN", "SWE", "SWZ", "SXM", "SYC", "SYR", "TCA", "TCD", "TGO", "THA", "TJK",
    "TKL", "TKM", "TLS", "TON", "TTO", "TUN", "TUR", "TUV", "TWN", "TZA", "UGA",
    "UKR", "UMI", "URY", "USA", "UZB", "VAT", "VCT", "VEN", "VGB", "VIR", "VNM",
    "VUT", "WLF", "WSM", "XKX", "YEM", "ZAF", "ZMB", "ZWE"};

static int cmp_code(const void *a, const void *b)
{
    return strcmp(a, b);
}

static int is_iso_alpha3(const char *id)
{
    return strlen(id) == 3 &&
           bsearch(id, iso_alpha3, sizeof iso_alpha3 / sizeof iso_alpha3[0],
                   sizeof iso_alpha3[0], cmp_code) != NULL;
}

static int valid_id(const char *id)
{
    if (!*id || strlen(id) > 32)
        return 0;
    for (const char *p = id; *p; p++)
        if (!(isupper((unsigned char)*p) || isdigit((unsigned char)*p) ||
              *p == '-' || *p == '_'))
            return 0;
    return 1;
}

/* ---- the validation of phrases ---------------------------------------
 *
 * Every phrase (an actor's name, alias, demonym or capital, a leader's
 * name or alias, a cue phrase, a verb form) goes through check_phrase
 * while its line is parsed, and so through the same code whether the file
 * is loaded or checked (`diplograph lexicon check`): nothing can pass the
 * one and fail the other. (The built-in default lexicon skips it when
 * dg_lexicon_new loads it: its bytes are fixed at build time, and
 * test_lexicon.c loads each of its files through the checks.) Building the
 * patterns (dg_lexicon_finish) relies on what it guarantees: a phrase of 1 to
 * DG_PHRASE_MAX_BYTES bytes of valid UTF-8 without control characters, words
 * separated by single spaces, no space at either end, 1 to DG_PHRASE_MAX_TOKENS
 * tokens of which at least one is a word (letters or digits). */

/* dg_tokenize for the phrases of a lexicon, most of which are words of
 * ASCII letters and digits between single spaces, and the slot "*" of a
 * frame: such a word is one token (flags and hash as dg_tokenize gives
 * them), found here without the tokenizer's rules for punctuation,
 * numbers and apostrophes. Any other phrase goes to dg_tokenize;
 * test_lexicon.c checks that the two agree on every phrase of the
 * default lexicon. */
/* The end of the word of lower-case letters at s[i] when a space or the
 * end follows it, else i. */
static inline size_t lower_word_end(const char *s, size_t len, size_t i)
{
    size_t j = i;
    while (j < len && s[j] >= 'a' && s[j] <= 'z')
        j++;
    return j == len || s[j] == ' ' ? j : i;
}

size_t dg_lexicon_tokenize(const char *s, size_t len, dg_token *toks,
                           size_t cap)
{
    size_t n = 0, i = 0;
    while (i < len && n < cap) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ') {
            i++;
            continue;
        }
        size_t st = i, e;
        uint32_t flags;
        if (c == '*') {
            i++;
            flags = DG_TOK_PUNCT;
        } else if (c >= 'a' && c <= 'z' &&
                   (e = lower_word_end(s, len, i)) > i) {
            i = e; /* most: lower-case letters */
            flags = DG_TOK_WORD;
        } else {
            int letters = 0, upper = 0;
            for (; i < len; i++) {
                unsigned char d = (unsigned char)s[i];
                if (d >= 'a' && d <= 'z')
                    letters++;
                else if (d >= 'A' && d <= 'Z') {
                    letters++;
                    upper++;
                } else if (!(d >= '0' && d <= '9'))
                    break;
            }
            if (i == st)
                return dg_tokenize(s, len, toks, cap);
            flags = DG_TOK_WORD;
            if (c >= 'A' && c <= 'Z')
                flags |= DG_TOK_CAP;
            if (letters >= 2 && letters == upper)
                flags |= DG_TOK_ALLCAP;
        }
        if (i < len && s[i] != ' ')
            return dg_tokenize(s, len, toks, cap);
        toks[n].start = (uint32_t)st;
        toks[n].len = (uint32_t)(i - st);
        toks[n].hash = dg_hash_lower(s + st, i - st);
        toks[n].flags = flags;
        n++;
    }
    return n;
}

/* Length of the valid UTF-8 sequence at p (at most n bytes), or 0. */
static size_t utf8_len(const unsigned char *p, size_t n)
{
    unsigned char c = p[0];
    size_t k;
    uint32_t cp;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF) {
        k = 2;
        cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        k = 3;
        cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        k = 4;
        cp = c & 0x07;
    } else
        return 0;
    if (n < k)
        return 0;
    for (size_t i = 1; i < k; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return 0;
        cp = cp << 6 | (p[i] & 0x3F);
    }
    if ((k == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
        (k == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
        return 0;
    if (cp == 0x85 || cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200B) ||
        cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x3000 ||
        cp == 0xFEFF)
        return 0; /* a space or break the text normalization rewrites */
    return k;
}

/* What names a phrase in a message ("actor ARM: alias"): pre, arg and
 * post put together, only when there is a message to write. */
typedef struct what {
    const char *pre, *arg, *post;
} what;

static const char *what_str(const what *w, char *buf, size_t size)
{
    snprintf(buf, size, "%s%s%s", w->pre, w->arg ? w->arg : "",
             w->post ? w->post : "");
    return buf;
}

/* Check one phrase; wh names it in the messages. verb: a verb cue's
 * phrase or form, whose first word is inflected. */
static int check_phrase(line_ctx *c, const what *wh, const char *phrase,
                        int verb)
{
    if (c->builtin)
        return DG_OK;
    char wb[DG_PHRASE_MAX_BYTES + 32];
    size_t n = strlen(phrase);
    const unsigned char *p = (const unsigned char *)phrase;
    size_t i = 0;
    while (i < n && p[i] == ' ')
        i++;
    if (i == n)
        return problem(c, "%s \"%s\" is empty or only spaces",
                       what_str(wh, wb, sizeof wb), phrase);
    for (i = 0; i < n;) {
        size_t k = utf8_len(p + i, n - i);
        if (k == 0)
            return problem(c,
                           "%s holds invalid UTF-8 or a non-ASCII space "
                           "at byte %zu (write words separated by single "
                           "ASCII spaces)",
                           what_str(wh, wb, sizeof wb), i);
        if (k == 1 && (p[i] < 0x20 || p[i] == 0x7F))
            return problem(c,
                           "%s holds a control character (tab, line "
                           "break...) at byte %zu",
                           what_str(wh, wb, sizeof wb), i);
        if (p[i] == ' ' && p[i + 1] == ' ')
            return problem(c, "%s \"%s\" holds two spaces in a row",
                           what_str(wh, wb, sizeof wb), phrase);
        i += k;
    }
    /* valid UTF-8 from here: messages quote at most 40 bytes of it, cut
     * at a character boundary */
    int cut = 40;
    while (cut > 0 && (size_t)cut < n && (p[cut] & 0xC0) == 0x80)
        cut--;
    if (n > DG_PHRASE_MAX_BYTES)
        return problem(c, "%s \"%.*s...\" is longer than %d bytes",
                       what_str(wh, wb, sizeof wb), cut, phrase,
                       DG_PHRASE_MAX_BYTES);
    if (p[0] == ' ' || p[n - 1] == ' ')
        return problem(c, "%s \"%s\" begins or ends with a space",
                       what_str(wh, wb, sizeof wb), phrase);
    dg_token toks[DG_PHRASE_MAX_TOKENS + 1];
    size_t nt = dg_lexicon_tokenize(phrase, n, toks, DG_PHRASE_MAX_TOKENS + 1);
    if (nt > DG_PHRASE_MAX_TOKENS)
        return problem(c, "%s \"%.*s...\" has more than %d tokens",
                       what_str(wh, wb, sizeof wb), cut, phrase,
                       DG_PHRASE_MAX_TOKENS);
    int words = 0;
    for (size_t k = 0; k < nt; k++)
        if (toks[k].flags & DG_TOK_WORD)
            words++;
    if (!words)
        return problem(c,
                       "%s \"%s\" has no word (letters or digits), only "
                       "punctuation",
                       what_str(wh, wb, sizeof wb), phrase);
    if (nt == 1 && dg_tok_is(phrase, &toks[0], "the"))
        return problem(c,
                       "%s \"%s\" is only the article, which is optional "
                       "before a name and never a name itself",
                       what_str(wh, wb, sizeof wb), phrase);
    if (verb) {
        size_t fl = strcspn(phrase, " ");
        if (fl > DG_VERB_MAX_BYTES)
            return problem(c,
                           "%s \"%s\": its first word, the verb, is "
                           "longer than %d bytes",
                           what_str(wh, wb, sizeof wb), phrase,
                           DG_VERB_MAX_BYTES);
        if (!(toks[0].flags & DG_TOK_WORD))
            return problem(c,
                           "%s \"%s\" must begin with the verb, not "
                           "with punctuation",
                           what_str(wh, wb, sizeof wb), phrase);
    }
    return DG_OK;
}

/* Check every string of a list (see get_strv). */
static int check_phrases(line_ctx *c, const what *wh, const char *const *v,
                         size_t n, int verb)
{
    for (size_t i = 0; i < n; i++)
        if (check_phrase(c, wh, v[i], verb) != DG_OK)
            return DG_EPARSE;
    return DG_OK;
}

/* The key of an alias as the matcher sees it (see claim), in the claims'
 * memory; *len gets its length. */
static char *alias_key(line_ctx *c, const char *phrase, size_t *len)
{
    dg_token toks[DG_PHRASE_MAX_TOKENS + 1];
    size_t pl = strlen(phrase);
    size_t n = dg_lexicon_tokenize(phrase, pl, toks, DG_PHRASE_MAX_TOKENS + 1);
    size_t skip = n > 1 && dg_tok_is(phrase, &toks[0], "the") ? 1 : 0;
    char *key = arena_alloc(&c->claim_mem, pl + n + 1), *q = key;
    if (!key)
        return NULL;
    for (size_t i = skip; i < n; i++) {
        if (q != key)
            *q++ = ' ';
        for (uint32_t k = 0; k < toks[i].len; k++) {
            char ch = phrase[toks[i].start + k];
            *q++ = ch >= 'A' && ch <= 'Z' ? (char)(ch + 32) : ch;
        }
    }
    *q = '\0';
    *len = (size_t)(q - key);
    return key;
}

/* Record that actor idx claims its aliases in this file: an alias (or
 * name) that another actor of the same file already claims is a problem,
 * since matching could give only one of them. Files loaded later may take
 * over an alias (docs/lexicon.md, overrides). */
static int claim_aliases(line_ctx *c, const dg_lexicon *lx, long idx)
{
    if (c->builtin)
        return DG_OK;
    const dg_actor *a = &lx->actors[idx];
    for (size_t k = 0; k < a->naliases; k++) {
        size_t kl;
        char *key = alias_key(c, a->aliases[k].text, &kl);
        if (!key)
            return DG_ENOMEM;
        uint64_t h = key_hash(key, kl);
        const claim *old = NULL;
        const dg_index *ix = &c->claim_ix;
        for (size_t s = ix->nslots ? ix_start(ix, h) : 0; IX_MORE(ix, s);
             s = IX_NEXT(ix, s))
            if (ix->slots[s].h == h &&
                strcmp(c->claims[ix->slots[s].i].key, key) == 0) {
                old = &c->claims[ix->slots[s].i];
                break;
            }
        if (old) {
            if (strcmp(old->actor, a->id) == 0)
                continue;
            return problem(c,
                           "actor %s: alias \"%s\" is also an alias of "
                           "%s (line %ld); an alias may name only one "
                           "actor in a file",
                           a->id, a->aliases[k].text, old->actor, old->line);
        }
        /* a->id stays in the lexicon's memory even if a later line
         * replaces the actor */
        claim cl = {key, a->id, c->line};
        if (grow((void **)&c->claims, &c->capclaims, c->nclaims,
                 sizeof *c->claims) != DG_OK ||
            ix_insert(&c->claim_ix, h, (int32_t)c->nclaims) != DG_OK)
            return DG_ENOMEM;
        c->claims[c->nclaims++] = cl;
    }
    return DG_OK;
}

/* A new entry must stay within DG_LEX_MAX_ENTRIES. */
static int room_for_entry(const dg_lexicon *lx, line_ctx *c)
{
    if (lx->nactors + lx->nterms + lx->ncues < DG_LEX_MAX_ENTRIES)
        return DG_OK;
    return problem(c,
                   "the lexicon would hold more than %d entries (actors, "
                   "leader terms and cues together), the limit",
                   DG_LEX_MAX_ENTRIES);
}

/* Append actor a (its id not yet in the lexicon) and index it. */
static int append_actor(dg_lexicon *lx, const dg_actor *a)
{
    if (grow((void **)&lx->actors, &lx->capactors, lx->nactors,
             sizeof *lx->actors) != DG_OK ||
        ix_insert(&lx->actor_ix, key_hash(a->id, strlen(a->id)),
                  (int32_t)lx->nactors) != DG_OK)
        return DG_ENOMEM;
    lx->actors[lx->nactors++] = *a;
    lx->dirty = 1;
    return DG_OK;
}

int dg_lexicon_add_plain_actor(dg_lexicon *lx, const char *id, const char *name,
                               int type, long *idx)
{
    *idx = dg_lexicon_find_actor(lx, id);
    if (*idx >= 0)
        return DG_EINVAL;
    if (lx->nactors >= DG_LEX_MAX_ENTRIES)
        return DG_EINVAL;
    dg_actor a = {0};
    a.id = arena_strdup(&lx->mem, id);
    a.name = arena_strdup(&lx->mem, name);
    a.type = type;
    a.order = ++lx->order;
    if (!a.id || !a.name || append_actor(lx, &a) != DG_OK)
        return DG_ENOMEM;
    *idx = (long)lx->nactors - 1;
    return DG_OK;
}

static int parse_actor(dg_lexicon *lx, line_ctx *c)
{
    const jline *o = &c->j;
    int rc;
    if ((rc = check_keys(c, KBIT(ACTOR) | KBIT(TYPE) | KBIT(NAME) |
                                KBIT(ALIASES) | KBIT(DEMONYMS) |
                                KBIT(CAPITALS) | KBIT(AMBIGUOUS) |
                                KBIT(LOOKALIKES) | KBIT(NOTE))) != DG_OK)
        return rc;
    const char *id = get_str(o, K_ACTOR);
    const char *type = get_str(o, K_TYPE);
    const char *name = get_str(o, K_NAME);
    if (!id || !valid_id(id))
        return problem(c, "\"actor\" must be an id of capitals, digits and "
                          "dashes, such as \"ARM\" or \"NATO\"");
    if (!type || (strcmp(type, "state") && strcmp(type, "organization")))
        return problem(c, "actor %s: \"type\" must be \"state\" or "
                          "\"organization\"", id);
    int is_state = strcmp(type, "state") == 0;
    if (is_state && !is_state_code(id))
        return problem(c, "state %s: id must be its ISO 3166-1 alpha-3 code "
                          "(three capital letters)", id);
    if (!is_state && is_iso_alpha3(id))
        return problem(c,
                       "organization %s: %s is the ISO 3166-1 code of a "
                       "state; give the organization an id of its own "
                       "(such as \"%s-ORG\" or a longer name)",
                       id, id, id);
    long prev = dg_lexicon_find_actor(lx, id);
    if (prev >= 0 && lx->actors[prev].type !=
                         (is_state ? DG_ACTOR_STATE : DG_ACTOR_ORGANIZATION))
        return problem(c,
                       "actor %s is already defined as %s; a record may "
                       "replace an actor but not change its type",
                       id, is_state ? "an organization" : "a state");
    if (!name || !*name)
        return problem(c, "actor %s: \"name\" is missing", id);
    what wn = {"actor ", id, ": name"};
    if (check_phrase(c, &wn, name, 0) != DG_OK)
        return DG_EPARSE;

    /* the aliases, demonyms and capitals, then the display name, which is
     * always an alias */
    const char *const *lv[3];
    size_t ln[3], total = 1;
    static const int lists[] = {K_ALIASES, K_DEMONYMS, K_CAPITALS};
    static const char *const one[] = {": alias", ": demonym", ": capital"};
    static const uint32_t kinds[] = {DG_ALIAS_NAME, DG_ALIAS_DEMONYM,
                                     DG_ALIAS_CAPITAL};
    for (int k = 0; k < 3; k++) {
        what wk = {"actor ", id, one[k]};
        if ((rc = get_strv(c, lists[k], &lv[k], &ln[k])) != DG_OK)
            return rc;
        if ((rc = check_phrases(c, &wk, lv[k], ln[k], 0)) != DG_OK)
            return rc;
        total += ln[k];
    }
    const char *const *amb, *const *look;
    size_t namb, nlook;
    if ((rc = get_strv(c, K_AMBIGUOUS, &amb, &namb)) != DG_OK)
        return rc;
    for (size_t i = 0; i < namb; i++) {
        int found = 0;
        for (int k = 0; k < 3 && !found; k++)
            for (size_t j = 0; j < ln[k] && !found; j++)
                found = strcmp(lv[k][j], amb[i]) == 0;
        if (!found)
            return problem(c,
                           "actor %s: ambiguous alias \"%s\" is not one "
                           "of its aliases, demonyms or capitals",
                           id, amb[i]);
    }
    if ((rc = get_strv(c, K_LOOKALIKES, &look, &nlook)) != DG_OK)
        return rc;
    for (size_t i = 0; i < nlook; i++)
        if (strchr(look[i], ' '))
            return problem(c, "actor %s: lookalike \"%s\" must be one word", id,
                           look[i]);

    dg_actor a = {0};
    a.id = arena_strdup(&lx->mem, id);
    a.name = arena_strdup(&lx->mem, name);
    a.type = is_state ? DG_ACTOR_STATE : DG_ACTOR_ORGANIZATION;
    a.aliases = arena_alloc(&lx->mem, total * sizeof *a.aliases);
    if (!a.id || !a.name || !a.aliases)
        return DG_ENOMEM;
    for (int k = 0; k < 3; k++)
        for (size_t j = 0; j < ln[k]; j++) {
            dg_alias *al = &a.aliases[a.naliases++];
            if (!(al->text = arena_strdup(&lx->mem, lv[k][j])))
                return DG_ENOMEM;
            al->kind = kinds[k];
            al->ambiguous = 0;
            for (size_t i = 0; i < namb && !al->ambiguous; i++)
                al->ambiguous = strcmp(lv[k][j], amb[i]) == 0;
        }
    a.aliases[a.naliases].text = arena_strdup(&lx->mem, name);
    a.aliases[a.naliases].kind = DG_ALIAS_NAME;
    a.aliases[a.naliases].ambiguous = 0;
    a.naliases++;
    a.nlookalikes = nlook;
    if (!a.aliases[a.naliases - 1].text ||
        (nlook && !(a.lookalikes = copy_strv(lx, look, nlook))))
        return DG_ENOMEM;
    a.order = ++lx->order;
    long idx = dg_lexicon_find_actor(lx, id);
    if (idx >= 0)
        lx->actors[idx] = a;
    else {
        if ((rc = room_for_entry(lx, c)) != DG_OK ||
            (rc = append_actor(lx, &a)) != DG_OK)
            return rc;
        idx = (long)lx->nactors - 1;
    }
    lx->dirty = 1;
    return claim_aliases(c, lx, idx);
}

static int parse_leader(dg_lexicon *lx, line_ctx *c)
{
    const jline *o = &c->j;
    int rc;
    if ((rc = check_keys(c, KBIT(LEADER) | KBIT(ACTOR) | KBIT(ROLE) |
                                KBIT(FROM) | KBIT(TO) | KBIT(ALIASES) |
                                KBIT(NOTE))) != DG_OK)
        return rc;
    const char *name = get_str(o, K_LEADER);
    const char *actor = get_str(o, K_ACTOR);
    const char *role = get_str(o, K_ROLE);
    const char *from = get_str(o, K_FROM);
    const char *to = get_str(o, K_TO);
    if (!name || !*name)
        return problem(c, "\"leader\" must be the leader's full name");
    if (!actor || !valid_id(actor))
        return problem(c, "leader %s: \"actor\" must be an actor id", name);
    long fd = from && *from ? dg_parse_date(from) : 0;
    long td = to && *to ? dg_parse_date(to) : 99999999;
    if (fd < 0)
        return problem(c, "leader %s: \"from\" must be a date YYYY-MM-DD",
                       name);
    if (td < 0)
        return problem(c, "leader %s: \"to\" must be a date YYYY-MM-DD or "
                          "empty while in office", name);
    if (td < fd)
        return problem(c, "leader %s: term ends (%s) before it starts (%s)",
                       name, to, from);
    what wl = {"leader", NULL, NULL};
    if (check_phrase(c, &wl, name, 0) != DG_OK)
        return DG_EPARSE;
    const char *const *al;
    size_t nal;
    if ((rc = get_strv(c, K_ALIASES, &al, &nal)) != DG_OK)
        return rc;
    what wa = {"leader ", name, ": alias"};
    if (check_phrases(c, &wa, al, nal, 0) != DG_OK)
        return DG_EPARSE;
    dg_term t = {0};
    t.name = arena_strdup(&lx->mem, name);
    t.actor_id = arena_strdup(&lx->mem, actor);
    t.role = arena_strdup(&lx->mem, role ? role : "");
    t.from = arena_strdup(&lx->mem, from ? from : "");
    t.to = arena_strdup(&lx->mem, to ? to : "");
    t.naliases = nal;
    t.from_d = fd;
    t.to_d = td;
    t.order = ++lx->order;
    t.line = c->line;
    if (!t.name || !t.actor_id || !t.role || !t.from || !t.to ||
        (nal && !(t.aliases = copy_strv(lx, al, nal))))
        return DG_ENOMEM;
    long ti = find_term(lx, name, fd);
    if (ti >= 0) {
        lx->terms[ti] = t;
        lx->dirty = 1;
        return DG_OK;
    }
    if ((rc = room_for_entry(lx, c)) != DG_OK ||
        grow((void **)&lx->terms, &lx->capterms, lx->nterms,
             sizeof *lx->terms) != DG_OK ||
        ix_insert(&lx->term_ix, term_hash(name, fd), (int32_t)lx->nterms) !=
            DG_OK)
        return rc != DG_OK ? rc : DG_ENOMEM;
    lx->terms[lx->nterms++] = t;
    lx->dirty = 1;
    return DG_OK;
}

/* A cue frame (docs/lexicon.md, "Cue frames"): at most one slot "*", a
 * word of its own between two words of the phrase; "target" says which
 * side holds the target: "after" (the default: the actor after the
 * cue, "give * to Y") or "slot" (the actor in the slot, "accuse * of"). */
static int check_frame(line_ctx *c, const char *phrase, int agent_after,
                       int *target_slot)
{
    const jfield *tv = j_get(&c->j, K_TARGET);
    *target_slot = 0;
    if (tv && !(tv->type == JT_STRING && (strcmp(tv->str, "slot") == 0 ||
                                          strcmp(tv->str, "after") == 0)))
        return problem(c,
                       "cue \"%s\": \"target\" must be \"slot\" (the actor "
                       "in the slot \"*\" is the target) or \"after\" (the "
                       "actor after the cue, the default)",
                       phrase);
    if (!tv && !strchr(phrase, '*'))
        return DG_OK; /* most cues: no frame */
    int slots = 0, words = 0, at = -1;
    for (const char *p = phrase; *p;) {
        size_t wl = strcspn(p, " ");
        if (memchr(p, '*', wl)) {
            if (wl != 1)
                return problem(c,
                               "cue \"%s\": the slot \"*\" must be a word of "
                               "its own, between spaces",
                               phrase);
            slots++;
            at = words;
        }
        words++;
        p += wl;
        while (*p == ' ')
            p++;
    }
    if (slots > 1)
        return problem(c, "cue \"%s\": a frame holds at most one slot \"*\"",
                       phrase);
    if (slots && (at == 0 || at == words - 1))
        return problem(c,
                       "cue \"%s\": the slot \"*\" cannot be the first or "
                       "the last word (a frame is a verb or noun, the slot, "
                       "then a word that closes it: \"give * to\")",
                       phrase);
    if (tv && strcmp(tv->str, "slot") == 0) {
        if (!slots)
            return problem(c,
                           "cue \"%s\": \"target\": \"slot\" needs a slot "
                           "\"*\" in the phrase (\"accuse * of\")",
                           phrase);
        if (agent_after)
            return problem(c,
                           "cue \"%s\": \"agent_after\" and \"target\": "
                           "\"slot\" exclude each other",
                           phrase);
        *target_slot = 1;
    }
    return DG_OK;
}

static int store_cue(dg_lexicon *lx, line_ctx *c, dg_cue *cp);

/* A cue's "forms": each one word that replaces the phrase's first word.
 * Copies phrase and forms into cue. */
static int take_forms(dg_lexicon *lx, line_ctx *c, const char *phrase,
                      dg_cue *cue)
{
    const char *const *v;
    size_t n;
    int rc;
    if ((rc = get_strv(c, K_FORMS, &v, &n)) != DG_OK)
        return rc;
    what wf = {"cue \"", phrase, "\": form"};
    rc = check_phrases(c, &wf, v, n, 1);
    for (size_t k = 0; k < n && rc == DG_OK; k++)
        if (strchr(v[k], ' '))
            rc = problem(c,
                         "cue \"%s\": form \"%s\" must be one word "
                         "(it replaces the phrase's first word)",
                         phrase, v[k]);
    if (rc != DG_OK)
        return rc;
    cue->nforms = n;
    if ((n && !(cue->forms = copy_strv(lx, v, n))) ||
        !(cue->phrase = arena_strdup(&lx->mem, phrase)))
        return DG_ENOMEM;
    return DG_OK;
}

/* A blocking cue ("block": true, docs/lexicon.md): a phrase that is no
 * event ("share * border with"). It takes its words from shorter cues
 * and frames and codes nothing, as the null codes of CAMEO dictionaries
 * do; it has no class, weight or roles. */
static int parse_block(dg_lexicon *lx, line_ctx *c, const char *phrase,
                       const char *pos)
{
    static const int roles[] = {K_CLASS, K_WEIGHT, K_MUTUAL, K_AGENT_AFTER,
                                K_TARGET};
    for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++)
        if (j_get(&c->j, roles[i]))
            return problem(c,
                           "cue \"%s\": a blocking cue (\"block\": true) codes "
                           "no event and takes no \"%s\"",
                           phrase, key_names[roles[i]].s);
    int verb = strcmp(pos, "verb") == 0;
    what wc = {"cue", NULL, NULL};
    if (check_phrase(c, &wc, phrase, verb) != DG_OK)
        return DG_EPARSE;
    int target_slot, rc;
    if ((rc = check_frame(c, phrase, 0, &target_slot)) != DG_OK)
        return rc;
    dg_cue cue = {0};
    if ((rc = take_forms(lx, c, phrase, &cue)) != DG_OK)
        return rc;
    cue.pos = verb ? DG_POS_VERB : DG_POS_NOUN;
    cue.cls = -1;
    cue.block = 1;
    return store_cue(lx, c, &cue);
}

static int parse_cue(dg_lexicon *lx, line_ctx *c)
{
    const jline *o = &c->j;
    int rc;
    if ((rc = check_keys(c, KBIT(CUE) | KBIT(POS) | KBIT(CLASS) | KBIT(WEIGHT) |
                                KBIT(FORMS) | KBIT(MUTUAL) | KBIT(AGENT_AFTER) |
                                KBIT(TARGET) | KBIT(NOTE) | KBIT(BLOCK))) !=
        DG_OK)
        return rc;
    const char *phrase = get_str(o, K_CUE);
    const char *pos = get_str(o, K_POS);
    const char *cls = get_str(o, K_CLASS);
    const jfield *w = j_get(o, K_WEIGHT);
    const jfield *mu = j_get(o, K_MUTUAL);
    const jfield *aa = j_get(o, K_AGENT_AFTER);
    if (!phrase || !*phrase)
        return problem(c, "\"cue\" must be a non-empty phrase");
    for (const char *p = phrase; !c->builtin && *p; p++)
        if (isupper((unsigned char)*p))
            return problem(c, "cue \"%s\": write the phrase in lower case",
                           phrase);
    if (!pos || (strcmp(pos, "verb") && strcmp(pos, "noun")))
        return problem(c, "cue \"%s\": \"pos\" must be \"verb\" or \"noun\"",
                       phrase);
    const jfield *bl = j_get(o, K_BLOCK);
    if (bl && !is_bool(bl))
        return problem(c, "cue \"%s\": \"block\" must be true or false",
                       phrase);
    if (bl && bl->type == JT_TRUE)
        return parse_block(lx, c, phrase, pos);
    int ci = cls ? dg_plover_class_index(cls) : -1;
    if (ci < 0)
        return problem(c, "cue \"%s\": \"class\" must be a PLOVER class "
                          "(AGREE, CONSULT, SUPPORT, ... see docs/lexicon.md)",
                       phrase);
    /* range first, as a double: casting 1e100 to int is undefined */
    if (!w || w->type != JT_NUMBER || !(w->num >= -10 && w->num <= 10) ||
        w->num != (double)(int)w->num)
        return problem(c, "cue \"%s\": \"weight\" must be an integer from "
                          "-10 to 10", phrase);
    int pol = dg_plover_class_polarity(ci);
    if ((pol > 0 && w->valueint < 0) || (pol < 0 && w->valueint > 0))
        return problem(c, "cue \"%s\": weight %d contradicts class %s, which "
                          "is %s", phrase, w->valueint, cls,
                       pol > 0 ? "cooperative (weight >= 0)"
                               : "conflictual (weight <= 0)");
    if (mu && !is_bool(mu))
        return problem(c, "cue \"%s\": \"mutual\" must be true or false",
                       phrase);
    if (aa && !is_bool(aa))
        return problem(c, "cue \"%s\": \"agent_after\" must be true or "
                          "false", phrase);
    int verb = strcmp(pos, "verb") == 0;
    what wc = {"cue", NULL, NULL};
    if (check_phrase(c, &wc, phrase, verb) != DG_OK)
        return DG_EPARSE;
    int target_slot;
    if ((rc = check_frame(c, phrase, aa && aa->type == JT_TRUE,
                          &target_slot)) != DG_OK)
        return rc;
    dg_cue cue = {0};
    cue.target_slot = target_slot;
    if ((rc = take_forms(lx, c, phrase, &cue)) != DG_OK)
        return rc;
    cue.pos = verb ? DG_POS_VERB : DG_POS_NOUN;
    cue.cls = ci;
    cue.weight = w->valueint;
    cue.mutual = mu && mu->type == JT_TRUE;
    cue.agent_after = aa && aa->type == JT_TRUE;
    return store_cue(lx, c, &cue);
}

/* Add a parsed cue, or replace the earlier one with the same phrase and
 * part of speech. */
static int store_cue(dg_lexicon *lx, line_ctx *c, dg_cue *cp)
{
    int rc;
    dg_cue cue = *cp;
    const char *phrase = cue.phrase;
    cue.order = ++lx->order;
    uint64_t h = cue_hash(phrase, cue.pos);
    long ci_old = find_cue(lx, phrase, cue.pos, h);
    if (ci_old >= 0) {
        lx->cues[ci_old] = cue;
        lx->dirty = 1;
        return DG_OK;
    }
    if ((rc = room_for_entry(lx, c)) != DG_OK ||
        grow((void **)&lx->cues, &lx->capcues, lx->ncues, sizeof *lx->cues) !=
            DG_OK ||
        ix_insert(&lx->cue_ix, h, (int32_t)lx->ncues) != DG_OK)
        return rc != DG_OK ? rc : DG_ENOMEM;
    lx->cues[lx->ncues++] = cue;
    lx->dirty = 1;
    return DG_OK;
}

/* The fields of the line s[0..n) into c->j: from the plain parser, else
 * from cJSON (c->j.cj, deleted by the caller). */
static int read_fields(line_ctx *c, const char *s, size_t n)
{
    jline *j = &c->j;
    j->nf = j->nitems = 0;
    j->cj = NULL;
    for (int k = 0; k < K_COUNT; k++)
        j->first[k] = -1;
    if (n + 1 + J_BUF_PAD > j->capbuf) {
        size_t cap = j->capbuf ? j->capbuf : 1024;
        while (cap < n + 1 + J_BUF_PAD)
            cap *= 2;
        char *b = realloc(j->buf, cap);
        if (!b)
            return DG_ENOMEM;
        j->buf = b;
        j->capbuf = cap;
    }
    int rc = j_plain(j, s, n);
    if (rc == 1)
        return DG_OK;
    if (rc == DG_ENOMEM)
        return rc;
    j->nf = j->nitems = 0;
    for (int k = 0; k < K_COUNT; k++)
        j->first[k] = -1;
    const char *end = NULL;
    cJSON *o = cJSON_ParseWithLengthOpts(s, n, &end, 0);
    if (!o) {
        const char *ep = cJSON_GetErrorPtr();
        long col = (ep && ep >= s && ep <= s + n) ? (long)(ep - s) + 1 : 1;
        return problem(c, "invalid JSON near column %ld (each line must be "
                          "one JSON object)", col);
    }
    j->cj = o;
    while (end && end < s + n && isspace((unsigned char)*end))
        end++;
    if (end && end < s + n)
        return problem(c,
                       "unexpected text after the JSON object at column "
                       "%ld (one object a line)",
                       (long)(end - s) + 1);
    if (!cJSON_IsObject(o))
        return problem(c, "expected a JSON object");
    return j_from_cjson(j, o);
}

static int parse_line(dg_lexicon *lx, line_ctx *c, const char *s, size_t n)
{
    int rc = read_fields(c, s, n);
    if (rc != DG_OK)
        ;
    else if (j_get(&c->j, K_ACTOR) && !j_get(&c->j, K_LEADER))
        rc = parse_actor(lx, c);
    else if (j_get(&c->j, K_LEADER))
        rc = parse_leader(lx, c);
    else if (j_get(&c->j, K_CUE))
        rc = parse_cue(lx, c);
    else
        rc = problem(c, "the object is neither an actor, a leader nor a cue "
                        "(it needs a key \"actor\", \"leader\" or \"cue\")");
    cJSON_Delete(c->j.cj);
    c->j.cj = NULL;
    return rc;
}

/* Parse every line; strict stops at the first problem. */
static int load_lines(dg_lexicon *lx, line_ctx *c, const char *data,
                      size_t len, int strict)
{
    size_t i = 0;
    int any = 0;
    c->line = 0;
    while (i < len) {
        const char *nl = memchr(data + i, '\n', len - i);
        size_t e = nl ? (size_t)(nl - data) : len;
        c->line++;
        size_t a = i, b = e;
        while (a < b && isspace((unsigned char)data[a]))
            a++;
        while (b > a && isspace((unsigned char)data[b - 1]))
            b--;
        if (a < b && data[a] != '#') {
            size_t before = lx->nactors + lx->nterms + lx->ncues;
            int rc = parse_line(lx, c, data + a, b - a);
            if (rc == DG_ENOMEM)
                return rc;
            if (rc != DG_OK && (strict || before >= DG_LEX_MAX_ENTRIES))
                return rc; /* past the size limit, stop */
            any = 1;
        }
        i = e + 1;
    }
    if (!any && c->problems == 0) {
        c->line = 0;
        c->code = DG_EEMPTY;
        problem(c, "the lexicon holds no entries");
        c->code = 0;
        if (strict)
            return DG_EEMPTY;
    }
    return c->problems ? DG_EPARSE : DG_OK;
}

/* The one validation of a lexicon file, for loading (strict: stop at the
 * first problem) and for `lexicon check` (report every problem): the size
 * limit, every line (fields, phrases, aliases shared by two actors of the
 * file), leaders naming an actor that is not defined (in this file or
 * before it), then the patterns built from the whole. */
static int load_text(dg_lexicon *lx, line_ctx *c, const char *data, size_t len,
                     int strict)
{
    if (len > DG_LEX_MAX_BYTES)
        return problem(c,
                       "the file is larger than %zu MiB, the limit of a "
                       "lexicon file",
                       DG_LEX_MAX_BYTES >> 20);
    uint32_t first_order = lx->order;
    int rc = load_lines(lx, c, data, len, strict);
    claims_free(c);
    if (rc == DG_ENOMEM || (rc != DG_OK && strict))
        return rc;
    /* leaders of this file (order past first_order) must name a known
     * actor */
    for (size_t i = 0; i < lx->nterms; i++) {
        const dg_term *t = &lx->terms[i];
        if (t->order <= first_order)
            continue;
        if (dg_lexicon_find_actor(lx, t->actor_id) >= 0)
            continue;
        c->line = t->line;
        problem(c,
                "leader %s names unknown actor %s (define it in an actor "
                "line, or use an id that `diplograph lexicon list actors` "
                "shows)",
                t->name, t->actor_id);
        if (strict)
            return DG_EPARSE;
    }
    c->line = 0;
    if (dg_lexicon_finish(lx) != DG_OK)
        return DG_ENOMEM;
    return c->problems ? DG_EPARSE : DG_OK;
}

static int keep_first(const dg_error *e, void *ud)
{
    dg_error *err = ud;
    if (err && err->code == DG_OK)
        *err = *e;
    return 0;
}

int dg_lexicon_new(dg_lexicon **out, int with_default, dg_error *err)
{
    dg_lexicon *lx = calloc(1, sizeof *lx);
    if (!lx)
        return dg_error_set(err, DG_ENOMEM, NULL, 0, "out of memory");
    lx->dirty = 1;
    lx->fingerprint = DG_FINGERPRINT_START;
    line_ctx c = {.report = keep_first, .ud = err, .builtin = 1};
    dg_error_clear(err);
    for (size_t i = 0; with_default && i < dg_default_file_count; i++) {
        c.file = dg_default_files[i].name;
        int rc = load_lines(lx, &c, dg_default_files[i].data,
                            dg_default_files[i].len, 1);
        claims_free(&c);
        if (rc != DG_OK) {
            dg_lexicon_free(lx);
            return rc == DG_ENOMEM ? dg_error_set(err, rc, c.file, 0,
                                                  "out of memory")
                                   : rc;
        }
    }
    /* dg_fingerprint_add over every default file, worked out at build
     * time (gen_fingerprint.c) */
    if (with_default)
        lx->fingerprint = DG_DEFAULT_FINGERPRINT;
    /* the lookup tables are built here, once for all the default files */
    if (dg_lexicon_finish(lx) != DG_OK) {
        dg_lexicon_free(lx);
        return dg_error_set(err, DG_ENOMEM, NULL, 0, "out of memory");
    }
    *out = lx;
    return DG_OK;
}

int dg_lexicon_load_buffer(dg_lexicon *lx, const char *name, const char *data,
                           size_t len, dg_error *err)
{
    dg_error_clear(err);
    line_ctx c = {.file = name, .report = keep_first, .ud = err};
    lx->fingerprint = dg_fingerprint_add(lx->fingerprint, data, len);
    int rc = load_text(lx, &c, data, len, 1);
    if (rc == DG_ENOMEM)
        return dg_error_set(err, DG_ENOMEM, name, c.line, "out of memory");
    return rc;
}

/* Refuse a file past the size limit before reading it. */
static int size_ok(const char *path, dg_error *err)
{
    struct stat st;
    if (stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
        (uintmax_t)st.st_size > DG_LEX_MAX_BYTES)
        return dg_error_set(err, DG_EPARSE, path, 0,
                            "the file is larger than %zu MiB, the limit of "
                            "a lexicon file",
                            DG_LEX_MAX_BYTES >> 20);
    return DG_OK;
}

int dg_lexicon_load_file(dg_lexicon *lx, const char *path, dg_error *err)
{
    char *data;
    size_t len;
    int rc = size_ok(path, err);
    if (rc == DG_OK)
        rc = dg_read_file(path, &data, &len, DG_LEX_MAX_BYTES,
                          "a lexicon file", err);
    if (rc != DG_OK)
        return rc;
    rc = dg_lexicon_load_buffer(lx, path, data, len, err);
    free(data);
    return rc;
}

int dg_lexicon_check_file(const char *path, dg_report_fn report, void *ud,
                          dg_error *err)
{
    char *data;
    size_t len;
    if (!path)
        return dg_error_set(err, DG_EINVAL, NULL, 0,
                            "dg_lexicon_check_file: no path");
    int rc = size_ok(path, err);
    if (rc == DG_OK)
        rc = dg_read_file(path, &data, &len, DG_LEX_MAX_BYTES, "a lexicon file",
                          err);
    if (rc != DG_OK)
        return rc;
    /* check against the default lexicon, so leaders may name its actors */
    dg_lexicon *lx;
    if ((rc = dg_lexicon_new(&lx, 1, err)) != DG_OK) {
        free(data);
        return rc;
    }
    line_ctx c = {.file = path, .report = report, .ud = ud};
    rc = load_text(lx, &c, data, len, 0);
    free(data);
    dg_lexicon_free(lx);
    if (rc == DG_ENOMEM)
        return dg_error_set(err, DG_ENOMEM, path, c.line, "out of memory");
    if (c.stop)
        return dg_error_set(err, DG_EABORT, path, 0,
                            "stopped by the report callback");
    return c.problems;
}

/* ---- patterns and tables -------------------------------------------- */

static int ends_with(const char *w, size_t n, const char *suf)
{
    size_t k = strlen(suf);
    return n >= k && memcmp(w + n - k, suf, k) == 0;
}

static int is_vowel(char c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

/* Words of a cue that keep their form: function words, and words that
 * end in -s without being plurals. In byte order, for keeps_number. */
static const char *const no_number[] = {
    "a",      "about",   "across", "after",   "against", "all",     "always",
    "amid",   "among",   "an",     "and",     "as",      "at",      "away",
    "back",   "before",  "behind", "besides", "between", "both",    "by",
    "down",   "each",    "for",    "from",    "has",     "her",     "his",
    "in",     "into",    "is",     "its",     "like",    "means",   "near",
    "news",   "no",      "not",    "of",      "off",     "on",      "onto",
    "or",     "other",   "out",    "over",    "own",     "per",     "perhaps",
    "series", "than",    "that",   "the",     "their",   "these",   "this",
    "those",  "through", "thus",   "to",      "toward",  "towards", "under",
    "unless", "up",      "upon",   "us",      "via",     "was",     "whereas",
    "with",   "within",  "without"};

/* Is w[0..n) one of no_number? */
static int keeps_number(const char *w, size_t n)
{
    size_t lo = 0, hi = sizeof no_number / sizeof no_number[0];
    if (n > 7)
        return 0; /* "against", "between", ...: the longest */
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const unsigned char *t = (const unsigned char *)no_number[mid];
        size_t k = 0;
        while (k < n && t[k] == (unsigned char)w[k])
            k++;
        /* w[0..n) against t: equal, a prefix of t, or differs at k */
        int c = k == n ? (t[n] ? -1 : 0) : (unsigned char)w[k] < t[k] ? -1 : 1;
        if (c == 0)
            return 1;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return 0;
}

/* buf = w[0..n) then suffix suf; its length. */
static size_t stem_plus(char *buf, const char *w, size_t n, const char *suf)
{
    size_t k = strlen(suf);
    memcpy(buf, w, n);
    memcpy(buf + n, suf, k + 1);
    return n + k;
}

/* The inner noun of a cue in its other number: "links" for "link",
 * "ties" for "tie", "policies" for "policy" and back (regular English
 * plurals only), so that a cue need not list both. */
static int add_alternate(dg_lexicon *lx, dg_ptok *pt)
{
    const char *w = pt->text;
    size_t n = pt->len, bl;
    char buf[DG_PHRASE_MAX_BYTES + 4];
    if (n < 3 || n > DG_PHRASE_MAX_BYTES)
        return DG_OK;
    for (size_t i = 0; i < n; i++)
        if (w[i] < 'a' || w[i] > 'z')
            return DG_OK;
    if (keeps_number(w, n))
        return DG_OK;
    if (w[n - 1] == 's') {
        if (ends_with(w, n, "ss") || ends_with(w, n, "us") ||
            ends_with(w, n, "is") || n < 4)
            return DG_OK; /* "press", "consensus", "crisis": no plural */
        if (ends_with(w, n, "ies") && n > 4)
            bl = stem_plus(buf, w, n - 3, "y");
        else if (ends_with(w, n, "ses") || ends_with(w, n, "xes") ||
                 ends_with(w, n, "zes") || ends_with(w, n, "ches") ||
                 ends_with(w, n, "shes"))
            bl = stem_plus(buf, w, n - 2, "");
        else
            bl = stem_plus(buf, w, n - 1, "");
    } else if (w[n - 1] == 'y' && !is_vowel(w[n - 2]))
        bl = stem_plus(buf, w, n - 1, "ies");
    else if (w[n - 1] == 'x' || w[n - 1] == 'z' || ends_with(w, n, "ch") ||
             ends_with(w, n, "sh"))
        bl = stem_plus(buf, w, n, "es");
    else
        bl = stem_plus(buf, w, n, "s");
    pt->alt_len = (uint32_t)bl;
    pt->alt_text = arena_strndup(&lx->pat_mem, buf, bl);
    if (!pt->alt_text)
        return DG_ENOMEM;
    pt->alt_hash = dg_hash_lower(buf, pt->alt_len);
    return DG_OK;
}

/* The words of the patterns being built (dg_lexicon_finish): each text
 * once in the patterns' memory, with its other number (add_alternate)
 * worked out once, since a few hundred words ("with", "to", "talks")
 * make most tokens of the cues. */
typedef struct word_slot {
    uint64_t hash; /* the token's; 0 = empty slot */
    char *text;
    uint32_t len;
    int alt; /* 0 = not worked out yet, 1 = worked out */
    /* a pattern has it as a word (its hash in a dg_ptok), as a slot */
    uint8_t word, slot;
    uint64_t alt_hash;
    char *alt_text;
    uint32_t alt_len;
} word_slot;
typedef struct word_cache {
    word_slot *slots;
    size_t nslots, n;
} word_cache;

/* The slot of the word s[0..len) with hash h (a new one if need be), or
 * NULL when out of memory. */
static word_slot *word_find(dg_lexicon *lx, word_cache *wc, uint64_t h,
                            const char *s, uint32_t len)
{
    if ((wc->n + 1) * 2 > wc->nslots) {
        size_t ns = wc->nslots ? wc->nslots * 2 : 4096;
        word_slot *sl = calloc(ns, sizeof *sl);
        if (!sl)
            return NULL;
        for (size_t k = 0; k < wc->nslots; k++) {
            if (!wc->slots[k].hash)
                continue;
            size_t j = (size_t)wc->slots[k].hash & (ns - 1);
            while (sl[j].hash)
                j = (j + 1) & (ns - 1);
            sl[j] = wc->slots[k];
        }
        free(wc->slots);
        wc->slots = sl;
        wc->nslots = ns;
    }
    size_t j = (size_t)h & (wc->nslots - 1);
    for (; wc->slots[j].hash; j = (j + 1) & (wc->nslots - 1)) {
        word_slot *w = &wc->slots[j];
        if (w->hash == h && w->len == len && memcmp(w->text, s, len) == 0)
            return w;
    }
    word_slot *w = &wc->slots[j];
    if (!(w->text = arena_strndup(&lx->pat_mem, s, len)))
        return NULL;
    w->hash = h; /* token hashes are never 0 */
    w->len = len;
    w->alt = 0;
    w->word = w->slot = 0;
    wc->n++;
    return w;
}

/* Add a pattern of the tokens toks[0..n) of the text s (a phrase, or a
 * verb form and the rest of a phrase). */
static int add_pattern_toks(dg_lexicon *lx, word_cache *wc, const char *s,
                            const dg_token *toks, size_t n, uint32_t kind,
                            uint32_t alias, uint32_t ambiguous, int32_t ref,
                            uint32_t order, uint32_t verbform)
{
    size_t skip = 0;
    if (kind != DG_PAT_CUE && n > 1 && dg_tok_is(s, &toks[0], "the"))
        skip = 1; /* "the Kremlin": the article is optional in text */
    if (n <= skip)
        return DG_OK;
    if ((lx->npats >= lx->cappats &&
         grow((void **)&lx->pats, &lx->cappats, lx->npats, sizeof *lx->pats) !=
             DG_OK) ||
        (lx->nptoks + n > lx->capptoks &&
         reserve((void **)&lx->ptoks, &lx->capptoks, lx->nptoks + n,
                 sizeof *lx->ptoks) != DG_OK))
        return DG_ENOMEM;
    dg_pattern *p = &lx->pats[lx->npats];
    p->ntok = (uint32_t)(n - skip);
    p->kind = kind;
    p->alias = alias;
    p->ambiguous = ambiguous;
    p->ref = ref;
    p->tok0 = (uint32_t)lx->nptoks;
    p->order = order;
    p->verbform = verbform;
    p->slot = 0;
    for (size_t i = skip; i < n; i++) {
        uint32_t cm = DG_CASE_ANY;
        if (kind != DG_PAT_CUE) {
            if (toks[i].flags & DG_TOK_ALLCAP)
                cm = DG_CASE_EXACT;
            else if (toks[i].flags & DG_TOK_CAP)
                cm = DG_CASE_CAP;
        } else if (toks[i].len == 1 && s[toks[i].start] == '*') {
            cm = DG_CASE_SLOT;
            p->slot = (uint32_t)(i - skip + 1);
        }
        dg_ptok *pt = &lx->ptoks[lx->nptoks];
        word_slot *w =
            word_find(lx, wc, toks[i].hash, s + toks[i].start, toks[i].len);
        if (!w)
            return DG_ENOMEM;
        pt->text = w->text;
        pt->len = toks[i].len;
        pt->hash = toks[i].hash;
        pt->casemode = cm;
        pt->alt_hash = 0;
        pt->alt_text = NULL;
        pt->alt_len = 0;
        lx->nptoks++;
        if (cm == DG_CASE_SLOT)
            w->slot = 1;
        else
            w->word = 1;
        if (cm == DG_CASE_SLOT)
            pt->hash = 0; /* no token hashes to 0: a slot matches no word */
        else if (kind == DG_PAT_CUE && i > skip) {
            if (!w->alt) {
                if (add_alternate(lx, pt) != DG_OK)
                    return DG_ENOMEM;
                w->alt = 1;
                w->alt_hash = pt->alt_hash;
                w->alt_text = pt->alt_text;
                w->alt_len = pt->alt_len;
            } else {
                pt->alt_hash = w->alt_hash;
                pt->alt_text = w->alt_text;
                pt->alt_len = w->alt_len;
            }
        }
    }
    lx->npats++;
    return DG_OK;
}

/* check_phrase bounds the tokens: at most DG_PHRASE_MAX_TOKENS, and a
 * verb form of DG_VERB_MAX_BYTES bytes, one token a byte at most, in
 * place of the first word */
#define DG_PAT_MAX_TOKENS (DG_PHRASE_MAX_TOKENS + DG_VERB_MAX_BYTES + 8)
/* a dg_entry holds a cue pattern's ntok in a byte */
_Static_assert(DG_PAT_MAX_TOKENS < 255, "dg_entry.ntok fits");

/* Tokenize phrase and add a pattern. */
static int add_pattern(dg_lexicon *lx, word_cache *wc, const char *phrase,
                       uint32_t kind, uint32_t alias, uint32_t ambiguous,
                       int32_t ref, uint32_t order)
{
    dg_token toks[DG_PAT_MAX_TOKENS];
    size_t n =
        dg_lexicon_tokenize(phrase, strlen(phrase), toks, DG_PAT_MAX_TOKENS);
    return add_pattern_toks(lx, wc, phrase, toks, n, kind, alias, ambiguous,
                            ref, order, 0);
}

/* The tokens of a verb form f[0..fl): most are one word of lower-case
 * letters, one token as dg_lexicon_tokenize gives it, found here
 * without its loop of classes. */
static inline size_t form_tokens(const char *f, size_t fl, dg_token *toks)
{
    size_t i = 0;
    while (i < fl && f[i] >= 'a' && f[i] <= 'z')
        i++;
    if (i == 0 || i < fl)
        return dg_lexicon_tokenize(f, fl, toks, DG_PAT_MAX_TOKENS);
    toks[0].start = 0;
    toks[0].len = (uint32_t)fl;
    toks[0].hash = dg_hash_lower(f, fl);
    toks[0].flags = DG_TOK_WORD;
    return 1;
}

/* Append to the last pattern (a cue's) copies of the nr tokens at
 * lx->ptoks[from], as add_pattern_toks would have made them there. */
static int copy_rest(dg_lexicon *lx, uint32_t from, size_t nr)
{
    if (reserve((void **)&lx->ptoks, &lx->capptoks, lx->nptoks + nr,
                sizeof *lx->ptoks) != DG_OK)
        return DG_ENOMEM;
    dg_pattern *p = &lx->pats[lx->npats - 1];
    for (size_t j = 0; j < nr; j++) {
        dg_ptok *pt = &lx->ptoks[lx->nptoks + j];
        *pt = lx->ptoks[from + j];
        if (pt->casemode == DG_CASE_SLOT)
            p->slot = p->ntok + (uint32_t)j + 1;
    }
    lx->nptoks += nr;
    p->ntok += (uint32_t)nr;
    return DG_OK;
}

/* The patterns of a cue whose first word takes each of the nf forms
 * (inflections, or its "forms"): the rest of the phrase is tokenized
 * once. The tokenizer looks at no byte across a space, so the tokens of
 * "form rest" are those of the form then those of the rest. */
static int add_cue_forms(dg_lexicon *lx, word_cache *wc, const dg_cue *c,
                         int32_t ref, const char *const *forms, size_t nf)
{
    char buf[DG_PHRASE_MAX_BYTES + DG_VERB_MAX_BYTES + 16];
    dg_token toks[DG_PAT_MAX_TOKENS], rest[DG_PHRASE_MAX_TOKENS + 1];
    const char *sp = strchr(c->phrase, ' ');
    size_t rl = sp ? strlen(sp) : 0;
    size_t nr =
        sp ? dg_lexicon_tokenize(sp, rl, rest, DG_PHRASE_MAX_TOKENS + 1) : 0;
    /* the rest's tokens (all of them) in the cue's first pattern, whose
     * copies the later forms take: the same words, and the other number
     * of each (add_pattern_toks gives it to any word after the first) */
    uint32_t rest0 = UINT32_MAX;
    for (size_t k = 0; k < nf; k++) {
        size_t fl = strlen(forms[k]);
        if (fl + rl >= sizeof buf || nr > DG_PHRASE_MAX_TOKENS) {
            /* beyond what check_phrase lets through: the whole string */
            snprintf(buf, sizeof buf, "%s%s", forms[k], sp ? sp : "");
            size_t n =
                dg_lexicon_tokenize(buf, strlen(buf), toks, DG_PAT_MAX_TOKENS);
            int rc = add_pattern_toks(lx, wc, buf, toks, n, DG_PAT_CUE, 0, 0,
                                      ref, c->order, (uint32_t)k);
            if (rc != DG_OK)
                return rc;
            continue;
        }
        size_t n;
        if (rest0 != UINT32_MAX) {
            /* the form's tokens, then a copy of the rest's */
            n = form_tokens(forms[k], fl, toks);
            if (n >= 1 && n + nr <= DG_PAT_MAX_TOKENS) {
                int rc = add_pattern_toks(lx, wc, forms[k], toks, n, DG_PAT_CUE,
                                          0, 0, ref, c->order, (uint32_t)k);
                if (rc != DG_OK)
                    return rc;
                if (copy_rest(lx, rest0, nr) != DG_OK)
                    return DG_ENOMEM;
                continue;
            }
        }
        memcpy(buf, forms[k], fl);
        memcpy(buf + fl, sp ? sp : "", rl + 1);
        n = form_tokens(buf, fl, toks);
        size_t nform = n;
        for (size_t i = 0; i < nr && n < DG_PAT_MAX_TOKENS; i++) {
            toks[n] = rest[i];
            toks[n++].start += (uint32_t)fl;
        }
        int rc = add_pattern_toks(lx, wc, buf, toks, n, DG_PAT_CUE, 0, 0, ref,
                                  c->order, (uint32_t)k);
        if (rc != DG_OK)
            return rc;
        if (rest0 == UINT32_MAX && nform >= 1 && nform + nr == n)
            rest0 = lx->pats[lx->npats - 1].tok0 + (uint32_t)nform;
    }
    return DG_OK;
}

/* Regular inflections of a verb: base, -s, -ed, -ing. */
static void inflect(const char *w, char out[4][64])
{
    size_t n = strlen(w);
    if (n > 50)
        n = 50;
    stem_plus(out[0], w, n, "");
    int cy = n >= 2 && w[n - 1] == 'y' && !is_vowel(w[n - 2]);
    if (cy)
        stem_plus(out[1], w, n - 1, "ies");
    else if (ends_with(w, n, "s") || ends_with(w, n, "x") ||
             ends_with(w, n, "z") || ends_with(w, n, "ch") ||
             ends_with(w, n, "sh") || ends_with(w, n, "o"))
        stem_plus(out[1], w, n, "es");
    else
        stem_plus(out[1], w, n, "s");
    if (cy)
        stem_plus(out[2], w, n - 1, "ied");
    else if (w[n - 1] == 'e')
        stem_plus(out[2], w, n, "d");
    else
        stem_plus(out[2], w, n, "ed");
    if (ends_with(w, n, "ee") || ends_with(w, n, "ye") ||
        ends_with(w, n, "oe"))
        stem_plus(out[3], w, n, "ing");
    else if (ends_with(w, n, "ie"))
        stem_plus(out[3], w, n - 2, "ying");
    else if (w[n - 1] == 'e' && n > 2)
        stem_plus(out[3], w, n - 1, "ing");
    else
        stem_plus(out[3], w, n, "ing");
}

typedef struct sort_item {
    uint64_t h0, seq;
    uint32_t ntok, order, pat;
    uint32_t words; /* tokens that are not a slot */
} sort_item;

/* Within a bucket: the most literal words first ("send troops to" before
 * the frame "send * to"), then patterns without a slot, then the
 * longest. */
static int cmp_items(const void *a, const void *b)
{
    const sort_item *x = a, *y = b;
    if (x->h0 != y->h0)
        return x->h0 < y->h0 ? -1 : 1;
    if (x->words != y->words)
        return x->words > y->words ? -1 : 1;
    if ((x->ntok > x->words) != (y->ntok > y->words))
        return x->ntok > x->words ? 1 : -1; /* "give up" before "give * to" */
    if (x->ntok != y->ntok)
        return x->ntok > y->ntok ? -1 : 1; /* longest first */
    if (x->seq != y->seq)
        return x->seq < y->seq ? -1 : 1;
    if (x->order != y->order)
        return x->order > y->order ? -1 : 1; /* latest first */
    return x->pat < y->pat ? -1 : (x->pat > y->pat);
}

/* The words of a pattern after its first, as bits of dg_word_bit (see
 * dg_table): a slot and a word with another form ("link"/"links") add
 * none, since either form may stand there. */
static uint64_t pattern_signature(const dg_lexicon *lx, const dg_pattern *p)
{
    uint64_t sig = 0;
    for (uint32_t k = 1; k < p->ntok; k++) {
        const dg_ptok *pt = &lx->ptoks[p->tok0 + k];
        if (pt->casemode != DG_CASE_SLOT && !pt->alt_len)
            sig |= dg_word_bit(pt->hash);
    }
    return sig;
}

/* The dg_entry of cue pattern p: its signature, the sentence-set bytes
 * of its later words (a slot needs none; a word with another form,
 * either), its first word, the hashes of its second, and what the
 * matcher needs of the pattern and its cue. */
static void pattern_entry(const dg_lexicon *lx, const dg_pattern *p,
                          dg_entry *e)
{
    const dg_ptok *pt0 = &lx->ptoks[p->tok0];
    const dg_cue *cue = &lx->cues[p->ref];
    e->sig = pattern_signature(lx, p);
    e->req = 0;
    e->tok0 = p->tok0;
    e->ref = p->ref;
    e->verbform = p->verbform;
    e->h2 = e->alt2 = 0;
    if (p->ntok > 1) {
        const dg_ptok *pt1 = pt0 + 1;
        e->h2 = (uint32_t)pt1->hash;
        e->alt2 = pt1->alt_len ? (uint32_t)pt1->alt_hash : e->h2;
    }
    e->ntok = (uint8_t)p->ntok;
    e->nreq = 0;
    e->more = 0;
    e->flags = (uint8_t)((p->slot ? DG_ENTRY_SLOT : 0) |
                         (p->ntok > 1 && pt0[1].casemode == DG_CASE_SLOT
                              ? DG_ENTRY_SLOT1
                              : 0) |
                         (cue->target_slot ? DG_ENTRY_TARGET_SLOT : 0) |
                         (cue->pos == DG_POS_NOUN ? DG_ENTRY_NOUN : 0) |
                         (cue->block ? DG_ENTRY_BLOCK : 0));
    e->case0 = (uint8_t)pt0->casemode;
    e->len0 = 0;
    memset(e->text0, 0, sizeof e->text0);
    if (pt0->len <= DG_ENTRY_TEXT) {
        e->len0 = (uint8_t)pt0->len;
        memcpy(e->text0, pt0->text, pt0->len);
    }
    for (uint32_t k = 1; k < p->ntok; k++) {
        const dg_ptok *pt = &lx->ptoks[p->tok0 + k];
        if (pt->casemode == DG_CASE_SLOT)
            continue;
        if (e->nreq == DG_ENTRY_REQ) {
            e->more = 1;
            break;
        }
        uint64_t a = (pt->hash >> 24) & 255;
        uint64_t b = pt->alt_len ? (pt->alt_hash >> 24) & 255 : a;
        e->req |= (a | b << 8) << (16 * e->nreq++);
    }
}

/* The actor matcher's entry of pattern p (dg_aentry). */
static dg_aentry actor_entry(const dg_lexicon *lx, const dg_pattern *p)
{
    const dg_ptok *pt = &lx->ptoks[p->tok0];
    dg_aentry a = {.tok0 = p->tok0,
                   .ref = p->ref,
                   .ntok = (uint16_t)p->ntok,
                   .kind = (uint8_t)p->kind,
                   .alias = (uint8_t)p->alias,
                   .ambiguous = (uint8_t)(p->ambiguous != 0),
                   .case0 = (uint8_t)pt->casemode};
    if (p->ntok > 1)
        a.h2 = (uint32_t)lx->ptoks[p->tok0 + 1].hash;
    if (pt->len <= DG_AENTRY_TEXT) {
        a.len0 = (uint8_t)pt->len;
        memcpy(a.text0, pt->text, pt->len);
    }
    return a;
}

/* Sort items as cmp_items does, in a few passes rather than n log n
 * calls of a comparator: the distinct values of h0 (far fewer than the
 * items) radix-sorted, their bits being evenly spread, the items laid
 * out by them as a stable sort by h0 would, then a sort of each run of
 * items with the same h0 (the patterns that start with the same word: a
 * few, by insertion, or many, by merging). */
typedef struct sort_key {
    uint64_t h0;
    size_t i;
} sort_key;

/* cmp_items(x, y) > 0, for items of the same h0 */
static inline int item_after(const sort_item *x, const sort_item *y)
{
    if (x->words != y->words)
        return x->words < y->words;
    int xs = x->ntok > x->words, ys = y->ntok > y->words;
    if (xs != ys)
        return xs;
    if (x->ntok != y->ntok)
        return x->ntok < y->ntok;
    if (x->seq != y->seq)
        return x->seq > y->seq;
    if (x->order != y->order)
        return x->order < y->order;
    return x->pat > y->pat;
}

/* v[0..n), items of one h0, in the order of cmp_items (a total order:
 * every item has its own pat), by insertion: for a few items. */
static inline void insert_items(sort_item *v, size_t n)
{
    for (size_t k = 1; k < n; k++) {
        sort_item x = v[k];
        size_t m = k;
        while (m > 0 && item_after(&v[m - 1], &x)) {
            v[m] = v[m - 1];
            m--;
        }
        v[m] = x;
    }
}

/* The same for many items, by merging sorted halves (tmp holds n items):
 * cmp_items inlined rather than called through qsort. */
static void merge_items(sort_item *v, size_t n, sort_item *tmp)
{
    if (n <= 16) {
        insert_items(v, n);
        return;
    }
    size_t h = n / 2;
    merge_items(v, h, tmp);
    merge_items(v + h, n - h, tmp);
    if (!item_after(&v[h - 1], &v[h]))
        return; /* already in order */
    memcpy(tmp, v, h * sizeof *v);
    size_t a = 0, b = h, o = 0;
    while (a < h && b < n)
        v[o++] = item_after(&tmp[a], &v[b]) ? v[b++] : tmp[a++];
    while (a < h)
        v[o++] = tmp[a++];
}

static void sort_items(sort_item *items, size_t n)
{
    /* the distinct values of h0 (a few thousand first words), each with
     * an id, in a hash table of them; then those values sorted, and the
     * items laid out by them, in their order within each */
    size_t ns = 64;
    while (ns < 2 * n)
        ns *= 2;
    int big = n > 64 && n < UINT32_MAX;
    uint64_t *hk = big ? malloc(ns * sizeof *hk) : NULL;
    uint32_t *hid = big ? malloc(ns * sizeof *hid) : NULL;
    uint32_t *id = big ? malloc(n * sizeof *id) : NULL;
    uint32_t *start = big ? malloc(n * sizeof *start) : NULL;
    sort_key *keys = big ? malloc(2 * n * sizeof *keys) : NULL;
    sort_item *out = big ? malloc(n * sizeof *out) : NULL;
    if (!hk || !hid || !id || !start || !keys || !out) {
        free(hk);
        free(hid);
        free(id);
        free(start);
        free(keys);
        free(out);
        qsort(items, n, sizeof *items, cmp_items);
        return;
    }
    sort_key *a = keys, *b = keys + n;
    for (size_t s = 0; s < ns; s++)
        hid[s] = UINT32_MAX;
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        uint64_t h = items[i].h0;
        size_t s = (size_t)(h ^ (h >> 29)) & (ns - 1);
        while (hid[s] != UINT32_MAX && hk[s] != h)
            s = (s + 1) & (ns - 1);
        if (hid[s] == UINT32_MAX) {
            hk[s] = h;
            hid[s] = (uint32_t)m;
            a[m].h0 = h;
            a[m].i = m;
            start[m++] = 0;
        }
        id[i] = hid[s];
        start[id[i]]++;
    }
    free(hk);
    free(hid);
    /* the m values, by a radix sort: six passes of 11 bits (the last of
     * 9) */
    enum { RADIX_BITS = 11, RADIX = 1 << RADIX_BITS };
    for (unsigned shift = 0; shift < 64; shift += RADIX_BITS) {
        uint32_t cnt[RADIX] = {0};
        for (size_t i = 0; i < m; i++)
            cnt[(a[i].h0 >> shift) & (RADIX - 1)]++;
        if (cnt[(a[0].h0 >> shift) & (RADIX - 1)] == m)
            continue; /* one digit value: the pass would change nothing */
        uint32_t sum = 0;
        for (size_t k = 0; k < RADIX; k++) {
            uint32_t c = cnt[k];
            cnt[k] = sum;
            sum += c;
        }
        for (size_t i = 0; i < m; i++)
            b[cnt[(a[i].h0 >> shift) & (RADIX - 1)]++] = a[i];
        sort_key *t = a;
        a = b;
        b = t;
    }
    /* where each value's items begin, then the items there, in order */
    uint32_t sum = 0;
    for (size_t r = 0; r < m; r++) {
        uint32_t c = start[a[r].i];
        start[a[r].i] = sum;
        sum += c;
    }
    for (size_t i = 0; i < n; i++)
        out[start[id[i]]++] = items[i];
    memcpy(items, out, n * sizeof *items);
    free(out);
    free(id);
    free(start);
    free(keys);
    sort_item *tmp = NULL;
    size_t captmp = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && items[j].h0 == items[i].h0)
            j++;
        if (j - i > 16) { /* a common first word ("call", "the") */
            if (j - i > captmp) {
                free(tmp);
                captmp = j - i;
                tmp = malloc(captmp * sizeof *tmp);
            }
            if (tmp)
                merge_items(items + i, j - i, tmp);
            else {
                captmp = 0;
                qsort(items + i, j - i, sizeof *items, cmp_items);
            }
        } else
            insert_items(items + i, j - i);
        i = j;
    }
    free(tmp);
}

static int build_table(dg_lexicon *lx, dg_table *t, int cues)
{
    size_t n = 0;
    sort_item *items = malloc((lx->npats + 1) * sizeof *items);
    /* seq orders patterns by the FNV-1a token hashes of old
     * (dg_hash_fnv_fold; a slot 0), worked out once per word: by the
     * address of its text, which each word has once (word_find) */
    enum { FNV_MEMO = 4096 };
    struct fnv_memo {
        const char *text;
        uint64_t h;
        uint32_t len;
    } *memo = calloc(FNV_MEMO, sizeof *memo);
    if (!items || !memo) {
        free(items);
        free(memo);
        return DG_ENOMEM;
    }
    for (size_t i = 0; i < lx->npats; i++) {
        const dg_pattern *p = &lx->pats[i];
        if ((p->kind == DG_PAT_CUE) != cues)
            continue;
        uint64_t seq = 1469598103934665603ULL;
        for (uint32_t k = 0; k < p->ntok; k++) {
            const dg_ptok *pt = &lx->ptoks[p->tok0 + k];
            uint64_t th = 0;
            if (pt->hash) {
                struct fnv_memo *m =
                    &memo[((uintptr_t)pt->text >> 3) & (FNV_MEMO - 1)];
                if (m->text != pt->text || m->len != pt->len) {
                    m->text = pt->text;
                    m->len = pt->len;
                    m->h = dg_hash_fnv_fold(pt->text, pt->len);
                }
                th = m->h;
            }
            seq = (seq ^ th) * 1099511628211ULL;
            seq = (seq ^ pt->casemode) * 1099511628211ULL;
        }
        items[n].h0 = lx->ptoks[p->tok0].hash;
        items[n].seq = seq;
        items[n].ntok = p->ntok;
        items[n].words = p->ntok - (p->slot ? 1 : 0);
        items[n].order = p->order;
        items[n].pat = (uint32_t)i;
        n++;
    }
    free(memo);
    sort_items(items, n);
    /* drop shadowed duplicates: the same tokens from an earlier entry */
    size_t m = 0, keys = 0;
    for (size_t i = 0; i < n; i++) {
        if (m && items[m - 1].h0 == items[i].h0 &&
            items[m - 1].ntok == items[i].ntok &&
            items[m - 1].seq == items[i].seq)
            continue;
        if (!m || items[m - 1].h0 != items[i].h0)
            keys++;
        items[m++] = items[i];
    }
    size_t nslots = 16;
    while (nslots < keys * 2)
        nslots *= 2;
    t->slots = calloc(nslots, sizeof *t->slots);
    t->pats = malloc((m + 1) * sizeof *t->pats);
    /* a cache line each, on a line of its own */
    t->ent = cues ? aligned_alloc(64, (m + 1) * sizeof *t->ent) : NULL;
    t->filter = calloc(DG_TABLE_FILTER_BITS / 64, sizeof *t->filter);
    t->aent = cues ? NULL : calloc(m + 1, sizeof *t->aent);
    t->bsig = cues ? calloc(nslots, sizeof *t->bsig) : NULL;
    t->nslots = nslots;
    if (!t->slots || !t->pats || !t->filter ||
        (cues && (!t->ent || !t->bsig)) || (!cues && !t->aent)) {
        free(items);
        return DG_ENOMEM;
    }
    for (size_t i = 0; i < m;) {
        size_t j = i;
        while (j < m && items[j].h0 == items[i].h0) {
            t->pats[j] = items[j].pat;
            if (cues)
                pattern_entry(lx, &lx->pats[items[j].pat], &t->ent[j]);
            else
                t->aent[j] = actor_entry(lx, &lx->pats[items[j].pat]);
            j++;
        }
        size_t s = (size_t)items[i].h0 & (nslots - 1);
        while (t->slots[s].key)
            s = (s + 1) & (nslots - 1);
        t->slots[s].key = items[i].h0;
        if (cues) {
            uint64_t need = ~0ULL;
            for (size_t k = i; k < j; k++)
                need &= t->ent[k].sig;
            t->bsig[s] = need;
            dg_filter_add(t->filter, items[i].h0);
        } else
            dg_filter_bit_add(t->filter, items[i].h0);
        t->slots[s].first = (uint32_t)i;
        t->slots[s].count = (uint32_t)(j - i);
        i = j;
    }
    /* "(": the actor matcher's first pass picks the introductions of
     * names ("... Committee (CMC)") by the filter too */
    if (!cues)
        dg_filter_bit_add(t->filter, dg_hash_lower("(", 1));
    free(items);
    return DG_OK;
}

/* Group the leader terms by name (lx->lnames), in one pass with an
 * index of the names, and add their patterns. */
static int build_leaders(dg_lexicon *lx, word_cache *wc)
{
    dg_index names = {0};
    long *li_of = malloc((lx->nterms + 1) * sizeof *li_of);
    int rc = li_of ? DG_OK : DG_ENOMEM;
    for (size_t i = 0; i < lx->nterms && rc == DG_OK; i++) {
        dg_term *t = &lx->terms[i];
        t->actor_idx = dg_lexicon_find_actor(lx, t->actor_id);
        uint64_t h = key_hash(t->name, strlen(t->name));
        long li = -1;
        for (size_t s = names.nslots ? ix_start(&names, h) : 0;
             IX_MORE(&names, s); s = IX_NEXT(&names, s))
            if (names.slots[s].h == h &&
                strcmp(lx->lnames[names.slots[s].i].name, t->name) == 0) {
                li = names.slots[s].i;
                break;
            }
        if (li < 0) {
            if (grow((void **)&lx->lnames, &lx->caplnames, lx->nlnames,
                     sizeof *lx->lnames) != DG_OK ||
                ix_insert(&names, h, (int32_t)lx->nlnames) != DG_OK) {
                rc = DG_ENOMEM;
                break;
            }
            li = (long)lx->nlnames++;
            lx->lnames[li].name = t->name; /* in the records' memory */
            lx->lnames[li].terms = NULL;
            lx->lnames[li].nterms = 0;
        }
        li_of[i] = li;
        if (rc == DG_OK)
            lx->lnames[li].nterms++; /* counted here, filled below */
    }
    ix_free(&names);
    for (size_t i = 0; i < lx->nlnames && rc == DG_OK; i++) {
        lx->lnames[i].terms = arena_alloc(
            &lx->pat_mem, lx->lnames[i].nterms * sizeof *lx->lnames[i].terms);
        if (!lx->lnames[i].terms)
            rc = DG_ENOMEM;
        lx->lnames[i].nterms = 0;
    }
    for (size_t i = 0; i < lx->nterms && rc == DG_OK; i++) {
        dg_term *t = &lx->terms[i];
        dg_leader_name *ln = &lx->lnames[li_of[i]];
        ln->terms[ln->nterms++] = i;
        rc = add_pattern(lx, wc, t->name, DG_PAT_LEADER, DG_ALIAS_LEADER, 0,
                         (int32_t)li_of[i], t->order);
        for (size_t k = 0; k < t->naliases && rc == DG_OK; k++)
            rc = add_pattern(lx, wc, t->aliases[k], DG_PAT_LEADER,
                             DG_ALIAS_LEADER, 0, (int32_t)li_of[i], t->order);
    }
    free(li_of);
    return rc;
}

/* ---- misspellings ---------------------------------------------------
 *
 * Symmetric delete: a word w and a name v are at most one edit apart
 * only if w, or w with one letter deleted, equals v or v with one letter
 * deleted. The index holds every name and each of its one-letter
 * deletions; a token tries itself and its deletions (a dozen lookups),
 * and the candidates are checked with dg_one_edit. */

static int known_has(const dg_index *ix, uint64_t h)
{
    if (!ix->nslots)
        return 0;
    for (size_t s = ix_start(ix, h); IX_MORE(ix, s); s = IX_NEXT(ix, s))
        if (ix->slots[s].h == h)
            return 1;
    return 0;
}

static int known_add(dg_index *ix, uint64_t h)
{
    return known_has(ix, h) ? DG_OK : ix_insert(ix, h, 0);
}

#define DG_FUZZY_MIN_NAME 6
#define DG_FUZZY_MAX_NAME 30

static int fuzzy_word(const char *w, size_t n)
{
    if (n < DG_FUZZY_MIN_NAME || n > DG_FUZZY_MAX_NAME)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!isalpha((unsigned char)w[i]))
            return 0;
    return 1;
}

/* The index's own hash: polynomial over the lower-case letters, so that
 * the hash of each one-letter deletion of a word takes O(1) from its
 * prefix hashes (dg_lexicon_misspelling), then mixed for the table. */
#define FZ_B 0x100000001B3ULL
static uint64_t fz_mix(uint64_t h)
{
    h ^= h >> 31;
    h *= 0x9E3779B97F4A7C15ULL;
    h ^= h >> 29;
    return h;
}

/* ASCII lower case (names and tokens tried here are ASCII letters). */
static uint64_t fz_lower(char c)
{
    return (uint64_t)(unsigned char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
}

static uint64_t fz_hash(const char *w, size_t n)
{
    uint64_t h = 0;
    for (size_t i = 0; i < n; i++)
        h = h * FZ_B + fz_lower(w[i]);
    return fz_mix(h);
}

#define FZ_BITS 16 /* 2^16 bits, 8 KiB */

/* The bit of hash h in fuzzy_bits: a word from its top bits, a bit from
 * its middle ones. */
#define FZ_WORD(h) ((size_t)((h) >> (64 - (FZ_BITS - 6))))
#define FZ_BIT(h) (1ULL << (((h) >> 20) & 63))

static int fz_insert(dg_lexicon *lx, uint64_t h, int32_t fi)
{
    lx->fuzzy_bits[FZ_WORD(h)] |= FZ_BIT(h);
    return ix_insert(&lx->fuzzy_ix, h, fi);
}

static int fz_maybe(const dg_lexicon *lx, uint64_t h)
{
    return (lx->fuzzy_bits[FZ_WORD(h)] & FZ_BIT(h)) != 0;
}

static int build_fuzzy(dg_lexicon *lx)
{
    lx->fuzzy_bits = calloc((size_t)1 << (FZ_BITS - 6), sizeof(uint64_t));
    if (!lx->fuzzy_bits)
        return DG_ENOMEM;
    /* lx->known_ix holds the patterns' words (dg_lexicon_finish) */
    size_t cap = 0;
    lx->fuzzy_min = DG_FUZZY_MAX_NAME + 2;
    lx->fuzzy_max = 0;
    for (size_t i = 0; i < lx->nactors; i++) {
        const dg_actor *a = &lx->actors[i];
        for (size_t k = 0; k < a->nlookalikes; k++)
            if (known_add(&lx->known_ix,
                          dg_hash_lower(a->lookalikes[k],
                                        strlen(a->lookalikes[k]))) != DG_OK)
                return DG_ENOMEM;
        if (a->type != DG_ACTOR_STATE)
            continue;
        for (size_t k = 0; k < a->naliases; k++) {
            const dg_alias *al = &a->aliases[k];
            size_t n = strlen(al->text);
            if (al->kind != DG_ALIAS_NAME || al->ambiguous ||
                !fuzzy_word(al->text, n))
                continue;
            if (grow((void **)&lx->fuzzy, &cap, lx->nfuzzy,
                     sizeof *lx->fuzzy) != DG_OK)
                return DG_ENOMEM;
            dg_fuzzy_name *f = &lx->fuzzy[lx->nfuzzy];
            if (!(f->text = arena_strndup(&lx->pat_mem, al->text, n)))
                return DG_ENOMEM;
            for (size_t j = 0; j < n; j++)
                f->text[j] = (char)tolower((unsigned char)f->text[j]);
            f->len = (uint32_t)n;
            f->actor = (int32_t)i;
            int32_t fi = (int32_t)lx->nfuzzy++;
            char del[DG_FUZZY_MAX_NAME];
            if (fz_insert(lx, fz_hash(f->text, n), fi) != DG_OK)
                return DG_ENOMEM;
            for (size_t j = 0; j < n; j++) {
                memcpy(del, f->text, j);
                memcpy(del + j, f->text + j + 1, n - j - 1);
                if (fz_insert(lx, fz_hash(del, n - 1), fi) != DG_OK)
                    return DG_ENOMEM;
            }
            if (n - 1 < lx->fuzzy_min)
                lx->fuzzy_min = (uint32_t)(n - 1);
            if (n + 1 > lx->fuzzy_max)
                lx->fuzzy_max = (uint32_t)(n + 1);
        }
    }
    return DG_OK;
}

static int lower_eq(char a, char b)
{
    return fz_lower(a) == fz_lower(b);
}

int dg_one_edit(const char *a, size_t na, const char *b, size_t nb, size_t *pos)
{
    size_t i = 0;
    while (i < na && i < nb && lower_eq(a[i], b[i]))
        i++;
    *pos = i;
    if (na == nb) {
        if (i == na)
            return DG_EDIT_NONE; /* equal */
        size_t j = i + 1;
        while (j < na && lower_eq(a[j], b[j]))
            j++;
        if (j == na)
            return DG_EDIT_SUBSTITUTION;
        if (j == i + 1 && i + 2 <= na && lower_eq(a[i], b[i + 1]) &&
            lower_eq(a[i + 1], b[i])) {
            for (j = i + 2; j < na && lower_eq(a[j], b[j]); j++)
                ;
            if (j == na)
                return DG_EDIT_TRANSPOSITION;
        }
        return DG_EDIT_NONE;
    }
    if (na == nb + 1) { /* a has a letter more: inserted at i */
        for (size_t j = i; j < nb; j++)
            if (!lower_eq(a[j + 1], b[j]))
                return DG_EDIT_NONE;
        return DG_EDIT_INSERTION;
    }
    if (nb == na + 1) { /* a lacks b's letter i */
        for (size_t j = i; j < na; j++)
            if (!lower_eq(a[j], b[j + 1]))
                return DG_EDIT_NONE;
        return DG_EDIT_DELETION;
    }
    return DG_EDIT_NONE;
}

/* The candidates of hash h, checked against w. */
static void fuzzy_probe(const dg_lexicon *lx, uint64_t h, const char *w,
                        size_t n, long *best, int *edit, size_t *pos, int *ties)
{
    const dg_index *ix = &lx->fuzzy_ix;
    if (!fz_maybe(lx, h))
        return;
    for (size_t s = ix_start(ix, h); IX_MORE(ix, s); s = IX_NEXT(ix, s)) {
        if (ix->slots[s].h != h)
            continue;
        long fi = ix->slots[s].i;
        if (*best >= 0 && lx->fuzzy[*best].actor == lx->fuzzy[fi].actor)
            continue;
        size_t p;
        int e = dg_one_edit(w, n, lx->fuzzy[fi].text, lx->fuzzy[fi].len, &p);
        if (e == DG_EDIT_NONE)
            continue;
        if (*best >= 0) {
            *ties = 1; /* "Gambia"/"Zambia": two states as close */
            continue;
        }
        *best = fi;
        *edit = e;
        *pos = p;
    }
}

long dg_lexicon_misspelling(const dg_lexicon *lx, const char *w, size_t n,
                            int *edit, size_t *pos)
{
    if (!lx->nfuzzy || n < lx->fuzzy_min || n > lx->fuzzy_max ||
        n > DG_FUZZY_MAX_NAME + 1)
        return -1;
    for (size_t i = 0; i < n; i++)
        if (!((w[i] >= 'a' && w[i] <= 'z') || (w[i] >= 'A' && w[i] <= 'Z')))
            return -1;
    if (known_has(&lx->known_ix, dg_hash_lower(w, n)))
        return -1;
    long best = -1;
    int ties = 0;
    /* pre[j]: the hash of w[0..j); the deletion of letter j hashes to
     * pre[j] * B^(n-1-j) + hash(w[j+1..n)) */
    uint64_t pre[DG_FUZZY_MAX_NAME + 2];
    pre[0] = 0;
    for (size_t j = 0; j < n; j++)
        pre[j + 1] = pre[j] * FZ_B + fz_lower(w[j]);
    fuzzy_probe(lx, fz_mix(pre[n]), w, n, &best, edit, pos, &ties);
    uint64_t suf = 0, pw = 1;
    for (size_t j = n; j-- > 0;) {
        fuzzy_probe(lx, fz_mix(pre[j] * pw + suf), w, n, &best, edit, pos,
                    &ties);
        suf += fz_lower(w[j]) * pw;
        pw *= FZ_B;
    }
    return ties ? -1 : best;
}

int dg_lexicon_finish(dg_lexicon *lx)
{
    if (!lx->dirty)
        return DG_OK;
    patterns_free(lx);
    int rc = DG_OK;
    word_cache wc = {0};
    /* room for about as many patterns as there will be, and three tokens
     * each, at once: not a dozen copies while they grow */
    size_t est = 2 * lx->nterms;
    for (size_t i = 0; i < lx->nactors; i++)
        est += lx->actors[i].naliases;
    for (size_t i = 0; i < lx->ncues; i++)
        est += lx->cues[i].nforms               ? lx->cues[i].nforms
               : lx->cues[i].pos == DG_POS_VERB ? 4
                                                : 1;
    if (reserve((void **)&lx->pats, &lx->cappats, est, sizeof *lx->pats) !=
            DG_OK ||
        reserve((void **)&lx->ptoks, &lx->capptoks, 3 * est,
                sizeof *lx->ptoks) != DG_OK)
        return DG_ENOMEM;
    /* and a word cache of about the size it grows to (a word for every
     * three or four patterns, in at least twice as many slots) */
    wc.nslots = 4096;
    while (wc.nslots * 2 < est)
        wc.nslots *= 2;
    if (!(wc.slots = calloc(wc.nslots, sizeof *wc.slots)))
        return DG_ENOMEM;
    for (size_t i = 0; i < lx->nactors && rc == DG_OK; i++) {
        const dg_actor *a = &lx->actors[i];
        for (size_t k = 0; k < a->naliases && rc == DG_OK; k++)
            rc = add_pattern(lx, &wc, a->aliases[k].text, DG_PAT_ACTOR,
                             a->aliases[k].kind, a->aliases[k].ambiguous,
                             (int32_t)i, a->order);
    }
    /* leaders: one name entry with all its terms */
    if (rc == DG_OK)
        rc = build_leaders(lx, &wc);
    for (size_t i = 0; i < lx->ncues && rc == DG_OK; i++) {
        const dg_cue *c = &lx->cues[i];
        if (c->nforms) {
            rc = add_cue_forms(lx, &wc, c, (int32_t)i,
                               (const char *const *)c->forms, c->nforms);
        } else if (c->pos == DG_POS_VERB) {
            char first[64], forms[4][64];
            size_t fl = strcspn(c->phrase, " ");
            stem_plus(first, c->phrase, fl < 63 ? fl : 63, "");
            inflect(first, forms);
            const char *const fv[4] = {forms[0], forms[1], forms[2], forms[3]};
            rc = add_cue_forms(lx, &wc, c, (int32_t)i, fv, 4);
        } else {
            rc = add_pattern(lx, &wc, c->phrase, DG_PAT_CUE, 0, 0, (int32_t)i,
                             c->order);
        }
    }
    /* the hashes of the patterns' tokens (a slot's is 0), for
     * dg_lexicon_misspelling: each word once, from the cache of them */
    int any_slot = 0;
    if (rc == DG_OK)
        rc = ix_reserve(&lx->known_ix, wc.n + 1);
    for (size_t i = 0; i < wc.nslots && rc == DG_OK; i++) {
        const word_slot *w = &wc.slots[i];
        any_slot |= w->hash && w->slot;
        if (w->hash && w->word)
            rc = known_add(&lx->known_ix, w->hash);
    }
    if (rc == DG_OK && any_slot)
        rc = known_add(&lx->known_ix, 0);
    free(wc.slots);
    if (rc != DG_OK)
        return rc;
    if ((rc = build_table(lx, &lx->actor_table, 0)) != DG_OK ||
        (rc = build_table(lx, &lx->cue_table, 1)) != DG_OK ||
        (rc = build_fuzzy(lx)) != DG_OK)
        return rc;
    lx->dirty = 0;
    return DG_OK;
}

long dg_lexicon_resolve_leader(const dg_lexicon *lx, size_t lname, long date)
{
    const dg_leader_name *ln = &lx->lnames[lname];
    const dg_term *best = NULL;
    for (size_t i = 0; i < ln->nterms; i++) {
        const dg_term *t = &lx->terms[ln->terms[i]];
        if (date >= t->from_d && date <= t->to_d) {
            best = t;
            break;
        }
    }
    if (!best) /* out of office at that date: the most recent term */
        for (size_t i = 0; i < ln->nterms; i++) {
            const dg_term *t = &lx->terms[ln->terms[i]];
            if (!best || t->from_d > best->from_d)
                best = t;
        }
    return best ? best->actor_idx : -1;
}

/* ---- accessors ------------------------------------------------------ */

size_t dg_lexicon_actor_count(const dg_lexicon *lx) { return lx->nactors; }
size_t dg_lexicon_cue_count(const dg_lexicon *lx) { return lx->ncues; }
size_t dg_lexicon_leader_count(const dg_lexicon *lx) { return lx->nterms; }

const char *dg_lexicon_actor_id(const dg_lexicon *lx, size_t i)
{
    return i < lx->nactors ? lx->actors[i].id : NULL;
}

const char *dg_lexicon_actor_name(const dg_lexicon *lx, size_t i)
{
    return i < lx->nactors ? lx->actors[i].name : NULL;
}

int dg_lexicon_actor_type(const dg_lexicon *lx, size_t i)
{
    return i < lx->nactors ? lx->actors[i].type : -1;
}

long dg_lexicon_find_actor(const dg_lexicon *lx, const char *id)
{
    const dg_index *ix = &lx->actor_ix;
    if (!id || !ix->nslots)
        return -1;
    uint64_t h = key_hash(id, strlen(id));
    for (size_t s = ix_start(ix, h); IX_MORE(ix, s); s = IX_NEXT(ix, s))
        if (ix->slots[s].h == h &&
            strcmp(lx->actors[ix->slots[s].i].id, id) == 0)
            return ix->slots[s].i;
    return -1;
}

const char *dg_lexicon_cue_phrase(const dg_lexicon *lx, size_t i)
{
    return i < lx->ncues ? lx->cues[i].phrase : NULL;
}

const char *dg_lexicon_cue_pos(const dg_lexicon *lx, size_t i)
{
    return i < lx->ncues ? (lx->cues[i].pos == DG_POS_VERB ? "verb" : "noun")
                         : NULL;
}

const char *dg_lexicon_cue_class(const dg_lexicon *lx, size_t i)
{
    if (i >= lx->ncues)
        return NULL;
    return lx->cues[i].block ? "NONE" : dg_plover_classes[lx->cues[i].cls];
}

int dg_lexicon_cue_weight(const dg_lexicon *lx, size_t i)
{
    return i < lx->ncues ? lx->cues[i].weight : 0;
}

void dg_lexicon_leader(const dg_lexicon *lx, size_t i, const char **name,
                       const char **actor, const char **role,
                       const char **from, const char **to)
{
    const dg_term *t = i < lx->nterms ? &lx->terms[i] : NULL;
    *name = t ? t->name : NULL;
    *actor = t ? t->actor_id : NULL;
    *role = t ? t->role : NULL;
    *from = t ? t->from : NULL;
    *to = t ? t->to : NULL;
}

int dg_lexicon_names(const dg_lexicon *lx, dg_name_fn fn, void *ud,
                     dg_error *err)
{
    static const char *const kinds[] = {"name", "demonym", "capital", "leader"};
    if (!lx || !fn)
        return dg_error_set(err, DG_EINVAL, NULL, 0,
                            "dg_lexicon_names: no lexicon or no callback");
    for (size_t i = 0; i < lx->nactors; i++)
        for (size_t k = 0; k < lx->actors[i].naliases; k++) {
            const dg_alias *a = &lx->actors[i].aliases[k];
            if (fn(a->text, kinds[a->kind < 4 ? a->kind : 0], ud) != 0)
                goto stopped;
        }
    for (size_t i = 0; i < lx->nterms; i++) {
        const dg_term *t = &lx->terms[i];
        if (fn(t->name, "leader", ud) != 0)
            goto stopped;
        for (size_t k = 0; k < t->naliases; k++)
            if (fn(t->aliases[k], "leader", ud) != 0)
                goto stopped;
    }
    return DG_OK;
stopped:
    return dg_error_set(err, DG_EABORT, NULL, 0,
                        "stopped by the names callback");
}
