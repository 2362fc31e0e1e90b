// The Kafka CLI terminal panel (issue 8, part 7): Kafka's tools typed at a prompt act on the
// cluster on view and print what Kafka prints; history, Tab completion and the console producer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, gotoApp } from './helpers.mjs';
import { byId, num, leaderOf } from './staging.mjs';

const BS = '--bootstrap-server localhost:9092';

/** Types a line at the prompt and presses Enter; returns the screen text it added. */
async function type(page, line) {
  const screen = byId(page, 'term-screen');
  const before = await screen.innerText();
  await byId(page, 'term-input').fill(line);
  await byId(page, 'term-input').press('Enter');
  await page.waitForFunction((n) => document.querySelector('[data-testid="term-screen"]').innerText.length > n, before.length);
  return (await screen.innerText()).slice(before.length);
}

test('the terminal describes, creates and produces on the cluster on view', { timeout: 150_000 }, async () => {
  const { browser, page, errors } = await launch({ viewport: { width: 1280, height: 900 } });
  try {
    await gotoApp(page, '?seed=5&lang=en');
    await byId(page, 'partition-orders-0').waitFor();
    await byId(page, 'run-1s').click();

    // --describe: Kafka's topic line, then one line per partition naming the board's leaders.
    const described = await type(page, `kafka-topics.sh ${BS} --describe --topic orders`);
    assert.match(described, /Topic: orders\tTopicId: \S+\tPartitionCount: 3\tReplicationFactor: 3\tConfigs: /);
    for (const p of [0, 1, 2]) {
      const leader = await leaderOf(page, 'orders', p);
      assert.match(described, new RegExp(`Topic: orders\\tPartition: ${p}\\tLeader: ${leader}\\tReplicas: [1-3],[1-3],[1-3]\\tIsr: `), `partition ${p}'s line`);
    }

    // --create: the new topic appears on the board.
    const created = await type(page, `kafka-topics.sh ${BS} --create --topic payments --partitions 2 --replication-factor 3`);
    assert.match(created, /Created topic payments\./);
    await byId(page, 'partition-payments-1').waitFor();
    const listed = await type(page, `kafka-topics.sh ${BS} --list`);
    assert.match(listed, /^.*\norders\npayments\n?$/s);

    // The console producer: the prompt turns into '>', each line is a record, Ctrl-D ends it.
    const produced = await num(page, 'produced-count');
    const scrubEnd = Number(await byId(page, 'scrubber').getAttribute('max'));
    await type(page, `kafka-console-producer.sh ${BS} --topic orders`);
    assert.equal(await byId(page, 'term-prompt').innerText(), '>');
    await type(page, 'hello');
    await type(page, 'world');
    await byId(page, 'term-input').press('Control+d');
    await page.waitForFunction(() => document.querySelector('[data-testid="term-prompt"]').innerText.trim() === '$');
    assert.equal(await num(page, 'produced-count'), produced + 2, 'two records were produced');
    assert.ok(Number(await byId(page, 'scrubber').getAttribute('max')) > scrubEnd, 'the timeline recorded the terminal\'s events');
    const logged = await byId(page, 'event-log').innerText();
    assert.match(logged, /payments/, 'the create is in the event log');

    // Tab completes a command, ↑ brings the last line back.
    await byId(page, 'term-input').fill('kafka-top');
    await byId(page, 'term-input').press('Tab');
    assert.equal(await byId(page, 'term-input').inputValue(), 'kafka-topics.sh ');
    await byId(page, 'term-input').fill('');
    await byId(page, 'term-input').press('ArrowUp');
    assert.equal(await byId(page, 'term-input').inputValue(), `kafka-console-producer.sh ${BS} --topic orders`);

    // Bad input gets Kafka's errors, never a dead page.
    assert.match(await type(page, `kafka-topics.sh ${BS} --frobnicate`), /frobnicate is not a recognized option/);
    assert.match(await type(page, 'kafka-nope.sh --list'), /kafka-nope\.sh: command not found/);
    assert.match(await type(page, `kafka-topics.sh ${BS} --describe --topic "unclosed`), /bash: /);
    await byId(page, 'term-input').press('Control+l');
    assert.equal((await byId(page, 'term-screen').innerText()).trim(), '', 'Ctrl-L clears the screen');
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test('in the past, a read-only command does not fork; a produce does', { timeout: 150_000 }, async () => {
  const { browser, page, errors } = await launch({ viewport: { width: 1280, height: 900 } });
  try {
    await gotoApp(page, '?seed=5&lang=en');
    await byId(page, 'partition-orders-0').waitFor();
    await byId(page, 'run-1s').click();
    await byId(page, 'produce-n').click();
    await byId(page, 'run-1s').click();
    await byId(page, 'step-back').click();
    await byId(page, 'past-note').waitFor();
    assert.match(await type(page, `kafka-consumer-groups.sh ${BS} --list`), /\$ kafka-consumer-groups/);
    assert.equal(await byId(page, 'fork-note').count(), 0, 'a --list changes nothing, so nothing forks');
    await byId(page, 'past-note').waitFor();
    await type(page, `kafka-console-producer.sh ${BS} --topic orders`);
    await type(page, 'from the past');
    await byId(page, 'fork-note').waitFor();
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});
