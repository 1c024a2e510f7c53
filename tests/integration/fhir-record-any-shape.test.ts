// Records that are not US Core shaped, through every loading path: the loader against the stand-in on each
// profile, and the Bundle reader the CLI's context and suggest use. Conditions without a category,
// Observations without one, with an unknown local code, misspelt or text-only (mocks/fixtures/non-us-core/).
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  NON_US_CORE_FIXTURE,
  NON_US_CORE_FIXTURES_DIR,
  deriveNonUsCoreFixture,
} from '../../scripts/derive-non-us-core-fixture.ts';
import { buildPatientRecordFromBundle } from '../../src/record/record-from-bundle.ts';
import { findUnresolvedReferences } from '../../src/context/unresolved-references.ts';
import { isBundle } from '../../src/record/fhir-json.ts';
import { loadPatientRecord } from '../../src/fhir/load-patient-record.ts';
import { countRecordResources } from '../../src/record/patient-record.ts';
import { UNCATEGORISED } from '../../src/record/record-categories.ts';
import { startMswStandIn, TEST_ORIGIN, type MswStandIn } from '../support/msw-stand-in.ts';
import { startStandInSession } from '../support/stand-in-session.ts';
import { readFixtureRecord, type FixtureRecord } from '../support/synthea-fixtures.ts';

let env: MswStandIn;
let fixture: FixtureRecord;

beforeAll(async () => {
  env = await startMswStandIn({ fixturesDir: NON_US_CORE_FIXTURES_DIR });
  fixture = await readFixtureRecord(NON_US_CORE_FIXTURE, NON_US_CORE_FIXTURES_DIR);
});

afterAll(() => {
  env.close();
});

function observationsWith(
  predicate: (codes: readonly (string | undefined)[], hasCategory: boolean) => boolean,
) {
  return fixture.resources.filter(
    (resource) =>
      resource.resourceType === 'Observation' &&
      predicate(
        (resource.category ?? []).flatMap((category) => (category.coding ?? []).map((coding) => coding.code)),
        resource.category !== undefined,
      ),
  ).length;
}

describe('a record that is not US Core shaped', () => {
  it('is what the derivation script makes, and has every shape it promises', async () => {
    expect(await readFile(`${NON_US_CORE_FIXTURES_DIR}${NON_US_CORE_FIXTURE}.json`, 'utf8')).toBe(
      await deriveNonUsCoreFixture(),
    );
    expect(observationsWith((_, hasCategory) => !hasCategory)).toBeGreaterThan(10);
    expect(observationsWith((codes) => codes.includes('LAB-RES'))).toBeGreaterThan(10);
    expect(observationsWith((codes) => codes.includes('vital-sign'))).toBeGreaterThan(10);
    expect(observationsWith((codes, hasCategory) => hasCategory && codes.length === 0)).toBeGreaterThan(3);
    expect(fixture.uncategorizedObservations).toBeGreaterThan(40);
  });

  it.each(['sandbox', 'oracle'] as const)(
    'loads completely through the %s profile, each resource counted by the category it carries',
    async (profile) => {
      const session = await startStandInSession({
        origin: TEST_ORIGIN,
        profile,
        patientId: fixture.patientId,
      });
      const { record, diagnostics } = await loadPatientRecord(session);
      expect(countRecordResources(record)).toEqual(fixture.expectedCounts);
      const observationCategories = diagnostics.categories.Observation;
      expect(observationCategories[UNCATEGORISED]).toBe(observationsWith((_, hasCategory) => !hasCategory));
      expect(observationCategories['LAB-RES']).toBe(observationsWith((codes) => codes.includes('LAB-RES')));
      expect(observationCategories['vital-sign']).toBe(
        observationsWith((codes) => codes.includes('vital-sign')),
      );
      expect(observationCategories.Results).toBe(
        observationsWith((codes, hasCategory) => hasCategory && codes.length === 0),
      );
      expect(diagnostics.categories.Condition).toMatchObject({ PROBLEM: 1, Diagnosis: 1 });
      expect(findUnresolvedReferences(record, { fhirBaseUrl: session.fhirBaseUrl })).toEqual([]);
    },
  );

  it('on Epic, loads what its category searches can find and says what the record points at but lacks', async () => {
    const session = await startStandInSession({
      origin: TEST_ORIGIN,
      profile: 'epic',
      patientId: fixture.patientId,
    });
    const { record } = await loadPatientRecord(session);
    expect(countRecordResources(record)).toEqual(fixture.epicExpectedCounts);
    const gaps = findUnresolvedReferences(record, { fhirBaseUrl: session.fhirBaseUrl });
    // The reports' results that Epic's searches cannot reach are named as a gap, not silently absent.
    expect(gaps.find((gap) => gap.targetType === 'Observation')?.count).toBeGreaterThan(0);
  });

  it('reads completely from the Bundle file, as chartside context and suggest read it', async () => {
    const bundle: unknown = JSON.parse(
      await readFile(`${NON_US_CORE_FIXTURES_DIR}${NON_US_CORE_FIXTURE}.json`, 'utf8'),
    );
    if (!isBundle(bundle)) throw new Error('not a Bundle');
    const read = buildPatientRecordFromBundle(bundle);
    if (!read.ok) throw new Error(read.issues.join('; '));
    expect(countRecordResources(read.value.record)).toEqual(fixture.expectedCounts);
  });
});
