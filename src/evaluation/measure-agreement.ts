// Does Chartside do what a measure's verdict on a patient implies (measure-catalogue.ts)? Pure: the verdict and
// the finding ids Chartside raised in, the expectation and whether it was met out.
import { measureSpec, type MeasureId } from './measure-catalogue.ts';
import type { MeasureVerdict } from './measure-verdict.ts';

export type ExpectedOutcome =
  /** A finding the measure's gap implies must be raised. */
  | 'raise'
  /** None of the measure's findings may be raised. */
  | 'quiet'
  /** CMS122, HbA1c measured and at most 9 %: no "no HbA1c on record"; ADA's tighter goal may still speak. */
  | 'no-missing-a1c'
  /** Outside the measure's denominator: not compared. */
  | 'not-compared';

export function expectedOutcome(measure: MeasureId, verdict: MeasureVerdict): ExpectedOutcome {
  switch (verdict.status) {
    case 'outside':
      return 'not-compared';
    case 'excluded':
    case 'excepted':
      return 'quiet';
    case 'numerator':
      // CMS122 is an inverse measure: its numerator is the gap (poor control or no test).
      return measure === 'CMS122' ? 'raise' : 'quiet';
    case 'denominator':
      return measure === 'CMS122' ? 'no-missing-a1c' : 'raise';
  }
}

/** Chartside's findings that speak to the measure, by id. */
export function measureFindingIds(measure: MeasureId, findingIds: readonly string[]): string[] {
  const prefixes = measureSpec(measure).findingIds;
  return findingIds.filter((id) => prefixes.some((prefix) => id === prefix || id.startsWith(`${prefix}:`)));
}

export interface Agreement {
  readonly expected: ExpectedOutcome;
  /** The measure's findings Chartside raised. */
  readonly raised: readonly string[];
  readonly agrees: boolean;
}

export function compareWithMeasure(
  measure: MeasureId,
  verdict: MeasureVerdict,
  findingIds: readonly string[],
): Agreement {
  const expected = expectedOutcome(measure, verdict);
  const raised = measureFindingIds(measure, findingIds);
  const agrees =
    expected === 'not-compared' ||
    (expected === 'raise' && raised.length > 0) ||
    (expected === 'quiet' && raised.length === 0) ||
    (expected === 'no-missing-a1c' && !raised.includes('a1c-overdue:none'));
  return { expected, raised, agrees };
}
