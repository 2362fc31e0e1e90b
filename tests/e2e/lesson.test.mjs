// The lesson player: lesson 1 played with the keyboard alone (English, then Korean), deep links,
// Back then Continue, free play and back, a broken lesson file, corrupt saved progress, and
// screenshots at 375 px and 1280 px.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, gotoApp, screenshot } from './helpers.mjs';

const LESSON = 'acks1-loses-acknowledged-records';
const byId = (page, id) => page.locator(`[data-testid="${id}"]`);
const stage = (page) => byId(page, 'lesson').getAttribute('data-stage');

/** What the board shows for orders-0 (leader, ISR, HW/LEO marks) and the virtual clock. */
async function board(page) {
  const p = byId(page, 'partition-orders-0');
  return `${await p.getAttribute('data-leader')} | ${await p.innerText()} | ${await byId(page, 'now').innerText()}`;
}

/** Waits until the player shows `want` (e.g. "Shown(2)"). */
async function waitStage(page, want) {
  await page.waitForFunction((w) => document.querySelector('[data-testid="lesson"]')?.dataset.stage === w, want, { timeout: 10_000 });
}

/**
 * Plays the whole lesson from its title card with keys only: → to continue; at a question,
 * the digit `pick` then Enter. Returns what the reveal said.
 */
async function playWithKeys(page, pick, progressWord) {
  assert.equal(await stage(page), 'Title');
  let reveal = null;
  const seen = [];
  for (let guard = 0; guard < 40; guard++) {
    const s = await stage(page);
    if (s === 'End') break;
    if (s.startsWith('Asking')) {
      await byId(page, 'predict').waitFor();
      await page.keyboard.press(String(pick));
      assert.equal(await byId(page, `choice-${pick}`).isChecked(), true, `key ${pick} selects choice ${pick}`);
      await page.keyboard.press('Enter');
      await byId(page, 'reveal').waitFor();
      reveal = {
        text: await byId(page, 'reveal').innerText(),
        correct: await byId(page, 'correct-choice').innerText(),
        explain: await byId(page, 'explain').innerText(),
        chosen: await byId(page, 'reveal').getAttribute('data-chosen'),
      };
      seen.push(await stage(page));
      continue;
    }
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction((old) => document.querySelector('[data-testid="lesson"]')?.dataset.stage !== old, s);
    const now = await stage(page);
    if (now.startsWith('Shown')) {
      seen.push(now);
      const n = Number(now.match(/\d+/)[0]) + 1;
      assert.match(await byId(page, 'lesson-progress').innerText(), progressWord(n));
      assert.ok((await byId(page, 'narration').innerText()).trim().length > 0, `step ${n} has narration`);
    }
  }
  await byId(page, 'lesson-end').waitFor();
  return { reveal, seen };
}

test('lesson 1 with the keyboard alone, in English (right answer)', { timeout: 120_000 }, async () => {
  const { browser, page, errors } = await launch();
  try {
    await gotoApp(page, `?lang=en&lesson=${LESSON}`);
    await byId(page, 'lesson-title-card').waitFor();
    assert.match(await byId(page, 'lesson-title').innerText(), /acks=1 loses acknowledged records/);
    // The board already draws the lesson's cluster: orders-0 with broker 1 as preferred leader.
    await byId(page, 'partition-orders-0').waitFor();
    const { reveal, seen } = await playWithKeys(page, 2, (n) => new RegExp(`Step ${n} of 6`));
    assert.deepEqual(seen, ['Shown(0)', 'Shown(1)', 'Shown(2)', 'Shown(3)', 'Shown(4)', 'Shown(5)']);
    assert.ok(reveal, 'the lesson asked its question');
    assert.equal(reveal.chosen, '1');
    assert.match(reveal.text, /^Right!/);
    assert.equal(reveal.correct, '2: only what the followers had copied');
    assert.match(reveal.explain, /Broker 2 has only offsets 0\.\.1/);
    // Key terms are coloured (ISR in step 1's sentence).
    await page.keyboard.press('ArrowLeft');
    await waitStage(page, 'Shown(5)');
    assert.ok(await page.locator('.narration .term-leader, .narration .term-acks').count() > 0);
    // Saved progress marks the lesson done in the chapter list.
    const saved = await page.evaluate(() => localStorage.getItem('kplay.lessons.progress.v1'));
    assert.equal(JSON.parse(saved).lessons[LESSON].done, true);
    assert.deepEqual(errors, [], errors.join('\n'));
  } finally {
    await browser.close();
  }
});

test('lesson 1 with the keyboard alone, in Korean (wrong answer, reveal)', { timeout: 120_000 }, async () => {
  const { browser, page, errors } = await launch({ locale: 'ko-KR' });
  try {
    await gotoApp(page, `?lang=ko&lesson=${LESSON}`);
    await byId(page, 'lesson-title-card').waitFor();
    assert.match(await byId(page, 'lesson-title').innerText(), /acks=1에서는/);
    const { reveal } = await playWithKeys(page, 1, (n) => new RegExp(`6단계 중 ${n}단계`));
    assert.equal(reveal.chosen, '0');
    assert.match(reveal.text, /^아쉽네요/);
    assert.equal(reveal.correct, '2개: 팔로워가 복사해 간 것만');
    assert.match(reveal.explain, /브로커 2에는 offset 0\.\.1만/);
    assert.match(await byId(page, 'lesson-end').innerText(), /강의 완료/);
    // The language toggle switches the lesson text live.
    await byId(page, 'lang-toggle').click();
    assert.match(await byId(page, 'lesson-end').innerText(), /Lesson complete/);
    assert.deepEqual(errors, [], errors.join('\n'));
  } finally {
    await browser.close();
  }
});

test('deep links: ?step=3 lands on step 3; bad ids and steps say which parameter', { timeout: 90_000 }, async () => {
  const { browser, page, errors } = await launch();
  try {
    await gotoApp(page, `?lang=en&lesson=${LESSON}&step=3`);
    await waitStage(page, 'Shown(2)');
    assert.match(await byId(page, 'lesson-progress').innerText(), /Step 3 of 6/);
    assert.match(await byId(page, 'narration').innerText(), /Both followers/);

    await gotoApp(page, '?lang=en&lesson=nope');
    await byId(page, 'lesson-problem').waitFor();
    assert.match(await byId(page, 'lesson-problem').innerText(), /\?lesson=nope: there is no lesson with this id/);
    await byId(page, 'chapters').waitFor();
    assert.ok(await byId(page, `open-${LESSON}`).isVisible(), 'a clean start: the chapter list');
    assert.ok(await byId(page, 'step').isVisible(), 'and the normal playground');
    await screenshot(page, 'lesson-chapters-en-1280');

    // Saved progress (step 3 reached above) offers to resume there.
    await gotoApp(page, `?lang=en&lesson=${LESSON}`);
    await byId(page, 'lesson-resume').click();
    await waitStage(page, 'Shown(2)');

    await gotoApp(page, `?lang=en&lesson=${LESSON}&step=99`);
    await byId(page, 'lesson-problem').waitFor();
    assert.match(await byId(page, 'lesson-problem').innerText(), /\?step=99: the step must be a whole number from 1 to 6/);
    assert.equal(await stage(page), 'Title');
    assert.deepEqual(errors, [], errors.join('\n'));
  } finally {
    await browser.close();
  }
});

test('Back then Continue gives the same board; free play returns to the lesson exactly', { timeout: 90_000 }, async () => {
  const { browser, page, errors } = await launch();
  try {
    await gotoApp(page, `?lang=en&lesson=${LESSON}&step=5`);
    await waitStage(page, 'Shown(4)');
    const at5 = await board(page);
    assert.match(at5, /^2 \|/, 'broker 2 leads orders-0 at step 5');
    await byId(page, 'lesson-back').click();
    await waitStage(page, 'Shown(3)');
    const at4 = await board(page);
    assert.notEqual(at4, at5);
    await byId(page, 'lesson-continue').click();
    await waitStage(page, 'Shown(4)');
    assert.equal(await board(page), at5, 'Back then Continue rebuilds the same state');

    await byId(page, 'try-it').click();
    await byId(page, 'free-play').waitFor();
    await byId(page, 'run-10s').click();
    await byId(page, 'crash-leader-p0').click();
    assert.notEqual(await board(page), at5, 'free play changed the copy');
    await page.keyboard.press('ArrowRight'); // ignored in free play
    assert.equal(await stage(page), 'Shown(4)');
    await byId(page, 'back-to-lesson').click();
    assert.equal(await board(page), at5, 'the lesson is back where it was');
    assert.equal(await byId(page, 'step').isVisible(), false, 'side controls wait during the lesson');
    // A click on the board during the lesson starts free play rather than changing the lesson.
    await byId(page, 'crash-leader-p0').click();
    await byId(page, 'free-play').waitFor();
    assert.ok(await byId(page, 'step').isVisible(), 'free play shows the controls');
    await byId(page, 'back-to-lesson').click();
    assert.equal(await board(page), at5, 'and the lesson is back where it was');
    assert.deepEqual(errors, [], errors.join('\n'));
  } finally {
    await browser.close();
  }
});

test('a broken lesson file shows file:line and the page keeps working; a good one plays', { timeout: 90_000 }, async () => {
  const { browser, page, errors } = await launch();
  try {
    // Corrupt saved progress must not break the page.
    await page.addInitScript(() => localStorage.setItem('kplay.lessons.progress.v1', '{not json'));
    await gotoApp(page, '?lang=en');
    await byId(page, 'lesson-player').waitFor();
    const broken = 'id = "x"\nchapter = = 1\n';
    await byId(page, 'lesson-file').setInputFiles({ name: 'broken.toml', mimeType: 'text/plain', buffer: Buffer.from(broken) });
    await byId(page, 'lesson-problem').waitFor();
    assert.match(await byId(page, 'lesson-problem').innerText(), /broken\.toml:2:\d+: /);
    await byId(page, 'step').click();
    assert.equal(await byId(page, 'position').innerText(), '1', 'the playground still works');

    const good = [
      'id = "mine"', 'chapter = 1', 'title = { en = "My lesson", ko = "내 강의" }',
      'summary = { en = "Mine.", ko = "내 것." }', 'seed = 3', '[cluster]', 'brokers = 1',
      '[[cluster.topics]]', 'name = "orders"', 'partitions = 1', 'replication_factor = 1',
      '[[step]]', 'say = { en = "The leader is broker 1.", ko = "리더는 브로커 1입니다." }',
      'do = ["run 1s"]', 'expect = ["orders-0.leader == 1"]', ''].join('\n');
    await byId(page, 'lesson-file').setInputFiles({ name: 'mine.toml', mimeType: 'text/plain', buffer: Buffer.from(good) });
    await byId(page, 'lesson-title-card').waitFor();
    assert.equal(await byId(page, 'lesson-title').innerText(), 'My lesson');
    await byId(page, 'lesson-continue').click();
    await waitStage(page, 'Shown(0)');
    assert.match(await byId(page, 'claims').innerText(), /\(1\)/);
    assert.equal(await page.locator('[data-testid="claims"] li').first().textContent(), '✓ orders-0.leader == 1');
    assert.deepEqual(errors, [], errors.join('\n'));
  } finally {
    await browser.close();
  }
});

for (const [w, h] of [[375, 812], [1280, 800]]) {
  for (const lang of ['en', 'ko']) {
    test(`screenshot of a lesson step at ${w}px in ${lang}`, { timeout: 90_000 }, async () => {
      const { browser, page, errors } = await launch({ viewport: { width: w, height: h } });
      try {
        await gotoApp(page, `?lang=${lang}&lesson=${LESSON}&step=4`);
        await waitStage(page, 'Asking(3)');
        await page.keyboard.press('2');
        await page.keyboard.press('Enter');
        await byId(page, 'reveal').waitFor();
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 0, `no horizontal overflow (${overflow}px)`);
        await page.locator('[data-testid="lesson-player"]').screenshot({ path: (await screenshot(page, `lesson-${lang}-${w}`)).replace(/\.png$/, '-player.png') });
        assert.deepEqual(errors, [], errors.join('\n'));
      } finally {
        await browser.close();
      }
    });
  }
}
