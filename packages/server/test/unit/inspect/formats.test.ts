// Rules of the R, ONNX and PMML inspectors beyond what the fixtures show directly.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { InspectionRejected, inspectStream } from '../../../src/inspect/inspector.js';
import { fixture, inspect, localData, oneByteChunks } from './helpers.js';

const rejected = (found: RegExp) => (e: unknown): boolean => e instanceof InspectionRejected && found.test(e.found);

describe('R', () => {
  test('a bzip2-compressed save() file is decompressed and its objects read', async () => {
    const r = await inspect('rda', localData('rpart_iris_bzip2.rda'));
    assert.equal(r.details.compression, 'bzip2');
    assert.deepEqual(r.details.objectNames, ['rpart_iris']);
    assert.deepEqual((r.details.objects as Array<{ class: string[] }>)[0]?.class, ['rpart']);
  });

  test('a save() file cut short is refused as truncated', async () => {
    const bytes = fixture('rpart_iris_uncompressed.rda');
    await assert.rejects(inspect('rda', bytes.subarray(0, 5000)), rejected(/truncated/));
  });

  test('gzip holding something other than R data is refused, saying what it holds', async () => {
    await assert.rejects(inspect('rda', gzipSync(fixture('rattle_RegressionAuto.pmml'))), rejected(/^gzip-compressed XML/));
  });

  test('a pickle declared as rds is refused as a pickle', async () => {
    await assert.rejects(inspect('rds', fixture('logreg_iris_p2.pkl')), rejected(/pickle/));
  });
});

describe('ONNX', () => {
  test('a valid protobuf that is not an ONNX model is refused', async () => {
    // field 2 (string) "hello": well-formed protobuf without ir_version or graph
    await assert.rejects(inspect('onnx', Uint8Array.from([0x12, 5, ...Buffer.from('hello')])), (e: unknown) =>
      e instanceof InspectionRejected && /not an ONNX model/.test(e.message));
  });

  test('a field that runs past the end of its enclosing message is refused', async () => {
    // ir_version 7, then graph (field 7) of 4 bytes whose name field claims 16 bytes
    const bytes = Uint8Array.from([0x08, 0x07, 0x3a, 0x04, 0x12, 0x10, 0x41, 0x42]);
    await assert.rejects(inspect('onnx', bytes), (e: unknown) => e instanceof InspectionRejected && /runs past the end of its Graph/.test(e.message));
  });

  test('initializers listed as graph inputs are left out of the signature', async () => {
    const r = await inspect('onnx', fixture('onnx_testdata_pytorch_Linear.onnx'));
    assert.deepEqual(r.signature?.inputs.map((i) => i.name), ['0']);
    assert.deepEqual((r.details.inputs as Array<{ name: string }>).map((i) => i.name), ['0', '1', '2']);
  });
});

describe('PMML', () => {
  test('MiningModel segments are listed as nested models with their segment ids', async () => {
    const xml = `<?xml version="1.0"?>
<PMML xmlns="http://www.dmg.org/PMML-4_4" version="4.4">
  <Header><Application name="hand" version="1"/><Timestamp>2024-01-01</Timestamp></Header>
  <DataDictionary><DataField name="x" optype="continuous" dataType="double"/><DataField name="y" optype="continuous" dataType="double"/></DataDictionary>
  <MiningModel functionName="regression">
    <MiningSchema><MiningField name="y" usageType="target"/><MiningField name="x"/></MiningSchema>
    <Segmentation multipleModelMethod="sum">
      <Segment id="s1"><True/><TreeModel functionName="regression"><MiningSchema><MiningField name="x"/></MiningSchema><Node score="1"><True/></Node></TreeModel></Segment>
      <Segment id="s2"><True/><RegressionModel functionName="regression"><MiningSchema><MiningField name="x"/></MiningSchema><RegressionTable intercept="0"/></RegressionModel></Segment>
    </Segmentation>
  </MiningModel>
</PMML>`;
    const r = await inspect('pmml', Buffer.from(xml));
    const models = r.details.models as Array<{ type: string; depth: number; segmentId: string | null }>;
    assert.deepEqual(models.map((m) => [m.type, m.depth, m.segmentId]), [['MiningModel', 0, null], ['TreeModel', 1, 's1'], ['RegressionModel', 1, 's2']]);
    assert.deepEqual(r.signature, { inputs: [{ name: 'x', type: 'double', usage: 'active' }], outputs: [{ name: 'y', type: 'double' }] });
    assert.equal(r.details.timestamp, '2024-01-01');
  });

  test('non-ASCII names read the same whatever the chunking', async () => {
    const xml = Buffer.from(`\uFEFF<?xml version="1.0" encoding="UTF-8"?>\n<!--${'·'.repeat(400)}-->\n<PMML version="4.4"><DataDictionary>` +
      '<DataField name="größe" optype="continuous" dataType="double"/><DataField name="温度" optype="continuous" dataType="float"/>' +
      '</DataDictionary></PMML>');
    const expected = [{ name: 'größe', optype: 'continuous', dataType: 'double' }, { name: '温度', optype: 'continuous', dataType: 'float' }];
    assert.deepEqual((await inspect('pmml', xml)).details.dataDictionary, expected);
    assert.deepEqual((await inspectStream('pmml', oneByteChunks(xml))).details.dataDictionary, expected);
  });

  test('an undeclared entity reference is refused as not well-formed', async () => {
    await assert.rejects(inspect('pmml', Buffer.from('<PMML version="4.3"><Header description="&foo;"/></PMML>')), /not well-formed at line 1/);
  });

  test('a gzip file declared as pmml is refused as compressed data', async () => {
    await assert.rejects(inspect('pmml', gzipSync(fixture('rattle_RegressionAuto.pmml'))), rejected(/gzip-compressed/));
  });
});

describe('xz containers', () => {
  test('concurrent xz inspections, one corrupt and one truncated, all settle', async () => {
    // xz-decompress serialises its decoder contexts; a failed stream must release its context.
    const joblib = localData('logreg_iris.joblib.xz');
    const rda = fixture('glm_mtcars_xz.rda');
    const corrupt = Uint8Array.from(rda);
    corrupt.fill(7, 300, 400);
    async function* slow(x: Uint8Array): AsyncGenerator<Uint8Array> {
      for (let i = 0; i < x.length; i += 50) {
        await new Promise((r) => setImmediate(r));
        yield x.subarray(i, i + 50);
      }
    }
    const results = await Promise.allSettled([
      inspectStream('pkl', slow(joblib)), inspectStream('rda', slow(corrupt)),
      inspectStream('rda', slow(rda.subarray(0, 3000))), inspectStream('rda', slow(rda)),
    ]);
    assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    for (const r of results) if (r.status === 'rejected') assert.ok(r.reason instanceof InspectionRejected);
  });
});
