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

interface CategoryRule {
  readonly snomed: ReadonlySet<string>;
  /** ICD-10 codes starting with any of these (dots ignored): `F32` matches F32, F32.9, F329. */
  readonly icd10Prefixes: readonly string[];
  readonly loinc: ReadonlySet<string>;
  /** Case-insensitive, on concept text and coding displays (conditions, procedures, drug names, tests). */
  readonly keywords: RegExp;
}

/** Three-character ICD-10 categories from `from` to `to` within one chapter letter, e.g. F20..F48. */
function icd10Range(from: string, to: string): string[] {
  const letter = from.charAt(0);
  const start = Number(from.slice(1));
  const end = Number(to.slice(1));
  return Array.from(
    { length: end - start + 1 },
    (_, index) => `${letter}${String(start + index).padStart(2, '0')}`,
  );
}

function keywordPattern(fragments: readonly string[]): RegExp {
  return new RegExp(`(?:${fragments.join('|')})`, 'i');
}

const SUBSTANCE_USE: CategoryRule = {
  // Alcoholism, alcohol dependence, alcohol abuse, drug abuse, drug dependence, opioid abuse, opioid dependence,
  // drug overdose.
  snomed: new Set([
    '7200002',
    '66590003',
    '15167005',
    '26416006',
    '191816009',
    '5602001',
    '75544000',
    '55680006',
  ]),
  // F10–F16, F18, F19 (mental and behavioural disorders due to psychoactive substance use; F17 nicotine is
  // left in, see above); Z71.4 / Z71.5 substance abuse counselling.
  icd10Prefixes: [...icd10Range('F10', 'F16'), 'F18', 'F19', 'Z714', 'Z715'],
  // AUDIT-C, AUDIT, DAST-10, single-question drug screen.
  loinc: new Set(['72109-2', '72110-0', '75626-2', '82666-9', '82667-7', '82810-3']),
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
  // HIV infection, HIV positive, AIDS, HIV antigen test, chlamydial infection, chlamydia antigen test,
  // gonorrhoea, gonorrhoea test, syphilis, syphilis test.
  snomed: new Set([
    '86406008',
    '165816005',
    '62479008',
    '31676001',
    '105629000',
    '310861008',
    '15628003',
    '165829005',
    '76272004',
    '269828009',
  ]),
  // B20 HIV disease, Z21 asymptomatic HIV, R75 inconclusive HIV test, A50–A64 infections with a predominantly
  // sexual mode of transmission, Z11.3 / Z11.4 screening, Z20.2 / Z20.6 contact or exposure.
  icd10Prefixes: ['B20', 'Z21', 'R75', ...icd10Range('A50', 'A64'), 'Z113', 'Z114', 'Z202', 'Z206'],
  // HIV 1+2 Ab+Ag, HIV-1 Ab, HIV-1 RNA.
  loinc: new Set(['75622-1', '7917-8', '20447-9', '56888-1', '48345-3']),
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
  // Depressive disorder, major depressive disorder, major depression single episode, anxiety disorder,
  // schizophrenia, bipolar disorder, PTSD, depression screening.
  snomed: new Set([
    '35489007',
    '370143000',
    '36923009',
    '197480006',
    '58214004',
    '13746004',
    '47505003',
    '171207006',
  ]),
  // F20–F48 and F50–F69 (psychotic, mood, anxiety, behavioural and personality disorders), F90–F99; not F01–F09
  // (dementia and other organic disorders are neurological problems the model must see), F10–F19 (substance
  // use, its own category) or F70–F89 (intellectual and developmental disorders).
  icd10Prefixes: [
    ...icd10Range('F20', 'F48'),
    ...icd10Range('F50', 'F69'),
    ...icd10Range('F90', 'F99'),
    'R45851',
  ],
  // PHQ-9, PHQ-2, GAD-7, PHQ-9 panel, Edinburgh postnatal depression scale.
  loinc: new Set(['44261-6', '55757-9', '69737-5', '70274-6', '44249-1', '71354-5']),
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
  snomed: new Set<string>(),
  // T74 / T76 maltreatment, confirmed or suspected; Z69 encounters for maltreatment; X92–Y09 assault; Z04.4
  // examination after alleged rape; Z62.81 / Z91.41 history of abuse.
  icd10Prefixes: [
    'T74',
    'T76',
    'Z69',
    ...icd10Range('X92', 'X99'),
    ...icd10Range('Y00', 'Y09'),
    'Z044',
    'Z6281',
    'Z9141',
  ],
  // HITS domestic violence screen, HARK.
  loinc: new Set(['95614-4', '76499-3']),
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
  snomed: new Set<string>(),
  // Z65.0 conviction, Z65.1 imprisonment, Z65.2 release from prison, Z65.3 other legal circumstances.
  icd10Prefixes: ['Z650', 'Z651', 'Z652', 'Z653'],
  loinc: new Set<string>(),
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
  // Normal pregnancy, miscarriage in first trimester, childbirth, contraceptive IUD replacement and removal,
  // pregnancy test, fetal viability scan, fetal heart auscultation, episiotomy, fetal anatomy study.
  snomed: new Set([
    '72892002',
    '19169002',
    '66348005',
    '46706006',
    '68254000',
    '252160004',
    '169230002',
    '225158009',
    '85548006',
    '271442007',
  ]),
  // O00–O9A pregnancy, childbirth and the puerperium; Z30 contraception; Z31 procreative management; Z32–Z37
  // and Z3A pregnancy; Z39 postpartum care; N96–N98 habitual aborter, infertility, assisted fertilisation.
  icd10Prefixes: [
    ...icd10Range('O00', 'O99'),
    'O9A',
    ...icd10Range('Z30', 'Z37'),
    'Z39',
    'Z3A',
    'N96',
    'N97',
    'N98',
  ],
  // hCG pregnancy tests (urine, serum).
  loinc: new Set(['2106-3', '2118-8', '19080-1']),
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
