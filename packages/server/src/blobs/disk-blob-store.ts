import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { NotFound } from '../domain/errors.js';
import { isSha256, type BlobStore, type ByteRange, type StagedBlob, type StageOptions } from './blob-store.js';
import { HashingCounter } from './hashing-counter.js';

const CHUNK = 1 << 20;

/**
 * Blobs on a local filesystem: `<root>/objects/ab/cd/<sha256>`. Staging files live in `<root>/staging`
 * on the same filesystem so that publishing is an atomic rename after an fsync of the bytes.
 */
export class DiskBlobStore implements BlobStore {
  readonly kind = 'disk';
  private readonly objects: string;
  private readonly staging: string;

  constructor(root: string) {
    this.objects = path.join(root, 'objects');
    this.staging = path.join(root, 'staging');
    fs.mkdirSync(this.objects, { recursive: true });
    fs.mkdirSync(this.staging, { recursive: true });
  }

  private pathOf(sha256: string): string {
    // The name is our own hex digest, never a client's file name; check anyway, it is cheap.
    if (!isSha256(sha256)) throw new Error(`not a sha256 digest: ${sha256.slice(0, 80)}`);
    return path.join(this.objects, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  async stage(source: Readable, options: StageOptions): Promise<StagedBlob> {
    const tempPath = path.join(this.staging, `${randomUUID()}.part`);
    const counter = new HashingCounter(options.maxBytes, options.observe);
    const file = fs.createWriteStream(tempPath, { flags: 'wx', highWaterMark: CHUNK });
    try {
      await pipeline(source, counter, file, { signal: options.signal });
      await fsyncFile(tempPath);
    } catch (error) {
      await fsp.rm(tempPath, { force: true });
      throw error;
    }
    const sha256 = counter.digest();
    return {
      sha256,
      size: counter.size,
      publish: () => this.publish(tempPath, sha256),
      discard: () => fsp.rm(tempPath, { force: true }),
    };
  }

  private async publish(tempPath: string, sha256: string): Promise<void> {
    const finalPath = this.pathOf(sha256);
    await fsp.mkdir(path.dirname(finalPath), { recursive: true });
    // rename() replaces an existing identical blob atomically; the directory fsync makes the new name durable.
    await fsp.rename(tempPath, finalPath);
    await fsyncDirectory(path.dirname(finalPath));
  }

  async read(sha256: string, range?: ByteRange): Promise<Readable> {
    const filePath = this.pathOf(sha256);
    const handle = await fsp.open(filePath, 'r').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') throw new NotFound(`blob ${sha256} is missing from the store`);
      throw error;
    });
    return handle.createReadStream({ start: range?.start, end: range?.end, highWaterMark: CHUNK });
  }

  async exists(sha256: string): Promise<boolean> {
    return fsp.access(this.pathOf(sha256)).then(
      () => true,
      () => false,
    );
  }

  async delete(sha256: string): Promise<void> {
    await fsp.rm(this.pathOf(sha256), { force: true });
  }

  async *list(): AsyncIterable<string> {
    for (const first of await readdirOrEmpty(this.objects)) {
      for (const second of await readdirOrEmpty(path.join(this.objects, first))) {
        for (const name of await readdirOrEmpty(path.join(this.objects, first, second))) {
          if (isSha256(name)) yield name;
        }
      }
    }
  }

  async sweepStaging(olderThanMs: number): Promise<number> {
    let removed = 0;
    for (const name of await readdirOrEmpty(this.staging)) {
      const file = path.join(this.staging, name);
      const stat = await fsp.stat(file).catch(() => undefined);
      if (stat !== undefined && Date.now() - stat.mtimeMs > olderThanMs) {
        await fsp.rm(file, { force: true });
        removed++;
      }
    }
    return removed;
  }

  async check(): Promise<void> {
    const probe = path.join(this.staging, `health-${randomUUID()}`);
    await fsp.writeFile(probe, 'ok');
    await fsp.rm(probe, { force: true });
  }
}

async function fsyncFile(file: string): Promise<void> {
  const handle = await fsp.open(file, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function fsyncDirectory(dir: string): Promise<void> {
  const handle = await fsp.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function readdirOrEmpty(dir: string): Promise<string[]> {
  return fsp.readdir(dir).catch(() => []);
}
