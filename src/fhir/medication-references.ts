// Which Medication a MedicationRequest or MedicationStatement names. US Core allows either a code
// (`medicationCodeableConcept`) or a reference (`medicationReference`): to a contained Medication (`#id`),
// to `Medication/<id>` on the same server, or to an absolute URL. Epic and Oracle Health both return
// references for some orders, so the loader reads each referenced Medication once.
import type {
  CodeableConcept,
  FhirResource,
  Medication,
  MedicationRequest,
  MedicationStatement,
} from 'fhir/r4';
import type { PatientRecord } from '../record/patient-record.ts';

export type MedicationTarget =
  | { readonly kind: 'contained'; readonly id: string }
  | { readonly kind: 'server'; readonly id: string }
  | { readonly kind: 'unresolvable'; readonly reason: string };

/** FHIR R4 §2.1.0.2 ids: 1–64 of A–Z, a–z, 0–9, `-` and `.`; a version suffix is allowed. */
const MEDICATION_PATH = /^Medication\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?$/;

/** Where a medication reference points; an absolute URL counts only on this FHIR base (tokens stay there). */
export function medicationTarget(reference: string, fhirBaseUrl: string): MedicationTarget {
  if (reference.startsWith('#')) {
    const id = reference.slice(1);
    return id === ''
      ? { kind: 'unresolvable', reason: 'an empty contained reference' }
      : { kind: 'contained', id };
  }
  const isAbsolute = /^[a-z][a-z0-9+.-]*:/i.test(reference);
  if (isAbsolute && !reference.startsWith(`${fhirBaseUrl.replace(/\/$/, '')}/`)) {
    return { kind: 'unresolvable', reason: `${reference} is not on this FHIR server` };
  }
  const path = isAbsolute ? reference.slice(fhirBaseUrl.replace(/\/$/, '').length + 1) : reference;
  const id = MEDICATION_PATH.exec(path)?.[1];
  if (id === undefined) return { kind: 'unresolvable', reason: `${reference} is not a Medication reference` };
  return { kind: 'server', id };
}

export interface MedicationReads {
  /** Medication ids to read from the server, each once. */
  readonly ids: readonly string[];
  readonly warnings: readonly string[];
}

/** The Medications to read for these requests and statements, with a warning for each reference that can't be followed. */
export function medicationsToRead(resources: Iterable<FhirResource>, fhirBaseUrl: string): MedicationReads {
  const ids = new Set<string>();
  const warnings: string[] = [];
  for (const resource of resources) {
    if (resource.resourceType !== 'MedicationRequest' && resource.resourceType !== 'MedicationStatement')
      continue;
    const reference = resource.medicationReference?.reference;
    if (reference === undefined) continue;
    const target = medicationTarget(reference, fhirBaseUrl);
    const owner = `${resource.resourceType}/${resource.id ?? ''}`;
    switch (target.kind) {
      case 'server':
        ids.add(target.id);
        break;
      case 'contained':
        if (!findContainedMedication(resource, target.id))
          warnings.push(`${owner} refers to a contained Medication #${target.id} that is not there`);
        break;
      case 'unresolvable':
        warnings.push(`${owner}: medication not loaded, ${target.reason}`);
        break;
    }
  }
  return { ids: [...ids], warnings };
}

/**
 * The medication a request or statement is for, from the loaded record: a contained or loaded Medication,
 * else the code it carries; undefined when neither is available.
 */
export function resolveMedication(
  record: Pick<PatientRecord, 'medications'>,
  resource: MedicationRequest | MedicationStatement,
  fhirBaseUrl: string,
): Medication | CodeableConcept | undefined {
  if (resource.medicationCodeableConcept) return resource.medicationCodeableConcept;
  const reference = resource.medicationReference?.reference;
  if (reference === undefined)
    return resource.medicationReference?.display === undefined
      ? undefined
      : { text: resource.medicationReference.display };
  const target = medicationTarget(reference, fhirBaseUrl);
  switch (target.kind) {
    case 'contained':
      return findContainedMedication(resource, target.id);
    case 'server':
      return record.medications.find((medication) => medication.id === target.id);
    case 'unresolvable':
      return resource.medicationReference?.display === undefined
        ? undefined
        : { text: resource.medicationReference.display };
  }
}

function findContainedMedication(
  resource: MedicationRequest | MedicationStatement,
  id: string,
): Medication | undefined {
  return resource.contained?.find(
    (contained): contained is Medication => contained.resourceType === 'Medication' && contained.id === id,
  );
}
