#!/usr/bin/env node
// Format inspection throughput (MB/s), with plain upload throughput measured in the same run:
//   a generated 1 GiB numpy-array pickle and a generated ~200 MB PMML TreeModel, each
//   (1) through the inspector alone, in-process (inspectStream over the file, from packages/server/dist);
//       for PMML also saxes alone on the same file (the XML parser the inspector is built on, set up
//       the same way, fed by a streaming TextDecoder): the ceiling the inspector is measured against,
//   (2) uploaded to the Modelry API with curl (the server inspects while it stores),
//   (3) uploaded with curl to ../shared/bench/ideal-upload-server.cjs (stream → sha256 → file → fsync, no inspection).
// Usage: node bench/inspect-throughput.mjs [pickleMiB=1024] [pmmlMB=200]   (npm run build -w @modelry/server first)
import { createReadStream, createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { randomBytes } from 'node:crypto';
import { MODELRY, REFERENCE, writeBarChart } from './lib/chart.mjs';
import { REPO_ROOT, api, fmt, mb, startServer } from './lib/server.mjs';
import { curl, idealUpload } from './lib/transfer.mjs';

const pickleMiB = Number(process.argv[2] ?? 1024);
const pmmlMB = Number(process.argv[3] ?? 200);
const work = await fs.mkdtemp(path.join(os.tmpdir(), 'modelry-inspect-bench-'));

/** Writes chunks to a file, honouring backpressure. */
function writer(file) {
  const out = createWriteStream(file, { highWaterMark: 1 << 20 });
  return {
    async write(chunk) {
      if (!out.write(chunk)) await new Promise((resolve) => out.once('drain', resolve));
    },
    end: () => new Promise((resolve) => out.end(resolve)),
  };
}

const op = (...bytes) => Buffer.from(bytes);
const shortUnicode = (text) => Buffer.concat([op(0x8c, Buffer.byteLength(text)), Buffer.from(text), op(0x94)]); // + MEMOIZE
const stackGlobal = (module, name) => Buffer.concat([shortUnicode(module), shortUnicode(name), op(0x93, 0x94)]);
const binint = (n) => {
  const b = Buffer.alloc(5);
  b[0] = 0x4a;
  b.writeInt32LE(n, 1);
  return b;
};

/**
 * What pickle.dump(numpy.ndarray of float64, protocol=4) writes: _reconstruct(ndarray, (0,), b'b'), then
 * BUILD with (1, shape, dtype('f8'), False, <raw bytes>). The raw bytes (random, so nothing can compress
 * them away) are one BINBYTES8 payload: the bulk of the file.
 */
async function makePickle(file, totalBytes) {
  const head = Buffer.concat([
    op(0x80, 0x04),
    stackGlobal('numpy.core.multiarray', '_reconstruct'),
    stackGlobal('numpy', 'ndarray'),
    op(0x4b, 0x00, 0x85, 0x94), // (0,)
    op(0x43, 0x01, 0x62, 0x94), // b'b'
    op(0x87, 0x94, 0x52, 0x94), // TUPLE3, REDUCE
    op(0x28), // MARK of the state tuple
    op(0x4b, 0x01),
  ]);
  const dtype = Buffer.concat([
    stackGlobal('numpy', 'dtype'),
    shortUnicode('f8'),
    op(0x89, 0x88, 0x87, 0x94, 0x52, 0x94), // (False, True), REDUCE
    op(0x28, 0x4b, 0x03), shortUnicode('<'), op(0x4e, 0x4e, 0x4e), binint(-1), binint(-1), op(0x4b, 0x00, 0x74, 0x94, 0x62), // BUILD dtype state
    op(0x89), // fortran order: False
  ]);
  const tail = op(0x94, 0x74, 0x94, 0x62, 0x2e); // MEMOIZE payload, TUPLE (state), BUILD, STOP
  const fixed = head.length + 5 + 2 + dtype.length + 9 + tail.length;
  const items = Math.floor((totalBytes - fixed) / 8);
  const shape = Buffer.concat([binint(items), op(0x85, 0x94)]);
  const payloadHead = Buffer.alloc(9);
  payloadHead[0] = 0x8e; // BINBYTES8
  payloadHead.writeBigUInt64LE(BigInt(items * 8), 1);
  const out = writer(file);
  await out.write(Buffer.concat([head, shape, dtype, payloadHead]));
  const block = randomBytes(8 * 1024 * 1024);
  for (let left = items * 8; left > 0; left -= block.length) await out.write(block.subarray(0, Math.min(block.length, left)));
  await out.write(tail);
  await out.end();
}

/**
 * A PMML TreeModel over 200 numeric fields: a DataDictionary and MiningSchema listing them, then
 * sibling subtrees of depth 12 (SimplePredicate + ScoreDistribution per node) until the size is reached.
 */
async function makePmml(file, targetBytes) {
  const fields = Array.from({ length: 200 }, (_, i) => `x${i}`);
  const out = writer(file);
  let written = 0;
  const write = async (text) => {
    written += Buffer.byteLength(text);
    await out.write(text);
  };
  await write('<?xml version="1.0" encoding="UTF-8"?>\n<PMML xmlns="http://www.dmg.org/PMML-4_4" version="4.4">\n');
  await write(' <Header copyright="bench"><Application name="modelry-bench" version="1"/><Timestamp>2024-01-01</Timestamp></Header>\n');
  await write(` <DataDictionary numberOfFields="${fields.length + 1}">\n`);
  for (const f of fields) await write(`  <DataField name="${f}" optype="continuous" dataType="double"/>\n`);
  await write('  <DataField name="y" optype="categorical" dataType="string"><Value value="a"/><Value value="b"/></DataField>\n </DataDictionary>\n');
  await write(' <TreeModel modelName="bench" functionName="classification" splitCharacteristic="binarySplit">\n  <MiningSchema>\n');
  for (const f of fields) await write(`   <MiningField name="${f}"/>\n`);
  await write('   <MiningField name="y" usageType="target"/>\n  </MiningSchema>\n  <Node id="root" score="a"><True/>\n');
  let id = 0;
  let chunk = '';
  const node = (depth) => {
    const n = id++;
    const field = fields[n % fields.length];
    chunk += `<Node id="${n}" score="${n % 2 ? 'a' : 'b'}" recordCount="${(n % 97) + 3}"><SimplePredicate field="${field}" operator="lessOrEqual" value="${((n * 7919) % 10007) / 100}"/>`;
    chunk += `<ScoreDistribution value="a" recordCount="${n % 13}"/><ScoreDistribution value="b" recordCount="${n % 7}"/>`;
    if (depth < 12) {
      node(depth + 1);
      node(depth + 1);
    }
    chunk += '</Node>\n';
  };
  while (written < targetBytes - 200) {
    node(1);
    await write(chunk);
    chunk = '';
  }
  await write('  </Node>\n </TreeModel>\n</PMML>\n');
  await out.end();
  return written;
}

const { inspectStream } = await import(pathToFileURL(path.join(REPO_ROOT, 'packages/server/dist/inspect/inspector.js')).href);

async function inspectAlone(format, file) {
  const started = process.hrtime.bigint();
  const inspection = await inspectStream(format, createReadStream(file, { highWaterMark: 1 << 20 }));
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, inspection };
}

const { SaxesParser } = createRequire(path.join(REPO_ROOT, 'packages/server/package.json'))('saxes');

/** saxes alone over the file, with the options the PMML inspector uses and no-op element handlers. */
async function saxesAlone(file) {
  const started = process.hrtime.bigint();
  const parser = new SaxesParser({ xmlns: true, position: true });
  parser.on('opentag', () => undefined);
  parser.on('closetag', () => undefined);
  const decoder = new TextDecoder();
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) parser.write(decoder.decode(chunk, { stream: true }));
  parser.write(decoder.decode()).close();
  return Number(process.hrtime.bigint() - started) / 1e9;
}

async function modelryUpload(server, format, file) {
  const model = await api(server, 'POST', '/contexts/default/models', { name: `bench-inspect-${format}-${Date.now()}` });
  await api(server, 'POST', `/contexts/default/models/${model.id}/versions`, {});
  const url = `${server.api}/contexts/default/models/${model.id}/versions/1/formats/${format}/file`;
  const seconds = await curl(['-H', `authorization: Bearer ${server.token}`, '-H', 'content-type: application/octet-stream', '-T', file, '-X', 'PUT', url]);
  const record = await api(server, 'GET', `/contexts/default/models/${model.id}/versions/1/formats/${format}`);
  if (record.inspection === null) throw new Error(`the ${format} upload has no inspection`);
  return { seconds, inspection: record.inspection };
}

const cases = [
  { label: `${pickleMiB} MiB numpy pickle`, format: 'pkl', file: path.join(work, 'array.pkl'), make: (f) => makePickle(f, pickleMiB * 1024 * 1024) },
  { label: `${pmmlMB} MB PMML TreeModel`, format: 'pmml', file: path.join(work, 'tree.pmml'), make: (f) => makePmml(f, pmmlMB * 1e6) },
];

const server = await startServer();
const rows = [];
try {
  console.log(`\nInspection throughput (curl on loopback; MB = 10^6 bytes)`);
  for (const c of cases) {
    await c.make(c.file);
    const size = (await fs.stat(c.file)).size;
    await curl(['-o', '/dev/null', `file://${c.file}`]).catch(() => undefined); // warm the page cache
    const alone = await inspectAlone(c.format, c.file);
    const saxes = c.format === 'pmml' ? await saxesAlone(c.file) : null;
    const ideal = await idealUpload(c.file, work);
    const upload = await modelryUpload(server, c.format, c.file);
    if (JSON.stringify(upload.inspection.details) !== JSON.stringify(alone.inspection.details)) throw new Error('the server and the in-process inspector disagree');
    console.log(`\n${c.label} (${fmt(size / 1e6)} MB): ${upload.inspection.summary}`);
    console.log(`  inspector alone (in-process)      ${fmt(mb(size, alone.seconds)).padStart(8)} MB/s`);
    if (saxes !== null) console.log(`  saxes alone (reference parser)    ${fmt(mb(size, saxes)).padStart(8)} MB/s`);
    console.log(`  Modelry upload, inspected          ${fmt(mb(size, upload.seconds)).padStart(8)} MB/s`);
    console.log(`  plain upload (ideal Node server)   ${fmt(mb(size, ideal)).padStart(8)} MB/s   ratio inspected/plain ${fmt(ideal / upload.seconds, 2)}x`);
    rows.push(
      { label: `${c.format}: inspector alone`, value: mb(size, alone.seconds), color: MODELRY },
      ...(saxes === null ? [] : [{ label: `${c.format}: saxes alone (reference)`, value: mb(size, saxes), color: REFERENCE }]),
      { label: `${c.format}: Modelry upload (inspected)`, value: mb(size, upload.seconds), color: MODELRY },
      { label: `${c.format}: plain upload (ideal Node)`, value: mb(size, ideal), color: REFERENCE },
    );
    await fs.rm(c.file, { force: true });
  }
  const chart = await writeBarChart('inspect-throughput', 'Inspection and upload throughput (MB/s, higher is better)', 'MB/s', rows);
  console.log(`\nchart: ${path.relative(REPO_ROOT, chart)}`);
} finally {
  await server.stop();
  await fs.rm(work, { recursive: true, force: true });
}
