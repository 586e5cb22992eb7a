import { Navigate } from 'react-router';
import { useContextAccess } from '../auth/context-access';
import { EmptyState } from '../components/States';

/** /c/:ctx — the models list, or a word about why there is nothing here. */
export function ContextHome() {
  const { context, can } = useContextAccess();
  if (can('model:view')) return <Navigate to="models" replace />;
  return (
    <EmptyState title={context.name || context.slug}>
      <p>You have no permission to view models in this context.</p>
    </EmptyState>
  );
}

/** A screen that needs model:view shows this instead when the caller lacks it. */
export function NoModelAccess() {
  return (
    <EmptyState title="No access to models">
      <p>You need the model:view permission in this context to see its models.</p>
    </EmptyState>
  );
}
