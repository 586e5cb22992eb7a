import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { adminClient, assertProblem, type ApiClient } from '../helpers/client.js';
import { newContext, newModel } from '../helpers/factories.js';
import { startServer, type TestServer } from '../helpers/server.js';

describe('models', () => {
  let server: TestServer;
  let admin: ApiClient;
  let ctx: string;

  before(async () => {
    server = await startServer();
    admin = adminClient(server);
    ctx = (await newContext(server)).slug;
  });
  after(() => server.close());

  test('a created model has a UUID, its fields, no versions yet, and a Location', async () => {
    const reply = await admin.post(`/contexts/${ctx}/models`, { name: 'Churn', description: '# Churn\nPredicts churn.', tags: ['tabular', 'prod'] });
    assert.equal(reply.status, 201);
    assert.match(reply.body.id, /^[0-9a-f-]{36}$/);
    assert.equal(reply.body.name, 'Churn');
    assert.deepEqual(reply.body.tags, ['tabular', 'prod']);
    assert.equal(reply.body.versionCount, 0);
    assert.equal(reply.body.latestVersion, null);
    assert.equal(reply.body.createdBy, 'admin');
    assert.equal(reply.headers.get('location'), `/api/v1/contexts/${ctx}/models/${reply.body.id}`);
    const fetched = await admin.get(`/contexts/${ctx}/models/${reply.body.id}`);
    assert.deepEqual(fetched.body, reply.body);
  });

  test('model names are unique in a context ignoring case, and the 409 names the field', async () => {
    await newModel(admin, ctx, { name: 'Fraud Detector' });
    const clash = await admin.post(`/contexts/${ctx}/models`, { name: 'fraud detector' });
    assertProblem(clash, 409, 'name');
    const other = await newContext(server);
    const elsewhere = await admin.post(`/contexts/${other.slug}/models`, { name: 'fraud detector' });
    assert.equal(elsewhere.status, 201, 'the same name is fine in another context');
  });

  test('tags arrive as a comma-separated string, are trimmed and deduplicated ignoring case', async () => {
    const model = await newModel(admin, ctx, { tags: ' nlp, NLP ,bert,  ' });
    assert.deepEqual(model.tags, ['nlp', 'bert']);
  });

  test('a tag longer than 32 characters is refused with the field and the limit', async () => {
    const reply = await admin.post(`/contexts/${ctx}/models`, { name: 'long-tag', tags: ['x'.repeat(33)] });
    assertProblem(reply, 400, 'tags');
    assert.equal(reply.body.limit, 32);
    assert.match(reply.body.detail, /32/);
  });

  test('more than 50 tags are refused', async () => {
    const tags = Array.from({ length: 51 }, (_, i) => `t${i}`);
    const reply = await admin.post(`/contexts/${ctx}/models`, { name: 'many-tags', tags });
    assertProblem(reply, 400, 'tags');
    assert.equal(reply.body.limit, 50);
  });

  test('names outside 1-128 characters are refused', async () => {
    assertProblem(await admin.post(`/contexts/${ctx}/models`, { name: '   ' }), 400, 'name');
    const long = await admin.post(`/contexts/${ctx}/models`, { name: 'n'.repeat(129) });
    assertProblem(long, 400, 'name');
    assert.equal(long.body.limit, 128);
  });

  test('a description over 64 KiB is refused; markdown is stored as written', async () => {
    const big = await admin.post(`/contexts/${ctx}/models`, { name: 'big-desc', description: 'é'.repeat(33_000) });
    assertProblem(big, 400, 'description');
    assert.equal(big.body.limit, 65_536);
    const markdown = '## Usage\n\n```python\nmodel.predict(x)\n```\n<script>alert(1)</script>';
    const model = await newModel(admin, ctx, { description: markdown });
    assert.equal(model.description, markdown);
  });

  test('PATCH changes name, description and tags and bumps updatedAt', async () => {
    const model = await newModel(admin, ctx, { tags: ['a'] });
    const reply = await admin.patch(`/contexts/${ctx}/models/${model.id}`, { name: 'renamed-model', tags: 'b,c', description: 'new' });
    assert.equal(reply.status, 200);
    assert.equal(reply.body.name, 'renamed-model');
    assert.deepEqual(reply.body.tags, ['b', 'c']);
    assert.equal(reply.body.description, 'new');
    assert.ok(reply.body.updatedAt >= model.updatedAt);
  });

  test('an unknown model id is a 404 problem', async () => {
    assertProblem(await admin.get(`/contexts/${ctx}/models/00000000-0000-4000-8000-000000000000`), 404);
    assertProblem(await admin.get(`/contexts/${ctx}/models/not-a-uuid`), 404);
  });

  test('deleting a model removes it for good', async () => {
    const model = await newModel(admin, ctx);
    const reply = await admin.delete(`/contexts/${ctx}/models/${model.id}`);
    assert.equal(reply.status, 204);
    assertProblem(await admin.get(`/contexts/${ctx}/models/${model.id}`), 404);
    assertProblem(await admin.delete(`/contexts/${ctx}/models/${model.id}`), 404);
  });
});

describe('model lists', () => {
  let server: TestServer;
  let admin: ApiClient;
  let ctx: string;

  before(async () => {
    server = await startServer();
    admin = adminClient(server);
    ctx = (await newContext(server)).slug;
    const specs = [
      { name: 'alpha-churn', tags: ['tabular', 'Prod'], description: 'Gradient boosted churn model' },
      { name: 'Beta-fraud', tags: ['tabular'], description: 'Detects card fraud' },
      { name: 'gamma-vision', tags: ['images'], description: 'ResNet classifier for products' },
      { name: 'delta-text', tags: ['nlp', 'prod'], description: 'Sentiment on reviews' },
      { name: 'epsilon-churn-v2', tags: ['tabular'], description: 'Second churn attempt' },
    ];
    for (const spec of specs) await newModel(admin, ctx, spec);
  });
  after(() => server.close());

  const names = (reply: { body: { items: Array<{ name: string }> } }): string[] => reply.body.items.map((m) => m.name);

  test('sort by name is case-insensitive, ascending by default', async () => {
    const reply = await admin.get(`/contexts/${ctx}/models?sort=name`);
    assert.deepEqual(names(reply), ['alpha-churn', 'Beta-fraud', 'delta-text', 'epsilon-churn-v2', 'gamma-vision']);
    const desc = await admin.get(`/contexts/${ctx}/models?sort=name&order=desc`);
    assert.deepEqual(names(desc), ['gamma-vision', 'epsilon-churn-v2', 'delta-text', 'Beta-fraud', 'alpha-churn']);
  });

  test('sort by createdAt follows creation order', async () => {
    const reply = await admin.get(`/contexts/${ctx}/models?sort=createdAt&order=asc`);
    assert.deepEqual(names(reply), ['alpha-churn', 'Beta-fraud', 'gamma-vision', 'delta-text', 'epsilon-churn-v2']);
  });

  test('q matches words of the name, description and tags as prefixes', async () => {
    assert.deepEqual(names(await admin.get(`/contexts/${ctx}/models?sort=name&q=churn`)), ['alpha-churn', 'epsilon-churn-v2']);
    assert.deepEqual(names(await admin.get(`/contexts/${ctx}/models?sort=name&q=resn`)), ['gamma-vision']);
    assert.deepEqual(names(await admin.get(`/contexts/${ctx}/models?sort=name&q=NLP`)), ['delta-text']);
    assert.deepEqual(names(await admin.get(`/contexts/${ctx}/models?sort=name&q=churn%20second`)), ['epsilon-churn-v2']);
    assert.deepEqual(names(await admin.get(`/contexts/${ctx}/models?q=nothing-like-this`)), []);
  });

  test('tag filters match exactly, ignoring case, and combine with q', async () => {
    assert.deepEqual(names(await admin.get(`/contexts/${ctx}/models?sort=name&tag=prod`)), ['alpha-churn', 'delta-text']);
    assert.deepEqual(names(await admin.get(`/contexts/${ctx}/models?sort=name&tag=tabular&q=fraud`)), ['Beta-fraud']);
  });

  test('cursor pages cover the list exactly once, in order', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`;
      const page = await admin.get(`/contexts/${ctx}/models?sort=name&limit=2${query}`);
      assert.equal(page.status, 200);
      assert.ok(page.body.items.length <= 2);
      seen.push(...names(page));
      cursor = page.body.nextCursor;
    } while (cursor !== null);
    assert.deepEqual(seen, ['alpha-churn', 'Beta-fraud', 'delta-text', 'epsilon-churn-v2', 'gamma-vision']);
  });

  test('a cursor from another sort, or garbage, is a 400 naming cursor', async () => {
    const page = await admin.get(`/contexts/${ctx}/models?sort=name&limit=1`);
    assertProblem(await admin.get(`/contexts/${ctx}/models?sort=createdAt&cursor=${page.body.nextCursor}`), 400, 'cursor');
    assertProblem(await admin.get(`/contexts/${ctx}/models?cursor=%%%`), 400, 'cursor');
  });

  test('limit above 200 and unknown sort keys are refused', async () => {
    const big = await admin.get(`/contexts/${ctx}/models?limit=201`);
    assertProblem(big, 400, 'limit');
    assert.equal(big.body.limit, 200);
    assertProblem(await admin.get(`/contexts/${ctx}/models?sort=size`), 400, 'sort');
  });

  test('renaming a model updates what search finds', async () => {
    const model = await newModel(admin, ctx, { name: 'zeta-old' });
    await admin.patch(`/contexts/${ctx}/models/${model.id}`, { name: 'zeta-brandnew' });
    assert.deepEqual(names(await admin.get(`/contexts/${ctx}/models?q=brandnew`)), ['zeta-brandnew']);
    assert.deepEqual(names(await admin.get(`/contexts/${ctx}/models?q=old`)), []);
  });
});
