import type { IncomingMessage } from 'node:http';
import { PassThrough, type Readable } from 'node:stream';

/**
 * The body as a stream that storage may destroy on failure without tearing down the connection: when an
 * upload is refused part-way (a 422 after the first bytes, a checksum or size problem), the socket must stay
 * open long enough for the client to read the refusal instead of a connection reset.
 */
export function detachedBody(raw: IncomingMessage): Readable {
  return raw.pipe(new PassThrough({ highWaterMark: 1 << 20 }));
}

export interface DrainLimits {
  readonly maxBytes: number;
  readonly maxMs: number;
}

export const REFUSED_BODY_DRAIN: DrainLimits = { maxBytes: 256 * 1024 * 1024, maxMs: 10_000 };

/**
 * Reads and discards what is left of a request body, up to a bound, so the response to a refused upload
 * reaches the client (closing a socket with unread data makes the kernel send a reset, which can destroy
 * the response in flight). Resolves true when the body ended within the bound.
 */
export function drainUnreadBody(raw: IncomingMessage, limits: DrainLimits = REFUSED_BODY_DRAIN): Promise<boolean> {
  if (raw.complete || raw.destroyed) return Promise.resolve(raw.complete);
  // A body declared larger than the bound is not worth reading: answer and close at once.
  if (Number(raw.headers['content-length'] ?? 0) > limits.maxBytes) return Promise.resolve(false);
  return new Promise((resolve) => {
    let seen = 0;
    const finish = (drained: boolean): void => {
      clearTimeout(timer);
      raw.off('data', count);
      raw.off('end', ended);
      raw.off('close', closed);
      if (!drained) raw.pause();
      resolve(drained);
    };
    const count = (chunk: Buffer): void => {
      seen += chunk.length;
      if (seen > limits.maxBytes) finish(false);
    };
    const ended = (): void => finish(true);
    const closed = (): void => finish(raw.complete);
    const timer = setTimeout(() => finish(false), limits.maxMs);
    raw.unpipe();
    raw.on('data', count);
    raw.once('end', ended);
    raw.once('close', closed);
    raw.resume();
  });
}
