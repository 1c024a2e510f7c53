// The codes and drug classes the guideline rules match on, as named constants. Conditions match by SNOMED CT
// code or ICD-10-CM prefix; observations by LOINC; drugs by normalized ingredient name (Synthea, Epic and Oracle
// Health send product-level RxNorm codes — SCD/SBD — so an ingredient code list would miss them), with RxNorm
// ingredient (IN) codes as well for records that carry them.
import {
  EGFR_CODES,
  SYSTEM_ICD10,
  SYSTEM_ICD10_CM,
  SYSTEM_RXNORM,
  SYSTEM_SNOMED,
} from '../../context/clinical-codes.ts';
import type { CodeRef } from '../../context/clinical-context.ts';

export interface ConditionCodes {
  readonly snomed: ReadonlySet<string>;
  /** ICD-10-CM codes or category prefixes ("E11" matches E11.9). */
  readonly icd10Prefixes: readonly string[];
}

export function matchesCondition(codes: readonly CodeRef[], set: ConditionCodes): boolean {
  return codes.some(
    (code) =>
      (code.system === SYSTEM_SNOMED && set.snomed.has(code.code)) ||
      ((code.system === SYSTEM_ICD10_CM || code.system === SYSTEM_ICD10) &&
        set.icd10Prefixes.some((prefix) => code.code.startsWith(prefix))),
  );
}

export function matchesSnomed(codes: readonly CodeRef[], set: ReadonlySet<string>): boolean {
  return codes.some((code) => code.system === SYSTEM_SNOMED && set.has(code.code));
}

// ---- Conditions -------------------------------------------------------------------------------------------

/** Diabetes mellitus (type 2 44054006, type 1 46635009, unspecified 73211009, …); ICD-10-CM E08–E13. */
export const DIABETES: ConditionCodes = {
  snomed: new Set(['44054006', '46635009', '73211009', '313436004', '190330002', '190331003']),
  icd10Prefixes: ['E08', 'E09', 'E10', 'E11', 'E13'],
};

/** Chronic kidney disease, any or unstated stage (709044004, stages 1–5); ICD-10-CM N18. */
export const CHRONIC_KIDNEY_DISEASE: ConditionCodes = {
  snomed: new Set([
    '709044004',
    '431855005',
    '431856006',
    '433144002',
    '700378005',
    '700379002',
    '431857002',
    '433146000',
    '46177005',
  ]),
  icd10Prefixes: ['N18'],
};

/** Clinical ASCVD (ACC/AHA 2018 cholesterol guideline): coronary heart disease, MI, angina, stroke, TIA, PAD. */
export const ATHEROSCLEROTIC_CVD: ConditionCodes = {
  snomed: new Set([
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
  ]),
  icd10Prefixes: ['I20', 'I21', 'I22', 'I23', 'I24', 'I25', 'I63', 'I70.2', 'I73.9', 'G45', 'Z86.73'],
};

export const HYPERTENSION: ConditionCodes = {
  snomed: new Set(['38341003', '59621000', '1201005']),
  icd10Prefixes: ['I10', 'I11', 'I12', 'I13', 'I15', 'I16'],
};

export const DYSLIPIDEMIA: ConditionCodes = {
  snomed: new Set(['55822004', '13644009', '370992007', '302870006']),
  icd10Prefixes: ['E78'],
};

export const OSTEOPOROSIS: ConditionCodes = { snomed: new Set(['64859006']), icd10Prefixes: ['M80', 'M81'] };

export const HEPATITIS_C: ConditionCodes = {
  snomed: new Set(['50711007', '128302006', '235866006']),
  icd10Prefixes: ['B17.1', 'B18.2', 'B19.2'],
};

export const COLORECTAL_CANCER: ConditionCodes = {
  snomed: new Set(['363406005', '93761005', '109838007', '94260004']),
  icd10Prefixes: ['C18', 'C19', 'C20'],
};

export const BREAST_CANCER: ConditionCodes = {
  snomed: new Set(['254837009', '372064008']),
  icd10Prefixes: ['C50'],
};

export const CERVICAL_CANCER: ConditionCodes = { snomed: new Set(['363354003']), icd10Prefixes: ['C53'] };

export const ABDOMINAL_AORTIC_ANEURYSM: ConditionCodes = {
  snomed: new Set(['233985008']),
  icd10Prefixes: ['I71.3', 'I71.4'],
};

export const LUNG_CANCER: ConditionCodes = {
  snomed: new Set(['363358000', '254637007', '254632001', '424132000']),
  icd10Prefixes: ['C34'],
};

/** Hysterectomy with removal of the cervix: no cervical screening after it (USPSTF 2018). */
export const SNOMED_HYSTERECTOMY: ReadonlySet<string> = new Set(['236886002', '116140006', '116144002']);
/** Total colectomy: no colorectal screening after it (USPSTF 2021). */
export const SNOMED_TOTAL_COLECTOMY: ReadonlySet<string> = new Set(['26390003', '307666008']);

// ---- Observations ----------------------------------------------------------------------------------------

/** eGFR by any equation and LOINC (33914-3, 62238-1 CKD-EPI, 98979-8 CKD-EPI 2021, 48642-3/48643-1 MDRD, …). */
export { EGFR_CODES };
export const LOINC_EGFR = '33914-3';
export const LOINC_EGFR_CKD_EPI = '62238-1';
export const LOINC_EGFR_CKD_EPI_2021 = '98979-8';
/** Urine albumin/creatinine ratio (14959-1 microalbumin/creatinine, 9318-7, 32294-1). */
export const UACR_CODES: ReadonlySet<string> = new Set(['14959-1', '9318-7', '32294-1']);
export const POTASSIUM_CODES: ReadonlySet<string> = new Set(['6298-4', '2823-3']);
export const SODIUM_CODES: ReadonlySet<string> = new Set(['2947-0', '2951-2']);
export const HBA1C_CODES: ReadonlySet<string> = new Set(['4548-4', '17856-6']);
export const CREATININE_CODES: ReadonlySet<string> = new Set(['38483-4', '2160-0']);
export const LDL_CODES: ReadonlySet<string> = new Set(['18262-6', '13457-7', '2089-1']);
/** INR (6301-6; 34714-6 and 46418-0 point-of-care). */
export const INR_CODES: ReadonlySet<string> = new Set(['6301-6', '34714-6', '46418-0']);
/** QTc interval (8636-3; 8601-7 by automated ECG). */
export const QTC_CODES: ReadonlySet<string> = new Set(['8636-3', '8601-7']);
export const LOINC_BODY_WEIGHT = '29463-7';
export const BODY_WEIGHT_CODES: ReadonlySet<string> = new Set([LOINC_BODY_WEIGHT]);

// ---- Medications: ingredient classes -------------------------------------------------------------------

export const ACE_INHIBITORS: ReadonlySet<string> = new Set([
  'benazepril',
  'captopril',
  'enalapril',
  'fosinopril',
  'lisinopril',
  'moexipril',
  'perindopril',
  'quinapril',
  'ramipril',
  'trandolapril',
]);
export const ANGIOTENSIN_RECEPTOR_BLOCKERS: ReadonlySet<string> = new Set([
  'azilsartan',
  'candesartan',
  'eprosartan',
  'irbesartan',
  'losartan',
  'olmesartan',
  'telmisartan',
  'valsartan',
]);
export const MINERALOCORTICOID_ANTAGONISTS: ReadonlySet<string> = new Set([
  'spironolactone',
  'eplerenone',
  'finerenone',
]);
export const LOOP_DIURETICS: ReadonlySet<string> = new Set([
  'furosemide',
  'bumetanide',
  'torsemide',
  'ethacrynic acid',
]);
export const THIAZIDE_DIURETICS: ReadonlySet<string> = new Set([
  'hydrochlorothiazide',
  'chlorthalidone',
  'chlorothiazide',
  'indapamide',
  'metolazone',
]);
export const DIURETICS: ReadonlySet<string> = new Set([
  ...LOOP_DIURETICS,
  ...THIAZIDE_DIURETICS,
  ...MINERALOCORTICOID_ANTAGONISTS,
  'amiloride',
  'triamterene',
]);
/** Systemic NSAIDs (low-dose aspirin is left out: it is given for its antiplatelet effect). */
export const NSAIDS: ReadonlySet<string> = new Set([
  'ibuprofen',
  'naproxen',
  'diclofenac',
  'celecoxib',
  'meloxicam',
  'indomethacin',
  'ketorolac',
  'etodolac',
  'nabumetone',
  'piroxicam',
  'sulindac',
  'ketoprofen',
  'flurbiprofen',
  'oxaprozin',
  'diflunisal',
  'mefenamic acid',
]);
export const STATINS: ReadonlySet<string> = new Set([
  'atorvastatin',
  'rosuvastatin',
  'simvastatin',
  'pravastatin',
  'lovastatin',
  'fluvastatin',
  'pitavastatin',
]);
export const METFORMIN = 'metformin';
export const WARFARIN = 'warfarin';
export const DIGOXIN = 'digoxin';
export const NITROFURANTOIN = 'nitrofurantoin';
export const APIXABAN = 'apixaban';
export const RIVAROXABAN = 'rivaroxaban';
export const DABIGATRAN = 'dabigatran';
export const EDOXABAN = 'edoxaban';
export const DIRECT_ORAL_ANTICOAGULANTS: ReadonlySet<string> = new Set([
  APIXABAN,
  RIVAROXABAN,
  DABIGATRAN,
  'dabigatran etexilate',
  EDOXABAN,
]);
/**
 * Drugs that raise digoxin levels enough to matter (digoxin FDA label; 2023 ACC/AHA/ACCP/HRS AF guideline):
 * amiodarone and dronedarone, verapamil, quinidine.
 */
export const DIGOXIN_INTERACTING: ReadonlySet<string> = new Set([
  'verapamil',
  'amiodarone',
  'dronedarone',
  'quinidine',
]);
/**
 * Drugs with a known risk of torsades de pointes (CredibleMeds QTdrugs "Known Risk of TdP" list, as of 2024),
 * the ones common in primary care and cardiology.
 */
export const QT_PROLONGING: ReadonlySet<string> = new Set([
  'amiodarone',
  'sotalol',
  'dofetilide',
  'dronedarone',
  'quinidine',
  'procainamide',
  'disopyramide',
  'flecainide',
  'haloperidol',
  'chlorpromazine',
  'thioridazine',
  'pimozide',
  'droperidol',
  'citalopram',
  'escitalopram',
  'methadone',
  'ondansetron',
  'azithromycin',
  'clarithromycin',
  'erythromycin',
  'levofloxacin',
  'moxifloxacin',
  'ciprofloxacin',
  'fluconazole',
  'hydroxychloroquine',
  'chloroquine',
  'donepezil',
  'pentamidine',
]);
/** Osteoporosis treatment: screening is moot once treated. */
export const OSTEOPOROSIS_DRUGS: ReadonlySet<string> = new Set([
  'alendronic acid',
  'alendronate',
  'risedronate',
  'ibandronate',
  'zoledronic acid',
  'denosumab',
  'raloxifene',
  'teriparatide',
  'abaloparatide',
  'romosozumab',
]);

/** Classes in which two drugs at once is a duplication worth a look (ISMP; AGS Beers Criteria 2023). */
export const DUPLICATE_CLASSES: readonly {
  readonly name: string;
  readonly ingredients: ReadonlySet<string>;
}[] = [
  { name: 'ACE inhibitors', ingredients: ACE_INHIBITORS },
  { name: 'angiotensin receptor blockers', ingredients: ANGIOTENSIN_RECEPTOR_BLOCKERS },
  { name: 'statins', ingredients: STATINS },
  { name: 'NSAIDs', ingredients: NSAIDS },
  { name: 'anticoagulants', ingredients: new Set([WARFARIN, ...DIRECT_ORAL_ANTICOAGULANTS]) },
  { name: 'loop diuretics', ingredients: LOOP_DIURETICS },
  {
    name: 'dihydropyridine calcium channel blockers',
    ingredients: new Set(['amlodipine', 'nifedipine', 'felodipine', 'nicardipine', 'isradipine']),
  },
  { name: 'non-dihydropyridine calcium channel blockers', ingredients: new Set(['verapamil', 'diltiazem']) },
  {
    name: 'beta blockers',
    ingredients: new Set([
      'metoprolol',
      'atenolol',
      'carvedilol',
      'bisoprolol',
      'propranolol',
      'nebivolol',
      'labetalol',
    ]),
  },
  {
    name: 'proton pump inhibitors',
    ingredients: new Set(['omeprazole', 'esomeprazole', 'pantoprazole', 'lansoprazole', 'rabeprazole']),
  },
  {
    name: 'SSRIs',
    ingredients: new Set([
      'citalopram',
      'escitalopram',
      'fluoxetine',
      'paroxetine',
      'sertraline',
      'fluvoxamine',
    ]),
  },
  { name: 'sulfonylureas', ingredients: new Set(['glipizide', 'glyburide', 'glimepiride']) },
  { name: 'P2Y12 inhibitors', ingredients: new Set(['clopidogrel', 'prasugrel', 'ticagrelor']) },
];

/**
 * RxNorm ingredient (TTY IN) RXCUIs of the drugs the rules single out, for records that code the ingredient;
 * product codes (SCD/SBD) are matched through the name instead.
 */
export const RXNORM_INGREDIENTS: Readonly<Record<string, string>> = {
  '6809': METFORMIN,
  '11289': WARFARIN,
  '3407': DIGOXIN,
  '11170': 'verapamil',
  '703': 'amiodarone',
  '29046': 'lisinopril',
  '52175': 'losartan',
  '36567': 'simvastatin',
  '83367': 'atorvastatin',
  '4603': 'furosemide',
  '5487': 'hydrochlorothiazide',
  '5640': 'ibuprofen',
  '7258': 'naproxen',
  '9997': 'spironolactone',
};

export function rxnormIngredientsOf(codes: readonly CodeRef[]): string[] {
  return codes.flatMap((code) => {
    const ingredient = code.system === SYSTEM_RXNORM ? RXNORM_INGREDIENTS[code.code] : undefined;
    return ingredient === undefined ? [] : [ingredient];
  });
}

// ---- Screening evidence (USPSTF) ------------------------------------------------------------------------

export interface ScreeningEvidence {
  /** Procedure or DiagnosticReport SNOMED CT codes. */
  readonly snomed: ReadonlySet<string>;
  /** Observation or DiagnosticReport LOINC codes. */
  readonly loinc: ReadonlySet<string>;
}
