/* graph_internal.h -- the aggregated graph, shared by graph.c and the
 * writers (write_json.c, write_dot.c). Not installed. */
#ifndef DG_GRAPH_INTERNAL_H
#define DG_GRAPH_INTERNAL_H

#include "internal.h"

#include <igraph.h>
#include <math.h>

#define DG_NCLASSES 20

/* Limits of a saved graph read back (read_graph.c, docs/graph-json.md):
 * nodes, links, evidence items per link, and bytes of the file. */
#define DG_GRAPH_MAX_NODES 1000000
#define DG_GRAPH_MAX_LINKS 1000000
#define DG_GRAPH_MAX_EVIDENCE 1000
#define DG_GRAPH_MAX_BYTES ((size_t)256 << 20)

/* igraph as Debian builds it is not thread-safe (IGRAPH_THREAD_SAFE is 0):
 * its "finally" stack of error cleanups, its error handler and its random
 * generator are process-wide, and two threads inside igraph at once
 * corrupt them (igraph then aborts the process: "Corrupt finally stack").
 * Every igraph call of the library runs under this one lock (process.c), so
 * that threads each with their own graph may finish, analyze and write it
 * at the same time; extraction uses no igraph and runs in parallel. The
 * first dg_igraph_lock sets igraph's handlers and random generator up for
 * the process (process.c). */
void dg_igraph_lock(void);
void dg_igraph_unlock(void);
/* Restarts igraph's default random generator from the fixed seed (under
 * the lock), so that a computation that draws from it gives the same
 * figures whatever ran before it in the process. */
void dg_igraph_reseed(void);

typedef struct dg_evidence {
    char *doc, *text, *trigger;
    char *date;           /* the event's date, NULL for none */
    const char *category; /* static class name */
    long sentence;
    int polarity, weight;
    unsigned long seq; /* arrival order (not part of the evidence
                          order, which must not depend on it) */
} dg_evidence;

/* A link's events in one period of a sliced graph: period indexes
 * g->periods (sorted by dg_graph_finish, so series are in time order). */
typedef struct dg_period_stat {
    uint32_t period;
    long events;
    double positive, negative;
} dg_period_stat;

typedef struct dg_link {
    int32_t s, t;         /* lexicon actor indices */
    long events;
    double positive, negative;
    long classes[DG_NCLASSES];
    dg_evidence *ev;
    int nev;
    dg_period_stat *series; /* sliced graphs: the periods with events */
    uint32_t nseries, capseries;
} dg_link;

struct dg_graph {
    const dg_lexicon *lx;
    dg_graph_options opt;
    long since, until; /* YYYYMMDD bounds of the events'
                          dates; 0 none (opt.since/until
                          are not kept) */
    dg_link *links; size_t nlinks, caplinks;
    long *slots; size_t nslots;       /* (s, t) -> link */
    unsigned long *mentions;          /* per lexicon actor */
    unsigned long seq, events, documents;
    /* sliced graphs: the periods seen ("2020", "2020-Q3", "2020-09"),
     * sorted by dg_graph_finish; events whose date has no period in the
     * slicing (none, or a year alone for quarters and months) */
    char **periods; size_t nperiods, capperiods;
    unsigned long undated;
    /* after dg_graph_finish */
    int32_t *nodes; size_t nnodes;    /* node -> actor, sorted by id */
    int32_t *node_of;                 /* actor -> node or -1 */
    size_t *order;                    /* links sorted by (source, target) */
    igraph_t ig;                      /* edge k = links[order[k]] */
    igraph_vector_t weights;          /* net weight of edge k */
    int built;                        /* 1 built, 2 stale */
    dg_lexicon *owned_lx;             /* a graph loaded from JSON owns its
                                         actors */
    /* after dg_graph_analyze (analyze.c); NULL before */
    double *metric;                   /* nnodes x DG_NMETRICS, row-major */
    int32_t *community;               /* per node; -1 outside the
                                         cooperative layer */
    size_t ncommunities;
    double modularity;
    /* sliced graphs, after dg_graph_analyze: PageRank of node i in period
     * p (the links' events of that period only) at [p * nnodes + i] */
    double *period_pagerank;
};

/* Node metrics computed by dg_graph_analyze, in column order. */
enum {
    DG_M_BETWEENNESS = 0, DG_M_HARMONIC, DG_M_PAGERANK, DG_M_EIGENVECTOR,
    DG_M_HUB, DG_M_AUTHORITY, DG_NMETRICS
};
extern const char *const dg_metric_names[DG_NMETRICS];

/* The process's Graphviz context (a GVC_t *), made once on first use and
 * never freed: Graphviz breaks when contexts are freed and made again
 * (process.c). */
void *dg_graphviz_context(void);
/* Every use of Graphviz (cgraph included) holds this lock (process.c). */
void dg_graphviz_lock(void);
void dg_graphviz_unlock(void);

/* "8 actors and 14 relations from 19 events in 1 document": the summary
 * line of the drawing's title, the HTML page and the report. */
const char *dg_graph_summary(const dg_graph *g, char *buf, size_t size);

/* Count an event of weight w in period p of link l (a sliced graph). */
int dg_link_add_period(dg_link *l, uint32_t p, long events, double positive,
                       double negative);
/* Is key a period of slicing s: "2020", "2020-Q3", "2020-09"? */
int dg_period_valid(const char *key, dg_slice s);
/* Index of the period key in g->periods, added when new; -1 no memory. */
long dg_graph_period(dg_graph *g, const char *key);

/* Link index of (s, t) by lexicon actor indices, or -1. */
long dg_graph_find_link_raw(const dg_graph *g, int32_t s, int32_t t);
/* The link of (s, t), made (zeroed) when there is none: its index, or -1
 * when out of memory. */
long dg_graph_link_for(dg_graph *g, int32_t s, int32_t t);
/* The evidence order (graph.c): < 0 when a is kept before b. */
int dg_evidence_cmp(const dg_evidence *a, const dg_evidence *b);
/* Offers an evidence item to link l, which keeps the first
 * g->opt.evidence by dg_evidence_cmp. The link takes cand's strings when
 * it keeps it; they are freed otherwise (and on DG_ENOMEM). */
int dg_graph_offer_evidence(dg_graph *g, dg_link *l, dg_evidence *cand);
/* dg_graph_offer_evidence of a copy of e's strings (e is the caller's). */
int dg_graph_offer_evidence_copy(dg_graph *g, dg_link *l,
                                 const dg_evidence *e);
/* Enter link i (already in g->links) into the (s, t) index. */
int dg_graph_index_link(dg_graph *g, size_t i);

/* The metric of node i, or NAN before dg_graph_analyze. */
double dg_graph_metric(const dg_graph *g, size_t node, int metric);

/* Round a computed figure to 1e-9 for stable, readable output. */
static inline double dg_round(double v)
{
    return isfinite(v) ? round(v * 1e9) / 1e9 + 0.0 : 0.0;
}

/* Per-edge helpers shared by the writers: edge k in output order. */
static inline const dg_link *dg_graph_edge(const dg_graph *g, size_t k)
{
    return &g->links[g->order[k]];
}

#endif
