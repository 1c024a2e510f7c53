// What the compact context must never lose to the token budget, worked out from the record itself (not from the
// ClinicalContext), and a check that the rendered text has each of it, cited. The must-keep set: every active
// problem, every active medication, every allergy, and the latest value of every lab series with a result
// within the recent window — leaving out what the sensitivity settings withhold. Used by the retention tests
// and the bench; the app can use it to warn when a budget is too small for a record.
import type { FhirResource, Observation } from 'fhir/r4';
import { listRecordResources, type PatientRecord } from '../record/patient-record.ts';
import { SYSTEM_LOINC } from '../terminology/code-systems.ts';
import { DEFAULT_RECENT_DAYS } from './clinical-context.ts';
import { isActiveCondition, isShownAllergy } from './record-status.ts';
import {
  conceptCode,
  conceptDisplayText,
  conceptKeys,
  conceptLabel,
  createResourceIndex,
  hasAnyCode,
} from './fhir-concepts.ts';
import { medicationConceptOf } from './medication-concept.ts';
import { formatNumber, observationTimeMs } from './observation-series.ts';
import { daysBefore, parseFhirDateTimeMs } from './relative-time.ts';
import type { SensitiveCategory } from './sensitive-categories.ts';
import { normalizeQuantity } from './ucum-units.ts';
import { findWithheldResources } from './withheld-resources.ts';

export interface RetentionTarget {
  readonly kind: 'problem' | 'medication' | 'allergy' | 'lab';
  readonly label: string;
  /** `Type/id` of the resources any of which may be cited for it (duplicates of one problem, tied results). */
  readonly acceptableSources: readonly string[];
  /** Text the cited line must contain (case-insensitive): the name, or the lab value. */
  readonly expectedText: string;
}

export interface RetentionOptions {
  readonly nowMs: number;
  readonly includeSensitiveCategories?: readonly SensitiveCategory[];
  readonly recentDays?: number;
}

const LAB_CATEGORIES: ReadonlySet<string> = new Set(['laboratory']);
const NO_RESULT_STATUSES: ReadonlySet<string> = new Set(['registered', 'cancelled', 'entered-in-error']);
/** Words of RxNorm names that are not the drug: pack quantities and units. */
const NOT_A_DRUG_WORD: ReadonlySet<string> = new Set(['hr', 'actuat', 'ml', 'mg', 'day', 'mcg', 'unt']);

function key(resource: FhirResource): string {
  return `${resource.resourceType}/${resource.id ?? ''}`;
}

/** The first word of a drug name that names the drug ("24 HR Metformin …" → "Metformin"). */
function drugWord(name: string): string {
  const word = name
    .split(/[\s/[\]]+/)
    .find(
      (candidate) =>
        /^[A-Za-z][A-Za-z-]{2,}$/.test(candidate) && !NOT_A_DRUG_WORD.has(candidate.toLowerCase()),
    );
  return word ?? name;
}

export function listRetentionTargets(record: PatientRecord, options: RetentionOptions): RetentionTarget[] {
  const index = createResourceIndex(() => listRecordResources(record));
  const withheld = findWithheldResources(record, index, new Set(options.includeSensitiveCategories ?? []));
  const targets: RetentionTarget[] = [];

  const activeConditions = record.conditions.filter(
    (condition) => isActiveCondition(condition) && !withheld.isWithheld(condition),
  );
  for (const condition of activeConditions) {
    const sameProblem = activeConditions.filter(
      (other) =>
        (conceptKeys(other.code)[0] ?? conceptLabel(other.code)) ===
        (conceptKeys(condition.code)[0] ?? conceptLabel(condition.code)),
    );
    targets.push({
      kind: 'problem',
      label: conceptLabel(condition.code),
      acceptableSources: sameProblem.map(key),
      expectedText: conceptLabel(condition.code),
    });
  }

  const medications = [...record.medicationRequests, ...record.medicationStatements].filter(
    (resource) => resource.status === 'active' && !withheld.isWithheld(resource),
  );
  for (const medication of medications) {
    const name = conceptLabel(medicationConceptOf(medication, index));
    const sameDrug = medications.filter(
      (other) =>
        other.resourceType === medication.resourceType &&
        conceptLabel(medicationConceptOf(other, index)) === name,
    );
    targets.push({
      kind: 'medication',
      label: name,
      acceptableSources: sameDrug.map(key),
      expectedText: drugWord(name),
    });
  }

  for (const allergy of record.allergies.filter(
    (candidate) => isShownAllergy(candidate) && !withheld.isWithheld(candidate),
  )) {
    targets.push({
      kind: 'allergy',
      label: conceptLabel(allergy.code),
      acceptableSources: [key(allergy)],
      expectedText: conceptLabel(allergy.code),
    });
  }

  const deathMs = parseFhirDateTimeMs(record.patient?.deceasedDateTime);
  const referenceMs = deathMs ?? options.nowMs;
  const recentDays = options.recentDays ?? DEFAULT_RECENT_DAYS;
  const series = new Map<string, { observation: Observation; timeMs: number }[]>();
  for (const observation of record.observations) {
    if (
      !hasAnyCode(observation.category, LAB_CATEGORIES) ||
      withheld.isWithheld(observation) ||
      NO_RESULT_STATUSES.has(observation.status)
    )
      continue;
    if (observation.valueQuantity?.value === undefined && observation.valueCodeableConcept === undefined)
      continue;
    const timeMs = observationTimeMs(observation);
    if (timeMs === undefined) continue;
    const seriesKey = `${conceptCode(observation.code, SYSTEM_LOINC) ?? conceptLabel(observation.code)}|${observation.valueQuantity === undefined ? 'coded' : 'quantity'}`;
    series.set(seriesKey, [...(series.get(seriesKey) ?? []), { observation, timeMs }]);
  }
  for (const entries of series.values()) {
    const latestMs = Math.max(...entries.map((entry) => entry.timeMs));
    if (daysBefore(referenceMs, latestMs) > recentDays) continue;
    const latest = entries.filter((entry) => entry.timeMs === latestMs).map((entry) => entry.observation);
    const first = latest[0];
    if (first === undefined) continue;
    const loinc = conceptCode(first.code, SYSTEM_LOINC);
    const quantity =
      first.valueQuantity === undefined ? undefined : normalizeQuantity(loinc, first.valueQuantity);
    const expectedText =
      quantity === undefined
        ? (conceptDisplayText(first.valueCodeableConcept) ?? '')
        : formatNumber(quantity.value);
    targets.push({
      kind: 'lab',
      label: conceptLabel(first.code),
      acceptableSources: latest.map(key),
      expectedText,
    });
  }
  return targets;
}

/** The targets the rendered text does not carry: no line starting with an alias of an acceptable source and containing the expected text. */
export function findMissingRetentionTargets(
  targets: readonly RetentionTarget[],
  rendered: { readonly text: string; readonly aliases: Readonly<Record<string, string>> },
): RetentionTarget[] {
  const linesByAlias = new Map<string, string[]>();
  for (const line of rendered.text.split('\n')) {
    const alias = /^([A-Z]\d+) /.exec(line)?.[1];
    if (alias !== undefined)
      linesByAlias.set(alias, [...(linesByAlias.get(alias) ?? []), line.toLowerCase()]);
  }
  const aliasesBySource = new Map<string, string[]>();
  for (const [alias, source] of Object.entries(rendered.aliases))
    aliasesBySource.set(source, [...(aliasesBySource.get(source) ?? []), alias]);
  return targets.filter((target) => {
    const expected = target.expectedText.toLowerCase();
    return !target.acceptableSources.some((source) =>
      (aliasesBySource.get(source) ?? []).some((alias) =>
        (linesByAlias.get(alias) ?? []).some((line) => line.includes(expected)),
      ),
    );
  });
}
