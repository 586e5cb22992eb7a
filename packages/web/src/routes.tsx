import { createBrowserRouter } from 'react-router';
import { RequireSession } from './auth/RequireSession';
import { SignInPage } from './auth/SignInPage';
import { AppShell } from './layout/AppShell';
import { ContextHome } from './layout/ContextHome';
import { HomeRedirect } from './layout/HomeRedirect';
import { NotFoundPage } from './layout/NotFoundPage';
import { DetailsTab } from './model/DetailsTab';
import { ModelPage } from './model/ModelPage';
import { NewVersionTab } from './model/NewVersionTab';
import { ModelsPage } from './models/ModelsPage';

/**
 * Every view has its own URL, so back/forward and reload keep the place:
 *   /c/:ctx/models?q=&tag=&sort=&order=            the list (search, tag filter and sort live in the query)
 *   /c/:ctx/models/:modelId                        details of the latest version
 *   /c/:ctx/models/:modelId/versions/:n            details of version n
 *   /c/:ctx/models/:modelId/new-version            the New Version tab
 *   /c/:ctx/models/:modelId/compare                the versions side by side, with charts (loaded on demand)
 */
export const router = createBrowserRouter([
  { path: '/sign-in', element: <SignInPage /> },
  {
    element: <RequireSession />,
    children: [
      {
        element: <AppShell />,
        children: [
          { index: true, element: <HomeRedirect /> },
          { path: 'c/:ctx', element: <ContextHome /> },
          { path: 'c/:ctx/models', element: <ModelsPage /> },
          {
            path: 'c/:ctx/models/:modelId',
            element: <ModelPage />,
            children: [
              { index: true, element: <DetailsTab /> },
              { path: 'versions/:n', element: <DetailsTab /> },
              { path: 'new-version', element: <NewVersionTab /> },
              // Few visits need the comparison: its code loads when the tab opens, not with the first page.
              { path: 'compare', lazy: async () => ({ Component: (await import('./model/CompareTab')).CompareTab }) },
            ],
          },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);
