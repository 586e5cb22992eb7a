import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchBrowser, openPage, PHONE, type WatchedPage } from './helpers/browser.js';
import { ADMIN_PASSWORD, createModel, createVersion, signIn, startDashboard, type Dashboard } from './helpers/dashboard.js';

/**
 * The Compare tab: the live versions side by side, and a chart per numeric hyperparameter they share, plotted
 * over version numbers. Version 3 is deleted, so the numbers run 1, 2, 4 and the chart must show the gap.
 */

const C = [0.1, 1, 10];
const MAX_ITER = [100, 200, 300];

let dashboard: Dashboard;
let browser: Browser;
let watched: WatchedPage;
let modelId = '';

before(async () => {
  dashboard = await startDashboard();
  browser = await launchBrowser();
  watched = await openPage(browser);
  modelId = await createModel(dashboard.admin, 'logreg-sweep');
  await createVersion(dashboard.admin, modelId, { name: 'weak C', hyperparameters: { C: C[0], max_iter: MAX_ITER[0], solver: 'lbfgs' } });
  await createVersion(dashboard.admin, modelId, { name: 'default C', hyperparameters: { C: C[1], max_iter: MAX_ITER[1], solver: 'lbfgs' } });
  const doomed = await createVersion(dashboard.admin, modelId, { name: 'discarded' });
  await createVersion(dashboard.admin, modelId, { name: 'strong C', hyperparameters: { C: C[2], max_iter: MAX_ITER[2], solver: 'saga' } });
  const deleted = await dashboard.admin.delete(`/contexts/default/models/${modelId}/versions/${doomed}`);
  assert.equal(deleted.status, 204);
  await signIn(watched.page, dashboard.url, 'admin', ADMIN_PASSWORD);
});

after(async () => {
  await watched?.close();
  await browser?.close();
  await dashboard?.close();
});

test('Compare lists the versions side by side with their hyperparameter values', async () => {
  const page = watched.page;
  await page.goto(`${dashboard.url}/c/default/models/${modelId}`);
  await page.getByRole('link', { name: 'Compare' }).click();
  await page.waitForURL(/\/compare$/);
  const table = page.locator('table.compare-table');
  await table.waitFor();
  const headers = await table.locator('thead th[data-version]').allInnerTexts();
  assert.deepEqual(headers, ['v1', 'v2', 'v4']);
  assert.deepEqual(await table.locator('tr[data-hyperparameter="C"] td').allInnerTexts(), ['0.1', '1', '10']);
  assert.deepEqual(await table.locator('tr[data-hyperparameter="max_iter"] td').allInnerTexts(), ['100', '200', '300']);
  assert.deepEqual(await table.locator('tr[data-hyperparameter="solver"] td').allInnerTexts(), ['lbfgs', 'lbfgs', 'saga']);
  await table.getByRole('rowheader', { name: 'Name' }).waitFor();
  assert.deepEqual(await table.locator('tr').filter({ has: page.getByRole('rowheader', { name: 'Name', exact: true }) }).locator('td').allInnerTexts(), ['weak C', 'default C', 'strong C']);
  assert.deepEqual(watched.problems, []);
});

test('each shared numeric hyperparameter gets a chart with a point per version, and the deleted number shows as a gap', async () => {
  const page = watched.page;
  for (const [name, values] of [['C', C], ['max_iter', MAX_ITER]] as const) {
    const chart = page.locator(`figure.hp-chart[data-hyperparameter="${name}"]`);
    await chart.waitFor();
    const points = chart.locator('svg circle.point');
    assert.equal(await points.count(), 3, `${name}: three points`);
    const plotted = await points.evaluateAll((circles) => circles.map((c) => [Number(c.getAttribute('data-version')), Number(c.getAttribute('data-value'))]));
    assert.deepEqual(plotted, [[1, values[0]], [2, values[1]], [4, values[2]]]);
    // Higher values sit higher on the chart (smaller y).
    const ys = await points.evaluateAll((circles) => circles.map((c) => Number(c.getAttribute('cy'))));
    assert.ok(ys[0]! > ys[1]! && ys[1]! > ys[2]!, `${name}: the points rise (${ys.join(', ')})`);
    // One segment (v1→v2); none across the deleted v3.
    const path = (await chart.locator('svg path.series').getAttribute('d')) ?? '';
    assert.equal(path.match(/M/g)?.length ?? 0, 1, `${name}: the line breaks at the gap (${path})`);
    assert.equal(await chart.locator('svg text.tick.gap', { hasText: 'v3' }).count(), 1, `${name}: v3 is marked as a gap`);
  }
  assert.equal(await page.locator('figure.hp-chart[data-hyperparameter="solver"]').count(), 0, 'strings are not charted');
  assert.equal(await page.locator('figure.hp-chart[data-hyperparameter="C"] figcaption').innerText(), 'C · log scale');
  await watched.shot('80-compare-desktop');
  assert.deepEqual(watched.problems, []);
});

test('at phone width the comparison scrolls inside its card and the charts stack', async () => {
  const phone = await openPage(browser, { viewport: PHONE });
  try {
    await signIn(phone.page, dashboard.url, 'admin', ADMIN_PASSWORD);
    await phone.page.goto(`${dashboard.url}/c/default/models/${modelId}/compare`);
    await phone.page.locator('figure.hp-chart[data-hyperparameter="max_iter"] circle.point').first().waitFor();
    const overflow = await phone.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.equal(overflow, 0, 'nothing scrolls sideways');
    await phone.shot('81-compare-phone');
    assert.deepEqual(phone.problems, []);
  } finally {
    await phone.close();
  }
});
