import { describe, expect, it } from 'vitest';
import { ANALYTE_CODES, mapByAnalyteCode } from './analyte-codes.ts';
import * as conditionCodes from './condition-codes.ts';
import {
  CHRONIC_KIDNEY_DISEASE,
  CKD_STAGE_BY_ICD10,
  CKD_STAGE_BY_SNOMED,
  DIABETES_SNOMED_CODES,
  ICD10_PREDIABETES,
  SNOMED_PREDIABETES,
  type ConditionCodes,
} from './condition-codes.ts';
import * as labCodes from './lab-codes.ts';
import { LOINC_SHORT_NAMES } from './loinc-short-names.ts';
import { DUPLICATE_CLASSES, RXNORM_INGREDIENTS } from './medication-codes.ts';
import * as clinicalConcepts from './clinical-concepts.ts';
import * as riskFactorCodes from './risk-factor-codes.ts';
import { DIABETES_MELLITUS as DIABETES } from './clinical-concepts.ts';
import { SYSTEM_LOINC, SYSTEM_SNOMED } from './code-systems.ts';
import type { ClinicalConcept } from './value-set.ts';
import * as sensitiveCategoryCodes from './sensitive-category-codes.ts';
import type { SensitiveCategoryCodes } from './sensitive-category-codes.ts';
import * as socialHistoryCodes from './social-history-codes.ts';
import * as vitalSignCodes from './vital-sign-codes.ts';

/** Every string in a module's exports: constants, set and array members. */
function codesOf(module: Readonly<Record<string, unknown>>): string[] {
  return Object.values(module).flatMap((value) => {
    if (typeof value === 'string') return [value];
    if (value instanceof Set || Array.isArray(value)) return [...(value as Iterable<unknown>)].map(String);
    return [];
  });
}

/** LOINC's mod-10 check digit (LOINC Users' Guide, "Calculating mod 10 check digits"): Luhn over the number. */
function loincCheckDigit(digits: string): number {
  let sum = 0;
  Array.from(digits)
    .reverse()
    .forEach((char, index) => {
      const digit = Number(char);
      const weighted = index % 2 === 0 ? digit * 2 : digit;
      sum += weighted > 9 ? weighted - 9 : weighted;
    });
  return (10 - (sum % 10)) % 10;
}

function isValidLoinc(code: string): boolean {
  const match = /^(\d{1,7})-(\d)$/.exec(code);
  return match?.[1] !== undefined && loincCheckDigit(match[1]) === Number(match[2]);
}

// SNOMED CT identifiers end in a Verhoeff check digit (SNOMED CT Technical Implementation Guide, 6.3).
const VERHOEFF_D = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
  [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
  [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
  [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
  [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
  [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
  [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
  [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
  [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];
const VERHOEFF_P = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
  [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
  [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
  [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
  [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
  [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
  [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
];

function isValidSnomed(code: string): boolean {
  if (!/^\d{6,18}$/.test(code)) return false;
  let check = 0;
  Array.from(code)
    .reverse()
    .forEach((char, index) => {
      check = VERHOEFF_D[check]?.[VERHOEFF_P[index % 8]?.[Number(char)] ?? 0] ?? 0;
    });
  return check === 0;
}

const CONDITIONS: readonly (readonly [string, ConditionCodes])[] = Object.entries(conditionCodes).filter(
  (entry): entry is [string, ConditionCodes] =>
    typeof entry[1] === 'object' && 'snomed' in entry[1] && 'icd10Prefixes' in entry[1],
);

/** Every concept's codes in a system: the published value sets' and those Chartside adds. */
const CONCEPTS = Object.values(clinicalConcepts).filter(
  (value): value is ClinicalConcept => typeof value === 'object' && 'valueSets' in value,
);
const conceptCodes = (system: string): string[] =>
  CONCEPTS.flatMap((concept) => [...(concept.codes.get(system) ?? [])]);
const SENSITIVE = Object.entries(sensitiveCategoryCodes).filter(
  (entry): entry is [string, SensitiveCategoryCodes] =>
    typeof entry[1] === 'object' && 'icd10Prefixes' in entry[1],
);

describe('terminology', () => {
  it('gives every LOINC code the NNNNN-N form with a valid check digit', () => {
    const loinc = [
      ...codesOf(labCodes),
      ...codesOf(vitalSignCodes),
      ...codesOf(socialHistoryCodes),
      ...Object.keys(LOINC_SHORT_NAMES),
      ...Object.values(ANALYTE_CODES).flat(),
      ...conceptCodes(SYSTEM_LOINC),
      ...SENSITIVE.flatMap(([, set]) => [...set.loinc]),
    ];
    expect(loinc.length).toBeGreaterThan(150);
    expect(loinc.filter((code) => !isValidLoinc(code))).toEqual([]);
  });

  it('checks the LOINC check digit, not only the shape', () => {
    expect(isValidLoinc('33914-3')).toBe(true);
    expect(isValidLoinc('33914-4')).toBe(false);
    expect(isValidLoinc('4548-4')).toBe(true);
  });

  it('gives every SNOMED CT code a valid Verhoeff check digit', () => {
    const snomed = [
      ...CONDITIONS.flatMap(([, set]) => [...set.snomed]),
      ...Object.keys(CKD_STAGE_BY_SNOMED),
      ...conceptCodes(SYSTEM_SNOMED),
      ...Object.values(riskFactorCodes).flatMap((value) => ('snomed' in value ? [...value.snomed] : [])),
      ...SENSITIVE.flatMap(([, set]) => [...set.snomed]),
      SNOMED_PREDIABETES,
    ];
    expect(snomed.length).toBeGreaterThan(100);
    expect(isValidSnomed('44054006')).toBe(true);
    expect(isValidSnomed('44054007')).toBe(false);
    expect(snomed.filter((code) => !isValidSnomed(code))).toEqual([]);
  });

  it('keeps condition concepts disjoint, by SNOMED CT code and by ICD-10-CM prefix', () => {
    const clashes: string[] = [];
    for (const [nameA, a] of CONDITIONS) {
      for (const [nameB, b] of CONDITIONS) {
        if (nameA >= nameB) continue;
        for (const code of a.snomed) if (b.snomed.has(code)) clashes.push(`${nameA}/${nameB} ${code}`);
        for (const p of a.icd10Prefixes) {
          for (const q of b.icd10Prefixes)
            if (p.startsWith(q) || q.startsWith(p)) clashes.push(`${nameA}/${nameB} ${p}`);
        }
      }
    }
    expect(clashes).toEqual([]);
  });

  it('keeps sensitive categories disjoint, so an item is withheld under the category the clinician sees', () => {
    const clashes: string[] = [];
    for (const [nameA, a] of SENSITIVE) {
      for (const [nameB, b] of SENSITIVE) {
        if (nameA >= nameB) continue;
        for (const code of [...a.snomed, ...a.loinc]) {
          if (b.snomed.has(code) || b.loinc.has(code)) clashes.push(`${nameA}/${nameB} ${code}`);
        }
        for (const p of a.icd10Prefixes) {
          for (const q of b.icd10Prefixes)
            if (p.startsWith(q) || q.startsWith(p)) clashes.push(`${nameA}/${nameB} ${p}`);
        }
      }
    }
    expect(SENSITIVE).toHaveLength(6);
    expect(clashes).toEqual([]);
  });

  it('keeps prediabetes out of diabetes, and the narrower sets inside the wider ones', () => {
    expect(DIABETES.snomed.has(SNOMED_PREDIABETES)).toBe(false);
    expect(DIABETES.icd10Prefixes.some((prefix) => ICD10_PREDIABETES.startsWith(prefix))).toBe(false);
    expect([...DIABETES_SNOMED_CODES].filter((code) => !DIABETES.snomed.has(code))).toEqual([]);
    expect(
      Object.keys(CKD_STAGE_BY_SNOMED).filter((code) => !CHRONIC_KIDNEY_DISEASE.snomed.has(code)),
    ).toEqual([]);
    expect(
      Object.keys(CKD_STAGE_BY_ICD10).filter(
        (code) => !CHRONIC_KIDNEY_DISEASE.icd10Prefixes.some((prefix) => code.startsWith(prefix)),
      ),
    ).toEqual([]);
  });

  it('gives each LOINC code to one analyte only, so per-code tables are unambiguous', () => {
    const seen = new Map<string, string>();
    const clashes: string[] = [];
    for (const [analyte, codes] of Object.entries(ANALYTE_CODES)) {
      for (const code of codes) {
        const other = seen.get(code);
        if (other !== undefined) clashes.push(`${code}: ${other}, ${analyte}`);
        seen.set(code, analyte);
      }
    }
    expect(clashes).toEqual([]);
  });

  it('keys a per-analyte table by every code of each analyte given', () => {
    const byCode = mapByAnalyteCode({ potassium: 'K', hba1c: 'A1c' });
    expect(Object.fromEntries(byCode)).toEqual({ '6298-4': 'K', '2823-3': 'K', '4548-4': 'A1c' });
  });

  it('puts each drug in one duplicate-therapy class, and names RxNorm ingredients in lower case', () => {
    const seen = new Map<string, string>();
    const clashes: string[] = [];
    for (const { name, ingredients } of DUPLICATE_CLASSES) {
      for (const ingredient of ingredients) {
        const other = seen.get(ingredient);
        if (other !== undefined) clashes.push(`${ingredient}: ${other}, ${name}`);
        seen.set(ingredient, name);
      }
    }
    expect(clashes).toEqual([]);
    expect(Object.values(RXNORM_INGREDIENTS).filter((name) => name !== name.toLowerCase())).toEqual([]);
    expect(Object.keys(RXNORM_INGREDIENTS).filter((code) => !/^\d+$/.test(code))).toEqual([]);
  });
});
