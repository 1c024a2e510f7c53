// One error type for every way a SMART launch can fail, mapped from what fhirclient and fetch throw. The UI
// picks its screen from `kind`; `message` keeps the technical detail for logs and tests.
import { isFhirRequestError, isSessionExpiredError } from '../fhir/fhir-errors.ts';
import { toErrorMessage } from '../shared/error-message.ts';
import { RegisteredEhrsConfigError } from './registered-ehrs.ts';

export type SmartLaunchErrorKind =
  | 'missing-iss'
  | 'unknown-iss'
  | 'registry-invalid'
  | 'opened-directly'
  | 'access-denied'
  | 'token-error'
  | 'network'
  | 'session-expired'
  | 'launch-failed';

/**
 * How the launch started: from the EHR (`launch` parameter, SMART "EHR launch") or by the user opening
 * Chartside's launch URL with only `iss` ("standalone launch"). The error screens tell each what to do next:
 * only an EHR launch can be reopened from the patient's chart.
 */
export type LaunchType = 'ehr' | 'standalone';

export interface SmartLaunchErrorDetails {
  /** The `iss` the launch named (unknown-iss shows it verbatim so IT can register it). */
  readonly iss?: string;
  /** OAuth `error_description` (or `error`) the EHR sent, shown to the clinician as plain text. */
  readonly ehrDescription?: string;
  /** Undefined when it is not known (the redirect URI opened with no launch in progress). */
  readonly launchType?: LaunchType;
  readonly cause?: unknown;
}

export class SmartLaunchError extends Error {
  readonly kind: SmartLaunchErrorKind;
  readonly iss: string | undefined;
  readonly ehrDescription: string | undefined;
  readonly launchType: LaunchType | undefined;

  constructor(kind: SmartLaunchErrorKind, message: string, details: SmartLaunchErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'SmartLaunchError';
    this.kind = kind;
    this.iss = details.iss;
    this.ehrDescription = details.ehrDescription;
    this.launchType = details.launchType;
  }
}

/** The same error, saying how the launch started (unless it already says so). */
export function withLaunchType(
  error: SmartLaunchError,
  launchType: LaunchType | undefined,
): SmartLaunchError {
  if (launchType === undefined || error.launchType !== undefined) return error;
  return new SmartLaunchError(error.kind, error.message, {
    ...(error.iss === undefined ? {} : { iss: error.iss }),
    ...(error.ehrDescription === undefined ? {} : { ehrDescription: error.ehrDescription }),
    launchType,
    cause: error.cause,
  });
}

/**
 * An invalid launch/registered-ehrs.json as a launch error. The whole file is refused, not only the bad entry:
 * Chartside does not guess which of the other entries IT meant to trust. The server refuses to start with such a
 * file, so this is seen only where the app is served some other way.
 */
function registryError(error: RegisteredEhrsConfigError): SmartLaunchError {
  return new SmartLaunchError('registry-invalid', error.message, { cause: error });
}

/** An HTTP error as fhirclient's HttpError carries it: the status, and a message with the parsed body appended. */
interface HttpErrorLike {
  readonly status: number;
  readonly message: string;
}

function isHttpError(error: unknown): error is Error & HttpErrorLike {
  return error instanceof Error && 'status' in error && typeof error.status === 'number';
}

/**
 * Whether fetch failed without any HTTP response (offline, DNS, refused, CORS, aborted). Browsers reject
 * fetch with a TypeError (Chrome "Failed to fetch", Firefox "NetworkError when attempting to fetch
 * resource.", Safari "Load failed"); Node's fetch says "fetch failed"; cross-fetch in Node throws a
 * FetchError. fhirclient wraps discovery failures in a plain Error that carries the original text. A
 * TypeError from a bug ("Cannot read properties of undefined") is not a network failure.
 */
export function isNetworkFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'FetchError' || error.name === 'AbortError' || error.name === 'TimeoutError')
    return true;
  return NETWORK_FAILURE_MESSAGE.test(error.message);
}

/** Whole fetch failure messages (alone, or at the end of fhirclient's wrapper) and Node socket error codes. */
const NETWORK_FAILURE_MESSAGE =
  /(?:^|TypeError: )(?:Failed to fetch|NetworkError when attempting to fetch resource\.|Load failed|fetch failed)$|FetchError|ECONNREFUSED|ENOTFOUND|ECONNRESET|ETIMEDOUT/u;

/**
 * The OAuth error fhirclient's HttpError appended to its message: `"<status> <text>\nURL: <url>\n<error>: <desc>"`
 * (RFC 6749 §5.2 body). HttpError does not keep the parsed body, so the message is the only place it survives.
 */
export function oauthErrorFromMessage(
  message: string,
): { error: string; description: string | undefined } | undefined {
  for (const line of message.split('\n').slice(1)) {
    const match = /^([a-z_]+)(?::\s(.*))?$/u.exec(line.trim());
    if (match?.[1]) return { error: match[1], description: match[2]?.trim() || undefined };
  }
  return undefined;
}

function messageOf(error: unknown): string {
  return toErrorMessage(error);
}

/** Anything thrown during a launch as a SmartLaunchError (`launch-failed` unless it already is one). */
export function toSmartLaunchError(error: unknown): SmartLaunchError {
  if (error instanceof SmartLaunchError) return error;
  if (error instanceof RegisteredEhrsConfigError) return registryError(error);
  return new SmartLaunchError('launch-failed', toErrorMessage(error), { cause: error });
}

/** Failure of authorize(): discovery of the EHR's OAuth endpoints, or building the redirect. */
export function toLaunchStartError(error: unknown, iss: string): SmartLaunchError {
  if (error instanceof SmartLaunchError) return error;
  if (error instanceof RegisteredEhrsConfigError) return registryError(error);
  if (isNetworkFailure(error)) {
    return new SmartLaunchError(
      'network',
      `Could not reach ${iss} to discover its OAuth endpoints: ${messageOf(error)}`,
      {
        iss,
        cause: error,
      },
    );
  }
  return new SmartLaunchError(
    'launch-failed',
    `Could not start the SMART launch with ${iss}: ${messageOf(error)}`,
    {
      iss,
      cause: error,
    },
  );
}

/**
 * The error the authorization server put on the redirect URI (RFC 6749 §4.1.2.1), or undefined when there is
 * none. `access_denied` means the clinician (or the EHR's policy) refused consent.
 */
export function authorizationErrorFromUrl(url: URL): SmartLaunchError | undefined {
  const error = url.searchParams.get('error');
  if (error === null) return undefined;
  const description = url.searchParams.get('error_description') ?? undefined;
  const ehrDescription = description ?? error;
  if (error === 'access_denied') {
    return new SmartLaunchError('access-denied', `The EHR denied authorization: ${ehrDescription}`, {
      ehrDescription,
    });
  }
  return new SmartLaunchError(
    'launch-failed',
    `The EHR refused the authorization request (${error}): ${ehrDescription}`,
    {
      ehrDescription,
    },
  );
}

/** Failure of ready(): no launch state, or the code-for-token exchange. */
export function toLaunchCompleteError(error: unknown): SmartLaunchError {
  if (error instanceof SmartLaunchError) return error;
  const message = messageOf(error);
  // fhirclient's two "no launch" assertions (smart.js ready()): no state in the URL or in sessionStorage, or
  // a state the session does not know (a bookmarked or shared redirect URL, another browser tab).
  if (/No 'state' parameter found|No state found/u.test(message)) {
    return new SmartLaunchError('opened-directly', message, { cause: error });
  }
  if (isHttpError(error)) {
    // During ready() the only HTTP request is the token request: an HTTP error is the token endpoint's answer.
    const oauth = oauthErrorFromMessage(error.message);
    const ehrDescription = oauth?.description ?? oauth?.error;
    return new SmartLaunchError(
      'token-error',
      `The token endpoint answered ${error.status}: ${ehrDescription ?? message}`,
      {
        ...(ehrDescription === undefined ? {} : { ehrDescription }),
        cause: error,
      },
    );
  }
  if (/Failed to obtain access token/u.test(message)) {
    return new SmartLaunchError('token-error', 'The token response carried no access_token', {
      cause: error,
    });
  }
  if (isNetworkFailure(error)) {
    return new SmartLaunchError('network', `Could not reach the EHR's token endpoint: ${message}`, {
      cause: error,
    });
  }
  return new SmartLaunchError('launch-failed', `Could not complete the SMART launch: ${message}`, {
    cause: error,
  });
}

/** Failure of a FHIR read with the session's access token. */
export function toFhirReadError(error: unknown, what: string): SmartLaunchError {
  if (error instanceof SmartLaunchError) return error;
  if (isSessionExpiredError(error))
    return new SmartLaunchError('session-expired', `The EHR rejected the access token reading ${what}`, {
      cause: error,
    });
  if (isFhirRequestError(error) && (error.kind === 'network' || error.kind === 'timeout'))
    return new SmartLaunchError('network', `Could not reach the EHR reading ${what}: ${error.message}`, {
      cause: error,
    });
  const message = messageOf(error);
  if (isHttpError(error)) {
    if (error.status === 401) {
      // The access token expired or was revoked and no refresh succeeded: only a relaunch gets a new one.
      return new SmartLaunchError(
        'session-expired',
        `The EHR rejected the access token reading ${what}: ${message}`,
        {
          cause: error,
        },
      );
    }
    if (error.status === 403) {
      return new SmartLaunchError('access-denied', `The EHR refused access reading ${what}: ${message}`, {
        cause: error,
      });
    }
    return new SmartLaunchError(
      'launch-failed',
      `Reading ${what} failed with HTTP ${error.status}: ${message}`,
      {
        cause: error,
      },
    );
  }
  if (isNetworkFailure(error)) {
    return new SmartLaunchError('network', `Could not reach the EHR reading ${what}: ${message}`, {
      cause: error,
    });
  }
  return new SmartLaunchError('launch-failed', `Reading ${what} failed: ${message}`, { cause: error });
}
