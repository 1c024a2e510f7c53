// @vitest-environment jsdom
// The real fhirclient handshake against the real EHR stand-in (msw), for each EHR profile: launch URL →
// authorize URL → the stand-in's redirect with a code → token exchange → session → Patient read.
import BrowserAdapter from 'fhirclient/lib/adapters/BrowserAdapter';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { encodeLaunchContext } from '../../mocks/ehr/launch-context.ts';
import type { PatientSummary } from '../../mocks/ehr/patient-store.ts';
import { EHR_PROFILES, type EhrProfileId } from '../../mocks/ehr/profiles.ts';
import { createEhrStandIn, type EhrStandIn } from '../../mocks/ehr/stand-in.ts';
import { ehrStandInHandlers } from '../../mocks/msw-handlers.ts';
import { completeLaunch, readLaunchPatient, startLaunch } from '../../src/smart/launch.ts';
import { SmartLaunchError } from '../../src/smart/launch-error.ts';
import { registeredEhrs, type RegisteredEhr } from '../../src/smart/registered-ehrs.ts';

const ORIGIN = 'http://127.0.0.1:5999';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/u;

// fhirclient's browser adapter reads the page URL once and keeps it, as a page load would; these tests make
// several "page loads" in one jsdom window, so each read must see the current address.
BrowserAdapter.prototype.getUrl = function getUrl(): URL {
  return new URL(window.location.href);
};

/** Moves the jsdom window to a URL (any origin), as a navigation would. */
function navigate(url: string): void {
  (globalThis as unknown as { jsdom: { reconfigure: (options: { url: string }) => void } }).jsdom.reconfigure(
    { url },
  );
}

function issFor(profileId: EhrProfileId): string {
  const profile = EHR_PROFILES.find((candidate) => candidate.id === profileId);
  if (!profile) throw new Error(`no profile ${profileId}`);
  return `${ORIGIN}${profile.fhirBasePath}`;
}

/** The stand-in's 302 back to the redirect URI, for a GET of the authorize URL. */
async function followAuthorize(authorizeUrl: string): Promise<string> {
  const response = await fetch(authorizeUrl, { redirect: 'manual' });
  expect(response.status).toBe(302);
  const location = response.headers.get('location');
  if (location === null) throw new Error('authorize answered without a Location');
  return location;
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
  server.resetHandlers();
  standIn.faults.reset();
  sessionStorage.clear();
});

afterAll(() => {
  server.close();
});

async function ehrLaunch(profileId: EhrProfileId, launchPatient = patient.id) {
  const iss = issFor(profileId);
  navigate(
    `${ORIGIN}/launch?iss=${encodeURIComponent(iss)}&launch=${encodeLaunchContext({ patient: launchPatient })}`,
  );
  const authorizeUrl = await startLaunch(window.location, { noRedirect: true });
  if (authorizeUrl === undefined) throw new Error('no authorize URL');
  const redirect = await followAuthorize(authorizeUrl);
  navigate(redirect);
  return { iss, authorizeUrl: new URL(authorizeUrl), redirect: new URL(redirect) };
}

describe.each([
  { profileId: 'sandbox', pkce: true, banner: true, tenant: false, scopeSuffix: '.rs' },
  { profileId: 'epic', pkce: true, banner: false, tenant: false, scopeSuffix: '.rs' },
  { profileId: 'oracle', pkce: false, banner: false, tenant: true, scopeSuffix: '.read' },
] as const)('EHR launch from the $profileId profile', ({ profileId, pkce, banner, tenant, scopeSuffix }) => {
  it('sends the clinician to authorize with the registration, a UUID state and PKCE where advertised', async () => {
    const { iss, authorizeUrl, redirect } = await ehrLaunch(profileId);
    const params = authorizeUrl.searchParams;
    expect(params.get('response_type')).toBe('code');
    expect(params.get('aud')).toBe(iss);
    expect(params.get('redirect_uri')).toBe(`${ORIGIN}/`);
    expect(params.get('launch')).toBe(encodeLaunchContext({ patient: patient.id }));
    expect(params.get('state')).toMatch(UUID);
    expect(redirect.searchParams.get('state')).toBe(params.get('state'));
    const scopes = params.get('scope')?.split(' ') ?? [];
    expect(scopes).toEqual(
      expect.arrayContaining([
        'openid',
        'fhirUser',
        'launch',
        'online_access',
        `patient/Patient${scopeSuffix}`,
      ]),
    );
    if (pkce) {
      expect(params.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/u);
      expect(params.get('code_challenge_method')).toBe('S256');
    } else {
      expect(params.has('code_challenge')).toBe(false);
      expect(params.has('code_challenge_method')).toBe(false);
    }
  });

  it('completes the launch with the right patient, banner flag and clinician', async () => {
    await ehrLaunch(profileId);
    const session = await completeLaunch();
    expect(session.registration.profile).toBe(profileId);
    expect(session.serverUrl).toBe(issFor(profileId));
    expect(session.patientId).toBe(patient.id);
    expect(session.needPatientBanner).toBe(banner);
    expect(session.tenant !== undefined).toBe(tenant);
    expect(session.fhirUser).toMatch(/\/Practitioner\/[^/]+$/u);
    expect(session.fhirUser).toContain(patient.practitioner);
    expect(session.grantedScopes).toEqual(
      expect.arrayContaining(['launch', `patient/Patient${scopeSuffix}`]),
    );
    expect(session.smartStyleUrl).toMatch(/^http:\/\/127\.0\.0\.1:5999\/ehr\//u);
    expect(await session.credentials.freshAccessToken()).not.toBe('');
    // fhirclient keeps the session's tokens in sessionStorage: online_access gave a refresh token.
    expect(Object.values(sessionStorage).join('\n')).toMatch(/"refresh_token":"[^"]+"/u);

    // The code has left the address bar, so a reload cannot replay it.
    expect(new URL(window.location.href).searchParams.has('code')).toBe(false);

    const fhirPatient = await readLaunchPatient(session);
    expect(fhirPatient.id).toBe(patient.id);
  });

  it('survives a reload of the redirect URI (the session is in sessionStorage)', async () => {
    await ehrLaunch(profileId);
    await completeLaunch();
    const reloaded = await completeLaunch();
    expect(reloaded.patientId).toBe(patient.id);
  });
});

describe('launch failures through the real flow', () => {
  it('refuses an iss that is not registered, before any request to it', async () => {
    navigate(`${ORIGIN}/launch?iss=${encodeURIComponent('https://fhir.unknown.example/R4')}&launch=x`);
    await expect(startLaunch(window.location, { noRedirect: true })).rejects.toMatchObject({
      kind: 'unknown-iss',
      iss: 'https://fhir.unknown.example/R4',
    });
  });

  it("refuses the sandbox's loopback iss on a page that is not itself on loopback (a deployed Chartside)", async () => {
    const iss = issFor('sandbox');
    navigate(`https://chartside.hospital.example/launch?iss=${encodeURIComponent(iss)}&launch=x`);
    const attempt = startLaunch(window.location, { noRedirect: true });
    await expect(attempt).rejects.toMatchObject({ kind: 'unknown-iss', iss });
    await expect(attempt).rejects.toThrow('trusted only when Chartside itself runs here');
  });

  it('needs an iss', async () => {
    navigate(`${ORIGIN}/launch?launch=x`);
    await expect(startLaunch(window.location, { noRedirect: true })).rejects.toMatchObject({
      kind: 'missing-iss',
    });
  });

  it('refuses launch URLs that would override the client id', async () => {
    navigate(`${ORIGIN}/launch?iss=${encodeURIComponent(issFor('epic'))}&launch=x&clientId=someone-else`);
    await expect(startLaunch(window.location, { noRedirect: true })).rejects.toMatchObject({
      kind: 'launch-failed',
    });
  });

  it('reports opened-directly when the redirect URI is opened with no launch', async () => {
    navigate(`${ORIGIN}/`);
    await expect(completeLaunch()).rejects.toMatchObject({ kind: 'opened-directly' });
  });

  it('reports opened-directly for a redirect URL whose state this tab does not know', async () => {
    await ehrLaunch('sandbox');
    sessionStorage.clear();
    await expect(completeLaunch()).rejects.toMatchObject({ kind: 'opened-directly' });
  });

  it('reports access-denied when the EHR denies consent', async () => {
    standIn.faults.set({ consentDenied: true });
    const { redirect } = await ehrLaunch('epic');
    expect(redirect.searchParams.get('error')).toBe('access_denied');
    await expect(completeLaunch()).rejects.toMatchObject({
      kind: 'access-denied',
      ehrDescription: 'The user denied access',
    });
  });

  it('reports token-error with the OAuth description when the token endpoint answers invalid_grant', async () => {
    await ehrLaunch('sandbox');
    standIn.faults.set({ tokenInvalidGrant: true });
    const error: unknown = await completeLaunch().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SmartLaunchError);
    expect(error).toMatchObject({
      kind: 'token-error',
      ehrDescription: 'The authorization code or refresh token is invalid or expired',
    });
  });

  it('reports token-error when a code is replayed (codes are single use)', async () => {
    const { redirect } = await ehrLaunch('epic');
    const state = JSON.parse(
      sessionStorage.getItem(redirect.searchParams.get('state') ?? '') ?? '{}',
    ) as Record<string, unknown>;
    await completeLaunch();
    // Put the pre-exchange state back and revisit the same redirect URL.
    sessionStorage.setItem(String(redirect.searchParams.get('state')), JSON.stringify(state));
    navigate(redirect.href);
    await expect(completeLaunch()).rejects.toMatchObject({ kind: 'token-error' });
  });

  it('reports session-expired when the EHR rejects the token on the Patient read', async () => {
    await ehrLaunch('oracle');
    const session = await completeLaunch();
    standIn.faults.set({ fhir: [{ status: 401, resourceType: 'Patient' }] });
    await expect(readLaunchPatient(session)).rejects.toMatchObject({ kind: 'session-expired' });
  });

  it('reports network when the EHR cannot be reached', async () => {
    // A fetch that fails without any HTTP response, as when the EHR host is down.
    server.use(http.all(/\/ehr\/sandbox\/fhir\//u, () => HttpResponse.error()));
    navigate(`${ORIGIN}/launch?iss=${encodeURIComponent(issFor('sandbox'))}&launch=x`);
    await expect(startLaunch(window.location, { noRedirect: true })).rejects.toMatchObject({
      kind: 'network',
    });
  });
});

describe('the launch type on launch errors (what the error screen tells the user to do)', () => {
  it('an EHR launch: ehr, from the start page to the Patient read', async () => {
    const { http, HttpResponse } = await import('msw');
    server.use(http.all(/\/ehr\/epic\/api\/FHIR\/R4\//u, () => HttpResponse.error()));
    navigate(`${ORIGIN}/launch?iss=${encodeURIComponent(issFor('epic'))}&launch=abc`);
    await expect(startLaunch(window.location, { noRedirect: true })).rejects.toMatchObject({
      kind: 'network',
      launchType: 'ehr',
    });
    server.resetHandlers();
    await ehrLaunch('oracle');
    const session = await completeLaunch();
    standIn.faults.set({ fhir: [{ status: 401, resourceType: 'Patient' }] });
    await expect(readLaunchPatient(session)).rejects.toMatchObject({
      kind: 'session-expired',
      launchType: 'ehr',
    });
  });

  it('a standalone launch: standalone, also after the EHR sends the user back with an error', async () => {
    navigate(`${ORIGIN}/launch?iss=${encodeURIComponent('https://not-registered.example/fhir')}`);
    await expect(startLaunch(window.location, { noRedirect: true })).rejects.toMatchObject({
      kind: 'unknown-iss',
      launchType: 'standalone',
    });
    navigate(`${ORIGIN}/launch?iss=${encodeURIComponent(issFor('sandbox'))}`);
    const authorizeUrl = await startLaunch(window.location, { noRedirect: true });
    const state = new URL(authorizeUrl ?? '').searchParams.get('state') ?? '';
    navigate(`${ORIGIN}/?error=access_denied&error_description=denied&state=${state}`);
    await expect(completeLaunch()).rejects.toMatchObject({ kind: 'access-denied', launchType: 'standalone' });
  });

  it('the redirect URI opened in a fresh tab: unknown', async () => {
    navigate(`${ORIGIN}/`);
    const error: unknown = await completeLaunch().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SmartLaunchError);
    expect(error).toMatchObject({ kind: 'opened-directly', launchType: undefined });
  });
});

describe('standalone launch (sandbox)', () => {
  it('asks for launch/patient, lets the clinician pick a patient and Allow, and opens that patient', async () => {
    const iss = issFor('sandbox');
    navigate(`${ORIGIN}/launch?iss=${encodeURIComponent(iss)}`);
    const authorizeUrl = await startLaunch(window.location, { noRedirect: true });
    if (authorizeUrl === undefined) throw new Error('no authorize URL');
    const scopes = new URL(authorizeUrl).searchParams.get('scope')?.split(' ') ?? [];
    expect(scopes).toContain('launch/patient');
    expect(scopes).not.toContain('launch');

    const consent = await fetch(authorizeUrl);
    expect(consent.status).toBe(200);
    const page = new DOMParser().parseFromString(await consent.text(), 'text/html');
    const form = page.querySelector('form');
    if (!form) throw new Error('no consent form');
    const fields = new URLSearchParams();
    for (const input of form.querySelectorAll<HTMLInputElement>('input[type="hidden"]'))
      fields.append(input.name, input.value);
    fields.set('patient', patient.id);
    fields.set('decision', 'allow');
    const decision = await fetch(new URL(form.getAttribute('action') ?? '', authorizeUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: fields.toString(),
      redirect: 'manual',
    });
    expect(decision.status).toBe(302);
    navigate(decision.headers.get('location') ?? '');

    const session = await completeLaunch();
    expect(session.patientId).toBe(patient.id);
    // No EHR banner around a standalone app: Chartside shows its own.
    expect(session.needPatientBanner).toBe(true);
  });
});

describe('the generic smart profile (the stand-in sandbox registered as any SMART App Launch 2.x server)', () => {
  const sandbox = registeredEhrs().find((candidate) => candidate.profile === 'sandbox');
  if (!sandbox) throw new Error('no sandbox registration');
  // As IT would register any SMART App Launch 2.x server: its iss pattern, client id and scopes, profile smart.
  const generic: RegisteredEhr = { ...sandbox, name: 'Generic SMART server', profile: 'smart' };
  const registrations = [generic];

  it('discovers the endpoints, asks for v2 scopes with PKCE S256, and completes the launch', async () => {
    const iss = issFor('sandbox');
    navigate(
      `${ORIGIN}/launch?iss=${encodeURIComponent(iss)}&launch=${encodeLaunchContext({ patient: patient.id })}`,
    );
    const authorizeUrl = await startLaunch(window.location, { noRedirect: true, registrations });
    if (authorizeUrl === undefined) throw new Error('no authorize URL');
    const params = new URL(authorizeUrl).searchParams;
    // The authorize endpoint came from `${iss}/.well-known/smart-configuration`, not from the registration.
    expect(authorizeUrl.startsWith(`${ORIGIN}/ehr/`)).toBe(true);
    expect(params.get('client_id')).toBe(generic.clientId);
    expect(params.get('code_challenge_method')).toBe('S256');
    const resourceScopes = (params.get('scope')?.split(' ') ?? []).filter((scope) =>
      scope.startsWith('patient/'),
    );
    expect(resourceScopes.length).toBeGreaterThan(0);
    for (const scope of resourceScopes) expect(scope).toMatch(/^patient\/\w+\.rs$/u);

    navigate(await followAuthorize(authorizeUrl));
    const session = await completeLaunch({ registrations });
    expect(session.registration.name).toBe('Generic SMART server');
    expect(session.registration.profile).toBe('smart');
    expect(session.patientId).toBe(patient.id);
    expect((await readLaunchPatient(session)).id).toBe(patient.id);
  });

  it('treats the iss with a trailing slash as the same registered server', async () => {
    const iss = `${issFor('sandbox')}/`;
    navigate(
      `${ORIGIN}/launch?iss=${encodeURIComponent(iss)}&launch=${encodeLaunchContext({ patient: patient.id })}`,
    );
    const authorizeUrl = await startLaunch(window.location, { noRedirect: true, registrations });
    if (authorizeUrl === undefined) throw new Error('no authorize URL');
    navigate(await followAuthorize(authorizeUrl));
    const session = await completeLaunch({ registrations });
    expect(session.registration.name).toBe('Generic SMART server');
    expect(session.patientId).toBe(patient.id);
  });
});
