// The app's routes: `/` is the redirect URI. The launch URL, `/launch`, is its own page (launch/index.html).
import { BrowserRouter, createBrowserRouter, useRoutes, type RouteObject } from 'react-router';
import { SessionPage } from './session-page.tsx';

function NotFoundPage() {
  return (
    <main className="screen" role="alert">
      <h1>This page does not exist</h1>
      <p>Chartside opens from the patient&apos;s chart in your EHR. Open it from there.</p>
    </main>
  );
}

export const APP_ROUTES: RouteObject[] = [
  { path: '/', element: <SessionPage /> },
  { path: '*', element: <NotFoundPage /> },
];

/** The same routes as a data router (the launch integration tests mount it this way). */
export function createAppRouter() {
  return createBrowserRouter(APP_ROUTES);
}

function RouteTable() {
  return useRoutes(APP_ROUTES);
}

/**
 * The routes as the app mounts them (main.tsx): declarative routing over the same table. Chartside uses no
 * loaders, actions or fetchers, and leaving the data router out keeps 16 KB (gzip) off the first download.
 */
export function AppRoutes() {
  return (
    <BrowserRouter>
      <RouteTable />
    </BrowserRouter>
  );
}
