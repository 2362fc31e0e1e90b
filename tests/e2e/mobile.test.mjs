// Touch and the broker menu (issue 6, part 5): on a 375 px phone a long press on a broker card
// opens its menu (there is no right click), which also isolates a broker from the network and
// heals it; a right click and the "⋯" button open the same menu; a short tap or a scroll does not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, gotoApp, screenshot } from './helpers.mjs';
import { byId } from './staging.mjs';

async function press(page, locator, ms, move = 0) {
  const box = await locator.boundingBox();
  const at = { clientX: Math.round(box.x + 20), clientY: Math.round(box.y + 20) };
  await locator.dispatchEvent('pointerdown', { pointerType: 'touch', isPrimary: true, bubbles: true, ...at });
  if (move) await locator.dispatchEvent('pointermove', { pointerType: 'touch', bubbles: true, clientX: at.clientX, clientY: at.clientY + move });
  await page.waitForTimeout(ms);
  await locator.dispatchEvent('pointerup', { pointerType: 'touch', bubbles: true, ...at });
}

test('a long press on a broker card opens its menu; isolate and heal from it', { timeout: 90_000 }, async () => {
  const { browser, page, errors } = await launch({ viewport: { width: 375, height: 740 } });
  try {
    await gotoApp(page, '?lang=en&seed=3');
    await byId(page, 'partition-orders-0').waitFor();
    const card = byId(page, 'broker-2');
    const menu = byId(page, 'broker-menu-2');

    // A tap and a scrolling finger are not a long press.
    await press(page, card, 100);
    await page.waitForTimeout(600);
    assert.equal(await menu.count(), 0, 'a short tap opens nothing');
    await press(page, card, 700, 40);
    assert.equal(await menu.count(), 0, 'a finger that moves is scrolling');

    await press(page, card, 700);
    await menu.waitFor();
    await screenshot(page, 'broker-menu-phone');
    assert.equal(await byId(page, 'menu-heal-2').isDisabled(), true, 'nothing to heal yet');
    await byId(page, 'menu-isolate-2').click();
    await menu.waitFor({ state: 'detached' });
    assert.equal(await card.getAttribute('data-isolated'), 'true');
    await byId(page, 'isolated-2').waitFor();

    // Cut off, broker 2 misses its heartbeats: the controller fences it.
    await byId(page, 'run-10s').click();
    assert.match(await card.textContent(), /fenced/);

    await press(page, card, 700);
    await byId(page, 'menu-heal-2').click();
    assert.equal(await card.getAttribute('data-isolated'), 'false');
    assert.deepEqual(errors, [], errors.join('\n'));
  } finally {
    await browser.close();
  }
});

test('the same menu by right click and by keyboard', { timeout: 60_000 }, async () => {
  const { browser, page, errors } = await launch();
  try {
    await gotoApp(page, '?lang=en');
    await byId(page, 'partition-orders-0').waitFor();
    await byId(page, 'broker-1').click({ button: 'right' });
    await byId(page, 'broker-menu-1').waitFor();
    await page.keyboard.press('Escape');
    await byId(page, 'broker-menu-1').waitFor({ state: 'detached' });

    await byId(page, 'menu-open-3').focus();
    await page.keyboard.press('Enter');
    await byId(page, 'broker-menu-3').waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'menu-crash-3', 'focus lands on the first item');
    await page.keyboard.press('Enter');
    assert.equal(await byId(page, 'broker-3').getAttribute('data-status'), 'crashed');
    assert.deepEqual(errors, [], errors.join('\n'));
  } finally {
    await browser.close();
  }
});
