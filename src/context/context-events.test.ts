import type {
  Condition,
  DiagnosticReport,
  Encounter,
  FhirResource,
  Goal,
  Medication,
  MedicationRequest,
  Observation,
  Patient,
  Procedure,
} from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { SYSTEM_LOINC, SYSTEM_RXNORM, SYSTEM_SNOMED } from '../terminology/code-systems.ts';
import type { BuildState } from './context-build-state.ts';
import { buildClinicalEvents, type ClinicalEvent } from './context-events.ts';
import { createResourceIndex } from './fhir-concepts.ts';
import { createTextScrubber } from './free-text.ts';

const NOW_MS = Date.UTC(2021, 11, 31);
const CONDITION_CLINICAL = 'http://terminology.hl7.org/CodeSystem/condition-clinical';
const CONDITION_VERIFICATION = 'http://terminology.hl7.org/CodeSystem/condition-ver-status';
const OBSERVATION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';
const ENCOUNTER_CLASS = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';
const DISCHARGE_DISPOSITION = 'http://terminology.hl7.org/CodeSystem/discharge-disposition';

function eventsOf(resources: readonly FhirResource[]): ClinicalEvent[] {
  const state: BuildState = {
    referenceMs: NOW_MS,
    birthDate: '1950-03-04',
    scrub: createTextScrubber({ phrases: [], birthDate: undefined }),
    includeFreeText: false,
  };
  return buildClinicalEvents(
    resources,
    state,
    createResourceIndex(() => resources),
  );
}

function onlyEventOf(resource: FhirResource, others: readonly FhirResource[] = []): ClinicalEvent {
  const events = eventsOf([resource, ...others]);
  expect(events).toHaveLength(1);
  const [first] = events;
  if (first === undefined) throw new Error('no event');
  return first;
}

// No statuses and no dates: the tests add those they are about.
const BARE_HYPERTENSION: Condition = {
  resourceType: 'Condition',
  id: 'c-htn',
  category: [
    {
      coding: [
        {
          system: 'http://terminology.hl7.org/CodeSystem/condition-category',
          code: 'problem-list-item',
        },
      ],
    },
  ],
  code: { coding: [{ system: SYSTEM_SNOMED, code: '59621000', display: 'Essential hypertension' }] },
  subject: { reference: 'Patient/p1' },
};

const HYPERTENSION: Condition = {
  ...BARE_HYPERTENSION,
  clinicalStatus: { coding: [{ system: CONDITION_CLINICAL, code: 'active' }] },
  verificationStatus: { coding: [{ system: CONDITION_VERIFICATION, code: 'confirmed' }] },
  onsetDateTime: '2021-12-01',
};

function observation(init: Partial<Observation>): Observation {
  return {
    resourceType: 'Observation',
    id: 'o-1',
    status: 'final',
    category: [{ coding: [{ system: OBSERVATION_CATEGORY, code: 'laboratory' }] }],
    code: { coding: [{ system: SYSTEM_LOINC, code: '2160-0', display: 'Creatinine' }] },
    effectiveDateTime: '2021-12-21T10:00:00Z',
    ...init,
  };
}

/** A report with no date unless given one. */
function report(init: Partial<DiagnosticReport>): DiagnosticReport {
  return {
    resourceType: 'DiagnosticReport',
    id: 'r-1',
    status: 'final',
    code: { coding: [{ system: SYSTEM_LOINC, code: '24604-1', display: 'Mammogram' }] },
    ...init,
  };
}

function encounter(init: Partial<Encounter>): Encounter {
  return {
    resourceType: 'Encounter',
    id: 'e-1',
    status: 'finished',
    class: { system: ENCOUNTER_CLASS, code: 'IMP' },
    type: [
      { coding: [{ system: SYSTEM_SNOMED, code: '183452005', display: 'Emergency hospital admission' }] },
    ],
    period: { start: '2021-12-01T09:00:00Z', end: '2021-12-11T12:00:00Z' },
    ...init,
  };
}

describe('buildClinicalEvents: Condition', () => {
  it('reads the clinical and verification status codes, categories and codes', () => {
    const event = onlyEventOf(HYPERTENSION);
    expect(event.source).toEqual({ resourceType: 'Condition', id: 'c-htn' });
    expect(event.name).toBe('Essential hypertension');
    expect(event.codes).toEqual([{ system: SYSTEM_SNOMED, code: '59621000' }]);
    expect(event.status).toBe('active');
    expect(event.verification).toBe('confirmed');
    expect(event.categories.map((category) => category.code)).toEqual(['problem-list-item']);
  });

  it('counts the onset in calendar days before the reference and leaves an unabated condition open', () => {
    const event = onlyEventOf(HYPERTENSION);
    // 1 December to 31 December 2021.
    expect(event.startDaysAgo).toBe(30);
    expect(event.endDaysAgo).toBeUndefined();
    expect(event.abated).toBe(false);
  });

  it('reads an abatement date as the end and marks the condition abated', () => {
    const event = onlyEventOf({
      ...HYPERTENSION,
      clinicalStatus: { coding: [{ system: CONDITION_CLINICAL, code: 'resolved' }] },
      abatementDateTime: '2021-12-21',
    });
    expect(event.status).toBe('resolved');
    expect(event.endDaysAgo).toBe(10);
    expect(event.abated).toBe(true);
  });

  it('marks a condition abated by a string alone, with no end date', () => {
    const event = onlyEventOf({ ...HYPERTENSION, abatementString: 'in childhood' });
    expect(event.abated).toBe(true);
    expect(event.endDaysAgo).toBeUndefined();
  });

  it('gives no status when the Condition has no clinicalStatus', () => {
    const event = onlyEventOf({ ...BARE_HYPERTENSION, onsetDateTime: '2021-12-01' });
    expect(event.status).toBeUndefined();
    expect(event.verification).toBeUndefined();
  });

  it('falls back to the recorded date when there is no onset', () => {
    const event = onlyEventOf({ ...BARE_HYPERTENSION, recordedDate: '2021-12-30' });
    expect(event.startDaysAgo).toBe(1);
  });
});

describe('buildClinicalEvents: Observation', () => {
  it('reads status, categories and the effective time as a point', () => {
    const event = onlyEventOf(observation({ status: 'preliminary' }));
    expect(event.source.resourceType).toBe('Observation');
    expect(event.status).toBe('preliminary');
    expect(event.categories).toEqual([{ system: OBSERVATION_CATEGORY, code: 'laboratory' }]);
    expect(event.startDaysAgo).toBe(10);
    expect(event.endDaysAgo).toBe(10);
  });

  it.each<[string, Partial<Observation>, boolean]>([
    ['a quantity', { valueQuantity: { value: 1.1, unit: 'mg/dL' } }, true],
    [
      'a coded value',
      {
        valueCodeableConcept: { coding: [{ system: SYSTEM_SNOMED, code: '260385009', display: 'Negative' }] },
      },
      true,
    ],
    ['no value[x] (only a data-absent reason)', { dataAbsentReason: { text: 'not performed' } }, false],
  ])('hasResult with %s is %s', (_label, init, expected) => {
    expect(onlyEventOf(observation(init)).hasResult).toBe(expected);
  });

  it('gives Observations no Condition or Encounter fields', () => {
    const event = onlyEventOf(observation({}));
    expect(event.abated).toBe(false);
    expect(event.encounterClass).toBeUndefined();
    expect(event.diagnosisRefs).toEqual([]);
  });
});

describe('buildClinicalEvents: DiagnosticReport', () => {
  it.each<[string, Partial<DiagnosticReport>, boolean]>([
    ['result references', { result: [{ reference: 'Observation/o-1' }] }, true],
    ['a conclusion', { conclusion: 'BI-RADS 1: negative.' }, true],
    ['a scanned document', { presentedForm: [{ contentType: 'application/pdf' }] }, true],
    ['nothing but the code', {}, false],
    ['an empty result list', { result: [] }, false],
  ])('hasResult with %s is %s', (_label, init, expected) => {
    expect(onlyEventOf(report(init)).hasResult).toBe(expected);
  });

  it('reads an effective period as start and end', () => {
    const event = onlyEventOf(report({ effectivePeriod: { start: '2021-11-01', end: '2021-11-21' } }));
    expect(event.startDaysAgo).toBe(60);
    expect(event.endDaysAgo).toBe(40);
  });

  it('falls back to the issued instant when there is no effective time', () => {
    const event = onlyEventOf(report({ issued: '2021-12-29T15:00:00Z' }));
    expect(event.startDaysAgo).toBe(2);
    expect(event.endDaysAgo).toBe(2);
  });
});

describe('buildClinicalEvents: Procedure', () => {
  const MASTECTOMY: Procedure = {
    resourceType: 'Procedure',
    id: 'x-1',
    status: 'completed',
    subject: { reference: 'Patient/p1' },
    code: { coding: [{ system: SYSTEM_SNOMED, code: '172043006', display: 'Simple mastectomy' }] },
    bodySite: [{ coding: [{ system: SYSTEM_SNOMED, code: '80248007', display: 'Left breast' }] }],
  };

  it('reads the performed period, status and body sites', () => {
    const event = onlyEventOf({
      ...MASTECTOMY,
      performedPeriod: { start: '2021-06-30T08:00:00Z', end: '2021-07-01T16:00:00Z' },
    });
    expect(event.status).toBe('completed');
    expect(event.startDaysAgo).toBe(184);
    expect(event.endDaysAgo).toBe(183);
    // The side is what a bilateral mastectomy exclusion reads.
    expect(event.bodySites).toEqual([{ system: SYSTEM_SNOMED, code: '80248007' }]);
  });

  it('reads a performed date-time as a point', () => {
    const event = onlyEventOf({ ...MASTECTOMY, performedDateTime: '2021-12-30' });
    expect(event.startDaysAgo).toBe(1);
    expect(event.endDaysAgo).toBe(1);
  });
});

describe('buildClinicalEvents: Encounter', () => {
  it('reads type codes, class, period and discharge disposition', () => {
    const event = onlyEventOf(
      encounter({
        hospitalization: {
          dischargeDisposition: {
            coding: [
              { system: DISCHARGE_DISPOSITION, code: 'hosp' },
              { system: SYSTEM_SNOMED, code: '428361000124107' },
            ],
          },
        },
      }),
    );
    expect(event.codes).toEqual([{ system: SYSTEM_SNOMED, code: '183452005' }]);
    expect(event.encounterClass).toBe('IMP');
    expect(event.status).toBe('finished');
    expect(event.startDaysAgo).toBe(30);
    expect(event.endDaysAgo).toBe(20);
    expect(event.dischargeDisposition).toEqual([
      { system: DISCHARGE_DISPOSITION, code: 'hosp' },
      { system: SYSTEM_SNOMED, code: '428361000124107' },
    ]);
  });

  it('adds the service type to the codes', () => {
    const event = onlyEventOf(
      encounter({
        serviceType: { coding: [{ system: SYSTEM_SNOMED, code: '394802001', display: 'General medicine' }] },
      }),
    );
    expect(event.codes.map((code) => code.code)).toEqual(['183452005', '394802001']);
  });

  it('lists the diagnosis conditions and reason references, skipping references without a target', () => {
    const event = onlyEventOf(
      encounter({
        diagnosis: [
          { condition: { reference: 'Condition/c-1' } },
          { condition: { display: 'Free-text diagnosis' } },
        ],
        reasonReference: [{ reference: 'Condition/c-2' }],
        reasonCode: [{ coding: [{ system: SYSTEM_SNOMED, code: '38341003' }] }],
      }),
    );
    expect(event.diagnosisRefs).toEqual(['Condition/c-1', 'Condition/c-2']);
    expect(event.reasonCodes).toEqual([{ system: SYSTEM_SNOMED, code: '38341003' }]);
  });

  it('reads an Encounter without a class (as the CMS test patients have) as no class', () => {
    // R4 requires class; the cast stands for records that leave it out.
    const classless = {
      resourceType: 'Encounter',
      id: 'e-no-class',
      status: 'finished',
      period: { start: '2021-12-30' },
    } as Encounter;
    const event = onlyEventOf(classless);
    expect(event.encounterClass).toBeUndefined();
    expect(event.codes).toEqual([]);
    expect(event.dischargeDisposition).toEqual([]);
    expect(event.startDaysAgo).toBe(1);
  });
});

describe('buildClinicalEvents: MedicationRequest', () => {
  const DONEPEZIL: Medication = {
    resourceType: 'Medication',
    id: 'med-1',
    code: {
      coding: [
        { system: SYSTEM_RXNORM, code: '997223', display: 'donepezil hydrochloride 10 MG Oral Tablet' },
      ],
    },
  };
  const ORDER: MedicationRequest = {
    resourceType: 'MedicationRequest',
    id: 'mr-1',
    status: 'active',
    intent: 'order',
    subject: { reference: 'Patient/p1' },
    medicationReference: { reference: 'Medication/med-1' },
    authoredOn: '2021-12-24',
  };

  it('takes the codes of the Medication it references in the record, and its intent', () => {
    // The Medication itself is not an event: only the request is.
    const event = onlyEventOf(ORDER, [DONEPEZIL]);
    expect(event.codes).toEqual([{ system: SYSTEM_RXNORM, code: '997223' }]);
    expect(event.name).toBe('donepezil hydrochloride 10 MG Oral Tablet');
    expect(event.intent).toBe('order');
    expect(event.status).toBe('active');
    expect(event.startDaysAgo).toBe(7);
  });

  it('gives no codes when the referenced Medication is not in the record', () => {
    const event = onlyEventOf(ORDER);
    expect(event.codes).toEqual([]);
  });
});

describe('buildClinicalEvents: resources that are not events', () => {
  it('gives events for the event types only, in the order given', () => {
    const patient: Patient = { resourceType: 'Patient', id: 'p1' };
    const goal: Goal = {
      resourceType: 'Goal',
      id: 'g-1',
      lifecycleStatus: 'active',
      description: { text: 'Lower blood pressure' },
      subject: { reference: 'Patient/p1' },
    };
    const events = eventsOf([patient, observation({}), goal, HYPERTENSION]);
    expect(events.map((event) => event.source)).toEqual([
      { resourceType: 'Observation', id: 'o-1' },
      { resourceType: 'Condition', id: 'c-htn' },
    ]);
  });

  it('gives no events for an empty record', () => {
    expect(eventsOf([])).toEqual([]);
  });
});

describe('buildClinicalEvents: times', () => {
  it('reads a date-time without a time zone as UTC', () => {
    // 16 January to 31 December 2021 is 349 days.
    const event = onlyEventOf(observation({ effectiveDateTime: '2021-01-16T08:30:00' }));
    expect(event.startDaysAgo).toBe(349);
  });

  it.each<[string, number]>([
    // Late on the 30th in UTC: the day before the reference.
    ['2021-12-30T23:30:00', 1],
    ['2021-12-30T23:30:00Z', 1],
    // The same wall-clock time five hours behind UTC is already the 31st in UTC.
    ['2021-12-30T23:30:00-05:00', 0],
  ])('counts %s as %d days before the reference', (effective, days) => {
    expect(onlyEventOf(observation({ effectiveDateTime: effective })).startDaysAgo).toBe(days);
  });

  it('gives undefined days for a malformed date', () => {
    const event = onlyEventOf(observation({ effectiveDateTime: '31/12/2021' }));
    expect(event.startDaysAgo).toBeUndefined();
    expect(event.endDaysAgo).toBeUndefined();
  });
});
