/* fuzz_jsonl.c -- libFuzzer harness for JSON Lines documents: the input is
 * written to a .jsonl file in a private directory in /dev/shm and read
 * through dg_reader (line splitting, cJSON, "id", "text", "date"), each
 * document then extracted with the built-in lexicon into a graph. Built
 * and run by scripts/fuzz. */
#include "fuzz_common.h"

#include "diplograph.h"

static dg_lexicon *lx;
static char path[128];

static int add(const dg_event *ev, void *ud)
{
    dg_graph_add_event(ud, ev);
    return 0;
}

static void ignore(const dg_error *e, void *ud)
{
    (void)ud;
    /* every report names its file and says something */
    if (!e->file[0] || !e->message[0])
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!lx) {
        if (dg_lexicon_new(&lx, 1, NULL) != DG_OK)
            abort();
        fuzz_path(path, sizeof path, "docs.jsonl");
    }
    fuzz_write(path, data, size);
    const char *inputs[] = {path};
    dg_reader *r;
    dg_extractor *x;
    dg_graph *g;
    if (dg_reader_new(&r, inputs, 1, ignore, NULL) != DG_OK ||
        dg_extractor_new(&x, lx) != DG_OK ||
        dg_graph_new(&g, lx, NULL) != DG_OK)
        abort();
    dg_document doc;
    while (dg_reader_next(r, &doc)) {
        if (!doc.id || !doc.text || strlen(doc.text) != doc.len)
            abort();
        dg_graph_add_document(g);
        dg_extract_document(x, &doc, add, g, NULL, NULL);
    }
    dg_graph_finish(g);
    dg_graph_free(g);
    dg_extractor_free(x);
    dg_reader_free(r);
    return 0;
}
