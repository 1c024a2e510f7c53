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
  const resources = (bundle.entry ?? []).flatMap((entry): FhirResource[] =>
    isFhirResource(entry.resource) ? [entry.resource] : [],
  );
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
