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

/** Every resource in the record, patient first. */
export function listRecordResources(record: PatientRecord): FhirResource[] {
  return [
    ...(record.patient ? [record.patient] : []),
    ...record.conditions,
    ...record.observations,
    ...record.medicationRequests,
    ...record.medicationStatements,
    ...record.medications,
    ...record.allergies,
    ...record.immunizations,
    ...record.procedures,
    ...record.diagnosticReports,
    ...record.encounters,
    ...record.familyMemberHistory,
    ...record.carePlans,
    ...record.goals,
    ...record.documentReferences,
  ];
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
