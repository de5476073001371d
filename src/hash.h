/* hash.h -- the token hash, of the lower-cased text (dg_hash_lower, for
 * words: the tokenizer, the lexicon's patterns and the generated word
 * table all use it), and 64-bit FNV-1a of the bytes (dg_hash_bytes, for
 * the lexicon's records). Never 0, which marks an empty slot in the hash
 * tables. Header-only so that the build-time generator (gen_words.c)
 * hashes as the library does.
 *
 * The token hash reads the text eight bytes at a time, as little-endian
 * 64-bit words (the last one padded with zero bytes), each mixed in by a
 * 64 x 64 -> 128-bit multiply whose halves are folded together
 * (dg_hash_mum, as wyhash mixes), the last one with the length. A token
 * of up to eight bytes, most of them, costs one multiply, and every bit
 * of the result depends on every bit of the text: the tables take the
 * low bits, the filters the high ones (dg_word_bit, dg_table_filter_bit,
 * and the word table's groups, DG_WORD_SLOT). The tokenizer computes the same
 * value from a vector of the token's bytes (text.c), dg_hasher byte by byte.
 */
#ifndef DG_HASH_H
#define DG_HASH_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define DG_FNV_OFFSET 1469598103934665603ULL
#define DG_FNV_PRIME 1099511628211ULL

#define DG_HASH_SEED 0x9E3779B97F4A7C15ULL /* no eight bytes of text */
#define DG_HASH_K1 0xA0761D6478BD642FULL
#define DG_HASH_K2 0xE7037ED1A0B428DBULL

/* The two halves of the 128-bit product a * b, folded by xor. */
static inline uint64_t dg_hash_mum(uint64_t a, uint64_t b)
{
#ifdef __SIZEOF_INT128__
    __extension__ typedef unsigned __int128 u128;
    u128 r = (u128)a * b;
    return (uint64_t)r ^ (uint64_t)(r >> 64);
#else
    uint64_t al = a & 0xFFFFFFFFu, ah = a >> 32;
    uint64_t bl = b & 0xFFFFFFFFu, bh = b >> 32;
    uint64_t ll = al * bl, lh = al * bh, hl = ah * bl, hh = ah * bh;
    uint64_t mid = (ll >> 32) + (lh & 0xFFFFFFFFu) + (hl & 0xFFFFFFFFu);
    uint64_t lo = (ll & 0xFFFFFFFFu) | (mid << 32);
    uint64_t hi = hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
    return lo ^ hi;
#endif
}

/* A word w of the text, not its last, into the running hash h. */
static inline uint64_t dg_hash_step(uint64_t h, uint64_t w)
{
    return dg_hash_mum(h ^ w, DG_HASH_K1);
}

/* The hash of a text of n bytes whose last word is w (0 for no bytes),
 * the words before it having given the running hash h. */
static inline uint64_t dg_hash_end(uint64_t h, uint64_t w, size_t n)
{
    h = dg_hash_mum(h ^ w, DG_HASH_K2 ^ (uint64_t)n);
    return h ? h : 1;
}

/* Eight bytes at p as a little-endian word, whatever the machine. */
static inline uint64_t dg_load_le64(const char *p)
{
    uint64_t x;
    memcpy(&x, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    x = __builtin_bswap64(x);
#endif
    return x;
}

/* The k < 8 bytes at p as a little-endian word, zero bytes above: at
 * most three loads. */
static inline uint64_t dg_load_le_part(const char *p, size_t k)
{
    uint64_t w = 0;
    size_t i = 0;
    if (k & 4) {
        uint32_t x;
        memcpy(&x, p, 4);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
        x = __builtin_bswap32(x);
#endif
        w = x;
        i = 4;
    }
    if (k & 2) {
        uint16_t x;
        memcpy(&x, p + i, 2);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
        x = __builtin_bswap16(x);
#endif
        w |= (uint64_t)x << (8 * i);
        i += 2;
    }
    if (k & 1)
        w |= (uint64_t)(unsigned char)p[i] << (8 * i);
    return w;
}

/* The bytes of x with ASCII capitals lower-cased, eight at a time. */
static inline uint64_t dg_lower8(uint64_t x)
{
    const uint64_t low7 = 0x7F7F7F7F7F7F7F7FULL, highs = 0x8080808080808080ULL;
    uint64_t a = (x & low7) + 0x3F3F3F3F3F3F3F3FULL; /* >= 'A' */
    uint64_t z = (x & low7) + 0x2525252525252525ULL; /* > 'Z' */
    uint64_t up = a & ~z & ~x & highs;
    return x | (up >> 2);
}

static inline uint64_t dg_hash_lower(const char *s, size_t n)
{
    uint64_t h = DG_HASH_SEED;
    size_t i = 0;
    for (; i + 8 < n; i += 8)
        h = dg_hash_step(h, dg_lower8(dg_load_le64(s + i)));
    uint64_t w =
        n - i == 8 ? dg_load_le64(s + i) : dg_load_le_part(s + i, n - i);
    return dg_hash_end(h, dg_lower8(w), n);
}

/* dg_hash_lower of a text given byte by byte (already lower-cased): a
 * full word is mixed in when the next byte comes, the last at the end. */
typedef struct dg_hasher {
    uint64_t h, w;
    size_t n;
} dg_hasher;

static inline void dg_hasher_init(dg_hasher *st)
{
    st->h = DG_HASH_SEED;
    st->w = 0;
    st->n = 0;
}

static inline void dg_hasher_byte(dg_hasher *st, unsigned char c)
{
    if (st->n && (st->n & 7) == 0) {
        st->h = dg_hash_step(st->h, st->w);
        st->w = 0;
    }
    st->w |= (uint64_t)c << (8 * (st->n & 7));
    st->n++;
}

static inline uint64_t dg_hasher_end(const dg_hasher *st)
{
    return dg_hash_end(st->h, st->w, st->n);
}

static inline uint64_t dg_hash_bytes(const char *s, size_t n)
{
    uint64_t h = DG_FNV_OFFSET;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= DG_FNV_PRIME;
    }
    return h ? h : 1;
}

#endif
