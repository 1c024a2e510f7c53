// Medications. Drug classes are sets of normalized ingredient names, not codes: Synthea, Epic and Oracle Health
// send product-level RxNorm codes (SCD/SBD), so an ingredient code list would miss them; the name is matched
// instead. RxNorm ingredient (TTY IN) codes are kept as well, for records that carry them.

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
