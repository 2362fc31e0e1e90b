// Smoke test: the release build loads in headless Chromium, the Leptos app
// mounts, and nothing logs an error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, gotoApp, screenshot, BASE_URL } from './helpers.mjs';

test(`app mounts at ${BASE_URL} without console errors`, { timeout: 90_000 }, async () => {
  const { browser, page, errors } = await launch();
  try {
    const app = await gotoApp(page);
    assert.ok((await app.count()) >= 1, 'expected an element [data-testid="app"]');
    // The wasm app must have rendered something inside the mount point.
    const text = (await app.first().innerText()).trim();
    assert.ok(text.length > 0, 'the app element is empty');
    // Let start-up effects (timers, first animation frames) run before judging errors.
    await page.waitForTimeout(500);
    const shot = await screenshot(page, 'smoke');
    console.log(`screenshot: ${shot}`);
    assert.deepEqual(errors, [], `console/page errors:\n${errors.join('\n')}`);
  } finally {
    await browser.close();
  }
});
