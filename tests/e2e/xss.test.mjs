// XSS safety (issue: "No dead page"): a corpus of XSS payloads pushed through lesson text, URL
// parameters, the session fragment, topic names, record keys and values executes nothing: no
// `window.__xss`, no dialog, no element with an on* attribute, no <script>/<iframe>/<img>/… we did
// not ship, no javascript: link; and where the payload is shown, it is shown as text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, gotoApp } from './helpers.mjs';
import { byId } from './staging.mjs';

/** Each payload, if it ever ran, sets window.__xss (or opens a dialog). */
export const PAYLOADS = [
  '<img src=x onerror=window.__xss=1>',
  '<script>window.__xss=1</script>',
  '"><svg onload=window.__xss=1>',
  "'><svg/onload=window.__xss=1>",
  'javascript:window.__xss=1',
  "{{constructor.constructor('window.__xss=1')()}}",
  '[x](javascript:window.__xss=1)',
  '<a href="javascript:window.__xss=1">x</a>',
  '<iframe src="javascript:window.__xss=1"></iframe>',
  '<details open ontoggle=window.__xss=1>',
  '<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=1>',
  '</textarea><script>window.__xss=1</script>',
  '<body onload=alert(1)>',
  '${alert(1)}',
  '<style>@import "javascript:window.__xss=1"</style>',
  '&lt;img src=x onerror=window.__xss=1&gt;',
  '![x](x" onerror="window.__xss=1)',
  '<object data="data:text/html,<script>parent.__xss=1</script>"></object>',
];

/** The page's own tags of the kinds an injection would add, and on* attributes / javascript: URLs anywhere. */
async function audit(page) {
  return page.evaluate(() => {
    const bad = [];
    for (const el of document.querySelectorAll('*')) {
      for (const a of el.attributes) {
        if (/^on/i.test(a.name)) bad.push(`<${el.tagName.toLowerCase()} ${a.name}="${a.value.slice(0, 60)}">`);
        if (/^(href|src|action|formaction|xlink:href|data)$/i.test(a.name) && /^\s*(javascript|data|vbscript):/i.test(a.value)) {
          bad.push(`<${el.tagName.toLowerCase()} ${a.name}="${a.value.slice(0, 60)}">`);
        }
      }
    }
    const count = {};
    for (const tag of ['script', 'iframe', 'object', 'embed', 'img', 'base', 'style', 'link', 'meta', 'form', 'math', 'template']) {
      count[tag] = document.getElementsByTagName(tag).length;
    }
    // Shipped scripts are Trunk's loader (a module script with inline text, or src= the bundle).
    const scripts = Array.from(document.scripts).map((s) => s.src || `inline:${s.textContent.slice(0, 80)}`);
    return { xss: window.__xss, bad, count, scripts };
  });
}

/** Fails unless nothing ran and nothing got into the DOM beyond what `base` (a fresh page) holds. */
async function assertClean(page, base, dialogs, where) {
  const a = await audit(page);
  assert.equal(a.xss, undefined, `${where}: window.__xss was set`);
  assert.deepEqual(dialogs, [], `${where}: a dialog opened`);
  // The one shipped data: URL is the empty favicon (<link rel="icon" href="data:,">).
  assert.deepEqual(a.bad, base.bad, `${where}: an on* attribute or a javascript:/data: URL got into the DOM`);
  for (const [tag, n] of Object.entries(a.count)) {
    assert.ok(n <= base.count[tag], `${where}: ${n} <${tag}> elements, a fresh page has ${base.count[tag]}`);
  }
  assert.deepEqual(a.scripts, base.scripts, `${where}: scripts differ from the shipped ones`);
}

async function open(opts = {}) {
  const s = await launch({ viewport: { width: 1280, height: 900 }, ...opts });
  s.dialogs = [];
  s.page.on('dialog', (d) => { s.dialogs.push(`${d.type()}: ${d.message()}`); d.dismiss().catch(() => {}); });
  // Injected markup would fetch `x` or similar: any such request is a failure in `errors` (404).
  return s;
}

async function baseline(page) {
  await gotoApp(page, '?seed=5&lang=en');
  await page.locator('section.board').first().waitFor();
  const base = await audit(page);
  assert.deepEqual(base.bad, ['<link href="data:,">'], 'a fresh page has no on* attribute and only the favicon\'s data: URL');
  return base;
}

/** A TOML basic string (JSON's escapes are TOML's). */
const toml = (s) => JSON.stringify(s);

test('lesson text: titles, narration, questions and choices are text, never markup', { timeout: 180_000 }, async () => {
  const { browser, page, errors, dialogs } = await open();
  try {
    const base = await baseline(page);
    await byId(page, 'lesson-player').waitFor();
    const P = PAYLOADS;
    const steps = P.map((p, i) => [
      '[[step]]',
      `say = { en = ${toml(`${p} (step ${i + 1}) **bold** [link](javascript:window.__xss=1) <b>b</b>`)}, ko = ${toml(p)} }`,
      'do = ["run 1s"]',
      'expect = ["orders-0.leader == 1"]',
      ...(i === 1 ? ['[step.predict]', `question = { en = ${toml(P[2])}, ko = ${toml(P[2])} }`,
        `choices = [{ en = ${toml(P[0])}, ko = "a" }, { en = ${toml(P[1])}, ko = "b" }]`, 'answer = 1',
        `explain = { en = ${toml(P[3])}, ko = ${toml(P[3])} }`, 'check = ["orders-0.leader == 1"]'] : []),
    ].join('\n'));
    const file = [
      'id = "xss"', 'chapter = 1', `title = { en = ${toml(P[0])}, ko = ${toml(P[1])} }`,
      `summary = { en = ${toml(P[2] + ' ' + P[6])}, ko = ${toml(P[3])} }`, 'seed = 3', '[cluster]', 'brokers = 1',
      '[[cluster.topics]]', 'name = "orders"', 'partitions = 1', 'replication_factor = 1', ...steps, ''].join('\n');
    await byId(page, 'lesson-file').setInputFiles({ name: 'xss.toml', mimeType: 'text/plain', buffer: Buffer.from(file) });
    const problem = page.locator('[data-testid="lesson-problem"]');
    await Promise.race([byId(page, 'lesson-title-card').waitFor(), problem.waitFor()]);
    assert.equal(await problem.count(), 0, `the lesson file did not open: ${await problem.allInnerTexts()}`);
    assert.equal(await byId(page, 'lesson-title').innerText(), P[0], 'the title is the payload, as text');
    await assertClean(page, base, dialogs, 'title card');
    await byId(page, 'lesson-continue').click();
    for (let i = 0; i < P.length; i++) {
      await page.waitForFunction((i) => {
        const l = document.querySelector('[data-testid="lesson"]');
        return l && (l.dataset.stage === `Shown(${i})` || l.dataset.stage === `Asking(${i})`);
      }, i);
      const stage = await byId(page, 'lesson').getAttribute('data-stage');
      if (stage.startsWith('Asking')) {
        const text = await byId(page, 'lesson').innerText();
        assert.ok(text.includes(P[2]) && text.includes(P[0]) && text.includes(P[1]), `step ${i + 1}: the question and choices are text`);
        await assertClean(page, base, dialogs, `question of step ${i + 1}`);
        await page.keyboard.press('1');
        await page.keyboard.press('Enter');
        await page.waitForFunction((i) => document.querySelector('[data-testid="lesson"]')?.dataset.stage === `Shown(${i})`, i);
        assert.ok((await byId(page, 'lesson').innerText()).includes(P[3]), 'the explanation is text');
      }
      const said = await byId(page, 'narration').innerText();
      assert.ok(said.startsWith(`${P[i]} (step ${i + 1}) **bold** [link](javascript:window.__xss=1) <b>b</b>`),
        `step ${i + 1}: the narration shows the payload as text, got ${JSON.stringify(said)}`);
      assert.equal(await page.locator('[data-testid="narration"] a, [data-testid="narration"] b, [data-testid="narration"] img').count(), 0,
        'no markup from the narration');
      await assertClean(page, base, dialogs, `step ${i + 1}`);
      if (i + 1 < P.length) await page.keyboard.press('ArrowRight');
    }

    // A lesson whose topic is named by a payload: refused with Kafka's message, which quotes it.
    const badTopic = ['id = "xss-topic"', 'chapter = 1', 'title = { en = "t", ko = "t" }', 'summary = { en = "s", ko = "s" }', 'seed = 3',
      '[cluster]', 'brokers = 1', '[[cluster.topics]]', `name = ${toml(P[0])}`, 'partitions = 1', 'replication_factor = 1',
      '[[step]]', 'say = { en = "x", ko = "x" }', 'do = ["run 1s"]', ''].join('\n');
    await byId(page, 'lesson-file').setInputFiles({ name: 'topic.toml', mimeType: 'text/plain', buffer: Buffer.from(badTopic) });
    await page.waitForTimeout(200);
    const shown = await page.evaluate(() => document.body.innerText);
    assert.ok(shown.includes(P[0]), 'the payload topic name is shown as text (in the refusal or on the board)');
    await assertClean(page, base, dialogs, 'a lesson with a payload topic name');

    // A broken lesson file whose error quotes the payload line.
    const broken = `id = "x"\n${P[0]} = ${P[1]}\n`;
    await byId(page, 'lesson-file').setInputFiles({ name: '<img src=x onerror=window.__xss=1>.toml', mimeType: 'text/plain', buffer: Buffer.from(broken) });
    await byId(page, 'lesson-problem').waitFor();
    assert.match(await byId(page, 'lesson-problem').innerText(), /<img src=x onerror=window\.__xss=1>\.toml:2:\d+/);
    await assertClean(page, base, dialogs, 'a broken lesson file');
    assert.deepEqual(errors, [], errors.join('\n'));
  } finally {
    await browser.close();
  }
});

const PARAMS = ['lesson', 'lang', 'theme', 'step', 'speed', 'lock', 'origins', 'split', 'seed', 'autoplay', 'presenter', 'debug'];

test('URL parameters and the fragment are never injected as HTML', { timeout: 240_000 }, async () => {
  const { browser, page, errors, dialogs } = await open();
  try {
    const base = await baseline(page);
    for (const [n, p] of PAYLOADS.entries()) {
      for (const embed of [false, true]) {
        const q = new URLSearchParams();
        if (embed) q.set('embed', '1');
        for (const name of PARAMS) q.set(name, p);
        // Alternate the fragment between a bad session and a raw payload.
        const hash = n % 2 ? `#s=${encodeURIComponent(p)}` : `#${p}`;
        await gotoApp(page, `?${q}${hash}`);
        await page.locator('section.board').first().waitFor();
        await page.waitForTimeout(50);
        await assertClean(page, base, dialogs, `payload ${n + 1} in every parameter${embed ? ' (embedded)' : ''}`);
      }
    }
    // One parameter at a time, where a lone bad value is shown in words (lesson, split, embed options).
    for (const name of ['lesson', 'split', 'theme', 'lock', 'origins', 'speed']) {
      const p = PAYLOADS[0];
      await gotoApp(page, `?${name === 'lesson' || name === 'split' ? '' : 'embed=1&'}${name}=${encodeURIComponent(p)}`);
      await page.locator('section.board').first().waitFor();
      await page.waitForTimeout(50);
      await assertClean(page, base, dialogs, `?${name}=payload`);
      const text = await page.evaluate(() => document.body.innerText);
      if (name === 'speed') continue;
      assert.ok(text.includes(p), `?${name}=: the bad value is named, as whole text: ${JSON.stringify(text.slice(0, 400))}`);
    }
    assert.deepEqual(errors, [], errors.join('\n'));
  } finally {
    await browser.close();
  }
});

/** Single-quotes a word for the terminal's shell. */
const sq = (s) => `'${s.replaceAll("'", "'\\''")}'`;
const BS = '--bootstrap-server localhost:9092';

async function type(page, line) {
  const screen = byId(page, 'term-screen');
  const before = (await screen.innerText()).length;
  await byId(page, 'term-input').fill(line);
  await byId(page, 'term-input').press('Enter');
  await page.waitForFunction((n) => document.querySelector('[data-testid="term-screen"]').innerText.length > n, before);
  return (await screen.innerText()).slice(before);
}

test('topic names, keys and values through the terminal and the producer panel are text', { timeout: 240_000 }, async () => {
  const { browser, page, errors, dialogs } = await open();
  try {
    const base = await baseline(page);
    await byId(page, 'run-1s').click();
    // Topic names: Kafka refuses them, and its message quotes the name.
    for (const p of PAYLOADS) {
      const out = await type(page, `kafka-topics.sh ${BS} --create --topic ${sq(p)} --partitions 1 --replication-factor 1`);
      assert.ok(out.includes(p), `the terminal shows the topic name as text: ${JSON.stringify(out.slice(0, 300))}`);
      await type(page, `kafka-topics.sh ${BS} --describe --topic ${sq(p)}`);
      await type(page, `kafka-configs.sh ${BS} --entity-type topics --entity-name ${sq(p)} --describe`);
      await type(page, `kafka-consumer-groups.sh ${BS} --describe --group ${sq(p)}`);
    }
    await assertClean(page, base, dialogs, 'topic names in the terminal');

    // The partition planner's topic name (its warnings name the topic).
    for (const p of PAYLOADS.slice(0, 4)) {
      await byId(page, 'plan-topic').fill(p);
      await page.waitForTimeout(30);
    }
    await assertClean(page, base, dialogs, 'topic names in the planner');

    // Keys and values: the console producer (key|value), then the console consumer prints them back.
    await type(page, `kafka-console-producer.sh ${BS} --topic orders --property parse.key=true --property key.separator=§`);
    for (const p of PAYLOADS) await type(page, `${p}§${p}`);
    await byId(page, 'term-input').press('Control+d');
    await page.waitForFunction(() => document.querySelector('[data-testid="term-prompt"]').innerText.trim() === '$');
    await byId(page, 'run-1s').click();
    const consumed = await type(page, `kafka-console-consumer.sh ${BS} --topic orders --from-beginning --property print.key=true --max-messages ${PAYLOADS.length} --timeout-ms 5000`);
    for (const p of PAYLOADS) assert.ok(consumed.includes(p), `the consumer prints ${JSON.stringify(p)} as text`);
    await assertClean(page, base, dialogs, 'keys and values in the terminal');

    // Keys from the producer panel.
    for (const p of PAYLOADS.slice(0, 6)) {
      await byId(page, 'key').fill(p);
      await byId(page, 'produce-1').click();
    }
    await byId(page, 'run-1s').click();
    const ledger = await byId(page, 'ledger').textContent();
    const shownKeys = PAYLOADS.filter((p) => ledger.includes(p));
    assert.ok(shownKeys.length > 0, 'the ledger shows some payload keys as text');
    await assertClean(page, base, dialogs, 'keys on the board and in the ledger');

    // The same run opened as a share link: the keys come back from the fragment, still text.
    await byId(page, 'share').click();
    const link = await byId(page, 'share-link').inputValue();
    await page.goto(link);
    await page.locator('[data-testid="app"]').waitFor({ state: 'attached' });
    await page.locator('section.board').first().waitFor();
    await page.waitForTimeout(100);
    await assertClean(page, base, dialogs, 'the run opened from its share link');
    assert.deepEqual(errors, [], errors.join('\n'));
  } finally {
    await browser.close();
  }
});
