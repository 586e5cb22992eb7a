// Starts the built Modelry server (packages/server/dist) as a child process on a free loopback port,
// with its own temporary data directory and a known admin token, for benchmarks.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SERVER_MAIN = path.join(REPO_ROOT, 'packages/server/dist/main.js');

export async function freePort() {
  return new Promise((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

export async function waitFor(url, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await fetch(url).then((r) => r.ok, () => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

/** Peak and current resident memory of a process, from /proc (Linux). */
export async function memoryOf(pid) {
  const status = await fs.readFile(`/proc/${pid}/status`, 'utf8');
  const kib = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kib('VmRSS') * 1024, peak: kib('VmHWM') * 1024 };
}

/** `token` must be the first start's token when reusing a data directory (it is only set at bootstrap). */
export async function startServer({ dataDir, env = {}, token: knownToken } = {}) {
  await fs.access(SERVER_MAIN).catch(() => {
    throw new Error('packages/server/dist is missing: run `npm run build` first');
  });
  const dir = dataDir ?? (await fs.mkdtemp(path.join(os.tmpdir(), 'modelry-bench-')));
  const port = await freePort();
  const token = knownToken ?? `mdr_${randomBytes(32).toString('base64url')}`;
  const child = spawn(process.execPath, [SERVER_MAIN], {
    env: { ...process.env, MODELRY_DATA_DIR: dir, MODELRY_PORT: String(port), MODELRY_ADMIN_TOKEN: token, MODELRY_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(`${url}/healthz`);
  return {
    url,
    api: `${url}/api/v1`,
    token,
    dataDir: dir,
    pid: child.pid,
    async stop({ keepData = false } = {}) {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      if (!keepData && dataDir === undefined) await fs.rm(dir, { recursive: true, force: true });
    },
  };
}

export async function api(server, method, route, body) {
  const response = await fetch(`${server.api}${route}`, {
    method,
    headers: { authorization: `Bearer ${server.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${text}`);
  return text === '' ? undefined : JSON.parse(text);
}

export const mb = (bytes, seconds) => bytes / seconds / 1e6;
export const fmt = (n, digits = 1) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
