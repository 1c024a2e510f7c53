// Duplicate therapy: the same ingredient in two current orders (often a record left open: an inpatient IV
// order beside the home tablet), two drugs of one class, or an ACE inhibitor with an ARB. Dual RAS blockade
// raises hyperkalaemia and acute kidney injury without benefit (ONTARGET 2008, VA NEPHRON-D 2013), and KDIGO
// 2024 CKD guideline (practice point 3.6.x) advises against combining ACE inhibitor, ARB and direct renin
// inhibitor. Classes: DUPLICATE_CLASSES (ISMP; AGS Beers Criteria 2023).
import {
  ACE_INHIBITORS,
  ANGIOTENSIN_RECEPTOR_BLOCKERS,
  DUPLICATE_CLASSES,
} from '../../terminology/medication-codes.ts';
import { fired, guideline, NOTHING, ruleFinding, type Rule } from './rule-kit.ts';
import { listInWords } from './rule-text.ts';
import { medicationsWith, type RuleMedication } from './rule-view.ts';

/** Ingredients that are routinely combined with themselves at different strengths (basal and bolus insulin). */
const SELF_COMBINED = /insulin/;

export const duplicateTherapyRule: Rule = {
  id: 'duplicate-therapy',
  source: guideline('KDIGO CKD', 2024),
  evaluate(view) {
    const rule = duplicateTherapyRule;
    const findings = [];
    const acei = medicationsWith(view, ACE_INHIBITORS);
    const arb = medicationsWith(view, ANGIOTENSIN_RECEPTOR_BLOCKERS);
    const reported = new Set<string>();
    const report = (medications: readonly RuleMedication[]): void => {
      for (const medication of medications) reported.add(medication.source.id);
    };
    const firstAcei = acei[0];
    const firstArb = arb[0];
    if (firstAcei !== undefined && firstArb !== undefined) {
      report([firstAcei, firstArb]);
      findings.push(
        ruleFinding({
          rule,
          qualifier: 'acei-arb',
          title: 'ACE inhibitor and ARB together',
          category: 'medication-safety',
          urgency: 'soon',
          rationale: `${firstAcei.name} and ${firstArb.name} are both active: dual RAS blockade adds hyperkalaemia and kidney injury without benefit.`,
          recommendedAction:
            'Stop one of the two (KDIGO 2024; ONTARGET 2008); check potassium and creatinine.',
          evidence: [firstAcei.source, firstArb.source],
        }),
      );
    }
    const byIngredient = new Map<string, RuleMedication[]>();
    for (const medication of view.medications)
      for (const name of medication.ingredientNames)
        if (!SELF_COMBINED.test(name))
          byIngredient.set(name, [...(byIngredient.get(name) ?? []), medication]);
    for (const [ingredient, medications] of [...byIngredient.entries()].sort(([a], [b]) =>
      a.localeCompare(b),
    )) {
      if (medications.length < 2 || medications.every((medication) => reported.has(medication.source.id)))
        continue;
      report(medications);
      findings.push(
        ruleFinding({
          rule,
          qualifier: `same-ingredient:${ingredient.replace(/\s+/g, '-')}`,
          title: `${ingredient.charAt(0).toUpperCase()}${ingredient.slice(1)} ordered more than once`,
          category: 'medication-safety',
          urgency: 'routine',
          rationale: `${listInWords(medications.map((medication) => medication.name))} are ${medications.length === 2 ? 'both' : 'all'} active and share ${ingredient}.`,
          recommendedAction:
            'Reconcile the list: stop the order that no longer applies so the total dose is clear.',
          evidence: medications.map((medication) => medication.source),
        }),
      );
    }
    for (const drugClass of DUPLICATE_CLASSES) {
      const members = medicationsWith(view, drugClass.ingredients);
      const distinct = new Set(
        members.flatMap((medication) =>
          medication.ingredientNames.filter((name) => drugClass.ingredients.has(name)),
        ),
      );
      if (distinct.size < 2 || members.every((medication) => reported.has(medication.source.id))) continue;
      report(members);
      findings.push(
        ruleFinding({
          rule,
          qualifier: `same-class:${drugClass.name.replace(/\s+/g, '-')}`,
          title: `Two ${drugClass.name} at once`,
          category: 'medication-safety',
          urgency: 'routine',
          rationale: `${listInWords(members.map((medication) => medication.name))} are ${members.length === 2 ? 'both' : 'all'} active ${drugClass.name}.`,
          recommendedAction:
            'Check that both are intended; if not, stop one and adjust the dose of the other.',
          evidence: members.map((medication) => medication.source),
        }),
      );
    }
    return findings.length === 0 ? NOTHING : fired(...findings);
  },
};
