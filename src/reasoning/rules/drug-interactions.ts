// Drug–drug interactions: two current drugs that should not be taken together, or only with a check.
//
// 1. The ONC high-priority list: Phansalkar et al., "High-priority drug–drug interactions for use in electronic
//    health records", JAMIA 2012;19:735–743, Table 2 — the 15 pairs the expert panel accepted as contraindicated
//    for concurrent use (read from the published Table 2 and its restatement in Am J Health-Syst Pharm
//    2022;79:1086, Table 4). All 15 are here, each one row of INTERACTIONS, urgency "soon":
//    amphetamine derivatives–MAO inhibitors; atazanavir–proton pump inhibitors; febuxostat–azathioprine or
//    mercaptopurine; SSRIs/SNRIs–MAO inhibitors; irinotecan–strong CYP3A4 inhibitors; opioids–MAO inhibitors;
//    tricyclics–MAO inhibitors; two high-risk QT-prolonging drugs; ramelteon–strong CYP1A2 inhibitors; HIV
//    protease inhibitors–strong CYP3A4 inducers; lovastatin/simvastatin–strong CYP3A4 inhibitors and protease
//    inhibitors; ergot alkaloids–strong CYP3A4 inhibitors and protease inhibitors; tizanidine–strong CYP1A2
//    inhibitors; tranylcypromine–procarbazine; triptans–MAO inhibitors.
//    Membership: where Table 2 lists members (MAO inhibitors, amphetamine derivatives, PPIs, the SSRIs/SNRIs,
//    febuxostat's thiopurines) the sets copy it; elsewhere we chose, and the sets in medication-codes.ts say how
//    (the FDA table of strong CYP3A/CYP1A2 inhibitors and inducers, the labels' MAOI warnings for opioids and
//    triptans, CredibleMeds "Known Risk of TdP" for the QT pair). Not on the ONC list, and left out here:
//    bupropion–thioridazine, methotrexate–trimethoprim, nitrates–PDE5 inhibitors, pimozide pairs.
// 2. Added by issue 14: warfarin or a DOAC with an antiplatelet (bleeding; 2020 ACC Expert Consensus Decision
//    Pathway on antithrombotic therapy in AF/VTE with ASCVD: combine only with a current indication and a planned
//    end) or with an NSAID (AGS Beers Criteria 2023: avoid); clopidogrel with omeprazole or esomeprazole
//    (clopidogrel FDA label 2010: CYP2C19 inhibition lowers its active metabolite; avoid).
// 3. Simvastatin and lovastatin dose limits with calcium channel blockers (FDA Drug Safety Communication 2011 and
//    the simvastatin label: at most 20 mg/day with amlodipine, 10 mg/day with diltiazem or verapamil; lovastatin
//    label 2012: at most 20 mg/day with diltiazem or verapamil). The daily dose is read from the order's
//    structured dose; without one the finding asks for the dose to be checked rather than asserting it is high.
//
// Drugs are matched by normalized ingredient name (RxNorm ingredient code → name in RXNORM_INGREDIENTS, the
// name in the drug's text otherwise; rule-view.ts). One finding per row: `drug-interaction:<row id>`.
import {
  AMLODIPINE,
  AMPHETAMINE_DERIVATIVES,
  ANTIPLATELETS,
  ATAZANAVIR,
  CLOPIDOGREL,
  DILTIAZEM,
  ERGOT_ALKALOIDS,
  FEBUXOSTAT,
  HIV_PROTEASE_INHIBITORS,
  IRINOTECAN,
  LOVASTATIN,
  MAO_INHIBITORS,
  MAOI_CONTRAINDICATED_TRIPTANS,
  MAOI_INTERACTING_OPIOIDS,
  NSAIDS,
  ORAL_ANTICOAGULANTS,
  PROCARBAZINE,
  PROTON_PUMP_INHIBITORS,
  QT_PROLONGING,
  RAMELTEON,
  SEROTONERGIC_ANTIDEPRESSANTS,
  SIMVASTATIN,
  STRONG_CYP1A2_INHIBITORS,
  STRONG_CYP3A4_INDUCERS,
  STRONG_CYP3A4_INHIBITORS,
  THIOPURINES,
  TIZANIDINE,
  TRANYLCYPROMINE,
  TRICYCLIC_ANTIDEPRESSANTS,
  VERAPAMIL,
} from '../../terminology/medication-codes.ts';
import type { Finding } from '../finding.ts';
import type { SuggestionUrgency } from '../suggestion-schema.ts';
import { fired, guideline, NOTHING, ruleFinding, type Rule } from './rule-kit.ts';
import { listInWords } from './rule-text.ts';
import { medicationsWith, type RuleMedication, type RuleView } from './rule-view.ts';

export interface DrugInteraction {
  /** The finding's qualifier: `drug-interaction:<id>`. */
  readonly id: string;
  readonly drugsA: ReadonlySet<string>;
  /** The same set as drugsA for a pair within one class (two QT-prolonging drugs). */
  readonly drugsB: ReadonlySet<string>;
  /** What the combination does, with no numbers (the rationale must be grounded in the cited drugs). */
  readonly risk: string;
  readonly action: string;
  /** The finding's source: the list, guideline or label the row rests on. */
  readonly source: GuidelineSource;
  readonly urgency: SuggestionUrgency;
}

type GuidelineSource = ReturnType<typeof guideline>;

const ONC_2012 = guideline('ONC high-priority drug–drug interactions (Phansalkar, JAMIA)', 2012);
const STATIN_CYP3A4_PARTNERS: ReadonlySet<string> = new Set([
  ...STRONG_CYP3A4_INHIBITORS,
  ...HIV_PROTEASE_INHIBITORS,
  // The simvastatin and lovastatin labels contraindicate erythromycin as well, a moderate inhibitor.
  'erythromycin',
]);
const ERGOT_PARTNERS: ReadonlySet<string> = new Set([
  ...STRONG_CYP3A4_INHIBITORS,
  ...HIV_PROTEASE_INHIBITORS,
]);
const SERIOUS_MAOI = 'the combination can cause serotonin syndrome or a hypertensive crisis';

export const INTERACTIONS: readonly DrugInteraction[] = [
  {
    id: 'amphetamine-maoi',
    drugsA: AMPHETAMINE_DERIVATIVES,
    drugsB: MAO_INHIBITORS,
    risk: 'the combination can cause a hypertensive crisis',
    action:
      'Do not combine: stop one, and allow 14 days after stopping the MAO inhibitor before starting the stimulant (ONC high-priority list; labels).',
    source: ONC_2012,
    urgency: 'soon',
  },
  {
    id: 'atazanavir-ppi',
    drugsA: new Set([ATAZANAVIR]),
    drugsB: PROTON_PUMP_INHIBITORS,
    risk: 'the proton pump inhibitor lowers atazanavir absorption, risking HIV treatment failure and resistance',
    action:
      'Avoid the combination: stop the proton pump inhibitor or review the antiretroviral regimen with HIV care (ONC high-priority list; atazanavir label).',
    source: ONC_2012,
    urgency: 'soon',
  },
  {
    id: 'febuxostat-thiopurine',
    drugsA: new Set([FEBUXOSTAT]),
    drugsB: THIOPURINES,
    risk: 'febuxostat blocks thiopurine breakdown, risking severe bone marrow suppression',
    action:
      'Do not combine (febuxostat label: contraindicated); choose another urate-lowering drug or review the thiopurine with its prescriber (ONC high-priority list).',
    source: ONC_2012,
    urgency: 'soon',
  },
  {
    id: 'serotonergic-maoi',
    drugsA: SEROTONERGIC_ANTIDEPRESSANTS,
    drugsB: MAO_INHIBITORS,
    risk: SERIOUS_MAOI,
    action:
      'Do not combine: stop one; allow 14 days after an MAO inhibitor (5 weeks after fluoxetine) before starting the other (ONC high-priority list; labels).',
    source: ONC_2012,
    urgency: 'soon',
  },
  {
    id: 'irinotecan-cyp3a4-inhibitor',
    drugsA: new Set([IRINOTECAN]),
    drugsB: STRONG_CYP3A4_INHIBITORS,
    risk: 'the CYP3A4 inhibitor raises irinotecan exposure, with severe neutropenia and diarrhoea',
    action:
      'Stop the strong CYP3A4 inhibitor at least 1 week before irinotecan and do not give them together (irinotecan label; ONC high-priority list); tell oncology.',
    source: ONC_2012,
    urgency: 'soon',
  },
  {
    id: 'opioid-maoi',
    drugsA: MAOI_INTERACTING_OPIOIDS,
    drugsB: MAO_INHIBITORS,
    risk: SERIOUS_MAOI,
    action:
      'Do not combine: choose an opioid without serotonergic action, and allow 14 days after stopping the MAO inhibitor (ONC high-priority list; labels).',
    source: ONC_2012,
    urgency: 'soon',
  },
  {
    id: 'tricyclic-maoi',
    drugsA: TRICYCLIC_ANTIDEPRESSANTS,
    drugsB: MAO_INHIBITORS,
    risk: SERIOUS_MAOI,
    action:
      'Do not combine: stop one, and allow 14 days after stopping the MAO inhibitor (ONC high-priority list; labels).',
    source: ONC_2012,
    urgency: 'soon',
  },
  {
    id: 'qt-prolonging',
    drugsA: QT_PROLONGING,
    drugsB: QT_PROLONGING,
    risk: 'both prolong the QT interval, and together they add to the risk of torsades de pointes',
    action:
      'Avoid two drugs with a known risk of torsades de pointes: stop or replace one; if both are needed, get an ECG and keep potassium and magnesium normal (ONC high-priority list; CredibleMeds).',
    source: ONC_2012,
    urgency: 'soon',
  },
  {
    id: 'ramelteon-cyp1a2-inhibitor',
    drugsA: new Set([RAMELTEON]),
    drugsB: STRONG_CYP1A2_INHIBITORS,
    risk: 'the CYP1A2 inhibitor raises ramelteon levels many-fold, with excess sedation',
    action:
      'Do not combine ramelteon with fluvoxamine (label: contraindicated), and avoid it with ciprofloxacin; choose another hypnotic (ONC high-priority list).',
    source: ONC_2012,
    urgency: 'soon',
  },
  {
    id: 'protease-inhibitor-cyp3a4-inducer',
    drugsA: HIV_PROTEASE_INHIBITORS,
    drugsB: STRONG_CYP3A4_INDUCERS,
    risk: 'the CYP3A4 inducer lowers protease inhibitor levels, risking HIV treatment failure and resistance',
    action:
      'Do not combine: replace the inducer (e.g. rifabutin for rifampin, with a dose change) with HIV care (ONC high-priority list; labels).',
    source: ONC_2012,
    urgency: 'soon',
  },
  {
    id: 'statin-cyp3a4-inhibitor',
    drugsA: new Set([SIMVASTATIN, LOVASTATIN]),
    drugsB: STATIN_CYP3A4_PARTNERS,
    risk: 'the CYP3A4 inhibitor raises statin levels, with myopathy and rhabdomyolysis',
    action:
      'Do not combine (simvastatin and lovastatin labels: contraindicated): hold the statin during a short course, or switch to a statin not metabolized by CYP3A4 such as pravastatin or rosuvastatin (ONC high-priority list).',
    source: ONC_2012,
    urgency: 'soon',
  },
  {
    id: 'ergot-cyp3a4-inhibitor',
    drugsA: ERGOT_ALKALOIDS,
    drugsB: ERGOT_PARTNERS,
    risk: 'the CYP3A4 inhibitor raises ergot levels, with vasospasm and ischaemia of the limbs or brain',
    action:
      'Do not combine (ergotamine label: contraindicated); stop the ergot and choose another migraine treatment (ONC high-priority list).',
    source: ONC_2012,
    urgency: 'soon',
  },
  {
    id: 'tizanidine-cyp1a2-inhibitor',
    drugsA: new Set([TIZANIDINE]),
    drugsB: STRONG_CYP1A2_INHIBITORS,
    risk: 'the CYP1A2 inhibitor raises tizanidine levels many-fold, with hypotension and excess sedation',
    action:
      'Do not combine (tizanidine label: contraindicated with fluvoxamine and ciprofloxacin); stop one or choose another muscle relaxant or antibiotic (ONC high-priority list).',
    source: ONC_2012,
    urgency: 'soon',
  },
  {
    id: 'tranylcypromine-procarbazine',
    drugsA: new Set([TRANYLCYPROMINE]),
    drugsB: new Set([PROCARBAZINE]),
    risk: 'procarbazine adds MAO inhibition, risking a hypertensive crisis',
    action:
      'Do not combine: review with oncology and psychiatry before procarbazine is given (ONC high-priority list).',
    source: ONC_2012,
    urgency: 'soon',
  },
  {
    id: 'triptan-maoi',
    drugsA: MAOI_CONTRAINDICATED_TRIPTANS,
    drugsB: MAO_INHIBITORS,
    risk: 'the MAO inhibitor blocks triptan breakdown, with serotonin toxicity',
    action:
      'Do not combine, nor within 14 days of stopping the MAO inhibitor (sumatriptan, rizatriptan and zolmitriptan labels); a triptan not cleared by MAO-A, such as naratriptan or eletriptan, may be considered (ONC high-priority list).',
    source: ONC_2012,
    urgency: 'soon',
  },
  {
    id: 'anticoagulant-antiplatelet',
    drugsA: ORAL_ANTICOAGULANTS,
    drugsB: ANTIPLATELETS,
    risk: 'the antiplatelet adds to the anticoagulant’s bleeding risk',
    action:
      'Confirm both have a current indication (such as a recent acute coronary syndrome or stent) and a planned end date for the antiplatelet; if not, stop the antiplatelet (2020 ACC Expert Consensus Decision Pathway).',
    source: guideline('ACC Expert Consensus Decision Pathway, antithrombotic therapy', 2020),
    urgency: 'routine',
  },
  {
    id: 'anticoagulant-nsaid',
    drugsA: ORAL_ANTICOAGULANTS,
    drugsB: NSAIDS,
    risk: 'the NSAID adds gastrointestinal and other bleeding to the anticoagulant',
    action:
      'Avoid the combination (AGS Beers 2023): stop the NSAID and use paracetamol or a topical agent; if an NSAID is unavoidable, keep it short and add a proton pump inhibitor.',
    source: guideline('AGS Beers Criteria', 2023),
    urgency: 'soon',
  },
  {
    id: 'clopidogrel-omeprazole',
    drugsA: new Set([CLOPIDOGREL]),
    drugsB: new Set(['omeprazole', 'esomeprazole']),
    risk: 'omeprazole and esomeprazole inhibit CYP2C19 and lower clopidogrel’s antiplatelet effect',
    action:
      'Avoid the combination (clopidogrel label): if a proton pump inhibitor is needed, use pantoprazole instead; reconsider whether it is needed at all.',
    source: guideline('Clopidogrel (Plavix) FDA label', 2010),
    urgency: 'routine',
  },
];

export interface StatinDoseLimit {
  readonly id: string;
  readonly statin: string;
  readonly partners: ReadonlySet<string>;
  readonly maxDailyMg: number;
  readonly source: GuidelineSource;
}

/** FDA Drug Safety Communication 2011 (simvastatin); lovastatin label 2012. */
export const STATIN_DOSE_LIMITS: readonly StatinDoseLimit[] = [
  {
    id: 'simvastatin-amlodipine-dose',
    statin: SIMVASTATIN,
    partners: new Set([AMLODIPINE]),
    maxDailyMg: 20,
    source: guideline('FDA Drug Safety Communication: simvastatin', 2011),
  },
  {
    id: 'simvastatin-diltiazem-verapamil-dose',
    statin: SIMVASTATIN,
    partners: new Set([DILTIAZEM, VERAPAMIL]),
    maxDailyMg: 10,
    source: guideline('FDA Drug Safety Communication: simvastatin', 2011),
  },
  {
    id: 'lovastatin-diltiazem-verapamil-dose',
    statin: LOVASTATIN,
    partners: new Set([DILTIAZEM, VERAPAMIL]),
    maxDailyMg: 20,
    source: guideline('Lovastatin (Mevacor) FDA label', 2012),
  },
];

/** The ingredient's mg a day when the order gives a dose and frequency (mg, or units of an mg strength). */
export function dailyDoseMg(medication: RuleMedication, ingredient: string): number | undefined {
  const dose = medication.structuredDose;
  if (dose === undefined || dose.timesPerDay === undefined) return undefined;
  if (dose.unit !== undefined)
    return dose.unit.toLowerCase() === 'mg' ? dose.amount * dose.timesPerDay : undefined;
  const strength = medication.ingredients.find((item) => item.name === ingredient)?.strength;
  return strength?.unit === 'mg' ? strength.value * dose.amount * dose.timesPerDay : undefined;
}

interface MatchedPair {
  readonly drugsA: readonly RuleMedication[];
  readonly drugsB: readonly RuleMedication[];
  readonly namesA: readonly string[];
  readonly namesB: readonly string[];
}

function matchedIngredients(medication: RuleMedication, set: ReadonlySet<string>): string[] {
  return medication.ingredientNames.filter((name) => set.has(name));
}

/**
 * The drugs of each side that meet a drug of the other side: two different orders with two different
 * ingredients (one order twice, or one ingredient in two orders, is duplicate therapy, not an interaction).
 */
function matchPair(
  view: RuleView,
  setA: ReadonlySet<string>,
  setB: ReadonlySet<string>,
): MatchedPair | undefined {
  const drugsA = new Map<string, RuleMedication>();
  const drugsB = new Map<string, RuleMedication>();
  const namesA = new Set<string>();
  const namesB = new Set<string>();
  const symmetric = setA === setB;
  for (const a of medicationsWith(view, setA))
    for (const b of medicationsWith(view, setB)) {
      if (a.source.id === b.source.id && a.source.resourceType === b.source.resourceType) continue;
      for (const nameA of matchedIngredients(a, setA))
        for (const nameB of matchedIngredients(b, setB)) {
          if (nameA === nameB) continue;
          // Within one class, each drug goes on one side only: the first seen is A.
          if (symmetric && (drugsB.has(a.source.id) || namesB.has(nameA))) continue;
          drugsA.set(a.source.id, a);
          drugsB.set(b.source.id, b);
          namesA.add(nameA);
          namesB.add(nameB);
        }
    }
  if (drugsA.size === 0) return undefined;
  return {
    drugsA: [...drugsA.values()],
    drugsB: [...drugsB.values()].filter((drug) => !symmetric || !drugsA.has(drug.source.id)),
    namesA: [...namesA],
    namesB: [...namesB].filter((name) => !symmetric || !namesA.has(name)),
  };
}

function capitalized(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}

function interactionFinding(interaction: DrugInteraction, pair: MatchedPair): Finding {
  const drugs = [...pair.drugsA, ...pair.drugsB];
  const finding = ruleFinding({
    rule: drugInteractionsRule,
    qualifier: interaction.id,
    title: `${capitalized(listInWords(pair.namesA))} with ${listInWords(pair.namesB)}`,
    category: 'medication-safety',
    urgency: interaction.urgency,
    rationale: `${listInWords(drugs.map((drug) => drug.name))} are active together: ${interaction.risk}.`,
    recommendedAction: interaction.action,
    evidence: drugs.map((drug) => drug.source),
  });
  return { ...finding, source: interaction.source };
}

function doseLimitFindings(view: RuleView, limit: StatinDoseLimit): Finding[] {
  const pair = matchPair(view, new Set([limit.statin]), limit.partners);
  if (pair === undefined) return [];
  const doses = pair.drugsA.map((drug) => dailyDoseMg(drug, limit.statin));
  const known = doses.filter((dose): dose is number => dose !== undefined);
  const unknown = known.length < doses.length;
  const highest = known.length === 0 ? undefined : Math.max(...known);
  const over = highest !== undefined && highest > limit.maxDailyMg;
  // With no daily dose, a strength above the limit is worth saying (one unit a day is already too much).
  const strongTablet = pair.drugsA
    .map((drug) => drug.ingredients.find((item) => item.name === limit.statin)?.strength)
    .find((strength) => strength?.unit === 'mg' && strength.value > limit.maxDailyMg)?.value;
  if (!over && !unknown) return [];
  const partnerNames = listInWords(pair.namesB, 'or');
  const drugs = [...pair.drugsA, ...pair.drugsB];
  const limitText = `with ${partnerNames} do not exceed ${limit.maxDailyMg} mg of ${limit.statin} a day (${limit.source.guideline} ${limit.source.year})`;
  const finding = ruleFinding({
    rule: drugInteractionsRule,
    qualifier: limit.id,
    title: over
      ? `${capitalized(limit.statin)} with ${listInWords(pair.namesB)}: dose above the limit`
      : `${capitalized(limit.statin)} with ${listInWords(pair.namesB)}: check the dose`,
    category: 'medication-safety',
    urgency: over ? 'soon' : 'routine',
    rationale: `${listInWords(drugs.map((drug) => drug.name))} are active together: ${listInWords(pair.namesB)} ${pair.namesB.length === 1 ? 'raises' : 'raise'} ${limit.statin} levels and the risk of myopathy, so its dose is limited.`,
    recommendedAction: over
      ? `The order gives ${highest} mg of ${limit.statin} a day; ${limitText}. Lower the dose or switch to a statin less affected, such as pravastatin or rosuvastatin.`
      : `The order gives no daily dose to check${strongTablet === undefined ? '' : ` (each unit holds ${strongTablet} mg, more than the limit)`}: ${limitText}. Check the dose taken; above the limit, lower it or switch to pravastatin or rosuvastatin.`,
    evidence: drugs.map((drug) => drug.source),
  });
  return [{ ...finding, source: limit.source }];
}

export const drugInteractionsRule: Rule = {
  id: 'drug-interaction',
  source: ONC_2012,
  evaluate(view) {
    if (view.medications.length < 2) return NOTHING;
    const findings = [
      ...INTERACTIONS.flatMap((interaction) => {
        const pair = matchPair(view, interaction.drugsA, interaction.drugsB);
        return pair === undefined ? [] : [interactionFinding(interaction, pair)];
      }),
      ...STATIN_DOSE_LIMITS.flatMap((limit) => doseLimitFindings(view, limit)),
    ];
    return findings.length === 0 ? NOTHING : fired(...findings);
  },
};
