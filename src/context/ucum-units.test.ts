import { describe, expect, it } from 'vitest';
import {
  LOINC_CREATININE,
  LOINC_EGFR,
  LOINC_GLUCOSE,
  LOINC_HBA1C,
  LOINC_POTASSIUM,
} from '../terminology/lab-codes.ts';
import {
  LOINC_BODY_HEIGHT,
  LOINC_BODY_TEMPERATURE,
  LOINC_BODY_WEIGHT,
  LOINC_SYSTOLIC_BP,
} from '../terminology/vital-sign-codes.ts';
import { SYSTEM_UCUM as UCUM_SYSTEM } from '../terminology/code-systems.ts';
import { formatUnit, normalizeQuantity } from './ucum-units.ts';

describe('normalizeQuantity', () => {
  it.each<
    [
      string,
      string | undefined,
      { value: number; unit?: string; code?: string; system?: string },
      number,
      string,
    ]
  >([
    ['glucose mmol/L → mg/dL', LOINC_GLUCOSE, { value: 5.5, unit: 'mmol/L' }, 99.09, 'mg/dL'],
    ['creatinine µmol/L → mg/dL', LOINC_CREATININE, { value: 88.4, unit: 'umol/L' }, 1.0, 'mg/dL'],
    ['HbA1c IFCC mmol/mol → NGSP %', LOINC_HBA1C, { value: 53, unit: 'mmol/mol' }, 7.0, '%'],
    [
      'eGFR "mL/min" (Synthea) is per 1.73 m² by definition',
      LOINC_EGFR,
      { value: 41.6, unit: 'mL/min', code: 'mL/min', system: UCUM_SYSTEM },
      41.6,
      'mL/min/{1.73_m2}',
    ],
    ['potassium mEq/L is mmol/L', LOINC_POTASSIUM, { value: 4.1, unit: 'mEq/L' }, 4.1, 'mmol/L'],
    ['weight lb → kg', LOINC_BODY_WEIGHT, { value: 154, unit: 'lbs' }, 69.85, 'kg'],
    [
      'height in → cm',
      LOINC_BODY_HEIGHT,
      { value: 70, unit: '[in_i]', code: '[in_i]', system: UCUM_SYSTEM },
      177.8,
      'cm',
    ],
    ['temperature °F → °C', LOINC_BODY_TEMPERATURE, { value: 98.6, unit: '°F' }, 37, 'Cel'],
    ['BP display unit mmHg → UCUM mm[Hg]', LOINC_SYSTOLIC_BP, { value: 120, unit: 'mmHg' }, 120, 'mm[Hg]'],
    ['an unknown analyte keeps its unit', '99999-9', { value: 3, unit: 'widgets' }, 3, 'widgets'],
  ])('%s', (_label, loinc, quantity, value, unit) => {
    const normalized = normalizeQuantity(loinc, quantity);
    expect(normalized?.unit).toBe(unit);
    expect(normalized?.value).toBeCloseTo(value, 1);
  });

  it('keeps a unit it cannot convert, so the series shows as mixed rather than wrong', () => {
    expect(normalizeQuantity(LOINC_GLUCOSE, { value: 3, unit: 'widgets' })).toEqual({
      value: 3,
      unit: 'widgets',
      converted: false,
    });
  });

  it('returns undefined without a numeric value', () => {
    expect(normalizeQuantity(LOINC_GLUCOSE, { unit: 'mg/dL' })).toBeUndefined();
  });
});

describe('formatUnit', () => {
  it.each<[string, string]>([
    ['mm[Hg]', 'mmHg'],
    ['mL/min/{1.73_m2}', 'mL/min/1.73m2'],
    ['{score}', ''],
    ['(score)', ''],
    ['{T-score}', ''],
    ['10*3/uL', '10^3/uL'],
    ['mg/dL', 'mg/dL'],
  ])('%s → "%s"', (unit, expected) => {
    expect(formatUnit(unit)).toBe(expected);
  });
});
