// The "Foundation" user story, with clicks only:
// acks=1 → produce to orders-0 → crash the leader of orders-0 → step until a new leader is
// elected → the page shows acknowledged records that were lost, and why.
//
// With healthy followers an acks=1 record is only lost if the leader crashes in the short
// window after it appended (and acked) the record but before any follower fetched it: that
// happens when the produce arrives while no follower fetch is parked at the leader. The run
// is deterministic, so for a given seed some numbers of steps before producing land in such
// a window. The test tries HINT first, then scans (bounded), resetting between attempts;
// this keeps it correct when the simulator's timing changes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, gotoApp, screenshot } from './helpers.mjs';

const SEED = 14;
const HINT = 9;
const MAX_PRE = 40;

const byId = (page, id) => page.locator(`[data-testid="${id}"]`);

async function leaderOf(page, topic, p) {
  return byId(page, `partition-${topic}-${p}`).getAttribute('data-leader');
}

/** One attempt from a fresh run: returns { oldLeader, leader, lostCount }. */
async function attempt(page, pre, tag) {
  await byId(page, 'reset').click();
  assert.equal(await byId(page, 'position').innerText(), '0', 'Reset starts the run again');
  const oldLeader = await leaderOf(page, 'orders', 0);
  assert.notEqual(oldLeader, 'none', 'orders-0 starts with a leader');

  await byId(page, 'acks-1').check();
  assert.equal(await byId(page, 'producer-acks').innerText(), '1');
  await byId(page, 'partition').selectOption('0');
  for (let i = 0; i < pre; i++) await byId(page, 'step').click();
  await byId(page, 'produce-1').click();
  assert.equal(await byId(page, 'produced-count').innerText(), '1');

  // Step, one event at a time, until the leader has appended the record.
  const leaderReplica = byId(page, `replica-orders-0-${oldLeader}`);
  for (let i = 0; i < 60 && (await leaderReplica.getAttribute('data-leo')) === '0'; i++) {
    await byId(page, 'step').click();
  }
  assert.equal(await leaderReplica.getAttribute('data-leo'), '1', 'the leader appended the record');
  if (tag) await screenshot(page, `story-${tag}-1-appended`);

  await byId(page, 'crash-leader-p0').click();
  assert.equal(await byId(page, `broker-${oldLeader}`).getAttribute('data-status'), 'crashed');
  assert.equal(await byId(page, `crash-${oldLeader}`).isDisabled(), true, 'a crashed broker cannot crash again');

  // Step to the election (bounded).
  let leader = oldLeader;
  for (let i = 0; i < 200 && (leader === oldLeader || leader === 'none'); i++) {
    await byId(page, 'step-notable').click();
    leader = await leaderOf(page, 'orders', 0);
  }
  assert.notEqual(leader, oldLeader, 'a new leader of orders-0 was elected');
  assert.notEqual(leader, 'none');
  // A few more notable steps let the producer's ack and retries settle.
  for (let i = 0; i < 5; i++) await byId(page, 'step-notable').click();
  const lostCount = Number(await byId(page, 'acked-lost-count').innerText());
  return { oldLeader, leader, lostCount };
}

async function runStory(viewport, tag) {
  const { browser, page, errors } = await launch({ viewport });
  try {
    await gotoApp(page, `?seed=${SEED}&lang=en`);
    await byId(page, 'partition-orders-0').waitFor();
    assert.equal(await byId(page, 'seed').inputValue(), String(SEED));
    let r = await attempt(page, HINT, tag);
    for (let pre = 0; r.lostCount === 0 && pre <= MAX_PRE; pre++) {
      if (pre !== HINT) r = await attempt(page, pre, null);
      if (r.lostCount > 0) console.log(`loss window found with ${pre} steps before producing (HINT was ${HINT})`);
    }
    const { oldLeader, leader } = r;
    await screenshot(page, `story-${tag}-2-elected`);

    // The crashed broker is out of the ISR; the new leader is in it.
    assert.equal(await byId(page, `replica-orders-0-${oldLeader}`).getAttribute('data-isr'), 'false');
    assert.equal(await byId(page, `replica-orders-0-${leader}`).getAttribute('data-isr'), 'true');

    const ledger = byId(page, 'ledger');
    const lostCount = Number(await ledger.locator('[data-testid="acked-lost-count"]').innerText());
    const lostRows = ledger.locator('[data-testid="lost-record"]');
    assert.ok(lostCount > 0, `acknowledged-lost count should be > 0, was ${lostCount}`);
    assert.equal(await lostRows.count(), lostCount, 'the table lists every acknowledged-but-lost record');
    const why = await lostRows.first().innerText();
    assert.match(why, /acknowledged at offset \d+ \(acks=1\), lost when broker \d became leader of orders-0 in epoch \d+ without it/);

    // The narration names the election and the loss (hide the plain sends/receives first).
    await byId(page, 'hide-wire').check();
    const log = await byId(page, 'event-log').innerText();
    assert.doesNotMatch(log, / sends Fetch\(/);
    assert.match(log, /elects broker \d leader of orders-0/);
    assert.match(log, /are lost/);
    assert.match(await byId(page, 'live').innerText(), /lost/);

    // Reset with the same seed gives the same start; replaying the actions gives the same end.
    const before = await byId(page, 'position').innerText();
    await byId(page, 'replay-actions').click();
    assert.equal(await byId(page, 'position').innerText(), before);
    assert.equal(Number(await byId(page, 'acked-lost-count').innerText()), lostCount);

    // Korean narration keeps Kafka terms in English.
    await byId(page, 'lang-toggle').click();
    assert.match(await byId(page, 'ledger').innerText(), /acks=1/);
    await screenshot(page, `story-${tag}-3-ko`);

    assert.deepEqual(errors, [], `console/page errors:\n${errors.join('\n')}`);
  } finally {
    await browser.close();
  }
}

test('acks=1: crashing the leader of orders-0 loses acknowledged records (1280 px)', { timeout: 180_000 }, async () => {
  await runStory({ width: 1280, height: 900 }, 'desktop');
});

test('the same story works on a 375 px phone', { timeout: 180_000 }, async () => {
  await runStory({ width: 375, height: 800 }, 'phone');
});

test('an invalid intent shows an alert, not a crash', { timeout: 90_000 }, async () => {
  const { browser, page, errors } = await launch();
  try {
    await gotoApp(page, '?seed=1&lang=en');
    const oldLeader = await leaderOf(page, 'orders', 0);
    await byId(page, `crash-${oldLeader}`).click();
    // A crash and a restart work; a bad seed is refused with an alert.
    await byId(page, `restart-${oldLeader}`).click();
    await byId(page, 'seed').fill('-5');
    await byId(page, 'replay-seed').click();
    await page.locator('[role="alert"]').waitFor();
    assert.match(await page.locator('[role="alert"]').innerText(), /Seed/);
    assert.ok((await byId(page, 'app').innerText()).length > 0, 'the app is still alive');
    assert.deepEqual(errors, [], `console/page errors:\n${errors.join('\n')}`);
  } finally {
    await browser.close();
  }
});
