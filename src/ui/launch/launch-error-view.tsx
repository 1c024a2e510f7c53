// The launch page's error screen: the same ErrorScreen as the rest of the app, loaded only when a launch fails.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { toSmartLaunchError } from '../../smart/launch-error.ts';
import { ErrorScreen } from '../error-screen.tsx';

export function renderLaunchError(container: HTMLElement, error: unknown): void {
  createRoot(container).render(
    <StrictMode>
      <ErrorScreen error={toSmartLaunchError(error)} />
    </StrictMode>,
  );
}
