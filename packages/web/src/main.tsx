import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router/dom';
import { loadMe, SessionProvider } from './auth/session';
import { ToastProvider } from './components/Toasts';
import { applyTheme, storedTheme } from './lib/theme';
import { PAGE_SIZE } from './models/useModelList';
import { prefetchModelList } from './models/prefetch';
import { router } from './routes';
import './styles/app.css';

// Before the first paint, so a dark-theme user never sees a white flash.
applyTheme(storedTheme());
// Who is signed in, and (when the URL is a models list the caller may see) its first page, before the first render.
const session = loadMe();
void session.then((state) => {
  if (state.status === 'signed-in') prefetchModelList(window.location, state.me.contexts, PAGE_SIZE);
});

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <SessionProvider initial={session}>
      <ToastProvider>
        <RouterProvider router={router} />
      </ToastProvider>
    </SessionProvider>
  </StrictMode>,
);
