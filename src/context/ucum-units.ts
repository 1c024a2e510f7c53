// Units for the model context: every quantity in a series is brought to one UCUM unit (the unit US labs report
// in, per analyte), so a trend never mixes mg/dL with mmol/L. UCUM is the unit system FHIR R4 Quantity uses
// (http://unitsofmeasure.org); EHRs also send display units ("mmHg", "lbs", "mEq/L"), mapped here to UCUM codes.
import type { Quantity } from 'fhir/r4';
import { mapByAnalyteCode } from '../terminology/analyte-codes.ts';
import { SYSTEM_UCUM } from '../terminology/code-systems.ts';
import { LOINC_HBA1C } from '../terminology/lab-codes.ts';

export interface NormalizedQuantity {
  readonly value: number;
  /** UCUM code, or the sender's unit text when it is not one we know. */
  readonly unit: string;
  /** True when the value was converted from another unit. */
  readonly converted: boolean;
}

/** Display units and common misspellings → UCUM codes. Keys are lower-case. */
const UCUM_SYNONYMS: Readonly<Record<string, string>> = {
  'mg/dl': 'mg/dL',
  'g/dl': 'g/dL',
  'g/l': 'g/L',
  'mg/l': 'mg/L',
  'ug/dl': 'ug/dL',
  'µg/dl': 'ug/dL',
  'ug/ml': 'ug/mL',
  'µg/ml': 'ug/mL',
  'ng/ml': 'ng/mL',
  'ng/dl': 'ng/dL',
  'pg/ml': 'pg/mL',
  'mmol/l': 'mmol/L',
  'umol/l': 'umol/L',
  'µmol/l': 'umol/L',
  'nmol/l': 'nmol/L',
  'pmol/l': 'pmol/L',
  'mol/l': 'mol/L',
  'u/l': 'U/L',
  'iu/l': 'U/L',
  '[iu]/l': 'U/L',
  'ukat/l': 'ukat/L',
  mmhg: 'mm[Hg]',
  'mm hg': 'mm[Hg]',
  'mm[hg]': 'mm[Hg]',
  kpa: 'kPa',
  kg: 'kg',
  g: 'g',
  lb: '[lb_av]',
  lbs: '[lb_av]',
  '[lb_av]': '[lb_av]',
  oz: '[oz_av]',
  '[oz_av]': '[oz_av]',
  cm: 'cm',
  m: 'm',
  mm: 'mm',
  in: '[in_i]',
  '[in_i]': '[in_i]',
  ft: '[ft_i]',
  '[ft_i]': '[ft_i]',
  cel: 'Cel',
  '°c': 'Cel',
  degc: 'Cel',
  c: 'Cel',
  '[degf]': '[degF]',
  '°f': '[degF]',
  degf: '[degF]',
  f: '[degF]',
  '/min': '/min',
  'beats/min': '/min',
  'beats/minute': '/min',
  bpm: '/min',
  'breaths/min': '/min',
  '{beats}/min': '/min',
  '{breaths}/min': '/min',
  '%': '%',
  'kg/m2': 'kg/m2',
  'kg/m^2': 'kg/m2',
  '10*3/ul': '10*3/uL',
  '10^3/ul': '10*3/uL',
  'k/ul': '10*3/uL',
  '10*3/mm3': '10*3/uL',
  '10*9/l': '10*9/L',
  '10^9/l': '10*9/L',
  '10*6/ul': '10*6/uL',
  '10^6/ul': '10*6/uL',
  'm/ul': '10*6/uL',
  '10*12/l': '10*12/L',
  '10^12/l': '10*12/L',
  'mmol/mol': 'mmol/mol',
  'meq/l': 'meq/L',
  'ml/min/{1.73_m2}': 'mL/min/{1.73_m2}',
  'ml/min/1.73m2': 'mL/min/{1.73_m2}',
  'ml/min/1.73 m2': 'mL/min/{1.73_m2}',
  'ml/min/1.73_m2': 'mL/min/{1.73_m2}',
  'ml/min/{1.73m2}': 'mL/min/{1.73_m2}',
  'ml/min': 'mL/min',
};

/** Multiplicative families: factor to the family's base unit. */
const FAMILIES: readonly Readonly<Record<string, number>>[] = [
  // Mass concentration, base g/L.
  {
    'g/L': 1,
    'g/dL': 10,
    'mg/mL': 1,
    'mg/dL': 0.01,
    'mg/L': 1e-3,
    'ug/mL': 1e-3,
    'ug/dL': 1e-5,
    'ug/L': 1e-6,
    'ng/mL': 1e-6,
    'ng/dL': 1e-8,
    'ng/L': 1e-9,
    'pg/mL': 1e-9,
  },
  // Substance concentration, base mol/L.
  { 'mol/L': 1, 'mmol/L': 1e-3, 'umol/L': 1e-6, 'nmol/L': 1e-9, 'pmol/L': 1e-12 },
  // Number concentration (cell counts), base /L.
  { '10*9/L': 1e9, '10*3/uL': 1e9, '10*12/L': 1e12, '10*6/uL': 1e12, '/uL': 1e6 },
  // Mass, base kg.
  { kg: 1, g: 1e-3, '[lb_av]': 0.45359237, '[oz_av]': 0.028349523125 },
  // Length, base cm.
  { cm: 1, m: 100, mm: 0.1, '[in_i]': 2.54, '[ft_i]': 30.48 },
  // Pressure, base mm[Hg].
  { 'mm[Hg]': 1, kPa: 7.500616827 },
  // Catalytic activity, base U/L (1 µkat/L = 60 U/L).
  { 'U/L': 1, 'ukat/L': 60 },
];

const MASS_CONCENTRATION = FAMILIES[0] ?? {};
const SUBSTANCE_CONCENTRATION = FAMILIES[1] ?? {};

interface CanonicalUnit {
  readonly unit: string;
  /** g/mol, for converting between mass and substance concentration (mg/dL ↔ mmol/L). */
  readonly molarMassGPerMol?: number;
  /** Units that are the same thing for this analyte (mEq/L is mmol/L for monovalent ions). */
  readonly sameAs?: readonly string[];
}

const MONOVALENT_ION: CanonicalUnit = { unit: 'mmol/L', sameAs: ['meq/L'] };
const EGFR_UNIT: CanonicalUnit = {
  unit: 'mL/min/{1.73_m2}',
  // eGFR is by definition normalised to 1.73 m² body surface area (the LOINC codes say so); Synthea and some
  // EHRs label it plain "mL/min".
  sameAs: ['mL/min'],
};

/** The unit each analyte is shown in, by LOINC code (US conventional units, as US labs report). */
const CANONICAL_UNITS: ReadonlyMap<string, CanonicalUnit> = mapByAnalyteCode<CanonicalUnit>({
  glucose: { unit: 'mg/dL', molarMassGPerMol: 180.156 },
  creatinine: { unit: 'mg/dL', molarMassGPerMol: 113.12 },
  // Urea nitrogen: 1 mmol/L of urea carries 28.014 mg/L of nitrogen.
  ureaNitrogen: { unit: 'mg/dL', molarMassGPerMol: 28.014 },
  calcium: { unit: 'mg/dL', molarMassGPerMol: 40.078 },
  totalCholesterol: { unit: 'mg/dL', molarMassGPerMol: 386.65 },
  ldl: { unit: 'mg/dL', molarMassGPerMol: 386.65 },
  hdl: { unit: 'mg/dL', molarMassGPerMol: 386.65 },
  triglycerides: { unit: 'mg/dL', molarMassGPerMol: 885.7 },
  sodium: MONOVALENT_ION,
  potassium: MONOVALENT_ION,
  chloride: MONOVALENT_ION,
  carbonDioxide: MONOVALENT_ION,
  hemoglobin: { unit: 'g/dL' },
  mchc: { unit: 'g/dL' },
  totalProtein: { unit: 'g/dL' },
  albumin: { unit: 'g/dL' },
  globulin: { unit: 'g/dL' },
  bilirubinTotal: { unit: 'mg/dL' },
  wbc: { unit: '10*3/uL' },
  platelets: { unit: '10*3/uL' },
  rbc: { unit: '10*6/uL' },
  alkalinePhosphatase: { unit: 'U/L' },
  alt: { unit: 'U/L' },
  ast: { unit: 'U/L' },
  hba1c: { unit: '%' },
  egfr: EGFR_UNIT,
  bodyWeight: { unit: 'kg' },
  bodyHeight: { unit: 'cm' },
  headCircumference: { unit: 'cm' },
  bmi: { unit: 'kg/m2' },
  bodyTemperature: { unit: 'Cel' },
  oralTemperature: { unit: 'Cel' },
  systolicBp: { unit: 'mm[Hg]' },
  diastolicBp: { unit: 'mm[Hg]' },
  heartRate: { unit: '/min' },
  respiratoryRate: { unit: '/min' },
  oxygenSaturation: { unit: '%' },
  pulseOximetry: { unit: '%' },
});

/** The UCUM code of a quantity's unit: its `code` when the system is UCUM, else its `unit` text mapped to UCUM. */
export function quantityUnit(quantity: Quantity): string | undefined {
  const raw =
    quantity.system === SYSTEM_UCUM && quantity.code !== undefined
      ? quantity.code
      : (quantity.unit ?? quantity.code);
  if (raw === undefined) return undefined;
  const trimmed = raw.trim();
  return UCUM_SYNONYMS[trimmed.toLowerCase()] ?? trimmed;
}

/**
 * The quantity in the analyte's canonical unit when we know one and can convert; else in its own unit
 * (`converted: false`, and a unit that differs from the canonical one, which the caller shows as a mixed-unit
 * series). Undefined when the quantity has no numeric value.
 */
export function normalizeQuantity(
  loinc: string | undefined,
  quantity: Quantity,
): NormalizedQuantity | undefined {
  const value = quantity.value;
  if (value === undefined || !Number.isFinite(value)) return undefined;
  const unit = quantityUnit(quantity) ?? '';
  const canonical = loinc === undefined ? undefined : CANONICAL_UNITS.get(loinc);
  if (canonical === undefined || unit === canonical.unit) return { value, unit, converted: false };
  if (canonical.sameAs?.includes(unit) === true) return { value, unit: canonical.unit, converted: false };
  const converted = convertValue(value, unit, canonical, loinc);
  return converted === undefined
    ? { value, unit, converted: false }
    : { value: converted, unit: canonical.unit, converted: true };
}

/** The analyte's canonical unit, if we know one. */
export function canonicalUnitOf(loinc: string | undefined): string | undefined {
  return loinc === undefined ? undefined : CANONICAL_UNITS.get(loinc)?.unit;
}

function convertValue(
  value: number,
  from: string,
  canonical: CanonicalUnit,
  loinc: string | undefined,
): number | undefined {
  const to = canonical.unit;
  if (to === 'Cel' && from === '[degF]') return ((value - 32) * 5) / 9;
  // HbA1c reported in IFCC units: NGSP % = 0.09148 × IFCC mmol/mol + 2.152 (the NGSP/IFCC master equation).
  if (loinc === LOINC_HBA1C && from === 'mmol/mol') return 0.09148 * value + 2.152;
  for (const family of FAMILIES) {
    const fromFactor = family[from];
    const toFactor = family[to];
    if (fromFactor !== undefined && toFactor !== undefined) return (value * fromFactor) / toFactor;
  }
  const molarMass = canonical.molarMassGPerMol;
  if (molarMass === undefined) return undefined;
  // mol/L × g/mol = g/L, and the reverse.
  const fromMolar = SUBSTANCE_CONCENTRATION[from];
  const toMass = MASS_CONCENTRATION[to];
  if (fromMolar !== undefined && toMass !== undefined) return (value * fromMolar * molarMass) / toMass;
  const fromMass = MASS_CONCENTRATION[from];
  const toMolar = SUBSTANCE_CONCENTRATION[to];
  if (fromMass !== undefined && toMolar !== undefined) return (value * fromMass) / molarMass / toMolar;
  return undefined;
}

/** UCUM codes as people read them; annotations such as `{score}` carry no unit and are dropped. */
const DISPLAY_UNITS: Readonly<Record<string, string>> = {
  'mm[Hg]': 'mmHg',
  'mL/min/{1.73_m2}': 'mL/min/1.73m2',
  Cel: '°C',
  '[degF]': '°F',
  '[lb_av]': 'lb',
  '[oz_av]': 'oz',
  '[in_i]': 'in',
  '[ft_i]': 'ft',
  '10*3/uL': '10^3/uL',
  '10*6/uL': '10^6/uL',
  '10*9/L': '10^9/L',
  '10*12/L': '10^12/L',
  pH: '',
};

export function formatUnit(unit: string): string {
  const mapped = DISPLAY_UNITS[unit];
  if (mapped !== undefined) return mapped;
  // A unit that is only an annotation ({score}, {T-score}, (score), {nominal}) is dimensionless.
  if (/^(?:\{[^}]*\}|\([^)]*\))$/.test(unit)) return '';
  return unit.replace(/\{[^}]*\}/g, '').replace(/\/$/, '');
}
