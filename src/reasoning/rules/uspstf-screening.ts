// USPSTF screenings (grade A and B), judged from Procedure, DiagnosticReport and Observation history:
// - Colorectal cancer, 45–75 (USPSTF 2021): colonoscopy every 10 years, flexible sigmoidoscopy every 5,
//   stool FIT/gFOBT every year, stool FIT-DNA every 1–3 years.
// - Breast cancer, women 40–74 (USPSTF 2024): mammography every 2 years.
// - Cervical cancer, women 21–65 (USPSTF 2018): cytology every 3 years; from 30, hrHPV testing every 5 years.
//   Not after a hysterectomy with removal of the cervix.
// - Lung cancer, 50–80 with 20 pack-years who smoke or quit within 15 years (USPSTF 2021): yearly low-dose CT.
//   Pack-years are not in the record's coded data, so the rule asks for them when the patient has ever smoked.
// - Abdominal aortic aneurysm, men 65–75 who have ever smoked (USPSTF 2019): one ultrasound.
// - Osteoporosis, women 65 and older (USPSTF 2025, as 2018): bone density (DXA) testing.
// - Hepatitis C, adults 18–79 (USPSTF 2020): one antibody test.
// Tests are matched by the common SNOMED CT and LOINC codes of terminology/screening-codes.ts, and by name for
// records that code them locally (and for tests with no code there: CT colonography, aortic ultrasound).
// A screening is not raised once the condition it looks for is diagnosed, or when the patient's sex or age is
// unknown (that is reported as insufficient data instead).
import {
  BONE_DENSITY_SCAN_CODES,
  CERVICAL_CYTOLOGY_CODES,
  COLONOSCOPY_CODES,
  FECAL_OCCULT_BLOOD_TEST_CODES,
  FLEXIBLE_SIGMOIDOSCOPY_CODES,
  HEPATITIS_C_TEST_CODES,
  HIGH_RISK_HPV_TEST_CODES,
  LOW_DOSE_CHEST_CT_CODES,
  MAMMOGRAPHY_CODES,
  STOOL_FIT_DNA_CODES,
} from '../../terminology/screening-codes.ts';
import {
  ABDOMINAL_AORTIC_ANEURYSM,
  BREAST_CANCER,
  CERVICAL_CANCER,
  COLORECTAL_CANCER,
  type ConditionCodes,
  HEPATITIS_C,
  LUNG_CANCER,
  OSTEOPOROSIS,
} from '../../terminology/condition-codes.ts';
import { OSTEOPOROSIS_DRUGS } from '../../terminology/medication-codes.ts';
import { SNOMED_HYSTERECTOMY, SNOMED_TOTAL_COLECTOMY } from '../../terminology/procedure-codes.ts';
import { matchesSnomed } from './rule-codes.ts';
import { SYSTEM_LOINC } from '../../terminology/code-systems.ts';
import type { SourceRef } from '../../context/context-types.ts';
import {
  fired,
  guideline,
  insufficient,
  NOTHING,
  ruleFinding,
  type Rule,
  type RuleOutcome,
} from './rule-kit.ts';
import { formatAgo, listInWords } from './rule-text.ts';
import { findProblem, medicationsWith, type RuleView } from './rule-view.ts';

const YEAR_DAYS = 365;

/** One kind of test that counts as screening, and for how long. */
export interface ScreeningTest {
  readonly label: string;
  /** Procedure or report SNOMED CT codes. */
  readonly snomed: ReadonlySet<string>;
  /** Observation or report LOINC codes. */
  readonly loinc: ReadonlySet<string>;
  /** Procedure or report names, for records that code these locally. */
  readonly namePattern: RegExp;
  /** Undefined: once in a lifetime is enough. */
  readonly intervalDays: number | undefined;
  /** The test counts only from this age (hrHPV from 30). */
  readonly fromAgeYears?: number;
}

export interface Screening {
  readonly id: string;
  readonly name: string;
  readonly source: Rule['source'];
  readonly sex: 'female' | 'male' | undefined;
  readonly minAgeYears: number;
  readonly maxAgeYears: number | undefined;
  readonly tests: readonly ScreeningTest[];
  /** Diagnosed already: the screening no longer applies. */
  readonly excludedBy: readonly ConditionCodes[];
  readonly excludingProcedures?: ReadonlySet<string>;
  readonly excludingDrugs?: ReadonlySet<string>;
  /** Smoking history needed (lung, AAA). */
  readonly needsEverSmoked?: boolean;
  readonly action: string;
}

export const COLORECTAL_SCREENING: Screening = {
  id: 'screening-colorectal',
  name: 'Colorectal cancer screening',
  source: guideline('USPSTF colorectal cancer screening', 2021),
  sex: undefined,
  minAgeYears: 45,
  maxAgeYears: 75,
  tests: [
    {
      label: 'colonoscopy',
      ...COLONOSCOPY_CODES,
      namePattern: /colonoscop/i,
      intervalDays: 10 * YEAR_DAYS,
    },
    {
      label: 'flexible sigmoidoscopy',
      ...FLEXIBLE_SIGMOIDOSCOPY_CODES,
      namePattern: /sigmoidoscop/i,
      intervalDays: 5 * YEAR_DAYS,
    },
    {
      label: 'CT colonography',
      snomed: new Set<string>(),
      loinc: new Set<string>(),
      namePattern: /ct colonograph|virtual colonoscop/i,
      intervalDays: 5 * YEAR_DAYS,
    },
    {
      label: 'stool test for blood (FIT/gFOBT)',
      ...FECAL_OCCULT_BLOOD_TEST_CODES,
      namePattern: /occult blood|fecal immunochem|\bFIT\b|\bFOBT\b/i,
      intervalDays: YEAR_DAYS,
    },
    {
      label: 'stool FIT-DNA test',
      ...STOOL_FIT_DNA_CODES,
      namePattern: /fit-dna|stool dna|cologuard/i,
      intervalDays: 3 * YEAR_DAYS,
    },
  ],
  excludedBy: [COLORECTAL_CANCER],
  excludingProcedures: SNOMED_TOTAL_COLECTOMY,
  action:
    'Offer colorectal cancer screening: colonoscopy every 10 years, or a yearly FIT, or another USPSTF option (USPSTF 2021: ages 45–75).',
};

export const BREAST_SCREENING: Screening = {
  id: 'screening-breast',
  name: 'Breast cancer screening',
  source: guideline('USPSTF breast cancer screening', 2024),
  sex: 'female',
  minAgeYears: 40,
  maxAgeYears: 74,
  tests: [
    {
      label: 'mammogram',
      ...MAMMOGRAPHY_CODES,
      namePattern: /mammogra|breast tomosynth/i,
      intervalDays: 2 * YEAR_DAYS + 1,
    },
  ],
  excludedBy: [BREAST_CANCER],
  action: 'Offer a screening mammogram (USPSTF 2024: every 2 years from 40 to 74).',
};

export const CERVICAL_SCREENING: Screening = {
  id: 'screening-cervical',
  name: 'Cervical cancer screening',
  source: guideline('USPSTF cervical cancer screening', 2018),
  sex: 'female',
  minAgeYears: 21,
  maxAgeYears: 65,
  tests: [
    {
      label: 'cervical cytology',
      ...CERVICAL_CYTOLOGY_CODES,
      namePattern: /pap(anicolaou)? (smear|test)|cervical (cytology|smear)|cytopathology.*genital/i,
      intervalDays: 3 * YEAR_DAYS,
    },
    {
      label: 'hrHPV test',
      ...HIGH_RISK_HPV_TEST_CODES,
      namePattern: /human papilloma ?virus|\bhpv\b/i,
      intervalDays: 5 * YEAR_DAYS,
      fromAgeYears: 30,
    },
  ],
  excludedBy: [CERVICAL_CANCER],
  excludingProcedures: SNOMED_HYSTERECTOMY,
  action:
    'Offer cervical screening: cytology every 3 years, or from 30 hrHPV testing (alone or with cytology) every 5 years (USPSTF 2018: ages 21–65).',
};

export const LUNG_SCREENING: Screening = {
  id: 'screening-lung',
  name: 'Lung cancer screening',
  source: guideline('USPSTF lung cancer screening', 2021),
  sex: undefined,
  minAgeYears: 50,
  maxAgeYears: 80,
  tests: [
    {
      label: 'low-dose chest CT',
      ...LOW_DOSE_CHEST_CT_CODES,
      namePattern: /low[- ]dose (ct|computed tomography)|\bldct\b/i,
      intervalDays: YEAR_DAYS,
    },
  ],
  excludedBy: [LUNG_CANCER],
  needsEverSmoked: true,
  action:
    'Ask for pack-years and years since quitting; offer yearly low-dose CT with 20 pack-years or more who smoke or quit within 15 years (USPSTF 2021: ages 50–80).',
};

export const AAA_SCREENING: Screening = {
  id: 'screening-aaa',
  name: 'Abdominal aortic aneurysm screening',
  source: guideline('USPSTF abdominal aortic aneurysm screening', 2019),
  sex: 'male',
  minAgeYears: 65,
  maxAgeYears: 75,
  tests: [
    {
      label: 'abdominal aorta ultrasound',
      snomed: new Set<string>(),
      loinc: new Set<string>(),
      namePattern: /aort.*ultras|ultras.*aort|\baaa screening/i,
      intervalDays: undefined,
    },
  ],
  excludedBy: [ABDOMINAL_AORTIC_ANEURYSM],
  needsEverSmoked: true,
  action: 'Offer a one-time abdominal aortic ultrasound (USPSTF 2019: men 65–75 who have ever smoked).',
};

export const OSTEOPOROSIS_SCREENING: Screening = {
  id: 'screening-osteoporosis',
  name: 'Osteoporosis screening',
  source: guideline('USPSTF osteoporosis screening', 2025),
  sex: 'female',
  minAgeYears: 65,
  maxAgeYears: undefined,
  tests: [
    {
      label: 'bone density (DXA) scan',
      ...BONE_DENSITY_SCAN_CODES,
      namePattern: /bone density|densitometr|\bdxa\b|\bdexa\b/i,
      intervalDays: undefined,
    },
  ],
  excludedBy: [OSTEOPOROSIS],
  excludingDrugs: OSTEOPOROSIS_DRUGS,
  action: 'Offer bone density testing (DXA) to assess fracture risk (USPSTF 2025: women 65 and older).',
};

export const HEPATITIS_C_SCREENING: Screening = {
  id: 'screening-hepatitis-c',
  name: 'Hepatitis C screening',
  source: guideline('USPSTF hepatitis C screening', 2020),
  sex: undefined,
  minAgeYears: 18,
  maxAgeYears: 79,
  tests: [
    {
      label: 'hepatitis C test',
      ...HEPATITIS_C_TEST_CODES,
      namePattern: /hepatitis c|\bhcv\b/i,
      intervalDays: undefined,
    },
  ],
  excludedBy: [HEPATITIS_C],
  action: 'Offer a one-time hepatitis C antibody test with reflex RNA (USPSTF 2020: adults 18–79).',
};

export const SCREENINGS: readonly Screening[] = [
  COLORECTAL_SCREENING,
  BREAST_SCREENING,
  CERVICAL_SCREENING,
  LUNG_SCREENING,
  AAA_SCREENING,
  OSTEOPOROSIS_SCREENING,
  HEPATITIS_C_SCREENING,
];

interface FoundTest {
  readonly test: ScreeningTest;
  readonly name: string;
  readonly daysAgo: number;
  readonly source: SourceRef;
}

/** The most recent record of each kind of test, from procedures, reports and observations. */
export function findScreeningTests(view: RuleView, tests: readonly ScreeningTest[]): FoundTest[] {
  const found: FoundTest[] = [];
  for (const test of tests) {
    const candidates: FoundTest[] = [];
    for (const item of [...view.procedures, ...view.reports]) {
      if (item.lastDaysAgo === undefined) continue;
      const byCode =
        matchesSnomed(item.codes, test.snomed) ||
        item.codes.some((code) => code.system === SYSTEM_LOINC && test.loinc.has(code.code));
      if (byCode || test.namePattern.test(item.name))
        candidates.push({ test, name: item.name, daysAgo: item.lastDaysAgo, source: item.source });
    }
    for (const point of view.points(test.loinc))
      candidates.push({ test, name: point.name, daysAgo: point.daysAgo, source: point.source });
    for (const result of view.codedResults(test.loinc))
      candidates.push({ test, name: result.name, daysAgo: result.daysAgo, source: result.source });
    const latest = candidates.sort((a, b) => a.daysAgo - b.daysAgo)[0];
    if (latest !== undefined) found.push(latest);
  }
  return found.sort((a, b) => a.daysAgo - b.daysAgo);
}

function evaluateScreening(screening: Screening, view: RuleView, rule: Rule): RuleOutcome {
  const age = view.ageYears;
  if (age === undefined) return insufficient(rule.id, 'age unknown');
  if (age < screening.minAgeYears || (screening.maxAgeYears !== undefined && age > screening.maxAgeYears))
    return NOTHING;
  if (screening.sex !== undefined) {
    if (view.sex === undefined) return insufficient(rule.id, 'sex not recorded');
    if (view.sex !== screening.sex) return NOTHING;
  }
  if (screening.excludedBy.some((codes) => findProblem(view, codes) !== undefined)) return NOTHING;
  if (
    screening.excludingProcedures !== undefined &&
    view.procedures.some(
      (procedure) =>
        screening.excludingProcedures !== undefined &&
        matchesSnomed(procedure.codes, screening.excludingProcedures),
    )
  )
    return NOTHING;
  if (screening.excludingDrugs !== undefined && medicationsWith(view, screening.excludingDrugs).length > 0)
    return NOTHING;
  let smokingSource: SourceRef | undefined;
  if (screening.needsEverSmoked === true) {
    const smoking = view.smoking;
    if (smoking === undefined || smoking.history === 'unknown')
      return insufficient(rule.id, 'smoking history not recorded');
    if (smoking.history === 'never') return NOTHING;
    smokingSource = smoking.source;
  }
  const found = findScreeningTests(view, screening.tests);
  const current = found.find(
    (entry) =>
      (entry.test.intervalDays === undefined || entry.daysAgo <= entry.test.intervalDays) &&
      (entry.test.fromAgeYears === undefined || age >= entry.test.fromAgeYears),
  );
  if (current !== undefined) return NOTHING;
  const last = found[0];
  const history =
    last === undefined
      ? `no ${listInWords(
          screening.tests.map((test) => test.label),
          'or',
        )} on record`
      : `the last screening test on record is ${last.name} ${formatAgo(last.daysAgo)}`;
  const smokingText =
    view.smoking === undefined || smokingSource === undefined
      ? ''
      : ` Smoking status: ${view.smoking.text.toLowerCase()}.`;
  return fired(
    ruleFinding({
      rule,
      title: `${screening.name} due`,
      category: 'care-gap',
      urgency: 'routine',
      rationale: `At age ${age}, ${history}.${smokingText}`,
      recommendedAction: screening.action,
      evidence: [view.patient, smokingSource, last?.source],
    }),
  );
}

export const SCREENING_RULES: readonly Rule[] = SCREENINGS.map((screening) => {
  const rule: Rule = {
    id: screening.id,
    source: screening.source,
    evaluate: (view) => evaluateScreening(screening, view, rule),
  };
  return rule;
});
