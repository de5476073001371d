/* process.c -- the process-wide state of the libraries under diplograph,
 * set up here and nowhere else: igraph's error and warning handlers, its
 * random generator, the lock around igraph, the Graphviz context and the
 * lock around drawings.
 *
 * igraph as Debian builds it keeps its error handler, warning handler,
 * "finally" stack and default random generator in globals, and Graphviz
 * keeps plugin and font caches that outlive a context. The library owns
 * that state: it is set up once, on first use, by pthread_once, so that a
 * program (the CLI, the tests, the fuzzers) has nothing to call first and
 * threads may race to the first use. A program that embeds the library and
 * installs igraph handlers of its own gets them replaced on the first
 * igraph call of the library.
 */
#include "graph_internal.h"
#include "analyze.h"

#include <gvc.h>
#include <igraph.h>
#include <pthread.h>

static pthread_once_t setup_once = PTHREAD_ONCE_INIT;
static pthread_once_t graphviz_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t igraph_mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t graphviz_mutex = PTHREAD_MUTEX_INITIALIZER;
static GVC_t *graphviz_context;

/* The one-time setup (run by pthread_once):
 * - igraph's default error handler aborts the process; the library checks
 *   every igraph result and reports it as a dg_error, so errors come back
 *   as return codes and igraph prints nothing;
 * - warnings such as "weighted directed graph in eigenvector centrality"
 *   are about methods that docs/report.md documents: noise for users;
 * - the default random generator (Louvain's node order, ARPACK's start
 *   vector) gets the fixed seed; dg_igraph_reseed restarts it before each
 *   use so that an analysis does not depend on the ones before it.
 * The Graphviz context is made by graphviz_setup, also once, but only when
 * a drawing is first rendered: gvContext reads the plugin configuration
 * (about 14 ms), which runs that draw nothing do not need. It is never
 * freed: freeing a context and making another leaves dangling pointers in
 * Graphviz's caches (a use after free on the second rendering). */
static void setup(void)
{
    igraph_set_error_handler(igraph_error_handler_ignore);
    igraph_set_warning_handler(igraph_warning_handler_ignore);
    igraph_rng_seed(igraph_rng_default(), DG_COMMUNITY_SEED);
}

static void graphviz_setup(void)
{
    graphviz_context = gvContext();
}

void dg_igraph_lock(void)
{
    pthread_once(&setup_once, setup);
    pthread_mutex_lock(&igraph_mutex);
}

void dg_igraph_unlock(void)
{
    pthread_mutex_unlock(&igraph_mutex);
}

void dg_igraph_reseed(void)
{
    /* the default generator itself: swapping another one in and out is
     * wrong with igraph 0.10, whose igraph_rng_set_default copies the
     * struct, so the "restored" default kept the state freed by
     * igraph_rng_destroy -- a use after free in every later analysis of
     * the process (found by tests/test_threads.c under valgrind) */
    igraph_rng_seed(igraph_rng_default(), DG_COMMUNITY_SEED);
}

void dg_graphviz_lock(void)
{
    pthread_mutex_lock(&graphviz_mutex);
}

void dg_graphviz_unlock(void)
{
    pthread_mutex_unlock(&graphviz_mutex);
}

void *dg_graphviz_context(void)
{
    pthread_once(&graphviz_once, graphviz_setup);
    return graphviz_context;
}
