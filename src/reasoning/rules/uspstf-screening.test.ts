import { describe, expect, it } from 'vitest';
import type { CodeRef } from '../../context/clinical-context.ts';
import {
  codedSeries,
  event,
  LABORATORY,
  PATIENT,
  runRule,
  firedIds,
  icdProblem,
  insufficientFor,
  medication,
  problem,
  procedure,
  report,
  series,
  ungroundedFindings,
  type ContextInit,
  type EventInit,
} from './rule-test-kit.ts';
import {
  AAA_SCREENING,
  BREAST_SCREENING,
  CERVICAL_SCREENING,
  COLORECTAL_SCREENING,
  HEPATITIS_C_SCREENING,
  LUNG_SCREENING,
  OSTEOPOROSIS_SCREENING,
  SCREENING_RULES,
  type Screening,
} from './uspstf-screening.ts';

function ruleOf(screening: Screening): (typeof SCREENING_RULES)[number] {
  const rule = SCREENING_RULES.find((candidate) => candidate.id === screening.id);
  if (rule === undefined) throw new Error(`no rule ${screening.id}`);
  return rule;
}

const YEAR = 365;
const COLONOSCOPY = (daysAgo: number): ReturnType<typeof procedure> =>
  procedure('73761001', 'Colonoscopy', daysAgo);

const SNOMED = 'http://snomed.info/sct';
const LOINC = 'http://loinc.org';
/** LOINC under its HL7 OID, as some EHRs and the eCQM bundles send it. */
const LOINC_BY_OID = 'urn:oid:2.16.840.1.113883.6.1';
const ICD10_CM = 'http://hl7.org/fhir/sid/icd-10-cm';
const ICD10_PCS = 'http://www.cms.gov/Medicare/Coding/ICD10';
const CPT = 'http://www.ama-assn.org/go/cpt';
const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
const EXAM: CodeRef = { system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'exam' };
/** 30 and 40 calendar months before the kit's date seen (2024-06-01): 2021-12-01 and 2021-02-01. */
const DAYS_30_MONTHS = 913;
const DAYS_40_MONTHS = 1217;

type EventExtras = Omit<EventInit, 'codes'>;

/** A final Observation with a value, dated `daysAgo`; no category unless given. */
function observationEvent(
  code: CodeRef,
  daysAgo: number,
  extras: EventExtras = {},
): ReturnType<typeof event> {
  return event('Observation', {
    codes: [code],
    status: 'final',
    hasResult: true,
    startDaysAgo: daysAgo,
    endDaysAgo: daysAgo,
    ...extras,
  });
}

const labResult = (code: CodeRef, daysAgo: number, extras: EventExtras = {}): ReturnType<typeof event> =>
  observationEvent(code, daysAgo, { categories: [LABORATORY], ...extras });

function procedureEvent(code: CodeRef, daysAgo: number, extras: EventExtras = {}): ReturnType<typeof event> {
  return event('Procedure', {
    codes: [code],
    status: 'completed',
    startDaysAgo: daysAgo,
    endDaysAgo: daysAgo,
    ...extras,
  });
}

function reportEvent(code: CodeRef, daysAgo: number, extras: EventExtras = {}): ReturnType<typeof event> {
  return event('DiagnosticReport', {
    codes: [code],
    status: 'final',
    hasResult: true,
    startDaysAgo: daysAgo,
    endDaysAgo: daysAgo,
    ...extras,
  });
}

const FIT: CodeRef = { system: LOINC, code: '57905-2' };
const COLONOSCOPY_CPT: CodeRef = { system: CPT, code: '45378' };
const MAMMOGRAM_REPORT: CodeRef = { system: LOINC, code: '24604-1' };
const PAP_TEST: CodeRef = { system: LOINC, code: '10524-7' };

describe.each<[Screening, [string, ContextInit, boolean][]]>([
  [
    COLORECTAL_SCREENING,
    [
      ['45, nothing on record', { ageYears: 45, sex: 'male' }, true],
      ['44', { ageYears: 44, sex: 'male' }, false],
      ['75', { ageYears: 75, sex: 'female' }, true],
      ['76', { ageYears: 76, sex: 'female' }, false],
      ['colonoscopy 9 years ago', { ageYears: 60, procedures: [COLONOSCOPY(9 * YEAR)] }, false],
      ['colonoscopy 11 years ago', { ageYears: 60, procedures: [COLONOSCOPY(11 * YEAR)] }, true],
      [
        'stool immunochemical test 200 days ago',
        {
          ageYears: 60,
          labs: [series('57905-2', 'Hemoglobin.gastrointestinal (stool)', 'ng/mL', [[20, 200]])],
        },
        false,
      ],
      [
        'stool test 400 days ago',
        {
          ageYears: 60,
          labs: [series('57905-2', 'Hemoglobin.gastrointestinal (stool)', 'ng/mL', [[20, 400]])],
        },
        true,
      ],
      [
        'a locally coded sigmoidoscopy by name',
        {
          ageYears: 60,
          procedures: [{ ...procedure('999', 'Flexible sigmoidoscopy', 3 * YEAR), codes: [] }],
        },
        false,
      ],
      [
        'colon cancer diagnosed',
        { ageYears: 60, problems: [problem('363406005', 'Malignant tumor of colon')] },
        false,
      ],
      [
        'colonoscopy as a CPT-coded completed Procedure 5 years ago',
        { ageYears: 60, events: [procedureEvent(COLONOSCOPY_CPT, 5 * YEAR)] },
        false,
      ],
      [
        'a stopped colonoscopy does not count, even by name',
        {
          ageYears: 60,
          events: [procedureEvent(COLONOSCOPY_CPT, 5 * YEAR, { name: 'Colonoscopy', status: 'stopped' })],
        },
        true,
      ],
      [
        'FIT as a final laboratory Observation with a value 200 days ago',
        { ageYears: 60, events: [labResult(FIT, 200)] },
        false,
      ],
      [
        'FIT filed under the exam category does not count',
        { ageYears: 60, events: [observationEvent(FIT, 200, { categories: [EXAM] })] },
        true,
      ],
      [
        'FIT with no value does not count',
        { ageYears: 60, events: [labResult(FIT, 200, { hasResult: false })] },
        true,
      ],
      [
        'gFOBT (LOINC 2335-8) sent under the LOINC OID',
        { ageYears: 60, events: [labResult({ system: LOINC_BY_OID, code: '2335-8' }, 100)] },
        false,
      ],
      [
        'FIT-DNA 30 months ago (counts for 36)',
        {
          ageYears: 60,
          labs: [codedSeries('77353-1', 'Colorectal neoplasia screen', 'Negative', DAYS_30_MONTHS)],
        },
        false,
      ],
      [
        'FIT-DNA 40 months ago',
        {
          ageYears: 60,
          labs: [codedSeries('77353-1', 'Colorectal neoplasia screen', 'Negative', DAYS_40_MONTHS)],
        },
        true,
      ],
      [
        'CT colonography as a final Observation 4 years ago (counts for 5)',
        { ageYears: 60, events: [observationEvent({ system: LOINC, code: '60515-4' }, 4 * YEAR)] },
        false,
      ],
      [
        'CT colonography 6 years ago',
        { ageYears: 60, labs: [codedSeries('60515-4', 'Colon CT', 'No polyps', 6 * YEAR)] },
        true,
      ],
    ],
  ],
  [
    BREAST_SCREENING,
    [
      ['woman 40', { ageYears: 40, sex: 'female' }, true],
      ['woman 39', { ageYears: 39, sex: 'female' }, false],
      ['woman 74', { ageYears: 74, sex: 'female' }, true],
      ['woman 75', { ageYears: 75, sex: 'female' }, false],
      ['man 60', { ageYears: 60, sex: 'male' }, false],
      [
        'mammogram report 700 days ago',
        { ageYears: 60, sex: 'female', reports: [report('24606-6', 'MG Breast Screening', 700)] },
        false,
      ],
      [
        "mammogram 26 months ago (the measure's 27 months: two years and three to schedule)",
        { ageYears: 60, sex: 'female', procedures: [procedure('24623002', 'Screening mammography', 800)] },
        false,
      ],
      [
        'mammogram 28 months ago',
        { ageYears: 60, sex: 'female', procedures: [procedure('24623002', 'Screening mammography', 850)] },
        true,
      ],
      [
        'mammogram as a final DiagnosticReport (LOINC 24604-1)',
        { ageYears: 60, sex: 'female', events: [reportEvent(MAMMOGRAM_REPORT, 200)] },
        false,
      ],
      [
        'a preliminary mammogram report does not count',
        {
          ageYears: 60,
          sex: 'female',
          events: [reportEvent(MAMMOGRAM_REPORT, 200, { status: 'preliminary' })],
        },
        true,
      ],
      [
        'mammogram as a final Observation (LOINC 26175-0), no category',
        { ageYears: 60, sex: 'female', events: [observationEvent({ system: LOINC, code: '26175-0' }, 300)] },
        false,
      ],
      [
        'mammogram report sent under the LOINC OID',
        {
          ageYears: 60,
          sex: 'female',
          events: [reportEvent({ system: LOINC_BY_OID, code: '24604-1' }, 200)],
        },
        false,
      ],
    ],
  ],
  [
    CERVICAL_SCREENING,
    [
      ['woman 21', { ageYears: 21, sex: 'female' }, true],
      ['woman 20', { ageYears: 20, sex: 'female' }, false],
      ['woman 65', { ageYears: 65, sex: 'female' }, true],
      ['woman 66', { ageYears: 66, sex: 'female' }, false],
      [
        'cytology 2 years ago',
        {
          ageYears: 40,
          sex: 'female',
          procedures: [
            procedure('90226004', 'Cytopathology procedure, preparation of smear, genital source', 2 * YEAR),
          ],
        },
        false,
      ],
      [
        'cytology 5.8 years ago',
        {
          ageYears: 54,
          sex: 'female',
          procedures: [
            procedure('90226004', 'Cytopathology procedure, preparation of smear, genital source', 2129),
          ],
        },
        true,
      ],
      [
        'hrHPV 4 years ago at 35',
        { ageYears: 35, sex: 'female', labs: [codedSeries('30167-1', 'HPV', 'Negative', 4 * YEAR)] },
        false,
      ],
      [
        'hrHPV 4 years ago at 25 does not count',
        { ageYears: 25, sex: 'female', labs: [codedSeries('30167-1', 'HPV', 'Negative', 4 * YEAR)] },
        true,
      ],
      [
        'after hysterectomy',
        { ageYears: 50, sex: 'female', procedures: [procedure('236886002', 'Hysterectomy', 10 * YEAR)] },
        false,
      ],
      [
        'hrHPV (LOINC 71431-1) laboratory Observation 4 years ago at 35',
        { ageYears: 35, sex: 'female', events: [labResult({ system: LOINC, code: '71431-1' }, 4 * YEAR)] },
        false,
      ],
      [
        'hrHPV sent under the LOINC OID, 4 years ago at 35',
        {
          ageYears: 35,
          sex: 'female',
          events: [labResult({ system: LOINC_BY_OID, code: '30167-1' }, 4 * YEAR)],
        },
        false,
      ],
      [
        'Pap test laboratory Observation a year ago',
        { ageYears: 40, sex: 'female', events: [labResult(PAP_TEST, YEAR)] },
        false,
      ],
      [
        'Pap test Observation without the laboratory category does not count',
        { ageYears: 40, sex: 'female', events: [observationEvent(PAP_TEST, YEAR)] },
        true,
      ],
    ],
  ],
  [
    LUNG_SCREENING,
    [
      ['former smoker 50', { ageYears: 50, smoking: 'Former smoker' }, true],
      ['current smoker 80', { ageYears: 80, smoking: 'Current every day smoker' }, true],
      ['former smoker 49', { ageYears: 49, smoking: 'Former smoker' }, false],
      ['former smoker 81', { ageYears: 81, smoking: 'Former smoker' }, false],
      ['never smoker 60', { ageYears: 60, smoking: 'Never smoker' }, false],
      [
        'low-dose CT 200 days ago',
        {
          ageYears: 60,
          smoking: 'Former smoker',
          procedures: [procedure('16334891000119106', 'Low dose computed tomography of thorax', 200)],
        },
        false,
      ],
    ],
  ],
  [
    AAA_SCREENING,
    [
      ['man 65, former smoker', { ageYears: 65, sex: 'male', smoking: 'Former smoker' }, true],
      ['man 76, former smoker', { ageYears: 76, sex: 'male', smoking: 'Former smoker' }, false],
      ['man 70, never smoker', { ageYears: 70, sex: 'male', smoking: 'Never smoker' }, false],
      ['woman 70, former smoker', { ageYears: 70, sex: 'female', smoking: 'Former smoker' }, false],
      [
        'aortic ultrasound once',
        {
          ageYears: 70,
          sex: 'male',
          smoking: 'Former smoker',
          procedures: [{ ...procedure('0', 'Ultrasonography of abdominal aorta', 3000), codes: [] }],
        },
        false,
      ],
    ],
  ],
  [
    OSTEOPOROSIS_SCREENING,
    [
      ['woman 65', { ageYears: 65, sex: 'female' }, true],
      ['woman 64', { ageYears: 64, sex: 'female' }, false],
      ['woman 89', { ageYears: 89, sex: 'female' }, true],
      ['man 70', { ageYears: 70, sex: 'male' }, false],
      [
        'DXA on record',
        { ageYears: 70, sex: 'female', procedures: [procedure('312681000', 'Bone density scan', 2000)] },
        false,
      ],
      [
        'osteoporosis diagnosed',
        { ageYears: 70, sex: 'female', problems: [problem('64859006', 'Osteoporosis')] },
        false,
      ],
      [
        'on alendronic acid',
        { ageYears: 70, sex: 'female', medications: [medication('Alendronic acid 10 MG Oral Tablet')] },
        false,
      ],
    ],
  ],
  [
    HEPATITIS_C_SCREENING,
    [
      ['18', { ageYears: 18 }, true],
      ['17', { ageYears: 17 }, false],
      ['79', { ageYears: 79 }, true],
      ['80', { ageYears: 80 }, false],
      [
        'antibody test once',
        { ageYears: 50, procedures: [procedure('104375008', 'Hepatitis C antibody test', 2000)] },
        false,
      ],
      [
        'hepatitis C diagnosed',
        { ageYears: 50, problems: [problem('128302006', 'Chronic hepatitis C')] },
        false,
      ],
    ],
  ],
])('$name', (screening, cases) => {
  it.each(cases)('%s', (_, init, expected) => {
    const rule = ruleOf(screening);
    expect(firedIds(rule, init)).toEqual(expected ? [screening.id] : []);
    expect(ungroundedFindings(rule, init)).toEqual([]);
  });

  it('is a routine care gap citing the patient', () => {
    const firing = cases.find(([, , fires]) => fires);
    if (firing === undefined) throw new Error('each table has a firing case');
    const [finding] = runRule(ruleOf(screening), firing[1]).findings;
    expect(finding).toMatchObject({ category: 'care-gap', urgency: 'routine' });
    expect(finding?.evidence[0]).toEqual(PATIENT);
  });
});

describe('screenings with missing data', () => {
  it.each<[Screening, ContextInit, string]>([
    [BREAST_SCREENING, { ageYears: 50 }, 'sex not recorded'],
    [HEPATITIS_C_SCREENING, {}, 'age unknown'],
    [LUNG_SCREENING, { ageYears: 60 }, 'smoking history not recorded'],
    [
      AAA_SCREENING,
      { ageYears: 70, sex: 'male', smoking: 'Unknown if ever smoked' },
      'smoking history not recorded',
    ],
  ])('%s', (screening, init, missing) => {
    expect(insufficientFor(ruleOf(screening), init)).toEqual([missing]);
  });
});

describe('screening evidence that only counts when done', () => {
  it('cites the preliminary report it did not count as no test at all', () => {
    const init: ContextInit = {
      ageYears: 60,
      sex: 'female',
      events: [reportEvent(MAMMOGRAM_REPORT, 200, { status: 'preliminary' })],
    };
    const [finding] = runRule(ruleOf(BREAST_SCREENING), init).findings;
    expect(finding?.rationale).toBe('At age 60, no mammogram on record.');
    expect(finding?.evidence).toEqual([PATIENT]);
  });
});

// Mastectomy, colectomy and hysterectomy procedures and histories as CMS125, CMS130 and CMS124 code them.
const BILATERAL_MASTECTOMY_SNOMED: CodeRef = { system: SNOMED, code: '27865001' };
const LEFT_MASTECTOMY: CodeRef = { system: SNOMED, code: '428571003' };
const RIGHT_MASTECTOMY: CodeRef = { system: SNOMED, code: '429400009' };
const UNILATERAL_MASTECTOMY: CodeRef = { system: SNOMED, code: '22964006' };
const LEFT_SITE: CodeRef = { system: SNOMED, code: '7771000' };
const HOSPICE_DISCHARGE = event('Encounter', {
  id: 'enc-hospice',
  name: 'Hospital admission',
  codes: [{ system: SNOMED, code: '32485007' }],
  status: 'finished',
  startDaysAgo: 125,
  endDaysAgo: 120,
  dischargeDisposition: [{ system: SNOMED, code: '428361000124107' }],
});
/** CMS's frailty symptom R54 (age-related physical debility) and a dementia drug (donepezil 10 mg). */
const FRAILTY_R54 = event('Condition', {
  id: 'c-frail',
  name: 'Age-related physical debility',
  codes: [{ system: ICD10_CM, code: 'R54' }],
  startDaysAgo: 100,
});
const DONEPEZIL = event('MedicationRequest', {
  id: 'm-donepezil',
  name: 'Donepezil hydrochloride 10 MG Oral Tablet',
  codes: [{ system: RXNORM, code: '997223' }],
  status: 'active',
  intent: 'order',
  startDaysAgo: 200,
});
const FRAIL_WITH_DEMENTIA_DRUG =
  'frailty (age-related physical debility 100 days ago) with advanced illness (donepezil hydrochloride 10 mg oral tablet 200 days ago) at 70';

describe('screening exclusions, with the reason kept', () => {
  it.each<[string, Screening, ContextInit, string, { resourceType: string; id: string }]>([
    [
      'bilateral mastectomy (SNOMED CT), completed',
      BREAST_SCREENING,
      { ageYears: 60, sex: 'female', events: [procedureEvent(BILATERAL_MASTECTOMY_SNOMED, 5 * YEAR)] },
      'bilateral mastectomy 5.0 years ago',
      { resourceType: 'Procedure', id: 'procedure-27865001' },
    ],
    [
      'bilateral mastectomy (ICD-10-PCS 0HTV0ZZ), completed',
      BREAST_SCREENING,
      { ageYears: 60, sex: 'female', events: [procedureEvent({ system: ICD10_PCS, code: '0HTV0ZZ' }, 400)] },
      'bilateral mastectomy 400 days ago',
      { resourceType: 'Procedure', id: 'procedure-0HTV0ZZ' },
    ],
    [
      'history of bilateral mastectomy (Z90.13), undated, no clinical status',
      BREAST_SCREENING,
      {
        ageYears: 60,
        sex: 'female',
        events: [event('Condition', { codes: [{ system: ICD10_CM, code: 'Z90.13' }] })],
      },
      'bilateral mastectomy (undated)',
      { resourceType: 'Condition', id: 'condition-Z90.13' },
    ],
    [
      'a left and a right mastectomy: the later one cited',
      BREAST_SCREENING,
      {
        ageYears: 60,
        sex: 'female',
        events: [procedureEvent(LEFT_MASTECTOMY, 3 * YEAR), procedureEvent(RIGHT_MASTECTOMY, YEAR)],
      },
      'left and right mastectomy, the later 365 days ago',
      { resourceType: 'Procedure', id: 'procedure-429400009' },
    ],
    [
      'a mastectomy of unspecified side with body site left, and a right one',
      BREAST_SCREENING,
      {
        ageYears: 60,
        sex: 'female',
        events: [
          procedureEvent(UNILATERAL_MASTECTOMY, 200, { bodySites: [LEFT_SITE] }),
          procedureEvent(RIGHT_MASTECTOMY, 2 * YEAR),
        ],
      },
      'left and right mastectomy, the later 200 days ago',
      { resourceType: 'Procedure', id: 'procedure-22964006' },
    ],
    [
      'total colectomy (CPT 44155), completed',
      COLORECTAL_SCREENING,
      { ageYears: 60, events: [procedureEvent({ system: CPT, code: '44155' }, 3 * YEAR)] },
      'total colectomy 3.0 years ago',
      { resourceType: 'Procedure', id: 'procedure-44155' },
    ],
    [
      'colorectal cancer (ICD-10-CM C18.0)',
      COLORECTAL_SCREENING,
      { ageYears: 60, problems: [icdProblem('C18.0', 'Malignant neoplasm of cecum')] },
      'malignant neoplasm of cecum on record',
      { resourceType: 'Condition', id: 'c-C18.0' },
    ],
    [
      'total hysterectomy (SNOMED CT 116140006, no residual cervix)',
      CERVICAL_SCREENING,
      {
        ageYears: 45,
        sex: 'female',
        events: [procedureEvent({ system: SNOMED, code: '116140006' }, 6 * YEAR)],
      },
      'no residual cervix 6.0 years ago',
      { resourceType: 'Procedure', id: 'procedure-116140006' },
    ],
    [
      'frail at 70 with a dementia drug: no mammogram prompt',
      BREAST_SCREENING,
      { ageYears: 70, sex: 'female', events: [FRAILTY_R54, DONEPEZIL] },
      FRAIL_WITH_DEMENTIA_DRUG,
      { resourceType: 'Condition', id: 'c-frail' },
    ],
    [
      'frail at 70 with a dementia drug: no colorectal prompt',
      COLORECTAL_SCREENING,
      { ageYears: 70, sex: 'female', events: [FRAILTY_R54, DONEPEZIL] },
      FRAIL_WITH_DEMENTIA_DRUG,
      { resourceType: 'Condition', id: 'c-frail' },
    ],
  ])('%s', (_, screening, init, reason, source) => {
    const evaluation = runRule(ruleOf(screening), init);
    expect(evaluation.findings).toEqual([]);
    expect(evaluation.notRaised).toEqual([{ ruleId: screening.id, reason, evidence: [source] }]);
  });

  it.each<[string, ContextInit]>([
    ['a left mastectomy only', { events: [procedureEvent(LEFT_MASTECTOMY, 3 * YEAR)] }],
    [
      'a mastectomy of unspecified side with body site left only',
      { events: [procedureEvent(UNILATERAL_MASTECTOMY, 200, { bodySites: [LEFT_SITE] })] },
    ],
    [
      'a bilateral mastectomy not done',
      { events: [procedureEvent(BILATERAL_MASTECTOMY_SNOMED, 200, { status: 'not-done' })] },
    ],
  ])('%s: mammogram still due', (_, init) => {
    const evaluation = runRule(ruleOf(BREAST_SCREENING), { ageYears: 60, sex: 'female', ...init });
    expect(evaluation.findings.map((finding) => finding.id)).toEqual([BREAST_SCREENING.id]);
    expect(evaluation.notRaised).toEqual([]);
  });

  it('hospice discharge in the last year: no screening of any kind', () => {
    const init: ContextInit = { ageYears: 65, sex: 'female', smoking: 'Former smoker' };
    const due = SCREENING_RULES.filter((rule) => firedIds(rule, init).length > 0).map((rule) => rule.id);
    expect(due).toEqual([
      'screening-colorectal',
      'screening-breast',
      'screening-cervical',
      'screening-lung',
      'screening-osteoporosis',
      'screening-hepatitis-c',
    ]);
    for (const rule of SCREENING_RULES) {
      const evaluation = runRule(rule, { ...init, events: [HOSPICE_DISCHARGE] });
      expect(evaluation.findings).toEqual([]);
      expect(evaluation.insufficient).toEqual([]);
      expect(evaluation.notRaised).toEqual(
        due.includes(rule.id)
          ? [
              {
                ruleId: rule.id,
                reason: 'hospice care: discharged for hospice care 120 days ago',
                evidence: [{ resourceType: 'Encounter', id: 'enc-hospice' }],
              },
            ]
          : [],
      );
    }
  });

  it('frailty with advanced illness does not end hepatitis C screening', () => {
    const evaluation = runRule(ruleOf(HEPATITIS_C_SCREENING), {
      ageYears: 70,
      sex: 'female',
      events: [FRAILTY_R54, DONEPEZIL],
    });
    expect(evaluation.findings.map((finding) => finding.id)).toEqual([HEPATITIS_C_SCREENING.id]);
    expect(evaluation.notRaised).toEqual([]);
  });
});
