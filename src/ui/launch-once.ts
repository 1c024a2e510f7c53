// The launch steps run once per page address. React runs effects twice in development (StrictMode), and a
// second authorize() would replace the first's state, a second token request would replay a single-use code.
import type { Patient } from 'fhir/r4';
import { completeLaunch, readLaunchPatient, startLaunch, type SmartSession } from '../smart/launch.ts';

export interface LaunchedSession {
  readonly session: SmartSession;
  readonly patient: Patient;
}

const started = new Map<string, Promise<string | undefined>>();
const completed = new Map<string, Promise<LaunchedSession>>();

/** startLaunch() for this address, started at most once. */
export function startLaunchOnce(location: { readonly href: string }): Promise<string | undefined> {
  let launch = started.get(location.href);
  if (!launch) {
    launch = startLaunch(location);
    started.set(location.href, launch);
  }
  return launch;
}

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
