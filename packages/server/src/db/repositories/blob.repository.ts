import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

/**
 * Reference counts of content-addressed blobs. An upload claims its blob (count + 1) before it makes the
 * bytes visible, and a delete releases it; the bytes are removed only while holding the row, so a
 * concurrent upload of the same content either sees the blob gone and rewrites it, or keeps it alive.
 */
export class BlobRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async claim(sha256: string, size: number, at: string): Promise<void> {
    await this.db
      .insertInto('blobs')
      .values({ sha256, size, ref_count: 1, created_at: at, claimed_at: at })
      .onConflict((oc) => oc.column('sha256').doUpdateSet((eb) => ({ ref_count: eb('blobs.ref_count', '+', 1), claimed_at: at })))
      .execute();
  }

  async release(sha256: string): Promise<void> {
    await this.db
      .updateTable('blobs')
      .set((eb) => ({ ref_count: eb('ref_count', '-', 1) }))
      .where('sha256', '=', sha256)
      .execute();
  }

  /**
   * Locks the blob's row (an upsert that changes nothing takes the row lock on PostgreSQL; SQLite holds
   * the write lock) and reports whether nothing references it any more.
   */
  async lockIfUnreferenced(sha256: string, at: string): Promise<boolean> {
    return Number((await this.lock(sha256, at)).ref_count) <= 0;
  }

  /**
   * Locks the blob's row, creating it with a count of zero when it does not exist (so that even bytes
   * without a row are deleted under a lock an upload's claim must wait for), and returns it.
   */
  async lock(sha256: string, at: string): Promise<{ ref_count: number; claimed_at: string | null }> {
    return this.db
      .insertInto('blobs')
      .values({ sha256, size: 0, ref_count: 0, created_at: at, claimed_at: null })
      .onConflict((oc) => oc.column('sha256').doUpdateSet((eb) => ({ ref_count: eb.ref('blobs.ref_count') })))
      .returning(['ref_count', 'claimed_at'])
      .executeTakeFirstOrThrow();
  }

  async find(sha256: string): Promise<{ ref_count: number; claimed_at: string | null } | undefined> {
    return this.db.selectFrom('blobs').select(['ref_count', 'claimed_at']).where('sha256', '=', sha256).executeTakeFirst();
  }

  async remove(sha256: string): Promise<void> {
    await this.db.deleteFrom('blobs').where('sha256', '=', sha256).execute();
  }

  async all(): Promise<Array<{ sha256: string; ref_count: number }>> {
    return this.db.selectFrom('blobs').select(['sha256', 'ref_count']).orderBy('sha256').execute();
  }

  async setCount(sha256: string, count: number): Promise<void> {
    await this.db.updateTable('blobs').set({ ref_count: count }).where('sha256', '=', sha256).execute();
  }
}
