// The measure's own verdict on each patient: fqm-execution (MITRE, Apache-2.0) runs the CMS measure's CQL (ELM
// in the measure Bundle) with its value sets, offline. Each patient is calculated alone so that one patient the
// engine cannot compute does not lose the others' verdicts.
//
// A prescription without dosage instructions makes the shared CumulativeMedicationDuration library throw
// ("Cannot create a quantity with an undefined value"). Such a patient is calculated again with the library's
// own default (one dose a day) written into those prescriptions, and the verdict says so (`assumedOnceDaily`).
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import type { Bundle, FhirResource, MedicationRequest } from 'fhir/r4';
import { Calculator } from 'fqm-execution';
import { isBundle } from '../record/fhir-json.ts';
import { toErrorMessage } from '../shared/error-message.ts';
import { verdictFromGroups, type MeasureVerdict } from './measure-verdict.ts';

export interface MeasurementPeriod {
  /** YYYY-MM-DD, inclusive. */
  readonly start: string;
  readonly end: string;
}

export type PatientVerdict =
  | (MeasureVerdict & { readonly ok: true; readonly assumedOnceDaily: boolean })
  | { readonly ok: false; readonly error: string };

/** A measure Bundle (Measure, Libraries, ValueSets), gzipped as mocks/fixtures/ecqm keeps them. */
export async function readMeasureBundle(gzipPath: string): Promise<Bundle<FhirResource>> {
  const json: unknown = JSON.parse(gunzipSync(await readFile(gzipPath)).toString('utf8'));
  if (!isBundle(json)) throw new Error(`${gzipPath} is not a FHIR Bundle`);
  // isBundle checks the envelope; the entries are read as FHIR resources, as the measure engine reads them.
  return json as Bundle<FhirResource>;
}

function calendarYear(year: number): MeasurementPeriod {
  return { start: `${year}-01-01`, end: `${year}-12-31` };
}

async function calculateOne(
  measure: Bundle,
  patient: Bundle,
  period: MeasurementPeriod,
): Promise<MeasureVerdict> {
  const { results } = await Calculator.calculate(measure, [patient], {
    measurementPeriodStart: period.start,
    measurementPeriodEnd: period.end,
    calculateSDEs: false,
    calculateHTML: false,
    calculateClauseCoverage: false,
    verboseCalculationResults: false,
    trustMetaProfile: false,
    useElmJsonsCaching: true,
  });
  const groups = (results[0]?.detailedResults ?? []).map((group) => group.populationResults ?? []);
  return verdictFromGroups(groups);
}

const MISSING_DOSE_ERROR = 'Cannot create a quantity with an undefined value';

/** The Bundle with every MedicationRequest lacking a dose frequency given the library's default, once a day. */
function withOnceDailyDefault(patient: Bundle<FhirResource>): Bundle<FhirResource> {
  return {
    ...patient,
    entry: (patient.entry ?? []).map((entry) => {
      const resource = entry.resource;
      if (resource?.resourceType !== 'MedicationRequest') return entry;
      const request: MedicationRequest = resource;
      const hasFrequency = (request.dosageInstruction ?? []).some(
        (dosage) => dosage.timing?.repeat?.frequency !== undefined,
      );
      if (hasFrequency) return entry;
      return {
        ...entry,
        resource: {
          ...request,
          dosageInstruction: [{ timing: { repeat: { frequency: 1, period: 1, periodUnit: 'd' } } }],
        },
      };
    }),
  };
}

/** The measure's verdict on one patient in the period (by default the calendar year given). */
export async function measureVerdictOf(
  measure: Bundle,
  patient: Bundle<FhirResource>,
  period: MeasurementPeriod | number,
): Promise<PatientVerdict> {
  const measurementPeriod = typeof period === 'number' ? calendarYear(period) : period;
  try {
    return {
      ok: true,
      assumedOnceDaily: false,
      ...(await calculateOne(measure, patient, measurementPeriod)),
    };
  } catch (error) {
    const message = toErrorMessage(error);
    if (!message.includes(MISSING_DOSE_ERROR)) return { ok: false, error: message };
  }
  try {
    const verdict = await calculateOne(measure, withOnceDailyDefault(patient), measurementPeriod);
    return { ok: true, assumedOnceDaily: true, ...verdict };
  } catch (error) {
    return { ok: false, error: toErrorMessage(error) };
  }
}
