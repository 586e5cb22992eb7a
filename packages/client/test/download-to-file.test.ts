import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ChecksumMismatchError, ModelryClient, ModelryConnectionError, ModelryError, saveDownload } from '../src/index.node.js';
import type { TransferProgress } from '../src/types.js';
import { tempDir, unique } from './helpers/env.js';
import { startServer, type TestServer } from './helpers/server.js';

let server: TestServer;
let client: ModelryClient;
let work: { dir: string; cleanup: () => Promise<void> };

before(async () => {
  server = await startServer();
  client = new ModelryClient({ baseUrl: server.url, token: server.adminToken });
  work = await tempDir();
});
after(async () => {
  await work.cleanup();
  await server.close();
});

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** A valid protocol-4 pickle of `size` bytes (PROTO 4, BINBYTES8 <len>, random payload, STOP): passes inspection. */
function bigPickle(size: number): Buffer {
  const header = Buffer.alloc(11);
  header.set([0x80, 0x04, 0x8e]);
  header.writeBigUInt64LE(BigInt(size - 12), 3);
  return Buffer.concat([header, randomBytes(size - 12), Buffer.from('.')]);
}

/** A fresh, empty directory under the test's temp dir. */
async function emptyDir(): Promise<string> {
  const dir = path.join(work.dir, unique('dl'));
  await mkdir(dir);
  return dir;
}

/** A stand-in server for failures the real one never produces (a wrong checksum, a cut connection). */
async function fakeServer(handler: RequestListener): Promise<{ url: string; server: Server }> {
  const fake = createServer(handler);
  await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(fake.address() as AddressInfo).port}`, server: fake };
}

async function closeFake(fake: Server): Promise<void> {
  fake.closeAllConnections();
  await new Promise((resolve) => fake.close(resolve));
}

describe('downloadToFile', () => {
  test('a 24 MiB file arrives byte for byte, with its sha256, progress up to its size and no temp file left', async () => {
    const bytes = bigPickle(24 * 1024 * 1024);
    const model = await client.models.create('default', { name: unique() });
    await client.versions.create('default', model.id);
    await client.formats.upload('default', model.id, 1, 'pkl', bytes, { fileName: 'big.pkl' });
    const dir = await emptyDir();
    const progress: TransferProgress[] = [];
    const saved = await client.formats.downloadToFile('default', model.id, 1, 'pkl', path.join(dir, 'big.pkl'), {
      onProgress: (p) => progress.push(p),
    });
    assert.equal(saved.size, bytes.byteLength);
    assert.equal(saved.sha256, sha256(bytes));
    assert.equal(saved.fileName, 'big.pkl');
    assert.ok((await readFile(path.join(dir, 'big.pkl'))).equals(bytes), 'the same bytes');
    assert.deepEqual(progress.at(-1), { loaded: bytes.byteLength, total: bytes.byteLength });
    assert.deepEqual(await readdir(dir), ['big.pkl']);
  });

  test('saveDownload (from a web stream) writes the same file', async () => {
    const bytes = bigPickle(3 * 1024 * 1024 + 17);
    const model = await client.models.create('default', { name: unique() });
    await client.versions.create('default', model.id);
    await client.formats.upload('default', model.id, 1, 'pkl', bytes);
    const dir = await emptyDir();
    const saved = await saveDownload(await client.formats.download('default', model.id, 1, 'pkl'), path.join(dir, 'copy.pkl'));
    assert.equal(saved.sha256, sha256(bytes));
    assert.ok((await readFile(path.join(dir, 'copy.pkl'))).equals(bytes));
    assert.deepEqual(await readdir(dir), ['copy.pkl']);
  });

  test('a refusal is a ModelryError with the server message, and an existing file is left untouched', async () => {
    const model = await client.models.create('default', { name: unique() });
    await client.versions.create('default', model.id);
    const dir = await emptyDir();
    const target = path.join(dir, 'model.onnx');
    await writeFile(target, 'previous');
    const error = await client.formats.downloadToFile('default', model.id, 1, 'onnx', target).catch((e: unknown) => e);
    assert.ok(error instanceof ModelryError, String(error));
    assert.equal(error.status, 404);
    assert.match(error.detail, /onnx/);
    assert.equal(await readFile(target, 'utf8'), 'previous');
    assert.deepEqual(await readdir(dir), ['model.onnx']);
  });

  test('bytes that do not match the announced sha256 are refused and nothing is left behind', async () => {
    const body = randomBytes(5 * 1024 * 1024);
    const fake = await fakeServer((_request, response) => {
      response.writeHead(200, { 'content-length': body.byteLength, etag: `"${'0'.repeat(64)}"` });
      response.end(body);
    });
    try {
      const other = new ModelryClient({ baseUrl: fake.url, token: 'x' });
      const dir = await emptyDir();
      const error = await other.formats.downloadToFile('default', 'm', 1, 'pkl', path.join(dir, 'model.pkl')).catch((e: unknown) => e);
      assert.ok(error instanceof ChecksumMismatchError, String(error));
      assert.equal(error.actual, sha256(body));
      assert.deepEqual(await readdir(dir), []);
    } finally {
      await closeFake(fake.server);
    }
  });

  test('a connection cut in the middle of the body is a ModelryConnectionError and nothing is left behind', async () => {
    const fake = await fakeServer((_request, response) => {
      response.writeHead(200, { 'content-length': 10 * 1024 * 1024 });
      response.write(randomBytes(3 * 1024 * 1024), () => response.socket?.destroy());
    });
    try {
      const other = new ModelryClient({ baseUrl: fake.url, token: 'x' });
      const dir = await emptyDir();
      const error = await other.formats.downloadToFile('default', 'm', 1, 'pkl', path.join(dir, 'model.pkl')).catch((e: unknown) => e);
      assert.ok(error instanceof ModelryConnectionError, String(error));
      assert.deepEqual(await readdir(dir), []);
    } finally {
      await closeFake(fake.server);
    }
  });

  test('an aborted download rejects with the abort reason and removes its temp file', async () => {
    const fake = await fakeServer((_request, response) => {
      response.writeHead(200, { 'content-length': 10 * 1024 * 1024 });
      response.write(randomBytes(1024 * 1024)); // ...and then stalls.
    });
    try {
      const other = new ModelryClient({ baseUrl: fake.url, token: 'x' });
      const dir = await emptyDir();
      const controller = new AbortController();
      const reason = new Error('stopped by the test');
      const pending = other.formats.downloadToFile('default', 'm', 1, 'pkl', path.join(dir, 'model.pkl'), {
        signal: controller.signal,
        onProgress: () => controller.abort(reason),
      });
      await assert.rejects(pending, (error: unknown) => error === reason);
      assert.deepEqual(await readdir(dir), []);
    } finally {
      await closeFake(fake.server);
    }
  });
});
