// `chartside suggest` over the fixture patients, in-process: rules only (no model configured), `--json` as the
// brief specifies it, evidence that points at resources of the input Bundle, at most five shown first in rank
// order, the same output twice; and the same suggestions from the Bundle `chartside load` writes (EHR stand-in,
// msw) as from the Synthea transaction Bundle.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureIo } from '../support/capture-io.ts';
import { runLoadCommand } from '../../src/cli/load-command.ts';
import { createSuggestCommand, type SuggestJson } from '../../src/cli/suggest-command.ts';
import { URGENCY_RANK } from '../../src/reasoning/rank-findings.ts';
import { startMswStandIn, TEST_ORIGIN, type MswStandIn } from '../support/msw-stand-in.ts';
import { loadArguments, startStandInSession } from '../support/stand-in-session.ts';
import { FIXTURES_DIR, readFixtureRecord } from '../support/synthea-fixtures.ts';

const FIXTURES = [
  'adult-asthma-multiple-allergies-male',
  'afib-heart-failure-cad-polypharmacy-deceased-male',
  'afib-heart-failure-cad-polypharmacy-male',
  'alzheimers-hypertension-hyperlipidemia-elderly-female-other-race',
  'ckd-diabetic-nephropathy-hypertension-male',
  'copd-emphysema-hypertension-elderly-black-female',
  'diabetes-ckd-epilepsy-american-indian-male',
  'diabetes-ckd-hypertension-female-other-race',
  'diabetes-hyperlipidemia-asian-female',
  'diabetes-hypertension-stroke-polypharmacy-elderly-female',
  'heart-failure-cad-ckd-diabetes-deceased-male',
  'pediatric-asthma-allergies-black-female',
  'toddler-otitis-food-allergies-female',
];

const rulesOnly = createSuggestCommand({
  env: {},
  createModelClient: () => Promise.reject(new Error('no model is configured in these tests')),
});

function parseSuggestJson(output: string): SuggestJson {
  const value: unknown = JSON.parse(output);
  if (
    typeof value !== 'object' ||
    value === null ||
    !('suggestions' in value) ||
    !Array.isArray(value.suggestions)
  )
    throw new Error(`unexpected output ${output}`);
  return value as SuggestJson;
}

/** The day after the fixture's last encounter, as YYYY-MM-DD. */
async function dayAfterLastEncounter(name: string): Promise<string> {
  const fixture = await readFixtureRecord(name);
  const starts = fixture.resources.flatMap((resource) =>
    resource.resourceType === 'Encounter' && resource.period?.start !== undefined
      ? [resource.period.start.slice(0, 10)]
      : [],
  );
  const last = starts.sort().at(-1);
  if (last === undefined) throw new Error(`${name} has no encounter`);
  return new Date(Date.parse(`${last}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

async function suggest(
  file: string,
  seen: string,
): Promise<{ json: SuggestJson; err: string; code: number }> {
  const io = captureIo();
  const code = await rulesOnly([file, '--now', seen, '--json'], io);
  return { json: parseSuggestJson(io.out()), err: io.err(), code };
}

describe('chartside suggest over every fixture (rules only)', () => {
  it.each(FIXTURES)('%s', async (name) => {
    const file = path.join(FIXTURES_DIR, `${name}.json`);
    const seen = await dayAfterLastEncounter(name);
    const { json, err, code } = await suggest(file, seen);
    expect(code).toBe(0);
    expect(err).toContain('rules only');

    const fixture = await readFixtureRecord(name);
    const ids = new Set(fixture.resources.map((resource) => `${resource.resourceType}/${resource.id ?? ''}`));
    for (const entry of json.suggestions) {
      expect(entry.source).toBe('rules');
      expect(entry.evidence.length).toBeGreaterThan(0);
      for (const source of entry.evidence) expect(ids.has(`${source.resourceType}/${source.id}`)).toBe(true);
    }
    const shown = json.suggestions.filter((entry) => entry.shown);
    expect(shown.length).toBe(Math.min(5, json.suggestions.length));
    expect(json.suggestions.slice(0, shown.length).every((entry) => entry.shown)).toBe(true);
    const urgencies = json.suggestions.map((entry) => URGENCY_RANK[entry.urgency]);
    expect(urgencies).toEqual([...urgencies].sort((a, b) => a - b));

    const again = await suggest(file, seen);
    expect(again.json).toEqual(json);
  });
});

describe('chartside suggest on what chartside load wrote', () => {
  let env: MswStandIn;
  let outDir: string;
  beforeAll(async () => {
    env = await startMswStandIn();
    outDir = await mkdtemp(path.join(tmpdir(), 'chartside-suggest-cli-'));
  });
  afterAll(async () => {
    env.close();
    await rm(outDir, { recursive: true, force: true });
  });

  it('gives the same suggestions as the fixture Bundle', async () => {
    const name = 'afib-heart-failure-cad-polypharmacy-deceased-male';
    const fixture = await readFixtureRecord(name);
    // A plain SMART server serves the whole record. (Epic's per-category searches would not find Synthea's
    // Conditions, which carry no category: fhir-cli-load.test.ts covers what Epic returns.)
    const session = await startStandInSession({
      origin: TEST_ORIGIN,
      profile: 'sandbox',
      patientId: fixture.patientId,
    });
    const outFile = path.join(outDir, 'loaded.json');
    const load = captureIo();
    expect(await runLoadCommand(loadArguments(session, outFile), load), load.err()).toBe(0);
    const seen = await dayAfterLastEncounter(name);
    const loaded = await suggest(outFile, seen);
    const original = await suggest(path.join(FIXTURES_DIR, `${name}.json`), seen);
    expect(loaded.json).toEqual(original.json);
    expect(original.json.suggestions.map((entry) => entry.id)).toContain('digoxin-elderly');
  });
});

describe('chartside suggest says why a rule that applies was not raised', () => {
  const ECQM_DIR = path.join(FIXTURES_DIR, '../ecqm');

  it('names the exclusion and the resource it rests on (CMS130 test patient in hospice)', async () => {
    const io = captureIo();
    const file = path.join(ECQM_DIR, 'CMS130/tests/exclusion-EXM130-hospice.json');
    expect(await rulesOnly([file, '--now', '2021-12-31'], io)).toBe(0);
    expect(io.out()).not.toContain('Colorectal cancer screening due');
    expect(io.out()).toMatch(
      /Not raised:\n(.*\n)* {2}screening-colorectal: hospice care: discharged for hospice care 13\d days ago \(Encounter\/[^)]+\)/,
    );
  });

  it('prints no trace when every rule that applies is raised', async () => {
    const io = captureIo();
    const file = path.join(ECQM_DIR, 'CMS130/tests/denom-EXM130.json');
    expect(await rulesOnly([file, '--now', '2021-12-31'], io)).toBe(0);
    expect(io.out()).toContain('Colorectal cancer screening due');
    expect(io.out()).not.toContain('Not raised:');
  });
});
