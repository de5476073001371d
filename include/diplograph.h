/* diplograph.h -- public API of libdiplograph.
 *
 * The library turns text into a signed, weighted, directed graph of
 * geopolitical relations. The pipeline, one module per stage:
 *
 *   read.c       documents from files, directories, stdin, JSON Lines
 *   text.c       normalization, sentence splitting, tokenization
 *   lexicon.c    actors, leaders and stance cues (embedded + user files)
 *   match.c      actor mentions and cue matches in a sentence (hash lookups)
 *   code.c       coding matches into directed, signed PLOVER events
 *   extract.c    the per-document driver tying the stages together
 *   graph.c      aggregation of events into an igraph graph
 *   write_*.c    JSON (cJSON), DOT (cgraph), SVG/PNG/PDF (gvc)
 *
 * Conventions (after igraph): every function is prefixed dg_, returns
 * DG_OK (0) or a negative DG_E* code and fills a dg_error when given one;
 * callers own what they allocate and free it with the matching _free.
 * A dg_lexicon is read-only once built, so one lexicon can serve several
 * threads each with its own dg_extractor and dg_graph. Output files keep
 * one piece of process-wide state: a lock-free registry of the temporary
 * files being written (util.c), so that a signal handler can remove them.
 */
#ifndef DIPLOGRAPH_H
#define DIPLOGRAPH_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define DG_VERSION "0.1.0"

enum {
    DG_OK = 0,
    DG_ENOMEM = -1,    /* out of memory */
    DG_EIO = -2,       /* a file could not be read or written */
    DG_EPARSE = -3,    /* malformed input (JSON, lexicon) */
    DG_EINVAL = -4,    /* invalid argument */
    DG_EEMPTY = -5,    /* input holds no text */
    DG_EENCODING = -6, /* invalid UTF-8 (reported, processing goes on) */
    DG_ERENDER = -7    /* Graphviz failed to lay out or render */
};

/* An error report: which file, which line (0 = none), what is wrong. */
typedef struct dg_error {
    int code;
    char file[512];
    long line;
    char message[512];
} dg_error;

void dg_error_clear(dg_error *err);
/* "file:line: message" (or "file: message"), for printing. */
const char *dg_error_format(const dg_error *err, char *buf, size_t size);

/* ---- Lexicon -------------------------------------------------------- */

typedef struct dg_lexicon dg_lexicon;

typedef enum { DG_ACTOR_STATE = 0, DG_ACTOR_ORGANIZATION = 1 } dg_actor_type;

/* An empty lexicon; with_default loads the embedded one. */
int dg_lexicon_new(dg_lexicon **out, int with_default, dg_error *err);
/* Add a JSON Lines lexicon file; its entries override earlier ones. */
int dg_lexicon_load_file(dg_lexicon *lx, const char *path, dg_error *err);
/* Same from memory; name is used in error messages. */
int dg_lexicon_load_buffer(dg_lexicon *lx, const char *name, const char *data,
                           size_t len, dg_error *err);
/* Check a lexicon file, calling report for every problem found. Returns
 * the number of problems (0 = valid) or a negative error code. */
int dg_lexicon_check_file(const char *path,
                          void (*report)(const dg_error *e, void *ud),
                          void *ud);
void dg_lexicon_free(dg_lexicon *lx);

size_t dg_lexicon_actor_count(const dg_lexicon *lx);
size_t dg_lexicon_cue_count(const dg_lexicon *lx);
size_t dg_lexicon_leader_count(const dg_lexicon *lx);
/* Actor i: id, display name, type. NULL/-1 when out of range. */
const char *dg_lexicon_actor_id(const dg_lexicon *lx, size_t i);
const char *dg_lexicon_actor_name(const dg_lexicon *lx, size_t i);
int dg_lexicon_actor_type(const dg_lexicon *lx, size_t i);
/* Index of the actor with this id, or -1. */
long dg_lexicon_find_actor(const dg_lexicon *lx, const char *id);
/* Cue i: phrase, part of speech ("verb"/"noun"), class, weight. */
const char *dg_lexicon_cue_phrase(const dg_lexicon *lx, size_t i);
const char *dg_lexicon_cue_pos(const dg_lexicon *lx, size_t i);
const char *dg_lexicon_cue_class(const dg_lexicon *lx, size_t i);
int dg_lexicon_cue_weight(const dg_lexicon *lx, size_t i);
/* Leader term i: name, actor id, role, from, to ("" when open). */
void dg_lexicon_leader(const dg_lexicon *lx, size_t i, const char **name,
                       const char **actor, const char **role,
                       const char **from, const char **to);
/* Every name the matcher looks for, as written in the lexicon: each
 * actor's display name, aliases, demonyms and capitals, then each leader
 * term's name and aliases, in lexicon order (repeats included). fn gets
 * the text and its kind ("name", "demonym", "capital" or "leader").
 * Returns how many names there were. */
typedef void (*dg_name_fn)(const char *text, const char *kind, void *ud);
size_t dg_lexicon_names(const dg_lexicon *lx, dg_name_fn fn, void *ud);

/* ---- Documents ------------------------------------------------------ */

typedef struct dg_document {
    const char *id;   /* file path or the JSON Lines "id" */
    const char *text; /* UTF-8 */
    size_t len;
    const char *date; /* "YYYY-MM-DD" or NULL */
} dg_document;

/* Reads documents one at a time from a list of inputs (files, directories
 * walked recursively for text files, "-" for stdin). Problems with one
 * input are reported through the callback and reading goes on. A walk
 * does not follow symbolic links and reads only regular files; no file is
 * read twice; a FIFO or device named explicitly is read as a stream
 * (read.c lists every rule). */
typedef struct dg_reader dg_reader;
typedef void (*dg_report_fn)(const dg_error *err, void *ud);

int dg_reader_new(dg_reader **out, const char *const *inputs, size_t n,
                  dg_report_fn report, void *ud);
/* 1 and *doc filled (valid until the next call), 0 at the end. */
int dg_reader_next(dg_reader *r, dg_document *doc);
/* The largest document read: a plain file, standard input or one JSON
 * Lines line. A bigger one is reported (file, and line) and skipped, and
 * never more than the limit plus 64 KiB is held for it. 0 restores the
 * default; takes effect from the next input read. */
#define DG_MAX_DOCUMENT_DEFAULT ((size_t)64 << 20) /* 64 MiB */
void dg_reader_set_max_document(dg_reader *r, size_t bytes);
size_t dg_reader_max_document(const dg_reader *r);
/* Number of problems reported so far. */
size_t dg_reader_problems(const dg_reader *r);
size_t dg_reader_documents(const dg_reader *r);
/* Bytes read from the inputs so far (files, standard input; a progress
 * figure: a skipped file counts what was read of it). */
uintmax_t dg_reader_bytes(const dg_reader *r);
void dg_reader_free(dg_reader *r);

/* ---- Events --------------------------------------------------------- */

typedef struct dg_event {
    const char *doc;
    const char *date;     /* document date or NULL */
    long sentence;        /* 0-based sentence index in the document */
    const char *source;   /* actor id (a lexicon actor's, or an */
    const char *target;   /* organization the document introduced) */
    int polarity;         /* -1, 0, 1 */
    int weight;           /* -10..10 */
    const char *category; /* PLOVER class */
    const char *trigger;  /* the cue as written in the text */
    int negated;          /* the cue was negated */
    int mutual;           /* symmetric relation (source/target unordered) */
    const char *rule;     /* which coding rule assigned the roles */
    const char *text;     /* the sentence */
} dg_event;

typedef int (*dg_event_fn)(const dg_event *ev, void *ud);

/* Explanations of coding decisions, for `extract --explain`. */
typedef void (*dg_explain_fn)(const char *doc, long sentence,
                              const char *line, void *ud);

/* Per-thread extraction state (reusable buffers). */
typedef struct dg_extractor dg_extractor;

int dg_extractor_new(dg_extractor **out, const dg_lexicon *lx);
void dg_extractor_set_explain(dg_extractor *x, dg_explain_fn fn, void *ud);
/* Calls fn for every event of the document, negated ones included. A
 * non-zero return from fn stops and is returned. Invalid UTF-8 is
 * replaced and reported through report (file and byte offset). */
int dg_extract_document(dg_extractor *x, const dg_document *doc,
                        dg_event_fn fn, void *ud, dg_report_fn report,
                        void *report_ud);
/* Actor mentions counted so far, indexed like the lexicon's actors. */
const unsigned long *dg_extractor_mention_counts(const dg_extractor *x,
                                                 size_t *n);
void dg_extractor_free(dg_extractor *x);

/* ---- Graph ---------------------------------------------------------- */

typedef struct dg_graph dg_graph;

typedef struct dg_graph_options {
    int evidence;         /* sentences kept per link (default 3) */
    int include_negated;  /* count negated events (default 0) */
} dg_graph_options;

void dg_graph_options_init(dg_graph_options *o);
int dg_graph_new(dg_graph **out, const dg_lexicon *lx,
                 const dg_graph_options *o);
int dg_graph_add_event(dg_graph *g, const dg_event *ev);
/* Count a document (for the graph's summary). */
void dg_graph_add_document(dg_graph *g);
/* Add the extractor's actor mention counts to the nodes' "mentions". */
int dg_graph_add_mentions(dg_graph *g, const dg_extractor *x);
/* Build the igraph graph from the aggregated links. */
int dg_graph_finish(dg_graph *g);
void dg_graph_free(dg_graph *g);

size_t dg_graph_node_count(const dg_graph *g);
size_t dg_graph_link_count(const dg_graph *g);

/* Link lookup for tests and clients: -1 when there is no such link. */
long dg_graph_find_link(const dg_graph *g, const char *source,
                        const char *target);
typedef struct dg_link_info {
    const char *source, *target;
    long events;
    double positive, negative, weight;
    int sign;
} dg_link_info;
int dg_graph_link(const dg_graph *g, size_t i, dg_link_info *out);
/* Node i: id and label. */
const char *dg_graph_node_id(const dg_graph *g, size_t i);

/* Load a graph saved by dg_write_file(..., "x.json"): node-link JSON. */
int dg_graph_load_json(dg_graph **out, const char *path, dg_error *err);

/* ---- Analysis (analyze.c, docs/report.md) ---------------------------- */

/* Node metrics (betweenness, harmonic closeness, PageRank, eigenvector,
 * hub and authority) and communities of the cooperative layer; they then
 * appear in every output. Needs dg_graph_finish. */
int dg_graph_analyze(dg_graph *g, dg_error *err);

typedef enum {
    DG_ACTORS_ALL = 0, DG_ACTORS_STATES, DG_ACTORS_ORGANIZATIONS
} dg_actor_filter;

typedef struct dg_filter {
    const char *focus;   /* actor id: keep its ego network (NULL = all) */
    int depth;           /* ego network radius (default 1) */
    long min_events;     /* keep links with at least this many events */
    double min_weight;   /* ... and at least this |net weight| */
    dg_actor_filter actors;
} dg_filter;

void dg_filter_init(dg_filter *f);
/* A new, finished graph holding what passes the filter (link filters,
 * then actor type, then the ego network). g must outlive it. */
int dg_graph_filter(const dg_graph *g, const dg_filter *f, dg_graph **out,
                    dg_error *err);

/* ---- Report (report.c, docs/report.md) ------------------------------ */

typedef enum {
    DG_REPORT_TEXT = 0, DG_REPORT_MARKDOWN, DG_REPORT_CSV, DG_REPORT_JSON
} dg_report_format;

typedef struct dg_report_options {
    int sort;              /* column (dg_report_sort_key); -1 = pagerank */
    int top;               /* actors and dyads shown; 0 = all actors and
                              10 dyads of each kind */
    const char *source;    /* what was read, for the header */
    const char *filters;   /* the filters applied, for the header */
} dg_report_options;

/* Column index of a --sort key, or -1; the accepted keys, for messages. */
int dg_report_sort_key(const char *name);
const char *dg_report_sort_keys(void);

/* Centrality and structure report; the graph must be analyzed. */
int dg_write_report(const dg_graph *g, const dg_report_options *ro,
                    dg_report_format fmt, FILE *out, dg_error *err);
/* Format by extension (.md, .csv, .json, .txt), written as dg_write_file
 * writes (atomically for regular files, in place for devices). */
int dg_write_report_file(const dg_graph *g, const dg_report_options *ro,
                         const char *path, dg_error *err);

/* ---- Output --------------------------------------------------------- */

typedef enum {
    DG_FORMAT_UNKNOWN = 0,
    DG_FORMAT_JSON,
    DG_FORMAT_DOT,
    DG_FORMAT_SVG,
    DG_FORMAT_PNG,
    DG_FORMAT_PDF,
    DG_FORMAT_CYJS,    /* .cyjs: Cytoscape JSON (docs/formats.md) */
    DG_FORMAT_GRAPHML, /* .graphml */
    DG_FORMAT_HTML     /* .html: the self-contained interactive report */
} dg_format;

/* Flavours of JSON output (docs/formats.md). */
typedef enum {
    DG_JSON_NODE_LINK = 0, /* D3, networkx (docs/graph-json.md) */
    DG_JSON_CYTOSCAPE,     /* Cytoscape.js elements JSON, Cytoscape .cyjs */
    DG_JSON_GRAPHOLOGY     /* graphology's serialized graph (sigma.js) */
} dg_json_format;

/* "node-link", "cytoscape" or "graphology" -> dg_json_format, or -1. */
int dg_json_format_from_name(const char *name);

/* The format a path's extension names, or DG_FORMAT_UNKNOWN. */
dg_format dg_format_from_path(const char *path);

typedef struct dg_render_options {
    const char *layout; /* Graphviz engine; NULL = default ("sfdp" above
                           DG_DRAW_SFDP_NODES actors drawn, else
                           "neato") */
    const char *title;  /* NULL = generated */
    const char *node_size;  /* size nodes by a metric (pagerank, ...,
                               mentions); NULL = uniform */
    const char *node_color; /* "community" or "type" (default) */
    dg_json_format json_format; /* flavour of .json outputs (default
                                   node-link; .cyjs is always cytoscape) */
    size_t max_edges; /* layout budget of the drawings (DOT, SVG, PNG, PDF
                         and the HTML report's drawing): at most this many
                         links, the strongest by |net weight| (ties by
                         events, then by source and target id), and the
                         actors they touch; the title says how many were
                         left out. 0 = DG_DRAW_MAX_EDGES; SIZE_MAX = all.
                         JSON, GraphML and CSV always hold every link. */
    unsigned dpi;     /* PNG resolution, pixels per inch (a point is 1/72
                         inch); 0 = DG_DRAW_PNG_DPI. SVG and PDF are
                         vector drawings and ignore it. */
} dg_render_options;

/* The default layout budget of the drawings (dg_render_options). */
#define DG_DRAW_MAX_EDGES 150
/* The default Graphviz engine: neato up to this many actors drawn, sfdp
 * (multiscale) above; both remove node overlaps (overlap=false, which is
 * the prism algorithm in a Graphviz built with GTS, as Debian's is). */
#define DG_DRAW_SFDP_NODES 150
/* The default resolution of PNG drawings (dg_render_options.dpi): twice
 * the 72 points per inch of the layout, so 9-point edge labels are 18
 * pixels high; and the range --dpi accepts. */
#define DG_DRAW_PNG_DPI 144
#define DG_DRAW_PNG_DPI_MIN 36
#define DG_DRAW_PNG_DPI_MAX 600
/* Drawings of more links than this get straight edges (splines=false)
 * instead of curves routed around the actors, which grow too slow. */
#define DG_DRAW_SPLINE_EDGES 200

/* Is engine a Graphviz layout that --layout accepts? */
int dg_layout_valid(const char *engine);

/* Is name a metric that --node-size accepts? */
int dg_node_size_metric_valid(const char *name);

int dg_write_json(const dg_graph *g, FILE *out, dg_error *err);
/* The graph as JSON in one flavour (node-link is dg_write_json). */
int dg_write_json_as(const dg_graph *g, dg_json_format f, FILE *out,
                     dg_error *err);
/* The graph as JSON in memory, the bytes dg_write_json_as writes: *out
 * is NUL-terminated, *len (when len is not NULL) its length; the caller
 * frees *out with dg_free. On error *out is NULL and the graph is
 * unchanged (DG_EINVAL before dg_graph_finish, DG_ENOMEM). */
int dg_graph_to_json_string(const dg_graph *g, dg_json_format f, char **out,
                            size_t *len, dg_error *err);
/* Frees memory the library returned to the caller (dg_event_to_json,
 * dg_graph_to_json_string): free() of the library's C runtime, for
 * callers that do not share it (language bindings). NULL is allowed. */
void dg_free(void *p);
/* GraphML with typed attribute keys (Gephi, networkx, yEd). */
int dg_write_graphml(const dg_graph *g, FILE *out, dg_error *err);
/* CSV tables (RFC 4180) of the nodes and of the edges; dg_write_csv
 * writes both, as PREFIXnodes.csv and PREFIXedges.csv, atomically. */
int dg_write_csv_nodes(const dg_graph *g, FILE *out, dg_error *err);
int dg_write_csv_edges(const dg_graph *g, FILE *out, dg_error *err);
int dg_write_csv(const dg_graph *g, const char *prefix, dg_error *err);
/* The self-contained HTML report: Graphviz's SVG laid out with ro, the
 * graph's data, and the script that shows evidence, filters edges and
 * sorts the centrality table. Needs no network to view. */
int dg_write_html(const dg_graph *g, FILE *out, const dg_render_options *ro,
                  dg_error *err);
/* Writes path in the format its extension names: a regular file (or a new
 * one) atomically, through a hidden temporary file beside it then a rename
 * (mode 0666 & ~umask when new, kept when replaced); a device, FIFO or
 * socket in place. Write errors (a full disk) are DG_EIO naming path, and
 * leave the previous file unchanged. */
int dg_write_file(const dg_graph *g, const char *path,
                  const dg_render_options *ro, dg_error *err);

/* JSON for one event (one line, no newline); caller frees with free().
 * NULL when out of memory. */
char *dg_event_to_json(const dg_event *ev);

/* The same JSON into buf, as snprintf does: at most cap bytes including
 * the terminating NUL (nothing when cap is 0), and the return value is
 * the length of the whole JSON, so a return >= cap means it was cut and
 * a buffer of return + 1 bytes holds it. No allocation. */
size_t dg_event_format_json(const dg_event *ev, char *buf, size_t cap);

#ifdef __cplusplus
}
#endif
#endif
