import { useState, type FormEvent } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { Logo } from '../components/Logo';
import { isStatus, messageOf } from '../lib/errors';
import { useDocumentTitle } from '../lib/useDocumentTitle';
import { useSession } from './session';

/** Only same-site paths are followed after sign-in (never an open redirect). */
function safeNext(next: string | null): string {
  return next !== null && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function SignInPage() {
  const { state, signIn } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  useDocumentTitle('Sign in');

  if (state.status === 'signed-in') return <Navigate to={safeNext(params.get('next'))} replace />;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await signIn(username.trim(), password);
      void navigate(safeNext(params.get('next')), { replace: true });
    } catch (caught) {
      setError(isStatus(caught, 401) ? 'Wrong username or password.' : messageOf(caught));
      setBusy(false);
    }
  }

  return (
    <main className="sign-in">
      <form className="card sign-in-card" onSubmit={(event) => void submit(event)} aria-labelledby="sign-in-title">
        <Logo />
        <h1 id="sign-in-title">Sign in to Modelry</h1>
        {params.get('ended') === '1' && error === undefined && (
          <p className="notice" role="status">
            Your session ended — sign in again
          </p>
        )}
        <label className="field">
          <span className="field-label">Username</span>
          <input name="username" autoComplete="username" required autoFocus value={username} onChange={(e) => setUsername(e.target.value)} />
        </label>
        <label className="field">
          <span className="field-label">Password</span>
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {error !== undefined && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="btn primary wide" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        <p className="muted small">Programs use API tokens instead; see the API docs at /api/docs.</p>
      </form>
    </main>
  );
}
