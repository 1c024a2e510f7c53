// Reading codes and display text from FHIR CodeableConcepts, and the reference lookups the context needs.
import type { CodeableConcept, Coding, FhirResource, Reference } from 'fhir/r4';

/** Zero-width characters: Synthea's eGFR display carries a U+200B, and copied EHR text carries the others. */
const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF]/g;
/**
 * SNOMED CT fully specified names end in a semantic tag ("(disorder)", "(finding)"). It tells the model nothing
 * the section heading does not, and costs tokens.
 */
const SEMANTIC_TAG =
  /\s*\((?:disorder|finding|procedure|situation|regime\/therapy|qualifier value|record artifact|observable entity|morphologic abnormality|body structure|substance|product|event|physical object|environment|person)\)\s*$/i;

export function conceptCodings(concept: CodeableConcept | undefined): readonly Coding[] {
  return concept?.coding ?? [];
}

/** The first code in the given system, if any. */
export function conceptCode(concept: CodeableConcept | undefined, system: string): string | undefined {
  return conceptCodings(concept).find((coding) => coding.system === system && coding.code !== undefined)
    ?.code;
}

/** True when any coding is in the system and one of the codes. */
export function hasConceptCode(
  concept: CodeableConcept | undefined,
  system: string,
  codes: ReadonlySet<string>,
): boolean {
  return conceptCodings(concept).some(
    (coding) => coding.system === system && coding.code !== undefined && codes.has(coding.code),
  );
}

/** Any coding's code in the set, whatever its system (for codes like the observation categories). */
export function hasAnyCode(
  concepts: readonly CodeableConcept[] | undefined,
  codes: ReadonlySet<string>,
): boolean {
  return (concepts ?? []).some((concept) =>
    conceptCodings(concept).some((coding) => coding.code !== undefined && codes.has(coding.code)),
  );
}

/** Trimmed text with zero-width characters removed and runs of white space collapsed. */
export function normalizeText(text: string): string {
  return text.replace(ZERO_WIDTH, '').replace(/\s+/g, ' ').trim();
}

/** The concept's name for people: its text, else the first coding display, cleaned; undefined if it has neither. */
export function conceptDisplayText(concept: CodeableConcept | undefined): string | undefined {
  const raw =
    concept?.text ?? conceptCodings(concept).find((coding) => coding.display !== undefined)?.display;
  if (raw === undefined) return undefined;
  const cleaned = normalizeText(raw).replace(SEMANTIC_TAG, '');
  return cleaned === '' ? undefined : cleaned;
}

/** The name of a concept, else its first `system|code`, else "unnamed". */
export function conceptLabel(concept: CodeableConcept | undefined): string {
  const display = conceptDisplayText(concept);
  if (display !== undefined) return display;
  const coding = conceptCodings(concept).find((candidate) => candidate.code !== undefined);
  return coding?.code === undefined ? 'unnamed' : `code ${coding.code}`;
}

/** All `system|code` strings of a concept. */
export function conceptKeys(concept: CodeableConcept | undefined): string[] {
  return conceptCodings(concept).flatMap((coding) =>
    coding.code === undefined ? [] : [`${coding.system ?? ''}|${coding.code}`],
  );
}

/**
 * A lookup from reference strings to the record's resources (given as a function, read on first use). Bundles from `chartside load` use `Type/id`
 * (or absolute URLs ending in it); Synthea transaction Bundles use `urn:uuid:<id>`, where the uuid is the
 * resource id. Contained (`#id`) references are not resolved here.
 */
export interface ResourceIndex {
  readonly resolve: (reference: Reference | undefined) => FhirResource | undefined;
}

export function createResourceIndex(resources: () => Iterable<FhirResource>): ResourceIndex {
  // Built on the first lookup: most records need none (no withheld item for a reference to point at).
  let byKey: Map<string, FhirResource> | undefined;
  let byId: Map<string, FhirResource | null> | undefined;
  const build = (): { byKey: Map<string, FhirResource>; byId: Map<string, FhirResource | null> } => {
    if (byKey !== undefined && byId !== undefined) return { byKey, byId };
    const keys = new Map<string, FhirResource>();
    const ids = new Map<string, FhirResource | null>();
    for (const resource of resources()) {
      if (resource.id === undefined) continue;
      keys.set(`${resource.resourceType}/${resource.id}`, resource);
      // Ids are unique per type only: a bare id that two types share cannot be resolved.
      ids.set(resource.id, ids.has(resource.id) ? null : resource);
    }
    byKey = keys;
    byId = ids;
    return { byKey: keys, byId: ids };
  };
  return {
    resolve(reference) {
      const text = reference?.reference;
      if (text === undefined || text.startsWith('#')) return undefined;
      const maps = build();
      if (text.startsWith('urn:uuid:')) return maps.byId.get(text.slice('urn:uuid:'.length)) ?? undefined;
      const match = /([A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?$/.exec(text);
      return match ? maps.byKey.get(`${match[1] ?? ''}/${match[2] ?? ''}`) : undefined;
    },
  };
}
