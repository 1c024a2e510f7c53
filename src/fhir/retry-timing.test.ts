import { describe, expect, it } from 'vitest';
import { parseRetryAfterMs, retryDelayMs, type RetryPolicy } from './retry-timing.ts';

const NOW_MS = Date.UTC(2026, 10, 25, 12, 0, 0);

describe('parseRetryAfterMs', () => {
  it.each<[string | null | undefined, number | undefined]>([
    ['0', 0],
    ['2', 2000],
    [' 120 ', 120_000],
    ['Wed, 25 Nov 2026 12:00:05 GMT', 5000],
    ['Wednesday, 25-Nov-26 12:00:30 GMT', 30_000],
    ['Wed, 25 Nov 2026 11:59:00 GMT', 0],
    ['-1', undefined],
    ['1.5', undefined],
    ['soon', undefined],
    ['', undefined],
    [null, undefined],
    [undefined, undefined],
  ])('%s → %s ms', (header, expected) => {
    expect(parseRetryAfterMs(header, NOW_MS)).toBe(expected);
  });
});

describe('retryDelayMs', () => {
  const policy: RetryPolicy = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 5000 };

  it.each<[number, number | undefined, number | undefined]>([
    [1, undefined, 100],
    [2, undefined, 200],
    [3, undefined, 400],
    [4, undefined, undefined],
    [1, 2000, 2000],
    [1, 0, 0],
    [1, 6000, undefined],
    [4, 10, undefined],
  ])('retry %i with Retry-After %s → %s', (retry, retryAfterMs, expected) => {
    expect(retryDelayMs(policy, retry, retryAfterMs)).toBe(expected);
  });

  it('never backs off beyond the longest accepted wait', () => {
    expect(retryDelayMs({ maxAttempts: 20, baseDelayMs: 1000, maxDelayMs: 3000 }, 10, undefined)).toBe(3000);
  });
});
