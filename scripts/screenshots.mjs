// scripts/screenshots.mjs -- the pictures of docs/img: each example's HTML
// report (graphs/*.html) in Debian's Chromium at a wide and a narrow
// window, the sliced example at one of its years. Run from the repository
// after scripts/example (it needs tests/js's node_modules: npm ci there):
//
//   node scripts/screenshots.mjs
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL, fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const require = createRequire(path.join(root, 'tests/js/package.json'));
const { chromium } = require('playwright-core');

const shots = [
  { page: 'steppe-diplomacy', actor: 'Kazakhstan' },
  { page: 'horn-of-africa', actor: 'Ethiopia', period: '2024' },
];
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu'],
});
for (const s of shots) {
  for (const [w, h] of [[1400, 1000], [820, 1100]]) {
    const page = await browser.newPage({ viewport: { width: w, height: h } });
    await page.goto(pathToFileURL(path.join(root, 'graphs', s.page + '.html')).href);
    if (s.period) {
      const periods = JSON.parse(await page.locator('#dg-data').textContent()).graph.periods;
      await page.locator('#dg-period').fill(String(periods.indexOf(s.period) + 1));
    }
    await page.locator('#dg-search').fill(s.actor);
    await page.locator('#dg-search').press('Enter');
    await page.locator('#dg-zoom-reset').click();
    const file = path.join(root, 'docs/img', `${s.page}-${w}.png`);
    await page.screenshot({ path: file, fullPage: false });
    console.log('screenshots: wrote', path.relative(root, file));
    await page.close();
  }
}
await browser.close();
