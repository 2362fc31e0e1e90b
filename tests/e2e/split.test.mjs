// Split screen: one script, one seed, acks=1 on the left and acks=all on the right; they step
// together and the differences are highlighted. Reached from the URL and from a lesson step.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, gotoApp, screenshot } from './helpers.mjs';
import { byId } from './staging.mjs';

const diffRow = (page, what) => byId(page, 'split').locator(`tr[data-what="${what}"]`);
const cells = async (page, what) => (await diffRow(page, what).locator('td').allInnerTexts()).map((s) => s.trim());

test('?split=acks: the same staging loses acknowledged records with acks=1 only', { timeout: 150_000 }, async () => {
  const { browser, page, errors } = await launch({ viewport: { width: 1280, height: 900 } });
  try {
    await gotoApp(page, '?seed=14&lang=en&split=acks');
    await byId(page, 'split').waitFor();
    assert.match(await byId(page, 'split').locator('h2').innerText(), /acks=1 vs acks=all/);
    await byId(page, 'split-stall').click();
    await byId(page, 'split-run-1s').click();
    await byId(page, 'split-produce').click();
    for (let i = 0; i < 40; i++) await byId(page, 'split-step').click();
    const [ackL, ackR] = await cells(page, 'acknowledged');
    assert.equal(ackL, '10', 'acks=1: the leader alone acknowledges');
    assert.equal(ackR, '0', 'acks=all: no ack while the followers are stalled');
    assert.equal(await diffRow(page, 'acknowledged').getAttribute('data-testid'), 'split-diff', 'the difference is highlighted');
    await byId(page, 'split-crash-leader').click();
    for (let i = 0; i < 4; i++) await byId(page, 'split-run-10s').click();
    assert.deepEqual(await cells(page, 'acknowledged but lost'), ['10', '0']);
    assert.deepEqual(await cells(page, 'records produced'), ['10', '10'], 'the same script on both sides');
    assert.equal(await diffRow(page, 'records produced').getAttribute('data-testid'), 'split-same');
    // Both sides drew their own cluster, at the same virtual time.
    assert.equal(await byId(page, 'split-left').locator('[data-testid="partition-orders-0"]').count(), 1);
    assert.equal(await byId(page, 'split-right').locator('[data-testid="partition-orders-0"]').count(), 1);
    assert.ok(Number(await byId(page, 'split-diff-count').innerText()) >= 2);
    await screenshot(page, 'split-screen');
    await byId(page, 'split-close').click();
    assert.equal(await byId(page, 'split').count(), 0);
    assert.deepEqual(errors, [], `console/page errors:\n${errors.join('\n')}`);
  } finally {
    await browser.close();
  }
});

test('a lesson step opens the split screen on the lesson run; a bad ?split= says why', { timeout: 150_000 }, async () => {
  const { browser, page, errors } = await launch({ viewport: { width: 1280, height: 900 } });
  try {
    await gotoApp(page, '?lesson=acks1-loses-acknowledged-records&step=6&lang=en');
    await byId(page, 'lesson-compare').click();
    await byId(page, 'split').waitFor();
    assert.deepEqual(await cells(page, 'acknowledged but lost'), ['3', '0'], 'the lesson\'s 3 lost acks; none with acks=all');
    await page.goto(page.url().replace(/\?.*/, '?split=acks:1:7'));
    await page.locator('[role="alert"]').waitFor();
    assert.match(await page.locator('[role="alert"]').innerText(), /acks=7/);
    assert.equal(await byId(page, 'split').count(), 0, 'no split screen, and the page works');
    await byId(page, 'partition-orders-0').waitFor();
    assert.deepEqual(errors, [], `console/page errors:\n${errors.join('\n')}`);
  } finally {
    await browser.close();
  }
});

test('lesson 24: the split screen replays the quorum loss in KRaft mode, where a leader is elected', { timeout: 150_000 }, async () => {
  const { browser, page, errors } = await launch({ viewport: { width: 1280, height: 900 } });
  try {
    await gotoApp(page, '?lesson=zookeeper-vs-kraft&step=3&lang=en');
    // Step 3 asks its question first; its actions run once it is answered.
    await byId(page, 'predict').waitFor();
    await byId(page, 'choice-2').check();
    await byId(page, 'predict-answer').click();
    await byId(page, 'lesson-compare').click({ timeout: 30_000 });
    await byId(page, 'split').waitFor();
    assert.match(await byId(page, 'split').locator('h2').innerText(), /sim\.metadata\.mode=zookeeper vs sim\.metadata\.mode=kraft/);
    assert.deepEqual(await cells(page, 'orders-0 leader'), ['broker 2', 'broker 1'],
      'ZooKeeper without a quorum keeps the dead leader; the KRaft controller elects broker 1');
    assert.equal(await diffRow(page, 'orders-0 leader').getAttribute('data-testid'), 'split-diff');
    await page.screenshot({ path: 'target/e2e-split-metadata.png' });
    assert.deepEqual(errors, [], `console/page errors:\n${errors.join('\n')}`);
  } finally {
    await browser.close();
  }
});
