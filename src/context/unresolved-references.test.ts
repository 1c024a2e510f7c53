import type { FhirResource } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { assemblePatientRecord, EMPTY_PATIENT_RECORD, type PatientRecord } from '../record/patient-record.ts';
import { condition, encounter, lab, medication, procedure, TEST_PATIENT } from './test-records.ts';
import { findUnresolvedReferences, literalReferenceKey } from './unresolved-references.ts';

const SUBJECT = { reference: 'Patient/p1' };
const BASE = 'https://ehr.example.org/fhir/R4';

function recordOf(...resources: FhirResource[]): PatientRecord {
  return assemblePatientRecord([TEST_PATIENT, ...resources]).record;
}

describe('findUnresolvedReferences: one gap per referencing field and target type', () => {
  it.each<[string, FhirResource, { targetType: string; referencedBy: string; message: string }]>([
    [
      'Encounter.diagnosis.condition',
      encounter('e1', 'AMB', 'Visit', '2021-01-01', {
        diagnosis: [{ condition: { reference: 'Condition/c-missing' } }],
      }),
      {
        targetType: 'Condition',
        referencedBy: 'Encounter.diagnosis',
        message: '1 problem referenced by an encounter could not be loaded',
      },
    ],
    [
      'Encounter.reasonReference',
      encounter('e1', 'AMB', 'Visit', '2021-01-01', {
        reasonReference: [{ reference: 'Condition/c-missing' }],
      }),
      {
        targetType: 'Condition',
        referencedBy: 'Encounter.reasonReference',
        message: '1 problem referenced by an encounter could not be loaded',
      },
    ],
    [
      'Procedure.reasonReference',
      procedure('x1', '73761001', 'Colonoscopy', '2021-01-01', {
        reasonReference: [{ reference: 'Observation/o-missing' }],
      }),
      {
        targetType: 'Observation',
        referencedBy: 'Procedure.reasonReference',
        message: '1 result referenced by a procedure could not be loaded',
      },
    ],
    [
      'MedicationRequest.reasonReference',
      medication('m1', '860975', 'Metformin', '2021-01-01', {
        reasonReference: [{ reference: 'Condition/c-missing' }],
      }),
      {
        targetType: 'Condition',
        referencedBy: 'MedicationRequest.reasonReference',
        message: '1 problem referenced by a medication order could not be loaded',
      },
    ],
    [
      'MedicationStatement.reasonReference',
      {
        resourceType: 'MedicationStatement',
        id: 'ms1',
        status: 'active',
        subject: SUBJECT,
        medicationCodeableConcept: { text: 'Aspirin' },
        reasonReference: [{ reference: 'Condition/c-missing' }],
      },
      {
        targetType: 'Condition',
        referencedBy: 'MedicationStatement.reasonReference',
        message: '1 problem referenced by a medication statement could not be loaded',
      },
    ],
    [
      'DiagnosticReport.result',
      {
        resourceType: 'DiagnosticReport',
        id: 'r1',
        status: 'final',
        code: { text: 'Metabolic panel' },
        subject: SUBJECT,
        result: [{ reference: 'Observation/o-1' }, { reference: 'Observation/o-2' }],
      },
      {
        targetType: 'Observation',
        referencedBy: 'DiagnosticReport.result',
        message: '2 results referenced by a report could not be loaded',
      },
    ],
    [
      'Observation.hasMember',
      lab('o-panel', '24323-8', 'Panel', '2021-01-01', 1, '1', {
        hasMember: [{ reference: 'Observation/o-1' }],
      }),
      {
        targetType: 'Observation',
        referencedBy: 'Observation.hasMember',
        message: '1 result referenced by another result could not be loaded',
      },
    ],
    [
      'Observation.derivedFrom',
      lab('o-egfr', '33914-3', 'eGFR', '2021-01-01', 50, 'mL/min', {
        derivedFrom: [{ reference: 'Observation/o-creatinine' }],
      }),
      {
        targetType: 'Observation',
        referencedBy: 'Observation.derivedFrom',
        message: '1 result referenced by another result could not be loaded',
      },
    ],
    [
      'Immunization.reasonReference',
      {
        resourceType: 'Immunization',
        id: 'i1',
        status: 'completed',
        vaccineCode: { text: 'Influenza' },
        patient: SUBJECT,
        occurrenceDateTime: '2021-01-01',
        reasonReference: [{ reference: 'Condition/c-missing' }],
      },
      {
        targetType: 'Condition',
        referencedBy: 'Immunization.reasonReference',
        message: '1 problem referenced by an immunization could not be loaded',
      },
    ],
    [
      'CarePlan.addresses',
      {
        resourceType: 'CarePlan',
        id: 'cp1',
        status: 'active',
        intent: 'plan',
        subject: SUBJECT,
        addresses: [
          { reference: 'Condition/c-1' },
          { reference: 'Condition/c-2' },
          { reference: 'Condition/c-1' },
        ],
      },
      {
        targetType: 'Condition',
        referencedBy: 'CarePlan.addresses',
        message: '2 problems referenced by a care plan could not be loaded',
      },
    ],
    [
      'Goal.addresses',
      {
        resourceType: 'Goal',
        id: 'g1',
        lifecycleStatus: 'active',
        description: { text: 'HbA1c below 7 %' },
        subject: SUBJECT,
        addresses: [{ reference: 'Condition/c-missing' }],
      },
      {
        targetType: 'Condition',
        referencedBy: 'Goal.addresses',
        message: '1 problem referenced by a goal could not be loaded',
      },
    ],
    [
      'Condition.evidence.detail',
      condition('c-ckd', '431855005', 'CKD stage 1', '2020-01-01', {
        evidence: [{ detail: [{ reference: 'Observation/o-egfr' }] }],
      }),
      {
        targetType: 'Observation',
        referencedBy: 'Condition.evidence.detail',
        message: '1 result referenced by a problem could not be loaded',
      },
    ],
    [
      'MedicationRequest.medicationReference',
      {
        resourceType: 'MedicationRequest',
        id: 'm-ref',
        status: 'active',
        intent: 'order',
        subject: SUBJECT,
        medicationReference: { reference: 'Medication/med-1' },
      },
      {
        targetType: 'Medication',
        referencedBy: 'MedicationRequest.medicationReference',
        message: '1 medication referenced by a medication order could not be loaded',
      },
    ],
  ])('%s', (_field, resource, expected) => {
    const gaps = findUnresolvedReferences(recordOf(resource));
    expect(gaps).toHaveLength(1);
    expect(gaps[0]).toMatchObject({
      targetType: expected.targetType,
      referencedBy: [expected.referencedBy],
      message: expected.message,
    });
  });
});

describe('findUnresolvedReferences: Bundle-local references to entries the Bundle lacks', () => {
  const report = (reference: string) => ({
    resourceType: 'DiagnosticReport' as const,
    id: 'r1',
    status: 'final' as const,
    code: { text: 'Basic metabolic panel' },
    subject: { reference: 'Patient/p1' },
    result: [{ reference }],
  });

  it('counts one in a field of a single target type (DiagnosticReport.result: Observation)', () => {
    expect(findUnresolvedReferences(recordOf(report('urn:uuid:o-gone'))).map((gap) => gap.message)).toEqual([
      '1 result referenced by a report could not be loaded',
    ]);
  });

  it('counts one whose Reference.type names the target, in a field of several types', () => {
    const visit = encounter('e1', 'AMB', 'Visit', '2021-01-01', {
      diagnosis: [{ condition: { reference: 'urn:uuid:c-gone', type: 'Condition' } }],
    });
    expect(findUnresolvedReferences(recordOf(visit)).map((gap) => gap.message)).toEqual([
      '1 problem referenced by an encounter could not be loaded',
    ]);
  });
});

describe('findUnresolvedReferences: what is not a gap', () => {
  const visit = (reference: string) =>
    encounter('e1', 'AMB', 'Visit', '2021-01-01', { diagnosis: [{ condition: { reference } }] });

  it.each<[string, string]>([
    ['a contained resource', '#c1'],
    // Encounter.diagnosis.condition may point at a Condition or a Procedure (R4), and the reference names neither.
    ['a Bundle-local urn:uuid of unknown type', 'urn:uuid:4f1c6a9e-0d7b-4a55-9f6e-6f7b0c3b2a11'],
    ['an absolute URL on another server', 'https://other.example.org/fhir/Condition/c9'],
    ['a type the record does not hold', 'Practitioner/dr1'],
    ['the patient (read on its own)', 'Patient/p1'],
    ['text that is not a reference', 'not a reference'],
  ])('%s', (_case, reference) => {
    expect(findUnresolvedReferences(recordOf(visit(reference)), { fhirBaseUrl: BASE })).toEqual([]);
  });

  it('a logical reference (identifier only, no literal reference)', () => {
    const logical = encounter('e1', 'AMB', 'Visit', '2021-01-01', {
      reasonReference: [{ identifier: { system: 'urn:oid:1.2.3', value: '42' }, display: 'Asthma' }],
    });
    expect(findUnresolvedReferences(recordOf(logical))).toEqual([]);
  });

  it('a reference to a resource the record holds, in any literal form', () => {
    const held = condition('c1', '44054006', 'Diabetes', '2015-01-01');
    for (const reference of ['Condition/c1', `${BASE}/Condition/c1`, 'Condition/c1/_history/3'])
      expect(findUnresolvedReferences(recordOf(held, visit(reference)), { fhirBaseUrl: BASE })).toEqual([]);
  });

  it('a resource left out as entered in error: it was loaded, and rightly dropped', () => {
    const wrong = condition('c-wrong', '44054006', 'Diabetes', '2015-01-01', {
      verificationStatus: { coding: [{ code: 'entered-in-error' }] },
    });
    const assembled = assemblePatientRecord([TEST_PATIENT, wrong, visit('Condition/c-wrong')]);
    expect(assembled.record.conditions).toEqual([]);
    expect(findUnresolvedReferences(assembled.record)).toHaveLength(1);
    expect(
      findUnresolvedReferences(assembled.record, { excludedKeys: assembled.excludedEnteredInError }),
    ).toEqual([]);
  });
});

describe('findUnresolvedReferences: counting and grouping', () => {
  it('counts an absolute URL on the record’s own server, given its base (with or without a trailing slash)', () => {
    const record = recordOf(
      encounter('e1', 'AMB', 'Visit', '2021-01-01', {
        diagnosis: [{ condition: { reference: `${BASE}/Condition/c9` } }],
      }),
    );
    expect(findUnresolvedReferences(record)).toEqual([]);
    expect(findUnresolvedReferences(record, { fhirBaseUrl: `${BASE}/` })).toHaveLength(1);
  });

  it('counts each missing target once, whichever encounters and fields point at it', () => {
    const record = recordOf(
      encounter('e1', 'AMB', 'Visit', '2021-01-01', {
        diagnosis: [
          { condition: { reference: 'Condition/c1' } },
          { condition: { reference: 'Condition/c2' } },
        ],
        reasonReference: [{ reference: 'Condition/c1' }],
      }),
      encounter('e2', 'AMB', 'Visit', '2021-02-01', {
        diagnosis: [
          { condition: { reference: 'Condition/c3' } },
          { condition: { reference: 'Condition/c4' } },
        ],
      }),
    );
    expect(findUnresolvedReferences(record)).toEqual([
      {
        targetType: 'Condition',
        count: 4,
        referencingType: 'Encounter',
        referencingCount: 2,
        referencedBy: ['Encounter.diagnosis', 'Encounter.reasonReference'],
        message: '4 problems referenced by encounters could not be loaded',
      },
    ]);
  });

  it('keeps target types apart and orders the gaps the same for any resource order', () => {
    const resources: FhirResource[] = [
      procedure('x1', '73761001', 'Colonoscopy', '2021-01-01', {
        reasonReference: [{ reference: 'Observation/o1' }, { reference: 'Condition/c1' }],
      }),
      encounter('e1', 'AMB', 'Visit', '2021-01-01', { reasonReference: [{ reference: 'Condition/c2' }] }),
    ];
    const forward = findUnresolvedReferences(recordOf(...resources));
    const backward = findUnresolvedReferences(recordOf(...[...resources].reverse()));
    expect(forward.map((gap) => gap.message)).toEqual([
      '1 problem referenced by an encounter could not be loaded',
      '1 problem referenced by a procedure could not be loaded',
      '1 result referenced by a procedure could not be loaded',
    ]);
    expect(backward).toEqual(forward);
  });

  it('finds nothing in an empty record', () => {
    expect(findUnresolvedReferences(EMPTY_PATIENT_RECORD)).toEqual([]);
  });
});

describe('literalReferenceKey', () => {
  it.each<[string, string | undefined, string | undefined]>([
    ['Condition/c1', undefined, 'Condition/c1'],
    ['Observation/o.1-a/_history/2', undefined, 'Observation/o.1-a'],
    [`${BASE}/Encounter/e1`, BASE, 'Encounter/e1'],
    [`${BASE}/Encounter/e1`, undefined, undefined],
    [`${BASE}X/Encounter/e1`, BASE, undefined],
    ['#med', undefined, undefined],
    ['urn:uuid:abc', undefined, undefined],
    ['Organization/org1', undefined, undefined],
  ])('%s (base %s) → %s', (reference, base, expected) => {
    expect(literalReferenceKey({ reference }, base)?.key).toBe(expected);
  });
});
