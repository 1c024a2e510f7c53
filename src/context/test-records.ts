// Test-only: small hand-made records for the context's unit tests, with the shapes real EHRs and Synthea send
// (panels with components, unit variants, contradictory problem lists, sensitive items linked by reference).
import type {
  AllergyIntolerance,
  Condition,
  DiagnosticReport,
  Encounter,
  FamilyMemberHistory,
  Immunization,
  MedicationRequest,
  Observation,
  Patient,
  Procedure,
} from 'fhir/r4';
import { EMPTY_PATIENT_RECORD, type PatientRecord } from '../record/patient-record.ts';
import { SYSTEM_LOINC, SYSTEM_RXNORM, SYSTEM_SNOMED } from '../terminology/code-systems.ts';

export const TEST_NOW_MS = Date.parse('2021-06-01T00:00:00Z');
const SUBJECT = { reference: 'Patient/p1' };

export const TEST_PATIENT: Patient = {
  resourceType: 'Patient',
  id: 'p1',
  name: [{ family: 'Quigleyson', given: ['Renea', 'Maybelle'] }],
  identifier: [{ system: 'http://hospital.example.org/mrn', value: 'MRN-7781234' }],
  telecom: [{ system: 'phone', value: '555-201-3344' }],
  gender: 'female',
  birthDate: '1957-12-26',
  address: [{ line: ['12 Orchard Lane'], city: 'Springfield', state: 'Massachusetts', postalCode: '01101' }],
};

export function condition(
  id: string,
  code: string,
  display: string,
  onset: string,
  extra: Partial<Condition> = {},
): Condition {
  return {
    resourceType: 'Condition',
    id,
    subject: SUBJECT,
    clinicalStatus: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }],
    },
    verificationStatus: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: 'confirmed' }],
    },
    code: { coding: [{ system: SYSTEM_SNOMED, code, display }], text: display },
    onsetDateTime: onset,
    ...extra,
  };
}

export function resolved(
  id: string,
  code: string,
  display: string,
  onset: string,
  abatement: string,
): Condition {
  return condition(id, code, display, onset, {
    clinicalStatus: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'resolved' }],
    },
    abatementDateTime: abatement,
  });
}

export function medication(
  id: string,
  rxnorm: string,
  display: string,
  authoredOn: string,
  extra: Partial<MedicationRequest> = {},
): MedicationRequest {
  return {
    resourceType: 'MedicationRequest',
    id,
    status: 'active',
    intent: 'order',
    subject: SUBJECT,
    medicationCodeableConcept: { coding: [{ system: SYSTEM_RXNORM, code: rxnorm, display }], text: display },
    authoredOn,
    ...extra,
  };
}

export function lab(
  id: string,
  loinc: string,
  display: string,
  date: string,
  value: number,
  unit: string,
  extra: Partial<Observation> = {},
): Observation {
  return {
    resourceType: 'Observation',
    id,
    status: 'final',
    category: [
      {
        coding: [
          { system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'laboratory' },
        ],
      },
    ],
    code: { coding: [{ system: SYSTEM_LOINC, code: loinc, display }], text: display },
    subject: SUBJECT,
    effectiveDateTime: date,
    valueQuantity: { value, unit, system: 'http://unitsofmeasure.org', code: unit },
    ...extra,
  };
}

export function encounter(
  id: string,
  classCode: string,
  type: string,
  start: string,
  extra: Partial<Encounter> = {},
): Encounter {
  return {
    resourceType: 'Encounter',
    id,
    status: 'finished',
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: classCode },
    type: [{ text: type }],
    subject: SUBJECT,
    period: { start, end: start },
    ...extra,
  };
}

export function procedure(
  id: string,
  code: string,
  display: string,
  date: string,
  extra: Partial<Procedure> = {},
): Procedure {
  return {
    resourceType: 'Procedure',
    id,
    status: 'completed',
    code: { coding: [{ system: SYSTEM_SNOMED, code, display }], text: display },
    subject: SUBJECT,
    performedDateTime: date,
    ...extra,
  };
}

export function allergy(
  id: string,
  display: string,
  extra: Partial<AllergyIntolerance> = {},
): AllergyIntolerance {
  return {
    resourceType: 'AllergyIntolerance',
    id,
    patient: SUBJECT,
    clinicalStatus: { coding: [{ code: 'active' }] },
    verificationStatus: { coding: [{ code: 'confirmed' }] },
    code: { text: display },
    recordedDate: '2015-03-01',
    ...extra,
  };
}

export function immunization(id: string, cvx: string, display: string, date: string): Immunization {
  return {
    resourceType: 'Immunization',
    id,
    status: 'completed',
    vaccineCode: { coding: [{ system: 'http://hl7.org/fhir/sid/cvx', code: cvx, display }], text: display },
    patient: SUBJECT,
    occurrenceDateTime: date,
  };
}

/** A diabetic CKD patient with the record problems the context must show: two CKD stages, prediabetes beside diabetes, implausible HbA1c. */
export function diabeticCkdRecord(extra: Partial<PatientRecord> = {}): PatientRecord {
  const prenatal = encounter('enc-prenatal', 'AMB', 'Prenatal visit', '2019-04-01T10:00:00Z', {
    reasonCode: [{ text: 'Normal pregnancy' }],
  });
  const pregnancy = condition('c-pregnancy', '72892002', 'Normal pregnancy', '2019-03-01');
  const imaging: DiagnosticReport = {
    resourceType: 'DiagnosticReport',
    id: 'dr-xray',
    status: 'final',
    category: [
      {
        coding: [
          { system: 'http://terminology.hl7.org/CodeSystem/v2-0074', code: 'RAD', display: 'Radiology' },
        ],
      },
    ],
    code: { text: 'Chest X-ray' },
    effectiveDateTime: '2021-05-01',
    conclusion: 'Mild cardiomegaly. Compared with study of 2019-02-03. Dictated for Renea Quigleyson.',
    conclusionCode: [{ coding: [{ system: SYSTEM_SNOMED, code: '8186001', display: 'Cardiomegaly' }] }],
  };
  const labPanel: DiagnosticReport = {
    resourceType: 'DiagnosticReport',
    id: 'dr-bmp',
    status: 'final',
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0074', code: 'LAB' }] }],
    code: { text: 'Basic Metabolic Panel' },
    effectiveDateTime: '2021-05-01',
  };
  const family: FamilyMemberHistory = {
    resourceType: 'FamilyMemberHistory',
    id: 'fh-mother',
    status: 'completed',
    patient: SUBJECT,
    relationship: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-RoleCode', code: 'MTH' }] },
    condition: [
      {
        code: { text: 'Breast cancer' },
        onsetAge: { value: 45, unit: 'yr', system: 'http://unitsofmeasure.org', code: 'a' },
      },
      { code: { text: 'Major depressive disorder' } },
    ],
  };
  return {
    ...EMPTY_PATIENT_RECORD,
    patient: TEST_PATIENT,
    conditions: [
      condition('c-dm', '44054006', 'Diabetes', '1995-05-01'),
      condition('c-prediabetes', '15777000', 'Prediabetes', '1990-05-01'),
      condition('c-ckd1', '431855005', 'Chronic kidney disease stage 1 (disorder)', '2010-01-01'),
      condition('c-ckd2', '431856006', 'Chronic kidney disease stage 2 (disorder)', '2015-01-01'),
      condition('c-htn', '38341003', 'Hypertension', '1995-05-01'),
      condition('c-alcohol', '7200002', 'Alcoholism', '2000-01-01'),
      resolved('c-sinus-1', '444814009', 'Viral sinusitis (disorder)', '2005-01-01', '2005-01-15'),
      resolved('c-sinus-2', '444814009', 'Viral sinusitis (disorder)', '2012-01-01', '2012-01-20'),
      resolved('c-sinus-3', '444814009', 'Viral sinusitis (disorder)', '2019-01-01', '2019-01-10'),
      condition('c-refuted', '195967001', 'Asthma', '2001-01-01', {
        verificationStatus: { coding: [{ code: 'refuted' }] },
      }),
      { ...pregnancy, clinicalStatus: { coding: [{ code: 'resolved' }] }, abatementDateTime: '2019-11-01' },
    ],
    medicationRequests: [
      medication(
        'm-metformin',
        '860975',
        '24 HR Metformin hydrochloride 500 MG Extended Release Oral Tablet',
        '2021-01-10T00:00:00Z',
        {
          dosageInstruction: [
            {
              timing: { repeat: { frequency: 2, period: 1, periodUnit: 'd' } },
              doseAndRate: [{ doseQuantity: { value: 1 } }],
              text: 'Take with food, call Renea at 555-201-3344',
            },
          ],
        },
      ),
      medication('m-hctz', '316049', 'Hydrochlorothiazide 25 MG', '2016-01-01T00:00:00Z'),
      medication('m-old', '309097', 'Cefuroxime 250 MG Oral Tablet', '2012-01-01T00:00:00Z', {
        status: 'stopped',
      }),
      medication('m-jolivette', '757594', 'Jolivette 28 Day Pack', '2018-01-01T00:00:00Z'),
      medication('m-prenatal', '999999', 'Prenatal vitamin tablet', '2019-04-01T00:00:00Z', {
        encounter: { reference: 'Encounter/enc-prenatal' },
      }),
    ],
    observations: [
      lab('o-a1c-1', '4548-4', 'Hemoglobin A1c/Hemoglobin.total in Blood', '2019-05-01', 7.1, '%'),
      lab('o-a1c-2', '4548-4', 'Hemoglobin A1c/Hemoglobin.total in Blood', '2020-05-01', 7.4, '%'),
      lab('o-a1c-3', '4548-4', 'Hemoglobin A1c/Hemoglobin.total in Blood', '2021-05-01', 2.9, '%'),
      lab(
        'o-egfr',
        '33914-3',
        'Glomerular filtration rate/1.73 sq M.predicted',
        '2021-05-01',
        142.8,
        'mL/min',
      ),
      lab('o-creat', '38483-4', 'Creatinine', '2021-05-01', 1.5, 'mg/dL'),
      lab('o-hiv', '75622-1', 'HIV 1+2 Ab+Ag [Presence] in Serum', '2019-04-01', 0, '{index}', {
        encounter: { reference: 'Encounter/enc-prenatal' },
      }),
      lab('o-hgb-prenatal', '718-7', 'Hemoglobin [Mass/volume] in Blood', '2019-04-01', 12.1, 'g/dL', {
        encounter: { reference: 'Encounter/enc-prenatal' },
      }),
      lab(
        'o-old-psa',
        '2857-1',
        'Prostate specific Ag [Mass/volume] in Serum or Plasma',
        '2010-01-01',
        1.2,
        'ng/mL',
        { note: [{ text: 'Drawn by Dr. Smith on 01/01/2010' }] },
      ),
      {
        resourceType: 'Observation',
        id: 'o-weight-prenatal',
        status: 'final',
        category: [{ coding: [{ code: 'vital-signs' }] }],
        code: { coding: [{ system: SYSTEM_LOINC, code: '29463-7' }] },
        effectiveDateTime: '2019-04-01',
        encounter: { reference: 'Encounter/enc-prenatal' },
        valueQuantity: { value: 70, unit: 'kg' },
      },
    ],
    allergies: [
      allergy('a-latex', 'Latex allergy', { criticality: 'low', category: ['environment'] }),
      allergy('a-peanut', 'Allergy to peanuts', {
        criticality: 'high',
        category: ['food'],
        reaction: [
          {
            manifestation: [{ text: 'Anaphylaxis' }],
            severity: 'severe',
            description: 'Collapsed at the Springfield diner',
          },
        ],
      }),
      allergy('a-refuted', 'Penicillin allergy', { verificationStatus: { coding: [{ code: 'refuted' }] } }),
    ],
    procedures: [
      procedure('x-colonoscopy', '73761001', 'Colonoscopy', '2018-06-01'),
      procedure('x-medrec-1', '430193006', 'Medication Reconciliation (procedure)', '2020-06-01'),
      procedure('x-medrec-2', '430193006', 'Medication Reconciliation (procedure)', '2021-05-01'),
      procedure('x-hiv-test', '31676001', 'Human immunodeficiency virus antigen test', '2019-04-01'),
      procedure('x-fetal', '123', 'Auscultation', '2019-04-01', {
        reasonReference: [{ reference: 'Condition/c-pregnancy' }],
      }),
    ],
    encounters: [
      encounter('enc-1', 'AMB', 'Encounter for check up', '2021-05-01T10:00:00Z'),
      encounter('enc-2', 'EMER', 'Emergency room admission', '2020-02-01T10:00:00Z'),
      encounter('enc-3', 'AMB', 'Encounter for check up', '2012-02-01T10:00:00Z'),
      prenatal,
    ],
    immunizations: [
      immunization('i-flu-1', '140', 'Influenza, seasonal, injectable, preservative free', '2020-10-01'),
      immunization('i-flu-2', '140', 'Influenza, seasonal, injectable, preservative free', '2019-10-01'),
    ],
    diagnosticReports: [imaging, labPanel],
    familyMemberHistory: [family],
    ...extra,
  };
}
