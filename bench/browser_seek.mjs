// P6 in Chromium: open P6's 100,000-event run as a share link (bench/examples/p6_link.rs prints
// it), then drag the scrubber to spread-out events and time each seek until the next frame has
// been painted (the scrubber's input handler seeks the timeline in wasm and the board redraws).
// Prints one JSON line: { events, samples, median_ms, p95_ms, max_ms, open_ms }.
//
//   node bench/browser_seek.mjs <fragment-file> [base-url]
// scripts/bench.sh runs it against dist/ (served on 127.0.0.1:8091).
import { readFileSync } from 'node:fs';
import { launch } from '../tests/e2e/helpers.mjs';

const [fragmentFile, base = 'http://127.0.0.1:8091/'] = process.argv.slice(2);
if (!fragmentFile) {
  console.error('usage: node bench/browser_seek.mjs <fragment-file> [base-url]');
  process.exit(2);
}
const fragment = readFileSync(fragmentFile, 'utf8').trim();
if (!fragment.startsWith('#s=')) {
  console.error(`${fragmentFile}: expected a '#s=…' share fragment, got '${fragment.slice(0, 20)}…'`);
  process.exit(2);
}

const { browser, page, errors } = await launch({ viewport: { width: 1280, height: 900 } });
try {
  const t0 = Date.now();
  await page.goto(`${base}?seed=3&lang=en${fragment}`);
  const scrubber = page.locator('[data-testid="scrubber"]');
  await scrubber.waitFor({ timeout: 120_000 });
  await page.waitForFunction(() => {
    const s = document.querySelector('[data-testid="scrubber"]');
    return s && !s.disabled && Number(s.max) - Number(s.min) > 1000;
  }, null, { timeout: 120_000 });
  const openMs = Date.now() - t0;
  const result = await page.evaluate(async () => {
    const s = document.querySelector('[data-testid="scrubber"]');
    const pos = document.querySelector('[data-testid="scrub-pos"]');
    const [min, max] = [Number(s.min), Number(s.max)];
    const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    const times = [];
    let target = min;
    for (let i = 0; i < 40; i++) {
      target = min + ((target - min + 7919 * 13) % (max - min)); // spread over the run, like the criterion bench
      const before = pos.textContent;
      const t = performance.now();
      s.value = String(target);
      s.dispatchEvent(new Event('input', { bubbles: true }));
      await frame();
      times.push(performance.now() - t);
      if (pos.textContent === before) throw new Error(`seeking to event ${target} did not move the position`);
    }
    times.sort((a, b) => a - b);
    const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
    return { events: max - min + 1, samples: times.length, median_ms: at(0.5), p95_ms: at(0.95), max_ms: times[times.length - 1] };
  });
  if (errors.length) throw new Error(`console/page errors:\n${errors.join('\n')}`);
  const round = (x) => Math.round(x * 10) / 10;
  console.log(JSON.stringify({ ...result, median_ms: round(result.median_ms), p95_ms: round(result.p95_ms), max_ms: round(result.max_ms), open_ms: openMs }));
} finally {
  await browser.close();
}
