// The one result shape every risk calculator returns, so the app, the CLI and the model context can show any
// score the same way: the value, what it was computed from, and — when it could not be computed — what is
// needed. A missing input is never given a default value (a non-smoker assumed for an unknown smoking status
// would understate risk without saying so): the value is null and `missing` names the input.

import type { SourceRef } from '../../context/context-types.ts';

export type RiskScoreId =
  | 'prevent-cvd-10y'
  | 'prevent-ascvd-10y'
  | 'pce-ascvd-10y'
  | 'cha2ds2-vasc'
  | 'has-bled'
  | 'egfr-ckd-epi-2021';

export type RiskUnit = '%' | 'points' | 'mL/min/1.73m2';

export type RiskInputValue = number | boolean | string;

export interface RiskInput {
  readonly name: string;
  readonly value: RiskInputValue;
  /** The resource the value was read from, and how many days before the date seen (when the record gives one). */
  readonly source?: SourceRef;
  readonly daysAgo?: number;
}

export interface RiskResult {
  readonly id: RiskScoreId;
  /** Null when an input is missing or outside the range the equation was derived for. */
  readonly value: number | null;
  readonly unit: RiskUnit;
  /** Every input that was given, in the calculator's order. */
  readonly inputs: readonly RiskInput[];
  /** The inputs the calculator needs and did not get. */
  readonly missing: readonly string[];
  /** Inputs given but outside the equation's valid range, each with the range (e.g. "age 39: valid 40–79"). */
  readonly outOfRange: readonly string[];
  /** The publication the calculator follows. */
  readonly source: string;
  /** Why the score does not apply to this patient, though computable (CHA2DS2-VASc without atrial fibrillation). */
  readonly notApplicable?: string;
}

/** The given inputs, in the order of `names`, and the names of those not given (undefined = unknown). */
export function collectInputs<K extends string>(
  given: { readonly [Name in K]?: RiskInputValue | undefined },
  names: readonly K[],
): { inputs: RiskInput[]; missing: string[] } {
  const inputs: RiskInput[] = [];
  const missing: string[] = [];
  for (const name of names) {
    const value = given[name];
    if (value === undefined) missing.push(name);
    else inputs.push({ name, value });
  }
  return { inputs, missing };
}

/** "age 39: valid 40–79" when `value` is outside [min, max], otherwise undefined. */
export function rangeProblem(
  name: string,
  value: number,
  min: number,
  max: number,
  unit = '',
): string | undefined {
  if (Number.isFinite(value) && value >= min && value <= max) return undefined;
  const suffix = unit === '' ? '' : ` ${unit}`;
  return `${name} ${String(value)}${suffix}: valid ${String(min)}–${String(max)}${suffix}`;
}

/** "hdlMgDl 0: must be above 0" for a value that cannot be a measurement (the equations take its logarithm). */
export function positiveProblem(name: string, value: number): string | undefined {
  return Number.isFinite(value) && value > 0 ? undefined : `${name} ${String(value)}: must be above 0`;
}

/** Rounded to one decimal place, the precision the risk calculators report a percentage at. */
export function roundToTenth(value: number): number {
  return Math.round(value * 10) / 10;
}

/** One named part of a points score (e.g. "A2: age ≥ 75", 2 points), so the total can be explained. */
export interface ScoreComponent {
  readonly name: string;
  readonly points: number;
}

export function sumPoints(components: readonly ScoreComponent[]): number {
  return components.reduce((total, component) => total + component.points, 0);
}
