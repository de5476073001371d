/* write_html.c -- the self-contained HTML report: one file that needs no
 * network, holding
 *
 *   the graph laid out and drawn by Graphviz (its SVG, rendered in
 *       memory and inlined: node <g> ids are actor ids, edge ids
 *       "SRC->TGT", as write_dot.c sets them),
 *   the node-link JSON (write_json.c), positions included, in
 *       <script type="application/json">,
 *   the report's JSON (report.c: communities, dyads, signed balance, as
 *       `diplograph report -o x.json` writes it) in another, so that the
 *       page and the report never disagree,
 *   the page's CSS and JavaScript (src/html/, embedded at build time by
 *       cmake/embed_assets.cmake), which show evidence and metrics on
 *       hover or click, filter edges by sign and |weight|, zoom, pan and
 *       search the drawing, sort the centrality table and show the
 *       report's sections.
 *
 * The page skeleton is src/html/report.html; write_html fills its
 * {{NAME}} slots. Graphviz's SVG is deterministic, so is the page.
 */
#define _POSIX_C_SOURCE 200809L
#include "write_internal.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the page's Content-Security-Policy ------------------------------ */

/* SHA-256 (FIPS 180-4), for the CSP hashes of the page's own <script>
 * and <style>: no library linked here offers it. */
typedef struct sha256 {
    uint32_t h[8];
    unsigned char block[64];
    size_t nblock;
    uint64_t bits;
} sha256;

static const uint32_t sha256_k[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
    0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
    0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
    0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
    0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
    0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
    0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
    0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
    0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

static uint32_t ror(uint32_t x, int n)
{
    return (x >> n) | (x << (32 - n));
}

static void sha256_block(sha256 *c, const unsigned char *p)
{
    uint32_t w[64], v[8];
    for (int i = 0; i < 16; i++)
        w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
               (uint32_t)p[4 * i + 2] << 8 | (uint32_t)p[4 * i + 3];
    for (int i = 16; i < 64; i++) {
        uint32_t s0 = ror(w[i - 15], 7) ^ ror(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = ror(w[i - 2], 17) ^ ror(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    memcpy(v, c->h, sizeof v);
    for (int i = 0; i < 64; i++) {
        uint32_t s1 = ror(v[4], 6) ^ ror(v[4], 11) ^ ror(v[4], 25);
        uint32_t ch = (v[4] & v[5]) ^ (~v[4] & v[6]);
        uint32_t t1 = v[7] + s1 + ch + sha256_k[i] + w[i];
        uint32_t s0 = ror(v[0], 2) ^ ror(v[0], 13) ^ ror(v[0], 22);
        uint32_t maj = (v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]);
        memmove(v + 1, v, 7 * sizeof v[0]);
        v[4] += t1;
        v[0] = t1 + s0 + maj;
    }
    for (int i = 0; i < 8; i++)
        c->h[i] += v[i];
}

static void sha256_init(sha256 *c)
{
    static const uint32_t h0[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372,
                                   0xa54ff53a, 0x510e527f, 0x9b05688c,
                                   0x1f83d9ab, 0x5be0cd19};
    memcpy(c->h, h0, sizeof h0);
    c->nblock = 0;
    c->bits = 0;
}

static void sha256_update(sha256 *c, const void *data, size_t n)
{
    const unsigned char *p = data;
    c->bits += (uint64_t)n * 8;
    while (n > 0) {
        size_t k = 64 - c->nblock < n ? 64 - c->nblock : n;
        memcpy(c->block + c->nblock, p, k);
        c->nblock += k;
        p += k;
        n -= k;
        if (c->nblock == 64) {
            sha256_block(c, c->block);
            c->nblock = 0;
        }
    }
}

static void sha256_final(sha256 *c, unsigned char out[32])
{
    uint64_t bits = c->bits;
    unsigned char pad = 0x80, zero = 0, len[8];
    sha256_update(c, &pad, 1);
    while (c->nblock != 56)
        sha256_update(c, &zero, 1);
    for (int i = 0; i < 8; i++)
        len[i] = (unsigned char)(bits >> (56 - 8 * i));
    sha256_update(c, len, 8);
    for (int i = 0; i < 8; i++)
        for (int j = 0; j < 4; j++)
            out[4 * i + j] = (unsigned char)(c->h[i] >> (24 - 8 * j));
}

/* "'sha256-BASE64'", the CSP source for an element whose text is
 * before + body + after. */
static void csp_hash(char out[64], const char *before, size_t nbefore,
                     const char *body, size_t nbody, const char *after,
                     size_t nafter)
{
    static const char b64[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    unsigned char d[33];
    sha256 c;
    sha256_init(&c);
    sha256_update(&c, before, nbefore);
    sha256_update(&c, body, nbody);
    sha256_update(&c, after, nafter);
    sha256_final(&c, d);
    d[32] = 0;
    char *o = out + sprintf(out, "'sha256-");
    for (int i = 0; i < 33; i += 3) {
        uint32_t v = (uint32_t)d[i] << 16 | (uint32_t)d[i + 1] << 8 |
                     (i + 2 < 33 ? d[i + 2] : 0);
        *o++ = b64[v >> 18 & 63];
        *o++ = b64[v >> 12 & 63];
        *o++ = i + 1 < 32 ? b64[v >> 6 & 63] : '=';
        *o++ = i + 2 < 32 ? b64[v & 63] : '=';
    }
    strcpy(o, "'");
}

/* The hash of the skeleton's element open...close whose text holds the
 * slot filled with body (the page's one <style> and one <script>). */
static int element_hash(char out[64], const char *page, const char *open,
                        const char *slot, const char *body, size_t nbody)
{
    const char *s = strstr(page, open);
    const char *at = s ? strstr(s, slot) : NULL;
    const char *e = at ? strstr(at, "</") : NULL;
    if (!e)
        return 0;
    s += strlen(open);
    csp_hash(out, s, (size_t)(at - s), body, nbody, at + strlen(slot),
             (size_t)(e - at - strlen(slot)));
    return 1;
}

static const dg_embedded_file *asset(const char *name)
{
    for (size_t i = 0; i < dg_html_asset_count; i++)
        if (strcmp(dg_html_assets[i].name, name) == 0)
            return &dg_html_assets[i];
    return NULL;
}

static void put_text(FILE *out, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': fputs("&amp;", out); break;
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '"': fputs("&quot;", out); break;
        case '\'': fputs("&#39;", out); break;
        default: fputc(*s, out);
        }
    }
}

/* JSON inside <script>: "</" could close the element and "<!--" start
 * an HTML comment state; both only occur inside JSON strings, where
 * "<\/" and "\u003c" mean the same characters. */
static void put_script_json(FILE *out, const char *s)
{
    for (; *s; s++) {
        if (s[0] == '<' && s[1] == '/')
            fputs("<\\", out);
        else if (strncmp(s, "<!--", 4) == 0)
            fputs("\\u003c", out);
        else
            fputc(*s, out);
    }
}

/* Graphviz's SVG of g, from "<svg" on (no XML prolog or doctype, which
 * have no place inside HTML). *buf is the allocation to free. */
static int render_svg(const dg_graph *g, const dg_render_options *ro,
                      char **buf, const char **svg, dg_error *err)
{
    size_t len = 0;
    *buf = NULL;
    FILE *ms = open_memstream(buf, &len);
    if (!ms)
        return dg_error_set(err, DG_ENOMEM, NULL, 0, "out of memory");
    int rc = dg_render_graphviz_page(g, ms, ro, err);
    if (fclose(ms) != 0 && rc == DG_OK)
        rc = dg_error_set(err, DG_ENOMEM, NULL, 0, "out of memory");
    if (rc != DG_OK) {
        free(*buf);
        *buf = NULL;
        return rc;
    }
    const char *start = *buf ? strstr(*buf, "<svg") : NULL;
    if (!start) {
        free(*buf);
        *buf = NULL;
        return dg_error_set(err, DG_ERENDER, NULL, 0,
                            "Graphviz produced no SVG");
    }
    *svg = start;
    return DG_OK;
}

int dg_write_html(const dg_graph *g, FILE *out, const dg_render_options *ro,
                  dg_error *err)
{
    if (g->built != 1)
        return dg_error_set(err, DG_EINVAL, NULL, 0,
                            "call dg_graph_finish before writing");
    const dg_embedded_file *page = asset("report.html"), *css = asset("report.css"),
                   *js = asset("report.js");
    if (!page || !css || !js)
        return dg_error_set(err, DG_EINVAL, NULL, 0,
                            "the HTML report's files were not built in");
    char *svgbuf;
    const char *svg = NULL;
    int rc = render_svg(g, ro, &svgbuf, &svg, err);
    if (rc != DG_OK)
        return rc;
    cJSON *tree = dg_graph_json_tree(g, ro, 1, NULL);
    char *json = tree ? cJSON_PrintUnformatted(tree) : NULL;
    cJSON_Delete(tree);
    if (!json) {
        free(svgbuf);
        return dg_error_set(err, DG_ENOMEM, NULL, 0, "out of memory");
    }

    /* the report's sections, when the graph was analyzed */
    char *report = NULL;
    if (g->metric) {
        size_t rlen = 0;
        dg_report_options rep = {.sort = -1, .top = 0};
        FILE *ms = open_memstream(&report, &rlen);
        rc = ms ? dg_write_report(g, &rep, DG_REPORT_JSON, ms, err)
                : dg_error_set(err, DG_ENOMEM, NULL, 0, "out of memory");
        if (ms && fclose(ms) != 0 && rc == DG_OK)
            rc = dg_error_set(err, DG_ENOMEM, NULL, 0, "out of memory");
        if (rc != DG_OK) {
            free(report);
            free(json);
            free(svgbuf);
            return rc;
        }
    }

    char title[600], summary[600];
    if (ro && ro->title)
        snprintf(title, sizeof title, "%s", ro->title);
    else
        snprintf(title, sizeof title, "diplograph: %zu actor%s, %zu relation%s",
                 g->nnodes, g->nnodes == 1 ? "" : "s", g->nlinks,
                 g->nlinks == 1 ? "" : "s");
    dg_graph_summary(g, summary, sizeof summary);
    int n = (int)strlen(summary);
    if (g->metric && n > 0 && (size_t)n < sizeof summary)
        snprintf(summary + n, sizeof summary - (size_t)n,
                 "; %zu communit%s of cooperation (modularity %.3f)",
                 g->ncommunities, g->ncommunities == 1 ? "y" : "ies",
                 g->modularity);

    /* no inline code but the page's own: its <style> and <script> by
     * their SHA-256 (CSP level 2), rather than 'unsafe-inline' */
    char style_hash[64], script_hash[64];
    if (!element_hash(style_hash, page->data, "<style>", "{{CSS}}", css->data,
                      css->len) ||
        !element_hash(script_hash, page->data, "<script>", "{{JS}}", js->data,
                      js->len)) {
        free(report);
        free(json);
        free(svgbuf);
        return dg_error_set(err, DG_EINVAL, NULL, 0,
                            "the HTML report's skeleton has no <style> or "
                            "<script> slot");
    }

    /* fill the skeleton's {{NAME}} slots */
    const char *p = page->data;
    while (*p) {
        const char *open = strstr(p, "{{");
        const char *close = open ? strstr(open + 2, "}}") : NULL;
        if (!open || !close) {
            fputs(p, out);
            break;
        }
        fwrite(p, 1, (size_t)(open - p), out);
        size_t k = (size_t)(close - open - 2);
        const char *name = open + 2;
        if (k == 3 && strncmp(name, "CSP", k) == 0)
            fprintf(out,
                    "default-src 'none'; style-src %s; script-src %s; "
                    "img-src data:",
                    style_hash, script_hash);
        else if (k == 5 && strncmp(name, "TITLE", k) == 0)
            put_text(out, title);
        else if (k == 7 && strncmp(name, "SUMMARY", k) == 0)
            put_text(out, summary);
        else if (k == 9 && strncmp(name, "GENERATOR", k) == 0)
            put_text(out, "diplograph " DG_VERSION);
        else if (k == 3 && strncmp(name, "CSS", k) == 0)
            fwrite(css->data, 1, css->len, out);
        else if (k == 2 && strncmp(name, "JS", k) == 0)
            fwrite(js->data, 1, js->len, out);
        else if (k == 3 && strncmp(name, "SVG", k) == 0)
            fputs(svg, out);
        else if (k == 4 && strncmp(name, "DATA", k) == 0)
            put_script_json(out, json);
        else if (k == 6 && strncmp(name, "REPORT", k) == 0)
            put_script_json(out, report ? report : "null");
        else
            fwrite(open, 1, (size_t)(close + 2 - open), out);
        p = close + 2;
    }
    free(report);
    free(json);
    free(svgbuf);
    return ferror(out) ? dg_error_set(err, DG_EIO, NULL, 0, "write failed")
                       : DG_OK;
}
