// The sandbox's date shift (issue 11, point 5), end to end through the EHR stand-in's FHIR API: a stand-in made
// with `dateShift` serves each fixture with its latest encounter in the past week of the given now, the birth
// and death dates moved by the same whole weeks (so ages stay right), ids unchanged; without the option (tests,
// CLI) the fixtures are served as written.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Encounter, Patient } from 'fhir/r4';
import { beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS } from '../../mocks/ehr/date-shift.ts';
import { createEhrStandIn, type EhrStandIn } from '../../mocks/ehr/stand-in.ts';
import { isBundle } from '../../src/record/fhir-json.ts';
import { startStandInSession } from '../support/stand-in-session.ts';
import { FIXTURES_DIR } from '../support/synthea-fixtures.ts';

const ORIGIN = 'http://127.0.0.1:5997';
const NOW_MS = Date.parse('2026-11-24T12:00:00Z');
const FIXTURES = [
  'heart-failure-cad-ckd-diabetes-deceased-male',
  'adult-asthma-multiple-allergies-male',
] as const;

interface FixtureFacts {
  readonly patient: Patient;
  /** The encounter that ends (or starts) last in the fixture as written. */
  readonly latestEncounter: Encounter;
}

async function fixtureFacts(name: string): Promise<FixtureFacts> {
  const bundle: unknown = JSON.parse(await readFile(path.join(FIXTURES_DIR, `${name}.json`), 'utf8'));
  if (!isBundle(bundle)) throw new Error(`${name} is not a Bundle`);
  const resources = (bundle.entry ?? []).flatMap((entry) => (entry.resource ? [entry.resource] : []));
  const patient = resources.find((resource): resource is Patient => resource.resourceType === 'Patient');
  const endOf = (encounter: Encounter): number =>
    Date.parse(encounter.period?.end ?? encounter.period?.start ?? '');
  const latestEncounter = resources
    .filter((resource): resource is Encounter => resource.resourceType === 'Encounter')
    .sort((a, b) => endOf(a) - endOf(b))
    .at(-1);
  if (!patient || !latestEncounter) throw new Error(`${name} has no Patient or Encounter`);
  return { patient, latestEncounter };
}

async function readResource(standIn: EhrStandIn, patientId: string, reference: string): Promise<unknown> {
  const send = async (request: Request): Promise<Response> =>
    (await standIn.handle(request)) ?? new Response('not the stand-in', { status: 404 });
  const session = await startStandInSession({ origin: ORIGIN, profile: 'sandbox', patientId, send });
  const response = await send(
    new Request(`${session.fhirBaseUrl}/${reference}`, {
      headers: { authorization: `Bearer ${session.accessToken}`, accept: 'application/fhir+json' },
    }),
  );
  expect(response.status).toBe(200);
  return response.json();
}

function daysBetween(from: string, to: string): number {
  return (Date.parse(to) - Date.parse(from)) / DAY_MS;
}

let shifted: EhrStandIn;
let asWritten: EhrStandIn;

beforeAll(async () => {
  [shifted, asWritten] = await Promise.all([
    createEhrStandIn({ dateShift: { nowMs: NOW_MS } }),
    createEhrStandIn(),
  ]);
});

describe.each(FIXTURES)('the sandbox stand-in with dateShift serves %s', (fixture) => {
  let facts: FixtureFacts;
  beforeAll(async () => {
    facts = await fixtureFacts(fixture);
  });

  it('with its latest encounter 1–7 days before now and the birth (and death) date moved by the same whole weeks', async () => {
    const patientId = facts.patient.id ?? '';
    const encounter = (await readResource(
      shifted,
      patientId,
      `Encounter/${facts.latestEncounter.id ?? ''}`,
    )) as Encounter;
    const served = encounter.period?.end ?? encounter.period?.start ?? '';
    expect(NOW_MS - Date.parse(served)).toBeGreaterThanOrEqual(DAY_MS);
    expect(NOW_MS - Date.parse(served)).toBeLessThan(8 * DAY_MS);
    const written = facts.latestEncounter.period?.end ?? facts.latestEncounter.period?.start ?? '';
    const days = daysBetween(written, served);
    expect(days % 7).toBe(0);
    expect(days).toBeGreaterThan(365);

    const patient = (await readResource(shifted, patientId, `Patient/${patientId}`)) as Patient;
    expect(patient.id).toBe(facts.patient.id);
    expect(daysBetween(facts.patient.birthDate ?? '', patient.birthDate ?? '')).toBe(days);
    if (facts.patient.deceasedDateTime === undefined) expect(patient.deceasedDateTime).toBeUndefined();
    else expect(daysBetween(facts.patient.deceasedDateTime, patient.deceasedDateTime ?? '')).toBe(days);

    // The simulator's patient list and chart banner read the same shifted record.
    expect(shifted.patients.get(patientId)).toMatchObject({
      birthDate: patient.birthDate,
      deceasedDateTime: patient.deceasedDateTime,
    });
  });

  it('while a stand-in without it serves the fixture as written', async () => {
    const patientId = facts.patient.id ?? '';
    const patient = (await readResource(asWritten, patientId, `Patient/${patientId}`)) as Patient;
    expect(patient.birthDate).toBe(facts.patient.birthDate);
    const encounter = (await readResource(
      asWritten,
      patientId,
      `Encounter/${facts.latestEncounter.id ?? ''}`,
    )) as Encounter;
    expect(encounter.period).toEqual(facts.latestEncounter.period);
  });
});
