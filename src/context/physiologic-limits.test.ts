import { describe, expect, it } from 'vitest';
import { isImplausibleValue, physiologicLimitsOf } from './physiologic-limits.ts';

describe('isImplausibleValue: values living patients have are never doubted', () => {
  // Extreme but real: kidney failure, critical electrolytes, hyperosmolar states, profound anaemia, survivors'
  // records. Each must stay a finding, not be set aside as an error.
  it.each<[string, string, number, string]>([
    ['eGFR 4.26 (kidney failure)', '33914-3', 4.26, 'mL/min/{1.73_m2}'],
    ['eGFR 0 (anuria)', '98979-8', 0, 'mL/min/{1.73_m2}'],
    ['eGFR 190 (hyperfiltration)', '62238-1', 190, 'mL/min/{1.73_m2}'],
    ['creatinine 15 mg/dL', '2160-0', 15, 'mg/dL'],
    ['creatinine 35 mg/dL', '38483-4', 35, 'mg/dL'],
    ['potassium 8 mmol/L', '6298-4', 8, 'mmol/L'],
    ['potassium 1.2 mmol/L', '2823-3', 1.2, 'mmol/L'],
    ['glucose 1500 mg/dL', '2339-0', 1500, 'mg/dL'],
    ['glucose 2656 mg/dL (highest reported survivor)', '2345-7', 2656, 'mg/dL'],
    ['glucose 8 mg/dL', '2339-0', 8, 'mg/dL'],
    ['sodium 100 mmol/L', '2947-0', 100, 'mmol/L'],
    ['sodium 88 mmol/L', '2951-2', 88, 'mmol/L'],
    ['sodium 200 mmol/L', '2951-2', 200, 'mmol/L'],
    ['HbA1c 20 %', '4548-4', 20, '%'],
    ['HbA1c 22 %', '4548-4', 22, '%'],
    ['BUN 300 mg/dL', '6299-2', 300, 'mg/dL'],
    ['calcium 18 mg/dL', '17861-6', 18, 'mg/dL'],
    ['bicarbonate 2 mmol/L', '20565-8', 2, 'mmol/L'],
    ['haemoglobin 1.5 g/dL', '718-7', 1.5, 'g/dL'],
    ['triglycerides 12000 mg/dL', '2571-8', 12000, 'mg/dL'],
    ['LDL 0 mg/dL', '13457-7', 0, 'mg/dL'],
    ['weight 0.4 kg (preterm)', '29463-7', 0.4, 'kg'],
    ['BMI 4 (preterm infant)', '39156-5', 4, 'kg/m2'],
    ['temperature 20 °C (accidental hypothermia)', '8310-5', 20, 'Cel'],
    ['heart rate 18/min (complete heart block)', '8867-4', 18, '/min'],
    ['SpO2 25 %', '2708-6', 25, '%'],
    ['systolic 320 mmHg', '8480-6', 320, 'mm[Hg]'],
    ['diastolic 8 mmHg', '8462-4', 8, 'mm[Hg]'],
  ])('%s is plausible', (_, loinc, value, unit) => {
    expect(isImplausibleValue(loinc, value, unit)).toBe(false);
  });

  it.each<[string, string, number, string]>([
    ['eGFR 900 (a creatinine entered as eGFR, or a unit error)', '33914-3', 900, 'mL/min/{1.73_m2}'],
    ['a negative eGFR', '33914-3', -1, 'mL/min/{1.73_m2}'],
    ['potassium 42 (a sodium in the potassium field)', '6298-4', 42, 'mmol/L'],
    ['sodium 1400 (a decimal slip)', '2951-2', 1400, 'mmol/L'],
    ['total protein 70 "g/dL" (Synthea g/L)', '2885-2', 70, 'g/dL'],
    ['HbA1c 3 % (assay invalid: flagged, kept)', '4548-4', 3, '%'],
    ['temperature 98.6 in Cel (a Fahrenheit value)', '8310-5', 98.6, 'Cel'],
  ])('%s is doubted', (_, loinc, value, unit) => {
    expect(isImplausibleValue(loinc, value, unit)).toBe(true);
  });

  it('has no opinion on analytes without limits, or values in another unit', () => {
    expect(isImplausibleValue('6301-6', 10, '{INR}')).toBe(false);
    expect(isImplausibleValue('6301-6', 25, '')).toBe(false);
    expect(isImplausibleValue('2160-0', 1300, 'umol/L')).toBe(false);
    expect(isImplausibleValue(undefined, 1e9, 'mg/dL')).toBe(false);
  });

  it('gives the same limits for serum and whole-specimen codes of one analyte', () => {
    for (const [a, b] of [
      ['2339-0', '2345-7'],
      ['2947-0', '2951-2'],
      ['6298-4', '2823-3'],
      ['6299-2', '3094-0'],
      ['49765-1', '17861-6'],
      ['18262-6', '13457-7'],
    ] as const)
      expect(physiologicLimitsOf(a)).toEqual(physiologicLimitsOf(b));
  });
});
