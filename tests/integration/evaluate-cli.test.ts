// `chartside evaluate` over the project's small cohort (the thirteen Synthea fixtures), in-process: the
// report's group counts add up, each rule's count is what computeGuidelineFindings gives for the same patients
// seen on the same dates, and nothing in the report names a patient. Also: gzipped Bundles are read and files
// that are not Bundles are skipped with a warning.
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Patient } from 'fhir/r4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runEvaluateCommand } from '../../src/cli/evaluate-command.ts';
import type { EvaluationReportJson } from '../../src/evaluation/evaluation-report.ts';
import { GROUP_ATTRIBUTES } from '../../src/evaluation/cohort-groups.ts';
import {
  computeGuidelineFindings,
  DEFAULT_SENSITIVITY_POLICY,
} from '../../src/reasoning/findings-pipeline.ts';
import { isBundle } from '../../src/record/fhir-json.ts';
import type { PatientRecord } from '../../src/record/patient-record.ts';
import { buildPatientRecordFromBundle } from '../../src/record/record-from-bundle.ts';
import { captureIo } from '../support/capture-io.ts';
import { FIXTURES_DIR, listFixtureNames } from '../support/synthea-fixtures.ts';

const DAY_MS = 86_400_000;

async function readRecord(file: string): Promise<PatientRecord> {
  const json: unknown = JSON.parse(await readFile(file, 'utf8'));
  if (!isBundle(json)) throw new Error(`${file} is not a Bundle`);
  const assembled = buildPatientRecordFromBundle(json);
  if (!assembled.ok) throw new Error(assembled.issues.join('; '));
  return assembled.value.record;
}

/** Midnight UTC of the day after the last Encounter period end or start, computed here from the record. */
function dayAfterLastEncounterMs(record: PatientRecord): number {
  const days = record.encounters
    .flatMap((encounter) => [encounter.period?.end, encounter.period?.start])
    .flatMap((value) => (value === undefined ? [] : [value.slice(0, 10)]))
    .sort();
  const last = days.at(-1);
  if (last === undefined) throw new Error('a fixture without an encounter');
  return Date.parse(`${last}T00:00:00Z`) + DAY_MS;
}

function ruleOf(id: string): string {
  return id.split(':')[0] ?? id;
}

async function evaluate(
  cohort: string,
  out: string,
  extra: readonly string[] = [],
): Promise<{ code: number; err: string; report: EvaluationReportJson; text: string }> {
  const io = captureIo();
  const code = await runEvaluateCommand([cohort, '--out', out, ...extra], io);
  const text = await readFile(path.join(out, 'report.json'), 'utf8');
  return { code, err: io.err(), report: JSON.parse(text) as EvaluationReportJson, text };
}

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'chartside-evaluate-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('chartside evaluate over the fixture cohort', () => {
  it('counts every patient in each attribute, rules as computed directly, and names nobody', async () => {
    const out = path.join(tmp, 'fixtures');
    const { code, err, report, text } = await evaluate(FIXTURES_DIR, out);
    expect(code).toBe(0);
    expect(err).toContain('13/13 files, 13 patients');
    expect(report.patients).toBe(13);
    expect(report.now).toBe('last-activity');
    for (const attribute of GROUP_ATTRIBUTES) {
      const sum = Object.values(report.groups[attribute]).reduce((total, group) => total + group.patients, 0);
      expect(sum, attribute).toBe(13);
    }

    const fired = new Map<string, number>();
    const insufficient = new Map<string, number>();
    const names = await listFixtureNames();
    expect(names).toHaveLength(13);
    const identifiers: string[] = [];
    for (const name of names) {
      const record = await readRecord(path.join(FIXTURES_DIR, `${name}.json`));
      const result = computeGuidelineFindings({
        record,
        sensitivity: DEFAULT_SENSITIVITY_POLICY,
        nowMs: dayAfterLastEncounterMs(record),
      });
      for (const rule of new Set(result.findings.map((finding) => ruleOf(finding.id))))
        fired.set(rule, (fired.get(rule) ?? 0) + 1);
      for (const rule of new Set(result.insufficient.map((entry) => ruleOf(entry.ruleId))))
        insufficient.set(rule, (insufficient.get(rule) ?? 0) + 1);
      const patient: Patient | undefined = record.patient;
      identifiers.push(name, patient?.id ?? '');
      for (const humanName of patient?.name ?? [])
        identifiers.push(...(humanName.given ?? []), humanName.family ?? '');
    }
    expect(fired.size).toBeGreaterThan(0);
    expect(
      Object.fromEntries(report.rules.filter((rule) => rule.fired > 0).map((r) => [r.rule, r.fired])),
    ).toEqual(Object.fromEntries(fired));
    expect(
      Object.fromEntries(
        report.rules.filter((rule) => rule.insufficient > 0).map((r) => [r.rule, r.insufficient]),
      ),
    ).toEqual(Object.fromEntries(insufficient));
    for (const rule of report.rules)
      for (const attribute of GROUP_ATTRIBUTES) {
        const groups = Object.values(rule.byGroup[attribute]);
        expect(groups.reduce((total, group) => total + group.fired, 0)).toBe(rule.fired);
        expect(groups.reduce((total, group) => total + group.patients, 0)).toBe(13);
      }

    for (const identifier of identifiers.filter((value) => value.length >= 3))
      expect(text, identifier).not.toContain(identifier);
  });

  it('sees every patient on one date with --now YYYY-MM-DD', async () => {
    const { code, report } = await evaluate(FIXTURES_DIR, path.join(tmp, 'fixed'), ['--now', '2021-06-01']);
    expect(code).toBe(0);
    expect(report.now).toBe('2021-06-01');
    expect(report.patients).toBe(13);
  });
});

describe('chartside evaluate on a cohort folder', () => {
  it('reads .json.gz Bundles and skips files that are not Bundles, with a warning', async () => {
    const cohort = path.join(tmp, 'cohort');
    const [first, second] = await listFixtureNames();
    if (first === undefined || second === undefined) throw new Error('no fixtures');
    await mkdir(cohort);
    await copyFile(path.join(FIXTURES_DIR, `${first}.json`), path.join(cohort, 'a.json'));
    await writeFile(
      path.join(cohort, 'b.json.gz'),
      gzipSync(await readFile(path.join(FIXTURES_DIR, `${second}.json`))),
    );
    await writeFile(path.join(cohort, 'manifest.json'), '{"files": 2}');
    await writeFile(path.join(cohort, 'notes.txt'), 'not read');
    const { code, err, report } = await evaluate(cohort, path.join(tmp, 'cohort-out'));
    expect(code).toBe(0);
    expect(report.patients).toBe(2);
    // Named by a hash of the file name: Synthea's names are the patient's.
    expect(err).toMatch(/skipped file [0-9a-f]{12}: not a FHIR Bundle/u);
    expect(err).not.toContain('manifest.json');
    expect(err).toContain('3/3 files, 2 patients');
  });

  it('refuses a wrong command line', async () => {
    const io = captureIo();
    expect(await runEvaluateCommand([FIXTURES_DIR], io)).toBe(2);
    expect(io.err()).toContain('--out <dir> is required');
    expect(await runEvaluateCommand([FIXTURES_DIR, '--out', tmp, '--now', '2021-02-30'], io)).toBe(2);
  });
});
