import type { Kysely, Selectable, Updateable } from 'kysely';
import { dialectOf } from '../dialect.js';
import type { Database, VersionTable } from '../schema.js';

export type VersionRow = Selectable<VersionTable>;
export type VersionChanges = Omit<Updateable<VersionTable>, 'id' | 'model_id' | 'number' | 'format_count'>;

/** The one file with version queries. */
export class VersionRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(row: VersionRow): Promise<void> {
    await this.db.insertInto('versions').values(row).execute();
  }

  /**
   * Inside a transaction on PostgreSQL the row is locked (FOR UPDATE), so that a publish, an upload's
   * commit, a format delete and a version delete on one version run one after the other across replicas:
   * whichever comes second sees the first one's result (READ COMMITTED alone would let an upload check
   * "not published" and commit after a publish). SQLite runs one write transaction at a time anyway.
   */
  async find(modelId: string, number: number): Promise<VersionRow | undefined> {
    const select = this.db.selectFrom('versions').selectAll().where('model_id', '=', modelId).where('number', '=', number);
    const lock = this.db.isTransaction && dialectOf(this.db) === 'postgres';
    return (lock ? select.forUpdate() : select).executeTakeFirst();
  }

  async list(modelId: string, order: 'asc' | 'desc', limit: number, afterNumber: number | undefined): Promise<VersionRow[]> {
    let select = this.db.selectFrom('versions').selectAll().where('model_id', '=', modelId);
    if (afterNumber !== undefined) select = select.where('number', order === 'asc' ? '>' : '<', afterNumber);
    return select.orderBy('number', order).limit(limit).execute();
  }

  /**
   * Changes an unpublished version. The `published_at is null` guard makes publish and edit race-free:
   * whichever commits second sees the other's result. Returns false when the version is (now) published.
   */
  async updateUnpublished(id: string, changes: VersionChanges): Promise<boolean> {
    const result = await this.db
      .updateTable('versions')
      .set(changes)
      .where('id', '=', id)
      .where('published_at', 'is', null)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /** Claims a format slot under the cap, on an unpublished version only. */
  async reserveFormatSlot(id: string, maxFormats: number, at: string, by: string): Promise<'ok' | 'published' | 'full'> {
    const result = await this.db
      .updateTable('versions')
      .set((eb) => ({ format_count: eb('format_count', '+', 1), updated_at: at, updated_by: by }))
      .where('id', '=', id)
      .where('published_at', 'is', null)
      .where('format_count', '<', maxFormats)
      .executeTakeFirst();
    if (result.numUpdatedRows > 0n) return 'ok';
    const row = await this.db.selectFrom('versions').select('published_at').where('id', '=', id).executeTakeFirst();
    return row?.published_at != null ? 'published' : 'full';
  }

  async releaseFormatSlot(id: string): Promise<void> {
    await this.db
      .updateTable('versions')
      .set((eb) => ({ format_count: eb('format_count', '-', 1) }))
      .where('id', '=', id)
      .execute();
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('versions').where('id', '=', id).execute();
  }
}
