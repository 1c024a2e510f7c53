import { describe, expect, it } from 'vitest';
import type { CodeRef } from '../../context/clinical-context.ts';
import type { ClinicalEvent } from '../../context/context-events.ts';
import {
  SYSTEM_CPT,
  SYSTEM_ICD10_CM,
  SYSTEM_LOINC,
  SYSTEM_RXNORM,
  SYSTEM_SNOMED,
} from '../../terminology/code-systems.ts';
import {
  endOfLifeCare,
  frailtyWithAdvancedIllness,
  hospiceCare,
  longTermCare,
  palliativeCare,
  type Exclusion,
} from './care-exclusions.ts';
import { event, makeContext, type ContextInit } from './rule-test-kit.ts';
import { buildRuleView, type RuleView } from './rule-view.ts';

// Codes from the eCQM value sets the concepts are built on (ecqm-value-sets.ts).
/** Discharged to home for hospice care (2.16.840.1.113883.3.117.1.7.1.209). */
const HOSPICE_DISCHARGE: CodeRef = { system: SYSTEM_SNOMED, code: '428361000124107' };
/** Hospice care, ambulatory (2.16.840.1.113762.1.4.1108.15). */
const HOSPICE_CARE_AMBULATORY: CodeRef = { system: SYSTEM_SNOMED, code: '385763009' };
/** Seen by palliative care service (Palliative Care Encounter, 2.16.840.1.113883.3.464.1003.101.12.1090). */
const PALLIATIVE_ENCOUNTER: CodeRef = { system: SYSTEM_SNOMED, code: '305284002' };
/** FACIT-Pal, the questionnaire CMS's PalliativeCare library counts. */
const FACIT_PAL: CodeRef = { system: SYSTEM_LOINC, code: '71007-9' };
/** Dependence on wheelchair (Frailty Diagnosis). */
const WHEELCHAIR_DEPENDENCE: CodeRef = { system: SYSTEM_ICD10_CM, code: 'Z99.3' };
/** Donepezil 10 mg (Dementia Medications). */
const DONEPEZIL: CodeRef = { system: SYSTEM_RXNORM, code: '997223' };
/** Malignant neoplasm of head of pancreas (Advanced Illness). */
const PANCREATIC_CANCER: CodeRef = { system: SYSTEM_ICD10_CM, code: 'C25.0' };
/** An office visit: in no inpatient value set. */
const OFFICE_VISIT: CodeRef = { system: SYSTEM_CPT, code: '99213' };
/** Long-term residential care visit (Care Services in Long-Term Residential Facility). */
const LONG_TERM_RESIDENTIAL_VISIT: CodeRef = { system: SYSTEM_CPT, code: '99334' };

function viewOf(init: ContextInit): RuleView {
  return buildRuleView(makeContext(init));
}

function hospiceDischarge(endDaysAgo: number, status = 'finished'): ClinicalEvent {
  return event('Encounter', {
    id: 'e-hospice-discharge',
    name: 'Hospital stay',
    codes: [],
    status,
    startDaysAgo: endDaysAgo + 5,
    endDaysAgo,
    dischargeDisposition: [HOSPICE_DISCHARGE],
  });
}

function hospiceProcedure(daysAgo: number, status = 'completed'): ClinicalEvent {
  return event('Procedure', {
    id: 'x-hospice',
    name: 'Hospice care',
    codes: [HOSPICE_CARE_AMBULATORY],
    status,
    startDaysAgo: daysAgo,
    endDaysAgo: daysAgo,
  });
}

function palliativeEncounter(daysAgo: number, status = 'finished'): ClinicalEvent {
  return event('Encounter', {
    id: 'e-palliative',
    name: 'Seen by palliative care service',
    codes: [PALLIATIVE_ENCOUNTER],
    status,
    startDaysAgo: daysAgo,
    endDaysAgo: daysAgo,
  });
}

describe('hospiceCare', () => {
  it('excludes a finished encounter discharged for hospice care within the year', () => {
    const exclusion = hospiceCare(viewOf({ events: [hospiceDischarge(100)] }));
    expect(exclusion).toEqual<Exclusion>({
      reason: 'hospice care: discharged for hospice care 100 days ago',
      source: { resourceType: 'Encounter', id: 'e-hospice-discharge' },
    });
  });

  it.each<[string, ClinicalEvent]>([
    ['ended 400 days ago', hospiceDischarge(400)],
    // 1 June 2023 to 1 June 2024 is 366 days: the first day the 12-month window leaves out.
    ['ended on the first day outside the year', hospiceDischarge(366)],
    ['cancelled', hospiceDischarge(100, 'cancelled')],
    ['still in progress', hospiceDischarge(100, 'in-progress')],
  ])('does not exclude a hospice discharge %s', (_label, discharge) => {
    expect(hospiceCare(viewOf({ events: [discharge] }))).toBeUndefined();
  });

  it('counts a discharge on the last day inside the year', () => {
    expect(hospiceCare(viewOf({ events: [hospiceDischarge(365)] }))?.reason).toContain('365 days ago');
  });

  it('does not read a discharge home (no hospice code) as hospice care', () => {
    const home = event('Encounter', {
      codes: [],
      status: 'finished',
      startDaysAgo: 105,
      endDaysAgo: 100,
      dischargeDisposition: [
        { system: 'http://terminology.hl7.org/CodeSystem/discharge-disposition', code: 'home' },
      ],
    });
    expect(hospiceCare(viewOf({ events: [home] }))).toBeUndefined();
  });

  it('excludes a completed hospice care procedure', () => {
    const exclusion = hospiceCare(viewOf({ events: [hospiceProcedure(30)] }));
    expect(exclusion?.reason).toBe('hospice care: hospice care 30 days ago');
    expect(exclusion?.source).toEqual({ resourceType: 'Procedure', id: 'x-hospice' });
  });

  it.each<[string, ClinicalEvent]>([
    ['stopped', hospiceProcedure(30, 'stopped')],
    ['not done', hospiceProcedure(30, 'not-done')],
    ['completed 400 days ago', hospiceProcedure(400)],
  ])('does not exclude a hospice care procedure %s', (_label, procedure) => {
    expect(hospiceCare(viewOf({ events: [procedure] }))).toBeUndefined();
  });

  it('gives nothing for an empty record', () => {
    expect(hospiceCare(viewOf({}))).toBeUndefined();
  });
});

describe('palliativeCare', () => {
  it('excludes a finished palliative care encounter within the year', () => {
    const exclusion = palliativeCare(viewOf({ events: [palliativeEncounter(30)] }));
    expect(exclusion).toEqual<Exclusion>({
      reason: 'palliative care: seen by palliative care service 30 days ago',
      source: { resourceType: 'Encounter', id: 'e-palliative' },
    });
  });

  it.each<[string, ClinicalEvent]>([
    ['only planned', palliativeEncounter(30, 'planned')],
    ['400 days ago', palliativeEncounter(400)],
  ])('does not exclude a palliative care encounter %s', (_label, encounter) => {
    expect(palliativeCare(viewOf({ events: [encounter] }))).toBeUndefined();
  });

  const facitPal = (status: string): ClinicalEvent =>
    event('Observation', {
      id: 'o-facit-pal',
      name: 'FACIT-Pal',
      codes: [FACIT_PAL],
      status,
      hasResult: true,
      startDaysAgo: 60,
      endDaysAgo: 60,
    });

  it('excludes a final FACIT-Pal assessment', () => {
    const exclusion = palliativeCare(viewOf({ events: [facitPal('final')] }));
    expect(exclusion?.reason).toBe('palliative care: facit-pal 60 days ago');
    expect(exclusion?.source).toEqual({ resourceType: 'Observation', id: 'o-facit-pal' });
  });

  it('does not exclude a preliminary FACIT-Pal assessment', () => {
    expect(palliativeCare(viewOf({ events: [facitPal('preliminary')] }))).toBeUndefined();
  });
});

describe('endOfLifeCare', () => {
  it('gives hospice care when the record has both hospice and palliative care', () => {
    const exclusion = endOfLifeCare(viewOf({ events: [palliativeEncounter(10), hospiceDischarge(100)] }));
    expect(exclusion?.reason).toMatch(/^hospice care: /);
    expect(exclusion?.source.id).toBe('e-hospice-discharge');
  });

  it('gives palliative care when there is no hospice care', () => {
    expect(endOfLifeCare(viewOf({ events: [palliativeEncounter(10)] }))?.reason).toMatch(
      /^palliative care: /,
    );
  });

  it('gives nothing without either', () => {
    expect(endOfLifeCare(viewOf({ events: [hospiceDischarge(400)] }))).toBeUndefined();
  });
});

describe('frailtyWithAdvancedIllness', () => {
  const frailty = event('Condition', {
    id: 'c-wheelchair',
    name: 'Dependence on wheelchair',
    codes: [WHEELCHAIR_DEPENDENCE],
    status: 'active',
    startDaysAgo: 200,
  });
  const dementiaDrug = (status = 'active', startDaysAgo = 100): ClinicalEvent =>
    event('MedicationRequest', {
      id: 'm-donepezil',
      name: 'Donepezil 10 MG Oral Tablet',
      codes: [DONEPEZIL],
      status,
      intent: 'order',
      startDaysAgo,
    });
  const pancreaticCancer = event('Condition', {
    id: 'c-pancreas',
    name: 'Pancreatic cancer',
    codes: [PANCREATIC_CANCER],
    status: 'active',
    startDaysAgo: 500,
  });
  const visit = (id: string, daysAgo: number, encounterClass = 'AMB'): ClinicalEvent =>
    event('Encounter', {
      id,
      name: 'Office visit',
      codes: [OFFICE_VISIT],
      status: 'finished',
      encounterClass,
      startDaysAgo: daysAgo,
      endDaysAgo: daysAgo,
      diagnosisRefs: ['Condition/c-pancreas'],
    });

  it('excludes a frail 66-year-old on an active dementia drug order, citing the frailty', () => {
    const exclusion = frailtyWithAdvancedIllness(viewOf({ ageYears: 66, events: [frailty, dementiaDrug()] }));
    expect(exclusion).toEqual<Exclusion>({
      reason:
        'frailty (dependence on wheelchair 200 days ago) with advanced illness (donepezil 10 mg oral tablet 100 days ago) at 66',
      source: { resourceType: 'Condition', id: 'c-wheelchair' },
    });
  });

  it.each<[string, ContextInit]>([
    ['65 years old', { ageYears: 65, events: [frailty, dementiaDrug()] }],
    ['of unknown age', { ageYears: undefined, events: [frailty, dementiaDrug()] }],
    ['frail with no advanced illness', { ageYears: 80, events: [frailty] }],
    ['with an advanced illness but not frail', { ageYears: 80, events: [dementiaDrug()] }],
    ['with a dementia drug stopped', { ageYears: 80, events: [frailty, dementiaDrug('stopped')] }],
    [
      'with a dementia drug ordered more than 2 years ago',
      { ageYears: 80, events: [frailty, dementiaDrug('active', 731)] },
    ],
    [
      'with the frailty resolved more than a year ago',
      {
        ageYears: 80,
        events: [{ ...frailty, status: 'resolved', abated: true, endDaysAgo: 400 }, dementiaDrug()],
      },
    ],
  ])('does not exclude a patient %s', (_label, init) => {
    expect(frailtyWithAdvancedIllness(viewOf(init))).toBeUndefined();
  });

  it('counts an advanced illness diagnosed at two outpatient visits on different dates', () => {
    const exclusion = frailtyWithAdvancedIllness(
      viewOf({ ageYears: 70, events: [frailty, pancreaticCancer, visit('e-1', 100), visit('e-2', 300)] }),
    );
    expect(exclusion?.reason).toContain('with advanced illness (office visit');
    expect(exclusion?.reason).toContain('at 70');
  });

  it.each<[string, ClinicalEvent[]]>([
    ['one outpatient visit', [visit('e-1', 100)]],
    ['two outpatient visits on the same date', [visit('e-1', 100), visit('e-2', 100)]],
    ['two outpatient visits, one more than 2 years ago', [visit('e-1', 100), visit('e-2', 731)]],
  ])('does not count an advanced illness diagnosed at %s', (_label, visits) => {
    expect(
      frailtyWithAdvancedIllness(viewOf({ ageYears: 70, events: [frailty, pancreaticCancer, ...visits] })),
    ).toBeUndefined();
  });

  it('does not count visits whose diagnosis is a refuted advanced-illness Condition', () => {
    const refuted = { ...pancreaticCancer, verification: 'refuted' };
    expect(
      frailtyWithAdvancedIllness(
        viewOf({ ageYears: 70, events: [frailty, refuted, visit('e-1', 100), visit('e-2', 300)] }),
      ),
    ).toBeUndefined();
  });

  it('counts an advanced illness diagnosed at one inpatient stay', () => {
    const exclusion = frailtyWithAdvancedIllness(
      viewOf({ ageYears: 70, events: [frailty, pancreaticCancer, visit('e-inpatient', 100, 'IMP')] }),
    );
    expect(exclusion?.reason).toContain('with advanced illness (office visit 100 days ago)');
  });
});

describe('longTermCare', () => {
  const stay = (id: string, startDaysAgo: number, endDaysAgo: number, status = 'finished'): ClinicalEvent =>
    event('Encounter', {
      id,
      name: 'Long-term residential care',
      codes: [LONG_TERM_RESIDENTIAL_VISIT],
      status,
      startDaysAgo,
      endDaysAgo,
    });
  // Four month-long stays, each starting the day after the last ended: 200 to 102 days ago.
  const FOUR_MONTHS = [
    stay('e-1', 200, 170),
    stay('e-2', 169, 140),
    stay('e-3', 139, 110),
    stay('e-4', 109, 102),
  ];

  it('joins stays that follow each other within a day and excludes more than 90 days', () => {
    const exclusion = longTermCare(viewOf({ ageYears: 70, events: FOUR_MONTHS }));
    expect(exclusion).toEqual<Exclusion>({
      reason: 'long-term care for 98 days in a row in the last year, at 70',
      source: { resourceType: 'Encounter', id: 'e-1' },
    });
  });

  it('joins stays in any order in the record', () => {
    expect(longTermCare(viewOf({ ageYears: 70, events: [...FOUR_MONTHS].reverse() }))?.reason).toContain(
      '98 days',
    );
  });

  it('joins a stay starting the same day the last one ended', () => {
    const exclusion = longTermCare(
      viewOf({ ageYears: 70, events: [stay('e-1', 200, 150), stay('e-2', 150, 100)] }),
    );
    expect(exclusion?.reason).toContain('100 days');
  });

  it('excludes a single stay of 91 days', () => {
    expect(longTermCare(viewOf({ ageYears: 70, events: [stay('e-1', 200, 109)] }))?.reason).toContain(
      '91 days',
    );
  });

  it.each<[string, ContextInit]>([
    ['a single stay of exactly 90 days', { ageYears: 70, events: [stay('e-1', 200, 110)] }],
    [
      'two stays with a 5-day gap between them',
      { ageYears: 70, events: [stay('e-1', 200, 150), stay('e-2', 145, 90)] },
    ],
    ['a 98-day run at 65', { ageYears: 65, events: FOUR_MONTHS }],
    ['a 98-day run at an unknown age', { ageYears: undefined, events: FOUR_MONTHS }],
    ['a cancelled 100-day stay', { ageYears: 70, events: [stay('e-1', 200, 100, 'cancelled')] }],
    // 500 to 300 days ago: only the 66 days from 366 to 300 days ago fall in the last year.
    ['a 200-day stay mostly before the last year', { ageYears: 70, events: [stay('e-1', 500, 300)] }],
  ])('does not exclude %s', (_label, init) => {
    expect(longTermCare(viewOf(init))).toBeUndefined();
  });
});
