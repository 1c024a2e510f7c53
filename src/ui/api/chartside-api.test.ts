import { describe, expect, it } from 'vitest';
import { readModelSuggestion, readStreamEvent } from './chartside-api.ts';

const SUGGESTION = {
  title: 'Review metformin: <b>eGFR</b> 28',
  category: 'medication-safety',
  urgency: 'urgent',
  rationale: 'eGFR 28 (L2).',
  recommendedAction: 'Consider stopping metformin.',
  evidence: ['L2', 'M1'],
  quotedFacts: [{ alias: 'L2', text: 'eGFR 28' }],
};

describe('readStreamEvent', () => {
  it.each([
    [
      'model',
      { state: 'on', deployment: 'gpt-4o-mini' },
      { kind: 'model', state: 'on', deployment: 'gpt-4o-mini' },
    ],
    ['model', { state: 'off' }, { kind: 'model', state: 'off' }],
    [
      'dropped',
      { index: 2, reason: 'unknown-alias', detail: 'x' },
      { kind: 'dropped', index: 2, reason: 'unknown-alias' },
    ],
    [
      'error',
      { kind: 'rate-limited', message: 'Try later.', retryAfterSeconds: 20 },
      { kind: 'error', failure: 'rate-limited', message: 'Try later.', retryAfterSeconds: 20 },
    ],
    ['done', { shown: 2, dropped: 1 }, { kind: 'done', shown: 2, dropped: 1 }],
  ] as const)('%s %j', (event, data, expected) => {
    expect(readStreamEvent(event, data)).toEqual(expected);
  });

  it('keeps a suggestion exactly as sent: its text is data, never markup', () => {
    expect(readStreamEvent('suggestion', { index: 0, suggestion: SUGGESTION })).toEqual({
      kind: 'suggestion',
      index: 0,
      suggestion: SUGGESTION,
    });
  });

  it.each([
    ['an unknown event', 'ping', {}],
    ['a model event without a deployment', 'model', { state: 'on' }],
    [
      'a suggestion of an unknown category',
      'suggestion',
      { index: 0, suggestion: { ...SUGGESTION, category: 'billing' } },
    ],
    [
      'a suggestion without evidence',
      'suggestion',
      { index: 0, suggestion: { ...SUGGESTION, evidence: undefined } },
    ],
    ['a done event with text counts', 'done', { shown: '2', dropped: 0 }],
    ['data that is not an object', 'done', 'done'],
  ] as const)('skips %s', (_label, event, data) => {
    expect(readStreamEvent(event, data)).toBeUndefined();
  });
});

describe('readModelSuggestion', () => {
  it('drops malformed quotes and keeps the rest', () => {
    expect(
      readModelSuggestion({
        ...SUGGESTION,
        quotedFacts: [{ alias: 'L2' }, 'x', { alias: 'M1', text: 'metformin' }],
      })?.quotedFacts,
    ).toEqual([{ alias: 'M1', text: 'metformin' }]);
  });
});
