// One FHIR read (`GET [base]/[Type]/[id]`) on the same HTTP stack as the record loader: bearer token, FHIR JSON,
// timeout, 429/503 retried honouring Retry-After, FhirRequestError with the OperationOutcome text, and
// SessionExpiredError for a 401. The launch's Patient read uses it, so every FHIR read fails the same way.
import { createFhirHttpClient, DEFAULT_REQUEST_TIMEOUT_MS, type FetchFunction } from './fhir-http.ts';
import { DEFAULT_RETRY_POLICY } from './retry-timing.ts';
import { createSemaphore } from './semaphore.ts';

export interface ReadFhirResourceOptions {
  readonly fhirBaseUrl: string;
  /** `Type/id`, already URL-encoded where needed. */
  readonly path: string;
  readonly accessToken: string;
  readonly fetch?: FetchFunction;
  readonly signal?: AbortSignal;
}

/** The parsed JSON body of the read; its shape is the caller's to check. */
export async function readFhirResource(options: ReadFhirResourceOptions): Promise<unknown> {
  const signal = options.signal ?? new AbortController().signal;
  const http = createFhirHttpClient({
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    accessToken: options.accessToken,
    requestTimeoutMs: DEFAULT_REQUEST_TIMEOUT_MS,
    retry: DEFAULT_RETRY_POLICY,
    semaphore: createSemaphore(1, signal),
    signal,
  });
  return http.getJson(`${options.fhirBaseUrl.replace(/\/+$/u, '')}/${options.path}`);
}
