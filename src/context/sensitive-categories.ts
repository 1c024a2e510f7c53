// Sensitive categories of health information, left out of the model context unless a setting includes them
// (`ClinicalContextOptions.includeSensitiveCategories`). The categories follow HL7 v3
// ActInformationSensitivityPolicy (ETH substance abuse, HIV, STD, PSY/BH psychiatry and behavioural health,
// SDV sexual and domestic violence, SEX sexuality and reproductive health) and the SAMHSA Consent2Share
// sensitive-data value sets they were drawn from; substance use disorder is the 42 CFR Part 2 category, which
// explicitly excludes tobacco (42 CFR 2.11), so smoking status stays in the context.
//
// Detection is by code (SNOMED CT, ICD-10 / ICD-10-CM prefixes, LOINC) and by keyword on the code's text and
// displays, because EHR problem lists carry local codes and free-typed names. It errs on the side of leaving
// out: a false positive hides one item behind a documented setting; a false negative leaks it.
import type { CodeableConcept } from 'fhir/r4';
import { SYSTEM_ICD10, SYSTEM_ICD10_CM, SYSTEM_LOINC, SYSTEM_SNOMED } from '../terminology/code-systems.ts';
import {
  ABUSE_VIOLENCE_CODES,
  CRIMINAL_RECORD_CODES,
  HIV_STI_CODES,
  MENTAL_HEALTH_CODES,
  REPRODUCTIVE_HEALTH_CODES,
  SUBSTANCE_USE_CODES,
  type SensitiveCategoryCodes,
} from '../terminology/sensitive-category-codes.ts';
import { conceptCodings } from './fhir-concepts.ts';

export const SENSITIVE_CATEGORIES = [
  'substance-use',
  'hiv-sti',
  'mental-health',
  'abuse-violence',
  'criminal-record',
  'reproductive-health',
] as const;
export type SensitiveCategory = (typeof SENSITIVE_CATEGORIES)[number];

export function isSensitiveCategory(value: string): value is SensitiveCategory {
  return (SENSITIVE_CATEGORIES as readonly string[]).includes(value);
}

interface CategoryRule extends SensitiveCategoryCodes {
  /** Case-insensitive, on concept text and coding displays (conditions, procedures, drug names, tests). */
  readonly keywords: RegExp;
}

function keywordPattern(fragments: readonly string[]): RegExp {
  return new RegExp(`(?:${fragments.join('|')})`, 'i');
}

const SUBSTANCE_USE: CategoryRule = {
  ...SUBSTANCE_USE_CODES,
  keywords: keywordPattern([
    '\\balcoholism',
    '\\balcohol (?:abuse|dependence|use disorder|withdrawal|intoxication)',
    '\\bdrug (?:abuse|dependence|addiction|overdose|misuse)',
    '\\bopioid (?:abuse|dependence|use disorder|withdrawal|overdose|misuse)',
    '\\bsubstance (?:abuse|use|dependence|misuse)',
    '\\baddiction',
    '\\boverdose',
    '\\bheroin',
    '\\bcocaine',
    '\\bmethamphetamine',
    '\\bcannabis (?:use|abuse|dependence)',
    // Medicines whose main use is treating substance use disorder.
    '\\bbuprenorphine',
    '\\bnaltrexone',
    '\\bdisulfiram',
    '\\bacamprosate',
    '\\bmethadone',
  ]),
};

const HIV_STI: CategoryRule = {
  ...HIV_STI_CODES,
  keywords: keywordPattern([
    '\\bhiv\\b',
    'human immunodeficiency virus',
    'acquired immunodeficiency syndrome',
    '\\bchlamydia',
    '\\bgonorrh',
    '\\bsyphilis',
    '\\btrichomon',
    'genital (?:herpes|warts?)',
    'herpes genitalis',
    'sexually transmitted',
    '\\bstd\\b',
    // Antiretrovirals used only for HIV (and PrEP).
    '\\bemtricitabine',
    '\\btenofovir',
    '\\befavirenz',
    '\\bdolutegravir',
    '\\braltegravir',
    '\\bbictegravir',
    '\\brilpivirine',
    '\\bdarunavir',
    '\\batazanavir',
    '\\bzidovudine',
    '\\babacavir',
  ]),
};

const MENTAL_HEALTH: CategoryRule = {
  ...MENTAL_HEALTH_CODES,
  keywords: keywordPattern([
    '(?<!\\bST[ -](?:segment )?)\\bdepressi(?:on|ve)\\b',
    '\\banxiety',
    '\\bpanic disorder',
    '\\bschizo',
    '\\bbipolar',
    '\\bpsychos[ie]s',
    '\\bpsychotic',
    '\\bsuicid',
    'self[- ]harm',
    'post-?traumatic stress',
    '\\bptsd\\b',
    'eating disorder',
    'anorexia nervosa',
    '\\bbulimi',
    'personality disorder',
    'obsessive[- ]compulsive',
    'attention deficit',
    '\\badhd\\b',
    '\\bpsychiatr',
    'mental (?:health|disorder|illness)',
    // Medicines whose main use is psychiatric: antidepressants, antipsychotics, lithium.
    '\\bsertraline',
    '\\bfluoxetine',
    '\\bparoxetine',
    '\\bcitalopram',
    '\\bescitalopram',
    '\\bvenlafaxine',
    '\\bdesvenlafaxine',
    '\\bmirtazapine',
    '\\bquetiapine',
    '\\bolanzapine',
    '\\brisperidone',
    '\\baripiprazole',
    '\\bhaloperidol',
    '\\bclozapine',
    '\\bziprasidone',
    '\\blurasidone',
    '\\blithium',
  ]),
};

const ABUSE_VIOLENCE: CategoryRule = {
  ...ABUSE_VIOLENCE_CODES,
  keywords: keywordPattern([
    '\\babuse',
    '\\bmaltreatment',
    '\\bviolence',
    '\\bassault',
    '\\brape\\b',
    '\\bsexual abuse',
    '\\b(?:child|elder) neglect',
    '\\bneglect of (?:child|elder)',
    '\\bintimate partner',
    '\\btrafficking',
    '\\bbattered',
  ]),
};

const CRIMINAL_RECORD: CategoryRule = {
  ...CRIMINAL_RECORD_CODES,
  keywords: keywordPattern([
    '\\bcriminal',
    '\\bincarcerat',
    '\\bimprison',
    '\\bprison',
    '\\bjail',
    '\\bprobation\\b',
    '\\bparole',
    '\\bconvict',
  ]),
};

const REPRODUCTIVE_HEALTH: CategoryRule = {
  ...REPRODUCTIVE_HEALTH_CODES,
  keywords: keywordPattern([
    '\\bpregnan',
    '\\bprenatal',
    '\\bantenatal',
    '\\bpostnatal',
    '\\bpost-?partum',
    '\\bobstetric',
    '\\bfetal\\b',
    '\\bfetus',
    '\\bmiscarriage',
    '\\babortion',
    '\\bcontracept',
    'intrauterine device',
    '\\biud\\b',
    '\\binfertil',
    'in vitro fertili',
    '\\bepisiotomy',
    '\\bc(?:a)?esarean',
    '\\bchildbirth',
    'following birth',
    'examination of mother',
    '\\bectopic',
    '\\bamnio',
    '\\bgestation',
    '\\bplacent',
    '\\bchorionic gonadotropin',
    '\\bchoriogonadotropin',
    '\\bhcg\\b',
    'uterine fundal',
    '\\bvasectomy',
    'tubal ligation',
    // Hormonal contraceptives (ingredients, and the brand names RxNorm displays carry).
    '\\bnorethindrone',
    '\\blevonorgestrel',
    '\\bethinyl estradiol',
    '\\bdrospirenone',
    '\\bdesogestrel',
    '\\bnorgestimate',
    '\\betonogestrel',
    '\\bmedroxyprogesterone',
    '\\bulipristal',
    '\\bmifepristone',
    '28 day pack',
    '\\bjolivette',
    '\\bcamila\\b',
    '\\berrin\\b',
    '\\bnatazia',
    '\\btrinessa',
    '\\bseasonique',
    '\\byaz\\b',
    '\\blevora',
    '\\bkyleena',
    '\\bmirena',
    '\\bliletta',
    '\\bnuvaring',
    '\\bnexplanon',
    '\\bloryna',
  ]),
};

const RULES: Readonly<Record<SensitiveCategory, CategoryRule>> = {
  'substance-use': SUBSTANCE_USE,
  'hiv-sti': HIV_STI,
  'mental-health': MENTAL_HEALTH,
  'abuse-violence': ABUSE_VIOLENCE,
  'criminal-record': CRIMINAL_RECORD,
  'reproductive-health': REPRODUCTIVE_HEALTH,
};

/** "AIDS" in capitals only: "hearing aids" is not a sensitive condition. */
const AIDS_ACRONYM = /\bAIDS\b/;

/** Every category's keywords in one pattern: most texts match none, and one scan tells. */
const ANY_KEYWORD = new RegExp(
  SENSITIVE_CATEGORIES.map((category) => RULES[category].keywords.source).join('|'),
  'i',
);

/** The sensitive categories a piece of code text falls in (by keyword). */
export function sensitiveCategoriesOfText(text: string): SensitiveCategory[] {
  if (!ANY_KEYWORD.test(text)) return AIDS_ACRONYM.test(text) ? ['hiv-sti'] : [];
  const categories = SENSITIVE_CATEGORIES.filter((category) => RULES[category].keywords.test(text));
  if (AIDS_ACRONYM.test(text) && !categories.includes('hiv-sti')) categories.push('hiv-sti');
  return categories;
}

/** The sensitive categories a coded concept falls in, by its codes and by keyword on its text and displays. */
export function sensitiveCategoriesOfConcept(concept: CodeableConcept | undefined): SensitiveCategory[] {
  if (concept === undefined) return [];
  const found = new Set<SensitiveCategory>();
  const texts = [concept.text ?? ''];
  for (const coding of conceptCodings(concept)) {
    if (coding.display !== undefined) texts.push(coding.display);
    const code = coding.code;
    if (code === undefined) continue;
    for (const category of SENSITIVE_CATEGORIES) {
      const rule = RULES[category];
      if (coding.system === SYSTEM_SNOMED && rule.snomed.has(code)) found.add(category);
      else if (coding.system === SYSTEM_LOINC && rule.loinc.has(code)) found.add(category);
      else if (
        (coding.system === SYSTEM_ICD10_CM || coding.system === SYSTEM_ICD10) &&
        matchesIcd10(code, rule.icd10Prefixes)
      )
        found.add(category);
    }
  }
  for (const category of sensitiveCategoriesOfText(texts.join(' | '))) found.add(category);
  return SENSITIVE_CATEGORIES.filter((category) => found.has(category));
}

function matchesIcd10(code: string, prefixes: readonly string[]): boolean {
  const compact = code.replace('.', '').toUpperCase();
  return prefixes.some((prefix) => compact.startsWith(prefix));
}

/** Withheld unless every category it falls in is included by the setting. */
export function isWithheldBySensitivity(
  categories: readonly SensitiveCategory[],
  included: ReadonlySet<SensitiveCategory>,
): boolean {
  return categories.some((category) => !included.has(category));
}
