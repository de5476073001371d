// sigma.test.mjs -- sigma.js draws the graphology flavour as it is: the
// nodes' x and y are the Graphviz drawing's, so no layout runs in the
// page. Debian's Chromium (driven by playwright-core, WebGL through
// SwiftShader) opens a page from disk that loads graphology's and sigma's
// UMD builds from node_modules, reads the graphology JSON with
// Graph.from() and hands it to sigma; the test checks that sigma placed
// every node where diplograph put it (up to sigma's scaling), that the
// canvas was painted, and that the same graph without x and y is refused
// (so the positions are what made it work). Screenshot: DG_OUT/sigma.png.
//
// CHROMIUM overrides the browser (default /usr/bin/chromium).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { EXAMPLE, OUT, diplograph, readJSON, need } from './support.mjs';

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-quic',
              '--no-first-run', '--disable-background-networking',
              '--disable-component-update', '--disable-sync',
              '--use-angle=swiftshader', '--enable-unsafe-swiftshader'];
const MODULES = path.join(path.dirname(fileURLToPath(import.meta.url)),
                          'node_modules');

let context, page, data, profile;
const problems = [];

before(async () => {
  if (!fs.existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} not found: run scripts/setup`);
  const { chromium } = await need('playwright-core');
  for (const f of ['graphology/dist/graphology.umd.min.js', 'sigma/dist/sigma.min.js'])
    if (!fs.existsSync(path.join(MODULES, f)))
      throw new Error(`tests/js/node_modules/${f} is missing: run scripts/setup`);
  diplograph('build', EXAMPLE, '--json-format', 'graphology', '-o', 'sigma.json');
  data = readJSON('sigma.json');
  const page_html = `<!doctype html><meta charset="utf-8">
<div id="c" style="width:900px;height:650px"></div>
<script src="${pathToFileURL(path.join(MODULES, 'graphology/dist/graphology.umd.min.js')).href}"></script>
<script src="${pathToFileURL(path.join(MODULES, 'sigma/dist/sigma.min.js')).href}"></script>
<script>
window.DATA = ${JSON.stringify(data).replace(/</g, '\\u003c')};
</script>`;
  fs.writeFileSync(path.join(OUT, 'sigma.html'), page_html);
  profile = fs.mkdtempSync(path.join(os.tmpdir(), 'dg-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, args: ARGS,
    viewport: { width: 1000, height: 750 }, timeout: 60000,
  });
  page = context.pages()[0] || await context.newPage();
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await page.goto(pathToFileURL(path.join(OUT, 'sigma.html')).href);
});

after(async () => {
  if (context) await context.close();
  if (profile) fs.rmSync(profile, { recursive: true, force: true });
});

test('every node of the graphology flavour has x and y', () => {
  for (const n of data.nodes) {
    assert.equal(typeof n.attributes.x, 'number', n.key);
    assert.equal(typeof n.attributes.y, 'number', n.key);
  }
});

test('sigma renders the graphology flavour with its own positions', async () => {
  const got = await page.evaluate(() => {
    const Graph = window.graphology.Graph || window.graphology;
    const SigmaClass = window.Sigma.Sigma || window.Sigma.default || window.Sigma;
    const graph = Graph.from(window.DATA);
    const renderer = new SigmaClass(graph, document.getElementById('c'));
    renderer.refresh();
    const nodes = {};
    graph.forEachNode((key) => {
      const d = renderer.getNodeDisplayData(key);
      const v = renderer.graphToViewport({ x: d.x, y: d.y });
      nodes[key] = { x: v.x, y: v.y };
    });
    // was anything painted? count non-transparent pixels of the canvases
    let painted = 0;
    for (const c of document.querySelectorAll('#c canvas')) {
      const copy = document.createElement('canvas');
      copy.width = c.width;
      copy.height = c.height;
      const ctx = copy.getContext('2d');
      ctx.drawImage(c, 0, 0);
      const px = ctx.getImageData(0, 0, copy.width, copy.height).data;
      for (let i = 3; i < px.length; i += 4) if (px[i]) painted++;
    }
    return { nodes, painted, order: graph.order, size: graph.size };
  });
  assert.deepEqual(problems, []);
  assert.equal(got.order, data.nodes.length);
  assert.equal(got.size, data.edges.length);
  assert.ok(got.painted > 1000, `painted pixels: ${got.painted}`);
  // sigma scales and centres the drawing: on screen, x keeps its order
  // and y is flipped (graph y up, screen y down); distances keep their
  // ratios
  const keys = data.nodes.map((n) => n.key);
  const at = Object.fromEntries(data.nodes.map((n) => [n.key, n.attributes]));
  const a = keys[0];
  let scale = null;
  for (const b of keys.slice(1)) {
    const dx = at[b].x - at[a].x, dy = at[b].y - at[a].y;
    const sx = got.nodes[b].x - got.nodes[a].x, sy = got.nodes[b].y - got.nodes[a].y;
    const d = Math.hypot(dx, dy), s = Math.hypot(sx, sy);
    if (scale === null) scale = s / d;
    assert.ok(Math.abs(s / d - scale) < 0.01 * scale, `${a}-${b}: ratio ${s / d} vs ${scale}`);
    assert.ok(Math.abs(sx - dx * scale) < 1, `${a}-${b}: x`);
    assert.ok(Math.abs(sy + dy * scale) < 1, `${a}-${b}: y flipped`);
  }
  await page.screenshot({ path: path.join(OUT, 'sigma.png') });
});

test('without x and y sigma refuses the graph', async () => {
  const message = await page.evaluate(() => {
    const Graph = window.graphology.Graph || window.graphology;
    const SigmaClass = window.Sigma.Sigma || window.Sigma.default || window.Sigma;
    const bare = JSON.parse(JSON.stringify(window.DATA));
    for (const n of bare.nodes) { delete n.attributes.x; delete n.attributes.y; }
    const div = document.createElement('div');
    div.style.width = '300px';
    div.style.height = '300px';
    document.body.appendChild(div);
    try {
      new SigmaClass(Graph.from(bare), div);
      return null;
    } catch (e) {
      return String(e.message || e);
    }
  });
  assert.ok(message, 'sigma accepted nodes without positions');
  assert.match(message, /position|x|y/i);
});
