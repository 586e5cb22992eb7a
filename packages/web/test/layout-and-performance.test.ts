import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { DESKTOP, launchBrowser, openPage, PHONE } from './helpers/browser.js';
import { ADMIN_PASSWORD, signIn, startDashboard, WEB_DIST, type Dashboard } from './helpers/dashboard.js';

/**
 * The dashboard at a phone's width and in the dark theme, by keyboard, and two figures printed (never asserted):
 * the JavaScript shipped on first load, gzipped, and the time until a list of 1,000 models is visible.
 */

const MODELS = 1000;
const TAGS = ['vision', 'nlp', 'tabular', 'fraud', 'churn', 'forecast'];

let dashboard: Dashboard;
let browser: Browser;
let firstModelId = '';

before(async () => {
  dashboard = await startDashboard();
  browser = await launchBrowser();
  for (let start = 0; start < MODELS; start += 50) {
    const batch = Array.from({ length: Math.min(50, MODELS - start) }, (_, offset) => {
      const n = start + offset;
      return dashboard.admin.post('/contexts/default/models', {
        name: `model-${String(n).padStart(4, '0')}`,
        tags: [TAGS[n % TAGS.length], `team-${n % 7}`],
        description: `Model number **${n}**, trained for the ${TAGS[n % TAGS.length]} team.`,
      });
    });
    const created = await Promise.all(batch);
    for (const reply of created) assert.equal(reply.status, 201);
    if (start === 0) firstModelId = created[0]?.body.id;
  }
  await dashboard.admin.post(`/contexts/default/models/${firstModelId}/versions`, {
    name: 'baseline',
    hyperparameters: { max_depth: 4 },
    config: { threshold: 0.5 },
    records: [{ uri: 'https://example.org/iris.csv', name: 'iris.csv' }],
  });
});

after(async () => {
  await browser?.close();
  await dashboard?.close();
});

/** True when nothing sticks out sideways (the page never scrolls horizontally). */
async function fitsWidth(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
}

test('first load: gzipped JavaScript and time until the 1,000-model list is visible', async () => {
  const signedIn = await openPage(browser);
  await signIn(signedIn.page, dashboard.url, 'admin', ADMIN_PASSWORD);
  const state = await signedIn.context.storageState();
  await signedIn.close();

  // A new browser context with the session but an empty cache: what a returning user's first visit costs.
  const context = await browser.newContext({ viewport: DESKTOP, storageState: state });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  const scripts: string[] = [];
  page.on('response', (response) => {
    if (response.request().resourceType() === 'script') scripts.push(new URL(response.url()).pathname);
  });
  // Stamps the moment the first rows are in the DOM, from inside the page (no polling delay).
  await page.addInitScript(() => {
    const observer = new MutationObserver(() => {
      if (document.querySelector('[data-testid="model-list"] > li') !== null) {
        (window as unknown as { __listVisibleAt: number }).__listVisibleAt = performance.now();
        observer.disconnect();
      }
    });
    observer.observe(document, { childList: true, subtree: true });
  });
  await page.goto(`${dashboard.url}/c/default/models`);
  await page.locator('[data-testid="model-list"] > li').first().waitFor();
  const visibleAt = await page.evaluate(() => (window as unknown as { __listVisibleAt: number }).__listVisibleAt);

  const gzipped = scripts.reduce((sum, pathname) => sum + gzipSync(readFileSync(path.join(WEB_DIST, pathname))).length, 0);
  console.log(`first-load JavaScript: ${scripts.length} file(s), ${(gzipped / 1024).toFixed(1)} KB gzipped (${scripts.join(', ')})`);
  const timeline = await page.evaluate(() =>
    [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')].map(
      (entry) => `${entry.name.replace(location.origin, '')} ${entry.startTime.toFixed(0)}→${(entry.startTime + entry.duration).toFixed(0)} ms`,
    ),
  );
  console.log(`timeline: ${timeline.join(' | ')}`);
  console.log(`1,000-model list visible ${visibleAt.toFixed(0)} ms after navigation start (first page of 50 rows)`);

  // Scrolling to the end pulls every page through the keyset cursor.
  const started = Date.now();
  while ((await page.locator('[data-testid="model-list"] > li').count()) < MODELS) {
    await page.locator('.list-footer').scrollIntoViewIfNeeded();
    await page.waitForTimeout(20);
  }
  console.log(`all ${MODELS} models loaded by scrolling in ${Date.now() - started} ms`);
  await page.getByText(`${MODELS} models`).waitFor();
  assert.ok(scripts.length >= 1);
  assert.ok(scripts.every((pathname) => pathname.startsWith('/assets/')));
  assert.deepEqual(problems, []);
  await context.close();
});

test('search, sort and tag chips narrow the list, and all of it lives in the URL', async () => {
  const watched = await openPage(browser);
  const { page } = watched;
  await signIn(page, dashboard.url, 'admin', ADMIN_PASSWORD);
  await page.getByRole('searchbox').fill('model-012');
  await page.waitForURL(/q=model-012/);
  await page.getByRole('link', { name: 'model-0120' }).waitFor();
  assert.equal(await page.locator('[data-testid="model-list"] > li').count(), 10);

  await page.getByRole('searchbox').fill('');
  await page.getByRole('combobox', { name: 'Sort models' }).selectOption('name:desc');
  await page.waitForURL(/sort=name&order=desc/);
  await page.locator('[data-testid="model-list"] > li').first().getByRole('link', { name: 'model-0999' }).waitFor();

  await page.locator('[data-testid="model-list"] > li').first().getByRole('button', { name: 'fraud' }).click();
  await page.waitForURL(/tag=fraud/);
  await page.getByRole('button', { name: 'Remove tag filter fraud' }).waitFor();
  const tags = await page.locator('[data-testid="model-list"] > li').evaluateAll((rows) =>
    rows.map((row) => [...row.querySelectorAll('.chip')].map((chip) => chip.textContent)),
  );
  assert.ok(tags.length > 0 && tags.every((row) => row.includes('fraud')));
  await watched.shot('40-list-filtered');

  await page.getByRole('searchbox').fill('no-such-model-anywhere');
  await page.getByRole('heading', { name: 'No models match' }).waitFor();
  await watched.shot('41-list-no-match');
  // Typing replaces the history entry (Back does not replay keystrokes); the clear button restores the full list.
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await page.getByRole('link', { name: 'model-0999' }).waitFor();
  await page.goBack({ waitUntil: 'commit' });
  await page.waitForURL(/tag=fraud.*q=no-such-model-anywhere|q=no-such-model-anywhere.*tag=fraud/);
  assert.equal(await page.getByRole('searchbox').inputValue(), 'no-such-model-anywhere');
  assert.deepEqual(watched.problems, []);
  await watched.close();
});

test('at 390 px wide every screen fits without sideways scrolling', async () => {
  const watched = await openPage(browser, { viewport: PHONE });
  const { page } = watched;
  await signIn(page, dashboard.url, 'admin', ADMIN_PASSWORD);
  assert.equal(await fitsWidth(page), true, 'models list');
  await watched.shot('50-phone-models');
  await page.goto(`${dashboard.url}/c/default/models/${firstModelId}`);
  await page.getByRole('heading', { name: /Version Details · v1/ }).waitFor();
  assert.equal(await fitsWidth(page), true, 'model details');
  await watched.shot('51-phone-details');
  await page.getByRole('link', { name: 'New Version' }).click();
  await page.getByRole('button', { name: 'Add record' }).click();
  assert.equal(await fitsWidth(page), true, 'new version');
  await watched.shot('52-phone-new-version');
  await page.getByTestId('delete-model').click();
  await page.getByRole('dialog').waitFor();
  await watched.shot('53-phone-delete-dialog');
  await page.keyboard.press('Escape');
  assert.deepEqual(watched.problems, []);
  await watched.close();
});

test('the dark theme follows the system and the toggle, and survives a reload', async () => {
  const watched = await openPage(browser, { colorScheme: 'dark' });
  const { page } = watched;
  await signIn(page, dashboard.url, 'admin', ADMIN_PASSWORD);
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const dark = await background();
  await watched.shot('60-dark-models');
  await page.goto(`${dashboard.url}/c/default/models/${firstModelId}`);
  await page.getByRole('heading', { name: /Version Details · v1/ }).waitFor();
  await watched.shot('61-dark-details');
  await page.getByRole('button', { name: 'Switch to light theme' }).click();
  assert.notEqual(await background(), dark);
  await page.reload();
  await page.getByRole('button', { name: 'Switch to dark theme' }).waitFor();
  assert.notEqual(await background(), dark);
  assert.deepEqual(watched.problems, []);
  await watched.close();
});

test('the keyboard reaches the list, opens a model and its menus, with a visible focus ring', async () => {
  const watched = await openPage(browser);
  const { page } = watched;
  await signIn(page, dashboard.url, 'admin', ADMIN_PASSWORD);
  // The first Tab lands on the skip link, which jumps to the content.
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Skip to content');
  let guard = 0;
  while ((await page.evaluate(() => document.activeElement?.getAttribute('type'))) !== 'search' && guard++ < 20) await page.keyboard.press('Tab');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle);
  assert.notEqual(outline, 'none', 'the focused search box shows a focus ring');
  await page.keyboard.type('model-0001');
  await page.getByRole('link', { name: 'model-0001' }).focus();
  const ring = await page.evaluate(() => getComputedStyle(document.activeElement!.closest('li')!).outlineStyle);
  assert.notEqual(ring, 'none', 'the focused row shows a focus ring');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'model-0001', level: 1 }).waitFor();
  await page.getByRole('button', { name: 'Delete' }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('dialog').waitFor();
  await page.keyboard.press('Escape');
  assert.equal(await page.getByRole('dialog').count(), 0);
  assert.deepEqual(watched.problems, []);
  await watched.close();
});
