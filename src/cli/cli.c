/* cli.c -- the diplograph command-line tool, the library's first client.
 * dg_cli_main() is the whole tool; main.c only calls it, so that tests and
 * the argument-vector fuzzer (tests/fuzz) can run it in-process.
 *
 *   diplograph extract  text -> events (JSON Lines)
 *   diplograph build    text -> graph (JSON, DOT, SVG, PNG, PDF)
 *   diplograph merge    partial graphs (build --partial) -> graph
 *   diplograph lexicon  check or list lexicon entries
 *
 * Exit codes (also in --help and the README):
 *   0 success; 1 some input could not be read or was malformed or empty
 *   (the rest was processed and the output written); 2 usage error;
 *   3 invalid lexicon file; 4 an output could not be written.
 */
#define _POSIX_C_SOURCE 200809L
#include "diplograph.h"
#include "cli.h"
#include "date.h"     /* dg_date_parse: --since, --until */
#include "internal.h" /* dg_atomic_*: the library's output files */

#include <dirent.h>
#include <getopt.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum { EXIT_INPUT = 1, EXIT_USAGE = 2, EXIT_LEXICON = 3, EXIT_OUTPUT = 4 };
enum { MAX_JOBS = 256 }; /* -j; the default is the online CPUs, at most this */

/* The global help: this text, then the options from the option table
 * (opts[], below: the same table that parses them and that each
 * command's --help lists), then exit_codes. */
static const char usage_head[] =
    "usage: diplograph COMMAND [OPTIONS] [INPUT...]\n"
    "\n"
    "Builds the geopolitical relation graph in news text: who acts on whom,\n"
    "cooperation or conflict, and on what evidence.\n"
    "\n"
    "commands:\n"
    "  extract [INPUT...]     write one event a line (JSON Lines)\n"
    "  build [INPUT...]       aggregate events into a graph and write it\n"
    "  merge PARTIAL...       merge partial graphs (build --partial) into\n"
    "                         the graph one build over all their inputs\n"
    "                         gives (-o any format, or --partial again)\n"
    "  report [INPUT...|GRAPH.json...]\n"
    "                         centrality and structure report (table, or -o\n"
    "                         .md .csv .json .txt)\n"
    "  render GRAPH.json...   re-render saved graphs, merged (-o any format,\n"
    "                         filters)\n"
    "  lexicon check FILE...  validate lexicon files, every problem with its "
    "line\n"
    "  lexicon list [actors|leaders|cues|names]\n"
    "                         print the lexicon in effect; names: every\n"
    "                         actor name, alias, demonym, capital and leader\n"
    "                         name the matcher looks for, one a line\n"
    "\n"
    "INPUT is a file, a directory (read recursively) or - for standard input\n"
    "(the default). Files ending .jsonl hold one {\"id\",\"text\",\"date\"} a "
    "line;\n"
    "standard input is read as JSON Lines, graph JSON or text by its first\n"
    "bytes (--input-format). 'diplograph COMMAND --help' lists the options\n"
    "of one command; an option another command takes is refused. Each\n"
    "option below names the commands that take it.\n"
    "\n"
    "options:\n";

static const char exit_codes[] =
    "exit codes: 0 success; 1 an input could not be read, was malformed or\n"
    "empty (the others were processed); 2 usage error; 3 invalid lexicon;\n"
    "4 an output could not be written.\n";

typedef struct options {
    const char *cmd;
    unsigned cmd_bit;       /* C_*: the command */
    int input_format;       /* --input-format: DG_INPUT_*, AUTO = sniffed */
    dg_format graph_format; /* --format (build, render); 0 = none */
    int report_format;      /* --format (report): dg_report_format, -1 */
    const char **inputs; size_t ninputs;
    const char **outputs; size_t noutputs;
    const char **lexicons; size_t nlexicons;
    int no_default, explain, include_negated, evidence;
    const char *since, *until; /* --since, --until: events' dates */
    const char *layout, *title;
    /* drawing (build, render) */
    const char *node_size, *node_color;
    dg_json_format json_format; /* --json-format */
    const char *csv_prefix;     /* --csv-prefix */
    size_t max_edges; /* --max-edges: 0 = the default, SIZE_MAX = all */
    unsigned long seed; /* --seed: 0 = Graphviz's own start */
    unsigned dpi;     /* --dpi: 0 = the default */
    /* filters (report, render): dg_filter, and the text for headers */
    dg_filter filter;
    char filter_text[256];
    /* report */
    int sort, top;
    dg_slice slice;      /* --slice */
    size_t max_document; /* --max-document-size; 0 = the default */
    int jobs;            /* -j: extraction threads (1 = this thread) */
    int quiet;           /* -q: no progress line */
    int partial;         /* --partial: build, merge write a partial graph */
    size_t shard_k, shard_n; /* --shard K/N; 0/0 = every document */
} options;

static int problems; /* inputs reported as bad, for the exit code */

/* Standard input as report and render found it, sniffing it before any
 * reader exists: its kind (0: not looked at) and the bytes read, which
 * the reader then reads first. */
static struct {
    int kind;
    char *buf;
    size_t len;
} stdin_seen;

/* The reader's "-": what the CLI found, or --input-format (else sniffed
 * by the reader). */
static void reader_stdin(const options *o, dg_reader *r)
{
    dg_reader_set_stdin(r, stdin_seen.kind ? stdin_seen.kind : o->input_format,
                        stdin_seen.buf, stdin_seen.len);
    stdin_seen.buf = NULL; /* the reader's now */
}

/* ---- progress ---------------------------------------------------------
 *
 * While texts are read (extract, build, report), a line on standard error
 * when it is a terminal: documents and MB read, MB/s, and with the total
 * size of the inputs known (regular files; not a pipe) the share done and
 * an ETA. It is rewritten in place ("\r", then clear to the end of the
 * line) at most 4 times a second and erased before any message and at the
 * end, so that messages never share its line. Cheap: the clock is read
 * every 16 documents or MiB, nothing else is done per document. */
static struct {
    int on;
    uintmax_t total;       /* bytes of the inputs; 0 = unknown */
    double start, next;    /* seconds: the start, the next update */
    size_t check_docs;     /* the clock is read again from this document */
    uintmax_t check_bytes; /* or from this byte */
    size_t width;          /* the terminal's columns: the line stays shorter
                              (a wrapped line could not be erased) */
} progress;
static volatile sig_atomic_t progress_shown; /* the line is on screen */

enum { PROGRESS_DEPTH = 64 }; /* directory levels counted for the total */

static double seconds_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Bytes of the regular files under a directory as the reader walks it
 * (not following links, hidden entries left out); an estimate for the
 * ETA only. */
static uintmax_t tree_bytes(int fd, int depth)
{
    DIR *d = fdopendir(fd);
    if (!d) {
        close(fd);
        return 0;
    }
    uintmax_t sum = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        struct stat st;
        if (e->d_name[0] == '.' ||
            fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
            continue;
        if (S_ISREG(st.st_mode)) {
            sum += (uintmax_t)st.st_size;
        } else if (S_ISDIR(st.st_mode) && depth < PROGRESS_DEPTH) {
            int sub = openat(dirfd(d), e->d_name,
                             O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            if (sub >= 0)
                sum += tree_bytes(sub, depth + 1);
        }
    }
    closedir(d);
    return sum;
}

/* The size of all inputs, or 0 when one is a stream (a pipe, a terminal,
 * a device) whose size is not known. */
static uintmax_t inputs_bytes(const options *o)
{
    uintmax_t sum = 0;
    size_t n = o->ninputs ? o->ninputs : 1;
    for (size_t i = 0; i < n; i++) {
        const char *in = o->ninputs ? o->inputs[i] : "-";
        struct stat st;
        if (strcmp(in, "-") == 0) {
            if (fstat(0, &st) != 0 || !S_ISREG(st.st_mode))
                return 0;
            off_t at = lseek(0, 0, SEEK_CUR);
            sum +=
                (uintmax_t)(st.st_size - (at > 0 && at < st.st_size ? at : 0));
        } else if (stat(in, &st) != 0) {
            continue; /* reported by the reader */
        } else if (S_ISREG(st.st_mode)) {
            sum += (uintmax_t)st.st_size;
        } else if (S_ISDIR(st.st_mode)) {
            int fd = open(in, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
            if (fd >= 0)
                sum += tree_bytes(fd, 0);
        } else {
            return 0;
        }
    }
    return sum;
}

/* to_stdout: the command writes to standard output as it goes (extract's
 * events or explanation); on a terminal, that is its progress already. */
static void progress_start(const options *o, int to_stdout)
{
    memset(&progress, 0, sizeof progress);
    progress_shown = 0;
    if (o->quiet || !isatty(2) || (to_stdout && isatty(1)))
        return;
    progress.on = 1;
    struct winsize ws;
    progress.width =
        ioctl(2, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 1 ? ws.ws_col : 80;
    progress.total = inputs_bytes(o);
    progress.start = seconds_now();
    progress.next = progress.start + 0.25;
}

static void progress_clear(void)
{
    if (progress_shown) {
        fputs("\r\033[K", stderr);
        progress_shown = 0;
    }
}

static void progress_end(void)
{
    progress_clear();
    progress.on = 0;
}

/* "h:mm:ss" or "m:ss", rounded up */
static void format_duration(double s, char *buf, size_t size)
{
    unsigned long t = s < 0 ? 0 : s > 359999 ? 359999 : (unsigned long)ceil(s);
    if (t >= 3600)
        snprintf(buf, size, "%lu:%02lu:%02lu", t / 3600, t / 60 % 60, t % 60);
    else
        snprintf(buf, size, "%lu:%02lu", t / 60, t % 60);
}

/* After each document read: the line, when it is time. */
static void progress_tick(const dg_reader *r)
{
    if (!progress.on)
        return;
    size_t docs = dg_reader_documents(r);
    uintmax_t bytes = dg_reader_bytes(r);
    if (docs < progress.check_docs &&
        bytes - progress.check_bytes < ((uintmax_t)1 << 20))
        return;
    progress.check_docs = docs + 16;
    progress.check_bytes = bytes;
    double t = seconds_now();
    if (t < progress.next)
        return;
    progress.next = t + 0.25;
    double mb = (double)bytes / 1048576.0, el = t - progress.start;
    double rate = el > 0 ? mb / el : 0;
    char line[200];
    int n = snprintf(line, sizeof line, "diplograph: %zu document%s, %.1f MB",
                     docs, docs == 1 ? "" : "s", mb);
    if (progress.total && n > 0 && (size_t)n < sizeof line) {
        double all = (double)progress.total / 1048576.0;
        double share = bytes < progress.total ? mb / all : 0.99;
        n += snprintf(line + n, sizeof line - (size_t)n, " of %.1f (%d%%)", all,
                      (int)(share * 100));
    }
    if (n > 0 && (size_t)n < sizeof line)
        n += snprintf(line + n, sizeof line - (size_t)n, ", %.1f MB/s", rate);
    if (progress.total && rate > 0 && n > 0 && (size_t)n < sizeof line) {
        char eta[32];
        double left = bytes < progress.total
                          ? (double)(progress.total - bytes) / 1048576.0
                          : 0;
        format_duration(left / rate, eta, sizeof eta);
        snprintf(line + n, sizeof line - (size_t)n, ", ETA %s", eta);
    }
    if (strlen(line) >= progress.width) /* ASCII: a byte is a column */
        line[progress.width - 1] = '\0';
    fprintf(stderr, "\r%s\033[K", line);
    fflush(stderr);
    progress_shown = 1;
}

static int print_error(const dg_error *e, void *ud)
{
    (void)ud;
    char buf[1200];
    progress_clear();
    fprintf(stderr, "diplograph: %s\n", dg_error_format(e, buf, sizeof buf));
    problems++;
    return 0;
}

/* ---- options ------------------------------------------------------------
 *
 * One table of every option; each command takes the options whose cmds
 * has its bit. parse_args builds getopt_long's table and short-option
 * string for the command from it, so --opt=value, -oFILE, -qj2 and "--"
 * (the end of the options) work alike everywhere, and `COMMAND --help`
 * lists exactly what the command takes. An option of another command is
 * refused, naming the commands it belongs to. */

enum {
    C_EXTRACT = 1,
    C_BUILD = 2,
    C_REPORT = 4,
    C_RENDER = 8,
    C_LEXICON = 16,
    C_MERGE = 32
};
enum {
    C_TEXTS = C_EXTRACT | C_BUILD | C_REPORT,
    C_GRAPHS = C_BUILD | C_MERGE | C_RENDER,
    C_FILTERS = C_REPORT | C_RENDER
};

static const struct command_def {
    const char *name;
    unsigned bit;
    const char *synopsis; /* after "usage: diplograph " */
    const char *about;
} commands[] = {
    {"extract", C_EXTRACT, "extract [OPTIONS] [INPUT...]",
     "Writes one event a line (JSON Lines): the actors, the stance, its\n"
     "PLOVER class and weight, and the sentence."},
    {"build", C_BUILD, "build [OPTIONS] [INPUT...]",
     "Aggregates the events of the inputs into a graph and writes it, in\n"
     "the format each -o path's extension names (or --format)."},
    {"merge", C_MERGE, "merge [OPTIONS] PARTIAL...",
     "Merges partial graphs (written by 'build --partial') into the graph\n"
     "that one build over all their inputs gives, byte for byte; with\n"
     "--partial, into a partial again (docs/scale.md)."},
    {"report", C_REPORT, "report [OPTIONS] [INPUT...|GRAPH.json...]",
     "The centrality and structure report of the graph of the inputs, or\n"
     "of saved graphs (GRAPH.json, or graph JSON on standard input;\n"
     "several are merged)."},
    {"render", C_RENDER, "render [OPTIONS] GRAPH.json...",
     "Writes a saved graph again (GRAPH.json, or - for graph JSON on\n"
     "standard input) in any output format, filtered or not. Several\n"
     "saved graphs of different inputs are merged into the graph one\n"
     "build of all their inputs gives."},
    {"lexicon", C_LEXICON,
     "lexicon check FILE...\n"
     "       diplograph lexicon list [OPTIONS] [actors|leaders|cues|names]",
     "check validates lexicon files and prints every problem with its\n"
     "line; list prints the lexicon in effect (names: every name the\n"
     "matcher looks for, one a line)."},
};
enum { NCOMMANDS = sizeof commands / sizeof commands[0] };

enum opt_id {
    OPT_HELP = 'h',
    OPT_JOBS = 'j',
    OPT_OUTPUT = 'o',
    OPT_QUIET = 'q',
    OPT_FORMAT = 256,
    OPT_INPUT_FORMAT,
    OPT_JSON_FORMAT,
    OPT_CSV_PREFIX,
    OPT_LEXICON,
    OPT_NO_DEFAULT,
    OPT_EVIDENCE,
    OPT_INCLUDE_NEGATED,
    OPT_LAYOUT,
    OPT_TITLE,
    OPT_MAX_EDGES,
    OPT_NODE_SIZE,
    OPT_NODE_COLOR,
    OPT_SORT,
    OPT_TOP,
    OPT_FOCUS,
    OPT_DEPTH,
    OPT_MIN_EVENTS,
    OPT_MIN_WEIGHT,
    OPT_ACTORS_ONLY,
    OPT_MAX_DOCUMENT,
    OPT_EXPLAIN,
    OPT_SINCE,
    OPT_UNTIL,
    OPT_SLICE,
    OPT_PARTIAL,
    OPT_SHARD,
    OPT_SEED,
    OPT_DPI
};

typedef struct opt_def {
    const char *name; /* the long name */
    int id;           /* the short letter, or >= 256 for long only */
    unsigned cmds;    /* C_* of the commands that take it */
    const char *arg;  /* its value in the help ("PATH"), NULL: none */
    const char *need; /* "--name needs ..." when the value is missing */
    const char *help; /* lines; a per-command text in opt_help() */
} opt_def;

static const opt_def opts[] = {
    {"output", OPT_OUTPUT, C_TEXTS | C_MERGE | C_RENDER, "PATH", "a path", NULL},
    {"format", OPT_FORMAT, C_TEXTS | C_MERGE | C_RENDER, "FMT", "a format name", NULL},
    {"input-format", OPT_INPUT_FORMAT, C_TEXTS | C_RENDER, "text|jsonl|graph",
     "a format name",
     "what standard input holds (default: decided\n"
     "by its first bytes; see docs/formats.md)"},
    {"json-format", OPT_JSON_FORMAT, C_GRAPHS, "node-link|cytoscape|graphology",
     "a flavour",
     "flavour of .json outputs and of JSON on\n"
     "stdout (default node-link; .cyjs is cytoscape)"},
    {"csv-prefix", OPT_CSV_PREFIX, C_GRAPHS, "PREFIX", "a path prefix",
     "also write PREFIXnodes.csv and PREFIXedges.csv"},
    {"lexicon", OPT_LEXICON, C_TEXTS | C_MERGE | C_LEXICON, "FILE", "a file",
     "add a JSON Lines lexicon (repeatable; overrides)"},
    {"no-default-lexicon", OPT_NO_DEFAULT, C_TEXTS | C_MERGE | C_LEXICON, NULL, NULL,
     "start from an empty lexicon"},
    {"evidence", OPT_EVIDENCE, C_BUILD | C_MERGE | C_REPORT, "N", "a number",
     "sentences kept per link (default 3)"},
    {"include-negated", OPT_INCLUDE_NEGATED, C_TEXTS | C_MERGE, NULL, NULL,
     "keep negated events (\"did not condemn\"); they\n"
     "are left out by default"},
    {"since", OPT_SINCE, C_BUILD | C_MERGE | C_REPORT, "DATE", "a date",
     "only events dated from DATE on (YYYY, YYYY-MM\n"
     "or YYYY-MM-DD; undated events are left out)"},
    {"until", OPT_UNTIL, C_BUILD | C_MERGE | C_REPORT, "DATE", "a date",
     "only events dated up to DATE (YYYY, YYYY-MM\n"
     "or YYYY-MM-DD; undated events are left out)"},
    {"slice", OPT_SLICE, C_BUILD | C_MERGE | C_REPORT, "year|quarter|month", "a period",
     "also count every link's events per period of\n"
     "their date (series in the outputs, trends in\n"
     "the report)"},
    {"layout", OPT_LAYOUT, C_GRAPHS, "ENGINE", "an engine name",
     "dot, neato, fdp, sfdp, circo, twopi\n"
     "(default neato; sfdp above 150 actors drawn)"},
    {"title", OPT_TITLE, C_GRAPHS, "TEXT", "a text",
     "the drawing's title line"},
    {"max-edges", OPT_MAX_EDGES, C_GRAPHS, "N", "a number",
     "draw at most N links, the strongest by\n"
     "|net weight| (default 150; 0 = all);\n"
     ".json .graphml .gexf .csv keep all"},
    {"dpi", OPT_DPI, C_GRAPHS, "N", "a number",
     ".png resolution in pixels per inch, 36 to 600\n"
     "(default 144)"},
    {"seed", OPT_SEED, C_GRAPHS, "N", "a number",
     "the random start of the neato, fdp and sfdp\n"
     "layouts, 0 to 2147483647 (default 0:\n"
     "Graphviz's own fixed start)"},
    {"node-size", OPT_NODE_SIZE, C_GRAPHS, "METRIC", "a metric",
     "size nodes by pagerank, betweenness, harmonic,\n"
     "eigenvector, hub, authority or mentions"},
    {"node-color", OPT_NODE_COLOR, C_GRAPHS, "community|type", "a value",
     "colour nodes by community or by actor type\n"
     "(default type)"},
    {"sort", OPT_SORT, C_REPORT, "METRIC", "a metric",
     "order actors (default pagerank)"},
    {"top", OPT_TOP, C_REPORT, "K", "a number",
     "show the first K actors and dyads"},
    {"focus", OPT_FOCUS, C_FILTERS, "ACTOR", "a value",
     "the actor's ego network only"},
    {"depth", OPT_DEPTH, C_FILTERS, "N", "a value",
     "ego network radius (default 1)"},
    {"min-events", OPT_MIN_EVENTS, C_FILTERS, "N", "a value",
     "links with at least N events"},
    {"min-weight", OPT_MIN_WEIGHT, C_FILTERS, "W", "a value",
     "links with |net weight| >= W"},
    {"actors-only", OPT_ACTORS_ONLY, C_FILTERS, "states|organizations|all",
     "a value", "links between such actors"},
    {"max-document-size", OPT_MAX_DOCUMENT, C_TEXTS, "SIZE", "a size",
     "largest document (a file, standard input,\n"
     "a JSON Lines line) in bytes or with K, M, G\n"
     "(KiB, MiB, GiB); larger ones are reported\n"
     "and skipped (default 64M)"},
    {"jobs", OPT_JOBS, C_TEXTS, "N", "a number",
     "documents extracted in parallel by N threads\n"
     "(default: the online CPUs; 1 to 256); the\n"
     "output is the same as with -j 1, in order"},
    {"partial", OPT_PARTIAL, C_BUILD | C_MERGE, NULL, NULL,
     "write the partial graph (the aggregate before\n"
     "analysis, for merge) to -o or standard output"},
    {"shard", OPT_SHARD, C_TEXTS, "K/N", "K/N",
     "read every input but keep only the documents\n"
     "whose ordinal (0, 1, ... in reading order)\n"
     "modulo N is K-1"},
    {"explain", OPT_EXPLAIN, C_EXTRACT, NULL, NULL,
     "print how each sentence was coded (events\n"
     "then go only to -o; forces -j 1)"},
    {"quiet", OPT_QUIET, C_TEXTS, NULL, NULL,
     "no progress line (documents, MB, MB/s, ETA;\n"
     "shown on standard error only when it is a\n"
     "terminal)"},
    {"help", OPT_HELP, C_TEXTS | C_MERGE | C_RENDER | C_LEXICON, NULL, NULL, "this help"},
};
enum { NOPTS = sizeof opts / sizeof opts[0] };

/* The help of -o and --format, which say different things per command. */
static const char *opt_help(const opt_def *d, unsigned cmd)
{
    if (d->id == OPT_OUTPUT)
        return cmd == 0 /* the global help */
                   ? "where to write; - (the default) is standard\n"
                     "output. build, merge, render and report take\n"
                     "several, each in the format its extension\n"
                     "names: .json .cyjs .graphml .gexf .html .dot .gv\n"
                     ".svg .png .pdf; report: .txt .md .csv .json"
               : cmd == C_EXTRACT
                   ? "the events file; - (the default) is standard\n"
                     "output"
               : cmd == C_REPORT
                   ? "repeatable: .txt .md .csv .json by extension;\n"
                     "- is standard output (text, or --format)"
                   : "repeatable, format by extension: .json .cyjs\n"
                     ".graphml .gexf .html .dot .gv .svg .png .pdf;\n"
                     "- is standard output (JSON, or --format)";
    if (d->id == OPT_FORMAT)
        return cmd == 0
                   ? "the format of standard output and of -o paths\n"
                     "without an extension: jsonl (extract); json,\n"
                     "cyjs, graphml, gexf, html, dot, svg, png, pdf\n"
                     "(build, merge, render); txt, md, csv, json (report)"
               : cmd == C_EXTRACT
                   ? "the format of standard output: jsonl (events,\n"
                     "one a line; the only one)"
               : cmd == C_REPORT
                   ? "the format of standard output and of -o paths\n"
                     "without an extension: txt (default), md, csv\n"
                     "or json"
                   : "the format of standard output and of -o paths\n"
                     "without an extension: json (default), cyjs,\n"
                     "graphml, gexf, html, dot, svg, png or pdf";
    return d->help;
}

static const opt_def *opt_by_id(int id)
{
    for (size_t i = 0; i < NOPTS; i++)
        if (opts[i].id == id)
            return &opts[i];
    return NULL;
}

static const struct command_def *command_by_name(const char *name)
{
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

/* "report and render", "extract, build and report" */
static void command_list(unsigned cmds, char *buf, size_t size)
{
    size_t len = 0, n = 0, k = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < NCOMMANDS; i++)
        n += (cmds & commands[i].bit) != 0;
    for (size_t i = 0; i < NCOMMANDS && len < size; i++) {
        if (!(cmds & commands[i].bit))
            continue;
        k++;
        int w = snprintf(buf + len, size - len, "%s%s",
                         k == 1   ? ""
                         : k == n ? " and "
                                  : ", ",
                         commands[i].name);
        len += w > 0 ? (size_t)w : 0;
    }
}

/* One option's item of a help: its names and value, then its help
 * (that of command cmd, or with cmd 0 for the global help, preceded by
 * the commands that take the option), indented under it. */
static void print_option(FILE *f, const opt_def *d, unsigned cmd)
{
    char head[80];
    if (d->id < 256)
        snprintf(head, sizeof head, "-%c, --%s%s%s", d->id, d->name,
                 d->arg ? " " : "", d->arg ? d->arg : "");
    else
        snprintf(head, sizeof head, "--%s%s%s", d->name, d->arg ? " " : "",
                 d->arg ? d->arg : "");
    if (strlen(head) > 21)
        fprintf(f, "  %s\n%25s", head, "");
    else
        fprintf(f, "  %-23s", head);
    if (cmd == 0 && d->id != OPT_HELP) {
        char who[96];
        command_list(d->cmds, who, sizeof who);
        fprintf(f, "%s:\n%25s", who, "");
    }
    for (const char *p = opt_help(d, cmd); *p; p++) {
        fputc(*p, f);
        if (*p == '\n')
            fprintf(f, "%25s", "");
    }
    fputc('\n', f);
}

static void print_command_help(const struct command_def *c)
{
    printf("usage: diplograph %s\n\n%s\n\n", c->synopsis, c->about);
    if (c->bit & C_TEXTS)
        printf("INPUT is a file, a directory (read recursively) or - for\n"
               "standard input (the default); standard input holding JSON\n"
               "Lines%s is read as such (--input-format).\n\n",
               c->bit == C_REPORT ? " or graph JSON" : "");
    else if (c->bit == C_MERGE)
        printf("PARTIAL is a partial graph written by 'diplograph build\n"
               "--partial'; give merge the lexicon and options that build\n"
               "had.\n\n");
    else if (c->bit == C_RENDER)
        printf("GRAPH.json is a graph saved by 'diplograph build -o\n"
               "FILE.json', or - for graph JSON on standard input (the\n"
               "default).\n\n");
    printf("options:\n");
    for (size_t i = 0; i < NOPTS; i++)
        if (opts[i].cmds & c->bit)
            print_option(stdout, &opts[i], c->bit);
    printf("\n%s", exit_codes);
}

/* The global help (diplograph --help, or no command): the option list
 * generated from opts[] as each command's is, with the commands that
 * take each option. */
static void print_usage(FILE *f)
{
    fputs(usage_head, f);
    for (size_t i = 0; i < NOPTS; i++)
        print_option(f, &opts[i], 0);
    fprintf(f, "  %-23s%s\n\n%s", "--version", "the version", exit_codes);
}

static const char *help_command =
    NULL; /* "build": Try 'diplograph build --help' */

static int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "diplograph: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nTry 'diplograph %s%s--help'.\n",
            help_command ? help_command : "", help_command ? " " : "");
    return EXIT_USAGE;
}

/* One of the filter options of report and render, recorded both in the
 * dg_filter and in the text that report headers show. */
static int parse_filter_option(options *o, int id, const char *name,
                               const char *val)
{
    dg_filter *f = &o->filter;
    char *end;
    if (id == OPT_FOCUS) {
        if (val[strspn(val, " \t\n")] == '\0')
            return usage_error("--focus wants an actor id such as ARM or EU, "
                               "not '%s'",
                               val);
        f->focus = val;
    } else if (id == OPT_DEPTH) {
        long n = strtol(val, &end, 10);
        if (*end || n < 1 || n > 100)
            return usage_error("--depth wants a number from 1 to 100, not "
                               "'%s'", val);
        f->depth = (int)n;
    } else if (id == OPT_MIN_EVENTS) {
        long n = strtol(val, &end, 10);
        if (end == val || *end || n < 0)
            return usage_error("--min-events wants a number, not '%s'", val);
        f->min_events = n;
    } else if (id == OPT_MIN_WEIGHT) {
        double w = strtod(val, &end);
        /* nan compares false with everything, inf keeps nothing */
        if (end == val || *end || !isfinite(w) || w < 0)
            return usage_error("--min-weight wants a finite number >= 0, not "
                               "'%s'",
                               val);
        f->min_weight = w;
    } else {
        if (strcmp(val, "states") == 0)
            f->actors = DG_ACTORS_STATES;
        else if (strcmp(val, "organizations") == 0)
            f->actors = DG_ACTORS_ORGANIZATIONS;
        else if (strcmp(val, "all") == 0)
            f->actors = DG_ACTORS_ALL;
        else
            return usage_error("--actors-only takes states, organizations or "
                               "all, not '%s'", val);
    }
    size_t len = strlen(o->filter_text);
    snprintf(o->filter_text + len, sizeof o->filter_text - len, "%s%s %s",
             len ? ", " : "", name, val);
    return 0;
}

/* --format for the command: o->graph_format (build, render),
 * o->report_format (report); extract has one format. */
static int parse_format(options *o, const char *val)
{
    static const struct {
        const char *name;
        dg_format f;
    } graph[] = {{"json", DG_FORMAT_JSON},       {"cyjs", DG_FORMAT_CYJS},
                 {"graphml", DG_FORMAT_GRAPHML}, {"gexf", DG_FORMAT_GEXF},
                 {"html", DG_FORMAT_HTML},
                 {"dot", DG_FORMAT_DOT},         {"gv", DG_FORMAT_DOT},
                 {"svg", DG_FORMAT_SVG},         {"png", DG_FORMAT_PNG},
                 {"pdf", DG_FORMAT_PDF}};
    static const struct {
        const char *name;
        dg_report_format f;
    } report[] = {{"txt", DG_REPORT_TEXT},    {"text", DG_REPORT_TEXT},
                  {"md", DG_REPORT_MARKDOWN}, {"markdown", DG_REPORT_MARKDOWN},
                  {"csv", DG_REPORT_CSV},     {"json", DG_REPORT_JSON}};
    if (o->cmd_bit == C_EXTRACT) {
        if (strcmp(val, "jsonl") && strcmp(val, "json"))
            return usage_error("--format: extract writes events as JSON "
                               "Lines (jsonl), not '%s'",
                               val);
        return 0;
    }
    if (o->cmd_bit == C_REPORT) {
        for (size_t i = 0; i < sizeof report / sizeof report[0]; i++)
            if (strcmp(val, report[i].name) == 0) {
                o->report_format = (int)report[i].f;
                return 0;
            }
        return usage_error("--format: report writes txt, md, csv or json, "
                           "not '%s'",
                           val);
    }
    for (size_t i = 0; i < sizeof graph / sizeof graph[0]; i++)
        if (strcmp(val, graph[i].name) == 0) {
            o->graph_format = graph[i].f;
            return 0;
        }
    return usage_error("--format takes json, cyjs, graphml, gexf, html, dot, "
                       "svg, png or pdf, not '%s'",
                       val);
}

/* The value of one option (getopt_long's id), checked. 0 or an exit code. */
static int set_option(options *o, const opt_def *d, const char *val)
{
    char *end;
    switch (d->id) {
    case OPT_OUTPUT:
        o->outputs[o->noutputs++] = val;
        break;
    case OPT_FORMAT:
        return parse_format(o, val);
    case OPT_INPUT_FORMAT:
        if (strcmp(val, "text") == 0)
            o->input_format = DG_INPUT_TEXT;
        else if (strcmp(val, "jsonl") == 0)
            o->input_format = DG_INPUT_JSONL;
        else if (strcmp(val, "graph") == 0)
            o->input_format = DG_INPUT_GRAPH;
        else
            return usage_error("--input-format takes text, jsonl or graph, "
                               "not '%s'",
                               val);
        if (o->cmd_bit == C_RENDER && o->input_format != DG_INPUT_GRAPH)
            return usage_error("--input-format: render reads a graph, not "
                               "'%s'",
                               val);
        if (o->cmd_bit & (C_EXTRACT | C_BUILD) &&
            o->input_format == DG_INPUT_GRAPH)
            return usage_error("--input-format graph: %s reads texts; report "
                               "and render read graphs",
                               o->cmd);
        break;
    case OPT_LEXICON:
        o->lexicons[o->nlexicons++] = val;
        break;
    case OPT_NO_DEFAULT:
        o->no_default = 1;
        break;
    case OPT_EXPLAIN:
        o->explain = 1;
        break;
    case OPT_INCLUDE_NEGATED:
        o->include_negated = 1;
        break;
    case OPT_QUIET:
        o->quiet = 1;
        break;
    case OPT_EVIDENCE: {
        long n = strtol(val, &end, 10);
        if (end == val || *end || n < 0 || n > 1000)
            return usage_error("--evidence wants a number from 0 to 1000, "
                               "not '%s'",
                               val);
        o->evidence = (int)n;
        break;
    }
    case OPT_SINCE:
    case OPT_UNTIL: {
        dg_date day;
        const char *name = d->id == OPT_SINCE ? "--since" : "--until";
        if (dg_date_parse(val, &day) != 0) {
            char msg[160];
            snprintf(msg, sizeof msg,
                     "%s wants a date YYYY, YYYY-MM or YYYY-MM-DD, not "
                     "'%.60s'",
                     name, val);
            return usage_error("%s", msg);
        }
        *(d->id == OPT_SINCE ? &o->since : &o->until) = val;
        size_t len = strlen(o->filter_text);
        snprintf(o->filter_text + len, sizeof o->filter_text - len,
                 "%s%s %s", len ? ", " : "", name + 2, val);
        break;
    }
    case OPT_DPI: {
        long n = strtol(val, &end, 10);
        if (end == val || *end || n < DG_DRAW_PNG_DPI_MIN ||
            n > DG_DRAW_PNG_DPI_MAX)
            return usage_error("--dpi wants a number from 36 to 600, not '%s'",
                               val);
        o->dpi = (unsigned)n;
        break;
    }
    case OPT_SEED: {
        errno = 0;
        unsigned long long n = strtoull(val, &end, 10);
        if (val[0] < '0' || val[0] > '9' || *end || errno ||
            n > 2147483647ULL)
            return usage_error("--seed wants a number from 0 to 2147483647, "
                               "not '%s'",
                               val);
        o->seed = (unsigned long)n;
        break;
    }
    case OPT_PARTIAL:
        o->partial = 1;
        break;
    case OPT_SHARD: {
        char *end2 = NULL;
        errno = 0;
        unsigned long long k = strtoull(val, &end, 10);
        unsigned long long n = *end == '/' ? strtoull(end + 1, &end2, 10) : 0;
        if (val[0] < '1' || val[0] > '9' || *end != '/' || end2 == end + 1 ||
            !end2 || *end2 || errno || n < 1 || k > n || n > 1000000)
            return usage_error("--shard wants K/N with 1 <= K <= N (e.g. "
                               "2/8), not '%s'",
                               val);
        o->shard_k = (size_t)k;
        o->shard_n = (size_t)n;
        break;
    }
    case OPT_SLICE: {
        int sl = dg_slice_from_name(val);
        if (sl <= 0)
            return usage_error("--slice takes year, quarter or month, not "
                               "'%s'",
                               val);
        o->slice = (dg_slice)sl;
        break;
    }
    case OPT_JOBS: {
        long n = strtol(val, &end, 10);
        if (end == val || *end || n < 1 || n > MAX_JOBS)
            return usage_error("--jobs wants a number from 1 to 256, "
                               "not '%s'",
                               val);
        o->jobs = (int)n;
        break;
    }
    case OPT_MAX_DOCUMENT: {
        if (val[0] < '0' || val[0] > '9')
            return usage_error("--max-document-size needs a size%s", "");
        unsigned long long n = strtoull(val, &end, 10);
        int shift = *end == 'K' ? 10 : *end == 'M' ? 20 : *end == 'G' ? 30 : 0;
        if (shift)
            end += strcmp(end + 1, "iB") == 0 ? 3 : 1;
        if (*end || n < 1 || n > (2ULL << 30) >> shift)
            return usage_error("--max-document-size wants a size from 1 "
                               "byte to 2G (e.g. 64M), not '%s'",
                               val);
        o->max_document = (size_t)(n << shift);
        break;
    }
    case OPT_LAYOUT:
        o->layout = val;
        break;
    case OPT_MAX_EDGES: {
        errno = 0;
        unsigned long long n = strtoull(val, &end, 10);
        if (val[0] < '0' || val[0] > '9' || *end || errno)
            return usage_error("--max-edges wants a number of links, "
                               "0 for all, not '%s'",
                               val);
        o->max_edges = n == 0 || n >= SIZE_MAX ? SIZE_MAX : (size_t)n;
        break;
    }
    case OPT_TITLE:
        o->title = val;
        break;
    case OPT_FOCUS:
    case OPT_DEPTH:
    case OPT_MIN_EVENTS:
    case OPT_MIN_WEIGHT:
    case OPT_ACTORS_ONLY:
        return parse_filter_option(o, d->id, d->name, val);
    case OPT_NODE_SIZE:
        if (!dg_node_size_metric_valid(val))
            return usage_error("--node-size takes mentions, betweenness, "
                               "harmonic, pagerank, eigenvector, hub or "
                               "authority%s",
                               "");
        o->node_size = val;
        break;
    case OPT_NODE_COLOR:
        if (strcmp(val, "community") && strcmp(val, "type"))
            return usage_error("--node-color takes community or type%s", "");
        o->node_color = val;
        break;
    case OPT_SORT:
        if (dg_report_sort_key(val) < 0)
            return usage_error("--sort takes one of: %s",
                               dg_report_sort_keys());
        o->sort = dg_report_sort_key(val);
        break;
    case OPT_TOP: {
        long n = strtol(val, &end, 10);
        if (end == val || *end || n < 1 || n > 1000000)
            return usage_error("--top wants a positive number%s", "");
        o->top = (int)n;
        break;
    }
    case OPT_JSON_FORMAT: {
        int f = dg_json_format_from_name(val);
        if (f < 0)
            return usage_error("--json-format takes node-link, cytoscape "
                               "or graphology%s",
                               "");
        o->json_format = (dg_json_format)f;
        break;
    }
    case OPT_CSV_PREFIX:
        if (!*val)
            return usage_error("--csv-prefix needs a path prefix%s", "");
        o->csv_prefix = val;
        break;
    case OPT_HELP:
        print_command_help(command_by_name(o->cmd));
        return -1; /* done, exit 0 */
    }
    return 0;
}

/* An option getopt_long did not accept: not one of this command's (then
 * the commands it belongs to are named), unknown, ambiguous, or given a
 * value it does not take. */
static int bad_option(const options *o, const char *arg, int optopt_id)
{
    char shown[64], cmds[80];
    const opt_def *d = NULL;
    size_t matches = 0;
    if (optopt_id && (d = opt_by_id(optopt_id)) != NULL) {
        if (d->cmds & o->cmd_bit) /* --quiet=1 */
            return usage_error("--%s takes no value", d->name);
    } else if (optopt_id) {
        snprintf(shown, sizeof shown, "-%c", optopt_id);
        return usage_error("unknown option '%s'", shown);
    } else if (arg && strncmp(arg, "--", 2) == 0) {
        size_t n = strcspn(arg + 2, "=");
        /* an exact name, else the only option it abbreviates */
        for (size_t i = 0; i < NOPTS; i++)
            if (strlen(opts[i].name) == n &&
                strncmp(opts[i].name, arg + 2, n) == 0) {
                d = &opts[i];
                matches = 1;
                break;
            }
        for (size_t i = 0; i < NOPTS && !d; i++)
            if (strncmp(opts[i].name, arg + 2, n) == 0 &&
                (opts[i].cmds & o->cmd_bit))
                matches++;
        if (!d && matches > 1) {
            snprintf(shown, sizeof shown, "%.*s", (int)(n + 2), arg);
            return usage_error("ambiguous option '%s' (give more of its name)",
                               shown);
        }
        for (size_t i = 0; i < NOPTS && !d; i++)
            if (strncmp(opts[i].name, arg + 2, n) == 0)
                d = &opts[i];
    }
    if (!d)
        return usage_error("unknown option '%s'", arg ? arg : "?");
    command_list(d->cmds, cmds, sizeof cmds);
    fprintf(stderr,
            "diplograph: --%s is an option of %s, not of %s\n"
            "Try 'diplograph %s --help'.\n",
            d->name, cmds, o->cmd, o->cmd);
    return EXIT_USAGE;
}

static int parse_args(int argc, char **argv, options *o)
{
    memset(o, 0, sizeof *o);
    o->evidence = 3;
    o->sort = -1;
    o->report_format = -1;
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    o->jobs = cpus < 1 ? 1 : cpus > MAX_JOBS ? MAX_JOBS : (int)cpus;
    dg_filter_init(&o->filter);
    o->inputs = calloc((size_t)argc, sizeof *o->inputs);
    o->outputs = calloc((size_t)argc, sizeof *o->outputs);
    o->lexicons = calloc((size_t)argc, sizeof *o->lexicons);
    if (!o->inputs || !o->outputs || !o->lexicons)
        return EXIT_FAILURE;
    o->cmd = argv[1];
    const struct command_def *c = command_by_name(argv[1]);
    if (!c)
        return usage_error("unknown command '%s' (use extract, build, "
                           "merge, report, render or lexicon)",
                           argv[1]);
    o->cmd_bit = c->bit;
    help_command = c->name;

    /* getopt_long's table and short options for this command; ':' first:
     * a missing value is reported here, not by getopt */
    struct option longopts[NOPTS + 1];
    char shorts[2 * NOPTS + 2] = ":";
    size_t nl = 0, ns = 1;
    for (size_t i = 0; i < NOPTS; i++) {
        if (!(opts[i].cmds & c->bit))
            continue;
        longopts[nl++] = (struct option){
            opts[i].name, opts[i].arg ? required_argument : no_argument, NULL,
            opts[i].id};
        if (opts[i].id < 256) {
            shorts[ns++] = (char)opts[i].id;
            if (opts[i].arg)
                shorts[ns++] = ':';
        }
    }
    longopts[nl] = (struct option){NULL, 0, NULL, 0};
    shorts[ns] = '\0';

    /* the command is getopt's argv[0]; optind = 0 resets glibc's state
     * (the tool runs many times in one process in tests and fuzzers) */
    int n = argc - 1;
    char **v = argv + 1;
    optind = 0;
    opterr = 0;
    for (;;) {
        int id = getopt_long(n, v, shorts, longopts, NULL);
        if (id == -1)
            break;
        if (id == '?') /* optopt names a short option, or a long one
                          given a value it does not take; else the
                          long option is the argument just passed */
            return bad_option(o, optopt ? NULL : v[optind - 1], optopt);
        if (id == ':') {
            const opt_def *d = opt_by_id(optopt);
            if (!d)
                return usage_error("an option needs a value%s", "");
            char msg[160];
            snprintf(msg, sizeof msg, "--%s needs %s", d->name, d->need);
            return usage_error("%s", msg);
        }
        int rc = set_option(o, opt_by_id(id), optarg);
        if (rc)
            return rc;
    }
    for (int i = optind; i < n; i++)
        o->inputs[o->ninputs++] = v[i];
    return 0;
}

static int load_lexicon_files(const options *o, dg_lexicon **lx)
{
    dg_error err;
    char buf[1200];
    if (dg_lexicon_new(lx, !o->no_default, &err) != DG_OK) {
        fprintf(stderr, "diplograph: built-in lexicon: %s\n",
                dg_error_format(&err, buf, sizeof buf));
        return EXIT_LEXICON;
    }
    for (size_t i = 0; i < o->nlexicons; i++) {
        if (dg_lexicon_load_file(*lx, o->lexicons[i], &err) != DG_OK) {
            fprintf(stderr, "diplograph: %s (run 'diplograph lexicon check "
                            "%s' to list every problem)\n",
                    dg_error_format(&err, buf, sizeof buf), o->lexicons[i]);
            dg_lexicon_free(*lx);
            *lx = NULL;
            return EXIT_LEXICON;
        }
    }
    return 0;
}

/* The lexicon, on huge pages where the system gives them (heap.c). */
static int load_lexicon(const options *o, dg_lexicon **lx)
{
    dg_cli_heap_lexicon(1);
    int rc = load_lexicon_files(o, lx);
    dg_cli_heap_lexicon(0);
    return rc;
}

/* ---- output paths --------------------------------------------------- */

static void print_lib_error(const dg_error *err)
{
    char buf[1200];
    fprintf(stderr, "diplograph: %s\n", dg_error_format(err, buf, sizeof buf));
}

/* Where a path is, for comparing paths: the file's device and inode when
 * it exists, else its directory's and its name. 0 when neither exists. */
typedef struct file_id {
    dev_t dev;
    ino_t ino;
    const char *name; /* NULL when the file exists */
} file_id;

static int path_id(const char *path, file_id *id)
{
    struct stat st;
    if (stat(path, &st) == 0) {
        id->dev = st.st_dev;
        id->ino = st.st_ino;
        id->name = NULL;
        return 1;
    }
    const char *slash = strrchr(path, '/');
    char dir[4096];
    size_t n = !slash ? 0 : slash == path ? 1 : (size_t)(slash - path);
    snprintf(dir, sizeof dir, "%.*s", n ? (int)n : 1, n ? path : ".");
    if (stat(dir, &st) != 0)
        return 0;
    id->dev = st.st_dev;
    id->ino = st.st_ino;
    id->name = slash ? slash + 1 : path;
    return 1;
}

static int same_id(const file_id *a, const file_id *b)
{
    return a->dev == b->dev && a->ino == b->ino && (!a->name) == (!b->name) &&
           (!a->name || strcmp(a->name, b->name) == 0);
}

/* Every output before any work: not one of the inputs or lexicons (that
 * would destroy it; usage error), not given twice (usage error), not a
 * directory, and in a directory that exists (exit 4). Devices and FIFOs
 * are fine: they are written in place. */
static int check_paths(const options *o)
{
    const char *outs[4096];
    size_t n = 0;
    char csv[2][1100];
    for (size_t i = 0; i < o->noutputs && n < 4094; i++)
        outs[n++] = o->outputs[i];
    if (o->csv_prefix) {
        snprintf(csv[0], sizeof csv[0], "%snodes.csv", o->csv_prefix);
        snprintf(csv[1], sizeof csv[1], "%sedges.csv", o->csv_prefix);
        outs[n++] = csv[0];
        outs[n++] = csv[1];
    }
    for (size_t i = 0; i < n; i++) {
        file_id a, b;
        if (strcmp(outs[i], "-") == 0 || !path_id(outs[i], &a))
            continue;
        /* a device (/dev/null twice, say) can be written twice */
        struct stat st;
        int regular = stat(outs[i], &st) != 0 || S_ISREG(st.st_mode);
        for (size_t j = 0; j < o->ninputs + o->nlexicons && a.name == NULL;
             j++) {
            const char *in =
                j < o->ninputs ? o->inputs[j] : o->lexicons[j - o->ninputs];
            if (strcmp(in, "-") != 0 && regular && path_id(in, &b) &&
                same_id(&a, &b)) {
                fprintf(stderr,
                        "diplograph: %s: the output is the input %s "
                        "(writing it would destroy the input; choose "
                        "another output path)\n"
                        "Try 'diplograph --help'.\n",
                        outs[i], in);
                return EXIT_USAGE;
            }
        }
        for (size_t j = 0; j < i && regular; j++) {
            if (strcmp(outs[j], "-") != 0 && path_id(outs[j], &b) &&
                same_id(&a, &b)) {
                fprintf(stderr,
                        "diplograph: %s: the same output is given "
                        "twice%s%s (give each output once)\n"
                        "Try 'diplograph --help'.\n",
                        outs[i], strcmp(outs[i], outs[j]) ? ", as " : "",
                        strcmp(outs[i], outs[j]) ? outs[j] : "");
                return EXIT_USAGE;
            }
        }
    }
    size_t dashes = 0;
    for (size_t i = 0; i < o->noutputs; i++)
        dashes += strcmp(o->outputs[i], "-") == 0;
    if (dashes > 1)
        return usage_error("-: standard output is given twice as an output "
                           "(give -o - once)%s",
                           "");
    int bad = 0; /* every output that cannot be written is named */
    for (size_t i = 0; i < n; i++) {
        dg_error err;
        dg_error_clear(&err);
        if (dg_output_check(outs[i], &err) != DG_OK) {
            print_lib_error(&err);
            bad = 1;
        }
    }
    return bad ? EXIT_OUTPUT : 0;
}

/* ---- extract -------------------------------------------------------- */

static int add_to_graph(const dg_event *ev, void *ud);

typedef struct extract_ctx {
    int rc; /* why write_event stopped the extraction (DG_EIO, DG_ENOMEM) */
    FILE *out;
    int include_negated;
    char *line; /* event lines not written yet, reused */
    size_t len, cap;
} extract_ctx;

/* Event lines are collected and written EVENTS_FLUSH bytes at a time, not
 * one fwrite per event. */
enum { EVENTS_FLUSH = 64 << 10 };

static int flush_events(extract_ctx *c)
{
    size_t n = c->len;
    c->len = 0;
    if (!n || !c->out)
        return 0;
    return fwrite(c->line, 1, n, c->out) != n || ferror(c->out) ? DG_EIO : 0;
}

/* A write error (disk full, closed pipe) stops the extraction: the rest
 * could not be written anyway. */
static int write_event(const dg_event *ev, void *ud)
{
    extract_ctx *c = ud;
    if (!c->out || (ev->negated && !c->include_negated))
        return 0;
    for (;;) {
        size_t room = c->cap - c->len;
        size_t n = room ? dg_event_format_json(ev, c->line + c->len, room)
                        : dg_event_format_json(ev, NULL, 0);
        if (n + 2 <= room) { /* the line, its newline and a NUL */
            c->line[c->len + n] = '\n';
            c->len += n + 1;
            break;
        }
        size_t cap = c->cap ? c->cap : 2 * EVENTS_FLUSH;
        while (cap < c->len + n + 2)
            cap *= 2;
        char *p = realloc(c->line, cap);
        if (!p)
            return c->rc = DG_ENOMEM;
        c->line = p;
        c->cap = cap;
    }
    return c->rc = c->len >= EVENTS_FLUSH ? flush_events(c) : 0;
}

static int print_explain(const char *doc, long sentence, const char *line,
                         void *ud)
{
    (void)sentence;
    (void)ud;
    if (strncmp(line, "sentence ", 9) == 0)
        printf("\n%s %s\n", doc, line);
    else
        printf("%s\n", line);
    return 0;
}

/* ---- parallel extraction (-j N) ---------------------------------------
 *
 * One reader (this thread) yields documents in order into a ring of
 * 4 * N slots, each a batch of documents; N - 1 worker threads and this
 * one, each with its own dg_extractor over the shared read-only lexicon,
 * extract a slot's documents into the slot's own buffers (this thread
 * takes a batch when the ring is full, so that N threads keep N cores
 * busy: a reader of its own would be an N + 1st thread taking turns with
 * them); this thread then emits the slots strictly in document order: the
 * messages (reader problems met while reading the document, then the
 * extractor's), then for extract the event lines (formatted by the
 * extracting thread with dg_event_format_json; one write per batch), for
 * build and report the events added to the graph. Aggregation stays on this
 * thread, in document order: the graph would be the same merged from per-thread
 * graphs (its evidence rule does not depend on the order, graph.c), but the
 * messages must come in document order anyway, and adding events is cheap next
 * to extracting them. Mention counts are sums, so each worker's extractor adds
 * its own at the end. */

enum { SLOT_FREE, SLOT_QUEUED, SLOT_DONE };

/* A slot is a batch of up to BATCH_DOCS documents (fewer when their text
 * passes BATCH_BYTES): handing documents to the workers one by one would
 * cost a wake-up of a thread per document, and news documents are small. */
enum { BATCH_DOCS = 128, BATCH_BYTES = 256 << 10 };

typedef struct doc_ref {        /* a document's place in the slot's text */
    size_t id, text, len, date; /* date: SIZE_MAX for none */
} doc_ref;

typedef struct slot {
    int state;
    int rc;       /* the first failed dg_extract_document's result */
    size_t ndocs; /* documents in the batch */
    size_t nextracted;
    doc_ref ref[BATCH_DOCS];
    char *text; /* the documents' copies: id, NUL, text, NUL, date, NUL */
    size_t text_len, text_cap;
    /* per document k: the end of its reader messages (rmsgs), of its
     * extractor messages (msgs) and of its events (out) */
    size_t rmsg_end[BATCH_DOCS], msg_end[BATCH_DOCS], out_end[BATCH_DOCS];
    char *rmsgs; /* formatted "diplograph: ...\n" lines, in order */
    size_t rmsgs_len, rmsgs_cap;
    char *msgs;
    size_t msgs_len, msgs_cap;
    int nrmsgs, nmsgs;
    char *out; /* extract: event lines; build: packed events */
    size_t out_len, out_cap;
} slot;
typedef struct pool {
    pthread_mutex_t mu;
    pthread_cond_t work; /* a slot was queued, or stop */
    pthread_cond_t done; /* a slot is done */
    slot *slots;
    size_t nslots;
    size_t next_read, next_work; /* document numbers */
    int stop;
    int for_graph; /* pack events for the graph, else format JSON lines */
    int include_negated;
    const dg_lexicon *lx;
    slot *reading; /* the slot the reader's problems go to */
} pool;

typedef struct worker {
    pool *p;
    dg_extractor *x;
    slot *cur;
    pthread_t tid;
} worker;

static int grow(char **buf, size_t *cap, size_t need)
{
    if (need <= *cap)
        return DG_OK;
    size_t c = *cap ? *cap : 4096;
    while (c < need)
        c *= 2;
    char *b = realloc(*buf, c);
    if (!b)
        return DG_ENOMEM;
    *buf = b;
    *cap = c;
    return DG_OK;
}

/* A message as print_error would print it, kept in a buffer. */
static void keep_message(const dg_error *e, char **buf, size_t *len,
                         size_t *cap, int *count)
{
    char tmp[1200];
    const char *m = dg_error_format(e, tmp, sizeof tmp);
    size_t n = strlen(m);
    ++*count;
    if (grow(buf, cap, *len + n + 14) != DG_OK)
        return; /* counted, not shown: out of memory */
    memcpy(*buf + *len, "diplograph: ", 12);
    memcpy(*buf + *len + 12, m, n);
    (*buf)[*len + 12 + n] = '\n';
    *len += n + 13;
}

/* The extractor's messages (worker thread). */
static int slot_report(const dg_error *e, void *ud)
{
    slot *s = ud;
    keep_message(e, &s->msgs, &s->msgs_len, &s->msgs_cap, &s->nmsgs);
    return 0;
}

/* Packed event for the graph: the integers, then the eight strings each
 * with its NUL (an absent one is marked in the flags). */
typedef struct packed_event {
    long sentence;
    int polarity, weight, negated, mutual;
    unsigned present; /* bit i: string i is not NULL */
    size_t len;       /* of the whole record, aligned */
} packed_event;

enum { NSTR = 9 };

static const char **event_str(dg_event *ev, int i)
{
    const char **f[NSTR] = {&ev->doc,    &ev->date,     &ev->source,
                            &ev->target, &ev->category, &ev->trigger,
                            &ev->rule,   &ev->text,     &ev->date_source};
    return f[i];
}

/* The reader's messages (main thread): to the slot being filled. */
static int reader_report(const dg_error *e, void *ud)
{
    slot *s = ((pool *)ud)->reading;
    keep_message(e, &s->rmsgs, &s->rmsgs_len, &s->rmsgs_cap, &s->nrmsgs);
    return 0;
}

static int collect_event(const dg_event *ev, void *ud)
{
    worker *w = ud;
    slot *s = w->cur;
    if (!w->p->for_graph) {
        if (ev->negated && !w->p->include_negated)
            return 0;
        if (!s->out && grow(&s->out, &s->out_cap, 4096) != DG_OK)
            return DG_ENOMEM;
        for (;;) {
            size_t room = s->out_cap - s->out_len;
            size_t n = dg_event_format_json(ev, s->out + s->out_len, room);
            if (n + 2 <= room) { /* the line, its newline and a NUL */
                s->out[s->out_len + n] = '\n';
                s->out_len += n + 1;
                return 0;
            }
            if (grow(&s->out, &s->out_cap, s->out_len + n + 2) != DG_OK)
                return DG_ENOMEM;
        }
    }
    dg_event e = *ev;
    size_t len = sizeof(packed_event);
    size_t sl[NSTR];
    packed_event pe = {
        ev->sentence, ev->polarity, ev->weight, ev->negated, ev->mutual, 0, 0};
    for (int i = 0; i < NSTR; i++) {
        const char *str = *event_str(&e, i);
        sl[i] = str ? strlen(str) + 1 : 0;
        if (str)
            pe.present |= 1u << i;
        len += sl[i];
    }
    len = (len + _Alignof(max_align_t) - 1) & ~(_Alignof(max_align_t) - 1);
    pe.len = len;
    if (grow(&s->out, &s->out_cap, s->out_len + len) != DG_OK)
        return DG_ENOMEM;
    char *p = s->out + s->out_len;
    memcpy(p, &pe, sizeof pe);
    p += sizeof pe;
    for (int i = 0; i < NSTR; i++) {
        if (sl[i]) /* not for an absent (NULL) string */
            memcpy(p, *event_str(&e, i), sl[i]);
        p += sl[i];
    }
    s->out_len += len;
    return 0;
}

/* Extracts the documents of slot s with w's extractor (no lock held). */
static void extract_slot(worker *w, slot *s)
{
    w->cur = s;
    s->rc = DG_OK;
    for (s->nextracted = 0; s->nextracted < s->ndocs;) {
        const doc_ref *f = &s->ref[s->nextracted];
        dg_document d = {s->text + f->id, s->text + f->text, f->len,
                         f->date == SIZE_MAX ? NULL : s->text + f->date};
        s->rc = dg_extract_document(w->x, &d, collect_event, w, slot_report, s,
                                    NULL);
        s->msg_end[s->nextracted] = s->msgs_len;
        s->out_end[s->nextracted++] = s->out_len;
        if (s->rc != DG_OK)
            break;
    }
}

static void *worker_main(void *arg)
{
    worker *w = arg;
    pool *p = w->p;
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (!p->stop && p->next_work == p->next_read)
            pthread_cond_wait(&p->work, &p->mu);
        if (p->stop)
            break;
        slot *s = &p->slots[p->next_work++ % p->nslots];
        pthread_mutex_unlock(&p->mu);
        extract_slot(w, s);
        pthread_mutex_lock(&p->mu);
        s->state = SLOT_DONE;
        pthread_cond_broadcast(&p->done);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

/* Appends the reader's document (valid only until its next call) to the
 * batch. */
static int slot_take(slot *s, const dg_document *d)
{
    size_t il = strlen(d->id), dl = d->date ? strlen(d->date) : 0;
    if (grow(&s->text, &s->text_cap, s->text_len + il + d->len + dl + 3) !=
        DG_OK)
        return DG_ENOMEM;
    doc_ref *f = &s->ref[s->ndocs];
    char *t = s->text + s->text_len;
    memcpy(t, d->id, il + 1);
    if (d->len)
        memcpy(t + il + 1, d->text, d->len);
    t[il + 1 + d->len] = '\0';
    f->id = s->text_len;
    f->text = s->text_len + il + 1;
    f->len = d->len;
    f->date = SIZE_MAX;
    s->text_len += il + d->len + 2;
    if (d->date) {
        memcpy(s->text + s->text_len, d->date, dl + 1);
        f->date = s->text_len;
        s->text_len += dl + 1;
    }
    s->rmsg_end[s->ndocs++] = s->rmsgs_len;
    return DG_OK;
}

/* Adds a document's packed events to the graph. */
static int add_packed(const char *buf, size_t from, size_t to, dg_graph *g)
{
    int rc = DG_OK;
    for (size_t off = from; off < to && rc == DG_OK;) {
        packed_event pe;
        memcpy(&pe, buf + off, sizeof pe);
        dg_event ev = {0};
        ev.sentence = pe.sentence;
        ev.polarity = pe.polarity;
        ev.weight = pe.weight;
        ev.negated = pe.negated;
        ev.mutual = pe.mutual;
        const char *q = buf + off + sizeof pe;
        for (int i = 0; i < NSTR; i++)
            if (pe.present & 1u << i) {
                *event_str(&ev, i) = q;
                q += strlen(q) + 1;
            }
        rc = add_to_graph(&ev, g);
        off += pe.len;
    }
    return rc;
}

static void put_messages(const char *buf, size_t from, size_t to)
{
    if (to > from) { /* buf may be NULL when there is none */
        progress_clear();
        fwrite(buf + from, 1, to - from, stderr);
    }
}

/* Writes a done slot: document by document the reader's messages and the
 * extractor's (and for a graph the events), then the batch's event lines,
 * then messages the reader gave after the last document of the batch (the
 * end of the input). */
static int slot_emit(slot *s, extract_ctx *c, dg_graph *g)
{
    int rc = DG_OK;
    size_t r0 = 0, m0 = 0, o0 = 0;
    for (size_t k = 0; k < s->nextracted && rc == DG_OK; k++) {
        put_messages(s->rmsgs, r0, s->rmsg_end[k]);
        put_messages(s->msgs, m0, s->msg_end[k]);
        r0 = s->rmsg_end[k];
        m0 = s->msg_end[k];
        if (g) {
            dg_graph_add_document(g);
            rc = add_packed(s->out, o0, s->out_end[k], g);
        }
        o0 = s->out_end[k];
    }
    /* the batch's event lines in one fwrite, not one per document: the
     * messages go to standard error, whose order against the events is
     * the streams' own (each is in document order) */
    if (!g && c && c->out && o0 > 0 &&
        (fwrite(s->out, 1, o0, c->out) != o0 || ferror(c->out)))
        rc = DG_EIO;
    if (rc == DG_OK)
        rc = s->rc;
    if (rc == DG_OK) /* after the last document */
        put_messages(s->rmsgs, r0, s->rmsgs_len);
    problems += s->nrmsgs + s->nmsgs;
    s->ndocs = s->nextracted = 0;
    s->text_len = s->rmsgs_len = s->msgs_len = s->out_len = 0;
    s->nrmsgs = s->nmsgs = 0;
    s->rc = DG_OK;
    s->state = SLOT_FREE;
    return rc;
}

static int run_parallel(const options *o, dg_lexicon *lx, extract_ctx *c,
                        dg_graph *g)
{
    /* -j N: this thread and N - 1 workers extract; this thread also reads
     * and writes, and extracts a batch whenever the ring is full, so that
     * N threads share N cores rather than N + 1 */
    size_t n = (size_t)o->jobs;
    pool p = {.nslots = 4 * n,
              .for_graph = g != NULL,
              .include_negated = o->include_negated,
              .lx = lx};
    worker *w = calloc(n, sizeof *w); /* w[0]: this thread */
    p.slots = calloc(p.nslots, sizeof *p.slots);
    dg_reader *r = NULL;
    int rc = DG_OK;
    size_t started = 1, next_emit = 0;
    int eof = 0;
    p.reading = p.slots; /* a problem found by dg_reader_new goes first */
    if (!w || !p.slots ||
        dg_reader_new(&r, o->inputs, o->ninputs, reader_report, &p, NULL) !=
            DG_OK) {
        free(w);
        free(p.slots);
        return DG_ENOMEM;
    }
    w[0].p = &p;
    if (dg_extractor_new(&w[0].x, lx, NULL) != DG_OK) {
        dg_reader_free(r);
        free(w);
        free(p.slots);
        return DG_ENOMEM;
    }
    reader_stdin(o, r);
    dg_reader_set_max_document(r, o->max_document);
    if (o->shard_n)
        dg_reader_set_shard(r, o->shard_k, o->shard_n);
    pthread_mutex_init(&p.mu, NULL);
    pthread_cond_init(&p.work, NULL);
    pthread_cond_init(&p.done, NULL);
    /* fewer threads than asked still do the work, this one at least */
    for (; started < n; started++) {
        w[started].p = &p;
        if (dg_extractor_new(&w[started].x, lx, NULL) != DG_OK)
            break;
        if (pthread_create(&w[started].tid, NULL, worker_main, &w[started]) !=
            0) {
            dg_extractor_free(w[started].x);
            break;
        }
    }
    for (;;) {
        /* emit every done slot, in order */
        pthread_mutex_lock(&p.mu);
        while (rc == DG_OK && next_emit < p.next_read &&
               p.slots[next_emit % p.nslots].state == SLOT_DONE) {
            pthread_mutex_unlock(&p.mu);
            rc = slot_emit(&p.slots[next_emit++ % p.nslots], c, g);
            pthread_mutex_lock(&p.mu);
        }
        if (rc != DG_OK || (eof && next_emit == p.next_read)) {
            pthread_mutex_unlock(&p.mu);
            break;
        }
        if (eof || p.next_read - next_emit == p.nslots) {
            /* the ring is full (or all is read): extract the oldest
             * batch no worker has taken, else wait for the oldest */
            if (p.next_work < p.next_read) {
                slot *s = &p.slots[p.next_work++ % p.nslots];
                pthread_mutex_unlock(&p.mu);
                extract_slot(&w[0], s);
                pthread_mutex_lock(&p.mu);
                s->state = SLOT_DONE;
                pthread_mutex_unlock(&p.mu);
                continue;
            }
            while (p.slots[next_emit % p.nslots].state != SLOT_DONE)
                pthread_cond_wait(&p.done, &p.mu);
            pthread_mutex_unlock(&p.mu);
            continue;
        }
        pthread_mutex_unlock(&p.mu);
        /* read a batch into a free slot; the reader's messages go
         * to that slot, before the extractor's */
        slot *s = &p.slots[p.next_read % p.nslots];
        p.reading = s;
        dg_document doc;
        dg_error rerr;
        while (s->ndocs < BATCH_DOCS && s->text_len < BATCH_BYTES) {
            int got = dg_reader_next(r, &doc, &rerr);
            if (got != 1) {
                if (got < 0) /* out of memory: reading stopped, said */
                    reader_report(&rerr, &p);
                eof = 1;
                break;
            }
            if (slot_take(s, &doc) != DG_OK) {
                rc = DG_ENOMEM;
                break;
            }
            progress_tick(r);
        }
        if (rc != DG_OK)
            break;
        if (s->ndocs == 0)
            continue; /* the end: s keeps the last messages */
        pthread_mutex_lock(&p.mu);
        s->state = SLOT_QUEUED;
        p.next_read++;
        pthread_cond_signal(&p.work);
        pthread_mutex_unlock(&p.mu);
    }
    pthread_mutex_lock(&p.mu);
    p.stop = 1;
    pthread_cond_broadcast(&p.work);
    pthread_mutex_unlock(&p.mu);
    for (size_t i = 0; i < started; i++) {
        if (i > 0)
            pthread_join(w[i].tid, NULL);
        if (g && rc == DG_OK)
            rc = dg_graph_add_mentions(g, w[i].x, NULL);
        dg_extractor_free(w[i].x);
    }
    /* problems found after the last document (e.g. a bad last line, an
     * empty file at the end): in their slot, after every document */
    if (eof && rc == DG_OK)
        slot_emit(&p.slots[p.next_read % p.nslots], c, NULL);
    for (size_t i = 0; i < p.nslots; i++)
        free(p.slots[i].rmsgs);
    for (size_t i = 0; i < p.nslots; i++) {
        free(p.slots[i].text);
        free(p.slots[i].msgs);
        free(p.slots[i].out);
    }
    pthread_cond_destroy(&p.done);
    pthread_cond_destroy(&p.work);
    pthread_mutex_destroy(&p.mu);
    dg_reader_free(r);
    free(p.slots);
    free(w);
    return rc;
}

/* Run extraction over all inputs, calling fn for every event: on this
 * thread with -j 1 (and --explain), else run_parallel. The progress line
 * is shown meanwhile, and gone when this returns. */
static int run_extraction(const options *o, dg_lexicon *lx, dg_event_fn fn,
                          void *ud, dg_graph *g)
{
    progress_start(o, fn == write_event && (o->explain || o->noutputs == 0 ||
                                            strcmp(o->outputs[0], "-") == 0));
    if (o->jobs > 1 && !o->explain) {
        int rc = run_parallel(o, lx, fn == write_event ? ud : NULL, g);
        progress_end();
        return rc;
    }
    dg_extractor *x;
    dg_reader *r;
    if (dg_extractor_new(&x, lx, NULL) != DG_OK)
        return DG_ENOMEM;
    if (o->explain)
        dg_extractor_set_explain(x, print_explain, NULL);
    if (dg_reader_new(&r, o->inputs, o->ninputs, print_error, NULL, NULL) !=
        DG_OK) {
        dg_extractor_free(x);
        return DG_ENOMEM;
    }
    reader_stdin(o, r);
    dg_reader_set_max_document(r, o->max_document);
    if (o->shard_n)
        dg_reader_set_shard(r, o->shard_k, o->shard_n);
    dg_document doc;
    dg_error rerr;
    int rc = DG_OK, got;
    while ((got = dg_reader_next(r, &doc, &rerr)) == 1) {
        progress_tick(r);
        if (g)
            dg_graph_add_document(g);
        rc = dg_extract_document(x, &doc, fn, ud, print_error, NULL, NULL);
        if (rc != DG_OK)
            break;
    }
    if (got < 0) /* out of memory: reading stopped, said */
        print_error(&rerr, NULL);
    progress_end();
    if (g && rc == DG_OK)
        rc = dg_graph_add_mentions(g, x, NULL);
    dg_reader_free(r);
    dg_extractor_free(x);
    return rc;
}

static int cmd_extract(const options *o)
{
    if (o->noutputs > 1)
        return usage_error("extract writes one events file; %s", "give -o once");
    if (o->explain && o->noutputs == 1 && strcmp(o->outputs[0], "-") == 0)
        return usage_error("--explain prints to standard output; give -o a "
                           "file for the events%s",
                           "");
    int code = check_paths(o);
    if (code)
        return code;
    dg_lexicon *lx;
    code = load_lexicon(o, &lx);
    if (code)
        return code;
    /* -o PATH, -o - or no -o: standard output; --explain without -o
     * prints the explanation and no events */
    extract_ctx c = {DG_OK, NULL, o->include_negated, NULL, 0, 0};
    dg_atomic_file af;
    dg_error err;
    dg_error_clear(&err);
    int opened = !o->explain || o->noutputs == 1;
    if (opened) {
        if (dg_atomic_open(&af, o->noutputs ? o->outputs[0] : "-", &err) !=
            DG_OK) {
            print_lib_error(&err);
            dg_lexicon_free(lx);
            return EXIT_OUTPUT;
        }
        c.out = af.fp;
    }
    int rc = run_extraction(o, lx, write_event, &c, NULL);
    if (rc == DG_EABORT && c.rc != DG_OK) /* write_event stopped it */
        rc = c.rc;
    if (rc == DG_OK)
        rc = flush_events(&c);
    free(c.line);
    dg_lexicon_free(lx);
    if (rc != DG_OK && rc != DG_EIO) {
        fprintf(stderr, "diplograph: out of memory\n");
        if (opened)
            dg_atomic_abort(&af);
        return EXIT_FAILURE;
    }
    if (opened && (rc == DG_EIO ? dg_atomic_fail(&af, rc, &err)
                                : dg_atomic_commit(&af, &err)) != DG_OK) {
        print_lib_error(&err);
        return EXIT_OUTPUT;
    }
    return problems ? EXIT_INPUT : 0;
}

/* ---- build ---------------------------------------------------------- */

/* An event callback (and add_packed's): non-zero, out of memory, stops. */
static int add_to_graph(const dg_event *ev, void *ud)
{
    return dg_graph_add_event(ud, ev, NULL);
}

/* build and render: the format of an output: its extension's; for -
 * (standard output) --format's, else node-link JSON; for a path whose
 * extension names no format (/dev/fd/3, "graph"), --format's. */
static dg_format graph_format_for(const options *o, const char *path)
{
    if (strcmp(path, "-") == 0)
        return o->graph_format ? o->graph_format : DG_FORMAT_JSON;
    dg_format f = dg_format_from_path(path);
    return f != DG_FORMAT_UNKNOWN ? f : o->graph_format;
}

/* build and render: every -o in the format its extension names; an
 * unknown extension is a usage error, found before any work is done. */
static int check_outputs(const options *o)
{
    if (o->layout && !dg_layout_valid(o->layout))
        return usage_error("unknown layout '%s' (use dot, neato, fdp, sfdp, "
                           "circo, twopi, osage or patchwork)", o->layout);
    for (size_t i = 0; i < o->noutputs; i++)
        if (graph_format_for(o, o->outputs[i]) == DG_FORMAT_UNKNOWN)
            return usage_error("%s: unknown output format (use .json, .cyjs, "
                               ".graphml, .gexf, .html, .dot, .svg, .png or "
                               ".pdf, or name it with --format)",
                               o->outputs[i]);
    return 0;
}

/* build and render: the -o files, the CSV pair of --csv-prefix, or JSON
 * (in the --json-format flavour) on stdout when neither is given.
 * Returns 1 when an output could not be written. */
static int write_outputs(const options *o, const dg_graph *g)
{
    int out_failed = 0;
    dg_error err;
    dg_render_options ro;
    dg_render_options_init(&ro);
    ro.layout = o->layout;
    ro.title = o->title;
    ro.node_size = o->node_size;
    ro.node_color = o->node_color;
    ro.json_format = o->json_format;
    ro.max_edges = o->max_edges;
    ro.seed = o->seed;
    ro.dpi = o->dpi;
    for (size_t i = 0; i < o->noutputs + (o->noutputs == 0 && !o->csv_prefix);
         i++) {
        const char *path = o->noutputs ? o->outputs[i] : "-";
        dg_error_clear(&err);
        if (dg_write_file_as(g, path, graph_format_for(o, path), &ro, &err) !=
            DG_OK) {
            print_lib_error(&err);
            out_failed = 1;
        }
    }
    if (o->csv_prefix) {
        dg_error_clear(&err);
        if (dg_write_csv(g, o->csv_prefix, &err) != DG_OK) {
            print_lib_error(&err);
            out_failed = 1;
        }
    }
    return out_failed;
}

/* Extraction over the inputs into a finished graph. Returns an exit code
 * (0 on success); the caller frees *lx and *g either way. */
static int graph_from_texts(const options *o, dg_lexicon **lx, dg_graph **g)
{
    *g = NULL;
    int code = load_lexicon(o, lx);
    if (code)
        return code;
    dg_graph_options go;
    dg_graph_options_init(&go);
    go.evidence = o->evidence;
    go.include_negated = o->include_negated;
    go.slice = o->slice;
    go.since = o->since;
    go.until = o->until;
    if (dg_graph_new(g, *lx, &go, NULL) != DG_OK ||
        run_extraction(o, *lx, add_to_graph, *g, *g) != DG_OK ||
        dg_graph_finish(*g, NULL) != DG_OK) {
        fprintf(stderr, "diplograph: out of memory\n");
        return EXIT_FAILURE;
    }
    return 0;
}

/* --partial: one partial graph file, or standard output. */
static int check_partial(const options *o)
{
    if (o->noutputs > 1 || o->csv_prefix)
        return usage_error("--partial writes one partial graph; %s",
                           "give -o once (and no --csv-prefix)");
    return 0;
}

static int write_partial(const options *o, const dg_graph *g)
{
    dg_error err;
    dg_error_clear(&err);
    if (dg_graph_write_partial_file(g, o->noutputs ? o->outputs[0] : "-",
                                    &err) != DG_OK) {
        print_lib_error(&err);
        return 1;
    }
    return 0;
}

static int cmd_build(const options *o)
{
    int code = o->partial ? check_partial(o) : check_outputs(o);
    if (code == 0)
        code = check_paths(o);
    if (code)
        return code;
    dg_lexicon *lx = NULL;
    dg_graph *g = NULL;
    code = graph_from_texts(o, &lx, &g);
    if (code == 0 && o->partial) {
        if (write_partial(o, g))
            code = EXIT_OUTPUT;
    } else if (code == 0 && dg_graph_analyze(g, NULL) != DG_OK) {
        fprintf(stderr, "diplograph: out of memory\n");
        code = EXIT_FAILURE;
    } else if (code == 0 && write_outputs(o, g)) {
        code = EXIT_OUTPUT;
    }
    dg_graph_free(g);
    dg_lexicon_free(lx);
    if (code)
        return code;
    return problems ? EXIT_INPUT : 0;
}

/* ---- merge ---------------------------------------------------------- */

/* Partial graphs into the graph (or partial) of all their inputs. A
 * partial that cannot be merged stops the merge before anything is
 * written: a graph missing a part would look complete. */
static int cmd_merge(const options *o)
{
    if (o->ninputs == 0)
        return usage_error("merge needs partial graphs (written by 'build "
                           "--partial')%s",
                           "");
    for (size_t i = 0; i < o->ninputs; i++)
        if (strcmp(o->inputs[i], "-") == 0)
            return usage_error("merge reads partial graph files, not "
                               "standard input%s",
                               "");
    int code = o->partial ? check_partial(o) : check_outputs(o);
    if (code == 0)
        code = check_paths(o);
    if (code)
        return code;
    dg_lexicon *lx = NULL;
    dg_graph *g = NULL;
    code = load_lexicon(o, &lx);
    if (code)
        return code;
    dg_graph_options go;
    dg_graph_options_init(&go);
    go.evidence = o->evidence;
    go.include_negated = o->include_negated;
    go.slice = o->slice;
    go.since = o->since;
    go.until = o->until;
    if (dg_graph_new(&g, lx, &go, NULL) != DG_OK) {
        fprintf(stderr, "diplograph: out of memory\n");
        dg_lexicon_free(lx);
        return EXIT_FAILURE;
    }
    dg_error err;
    for (size_t i = 0; i < o->ninputs && code == 0; i++) {
        int rc = dg_graph_merge_partial_file(g, o->inputs[i], &err);
        if (rc != DG_OK) {
            print_lib_error(&err);
            code = rc == DG_ENOMEM ? EXIT_FAILURE : EXIT_INPUT;
        }
    }
    if (code == 0 && o->partial) {
        if (write_partial(o, g))
            code = EXIT_OUTPUT;
    } else if (code == 0) {
        if (dg_graph_finish(g, NULL) != DG_OK ||
            dg_graph_analyze(g, NULL) != DG_OK) {
            fprintf(stderr, "diplograph: out of memory\n");
            code = EXIT_FAILURE;
        } else if (write_outputs(o, g)) {
            code = EXIT_OUTPUT;
        }
    }
    dg_graph_free(g);
    dg_lexicon_free(lx);
    return code;
}

/* ---- report --------------------------------------------------------- */

static int ends_with(const char *s, const char *suf)
{
    size_t a = strlen(s), b = strlen(suf);
    return a >= b && strcmp(s + a - b, suf) == 0;
}

/* Is standard input a saved graph? --input-format, else its first bytes
 * (sniffed once; the reader gets them if it is text after all). */
static int stdin_is_graph(const options *o)
{
    if (o->input_format != DG_INPUT_AUTO)
        return o->input_format == DG_INPUT_GRAPH;
    if (!stdin_seen.kind) {
        int kind = dg_sniff_fd(0, &stdin_seen.buf, &stdin_seen.len);
        /* a read error: the reader reports it */
        stdin_seen.kind = kind > 0 ? kind : DG_INPUT_TEXT;
    }
    return stdin_seen.kind == DG_INPUT_GRAPH;
}

/* Is a file named on the command line a saved graph: by its name (.json),
 * or for a regular file by its first bytes (a graph saved as g.txt, or
 * written by another tool). */
static int file_is_graph(const char *path)
{
    if (ends_with(path, ".json"))
        return 1;
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return 0;
    char buf[65536];
    ssize_t n = read(fd, buf, sizeof buf);
    close(fd);
    return n > 0 &&
           dg_sniff_input(buf, (size_t)n, (size_t)n < sizeof buf ? 1 : 2) ==
               DG_INPUT_GRAPH;
}

/* The saved graphs among the n inputs (all of them: ngraphs), into
 * *full: the one graph, or several merged (dg_graph_merge_saved; built
 * alike from disjoint inputs, they give what one build of all their
 * inputs gives). Returns an exit code. */
static int load_graphs(const options *o, size_t n, size_t ngraphs,
                       dg_graph **full)
{
    dg_error err;
    dg_graph **gs = calloc(ngraphs, sizeof *gs);
    const char **names = calloc(ngraphs, sizeof *names);
    int code = gs && names ? 0 : EXIT_FAILURE;
    if (code)
        fprintf(stderr, "diplograph: out of memory\n");
    for (size_t i = 0; i < n && code == 0; i++) {
        const char *in = o->ninputs ? o->inputs[i] : "-";
        int rc;
        if (strcmp(in, "-") == 0) {
            rc = dg_graph_load_json_stdin(&gs[i], stdin_seen.buf,
                                          stdin_seen.len, &err);
            free(stdin_seen.buf);
            stdin_seen.buf = NULL;
            names[i] = "<stdin>";
        } else {
            rc = dg_graph_load_json(&gs[i], in, &err);
            names[i] = in;
        }
        if (rc != DG_OK) {
            print_lib_error(&err);
            code = EXIT_INPUT;
        }
    }
    if (code == 0 && ngraphs == 1) {
        *full = gs[0];
        gs[0] = NULL;
    } else if (code == 0 &&
               dg_graph_merge_saved(full, gs, names, ngraphs, &err) != DG_OK) {
        print_lib_error(&err);
        code = err.code == DG_EINVAL ? EXIT_USAGE : EXIT_FAILURE;
    }
    for (size_t i = 0; gs && i < ngraphs; i++)
        dg_graph_free(gs[i]);
    free(gs);
    free(names);
    return code;
}

/* The graph to report on or render: one saved graph (a file, or standard
 * input holding graph JSON), or extraction over the inputs (report).
 * Returns an exit code; *g is analyzed and filtered. */
static int graph_from_inputs(const options *o, dg_lexicon **lx,
                             dg_graph **full, dg_graph **g)
{
    dg_error err;
    *lx = NULL;
    *full = *g = NULL;
    size_t n = o->ninputs ? o->ninputs : 1, ngraphs = 0;
    const char *graph = NULL, *text = NULL;
    for (size_t i = 0; i < n; i++) {
        const char *in = o->ninputs ? o->inputs[i] : "-";
        int is_graph =
            strcmp(in, "-") == 0 ? stdin_is_graph(o) : file_is_graph(in);
        if (is_graph) {
            ngraphs++;
            graph = graph ? graph : in;
        } else {
            text = text ? text : in;
        }
    }
    if (ngraphs && text) {
        fprintf(stderr,
                "diplograph: %s is a saved graph and %s is text: give one "
                "saved graph, or texts only\n"
                "Try 'diplograph %s --help'.\n",
                strcmp(graph, "-") ? graph : "<stdin>",
                strcmp(text, "-") ? text : "<stdin>", o->cmd);
        return EXIT_USAGE;
    }
    if (!ngraphs && o->cmd_bit == C_RENDER)
        return usage_error("render needs one saved graph: GRAPH.json written "
                           "by 'diplograph build -o GRAPH.json', or graph "
                           "JSON on standard input; %s holds text",
                           strcmp(text, "-") ? text : "<stdin>");
    if (ngraphs && (o->since || o->until))
        return usage_error("--since and --until choose events by their "
                           "dates while the graph is built from texts; "
                           "%s is a saved graph, which keeps no event "
                           "dates",
                           strcmp(graph, "-") ? graph : "<stdin>");
    if (ngraphs && o->slice)
        return usage_error("--slice counts events by their dates while "
                           "the graph is built from texts; %s is a saved "
                           "graph, which keeps the slicing it was built "
                           "with (build it again with --slice)",
                           strcmp(graph, "-") ? graph : "<stdin>");
    if (ngraphs) {
        int code = load_graphs(o, n, ngraphs, full);
        if (code)
            return code;
    } else {
        int code = graph_from_texts(o, lx, full);
        if (code)
            return code;
    }
    if (dg_graph_filter(*full, &o->filter, g, &err) != DG_OK ||
        dg_graph_analyze(*g, &err) != DG_OK) {
        print_lib_error(&err);
        return err.code == DG_EINVAL ? EXIT_USAGE : EXIT_FAILURE;
    }
    return 0;
}

/* A report to path: in the format its extension names (.txt .md .csv
 * .json); standard output (-) and a path without one of those in
 * --format's, text by default for standard output. */
static int write_report_to(const options *o, const dg_graph *g,
                           const dg_report_options *ro, const char *path,
                           dg_error *err)
{
    const char *dot = strrchr(path, '.');
    int known = dot && !strchr(dot, '/') &&
                (!strcmp(dot, ".txt") || !strcmp(dot, ".md") ||
                 !strcmp(dot, ".csv") || !strcmp(dot, ".json"));
    int stdout_path = strcmp(path, "-") == 0;
    if ((known && !stdout_path) || (!stdout_path && o->report_format < 0))
        return dg_write_report_file(g, ro, path, err);
    dg_report_format f = o->report_format < 0
                             ? DG_REPORT_TEXT
                             : (dg_report_format)o->report_format;
    dg_atomic_file af;
    int rc = dg_atomic_open(&af, path, err);
    if (rc != DG_OK)
        return rc;
    rc = dg_write_report(g, ro, f, af.fp, err);
    return rc != DG_OK ? dg_atomic_fail(&af, rc, err)
                       : dg_atomic_commit(&af, err);
}

static int cmd_report(const options *o)
{
    int code = check_paths(o);
    if (code)
        return code;
    dg_lexicon *lx;
    dg_graph *full, *g;
    code = graph_from_inputs(o, &lx, &full, &g);
    char source[600];
    if (o->ninputs == 0 || strcmp(o->inputs[0], "-") == 0)
        snprintf(source, sizeof source, "<stdin>%s",
                 o->ninputs > 1 ? " and more" : "");
    else
        snprintf(source, sizeof source, "%s%s", o->inputs[0],
                 o->ninputs > 1 ? " and more" : "");
    dg_report_options ro;
    dg_report_options_init(&ro);
    ro.sort = o->sort;
    ro.top = o->top;
    ro.source = source;
    ro.filters = o->filter_text;
    dg_error err;
    int out_failed = 0;
    if (code == 0) {
        for (size_t i = 0; i < o->noutputs + (o->noutputs == 0); i++) {
            const char *path = o->noutputs ? o->outputs[i] : "-";
            dg_error_clear(&err);
            if (write_report_to(o, g, &ro, path, &err) != DG_OK) {
                print_lib_error(&err);
                out_failed = err.code == DG_EINVAL ? 2 : 1;
            }
        }
    }
    dg_graph_free(g);
    dg_graph_free(full);
    dg_lexicon_free(lx);
    if (code)
        return code;
    if (out_failed)
        return out_failed == 2 ? EXIT_USAGE : EXIT_OUTPUT;
    return problems ? EXIT_INPUT : 0;
}

/* ---- render --------------------------------------------------------- */

/* A saved graph (build -o GRAPH.json) to other formats, filtered or not,
 * without reading the texts again. */
static int cmd_render(const options *o)
{
    int code = check_outputs(o);
    if (code == 0)
        code = check_paths(o);
    if (code)
        return code;
    dg_lexicon *lx;
    dg_graph *full, *g;
    code = graph_from_inputs(o, &lx, &full, &g);
    int out_failed = code ? 0 : write_outputs(o, g);
    dg_graph_free(g);
    dg_graph_free(full);
    dg_lexicon_free(lx);
    if (code)
        return code;
    return out_failed ? EXIT_OUTPUT : 0;
}

/* ---- lexicon -------------------------------------------------------- */

/* 0 when everything printed reached standard output, else EXIT_OUTPUT. */
static int stdout_ok(void)
{
    errno = 0;
    if (fflush(stdout) != 0 || ferror(stdout)) {
        if (errno == EPIPE || errno == EBADF)
            fprintf(stderr, "diplograph: standard output was closed\n");
        else
            fprintf(stderr, "diplograph: cannot write to standard output%s%s\n",
                    errno ? ": " : "", errno ? strerror(errno) : "");
        return EXIT_OUTPUT;
    }
    return 0;
}

static int print_problem(const dg_error *e, void *ud)
{
    char buf[1200];
    (void)ud;
    printf("%s\n", dg_error_format(e, buf, sizeof buf));
    return 0;
}

/* lexicon list names: the names gathered, sorted, each once (ignoring
 * ASCII case, as a case-insensitive search would) */
typedef struct name_list {
    const char **v;
    size_t n, cap;
    int failed;
} name_list;

static int collect_name(const char *text, const char *kind, void *ud)
{
    name_list *l = ud;
    (void)kind;
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 1024;
        const char **v = realloc(l->v, cap * sizeof *v);
        if (!v) {
            l->failed = 1;
            return 1; /* stop */
        }
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = text;
    return 0;
}

static int cmp_name(const void *a, const void *b)
{
    const char *x = *(const char *const *)a, *y = *(const char *const *)b;
    int c = strcasecmp(x, y);
    return c ? c : strcmp(x, y);
}

static int list_names(const dg_lexicon *lx)
{
    name_list l = {0};
    dg_lexicon_names(lx, collect_name, &l, NULL);
    if (l.failed) {
        free(l.v);
        fprintf(stderr, "diplograph: out of memory\n");
        return EXIT_FAILURE;
    }
    if (l.n)
        qsort(l.v, l.n, sizeof *l.v, cmp_name);
    for (size_t i = 0; i < l.n; i++)
        if (i == 0 || strcasecmp(l.v[i], l.v[i - 1]) != 0)
            printf("%s\n", l.v[i]);
    free(l.v);
    return 0;
}

static int cmd_lexicon(const options *o)
{
    if (o->ninputs < 1)
        return usage_error("lexicon needs 'check FILE...' or 'list'%s", "");
    const char *sub = o->inputs[0];
    if (strcmp(sub, "check") == 0) {
        if (o->ninputs < 2)
            return usage_error("lexicon check needs a FILE%s", "");
        int bad = 0;
        for (size_t i = 1; i < o->ninputs; i++) {
            dg_error err;
            int n =
                dg_lexicon_check_file(o->inputs[i], print_problem, NULL, &err);
            if (n < 0) /* unreadable, too large, out of memory */
                print_problem(&err, NULL);
            if (n == 0)
                printf("%s: ok\n", o->inputs[i]);
            else
                bad = 1;
        }
        int code = stdout_ok();
        return code ? code : bad ? EXIT_LEXICON : 0;
    }
    if (strcmp(sub, "list") == 0) {
        const char *what = o->ninputs > 1 ? o->inputs[1] : "all";
        dg_lexicon *lx;
        int code = load_lexicon(o, &lx);
        if (code)
            return code;
        int all = strcmp(what, "all") == 0;
        if (strcmp(what, "names") == 0) {
            code = list_names(lx);
            dg_lexicon_free(lx);
            return code ? code : stdout_ok();
        }
        if (!all && strcmp(what, "actors") && strcmp(what, "leaders") &&
            strcmp(what, "cues")) {
            dg_lexicon_free(lx);
            return usage_error("lexicon list takes actors, leaders, cues or "
                               "names, not '%s'",
                               what);
        }
        if (all || strcmp(what, "actors") == 0)
            for (size_t i = 0; i < dg_lexicon_actor_count(lx); i++)
                printf("actor\t%s\t%s\t%s\n", dg_lexicon_actor_id(lx, i),
                       dg_lexicon_actor_type(lx, i) == DG_ACTOR_STATE
                           ? "state" : "organization",
                       dg_lexicon_actor_name(lx, i));
        if (all || strcmp(what, "leaders") == 0)
            for (size_t i = 0; i < dg_lexicon_leader_count(lx); i++) {
                const char *n, *a, *r, *f, *t;
                dg_lexicon_leader(lx, i, &n, &a, &r, &f, &t);
                printf("leader\t%s\t%s\t%s\t%s..%s\n", a, n, r, f, t);
            }
        if (all || strcmp(what, "cues") == 0)
            for (size_t i = 0; i < dg_lexicon_cue_count(lx); i++)
                printf("cue\t%s\t%s\t%s\t%+d\n", dg_lexicon_cue_phrase(lx, i),
                       dg_lexicon_cue_pos(lx, i), dg_lexicon_cue_class(lx, i),
                       dg_lexicon_cue_weight(lx, i));
        dg_lexicon_free(lx);
        return stdout_ok();
    }
    return usage_error("unknown lexicon command '%s' (use check or list)", sub);
}

/* SIGTERM, SIGINT, SIGHUP and SIGPIPE: the temporary files of outputs
 * being written are removed (the previous outputs stay as they were),
 * then the signal is raised again with its default action, so that the
 * exit status says what ended the tool. SIGPIPE is a write to a pipe
 * whose reader has gone (diplograph extract big | head -1): the tool
 * ends at once and quietly, as cat or grep do (a shell shows 141), with
 * no message and no temporary file left. */
static const int cleanup_signals[] = {SIGTERM, SIGINT, SIGHUP, SIGPIPE};
enum { NCLEANUP = sizeof cleanup_signals / sizeof cleanup_signals[0] };

static void on_fatal_signal(int sig)
{
    if (progress_shown) /* the shell's prompt starts on a clean line */
        (void)!write(2, "\r\033[K", 4);
    dg_remove_temporary_files();
    signal(sig, SIG_DFL);
    raise(sig); /* delivered when the handler returns */
}

/* The handlers for one run of dg_cli_main; the previous ones come back
 * after it (the tool runs in-process in tests and fuzzers). */
typedef struct saved_signals {
    struct sigaction fatal[NCLEANUP];
} saved_signals;

static void install_signals(saved_signals *saved)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = on_fatal_signal;
    for (size_t i = 0; i < NCLEANUP; i++)
        sigaction(cleanup_signals[i], &sa, &saved->fatal[i]);
}

static void restore_signals(const saved_signals *saved)
{
    for (size_t i = 0; i < NCLEANUP; i++)
        sigaction(cleanup_signals[i], &saved->fatal[i], NULL);
}

static int run_cli(int argc, char **argv);

/* A closed standard stream (diplograph >&-) becomes /dev/null opened for
 * reading: a file the tool opens never gets descriptor 1 or 2, and
 * writing to a closed stdout stays an error that is reported. */
static void guard_std_fds(void)
{
    for (int fd = 0; fd <= 2; fd++) {
        if (fcntl(fd, F_GETFD) >= 0 || errno != EBADF)
            continue;
        int nfd = open("/dev/null", O_RDONLY);
        if (nfd >= 0 && nfd != fd) {
            dup2(nfd, fd);
            close(nfd);
        }
    }
}

int dg_cli_main(int argc, char **argv)
{
    guard_std_fds();
    saved_signals saved;
    install_signals(&saved);
    int rc = run_cli(argc, argv);
    fflush(stdout); /* while the SIGPIPE handler is still in place */
    restore_signals(&saved);
    return rc;
}

static int run_cli(int argc, char **argv)
{
    problems = 0;
    help_command = NULL;
    free(stdin_seen.buf);
    memset(&stdin_seen, 0, sizeof stdin_seen);
    if (argc < 2) {
        print_usage(stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0 ||
        strcmp(cmd, "help") == 0) {
        print_usage(stdout);
        return 0;
    }
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) {
        printf("diplograph %s\n", DG_VERSION);
        return 0;
    }
    options o;
    int rc = parse_args(argc, argv, &o);
    if (rc == -1) {
        rc = 0; /* --help was printed */
    } else if (rc == 0) {
        if (strcmp(cmd, "extract") == 0)
            rc = cmd_extract(&o);
        else if (strcmp(cmd, "build") == 0)
            rc = cmd_build(&o);
        else if (strcmp(cmd, "merge") == 0)
            rc = cmd_merge(&o);
        else if (strcmp(cmd, "lexicon") == 0)
            rc = cmd_lexicon(&o);
        else if (strcmp(cmd, "report") == 0)
            rc = cmd_report(&o);
        else
            rc = cmd_render(&o);
    }
    free(o.inputs);
    free(o.outputs);
    free(o.lexicons);
    free(stdin_seen.buf); /* not handed to a reader (a usage error) */
    stdin_seen.buf = NULL;
    return rc;
}
