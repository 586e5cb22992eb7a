#!/usr/bin/env node
// The storage backends side by side, in one run:
//   1. the metadata benchmark (bench/metadata.mjs: 100,000 models, 8 connections; create version, get model,
//      list, search) on SQLite and then on PostgreSQL (a fresh database on 127.0.0.1:5432, dropped afterwards);
//   2. a 1 GiB upload and download (curl, loopback) with files on disk and in S3 (s3rver on loopback), metadata
//      in PostgreSQL for both, plus the download as a 307 redirect to a presigned URL (MODELRY_S3_PRESIGN=1).
// Needs the built server (npm run build), PostgreSQL with trust auth on loopback (or MODELRY_BENCH_POSTGRES_URL)
// and curl. Usage: node bench/backends.mjs [models=100000] [secondsPerScenario=10] [sizeMiB=1024]
import { execFile, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT, api, fmt, freePort, mb, memoryOf, startServer } from './lib/server.mjs';

const MODELS = process.argv[2] ?? '100000';
const SECONDS = process.argv[3] ?? '10';
const SIZE_MIB = Number(process.argv[4] ?? 1024);
const ADMIN_URL = process.env.MODELRY_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const requireFromServer = createRequire(path.join(REPO_ROOT, 'packages/server/package.json'));
const pg = requireFromServer('pg');
const S3rver = requireFromServer('s3rver');

async function withAdmin(sql) {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A fresh PostgreSQL database for one part of the run. */
async function scratchDatabase() {
  const name = `modelry_bench_${randomBytes(4).toString('hex')}`;
  await withAdmin(`create database ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => withAdmin(`drop database if exists ${name} with (force)`) };
}

function metadata(label, env) {
  console.log(`\n## metadata on ${label}`);
  const merged = { ...process.env, ...env };
  if (env.MODELRY_DATABASE_URL === undefined) delete merged.MODELRY_DATABASE_URL;
  const result = spawnSync(process.execPath, [path.join(REPO_ROOT, 'bench/metadata.mjs'), MODELS, SECONDS], { stdio: 'inherit', env: merged });
  if (result.status !== 0) throw new Error(`metadata benchmark on ${label} failed`);
}

/** A valid protocol-4 pickle of one random bytes object, so the upload passes format inspection. */
async function makeFile(file, size) {
  const header = Buffer.alloc(11);
  header.set([0x80, 0x04, 0x8e]);
  header.writeBigUInt64LE(BigInt(size - 12), 3);
  const block = randomBytes(8 * 1024 * 1024);
  const out = createWriteStream(file);
  const hash = createHash('sha256');
  const write = async (chunk) => {
    hash.update(chunk);
    if (!out.write(chunk)) await new Promise((resolve) => out.once('drain', resolve));
  };
  await write(header);
  for (let done = 0; done < size - 12; done += block.length) await write(block.subarray(0, Math.min(block.length, size - 12 - done)));
  await write(Buffer.from('.'));
  await new Promise((resolve) => out.end(resolve));
  return hash.digest('hex');
}

async function curl(args) {
  const { stdout } = await promisify(execFile)('curl', ['-sS', '--fail', '-o', '/dev/null', '-w', '%{time_total}', ...args]);
  return Number(stdout);
}

/** Samples the server's RSS while `work` runs; returns the work's result and the peak RSS growth. */
async function sampled(pid, work) {
  const base = (await memoryOf(pid)).rss;
  let peak = base;
  const timer = setInterval(() => memoryOf(pid).then((m) => (peak = Math.max(peak, m.rss)), () => undefined), 100);
  try {
    return { value: await work(), growth: peak - base };
  } finally {
    clearInterval(timer);
  }
}

async function transfer(label, env, file, sha256, size) {
  const database = await scratchDatabase();
  const server = await startServer({ env: { MODELRY_DATABASE_URL: database.url, ...env } });
  try {
    const model = await api(server, 'POST', '/contexts/default/models', { name: `bench-${label.replace(/\W+/g, '-')}` });
    await api(server, 'POST', `/contexts/default/models/${model.id}/versions`, {});
    const url = `${server.api}/contexts/default/models/${model.id}/versions/1/formats/pkl/file`;
    const auth = ['-H', `authorization: Bearer ${server.token}`];
    const up = await sampled(server.pid, () =>
      curl([...auth, '-X', 'PUT', '-H', 'content-type: application/octet-stream', '-H', `x-checksum-sha256: ${sha256}`, '-T', file, url]),
    );
    const down = await sampled(server.pid, () => curl([...auth, '-L', url]));
    const line = (what, r) =>
      `${`${label} ${what}`.padEnd(34)} ${fmt(r.value, 2).padStart(7)} s  ${fmt(mb(size, r.value), 0).padStart(6)} MB/s   server RSS +${fmt(r.growth / 2 ** 20, 0)} MiB`;
    console.log(line('upload', up));
    console.log(line('download', down));
    if (env.MODELRY_BLOB_URL !== undefined) {
      const presigned = await startServer({ env: { MODELRY_DATABASE_URL: database.url, ...env, MODELRY_S3_PRESIGN: '1' }, token: server.token });
      try {
        const redirected = await sampled(presigned.pid, () => curl([...auth, '-L', url.replace(server.api, presigned.api)]));
        console.log(line('download (presigned 307)', redirected));
      } finally {
        await presigned.stop();
      }
    }
  } finally {
    await server.stop();
    await database.drop();
  }
}

async function transfers() {
  const size = SIZE_MIB * 1024 * 1024;
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'modelry-backends-'));
  const s3dir = path.join(work, 's3');
  const s3 = new S3rver({ address: '127.0.0.1', port: await freePort(), silent: true, directory: s3dir, configureBuckets: [{ name: 'bench' }] });
  const { port } = await s3.run();
  try {
    const file = path.join(work, 'payload.pkl');
    const sha256 = await makeFile(file, size);
    console.log(`\n## ${fmt(SIZE_MIB, 0)} MiB upload and download (curl over loopback; metadata in PostgreSQL)`);
    await transfer('disk', {}, file, sha256, size);
    await transfer('s3 (s3rver)', {
      MODELRY_BLOB_URL: 's3://bench/modelry',
      MODELRY_S3_ENDPOINT: `http://127.0.0.1:${port}`,
      MODELRY_S3_FORCE_PATH_STYLE: '1',
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
      NODE_NO_WARNINGS: '1',
    }, file, sha256, size);
  } finally {
    await s3.close();
    await fs.rm(work, { recursive: true, force: true });
  }
}

console.log(`# storage backends (${os.cpus().length} CPUs, ${fmt(os.totalmem() / 2 ** 30, 0)} GiB RAM, node ${process.version})`);
metadata('SQLite', {});
const pgForMetadata = await scratchDatabase();
try {
  metadata('PostgreSQL', { MODELRY_DATABASE_URL: pgForMetadata.url });
} finally {
  await pgForMetadata.drop();
}
await transfers();
