/* gen_words.c -- build-time generator of words_table.h: the word lists
 * of words.h as one hash table, keyed by dg_hash_lower, whose slots hold
 * the bit mask of the lists each word is in.
 *
 * Run by CMake (never installed): gen_words OUTPUT. A word in several
 * lists gets one slot with several bits. The table is perfect (hash and
 * displace): the words are grouped by the top DG_WORD_DBITS bits of
 * their hash, and each group, the largest first, gets the smallest
 * displacement d that puts all of its words, at (hash + d) mod the
 * table's size, on free slots of their own; the smallest table and
 * number of groups for which every group finds one are taken. The
 * tokenizer then finds a word's slot with one load of its group's
 * displacement, and a token is in the lists if the slot holds its hash
 * (text.c). Also the hash and lists of every one-byte ASCII token
 * (dg_byte_hash, dg_byte_words) and the length of the longest word of
 * each list (dg_word_maxlen).
 */
#include "hash.h"
#include "words.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

_Static_assert(DG_WL_COUNT <= 64, "word lists are bits of a uint64_t");

static const dg_word_list lists[] = {DG_WORD_LISTS(DG_WORD_LIST_ENTRY)};

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: gen_words OUTPUT\n");
        return 2;
    }
    size_t nwords = 0;
    for (size_t l = 0; l < sizeof lists / sizeof lists[0]; l++)
        for (size_t w = 0; lists[l].words[w]; w++)
            nwords++;
    /* the distinct words, each with the lists it is in */
    struct word {
        uint64_t hash, lists;
        const char *word;
    } *words = calloc(nwords, sizeof *words);
    if (!words)
        return 1;
    size_t nw = 0;
    for (size_t l = 0; l < sizeof lists / sizeof lists[0]; l++)
        for (size_t w = 0; lists[l].words[w]; w++) {
            const char *word = lists[l].words[w];
            size_t n = strlen(word);
            for (size_t i = 0; i < n; i++)
                if (word[i] >= 'A' && word[i] <= 'Z') {
                    fprintf(stderr, "words.h: %s: \"%s\" is not lower case\n",
                            lists[l].name, word);
                    return 1;
                }
            uint64_t h = dg_hash_lower(word, n);
            size_t k = 0;
            while (k < nw && strcmp(words[k].word, word) != 0)
                k++;
            if (k < nw) {
                words[k].lists |= 1ULL << lists[l].id;
                continue;
            }
            for (size_t j = 0; j < nw; j++)
                if (words[j].hash == h) {
                    fprintf(stderr, "words.h: \"%s\" and \"%s\" hash alike\n",
                            words[j].word, word);
                    return 1;
                }
            words[nw].hash = h;
            words[nw].lists = 1ULL << lists[l].id;
            words[nw].word = word;
            nw++;
        }
    /* hash and displace: the smallest table (at least one slot a word)
     * whose groups all find a displacement */
    size_t nslots = 64, *group = calloc(nw, sizeof *group);
    struct word **slots = NULL;
    unsigned dbits = 0;
    uint16_t *disp = NULL;
    if (!group)
        return 1;
    while (nslots < nw)
        nslots *= 2;
    for (int found = 0; !found; nslots *= 2) {
        for (dbits = 4; !found && dbits <= 14; dbits++) {
            size_t ngroups = (size_t)1 << dbits;
            free(slots);
            free(disp);
            slots = calloc(nslots, sizeof *slots);
            disp = calloc(ngroups, sizeof *disp);
            size_t *count = calloc(ngroups, sizeof *count);
            if (!slots || !disp || !count)
                return 1;
            for (size_t k = 0; k < nw; k++)
                count[words[k].hash >> (64 - dbits)]++;
            found = 1;
            /* the groups from the largest */
            for (size_t size = nw; found && size > 0; size--)
                for (size_t g = 0; found && g < ngroups; g++) {
                    if (count[g] != size)
                        continue;
                    size_t m = 0;
                    for (size_t k = 0; k < nw; k++)
                        if (words[k].hash >> (64 - dbits) == g)
                            group[m++] = k;
                    size_t d = 0;
                    for (; d < nslots && d <= UINT16_MAX; d++) {
                        int ok = 1;
                        for (size_t a = 0; ok && a < m; a++) {
                            size_t s = (size_t)(words[group[a]].hash + d) &
                                       (nslots - 1);
                            if (slots[s])
                                ok = 0;
                            for (size_t b = 0; ok && b < a; b++)
                                if (((size_t)(words[group[b]].hash + d) &
                                     (nslots - 1)) == s)
                                    ok = 0;
                        }
                        if (ok)
                            break;
                    }
                    if (d == nslots || d > UINT16_MAX) {
                        found = 0;
                        break;
                    }
                    disp[g] = (uint16_t)d;
                    for (size_t a = 0; a < m; a++)
                        slots[(size_t)(words[group[a]].hash + d) &
                              (nslots - 1)] = &words[group[a]];
                }
            free(count);
        }
        if (found) {
            dbits--;
            break;
        }
    }
    FILE *f = fopen(argv[1], "w");
    if (!f) {
        perror(argv[1]);
        return 1;
    }
    fprintf(f, "/* words_table.h -- generated by gen_words.c from words.h; "
               "do not edit. */\n");
    fprintf(f, "#define DG_WORD_SLOTS %zu\n", nslots);
    fprintf(f, "#define DG_WORD_DBITS %u\n", dbits);
    fprintf(f, "static const uint16_t dg_word_disp[%zu] = {\n",
            (size_t)1 << dbits);
    for (size_t g = 0; g < (size_t)1 << dbits; g++)
        fprintf(f, "%s%u,%s", g % 12 ? " " : "    ", (unsigned)disp[g],
                g % 12 == 11 ? "\n" : "");
    fprintf(f, "\n};\n");
    fprintf(f, "static const dg_word_slot dg_word_table[DG_WORD_SLOTS] = {\n");
    for (size_t s = 0; s < nslots; s++)
        if (slots[s])
            fprintf(f, "    [%zu] = {0x%016llxULL, 0x%016llxULL}, /* %s */\n",
                    s, (unsigned long long)slots[s]->hash,
                    (unsigned long long)slots[s]->lists, slots[s]->word);
    fprintf(f, "};\n");
    /* the hash and lists of each one-byte ASCII token (punctuation, the
     * tokenizer's commonest token after plain words) */
    fprintf(f, "static const uint64_t dg_byte_hash[128] = {\n");
    for (int c = 0; c < 128; c++) {
        char b = (char)c;
        fprintf(f, "    0x%016llxULL,\n",
                (unsigned long long)dg_hash_lower(&b, 1));
    }
    fprintf(f, "};\nstatic const uint64_t dg_byte_words[128] = {\n");
    for (int c = 0; c < 128; c++) {
        char b = (char)c;
        uint64_t h = dg_hash_lower(&b, 1), lists = 0;
        for (size_t k = 0; k < nw; k++)
            if (words[k].hash == h && strlen(words[k].word) == 1)
                lists = words[k].lists;
        fprintf(f, "    0x%016llxULL,\n", (unsigned long long)lists);
    }
    fprintf(f, "};\n");
    /* the possessive marker 's (any case), a token of its own */
    {
        uint64_t h = dg_hash_lower("'s", 2), lists = 0;
        for (size_t k = 0; k < nw; k++)
            if (words[k].hash == h && strcmp(words[k].word, "'s") == 0)
                lists = words[k].lists;
        fprintf(f, "#define DG_POSS_HASH 0x%016llxULL\n",
                (unsigned long long)h);
        fprintf(f, "#define DG_POSS_WORDS 0x%016llxULL\n",
                (unsigned long long)lists);
    }
    /* the longest word of each list: a longer token is in none of it
     * (word_in in text.c asks without hashing) */
    unsigned maxlen[64] = {0};
    for (size_t l = 0; l < sizeof lists / sizeof lists[0]; l++)
        for (size_t w = 0; lists[l].words[w]; w++) {
            size_t n = strlen(lists[l].words[w]);
            if (n > maxlen[lists[l].id])
                maxlen[lists[l].id] = (unsigned)n;
        }
    fprintf(f, "static const unsigned char dg_word_maxlen[%d] = {",
            (int)DG_WL_COUNT);
    for (int l = 0; l < DG_WL_COUNT; l++)
        fprintf(f, "%s%u", l ? ", " : "", maxlen[l]);
    fprintf(f, "};\n");
    free(slots);
    free(disp);
    free(group);
    free(words);
    if (fclose(f) != 0) {
        perror(argv[1]);
        return 1;
    }
    return 0;
}
