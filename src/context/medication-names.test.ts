import { describe, expect, it } from 'vitest';
import {
  formatDosage,
  formatMedicationName,
  normalizeIngredientName,
  parseMedicationIngredients,
} from './medication-names.ts';

describe('formatMedicationName', () => {
  it.each<[string, string]>([
    [
      '24 HR Metformin hydrochloride 500 MG Extended Release Oral Tablet',
      'Metformin hydrochloride 500 mg, ER oral tablet',
    ],
    [
      '120 ACTUAT Fluticasone propionate 0.044 MG/ACTUAT Metered Dose Inhaler',
      'Fluticasone propionate 0.044 mg/actuat, MDI',
    ],
    ['10 ML Furosemide 10 MG/ML Injection', 'Furosemide 10 mg/mL, injection'],
    ['NDA020800 0.3 ML Epinephrine 1 MG/ML Auto-Injector', 'Epinephrine 1 mg/mL, auto-injector'],
    [
      'Acetaminophen 325 MG / oxyCODONE Hydrochloride 5 MG Oral Tablet',
      'Acetaminophen 325 mg + oxyCODONE Hydrochloride 5 mg, oral tablet',
    ],
    [
      'insulin human, isophane 70 UNT/ML / Regular Insulin, Human 30 UNT/ML Injectable Suspension [Humulin]',
      'insulin human, isophane 70 units/mL + Regular Insulin, Human 30 units/mL, injectable suspension [Humulin]',
    ],
    ['Hydrochlorothiazide 25 MG', 'Hydrochlorothiazide 25 mg'],
    ['Lasix 40mg', 'Lasix 40 mg'],
    ['Vitamin B 12 5 MG/ML Injectable Solution', 'Vitamin B 12 5 mg/mL, injectable solution'],
    ['Carbamazepine[Tegretol]', 'Carbamazepine [Tegretol]'],
    ['Jolivette 28 Day Pack', 'Jolivette 28 Day Pack'],
    ['amoxicillin', 'amoxicillin'],
  ])('%s', (name, expected) => {
    expect(formatMedicationName(name)).toBe(expected);
  });
});

describe('formatDosage', () => {
  it.each<[string, Parameters<typeof formatDosage>[0], string | undefined]>([
    ['none', undefined, undefined],
    ['as needed', [{ asNeededBoolean: true }], 'PRN'],
    [
      '1 twice a day',
      [
        {
          timing: { repeat: { frequency: 2, period: 1, periodUnit: 'd' } },
          doseAndRate: [{ doseQuantity: { value: 1 } }],
        },
      ],
      '1 BID',
    ],
    [
      '1 every 6 hours',
      [
        {
          timing: { repeat: { frequency: 1, period: 6, periodUnit: 'h' } },
          doseAndRate: [{ doseQuantity: { value: 1 } }],
        },
      ],
      '1 q6h',
    ],
    [
      '2 mg weekly',
      [
        {
          timing: { repeat: { frequency: 1, period: 1, periodUnit: 'wk' } },
          doseAndRate: [{ doseQuantity: { value: 2, unit: 'mg' } }],
        },
      ],
      '2 mg weekly',
    ],
    ['daily', [{ timing: { repeat: { frequency: 1, period: 1, periodUnit: 'd' } } }], 'daily'],
    ['free text only is not structured', [{ text: 'take as directed' }], undefined],
  ])('%s', (_label, dosages, expected) => {
    expect(formatDosage(dosages)).toBe(expected);
  });
});

describe('parseMedicationIngredients (rules match Synthea product-level codes by ingredient)', () => {
  it.each<[string, [string, number | undefined, string | undefined][]]>([
    ['24 HR Metformin hydrochloride 500 MG Extended Release Oral Tablet', [['metformin', 500, 'mg']]],
    ['Warfarin Sodium 5 MG Oral Tablet', [['warfarin', 5, 'mg']]],
    ['Digoxin 0.125 MG Oral Tablet', [['digoxin', 0.125, 'mg']]],
    ['24 HR metoprolol succinate 100 MG Extended Release Oral Tablet [Toprol]', [['metoprolol', 100, 'mg']]],
    ['10 ML Furosemide 10 MG/ML Injection', [['furosemide', 10, 'mg/mL']]],
    ['Lasix 40mg', [['furosemide', 40, 'mg']]],
    ['Simvistatin 10 MG', [['simvastatin', 10, 'mg']]],
    ['Carbamazepine[Tegretol]', [['carbamazepine', undefined, undefined]]],
    [
      'Acetaminophen 325 MG / oxyCODONE Hydrochloride 5 MG Oral Tablet',
      [
        ['acetaminophen', 325, 'mg'],
        ['oxycodone', 5, 'mg'],
      ],
    ],
    [
      'insulin human, isophane 70 UNT/ML / Regular Insulin, Human 30 UNT/ML Injectable Suspension [Humulin]',
      [
        ['insulin human isophane', 70, 'units/mL'],
        ['regular insulin human', 30, 'units/mL'],
      ],
    ],
    ['NDA020800 0.3 ML Epinephrine 1 MG/ML Auto-Injector', [['epinephrine', 1, 'mg/mL']]],
    ['Naproxen sodium 220 MG Oral Tablet', [['naproxen', 220, 'mg']]],
    ['Potassium Chloride 20 MEQ Extended Release Oral Tablet', [['potassium chloride', 20, 'mEq']]],
    ['Jolivette 28 Day Pack', [['jolivette 28 day pack', undefined, undefined]]],
    ['amoxicillin', [['amoxicillin', undefined, undefined]]],
  ])('%s', (name, expected) => {
    expect(
      parseMedicationIngredients(name).map((ingredient) => [
        ingredient.name,
        ingredient.strength?.value,
        ingredient.strength?.unit,
      ]),
    ).toEqual(expected);
  });

  it('gives nothing for an empty name', () => {
    expect(parseMedicationIngredients('')).toEqual([]);
  });

  it.each<[string, string]>([
    ['diphenhydrAMINE Hydrochloride', 'diphenhydramine'],
    ['Verapamil Hydrochloride', 'verapamil'],
    ['Sodium Bicarbonate', 'sodium bicarbonate'],
    ['Coumadin', 'warfarin'],
  ])('normalizes %s to %s', (text, expected) => {
    expect(normalizeIngredientName(text)).toBe(expected);
  });
});
