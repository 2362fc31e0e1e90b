// Embedding: embed-demo.html frames the app with sandbox="allow-scripts" (an opaque origin) and
// talks to it by postMessage. Events arrive, commands change the state, a foreign origin is
// ignored and not answered, and the app renders under a strict Content-Security-Policy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launch, url, OUT_DIR } from './helpers.mjs';

async function events(page, type) {
  return page.evaluate((t) => window.kplayEvents.filter((e) => e.type === t), type);
}

async function waitEvent(page, type, pred = '() => true') {
  await page.waitForFunction(([t, p]) => window.kplayEvents.some((e) => e.type === t && eval(p)(e)), [type, pred], { timeout: 20_000 });
}

test('embed-demo: events arrive and commands drive the playground', { timeout: 120_000 }, async () => {
  const { browser, page, errors } = await launch({ viewport: { width: 1280, height: 900 } });
  try {
    await page.goto(url('embed-demo.html?lang=en&seed=7'), { waitUntil: 'load' });
    await waitEvent(page, 'ready');
    const [ready] = await events(page, 'ready');
    assert.equal(ready.protocol, 1);
    assert.equal(ready.seed, 7);
    assert.deepEqual(ready.commands, ['step', 'play', 'pause', 'reset', 'goto']);

    const app = page.frameLocator('#kplay');
    const position = async () => Number(await app.locator('[data-testid="position"]').innerText());
    assert.equal(await position(), 0);
    assert.equal(await app.locator('html[data-embed]').count(), 1, 'the embed layout is on');

    await page.click('button[data-cmd="step"]');
    await waitEvent(page, 'state-changed', '(e) => e.position === 1');
    assert.equal(await position(), 1);

    await page.click('button[data-cmd="play"]');
    await waitEvent(page, 'state-changed', '(e) => e.playing === true');
    await app.locator('[data-testid="play"][aria-pressed="true"]').waitFor();
    await page.waitForTimeout(600);
    await page.click('button[data-cmd="pause"]');
    await waitEvent(page, 'state-changed', '(e) => e.playing === false');
    const paused = await position();
    assert.ok(paused > 1, `play moved the run on (position ${paused})`);
    await page.waitForTimeout(400);
    assert.equal(await position(), paused, 'pause holds it');

    // The viewer crashes a broker inside the frame: the host hears about it.
    await app.locator('[data-testid="crash-2"]').click();
    await waitEvent(page, 'broker-state-changed', '(e) => e.broker === 2 && e.status === "crashed" && e.previous === "running"');

    await page.click('button[data-cmd="reset"]');
    await waitEvent(page, 'state-changed', '(e) => e.position === 0 && e.now === 0');
    assert.equal(await position(), 0);
    assert.equal(await app.locator('[data-testid="broker-2"]').getAttribute('data-status'), 'running');

    await page.click('button[data-cmd="explode"]');
    await waitEvent(page, 'error', '(e) => /unknown command .explode./.test(e.message)');
    // goto needs a lesson on screen; this page has none.
    await page.click('[data-testid="goto"]');
    await waitEvent(page, 'error', '(e) => /goto needs a lesson/.test(e.message)');

    const shot = join(OUT_DIR, 'embed-demo.png');
    mkdirSync(OUT_DIR, { recursive: true });
    await page.screenshot({ path: shot });
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test('a page whose origin is not in ?origins= is ignored and not answered', { timeout: 90_000 }, async () => {
  const { browser, page, errors } = await launch();
  try {
    // The demo page passes its ?origins= on instead of its own origin: it is now a foreign page.
    await page.goto(url('embed-demo.html?lang=en&origins=https://wiki.example.org'), { waitUntil: 'load' });
    const app = page.frameLocator('#kplay');
    await app.locator('[data-testid="partition-orders-0"]').waitFor();
    for (const cmd of ['step', 'play', 'reset', 'explode']) await page.click(`button[data-cmd="${cmd}"]`);
    await page.waitForTimeout(800);
    assert.equal(await app.locator('[data-testid="position"]').innerText(), '0', 'the foreign commands did nothing');
    assert.equal(await app.locator('[data-testid="play"]').getAttribute('aria-pressed'), 'false');
    // The viewer's own clicks still work, and still nothing reaches the foreign page.
    await app.locator('[data-testid="crash-1"]').click();
    assert.equal(await app.locator('[data-testid="broker-1"]').getAttribute('data-status'), 'crashed');
    await page.waitForTimeout(300);
    assert.deepEqual(await page.evaluate(() => window.kplayEvents), [], 'no ready, no events, no error replies');
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test('embed-demo with a lesson: step-changed, goto, lesson-finished', { timeout: 120_000 }, async () => {
  const { browser, page, errors } = await launch({ viewport: { width: 1280, height: 900 } });
  try {
    await page.goto(url('embed-demo.html?lang=en&lesson=acks1-loses-acknowledged-records'), { waitUntil: 'load' });
    await waitEvent(page, 'ready');
    const app = page.frameLocator('#kplay');
    await app.locator('[data-testid="lesson-title-card"]').waitFor();

    // The viewer continues inside the frame: the host hears the step.
    await app.locator('[data-testid="lesson-continue"]').click();
    await waitEvent(page, 'step-changed', '(e) => e.lesson === "acks1-loses-acknowledged-records" && e.step === 1 && e.steps === 6');

    // The host jumps to step 4; out of range is refused in words.
    await page.fill('#goto-step', '4');
    await page.click('[data-testid="goto"]');
    await waitEvent(page, 'step-changed', '(e) => e.step === 4');
    assert.match(await app.locator('[data-testid="lesson"]').getAttribute('data-stage'), /\(3\)$/);
    await page.fill('#goto-step', '9');
    await page.click('[data-testid="goto"]');
    await waitEvent(page, 'error', '(e) => /step 9 is out of range, the lesson has steps 1 to 6/.test(e.message)');

    // The last step, then past it: lesson-finished.
    await page.fill('#goto-step', '6');
    await page.click('[data-testid="goto"]');
    await waitEvent(page, 'step-changed', '(e) => e.step === 6');
    await app.locator('[data-testid="lesson-continue"]').click();
    await waitEvent(page, 'lesson-finished', '(e) => e.lesson === "acks1-loses-acknowledged-records"');
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

const STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; "
  + "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors *";

for (const rel of ['?lang=en', '?embed=1&lang=en']) {
  test(`the app renders under a strict CSP (${rel})`, { timeout: 90_000 }, async () => {
    const { browser, page, errors } = await launch();
    try {
      await page.addInitScript(() => {
        window.cspViolations = [];
        document.addEventListener('securitypolicyviolation', (e) => window.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
      });
      await page.route((u) => new URL(u).pathname === '/', async (route) => {
        const res = await route.fetch();
        route.fulfill({ response: res, headers: { ...res.headers(), 'content-security-policy': STRICT_CSP } });
      });
      const res = await page.goto(url(rel), { waitUntil: 'load' });
      assert.equal(res.headers()['content-security-policy'], STRICT_CSP, 'the page was served with the policy');
      await page.locator('[data-testid="partition-orders-0"]').waitFor({ timeout: 20_000 });
      await page.locator('[data-testid="produce-n"]').click();
      await page.locator('[data-testid="run-1s"]').click();
      assert.notEqual(await page.locator('[data-testid="produced-count"]').innerText(), '0');
      assert.deepEqual(await page.evaluate(() => window.cspViolations), []);
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
    }
  });
}
