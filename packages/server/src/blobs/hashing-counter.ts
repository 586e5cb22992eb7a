import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { TooLarge } from '../domain/errors.js';

/**
 * A pass-through stream that hashes and counts what flows through it, refuses to pass more than
 * `maxBytes`, and lets an observer (a format inspector) see every chunk, awaiting it when it asks.
 */
export class HashingCounter extends Transform {
  private readonly hash: Hash = createHash('sha256');
  private count = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly observe?: (chunk: Buffer) => void | Promise<void>,
  ) {
    super({ highWaterMark: 1 << 20 });
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.count += chunk.length;
    if (this.count > this.maxBytes) {
      callback(new TooLarge(`the file is larger than the limit of ${this.maxBytes} bytes`, { limit: this.maxBytes }));
      return;
    }
    this.hash.update(chunk);
    let pending: void | Promise<void>;
    try {
      pending = this.observe?.(chunk);
    } catch (error) {
      callback(error as Error);
      return;
    }
    if (pending === undefined) callback(null, chunk);
    else pending.then(() => callback(null, chunk), (error: unknown) => callback(error as Error));
  }

  get size(): number {
    return this.count;
  }

  digest(): string {
    return this.hash.digest('hex');
  }
}
