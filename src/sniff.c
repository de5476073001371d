/* sniff.c -- what a stream holds, by its first bytes: news text, JSON
 * Lines documents, or a saved graph (node-link JSON). For standard input,
 * which has no name to go by (read.c, and the CLI's report and render).
 *
 * The rule (docs/formats.md, "Standard input"), after a UTF-8 byte order
 * mark and white space:
 *  - anything but '{' first is text (so "[1] Reuters ..." or a quotation
 *    in brackets stays text);
 *  - a first line that is a whole JSON object is JSON Lines, unless it
 *    has "nodes" and "links" arrays: a graph written on one line;
 *  - a first line that is not a whole object, where the text goes on
 *    with '{' and a member name and ':' ({"directed": ... over several
 *    lines) is a graph when the name is one of node-link JSON's first
 *    members (directed, multigraph, graph, nodes, links) or the '{' is
 *    alone on its line (pretty-printed JSON); a first line longer than
 *    the window that opens {"name": is a long JSON Lines line;
 *  - everything else is text: prose that opens with '{' is not JSON by
 *    accident, since a JSON object must parse whole on its first line.
 * --input-format overrides it. */
#define _POSIX_C_SOURCE 200809L
#include "internal.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <unistd.h>

enum { SNIFF_WINDOW = 1 << 20 }; /* bytes read at most to decide */

static int blank(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* After the '{' at s[i]: 1 when a member name and ':' follow (the name
 * into key, cut to its size), 0 when something else does, -1 when the
 * bytes end first. */
static int member_name(const char *s, size_t n, size_t i, char *key,
                       size_t size)
{
    for (i++; i < n && blank((unsigned char)s[i]); i++)
        ;
    if (i == n)
        return -1;
    if (s[i] != '"')
        return 0;
    size_t start = ++i;
    for (; i < n && s[i] != '"'; i++)
        if (s[i] == '\\' || (unsigned char)s[i] < 0x20)
            return 0; /* not a plain member name: no graph's */
    if (i == n)
        return i - start > 64 ? 0 : -1;
    size_t len = i - start;
    snprintf(key, size, "%.*s", (int)(len < size ? len : size - 1), s + start);
    for (i++; i < n && blank((unsigned char)s[i]); i++)
        ;
    if (i == n)
        return -1;
    return s[i] == ':';
}

static int graph_member(const char *key)
{
    static const char *const keys[] = {"directed", "multigraph", "graph",
                                       "nodes",    "links",      NULL};
    for (size_t k = 0; keys[k]; k++)
        if (strcmp(key, keys[k]) == 0)
            return 1;
    return 0;
}

int dg_sniff_input(const char *s, size_t n, int complete)
{
    size_t i = 0;
    if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < n && blank((unsigned char)s[i]))
        i++;
    if (i == n)
        return complete ? DG_INPUT_TEXT : -1;
    if (s[i] != '{')
        return DG_INPUT_TEXT;
    const char *nl = memchr(s + i, '\n', n - i);
    char key[80] = "";
    if (!nl && complete != 1) { /* the first line goes on past the bytes */
        int m = member_name(s, n, i, key, sizeof key);
        if (m == 0)
            return DG_INPUT_TEXT; /* not {"name": : no JSON of ours */
        if (!complete)
            return -1; /* the whole line decides */
        if (m > 0)
            return graph_member(key) ? DG_INPUT_GRAPH : DG_INPUT_JSONL;
        return DG_INPUT_TEXT;
    }
    size_t end = nl ? (size_t)(nl - s) : n;
    const char *stop = NULL;
    cJSON *line = cJSON_ParseWithLengthOpts(s + i, end - i, &stop, 0);
    for (; line && stop && stop < s + end; stop++)
        if (!blank((unsigned char)*stop)) { /* {"a": 1} and then prose */
            cJSON_Delete(line);
            line = NULL;
        }
    if (line) {
        int kind =
            !cJSON_IsObject(line) ? DG_INPUT_TEXT
            : cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(line, "nodes")) &&
                    cJSON_IsArray(
                        cJSON_GetObjectItemCaseSensitive(line, "links"))
                ? DG_INPUT_GRAPH
                : DG_INPUT_JSONL;
        cJSON_Delete(line);
        return kind;
    }
    /* not a whole object on its line: a pretty-printed one? */
    int m = member_name(s, n, i, key, sizeof key);
    if (m < 0)
        return complete ? DG_INPUT_TEXT : -1;
    size_t after = i + 1;
    while (after < end && blank((unsigned char)s[after]))
        after++;
    if (m > 0 && (graph_member(key) || after == end))
        return DG_INPUT_GRAPH;
    return DG_INPUT_TEXT;
}

/* Reads from fd until dg_sniff_input decides (at most SNIFF_WINDOW
 * bytes); the bytes read are returned in *buf (malloc'd; the caller
 * reads them before the rest of fd). The kind, or DG_ENOMEM, or DG_EIO
 * with errno set (*buf then holds what was read). */
int dg_sniff_fd(int fd, char **buf, size_t *len)
{
    size_t cap = 4096, n = 0;
    char *b = malloc(cap);
    *buf = NULL;
    *len = 0;
    if (!b)
        return DG_ENOMEM;
    for (;;) {
        int kind = dg_sniff_input(b, n, n >= SNIFF_WINDOW ? 2 : 0);
        if (kind >= 0) {
            *buf = b;
            *len = n;
            return kind;
        }
        if (n == cap) {
            char *nb = realloc(b, cap * 2);
            if (!nb) {
                free(b);
                return DG_ENOMEM;
            }
            b = nb;
            cap *= 2;
        }
        size_t want = cap - n;
        if (want > SNIFF_WINDOW - n)
            want = SNIFF_WINDOW - n;
        ssize_t k = read(fd, b + n, want);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            struct pollfd p = {fd, POLLIN, 0};
            (void)poll(&p, 1, -1);
            continue;
        }
        if (k < 0) {
            *buf = b;
            *len = n;
            return DG_EIO;
        }
        if (k == 0) {
            *buf = b;
            *len = n;
            return dg_sniff_input(b, n, 1);
        }
        n += (size_t)k;
    }
}
