import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { test } from 'node:test';
import { CLI } from './helpers/cli.js';
import { tempDir } from './helpers/env.js';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function healthy(url: string, attempts = 100): Promise<unknown> {
  for (let i = 0; i < attempts; i++) {
    const body = await fetch(url).then((r) => (r.ok ? r.json() : undefined), () => undefined);
    if (body !== undefined) return body;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} never answered`);
}

test('modelry serve starts the server with the MODELRY_* environment and stops on SIGTERM', async () => {
  const { dir, cleanup } = await tempDir('modelry-serve-');
  const port = await freePort();
  const token = `mdr_${'s'.repeat(40)}`;
  const child = spawn(process.execPath, [CLI, 'serve'], {
    env: { PATH: process.env.PATH ?? '', HOME: dir, MODELRY_PORT: String(port), MODELRY_DATA_DIR: path.join(dir, 'data'), MODELRY_ADMIN_TOKEN: token, MODELRY_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    assert.deepEqual(await healthy(`http://127.0.0.1:${port}/healthz`), { status: 'ok' });
    const me = await fetch(`http://127.0.0.1:${port}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(me.status, 200);
  } finally {
    child.kill('SIGTERM');
    const code = await exited;
    await cleanup();
    assert.ok(code === 0 || code === null || code === 143, `exit code ${code}`);
  }
});
