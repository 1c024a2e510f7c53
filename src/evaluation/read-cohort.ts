// IO: the patients of a cohort folder, one file at a time (`.json` or `.json.gz`, gunzipped), so a cohort of any
// size is read with one patient in memory. Files that are not JSON Bundles are reported and skipped.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import type { Bundle } from 'fhir/r4';
import { isBundle } from '../record/fhir-json.ts';
import { toErrorMessage } from '../shared/error-message.ts';

const gunzipAsync = promisify(gunzip);

export type CohortFile =
  | { readonly kind: 'bundle'; readonly fileName: string; readonly bundle: Bundle }
  | { readonly kind: 'skipped'; readonly fileName: string; readonly reason: string };

/** The `.json` and `.json.gz` files of a folder, sorted by name. */
export async function listCohortFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && /\.json(\.gz)?$/i.test(entry.name))
    .map((entry) => entry.name)
    .sort();
}

/** Reads one cohort file: its Bundle, or why it is skipped. */
export async function readCohortFile(dir: string, fileName: string): Promise<CohortFile> {
  let json: unknown;
  try {
    const raw = await readFile(path.join(dir, fileName));
    const text = (/\.gz$/i.test(fileName) ? await gunzipAsync(raw) : raw).toString('utf8');
    json = JSON.parse(text);
  } catch (error) {
    return { kind: 'skipped', fileName, reason: `not readable as JSON: ${toErrorMessage(error)}` };
  }
  if (!isBundle(json)) return { kind: 'skipped', fileName, reason: 'not a FHIR Bundle' };
  return { kind: 'bundle', fileName, bundle: json };
}

/** The cohort's files in name order, each read only when the consumer asks for it. */
export async function* readCohort(dir: string, fileNames?: readonly string[]): AsyncGenerator<CohortFile> {
  for (const fileName of fileNames ?? (await listCohortFiles(dir))) yield await readCohortFile(dir, fileName);
}
