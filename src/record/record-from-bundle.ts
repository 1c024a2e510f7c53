// A FHIR Bundle of one patient → the PatientRecord the context is built from. Transaction Bundles (Synthea,
// with `urn:uuid:` references), collection Bundles (`chartside load`) and searchset Bundles (a search with
// `_include`s) are all read the same way: their resources go through the record assembly the loader uses
// (duplicates removed, entered-in-error left out). Search outcome entries (OperationOutcome) and types the
// record has no place for (Claim, Organization, …) are reported as unexpected, not errors.
import type { Bundle, FhirResource } from 'fhir/r4';
import { isFhirResource, isJsonObject } from './fhir-json.ts';
import { assemblePatientRecord, type AssembledRecord } from './patient-record.ts';
import { RECORD_RESOURCE_TYPES } from './patient-record.ts';
import type { ValidationResult } from '../shared/validation-result.ts';

/** What a PatientRecord holds: only these need their references resolved. */
const TYPES_TO_RESOLVE: ReadonlySet<string> = new Set(RECORD_RESOURCE_TYPES);

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
  const resources = resolveBundleReferences(bundle, TYPES_TO_RESOLVE);
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
 * `typesToResolve`, when given, limits the work to those types (others are returned as they are): Synthea's
 * Claims and ExplanationOfBenefits are most of a Bundle, and no record holds them.
 */
export function resolveBundleReferences(
  bundle: Bundle,
  typesToResolve?: ReadonlySet<string>,
): FhirResource[] {
  const localKeys = new Map<string, string>();
  for (const entry of bundle.entry ?? []) {
    const resource = entry.resource;
    if (entry.fullUrl !== undefined && resource?.id !== undefined)
      localKeys.set(entry.fullUrl, `${resource.resourceType}/${resource.id}`);
  }
  return (bundle.entry ?? []).flatMap((entry): FhirResource[] => {
    const skip = typesToResolve !== undefined && !typesToResolve.has(entry.resource?.resourceType ?? '');
    const resolved = skip ? entry.resource : withLocalReferences(entry.resource, localKeys);
    return isFhirResource(resolved) ? [resolved] : [];
  });
}

/** `value` with every local `reference` rewritten; what holds none is returned as it is, not copied. */
function withLocalReferences(value: unknown, localKeys: ReadonlyMap<string, string>): unknown {
  if (Array.isArray(value)) {
    const items: readonly unknown[] = value;
    let copy: unknown[] | undefined;
    for (let index = 0; index < items.length; index++) {
      const next = withLocalReferences(items[index], localKeys);
      if (next !== items[index]) {
        copy ??= [...items];
        copy[index] = next;
      }
    }
    return copy ?? value;
  }
  if (!isJsonObject(value)) return value;
  let copy: Record<string, unknown> | undefined;
  for (const key in value) {
    const field = value[key];
    const next =
      key === 'reference' && typeof field === 'string'
        ? (localKeys.get(field) ?? field)
        : withLocalReferences(field, localKeys);
    if (next !== field) {
      copy ??= { ...value };
      copy[key] = next;
    }
  }
  return copy ?? value;
}
