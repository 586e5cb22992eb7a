import { unwrap, type Transport } from '../transport.js';
import type { Model, ModelCreate, ModelListOptions, ModelPage, ModelPatch } from '../types.js';

const DEFAULT_SORT = 'updatedAt';
const DEFAULT_LIMIT = 50;

/** Models of a context (`ctx` is a context id or slug). */
export class ModelsApi {
  constructor(private readonly transport: Transport) {}

  /** One page of models; pass `nextCursor` back as `cursor` for the next page. */
  list(ctx: string, options: ModelListOptions = {}): Promise<ModelPage> {
    const query = { ...options, sort: options.sort ?? DEFAULT_SORT, limit: options.limit ?? DEFAULT_LIMIT };
    return unwrap(this.transport.api.GET('/api/v1/contexts/{ctx}/models', { params: { path: { ctx }, query } }));
  }

  /** Every model matching the query, page after page. */
  async *iterate(ctx: string, options: ModelListOptions = {}): AsyncGenerator<Model> {
    let cursor = options.cursor;
    do {
      const page = await this.list(ctx, { ...options, cursor });
      yield* page.items;
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
  }

  get(ctx: string, modelId: string): Promise<Model> {
    return unwrap(this.transport.api.GET('/api/v1/contexts/{ctx}/models/{modelId}', { params: { path: { ctx, modelId } } }));
  }

  create(ctx: string, body: ModelCreate): Promise<Model> {
    return unwrap(this.transport.api.POST('/api/v1/contexts/{ctx}/models', { params: { path: { ctx } }, body }));
  }

  update(ctx: string, modelId: string, body: ModelPatch): Promise<Model> {
    return unwrap(this.transport.api.PATCH('/api/v1/contexts/{ctx}/models/{modelId}', { params: { path: { ctx, modelId } }, body }));
  }

  async delete(ctx: string, modelId: string): Promise<void> {
    await unwrap(this.transport.api.DELETE('/api/v1/contexts/{ctx}/models/{modelId}', { params: { path: { ctx, modelId } } }));
  }
}
