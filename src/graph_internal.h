/* graph_internal.h -- the aggregated graph, shared by graph.c and the
 * writers (write_json.c, write_dot.c). Not installed. */
#ifndef DG_GRAPH_INTERNAL_H
#define DG_GRAPH_INTERNAL_H

#include "internal.h"

#include <igraph.h>

#define DG_NCLASSES 20

typedef struct dg_evidence {
    char *doc, *text, *trigger;
    const char *category; /* static class name */
    long sentence;
    int polarity, weight;
    unsigned long seq;    /* arrival order, the tie-break */
} dg_evidence;

typedef struct dg_link {
    int32_t s, t;         /* lexicon actor indices */
    long events;
    double positive, negative;
    long classes[DG_NCLASSES];
    dg_evidence *ev;
    int nev;
} dg_link;

struct dg_graph {
    const dg_lexicon *lx;
    dg_graph_options opt;
    dg_link *links; size_t nlinks, caplinks;
    long *slots; size_t nslots;       /* (s, t) -> link */
    unsigned long *mentions;          /* per lexicon actor */
    unsigned long seq, events, documents;
    /* after dg_graph_finish */
    int32_t *nodes; size_t nnodes;    /* node -> actor, sorted by id */
    int32_t *node_of;                 /* actor -> node or -1 */
    size_t *order;                    /* links sorted by (source, target) */
    igraph_t ig;                      /* edge k = links[order[k]] */
    igraph_vector_t weights;          /* net weight of edge k */
    int built;                        /* 1 built, 2 stale */
};

#endif
