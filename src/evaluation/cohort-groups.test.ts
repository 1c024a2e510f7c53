import type { Patient } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { ageBandOf, ageYearsAt, cohortGroupsOf, ethnicityGroupOf, raceGroupOf } from './cohort-groups.ts';

const RACE = 'http://hl7.org/fhir/us/core/StructureDefinition/us-core-race';
const ETHNICITY = 'http://hl7.org/fhir/us/core/StructureDefinition/us-core-ethnicity';
const CDC = 'urn:oid:2.16.840.1.113883.6.238';

function patient(overrides: Partial<Patient> = {}): Patient {
  return { resourceType: 'Patient', ...overrides };
}

function omb(url: string, code: string): NonNullable<Patient['extension']>[number] {
  return {
    url,
    extension: [
      { url: 'ombCategory', valueCoding: { system: CDC, code } },
      { url: 'text', valueString: 'as written' },
    ],
  };
}

describe('race and ethnicity from the US Core extensions', () => {
  it.each([
    ['2106-3', 'White'],
    ['2054-5', 'Black or African American'],
    ['2028-9', 'Asian'],
    ['1002-5', 'American Indian or Alaska Native'],
    ['2076-8', 'Native Hawaiian or Other Pacific Islander'],
    ['2131-1', 'Other Race'],
  ])('race %s is %s', (code, label) => {
    expect(raceGroupOf(patient({ extension: [omb(RACE, code)] }))).toBe(label);
  });

  it('is unknown when the extension is missing or its code is not an OMB category', () => {
    expect(raceGroupOf(patient())).toBe('unknown');
    expect(raceGroupOf(undefined)).toBe('unknown');
    expect(raceGroupOf(patient({ extension: [omb(RACE, '9999-9')] }))).toBe('unknown');
    expect(
      raceGroupOf(patient({ extension: [{ url: RACE, extension: [{ url: 'text', valueString: 'x' }] }] })),
    ).toBe('unknown');
  });

  it('reads ethnicity from its own extension, not the race one', () => {
    expect(ethnicityGroupOf(patient({ extension: [omb(ETHNICITY, '2135-2')] }))).toBe('Hispanic or Latino');
    expect(ethnicityGroupOf(patient({ extension: [omb(ETHNICITY, '2186-5')] }))).toBe(
      'Not Hispanic or Latino',
    );
    expect(ethnicityGroupOf(patient({ extension: [omb(RACE, '2135-2')] }))).toBe('unknown');
    expect(ethnicityGroupOf(patient())).toBe('unknown');
  });
});

describe('age bands at the date seen', () => {
  const nowMs = Date.parse('2026-06-15T00:00:00Z');
  it.each([
    [17, '0–17'],
    [18, '18–39'],
    [39, '18–39'],
    [40, '40–64'],
    [64, '40–64'],
    [65, '65–79'],
    [79, '65–79'],
    [80, '80+'],
    [0, '0–17'],
  ])('%i years is %s', (age, band) => {
    expect(ageBandOf(age)).toBe(band);
  });

  it('counts whole years, the birthday on the date seen included', () => {
    expect(ageYearsAt('2008-06-15', nowMs)).toBe(18);
    expect(ageYearsAt('2008-06-16', nowMs)).toBe(17);
    expect(ageBandOf(ageYearsAt('1986-06-16', nowMs))).toBe('18–39');
    expect(ageBandOf(ageYearsAt('1986-06-15', nowMs))).toBe('40–64');
    expect(ageYearsAt(undefined, nowMs)).toBeUndefined();
    expect(ageBandOf(undefined)).toBe('unknown');
  });

  it('gives every attribute, unknown where the Patient says nothing', () => {
    expect(cohortGroupsOf(patient({ gender: 'female', birthDate: '1946-01-01' }), nowMs)).toEqual({
      sex: 'female',
      race: 'unknown',
      ethnicity: 'unknown',
      ageBand: '80+',
    });
    expect(cohortGroupsOf(undefined, nowMs)).toEqual({
      sex: 'unknown',
      race: 'unknown',
      ethnicity: 'unknown',
      ageBand: 'unknown',
    });
  });
});
