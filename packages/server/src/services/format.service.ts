import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { DownloadLink, StagedBlob } from '../blobs/blob-store.js';
import type { PicklePolicy } from '../config.js';
import { nowIso } from '../domain/clock.js';
import { ChecksumMismatch, Conflict, LimitExceeded, NotFound } from '../domain/errors.js';
import { defaultFileName, FORMATS, requireFormatId, sanitizeFileName, type FormatId } from '../domain/formats.js';
import type { Principal } from '../domain/principal.js';
import type { FormatRow } from '../db/repositories/format.repository.js';
import type { Repositories, Store } from '../db/repositories/index.js';
import type { ModelRow } from '../db/repositories/model.repository.js';
import type { VersionRow } from '../db/repositories/version.repository.js';
import type { BlobLifecycle } from './blob-lifecycle.js';
import type { Inspection } from '../inspect/inspector.js';
import { enforcePolicy, reinspect, UploadInspection } from './format-inspection.js';
import { immutable, type VersionService } from './version.service.js';
import { isUniqueViolation } from '../db/errors.js';

export interface FormatRef {
  readonly contextRef: string;
  readonly modelId: string;
  readonly number: number;
  readonly format: string;
}

export interface UploadOptions {
  readonly fileName?: string | undefined;
  /** Hex sha256 the client computed; the upload fails and stores nothing when the bytes differ. */
  readonly sha256?: string | undefined;
  readonly signal?: AbortSignal | undefined;
}

export interface FormatLimits {
  readonly maxFormats: number;
  readonly maxUploadBytes: number;
  readonly picklePolicy: PicklePolicy;
}

export interface Download {
  readonly format: FormatRow & { sha256: string; size: number; file_name: string };
  readonly open: (range?: { start: number; end: number }) => Promise<Readable>;
  /** A URL that serves the bytes directly (presigned S3), or undefined when this server streams them. */
  readonly link: (link: DownloadLink) => Promise<string | undefined>;
}

function tooManyFormats(number: number, max: number): LimitExceeded {
  return new LimitExceeded(`version ${number} already has ${max} formats, the most allowed`, { field: 'format', limit: max });
}

export class FormatService {
  constructor(
    private readonly store: Store,
    private readonly versions: VersionService,
    private readonly blobs: BlobLifecycle,
    private readonly limits: FormatLimits,
  ) {}

  async list(principal: Principal, contextRef: string, modelId: string, number: number): Promise<FormatRow[]> {
    return (await this.versions.get(principal, contextRef, modelId, number)).formats;
  }

  async get(principal: Principal, ref: FormatRef): Promise<FormatRow> {
    const format = requireFormatId('format', ref.format);
    const { version } = await this.versions.get(principal, ref.contextRef, ref.modelId, ref.number);
    return this.findOrThrow(this.store.read, version, format);
  }

  /** Declares a format on an unpublished version; its file is uploaded next (or in the same PUT). */
  async create(principal: Principal, ref: FormatRef, fileName: string | undefined): Promise<FormatRow> {
    const format = requireFormatId('format', ref.format);
    const model = await this.versions.model(principal, ref.contextRef, ref.modelId, 'model:edit');
    try {
      return await this.store.transaction(async (repos) => {
        const version = await this.versions.findOrThrow(repos, model, ref.number);
        if (await repos.formats.find(version.id, format)) throw duplicateFormat(format, ref.number);
        return this.insertFormat(repos, principal, model, version, format, fileName);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw duplicateFormat(format, ref.number);
      throw error;
    }
  }

  async delete(principal: Principal, ref: FormatRef): Promise<void> {
    const format = requireFormatId('format', ref.format);
    const model = await this.versions.model(principal, ref.contextRef, ref.modelId, 'model:edit');
    const released = await this.store.transaction(async (repos) => {
      const version = await this.versions.findOrThrow(repos, model, ref.number);
      if (version.published_at !== null) throw immutable(ref.number);
      const row = await this.findOrThrow(repos, version, format);
      await repos.formats.delete(row.id);
      await repos.versions.releaseFormatSlot(version.id);
      await repos.models.touch(model.id, nowIso(), principal.username);
      if (row.sha256 !== null) await repos.blobs.release(row.sha256);
      return row.sha256;
    });
    if (released !== null) await this.blobs.collect([released]);
  }

  /**
   * Streams a file into a format (creating the format when needed). The bytes are hashed and made
   * durable first; the row that points at them commits afterwards, re-checking publish and the cap
   * inside the transaction so that races end with the upload either committed before or refused.
   */
  async upload(principal: Principal, ref: FormatRef, body: Readable, options: UploadOptions): Promise<FormatRow> {
    const format = requireFormatId('format', ref.format);
    const model = await this.versions.model(principal, ref.contextRef, ref.modelId, 'model:edit');
    const version = await this.versions.findOrThrow(this.store.read, model, ref.number);
    await this.precheck(version, format);
    const { staged, inspection } = await this.stageInspected(format, body, options);
    const now = nowIso();
    const { row, replaced } = await this.blobs.commit(staged, async (repos) => {
      const current = await this.versions.findOrThrow(repos, model, ref.number);
      const existing = (await repos.formats.find(current.id, format)) ?? (await this.insertFormat(repos, principal, model, current, format, undefined));
      if (current.published_at !== null) throw immutable(ref.number);
      const file = {
        file_name: sanitizeFileName(options.fileName ?? existing.file_name ?? undefined, defaultFileName(model.name, ref.number, format)),
        size: staged.size,
        sha256: staged.sha256,
        uploaded_at: now,
        uploaded_by: principal.username,
        inspection: JSON.stringify(inspection),
      };
      await repos.formats.attachFile(existing.id, file);
      // The replaced file's reference goes in the same transaction that drops the row's pointer to it.
      if (existing.sha256 !== null) await repos.blobs.release(existing.sha256);
      await repos.models.touch(model.id, now, principal.username);
      return { row: { ...existing, ...file }, replaced: existing.sha256 };
    });
    if (replaced !== null) await this.blobs.collect([replaced]);
    return row;
  }

  async download(principal: Principal, ref: FormatRef): Promise<Download> {
    const row = await this.get(principal, ref);
    if (row.sha256 === null || row.size === null || row.file_name === null) {
      throw new NotFound(`format ${row.format} of version ${ref.number} has no file yet`);
    }
    const sha256 = row.sha256;
    return {
      format: { ...row, sha256, size: Number(row.size), file_name: row.file_name },
      open: (range) => this.blobs.read(sha256, range),
      link: (link) => this.blobs.downloadLink(sha256, link),
    };
  }

  /**
   * Runs the inspector for the declared format while the bytes stream to staging (no second read),
   * then applies the checksum and the pickle policy. Whatever fails, the inspector is released and
   * the staged bytes are thrown away: a refused file leaves neither a row nor a blob.
   */
  private async stageInspected(format: FormatId, body: Readable, options: UploadOptions): Promise<{ staged: StagedBlob; inspection: Inspection }> {
    const inspector = new UploadInspection(format);
    let staged: StagedBlob;
    try {
      staged = await this.blobs.stage(body, { maxBytes: this.limits.maxUploadBytes, signal: options.signal, observe: inspector.observe });
    } catch (error) {
      inspector.abort(); // too large, a disconnect, a storage failure, or the inspector's own early refusal
      throw error;
    }
    try {
      if (options.sha256 !== undefined && options.sha256.toLowerCase() !== staged.sha256) {
        throw new ChecksumMismatch(
          `the uploaded bytes have sha256 ${staged.sha256}, not the ${options.sha256.toLowerCase()} declared in X-Checksum-Sha256`,
          { field: 'X-Checksum-Sha256' },
        );
      }
      const inspection = await inspector.finish();
      enforcePolicy(format, this.limits.picklePolicy, inspection);
      return { staged, inspection };
    } catch (error) {
      inspector.abort();
      await staged.discard();
      throw error;
    }
  }

  /**
   * Runs the current inspector over a stored file again and records the result. The file itself
   * does not change, only what is known about it (derived data), so this is allowed with
   * model:edit on published versions too. A file the current inspector refuses is left as it is
   * and the refusal is returned (422); the pickle policy applies to uploads only.
   */
  async reinspect(principal: Principal, ref: FormatRef): Promise<FormatRow> {
    const format = requireFormatId('format', ref.format);
    const model = await this.versions.model(principal, ref.contextRef, ref.modelId, 'model:edit');
    const version = await this.versions.findOrThrow(this.store.read, model, ref.number);
    const row = await this.findOrThrow(this.store.read, version, format);
    const sha256 = row.sha256;
    if (sha256 === null) throw new NotFound(`format ${format} of version ${ref.number} has no file to inspect yet`);
    const inspection = JSON.stringify(await reinspect(format, await this.blobs.read(sha256)));
    // Record it only if the same file is still there (a concurrent upload may have replaced it).
    const updated = await this.store.transaction(async (repos) => {
      const current = await repos.formats.find(version.id, format);
      if (current?.id !== row.id || current.sha256 !== sha256) return undefined;
      await repos.formats.setInspection(row.id, inspection);
      return { ...current, inspection };
    });
    if (updated === undefined) throw new Conflict(`the ${format} file of version ${ref.number} changed during the inspection; try again`, { field: 'format' });
    return updated;
  }

  /** Refuses early, before reading a byte of the body, what the commit would refuse anyway. */
  private async precheck(version: VersionRow, format: FormatId): Promise<void> {
    if (version.published_at !== null) throw immutable(version.number);
    const existing = await this.store.read.formats.find(version.id, format);
    if (existing === undefined && version.format_count >= this.limits.maxFormats) {
      throw tooManyFormats(version.number, this.limits.maxFormats);
    }
  }

  private async insertFormat(
    repos: Repositories,
    principal: Principal,
    model: ModelRow,
    version: VersionRow,
    format: FormatId,
    fileName: string | undefined,
  ): Promise<FormatRow> {
    const now = nowIso();
    const slot = await repos.versions.reserveFormatSlot(version.id, this.limits.maxFormats, now, principal.username);
    if (slot === 'published') throw immutable(version.number);
    if (slot === 'full') throw tooManyFormats(version.number, this.limits.maxFormats);
    const row: FormatRow = {
      id: randomUUID(),
      version_id: version.id,
      model_id: model.id,
      format,
      file_name: fileName === undefined ? null : sanitizeFileName(fileName, defaultFileName(model.name, version.number, format)),
      size: null,
      sha256: null,
      media_type: FORMATS[format].mediaType,
      created_at: now,
      created_by: principal.username,
      uploaded_at: null,
      uploaded_by: null,
      inspection: null,
    };
    await repos.formats.insert(row);
    await repos.models.touch(model.id, now, principal.username);
    return row;
  }

  private async findOrThrow(repos: Repositories, version: VersionRow, format: FormatId): Promise<FormatRow> {
    const row = await repos.formats.find(version.id, format);
    if (row === undefined) throw new NotFound(`version ${version.number} has no ${format} format`);
    return row;
  }
}

function duplicateFormat(format: string, number: number): Conflict {
  return new Conflict(`version ${number} already has a ${format} format; upload a new file to replace it`, { field: 'format' });
}
