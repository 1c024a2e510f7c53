// Chartside's guideline findings beside a measure's verdict, patient by patient: the measure's logic runs on the
// patient's Bundle for the measurement period, and Chartside's rules read the same Bundle as if the patient
// were seen on the period's last day.
import type { Bundle, FhirResource } from 'fhir/r4';
import { computeGuidelineFindings, DEFAULT_SENSITIVITY_POLICY } from '../reasoning/findings-pipeline.ts';
import { buildPatientRecordFromBundle } from '../record/record-from-bundle.ts';
import { compareWithMeasure, type Agreement } from './measure-agreement.ts';
import type { MeasureSpec } from './measure-catalogue.ts';
import { measureVerdictOf, type PatientVerdict } from './run-measure.ts';

export interface PatientComparison {
  readonly name: string;
  readonly verdict: PatientVerdict;
  /** Undefined when the measure could not be computed or the Bundle could not be read. */
  readonly agreement: Agreement | undefined;
  /** Every finding id Chartside raised, for the trace. */
  readonly findingIds: readonly string[];
}

export interface NamedBundle {
  readonly name: string;
  readonly bundle: Bundle<FhirResource>;
}

/** The last moment of the measurement period's year, as the date the patient is seen. */
export function endOfYearMs(year: number): number {
  return Date.UTC(year, 11, 31, 23, 59, 59);
}

export function chartsideFindingIds(bundle: Bundle<FhirResource>, nowMs: number): string[] {
  const assembled = buildPatientRecordFromBundle(bundle);
  if (!assembled.ok) throw new Error(assembled.issues.join('; '));
  const guidelines = computeGuidelineFindings({
    record: assembled.value.record,
    sensitivity: DEFAULT_SENSITIVITY_POLICY,
    nowMs,
  });
  return guidelines.findings.map((finding) => finding.id);
}

export async function compareMeasureOnPatients(
  spec: MeasureSpec,
  measureBundle: Bundle,
  patients: readonly NamedBundle[],
  periodYear: number = spec.testPeriodYear,
): Promise<PatientComparison[]> {
  const comparisons: PatientComparison[] = [];
  for (const { name, bundle } of patients) {
    const verdict = await measureVerdictOf(measureBundle, bundle, periodYear);
    const findingIds = chartsideFindingIds(bundle, endOfYearMs(periodYear));
    comparisons.push({
      name,
      verdict,
      agreement: verdict.ok ? compareWithMeasure(spec.id, verdict, findingIds) : undefined,
      findingIds,
    });
  }
  return comparisons;
}
