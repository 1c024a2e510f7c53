// The concepts the guideline rules ask about when they decide whether a gap is closed or a patient is excluded,
// each the union of the published eCQM value sets that define it (cited by OID and version: `valueSets`) and the
// codes Synthea and the EHRs send beyond them. clinical-concepts.test.ts proves each concept covers its value
// sets; the README lists concept → OID.
import { SYSTEM_LOINC, SYSTEM_SNOMED } from './code-systems.ts';
import { ECQM_VALUE_SET_OIDS as OID } from './ecqm-value-set-oids.ts';
import { DIABETES_SNOMED_CODES, ICD10_DIABETES_PREFIXES } from './condition-codes.ts';
import { LOINC_DXA_T_SCORE } from './lab-codes.ts';
import { concept, unionOf } from './value-set.ts';

// ---- Screening tests (evidence that closes a gap) -------------------------------------------------------------

/** Synthea's and the EHRs' SNOMED CT procedure codes for a mammogram (the value set is LOINC only). */
export const MAMMOGRAPHY = concept({
  name: 'mammography',
  valueSets: [OID.mammography],
  codes: { [SYSTEM_SNOMED]: ['71651007', '24623002', '43204002'] },
});
export const CERVICAL_CYTOLOGY = concept({
  name: 'cervical cytology (Pap test)',
  valueSets: [OID.papTest],
  codes: { [SYSTEM_SNOMED]: ['90226004', '171149006'] },
});
export const HIGH_RISK_HPV_TEST = concept({
  name: 'high-risk HPV test',
  valueSets: [OID.hpvTest],
});
export const COLONOSCOPY = concept({
  name: 'colonoscopy',
  valueSets: [OID.colonoscopy],
});
export const FLEXIBLE_SIGMOIDOSCOPY = concept({
  name: 'flexible sigmoidoscopy',
  valueSets: [OID.flexibleSigmoidoscopy],
});
export const CT_COLONOGRAPHY = concept({ name: 'CT colonography', valueSets: [OID.ctColonography] });
/** FIT and gFOBT; 1015401000000102 is from the SNOMED CT UK extension, as Synthea sends it (as a Procedure). */
export const FECAL_OCCULT_BLOOD_TEST = concept({
  name: 'faecal occult blood test (FIT/gFOBT)',
  valueSets: [OID.fecalOccultBloodTest],
  codes: { [SYSTEM_SNOMED]: ['1015401000000102', '104435004'] },
});
export const STOOL_FIT_DNA = concept({
  name: 'stool FIT-DNA test',
  valueSets: [OID.fitDna],
});
/** USPSTF 2021 lung cancer screening: low-dose chest CT. */
export const LOW_DOSE_CHEST_CT = concept({
  name: 'low-dose chest CT',
  codes: { [SYSTEM_SNOMED]: ['16334891000119106'] },
});
/** USPSTF 2025 (as 2018) osteoporosis screening: DXA scan, or its T-score. */
export const BONE_DENSITY_SCAN = concept({
  name: 'bone density (DXA) scan',
  codes: { [SYSTEM_SNOMED]: ['312681000'], [SYSTEM_LOINC]: [LOINC_DXA_T_SCORE] },
});
/** USPSTF 2020 hepatitis C screening: antibody tests. */
export const HEPATITIS_C_TEST = concept({
  name: 'hepatitis C antibody test',
  codes: { [SYSTEM_SNOMED]: ['104375008'], [SYSTEM_LOINC]: ['13955-0', '16128-1', '11259-9'] },
});
export const HBA1C_TEST = concept({ name: 'HbA1c', valueSets: [OID.hba1cLaboratoryTest] });
export const LDL_CHOLESTEROL_TEST = concept({
  name: 'LDL cholesterol',
  valueSets: [OID.ldlCholesterol],
});

// ---- Conditions and procedures that end a screening -------------------------------------------------------

export const BILATERAL_MASTECTOMY = concept({
  name: 'bilateral mastectomy',
  valueSets: [OID.bilateralMastectomy, OID.historyOfBilateralMastectomy],
});
export const LEFT_MASTECTOMY = concept({
  name: 'left mastectomy',
  valueSets: [OID.unilateralMastectomyLeft, OID.statusPostLeftMastectomy],
});
export const RIGHT_MASTECTOMY = concept({
  name: 'right mastectomy',
  valueSets: [OID.unilateralMastectomyRight, OID.statusPostRightMastectomy],
});
/** A unilateral mastectomy whose side is in its body site. */
export const UNILATERAL_MASTECTOMY_UNSPECIFIED_SIDE = concept({
  name: 'unilateral mastectomy',
  valueSets: [OID.unilateralMastectomyUnspecified],
});
export const LEFT_SIDE = concept({ name: 'left', valueSets: [OID.left] });
export const RIGHT_SIDE = concept({ name: 'right', valueSets: [OID.right] });
/** Hysterectomy with no residual cervix, or a congenital or acquired absence of the cervix. */
export const NO_RESIDUAL_CERVIX = concept({
  name: 'no residual cervix',
  valueSets: [OID.hysterectomyWithNoResidualCervix, OID.absenceOfCervix],
  // "Hysterectomy", type not stated (Synthea's code): most remove the cervix, and records rarely say otherwise.
  codes: { [SYSTEM_SNOMED]: ['236886002'] },
});
export const TOTAL_COLECTOMY = concept({
  name: 'total colectomy',
  valueSets: [OID.totalColectomy, OID.totalColectomyIcd9],
});
export const COLORECTAL_CANCER = concept({
  name: 'colorectal cancer',
  valueSets: [OID.malignantNeoplasmOfColon],
  codes: { [SYSTEM_SNOMED]: ['363406005', '93761005', '109838007', '94260004'] },
  icd10Prefixes: ['C18', 'C19', 'C20'],
});

// ---- Hospice, palliative care, frailty, advanced illness, long-term care --------------------------------

export const HOSPICE_CARE = concept({
  name: 'hospice care',
  valueSets: [OID.hospiceCareAmbulatory, OID.hospiceCareAmbulatoryCms347],
});
export const DISCHARGED_FOR_HOSPICE_CARE = concept({
  name: 'discharged for hospice care',
  valueSets: [OID.dischargedToHomeForHospiceCare, OID.dischargedToFacilityForHospiceCare],
});
export const PALLIATIVE_CARE = concept({
  name: 'palliative care',
  valueSets: [
    OID.palliativeCareEncounter,
    OID.palliativeCareIntervention,
    OID.palliativeOrHospiceCare,
    OID.palliativeCareEncounterDiagnosis,
  ],
  // FACIT-Pal, the palliative care questionnaire CMS's PalliativeCare library counts.
  codes: { [SYSTEM_LOINC]: ['71007-9'] },
});
export const FRAILTY = concept({
  name: 'frailty',
  valueSets: [OID.frailtyDevice, OID.frailtyDiagnosis, OID.frailtyEncounter, OID.frailtySymptom],
});
export const ADVANCED_ILLNESS = concept({ name: 'advanced illness', valueSets: [OID.advancedIllness] });
export const DEMENTIA_MEDICATIONS = concept({
  name: 'dementia medication',
  valueSets: [OID.dementiaMedications],
});
/** An inpatient stay: one with an advanced-illness diagnosis is enough for the frailty exclusion. */
export const INPATIENT_ENCOUNTER = concept({
  name: 'inpatient encounter',
  valueSets: [OID.acuteInpatient, OID.encounterInpatient],
});
export const LONG_TERM_CARE_ENCOUNTER = concept({
  name: 'long-term care',
  valueSets: [OID.careServicesInLongTermResidentialFacility, OID.nursingFacilityVisit],
});

// ---- Cardiovascular (ACC/AHA 2018 cholesterol guideline; CMS347) ---------------------------------------

const ASCVD_DIAGNOSIS = concept({
  name: 'clinical ASCVD',
  valueSets: [
    OID.myocardialInfarction,
    OID.cerebrovascularDiseaseStrokeTia,
    OID.atherosclerosisAndPad,
    OID.ischemicHeartDisease,
    OID.stableAndUnstableAngina,
  ],
  codes: {
    [SYSTEM_SNOMED]: [
      '53741008', // Coronary arteriosclerosis ("Coronary Heart Disease" in Synthea)
      '414545008', // Ischemic heart disease
      '22298006', // Myocardial infarction
      '401303003', // Acute ST segment elevation myocardial infarction
      '401314000', // Acute non-ST segment elevation myocardial infarction
      '399211009', // History of myocardial infarction
      '194828000', // Angina
      '230690007', // Cerebrovascular accident (stroke)
      '422504002', // Ischemic stroke
      '266257000', // Transient ischemic attack
      '399957001', // Peripheral arterial occlusive disease
      '840580004', // Peripheral arterial disease
    ],
  },
  icd10Prefixes: ['I20', 'I21', 'I22', 'I23', 'I24', 'I25', 'I63', 'I70.2', 'I73.9', 'G45', 'Z86.73'],
});
const ASCVD_PROCEDURE = concept({
  name: 'coronary or carotid revascularisation',
  valueSets: [OID.pci, OID.cabgSurgeries, OID.carotidIntervention, OID.cabgPciProcedure],
});
/** Clinical ASCVD: a diagnosis (MI, stroke or TIA, IHD, angina, atherosclerosis and PAD) or a revascularisation. */
export const ATHEROSCLEROTIC_CVD = unionOf('clinical ASCVD', [ASCVD_DIAGNOSIS, ASCVD_PROCEDURE]);
export const FAMILIAL_HYPERCHOLESTEROLEMIA = concept({
  name: 'familial hypercholesterolaemia',
  valueSets: [OID.familialHypercholesterolemia],
});
export const STATIN_THERAPY = concept({
  name: 'statin therapy',
  valueSets: [
    OID.lowIntensityStatinTherapy,
    OID.moderateIntensityStatinTherapy,
    OID.highIntensityStatinTherapy,
  ],
});
/** CMS347's exclusions: a statin is contraindicated or not indicated during pregnancy, breastfeeding, rhabdomyolysis. */
export const PREGNANCY = concept({ name: 'pregnancy', valueSets: [OID.pregnancy] });
export const BREASTFEEDING = concept({ name: 'breastfeeding', valueSets: [OID.breastfeeding] });
export const RHABDOMYOLYSIS = concept({ name: 'rhabdomyolysis', valueSets: [OID.rhabdomyolysis] });
/** CMS347's exceptions: a statin may be unsafe (allergy, muscle symptoms, liver disease, ESRD). */
export const STATIN_ALLERGEN = concept({ name: 'statin allergy', valueSets: [OID.statinAllergen] });
export const STATIN_ASSOCIATED_MUSCLE_SYMPTOMS = concept({
  name: 'statin-associated muscle symptoms',
  valueSets: [OID.statinAssociatedMuscleSymptoms],
});
export const END_STAGE_RENAL_DISEASE = concept({
  name: 'end-stage renal disease',
  valueSets: [OID.endStageRenalDisease],
});
export const HEPATITIS_OR_LIVER_DISEASE = concept({
  name: 'hepatitis A or B, or liver disease',
  valueSets: [OID.hepatitisA, OID.hepatitisB, OID.liverDisease],
});

// ---- Diabetes (ADA Standards of Care; CMS122, CMS347) --------------------------------------------------

/** The eCQM Diabetes value set with Synthea's SNOMED CT codes and ICD-10-CM E08–E13. */
export const DIABETES_MELLITUS = concept({
  name: 'diabetes mellitus',
  valueSets: [OID.diabetes],
  codes: { [SYSTEM_SNOMED]: [...DIABETES_SNOMED_CODES, '190330002', '190331003'] },
  icd10Prefixes: ICD10_DIABETES_PREFIXES,
});
