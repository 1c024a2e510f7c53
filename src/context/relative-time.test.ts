import { describe, expect, it } from 'vitest';
import {
  ageYearsAt,
  daysBefore,
  formatAgeYears,
  formatRelativeDays,
  parseFhirDateTimeMs,
} from './relative-time.ts';

describe('parseFhirDateTimeMs', () => {
  it.each<[string | undefined, number | undefined]>([
    ['2021-02-19T19:27:45+00:00', Date.UTC(2021, 1, 19, 19, 27, 45)],
    ['2021-02-19T19:27:45.344+02:00', Date.UTC(2021, 1, 19, 17, 27, 45, 344)],
    ['2021-02-19', Date.UTC(2021, 1, 19)],
    ['2021-02', Date.UTC(2021, 1, 1)],
    ['2021', Date.UTC(2021, 0, 1)],
    ['19/02/2021', undefined],
    ['2021-02-19T19:27', undefined],
    // No zone (the CMS measures' test patients, some exports): read as UTC rather than lose the date.
    ['2021-02-19T19:27:45', Date.UTC(2021, 1, 19, 19, 27, 45)],
    ['2021-05-30T00:00:00.0', Date.UTC(2021, 4, 30)],
    ['', undefined],
    [undefined, undefined],
  ])('%s → %s', (text, expected) => {
    expect(parseFhirDateTimeMs(text)).toBe(expected);
  });
});

describe('daysBefore and formatRelativeDays', () => {
  const now = Date.UTC(2021, 5, 1, 12);
  it.each<[number, string]>([
    [now, '0d'],
    [now - 3 * 86_400_000, '-3d'],
    [now - 412 * 86_400_000, '-412d'],
    [now - 730 * 86_400_000, '-730d'],
    [now - 3068 * 86_400_000, '-8.4y'],
    [now + 2 * 86_400_000, '+2d'],
  ])('%s → %s', (eventMs, expected) => {
    expect(formatRelativeDays(daysBefore(now, eventMs))).toBe(expected);
  });
});

describe('ageYearsAt', () => {
  it.each<[string | undefined, string, number | undefined]>([
    ['1952-07-31', '2021-07-30', 68],
    ['1952-07-31', '2021-07-31', 69],
    ['1952-07', '2021-07-01', 69],
    ['1952', '2021-01-01', 69],
    ['2018-05-22', '2021-02-25', 2],
    ['2030-01-01', '2021-01-01', undefined],
    [undefined, '2021-01-01', undefined],
    ['not a date', '2021-01-01', undefined],
  ])('born %s, at %s → %s', (birthDate, at, expected) => {
    expect(ageYearsAt(birthDate, Date.parse(at))).toBe(expected);
  });
});

describe('formatAgeYears', () => {
  it.each<[number, string]>([
    [0, '0y'],
    [67, '67y'],
    [89, '89y'],
    [90, '90+'],
    [104, '90+'],
  ])('%s → %s (Safe Harbor aggregates 90 and over)', (age, expected) => {
    expect(formatAgeYears(age)).toBe(expected);
  });
});
