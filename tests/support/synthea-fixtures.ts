// Test-only: what a fixture patient's record holds, computed from the Synthea JSON itself, so that tests
// compare the loader's result against the source rather than against numbers copied by hand.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { FhirResource } from 'fhir/r4';
import { isBundle, isFhirResource } from '../../src/fhir/fhir-json.ts';

export const FIXTURES_DIR = fileURLToPath(new URL('../../mocks/fixtures/synthea/', import.meta.url));
/** The largest fixture record (≈2.2 MiB, 497 Observations). */
export const LARGEST_FIXTURE = 'diabetes-hypertension-stroke-polypharmacy-elderly-female';

/** The codes of http://terminology.hl7.org/CodeSystem/observation-category (FHIR R4), as US Core uses them. */
export const US_CORE_OBSERVATION_CATEGORIES = [
  'social-history',
  'vital-signs',
  'imaging',
  'laboratory',
  'procedure',
  'survey',
  'exam',
  'therapy',
  'activity',
];

/** Types a patient record holds; Synthea's Claims, ExplanationOfBenefits, ImagingStudies, Organizations and Practitioners are not part of it. */
export const RECORD_TYPES = [
  'Patient',
  'Condition',
  'Observation',
  'MedicationRequest',
  'MedicationStatement',
  'Medication',
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

export interface FixtureRecord {
  readonly patientId: string;
  readonly resources: readonly FhirResource[];
  /** Record resources by type, as a complete load should return them. */
  readonly expectedCounts: Readonly<Record<string, number>>;
  /** Observations no category search can find: their category is missing or not a standard code. */
  readonly uncategorizedObservations: number;
}

export async function readFixtureRecord(name: string): Promise<FixtureRecord> {
  const bundle: unknown = JSON.parse(await readFile(`${FIXTURES_DIR}${name}.json`, 'utf8'));
  if (!isBundle(bundle)) throw new Error(`${name} is not a Bundle`);
  const resources = (bundle.entry ?? []).flatMap((entry): FhirResource[] =>
    isFhirResource(entry.resource) ? [entry.resource] : [],
  );
  const patientId = resources.find((resource) => resource.resourceType === 'Patient')?.id;
  if (patientId === undefined) throw new Error(`${name} has no Patient`);
  const expectedCounts: Record<string, number> = {};
  let uncategorizedObservations = 0;
  for (const resource of resources) {
    if (!(RECORD_TYPES as readonly string[]).includes(resource.resourceType)) continue;
    if (resource.resourceType === 'Observation' && !hasStandardCategory(resource)) {
      uncategorizedObservations += 1;
      continue;
    }
    expectedCounts[resource.resourceType] = (expectedCounts[resource.resourceType] ?? 0) + 1;
  }
  return { patientId, resources, expectedCounts, uncategorizedObservations };
}

function hasStandardCategory(resource: FhirResource): boolean {
  if (resource.resourceType !== 'Observation') return true;
  return (resource.category ?? []).some((category) =>
    (category.coding ?? []).some((coding) => US_CORE_OBSERVATION_CATEGORIES.includes(coding.code ?? '')),
  );
}
