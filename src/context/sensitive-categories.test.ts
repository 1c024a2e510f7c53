import type { CodeableConcept } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { SYSTEM_ICD10_CM, SYSTEM_LOINC, SYSTEM_RXNORM, SYSTEM_SNOMED } from '../terminology/code-systems.ts';
import {
  isWithheldBySensitivity,
  sensitiveCategoriesOfConcept,
  sensitiveCategoriesOfText,
  type SensitiveCategory,
} from './sensitive-categories.ts';

const snomed = (code: string, display: string): CodeableConcept => ({
  coding: [{ system: SYSTEM_SNOMED, code, display }],
});
const icd = (code: string): CodeableConcept => ({ coding: [{ system: SYSTEM_ICD10_CM, code }] });

describe('sensitiveCategoriesOfConcept', () => {
  it.each<[string, CodeableConcept, SensitiveCategory[]]>([
    ['Synthea alcoholism (SNOMED)', snomed('7200002', 'Alcoholism'), ['substance-use']],
    ['opioid use disorder (ICD-10-CM F11.20)', icd('F11.20'), ['substance-use']],
    ['nicotine dependence (F17.210) is not 42 CFR Part 2 substance use', icd('F17.210'), []],
    ['HIV disease (B20)', icd('B20'), ['hiv-sti']],
    [
      'HIV antigen test (Synthea prenatal procedure)',
      snomed('31676001', 'Human immunodeficiency virus antigen test'),
      ['hiv-sti'],
    ],
    ['chlamydia test by keyword only', { text: 'Chlamydia trachomatis NAA' }, ['hiv-sti']],
    ['AIDS in capitals', { text: 'AIDS-related complex' }, ['hiv-sti']],
    ['hearing aids are not AIDS', { text: 'Hearing aids fitted' }, []],
    ['major depressive disorder (F32.9)', icd('F32.9'), ['mental-health']],
    ['dementia (F03.90) stays visible', icd('F03.90'), []],
    ["Alzheimer's disease stays visible", snomed('26929004', "Alzheimer's disease (disorder)"), []],
    [
      'depression screening (Synthea procedure)',
      snomed('171207006', 'Depression screening'),
      ['mental-health'],
    ],
    ['ST depression on ECG is cardiology', { text: 'ST depression' }, []],
    ['PHQ-9 (LOINC)', { coding: [{ system: SYSTEM_LOINC, code: '44261-6' }] }, ['mental-health']],
    [
      'sertraline',
      { coding: [{ system: SYSTEM_RXNORM, code: '312940', display: 'sertraline 50 MG Oral Tablet' }] },
      ['mental-health'],
    ],
    ['child abuse (T74.12)', icd('T74.12XA'), ['abuse-violence']],
    ['domestic violence by keyword', { text: 'Victim of domestic violence' }, ['abuse-violence']],
    ['imprisonment (Z65.1)', icd('Z65.1'), ['criminal-record']],
    ['history of incarceration by keyword', { text: 'History of incarceration' }, ['criminal-record']],
    ['cardiac arrest is not a criminal record', snomed('410429000', 'Cardiac Arrest'), []],
    ['normal pregnancy (Synthea)', snomed('72892002', 'Normal pregnancy'), ['reproductive-health']],
    ['miscarriage (Synthea)', snomed('19169002', 'Miscarriage in first trimester'), ['reproductive-health']],
    ['pregnancy (O09.90)', icd('O09.90'), ['reproductive-health']],
    [
      'Jolivette (a contraceptive pack)',
      { coding: [{ system: SYSTEM_RXNORM, code: '757594', display: 'Jolivette 28 Day Pack' }] },
      ['reproductive-health'],
    ],
    [
      'IUD replacement',
      snomed('46706006', 'Replacement of contraceptive intrauterine device'),
      ['reproductive-health'],
    ],
    [
      'alcohol abuse is substance use and abuse by keyword',
      { text: 'Alcohol abuse' },
      ['substance-use', 'abuse-violence'],
    ],
    ['diabetes is not sensitive', snomed('44054006', 'Diabetes'), []],
    ['hemispatial neglect is neurology', { text: 'Hemispatial neglect' }, []],
    ['no concept', {}, []],
  ])('%s', (_label, concept, expected) => {
    expect(sensitiveCategoriesOfConcept(concept)).toEqual(expected);
  });
});

describe('sensitiveCategoriesOfText', () => {
  it('matches on word starts, not inside words', () => {
    expect(sensitiveCategoriesOfText('Therapist visit')).toEqual([]);
    expect(sensitiveCategoriesOfText('Grape allergy')).toEqual([]);
    expect(sensitiveCategoriesOfText('Prison health screening')).toEqual(['criminal-record']);
  });
});

describe('isWithheldBySensitivity', () => {
  it.each<[SensitiveCategory[], SensitiveCategory[], boolean]>([
    [[], [], false],
    [['mental-health'], [], true],
    [['mental-health'], ['mental-health'], false],
    [['substance-use', 'abuse-violence'], ['substance-use'], true],
    [['substance-use', 'abuse-violence'], ['substance-use', 'abuse-violence'], false],
  ])('categories %j, included %j → withheld %s', (categories, included, expected) => {
    expect(isWithheldBySensitivity(categories, new Set(included))).toBe(expected);
  });
});
