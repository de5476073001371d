/* fuzz_extract.c -- libFuzzer harness: arbitrary bytes as one document
 * through the whole text path (normalize, split, tokenize, match, code)
 * with the built-in lexicon, then the graph and its analysis. (The lexicon
 * loader has its own harness, fuzz_lexicon.c.) The normalized text must
 * be in NFC already (dg_normalize composes only the non-ASCII pieces; a
 * missed composition would show here). Built and run by
 * scripts/fuzz (clang with -fsanitize=fuzzer,address,undefined). */
#include "diplograph.h"
#include "internal.h"

#include <utf8proc.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static dg_lexicon *lx;

static int add(const dg_event *ev, void *ud)
{
    dg_graph_add_event(ud, ev, NULL);
    /* every event must serialize */
    char *s = NULL;
    dg_event_to_json(ev, &s, NULL, NULL);
    if (!s)
        abort();
    free(s);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!lx && dg_lexicon_new(&lx, 1, NULL) != DG_OK)
        abort();
    dg_extractor *x;
    dg_graph *g;
    if (dg_extractor_new(&x, lx, NULL) != DG_OK ||
        dg_graph_new(&g, lx, NULL, NULL) != DG_OK)
        abort();
    /* a date, so that leader terms are looked up (not today's date) */
    dg_document doc = {"fuzz", (const char *)data, size, "2021-06-15"};
    dg_graph_add_document(g);
    dg_extract_document(x, &doc, add, g, NULL, NULL, NULL);
    dg_graph_add_mentions(g, x, NULL);
    if (dg_graph_finish(g, NULL) == DG_OK)
        dg_graph_analyze(g, NULL);
    dg_graph_free(g);
    dg_extractor_free(x);
    dg_buf norm = {0};
    if (dg_normalize((const char *)data, size, &norm, "fuzz", NULL, NULL) !=
        DG_OK)
        abort();
    utf8proc_uint8_t *nfc = NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)norm.data,
                                      (utf8proc_ssize_t)norm.len, &nfc,
                                      UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    if (n >= 0 && ((size_t)n != norm.len ||
                   (n && memcmp(nfc, norm.data, (size_t)n) != 0)))
        abort();
    free(nfc);
    dg_buf_free(&norm);
    return 0;
}
