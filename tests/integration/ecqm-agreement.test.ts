// Chartside's rules against the CMS measures' own logic, on the measures' own test patients (issue 13). For each
// measure, fqm-execution computes the measure's verdict on each test patient (mocks/fixtures/ecqm, CC0), and
// Chartside's rules read the same Bundle as if the patient were seen on the last day of the measurement period.
// Every patient the measure places in its denominator or excludes is compared (measure-agreement.ts says what
// each verdict requires of Chartside); the bar is 95 % per measure, and every remaining difference is written
// down below with its reason. Patients outside the measure's population are not compared, but what Chartside
// does for them is written down too, with why it may differ from the measure on purpose.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Bundle, FhirResource } from 'fhir/r4';
import { beforeAll, describe, expect, it } from 'vitest';
import { MEASURES, type MeasureId, type MeasureSpec } from '../../src/evaluation/measure-catalogue.ts';
import { measureFindingIds } from '../../src/evaluation/measure-agreement.ts';
import { compareMeasureOnPatients, type PatientComparison } from '../../src/evaluation/measure-comparison.ts';
import { readMeasureBundle } from '../../src/evaluation/run-measure.ts';

const MEASURES_DIR = fileURLToPath(new URL('../../mocks/fixtures/ecqm/', import.meta.url));
const AGREEMENT_BAR = 0.95;

/** Patients the measure compares on which Chartside differs on purpose, and why: none remain. */
const DELIBERATE_DIFFERENCES: Readonly<Record<MeasureId, Readonly<Record<string, string>>>> = {
  CMS122: {},
  CMS124: {},
  CMS125: {},
  CMS130: {},
  CMS347: {},
};

/**
 * Patients outside the measure's population: the measure's finding ids Chartside raises for them, and why.
 * A CDS rule needs no qualifying encounter in the year, and follows the guideline's ages at the date seen.
 */
const OUTSIDE_THE_MEASURE: Readonly<Record<string, { raised: readonly string[]; why: string }>> = {
  'neg-ip-EXM125': { raised: [], why: 'a man' },
  'neg-ip-EXM125-diagnosticReport-50yr': { raised: [], why: 'a mammogram within 27 months' },
  'neg-ip-EXM125-observation-74yr': { raised: [], why: '75 at the date seen: USPSTF ends at 74' },
  'neg-ip-EXM124': { raised: [], why: 'a man' },
  'neg-ip-EXM130': {
    raised: ['screening-colorectal'],
    why: '46: USPSTF 2021 screens from 45, CMS130 (2021) from 50',
  },
  'neg-ip-EXM130-50yr': {
    raised: ['screening-colorectal'],
    why: '50 at the period start, 51 when seen: USPSTF 2021 screens from 45',
  },
  'neg-ip-EXM130-75yr': {
    raised: ['screening-colorectal'],
    why: '75 when seen: USPSTF 2021 screens through 75, CMS130 counts ages below 75 at the period start',
  },
  'no-ip-CMS122': {
    raised: ['a1c-above-goal'],
    why: 'HbA1c 9.1 % at 78: ADA 2024 sets a goal (below 8 % in older adults) at any age; CMS122 stops at 75',
  },
  'no-ip-EXM347': { raised: [], why: 'no ASCVD, LDL, hypercholesterolaemia or diabetes on record' },
};

/**
 * Patients whose prescription has no dosage: the measure library cannot compute them as given, so their verdict
 * is computed with the library's own default of one dose a day (run-measure.ts), and flagged.
 */
const ONCE_DAILY_DEFAULT: readonly string[] = ['denomexcl-EXM125-frailtyWcRx'];

async function readTestPatients(
  measure: MeasureId,
): Promise<{ name: string; bundle: Bundle<FhirResource> }[]> {
  const dir = path.join(MEASURES_DIR, measure, 'tests');
  const files = (await readdir(dir)).filter((file) => file.endsWith('.json')).sort();
  return Promise.all(
    files.map(async (file) => ({
      name: file.replace(/\.json$/, ''),
      bundle: JSON.parse(await readFile(path.join(dir, file), 'utf8')) as Bundle<FhirResource>,
    })),
  );
}

describe.each(MEASURES)(
  '$id $title: Chartside against the measure on its own test patients',
  (spec: MeasureSpec) => {
    let rows: PatientComparison[] = [];

    beforeAll(async () => {
      const measure = await readMeasureBundle(path.join(MEASURES_DIR, spec.id, 'measure-bundle.json.gz'));
      rows = await compareMeasureOnPatients(spec, measure, await readTestPatients(spec.id));
    }, 120_000);

    it('has a verdict of the measure for every test patient', () => {
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.filter((row) => !row.verdict.ok).map((row) => row.name)).toEqual([]);
      expect(
        rows.filter((row) => row.verdict.ok && row.verdict.assumedOnceDaily).map((row) => row.name),
      ).toEqual(rows.map((row) => row.name).filter((name) => ONCE_DAILY_DEFAULT.includes(name)));
    });

    it(`agrees on at least ${AGREEMENT_BAR * 100} % of the patients the measure compares`, () => {
      const compared = rows.filter(
        (row) => row.agreement !== undefined && row.agreement.expected !== 'not-compared',
      );
      const agreed = compared.filter((row) => row.agreement?.agrees === true);
      expect(compared.length).toBeGreaterThan(0);
      expect(agreed.length / compared.length).toBeGreaterThanOrEqual(AGREEMENT_BAR);
    });

    it('differs only where written down, with the reason', () => {
      const differing = rows
        .filter((row) => row.agreement !== undefined && !row.agreement.agrees)
        .map((row) => row.name)
        .sort();
      expect(differing).toEqual(Object.keys(DELIBERATE_DIFFERENCES[spec.id]).sort());
    });

    it('does what is written down for the patients outside the measure', () => {
      const outside = rows.filter((row) => row.agreement?.expected === 'not-compared');
      expect(outside.length).toBeGreaterThan(0);
      for (const row of outside) {
        const written = OUTSIDE_THE_MEASURE[row.name];
        expect(written, `${row.name}: write down what Chartside does and why`).toBeDefined();
        expect(measureFindingIds(spec.id, row.findingIds), `${row.name}: ${written?.why ?? ''}`).toEqual(
          written?.raised,
        );
      }
    });
  },
);
