// The SMART App Launch handshake in the browser, through fhirclient: `/launch` calls startLaunch(), the
// redirect URI `/` calls completeLaunch(). Everything fhirclient throws leaves here as a SmartLaunchError.
import type { Patient } from 'fhir/r4';
import FHIR from 'fhirclient/lib/entry/browser';
import type Client from 'fhirclient/lib/Client';
import { readFhirResource } from '../fhir/read-resource.ts';
import { buildAuthorizeParams } from './authorize-params.ts';
import { configureFhirclient } from './fhirclient-settings.ts';
import { buildLaunchContext, type LaunchContext } from './launch-context.ts';
import {
  authorizationErrorFromUrl,
  SmartLaunchError,
  toFhirReadError,
  toLaunchCompleteError,
  toLaunchStartError,
  toSmartLaunchError,
  withLaunchType,
  type LaunchType,
} from './launch-error.ts';
import { matchRegisteredEhr, registrationsTrustedFrom, type RegisteredEhr } from './registered-ehrs.ts';

/**
 * The session's tokens, without fhirclient: what the record loader, the Patient read and the backend calls need.
 * fhirclient holds them and refreshes the access token when close to expiry (Oracle Health's last 570 s;
 * `online_access` gives a refresh token for the session).
 */
export interface SessionCredentials {
  /** The access token, refreshed first when close to expiry; a refused refresh leaves the current one. */
  readonly freshAccessToken: () => Promise<string>;
  readonly idToken: () => string | undefined;
}

/** A completed launch: its context as plain data, and its credentials. */
export interface SmartSession extends LaunchContext {
  readonly credentials: SessionCredentials;
}

function sessionCredentials(client: Client): SessionCredentials {
  return {
    freshAccessToken: async () => {
      try {
        await client.refreshIfNeeded();
      } catch {
        // A refused refresh leaves the current token: the next request's 401 says the session is over.
      }
      return client.state.tokenResponse?.access_token ?? '';
    },
    idToken: () => client.state.tokenResponse?.id_token,
  };
}

export interface RegistryOptions {
  /**
   * The EHRs to trust (tests register the stand-in differently). By default launch/registered-ehrs.json, less
   * the sandbox's loopback entries unless this page is itself on loopback (registrationsTrustedFrom).
   */
  readonly registrations?: readonly RegisteredEhr[];
}

export interface StartLaunchOptions extends RegistryOptions {
  /** Resolve with the authorize URL instead of navigating to it (tests, diagnostics). */
  readonly noRedirect?: boolean;
}

/**
 * URL parameters that fhirclient's authorize() reads from the page URL and prefers over the options it is
 * given (smart.js): a crafted launch link could swap the client id, or skip OAuth with a fake server.
 */
const UNTRUSTED_OVERRIDE_PARAMS = ['clientId', 'client_id', 'fhirServiceUrl', 'patientId'] as const;

/**
 * Where the launch type is kept from the launch page to the redirect URI (same tab, same origin), so that an
 * error after the EHR's sign-in still tells a standalone user what to do. Only the error copy depends on it.
 */
const LAUNCH_TYPE_KEY = 'chartside.launchType';

function rememberLaunchType(launchType: LaunchType): void {
  try {
    sessionStorage.setItem(LAUNCH_TYPE_KEY, launchType);
  } catch {
    // Storage refused (private mode quota): the error screens then give both ways to start again.
  }
}

function rememberedLaunchType(): LaunchType | undefined {
  try {
    const stored = sessionStorage.getItem(LAUNCH_TYPE_KEY);
    return stored === 'ehr' || stored === 'standalone' ? stored : undefined;
  } catch {
    return undefined;
  }
}

function withKnownLaunchType(): { readonly launchType?: LaunchType } {
  const launchType = rememberedLaunchType();
  return launchType === undefined ? {} : { launchType };
}

/** Whether this window is inside another one (iframe) or was opened by one (EHR popup). */
function isEmbeddedWindow(): boolean {
  try {
    if (window.self !== window.top) return true;
    return window.opener !== null && window.name !== '';
  } catch {
    // A cross-origin parent throws on access: that is a frame.
    return true;
  }
}

/**
 * Starts an EHR launch (`?iss=…&launch=…`) or a standalone launch (`?iss=…`): checks the iss against the
 * registered EHRs, discovers its OAuth endpoints and navigates to its authorize endpoint.
 * `location` must be the page's own location: fhirclient reads `iss` and `launch` from window.location too.
 * Do not chain work after it: unless `noRedirect`, the page is navigating away.
 */
export async function startLaunch(
  location: { readonly href: string },
  options: StartLaunchOptions = {},
): Promise<string | undefined> {
  const url = new URL(location.href);
  const iss = url.searchParams.get('iss') ?? '';
  if (iss === '') {
    throw new SmartLaunchError('missing-iss', 'The launch URL has no iss parameter (the EHR FHIR base URL)');
  }
  // SMART App Launch: an EHR launch carries `launch`; a standalone launch has only `iss`.
  const launchType: LaunchType = url.searchParams.get('launch') ? 'ehr' : 'standalone';
  try {
    return await startRegisteredLaunch(url, iss, launchType, options);
  } catch (error) {
    throw withLaunchType(toLaunchStartError(error, iss), launchType);
  }
}

async function startRegisteredLaunch(
  url: URL,
  iss: string,
  launchType: LaunchType,
  options: StartLaunchOptions,
): Promise<string | undefined> {
  const registration = matchRegisteredEhr(
    iss,
    options.registrations ?? registrationsTrustedFrom(url.hostname),
  );
  if (!registration) {
    throw new SmartLaunchError(
      'unknown-iss',
      `No registered EHR matches iss ${iss}${sandboxOnlyNote(iss, url.hostname, options)}`,
      {
        iss,
      },
    );
  }
  const overriding = UNTRUSTED_OVERRIDE_PARAMS.filter((name) => url.searchParams.has(name));
  if (overriding.length > 0) {
    throw new SmartLaunchError(
      'launch-failed',
      `The launch URL carries parameters Chartside does not accept: ${overriding.join(', ')}`,
      {
        iss,
      },
    );
  }

  configureFhirclient();
  rememberLaunchType(launchType);
  const params = buildAuthorizeParams(registration, {
    iss,
    launch: url.searchParams.get('launch') || undefined,
    redirectUri: new URL('/', url).href,
    inFrame: isEmbeddedWindow(),
    stateKey: crypto.randomUUID(),
  });
  try {
    const authorizeUrl = await FHIR.oauth2.authorize(
      options.noRedirect ? { ...params, noRedirect: true } : params,
    );
    return typeof authorizeUrl === 'string' ? authorizeUrl : undefined;
  } catch (error) {
    throw toLaunchStartError(error, iss);
  }
}

/**
 * Completes the launch on the redirect URI: an authorization error on the URL, or the code-for-token
 * exchange (or, after a reload, the session already in sessionStorage). Call once per page load: an
 * authorization code is single use.
 */
export async function completeLaunch(options: RegistryOptions = {}): Promise<SmartSession> {
  try {
    return await completeRegisteredLaunch(options);
  } catch (error) {
    throw withLaunchType(toSmartLaunchError(error), rememberedLaunchType());
  }
}

async function completeRegisteredLaunch(options: RegistryOptions): Promise<SmartSession> {
  const authorizationError = authorizationErrorFromUrl(new URL(window.location.href));
  if (authorizationError) throw authorizationError;

  configureFhirclient();
  let client: Client;
  try {
    client = await FHIR.oauth2.ready();
  } catch (error) {
    throw toLaunchCompleteError(error);
  }
  const serverUrl = client.state.serverUrl;
  // The registry may have changed since the launch started (a reload after a deploy): trust only what it lists now.
  const pageHostname = window.location.hostname;
  const registration = matchRegisteredEhr(
    serverUrl,
    options.registrations ?? registrationsTrustedFrom(pageHostname),
  );
  if (!registration) {
    const note = sandboxOnlyNote(serverUrl, pageHostname, options);
    throw new SmartLaunchError(
      'unknown-iss',
      `No registered EHR matches the session's server ${serverUrl}${note}`,
      {
        iss: serverUrl,
      },
    );
  }
  return {
    ...buildLaunchContext(client.state.tokenResponse, serverUrl, registration),
    credentials: sessionCredentials(client),
  };
}

/** Why a registered iss was refused: it is the sandbox's, and this Chartside is not running on this computer. */
function sandboxOnlyNote(iss: string, pageHostname: string, options: RegistryOptions): string {
  if (options.registrations !== undefined || matchRegisteredEhr(iss) === undefined) return '';
  return ` (it is a sandbox EHR on this computer, trusted only when Chartside itself runs here, not from ${pageHostname})`;
}

function isPatientWithId(value: unknown, patientId: string): value is Patient {
  return (
    typeof value === 'object' &&
    value !== null &&
    'resourceType' in value &&
    value.resourceType === 'Patient' &&
    'id' in value &&
    value.id === patientId
  );
}

/** Reads the launch patient; a 401 (expired or revoked token) becomes `session-expired`. */
export async function readLaunchPatient(session: SmartSession): Promise<Patient> {
  let resource: unknown;
  try {
    resource = await readFhirResource({
      fhirBaseUrl: session.serverUrl,
      path: `Patient/${encodeURIComponent(session.patientId)}`,
      accessToken: await session.credentials.freshAccessToken(),
    });
  } catch (error) {
    throw withLaunchType(toFhirReadError(error, `Patient/${session.patientId}`), rememberedLaunchType());
  }
  if (!isPatientWithId(resource, session.patientId)) {
    throw new SmartLaunchError('launch-failed', `The EHR did not return Patient/${session.patientId}`, {
      ...withKnownLaunchType(),
    });
  }
  return resource;
}
