import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchBrowser, openPage, type WatchedPage } from './helpers/browser.js';
import { ADMIN_PASSWORD, createModel, createVersion, signIn, startDashboard, type Dashboard } from './helpers/dashboard.js';

/**
 * The dashboard takes the deployment's limits from GET /me instead of assuming the defaults: here a server
 * allows 2 versions, 2 formats and 4 KiB files, and the dashboard says so before sending anything.
 */

const LIMITS = { maxVersions: 2, maxFormats: 2, maxUploadBytes: 4096 };

let dashboard: Dashboard;
let browser: Browser;
let watched: WatchedPage;
let scratch = '';
let fullModel = '';
let roomyModel = '';

before(async () => {
  dashboard = await startDashboard({ limits: LIMITS });
  browser = await launchBrowser();
  watched = await openPage(browser);
  scratch = mkdtempSync(path.join(tmpdir(), 'modelry-web-limits-'));
  fullModel = await createModel(dashboard.admin, 'full-of-versions');
  await createVersion(dashboard.admin, fullModel);
  await createVersion(dashboard.admin, fullModel);
  roomyModel = await createModel(dashboard.admin, 'room-for-one-more');
  await createVersion(dashboard.admin, roomyModel);
  await signIn(watched.page, dashboard.url, 'admin', ADMIN_PASSWORD);
});

after(async () => {
  await watched?.close();
  await browser?.close();
  await dashboard?.close();
  if (scratch !== '') rmSync(scratch, { recursive: true, force: true });
});

test('the formats table states the server’s format limit, not a hard-coded 3', async () => {
  const page = watched.page;
  await page.goto(`${dashboard.url}/c/default/models/${roomyModel}/versions/1`);
  await page.getByText('0 formats (up to 2 per version)').waitFor();
  assert.deepEqual(watched.problems, []);
});

test('New Version is disabled, with the reason on hover, once a model holds maxVersions live versions', async () => {
  const page = watched.page;
  await page.goto(`${dashboard.url}/c/default/models/${fullModel}`);
  const tab = page.locator('.tabs .tab', { hasText: 'New Version' });
  await tab.waitFor();
  assert.equal(await tab.getAttribute('aria-disabled'), 'true');
  assert.match((await tab.getAttribute('title')) ?? '', /already holds 2 versions/);
  await tab.click({ force: true }); // Playwright will not click an aria-disabled element unless told to
  assert.doesNotMatch(page.url(), /new-version/, 'clicking it goes nowhere');
  // The URL typed by hand says the same instead of offering a form the server would refuse.
  await page.goto(`${dashboard.url}/c/default/models/${fullModel}/new-version`);
  await page.getByRole('heading', { name: 'No room for a new version' }).waitFor();

  await page.goto(`${dashboard.url}/c/default/models/${roomyModel}`);
  const open = page.getByRole('link', { name: 'New Version' });
  await open.waitFor();
  assert.equal(await open.getAttribute('aria-disabled'), null);
  assert.deepEqual(watched.problems, []);
});

test('a file larger than maxUploadBytes is refused in the picker, with a message, before any upload', async () => {
  const page = watched.page;
  const big = path.join(scratch, 'too-big.pkl');
  writeFileSync(big, Buffer.alloc(LIMITS.maxUploadBytes + 1, 0x2e));
  const uploads: string[] = [];
  page.on('request', (request) => {
    if (request.method() === 'PUT' && request.url().includes('/file')) uploads.push(request.url());
  });

  // In the formats table of an existing version.
  await page.goto(`${dashboard.url}/c/default/models/${roomyModel}/versions/1`);
  await page.getByTestId('file-pkl').setInputFiles(big);
  const row = page.locator('tr[data-format="pkl"]');
  await row.getByText('too-big.pkl is 4.0 KB; this server accepts files up to 4.0 KB.').waitFor();

  // In the New Version form: the message shows under the picker and Submit stays disabled.
  await page.goto(`${dashboard.url}/c/default/models/${roomyModel}/new-version`);
  await page.getByText('(up to 2, each at most 4.0 KB)', { exact: false }).waitFor();
  await page.getByTestId('pick-pkl').setInputFiles(big);
  await page.getByText(/too-big\.pkl is .* this server accepts files up to 4\.0 KB/).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Submit' }).isDisabled(), true);
  await watched.shot('72-upload-too-large');
  assert.deepEqual(uploads, [], 'nothing was sent');
  assert.deepEqual(watched.problems, []);
});
