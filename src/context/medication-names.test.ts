import { describe, expect, it } from 'vitest';
import { formatDosage, formatMedicationName } from './medication-names.ts';

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
