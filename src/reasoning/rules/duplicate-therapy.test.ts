import { describe, expect, it } from 'vitest';
import { duplicateTherapyRule } from './duplicate-therapy.ts';
import {
  firedIds,
  LISINOPRIL,
  LOSARTAN,
  medication,
  SIMVASTATIN,
  ungroundedFindings,
  type ContextInit,
} from './rule-test-kit.ts';

const FUROSEMIDE_IV = medication('10 ML Furosemide 10 MG/ML Injection', { id: 'm-furosemide-iv' });
const LASIX = medication('Lasix 40mg', { id: 'm-lasix' });
const ATORVASTATIN = medication('atorvastatin 40 MG Oral Tablet', { id: 'm-atorvastatin' });
const AMLODIPINE = medication('Amlodipine 5 MG Oral Tablet', { id: 'm-amlodipine' });
const VERAPAMIL = medication('Verapamil Hydrochloride 40 MG', { id: 'm-verapamil' });
const INSULIN = medication(
  'insulin human, isophane 70 UNT/ML / Regular Insulin, Human 30 UNT/ML Injectable Suspension [Humulin]',
  { id: 'm-insulin-1' },
);
const INSULIN_2 = { ...INSULIN, source: { resourceType: 'MedicationRequest', id: 'm-insulin-2' } };

describe('duplicate-therapy (KDIGO 2024 dual RAS blockade; same ingredient or class)', () => {
  it.each<[string, ContextInit, string[]]>([
    ['ACE inhibitor + ARB', { medications: [LISINOPRIL, LOSARTAN] }, ['duplicate-therapy:acei-arb']],
    [
      'furosemide IV + Lasix',
      { medications: [FUROSEMIDE_IV, LASIX] },
      ['duplicate-therapy:same-ingredient:furosemide'],
    ],
    ['two statins', { medications: [SIMVASTATIN, ATORVASTATIN] }, ['duplicate-therapy:same-class:statins']],
    ['a dihydropyridine with verapamil is not one class', { medications: [AMLODIPINE, VERAPAMIL] }, []],
    ['two insulin orders are usual', { medications: [INSULIN, INSULIN_2] }, []],
    ['one of each', { medications: [LISINOPRIL, SIMVASTATIN] }, []],
  ])('%s', (_, init, expected) => {
    expect(firedIds(duplicateTherapyRule, init)).toEqual(expected);
    expect(ungroundedFindings(duplicateTherapyRule, init)).toEqual([]);
  });
});
