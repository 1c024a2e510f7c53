// The living heart-failure / atrial-fibrillation fixture derived from Parker Casper's record by
// scripts/derive-living-fixture.ts: the committed file is exactly what the script derives; it is the same clinical
// record (every resource but the Patient and the imaging studies equal to the source once the ids are mapped
// back); it shares no id, name, identifier, phone or address line with the source; every reference resolves
// inside it; the death is gone; and the EHR stand-in serves both patients side by side. The death-certificate
// removal, which Parker Casper's Synthea 2.4 export does not exercise (his death is only Patient.deceasedDateTime),
// is checked on a small Bundle built the way Synthea's DeathModule writes one.
import { readFile } from 'node:fs/promises';
import type { Bundle, FhirResource, Patient } from 'fhir/r4';
import { beforeAll, describe, expect, it } from 'vitest';
import { createPatientStore } from '../../mocks/ehr/patient-store.ts';
import { isBundle, isFhirResource } from '../../src/record/fhir-json.ts';
import {
  DERIVATION_NAMESPACE,
  DERIVED_FIXTURE,
  deriveLivingBundle,
  formatFixture,
  readSourceBundle,
  redigit,
  SOURCE_FIXTURE,
  uuidV5,
  type Derivation,
} from '../../scripts/derive-living-fixture.ts';
import { FIXTURES_DIR } from '../support/synthea-fixtures.ts';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

let source: Bundle;
let committedText: string;
let committed: Bundle;
let derivation: Derivation;

function resourcesOf(bundle: Bundle): FhirResource[] {
  return (bundle.entry ?? []).flatMap((entry) => (isFhirResource(entry.resource) ? [entry.resource] : []));
}

function patientOf(bundle: Bundle): Patient {
  const patient = resourcesOf(bundle).find(
    (resource): resource is Patient => resource.resourceType === 'Patient',
  );
  if (patient === undefined) throw new Error('no Patient');
  return patient;
}

/** Every string in a JSON value, with the key it sits under. */
function strings(value: unknown, key = ''): { key: string; value: string }[] {
  if (typeof value === 'string') return [{ key, value }];
  if (Array.isArray(value)) return value.flatMap((item) => strings(item, key));
  if (typeof value === 'object' && value !== null)
    return Object.entries(value).flatMap(([name, item]) => strings(item, name));
  return [];
}

beforeAll(async () => {
  source = await readSourceBundle();
  committedText = await readFile(`${FIXTURES_DIR}${DERIVED_FIXTURE}.json`, 'utf8');
  const json: unknown = JSON.parse(committedText);
  if (!isBundle(json)) throw new Error(`${DERIVED_FIXTURE} is not a Bundle`);
  committed = json;
  derivation = deriveLivingBundle(source);
});

describe(`${DERIVED_FIXTURE}.json`, () => {
  it('is exactly what scripts/derive-living-fixture.ts derives, formatted as the Synthea files are', () => {
    expect(committedText).toBe(formatFixture(derivation.bundle));
    expect(committedText.startsWith('{\n    "resourceType": "Bundle",\n    "type": "transaction",')).toBe(
      true,
    );
    expect(committedText.endsWith('\n}')).toBe(true);
  });

  it('holds the same clinical record: every resource but the Patient and imaging studies equal once ids map back', () => {
    const back = new Map([...derivation.ids].map(([from, to]) => [to, from]));
    const restored: unknown = JSON.parse(committedText.replace(UUID, (id) => back.get(id) ?? id));
    if (!isBundle(restored)) throw new Error('not a Bundle');
    expect(derivation.removed).toEqual([]);
    expect(restored.entry?.length).toBe(source.entry?.length);
    for (const [index, entry] of (restored.entry ?? []).entries()) {
      const original = source.entry?.[index];
      const type = entry.resource?.resourceType;
      expect(type).toBe(original?.resource?.resourceType);
      if (type === 'Patient' || type === 'ImagingStudy') continue;
      expect(entry, `${type ?? ''}/${entry.resource?.id ?? ''}`).toEqual(original);
    }
    const living = patientOf(committed);
    const deceased = patientOf(source);
    for (const field of ['gender', 'birthDate', 'maritalStatus', 'communication'] as const)
      expect(living[field]).toEqual(deceased[field]);
  });

  it('has no death: no deceased[x], no death certificate, nothing on the day he died', () => {
    const patient = patientOf(committed);
    expect(patient.deceasedDateTime).toBeUndefined();
    expect(patient.deceasedBoolean).toBeUndefined();
    expect(patientOf(source).deceasedDateTime).toBe('2021-02-21T19:27:45+00:00');
    // Outside the Patient's narrative, which says the death was removed.
    const rest = strings(resourcesOf(committed).filter((resource) => resource.resourceType !== 'Patient'));
    expect(rest.filter(({ value }) => /death|69453-9|69409-1|308646001|2021-02-21T/i.test(value))).toEqual(
      [],
    );
    expect(patient.text?.div).toContain(
      'Modified by Chartside (scripts/derive-living-fixture.ts): death removed',
    );
  });

  it('shares no resource id, fullUrl, DICOM UID, name, identifier, phone or address line with the source', () => {
    const sourceIds = new Set(resourcesOf(source).map((resource) => resource.id));
    const derivedIds = resourcesOf(committed).map((resource) => resource.id);
    expect(new Set(derivedIds).size).toBe(derivedIds.length);
    expect(derivedIds.filter((id) => sourceIds.has(id))).toEqual([]);
    const sourceUuids = new Set(JSON.stringify(source).match(UUID));
    expect((committedText.match(UUID) ?? []).filter((id) => sourceUuids.has(id))).toEqual([]);
    const uids = (bundle: Bundle) =>
      strings(bundle)
        .filter(({ value }) => value.includes('1.2.840.99999999.'))
        .map(({ value }) => value);
    const sourceUids = new Set(uids(source));
    expect(uids(committed)).toHaveLength(sourceUids.size);
    expect(uids(committed).filter((uid) => sourceUids.has(uid))).toEqual([]);

    const living = patientOf(committed);
    const deceased = patientOf(source);
    expect(living.name).toEqual([
      { use: 'official', family: 'Wintheiser', given: ['Lowell'], prefix: ['Mr.'] },
    ]);
    const identifying = (patient: Patient) => [
      ...(patient.name ?? []).flatMap((name) => [name.family ?? '', ...(name.given ?? [])]),
      ...(patient.identifier ?? []).map((identifier) => identifier.value ?? ''),
      ...(patient.telecom ?? []).map((telecom) => telecom.value ?? ''),
      ...(patient.address ?? []).flatMap((address) => address.line ?? []),
      ...(patient.extension ?? []).flatMap((extension) =>
        extension.valueString === undefined ? [] : [extension.valueString],
      ),
    ];
    const before = identifying(deceased);
    expect(before).toEqual(
      expect.arrayContaining(['Parker', 'Casper', '999-40-9332', 'S99947168', 'X44280044X']),
    );
    for (const value of before) expect(committedText, value).not.toContain(value);
    expect(identifying(living)).toHaveLength(before.length);
    // Synthea's marks of a fictitious number stay: SSN 999-…, licence S999…, phone 555-….
    expect(living.identifier?.map((identifier) => identifier.value)).toEqual([
      expect.stringMatching(/^[0-9a-f-]{36}$/),
      expect.stringMatching(/^[0-9a-f-]{36}$/),
      expect.stringMatching(/^999-\d{2}-\d{4}$/),
      expect.stringMatching(/^S999\d{5}$/),
      expect.stringMatching(/^X\d{8}X$/),
    ]);
    expect(living.telecom?.[0]?.value).toMatch(/^555-\d{3}-\d{4}$/);
  });

  it('resolves every reference inside itself, with ids re-minted as UUID v5 in the derivation namespace', () => {
    const fullUrls = new Set((committed.entry ?? []).map((entry) => entry.fullUrl));
    const references = strings(committed).filter(({ key }) => key === 'reference');
    expect(references.length).toBeGreaterThan(1000);
    for (const { value } of references) {
      if (value.startsWith('#')) continue;
      expect(fullUrls.has(value), value).toBe(true);
    }
    for (const entry of committed.entry ?? []) {
      expect(entry.fullUrl).toBe(`urn:uuid:${entry.resource?.id ?? ''}`);
      expect(entry.resource?.id).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
    }
    // An ExplanationOfBenefit names its Claim by id: the new one.
    const claims = new Set(
      resourcesOf(committed).flatMap((resource) => (resource.resourceType === 'Claim' ? [resource.id] : [])),
    );
    for (const resource of resourcesOf(committed)) {
      if (resource.resourceType !== 'ExplanationOfBenefit') continue;
      const claimId = resource.identifier?.find((identifier) =>
        identifier.system?.endsWith('/clm_id'),
      )?.value;
      expect(claims.has(claimId)).toBe(true);
    }
  });
});

describe('the derivation', () => {
  it('makes RFC 9562 version 5 UUIDs (the RFC 9562 test vector) and keeps the shape of a number', () => {
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
    expect(DERIVATION_NAMESPACE).toMatch(/^[0-9a-f-]{36}$/);
    for (const [value, shape] of [
      ['999-40-9332', /^999-\d{2}-\d{4}$/],
      ['S99947168', /^S999\d{5}$/],
      ['X44280044X', /^X[1-9]\d{7}X$/],
      ['555-483-9277', /^555-[1-9]\d{2}-[1-9]\d{3}$/],
      ['1559319191192', /^[1-9]\d{12}$/],
    ] as const) {
      const fresh = redigit(value, `test:${value}`);
      expect(fresh).toMatch(shape);
      expect(fresh).not.toBe(value);
      expect(redigit(value, `test:${value}`)).toBe(fresh);
    }
  });

  it('removes a Synthea death certificate and everything of its encounter, keeping the rest', () => {
    const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
    const ref = (n: number) => ({ reference: `urn:uuid:${id(n)}` });
    const resources: FhirResource[] = [
      { resourceType: 'Patient', id: id(1), deceasedDateTime: '2021-02-21T19:27:45+00:00' },
      { resourceType: 'Encounter', id: id(2), status: 'finished', class: { code: 'AMB' }, subject: ref(1) },
      {
        resourceType: 'Encounter',
        id: id(3),
        status: 'finished',
        class: { code: 'AMB' },
        type: [
          {
            coding: [{ system: 'http://snomed.info/sct', code: '308646001', display: 'Death Certification' }],
          },
        ],
        subject: ref(1),
      },
      {
        resourceType: 'Observation',
        id: id(4),
        status: 'final',
        code: { coding: [{ system: 'http://loinc.org', code: '69453-9' }] },
        subject: ref(1),
        encounter: ref(3),
      },
      {
        resourceType: 'DiagnosticReport',
        id: id(5),
        status: 'final',
        code: { coding: [{ system: 'http://loinc.org', code: '69409-1' }] },
        subject: ref(1),
        encounter: ref(3),
        result: [ref(4)],
      },
      {
        resourceType: 'Claim',
        id: id(6),
        status: 'active',
        type: {},
        use: 'claim',
        patient: ref(1),
        created: '2021-02-21',
        provider: {},
        priority: {},
        insurance: [],
        item: [{ sequence: 1, productOrService: {}, encounter: [ref(3)] }],
      },
      {
        resourceType: 'ExplanationOfBenefit',
        id: id(7),
        status: 'active',
        type: {},
        use: 'claim',
        patient: ref(1),
        created: '2021-02-21',
        insurer: {},
        provider: {},
        outcome: 'complete',
        insurance: [],
        claim: ref(6),
        identifier: [{ system: 'https://bluebutton.cms.gov/resources/variables/clm_id', value: id(6) }],
      },
      {
        resourceType: 'Observation',
        id: id(8),
        status: 'final',
        code: { coding: [{ system: 'http://loinc.org', code: '33914-3' }] },
        subject: ref(1),
        encounter: ref(2),
      },
    ];
    const bundle: Bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: resources.map((resource) => ({
        fullUrl: `urn:uuid:${resource.id ?? ''}`,
        resource,
        request: { method: 'POST', url: resource.resourceType },
      })),
    };
    const { bundle: living, removed, ids } = deriveLivingBundle(bundle);
    expect(removed).toEqual([
      `Encounter/${id(3)}`,
      `Observation/${id(4)}`,
      `DiagnosticReport/${id(5)}`,
      `Claim/${id(6)}`,
      `ExplanationOfBenefit/${id(7)}`,
    ]);
    expect(resourcesOf(living).map((resource) => resource.resourceType)).toEqual([
      'Patient',
      'Encounter',
      'Observation',
    ]);
    expect(patientOf(living).deceasedDateTime).toBeUndefined();
    expect(ids.get(id(2))).toBe(uuidV5(`Encounter/${id(2)}`, DERIVATION_NAMESPACE));
    const observation = resourcesOf(living)[2];
    expect(observation?.resourceType === 'Observation' ? observation.encounter?.reference : '').toBe(
      `urn:uuid:${ids.get(id(2)) ?? ''}`,
    );
  });
});

describe('in the EHR stand-in', () => {
  it('serves the living patient beside the deceased one, with the same problems and medications', async () => {
    const store = await createPatientStore();
    const byFixture = new Map(store.list().map((summary) => [summary.fixture, summary]));
    const living = byFixture.get(DERIVED_FIXTURE);
    const deceased = byFixture.get(SOURCE_FIXTURE);
    if (living === undefined || deceased === undefined) throw new Error('both patients must be listed');
    expect(new Set(store.list().map((summary) => summary.id)).size).toBe(store.list().length);
    expect(living.id).not.toBe(deceased.id);
    expect(living.name).toBe('Mr. Lowell Wintheiser');
    expect(deceased.name).toBe('Mr. Parker Casper');
    expect(living.deceasedDateTime).toBeUndefined();
    expect(deceased.deceasedDateTime).toBe('2021-02-21T19:27:45+00:00');
    expect(living.activeProblems).toEqual(deceased.activeProblems);
    expect(living.activeProblems).toEqual(
      expect.arrayContaining(['Atrial Fibrillation', 'Chronic congestive heart failure (disorder)']),
    );
    expect(living.activeMedications).toEqual(deceased.activeMedications);
    expect(living.activeMedications).toHaveLength(12);
    expect(living.practitioner).not.toBe(deceased.practitioner);
    const stored: unknown = await (await store.repository(living.id))?.readResource('Patient', living.id);
    expect(stored).toMatchObject({ name: [{ family: 'Wintheiser' }] });
    expect(stored).not.toHaveProperty('deceasedDateTime');
  });
});
