// Kidney function: CKD staging against the problem list, eGFR in the kidney-failure range, a sudden or
// "certain" fall in eGFR, and rapid progression. Thresholds are KDIGO's:
// - KDIGO 2024 CKD guideline (Kidney Int 2024;105(4S)): CKD is eGFR < 60 mL/min/1.73 m² or albuminuria
//   (ACR ≥ 30 mg/g) present for more than 3 months; GFR categories G1 ≥ 90, G2 60–89, G3a 45–59, G3b 30–44,
//   G4 15–29, G5 < 15; albuminuria A1 < 30, A2 30–300, A3 > 300 mg/g; refer for G5 / kidney failure, for a
//   sustained eGFR decline of more than 5 mL/min/1.73 m² per year (rapid progression), and for a "certain drop"
//   (a fall in GFR category with a ≥ 25 % fall in eGFR, carried over from KDIGO 2012 §2.1.3).
// - KDIGO 2012 AKI guideline: acute kidney disease includes a GFR fall of ≥ 35 % within 3 months.
// eGFR codes: 33914-3, 62238-1, 98979-8 and the other equations (EGFR_CODES); units mL/min/1.73 m².
import { SYSTEM_ICD10, SYSTEM_ICD10_CM, SYSTEM_SNOMED } from '../../terminology/code-systems.ts';
import { CKD_STAGE_BY_ICD10, CKD_STAGE_BY_SNOMED } from '../../terminology/condition-codes.ts';
import type { CodeRef } from '../../context/clinical-context.ts';
import { gfrCategory } from '../../context/data-quality.ts';
import { CHRONIC_KIDNEY_DISEASE } from '../../terminology/condition-codes.ts';
import { EGFR_CODES, UACR_CODES } from '../../terminology/lab-codes.ts';
import { matchesCondition } from './rule-codes.ts';
import {
  fired,
  guideline,
  insufficient,
  NOTHING,
  ruleFinding,
  type Rule,
  type RuleOutcome,
} from './rule-kit.ts';
import { describePoint, formatPoint, formatQuantity } from './rule-text.ts';
import { creatinineMismatchOf, plausiblePoints, type RulePoint, type RuleView } from './rule-view.ts';

/** The unit eGFR series are brought to (ucum-units.ts). */
export const EGFR_UNIT = 'mL/min/{1.73_m2}';
export const UACR_UNIT = 'mg/g';
/** KDIGO 2024: CKD below this eGFR (mL/min/1.73 m²), and albuminuria from this ACR (mg/g). */
export const CKD_EGFR_THRESHOLD = 60;
export const ALBUMINURIA_ACR_MG_G = 30;
/** KDIGO 2024: abnormalities present for more than 3 months. */
export const CHRONICITY_DAYS = 90;
/** KDIGO 2024: G5, kidney failure. */
export const KIDNEY_FAILURE_EGFR = 15;
/** Results older than a year do not describe the kidney function now. */
export const RECENT_RESULT_DAYS = 365;
/** KDIGO 2012 AKI: acute kidney disease, a GFR fall of ≥ 35 % within 3 months. */
export const SUDDEN_FALL_FRACTION = 0.35;
export const SUDDEN_FALL_WITHIN_DAYS = 90;
/** KDIGO 2012 §2.1.3 (kept in KDIGO 2024): a "certain drop", a fall in GFR category with a ≥ 25 % fall. */
export const CERTAIN_DROP_FRACTION = 0.25;
/** KDIGO 2024: rapid progression, a sustained decline of more than 5 mL/min/1.73 m² per year. */
export const RAPID_DECLINE_PER_YEAR = 5;
export const PROGRESSION_WINDOW_DAYS = 1096;
export const PROGRESSION_MIN_SPAN_DAYS = 365;
export const PROGRESSION_MIN_POINTS = 3;

/** The plausible eGFR results in mL/min/1.73 m², oldest first. */
export function egfrPoints(view: RuleView): RulePoint[] {
  return plausiblePoints(view.points(EGFR_CODES)).filter((point) => point.unit === EGFR_UNIT);
}

export function uacrPoints(view: RuleView): RulePoint[] {
  return plausiblePoints(view.points(UACR_CODES)).filter((point) => point.unit === UACR_UNIT);
}

/** The latest plausible eGFR of the last year. */
export function recentEgfr(view: RuleView): RulePoint | undefined {
  const latest = egfrPoints(view).at(-1);
  return latest !== undefined && latest.daysAgo <= RECENT_RESULT_DAYS ? latest : undefined;
}

/**
 * The unbroken run of results meeting `isAbnormal` that ends with the latest result, if it spans more than the
 * KDIGO 3 months (first to last).
 */
export function sustainedRun(
  points: readonly RulePoint[],
  isAbnormal: (point: RulePoint) => boolean,
): RulePoint[] | undefined {
  const run: RulePoint[] = [];
  for (let index = points.length - 1; index >= 0; index -= 1) {
    const point = points[index];
    if (point === undefined || !isAbnormal(point)) break;
    run.unshift(point);
  }
  const first = run[0];
  const last = run[run.length - 1];
  if (first === undefined || last === undefined) return undefined;
  return first.daysAgo - last.daysAgo >= CHRONICITY_DAYS ? run : undefined;
}

/** CKD stage a code names ("1", "2", "3", "3a", "3b", "4", "5"). */
export function ckdStageOfCodes(codes: readonly CodeRef[]): string | undefined {
  for (const code of codes) {
    if (code.system === SYSTEM_SNOMED && CKD_STAGE_BY_SNOMED[code.code] !== undefined)
      return CKD_STAGE_BY_SNOMED[code.code];
    if (
      (code.system === SYSTEM_ICD10_CM || code.system === SYSTEM_ICD10) &&
      CKD_STAGE_BY_ICD10[code.code] !== undefined
    )
      return CKD_STAGE_BY_ICD10[code.code];
  }
  return undefined;
}

/** KDIGO G category → the stage a problem list writes for it. */
function stageOfCategory(category: string): string {
  return category.replace(/^G/, '');
}

function isStageCompatible(recorded: string, category: string): boolean {
  const stage = stageOfCategory(category);
  return recorded === stage || (recorded === '3' && (stage === '3a' || stage === '3b'));
}

// ---- CKD stage against the problem list ---------------------------------------------------------------

export const ckdStageRule: Rule = {
  id: 'ckd-stage',
  source: guideline('KDIGO CKD', 2024),
  evaluate(view) {
    const rule = ckdStageRule;
    const egfr = egfrPoints(view);
    const ckdProblems = view.problems.filter((problem) =>
      matchesCondition(problem.codes, CHRONIC_KIDNEY_DISEASE),
    );
    const latest = egfr.at(-1);
    if (latest === undefined || latest.daysAgo > RECENT_RESULT_DAYS) {
      return ckdProblems.length > 0
        ? insufficient(rule.id, 'no eGFR in the last 12 months to stage the recorded CKD')
        : NOTHING;
    }
    const lowRun = sustainedRun(egfr, (point) => point.value < CKD_EGFR_THRESHOLD);
    const albuminuriaRun = sustainedRun(uacrPoints(view), (point) => point.value >= ALBUMINURIA_ACR_MG_G);
    if (lowRun === undefined && albuminuriaRun === undefined) {
      if (latest.value < CKD_EGFR_THRESHOLD)
        return insufficient(
          rule.id,
          'eGFR below 60 without a result below 60 three months earlier to confirm CKD',
        );
      return NOTHING;
    }
    const category = gfrCategory(latest.value);
    const recordedStages = ckdProblems.flatMap((problem) => {
      const stage = ckdStageOfCodes(problem.codes);
      return stage === undefined ? [] : [{ stage, problem }];
    });
    const evidenceRun = lowRun ?? [latest];
    const firstLow = evidenceRun[0] ?? latest;
    const albuminuria = albuminuriaRun?.at(-1);
    const albuminuriaText =
      albuminuriaRun === undefined || albuminuria === undefined
        ? ''
        : ` Urine albumin/creatinine has been at or above the albuminuria threshold on every result since ${describePoint(albuminuriaRun[0] ?? albuminuria)}, latest ${describePoint(albuminuria)}.`;
    const egfrText =
      lowRun === undefined
        ? `The latest eGFR is ${describePoint(latest)} (category ${category}).`
        : `eGFR has been below the CKD threshold on every result for more than three months, from ${describePoint(firstLow)} to ${describePoint(latest)} (category ${category}).`;

    if (ckdProblems.length === 0) {
      return fired(
        ruleFinding({
          rule,
          qualifier: 'unrecorded',
          title: `Kidney results meet CKD criteria (${category}); CKD is not on the problem list`,
          category: 'diagnostic-consideration',
          urgency: category === 'G4' || category === 'G5' ? 'soon' : 'routine',
          rationale: `${egfrText}${albuminuriaText} No chronic kidney disease is recorded as an active problem.`,
          recommendedAction:
            'Confirm and record CKD with its GFR and albuminuria categories (KDIGO 2024: abnormal for more than 3 months); stage drives monitoring, drug dosing and referral.',
          evidence: [latest, firstLow, albuminuria, albuminuriaRun?.[0]].map((point) => point?.source),
        }),
      );
    }
    if (recordedStages.length === 0 || lowRun === undefined) return NOTHING;
    if (recordedStages.some((entry) => isStageCompatible(entry.stage, category))) return NOTHING;
    const recorded = recordedStages.map((entry) => entry.problem.name);
    return fired(
      ruleFinding({
        rule,
        qualifier: 'mismatch',
        title: `Problem list CKD stage does not match eGFR category ${category}`,
        category: 'diagnostic-consideration',
        urgency: 'routine',
        rationale: `${egfrText} The problem list records ${recorded.join(' and ')}.${albuminuriaText}`,
        recommendedAction: `Update the problem list to the stage the results support (KDIGO 2024 ${category}) and resolve the stages that no longer apply; stage drives monitoring, drug dosing and referral.`,
        evidence: [
          latest.source,
          firstLow.source,
          ...recordedStages.map((entry) => entry.problem.source),
          albuminuria?.source,
        ],
      }),
    );
  },
};

// ---- eGFR in the kidney-failure range --------------------------------------------------------------------

/** A sentence about the creatinine drawn with an eGFR that it does not fit, if the context flagged one. */
export function creatinineCaveat(
  view: RuleView,
  egfr: RulePoint,
): { readonly text: string; readonly source: RulePoint['source'] | undefined } {
  const mismatch = creatinineMismatchOf(view, egfr);
  if (mismatch === undefined) return { text: '', source: undefined };
  return {
    text: ` The creatinine drawn with it, ${formatQuantity(mismatch.creatinineMgDl, 'mg/dL')}, does not fit this eGFR: one of the two may be wrong.`,
    source: mismatch.creatinineSource,
  };
}

export const egfrKidneyFailureRule: Rule = {
  id: 'egfr-kidney-failure',
  source: guideline('KDIGO CKD', 2024),
  evaluate(view) {
    const rule = egfrKidneyFailureRule;
    const points = egfrPoints(view);
    const latest = recentEgfr(view);
    if (latest === undefined || latest.value >= KIDNEY_FAILURE_EGFR) return NOTHING;
    const previous = points.at(-2);
    const caveat = creatinineCaveat(view, latest);
    const before = previous === undefined ? '' : ` The result before it was ${describePoint(previous)}.`;
    return fired(
      ruleFinding({
        rule,
        title: `eGFR ${formatPoint(latest)}: kidney failure range (G5)`,
        category: 'lab-follow-up',
        urgency: 'urgent',
        rationale: `The latest eGFR is ${describePoint(latest)}, KDIGO category G5.${before}${caveat.text}`,
        recommendedAction:
          'Repeat creatinine and eGFR now. If confirmed, arrange urgent nephrology review, review every renally cleared drug, and assess for uraemia and hyperkalaemia (KDIGO 2024: eGFR below 15).',
        evidence: [latest.source, caveat.source, previous?.source],
      }),
    );
  },
};

// ---- A sudden or certain fall in eGFR --------------------------------------------------------------------

export const egfrFallRule: Rule = {
  id: 'egfr-fall',
  source: guideline('KDIGO AKI', 2012),
  evaluate(view) {
    const rule = egfrFallRule;
    const points = egfrPoints(view);
    const latest = recentEgfr(view);
    const previous = points.at(-2);
    // In the kidney-failure range the finding above already says where the eGFR came from.
    if (latest === undefined || previous === undefined || latest.value < KIDNEY_FAILURE_EGFR) return NOTHING;
    if (previous.value <= 0) return NOTHING;
    const fall = (previous.value - latest.value) / previous.value;
    const intervalDays = previous.daysAgo - latest.daysAgo;
    const caveat = creatinineCaveat(view, latest);
    const sudden = fall >= SUDDEN_FALL_FRACTION && intervalDays <= SUDDEN_FALL_WITHIN_DAYS;
    const certainDrop =
      fall >= CERTAIN_DROP_FRACTION &&
      intervalDays <= RECENT_RESULT_DAYS &&
      gfrCategory(latest.value) !== gfrCategory(previous.value);
    if (!sudden && !certainDrop) return NOTHING;
    return fired(
      ruleFinding({
        rule,
        qualifier: sudden ? 'sudden' : 'category-drop',
        title: `eGFR fell from ${formatPoint(previous)} to ${formatPoint(latest)}`,
        category: 'lab-follow-up',
        urgency: 'soon',
        rationale: `eGFR was ${describePoint(previous)} and is now ${describePoint(latest)}, category ${gfrCategory(previous.value)} to ${gfrCategory(latest.value)}${sudden ? ', a fall fast enough to be acute kidney disease' : ', a certain drop by KDIGO criteria'}.${caveat.text}`,
        recommendedAction: sudden
          ? 'Repeat creatinine and eGFR within days; look for a cause (volume depletion, obstruction, nephrotoxic or new drugs such as NSAIDs, ACE inhibitors/ARBs, diuretics) (KDIGO 2012 AKI/AKD: a fall of 35 % or more within 3 months).'
          : 'Repeat creatinine and eGFR to confirm; review nephrotoxic drugs and the cause of the decline (KDIGO 2024: a drop in GFR category with a 25 % or greater fall).',
        evidence: [latest.source, previous.source, caveat.source],
      }),
    );
  },
};

// ---- Rapid progression -----------------------------------------------------------------------------------

/** Least-squares slope of value against time, per year (time in days before the date seen). */
export function slopePerYear(points: readonly RulePoint[]): number {
  const xs = points.map((point) => -point.daysAgo / 365.25);
  const ys = points.map((point) => point.value);
  const meanX = xs.reduce((sum, x) => sum + x, 0) / xs.length;
  const meanY = ys.reduce((sum, y) => sum + y, 0) / ys.length;
  let covariance = 0;
  let variance = 0;
  xs.forEach((x, index) => {
    covariance += (x - meanX) * ((ys[index] ?? meanY) - meanY);
    variance += (x - meanX) ** 2;
  });
  return variance === 0 ? 0 : covariance / variance;
}

export const ckdProgressionRule: Rule = {
  id: 'ckd-progression',
  source: guideline('KDIGO CKD', 2024),
  evaluate(view): RuleOutcome {
    const rule = ckdProgressionRule;
    const latest = recentEgfr(view);
    if (latest === undefined || latest.value < KIDNEY_FAILURE_EGFR) return NOTHING;
    const hasCkd = view.problems.some((problem) => matchesCondition(problem.codes, CHRONIC_KIDNEY_DISEASE));
    if (latest.value >= CKD_EGFR_THRESHOLD && !hasCkd) return NOTHING;
    const window = egfrPoints(view).filter((point) => point.daysAgo <= PROGRESSION_WINDOW_DAYS);
    const first = window[0];
    if (
      first === undefined ||
      window.length < PROGRESSION_MIN_POINTS ||
      first.daysAgo - latest.daysAgo < PROGRESSION_MIN_SPAN_DAYS
    )
      return insufficient(
        rule.id,
        'fewer than three eGFR results over at least a year in the last three years',
      );
    const slope = slopePerYear(window);
    if (slope > -RAPID_DECLINE_PER_YEAR || first.value <= latest.value) return NOTHING;
    return fired(
      ruleFinding({
        rule,
        title: `eGFR declining fast: ${formatPoint(first)} to ${formatPoint(latest)}`,
        category: 'diagnostic-consideration',
        urgency: 'soon',
        rationale: `Over the eGFR results of the last three years, eGFR went from ${describePoint(first)} to ${describePoint(latest)}, a sustained decline faster than the KDIGO rapid-progression threshold.`,
        recommendedAction:
          'Look for the cause of progression, optimise kidney-protective treatment (RAS blockade, SGLT2 inhibitor where indicated) and consider nephrology referral (KDIGO 2024: sustained decline of more than 5 mL/min/1.73 m² per year).',
        evidence: [latest.source, first.source],
      }),
    );
  },
};

export const KIDNEY_RULES: readonly Rule[] = [
  ckdStageRule,
  egfrKidneyFailureRule,
  egfrFallRule,
  ckdProgressionRule,
];
