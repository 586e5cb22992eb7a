import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchBrowser, openPage } from './helpers/browser.js';
import { ADMIN_PASSWORD, signIn, startDashboard, type Dashboard } from './helpers/dashboard.js';

/** Descriptions are user input rendered for every reader: no raw HTML, no script URLs, no silent image loads. */

const HOSTILE = [
  '# Release notes',
  '',
  '<script>window.__pwned = 1</script>',
  '<img src="x" onerror="window.__pwned = 2">',
  '[click me](javascript:window.__pwned=3)',
  '[data link](data:text/html,<script>window.__pwned=4</script>)',
  '![tracking pixel](https://tracker.invalid/pixel.png)',
  '[the docs](https://example.org/docs)',
].join('\n\n');

let dashboard: Dashboard;
let browser: Browser;

before(async () => {
  dashboard = await startDashboard();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await dashboard?.close();
});

test('hostile markdown renders as harmless text and links', async () => {
  const model = await dashboard.admin.post('/contexts/default/models', { name: 'hostile', description: HOSTILE });
  assert.equal(model.status, 201);
  const watched = await openPage(browser);
  const { page } = watched;
  const external: string[] = [];
  page.on('request', (request) => {
    if (!request.url().startsWith(dashboard.url)) external.push(request.url());
  });
  await signIn(page, dashboard.url, 'admin', ADMIN_PASSWORD);
  await page.goto(`${dashboard.url}/c/default/models/${model.body.id}`);
  const description = page.locator('.markdown').first();
  await description.getByRole('heading', { name: 'Release notes' }).waitFor();
  await description.getByText('Image: tracking pixel (not loaded)').waitFor();
  await watched.shot('30-markdown-safety');

  assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
  assert.equal(await description.locator('script, img, [onerror]').count(), 0);
  const hrefs = await description.locator('a').evaluateAll((links) => links.map((link) => link.getAttribute('href')));
  assert.ok(hrefs.every((href) => href === null || /^https:\/\//.test(href)), `only https links: ${JSON.stringify(hrefs)}`);
  assert.equal(await description.getByRole('link', { name: 'the docs' }).getAttribute('rel'), 'noopener noreferrer nofollow');
  assert.equal(await description.getByText('click me').evaluate((node) => node.closest('a')?.getAttribute('href') ?? null), null);
  assert.deepEqual(external, [], 'no request left the server');
  assert.deepEqual(watched.problems, []);
  await watched.close();
});
