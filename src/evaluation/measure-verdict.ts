// A measure's verdict on one patient, as the measure's own logic gives it (fqm-execution's population results),
// reduced to what the comparison with Chartside needs. For a measure of several groups (CMS347: clinical
// ASCVD, LDL ≥ 190 mg/dL, diabetes) the patient's verdict is the group whose denominator holds them.

export type MeasureStatus =
  /** Not in any initial population or denominator: not compared. */
  | 'outside'
  /** In the denominator, care not given (the numerator not met; CMS122: HbA1c > 9 % or missing). */
  | 'denominator'
  | 'numerator'
  | 'excluded'
  | 'excepted';

export interface PopulationResult {
  readonly populationType: string;
  readonly result: boolean;
}

export interface MeasureVerdict {
  readonly status: MeasureStatus;
  /** 1-based group of the measure the status is from (undefined when outside). */
  readonly group: number | undefined;
}

const STATUS_ORDER: readonly MeasureStatus[] = ['excluded', 'excepted', 'numerator', 'denominator'];

function statusOfGroup(populations: readonly PopulationResult[]): MeasureStatus {
  const has = (type: string): boolean =>
    populations.some((population) => population.populationType === type && population.result);
  if (!has('denominator')) return 'outside';
  if (has('denominator-exclusion')) return 'excluded';
  if (has('numerator')) return 'numerator';
  if (has('denominator-exception')) return 'excepted';
  return 'denominator';
}

/** The verdict from each group's population results (fqm-execution `detailedResults[g].populationResults`). */
export function verdictFromGroups(groups: readonly (readonly PopulationResult[])[]): MeasureVerdict {
  let best: MeasureVerdict = { status: 'outside', group: undefined };
  groups.forEach((populations, index) => {
    const status = statusOfGroup(populations);
    if (status === 'outside') return;
    if (best.status === 'outside' || STATUS_ORDER.indexOf(status) < STATUS_ORDER.indexOf(best.status))
      best = { status, group: index + 1 };
  });
  return best;
}
