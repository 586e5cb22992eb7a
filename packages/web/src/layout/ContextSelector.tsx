import type { Context } from '@modelry/client';
import { useId } from 'react';
import { useNavigate } from 'react-router';

/** Switches the context in the URL; the models list of the new context if the caller may see it. */
export function ContextSelector({ contexts, current }: { contexts: readonly Context[]; current: Context | undefined }) {
  const navigate = useNavigate();
  const id = useId();
  return (
    <div className="context-selector">
      <label htmlFor={id} className="visually-hidden">
        Context
      </label>
      <select
        id={id}
        value={current?.slug ?? ''}
        onChange={(event) => {
          const next = contexts.find((context) => context.slug === event.target.value);
          if (next === undefined) return;
          void navigate(next.permissions.includes('model:view') ? `/c/${encodeURIComponent(next.slug)}/models` : `/c/${encodeURIComponent(next.slug)}`);
        }}
      >
        {current === undefined && <option value="">Choose a context</option>}
        {contexts.map((context) => (
          <option key={context.id} value={context.slug}>
            {context.name === '' ? context.slug : context.name}
          </option>
        ))}
      </select>
    </div>
  );
}
