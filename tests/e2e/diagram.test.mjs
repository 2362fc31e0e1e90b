// The message-sequence diagram (synced with the scrubber, hover shows the message, export as
// SVG, dropped envelopes drawn as such) and the metrics charts under Kafka's names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launch, gotoApp, screenshot } from './helpers.mjs';
import { byId, clickUntil } from './staging.mjs';

test('sequence diagram: arrows per envelope, dropped ones marked, synced with the scrubber, exported as SVG', { timeout: 120_000 }, async () => {
  const { browser, page, errors } = await launch({ viewport: { width: 1280, height: 900 } });
  try {
    await gotoApp(page, '?seed=3&lang=en');
    await byId(page, 'partition-orders-0').waitFor();
    await byId(page, 'produce-1').click();
    for (let i = 0; i < 6; i++) await byId(page, 'step').click();
    const arrows = byId(page, 'sequence-svg').locator('[data-testid="seq-arrow"]');
    assert.ok((await arrows.count()) > 0, 'envelopes are drawn');
    // Drop one in flight from the wire panel: when it would arrive, its arrow ends in a cross.
    await page.locator('.inflight button', { hasText: 'Drop' }).last().click();
    await clickUntil(page, 'step', async () => (await byId(page, 'sequence-svg').locator('[data-fate="dropped"]').count()) >= 1, 30, 'a dropped arrow');
    const title = await arrows.last().locator('title').textContent();
    assert.match(title, /→ .*: .*\(sent t=/, 'hovering an arrow tells the request or response');
    assert.equal(await arrows.last().evaluate((g) => g.querySelector('title').namespaceURI), 'http://www.w3.org/2000/svg', 'an SVG <title>, so the browser shows it on hover');
    await byId(page, 'run-1s').click();
    const liveEnvs = await arrows.evaluateAll((gs) => gs.map((g) => Number(g.dataset.env)));
    await screenshot(page.locator('[data-testid="sequence"]'), 'sequence-diagram');

    // Synced with the scrubber: back in time, the newest arrow is an older envelope.
    await byId(page, 'scrubber').fill('5');
    const pastEnvs = await arrows.evaluateAll((gs) => gs.map((g) => Number(g.dataset.env)));
    assert.ok(Math.max(...pastEnvs) < Math.max(...liveEnvs), `${pastEnvs} vs ${liveEnvs}`);

    const [download] = await Promise.all([page.waitForEvent('download'), byId(page, 'export-svg').click()]);
    assert.equal(download.suggestedFilename(), 'kafka-sequence.svg');
    const svg = readFileSync(await download.path(), 'utf8');
    assert.match(svg, /^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    assert.equal((svg.match(/data-testid="seq-arrow"/g) || []).length, pastEnvs.length, 'the export is the drawing on view');
    assert.deepEqual(errors, [], `console/page errors:\n${errors.join('\n')}`);
  } finally {
    await browser.close();
  }
});

test('metrics: throughput, UnderReplicatedPartitions, ISR size and lag charts follow the cluster', { timeout: 120_000 }, async () => {
  const { browser, page, errors } = await launch({ viewport: { width: 1280, height: 900 } });
  try {
    await gotoApp(page, '?seed=3&lang=en');
    await byId(page, 'partition-orders-0').waitFor();
    await byId(page, 'run-1s').click();
    await byId(page, 'produce-n').click();
    await byId(page, 'run-1s').click();
    await byId(page, 'run-1s').click();
    assert.equal(await byId(page, 'metric-UnderReplicatedPartitions').locator('dd').innerText(), '0');
    assert.equal(await byId(page, 'metric-ActiveControllerCount').locator('dd').innerText(), '1');
    await byId(page, 'chart-throughput').waitFor();
    await byId(page, 'crash-2').click();
    await byId(page, 'run-10s').click();
    await byId(page, 'run-10s').click();
    await byId(page, 'run-10s').click();
    assert.match(await byId(page, 'metric-UnderReplicatedPartitions').locator('dd').innerText(), /⚠ [1-9]/, 'a crashed broker leaves partitions under-replicated');
    assert.ok(Number(await byId(page, 'chart-urp-now').innerText()) > 0);
    const isr = await byId(page, 'chart-isr').getAttribute('aria-label');
    assert.match(isr, /: 6$/, `3 partitions × 2 live replicas in the ISR (${isr})`);
    await screenshot(page.locator('[data-testid="metrics"]'), 'metrics-panel');
    assert.deepEqual(errors, [], `console/page errors:\n${errors.join('\n')}`);
  } finally {
    await browser.close();
  }
});
