// `chartside score` over Synthea fixture patients, in-process: `--json` as issue 14 specifies it (every score,
// in order, each input pointing at a resource of the input Bundle), the values the calculators give from the
// inputs listed, and a score that cannot be computed naming what it needs.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScoreCommand, type ScoreJson, type ScoresJson } from '../../src/cli/score-command.ts';
import { cha2ds2Vasc, type Cha2ds2VascInputs } from '../../src/reasoning/risk/cha2ds2-vasc.ts';
import { pooledCohortAscvd10y, type PceInputs } from '../../src/reasoning/risk/pooled-cohort-equations.ts';
import { captureIo } from '../support/capture-io.ts';
import { FIXTURES_DIR, readFixtureRecord } from '../support/synthea-fixtures.ts';

function parseScores(output: string): ScoresJson {
  const value: unknown = JSON.parse(output);
  if (typeof value !== 'object' || value === null || !('scores' in value) || !Array.isArray(value.scores))
    throw new Error(`unexpected output ${output}`);
  return value as ScoresJson;
}

async function score(
  name: string,
  seen: string,
  json: boolean,
): Promise<{ out: string; err: string; code: number }> {
  const io = captureIo();
  const code = await runScoreCommand(
    [path.join(FIXTURES_DIR, `${name}.json`), '--now', seen, ...(json ? ['--json'] : [])],
    io,
  );
  return { out: io.out(), err: io.err(), code };
}

function scoreOf(json: ScoresJson, id: string): ScoreJson {
  const found = json.scores.find((entry) => entry.id === id);
  if (found === undefined) throw new Error(`no ${id}`);
  return found;
}

/** The inputs a score lists, as the object its calculator takes. */
function inputsOf(entry: ScoreJson): Record<string, number | boolean | string> {
  return Object.fromEntries(entry.inputs.map((input) => [input.name, input.value]));
}

describe('chartside score on a patient with atrial fibrillation and heart failure', () => {
  const name = 'afib-heart-failure-cad-polypharmacy-male';
  const seen = '2021-03-01';

  it('prints every score in order, each input from a resource of the Bundle', async () => {
    const { out, err, code } = await score(name, seen, true);
    expect(code).toBe(0);
    expect(err).toContain(`chartside score: ${name}.json seen ${seen}`);
    const json = parseScores(out);
    expect(json.scores.map((entry) => entry.id)).toEqual([
      'prevent-cvd-10y',
      'prevent-ascvd-10y',
      'pce-ascvd-10y',
      'cha2ds2-vasc',
      'has-bled',
      'egfr-ckd-epi-2021',
    ]);
    for (const entry of json.scores) {
      expect(Object.keys(entry)).toEqual(
        expect.arrayContaining(['id', 'value', 'unit', 'missing', 'inputs', 'outOfRange', 'source']),
      );
      expect(entry.source).not.toBe('');
    }

    const fixture = await readFixtureRecord(name);
    const ids = new Set(fixture.resources.map((resource) => `${resource.resourceType}/${resource.id ?? ''}`));
    const sourced = json.scores.flatMap((entry) => entry.inputs).filter((input) => input.id !== null);
    expect(sourced.length).toBeGreaterThan(0);
    for (const input of sourced) expect(ids.has(`${input.resourceType ?? ''}/${input.id ?? ''}`)).toBe(true);
    // age and sex are the Patient's
    expect(scoreOf(json, 'pce-ascvd-10y').inputs.find((input) => input.name === 'ageYears')).toMatchObject({
      resourceType: 'Patient',
      id: fixture.patientId,
    });

    const cha2ds2 = scoreOf(json, 'cha2ds2-vasc');
    expect(cha2ds2.value).toBe(4);
    expect(cha2ds2Vasc(inputsOf(cha2ds2) as Cha2ds2VascInputs).value).toBe(4);

    const pce = scoreOf(json, 'pce-ascvd-10y');
    expect(pce.value).not.toBeNull();
    expect(pce.missing).toEqual([]);
    expect(pooledCohortAscvd10y(inputsOf(pce) as PceInputs).value).toBe(pce.value);
  });

  it('prints the same scores as text, each with its inputs below', async () => {
    const json = parseScores((await score(name, seen, true)).out);
    const { out, code } = await score(name, seen, false);
    expect(code).toBe(0);
    const pce = scoreOf(json, 'pce-ascvd-10y');
    expect(out).toContain(
      `10-year ASCVD risk (Pooled Cohort Equations): ${String(pce.value)} % (${pce.source})\n`,
    );
    expect(out).toContain('CHA2DS2-VASc: 4 points (Lip GY et al.');
    const hdl = pce.inputs.find((input) => input.name === 'hdlMgDl');
    expect(out).toContain(`    hdlMgDl: `);
    expect(out).toContain(`(Observation/${hdl?.id ?? '?'}, ${String(hdl?.daysAgo)} days ago)`);
  });
});

describe('chartside score on a patient who had died by the date seen', () => {
  it('prints the scores and says so', async () => {
    const { err, code } = await score(
      'afib-heart-failure-cad-polypharmacy-deceased-male',
      '2021-03-01',
      false,
    );
    expect(code).toBe(0);
    expect(err).toContain('the record shows the patient had died by the date seen');
    const alive = await score('afib-heart-failure-cad-polypharmacy-male', '2021-03-01', false);
    expect(alive.err).not.toContain('had died');
  });
});

describe('chartside score on a toddler with no lipid results', () => {
  const name = 'toddler-otitis-food-allergies-female';
  const seen = '2021-03-01';

  it('gives no cardiovascular risk and names the missing lipids', async () => {
    const { out, code } = await score(name, seen, true);
    expect(code).toBe(0);
    const json = parseScores(out);
    for (const id of ['prevent-cvd-10y', 'prevent-ascvd-10y', 'pce-ascvd-10y']) {
      const entry = scoreOf(json, id);
      expect(entry.value).toBeNull();
      expect(entry.missing).toEqual(expect.arrayContaining(['totalCholesterolMgDl', 'hdlMgDl']));
    }
    const text = await score(name, seen, false);
    expect(text.out).toContain(
      `10-year ASCVD risk (Pooled Cohort Equations): not computable — needs ${scoreOf(json, 'pce-ascvd-10y').missing.join(', ')}`,
    );
  });
});
