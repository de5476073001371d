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
 *   partial.c    partial graphs: an aggregate written, merged exactly
 *   write_*.c    JSON (cJSON), DOT (cgraph), SVG/PNG/PDF (gvc)
 *
 * The contract (docs/api.md says it at length):
 *
 * Errors. Every function that can fail takes a last `dg_error *err`,
 * which may be NULL, and returns DG_OK (0) -- or, where said, a count or
 * 1 -- on success and a negative DG_E* code on failure; the code is then
 * also in err->code, with the file, line and message (on success err may
 * have been cleared or left as it was). Each declaration below says
 * what a failure leaves behind ("On failure: ..."). Functions without err
 * cannot fail: accessors answer NULL, -1 or 0 when out of range.
 *
 * Callbacks (events, explanations, reports, names) return 0 to go on and
 * anything else to stop: the library then calls no callback again and
 * the call that ran them returns DG_EABORT, so a callback's own value
 * never passes for a DG_E* code. Keep the reason in your ud.
 *
 * Ownership (after jq's jv.h). What a dg_*_new, dg_graph_load_json or
 * dg_graph_filter makes is the caller's, freed by the matching _free
 * (NULL allowed); strings the library allocates for the caller are freed
 * with dg_free; every const char * returned is borrowed from the object
 * it came from. A lexicon must outlive the extractors and graphs made
 * from it; a dg_event and its strings live only during the callback.
 *
 * Threads (after SQLite's rules). A lexicon, once built, is read-only and
 * may be shared by any number of threads. An extractor, a reader and a
 * graph belong to one thread at a time; different ones may be used on
 * different threads at once. igraph and Graphviz (neither thread-safe)
 * are only ever called under a lock each, inside the library, so threads
 * may analyse and draw their own graphs at once. Process-wide state:
 * igraph's handlers and random generator, the Graphviz context (set up
 * once, on first use) and a lock-free registry of the temporary files
 * being written (util.c), so that a signal handler can remove them.
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
/* The ABI version: the shared library's SONAME is libdiplograph.so.N with
 * N this number (CMakeLists.txt reads it here). It goes up with every
 * change of this header that breaks programs built against the previous
 * one, whatever the release version says. 1: the error contract (every
 * fallible call takes a dg_error, DG_EABORT, dg_reader_next's 1/0/-1). */
#define DG_ABI_VERSION 1

enum {
    DG_OK = 0,
    DG_ENOMEM = -1,    /* out of memory */
    DG_EIO = -2,       /* a file could not be read or written */
    DG_EPARSE = -3,    /* malformed input (JSON, lexicon) */
    DG_EINVAL = -4,    /* invalid argument */
    DG_EEMPTY = -5,    /* input holds no text */
    DG_EENCODING = -6, /* invalid UTF-8 (reported, processing goes on) */
    DG_ERENDER = -7,   /* Graphviz failed to lay out or render */
    DG_EABORT = -8     /* a callback returned non-zero: stopped */
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

/* An empty lexicon; with_default loads the embedded one.
 * On failure: *out is untouched, nothing is left allocated. */
int dg_lexicon_new(dg_lexicon **out, int with_default, dg_error *err);
/* Add a JSON Lines lexicon file; its entries override earlier ones. Not
 * while extractors or graphs use the lexicon (they hold pointers into it).
 * On failure (the first problem is in err, with its line): the lexicon
 * holds the file's lines before the bad one and is unfinished, which
 * dg_extractor_new and dg_graph_new refuse (DG_EINVAL) until a later load
 * succeeds; usually, free it. */
int dg_lexicon_load_file(dg_lexicon *lx, const char *path, dg_error *err);
/* Same from memory; name is used in error messages. */
int dg_lexicon_load_buffer(dg_lexicon *lx, const char *name, const char *data,
                           size_t len, dg_error *err);
/* A callback given each problem found in an input (a lexicon line, a
 * bad file, invalid UTF-8); 0 goes on, non-zero stops (DG_EABORT). */
typedef int (*dg_report_fn)(const dg_error *err, void *ud);

/* Check a lexicon file against the built-in lexicon, calling report for
 * every problem found. Returns the number of problems (0 = valid), or a
 * negative code when the check could not be made or finished (the file
 * unreadable or too large: DG_EIO/DG_EPARSE; DG_ENOMEM; DG_EABORT when
 * report asked to stop), with err filled and report not called for it. */
int dg_lexicon_check_file(const char *path, dg_report_fn report, void *ud,
                          dg_error *err);
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
 * the text (borrowed from the lexicon) and its kind ("name", "demonym",
 * "capital" or "leader"), and returns 0 to go on. DG_OK, or DG_EABORT
 * when fn stopped it (nothing else can fail). */
typedef int (*dg_name_fn)(const char *text, const char *kind, void *ud);
int dg_lexicon_names(const dg_lexicon *lx, dg_name_fn fn, void *ud,
                     dg_error *err);

/* ---- Documents ------------------------------------------------------ */

typedef struct dg_document {
    const char *id;   /* file path or the JSON Lines "id" */
    const char *text; /* UTF-8 */
    size_t len;
    const char *date; /* "YYYY-MM-DD" or NULL */
} dg_document;

/* Reads documents one at a time from a list of inputs (files, directories
 * walked recursively in sorted order for text files, "-" for stdin;
 * FILE.gz and FILE.zst are decompressed as they are read). Problems with one
 * input are reported through the callback and reading goes on. A walk
 * does not follow symbolic links and reads only regular files; no file is
 * read twice; a FIFO or device named explicitly is read as a stream
 * (read.c lists every rule). */
typedef struct dg_reader dg_reader;

/* n inputs (none: standard input); the paths are copied. report (may be
 * NULL) gets each input's problem, on the thread calling dg_reader_next.
 * On failure (DG_ENOMEM): *out is untouched, nothing left allocated. */
int dg_reader_new(dg_reader **out, const char *const *inputs, size_t n,
                  dg_report_fn report, void *ud, dg_error *err);
/* The next document: 1 with *doc filled (valid until the next call or
 * dg_reader_free), 0 at the end of the inputs, or a negative code:
 * DG_ENOMEM (err names the input being read), DG_EABORT (report returned
 * non-zero). A bad input is not a failure: it is reported and skipped.
 * On failure the reader is finished: every later call returns the same
 * code; free it. */
int dg_reader_next(dg_reader *r, dg_document *doc, dg_error *err);
/* The largest document read: a plain file, standard input or one JSON
 * Lines line. A bigger one is reported (file, and line) and skipped, and
 * never more than the limit plus 64 KiB is held for it. 0 restores the
 * default; takes effect from the next input read. */
#define DG_MAX_DOCUMENT_DEFAULT ((size_t)64 << 20) /* 64 MiB */
void dg_reader_set_max_document(dg_reader *r, size_t bytes);
size_t dg_reader_max_document(const dg_reader *r);
/* Keep only shard k of n (1 <= k <= n): the documents whose ordinal,
 * counted from 0 over every document the reader would return, modulo n
 * is k - 1. Every input is still read (its problems reported), so n
 * readers over the same inputs split them without a pre-pass. k = n = 0
 * keeps every document (the default). DG_EINVAL for a bad k or n. Set it
 * before the first dg_reader_next. */
int dg_reader_set_shard(dg_reader *r, size_t k, size_t n);
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
    const char *date;     /* the event's date, "2020", "2020-09" or
                           * "2020-09-27" (the precision the source gave),
                           * or NULL; see date_source */
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
    /* where date came from (docs/dates.md): "text" (the sentence: "in
     * 2020", "on 12 March 2022", "last year"), "dateline" (the article's
     * "YEREVAN, March 3 (Reuters) -"), "document" (the document's date),
     * or NULL with date NULL */
    const char *date_source;
} dg_event;

/* Gets each event; ev and all its strings are valid only during the call
 * (they point into the extractor's buffers): copy what you keep. 0 goes
 * on, non-zero stops the document (DG_EABORT). */
typedef int (*dg_event_fn)(const dg_event *ev, void *ud);

/* Explanations of coding decisions, for `extract --explain`: one line at
 * a time, valid during the call. 0 goes on, non-zero stops (DG_EABORT). */
typedef int (*dg_explain_fn)(const char *doc, long sentence, const char *line,
                             void *ud);

/* Per-thread extraction state (reusable buffers). */
typedef struct dg_extractor dg_extractor;

/* An extractor over lx, which must stay alive and unchanged until the
 * extractor is freed. DG_EINVAL when lx is NULL or unfinished.
 * On failure: *out is untouched, nothing left allocated. */
int dg_extractor_new(dg_extractor **out, const dg_lexicon *lx, dg_error *err);
void dg_extractor_set_explain(dg_extractor *x, dg_explain_fn fn, void *ud);
/* Calls fn for every event of the document, negated ones included, in
 * text order. Invalid UTF-8 is replaced and reported through report (may
 * be NULL; file and byte offset). doc is read only during the call; its
 * text needs no terminating NUL. When fn, report or the explain callback
 * returns non-zero, no callback is called again and DG_EABORT is returned
 * (a stop from the explain callback ends the document once the sentence
 * being explained is coded, before any of its events is given).
 * On failure (DG_EABORT, DG_ENOMEM, DG_EINVAL for a NULL argument): the
 * events given before stay given, and the mention counts include the
 * sentences read; the extractor is ready for the next document. */
int dg_extract_document(dg_extractor *x, const dg_document *doc, dg_event_fn fn,
                        void *ud, dg_report_fn report, void *report_ud,
                        dg_error *err);
/* Actor mentions counted so far, indexed like the lexicon's actors. */
const unsigned long *dg_extractor_mention_counts(const dg_extractor *x,
                                                 size_t *n);
void dg_extractor_free(dg_extractor *x);

/* ---- Graph ---------------------------------------------------------- */

typedef struct dg_graph dg_graph;

/* Time slices of a graph (docs/graph-json.md, "Time slices"): events are
 * also counted per period of their date. */
typedef enum dg_slice {
    DG_SLICE_NONE = 0, DG_SLICE_YEAR, DG_SLICE_QUARTER, DG_SLICE_MONTH
} dg_slice;
/* DG_SLICE_* of "year", "quarter" or "month" ("none" too), or -1. */
int dg_slice_from_name(const char *name);
const char *dg_slice_name(dg_slice s);
/* The period of a date ("2020", "2020-09", "2020-09-27") in slices s:
 * "2020", "2020-Q3" or "2020-09" into buf (at least 8 bytes); 0 when the
 * date is missing or not precise enough (a year alone has no quarter). */
int dg_period_of(const char *date, dg_slice s, char *buf, size_t size);

typedef struct dg_graph_options {
    int evidence;         /* sentences kept per link (default 3) */
    int include_negated;  /* count negated events (default 0) */
    dg_slice slice;       /* per-period series (default DG_SLICE_NONE) */
    /* only events dated within [since, until]: "2020", "2020-09" or
     * "2020-09-27", NULL for no bound (the default). An event's date is
     * a period at its precision, kept when it overlaps the range; with
     * either bound an event without a date is left out (docs/dates.md).
     * dg_graph_new reads them (DG_EINVAL for another form). */
    const char *since, *until;
} dg_graph_options;

/* The defaults: evidence 3, include_negated 0. Call it before setting
 * fields, so that fields added later get their defaults. */
void dg_graph_options_init(dg_graph_options *o);
/* An empty graph over lx (which must outlive it); o NULL = defaults.
 * On failure (DG_ENOMEM; DG_EINVAL for a NULL or unfinished lx): *out is
 * untouched, nothing left allocated. */
int dg_graph_new(dg_graph **out, const dg_lexicon *lx,
                 const dg_graph_options *o, dg_error *err);
/* Count an event into its link (copying what the evidence keeps). An
 * event that is no link of this graph is skipped and is not an error
 * (DG_OK): a negated one unless include_negated, one whose source or
 * target is not an actor of the graph's lexicon (an organization the
 * document introduced), one from an actor to itself. DG_EINVAL for a
 * NULL argument or field. Adding after dg_graph_finish makes the graph
 * unfinished again. On failure (DG_ENOMEM): the graph stays valid, but
 * may count part of that event (one direction of a mutual one). */
int dg_graph_add_event(dg_graph *g, const dg_event *ev, dg_error *err);
/* Count a document (for the graph's summary). */
void dg_graph_add_document(dg_graph *g);
/* Add the extractor's actor mention counts to the nodes' "mentions".
 * On failure (DG_EINVAL: x is over another lexicon): nothing added. */
int dg_graph_add_mentions(dg_graph *g, const dg_extractor *x, dg_error *err);
/* Build the igraph graph from the aggregated links; nothing to do when
 * already finished. On failure (DG_ENOMEM): the graph is unfinished
 * (lookups answer nothing, writers refuse with DG_EINVAL) but keeps its
 * links: finish it again, or free it. */
int dg_graph_finish(dg_graph *g, dg_error *err);
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
/* Link i (0 .. dg_graph_link_count - 1) in (source id, target id) order;
 * its strings are borrowed from the graph's lexicon. On failure
 * (DG_EINVAL: i out of range, or the graph unfinished): *out untouched. */
int dg_graph_link(const dg_graph *g, size_t i, dg_link_info *out,
                  dg_error *err);
/* Node i: id and label. */
const char *dg_graph_node_id(const dg_graph *g, size_t i);

/* Load a graph saved by dg_write_file(..., "x.json"): node-link JSON.
 * The graph owns its own lexicon of the file's actors; it is finished.
 * On failure (DG_EIO, DG_EPARSE naming the field, DG_ENOMEM): *out is
 * untouched, nothing left allocated. */
/* ---- Partial graphs (partial.c, docs/scale.md) ---------------------- */

/* A graph before dg_graph_finish is an aggregate (sums, and the first N
 * evidence items of each link by the evidence order of
 * docs/graph-json.md), so graphs of parts of an input merge into the
 * graph of the whole, whatever the split, order and grouping. */

/* The lexicon's fingerprint: 16 hex digits hashing the bytes it was
 * loaded from (the embedded files when it has them, then every file or
 * buffer added, in order). buf gets at most size bytes (17 hold it);
 * returns buf. */
#define DG_FINGERPRINT_SIZE 17
const char *dg_lexicon_fingerprint(const dg_lexicon *lx, char *buf,
                                   size_t size);
/* The aggregate (documents, events, mentions, links with their sums and
 * evidence) and what it depends on (version, lexicon fingerprint,
 * evidence per link, negated events) as a partial graph: JSON, a link a
 * line. Needs no dg_graph_finish. _file writes path as dg_write_file does
 * (atomically for a regular file, in place for a device or "-"). */
int dg_graph_write_partial(const dg_graph *g, FILE *out, dg_error *err);
int dg_graph_write_partial_file(const dg_graph *g, const char *path,
                                dg_error *err);
/* Adds a partial graph file to g (made by dg_graph_new with the lexicon
 * and options the partial was built with). The whole file is checked
 * first, and g is unchanged when it is refused: DG_EINVAL naming path
 * for another version, lexicon or options, DG_EPARSE for a file that is
 * not a valid partial, DG_EIO when unreadable. Call dg_graph_finish (and
 * dg_graph_analyze) after the last one. */
int dg_graph_merge_partial_file(dg_graph *g, const char *path, dg_error *err);

/* Load a graph saved by dg_write_file(..., "x.json"): node-link JSON. */
int dg_graph_load_json(dg_graph **out, const char *path, dg_error *err);

/* The graph of the inputs of n saved graphs gs (loaded by
 * dg_graph_load_json; names[i] names gs[i] in messages), finished, into
 * *out (the caller frees it; gs are unchanged): actors by id, links,
 * series, mentions and counts added up, each link's evidence the first
 * of all by the evidence order. For graphs of disjoint inputs built with
 * the same options it is the graph one build of all the inputs gives.
 * On failure *out is untouched: DG_EINVAL naming the file built with
 * another --evidence, --slice or --include-negated than names[0], or
 * holding evidence that an earlier file holds (overlapping inputs:
 * events would count twice); DG_ENOMEM. Mentions add up over the nodes
 * of the files: an actor a file names without a link there has no node
 * in it, so those mentions are not counted. */
int dg_graph_merge_saved(dg_graph **out, dg_graph *const *gs,
                         const char *const *names, size_t n, dg_error *err);

/* ---- Analysis (analyze.c, docs/report.md) ---------------------------- */

/* Node metrics (betweenness, harmonic closeness, PageRank, eigenvector,
 * hub and authority) and communities of the cooperative layer; they then
 * appear in every output. Needs dg_graph_finish (else DG_EINVAL).
 * On failure (DG_EINVAL, DG_ENOMEM): the graph has no metrics (outputs
 * leave them out), as before any analysis. */
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

/* Everything passes: no focus, depth 1, no minimum, every actor type. */
void dg_filter_init(dg_filter *f);
/* A new, finished graph holding what passes the filter (link filters,
 * then actor type, then the ego network). g's lexicon must outlive it.
 * On failure (DG_EINVAL: an unknown focus, a bad depth; DG_ENOMEM): *out
 * is untouched, nothing left allocated. */
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

/* The defaults: sort -1 (PageRank), top 0, no source, no filters. */
void dg_report_options_init(dg_report_options *o);

/* Column index of a --sort key, or -1; the accepted keys, for messages. */
int dg_report_sort_key(const char *name);
const char *dg_report_sort_keys(void);

/* Centrality and structure report; the graph must be analyzed (else
 * DG_EINVAL); ro NULL = defaults. On failure (DG_EIO, DG_ENOMEM): part
 * of the report may have been written to out. */
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
    DG_FORMAT_HTML,    /* .html: the self-contained interactive report */
    DG_FORMAT_GEXF     /* .gexf: GEXF 1.2, Gephi's (time spells when
                          sliced) */
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
    unsigned long seed; /* the start of the random layouts (neato, fdp,
                           sfdp); 0 = Graphviz's own fixed start. The
                           drawings and the node positions (x, y) of JSON
                           and GraphML are those of this layout. */
    unsigned dpi;     /* PNG resolution, pixels per inch (a point is 1/72
                         inch); 0 = DG_DRAW_PNG_DPI. SVG and PDF are
                         vector drawings and ignore it. */
} dg_render_options;

/* The defaults: every field NULL or 0 (default engine, generated title,
 * uniform size, colour by type, node-link JSON, DG_DRAW_MAX_EDGES,
 * DG_DRAW_PNG_DPI). */
void dg_render_options_init(dg_render_options *o);

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

/* The writers to a FILE * (JSON, GraphML, CSV, HTML) need a finished
 * graph (else DG_EINVAL) and never change it. On failure (DG_EIO,
 * DG_ENOMEM, DG_ERENDER): part of the output may have been written to
 * out; it is the caller's to discard. */
int dg_write_json(const dg_graph *g, FILE *out, dg_error *err);
/* The graph as JSON in one flavour (node-link is dg_write_json). */
int dg_write_json_as(const dg_graph *g, dg_json_format f, FILE *out,
                     dg_error *err);
/* dg_write_json_as with the drawing options whose layout gives the nodes'
 * x and y (NULL: the defaults, as dg_write_json_as). */
int dg_write_json_with(const dg_graph *g, dg_json_format f, FILE *out,
                       const dg_render_options *ro, dg_error *err);
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
/* GEXF 1.2 (docs/formats.md): the GraphML attributes, node positions as
 * viz:position; a sliced graph is dynamic, with a spell per period. */
int dg_write_gexf(const dg_graph *g, FILE *out, dg_error *err);
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

/* JSON for one event (one line, no newline) in *out, NUL-terminated,
 * *len (when len is not NULL) its length; the caller frees *out with
 * dg_free. On failure (DG_ENOMEM): *out is NULL. */
int dg_event_to_json(const dg_event *ev, char **out, size_t *len,
                     dg_error *err);

/* The same JSON into buf, as snprintf does: at most cap bytes including
 * the terminating NUL (nothing when cap is 0), and the return value is
 * the length of the whole JSON, so a return >= cap means it was cut and
 * a buffer of return + 1 bytes holds it. No allocation. */
size_t dg_event_format_json(const dg_event *ev, char *buf, size_t cap);

#ifdef __cplusplus
}
#endif
#endif
