import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { after, before, describe, test } from 'node:test';
import { CreateMultipartUploadCommand, ListMultipartUploadsCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { S3BlobStore } from '../../src/blobs/s3-blob-store.js';
import { TooLarge } from '../../src/domain/errors.js';
import { s3Client } from '../helpers/backend.js';
import { startS3Emulator, type S3Emulator } from '../helpers/s3-emulator.js';

const MiB = 1024 * 1024;

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** A stream of `bytes` in 64 KiB chunks, the way an HTTP body arrives. */
function chunked(bytes: Buffer): Readable {
  return Readable.from((function* () {
    for (let i = 0; i < bytes.length; i += 65536) yield bytes.subarray(i, i + 65536);
  })());
}

async function keys(client: S3Client, bucket: string, prefix: string): Promise<string[]> {
  const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
  return (page.Contents ?? []).map((object) => object.Key ?? '');
}

async function uploads(client: S3Client, bucket: string): Promise<number> {
  return (await client.send(new ListMultipartUploadsCommand({ Bucket: bucket }))).Uploads?.length ?? 0;
}

describe('S3 blob store (s3rver)', () => {
  let s3: S3Emulator;
  let client: S3Client;
  let store: S3BlobStore;

  before(async () => {
    s3 = await startS3Emulator();
    client = s3Client(s3);
    store = new S3BlobStore({ client, bucket: s3.bucket, prefix: 'reg/', partSize: 5 * MiB, singleCopyLimit: 8 * MiB });
  });
  after(() => s3.close());

  test('a multipart upload is hashed while streaming and published under its sha256 only', async () => {
    const bytes = randomBytes(12 * MiB + 123);
    const staged = await store.stage(chunked(bytes), { maxBytes: 64 * MiB });
    assert.equal(staged.sha256, sha256(bytes));
    assert.equal(staged.size, bytes.length);
    assert.equal(await store.exists(staged.sha256), false, 'nothing is visible under the final name before publish');
    await staged.publish();
    assert.equal(await store.exists(staged.sha256), true);
    assert.deepEqual(await keys(client, s3.bucket, 'reg/staging/'), [], 'the staging object is gone after publish');
    const back = Buffer.concat(await (await store.read(staged.sha256)).toArray());
    assert.equal(sha256(back), staged.sha256);
  });

  test('ranges read exactly the bytes asked for', async () => {
    const bytes = Buffer.from('0123456789abcdef');
    const staged = await store.stage(chunked(bytes), { maxBytes: 1024 });
    await staged.publish();
    assert.equal(await text(await store.read(staged.sha256, { start: 3, end: 7 })), '34567');
  });

  test('an empty file is a blob too', async () => {
    const staged = await store.stage(Readable.from([]), { maxBytes: 1024 });
    assert.equal(staged.sha256, sha256(Buffer.alloc(0)));
    await staged.publish();
    assert.equal((await text(await store.read(staged.sha256))).length, 0);
  });

  test('publishing content that already exists keeps one object and drops the staging copy', async () => {
    const bytes = Buffer.from('same content twice');
    const first = await store.stage(chunked(bytes), { maxBytes: 1024 });
    await first.publish();
    const second = await store.stage(chunked(bytes), { maxBytes: 1024 });
    await second.publish();
    assert.deepEqual(await keys(client, s3.bucket, `reg/objects/${first.sha256}`), [`reg/objects/${first.sha256}`]);
    assert.deepEqual(await keys(client, s3.bucket, 'reg/staging/'), []);
  });

  test('objects above the single-copy limit are published by a multipart copy (UploadPartCopy)', async () => {
    const bytes = randomBytes(9 * MiB);
    const staged = await store.stage(chunked(bytes), { maxBytes: 64 * MiB });
    await staged.publish();
    const back = Buffer.concat(await (await store.read(staged.sha256)).toArray());
    assert.equal(sha256(back), sha256(bytes));
  });

  test('a file over the limit fails with TooLarge and leaves no object and no multipart upload', async () => {
    await assert.rejects(store.stage(chunked(randomBytes(11 * MiB)), { maxBytes: 10 * MiB }), TooLarge);
    assert.deepEqual(await keys(client, s3.bucket, 'reg/staging/'), []);
    // The multipart upload is aborted in the background once its in-flight parts settle.
    for (let i = 0; i < 50 && (await uploads(client, s3.bucket)) > 0; i++) await new Promise((r) => setTimeout(r, 100));
    assert.equal(await uploads(client, s3.bucket), 0);
  });

  test('an aborted upload (client gone) stores nothing under a final name', async () => {
    const before: string[] = [];
    for await (const sha of store.list()) before.push(sha);
    const controller = new AbortController();
    const source = new Readable({ read() {} });
    source.push(randomBytes(6 * MiB));
    const staging = store.stage(source, { maxBytes: 64 * MiB, signal: controller.signal });
    setTimeout(() => controller.abort(new Error('client went away')), 50);
    await assert.rejects(staging);
    const listed: string[] = [];
    for await (const sha of store.list()) listed.push(sha);
    assert.deepEqual(listed, before);
    assert.deepEqual(await keys(client, s3.bucket, 'reg/staging/'), []);
  });

  test('sweepStaging aborts unfinished multipart uploads and removes staging objects older than the cut-off', async () => {
    await client.send(new CreateMultipartUploadCommand({ Bucket: s3.bucket, Key: 'reg/staging/crashed-upload' }));
    const leftover = await store.stage(chunked(Buffer.from('never published')), { maxBytes: 1024 });
    assert.equal(await store.sweepStaging(60 * 60_000), 0, 'young leftovers stay (an upload may be running)');
    assert.equal(await store.sweepStaging(0), 2);
    assert.equal(await uploads(client, s3.bucket), 0);
    assert.deepEqual(await keys(client, s3.bucket, 'reg/staging/'), []);
    assert.equal(await store.exists(leftover.sha256), false);
  });

  test('list, delete and check work on the prefix only', async () => {
    const staged = await store.stage(chunked(Buffer.from('listed')), { maxBytes: 1024 });
    await staged.publish();
    const listed: string[] = [];
    for await (const sha of store.list()) listed.push(sha);
    assert.ok(listed.includes(staged.sha256));
    await store.delete(staged.sha256);
    assert.equal(await store.exists(staged.sha256), false);
    await assert.rejects(store.read(staged.sha256), /missing/);
    await store.check();
  });

  test('presigned links are off unless configured, and when on they serve the bytes with the file name', async () => {
    const staged = await store.stage(chunked(Buffer.from('presigned bytes')), { maxBytes: 1024 });
    await staged.publish();
    const link = { contentDisposition: 'attachment; filename="m.pkl"', contentType: 'application/octet-stream' };
    assert.equal(await store.downloadLink(staged.sha256, link), undefined);
    const presigning = new S3BlobStore({ client, bucket: s3.bucket, prefix: 'reg', partSize: 5 * MiB, presignSeconds: 60 });
    const url = await presigning.downloadLink(staged.sha256, link);
    assert.ok(url !== undefined);
    const response = await fetch(url);
    assert.equal(response.status, 200);
    assert.equal(await response.text(), 'presigned bytes');
    assert.equal(response.headers.get('content-disposition'), link.contentDisposition);
  });
});
