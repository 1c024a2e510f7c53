import { describe, expect, it } from 'vitest';
import type { MedicationItem, StructuredDose } from '../../context/clinical-context.ts';
import { drugInteractionsRule, INTERACTIONS, STATIN_DOSE_LIMITS } from './drug-interactions.ts';
import {
  firedIds,
  IBUPROFEN,
  medication,
  runRule,
  ungroundedFindings,
  WARFARIN,
  type ContextInit,
} from './rule-test-kit.ts';

const drug = (name: string, init: { rxnorm?: string; dose?: StructuredDose } = {}): MedicationItem =>
  medication(name, { id: `m-${name.split(' ')[0]?.toLowerCase() ?? 'x'}`, ...init });

const DEXTROAMPHETAMINE = drug('Dextroamphetamine Sulfate 10 MG Oral Tablet');
const PHENELZINE = drug('Phenelzine Sulfate 15 MG Oral Tablet');
const TRANYLCYPROMINE = drug('Tranylcypromine 10 MG Oral Tablet');
const PROCARBAZINE = drug('Procarbazine Hydrochloride 50 MG Oral Capsule');
const BUPROPION = drug('Bupropion Hydrochloride 150 MG Extended Release Oral Tablet');
const ATAZANAVIR = drug('Atazanavir 300 MG Oral Capsule');
const OMEPRAZOLE = drug('Omeprazole 20 MG Delayed Release Oral Capsule');
const ESOMEPRAZOLE = drug('Esomeprazole Magnesium 40 MG Delayed Release Oral Capsule');
const PANTOPRAZOLE = drug('Pantoprazole Sodium 40 MG Delayed Release Oral Tablet');
const FAMOTIDINE = drug('Famotidine 20 MG Oral Tablet');
const FEBUXOSTAT = drug('Febuxostat 40 MG Oral Tablet');
const AZATHIOPRINE = drug('Azathioprine 50 MG Oral Tablet');
const COLCHICINE = drug('Colchicine 0.6 MG Oral Tablet');
const SERTRALINE = drug('Sertraline 50 MG Oral Tablet');
const IRINOTECAN = drug('Irinotecan Hydrochloride 20 MG/ML Injection');
const KETOCONAZOLE = drug('Ketoconazole 200 MG Oral Tablet');
const FLUCONAZOLE = drug('Fluconazole 150 MG Oral Tablet');
const TRAMADOL = drug('Tramadol Hydrochloride 50 MG Oral Tablet');
const MORPHINE = drug('Morphine Sulfate 15 MG Oral Tablet');
const AMITRIPTYLINE = drug('Amitriptyline Hydrochloride 25 MG Oral Tablet');
const CITALOPRAM = drug('Citalopram 20 MG Oral Tablet');
const ONDANSETRON = drug('Ondansetron 4 MG Oral Tablet');
const HALOPERIDOL = drug('Haloperidol 5 MG Oral Tablet');
const RAMELTEON = drug('Ramelteon 8 MG Oral Tablet');
const FLUVOXAMINE = drug('Fluvoxamine Maleate 100 MG Oral Tablet');
const DARUNAVIR = drug('Darunavir 800 MG Oral Tablet');
const RIFAMPIN = drug('Rifampin 300 MG Oral Capsule');
const RIFABUTIN = drug('Rifabutin 150 MG Oral Capsule');
const SIMVASTATIN_40 = drug('Simvastatin 40 MG Oral Tablet');
const PRAVASTATIN = drug('Pravastatin Sodium 40 MG Oral Tablet');
const CLARITHROMYCIN = drug('Clarithromycin 500 MG Oral Tablet');
const AZITHROMYCIN = drug('Azithromycin 250 MG Oral Tablet');
const ERGOTAMINE = drug('Ergotamine Tartrate 1 MG / Caffeine 100 MG Oral Tablet');
const RITONAVIR = drug('Ritonavir 100 MG Oral Tablet');
const TIZANIDINE = drug('Tizanidine 4 MG Oral Tablet');
const CIPROFLOXACIN = drug('Ciprofloxacin 500 MG Oral Tablet');
const LEVOFLOXACIN = drug('Levofloxacin 500 MG Oral Tablet');
const SUMATRIPTAN = drug('Sumatriptan 50 MG Oral Tablet');
const NARATRIPTAN = drug('Naratriptan 2.5 MG Oral Tablet');
const ASPIRIN = drug('Aspirin 81 MG Delayed Release Oral Tablet');
const CLOPIDOGREL = drug('Clopidogrel 75 MG Oral Tablet');
const APIXABAN = drug('Apixaban 5 MG Oral Tablet');
const RIVAROXABAN = drug('Rivaroxaban 20 MG Oral Tablet');
const ACETAMINOPHEN = drug('Acetaminophen 500 MG Oral Tablet');

const ONCE_DAILY = (tablets: number): StructuredDose => ({
  amount: tablets,
  unit: undefined,
  timesPerDay: 1,
});
const AMLODIPINE = drug('Amlodipine 5 MG Oral Tablet');
const DILTIAZEM = drug('Diltiazem Hydrochloride 120 MG Extended Release Oral Capsule');
const VERAPAMIL = drug('Verapamil Hydrochloride 80 MG Oral Tablet');

const id = (pair: string): string => `drug-interaction:${pair}`;

describe('drug-interaction (ONC high-priority list, Phansalkar 2012; anticoagulants; clopidogrel; statin doses)', () => {
  it.each<[string, ContextInit, string[]]>([
    // The ONC high-priority list: each pair firing, and a near neighbour that does not.
    [
      'dextroamphetamine + phenelzine',
      { medications: [DEXTROAMPHETAMINE, PHENELZINE] },
      [id('amphetamine-maoi')],
    ],
    ['dextroamphetamine + bupropion', { medications: [DEXTROAMPHETAMINE, BUPROPION] }, []],
    ['atazanavir + omeprazole', { medications: [ATAZANAVIR, OMEPRAZOLE] }, [id('atazanavir-ppi')]],
    [
      'atazanavir + famotidine (H2 blockers left out by the panel)',
      { medications: [ATAZANAVIR, FAMOTIDINE] },
      [],
    ],
    ['febuxostat + azathioprine', { medications: [FEBUXOSTAT, AZATHIOPRINE] }, [id('febuxostat-thiopurine')]],
    ['febuxostat + colchicine', { medications: [FEBUXOSTAT, COLCHICINE] }, []],
    ['sertraline + phenelzine', { medications: [SERTRALINE, PHENELZINE] }, [id('serotonergic-maoi')]],
    ['sertraline + bupropion', { medications: [SERTRALINE, BUPROPION] }, []],
    [
      'irinotecan + ketoconazole',
      { medications: [IRINOTECAN, KETOCONAZOLE] },
      [id('irinotecan-cyp3a4-inhibitor')],
    ],
    ['irinotecan + fluconazole (moderate inhibitor)', { medications: [IRINOTECAN, FLUCONAZOLE] }, []],
    ['tramadol + phenelzine', { medications: [TRAMADOL, PHENELZINE] }, [id('opioid-maoi')]],
    ['morphine + phenelzine', { medications: [MORPHINE, PHENELZINE] }, []],
    [
      'amitriptyline + tranylcypromine',
      { medications: [AMITRIPTYLINE, TRANYLCYPROMINE] },
      [id('tricyclic-maoi')],
    ],
    ['amitriptyline + sertraline', { medications: [AMITRIPTYLINE, SERTRALINE] }, []],
    ['citalopram + ondansetron', { medications: [CITALOPRAM, ONDANSETRON] }, [id('qt-prolonging')]],
    ['citalopram alone with sertraline', { medications: [CITALOPRAM, SERTRALINE] }, []],
    [
      'ramelteon + fluvoxamine',
      { medications: [RAMELTEON, FLUVOXAMINE] },
      [id('ramelteon-cyp1a2-inhibitor')],
    ],
    ['ramelteon + sertraline', { medications: [RAMELTEON, SERTRALINE] }, []],
    [
      'darunavir + rifampin',
      { medications: [DARUNAVIR, RIFAMPIN] },
      [id('protease-inhibitor-cyp3a4-inducer')],
    ],
    ['darunavir + rifabutin', { medications: [DARUNAVIR, RIFABUTIN] }, []],
    [
      'simvastatin + clarithromycin',
      { medications: [SIMVASTATIN_40, CLARITHROMYCIN] },
      [id('statin-cyp3a4-inhibitor')],
    ],
    ['simvastatin + azithromycin', { medications: [SIMVASTATIN_40, AZITHROMYCIN] }, []],
    ['pravastatin + clarithromycin', { medications: [PRAVASTATIN, CLARITHROMYCIN] }, []],
    ['ergotamine + ritonavir', { medications: [ERGOTAMINE, RITONAVIR] }, [id('ergot-cyp3a4-inhibitor')]],
    ['ergotamine + azithromycin', { medications: [ERGOTAMINE, AZITHROMYCIN] }, []],
    [
      'tizanidine + ciprofloxacin',
      { medications: [TIZANIDINE, CIPROFLOXACIN] },
      [id('tizanidine-cyp1a2-inhibitor')],
    ],
    ['tizanidine + levofloxacin', { medications: [TIZANIDINE, LEVOFLOXACIN] }, []],
    [
      'tranylcypromine + procarbazine',
      { medications: [TRANYLCYPROMINE, PROCARBAZINE] },
      [id('tranylcypromine-procarbazine')],
    ],
    ['procarbazine + ondansetron', { medications: [PROCARBAZINE, ONDANSETRON] }, []],
    ['sumatriptan + phenelzine', { medications: [SUMATRIPTAN, PHENELZINE] }, [id('triptan-maoi')]],
    ['naratriptan + phenelzine (not cleared by MAO-A)', { medications: [NARATRIPTAN, PHENELZINE] }, []],
    // Added by issue 14.
    ['warfarin + aspirin', { medications: [WARFARIN, ASPIRIN] }, [id('anticoagulant-antiplatelet')]],
    ['apixaban + clopidogrel', { medications: [APIXABAN, CLOPIDOGREL] }, [id('anticoagulant-antiplatelet')]],
    ['aspirin + clopidogrel (no anticoagulant)', { medications: [ASPIRIN, CLOPIDOGREL] }, []],
    ['rivaroxaban + ibuprofen', { medications: [RIVAROXABAN, IBUPROFEN] }, [id('anticoagulant-nsaid')]],
    ['warfarin + acetaminophen', { medications: [WARFARIN, ACETAMINOPHEN] }, []],
    ['clopidogrel + omeprazole', { medications: [CLOPIDOGREL, OMEPRAZOLE] }, [id('clopidogrel-omeprazole')]],
    [
      'clopidogrel + esomeprazole',
      { medications: [CLOPIDOGREL, ESOMEPRAZOLE] },
      [id('clopidogrel-omeprazole')],
    ],
    ['clopidogrel + pantoprazole', { medications: [CLOPIDOGREL, PANTOPRAZOLE] }, []],
    // Not an interaction: one drug, or one order.
    ['one drug', { medications: [SIMVASTATIN_40] }, []],
    ['the same order twice is duplicate therapy', { medications: [CITALOPRAM, CITALOPRAM] }, []],
  ])('%s', (_, init, expected) => {
    expect(firedIds(drugInteractionsRule, init)).toEqual(expected);
    expect(ungroundedFindings(drugInteractionsRule, init)).toEqual([]);
  });

  it('has a positive case above for every interaction row and dose limit', () => {
    expect(INTERACTIONS.map((row) => row.id)).toHaveLength(18);
    expect(new Set(INTERACTIONS.map((row) => row.id)).size).toBe(INTERACTIONS.length);
    expect(STATIN_DOSE_LIMITS).toHaveLength(3);
  });

  it('names both drugs, the risk, the source and what to do', () => {
    const finding = runRule(drugInteractionsRule, { medications: [SIMVASTATIN_40, CLARITHROMYCIN] })
      .findings[0];
    expect(finding).toMatchObject({
      id: id('statin-cyp3a4-inhibitor'),
      title: 'Simvastatin with clarithromycin',
      category: 'medication-safety',
      urgency: 'soon',
      source: { kind: 'guideline', year: 2012 },
      evidence: [SIMVASTATIN_40.source, CLARITHROMYCIN.source],
    });
    expect(finding?.rationale).toMatch(/Simvastatin 40 mg.*Clarithromycin 500 mg.*rhabdomyolysis/);
    expect(finding?.recommendedAction).toMatch(/pravastatin or rosuvastatin/);
  });

  it('cites the row’s own source for the added pairs', () => {
    const [finding] = runRule(drugInteractionsRule, { medications: [CLOPIDOGREL, OMEPRAZOLE] }).findings;
    expect(finding?.source).toEqual({
      kind: 'guideline',
      guideline: 'Clopidogrel (Plavix) FDA label',
      year: 2010,
    });
    expect(finding?.urgency).toBe('routine');
  });

  it('lists every drug of a class pair in one finding', () => {
    const [finding] = runRule(drugInteractionsRule, {
      medications: [CITALOPRAM, ONDANSETRON, HALOPERIDOL],
    }).findings;
    expect(finding?.title).toBe('Citalopram with ondansetron and haloperidol');
    expect(finding?.evidence).toHaveLength(3);
  });

  it.each<[string, MedicationItem, MedicationItem]>([
    [
      'by RxNorm ingredient code when the name is a brand',
      drug('Zocor 40 MG Oral Tablet'),
      drug('Biaxin 500 MG Oral Tablet', { rxnorm: '21212' }),
    ],
    [
      'by the name when there is no code',
      drug('Lovastatin 20 MG Oral Tablet'),
      drug('Itraconazole 100 MG Oral Capsule'),
    ],
    [
      'by a code alone for both drugs',
      drug('Statin product', { rxnorm: '36567' }),
      drug('Antifungal product', { rxnorm: '6135' }),
    ],
  ])('matches %s', (_, a, b) => {
    expect(firedIds(drugInteractionsRule, { medications: [a, b] })).toEqual([id('statin-cyp3a4-inhibitor')]);
  });
});

describe('drug-interaction statin dose limits (FDA 2011: simvastatin ≤ 20 mg with amlodipine, ≤ 10 mg with diltiazem or verapamil; lovastatin ≤ 20 mg)', () => {
  const simvastatin = (mg: number, dose?: StructuredDose): MedicationItem =>
    drug(`Simvastatin ${mg} MG Oral Tablet`, dose === undefined ? {} : { dose });
  const lovastatin = (mg: number, dose?: StructuredDose): MedicationItem =>
    drug(`Lovastatin ${mg} MG Oral Tablet`, dose === undefined ? {} : { dose });

  it.each<[string, ContextInit, string[]]>([
    [
      'simvastatin 40 mg daily + amlodipine',
      { medications: [simvastatin(40, ONCE_DAILY(1)), AMLODIPINE] },
      [id('simvastatin-amlodipine-dose')],
    ],
    [
      'simvastatin 20 mg daily + amlodipine',
      { medications: [simvastatin(20, ONCE_DAILY(1)), AMLODIPINE] },
      [],
    ],
    [
      'simvastatin 10 mg, 2 tablets + amlodipine (20 mg/day)',
      { medications: [simvastatin(10, ONCE_DAILY(2)), AMLODIPINE] },
      [],
    ],
    [
      'simvastatin 20 mg daily + diltiazem',
      { medications: [simvastatin(20, ONCE_DAILY(1)), DILTIAZEM] },
      [id('simvastatin-diltiazem-verapamil-dose')],
    ],
    ['simvastatin 10 mg daily + verapamil', { medications: [simvastatin(10, ONCE_DAILY(1)), VERAPAMIL] }, []],
    [
      'simvastatin 40 mg given in mg + verapamil',
      { medications: [simvastatin(40, { amount: 40, unit: 'mg', timesPerDay: 1 }), VERAPAMIL] },
      [id('simvastatin-diltiazem-verapamil-dose')],
    ],
    [
      'lovastatin 40 mg daily + diltiazem',
      { medications: [lovastatin(40, ONCE_DAILY(1)), DILTIAZEM] },
      [id('lovastatin-diltiazem-verapamil-dose')],
    ],
    ['lovastatin 20 mg daily + verapamil', { medications: [lovastatin(20, ONCE_DAILY(1)), VERAPAMIL] }, []],
    [
      'lovastatin 40 mg daily + amlodipine (no label limit)',
      { medications: [lovastatin(40, ONCE_DAILY(1)), AMLODIPINE] },
      [],
    ],
    [
      'simvastatin 80 mg daily without a calcium channel blocker',
      { medications: [simvastatin(80, ONCE_DAILY(1))] },
      [],
    ],
  ])('%s', (_, init, expected) => {
    expect(firedIds(drugInteractionsRule, init)).toEqual(expected);
    expect(ungroundedFindings(drugInteractionsRule, init)).toEqual([]);
  });

  it('says the dose is above the limit, with the daily dose and the limit in the action', () => {
    const [finding] = runRule(drugInteractionsRule, {
      medications: [simvastatin(40, ONCE_DAILY(1)), AMLODIPINE],
    }).findings;
    expect(finding).toMatchObject({
      title: 'Simvastatin with amlodipine: dose above the limit',
      urgency: 'soon',
      source: { kind: 'guideline', year: 2011 },
    });
    expect(finding?.recommendedAction).toMatch(/40 mg of simvastatin a day.*do not exceed 20 mg/);
  });

  it.each<[string, StructuredDose | undefined]>([
    ['no structured dose', undefined],
    ['a dose without a frequency', { amount: 1, unit: undefined, timesPerDay: undefined }],
    ['a dose in an unreadable unit', { amount: 1, unit: 'tablet', timesPerDay: 1 }],
  ])('asks for the dose to be checked with %s', (_, dose) => {
    const init = { medications: [simvastatin(40, dose), DILTIAZEM] };
    const [finding] = runRule(drugInteractionsRule, init).findings;
    expect(finding).toMatchObject({
      id: id('simvastatin-diltiazem-verapamil-dose'),
      title: 'Simvastatin with diltiazem: check the dose',
      urgency: 'routine',
    });
    expect(finding?.rationale).not.toMatch(/above|exceed/);
    expect(finding?.recommendedAction).toMatch(
      /each unit holds 40 mg, more than the limit.*do not exceed 10 mg/,
    );
    expect(ungroundedFindings(drugInteractionsRule, init)).toEqual([]);
  });
});
