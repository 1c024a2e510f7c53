// What Chartside shows once the launch is complete: the banner (when the EHR wants one), a slim bar naming the
// EHR, the clinician view (loaded lazily, so the first screen stays small) and the session's details.
import type { Patient } from 'fhir/r4';
import type { ComponentType } from 'react';
import type { SmartSession } from '../smart/launch.ts';
import type { ClinicianViewProps } from './clinician/clinician-view.tsx';
import type { RecordLoadStore, startRecordLoad } from './clinician/record-load-store.ts';
import { PatientBanner } from './patient-banner.tsx';

/** The lazily loaded part of the app: the clinician view, and the record load it shows. */
export interface ClinicianChunk {
  readonly ClinicianView: ComponentType<ClinicianViewProps>;
  readonly startRecordLoad: typeof startRecordLoad;
}

let loadingChunk: Promise<ClinicianChunk> | undefined;

/**
 * Starts downloading the clinician view (its own chunk: record loader, context, rules) while the SMART handshake
 * is still running; again after a failure. Not React.lazy: a lazy component suspends on its first render even
 * when its chunk is already here, and React holds a revealed Suspense boundary back for up to 300 ms; the view
 * is needed at once.
 */
export function preloadClinicianView(): Promise<ClinicianChunk> {
  loadingChunk ??= Promise.all([
    import('./clinician/clinician-view.tsx'),
    import('./clinician/record-load-store.ts'),
  ]).then(
    ([view, store]) => ({ ClinicianView: view.ClinicianView, startRecordLoad: store.startRecordLoad }),
    (error: unknown) => {
      loadingChunk = undefined;
      throw error;
    },
  );
  return loadingChunk;
}

export type ClinicianViewState =
  | { readonly status: 'loading' }
  /** The chunk is here and the record load has started. */
  | {
      readonly status: 'ready';
      readonly view: ComponentType<ClinicianViewProps>;
      readonly recordLoad: RecordLoadStore;
    }
  | { readonly status: 'failed' };

export interface SessionViewProps {
  readonly session: SmartSession;
  readonly patient: Patient;
  readonly now: Date;
  readonly view: ClinicianViewState;
  /** Downloads the clinician view again after it failed. */
  readonly onRetryView: () => void;
}

export function SessionView({ session, patient, now, view, onRetryView }: SessionViewProps) {
  return (
    <>
      {session.needPatientBanner ? <PatientBanner patient={patient} now={now} /> : null}
      <main className="screen session" data-patient-id={session.patientId}>
        <div className="app-bar">
          <span className="app-name">Chartside</span>
          <h1 id="session-heading">Connected to {session.registration.name}</h1>
        </div>
        {view.status === 'ready' ? (
          <view.view session={session} nowMs={now.getTime()} recordLoad={view.recordLoad} />
        ) : view.status === 'loading' ? (
          <p className="placeholder" role="status">
            Opening the clinician view…
          </p>
        ) : (
          <div className="section-failed" role="alert">
            <p>Chartside could not load the rest of its view. Check the connection, then try again.</p>
            <button type="button" onClick={onRetryView}>
              Try again
            </button>
          </div>
        )}
        <SessionDetails session={session} />
      </main>
    </>
  );
}

function SessionDetails({ session }: { readonly session: SmartSession }) {
  return (
    <details className="session-panel">
      <summary>About this session</summary>
      <dl className="session-facts">
        <dt>Signed-in clinician</dt>
        <dd>{session.fhirUser ?? 'Not named by the EHR (no fhirUser in the id_token)'}</dd>
        <dt>Patient id</dt>
        <dd>
          <code>{session.patientId}</code>
        </dd>
        {session.encounterId === undefined ? null : (
          <>
            <dt>Encounter id</dt>
            <dd>
              <code>{session.encounterId}</code>
            </dd>
          </>
        )}
        {session.tenant === undefined ? null : (
          <>
            <dt>Tenant</dt>
            <dd>
              <code>{session.tenant}</code>
            </dd>
          </>
        )}
        <dt>FHIR server</dt>
        <dd>
          <code>{session.serverUrl}</code>
        </dd>
        <dt>Granted scopes</dt>
        <dd>
          <ul className="scope-list" aria-label="Granted scopes">
            {session.grantedScopes.map((scope) => (
              <li key={scope}>
                <code>{scope}</code>
              </li>
            ))}
          </ul>
        </dd>
      </dl>
    </details>
  );
}
