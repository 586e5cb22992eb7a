// The real model files in ../shared/fixtures/models drive these tests through real HTTP uploads:
// every fact MANIFEST.json lists is found in the stored inspection, every malicious sample is
// flagged or refused, every broken one refused with a clear message. No test ever loads a pickle:
// the server only reads bytes, and the tests only compare JSON.

import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { adminClient, assertProblem, type ApiClient, type Reply } from '../helpers/client.js';
import { newContext, newModel, newUser, newVersion } from '../helpers/factories.js';
import { FIXTURES_DIR, fixture } from '../helpers/paths.js';
import { startServer, type TestServer } from '../helpers/server.js';

interface ManifestEntry {
  file: string;
  format: string;
  format_id: string;
  kind: 'good' | 'malicious' | 'broken';
  [fact: string]: unknown;
}

const manifest = JSON.parse(await fs.readFile(path.join(FIXTURES_DIR, 'MANIFEST.json'), 'utf8')) as { files: ManifestEntry[] };
const entries = (kind: ManifestEntry['kind'], ...formats: string[]): ManifestEntry[] =>
  manifest.files.filter((e) => e.kind === kind && (formats.length === 0 || formats.includes(e.format)));

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
const read = (name: string): Promise<Buffer> => fs.readFile(fixture(name));

type Details = Record<string, any>;

/** A fresh model with one unpublished version; returns the version's path. */
async function freshVersion(admin: ApiClient, ctx: string): Promise<string> {
  const model = await newModel(admin, ctx);
  await newVersion(admin, ctx, model.id);
  return `/contexts/${ctx}/models/${model.id}/versions/1`;
}

/** References to a file's blob (other tests may legitimately store the same fixture). */
async function blobRefs(server: TestServer, bytes: Uint8Array): Promise<number> {
  const row = await server.store.db.selectFrom('blobs').select('ref_count').where('sha256', '=', sha256(bytes)).executeTakeFirst();
  return row === undefined ? 0 : Number(row.ref_count);
}

/**
 * Asserts that a refused upload left nothing behind: no format row, no new reference to the blob,
 * and no bytes when nothing else references them.
 */
async function assertNothingStored(server: TestServer, admin: ApiClient, versionPath: string, bytes: Uint8Array, refsBefore = 0): Promise<void> {
  const formats = await admin.get(`${versionPath}/formats`);
  assert.equal(formats.status, 200);
  assert.deepEqual(formats.body.items, [], 'no format row');
  assert.equal(await blobRefs(server, bytes), refsBefore, 'no new blob reference');
  assert.equal(await server.backend.blobs.sweepStaging(0), 0, 'no staged leftovers');
  if (refsBefore === 0) {
    const blobRows = await server.store.db.selectFrom('blobs').selectAll().where('sha256', '=', sha256(bytes)).execute();
    assert.deepEqual(blobRows, [], 'no blob row');
    assert.equal(await server.backend.blobs.exists(sha256(bytes)), false, 'no stored bytes');
  }
}

function assertRefusal(reply: Reply, expected: RegExp, found: RegExp): void {
  assertProblem(reply, 422, 'body');
  assert.equal(reply.body.type, 'https://modelry.dev/problems/unprocessable');
  assert.match(reply.body.detail, expected, reply.body.detail);
  assert.match(reply.body.detail, found, reply.body.detail);
}

describe('format inspection on upload (MODELRY_PICKLE_POLICY=warn)', () => {
  let server: TestServer;
  let admin: ApiClient;
  let ctx: string;

  before(async () => {
    server = await startServer();
    admin = adminClient(server);
    ctx = (await newContext(server)).slug;
  });
  after(() => server.close());

  async function upload(e: ManifestEntry, format = e.format_id): Promise<{ reply: Reply; versionPath: string; bytes: Buffer }> {
    const versionPath = await freshVersion(admin, ctx);
    const bytes = await read(e.file);
    const reply = await admin.put(`${versionPath}/formats/${format}/file?fileName=${encodeURIComponent(e.file)}`, bytes);
    return { reply, versionPath, bytes };
  }

  async function uploaded(e: ManifestEntry): Promise<{ inspection: { kind: string; verdict: string; summary: string; details: Details; signature?: any }; versionPath: string }> {
    const { reply, versionPath } = await upload(e);
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    assert.equal(typeof reply.body.inspection, 'object');
    // The stored inspection is what GET returns.
    const got = await admin.get(`${versionPath}/formats/${e.format_id}`);
    assert.deepEqual(got.body.inspection, reply.body.inspection);
    return { inspection: reply.body.inspection, versionPath };
  }

  for (const e of entries('good', 'pickle', 'joblib')) {
    test(`${e.file} (${e.format}, uploaded as ${e.format_id}): protocol and every global the manifest lists are found; verdict safe`, async () => {
      const { inspection } = await uploaded(e);
      assert.equal(inspection.kind, e.format === 'joblib' ? 'joblib' : 'pickle');
      assert.equal(inspection.verdict, 'safe');
      assert.equal(inspection.details.protocol, e.pickle_protocol);
      const scan = e.pickle_static_scan as { globals: string[]; reduce_count: number };
      for (const name of [...scan.globals, ...(e.globals_resolved_on_load as string[])]) {
        assert.ok(inspection.details.globals.includes(name), `${name} missing from ${inspection.details.globals.join(', ')}`);
      }
      assert.deepEqual(inspection.details.dangerousGlobals, []);
      if (e.format === 'pickle') assert.equal(inspection.details.reduceCount, scan.reduce_count);
      else assert.ok(inspection.details.arrayCount > 0, 'joblib numpy arrays are listed');
    });
  }

  for (const e of entries('good', 'pmml')) {
    test(`${e.file}: PMML version, model element, function, mining fields, dictionary and outputs are found`, async () => {
      const { inspection, versionPath } = await uploaded(e);
      assert.equal(inspection.kind, 'pmml');
      assert.equal(inspection.verdict, 'safe');
      assert.equal(inspection.details.version, e.pmml_version);
      const top = (inspection.details.models as Details[]).find((m) => m.depth === 0);
      assert.ok(top !== undefined, 'the top-level model is listed');
      assert.equal(top.type, e.model_type);
      assert.equal(top.functionName, e.function_name);
      assert.equal(top.modelName, e.model_name);
      assert.deepEqual(top.miningSchema, e.mining_schema);
      assert.deepEqual(top.outputFields.map((f: { name: string }) => f.name), e.output_fields);
      assert.deepEqual(inspection.details.dataDictionary, e.data_dictionary);
      // The version record shows the model's input fields (its signature).
      const version = await admin.get(versionPath);
      assert.deepEqual(version.body.signature.inputs.map((f: { name: string }) => f.name), e.input_fields);
      assert.ok(version.body.signature.inputs.every((f: { usage: string; type: string }) => f.usage === 'active' && typeof f.type === 'string'));
      assert.deepEqual(version.body.signature.outputs.map((f: { name: string }) => f.name), e.output_fields);
    });
  }

  for (const e of entries('good', 'rda', 'rds')) {
    test(`${e.file} (${e.format}, uploaded as ${e.format_id}): compression, R header, serialization version and objects are found`, async () => {
      const { inspection } = await uploaded(e);
      assert.equal(inspection.kind, 'r');
      assert.equal(inspection.details.compression, e.compression);
      assert.equal(inspection.details.serializationVersion, e.serialization_version);
      assert.equal(inspection.details.format, e.ascii === true ? 'ascii' : 'xdr');
      const header = Buffer.from(String(e.inner_header), 'latin1').toString('hex');
      assert.ok(String(inspection.details.innerHeaderHex).startsWith(header), `inner header ${JSON.stringify(e.inner_header)}`);
      const objects = e.objects as Array<{ name: string; class: string[] }>;
      assert.deepEqual(inspection.details.objects.map((o: { class: string[] }) => o.class), objects.map((o) => o.class));
      // saveRDS() stores one unnamed object; save() stores each object's name.
      assert.deepEqual(inspection.details.objectNames, e.format === 'rds' ? [] : objects.map((o) => o.name));
    });
  }

  for (const e of entries('good', 'onnx')) {
    test(`${e.file}: IR version, opsets, producer and graph inputs are found; the version's signature shows the inputs`, async () => {
      const { inspection, versionPath } = await uploaded(e);
      assert.equal(inspection.kind, 'onnx');
      assert.equal(inspection.details.irVersion, e.ir_version);
      assert.deepEqual(inspection.details.opsetImports, e.opset_import);
      assert.equal(inspection.details.producerName, e.producer_name);
      const io = (list: Array<{ name: string; elem_type: string; shape: unknown[] }>) => list.map((x) => ({ name: x.name, type: x.elem_type, shape: x.shape }));
      assert.deepEqual(inspection.signature.inputs, io(e.graph_inputs as never));
      const version = await admin.get(versionPath);
      assert.deepEqual(version.body.signature.inputs, io(e.graph_inputs as never));
    });
  }

  for (const e of entries('malicious', 'pickle')) {
    test(`${e.file}: stored but flagged dangerous, naming ${(e.dangerous_globals as string[]).join(', ')}`, async () => {
      const { inspection, versionPath } = await uploaded(e);
      assert.equal(inspection.verdict, 'dangerous');
      for (const name of e.dangerous_globals as string[]) {
        assert.ok(inspection.details.dangerousGlobals.includes(name), `${name} is named`);
        assert.ok(inspection.summary.includes(name), `the summary names ${name}: ${inspection.summary}`);
      }
      const listed = await admin.get(`${versionPath}/formats`);
      assert.equal(listed.body.items[0].inspection.verdict, 'dangerous', 'the flag shows wherever the format is listed');
    });
  }

  for (const e of entries('malicious', 'pmml')) {
    test(`${e.file}: refused with 422 before any entity is read; the canary file's text appears in no response`, async () => {
      // The sample refers to xxe-canary.txt relative to the document: put one beside the uploaded
      // copy (and in the server's data directory) with text that must never come back.
      const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'modelry-xxe-'));
      const canary = `CANARY-${randomUUID()}`;
      try {
        await fs.writeFile(path.join(dir, 'xxe-canary.txt'), canary);
        await fs.writeFile(path.join(server.backend.dataDir, 'xxe-canary.txt'), canary);
        await fs.copyFile(fixture(e.file), path.join(dir, e.file));
        const bytes = await fs.readFile(path.join(dir, e.file));
        const versionPath = await freshVersion(admin, ctx);
        const replies = [await admin.put(`${versionPath}/formats/pmml/file`, bytes)];
        assertRefusal(replies[0] as Reply, /expected PMML \(XML\)/, /DOCTYPE/);
        replies.push(await admin.get(versionPath), await admin.get(`${versionPath}/formats`));
        for (const reply of replies) assert.ok(!JSON.stringify(reply.body).includes(canary), 'the canary text leaked');
        await assertNothingStored(server, admin, versionPath, bytes);
      } finally {
        await fs.rm(dir, { recursive: true, force: true });
        await fs.rm(path.join(server.backend.dataDir, 'xxe-canary.txt'), { force: true });
      }
    });
  }

  for (const e of entries('broken')) {
    test(`${e.file}: refused with 422 saying what was expected and what was found; nothing stored`, async () => {
      const { reply, versionPath, bytes } = await upload(e);
      assertRefusal(reply, /expected /, /found /);
      assert.match(reply.body.detail, new RegExp(`uploaded as ${e.format_id}`));
      assert.ok(!reply.body.detail.includes('inspector failed'), reply.body.detail);
      await assertNothingStored(server, admin, versionPath, bytes);
    });
  }

  test('a not-well-formed PMML file is refused with the line and column of the error', async () => {
    const { reply } = await upload({ file: 'malformed_not_well_formed.pmml', format: 'pmml', format_id: 'pmml', kind: 'broken' });
    assertRefusal(reply, /expected PMML/, /not well-formed at line \d+, column \d+/);
  });

  test('a truncated pickle and an empty file are refused as such', async () => {
    const truncated = await upload({ file: 'truncated_logreg_iris_p4.pkl', format: 'pickle', format_id: 'pkl', kind: 'broken' });
    assertRefusal(truncated.reply, /expected a Python pickle/, /truncated/);
    const empty = await upload({ file: 'empty.pkl', format: 'pickle', format_id: 'pkl', kind: 'broken' });
    assertRefusal(empty.reply, /expected a Python pickle/, /found an empty file/);
  });

  test('a PMML file uploaded as pkl is refused: expected a pickle, found XML (PMML); nothing stored', async () => {
    const refs = await blobRefs(server, await read('rattle_DecisionTreeIris.pmml'));
    const { reply, versionPath, bytes } = await upload({ file: 'rattle_DecisionTreeIris.pmml', format: 'pmml', format_id: 'pmml', kind: 'good' }, 'pkl');
    assertRefusal(reply, /expected a Python pickle/, /found XML \(PMML\)/);
    await assertNothingStored(server, admin, versionPath, bytes, refs);
  });

  test('random bytes uploaded as rda are refused: expected R data, found unrecognised bytes; nothing stored', async () => {
    const { reply, versionPath, bytes } = await upload({ file: 'random_bytes.rda', format: 'rda', format_id: 'rda', kind: 'broken' });
    assertRefusal(reply, /expected R data/, /found unrecognised bytes/);
    await assertNothingStored(server, admin, versionPath, bytes);
  });

  test('a pickle declared as onnx, rda or pmml is refused naming the pickle it found', async () => {
    const bytes = await read('logreg_iris_p4.pkl');
    const refs = await blobRefs(server, bytes);
    const versionPath = await freshVersion(admin, ctx);
    for (const format of ['onnx', 'rda', 'pmml']) {
      assertRefusal(await admin.put(`${versionPath}/formats/${format}/file`, bytes), /expected /, /found a Python pickle \(protocol 4\)/);
    }
    await assertNothingStored(server, admin, versionPath, bytes, refs);
  });

  test('a large file of the wrong kind is refused while it streams, without storing it', async () => {
    const versionPath = await freshVersion(admin, ctx);
    const bytes = Buffer.alloc(8 * 1024 * 1024, 'x'); // plain text, declared as a pickle
    assertRefusal(await admin.put(`${versionPath}/formats/pkl/file`, bytes), /expected a Python pickle/, /found plain text/);
    await assertNothingStored(server, admin, versionPath, bytes);
  });

  test('replacing a refused upload with a good file works, and a refused replacement keeps the stored file', async () => {
    const versionPath = await freshVersion(admin, ctx);
    const good = await read('logreg_iris_p5.pkl');
    assert.equal((await admin.put(`${versionPath}/formats/pkl/file`, good)).status, 200);
    const bad = await read('truncated_logreg_iris_p4.pkl');
    assertProblem(await admin.put(`${versionPath}/formats/pkl/file`, bad), 422, 'body');
    const kept = await admin.get(`${versionPath}/formats/pkl`);
    assert.equal(kept.body.sha256, sha256(good));
    assert.equal(kept.body.inspection.verdict, 'safe');
    assert.equal(await server.backend.blobs.exists(sha256(bad)), false);
  });

  test('the signature comes from the PMML format before the ONNX one', async () => {
    const versionPath = await freshVersion(admin, ctx);
    assert.equal((await admin.put(`${versionPath}/formats/onnx/file`, await read('torch_mlp_iris.onnx'))).status, 200);
    assert.deepEqual((await admin.get(versionPath)).body.signature.inputs.map((f: { name: string }) => f.name), ['input']);
    assert.equal((await admin.put(`${versionPath}/formats/pmml/file`, await read('rattle_DecisionTreeIris.pmml'))).status, 200);
    const version = await admin.get(versionPath);
    assert.deepEqual(version.body.signature.inputs.map((f: { name: string }) => f.name), ['Sepal_Length', 'Sepal_Width', 'Petal_Length', 'Petal_Width']);
  });

  test('a version without a PMML or ONNX file has no signature', async () => {
    const versionPath = await freshVersion(admin, ctx);
    assert.equal((await admin.get(versionPath)).body.signature, null);
    assert.equal((await admin.put(`${versionPath}/formats/pkl/file`, await read('logreg_iris_p4.pkl'))).status, 200);
    assert.equal((await admin.get(versionPath)).body.signature, null);
  });

  test('a format declared without a file has no inspection', async () => {
    const versionPath = await freshVersion(admin, ctx);
    const created = await admin.post(`${versionPath}/formats`, { format: 'pmml' });
    assert.equal(created.status, 201);
    assert.equal(created.body.inspection, null);
  });
});

describe('re-inspection: POST .../formats/{format}/inspect', () => {
  let server: TestServer;
  let admin: ApiClient;
  let ctx: string;

  before(async () => {
    server = await startServer();
    admin = adminClient(server);
    ctx = (await newContext(server)).slug;
  });
  after(() => server.close());

  /** Stands in for a file inspected by an older inspector: overwrite its stored inspection. */
  async function makeStale(id: string): Promise<void> {
    const stale = { kind: 'pickle', verdict: 'safe', summary: 'from an older inspector', details: {}, inspectorVersion: 0 };
    await server.store.db.updateTable('formats').set({ inspection: JSON.stringify(stale) }).where('id', '=', id).execute();
  }

  test('re-runs the current inspector over the stored file and records the result, on a published version too', async () => {
    const versionPath = await freshVersion(admin, ctx);
    const uploaded = await admin.put(`${versionPath}/formats/pkl/file`, await read('evil_subprocess_popen_p4.pkl'));
    assert.equal(uploaded.status, 200);
    assert.equal((await admin.post(`${versionPath}/publish`)).status, 200);
    await makeStale(uploaded.body.id);
    assert.equal((await admin.get(`${versionPath}/formats/pkl`)).body.inspection.inspectorVersion, 0);
    const again = await admin.post(`${versionPath}/formats/pkl/inspect`);
    assert.equal(again.status, 200, JSON.stringify(again.body));
    assert.deepEqual(again.body.inspection, uploaded.body.inspection);
    assert.equal(again.body.sha256, uploaded.body.sha256, 'the file itself is unchanged');
    assert.deepEqual((await admin.get(`${versionPath}/formats/pkl`)).body.inspection, uploaded.body.inspection);
  });

  test('re-inspection restores the signature of a PMML format', async () => {
    const versionPath = await freshVersion(admin, ctx);
    const uploaded = await admin.put(`${versionPath}/formats/pmml/file`, await read('rattle_RegressionAuto.pmml'));
    await makeStale(uploaded.body.id);
    assert.equal((await admin.get(versionPath)).body.signature, null);
    assert.equal((await admin.post(`${versionPath}/formats/pmml/inspect`)).status, 200);
    assert.ok((await admin.get(versionPath)).body.signature.inputs.length > 0);
  });

  test('a format without a file has nothing to inspect (404); an unknown format is a 400', async () => {
    const versionPath = await freshVersion(admin, ctx);
    await admin.post(`${versionPath}/formats`, { format: 'onnx' });
    const reply = await admin.post(`${versionPath}/formats/onnx/inspect`);
    assertProblem(reply, 404);
    assert.match(reply.body.detail, /no file/);
    assertProblem(await admin.post(`${versionPath}/formats/rda/inspect`), 404);
    assertProblem(await admin.post(`${versionPath}/formats/h5/inspect`), 400, 'format');
  });

  test('re-inspection needs model:edit: a viewer gets 403, an editor may', async () => {
    const versionPath = await freshVersion(admin, ctx);
    assert.equal((await admin.put(`${versionPath}/formats/pkl/file`, await read('dtree_iris_p4.pkl'))).status, 200);
    const viewer = await newUser(server, { role: 'viewer', context: ctx });
    assertProblem(await viewer.client.post(`${versionPath}/formats/pkl/inspect`), 403);
    const editor = await newUser(server, { role: 'editor', context: ctx });
    assert.equal((await editor.client.post(`${versionPath}/formats/pkl/inspect`)).status, 200);
  });
});

describe('MODELRY_PICKLE_POLICY=block', () => {
  let server: TestServer;
  let admin: ApiClient;
  let ctx: string;

  before(async () => {
    server = await startServer({ limits: { picklePolicy: 'block' } });
    admin = adminClient(server);
    ctx = (await newContext(server)).slug;
  });
  after(() => server.close());

  for (const e of entries('malicious', 'pickle')) {
    test(`${e.file}: refused with 422 naming ${(e.dangerous_globals as string[]).join(', ')}; nothing stored`, async () => {
      const versionPath = await freshVersion(admin, ctx);
      const bytes = await read(e.file);
      const reply = await admin.put(`${versionPath}/formats/${e.format_id}/file`, bytes);
      assertProblem(reply, 422, 'body');
      for (const name of e.dangerous_globals as string[]) assert.ok(reply.body.detail.includes(name), reply.body.detail);
      assert.match(reply.body.detail, /MODELRY_PICKLE_POLICY=block/);
      await assertNothingStored(server, admin, versionPath, bytes);
    });
  }

  test('safe pickles and joblib files are still accepted', async () => {
    for (const e of entries('good', 'pickle', 'joblib')) {
      const versionPath = await freshVersion(admin, ctx);
      const reply = await admin.put(`${versionPath}/formats/${e.format_id}/file`, await read(e.file));
      assert.equal(reply.status, 200, `${e.file}: ${JSON.stringify(reply.body)}`);
      assert.equal(reply.body.inspection.verdict, 'safe');
    }
  });
});
