// report.test.mjs -- the HTML report in a real browser: Debian's
// Chromium driven by playwright-core opens the page from disk, with every
// non-file request blocked and recorded, and works it as a reader would:
// clicks an edge and reads its evidence in the side panel, hides conflict
// edges with the sign filter, raises the |weight| threshold, sorts the
// centrality table, and saves a screenshot (DG_OUT/report.png).
//
//   DIPLOGRAPH=build/diplograph DG_EXAMPLE=graphs/steppe-diplomacy.txt \
//     DG_OUT=build/tests/js-out node --test tests/js/report.test.mjs
//
// CHROMIUM overrides the browser (default /usr/bin/chromium).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { EXAMPLE, OUT, diplograph, readJSON, need } from './support.mjs';

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
              '--no-first-run', '--disable-background-networking',
              '--disable-component-update', '--disable-sync'];

let context, page, nl, profile;
const outside = [];   // requests that left file://
const problems = [];  // page errors and console errors

const ID = (l) => `${l.source}->${l.target}`;
const edge = (id) => page.locator(`#dg-graph g.edge[id="${id}"]`);

before(async () => {
  if (!fs.existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} not found: run scripts/setup (it installs ` +
                    "Debian's chromium package)");
  const { chromium } = await need('playwright-core');
  diplograph('build', EXAMPLE, '-o', 'report.html', '-o', 'report.json');
  nl = readJSON('report.json');
  profile = fs.mkdtempSync(path.join(os.tmpdir(), 'dg-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, args: ARGS,
    viewport: { width: 1400, height: 1000 }, timeout: 60000,
  });
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:')) return route.continue();
    outside.push(url);
    return route.abort();
  });
  page = context.pages()[0] || await context.newPage();
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  await page.goto(pathToFileURL(path.join(OUT, 'report.html')).href);
});

after(async () => {
  if (context) await context.close();
  if (profile) fs.rmSync(profile, { recursive: true, force: true });
});

test('the page loads offline, with the graph, the data and no errors', async () => {
  assert.equal(await page.locator('#dg-graph svg').count(), 1);
  assert.equal(await page.locator('#dg-graph g.node').count(), nl.nodes.length);
  assert.equal(await page.locator('#dg-graph g.edge').count(), nl.links.length);
  for (const n of nl.nodes)
    assert.equal(await page.locator(`#dg-graph g.node[id="${n.id}"]`).count(), 1,
                 `node ${n.id} is a <g> with its actor id`);
  const data = JSON.parse(await page.locator('#dg-data').textContent());
  assert.deepEqual(data, nl, 'the embedded data is the node-link graph');
  assert.match(await page.locator('#dg-shown').textContent(),
               new RegExp(`^${nl.links.length} of ${nl.links.length} relations`));
  assert.deepEqual(outside, [], 'the page asked for nothing outside the file');
  assert.deepEqual(problems, []);
});

test('clicking the KAZ->RUS edge shows its evidence in the side panel', async () => {
  const link = nl.links.find((l) => ID(l) === 'KAZ->RUS');
  assert.ok(link && link.evidence.length > 0);
  // the edge's label is the visible, clickable part of a thin edge
  await edge('KAZ->RUS').locator('text').first().click();
  const panel = page.locator('#dg-panel');
  await assert.doesNotReject(panel.getByText(link.evidence[0].text).waitFor());
  const text = await panel.textContent();
  for (const ev of link.evidence) {
    assert.ok(text.includes(ev.text), `evidence sentence: ${ev.text}`);
    assert.ok(text.includes(`sentence ${ev.sentence}`));
    assert.ok(text.includes(ev.trigger), `trigger ${ev.trigger}`);
  }
  assert.ok(text.includes('Kazakhstan \u2192 Russia'));
  assert.ok(text.includes(String(link.net)), 'the net weight');
  assert.ok(text.includes('intensity (weight)' + String(link.weight)), 'the intensity');
  assert.equal(await page.locator('#dg-panel .dg-evidence li').count(),
               link.evidence.length);
  assert.ok(await edge('KAZ->RUS').evaluate((e) => e.classList.contains('dg-selected')));
  // it stays while the pointer moves over another node: it was clicked
  await page.locator('#dg-graph g.node[id="CHN"]').hover();
  assert.ok((await panel.textContent()).includes(link.evidence[0].text));
});

test('hovering a node shows its metrics once the edge is let go', async () => {
  await page.keyboard.press('Escape');
  await page.locator('#dg-graph g.node[id="RUS"]').hover();
  const panel = page.locator('#dg-panel');
  await panel.locator('h2', { hasText: 'Russia' }).waitFor();
  const text = await panel.textContent();
  const rus = nl.nodes.find((n) => n.id === 'RUS');
  assert.ok(text.includes('PageRank'));
  assert.ok(text.includes(String(Number(rus.pagerank.toFixed(4)))));
  assert.ok(text.includes('mentions'));
});

async function hiddenEdges() {
  return page.$$eval('#dg-graph g.edge', (gs) =>
    gs.filter((g) => getComputedStyle(g).display === 'none').map((g) => g.id).sort());
}

test('the sign filter hides conflict edges, then cooperation edges', async () => {
  const coop = nl.links.filter((l) => l.sign > 0).map(ID).sort();
  const conflict = nl.links.filter((l) => l.sign < 0).map(ID).sort();
  const balanced = nl.links.filter((l) => l.sign === 0).map(ID);
  assert.ok(coop.length > 0 && conflict.length > 0);

  await page.locator('input[name="sign"][value="cooperation"]').check();
  assert.deepEqual(await hiddenEdges(), [...conflict, ...balanced].sort());
  assert.equal(await edge('KAZ->RUS').isVisible(), false, 'KAZ->RUS is a conflict');
  assert.match(await page.locator('#dg-shown').textContent(),
               new RegExp(`^${coop.length} of ${nl.links.length}`));

  await page.locator('input[name="sign"][value="conflict"]').check();
  assert.deepEqual(await hiddenEdges(), [...coop, ...balanced].sort());
  assert.equal(await edge('KAZ->RUS').isVisible(), true);

  await page.locator('input[name="sign"][value="all"]').check();
  assert.deepEqual(await hiddenEdges(), []);
});

test('the range input hides edges below a minimum |net weight|', async () => {
  const weights = nl.links.map((l) => Math.abs(l.net)).sort((a, b) => a - b);
  const min = weights[Math.floor(weights.length / 2)];
  await page.locator('#dg-min-weight').fill(String(min));
  const expected = nl.links.filter((l) => Math.abs(l.net) < min).map(ID).sort();
  assert.ok(expected.length > 0);
  assert.deepEqual(await hiddenEdges(), expected);
  assert.equal(await page.locator('#dg-min-weight-value').textContent(), String(min));
  await page.locator('#dg-min-weight').fill('0');
  assert.deepEqual(await hiddenEdges(), []);
});

async function column(key) {
  return page.$$eval(`#dg-table tbody tr`, (rows) => rows.map((r) => r.dataset.id));
}

test('the centrality table has a row per actor and sorts by a clicked column', async () => {
  assert.equal(await page.locator('#dg-table tbody tr').count(), nl.nodes.length);
  const heads = await page.$$eval('#dg-table th', (ths) => ths.map((t) => t.dataset.key));
  for (const k of ['label', 'mentions', 'in_degree', 'out_degree', 'in_strength',
                   'out_strength', 'betweenness', 'harmonic', 'pagerank',
                   'eigenvector', 'hub', 'authority', 'community'])
    assert.ok(heads.includes(k), `column ${k}`);

  const byMentions = (dir) => nl.nodes.slice().sort((a, b) =>
    dir * (a.mentions - b.mentions) || (a.id < b.id ? -1 : 1)).map((n) => n.id);
  const th = page.locator('#dg-table th[data-key="mentions"]');
  await th.locator('button').click();
  assert.equal(await th.getAttribute('aria-sort'), 'descending');
  assert.deepEqual(await column(), byMentions(-1));
  await th.locator('button').click();
  assert.equal(await th.getAttribute('aria-sort'), 'ascending');
  assert.deepEqual(await column(), byMentions(1));

  await page.locator('#dg-table th[data-key="label"] button').click();
  const byLabel = nl.nodes.slice().sort((a, b) => a.label.localeCompare(b.label))
    .map((n) => n.id);
  assert.deepEqual(await column(), byLabel);

  // a row shows its actor in the panel
  await page.locator('#dg-table tbody tr[data-id="KAZ"]').click();
  await page.locator('#dg-panel h2', { hasText: 'Kazakhstan' }).waitFor();
  assert.deepEqual(problems, []);
});

test('screenshot: the KAZ->RUS evidence beside the graph', async () => {
  await page.keyboard.press('Escape');
  await page.locator('#dg-table th[data-key="pagerank"] button').click();
  await edge('KAZ->RUS').locator('text').first().click();
  const file = path.join(OUT, 'report.png');
  await page.screenshot({ path: file, fullPage: true });
  const png = fs.readFileSync(file);
  assert.equal(png.subarray(1, 4).toString(), 'PNG');
  assert.ok(png.length > 20000, 'a real picture, not a blank page');
  assert.deepEqual(outside, []);
  assert.deepEqual(problems, []);
});

test('above --max-edges the page draws the strongest links and says so', async () => {
  diplograph('build', EXAMPLE, '--max-edges', '3', '-o', 'report-cut.html');
  await page.goto(pathToFileURL(path.join(OUT, 'report-cut.html')).href);
  const strongest = nl.links.slice().sort((a, b) =>
    Math.abs(b.weight) - Math.abs(a.weight) || b.events - a.events ||
    (ID(a) < ID(b) ? -1 : 1)).slice(0, 3).map(ID).sort();
  const drawn = await page.locator('#dg-graph g.edge').evaluateAll(
    (gs) => gs.map((g) => g.id).sort());
  assert.deepEqual(drawn, strongest);
  assert.equal(await page.locator('#dg-shown').textContent(),
               `3 of 3 relations shown (the drawing holds the 3 strongest ` +
               `of ${nl.links.length})`);
  assert.match(await page.locator('#dg-graph svg').textContent(),
               new RegExp(`showing 3 of ${nl.links.length} relations`));
  // the data still holds every link
  const data = JSON.parse(await page.locator('#dg-data').textContent());
  assert.equal(data.links.length, nl.links.length);
  assert.deepEqual(outside, []);
  assert.deepEqual(problems, []);
});
