import { createHash, randomBytes, type Hash } from 'node:crypto';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { ChecksumMismatchError } from '../errors.js';

export interface SavedFile {
  readonly path: string;
  readonly size: number;
  readonly sha256: string;
}

/** Bytes gathered before one write: large writes keep syscalls and thread-pool round trips few. */
const WRITE_AT = 1024 * 1024;
/** Bytes that may wait while a write is in flight before the producer is asked to pause. */
const HIGH_WATER = 4 * 1024 * 1024;
/** writev takes at most IOV_MAX (1024 on Linux) buffers per call. */
const MAX_BUFFERS = 512;

/**
 * Writes a download to a temp file beside `destination` and makes it appear there only when it is complete:
 * chunks are hashed as they arrive and gathered into large `writev` calls (one in flight while the next gathers),
 * the file is fsynced once at the end, its sha256 checked against the announced one, then renamed over the
 * destination. `discard()` leaves nothing behind.
 *
 * Why not `pipeline(…, createWriteStream())`: a write stream writes each 64 KiB socket chunk on its own, and the
 * extra stream stages cost more than the hashing; this keeps the download close to curl's speed.
 */
export class VerifiedFileSink {
  private readonly hash: Hash = createHash('sha256');
  private size = 0;
  private queue: Uint8Array[] = [];
  private queued = 0;
  private writing: Promise<void> | undefined;
  private failure: unknown;
  private drainWaiters: Array<() => void> = [];

  private constructor(
    private readonly file: FileHandle,
    private readonly temp: string,
    private readonly destination: string,
  ) {}

  static async open(destination: string): Promise<VerifiedFileSink> {
    const target = path.resolve(destination);
    const temp = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.part`);
    const file = await open(temp, 'wx', 0o644);
    return new VerifiedFileSink(file, temp, destination);
  }

  /** Bytes received so far. */
  get received(): number {
    return this.size;
  }

  /** Takes a chunk (kept, not copied: do not reuse it). Returns false when the producer should wait for `drained()`. */
  write(chunk: Uint8Array): boolean {
    if (this.failure !== undefined) throw this.failure;
    this.hash.update(chunk);
    this.size += chunk.byteLength;
    this.queue.push(chunk);
    this.queued += chunk.byteLength;
    if (this.writing === undefined && (this.queued >= WRITE_AT || this.queue.length >= MAX_BUFFERS)) this.flush();
    return this.queued < HIGH_WATER;
  }

  /** Resolves when the queue is below the high-water mark again (or a write failed: the next write throws). */
  drained(): Promise<void> {
    if (this.queued < HIGH_WATER || this.failure !== undefined) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  /** Writes what is left, fsyncs, checks the sha256 (when one was announced) and renames into place. */
  async commit(expectedSha256?: string): Promise<SavedFile> {
    while (this.writing !== undefined || this.queue.length > 0) {
      if (this.failure !== undefined) throw this.failure;
      if (this.writing === undefined) this.flush();
      await this.writing;
    }
    if (this.failure !== undefined) throw this.failure;
    // One fsync, before the rename makes the file visible under its name.
    await this.file.sync();
    await this.file.close();
    const sha256 = this.hash.digest('hex');
    if (expectedSha256 !== undefined && expectedSha256 !== sha256) throw new ChecksumMismatchError(expectedSha256, sha256);
    await rename(this.temp, this.destination);
    return { path: this.destination, size: this.size, sha256 };
  }

  /** Closes and removes the temp file (after any failure). Safe to call more than once. */
  async discard(): Promise<void> {
    this.failure ??= new Error('the download was discarded');
    await this.writing?.catch(() => undefined);
    await this.file.close().catch(() => undefined);
    await rm(this.temp, { force: true });
    this.wakeDrainWaiters();
  }

  private flush(): void {
    const batch = this.queue;
    this.queue = [];
    this.queued = 0;
    this.wakeDrainWaiters();
    this.writing = writeFully(this.file, batch).then(
      () => {
        this.writing = undefined;
        if (this.queued >= WRITE_AT || this.queue.length >= MAX_BUFFERS) this.flush();
      },
      (error: unknown) => {
        this.writing = undefined;
        this.failure = error;
        this.wakeDrainWaiters();
      },
    );
  }

  private wakeDrainWaiters(): void {
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    for (const wake of waiters) wake();
  }
}

/** writev may write less than asked (a full disk, a signal): continue from where it stopped. */
async function writeFully(file: FileHandle, buffers: Uint8Array[]): Promise<void> {
  let pending = buffers;
  while (pending.length > 0) {
    const total = pending.reduce((sum, b) => sum + b.byteLength, 0);
    const { bytesWritten } = await file.writev(pending);
    if (bytesWritten === total) return;
    if (bytesWritten === 0) throw new Error('the disk accepted no bytes (is it full?)');
    pending = rest(pending, bytesWritten);
  }
}

function rest(buffers: Uint8Array[], written: number): Uint8Array[] {
  let skip = written;
  const remaining: Uint8Array[] = [];
  for (const buffer of buffers) {
    if (skip >= buffer.byteLength) {
      skip -= buffer.byteLength;
      continue;
    }
    remaining.push(skip > 0 ? buffer.subarray(skip) : buffer);
    skip = 0;
  }
  return remaining;
}
