// A slow consumer falls behind (its lag stays up while records arrive) and catches up at normal
// speed; commitSync vs commitAsync is a consumer setting.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, gotoApp } from './helpers.mjs';

const byId = (page, id) => page.locator(`[data-testid="${id}"]`);
const totalLag = (page) => page.locator('[data-testid^="lag-row-orders-app-"]').evaluateAll(
  (rows) => rows.reduce((s, r) => s + Number(r.getAttribute('data-lag')), 0));

test('slowing a consumer makes its lag grow; normal speed drains it', { timeout: 120_000 }, async () => {
  const { browser, page, errors } = await launch({ viewport: { width: 1280, height: 900 } });
  try {
    await gotoApp(page, '?seed=5&lang=en');
    await byId(page, 'add-consumer').click();
    for (let i = 0; i < 15 && !(await byId(page, 'consumer-assigned-1').innerText()).includes('orders-2'); i++) {
      await byId(page, 'run-1s').click();
    }
    assert.match(await byId(page, 'consumer-assigned-1').innerText(), /orders-0.*orders-1.*orders-2/);

    await byId(page, 'consumer-slow-btn-1').click();
    await byId(page, 'consumer-slow-1').waitFor();
    assert.match(await byId(page, 'consumer-slow-1').innerText(), /100 ms per record/);
    for (let i = 0; i < 3; i++) await byId(page, 'produce-n').click();
    await byId(page, 'run-1s').click();
    const behind = await totalLag(page);
    assert.ok(behind >= 10, `30 records at 100 ms each: still behind after 1 s (lag ${behind})`);

    await byId(page, 'consumer-slow-btn-1').click(); // back to normal speed
    assert.equal(await byId(page, 'consumer-slow-1').count(), 0);
    await byId(page, 'run-10s').click();
    assert.equal(await totalLag(page), 0, 'at 10 ms per record it catches up');

    await page.locator('[data-testid="groups"] details.settings > summary').click();
    await byId(page, 'commit-api').selectOption('async');
    assert.equal(await byId(page, 'commit-api').inputValue(), 'async');
    assert.deepEqual(errors, [], `console/page errors:\n${errors.join('\n')}`);
  } finally {
    await browser.close();
  }
});
