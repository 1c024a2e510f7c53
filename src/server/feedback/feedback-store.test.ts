import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedbackEventSchema } from '../../api-contract/feedback-request-contract.ts';
import { createFeedbackStore, type FeedbackCaller, type FeedbackStore } from './feedback-store.ts';
import { openPgliteClient } from './sql-clients.ts';

let patientCount = 0;
/** A caller of its own per test: one database serves the file (PGlite takes seconds to start). */
const newCaller = (): FeedbackCaller => ({
  iss: 'https://ehr.example.org/fhir',
  fhirUser: 'Practitioner/p1',
  patientId: `pat-${String(++patientCount)}`,
});
const event = (input: Record<string, unknown>) =>
  feedbackEventSchema.parse({ suggestionId: 's1', source: 'rules', ...input });

describe('feedback store (PGlite)', () => {
  let store: FeedbackStore;
  beforeAll(async () => {
    store = await createFeedbackStore(await openPgliteClient(undefined));
  });
  afterAll(async () => {
    await store.close();
  });

  it('keeps a dismissal for the same user and patient, newest decision winning', async () => {
    const caller = newCaller();
    await store.record(caller, event({ action: 'shown' }), new Date('2026-11-01T10:00:00Z'));
    await store.record(caller, event({ action: 'accepted' }), new Date('2026-11-01T10:01:00Z'));
    await store.record(
      caller,
      event({ action: 'dismissed', reason: 'already-addressed' }),
      new Date('2026-11-01T10:02:00Z'),
    );
    expect(await store.decisions(caller)).toEqual([
      {
        suggestionId: 's1',
        source: 'rules',
        action: 'dismissed',
        reason: 'already-addressed',
        snoozeUntil: null,
        recordedAt: '2026-11-01T10:02:00.000Z',
      },
    ]);
  });

  it('does not share decisions across users, patients or EHRs', async () => {
    const caller = newCaller();
    await store.record(caller, event({ action: 'dismissed', reason: 'incorrect' }), new Date());
    expect(await store.decisions({ ...caller, fhirUser: 'Practitioner/p2' })).toEqual([]);
    expect(await store.decisions({ ...caller, patientId: 'another-patient' })).toEqual([]);
    expect(await store.decisions({ ...caller, iss: 'https://other.example.org/fhir' })).toEqual([]);
  });

  it('ignores shown events as decisions', async () => {
    const caller = newCaller();
    await store.record(caller, event({ action: 'shown' }), new Date());
    expect(await store.decisions(caller)).toEqual([]);
  });

  it('keeps a snooze with its end', async () => {
    const caller = newCaller();
    await store.record(caller, event({ action: 'snoozed', snoozeUntil: '2026-12-01T00:00:00Z' }), new Date());
    expect((await store.decisions(caller))[0]?.snoozeUntil).toBe('2026-12-01T00:00:00.000Z');
  });
});

describe('feedback event validation', () => {
  it.each([
    [{ action: 'dismissed' }, 'a dismissal needs a reason'],
    [{ action: 'dismissed', reason: 'other' }, "reason 'other' needs reasonText"],
    [{ action: 'snoozed' }, 'a snooze needs snoozeUntil'],
    [{ action: 'deleted' }, 'Invalid option'],
    [{ action: 'accepted', title: 'CKD stage 3' }, 'Unrecognized key'],
  ])('rejects %j', (input, message) => {
    const result = feedbackEventSchema.safeParse({ suggestionId: 's1', source: 'rules', ...input });
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toContain(message);
  });
});
