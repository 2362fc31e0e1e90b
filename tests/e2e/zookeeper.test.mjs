// ZooKeeper mode (lesson 24): the ensemble panel stops and starts servers, says when the quorum
// is lost (by text and a dashed node, not colour alone) and names the controller's broker.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, gotoApp } from './helpers.mjs';
import { byId } from './staging.mjs';

test('the ZooKeeper panel stops servers until the quorum is lost, and starts them again', { timeout: 90_000 }, async () => {
  const { browser, page, errors } = await launch({ viewport: { width: 1280, height: 900 } });
  try {
    await gotoApp(page, '?lang=en&lesson=zookeeper-vs-kraft&step=1');
    const quorum = byId(page, 'zk-quorum');
    await quorum.waitFor();
    assert.match(await quorum.textContent(), /3\/3 · quorum: metadata can change/);
    assert.match(await byId(page, 'zk-controller').textContent(), /controller: B1 \(controller epoch 1\)/);
    await byId(page, 'zk-server-1').click();
    await page.waitForFunction(() => /2\/3/.test(document.querySelector('[data-testid="zk-quorum"]')?.textContent ?? ''));
    assert.equal(await byId(page, 'zk-server-1').getAttribute('aria-pressed'), 'false');
    await byId(page, 'zk-server-2').click();
    await page.waitForFunction(() => /no quorum/.test(document.querySelector('[data-testid="zk-quorum"]')?.textContent ?? ''));
    assert.match(await byId(page, 'zk-node').getAttribute('class'), /frozen/);
    await page.screenshot({ path: 'target/e2e-zookeeper.png' });
    await byId(page, 'zk-server-2').click();
    await page.waitForFunction(() => /2\/3 · quorum/.test(document.querySelector('[data-testid="zk-quorum"]')?.textContent ?? ''));
    assert.doesNotMatch(await byId(page, 'zk-node').getAttribute('class'), /frozen/);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test('new addresses for every broker: the producer is flagged stale until it rebootstraps', { timeout: 90_000 }, async () => {
  const { browser, page, errors } = await launch({ viewport: { width: 1280, height: 900 } });
  try {
    await gotoApp(page, '?lang=en&seed=4');
    await byId(page, 'addr-1').waitFor();
    assert.equal((await byId(page, 'addr-1').textContent()).trim(), '10.0.0.1');
    await byId(page, 'change-addresses').click();
    await page.waitForFunction(() => /10\.0\.1\.1 ⚠ stale/.test(document.querySelector('[data-testid="addr-1"]')?.textContent ?? ''));
    await byId(page, 'produce-1').click();
    await byId(page, 'run-10s').click();
    await page.waitForFunction(() => (document.querySelector('[data-testid="addr-1"]')?.textContent ?? '').trim() === '10.0.1.1', null, { timeout: 20_000 });
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test('lesson 26 in the browser: the group panel shows the poison settings of the lesson and changes them', { timeout: 90_000 }, async () => {
  const { browser, page, errors } = await launch({ viewport: { width: 1280, height: 900 } });
  try {
    await gotoApp(page, '?lang=en&lesson=poison-record-dead-letter&step=1');
    await byId(page, 'predict').waitFor();
    await byId(page, 'choice-2').check();
    await byId(page, 'predict-answer').click();
    await page.locator('[data-testid="groups"] details.settings > summary').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="poison-key"]')?.value === 'bad', null, { timeout: 20_000 });
    assert.equal(await byId(page, 'poison-handling').inputValue(), 'retry');
    await byId(page, 'poison-handling').selectOption('dead-letter');
    await page.waitForFunction(() => document.querySelector('[data-testid="poison-handling"]')?.value === 'dead-letter');
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});
