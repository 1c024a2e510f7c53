// @vitest-environment jsdom
// A patient the record shows has died: the clinician view raises no suggestion and never asks the model, as
// `chartside suggest` does not. Set up as ui-clinician-view.test.tsx: the real launch, record load, context and
// rules against the EHR stand-in (msw), with Chartside's backend played by msw handlers that count every
// request to POST /api/suggestions. A living patient is launched the same way, to show the count does move.
import { cleanup, render, renderHook, screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { StrictMode } from 'react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createEhrStandIn, type EhrStandIn } from '../../mocks/ehr/stand-in.ts';
import { ehrStandInHandlers } from '../../mocks/msw-handlers.ts';
import { buildClinicalContext } from '../../src/context/clinical-context.ts';
import { diabeticCkdRecord, TEST_NOW_MS, TEST_PATIENT } from '../../src/context/test-records.ts';
import type { PatientRecord } from '../../src/record/patient-record.ts';
import type { ApiCredentials } from '../../src/ui/api/chartside-api.ts';
import { useSuggestions } from '../../src/ui/clinician/use-suggestions.ts';
import { launchUntilRedirect, serverSentEvents } from '../support/jsdom-launch.ts';

const ORIGIN = 'http://127.0.0.1:5996';
const ISS = `${ORIGIN}/ehr/sandbox/fhir`;
/** Parker Casper: heart failure, atrial fibrillation, 12 active medications; died 2021-02-21. */
const DECEASED_PATIENT_ID = 'ec6a274e-5090-45c9-b153-e40418f6fa3d';
/** Renea Quigley: diabetes with CKD, living. */
const LIVING_PATIENT_ID = 'ab4e7a7d-8b0d-41e1-9ce9-3877d7615aed';
const DEPLOYMENT = 'gpt-4o-mini-test';

const backend = {
  /** Every POST /api/suggestions, counted before anything else is read from it. */
  asked: 0,
  /** Requests the client aborted. */
  aborted: 0,
  /** Keep the answer open after the first suggestion, as a model still reviewing the record does. */
  holdOpen: false,
};

/** One model suggestion citing the first medication line of the context it was sent. */
function answer(aliases: readonly string[]): ReadableStream<Uint8Array> {
  const medication = aliases.find((alias) => alias.startsWith('M')) ?? 'M1';
  const events: (readonly [string, unknown])[] = [
    ['model', { state: 'on', deployment: DEPLOYMENT }],
    [
      'suggestion',
      {
        index: 0,
        suggestion: {
          title: 'Reconcile the medication list',
          category: 'care-gap',
          urgency: 'soon',
          rationale: 'Several medications were last ordered long ago.',
          recommendedAction: 'Consider a medication reconciliation.',
          evidence: [medication],
          quotedFacts: [],
        },
      },
    ],
  ];
  return backend.holdOpen
    ? serverSentEvents(events, { holdOpen: true })
    : serverSentEvents([...events, ['done', { shown: 1, dropped: 0 }]]);
}

const backendHandlers = [
  http.post(`${ORIGIN}/api/suggestions`, async ({ request }) => {
    backend.asked += 1;
    request.signal.addEventListener('abort', () => {
      backend.aborted += 1;
    });
    const body = (await request.json()) as { context: { aliases: string[] } };
    return new HttpResponse(answer(body.context.aliases), {
      headers: { 'content-type': 'text/event-stream' },
    });
  }),
  http.get(`${ORIGIN}/api/feedback/decisions`, () => HttpResponse.json({ decisions: [] })),
  http.post(`${ORIGIN}/api/feedback`, async ({ request }) => {
    const body = (await request.json()) as { events: unknown[] };
    return HttpResponse.json({ recorded: body.events.length });
  }),
];

let standIn: EhrStandIn;
let server: ReturnType<typeof setupServer>;

beforeAll(async () => {
  standIn = await createEhrStandIn();
  server = setupServer(...ehrStandInHandlers(standIn), ...backendHandlers);
  server.listen({ onUnhandledRequest: 'error' });
});

afterEach(() => {
  cleanup();
  sessionStorage.clear();
  backend.asked = 0;
  backend.aborted = 0;
  backend.holdOpen = false;
});

afterAll(() => {
  server.close();
});

async function launchApp(patientId: string): Promise<void> {
  await launchUntilRedirect(ISS, patientId);
  const { AppRoutes } = await import('../../src/ui/app-routes.tsx');
  render(
    <StrictMode>
      <AppRoutes />
    </StrictMode>,
  );
}

const WAIT = { timeout: 15_000 };

/** Time enough for the deferred compact context to render and the request to start, had it been made. */
async function settle(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 500));
}

describe('the clinician view for a patient who has died', () => {
  it('says so plainly, shows no suggestion and sends nothing to the model', async () => {
    await launchApp(DECEASED_PATIENT_ID);
    const region = await screen.findByRole('region', { name: 'Suggestions' }, WAIT);
    const status = await within(region).findByRole('status', undefined, WAIT);
    await waitFor(() => {
      expect(status.querySelector('[data-model-state="not-asked"]')).not.toBeNull();
    }, WAIT);
    // His record holds findings the rules would raise (warfarin, digoxin, kidney checks): they are counted.
    expect(status.textContent).toMatch(
      /^The record shows that this patient has died, so Chartside raises no suggestions: the AI model is not asked, and [1-9]\d* guideline checks are not raised\.$/u,
    );
    // The rest of the view is there: the record loaded and is shown.
    const record = screen.getByRole('region', { name: 'Record' });
    expect(within(record).getByText('Chronic congestive heart failure')).toBeTruthy();

    await settle();
    expect(backend.asked).toBe(0);
    expect(within(region).queryByRole('list', { name: 'Ranked suggestions' })).toBeNull();
    expect(within(region).queryAllByRole('article')).toEqual([]);
    // No "waiting for the model" and no empty-list placeholder beside the notice.
    expect(region.querySelector('[aria-busy="true"]')).toBeNull();
    expect(region.querySelector('[data-model-state="waiting"], [data-model-state="asking"]')).toBeNull();
    expect(within(region).queryByText(/^No suggestions for this patient/u)).toBeNull();
    expect(within(region).queryByText(/withheld/u)).toBeNull();
  });

  it('still asks the model for a living patient, and shows its suggestion', async () => {
    await launchApp(LIVING_PATIENT_ID);
    const region = await screen.findByRole('region', { name: 'Suggestions' }, WAIT);
    await waitFor(() => {
      expect(region.querySelector('[data-model-state="done"]')).not.toBeNull();
    }, WAIT);
    const list = await within(region).findByRole('list', { name: 'Ranked suggestions' }, WAIT);
    expect(list.querySelector('article[data-origin="model"]')).not.toBeNull();
    expect(within(region).queryByText(/has died/u)).toBeNull();
    await settle();
    expect(backend.asked).toBe(1);
  });
});

describe('useSuggestions when the death arrives after the model was asked', () => {
  // A Patient read that failed and came on a retry: the first context has no demographics.
  const credentials: ApiCredentials = {
    origin: ORIGIN,
    iss: ISS,
    patientId: 'p1',
    accessToken: () => Promise.resolve('token'),
    idToken: undefined,
  };
  const loadedAs = (record: PatientRecord) => ({
    record,
    context: buildClinicalContext(record, { nowMs: TEST_NOW_MS }),
  });
  const withoutPatient = loadedAs(diabeticCkdRecord({ patient: undefined }));
  const deceased = loadedAs(
    diabeticCkdRecord({ patient: { ...TEST_PATIENT, deceasedDateTime: '2021-03-01T00:00:00Z' } }),
  );

  it('aborts the request, drops its suggestions and says the model is not asked', async () => {
    backend.holdOpen = true;
    const { result, rerender } = renderHook(
      ({ loaded }) => useSuggestions(loaded.record, loaded.context, credentials),
      { initialProps: { loaded: withoutPatient } },
    );
    await waitFor(() => {
      expect(result.current.modelFindings).toHaveLength(1);
    }, WAIT);
    expect(result.current.model).toEqual({ state: 'asking', deployment: DEPLOYMENT });
    expect(backend.aborted).toBe(0);

    rerender({ loaded: deceased });
    expect(result.current.model).toEqual({ state: 'not-asked', reason: 'deceased' });
    expect(result.current.modelFindings).toEqual([]);
    await waitFor(() => {
      expect(backend.aborted).toBe(1);
    }, WAIT);
    await settle();
    expect(backend.asked).toBe(1);
    expect(result.current.model).toEqual({ state: 'not-asked', reason: 'deceased' });
  });
});
