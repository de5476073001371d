/* fuzz_extract.c -- libFuzzer harness: arbitrary bytes through the whole
 * text path (normalize, split, tokenize, match, code) and the graph, with
 * the built-in lexicon; also as a lexicon file. Built and run by
 * scripts/fuzz (clang with -fsanitize=fuzzer,address,undefined). */
#include "diplograph.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static dg_lexicon *lx;

static int add(const dg_event *ev, void *ud)
{
    dg_graph_add_event(ud, ev);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!lx && dg_lexicon_new(&lx, 1, NULL) != DG_OK)
        abort();
    dg_extractor *x;
    dg_graph *g;
    if (dg_extractor_new(&x, lx) != DG_OK || dg_graph_new(&g, lx, NULL) != DG_OK)
        abort();
    dg_document doc = {"fuzz", (const char *)data, size, NULL};
    dg_extract_document(x, &doc, add, g, NULL, NULL);
    if (dg_graph_finish(g) == DG_OK)
        dg_graph_analyze(g, NULL);
    dg_graph_free(g);
    dg_extractor_free(x);

    /* the same bytes as a user lexicon */
    dg_lexicon *user;
    if (dg_lexicon_new(&user, 0, NULL) == DG_OK) {
        dg_lexicon_load_buffer(user, "fuzz.jsonl", (const char *)data, size,
                               NULL);
        dg_lexicon_free(user);
    }
    return 0;
}
