// What Chartside shows once the launch is complete: the banner (when the EHR wants one) and an honest account
// of the session. The record and suggestions arrive in later issues; nothing here is made up.
import type { Patient } from 'fhir/r4';
import type { LaunchContext } from '../smart/launch-context.ts';
import { PatientBanner } from './patient-banner.tsx';

export interface SessionViewProps {
  readonly context: LaunchContext;
  readonly patient: Patient;
  readonly now: Date;
}

export function SessionView({ context, patient, now }: SessionViewProps) {
  return (
    <>
      {context.needPatientBanner ? <PatientBanner patient={patient} now={now} /> : null}
      <main className="screen session" data-patient-id={context.patientId}>
        <section className="session-panel" aria-labelledby="session-heading">
          <h1 id="session-heading">Connected to {context.registration.name}</h1>
          <dl className="session-facts">
            <dt>Signed-in clinician</dt>
            <dd>{context.fhirUser ?? 'Not named by the EHR (no fhirUser in the id_token)'}</dd>
            <dt>Patient id</dt>
            <dd>
              <code>{context.patientId}</code>
            </dd>
            {context.encounterId === undefined ? null : (
              <>
                <dt>Encounter id</dt>
                <dd>
                  <code>{context.encounterId}</code>
                </dd>
              </>
            )}
            {context.tenant === undefined ? null : (
              <>
                <dt>Tenant</dt>
                <dd>
                  <code>{context.tenant}</code>
                </dd>
              </>
            )}
            <dt>FHIR server</dt>
            <dd>
              <code>{context.serverUrl}</code>
            </dd>
            <dt>Granted scopes</dt>
            <dd>
              <ul className="scope-list" aria-label="Granted scopes">
                {context.grantedScopes.map((scope) => (
                  <li key={scope}>
                    <code>{scope}</code>
                  </li>
                ))}
              </ul>
            </dd>
          </dl>
          <p className="session-note">
            Chartside has read this patient&apos;s demographics only. Reading the record and showing
            suggestions are not part of this version yet.
          </p>
        </section>
      </main>
    </>
  );
}
