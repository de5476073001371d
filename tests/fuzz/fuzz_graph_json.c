/* fuzz_graph_json.c -- libFuzzer harness for dg_graph_load_json (the
 * saved-graph reader behind `report` and `render`), then analysis and
 * every writer that needs no Graphviz layout. Built by scripts/fuzz. */
#define _POSIX_C_SOURCE 200809L
#include "diplograph.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[] = "/tmp/dg-fuzz-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0)
        abort();
    if (write(fd, data, size) != (ssize_t)size)
        abort();
    close(fd);
    dg_graph *g;
    if (dg_graph_load_json(&g, path, NULL) == DG_OK) {
        dg_filter f;
        dg_filter_init(&f);
        f.min_events = 1;
        dg_graph *h;
        if (dg_graph_filter(g, &f, &h, NULL) == DG_OK) {
            if (dg_graph_analyze(h, NULL) == DG_OK) {
                FILE *null = fopen("/dev/null", "w");
                dg_report_options ro = {-1, 0, "fuzz", ""};
                dg_write_report(h, &ro, DG_REPORT_JSON, null, NULL);
                dg_write_report(h, &ro, DG_REPORT_TEXT, null, NULL);
                dg_write_json(h, null, NULL);
                fclose(null);
            }
            dg_graph_free(h);
        }
        dg_graph_free(g);
    }
    unlink(path);
    return 0;
}
