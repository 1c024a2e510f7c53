// The categories a record's Conditions and Observations carry, read from each resource: how a load that searched
// without category still shows what it holds per category. A resource with no category (Synthea's Conditions,
// many servers' older Observations) counts as "uncategorised", never dropped; one with several counts once under
// each of them.
import type { CodeableConcept } from 'fhir/r4';
import type { PatientRecord } from './patient-record.ts';

export const UNCATEGORISED = 'uncategorised';

/** Per category code, how many resources carry it. */
export type CategoryCount = Readonly<Record<string, number>>;

export interface CategoryCounts {
  readonly Condition: CategoryCount;
  readonly Observation: CategoryCount;
}

export function countCategories(record: PatientRecord): CategoryCounts {
  return {
    Condition: countBy(record.conditions.map((condition) => categoryCodes(condition.category))),
    Observation: countBy(record.observations.map((observation) => categoryCodes(observation.category))),
  };
}

/** The codes of a resource's categories (text when a category has no code), or `uncategorised`. */
export function categoryCodes(categories: readonly CodeableConcept[] | undefined): readonly string[] {
  const codes = new Set<string>();
  for (const category of categories ?? []) {
    const coded = (category.coding ?? []).flatMap((coding) => (coding.code ? [coding.code] : []));
    for (const code of coded) codes.add(code);
    if (coded.length === 0 && category.text) codes.add(category.text);
  }
  return codes.size === 0 ? [UNCATEGORISED] : [...codes];
}

function countBy(codeLists: readonly (readonly string[])[]): CategoryCount {
  const counts: Record<string, number> = {};
  for (const codes of codeLists) for (const code of codes) counts[code] = (counts[code] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}
