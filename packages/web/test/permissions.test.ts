import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchBrowser, openPage } from './helpers/browser.js';
import { createUser, FIXTURES, signIn, startDashboard, type Dashboard } from './helpers/dashboard.js';

/** The UI hides what the caller may not do; the API refuses it anyway (tested in packages/server). */

let dashboard: Dashboard;
let browser: Browser;
let modelId = '';

before(async () => {
  dashboard = await startDashboard();
  browser = await launchBrowser();
  const model = await dashboard.admin.post('/contexts/default/models', { name: 'fraud-detector', tags: ['fraud'], description: 'Scores card payments.' });
  modelId = model.body.id;
  await dashboard.admin.post(`/contexts/default/models/${modelId}/versions`, { name: 'v1' });
  const pkl = readFileSync(path.join(FIXTURES, 'logreg_iris_p4.pkl'));
  const upload = await dashboard.admin.put(`/contexts/default/models/${modelId}/versions/1/formats/pkl/file?fileName=model.pkl`, pkl, {
    'content-type': 'application/octet-stream',
  });
  assert.equal(upload.status, 200);
});

after(async () => {
  await browser?.close();
  await dashboard?.close();
});

test('a viewer sees models but no create, edit, publish, upload or delete controls', async () => {
  const password = await createUser(dashboard.admin, 'vera', 'viewer');
  const watched = await openPage(browser);
  const { page } = watched;
  await signIn(page, dashboard.url, 'vera', password);
  await page.getByRole('link', { name: 'fraud-detector' }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'New model' }).count(), 0);
  await watched.shot('20-viewer-models');

  await page.getByRole('link', { name: 'fraud-detector' }).click();
  await page.getByRole('heading', { name: /Version Details · v1/ }).waitFor();
  for (const name of ['Delete', 'Publish', 'Edit version', 'Edit name, description and tags', 'Replace the pkl file', 'Delete the pkl format', 'Add a pmml file']) {
    assert.equal(await page.getByRole('button', { name, exact: true }).count(), 0, `no “${name}” button`);
  }
  assert.equal(await page.getByTestId('delete-menu').count(), 0);
  assert.equal(await page.getByRole('link', { name: 'New Version' }).count(), 0);
  await page.getByRole('link', { name: 'Download pkl' }).waitFor();
  await page.getByTestId('versions-menu').waitFor();
  await watched.shot('21-viewer-model');

  // Typing the New Version URL by hand shows why it is not there.
  await page.goto(`${dashboard.url}/c/default/models/${modelId}/new-version`);
  await page.getByText(/need the model:create permission/).waitFor();
  assert.deepEqual(watched.problems, []);
  await watched.close();
});

test('without model:view there is no Models entry and no list', async () => {
  await dashboard.admin.post('/contexts', { slug: 'research', name: 'Research' });
  const password = await createUser(dashboard.admin, 'otto', 'viewer');
  await dashboard.admin.post('/admin/role-bindings', { context: 'research', role: 'viewer', user: 'otto' });
  // otto can view models in `default` and `research`; a third context grants him nothing at all.
  const outsiderPassword = 'outsider-password-1234';
  const outsider = await dashboard.admin.post('/admin/users', { username: 'nobody', password: outsiderPassword });
  assert.equal(outsider.status, 201);

  const watched = await openPage(browser);
  const { page } = watched;
  await page.goto(`${dashboard.url}/`);
  await page.getByLabel('Username').fill('nobody');
  await page.getByLabel('Password').fill(outsiderPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'No contexts yet' }).waitFor();
  assert.equal(await page.getByRole('link', { name: 'Models' }).count(), 0);
  await watched.shot('22-no-access');
  await page.goto(`${dashboard.url}/c/default/models`);
  await page.getByRole('heading', { name: 'Context not found' }).waitFor();
  assert.deepEqual(watched.problems, []);
  await watched.close();

  // The context selector switches between contexts through the URL.
  const other = await openPage(browser);
  await signIn(other.page, dashboard.url, 'otto', password);
  await other.page.getByRole('combobox', { name: 'Context' }).selectOption('research');
  await other.page.waitForURL(/\/c\/research\/models$/);
  await other.page.getByRole('heading', { name: 'No models yet' }).waitFor();
  assert.equal(await other.page.getByRole('button', { name: 'Create the first model' }).count(), 0);
  assert.deepEqual(other.problems, []);
  await other.close();
});
