import { Navigate } from 'react-router';
import { useMe } from '../auth/session';
import { EmptyState } from '../components/States';

/** "/" goes to the first context whose models the caller may see. */
export function HomeRedirect() {
  const me = useMe();
  const target = me.contexts.find((context) => context.permissions.includes('model:view')) ?? me.contexts[0];
  if (target === undefined) {
    return (
      <EmptyState title="No contexts yet">
        <p>You have no role in any context. Ask an administrator to grant you one.</p>
      </EmptyState>
    );
  }
  const base = `/c/${encodeURIComponent(target.slug)}`;
  return <Navigate to={target.permissions.includes('model:view') ? `${base}/models` : base} replace />;
}
