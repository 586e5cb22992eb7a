import { Boxes, LogOut } from 'lucide-react';
import { useMemo } from 'react';
import { Link, NavLink, Outlet, useNavigate, useParams } from 'react-router';
import { accessOf, ContextAccessContext } from '../auth/context-access';
import { useMe, useSession } from '../auth/session';
import { Logo } from '../components/Logo';
import { EmptyState } from '../components/States';
import { ContextSelector } from './ContextSelector';
import { ThemeToggle } from './ThemeToggle';

/** Header (logo, context selector, navigation, theme, user) around every signed-in screen. */
export function AppShell() {
  const me = useMe();
  const { signOut } = useSession();
  const navigate = useNavigate();
  const { ctx } = useParams();
  const context = me.contexts.find((candidate) => candidate.slug === ctx || candidate.id === ctx);
  const access = useMemo(() => (context === undefined ? null : accessOf(context)), [context]);
  const base = context === undefined ? '' : `/c/${encodeURIComponent(context.slug)}`;

  return (
    <div className="shell">
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <header className="topbar">
        <Link to="/" className="brand" aria-label="Modelry home">
          <Logo />
        </Link>
        <ContextSelector contexts={me.contexts} current={context} />
        <nav aria-label="Main" className="topnav">
          {access?.can('model:view') === true && (
            <NavLink to={`${base}/models`} className="topnav-link">
              <Boxes size={16} aria-hidden="true" /> Models
            </NavLink>
          )}
        </nav>
        <div className="topbar-end">
          <ThemeToggle />
          <span className="user-name" title={me.user.isAdmin ? 'Deployment administrator' : undefined}>
            {me.user.displayName || me.user.username}
          </span>
          <button
            type="button"
            className="btn ghost"
            onClick={() => void signOut().then(() => navigate('/sign-in'))}
            aria-label="Sign out"
            title="Sign out"
          >
            <LogOut size={16} aria-hidden="true" />
            <span className="hide-narrow">Sign out</span>
          </button>
        </div>
      </header>
      <main id="main" className="page" tabIndex={-1}>
        {ctx !== undefined && access === null ? (
          <EmptyState title="Context not found">
            <p>
              There is no context “{ctx}”, or you have no access to it. <Link to="/">Go to your contexts</Link>.
            </p>
          </EmptyState>
        ) : (
          <ContextAccessContext.Provider value={access}>
            <Outlet />
          </ContextAccessContext.Provider>
        )}
      </main>
    </div>
  );
}
