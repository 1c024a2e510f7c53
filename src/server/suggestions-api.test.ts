import { describe, expect, it } from 'vitest';
import { looksLikeRawFhir } from './suggestions-api.ts';

describe('looksLikeRawFhir', () => {
  it.each([
    ['a Bundle', { resourceType: 'Bundle' }],
    ['a resource deep inside', { a: [{ b: { c: [{ resourceType: 'Observation' }] } }] }],
    ['FHIR JSON inside a string', { context: { text: 'x {"resourceType" : "Patient"} y' } }],
    ['an array of resources', [{ resourceType: 'Condition' }]],
  ])('spots %s', (_label, body) => {
    expect(looksLikeRawFhir(body)).toBe(true);
  });

  it.each([
    [
      'a compact context',
      { iss: 'x', patientId: 'p', context: { text: 'L1 eGFR 28 -35d', aliases: ['L1'] } },
    ],
    ['the word resourceType in prose', { context: { text: 'resourceType is a FHIR element' } }],
    ['null', null],
    ['a string', 'hello'],
  ])('lets %s through', (_label, body) => {
    expect(looksLikeRawFhir(body)).toBe(false);
  });
});
