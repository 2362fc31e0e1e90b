// P4 first render: load the playground cold (a fresh browser context each time, so no HTTP or
// wasm cache) and time, from the start of navigation (performance.timeOrigin), the moment the
// board first draws a partition row: the first render a learner can use. An init script watches
// the DOM with a MutationObserver and records performance.now() then. Also reports first
// contentful paint. Prints one JSON line: { loads, median_ms, p95_ms, max_ms, fcp_median_ms }.
//
//   node bench/browser_first_render.mjs [base-url] [loads]
// scripts/bench.sh runs it against dist/ (served on 127.0.0.1:8091).
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../tests/e2e/helpers.mjs';

const [base = 'http://127.0.0.1:8091/', loadsArg = '7'] = process.argv.slice(2);
const loads = Math.max(1, Number(loadsArg) || 7);

const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
const renders = [];
const fcps = [];
try {
  for (let i = 0; i < loads; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.addInitScript(() => {
      const seen = () => document.querySelector('[data-testid^="partition-orders-"]');
      const obs = new MutationObserver(() => {
        if (seen() && window.__firstBoard === undefined) {
          window.__firstBoard = performance.now();
          obs.disconnect();
        }
      });
      obs.observe(document, { childList: true, subtree: true });
    });
    await page.goto(`${base}?seed=3&lang=en`, { waitUntil: 'load' });
    await page.waitForFunction(() => window.__firstBoard !== undefined, null, { timeout: 30_000 });
    const [board, fcp] = await page.evaluate(() => [
      window.__firstBoard,
      performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
    ]);
    // The first load warms the OS file cache and the server; it is not counted.
    if (i > 0 || loads === 1) {
      renders.push(board);
      if (fcp !== null) fcps.push(fcp);
    }
    await context.close();
  }
} finally {
  await browser.close();
}
const sorted = (xs) => [...xs].sort((a, b) => a - b);
const pick = (xs, q) => sorted(xs)[Math.min(xs.length - 1, Math.floor(q * xs.length))];
const r = (x) => Math.round(x * 10) / 10;
console.log(JSON.stringify({
  loads: renders.length,
  median_ms: r(pick(renders, 0.5)),
  p95_ms: r(pick(renders, 0.95)),
  max_ms: r(Math.max(...renders)),
  fcp_median_ms: fcps.length ? r(pick(fcps, 0.5)) : null,
}));
