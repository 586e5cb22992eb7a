import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router/dom';
import { SessionProvider } from './auth/session';
import { ToastProvider } from './components/Toasts';
import { applyTheme, storedTheme } from './lib/theme';
import { router } from './routes';
import './styles/app.css';

// Before the first paint, so a dark-theme user never sees a white flash.
applyTheme(storedTheme());

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <SessionProvider>
      <ToastProvider>
        <RouterProvider router={router} />
      </ToastProvider>
    </SessionProvider>
  </StrictMode>,
);
