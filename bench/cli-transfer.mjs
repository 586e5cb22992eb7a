#!/usr/bin/env node
// The `modelry` CLI's upload and download speed for a 1 GiB file, side by side with curl in the same run
// (curl -T for the upload, curl -o for the download; both over loopback to the same server).
// The CLI figures include node's start-up and, for downloads, the sha256 check and the fsync before the rename.
// Usage: node bench/cli-transfer.mjs [sizeMiB=1024] [rounds=2]       (needs `npm run build` and curl)
// To compare two builds of the CLI in one run (a loaded machine makes separate runs incomparable), copy the old
// packages/client (dist + package.json, with node_modules reachable) elsewhere and point at its main.js:
//   MODELRY_BENCH_BASELINE_CLI=/path/to/old/client/dist/cli/main.js node bench/cli-transfer.mjs 512 3
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT, api, fmt, mb, startServer } from './lib/server.mjs';
import { writePicklePayload } from './lib/transfer.mjs';

const sizeMiB = Number(process.argv[2] ?? 1024);
const rounds = Number(process.argv[3] ?? 2);
const size = sizeMiB * 1024 * 1024;
const CLI = path.join(REPO_ROOT, 'packages/client/dist/cli/main.js');
const BASELINE_CLI = process.env.MODELRY_BENCH_BASELINE_CLI;
/** The tools compared: curl, this build of the CLI, and optionally a baseline build. */
const TOOLS = BASELINE_CLI === undefined ? ['curl', 'cli'] : ['curl', 'cli', 'baseline'];
const run = promisify(execFile);

async function timed(command, args, env = {}) {
  const started = process.hrtime.bigint();
  await run(command, args, { env: { ...process.env, ...env }, maxBuffer: 16 * 1024 * 1024 });
  return Number(process.hrtime.bigint() - started) / 1e9;
}

async function main() {
  await fs.access(CLI).catch(() => {
    throw new Error('packages/client/dist is missing: run `npm run build` first');
  });
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'modelry-cli-bench-'));
  const server = await startServer();
  try {
    const file = path.join(work, 'payload.pkl');
    const sha256 = await writePicklePayload(file, size);
    const model = await api(server, 'POST', '/contexts/default/models', { name: `cli-bench-${randomBytes(4).toString('hex')}` });
    const env = { MODELRY_URL: server.url, MODELRY_TOKEN: server.token, XDG_CONFIG_HOME: work };
    const fileUrl = (n) => `${server.api}/contexts/default/models/${model.id}/versions/${n}/formats/pkl/file`;
    const auth = ['-H', `authorization: Bearer ${server.token}`];
    const results = Object.fromEntries(TOOLS.flatMap((tool) => [[`${tool}Up`, []], [`${tool}Down`, []]]));

    for (let round = 0; round < rounds; round++) {
      // Fresh versions each round; the order rotates so no tool always goes first.
      const order = TOOLS.map((_, i) => TOOLS[(i + round) % TOOLS.length]);
      if (round % 2 === 1) order.reverse();
      for (const tool of order) {
        const { number } = await api(server, 'POST', `/contexts/default/models/${model.id}/versions`, {});
        const cli = tool === 'baseline' ? BASELINE_CLI : CLI;
        if (tool === 'curl') {
          results.curlUp.push(await timed('curl', ['-sS', '--fail', '-o', '/dev/null', ...auth, '-H', 'content-type: application/octet-stream', '-T', file, fileUrl(number)]));
        } else {
          results[`${tool}Up`].push(await timed(process.execPath, [cli, 'formats', 'upload', `${model.id}@${number}`, 'pkl', file], env));
        }
        const target = path.join(work, `down-${tool}.pkl`);
        if (tool === 'curl') {
          results.curlDown.push(await timed('curl', ['-sS', '--fail', ...auth, '-o', target, fileUrl(number)]));
        } else {
          results[`${tool}Down`].push(await timed(process.execPath, [cli, 'formats', 'download', `${model.id}@${number}`, 'pkl', '-o', target], env));
        }
        const copy = createHash('sha256').update(await fs.readFile(target)).digest('hex');
        if (copy !== sha256) throw new Error(`${tool} downloaded different bytes`);
        await fs.rm(target);
      }
    }

    const best = (list) => Math.min(...list);
    const line = (label, cli, curl) =>
      console.log(
        `${label.padEnd(20)} modelry ${fmt(mb(size, best(cli)), 0).padStart(6)} MB/s (${fmt(best(cli), 2)} s)   ` +
          `curl ${fmt(mb(size, best(curl)), 0).padStart(6)} MB/s (${fmt(best(curl), 2)} s)   modelry/curl ${fmt(best(curl) / best(cli), 2)}`,
      );
    console.log(`# modelry CLI vs curl, ${fmt(sizeMiB, 0)} MiB over loopback, best of ${rounds} (${os.cpus().length} CPUs, node ${process.version})`);
    line('upload', results.cliUp, results.curlUp);
    line('download', results.cliDown, results.curlDown);
    if (BASELINE_CLI !== undefined) {
      console.log(`# baseline build: ${BASELINE_CLI}`);
      line('upload (baseline)', results.baselineUp, results.curlUp);
      line('download (baseline)', results.baselineDown, results.curlDown);
    }
    console.log(`all runs (s): ${JSON.stringify(Object.fromEntries(Object.entries(results).map(([k, v]) => [k, v.map((s) => Number(s.toFixed(2)))])))}`);
  } finally {
    await server.stop();
    await fs.rm(work, { recursive: true, force: true });
  }
}

await main();
