import { describe, expect, it } from 'vitest';
import type { ClinicalContext, CodeRef } from '../../context/clinical-context.ts';
import { evaluateRules } from './evaluate-rules.ts';
import { checkRuleFindingGrounded } from './rule-grounding.ts';
import {
  CORONARY_HEART_DISEASE,
  DIABETES,
  egfr,
  event,
  firedIds,
  icdProblem,
  LISINOPRIL,
  insufficientFor,
  makeContext,
  problem,
  procedure,
  runRule,
  series,
  SIMVASTATIN,
  ungroundedFindings,
  type ContextInit,
} from './rule-test-kit.ts';
import { statinIndicationRule } from './statin-indication.ts';

const ldl = (value: number): ReturnType<typeof series> =>
  series('18262-6', 'LDL', 'mg/dL', [[value, 30]], 'ldl');
const STROKE = problem('230690007', 'Stroke');

function primaryPrevention(init: {
  ageYears: number;
  sex: 'female' | 'male';
  totalCholesterol: number;
  hdl: number;
  systolic: number;
  smoking: string;
  treated: boolean;
}): ContextInit {
  return {
    ageYears: init.ageYears,
    sex: init.sex,
    labs: [
      series('2093-3', 'Total cholesterol', 'mg/dL', [[init.totalCholesterol, 60]], 'tc'),
      series('2085-9', 'HDL cholesterol', 'mg/dL', [[init.hdl, 60]], 'hdl'),
      egfr([[90, 60]]),
    ],
    bloodPressure: [[init.systolic, 80, 20]],
    smoking: init.smoking,
    medications: init.treated ? [LISINOPRIL] : [],
  };
}
const WORKED_EXAMPLE = primaryPrevention({
  ageYears: 55,
  sex: 'male',
  totalCholesterol: 213,
  hdl: 50,
  systolic: 120,
  smoking: 'Never smoker',
  treated: false,
});
const HIGH_RISK = primaryPrevention({
  ageYears: 70,
  sex: 'male',
  totalCholesterol: 240,
  hdl: 35,
  systolic: 160,
  smoking: 'Current every day smoker',
  treated: true,
});

const SNOMED = 'http://snomed.info/sct';
const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
const ICD10_PCS = 'http://www.cms.gov/Medicare/Coding/ICD10';

function procedureEvent(code: CodeRef, daysAgo: number, status = 'completed'): ReturnType<typeof event> {
  return event('Procedure', { codes: [code], status, startDaysAgo: daysAgo, endDaysAgo: daysAgo });
}

/** A statin order in CMS347's terms: RxNorm from a statin-intensity value set, no name the drug list knows. */
function statinOrder(rxnorm: string, status: string, startDaysAgo: number): ReturnType<typeof event> {
  return event('MedicationRequest', {
    id: `m-statin-${rxnorm}`,
    codes: [{ system: RXNORM, code: rxnorm }],
    status,
    intent: 'order',
    startDaysAgo,
  });
}

function activeCondition(code: CodeRef, name: string, startDaysAgo: number): ReturnType<typeof event> {
  return event('Condition', { id: `c-${code.code}`, name, codes: [code], status: 'active', startDaysAgo });
}

const PCI = {
  ...procedure('0', 'Percutaneous coronary intervention', 900, 'x-pci'),
  codes: [{ system: ICD10_PCS, code: '0270346' }],
};
const RESOLVED_MI = event('Condition', {
  id: 'c-mi',
  name: 'Myocardial infarction',
  codes: [{ system: SNOMED, code: '22298006' }],
  status: 'resolved',
  abated: true,
  startDaysAgo: 3000,
  endDaysAgo: 2900,
});
const HOSPICE_DISCHARGE = event('Encounter', {
  id: 'enc-hospice',
  name: 'Hospital admission',
  codes: [{ system: SNOMED, code: '32485007' }],
  status: 'finished',
  startDaysAgo: 125,
  endDaysAgo: 120,
  dischargeDisposition: [{ system: SNOMED, code: '428361000124107' }],
});

describe('statin-indication (ACC/AHA 2018; USPSTF 2022)', () => {
  it.each<[string, ContextInit, string[]]>([
    [
      'coronary heart disease, no statin',
      { ageYears: 66, problems: [CORONARY_HEART_DISEASE] },
      ['statin-indication:ascvd'],
    ],
    [
      'stroke, on simvastatin (Synthea "Simvistatin")',
      { ageYears: 72, problems: [STROKE], medications: [SIMVASTATIN] },
      [],
    ],
    ['LDL 190 at 30', { ageYears: 30, labs: [ldl(190)] }, ['statin-indication:ldl-190']],
    ['LDL 189 at 30', { ageYears: 30, labs: [ldl(189)] }, []],
    ['diabetes at 40', { ageYears: 40, problems: [DIABETES] }, ['statin-indication:diabetes']],
    ['diabetes at 39', { ageYears: 39, problems: [DIABETES] }, []],
    ['diabetes at 75', { ageYears: 75, problems: [DIABETES] }, ['statin-indication:diabetes']],
    ['diabetes at 76', { ageYears: 76, problems: [DIABETES] }, []],
    // Primary prevention on the Pooled Cohort Equations' worked example (Goff 2013): 55, TC 213, HDL 50,
    // SBP 120 untreated, non-smoker, no diabetes → 5.4 % (white man), 3.0 % (African-American woman).
    ['PCE 5.4 %, borderline, no risk enhancer', WORKED_EXAMPLE, []],
    [
      'PCE 5.4 % with LDL 165 (a risk enhancer)',
      { ...WORKED_EXAMPLE, labs: [...(WORKED_EXAMPLE.labs ?? []), ldl(165)] },
      ['statin-indication:borderline-risk'],
    ],
    [
      'PCE 3.0 %, African-American woman',
      {
        ...WORKED_EXAMPLE,
        sex: 'female',
        raceCategories: ['2054-5'],
        labs: [...(WORKED_EXAMPLE.labs ?? []), ldl(165)],
      },
      [],
    ],
    [
      'PCE 10.0 %, the worked example smoking',
      { ...WORKED_EXAMPLE, smoking: 'Current every day smoker' },
      ['statin-indication:intermediate-risk'],
    ],
    ['PCE 43.1 %', HIGH_RISK, ['statin-indication:high-risk']],
    [
      'former smoker at 45, no lipids on record: insufficient, no finding',
      { ageYears: 45, smoking: 'Former smoker' },
      [],
    ],
    ['a child', { ageYears: 12, problems: [DIABETES] }, []],
    [
      'ASCVD as ICD-10-CM I25.110 with no clinical status',
      {
        ageYears: 60,
        problems: [
          {
            ...icdProblem('I25.110', 'Atherosclerotic heart disease with unstable angina'),
            status: undefined,
          },
        ],
      },
      ['statin-indication:ascvd'],
    ],
    [
      'a completed PCI (ICD-10-PCS 0270346)',
      { ageYears: 60, procedures: [PCI] },
      ['statin-indication:ascvd'],
    ],
    [
      'a completed CABG (SNOMED CT 232717009)',
      { ageYears: 60, procedures: [procedure('232717009', 'Coronary artery bypass graft', 900)] },
      ['statin-indication:ascvd'],
    ],
    [
      'a PCI not done is not ASCVD',
      { ageYears: 60, events: [procedureEvent({ system: ICD10_PCS, code: '0270346' }, 900, 'not-done')] },
      [],
    ],
    [
      'LDL 195 two years ago, 120 since: the highest counts',
      {
        ageYears: 50,
        labs: [
          series(
            '18262-6',
            'LDL',
            'mg/dL',
            [
              [195, 730],
              [120, 30],
            ],
            'ldl',
          ),
        ],
      },
      ['statin-indication:ldl-190'],
    ],
    [
      'hypercholesterolaemia (SNOMED CT 13644009)',
      { ageYears: 35, problems: [problem('13644009', 'Hypercholesterolemia')] },
      ['statin-indication:hypercholesterolaemia'],
    ],
    [
      'a statin order completed, started 100 days ago (RxNorm 1944264)',
      {
        ageYears: 66,
        problems: [CORONARY_HEART_DISEASE],
        events: [statinOrder('1944264', 'completed', 100)],
      },
      [],
    ],
    [
      'a high-intensity statin order active (RxNorm 2167565)',
      { ageYears: 66, problems: [CORONARY_HEART_DISEASE], events: [statinOrder('2167565', 'active', 900)] },
      [],
    ],
    [
      'a statin order completed, started 500 days ago',
      {
        ageYears: 66,
        problems: [CORONARY_HEART_DISEASE],
        events: [statinOrder('1944264', 'completed', 500)],
      },
      ['statin-indication:ascvd'],
    ],
  ])('%s', (_, init, expected) => {
    expect(firedIds(statinIndicationRule, init)).toEqual(expected);
    expect(ungroundedFindings(statinIndicationRule, init)).toEqual([]);
  });

  it.each<[string, ReturnType<typeof event>, string]>([
    [
      'pregnancy in the last year',
      activeCondition({ system: SNOMED, code: '77386006' }, 'Pregnancy', 100),
      'pregnancy: pregnancy 100 days ago',
    ],
    [
      'breastfeeding (69840006)',
      activeCondition({ system: SNOMED, code: '69840006' }, 'Breastfeeding', 60),
      'breastfeeding: breastfeeding 60 days ago',
    ],
    [
      'rhabdomyolysis (240131006)',
      activeCondition({ system: SNOMED, code: '240131006' }, 'Rhabdomyolysis', 60),
      'rhabdomyolysis: rhabdomyolysis 60 days ago',
    ],
    [
      'end-stage renal disease (236434000), ongoing since before the year',
      activeCondition({ system: SNOMED, code: '236434000' }, 'End-stage renal disease', 900),
      'end-stage renal disease: end-stage renal disease 2.5 years ago',
    ],
    [
      'acute hepatitis A (18917003), active',
      activeCondition({ system: SNOMED, code: '18917003' }, 'Acute hepatitis', 30),
      'hepatitis A or B, or liver disease: acute hepatitis 30 days ago',
    ],
    [
      'a statin allergy (RxNorm 36567, simvastatin)',
      event('AllergyIntolerance', {
        id: 'a-simvastatin',
        name: 'Simvastatin',
        codes: [{ system: RXNORM, code: '36567' }],
        status: 'active',
        startDaysAgo: 2000,
      }),
      'statin intolerance: simvastatin 5.5 years ago',
    ],
    [
      'hospice discharge in the last year',
      HOSPICE_DISCHARGE,
      'hospice care: discharged for hospice care 120 days ago',
    ],
  ])('not raised with %s', (_, exclusion, reason) => {
    for (const indication of [
      { ageYears: 60, problems: [CORONARY_HEART_DISEASE] },
      { ageYears: 30, labs: [ldl(200)] },
      { ageYears: 50, problems: [DIABETES] },
      HIGH_RISK,
    ] satisfies ContextInit[]) {
      expect(firedIds(statinIndicationRule, indication)).toHaveLength(1);
      const evaluation = runRule(statinIndicationRule, { ...indication, events: [exclusion] });
      expect(evaluation.findings).toEqual([]);
      expect(evaluation.notRaised).toEqual([
        { ruleId: 'statin-indication', reason, evidence: [exclusion.source] },
      ]);
    }
  });

  it('a resolved myocardial infarction is still ASCVD', () => {
    // The kit lists no resolved problems: the context gets the MI there as the builder would put it.
    const base = makeContext({ ageYears: 60, events: [RESOLVED_MI] });
    const context: ClinicalContext = {
      ...base,
      resolvedProblems: [
        {
          name: 'Myocardial infarction',
          occurrences: 1,
          firstOnsetAgeYears: 52,
          lastOnsetAgeYears: 52,
          lastDaysAgo: 3000,
          source: RESOLVED_MI.source,
          codes: RESOLVED_MI.codes,
        },
      ],
    };
    const { findings } = evaluateRules(context, { rules: [statinIndicationRule] });
    expect(findings.map((finding) => finding.id)).toEqual(['statin-indication:ascvd']);
    expect(findings[0]?.evidence[0]).toEqual(RESOLVED_MI.source);
    for (const finding of findings) expect(checkRuleFindingGrounded(finding, context)).toEqual({ ok: true });
  });

  it('a statin allergy refuted does not exclude', () => {
    const refuted = event('AllergyIntolerance', {
      codes: [{ system: RXNORM, code: '36567' }],
      verification: 'refuted',
    });
    const evaluation = runRule(statinIndicationRule, {
      ageYears: 60,
      problems: [CORONARY_HEART_DISEASE],
      events: [refuted],
    });
    expect(evaluation.findings.map((finding) => finding.id)).toEqual(['statin-indication:ascvd']);
    expect(evaluation.notRaised).toEqual([]);
  });

  it('needs the age', () => {
    expect(insufficientFor(statinIndicationRule, { problems: [DIABETES] })).toEqual(['age unknown']);
  });
});

describe('statin-indication: the risk it decided on', () => {
  it('cites the Pooled Cohort Equations and PREVENT beside it, and the inputs', () => {
    const [finding] = runRule(statinIndicationRule, HIGH_RISK).findings;
    expect(finding?.scores?.map((score) => [score.id, score.value])).toEqual([
      ['pce-ascvd-10y', 43.1],
      ['prevent-ascvd-10y', expect.any(Number)],
    ]);
    expect(finding?.title).toBe('10-year ASCVD risk 43.1 %: statin recommended');
    expect(finding?.scores?.[0]?.source).toMatch(/Goff/);
    expect(finding?.evidence.map((source) => source.id)).toEqual(
      expect.arrayContaining(['tc-1', 'hdl-1', 'bp-1', 'smoking', 'm-lisinopril']),
    );
    expect(ungroundedFindings(statinIndicationRule, HIGH_RISK)).toEqual([]);
  });

  it('says what the risk needs instead of asking the clinician to estimate it', () => {
    const { ageYears, sex, bloodPressure, smoking, labs } = WORKED_EXAMPLE;
    expect(
      insufficientFor(statinIndicationRule, {
        ageYears,
        sex,
        bloodPressure,
        smoking,
        labs: labs?.slice(0, 1),
      }),
    ).toEqual(['10-year ASCVD risk (Pooled Cohort Equations) needs hdlMgDl']);
    expect(
      insufficientFor(statinIndicationRule, { ...WORKED_EXAMPLE, smoking: 'Unknown if ever smoked' }),
    ).toEqual(['10-year ASCVD risk (Pooled Cohort Equations) needs smoker']);
  });
});
