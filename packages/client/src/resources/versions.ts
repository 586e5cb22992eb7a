import { unwrap, type Transport } from '../transport.js';
import type { Version, VersionCreate, VersionListOptions, VersionPage, VersionPatch } from '../types.js';

const DEFAULT_LIMIT = 50;

/** Versions of a model. `n` is the version number the server assigned. */
export class VersionsApi {
  constructor(private readonly transport: Transport) {}

  list(ctx: string, modelId: string, options: VersionListOptions = {}): Promise<VersionPage> {
    const query = { ...options, limit: options.limit ?? DEFAULT_LIMIT };
    return unwrap(
      this.transport.api.GET('/api/v1/contexts/{ctx}/models/{modelId}/versions', { params: { path: { ctx, modelId }, query } }),
    );
  }

  /** Every version of the model, page after page. */
  async *iterate(ctx: string, modelId: string, options: VersionListOptions = {}): AsyncGenerator<Version> {
    let cursor = options.cursor;
    do {
      const page = await this.list(ctx, modelId, { ...options, cursor });
      yield* page.items;
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
  }

  get(ctx: string, modelId: string, n: number): Promise<Version> {
    return unwrap(
      this.transport.api.GET('/api/v1/contexts/{ctx}/models/{modelId}/versions/{n}', { params: { path: { ctx, modelId, n } } }),
    );
  }

  create(ctx: string, modelId: string, body: VersionCreate = {}): Promise<Version> {
    return unwrap(
      this.transport.api.POST('/api/v1/contexts/{ctx}/models/{modelId}/versions', { params: { path: { ctx, modelId } }, body }),
    );
  }

  update(ctx: string, modelId: string, n: number, body: VersionPatch): Promise<Version> {
    return unwrap(
      this.transport.api.PATCH('/api/v1/contexts/{ctx}/models/{modelId}/versions/{n}', {
        params: { path: { ctx, modelId, n } },
        body,
      }),
    );
  }

  /** Freezes the version: its metadata and files can no longer change. One-way. */
  publish(ctx: string, modelId: string, n: number): Promise<Version> {
    return unwrap(
      this.transport.api.POST('/api/v1/contexts/{ctx}/models/{modelId}/versions/{n}/publish', { params: { path: { ctx, modelId, n } } }),
    );
  }

  async delete(ctx: string, modelId: string, n: number): Promise<void> {
    await unwrap(
      this.transport.api.DELETE('/api/v1/contexts/{ctx}/models/{modelId}/versions/{n}', { params: { path: { ctx, modelId, n } } }),
    );
  }
}
