/* extract.c -- the per-document driver: normalize, split, tokenize,
 * match, code, and hand each event to the caller.
 *
 * A dg_extractor owns the reusable buffers of one thread; they grow to
 * the longest sentence seen and are not reallocated per token.
 */
#include "date.h"
#include "internal.h"

#include <stdlib.h>
#include <string.h>

struct dg_extractor {
    const dg_lexicon *lx;
    dg_buf norm, sent;
    dg_token *toks; size_t captoks;
    dg_mention *ments;
    dg_cuematch *cues;
    int32_t *ment_of, *cue_of;
    dg_coded *coded;
    unsigned long *mentions; /* per actor */
    /* the actors the document introduces ("Full Name (ACR)"), and the
     * lexicon as the sentence's coder sees it: the same tables, with an
     * actor array that holds the document's organizations after the
     * lexicon's */
    dg_doc_actors *docact;
    dg_lexicon view;
    dg_explain_fn explain; void *explain_ud;
    /* per document */
    const dg_document *doc;
    long sentence, date;
    dg_event_fn fn; void *ud;
    dg_report_fn report;
    void *report_ud;
    int stop; /* a callback returned non-zero: none is called again */
    dg_buf trig;
    /* the event's date (date.c): the document's "date", and the
     * dateline's, looked for at the document's first event */
    dg_date docdate, dateline;
    int dateline_read, dateline_found;
    char datebuf[16];
};

int dg_extractor_new(dg_extractor **out, const dg_lexicon *lx, dg_error *err)
{
    if (!out || !lx)
        return dg_error_set(err, DG_EINVAL, NULL, 0,
                            "dg_extractor_new: no extractor pointer or no "
                            "lexicon");
    /* every load leaves the lexicon finished and read-only, so extractors
     * on several threads can share it */
    if (lx->dirty)
        return dg_error_set(err, DG_EINVAL, NULL, 0,
                            "dg_extractor_new: the lexicon is unfinished (a "
                            "load failed)");
    dg_extractor *x = calloc(1, sizeof *x);
    if (!x)
        return dg_error_set(err, DG_ENOMEM, NULL, 0, "out of memory");
    x->lx = lx;
    x->mentions = calloc(lx->nactors + 1, sizeof *x->mentions);
    x->docact = calloc(1, sizeof *x->docact);
    dg_actor *acts = malloc((lx->nactors + DG_DOC_ACTORS) * sizeof *acts);
    if (!x->mentions || !x->docact || !acts) {
        free(x->mentions);
        free(x->docact);
        free(acts);
        free(x);
        return dg_error_set(err, DG_ENOMEM, NULL, 0, "out of memory");
    }
    if (lx->nactors)
        memcpy(acts, lx->actors, lx->nactors * sizeof *acts);
    x->docact->actors = acts;
    x->docact->nlex = lx->nactors;
    x->view = *lx;
    x->view.actors = acts;
    *out = x;
    return DG_OK;
}

void dg_extractor_set_explain(dg_extractor *x, dg_explain_fn fn, void *ud)
{
    x->explain = fn;
    x->explain_ud = ud;
}

void dg_extractor_free(dg_extractor *x)
{
    if (!x)
        return;
    dg_buf_free(&x->norm);
    dg_buf_free(&x->sent);
    dg_buf_free(&x->trig);
    free(x->toks);
    free(x->ments);
    free(x->cues);
    free(x->ment_of);
    free(x->cue_of);
    free(x->coded);
    free(x->mentions);
    if (x->docact)
        free(x->docact->actors);
    free(x->docact);
    free(x);
}

const unsigned long *dg_extractor_mention_counts(const dg_extractor *x,
                                                 size_t *n)
{
    *n = x->lx->nactors;
    return x->mentions;
}

static int reserve_tokens(dg_extractor *x, size_t n)
{
    if (n <= x->captoks)
        return DG_OK;
    size_t cap = x->captoks ? x->captoks : 256;
    while (cap < n)
        cap *= 2;
    void *a = realloc(x->toks, cap * sizeof *x->toks);
    if (a) x->toks = a;
    void *b = realloc(x->ments, cap * sizeof *x->ments);
    if (b) x->ments = b;
    void *c = realloc(x->cues, cap * sizeof *x->cues);
    if (c) x->cues = c;
    void *d = realloc(x->ment_of, cap * sizeof *x->ment_of);
    if (d) x->ment_of = d;
    void *e = realloc(x->cue_of, cap * sizeof *x->cue_of);
    if (e) x->cue_of = e;
    void *f = realloc(x->coded, cap * sizeof *x->coded);
    if (f) x->coded = f;
    if (!a || !b || !c || !d || !e || !f)
        return DG_ENOMEM;
    x->captoks = cap;
    return DG_OK;
}

/* How a mention found by a pattern was found, for --explain:
 * (misspelling of Armenia: "ie" for "ei"). */
static void explain_how(const dg_lexicon *lx, const char *text,
                        const dg_token *a, const dg_mention *m, dg_buf *line)
{
    if (m->how == DG_HOW_DOC_ACRONYM) {
        dg_buf_printf(line, "(named in this document)");
        return;
    }
    if (m->how == DG_HOW_DEMONYM_TITLE) {
        dg_buf_printf(line, "(title and name)");
        return;
    }
    if (m->how == DG_HOW_ETHNIC) {
        dg_buf_printf(line, "(a group of %s)", lx->actors[m->actor].name);
        return;
    }
    if (m->how != DG_HOW_MISSPELLING || m->fuzzy < 0)
        return;
    const dg_fuzzy_name *f = &lx->fuzzy[m->fuzzy];
    const char *w = text + a->start;
    size_t pos;
    int e = dg_one_edit(w, a->len, f->text, f->len, &pos);
    const char *name = lx->actors[f->actor].name;
    switch (e) {
    case DG_EDIT_SUBSTITUTION:
        dg_buf_printf(line, "(misspelling of %s: '%c' for '%c' at letter %zu)",
                      name, w[pos], f->text[pos], pos + 1);
        break;
    case DG_EDIT_INSERTION:
        dg_buf_printf(line, "(misspelling of %s: '%c' inserted at letter %zu)",
                      name, w[pos], pos + 1);
        break;
    case DG_EDIT_DELETION:
        dg_buf_printf(line, "(misspelling of %s: '%c' missing at letter %zu)",
                      name, f->text[pos], pos + 1);
        break;
    case DG_EDIT_TRANSPOSITION:
        dg_buf_printf(
            line, "(misspelling of %s: '%c%c' for '%c%c' at letter %zu)", name,
            w[pos], w[pos + 1], f->text[pos], f->text[pos + 1], pos + 1);
        break;
    default:
        break;
    }
}

/* The dateline at the top of the document: on its first line, or on its
 * second when the first is a headline (no full stop at its end). */
static void read_dateline(dg_extractor *x)
{
    x->dateline_read = 1;
    const char *p = x->norm.data, *end = p + x->norm.len;
    for (int line = 0; line < 2 && p < end; line++) {
        while (p < end && (*p == '\n' || *p == ' ' || *p == '\t' || *p == '\r'))
            p++;
        if (p >= end)
            break;
        /* a dateline is short: it is read in the line's first 160 bytes;
         * a longer line is no headline either */
        size_t lim = (size_t)(end - p) < 160 ? (size_t)(end - p) : 160;
        const char *e = memchr(p, '\n', lim);
        int headline = e != NULL || lim == (size_t)(end - p);
        if (!e)
            e = p + lim;
        /* a place name and a comma first ("YEREVAN,", "NEW YORK,"), then
         * a number or a month: other lines are not tokenized */
        size_t plen = (size_t)(e - p) < 40 ? (size_t)(e - p) : 40;
        const char *q = memchr(p, ',', plen);
        const char *r = q ? q + 1 : e;
        while (r < e && *r == ' ')
            r++;
        if (q && q > p && r < e &&
            ((*r >= '0' && *r <= '9') || (*r && strchr("JFMASOND", *r)))) {
            const char *cut = e;
            while (cut < end && cut > p && *cut != ' ' && *cut != '\n')
                cut--; /* not in a word */
            dg_token toks[48];
            size_t nt = dg_tokenize(p, (size_t)(cut - p), toks, 48);
            if (dg_date_dateline(p, toks, nt, x->docdate, &x->dateline)) {
                x->dateline_found = 1;
                return;
            }
        }
        if (!headline || e[-1] == '.' || e[-1] == '!' || e[-1] == '?')
            return; /* a sentence, not a headline */
        p = e;
    }
}

/* The actor that the leader names of the sentence give at a date, when
 * the sentence names it by one leader's name only ("Guterres": Portugal
 * in 2000, the UN in 2020); otherwise the actor unchanged. */
static int32_t actor_at(const dg_extractor *x, size_t nm, int32_t actor,
                        long day)
{
    int32_t lname = -1;
    for (size_t i = 0; i < nm; i++) {
        if (x->ments[i].actor != actor)
            continue;
        if (x->ments[i].leader < 0 ||
            (lname >= 0 && x->ments[i].leader != lname))
            return actor;
        lname = x->ments[i].leader;
    }
    if (lname < 0)
        return actor;
    long a = dg_lexicon_resolve_leader(&x->view, (size_t)lname, day);
    return a >= 0 ? (int32_t)a : actor;
}

/* The caller's callbacks, through these: after one returns non-zero
 * (x->stop) none is called again, and the document ends in DG_EABORT. */
static int explain_relay(const char *doc, long sentence, const char *line,
                         void *ud)
{
    dg_extractor *x = ud;
    if (!x->stop && x->explain(doc, sentence, line, x->explain_ud) != 0)
        x->stop = 1;
    return x->stop;
}

static int report_relay(const dg_error *e, void *ud)
{
    dg_extractor *x = ud;
    if (!x->stop && x->report && x->report(e, x->report_ud) != 0)
        x->stop = 1;
    return x->stop;
}

static int on_sentence(const char *s, size_t len, void *ud)
{
    dg_extractor *x = ud;
    const dg_lexicon *lx = &x->view;
    long index = x->sentence++;

    /* the sentence is read in place; one with a line break or a run of
     * spaces (which the tokenizer tells) is read again with its white
     * space collapsed, for the evidence string and its offsets. The
     * sentence is copied, once, when coding needs it as a string. */
    const char *text = s;
    size_t tlen = len;
    x->sent.len = 0;
    if (len >= x->sent.cap && dg_buf_reserve(&x->sent, len) != DG_OK)
        return DG_ENOMEM;
    /* a token needs at least one byte */
    if (reserve_tokens(x, len + 1) != DG_OK)
        return DG_ENOMEM;
    int spaces;
    size_t nt = dg_tokenize_spaces(text, tlen, x->toks, x->captoks, &spaces);
    if (spaces) {
        for (size_t i = 0; i < len; i++) {
            char ch = s[i] == '\n' ? ' ' : s[i];
            if (ch == ' ' && x->sent.len &&
                x->sent.data[x->sent.len - 1] == ' ')
                continue;
            x->sent.data[x->sent.len++] = ch;
        }
        x->sent.data[x->sent.len] = '\0';
        text = x->sent.data;
        tlen = x->sent.len;
        nt = dg_tokenize(text, tlen, x->toks, x->captoks);
    }
    size_t nm = dg_match_actors_doc(x->lx, x->docact, text, x->toks, nt,
                                    x->date, x->ments, x->captoks);
    x->view.nactors = x->docact->nlex + x->docact->nnew;
    for (size_t i = 0; i < nm; i++)
        if ((size_t)x->ments[i].actor < x->docact->nlex)
            x->mentions[x->ments[i].actor]++;
    if (nm < 1)
        return 0;
    /* an event needs two different actors: a sentence naming fewer has
     * only its mention counts, and skips cue matching and coding
     * (unless --explain shows its cues) */
    if (!x->explain) {
        size_t k = 1;
        while (k < nm && x->ments[k].actor == x->ments[0].actor)
            k++;
        if (k == nm)
            return 0;
    }
    /* coding and the events need the sentence as a string */
    if (text == s) {
        memcpy(x->sent.data, s, len);
        x->sent.data[len] = '\0';
        x->sent.len = len;
        text = x->sent.data;
    }
    /* a bound on the pairs the coder considers: a sentence naming more
     * actors than this is a list, not a report of relations, and coding
     * it all would cost time growing with the square of its length */
    if (nm > DG_MAX_SENTENCE_MENTIONS)
        nm = DG_MAX_SENTENCE_MENTIONS;
    for (size_t i = 0; i < nt; i++)
        x->ment_of[i] = x->cue_of[i] = -1;
    for (size_t i = 0; i < nm; i++)
        for (uint32_t t = x->ments[i].start; t < x->ments[i].end; t++)
            x->ment_of[t] = (int32_t)i;
    size_t nc = dg_match_cues(
        lx, text, x->toks, nt, x->ments, x->ment_of, x->cues,
        x->captoks < DG_MAX_SENTENCE_CUES ? x->captoks : DG_MAX_SENTENCE_CUES);
    /* a cue word inside an actor's name is part of the name: "Gulf
     * Cooperation Council", "Rapid Support Forces" */
    size_t kept = 0;
    for (size_t i = 0; i < nc; i++) {
        const dg_cuematch *cm = &x->cues[i];
        uint32_t t = cm->start;
        while (t < cm->end &&
               (x->ment_of[t] < 0 || (t >= cm->slot_start && t < cm->slot_end)))
            t++; /* a frame's slot may hold an actor */
        if (t < cm->end)
            continue;
        if (kept != i)
            x->cues[kept] = *cm;
        kept++;
    }
    nc = kept;
    for (size_t i = 0; i < nc; i++)
        for (uint32_t t = x->cues[i].start; t < x->cues[i].end; t++)
            x->cue_of[t] = (int32_t)i;

    if (x->explain) {
        dg_buf line = {0};
        dg_buf_printf(&line, "sentence %ld: %s", index, text);
        explain_relay(x->doc->id, index, line.data, x);
        line.len = 0;
        dg_buf_printf(&line, " actors:");
        for (size_t i = 0; i < nm; i++) {
            const dg_token *a = &x->toks[x->ments[i].start];
            const dg_token *b = &x->toks[x->ments[i].end - 1];
            dg_buf_printf(&line, " %s=\"%.*s\"%s", lx->actors[x->ments[i].actor].id,
                          (int)(b->start + b->len - a->start), text + a->start,
                          x->ments[i].location ? "(place)" : "");
            explain_how(lx, text, a, &x->ments[i], &line);
        }
        if (nc == 0)
            dg_buf_printf(&line, "; no cue");
        explain_relay(x->doc->id, index, line.data, x);
        dg_buf_free(&line);
    }
    dg_sentence_ctx c = {.lx = lx,
                         .s = text,
                         .toks = x->toks,
                         .ntok = nt,
                         .ments = x->ments,
                         .nment = nm,
                         .ment_of = x->ment_of,
                         .cues = x->cues,
                         .ncue = nc,
                         .cue_of = x->cue_of,
                         .attribution = nt,
                         .subject = -1,
                         .explain = x->explain ? explain_relay : NULL,
                         .explain_ud = x,
                         .doc = x->doc->id,
                         .sentence = index};
    size_t ne = dg_code_sentence(&c, x->coded,
                                 x->captoks < DG_MAX_SENTENCE_EVENTS
                                     ? x->captoks
                                     : DG_MAX_SENTENCE_EVENTS);
    if (x->stop)
        return DG_EABORT;
    /* the events' dates: read only here, for sentences that give events */
    size_t date_from = 0;
    dg_date ref = x->docdate;
    int leaders = 0;
    if (ne > 0) {
        if (!x->dateline_read)
            read_dateline(x);
        if (x->dateline.d)
            ref = x->dateline;
        /* the sentence that begins with the dateline (the first, or the
         * second after a headline) is dated from after it */
        dg_date skip;
        if (x->dateline_found && index < 2)
            date_from = dg_date_dateline(text, x->toks, nt, ref, &skip);
        for (size_t i = 0; i < nm; i++)
            leaders |= x->ments[i].leader >= 0;
    }
    for (size_t i = 0; i < ne; i++) {
        const dg_coded *e = &x->coded[i];
        int32_t source = e->source, target = e->target;
        const char *date = NULL, *date_source = NULL;
        dg_date d =
            dg_date_in_sentence(text, x->toks, nt, date_from,
                                e->cue >= 0 ? x->cues[e->cue].start : 0,
                                e->cue >= 0 ? x->cues[e->cue].end : 0, ref);
        if (d.y || x->dateline.y) {
            date_source = d.y ? "text" : "dateline";
            if (!d.y)
                d = x->dateline;
            long day = dg_date_day(d);
            if (leaders && day != x->date) { /* who held the office then */
                source = actor_at(x, nm, source, day);
                target = actor_at(x, nm, target, day);
                if (source == target)
                    continue;
            }
            dg_date_format(d, x->datebuf);
            date = x->datebuf;
        } else if (x->docdate.y) {
            date = x->doc->date;    /* YYYY-MM-DD, as read */
            if (date[10] != '\0') { /* with a time after it */
                dg_date_format(x->docdate, x->datebuf);
                date = x->datebuf;
            }
            date_source = "document";
        }
        const char *trig = "must"; /* the "X said Y must" construction */
        size_t tl = 4;
        if (e->cue >= 0) {
            const dg_cuematch *cm = &x->cues[e->cue];
            const dg_token *a = &x->toks[cm->start];
            const dg_token *b = &x->toks[cm->end - 1];
            trig = text + a->start;
            tl = b->start + b->len - a->start;
        }
        x->trig.len = 0;
        if (tl >= x->trig.cap && dg_buf_reserve(&x->trig, tl) != DG_OK)
            return DG_ENOMEM;
        memcpy(x->trig.data, trig, tl);
        x->trig.data[tl] = '\0';
        x->trig.len = tl;
        dg_event ev = {
            .doc = x->doc->id,
            .date = date,
            .sentence = index,
            .source = lx->actors[source].id,
            .target = lx->actors[target].id,
            .polarity = (e->weight > 0) - (e->weight < 0),
            .weight = e->weight,
            .category = dg_plover_classes[e->cls],
            .trigger = x->trig.data,
            .negated = e->negated,
            .mutual = e->mutual,
            .rule = dg_rule_name(e->rule),
            .text = text,
            .date_source = date_source,
        };
        if (x->fn(&ev, x->ud) != 0) {
            x->stop = 1;
            return DG_EABORT;
        }
    }
    return 0;
}

static int extract(dg_extractor *x, const dg_document *doc);

int dg_extract_document(dg_extractor *x, const dg_document *doc, dg_event_fn fn,
                        void *ud, dg_report_fn report, void *report_ud,
                        dg_error *err)
{
    if (!x || !doc || !fn || (!doc->text && doc->len))
        return dg_error_set(err, DG_EINVAL, doc ? doc->id : NULL, 0,
                            "dg_extract_document: no extractor, document, "
                            "text or event callback");
    x->fn = fn;
    x->ud = ud;
    x->report = report;
    x->report_ud = report_ud;
    x->stop = 0;
    int rc = extract(x, doc);
    x->doc = NULL;
    if (rc == DG_EABORT || (rc == DG_OK && x->stop))
        return dg_error_set(err, DG_EABORT, doc->id, 0,
                            "stopped by the callback");
    if (rc != DG_OK)
        return dg_error_set(err, rc, doc->id, 0, "out of memory");
    return DG_OK;
}

static int extract(dg_extractor *x, const dg_document *doc)
{
    int rc = dg_normalize(doc->text ? doc->text : "", doc->len, &x->norm,
                          doc->id, report_relay, x);
    if (rc != DG_OK)
        return rc;
    if (x->stop)
        return DG_EABORT;
    x->doc = doc;
    x->sentence = 0;
    x->docact->n = 0;
    x->docact->nnew = 0;
    x->docact->npersons = 0;
    /* the lexicon is read-only while extractors use it (its actors were
     * copied when this one was made); its tables are taken afresh */
    x->view = *x->lx;
    x->view.actors = x->docact->actors;
    x->view.nactors = x->docact->nlex;
    x->date = doc->date ? dg_parse_date(doc->date) : -1;
    x->docdate = dg_date_of_day(x->date);
    x->dateline = dg_date_of_day(-1);
    x->dateline_read = x->dateline_found = 0;
    if (x->date < 0)
        x->date = dg_today();
    return dg_split_sentences(x->norm.data, x->norm.len, on_sentence, x);
}

/* The event's JSON, written byte by byte: no cJSON tree, no printf and
 * no allocation per event (extract writes one line per event, and this
 * was a tenth of its time). The bytes are what cJSON_PrintUnformatted
 * gave for the same object, so the output did not change.
 *
 * Each string is measured and checked first (jw_plain_len: its run of
 * bytes that need no escape, which ends at its NUL in the usual case);
 * when the buffer holds the longest line those lengths allow, the line
 * is written without checks of its room (dg_event_format_json: strings
 * copied by whole words, jw_copy; the keys literals of known length,
 * their quotes included); otherwise through jw, which counts what does
 * not fit (format_checked: NULL buffers, short ones, long numbers). */
typedef struct jw {
    char *p;
    size_t n, cap; /* n counts past cap, as snprintf does */
} jw;

/* The scan reads aligned 16-byte blocks, so it may read past the
 * string's NUL, never past the page that holds it (as libc's strlen
 * does); the sanitizers would take those bytes for a bad read, so their
 * builds, and compilers without SSE2 or __builtin_ctz, scan bytewise. */
#if defined(__SSE2__) && defined(__GNUC__) &&                                  \
    !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
#define JW_BLOCKS 1
#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) ||     \
    __has_feature(memory_sanitizer)
#undef JW_BLOCKS
#endif
#endif
#endif

#ifdef JW_BLOCKS
/* a bit for each byte of the block that ends a plain run */
static inline unsigned jw_stops(__m128i x)
{
    const __m128i quote = _mm_set1_epi8('"'), bslash = _mm_set1_epi8('\\'),
                  ctl = _mm_set1_epi8(0x1F);
    __m128i m = _mm_or_si128(
        _mm_or_si128(_mm_cmpeq_epi8(x, quote), _mm_cmpeq_epi8(x, bslash)),
        _mm_cmpeq_epi8(_mm_min_epu8(x, ctl), x)); /* x <= 0x1F */
    return (unsigned)_mm_movemask_epi8(m);
}
#endif

/* The length of the run of bytes from s that a JSON string holds as they
 * are: up to a control byte (the NUL that ends s among them), '"' or
 * '\\'. */
static inline size_t jw_plain_len(const char *s)
{
#ifdef JW_BLOCKS
    size_t off = (size_t)((uintptr_t)s & 15);
    const __m128i *p = (const __m128i *)(const void *)(s - off);
    unsigned m = jw_stops(_mm_load_si128(p)) >> off;
    if (m)
        return (size_t)__builtin_ctz(m);
    for (;;) {
        p++;
        m = jw_stops(_mm_load_si128(p));
        if (m)
            return (size_t)((const char *)p - s) + (size_t)__builtin_ctz(m);
    }
#else
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (u[i] >= 0x20 && u[i] != '"' && u[i] != '\\')
        i++;
    return i;
#endif
}

/* n bytes from s to d, by overlapping words (no call to memcpy for the
 * short copies that most are) */
static inline void jw_copy(char *d, const char *s, size_t n)
{
    if (n >= 16) {
#if defined(__SSE2__)
        size_t i = 0;
        for (; i + 16 < n; i += 16)
            _mm_storeu_si128(
                (__m128i *)(void *)(d + i),
                _mm_loadu_si128((const __m128i *)(const void *)(s + i)));
        _mm_storeu_si128(
            (__m128i *)(void *)(d + n - 16),
            _mm_loadu_si128((const __m128i *)(const void *)(s + n - 16)));
#else
        memcpy(d, s, n);
#endif
    } else if (n >= 8) {
        uint64_t a, b;
        memcpy(&a, s, 8);
        memcpy(&b, s + n - 8, 8);
        memcpy(d, &a, 8);
        memcpy(d + n - 8, &b, 8);
    } else if (n >= 4) {
        uint32_t a, b;
        memcpy(&a, s, 4);
        memcpy(&b, s + n - 4, 4);
        memcpy(d, &a, 4);
        memcpy(d + n - 4, &b, 4);
    } else if (n >= 2) {
        uint16_t a, b;
        memcpy(&a, s, 2);
        memcpy(&b, s + n - 2, 2);
        memcpy(d, &a, 2);
        memcpy(d + n - 2, &b, 2);
    } else if (n) {
        *d = *s;
    }
}

static inline void jw_put(jw *w, const char *s, size_t len)
{
    if (w->n <= w->cap && w->cap - w->n >= len && w->p) /* usually */
        jw_copy(w->p + w->n, s, len);
    else if (w->n < w->cap)
        memcpy(w->p + w->n, s, w->cap - w->n);
    w->n += len;
}

/* The body of a JSON string, its quotes not included. */
static void jw_string(jw *w, const char *str)
{
    static const char hex[] = "0123456789abcdef";
    /* the short escapes of the bytes below 0x20 ('u': \u00XX) */
    static const char short_esc[32] = {'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u',
                                       'b', 't', 'n', 'u', 'f', 'r', 'u', 'u',
                                       'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u',
                                       'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u'};
    for (;;) {
        size_t k = jw_plain_len(str);
        jw_put(w, str, k);
        unsigned char c = (unsigned char)str[k];
        if (!c)
            break;
        char esc[6] = {'\\', (char)c, '0', '0', 0, 0};
        if (c < 0x20)
            esc[1] = short_esc[c];
        if (esc[1] == 'u') {
            esc[4] = hex[c >> 4];
            esc[5] = hex[c & 15];
            jw_put(w, esc, 6);
        } else {
            jw_put(w, esc, 2);
        }
        str += k + 1;
    }
}

/* the numbers 00 to 99, two digits each */
static const char jw_two[] = "00010203040506070809"
                             "10111213141516171819"
                             "20212223242526272829"
                             "30313233343536373839"
                             "40414243444546474849"
                             "50515253545556575859"
                             "60616263646566676869"
                             "70717273747576777879"
                             "80818283848586878889"
                             "90919293949596979899";

static void jw_long(jw *w, long v)
{
    char d[24];
    size_t i = sizeof d;
    unsigned long u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;
    while (u >= 100) {
        const char *t = jw_two + 2 * (u % 100);
        u /= 100;
        d[--i] = t[1];
        d[--i] = t[0];
    }
    if (u >= 10) {
        d[--i] = jw_two[2 * u + 1];
        d[--i] = jw_two[2 * u];
    } else {
        d[--i] = (char)('0' + u);
    }
    if (v < 0)
        d[--i] = '-';
    jw_put(w, d + i, sizeof d - i);
}

#define JW_KEY(w, lit) jw_put(w, lit, sizeof lit - 1)

/* the event's line through jw: any buffer, any string */
static size_t format_checked(const dg_event *ev, char *buf, size_t cap)
{
    jw w = {buf, 0, cap};
    JW_KEY(&w, "{\"doc\":\"");
    jw_string(&w, ev->doc ? ev->doc : "");
    if (ev->date) {
        JW_KEY(&w, "\",\"date\":\"");
        jw_string(&w, ev->date);
        if (ev->date_source) {
            JW_KEY(&w, "\",\"date_source\":\"");
            jw_string(&w, ev->date_source);
        }
    }
    JW_KEY(&w, "\",\"sentence\":");
    jw_long(&w, ev->sentence);
    JW_KEY(&w, ",\"source\":\"");
    jw_string(&w, ev->source);
    JW_KEY(&w, "\",\"target\":\"");
    jw_string(&w, ev->target);
    JW_KEY(&w, "\",\"polarity\":");
    jw_long(&w, ev->polarity);
    JW_KEY(&w, ",\"weight\":");
    jw_long(&w, ev->weight);
    JW_KEY(&w, ",\"category\":\"");
    jw_string(&w, ev->category);
    JW_KEY(&w, "\",\"trigger\":\"");
    jw_string(&w, ev->trigger);
    if (ev->negated)
        JW_KEY(&w, "\",\"negated\":true");
    else
        JW_KEY(&w, "\",\"negated\":false");
    if (ev->mutual)
        JW_KEY(&w, ",\"mutual\":true,\"rule\":\"");
    else
        JW_KEY(&w, ",\"mutual\":false,\"rule\":\"");
    jw_string(&w, ev->rule);
    JW_KEY(&w, "\",\"text\":\"");
    jw_string(&w, ev->text);
    JW_KEY(&w, "\"}");
    if (cap)
        buf[w.n < cap ? w.n : cap - 1] = '\0';
    return w.n;
}

/* The usual case: the line into a buffer that holds it, written
 * without checks of its room. A string's bound is its plain run's
 * length, or six bytes a byte from its first byte to escape on. */
static inline size_t bound(const char *s, size_t *plain)
{
    size_t k = jw_plain_len(s);
    *plain = k;
    return s[k] ? k + 6 * strlen(s + k) : k;
}

static char *put_escaped(char *p, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    static const char short_esc[32] = {'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u',
                                       'b', 't', 'n', 'u', 'f', 'r', 'u', 'u',
                                       'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u',
                                       'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u'};
    for (;;) {
        unsigned char c = (unsigned char)*s++;
        *p++ = '\\';
        if (c >= 0x20 || short_esc[c] != 'u') {
            *p++ = c < 0x20 ? short_esc[c] : (char)c;
        } else {
            memcpy(p, "u00", 3);
            p[3] = hex[c >> 4];
            p[4] = hex[c & 15];
            p += 5;
        }
        size_t k = jw_plain_len(s);
        jw_copy(p, s, k);
        p += k;
        s += k;
        if (!*s)
            return p;
    }
}

static inline char *put_str(char *p, const char *s, size_t plain)
{
    jw_copy(p, s, plain);
    p += plain;
    return s[plain] ? put_escaped(p, s + plain) : p;
}

static inline char *put_small(char *p, long v)
{
    if (v < 0) {
        *p++ = '-';
        v = -v;
    }
    if (v >= 10) {
        memcpy(p, jw_two + 2 * v, 2);
        return p + 2;
    }
    *p = (char)('0' + v);
    return p + 1;
}

#define PUT_LIT(p, lit) (memcpy(p, lit, sizeof lit - 1), p += sizeof lit - 1)

size_t dg_event_format_json(const dg_event *ev, char *buf, size_t cap)
{
    const char *doc = ev->doc ? ev->doc : "";
    const char *date = ev->date ? ev->date : "";
    const char *dsrc = ev->date && ev->date_source ? ev->date_source : "";
    size_t ldoc, ldate, ldsrc, lsrc, ltgt, lcat, ltrig, lrule, ltext;
    size_t need = bound(doc, &ldoc) + bound(date, &ldate) +
                  bound(dsrc, &ldsrc) + bound(ev->source, &lsrc) +
                  bound(ev->target, &ltgt) + bound(ev->category, &lcat) +
                  bound(ev->trigger, &ltrig) + bound(ev->rule, &lrule) +
                  bound(ev->text, &ltext);
    /* 256: the keys, the three numbers (of two digits and a sign, -99 to
     * 99, written inline) and the NUL */
    if (ev->sentence < -99 || ev->sentence > 99 || ev->polarity < -99 ||
        ev->polarity > 99 || ev->weight < -99 || ev->weight > 99 || !buf ||
        cap < 256 || cap - 256 < need)
        return format_checked(ev, buf, cap);
    char *p = buf;
    PUT_LIT(p, "{\"doc\":\"");
    p = put_str(p, doc, ldoc);
    if (ev->date) {
        PUT_LIT(p, "\",\"date\":\"");
        p = put_str(p, date, ldate);
        if (ev->date_source) {
            PUT_LIT(p, "\",\"date_source\":\"");
            p = put_str(p, dsrc, ldsrc);
        }
    }
    PUT_LIT(p, "\",\"sentence\":");
    p = put_small(p, ev->sentence);
    PUT_LIT(p, ",\"source\":\"");
    p = put_str(p, ev->source, lsrc);
    PUT_LIT(p, "\",\"target\":\"");
    p = put_str(p, ev->target, ltgt);
    PUT_LIT(p, "\",\"polarity\":");
    p = put_small(p, ev->polarity);
    PUT_LIT(p, ",\"weight\":");
    p = put_small(p, ev->weight);
    PUT_LIT(p, ",\"category\":\"");
    p = put_str(p, ev->category, lcat);
    PUT_LIT(p, "\",\"trigger\":\"");
    p = put_str(p, ev->trigger, ltrig);
    if (ev->negated)
        PUT_LIT(p, "\",\"negated\":true");
    else
        PUT_LIT(p, "\",\"negated\":false");
    if (ev->mutual)
        PUT_LIT(p, ",\"mutual\":true,\"rule\":\"");
    else
        PUT_LIT(p, ",\"mutual\":false,\"rule\":\"");
    p = put_str(p, ev->rule, lrule);
    PUT_LIT(p, "\",\"text\":\"");
    p = put_str(p, ev->text, ltext);
    PUT_LIT(p, "\"}");
    *p = '\0';
    return (size_t)(p - buf);
}

int dg_event_to_json(const dg_event *ev, char **out, size_t *len, dg_error *err)
{
    if (!ev || !out)
        return dg_error_set(err, DG_EINVAL, NULL, 0,
                            "dg_event_to_json: no event or no out pointer");
    size_t n = dg_event_format_json(ev, NULL, 0);
    char *s = malloc(n + 1);
    *out = s;
    if (!s)
        return dg_error_set(err, DG_ENOMEM, ev->doc, 0, "out of memory");
    dg_event_format_json(ev, s, n + 1);
    if (len)
        *len = n;
    return DG_OK;
}
