// `/`: the redirect URI. Completes the launch, reads the patient, then shows the session or the error screen.
import { useCallback, useEffect, useState } from 'react';
import { SmartLaunchError, toSmartLaunchError } from '../smart/launch-error.ts';
import { fetchSmartStyle } from '../smart/smart-style.ts';
import { applySmartStyle, markSmartStyleUnavailable } from './apply-smart-style.ts';
import { ErrorScreen } from './error-screen.tsx';
import { completeLaunchOnce, type LaunchedSession } from './launch-once.ts';
import { preloadClinicianView, SessionView } from './session-view.tsx';

type SessionState =
  | { readonly status: 'connecting' }
  | { readonly status: 'ready'; readonly launched: LaunchedSession }
  | { readonly status: 'failed'; readonly error: SmartLaunchError };

export function SessionPage() {
  const [state, setState] = useState<SessionState>({ status: 'connecting' });
  const [now] = useState(() => new Date());

  useEffect(() => {
    let active = true;
    preloadClinicianView().catch(() => {
      // The session view shows the failure, with a retry.
    });
    completeLaunchOnce(window.location).then(
      (launched) => {
        if (active) setState({ status: 'ready', launched });
      },
      (caught: unknown) => {
        if (active) setState({ status: 'failed', error: toSmartLaunchError(caught) });
      },
    );
    return () => {
      active = false;
    };
  }, []);

  const onSessionExpired = useCallback((message: string) => {
    setState({ status: 'failed', error: new SmartLaunchError('session-expired', message) });
  }, []);

  const styleUrl = state.status === 'ready' ? state.launched.session.smartStyleUrl : undefined;
  useEffect(() => {
    if (styleUrl === undefined) return undefined;
    const controller = new AbortController();
    // The EHR's style is a courtesy: if it cannot be loaded, Chartside keeps its own look and carries on.
    fetchSmartStyle(styleUrl, controller.signal).then(
      (style) => {
        applySmartStyle(style);
      },
      () => {
        if (!controller.signal.aborted) markSmartStyleUnavailable();
      },
    );
    return () => {
      controller.abort();
    };
  }, [styleUrl]);

  switch (state.status) {
    case 'connecting':
      return (
        <main className="screen connecting" aria-busy="true">
          <p role="status">Opening the patient&apos;s chart…</p>
        </main>
      );
    case 'failed':
      return <ErrorScreen error={state.error} />;
    case 'ready':
      return (
        <SessionView
          session={state.launched.session}
          patient={state.launched.patient}
          now={now}
          onSessionExpired={onSessionExpired}
        />
      );
  }
}
