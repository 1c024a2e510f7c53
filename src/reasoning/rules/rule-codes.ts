// How the guideline rules match codes: conditions by SNOMED CT code or ICD-10-CM prefix, drugs by RxNorm
// ingredient code. The code sets themselves live in src/terminology/.
import type { CodeRef } from '../../context/clinical-context.ts';
import {
  SYSTEM_ICD10,
  SYSTEM_ICD10_CM,
  SYSTEM_RXNORM,
  SYSTEM_SNOMED,
} from '../../terminology/code-systems.ts';
import type { ConditionCodes } from '../../terminology/condition-codes.ts';
import { RXNORM_INGREDIENTS } from '../../terminology/medication-codes.ts';
import { anyCodingInConcept, type ClinicalConcept } from '../../terminology/value-set.ts';

/** In the set: by SNOMED CT code or ICD-10-CM prefix, and for a ClinicalConcept by any of its code systems. */
export function matchesCondition(codes: readonly CodeRef[], set: ConditionCodes | ClinicalConcept): boolean {
  if ('codes' in set && anyCodingInConcept(codes, set)) return true;
  return codes.some(
    (code) =>
      (code.system === SYSTEM_SNOMED && set.snomed.has(code.code)) ||
      ((code.system === SYSTEM_ICD10_CM || code.system === SYSTEM_ICD10) &&
        set.icd10Prefixes.some((prefix) => code.code.startsWith(prefix))),
  );
}

export function matchesSnomed(codes: readonly CodeRef[], set: ReadonlySet<string>): boolean {
  return codes.some((code) => code.system === SYSTEM_SNOMED && set.has(code.code));
}

export function rxnormIngredientsOf(codes: readonly CodeRef[]): string[] {
  return codes.flatMap((code) => {
    const ingredient = code.system === SYSTEM_RXNORM ? RXNORM_INGREDIENTS[code.code] : undefined;
    return ingredient === undefined ? [] : [ingredient];
  });
}
