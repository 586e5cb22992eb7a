import type { Readable } from 'node:stream';
import type { BlobStore, DownloadLink, StagedBlob, StageOptions } from '../blobs/blob-store.js';
import { nowIso } from '../domain/clock.js';
import type { Repositories, Store } from '../db/repositories/index.js';

/**
 * Keeps the blob store and the database in step. The rules:
 * - bytes are durable under their final name before any row points at them;
 * - an upload claims its blob (reference count + 1) before publishing the bytes, so a concurrent
 *   delete of the same content cannot remove them from under it;
 * - bytes are removed only while holding the blob's row with a count of zero.
 * A crash between two steps leaves at worst an over-counted or unreferenced blob, which `gc` repairs;
 * never a format row pointing at missing bytes.
 */
export class BlobLifecycle {
  constructor(
    private readonly store: Store,
    private readonly blobs: BlobStore,
  ) {}

  stage(source: Readable, options: StageOptions): Promise<StagedBlob> {
    return this.blobs.stage(source, options);
  }

  /**
   * Claims and publishes a staged blob, then runs `attach` (which inserts the referencing row) in a
   * transaction. If `attach` fails, the claim is released and the bytes collected when unreferenced.
   */
  async commit<T>(staged: StagedBlob, attach: (repos: Repositories) => Promise<T>): Promise<T> {
    await this.store.transaction((repos) => repos.blobs.claim(staged.sha256, staged.size, nowIso()));
    try {
      await staged.publish();
      return await this.store.transaction(attach);
    } catch (error) {
      await staged.discard();
      await this.store.transaction((repos) => repos.blobs.release(staged.sha256));
      await this.collect([staged.sha256]);
      throw error;
    }
  }

  /** Removes the bytes of every given blob that nothing references any more. */
  async collect(shas: Iterable<string>): Promise<void> {
    for (const sha256 of new Set(shas)) {
      await this.store.transaction(async (repos) => {
        if (await repos.blobs.lockIfUnreferenced(sha256, nowIso())) {
          await this.blobs.delete(sha256);
          await repos.blobs.remove(sha256);
        }
      });
    }
  }

  read(sha256: string, range?: { start: number; end: number }): Promise<Readable> {
    return this.blobs.read(sha256, range);
  }

  /** A presigned URL to send the client to, when the store is set up to hand downloads off. */
  async downloadLink(sha256: string, link: DownloadLink): Promise<string | undefined> {
    return this.blobs.downloadLink?.(sha256, link);
  }
}
