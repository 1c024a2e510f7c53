// Test-only: what a fixture patient's record holds, computed from the Synthea JSON itself, so that tests
// compare the loader's result against the source rather than against numbers copied by hand.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FhirResource } from 'fhir/r4';
import { resolveBundleReferences } from '../../src/record/record-from-bundle.ts';
import { isBundle } from '../../src/record/fhir-json.ts';
import { isRecordResourceType } from '../../src/record/patient-record.ts';
import { CONDITION_CATEGORIES, OBSERVATION_CATEGORIES } from '../../src/record/record-sections.ts';

export const FIXTURES_DIR = fileURLToPath(new URL('../../mocks/fixtures/synthea/', import.meta.url));
/** The largest fixture record (≈2.2 MiB, 497 Observations). */
export const LARGEST_FIXTURE = 'diabetes-hypertension-stroke-polypharmacy-elderly-female';

export interface FixtureRecord {
  readonly patientId: string;
  /** The record's resources as a server holds them (references between entries as `Type/id`). */
  readonly resources: readonly FhirResource[];
  /** Record resources by type, as a complete load on the generic search plan must return them: all of them. */
  readonly expectedCounts: Readonly<Record<string, number>>;
  /**
   * What Epic's per-category searches can find: Conditions and Observations whose category is one Chartside
   * searches there (record-sections.ts). The rest Epic would not return to any search.
   */
  readonly epicExpectedCounts: Readonly<Record<string, number>>;
  /** The record resources those searches return, in the fixture's order. */
  readonly epicResources: readonly FhirResource[];
  /** Observations no category search finds: their category is missing or not a standard code. */
  readonly uncategorizedObservations: number;
}

export async function readFixtureRecord(name: string, dir = FIXTURES_DIR): Promise<FixtureRecord> {
  const bundle: unknown = JSON.parse(await readFile(path.join(dir, `${name}.json`), 'utf8'));
  if (!isBundle(bundle)) throw new Error(`${name} is not a Bundle`);
  // As a server holds them: references between entries as `Type/id`.
  const resources = resolveBundleReferences(bundle);
  const patientId = resources.find((resource) => resource.resourceType === 'Patient')?.id;
  if (patientId === undefined) throw new Error(`${name} has no Patient`);
  const expectedCounts: Record<string, number> = {};
  const epicExpectedCounts: Record<string, number> = {};
  const epicResources: FhirResource[] = [];
  let uncategorizedObservations = 0;
  for (const resource of resources) {
    if (!isRecordResourceType(resource.resourceType)) continue;
    expectedCounts[resource.resourceType] = (expectedCounts[resource.resourceType] ?? 0) + 1;
    const searchedOnEpic = isFoundByEpicCategorySearch(resource);
    if (searchedOnEpic) {
      epicExpectedCounts[resource.resourceType] = (epicExpectedCounts[resource.resourceType] ?? 0) + 1;
      epicResources.push(resource);
    }
    if (resource.resourceType === 'Observation' && !searchedOnEpic) uncategorizedObservations += 1;
  }
  return {
    patientId,
    resources,
    expectedCounts,
    epicExpectedCounts,
    epicResources,
    uncategorizedObservations,
  };
}

/** Every fixture file's name, without `.json`. */
export async function listFixtureNames(dir = FIXTURES_DIR): Promise<string[]> {
  return (await readdir(dir))
    .filter((file) => file.endsWith('.json'))
    .map((file) => file.replace(/\.json$/u, ''))
    .sort();
}

function isFoundByEpicCategorySearch(resource: FhirResource): boolean {
  const searched: readonly string[] =
    resource.resourceType === 'Observation'
      ? OBSERVATION_CATEGORIES
      : resource.resourceType === 'Condition'
        ? CONDITION_CATEGORIES
        : [];
  if (resource.resourceType !== 'Observation' && resource.resourceType !== 'Condition') return true;
  return (resource.category ?? []).some((category) =>
    (category.coding ?? []).some((coding) => searched.includes(coding.code ?? '')),
  );
}
