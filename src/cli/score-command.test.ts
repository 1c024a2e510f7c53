import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Bundle, FhirResource, Observation, Patient } from 'fhir/r4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pooledCohortAscvd10y, type PceInputs } from '../reasoning/risk/pooled-cohort-equations.ts';
import { captureIo, type CapturedIo } from '../../tests/support/capture-io.ts';
import { runCli } from './main.ts';
import {
  parseScoreArguments,
  runScoreCommand,
  SCORE_ORDER,
  SCORE_USAGE,
  type ScoreJson,
  type ScoresJson,
} from './score-command.ts';

const SEEN = '2020-06-01';
const PATIENT_ID = 'score-patient';

function captureAt(now = '2020-10-01T12:00:00Z'): CapturedIo {
  return captureIo({
    now: () => new Date(now),
    writeFile: () => Promise.reject(new Error('the score command writes no files')),
  });
}

function parseScores(output: string): ScoresJson {
  const value: unknown = JSON.parse(output);
  if (typeof value !== 'object' || value === null || !('scores' in value) || !Array.isArray(value.scores))
    throw new Error(`unexpected output ${output}`);
  return value as ScoresJson;
}

function scoreOf(json: ScoresJson, id: string): ScoreJson {
  const score = json.scores.find((entry) => entry.id === id);
  if (score === undefined) throw new Error(`no ${id} in the output`);
  return score;
}

/** A man born 1965 with the US Core race extension, OMB category Black or African American (2054-5). */
const patient: Patient = {
  resourceType: 'Patient',
  id: PATIENT_ID,
  gender: 'male',
  birthDate: '1965-01-15',
  extension: [
    {
      url: 'http://hl7.org/fhir/us/core/StructureDefinition/us-core-race',
      extension: [
        {
          url: 'ombCategory',
          valueCoding: { system: 'urn:oid:2.16.840.1.113883.6.238', code: '2054-5' },
        },
        { url: 'text', valueString: 'Black or African American' },
      ],
    },
  ],
};

function observation(id: string, fields: Partial<Observation> & Pick<Observation, 'code'>): Observation {
  return {
    resourceType: 'Observation',
    id,
    status: 'final',
    subject: { reference: `Patient/${PATIENT_ID}` },
    effectiveDateTime: '2020-03-02T09:00:00Z',
    ...fields,
  };
}

const loinc = (code: string) => ({ coding: [{ system: 'http://loinc.org', code }] });
const laboratory = [
  {
    coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'laboratory' }],
  },
];
const vitalSigns = [
  {
    coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' }],
  },
];
const mgDl = (value: number) => ({
  value,
  unit: 'mg/dL',
  system: 'http://unitsofmeasure.org',
  code: 'mg/dL',
});

/** What the Pooled Cohort Equations take, the Goff 2013 worked example's values: TC 213, HDL 50, SBP 120. */
const pceResources: FhirResource[] = [
  observation('tc', { code: loinc('2093-3'), category: laboratory, valueQuantity: mgDl(213) }),
  observation('hdl', { code: loinc('2085-9'), category: laboratory, valueQuantity: mgDl(50) }),
  observation('bp', {
    code: loinc('85354-9'),
    category: vitalSigns,
    component: [
      {
        code: loinc('8480-6'),
        valueQuantity: { value: 120, unit: 'mm[Hg]', system: 'http://unitsofmeasure.org', code: 'mm[Hg]' },
      },
      {
        code: loinc('8462-4'),
        valueQuantity: { value: 78, unit: 'mm[Hg]', system: 'http://unitsofmeasure.org', code: 'mm[Hg]' },
      },
    ],
  }),
  observation('smoking', {
    code: loinc('72166-2'),
    category: [
      {
        coding: [
          { system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'social-history' },
        ],
      },
    ],
    valueCodeableConcept: {
      coding: [{ system: 'http://snomed.info/sct', code: '266919005', display: 'Never smoked tobacco' }],
    },
  }),
];

describe('parseScoreArguments', () => {
  it.each([
    [['record.json'], { bundlePath: 'record.json', nowMs: undefined, json: false }],
    [
      ['record.json', '--now', SEEN, '--json'],
      { bundlePath: 'record.json', nowMs: Date.parse(`${SEEN}T00:00:00Z`), json: true },
    ],
  ])('%j', (args, value) => {
    expect(parseScoreArguments(args)).toEqual({ kind: 'ok', value });
  });

  it.each([
    [[], 'the Bundle file is required'],
    [['a.json', 'b.json'], 'one Bundle file at a time, got 2'],
    [['a.json', '--now', '2021-02-30'], '--now must be a date as YYYY-MM-DD, got "2021-02-30"'],
    [['a.json', '--now', '1 March 2021'], '--now must be a date as YYYY-MM-DD, got "1 March 2021"'],
  ])('refuses %j', (args, issue) => {
    expect(parseScoreArguments(args)).toEqual({ kind: 'invalid', issues: [issue] });
  });

  it('refuses an unknown option', () => {
    expect(parseScoreArguments(['a.json', '--budget', '10']).kind).toBe('invalid');
  });

  it('asks for help with -h and --help', () => {
    expect(parseScoreArguments(['-h'])).toEqual({ kind: 'help' });
    expect(parseScoreArguments(['--help', 'a.json'])).toEqual({ kind: 'help' });
  });
});

describe('chartside score', () => {
  let dir: string;
  let patientOnly: string;
  let withLipids: string;

  async function writeBundle(name: string, resources: readonly FhirResource[]): Promise<string> {
    const bundle: Bundle = {
      resourceType: 'Bundle',
      type: 'collection',
      entry: resources.map((resource) => ({ resource })),
    };
    const file = path.join(dir, name);
    await writeFile(file, JSON.stringify(bundle), 'utf8');
    return file;
  }

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'chartside-score-'));
    patientOnly = await writeBundle('patient-only.json', [patient]);
    withLipids = await writeBundle('with-lipids.json', [patient, ...pceResources]);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('gives every score in order, null where an input is missing, and names the missing inputs', async () => {
    const io = captureAt();
    expect(await runScoreCommand([patientOnly, '--now', SEEN, '--json'], io)).toBe(0);
    const json = parseScores(io.out());
    expect(json.scores.map((score) => score.id)).toEqual(SCORE_ORDER);
    expect(SCORE_ORDER).toEqual([
      'prevent-cvd-10y',
      'prevent-ascvd-10y',
      'pce-ascvd-10y',
      'cha2ds2-vasc',
      'has-bled',
      'egfr-ckd-epi-2021',
    ]);
    expect(json.scores.map((score) => score.unit)).toEqual([
      '%',
      '%',
      '%',
      'points',
      'points',
      'mL/min/1.73m2',
    ]);

    const pce = scoreOf(json, 'pce-ascvd-10y');
    expect(pce.value).toBeNull();
    expect(pce.missing).toEqual(
      expect.arrayContaining(['totalCholesterolMgDl', 'hdlMgDl', 'systolicMmHg', 'smoker']),
    );
    expect(pce.outOfRange).toEqual([]);
    expect(pce.source).toMatch(/^Goff DC Jr et al\./);
    expect(scoreOf(json, 'egfr-ckd-epi-2021')).toMatchObject({ value: null, missing: ['creatinineMgDl'] });

    // Age and sex come from the Patient; a diagnosis absent from the problem list has no resource: null.
    expect(pce.inputs).toContainEqual({
      name: 'raceGroup',
      value: 'african-american',
      resourceType: 'Patient',
      id: PATIENT_ID,
      daysAgo: null,
    });
    expect(pce.inputs).toContainEqual({
      name: 'diabetes',
      value: false,
      resourceType: null,
      id: null,
      daysAgo: null,
    });
    for (const score of json.scores)
      for (const input of score.inputs)
        expect(Object.keys(input).sort()).toEqual(['daysAgo', 'id', 'name', 'resourceType', 'value']);
    expect(io.err()).toMatch(
      /^chartside score: patient-only\.json seen 2020-06-01; \d of 6 scores computed\n$/,
    );
  });

  it('says in the text which scores are not computable and what they need', async () => {
    const io = captureAt();
    expect(await runScoreCommand([patientOnly, '--now', SEEN], io)).toBe(0);
    const json = captureAt();
    await runScoreCommand([patientOnly, '--now', SEEN, '--json'], json);
    const pce = scoreOf(parseScores(json.out()), 'pce-ascvd-10y');
    expect(io.out()).toContain(
      `10-year ASCVD risk (Pooled Cohort Equations): not computable — needs ${pce.missing.join(', ')}\n`,
    );
    expect(io.out()).toContain(`    raceGroup: african-american (Patient/${PATIENT_ID})\n`);
    expect(io.out()).toContain('    diabetes: false (no resource)\n');
    expect(io.out()).toContain('eGFR (CKD-EPI 2021): not computable — needs creatinineMgDl\n');
  });

  it('computes the Pooled Cohort Equations from the record, as the calculator does from the listed inputs', async () => {
    const io = captureAt();
    expect(await runScoreCommand([withLipids, '--now', SEEN, '--json'], io)).toBe(0);
    const pce = scoreOf(parseScores(io.out()), 'pce-ascvd-10y');
    expect(pce.missing).toEqual([]);
    expect(pce.value).not.toBeNull();
    const given = Object.fromEntries(pce.inputs.map((input) => [input.name, input.value])) as PceInputs;
    expect(given).toMatchObject({
      ageYears: 55,
      sex: 'male',
      raceGroup: 'african-american',
      totalCholesterolMgDl: 213,
      hdlMgDl: 50,
      systolicMmHg: 120,
      smoker: false,
    });
    expect(pooledCohortAscvd10y(given).value).toBe(pce.value);
    expect(pce.inputs.find((input) => input.name === 'hdlMgDl')).toMatchObject({
      resourceType: 'Observation',
      id: 'hdl',
      daysAgo: 91,
    });

    const text = captureAt();
    await runScoreCommand([withLipids, '--now', SEEN], text);
    expect(text.out()).toContain(
      `10-year ASCVD risk (Pooled Cohort Equations): ${String(pce.value)} % (${pce.source})\n`,
    );
    expect(text.out()).toContain('    hdlMgDl: 50 (Observation/hdl, 91 days ago)\n');
  });

  it('judges the date seen as today (UTC) without --now', async () => {
    const today = captureAt('2020-06-01T23:30:00Z');
    const given = captureAt();
    await runScoreCommand([withLipids, '--json'], today);
    await runScoreCommand([withLipids, '--json', '--now', SEEN], given);
    expect(today.out()).toBe(given.out());
  });

  it.each([
    [[], 'chartside score: the Bundle file is required'],
    [['record.json', '--now', '2021-13-01'], 'chartside score: --now must be a date as YYYY-MM-DD'],
    [['record.json', '--weeks', '3'], 'chartside score: Unknown option'],
  ])('exits 2 on wrong usage %j, with the usage', async (args, message) => {
    const io = captureAt();
    expect(await runScoreCommand(args, io)).toBe(2);
    expect(io.err()).toContain(message);
    expect(io.err()).toContain(SCORE_USAGE);
    expect(io.out()).toBe('');
  });

  it('prints the usage on --help and exits 0', async () => {
    const io = captureAt();
    expect(await runScoreCommand(['--help'], io)).toBe(0);
    expect(io.out()).toBe(SCORE_USAGE);
  });

  it('exits 1 on a file it cannot read as a patient Bundle', async () => {
    const missing = captureAt();
    expect(await runScoreCommand([path.join(dir, 'absent.json')], missing)).toBe(1);
    expect(missing.err()).toMatch(/^chartside score: could not read .*absent\.json as JSON/);
    const notBundle = path.join(dir, 'not-bundle.json');
    await writeFile(notBundle, JSON.stringify(patient), 'utf8');
    const wrong = captureAt();
    expect(await runScoreCommand([notBundle], wrong)).toBe(1);
    expect(wrong.err()).toContain('is not a FHIR Bundle');
    expect(wrong.out()).toBe('');
  });

  it('is a chartside command', async () => {
    const usage = captureAt();
    expect(await runCli(['--help'], usage)).toBe(0);
    expect(usage.out()).toMatch(/\n {2}score +Print a patient Bundle's risk scores/);
    const io = captureAt();
    expect(await runCli(['score', patientOnly, '--now', SEEN, '--json'], io)).toBe(0);
    expect(parseScores(io.out()).scores).toHaveLength(6);
  });
});
