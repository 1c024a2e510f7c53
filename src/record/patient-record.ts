// The patient's longitudinal record as plain `fhir/r4` data, and the pure steps that build it from what the
// searches returned: duplicates across searches removed (a Condition is both a problem-list item and an
// encounter diagnosis), `entered-in-error` resources left out (FHIR: "this should not have been recorded";
// they must never inform a clinical summary), each resource put in its place by type.
import type {
  AllergyIntolerance,
  CarePlan,
  Condition,
  DiagnosticReport,
  DocumentReference,
  Encounter,
  FamilyMemberHistory,
  FhirResource,
  Goal,
  Immunization,
  Medication,
  MedicationRequest,
  MedicationStatement,
  Observation,
  Patient,
  Procedure,
} from 'fhir/r4';

export interface PatientRecord {
  readonly patient: Patient | undefined;
  readonly conditions: readonly Condition[];
  readonly observations: readonly Observation[];
  readonly medicationRequests: readonly MedicationRequest[];
  readonly medicationStatements: readonly MedicationStatement[];
  /** Medications referenced by the requests and statements (contained ones stay contained). */
  readonly medications: readonly Medication[];
  readonly allergies: readonly AllergyIntolerance[];
  readonly immunizations: readonly Immunization[];
  readonly procedures: readonly Procedure[];
  readonly diagnosticReports: readonly DiagnosticReport[];
  readonly encounters: readonly Encounter[];
  readonly familyMemberHistory: readonly FamilyMemberHistory[];
  readonly carePlans: readonly CarePlan[];
  readonly goals: readonly Goal[];
  /** Metadata only: inline attachment data is dropped and attachment URLs are never fetched. */
  readonly documentReferences: readonly DocumentReference[];
}

/**
 * How each type of the record is loaded: `read` by id (the Patient in context), `search` by `patient=`,
 * `search-by-category` (Condition and Observation: one search on most servers, one per category on Epic), or
 * `referenced` (Medications read by id from the orders and statements that name them).
 */
export type RecordTypeLoad = 'read' | 'search' | 'search-by-category' | 'referenced';

export interface RecordType {
  readonly resourceType: FhirResource['resourceType'];
  readonly load: RecordTypeLoad;
  /**
   * Whether every US Core server SHALL support it (US Core Server CapabilityStatement 3.1.1 through 6.1.0): its
   * search starts beside the CapabilityStatement request; other types wait for the statement to list them.
   */
  readonly usCoreRequired: boolean;
  /**
   * `required`: a registration must ask for its scope. `optional`: asked for where the server has it, searched
   * only when the CapabilityStatement lists it (MedicationStatement: Epic and Oracle Health expose medications
   * as MedicationRequest).
   */
  readonly scope: 'required' | 'optional';
  /** What a person calls one and several, for messages ("4 problems referenced by encounters …"). */
  readonly nouns: readonly [one: string, many: string];
}

/**
 * The one table of the record's types, by PatientRecord field, in display order: the loader's searches, the
 * registration's scopes, the Bundle reader, the gap check and the stand-in read it. A type added to
 * PatientRecord and not here (or here and not there) does not compile.
 */
const RECORD_TYPE_BY_FIELD = {
  patient: {
    resourceType: 'Patient',
    load: 'read',
    usCoreRequired: false,
    scope: 'required',
    nouns: ['patient', 'patients'],
  },
  conditions: {
    resourceType: 'Condition',
    load: 'search-by-category',
    usCoreRequired: true,
    scope: 'required',
    nouns: ['problem', 'problems'],
  },
  observations: {
    resourceType: 'Observation',
    load: 'search-by-category',
    usCoreRequired: true,
    scope: 'required',
    nouns: ['result', 'results'],
  },
  medicationRequests: {
    resourceType: 'MedicationRequest',
    load: 'search',
    usCoreRequired: true,
    scope: 'required',
    nouns: ['medication order', 'medication orders'],
  },
  medicationStatements: {
    resourceType: 'MedicationStatement',
    load: 'search',
    usCoreRequired: false,
    scope: 'optional',
    nouns: ['medication statement', 'medication statements'],
  },
  medications: {
    resourceType: 'Medication',
    load: 'referenced',
    usCoreRequired: false,
    scope: 'required',
    nouns: ['medication', 'medications'],
  },
  allergies: {
    resourceType: 'AllergyIntolerance',
    load: 'search',
    usCoreRequired: true,
    scope: 'required',
    nouns: ['allergy', 'allergies'],
  },
  immunizations: {
    resourceType: 'Immunization',
    load: 'search',
    usCoreRequired: true,
    scope: 'required',
    nouns: ['immunization', 'immunizations'],
  },
  procedures: {
    resourceType: 'Procedure',
    load: 'search',
    usCoreRequired: true,
    scope: 'required',
    nouns: ['procedure', 'procedures'],
  },
  diagnosticReports: {
    resourceType: 'DiagnosticReport',
    load: 'search',
    usCoreRequired: true,
    scope: 'required',
    nouns: ['report', 'reports'],
  },
  encounters: {
    resourceType: 'Encounter',
    load: 'search',
    usCoreRequired: true,
    scope: 'required',
    nouns: ['encounter', 'encounters'],
  },
  familyMemberHistory: {
    resourceType: 'FamilyMemberHistory',
    load: 'search',
    usCoreRequired: false,
    scope: 'required',
    nouns: ['family history entry', 'family history entries'],
  },
  carePlans: {
    resourceType: 'CarePlan',
    load: 'search',
    usCoreRequired: true,
    scope: 'required',
    nouns: ['care plan', 'care plans'],
  },
  goals: {
    resourceType: 'Goal',
    load: 'search',
    usCoreRequired: true,
    scope: 'required',
    nouns: ['goal', 'goals'],
  },
  documentReferences: {
    resourceType: 'DocumentReference',
    load: 'search',
    usCoreRequired: true,
    scope: 'required',
    nouns: ['document', 'documents'],
  },
} as const satisfies { readonly [Field in keyof PatientRecord]: RecordType };

export type RecordField = keyof typeof RECORD_TYPE_BY_FIELD;
export type RecordTypeRow = (typeof RECORD_TYPE_BY_FIELD)[RecordField];
/** The resource types a record holds, as a union: `'Patient' | 'Condition' | …`. */
export type RecordResourceType = RecordTypeRow['resourceType'];

/** Every type of the record, in display order, with its PatientRecord field. */
export const RECORD_TYPES: readonly (RecordTypeRow & { readonly field: RecordField })[] = Object.entries(
  RECORD_TYPE_BY_FIELD,
).flatMap(([field, row]) => (isRecordField(field) ? [{ ...row, field }] : []));

function isRecordField(field: string): field is RecordField {
  return field in RECORD_TYPE_BY_FIELD;
}

/** The resource types a record holds, in display order. */
export const RECORD_RESOURCE_TYPES: readonly RecordResourceType[] = RECORD_TYPES.map(
  (type) => type.resourceType,
);

// By type: the gap check asks for every reference in the record.
const RECORD_TYPE_BY_RESOURCE_TYPE: ReadonlyMap<string, RecordTypeRow> = new Map(
  RECORD_TYPES.map((row) => [row.resourceType, row]),
);

export function isRecordResourceType(type: string): type is RecordResourceType {
  return RECORD_TYPE_BY_RESOURCE_TYPE.has(type);
}

/** The record's row for a resource type. */
export function recordTypeOf(type: RecordResourceType): RecordTypeRow {
  const row = RECORD_TYPE_BY_RESOURCE_TYPE.get(type);
  if (row === undefined) throw new Error(`${type} is not a record type`);
  return row;
}

export interface AssembledRecord {
  readonly record: PatientRecord;
  /** `Type/id` of every resource left out as entered in error. */
  readonly excludedEnteredInError: readonly string[];
  /** `Type/id` of resources of a type the record has no place for (a server's unasked-for includes). */
  readonly unexpected: readonly string[];
}

export const EMPTY_PATIENT_RECORD: PatientRecord = {
  patient: undefined,
  conditions: [],
  observations: [],
  medicationRequests: [],
  medicationStatements: [],
  medications: [],
  allergies: [],
  immunizations: [],
  procedures: [],
  diagnosticReports: [],
  encounters: [],
  familyMemberHistory: [],
  carePlans: [],
  goals: [],
  documentReferences: [],
};

const ENTERED_IN_ERROR = 'entered-in-error';

/** `Type/id`, the identity used to remove duplicates. */
export function resourceKey(resource: FhirResource): string {
  return `${resource.resourceType}/${resource.id ?? ''}`;
}

/**
 * Entered in error: `status` on most types; `verificationStatus` on Condition and AllergyIntolerance, which
 * have no such status value (FHIR R4 condition-ver-status, allergyintolerance-verification).
 */
export function isEnteredInError(resource: FhirResource): boolean {
  if ('status' in resource && resource.status === ENTERED_IN_ERROR) return true;
  if (resource.resourceType === 'Condition' || resource.resourceType === 'AllergyIntolerance') {
    return resource.verificationStatus?.coding?.some((coding) => coding.code === ENTERED_IN_ERROR) === true;
  }
  return false;
}

/** One resource per `Type/id`, first-seen order; of two copies the one updated later wins. */
export function dedupeResources(resources: Iterable<FhirResource>): FhirResource[] {
  const byKey = new Map<string, FhirResource>();
  for (const resource of resources) {
    const key = resourceKey(resource);
    const existing = byKey.get(key);
    if (existing === undefined || isUpdatedLater(resource, existing)) byKey.set(key, resource);
  }
  return [...byKey.values()];
}

export function assemblePatientRecord(resources: Iterable<FhirResource>): AssembledRecord {
  const excludedEnteredInError: string[] = [];
  const unexpected: string[] = [];
  let patient: Patient | undefined;
  const conditions: Condition[] = [];
  const observations: Observation[] = [];
  const medicationRequests: MedicationRequest[] = [];
  const medicationStatements: MedicationStatement[] = [];
  const medications: Medication[] = [];
  const allergies: AllergyIntolerance[] = [];
  const immunizations: Immunization[] = [];
  const procedures: Procedure[] = [];
  const diagnosticReports: DiagnosticReport[] = [];
  const encounters: Encounter[] = [];
  const familyMemberHistory: FamilyMemberHistory[] = [];
  const carePlans: CarePlan[] = [];
  const goals: Goal[] = [];
  const documentReferences: DocumentReference[] = [];

  for (const resource of dedupeResources(resources)) {
    if (isEnteredInError(resource)) {
      excludedEnteredInError.push(resourceKey(resource));
      continue;
    }
    if (resource.resourceType === 'Patient') patient = resource;
    else if (resource.resourceType === 'Condition') conditions.push(resource);
    else if (resource.resourceType === 'Observation') observations.push(resource);
    else if (resource.resourceType === 'MedicationRequest') medicationRequests.push(resource);
    else if (resource.resourceType === 'MedicationStatement') medicationStatements.push(resource);
    else if (resource.resourceType === 'Medication') medications.push(resource);
    else if (resource.resourceType === 'AllergyIntolerance') allergies.push(resource);
    else if (resource.resourceType === 'Immunization') immunizations.push(resource);
    else if (resource.resourceType === 'Procedure') procedures.push(resource);
    else if (resource.resourceType === 'DiagnosticReport') diagnosticReports.push(resource);
    else if (resource.resourceType === 'Encounter') encounters.push(resource);
    else if (resource.resourceType === 'FamilyMemberHistory') familyMemberHistory.push(resource);
    else if (resource.resourceType === 'CarePlan') carePlans.push(resource);
    else if (resource.resourceType === 'Goal') goals.push(resource);
    else if (resource.resourceType === 'DocumentReference')
      documentReferences.push(withoutAttachmentData(resource));
    else unexpected.push(resourceKey(resource));
  }

  return {
    record: {
      patient,
      conditions,
      observations,
      medicationRequests,
      medicationStatements,
      medications,
      allergies,
      immunizations,
      procedures,
      diagnosticReports,
      encounters,
      familyMemberHistory,
      carePlans,
      goals,
      documentReferences,
    },
    excludedEnteredInError,
    unexpected,
  };
}

/** Every resource in the record, in RECORD_TYPES order (the patient first). */
export function listRecordResources(record: PatientRecord): FhirResource[] {
  return RECORD_TYPES.flatMap(({ field }) => resourcesIn(record[field]));
}

function resourcesIn(held: Patient | readonly FhirResource[] | undefined): readonly FhirResource[] {
  if (held === undefined) return [];
  return 'resourceType' in held ? [held] : held;
}

/** Resource counts by type, for diagnostics and tests. */
export function countRecordResources(record: PatientRecord): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const resource of listRecordResources(record))
    counts[resource.resourceType] = (counts[resource.resourceType] ?? 0) + 1;
  return counts;
}

/** Document bodies can be megabytes of base64 (scanned letters): the record keeps what describes them. */
function withoutAttachmentData(document: DocumentReference): DocumentReference {
  if (!document.content.some((content) => content.attachment.data !== undefined)) return document;
  return {
    ...document,
    content: document.content.map((content) => {
      const attachment = { ...content.attachment };
      delete attachment.data;
      return { ...content, attachment };
    }),
  };
}

function isUpdatedLater(candidate: FhirResource, existing: FhirResource): boolean {
  const candidateMs = Date.parse(candidate.meta?.lastUpdated ?? '');
  const existingMs = Date.parse(existing.meta?.lastUpdated ?? '');
  return !Number.isNaN(candidateMs) && (Number.isNaN(existingMs) || candidateMs > existingMs);
}
