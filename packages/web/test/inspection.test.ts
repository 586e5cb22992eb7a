import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchBrowser, openPage, PHONE, type WatchedPage } from './helpers/browser.js';
import { ADMIN_PASSWORD, createModel, createVersion, FIXTURES, signIn, startDashboard, uploadFormat, type Dashboard } from './helpers/dashboard.js';

/**
 * What the server's inspector found shows in the formats table: a real malicious pickle (stored under the
 * default `warn` policy) is flagged in red with the global it would run, and a PMML file's declared fields
 * become the version's signature.
 */

let dashboard: Dashboard;
let browser: Browser;
let watched: WatchedPage;
let modelId = '';

before(async () => {
  dashboard = await startDashboard();
  browser = await launchBrowser();
  watched = await openPage(browser);
  modelId = await createModel(dashboard.admin, 'inspected');
  const n = await createVersion(dashboard.admin, modelId, { name: 'with a booby-trapped pickle' });
  await uploadFormat(dashboard.admin, modelId, n, 'pkl', readFileSync(path.join(FIXTURES, 'evil_os_system_p0.pkl')), 'evil_os_system_p0.pkl');
  await uploadFormat(dashboard.admin, modelId, n, 'pmml', readFileSync(path.join(FIXTURES, 'rattle_DecisionTreeIris.pmml')), 'rattle_DecisionTreeIris.pmml');
});

after(async () => {
  await watched?.close();
  await browser?.close();
  await dashboard?.close();
});

test('a dangerous pickle is flagged in red with the global it would run; a PMML file shows as safe', async () => {
  const page = watched.page;
  await signIn(page, dashboard.url, 'admin', ADMIN_PASSWORD);
  await page.goto(`${dashboard.url}/c/default/models/${modelId}/versions/1`);
  const pkl = page.locator('tr[data-format="pkl"]');
  const badge = pkl.locator('.badge.verdict');
  await badge.waitFor();
  assert.equal((await badge.innerText()).trim(), 'Dangerous');
  assert.equal(await badge.locator('svg').count(), 1, 'the badge carries a warning icon');
  const background = await badge.evaluate((element) => getComputedStyle(element).backgroundColor);
  const [red, green, blue] = (background.match(/\d+/g) ?? []).map(Number);
  assert.ok(red !== undefined && green !== undefined && blue !== undefined && red > 150 && green < 100 && blue < 100, `the badge is red (${background})`);
  // The fixture imports os.system (spelled posix.system or os.system depending on the Python that wrote it).
  const format = await dashboard.admin.get(`/contexts/default/models/${modelId}/versions/1/formats/pkl`);
  const globals = (format.body as { inspection: { details: { dangerousGlobals: string[] } } }).inspection.details.dangerousGlobals;
  assert.ok(globals.some((name) => /^(os|posix)\.system$/.test(name)), `the API names the global (${globals.join(', ')})`);
  for (const name of globals) {
    const named = pkl.locator('.inspection-alert code', { hasText: name });
    assert.equal(await named.isVisible(), true, `${name} is named on the row, outside the details panel`);
  }

  const pmml = page.locator('tr[data-format="pmml"]');
  assert.equal((await pmml.locator('.badge.verdict').innerText()).trim(), 'Safe');
  await pmml.getByText(/^PMML 4\.\d/).waitFor();

  // The facts stay in a panel until asked for.
  const details = pmml.locator('details.inspection-details');
  assert.equal(await details.getByText('Model type', { exact: true }).isVisible(), false);
  await details.locator('summary').click();
  await details.getByText('Model type', { exact: true }).waitFor();
  await details.getByText(/TreeModel/).first().waitFor();
  // The panel opens from the keyboard too, with the focus ring showing.
  const summary = pkl.locator('details.inspection-details summary');
  await summary.focus();
  await page.keyboard.press('Enter');
  const outline = await summary.evaluate((element) => (element.matches(':focus-visible') ? getComputedStyle(element).outlineStyle : 'not focus-visible'));
  assert.equal(outline, 'solid', 'the focused summary shows a focus ring');
  await pkl.locator('details.inspection-details').getByText('Protocol', { exact: true }).waitFor();
  await watched.shot('70-inspection-dangerous-pickle');
  assert.deepEqual(watched.problems, []);
});

test('Version Details shows the signature: the input fields a PMML file declares, with their types and usage', async () => {
  const page = watched.page;
  const version = await dashboard.admin.get(`/contexts/default/models/${modelId}/versions/1`);
  const inputs = (version.body as { signature: { inputs: Array<{ name: string; type?: string }> } }).signature.inputs;
  assert.ok(inputs.length >= 4, 'the fixture declares the iris measurements');
  const section = page.locator('section[aria-labelledby="version-title"]');
  const table = section.locator('table.signature-table');
  await table.waitFor();
  for (const field of inputs) {
    const row = table.locator(`tr[data-field="${field.name}"]`);
    assert.equal(await row.locator('th').innerText(), field.name);
    if (field.type !== undefined) assert.equal(await row.locator('td').first().innerText(), field.type);
  }
  await section.getByRole('heading', { name: 'Signature' }).scrollIntoViewIfNeeded();
  assert.deepEqual(watched.problems, []);
});

test('at phone width the inspection stays on the format card, without sideways scrolling', async () => {
  const phone = await openPage(browser, { viewport: PHONE });
  try {
    await signIn(phone.page, dashboard.url, 'admin', ADMIN_PASSWORD);
    await phone.page.goto(`${dashboard.url}/c/default/models/${modelId}/versions/1`);
    await phone.page.locator('tr[data-format="pkl"] .badge.verdict').waitFor();
    const overflow = await phone.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.equal(overflow, 0, 'nothing scrolls sideways');
    await phone.page.locator('tr[data-format="pkl"]').scrollIntoViewIfNeeded();
    await phone.shot('71-phone-inspection');
    assert.deepEqual(phone.problems, []);
  } finally {
    await phone.close();
  }
});
