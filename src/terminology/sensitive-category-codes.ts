// Codes that put a record item in a sensitive category (context/sensitive-categories.ts withholds them from the
// model and the Trends panel unless the clinician includes the category): SNOMED CT, ICD-10(-CM) and LOINC, as
// sets per code system. Categories follow HL7 v3 ActInformationSensitivityPolicy; codes are drawn from the SAMHSA
// Consent2Share sensitive-data value sets, plus the screening instruments that reveal a category (AUDIT-C,
// PHQ-9, HITS, hCG). Substance use is the 42 CFR Part 2 category, which excludes tobacco.
// Unlike condition-codes.ts, ICD-10 prefixes here are written without dots and matched with dots ignored.

export interface SensitiveCategoryCodes {
  readonly snomed: ReadonlySet<string>;
  /** ICD-10 codes starting with any of these (dots ignored): `F32` matches F32, F32.9, F329. */
  readonly icd10Prefixes: readonly string[];
  readonly loinc: ReadonlySet<string>;
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

export const SUBSTANCE_USE_CODES: SensitiveCategoryCodes = {
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
};

export const HIV_STI_CODES: SensitiveCategoryCodes = {
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
};

export const MENTAL_HEALTH_CODES: SensitiveCategoryCodes = {
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
};

export const ABUSE_VIOLENCE_CODES: SensitiveCategoryCodes = {
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
};

export const CRIMINAL_RECORD_CODES: SensitiveCategoryCodes = {
  snomed: new Set<string>(),
  // Z65.0 conviction, Z65.1 imprisonment, Z65.2 release from prison, Z65.3 other legal circumstances.
  icd10Prefixes: ['Z650', 'Z651', 'Z652', 'Z653'],
  loinc: new Set<string>(),
};

export const REPRODUCTIVE_HEALTH_CODES: SensitiveCategoryCodes = {
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
};
