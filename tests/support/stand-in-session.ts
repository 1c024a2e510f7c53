// Test-only: an access token from the EHR stand-in, obtained the way an app gets one, through a real SMART
// EHR launch (authorize with a `launch` handle, which the stand-in approves at once; then the code exchange).
// PKCE S256 is sent to every profile (Oracle Health ignores it). Works over msw and over a real socket.
import { createHash, randomBytes } from 'node:crypto';
import { encodeLaunchContext } from '../../mocks/ehr/launch-context.ts';
import { searchPlanForProfile, type SearchPlanId } from '../../src/record/record-sections.ts';
import { findProfile, type EhrProfile, type EhrProfileId } from '../../mocks/ehr/profiles.ts';

export const TEST_CLIENT_ID = 'chartside-tests';

/** Every resource type readable: v2 for the sandbox and Epic, v1 for Oracle Health (which grants only v1). */
export function fullReadScopes(profile: EhrProfileId): string[] {
  return ['launch', 'openid', 'fhirUser', profile === 'oracle' ? 'patient/*.read' : 'patient/*.rs'];
}

export interface StandInSession {
  readonly fhirBaseUrl: string;
  readonly accessToken: string;
  /** The token response's `scope`. */
  readonly grantedScopes: string;
  readonly patientId: string;
  /** The search plan the app uses for this profile (per-category searches on Epic only). */
  readonly searchPlan: SearchPlanId;
}

/**
 * `chartside load` arguments for this session, as hospital IT would give them: the FHIR base, the patient, the
 * token, the granted scopes, the search plan of its profile and the output file.
 */
export function loadArguments(session: StandInSession, outFile: string): string[] {
  return [
    '--fhir',
    session.fhirBaseUrl,
    '--patient',
    session.patientId,
    '--token',
    session.accessToken,
    '--scope',
    session.grantedScopes,
    '--plan',
    session.searchPlan,
    '--out',
    outFile,
  ];
}

export interface StandInSessionOptions {
  /** Where the stand-in is mounted, e.g. `http://127.0.0.1:5998`. */
  readonly origin: string;
  readonly profile: EhrProfileId;
  readonly patientId: string;
  readonly scopes?: readonly string[];
  /** Sends a request; global fetch by default (msw intercepts it in tests). Redirects must not be followed. */
  readonly send?: (request: Request) => Promise<Response>;
}

export async function startStandInSession(options: StandInSessionOptions): Promise<StandInSession> {
  const profile = requireProfile(options.profile);
  const send = options.send ?? ((request: Request) => fetch(request));
  const fhirBaseUrl = `${options.origin}${profile.fhirBasePath}`;
  const redirectUri = `${options.origin}/test-callback`;
  const verifier = randomBytes(48).toString('base64url');
  const state = randomBytes(16).toString('base64url');

  const authorizeUrl = new URL(`${options.origin}${profile.authBasePath}/authorize`);
  authorizeUrl.search = new URLSearchParams({
    response_type: 'code',
    client_id: TEST_CLIENT_ID,
    redirect_uri: redirectUri,
    scope: (options.scopes ?? fullReadScopes(options.profile)).join(' '),
    state,
    aud: fhirBaseUrl,
    launch: encodeLaunchContext({ patient: options.patientId }),
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  }).toString();
  const authorized = await send(new Request(authorizeUrl, { redirect: 'manual' }));
  const location = authorized.headers.get('location');
  const redirect = location === null ? undefined : new URL(location);
  const code = redirect?.searchParams.get('code');
  if (authorized.status !== 302 || !code || redirect?.searchParams.get('state') !== state) {
    throw new Error(
      `The stand-in did not approve the launch: ${authorized.status} ${location ?? (await authorized.text())}`,
    );
  }

  const tokenResponse = await send(
    new Request(`${options.origin}${profile.authBasePath}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: redirectUri,
        client_id: TEST_CLIENT_ID,
        code_verifier: verifier,
      }).toString(),
    }),
  );
  const body: unknown = await tokenResponse.json();
  if (!tokenResponse.ok || typeof body !== 'object' || body === null)
    throw new Error(`Token exchange failed: ${tokenResponse.status} ${JSON.stringify(body)}`);
  const accessToken =
    'access_token' in body && typeof body.access_token === 'string' ? body.access_token : undefined;
  const scope = 'scope' in body && typeof body.scope === 'string' ? body.scope : undefined;
  if (accessToken === undefined || scope === undefined)
    throw new Error(`Token response without access_token or scope: ${JSON.stringify(body)}`);
  return {
    fhirBaseUrl,
    accessToken,
    grantedScopes: scope,
    patientId: options.patientId,
    searchPlan: searchPlanForProfile(options.profile),
  };
}

export function requireProfile(id: EhrProfileId): EhrProfile {
  const profile = findProfile(id);
  if (!profile) throw new Error(`No EHR profile ${id}`);
  return profile;
}
