// The encounter summary of the clinical context: visits by class over the last years, the latest ones named.
import type { Encounter } from 'fhir/r4';
import { ENCOUNTER_CLASS_LABELS } from '../terminology/hl7-v3-codes.ts';
import { conceptDisplayText } from './fhir-concepts.ts';
import { sourceOf } from './observation-series.ts';
import { daysBefore, parseFhirDateTimeMs } from './relative-time.ts';
import type { EncounterSummary } from './clinical-context.ts';
import type { BuildState } from './context-build-state.ts';

const NOT_HELD_ENCOUNTER_STATUSES: ReadonlySet<string> = new Set([
  'cancelled',
  'entered-in-error',
  'planned',
]);

const ENCOUNTER_YEARS_SHOWN = 5;

function encounterClassLabel(encounter: Encounter): string {
  // R4 requires a class; records without one (the CMS measures' test patients) exist, and are read as unknown.
  const encounterClass = encounter.class as Encounter['class'] | undefined;
  const code = encounterClass?.code;
  if (code !== undefined && ENCOUNTER_CLASS_LABELS[code] !== undefined) return ENCOUNTER_CLASS_LABELS[code];
  return (encounterClass?.display ?? code ?? 'unknown').toLowerCase();
}

export function buildEncounterSummary(
  encounters: readonly Encounter[],
  state: BuildState,
  isWithheld: (encounter: Encounter) => boolean,
): EncounterSummary | undefined {
  const dated = encounters
    .filter((encounter) => !NOT_HELD_ENCOUNTER_STATUSES.has(encounter.status))
    .flatMap((encounter) => {
      const startMs =
        parseFhirDateTimeMs(encounter.period?.start) ?? parseFhirDateTimeMs(encounter.period?.end);
      return startMs === undefined
        ? []
        : [{ encounter, startMs, classLabel: encounterClassLabel(encounter) }];
    })
    .sort((a, b) => b.startMs - a.startMs || (a.encounter.id ?? '').localeCompare(b.encounter.id ?? ''));
  const last = dated[0];
  if (last === undefined) return undefined;
  const buckets = new Map<number | 'earlier', Record<string, number>>();
  const lastByClass = new Map<string, number>();
  for (const entry of dated) {
    const daysAgo = daysBefore(state.referenceMs, entry.startMs);
    const yearsAgo = Math.max(0, Math.floor(daysAgo / 365.25));
    const bucket = yearsAgo < ENCOUNTER_YEARS_SHOWN ? yearsAgo : 'earlier';
    const counts = buckets.get(bucket) ?? {};
    counts[entry.classLabel] = (counts[entry.classLabel] ?? 0) + 1;
    buckets.set(bucket, counts);
    if (!lastByClass.has(entry.classLabel)) lastByClass.set(entry.classLabel, daysAgo);
  }
  const bucketOrder: (number | 'earlier')[] = [
    ...Array.from({ length: ENCOUNTER_YEARS_SHOWN }, (_, index) => index),
    'earlier',
  ];
  const typeText = conceptDisplayText(last.encounter.type?.[0]);
  return {
    total: dated.length,
    byYear: bucketOrder.flatMap((yearsAgo) => {
      const counts = buckets.get(yearsAgo);
      return counts === undefined ? [] : [{ yearsAgo, counts }];
    }),
    last: {
      classLabel: last.classLabel,
      // The type of a visit in a withheld category (a prenatal visit) would name the category.
      type: typeText === undefined || isWithheld(last.encounter) ? undefined : state.scrub(typeText),
      daysAgo: daysBefore(state.referenceMs, last.startMs),
      source: sourceOf(last.encounter),
    },
    lastByClass: [...lastByClass.entries()]
      .map(([classLabel, daysAgo]) => ({ classLabel, daysAgo }))
      .sort((a, b) => a.daysAgo - b.daysAgo || a.classLabel.localeCompare(b.classLabel)),
  };
}
