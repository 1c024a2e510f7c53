import type { Encounter, FhirResource, MedicationRequest, Observation, Patient } from 'fhir/r4';
import { beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS, dateShiftDays, shiftFhirDate, shiftPatientDates, shiftResourceDates } from './date-shift.ts';
import { indexDefinitionsOnce } from './patient-store.ts';

beforeAll(() => {
  indexDefinitionsOnce();
});

const NOW_MS = Date.parse('2026-11-24T12:00:00Z');

function encounter(id: string, start: string, end?: string): Encounter {
  return {
    resourceType: 'Encounter',
    id,
    status: 'finished',
    class: { code: 'AMB' },
    period: { start, ...(end ? { end } : {}) },
  };
}

describe('shiftFhirDate', () => {
  it.each([
    ['year stays a year', '2019', 7, '2019'],
    ['year rolls over when its first day does', '2019', 365, '2020'],
    ['year moves back', '2019', -1, '2018'],
    ['month stays a month', '2019-03', 7, '2019-03'],
    ['month rolls over when its first day does', '2019-03', 31, '2019-04'],
    ['date', '2019-03-30', 7, '2019-04-06'],
    ['date over a leap day', '2020-02-27', 7, '2020-03-05'],
    ['date over a year end', '2019-12-28', 7, '2020-01-04'],
    ['date moved back', '2019-03-06', -7, '2019-02-27'],
    ['dateTime in UTC keeps Z and the time', '2019-03-30T19:20:06Z', 14, '2019-04-13T19:20:06Z'],
    [
      'dateTime keeps its zone offset and time of day',
      '2019-03-30T23:30:00-05:00',
      7,
      '2019-04-06T23:30:00-05:00',
    ],
    ['dateTime with +00:00 (Synthea)', '1981-07-12T19:20:06+00:00', 7, '1981-07-19T19:20:06+00:00'],
    ['instant keeps its milliseconds', '1971-10-02T19:20:06.629+00:00', 7, '1971-10-09T19:20:06.629+00:00'],
    ['year below 100 is not read as 19xx', '0050-01-01', 7, '0050-01-08'],
    ['not a date: unchanged', 'unknown', 7, 'unknown'],
    ['time only: unchanged', '08:00:00', 7, '08:00:00'],
  ])('%s: %s %+d days -> %s', (_label, value, days, expected) => {
    expect(shiftFhirDate(value, days)).toBe(expected);
  });

  it('moves a dateTime instant by exactly the days, whatever its offset', () => {
    for (const value of [
      '2021-03-14T01:30:00-08:00',
      '2021-10-31T12:00:00+01:00',
      '2020-02-28T23:59:59.999Z',
    ]) {
      expect(Date.parse(shiftFhirDate(value, 7 * 300)) - Date.parse(value)).toBe(7 * 300 * DAY_MS);
    }
  });
});

describe('dateShiftDays', () => {
  it('brings the latest encounter end to 1–7 days before now, in whole weeks', () => {
    const resources: FhirResource[] = [
      encounter('old', '2012-01-01T10:00:00+00:00', '2012-01-01T11:00:00+00:00'),
      // The latest by end, though another starts later would not matter: ends are compared when present.
      encounter('latest', '2019-06-30T19:20:06+00:00', '2019-07-01T19:20:06+00:00'),
      encounter('middle', '2018-06-30T19:20:06+00:00'),
    ];
    const days = dateShiftDays(resources, NOW_MS);
    expect(days % 7).toBe(0);
    const shiftedMs = Date.parse('2019-07-01T19:20:06+00:00') + days * DAY_MS;
    expect(NOW_MS - shiftedMs).toBeGreaterThanOrEqual(DAY_MS);
    expect(NOW_MS - shiftedMs).toBeLessThan(8 * DAY_MS);
  });

  it.each([
    ['exactly one day ago: no shift', '2026-11-23T12:00:00Z', 0],
    ['a week and a day ago: one week', '2026-11-16T12:00:00Z', 7],
    ['today: back a week', '2026-11-24T11:00:00Z', -7],
    ['in the future: back', '2027-01-05T12:00:00Z', -49],
  ])('%s', (_label, start, expected) => {
    expect(dateShiftDays([encounter('e', start)], NOW_MS)).toBe(expected);
  });

  it('is 0 without a dated encounter', () => {
    const patient: Patient = { resourceType: 'Patient', id: 'p', birthDate: '1970-01-01' };
    expect(dateShiftDays([patient], NOW_MS)).toBe(0);
    expect(
      dateShiftDays(
        [patient, { resourceType: 'Encounter', status: 'planned', class: { code: 'AMB' } }],
        NOW_MS,
      ),
    ).toBe(0);
  });
});

describe('shiftResourceDates', () => {
  const DAYS = 14;

  it('shifts a living patient’s birth date, keeps ids and non-date strings', () => {
    const patient: Patient = {
      resourceType: 'Patient',
      id: '2019-03-01',
      meta: { lastUpdated: '2019-03-01T10:00:00.000Z', versionId: '2019-03' },
      identifier: [{ system: 'urn:x', value: '2019-03-01', period: { start: '2010-05-01' } }],
      birthDate: '1976-05-30',
      _birthDate: {
        extension: [
          {
            url: 'http://hl7.org/fhir/StructureDefinition/patient-birthTime',
            valueDateTime: '1976-05-30T08:15:00-04:00',
          },
        ],
      },
      name: [{ family: 'Bins', period: { start: '1976-05-30' } }],
    };
    const shifted = shiftResourceDates(patient, DAYS);
    expect(shifted).toEqual({
      ...patient,
      meta: { lastUpdated: '2019-03-15T10:00:00.000Z', versionId: '2019-03' },
      identifier: [{ system: 'urn:x', value: '2019-03-01', period: { start: '2010-05-15' } }],
      birthDate: '1976-06-13',
      _birthDate: {
        extension: [
          {
            url: 'http://hl7.org/fhir/StructureDefinition/patient-birthTime',
            valueDateTime: '1976-06-13T08:15:00-04:00',
          },
        ],
      },
      name: [{ family: 'Bins', period: { start: '1976-06-13' } }],
    });
    expect(patient.birthDate).toBe('1976-05-30');
  });

  it('shifts a deceased patient’s death date alike, and leaves deceasedBoolean alone', () => {
    const dead: Patient = {
      resourceType: 'Patient',
      birthDate: '1915-07-03',
      deceasedDateTime: '1981-07-14T19:20:06+00:00',
    };
    expect(shiftResourceDates(dead, DAYS)).toMatchObject({
      birthDate: '1915-07-17',
      deceasedDateTime: '1981-07-28T19:20:06+00:00',
    });
    const alive: Patient = { resourceType: 'Patient', birthDate: '1915-07-03', deceasedBoolean: false };
    expect(shiftResourceDates(alive, DAYS)).toEqual({ ...alive, birthDate: '1915-07-17' });
  });

  it('shifts dosage timing bounds, events and validity periods, not times of day or durations', () => {
    const request: MedicationRequest = {
      resourceType: 'MedicationRequest',
      status: 'active',
      intent: 'order',
      subject: { reference: 'Patient/p' },
      authoredOn: '2019-03-01T09:00:00+01:00',
      dosageInstruction: [
        {
          timing: {
            event: ['2019-03-02T08:00:00+01:00'],
            repeat: {
              boundsPeriod: { start: '2019-03-01', end: '2019-03-31' },
              timeOfDay: ['08:00:00'],
              period: 1,
              periodUnit: 'd',
            },
          },
        },
      ],
      dispenseRequest: {
        validityPeriod: { start: '2019-03-01', end: '2020-03-01' },
        expectedSupplyDuration: { value: 30, unit: 'd' },
      },
      note: [{ text: 'Started 2019-03-01', time: '2019-03-01T09:00:00+01:00' }],
    };
    const shifted = shiftResourceDates(request, DAYS);
    expect(shifted.authoredOn).toBe('2019-03-15T09:00:00+01:00');
    expect(shifted.dosageInstruction?.[0]?.timing).toEqual({
      event: ['2019-03-16T08:00:00+01:00'],
      repeat: {
        boundsPeriod: { start: '2019-03-15', end: '2019-04-14' },
        timeOfDay: ['08:00:00'],
        period: 1,
        periodUnit: 'd',
      },
    });
    expect(shifted.dispenseRequest).toEqual({
      validityPeriod: { start: '2019-03-15', end: '2020-03-15' },
      expectedSupplyDuration: { value: 30, unit: 'd' },
    });
    // Narrative and free text keep their wording: only typed date elements move.
    expect(shifted.note).toEqual([{ text: 'Started 2019-03-01', time: '2019-03-15T09:00:00+01:00' }]);
  });

  it('shifts choice types (effective[x], value[x]), issued, extensions at any depth and contained resources', () => {
    const containedPatient: Patient = { resourceType: 'Patient', birthDate: '1976-05-30' };
    const observation: Observation = {
      resourceType: 'Observation',
      status: 'final',
      code: { text: 'HbA1c' },
      effectivePeriod: { start: '2019-03-01T08:00:00Z', end: '2019-03-01T09:00:00Z' },
      issued: '2019-03-01T10:00:00.123Z',
      valueDateTime: '2019-02',
      extension: [
        {
          url: 'urn:x',
          extension: [
            { url: 'when', valueDateTime: '2019' },
            { url: 'code', valueString: '2019-03-01' },
          ],
        },
      ],
      component: [{ code: { text: 'c' }, valuePeriod: { start: '2019-03-01' } }],
      contained: [containedPatient],
      referenceRange: [{ text: '2019-03-01', low: { value: 4 } }],
    };
    const shifted = shiftResourceDates(observation, 400);
    expect(shifted).toEqual({
      ...observation,
      effectivePeriod: { start: '2020-04-04T08:00:00Z', end: '2020-04-04T09:00:00Z' },
      issued: '2020-04-04T10:00:00.123Z',
      valueDateTime: '2020-03',
      extension: [
        {
          url: 'urn:x',
          extension: [
            { url: 'when', valueDateTime: '2020' },
            { url: 'code', valueString: '2019-03-01' },
          ],
        },
      ],
      component: [{ code: { text: 'c' }, valuePeriod: { start: '2020-04-04' } }],
      contained: [{ ...containedPatient, birthDate: '1977-07-04' }],
    });
  });

  it('needs the FHIR definitions: an unknown resource type is a programmer error', () => {
    const bogus = { resourceType: 'NotAResource' } as unknown as FhirResource;
    expect(() => shiftResourceDates(bogus, 7)).toThrow(/No FHIR definition for NotAResource/);
  });
});

describe('shiftPatientDates', () => {
  it('moves every resource by one offset, so intervals and ages at each encounter stay the same', () => {
    const patient: Patient = { resourceType: 'Patient', id: 'p', birthDate: '1976-05-30' };
    const first = encounter('first', '2012-03-05T09:00:00-05:00', '2012-03-05T09:30:00-05:00');
    const last = encounter('last', '2019-07-01T19:20:06+00:00', '2019-07-01T20:05:06+00:00');
    const { days, resources } = shiftPatientDates([patient, first, last], NOW_MS);
    expect(days).toBe(dateShiftDays([first, last], NOW_MS));
    const [shiftedPatient, shiftedFirst, shiftedLast] = resources;
    expect(shiftedPatient).toEqual({ ...patient, birthDate: shiftFhirDate('1976-05-30', days) });
    expect(shiftedFirst?.id).toBe('first');
    const end = shiftedLast?.resourceType === 'Encounter' ? shiftedLast.period?.end : undefined;
    expect(NOW_MS - Date.parse(end ?? '')).toBeLessThan(8 * DAY_MS);
    const startOf = (resource: FhirResource | undefined): number =>
      Date.parse(resource?.resourceType === 'Encounter' ? (resource.period?.start ?? '') : '');
    expect(startOf(shiftedLast) - startOf(shiftedFirst)).toBe(startOf(last) - startOf(first));
    // The weekday of every visit is kept.
    expect(new Date(startOf(shiftedFirst)).getUTCDay()).toBe(new Date(startOf(first)).getUTCDay());
  });
});
