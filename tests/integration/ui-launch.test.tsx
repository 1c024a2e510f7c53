// @vitest-environment jsdom
// The launch page and the app's routes run through the real launch flow against the real EHR stand-in (msw):
// the session view after a launch, and each error screen, queried the way the e2e tests and assistive
// technology see them.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { cleanup, render, screen, within } from '@testing-library/react';
import { setupServer } from 'msw/node';
import { StrictMode } from 'react';
import { RouterProvider } from 'react-router';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { encodeLaunchContext } from '../../mocks/ehr/launch-context.ts';
import type { PatientSummary } from '../../mocks/ehr/patient-store.ts';
import { EHR_PROFILES, type EhrProfileId } from '../../mocks/ehr/profiles.ts';
import { createEhrStandIn, type EhrStandIn } from '../../mocks/ehr/stand-in.ts';
import { ehrStandInHandlers } from '../../mocks/msw-handlers.ts';
import { launchUntilRedirect, navigate, redirects } from '../support/jsdom-launch.ts';

const ORIGIN = 'http://127.0.0.1:5999';

function issFor(profileId: EhrProfileId): string {
  const profile = EHR_PROFILES.find((candidate) => candidate.id === profileId);
  if (!profile) throw new Error(`no profile ${profileId}`);
  return `${ORIGIN}${profile.fhirBasePath}`;
}

let standIn: EhrStandIn;
let server: ReturnType<typeof setupServer>;
let patient: PatientSummary;

beforeAll(async () => {
  standIn = await createEhrStandIn();
  server = setupServer(...ehrStandInHandlers(standIn));
  server.listen({ onUnhandledRequest: 'error' });
  const living = standIn.patients.list().find((candidate) => candidate.deceasedDateTime === undefined);
  if (!living) throw new Error('no living fixture patient');
  patient = living;
});

afterEach(() => {
  cleanup();
  document.body.innerHTML = '';
  server.resetHandlers();
  standIn.faults.reset();
  sessionStorage.clear();
  document.documentElement.removeAttribute('style');
  delete document.documentElement.dataset['smartStyle'];
});

afterAll(() => {
  server.close();
});

/**
 * Renders the app as main.tsx does, as a fresh page load of the current address (the launch-once memo starts
 * empty). StrictMode runs every effect twice: the single-use code must still be exchanged only once.
 */
async function renderApp(): Promise<void> {
  vi.resetModules();
  const { createAppRouter } = await import('../../src/ui/app-routes.tsx');
  render(
    <StrictMode>
      <RouterProvider router={createAppRouter()} />
    </StrictMode>,
  );
}

/** launch/index.html's markup, without its script (the test runs that itself). */
const LAUNCH_PAGE_MARKUP = (() => {
  const html = readFileSync(path.join(import.meta.dirname, '../../launch/index.html'), 'utf8');
  const body = /<body>([\s\S]*)<\/body>/u.exec(html)?.[1];
  if (body === undefined) throw new Error('launch/index.html has no body');
  return body.replace(/<script[\s\S]*?<\/script>/gu, '');
})();

/** Opens the launch page at the current address, as a fresh page load: its markup, then its script. */
async function openLaunchPage(): Promise<void> {
  vi.resetModules();
  document.body.innerHTML = LAUNCH_PAGE_MARKUP;
  const container = document.getElementById('root');
  if (!container) throw new Error('launch/index.html has no #root');
  const { runLaunchPage } = await import('../../src/ui/launch/launch-page.ts');
  await runLaunchPage(window.location, container);
}

/** The session view, once the launch has completed and the patient has been read. */
async function findSessionMain(): Promise<HTMLElement> {
  const heading = await screen.findByRole('heading', { level: 1, name: /^Connected to / });
  const main = heading.closest('main');
  if (!main) throw new Error('the session heading is not inside <main>');
  return main;
}

async function findErrorScreen(kind: string, title: string): Promise<HTMLElement> {
  const alert = await screen.findByRole('alert');
  expect(alert.tagName).toBe('MAIN');
  expect(alert).toHaveProperty('dataset.errorKind', kind);
  expect(within(alert).getByRole('heading', { level: 1 }).textContent).toBe(title);
  expect(alert.querySelector('p')?.textContent).not.toBe('');
  return alert;
}

function ageOn(birthDate: string, today: Date): number {
  const [year = 0, month = 1, day = 1] = birthDate.split('-').map(Number);
  const hadBirthday =
    today.getUTCMonth() + 1 > month || (today.getUTCMonth() + 1 === month && today.getUTCDate() >= day);
  return today.getUTCFullYear() - year - (hadBirthday ? 0 : 1);
}

describe('after a successful EHR launch', () => {
  it('shows the patient banner, the session panel and applies the EHR style (sandbox)', async () => {
    await launchUntilRedirect(issFor('sandbox'), patient.id);
    await renderApp();

    const main = await findSessionMain();
    expect(main).toHaveProperty('dataset.patientId', patient.id);

    const banner = screen.getByRole('banner', { name: 'Patient banner' });
    // The stand-in's summary name is prefix + given + family without Synthea's digits; the banner drops the prefix.
    const name = within(banner).getByText(
      (text, element) => element?.tagName === 'P' && text !== '' && patient.name.endsWith(text),
    );
    expect(name.textContent).not.toMatch(/\d/u);
    expect(name.textContent.split(' ').length).toBeGreaterThanOrEqual(2);
    expect(within(banner).getByText(`${ageOn(patient.birthDate, new Date())} years`)).toBeTruthy();
    expect(within(banner).getByText(patient.gender === 'female' ? 'Female' : 'Male')).toBeTruthy();

    expect(within(main).getByRole('heading', { level: 1 }).textContent).toBe(
      'Connected to Chartside sandbox EHR (SMART App Launch 2.2)',
    );
    expect(
      within(main).getByText(
        new RegExp(`/Practitioner/${patient.practitioner.replace('Practitioner/', '')}$`, 'u'),
      ),
    ).toBeTruthy();
    const scopes = within(within(main).getByRole('list', { name: 'Granted scopes' })).getAllByRole(
      'listitem',
    );
    expect(scopes.map((item) => item.textContent)).toEqual(
      expect.arrayContaining(['launch', 'patient/Patient.rs']),
    );
    expect(within(main).getByText(patient.id)).toBeTruthy();

    await vi.waitFor(() => {
      expect(document.documentElement.dataset['smartStyle']).toBe('applied');
    });
    expect(document.documentElement.style.getPropertyValue('--smart-color-background')).toBe('#edeae3');
  });

  it('shows no banner when Epic sends need_patient_banner "false"', async () => {
    await launchUntilRedirect(issFor('epic'), patient.id);
    await renderApp();
    const main = await findSessionMain();
    expect(main).toHaveProperty('dataset.patientId', patient.id);
    expect(screen.queryByRole('banner', { name: 'Patient banner' })).toBeNull();
    expect(document.querySelector('header[aria-label="Patient banner"]')).toBeNull();
    expect(within(main).getByRole('heading', { level: 1 }).textContent).toBe(
      'Connected to Epic-like stand-in EHR',
    );
  });

  it('keeps working when the style document cannot be loaded', async () => {
    const { http, HttpResponse } = await import('msw');
    server.use(http.get(/smart-style\.json$/u, () => HttpResponse.error()));
    await launchUntilRedirect(issFor('oracle'), patient.id);
    await renderApp();
    const main = await findSessionMain();
    expect(main).toHaveProperty('dataset.patientId', patient.id);
    await vi.waitFor(() => {
      expect(document.documentElement.dataset['smartStyle']).toBe('unavailable');
    });
    expect(within(main).getByText('3f5d1c2a-7b8e-4c91-a0d6-5e2f9b1c8a47').tagName).toBe('CODE');
  });
});

describe('error screens through the real flow', () => {
  it('unknown iss: names it verbatim and says how IT registers it', async () => {
    const iss = 'https://fhir.not-registered.example/api/FHIR/R4';
    navigate(`${ORIGIN}/launch?iss=${encodeURIComponent(iss)}&launch=abc`);
    await openLaunchPage();
    const alert = await findErrorScreen('unknown-iss', 'This EHR is not registered with Chartside');
    expect(within(alert).getByText(iss).tagName).toBe('CODE');
    expect(alert.textContent).toMatch(/registered-ehrs\.json/u);
    expect(alert.textContent).toMatch(/IT team registers Chartside/u);
  });

  it('missing iss', async () => {
    navigate(`${ORIGIN}/launch`);
    await openLaunchPage();
    await findErrorScreen('missing-iss', 'Chartside needs to be launched from an EHR');
  });

  it("opened directly: tells the clinician to open it from the chart, or from Chartside's sign-in link", async () => {
    navigate(`${ORIGIN}/`);
    await renderApp();
    const alert = await findErrorScreen('opened-directly', 'Chartside was opened without a launch');
    expect(alert.textContent).toMatch(/from the patient's chart in your EHR/u);
    expect(alert.textContent).toMatch(/Chartside's own sign-in link/u);
  });

  it('a standalone user who chose Deny is told to start again from the sign-in link, not the chart', async () => {
    // The launch page of a standalone launch (only `iss`), up to its redirect to the EHR's sign-in.
    redirects.length = 0;
    navigate(`${ORIGIN}/launch?iss=${encodeURIComponent(issFor('sandbox'))}`);
    await openLaunchPage();
    const state = new URL(redirects[0] ?? '').searchParams.get('state') ?? '';
    navigate(`${ORIGIN}/?error=access_denied&error_description=denied&state=${state}`);
    await renderApp();
    const alert = await findErrorScreen('access-denied', 'Access was not granted');
    expect(alert.textContent).toMatch(/If you chose Deny, start again from Chartside's sign-in link/u);
    expect(alert.textContent).not.toMatch(/from the patient's chart/u);
  });

  it('access denied by the EHR', async () => {
    standIn.faults.set({ consentDenied: true });
    await launchUntilRedirect(issFor('sandbox'), patient.id);
    await renderApp();
    const alert = await findErrorScreen('access-denied', 'Access was not granted');
    expect(alert.textContent).toContain('The user denied access');
  });

  it('token endpoint answers invalid_grant', async () => {
    await launchUntilRedirect(issFor('epic'), patient.id);
    standIn.faults.set({ tokenInvalidGrant: true });
    await renderApp();
    const alert = await findErrorScreen('token-error', 'The EHR did not start a session');
    expect(alert.textContent).toContain('The authorization code or refresh token is invalid or expired');
  });

  it('expired token on the Patient read', async () => {
    await launchUntilRedirect(issFor('oracle'), patient.id);
    standIn.faults.set({ fhir: [{ status: 401, resourceType: 'Patient' }] });
    await renderApp();
    const alert = await findErrorScreen('session-expired', 'Your session has expired');
    expect(alert.textContent).toMatch(/open Chartside again from the patient's chart in your EHR/u);
  });

  it('EHR unreachable while starting the launch', async () => {
    const { http, HttpResponse } = await import('msw');
    server.use(http.all(/\/ehr\/epic\/api\/FHIR\/R4\//u, () => HttpResponse.error()));
    navigate(`${ORIGIN}/launch?iss=${encodeURIComponent(issFor('epic'))}&launch=abc`);
    await openLaunchPage();
    await findErrorScreen('network', 'Chartside could not reach the EHR');
  });

  it('renders text from the EHR as text, never as HTML', async () => {
    navigate(
      `${ORIGIN}/?error=access_denied&error_description=${encodeURIComponent('<img src=x onerror=alert(1)>denied')}&state=s`,
    );
    await renderApp();
    const alert = await findErrorScreen('access-denied', 'Access was not granted');
    expect(alert.querySelector('img')).toBeNull();
    expect(alert.textContent).toContain('<img src=x onerror=alert(1)>denied');
  });
});

describe('the launch page', () => {
  it('says it is connecting, then sends the browser to the EHR authorize endpoint once', async () => {
    redirects.length = 0;
    navigate(
      `${ORIGIN}/launch?iss=${encodeURIComponent(issFor('epic'))}&launch=${encodeLaunchContext({ patient: patient.id })}`,
    );
    const opened = openLaunchPage();
    expect(screen.getByRole('status').textContent).toBe('Connecting to your EHR…');
    await opened;
    expect(redirects).toHaveLength(1);
    const authorizeUrl = new URL(redirects[0] ?? '');
    expect(`${authorizeUrl.origin}${authorizeUrl.pathname}`).toBe(`${ORIGIN}/ehr/epic/oauth2/authorize`);
    expect(authorizeUrl.searchParams.get('code_challenge_method')).toBe('S256');
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
