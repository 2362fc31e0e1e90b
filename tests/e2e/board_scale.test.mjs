// The board at scale (issue 9, P5): a lesson file with 30 brokers × 1,000 partitions at RF 3.
// The board draws one page of rows (problems first) and a line per topic whose counts are the
// lesson's own claims (computed by the simulator), pages on with "show more", and keeps working.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launch, gotoApp, screenshot } from './helpers.mjs';

const byId = (page, id) => page.locator(`[data-testid="${id}"]`);
const BIG = readFileSync(new URL('./fixtures/big-board.toml', import.meta.url));

async function waitStage(page, want) {
  await page.waitForFunction((w) => document.querySelector('[data-testid="lesson"]')?.dataset.stage === w, want, { timeout: 60_000 });
}

/** The orders line of the topic summary: [partitions, offline, under min ISR, under-replicated]. */
async function ordersLine(page) {
  return (await byId(page, 'topic-summary-orders').locator('td').allInnerTexts()).map(Number);
}

test('30 brokers × 1,000 partitions: a page of rows, problems first, and a line per topic', { timeout: 180_000 }, async () => {
  const { browser, page, errors } = await launch({ viewport: { width: 1280, height: 900 } });
  try {
    await gotoApp(page, '?lang=en');
    await byId(page, 'lesson-player').waitFor();
    await byId(page, 'lesson-file').setInputFiles({ name: 'big-board.toml', mimeType: 'text/plain', buffer: BIG });
    await byId(page, 'lesson-title-card').waitFor({ timeout: 60_000 });
    await byId(page, 'lesson-continue').click();
    await waitStage(page, 'Shown(0)');

    await byId(page, 'board-summary').waitFor();
    assert.equal(await page.locator('.partition-row').count(), 50, 'one page of rows');
    assert.match(await byId(page, 'board-showing').innerText(), /^Showing 50 of 1000 partitions.*\(0 have one\)/);
    assert.deepEqual(await ordersLine(page), [1000, 0, 0, 0]);
    // Past 6 brokers a row draws its own 3 replicas, not 30 columns.
    assert.equal(await page.locator('[data-testid^="replica-orders-0-"]').count(), 3);
    assert.equal(await page.locator('.replica.empty').count(), 0);
    assert.equal(await byId(page, 'partition-orders-0').count(), 1, 'healthy: the page starts at partition 0');
    // 30 small broker cards: Crash and the menu show, the other buttons live in the menu.
    assert.equal(await page.locator('.broker-cards.many .broker-card').count(), 30);
    assert.ok(await byId(page, 'crash-7').isVisible());
    assert.ok(!(await byId(page, 'stop-7').isVisible()) && !(await byId(page, 'stall-7').isVisible()));
    const cards = await page.locator('.broker-cards').boundingBox();
    assert.ok(cards.height < 900, `30 brokers fit in one screen: ${cards.height}px`);

    // Step 2 crashes brokers 1 and 2: the lesson claims 163 under-replicated, 37 under min ISR.
    await page.keyboard.press('ArrowRight');
    await waitStage(page, 'Shown(1)');
    const claims = await page.locator('[data-testid="claims"] li').allTextContents();
    assert.equal(claims.length, 3);
    assert.ok(claims.every((c) => c.startsWith('✓')), `the lesson's claims hold in the page: ${claims}`);
    assert.deepEqual(await ordersLine(page), [1000, 0, 37, 163]);
    // A crashed broker's small card offers Restart instead of Crash.
    assert.ok(await byId(page, 'restart-1').isVisible() && !(await byId(page, 'crash-1').isVisible()));
    assert.match(await byId(page, 'board-showing').innerText(), /\(163 have one\)/);
    const isrSizes = await page.locator('.partition-row').evaluateAll((rows) => rows.map((r) => r.dataset.isr.split(',').length));
    assert.equal(isrSizes.length, 50);
    assert.deepEqual(isrSizes.slice(0, 37), Array(37).fill(1), 'the 37 partitions under min ISR come first');
    assert.ok(isrSizes.slice(37).every((n) => n === 2), `then the under-replicated ones: ${isrSizes}`);
    await screenshot(page, 'board-scale-30x1000');

    // Show more pages on; show fewer goes back to one page.
    await byId(page, 'board-more').click();
    await page.waitForFunction(() => document.querySelectorAll('.partition-row').length === 100);
    assert.match(await byId(page, 'board-showing').innerText(), /^Showing 100 of 1000/);
    await byId(page, 'board-fewer').click();
    await page.waitForFunction(() => document.querySelectorAll('.partition-row').length === 50);

    // The board keeps up with stepping ("Try it" opens free play on the step's cluster).
    await byId(page, 'try-it').click();
    // The menu stalls replication (the small card has no button for it).
    await byId(page, 'menu-open-9').click();
    await byId(page, 'menu-stall-9').click();
    await byId(page, 'stalled-9').waitFor();
    const before = await byId(page, 'position').innerText();
    for (let i = 0; i < 20; i++) await byId(page, 'step').click();
    assert.notEqual(await byId(page, 'position').innerText(), before);
    assert.equal(await page.locator('.partition-row').count(), 50);
    assert.deepEqual(errors, [], errors.join('\n'));
  } finally {
    await browser.close();
  }
});

test('a small cluster keeps every row in order and no summary', { timeout: 60_000 }, async () => {
  const { browser, page, errors } = await launch();
  try {
    await gotoApp(page, '?lang=en');
    await byId(page, 'partition-orders-0').waitFor();
    assert.equal(await byId(page, 'board-summary').count(), 0);
    const ids = await page.locator('.partition-row').evaluateAll((rows) => rows.map((r) => r.dataset.testid));
    assert.deepEqual(ids, ['partition-orders-0', 'partition-orders-1', 'partition-orders-2']);
    assert.deepEqual(errors, [], errors.join('\n'));
  } finally {
    await browser.close();
  }
});
