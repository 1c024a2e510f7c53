// A loaded record as one FHIR `collection` Bundle (FHIR R4 §3.1.1: a set of resources with no further
// meaning), e.g. for the CLI's `--out` file or a test fixture. `fullUrl` is each resource's URL on its server.
import type { Bundle, FhirResource } from 'fhir/r4';
import { listRecordResources, type PatientRecord } from './patient-record.ts';

export function buildRecordBundle(
  record: PatientRecord,
  fhirBaseUrl: string,
  timestamp: string,
): Bundle<FhirResource> {
  const base = fhirBaseUrl.replace(/\/+$/, '');
  return {
    resourceType: 'Bundle',
    type: 'collection',
    timestamp,
    entry: listRecordResources(record).map((resource) => ({
      fullUrl: `${base}/${resource.resourceType}/${resource.id ?? ''}`,
      resource,
    })),
  };
}
