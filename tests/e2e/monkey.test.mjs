// Monkey test (issue: "No dead page"): 1,000 random UI actions from a seeded PRNG, with 0 panics
// and 0 console errors.
//
//   KPLAY_MONKEY_SEED=1234      the PRNG seed (default below); printed at the start and on failure
//   KPLAY_MONKEY_ACTIONS=1000   how many actions
//   KPLAY_MONKEY_TRACE=1        print every action as it runs
//
//   KPLAY_MONKEY_REALTIME=1     let Play's timer run in real time (default: virtual, see below)
//   KPLAY_MONKEY_MAX_EVENTS=250000  a run past this many events goes on from a fresh page
//
// Replaying a failure: run again with the printed seed; the failure message lists the last 20
// actions. The action sequence is a pure function of the seed and of what the page shows, and the
// page is deterministic (seeded simulator) except for wall time: Play advances the simulator on a
// setInterval tick. So by default the monkey takes over setInterval: every interval the page
// starts ticks exactly once after each action (and a few times for a "wait"), which makes a run
// replay action for action. KPLAY_MONKEY_REALTIME=1 keeps the real timers (more realistic timing,
// not replayable exactly).
//
// An action is cheap on purpose (one page.evaluate, then one animation frame): it picks a visible,
// enabled control in the page and uses it there (click, set a value and fire input/change), or
// presses a key, drags the scrubber with the mouse, types a CLI line in the terminal, opens a
// deep link (lessons, seeds, presenter, split screen) or a random lesson file. It never leaves the
// app's origin: links that would open a new tab, download, or leave the page are skipped, and
// window.open is stubbed out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, gotoApp, url, screenshot } from './helpers.mjs';

const SEED = Number(process.env.KPLAY_MONKEY_SEED ?? 20240611) >>> 0;
const ACTIONS = Number(process.env.KPLAY_MONKEY_ACTIONS ?? 1000);
const TRACE = !!process.env.KPLAY_MONKEY_TRACE;
const REALTIME = !!process.env.KPLAY_MONKEY_REALTIME;
/** A run longer than this (scrubber events) is left for a fresh page. */
const MAX_EVENTS = Number(process.env.KPLAY_MONKEY_MAX_EVENTS ?? 250_000);

/** mulberry32: small, fast, seeded. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KEYS = ['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'PageUp', 'PageDown', 'Space', '.', 'k', 'r', 'p', 'b', '?',
  'Escape', 'Tab', 'Shift+Tab', 'Enter', '1', '2', '3', '4', 'Home', 'End', 'Control+d', 'Control+l'];

const BS = '--bootstrap-server localhost:9092';
const CLI = [
  `kafka-topics.sh ${BS} --list`,
  `kafka-topics.sh ${BS} --describe --topic orders`,
  `kafka-topics.sh ${BS} --create --topic t{n} --partitions {p} --replication-factor {r}`,
  `kafka-topics.sh ${BS} --alter --topic orders --partitions {p}`,
  `kafka-topics.sh ${BS} --delete --topic orders`,
  `kafka-console-producer.sh ${BS} --topic orders`,
  `kafka-console-consumer.sh ${BS} --topic orders --from-beginning --max-messages {p}`,
  `kafka-consumer-groups.sh ${BS} --list`,
  `kafka-consumer-groups.sh ${BS} --describe --all-groups`,
  `kafka-consumer-groups.sh ${BS} --group g --reset-offsets --to-earliest --topic orders --execute`,
  `kafka-configs.sh ${BS} --entity-type topics --entity-name orders --alter --add-config min.insync.replicas={r}`,
  `kafka-configs.sh ${BS} --entity-type brokers --entity-name {r} --describe`,
  `kafka-share-groups.sh ${BS} --list`,
  'hello {n}', 'clear', 'history', '', '"unclosed', "kafka-topics.sh --frobnicate '", '{junk}',
];

const LINKS = ['?lang=ko', '?lang=en', '?seed={n}', '?presenter=1', '?split=acks', '?split=unclean', '?split=rebalance',
  '?split=key:x:y', '?lesson={lesson}', '?lesson={lesson}&step={p}', '?lesson=nope&step=99', '?embed=1&speed=4&lock=produce',
  '?theme=dark', '?speed=1e308', '?step=-1&lesson={lesson}', '#s=1.garbage', '#s=', '?seed=18446744073709551615'];

// Every built-in lesson's id (lessons/*.toml), for the deep links.
const LESSONS = readdirSync(join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'lessons'))
  .filter((f) => f.endsWith('.toml')).sort()
  .map((f) => /^id\s*=\s*"([^"]+)"/m.exec(readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'lessons', f), 'utf8'))?.[1])
  .filter(Boolean);

function junk(rnd) {
  const pools = [
    () => String(Math.floor(rnd() * 10)),
    () => String(Math.floor(rnd() * 1e6)),
    () => '9'.repeat(1 + Math.floor(rnd() * 40)),
    () => '-' + String(Math.floor(rnd() * 1e9)),
    () => ['1e308', 'NaN', 'Infinity', '-0', '0x10', '1.5', '', ' ', '18446744073709551616', '-9223372036854775809'][Math.floor(rnd() * 10)],
    () => 'x'.repeat(Math.floor(rnd() * 3000)),
    () => ['<b>hi</b>', '"; --', '\u0000\u0007', 'é한글😀', '\t\n', '%s%n', '../../etc/passwd', '{{x}}'][Math.floor(rnd() * 8)],
    () => Array.from({ length: 1 + Math.floor(rnd() * 20) }, () => String.fromCharCode(32 + Math.floor(rnd() * 95))).join(''),
  ];
  return pools[Math.floor(rnd() * pools.length)]();
}

function fill(template, rnd) {
  return template
    .replaceAll('{n}', String(Math.floor(rnd() * 1000)))
    .replaceAll('{p}', String([0, 1, 2, 3, 5, 100, -1][Math.floor(rnd() * 7)]))
    .replaceAll('{r}', String([0, 1, 2, 3, 4, 99][Math.floor(rnd() * 6)]))
    .replaceAll('{lesson}', LESSONS[Math.floor(rnd() * LESSONS.length)])
    .replaceAll('{junk}', junk(rnd).slice(0, 200));
}

/**
 * In the page: pick a candidate control by `r` and use it. Runs as one evaluate; returns what it
 * did (for the trace) plus the page's health, after one animation frame.
 */
async function pageAct(page, kind, r, r2, text) {
  return page.evaluate(async ({ kind, r, r2, text }) => {
    const visible = (el) => {
      if (el.closest('[inert], [aria-hidden="true"]')) return false;
      if (el.checkVisibility) return el.checkVisibility({ visibilityProperty: true });
      return el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
    };
    const enabled = (el) => !el.disabled && !el.closest('fieldset:disabled');
    const name = (el) => {
      const id = el.getAttribute('data-testid');
      const t = (el.getAttribute('aria-label') || el.textContent || el.value || '').trim().replace(/\s+/g, ' ').slice(0, 40);
      return `${el.tagName.toLowerCase()}${id ? `[${id}]` : ''}${el.type ? `:${el.type}` : ''} "${t}"`;
    };
    const stays = (a) => {
      if (a.target && a.target !== '_self') return false;
      if (a.hasAttribute('download')) return false;
      const href = a.getAttribute('href');
      if (href == null) return true;
      try {
        const to = new URL(href, location.href);
        // Only same-document links (fragment changes) here; deep links are their own action.
        return to.origin === location.origin && to.pathname === location.pathname && to.search === location.search
          && !to.hash.startsWith('#s=');
      } catch { return false; }
    };
    const pick = (list) => list.length ? list[Math.floor(r * list.length)] : null;
    let did = 'nothing to do';
    const all = (sel) => Array.from(document.querySelectorAll(sel)).filter(visible);
    if (kind === 'click') {
      const el = pick(all('button, [role="button"], [role="menuitem"], [role="tab"], a, summary, input[type="checkbox"], input[type="radio"], label.btn')
        .filter(enabled).filter((el) => el.tagName !== 'A' || stays(el))
        .filter((el) => el.type !== 'file' && !el.querySelector('input[type="file"]')));
      if (el) { did = `click ${name(el)}`; el.click(); }
    } else if (kind === 'select') {
      const el = pick(all('select').filter(enabled));
      if (el && el.options.length) {
        const o = el.options[Math.floor(r2 * el.options.length)];
        did = `select ${name(el)} = ${JSON.stringify(o.value)}`;
        el.value = o.value;
        el.dispatchEvent(new Event('input', { bubbles: true }));
        el.dispatchEvent(new Event('change', { bubbles: true }));
      }
    } else if (kind === 'type') {
      const el = pick(all('input:not([type]), input[type="text"], input[type="number"], input[type="search"], input[type="range"], textarea')
        .filter(enabled).filter((el) => !el.readOnly));
      if (el) {
        let v = text;
        if (el.type === 'range') {
          const min = Number(el.min || 0), max = Number(el.max || 100);
          v = String(min + Math.round(r2 * (max - min)));
        }
        did = `type ${name(el)} <- ${JSON.stringify(v.length > 60 ? `${v.slice(0, 60)}…(${v.length})` : v)}`;
        el.focus();
        el.value = v;
        el.dispatchEvent(new Event('input', { bubbles: true }));
        el.dispatchEvent(new Event('change', { bubbles: true }));
        if (r2 < 0.3) el.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
      }
    } else if (kind === 'terminal') {
      // A line at the terminal prompt, as typed: the input's value, then Enter (or Tab).
      const el = document.querySelector('[data-testid="term-input"]');
      if (el && visible(el) && !el.disabled) {
        did = `terminal ${JSON.stringify(text)}${r2 < 0.1 ? ' + Tab' : ''}`;
        el.focus();
        el.value = text;
        el.dispatchEvent(new Event('input', { bubbles: true }));
        el.dispatchEvent(new KeyboardEvent('keydown', { key: r2 < 0.1 ? 'Tab' : 'Enter', bubbles: true, cancelable: true }));
      } else {
        did = 'terminal not on view';
      }
    } else if (kind === 'focus') {
      const el = pick(all('button, input, select, textarea, a[href], [tabindex]').filter(enabled));
      if (el) { did = `focus ${name(el)}`; el.focus(); }
    } else if (kind === 'where') {
      // For the mouse actions: a random control's centre (or the scrubber's track).
      const sel = text === 'scrubber' ? '[data-testid="scrubber"]' : 'button, [role="button"], .board [data-testid], svg [data-testid], input[type="range"]';
      const el = pick(all(sel).filter(enabled));
      if (el) {
        const b = el.getBoundingClientRect();
        return { did: name(el), box: { x: b.x, y: b.y, w: b.width, h: b.height } };
      }
      return { did: 'nothing to point at' };
    }
    window.__monkeyTick(1);
    await new Promise((res) => requestAnimationFrame(() => res()));
    return { did };
  }, { kind, r, r2, text });
}

/** After an action done from outside the page: one tick of the page's intervals, one frame. */
async function settle(page) {
  await page.evaluate(() => new Promise((res) => { window.__monkeyTick(1); requestAnimationFrame(() => res()); }));
}

/** The page's health: a panic banner, a missing app or board. */
async function health(page) {
  return page.evaluate(() => ({
    banner: !!document.querySelector('[data-testid="panic-banner"]'),
    app: !!document.querySelector('[data-testid="app"]'),
    board: !!document.querySelector('section.board'),
    panicked: document.body.classList.contains('panicked'),
    events: Number(document.querySelector('[data-testid="scrubber"]')?.max || 0),
  }));
}

function garbageLesson(rnd) {
  const lines = [
    'id = "monkey"', 'chapter = 1', 'title = { en = "Monkey", ko = "원숭이" }', 'summary = { en = "m", ko = "m" }', `seed = ${Math.floor(rnd() * 100)}`,
    '[cluster]', `brokers = ${[0, 1, 3, 99][Math.floor(rnd() * 4)]}`, '[[cluster.topics]]', 'name = "orders"',
    `partitions = ${[0, 1, 3, 10000][Math.floor(rnd() * 4)]}`, 'replication_factor = 1', '[[step]]',
    'say = { en = "Step <b>one</b>.", ko = "하나." }', `do = ["run ${Math.floor(rnd() * 5)}s", "produce ${Math.floor(rnd() * 9)}"]`,
    'expect = ["orders-0.leader == 1"]',
  ];
  // Drop, duplicate or garble a few lines.
  return lines.flatMap((l) => {
    const x = rnd();
    if (x < 0.08) return [];
    if (x < 0.12) return [l, l];
    if (x < 0.16) return [junk(rnd).slice(0, 80)];
    return [l];
  }).join('\n');
}

assert.ok(LESSONS.length > 5, `lesson ids from lessons/: ${LESSONS}`);

test(`monkey: ${ACTIONS} random UI actions (seed ${SEED}) without a panic or console error`, { timeout: 600_000 }, async () => {
  console.log(`monkey seed ${SEED}, ${ACTIONS} actions (replay: KPLAY_MONKEY_SEED=${SEED})`);
  const rnd = prng(SEED);
  const { browser, context, page, errors } = await launch({ viewport: { width: 1280, height: 900 } });
  const dialogs = [];
  page.on('dialog', (d) => { dialogs.push(`${d.type()}: ${d.message()}`); d.dismiss().catch(() => {}); });
  page.on('console', (m) => { if (/panicked at/.test(m.text())) errors.push(`panic: ${m.text()}`); });
  // Never leave the app: no popups, no new tabs.
  await context.addInitScript(() => { window.open = () => null; });
  // Virtual interval timers (see the top of this file): `__monkeyTick(n)` runs each n times.
  await context.addInitScript((realtime) => {
    const ticks = new Map();
    let next = 1 << 30;
    window.__monkeyTick = () => {};
    if (realtime) return;
    const clear = window.clearInterval.bind(window);
    window.setInterval = (fn, _ms, ...args) => {
      const id = next++;
      ticks.set(id, () => (typeof fn === 'function' ? fn(...args) : undefined));
      return id;
    };
    window.clearInterval = (id) => (ticks.has(id) ? ticks.delete(id) : clear(id));
    window.__monkeyTick = (n = 1) => {
      for (let i = 0; i < n; i++) {
        for (const [id, f] of [...ticks]) {
          if (!ticks.has(id)) continue;
          try { f(); } catch (e) { reportError(e); }
        }
      }
    };
  }, REALTIME);
  context.on('page', (p) => { if (p !== page) p.close().catch(() => {}); });

  const trail = [];
  const slowest = [];
  const started = Date.now();
  let loads = 0;
  const fail = async (why) => {
    let shot = '';
    try { shot = await screenshot(page, `monkey-${SEED}`); } catch { /* page gone */ }
    const last = trail.slice(-20).map((t, i) => `  ${trail.length - Math.min(20, trail.length) + i + 1}. ${t}`).join('\n');
    return `${why}\nseed ${SEED} (replay: KPLAY_MONKEY_SEED=${SEED} node --test tests/e2e/monkey.test.mjs)\nlast ${Math.min(20, trail.length)} actions:\n${last}\n`
      + `errors:\n${errors.join('\n')}\ndialogs: ${dialogs.join(' | ') || 'none'}${shot ? `\nscreenshot: ${shot}` : ''}`;
  };
  const open = async (rel) => {
    loads += 1;
    await gotoApp(page, rel);
    await page.locator('section.board').first().waitFor({ timeout: 30_000 });
  };
  try {
    await open('?seed=5&lang=en');
    for (let i = 0; i < ACTIONS; i++) {
      const x = rnd(), r = rnd(), r2 = rnd();
      const t0 = Date.now();
      let did;
      try {
        if (x < 0.40) {
          did = (await pageAct(page, 'click', r, r2, '')).did;
        } else if (x < 0.50) {
          did = (await pageAct(page, 'type', r, r2, junk(rnd))).did;
        } else if (x < 0.56) {
          did = (await pageAct(page, 'select', r, r2, '')).did;
        } else if (x < 0.72) {
          const key = KEYS[Math.floor(r * KEYS.length)];
          if (r2 < 0.5) await pageAct(page, 'focus', r2 * 2, 0, '');
          did = `press ${key}`;
          await page.keyboard.press(key);
          await settle(page);
        } else if (x < 0.80) {
          // Drag the scrubber (a real mouse drag) or a long press / right click on a control.
          const scrub = r2 < 0.6;
          const w = await pageAct(page, 'where', r, r2, scrub ? 'scrubber' : 'any');
          if (w.box) {
            const y = w.box.y + w.box.h / 2;
            if (scrub) {
              const from = w.box.x + rnd() * w.box.w, to = w.box.x + rnd() * w.box.w;
              did = `drag ${w.did} ${Math.round(from)}→${Math.round(to)}`;
              await page.mouse.move(from, y);
              await page.mouse.down();
              await page.mouse.move((from + to) / 2, y);
              await page.mouse.move(to, y);
              await page.mouse.up();
              await settle(page);
            } else {
              const cx = w.box.x + w.box.w / 2;
              const button = rnd() < 0.5 ? 'right' : 'left';
              did = `${button} click ${w.did}`;
              await page.mouse.click(cx, y, { button });
              await settle(page);
            }
          } else {
            did = w.did;
          }
        } else if (x < 0.91) {
          // A Kafka CLI line at the terminal prompt (if the terminal is on view).
          did = (await pageAct(page, 'terminal', r, r2, fill(CLI[Math.floor(r * CLI.length)], rnd))).did;
        } else if (x < 0.93) {
          const input = page.locator('[data-testid="lesson-file"]');
          if (await input.count()) {
            did = 'open a random lesson file';
            await input.first().setInputFiles({ name: 'monkey.toml', mimeType: 'text/plain', buffer: Buffer.from(garbageLesson(rnd)) });
            await settle(page);
          } else {
            did = 'no lesson file input';
          }
        } else if (x < 0.935) {
          const rel = fill(LINKS[Math.floor(r * LINKS.length)], rnd);
          did = `open ${rel}`;
          await open(rel);
        } else {
          // Let time pass: a few animation frames (Play, timers).
          const n = 1 + Math.floor(r * 8);
          did = `wait ${n} ticks`;
          await page.evaluate((n) => new Promise((res) => {
            let left = n;
            const f = () => { window.__monkeyTick(1); return --left ? requestAnimationFrame(f) : res(); };
            requestAnimationFrame(f);
          }), n);
        }
      } catch (e) {
        const msg = String(e && e.message || e);
        // A click that opened a same-origin page (a lesson's deep link) replaces the document.
        if (/Execution context was destroyed|navigation|Target closed|frame was detached/i.test(msg)) {
          did = `${did ?? 'action'} (navigated)`;
          await page.waitForLoadState('load');
          await page.locator('section.board').first().waitFor({ timeout: 30_000 });
        } else {
          trail.push(`${did ?? 'action'} THREW ${msg.split('\n')[0]}`);
          assert.fail(await fail(`action ${i + 1} threw: ${msg}`));
        }
      }
      trail.push(did);
      const took = Date.now() - t0;
      slowest.push([took, i + 1, did]);
      slowest.sort((a, b) => b[0] - a[0]);
      slowest.length = Math.min(slowest.length, 5);
      if (TRACE) console.log(`${i + 1}. ${did} (${took} ms)`);
      if (new URL(page.url()).origin !== new URL(url()).origin) assert.fail(await fail(`left the app: ${page.url()}`));
      if (errors.length) assert.fail(await fail(`console/page error after action ${i + 1}`));
      if (i % 10 === 9 || i === ACTIONS - 1) {
        const h = await health(page);
        if (h.banner || h.panicked) assert.fail(await fail(`the panic banner appeared after action ${i + 1}`));
        if (!h.app || !h.board) assert.fail(await fail(`the page went blank after action ${i + 1} (app ${h.app}, board ${h.board})`));
        if (TRACE) console.log(`   events in the run: ${h.events}`);
        // Play at 1000× on a busy cluster piles up ~100,000 events per tick, and seeking in a run
        // of millions takes seconds: past MAX_EVENTS, go on from a fresh page (keeps the run
        // inside the time budget; the big run has been exercised by then).
        if (h.events > MAX_EVENTS) {
          trail.push(`fresh page (the run has ${h.events} events)`);
          if (TRACE) console.log(`   fresh page (the run has ${h.events} events)`);
          await open(`?seed=${Math.floor(rnd() * 100)}&lang=${rnd() < 0.5 ? 'en' : 'ko'}`);
        }
      }
    }
    // Let the last action's frames and timers run, then judge once more.
    await page.waitForTimeout(300);
    const h = await health(page);
    assert.ok(!h.banner && h.app && h.board, await fail('the page is not healthy at the end'));
    assert.deepEqual(errors, [], await fail('errors at the end'));
    const secs = (Date.now() - started) / 1000;
    console.log(`monkey: ${ACTIONS} actions in ${secs.toFixed(1)} s (${loads} page loads), seed ${SEED}`);
    console.log(`slowest: ${slowest.map(([ms, n, d]) => `#${n} ${ms} ms ${d}`).join(' | ')}`);
  } finally {
    await browser.close();
  }
});
