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

const viewBox = () => page.locator('#dg-graph svg').getAttribute('viewBox')
  .then((v) => v.split(/[ ,]+/).map(Number));

test('an unsliced graph has no period slider', async () => {
  assert.equal(await page.locator('#dg-time').isVisible(), false);
});

test('the wheel and the buttons zoom the drawing, fit restores it', async () => {
  await page.keyboard.press('Escape');
  await page.evaluate(() => window.scrollTo(0, 0));
  const home = await viewBox();
  const svg = page.locator('#dg-graph svg');
  const box = await svg.boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.wheel(0, -300);
  await page.waitForFunction((w) => {
    const v = document.querySelector('#dg-graph svg').getAttribute('viewBox');
    return Number(v.split(/[ ,]+/)[2]) < w;
  }, home[2]);
  const zoomed = await viewBox();
  assert.ok(zoomed[2] < home[2] && zoomed[3] < home[3], 'the wheel magnified');
  assert.ok(Math.abs(zoomed[2] / zoomed[3] - home[2] / home[3]) < 1e-6,
            'the aspect ratio is kept');
  await page.locator('#dg-zoom-out').click();
  assert.ok((await viewBox())[2] > zoomed[2], 'the - button zoomed out');
  await page.locator('#dg-zoom-in').click();
  await page.locator('#dg-zoom-in').click();
  assert.ok((await viewBox())[2] < zoomed[2]);
  // dragging the background (the corner of the whole drawing) pans
  // without selecting anything
  await page.locator('#dg-zoom-reset').click();
  const before = await viewBox();
  await page.mouse.move(box.x + 5, box.y + 5);
  await page.mouse.down();
  await page.mouse.move(box.x + 85, box.y + 45, { steps: 5 });
  await page.mouse.up();
  const panned = await viewBox();
  assert.ok(panned[0] < before[0] && panned[1] < before[1], 'dragged right and down');
  assert.equal(panned[2], before[2], 'panning keeps the zoom');
  assert.equal(await page.locator('#dg-graph .dg-selected').count(), 0);
  await page.locator('#dg-zoom-reset').click();
  assert.deepEqual(await viewBox(), home);
  assert.deepEqual(problems, []);
});

test('the search field finds an actor by a part of its name or its id', async () => {
  const search = page.locator('#dg-search');
  const home = await viewBox();
  await search.fill('kazakh');
  await search.press('Enter');
  await page.locator('#dg-panel h2', { hasText: 'Kazakhstan' }).waitFor();
  assert.ok(await page.locator('#dg-graph g.node[id="KAZ"]').evaluate(
    (g) => g.classList.contains('dg-selected')));
  assert.ok((await viewBox())[2] < home[2], 'the drawing zoomed in on it');
  await search.fill('RUS');
  await search.press('Enter');
  await page.locator('#dg-panel h2', { hasText: 'Russia' }).waitFor();
  await search.fill('no such actor');
  await search.press('Enter');
  assert.ok(await search.evaluate((e) => e.classList.contains('dg-not-found')));
  assert.equal(await page.locator('#dg-actor-list option').count(), nl.nodes.length);
  await page.locator('#dg-zoom-reset').click();
  await page.keyboard.press('Escape');
  assert.deepEqual(problems, []);
});

test('the communities, dyads and balance of the report are on the page', async () => {
  diplograph('report', EXAMPLE, '-o', 'report-sections.json');
  const rep = readJSON('report-sections.json');
  assert.ok(await page.locator('#dg-structure').isVisible());
  const comms = await page.$$eval('#dg-communities > li', (lis) =>
    lis.map((li) => [...li.querySelectorAll('button')].map((b) => b.title)));
  assert.deepEqual(comms, rep.communities);
  const pairs = (sel) => page.$$eval(`${sel} li`, (lis) => lis.map((li) => li.textContent));
  const coop = await pairs('#dg-dyads-cooperative');
  assert.equal(coop.length, rep.dyads.cooperative.length);
  const conflict = await pairs('#dg-dyads-conflictual');
  assert.equal(conflict.length, rep.dyads.conflictual.length);
  const first = rep.dyads.conflictual[0];
  const name = (id) => nl.nodes.find((n) => n.id === id).label;
  assert.ok(conflict[0].includes(`${name(first.source)} \u2192 ${name(first.target)}`));
  const balance = await page.locator('#dg-balance').textContent();
  assert.ok(balance.includes(`${rep.balance.triads} signed triad`), balance);
  assert.equal(await page.locator('#dg-unbalanced li').count(),
               rep.balance.unbalanced.length);
  // a dyad shows its link, a community member its actor
  await page.locator('#dg-dyads-conflictual li button').first().click();
  await page.locator('#dg-panel h2', {
    hasText: `${name(first.source)} \u2192 ${name(first.target)}` }).waitFor();
  await page.locator('#dg-communities button[title="RUS"]').click();
  await page.locator('#dg-panel h2', { hasText: 'Russia' }).waitFor();
  await page.keyboard.press('Escape');
  assert.deepEqual(problems, []);
});

test('screenshots at two sizes', async () => {
  for (const [w, h] of [[1400, 1000], [820, 1100]]) {
    await page.setViewportSize({ width: w, height: h });
    await page.locator('#dg-search').fill('Kazakhstan');
    await page.locator('#dg-search').press('Enter');
    await page.locator('#dg-zoom-reset').click();
    const file = path.join(OUT, `report-${w}.png`);
    await page.screenshot({ path: file, fullPage: true });
    assert.ok(fs.statSync(file).size > 20000, 'a real picture');
  }
  await page.setViewportSize({ width: 1400, height: 1000 });
  await page.keyboard.press('Escape');
});

test('a sliced graph gets a period slider that redraws the links', async () => {
  // dated items of our own: France and Germany turn from praise to blame
  const docs = [
    ['t1', '2019-02-10', 'France praised Germany. Italy welcomed Spain.'],
    ['t2', '2021-05-20', 'Germany thanked France. France praised Germany.'],
    ['t3', '2023-03-14', 'France condemned Germany.'],
  ];
  fs.writeFileSync(path.join(OUT, 'dated.jsonl'), docs.map(([id, date, text]) =>
    JSON.stringify({ id, date, text })).join('\n') + '\n');
  diplograph('build', 'dated.jsonl', '--slice', 'year', '-o', 'sliced.html',
             '-o', 'sliced.json');
  const sl = readJSON('sliced.json');
  await page.goto(pathToFileURL(path.join(OUT, 'sliced.html')).href);
  assert.ok(await page.locator('#dg-time').isVisible());
  assert.equal(await page.locator('#dg-period').getAttribute('max'),
               String(sl.graph.periods.length));
  const stroke = () => edge('FRA->DEU').locator('path').first().getAttribute('stroke');
  const whole = await stroke();
  const label = () => edge('FRA->DEU').locator('text').first().textContent();
  const at = async (period) => {
    const i = period === null ? 0 : sl.graph.periods.indexOf(period) + 1;
    await page.locator('#dg-period').fill(String(i));
    assert.equal(await page.locator('#dg-period-value').textContent(), period || 'all');
  };
  // the count under the filters counts the links of the period only
  const shownIn = async (period) => {
    const n = sl.links.filter((l) => (l.series || []).some((p) => p.period === period)).length;
    assert.ok(n > 0 && n < sl.links.length, period);
    assert.equal(await page.locator('#dg-shown').textContent(),
                 `${n} of ${sl.links.length} relations shown in ${period}`);
  };
  await at('2023');
  await shownIn('2023');
  assert.equal(await stroke(), '#b2182b', 'a conflict in 2023');
  assert.match(await label(), /^-/);
  assert.equal(await edge('ITA->ESP').isVisible(), false, 'no ITA->ESP event in 2023');
  await at('2019');
  await shownIn('2019');
  assert.equal(await stroke(), '#2166ac', 'cooperation in 2019');
  assert.equal(await edge('ITA->ESP').isVisible(), true);
  // the sign filter judges a link by its net weight in the period:
  // FRA->DEU cooperates in 2019 and is in conflict in 2023
  await page.locator('input[name="sign"][value="conflict"]').check();
  assert.equal(await edge('FRA->DEU').isVisible(), false, 'cooperation in 2019');
  await at('2023');
  assert.equal(await edge('FRA->DEU').isVisible(), true, 'conflict in 2023');
  await page.locator('input[name="sign"][value="all"]').check();
  await at(null);
  assert.equal(await stroke(), whole, 'all periods: the drawing as written');
  assert.equal(await page.locator('#dg-shown').textContent(),
               `${sl.links.length} of ${sl.links.length} relations shown`);
  // the link's panel has its series as bars, one per period with events
  await edge('FRA->DEU').locator('text').first().click();
  const link = sl.links.find((l) => ID(l) === 'FRA->DEU');
  assert.equal(await page.locator('#dg-panel .dg-spark rect').count(),
               link.series.filter((p) => p.net !== 0).length);
  assert.equal(await page.locator('#dg-panel .dg-spark .dg-bar-neg').count(), 1);
  await page.keyboard.press('Escape');
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
