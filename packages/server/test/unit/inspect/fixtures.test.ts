// The real model files in shared/fixtures/models drive these tests: every fact the manifest
// lists for a file must be found by the inspector for its declared format. No test loads a
// pickle: the inspectors only read bytes.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type Inspection, InspectionRejected, inspectStream } from '../../../src/inspect/inspector.js';
import { type ManifestEntry, fixture, formatOf, inspect, manifest, oneByteChunks, randomSplits } from './helpers.js';

const byKind = (kind: ManifestEntry['kind'], format?: string): ManifestEntry[] =>
  manifest.files.filter((e) => e.kind === kind && (format === undefined || e.format === format));

function d(i: Inspection): Record<string, unknown> {
  return i.details;
}

describe('pickle and joblib fixtures', () => {
  for (const e of [...byKind('good', 'pickle'), ...byKind('good', 'joblib')]) {
    test(`${e.file}: protocol and every global the manifest lists are found statically`, async () => {
      const r = await inspect('pkl', fixture(e.file));
      const scan = e.pickle_static_scan as { protocol: number; globals: string[] };
      assert.equal(d(r).protocol, e.pickle_protocol);
      assert.equal(d(r).protocol, scan.protocol);
      const globals = d(r).globals as string[];
      for (const g of [...(e.globals_resolved_on_load as string[]), ...scan.globals]) {
        assert.ok(globals.includes(g), `${g} missing from ${globals.join(', ')}`);
      }
      assert.equal(r.verdict, 'safe');
      assert.deepEqual(d(r).dangerousGlobals, []);
    });
  }

  for (const e of byKind('good', 'pickle')) {
    test(`${e.file}: REDUCE count matches pickletools`, async () => {
      const r = await inspect('pkl', fixture(e.file));
      assert.equal(d(r).reduceCount, (e.pickle_static_scan as { reduce_count: number }).reduce_count);
      assert.equal(r.kind, 'pickle');
    });
  }

  for (const e of byKind('good', 'joblib')) {
    test(`${e.file}: a joblib file is walked past its raw numpy buffers to the end`, async () => {
      const r = await inspect('pkl', fixture(e.file));
      assert.equal(r.kind, 'joblib');
      assert.equal(d(r).container, 'raw');
      assert.ok((d(r).arrayCount as number) > 0);
      const arrays = d(r).arrays as Array<{ dtype: string; shape: number[]; bytes: number }>;
      assert.ok(arrays.every((a) => a.bytes >= 0 && Array.isArray(a.shape)));
      assert.equal(d(r).pickles, 1);
    });

    test(`${e.file}: the joblib format id gives the same facts as pkl`, async () => {
      const a = await inspect('pkl', fixture(e.file));
      const b = await inspect('joblib', fixture(e.file));
      assert.deepEqual(b.details, a.details);
    });
  }
});

describe('malicious fixtures', () => {
  for (const e of byKind('malicious').filter((x) => x.format === 'pickle')) {
    test(`${e.file}: the dangerous global is named and the verdict is dangerous`, async () => {
      const r = await inspect('pkl', fixture(e.file));
      assert.equal(r.verdict, 'dangerous');
      for (const g of e.dangerous_globals as string[]) {
        assert.ok((d(r).dangerousGlobals as string[]).includes(g));
        assert.match(r.summary, new RegExp(g.replace('.', '\\.')));
      }
      assert.equal(d(r).protocol, e.pickle_protocol);
    });
  }

  for (const e of byKind('malicious').filter((x) => x.format === 'pmml')) {
    test(`${e.file}: a DOCTYPE with entities is refused before any entity is read`, async () => {
      await assert.rejects(inspect('pmml', fixture(e.file)), (err: unknown) => {
        assert.ok(err instanceof InspectionRejected);
        assert.equal(err.expected, 'PMML (XML)');
        assert.match(err.message, /DOCTYPE/);
        return true;
      });
    });
  }
});

describe('broken fixtures', () => {
  for (const e of byKind('broken')) {
    test(`${e.file}: refused with a message saying what was expected and found`, async () => {
      await assert.rejects(inspect(formatOf(e), fixture(e.file)), (err: unknown) => {
        assert.ok(err instanceof InspectionRejected, String(err));
        assert.ok(err.message.includes(err.expected) && err.message.includes(err.found));
        assert.ok(!err.message.includes('inspector failed'), err.message);
        return true;
      });
    });
  }

  test('a not-well-formed PMML file is refused with its line and column', async () => {
    await assert.rejects(inspect('pmml', fixture('malformed_not_well_formed.pmml')), /not well-formed at line \d+, column \d+/);
  });

  test('an empty file is refused as empty', async () => {
    await assert.rejects(inspect('pkl', fixture('empty.pkl')), (err: unknown) => err instanceof InspectionRejected && err.found === 'an empty file');
  });

  test('random bytes declared as rda are refused as unrecognised bytes', async () => {
    await assert.rejects(inspect('rda', fixture('random_bytes.rda')), (err: unknown) => {
      assert.ok(err instanceof InspectionRejected);
      assert.equal(err.expected, 'R data (save()/saveRDS())');
      assert.equal(err.found, 'unrecognised bytes');
      return true;
    });
  });
});

describe('PMML fixtures', () => {
  for (const e of byKind('good', 'pmml')) {
    test(`${e.file}: version, header, model element, mining schema, dictionary and outputs are read`, async () => {
      const r = await inspect('pmml', fixture(e.file));
      assert.equal(r.kind, 'pmml');
      assert.equal(d(r).version, e.pmml_version);
      assert.equal(d(r).namespace, e.namespace);
      assert.deepEqual(d(r).application, e.application);
      const models = d(r).models as Array<{ type: string; functionName: string; modelName: string; depth: number; miningSchema: unknown; outputFields: Array<{ name: string }> }>;
      const top = models.find((m) => m.depth === 0);
      assert.ok(top !== undefined);
      assert.equal(top.type, e.model_type);
      assert.equal(top.functionName, e.function_name);
      assert.equal(top.modelName, e.model_name);
      assert.deepEqual(models.filter((m) => m.depth > 0).map((m) => m.type), e.nested_model_types);
      assert.deepEqual(top.miningSchema, e.mining_schema);
      assert.deepEqual(top.outputFields.map((f) => f.name), e.output_fields);
      assert.deepEqual(d(r).dataDictionary, e.data_dictionary);
      assert.match(String(d(r).timestamp), /\S/);
    });

    test(`${e.file}: the signature lists the active mining fields as inputs`, async () => {
      const r = await inspect('pmml', fixture(e.file));
      assert.deepEqual(r.signature?.inputs.map((f) => f.name), e.input_fields);
      assert.ok(r.signature?.inputs.every((f) => f.usage === 'active' && typeof f.type === 'string'));
      assert.deepEqual(r.signature?.outputs?.map((f) => f.name), e.output_fields);
    });
  }
});

describe('R fixtures', () => {
  for (const e of [...byKind('good', 'rda'), ...byKind('good', 'rds')]) {
    test(`${e.file}: compression, inner header, serialization version and objects are read (as rda and rds)`, async () => {
      for (const format of ['rda', 'rds'] as const) {
        const r = await inspect(format, fixture(e.file));
        assert.equal(r.kind, 'r');
        assert.equal(d(r).compression, e.compression);
        assert.equal(d(r).serializationVersion, e.serialization_version);
        assert.equal(d(r).format, e.ascii === true ? 'ascii' : 'xdr');
        assert.equal(d(r).writtenByR, '4.2.2');
        const header = Buffer.from(String(e.inner_header), 'latin1').toString('hex');
        assert.ok(String(d(r).innerHeaderHex).startsWith(header));
        const objects = d(r).objects as Array<{ name: string | null; class: string[] }>;
        const expected = e.objects as Array<{ name: string; class: string[] }>;
        assert.deepEqual(objects.map((o) => o.class), expected.map((o) => o.class));
        // saveRDS() stores one unnamed object; save() stores each object's name.
        const names = e.format === 'rds' ? [] : expected.map((o) => o.name);
        assert.deepEqual(d(r).objectNames, names);
      }
    });
  }
});

describe('ONNX fixtures', () => {
  for (const e of byKind('good', 'onnx')) {
    test(`${e.file}: ir_version, opsets, producer and graph inputs/outputs are read from the protobuf`, async () => {
      const r = await inspect('onnx', fixture(e.file));
      assert.equal(r.kind, 'onnx');
      assert.equal(d(r).irVersion, e.ir_version);
      assert.equal(d(r).producerName, e.producer_name);
      assert.equal(d(r).producerVersion, e.producer_version);
      assert.deepEqual(d(r).opsetImports, e.opset_import);
      const io = (list: Array<{ name: string; elem_type: string; shape: unknown[] }>) => list.map((x) => ({ name: x.name, type: x.elem_type, shape: x.shape }));
      const expectedInputs = io(e.graph_inputs as never);
      assert.deepEqual(r.signature?.inputs, expectedInputs);
      assert.deepEqual(r.signature?.outputs, io(e.graph_outputs as never));
      assert.deepEqual(d(r).initializersListedAsInputs, e.initializers_listed_as_inputs);
      assert.deepEqual(Object.keys(d(r).opTypes as object).sort(), [...(e.op_types as string[])].sort());
    });
  }
});

describe('chunk boundaries', () => {
  const files = manifest.files.filter((e) => e.kind !== 'broken' || e.size > 0);
  for (const e of files) {
    test(`${e.file}: 1-byte chunks and random splits give the same result as one chunk`, async () => {
      const bytes = fixture(e.file);
      const settle = (p: Promise<Inspection>) => p.then((r) => JSON.stringify(r), (err: Error) => `rejected: ${err.message}`);
      const reference = await settle(inspect(formatOf(e), bytes));
      assert.equal(await settle(inspectStream(formatOf(e), oneByteChunks(bytes))), reference);
      for (const seed of [1, 7, 42]) {
        assert.equal(await settle(inspectStream(formatOf(e), randomSplits(bytes, seed))), reference);
      }
    });
  }
});
