// The app's routes: `/launch` is the launch URL registered with the EHR, `/` the redirect URI.
import { createBrowserRouter, type RouteObject } from 'react-router';
import { LaunchPage } from './launch-page.tsx';
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
  { path: '/launch', element: <LaunchPage /> },
  { path: '/', element: <SessionPage /> },
  { path: '*', element: <NotFoundPage /> },
];

export function createAppRouter() {
  return createBrowserRouter(APP_ROUTES);
}
