/* hash.h -- the token hash: 64-bit FNV-1a, of the lower-cased text
 * (dg_hash_lower, for words: the tokenizer, the lexicon's patterns and the
 * generated word table all use it) or of the bytes (dg_hash_bytes).
 * Never 0, which marks an empty slot in the hash tables. Header-only so
 * that the build-time generator (gen_words.c) hashes as the library does.
 */
#ifndef DG_HASH_H
#define DG_HASH_H

#include <stddef.h>
#include <stdint.h>

#define DG_FNV_OFFSET 1469598103934665603ULL
#define DG_FNV_PRIME 1099511628211ULL

static inline uint64_t dg_hash_lower(const char *s, size_t n)
{
    uint64_t h = DG_FNV_OFFSET;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c + 32);
        h ^= c;
        h *= DG_FNV_PRIME;
    }
    return h ? h : 1;
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
