// A FHIR Bundle of one patient → the PatientRecord the context is built from. Transaction Bundles (Synthea,
// with `urn:uuid:` references), collection Bundles (`chartside load`) and searchset Bundles (a search with
// `_include`s) are all read the same way: their resources go through the record assembly the loader uses
// (duplicates removed, entered-in-error left out). Search outcome entries (OperationOutcome) and types the
// record has no place for (Claim, Organization, …) are reported as unexpected, not errors.
import type { Bundle, FhirResource } from 'fhir/r4';
import { isFhirResource } from '../fhir/fhir-json.ts';
import { assemblePatientRecord, type AssembledRecord } from '../fhir/patient-record.ts';
import type { ValidationResult } from '../shared/validation-result.ts';

const READABLE_BUNDLE_TYPES: ReadonlySet<string> = new Set([
  'transaction',
  'collection',
  'searchset',
  'batch',
  'document',
  'history',
]);

export function buildPatientRecordFromBundle(bundle: Bundle): ValidationResult<AssembledRecord> {
  if (!READABLE_BUNDLE_TYPES.has(bundle.type))
    return { ok: false, issues: [`a ${bundle.type} Bundle does not carry a patient's record`] };
  const resources = resolveBundleReferences(bundle);
  const patientIds = [
    ...new Set(
      resources
        .filter((resource) => resource.resourceType === 'Patient')
        .map((resource) => resource.id ?? ''),
    ),
  ];
  if (patientIds.length === 0) return { ok: false, issues: ['the Bundle has no Patient resource'] };
  if (patientIds.length > 1)
    return {
      ok: false,
      issues: [`the Bundle holds ${patientIds.length} patients; the context is built for one`],
    };
  return { ok: true, value: assemblePatientRecord(resources) };
}

/**
 * The Bundle's resources with every reference to another entry's `fullUrl` rewritten to that entry's `Type/id`,
 * as a FHIR server does when it stores a transaction (FHIR R4 Bundle §3.1.0.11, resolving references in
 * Bundles). Synthea writes `urn:uuid:` references; after this a Bundle's record reads like one loaded from a
 * server, and a reference to an entry the Bundle does not hold stays as written. The input is not changed.
 */
export function resolveBundleReferences(bundle: Bundle): FhirResource[] {
  const localKeys = new Map<string, string>();
  for (const entry of bundle.entry ?? []) {
    const resource = entry.resource;
    if (entry.fullUrl !== undefined && resource?.id !== undefined)
      localKeys.set(entry.fullUrl, `${resource.resourceType}/${resource.id}`);
  }
  const resources = (bundle.entry ?? []).flatMap((entry): unknown[] =>
    isFhirResource(entry.resource) ? [entry.resource] : [],
  );
  const resolved: unknown = JSON.parse(JSON.stringify(resources), (key, value: unknown) =>
    key === 'reference' && typeof value === 'string' ? (localKeys.get(value) ?? value) : value,
  );
  return Array.isArray(resolved) ? resolved.filter(isFhirResource) : [];
}
