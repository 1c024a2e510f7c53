// The sections of a patient's longitudinal record: one FHIR request chain each, loaded, failed and retried
// independently. Which searches a load makes depends on the EHR (its search plan):
// - generic (SMART App Launch / US Core servers, the sandbox, Oracle Health): each type is searched once by
//   `patient=`, with no category. Categories are read from each resource afterwards; many servers' Conditions
//   and some Observations carry none (Synthea's carry none at all), and a category search would silently drop
//   them. Oracle Health documents `category` as optional on both (Millennium R4 Condition and Observation
//   search parameters: "Required? No").
// - epic: Epic requires `category` on every Observation search (Observation.Search R4: 400 otherwise) and
//   serves each Condition category as its own API (Condition.Search Problems / Encounter Diagnosis / Health
//   Concerns), so it gets one search per category. What Epic files under no category cannot be searched there.

import {
  RECORD_RESOURCE_TYPES,
  RECORD_TYPES,
  recordTypeOf,
  type RecordResourceType,
  type RecordTypeRow,
} from './patient-record.ts';

export const CONDITION_CATEGORY_PROBLEM_LIST = 'problem-list-item';
export const CONDITION_CATEGORY_ENCOUNTER_DIAGNOSIS = 'encounter-diagnosis';
/** US Core's own code system (`http://hl7.org/fhir/us/core/CodeSystem/condition-category`). */
export const CONDITION_CATEGORY_HEALTH_CONCERN = 'health-concern';

/** The Condition categories searched on Epic, one API each. */
export const CONDITION_CATEGORIES = [
  CONDITION_CATEGORY_PROBLEM_LIST,
  CONDITION_CATEGORY_ENCOUNTER_DIAGNOSIS,
  CONDITION_CATEGORY_HEALTH_CONCERN,
] as const;

/**
 * Every code of http://terminology.hl7.org/CodeSystem/observation-category, searched one by one on Epic. The
 * five a summary needs most come first; imaging, procedure, therapy and activity are searched too, because a
 * category nobody asks for is data silently missing from the chart (Synthea records ECG and DXA results as
 * `procedure`).
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
export type PlainSearchType = Extract<RecordTypeRow, { readonly load: 'search' }>['resourceType'];

function isPlainSearchType(type: RecordResourceType): type is PlainSearchType {
  return recordTypeOf(type).load === 'search';
}

/** In display order (patient-record.ts RECORD_TYPES). */
export const PLAIN_SEARCH_TYPES: readonly PlainSearchType[] = RECORD_RESOURCE_TYPES.filter(isPlainSearchType);

export type RecordSectionId =
  | 'Patient'
  /** Every Condition or Observation of the patient, one search without category (generic plan). */
  | 'Condition'
  | 'Observation'
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

function searchSection(
  id: RecordSectionId,
  resourceType: string,
  params: Readonly<Record<string, string>> = {},
): RecordSection {
  return { id, kind: 'search', resourceType, params };
}

const PLAIN_SECTIONS: readonly RecordSection[] = PLAIN_SEARCH_TYPES.map((type) => searchSection(type, type));

/** How a load searches Conditions and Observations: see the top of this file. */
export type SearchPlanId = 'generic' | 'epic';

export const SEARCH_PLAN_IDS: readonly SearchPlanId[] = ['generic', 'epic'];

const SEARCH_SECTIONS_BY_PLAN: Readonly<Record<SearchPlanId, readonly RecordSection[]>> = {
  generic: [
    searchSection('Condition', 'Condition'),
    searchSection('Observation', 'Observation'),
    ...PLAIN_SECTIONS,
  ],
  epic: [
    ...CONDITION_CATEGORIES.map((category) =>
      searchSection(`Condition:${category}`, 'Condition', { category }),
    ),
    ...OBSERVATION_CATEGORIES.map((category) =>
      searchSection(`Observation:${category}`, 'Observation', { category }),
    ),
    ...PLAIN_SECTIONS,
  ],
};

/** The searches of a plan, in display order. */
export function searchSections(plan: SearchPlanId): readonly RecordSection[] {
  return SEARCH_SECTIONS_BY_PLAN[plan];
}

/** The plan for a registered EHR profile: per-category searches only where the EHR requires them. */
export function searchPlanForProfile(profile: string): SearchPlanId {
  return profile === 'epic' ? 'epic' : 'generic';
}

/**
 * Types every US Core server SHALL support (patient-record.ts `usCoreRequired`): their searches start at once,
 * beside the CapabilityStatement request, instead of one round trip after it. The CapabilityStatement still has the
 * last word: a type it does not list ends up `not-supported`. Types outside US Core (MedicationStatement,
 * FamilyMemberHistory) are requested only once the CapabilityStatement lists them.
 */
export const US_CORE_REQUIRED_TYPES: ReadonlySet<string> = new Set(
  RECORD_TYPES.filter((type) => type.usCoreRequired).map((type) => type.resourceType),
);

/**
 * The order searches start in: the longest first, because a long search is a chain of dependent pages and
 * the load can end no sooner than its last page. Laboratory results dominate every longitudinal record
 * (≈ 80% of Observations in the fixtures); clinical notes (DocumentReference) are the bulk of a real EHR's
 * record. The rest follow in the display order.
 */
const LONG_SEARCHES_FIRST: readonly RecordSectionId[] = [
  'Observation',
  'Observation:laboratory',
  'DocumentReference',
  'Observation:vital-signs',
  'Encounter',
  'DiagnosticReport',
  'Observation:survey',
  'Observation:social-history',
  'MedicationRequest',
  'Condition',
  'Condition:encounter-diagnosis',
  'Procedure',
];

export function searchStartOrder(plan: SearchPlanId): readonly RecordSection[] {
  const sections = searchSections(plan);
  return [
    ...LONG_SEARCHES_FIRST.flatMap((id) => sections.filter((section) => section.id === id)),
    ...sections.filter((section) => !LONG_SEARCHES_FIRST.includes(section.id)),
  ];
}

/** Every section of a plan in display order. */
export function recordSections(plan: SearchPlanId): readonly RecordSection[] {
  return [PATIENT_SECTION, ...searchSections(plan), MEDICATION_SECTION];
}

export function recordSectionIds(plan: SearchPlanId): readonly RecordSectionId[] {
  return recordSections(plan).map((section) => section.id);
}

/** A section of any plan, by id. */
export function findRecordSection(id: string): RecordSection | undefined {
  return SEARCH_PLAN_IDS.flatMap(recordSections).find((section) => section.id === id);
}

export function isSectionId(id: string): id is RecordSectionId {
  return findRecordSection(id) !== undefined;
}

/** The resource type a section loads (`Condition:health-concern` → `Condition`). */
export function sectionResourceType(id: RecordSectionId): string {
  return findRecordSection(id)?.resourceType ?? id;
}

/**
 * The resource types whose every section in the plan is done: what the view waits on (a part showing problems
 * needs every Condition search finished, however many the plan makes).
 */
export function finishedResourceTypes(
  plan: SearchPlanId,
  done: ReadonlySet<RecordSectionId>,
): ReadonlySet<string> {
  const pending = new Set<string>();
  const types = new Set<string>();
  for (const section of recordSections(plan)) {
    types.add(section.resourceType);
    if (!done.has(section.id)) pending.add(section.resourceType);
  }
  return new Set([...types].filter((type) => !pending.has(type)));
}
