import { describe, expect, it } from 'vitest';
import { PREVENT_SOURCE, preventAscvd10y, preventCvd10y, type PreventInputs } from './prevent-equations.ts';

// The README of the R package preventr (M. Mayer; CRAN; github.com/martingmayer/preventr), "Very basic example":
// estimate_risk(age = 50, sex = "female", sbp = 160, bp_tx = TRUE, total_c = 200, hdl_c = 45, statin = FALSE,
// dm = TRUE, smoking = FALSE, egfr = 90, bmi = 35) → base model, 10-year total_cvd 0.147, ascvd 0.092. (BMI enters
// only the heart-failure equation, so it is not an input here.) The same case is the example in the Stata
// module's help (prevent.sthlp, `prevent10i`), whose coefficients these are.
const PREVENTR_README_EXAMPLE: Required<PreventInputs> = {
  ageYears: 50,
  sex: 'female',
  systolicMmHg: 160,
  antihypertensive: true,
  totalCholesterolMgDl: 200,
  hdlMgDl: 45,
  statin: false,
  diabetes: true,
  currentSmoker: false,
  egfrMlMin173m2: 90,
};

const CALCULATORS = [
  ['prevent-cvd-10y', preventCvd10y],
  ['prevent-ascvd-10y', preventAscvd10y],
] as const;

describe('PREVENT base model, 10-year (Khan 2024)', () => {
  it.each([
    ['prevent-cvd-10y', preventCvd10y, 14.7],
    ['prevent-ascvd-10y', preventAscvd10y, 9.2],
  ] as const)('%s reproduces preventr’s README example', (id, calculate, expected) => {
    const result = calculate(PREVENTR_README_EXAMPLE);
    expect(result).toMatchObject({ id, value: expected, unit: '%', missing: [], outOfRange: [] });
    expect(result.source).toBe(PREVENT_SOURCE);
    expect(result.inputs).toHaveLength(10);
  });

  it('male inputs go through the male equation (no published male example was found to check it against)', () => {
    const female = preventCvd10y(PREVENTR_README_EXAMPLE).value;
    const male = preventCvd10y({ ...PREVENTR_README_EXAMPLE, sex: 'male' }).value;
    expect(male).not.toBeNull();
    expect(male).not.toBe(female);
  });

  it.each(CALCULATORS)('%s rises with smoking, lower eGFR and higher SBP', (_id, calculate) => {
    const baseline = calculate(PREVENTR_README_EXAMPLE).value ?? Number.NaN;
    for (const change of [{ currentSmoker: true }, { egfrMlMin173m2: 45 }, { systolicMmHg: 180 }]) {
      expect(calculate({ ...PREVENTR_README_EXAMPLE, ...change }).value).toBeGreaterThan(baseline);
    }
  });

  it.each(
    CALCULATORS.flatMap(([id, calculate]) =>
      (
        [
          [29, false],
          [30, true],
          [79, true],
          [80, false],
        ] as const
      ).map(([ageYears, computable]) => [id, ageYears, computable, calculate] as const),
    ),
  )('%s at age %s computable: %s', (_id, ageYears, computable, calculate) => {
    const result = calculate({ ...PREVENTR_README_EXAMPLE, ageYears });
    expect(result.value !== null).toBe(computable);
    expect(result.outOfRange).toEqual(computable ? [] : [`ageYears ${String(ageYears)} y: valid 30–79 y`]);
  });

  it.each(
    CALCULATORS.flatMap(([id, calculate]) =>
      Object.keys(PREVENTR_README_EXAMPLE).map((name) => [id, name, calculate] as const),
    ),
  )('%s without %s: no value, and it says what is missing', (_id, name, calculate) => {
    const result = calculate({ ...PREVENTR_README_EXAMPLE, [name]: undefined });
    expect(result.value).toBeNull();
    expect(result.missing).toEqual([name]);
    expect(result.inputs.map((input) => input.name)).not.toContain(name);
  });

  it('an eGFR of 0 is refused rather than extrapolated', () => {
    expect(preventCvd10y({ ...PREVENTR_README_EXAMPLE, egfrMlMin173m2: 0 }).outOfRange).toEqual([
      'egfrMlMin173m2 0: must be above 0',
    ]);
  });
});
