import type { Model, Version } from '@modelry/client';
import { ChevronRight } from 'lucide-react';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, NavLink, Outlet, useLocation, useParams } from 'react-router';
import { api } from '../api/client';
import { useContextAccess } from '../auth/context-access';
import { EmptyState, ErrorState, LoadingBlock } from '../components/States';
import { NoModelAccess } from '../layout/ContextHome';
import { isStatus, messageOf } from '../lib/errors';
import { useLimits, versionLimitReason } from '../lib/limits';
import { useDocumentTitle } from '../lib/useDocumentTitle';
import { DeleteActions } from './DeleteActions';
import type { ModelView } from './model-context';
import { VersionsMenu } from './VersionsMenu';

interface Loaded {
  readonly model: Model;
  readonly versions: Version[];
}

async function loadModel(ctx: string, modelId: string): Promise<Loaded> {
  const [model, versions] = await Promise.all([api.models.get(ctx, modelId), collect(api.versions.iterate(ctx, modelId, { order: 'desc', limit: 100 }))]);
  return { model, versions };
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** The model record: header, action buttons (visible from every tab) and the tabs. */
export function ModelPage() {
  const { context, can } = useContextAccess();
  const { modelId = '' } = useParams();
  const location = useLocation();
  const limits = useLimits();
  const [loaded, setLoaded] = useState<Loaded>();
  const [error, setError] = useState<unknown>();
  const ctx = context.slug;
  const base = `/c/${encodeURIComponent(ctx)}/models/${encodeURIComponent(modelId)}`;

  const refresh = useCallback(async () => {
    try {
      setLoaded(await loadModel(ctx, modelId));
      setError(undefined);
    } catch (caught) {
      setError(caught);
    }
  }, [ctx, modelId]);

  useEffect(() => {
    setLoaded(undefined);
    setError(undefined);
    void refresh();
  }, [refresh]);

  // The version number lives in the child route (/versions/:n); read it from the path so the header can use it.
  const requestedNumber = useMemo(() => {
    const match = /\/versions\/(\d+)\/?$/.exec(location.pathname);
    return match?.[1] === undefined ? undefined : Number(match[1]);
  }, [location.pathname]);

  const view = useMemo<ModelView | undefined>(() => {
    if (loaded === undefined) return undefined;
    const selected = requestedNumber === undefined ? loaded.versions[0] : loaded.versions.find((version) => version.number === requestedNumber);
    return {
      ctx,
      model: loaded.model,
      versions: loaded.versions,
      selected,
      requestedNumber,
      base,
      refresh,
      replaceModel: (model) => setLoaded((previous) => (previous === undefined ? previous : { ...previous, model })),
      replaceVersion: (version) =>
        setLoaded((previous) =>
          previous === undefined ? previous : { ...previous, versions: previous.versions.map((v) => (v.number === version.number ? version : v)) },
        ),
    };
  }, [loaded, requestedNumber, ctx, base, refresh]);

  useDocumentTitle(view === undefined ? 'Model' : view.selected === undefined ? view.model.name : `${view.model.name} v${view.selected.number}`);

  if (!can('model:view')) return <NoModelAccess />;
  if (error !== undefined && loaded === undefined) {
    if (isStatus(error, 404)) {
      return (
        <EmptyState title="Model not found">
          <p>
            It may have been deleted. <Link to={`/c/${encodeURIComponent(ctx)}/models`}>Back to the models</Link>.
          </p>
        </EmptyState>
      );
    }
    return <ErrorState message={messageOf(error)} onRetry={() => void refresh()} />;
  }
  if (view === undefined) return <LoadingBlock label="Loading the model" />;

  const detailsPath = view.selected === undefined ? base : `${base}/versions/${view.selected.number}`;
  return (
    <article className="model-page" aria-labelledby="model-title">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to={`/c/${encodeURIComponent(ctx)}/models`}>Models</Link>
        <ChevronRight size={14} aria-hidden="true" />
        <span aria-current="page">{view.model.name}</span>
      </nav>
      <header className="model-header">
        <div className="model-title">
          <h1 id="model-title">{view.model.name}</h1>
          {view.selected !== undefined && (
            <span className={`badge${view.selected.published ? ' published' : ''}`}>
              v{view.selected.number} · {view.selected.published ? 'Published' : 'Draft'}
            </span>
          )}
        </div>
        <div className="action-group" role="group" aria-label="Model actions">
          <VersionsMenu view={view} />
          <DeleteActions view={view} />
        </div>
      </header>
      <nav className="tabs" aria-label="Model sections">
        <NavLink to={detailsPath} end className={({ isActive }) => `tab${isActive || location.pathname === base ? ' active' : ''}`}>
          Details
        </NavLink>
        <NavLink to={`${base}/compare`} className={({ isActive }) => `tab${isActive ? ' active' : ''}`}>
          Compare
        </NavLink>
        {can('model:create') && <NewVersionLink base={base} full={versionLimitReason(view.versions.length, limits)} />}
      </nav>
      <Outlet context={view} />
    </article>
  );
}

/**
 * The New Version tab; when the model holds the most versions the server allows, a disabled tab that says why
 * on hover and to screen readers (still focusable, so keyboard users can read the reason).
 */
function NewVersionLink({ base, full }: { base: string; full: string | undefined }) {
  if (full !== undefined) {
    return (
      <span className="tab disabled" role="link" aria-disabled="true" tabIndex={0} title={full} aria-describedby="new-version-full">
        New Version
        <span id="new-version-full" className="visually-hidden">
          {full}
        </span>
      </span>
    );
  }
  return (
    <NavLink to={`${base}/new-version`} className={({ isActive }) => `tab${isActive ? ' active' : ''}`}>
      New Version
    </NavLink>
  );
}
