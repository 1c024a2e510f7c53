// Statin indication.
// - 2018 AHA/ACC multisociety cholesterol guideline (Grundy et al.): clinical ASCVD → high-intensity statin
//   (class I up to 75, reasonable above); LDL-C ≥ 190 mg/dL at 20–75 → high-intensity statin; diabetes at
//   40–75 → at least moderate-intensity statin.
// - USPSTF 2022 (statin use for primary prevention): adults 40–75 with one or more risk factors (dyslipidemia,
//   diabetes, hypertension, smoking) and a 10-year ASCVD risk of 10 % or more → statin; 7.5–10 % → selectively.
//   The pooled cohort equations need inputs the context does not hold (race), so the rule asks for the risk
//   estimate rather than guessing it.
import {
  ATHEROSCLEROTIC_CVD,
  DIABETES,
  DYSLIPIDEMIA,
  HYPERTENSION,
} from '../../terminology/condition-codes.ts';
import { LDL_CODES } from '../../terminology/lab-codes.ts';
import { STATINS } from '../../terminology/medication-codes.ts';
import { fired, guideline, insufficient, NOTHING, ruleFinding, type Rule } from './rule-kit.ts';
import { describePoint, formatPoint } from './rule-text.ts';
import { findProblem, medicationsWith, plausiblePoints } from './rule-view.ts';

export const LDL_VERY_HIGH_MG_DL = 190;
export const PRIMARY_PREVENTION_MIN_AGE = 40;
export const PRIMARY_PREVENTION_MAX_AGE = 75;
export const LDL_MIN_AGE = 20;

export const statinIndicationRule: Rule = {
  id: 'statin-indication',
  source: guideline('ACC/AHA cholesterol guideline', 2018),
  evaluate(view) {
    const rule = statinIndicationRule;
    if (medicationsWith(view, STATINS).length > 0) return NOTHING;
    const age = view.ageYears;
    if (age === undefined) return insufficient(rule.id, 'age unknown');
    if (age < LDL_MIN_AGE) return NOTHING;
    const ascvd = findProblem(view, ATHEROSCLEROTIC_CVD);
    if (ascvd !== undefined) {
      return fired(
        ruleFinding({
          rule,
          qualifier: 'ascvd',
          title: `No statin with ${ascvd.name.toLowerCase()}`,
          category: 'care-gap',
          urgency: 'soon',
          rationale: `${ascvd.name} is an active problem (clinical ASCVD) and no statin is on the medication list.`,
          recommendedAction:
            'Offer a high-intensity statin (ACC/AHA 2018: clinical ASCVD, class I up to age 75; reasonable above 75), unless not tolerated.',
          evidence: [ascvd.source, view.patient],
        }),
      );
    }
    const ldl = plausiblePoints(view.points(LDL_CODES).filter((point) => point.unit === 'mg/dL')).at(-1);
    if (ldl !== undefined && ldl.value >= LDL_VERY_HIGH_MG_DL && age <= PRIMARY_PREVENTION_MAX_AGE) {
      return fired(
        ruleFinding({
          rule,
          qualifier: 'ldl-190',
          title: `No statin with LDL ${formatPoint(ldl)}`,
          category: 'care-gap',
          urgency: 'soon',
          rationale: `The latest LDL cholesterol is ${describePoint(ldl)}, in the severe primary hypercholesterolaemia range, at age ${age}, and no statin is on the medication list.`,
          recommendedAction:
            'Offer a high-intensity statin without a risk calculation (ACC/AHA 2018: LDL-C 190 mg/dL or more at 20–75); consider familial hypercholesterolaemia.',
          evidence: [ldl.source, view.patient],
        }),
      );
    }
    if (age < PRIMARY_PREVENTION_MIN_AGE || age > PRIMARY_PREVENTION_MAX_AGE) return NOTHING;
    const diabetes = findProblem(view, DIABETES);
    if (diabetes !== undefined) {
      return fired(
        ruleFinding({
          rule,
          qualifier: 'diabetes',
          title: `No statin with diabetes at age ${age}`,
          category: 'care-gap',
          urgency: 'routine',
          rationale: `${diabetes.name} is an active problem at age ${age} and no statin is on the medication list${ldl === undefined ? '' : `; the latest LDL is ${describePoint(ldl)}`}.`,
          recommendedAction:
            'Offer at least a moderate-intensity statin (ACC/AHA 2018: diabetes at 40–75); high intensity with more risk factors.',
          evidence: [diabetes.source, view.patient, ldl?.source],
        }),
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
    return fired(
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
    );
  },
};
