import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { nowIso } from '../../src/domain/clock.js';
import { newModel, newVersion } from '../helpers/factories.js';
import { bytesPickleHead } from '../helpers/pickles.js';
import { ADMIN_TOKEN, runCli, startCluster, type Cluster, type Replica } from './cluster.js';

const MiB = 1024 * 1024;

/** Streams the head of a large pickle to `replica` and keeps the request open (never finishes it). */
function startSlowUpload(replica: Replica, filePath: string, total: number): http.ClientRequest {
  const request = http.request({
    host: '127.0.0.1',
    port: replica.port,
    method: 'PUT',
    path: `/api/v1${filePath}`,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/octet-stream', 'content-length': total },
  });
  request.on('error', () => undefined);
  request.write(bytesPickleHead(total - 12));
  for (let i = 0; i < 12; i++) request.write(randomBytes(MiB));
  return request;
}

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('a replica killed with SIGKILL mid-upload', () => {
  let cluster: Cluster;
  let victim: Replica;
  let survivor: Replica;

  before(async () => {
    cluster = await startCluster(2);
    [victim, survivor] = cluster.replicas as [Replica, Replica];
  });
  after(() => cluster.close());

  test('leaves no row pointing at a missing object, and gc removes its unfinished multipart upload', async () => {
    const model = await newModel(survivor.api, 'default');
    await newVersion(survivor.api, 'default', model.id);
    const filePath = `/contexts/default/models/${model.id}/versions/1/formats/pkl/file`;
    const request = startSlowUpload(victim, filePath, 64 * MiB);
    // 12 MiB in with 5 MiB parts: the multipart upload has started and holds parts.
    await until(async () => (await cluster.stagingLeftovers()).uploads > 0, 'the multipart upload to start');
    await victim.kill('SIGKILL');
    request.destroy();

    const db = cluster.backend.database.db;
    const formats = await db.selectFrom('formats').select(['sha256']).where('sha256', 'is not', null).execute();
    for (const format of formats) assert.ok(await cluster.backend.blobs.exists(format.sha256 ?? ''), 'every file row has its bytes');
    const version = await survivor.api.get(`/contexts/default/models/${model.id}/versions/1`);
    assert.deepEqual(version.body.formats, [], 'the killed upload left no format row');
    assert.equal((await cluster.stagingLeftovers()).uploads, 1, 'its multipart upload is left behind');

    const dryRun = await runCli(cluster, ['gc', '--dry-run', '--older-than-minutes', '0']);
    assert.equal(dryRun.code, 0, dryRun.stderr);
    assert.equal((await cluster.stagingLeftovers()).uploads, 1, 'a dry run changes nothing');

    const gc = await runCli(cluster, ['gc', '--older-than-minutes', '0']);
    assert.equal(gc.code, 0, gc.stderr);
    assert.match(gc.stdout, /removed 1 staging leftover/);
    assert.deepEqual(await cluster.stagingLeftovers(), { objects: 0, uploads: 0 });
    assert.equal((await survivor.api.get('/contexts/default/models')).status, 200, 'the other replica served throughout');
  });

  test('gc deletes bytes a crash left claimed but unreferenced, and spares a recent claim', async () => {
    const db = cluster.backend.database.db;
    const model = await newModel(survivor.api, 'default');
    await newVersion(survivor.api, 'default', model.id);
    const pickle = Buffer.concat([bytesPickleHead(100), randomBytes(100), Buffer.from([0x2e])]);
    const upload = await survivor.api.put(`/contexts/default/models/${model.id}/versions/1/formats/pkl/file`, pickle);
    assert.equal(upload.status, 200);
    const kept: string = upload.body.sha256;
    // A crash after "claim + publish" and before the format row commits: a blob with a count and no row.
    const orphan = await cluster.backend.blobs.stage(Readable.from([randomBytes(64)]), { maxBytes: 1024 });
    await orphan.publish();
    const old = new Date(Date.now() - 2 * 3600_000).toISOString();
    await db.insertInto('blobs').values({ sha256: orphan.sha256, size: orphan.size, ref_count: 1, created_at: old, claimed_at: old }).execute();
    // An upload between its claim and its commit right now, on some replica: gc must not touch it.
    const inFlight = await cluster.backend.blobs.stage(Readable.from([randomBytes(64)]), { maxBytes: 1024 });
    await inFlight.publish();
    await db.insertInto('blobs').values({ sha256: inFlight.sha256, size: inFlight.size, ref_count: 1, created_at: nowIso(), claimed_at: nowIso() }).execute();

    const gc = await runCli(cluster, ['gc', '--older-than-minutes', '30']);
    assert.equal(gc.code, 0, gc.stderr);
    assert.match(gc.stdout, new RegExp(`delete unreferenced blob ${orphan.sha256}`));
    assert.equal(await cluster.backend.blobs.exists(orphan.sha256), false);
    assert.equal(await cluster.backend.blobs.exists(inFlight.sha256), true, 'a recent claim is left alone');
    assert.equal(await cluster.backend.blobs.exists(kept), true, 'referenced bytes stay');
    const rows = await db.selectFrom('blobs').select(['sha256', 'ref_count']).where('sha256', 'in', [kept, orphan.sha256, inFlight.sha256]).execute();
    assert.deepEqual(
      rows.map((row) => [row.sha256, Number(row.ref_count)]).sort(),
      [[kept, 1], [inFlight.sha256, 1]].sort(),
    );
  });
});
