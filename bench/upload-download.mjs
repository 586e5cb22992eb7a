#!/usr/bin/env node
// 1 GiB upload and download through the Modelry API, each side by side with its reference in the same run:
//   upload   vs ../shared/bench/ideal-upload-server.cjs (stream → sha256 → file → fsync in plain Node)
//   download vs nginx serving the same file with sendfile (apt-get install -y nginx-light)
// and the server's RSS growth during both. Usage: node bench/upload-download.mjs [sizeMiB=1024]
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { MODELRY, REFERENCE, writeBarChart } from './lib/chart.mjs';
import { REPO_ROOT, api, fmt, freePort, mb, memoryOf, startServer, waitFor } from './lib/server.mjs';
import { curl, idealUpload, writePicklePayload } from './lib/transfer.mjs';

const sizeMiB = Number(process.argv[2] ?? 1024);
const size = sizeMiB * 1024 * 1024;
const work = await fs.mkdtemp(path.join(os.tmpdir(), 'modelry-updown-'));
const file = path.join(work, 'payload.bin');

/** Runs `run` (curl, asynchronously) while sampling the server's RSS every 50 ms. */
async function sampleMemory(pid, run) {
  const before = await memoryOf(pid);
  let max = before.rss;
  const timer = setInterval(() => memoryOf(pid).then((m) => (max = Math.max(max, m.rss)), () => undefined), 50);
  try {
    const seconds = await run();
    return { seconds, before: before.rss, max, growth: max - before.rss };
  } finally {
    clearInterval(timer);
  }
}

async function nginxDownload() {
  const port = await freePort();
  const root = path.join(work, 'nginx');
  await fs.mkdir(root);
  await fs.link(file, path.join(root, 'payload.bin'));
  const conf = path.join(work, 'nginx.conf');
  await fs.writeFile(
    conf,
    `daemon off; user root; worker_processes 1; pid ${work}/nginx.pid; error_log ${work}/nginx-error.log;
events {} http { access_log off; sendfile on; tcp_nopush on;
  server { listen 127.0.0.1:${port}; root ${root}; } }`,
  );
  const child = spawn('nginx', ['-c', conf, '-p', work], { stdio: 'ignore' });
  await waitFor(`http://127.0.0.1:${port}/payload.bin`).catch(() => undefined);
  try {
    await curl([`http://127.0.0.1:${port}/payload.bin`]); // warm the page cache the same way for both
    return await curl([`http://127.0.0.1:${port}/payload.bin`]);
  } finally {
    child.kill();
  }
}

const sha256 = await writePicklePayload(file, size);
const server = await startServer();
try {
  const model = await api(server, 'POST', '/contexts/default/models', { name: 'bench-upload' });
  await api(server, 'POST', `/contexts/default/models/${model.id}/versions`, {});
  const fileUrl = `${server.api}/contexts/default/models/${model.id}/versions/1/formats/pkl/file`;
  const auth = ['-H', `authorization: Bearer ${server.token}`];

  const ideal = await idealUpload(file, work);
  const up = await sampleMemory(server.pid, async () =>
    curl([...auth, '-H', 'content-type: application/octet-stream', '-T', file, '-X', 'PUT', `${fileUrl}?fileName=payload.pkl`]),
  );
  const record = await api(server, 'GET', `/contexts/default/models/${model.id}/versions/1/formats/pkl`);
  if (record.sha256 !== sha256) throw new Error('stored sha256 differs from the file');

  const nginx = await nginxDownload().catch((error) => {
    console.error(`nginx reference skipped: ${error.message}`);
    return undefined;
  });
  await curl([...auth, fileUrl]); // warm
  const down = await sampleMemory(server.pid, async () => curl([...auth, fileUrl]));
  const peak = (await memoryOf(server.pid)).peak;

  console.log(`\n1 GiB transfer benchmark (${sizeMiB} MiB of random bytes, curl on loopback)`);
  console.log(`upload    modelry ${fmt(mb(size, up.seconds))} MB/s   ideal node ${fmt(mb(size, ideal))} MB/s   ratio ${fmt(ideal / up.seconds, 2)}x (target >= 0.8x)`);
  if (nginx !== undefined) {
    console.log(`download  modelry ${fmt(mb(size, down.seconds))} MB/s   nginx      ${fmt(mb(size, nginx))} MB/s   ratio ${fmt(nginx / down.seconds, 2)}x (target >= 0.6x)`);
  } else {
    console.log(`download  modelry ${fmt(mb(size, down.seconds))} MB/s   (no nginx reference)`);
  }
  console.log(`server RSS growth: upload ${fmt(up.growth / 1048576)} MiB, download ${fmt(down.growth / 1048576)} MiB (target < 64 MiB); RSS before the upload ${fmt(up.before / 1048576)} MiB, peak ${fmt(peak / 1048576)} MiB`);
  const chart = await writeBarChart('upload-download', `${sizeMiB} MiB transfer over loopback (MB/s, higher is better)`, 'MB/s', [
    { label: 'upload: Modelry API', value: mb(size, up.seconds), color: MODELRY },
    { label: 'upload: ideal Node stream→fsync', value: mb(size, ideal), color: REFERENCE },
    { label: 'download: Modelry API', value: mb(size, down.seconds), color: MODELRY },
    ...(nginx === undefined ? [] : [{ label: 'download: nginx sendfile', value: mb(size, nginx), color: REFERENCE }]),
  ]);
  console.log(`chart: ${path.relative(REPO_ROOT, chart)}`);
} finally {
  await server.stop();
  await fs.rm(work, { recursive: true, force: true });
}
