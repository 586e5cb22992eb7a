import { randomUUID } from 'node:crypto';
import { nowIso } from '../domain/clock.js';
import { decodeCursor, encodeCursor, type Page } from '../domain/cursor.js';
import { Conflict, NotFound } from '../domain/errors.js';
import { nameKey, normalizeName } from '../domain/names.js';
import type { Principal } from '../domain/principal.js';
import { queryWords, searchTermsOf } from '../domain/search-terms.js';
import { normalizeTags, tagKey } from '../domain/tags.js';
import { requireDescription } from '../domain/text.js';
import { isUniqueViolation } from '../db/errors.js';
import type { Store } from '../db/repositories/index.js';
import type { ModelIndexEntries, ModelRow, ModelSort } from '../db/repositories/model.repository.js';
import type { AccessService } from './access.service.js';
import type { BlobLifecycle } from './blob-lifecycle.js';

export interface ModelInput {
  readonly name: string;
  readonly description?: string | undefined;
  readonly tags?: readonly string[] | string | undefined;
}

export interface ModelPatch {
  readonly name?: string | undefined;
  readonly description?: string | undefined;
  readonly tags?: readonly string[] | string | undefined;
}

export interface ModelListOptions {
  readonly q?: string | undefined;
  readonly tag?: string | undefined;
  readonly sort: ModelSort;
  readonly order: 'asc' | 'desc';
  readonly limit: number;
  readonly cursor?: string | undefined;
}

function indexEntries(row: Pick<ModelRow, 'name' | 'description' | 'tags'>): ModelIndexEntries {
  const tags = JSON.parse(row.tags) as string[];
  return { tagKeys: tags.map(tagKey), terms: searchTermsOf({ name: row.name, description: row.description, tags }) };
}

function duplicateName(name: string): Conflict {
  return new Conflict(`a model named "${name}" already exists in this context (names are unique, ignoring case)`, {
    field: 'name',
  });
}

export class ModelService {
  constructor(
    private readonly store: Store,
    private readonly access: AccessService,
    private readonly blobs: BlobLifecycle,
  ) {}

  async list(principal: Principal, contextRef: string, options: ModelListOptions): Promise<Page<ModelRow>> {
    const { context } = await this.access.require(principal, contextRef, 'model:view');
    const sortName = `${options.sort}:${options.order}`;
    const after = options.cursor === undefined ? undefined : decodeCursor(options.cursor, sortName);
    const rows = await this.store.read.models.list({
      contextId: context.id,
      words: queryWords(options.q ?? ''),
      tagKey: options.tag === undefined || options.tag.trim() === '' ? undefined : tagKey(options.tag),
      sort: options.sort,
      order: options.order,
      limit: options.limit + 1,
      after: after === undefined ? undefined : { key: String(after.key), id: after.id },
    });
    const items = rows.slice(0, options.limit);
    const last = items.at(-1);
    const nextCursor =
      rows.length > options.limit && last !== undefined
        ? encodeCursor({ sort: sortName, key: this.store.read.models.sortKeyOf(last, options.sort), id: last.id })
        : null;
    return { items, nextCursor };
  }

  async get(principal: Principal, contextRef: string, modelId: string): Promise<ModelRow> {
    const { context } = await this.access.require(principal, contextRef, 'model:view');
    return this.findOrThrow(context.id, modelId);
  }

  async create(principal: Principal, contextRef: string, input: ModelInput): Promise<ModelRow> {
    const { context } = await this.access.require(principal, contextRef, 'model:create');
    const now = nowIso();
    const name = normalizeName('name', input.name);
    const row: ModelRow = {
      id: randomUUID(),
      context_id: context.id,
      name,
      name_key: nameKey(name),
      description: requireDescription('description', input.description ?? ''),
      tags: JSON.stringify(normalizeTags('tags', input.tags ?? [])),
      created_at: now,
      created_by: principal.username,
      updated_at: now,
      updated_by: principal.username,
      next_version: 1,
      version_count: 0,
      latest_version: null,
    };
    try {
      await this.store.transaction((repos) => repos.models.insert(row, indexEntries(row)));
    } catch (error) {
      if (isUniqueViolation(error)) throw duplicateName(name);
      throw error;
    }
    return row;
  }

  async update(principal: Principal, contextRef: string, modelId: string, patch: ModelPatch): Promise<ModelRow> {
    const { context } = await this.access.require(principal, contextRef, 'model:edit');
    const current = await this.findOrThrow(context.id, modelId);
    const name = patch.name === undefined ? current.name : normalizeName('name', patch.name);
    const next: ModelRow = {
      ...current,
      name,
      name_key: nameKey(name),
      description: patch.description === undefined ? current.description : requireDescription('description', patch.description),
      tags: patch.tags === undefined ? current.tags : JSON.stringify(normalizeTags('tags', patch.tags)),
      updated_at: nowIso(),
      updated_by: principal.username,
    };
    const searchable = next.name !== current.name || next.description !== current.description || next.tags !== current.tags;
    try {
      await this.store.transaction((repos) => repos.models.update(next, searchable ? indexEntries(next) : undefined));
    } catch (error) {
      if (isUniqueViolation(error)) throw duplicateName(name);
      throw error;
    }
    return next;
  }

  /** Deletes the model, its versions and formats, and frees every file nothing else references. */
  async delete(principal: Principal, contextRef: string, modelId: string): Promise<void> {
    const { context } = await this.access.require(principal, contextRef, 'model:delete');
    const released = await this.store.transaction(async (repos) => {
      const model = await repos.models.find(context.id, modelId);
      if (model === undefined) throw new NotFound(`model ${modelId} not found`);
      const formats = await repos.formats.listForModel(model.id);
      const shas = formats.flatMap((format) => (format.sha256 === null ? [] : [format.sha256]));
      for (const sha256 of shas) await repos.blobs.release(sha256);
      await repos.models.delete(model.id);
      return shas;
    });
    await this.blobs.collect(released);
  }

  private async findOrThrow(contextId: string, modelId: string): Promise<ModelRow> {
    const model = await this.store.read.models.find(contextId, modelId);
    if (model === undefined) throw new NotFound(`model ${modelId} not found`);
    return model;
  }
}
