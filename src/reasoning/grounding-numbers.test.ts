import { describe, expect, it } from 'vitest';
import {
  canonicalNumber,
  canonicalUnit,
  canonicalizeNumbersIn,
  extractStatedNumbers,
  unitsMentioned,
} from './grounding-numbers.ts';

/** Compact notation for expectations: `41.6[ml/min/1.73m2]`, `3`, `past:412d`. */
function stated(text: string): string[] {
  return extractStatedNumbers(text).map((number) =>
    number.kind === 'quantity'
      ? `${number.value}${number.unit === undefined ? '' : `[${number.unit}]`}`
      : `${number.direction}:${number.magnitude}${number.unit}`,
  );
}

describe('extractStatedNumbers', () => {
  it.each([
    ['eGFR 41.60 mL/min/1.73m2', ['41.6[ml/min/1.73m2]']],
    ['eGFR 41.6 mL/min/{1.73_m2}', ['41.6[ml/min/1.73m2]']],
    ['HbA1c 8.2%', ['8.2[%]']],
    ['HbA1c 8.2 %', ['8.2[%]']],
    ['BP 148/92 mmHg', ['148', '92[mmhg]']],
    ['BP 120 mm[Hg]', ['120[mmhg]']],
    ['Potassium 5.6 mmol/L', ['5.6[mmol/l]']],
    ['ACR 1,200 mg/g', ['1200[mg/g]']],
    ['Metformin 1000 mg 1 BID', ['1000[mg]', '1']],
    ['Temp 37.5 °C', ['37.5[°c]']],
    ['Hb 13 g/dL', ['13[g/dl]']],
    ['Vitamin D 30 ng/mL', ['30[ng/ml]']],
    ['WBC 7.1 10*9/L or 7.1 x10^9/L', ['7.1[10^9/l]', '7.1[10^9/l]']],
    ['Pulse 72 /min, 72 bpm', ['72[/min]', '72[/min]']],
    ['BMI 31.2 kg/m2', ['31.2[kg/m2]']],
    ['-412d', ['past:412d']],
    ['+3d', ['future:3d']],
    ['0d', ['unspecified:0d']],
    ['-8.4y', ['past:8.4y']],
    ['67y female', ['unspecified:67y']],
    ['412 days ago', ['past:412d']],
    ['3 y ago', ['past:3y']],
    ['8.4 years', ['unspecified:8.4y']],
    ['every 2 weeks', ['unspecified:2w']],
    ['onset 47y-61y', ['unspecified:47y', 'unspecified:61y']],
    ['sinusitis x3', ['3']],
    ['n=6; trend -4.1/y', ['6', '4.1']],
    ['HbA1c, B12, SpO2, CO2, COVID-19, SARS-CoV-2, the alias L12', []],
    ['type 2 diabetes, stage 4', ['2', '4']],
    ['no numbers here', []],
  ])('%s', (text, expected) => {
    expect(stated(text)).toEqual(expected);
  });
});

describe('canonicalNumber', () => {
  it.each([
    ['41.60', '41.6'],
    ['7.0', '7'],
    ['007', '7'],
    ['0.50', '0.5'],
    ['1,200', '1200'],
    ['0', '0'],
  ])('%s -> %s', (written, canonical) => {
    expect(canonicalNumber(written)).toBe(canonical);
  });
});

describe('canonicalUnit', () => {
  it.each([
    ['mm[Hg]', 'mmhg'],
    ['mmHg', 'mmhg'],
    ['µg/L', 'ug/l'],
    ['mcg/L', 'ug/l'],
    ['mL/min/{1.73_m2}', 'ml/min/1.73m2'],
    ['kg/m²', 'kg/m2'],
    ['Cel', '°c'],
    ['{beats}/min', '/min'],
    ['units', 'u'],
    ['mg/day', 'mg/d'],
  ])('%s -> %s', (written, canonical) => {
    expect(canonicalUnit(written)).toBe(canonical);
  });
});

describe('unitsMentioned and canonicalizeNumbersIn', () => {
  it('finds units standing alone', () => {
    expect([...unitsMentioned('eGFR (mL/min/1.73m2): 41.6; L12')]).toEqual(['ml/min/1.73m2']);
  });

  it('rewrites numbers only', () => {
    expect(canonicalizeNumbersIn('eGFR 41.60, HbA1c 8.50% L10')).toBe('eGFR 41.6, HbA1c 8.5% L10');
  });
});
