/* report.js -- the interactive part of diplograph's HTML report
 * (write_html.c embeds it in the page). Plain JavaScript, no library, no
 * network: the graph is the inline Graphviz SVG, whose <g class="node">
 * ids are actor ids and <g class="edge"> ids are "SRC->TGT"; the data is
 * the node-link JSON in <script id="dg-data">.
 *
 *   hover or click a node or an edge: the side panel shows its metrics
 *       and evidence sentences (click keeps it; Esc or a click on the
 *       background lets go)
 *   the sign buttons and the range input hide edges by sign and |weight|
 *   the mouse wheel or the +/-/fit buttons zoom the drawing, dragging its
 *       background pans it; the search field finds an actor by name or id,
 *       shows it and centres the drawing on it
 *   the centrality table sorts by the column whose header is clicked
 *   a sliced graph (build --slice) gets a period slider: the drawing then
 *       shows each link's events of that period only, with its width and
 *       colour from the link's series (no request: the series are in the
 *       data), and a link's panel shows its series as a small bar chart
 *   the communities, dyads and signed balance come from the report's JSON
 *       in <script id="dg-report"> (report.c), drawn below the table; a
 *       click on an actor or a dyad shows it
 */
(function () {
  'use strict';

  var data = JSON.parse(document.getElementById('dg-data').textContent);
  var nodes = data.nodes || [];
  var links = data.links || [];
  var nodeById = new Map();
  var linkById = new Map();
  nodes.forEach(function (n) { nodeById.set(n.id, n); });
  links.forEach(function (l) { linkById.set(linkId(l), l); });

  var graph = document.getElementById('dg-graph');
  var svg = graph.querySelector('svg');
  var panel = document.getElementById('dg-panel');
  var hint = panel.innerHTML;
  var pinned = null; /* {kind, id} kept in the panel */

  var METRICS = [
    ['mentions', 'mentions', 'mentions of the actor in all documents'],
    ['in_degree', 'in-degree', 'relations towards the actor'],
    ['out_degree', 'out-degree', 'relations from the actor'],
    ['in_strength', 'in-strength', 'sum of the net weights of relations in'],
    ['out_strength', 'out-strength', 'sum of the net weights of relations out'],
    ['cooperation_given', 'cooperation given', ''],
    ['conflict_given', 'conflict given', ''],
    ['cooperation_received', 'cooperation received', ''],
    ['conflict_received', 'conflict received', ''],
    ['betweenness', 'betweenness', 'weighted betweenness centrality'],
    ['harmonic', 'harmonic', 'harmonic closeness centrality'],
    ['pagerank', 'PageRank', 'PageRank by interaction intensity'],
    ['eigenvector', 'eigenvector', 'eigenvector centrality'],
    ['hub', 'hub', 'HITS hub score'],
    ['authority', 'authority', 'HITS authority score'],
    ['community', 'community', 'Louvain community of the cooperative layer']
  ];
  var TABLE_SKIP = {
    cooperation_given: 1, conflict_given: 1,
    cooperation_received: 1, conflict_received: 1
  };

  function linkId(l) { return l.source + '->' + l.target; }

  function has(obj, key) {
    return Object.prototype.hasOwnProperty.call(obj, key);
  }

  function fmt(v) {
    if (v === null || v === undefined) return '\u2013';
    if (typeof v !== 'number') return String(v);
    if (Number.isInteger(v)) return String(v);
    var a = Math.abs(v);
    if (a !== 0 && (a < 0.0005 || a >= 1e6)) return v.toExponential(2);
    return String(Number(v.toFixed(4)));
  }

  function signed(v) {
    return (typeof v === 'number' && v > 0 ? '+' : '') + fmt(v);
  }

  function signWord(s) {
    return s > 0 ? 'cooperation' : s < 0 ? 'conflict' : 'balanced';
  }

  function label(id) {
    var n = nodeById.get(id);
    return n && n.label ? n.label : id;
  }

  /* el('p', {class: 'x'}, ['text', child]) */
  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        if (k === 'class') e.className = attrs[k];
        else if (k === 'text') e.textContent = attrs[k];
        else e.setAttribute(k, attrs[k]);
      });
    }
    (children || []).forEach(function (c) {
      if (c === null || c === undefined) return;
      e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    });
    return e;
  }

  function svgNode(id) {
    var e = document.getElementById(id);
    return e && graph.contains(e) && e.classList.contains('node') ? e : null;
  }

  function svgEdge(id) {
    var e = document.getElementById(id);
    return e && graph.contains(e) && e.classList.contains('edge') ? e : null;
  }

  /* ---- the side panel ---------------------------------------------- */

  function pinBar() {
    if (!pinned) return null;
    var b = el('button', {type: 'button', text: 'release'});
    b.addEventListener('click', function () { unpin(); });
    return el('p', {class: 'dg-pin'}, ['kept \u00b7 ', b]);
  }

  function evidenceList(l) {
    var ev = l.evidence || [];
    if (!ev.length) return el('p', {class: 'dg-hint', text: 'No evidence kept.'});
    return el('ol', {class: 'dg-evidence'}, ev.map(function (e) {
      return el('li', {class: 'dg-evidence-item'}, [
        el('blockquote', {class: 'dg-text', text: e.text}),
        el('div', {class: 'dg-meta'}, [
          (e.date ? e.date + ' \u00b7 ' : '') +
          e.doc + ', sentence ' + e.sentence + ' \u00b7 trigger \u201c',
          el('span', {class: 'dg-trigger', text: e.trigger}),
          '\u201d \u00b7 weight ' + signed(e.weight) +
            (e.category ? ' \u00b7 ' + e.category : '')
        ])
      ]);
    }));
  }

  /* A sliced link's net weight per period as bars above (cooperation)
   * and below (conflict) a middle line, one bar per period of the graph. */
  function seriesChart(l) {
    var periods = (data.graph && data.graph.periods) || [];
    if (!l.series || !periods.length) return '';
    var byPeriod = new Map(l.series.map(function (p) { return [p.period, p]; }));
    var max = l.series.reduce(function (m, p) {
      return Math.max(m, Math.abs(net(p)));
    }, 1);
    var NS = 'http://www.w3.org/2000/svg';
    var bw = Math.max(4, Math.min(24, Math.floor(300 / periods.length)));
    var w = bw * periods.length, h = 60;
    var chart = document.createElementNS(NS, 'svg');
    chart.setAttribute('class', 'dg-spark');
    chart.setAttribute('width', String(w));
    chart.setAttribute('height', String(h));
    chart.setAttribute('viewBox', '0 0 ' + w + ' ' + h);
    var mid = document.createElementNS(NS, 'line');
    mid.setAttribute('x1', '0');
    mid.setAttribute('x2', String(w));
    mid.setAttribute('y1', String(h / 2));
    mid.setAttribute('y2', String(h / 2));
    mid.setAttribute('stroke', '#bbb');
    chart.appendChild(mid);
    periods.forEach(function (period, i) {
      var p = byPeriod.get(period);
      if (!p || !net(p)) return;
      var bh = Math.max(1, Math.abs(net(p)) / max * (h / 2 - 2));
      var r = document.createElementNS(NS, 'rect');
      r.setAttribute('x', String(i * bw + 1));
      r.setAttribute('width', String(bw - 2));
      r.setAttribute('y', String(net(p) > 0 ? h / 2 - bh : h / 2));
      r.setAttribute('height', String(bh));
      r.setAttribute('class', net(p) > 0 ? 'dg-bar-pos' : 'dg-bar-neg');
      r.setAttribute('fill', net(p) > 0 ? '#2166ac' : '#b2182b');
      var t = document.createElementNS(NS, 'title');
      t.textContent = period + ': net ' + signed(net(p)) + ', ' + p.events +
        ' event' + (p.events === 1 ? '' : 's');
      r.appendChild(t);
      chart.appendChild(r);
    });
    var rows = l.series.map(function (p) {
      return p.period + ' ' + signed(net(p));
    }).join(' \u00b7 ');
    return el('div', {class: 'dg-series'}, [
      el('h3', {text: 'Net weight per ' + data.graph.slice}),
      chart,
      el('p', {class: 'dg-hint', text: rows})
    ]);
  }

  function showEdge(id) {
    var l = linkById.get(id);
    if (!l) return;
    var cats = l.categories || {};
    var catText = Object.keys(cats).map(function (c) {
      return c + ' ' + cats[c];
    }).join(', ');
    var rows = [
      ['events', fmt(l.events)],
      ['cooperation (positive)', fmt(l.positive)],
      ['conflict (negative)', fmt(l.negative)],
      ['net weight', signed(l.net)],
      ['intensity (weight)', fmt(l.weight)],
      ['categories', catText || '\u2013']
    ];
    var back = linkById.get(l.target + '->' + l.source);
    var backP = null;
    if (back) {
      var bb = el('button', {type: 'button',
        text: l.target + ' \u2192 ' + l.source + ': net ' + signed(back.net)});
      bb.addEventListener('click', function () { pin({kind: 'edge', id: linkId(back)}); });
      backP = el('p', null, ['The other direction: ', bb]);
    }
    panel.replaceChildren(
      pinBar() || '',
      el('h2', {class: 'dg-title', text: label(l.source) + ' \u2192 ' + label(l.target)}),
      el('p', {class: 'dg-sub'}, [
        l.source + ' \u2192 ' + l.target + ' ',
        el('span', {class: 'dg-badge ' + signWord(l.sign), text: signWord(l.sign)})
      ]),
      el('dl', null, [].concat.apply([], rows.map(function (r) {
        return [el('dt', {text: r[0]}), el('dd', {text: r[1]})];
      }))),
      backP || '',
      seriesChart(l),
      el('h3', {text: 'Evidence'}),
      evidenceList(l)
    );
    panel.dataset.kind = 'edge';
    panel.dataset.id = id;
  }

  function showNode(id) {
    var n = nodeById.get(id);
    if (!n) return;
    var dl = el('dl');
    METRICS.forEach(function (m) {
      if (!has(n, m[0])) return;
      dl.appendChild(el('dt', {text: m[1], title: m[2]}));
      dl.appendChild(el('dd', {text: fmt(n[m[0]])}));
    });
    var rel = links.filter(function (l) {
      return l.source === id || l.target === id;
    }).sort(function (a, b) {
      return Math.abs(b.net) - Math.abs(a.net) ||
        (linkId(a) < linkId(b) ? -1 : 1);
    });
    var list = el('ul', {class: 'dg-relations'}, rel.map(function (l) {
      var other = l.source === id ? '\u2192 ' + label(l.target)
                                  : '\u2190 ' + label(l.source);
      var ev = (l.evidence || [])[0];
      var b = el('button', {type: 'button'}, [
        el('span', {class: 'dg-rel-head'}, [
          other + ' ',
          el('span', {class: l.net > 0 ? 'dg-pos' : l.net < 0 ? 'dg-neg' : '',
                      text: signed(l.net)}),
          ' (' + l.events + ' event' + (l.events === 1 ? '' : 's') + ')'
        ]),
        ev ? el('span', {class: 'dg-rel-text', text: '\u201c' + ev.text + '\u201d'}) : null
      ]);
      b.addEventListener('click', function () { pin({kind: 'edge', id: linkId(l)}); });
      return el('li', null, [b]);
    }));
    panel.replaceChildren(
      pinBar() || '',
      el('h2', {class: 'dg-title', text: n.label || n.id}),
      el('p', {class: 'dg-sub', text: n.id + ' \u00b7 ' + (n.type || '')}),
      dl,
      el('h3', {text: 'Relations and their strongest evidence'}),
      rel.length ? list : el('p', {class: 'dg-hint', text: 'None.'})
    );
    panel.dataset.kind = 'node';
    panel.dataset.id = id;
  }

  function showHint() {
    panel.innerHTML = hint;
    delete panel.dataset.kind;
    delete panel.dataset.id;
  }

  function show(t) {
    if (t.kind === 'edge') showEdge(t.id);
    else showNode(t.id);
  }

  /* ---- selection ----------------------------------------------------- */

  function clearMarks() {
    graph.querySelectorAll('.dg-selected, .dg-faded').forEach(function (e) {
      e.classList.remove('dg-selected', 'dg-faded');
    });
    document.querySelectorAll('#dg-table tr.dg-selected').forEach(function (r) {
      r.classList.remove('dg-selected');
    });
  }

  /* Highlight t; with a node, fade what does not touch it. */
  function mark(t) {
    clearMarks();
    if (t.kind === 'edge') {
      var e = svgEdge(t.id);
      if (e) e.classList.add('dg-selected');
      return;
    }
    var keep = new Set([t.id]);
    links.forEach(function (l) {
      var g = svgEdge(linkId(l));
      if (l.source === t.id || l.target === t.id) {
        keep.add(l.source);
        keep.add(l.target);
      } else if (g) {
        g.classList.add('dg-faded');
      }
    });
    nodes.forEach(function (n) {
      var g = svgNode(n.id);
      if (!g) return;
      if (n.id === t.id) g.classList.add('dg-selected');
      else if (!keep.has(n.id)) g.classList.add('dg-faded');
    });
    var row = document.querySelector('#dg-table tr[data-id="' + cssEscape(t.id) + '"]');
    if (row) row.classList.add('dg-selected');
  }

  function cssEscape(s) {
    return window.CSS && CSS.escape ? CSS.escape(s) : s.replace(/["\\]/g, '\\$&');
  }

  function pin(t) {
    pinned = t;
    show(t);
    mark(t);
  }

  function unpin() {
    pinned = null;
    clearMarks();
    showHint();
  }

  var hits = new Map(); /* edge id -> its hit path */

  /* The node or edge an element belongs to, or null. */
  function targetOfEl(node) {
    if (!node || !node.closest) return null;
    var h = node.closest('.dg-hit');
    if (h) return {kind: 'edge', id: h.getAttribute('data-edge'), el: h};
    var g = node.closest('g.node, g.edge');
    if (!g || !graph.contains(g)) return null;
    return {kind: g.classList.contains('edge') ? 'edge' : 'node', id: g.id, el: g};
  }

  function same(a, b) {
    return a && b && a.kind === b.kind && a.id === b.id;
  }

  if (svg) {
    /* A wide, invisible copy of each edge's path makes thin edges easy to
     * hover and click. The copies live in one layer under all edges and
     * nodes, so that they never cover another edge's line or label. */
    var first = svg.querySelector('g.edge, g.node');
    if (first) {
      var layer = document.createElementNS('http://www.w3.org/2000/svg', 'g');
      layer.setAttribute('class', 'dg-hits');
      first.parentNode.insertBefore(layer, first);
      svg.querySelectorAll('g.edge').forEach(function (g) {
        var p = g.querySelector('path');
        if (!p) return;
        var hit = p.cloneNode(false);
        hit.removeAttribute('stroke-dasharray');
        hit.setAttribute('class', 'dg-hit');
        hit.setAttribute('data-edge', g.id);
        layer.appendChild(hit);
        hits.set(g.id, hit);
      });
    }
    svg.addEventListener('mouseover', function (ev) {
      if (pinned) return;
      var t = targetOfEl(ev.target);
      if (t) show(t);
    });
    svg.addEventListener('mouseout', function (ev) {
      if (pinned) return;
      var t = targetOfEl(ev.target);
      if (t && !same(t, targetOfEl(ev.relatedTarget))) showHint();
    });
    svg.addEventListener('click', function (ev) {
      var t = targetOfEl(ev.target);
      if (t) pin({kind: t.kind, id: t.id});
      else unpin();
    });
  }
  document.addEventListener('keydown', function (ev) {
    if (ev.key === 'Escape') unpin();
  });

  /* ---- filters --------------------------------------------------------- */

  var form = document.getElementById('dg-controls');
  var range = document.getElementById('dg-min-weight');
  var rangeOut = document.getElementById('dg-min-weight-value');
  var shownOut = document.getElementById('dg-shown');
  var maxWeight = links.reduce(function (m, l) {
    return Math.max(m, Math.abs(l.net));
  }, 0);
  range.max = String(Math.max(1, Math.ceil(maxWeight)));

  function signFilter() {
    var c = form.querySelector('input[name="sign"]:checked');
    return c ? c.value : 'all';
  }

  /* above the layout budget (--max-edges) the drawing holds only the
   * strongest links; the counts below are of those drawn */
  var drawn = links.filter(function (l) { return svgEdge(linkId(l)); }).length;

  /* the period the slider shows (below; null: all), and a link's events
   * in it: the filters and the count judge a link by these, so that
   * "N of M shown" counts what the drawing shows */
  var currentPeriod = null;
  function inPeriod(l) {
    if (currentPeriod === null) return {net: l.net, sign: l.sign};
    var p = (l.series || []).find(function (x) { return x.period === currentPeriod; });
    return p ? {net: net(p), sign: Math.sign(net(p))} : null;
  }

  function applyFilters() {
    var sign = signFilter();
    var min = Number(range.value);
    rangeOut.textContent = String(min);
    var degree = new Map();
    var shown = 0;
    links.forEach(function (l) {
      var v = inPeriod(l);
      var ok = v !== null &&
               (sign === 'all' ||
                (sign === 'cooperation' && v.sign > 0) ||
                (sign === 'conflict' && v.sign < 0)) &&
               Math.abs(v.net) >= min;
      var g = svgEdge(linkId(l));
      if (g) g.classList.toggle('dg-hidden', !ok);
      var hit = hits.get(linkId(l));
      if (hit) hit.classList.toggle('dg-hidden', !ok);
      if (ok && g) {
        shown++;
        degree.set(l.source, (degree.get(l.source) || 0) + 1);
        degree.set(l.target, (degree.get(l.target) || 0) + 1);
      }
    });
    nodes.forEach(function (n) {
      var g = svgNode(n.id);
      if (g) g.classList.toggle('dg-isolated', !degree.get(n.id));
    });
    shownOut.textContent = shown + ' of ' + drawn + ' relation' +
      (drawn === 1 ? '' : 's') + ' shown' +
      (currentPeriod !== null ? ' in ' + currentPeriod : '') +
      (drawn < links.length ? ' (the drawing holds the ' + drawn +
       ' strongest of ' + links.length + ')' : '');
    graph.dataset.sign = sign;
    graph.dataset.minWeight = String(min);
  }

  /* no inline handler: the page's CSP allows only this script */
  form.addEventListener('submit', function (ev) { ev.preventDefault(); });
  form.addEventListener('change', applyFilters);
  range.addEventListener('input', applyFilters);
  applyFilters();

  /* ---- centrality table ------------------------------------------------ */

  var table = document.getElementById('dg-table');
  var columns = [
    {key: 'label', title: 'actor', text: true},
    {key: 'id', title: 'id', text: true},
    {key: 'type', title: 'type', text: true}
  ];
  METRICS.forEach(function (m) {
    if (TABLE_SKIP[m[0]]) return;
    if (!nodes.some(function (n) { return has(n, m[0]); })) return;
    columns.push({key: m[0], title: m[1], tip: m[2], text: false});
  });
  var sortKey = columns.some(function (c) { return c.key === 'pagerank'; })
    ? 'pagerank' : 'mentions';
  var sortDir = -1; /* -1 descending, 1 ascending */

  function compare(a, b) {
    var col = columns.find(function (c) { return c.key === sortKey; });
    var x = a[sortKey], y = b[sortKey];
    var xn = x === null || x === undefined, yn = y === null || y === undefined;
    if (xn !== yn) return xn ? 1 : -1; /* missing values last */
    var d = 0;
    if (!xn) {
      if (col && col.text) d = String(x).localeCompare(String(y));
      else d = x - y;
    }
    return d * sortDir || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  }

  function renderHead() {
    var tr = el('tr');
    columns.forEach(function (c) {
      var b = el('button', {type: 'button', text: c.title});
      var th = el('th', {scope: 'col', 'data-key': c.key,
                         class: c.text ? 'text' : 'num'}, [b]);
      if (c.tip) th.title = c.tip;
      if (c.key === sortKey)
        th.setAttribute('aria-sort', sortDir < 0 ? 'descending' : 'ascending');
      b.addEventListener('click', function () {
        if (sortKey === c.key) sortDir = -sortDir;
        else {
          sortKey = c.key;
          sortDir = c.text ? 1 : -1;
        }
        renderHead();
        renderBody();
      });
      tr.appendChild(th);
    });
    table.tHead.replaceChildren(tr);
  }

  function renderBody() {
    var rows = nodes.slice().sort(compare).map(function (n) {
      var tr = el('tr', {'data-id': n.id}, columns.map(function (c) {
        return el('td', {class: c.text ? 'text' : 'num',
                         text: c.text ? String(n[c.key] === undefined ? '' : n[c.key])
                                      : fmt(n[c.key])});
      }));
      tr.addEventListener('click', function () {
        pin({kind: 'node', id: n.id});
        var g = svgNode(n.id);
        if (g && g.scrollIntoView) g.scrollIntoView({block: 'nearest'});
      });
      if (pinned && pinned.kind === 'node' && pinned.id === n.id)
        tr.classList.add('dg-selected');
      return tr;
    });
    table.tBodies[0].replaceChildren.apply(table.tBodies[0], rows);
  }

  renderHead();
  renderBody();

  /* ---- the period slider (sliced graphs) -------------------------------- */

  var periods = (data.graph && data.graph.slice && data.graph.periods) || [];
  var timeBox = document.getElementById('dg-time');
  var periodInput = document.getElementById('dg-period');
  var periodOut = document.getElementById('dg-period-value');
  /* each drawn edge's own look, to restore for "all" */
  var original = new Map();

  function edgeParts(g) {
    return {
      path: g.querySelector('path'),
      heads: g.querySelectorAll('polygon'),
      label: g.querySelector('text')
    };
  }

  function remember(g) {
    if (original.has(g.id)) return;
    var p = edgeParts(g);
    original.set(g.id, {
      stroke: p.path && p.path.getAttribute('stroke'),
      width: p.path && p.path.getAttribute('stroke-width'),
      heads: Array.prototype.map.call(p.heads, function (h) {
        return [h.getAttribute('fill'), h.getAttribute('stroke'), h.getAttribute('stroke-width')];
      }),
      label: p.label && p.label.textContent,
      labelFill: p.label && p.label.getAttribute('fill')
    });
  }

  function setAttr(e, name, v) {
    if (!e) return;
    if (v === null || v === undefined) e.removeAttribute(name);
    else e.setAttribute(name, v);
  }

  function showPeriod(index) {
    var period = index > 0 ? periods[index - 1] : null;
    currentPeriod = period;
    periodOut.textContent = period || 'all';
    graph.dataset.period = period || '';
    var max = 1;
    if (period) {
      links.forEach(function (l) {
        (l.series || []).forEach(function (p) {
          if (p.period === period) max = Math.max(max, Math.abs(net(p)));
        });
      });
    }
    links.forEach(function (l) {
      var g = svgEdge(linkId(l));
      if (!g) return;
      remember(g);
      var o = original.get(g.id), parts = edgeParts(g);
      var hit = hits.get(g.id);
      if (!period) {
        g.classList.remove('dg-out-of-period');
        if (hit) hit.classList.remove('dg-out-of-period');
        setAttr(parts.path, 'stroke', o.stroke);
        setAttr(parts.path, 'stroke-width', o.width);
        Array.prototype.forEach.call(parts.heads, function (h, i) {
          setAttr(h, 'fill', o.heads[i][0]);
          setAttr(h, 'stroke', o.heads[i][1]);
          setAttr(h, 'stroke-width', o.heads[i][2]);
        });
        if (parts.label) {
          parts.label.textContent = o.label;
          setAttr(parts.label, 'fill', o.labelFill);
        }
        return;
      }
      var p = (l.series || []).find(function (x) { return x.period === period; });
      g.classList.toggle('dg-out-of-period', !p);
      if (hit) hit.classList.toggle('dg-out-of-period', !p);
      if (!p) return;
      var colour = net(p) > 0 ? '#2166ac' : net(p) < 0 ? '#b2182b' : '#888888';
      var width = (1 + 5 * Math.abs(net(p)) / max).toFixed(2);
      setAttr(parts.path, 'stroke', colour);
      setAttr(parts.path, 'stroke-width', width);
      Array.prototype.forEach.call(parts.heads, function (h) {
        setAttr(h, 'fill', colour);
        setAttr(h, 'stroke', colour);
        setAttr(h, 'stroke-width', width);
      });
      if (parts.label) {
        parts.label.textContent = signed(net(p));
        setAttr(parts.label, 'fill', colour);
      }
    });
    applyFilters(); /* the filters and the count, in this period */
  }

  if (periods.length && svg) {
    timeBox.hidden = false;
    periodInput.max = String(periods.length);
    periodInput.addEventListener('input', function () {
      showPeriod(Number(periodInput.value));
    });
    showPeriod(0);
  }

  /* ---- zoom and pan ---------------------------------------------------- */

  /* The drawing's viewBox is the camera: zooming scales it around a
   * point, panning moves it. Graphviz writes one; "fit" restores it. */
  var view = null, home = null;
  if (svg && svg.viewBox && svg.viewBox.baseVal && svg.viewBox.baseVal.width) {
    var vb = svg.viewBox.baseVal;
    home = {x: vb.x, y: vb.y, w: vb.width, h: vb.height};
    view = {x: home.x, y: home.y, w: home.w, h: home.h};
  }

  function applyView() {
    svg.setAttribute('viewBox', [view.x, view.y, view.w, view.h].join(' '));
    graph.dataset.zoom = (home.w / view.w).toFixed(3);
  }

  /* Zoom by factor f (> 1 magnifies) keeping the drawing point (px, py)
   * where it is on the screen. */
  function zoomAt(f, px, py) {
    var scale = home.w / (view.w / f);
    if (scale < 0.25 || scale > 40) return;
    view.x = px - (px - view.x) / f;
    view.y = py - (py - view.y) / f;
    view.w /= f;
    view.h /= f;
    applyView();
  }

  /* The drawing's coordinates of a point of the window. */
  function toDrawing(clientX, clientY) {
    var r = svg.getBoundingClientRect();
    return {x: view.x + (clientX - r.left) / r.width * view.w,
            y: view.y + (clientY - r.top) / r.height * view.h};
  }

  function centre() {
    return {x: view.x + view.w / 2, y: view.y + view.h / 2};
  }

  /* Centre the drawing on an actor, magnified (1.5 to 4 times) so that
   * it and its neighbourhood fill the view. */
  function focusOn(id) {
    var g = svgNode(id);
    if (!g || !view) return;
    /* the node's box on the screen, in the drawing's coordinates */
    var r = g.getBoundingClientRect();
    var a = toDrawing(r.left, r.top), b = toDrawing(r.right, r.bottom);
    var w = Math.min(home.w / 1.5, Math.max((b.x - a.x) * 2.5, home.w / 4));
    var h = w * home.h / home.w;
    view = {x: (a.x + b.x) / 2 - w / 2, y: (a.y + b.y) / 2 - h / 2, w: w, h: h};
    applyView();
  }

  if (view) {
    /* its own width and height would fix its size; report.css sizes it */
    svg.removeAttribute('width');
    svg.removeAttribute('height');
    svg.addEventListener('wheel', function (ev) {
      ev.preventDefault();
      var p = toDrawing(ev.clientX, ev.clientY);
      zoomAt(ev.deltaY < 0 ? 1.2 : 1 / 1.2, p.x, p.y);
    }, {passive: false});
    document.getElementById('dg-zoom-in').addEventListener('click', function () {
      var c = centre();
      zoomAt(1.5, c.x, c.y);
    });
    document.getElementById('dg-zoom-out').addEventListener('click', function () {
      var c = centre();
      zoomAt(1 / 1.5, c.x, c.y);
    });
    document.getElementById('dg-zoom-reset').addEventListener('click', function () {
      view = {x: home.x, y: home.y, w: home.w, h: home.h};
      applyView();
    });
    /* dragging the background pans; a press that does not move is a
     * click, which the selection code above handles */
    var drag = null;
    svg.addEventListener('pointerdown', function (ev) {
      if (ev.button !== 0 || targetOfEl(ev.target)) return;
      drag = {x: ev.clientX, y: ev.clientY, vx: view.x, vy: view.y, moved: false};
    });
    window.addEventListener('pointermove', function (ev) {
      if (!drag) return;
      var r = svg.getBoundingClientRect();
      var dx = ev.clientX - drag.x, dy = ev.clientY - drag.y;
      if (!drag.moved && Math.abs(dx) + Math.abs(dy) < 4) return;
      drag.moved = true;
      view.x = drag.vx - dx / r.width * view.w;
      view.y = drag.vy - dy / r.height * view.h;
      applyView();
    });
    window.addEventListener('pointerup', function () {
      if (drag && drag.moved) {
        /* the click that ends a drag must not let go of the selection */
        svg.addEventListener('click', function stop(e) {
          e.stopPropagation();
        }, {capture: true, once: true});
      }
      drag = null;
    });
    applyView();
  } else {
    document.querySelectorAll('.dg-zoom button').forEach(function (b) {
      b.disabled = true;
    });
  }

  /* ---- search ------------------------------------------------------------ */

  var search = document.getElementById('dg-search');
  var options = document.getElementById('dg-actor-list');
  nodes.slice().sort(function (a, b) {
    return String(a.label || a.id).localeCompare(String(b.label || b.id));
  }).forEach(function (n) {
    options.appendChild(el('option', {value: n.label || n.id, label: n.id}));
  });

  /* The actor a query names: an exact id or name first, then a name or id
   * that begins with it, then one that contains it (case ignored). */
  function findActor(q) {
    q = q.trim().toLowerCase();
    if (!q) return null;
    var tests = [
      function (n) { return n.id.toLowerCase() === q || String(n.label || '').toLowerCase() === q; },
      function (n) { return n.id.toLowerCase().indexOf(q) === 0 || String(n.label || '').toLowerCase().indexOf(q) === 0; },
      function (n) { return String(n.label || '').toLowerCase().indexOf(q) >= 0; }
    ];
    for (var i = 0; i < tests.length; i++) {
      var hit = nodes.filter(tests[i]).sort(function (a, b) {
        return (b.mentions || 0) - (a.mentions || 0) || (a.id < b.id ? -1 : 1);
      })[0];
      if (hit) return hit;
    }
    return null;
  }

  function runSearch() {
    var n = findActor(search.value);
    search.classList.toggle('dg-not-found', !n && search.value.trim() !== '');
    if (!n) return;
    pin({kind: 'node', id: n.id});
    focusOn(n.id);
  }
  search.addEventListener('change', runSearch);
  search.addEventListener('keydown', function (ev) {
    if (ev.key === 'Enter') {
      ev.preventDefault();
      runSearch();
    }
  });

  /* ---- the report's sections -------------------------------------------- */

  var report = null;
  try {
    report = JSON.parse(document.getElementById('dg-report').textContent);
  } catch (e) {
    report = null;
  }

  function net(x) { return has(x, 'net') ? x.net : x.weight; }

  function actorButton(id) {
    var b = el('button', {type: 'button', class: 'dg-actor', text: label(id), title: id});
    b.addEventListener('click', function () {
      pin({kind: 'node', id: id});
      focusOn(id);
    });
    return b;
  }

  function dyadItem(d) {
    var id = d.source + '->' + d.target;
    var b = el('button', {type: 'button', class: 'dg-dyad'}, [
      label(d.source) + ' \u2192 ' + label(d.target) + ' ',
      el('span', {class: net(d) > 0 ? 'dg-pos' : net(d) < 0 ? 'dg-neg' : '',
                  text: signed(net(d))}),
      ' (' + d.events + ' event' + (d.events === 1 ? '' : 's') +
        (d.positive && d.negative ? ', +' + fmt(d.positive) + ' / \u2212' + fmt(d.negative) : '') + ')'
    ]);
    b.addEventListener('click', function () {
      if (linkById.get(id)) pin({kind: 'edge', id: id});
    });
    return el('li', null, [b]);
  }

  function fillList(id, items, render, none) {
    var list = document.getElementById(id);
    if (!items || !items.length) {
      list.replaceWith(el('p', {class: 'dg-hint', id: id, text: none}));
      return;
    }
    list.replaceChildren.apply(list, items.map(render));
  }

  if (report && typeof report === 'object') {
    document.getElementById('dg-structure').hidden = false;
    var comms = report.communities || [];
    document.getElementById('dg-communities-note').textContent =
      comms.length + ' communit' + (comms.length === 1 ? 'y' : 'ies') +
      ' of cooperation (Louvain on the cooperative links)' +
      (typeof report.modularity === 'number' ? ', modularity ' + fmt(report.modularity) : '') + '.';
    fillList('dg-communities', comms, function (members) {
      return el('li', null, members.map(actorButton));
    }, 'None.');
    var dy = report.dyads || {};
    fillList('dg-dyads-cooperative', dy.cooperative, dyadItem, 'None.');
    fillList('dg-dyads-conflictual', dy.conflictual, dyadItem, 'None.');
    fillList('dg-dyads-mixed', dy.mixed, dyadItem, 'None.');
    var bal = report.balance || {};
    document.getElementById('dg-balance').textContent = bal.triads
      ? bal.triads + ' signed triad' + (bal.triads === 1 ? '' : 's') + ' (three actors related in pairs): ' +
        bal.balanced + ' balanced (' + Math.round(100 * (bal.balanced_share || 0)) + '%)' +
        ((bal.unbalanced || []).length ? '; the unbalanced ones:' : '.')
      : 'No signed triad: no three actors are all related to each other.';
    fillList('dg-unbalanced', bal.unbalanced, function (t) {
      var parts = [];
      t.actors.forEach(function (a, i) {
        if (i) parts.push(' \u00b7 ');
        parts.push(actorButton(a));
      });
      parts.push(' (signs ' + t.signs.map(function (x) { return x > 0 ? '+' : x < 0 ? '\u2212' : '0'; }).join(' ') + ')');
      return el('li', null, parts);
    }, '');
  }
}());
