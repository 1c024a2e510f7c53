// `npx tsx scripts/derive-living-fixture.ts [--check]`: writes the living heart-failure / atrial-fibrillation
// fixture, mocks/fixtures/synthea/afib-heart-failure-cad-polypharmacy-male.json, from the Synthea record of
// Parker Casper (afib-heart-failure-cad-polypharmacy-deceased-male.json), who died on 2021-02-21. The fixtures
// have no living patient with heart failure, atrial fibrillation and polypharmacy, and Chartside rightly raises
// nothing for a patient who has died; the deceased record stays as it is, for that case.
//
// The derived record is the same clinical history without the death:
// - Patient.deceased[x] removed;
// - Synthea's death certificate removed, if the source has one: the "Death Certification" Encounter (SNOMED
//   308646001), the cause-of-death Observation (LOINC 69453-9) and the certificate DiagnosticReport or
//   DocumentReference (LOINC 69409-1), and everything that references a removed resource (Claims and
//   ExplanationOfBenefits of that encounter, and so on until nothing more refers to one). Parker Casper's
//   Synthea 2.4 export has none of these: his death is recorded only in Patient.deceasedDateTime;
// - a new person: every resource id re-minted (UUID v5 of the old id in a fixed namespace) and every reference
//   to it rewritten (fullUrl, `urn:uuid:` and `Type/id` references, request.url, and identifiers that carry an
//   id, such as an ExplanationOfBenefit's claim id); a new name, mother's maiden name, address line, coordinates
//   and phone; new MRN, SSN, driver's licence and passport numbers; new DICOM UIDs on the imaging studies.
//   Birth date, sex, race, ethnicity and every clinical resource are kept, so both patients can sit side by side
//   in the EHR stand-in without sharing an id or an identifier.
//
// Deterministic: the same source gives the same bytes. `--check` writes nothing and fails if the committed file
// differs from what this script derives (tests/integration/derived-fixture.test.ts checks the same).
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Bundle, BundleEntry, FhirResource, HumanName, Patient } from 'fhir/r4';
import { isBundle, isFhirResource, isJsonObject } from '../src/record/fhir-json.ts';

export const FIXTURES_DIR = fileURLToPath(new URL('../mocks/fixtures/synthea/', import.meta.url));
export const SOURCE_FIXTURE = 'afib-heart-failure-cad-polypharmacy-deceased-male';
export const DERIVED_FIXTURE = 'afib-heart-failure-cad-polypharmacy-male';

/** Fixed for this fixture: changing it re-mints every id and identifier of the derived patient. */
export const DERIVATION_NAMESPACE = '5ba1df1f-bc6f-4482-972c-c040b1cede8f';

/** The new person: invented, Synthea-style names and address (nobody real). */
export const LIVING_PATIENT = {
  prefix: 'Mr.',
  given: 'Lowell',
  family: 'Wintheiser',
  mothersMaidenName: 'Maida Kertzmann',
  addressLine: '318 Kuvalis Gateway',
} as const;

const SNOMED = 'http://snomed.info/sct';
const LOINC = 'http://loinc.org';
// Synthea's DeathModule writes these three codes when it certifies a death.
const SNOMED_DEATH_CERTIFICATION = '308646001';
const LOINC_CAUSE_OF_DEATH = '69453-9';
const LOINC_DEATH_CERTIFICATE = '69409-1';

const MOTHERS_MAIDEN_NAME = 'http://hl7.org/fhir/StructureDefinition/patient-mothersMaidenName';
const GEOLOCATION = 'http://hl7.org/fhir/StructureDefinition/geolocation';
/** Synthea puts the person's own UUID (not a resource id) in these identifiers. */
const PERSON_UUID_SYSTEMS = new Set([
  'https://github.com/synthetichealth/synthea',
  'http://hospital.smarthealthit.org',
]);
/** Synthea's DICOM root: `1.2.840.99999999` is not a registered organisation, so no real study has these UIDs. */
const SYNTHEA_DICOM_ROOT = '1.2.840.99999999';
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

export interface Derivation {
  readonly bundle: Bundle;
  /** `Type/id` (source ids) of every resource removed with the death. */
  readonly removed: readonly string[];
  /** Source id -> derived id, for every resource kept. */
  readonly ids: ReadonlyMap<string, string>;
}

/** RFC 9562 UUID version 5: SHA-1 of the namespace's 16 bytes and the name. */
export function uuidV5(name: string, namespace: string): string {
  const bytes = createHash('sha1')
    .update(Buffer.from(namespace.replace(/-/g, ''), 'hex'))
    .update(name, 'utf8')
    .digest()
    .subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A deterministic stream of decimal digits for a purpose, drawn from SHA-256 of the namespace and the purpose. */
function digitsFor(purpose: string, count: number): string {
  let digits = '';
  for (let round = 0; digits.length < count; round += 1) {
    const hash = createHash('sha256').update(`${DERIVATION_NAMESPACE}:${purpose}:${round}`).digest();
    for (const byte of hash) if (byte < 250) digits += String(byte % 10);
  }
  return digits.slice(0, count);
}

/**
 * The same shape with new digits: letters and separators kept, and Synthea's markers of a fictitious number
 * (SSNs 999-xx-xxxx and licences S999xxxxx are in ranges never issued; phone numbers start 555). No digit run
 * starts with 0 (a DICOM UID component may not), and the result always differs from the source.
 */
export function redigit(value: string, purpose: string): string {
  const keep = /^\D*(?:999|555)/.exec(value)?.[0].length ?? 0;
  const chars = Array.from(value);
  for (let attempt = 0; ; attempt += 1) {
    const fresh = digitsFor(`${purpose}:${String(attempt)}`, chars.length);
    let index = 0;
    const result = chars
      .map((char, position) => {
        if (position < keep || !/\d/.test(char)) return char;
        const next = fresh[index] ?? '1';
        index += 1;
        const startsRun = position === 0 || !/\d/.test(chars[position - 1] ?? '');
        return startsRun && next === '0' ? '1' : next;
      })
      .join('');
    if (result !== value) return result;
  }
}

function codes(value: unknown): { system?: unknown; code?: unknown }[] {
  if (!isJsonObject(value) || !Array.isArray(value.coding)) return [];
  return value.coding.filter(isJsonObject);
}

function hasCode(concepts: unknown, system: string, code: string): boolean {
  const list = Array.isArray(concepts) ? concepts : [concepts];
  return list.some((concept) =>
    codes(concept).some((coding) => coding.system === system && coding.code === code),
  );
}

/** Synthea's death certificate resources, found by their codes. */
function isDeathRecord(resource: FhirResource): boolean {
  if (resource.resourceType === 'Encounter')
    return hasCode(resource.type, SNOMED, SNOMED_DEATH_CERTIFICATION);
  if (resource.resourceType === 'Observation') return hasCode(resource.code, LOINC, LOINC_CAUSE_OF_DEATH);
  if (resource.resourceType === 'DiagnosticReport')
    return hasCode(resource.code, LOINC, LOINC_DEATH_CERTIFICATE);
  if (resource.resourceType === 'DocumentReference')
    return hasCode(resource.type, LOINC, LOINC_DEATH_CERTIFICATE);
  return false;
}

/** Every reference string in a resource (`urn:uuid:<id>` or `Type/id`), by the ids in it. */
function referencedIds(value: unknown, found: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) referencedIds(item, found);
  } else if (isJsonObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      if (key === 'reference' && typeof item === 'string')
        for (const id of item.match(UUID) ?? []) found.add(id);
      else referencedIds(item, found);
    }
  }
  return found;
}

/** The death records and everything that refers to one, transitively (a Claim of the encounter, its EOB …). */
function deathResourceIds(resources: readonly FhirResource[]): Set<string> {
  const removed = new Set(resources.filter(isDeathRecord).map((resource) => resource.id ?? ''));
  removed.delete('');
  const references = new Map(resources.map((resource) => [resource, referencedIds(resource)]));
  for (let grew = removed.size > 0; grew;) {
    grew = false;
    for (const [resource, ids] of references) {
      if (resource.id === undefined || removed.has(resource.id) || resource.resourceType === 'Patient')
        continue;
      if ([...ids].some((id) => removed.has(id))) {
        removed.add(resource.id);
        grew = true;
      }
    }
  }
  return removed;
}

/** Every string in the JSON with each source id replaced by its derived id, key order kept. */
function withIdsReplaced(value: unknown, ids: ReadonlyMap<string, string>): unknown {
  if (typeof value === 'string') return value.replace(UUID, (id) => ids.get(id) ?? id);
  if (Array.isArray(value)) return value.map((item) => withIdsReplaced(item, ids));
  if (isJsonObject(value))
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withIdsReplaced(item, ids)]));
  return value;
}

/** A Synthea DICOM UID (or `urn:oid:` identifier) with its long components re-drawn; others unchanged. */
function rederivedDicomUid(value: string): string {
  const prefix = value.startsWith('urn:oid:') ? 'urn:oid:' : '';
  const uid = value.slice(prefix.length);
  if (!uid.startsWith(`${SYNTHEA_DICOM_ROOT}.`)) return value;
  const components = uid.slice(SYNTHEA_DICOM_ROOT.length + 1).split('.');
  const fresh = components.map((component, index) =>
    component.length < 6 ? component : redigit(component, `dicom:${uid}:${index}`),
  );
  return `${prefix}${SYNTHEA_DICOM_ROOT}.${fresh.join('.')}`;
}

function withDicomUidsRederived(value: unknown, key = ''): unknown {
  if (typeof value === 'string') return key === 'uid' || key === 'value' ? rederivedDicomUid(value) : value;
  if (Array.isArray(value)) return value.map((item) => withDicomUidsRederived(item, key));
  if (isJsonObject(value))
    return Object.fromEntries(
      Object.entries(value).map(([name, item]) => [name, withDicomUidsRederived(item, name)]),
    );
  return value;
}

/** Coordinates moved a few hundred metres, deterministically, to go with the new address line. */
function movedCoordinate(value: number, purpose: string): number {
  const offset = (Number(digitsFor(purpose, 4)) - 5000) / 1_000_000;
  return Math.round((value + offset) * 1_000_000) / 1_000_000;
}

/** The same patient record as a different, living person (see the file header). */
function livingPatient(source: Patient): Patient {
  const patient = structuredClone(source);
  delete patient.deceasedDateTime;
  delete patient.deceasedBoolean;
  const name: HumanName = {
    use: 'official',
    family: LIVING_PATIENT.family,
    given: [LIVING_PATIENT.given],
    prefix: [LIVING_PATIENT.prefix],
  };
  patient.name = [name];
  if (patient.text !== undefined)
    patient.text.div = patient.text.div.replace(
      /<\/div>$/,
      '. Modified by Chartside (scripts/derive-living-fixture.ts): death removed; ids, name, identifiers, address and phone re-minted.</div>',
    );
  for (const extension of patient.extension ?? []) {
    if (extension.url === MOTHERS_MAIDEN_NAME) extension.valueString = LIVING_PATIENT.mothersMaidenName;
  }
  for (const identifier of patient.identifier ?? []) {
    const value = identifier.value;
    if (value === undefined) continue;
    identifier.value =
      PERSON_UUID_SYSTEMS.has(identifier.system ?? '') && /^[0-9a-f-]{36}$/.test(value)
        ? uuidV5(`person:${value}`, DERIVATION_NAMESPACE)
        : redigit(value, `identifier:${identifier.system ?? ''}:${value}`);
  }
  for (const telecom of patient.telecom ?? []) {
    if (telecom.value !== undefined) telecom.value = redigit(telecom.value, `telecom:${telecom.value}`);
  }
  for (const address of patient.address ?? []) {
    address.line = [LIVING_PATIENT.addressLine];
    for (const extension of address.extension ?? []) {
      if (extension.url !== GEOLOCATION) continue;
      for (const part of extension.extension ?? []) {
        if (part.valueDecimal !== undefined)
          part.valueDecimal = movedCoordinate(part.valueDecimal, `geolocation:${part.url}`);
      }
    }
  }
  return patient;
}

/** The living patient's Bundle from the deceased one's (pure apart from hashing). */
export function deriveLivingBundle(source: Bundle): Derivation {
  const entries = (source.entry ?? []).filter((entry): entry is BundleEntry & { resource: FhirResource } =>
    isFhirResource(entry.resource),
  );
  const patients = entries.filter((entry) => entry.resource.resourceType === 'Patient');
  if (patients.length !== 1) throw new Error(`expected one Patient in the source, found ${patients.length}`);
  const removedIds = deathResourceIds(entries.map((entry) => entry.resource));
  const kept = entries.filter((entry) => !removedIds.has(entry.resource.id ?? ''));
  const ids = new Map<string, string>();
  for (const { resource } of kept) {
    if (resource.id === undefined) throw new Error(`a ${resource.resourceType} without an id`);
    if (!/^[0-9a-f-]{36}$/.test(resource.id))
      throw new Error(`${resource.resourceType}/${resource.id} is not a UUID`);
    ids.set(resource.id, uuidV5(`${resource.resourceType}/${resource.id}`, DERIVATION_NAMESPACE));
  }
  const entry = kept.map((item) => {
    const resource = item.resource.resourceType === 'Patient' ? livingPatient(item.resource) : item.resource;
    return withDicomUidsRederived(withIdsReplaced({ ...item, resource }, ids));
  });
  const bundle: unknown = { ...source, entry };
  if (!isBundle(bundle)) throw new Error('the derived Bundle is not a Bundle');
  const removed = entries
    .filter((item) => removedIds.has(item.resource.id ?? ''))
    .map((item) => `${item.resource.resourceType}/${item.resource.id ?? ''}`);
  return { bundle, removed, ids };
}

/** As the Synthea fixture files are written: 4-space JSON, no final newline. */
export function formatFixture(bundle: Bundle): string {
  return JSON.stringify(bundle, null, 4);
}

export async function readSourceBundle(): Promise<Bundle> {
  const json: unknown = JSON.parse(await readFile(`${FIXTURES_DIR}${SOURCE_FIXTURE}.json`, 'utf8'));
  if (!isBundle(json)) throw new Error(`${SOURCE_FIXTURE} is not a Bundle`);
  return json;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const check = process.argv.includes('--check');
  const target = `${FIXTURES_DIR}${DERIVED_FIXTURE}.json`;
  const { bundle, removed } = deriveLivingBundle(await readSourceBundle());
  const text = formatFixture(bundle);
  const summary = `${String(bundle.entry?.length ?? 0)} resources; removed with the death: ${removed.length === 0 ? 'none besides Patient.deceased[x]' : removed.join(', ')}\n`;
  if (check) {
    const current = await readFile(target, 'utf8').catch(() => '');
    process.stdout.write(current === text ? `${DERIVED_FIXTURE}.json is up to date: ${summary}` : '');
    if (current !== text) {
      process.stderr.write(
        `${DERIVED_FIXTURE}.json differs from what scripts/derive-living-fixture.ts derives\n`,
      );
      process.exitCode = 1;
    }
  } else {
    await writeFile(target, text, 'utf8');
    process.stdout.write(`wrote ${target}: ${summary}`);
  }
}
