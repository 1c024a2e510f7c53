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
// Tests are matched by concept (terminology/clinical-concepts.ts: the CMS measures' value sets over LOINC,
// SNOMED CT, CPT, HCPCS and ICD-10-PCS, and Synthea's codes), from any resource type an EHR files them as
// (Procedure, DiagnosticReport, Observation), and by name for records that code them locally (and for the aortic
// ultrasound, which has no code here). As the measures count them (CMS124, CMS125, CMS130): a completed
// procedure or a final result; a stool or cervical test only as a laboratory result with a value; windows in
// calendar months back from the date seen, the measures' own where they say the same as the guideline (a
// mammogram within 27 months: two years plus the measure's three months to schedule the next).
// Not raised, with the reason kept for the trace: in hospice or palliative care (for every screening: none
// helps at the end of life), once the condition it looks for is diagnosed or the organ is gone (bilateral
// mastectomy, total colectomy, no residual cervix), and for breast and colorectal screening in frail adults of
// 66 and over with an advanced illness or in long-term care (CMS125, CMS130; USPSTF: screening helps those
// with a life expectancy of 10 years or more). When the patient's sex or age is unknown that is reported as
// insufficient data instead.
import type { ClinicalEvent } from '../../context/context-events.ts';
import type { SourceRef } from '../../context/context-types.ts';
import {
  ABDOMINAL_AORTIC_ANEURYSM,
  BREAST_CANCER,
  CERVICAL_CANCER,
  type ConditionCodes,
  HEPATITIS_C,
  LUNG_CANCER,
  OSTEOPOROSIS,
} from '../../terminology/condition-codes.ts';
import {
  BILATERAL_MASTECTOMY,
  BONE_DENSITY_SCAN,
  CERVICAL_CYTOLOGY,
  COLONOSCOPY,
  COLORECTAL_CANCER,
  CT_COLONOGRAPHY,
  FECAL_OCCULT_BLOOD_TEST,
  FLEXIBLE_SIGMOIDOSCOPY,
  HEPATITIS_C_TEST,
  HIGH_RISK_HPV_TEST,
  LEFT_MASTECTOMY,
  LEFT_SIDE,
  LOW_DOSE_CHEST_CT,
  MAMMOGRAPHY,
  NO_RESIDUAL_CERVIX,
  RIGHT_MASTECTOMY,
  RIGHT_SIDE,
  STOOL_FIT_DNA,
  TOTAL_COLECTOMY,
  UNILATERAL_MASTECTOMY_UNSPECIFIED_SIDE,
} from '../../terminology/clinical-concepts.ts';
import { OSTEOPOROSIS_DRUGS } from '../../terminology/medication-codes.ts';
import { anyCodingInConcept, concept, type ClinicalConcept } from '../../terminology/value-set.ts';
import {
  endOfLifeCare,
  frailtyWithAdvancedIllness,
  longTermCare,
  type Exclusion,
} from './care-exclusions.ts';
import {
  endDaysAgoOf,
  eventsIn,
  isDone,
  isLaboratoryResult,
  isRecordedCondition,
  monthsInDays,
} from './rule-events.ts';
import {
  excluded,
  fired,
  guideline,
  insufficient,
  NOTHING,
  ruleFinding,
  type Rule,
  type RuleOutcome,
} from './rule-kit.ts';
import { formatAgo, listInWords } from './rule-text.ts';
import { matchesCondition } from './rule-codes.ts';
import { medicationsWith, type RuleView } from './rule-view.ts';

/** One kind of test that counts as screening, and for how long. */
export interface ScreeningTest {
  readonly label: string;
  readonly concept: ClinicalConcept;
  /** Procedure, report or result names, for records that code these locally. */
  readonly namePattern: RegExp;
  /** How long it counts, in calendar months before the date seen; undefined: once in a lifetime. */
  readonly windowMonths: number | undefined;
  /** An Observation counts only as a laboratory result with a value (stool and cervical tests). */
  readonly laboratoryOnly?: boolean;
  /** The test counts only when done from this age (hrHPV from 30). */
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
  readonly excludedBy: readonly (ConditionCodes | ClinicalConcept)[];
  /** Further reasons the screening no longer applies (the organ is gone, frailty). */
  readonly exclusions?: readonly ((view: RuleView) => Exclusion | undefined)[];
  readonly excludingDrugs?: ReadonlySet<string>;
  /** Smoking history needed (lung, AAA). */
  readonly needsEverSmoked?: boolean;
  readonly action: string;
}

const NO_CODES = concept({ name: 'no codes' });

export const COLORECTAL_SCREENING: Screening = {
  id: 'screening-colorectal',
  name: 'Colorectal cancer screening',
  source: guideline('USPSTF colorectal cancer screening', 2021),
  sex: undefined,
  minAgeYears: 45,
  maxAgeYears: 75,
  tests: [
    { label: 'colonoscopy', concept: COLONOSCOPY, namePattern: /colonoscop/i, windowMonths: 120 },
    {
      label: 'flexible sigmoidoscopy',
      concept: FLEXIBLE_SIGMOIDOSCOPY,
      namePattern: /sigmoidoscop/i,
      windowMonths: 60,
    },
    {
      label: 'CT colonography',
      concept: CT_COLONOGRAPHY,
      namePattern: /ct colonograph|virtual colonoscop/i,
      windowMonths: 60,
    },
    {
      label: 'stool test for blood (FIT/gFOBT)',
      concept: FECAL_OCCULT_BLOOD_TEST,
      namePattern: /occult blood|fecal immunochem|\bFIT\b|\bFOBT\b/i,
      windowMonths: 12,
      laboratoryOnly: true,
    },
    {
      label: 'stool FIT-DNA test',
      concept: STOOL_FIT_DNA,
      namePattern: /fit-dna|stool dna|cologuard/i,
      windowMonths: 36,
      laboratoryOnly: true,
    },
  ],
  excludedBy: [COLORECTAL_CANCER],
  exclusions: [procedureOrHistory(TOTAL_COLECTOMY), frailtyWithAdvancedIllness, longTermCare],
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
      concept: MAMMOGRAPHY,
      namePattern: /mammogra|breast tomosynth/i,
      windowMonths: 27,
    },
  ],
  excludedBy: [BREAST_CANCER],
  exclusions: [bilateralMastectomy, frailtyWithAdvancedIllness, longTermCare],
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
      concept: CERVICAL_CYTOLOGY,
      namePattern: /pap(anicolaou)? (smear|test)|cervical (cytology|smear)|cytopathology.*genital/i,
      windowMonths: 36,
      laboratoryOnly: true,
    },
    {
      label: 'hrHPV test',
      concept: HIGH_RISK_HPV_TEST,
      namePattern: /human papilloma ?virus|\bhpv\b/i,
      windowMonths: 60,
      laboratoryOnly: true,
      fromAgeYears: 30,
    },
  ],
  excludedBy: [CERVICAL_CANCER],
  exclusions: [procedureOrHistory(NO_RESIDUAL_CERVIX)],
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
      concept: LOW_DOSE_CHEST_CT,
      namePattern: /low[- ]dose (ct|computed tomography)|\bldct\b/i,
      windowMonths: 12,
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
      concept: NO_CODES,
      namePattern: /aort.*ultras|ultras.*aort|\baaa screening/i,
      windowMonths: undefined,
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
      concept: BONE_DENSITY_SCAN,
      namePattern: /bone density|densitometr|\bdxa\b|\bdexa\b/i,
      windowMonths: undefined,
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
      concept: HEPATITIS_C_TEST,
      namePattern: /hepatitis c|\bhcv\b/i,
      windowMonths: undefined,
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

// ---- Exclusions ------------------------------------------------------------------------------------------

function describeExclusion(label: string, event: ClinicalEvent): Exclusion {
  const days = endDaysAgoOf(event);
  return {
    reason: `${label} ${days === undefined ? '(undated)' : formatAgo(days)}`,
    source: event.source,
  };
}

/** A completed procedure or a recorded condition (history of, status post) of the concept, at any time. */
function procedureOrHistoryEvent(view: RuleView, target: ClinicalConcept): ClinicalEvent | undefined {
  return eventsIn(view, target, ['Procedure', 'Condition']).find((event) =>
    event.source.resourceType === 'Procedure' ? event.status === 'completed' : isRecordedCondition(event),
  );
}

function procedureOrHistory(target: ClinicalConcept): (view: RuleView) => Exclusion | undefined {
  return (view) => {
    const event = procedureOrHistoryEvent(view, target);
    return event === undefined ? undefined : describeExclusion(target.name, event);
  };
}

/** A mastectomy of one side: of that side's concept, or of unspecified side with the side as body site. */
function sideMastectomy(
  view: RuleView,
  side: ClinicalConcept,
  sideSite: ClinicalConcept,
): ClinicalEvent | undefined {
  return (
    procedureOrHistoryEvent(view, side) ??
    eventsIn(view, UNILATERAL_MASTECTOMY_UNSPECIFIED_SIDE, ['Procedure', 'Condition']).find(
      (event) =>
        anyCodingInConcept(event.bodySites, sideSite) &&
        (event.source.resourceType === 'Procedure'
          ? event.status === 'completed'
          : isRecordedCondition(event)),
    )
  );
}

/** CMS125: a bilateral mastectomy, or a left and a right one. */
function bilateralMastectomy(view: RuleView): Exclusion | undefined {
  const bilateral = procedureOrHistoryEvent(view, BILATERAL_MASTECTOMY);
  if (bilateral !== undefined) return describeExclusion('bilateral mastectomy', bilateral);
  const left = sideMastectomy(view, LEFT_MASTECTOMY, LEFT_SIDE);
  const right = sideMastectomy(view, RIGHT_MASTECTOMY, RIGHT_SIDE);
  if (left === undefined || right === undefined) return undefined;
  return describeExclusion(
    'left and right mastectomy, the later',
    (endDaysAgoOf(left) ?? 0) < (endDaysAgoOf(right) ?? 0) ? left : right,
  );
}

// ---- Evidence ---------------------------------------------------------------------------------------------

interface FoundTest {
  readonly test: ScreeningTest;
  readonly name: string;
  readonly daysAgo: number;
  readonly source: SourceRef;
}

/** Whether an event of the record is this test done: completed, or a final result (a laboratory one if asked). */
function isTestDone(test: ScreeningTest, event: ClinicalEvent): boolean {
  const type = event.source.resourceType;
  if (type === 'Procedure' || type === 'DiagnosticReport') return isDone(event);
  if (type === 'Observation')
    return isDone(event) && (test.laboratoryOnly !== true || isLaboratoryResult(event));
  return false;
}

/** The most recent record of each kind of test done, from procedures, reports and results. */
export function findScreeningTests(view: RuleView, tests: readonly ScreeningTest[]): FoundTest[] {
  const found: FoundTest[] = [];
  for (const test of tests) {
    let latest: FoundTest | undefined;
    for (const event of view.events) {
      const daysAgo = endDaysAgoOf(event);
      if (daysAgo === undefined || !isTestDone(test, event)) continue;
      if (!anyCodingInConcept(event.codes, test.concept) && !test.namePattern.test(event.name)) continue;
      if (latest === undefined || daysAgo < latest.daysAgo)
        latest = { test, name: event.name, daysAgo, source: event.source };
    }
    if (latest !== undefined) found.push(latest);
  }
  return found.sort((a, b) => a.daysAgo - b.daysAgo);
}

function countsNow(view: RuleView, entry: FoundTest, ageYears: number): boolean {
  const window = entry.test.windowMonths;
  if (window !== undefined && entry.daysAgo >= monthsInDays(view, window)) return false;
  const fromAge = entry.test.fromAgeYears;
  return fromAge === undefined || ageYears - entry.daysAgo / DAYS_PER_YEAR >= fromAge;
}

const DAYS_PER_YEAR = 365.25;

function exclusionOf(screening: Screening, view: RuleView): Exclusion | undefined {
  const endOfLife = endOfLifeCare(view);
  if (endOfLife !== undefined) return endOfLife;
  for (const codes of screening.excludedBy) {
    const diagnosis = view.events.find(
      (event) => isRecordedCondition(event) && matchesCondition(event.codes, codes),
    );
    if (diagnosis !== undefined)
      return { reason: `${diagnosis.name.toLowerCase()} on record`, source: diagnosis.source };
  }
  for (const check of screening.exclusions ?? []) {
    const exclusion = check(view);
    if (exclusion !== undefined) return exclusion;
  }
  const drug =
    screening.excludingDrugs === undefined ? undefined : medicationsWith(view, screening.excludingDrugs)[0];
  return drug === undefined ? undefined : { reason: `on ${drug.name}`, source: drug.source };
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
  const exclusion = exclusionOf(screening, view);
  if (exclusion !== undefined) return excluded(rule.id, exclusion);
  let smokingSource: SourceRef | undefined;
  if (screening.needsEverSmoked === true) {
    const smoking = view.smoking;
    if (smoking === undefined || smoking.history === 'unknown')
      return insufficient(rule.id, 'smoking history not recorded');
    if (smoking.history === 'never') return NOTHING;
    smokingSource = smoking.source;
  }
  const found = findScreeningTests(view, screening.tests);
  if (found.some((entry) => countsNow(view, entry, age))) return NOTHING;
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
