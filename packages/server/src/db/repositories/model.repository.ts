import type { Kysely, Selectable } from 'kysely';
import type { Database, ModelTable } from '../schema.js';

export type ModelRow = Selectable<ModelTable>;

export type ModelSort = 'name' | 'createdAt' | 'updatedAt';

const SORT_COLUMN = { name: 'name_key', createdAt: 'created_at', updatedAt: 'updated_at' } as const;

export interface ModelListQuery {
  readonly contextId: string;
  /** Each word must prefix-match one of the model's search terms. */
  readonly words: readonly string[];
  readonly tagKey: string | undefined;
  readonly sort: ModelSort;
  readonly order: 'asc' | 'desc';
  readonly limit: number;
  readonly after: { key: string; id: string } | undefined;
}

export interface ModelIndexEntries {
  readonly tagKeys: readonly string[];
  readonly terms: readonly string[];
}

/** The one file with model queries: rows, their tag index and their search terms. */
export class ModelRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(row: ModelRow, index: ModelIndexEntries): Promise<void> {
    await this.db.insertInto('models').values(row).execute();
    await this.writeIndex(row.id, row.context_id, index);
  }

  async find(contextId: string, id: string): Promise<ModelRow | undefined> {
    return this.db
      .selectFrom('models')
      .selectAll()
      .where('id', '=', id)
      .where('context_id', '=', contextId)
      .executeTakeFirst();
  }

  async update(row: ModelRow, index: ModelIndexEntries | undefined): Promise<void> {
    const { id, context_id: _contextId, ...changes } = row;
    await this.db.updateTable('models').set(changes).where('id', '=', id).execute();
    if (index !== undefined) {
      await this.db.deleteFrom('model_tags').where('model_id', '=', id).execute();
      await this.db.deleteFrom('model_terms').where('model_id', '=', id).execute();
      await this.writeIndex(id, row.context_id, index);
    }
  }

  private async writeIndex(modelId: string, contextId: string, index: ModelIndexEntries): Promise<void> {
    if (index.tagKeys.length > 0) {
      await this.db
        .insertInto('model_tags')
        .values(index.tagKeys.map((tagKey) => ({ model_id: modelId, context_id: contextId, tag_key: tagKey })))
        .execute();
    }
    // Chunked so that a long description stays under SQLite's bound-parameter limit.
    for (let start = 0; start < index.terms.length; start += 250) {
      const terms = index.terms.slice(start, start + 250);
      await this.db
        .insertInto('model_terms')
        .values(terms.map((term) => ({ model_id: modelId, context_id: contextId, term })))
        .execute();
    }
  }

  /** Bumps updated_at after a change below the model (a version, a format). */
  async touch(id: string, at: string, by: string): Promise<void> {
    await this.db.updateTable('models').set({ updated_at: at, updated_by: by }).where('id', '=', id).execute();
  }

  /**
   * Reserves the next version number if the live-version cap allows it, in one conditional UPDATE, so
   * concurrent creators can neither share a number nor overshoot the cap. Undefined when the cap is hit.
   */
  async reserveVersionNumber(id: string, maxLive: number, at: string, by: string): Promise<number | undefined> {
    const row = await this.db
      .updateTable('models')
      .set((eb) => ({
        next_version: eb('next_version', '+', 1),
        version_count: eb('version_count', '+', 1),
        latest_version: eb.ref('next_version'),
        updated_at: at,
        updated_by: by,
      }))
      .where('id', '=', id)
      .where('version_count', '<', maxLive)
      .returning('latest_version')
      .executeTakeFirst();
    return row?.latest_version ?? undefined;
  }

  /** After a version is deleted: one fewer live, and the latest number is whatever remains highest. */
  async recountVersions(id: string, at: string, by: string): Promise<void> {
    // Lock the model row first, in its own statement: on PostgreSQL (READ COMMITTED) the recount below
    // then reads a snapshot taken after any concurrent version creation on this model has committed,
    // instead of one taken before it (which would undercount and let the cap be overshot).
    await this.db.updateTable('models').set((eb) => ({ version_count: eb.ref('version_count') })).where('id', '=', id).execute();
    await this.db
      .updateTable('models')
      .set((eb) => ({
        version_count: eb.selectFrom('versions').select((v) => v.fn.countAll<number>().as('n')).where('model_id', '=', id),
        latest_version: eb.selectFrom('versions').select((v) => v.fn.max('number').as('m')).where('model_id', '=', id),
        updated_at: at,
        updated_by: by,
      }))
      .where('id', '=', id)
      .execute();
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('models').where('id', '=', id).execute();
  }

  async list(query: ModelListQuery): Promise<ModelRow[]> {
    const column = SORT_COLUMN[query.sort];
    const direction = query.order;
    let select = this.db.selectFrom('models').selectAll().where('context_id', '=', query.contextId);
    for (const word of query.words) {
      select = select.where('id', 'in', (eb) =>
        eb
          .selectFrom('model_terms')
          .select('model_id')
          .where('context_id', '=', query.contextId)
          .where('term', '>=', word)
          .where('term', '<', `${word}\u{10ffff}`),
      );
    }
    if (query.tagKey !== undefined) {
      const tagKey = query.tagKey;
      select = select.where('id', 'in', (eb) =>
        eb.selectFrom('model_tags').select('model_id').where('context_id', '=', query.contextId).where('tag_key', '=', tagKey),
      );
    }
    if (query.after !== undefined) {
      const { key, id } = query.after;
      const beyond = direction === 'asc' ? '>' : '<';
      select = select.where((eb) => eb.or([eb(column, beyond, key), eb.and([eb(column, '=', key), eb('id', beyond, id)])]));
    }
    return select.orderBy(column, direction).orderBy('id', direction).limit(query.limit).execute();
  }

  sortKeyOf(row: ModelRow, sort: ModelSort): string {
    return row[SORT_COLUMN[sort]];
  }
}
