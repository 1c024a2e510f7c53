// Statin indication.
// - 2018 AHA/ACC multisociety cholesterol guideline (Grundy et al.): clinical ASCVD → high-intensity statin
//   (class I up to 75, reasonable above); LDL-C ≥ 190 mg/dL at 20–75 → high-intensity statin; diabetes at
//   40–75 → at least moderate-intensity statin.
// - USPSTF 2022 (statin use for primary prevention): adults 40–75 with one or more risk factors (dyslipidemia,
//   diabetes, hypertension, smoking) and a 10-year ASCVD risk of 10 % or more → statin; 7.5–10 % → selectively.
//   The pooled cohort equations need inputs the context does not hold (race), so the rule asks for the risk
//   estimate rather than guessing it.
// As CMS347 reads the record: clinical ASCVD is a diagnosis at any time, whatever its status (a myocardial
// infarction stays one), or a revascularisation (PCI, CABG, carotid intervention); any LDL of 190 mg/dL or more,
// or a hypercholesterolaemia diagnosis of CMS347's value set, puts an adult of 20–75 in the second group; a
// statin ordered in the last year (active or completed) or on the medication list counts as treated.
// Not raised, the reason kept for the trace: pregnancy, breastfeeding or rhabdomyolysis in the last year (a
// statin is contraindicated or not indicated), and CMS347's exceptions: a statin allergy or statin-associated
// muscle symptoms on record, end-stage renal disease, hepatitis or liver disease in the last year, hospice or
// palliative care in the last year.
import type { ClinicalEvent } from '../../context/context-events.ts';
import { DYSLIPIDEMIA, HYPERTENSION } from '../../terminology/condition-codes.ts';
import {
  ATHEROSCLEROTIC_CVD,
  BREASTFEEDING,
  DIABETES_MELLITUS,
  END_STAGE_RENAL_DISEASE,
  FAMILIAL_HYPERCHOLESTEROLEMIA,
  HEPATITIS_OR_LIVER_DISEASE,
  LDL_CHOLESTEROL_TEST,
  PREGNANCY,
  RHABDOMYOLYSIS,
  STATIN_ALLERGEN,
  STATIN_ASSOCIATED_MUSCLE_SYMPTOMS,
  STATIN_THERAPY,
} from '../../terminology/clinical-concepts.ts';
import { SYSTEM_LOINC } from '../../terminology/code-systems.ts';
import { STATINS } from '../../terminology/medication-codes.ts';
import { codesIn, type ClinicalConcept } from '../../terminology/value-set.ts';
import { endOfLifeCare, type Exclusion } from './care-exclusions.ts';
import { conditionWithin, eventsIn, isDone, isRecordedCondition, yearsInDays } from './rule-events.ts';
import { excluded, fired, guideline, insufficient, NOTHING, ruleFinding, type Rule } from './rule-kit.ts';
import { describePoint, formatAgo, formatPoint } from './rule-text.ts';
import { findProblem, medicationsWith, plausiblePoints, type RuleView } from './rule-view.ts';

export const LDL_VERY_HIGH_MG_DL = 190;
export const PRIMARY_PREVENTION_MIN_AGE = 40;
export const PRIMARY_PREVENTION_MAX_AGE = 75;
export const LDL_MIN_AGE = 20;
const LDL_LOINC = codesIn(LDL_CHOLESTEROL_TEST, SYSTEM_LOINC);

/** A statin on the medication list, or ordered or taken in the last year. */
function onStatin(view: RuleView): boolean {
  if (medicationsWith(view, STATINS).length > 0) return true;
  const year = yearsInDays(view, 1);
  return view.events.some(
    (event) =>
      (event.source.resourceType === 'MedicationRequest' ||
        event.source.resourceType === 'MedicationStatement') &&
      isDone(event) &&
      (event.status === 'active' || (event.startDaysAgo !== undefined && event.startDaysAgo < year)) &&
      (eventsIn(view, STATIN_THERAPY).includes(event) ||
        [...STATINS].some((statin) => event.name.toLowerCase().includes(statin))),
  );
}

function describeEvent(label: string, event: ClinicalEvent): Exclusion {
  const days = event.endDaysAgo ?? event.startDaysAgo;
  return {
    reason: `${label}: ${event.name.toLowerCase()}${days === undefined ? '' : ` ${formatAgo(days)}`}`,
    source: event.source,
  };
}

function conditionInLastYear(view: RuleView, target: ClinicalConcept): ClinicalEvent | undefined {
  const year = yearsInDays(view, 1);
  return eventsIn(view, target, ['Condition']).find((event) => conditionWithin(event, year));
}

/** CMS347's exclusions and exceptions, as the guideline agrees (see the header). */
function statinExclusion(view: RuleView): Exclusion | undefined {
  for (const target of [PREGNANCY, BREASTFEEDING, RHABDOMYOLYSIS]) {
    const event = conditionInLastYear(view, target);
    if (event !== undefined) return describeEvent(target.name, event);
  }
  const intolerance = eventsIn(view, STATIN_ALLERGEN, ['AllergyIntolerance', 'Condition'])
    .concat(eventsIn(view, STATIN_ASSOCIATED_MUSCLE_SYMPTOMS, ['Condition']))
    .find((event) => isDone(event));
  if (intolerance !== undefined) return describeEvent('statin intolerance', intolerance);
  for (const target of [END_STAGE_RENAL_DISEASE, HEPATITIS_OR_LIVER_DISEASE]) {
    const event = conditionInLastYear(view, target);
    if (event !== undefined) return describeEvent(target.name, event);
  }
  return endOfLifeCare(view);
}

/** Clinical ASCVD: a diagnosis recorded at any time, or a completed revascularisation. */
function ascvdEvent(view: RuleView): ClinicalEvent | undefined {
  return eventsIn(view, ATHEROSCLEROTIC_CVD, ['Condition', 'Procedure']).find((event) =>
    event.source.resourceType === 'Condition' ? isRecordedCondition(event) : event.status === 'completed',
  );
}

export const statinIndicationRule: Rule = {
  id: 'statin-indication',
  source: guideline('ACC/AHA cholesterol guideline', 2018),
  evaluate(view) {
    const rule = statinIndicationRule;
    if (onStatin(view)) return NOTHING;
    const age = view.ageYears;
    if (age === undefined) return insufficient(rule.id, 'age unknown');
    if (age < LDL_MIN_AGE) return NOTHING;
    const exclusion = (): ReturnType<typeof excluded> | undefined => {
      const found = statinExclusion(view);
      return found === undefined ? undefined : excluded(rule.id, found);
    };
    const ascvd = ascvdEvent(view);
    if (ascvd !== undefined) {
      return (
        exclusion() ??
        fired(
          ruleFinding({
            rule,
            qualifier: 'ascvd',
            title: `No statin with ${ascvd.name.toLowerCase()}`,
            category: 'care-gap',
            urgency: 'soon',
            rationale: `${ascvd.name} is on record (clinical ASCVD) and no statin is on the medication list or ordered in the last year.`,
            recommendedAction:
              'Offer a high-intensity statin (ACC/AHA 2018: clinical ASCVD, class I up to age 75; reasonable above 75), unless not tolerated.',
            evidence: [ascvd.source, view.patient],
          }),
        )
      );
    }
    const ldlPoints = plausiblePoints(view.points(LDL_LOINC).filter((point) => point.unit === 'mg/dL'));
    const ldl = ldlPoints.at(-1);
    const highestLdl = ldlPoints.reduce<(typeof ldlPoints)[number] | undefined>(
      (highest, point) => (highest === undefined || point.value > highest.value ? point : highest),
      undefined,
    );
    if (age > PRIMARY_PREVENTION_MAX_AGE) return NOTHING;
    if (highestLdl !== undefined && highestLdl.value >= LDL_VERY_HIGH_MG_DL) {
      return (
        exclusion() ??
        fired(
          ruleFinding({
            rule,
            qualifier: 'ldl-190',
            title: `No statin with LDL ${formatPoint(highestLdl)}`,
            category: 'care-gap',
            urgency: 'soon',
            rationale: `An LDL cholesterol of ${describePoint(highestLdl)} is in the severe primary hypercholesterolaemia range, at age ${age}, and no statin is on the medication list or ordered in the last year.`,
            recommendedAction:
              'Offer a high-intensity statin without a risk calculation (ACC/AHA 2018: LDL-C 190 mg/dL or more at 20–75); consider familial hypercholesterolaemia.',
            evidence: [highestLdl.source, view.patient],
          }),
        )
      );
    }
    const hypercholesterolaemia = eventsIn(view, FAMILIAL_HYPERCHOLESTEROLEMIA, ['Condition']).find(
      isRecordedCondition,
    );
    if (hypercholesterolaemia !== undefined) {
      return (
        exclusion() ??
        fired(
          ruleFinding({
            rule,
            qualifier: 'hypercholesterolaemia',
            title: `No statin with ${hypercholesterolaemia.name.toLowerCase()}`,
            category: 'care-gap',
            urgency: 'routine',
            rationale: `${hypercholesterolaemia.name} is on record at age ${age} and no statin is on the medication list or ordered in the last year${ldl === undefined ? '' : `; the latest LDL is ${describePoint(ldl)}`}.`,
            recommendedAction:
              'Offer a statin: high intensity for familial hypercholesterolaemia or an untreated LDL-C of 190 mg/dL or more (ACC/AHA 2018); check a fasting lipid panel if none is recent.',
            evidence: [hypercholesterolaemia.source, view.patient, ldl?.source],
          }),
        )
      );
    }
    if (age < PRIMARY_PREVENTION_MIN_AGE) return NOTHING;
    const diabetes = conditionInLastYear(view, DIABETES_MELLITUS);
    if (diabetes !== undefined) {
      return (
        exclusion() ??
        fired(
          ruleFinding({
            rule,
            qualifier: 'diabetes',
            title: `No statin with diabetes at age ${age}`,
            category: 'care-gap',
            urgency: 'routine',
            rationale: `${diabetes.name} is on the problem list in the last year, at age ${age} and no statin is on the medication list or ordered in the last year${ldl === undefined ? '' : `; the latest LDL is ${describePoint(ldl)}`}.`,
            recommendedAction:
              'Offer at least a moderate-intensity statin (ACC/AHA 2018: diabetes at 40–75); high intensity with more risk factors.',
            evidence: [diabetes.source, view.patient, ldl?.source],
          }),
        )
      );
    }
    const riskFactors = [findProblem(view, HYPERTENSION), findProblem(view, DYSLIPIDEMIA)].filter(
      (problem) => problem !== undefined,
    );
    const smoker = view.smoking?.history === 'current' ? view.smoking : undefined;
    if (riskFactors.length === 0 && smoker === undefined) return NOTHING;
    const named = [
      ...riskFactors.map((problem) => problem.name.toLowerCase()),
      ...(smoker === undefined ? [] : ['current smoking']),
    ];
    return (
      exclusion() ??
      fired(
        ruleFinding({
          rule,
          qualifier: 'risk-estimate',
          title: 'Estimate ASCVD risk for a statin decision',
          category: 'care-gap',
          urgency: 'routine',
          rationale: `At age ${age} with ${named.join(' and ')} and no statin on the medication list, a statin is recommended if the ten-year ASCVD risk is high enough; no risk estimate is recorded${ldl === undefined ? '' : `. The latest LDL is ${describePoint(ldl)}`}.`,
          recommendedAction:
            'Calculate the 10-year ASCVD risk (pooled cohort equations) and offer a statin at 10 % or more, selectively at 7.5–10 % (USPSTF 2022; ACC/AHA 2018).',
          evidence: [
            ...riskFactors.map((problem) => problem.source),
            smoker?.source,
            view.patient,
            ldl?.source,
          ],
        }),
      )
    );
  },
};
