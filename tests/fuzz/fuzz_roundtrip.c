/* fuzz_roundtrip.c -- libFuzzer harness for the saved graph's round trip,
 * `build -o g.json` then `render g.json -o again.json`: the input is a
 * text; extraction with the built-in lexicon, dg_graph_finish and
 * dg_graph_analyze give a graph written as node-link JSON (first); that
 * file is loaded with dg_graph_load_json, filtered with no filter and
 * analyzed as `render` does, and written again (second). The two JSON
 * texts must be byte-identical -- every field survives the trip, metrics
 * recomputed on the loaded graph equal those of the built one, and the
 * writer is deterministic -- after one documented normalization: the
 * lines of the three ARPACK metrics ("eigenvector", "hub", "authority")
 * are left out of the comparison. ARPACK restarts from random vectors
 * drawn from a seed kept inside libarpack (not igraph's generator, which
 * dg_graph_analyze seeds), so the second analysis of a graph in a process
 * may differ from the first: when the leading eigenvalue is not simple
 * (A->B and C<->D with equal weights) hub and authority pick another
 * vector (regressions/fuzz_roundtrip/hub-degenerate.txt), and an
 * eigenvector centrality that did not converge (null) may converge the
 * second time (eigenvector-converges-second-time.txt). Each CLI run does
 * one analysis in a fresh process, so `build` and `render` agree.
 * abort() (a crash for libFuzzer) on any other difference, after printing
 * where the two texts first differ. Built and run by scripts/fuzz. */
#include "fuzz_common.h"

#include "diplograph.h"

static dg_lexicon *lx;
static char path[128];

static int add(const dg_event *ev, void *ud)
{
    int rc = dg_graph_add_event(ud, ev, NULL);
    return rc == DG_EINVAL ? 0 : rc; /* as the CLI's build does */
}

/* node-link JSON of g, in memory */
static char *to_json(const dg_graph *g, size_t *len)
{
    char *buf = NULL;
    FILE *f = open_memstream(&buf, len);
    if (!f)
        abort();
    if (dg_write_json(g, f, NULL) != DG_OK)
        abort();
    if (fclose(f) != 0)
        abort();
    return buf;
}

/* The JSON without the lines of the ARPACK metrics (see above); the
 * writer puts one key a line. */
static void normalize(char *s, size_t *len)
{
    static const char *const skip[] = {
        "\"eigenvector\":", "\"hub\":", "\"authority\":"};
    size_t in = 0, out = 0, n = *len;
    while (in < n) {
        size_t e = in;
        while (e < n && s[e] != '\n')
            e++;
        if (e < n)
            e++; /* with its newline */
        size_t a = in;
        while (a < e && (s[a] == ' ' || s[a] == '\t'))
            a++;
        int drop = 0;
        for (size_t k = 0; k < sizeof skip / sizeof *skip; k++)
            if ((size_t)(e - a) >= strlen(skip[k]) &&
                memcmp(s + a, skip[k], strlen(skip[k])) == 0)
                drop = 1;
        if (!drop) {
            memmove(s + out, s + in, e - in);
            out += e - in;
        }
        in = e;
    }
    *len = out;
}

static void differ(const char *a, size_t na, const char *b, size_t nb)
{
    size_t i = 0;
    while (i < na && i < nb && a[i] == b[i])
        i++;
    size_t from = i > 300 ? i - 300 : 0;
    fprintf(stderr,
            "fuzz_roundtrip: JSON differs after the round trip at byte %zu "
            "(%zu vs %zu bytes)\n--- built:\n%.*s[HERE>]%.*s\n--- loaded:\n"
            "%.*s[HERE>]%.*s\n---\n",
            i, na, nb, (int)(i - from), a + from,
            (int)((na < i + 100 ? na : i + 100) - i), a + i, (int)(i - from),
            b + from, (int)((nb < i + 100 ? nb : i + 100) - i), b + i);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!lx) {
        if (dg_lexicon_new(&lx, 1, NULL) != DG_OK)
            abort();
        fuzz_path(path, sizeof path, "graph.json");
    }
    dg_extractor *x;
    dg_graph *g;
    if (dg_extractor_new(&x, lx, NULL) != DG_OK ||
        dg_graph_new(&g, lx, NULL, NULL) != DG_OK)
        abort();
    dg_document doc = {"fuzz", (const char *)data, size, "2022-09-01"};
    dg_graph_add_document(g);
    if (dg_extract_document(x, &doc, add, g, NULL, NULL, NULL) != DG_OK ||
        dg_graph_add_mentions(g, x, NULL) != DG_OK ||
        dg_graph_finish(g, NULL) != DG_OK || dg_graph_analyze(g, NULL) != DG_OK)
        abort();
    dg_extractor_free(x);
    size_t n1;
    char *first = to_json(g, &n1);
    dg_graph_free(g);

    fuzz_write(path, first, n1);
    dg_graph *loaded, *h;
    dg_error err;
    if (dg_graph_load_json(&loaded, path, &err) != DG_OK) {
        fprintf(stderr,
                "fuzz_roundtrip: the written graph does not load: "
                "%s:%ld: %s\n",
                err.file, err.line, err.message);
        abort();
    }
    dg_filter f;
    dg_filter_init(&f);
    if (dg_graph_filter(loaded, &f, &h, &err) != DG_OK ||
        dg_graph_analyze(h, &err) != DG_OK)
        abort();
    size_t n2;
    char *second = to_json(h, &n2);
    dg_graph_free(h);
    dg_graph_free(loaded);
    normalize(first, &n1);
    normalize(second, &n2);
    if (n1 != n2 || memcmp(first, second, n1) != 0) {
        differ(first, n1, second, n2);
        abort();
    }
    free(first);
    free(second);
    return 0;
}
