// @vitest-environment jsdom
// Issue 11, one findings pipeline, end to end: the whole app (EHR launch, record load from the EHR stand-in over
// msw, ClinicianView, the Suggestions panel) shows the same cards — titles, evidence ids, rank order, which are
// shown first — as `chartside suggest --json` prints for the fixture Bundle, seen the same day. The model is
// off in both (the backend answers `model off`, as src/server/suggestions-api.ts does without a model).
// findings-parity.test.tsx does this for every fixture at two dates without the launch and the loader.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { StrictMode } from 'react';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createEhrStandIn } from '../../mocks/ehr/stand-in.ts';
import { ehrStandInHandlers } from '../../mocks/msw-handlers.ts';
import { cardsIn, cliCards } from '../support/finding-cards.ts';
import { launchUntilRedirect, serverSentEvents } from '../support/jsdom-launch.ts';

const ORIGIN = 'http://127.0.0.1:5994';
const ISS = `${ORIGIN}/ehr/sandbox/fhir`;
// tests/support/synthea-fixtures.ts resolves it from import.meta.url, which is not a file URL under jsdom.
const FIXTURES_DIR = path.join(process.cwd(), 'mocks', 'fixtures', 'synthea');
/** The date seen, for the app (its clock) and the CLI (`--now`). */
const SEEN = '2026-11-20';
const SEEN_MS = Date.parse(`${SEEN}T00:00:00Z`);
const FIXTURES = [
  // Her hepatitis C test and cervical smear were taken at prenatal visits (withheld as reproductive health).
  'diabetes-hyperlipidemia-asian-female',
  // More than five findings: "show more" and the rank order beyond the first five.
  'diabetes-ckd-hypertension-female-other-race',
];
const WAIT = { timeout: 20_000 };

const backendHandlers = [
  http.post(
    `${ORIGIN}/api/suggestions`,
    () =>
      new HttpResponse(
        serverSentEvents([
          ['model', { state: 'off' }],
          ['done', { shown: 0, dropped: 0 }],
        ]),
        { headers: { 'content-type': 'text/event-stream' } },
      ),
  ),
  http.get(`${ORIGIN}/api/feedback/decisions`, () => HttpResponse.json({ decisions: [] })),
  http.post(`${ORIGIN}/api/feedback`, async ({ request }) => {
    const body = (await request.json()) as { events: unknown[] };
    return HttpResponse.json({ recorded: body.events.length });
  }),
];

let server: ReturnType<typeof setupServer>;

beforeAll(async () => {
  const standIn = await createEhrStandIn();
  server = setupServer(...ehrStandInHandlers(standIn), ...backendHandlers);
  server.listen({ onUnhandledRequest: 'error' });
});

afterEach(() => {
  cleanup();
  sessionStorage.clear();
  vi.useRealTimers();
});

afterAll(() => {
  server.close();
});

async function patientIdOf(name: string): Promise<string> {
  const bundle = JSON.parse(await readFile(path.join(FIXTURES_DIR, `${name}.json`), 'utf8')) as {
    entry: { resource: { resourceType: string; id: string } }[];
  };
  const patient = bundle.entry.find((entry) => entry.resource.resourceType === 'Patient');
  if (patient === undefined) throw new Error(`${name} has no Patient`);
  return patient.resource.id;
}

describe('the whole app and chartside suggest, seen the same day', () => {
  it.each(FIXTURES)('%s', async (name) => {
    const expected = await cliCards(path.join(FIXTURES_DIR, `${name}.json`), SEEN);
    // The app reads the date seen from its clock when the session page mounts: only Date is faked.
    vi.useFakeTimers({ toFake: ['Date'], now: SEEN_MS });
    await launchUntilRedirect(ISS, await patientIdOf(name));
    const { AppRoutes } = await import('../../src/ui/app-routes.tsx');
    render(
      <StrictMode>
        <AppRoutes />
      </StrictMode>,
    );
    const region = await screen.findByRole('region', { name: 'Suggestions' }, WAIT);
    await within(region).findByRole('list', { name: 'Ranked suggestions' }, WAIT);
    await waitFor(() => {
      expect(region.querySelector('[data-model-state="off"]')).not.toBeNull();
    }, WAIT);
    const first = new Set(cardsIn(region).map((card) => card.id));
    const more = within(region).queryByRole('button', { name: /^Show \d+ more$/u });
    if (more !== null) fireEvent.click(more);
    const app = cardsIn(region).map((card) => ({ ...card, shown: first.has(card.id) }));

    expect(app).toEqual(expected);
    expect(app.length).toBeGreaterThan(0);
    if (name === 'diabetes-hyperlipidemia-asian-female')
      expect(app.map((card) => card.id)).not.toContain('screening-hepatitis-c');
    else expect(app.length).toBeGreaterThan(5);
  });
});
