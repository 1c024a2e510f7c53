import type { Medication, MedicationRequest } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import {
  medicationTarget,
  medicationsToRead,
  resolveMedication,
  type MedicationTarget,
} from './medication-references.ts';

const BASE = 'https://ehr.example/api/FHIR/R4';
const METFORMIN = {
  coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '860975' }],
  text: 'Metformin 500 MG',
};

function request(
  id: string,
  reference: string | undefined,
  extra: Partial<MedicationRequest> = {},
): MedicationRequest {
  return {
    resourceType: 'MedicationRequest',
    id,
    status: 'active',
    intent: 'order',
    subject: { reference: 'Patient/p1' },
    ...(reference === undefined ? {} : { medicationReference: { reference } }),
    ...extra,
  };
}

describe('medicationTarget', () => {
  it.each<[string, MedicationTarget]>([
    ['#med1', { kind: 'contained', id: 'med1' }],
    ['Medication/abc-1.2', { kind: 'server', id: 'abc-1.2' }],
    ['Medication/abc/_history/3', { kind: 'server', id: 'abc' }],
    [`${BASE}/Medication/abc`, { kind: 'server', id: 'abc' }],
    [`${BASE}/Medication/abc/_history/2`, { kind: 'server', id: 'abc' }],
    [
      'https://elsewhere.example/fhir/Medication/abc',
      {
        kind: 'unresolvable',
        reason: 'https://elsewhere.example/fhir/Medication/abc is not on this FHIR server',
      },
    ],
    ['urn:uuid:2b1d', { kind: 'unresolvable', reason: 'urn:uuid:2b1d is not on this FHIR server' }],
    ['Substance/abc', { kind: 'unresolvable', reason: 'Substance/abc is not a Medication reference' }],
    ['#', { kind: 'unresolvable', reason: 'an empty contained reference' }],
  ])('%s', (reference, expected) => {
    expect(medicationTarget(reference, BASE)).toEqual(expected);
  });

  it('accepts a base URL given with a trailing slash', () => {
    expect(medicationTarget(`${BASE}/Medication/x`, `${BASE}/`)).toEqual({ kind: 'server', id: 'x' });
  });
});

describe('medicationsToRead', () => {
  it('lists each server Medication once and warns about references it cannot follow', () => {
    const contained: Medication = { resourceType: 'Medication', id: 'm-in', code: METFORMIN };
    const reads = medicationsToRead(
      [
        request('r1', 'Medication/m1'),
        request('r2', `${BASE}/Medication/m1`),
        request('r3', 'Medication/m2'),
        request('r4', '#m-in', { contained: [contained] }),
        request('r5', '#m-missing'),
        request('r6', undefined, { medicationCodeableConcept: METFORMIN }),
        { resourceType: 'Observation', id: 'o1', status: 'final', code: {} },
      ],
      BASE,
    );
    expect(reads).toEqual({
      ids: ['m1', 'm2'],
      warnings: ['MedicationRequest/r5 refers to a contained Medication #m-missing that is not there'],
    });
  });
});

describe('resolveMedication', () => {
  const loaded: Medication = { resourceType: 'Medication', id: 'm1', code: METFORMIN };
  const lisinopril: Medication = { resourceType: 'Medication', id: 'c', code: { text: 'Lisinopril' } };

  it.each<[string, MedicationRequest, unknown]>([
    [
      'the code when there is one',
      request('r1', undefined, { medicationCodeableConcept: METFORMIN }),
      METFORMIN,
    ],
    ['a loaded Medication', request('r1', 'Medication/m1'), loaded],
    ['a contained Medication', request('r1', '#c', { contained: [lisinopril] }), lisinopril],
    ['nothing for a Medication that was not loaded', request('r1', 'Medication/m9'), undefined],
    [
      'the display of an unresolvable reference',
      request('r1', undefined, { medicationReference: { reference: 'urn:uuid:1', display: 'Aspirin' } }),
      { text: 'Aspirin' },
    ],
  ])('returns %s', (_label, resource, expected) => {
    expect(resolveMedication({ medications: [loaded] }, resource, BASE)).toEqual(expected);
  });
});
