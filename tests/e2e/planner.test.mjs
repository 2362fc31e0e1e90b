// The partition planner panel (issue 8, part 6): rates give a partition count; the replica
// spread, RF against min.insync.replicas, topic names and growing a keyed topic are warned about;
// bad input is named, never a crash.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, gotoApp, screenshot } from './helpers.mjs';
import { byId } from './staging.mjs';

async function set(page, id, value) {
  await byId(page, id).fill(String(value));
  await byId(page, id).press('Tab'); // commits the change event
}

const text = async (page, id) => (await byId(page, id).textContent()).trim();

test('the planner computes partitions and warns like an operator would', { timeout: 90_000 }, async () => {
  const { browser, page, errors } = await launch({ viewport: { width: 1280, height: 900 } });
  try {
    await gotoApp(page, '?lang=en');
    await byId(page, 'planner').scrollIntoViewIfNeeded();

    // The seed notes' example: 1,000 records/s, 100 per consumer -> 10 partitions.
    assert.equal(await text(page, 'plan-needed'), '10');
    await set(page, 'plan-producer-rate', 1001);
    assert.equal(await text(page, 'plan-needed'), '11');
    assert.match(await text(page, 'plan-warnings'), /Too few partitions: 10 consumers at most can share the work, 11 are needed/);

    // 6 brokers, RF 3: 5 partitions cannot be even; 6 are, 3 replicas on every broker.
    await set(page, 'plan-producer-rate', 500);
    await set(page, 'plan-partitions', 5);
    assert.match(await text(page, 'plan-warnings'), /15 replicas cannot split evenly over 6 brokers/);
    await set(page, 'plan-partitions', 6);
    const bars = await byId(page, 'plan-spread').locator('li .plan-n').allTextContents();
    assert.deepEqual(bars, ['3', '3', '3', '3', '3', '3']);
    assert.match(await text(page, 'plan-ok'), /No warnings/);

    // RF = min.insync.replicas; a name with '_'; growing a keyed topic.
    await set(page, 'plan-min-isr', 3);
    await byId(page, 'plan-topic').fill('order_events');
    await byId(page, 'plan-topic').press('Tab');
    await set(page, 'plan-existing', 3);
    const warned = await text(page, 'plan-warnings');
    assert.match(warned, /No fault tolerance: replication.factor 3 = min.insync.replicas 3/);
    assert.match(warned, /period \('.'\) or underscore \('_'\) could collide/);
    assert.match(warned, /Growing from 3 to 6 partitions moves about \d+% of keys/);

    // Bad input names the field; the page lives on.
    await set(page, 'plan-consumer-rate', 0);
    assert.match(await text(page, 'plan-error'), /consumer rate must be between 1 and/);
    await set(page, 'plan-consumer-rate', 100);
    await set(page, 'plan-brokers', 10000);
    assert.match(await text(page, 'plan-error'), /brokers must be between 1 and 100/);

    // Loading a topic of the cluster copies its shape.
    await byId(page, 'plan-load').selectOption('orders');
    assert.equal(await byId(page, 'plan-partitions').inputValue(), '3');
    assert.equal(await byId(page, 'plan-brokers').inputValue(), '3');
    assert.equal(await byId(page, 'plan-topic').inputValue(), 'orders');

    await set(page, 'plan-partitions', 5);
    await screenshot(page, 'planner');
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test('the planner speaks Korean', { timeout: 60_000 }, async () => {
  const { browser, page, errors } = await launch();
  try {
    await gotoApp(page, '?lang=ko');
    await byId(page, 'planner').scrollIntoViewIfNeeded();
    assert.match(await byId(page, 'planner').textContent(), /파티션 플래너/);
    await set(page, 'plan-partitions', 5);
    assert.match(await text(page, 'plan-warnings'), /레플리카 15개는 브로커 6대에 고르게 나뉘지 않아/);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});
