// The record loader when the EHR fails the way real ones do: per-section failures stay in their section,
// throttling is retried, a 401 ends the load, and a cancel stops every further request.
import { describe, expect, it } from 'vitest';
import { FhirRequestError, SessionExpiredError } from '../../src/fhir/fhir-errors.ts';
import type { FetchFunction } from '../../src/fhir/fhir-http.ts';
import {
  loadPatientRecord,
  retryRecordSection,
  type LoadPatientRecordOptions,
  type SectionProgress,
} from '../../src/fhir/load-patient-record.ts';
import { countRecordResources } from '../../src/record/patient-record.ts';
import { NOT_PERMITTED_MESSAGE } from '../../src/fhir/section-plan.ts';
import { fhirRequestPaths, TEST_ORIGIN, type MswStandIn } from '../support/msw-stand-in.ts';
import { useLargestFixtureSandbox } from '../support/largest-fixture-sandbox.ts';
import { startStandInSession, type StandInSession } from '../support/stand-in-session.ts';
import type { FixtureRecord } from '../support/synthea-fixtures.ts';

let env: MswStandIn;
let fixture: FixtureRecord;
let sandbox: StandInSession;

useLargestFixtureSandbox(async (ready) => {
  ({ env, fixture, session: sandbox } = ready);
  // Warm the stand-in (it builds the patient's repository on first use) so timings below are the loader's.
  await loadPatientRecord(sandbox);
});

/** Fast retries for tests; the defaults (500 ms doubling) suit a real EHR. */
function options(extra: Partial<LoadPatientRecordOptions> = {}): LoadPatientRecordOptions {
  return { ...sandbox, retry: { maxAttempts: 3, baseDelayMs: 5 }, ...extra };
}

function requestsFor(resourceType: string): string[] {
  return fhirRequestPaths(env.exchanges(), sandbox.fhirBaseUrl).filter(
    (path) => path.startsWith(`${resourceType}?`) || path.startsWith(`${resourceType}/`),
  );
}

describe('forbidden sections', () => {
  it('never requests a type the grant leaves out, and says so', async () => {
    const types = [
      'Patient',
      'Condition',
      'Observation',
      'MedicationRequest',
      'Procedure',
      'DiagnosticReport',
      'Encounter',
      'CarePlan',
      'Goal',
    ];
    const narrow = await startStandInSession({
      origin: TEST_ORIGIN,
      profile: 'oracle',
      patientId: fixture.patientId,
      scopes: ['launch', ...types.map((type) => `patient/${type}.read`)],
    });
    env.clearExchanges();
    const { record, diagnostics } = await loadPatientRecord({ ...narrow });

    for (const section of [
      'Immunization',
      'AllergyIntolerance',
      'FamilyMemberHistory',
      'DocumentReference',
    ] as const) {
      expect(diagnostics.sections[section]).toEqual({
        status: 'forbidden',
        resources: 0,
        pages: 0,
        message: NOT_PERMITTED_MESSAGE,
      });
    }
    const paths = fhirRequestPaths(env.exchanges(), narrow.fhirBaseUrl);
    expect(
      paths.filter((path) =>
        /^(Immunization|AllergyIntolerance|FamilyMemberHistory|DocumentReference)\b/.test(path),
      ),
    ).toEqual([]);
    expect(env.exchanges().some((exchange) => exchange.status === 403)).toBe(false);
    expect(record.immunizations).toEqual([]);
    expect(record.observations).toHaveLength(fixture.expectedCounts.Observation ?? -1);
  });

  it('marks a section forbidden when the EHR answers 403 anyway, and loads the rest', async () => {
    env.standIn.faults.set({ fhir: [{ status: 403, resourceType: 'DiagnosticReport' }] });
    const { record, diagnostics } = await loadPatientRecord(options());
    expect(diagnostics.sections.DiagnosticReport).toEqual({
      status: 'forbidden',
      resources: 0,
      pages: 0,
      httpStatus: 403,
      message: `${NOT_PERMITTED_MESSAGE} (Simulated fault: HTTP 403)`,
    });
    expect(record.diagnosticReports).toEqual([]);
    expect(countRecordResources(record)).toEqual({ ...fixture.expectedCounts, DiagnosticReport: undefined });
  });
});

describe('session expiry', () => {
  it('rejects the whole load with SessionExpiredError on a 401 and sends nothing more', async () => {
    env.standIn.faults.set({ latencyMs: 5, fhir: [{ status: 401, resourceType: 'Encounter' }] });
    const load = loadPatientRecord(options());
    await expect(load).rejects.toBeInstanceOf(SessionExpiredError);
    await expect(load).rejects.toThrow(/401.*Launch the app again/);
    const sentAtRejection = env.exchanges().length;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(env.exchanges().length).toBe(sentAtRejection);
  });

  it('treats an unknown token as an expired session', async () => {
    await expect(loadPatientRecord({ ...options(), accessToken: 'not-a-token' })).rejects.toBeInstanceOf(
      SessionExpiredError,
    );
  });
});

describe('throttling', () => {
  it('waits as long as Retry-After says, retries, and loads everything', async () => {
    env.standIn.faults.set({
      fhir: [{ status: 429, resourceType: 'Observation', times: 1, retryAfterSeconds: 1 }],
    });
    const startedMs = performance.now();
    const { record, diagnostics } = await loadPatientRecord(
      options({ retry: { maxAttempts: 3, baseDelayMs: 1 } }),
    );
    expect(performance.now() - startedMs).toBeGreaterThanOrEqual(990);
    expect(diagnostics.retries).toBe(1);
    expect(diagnostics.requests).toBe(diagnostics.pages + 1 + 1);
    expect(countRecordResources(record)).toEqual(fixture.expectedCounts);
    expect(Object.values(diagnostics.sections).every((section) => section.status !== 'error')).toBe(true);
  });

  it('backs off exponentially on 503 without Retry-After', async () => {
    env.standIn.faults.set({ fhir: [{ status: 503, resourceType: 'Goal', times: 2 }] });
    const { record, diagnostics } = await loadPatientRecord(
      options({ retry: { maxAttempts: 3, baseDelayMs: 20 } }),
    );
    expect(diagnostics.retries).toBe(2);
    expect(record.goals).toHaveLength(fixture.expectedCounts.Goal ?? -1);
  });

  it('gives up after maxAttempts and reports the section', async () => {
    env.standIn.faults.set({ fhir: [{ status: 503, resourceType: 'Goal', retryAfterSeconds: 0 }] });
    const { diagnostics } = await loadPatientRecord(options({ retry: { maxAttempts: 2, baseDelayMs: 1 } }));
    expect(diagnostics.sections.Goal).toMatchObject({ status: 'error', httpStatus: 503 });
    expect(diagnostics.retries).toBe(1);
  });
});

describe('failing sections', () => {
  it('keeps a 500 in its section, and a retry of that section succeeds once the fault clears', async () => {
    env.standIn.faults.set({ fhir: [{ status: 500, resourceType: 'Procedure' }] });
    const first = await loadPatientRecord(options());
    expect(first.diagnostics.sections.Procedure).toEqual({
      status: 'error',
      resources: 0,
      pages: 0,
      httpStatus: 500,
      message: 'HTTP 500: Simulated fault: HTTP 500',
    });
    expect(first.record.procedures).toEqual([]);
    expect(countRecordResources(first.record)).toEqual({ ...fixture.expectedCounts, Procedure: undefined });

    await expect(retryRecordSection(first, 'Procedure', options())).resolves.toMatchObject({
      diagnostics: { sections: { Procedure: { status: 'error' } } },
    });

    env.standIn.faults.reset();
    env.clearExchanges();
    const retried = await retryRecordSection(first, 'Procedure', options());
    expect(requestsFor('Procedure')).toHaveLength(1);
    expect(fhirRequestPaths(env.exchanges(), sandbox.fhirBaseUrl)).toHaveLength(1);
    expect(retried.diagnostics.sections.Procedure).toEqual({
      status: 'loaded',
      resources: fixture.expectedCounts.Procedure,
      pages: 1,
    });
    expect(countRecordResources(retried.record)).toEqual(fixture.expectedCounts);
    expect(retried.diagnostics.requests).toBe(first.diagnostics.requests + 1);
  });

  it('reports a 404 with the OperationOutcome text', async () => {
    env.standIn.faults.set({ fhir: [{ status: 404, resourceType: 'CarePlan' }] });
    const { diagnostics } = await loadPatientRecord(options());
    expect(diagnostics.sections.CarePlan).toMatchObject({
      status: 'error',
      httpStatus: 404,
      message: 'HTTP 404: Simulated fault: HTTP 404',
    });
    expect(diagnostics.sections.Goal?.status).toBe('loaded');
  });

  it('times out a section whose server stalls, without waiting for it', async () => {
    env.standIn.faults.set({ fhir: [{ delayMs: 2000, resourceType: 'Immunization' }] });
    const startedMs = performance.now();
    const { record, diagnostics } = await loadPatientRecord(options({ requestTimeoutMs: 300 }));
    expect(performance.now() - startedMs).toBeLessThan(1500);
    expect(diagnostics.sections.Immunization).toEqual({
      status: 'error',
      resources: 0,
      pages: 0,
      message: 'no answer from the EHR within 300 ms',
    });
    expect(record.immunizations).toEqual([]);
    expect(record.observations).toHaveLength(fixture.expectedCounts.Observation ?? -1);
  });

  it('rejects with a network FhirRequestError when the EHR cannot be reached', async () => {
    const unreachable = (): Promise<Response> =>
      Promise.reject(new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:1') }));
    const load = loadPatientRecord(options({ fetch: unreachable }));
    await expect(load).rejects.toBeInstanceOf(FhirRequestError);
    await expect(load).rejects.toMatchObject({
      kind: 'network',
      message: 'could not reach the EHR at http://127.0.0.1:5998: connect ECONNREFUSED 127.0.0.1:1',
    });
  });

  it('reports no progress once the load has failed: the sections it cut short are not done', async () => {
    env.standIn.faults.set({ latencyMs: 30 });
    const metadataUnreachable: FetchFunction = (input, init) =>
      input.endsWith('/metadata')
        ? Promise.reject(new TypeError('fetch failed', { cause: new Error('ECONNRESET') }))
        : fetch(input, init);
    const events: SectionProgress[] = [];
    const load = loadPatientRecord(
      options({ fetch: metadataUnreachable, onProgress: (event) => events.push(event) }),
    );
    await expect(load).rejects.toMatchObject({ kind: 'network' });
    const atRejection = events.length;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(events).toHaveLength(atRejection);
  });
});

describe('cancel', () => {
  it('stops every further request when the caller aborts', async () => {
    env.standIn.faults.set({ latencyMs: 30 });
    const controller = new AbortController();
    let sentAtAbort = 0;
    const load = loadPatientRecord(
      options({
        signal: controller.signal,
        pageSize: 20,
        onProgress: () => {
          if (!controller.signal.aborted) {
            sentAtAbort = env.exchanges().length;
            controller.abort();
          }
        },
      }),
    );
    await expect(load).rejects.toMatchObject({ name: 'AbortError' });
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(sentAtAbort).toBeGreaterThan(0);
    expect(env.exchanges().length).toBe(sentAtAbort);
    // Far fewer than a full load (≈ 60 requests at 20 a page): the rest were never sent.
    expect(sentAtAbort).toBeLessThan(20);
  });

  it('sends nothing when the signal is already aborted', async () => {
    await expect(loadPatientRecord(options({ signal: AbortSignal.abort() }))).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(env.exchanges()).toEqual([]);
  });
});
