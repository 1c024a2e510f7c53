// The launch's completion runs once per page address. React runs effects twice in development (StrictMode), and
// a second token request would replay a single-use code.
import type { Patient } from 'fhir/r4';
import { completeLaunch, readLaunchPatient, type SmartSession } from '../smart/launch.ts';

export interface LaunchedSession {
  readonly session: SmartSession;
  readonly patient: Patient;
}

const completed = new Map<string, Promise<LaunchedSession>>();

/** completeLaunch() then the launch patient, for this address, at most once. */
export function completeLaunchOnce(location: { readonly href: string }): Promise<LaunchedSession> {
  let launch = completed.get(location.href);
  if (!launch) {
    launch = completeLaunch().then(async (session) => ({
      session,
      patient: await readLaunchPatient(session),
    }));
    completed.set(location.href, launch);
  }
  return launch;
}
