// Medications as ingredient + strength + dose form, from RxNorm clinical and branded drug names
// ("24 HR Metformin hydrochloride 500 MG Extended Release Oral Tablet" → "Metformin hydrochloride 500 mg, ER
// oral tablet"), and the structured dosage as a short sig ("1 BID", "PRN"). RxNorm names follow the pattern
// [quantity] ingredient strength [/ ingredient strength] dose form [brand] (RxNorm Technical Documentation,
// "Normalized names"); anything that does not fit is kept as sent.
import type { Dosage, Timing } from 'fhir/r4';
import { normalizeText } from './fhir-concepts.ts';

/** An FDA application number some RxNorm names begin with ("NDA020800 0.3 ML Epinephrine …"). */
const APPLICATION_NUMBER = /^(?:NDA|ANDA|BLA)\d+\s+/i;
/** A pack quantity before the ingredient: "24 HR", "120 ACTUAT", "10 ML", "0.3 ML". */
const PACK_QUANTITY = /^\d+(?:\.\d+)?\s+(?:HR|ACTUAT|ML|DAY|MG)\s+/i;
const BRAND = /\s*\[([^\]]+)\]\s*$/;
const STRENGTH =
  /^(.*?)\s*(\d+(?:\.\d+)?)\s*((?:MG|MCG|UG|G|UNT|UNITS?|MEQ|ML|MMOL|IU|%)(?:\/(?:ML|ACTUAT|HR|MG|G|L|DAY|ACTUATION))?)(?=\s|$)(.*)$/i;

const FORM_ABBREVIATIONS: readonly (readonly [RegExp, string])[] = [
  [/\bextended release\b/gi, 'ER'],
  [/\bdelayed release\b/gi, 'DR'],
  [/\bmetered dose inhaler\b/gi, 'MDI'],
  [/\bdry powder inhaler\b/gi, 'DPI'],
];

/** A compact medication label from an RxNorm-style name; the name unchanged (normalized) when it does not parse. */
export function formatMedicationName(name: string): string {
  let text = normalizeText(name).replace(APPLICATION_NUMBER, '');
  let brand: string | undefined;
  const brandMatch = BRAND.exec(text);
  if (brandMatch) {
    brand = brandMatch[1];
    text = text.slice(0, brandMatch.index);
  }
  text = text.replace(PACK_QUANTITY, '');
  const parts = text.split(/\s+\/\s+/);
  const components: string[] = [];
  let form = '';
  for (const [index, part] of parts.entries()) {
    const match = STRENGTH.exec(part);
    if (!match) return withBrand(normalizeText(text), brand);
    const ingredient = (match[1] ?? '').trim();
    const strength = `${match[2] ?? ''} ${formatStrengthUnit(match[3] ?? '')}`;
    components.push(ingredient === '' ? strength : `${ingredient} ${strength}`);
    const rest = (match[4] ?? '').trim();
    if (rest !== '') {
      // A dose form belongs to the whole product and comes after the last strength only.
      if (index !== parts.length - 1) return withBrand(normalizeText(text), brand);
      form = abbreviateForm(rest);
    }
  }
  return withBrand(`${components.join(' + ')}${form === '' ? '' : `, ${form}`}`, brand);
}

export interface MedicationIngredient {
  /** Normalized ingredient name: lower case, salt and ester words dropped, brand names mapped ("furosemide"). */
  readonly name: string;
  /** The strength the name gives for this ingredient, unit as formatted ("mg", "mg/mL"). */
  readonly strength: { readonly value: number; readonly unit: string } | undefined;
}

/**
 * Salt, ester and hydrate words RxNorm keeps in clinical drug names ("Metformin hydrochloride", "Warfarin
 * Sodium", "metoprolol succinate"): the active moiety is the word(s) before them. Dropped only after the
 * first word, so that "Potassium Chloride" and "Sodium Bicarbonate" keep their names.
 */
const SALT_WORDS: ReadonlySet<string> = new Set([
  'acetate',
  'axetil',
  'besylate',
  'bitartrate',
  'bromide',
  'calcium',
  'citrate',
  'dihydrate',
  'dipropionate',
  'disodium',
  'etexilate',
  'fumarate',
  'hcl',
  'hyclate',
  'hydrobromide',
  'hydrochloride',
  'magnesium',
  'maleate',
  'medoxomil',
  'mesylate',
  'monohydrate',
  'phosphate',
  'potassium',
  'propionate',
  'sodium',
  'succinate',
  'sulfate',
  'tartrate',
  'trihydrate',
  'xinafoate',
]);

/**
 * Brand names sent in place of an ingredient (Synthea's "Lasix 40mg", "Carbamazepine[Tegretol]" keeps the
 * ingredient), and Synthea 2.4's misspelling "Simvistatin" (RxNorm 316672 is simvastatin 10 MG).
 */
const INGREDIENT_ALIASES: Readonly<Record<string, string>> = {
  simvistatin: 'simvastatin',
  lasix: 'furosemide',
  toprol: 'metoprolol',
  'toprol xl': 'metoprolol',
  lopressor: 'metoprolol',
  tegretol: 'carbamazepine',
  coumadin: 'warfarin',
  jantoven: 'warfarin',
  lanoxin: 'digoxin',
  eliquis: 'apixaban',
  xarelto: 'rivaroxaban',
  pradaxa: 'dabigatran',
  savaysa: 'edoxaban',
  glucophage: 'metformin',
  zocor: 'simvastatin',
  lipitor: 'atorvastatin',
  crestor: 'rosuvastatin',
  advil: 'ibuprofen',
  motrin: 'ibuprofen',
  aleve: 'naproxen',
  macrobid: 'nitrofurantoin',
  macrodantin: 'nitrofurantoin',
  cordarone: 'amiodarone',
  pacerone: 'amiodarone',
  calan: 'verapamil',
  zestril: 'lisinopril',
  prinivil: 'lisinopril',
  cozaar: 'losartan',
  diovan: 'valsartan',
  aldactone: 'spironolactone',
  inspra: 'eplerenone',
};

/** An ingredient name as rules compare it: "diphenhydrAMINE Hydrochloride" → "diphenhydramine". */
export function normalizeIngredientName(text: string): string {
  const words = normalizeText(text.replace(/[,()]/g, ' '))
    .toLowerCase()
    .split(' ')
    .filter((word) => word !== '');
  const kept = words.filter((word, index) => index === 0 || !SALT_WORDS.has(word));
  const name = kept.join(' ');
  return INGREDIENT_ALIASES[name] ?? name;
}

/**
 * The ingredients of an RxNorm-style drug name, each with its strength when the name gives one
 * ("Acetaminophen 325 MG / oxyCODONE Hydrochloride 5 MG Oral Tablet" → acetaminophen 325 mg, oxycodone 5 mg).
 * A name that does not follow the pattern is one ingredient, named by the whole text (a brand maps to its
 * ingredient). Synthea codes products (SCD/SBD), never ingredients, so rules match on these names.
 */
export function parseMedicationIngredients(name: string): MedicationIngredient[] {
  let text = normalizeText(name).replace(APPLICATION_NUMBER, '');
  const brandMatch = BRAND.exec(text);
  const brand = brandMatch?.[1];
  if (brandMatch) text = text.slice(0, brandMatch.index);
  text = text.replace(PACK_QUANTITY, '');
  if (text.trim() === '')
    return brand === undefined ? [] : [{ name: normalizeIngredientName(brand), strength: undefined }];
  const parsed = text.split(/\s+\/\s+/).map((part): MedicationIngredient | undefined => {
    const match = STRENGTH.exec(part);
    if (!match) return undefined;
    const ingredient = (match[1] ?? '').trim();
    return {
      name: normalizeIngredientName(ingredient === '' ? (brand ?? '') : ingredient),
      strength: { value: Number(match[2]), unit: formatStrengthUnit(match[3] ?? '') },
    };
  });
  const complete = parsed.filter(
    (ingredient): ingredient is MedicationIngredient => ingredient !== undefined && ingredient.name !== '',
  );
  return complete.length === parsed.length
    ? complete
    : [{ name: normalizeIngredientName(text), strength: undefined }];
}

function withBrand(label: string, brand: string | undefined): string {
  return brand === undefined ? label : `${label} [${brand}]`;
}

function formatStrengthUnit(unit: string): string {
  return unit
    .toLowerCase()
    .replace(/\bml\b/g, 'mL')
    .replace(/\bl\b/g, 'L')
    .replace(/\bmeq\b/g, 'mEq')
    .replace(/\bunt\b/g, 'units');
}

function abbreviateForm(form: string): string {
  let result = form;
  for (const [pattern, abbreviation] of FORM_ABBREVIATIONS) result = result.replace(pattern, abbreviation);
  return result
    .split(' ')
    .map((word) =>
      word === 'ER' || word === 'DR' || word === 'MDI' || word === 'DPI' ? word : word.toLowerCase(),
    )
    .join(' ');
}

/** Common frequencies as the abbreviations prescribers write (daily, BID, TID, QID, qNh). */
function formatFrequency(timing: Timing | undefined): string | undefined {
  const repeat = timing?.repeat;
  if (repeat === undefined) return timing?.code?.text;
  const frequency = repeat.frequency ?? 1;
  const period = repeat.period;
  const unit = repeat.periodUnit;
  if (period === undefined || unit === undefined) return undefined;
  if (period === 1 && unit === 'd') {
    const perDay: Readonly<Record<number, string>> = { 1: 'daily', 2: 'BID', 3: 'TID', 4: 'QID' };
    return perDay[frequency] ?? `${frequency}x/d`;
  }
  if (frequency === 1) {
    if (unit === 'h') return `q${period}h`;
    if (period === 1 && unit === 'wk') return 'weekly';
    if (period === 1 && unit === 'mo') return 'monthly';
    return `every ${period}${unit}`;
  }
  return `${frequency}x per ${period}${unit}`;
}

/** A short sig from the first structured dosage: "1 BID", "2 mg q6h", "PRN"; undefined when nothing is structured. */
export function formatDosage(dosages: readonly Dosage[] | undefined): string | undefined {
  const dosage = dosages?.[0];
  if (dosage === undefined) return undefined;
  const parts: string[] = [];
  const dose = dosage.doseAndRate?.find((entry) => entry.doseQuantity !== undefined)?.doseQuantity;
  if (dose?.value !== undefined)
    parts.push(dose.unit === undefined ? String(dose.value) : `${dose.value} ${dose.unit}`);
  const frequency = formatFrequency(dosage.timing);
  if (frequency !== undefined) parts.push(frequency);
  if (dosage.asNeededBoolean === true || dosage.asNeededCodeableConcept !== undefined) parts.push('PRN');
  return parts.length === 0 ? undefined : parts.join(' ');
}
