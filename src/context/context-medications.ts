// Current medications (name, dose, structured dose, since when) and allergies (criticality first) of the
// clinical context.
import type {
  AllergyIntolerance,
  CodeableConcept,
  Dosage,
  MedicationRequest,
  MedicationStatement,
} from 'fhir/r4';
import type { createResourceIndex } from './fhir-concepts.ts';
import { conceptDisplayText, conceptLabel } from './fhir-concepts.ts';
import { medicationConceptOf } from './medication-concept.ts';
import { formatDosage, formatMedicationName, parseMedicationIngredients } from './medication-names.ts';
import { sourceOf } from './observation-series.ts';
import { parseFhirDateTimeMs } from './relative-time.ts';
import type { AllergyItem, MedicationItem, StructuredDose } from './clinical-context.ts';
import { isCurrentMedication, isShownAllergy, statusCode } from './record-status.ts';
import {
  codeRefsOf,
  compareBySource,
  daysAgoOf,
  freeText,
  sortRecentFirst,
  type BuildState,
} from './context-build-state.ts';

/** Times a day from a dosage's timing (a frequency per period in h, d or wk); undefined otherwise. */
const HOURS_PER_PERIOD_UNIT: Readonly<Record<string, number>> = { h: 1, d: 24, wk: 168 };

function structuredDoseOf(dosages: readonly Dosage[] | undefined): StructuredDose | undefined {
  const dosage = dosages?.[0];
  const dose = dosage?.doseAndRate?.find((entry) => entry.doseQuantity !== undefined)?.doseQuantity;
  if (dosage === undefined || dose?.value === undefined) return undefined;
  const repeat = dosage.timing?.repeat;
  const hours = repeat?.periodUnit === undefined ? undefined : HOURS_PER_PERIOD_UNIT[repeat.periodUnit];
  const timesPerDay =
    repeat?.period === undefined || repeat.period <= 0 || hours === undefined
      ? undefined
      : ((repeat.frequency ?? 1) * 24) / (repeat.period * hours);
  return { amount: dose.value, unit: dose.unit ?? dose.code, timesPerDay };
}

export function buildMedications(
  resources: readonly (MedicationRequest | MedicationStatement)[],
  state: BuildState,
  index: ReturnType<typeof createResourceIndex>,
): MedicationItem[] {
  const groups = new Map<
    string,
    {
      resource: MedicationRequest | MedicationStatement;
      timeMs: number | undefined;
      name: string;
      concept: CodeableConcept | undefined;
    }[]
  >();
  for (const resource of resources) {
    if (!isCurrentMedication(resource)) continue;
    const concept = medicationConceptOf(resource, index);
    const name = state.scrub(formatMedicationName(conceptLabel(concept)));
    const timeMs =
      resource.resourceType === 'MedicationRequest'
        ? parseFhirDateTimeMs(resource.authoredOn)
        : (parseFhirDateTimeMs(resource.effectiveDateTime) ??
          parseFhirDateTimeMs(resource.effectivePeriod?.start) ??
          parseFhirDateTimeMs(resource.dateAsserted));
    const key = `${resource.resourceType}|${name.toLowerCase()}`;
    groups.set(key, [...(groups.get(key) ?? []), { resource, timeMs, name, concept }]);
  }
  const items = [...groups.values()].map((group) => {
    const sorted = [...group].sort(
      (a, b) => (b.timeMs ?? 0) - (a.timeMs ?? 0) || (a.resource.id ?? '').localeCompare(b.resource.id ?? ''),
    );
    const latest = sorted[0];
    if (latest === undefined) throw new Error('a medication group is never empty');
    const resource = latest.resource;
    const dosage =
      resource.resourceType === 'MedicationRequest' ? resource.dosageInstruction : resource.dosage;
    const sig = formatDosage(dosage);
    const startTimes = group.flatMap((entry) => (entry.timeMs === undefined ? [] : [entry.timeMs]));
    return {
      name: latest.name,
      dosage: sig === undefined ? undefined : state.scrub(sig),
      status: resource.status,
      kind: resource.resourceType === 'MedicationRequest' ? ('request' as const) : ('statement' as const),
      lastDaysAgo: daysAgoOf(state, latest.timeMs),
      occurrences: group.length,
      note: freeText(state, [
        ...(dosage ?? []).flatMap((entry) => [entry.text, entry.patientInstruction]),
        ...(resource.note ?? []).map((note) => note.text),
      ]),
      source: sourceOf(resource),
      codes: codeRefsOf(latest.concept),
      ingredients: parseMedicationIngredients(state.scrub(conceptLabel(latest.concept))),
      startDaysAgo: startTimes.length === 0 ? undefined : daysAgoOf(state, Math.min(...startTimes)),
      structuredDose: structuredDoseOf(dosage),
    };
  });
  return sortRecentFirst(items, (item) => item.lastDaysAgo);
}

/** High criticality first (the ones that can kill), then most recently recorded, then by name. */
export function buildAllergies(allergies: readonly AllergyIntolerance[], state: BuildState): AllergyItem[] {
  const criticalityRank: Readonly<Record<string, number>> = { high: 0, 'unable-to-assess': 1, low: 2 };
  return allergies
    .filter(isShownAllergy)
    .map((allergy) => {
      const recordedMs =
        parseFhirDateTimeMs(allergy.recordedDate) ?? parseFhirDateTimeMs(allergy.onsetDateTime);
      const verification = statusCode(allergy.verificationStatus);
      return {
        name: state.scrub(conceptLabel(allergy.code)),
        categories: [...(allergy.category ?? [])],
        criticality: allergy.criticality,
        clinicalStatus: statusCode(allergy.clinicalStatus),
        verification: verification === undefined || verification === 'confirmed' ? undefined : verification,
        reactions: (allergy.reaction ?? []).map((reaction) => ({
          manifestations: reaction.manifestation.flatMap((manifestation) => {
            const text = conceptDisplayText(manifestation);
            return text === undefined ? [] : [state.scrub(text)];
          }),
          severity: reaction.severity,
        })),
        recordedDaysAgo: daysAgoOf(state, recordedMs),
        note: freeText(state, [
          ...(allergy.reaction ?? []).map((reaction) => reaction.description),
          ...(allergy.note ?? []).map((note) => note.text),
        ]),
        source: sourceOf(allergy),
      };
    })
    .sort(
      (a, b) =>
        (criticalityRank[a.criticality ?? ''] ?? 3) - (criticalityRank[b.criticality ?? ''] ?? 3) ||
        (a.recordedDaysAgo ?? Number.MAX_SAFE_INTEGER) - (b.recordedDaysAgo ?? Number.MAX_SAFE_INTEGER) ||
        a.name.localeCompare(b.name) ||
        compareBySource(a, b),
    );
}
