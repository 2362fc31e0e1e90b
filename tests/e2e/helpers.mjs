// Shared Playwright helpers for the end-to-end tests.
//
// playwright-core never downloads a browser: we drive Debian's Chromium at
// /usr/bin/chromium (override with KPLAY_CHROMIUM). Never run `npx playwright install`.
//
// Usage:
//   import { launch, screenshot, BASE_URL } from './helpers.mjs';
//   const { browser, page, errors } = await launch();
//   await page.goto(BASE_URL);
//   ...
//   assert.deepEqual(errors, []);
//   await browser.close();
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));

/** Where the built app (dist/) is served. scripts/test.sh sets KPLAY_URL. */
export const BASE_URL = process.env.KPLAY_URL || 'http://127.0.0.1:8089/';

/** The Chromium binary (Debian's by default). */
export const CHROMIUM = process.env.KPLAY_CHROMIUM || '/usr/bin/chromium';

/** Screenshots land here (gitignored). */
export const OUT_DIR = join(HERE, 'out');

/** Flags that keep headless Chromium quiet and off the network. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Build a URL relative to BASE_URL, e.g. url('?lesson=intro&lang=ko'). */
export function url(rel = '') {
  return new URL(rel, BASE_URL).toString();
}

/**
 * Launch headless Chromium and open one page.
 *
 * Playwright's `launch()` gives every browser a fresh, throw-away
 * user-data-dir, so no state leaks between tests.
 *
 * Returns { browser, context, page, errors }. `errors` collects console
 * errors, uncaught page errors and failed same-origin requests as strings;
 * assert it is empty at the end of a test. Options:
 *   viewport     { width, height }        default 1280x800
 *   colorScheme  'light' | 'dark'         default 'light'
 *   locale       e.g. 'ko-KR'             default 'en-US'
 *   ignore       array of RegExp; matching error strings are not collected
 */
export async function launch(opts = {}) {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    timeout: 60_000,
  });
  const context = await browser.newContext({
    viewport: opts.viewport || { width: 1280, height: 800 },
    colorScheme: opts.colorScheme || 'light',
    locale: opts.locale || 'en-US',
  });
  const page = await context.newPage();
  const errors = [];
  const ignore = opts.ignore || [];
  const push = (msg) => {
    if (!ignore.some((re) => re.test(msg))) errors.push(msg);
  };
  page.on('console', (m) => {
    if (m.type() === 'error') {
      const loc = m.location();
      push(`console.error: ${m.text()}${loc && loc.url ? ` (${loc.url}:${loc.lineNumber})` : ''}`);
    }
  });
  page.on('pageerror', (e) => push(`pageerror: ${e && e.stack ? e.stack : e}`));
  page.on('crash', () => push('page crashed'));
  page.on('requestfailed', (r) => {
    if (sameOrigin(r.url())) push(`requestfailed: ${r.url()} ${r.failure()?.errorText ?? ''}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && sameOrigin(r.url())) push(`HTTP ${r.status()}: ${r.url()}`);
  });
  return { browser, context, page, errors };
}

function sameOrigin(u) {
  try {
    return new URL(u).origin === new URL(BASE_URL).origin;
  } catch {
    return false;
  }
}

/**
 * Open BASE_URL (plus `rel`) and wait until the Leptos app has mounted
 * (`[data-testid="app"]` is attached). Returns the app locator.
 */
export async function gotoApp(page, rel = '', { timeout = 30_000 } = {}) {
  await page.goto(url(rel), { waitUntil: 'load', timeout });
  const app = page.locator('[data-testid="app"]');
  await app.first().waitFor({ state: 'attached', timeout });
  return app;
}

/** Save a full-page PNG to tests/e2e/out/<name>.png and return its path. */
export async function screenshot(page, name) {
  mkdirSync(OUT_DIR, { recursive: true });
  const path = join(OUT_DIR, `${name.replace(/[^\w.-]+/g, '_')}.png`);
  if (typeof page.scrollIntoViewIfNeeded === 'function') {
    // A locator: panels below the fold use content-visibility:auto and paint only once they are
    // near the viewport, so bring it there and let two frames pass before the shot.
    await page.scrollIntoViewIfNeeded();
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  }
  await page.screenshot({ path, fullPage: true });
  return path;
}
