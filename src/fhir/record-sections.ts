// The sections of a patient's longitudinal record: one FHIR request chain each, loaded, failed and retried
// independently. Categories follow US Core 6.1: Condition categories (US Core Condition Problems and Health
// Concerns / Encounter Diagnosis profiles) and Observation categories (the `observation-category` code system,
// all of whose codes US Core servers use). Epic requires `category` on every Observation search, so the
// loader never searches Observation without one.
import type { ScopedRequest } from './smart-scopes.ts';

export const CONDITION_CATEGORY_PROBLEM_LIST = 'problem-list-item';
export const CONDITION_CATEGORY_ENCOUNTER_DIAGNOSIS = 'encounter-diagnosis';
/** US Core's own code system (`http://hl7.org/fhir/us/core/CodeSystem/condition-category`). */
export const CONDITION_CATEGORY_HEALTH_CONCERN = 'health-concern';

export const CONDITION_CATEGORIES = [
  CONDITION_CATEGORY_PROBLEM_LIST,
  CONDITION_CATEGORY_ENCOUNTER_DIAGNOSIS,
  CONDITION_CATEGORY_HEALTH_CONCERN,
] as const;

/**
 * Every code of http://terminology.hl7.org/CodeSystem/observation-category. The five a summary needs most
 * come first; imaging, procedure, therapy and activity are searched too, because a category nobody asks
 * for is data silently missing from the chart (Synthea records ECG and DXA results as `procedure`).
 */
export const OBSERVATION_CATEGORIES = [
  'laboratory',
  'vital-signs',
  'social-history',
  'survey',
  'exam',
  'imaging',
  'procedure',
  'therapy',
  'activity',
] as const;

export type ConditionCategory = (typeof CONDITION_CATEGORIES)[number];
export type ObservationCategory = (typeof OBSERVATION_CATEGORIES)[number];

/** Types searched once by `patient=` with no other parameter. */
export const PLAIN_SEARCH_TYPES = [
  'MedicationRequest',
  'MedicationStatement',
  'AllergyIntolerance',
  'Immunization',
  'Procedure',
  'DiagnosticReport',
  'Encounter',
  'FamilyMemberHistory',
  'CarePlan',
  'Goal',
  'DocumentReference',
] as const;

export type PlainSearchType = (typeof PLAIN_SEARCH_TYPES)[number];

export type RecordSectionId =
  | 'Patient'
  | `Condition:${ConditionCategory}`
  | `Observation:${ObservationCategory}`
  | PlainSearchType
  /** Medications referenced by MedicationRequest/MedicationStatement (read by id, once each). */
  | 'Medication';

export type RecordSection =
  | { readonly id: 'Patient'; readonly kind: 'patient-read'; readonly resourceType: 'Patient' }
  | { readonly id: 'Medication'; readonly kind: 'medication-reads'; readonly resourceType: 'Medication' }
  | {
      readonly id: RecordSectionId;
      readonly kind: 'search';
      readonly resourceType: string;
      /** Search parameters besides `patient` and `_count`. */
      readonly params: Readonly<Record<string, string>>;
    };

export const PATIENT_SECTION: RecordSection = {
  id: 'Patient',
  kind: 'patient-read',
  resourceType: 'Patient',
};
export const MEDICATION_SECTION: RecordSection = {
  id: 'Medication',
  kind: 'medication-reads',
  resourceType: 'Medication',
};

export const SEARCH_SECTIONS: readonly RecordSection[] = [
  ...CONDITION_CATEGORIES.map((category): RecordSection => ({
    id: `Condition:${category}`,
    kind: 'search',
    resourceType: 'Condition',
    params: { category },
  })),
  ...OBSERVATION_CATEGORIES.map((category): RecordSection => ({
    id: `Observation:${category}`,
    kind: 'search',
    resourceType: 'Observation',
    params: { category },
  })),
  ...PLAIN_SEARCH_TYPES.map((type): RecordSection => ({
    id: type,
    kind: 'search',
    resourceType: type,
    params: {},
  })),
];

/**
 * Types every US Core server SHALL support (US Core Server CapabilityStatement, 3.1.1 through 6.1.0): their
 * searches start at once, beside the CapabilityStatement request, instead of one round trip after it. The
 * CapabilityStatement still has the last word: a type it does not list ends up `not-supported`. Types outside
 * US Core (MedicationStatement, FamilyMemberHistory) are requested only once the CapabilityStatement lists them.
 */
export const US_CORE_REQUIRED_TYPES: ReadonlySet<string> = new Set([
  'AllergyIntolerance',
  'CarePlan',
  'Condition',
  'DiagnosticReport',
  'DocumentReference',
  'Encounter',
  'Goal',
  'Immunization',
  'MedicationRequest',
  'Observation',
  'Procedure',
]);

/**
 * The order searches start in: the longest first, because a long search is a chain of dependent pages and
 * the load can end no sooner than its last page. Laboratory results dominate every longitudinal record
 * (≈ 80% of Observations in the fixtures); clinical notes (DocumentReference) are the bulk of a real EHR's
 * record. The rest follow in the display order.
 */
const LONG_SEARCHES_FIRST: readonly RecordSectionId[] = [
  'Observation:laboratory',
  'DocumentReference',
  'Observation:vital-signs',
  'Encounter',
  'DiagnosticReport',
  'Observation:survey',
  'Observation:social-history',
  'MedicationRequest',
  'Condition:encounter-diagnosis',
  'Procedure',
];

export const SEARCH_START_ORDER: readonly RecordSection[] = [
  ...LONG_SEARCHES_FIRST.flatMap((id) => SEARCH_SECTIONS.filter((section) => section.id === id)),
  ...SEARCH_SECTIONS.filter((section) => !LONG_SEARCHES_FIRST.includes(section.id)),
];

/** Every section in display order. */
export const RECORD_SECTIONS: readonly RecordSection[] = [
  PATIENT_SECTION,
  ...SEARCH_SECTIONS,
  MEDICATION_SECTION,
];

export const RECORD_SECTION_IDS: readonly RecordSectionId[] = RECORD_SECTIONS.map((section) => section.id);

export function findRecordSection(id: string): RecordSection | undefined {
  return RECORD_SECTIONS.find((section) => section.id === id);
}

/** The request a section makes, as the scope check sees it. */
export function sectionScopedRequest(section: RecordSection): ScopedRequest {
  switch (section.kind) {
    case 'patient-read':
    case 'medication-reads':
      return { resourceType: section.resourceType, interaction: 'read' };
    case 'search':
      return { resourceType: section.resourceType, interaction: 'search', params: section.params };
  }
}
