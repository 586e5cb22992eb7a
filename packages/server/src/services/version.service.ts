import { randomUUID } from 'node:crypto';
import { nowIso } from '../domain/clock.js';
import { Immutable, LimitExceeded, NotFound } from '../domain/errors.js';
import { normalizeName } from '../domain/names.js';
import type { Principal } from '../domain/principal.js';
import { normalizeTags } from '../domain/tags.js';
import { requireDescription } from '../domain/text.js';
import {
  MAX_CONFIG_BYTES,
  requireHyperparameters,
  requireJsonDocument,
  requireRecords,
  type DatasetRecord,
} from '../domain/version-content.js';
import type { FormatRow } from '../db/repositories/format.repository.js';
import type { Repositories, Store } from '../db/repositories/index.js';
import type { ModelRow } from '../db/repositories/model.repository.js';
import type { VersionChanges, VersionRow } from '../db/repositories/version.repository.js';
import type { AccessService } from './access.service.js';
import type { BlobLifecycle } from './blob-lifecycle.js';

export interface VersionInput {
  readonly name?: string | undefined;
  readonly description?: string | undefined;
  readonly tags?: readonly string[] | string | undefined;
  readonly hyperparameters?: Record<string, unknown> | undefined;
  readonly config?: unknown;
  readonly records?: readonly DatasetRecord[] | undefined;
}

export interface VersionWithFormats {
  readonly model: ModelRow;
  readonly version: VersionRow;
  readonly formats: FormatRow[];
}

export interface VersionLimits {
  readonly maxVersions: number;
}

/** Turns validated input into column values; only the fields present are returned. */
function versionColumns(input: VersionInput): VersionChanges {
  const columns: VersionChanges = {};
  if (input.name !== undefined) columns.name = normalizeName('name', input.name, { allowEmpty: true });
  if (input.description !== undefined) columns.description = requireDescription('description', input.description);
  if (input.tags !== undefined) columns.tags = JSON.stringify(normalizeTags('tags', input.tags));
  if (input.hyperparameters !== undefined) columns.hyperparameters = JSON.stringify(requireHyperparameters(input.hyperparameters));
  if (input.config !== undefined) columns.config = JSON.stringify(requireJsonDocument('config', input.config, MAX_CONFIG_BYTES));
  if (input.records !== undefined) columns.records = JSON.stringify(requireRecords(input.records));
  return columns;
}

export class VersionService {
  constructor(
    private readonly store: Store,
    private readonly access: AccessService,
    private readonly blobs: BlobLifecycle,
    private readonly limits: VersionLimits,
  ) {}

  async list(
    principal: Principal,
    contextRef: string,
    modelId: string,
    options: { order: 'asc' | 'desc'; limit: number; after?: number | undefined },
  ): Promise<{ model: ModelRow; versions: VersionRow[]; formats: FormatRow[]; next: number | null }> {
    const model = await this.model(principal, contextRef, modelId, 'model:view');
    const rows = await this.store.read.versions.list(model.id, options.order, options.limit + 1, options.after);
    const versions = rows.slice(0, options.limit);
    const formats = await this.store.read.formats.listForVersions(versions.map((version) => version.id));
    const next = rows.length > options.limit ? (versions.at(-1)?.number ?? null) : null;
    return { model, versions, formats, next };
  }

  async get(principal: Principal, contextRef: string, modelId: string, number: number): Promise<VersionWithFormats> {
    const model = await this.model(principal, contextRef, modelId, 'model:view');
    const version = await this.findOrThrow(this.store.read, model, number);
    return { model, version, formats: await this.store.read.formats.listForVersions([version.id]) };
  }

  async create(principal: Principal, contextRef: string, modelId: string, input: VersionInput): Promise<VersionWithFormats> {
    const model = await this.model(principal, contextRef, modelId, 'model:create');
    const columns = versionColumns(input);
    const now = nowIso();
    const version = await this.store.transaction(async (repos) => {
      const number = await repos.models.reserveVersionNumber(model.id, this.limits.maxVersions, now, principal.username);
      if (number === undefined) {
        throw new LimitExceeded(
          `model "${model.name}" already has ${this.limits.maxVersions} versions, the most allowed; delete one to add another`,
          { field: 'versions', limit: this.limits.maxVersions },
        );
      }
      const row: VersionRow = {
        id: randomUUID(),
        model_id: model.id,
        number,
        name: columns.name ?? '',
        description: columns.description ?? '',
        tags: columns.tags ?? '[]',
        hyperparameters: columns.hyperparameters ?? '{}',
        config: columns.config ?? '{}',
        records: columns.records ?? '[]',
        format_count: 0,
        created_at: now,
        created_by: principal.username,
        updated_at: now,
        updated_by: principal.username,
        published_at: null,
        published_by: null,
      };
      await repos.versions.insert(row);
      return row;
    });
    return { model: { ...model, latest_version: version.number }, version, formats: [] };
  }

  async update(
    principal: Principal,
    contextRef: string,
    modelId: string,
    number: number,
    input: VersionInput,
  ): Promise<VersionWithFormats> {
    const model = await this.model(principal, contextRef, modelId, 'model:edit');
    const changes = { ...versionColumns(input), updated_at: nowIso(), updated_by: principal.username };
    await this.store.transaction(async (repos) => {
      const version = await this.findOrThrow(repos, model, number);
      if (!(await repos.versions.updateUnpublished(version.id, changes))) throw immutable(number);
      await repos.models.touch(model.id, changes.updated_at, principal.username);
    });
    return this.get(principal, contextRef, modelId, number);
  }

  /** One-way: a published version's metadata and files never change again. Publishing twice is a no-op. */
  async publish(principal: Principal, contextRef: string, modelId: string, number: number): Promise<VersionWithFormats> {
    const model = await this.model(principal, contextRef, modelId, 'model:publish');
    const now = nowIso();
    await this.store.transaction(async (repos) => {
      const version = await this.findOrThrow(repos, model, number);
      if (version.published_at !== null) return;
      await repos.versions.updateUnpublished(version.id, { published_at: now, published_by: principal.username });
      await repos.models.touch(model.id, now, principal.username);
    });
    return this.get(principal, contextRef, modelId, number);
  }

  /** Deletes a version and its formats; its number is never given out again. */
  async delete(principal: Principal, contextRef: string, modelId: string, number: number): Promise<void> {
    const model = await this.model(principal, contextRef, modelId, 'model:delete');
    const now = nowIso();
    const released = await this.store.transaction(async (repos) => {
      const version = await this.findOrThrow(repos, model, number);
      const formats = await repos.formats.listForVersions([version.id]);
      const shas = formats.flatMap((format) => (format.sha256 === null ? [] : [format.sha256]));
      for (const sha256 of shas) await repos.blobs.release(sha256);
      await repos.versions.delete(version.id);
      await repos.models.recountVersions(model.id, now, principal.username);
      return shas;
    });
    await this.blobs.collect(released);
  }

  /** The model, after checking the caller may do `permission` in its context. */
  async model(
    principal: Principal,
    contextRef: string,
    modelId: string,
    permission: Parameters<AccessService['require']>[2],
  ): Promise<ModelRow> {
    const { context } = await this.access.require(principal, contextRef, permission);
    const model = await this.store.read.models.find(context.id, modelId);
    if (model === undefined) throw new NotFound(`model ${modelId} not found`);
    return model;
  }

  async findOrThrow(repos: Repositories, model: ModelRow, number: number): Promise<VersionRow> {
    const version = await repos.versions.find(model.id, number);
    if (version === undefined) throw new NotFound(`model "${model.name}" has no version ${number}`);
    return version;
  }
}

export function immutable(number: number): Immutable {
  return new Immutable(`version ${number} is published and can no longer change; create a new version instead`);
}
