// The screen for every way a launch can fail. Contract with the e2e tests: <main data-error-kind role="alert">
// with an <h1> and a paragraph saying what happened and what to do. Text from the EHR is rendered as text.
import type { ReactNode } from 'react';
import type { SmartLaunchError, SmartLaunchErrorKind } from '../smart/launch-error.ts';

interface ErrorCopy {
  readonly title: string;
  readonly body: (error: SmartLaunchError) => ReactNode;
}

const OPEN_FROM_CHART = "Open Chartside again from the patient's chart in your EHR.";

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
          (Epic: App Orchard or Vendor Services; Oracle Health: Code Console), then adds this address, the
          client id the vendor issued and the scopes to Chartside&apos;s{' '}
          <code>launch/registered-ehrs.json</code>, as <code>launch/README.md</code> describes. Give them the
          address above.
        </p>
      </>
    ),
  },
  'missing-iss': {
    title: 'Chartside needs to be launched from an EHR',
    body: () => (
      <p>
        This address does not say which EHR to connect to (it has no <code>iss</code> parameter). Open
        Chartside from the patient&apos;s chart in your EHR, or from your EHR&apos;s app launcher.
      </p>
    ),
  },
  'opened-directly': {
    title: 'Chartside was opened without a launch',
    body: () => (
      <p>
        This page is where the EHR returns after signing you in, but no launch is in progress in this browser
        tab: it may have been bookmarked, reopened, or opened in a new tab. {OPEN_FROM_CHART}
      </p>
    ),
  },
  'access-denied': {
    title: 'Access was not granted',
    body: (error) => (
      <p>
        The EHR did not give Chartside access to this patient&apos;s record.{ehrSaid(error)} If you chose
        Deny, open Chartside again from the patient&apos;s chart and choose Allow. If access keeps being
        refused, contact your EHR administrator.
      </p>
    ),
  },
  'token-error': {
    title: 'The EHR did not start a session',
    body: (error) => (
      <p>
        Chartside was sent back from the EHR&apos;s sign-in, but the EHR refused to issue it a session.
        {ehrSaid(error)} {OPEN_FROM_CHART} If this keeps happening, contact your EHR administrator.
      </p>
    ),
  },
  network: {
    title: 'Chartside could not reach the EHR',
    body: () => (
      <p>
        The connection to the EHR failed before it answered. Check that this computer is connected to the
        hospital network, then open Chartside again from the patient&apos;s chart.
      </p>
    ),
  },
  'session-expired': {
    title: 'Your session has expired',
    body: () => (
      <p>
        The EHR no longer accepts Chartside&apos;s sign-in for this patient. To continue, relaunch Chartside
        from the patient&apos;s chart in your EHR.
      </p>
    ),
  },
  'launch-failed': {
    title: 'Chartside could not start',
    body: (error) => (
      <p>
        Something went wrong while connecting to the EHR.{ehrSaid(error)} {OPEN_FROM_CHART} If this keeps
        happening, contact your EHR administrator and give them the technical details below.
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
