// References the record makes to resources it does not hold: an encounter's diagnosis, a report's results, the
// reason a drug was ordered. A section can come back empty or short (a category the server files differently, a
// search the EHR answers in part, a page lost) while the rest of the record still points at what it should
// have held. Those pointers are the only evidence of the gap, so they are counted and shown as a data-quality
// warning: "No active problems" must never stand for "the problems were not loaded".
//
// Counted: literal references `Type/id` (FHIR R4 §2.3.0 Reference.reference, relative to the server's base),
// and absolute URLs on the same server when its base is known, to a type the PatientRecord holds. Also counted:
// `urn:` references (Bundle-local: the Bundle reader rewrites every one whose entry it holds to `Type/id`, so one
// left is to an entry the Bundle lacks) when their target type is known, from `Reference.type` or from a field
// FHIR R4 lets point at one type only. Not counted: contained references (`#id`, resolved inside the resource),
// `urn:` references of unknown type, logical references (identifier only), references to resources left out as
// entered in error (they were loaded, and rightly dropped), and absolute URLs on other servers (never searched).
import type { FhirResource, Reference } from 'fhir/r4';
import {
  isRecordResourceType,
  listRecordResources,
  RECORD_RESOURCE_TYPES,
  recordTypeOf,
  resourceKey,
  type PatientRecord,
  type RecordResourceType,
} from '../record/patient-record.ts';

/** The types a PatientRecord holds that a clinical reference can point at (the Patient is its own read). */
export type ReferenceTargetType = Exclude<RecordResourceType, 'Patient'>;

function isReferenceTargetType(type: string): type is ReferenceTargetType {
  return type !== 'Patient' && isRecordResourceType(type);
}

/** In the record's display order (patient-record.ts RECORD_TYPES). */
export const REFERENCE_TARGET_TYPES: readonly ReferenceTargetType[] =
  RECORD_RESOURCE_TYPES.filter(isReferenceTargetType);

/** The referencing types read here (see REFERENCE_FIELDS). */
export type ReferencingType =
  | 'Encounter'
  | 'Procedure'
  | 'MedicationRequest'
  | 'MedicationStatement'
  | 'DiagnosticReport'
  | 'Observation'
  | 'Immunization'
  | 'CarePlan'
  | 'Goal'
  | 'Condition';

export interface ReferenceGap {
  /** The type of the resources that could not be loaded. */
  readonly targetType: ReferenceTargetType;
  /** Distinct resources referenced but not in the record (one counted once however often it is referenced). */
  readonly count: number;
  /** The type of the resources that reference them. */
  readonly referencingType: ReferencingType;
  /** How many of those resources hold such a reference. */
  readonly referencingCount: number;
  /** The fields the references were found in, e.g. `Encounter.diagnosis`, in REFERENCE_FIELDS order. */
  readonly referencedBy: readonly string[];
  /** For people: "4 problems referenced by encounters could not be loaded". Counts and types only, no ids. */
  readonly message: string;
}

export interface UnresolvedReferenceOptions {
  /** `Type/id` of resources left out as entered in error (AssembledRecord / LoadDiagnostics). */
  readonly excludedKeys?: readonly string[];
  /**
   * The FHIR base URL the record was read from: absolute references under it count like relative ones.
   * Without it absolute references are not counted (the server they name is unknown, so not known unloaded).
   */
  readonly fhirBaseUrl?: string;
}

interface ReferenceField {
  readonly referencingType: ReferencingType;
  /** FHIR path, as shown in `referencedBy`. */
  readonly path: string;
  readonly references: (resource: FhirResource) => readonly (Reference | undefined)[];
  /** The one type FHIR R4 lets this field reference, which types a `urn:` reference to an absent entry. */
  readonly soleTargetType?: ReferenceTargetType;
}

/**
 * The fields read, by FHIR R4 element (each a Reference to clinical resources of the record). Conditions behind
 * an encounter, a procedure or an order are the problem list's most common silent gap: Epic files encounter
 * diagnoses under their own category, and a server that ignores `category=encounter-diagnosis` drops them.
 */
const REFERENCE_FIELDS: readonly ReferenceField[] = [
  {
    referencingType: 'Encounter',
    path: 'Encounter.diagnosis',
    references: (resource) =>
      resource.resourceType === 'Encounter'
        ? (resource.diagnosis ?? []).map((diagnosis) => diagnosis.condition)
        : [],
  },
  {
    referencingType: 'Encounter',
    path: 'Encounter.reasonReference',
    references: (resource) => (resource.resourceType === 'Encounter' ? (resource.reasonReference ?? []) : []),
  },
  {
    referencingType: 'Procedure',
    path: 'Procedure.reasonReference',
    references: (resource) => (resource.resourceType === 'Procedure' ? (resource.reasonReference ?? []) : []),
  },
  {
    referencingType: 'MedicationRequest',
    path: 'MedicationRequest.reasonReference',
    references: (resource) =>
      resource.resourceType === 'MedicationRequest' ? (resource.reasonReference ?? []) : [],
  },
  {
    referencingType: 'MedicationRequest',
    path: 'MedicationRequest.medicationReference',
    soleTargetType: 'Medication',
    references: (resource) =>
      resource.resourceType === 'MedicationRequest' ? [resource.medicationReference] : [],
  },
  {
    referencingType: 'MedicationStatement',
    path: 'MedicationStatement.reasonReference',
    references: (resource) =>
      resource.resourceType === 'MedicationStatement' ? (resource.reasonReference ?? []) : [],
  },
  {
    referencingType: 'MedicationStatement',
    path: 'MedicationStatement.medicationReference',
    soleTargetType: 'Medication',
    references: (resource) =>
      resource.resourceType === 'MedicationStatement' ? [resource.medicationReference] : [],
  },
  {
    referencingType: 'DiagnosticReport',
    path: 'DiagnosticReport.result',
    soleTargetType: 'Observation',
    references: (resource) => (resource.resourceType === 'DiagnosticReport' ? (resource.result ?? []) : []),
  },
  {
    referencingType: 'Observation',
    path: 'Observation.hasMember',
    references: (resource) => (resource.resourceType === 'Observation' ? (resource.hasMember ?? []) : []),
  },
  {
    referencingType: 'Observation',
    path: 'Observation.derivedFrom',
    references: (resource) => (resource.resourceType === 'Observation' ? (resource.derivedFrom ?? []) : []),
  },
  {
    referencingType: 'Immunization',
    path: 'Immunization.reasonReference',
    references: (resource) =>
      resource.resourceType === 'Immunization' ? (resource.reasonReference ?? []) : [],
  },
  {
    referencingType: 'CarePlan',
    path: 'CarePlan.addresses',
    soleTargetType: 'Condition',
    references: (resource) => (resource.resourceType === 'CarePlan' ? (resource.addresses ?? []) : []),
  },
  {
    referencingType: 'Goal',
    path: 'Goal.addresses',
    references: (resource) => (resource.resourceType === 'Goal' ? (resource.addresses ?? []) : []),
  },
  {
    referencingType: 'Condition',
    path: 'Condition.evidence.detail',
    references: (resource) =>
      resource.resourceType === 'Condition'
        ? (resource.evidence ?? []).flatMap((evidence) => evidence.detail ?? [])
        : [],
  },
];

/** "referenced by an encounter" / "by encounters". */
const REFERENCING_WORDS: Readonly<Record<ReferencingType, readonly [string, string]>> = {
  Encounter: ['an encounter', 'encounters'],
  Procedure: ['a procedure', 'procedures'],
  MedicationRequest: ['a medication order', 'medication orders'],
  MedicationStatement: ['a medication statement', 'medication statements'],
  DiagnosticReport: ['a report', 'reports'],
  Observation: ['another result', 'other results'],
  Immunization: ['an immunization', 'immunizations'],
  CarePlan: ['a care plan', 'care plans'],
  Goal: ['a goal', 'goals'],
  Condition: ['a problem', 'problems'],
};

/** FHIR ids: 1–64 of A-Z a-z 0-9 - . (R4 §2.24.0.1); a version suffix `/_history/v` may follow. */
const RELATIVE_REFERENCE = /^([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?$/;

/** The `Type/id` a reference names on this server, if it is a literal reference the loader could have read. */
export function literalReferenceKey(
  reference: Reference | undefined,
  fhirBaseUrl: string | undefined,
): { readonly type: ReferenceTargetType; readonly key: string } | undefined {
  const text = reference?.reference;
  if (text === undefined || text.startsWith('#') || text.startsWith('urn:')) return undefined;
  let relative = text;
  if (/^[a-z][a-z0-9+.-]*:/i.test(text)) {
    const base = fhirBaseUrl?.replace(/\/+$/, '');
    if (base === undefined || base === '' || !text.startsWith(`${base}/`)) return undefined;
    relative = text.slice(base.length + 1);
  }
  const match = RELATIVE_REFERENCE.exec(relative);
  const type = match?.[1];
  const id = match?.[2];
  if (type === undefined || id === undefined || !isReferenceTargetType(type)) return undefined;
  return { type, key: `${type}/${id}` };
}

/** An unresolved `urn:` reference (see the top of this file) as `Type/urn:…`, when its target type is known. */
function bundleLocalReferenceKey(
  reference: Reference | undefined,
  field: ReferenceField,
): { readonly type: ReferenceTargetType; readonly key: string } | undefined {
  const text = reference?.reference;
  if (text?.startsWith('urn:') !== true) return undefined;
  const type =
    reference?.type !== undefined && isReferenceTargetType(reference.type)
      ? reference.type
      : field.soleTargetType;
  return type === undefined ? undefined : { type, key: `${type}/${text}` };
}

interface GapTally {
  readonly targets: Set<string>;
  readonly referencing: Set<FhirResource>;
  readonly paths: Set<string>;
}

/**
 * Every group of referenced-but-unloaded resources, one per referencing type and target type, ordered by the
 * fields above and then REFERENCE_TARGET_TYPES (so the same record gives the same list in any resource order).
 */
export function findUnresolvedReferences(
  record: PatientRecord,
  options: UnresolvedReferenceOptions = {},
): ReferenceGap[] {
  const resources = listRecordResources(record);
  const held = new Set(resources.map(resourceKey));
  const excluded = new Set(options.excludedKeys ?? []);
  const tallies = new Map<
    string,
    GapTally & { referencingType: ReferencingType; targetType: ReferenceTargetType }
  >();

  for (const field of REFERENCE_FIELDS) {
    for (const resource of resources) {
      if (resource.resourceType !== field.referencingType) continue;
      for (const reference of field.references(resource)) {
        const target =
          literalReferenceKey(reference, options.fhirBaseUrl) ?? bundleLocalReferenceKey(reference, field);
        if (target === undefined || held.has(target.key) || excluded.has(target.key)) continue;
        const groupKey = `${field.referencingType}>${target.type}`;
        let tally = tallies.get(groupKey);
        if (tally === undefined) {
          tally = {
            referencingType: field.referencingType,
            targetType: target.type,
            targets: new Set(),
            referencing: new Set(),
            paths: new Set(),
          };
          tallies.set(groupKey, tally);
        }
        tally.targets.add(target.key);
        tally.referencing.add(resource);
        tally.paths.add(field.path);
      }
    }
  }

  const referencingOrder = REFERENCE_FIELDS.map((field) => field.referencingType);
  const sorted = [...tallies.values()].sort(
    (a, b) =>
      referencingOrder.indexOf(a.referencingType) - referencingOrder.indexOf(b.referencingType) ||
      REFERENCE_TARGET_TYPES.indexOf(a.targetType) - REFERENCE_TARGET_TYPES.indexOf(b.targetType),
  );
  return sorted.map((tally) => {
    const count = tally.targets.size;
    const referencingCount = tally.referencing.size;
    const [one, many] = recordTypeOf(tally.targetType).nouns;
    const [byOne, byMany] = REFERENCING_WORDS[tally.referencingType];
    return {
      targetType: tally.targetType,
      count,
      referencingType: tally.referencingType,
      referencingCount,
      referencedBy: [...tally.paths],
      message: `${count} ${count === 1 ? one : many} referenced by ${referencingCount === 1 ? byOne : byMany} could not be loaded`,
    };
  });
}
