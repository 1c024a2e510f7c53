// Code system URIs, the canonical ones of FHIR R4 (terminologies page, §4.3) and US Core: a code is only
// meaningful with its system, so every matcher checks both.

export const SYSTEM_LOINC = 'http://loinc.org';
export const SYSTEM_SNOMED = 'http://snomed.info/sct';
export const SYSTEM_RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
export const SYSTEM_ICD10_CM = 'http://hl7.org/fhir/sid/icd-10-cm';
export const SYSTEM_ICD10 = 'http://hl7.org/fhir/sid/icd-10';
export const SYSTEM_CVX = 'http://hl7.org/fhir/sid/cvx';
/** UCUM, the unit system of FHIR R4 Quantity. */
export const SYSTEM_UCUM = 'http://unitsofmeasure.org';
export const SYSTEM_OBSERVATION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';
