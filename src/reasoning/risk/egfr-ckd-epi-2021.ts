// eGFR from serum creatinine by the race-free CKD-EPI 2021 equation: Inker LA et al. New Creatinine- and Cystatin
// C-Based Equations to Estimate GFR without Race. NEJM 2021;385:1737–1749. The equation itself lives in
// src/context/data-quality.ts (`ckdEpi2021Egfr`, which the context already uses to cross-check reported eGFRs);
// this only gives it the risk result shape, so there is one copy of the coefficients.
import { ckdEpi2021Egfr } from '../../context/data-quality.ts';
import { collectInputs, positiveProblem, rangeProblem, type RiskResult } from './risk-result.ts';

export interface EgfrCkdEpi2021Inputs {
  readonly creatinineMgDl?: number | undefined;
  readonly ageYears?: number | undefined;
  readonly sex?: 'female' | 'male' | undefined;
}

const INPUT_NAMES = ['creatinineMgDl', 'ageYears', 'sex'] as const;

export const EGFR_CKD_EPI_2021_SOURCE =
  'Inker LA et al. New Creatinine- and Cystatin C-Based Equations to Estimate GFR without Race. NEJM 2021;385:1737–1749';

/** The equation was developed and validated in adults; children need a paediatric equation (CKiD). */
export const EGFR_MIN_AGE_YEARS = 18;

/** Oldest age accepted: beyond it an age is a data error, not a patient. */
const MAX_AGE_YEARS = 120;

/**
 * eGFR in mL/min/1.73 m², rounded to a whole number, as KDIGO 2012 (chapter 1.4, reporting eGFR) asks laboratories to
 * report it.
 */
export function egfrCkdEpi2021(given: EgfrCkdEpi2021Inputs): RiskResult {
  const { inputs, missing } = collectInputs(given, INPUT_NAMES);
  const base = {
    id: 'egfr-ckd-epi-2021',
    unit: 'mL/min/1.73m2',
    inputs,
    missing,
    source: EGFR_CKD_EPI_2021_SOURCE,
  } as const;
  const { creatinineMgDl, ageYears, sex } = given;
  if (creatinineMgDl === undefined || ageYears === undefined || sex === undefined) {
    return { ...base, value: null, outOfRange: [] };
  }
  const outOfRange = [
    positiveProblem('creatinineMgDl', creatinineMgDl),
    rangeProblem('ageYears', ageYears, EGFR_MIN_AGE_YEARS, MAX_AGE_YEARS, 'y'),
  ].filter((problem) => problem !== undefined);
  const egfr = outOfRange.length > 0 ? undefined : ckdEpi2021Egfr(creatinineMgDl, ageYears, sex);
  return { ...base, value: egfr === undefined ? null : Math.round(egfr), outOfRange };
}
