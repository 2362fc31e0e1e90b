// Consumer groups: two consumers share orders' 3 partitions; one crashes without leaving;
// after session.timeout.ms (45 s virtual) the coordinator expels it and a new generation gives
// the survivor all 3 partitions. The describe table, Burrow badge, board owners, rebalance
// timeline and lag chart follow along.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, gotoApp, screenshot } from './helpers.mjs';

const byId = (page, id) => page.locator(`[data-testid="${id}"]`);

/** Clicks `button` until `done()` is true, at most `max` times; fails with `what`. */
async function clickUntil(page, button, done, max, what) {
  for (let i = 0; i < max; i++) {
    if (await done()) return i;
    await byId(page, button).click();
  }
  assert.ok(await done(), `${what} (gave up after ${max} clicks on ${button})`);
  return max;
}

const assigned = async (page, id) => byId(page, `consumer-assigned-${id}`).innerText();
const owns = async (page, id) => ((await assigned(page, id)).match(/orders-\d+/g) || []).sort();
const generations = async (page) => {
  const gens = await byId(page, 'rebalance-timeline').locator('[data-generation]').evaluateAll(
    (els) => els.map((e) => Number(e.getAttribute('data-generation'))));
  return gens.length ? Math.max(...gens) : 0;
};

async function groupStory(viewport, tag) {
  const { browser, page, errors } = await launch({ viewport });
  try {
    await gotoApp(page, '?seed=5&lang=en');
    await byId(page, 'partition-orders-0').waitFor();
    assert.equal(await byId(page, 'group-name').inputValue(), 'orders-app');

    await byId(page, 'add-consumer').click();
    await byId(page, 'add-consumer').click();
    await byId(page, 'consumer-1').waitFor();
    await byId(page, 'consumer-2').waitFor();
    // __consumer_offsets exists now, but the board hides internal topics by default.
    assert.equal(await page.locator('[data-testid^="partition-__consumer_offsets-"]').count(), 0);
    await byId(page, 'internal-hidden').waitFor();

    await clickUntil(page, 'run-1s', async () => (await owns(page, 1)).length > 0 && (await owns(page, 2)).length > 0,
      20, 'both consumers own partitions');
    assert.equal((await owns(page, 1)).length + (await owns(page, 2)).length, 3, 'the 3 partitions are shared out');
    assert.equal(await byId(page, 'consumer-1').getAttribute('data-state'), 'Stable');
    const gen1 = await generations(page);
    assert.ok(gen1 >= 1, `the timeline shows the first generation, got ${gen1}`);

    // Some traffic, so the table and chart have lag to show.
    await byId(page, 'produce-n').click();
    await byId(page, 'run-1s').click();
    const describe = byId(page, 'describe-orders-app');
    assert.match(await describe.innerText(), /GROUP\s+TOPIC\s+PARTITION\s+CURRENT-OFFSET\s+LOG-END-OFFSET\s+LAG\s+CONSUMER-ID/);
    assert.equal(await describe.locator('tbody tr').count(), 3);

    // Crash consumer 1 (no LeaveGroup) and let session.timeout.ms pass.
    await byId(page, 'consumer-crash-1').click();
    assert.equal(await byId(page, 'consumer-1').getAttribute('data-state'), 'Crashed');
    await clickUntil(page, 'run-10s', async () => (await owns(page, 2)).length === 3, 8,
      'the survivor owns all 3 partitions after session.timeout.ms');
    assert.deepEqual(await owns(page, 2), ['orders-0', 'orders-1', 'orders-2']);
    const gen2 = await generations(page);
    assert.ok(gen2 > gen1, `a new generation joined: ${gen1} → ${gen2}`);
    assert.match(await byId(page, 'rebalance-timeline').innerText(), /session timeout/);
    for (const p of [0, 1, 2]) {
      assert.equal(await byId(page, `partition-orders-${p}`).getAttribute('data-owner'), '2', `orders-${p} is drawn as consumer 2's`);
      assert.equal(await byId(page, `lag-row-orders-app-orders-${p}`).getAttribute('data-consumer'), '2');
    }
    assert.match(await byId(page, 'burrow-orders-app').getAttribute('data-status'), /^(OK|WARNING|ERROR)$/);
    await byId(page, 'lag-chart-orders-app').waitFor();
    await byId(page, 'groups').scrollIntoViewIfNeeded();
    await screenshot(page, `groups-${tag}`);

    // Korean labels; Kafka terms stay English.
    await byId(page, 'lang-toggle').click();
    assert.match(await byId(page, 'groups').innerText(), /컨슈머 그룹/);
    assert.match(await byId(page, 'groups').innerText(), /CURRENT-OFFSET/);

    assert.deepEqual(errors, [], `console/page errors:\n${errors.join('\n')}`);
  } finally {
    await browser.close();
  }
}

test('a crashed consumer is expelled after session.timeout.ms; the survivor takes all partitions', { timeout: 180_000 }, async () => {
  await groupStory({ width: 1280, height: 900 }, 'desktop');
});

test('the group story works on a 375 px phone', { timeout: 180_000 }, async () => {
  await groupStory({ width: 375, height: 800 }, 'phone');
});
