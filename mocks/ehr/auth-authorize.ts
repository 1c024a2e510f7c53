// The authorize endpoint of the stand-in (RFC 6749 §4.1.1–4.1.2, SMART App Launch 2.2 §"Obtain authorization
// code"). An EHR launch is approved at once, as the clinician is already signed in to the EHR; a standalone
// launch shows the sign-in and consent page, whose form posts back here.
import { renderAuthorizeErrorPage, renderConsentPage } from './consent-page.ts';
import { findRepeatedParam, param, readForm } from './auth-http.ts';
import { decodeLaunchContext } from './launch-context.ts';
import type { PatientSummary } from './patient-store.ts';
import type { EhrProfile } from './profiles.ts';
import { html, json, redirect } from './responses.ts';
import { grantScopes } from './scopes.ts';
import type { StandInContext } from './stand-in-context.ts';
import type { Grant } from './token-store.ts';

/** The request parameters the consent form carries through to its POST. */
const AUTHORIZE_PARAMS = [
  'response_type',
  'client_id',
  'redirect_uri',
  'scope',
  'state',
  'aud',
  'code_challenge',
  'code_challenge_method',
] as const;

/** RFC 7636 §4.2: a S256 challenge is the base64url SHA-256 of the verifier, 43 characters without padding. */
const S256_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

interface AuthorizeRequest {
  readonly clientId: string;
  /** Parsed for building redirects; the token request must repeat the raw text exactly (RFC 6749 §4.1.3). */
  readonly redirectUri: URL;
  readonly redirectUriText: string;
  readonly state: string;
  readonly scopes: readonly string[];
  /** Undefined when the profile does not do PKCE (Oracle Health ignores the parameters). */
  readonly codeChallenge: string | undefined;
  readonly params: URLSearchParams;
}

type Checked = { ok: true; request: AuthorizeRequest } | { ok: false; response: Response };

export async function handleAuthorize(
  request: Request,
  url: URL,
  profile: EhrProfile,
  context: StandInContext,
): Promise<Response> {
  switch (request.method) {
    case 'GET':
      return authorizeFromQuery(url, profile, context);
    case 'POST':
      return decideConsent(request, url, profile, context);
    default:
      return json({ error: 'method_not_allowed', error_description: 'Use GET or POST' }, 405);
  }
}

function authorizeFromQuery(url: URL, profile: EhrProfile, context: StandInContext): Response {
  const checked = checkAuthorizeParams(url.searchParams, url, profile);
  if (!checked.ok) return checked.response;
  const authorize = checked.request;
  const launch = param(url.searchParams, 'launch');
  if (launch !== undefined) return approveEhrLaunch(launch, authorize, profile, context);

  if (context.faults.current().consentDenied) return accessDenied(authorize, 'The user denied access');
  return consentPage(authorize, url, profile, context, undefined, undefined);
}

/** EHR launch: the launch handle names the patient (and maybe the encounter) open in the EHR. */
function approveEhrLaunch(
  launch: string,
  authorize: AuthorizeRequest,
  profile: EhrProfile,
  context: StandInContext,
): Response {
  const launchContext = decodeLaunchContext(launch);
  if (!launchContext)
    return errorRedirect(authorize, 'invalid_request', 'Unknown or malformed launch parameter');
  const patient = context.patients.get(plainId(launchContext.patient, 'Patient'));
  if (!patient)
    return errorRedirect(authorize, 'invalid_request', 'The launch context names an unknown patient');
  if (context.faults.current().consentDenied) return accessDenied(authorize, 'The user denied access');
  const encounter = launchContext.encounter ?? patient.latestEncounter;
  return issueCode(authorize, profile, context, {
    patient: patient.id,
    encounter: encounter === undefined ? undefined : plainId(encounter, 'Encounter'),
    practitioner: patient.practitioner,
    ehrLaunch: true,
  });
}

/** POST from the consent page: check the carried parameters again, then apply the clinician's choice. */
async function decideConsent(
  request: Request,
  url: URL,
  profile: EhrProfile,
  context: StandInContext,
): Promise<Response> {
  const form = await readForm(request);
  if (!form) {
    return html(
      renderAuthorizeErrorPage(
        profile,
        'The consent form must be posted as a form (application/x-www-form-urlencoded).',
      ),
      400,
    );
  }
  const checked = checkAuthorizeParams(form, url, profile);
  if (!checked.ok) return checked.response;
  const authorize = checked.request;

  const decision = param(form, 'decision');
  if (decision === 'deny' || context.faults.current().consentDenied) {
    return accessDenied(authorize, 'The user denied access');
  }
  if (decision !== 'allow') {
    return consentPage(authorize, url, profile, context, 'Choose Allow or Deny.', undefined, 400);
  }

  let patient: PatientSummary | undefined;
  if (authorize.scopes.includes('launch/patient')) {
    const patientId = param(form, 'patient');
    patient = patientId === undefined ? undefined : context.patients.get(patientId);
    if (!patient) {
      return consentPage(
        authorize,
        url,
        profile,
        context,
        'Choose a patient to open the app with.',
        patientId,
        400,
      );
    }
  }
  const grantedScopes = grantScopes(profile, authorize.scopes);
  // In a standalone launch the EHR picks the encounter only when the app asks for one (launch/encounter).
  const encounter =
    patient && grantedScopes.includes('launch/encounter') ? patient.latestEncounter : undefined;
  return issueCode(authorize, profile, context, {
    patient: patient?.id ?? '',
    encounter: encounter === undefined ? undefined : plainId(encounter, 'Encounter'),
    practitioner: signedInPractitioner(patient, context),
    ehrLaunch: false,
  });
}

function issueCode(
  authorize: AuthorizeRequest,
  profile: EhrProfile,
  context: StandInContext,
  launch: Pick<Grant, 'patient' | 'encounter' | 'practitioner' | 'ehrLaunch'>,
): Response {
  const grant: Grant = {
    profile: profile.id,
    clientId: authorize.clientId,
    redirectUri: authorize.redirectUriText,
    scopes: grantScopes(profile, authorize.scopes),
    ...launch,
  };
  const code = context.tokens.issueCode(grant, authorize.codeChallenge, context.nowMs());
  const target = new URL(authorize.redirectUri);
  target.searchParams.set('code', code);
  target.searchParams.set('state', authorize.state);
  return redirect(target.href);
}

function consentPage(
  authorize: AuthorizeRequest,
  url: URL,
  profile: EhrProfile,
  context: StandInContext,
  errorMessage: string | undefined,
  selectedPatientId: string | undefined,
  status = 200,
): Response {
  const grantedScopes = grantScopes(profile, authorize.scopes);
  const selected = selectedPatientId === undefined ? undefined : context.patients.get(selectedPatientId);
  return html(
    renderConsentPage({
      profile,
      clientId: authorize.clientId,
      formAction: url.pathname,
      hiddenFields: AUTHORIZE_PARAMS.flatMap((name) => {
        const value = authorize.params.get(name);
        return value === null ? [] : [[name, value] as const];
      }),
      grantedScopes,
      refusedScopes: authorize.scopes.filter((scope) => !grantedScopes.includes(scope)),
      patients: authorize.scopes.includes('launch/patient') ? context.patients.list() : undefined,
      selectedPatientId,
      errorMessage,
      practitioner: signedInPractitioner(selected, context),
    }),
    status,
  );
}

/**
 * The demo clinician of a standalone launch: the chosen patient's clinician, so that `fhirUser` names a
 * Practitioner in that patient's record; without a patient, the first fixture patient's clinician.
 */
function signedInPractitioner(patient: PatientSummary | undefined, context: StandInContext): string {
  return (patient ?? context.patients.list()[0])?.practitioner ?? '';
}

/**
 * Validates an authorization request. Until client_id and redirect_uri are known to be usable, errors are
 * shown as a page; after that they go back to the app (RFC 6749 §4.1.2.1).
 */
function checkAuthorizeParams(params: URLSearchParams, url: URL, profile: EhrProfile): Checked {
  const errorPage = (message: string): Checked => ({
    ok: false,
    response: html(renderAuthorizeErrorPage(profile, message), 400),
  });
  const repeated = findRepeatedParam(params);
  if (repeated === 'client_id' || repeated === 'redirect_uri')
    return errorPage(`The ${repeated} parameter is repeated.`);

  const clientId = param(params, 'client_id');
  if (clientId === undefined) return errorPage('The request has no client_id.');
  const redirectUriText = param(params, 'redirect_uri');
  const redirectUri = parseRedirectUri(redirectUriText);
  if (!redirectUri || redirectUriText === undefined)
    return errorPage(
      'The request has no valid redirect_uri (an absolute http or https address without a fragment).',
    );

  const state = param(params, 'state');
  const fail = (error: string, description: string): Checked => ({
    ok: false,
    response: redirect(errorLocation(redirectUri, error, description, state)),
  });
  if (repeated !== undefined) return fail('invalid_request', `The ${repeated} parameter is repeated`);
  // SMART App Launch requires state (the app's CSRF protection); RFC 6749 only recommends it.
  if (state === undefined) return fail('invalid_request', 'Missing state parameter');

  const responseType = param(params, 'response_type');
  if (responseType === undefined) return fail('invalid_request', 'Missing response_type parameter');
  if (responseType !== 'code')
    return fail('unsupported_response_type', 'Only response_type=code is supported');

  const scopes = (param(params, 'scope') ?? '').split(' ').filter(Boolean);
  if (scopes.length === 0) return fail('invalid_request', 'Missing scope parameter');

  const expectedAud = `${url.origin}${profile.fhirBasePath}`;
  const aud = param(params, 'aud');
  if (aud === undefined) return fail('invalid_request', `Missing aud parameter: it must be ${expectedAud}`);
  // A trailing slash on the FHIR base is tolerated: apps often keep the iss they were launched with verbatim.
  if (aud.replace(/\/$/, '') !== expectedAud) {
    return fail('invalid_request', `aud ${aud} is not this server's FHIR base URL ${expectedAud}`);
  }

  let codeChallenge: string | undefined;
  if (profile.pkceS256) {
    codeChallenge = param(params, 'code_challenge');
    // SMART App Launch 2.x: servers SHALL support S256 and SHALL NOT support `plain`; a missing method means plain.
    const method = param(params, 'code_challenge_method');
    if (codeChallenge === undefined)
      return fail('invalid_request', 'PKCE is required: missing code_challenge');
    if (method !== 'S256') return fail('invalid_request', 'PKCE code_challenge_method must be S256');
    if (!S256_CHALLENGE.test(codeChallenge))
      return fail('invalid_request', 'code_challenge is not a base64url SHA-256 hash');
  }

  return {
    ok: true,
    request: { clientId, redirectUri, redirectUriText, state, scopes, codeChallenge, params },
  };
}

function parseRedirectUri(value: string | undefined): URL | undefined {
  if (value === undefined || !URL.canParse(value)) return undefined;
  const parsed = new URL(value);
  // RFC 6749 §3.1.2: an absolute URI without a fragment.
  if ((parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || value.includes('#')) return undefined;
  return parsed;
}

function errorLocation(
  redirectUri: URL,
  error: string,
  description: string,
  state: string | undefined,
): string {
  const target = new URL(redirectUri);
  target.searchParams.set('error', error);
  target.searchParams.set('error_description', description);
  if (state !== undefined) target.searchParams.set('state', state);
  return target.href;
}

function errorRedirect(authorize: AuthorizeRequest, error: string, description: string): Response {
  return redirect(errorLocation(authorize.redirectUri, error, description, authorize.state));
}

function accessDenied(authorize: AuthorizeRequest, description: string): Response {
  return errorRedirect(authorize, 'access_denied', description);
}

/** `Encounter/123` or `123` → `123`: launch contexts may carry references, token responses carry plain ids. */
function plainId(reference: string, resourceType: string): string {
  return reference.startsWith(`${resourceType}/`) ? reference.slice(resourceType.length + 1) : reference;
}
