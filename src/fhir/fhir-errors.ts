// The FHIR layer's error vocabulary. Every failure of a FHIR request becomes a FhirRequestError that carries
// the URL, the HTTP status (when there was a response) and the OperationOutcome text the server sent, so the
// UI and the CLI can say exactly what the EHR answered. A 401 is different: the access token is no longer
// accepted, nothing else will work, and the only remedy is to launch again (SessionExpiredError).

/** Why a request failed: an HTTP error status, no answer in time, no connection, or an unreadable body. */
export type FhirFailureKind = 'http' | 'timeout' | 'network' | 'invalid-response';

export class FhirRequestError extends Error {
  override readonly name = 'FhirRequestError';
  readonly url: string;
  readonly kind: FhirFailureKind;
  /** HTTP status; undefined when no response arrived (timeout, network). */
  readonly status: number | undefined;
  /** The OperationOutcome's issue text, when the server sent one. */
  readonly outcomeText: string | undefined;

  constructor(
    init: { url: string; kind: FhirFailureKind; status?: number; outcomeText?: string; message: string },
    options?: { cause?: unknown },
  ) {
    super(init.message, options);
    this.url = init.url;
    this.kind = init.kind;
    this.status = init.status;
    this.outcomeText = init.outcomeText;
  }
}

/** The EHR answered 401: the access token expired or was revoked. The app must be launched again. */
export class SessionExpiredError extends Error {
  override readonly name = 'SessionExpiredError';
  readonly url: string;
  readonly outcomeText: string | undefined;

  constructor(url: string, outcomeText: string | undefined) {
    super(
      `The EHR no longer accepts this session's access token (401)${outcomeText ? `: ${outcomeText.replace(/\.$/, '')}` : ''}. Launch the app again from the chart.`,
    );
    this.url = url;
    this.outcomeText = outcomeText;
  }
}

export function isFhirRequestError(error: unknown): error is FhirRequestError {
  return error instanceof FhirRequestError;
}

export function isSessionExpiredError(error: unknown): error is SessionExpiredError {
  return error instanceof SessionExpiredError;
}

/** True for the rejection of an aborted operation (the caller cancelled), as fetch and AbortSignal raise it. */
export function isAbortError(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

/** An aborted signal's reason as an Error (AbortController.abort() with no argument gives a DOMException). */
export function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error
    ? reason
    : new DOMException(typeof reason === 'string' ? reason : 'The operation was aborted', 'AbortError');
}
