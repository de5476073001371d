/* fuzz_graph_json.c -- libFuzzer harness for dg_graph_load_json (the
 * saved-graph reader behind `report` and `render`): the input is written
 * to a file in a private directory in /dev/shm and loaded; a graph that
 * loads is filtered, analyzed and written by every writer that needs no
 * Graphviz layout (node-link, Cytoscape and graphology JSON, GraphML, the
 * CSV tables, the text, markdown, CSV and JSON reports). Built and run by
 * scripts/fuzz. */
#include "fuzz_common.h"

#include "diplograph.h"

static char path[128];
static FILE *null;

static void write_all(const dg_graph *h)
{
    dg_report_options ro = {-1, 0, "fuzz", ""};
    dg_write_report(h, &ro, DG_REPORT_JSON, null, NULL);
    dg_write_report(h, &ro, DG_REPORT_TEXT, null, NULL);
    dg_write_report(h, &ro, DG_REPORT_MARKDOWN, null, NULL);
    dg_write_report(h, &ro, DG_REPORT_CSV, null, NULL);
    dg_write_json_as(h, DG_JSON_NODE_LINK, null, NULL);
    dg_write_json_as(h, DG_JSON_CYTOSCAPE, null, NULL);
    dg_write_json_as(h, DG_JSON_GRAPHOLOGY, null, NULL);
    dg_write_graphml(h, null, NULL);
    dg_write_csv_nodes(h, null, NULL);
    dg_write_csv_edges(h, null, NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!null) {
        fuzz_path(path, sizeof path, "graph.json");
        if (!(null = fopen("/dev/null", "w")))
            abort();
    }
    fuzz_write(path, data, size);
    dg_graph *g;
    dg_error err;
    if (dg_graph_load_json(&g, path, &err) != DG_OK) {
        if (!err.message[0])
            abort(); /* a failure always says why */
        return 0;
    }
    /* the whole graph, then a filtered one (links with 2+ events, states
     * only, the ego network of the first node) */
    if (dg_graph_analyze(g, NULL) == DG_OK)
        write_all(g);
    dg_filter f;
    dg_filter_init(&f);
    f.min_events = 2;
    f.actors = DG_ACTORS_STATES;
    f.focus = dg_graph_node_count(g) ? dg_graph_node_id(g, 0) : NULL;
    dg_graph *h;
    if (dg_graph_filter(g, &f, &h, NULL) == DG_OK) {
        if (dg_graph_analyze(h, NULL) == DG_OK)
            write_all(h);
        dg_graph_free(h);
    }
    dg_graph_free(g);
    return 0;
}
