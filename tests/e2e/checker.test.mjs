// The checker panel reads every group's deliveries against the log; a badge with records opens
// exactly those records in the ledger table, and "Show all records" gives the full table back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, gotoApp } from './helpers.mjs';
import { byId, clickUntil, num, stageAckedLoss } from './staging.mjs';

const ledgerRows = (page) => page.locator('[data-testid="records"] tbody tr').count();
const badge = (page, scope, anomaly) =>
  page.locator(`${scope} [data-testid="check-badge"][data-anomaly="${anomaly}"]`);

test('acknowledged-lost badge counts what the ledger counts and picks those rows', { timeout: 120_000 }, async () => {
  const { browser, page, errors } = await launch({ viewport: { width: 1280, height: 900 } });
  try {
    await gotoApp(page, '?seed=5&lang=en');
    const ackedLost = badge(page, '[data-testid="checker-cluster"]', 'acked-lost');
    assert.equal(await ackedLost.getAttribute('data-count'), '0');
    assert.ok(await ackedLost.isDisabled(), 'a badge with nothing to show cannot be clicked');
    await byId(page, 'checker-empty').waitFor();

    await stageAckedLoss(page);
    await byId(page, 'produce-n').click(); // records the new leader keeps, so the full table has more rows
    await byId(page, 'run-1s').click();
    const lost = await num(page, 'acked-lost-count');
    assert.equal(Number(await ackedLost.getAttribute('data-count')), lost);
    const all = await ledgerRows(page);
    assert.ok(all > lost, `the ledger lists more than the lost records (${all} rows)`);

    await ackedLost.click();
    await byId(page, 'ledger-pick').waitFor();
    assert.equal(await ackedLost.getAttribute('aria-pressed'), 'true');
    assert.match(await byId(page, 'ledger-pick').textContent(), new RegExp(`acknowledged, lost \\(${lost}\\)`));
    assert.equal(await ledgerRows(page), lost, 'the pick shows exactly the lost records');
    assert.equal(await page.locator('[data-testid="records"] [data-testid="lost-record"]').count(), lost);

    await byId(page, 'ledger-pick-clear').click();
    assert.equal(await byId(page, 'ledger-pick').count(), 0);
    assert.equal(await ackedLost.getAttribute('aria-pressed'), 'false');
    assert.equal(await ledgerRows(page), all);
    assert.deepEqual(errors, [], `console/page errors:\n${errors.join('\n')}`);
  } finally {
    await browser.close();
  }
});

test('commit after processing, then a consumer crash: the group badge names the duplicates', { timeout: 180_000 }, async () => {
  const { browser, page, errors } = await launch({ viewport: { width: 1280, height: 900 } });
  try {
    await gotoApp(page, '?seed=4&lang=en');
    await page.locator('[data-testid="groups"] details.settings > summary').click();
    await byId(page, 'commit-mode').selectOption('after-processing');
    await byId(page, 'processing-ms').fill('200');
    await byId(page, 'processing-ms').dispatchEvent('change');
    await byId(page, 'add-consumer').click();
    await byId(page, 'add-consumer').click();
    const assigned = async () => (await byId(page, 'consumer-assigned-1').innerText()).includes('orders')
      && (await byId(page, 'consumer-assigned-2').innerText()).includes('orders');
    await clickUntil(page, 'run-1s', assigned, 20, 'both consumers get partitions');

    const row = page.locator('[data-testid="checker-group"]');
    assert.equal(await row.count(), 1);
    const group = await row.getAttribute('data-group');
    const produceEverywhere = async () => {
      for (const p of ['0', '1', '2']) {
        await byId(page, 'partition').selectOption(p);
        await byId(page, 'produce-n').click();
      }
    };
    // A first batch is processed and committed (auto.offset.reset=latest: a partition nobody
    // committed would be read from its end by the next owner), then a second one is cut short.
    await produceEverywhere();
    await byId(page, 'run-10s').click();
    assert.equal(await row.getAttribute('data-verdict'), 'exactly-once');
    await produceEverywhere();
    await byId(page, 'run-1s').click();
    await byId(page, 'consumer-crash-1').click();
    const dup = badge(page, `[data-testid="checker-group"][data-group="${group}"]`, 'duplicated');
    await clickUntil(page, 'run-10s', async () => Number(await dup.getAttribute('data-count')) > 0, 12,
      'the surviving consumer processes the uncommitted part of the batch again');
    assert.equal(await row.getAttribute('data-clean'), 'false');
    assert.equal(await row.getAttribute('data-verdict'), 'at-least-once', 'duplicates do not break at-least-once');
    assert.match(await row.innerText(), /at-least-once held/);

    const count = Number(await dup.getAttribute('data-count'));
    await dup.click();
    assert.match(await byId(page, 'ledger-pick').textContent(), new RegExp(`${group} · consumed twice \\(${count}\\)`));
    assert.equal(await ledgerRows(page), count, 'the pick shows exactly the duplicated records');
    await page.screenshot({ path: 'target/e2e-checker.png', fullPage: false });
    assert.deepEqual(errors, [], `console/page errors:\n${errors.join('\n')}`);
  } finally {
    await browser.close();
  }
});
