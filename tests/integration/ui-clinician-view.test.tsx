// @vitest-environment jsdom
// The clinician view through the real launch, record load, context, rules and ranking, against the real EHR
// stand-in (msw), with Chartside's own backend played by msw handlers that follow its contract: server-sent
// events for model suggestions, and the feedback routes. Queried by role, as assistive technology sees it.
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { StrictMode } from 'react';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createEhrStandIn, type EhrStandIn } from '../../mocks/ehr/stand-in.ts';
import { ehrStandInHandlers } from '../../mocks/msw-handlers.ts';
import { launchUntilRedirect, serverSentEvents } from '../support/jsdom-launch.ts';

const ORIGIN = 'http://127.0.0.1:5997';
const ISS = `${ORIGIN}/ehr/sandbox/fhir`;
/** Diabetes with CKD: the guideline rules have findings for her. */
const PATIENT_ID = 'ab4e7a7d-8b0d-41e1-9ce9-3877d7615aed';
const DEPLOYMENT = 'gpt-4o-mini-test';
const HTML_TITLE = '<img src=x onerror=alert(1)>Review the medication list';

type ModelPlan = 'on' | 'off';

interface Backend {
  model: ModelPlan;
  /** Decisions the backend returns, by suggestion id. */
  decisions: Map<string, { action: string; reason: string | null; snoozeUntil: string | null }>;
  /** Every POST /api/feedback body. */
  posted: unknown[];
  /** Every POST /api/suggestions body. */
  asked: unknown[];
  /** Authorization headers seen, to check the token is sent. */
  authorizations: string[];
}

const backend: Backend = { model: 'on', decisions: new Map(), posted: [], asked: [], authorizations: [] };

/** One grounded suggestion citing the first two medication lines of the context it was sent, one withheld. */
function modelEvents(context: { text: string; aliases: string[] }): (readonly [string, unknown])[] {
  if (backend.model === 'off')
    return [
      ['model', { state: 'off' }],
      ['done', { shown: 0, dropped: 0 }],
    ];
  const medications = context.aliases.filter((alias) => alias.startsWith('M')).slice(0, 2);
  return [
    ['model', { state: 'on', deployment: DEPLOYMENT }],
    [
      'suggestion',
      {
        index: 0,
        suggestion: {
          title: HTML_TITLE,
          category: 'care-gap',
          urgency: 'soon',
          rationale: 'Several medications were last ordered long ago. Confirm which are still taken.',
          recommendedAction: 'Consider a medication reconciliation.',
          evidence: medications,
          quotedFacts: [],
        },
      },
    ],
    [
      'dropped',
      { index: 1, reason: 'unknown-alias', detail: 'Cites L999, which is not in the record sent.' },
    ],
    ['done', { shown: 1, dropped: 1 }],
  ];
}

const backendHandlers = [
  http.post(`${ORIGIN}/api/suggestions`, async ({ request }) => {
    backend.authorizations.push(request.headers.get('authorization') ?? '');
    const body = (await request.json()) as { context: { text: string; aliases: string[] } };
    backend.asked.push(body);
    return new HttpResponse(serverSentEvents(modelEvents(body.context), { gapMs: 20 }), {
      headers: { 'content-type': 'text/event-stream' },
    });
  }),
  http.get(`${ORIGIN}/api/feedback/decisions`, ({ request }) => {
    if (request.headers.get('x-smart-id-token') === null)
      return HttpResponse.json({ error: 'id_token_required' }, { status: 401 });
    const decisions = [...backend.decisions].map(([suggestionId, decision]) => ({
      suggestionId,
      source: suggestionId.startsWith('model:') ? 'model' : 'rules',
      ...decision,
      recordedAt: '2026-11-20T10:00:00.000Z',
    }));
    return HttpResponse.json({ decisions });
  }),
  http.post(`${ORIGIN}/api/feedback`, async ({ request }) => {
    const body = (await request.json()) as {
      events: { suggestionId: string; action: string; reason?: string; snoozeUntil?: string }[];
    };
    backend.posted.push(body);
    for (const event of body.events) {
      if (event.action !== 'shown') {
        backend.decisions.set(event.suggestionId, {
          action: event.action,
          reason: event.reason ?? null,
          snoozeUntil: event.snoozeUntil ?? null,
        });
      }
    }
    return HttpResponse.json({ recorded: body.events.length });
  }),
];

let standIn: EhrStandIn;
let server: ReturnType<typeof setupServer>;

interface SeenFetch {
  /** Relative to the FHIR base for FHIR requests. */
  readonly path: string;
  readonly signal: AbortSignal | undefined;
  /** Whether the session view (its heading) and the Record region were on screen when the request was sent. */
  readonly sessionOnScreen: boolean;
  readonly recordOnScreen: boolean;
}

/** Every fetch the app sent since renderApp(), as it was sent (fhirclient's own requests do not pass here). */
const fetches: SeenFetch[] = [];

function fhirFetches(): SeenFetch[] {
  return fetches.filter((seen) => seen.path.startsWith('fhir:'));
}

/** The record load's FHIR requests: the launch reads the Patient for the banner on its own. */
function loadFetches(): SeenFetch[] {
  return fhirFetches().filter((seen) => !seen.path.startsWith('fhir:Patient/'));
}

beforeAll(async () => {
  standIn = await createEhrStandIn();
  server = setupServer(...ehrStandInHandlers(standIn), ...backendHandlers);
  server.listen({ onUnhandledRequest: 'error' });
  // Wraps msw's fetch: the loader and fhirclient both call the global one.
  const mswFetch = globalThis.fetch;
  vi.spyOn(globalThis, 'fetch').mockImplementation((input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    fetches.push({
      path: url.startsWith(`${ISS}/`) ? `fhir:${url.slice(ISS.length + 1)}` : url,
      signal: init?.signal ?? undefined,
      sessionOnScreen: document.getElementById('session-heading') !== null,
      recordOnScreen: document.getElementById('record') !== null,
    });
    return mswFetch(input, init);
  });
});

afterEach(() => {
  cleanup();
  standIn.faults.reset();
  sessionStorage.clear();
  backend.model = 'on';
  backend.decisions.clear();
  backend.posted.length = 0;
  backend.asked.length = 0;
  backend.authorizations.length = 0;
});

afterAll(() => {
  vi.restoreAllMocks();
  server.close();
});

/** A launch up to the redirect back to Chartside (a fresh page: the launch-once memo starts empty). */
/** The app as main.tsx mounts it; the fetch log starts here. */
async function renderApp(): Promise<void> {
  const { AppRoutes } = await import('../../src/ui/app-routes.tsx');
  fetches.length = 0;
  render(
    <StrictMode>
      <AppRoutes />
    </StrictMode>,
  );
}

async function launchApp(): Promise<void> {
  await launchUntilRedirect(ISS, PATIENT_ID);
  await renderApp();
}

const WAIT = { timeout: 15_000 };

async function suggestionsRegion(): Promise<HTMLElement> {
  return screen.findByRole('region', { name: 'Suggestions' }, WAIT);
}

async function rankedCards(): Promise<HTMLElement[]> {
  const region = await suggestionsRegion();
  const list = await within(region).findByRole('list', { name: 'Ranked suggestions' }, WAIT);
  return within(list).getAllByRole('article');
}

async function modelDone(): Promise<HTMLElement> {
  const region = await suggestionsRegion();
  await waitFor(() => {
    expect(region.querySelector('[data-model-state="done"], [data-model-state="off"]')).not.toBeNull();
  }, WAIT);
  return region;
}

describe('the clinician view after a launch', () => {
  it('shows load progress, guideline findings, then the model suggestions streamed in, with the withheld count', async () => {
    await launchApp();
    expect(
      await screen.findByRole(
        'heading',
        { level: 1, name: 'Connected to Chartside sandbox EHR (SMART App Launch 2.2)' },
        WAIT,
      ),
    ).toBeTruthy();
    expect(await screen.findByText(/^(Loading the record|Record loaded)/u, undefined, WAIT)).toBeTruthy();

    const region = await modelDone();
    expect(within(region).getByText(/secondary to your clinical judgment/u)).toBeTruthy();
    expect(
      within(region).getByText(
        `AI model: ${DEPLOYMENT}. Its suggestions are checked against the record before they are shown.`,
      ),
    ).toBeTruthy();
    expect(within(region).getByText('1 AI suggestion withheld: it did not match the record.')).toBeTruthy();

    const cards = await rankedCards();
    expect(cards.length).toBeGreaterThanOrEqual(2);
    expect(cards.length).toBeLessThanOrEqual(5);
    const guideline = cards.find((card) => card.dataset['origin'] === 'rules');
    expect(within(guideline ?? document.body).getByText(/^Guideline: .+ \d{4}$/u)).toBeTruthy();
    const model = cards.find((card) => card.dataset['origin'] === 'model');
    if (!model) throw new Error('no model card');
    expect(within(model).getByText(`AI model: ${DEPLOYMENT}`)).toBeTruthy();
    // Model text is text: the tag is shown, never made into an element.
    expect(within(model).getByRole('heading', { level: 3 }).textContent).toBe(HTML_TITLE);
    expect(model.querySelector('img')).toBeNull();

    // The model saw the compact context only, and the token went with it.
    const asked = backend.asked[0] as {
      iss: string;
      patientId: string;
      context: { text: string; aliases: string[] };
    };
    expect(asked.iss).toBe(ISS);
    expect(asked.patientId).toBe(PATIENT_ID);
    expect(asked.context.text).not.toContain(PATIENT_ID);
    expect(asked.context.text).not.toContain('"resourceType"');
    expect(backend.authorizations[0]).toMatch(/^Bearer \S+$/u);

    // Record and Trends regions are there, with the record's content.
    const record = screen.getByRole('region', { name: 'Record' });
    expect(within(record).getByRole('heading', { name: 'Problems' })).toBeTruthy();
    expect(within(record).getByText('Diabetes')).toBeTruthy();
    expect(screen.getByRole('region', { name: 'Trends' })).toBeTruthy();
    expect(await screen.findByRole('figure', { name: /eGFR/u }, WAIT)).toBeTruthy();

    // The Risk region beside the suggestions, with the pipeline's scores for her.
    const risk = screen.getByRole('region', { name: 'Risk' });
    const scores = within(risk).getByRole('list', { name: 'Risk scores' });
    const rows = within(scores)
      .getAllByRole('listitem')
      .filter((item) => item.parentElement === scores);
    expect(rows).toHaveLength(6);
    for (const item of rows)
      expect(item.querySelector('summary')?.textContent).toMatch(
        / (\d+(\.\d)? (%|points?|mL\/min\/1\.73 m²)|not computable — .+|not applicable \(.+\))$/u,
      );
    // She has no atrial fibrillation: CHA2DS2-VASc (computable: female, 68, hypertension, diabetes) is marked so.
    const cha2ds2Vasc = rows.find((item) => item.dataset['scoreId'] === 'cha2ds2-vasc');
    expect(cha2ds2Vasc?.querySelector('summary')?.textContent).toBe(
      'CHA2DS2-VASc not applicable (no atrial fibrillation on the problem list)',
    );
  });

  it('opens the evidence of a suggestion in a drawer: what, value, when, status', async () => {
    await launchApp();
    await modelDone();
    const cards = await rankedCards();
    const guideline = cards.find((card) => card.dataset['origin'] === 'rules') ?? cards[0];
    if (!guideline) throw new Error('no card');
    const chips = within(within(guideline).getByRole('group', { name: 'Evidence' })).getAllByRole('button');
    chips[0]?.click();
    const drawer = await screen.findByRole('dialog', { name: 'Evidence' });
    const items = within(drawer).getAllByRole('listitem');
    expect(items.length).toBe(chips.length);
    for (const item of items) {
      expect(
        within(item)
          .getAllByRole('term')
          .map((term) => term.textContent),
      ).toEqual(['Value', 'When', 'Status']);
      expect(item.textContent).not.toContain('Not in the record as loaded');
    }
    within(drawer).getByRole('button', { name: 'Close' }).click();
    await waitFor(() => {
      expect(screen.queryByRole('dialog', { name: 'Evidence' })).toBeNull();
    });
  });

  it('accepts one and dismisses one with a reason, sending ids and reasons only', async () => {
    await launchApp();
    await modelDone();
    const [first, second] = await rankedCards();
    if (!first || !second) throw new Error('two cards expected');
    const firstId = first.dataset['findingId'] ?? '';
    const secondId = second.dataset['findingId'] ?? '';
    const secondTitle = within(second).getByRole('heading', { level: 3 }).textContent;

    within(first).getByRole('button', { name: 'Accept' }).click();
    expect(await within(first).findByText('Accepted.')).toBeTruthy();

    within(second).getByRole('button', { name: 'Dismiss…' }).click();
    const form = await within(second).findByRole('form');
    within(form).getByRole('button', { name: 'Dismiss' }).click();
    expect((await within(form).findByRole('alert')).textContent).toBe('Choose a reason.');
    within(form).getByRole('radio', { name: 'Other' }).click();
    const reason = await within(form).findByRole('textbox', { name: 'Reason' });
    const { fireEvent } = await import('@testing-library/react');
    fireEvent.change(reason, { target: { value: 'Seen by nephrology last week' } });
    within(form).getByRole('button', { name: 'Dismiss' }).click();
    await waitFor(() => {
      expect(document.querySelector(`[data-finding-id="${secondId}"]`)).toBeNull();
    });

    await waitFor(() => {
      const events = backend.posted.flatMap((body) => (body as { events: Record<string, unknown>[] }).events);
      expect(events).toEqual(
        expect.arrayContaining([
          { suggestionId: firstId, source: first.dataset['origin'], action: 'accepted' },
          {
            suggestionId: secondId,
            source: second.dataset['origin'],
            action: 'dismissed',
            reason: 'other',
            reasonText: 'Seen by nephrology last week',
          },
        ]),
      );
      expect(
        events.filter((event) => event['action'] === 'shown').map((event) => event['suggestionId']),
      ).toEqual(expect.arrayContaining([firstId, secondId]));
    });
    // Never the suggestion's own text, never the clinician's identity: the server takes that from the id_token.
    const sent = JSON.stringify(backend.posted);
    expect(sent).not.toContain(secondTitle);
    expect(sent).not.toContain('fhirUser');

    // The toggle brings the dismissed one back, marked.
    const region = await suggestionsRegion();
    within(region).getByRole('checkbox', { name: 'Show dismissed and snoozed (1)' }).click();
    const hidden = await within(region).findByRole('list', { name: 'Dismissed and snoozed suggestions' });
    expect(within(hidden).getByText('Dismissed: other.')).toBeTruthy();
  });

  it('hides what the clinician dismissed or snoozed at an earlier launch', async () => {
    await launchApp();
    await modelDone();
    const [first, second] = await rankedCards();
    const firstId = first?.dataset['findingId'] ?? '';
    const secondId = second?.dataset['findingId'] ?? '';
    cleanup();
    sessionStorage.clear();

    backend.decisions.set(firstId, { action: 'dismissed', reason: 'not-relevant', snoozeUntil: null });
    backend.decisions.set(secondId, {
      action: 'snoozed',
      reason: null,
      snoozeUntil: '2999-01-01T00:00:00.000Z',
    });
    await launchApp();
    await modelDone();
    const ids = (await rankedCards()).map((card) => card.dataset['findingId']);
    expect(ids).not.toContain(firstId);
    expect(ids).not.toContain(secondId);
    const region = await suggestionsRegion();
    within(region).getByRole('checkbox', { name: 'Show dismissed and snoozed (2)' }).click();
    const hidden = await within(region).findByRole('list', { name: 'Dismissed and snoozed suggestions' });
    expect(within(hidden).getByText('Dismissed: not relevant.')).toBeTruthy();
    expect(within(hidden).getByText(/^Snoozed until /u)).toBeTruthy();
  });

  it('says when the model is off', async () => {
    backend.model = 'off';
    await launchApp();
    const region = await modelDone();
    expect(within(region).getByText('AI model off — showing guideline checks only')).toBeTruthy();
    expect(within(region).queryByText(/withheld/u)).toBeNull();
    const cards = await rankedCards();
    expect(cards.every((card) => card.dataset['origin'] === 'rules')).toBe(true);
  });

  it('marks a section that failed to load and retries it', async () => {
    standIn.faults.set({ fhir: [{ status: 404, resourceType: 'AllergyIntolerance', times: 1 }] });
    await launchApp();
    const record = await screen.findByRole('region', { name: 'Record' }, WAIT);
    const failure = await within(record).findByRole('alert', undefined, WAIT);
    expect(failure.textContent).toMatch(/^Not loaded: AllergyIntolerance/u);
    within(failure).getByRole('button', { name: 'Retry' }).click();
    await waitFor(() => {
      expect(within(record).queryByRole('alert')).toBeNull();
    }, WAIT);
    expect(within(record).getByRole('heading', { name: 'Allergies' })).toBeTruthy();
  });

  it('shows the relaunch screen when the EHR stops accepting the token during the load', async () => {
    // The launch reads the Patient; the record load's first Observation search gets the 401.
    standIn.faults.set({ fhir: [{ status: 401, resourceType: 'Observation' }] });
    await launchApp();
    const alert = await screen.findByRole('alert', undefined, WAIT);
    expect(alert.dataset['errorKind']).toBe('session-expired');
    expect(within(alert).getByRole('heading', { level: 1 }).textContent).toBe('Your session has expired');
  });

  it('shows each record part and trend chart as its sections arrive; suggestions wait for the whole record', async () => {
    // Every Observation search held back: problems are in long before the results.
    standIn.faults.set({ fhir: [{ delayMs: 3000, resourceType: 'Observation' }] });
    await launchApp();
    const record = await screen.findByRole('region', { name: 'Record' }, WAIT);
    expect(await within(record).findByText('Diabetes', undefined, WAIT)).toBeTruthy();
    const resultsLoading = within(record).getByText('Loading recent results…');
    expect(resultsLoading.getAttribute('role')).toBe('status');
    expect(resultsLoading.getAttribute('aria-live')).toBe('polite');
    expect(within(record).queryByRole('table')).toBeNull();
    const egfr = within(screen.getByRole('region', { name: 'Trends' })).getByRole('figure', { name: 'eGFR' });
    expect(within(egfr).getByRole('status').textContent).toBe('Loading results…');
    // No rule ran on half a record and the model was not asked.
    const suggestions = await suggestionsRegion();
    expect(within(suggestions).queryByRole('list', { name: 'Ranked suggestions' })).toBeNull();
    expect(backend.asked).toHaveLength(0);

    expect(await within(record).findByRole('table', undefined, WAIT)).toBeTruthy();
    expect(within(record).queryByRole('status')).toBeNull();
    await modelDone();
    expect(backend.asked).toHaveLength(1);
  });

  it('starts the record load as the session arrives when the view’s code is already here, before anything renders', async () => {
    await launchUntilRedirect(ISS, PATIENT_ID);
    // As when the chunk downloads during the handshake.
    await import('../../src/ui/clinician/clinician-view.tsx');
    await import('../../src/ui/clinician/record-load-store.ts');
    await renderApp();
    await modelDone();
    const [first] = loadFetches();
    expect(first).toMatchObject({ path: 'fhir:metadata', sessionOnScreen: false, recordOnScreen: false });
    // StrictMode ran the page's effects twice: still one load.
    expect(fhirFetches().filter((seen) => seen.path === 'fhir:metadata')).toHaveLength(1);
  });

  it('starts the record load as the view’s code arrives after the session, before the view renders', async () => {
    await launchUntilRedirect(ISS, PATIENT_ID);
    vi.doMock('../../src/ui/clinician/record-load-store.ts', async (importOriginal) => {
      await new Promise((resolve) => setTimeout(resolve, 1500));
      return importOriginal();
    });
    try {
      await renderApp();
      await modelDone();
    } finally {
      vi.doUnmock('../../src/ui/clinician/record-load-store.ts');
    }
    const [first] = loadFetches();
    expect(first).toMatchObject({ path: 'fhir:metadata', sessionOnScreen: true, recordOnScreen: false });
    expect(fhirFetches().filter((seen) => seen.path === 'fhir:metadata')).toHaveLength(1);
  });

  it('starts the record load without waiting for the banner’s Patient read', async () => {
    await launchUntilRedirect(ISS, PATIENT_ID);
    await import('../../src/ui/clinician/clinician-view.tsx');
    await import('../../src/ui/clinician/record-load-store.ts');
    standIn.faults.set({ fhir: [{ delayMs: 1500, resourceType: 'Patient' }] });
    await renderApp();
    await waitFor(() => {
      expect(fhirFetches().some((seen) => seen.path.startsWith('fhir:Observation?'))).toBe(true);
    }, WAIT);
    // The searches are out while the session view still waits for the Patient.
    expect(fhirFetches().find((seen) => seen.path.startsWith('fhir:Observation?'))).toMatchObject({
      sessionOnScreen: false,
    });
    await modelDone();
  });

  it('stops the record load when the page goes away', async () => {
    standIn.faults.set({ latencyMs: 150 });
    await launchApp();
    await waitFor(() => {
      expect(fhirFetches().some((seen) => seen.path.startsWith('fhir:Observation?'))).toBe(true);
    }, WAIT);
    cleanup();
    const sent = fetches.length;
    expect(loadFetches().every((seen) => seen.signal?.aborted === true)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(fetches.length).toBe(sent);
  });

  it('offers to load the record again when the whole load failed, and loads it', async () => {
    await launchUntilRedirect(ISS, PATIENT_ID);
    // The CapabilityStatement request cannot reach the EHR, before any search has answered.
    server.use(http.get(`${ISS}/metadata`, () => HttpResponse.error(), { once: true }));
    standIn.faults.set({ latencyMs: 200 });
    await renderApp();
    const alert = await screen.findByRole('alert', undefined, WAIT);
    expect(alert.textContent).toMatch(/^The record could not be loaded: could not reach the EHR/u);
    const record = screen.getByRole('region', { name: 'Record' });
    expect(within(record).getAllByText('Not loaded.')).toHaveLength(4);
    expect(within(record).queryByRole('status')).toBeNull();

    standIn.faults.reset();
    within(alert).getByRole('button', { name: 'Try again' }).click();
    expect(await within(record).findByText('Diabetes', undefined, WAIT)).toBeTruthy();
    expect(await within(record).findByRole('table', undefined, WAIT)).toBeTruthy();
    await modelDone();
    expect(screen.queryByText(/The record could not be loaded/u)).toBeNull();
  });
});
