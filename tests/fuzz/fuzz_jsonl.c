/* fuzz_jsonl.c -- libFuzzer harness for JSON Lines documents: the input is
 * written to a .jsonl file in a private directory in /dev/shm and read
 * through dg_reader (line splitting, cJSON, "id", "text", "date"), each
 * document then extracted with the built-in lexicon into a graph. The
 * file is also read with the JSON Lines fast path off (cJSON for every
 * line): the documents and the reports must be the same byte for byte.
 * Built and run by scripts/fuzz. */
#include "fuzz_common.h"

#include "diplograph.h"
#include "internal.h"

static dg_lexicon *lx;
static char path[128];

static int add(const dg_event *ev, void *ud)
{
    dg_graph_add_event(ud, ev, NULL);
    return 0;
}

static int ignore(const dg_error *e, void *ud)
{
    (void)ud;
    /* every report names its file and says something */
    if (!e->file[0] || !e->message[0])
        abort();
    return 0;
}

static int log_report(const dg_error *e, void *ud)
{
    char m[1200];
    ignore(e, NULL);
    dg_buf_printf(ud, "report %s\n", dg_error_format(e, m, sizeof m));
    return 0;
}

/* The documents and reports of the file, the fast path on or off. */
static void transcript(const char *const *inputs, int fast, dg_buf *out)
{
    dg_reader *r;
    dg_document doc;
    if (dg_reader_new(&r, inputs, 1, log_report, out, NULL) != DG_OK)
        abort();
    dg_reader_fast_jsonl(r, fast);
    while (dg_reader_next(r, &doc, NULL) == 1) {
        dg_buf_printf(out, "doc %zu [%s] [%s] ", doc.len, doc.id,
                      doc.date ? doc.date : "-");
        dg_buf_append(out, doc.text, doc.len);
        dg_buf_append(out, "\n", 1);
    }
    dg_reader_free(r);
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
    if (dg_reader_new(&r, inputs, 1, ignore, NULL, NULL) != DG_OK ||
        dg_extractor_new(&x, lx, NULL) != DG_OK ||
        dg_graph_new(&g, lx, NULL, NULL) != DG_OK)
        abort();
    dg_document doc;
    while (dg_reader_next(r, &doc, NULL) == 1) {
        if (!doc.id || !doc.text || strlen(doc.text) != doc.len)
            abort();
        dg_graph_add_document(g);
        dg_extract_document(x, &doc, add, g, NULL, NULL, NULL);
    }
    dg_graph_finish(g, NULL);
    dg_buf fast = {0}, slow = {0};
    transcript(inputs, 1, &fast);
    transcript(inputs, 0, &slow);
    if (fast.len != slow.len ||
        (fast.len && memcmp(fast.data, slow.data, fast.len) != 0)) {
        fprintf(stderr, "fast path:\n%.*s\ncJSON:\n%.*s\n", (int)fast.len,
                fast.data, (int)slow.len, slow.data);
        abort();
    }
    dg_buf_free(&fast);
    dg_buf_free(&slow);
    dg_graph_free(g);
    dg_extractor_free(x);
    dg_reader_free(r);
    return 0;
}
