import { describe, expect, it } from 'vitest';
import { decisionsResponseSchema, storedDecisionSchema, type StoredDecision } from './feedback-contract.ts';
import {
  feedbackEventSchema,
  feedbackPostBodySchema,
  MAX_EVENTS_PER_REQUEST,
  type FeedbackEventInput,
} from './feedback-request-contract.ts';

const base = { suggestionId: 's1', source: 'rules' } as const;

describe('feedback event', () => {
  it.each<[FeedbackEventInput, Record<string, unknown>]>([
    [
      { ...base, action: 'shown' },
      { reason: null, reasonText: null, snoozeUntil: null },
    ],
    [{ ...base, action: 'dismissed', reason: 'incorrect' }, { reason: 'incorrect' }],
    [
      { ...base, action: 'dismissed', reason: 'other', reasonText: '  not my patient ' },
      { reasonText: 'not my patient' },
    ],
    [
      { ...base, action: 'snoozed', snoozeUntil: '2026-12-01T00:00:00+01:00' },
      { snoozeUntil: '2026-12-01T00:00:00+01:00' },
    ],
  ])('accepts %j, filling absent fields with null', (input, expected) => {
    expect(feedbackEventSchema.parse(input)).toMatchObject({ ...input, ...expected });
  });

  it.each([
    [{ action: 'dismissed' }, 'a dismissal needs a reason'],
    [{ action: 'dismissed', reason: 'other' }, "reason 'other' needs reasonText"],
    [{ action: 'snoozed' }, 'a snooze needs snoozeUntil'],
    [{ action: 'snoozed', snoozeUntil: 'tomorrow' }, 'Invalid ISO datetime'],
    [{ action: 'deleted' }, 'Invalid option'],
    [{ action: 'accepted', title: 'CKD stage 3' }, 'Unrecognized key'],
    [{ action: 'accepted', suggestionId: '   ' }, 'Too small'],
  ])('rejects %j', (input, message) => {
    const result = feedbackEventSchema.safeParse({ ...base, ...input });
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toContain(message);
  });
});

describe('feedback POST body', () => {
  const target = { iss: 'https://ehr.example.org/fhir', patientId: 'pat-1' };

  it.each([
    ['no events', { ...target, events: [] }, 'events is empty'],
    [
      'too many events',
      { ...target, events: Array.from({ length: MAX_EVENTS_PER_REQUEST + 1 }, () => ({})) },
      'Too big',
    ],
    [
      'a clinician named in the body',
      { ...target, events: [{}], fhirUser: 'Practitioner/1' },
      'Unrecognized key',
    ],
  ])('rejects %s', (_label, body, message) => {
    const result = feedbackPostBodySchema.safeParse(body);
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toContain(message);
  });
});

describe('decisions answer', () => {
  const decision: StoredDecision = {
    suggestionId: 's1',
    source: 'model',
    action: 'dismissed',
    reason: 'already-addressed',
    snoozeUntil: null,
    recordedAt: '2026-11-01T10:02:00.000Z',
  };

  it('round-trips a decision', () => {
    const body: unknown = JSON.parse(JSON.stringify({ decisions: [decision] }));
    const list = decisionsResponseSchema.parse(body).decisions;
    expect(list.map((item) => storedDecisionSchema.parse(item))).toEqual([decision]);
  });

  it.each([
    ['an unknown action', { ...decision, action: 'deleted' }],
    ['an unknown reason', { ...decision, reason: 'bored' }],
    ['no recordedAt', { ...decision, recordedAt: undefined }],
  ])('rejects a decision with %s', (_label, item) => {
    expect(storedDecisionSchema.safeParse(item).success).toBe(false);
  });

  it('rejects an answer without a list', () => {
    expect(decisionsResponseSchema.safeParse({ decisions: 'none' }).success).toBe(false);
  });
});
