/* internal.h -- shared types of the pipeline stages (not installed).
 *
 * Tokens point into a normalized sentence buffer; lexicon patterns are
 * token sequences stored in a hash table keyed by their first token, so
 * matching a token is one hash lookup plus a check of the few patterns
 * that start with that word.
 */
#ifndef DG_INTERNAL_H
#define DG_INTERNAL_H

#include "diplograph.h"
#include "hash.h"
#include "words.h"

#include <stdint.h>
#include <string.h>
#include <stdarg.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* ---- util.c --------------------------------------------------------- */

int dg_error_set(dg_error *err, int code, const char *file, long line,
                 const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

char *dg_strndup(const char *s, size_t n);
char *dg_strdup(const char *s);
/* Read a whole file of at most max bytes (what names the kind of file in
 * the error past it: "a lexicon file"); *out is NUL-terminated. */
/* The JSON Lines fast path of read.c on (the default) or off (cJSON for
 * every line, as tests compare the two); returns how many lines the fast
 * path has read so far. */
size_t dg_reader_fast_jsonl(dg_reader *r, int on);

int dg_read_file(const char *path, char **out, size_t *len, size_t max,
                 const char *what, dg_error *err);
/* "YYYY-MM-DD", alone or with an ISO 8601 time and zone after it
 * ("2024-03-01T10:00:00Z") -> YYYYMMDD (the day as written), or -1. */
long dg_parse_date(const char *s);
long dg_today(void);

/* One CSV field (RFC 4180): quoted when it holds a comma, a quote or a
 * line break, quotes doubled; a text that a spreadsheet would take for a
 * formula (=, +, -, @ first) gets a leading apostrophe. */
void dg_csv_field(FILE *out, const char *s);

/* Growable byte buffer. */
typedef struct dg_buf {
    char *data;
    size_t len, cap;
} dg_buf;
int dg_buf_reserve(dg_buf *b, size_t extra);
int dg_buf_append(dg_buf *b, const char *s, size_t n);
int dg_buf_printf(dg_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
void dg_buf_free(dg_buf *b);

/* The end of the run of bytes from s[i] that a JSON string holds as they
 * are: up to a '"', a '\\', a control byte or n (the JSON Lines reader).
 * With SSE2 sixteen bytes at a time, the last sixteen of s[0..n) read
 * again for the rest; else eight at a time. */
static inline size_t dg_json_plain_run(const unsigned char *s, size_t i,
                                       size_t n)
{
#if defined(__SSE2__) && defined(__GNUC__)
    if (n >= 16) {
        const __m128i quote = _mm_set1_epi8('"'), bslash = _mm_set1_epi8('\\'),
                      ctl = _mm_set1_epi8(0x1F);
#define DG_JSON_STOPS(x)                                                       \
    _mm_or_si128(                                                              \
        _mm_or_si128(_mm_cmpeq_epi8(x, quote), _mm_cmpeq_epi8(x, bslash)),     \
        _mm_cmpeq_epi8(_mm_min_epu8(x, ctl), x)) /* x <= 0x1F */
        while (i + 32 <= n) {                    /* two blocks a turn */
            __m128i a = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
            __m128i b =
                _mm_loadu_si128((const __m128i *)(const void *)(s + i + 16));
            __m128i ma = DG_JSON_STOPS(a), mb = DG_JSON_STOPS(b);
            if (_mm_movemask_epi8(_mm_or_si128(ma, mb))) {
                unsigned bits = (unsigned)_mm_movemask_epi8(ma) |
                                (unsigned)_mm_movemask_epi8(mb) << 16;
                return i + (size_t)__builtin_ctz(bits);
            }
            i += 32;
        }
        for (;;) {
            if (i >= n)
                return n;
            size_t at = i + 16 <= n ? i : n - 16; /* the last block again */
            __m128i x =
                _mm_loadu_si128((const __m128i *)(const void *)(s + at));
            unsigned bits =
                (unsigned)_mm_movemask_epi8(DG_JSON_STOPS(x)) >> (i - at);
            if (bits)
                return i + (size_t)__builtin_ctz(bits);
            i = at + 16;
        }
#undef DG_JSON_STOPS
    }
#else
    const uint64_t ones = 0x0101010101010101ULL, highs = ones * 0x80;
    while (i + 8 <= n) {
        uint64_t x, q, b;
        memcpy(&x, s + i, 8);
        q = x ^ (ones * '"');
        b = x ^ (ones * '\\');
        if ((((q - ones) & ~q) | ((b - ones) & ~b) | ((x - ones * 0x20) & ~x)) &
            highs)
            break;
        i += 8;
    }
#endif
    while (i < n && s[i] >= 0x20 && s[i] != '"' && s[i] != '\\')
        i++;
    return i;
}

/* Output to a path, the one way every writer of files goes
 * (dg_write_file, dg_write_report_file, dg_write_csv, the CLI):
 *   "-"             standard output (flushed on commit, never closed);
 *   /dev/stdout, /dev/stderr, /dev/fd/N, /proc/self/fd/N: that descriptor
 *                   (a file opened with >> is appended to, not replaced);
 *   a device, FIFO or socket (also through a symlink): opened and written
 *                   in place, never replaced by a regular file;
 *   a directory     refused (DG_EIO, "is a directory");
 *   a regular file or a new path: written to a hidden temporary file in
 *                   the same directory, ".NAME.diplograph-tmp.XXXXXX", and
 *                   renamed over PATH on commit (over the target of a
 *                   symlink to a regular file: the link stays). A new
 *                   file gets 0666 & ~umask; a replaced file keeps its
 *                   mode (and its owner when allowed).
 * fp is a FILE over the project's checked writer (write(2), short writes
 * and EINTR retried): the first errno is kept, so commit reports "No space
 * left on device" or "standard output was closed" (EPIPE; the caller
 * ignores SIGPIPE) as DG_EIO naming the path. On error the temporary file
 * is removed and the previous file is untouched.
 *
 * Process-wide state (the only global in the document path): temporary
 * files that exist right now are recorded in a small registry of atomic
 * pointers (lock-free, so safe from any thread and from a signal handler);
 * dg_remove_temporary_files() unlinks them and is async-signal-safe, for a
 * SIGTERM/SIGINT/SIGHUP handler that then re-raises the signal. A
 * dg_atomic_file must stay at one address while open (it is the writer's
 * cookie). */
enum { DG_OUT_TEMP = 0, DG_OUT_INPLACE = 1, DG_OUT_STDOUT = 2 };
typedef struct dg_atomic_file {
    FILE *fp;
    int kind; /* DG_OUT_* */
    int fd;
    int werrno;  /* first write error, 0 = none */
    int discard; /* aborting: drop buffered bytes */
    int slot;    /* registry slot of tmp, -1 = none */
    char tmp[4200];
    char path[4096];   /* as given, for messages */
    char target[4096]; /* what the rename replaces (a symlink's target) */
} dg_atomic_file;
int dg_atomic_open(dg_atomic_file *af, const char *path, dg_error *err);
int dg_atomic_commit(dg_atomic_file *af, dg_error *err);
void dg_atomic_abort(dg_atomic_file *af);
/* A writer failed with rc: aborts, and returns DG_EIO with the write
 * error (e.g. disk full) if there was one, else rc with path filled in. */
int dg_atomic_fail(dg_atomic_file *af, int rc, dg_error *err);
/* Checks before any work that path can be an output: not a directory,
 * and its directory exists. DG_EIO with the reason, else DG_OK. */
int dg_output_check(const char *path, dg_error *err);
/* What an input holds: decided by its name and first bytes (AUTO), or
 * given (--input-format). dg_sniff_input (sniff.c) looks at the first
 * bytes s[0..n) of a stream (complete: they are the whole stream) and
 * says TEXT, JSONL or GRAPH; the rule is in docs/formats.md. */
enum { DG_INPUT_AUTO = 0, DG_INPUT_TEXT, DG_INPUT_JSONL, DG_INPUT_GRAPH };
int dg_sniff_input(const char *s, size_t n, int complete);
/* complete: 0 more bytes may come (then -1: "read more"), 1 s is the
 * whole stream, 2 decide on these bytes. dg_sniff_fd reads fd until the
 * kind is known (at most 1 MiB) and hands back the bytes it read in
 * *buf (malloc'd, the caller reads them first); the kind, DG_ENOMEM, or
 * DG_EIO (errno set; *buf holds what was read). */
int dg_sniff_fd(int fd, char **buf, size_t *len);
/* How the reader takes "-": format DG_INPUT_AUTO (sniffed), TEXT or JSONL;
 * prefix (may be NULL), bytes already read from descriptor 0 by the
 * caller, is read before the rest of it (the reader takes ownership). */
void dg_reader_set_stdin(dg_reader *r, int format, char *prefix, size_t len);
/* dg_graph_load_json from standard input: prefix (plen bytes already
 * read from descriptor 0), then the rest of it. */
int dg_graph_load_json_stdin(dg_graph **out, const char *prefix, size_t plen,
                             dg_error *err);
/* dg_write_file in the format f whatever path's extension says ("-" is
 * standard output): the CLI's -o - and --format. */
int dg_write_file_as(const dg_graph *g, const char *path, dg_format f,
                     const dg_render_options *ro, dg_error *err);
/* Async-signal-safe: unlinks every temporary file being written. */
void dg_remove_temporary_files(void);

/* write_json.c: v written as cJSON would print it, into buf (at least 32
 * bytes), when it is an integer or a short decimal; 0 when cJSON must
 * print it. */
int dg_json_fast_number(double v, char *buf, size_t size);

/* ---- text.c --------------------------------------------------------- */

enum {
    DG_TOK_WORD = 1,     /* letters/digits */
    DG_TOK_PUNCT = 2,    /* punctuation */
    DG_TOK_CAP = 4,      /* first letter upper case */
    DG_TOK_ALLCAP = 8,   /* two or more letters, all upper case */
    DG_TOK_POSS = 16     /* the possessive marker 's or ' */
};

typedef struct dg_token {
    uint32_t start, len; /* bytes in the sentence buffer */
    uint64_t hash;       /* dg_hash_lower of the text */
    uint64_t words;      /* bit DG_WL_x: in word list x (words.h) */
    uint32_t flags;
} dg_token;

/* Is token t in the word list DG_WL_x? */
#define DG_TOK_IN(t, wl) (((t)->words >> (wl)) & 1)

/* Normalize a document: invalid UTF-8 replaced by U+FFFD (each reported
 * with its byte offset through report), NFC, typographic quotes, dashes
 * and spaces mapped to ASCII. Result in out (reused buffer). */
int dg_normalize(const char *text, size_t len, dg_buf *out,
                 const char *docname, dg_report_fn report, void *ud);

/* Sentence boundaries over normalized text: calls fn(start, len) for each
 * sentence with bullets and surrounding space trimmed. A run of text
 * longer than DG_MAX_SENTENCE bytes with no sentence end in it is cut at
 * the last space before that length (or, with no space, at the last
 * UTF-8 character boundary) and given to fn piece by piece, so that the
 * work per sentence is bounded and the time linear in the text. */
#define DG_MAX_SENTENCE 2048
/* Per sentence (docs/coding.md, "Limits"): the actor mentions and the
 * cues that the coder considers (later ones are left out of coding; all
 * mentions are still counted), and the events it may produce. */
#define DG_MAX_SENTENCE_MENTIONS 64
#define DG_MAX_SENTENCE_CUES 64
#define DG_MAX_SENTENCE_EVENTS 256
typedef int (*dg_sentence_fn)(const char *s, size_t len, void *ud);
int dg_split_sentences(const char *text, size_t len, dg_sentence_fn fn,
                       void *ud);

/* Tokenize a sentence into toks (capacity cap); returns the count. */
size_t dg_tokenize(const char *s, size_t len, dg_token *toks, size_t cap);
/* dg_tokenize, also telling (*spaces = 1) whether the text has a line
 * break or a run of spaces before its last token: white space that the
 * sentence's string form collapses. */
size_t dg_tokenize_spaces(const char *s, size_t len, dg_token *toks,
                          size_t cap, int *spaces);

/* dg_hash_lower with non-ASCII letters lower-cased too (the hash of a
 * token that has bytes outside ASCII). */
uint64_t dg_hash_fold(const char *s, size_t n);
/* 64-bit FNV-1a of the text folded as dg_hash_fold folds it: the order
 * of a lexicon's patterns with the same first word (build_table). */
uint64_t dg_hash_fnv_fold(const char *s, size_t n);
/* a[0..n) equals b[0..m) with letters folded as dg_hash_fold does. */
int dg_same_folded_utf8(const char *a, size_t n, const char *b, size_t m);

/* Token text equals the lower-case ASCII word w. Inline: the coder
 * calls it for every word of its word lists. */
static inline int dg_tok_is(const char *s, const dg_token *t, const char *w)
{
    if (t->len != strlen(w)) /* a constant for a literal w */
        return 0;
    const char *p = s + t->start;
    for (uint32_t i = 0; i < t->len; i++) {
        unsigned char c = (unsigned char)p[i];
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c + 32);
        if (c != (unsigned char)w[i]) /* also stops at w's end */
            return 0;
    }
    return w[t->len] == '\0';
}

/* ---- lexicon.c ------------------------------------------------------ */

enum { DG_PAT_ACTOR = 0, DG_PAT_LEADER = 1, DG_PAT_CUE = 2 };
enum { DG_ALIAS_NAME = 0, DG_ALIAS_DEMONYM = 1, DG_ALIAS_CAPITAL = 2,
       DG_ALIAS_LEADER = 3 };
/* DG_CASE_SLOT: the free slot "*" of a cue frame ("give * to"); it
 * never matches a token by itself (match.c walks it). */
enum { DG_CASE_ANY = 0, DG_CASE_CAP = 1, DG_CASE_EXACT = 2, DG_CASE_SLOT = 3 };
enum { DG_POS_VERB = 0, DG_POS_NOUN = 1 };

typedef struct dg_pattern {
    uint32_t ntok;
    uint32_t kind;      /* DG_PAT_* */
    uint32_t alias;     /* DG_ALIAS_* for actors */
    uint32_t ambiguous; /* alias needs context */
    int32_t ref;        /* actor, leader-name or cue index */
    uint32_t tok0;      /* first token's index in lx->ptoks */
    uint32_t order;     /* load order, for overrides */
    uint32_t verbform;  /* cue: index of the inflected form (0 = base) */
    uint32_t slot;      /* cue frame: 1 + index of its slot token, 0 = none */
} dg_pattern;

typedef struct dg_ptok {
    uint64_t hash;
    char *text;     /* as written in the lexicon */
    uint32_t len;
    uint32_t casemode;
    /* a cue's inner noun in its other number ("links" for "link", "tie"
     * for "ties"), matched as well; alt_len 0 = none */
    uint64_t alt_hash;
    char *alt_text;
    uint32_t alt_len;
} dg_ptok;

typedef struct dg_alias {
    char *text;
    uint32_t kind;      /* DG_ALIAS_* */
    uint32_t ambiguous;
} dg_alias;

typedef struct dg_actor {
    char *id, *name;
    int type;
    dg_alias *aliases; size_t naliases;
    /* words one edit from a name that are not this actor ("Siberia" for
     * Liberia): never taken for a misspelling of it */
    char **lookalikes;
    size_t nlookalikes;
    uint32_t order;
} dg_actor;

/* A state name that a misspelled token may stand for (one edit away):
 * single-word names of six letters or more, lower case. */
typedef struct dg_fuzzy_name {
    char *text;
    uint32_t len;
    int32_t actor;
} dg_fuzzy_name;

typedef struct dg_term {
    char *name, *actor_id, *role, *from, *to;
    long from_d, to_d; /* YYYYMMDD, to_d = 99999999 when open */
    char **aliases; size_t naliases;
    uint32_t order;
    long actor_idx;    /* set by dg_lexicon_finish, -1 if unknown */
    long line;         /* where it was defined, for messages */
} dg_term;

typedef struct dg_cue {
    char *phrase;
    int pos;
    int cls;     /* index into dg_plover_classes */
    int weight;
    int mutual;
    int agent_after;   /* "criticism from X": X acts on the actor before */
    char **forms; size_t nforms; /* inflections of the first word */
    uint32_t order;
    int block;       /* "block": no event; cls is -1 (match.c drops it) */
    int target_slot; /* frame "accuse * of": the actor in the slot is
                        the target (else the target follows the cue) */
} dg_cue;

/* A file compiled into the library (cmake/embed.cmake): the default
 * lexicon and the HTML report's files. */
typedef struct dg_embedded_file {
    const char *name;  /* e.g. "<built-in>/cues.jsonl", "report.js" */
    const char *data;  /* NUL-terminated */
    size_t len;
} dg_embedded_file;
extern const dg_embedded_file dg_default_files[];
extern const size_t dg_default_file_count;

/* Names of leaders: each has one or more terms. */
typedef struct dg_leader_name {
    char *name;
    size_t *terms;
    size_t nterms;
} dg_leader_name;

/* The token hash (hash.h) mixes every bit of the text into every bit of
 * the hash, so its own bits index everything: the tables take the low
 * ones, the first-word filters bits 32..53, dg_word_bit 58..63 and the
 * cue matcher's sentence set 24..31. */

typedef struct dg_bucket {
    uint64_t key;      /* hash of first token, 0 = empty */
    uint32_t first;    /* index into lx->bucket_pats */
    uint32_t count;
} dg_bucket;

/* A sentence's words as a 64-bit set (one bit of each word's hash, not
 * the bits that index the tables). */
static inline uint64_t dg_word_bit(uint64_t hash)
{
    return 1ULL << (hash >> 58);
}

/* The cue matcher's entry of a pattern (the cue table's ent, in the
 * order of its pats): what it tests of a pattern before it reads the
 * pattern's later tokens, and what it needs of the pattern to begin or
 * turn down a match, so that a candidate is decided from this one cache
 * line (the pattern, its tokens and their text are elsewhere in memory,
 * each a miss of its own). */
#define DG_ENTRY_TEXT 21
typedef struct dg_entry {
    uint64_t sig;  /* the dg_word_bit of its later words (see dg_table) */
    uint64_t req;  /* up to DG_ENTRY_REQ later words, 16 bits each: the
                      two bytes (hash >> 24, and its other form's) the
                      cue matcher's sentence set must have one of */
    uint32_t tok0; /* its first token in lx->ptoks */
    int32_t ref;   /* the pattern's cue and verbform */
    uint32_t verbform;
    /* the low halves of its second token's hash and of its other form's
     * (the same when it has none; ntok > 1): a token with neither is not
     * that token, which is then not read */
    uint32_t h2, alt2;
    uint8_t ntok;
    uint8_t nreq;  /* words in req */
    uint8_t more;  /* more later words than req holds */
    uint8_t flags; /* DG_ENTRY_* */
    /* its first token (whose hash is the bucket's key): length (0 when
     * longer than DG_ENTRY_TEXT, then compared from ptoks), DG_CASE_*
     * and text (not 0-ended) */
    uint8_t len0, case0;
    char text0[DG_ENTRY_TEXT];
} dg_entry;
/* of the pattern: it has a slot, its second token is the slot; of its
 * cue: the target is in the slot, a noun cue, a block */
enum {
    DG_ENTRY_SLOT = 1,
    DG_ENTRY_SLOT1 = 2,
    DG_ENTRY_TARGET_SLOT = 4,
    DG_ENTRY_NOUN = 8,
    DG_ENTRY_BLOCK = 16
};
#define DG_ENTRY_REQ 4
_Static_assert(sizeof(dg_entry) == 64, "a dg_entry is one cache line");

/* The actor matcher's entry (the actor table's aent, in the order of its
 * pats): what it tests before it reads the pattern's later tokens, the
 * first token's text (that token's hash is the bucket's key) and what
 * the matcher needs of the pattern, so that a one-word name ("Russia") is
 * checked and taken from one cache line after the slot's. */
#define DG_AENTRY_TEXT 13
typedef struct dg_aentry {
    uint32_t h2;   /* the low half of its second token's hash (ntok > 1) */
    uint32_t tok0; /* its first token in lx->ptoks */
    int32_t ref;   /* the pattern's ref, kind, alias, ambiguous, ntok */
    uint16_t ntok;
    uint8_t kind, alias, ambiguous;
    /* its first token: length (0 when longer than DG_AENTRY_TEXT, then
     * compared from ptoks), DG_CASE_* and text (not 0-ended) */
    uint8_t len0, case0;
    char text0[DG_AENTRY_TEXT];
} dg_aentry;

typedef struct dg_table {
    dg_bucket *slots;
    size_t nslots;
    uint32_t *pats;    /* pattern indices grouped by bucket, longest first */
    /* the cue table's: per entry of pats, its dg_entry (NULL in the actor
     * table), one cache line each: sig, the dg_word_bit of the pattern's
     * later words (a pattern whose bits are not all in the sentence's set
     * cannot match, and is turned down without reading it), the other
     * tests made before reading the pattern, and its first word */
    dg_entry *ent;
    /* two bits per first-word hash (DG_TABLE_FILTER_BITS bits, 8 KB, which
     * stay in the cache): most words begin no pattern, and are turned
     * down without a probe of slots, which are spread over a larger
     * array */
    uint64_t *filter;
    /* the actor table's: per entry of pats, its dg_aentry (NULL in the
     * cue table) */
    dg_aentry *aent;
    /* the cue table's: per slot, the dg_word_bit of the later words that
     * all patterns of its bucket have (the AND of their sigs): a bucket
     * none of whose patterns can be in the sentence is turned down
     * without reading its entries (NULL in the actor table) */
    uint64_t *bsig;
} dg_table;
#define DG_TABLE_FILTER_BITS (1u << 16)
/* The filter is a blocked Bloom filter: a key sets two bits of one 64-bit
 * word, so a test is one load. With a few thousand first words in 2^16
 * bits, about one common word in fifty that begins no pattern passes it
 * (one in twenty with one bit a key). Its bits are the hash's 32..53. */
static inline uint64_t dg_filter_mask(uint64_t hash)
{
    return (1ULL << ((hash >> 32) & 63)) | (1ULL << ((hash >> 38) & 63));
}
static inline size_t dg_filter_word(uint64_t hash)
{
    return (size_t)(hash >> 44) & (DG_TABLE_FILTER_BITS / 64 - 1);
}
static inline int dg_filter_has(const uint64_t *filter, uint64_t hash)
{
    uint64_t mask = dg_filter_mask(hash);
    return (filter[dg_filter_word(hash)] & mask) == mask;
}
static inline void dg_filter_add(uint64_t *filter, uint64_t hash)
{
    filter[dg_filter_word(hash)] |= dg_filter_mask(hash);
}
/* The actor table's filter has one bit a key (its hash's bits 32..47),
 * tested in a handful of instructions on every token of every sentence:
 * its few thousand keys let about one word in thirty through. 1 or 0. */
static inline uint64_t dg_filter_bit(const uint64_t *filter, uint64_t hash)
{
    uint32_t x = (uint32_t)(hash >> 32);
    return (filter[(x >> 6) & (DG_TABLE_FILTER_BITS / 64 - 1)] >> (x & 63)) & 1;
}
static inline void dg_filter_bit_add(uint64_t *filter, uint64_t hash)
{
    uint32_t x = (uint32_t)(hash >> 32);
    filter[(x >> 6) & (DG_TABLE_FILTER_BITS / 64 - 1)] |= 1ULL << (x & 63);
}

/* Open addressing from a key's 64-bit hash to a record index (-1 marks
 * an empty slot); the caller compares the keys, since two keys may share
 * a hash. Lookups and insertions are O(1) on average. */
typedef struct dg_islot {
    uint64_t h;
    int32_t i;
} dg_islot;
typedef struct dg_index {
    dg_islot *slots;
    size_t nslots, n;
} dg_index;

/* Limits of a lexicon (docs/lexicon.md): bytes of one file, entries
 * (actors, leader terms and cues together) in a lexicon, and the shape of
 * one phrase (alias, name, leader name, cue phrase, verb form). */
#define DG_LEX_MAX_BYTES ((size_t)256 << 20)
#define DG_LEX_MAX_ENTRIES 2000000
#define DG_PHRASE_MAX_BYTES 200
#define DG_PHRASE_MAX_TOKENS 32
#define DG_VERB_MAX_BYTES 48

/* A bump allocator (lexicon.c): many small allocations that are freed
 * together, in one go. */
typedef struct dg_arena_block dg_arena_block;
typedef struct dg_arena {
    dg_arena_block *head;
} dg_arena;

struct dg_lexicon {
    /* the records' strings and lists (replaced records stay until the
     * lexicon is freed), and the patterns' (freed when they are rebuilt) */
    dg_arena mem, pat_mem;
    dg_actor *actors; size_t nactors, capactors;
    dg_term *terms; size_t nterms, capterms;
    dg_leader_name *lnames; size_t nlnames, caplnames;
    dg_cue *cues; size_t ncues, capcues;
    dg_pattern *pats; size_t npats, cappats;
    dg_ptok *ptoks; size_t nptoks, capptoks;
    dg_table actor_table, cue_table;
    /* misspellings: every name of fuzzy and each of its one-letter
     * deletions, by hash -> index into fuzzy (symmetric delete); known:
     * the hashes of every word of the lexicon and of the lookalikes */
    dg_fuzzy_name *fuzzy;
    size_t nfuzzy;
    dg_index fuzzy_ix, known_ix;
    uint64_t *fuzzy_bits;          /* one bit per hash prefix in fuzzy_ix: most
                                      probes end here */
    uint32_t fuzzy_min, fuzzy_max; /* token lengths worth a lookup */
    dg_index actor_ix; /* actor id -> actor */
    dg_index term_ix;  /* (leader name, start date) -> term */
    dg_index cue_ix;   /* (pos, phrase) -> cue */
    int dirty;  /* tables need rebuilding */
    uint32_t order;
    /* what the lexicon was loaded from: a hash of each source's bytes, in
     * order (dg_lexicon_fingerprint, partial.c) */
    uint64_t fingerprint;
};

/* Adds n bytes (and their count) to a running FNV-1a 64 hash. */
static inline uint64_t dg_fingerprint_add(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    uint64_t len = n;
    for (int i = 0; i < 8; i++)
        h = (h ^ ((len >> (8 * i)) & 0xFF)) * 0x100000001B3ULL;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * 0x100000001B3ULL;
    return h;
}
#define DG_FINGERPRINT_START 0xCBF29CE484222325ULL

/* The PLOVER classes and what the coder needs to know of each: the one
 * place that defines them (their names, the DG_CLS_* enum and the
 * properties all come from this table). Columns:
 *   pol    +1 cooperative (weight >= 0), -1 conflictual (weight <= 0),
 *          0 sign free
 *   flags  DG_CF_PLACE  an actor mentioned as a place can be the target:
 *                       the event acts on the place itself ("attacks in
 *                       X", "lifted a curfew in X"); other classes only
 *                       happen there ("met in X")
 *          DG_CF_SYM    a compound subject with no object relates among
 *                       itself ("X and Y agreed", "X and Y clashed")
 *          DG_CF_OTHERS named inside a cooperative cue's object it is a
 *                       relation of others, coded by its own cue
 *                       ("complied with sanctions against Y")
 *          DG_CF_COND   "if" and "unless" lead to the target: a threat
 *                       is addressed to the actor whose action it is
 *                       conditional on
 *          DG_CF_REFUSE refusing it is a rejection of the target, like
 *                       refusing a cooperation ("refused to send troops
 *                       to X": REJECT), where a plain "not" only negates
 *          DG_CF_ABOUT  addressed to one actor about another, it is about
 *                       the other ("protested to X about Y's strikes":
 *                       the protest is against Y, X only hears it)
 *          DG_CF_NEAR   with DG_CF_PLACE, a place named as a landmark
 *                       ("shelled a camp near X", "clashes around X") is
 *                       a target too: fighting acts on the area
 *          DG_CF_BORDER a state's border as the venue is the target:
 *                       troops massed "on the Ukrainian border" face
 *                       Ukraine; other classes only happen there
 *          DG_CF_ASKS   asks someone to act: "urged X to condemn Y" is a
 *                       request to X; with no actor asked ("urged the
 *                       world to condemn Y") the requested act, signed,
 *                       is the source's stance on Y
 *          DG_CF_REACTS a reaction: with no actor in its object, the
 *                       subject of a clause of time or cause after it is
 *                       the target ("put its forces on alert after India
 *                       threatened ...")
 * Order matters only for output (categories are listed in this order). */
enum {
    DG_CF_PLACE = 1,
    DG_CF_SYM = 2,
    DG_CF_OTHERS = 4,
    DG_CF_COND = 8,
    DG_CF_REFUSE = 16,
    DG_CF_ABOUT = 32,
    DG_CF_ASKS = 64,
    DG_CF_NEAR = 128,
    DG_CF_BORDER = 256,
    DG_CF_REACTS = 512
};
#define DG_PLOVER_CLASSES(X)                                                   \
    /* cooperative */                                                          \
    X(AGREE, +1, DG_CF_SYM)                                                    \
    X(AID, +1, DG_CF_PLACE)                                                    \
    X(CONCEDE, +1, DG_CF_PLACE)                                                \
    X(CONSULT, +1, DG_CF_SYM)                                                  \
    X(COOPERATE, +1, DG_CF_SYM)                                                \
    X(SUPPORT, +1, 0)                                                          \
    X(RETREAT, +1, DG_CF_PLACE)                                                \
    /* conflictual */                                                          \
    X(ASSAULT, -1, DG_CF_PLACE | DG_CF_OTHERS | DG_CF_NEAR)                    \
    X(COERCE, -1, DG_CF_PLACE | DG_CF_OTHERS)                                  \
    X(DEMAND, -1, DG_CF_PLACE | DG_CF_ASKS)                                    \
    X(DISAPPROVE, -1, DG_CF_PLACE | DG_CF_OTHERS | DG_CF_ABOUT)                \
    X(FIGHT, -1, DG_CF_PLACE | DG_CF_SYM | DG_CF_OTHERS | DG_CF_NEAR)          \
    X(MOBILIZE, -1, DG_CF_PLACE | DG_CF_REFUSE | DG_CF_BORDER | DG_CF_REACTS)  \
    X(PROTEST, -1, DG_CF_PLACE | DG_CF_OTHERS | DG_CF_ABOUT | DG_CF_REACTS)    \
    X(REJECT, -1, DG_CF_PLACE)                                                 \
    X(SANCTION, -1, DG_CF_PLACE | DG_CF_OTHERS)                                \
    X(THREATEN, -1, DG_CF_PLACE | DG_CF_OTHERS | DG_CF_COND | DG_CF_REACTS)    \
    /* sign free */                                                            \
    X(ACCUSE, 0, DG_CF_OTHERS | DG_CF_ABOUT)                                   \
    X(REQUEST, 0, DG_CF_ASKS)                                                  \
    X(INVESTIGATE, 0, DG_CF_PLACE)

enum {
#define DG_CLS_ENUM(name, pol, flags) DG_CLS_##name,
    DG_PLOVER_CLASSES(DG_CLS_ENUM)
#undef DG_CLS_ENUM
        DG_NCLASSES
};

typedef struct dg_class_info {
    const char *name;
    int polarity;
    unsigned flags;
} dg_class_info;
extern const dg_class_info dg_class_table[DG_NCLASSES];

/* The names again, NULL-terminated, for the writers' loops. */
extern const char *const dg_plover_classes[];
int dg_plover_class_index(const char *name);
/* +1, -1 or 0 (sign free). */
int dg_plover_class_polarity(int cls);
/* Does class cls have property flag (DG_CF_*)? */
int dg_class_has(int cls, unsigned flag);

/* Add an actor with no aliases (the graph reader's nodes). DG_EINVAL
 * when the id is taken (*idx is then the existing actor), else *idx is
 * the new actor. */
int dg_lexicon_add_plain_actor(dg_lexicon *lx, const char *id, const char *name,
                               int type, long *idx);

/* dg_tokenize, faster on the plain words of lexicon phrases. */
size_t dg_lexicon_tokenize(const char *s, size_t len, dg_token *toks,
                           size_t cap);
/* Rebuild lookup tables after loading (called by the extractor). */
int dg_lexicon_finish(dg_lexicon *lx);
/* Can a pattern of t begin with a word of this hash? 0: surely not (two
 * bits of the filter, which stays in the cache); 1: dg_table_lookup will
 * tell. The matchers test it inline before calling out of line. */
static inline int dg_table_maybe(const dg_table *t, uint64_t hash)
{
    return t->filter && dg_filter_has(t->filter, hash);
}
/* Patterns whose first token has this hash (NULL, 0 when none), and when
 * ent is not NULL their entries (dg_table). It probes the slots without
 * the filter: the matchers' per-word loops test dg_table_maybe first, the
 * rare other callers need not. */
static inline const uint32_t *dg_table_lookup(const dg_table *t,
                                              uint64_t hash, uint32_t *count,
                                              const dg_entry **ent)
{
    *count = 0;
    if (!t->nslots)
        return NULL;
    size_t s = (size_t)hash & (t->nslots - 1);
    while (t->slots[s].key) {
        if (t->slots[s].key == hash) {
            *count = t->slots[s].count;
            if (ent)
                *ent = t->ent + t->slots[s].first;
            return t->pats + t->slots[s].first;
        }
        s = (s + 1) & (t->nslots - 1);
    }
    return NULL;
}
/* Edits of a misspelling (Damerau: one substitution, insertion, deletion
 * or transposition of adjacent letters). */
enum {
    DG_EDIT_NONE = 0,
    DG_EDIT_SUBSTITUTION,
    DG_EDIT_INSERTION,
    DG_EDIT_DELETION,
    DG_EDIT_TRANSPOSITION
};
/* The state name that the word w[0..n) misspells, one edit away, as an
 * index into lx->fuzzy, or -1 (also when two states are as close, or w
 * is a known word). *edit gets the DG_EDIT_* and *pos the position of
 * the edit in w. No allocation; a few hash lookups. */
long dg_lexicon_misspelling(const dg_lexicon *lx, const char *w, size_t n,
                            int *edit, size_t *pos);
/* The edit that turns a into b if they are one edit apart, or
 * DG_EDIT_NONE (ASCII case folded). */
int dg_one_edit(const char *a, size_t na, const char *b, size_t nb,
                size_t *pos);
/* Leader-name index -> actor index for a date (YYYYMMDD), or -1. */
long dg_lexicon_resolve_leader(const dg_lexicon *lx, size_t lname,
                               long date);

/* ---- match.c -------------------------------------------------------- */

typedef struct dg_mention {
    uint32_t start, end;  /* token range [start, end) */
    int32_t actor;        /* actor index */
    uint32_t alias;       /* DG_ALIAS_* */
    uint32_t location;    /* 1 a place ("in X"), 2 a venue ("on the X border") */
    int32_t fuzzy;        /* a misspelling of lx->fuzzy[fuzzy], or -1 */
    uint32_t edit;        /* its DG_EDIT_* */
    uint32_t how;         /* DG_HOW_*: the pattern that found it */
    int32_t leader;       /* a leader name's index (lx->lnames) when the
                           * mention is that name alone, else -1: the
                           * actor it gives depends on the date */
} dg_mention;

/* Mentions found by a pattern rather than a lexicon alias (--explain). */
enum {
    DG_HOW_ALIAS = 0,
    DG_HOW_MISSPELLING,
    DG_HOW_DOC_ACRONYM,
    DG_HOW_DEMONYM_TITLE,
    DG_HOW_ETHNIC
};

typedef struct dg_cuematch {
    uint32_t start, end;
    int32_t cue;
    uint32_t verbform;
    uint32_t used;        /* absorbed into another cue's object */
    uint32_t slot_start, slot_end; /* a frame's slot [start, end), else 0 0 */
} dg_cuematch;

size_t dg_match_actors(const dg_lexicon *lx, const char *s,
                       const dg_token *toks, size_t n, long date,
                       dg_mention *out, size_t cap);

/* Actors that a document introduces itself: "the Ceasefire Monitoring
 * Committee (CMC)" makes the name and the acronym one actor for the rest
 * of the document (docs/lexicon.md, "Actors by pattern"). Per extractor,
 * reset for each document; a fixed table, no allocation while matching. */
#define DG_DOC_ACTORS 64
#define DG_DOC_NAME_TOKENS 12
#define DG_DOC_ACRONYM 8
typedef struct dg_doc_entry {
    int32_t actor;  /* a lexicon actor, or nlex + k: new organization k */
    uint32_t nname; /* tokens of the full name */
    uint64_t name[DG_DOC_NAME_TOKENS]; /* their dg_hash_lower */
    uint64_t acr;                      /* dg_hash_lower of the acronym */
    char acr_text[DG_DOC_ACRONYM + 1];
} dg_doc_entry;
#define DG_FUZZY_MEMO 512
#define DG_FUZZY_MEMO_TEXT 24
typedef struct dg_doc_actors {
    size_t n;
    dg_doc_entry e[DG_DOC_ACTORS];
    /* organizations made for this document: ids and names, also seen
     * as actors nlex.. of the actor array below */
    size_t nnew;
    char id[DG_DOC_ACTORS][DG_DOC_ACRONYM + 8];
    char name[DG_DOC_ACTORS][160];
    dg_actor *actors; /* the lexicon's nlex actors, then room for 64 */
    size_t nlex;
    /* words one edit from a state name that the document used in a
     * person's name ("Frank Boland"): never a misspelling later in it
     * ("Boland said") */
    size_t npersons;
    uint64_t persons[DG_DOC_ACTORS];
    /* the answers of dg_lexicon_misspelling for capitalized words seen
     * before, by any document of this extractor: names recur ("Minister",
     * "Westbrook"), and the answer depends only on the word and the
     * lexicon. Direct-mapped by hash; an entry with len 0 is empty. */
    struct dg_fuzzy_memo {
        uint64_t hash;
        uint32_t len;
        int32_t found; /* dg_lexicon_misspelling's result */
        int32_t edit;
        uint32_t pos;
        char text[DG_FUZZY_MEMO_TEXT];
    } fuzzy_memo[DG_FUZZY_MEMO];
} dg_doc_actors;

/* dg_match_actors with the document's own actors (doc may be NULL):
 * finds and registers "Full Name (ACR)", and matches names and acronyms
 * registered before. */
size_t dg_match_actors_doc(const dg_lexicon *lx, dg_doc_actors *doc,
                           const char *s, const dg_token *toks, size_t n,
                           long date, dg_mention *out, size_t cap);
/* Cues in a sentence. ments/ment_of (token -> mention index or -1) are
 * the sentence's actor mentions: a gap inside a cue never crosses one,
 * and a frame's slot holds one only where the frame says so. Both may be
 * NULL (no actors known: frames whose slot holds the target never
 * match, and no other frame needs an actor after it). */
size_t dg_match_cues(const dg_lexicon *lx, const char *s, const dg_token *toks,
                     size_t n, const dg_mention *ments, const int32_t *ment_of,
                     dg_cuematch *out, size_t cap);

/* ---- code.c --------------------------------------------------------- */

typedef struct dg_coded {
    int32_t source, target; /* actor indices */
    int32_t cue;            /* index into the sentence's cue matches */
    int negated, mutual;
    int weight;
    int cls;
    int rule; /* the coding rule (code.c), see dg_rule_name */
} dg_coded;

typedef struct dg_sentence_ctx {
    const dg_lexicon *lx;
    const char *s;
    const dg_token *toks; size_t ntok;
    const dg_mention *ments; size_t nment;
    const int32_t *ment_of;   /* token -> mention index or -1 */
    dg_cuematch *cues; size_t ncue;
    const int32_t *cue_of;    /* token -> cue index or -1 */
    /* what dg_code_sentence finds out itself before the rules (callers
     * need not set these): */
    size_t attribution;       /* first token of a trailing "..., X said" */
    int32_t subject;          /* mention opening the sentence, or -1 */
    int rules_out;            /* has "question", "table" or "ruled" */
    int together;             /* has "together" */
    int obligation;           /* has "must", "should", "has to", ... */
    size_t according;         /* first "according to" after token 0, or 0 */
    uint64_t words;           /* the OR of the tokens' word lists (words.h) */
    dg_explain_fn explain; void *explain_ud;
    const char *doc; long sentence;
} dg_sentence_ctx;

/* The name of a coding rule, as shown in events and by --explain. */
const char *dg_rule_name(int rule);

/* Code the sentence's cues into events; returns the count written. */
size_t dg_code_sentence(const dg_sentence_ctx *c, dg_coded *out,
                        size_t cap);

#endif
