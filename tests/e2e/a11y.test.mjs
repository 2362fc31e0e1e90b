// Accessibility: axe-core finds no serious or critical violation on the main views, in the light
// and the dark theme (by the system preference and by ?theme=).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { launch, gotoApp, screenshot } from './helpers.mjs';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const byId = (page, id) => page.locator(`[data-testid="${id}"]`);

/** axe-core's serious/critical violations of the page as it is now, one line each. */
async function seriousViolations(page) {
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 4).map((n) => n.target.join(' ')) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} @ ${v.nodes.join(' | ')}`);
}

const VIEWS = [
  ['default', '?lang=en', async () => {}],
  ['busy', '?lang=en&seed=14', async (page) => {
    // Records, a crash, an election and a consumer group on screen: the groups and the
    // producer/transactions panels in use.
    await byId(page, 'produce-n').click();
    await byId(page, 'run-1s').click();
    await byId(page, 'crash-leader-p0').click();
    await byId(page, 'add-consumer').click();
    await byId(page, 'run-10s').click();
    await byId(page, 'txn-id-set').click();
    await byId(page, 'run-1s').click();
  }],
  ['korean', '?lang=ko', async () => {}],
  ['embed', '?embed=1&lang=en', async () => {}],
  ['embed-dialog', '?lang=en', async (page) => {
    await byId(page, 'embed-open').click();
    await byId(page, 'embed-dialog').waitFor();
  }],
  ['share', '?lang=en', async (page) => {
    await byId(page, 'share').click();
    await byId(page, 'share-link').waitFor();
  }],
];

for (const scheme of ['light', 'dark']) {
  for (const [name, rel, act] of VIEWS) {
    test(`axe: no serious/critical violations — ${name}, ${scheme}`, { timeout: 90_000 }, async () => {
      const { browser, page, errors } = await launch({ colorScheme: scheme });
      try {
        await gotoApp(page, rel);
        await byId(page, 'partition-orders-0').waitFor();
        await act(page);
        const found = await seriousViolations(page);
        if (name === 'busy' || name === 'embed') await screenshot(page, `a11y-${name}-${scheme}`);
        assert.deepEqual(found, []);
        assert.deepEqual(errors, []);
      } finally {
        await browser.close();
      }
    });
  }
}

// ?theme= beats the system preference both ways.
for (const [theme, system] of [['dark', 'light'], ['light', 'dark']]) {
  test(`?theme=${theme} on a ${system} system: applied, and axe-clean`, { timeout: 90_000 }, async () => {
    const { browser, page, errors } = await launch({ colorScheme: system });
    try {
      await gotoApp(page, `?embed=1&lang=en&theme=${theme}`);
      await byId(page, 'partition-orders-0').waitFor();
      const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      const dark = await page.evaluate((c) => {
        const [r, g, b] = c.match(/\d+/g).map(Number);
        return (r + g + b) / 3 < 128;
      }, bg);
      assert.equal(dark, theme === 'dark', `body background ${bg}`);
      assert.deepEqual(await seriousViolations(page), []);
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
    }
  });
}
