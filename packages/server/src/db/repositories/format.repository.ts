import type { Kysely, Selectable } from 'kysely';
import type { Database, FormatTable } from '../schema.js';

export type FormatRow = Selectable<FormatTable>;

export interface UploadedFile {
  readonly file_name: string;
  readonly size: number;
  readonly sha256: string;
  readonly uploaded_at: string;
  readonly uploaded_by: string;
  readonly inspection: string | null;
}

/** The one file with format queries. */
export class FormatRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(row: FormatRow): Promise<void> {
    await this.db.insertInto('formats').values(row).execute();
  }

  async find(versionId: string, format: string): Promise<FormatRow | undefined> {
    return this.db
      .selectFrom('formats')
      .selectAll()
      .where('version_id', '=', versionId)
      .where('format', '=', format)
      .executeTakeFirst();
  }

  /** Formats of many versions in one query (lists of versions never ask once per version). */
  async listForVersions(versionIds: readonly string[]): Promise<FormatRow[]> {
    if (versionIds.length === 0) return [];
    return this.db
      .selectFrom('formats')
      .selectAll()
      .where('version_id', 'in', versionIds)
      .orderBy('version_id')
      .orderBy('format')
      .execute();
  }

  async listForModel(modelId: string): Promise<FormatRow[]> {
    return this.db.selectFrom('formats').selectAll().where('model_id', '=', modelId).execute();
  }

  async attachFile(id: string, file: UploadedFile): Promise<void> {
    await this.db.updateTable('formats').set(file).where('id', '=', id).execute();
  }

  async setInspection(id: string, inspection: string): Promise<void> {
    await this.db.updateTable('formats').set({ inspection }).where('id', '=', id).execute();
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('formats').where('id', '=', id).execute();
  }

  /** How many format rows point at one blob (read inside the transaction that holds the blob's row). */
  async countReferences(sha256: string): Promise<number> {
    const row = await this.db
      .selectFrom('formats')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('sha256', '=', sha256)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** How many format rows point at each blob (garbage collection recounts from the truth). */
  async referenceCounts(): Promise<Map<string, number>> {
    const rows = await this.db
      .selectFrom('formats')
      .select(['sha256', (eb) => eb.fn.countAll<number>().as('n')])
      .where('sha256', 'is not', null)
      .groupBy('sha256')
      .execute();
    return new Map(rows.flatMap((row) => (row.sha256 === null ? [] : [[row.sha256, Number(row.n)] as const])));
  }
}
