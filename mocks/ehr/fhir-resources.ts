// The resource types the stand-in's FHIR API serves and the search parameters it honours for each. The
// CapabilityStatement advertises exactly this table and the search engine accepts exactly it, so what a client
// learns from `metadata` is what works. Names and types follow FHIR R4 SearchParameter definitions (US Core picks).
import type { FhirResource } from 'fhir/r4';
import type { EhrProfile, EhrProfileId } from './profiles.ts';

export type SearchParamType = 'token' | 'reference' | 'date' | 'string';

export interface SearchParamSpec {
  readonly name: string;
  readonly type: SearchParamType;
}

/**
 * How a type relates to the patient compartment:
 * `member` — belongs to one patient, searched with `patient` (or `subject`) naming them;
 * `self` — the Patient resource itself (`_id` names the patient);
 * `none` — shared resources (Practitioner, Organization): those referenced from the patient's record.
 */
export type CompartmentRole = 'member' | 'self' | 'none';

export interface ResourceSpec {
  readonly type: FhirResource['resourceType'];
  readonly compartment: CompartmentRole;
  /** Search parameters that name the patient (only for `member` types; `subject` only where R4 defines it). */
  readonly patientParams: readonly string[];
  readonly searchParams: readonly SearchParamSpec[];
  /** Served only by these profiles; by every profile when absent. */
  readonly onlyProfiles?: readonly EhrProfileId[];
}

/**
 * Modifiers the search honours, by parameter type. medplum's in-memory matcher evaluates these correctly; it treats
 * `:text`, `:in`, `:below`, `:exact` and the rest like a plain match, so those are reported as unsupported instead
 * of silently returning wrong results.
 */
export const SUPPORTED_MODIFIERS: Readonly<Record<SearchParamType, readonly string[]>> = {
  token: ['not', 'missing'],
  string: ['contains', 'missing'],
  date: ['missing'],
  reference: ['missing'],
};

const token = (name: string): SearchParamSpec => ({ name, type: 'token' });
const reference = (name: string): SearchParamSpec => ({ name, type: 'reference' });
const date = (name: string): SearchParamSpec => ({ name, type: 'date' });
const string = (name: string): SearchParamSpec => ({ name, type: 'string' });

const ID = token('_id');
const PATIENT = reference('patient');
const SUBJECT = reference('subject');
const ENCOUNTER = reference('encounter');

function member(
  type: ResourceSpec['type'],
  withSubject: boolean,
  params: readonly SearchParamSpec[],
): ResourceSpec {
  return {
    type,
    compartment: 'member',
    patientParams: withSubject ? ['patient', 'subject'] : ['patient'],
    searchParams: [ID, PATIENT, ...(withSubject ? [SUBJECT] : []), ...params],
  };
}

export const RESOURCE_SPECS: readonly ResourceSpec[] = [
  {
    type: 'Patient',
    compartment: 'self',
    patientParams: [],
    searchParams: [
      ID,
      token('identifier'),
      string('name'),
      string('family'),
      string('given'),
      date('birthdate'),
      token('gender'),
    ],
  },
  member('AllergyIntolerance', false, [
    token('clinical-status'),
    token('verification-status'),
    token('category'),
    token('code'),
    date('date'),
  ]),
  member('CarePlan', true, [token('category'), token('status'), date('date'), ENCOUNTER]),
  member('Condition', true, [
    token('category'),
    token('clinical-status'),
    token('verification-status'),
    token('code'),
    date('onset-date'),
    date('recorded-date'),
    ENCOUNTER,
  ]),
  member('DiagnosticReport', true, [
    token('category'),
    token('code'),
    token('status'),
    date('date'),
    ENCOUNTER,
  ]),
  member('DocumentReference', true, [
    token('category'),
    token('type'),
    token('status'),
    date('date'),
    date('period'),
    ENCOUNTER,
  ]),
  member('Encounter', true, [token('status'), token('class'), token('type'), date('date')]),
  member('FamilyMemberHistory', false, [token('code'), token('status'), token('relationship'), date('date')]),
  member('Goal', true, [token('lifecycle-status'), date('start-date'), date('target-date')]),
  member('Immunization', false, [token('status'), token('vaccine-code'), date('date')]),
  member('MedicationRequest', true, [
    token('status'),
    token('intent'),
    token('category'),
    token('code'),
    date('authoredon'),
    ENCOUNTER,
  ]),
  {
    // Epic and Oracle Health serve medications as MedicationRequest only; the sandbox also has MedicationStatement,
    // so a record loader has to read the CapabilityStatement to know whether to ask for it.
    ...member('MedicationStatement', true, [
      token('status'),
      token('category'),
      token('code'),
      date('effective'),
    ]),
    onlyProfiles: ['sandbox'],
  },
  member('Observation', true, [token('category'), token('code'), token('status'), date('date'), ENCOUNTER]),
  member('Procedure', true, [token('category'), token('code'), token('status'), date('date'), ENCOUNTER]),
  {
    // Read by id from the orders and statements that name it (Epic Medication.Read, Oracle Health Medication);
    // outside the patient compartment, as in FHIR R4.
    type: 'Medication',
    compartment: 'none',
    patientParams: [],
    searchParams: [ID, token('code')],
  },
  {
    type: 'Organization',
    compartment: 'none',
    patientParams: [],
    searchParams: [ID, token('identifier'), string('name')],
  },
  {
    type: 'Practitioner',
    compartment: 'none',
    patientParams: [],
    searchParams: [ID, token('identifier'), string('name'), string('family'), string('given')],
  },
];

export function supportedResourceSpecs(profile: EhrProfile): ResourceSpec[] {
  return RESOURCE_SPECS.filter(
    (spec) => spec.onlyProfiles === undefined || spec.onlyProfiles.includes(profile.id),
  );
}

export function findResourceSpec(profile: EhrProfile, type: string): ResourceSpec | undefined {
  return supportedResourceSpecs(profile).find((spec) => spec.type === type);
}

/** The narrowing guard for resources coming out of medplum's repository (typed with medplum's own FHIR types). */
export function isStoredResource(value: unknown): value is FhirResource & { id: string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    'resourceType' in value &&
    typeof value.resourceType === 'string' &&
    'id' in value &&
    typeof value.id === 'string'
  );
}
