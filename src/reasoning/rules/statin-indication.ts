// Statin indication.
// - 2018 AHA/ACC multisociety cholesterol guideline (Grundy et al.): clinical ASCVD → high-intensity statin
//   (class I up to 75, reasonable above); LDL-C ≥ 190 mg/dL at 20–75 → high-intensity statin; diabetes at
//   40–75 → at least moderate-intensity statin.
// - Primary prevention at 40–75 without those: the 10-year ASCVD risk by the Pooled Cohort Equations, which the
//   guideline's thresholds are set on (ACC/AHA 2018): 20 % or more → high-intensity statin; 7.5 to < 20 % →
//   moderate intensity after a risk discussion (USPSTF 2022: 10 % or more with a risk factor, grade B; 7.5–10 %
//   selectively, grade C); 5 to < 7.5 % → a statin is reasonable with risk-enhancing factors (here those the
//   record shows: CKD, LDL of 160 mg/dL or more). PREVENT (AHA 2024) is computed and stated beside it. A risk
//   that cannot be computed is reported as insufficient data, naming the inputs it needs; the rule never asks the
//   clinician to estimate it.
// As CMS347 reads the record: clinical ASCVD is a diagnosis at any time, whatever its status (a myocardial
// infarction stays one), or a revascularisation (PCI, CABG, carotid intervention); any LDL of 190 mg/dL or more,
// or a hypercholesterolaemia diagnosis of CMS347's value set, puts an adult of 20–75 in the second group; a
// statin ordered in the last year (active or completed) or on the medication list counts as treated.
// Not raised, the reason kept for the trace: pregnancy, breastfeeding or rhabdomyolysis in the last year (a
// statin is contraindicated or not indicated), and CMS347's exceptions: a statin allergy or statin-associated
// muscle symptoms on record, end-stage renal disease, hepatitis or liver disease in the last year, hospice or
// palliative care in the last year.
import type { ClinicalEvent } from '../../context/context-events.ts';
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
} from '../../terminology/clinical-concepts.ts';
import { SYSTEM_LOINC } from '../../terminology/code-systems.ts';
import { codesIn, type ClinicalConcept } from '../../terminology/value-set.ts';
import { endOfLifeCare, type Exclusion } from './care-exclusions.ts';
import { conditionWithin, eventsIn, isDone, isRecordedCondition, yearsInDays } from './rule-events.ts';
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
import { citedScore, computeRiskScores, whyNoValue } from './risk-scores.ts';
import { recentEgfr } from './kidney-rules.ts';
import { describePoint, formatAgo, formatPoint } from './rule-text.ts';
import { plausiblePoints, type RulePoint, type RuleView } from './rule-view.ts';
import type { SourceRef } from '../../context/context-types.ts';
import { onStatin } from './current-therapy.ts';

export const LDL_VERY_HIGH_MG_DL = 190;
export const PRIMARY_PREVENTION_MIN_AGE = 40;
export const PRIMARY_PREVENTION_MAX_AGE = 75;
export const LDL_MIN_AGE = 20;
const LDL_LOINC = codesIn(LDL_CHOLESTEROL_TEST, SYSTEM_LOINC);

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
    const outcome = primaryPrevention(rule, view, age, ldl);
    return outcome.findings.length === 0 ? outcome : (exclusion() ?? outcome);
  },
};

export const PCE_HIGH_RISK_PERCENT = 20;
export const PCE_INTERMEDIATE_RISK_PERCENT = 7.5;
export const PCE_BORDERLINE_RISK_PERCENT = 5;
const LDL_RISK_ENHANCER_MG_DL = 160;
const CKD_RISK_ENHANCER_EGFR = 60;

function riskEnhancers(view: RuleView, ldl: RulePoint | undefined): { text: string; source: SourceRef }[] {
  const enhancers: { text: string; source: SourceRef }[] = [];
  if (ldl !== undefined && ldl.value >= LDL_RISK_ENHANCER_MG_DL)
    enhancers.push({ text: `LDL ${describePoint(ldl)}`, source: ldl.source });
  const egfr = recentEgfr(view);
  if (egfr !== undefined && egfr.value < CKD_RISK_ENHANCER_EGFR)
    enhancers.push({ text: `eGFR ${describePoint(egfr)}`, source: egfr.source });
  return enhancers;
}

/** ACC/AHA 2018 and USPSTF 2022 primary prevention at 40–75, on the computed 10-year risk. */
function primaryPrevention(rule: Rule, view: RuleView, age: number, ldl: RulePoint | undefined): RuleOutcome {
  const scores = computeRiskScores(view);
  const pce = scores['pce-ascvd-10y'];
  const pceScore = citedScore(pce);
  if (pceScore === undefined)
    return insufficient(rule.id, `10-year ASCVD risk (Pooled Cohort Equations) ${whyNoValue(pce)}`);
  const prevent = citedScore(scores['prevent-ascvd-10y']);
  const risk = pceScore.value;
  const besides =
    prevent === undefined
      ? ''
      : ` The PREVENT equations give a 10-year ASCVD risk of ${String(prevent.value)} %.`;
  const inputsCited = pce.inputs.flatMap((input) => (input.source === undefined ? [] : [input.source]));
  const finding = (init: {
    qualifier: string;
    title: string;
    urgency: 'soon' | 'routine';
    rationale: string;
    action: string;
    extra?: readonly SourceRef[];
  }): RuleOutcome =>
    fired(
      ruleFinding({
        rule,
        qualifier: init.qualifier,
        title: init.title,
        category: 'care-gap',
        urgency: init.urgency,
        rationale: init.rationale,
        recommendedAction: init.action,
        evidence: [view.patient, ...(init.extra ?? []), ...inputsCited],
        scores: prevent === undefined ? [pceScore] : [pceScore, prevent],
      }),
    );
  const atAge = `At age ${String(age)} with no statin on the medication list, the 10-year ASCVD risk by the Pooled Cohort Equations is ${String(risk)} %.`;
  if (risk >= PCE_HIGH_RISK_PERCENT)
    return finding({
      qualifier: 'high-risk',
      title: `10-year ASCVD risk ${String(risk)} %: statin recommended`,
      urgency: 'soon',
      rationale: `${atAge}${besides}`,
      action:
        'Offer a high-intensity statin to lower LDL-C by 50 % or more (ACC/AHA 2018: 10-year risk 20 % or more).',
    });
  if (risk >= PCE_INTERMEDIATE_RISK_PERCENT)
    return finding({
      qualifier: 'intermediate-risk',
      title: `10-year ASCVD risk ${String(risk)} %: discuss a statin`,
      urgency: 'routine',
      rationale: `${atAge}${besides}`,
      action:
        'After a risk discussion, offer a moderate-intensity statin (ACC/AHA 2018: 7.5 to < 20 %; USPSTF 2022: 10 % or more with a risk factor, grade B; 7.5–10 % selectively); a coronary calcium score can help if the decision is uncertain.',
    });
  const enhancers = risk >= PCE_BORDERLINE_RISK_PERCENT ? riskEnhancers(view, ldl) : [];
  if (enhancers.length === 0) return NOTHING;
  return finding({
    qualifier: 'borderline-risk',
    title: `10-year ASCVD risk ${String(risk)} % with risk enhancers: consider a statin`,
    urgency: 'routine',
    rationale: `${atAge}${besides} Risk-enhancing factors on record: ${enhancers.map((entry) => entry.text).join(', ')}.`,
    action:
      'Discuss a moderate-intensity statin: at a borderline risk (5 to < 7.5 %) risk-enhancing factors favour one (ACC/AHA 2018).',
    extra: enhancers.map((entry) => entry.source),
  });
}
