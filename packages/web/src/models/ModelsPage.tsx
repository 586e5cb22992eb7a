import { Boxes, Plus, Search, X } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { useContextAccess } from '../auth/context-access';
import { Spinner, EmptyState, ErrorState } from '../components/States';
import { useToast } from '../components/Toasts';
import { NoModelAccess } from '../layout/ContextHome';
import { messageOf } from '../lib/errors';
import { useDebounced } from '../lib/useDebounced';
import { useDocumentTitle } from '../lib/useDocumentTitle';
import { CreateModelDialog } from './CreateModelDialog';
import { ModelRow } from './ModelRow';
import { useModelList, type ModelListQuery } from './useModelList';

const SORTS = [
  { value: 'updatedAt:desc', label: 'Recently updated' },
  { value: 'updatedAt:asc', label: 'Least recently updated' },
  { value: 'createdAt:desc', label: 'Newest first' },
  { value: 'createdAt:asc', label: 'Oldest first' },
  { value: 'name:asc', label: 'Name A → Z' },
  { value: 'name:desc', label: 'Name Z → A' },
] as const;

function queryOf(params: URLSearchParams): ModelListQuery {
  const sortParam = params.get('sort');
  const sort = sortParam === 'name' || sortParam === 'createdAt' ? sortParam : 'updatedAt';
  const orderParam = params.get('order');
  const order = orderParam === 'asc' || orderParam === 'desc' ? orderParam : sort === 'name' ? 'asc' : 'desc';
  return { q: params.get('q') ?? '', tag: params.get('tag') ?? '', sort, order };
}

/** The models of a context: search, sort, tag filter, endless pages; all of it in the URL. */
export function ModelsPage() {
  const { context, can } = useContextAccess();
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const notify = useToast();
  const query = queryOf(params);
  const [text, setText] = useState(query.q);
  const debounced = useDebounced(text, 250);
  const [creating, setCreating] = useState(params.get('new') === '1');
  const list = useModelList(context.slug, query);
  const sentinel = useRef<HTMLDivElement>(null);
  useDocumentTitle(`Models · ${context.name || context.slug}`);

  function update(changes: Record<string, string | undefined>, replace = false) {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined || value === '') next.delete(key);
      else next.set(key, value);
    }
    setParams(next, { replace });
  }

  // Typing settles into the URL (replacing, so Back does not replay every keystroke); `written` remembers our own
  // writes so that only Back/Forward (someone else's change of ?q=) puts the URL's query back into the box.
  const written = useRef(query.q);
  useEffect(() => {
    if (debounced === query.q) return;
    written.current = debounced;
    update({ q: debounced }, true);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [debounced]);
  useEffect(() => {
    if (query.q === written.current) return;
    written.current = query.q;
    setText(query.q);
  }, [query.q]);

  // More pages load as the end of the list scrolls into view (the button does the same by keyboard).
  const { loadMore, nextCursor, loading } = list;
  useEffect(() => {
    const target = sentinel.current;
    if (target === null || nextCursor === null) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting) && !loading) loadMore();
    });
    observer.observe(target);
    return () => observer.disconnect();
  }, [loadMore, nextCursor, loading]);

  if (!can('model:view')) return <NoModelAccess />;
  const base = `/c/${encodeURIComponent(context.slug)}/models`;
  const filtered = query.q !== '' || query.tag !== '';

  return (
    <section className="models-page" aria-labelledby="models-title">
      <div className="page-header">
        <h1 id="models-title">Models</h1>
        {can('model:create') && (
          <button type="button" className="btn primary" onClick={() => setCreating(true)} aria-label="New model" title="New model">
            <Plus size={16} aria-hidden="true" />
            <span className="hide-narrow">New model</span>
          </button>
        )}
      </div>

      <div className="toolbar" role="search">
        <div className="search-box">
          <Search size={16} aria-hidden="true" />
          <input
            type="search"
            aria-label="Search models by name, description or tag"
            placeholder="Search name, description, tags…"
            value={text}
            onChange={(event) => setText(event.target.value)}
            maxLength={256}
          />
        </div>
        <label className="sort-select">
          <span className="visually-hidden">Sort</span>
          <select value={`${query.sort}:${query.order}`} onChange={(event) => {
            const [sort, order] = event.target.value.split(':');
            update({ sort, order });
          }} aria-label="Sort models">
            {SORTS.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </label>
      </div>

      {query.tag !== '' && (
        <div className="active-filters">
          <span className="muted">Tag:</span>
          <button type="button" className="chip active removable" onClick={() => update({ tag: undefined })} aria-label={`Remove tag filter ${query.tag}`}>
            {query.tag} <X size={12} aria-hidden="true" />
          </button>
        </div>
      )}

      {list.error !== undefined && list.items.length === 0 ? (
        <ErrorState message={messageOf(list.error)} onRetry={list.retry} />
      ) : !list.loading && list.items.length === 0 ? (
        filtered ? (
          <EmptyState title="No models match">
            <p>Nothing matches {query.q !== '' ? `“${query.q}”` : ''}{query.tag !== '' ? ` with tag “${query.tag}”` : ''}.</p>
            <button type="button" className="btn" onClick={() => { written.current = ''; setText(''); update({ q: undefined, tag: undefined }); }}>
              Clear filters
            </button>
          </EmptyState>
        ) : (
          <EmptyState title="No models yet" icon={<Boxes size={32} aria-hidden="true" />}>
            <p>Models hold versions of a trained model and their files (pickle, R data, PMML, ONNX…).</p>
            {can('model:create') && (
              <button type="button" className="btn primary" onClick={() => setCreating(true)}>
                <Plus size={16} aria-hidden="true" /> Create the first model
              </button>
            )}
          </EmptyState>
        )
      ) : (
        <>
          <ul className="model-list" aria-label="Models" aria-busy={list.loading} data-testid="model-list">
            {list.items.map((model) => (
              <ModelRow
                key={model.id}
                model={model}
                href={`${base}/${encodeURIComponent(model.id)}`}
                activeTag={query.tag}
                onTag={(tag) => update({ tag })}
              />
            ))}
          </ul>
          <div ref={sentinel} className="list-footer">
            {list.loading ? (
              <Spinner label="Loading models" />
            ) : list.error !== undefined ? (
              <p className="form-error">
                {messageOf(list.error)}{' '}
                <button type="button" className="btn small" onClick={list.retry}>
                  Try again
                </button>
              </p>
            ) : list.nextCursor !== null ? (
              <button type="button" className="btn" onClick={list.loadMore}>
                Load more
              </button>
            ) : (
              <span className="muted small">
                {list.items.length} {list.items.length === 1 ? 'model' : 'models'}
              </span>
            )}
          </div>
        </>
      )}

      {creating && (
        <CreateModelDialog
          ctx={context.slug}
          onClose={() => setCreating(false)}
          onCreated={(model) => {
            setCreating(false);
            notify(`Model “${model.name}” created`);
            void navigate(`${base}/${encodeURIComponent(model.id)}`);
          }}
        />
      )}
    </section>
  );
}
