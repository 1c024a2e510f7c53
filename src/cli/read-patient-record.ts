// Reading the one-patient Bundle that `context` and `suggest` take: a file, JSON, a Bundle, one patient.
import { readFile } from 'node:fs/promises';
import type { PatientRecord } from '../fhir/patient-record.ts';
import { buildPatientRecordFromBundle } from '../context/record-from-bundle.ts';
import { isBundle } from '../fhir/fhir-json.ts';
import { toErrorMessage } from '../shared/error-message.ts';
import type { CliIo } from './cli-io.ts';

/** The patient's record from the Bundle at `bundlePath`, or undefined after telling the user why not. */
export async function readPatientRecordFile(
  command: string,
  bundlePath: string,
  io: CliIo,
): Promise<PatientRecord | undefined> {
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
  return assembled.value.record;
}
