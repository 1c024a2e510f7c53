// The launch's completion runs once per page address. React runs effects twice in development (StrictMode), and
// a second token request would replay a single-use code.
import type { Patient } from 'fhir/r4';
import { completeLaunch, readLaunchPatient, type SmartSession } from '../smart/launch.ts';

export interface LaunchedSession {
  readonly session: SmartSession;
  readonly patient: Patient;
}

export interface LaunchCompletion {
  /** The session, as soon as the token is in: the record load starts on it, without waiting for the banner. */
  readonly session: Promise<SmartSession>;
  /** The session and the launch patient (for the banner); every failure of the launch rejects this one. */
  readonly launched: Promise<LaunchedSession>;
}

const completed = new Map<string, LaunchCompletion>();

/** completeLaunch() then the launch patient, for this address, at most once. */
export function completeLaunchOnce(location: { readonly href: string }): LaunchCompletion {
  let launch = completed.get(location.href);
  if (!launch) {
    const session = completeLaunch();
    // A failed session is reported through `launched`; this keeps the early promise's rejection from going
    // unhandled when nobody waits on it.
    session.catch(() => undefined);
    launch = {
      session,
      launched: session.then(async (ready) => ({ session: ready, patient: await readLaunchPatient(ready) })),
    };
    completed.set(location.href, launch);
  }
  return launch;
}
