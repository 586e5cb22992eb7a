import type { Context, ModelPage } from '@modelry/client';
import { api } from '../api/client';

/**
 * The models list is the screen most visits open. When the page loads on /c/:ctx/models, its first page is
 * requested as soon as GET /me says the caller may see it, while React is still starting, not after the first render.
 * useModelList takes it if the query still matches; otherwise it is simply dropped.
 */
let pending: { readonly key: string; readonly page: Promise<ModelPage> } | undefined;

export function listKey(ctx: string, query: Record<string, string | number | undefined>): string {
  return JSON.stringify([ctx, query]);
}

export function prefetchModelList(location: Location, contexts: readonly Context[], limit: number): void {
  const match = /^\/c\/([^/]+)\/models\/?$/.exec(location.pathname);
  if (match?.[1] === undefined) return;
  const ctx = decodeURIComponent(match[1]);
  const context = contexts.find((candidate) => candidate.slug === ctx || candidate.id === ctx);
  if (context === undefined || !context.permissions.includes('model:view')) return;
  const params = new URLSearchParams(location.search);
  const sort = params.get('sort');
  const query = {
    q: params.get('q')?.trim() || undefined,
    tag: params.get('tag') || undefined,
    sort: sort === 'name' || sort === 'createdAt' ? sort : 'updatedAt',
    order: params.get('order') === 'asc' || params.get('order') === 'desc' ? (params.get('order') as 'asc' | 'desc') : sort === 'name' ? 'asc' : 'desc',
    limit,
  } as const;
  const page = api.models.list(ctx, query);
  page.catch(() => undefined); // A refusal here is reported by the regular request, if the screen makes one.
  pending = { key: listKey(ctx, query), page };
}

/** The prefetched page for exactly this request, once. */
export function takePrefetched(key: string): Promise<ModelPage> | undefined {
  if (pending?.key !== key) return undefined;
  const { page } = pending;
  pending = undefined;
  return page;
}
