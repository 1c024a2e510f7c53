import type { AllergyIntolerance, Condition, MedicationRequest, Observation } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { EMPTY_PATIENT_RECORD } from '../../record/patient-record.ts';
import { createResourceLookup, describeResource } from './describe-resource.ts';

const LOINC = 'http://loinc.org';

describe('describeResource', () => {
  it('a laboratory result: test, value with unit, date, status', () => {
    const observation: Observation = {
      resourceType: 'Observation',
      id: 'o1',
      status: 'final',
      category: [{ coding: [{ code: 'laboratory' }] }],
      code: { coding: [{ system: LOINC, code: '33914-3', display: 'eGFR' }] },
      effectiveDateTime: '2024-03-01T09:30:00Z',
      valueQuantity: {
        value: 28.04,
        unit: 'mL/min/{1.73_m2}',
        system: 'http://unitsofmeasure.org',
        code: 'mL/min/{1.73_m2}',
      },
    };
    expect(describeResource(observation)).toEqual({
      key: 'Observation/o1',
      kind: 'Laboratory result',
      what: 'eGFR',
      value: '28.04 mL/min/1.73m2',
      whenMs: Date.parse('2024-03-01T09:30:00Z'),
      status: 'final',
      found: true,
    });
  });

  it('a blood pressure panel: each component by name', () => {
    const panel: Observation = {
      resourceType: 'Observation',
      id: 'bp',
      status: 'final',
      code: { text: 'Blood pressure' },
      effectiveDateTime: '2024-03-01',
      component: [
        {
          code: { coding: [{ system: LOINC, code: '8480-6', display: 'Systolic' }] },
          valueQuantity: { value: 152, unit: 'mm[Hg]' },
        },
        {
          code: { coding: [{ system: LOINC, code: '8462-4', display: 'Diastolic' }] },
          valueQuantity: { value: 91, unit: 'mm[Hg]' },
        },
      ],
    };
    expect(describeResource(panel).value).toBe('Systolic 152 mmHg; Diastolic 91 mmHg');
  });

  it('a problem, an order and an allergy', () => {
    const condition: Condition = {
      resourceType: 'Condition',
      id: 'c1',
      subject: { reference: 'Patient/p' },
      code: { text: 'Chronic kidney disease stage 3' },
      clinicalStatus: { coding: [{ code: 'active' }] },
      verificationStatus: { coding: [{ code: 'confirmed' }] },
      onsetDateTime: '2019-05-02',
    };
    expect(describeResource(condition)).toMatchObject({
      kind: 'Problem',
      status: 'active, confirmed',
      whenMs: Date.parse('2019-05-02'),
    });

    const request: MedicationRequest = {
      resourceType: 'MedicationRequest',
      id: 'm1',
      status: 'active',
      intent: 'order',
      subject: { reference: 'Patient/p' },
      medicationCodeableConcept: {
        text: '24 HR Metformin hydrochloride 500 MG Extended Release Oral Tablet',
      },
      authoredOn: '2020-01-01',
    };
    const described = describeResource(request);
    expect(described).toMatchObject({ kind: 'Medication order', status: 'active' });
    expect(described.what).toMatch(/^Metformin/u);

    const allergy: AllergyIntolerance = {
      resourceType: 'AllergyIntolerance',
      id: 'a1',
      patient: { reference: 'Patient/p' },
      code: { text: 'Penicillin' },
      criticality: 'high',
      clinicalStatus: { coding: [{ code: 'active' }] },
      reaction: [{ manifestation: [{ text: 'Anaphylaxis' }], severity: 'severe' }],
    };
    expect(describeResource(allergy)).toMatchObject({
      value: 'Anaphylaxis (severe)',
      status: 'active, criticality high',
    });
  });
});

describe('createResourceLookup', () => {
  it('says when a cited resource is not in the record as loaded', () => {
    const lookup = createResourceLookup(EMPTY_PATIENT_RECORD);
    expect(lookup({ resourceType: 'Observation', id: 'gone' })).toMatchObject({
      found: false,
      what: 'Not in the record as loaded',
    });
  });

  it('shows a resource the sensitivity policy withholds as withheld: neither what it is, its value nor when', () => {
    const smear: Observation = {
      resourceType: 'Observation',
      id: 'o-smear',
      status: 'final',
      code: {
        coding: [
          {
            system: LOINC,
            code: '19762-4',
            display: 'General categories [Interpretation] of Cervical or vaginal smear',
          },
        ],
      },
      effectiveDateTime: '2014-10-07T03:53:29Z',
      valueString: 'Negative for intraepithelial lesion',
    };
    const kept: Observation = { ...smear, id: 'o-kept' };
    const record = { ...EMPTY_PATIENT_RECORD, observations: [smear, kept] };
    const lookup = createResourceLookup(record, { isWithheld: (source) => source.id === 'o-smear' });
    expect(lookup({ resourceType: 'Observation', id: 'o-smear' })).toEqual({
      key: 'Observation/o-smear',
      kind: 'Sensitive entry',
      what: 'Withheld (sensitive category)',
      value: undefined,
      whenMs: undefined,
      status: undefined,
      found: true,
      withheld: true,
    });
    expect(lookup({ resourceType: 'Observation', id: 'o-kept' })).toMatchObject({
      found: true,
      value: 'Negative for intraepithelial lesion',
    });
    expect(lookup({ resourceType: 'Observation', id: 'o-kept' }).withheld).toBeUndefined();
  });
});
