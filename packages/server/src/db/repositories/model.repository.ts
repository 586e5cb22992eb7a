import { sql, type ExpressionBuilder, type Kysely, type Selectable, type SelectQueryBuilder } from 'kysely';
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

type Filter = { readonly kind: 'term'; readonly word: string } | { readonly kind: 'tag'; readonly tagKey: string };

/**
 * Below this many matches a filter is "rare": its ids are listed from the index rather than probed per row.
 * With several filters the page is sparser along the sort index (their intersection is smaller than each),
 * so listing the rarest one pays off sooner. Measured at 100,000 models (bench/metadata.mjs).
 */
const RARE_FILTER = { alone: 3000, combined: 10000 } as const;

/** Sorts after every string that starts with a given prefix, so [prefix, prefix + PREFIX_END) is a prefix range. */
const PREFIX_END = '\u{10ffff}';

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

  /**
   * One page of a context's models, filtered by search words and a tag, in keyset order.
   * Each filter is applied in the cheaper of two shapes, chosen by how many models it matches (counted up
   * to a cap through the index): the rarest filter, when rare, as an `IN` list built from the index (a few
   * rows to look up); every other filter as an `EXISTS` probe on the primary key while the sort index is
   * walked, which stops as soon as the page is full. Materializing a list of tens of thousands of ids for a
   * common word, or probing every model for a rare one, are what this avoids.
   */
  async list(query: ModelListQuery): Promise<ModelRow[]> {
    const column = SORT_COLUMN[query.sort];
    const direction = query.order;
    const filters: Filter[] = [
      ...query.words.map((word): Filter => ({ kind: 'term', word })),
      ...(query.tagKey === undefined ? [] : [{ kind: 'tag', tagKey: query.tagKey } as const]),
    ];
    const rare = filters.length > 1 ? RARE_FILTER.combined : RARE_FILTER.alone;
    const counted = [];
    for (const filter of filters) counted.push({ filter, matches: await this.countMatches(query.contextId, filter, rare) });
    counted.sort((a, b) => a.matches - b.matches);
    if (counted[0]?.matches === 0) return [];
    let select = this.db.selectFrom('models').selectAll().where('context_id', '=', query.contextId);
    for (const [index, { filter, matches }] of counted.entries()) {
      select =
        index === 0 && matches < rare
          ? select.where('id', 'in', this.matchingIds(query.contextId, filter))
          : select.where((eb) => eb.exists(probe(eb, filter)));
    }
    if (query.after !== undefined) {
      const { key, id } = query.after;
      const beyond = direction === 'asc' ? '>' : '<';
      select = select.where((eb) => eb.or([eb(column, beyond, key), eb.and([eb(column, '=', key), eb('id', beyond, id)])]));
    }
    return select.orderBy(column, direction).orderBy('id', direction).limit(query.limit).execute();
  }

  /** How many models a filter matches, counted through its index and capped (only "few or many" matters). */
  private async countMatches(contextId: string, filter: Filter, cap: number): Promise<number> {
    const row = await this.db
      .selectFrom(this.matchingIds(contextId, filter, cap).as('matches'))
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** The ids of the models a filter matches, read from its index (at most `cap` of them when given). */
  private matchingIds(contextId: string, filter: Filter, cap?: number): SelectQueryBuilder<Database, 'model_terms' | 'model_tags', { model_id: string }> {
    if (filter.kind === 'tag') {
      const ids = this.db.selectFrom('model_tags').select('model_id').where('context_id', '=', contextId).where('tag_key', '=', filter.tagKey);
      return cap === undefined ? ids : ids.limit(cap);
    }
    const ids = this.db
      .selectFrom('model_terms')
      .select('model_id')
      .where('context_id', '=', contextId)
      .where('term', '>=', filter.word)
      .where('term', '<', `${filter.word}${PREFIX_END}`);
    return cap === undefined ? ids : ids.limit(cap);
  }

  sortKeyOf(row: ModelRow, sort: ModelSort): string {
    return row[SORT_COLUMN[sort]];
  }
}

/** A correlated probe of a filter for the model row in hand, answered from the filter table's primary key. */
function probe(eb: ExpressionBuilder<Database, 'models'>, filter: Filter) {
  if (filter.kind === 'tag') {
    return eb
      .selectFrom('model_tags as g')
      .select(sql.lit(1).as('hit'))
      .whereRef('g.model_id', '=', 'models.id')
      .where('g.tag_key', '=', filter.tagKey);
  }
  return eb
    .selectFrom('model_terms as t')
    .select(sql.lit(1).as('hit'))
    .whereRef('t.model_id', '=', 'models.id')
    .where('t.term', '>=', filter.word)
    .where('t.term', '<', `${filter.word}${PREFIX_END}`);
}
