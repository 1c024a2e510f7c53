import type { Condition, DocumentReference, FhirResource, Observation } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import {
  assemblePatientRecord,
  countRecordResources,
  dedupeResources,
  isEnteredInError,
} from './patient-record.ts';

const PATIENT_REF = { reference: 'Patient/p1' };

function condition(id: string, extra: Partial<Condition> = {}): Condition {
  return { resourceType: 'Condition', id, subject: PATIENT_REF, ...extra };
}

function observation(id: string, extra: Partial<Observation> = {}): Observation {
  return {
    resourceType: 'Observation',
    id,
    status: 'final',
    code: { text: 'BP' },
    subject: PATIENT_REF,
    ...extra,
  };
}

const ENTERED_IN_ERROR_CODING = {
  coding: [
    { system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: 'entered-in-error' },
  ],
};

describe('isEnteredInError', () => {
  it.each<[string, FhirResource, boolean]>([
    ['a final Observation', observation('o1'), false],
    ['an Observation entered in error', observation('o1', { status: 'entered-in-error' }), true],
    [
      'a Condition with verificationStatus entered-in-error',
      condition('c1', { verificationStatus: ENTERED_IN_ERROR_CODING }),
      true,
    ],
    [
      'a confirmed Condition',
      condition('c1', { verificationStatus: { coding: [{ code: 'confirmed' }] } }),
      false,
    ],
    [
      'an AllergyIntolerance entered in error',
      {
        resourceType: 'AllergyIntolerance',
        id: 'a1',
        patient: PATIENT_REF,
        verificationStatus: ENTERED_IN_ERROR_CODING,
      },
      true,
    ],
    [
      'a MedicationRequest entered in error',
      {
        resourceType: 'MedicationRequest',
        id: 'm1',
        status: 'entered-in-error',
        intent: 'order',
        subject: PATIENT_REF,
      },
      true,
    ],
    [
      'a DocumentReference entered in error',
      { resourceType: 'DocumentReference', id: 'd1', status: 'entered-in-error', content: [] },
      true,
    ],
    ['a Patient', { resourceType: 'Patient', id: 'p1' }, false],
  ])('%s → %s', (_label, resource, expected) => {
    expect(isEnteredInError(resource)).toBe(expected);
  });
});

describe('dedupeResources', () => {
  it('keeps one resource per type and id, in first-seen order', () => {
    const unique = dedupeResources([condition('c1'), condition('c2'), condition('c1'), observation('c1')]);
    expect(unique.map((resource) => `${resource.resourceType}/${resource.id ?? ''}`)).toEqual([
      'Condition/c1',
      'Condition/c2',
      'Observation/c1',
    ]);
  });

  it('keeps the copy updated later', () => {
    const older = condition('c1', { meta: { lastUpdated: '2026-01-01T00:00:00Z' }, note: [{ text: 'old' }] });
    const newer = condition('c1', { meta: { lastUpdated: '2026-02-01T00:00:00Z' }, note: [{ text: 'new' }] });
    expect(dedupeResources([newer, older])).toEqual([newer]);
    expect(dedupeResources([older, newer])).toEqual([newer]);
  });
});

describe('assemblePatientRecord', () => {
  it('groups by type, removes duplicates across searches and leaves out entered-in-error', () => {
    const problem = condition('c1', { category: [{ coding: [{ code: 'problem-list-item' }] }] });
    const { record, excludedEnteredInError, unexpected } = assemblePatientRecord([
      { resourceType: 'Patient', id: 'p1' },
      problem,
      problem,
      condition('c2', { verificationStatus: ENTERED_IN_ERROR_CODING }),
      condition('c2', { verificationStatus: ENTERED_IN_ERROR_CODING }),
      observation('o1'),
      observation('o2', { status: 'entered-in-error' }),
      { resourceType: 'Practitioner', id: 'dr1' },
    ]);
    expect(record.patient?.id).toBe('p1');
    expect(record.conditions).toEqual([problem]);
    expect(record.observations.map((resource) => resource.id)).toEqual(['o1']);
    expect(excludedEnteredInError).toEqual(['Condition/c2', 'Observation/o2']);
    expect(unexpected).toEqual(['Practitioner/dr1']);
    expect(countRecordResources(record)).toEqual({ Patient: 1, Condition: 1, Observation: 1 });
  });

  it('keeps DocumentReference metadata and drops inline attachment data', () => {
    const document: DocumentReference = {
      resourceType: 'DocumentReference',
      id: 'd1',
      status: 'current',
      content: [
        {
          attachment: {
            contentType: 'application/pdf',
            data: 'JVBERi0xLjQK',
            title: 'Discharge summary',
            size: 9,
          },
        },
        { attachment: { contentType: 'text/html', url: 'Binary/b2' } },
      ],
    };
    const { record } = assemblePatientRecord([document]);
    expect(record.documentReferences[0]?.content).toEqual([
      { attachment: { contentType: 'application/pdf', title: 'Discharge summary', size: 9 } },
      { attachment: { contentType: 'text/html', url: 'Binary/b2' } },
    ]);
    expect(document.content[0]?.attachment.data).toBe('JVBERi0xLjQK');
  });
});
