import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import http from 'node:http';
import { after, before, describe, test } from 'node:test';
import { adminClient, assertProblem, type ApiClient } from '../helpers/client.js';
import { newContext, newModel, newVersion } from '../helpers/factories.js';
import { fixture } from '../helpers/paths.js';
import { bytesPickle, bytesPickleHead, pickleOf } from '../helpers/pickles.js';
import { startServer, type TestServer } from '../helpers/server.js';

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

describe('formats and files', () => {
  let server: TestServer;
  let admin: ApiClient;
  let ctx: string;
  let pkl: Buffer;
  let pmml: Buffer;

  before(async () => {
    server = await startServer({ limits: { maxUploadBytes: 1024 * 1024 } });
    admin = adminClient(server);
    ctx = (await newContext(server)).slug;
    pkl = await fs.readFile(fixture('logreg_iris_p4.pkl'));
    pmml = await fs.readFile(fixture('rattle_DecisionTreeIris.pmml'));
  });
  after(() => server.close());

  async function version(): Promise<{ path: string; modelId: string }> {
    const model = await newModel(admin, ctx, { name: `iris ${Math.random().toString(36).slice(2, 8)}` });
    await newVersion(admin, ctx, model.id);
    return { path: `/contexts/${ctx}/models/${model.id}/versions/1`, modelId: model.id };
  }

  test("the brief's flow: create a format, upload its file, download the identical bytes", async () => {
    const { path } = await version();
    const created = await admin.post(`${path}/formats`, { format: 'pkl' });
    assert.equal(created.status, 201);
    assert.equal(created.body.hasFile, false);
    const uploaded = await admin.put(`${path}/formats/pkl/file?fileName=logreg.pkl`, pkl, { 'content-type': 'application/octet-stream' });
    assert.equal(uploaded.status, 200, JSON.stringify(uploaded.body));
    assert.equal(uploaded.body.size, pkl.length);
    assert.equal(uploaded.body.sha256, sha256(pkl));
    assert.equal(uploaded.body.fileName, 'logreg.pkl');
    assert.equal(uploaded.body.uploadedBy, 'admin');
    const download = await admin.bytes(`${path}/formats/pkl/file`);
    assert.equal(download.status, 200);
    assert.ok(download.bytes.equals(pkl));
    assert.equal(download.headers.get('etag'), `"${sha256(pkl)}"`);
    assert.equal(download.headers.get('content-length'), String(pkl.length));
    assert.equal(download.headers.get('content-type'), 'application/x-python-pickle');
    assert.match(download.headers.get('content-disposition') ?? '', /^attachment; filename="logreg.pkl"/);
  });

  test('one PUT creates the format and stores the file; formats are listed on the version', async () => {
    const { path } = await version();
    const put = await admin.put(`${path}/formats/pmml/file`, pmml);
    assert.equal(put.status, 200);
    assert.equal(put.body.format, 'pmml');
    assert.match(put.body.fileName, /-v1\.pmml$/);
    const listed = await admin.get(`${path}/formats`);
    assert.deepEqual(listed.body.items.map((f: { format: string }) => f.format), ['pmml']);
    const versionBody = await admin.get(path);
    assert.equal(versionBody.body.formats[0].sha256, sha256(pmml));
  });

  test('an unknown format id is a 400 listing the known ones', async () => {
    const { path } = await version();
    const reply = await admin.post(`${path}/formats`, { format: 'h5' });
    assertProblem(reply, 400, 'format');
    assert.match(reply.body.detail, /pkl, joblib, rda, rds, pmml, onnx/);
    assertProblem(await admin.put(`${path}/formats/exe/file`, pkl), 400, 'format');
  });

  test('a format id appears once per version', async () => {
    const { path } = await version();
    await admin.post(`${path}/formats`, { format: 'pkl' });
    assertProblem(await admin.post(`${path}/formats`, { format: 'pkl' }), 409, 'format');
  });

  test('a fourth format is refused with the limit, before any byte is stored', async () => {
    const { path } = await version();
    for (const format of ['pkl', 'rda', 'pmml']) assert.equal((await admin.post(`${path}/formats`, { format })).status, 201);
    const post = await admin.post(`${path}/formats`, { format: 'onnx' });
    assertProblem(post, 409, 'format');
    assert.equal(post.body.limit, 3);
    const onnx = await fs.readFile(fixture('torch_mlp_iris.onnx'));
    const put = await admin.put(`${path}/formats/onnx/file`, onnx);
    assertProblem(put, 409, 'format');
    assert.equal(await server.backend.blobs.exists(sha256(onnx)), false);
  });

  test('a checksum mismatch is a 400 and nothing is stored', async () => {
    const { path } = await version();
    const bytes = pickleOf('bytes that will not match their declared checksum');
    const reply = await admin.put(`${path}/formats/pkl/file`, bytes, { 'x-checksum-sha256': 'b'.repeat(64) });
    assertProblem(reply, 400, 'X-Checksum-Sha256');
    assert.equal(await server.backend.blobs.exists(sha256(bytes)), false);
    const formats = await admin.get(`${path}/formats`);
    assert.deepEqual(formats.body.items, []);
    const good = await admin.put(`${path}/formats/pkl/file`, bytes, { 'x-checksum-sha256': sha256(bytes).toUpperCase() });
    assert.equal(good.status, 200);
  });

  test('an oversize upload is refused with 413 from its Content-Length, without storing anything', async () => {
    const { path } = await version();
    const big = bytesPickle(1024 * 1024, 7);
    const reply = await admin.put(`${path}/formats/pkl/file`, big);
    assertProblem(reply, 413, 'body');
    assert.equal(reply.body.limit, 1024 * 1024);
    assert.equal(await server.backend.blobs.exists(sha256(big)), false);
  });

  test('an oversize upload without Content-Length (chunked) is cut off at the limit', async () => {
    const { path } = await version();
    // A valid pickle head, so that the size limit (not the inspector) is what stops the upload.
    const chunks = [Buffer.concat([bytesPickleHead(1200 * 1024), Buffer.alloc(600 * 1024, 1)]), Buffer.alloc(600 * 1024, 2)];
    const body = new ReadableStream({
      pull(controller) {
        const next = chunks.shift();
        if (next === undefined) controller.close();
        else controller.enqueue(next);
      },
    });
    const response = await fetch(`${server.api}${path}/formats/pkl/file`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${server.adminToken}` },
      body,
      duplex: 'half',
    } as RequestInit);
    assert.equal(response.status, 413);
    const problemBody = (await response.json()) as { limit: number };
    assert.equal(problemBody.limit, 1024 * 1024);
    assert.deepEqual((await admin.get(`${path}/formats`)).body.items, []);
  });

  test('Range requests return 206 with the exact slice; unsatisfiable ranges are 416', async () => {
    const { path } = await version();
    await admin.put(`${path}/formats/pkl/file`, pkl);
    const url = `${path}/formats/pkl/file`;
    const middle = await admin.bytes(url, { range: 'bytes=10-19' });
    assert.equal(middle.status, 206);
    assert.ok(middle.bytes.equals(pkl.subarray(10, 20)));
    assert.equal(middle.headers.get('content-range'), `bytes 10-19/${pkl.length}`);
    const tail = await admin.bytes(url, { range: 'bytes=-5' });
    assert.ok(tail.bytes.equals(pkl.subarray(pkl.length - 5)));
    const open = await admin.bytes(url, { range: `bytes=${pkl.length - 3}-` });
    assert.ok(open.bytes.equals(pkl.subarray(pkl.length - 3)));
    const outside = await admin.bytes(url, { range: `bytes=${pkl.length}-` });
    assert.equal(outside.status, 416);
    assert.equal(outside.headers.get('content-range'), `bytes */${pkl.length}`);
    const stale = await admin.bytes(url, { range: 'bytes=0-0', 'if-range': '"not-the-etag"' });
    assert.equal(stale.status, 200, 'If-Range with another ETag gets the whole file');
  });

  test('HEAD gives the headers without a body; If-None-Match gives 304', async () => {
    const { path } = await version();
    await admin.put(`${path}/formats/pkl/file`, pkl);
    const head = await fetch(`${server.api}${path}/formats/pkl/file`, { method: 'HEAD', headers: { authorization: `Bearer ${server.adminToken}` } });
    assert.equal(head.status, 200);
    assert.equal(head.headers.get('content-length'), String(pkl.length));
    assert.equal(head.headers.get('etag'), `"${sha256(pkl)}"`);
    assert.equal((await head.arrayBuffer()).byteLength, 0);
    const cached = await admin.bytes(`${path}/formats/pkl/file`, { 'if-none-match': `"${sha256(pkl)}"` });
    assert.equal(cached.status, 304);
  });

  test('a format without a file yet has nothing to download', async () => {
    const { path } = await version();
    await admin.post(`${path}/formats`, { format: 'rda' });
    assertProblem(await admin.get(`${path}/formats/rda/file`), 404);
  });

  test('identical files share one blob, which is freed only when the last reference goes', async () => {
    const pkl = await fs.readFile(fixture('dtree_iris_p5.pkl'));
    const one = await version();
    const two = await version();
    await admin.put(`${one.path}/formats/pkl/file`, pkl);
    await admin.put(`${two.path}/formats/pkl/file`, pkl);
    const blobs = await server.store.db.selectFrom('blobs').selectAll().where('sha256', '=', sha256(pkl)).execute();
    assert.equal(blobs.length, 1);
    assert.equal(Number(blobs[0]?.ref_count), 2);
    await admin.delete(`/contexts/${ctx}/models/${one.modelId}/versions/1`);
    assert.equal(await server.backend.blobs.exists(sha256(pkl)), true, 'still referenced by the other version');
    assert.ok((await admin.bytes(`${two.path}/formats/pkl/file`)).bytes.equals(pkl));
    await admin.delete(`/contexts/${ctx}/models/${two.modelId}`);
    assert.equal(await server.backend.blobs.exists(sha256(pkl)), false, 'deleting the model freed the file');
  });

  test('replacing a file frees the old bytes; deleting a format frees its file', async () => {
    const { path } = await version();
    const first = pickleOf('first upload of this format');
    const second = pickleOf('second upload of this format');
    await admin.put(`${path}/formats/pkl/file`, first);
    const replaced = await admin.put(`${path}/formats/pkl/file`, second);
    assert.equal(replaced.body.sha256, sha256(second));
    assert.equal(await server.backend.blobs.exists(sha256(first)), false);
    assert.equal((await admin.delete(`${path}/formats/pkl`)).status, 204);
    assert.equal(await server.backend.blobs.exists(sha256(second)), false);
    assertProblem(await admin.get(`${path}/formats/pkl`), 404);
    assert.equal((await admin.post(`${path}/formats`, { format: 'pkl' })).status, 201, 'the slot is free again');
  });

  test('uploading the same file again keeps one reference to one blob', async () => {
    const { path } = await version();
    const bytes = pickleOf('uploaded twice to the same format');
    await admin.put(`${path}/formats/pkl/file`, bytes);
    const again = await admin.put(`${path}/formats/pkl/file`, bytes);
    assert.equal(again.status, 200);
    const blob = await server.store.db.selectFrom('blobs').selectAll().where('sha256', '=', sha256(bytes)).executeTakeFirst();
    assert.equal(Number(blob?.ref_count), 1);
    assert.ok((await admin.bytes(`${path}/formats/pkl/file`)).bytes.equals(bytes));
  });

  test('file names are sanitized and never become paths', async () => {
    const { path } = await version();
    const reply = await admin.put(`${path}/formats/pkl/file?fileName=${encodeURIComponent('../../etc/"passwd".pkl')}`, pkl);
    assert.equal(reply.status, 200);
    assert.equal(reply.body.fileName, 'passwd.pkl');
    const unicode = await admin.put(`${path}/formats/pkl/file?fileName=${encodeURIComponent('modèle.pkl')}`, pkl);
    assert.equal(unicode.body.fileName, 'modèle.pkl');
    const download = await admin.bytes(`${path}/formats/pkl/file`);
    assert.equal(download.headers.get('content-disposition'), `attachment; filename="mod_le.pkl"; filename*=UTF-8''mod%C3%A8le.pkl`);
  });

  test('a format of a published version cannot be deleted', async () => {
    const { path } = await version();
    await admin.put(`${path}/formats/pkl/file`, pkl);
    await admin.post(`${path}/publish`);
    assertProblem(await admin.delete(`${path}/formats/pkl`), 409);
    assert.ok((await admin.bytes(`${path}/formats/pkl/file`)).bytes.equals(pkl));
  });
});

describe('refused uploads', () => {
  let server: TestServer;
  let admin: ApiClient;

  before(async () => {
    server = await startServer();
    admin = adminClient(server);
  });
  after(() => server.close());

  /** Streams a body in 64 KiB writes the way a CLI does, and returns the status and body of the answer. */
  function streamUpload(url: string, size: number): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const request = http.request(url, {
        method: 'PUT',
        headers: { authorization: `Bearer ${server.adminToken}`, 'content-length': size, 'content-type': 'application/octet-stream' },
      });
      request.on('response', (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
        response.on('error', reject);
      });
      request.on('error', reject);
      const chunk = Buffer.alloc(64 * 1024, 0x41);
      let sent = 0;
      const pump = (): void => {
        while (sent < size) {
          sent += chunk.length;
          if (!request.write(chunk)) return void request.once('drain', pump);
        }
        request.end();
      };
      pump();
    });
  }

  test('a large upload refused part-way still gets its refusal, not a connection reset', async () => {
    const ctx = (await newContext(server)).slug;
    const model = await newModel(admin, ctx);
    await newVersion(admin, ctx, model.id);
    const path = `/contexts/${ctx}/models/${model.id}/versions/1`;
    for (let attempt = 0; attempt < 5; attempt++) {
      const reply = await streamUpload(`${server.api}${path}/formats/pkl/file`, 32 * 1024 * 1024);
      assert.equal(reply.status, 422, reply.body);
      assert.match(reply.body, /expected a Python pickle/);
    }
    assert.deepEqual((await admin.get(`${path}/formats`)).body.items, []);
  });
});
