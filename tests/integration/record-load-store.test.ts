// @vitest-environment jsdom
// The clinician view's record load store against the EHR stand-in (msw): what it publishes while the record
// loads. The partial record is rebuilt only when a section finishes, and not more often than every 250 ms.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMPTY_PATIENT_RECORD, type PatientRecord } from '../../src/record/patient-record.ts';
import { startRecordLoad, type RecordLoadState } from '../../src/ui/clinician/record-load-store.ts';
import type { SmartSession } from '../../src/smart/launch.ts';
import { registeredEhrs } from '../../src/smart/registered-ehrs.ts';
import { startMswStandIn, TEST_ORIGIN, type MswStandIn } from '../support/msw-stand-in.ts';
import { fullReadScopes, startStandInSession } from '../support/stand-in-session.ts';

// tests/support/synthea-fixtures.ts names it, but resolves paths from import.meta.url, which jsdom changes.
const LARGEST_FIXTURE = 'diabetes-hypertension-stroke-polypharmacy-elderly-female';

let env: MswStandIn;

beforeAll(async () => {
  env = await startMswStandIn();
});

afterAll(() => {
  env.close();
});

/** A launched session as completeLaunch() builds it, over a token from a real SMART launch of the stand-in. */
async function sandboxSession(patientId: string): Promise<SmartSession> {
  const granted = await startStandInSession({
    origin: TEST_ORIGIN,
    profile: 'sandbox',
    patientId,
    scopes: fullReadScopes('sandbox'),
  });
  const registration = registeredEhrs().find((candidate) => candidate.profile === 'sandbox');
  if (!registration) throw new Error('no sandbox registration');
  return {
    registration,
    serverUrl: granted.fhirBaseUrl,
    patientId,
    encounterId: undefined,
    needPatientBanner: false,
    smartStyleUrl: undefined,
    tenant: undefined,
    fhirUser: undefined,
    grantedScopes: granted.grantedScopes.split(' '),
    credentials: { freshAccessToken: () => Promise.resolve(granted.accessToken), idToken: () => undefined },
  };
}

interface Published {
  readonly atMs: number;
  readonly state: RecordLoadState;
}

async function followLoad(patientId: string): Promise<Published[]> {
  const session = await sandboxSession(patientId);
  const store = startRecordLoad(session, () => {
    throw new Error('the session should not expire');
  });
  const published: Published[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      store.subscribe(() => {
        const state = store.getSnapshot();
        published.push({ atMs: performance.now(), state });
        if (state.status === 'loaded') resolve();
        if (state.status === 'failed') reject(new Error(state.message));
      });
    });
  } finally {
    store.dispose();
  }
  return published;
}

describe('the record load store', () => {
  it('rebuilds the partial record only when a section has finished, at most every 250 ms', async () => {
    // Her Observations take three pages, so the load runs in several waves; pages spread over time, as from
    // a real EHR.
    const patient = env.standIn.patients.list().find(({ fixture }) => fixture === LARGEST_FIXTURE);
    if (!patient) throw new Error(`no fixture ${LARGEST_FIXTURE}`);
    env.standIn.faults.set({ latencyMs: 150 });
    let published: Published[];
    try {
      published = await followLoad(patient.id);
    } finally {
      env.standIn.faults.reset();
    }
    const loading = published.filter(({ state }) => state.status === 'loading');
    // Progress is published more often than the record changes.
    const rebuilds: Published[] = [];
    let previous: PatientRecord = EMPTY_PATIENT_RECORD;
    for (const entry of loading) {
      if (entry.state.record !== previous) rebuilds.push(entry);
      previous = entry.state.record;
    }
    expect(loading.length).toBeGreaterThan(rebuilds.length);
    expect(rebuilds.length).toBeGreaterThan(1);
    for (const [index, entry] of rebuilds.entries()) {
      const before = rebuilds[index - 1];
      if (before === undefined) continue;
      expect(entry.state.done.size).toBeGreaterThan(before.state.done.size);
      expect(entry.atMs - before.atMs).toBeGreaterThanOrEqual(240);
    }
    // What was published last while loading is the record of the sections it says are done.
    const final = published.at(-1)?.state;
    expect(final?.status).toBe('loaded');
    expect(final?.done.size).toBeGreaterThan(rebuilds.at(-1)?.state.done.size ?? 0);
  });
});
