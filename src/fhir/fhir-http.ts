// GET FHIR JSON with the transport the caller gives (the browser's fetch, Node's, or a test's): bearer token,
// `Accept: application/fhir+json`, a bounded number of requests in flight, a timeout per request, and retries
// of 429/503 that honour Retry-After. Failures become FhirRequestError (or SessionExpiredError for 401).
import { toErrorMessage } from '../shared/error-message.ts';
import { FhirRequestError, SessionExpiredError, abortReason, isAbortError } from './fhir-errors.ts';
import { errorBodyText } from '../record/fhir-json.ts';
import { parseRetryAfterMs, retryDelayMs, type RetryPolicy } from './retry-timing.ts';
import type { Semaphore, SlotPriority } from './semaphore.ts';

const HTTP_TOO_MANY_REQUESTS = 429;
const HTTP_SERVICE_UNAVAILABLE = 503;
const HTTP_UNAUTHORIZED = 401;

/** Per request, body included: the loader's default, and the launch's Patient read. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 15_000;

export type FetchFunction = (input: string, init: RequestInit) => Promise<Response>;

export interface FhirHttpOptions {
  readonly fetch: FetchFunction;
  readonly accessToken: string | undefined;
  readonly requestTimeoutMs: number;
  readonly retry: RetryPolicy;
  /** Bounds requests in flight; it should abort with `signal`. */
  readonly semaphore: Semaphore;
  /** Aborts every request of this client (the caller's cancel, or the loader stopping after a 401). */
  readonly signal: AbortSignal;
}

export interface FhirHttpStats {
  /** HTTP requests sent, retries included. */
  requests: number;
  retries: number;
}

export interface FhirHttpClient {
  /**
   * The parsed JSON body of a successful GET. `first` requests (next pages, reads that depend on a page, retries)
   * go ahead of waiting first pages: they are on the load's critical path, and first pages can fill any slot.
   */
  readonly getJson: (url: string, priority?: SlotPriority) => Promise<unknown>;
  readonly stats: Readonly<FhirHttpStats>;
}

type Attempt =
  | { readonly kind: 'ok'; readonly body: unknown }
  | {
      readonly kind: 'throttled';
      readonly error: FhirRequestError;
      readonly retryAfterMs: number | undefined;
    };

export function createFhirHttpClient(options: FhirHttpOptions): FhirHttpClient {
  const stats: FhirHttpStats = { requests: 0, retries: 0 };
  const headers: Record<string, string> = { accept: 'application/fhir+json' };
  if (options.accessToken !== undefined) headers.authorization = `Bearer ${options.accessToken}`;

  async function attempt(url: string, priority: SlotPriority): Promise<Attempt> {
    const release = await options.semaphore.acquire(priority);
    try {
      options.signal.throwIfAborted();
      stats.requests += 1;
      return await send(url);
    } finally {
      release();
    }
  }

  async function send(url: string): Promise<Attempt> {
    const timeout = AbortSignal.timeout(options.requestTimeoutMs);
    const signal = AbortSignal.any([options.signal, timeout]);
    let response: Response;
    let text: string;
    try {
      response = await options.fetch(url, { method: 'GET', headers, signal });
      // The timeout covers the body too: a server that stalls mid-body is as unresponsive as one that never answers.
      text = await response.text();
    } catch (error) {
      if (options.signal.aborted) throw abortReason(options.signal);
      if (timeout.aborted) {
        throw new FhirRequestError(
          { url, kind: 'timeout', message: `no answer from the EHR within ${options.requestTimeoutMs} ms` },
          { cause: error },
        );
      }
      if (isAbortError(error)) throw error;
      throw new FhirRequestError(
        {
          url,
          kind: 'network',
          message: `could not reach the EHR at ${new URL(url).origin}: ${networkReason(error)}`,
        },
        { cause: error },
      );
    }

    const body = parseJson(text);
    if (response.ok) {
      if (body === undefined) {
        throw new FhirRequestError({
          url,
          kind: 'invalid-response',
          status: response.status,
          message: 'the EHR answered with a body that is not JSON',
        });
      }
      return { kind: 'ok', body };
    }
    const outcomeText = errorBodyText(body);
    if (response.status === HTTP_UNAUTHORIZED) throw new SessionExpiredError(url, outcomeText);
    const error = new FhirRequestError({
      url,
      kind: 'http',
      status: response.status,
      ...(outcomeText === undefined ? {} : { outcomeText }),
      // No statusText: HTTP/2 has none, so messages read the same over any transport.
      message: `HTTP ${response.status}${outcomeText ? `: ${outcomeText}` : ''}`,
    });
    if (response.status === HTTP_TOO_MANY_REQUESTS || response.status === HTTP_SERVICE_UNAVAILABLE) {
      return {
        kind: 'throttled',
        error,
        retryAfterMs: parseRetryAfterMs(response.headers.get('retry-after'), Date.now()),
      };
    }
    throw error;
  }

  return {
    stats,
    getJson: async (url, priority = 'normal') => {
      for (let retry = 1; ; retry += 1) {
        const result = await attempt(url, retry === 1 ? priority : 'first');
        if (result.kind === 'ok') return result.body;
        const delayMs = retryDelayMs(options.retry, retry, result.retryAfterMs);
        if (delayMs === undefined) throw result.error;
        stats.retries += 1;
        // The slot is released while waiting: other sections keep loading during one section's back-off.
        await sleep(delayMs, options.signal);
      }
    },
  };
}

/** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(abortReason(signal));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortReason(signal));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Node's fetch says only "fetch failed"; the cause names the real problem (ECONNREFUSED, ENOTFOUND…). */
function networkReason(error: unknown): string {
  const cause = error instanceof Error ? error.cause : undefined;
  if (cause instanceof Error) {
    const code = 'code' in cause && typeof cause.code === 'string' ? cause.code : undefined;
    return code && !cause.message.includes(code) ? `${cause.message} (${code})` : cause.message;
  }
  return toErrorMessage(error);
}
