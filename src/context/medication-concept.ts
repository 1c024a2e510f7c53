// The drug a MedicationRequest or MedicationStatement names, as a CodeableConcept: its own code, else the
// Medication it references (contained `#id`, or in the record), else the reference's display. US Core allows
// either form and Epic and Oracle Health send both.
import type { CodeableConcept, Medication, MedicationRequest, MedicationStatement } from 'fhir/r4';
import { conceptDisplayText, type ResourceIndex } from './fhir-concepts.ts';

export function medicationConceptOf(
  resource: MedicationRequest | MedicationStatement,
  index: ResourceIndex,
): CodeableConcept | undefined {
  if (resource.medicationCodeableConcept !== undefined) return resource.medicationCodeableConcept;
  const reference = resource.medicationReference;
  if (reference === undefined) return undefined;
  const target =
    reference.reference?.startsWith('#') === true
      ? findContained(resource, reference.reference.slice(1))
      : index.resolve(reference);
  if (target?.resourceType === 'Medication') {
    const concept = medicationOwnConcept(target);
    if (concept !== undefined) return concept;
  }
  return reference.display === undefined ? undefined : { text: reference.display };
}

function findContained(
  resource: MedicationRequest | MedicationStatement,
  id: string,
): Medication | undefined {
  return resource.contained?.find(
    (contained): contained is Medication => contained.resourceType === 'Medication' && contained.id === id,
  );
}

/** A Medication's code, else its ingredients with their strengths ("amoxicillin 500 mg + clavulanate 125 mg"). */
function medicationOwnConcept(medication: Medication): CodeableConcept | undefined {
  if (medication.code !== undefined && conceptDisplayText(medication.code) !== undefined)
    return medication.code;
  const parts = (medication.ingredient ?? []).flatMap((ingredient) => {
    const name = conceptDisplayText(ingredient.itemCodeableConcept);
    if (name === undefined) return [];
    const numerator = ingredient.strength?.numerator;
    const denominator = ingredient.strength?.denominator;
    const per =
      denominator?.value !== undefined && denominator.value !== 1
        ? `/${denominator.value} ${denominator.unit ?? ''}`.trimEnd()
        : denominator?.unit !== undefined
          ? `/${denominator.unit}`
          : '';
    return [
      numerator?.value === undefined
        ? name
        : `${name} ${numerator.value} ${numerator.unit ?? ''}`.trimEnd() + per,
    ];
  });
  return parts.length === 0 ? medication.code : { ...medication.code, text: parts.join(' / ') };
}
