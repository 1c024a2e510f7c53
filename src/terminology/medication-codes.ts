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

// ---- Drug–drug interactions (src/reasoning/rules/drug-interactions.ts) ------------------------------------
// Where a set copies the membership the ONC high-priority list suggests (Phansalkar et al., JAMIA
// 2012;19:735–743, Table 2) it says so; where that table gives a class without members, or we could not read its
// members, the set says which reference it follows instead.

/** Phansalkar 2012 Table 2, MAO inhibitors (selegiline kept, as the table keeps it, despite its MAO-B selectivity). */
export const MAO_INHIBITORS: ReadonlySet<string> = new Set([
  'tranylcypromine',
  'phenelzine',
  'isocarboxazid',
  'procarbazine',
  'selegiline',
]);
/** Phansalkar 2012 Table 2, amphetamine derivatives (with the salt forms RxNorm names keep). */
export const AMPHETAMINE_DERIVATIVES: ReadonlySet<string> = new Set([
  'dexmethylphenidate',
  'dextroamphetamine',
  'methylphenidate',
  'lisdexamfetamine',
  'lisdexamfetamine dimesylate',
  'methamphetamine',
  'phendimetrazine',
  'pseudoephedrine',
  'amphetamine',
  'amphetamine aspartate',
  'benzphetamine',
  'diethylpropion',
  'phentermine',
  'atomoxetine',
]);
/** Phansalkar 2012 Table 2, proton pump inhibitors (dexlansoprazole added by the panel). */
export const PROTON_PUMP_INHIBITORS: ReadonlySet<string> = new Set([
  'omeprazole',
  'esomeprazole',
  'lansoprazole',
  'dexlansoprazole',
  'pantoprazole',
  'rabeprazole',
]);
export const ATAZANAVIR = 'atazanavir';
export const FEBUXOSTAT = 'febuxostat';
export const THIOPURINES: ReadonlySet<string> = new Set(['azathioprine', 'mercaptopurine']);
/**
 * Serotonergic antidepressants: the SSRIs and SNRIs Phansalkar 2012 Table 2 lists for the MAO inhibitor pair
 * (fluoxetine, paroxetine, citalopram, escitalopram, sertraline, fluvoxamine, duloxetine, nefazodone,
 * desvenlafaxine, milnacipran); venlafaxine and vilazodone added by us (the panel widened the class to
 * "serotonergic agents"; both labels contraindicate MAO inhibitors).
 */
export const SEROTONERGIC_ANTIDEPRESSANTS: ReadonlySet<string> = new Set([
  'fluoxetine',
  'paroxetine',
  'citalopram',
  'escitalopram',
  'sertraline',
  'fluvoxamine',
  'duloxetine',
  'nefazodone',
  'desvenlafaxine',
  'milnacipran',
  'venlafaxine',
  'vilazodone',
]);
/** Tricyclic antidepressants (our membership: the US-marketed tricyclics). */
export const TRICYCLIC_ANTIDEPRESSANTS: ReadonlySet<string> = new Set([
  'amitriptyline',
  'nortriptyline',
  'imipramine',
  'desipramine',
  'clomipramine',
  'doxepin',
  'protriptyline',
  'trimipramine',
  'amoxapine',
]);
/** Opioids with serotonergic or MAOI-labelled reactions (our membership: the opioid labels' MAOI warnings). */
export const MAOI_INTERACTING_OPIOIDS: ReadonlySet<string> = new Set([
  'meperidine',
  'methadone',
  'tramadol',
  'tapentadol',
  'fentanyl',
  'dextromethorphan',
]);
/**
 * Triptans whose labels contraindicate MAO-A inhibitors (sumatriptan, rizatriptan, zolmitriptan); the others
 * are not metabolized by MAO-A and are left out (our choice).
 */
export const MAOI_CONTRAINDICATED_TRIPTANS: ReadonlySet<string> = new Set([
  'sumatriptan',
  'rizatriptan',
  'zolmitriptan',
]);
export const IRINOTECAN = 'irinotecan';
export const RAMELTEON = 'ramelteon';
export const TIZANIDINE = 'tizanidine';
export const TRANYLCYPROMINE = 'tranylcypromine';
export const PROCARBAZINE = 'procarbazine';
/** FDA "Drug Development and Drug Interactions" table: strong CYP1A2 inhibitors (enoxacin is off the US market). */
export const STRONG_CYP1A2_INHIBITORS: ReadonlySet<string> = new Set(['fluvoxamine', 'ciprofloxacin']);
/** HIV protease inhibitors, and the boosters cobicistat and ritonavir. */
export const HIV_PROTEASE_INHIBITORS: ReadonlySet<string> = new Set([
  'atazanavir',
  'darunavir',
  'fosamprenavir',
  'indinavir',
  'lopinavir',
  'nelfinavir',
  'ritonavir',
  'saquinavir',
  'tipranavir',
  'cobicistat',
]);
/** FDA "Drug Development and Drug Interactions" table: strong CYP3A inhibitors, those still marketed. */
export const STRONG_CYP3A4_INHIBITORS: ReadonlySet<string> = new Set([
  'ketoconazole',
  'itraconazole',
  'voriconazole',
  'posaconazole',
  'clarithromycin',
  'telithromycin',
  'nefazodone',
  'idelalisib',
  'ritonavir',
  'cobicistat',
  'indinavir',
  'nelfinavir',
  'saquinavir',
  'lopinavir',
  'tipranavir',
]);
/** FDA table: strong CYP3A inducers (St John's wort under the names a record may give it). */
export const STRONG_CYP3A4_INDUCERS: ReadonlySet<string> = new Set([
  'rifampin',
  'rifampicin',
  'rifapentine',
  'carbamazepine',
  'phenytoin',
  'phenobarbital',
  "st. john's wort",
  "st john's wort",
  'hypericum perforatum',
]);
export const ERGOT_ALKALOIDS: ReadonlySet<string> = new Set([
  'ergotamine',
  'dihydroergotamine',
  'methylergonovine',
  'ergonovine',
  'methysergide',
]);
export const SIMVASTATIN = 'simvastatin';
export const LOVASTATIN = 'lovastatin';
export const AMLODIPINE = 'amlodipine';
export const DILTIAZEM = 'diltiazem';
export const VERAPAMIL = 'verapamil';
export const CLOPIDOGREL = 'clopidogrel';
/** Antiplatelet drugs that add bleeding to an anticoagulant: aspirin and the P2Y12 inhibitors. */
export const ANTIPLATELETS: ReadonlySet<string> = new Set([
  'aspirin',
  'clopidogrel',
  'prasugrel',
  'ticagrelor',
  'dipyridamole',
  'cilostazol',
]);
export const ORAL_ANTICOAGULANTS: ReadonlySet<string> = new Set([WARFARIN, ...DIRECT_ORAL_ANTICOAGULANTS]);

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
  // Drug–drug interactions (drug-interactions.ts).
  '6472': LOVASTATIN,
  '3443': DILTIAZEM,
  '17767': AMLODIPINE,
  '21212': 'clarithromycin',
  '6135': 'ketoconazole',
  '28031': 'itraconazole',
  '85762': 'ritonavir',
  '343047': ATAZANAVIR,
  '7646': 'omeprazole',
  '283742': 'esomeprazole',
  '32968': CLOPIDOGREL,
  '1191': 'aspirin',
  '57258': TIZANIDINE,
  '42355': 'fluvoxamine',
  '2551': 'ciprofloxacin',
  '1364430': APIXABAN,
  '1114195': RIVAROXABAN,
};
