import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ChecksumMismatchError } from '../errors.js';
import type { FormatDownload } from './download.js';

export interface SavedFile {
  readonly path: string;
  readonly size: number;
  readonly sha256: string;
}

/**
 * Streams a download to `destination` safely: into a temp file in the same directory, fsynced, its sha256 checked
 * against the one the server announced, then renamed over the destination. A failure leaves nothing behind.
 */
export async function saveDownload(download: FormatDownload, destination: string): Promise<SavedFile> {
  const directory = path.dirname(path.resolve(destination));
  const temp = path.join(directory, `.${path.basename(destination)}.${randomBytes(6).toString('hex')}.part`);
  try {
    const hash = createHash('sha256');
    let size = 0;
    const tap = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        hash.update(chunk);
        size += chunk.byteLength;
        callback(null, chunk);
      },
    });
    // `flush` fsyncs before the stream closes, so the bytes are on disk before the rename makes them visible.
    await pipeline(Readable.fromWeb(download.body as never), tap, createWriteStream(temp, { flags: 'wx', mode: 0o644, flush: true }));
    const sha256 = hash.digest('hex');
    if (download.sha256 !== undefined && download.sha256 !== sha256) throw new ChecksumMismatchError(download.sha256, sha256);
    await rename(temp, destination);
    return { path: destination, size, sha256 };
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
