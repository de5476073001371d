/* analyze.h -- the analysis stage's internal interface (analyze.c),
 * used by the report writer and the graph writers. Not installed. */
#ifndef DG_ANALYZE_H
#define DG_ANALYZE_H

#include "graph_internal.h"

/* Louvain's seed: fixed, so that communities are reproducible. */
#define DG_COMMUNITY_SEED 20240501u
/* A link is mixed when both signs hold at least this share of its
 * intensity (positive + negative). */
#define DG_MIXED_SHARE 0.25

/* max(1, positive + negative): the weight of PageRank, eigenvector and
 * hub/authority; its inverse is the edge length for betweenness and
 * harmonic centrality. */
double dg_link_intensity(const dg_link *l);
int dg_link_is_mixed(const dg_link *l);

/* Per node: cooperation and conflict given and received (sums of the
 * links' positive and negative parts); caller frees. Row i holds
 * DG_NSUMS figures in the order below. */
enum { DG_SUM_COOP_GIVEN = 0, DG_SUM_CONFLICT_GIVEN, DG_SUM_COOP_RECEIVED,
       DG_SUM_CONFLICT_RECEIVED, DG_NSUMS };
double *dg_node_sums(const dg_graph *g);

typedef struct dg_triad {
    int32_t node[3];  /* node indices, ascending */
    int sign[3];      /* signs of (0,1), (1,2), (0,2) */
} dg_triad;

typedef struct dg_balance_result {
    size_t triads, balanced;
    dg_triad *unbalanced;
    size_t nunbalanced;
} dg_balance_result;

/* Signed triads of the undirected projection: a pair's sign is that of
 * w(a->b) + w(b->a); a triad is balanced when the product of its three
 * signs is positive. */
int dg_balance(const dg_graph *g, dg_balance_result *out);
void dg_balance_free(dg_balance_result *b);

#endif
