/* fuzz_lexicon.c -- libFuzzer harness for the lexicon loader: the input is
 * a JSON Lines lexicon file (actors, leaders and cues, docs/lexicon.md)
 * loaded into an empty lexicon with dg_lexicon_load_buffer. When it loads,
 * every entry is listed through the accessors and the lexicon is used for
 * a small extraction -- of the input itself, whose lines hold the loaded
 * aliases and cue phrases, and of a fixed text -- so that the loaded
 * patterns are matched and coded. Built and run by scripts/fuzz. */
#include "diplograph.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char fixed[] =
    "Armenia condemned Azerbaijan. The EU and NATO agreed to meet with "
    "Georgia's leaders. Pashinyan met Aliyev in Brussels on Monday; "
    "tensions between Turkey and Greece rose. France did not criticize "
    "Iran, officials in Paris said.";

static int add(const dg_event *ev, void *ud)
{
    dg_graph_add_event(ud, ev, NULL);
    char *s = NULL;
    dg_event_to_json(ev, &s, NULL, NULL);
    if (!s)
        abort();
    free(s);
    return 0;
}

static void use(const dg_lexicon *lx, const char *text, size_t len)
{
    dg_extractor *x;
    dg_graph *g;
    if (dg_extractor_new(&x, lx, NULL) != DG_OK ||
        dg_graph_new(&g, lx, NULL, NULL) != DG_OK)
        abort();
    dg_document doc = {"fuzz", text, len, "2020-01-01"};
    dg_extract_document(x, &doc, add, g, NULL, NULL, NULL);
    dg_graph_add_mentions(g, x, NULL);
    dg_graph_finish(g, NULL);
    dg_graph_free(g);
    dg_extractor_free(x);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    dg_lexicon *lx;
    dg_error err;
    if (dg_lexicon_new(&lx, 0, &err) != DG_OK)
        abort();
    int rc = dg_lexicon_load_buffer(lx, "fuzz.jsonl", (const char *)data, size,
                                    &err);
    if (rc != DG_OK && (!err.message[0] || err.code == DG_OK))
        abort(); /* a failure always says why */
    if (rc == DG_OK) {
        size_t n = dg_lexicon_actor_count(lx);
        for (size_t i = 0; i < n; i++) {
            const char *id = dg_lexicon_actor_id(lx, i);
            if (!id || !dg_lexicon_actor_name(lx, i) ||
                dg_lexicon_actor_type(lx, i) < 0 ||
                dg_lexicon_find_actor(lx, id) < 0)
                abort();
        }
        n = dg_lexicon_cue_count(lx);
        for (size_t i = 0; i < n; i++) {
            int w = dg_lexicon_cue_weight(lx, i);
            if (!dg_lexicon_cue_phrase(lx, i) || !dg_lexicon_cue_pos(lx, i) ||
                !dg_lexicon_cue_class(lx, i) || w < -10 || w > 10)
                abort();
        }
        n = dg_lexicon_leader_count(lx);
        for (size_t i = 0; i < n; i++) {
            const char *nm, *a, *r, *f, *t;
            dg_lexicon_leader(lx, i, &nm, &a, &r, &f, &t);
            if (!nm || !a)
                abort();
        }
        use(lx, (const char *)data, size);
        use(lx, fixed, sizeof fixed - 1);
    }
    dg_lexicon_free(lx);
    return 0;
}
