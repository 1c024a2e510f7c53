import { describe, expect, it } from 'vitest';
import { toErrorMessage } from './error-message.ts';

describe('toErrorMessage', () => {
  const circular: Record<string, unknown> = {};
  circular['self'] = circular;

  it.each([
    ['an Error', new Error('boom'), 'boom'],
    ['an Error without a message', new TypeError(), 'TypeError'],
    ['a string', 'plain', 'plain'],
    ['a number', 42, '42'],
    ['an object', { error: 'x' }, '{"error":"x"}'],
    ['null', null, 'Unknown error'],
    ['undefined', undefined, 'Unknown error'],
    ['a function', () => undefined, 'Unknown error'],
    ['a circular object', circular, 'Unknown error (a value that cannot be shown as text)'],
  ])('%s', (_label, value, expected) => {
    expect(toErrorMessage(value)).toBe(expected);
  });
});
