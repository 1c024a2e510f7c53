// Test helpers for the stand-in's authorization server: a context with a clock the test moves, and
// requests built the way a SMART client (fhirclient) sends them. Used only by mocks/ehr/auth-*.test.ts.
import { createHash, randomBytes } from 'node:crypto';
import { handleAuthRequest } from './auth-server.ts';
import { createFaultController } from './faults.ts';
import { encodeLaunchContext, type LaunchContext } from './launch-context.ts';
import { createPatientStore, type PatientStore } from './patient-store.ts';
import { EHR_PROFILES, matchProfilePath, type EhrProfile, type EhrProfileId } from './profiles.ts';
import { createSigningKeys, type SigningKeys } from './signing-keys.ts';
import type { StandInContext } from './stand-in-context.ts';
import { createTokenStore } from './token-store.ts';

export const ORIGIN = 'http://ehr.test';
export const CLIENT_ID = 'chartside-test';
export const REDIRECT_URI = 'http://app.test/launch/callback?from=ehr';
/** 15 Jan 2026, 09:00 UTC: a fixed "now" so expiry is deterministic. */
export const START_MS = Date.UTC(2026, 0, 15, 9, 0, 0);

export interface TestStandIn {
  readonly context: StandInContext;
  readonly advanceMs: (ms: number) => void;
  /** Sends a request to whichever profile's auth endpoint its URL names. */
  readonly send: (request: Request) => Promise<Response>;
}

let sharedPatients: Promise<PatientStore> | undefined;
let sharedKeys: Promise<SigningKeys> | undefined;

/** A fresh fault controller, token store and clock per test; patients and keys are read-only, so shared. */
export async function createTestStandIn(overrides: { patients?: PatientStore } = {}): Promise<TestStandIn> {
  sharedPatients ??= createPatientStore();
  sharedKeys ??= createSigningKeys();
  let nowMs = START_MS;
  const context: StandInContext = {
    faults: createFaultController(),
    tokens: createTokenStore(),
    patients: overrides.patients ?? (await sharedPatients),
    keys: await sharedKeys,
    nowMs: () => nowMs,
  };
  return {
    context,
    advanceMs: (ms) => {
      nowMs += ms;
    },
    send: (request) => {
      const url = new URL(request.url);
      const match = matchProfilePath(url.pathname);
      if (match?.area !== 'auth') throw new Error(`Not an auth URL: ${url.href}`);
      return handleAuthRequest(request, url, match.profile, match.rest, context);
    },
  };
}

export function profileById(id: EhrProfileId): EhrProfile {
  const profile = EHR_PROFILES.find((candidate) => candidate.id === id);
  if (!profile) throw new Error(`No profile ${id}`);
  return profile;
}

export function authUrl(profile: EhrProfile, path: string): string {
  return `${ORIGIN}${profile.authBasePath}${path}`;
}

export function fhirBase(profile: EhrProfile): string {
  return `${ORIGIN}${profile.fhirBasePath}`;
}

export interface PkcePair {
  readonly verifier: string;
  readonly challenge: string;
}

export function createPkcePair(): PkcePair {
  const verifier = randomBytes(48).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** Authorize parameters as fhirclient sends them; `undefined` in overrides removes a parameter. */
export function authorizeParams(
  profile: EhrProfile,
  overrides: Readonly<Record<string, string | undefined>> = {},
): URLSearchParams {
  const defaults: Record<string, string | undefined> = {
    response_type: 'code',
    client_id: CLIENT_ID,
    scope: 'launch openid fhirUser patient/Observation.rs',
    redirect_uri: REDIRECT_URI,
    aud: fhirBase(profile),
    state: 'state-123',
  };
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries({ ...defaults, ...overrides })) {
    if (value !== undefined) params.set(name, value);
  }
  return params;
}

export function authorizeGet(profile: EhrProfile, params: URLSearchParams): Request {
  return new Request(`${authUrl(profile, '/authorize')}?${params.toString()}`);
}

export function formPost(
  url: string,
  params: URLSearchParams,
  headers: Record<string, string> = {},
): Request {
  return new Request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: params.toString(),
  });
}

export function launchParam(context: LaunchContext): string {
  return encodeLaunchContext(context);
}

/** The query parameters of a 302 response's Location, failing the test when it is not a redirect. */
export function redirectParams(response: Response): URLSearchParams {
  const location = response.headers.get('location');
  if (response.status !== 302 || location === null) {
    throw new Error(`Expected a redirect, got ${response.status}`);
  }
  return new URL(location).searchParams;
}

export function redirectTarget(response: Response): string {
  const location = response.headers.get('location') ?? '';
  const url = new URL(location);
  return `${url.origin}${url.pathname}`;
}

/** The code from an approving redirect. */
export function codeFrom(response: Response): string {
  const code = redirectParams(response).get('code');
  if (code === null) throw new Error(`No code in ${response.headers.get('location') ?? ''}`);
  return code;
}

export function codeExchange(
  profile: EhrProfile,
  code: string,
  extra: Readonly<Record<string, string>> = {},
): Request {
  return formPost(
    authUrl(profile, '/token'),
    new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT_URI,
      client_id: CLIENT_ID,
      ...extra,
    }),
  );
}

/** A token endpoint body read as a plain record (tests assert its fields one by one). */
export async function readJsonRecord(response: Response): Promise<Record<string, unknown>> {
  const body: unknown = await response.json();
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new Error('Expected a JSON object');
  return Object.fromEntries(Object.entries(body));
}

export function stringField(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  if (typeof value !== 'string')
    throw new Error(`Expected string field ${name}, got ${JSON.stringify(value)}`);
  return value;
}
