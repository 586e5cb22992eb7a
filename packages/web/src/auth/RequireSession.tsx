import { Navigate, Outlet, useLocation } from 'react-router';
import { ErrorState } from '../components/States';
import { useSession } from './session';

/** Renders its routes for a signed-in caller; sends everyone else to the sign-in page and back afterwards. */
export function RequireSession() {
  const { state, refresh } = useSession();
  const location = useLocation();
  if (state.status === 'loading') return <div className="splash" aria-busy="true" aria-label="Loading" />;
  if (state.status === 'error') {
    return (
      <main className="page narrow">
        <ErrorState message={state.message} onRetry={() => void refresh()} />
      </main>
    );
  }
  if (state.status === 'signed-out') {
    const next = `${location.pathname}${location.search}`;
    const params = new URLSearchParams();
    if (next !== '/') params.set('next', next);
    if (state.ended === true) params.set('ended', '1');
    const query = params.toString();
    return <Navigate to={`/sign-in${query === '' ? '' : `?${query}`}`} replace />;
  }
  return <Outlet />;
}
