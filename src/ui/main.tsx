// The browser entry (index.html). Validates the registered EHRs before anything else: a broken registry
// shows every problem at once instead of failing on the first launch.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { toSmartLaunchError, type SmartLaunchError } from '../smart/launch-error.ts';
import { registeredEhrs } from '../smart/registered-ehrs.ts';
import { AppRoutes } from './app-routes.tsx';
import { ErrorScreen } from './error-screen.tsx';
import './styles.css';

function configurationError(): SmartLaunchError | undefined {
  try {
    registeredEhrs();
    return undefined;
  } catch (error) {
    // An invalid registry becomes `registry-invalid`: the screen names the file and the check command.
    return toSmartLaunchError(error);
  }
}

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

const startupError = configurationError();
createRoot(container).render(
  <StrictMode>{startupError ? <ErrorScreen error={startupError} /> : <AppRoutes />}</StrictMode>,
);
