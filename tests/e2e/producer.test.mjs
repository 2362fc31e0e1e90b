// Producers in depth: a lost ProduceResponse and the retry.
// Without idempotence the retried batch is written twice (the ledger counts 1 duplicate);
// with idempotence the leader recognises the producer id + sequence and does not append it
// again (the narration says so, the ledger counts 0 duplicates).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, gotoApp, screenshot } from './helpers.mjs';
import { seenText } from './staging.mjs';

const byId = (page, id) => page.locator(`[data-testid="${id}"]`);
// textContent: the ledger counts sit in a content-visibility:auto panel (see staging.mjs).
const num = async (page, id) => Number(await byId(page, id).textContent());

/** Clicks `button` until `done()` is true, at most `max` times; fails with `what`. */
async function clickUntil(page, button, done, max, what) {
  for (let i = 0; i < max; i++) {
    if (await done()) return i;
    await byId(page, button).click();
  }
  assert.ok(await done(), `${what} (gave up after ${max} clicks on ${button})`);
  return max;
}

/** Produce 1 record to orders-0, drop its ProduceResponse, step until the retry is acked. */
async function dropTheResponse(page, tag, idempotent) {
  await byId(page, 'partition').selectOption('0');
  await byId(page, 'produce-1').click();
  assert.equal(await num(page, 'produced-count'), 1);

  // The batch sits in the accumulator, then goes out as a Produce with PID/epoch/sequence.
  const produceRow = page.locator('li[data-kind="Produce"]');
  await clickUntil(page, 'step', async () => (await produceRow.count()) > 0, 40, 'a Produce request is on the wire');
  const detail = await produceRow.first().innerText();
  if (idempotent) assert.match(detail, /orders-0 · PID \d+ · epoch \d+ · seq 0 · 1 rec/);
  else assert.match(detail, /orders-0 · PID none · 1 rec/);
  assert.ok((await page.locator('[data-testid^="batch-"][data-state="inflight"]').count()) >= 1, 'the batch shows as in flight');

  const responseRow = page.locator('li[data-kind="ProduceResponse"]');
  await clickUntil(page, 'step', async () => (await responseRow.count()) > 0, 60, 'a ProduceResponse is on the wire');
  const drop = responseRow.first().locator('[data-testid^="drop-response-"]');
  assert.match(await drop.innerText(), /Drop this response/);
  assert.match(await drop.getAttribute('aria-label'), /Drop this response \(ProduceResponse #\d+\)/);
  await screenshot(page, `producer-${tag}-1-response`);
  await drop.click();
  assert.equal(await num(page, 'acked-count'), 0, 'no ack yet');

  // request.timeout.ms (30 s) passes, the producer retries, and the retry is acknowledged.
  await clickUntil(page, 'step-notable', async () => (await num(page, 'acked-count')) === 1, 30, 'the retry is acknowledged');
  assert.match(await seenText(page, byId(page, 'event-log')), /REQUEST_TIMED_OUT/);
  await screenshot(page, `producer-${tag}-2-retried`);
}

test('a dropped ProduceResponse: a duplicate without idempotence, none with it', { timeout: 180_000 }, async () => {
  const { browser, page, errors } = await launch({ viewport: { width: 1280, height: 900 } });
  try {
    await gotoApp(page, '?seed=5&lang=en');
    await byId(page, 'partition-orders-0').waitFor();

    // 1. enable.idempotence=false: the retry writes the record a second time.
    await byId(page, 'enable-idempotence').selectOption('false');
    assert.equal(await byId(page, 'producer-idempotent').innerText(), 'no');
    assert.equal(await byId(page, 'producer-pid').innerText(), '—');
    await dropTheResponse(page, 'plain', false);
    assert.equal(await num(page, 'duplicated-count'), 1, 'the ledger shows 1 duplicated record');
    assert.equal(await byId(page, 'replica-orders-0-1').getAttribute('data-leo'), '2', 'the leader stored it twice');

    // 2. Reset (idempotence is on by default with acks=all): the broker drops the duplicate.
    await byId(page, 'reset').click();
    assert.equal(await byId(page, 'position').innerText(), '0');
    await byId(page, 'enable-idempotence').selectOption('true');
    assert.equal(await byId(page, 'producer-idempotent').innerText(), 'yes');
    await clickUntil(page, 'step', async () => (await byId(page, 'producer-pid').innerText()) !== '—', 20, 'the producer gets a producer id');
    await dropTheResponse(page, 'idempotent', true);
    assert.equal(await num(page, 'duplicated-count'), 0, 'no duplicate with idempotence');
    assert.match(await seenText(page, byId(page, 'event-log')), /sequence 0 again on orders-0: a duplicate/);

    // Settings are keyboard-reachable selects and inputs; an invalid value is refused in words.
    await byId(page, 'linger-ms').fill('-1');
    await byId(page, 'linger-ms').press('Enter');
    await byId(page, 'linger-ms').blur();
    await page.locator('[role="alert"]').waitFor();
    assert.match(await page.locator('[role="alert"]').innerText(), /linger\.ms/);
    await byId(page, 'partitioner').selectOption('org.apache.kafka.clients.producer.RoundRobinPartitioner');
    await byId(page, 'max-in-flight').selectOption('1');
    await byId(page, 'add-partitions').click();
    await byId(page, 'partition-orders-3').waitFor();
    await screenshot(page, 'producer-3-settings');

    assert.deepEqual(errors, [], `console/page errors:\n${errors.join('\n')}`);
  } finally {
    await browser.close();
  }
});

test('transactions: begin, produce, commit writes a COMMIT marker; a second instance fences the first', { timeout: 120_000 }, async () => {
  const { browser, page, errors } = await launch({ viewport: { width: 1280, height: 900 } });
  try {
    await gotoApp(page, '?seed=5&lang=en');
    await byId(page, 'txn-id').fill('orders-tx');
    await byId(page, 'txn-id-set').click();
    const p1 = byId(page, 'txn-producer-1');
    await clickUntil(page, 'run-1s', async () => (await p1.getAttribute('data-state')) === 'Ready', 10, 'producer 1 is Ready');
    await byId(page, 'txn-begin').click();
    assert.equal(await p1.getAttribute('data-state'), 'InTransaction');
    assert.match(await p1.locator('.fsm-state.current').innerText(), /InTransaction/);
    await byId(page, 'partition').selectOption('0');
    await byId(page, 'produce-1').click();
    await byId(page, 'run-1s').click();
    await byId(page, 'txn-commit').click();
    await clickUntil(page, 'run-1s', async () => (await p1.getAttribute('data-state')) === 'Ready', 10, 'the commit completes');
    assert.ok((await page.locator('[data-testid="partition-orders-0"] [data-marker="commit"]').count()) >= 1, 'a COMMIT marker cell is drawn');
    // __transaction_state is hidden unless asked for.
    assert.equal(await page.locator('[data-testid^="partition-__transaction_state-"]').count(), 0);
    await byId(page, 'show-internal').check();
    assert.ok((await page.locator('[data-testid^="partition-__transaction_state-"]').count()) > 0);
    await byId(page, 'show-internal').uncheck();

    await byId(page, 'txn-zombie').click();
    await clickUntil(page, 'run-1s', async () => (await byId(page, 'txn-producer-2').count()) === 1
      && (await byId(page, 'txn-producer-2').getAttribute('data-state')) === 'Ready', 10, 'the second instance is Ready');
    await byId(page, 'txn-begin').click();
    await byId(page, 'produce-1').click();
    await clickUntil(page, 'run-1s', async () => (await p1.getAttribute('data-state')) === 'Fenced', 10, 'the first instance is fenced');
    await screenshot(page, 'producer-4-txn');
    assert.deepEqual(errors, [], `console/page errors:\n${errors.join('\n')}`);
  } finally {
    await browser.close();
  }
});
