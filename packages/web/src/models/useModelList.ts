import type { Model, ModelListOptions } from '@modelry/client';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../api/client';
import { listKey, takePrefetched } from './prefetch';

export const PAGE_SIZE = 50;

export interface ModelListQuery {
  readonly q: string;
  readonly tag: string;
  // The client's option type may be undefined as a whole (every query parameter is optional), hence the outer NonNullable.
  readonly sort: NonNullable<NonNullable<ModelListOptions>['sort']>;
  readonly order: 'asc' | 'desc';
}

interface ListState {
  readonly items: readonly Model[];
  readonly nextCursor: string | null;
  readonly loading: boolean;
  readonly error: unknown;
}

const INITIAL: ListState = { items: [], nextCursor: null, loading: true, error: undefined };

/**
 * Pages of the model list through the API's keyset cursors: each page costs the same at model 50 and at
 * model 100,000, where offset paging would slow down the deeper one scrolls.
 */
export function useModelList(ctx: string, query: ModelListQuery) {
  const [state, setState] = useState<ListState>(INITIAL);
  const generation = useRef(0);
  const key = JSON.stringify([ctx, query.q, query.tag, query.sort, query.order]);

  const fetchPage = useCallback(
    async (cursor: string | undefined, append: boolean) => {
      const mine = generation.current;
      setState((previous) => ({ ...(append ? previous : INITIAL), loading: true, error: undefined }));
      try {
        const request = {
          q: query.q.trim() === '' ? undefined : query.q.trim(),
          tag: query.tag === '' ? undefined : query.tag,
          sort: query.sort,
          order: query.order,
          limit: PAGE_SIZE,
        };
        const prefetched = cursor === undefined ? takePrefetched(listKey(ctx, request)) : undefined;
        const page = await (prefetched ?? api.models.list(ctx, { ...request, cursor }));
        if (mine !== generation.current) return;
        setState((previous) => ({
          items: append ? [...previous.items, ...page.items] : page.items,
          nextCursor: page.nextCursor,
          loading: false,
          error: undefined,
        }));
      } catch (error) {
        if (mine !== generation.current) return;
        setState((previous) => ({ ...previous, loading: false, error }));
      }
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [key],
  );

  useEffect(() => {
    generation.current += 1;
    void fetchPage(undefined, false);
  }, [fetchPage]);

  const loadMore = useCallback(() => {
    if (state.loading || state.nextCursor === null) return;
    void fetchPage(state.nextCursor, true);
  }, [fetchPage, state.loading, state.nextCursor]);

  const retry = useCallback(() => {
    generation.current += 1;
    void fetchPage(state.items.length > 0 ? (state.nextCursor ?? undefined) : undefined, state.items.length > 0);
  }, [fetchPage, state.items.length, state.nextCursor]);

  return { ...state, loadMore, retry };
}
