// Operations on the board (issue 8, parts 4 and 5): a preferred leader election after a broker
// restart hands leadership back, and retention's log start offset shows on the replicas
// (lesson 21 opened at its deletion step).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, gotoApp } from './helpers.mjs';
import { byId, leaderOf, clickUntil } from './staging.mjs';

test('preferred leader election gives orders-0 back to its first replica', { timeout: 90_000 }, async () => {
  const { browser, page, errors } = await launch({ viewport: { width: 1280, height: 900 } });
  try {
    await gotoApp(page, '?lang=en&seed=4');
    await byId(page, 'partition-orders-0').waitFor();
    await byId(page, 'run-1s').click();
    const preferred = await leaderOf(page, 'orders', 0);
    await byId(page, `crash-${preferred}`).click();
    await clickUntil(page, 'step-notable', async () => {
      const l = await leaderOf(page, 'orders', 0);
      return l !== preferred && l !== 'none';
    }, 30, 'another broker leads orders-0');
    await byId(page, `restart-${preferred}`).click();
    await byId(page, 'run-10s').click();
    await byId(page, 'run-10s').click();
    assert.notEqual(await leaderOf(page, 'orders', 0), preferred, 'a restart alone does not move the leader back');

    await byId(page, 'elect-preferred').click();
    await byId(page, 'run-1s').click();
    assert.equal(await leaderOf(page, 'orders', 0), preferred, 'the election did');
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test('retention: the replicas show the log start offset after segments are deleted', { timeout: 90_000 }, async () => {
  const { browser, page, errors } = await launch({ viewport: { width: 1280, height: 900 } });
  try {
    await gotoApp(page, '?lang=en&lesson=retention-deletes-unread-records&step=3');
    await byId(page, 'partition-clicks-0').waitFor();
    await page.waitForFunction(() => document.querySelector('[data-testid="replica-clicks-0-1"]')?.dataset.logStart === '30', null, { timeout: 20_000 });
    for (const b of [1, 2, 3]) {
      const r = byId(page, `replica-clicks-0-${b}`);
      assert.equal(await r.getAttribute('data-log-start'), '30');
      assert.match(await r.textContent(), /start 30/);
    }
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test('compaction: holes keep their offsets and the cleaner checkpoint is shown', { timeout: 90_000 }, async () => {
  const { browser, page, errors } = await launch({ viewport: { width: 1280, height: 900 } });
  try {
    await gotoApp(page, '?lang=en&lesson=log-compaction&step=4');
    await byId(page, 'partition-profiles-0').waitFor();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="replica-profiles-0-1"] [data-hole]').length === 7, null, { timeout: 20_000 });
    for (const b of [1, 2, 3]) {
      const r = byId(page, `replica-profiles-0-${b}`);
      const holes = await r.locator('[data-hole]').evaluateAll((gs) => gs.map((g) => g.dataset.hole));
      // The strip shows the newest 10 offsets (1..10): holes 0-3 and 5-8 are alice's and bob's older values.
      assert.deepEqual(holes, ['1', '2', '3', '5', '6', '7', '8'], `broker ${b}: the older values of alice and bob`);
      assert.match(await byId(page, `clean-profiles-0-${b}`).textContent(), /clean < 10/);
    }
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test('a lesson step that runs a Kafka CLI command shows what it printed', { timeout: 90_000 }, async () => {
  const { browser, page, errors } = await launch({ viewport: { width: 1280, height: 900 } });
  try {
    await gotoApp(page, '?lang=en&lesson=retention-deletes-unread-records&step=4');
    // Step 4 asks its question first; its actions (and the command) run once it is answered.
    await byId(page, 'predict').waitFor();
    await byId(page, 'choice-2').check();
    await byId(page, 'predict-answer').click();
    await byId(page, 'lesson-term').waitFor({ timeout: 20_000 });
    const term = await byId(page, 'lesson-term').textContent();
    assert.match(term, /\$ kafka-consumer-groups\.sh --bootstrap-server localhost:9092 --describe --group reports/);
    assert.match(term, /GROUP\s+TOPIC\s+PARTITION\s+CURRENT-OFFSET\s+LOG-END-OFFSET\s+LAG/);
    assert.match(term, /reports\s+clicks\s+0\s+40\s+40\s+0/);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});
