// Share groups (KIP-932, lesson 27): the group panel adds share consumers, marks them, and draws
// each share-partition's in-flight records by glyph and word; a group.id already used by a
// consumer group is refused with Kafka's error, not a blank page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, gotoApp } from './helpers.mjs';
import { byId } from './staging.mjs';

test('lesson 27 in the browser: three share consumers read one partition and the SPSO passes the archived record', { timeout: 120_000 }, async () => {
  const { browser, page, errors } = await launch({ viewport: { width: 1280, height: 900 } });
  try {
    await gotoApp(page, '?lang=en&lesson=share-groups-queue&step=2');
    await byId(page, 'predict').waitFor();
    await byId(page, 'choice-2').check();
    await byId(page, 'predict-answer').click();
    const sp = byId(page, 'share-jobs-orders-0');
    await page.waitForFunction(() => document.querySelector('[data-testid="share-jobs-orders-0"]')?.dataset.start === '7', null, { timeout: 60_000 });
    assert.equal(await sp.getAttribute('data-end'), '7');
    for (const c of [4, 5, 6]) {
      assert.match(await byId(page, `consumer-share-${c}`).textContent(), /share group/);
      assert.equal((await byId(page, `consumer-assigned-${c}`).textContent()).trim(), 'orders-0');
    }
    assert.match(await byId(page, 'describe-jobs').textContent(), /kafka-share-groups --describe --group jobs.*START-OFFSET/s);
    await sp.scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'target/e2e-share-groups.png' });
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test('the add share consumer button starts a share group; its records show their state; a classic group id is refused', { timeout: 90_000 }, async () => {
  const { browser, page, errors } = await launch({ viewport: { width: 1280, height: 900 } });
  try {
    await gotoApp(page, '?lang=en&seed=27');
    await byId(page, 'group-name').fill('queue');
    await byId(page, 'add-share-consumer').click();
    await byId(page, 'consumer-share-1').waitFor();
    await byId(page, 'run-10s').click();
    // A stalled member still fetches, so what it acquired stays Acquired on the strip.
    await byId(page, 'consumer-stall-1').click();
    await byId(page, 'produce-1').click();
    await byId(page, 'produce-1').click();
    await byId(page, 'run-1s').click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid^="share-queue-orders-"][data-state]').length > 0, null, { timeout: 20_000 });
    const states = await page.$$eval('[data-testid^="share-queue-orders-"][data-state]', els => els.map(e => [e.dataset.state, e.getAttribute('aria-label'), e.textContent]));
    for (const [state, label, text] of states) {
      assert.ok(['Available', 'Acquired', 'Acknowledged', 'Archived'].includes(state), state);
      assert.match(label, new RegExp(`${state} · delivery \\d`), 'the state is named, not only coloured');
      assert.match(text, /[○◐✓✕]/, 'and drawn by shape');
    }
    await byId(page, 'share-queue-orders-0').scrollIntoViewIfNeeded().catch(() => {});
    await page.screenshot({ path: 'target/e2e-share-strip.png' });
    await byId(page, 'group-name').fill('orders-app');
    await byId(page, 'add-consumer').click();
    await byId(page, 'consumer-2').waitFor();
    await byId(page, 'add-share-consumer').click();
    await page.waitForFunction(() => /INCONSISTENT_GROUP_PROTOCOL/.test(document.querySelector('[data-testid="error"]')?.textContent ?? ''));
    assert.equal(await page.locator('[data-testid^="consumer-share-"]').count(), 1, 'no share consumer joined orders-app');
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});
