import { describe, expect, it } from 'vitest';
import { retryAfterMsFrom } from './azure-model-client.ts';

describe('retryAfterMsFrom', () => {
  const NOW = Date.parse('2026-11-25T12:00:00Z');

  it.each<[Record<string, string>, number | undefined]>([
    [{ 'retry-after-ms': '1500', 'retry-after': '2' }, 1_500],
    [{ 'x-ms-retry-after-ms': '800' }, 800],
    [{ 'retry-after': '30' }, 30_000],
    [{ 'retry-after': 'Wed, 25 Nov 2026 12:00:10 GMT' }, 10_000],
    [{ 'retry-after': 'Wed, 25 Nov 2026 11:59:00 GMT' }, 0],
    [{ 'retry-after': 'soon' }, undefined],
    [{ 'retry-after-ms': 'x', 'retry-after': '4' }, 4_000],
    [{}, undefined],
  ])('%j -> %s ms', (headers, expected) => {
    expect(retryAfterMsFrom(headers, NOW)).toBe(expected);
  });
});
