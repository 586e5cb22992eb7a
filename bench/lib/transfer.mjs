// Pieces every transfer benchmark shares: a valid large pickle to send, curl timing, and the
// reference uploader from ../shared/bench run side by side with Modelry.
import { execFile, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT, freePort } from './server.mjs';

/**
 * Writes a valid protocol-4 pickle of one large bytes object (PROTO 4, BINBYTES8 <len>, payload, STOP) of
 * exactly `size` bytes, so it passes format inspection like a real model file. The payload is random (not
 * zeros) so that no layer can compress or deduplicate its way to a better figure. Returns its sha256.
 */
export async function writePicklePayload(file, size) {
  const payload = size - 12;
  const header = Buffer.alloc(11);
  header.set([0x80, 0x04, 0x8e]);
  header.writeBigUInt64LE(BigInt(payload), 3);
  const block = randomBytes(8 * 1024 * 1024);
  const out = createWriteStream(file);
  const hash = createHash('sha256');
  const write = async (chunk) => {
    hash.update(chunk);
    if (!out.write(chunk)) await new Promise((resolve) => out.once('drain', resolve));
  };
  await write(header);
  for (let written = 0; written < payload; written += block.length) await write(block.subarray(0, Math.min(block.length, payload - written)));
  await write(Buffer.from('.'));
  await new Promise((resolve) => out.end(resolve));
  return hash.digest('hex');
}

/** Runs curl (asynchronously, so samplers keep running) and returns curl's own total time in seconds. */
export async function curl(args) {
  const { stdout } = await promisify(execFile)('curl', ['-sS', '--fail-with-body', '-o', '/dev/null', '-w', '%{time_total}', ...args]);
  return Number(stdout);
}

export async function waitForPort(port) {
  for (let i = 0; i < 100; i++) {
    const open = await new Promise((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => resolve(socket.end() && true)).on('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`nothing listens on ${port}`);
}

/** Seconds to upload `file` with curl to ../shared/bench/ideal-upload-server.cjs (stream → sha256 → file → fsync). */
export async function idealUpload(file, workDir) {
  const port = await freePort();
  const dir = path.join(workDir, 'ideal');
  await fs.mkdir(dir, { recursive: true });
  const child = spawn(process.execPath, [path.resolve(REPO_ROOT, '../shared/bench/ideal-upload-server.cjs'), String(port), dir], { stdio: 'ignore' });
  await waitForPort(port);
  try {
    return await curl(['-T', file, `http://127.0.0.1:${port}/`]);
  } finally {
    child.kill();
    await fs.rm(dir, { recursive: true, force: true });
  }
}
