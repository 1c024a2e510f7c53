// `/`: the redirect URI. Completes the launch, reads the patient, then shows the session or the error screen.
// The record load starts here, the moment the session and the clinician view's code are both in: its first
// requests are on their way before the view renders (React renders these updates in a later task), where the
// view's own effect would start it only after rendering and painting.
import { useCallback, useEffect, useRef, useState } from 'react';
import { SmartLaunchError, toSmartLaunchError } from '../smart/launch-error.ts';
import type { SmartSession } from '../smart/launch.ts';
import { fetchSmartStyle } from '../smart/smart-style.ts';
import { applySmartStyle, markSmartStyleUnavailable } from './apply-smart-style.ts';
import type { RecordLoadStore } from './clinician/record-load-store.ts';
import { ErrorScreen } from './error-screen.tsx';
import { completeLaunchOnce, type LaunchedSession } from './launch-once.ts';
import {
  preloadClinicianView,
  SessionView,
  type ClinicianChunk,
  type ClinicianViewState,
} from './session-view.tsx';

type SessionState =
  | { readonly status: 'connecting' }
  | { readonly status: 'ready'; readonly launched: LaunchedSession }
  | { readonly status: 'failed'; readonly error: SmartLaunchError };

export function SessionPage() {
  const [state, setState] = useState<SessionState>({ status: 'connecting' });
  const [view, setView] = useState<ClinicianViewState>({ status: 'loading' });
  const [now] = useState(() => new Date());
  const retryViewRef = useRef<() => void>(() => undefined);

  const onSessionExpired = useCallback((message: string) => {
    setState({ status: 'failed', error: new SmartLaunchError('session-expired', message) });
  }, []);

  useEffect(() => {
    // StrictMode runs this twice on mount: only the second run is still active when the launch completes, so
    // the launch's callbacks and the record load happen once. Unmounting stops the load.
    let active = true;
    let session: SmartSession | undefined;
    let chunk: ClinicianChunk | undefined;
    let load: RecordLoadStore | undefined;
    const startLoad = (): void => {
      if (!active || load !== undefined || session === undefined || chunk === undefined) return;
      load = chunk.startRecordLoad(session, onSessionExpired);
      setView({ status: 'ready', view: chunk.ClinicianView, recordLoad: load });
    };
    const loadChunk = (): void => {
      preloadClinicianView().then(
        (loaded) => {
          chunk = loaded;
          startLoad();
        },
        () => {
          if (active) setView({ status: 'failed' });
        },
      );
    };
    retryViewRef.current = () => {
      setView({ status: 'loading' });
      loadChunk();
    };
    loadChunk();
    const launch = completeLaunchOnce(window.location);
    launch.session.then(
      (ready) => {
        session = ready;
        startLoad();
      },
      () => undefined, // reported through `launch.launched`
    );
    launch.launched.then(
      (launched) => {
        // The record load may already have ended the session (a 401 before the banner's Patient read came back).
        if (active)
          setState((current) => (current.status === 'failed' ? current : { status: 'ready', launched }));
      },
      (caught: unknown) => {
        if (active) setState({ status: 'failed', error: toSmartLaunchError(caught) });
      },
    );
    return () => {
      active = false;
      load?.dispose();
    };
  }, [onSessionExpired]);

  const retryView = useCallback(() => {
    retryViewRef.current();
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
          view={view}
          onRetryView={retryView}
        />
      );
  }
}
