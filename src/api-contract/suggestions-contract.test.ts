import { describe, expect, it } from 'vitest';
import {
  formatServerSentEvent,
  modelStatusSchema,
  parseSuggestionEvent,
  type SuggestionEvent,
  type SuggestionWire,
} from './suggestions-contract.ts';
import { suggestionsRequestSchema } from './suggestions-request-contract.ts';

const SUGGESTION: SuggestionWire = {
  title: 'Review metformin: eGFR 28',
  category: 'medication-safety',
  urgency: 'urgent',
  rationale: 'eGFR 28 (L2).',
  recommendedAction: 'Consider stopping metformin.',
  evidence: ['L2', 'M1'],
  quotedFacts: [{ alias: 'L2', text: 'eGFR 28' }],
};

/** What the browser reads back from what the server wrote. */
function roundTrip(event: SuggestionEvent): ReturnType<typeof parseSuggestionEvent> {
  const [eventLine, dataLine] = formatServerSentEvent(event).split('\n');
  return parseSuggestionEvent(
    eventLine?.slice('event: '.length) ?? '',
    dataLine?.slice('data: '.length) ?? '',
  );
}

describe('suggestions stream events', () => {
  const events: SuggestionEvent[] = [
    { event: 'model', data: { state: 'on', deployment: 'gpt-4o-mini' } },
    { event: 'model', data: { state: 'off' } },
    { event: 'suggestion', data: { index: 0, suggestion: SUGGESTION } },
    {
      event: 'dropped',
      data: { index: 2, reason: 'unknown-alias', detail: 'Cites Z9, which is not in the context.' },
    },
    { event: 'error', data: { kind: 'rate-limited', message: 'Try later.', retryAfterSeconds: 20 } },
    { event: 'error', data: { kind: 'timeout', message: 'The model took too long.' } },
    { event: 'done', data: { shown: 2, dropped: 1 } },
  ];

  it.each(events.map((event) => [event.event, event] as const))('round-trips %s %j', (_name, event) => {
    expect(roundTrip(event)).toEqual({ ok: true, value: event });
  });

  it.each([
    ['an unknown event', 'ping', '{}', /"ping" is not an event/],
    ['data that is not JSON', 'done', '{"shown":', /"done" event is not JSON/],
    ['a model event without a deployment', 'model', '{"state":"on"}', /"model" event's deployment/],
    [
      'a suggestion of an unknown category',
      'suggestion',
      JSON.stringify({ index: 0, suggestion: { ...SUGGESTION, category: 'billing' } }),
      /"suggestion" event's suggestion\.category/,
    ],
    [
      'a suggestion without evidence',
      'suggestion',
      JSON.stringify({ index: 0, suggestion: { ...SUGGESTION, evidence: undefined } }),
      /suggestion\.evidence/,
    ],
    ['counts sent as text', 'done', '{"shown":"2","dropped":0}', /"done" event's shown/],
    ['an index that is not a number', 'dropped', '{"index":null,"reason":"schema","detail":"x"}', /index/],
    ['an unknown failure kind', 'error', '{"kind":"teapot","message":"x"}', /kind/],
    ['data that is not an object', 'done', '"done"', /"done" event's data/],
  ])('rejects %s, saying what is wrong', (_label, name, data, problem) => {
    const result = parseSuggestionEvent(name, data);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues.join('\n')).toMatch(problem);
  });

  it('keeps only the contract fields of a suggestion', () => {
    const result = parseSuggestionEvent(
      'suggestion',
      JSON.stringify({ index: 0, suggestion: { ...SUGGESTION, html: '<b>' } }),
    );
    expect(result).toEqual({
      ok: true,
      value: { event: 'suggestion', data: { index: 0, suggestion: SUGGESTION } },
    });
  });
});

describe('suggestions request', () => {
  const valid = {
    iss: 'https://ehr.example.org/fhir',
    patientId: 'pat-1',
    context: { text: 'L1 eGFR 28', aliases: ['L1'] },
  };

  it('accepts the compact context', () => {
    expect(suggestionsRequestSchema.safeParse(valid).success).toBe(true);
  });

  it.each([
    ['an empty iss', { ...valid, iss: '' }, 'iss is required'],
    ['a patient id that is not a FHIR id', { ...valid, patientId: 'a/b' }, 'patientId must be a FHIR id'],
    ['an empty context', { ...valid, context: { text: '', aliases: [] } }, 'context.text is empty'],
    ['an alias that is not one', { ...valid, context: { text: 'x', aliases: ['../'] } }, 'such as L12'],
    ['an extra key', { ...valid, record: {} }, 'Unrecognized key'],
  ])('rejects %s', (_label, body, message) => {
    const result = suggestionsRequestSchema.safeParse(body);
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toContain(message);
  });
});

describe('model status', () => {
  it.each([{ state: 'on', deployment: 'x' }, { state: 'off' }])('accepts %j', (status) => {
    expect(modelStatusSchema.parse(status)).toEqual(status);
  });

  it('rejects an unknown state', () => {
    expect(modelStatusSchema.safeParse({ state: 'maybe' }).success).toBe(false);
  });
});
