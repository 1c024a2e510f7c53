// `/launch`: the EHR's launch URL. Starts the SMART handshake and, unless it fails, navigates to the EHR.
import { useEffect, useState } from 'react';
import { toSmartLaunchError, type SmartLaunchError } from '../smart/launch-error.ts';
import { ErrorScreen } from './error-screen.tsx';
import { startLaunchOnce } from './launch-once.ts';

export function LaunchPage() {
  const [error, setError] = useState<SmartLaunchError>();

  useEffect(() => {
    let active = true;
    // On success the page navigates away to the EHR's authorize endpoint: nothing to do here.
    startLaunchOnce(window.location).catch((caught: unknown) => {
      if (active) setError(toSmartLaunchError(caught));
    });
    return () => {
      active = false;
    };
  }, []);

  if (error) return <ErrorScreen error={error} />;
  return (
    <main className="screen connecting" aria-busy="true">
      <p role="status">Connecting to your EHR…</p>
    </main>
  );
}
