import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startServer, type TestServer } from './helpers/server.js';
import { ModelryClient, ModelryConnectionError, ModelryError } from '../src/index.node.js';
import type { TransferProgress } from '../src/types.js';
import { fixture, tempDir, unique } from './helpers/env.js';

let server: TestServer;
let client: ModelryClient;

before(async () => {
  server = await startServer();
  client = new ModelryClient({ baseUrl: server.url, token: server.adminToken });
});
after(() => server.close());

async function rejection(pending: Promise<unknown>): Promise<ModelryError> {
  const error = await pending.then(
    () => assert.fail('expected a refusal'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof ModelryError, `expected a ModelryError, got ${String(error)}`);
  return error;
}

describe('the TypeScript client', () => {
  test('me() returns the token owner and the contexts it can see', async () => {
    const me = await client.me();
    assert.equal(me.user.username, 'admin');
    assert.ok(me.contexts.some((c) => c.slug === 'default'));
  });

  test('models can be created, found, edited and deleted', async () => {
    const name = unique();
    const created = await client.models.create('default', { name, description: 'iris', tags: ['iris', 'demo'] });
    assert.equal(created.name, name);
    assert.deepEqual(created.tags.toSorted(), ['demo', 'iris']);
    const page = await client.models.list('default', { q: name });
    assert.deepEqual(page.items.map((m) => m.id), [created.id]);
    const edited = await client.models.update('default', created.id, { description: 'changed' });
    assert.equal(edited.description, 'changed');
    await client.models.delete('default', created.id);
    const gone = await rejection(client.models.get('default', created.id));
    assert.equal(gone.status, 404);
  });

  test('a refusal becomes a ModelryError with every field of the problem body', async () => {
    const model = await client.models.create('default', { name: unique() });
    const error = await rejection(client.models.create('default', { name: model.name }));
    assert.equal(error.status, 409);
    assert.match(error.type, /conflict|already/);
    assert.equal(typeof error.title, 'string');
    assert.match(error.detail, new RegExp(model.name));
    assert.equal(error.message, error.detail);
    const invalid = await rejection(client.models.create('default', { name: '' }));
    assert.equal(invalid.status, 400);
    assert.ok(invalid.field !== undefined || invalid.errors.length > 0, JSON.stringify(invalid));
  });

  test('a limit refusal carries the limit', async () => {
    const model = await client.models.create('default', { name: unique() });
    const version = await client.versions.create('default', model.id);
    for (const format of ['pkl', 'joblib', 'onnx']) await client.formats.create('default', model.id, version.number, { format });
    const error = await rejection(client.formats.create('default', model.id, version.number, { format: 'pmml' }));
    assert.equal(error.status, 409);
    assert.equal(error.limit, 3);
  });

  test('an unreachable server is a ModelryConnectionError, not a ModelryError', async () => {
    const offline = new ModelryClient({ baseUrl: 'http://127.0.0.1:9', token: 'x'.repeat(40) });
    const error = await offline.me().then(
      () => assert.fail('expected a failure'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof ModelryConnectionError, String(error));
    assert.match(error.message, /cannot reach http:\/\/127\.0\.0\.1:9/);
  });

  test('versions are numbered by the server and publish freezes them', async () => {
    const model = await client.models.create('default', { name: unique() });
    const first = await client.versions.create('default', model.id, { name: 'first', hyperparameters: { C: 1 }, config: { threshold: 0.5 } });
    const second = await client.versions.create('default', model.id);
    assert.deepEqual([first.number, second.number], [1, 2]);
    const published = await client.versions.publish('default', model.id, 1);
    assert.equal(published.published, true);
    const frozen = await rejection(client.versions.update('default', model.id, 1, { name: 'renamed' }));
    assert.equal(frozen.status, 409);
    const page = await client.versions.list('default', model.id, { order: 'asc' });
    assert.deepEqual(page.items.map((v) => v.number), [1, 2]);
  });
});

describe('uploads and downloads', () => {
  async function version(): Promise<{ modelId: string; n: number }> {
    const model = await client.models.create('default', { name: unique() });
    const created = await client.versions.create('default', model.id);
    return { modelId: model.id, n: created.number };
  }

  async function downloaded(modelId: string, n: number, format: string): Promise<Buffer> {
    const download = await client.formats.download('default', modelId, n, format);
    return Buffer.from(await new Response(download.body).arrayBuffer());
  }

  test('a file path uploads with its base name, its size in progress, and downloads byte for byte', async () => {
    const { modelId, n } = await version();
    const file = fixture('logreg_iris_p4.pkl');
    const bytes = await readFile(file);
    const progress: TransferProgress[] = [];
    const format = await client.formats.upload('default', modelId, n, 'pkl', file, { onProgress: (p) => progress.push(p) });
    assert.equal(format.fileName, 'logreg_iris_p4.pkl');
    assert.equal(format.size, bytes.byteLength);
    assert.equal(format.sha256, createHash('sha256').update(bytes).digest('hex'));
    assert.deepEqual(progress.at(-1), { loaded: bytes.byteLength, total: bytes.byteLength });
    const download = await client.formats.download('default', modelId, n, 'pkl');
    assert.equal(download.fileName, 'logreg_iris_p4.pkl');
    assert.equal(download.sha256, format.sha256);
    assert.equal(download.size, bytes.byteLength);
    assert.deepEqual(Buffer.from(await new Response(download.body).arrayBuffer()), bytes);
  });

  test('a Node stream, a Buffer, a Blob and a web stream all upload the same bytes', async () => {
    const file = fixture('rattle_DecisionTreeIris.pmml');
    const bytes = await readFile(file);
    const sources: Array<[string, () => unknown]> = [
      ['node stream', () => createReadStream(file)],
      ['buffer', () => bytes],
      ['blob', () => new Blob([bytes])],
      ['web stream', () => new Blob([bytes]).stream()],
    ];
    for (const [label, source] of sources) {
      const { modelId, n } = await version();
      const format = await client.formats.upload('default', modelId, n, 'pmml', source() as never, { fileName: 'tree.pmml' });
      assert.equal(format.size, bytes.byteLength, label);
      assert.deepEqual(await downloaded(modelId, n, 'pmml'), bytes, label);
    }
  });

  test('a wrong sha256 is refused and nothing is stored', async () => {
    const { modelId, n } = await version();
    const error = await rejection(
      client.formats.upload('default', modelId, n, 'pkl', fixture('logreg_iris_p4.pkl'), { sha256: '0'.repeat(64) }),
    );
    assert.equal(error.status, 400);
    assert.match(error.detail, /sha256|checksum/i);
    const formats = await client.formats.list('default', modelId, n);
    assert.ok(formats.items.every((f) => !f.hasFile));
  });

  test('downloadToFile writes the file atomically and checks its sha256', async () => {
    const { modelId, n } = await version();
    const file = fixture('rattle_DecisionTreeIris.pmml');
    await client.formats.upload('default', modelId, n, 'pmml', file);
    const { dir, cleanup } = await tempDir();
    try {
      const target = path.join(dir, 'model.pmml');
      const saved = await client.formats.downloadToFile('default', modelId, n, 'pmml', target);
      assert.deepEqual(await readFile(target), await readFile(file));
      assert.equal(saved.fileName, 'rattle_DecisionTreeIris.pmml');
      assert.equal(saved.sha256, createHash('sha256').update(await readFile(file)).digest('hex'));
    } finally {
      await cleanup();
    }
  });

  test('formats.inspect re-runs the inspector: a pickle calling os.system is dangerous and names it', async () => {
    const { modelId, n } = await version();
    await client.formats.upload('default', modelId, n, 'pkl', fixture('evil_os_system_p0.pkl'));
    const inspected = await client.formats.inspect('default', modelId, n, 'pkl');
    assert.equal(inspected.format, 'pkl');
    assert.equal(inspected.inspection?.verdict, 'dangerous');
    assert.match(inspected.inspection?.summary ?? '', /dangerous: .*system/);
    const globals = inspected.inspection?.details.dangerousGlobals as string[];
    assert.ok(globals.some((name) => /(os|posix|nt)\.system$/.test(name)), `dangerous globals: ${globals.join(', ')}`);
  });

  test('formats.inspect of a PMML tree is safe and carries its input signature', async () => {
    const { modelId, n } = await version();
    await client.formats.upload('default', modelId, n, 'pmml', fixture('rattle_DecisionTreeIris.pmml'));
    const inspected = await client.formats.inspect('default', modelId, n, 'pmml');
    assert.equal(inspected.inspection?.kind, 'pmml');
    assert.equal(inspected.inspection?.verdict, 'safe');
    assert.ok((inspected.inspection?.signature?.inputs.length ?? 0) > 0, 'the mining fields are the inputs');
  });

  test('formats.inspect of a format without a file is refused with the server message', async () => {
    const { modelId, n } = await version();
    await client.formats.create('default', modelId, n, { format: 'onnx' });
    const error = await rejection(client.formats.inspect('default', modelId, n, 'onnx'));
    assert.equal(error.status, 404);
    assert.match(error.detail, /no file to inspect/);
  });

  test('an upload to a missing version is refused with the server message', async () => {
    const model = await client.models.create('default', { name: unique() });
    const error = await rejection(client.formats.upload('default', model.id, 99, 'pkl', Buffer.from('x')));
    assert.equal(error.status, 404);
    assert.ok(error.detail.length > 0);
  });
});
