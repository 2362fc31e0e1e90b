// Time travel and the truth (issue 7): scrub back through the run, act in the past and see the
// timeline fork into a new future; click a lost record and land on the event that lost it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, gotoApp, screenshot } from './helpers.mjs';
import { byId, num, stageAckedLoss } from './staging.mjs';

/** The event on view: the newest line of the log (wire events included). */
const newestSeq = async (page) => Number(await byId(page, 'event-log').locator('li').first().getAttribute('data-seq'));
const scrubMax = async (page) => Number(await byId(page, 'scrubber').getAttribute('max'));

test('scrub back, step back, fork by acting in the past, and see the new future', { timeout: 150_000 }, async () => {
  const { browser, page, errors } = await launch({ viewport: { width: 1280, height: 900 } });
  try {
    await gotoApp(page, '?seed=14&lang=en');
    await byId(page, 'partition-orders-0').waitFor();
    await byId(page, 'run-1s').click();
    await byId(page, 'produce-n').click();
    await byId(page, 'run-1s').click();
    const endSeq = await scrubMax(page);
    assert.ok(endSeq > 50, `the run has events (${endSeq})`);
    assert.equal(await newestSeq(page), endSeq, 'live: the log ends at the last event');
    assert.equal(await byId(page, 'live-badge').getAttribute('class'), 'live-badge');
    const producedAtEnd = await num(page, 'produced-count');

    // Step back one event at a time: the view is in the past, and the log ends earlier.
    await byId(page, 'step-back').click();
    await byId(page, 'past-note').waitFor();
    const back1 = await newestSeq(page);
    assert.ok(back1 < endSeq, `one step back (${back1} < ${endSeq})`);
    await byId(page, 'step-back').click();
    assert.ok((await newestSeq(page)) < back1, 'another step back');

    // Scrub to an early event: before the produce nothing was produced yet.
    // One queue item emits several events: the view lands just after the item that emitted 3.
    await byId(page, 'scrubber').fill('3');
    const landed = await newestSeq(page);
    assert.ok(landed >= 3 && landed < 20, `the scrubber lands at event 3's item (${landed})`);
    assert.equal(Number(await byId(page, 'scrubber').inputValue()), landed, 'the scrubber shows where it landed');
    assert.equal(await num(page, 'produced-count'), 0, 'event 3 is before the produce');
    // Step forward follows the recorded run, its produce included.
    await byId(page, 'step').click();
    assert.ok((await newestSeq(page)) > landed);
    await byId(page, 'scrubber').fill(String(Math.floor(endSeq / 2)));
    assert.equal(await num(page, 'produced-count'), producedAtEnd, 'halfway, the produce has happened');
    assert.equal(await scrubMax(page), endSeq, 'looking at the past keeps the whole run');
    await screenshot(page, 'time-travel-1-past');

    // Acting in the past forks: the old future is discarded and the learner is told so.
    const here = await newestSeq(page);
    await byId(page, 'crash-leader-p0').click();
    const note = await byId(page, 'fork-note').innerText();
    assert.match(note, /Timeline forked.*old future \(\d+ actions?, \d+ events?\) was discarded/);
    assert.equal(await byId(page, 'live-badge').getAttribute('class'), 'live-badge', 'the fork is the new present');
    assert.ok((await scrubMax(page)) < endSeq, 'the old future is gone from the timeline');
    assert.ok((await scrubMax(page)) > here, 'the crash is the first event of the new future');
    // The new future: run on, and the crash shapes it (a new leader for orders-0).
    await byId(page, 'run-10s').click();
    assert.ok((await scrubMax(page)) > here + 10, 'the new future grows');
    await byId(page, 'hide-wire').check();
    assert.match(await byId(page, 'event-log').innerText(), /crash/i);
    assert.match(await byId(page, 'event-log').innerText(), /elects broker \d leader of orders-0/);
    await screenshot(page, 'time-travel-2-forked');
    assert.deepEqual(errors, [], `console/page errors:\n${errors.join('\n')}`);
  } finally {
    await browser.close();
  }
});

test('click a lost record and land on the event that lost it', { timeout: 150_000 }, async () => {
  const { browser, page, errors } = await launch({ viewport: { width: 1280, height: 900 } });
  try {
    await gotoApp(page, '?seed=14&lang=en');
    await byId(page, 'partition-orders-0').waitFor();
    await stageAckedLoss(page);
    await byId(page, 'run-10s').click(); // move on, so the loss is in the past
    assert.equal(await num(page, 'acked-lost-count'), 10);

    // The filter keeps exactly the acknowledged-but-lost records.
    await byId(page, 'ledger-filter').selectOption('acked-lost');
    assert.equal(await byId(page, 'records').locator('tbody tr').count(), 10);
    await byId(page, 'ledger-filter').selectOption('committed');
    assert.equal(await byId(page, 'lost-record').count(), 0, 'no lost record is committed');
    await byId(page, 'ledger-filter').selectOption('lost');

    const jump = byId(page, 'lost-record').first().locator('[data-testid="jump-to-loss"]');
    const seq = Number(await jump.getAttribute('data-event'));
    await jump.click();
    const hot = byId(page, 'event-log').locator('li.hot');
    assert.equal(Number(await hot.getAttribute('data-seq')), seq, 'the log highlights that event');
    assert.match(await hot.innerText(), /are lost/);
    assert.equal(await newestSeq(page), seq, 'the view is just after the loss');
    assert.equal(await byId(page, 'partition-orders-0').getAttribute('data-hot'), 'true', 'the board outlines orders-0');
    assert.equal(await num(page, 'acked-lost-count'), 10, 'at that event the records are lost');
    await byId(page, 'past-note').waitFor();
    await screenshot(page, 'time-travel-3-loss');

    // One step back: just before the loss, they were not lost yet.
    await byId(page, 'step-back').click();
    assert.equal(await num(page, 'acked-lost-count'), 0, 'just before the loss nothing was lost');
    await byId(page, 'to-now').click();
    assert.equal(await num(page, 'acked-lost-count'), 10);
    assert.deepEqual(errors, [], `console/page errors:\n${errors.join('\n')}`);
  } finally {
    await browser.close();
  }
});
