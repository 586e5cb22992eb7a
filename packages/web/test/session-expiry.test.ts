import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchBrowser, openPage, withoutExpectedHttpErrors, type WatchedPage } from './helpers/browser.js';
import { ADMIN_PASSWORD, createModel, createVersion, signIn, startDashboard, type Dashboard } from './helpers/dashboard.js';

/**
 * A session that ends while the page is open (expired, or signed out elsewhere) answers 401 to the next API
 * call. The dashboard then asks for a sign-in, says why, and returns to the same URL afterwards.
 */

let dashboard: Dashboard;
let browser: Browser;
let watched: WatchedPage;
let modelId = '';

before(async () => {
  dashboard = await startDashboard();
  browser = await launchBrowser();
  watched = await openPage(browser);
  modelId = await createModel(dashboard.admin, 'outlives-its-session');
  await createVersion(dashboard.admin, modelId, { name: 'first' });
});

after(async () => {
  await watched?.close();
  await browser?.close();
  await dashboard?.close();
});

test('a 401 while the page is open leads to the sign-in page with a message, and back to the same URL after signing in', async () => {
  const page = watched.page;
  await signIn(page, dashboard.url, 'admin', ADMIN_PASSWORD);
  await page.getByRole('link', { name: 'outlives-its-session' }).waitFor();

  // End the session on the server, with the browser's own cookie (page.request shares the context's cookies).
  const me = await page.request.get(`${dashboard.url}/api/v1/me`);
  assert.equal(me.status(), 200);
  const csrfToken = ((await me.json()) as { csrfToken: string }).csrfToken;
  const ended = await page.request.delete(`${dashboard.url}/api/v1/session`, { headers: { 'x-csrf-token': csrfToken } });
  assert.ok(ended.status() === 204 || ended.status() === 200, `DELETE /session answered ${ended.status()}`);
  assert.equal((await page.request.get(`${dashboard.url}/api/v1/me`)).status(), 401, 'the cookie no longer opens a session');

  // Clicking the model makes the page call the API, which now answers 401.
  await page.getByRole('link', { name: 'outlives-its-session' }).click();
  const modelPath = `/c/default/models/${modelId}`;
  await page.waitForURL(/\/sign-in\?/);
  const url = new URL(page.url());
  assert.equal(url.searchParams.get('next'), modelPath);
  await page.getByRole('status').filter({ hasText: 'Your session ended — sign in again' }).waitFor();
  await watched.shot('90-session-ended');

  await page.getByLabel('Username').fill('admin');
  await page.getByLabel('Password').fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((current) => current.pathname === modelPath);
  await page.getByRole('heading', { name: 'outlives-its-session', level: 1 }).waitFor();
  assert.equal(new URL(page.url()).search, '');
  assert.deepEqual(withoutExpectedHttpErrors(watched.problems, [401]), []);
});

test('a wrong password on the sign-in page is a refused sign-in, not an ended session', async () => {
  const page = watched.page;
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL(/\/sign-in/);
  assert.equal(new URL(page.url()).searchParams.get('ended'), null, 'signing out on purpose says nothing about an ended session');
  await page.getByLabel('Username').fill('admin');
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByText('Wrong username or password.').waitFor();
  assert.equal(await page.getByText('Your session ended').count(), 0);
  assert.deepEqual(withoutExpectedHttpErrors(watched.problems, [401]), []);
});
