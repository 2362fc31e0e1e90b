// No dead page (issue: "console_error_panic_hook, plus an error banner offering 'reset to last good
// state'"): a panic keeps console_error_panic_hook's console message and puts a plain DOM banner
// over the app; its reset opens the last good share link kept in sessionStorage, with no reload
// loop. Panics come from the test hook `?debug_panic=1` (right after mount) and
// `?debug_panic=event` (on a `kplay-debug-panic` window event), see src/ui/panic_banner.rs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, gotoApp, url } from './helpers.mjs';
import { byId, num } from './staging.mjs';

// The panic itself is expected here: its console message and the trap it ends in.
const EXPECTED = [/panicked at/, /debug_panic/, /RuntimeError: unreachable/, /unreachable/];

const banner = (page) => byId(page, 'panic-banner');
const lastGood = (page) => page.evaluate(() => sessionStorage.getItem('kplay.last_good'));

async function healthy(page) {
  await page.locator('section.board').first().waitFor();
  await page.waitForTimeout(300);
  assert.equal(await banner(page).count(), 0, 'no panic banner');
}

test('a panic right after mount shows the banner (en, ko); with nothing saved it offers a clean start', { timeout: 90_000 }, async () => {
  const { browser, page, errors } = await launch({ ignore: EXPECTED });
  const logged = [];
  page.on('console', (m) => logged.push(m.text()));
  try {
    await page.goto(url('?debug_panic=1&lang=en'));
    await banner(page).waitFor();
    assert.equal(await banner(page).getAttribute('role'), 'alert');
    assert.match(await banner(page).innerText(), /Something broke inside the playground\./);
    assert.equal(await byId(page, 'panic-reset').count(), 0, 'nothing saved yet: no reset');
    assert.match(await byId(page, 'panic-clean').innerText(), /Start clean/);
    assert.ok(logged.some((t) => /panicked at/.test(t) && /debug_panic/.test(t)), 'console_error_panic_hook still logs the panic');
    assert.equal(await page.locator('main[data-testid="app"][inert]').count(), 1, 'the dead app takes no clicks');

    await page.goto(url('?debug_panic=1&lang=ko'));
    await banner(page).waitFor();
    assert.match(await banner(page).innerText(), /플레이그라운드 내부에서 문제가 생겼습니다\./);
    assert.match(await byId(page, 'panic-clean').innerText(), /처음부터 새로 시작/);

    await byId(page, 'panic-clean').click();
    await page.waitForURL((u) => !u.search.includes('debug_panic'));
    await healthy(page);
    assert.equal(new URL(page.url()).search, '?lang=ko', 'a clean start keeps Korean; kplay_reset is taken off the address');
    assert.deepEqual(errors, [], errors.join('\n'));
  } finally {
    await browser.close();
  }
});

test('"Reset to last good state" reopens the run as it was before the panic', { timeout: 120_000 }, async () => {
  const { browser, page, errors } = await launch({ ignore: EXPECTED });
  try {
    // A run with three produce actions; its link is saved as the last good state.
    await gotoApp(page, '?seed=5&lang=en&debug_panic=event');
    await page.locator('section.board').first().waitFor();
    for (let i = 0; i < 3; i++) await byId(page, 'produce-1').click();
    await byId(page, 'run-1s').click();
    await page.waitForFunction(() => (sessionStorage.getItem('kplay.last_good') || '').includes('#s='));
    const saved = await lastGood(page);
    assert.ok(!saved.includes('debug_panic'), `the saved link leaves the test hook out: ${saved}`);
    const produced = await num(page, 'produced-count');
    assert.ok(produced >= 3, `produced ${produced}`);

    // A panic inside the running app (from an event handler).
    await page.evaluate(() => window.dispatchEvent(new Event('kplay-debug-panic')));
    await banner(page).waitFor();
    const href = await byId(page, 'panic-reset').getAttribute('href');
    assert.ok(href.includes('kplay_reset=') && href.endsWith(saved.slice(saved.indexOf('#'))), href);
    assert.equal(await lastGood(page), saved, 'nothing is saved after the panic');
    await byId(page, 'panic-reset').click();
    await page.waitForURL((u) => !u.search.includes('debug_panic'));
    await healthy(page);
    assert.ok(!page.url().includes('kplay_reset'), `kplay_reset is taken off the address: ${page.url()}`);
    assert.equal(await num(page, 'produced-count'), produced, 'the run is back as it was');

    // The same after a panic while loading a fresh page: the reset goes to the saved run.
    await page.goto(url('?seed=5&lang=en&debug_panic=1'));
    await banner(page).waitFor();
    await byId(page, 'panic-reset').click();
    await page.waitForURL((u) => !u.search.includes('debug_panic'));
    await healthy(page);
    assert.equal(await num(page, 'produced-count'), produced);
    assert.deepEqual(errors, [], errors.join('\n'));
  } finally {
    await browser.close();
  }
});

test('a last good link that panics as it loads offers only "Start clean" (no reload loop)', { timeout: 90_000 }, async () => {
  const { browser, page, errors } = await launch({ ignore: EXPECTED });
  try {
    await gotoApp(page, '?seed=5&lang=en');
    await byId(page, 'produce-1').click();
    await page.waitForFunction(() => (sessionStorage.getItem('kplay.last_good') || '').includes('#s='));
    // Make the saved link itself panic on load (the app never saves the test hook; we do).
    await page.evaluate(() => {
      const u = new URL(sessionStorage.getItem('kplay.last_good'));
      u.searchParams.set('debug_panic', '1');
      sessionStorage.setItem('kplay.last_good', u.href);
    });
    await page.goto(url('?seed=5&lang=en&debug_panic=1'));
    await banner(page).waitFor();
    await byId(page, 'panic-reset').click();
    // The reset link panics at once: now only a clean start is offered.
    await page.waitForURL((u) => u.hash.startsWith('#s='));
    await banner(page).waitFor();
    assert.equal(await byId(page, 'panic-reset').count(), 0, 'no second reset to the link that just panicked');
    await byId(page, 'panic-clean').click();
    await page.waitForURL((u) => !u.hash);
    await healthy(page);
    assert.deepEqual(errors, [], errors.join('\n'));
  } finally {
    await browser.close();
  }
});
