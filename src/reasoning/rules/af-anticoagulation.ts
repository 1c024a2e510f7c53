// Anticoagulation in atrial fibrillation. 2023 ACC/AHA/ACCP/HRS atrial fibrillation guideline (Joglar et al.,
// Circulation 2024;149:e1–e156) and ESC 2020: oral anticoagulation is recommended at a CHA2DS2-VASc of 2 or more in
// men and 3 or more in women (class I). HAS-BLED is stated beside it as context: a high bleeding score calls for
// correcting modifiable bleeding risks, not for withholding anticoagulation. Both scores are computed from the
// record (risk-scores.ts); when CHA2DS2-VASc cannot be, the rule says what it needs.
import { ATRIAL_FIBRILLATION } from '../../terminology/risk-factor-codes.ts';
import { ORAL_ANTICOAGULANTS } from '../../terminology/medication-codes.ts';
import { citedScore, computeRiskScores, whyNoValue } from './risk-scores.ts';
import { fired, guideline, insufficient, NOTHING, ruleFinding, type Rule } from './rule-kit.ts';
import { findProblem, medicationsWith } from './rule-view.ts';

export const CHA2DS2_VASC_THRESHOLD_MEN = 2;
export const CHA2DS2_VASC_THRESHOLD_WOMEN = 3;

export const afAnticoagulationRule: Rule = {
  id: 'af-anticoagulation',
  source: guideline('ACC/AHA/ACCP/HRS atrial fibrillation guideline', 2023),
  evaluate(view) {
    const rule = afAnticoagulationRule;
    const af = findProblem(view, ATRIAL_FIBRILLATION);
    if (af === undefined) return NOTHING;
    if (medicationsWith(view, ORAL_ANTICOAGULANTS).length > 0) return NOTHING;
    const scores = computeRiskScores(view);
    const stroke = scores['cha2ds2-vasc'];
    const strokeScore = citedScore(stroke);
    if (strokeScore === undefined) return insufficient(rule.id, `CHA2DS2-VASc ${whyNoValue(stroke)}`);
    // CHA2DS2-VASc has a value only when the sex is known.
    const threshold = view.sex === 'female' ? CHA2DS2_VASC_THRESHOLD_WOMEN : CHA2DS2_VASC_THRESHOLD_MEN;
    if (strokeScore.value < threshold) return NOTHING;
    const bleeding = scores['has-bled'];
    const bleedingScore = citedScore(bleeding);
    const bleedingText =
      bleedingScore === undefined
        ? `HAS-BLED could not be computed (${whyNoValue(bleeding)}).`
        : `HAS-BLED is ${String(bleedingScore.value)}.`;
    const inputs = [...stroke.inputs, ...bleeding.inputs].flatMap((input) =>
      input.source === undefined || input.value === false ? [] : [input.source],
    );
    return fired(
      ruleFinding({
        rule,
        title: `Atrial fibrillation, CHA2DS2-VASc ${String(strokeScore.value)}: no anticoagulant`,
        category: 'medication-safety',
        urgency: 'soon',
        rationale: `${af.name} is an active problem, CHA2DS2-VASc is ${String(strokeScore.value)} and no oral anticoagulant is on the medication list. ${bleedingText}`,
        recommendedAction:
          'Offer oral anticoagulation, a DOAC in preference to warfarin unless contraindicated (ACC/AHA/ACCP/HRS 2023: CHA2DS2-VASc 2 or more in men, 3 or more in women); address modifiable bleeding risks (uncontrolled blood pressure, antiplatelets or NSAIDs, alcohol) rather than withholding it.',
        evidence: [af.source, view.patient, ...inputs],
        scores: bleedingScore === undefined ? [strokeScore] : [strokeScore, bleedingScore],
      }),
    );
  },
};
