import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { adminClient, assertProblem, type ApiClient } from '../helpers/client.js';
import { newContext, newModel, newVersion } from '../helpers/factories.js';
import { startServer, type TestServer } from '../helpers/server.js';

describe('versions', () => {
  let server: TestServer;
  let admin: ApiClient;
  let ctx: string;

  before(async () => {
    server = await startServer({ limits: { maxVersions: 5 } });
    admin = adminClient(server);
    ctx = (await newContext(server)).slug;
  });
  after(() => server.close());

  const base = (modelId: string): string => `/contexts/${ctx}/models/${modelId}/versions`;

  test('a version carries its metadata and gets the next number', async () => {
    const model = await newModel(admin, ctx);
    const body = {
      name: 'first fit',
      description: 'Trained on **Q3** data',
      tags: 'baseline, lr',
      hyperparameters: { C: 1.0, penalty: 'l2', layers: [64, 32] },
      config: { threshold: 0.42, features: ['a', 'b'] },
      records: [{ uri: 's3://data/train.parquet', name: 'train', sha256: 'A'.repeat(64) }],
    };
    const v1 = await newVersion(admin, ctx, model.id, body);
    assert.equal(v1.number, 1);
    assert.equal(v1.name, 'first fit');
    assert.deepEqual(v1.tags, ['baseline', 'lr']);
    assert.deepEqual(v1.hyperparameters, body.hyperparameters);
    assert.deepEqual(v1.config, body.config);
    assert.deepEqual(v1.records, [{ uri: 's3://data/train.parquet', name: 'train', sha256: 'a'.repeat(64) }]);
    assert.equal(v1.published, false);
    assert.deepEqual(v1.formats, []);
    const v2 = await newVersion(admin, ctx, model.id);
    assert.equal(v2.number, 2);
    const fetched = await admin.get(`/contexts/${ctx}/models/${model.id}`);
    assert.equal(fetched.body.versionCount, 2);
    assert.equal(fetched.body.latestVersion, 2);
  });

  test('config may be any JSON value, including a bare array or string', async () => {
    const model = await newModel(admin, ctx);
    assert.deepEqual((await newVersion(admin, ctx, model.id, { config: [1, 'two', null] })).config, [1, 'two', null]);
    assert.equal((await newVersion(admin, ctx, model.id, { config: 'plain' })).config, 'plain');
  });

  test('a deleted version leaves a gap: its number is never reused', async () => {
    const model = await newModel(admin, ctx);
    for (let i = 0; i < 3; i++) await newVersion(admin, ctx, model.id);
    assert.equal((await admin.delete(`${base(model.id)}/3`)).status, 204);
    assert.equal((await admin.delete(`${base(model.id)}/2`)).status, 204);
    const next = await newVersion(admin, ctx, model.id);
    assert.equal(next.number, 4);
    const list = await admin.get(`${base(model.id)}?order=asc`);
    assert.deepEqual(list.body.items.map((v: { number: number }) => v.number), [1, 4]);
    assertProblem(await admin.get(`${base(model.id)}/2`), 404);
    const fetched = await admin.get(`/contexts/${ctx}/models/${model.id}`);
    assert.equal(fetched.body.versionCount, 2);
    assert.equal(fetched.body.latestVersion, 4);
  });

  test('deleting the highest version moves latestVersion down without reusing its number', async () => {
    const model = await newModel(admin, ctx);
    await newVersion(admin, ctx, model.id);
    await newVersion(admin, ctx, model.id);
    await admin.delete(`${base(model.id)}/2`);
    assert.equal((await admin.get(`/contexts/${ctx}/models/${model.id}`)).body.latestVersion, 1);
    assert.equal((await newVersion(admin, ctx, model.id)).number, 3);
  });

  test('one version more than the limit is refused with 409 naming the limit', async () => {
    const model = await newModel(admin, ctx);
    for (let i = 0; i < 5; i++) await newVersion(admin, ctx, model.id);
    const refused = await admin.post(base(model.id), {});
    assertProblem(refused, 409, 'versions');
    assert.equal(refused.body.limit, 5);
    assert.match(refused.body.detail, /5 versions/);
    await admin.delete(`${base(model.id)}/1`);
    assert.equal((await newVersion(admin, ctx, model.id)).number, 6, 'deleting one frees a slot, not the number');
  });

  test('concurrent creations never exceed the limit and never share a number', async () => {
    const model = await newModel(admin, ctx);
    const replies = await Promise.all(Array.from({ length: 40 }, () => admin.post(base(model.id), {})));
    const created = replies.filter((r) => r.status === 201);
    const refused = replies.filter((r) => r.status === 409);
    assert.equal(created.length, 5);
    assert.equal(refused.length, 35);
    for (const reply of refused) assert.equal(reply.body.type, 'https://modelry.dev/problems/limit-exceeded');
    const numbers = created.map((r) => r.body.number).sort((a: number, b: number) => a - b);
    assert.deepEqual(numbers, [1, 2, 3, 4, 5]);
  });

  test('an unpublished version can be edited; a published one cannot, in metadata or files', async () => {
    const model = await newModel(admin, ctx);
    await newVersion(admin, ctx, model.id, { name: 'draft' });
    const edited = await admin.patch(`${base(model.id)}/1`, { name: 'candidate', config: { a: 1 } });
    assert.equal(edited.status, 200);
    assert.equal(edited.body.name, 'candidate');
    const published = await admin.post(`${base(model.id)}/1/publish`);
    assert.equal(published.status, 200);
    assert.equal(published.body.published, true);
    assert.equal(published.body.publishedBy, 'admin');
    assertProblem(await admin.patch(`${base(model.id)}/1`, { name: 'sneaky' }), 409);
    assertProblem(await admin.post(`${base(model.id)}/1/formats`, { format: 'pkl' }), 409);
    assertProblem(await admin.put(`${base(model.id)}/1/formats/pkl/file`, new Uint8Array([0x80, 0x04, 0x4e, 0x2e])), 409);
    const again = await admin.post(`${base(model.id)}/1/publish`);
    assert.equal(again.status, 200, 'publishing twice is harmless');
    assert.equal(again.body.publishedAt, published.body.publishedAt);
    assert.equal((await admin.get(`${base(model.id)}/1`)).body.name, 'candidate');
    assert.equal((await admin.delete(`${base(model.id)}/1`)).status, 204, 'a published version can still be deleted');
  });

  test('config over 1 MiB is refused naming config and the limit', async () => {
    const model = await newModel(admin, ctx);
    const reply = await admin.post(base(model.id), { config: { blob: 'x'.repeat(1024 * 1024) } });
    assertProblem(reply, 400, 'config');
    assert.equal(reply.body.limit, 1024 * 1024);
  });

  test('config nested deeper than 32 levels is refused', async () => {
    const model = await newModel(admin, ctx);
    let deep: unknown = 1;
    for (let i = 0; i < 40; i++) deep = { d: deep };
    const reply = await admin.post(base(model.id), { config: deep });
    assertProblem(reply, 400, 'config');
  });

  test('records need a uri, and a sha256 must be hex', async () => {
    const model = await newModel(admin, ctx);
    assertProblem(await admin.post(base(model.id), { records: [{ name: 'no uri' }] }), 400, 'records[0].uri');
    assertProblem(await admin.post(base(model.id), { records: [{ uri: 'x', sha256: 'zz' }] }), 400, 'records[0].sha256');
  });

  test('version lists page by number, newest first by default', async () => {
    const model = await newModel(admin, ctx);
    for (let i = 0; i < 4; i++) await newVersion(admin, ctx, model.id);
    const first = await admin.get(`${base(model.id)}?limit=3`);
    assert.deepEqual(first.body.items.map((v: { number: number }) => v.number), [4, 3, 2]);
    const second = await admin.get(`${base(model.id)}?limit=3&cursor=${first.body.nextCursor}`);
    assert.deepEqual(second.body.items.map((v: { number: number }) => v.number), [1]);
    assert.equal(second.body.nextCursor, null);
  });

  test('a version of a model in another context is not found', async () => {
    const model = await newModel(admin, ctx);
    await newVersion(admin, ctx, model.id);
    const other = await newContext(server);
    assertProblem(await admin.get(`/contexts/${other.slug}/models/${model.id}/versions/1`), 404);
    assertProblem(await admin.post(`/contexts/${other.slug}/models/${model.id}/versions`, {}), 404);
  });
});
