// flavours.test.mjs -- the JSON flavours loaded into the real libraries:
// Cytoscape.js (headless), graphology and d3-force, each checked against
// the node-link JSON of the same graph (graphs/steppe-diplomacy.txt).
//
//   DIPLOGRAPH=build/diplograph DG_EXAMPLE=graphs/steppe-diplomacy.txt \
//     node --test tests/js/flavours.test.mjs
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { EXAMPLE, OUT, diplograph, readJSON, need } from './support.mjs';

let nl; // the node-link graph, the reference

const ID = (l) => `${l.source}->${l.target}`;
const METRICS = ['betweenness', 'harmonic', 'pagerank', 'eigenvector', 'hub',
                 'authority'];

before(() => {
  diplograph('build', EXAMPLE, '-o', 'flavours.json', '-o', 'flavours.cyjs');
  diplograph('build', EXAMPLE, '--json-format', 'cytoscape', '-o',
             'flavours-cy.json');
  diplograph('build', EXAMPLE, '--json-format', 'graphology', '-o',
             'flavours-graphology.json');
  // render: the saved graph to another flavour, no texts read again
  diplograph('render', 'flavours.json', '--json-format', 'graphology', '-o',
             'rendered-graphology.json');
  nl = readJSON('flavours.json');
  assert.ok(nl.nodes.length >= 5, 'the example graph has nodes');
  assert.ok(nl.links.length >= 5, 'the example graph has links');
  assert.ok(nl.links.some((l) => ID(l) === 'KAZ->RUS'), 'KAZ->RUS is there');
});

test('every flavour is deterministic and .cyjs is the cytoscape flavour', () => {
  const bytes = (n) => fs.readFileSync(path.join(OUT, n));
  assert.deepEqual(bytes('flavours.cyjs'), bytes('flavours-cy.json'));
  assert.deepEqual(bytes('flavours-graphology.json'),
                   bytes('rendered-graphology.json'),
                   'render of the saved graph gives the same graphology JSON');
  diplograph('build', EXAMPLE, '--json-format', 'graphology', '-o', 'again.json');
  assert.deepEqual(bytes('again.json'), bytes('flavours-graphology.json'));
});

test('Cytoscape.js (headless) reads the cytoscape flavour', async () => {
  const cytoscape = (await need('cytoscape')).default;
  const data = readJSON('flavours.cyjs');
  const cy = cytoscape({ headless: true, elements: data.elements });
  assert.equal(cy.nodes().length, nl.nodes.length);
  assert.equal(cy.edges().length, nl.links.length);
  for (const n of nl.nodes) {
    const c = cy.getElementById(n.id);
    assert.ok(c.nonempty() && c.isNode(), `node ${n.id}`);
    assert.equal(c.data('name'), n.label);
    assert.equal(c.data('label'), n.label);
    assert.equal(c.data('type'), n.type);
    assert.equal(c.data('mentions'), n.mentions);
    assert.equal(c.data('community'), n.community);
    for (const m of METRICS) assert.equal(c.data(m), n[m], `${n.id} ${m}`);
    assert.equal(c.indegree(false), n.in_degree, `${n.id} in-degree`);
    assert.equal(c.outdegree(false), n.out_degree, `${n.id} out-degree`);
  }
  for (const l of nl.links) {
    const e = cy.getElementById(ID(l));
    assert.ok(e.nonempty() && e.isEdge(), `edge ${ID(l)}`);
    assert.equal(e.source().id(), l.source);
    assert.equal(e.target().id(), l.target);
    for (const k of ['events', 'positive', 'negative', 'weight', 'net', 'sign'])
      assert.equal(e.data(k), l[k], `${ID(l)} ${k}`);
    assert.equal(e.data('interaction'),
                 l.sign > 0 ? 'cooperation' : l.sign < 0 ? 'conflict' : 'balanced');
    assert.deepEqual(e.data('categories'), l.categories);
    assert.deepEqual(e.data('evidence'), l.evidence);
  }
  // the whole document through cy.json(), as an app restoring a session
  const cy2 = cytoscape({ headless: true });
  cy2.json(data);
  assert.equal(cy2.nodes().length, nl.nodes.length);
  assert.equal(cy2.edges().length, nl.links.length);
  assert.equal(cy2.getElementById('KAZ->RUS').data('weight'),
               nl.links.find((l) => ID(l) === 'KAZ->RUS').weight);
  // the drawing's positions: "position" for the preset layout (screen
  // coordinates, y down), x and y in data as in node-link (y up); a fresh
  // copy, as cytoscape() wrote the first layout's positions into the
  // element objects it was given
  const cy3 = cytoscape({ headless: true, elements: readJSON('flavours.cyjs').elements,
                          layout: { name: 'preset' } });
  for (const n of nl.nodes) {
    assert.equal(typeof n.x, 'number', `${n.id} x`);
    assert.deepEqual(cy3.getElementById(n.id).position(), { x: n.x, y: -n.y });
    assert.equal(cy3.getElementById(n.id).data('x'), n.x);
    assert.equal(cy3.getElementById(n.id).data('y'), n.y);
  }
  // graph attributes travel in "data"
  assert.equal(data.data.events, nl.graph.events);
  assert.equal(data.data.documents, nl.graph.documents);
});

for (const file of ['flavours-graphology.json', 'rendered-graphology.json']) {
  test(`graphology reads the graphology flavour (${file})`, async () => {
    const graphology = await need('graphology');
    const Graph = graphology.default;
    const data = readJSON(file);
    const g = Graph.from(data);
    assert.equal(g.type, 'directed');
    assert.equal(g.multi, false);
    assert.equal(g.order, nl.nodes.length);
    assert.equal(g.size, nl.links.length);
    assert.equal(g.getAttribute('events'), nl.graph.events);
    for (const n of nl.nodes) {
      assert.ok(g.hasNode(n.id), `node ${n.id}`);
      const a = g.getNodeAttributes(n.id);
      assert.equal(a.label, n.label);
      assert.equal(a.type, n.type);
      assert.equal(a.mentions, n.mentions);
      assert.equal(a.community, n.community);
      assert.equal(a.x, n.x, `${n.id} x (sigma.js reads it)`);
      assert.equal(a.y, n.y, `${n.id} y`);
      for (const m of METRICS) assert.equal(a[m], n[m], `${n.id} ${m}`);
      assert.equal(g.inDegree(n.id), n.in_degree);
      assert.equal(g.outDegree(n.id), n.out_degree);
    }
    for (const l of nl.links) {
      assert.ok(g.hasDirectedEdge(l.source, l.target), ID(l));
      assert.equal(g.edge(l.source, l.target), ID(l), 'edge key is SRC->TGT');
      const a = g.getEdgeAttributes(ID(l));
      for (const k of ['events', 'positive', 'negative', 'weight', 'net', 'sign'])
        assert.equal(a[k], l[k], `${ID(l)} ${k}`);
      assert.deepEqual(a.categories, l.categories);
      assert.deepEqual(a.evidence, l.evidence);
    }
    // graph.import() into an existing graph, as sigma.js apps do
    const h = new Graph({ type: 'directed', multi: false });
    h.import(data);
    assert.equal(h.order, nl.nodes.length);
    assert.equal(h.size, nl.links.length);
    // and the export is the same document (keys, attributes, options)
    assert.deepEqual(g.export().options, data.options);
    assert.equal(g.export().edges.length, data.edges.length);
  });
}

test('d3-force simulates the node-link graph', async () => {
  const d3 = await need('d3-force');
  const nodes = nl.nodes.map((n) => ({ ...n }));
  const links = nl.links.map((l) => ({ ...l }));
  const sim = d3.forceSimulation(nodes)
    .force('link', d3.forceLink(links).id((d) => d.id)
      .strength((l) => Math.min(1, l.weight / 20 + 0.05)))
    .force('charge', d3.forceManyBody())
    .force('center', d3.forceCenter(0, 0))
    .stop();
  sim.tick(200);
  assert.equal(sim.nodes().length, nl.nodes.length);
  const byId = new Map(nodes.map((n) => [n.id, n]));
  assert.equal(links.length, nl.links.length);
  links.forEach((l, i) => {
    // forceLink resolved the ids to the node objects
    assert.equal(typeof l.source, 'object', `link ${i} source resolved`);
    assert.equal(l.source, byId.get(nl.links[i].source));
    assert.equal(l.target, byId.get(nl.links[i].target));
    assert.equal(l.weight, nl.links[i].weight);
    assert.equal(l.evidence[0].text, nl.links[i].evidence[0].text);
  });
  for (const n of nodes) {
    assert.ok(Number.isFinite(n.x) && Number.isFinite(n.y), `${n.id} placed`);
    assert.equal(n.pagerank, nl.nodes.find((m) => m.id === n.id).pagerank);
  }
  // the layout spread the nodes out
  const xs = nodes.map((n) => n.x);
  assert.ok(Math.max(...xs) - Math.min(...xs) > 10, 'nodes spread out');
});
