// Test-only: the set-up the loader's integration tests share. The EHR stand-in over msw, the largest fixture
// patient, and a sandbox session from a real SMART launch, made once per file; faults and recorded exchanges
// reset after each test.
import { afterAll, afterEach, beforeAll } from 'vitest';
import { startMswStandIn, TEST_ORIGIN, type MswStandIn } from './msw-stand-in.ts';
import { startStandInSession, type StandInSession } from './stand-in-session.ts';
import { LARGEST_FIXTURE, readFixtureRecord, type FixtureRecord } from './synthea-fixtures.ts';

export interface LargestFixtureSandbox {
  readonly env: MswStandIn;
  readonly fixture: FixtureRecord;
  readonly session: StandInSession;
}

/** Registers the hooks; `onReady` gets the set-up once it is made (assign it to the file's variables there). */
export function useLargestFixtureSandbox(
  onReady: (sandbox: LargestFixtureSandbox) => void | Promise<void>,
): void {
  let env: MswStandIn | undefined;
  beforeAll(async () => {
    env = await startMswStandIn();
    const fixture = await readFixtureRecord(LARGEST_FIXTURE);
    const session = await startStandInSession({
      origin: TEST_ORIGIN,
      profile: 'sandbox',
      patientId: fixture.patientId,
    });
    await onReady({ env, fixture, session });
  });
  afterEach(() => {
    env?.standIn.faults.reset();
    env?.clearExchanges();
  });
  afterAll(() => {
    env?.close();
  });
}
