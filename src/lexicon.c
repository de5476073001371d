/* lexicon.c -- actors, leaders and stance cues: loading and validating
 * JSON Lines lexicon files (docs/lexicon.md), verb inflection, and the
 * hash tables that make matching a lookup per token.
 *
 * Records are kept as loaded (later records with the same key replace
 * earlier ones); dg_lexicon_finish() derives the token patterns and the
 * lookup tables from them. Once finished, a lexicon is read-only.
 */
#include "internal.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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
        if (strcmp(dg_class_table[i].name, name) == 0)
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

/* ---- records -------------------------------------------------------- */

static void free_strv(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

static void actor_free(dg_actor *a)
{
    free(a->id);
    free(a->name);
    for (size_t i = 0; i < a->naliases; i++)
        free(a->aliases[i].text);
    free(a->aliases);
    free_strv(a->lookalikes, a->nlookalikes);
}

static void term_free(dg_term *t)
{
    free(t->name);
    free(t->actor_id);
    free(t->role);
    free(t->from);
    free(t->to);
    free_strv(t->aliases, t->naliases);
}

static void cue_free(dg_cue *c)
{
    free(c->phrase);
    free_strv(c->forms, c->nforms);
}

static int grow(void **arr, size_t *cap, size_t n, size_t size)
{
    if (n < *cap)
        return DG_OK;
    size_t nc = *cap ? *cap * 2 : 64;
    void *p = realloc(*arr, nc * size);
    if (!p)
        return DG_ENOMEM;
    *arr = p;
    *cap = nc;
    return DG_OK;
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

static int ix_insert(dg_index *ix, uint64_t h, int32_t i)
{
    if ((ix->n + 1) * 2 > ix->nslots) {
        size_t ns = ix->nslots ? ix->nslots * 2 : 64;
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

static uint64_t term_hash(const char *name, long from_d)
{
    return dg_hash_bytes(name, strlen(name)) ^
           ((uint64_t)from_d * 0x9E3779B97F4A7C15ULL);
}

static uint64_t cue_hash(const char *phrase, int pos)
{
    return dg_hash_bytes(phrase, strlen(phrase)) ^ (uint64_t)(pos + 1);
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

static long find_cue(const dg_lexicon *lx, const char *phrase, int pos)
{
    const dg_index *ix = &lx->cue_ix;
    uint64_t h = cue_hash(phrase, pos);
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
    memset(t, 0, sizeof *t);
}

static void patterns_free(dg_lexicon *lx)
{
    for (size_t i = 0; i < lx->nptoks; i++) {
        free(lx->ptoks[i].text);
        free(lx->ptoks[i].alt_text);
    }
    lx->nptoks = 0;
    lx->npats = 0;
    for (size_t i = 0; i < lx->nlnames; i++) {
        free(lx->lnames[i].name);
        free(lx->lnames[i].terms);
    }
    lx->nlnames = 0;
    table_free(&lx->actor_table);
    table_free(&lx->cue_table);
    for (size_t i = 0; i < lx->nfuzzy; i++)
        free(lx->fuzzy[i].text);
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
    for (size_t i = 0; i < lx->nactors; i++)
        actor_free(&lx->actors[i]);
    for (size_t i = 0; i < lx->nterms; i++)
        term_free(&lx->terms[i]);
    for (size_t i = 0; i < lx->ncues; i++)
        cue_free(&lx->cues[i]);
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
    char *key;
    char *actor;
    long line;
} claim;

typedef struct line_ctx {
    const char *file;
    long line;
    dg_report_fn report;
    void *ud;
    int problems;
    int code;      /* the error code problem() reports; 0 = DG_EPARSE */
    /* aliases claimed in this file, so that two actors cannot share one */
    claim *claims;
    size_t nclaims, capclaims;
    dg_index claim_ix;
} line_ctx;

static void claims_free(line_ctx *c)
{
    for (size_t i = 0; i < c->nclaims; i++) {
        free(c->claims[i].key);
        free(c->claims[i].actor);
    }
    free(c->claims);
    c->claims = NULL;
    c->nclaims = c->capclaims = 0;
    ix_free(&c->claim_ix);
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
    if (c->report)
        c->report(&e, c->ud);
    return DG_EPARSE;
}

static const char *get_str(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* A list of non-empty strings (absent = empty). */
static int get_strv(line_ctx *c, const cJSON *o, const char *key,
                    char ***out, size_t *n)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    *out = NULL;
    *n = 0;
    if (!v)
        return DG_OK;
    if (!cJSON_IsArray(v))
        return problem(c, "\"%s\" must be a list of strings", key);
    int cnt = cJSON_GetArraySize(v);
    if (cnt == 0)
        return DG_OK;
    char **arr = calloc((size_t)cnt, sizeof *arr);
    if (!arr)
        return DG_ENOMEM;
    const cJSON *it;
    size_t k = 0;
    cJSON_ArrayForEach(it, v) {
        if (!cJSON_IsString(it) || !it->valuestring[0]) {
            free_strv(arr, k);
            return problem(c, "\"%s\" must hold non-empty strings only", key);
        }
        if (!(arr[k++] = dg_strdup(it->valuestring))) {
            free_strv(arr, k - 1);
            return DG_ENOMEM;
        }
    }
    *out = arr;
    *n = k;
    return DG_OK;
}

static int check_keys(line_ctx *c, const cJSON *o, const char *const *allowed)
{
    const cJSON *it;
    cJSON_ArrayForEach(it, o) {
        int ok = 0;
        for (size_t i = 0; allowed[i]; i++)
            if (strcmp(allowed[i], it->string) == 0)
                ok = 1;
        if (!ok)
            return problem(c, "unknown field \"%s\" (see docs/lexicon.md)",
                           it->string);
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
 * one and fail the other. Building the patterns (dg_lexicon_finish) relies
 * on what it guarantees: a phrase of 1 to DG_PHRASE_MAX_BYTES bytes of
 * valid UTF-8 without control characters, words separated by single
 * spaces, no space at either end, 1 to DG_PHRASE_MAX_TOKENS tokens of
 * which at least one is a word (letters or digits). */

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

/* Check one phrase; what names it in the message ("actor ARM: alias").
 * verb: a verb cue's phrase or form, whose first word is inflected. */
static int check_phrase(line_ctx *c, const char *what, const char *phrase,
                        int verb)
{
    size_t n = strlen(phrase);
    const unsigned char *p = (const unsigned char *)phrase;
    size_t i = 0;
    while (i < n && p[i] == ' ')
        i++;
    if (i == n)
        return problem(c, "%s \"%s\" is empty or only spaces", what, phrase);
    for (i = 0; i < n;) {
        size_t k = utf8_len(p + i, n - i);
        if (k == 0)
            return problem(c,
                           "%s holds invalid UTF-8 or a non-ASCII space "
                           "at byte %zu (write words separated by single "
                           "ASCII spaces)",
                           what, i);
        if (k == 1 && (p[i] < 0x20 || p[i] == 0x7F))
            return problem(c,
                           "%s holds a control character (tab, line "
                           "break...) at byte %zu",
                           what, i);
        if (p[i] == ' ' && p[i + 1] == ' ')
            return problem(c, "%s \"%s\" holds two spaces in a row", what,
                           phrase);
        i += k;
    }
    /* valid UTF-8 from here: messages quote at most 40 bytes of it, cut
     * at a character boundary */
    int cut = 40;
    while (cut > 0 && (size_t)cut < n && (p[cut] & 0xC0) == 0x80)
        cut--;
    if (n > DG_PHRASE_MAX_BYTES)
        return problem(c, "%s \"%.*s...\" is longer than %d bytes", what, cut,
                       phrase, DG_PHRASE_MAX_BYTES);
    if (p[0] == ' ' || p[n - 1] == ' ')
        return problem(c, "%s \"%s\" begins or ends with a space", what,
                       phrase);
    dg_token toks[DG_PHRASE_MAX_TOKENS + 1];
    size_t nt = dg_tokenize(phrase, n, toks, DG_PHRASE_MAX_TOKENS + 1);
    if (nt > DG_PHRASE_MAX_TOKENS)
        return problem(c, "%s \"%.*s...\" has more than %d tokens", what, cut,
                       phrase, DG_PHRASE_MAX_TOKENS);
    int words = 0;
    for (size_t k = 0; k < nt; k++)
        if (toks[k].flags & DG_TOK_WORD)
            words++;
    if (!words)
        return problem(c,
                       "%s \"%s\" has no word (letters or digits), only "
                       "punctuation",
                       what, phrase);
    if (nt == 1 && dg_tok_is(phrase, &toks[0], "the"))
        return problem(c,
                       "%s \"%s\" is only the article, which is optional "
                       "before a name and never a name itself",
                       what, phrase);
    if (verb) {
        size_t fl = strcspn(phrase, " ");
        if (fl > DG_VERB_MAX_BYTES)
            return problem(c,
                           "%s \"%s\": its first word, the verb, is "
                           "longer than %d bytes",
                           what, phrase, DG_VERB_MAX_BYTES);
        if (!(toks[0].flags & DG_TOK_WORD))
            return problem(c,
                           "%s \"%s\" must begin with the verb, not "
                           "with punctuation",
                           what, phrase);
    }
    return DG_OK;
}

/* Check every string of a list (see get_strv). */
static int check_phrases(line_ctx *c, const char *what, char **v, size_t n,
                         int verb)
{
    for (size_t i = 0; i < n; i++)
        if (check_phrase(c, what, v[i], verb) != DG_OK)
            return DG_EPARSE;
    return DG_OK;
}

/* The key of an alias as the matcher sees it (see claim). */
static char *alias_key(const char *phrase)
{
    dg_token toks[DG_PHRASE_MAX_TOKENS + 1];
    size_t n =
        dg_tokenize(phrase, strlen(phrase), toks, DG_PHRASE_MAX_TOKENS + 1);
    size_t skip = n > 1 && dg_tok_is(phrase, &toks[0], "the") ? 1 : 0;
    char *key = malloc(strlen(phrase) + n + 1), *q = key;
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
    return key;
}

/* Record that actor idx claims its aliases in this file: an alias (or
 * name) that another actor of the same file already claims is a problem,
 * since matching could give only one of them. Files loaded later may take
 * over an alias (docs/lexicon.md, overrides). */
static int claim_aliases(line_ctx *c, const dg_lexicon *lx, long idx)
{
    const dg_actor *a = &lx->actors[idx];
    for (size_t k = 0; k < a->naliases; k++) {
        char *key = alias_key(a->aliases[k].text);
        if (!key)
            return DG_ENOMEM;
        uint64_t h = dg_hash_bytes(key, strlen(key));
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
            free(key);
            if (strcmp(old->actor, a->id) == 0)
                continue;
            return problem(c,
                           "actor %s: alias \"%s\" is also an alias of "
                           "%s (line %ld); an alias may name only one "
                           "actor in a file",
                           a->id, a->aliases[k].text, old->actor, old->line);
        }
        claim cl = {key, dg_strdup(a->id), c->line};
        if (!cl.actor ||
            grow((void **)&c->claims, &c->capclaims, c->nclaims,
                 sizeof *c->claims) != DG_OK ||
            ix_insert(&c->claim_ix, h, (int32_t)c->nclaims) != DG_OK) {
            free(cl.key);
            free(cl.actor);
            return DG_ENOMEM;
        }
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
        ix_insert(&lx->actor_ix, dg_hash_bytes(a->id, strlen(a->id)),
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
    a.id = dg_strdup(id);
    a.name = dg_strdup(name);
    a.type = type;
    a.order = ++lx->order;
    if (!a.id || !a.name || append_actor(lx, &a) != DG_OK) {
        actor_free(&a);
        return DG_ENOMEM;
    }
    *idx = (long)lx->nactors - 1;
    return DG_OK;
}

static int add_aliases(dg_actor *a, char **v, size_t n, uint32_t kind)
{
    if (!n)
        return DG_OK;
    dg_alias *p = realloc(a->aliases, (a->naliases + n) * sizeof *p);
    if (!p) {
        free_strv(v, n);
        return DG_ENOMEM;
    }
    a->aliases = p;
    for (size_t i = 0; i < n; i++) {
        p[a->naliases].text = v[i];
        p[a->naliases].kind = kind;
        p[a->naliases].ambiguous = 0;
        a->naliases++;
    }
    free(v);
    return DG_OK;
}

static int parse_actor(dg_lexicon *lx, line_ctx *c, const cJSON *o)
{
    static const char *const keys[] = {
        "actor",    "type",      "name",       "aliases", "demonyms",
        "capitals", "ambiguous", "lookalikes", "note",    NULL};
    int rc;
    if ((rc = check_keys(c, o, keys)) != DG_OK)
        return rc;
    const char *id = get_str(o, "actor");
    const char *type = get_str(o, "type");
    const char *name = get_str(o, "name");
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
    char what[80];
    snprintf(what, sizeof what, "actor %s: name", id);
    if (check_phrase(c, what, name, 0) != DG_OK)
        return DG_EPARSE;

    dg_actor a = {0};
    char **v;
    size_t n;
    static const char *const lists[] = {"aliases", "demonyms", "capitals"};
    static const char *const one[] = {"alias", "demonym", "capital"};
    static const uint32_t kinds[] = {DG_ALIAS_NAME, DG_ALIAS_DEMONYM,
                                     DG_ALIAS_CAPITAL};
    for (int k = 0; k < 3; k++) {
        snprintf(what, sizeof what, "actor %s: %s", id, one[k]);
        if ((rc = get_strv(c, o, lists[k], &v, &n)) != DG_OK)
            ;
        else if ((rc = check_phrases(c, what, v, n, 0)) != DG_OK)
            free_strv(v, n);
        else
            rc = add_aliases(&a, v, n, kinds[k]);
        if (rc != DG_OK) {
            actor_free(&a);
            return rc;
        }
    }
    if ((rc = get_strv(c, o, "ambiguous", &v, &n)) != DG_OK) {
        actor_free(&a);
        return rc;
    }
    for (size_t i = 0; i < n; i++) {
        int found = 0;
        for (size_t j = 0; j < a.naliases; j++)
            if (strcmp(a.aliases[j].text, v[i]) == 0) {
                a.aliases[j].ambiguous = 1;
                found = 1;
            }
        if (!found) {
            problem(c, "actor %s: ambiguous alias \"%s\" is not one of its "
                       "aliases, demonyms or capitals", id, v[i]);
            free_strv(v, n);
            actor_free(&a);
            return DG_EPARSE;
        }
    }
    free_strv(v, n);
    if ((rc = get_strv(c, o, "lookalikes", &a.lookalikes, &a.nlookalikes)) !=
        DG_OK) {
        actor_free(&a);
        return rc;
    }
    for (size_t i = 0; i < a.nlookalikes; i++)
        if (strchr(a.lookalikes[i], ' ')) {
            problem(c, "actor %s: lookalike \"%s\" must be one word", id,
                    a.lookalikes[i]);
            actor_free(&a);
            return DG_EPARSE;
        }
    a.id = dg_strdup(id);
    a.name = dg_strdup(name);
    a.type = is_state ? DG_ACTOR_STATE : DG_ACTOR_ORGANIZATION;
    a.order = ++lx->order;
    if (!a.id || !a.name) {
        actor_free(&a);
        return DG_ENOMEM;
    }
    /* the display name is always an alias */
    char **self = malloc(sizeof *self);
    if (!self || !(self[0] = dg_strdup(name))) {
        free(self);
        actor_free(&a);
        return DG_ENOMEM;
    }
    if ((rc = add_aliases(&a, self, 1, DG_ALIAS_NAME)) != DG_OK) {
        actor_free(&a);
        return rc;
    }
    long idx = dg_lexicon_find_actor(lx, id);
    if (idx >= 0) {
        actor_free(&lx->actors[idx]);
        lx->actors[idx] = a;
    } else {
        if ((rc = room_for_entry(lx, c)) != DG_OK ||
            (rc = append_actor(lx, &a)) != DG_OK) {
            actor_free(&a);
            return rc;
        }
        idx = (long)lx->nactors - 1;
    }
    lx->dirty = 1;
    return claim_aliases(c, lx, idx);
}

static int parse_leader(dg_lexicon *lx, line_ctx *c, const cJSON *o)
{
    static const char *const keys[] = {"leader", "actor", "role", "from",
                                       "to", "aliases", "note", NULL};
    int rc;
    if ((rc = check_keys(c, o, keys)) != DG_OK)
        return rc;
    const char *name = get_str(o, "leader");
    const char *actor = get_str(o, "actor");
    const char *role = get_str(o, "role");
    const char *from = get_str(o, "from");
    const char *to = get_str(o, "to");
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
    if (check_phrase(c, "leader", name, 0) != DG_OK)
        return DG_EPARSE;
    dg_term t = {0};
    if ((rc = get_strv(c, o, "aliases", &t.aliases, &t.naliases)) != DG_OK)
        return rc;
    char what[DG_PHRASE_MAX_BYTES + 32];
    snprintf(what, sizeof what, "leader %s: alias", name);
    if (check_phrases(c, what, t.aliases, t.naliases, 0) != DG_OK) {
        term_free(&t);
        return DG_EPARSE;
    }
    t.name = dg_strdup(name);
    t.actor_id = dg_strdup(actor);
    t.role = dg_strdup(role ? role : "");
    t.from = dg_strdup(from ? from : "");
    t.to = dg_strdup(to ? to : "");
    t.from_d = fd;
    t.to_d = td;
    t.order = ++lx->order;
    t.line = c->line;
    if (!t.name || !t.actor_id || !t.role || !t.from || !t.to) {
        term_free(&t);
        return DG_ENOMEM;
    }
    long ti = find_term(lx, name, fd);
    if (ti >= 0) {
        term_free(&lx->terms[ti]);
        lx->terms[ti] = t;
        lx->dirty = 1;
        return DG_OK;
    }
    if ((rc = room_for_entry(lx, c)) != DG_OK ||
        grow((void **)&lx->terms, &lx->capterms, lx->nterms,
             sizeof *lx->terms) != DG_OK ||
        ix_insert(&lx->term_ix, term_hash(name, fd), (int32_t)lx->nterms) !=
            DG_OK) {
        term_free(&t);
        return rc != DG_OK ? rc : DG_ENOMEM;
    }
    lx->terms[lx->nterms++] = t;
    lx->dirty = 1;
    return DG_OK;
}

/* A cue frame (docs/lexicon.md, "Cue frames"): at most one slot "*", a
 * word of its own between two words of the phrase; "target" says which
 * side holds the target: "after" (the default: the actor after the
 * cue, "give * to Y") or "slot" (the actor in the slot, "accuse * of"). */
static int check_frame(line_ctx *c, const cJSON *o, const char *phrase,
                       int agent_after, int *target_slot)
{
    const cJSON *tv = cJSON_GetObjectItemCaseSensitive(o, "target");
    *target_slot = 0;
    if (tv && !(cJSON_IsString(tv) && (strcmp(tv->valuestring, "slot") == 0 ||
                                       strcmp(tv->valuestring, "after") == 0)))
        return problem(c,
                       "cue \"%s\": \"target\" must be \"slot\" (the actor "
                       "in the slot \"*\" is the target) or \"after\" (the "
                       "actor after the cue, the default)",
                       phrase);
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
    if (tv && strcmp(tv->valuestring, "slot") == 0) {
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

/* A blocking cue ("block": true, docs/lexicon.md): a phrase that is no
 * event ("share * border with"). It takes its words from shorter cues
 * and frames and codes nothing, as the null codes of CAMEO dictionaries
 * do; it has no class, weight or roles. */

/* A cue's "forms": each one word that replaces the phrase's first word. */
static int check_forms(line_ctx *c, const char *phrase, const dg_cue *cue)
{
    char what[DG_PHRASE_MAX_BYTES + 32];
    snprintf(what, sizeof what, "cue \"%s\": form", phrase);
    int rc = check_phrases(c, what, cue->forms, cue->nforms, 1);
    for (size_t k = 0; k < cue->nforms && rc == DG_OK; k++)
        if (strchr(cue->forms[k], ' '))
            rc = problem(c,
                         "cue \"%s\": form \"%s\" must be one word "
                         "(it replaces the phrase's first word)",
                         phrase, cue->forms[k]);
    return rc;
}
static int parse_block(dg_lexicon *lx, line_ctx *c, const cJSON *o,
                       const char *phrase, const char *pos)
{
    static const char *const roles[] = {"class",       "weight", "mutual",
                                        "agent_after", "target", NULL};
    for (size_t i = 0; roles[i]; i++)
        if (cJSON_GetObjectItemCaseSensitive(o, roles[i]))
            return problem(c,
                           "cue \"%s\": a blocking cue (\"block\": true) codes "
                           "no event and takes no \"%s\"",
                           phrase, roles[i]);
    int verb = strcmp(pos, "verb") == 0;
    if (check_phrase(c, "cue", phrase, verb) != DG_OK)
        return DG_EPARSE;
    int target_slot, rc;
    if ((rc = check_frame(c, o, phrase, 0, &target_slot)) != DG_OK)
        return rc;
    dg_cue cue = {0};
    if ((rc = get_strv(c, o, "forms", &cue.forms, &cue.nforms)) != DG_OK)
        return rc;
    rc = check_forms(c, phrase, &cue);
    if (rc != DG_OK || !(cue.phrase = dg_strdup(phrase))) {
        cue_free(&cue);
        return rc != DG_OK ? rc : DG_ENOMEM;
    }
    cue.pos = verb ? DG_POS_VERB : DG_POS_NOUN;
    cue.cls = -1;
    cue.block = 1;
    return store_cue(lx, c, &cue);
}

static int parse_cue(dg_lexicon *lx, line_ctx *c, const cJSON *o)
{
    static const char *const keys[] = {
        "cue",         "pos",    "class", "weight", "forms", "mutual",
        "agent_after", "target", "note",  "block",  NULL};
    int rc;
    if ((rc = check_keys(c, o, keys)) != DG_OK)
        return rc;
    const char *phrase = get_str(o, "cue");
    const char *pos = get_str(o, "pos");
    const char *cls = get_str(o, "class");
    const cJSON *w = cJSON_GetObjectItemCaseSensitive(o, "weight");
    const cJSON *mu = cJSON_GetObjectItemCaseSensitive(o, "mutual");
    const cJSON *aa = cJSON_GetObjectItemCaseSensitive(o, "agent_after");
    if (!phrase || !*phrase)
        return problem(c, "\"cue\" must be a non-empty phrase");
    for (const char *p = phrase; *p; p++)
        if (isupper((unsigned char)*p))
            return problem(c, "cue \"%s\": write the phrase in lower case",
                           phrase);
    if (!pos || (strcmp(pos, "verb") && strcmp(pos, "noun")))
        return problem(c, "cue \"%s\": \"pos\" must be \"verb\" or \"noun\"",
                       phrase);
    const cJSON *bl = cJSON_GetObjectItemCaseSensitive(o, "block");
    if (bl && !cJSON_IsBool(bl))
        return problem(c, "cue \"%s\": \"block\" must be true or false",
                       phrase);
    if (bl && cJSON_IsTrue(bl))
        return parse_block(lx, c, o, phrase, pos);
    int ci = cls ? dg_plover_class_index(cls) : -1;
    if (ci < 0)
        return problem(c, "cue \"%s\": \"class\" must be a PLOVER class "
                          "(AGREE, CONSULT, SUPPORT, ... see docs/lexicon.md)",
                       phrase);
    /* range first, as a double: casting 1e100 to int is undefined */
    if (!cJSON_IsNumber(w) || !(w->valuedouble >= -10 && w->valuedouble <= 10) ||
        w->valuedouble != (double)(int)w->valuedouble)
        return problem(c, "cue \"%s\": \"weight\" must be an integer from "
                          "-10 to 10", phrase);
    int pol = dg_plover_class_polarity(ci);
    if ((pol > 0 && w->valueint < 0) || (pol < 0 && w->valueint > 0))
        return problem(c, "cue \"%s\": weight %d contradicts class %s, which "
                          "is %s", phrase, w->valueint, cls,
                       pol > 0 ? "cooperative (weight >= 0)"
                               : "conflictual (weight <= 0)");
    if (mu && !cJSON_IsBool(mu))
        return problem(c, "cue \"%s\": \"mutual\" must be true or false",
                       phrase);
    if (aa && !cJSON_IsBool(aa))
        return problem(c, "cue \"%s\": \"agent_after\" must be true or "
                          "false", phrase);
    int verb = strcmp(pos, "verb") == 0;
    if (check_phrase(c, "cue", phrase, verb) != DG_OK)
        return DG_EPARSE;
    int target_slot;
    if ((rc = check_frame(c, o, phrase, aa && cJSON_IsTrue(aa),
                          &target_slot)) != DG_OK)
        return rc;
    dg_cue cue = {0};
    cue.target_slot = target_slot;
    if ((rc = get_strv(c, o, "forms", &cue.forms, &cue.nforms)) != DG_OK)
        return rc;
    rc = check_forms(c, phrase, &cue);
    if (rc != DG_OK) {
        cue_free(&cue);
        return rc;
    }
    cue.phrase = dg_strdup(phrase);
    if (!cue.phrase) {
        cue_free(&cue);
        return DG_ENOMEM;
    }
    cue.pos = strcmp(pos, "verb") == 0 ? DG_POS_VERB : DG_POS_NOUN;
    cue.cls = ci;
    cue.weight = w->valueint;
    cue.mutual = mu && cJSON_IsTrue(mu);
    cue.agent_after = aa && cJSON_IsTrue(aa);
    return store_cue(lx, c, &cue);
}

/* Add a parsed cue, or replace the earlier one with the same phrase and
 * part of speech; takes cue's memory either way. */
static int store_cue(dg_lexicon *lx, line_ctx *c, dg_cue *cp)
{
    int rc;
    dg_cue cue = *cp;
    const char *phrase = cue.phrase;
    cue.order = ++lx->order;
    long ci_old = find_cue(lx, phrase, cue.pos);
    if (ci_old >= 0) {
        cue_free(&lx->cues[ci_old]);
        lx->cues[ci_old] = cue;
        lx->dirty = 1;
        return DG_OK;
    }
    if ((rc = room_for_entry(lx, c)) != DG_OK ||
        grow((void **)&lx->cues, &lx->capcues, lx->ncues, sizeof *lx->cues) !=
            DG_OK ||
        ix_insert(&lx->cue_ix, cue_hash(phrase, cue.pos), (int32_t)lx->ncues) !=
            DG_OK) {
        cue_free(&cue);
        return rc != DG_OK ? rc : DG_ENOMEM;
    }
    lx->cues[lx->ncues++] = cue;
    lx->dirty = 1;
    return DG_OK;
}

static int parse_line(dg_lexicon *lx, line_ctx *c, const char *s, size_t n)
{
    const char *end = NULL;
    cJSON *o = cJSON_ParseWithLengthOpts(s, n, &end, 0);
    if (!o) {
        const char *ep = cJSON_GetErrorPtr();
        long col = (ep && ep >= s && ep <= s + n) ? (long)(ep - s) + 1 : 1;
        return problem(c, "invalid JSON near column %ld (each line must be "
                          "one JSON object)", col);
    }
    while (end && end < s + n && isspace((unsigned char)*end))
        end++;
    if (end && end < s + n) {
        cJSON_Delete(o);
        return problem(c, "unexpected text after the JSON object at column "
                          "%ld (one object a line)", (long)(end - s) + 1);
    }
    int rc;
    if (!cJSON_IsObject(o))
        rc = problem(c, "expected a JSON object");
    else if (cJSON_GetObjectItemCaseSensitive(o, "actor") &&
             !cJSON_GetObjectItemCaseSensitive(o, "leader"))
        rc = parse_actor(lx, c, o);
    else if (cJSON_GetObjectItemCaseSensitive(o, "leader"))
        rc = parse_leader(lx, c, o);
    else if (cJSON_GetObjectItemCaseSensitive(o, "cue"))
        rc = parse_cue(lx, c, o);
    else
        rc = problem(c, "the object is neither an actor, a leader nor a cue "
                        "(it needs a key \"actor\", \"leader\" or \"cue\")");
    cJSON_Delete(o);
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
        size_t e = i;
        while (e < len && data[e] != '\n')
            e++;
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

static void keep_first(const dg_error *e, void *ud)
{
    dg_error *err = ud;
    if (err && err->code == DG_OK)
        *err = *e;
}

int dg_lexicon_new(dg_lexicon **out, int with_default, dg_error *err)
{
    dg_lexicon *lx = calloc(1, sizeof *lx);
    if (!lx)
        return dg_error_set(err, DG_ENOMEM, NULL, 0, "out of memory");
    lx->dirty = 1;
    line_ctx c = {NULL, 0, keep_first, err, 0, 0, NULL, 0, 0, {0}};
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
    line_ctx c = {name, 0, keep_first, err, 0, 0, NULL, 0, 0, {0}};
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

int dg_lexicon_check_file(const char *path,
                          void (*report)(const dg_error *e, void *ud),
                          void *ud)
{
    dg_error err;
    char *data;
    size_t len;
    int rc = size_ok(path, &err);
    if (rc == DG_OK)
        rc = dg_read_file(path, &data, &len, DG_LEX_MAX_BYTES,
                          "a lexicon file", &err);
    if (rc != DG_OK) {
        if (report)
            report(&err, ud);
        return rc;
    }
    /* check against the default lexicon, so leaders may name its actors */
    dg_lexicon *lx;
    if ((rc = dg_lexicon_new(&lx, 1, &err)) != DG_OK) {
        free(data);
        return rc;
    }
    line_ctx c = {path, 0, report, ud, 0, 0, NULL, 0, 0, {0}};
    rc = load_text(lx, &c, data, len, 0);
    free(data);
    dg_lexicon_free(lx);
    if (rc == DG_ENOMEM) {
        dg_error_set(&err, DG_ENOMEM, path, c.line, "out of memory");
        if (report)
            report(&err, ud);
        return rc;
    }
    return c.problems;
}

/* ---- patterns and tables -------------------------------------------- */

static int add_ptok(dg_lexicon *lx, const char *s, const dg_token *t,
                    uint32_t casemode)
{
    if (grow((void **)&lx->ptoks, &lx->capptoks, lx->nptoks,
             sizeof *lx->ptoks) != DG_OK)
        return DG_ENOMEM;
    dg_ptok *p = &lx->ptoks[lx->nptoks];
    p->text = dg_strndup(s + t->start, t->len);
    if (!p->text)
        return DG_ENOMEM;
    p->len = t->len;
    p->hash = t->hash;
    p->casemode = casemode;
    p->alt_hash = 0;
    p->alt_text = NULL;
    p->alt_len = 0;
    lx->nptoks++;
    return DG_OK;
}

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
 * end in -s without being plurals. */
static const char *const no_number[] = {
    "with",   "to",      "of",      "on",      "in",    "from",    "against",
    "for",    "by",      "at",      "into",    "over",  "between", "among",
    "about",  "across",  "the",     "a",       "an",    "its",     "their",
    "his",    "her",     "this",    "that",    "these", "those",   "as",
    "up",     "off",     "out",     "down",    "back",  "away",    "towards",
    "toward", "upon",    "onto",    "under",   "after", "before",  "through",
    "behind", "within",  "without", "amid",    "and",   "or",      "per",
    "via",    "than",    "like",    "near",    "has",   "was",     "is",
    "thus",   "whereas", "unless",  "besides", "news",  "series",  "means",
    "always", "perhaps", "us",      "not",     "no",    "own",     "all",
    "other",  "each",    "both",    NULL};

/* The inner noun of a cue in its other number: "links" for "link",
 * "ties" for "tie", "policies" for "policy" and back (regular English
 * plurals only), so that a cue need not list both. */
static int add_alternate(dg_ptok *pt)
{
    const char *w = pt->text;
    size_t n = pt->len;
    char buf[DG_PHRASE_MAX_BYTES + 4];
    if (n < 3 || n > DG_PHRASE_MAX_BYTES)
        return DG_OK;
    for (size_t i = 0; i < n; i++)
        if (w[i] < 'a' || w[i] > 'z')
            return DG_OK;
    for (size_t i = 0; no_number[i]; i++)
        if (strlen(no_number[i]) == n && memcmp(no_number[i], w, n) == 0)
            return DG_OK;
    if (w[n - 1] == 's') {
        if (ends_with(w, n, "ss") || ends_with(w, n, "us") ||
            ends_with(w, n, "is") || n < 4)
            return DG_OK; /* "press", "consensus", "crisis": no plural */
        if (ends_with(w, n, "ies") && n > 4)
            snprintf(buf, sizeof buf, "%.*sy", (int)n - 3, w);
        else if (ends_with(w, n, "ses") || ends_with(w, n, "xes") ||
                 ends_with(w, n, "zes") || ends_with(w, n, "ches") ||
                 ends_with(w, n, "shes"))
            snprintf(buf, sizeof buf, "%.*s", (int)n - 2, w);
        else
            snprintf(buf, sizeof buf, "%.*s", (int)n - 1, w);
    } else if (w[n - 1] == 'y' && !is_vowel(w[n - 2]))
        snprintf(buf, sizeof buf, "%.*sies", (int)n - 1, w);
    else if (w[n - 1] == 'x' || w[n - 1] == 'z' || ends_with(w, n, "ch") ||
             ends_with(w, n, "sh"))
        snprintf(buf, sizeof buf, "%.*ses", (int)n, w);
    else
        snprintf(buf, sizeof buf, "%.*ss", (int)n, w);
    pt->alt_len = (uint32_t)strlen(buf);
    pt->alt_text = dg_strdup(buf);
    if (!pt->alt_text)
        return DG_ENOMEM;
    pt->alt_hash = dg_hash_lower(buf, pt->alt_len);
    return DG_OK;
}

/* Tokenize phrase and add a pattern; first_override replaces the first
 * token's text (an inflected verb form). */
static int add_pattern(dg_lexicon *lx, const char *phrase,
                       const char *first_override, uint32_t kind,
                       uint32_t alias, uint32_t ambiguous, int32_t ref,
                       uint32_t order, uint32_t verbform)
{
    /* check_phrase bounds the tokens: at most DG_PHRASE_MAX_TOKENS, and
     * a verb form of DG_VERB_MAX_BYTES bytes, one token a byte at most,
     * in place of the first word */
    dg_token toks[DG_PHRASE_MAX_TOKENS + DG_VERB_MAX_BYTES + 8];
    char buf[DG_PHRASE_MAX_BYTES + DG_VERB_MAX_BYTES + 16];
    if (first_override) {
        const char *sp = strchr(phrase, ' ');
        snprintf(buf, sizeof buf, "%s%s", first_override, sp ? sp : "");
        phrase = buf;
    }
    size_t n =
        dg_tokenize(phrase, strlen(phrase), toks, sizeof toks / sizeof toks[0]);
    size_t skip = 0;
    if (kind != DG_PAT_CUE && n > 1 && dg_tok_is(phrase, &toks[0], "the"))
        skip = 1; /* "the Kremlin": the article is optional in text */
    if (n <= skip)
        return DG_OK;
    if (grow((void **)&lx->pats, &lx->cappats, lx->npats,
             sizeof *lx->pats) != DG_OK)
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
        } else if (toks[i].len == 1 && phrase[toks[i].start] == '*') {
            cm = DG_CASE_SLOT;
            p->slot = (uint32_t)(i - skip + 1);
        }
        if (add_ptok(lx, phrase, &toks[i], cm) != DG_OK)
            return DG_ENOMEM;
        dg_ptok *pt = &lx->ptoks[lx->nptoks - 1];
        if (cm == DG_CASE_SLOT)
            pt->hash = 0; /* no token hashes to 0: a slot matches no word */
        else if (kind == DG_PAT_CUE && i > skip && add_alternate(pt) != DG_OK)
            return DG_ENOMEM;
    }
    lx->npats++;
    return DG_OK;
}

/* Regular inflections of a verb: base, -s, -ed, -ing. */
static void inflect(const char *w, char out[4][64])
{
    size_t n = strlen(w);
    if (n > 50)
        n = 50;
    snprintf(out[0], 64, "%.*s", (int)n, w);
    int cy = n >= 2 && w[n - 1] == 'y' && !is_vowel(w[n - 2]);
    if (cy)
        snprintf(out[1], 64, "%.*sies", (int)n - 1, w);
    else if (ends_with(w, n, "s") || ends_with(w, n, "x") ||
             ends_with(w, n, "z") || ends_with(w, n, "ch") ||
             ends_with(w, n, "sh") || ends_with(w, n, "o"))
        snprintf(out[1], 64, "%.*ses", (int)n, w);
    else
        snprintf(out[1], 64, "%.*ss", (int)n, w);
    if (cy)
        snprintf(out[2], 64, "%.*sied", (int)n - 1, w);
    else if (w[n - 1] == 'e')
        snprintf(out[2], 64, "%.*sd", (int)n, w);
    else
        snprintf(out[2], 64, "%.*sed", (int)n, w);
    if (ends_with(w, n, "ee") || ends_with(w, n, "ye") ||
        ends_with(w, n, "oe"))
        snprintf(out[3], 64, "%.*sing", (int)n, w);
    else if (ends_with(w, n, "ie"))
        snprintf(out[3], 64, "%.*sying", (int)n - 2, w);
    else if (w[n - 1] == 'e' && n > 2)
        snprintf(out[3], 64, "%.*sing", (int)n - 1, w);
    else
        snprintf(out[3], 64, "%.*sing", (int)n, w);
}

typedef struct sort_item {
    uint64_t h0, seq;
    uint32_t ntok, order, pat, kindgroup;
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

static int build_table(dg_lexicon *lx, dg_table *t, int cues)
{
    size_t n = 0;
    sort_item *items = malloc((lx->npats + 1) * sizeof *items);
    if (!items)
        return DG_ENOMEM;
    for (size_t i = 0; i < lx->npats; i++) {
        const dg_pattern *p = &lx->pats[i];
        if ((p->kind == DG_PAT_CUE) != cues)
            continue;
        uint64_t seq = 1469598103934665603ULL;
        for (uint32_t k = 0; k < p->ntok; k++) {
            const dg_ptok *pt = &lx->ptoks[p->tok0 + k];
            seq = (seq ^ pt->hash) * 1099511628211ULL;
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
    qsort(items, n, sizeof *items, cmp_items);
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
    t->nslots = nslots;
    if (!t->slots || !t->pats) {
        free(items);
        return DG_ENOMEM;
    }
    for (size_t i = 0; i < m;) {
        size_t j = i;
        while (j < m && items[j].h0 == items[i].h0) {
            t->pats[j] = items[j].pat;
            j++;
        }
        size_t s = (size_t)items[i].h0 & (nslots - 1);
        while (t->slots[s].key)
            s = (s + 1) & (nslots - 1);
        t->slots[s].key = items[i].h0;
        t->slots[s].first = (uint32_t)i;
        t->slots[s].count = (uint32_t)(j - i);
        i = j;
    }
    free(items);
    return DG_OK;
}

const uint32_t *dg_table_lookup(const dg_table *t, uint64_t hash,
                                uint32_t *count)
{
    *count = 0;
    if (!t->nslots)
        return NULL;
    size_t s = (size_t)hash & (t->nslots - 1);
    while (t->slots[s].key) {
        if (t->slots[s].key == hash) {
            *count = t->slots[s].count;
            return t->pats + t->slots[s].first;
        }
        s = (s + 1) & (t->nslots - 1);
    }
    return NULL;
}

/* Group the leader terms by name (lx->lnames), in one pass with an
 * index of the names, and add their patterns. */
static int build_leaders(dg_lexicon *lx)
{
    dg_index names = {0};
    long *li_of = malloc((lx->nterms + 1) * sizeof *li_of);
    int rc = li_of ? DG_OK : DG_ENOMEM;
    for (size_t i = 0; i < lx->nterms && rc == DG_OK; i++) {
        dg_term *t = &lx->terms[i];
        t->actor_idx = dg_lexicon_find_actor(lx, t->actor_id);
        uint64_t h = dg_hash_bytes(t->name, strlen(t->name));
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
            lx->lnames[li].name = dg_strdup(t->name);
            lx->lnames[li].terms = NULL;
            lx->lnames[li].nterms = 0;
            if (!lx->lnames[li].name)
                rc = DG_ENOMEM;
        }
        li_of[i] = li;
        if (rc == DG_OK)
            lx->lnames[li].nterms++; /* counted here, filled below */
    }
    ix_free(&names);
    for (size_t i = 0; i < lx->nlnames && rc == DG_OK; i++) {
        lx->lnames[i].terms =
            malloc(lx->lnames[i].nterms * sizeof *lx->lnames[i].terms);
        if (!lx->lnames[i].terms)
            rc = DG_ENOMEM;
        lx->lnames[i].nterms = 0;
    }
    for (size_t i = 0; i < lx->nterms && rc == DG_OK; i++) {
        dg_term *t = &lx->terms[i];
        dg_leader_name *ln = &lx->lnames[li_of[i]];
        ln->terms[ln->nterms++] = i;
        rc = add_pattern(lx, t->name, NULL, DG_PAT_LEADER, DG_ALIAS_LEADER, 0,
                         (int32_t)li_of[i], t->order, 0);
        for (size_t k = 0; k < t->naliases && rc == DG_OK; k++)
            rc =
                add_pattern(lx, t->aliases[k], NULL, DG_PAT_LEADER,
                            DG_ALIAS_LEADER, 0, (int32_t)li_of[i], t->order, 0);
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
    for (size_t i = 0; i < lx->nptoks; i++)
        if (known_add(&lx->known_ix, lx->ptoks[i].hash) != DG_OK)
            return DG_ENOMEM;
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
            if (!(f->text = dg_strdup(al->text)))
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
    for (size_t i = 0; i < lx->nactors && rc == DG_OK; i++) {
        const dg_actor *a = &lx->actors[i];
        for (size_t k = 0; k < a->naliases && rc == DG_OK; k++)
            rc = add_pattern(lx, a->aliases[k].text, NULL, DG_PAT_ACTOR,
                             a->aliases[k].kind, a->aliases[k].ambiguous,
                             (int32_t)i, a->order, 0);
    }
    /* leaders: one name entry with all its terms */
    if (rc == DG_OK)
        rc = build_leaders(lx);
    for (size_t i = 0; i < lx->ncues && rc == DG_OK; i++) {
        const dg_cue *c = &lx->cues[i];
        if (c->nforms) {
            for (size_t k = 0; k < c->nforms && rc == DG_OK; k++)
                rc = add_pattern(lx, c->phrase, c->forms[k], DG_PAT_CUE, 0, 0,
                                 (int32_t)i, c->order, (uint32_t)k);
        } else if (c->pos == DG_POS_VERB) {
            char first[64], forms[4][64];
            size_t fl = strcspn(c->phrase, " ");
            snprintf(first, sizeof first, "%.*s", (int)fl, c->phrase);
            inflect(first, forms);
            for (int k = 0; k < 4 && rc == DG_OK; k++)
                rc = add_pattern(lx, c->phrase, forms[k], DG_PAT_CUE, 0, 0,
                                 (int32_t)i, c->order, (uint32_t)k);
        } else {
            rc = add_pattern(lx, c->phrase, NULL, DG_PAT_CUE, 0, 0,
                             (int32_t)i, c->order, 0);
        }
    }
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
    uint64_t h = dg_hash_bytes(id, strlen(id));
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

size_t dg_lexicon_names(const dg_lexicon *lx, dg_name_fn fn, void *ud)
{
    static const char *const kinds[] = {"name", "demonym", "capital", "leader"};
    size_t n = 0;
    for (size_t i = 0; i < lx->nactors; i++)
        for (size_t k = 0; k < lx->actors[i].naliases; k++, n++) {
            const dg_alias *a = &lx->actors[i].aliases[k];
            fn(a->text, kinds[a->kind < 4 ? a->kind : 0], ud);
        }
    for (size_t i = 0; i < lx->nterms; i++) {
        const dg_term *t = &lx->terms[i];
        fn(t->name, "leader", ud);
        for (size_t k = 0; k < t->naliases; k++)
            fn(t->aliases[k], "leader", ud);
        n += 1 + t->naliases;
    }
    return n;
}
