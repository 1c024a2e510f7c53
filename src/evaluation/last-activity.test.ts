import { describe, expect, it } from 'vitest';
import { EMPTY_PATIENT_RECORD } from '../record/patient-record.ts';
import { dayAfterLastActivityMs, lastActivityDate } from './last-activity.ts';

describe('the day after the last activity', () => {
  it('takes the latest Encounter period end or start', () => {
    const record = {
      ...EMPTY_PATIENT_RECORD,
      encounters: [
        {
          resourceType: 'Encounter',
          status: 'finished',
          class: { code: 'AMB' },
          period: { start: '2020-01-05T10:00:00Z' },
        },
        {
          resourceType: 'Encounter',
          status: 'finished',
          class: { code: 'IMP' },
          period: { start: '2020-03-30T22:00:00-05:00', end: '2020-04-02T09:00:00-05:00' },
        },
      ],
      observations: [
        { resourceType: 'Observation', status: 'final', code: {}, effectiveDateTime: '2021-01-01' },
      ],
    } as const;
    expect(lastActivityDate(record)).toBe('2020-04-02');
    expect(dayAfterLastActivityMs(record)).toBe(Date.parse('2020-04-03T00:00:00Z'));
  });

  it('falls back to the latest dated resource, and is undefined with none', () => {
    const record = {
      ...EMPTY_PATIENT_RECORD,
      observations: [
        { resourceType: 'Observation', status: 'final', code: {}, effectiveDateTime: '2019-12-31T23:00:00Z' },
        { resourceType: 'Observation', status: 'final', code: {}, effectivePeriod: { end: '2020-02-29' } },
      ],
    } as const;
    expect(dayAfterLastActivityMs(record)).toBe(Date.parse('2020-03-01T00:00:00Z'));
    expect(lastActivityDate(EMPTY_PATIENT_RECORD)).toBeUndefined();
  });
});
