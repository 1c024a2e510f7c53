// The screen for every way a launch can fail. Contract with the e2e tests: <main data-error-kind role="alert">
// with an <h1> and a paragraph saying what happened and what to do. Text from the EHR is rendered as text.
import type { ReactNode } from 'react';
import type { LaunchType, SmartLaunchError, SmartLaunchErrorKind } from '../smart/launch-error.ts';

interface ErrorCopy {
  readonly title: string;
  readonly body: (error: SmartLaunchError) => ReactNode;
}

/**
 * How to start again, as a clause: only an EHR launch can be reopened from the chart; a standalone user (who
 * opened Chartside's own launch link, SMART "standalone launch") starts from that link and signs in again.
 * Unknown (the redirect URI opened with no launch in this tab): both.
 */
export function startAgain(launchType: LaunchType | undefined): string {
  switch (launchType) {
    case 'ehr':
      return "open Chartside again from the patient's chart in your EHR";
    case 'standalone':
      return "start again from Chartside's sign-in link (your bookmark, or the link your organisation gave you) and sign in to the EHR again";
    case undefined:
      return "open Chartside again from the patient's chart in your EHR or, if you signed in through Chartside's own sign-in link, start again from that link";
  }
}

function StartAgain({ error }: { readonly error: SmartLaunchError }) {
  const clause = startAgain(error.launchType);
  return <>{`${clause.charAt(0).toUpperCase()}${clause.slice(1)}.`}</>;
}

function ehrSaid(error: SmartLaunchError): ReactNode {
  return error.ehrDescription === undefined ? null : (
    <>
      {' '}
      The EHR said: <q>{error.ehrDescription}</q>.
    </>
  );
}

export const ERROR_COPY: Readonly<Record<SmartLaunchErrorKind, ErrorCopy>> = {
  'unknown-iss': {
    title: 'This EHR is not registered with Chartside',
    body: (error) => (
      <>
        <p>
          Chartside was launched by the EHR at <code className="iss">{error.iss ?? '(no address)'}</code>,
          which is not on Chartside&apos;s list of registered EHRs, so it did not connect to it or send it
          anything.
        </p>
        <p>
          To use Chartside with this EHR, your hospital&apos;s IT team registers Chartside with the EHR vendor
          (Epic: on Epic on FHIR, fhir.epic.com, distributed through Epic Showroom or Vendor Services; Oracle
          Health: in the Oracle Health Code Console; any other SMART App Launch 2.x server: with its
          administrator), then adds this address, the client id the vendor issued and the scopes to
          Chartside&apos;s <code>launch/registered-ehrs.json</code>, as <code>launch/README.md</code>{' '}
          describes. Give them the address above.
        </p>
      </>
    ),
  },
  'registry-invalid': {
    title: "Chartside's list of registered EHRs is invalid",
    body: () => (
      <>
        <p>
          Chartside refuses every EHR until its <code>launch/registered-ehrs.json</code> is fixed, so that a
          mistake in one entry cannot let an EHR in that IT did not mean to trust. Nothing was sent to any
          EHR.
        </p>
        <p>
          Give your IT team the technical details below. They can list the same problems with{' '}
          <code>chartside registration check launch/registered-ehrs.json</code>, as{' '}
          <code>launch/README.md</code> describes.
        </p>
      </>
    ),
  },
  'missing-iss': {
    title: 'Chartside needs to be launched from an EHR',
    body: () => (
      <p>
        This address does not say which EHR to connect to (it has no <code>iss</code> parameter). Open
        Chartside from the patient&apos;s chart in your EHR, or from your EHR&apos;s app launcher. If you were
        given a Chartside sign-in link, use it whole: it names your EHR after <code>iss=</code>.
      </p>
    ),
  },
  'opened-directly': {
    title: 'Chartside was opened without a launch',
    body: (error) => (
      <p>
        This page is where the EHR returns after signing you in, but no launch is in progress in this browser
        tab: it may have been bookmarked, reopened, or opened in a new tab. <StartAgain error={error} />
      </p>
    ),
  },
  'access-denied': {
    title: 'Access was not granted',
    body: (error) => (
      <p>
        The EHR did not give Chartside access to this patient&apos;s record.{ehrSaid(error)} If you chose
        Deny, {startAgain(error.launchType)}, and choose Allow. If access keeps being refused, contact your
        EHR administrator.
      </p>
    ),
  },
  'token-error': {
    title: 'The EHR did not start a session',
    body: (error) => (
      <p>
        Chartside was sent back from the EHR&apos;s sign-in, but the EHR refused to issue it a session.
        {ehrSaid(error)} <StartAgain error={error} /> If this keeps happening, contact your EHR administrator.
      </p>
    ),
  },
  network: {
    title: 'Chartside could not reach the EHR',
    body: (error) => (
      <p>
        The connection to the EHR failed before it answered. Check that this computer is connected to the
        hospital network, then {startAgain(error.launchType)}.
      </p>
    ),
  },
  'session-expired': {
    title: 'Your session has expired',
    body: (error) => (
      <p>
        The EHR no longer accepts Chartside&apos;s sign-in for this patient. To continue,{' '}
        {startAgain(error.launchType)}.
      </p>
    ),
  },
  'launch-failed': {
    title: 'Chartside could not start',
    body: (error) => (
      <p>
        Something went wrong while connecting to the EHR.{ehrSaid(error)} <StartAgain error={error} /> If this
        keeps happening, contact your EHR administrator and give them the technical details below.
      </p>
    ),
  },
};

export function ErrorScreen({ error }: { readonly error: SmartLaunchError }) {
  const copy = ERROR_COPY[error.kind];
  return (
    <main className="screen error-screen" data-error-kind={error.kind} role="alert">
      <h1>{copy.title}</h1>
      {copy.body(error)}
      <details className="technical-details">
        <summary>Technical details</summary>
        <pre>{error.message}</pre>
      </details>
    </main>
  );
}
