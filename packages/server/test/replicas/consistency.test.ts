import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { ApiClient, assertProblem } from '../helpers/client.js';
import { newModel, newVersion } from '../helpers/factories.js';
import { bytesPickleHead } from '../helpers/pickles.js';
import { ADMIN_PASSWORD, MAX_VERSIONS, startCluster, type Cluster, type Replica } from './cluster.js';

/** A valid pickle (every upload is inspected) whose bulk is `size` random bytes: distinct files every time. */
function randomPickle(size: number): Buffer {
  return Buffer.concat([bytesPickleHead(size), randomBytes(size), Buffer.from([0x2e])]);
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

describe('two replicas on one PostgreSQL database and one bucket', () => {
  let cluster: Cluster;
  let a: Replica;
  let b: Replica;

  before(async () => {
    cluster = await startCluster(2);
    [a, b] = cluster.replicas as [Replica, Replica];
  });
  after(() => cluster.close());

  test('200 concurrent version creations spread over both give unique numbers and never exceed the limit', async () => {
    const model = await newModel(a.api, 'default');
    const replies = await Promise.all(
      Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? a : b).api.post(`/contexts/default/models/${model.id}/versions`, {})),
    );
    const created = replies.filter((reply) => reply.status === 201);
    assert.equal(created.length, MAX_VERSIONS);
    for (const reply of replies.filter((r) => r.status !== 201)) {
      assertProblem(reply, 409, 'versions');
      assert.equal(reply.body.limit, MAX_VERSIONS);
    }
    const numbers = created.map((reply) => reply.body.number as number).sort((x, y) => x - y);
    assert.deepEqual(numbers, Array.from({ length: MAX_VERSIONS }, (_, i) => i + 1));
    const seen = await b.api.get(`/contexts/default/models/${model.id}`);
    assert.equal(seen.body.versionCount, MAX_VERSIONS);
    assert.equal(seen.body.latestVersion, MAX_VERSIONS);
  });

  test('creations racing deletions on both replicas keep the live count exact and never reuse a number', async () => {
    const model = await newModel(a.api, 'default');
    const first = await Promise.all(Array.from({ length: MAX_VERSIONS }, () => newVersion(a.api, 'default', model.id)));
    const toDelete = first.map((version) => version.number as number).filter((n) => n % 3 === 0);
    const work = [
      ...toDelete.map((n, i) => (i % 2 === 0 ? b : a).api.delete(`/contexts/default/models/${model.id}/versions/${n}`)),
      ...Array.from({ length: 60 }, (_, i) => (i % 2 === 0 ? a : b).api.post(`/contexts/default/models/${model.id}/versions`, {})),
    ];
    const replies = await Promise.all(work);
    assert.ok(replies.slice(0, toDelete.length).every((reply) => reply.status === 204));
    const createdNumbers = replies.slice(toDelete.length).filter((r) => r.status === 201).map((r) => r.body.number as number);
    assert.equal(createdNumbers.length, toDelete.length, 'exactly the freed slots were filled');
    assert.ok(createdNumbers.every((n) => n > MAX_VERSIONS), 'deleted numbers are never given out again');
    const live = await cluster.backend.database.db.selectFrom('versions').select('number').where('model_id', '=', model.id).execute();
    assert.equal(live.length, MAX_VERSIONS);
    assert.equal(new Set(live.map((row) => row.number)).size, MAX_VERSIONS);
    const row = await cluster.backend.database.db.selectFrom('models').selectAll().where('id', '=', model.id).executeTakeFirstOrThrow();
    assert.equal(row.version_count, MAX_VERSIONS, 'the stored count matches the live rows');
  });

  test('publish racing an upload ends with the upload either before the publish or refused', async (t) => {
    const model = await newModel(a.api, 'default');
    const outcomes = { before: 0, refused: 0 };
    for (let round = 1; round <= 12; round++) {
      await newVersion(a.api, 'default', model.id);
      const bytes = randomPickle(256 * 1024 + round);
      const filePath = `/contexts/default/models/${model.id}/versions/${round}/formats/pkl/file`;
      const [upload, publish] = await Promise.all([
        a.api.put(filePath, bytes, { 'content-type': 'application/octet-stream' }),
        new Promise((resolve) => setTimeout(resolve, round * 40)).then(() =>
          b.api.post(`/contexts/default/models/${model.id}/versions/${round}/publish`),
        ),
      ]);
      assert.equal(publish.status, 200, JSON.stringify(publish.body));
      const version = await b.api.get(`/contexts/default/models/${model.id}/versions/${round}`);
      assert.equal(version.body.published, true);
      const format = (version.body.formats as Array<{ format: string; sha256: string | null; uploadedAt: string | null }>).find(
        (f) => f.format === 'pkl',
      );
      if (upload.status === 200) {
        outcomes.before++;
        assert.equal(format?.sha256, sha256(bytes), 'an accepted upload is part of the published version');
        assert.ok((format?.uploadedAt ?? '') <= version.body.publishedAt, 'and it landed before the publish');
        const download = await b.api.bytes(filePath);
        assert.equal(sha256(download.bytes), sha256(bytes));
      } else {
        outcomes.refused++;
        assertProblem(upload, 409);
        assert.equal(upload.body.type, 'https://modelry.dev/problems/immutable');
        assert.ok(format === undefined || format.sha256 === null, 'a refused upload left no file on the published version');
      }
    }
    assert.equal(outcomes.before + outcomes.refused, 12);
    t.diagnostic(`uploads before the publish: ${outcomes.before}, refused: ${outcomes.refused}`);
  });

  test('deleting a version while its file downloads ends with a complete download or a clean error', async () => {
    const model = await newModel(a.api, 'default');
    await newVersion(a.api, 'default', model.id);
    const bytes = randomPickle(24 * 1024 * 1024);
    const filePath = `/contexts/default/models/${model.id}/versions/1/formats/pkl/file`;
    assert.equal((await a.api.put(filePath, bytes)).status, 200);
    const response = await fetch(`${a.url}/api/v1${filePath}`, { headers: { authorization: `Bearer ${cluster.replicas[0]?.api.token}` } });
    assert.equal(response.status, 200);
    const reader = response.body!.getReader();
    const chunks: Uint8Array[] = [];
    const firstChunk = await reader.read();
    if (firstChunk.value !== undefined) chunks.push(firstChunk.value);
    // The version and its file are deleted on the other replica while this download is under way.
    assert.equal((await b.api.delete(`/contexts/default/models/${model.id}/versions/1`)).status, 204);
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
    }
    const downloaded = Buffer.concat(chunks);
    assert.equal(downloaded.length, bytes.length, 'the download that started completes');
    assert.equal(sha256(downloaded), sha256(bytes));
    const again = await a.api.get(filePath);
    assertProblem(again, 404);
    const blobs = await cluster.backend.database.db.selectFrom('blobs').selectAll().where('sha256', '=', sha256(bytes)).execute();
    assert.deepEqual(blobs, [], 'the deleted version freed its blob');
    assert.equal(await cluster.backend.blobs.exists(sha256(bytes)), false, 'and its bytes');
  });

  test('a download that starts after the delete is a clean 404, on either replica', async () => {
    const model = await newModel(b.api, 'default');
    await newVersion(b.api, 'default', model.id);
    const filePath = `/contexts/default/models/${model.id}/versions/1/formats/pkl/file`;
    assert.equal((await b.api.put(filePath, randomPickle(1024))).status, 200);
    assert.equal((await a.api.delete(`/contexts/default/models/${model.id}/versions/1`)).status, 204);
    assertProblem(await b.api.get(filePath), 404);
    assertProblem(await a.api.get(filePath), 404);
  });

  test('a dashboard session made on one replica works, and ends, on the other', async () => {
    const signIn = await fetch(`${a.url}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
    });
    assert.equal(signIn.status, 200);
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const { csrfToken } = (await signIn.json()) as { csrfToken: string };
    const me = await fetch(`${b.url}/api/v1/me`, { headers: { cookie } });
    assert.equal(me.status, 200);
    assert.equal(((await me.json()) as { user: { username: string } }).user.username, 'admin');
    const write = await fetch(`${b.url}/api/v1/contexts/default/models`, {
      method: 'POST',
      headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
      body: JSON.stringify({ name: `session-${randomBytes(4).toString('hex')}` }),
    });
    assert.equal(write.status, 201);
    assert.equal((await fetch(`${b.url}/api/v1/session`, { method: 'DELETE', headers: { cookie, 'x-csrf-token': csrfToken } })).status, 204);
    assert.equal((await fetch(`${a.url}/api/v1/me`, { headers: { cookie } })).status, 401, 'signed out everywhere');
  });

  test('a token made on one replica works on the other, and a revocation there holds everywhere at once', async () => {
    const created = await a.api.post('/admin/tokens', { name: 'replica token' });
    assert.equal(created.status, 201);
    const onB = new ApiClient(`${b.url}/api/v1`, created.body.secret);
    const onA = new ApiClient(`${a.url}/api/v1`, created.body.secret);
    assert.equal((await onB.get('/me')).status, 200);
    assert.equal((await b.api.delete(`/admin/tokens/${created.body.token.id}`)).status, 204);
    assertProblem(await onA.get('/me'), 401);
    assertProblem(await onB.get('/me'), 401);
  });
});
