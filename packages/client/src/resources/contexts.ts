import { unwrap, type Transport } from '../transport.js';
import type { Context, ContextList } from '../types.js';

/** The contexts (tenants) the caller can see. */
export class ContextsApi {
  constructor(private readonly transport: Transport) {}

  list(): Promise<ContextList> {
    return unwrap(this.transport.api.GET('/api/v1/contexts'));
  }

  get(ctx: string): Promise<Context> {
    return unwrap(this.transport.api.GET('/api/v1/contexts/{ctx}', { params: { path: { ctx } } }));
  }
}
