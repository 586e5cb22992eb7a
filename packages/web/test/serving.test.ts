import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { startDashboard, WEB_DIST, type Dashboard } from './helpers/dashboard.js';

let dashboard: Dashboard;
before(async () => {
  dashboard = await startDashboard();
});
after(() => dashboard.close());

test('the dashboard is served at / with a strict CSP and no caching of index.html', async () => {
  const response = await fetch(`${dashboard.url}/`);
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
  assert.equal(response.headers.get('cache-control'), 'no-cache');
  const csp = response.headers.get('content-security-policy') ?? '';
  assert.match(csp, /default-src 'self'/);
  assert.match(csp, /frame-ancestors 'none'/);
  assert.match(csp, /img-src 'self' data:/);
  assert.doesNotMatch(csp, /unsafe-eval/);
  assert.match(await response.text(), /<div id="root"><\/div>/);
});

test('a dashboard URL reloaded in the browser gets index.html (the app routes it)', async () => {
  const response = await fetch(`${dashboard.url}/c/default/models/some-model/versions/3`);
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
  assert.match(response.headers.get('content-security-policy') ?? '', /default-src 'self'/);
});

test('hashed assets are cached for a year, as immutable', async () => {
  const asset = readdirSync(path.join(WEB_DIST, 'assets')).find((name) => name.endsWith('.js'));
  assert.ok(asset, 'the build emitted a script');
  const response = await fetch(`${dashboard.url}/assets/${asset}`);
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  assert.match(response.headers.get('content-type') ?? '', /javascript/);
});

test('scripts go out precompressed to browsers that accept brotli or gzip', async () => {
  const asset = readdirSync(path.join(WEB_DIST, 'assets')).find((name) => name.endsWith('.js'));
  for (const encoding of ['br', 'gzip']) {
    const response = await fetch(`${dashboard.url}/assets/${asset}`, { headers: { 'accept-encoding': encoding } });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-encoding'), encoding);
    assert.match(await response.text(), /\S/, 'fetch decodes it back to the script');
  }
});

test('unknown API paths stay problem+json 404s, never the dashboard', async () => {
  for (const url of ['/api/v1/no-such-thing', '/api/nothing', '/api']) {
    const response = await fetch(`${dashboard.url}${url}`, { headers: { authorization: `Bearer ${dashboard.server.adminToken}` } });
    assert.equal(response.status, 404, url);
    assert.match(response.headers.get('content-type') ?? '', /^application\/problem\+json/, url);
    const body = (await response.json()) as { type: string; status: number };
    assert.equal(body.status, 404);
    assert.match(body.type, /not-found/);
  }
});

test('the health check and the API answer as before', async () => {
  const health = await fetch(`${dashboard.url}/healthz`);
  assert.equal(health.status, 200);
  assert.deepEqual(await health.json(), { status: 'ok' });
  const me = await fetch(`${dashboard.url}/api/v1/me`);
  assert.equal(me.status, 401);
  assert.match(me.headers.get('content-type') ?? '', /^application\/problem\+json/);
});
