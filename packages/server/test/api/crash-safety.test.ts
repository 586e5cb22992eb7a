import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { BlobStore } from '../../src/blobs/blob-store.js';
import { ApiClient, adminClient } from '../helpers/client.js';
import { bytesPickleHead, pickleOf } from '../helpers/pickles.js';
import { newContext, newModel, newVersion } from '../helpers/factories.js';
import { startServer, type TestServer } from '../helpers/server.js';

/** A blob store whose publish step makes the bytes durable and then "crashes" before the row commits. */
function crashAfterPublish(inner: BlobStore): BlobStore {
  return Object.assign(Object.create(inner) as BlobStore, {
    async stage(...args: Parameters<BlobStore['stage']>) {
      const staged = await inner.stage(...args);
      return {
        ...staged,
        publish: async () => {
          await staged.publish();
          throw new Error('simulated crash between the durable blob and the database commit');
        },
      };
    },
  });
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).map((entry) => entry.name);
}

describe('a failure between blob write and commit leaves no half state', () => {
  let server: TestServer;
  let admin: ApiClient;

  before(async () => {
    server = await startServer({ wrapBlobs: crashAfterPublish });
    admin = adminClient(server);
  });
  after(() => server.close());

  test('the upload fails cleanly, no format row points at it and its bytes are gone', async () => {
    const ctx = (await newContext(server)).slug;
    const model = await newModel(admin, ctx);
    await newVersion(admin, ctx, model.id);
    const path_ = `/contexts/${ctx}/models/${model.id}/versions/1/formats/pkl/file`;
    const reply = await admin.put(path_, pickleOf('bytes that never get a row'));
    assert.equal(reply.status, 500);
    assert.match(reply.body.detail, /request id/);
    assert.ok(!JSON.stringify(reply.body).includes('simulated crash'), 'internals are not leaked');
    const formats = await server.store.db.selectFrom('formats').selectAll().execute();
    assert.deepEqual(formats, []);
    const blobs = await server.store.db.selectFrom('blobs').selectAll().execute();
    assert.deepEqual(blobs, []);
    const stored: string[] = [];
    for await (const sha256 of server.backend.blobs.list()) stored.push(sha256);
    assert.deepEqual(stored, [], `no blob is left in the ${server.backend.name} store`);
  });
});

const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function launch(dataDir: string, port: number, token: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: serverDir,
    env: { ...process.env, MODELRY_DATA_DIR: dataDir, MODELRY_PORT: String(port), MODELRY_ADMIN_TOKEN: token, MODELRY_LOG_LEVEL: 'warn' },
    stdio: 'ignore',
  });
  // Generous: on a loaded CI machine a cold `tsx` start can take many seconds.
  for (let i = 0; i < 600; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
    if (ok) return child;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error('server did not start');
}

describe('kill -9 during an upload', () => {
  test('leaves no row and no visible blob; the partial bytes stay in staging only', async () => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'modelry-kill-'));
    const token = `mdr_${'k'.repeat(40)}`;
    const port = await freePort();
    let child = await launch(dataDir, port, token);
    try {
      const api = new ApiClient(`http://127.0.0.1:${port}/api/v1`, token);
      const model = await newModel(api, 'default');
      await newVersion(api, 'default', model.id);
      const filePath = `/api/v1/contexts/default/models/${model.id}/versions/1/formats/pkl/file`;
      const request = http.request({ host: '127.0.0.1', port, method: 'PUT', path: filePath, headers: { authorization: `Bearer ${token}`, 'content-length': 64 * 1024 * 1024 } });
      request.on('error', () => undefined);
      // A valid pickle head (the inspector reads along) whose 64 MiB payload never finishes arriving.
      request.write(Buffer.concat([bytesPickleHead(64 * 1024 * 1024 - 12), Buffer.alloc(4 * 1024 * 1024, 1)]));
      for (let i = 0; i < 50 && (await filesUnder(path.join(dataDir, 'blobs', 'staging'))).length === 0; i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
      request.destroy();
      assert.equal((await filesUnder(path.join(dataDir, 'blobs', 'staging'))).length, 1, 'the partial upload is in staging');
      assert.deepEqual(await filesUnder(path.join(dataDir, 'blobs', 'objects')), [], 'nothing under a final name');
      child = await launch(dataDir, port, token);
      const formats = await api.get(`/contexts/default/models/${model.id}/versions/1/formats`);
      assert.equal(formats.status, 200);
      assert.deepEqual(formats.body.items, [], 'no format row survived the crash');
    } finally {
      child.kill('SIGKILL');
      await fs.rm(dataDir, { recursive: true, force: true });
    }
  });
});
