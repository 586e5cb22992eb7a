// Property tests: random bytes and mutated real files (byte flips, truncations, insertions)
// through every inspector. Each run must end in an Inspection or an InspectionRejected from
// the inspector's own checks; never another error, never "inspector failed", never a hang
// (each run is bounded by the input size, and the suite by its run counts).

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { type InspectableFormat, InspectionRejected } from '../../../src/inspect/inspector.js';
import { fixture, inspect, manifest, randomSplits } from './helpers.js';
import { inspectStream } from '../../../src/inspect/inspector.js';

type Mutation = { kind: 'flip'; at: number; value: number } | { kind: 'truncate'; at: number } | { kind: 'insert'; at: number; bytes: Uint8Array };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }) }),
);

function mutate(original: Uint8Array, mutations: Mutation[]): Uint8Array {
  let b = Uint8Array.from(original);
  for (const m of mutations) {
    const at = b.length === 0 ? 0 : m.at % b.length;
    if (m.kind === 'flip') b[at] = m.value;
    else if (m.kind === 'truncate') b = b.subarray(0, at);
    else b = Uint8Array.from([...b.subarray(0, at), ...m.bytes, ...b.subarray(at)]);
  }
  return b;
}

/** Inspects and classifies the outcome; fails the property on anything but the two allowed ones. */
async function outcome(format: InspectableFormat, bytes: Uint8Array, seed = 0): Promise<'ok' | 'rejected'> {
  try {
    const source = seed === 0 ? undefined : randomSplits(bytes, seed, 61);
    const r = await (source === undefined ? inspect(format, bytes) : inspectStream(format, source));
    assert.ok(['safe', 'suspicious', 'dangerous'].includes(r.verdict));
    JSON.stringify(r); // must stay serializable
    return 'ok';
  } catch (e) {
    assert.ok(e instanceof InspectionRejected, `unexpected ${String(e)}`);
    assert.ok(!e.message.includes('inspector failed'), e.message);
    assert.ok(e.message.includes(e.expected) && e.message.includes(e.found));
    return 'rejected';
  }
}

const pickleEntries = manifest.files.filter((e) => (e.format === 'pickle' || e.format === 'joblib') && e.size > 0);
const pickles = pickleEntries.map((e) => fixture(e.file));
const goodPickles = pickleEntries.filter((e) => e.kind === 'good').map((e) => fixture(e.file));

describe('pickle scanner under fuzzing', () => {
  test('random bytes declared as pkl end in an inspection or a rejection', async () => {
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 4096 }), async (bytes) => {
      await outcome('pkl', bytes);
    }), { numRuns: 300 });
  });

  test('random opcode soup (bytes drawn from pickle opcodes) ends in an inspection or a rejection', async () => {
    const opcodes = [...'(.012FIJKLMNPQRSTUVXabcd}eghijl]opqrstu)G'].map((c) => c.charCodeAt(0)).concat([0x80, 0x81, 0x85, 0x86, 0x87, 0x88, 0x8c, 0x93, 0x94, 0x95, 4, 5, 2, 0]);
    await fc.assert(fc.asyncProperty(fc.array(fc.constantFrom(...opcodes), { maxLength: 600 }), async (ops) => {
      await outcome('pkl', Uint8Array.from([0x80, 4, ...ops]));
    }), { numRuns: 300 });
  });

  test('mutated fixture pickles (flips, truncations, insertions) end in an inspection or a rejection', async () => {
    await fc.assert(fc.asyncProperty(fc.nat(pickles.length - 1), fc.array(mutation, { minLength: 1, maxLength: 4 }), fc.nat(1000), async (i, ms, seed) => {
      await outcome('pkl', mutate(pickles[i] as Uint8Array, ms), seed);
    }), { numRuns: 400 });
  });

  test('a dangerous pickle appended after a good one is reported dangerous', async () => {
    const tail = Uint8Array.from(Buffer.from('cos\nsystem\n.', 'latin1'));
    await fc.assert(fc.asyncProperty(fc.nat(goodPickles.length - 1), async (i) => {
      const bytes = Uint8Array.from([...(goodPickles[i] as Uint8Array), ...tail]);
      const r = await inspect('pkl', bytes);
      assert.equal(r.verdict, 'dangerous');
    }), { numRuns: 20 });
  });
});

describe('other inspectors under fuzzing', () => {
  const samples: Array<[InspectableFormat, string]> = [
    ['rda', 'rpart_iris_uncompressed.rda'], ['rda', 'lm_mtcars_gzip.rda'], ['rds', 'lm_mtcars.rds'],
    ['onnx', 'torch_mlp_iris.onnx'], ['onnx', 'onnx_testdata_pytorch_Linear.onnx'],
    ['pmml', 'rattle_DecisionTreeIris.pmml'], ['pmml', 'rattle_NeuralNetworkIris.pmml'],
  ];

  test('random bytes declared as rda, rds, onnx or pmml end in an inspection or a rejection', async () => {
    const format = fc.constantFrom<InspectableFormat>('rda', 'rds', 'onnx', 'pmml', 'joblib');
    await fc.assert(fc.asyncProperty(format, fc.uint8Array({ maxLength: 2048 }), async (f, bytes) => {
      await outcome(f, bytes);
    }), { numRuns: 300 });
  });

  test('mutated R, ONNX and PMML fixtures end in an inspection or a rejection', async () => {
    const files = samples.map(([f, name]) => [f, fixture(name)] as const);
    await fc.assert(fc.asyncProperty(fc.nat(files.length - 1), fc.array(mutation, { minLength: 1, maxLength: 3 }), async (i, ms) => {
      const [format, bytes] = files[i] as readonly [InspectableFormat, Uint8Array];
      await outcome(format, mutate(bytes, ms));
    }), { numRuns: 300 });
  });
});
