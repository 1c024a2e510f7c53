// What the record's statuses mean for a summary: an active problem, a medication the patient is on, an allergy
// worth showing. The rules read the same predicates, so a problem the context calls active is active for them.
import type { AllergyIntolerance, Condition, MedicationRequest, MedicationStatement } from 'fhir/r4';

const ACTIVE_CLINICAL_STATUSES: ReadonlySet<string> = new Set(['active', 'recurrence', 'relapse']);
export const REFUTED = 'refuted';

/** MedicationRequest / MedicationStatement statuses that mean "the patient is on it" (on-hold is shown as such). */
const CURRENT_MEDICATION_STATUSES: ReadonlySet<string> = new Set(['active', 'on-hold']);

export function statusCode(concept: { coding?: { code?: string }[] } | undefined): string | undefined {
  return concept?.coding?.find((coding) => coding.code !== undefined)?.code;
}

/** Abated: any abatement[x] given. */
export function isAbated(condition: Condition): boolean {
  return (
    condition.abatementDateTime !== undefined ||
    condition.abatementAge !== undefined ||
    condition.abatementPeriod !== undefined ||
    condition.abatementRange !== undefined ||
    condition.abatementString !== undefined
  );
}

/** Active: clinical status active, recurrence or relapse (or none given), no abatement, not refuted. */
export function isActiveCondition(condition: Condition): boolean {
  if (statusCode(condition.verificationStatus) === REFUTED) return false;
  if (isAbated(condition)) return false;
  const status = statusCode(condition.clinicalStatus);
  return status === undefined || ACTIVE_CLINICAL_STATUSES.has(status);
}

export function isCurrentMedication(resource: MedicationRequest | MedicationStatement): boolean {
  return CURRENT_MEDICATION_STATUSES.has(resource.status);
}

/** Allergies shown: every one not refuted (inactive and resolved ones are shown with their status). */
export function isShownAllergy(allergy: AllergyIntolerance): boolean {
  return statusCode(allergy.verificationStatus) !== REFUTED;
}
