// Reading the one-patient Bundle that `context` and `suggest` take: a file, JSON, a Bundle, one patient.
import { readFile } from 'node:fs/promises';
import type { Bundle } from 'fhir/r4';
import type { PatientRecord } from '../record/patient-record.ts';
import { buildPatientRecordFromBundle } from '../record/record-from-bundle.ts';
import { isBundle } from '../record/fhir-json.ts';
import { toErrorMessage } from '../shared/error-message.ts';
import type { CliIo } from './cli-io.ts';

export interface PatientRecordFile {
  readonly record: PatientRecord;
  /** `Type/id` of the resources in the file left out as entered in error. */
  readonly excludedEnteredInError: readonly string[];
  /**
   * The FHIR base the record was read from, when the Bundle says (`chartside load` writes each resource's
   * `fullUrl` on its server): absolute references under it are this server's, and checked for gaps.
   */
  readonly fhirBaseUrl: string | undefined;
}

/** The patient's record from the Bundle at `bundlePath`, or undefined after telling the user why not. */
export async function readPatientRecordFile(
  command: string,
  bundlePath: string,
  io: CliIo,
): Promise<PatientRecordFile | undefined> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(bundlePath, 'utf8'));
  } catch (error) {
    io.stderr(`chartside ${command}: could not read ${bundlePath} as JSON: ${toErrorMessage(error)}\n`);
    return undefined;
  }
  if (!isBundle(json)) {
    io.stderr(`chartside ${command}: ${bundlePath} is not a FHIR Bundle\n`);
    return undefined;
  }
  const assembled = buildPatientRecordFromBundle(json);
  if (!assembled.ok) {
    io.stderr(`chartside ${command}: ${bundlePath}: ${assembled.issues.join('; ')}\n`);
    return undefined;
  }
  return {
    record: assembled.value.record,
    excludedEnteredInError: assembled.value.excludedEnteredInError,
    fhirBaseUrl: fhirBaseOf(json),
  };
}

/** The base of the Patient entry's `fullUrl` when it is an http(s) URL ending in `Patient/<id>`. */
function fhirBaseOf(bundle: Bundle): string | undefined {
  for (const entry of bundle.entry ?? []) {
    const resource = entry.resource;
    if (resource?.resourceType !== 'Patient' || resource.id === undefined) continue;
    const suffix = `/Patient/${resource.id}`;
    const fullUrl = entry.fullUrl;
    if (fullUrl !== undefined && /^https?:\/\//.test(fullUrl) && fullUrl.endsWith(suffix))
      return fullUrl.slice(0, -suffix.length);
  }
  return undefined;
}
