// What every part of the clinical context is built with: the reference instant, the birth date, the scrubber and
// the free-text setting; ages and days before the reference; free text only when let in; a stable recent-first order.
import type { CodeableConcept } from 'fhir/r4';
import type { SourceRef } from './context-types.ts';
import { conceptCodings } from './fhir-concepts.ts';
import { prepareFreeText, type TextScrubber } from './free-text.ts';
import { ageYearsAt, daysBefore } from './relative-time.ts';
import type { CodeRef } from './clinical-context.ts';

/** Every `system|code` of a concept as CodeRefs (codings without a code, or a system, are left out). */
export function codeRefsOf(concept: CodeableConcept | undefined): CodeRef[] {
  return conceptCodings(concept).flatMap((coding) =>
    coding.system === undefined || coding.code === undefined
      ? []
      : [{ system: coding.system, code: coding.code }],
  );
}

export function compareBySource(a: { source: SourceRef }, b: { source: SourceRef }): number {
  return a.source.id.localeCompare(b.source.id);
}

/** Most recent first; undefined times last; then by name and id, so the order never depends on input order. */
export function sortRecentFirst<T extends { readonly name: string; readonly source: SourceRef }>(
  items: T[],
  daysAgoOf: (item: T) => number | undefined,
): T[] {
  return items.sort((a, b) => {
    const daysA = daysAgoOf(a) ?? Number.MAX_SAFE_INTEGER;
    const daysB = daysAgoOf(b) ?? Number.MAX_SAFE_INTEGER;
    return daysA - daysB || a.name.localeCompare(b.name) || compareBySource(a, b);
  });
}

export interface BuildState {
  readonly referenceMs: number;
  readonly birthDate: string | undefined;
  readonly scrub: TextScrubber;
  readonly includeFreeText: boolean;
}

export function ageAt(state: BuildState, ms: number | undefined): number | undefined {
  return ms === undefined ? undefined : ageYearsAt(state.birthDate, ms);
}

export function daysAgoOf(state: BuildState, ms: number | undefined): number | undefined {
  return ms === undefined ? undefined : daysBefore(state.referenceMs, ms);
}

export function freeText(state: BuildState, texts: readonly (string | undefined)[]): string | undefined {
  if (!state.includeFreeText) return undefined;
  const joined = texts.filter((text): text is string => text !== undefined && text.trim() !== '').join(' / ');
  return joined === '' ? undefined : prepareFreeText(joined, state.scrub);
}
