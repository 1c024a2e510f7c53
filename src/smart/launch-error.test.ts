import HttpError from 'fhirclient/lib/HttpError';
import { describe, expect, it } from 'vitest';
import {
  authorizationErrorFromUrl,
  isNetworkFailure,
  oauthErrorFromMessage,
  SmartLaunchError,
  toFhirReadError,
  toLaunchCompleteError,
  toLaunchStartError,
  toSmartLaunchError,
  withLaunchType,
} from './launch-error.ts';
import { readFhirResource } from '../fhir/read-resource.ts';
import { parseRegisteredEhrs, RegisteredEhrsConfigError } from './registered-ehrs.ts';

const TOKEN_URL = 'http://127.0.0.1:5999/ehr/epic/oauth2/token';
const ISS = 'http://127.0.0.1:5999/ehr/epic/api/FHIR/R4';

/** An HttpError exactly as fhirclient's request() builds it: the body parsed into the message. */
async function httpError(
  status: number,
  body: unknown,
  contentType = 'application/json',
): Promise<HttpError> {
  const response = new Response(typeof body === 'string' ? body : JSON.stringify(body), {
    status,
    statusText: status === 401 ? 'Unauthorized' : 'Bad Request',
    headers: { 'content-type': contentType },
  });
  return new HttpError(response).parse();
}

describe('toLaunchCompleteError (ready() failures)', () => {
  it.each([
    // smart.js ready(): nothing in the URL nor in sessionStorage.
    ["No 'state' parameter found. Please (re)launch the app."],
    // smart.js ready(): a state the session does not know.
    ['No state found! Please (re)launch the app.'],
  ])('maps "%s" to opened-directly', (message) => {
    expect(toLaunchCompleteError(new Error(message)).kind).toBe('opened-directly');
  });

  it('maps a token endpoint HTTP error to token-error with the OAuth error_description', async () => {
    const error = toLaunchCompleteError(
      await httpError(400, {
        error: 'invalid_grant',
        error_description: 'The authorization code is invalid or expired',
      }),
    );
    expect(error).toMatchObject({
      kind: 'token-error',
      ehrDescription: 'The authorization code is invalid or expired',
    });
    expect(error.message).toContain('400');
  });

  it('falls back on the OAuth error code when there is no description', async () => {
    expect(toLaunchCompleteError(await httpError(400, { error: 'invalid_client' }))).toMatchObject({
      kind: 'token-error',
      ehrDescription: 'invalid_client',
    });
  });

  it('maps a token endpoint error without an OAuth body to token-error without a description', async () => {
    const error = toLaunchCompleteError(await httpError(502, '<html>Bad gateway</html>', 'text/html'));
    expect(error.kind).toBe('token-error');
    expect(error.ehrDescription).toBeUndefined();
  });

  it('maps a token response without access_token to token-error', () => {
    expect(toLaunchCompleteError(new Error('Failed to obtain access token.')).kind).toBe('token-error');
  });

  it.each([
    ['a browser fetch TypeError (Chrome)', new TypeError('Failed to fetch')],
    ['a browser fetch TypeError (Firefox)', new TypeError('NetworkError when attempting to fetch resource.')],
    ['a browser fetch TypeError (Safari)', new TypeError('Load failed')],
    ['a Node fetch TypeError', new TypeError('fetch failed')],
    [
      'a cross-fetch FetchError',
      Object.assign(new Error(`request to ${TOKEN_URL} failed, reason: connect ECONNREFUSED`), {
        name: 'FetchError',
      }),
    ],
  ])('maps %s to network', (_label, cause) => {
    expect(toLaunchCompleteError(cause)).toMatchObject({ kind: 'network', cause });
  });

  it('does not call a programming TypeError a network failure', () => {
    expect(
      toLaunchCompleteError(new TypeError("Cannot read properties of undefined (reading 'x')")).kind,
    ).toBe('launch-failed');
  });

  it('keeps a SmartLaunchError as it is', () => {
    const original = new SmartLaunchError('unknown-iss', 'x', { iss: ISS });
    expect(toLaunchCompleteError(original)).toBe(original);
  });

  it('maps anything else to launch-failed', () => {
    const error = toLaunchCompleteError('boom');
    expect(error.kind).toBe('launch-failed');
    expect(error.message).toContain('boom');
  });
});

describe('authorizationErrorFromUrl', () => {
  it('maps error=access_denied to access-denied with the description', () => {
    const url = new URL(
      'http://127.0.0.1:5999/?error=access_denied&error_description=The+user+denied+access&state=s',
    );
    expect(authorizationErrorFromUrl(url)).toMatchObject({
      kind: 'access-denied',
      ehrDescription: 'The user denied access',
    });
  });

  it('maps any other authorization error to launch-failed', () => {
    const url = new URL('http://127.0.0.1:5999/?error=invalid_scope&state=s');
    expect(authorizationErrorFromUrl(url)).toMatchObject({
      kind: 'launch-failed',
      ehrDescription: 'invalid_scope',
    });
  });

  it('returns undefined when there is no error', () => {
    expect(authorizationErrorFromUrl(new URL('http://127.0.0.1:5999/?code=c&state=s'))).toBeUndefined();
  });
});

describe('toFhirReadError, on what a FHIR read (src/fhir/read-resource.ts) throws', () => {
  /** The launch's Patient read against a server that answers `status` with an OperationOutcome. */
  async function readFailure(status: number): Promise<unknown> {
    const outcome = {
      resourceType: 'OperationOutcome',
      issue: [{ severity: 'error', code: 'security', diagnostics: 'Access token expired' }],
    };
    const fetch = (): Promise<Response> =>
      Promise.resolve(
        new Response(JSON.stringify(outcome), {
          status,
          headers: { 'content-type': 'application/fhir+json' },
        }),
      );
    return readFhirResource({ fhirBaseUrl: ISS, path: 'Patient/1', accessToken: 't', fetch }).then(
      () => undefined,
      (error: unknown) => error,
    );
  }

  it('maps a 401 to session-expired', async () => {
    const cause = await readFailure(401);
    expect(toFhirReadError(cause, 'Patient/1')).toMatchObject({ kind: 'session-expired', cause });
  });

  it('maps a 403 to access-denied and other statuses to launch-failed, with the OperationOutcome text', async () => {
    expect(toFhirReadError(await readFailure(403), 'Patient/1').kind).toBe('access-denied');
    const failed = toFhirReadError(await readFailure(500), 'Patient/1');
    expect(failed.kind).toBe('launch-failed');
    expect(failed.message).toContain('HTTP 500');
    expect(failed.message).toContain('Access token expired');
  });

  it('maps no connection to network', async () => {
    const fetch = (): Promise<Response> => Promise.reject(new TypeError('Failed to fetch'));
    const error = await readFhirResource({
      fhirBaseUrl: ISS,
      path: 'Patient/1',
      accessToken: 't',
      fetch,
    }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(toFhirReadError(error, 'Patient/1').kind).toBe('network');
    expect(toFhirReadError(new TypeError('Failed to fetch'), 'Patient/1').kind).toBe('network');
  });
});

describe('toLaunchStartError (authorize() failures)', () => {
  it('maps discovery that could not reach the EHR to network', () => {
    // smart.js wraps the failure of both discovery requests in a plain Error with the original text.
    const cause = new Error(
      `Failed to fetch the conformance statement from "${ISS}/metadata". FetchError: request to ${ISS}/metadata failed, reason: connect ECONNREFUSED 127.0.0.1:5999`,
    );
    expect(toLaunchStartError(cause, ISS)).toMatchObject({ kind: 'network', iss: ISS });
  });

  it('maps discovery that got an HTTP error to launch-failed', () => {
    const cause = new Error(
      `Failed to fetch the conformance statement from "${ISS}/metadata". HttpError: 404 Not Found`,
    );
    expect(toLaunchStartError(cause, ISS)).toMatchObject({ kind: 'launch-failed', iss: ISS });
  });
});

describe('oauthErrorFromMessage / isNetworkFailure', () => {
  it('reads the error line fhirclient appended', () => {
    expect(
      oauthErrorFromMessage(`400 Bad Request\nURL: ${TOKEN_URL}\ninvalid_grant: Code expired: try again`),
    ).toEqual({
      error: 'invalid_grant',
      description: 'Code expired: try again',
    });
    expect(oauthErrorFromMessage(`400 Bad Request\nURL: ${TOKEN_URL}`)).toBeUndefined();
  });

  it('is false for values that are not errors', () => {
    expect(isNetworkFailure('Failed to fetch')).toBe(false);
    expect(isNetworkFailure(undefined)).toBe(false);
  });
});

describe('isNetworkFailure on wrapped browser messages', () => {
  it('recognises a browser TypeError at the end of the discovery wrapper', () => {
    expect(
      isNetworkFailure(
        new Error(
          `Failed to fetch the conformance statement from "${ISS}/metadata". TypeError: Failed to fetch`,
        ),
      ),
    ).toBe(true);
  });
});

describe('an invalid registry', () => {
  it('becomes registry-invalid, keeping every issue with its entry and field', () => {
    const result = parseRegisteredEhrs({ registeredEhrs: [{ name: 'Epic production', profile: 'epic' }] });
    if (result.ok) throw new Error('expected an invalid registry');
    const configError = new RegisteredEhrsConfigError(result.issues);
    for (const error of [toSmartLaunchError(configError), toLaunchStartError(configError, ISS)]) {
      expect(error.kind).toBe('registry-invalid');
      expect(error.message).toContain('registeredEhrs[0] "Epic production" issPattern: ');
      expect(error.message).toContain('registeredEhrs[0] "Epic production" scopes: ');
    }
  });
});

describe('withLaunchType', () => {
  it('adds the launch type, keeping kind, message, iss, the EHR text and the cause', () => {
    const cause = new Error('root');
    const original = new SmartLaunchError('token-error', 'm', { iss: ISS, ehrDescription: 'd', cause });
    const typed = withLaunchType(original, 'standalone');
    expect(typed).toMatchObject({ kind: 'token-error', message: 'm', iss: ISS, ehrDescription: 'd' });
    expect(typed.launchType).toBe('standalone');
    expect(typed.cause).toBe(cause);
  });

  it('keeps a launch type already known, and an error whose type is unknown as it is', () => {
    const ehr = new SmartLaunchError('network', 'm', { launchType: 'ehr' });
    expect(withLaunchType(ehr, 'standalone')).toBe(ehr);
    const plain = new SmartLaunchError('network', 'm');
    expect(withLaunchType(plain, undefined)).toBe(plain);
  });
});
