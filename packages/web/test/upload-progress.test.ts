import assert from 'node:assert/strict';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchBrowser, openPage, type WatchedPage } from './helpers/browser.js';
import { ADMIN_PASSWORD, createModel, createVersion, signIn, startDashboard, type Dashboard } from './helpers/dashboard.js';

/**
 * The progress bar moves during an upload. The fixtures are a few KB, gone before the bar can render, so this
 * test uploads a generated 32 MiB pickle over a throttled connection (Chromium's network emulation through CDP)
 * and records every value the progress bar announces.
 */

const PAYLOAD_BYTES = 32 * 1024 * 1024;
/** 8 MiB/s: the upload takes about 4 s, long enough for several progress events, short enough for CI. */
const UPLOAD_BYTES_PER_SECOND = 8 * 1024 * 1024;

let dashboard: Dashboard;
let browser: Browser;
let watched: WatchedPage;
let scratch = '';
let modelId = '';

/**
 * A valid protocol-4 pickle of one bytes object: PROTO 4, BINBYTES8 (0x8e) with an 8-byte little-endian
 * length, the payload, STOP. The server's inspector reads it as safe (no globals).
 */
function writeBigPickle(file: string, payloadBytes: number): void {
  const fd = openSync(file, 'w');
  try {
    const header = Buffer.alloc(11);
    header.set([0x80, 0x04, 0x8e], 0);
    header.writeBigUInt64LE(BigInt(payloadBytes), 3);
    writeSync(fd, header);
    const chunk = Buffer.alloc(1024 * 1024, 0x61);
    for (let written = 0; written < payloadBytes; written += chunk.length) writeSync(fd, chunk, 0, Math.min(chunk.length, payloadBytes - written));
    writeSync(fd, Buffer.from([0x2e]));
  } finally {
    closeSync(fd);
  }
}

before(async () => {
  dashboard = await startDashboard();
  browser = await launchBrowser();
  watched = await openPage(browser);
  scratch = mkdtempSync(path.join(tmpdir(), 'modelry-web-progress-'));
  modelId = await createModel(dashboard.admin, 'big-upload');
  await createVersion(dashboard.admin, modelId);
});

after(async () => {
  await watched?.close();
  await browser?.close();
  await dashboard?.close();
  if (scratch !== '') rmSync(scratch, { recursive: true, force: true });
});

test('a large upload over a slow connection shows progress between 0% and 100%, then completes', async () => {
  const page = watched.page;
  const file = path.join(scratch, 'big.pkl');
  writeBigPickle(file, PAYLOAD_BYTES);
  await signIn(page, dashboard.url, 'admin', ADMIN_PASSWORD);
  await page.goto(`${dashboard.url}/c/default/models/${modelId}/versions/1`);
  await page.locator('tr[data-format="pkl"]').waitFor();

  // Every aria-valuenow any progress bar takes, reported from the page as it happens.
  const seen: number[] = [];
  await page.exposeFunction('reportProgress', (value: string) => seen.push(Number(value)));
  // A string, not a function: tsx compiles functions with helpers (__name) that do not exist in the page.
  await page.evaluate(`
    (() => {
      const record = (element) => {
        const value = element.getAttribute('aria-valuenow');
        if (value !== null) window.reportProgress(value);
      };
      new MutationObserver((mutations) => {
        for (const mutation of mutations) {
          if (mutation.type === 'attributes') record(mutation.target);
          for (const node of mutation.addedNodes) {
            if (!(node instanceof Element)) continue;
            if (node.matches('[role="progressbar"]')) record(node);
            node.querySelectorAll('[role="progressbar"]').forEach(record);
          }
        }
      }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-valuenow'] });
    })()
  `);

  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: UPLOAD_BYTES_PER_SECOND });

  await page.getByTestId('file-pkl').setInputFiles(file);
  const row = page.locator('tr[data-format="pkl"]');
  await row.getByRole('progressbar').waitFor();
  await watched.shot('08b-upload-progress-throttled');
  await row.getByText('big.pkl').waitFor({ timeout: 120_000 });
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });

  const between = seen.filter((value) => value > 0 && value < 100);
  assert.ok(between.length >= 1, `the bar reported a value strictly between 0% and 100% (saw ${JSON.stringify(seen)})`);
  assert.deepEqual([...seen].sort((a, b) => a - b), seen, 'progress never goes backwards');
  assert.equal(await row.getByRole('progressbar').count(), 0, 'the bar is gone once the upload is done');
  await row.getByText('32 MB', { exact: true }).waitFor();
  const stored = await dashboard.admin.get(`/contexts/default/models/${modelId}/versions/1/formats/pkl`);
  assert.equal((stored.body as { size: number }).size, PAYLOAD_BYTES + 12);
  assert.equal((stored.body as { inspection: { verdict: string } }).inspection.verdict, 'safe');
  console.log(`# progress values seen while uploading ${PAYLOAD_BYTES + 12} bytes at ${UPLOAD_BYTES_PER_SECOND} B/s: ${seen.join(', ')}`);
  assert.deepEqual(watched.problems, []);
});
