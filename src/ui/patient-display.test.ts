import type { Patient } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { ageReferenceDate, ageYears, formatPatientName, isDeceased, sexLabel } from './patient-display.ts';

const NOW = new Date('2026-01-15T09:00:00Z');

function patient(fields: Omit<Patient, 'resourceType'>): Patient {
  return { resourceType: 'Patient', ...fields };
}

describe('formatPatientName', () => {
  it.each([
    [
      'a Synthea name without its digits',
      [{ use: 'official', given: ['Aaron697', 'Jim12'], family: 'Brekke496' }],
      'Aaron Jim Brekke',
    ],
    [
      'the official name over a maiden name',
      [
        { use: 'maiden', given: ['Ann'], family: 'Old' },
        { use: 'official', given: ['Ann'], family: 'New' },
      ],
      'Ann New',
    ],
    [
      'a usual name when there is no official one',
      [
        { use: 'old', given: ['Was'] },
        { use: 'usual', given: ['Bea'], family: 'Lee' },
      ],
      'Bea Lee',
    ],
    ['the text when there are no parts', [{ text: 'Jo Smith' }], 'Jo Smith'],
    ['a family name alone', [{ family: 'Smith' }], 'Smith'],
  ] as const)('shows %s', (_label, name, expected) => {
    expect(
      formatPatientName(
        patient({
          name: name.map((entry) => ({ ...entry, given: 'given' in entry ? [...entry.given] : undefined })),
        }),
      ),
    ).toBe(expected);
  });

  it('is undefined when there is no usable name', () => {
    expect(formatPatientName(patient({}))).toBeUndefined();
    expect(formatPatientName(patient({ name: [{ given: ['123'] }] }))).toBeUndefined();
  });
});

describe('ageYears', () => {
  it.each([
    ['1957-03-02', 68],
    ['1957-01-15', 69],
    ['1957-01-16', 68],
    ['2024-02-29', 1],
    ['2026-01-15', 0],
    ['1957', 68],
    ['1957-01', 68],
    ['1956-12', 69],
    ['1990-06-01T10:00:00Z', 35],
  ])('%s → %i years on 15 Jan 2026', (birthDate, expected) => {
    expect(ageYears(birthDate, NOW)).toBe(expected);
  });

  it('is undefined for a missing, unreadable or future birth date', () => {
    expect(ageYears(undefined, NOW)).toBeUndefined();
    expect(ageYears('unknown', NOW)).toBeUndefined();
    expect(ageYears('2027-01-01', NOW)).toBeUndefined();
  });

  it('counts a deceased patient to the date of death', () => {
    const died = patient({ birthDate: '1940-05-01', deceasedDateTime: '2020-04-30T12:00:00Z' });
    expect(isDeceased(died)).toBe(true);
    expect(ageYears(died.birthDate, ageReferenceDate(died, NOW))).toBe(79);
    expect(ageReferenceDate(patient({}), NOW)).toBe(NOW);
    expect(isDeceased(patient({ deceasedBoolean: false }))).toBe(false);
  });
});

describe('sexLabel', () => {
  it.each([
    ['male', 'Male'],
    ['female', 'Female'],
    ['other', 'Other'],
    ['unknown', 'Unknown'],
    [undefined, undefined],
  ] as const)('%s → %s', (gender, expected) => {
    expect(sexLabel(gender)).toBe(expected);
  });
});
