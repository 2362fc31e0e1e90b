// Shareable sessions: play a run (produce, crash the leader, run), copy its link from the page,
// open the link in a fresh browser: the same state. A damaged link says what is wrong and the
// page starts clean and works.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, gotoApp, screenshot, url } from './helpers.mjs';

const byId = (page, id) => page.locator(`[data-testid="${id}"]`);

/** What a viewer sees: clock, every replica's HW/LEO/ISR/leader, every partition's leader, ledger counts. */
async function visibleState(page) {
  return page.evaluate(() => {
    const q = (sel) => [...document.querySelectorAll(sel)];
    const text = (id) => document.querySelector(`[data-testid="${id}"]`)?.textContent.trim();
    return {
      now: text('now'),
      position: text('position'),
      partitions: q('[data-testid^="partition-"]').map((p) => `${p.dataset.testid}:${p.dataset.leader}`),
      replicas: q('[data-testid^="replica-"]').map((r) => `${r.dataset.testid} hw=${r.dataset.hw} leo=${r.dataset.leo} isr=${r.dataset.isr} leader=${r.dataset.leader}`),
      brokers: q('[data-testid^="broker-"][data-status]').map((b) => `${b.dataset.testid}:${b.dataset.status}`),
      ledger: ['produced-count', 'acked-count', 'committed-count', 'acked-lost-count'].map((id) => `${id}=${text(id)}`),
    };
  });
}

test('a copied link reopens the exact run', { timeout: 120_000 }, async () => {
  const a = await launch();
  let link;
  let before;
  try {
    await gotoApp(a.page, '?seed=7&lang=en');
    await byId(a.page, 'partition-orders-0').waitFor();
    await byId(a.page, 'produce-n').click();
    await byId(a.page, 'run-1s').click();
    await byId(a.page, 'crash-leader-p0').click();
    await byId(a.page, 'produce-1').click();
    await byId(a.page, 'run-10s').click();
    for (let i = 0; i < 7; i++) await byId(a.page, 'step').click();
    before = await visibleState(a.page);
    before.scrubMax = await byId(a.page, 'scrubber').getAttribute('max');
    assert.ok(Number(before.position) > 0 && before.brokers.some((b) => b.endsWith(':crashed')), JSON.stringify(before));
    assert.notEqual(before.ledger[0], 'produced-count=0');

    await byId(a.page, 'share').click();
    link = await byId(a.page, 'share-link').inputValue();
    assert.match(link, /^http:\/\/127\.0\.0\.1:\d+\/\?seed=7&lang=en#s=1\.[A-Za-z0-9_-]+$/);
    await screenshot(a.page, 'share-copied');
    assert.deepEqual(a.errors, []);
  } finally {
    await a.browser.close();
  }

  const b = await launch();
  try {
    await b.page.goto(link, { waitUntil: 'load' });
    await byId(b.page, 'partition-orders-0').waitFor();
    assert.equal(await byId(b.page, 'error').count(), 0, 'no complaint about a good link');
    assert.deepEqual({ ...(await visibleState(b.page)), scrubMax: await byId(b.page, 'scrubber').getAttribute('max') }, before);
    // The opened run can be scrubbed back to its start (it was recorded while rebuilt).
    const scrubber = byId(b.page, 'scrubber');
    await scrubber.fill(await scrubber.getAttribute('min'));
    await byId(b.page, 'past-note').waitFor();
    const start = await visibleState(b.page);
    assert.ok(!start.brokers.some((s) => s.endsWith(':crashed')), `before the crash nobody is down: ${start.brokers}`);
    assert.notEqual(start.position, before.position);
    await byId(b.page, 'to-now').click();
    const { scrubMax, ...state } = before;
    assert.deepEqual(await visibleState(b.page), state, 'back to now: the state the link was copied at');
    // The opened run goes on like any other.
    await byId(b.page, 'step').click();
    assert.notEqual(await byId(b.page, 'position').innerText(), before.position);
    assert.deepEqual(b.errors, []);
  } finally {
    await b.browser.close();
  }
});

test('a damaged link explains itself and the page starts clean', { timeout: 90_000 }, async () => {
  for (const [fragment, says] of [
    ['#s=1.eyJzZWVkIjo3LCJtYXJrIjpbMT', /cut off/],
    ['#s=1.%%%garbage', /damaged/],
    ['#s=7.abc', /format version '7'/],
  ]) {
    const { browser, page, errors } = await launch();
    try {
      await page.goto(url(`?lang=en${fragment}`), { waitUntil: 'load' });
      const banner = byId(page, 'error');
      await banner.waitFor();
      const msg = await banner.innerText();
      assert.match(msg, /shared link could not be opened/, msg);
      assert.match(msg, says, msg);
      assert.equal(await byId(page, 'position').innerText(), '0', 'a clean start');
      await byId(page, 'step').click();
      assert.equal(await byId(page, 'position').innerText(), '1', 'and it works');
      if (fragment.includes('garbage')) await screenshot(page, 'share-bad-link');
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
    }
  }
});

test('the Korean page explains a bad link in Korean', { timeout: 60_000 }, async () => {
  const { browser, page, errors } = await launch({ locale: 'ko-KR' });
  try {
    await page.goto(url('?lang=ko#s=hello'), { waitUntil: 'load' });
    const msg = await byId(page, 'error').innerText();
    assert.match(msg, /공유 링크를 열 수 없어/, msg);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});
