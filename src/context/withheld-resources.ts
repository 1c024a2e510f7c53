// Which resources of a record fall in a sensitive category the settings do not include. A resource is
// withheld for its own codes, and also for what it points at: a procedure done for a withheld condition, a
// test taken at a prenatal visit or a drug ordered for it reveal the condition as surely as its name does
// (Synthea's pregnancy module orders HIV, chlamydia and blood-group tests at prenatal visits). Vital signs
// taken at such a visit are kept: a weight or a blood pressure reveals nothing.
import type {
  CodeableConcept,
  Encounter,
  FhirResource,
  MedicationRequest,
  MedicationStatement,
  Observation,
  Reference,
} from 'fhir/r4';
import type { PatientRecord } from '../record/patient-record.ts';
import { VITAL_SIGN_CODES } from '../terminology/vital-sign-codes.ts';
import { conceptCodings, hasAnyCode, type ResourceIndex } from './fhir-concepts.ts';
import { medicationConceptOf } from './medication-concept.ts';
import {
  isWithheldBySensitivity,
  sensitiveCategoriesOfConcept,
  sensitiveCategoriesOfText,
  type SensitiveCategory,
} from './sensitive-categories.ts';

export interface WithheldResources {
  readonly isWithheld: (resource: FhirResource) => boolean;
  /** Clinical resources withheld (encounters are counted, not named, so they are not in this number). */
  readonly count: number;
}

const VITAL_CATEGORIES: ReadonlySet<string> = new Set(['vital-signs', 'vital-sign']);

export function findWithheldResources(
  record: PatientRecord,
  index: ResourceIndex,
  included: ReadonlySet<SensitiveCategory>,
): WithheldResources {
  const withheld = new Set<FhirResource>();
  // A record repeats the same few hundred codes thousands of times: classify each distinct code and each
  // distinct text once (a concept is sensitive when any of its codes or texts is).
  const codeVerdicts = new Map<string, Map<string, boolean>>();
  const textVerdicts = new Map<string, boolean>();
  const isSensitiveCode = (system: string, code: string): boolean => {
    let bySystem = codeVerdicts.get(system);
    if (bySystem === undefined) {
      bySystem = new Map();
      codeVerdicts.set(system, bySystem);
    }
    let verdict = bySystem.get(code);
    if (verdict === undefined) {
      verdict = isWithheldBySensitivity(
        sensitiveCategoriesOfConcept({ coding: [{ system, code }] }),
        included,
      );
      bySystem.set(code, verdict);
    }
    return verdict;
  };
  const isSensitiveText = (text: string): boolean => {
    let verdict = textVerdicts.get(text);
    if (verdict === undefined) {
      verdict = isWithheldBySensitivity(sensitiveCategoriesOfText(text), included);
      textVerdicts.set(text, verdict);
    }
    return verdict;
  };
  const isSensitiveConcept = (concept: CodeableConcept | undefined): boolean => {
    if (concept === undefined) return false;
    if (concept.text !== undefined && isSensitiveText(concept.text)) return true;
    return conceptCodings(concept).some(
      (coding) =>
        (coding.code !== undefined && isSensitiveCode(coding.system ?? '', coding.code)) ||
        (coding.display !== undefined && isSensitiveText(coding.display)),
    );
  };
  const isSensitive = (concepts: readonly (CodeableConcept | undefined)[]): boolean =>
    concepts.some(isSensitiveConcept);

  for (const condition of record.conditions) if (isSensitive([condition.code])) withheld.add(condition);
  const pointsAtWithheld = (references: readonly Reference[] | undefined): boolean =>
    references !== undefined &&
    withheld.size > 0 &&
    references.some((reference) => {
      const target = index.resolve(reference);
      return target !== undefined && withheld.has(target);
    });

  const sensitiveEncounters = new Set<Encounter>();
  for (const encounter of record.encounters) {
    const diagnoses = (encounter.diagnosis ?? []).map((diagnosis) => diagnosis.condition);
    if (
      isSensitive([...(encounter.type ?? []), ...(encounter.reasonCode ?? [])]) ||
      pointsAtWithheld(encounter.reasonReference) ||
      pointsAtWithheld(diagnoses)
    ) {
      sensitiveEncounters.add(encounter);
    }
  }
  const atSensitiveEncounter = (reference: Reference | undefined): boolean => {
    if (reference === undefined || sensitiveEncounters.size === 0) return false;
    const target = index.resolve(reference);
    return target?.resourceType === 'Encounter' && sensitiveEncounters.has(target);
  };

  let count = withheld.size;
  const consider = (
    resource: FhirResource,
    concepts: readonly (CodeableConcept | undefined)[],
    reasons: readonly Reference[] | undefined,
    encounter: Reference | undefined,
  ): void => {
    if (isSensitive(concepts) || pointsAtWithheld(reasons) || atSensitiveEncounter(encounter)) {
      withheld.add(resource);
      count += 1;
    }
  };

  const isVitalSign = (observation: Observation): boolean =>
    hasAnyCode(observation.category, VITAL_CATEGORIES) ||
    conceptCodings(observation.code).some(
      (coding) => coding.code !== undefined && VITAL_SIGN_CODES.has(coding.code),
    );
  for (const observation of record.observations) {
    const concepts = [observation.code, observation.valueCodeableConcept];
    for (const component of observation.component ?? [])
      concepts.push(component.code, component.valueCodeableConcept);
    const encounter =
      sensitiveEncounters.size === 0 || isVitalSign(observation) ? undefined : observation.encounter;
    consider(observation, concepts, undefined, encounter);
  }
  const considerMedication = (
    resource: MedicationRequest | MedicationStatement,
    encounter: Reference | undefined,
  ): void => {
    consider(
      resource,
      [medicationConceptOf(resource, index), ...(resource.reasonCode ?? [])],
      resource.reasonReference,
      encounter,
    );
  };
  for (const request of record.medicationRequests) considerMedication(request, request.encounter);
  for (const statement of record.medicationStatements) considerMedication(statement, statement.context);
  for (const procedure of record.procedures)
    consider(
      procedure,
      [procedure.code, ...(procedure.reasonCode ?? [])],
      procedure.reasonReference,
      procedure.encounter,
    );
  for (const report of record.diagnosticReports)
    consider(report, [report.code, ...(report.conclusionCode ?? [])], undefined, report.encounter);
  for (const immunization of record.immunizations)
    consider(
      immunization,
      [immunization.vaccineCode, ...(immunization.reasonCode ?? [])],
      immunization.reasonReference,
      immunization.encounter,
    );
  for (const allergy of record.allergies) consider(allergy, [allergy.code], undefined, allergy.encounter);
  for (const encounter of sensitiveEncounters) withheld.add(encounter);

  return { isWithheld: (resource) => withheld.has(resource), count };
}
