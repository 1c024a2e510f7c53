// The token endpoint of the stand-in (RFC 6749 §4.1.3–4.1.4 and §6, RFC 7636 §4.6, SMART App Launch 2.2
// §"Obtain access token"), with each profile's vendor differences in the response.
import { createHash } from 'node:crypto';
import { corsPreflight, param, readForm, tokenRequestClientId, tokenJson, withCors } from './auth-http.ts';
import { oauthEndpoints } from './discovery.ts';
import type { EhrProfile } from './profiles.ts';
import { oauthError } from './responses.ts';
import { smartStyleUrl } from './smart-style.ts';
import type { StandInContext } from './stand-in-context.ts';
import type { Grant } from './token-store.ts';

const ID_TOKEN_LIFETIME_SECONDS = 3600;

/** RFC 7636 §4.1: 43–128 characters of the unreserved set. */
const CODE_VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;

export interface TokenResponseBody {
  readonly access_token: string;
  /** Epic's documentation shows lower-case `bearer`; the others send `Bearer` (RFC 6750 accepts either). */
  readonly token_type: 'bearer' | 'Bearer';
  readonly expires_in: number;
  readonly scope: string;
  readonly patient?: string;
  readonly encounter?: string;
  readonly need_patient_banner?: boolean | 'false';
  readonly smart_style_url?: string;
  readonly tenant?: string;
  readonly id_token?: string;
  readonly refresh_token?: string;
}

export async function handleToken(
  request: Request,
  url: URL,
  profile: EhrProfile,
  context: StandInContext,
): Promise<Response> {
  if (request.method === 'OPTIONS') return corsPreflight();
  if (request.method !== 'POST')
    return tokenError(405, 'invalid_request', 'The token endpoint accepts POST only');
  const form = await readForm(request);
  if (!form) return tokenError(400, 'invalid_request', 'The body must be application/x-www-form-urlencoded');

  if (context.faults.current().tokenInvalidGrant) {
    return tokenError(400, 'invalid_grant', 'The authorization code or refresh token is invalid or expired');
  }
  const client = tokenRequestClientId(request, form);
  if (!client.ok) {
    // RFC 6749 §5.2: 401 when the client tried to authenticate with the Authorization header.
    return tokenError(request.headers.has('authorization') ? 401 : 400, 'invalid_client', client.description);
  }

  const grantType = param(form, 'grant_type');
  switch (grantType) {
    case 'authorization_code':
      return exchangeCode(form, client.clientId, url, profile, context);
    case 'refresh_token':
      return refresh(form, client.clientId, url, profile, context);
    case undefined:
      return tokenError(400, 'invalid_request', 'Missing grant_type');
    default:
      return tokenError(400, 'unsupported_grant_type', `Unsupported grant_type ${grantType}`);
  }
}

async function exchangeCode(
  form: URLSearchParams,
  clientId: string | undefined,
  url: URL,
  profile: EhrProfile,
  context: StandInContext,
): Promise<Response> {
  const code = param(form, 'code');
  const redirectUri = param(form, 'redirect_uri');
  if (code === undefined) return tokenError(400, 'invalid_request', 'Missing code');
  if (redirectUri === undefined) return tokenError(400, 'invalid_request', 'Missing redirect_uri');
  if (clientId === undefined) return tokenError(400, 'invalid_request', 'Missing client_id');

  // Redeeming consumes the code even when the checks below fail: a code is good for one attempt only.
  const pending = context.tokens.redeemCode(code, context.nowMs());
  if (pending?.grant.profile !== profile.id) {
    return tokenError(400, 'invalid_grant', 'The authorization code is invalid, expired or already used');
  }
  const { grant, codeChallenge } = pending;
  if (grant.clientId !== clientId) {
    return tokenError(400, 'invalid_grant', 'The authorization code was issued to another client');
  }
  if (grant.redirectUri !== redirectUri) {
    return tokenError(400, 'invalid_grant', 'redirect_uri does not match the authorization request');
  }
  if (codeChallenge !== undefined) {
    const verifier = param(form, 'code_verifier');
    if (verifier === undefined) return tokenError(400, 'invalid_grant', 'PKCE code_verifier is required');
    if (!CODE_VERIFIER.test(verifier) || s256(verifier) !== codeChallenge) {
      return tokenError(
        400,
        'invalid_grant',
        'PKCE verification failed: code_verifier does not match code_challenge',
      );
    }
  }

  const body: TokenResponseBody = {
    ...accessTokenFields(grant, profile, context),
    ...launchContextFields(grant, profile),
    need_patient_banner: grant.ehrLaunch ? profile.needPatientBannerOnEhrLaunch : true,
    smart_style_url: smartStyleUrl(profile, url.origin),
    ...(await idTokenField(grant, url, profile, context)),
    ...(hasRefreshScope(grant) ? { refresh_token: context.tokens.issueRefreshToken(grant) } : {}),
  };
  return tokenJson(body);
}

async function refresh(
  form: URLSearchParams,
  clientId: string | undefined,
  url: URL,
  profile: EhrProfile,
  context: StandInContext,
): Promise<Response> {
  const refreshToken = param(form, 'refresh_token');
  if (refreshToken === undefined) return tokenError(400, 'invalid_request', 'Missing refresh_token');
  const stored = context.tokens.lookupRefreshToken(refreshToken);
  if (stored?.profile !== profile.id) return tokenError(400, 'invalid_grant', 'The refresh token is invalid');
  // A public client may omit client_id (fhirclient sends it only with refreshTokenWithClientId); if named, it must match.
  if (clientId !== undefined && clientId !== stored.clientId) {
    return tokenError(400, 'invalid_grant', 'The refresh token was issued to another client');
  }

  // RFC 6749 §6: the client may ask for fewer scopes than originally granted, never more.
  let grant = stored;
  const requested = param(form, 'scope')?.split(' ').filter(Boolean);
  if (requested !== undefined) {
    const extra = requested.filter((scope) => !stored.scopes.includes(scope));
    if (extra.length > 0)
      return tokenError(400, 'invalid_scope', `Not originally granted: ${extra.join(' ')}`);
    grant = { ...stored, scopes: requested };
  }

  const body: TokenResponseBody = {
    ...accessTokenFields(grant, profile, context),
    ...launchContextFields(grant, profile),
    ...(await idTokenField(grant, url, profile, context)),
    // Epic and Oracle Health answer a refresh without a new refresh token: the one the app holds stays valid.
    ...(profile.refreshReturnsNewRefreshToken
      ? { refresh_token: context.tokens.issueRefreshToken(grant) }
      : {}),
  };
  return tokenJson(body);
}

function accessTokenFields(
  grant: Grant,
  profile: EhrProfile,
  context: StandInContext,
): Pick<TokenResponseBody, 'access_token' | 'token_type' | 'expires_in' | 'scope'> {
  return {
    access_token: context.tokens.issueAccessToken(grant, profile.accessTokenSeconds, context.nowMs()),
    token_type: profile.id === 'epic' ? 'bearer' : 'Bearer',
    expires_in: profile.accessTokenSeconds,
    scope: grant.scopes.join(' '),
  };
}

function launchContextFields(
  grant: Grant,
  profile: EhrProfile,
): Pick<TokenResponseBody, 'patient' | 'encounter' | 'tenant'> {
  return {
    ...(grant.patient ? { patient: grant.patient } : {}),
    ...(grant.encounter ? { encounter: grant.encounter } : {}),
    // Oracle Health returns its tenant id beside the launch context.
    ...(profile.tenant === undefined ? {} : { tenant: profile.tenant }),
  };
}

/**
 * SMART App Launch 2.2 §"Scopes for requesting identity data": with `openid` and `fhirUser` (or the v1
 * `profile`), the response carries an OpenID Connect id_token naming the signed-in clinician.
 */
async function idTokenField(
  grant: Grant,
  url: URL,
  profile: EhrProfile,
  context: StandInContext,
): Promise<Pick<TokenResponseBody, 'id_token'>> {
  const wantsIdentity =
    grant.scopes.includes('openid') &&
    (grant.scopes.includes('fhirUser') || grant.scopes.includes('profile'));
  const practitionerId = grant.practitioner.startsWith('Practitioner/')
    ? grant.practitioner.slice('Practitioner/'.length)
    : '';
  if (!wantsIdentity || practitionerId === '') return {};
  const fhirUser = `${url.origin}${profile.fhirBasePath}/Practitioner/${practitionerId}`;
  const issuedAtSeconds = Math.floor(context.nowMs() / 1000);
  const idToken = await context.keys.signIdToken({
    iss: oauthEndpoints(profile, url.origin).issuer,
    sub: practitionerId,
    aud: grant.clientId,
    iat: issuedAtSeconds,
    exp: issuedAtSeconds + ID_TOKEN_LIFETIME_SECONDS,
    fhirUser,
    // SMART v1 apps read the user from the `profile` claim (Oracle Health sends both).
    ...(grant.scopes.includes('profile') ? { profile: fhirUser } : {}),
  });
  return { id_token: idToken };
}

function hasRefreshScope(grant: Grant): boolean {
  return grant.scopes.includes('offline_access') || grant.scopes.includes('online_access');
}

function s256(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

/** RFC 6749 §5.2 error, readable cross-origin so a browser app can show why the exchange failed. */
function tokenError(status: number, error: string, description: string): Response {
  return withCors(oauthError(status, error, description));
}
