// Hostile and huge inputs: memory stays bounded while large payloads stream through, hostile
// XML is refused before it can expand, and structural caps turn abuse into a clear rejection.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { InspectionRejected, createInspectionSink, inspectStream } from '../../../src/inspect/inspector.js';
import { chunks, fixture, inspect } from './helpers.js';
import { PickleBuilder, joblibWrapper } from './pickle-builder.js';

const MiB = 1024 * 1024;

/** Yields `total` bytes of zeros in 1 MiB chunks, generated on the fly (never held at once). */
async function* zeros(total: number): AsyncGenerator<Uint8Array> {
  const chunk = new Uint8Array(MiB);
  for (let left = total; left > 0; left -= MiB) yield left >= MiB ? chunk : chunk.subarray(0, left);
}

async function* concat(...parts: Array<Uint8Array | AsyncIterable<Uint8Array>>): AsyncGenerator<Uint8Array> {
  for (const p of parts) {
    if (p instanceof Uint8Array) yield p;
    else yield* p;
  }
}

function refusedAsDoctype(err: unknown): boolean {
  assert.ok(err instanceof InspectionRejected, String(err));
  assert.equal(err.found, 'XML with a DOCTYPE declaration');
  return true;
}

function rssGrowthDuring<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  return fn().then((r) => {
    clearInterval(timer);
    peak = Math.max(peak, process.memoryUsage().rss);
    return [r, peak - before];
  }, (e: unknown) => {
    clearInterval(timer);
    throw e;
  });
}

describe('bounded memory', () => {
  test('a 256 MiB BINBYTES8 payload streams through with RSS growth under 64 MiB', async () => {
    const size = 256 * MiB;
    const header = new PickleBuilder().proto(4).raw(0x8e);
    const len = Buffer.alloc(8);
    len.writeBigUInt64LE(BigInt(size));
    const head = header.raw(...len).bytes();
    const tail = new PickleBuilder().op('STOP').bytes();
    const [r, growth] = await rssGrowthDuring(() => inspectStream('pkl', concat(head, zeros(size), tail)));
    assert.equal(r.verdict, 'safe');
    assert.equal(r.details.protocol, 4);
    assert.ok(growth < 64 * MiB, `RSS grew by ${Math.round(growth / MiB)} MiB`);
  });

  test('a joblib array of 256 MiB raw bytes is skipped with RSS growth under 64 MiB', async () => {
    const count = (256 * MiB) / 8;
    const b = joblibWrapper(new PickleBuilder().proto(4), 'f8', count);
    const pos = b.bytes().length + 1;
    const padding = (16 - (pos % 16)) % 16;
    const head = b.raw(padding, ...new Array<number>(padding).fill(0xff)).bytes();
    const tail = new PickleBuilder().op('STOP').bytes();
    const [r, growth] = await rssGrowthDuring(() => inspectStream('pkl', concat(head, zeros(count * 8), tail)));
    assert.equal(r.details.arrayBytes, 256 * MiB);
    assert.ok(growth < 64 * MiB, `RSS grew by ${Math.round(growth / MiB)} MiB`);
  });

  test('a joblib wrapper that promises more bytes than arrive is refused as truncated', async () => {
    const b = joblibWrapper(new PickleBuilder().proto(4), 'f8', 2 ** 30).raw(0).raw('abc');
    await assert.rejects(inspect('pkl', b.bytes()), (e: unknown) => e instanceof InspectionRejected && /truncated/.test(e.found));
  });
});

describe('structural caps', () => {
  test('MARK nesting deeper than any real pickle is refused', async () => {
    const b = new PickleBuilder().proto(2);
    for (let i = 0; i < 20_000; i++) b.op('MARK');
    await assert.rejects(inspect('pkl', b.op('STOP').bytes()), (e: unknown) => e instanceof InspectionRejected && /MARK/.test(e.message));
  });

  test('a GLOBAL line longer than the cap is refused', async () => {
    const p = new PickleBuilder().raw('c', 'a'.repeat(5000), '\nb\n.').bytes();
    await assert.rejects(inspect('pkl', p), (e: unknown) => e instanceof InspectionRejected && /longer than/.test(e.message));
  });

  test('thousands of distinct globals keep the list capped but the verdict exact', async () => {
    const b = new PickleBuilder().proto(2);
    for (let i = 0; i < 3_000; i++) b.global(`pkg${i}`, 'x').op('POP');
    const r = await inspect('pkl', b.global('os', 'system').op('STOP').bytes());
    assert.equal(r.verdict, 'dangerous');
    assert.equal((r.details.globals as string[]).length, 2_000);
    assert.equal(r.details.globalsOmitted, 1_001);
  });
});

describe('hostile XML', () => {
  test('the XXE sample is refused and its canary file is never read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xxe-'));
    const canary = 'CANARY-7f3a9c-never-to-be-read';
    try {
      writeFileSync(join(dir, 'xxe-canary.txt'), canary);
      writeFileSync(join(dir, 'upload.pmml'), fixture('xxe_external_entity.pmml'));
      const bytes = new Uint8Array(readFileSync(join(dir, 'upload.pmml')));
      const outcome = await inspect('pmml', bytes).then((r) => JSON.stringify(r), (e: Error) => e.message);
      assert.ok(!outcome.includes(canary));
      assert.match(outcome, /DOCTYPE/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('billion laughs is refused with memory flat', async () => {
    const [outcome, growth] = await rssGrowthDuring(() => inspect('pmml', fixture('billion_laughs.pmml')).then(() => 'accepted', (e: Error) => e.message));
    assert.match(outcome, /DOCTYPE/);
    assert.ok(growth < 32 * MiB);
  });

  test('a DOCTYPE split across two chunks is still refused', async () => {
    const text = Buffer.from('<?xml version="1.0"?>\n<!DOCTYPE PMML [<!ENTITY a "b">]><PMML version="4.3"/>');
    async function* two(): AsyncGenerator<Uint8Array> {
      yield text.subarray(0, 26);
      yield text.subarray(26);
    }
    await assert.rejects(inspectStream('pmml', two()), /DOCTYPE/);
  });

  test('a DOCTYPE split across chunks after a prolog longer than the sniffed head is still refused', async () => {
    const text = Buffer.from(`<?xml version="1.0"?>\n<!--${'x'.repeat(2000)}-->\n<!DOCTYPE PMML [<!ENTITY a "b">]><PMML version="4.3"/>`);
    const split = text.indexOf('TYPE PMML');
    await assert.rejects(inspectStream('pmml', chunks(text, [split, 20])), refusedAsDoctype);
    await assert.rejects(inspectStream('pmml', chunks(text, [600, ...new Array<number>(text.length).fill(1)])), refusedAsDoctype);
  });

  test('a DOCTYPE inside or after the root element is refused as a DOCTYPE, before its declarations are read', async () => {
    const inside = Buffer.from(`<PMML version="4.3">${' '.repeat(1000)}<!DOCTYPE PMML [<!ENTITY a "${'b'.repeat(100)}">]></PMML>`);
    const after = Buffer.from(`<PMML version="4.3">${' '.repeat(1000)}</PMML><!DOCTYPE PMML [<!ENTITY a "b">]>`);
    for (const xml of [inside, after]) {
      await assert.rejects(inspect('pmml', xml), refusedAsDoctype);
      await assert.rejects(inspectStream('pmml', chunks(xml, [700, 7, 3])), refusedAsDoctype);
    }
  });

  test('XML nested deeper than the cap is refused', async () => {
    const xml = `<PMML version="4.3">${'<Extension>'.repeat(2000)}${'</Extension>'.repeat(2000)}</PMML>`;
    await assert.rejects(inspect('pmml', Buffer.from(xml)), /nested deeper/);
  });

  test('a comment of 17 MiB is refused instead of buffered', async () => {
    const head = Buffer.from('<PMML version="4.3"><!--');
    const [outcome] = await rssGrowthDuring(() => inspectStream('pmml', concat(head, (async function* () {
      const chunk = new Uint8Array(MiB).fill(0x61);
      for (let i = 0; i < 17; i++) yield chunk;
    })())).then(() => 'accepted', (e: Error) => e.message));
    assert.match(outcome, /over 16 MiB/);
  });

  test('a document whose root is not <PMML> is refused, naming the root', async () => {
    await assert.rejects(inspect('pmml', Buffer.from('<?xml version="1.0"?><html><body/></html>')), (e: unknown) =>
      e instanceof InspectionRejected && e.found === 'XML whose root element is <html>');
  });
});

describe('the sink contract', () => {
  test('finish() rejects with InspectionRejected after abort()', async () => {
    const sink = createInspectionSink('pkl');
    await sink.write(fixture('logreg_iris_p4.pkl').subarray(0, 100));
    sink.abort();
    await assert.rejects(sink.finish(), InspectionRejected);
  });

  test('writes after a rejection are ignored and finish() reports the first reason', async () => {
    const sink = createInspectionSink('pkl');
    await sink.write(fixture('rattle_RegressionAuto.pmml'));
    await sink.write(fixture('logreg_iris_p4.pkl'));
    await assert.rejects(sink.finish(), (e: unknown) => e instanceof InspectionRejected && e.found === 'XML (PMML)');
  });
});
