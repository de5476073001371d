"""diplograph: geopolitical relation graphs from news text, in Python.

A thin ctypes binding over the shared library libdiplograph.so (standard
library only; networkx only for to_networkx). docs/python.md has the guide.

    import diplograph
    g = diplograph.build(["France condemned Iran's missile test."])
    G = diplograph.to_networkx(g)          # a networkx DiGraph
    events = diplograph.extract(["Jordan and Britain agreed to talks."])

The library is found through $DIPLOGRAPH_LIBRARY (a path to
libdiplograph.so), then, for a package installed by `cmake --install`,
the library installed with it (_config.py), then the dynamic loader's
search (ld.so.conf, LD_LIBRARY_PATH) for libdiplograph.so.1, the ABI these
declarations mirror (DG_ABI_VERSION of include/diplograph.h; docs/api.md).
"""
import ctypes
import ctypes.util
import datetime
import json
import os
import threading
import warnings

__all__ = ["build", "build_json", "extract", "to_networkx", "DiplographError"]

# the ABI of include/diplograph.h that the declarations below mirror: the
# library's SONAME is libdiplograph.so.<ABI_VERSION>
ABI_VERSION = 1

DG_OK = 0
DG_ENOMEM = -1
DG_EINVAL = -4
DG_EABORT = -8  # a callback returned non-zero
_STOP = 1  # what a callback returns to stop (after a Python exception)


class DiplographError(Exception):
    """A library call failed: .code is the DG_E* code (docs/errors.md)."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code


class _Error(ctypes.Structure):
    _fields_ = [("code", ctypes.c_int), ("file", ctypes.c_char * 512),
                ("line", ctypes.c_long), ("message", ctypes.c_char * 512)]


class _Document(ctypes.Structure):
    _fields_ = [("id", ctypes.c_char_p), ("text", ctypes.c_char_p),
                ("len", ctypes.c_size_t), ("date", ctypes.c_char_p)]


class _Event(ctypes.Structure):
    _fields_ = [("doc", ctypes.c_char_p), ("date", ctypes.c_char_p),
                ("sentence", ctypes.c_long), ("source", ctypes.c_char_p),
                ("target", ctypes.c_char_p), ("polarity", ctypes.c_int),
                ("weight", ctypes.c_int), ("category", ctypes.c_char_p),
                ("trigger", ctypes.c_char_p), ("negated", ctypes.c_int),
                ("mutual", ctypes.c_int), ("rule", ctypes.c_char_p),
                ("text", ctypes.c_char_p), ("date_source", ctypes.c_char_p)]


_SLICES = {"year": 1, "quarter": 2, "month": 3}  # dg_slice


class _GraphOptions(ctypes.Structure):
    # the fields this binding sets, then room for fields a later library
    # may append (dg_graph_options_init fills the whole struct)
    _fields_ = [("evidence", ctypes.c_int), ("include_negated", ctypes.c_int),
                ("slice", ctypes.c_int),
                ("since", ctypes.c_char_p), ("until", ctypes.c_char_p),
                ("_reserved", ctypes.c_char * 240)]


_EVENT_FN = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(_Event),
                             ctypes.c_void_p)
_REPORT_FN = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(_Error),
                              ctypes.c_void_p)


def _installed_library():
    """The library cmake --install put beside this package (_config.py,
    written when installing), or None in the source tree."""
    try:
        from . import _config
    except ImportError:
        return None
    return _config.LIBRARY if os.path.exists(_config.LIBRARY) else None


def _load():
    path = os.environ.get("DIPLOGRAPH_LIBRARY")
    names = [path] if path else [_installed_library(),
                                 "libdiplograph.so.%d" % ABI_VERSION]
    errors = []
    for name in names:
        if not name:
            continue
        try:
            return ctypes.CDLL(name)
        except OSError as e:
            errors.append(str(e))
    raise ImportError("diplograph: libdiplograph.so not found (install the "
                      "library, or set DIPLOGRAPH_LIBRARY to its path): " +
                      "; ".join(errors))


_lib = _load()
_P = ctypes.c_void_p
_E = ctypes.POINTER(_Error)
for _name, _res, _args in (
        ("dg_error_clear", None, [_E]),
        ("dg_error_format", ctypes.c_char_p, [_E, ctypes.c_char_p,
                                              ctypes.c_size_t]),
        ("dg_lexicon_new", ctypes.c_int, [ctypes.POINTER(_P), ctypes.c_int,
                                          _E]),
        ("dg_lexicon_load_file", ctypes.c_int, [_P, ctypes.c_char_p, _E]),
        ("dg_lexicon_free", None, [_P]),
        ("dg_extractor_new", ctypes.c_int, [ctypes.POINTER(_P), _P, _E]),
        ("dg_extractor_free", None, [_P]),
        ("dg_extract_document", ctypes.c_int,
         [_P, ctypes.POINTER(_Document), _EVENT_FN, _P, _REPORT_FN, _P, _E]),
        ("dg_graph_options_init", None, [ctypes.POINTER(_GraphOptions)]),
        ("dg_graph_new", ctypes.c_int, [ctypes.POINTER(_P), _P,
                                        ctypes.POINTER(_GraphOptions), _E]),
        ("dg_graph_add_event", ctypes.c_int, [_P, ctypes.POINTER(_Event),
                                              _E]),
        ("dg_graph_add_document", None, [_P]),
        ("dg_graph_add_mentions", ctypes.c_int, [_P, _P, _E]),
        ("dg_graph_finish", ctypes.c_int, [_P, _E]),
        ("dg_graph_analyze", ctypes.c_int, [_P, _E]),
        ("dg_graph_free", None, [_P]),
        ("dg_graph_to_json_string", ctypes.c_int,
         [_P, ctypes.c_int, ctypes.POINTER(_P), ctypes.POINTER(ctypes.c_size_t),
          _E]),
        ("dg_event_to_json", ctypes.c_int,
         [ctypes.POINTER(_Event), ctypes.POINTER(_P),
          ctypes.POINTER(ctypes.c_size_t), _E]),
        ("dg_free", None, [_P])):
    _f = getattr(_lib, _name)
    _f.restype = _res
    _f.argtypes = _args


def _quiet_igraph():
    """igraph's warnings ("weighted directed graph in eigenvector
    centrality") go to stderr by default; the command line turns them off
    (the methods are documented in docs/report.md) and so does this module,
    on the igraph that libdiplograph.so loaded (RTLD_NOLOAD: never another
    copy). Process-wide, like the CLI's; skipped when not found."""
    for name in ("libigraph.so.3", ctypes.util.find_library("igraph")):
        if not name:
            continue
        try:
            ig = ctypes.CDLL(name, mode=os.RTLD_NOLOAD | os.RTLD_LAZY)
            ig.igraph_set_warning_handler.restype = ctypes.c_void_p
            ig.igraph_set_warning_handler.argtypes = [ctypes.c_void_p]
            ignore = ctypes.cast(ig.igraph_warning_handler_ignore,
                                 ctypes.c_void_p)
            ig.igraph_set_warning_handler(ignore)
            return
        except (OSError, AttributeError):
            continue


_quiet_igraph()

def _check(rc, err=None, what="diplograph"):
    if rc == DG_OK:
        return
    if err is not None and err.code:
        buf = ctypes.create_string_buffer(1200)
        msg = _lib.dg_error_format(ctypes.byref(err), buf, len(buf))
        raise DiplographError(rc, msg.decode("utf-8", "replace"))
    raise DiplographError(rc, "%s failed (code %d%s)" % (
        what, rc, ", out of memory" if rc == -1 else ""))


class _Lexicon:
    """A dg_lexicon, freed when collected."""

    def __init__(self, lexicons=(), default_lexicon=True):
        self.ptr = _P()
        err = _Error()
        _check(_lib.dg_lexicon_new(ctypes.byref(self.ptr),
                                   1 if default_lexicon else 0,
                                   ctypes.byref(err)), err, "dg_lexicon_new")
        for path in lexicons:
            err = _Error()
            _check(_lib.dg_lexicon_load_file(self.ptr, os.fsencode(path),
                                             ctypes.byref(err)), err)

    def __del__(self):
        if getattr(self, "ptr", None) and _lib is not None:
            _lib.dg_lexicon_free(self.ptr)
            self.ptr = None


# The built-in lexicon, made once: a finished lexicon is read-only and may
# be shared by threads (docs/api.md).
_default = None
_default_lock = threading.Lock()


def _lexicon(lexicons, default_lexicon):
    global _default
    if lexicons or not default_lexicon:
        return _Lexicon(lexicons, default_lexicon)
    with _default_lock:
        if _default is None:
            _default = _Lexicon()
        return _default


def _date(d):
    if d is None:
        return None
    if isinstance(d, (datetime.date, datetime.datetime)):
        d = d.strftime("%Y-%m-%d")
    return str(d).encode("utf-8")


def _documents(texts, dates, ids):
    """(id, text, date) triples as bytes; blank texts are left out, as the
    command line's reader leaves them out."""
    if isinstance(texts, (str, bytes)):
        texts = [texts]
    texts = list(texts)
    for name, seq in (("dates", dates), ("ids", ids)):
        if seq is not None and len(seq) != len(texts):
            raise ValueError("%s has %d items for %d texts" % (
                name, len(seq), len(texts)))
    docs = []
    for i, t in enumerate(texts):
        if isinstance(t, str):
            t = t.encode("utf-8", "surrogateescape")
        if not t.strip():
            continue
        doc_id = ids[i] if ids is not None else "<texts>:%d" % (i + 1)
        docs.append((str(doc_id).encode("utf-8"), bytes(t),
                     _date(dates[i] if dates is not None else None)))
    return docs


class _Run:
    """One pass of extraction: an extractor over a lexicon, the callbacks,
    the messages the library reported and a Python exception to re-raise."""

    def __init__(self, lexicon, on_event):
        self.lexicon = lexicon
        self.ptr = _P()
        err = _Error()
        _check(_lib.dg_extractor_new(ctypes.byref(self.ptr), lexicon.ptr,
                                     ctypes.byref(err)), err)
        self.exc = None
        self.messages = []

        # the callbacks return 0 to go on; an exception stops the C call
        # (which returns DG_EABORT) and is raised again after it
        def event(ev, _ud):
            try:
                on_event(ev)
                return 0
            except BaseException as e:
                self.exc = e
                return _STOP

        def report(err, _ud):
            try:
                buf = ctypes.create_string_buffer(1200)
                self.messages.append(_lib.dg_error_format(err, buf, len(buf))
                                     .decode("utf-8", "replace"))
                return 0
            except BaseException as e:
                self.exc = e
                return _STOP

        self.event_fn = _EVENT_FN(event)
        self.report_fn = _REPORT_FN(report)

    def extract(self, doc_id, text, date):
        doc = _Document(doc_id, text, len(text), date)
        err = _Error()
        rc = _lib.dg_extract_document(self.ptr, ctypes.byref(doc),
                                      self.event_fn, None, self.report_fn,
                                      None, ctypes.byref(err))
        if self.exc is not None:
            exc, self.exc = self.exc, None
            raise exc
        _check(rc, err)

    def warn(self):
        for m in self.messages:
            warnings.warn("diplograph: " + m, stacklevel=3)

    def close(self):
        if self.ptr:
            _lib.dg_extractor_free(self.ptr)
            self.ptr = None


def extract(texts, dates=None, ids=None, *, include_negated=False,
            lexicons=(), default_lexicon=True):
    """The events of texts (a string or a list of strings), as the dicts
    `diplograph extract` writes one a line (docs/formats.md): doc,
    sentence, source, target, polarity, weight, category, trigger,
    negated, mutual, rule, text. dates are "YYYY-MM-DD" strings or
    datetime.date (None: today, for resolving leaders); ids name the
    documents (default "<texts>:N", N from 1)."""
    lx = _lexicon(lexicons, default_lexicon)
    out = []

    def on_event(ev):
        if ev.contents.negated and not include_negated:
            return
        p, n, err = _P(), ctypes.c_size_t(), _Error()
        _check(_lib.dg_event_to_json(ev, ctypes.byref(p), ctypes.byref(n),
                                     ctypes.byref(err)), err)
        try:
            out.append(json.loads(ctypes.string_at(p, n.value)
                                  .decode("utf-8")))
        finally:
            _lib.dg_free(p)

    run = _Run(lx, on_event)
    try:
        for doc in _documents(texts, dates, ids):
            run.extract(*doc)
    finally:
        run.close()
    run.warn()
    return out


def build_json(texts, dates=None, ids=None, *, evidence=3,
               include_negated=False, since=None, until=None, slice=None,
               lexicons=(), default_lexicon=True):
    """The graph of texts as the node-link JSON text that `diplograph build
    -o graph.json` writes (the same bytes for the same documents)."""
    lx = _lexicon(lexicons, default_lexicon)
    opts = _GraphOptions()
    _lib.dg_graph_options_init(ctypes.byref(opts))
    opts.evidence = int(evidence)
    opts.include_negated = 1 if include_negated else 0
    if slice is not None:  # "year", "quarter" or "month": series per period
        sl = _SLICES.get(slice)
        if sl is None:
            raise ValueError("slice must be year, quarter or month, not %r"
                             % (slice,))
        opts.slice = sl
    # read by dg_graph_new (DG_EINVAL for a malformed date), not kept
    opts.since = None if since is None else str(since).encode("utf-8")
    opts.until = None if until is None else str(until).encode("utf-8")
    g = _P()
    err = _Error()
    _check(_lib.dg_graph_new(ctypes.byref(g), lx.ptr, ctypes.byref(opts),
                             ctypes.byref(err)), err)

    def on_event(ev):
        # copies what it keeps; skips events that are no link (DG_OK)
        e = _Error()
        _check(_lib.dg_graph_add_event(g, ev, ctypes.byref(e)), e)

    run = None
    try:
        run = _Run(lx, on_event)
        for doc in _documents(texts, dates, ids):
            _lib.dg_graph_add_document(g)
            run.extract(*doc)
        err = _Error()
        _check(_lib.dg_graph_add_mentions(g, run.ptr, ctypes.byref(err)),
               err)
        _check(_lib.dg_graph_finish(g, ctypes.byref(err)), err)
        err = _Error()
        _check(_lib.dg_graph_analyze(g, ctypes.byref(err)), err)
        p, n, err = _P(), ctypes.c_size_t(), _Error()
        _check(_lib.dg_graph_to_json_string(g, 0, ctypes.byref(p),
                                            ctypes.byref(n),
                                            ctypes.byref(err)), err)
        try:
            text = ctypes.string_at(p, n.value).decode("utf-8")
        finally:
            _lib.dg_free(p)
    finally:
        if run is not None:
            run.close()
        _lib.dg_graph_free(g)
    run.warn()
    return text


def build(texts, dates=None, ids=None, **options):
    """The graph of texts as the node-link dict (docs/graph-json.md): the
    JSON `diplograph build -o graph.json` writes, parsed. Options as for
    build_json: evidence=3, include_negated=False, since=None, until=None,
    slice=None ("year", "quarter", "month"), lexicons=(),
    default_lexicon=True."""
    return json.loads(build_json(texts, dates, ids, **options))


def to_networkx(g):
    """A networkx DiGraph of a node-link dict from build(): node and link
    attributes as in the JSON, the summary in G.graph."""
    import networkx as nx
    try:
        return nx.node_link_graph(g, edges="links")  # networkx >= 3.4
    except TypeError:
        return nx.node_link_graph(g)  # "links" is the default before 3.4
