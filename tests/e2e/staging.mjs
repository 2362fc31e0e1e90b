// Shared staging for end-to-end tests that need a cluster in a known state, by clicks only.
import assert from 'node:assert/strict';

export const byId = (page, id) => page.locator(`[data-testid="${id}"]`);
// textContent, not innerText: the bottom panels use content-visibility:auto, and off screen
// Chromium skips their rendering, so innerText reads what was last painted.
export const num = async (page, id) => Number(await byId(page, id).textContent());

export async function leaderOf(page, topic, p) {
  return byId(page, `partition-${topic}-${p}`).getAttribute('data-leader');
}

/** Clicks `button` until `done()` is true, at most `max` times; fails with `what`. */
export async function clickUntil(page, button, done, max, what) {
  for (let i = 0; i < max; i++) {
    if (await done()) return i;
    await byId(page, button).click();
  }
  assert.ok(await done(), `${what} (gave up after ${max} clicks on ${button})`);
  return max;
}

/**
 * The acks=1 loss (see story.test.mjs for it told step by step): stall the followers, produce
 * 10 records to orders-0, step to their acks, crash the leader, step until the new leader takes
 * over without them. Returns the old leader.
 */
export async function stageAckedLoss(page) {
  const oldLeader = await leaderOf(page, 'orders', 0);
  await byId(page, 'acks-1').check();
  for (const b of ['1', '2', '3'].filter((b) => b !== oldLeader)) await byId(page, `stall-${b}`).click();
  await byId(page, 'run-1s').click();
  await byId(page, 'partition').selectOption('0');
  await byId(page, 'produce-n').click();
  await clickUntil(page, 'step', async () => (await num(page, 'acked-count')) === 10, 80, 'the producer gets its 10 acks');
  await byId(page, 'crash-leader-p0').click();
  await clickUntil(page, 'step-notable', async () => (await num(page, 'acked-lost-count')) > 0, 30, 'the acknowledged records are lost');
  return oldLeader;
}

/**
 * The text of `locator` as a reader sees it once scrolled to: the bottom panels use
 * content-visibility:auto, so Chromium paints them only a frame after they come into view, and
 * innerText before that reads nothing.
 */
export async function seenText(page, locator) {
  await locator.scrollIntoViewIfNeeded();
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  return locator.innerText();
}
