// P5 in Chromium: 30 brokers × 1,000 partitions at RF 3 (the lesson file
// tests/e2e/fixtures/big-board.toml: two brokers crashed, 2,000 records in flight), then click
// Step and time each click until the next frame has been painted: the simulator's step, the
// snapshot and the board's re-render. Prints one JSON line:
// { partitions, samples, median_ms, p95_ms, max_ms, load_ms }.
//
//   node bench/browser_p5.mjs [base-url] [steps]
// scripts/bench.sh runs it against dist/ (served on 127.0.0.1:8091).
import { readFileSync } from 'node:fs';
import { launch } from '../tests/e2e/helpers.mjs';

const [base = 'http://127.0.0.1:8091/', stepsArg = '300'] = process.argv.slice(2);
const steps = Number(stepsArg);
const lesson = readFileSync(new URL('../tests/e2e/fixtures/big-board.toml', import.meta.url));

const { browser, page, errors } = await launch({ viewport: { width: 1280, height: 900 } });
try {
  await page.goto(`${base}?lang=en`);
  await page.locator('[data-testid="lesson-file"]').waitFor({ state: 'attached', timeout: 60_000 });
  const t0 = Date.now();
  await page.locator('[data-testid="lesson-file"]').setInputFiles({ name: 'big-board.toml', mimeType: 'text/plain', buffer: lesson });
  await page.locator('[data-testid="lesson-continue"]').click({ timeout: 120_000 });
  for (const want of ['Shown(0)', 'Shown(1)', 'Shown(2)']) {
    if (want !== 'Shown(0)') await page.keyboard.press('ArrowRight');
    await page.waitForFunction((w) => document.querySelector('[data-testid="lesson"]')?.dataset.stage === w, want, { timeout: 120_000 });
  }
  const loadMs = Date.now() - t0;
  await page.locator('[data-testid="try-it"]').click(); // free play on the step's cluster
  const result = await page.evaluate(async (n) => {
    const step = document.querySelector('[data-testid="step"]');
    const pos = document.querySelector('[data-testid="position"]');
    const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    const times = [];
    for (let i = 0; i < n; i++) {
      const before = pos.textContent;
      const t = performance.now();
      step.click();
      await frame();
      times.push(performance.now() - t);
      if (pos.textContent === before) throw new Error(`step ${i} did not move the position`);
    }
    times.sort((a, b) => a - b);
    const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
    return { partitions: 1000, rows: document.querySelectorAll('.partition-row').length, samples: times.length,
      median_ms: at(0.5), p95_ms: at(0.95), max_ms: times[times.length - 1] };
  }, steps);
  if (errors.length) throw new Error(`console/page errors:\n${errors.join('\n')}`);
  const round = (x) => Math.round(x * 10) / 10;
  console.log(JSON.stringify({ ...result, median_ms: round(result.median_ms), p95_ms: round(result.p95_ms), max_ms: round(result.max_ms), load_ms: loadMs }));
} finally {
  await browser.close();
}
