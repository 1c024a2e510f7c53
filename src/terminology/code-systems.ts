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
export const SYSTEM_ICD9_CM = 'http://hl7.org/fhir/sid/icd-9-cm';
/** ICD-10-PCS (inpatient procedures), as the CMS value sets name it. */
export const SYSTEM_ICD10_PCS = 'http://www.cms.gov/Medicare/Coding/ICD10';
export const SYSTEM_CPT = 'http://www.ama-assn.org/go/cpt';
export const SYSTEM_HCPCS = 'https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets';

/**
 * Other names records and value sets use for the same code systems: HL7 OIDs (with or without `urn:oid:`), THO
 * CodeSystem URLs (VSAC's ICD-9-CM), and http/https variants. Codes are compared under the canonical name.
 */
const SYSTEM_ALIASES: Readonly<Record<string, string>> = {
  '2.16.840.1.113883.6.96': SYSTEM_SNOMED,
  '2.16.840.1.113883.6.1': SYSTEM_LOINC,
  '2.16.840.1.113883.6.88': SYSTEM_RXNORM,
  '2.16.840.1.113883.6.90': SYSTEM_ICD10_CM,
  '2.16.840.1.113883.6.3': SYSTEM_ICD10,
  '2.16.840.1.113883.6.4': SYSTEM_ICD10_PCS,
  '2.16.840.1.113883.6.103': SYSTEM_ICD9_CM,
  '2.16.840.1.113883.6.104': SYSTEM_ICD9_CM,
  '2.16.840.1.113883.6.12': SYSTEM_CPT,
  '2.16.840.1.113883.6.285': SYSTEM_HCPCS,
  '2.16.840.1.113883.12.292': SYSTEM_CVX,
  'http://terminology.hl7.org/CodeSystem/icd9cm': SYSTEM_ICD9_CM,
  'http://hl7.org/fhir/sid/icd-9': SYSTEM_ICD9_CM,
  'http://www.icd10data.com/icd10pcs': SYSTEM_ICD10_PCS,
  'http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets': SYSTEM_HCPCS,
  'http://www.nlm.nih.gov/research/umls/hcpcs': SYSTEM_HCPCS,
  'https://www.ama-assn.org/go/cpt': SYSTEM_CPT,
};

/** The canonical URI of a code system, whichever name the record or value set gives it. */
export function canonicalSystem(system: string): string {
  const bare = system.startsWith('urn:oid:') ? system.slice('urn:oid:'.length) : system;
  return SYSTEM_ALIASES[bare] ?? system;
}
