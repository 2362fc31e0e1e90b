// Presenter mode (issue 6, part 3): a keyboard-only run through lesson 1 with a clicker's keys,
// the cue list, the help overlay, the black screen, and the k / r / p / . hotkeys in free play.
// Screenshots of presenter mode, the embed at 800×600 and a phone at 375 px are saved to look at.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, gotoApp, screenshot } from './helpers.mjs';
import { byId, num } from './staging.mjs';

const LESSON = 'acks1-loses-acknowledged-records';
const stage = (page) => byId(page, 'lesson').getAttribute('data-stage');

async function waitStageNot(page, old) {
  await page.waitForFunction((o) => document.querySelector('[data-testid="lesson"]')?.dataset.stage !== o, old, { timeout: 10_000 });
}

test('presenter mode: lesson 1 with clicker keys only, the cue list, help and black screen', { timeout: 150_000 }, async () => {
  const { browser, page, errors } = await launch({ viewport: { width: 1280, height: 800 } });
  try {
    await gotoApp(page, `?lang=en&presenter=1&lesson=${LESSON}`);
    await byId(page, 'lesson-title-card').waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.dataset.presenter), '1');
    assert.equal(await byId(page, 'presenter-toggle').getAttribute('aria-pressed'), 'true');
    // Large type: the root font is bigger than the browser's 16 px.
    const rootPx = await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
    assert.ok(rootPx >= 19, `root font ${rootPx}px`);
    const cues = byId(page, 'cue-list').locator('button.cue');
    assert.equal(await cues.count(), 6, 'one cue per step of lesson 1');

    // PageDown walks forward (a clicker's "next"); at the question, a digit and Enter answer.
    for (let guard = 0; guard < 20; guard++) {
      const s = await stage(page);
      if (s === 'End') break;
      if (s.startsWith('Asking')) {
        await page.keyboard.press('2');
        await page.keyboard.press('Enter');
        await byId(page, 'reveal').waitFor();
        continue;
      }
      await page.keyboard.press('PageDown');
      await waitStageNot(page, s);
    }
    assert.equal(await stage(page), 'End');
    // PageUp goes back a step.
    await page.keyboard.press('PageUp');
    await waitStageNot(page, 'End');
    assert.equal(await stage(page), 'Shown(5)');
    assert.equal(await byId(page, 'cue-5').getAttribute('aria-current'), 'step');

    // The cue list jumps, by keyboard: focus a cue with Tab and press Enter.
    await byId(page, 'cue-1').focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('[data-testid="lesson"]')?.dataset.stage === 'Shown(1)');
    assert.equal(await byId(page, 'cue-1').getAttribute('aria-current'), 'step');
    await byId(page, 'cue-1').blur();

    // ? shows the keys, Esc closes them.
    await page.keyboard.press('?');
    await byId(page, 'presenter-help').waitFor();
    assert.match(await byId(page, 'presenter-help').textContent(), /black screen/);
    await screenshot(page, 'presenter-help');
    await page.keyboard.press('Escape');
    await byId(page, 'presenter-help').waitFor({ state: 'detached' });

    // b blacks the screen out and swallows other keys; b brings it back where it was.
    await page.keyboard.press('b');
    await byId(page, 'black-screen').waitFor();
    await page.keyboard.press('PageDown');
    assert.equal(await stage(page), 'Shown(1)', 'keys do nothing behind the black screen');
    await page.keyboard.press('b');
    await byId(page, 'black-screen').waitFor({ state: 'detached' });
    await screenshot(page, 'presenter-lesson');
    assert.deepEqual(errors, [], errors.join('\n'));
  } finally {
    await browser.close();
  }
});

test('presenter hotkeys in free play: p produces, k crashes the leader, r restarts, . plays', { timeout: 120_000 }, async () => {
  const { browser, page, errors } = await launch({ viewport: { width: 1280, height: 800 } });
  try {
    await gotoApp(page, '?lang=en&seed=3');
    await byId(page, 'partition-orders-0').waitFor();
    // The header button turns presenter mode on (and off).
    await byId(page, 'presenter-toggle').focus();
    await page.keyboard.press('Enter');
    await byId(page, 'presenter').waitFor();
    await byId(page, 'presenter-toggle').blur();

    await byId(page, 'presenter-partition').selectOption('orders-1');
    await byId(page, 'presenter-partition').blur();
    await page.keyboard.press('p');
    assert.equal(await num(page, 'produced-count'), 1, 'p produced one record');

    const leader = await byId(page, 'partition-orders-1').getAttribute('data-leader');
    assert.match(leader, /^[1-3]$/);
    await page.keyboard.press('k');
    assert.equal(await byId(page, `broker-${leader}`).getAttribute('data-status'), 'crashed', 'k crashed the leader of orders-1');
    await page.keyboard.press('r');
    assert.notEqual(await byId(page, `broker-${leader}`).getAttribute('data-status'), 'crashed', 'r restarted it');

    // → steps the simulator in free play, ← steps back.
    const before = Number(await byId(page, 'position').textContent());
    await page.keyboard.press('ArrowRight');
    assert.equal(Number(await byId(page, 'position').textContent()), before + 1);
    await page.keyboard.press('ArrowLeft');
    assert.equal(Number(await byId(page, 'position').textContent()), before);

    await page.keyboard.press('.');
    assert.equal(await byId(page, 'play').getAttribute('aria-pressed'), 'true', '. plays');
    await page.keyboard.press('.');
    assert.equal(await byId(page, 'play').getAttribute('aria-pressed'), 'false', '. pauses');
    await screenshot(page, 'presenter-free-play');

    // Off again: the hotkeys are presenter-only.
    await byId(page, 'presenter-toggle').click();
    await byId(page, 'presenter-toggle').blur();
    await page.keyboard.press('p');
    assert.equal(await num(page, 'produced-count'), 1, 'p does nothing outside presenter mode');
    assert.deepEqual(errors, [], errors.join('\n'));
  } finally {
    await browser.close();
  }
});

test('screenshots to look at: the embed at 800×600 and phones at 320, 375 and 430 px', { timeout: 90_000 }, async () => {
  for (const [name, viewport, rel] of [
    ['embed-800x600', { width: 800, height: 600 }, '?embed=1&lang=en'],
    ['phone-375', { width: 375, height: 740 }, '?lang=en'],
    // The narrowest and widest phones the issue names: checked for sideways scrolling too.
    ['phone-320', { width: 320, height: 640 }, '?lang=en'],
    ['phone-430', { width: 430, height: 900 }, '?lang=ko'],
  ]) {
    const { browser, page, errors } = await launch({ viewport });
    try {
      await gotoApp(page, rel);
      await byId(page, 'partition-orders-0').waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 1, `${name}: no sideways scrolling (${overflow}px too wide)`);
      await page.screenshot({ path: `tests/e2e/out/${name}.png` });
      assert.deepEqual(errors, [], errors.join('\n'));
    } finally {
      await browser.close();
    }
  }
});
