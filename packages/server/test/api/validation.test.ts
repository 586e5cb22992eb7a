import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { adminClient, assertProblem, type ApiClient } from '../helpers/client.js';
import { newContext, newModel } from '../helpers/factories.js';
import { startServer, type TestServer } from '../helpers/server.js';

describe('malformed requests are 4xx problems, never 500', () => {
  let server: TestServer;
  let admin: ApiClient;
  let ctx: string;
  let modelPath: string;

  before(async () => {
    server = await startServer();
    admin = adminClient(server);
    ctx = (await newContext(server)).slug;
    modelPath = `/contexts/${ctx}/models/${(await newModel(admin, ctx)).id}`;
  });
  after(() => server.close());

  const raw = (method: string, path: string, body: string, contentType = 'application/json') =>
    admin.request(method, path, body, { 'content-type': contentType });

  test('malformed JSON is a 400 naming the body', async () => {
    assertProblem(await raw('POST', `/contexts/${ctx}/models`, '{"name": "x",'), 400, 'body');
    assertProblem(await raw('POST', `/contexts/${ctx}/models`, ''), 400, 'body');
  });

  test('wrong types are refused without coercion', async () => {
    assertProblem(await admin.post(`/contexts/${ctx}/models`, { name: 12345 }), 400, 'name');
    assertProblem(await admin.post(`/contexts/${ctx}/models`, { name: 'ok', tags: 7 }), 400, 'tags');
    assertProblem(await admin.post(`${modelPath}/versions`, { hyperparameters: [1, 2] }), 400, 'hyperparameters');
    assertProblem(await admin.post(`${modelPath}/versions`, { records: 'not-a-list' }), 400, 'records');
  });

  test('unknown fields are refused by name, not silently dropped', async () => {
    const reply = await admin.post(`/contexts/${ctx}/models`, { name: 'ok', colour: 'blue' });
    assertProblem(reply, 400, 'colour');
    assert.match(reply.body.detail, /colour is not a known field/);
  });

  test('__proto__ and constructor keys are refused', async () => {
    assertProblem(await raw('POST', `/contexts/${ctx}/models`, '{"name":"p","__proto__":{"isAdmin":true}}'), 400);
    assertProblem(await raw('POST', `${modelPath}/versions`, '{"config":{"constructor":{"prototype":{"x":1}}}}'), 400);
  });

  test('deeply nested JSON is refused', async () => {
    const deep = '['.repeat(5000) + ']'.repeat(5000);
    const reply = await raw('POST', `${modelPath}/versions`, `{"config":${deep}}`);
    assert.ok(reply.status >= 400 && reply.status < 500, `got ${reply.status}`);
    assert.match(reply.headers.get('content-type') ?? '', /problem\+json/);
  });

  test('a body over the JSON limit is a 413', async () => {
    const reply = await raw('POST', `/contexts/${ctx}/models`, JSON.stringify({ name: 'big', description: 'x'.repeat(5 * 1024 * 1024) }));
    assertProblem(reply, 413);
  });

  test('an unsupported content type is a 415', async () => {
    assertProblem(await raw('POST', `/contexts/${ctx}/models`, 'name=x', 'application/x-www-form-urlencoded'), 415);
  });

  test('bad path parameters are 400 or 404, and unknown routes are 404 problems', async () => {
    assertProblem(await admin.get(`${modelPath}/versions/zero`), 400, 'n');
    assertProblem(await admin.get(`${modelPath}/versions/0`), 400, 'n');
    assertProblem(await admin.get(`${modelPath}/versions/99999999999`), 400, 'n');
    assertProblem(await admin.get('/no/such/route'), 404);
  });

  test('control characters in names are refused', async () => {
    assertProblem(await admin.post(`/contexts/${ctx}/models`, { name: 'bad\u0000name' }), 400, 'name');
    assertProblem(await admin.post(`/contexts/${ctx}/models`, { name: 'two\nlines' }), 400, 'name');
  });

  test('fuzz: arbitrary JSON bodies on create and edit never yield a 500', async () => {
    const anyJson = fc.jsonValue({ maxDepth: 4 });
    const modelish = fc.record(
      { name: fc.oneof(fc.string({ maxLength: 140 }), anyJson), description: fc.oneof(fc.string(), anyJson), tags: fc.oneof(fc.array(fc.string({ maxLength: 40 })), fc.string(), anyJson), extra: anyJson },
      { requiredKeys: [] },
    );
    const versionish = fc.record(
      { name: anyJson, tags: anyJson, hyperparameters: fc.oneof(fc.dictionary(fc.string(), anyJson), anyJson), config: anyJson, records: fc.oneof(fc.array(fc.record({ uri: fc.string(), sha256: fc.string() })), anyJson) },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(modelish, versionish, fc.string({ maxLength: 30 }), async (model, version, q) => {
        for (const reply of [
          await admin.post(`/contexts/${ctx}/models`, model),
          await admin.patch(modelPath, model),
          await admin.post(`${modelPath}/versions`, version),
          await admin.get(`/contexts/${ctx}/models?q=${encodeURIComponent(q)}&tag=${encodeURIComponent(q)}`),
        ]) {
          assert.ok(reply.status < 500, `got ${reply.status}: ${JSON.stringify(reply.body)}`);
          if (reply.status >= 400) assert.match(reply.headers.get('content-type') ?? '', /problem\+json/);
        }
      }),
      { numRuns: 150 },
    );
  });
});
