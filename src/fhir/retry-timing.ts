// When to retry a throttled request. 429 (RFC 6585 §4) and 503 (RFC 9110 §15.6.4) may carry Retry-After
// (RFC 9110 §10.2.3): either delta-seconds or an HTTP-date. Without it the loader backs off exponentially.

export interface RetryPolicy {
  /** Attempts in all, the first one included (1 = never retry). */
  readonly maxAttempts: number;
  /** Delay before the first retry when the server sends no Retry-After; doubled each retry. */
  readonly baseDelayMs: number;
  /** Longest wait the loader accepts; a Retry-After beyond it fails the request instead of stalling the chart. */
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 30_000 };

const DELTA_SECONDS = /^\d+$/;

/** Retry-After in milliseconds from now, or undefined when absent or unreadable. */
export function parseRetryAfterMs(value: string | null | undefined, nowMs: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  if (DELTA_SECONDS.test(trimmed)) return Number(trimmed) * 1000;
  // HTTP-date: IMF-fixdate, or the obsolete RFC 850 form (both name GMT, which Date.parse honours).
  if (!/[a-z]/i.test(trimmed)) return undefined;
  const dateMs = Date.parse(trimmed);
  if (Number.isNaN(dateMs)) return undefined;
  return Math.max(0, dateMs - nowMs);
}

/**
 * How long to wait before retry number `retry` (1 for the first retry), or undefined to give up: when the
 * attempts are used up, or when the server asks for a longer wait than the policy accepts.
 */
export function retryDelayMs(
  policy: RetryPolicy,
  retry: number,
  retryAfterMs: number | undefined,
): number | undefined {
  if (retry >= policy.maxAttempts) return undefined;
  if (retryAfterMs !== undefined) return retryAfterMs <= policy.maxDelayMs ? retryAfterMs : undefined;
  return Math.min(policy.baseDelayMs * 2 ** (retry - 1), policy.maxDelayMs);
}
