// The ClinicalContext as the rules read it: the record as of the date the patient is seen (`nowMs`). The context
// puts times before its reference instant, which for a deceased patient is the death; rules judge intervals
// ("last INR 120 days ago") from the date seen, so times are moved to it here, and anything dated after that
// date is left out. A patient whose recorded death is after the date seen was alive then.
import type { ClinicalContext, CodeRef, StructuredDose } from '../../context/clinical-context.ts';
import type { SourceRef } from '../../context/context-types.ts';
import type { DataQualityFlag } from '../../context/data-quality.ts';
import type { ClinicalEvent } from '../../context/context-events.ts';
import type { MedicationIngredient } from '../../context/medication-names.ts';
import type { ConditionCodes } from '../../terminology/condition-codes.ts';
import { matchesCondition, rxnormIngredientsOf } from './rule-codes.ts';

export interface RulePoint {
  readonly name: string;
  readonly loinc: string | undefined;
  /** Days before the date seen. */
  readonly daysAgo: number;
  readonly value: number;
  readonly unit: string;
  readonly implausible: boolean;
  readonly source: SourceRef;
}

export interface RuleCodedResult {
  readonly name: string;
  readonly loinc: string | undefined;
  readonly text: string;
  readonly daysAgo: number;
  readonly source: SourceRef;
}

export interface RuleBloodPressure {
  readonly daysAgo: number;
  readonly systolicMmHg: number;
  readonly diastolicMmHg: number;
  readonly implausible: boolean;
  readonly source: SourceRef;
}

export interface RuleProblem {
  readonly name: string;
  readonly codes: readonly CodeRef[];
  readonly onsetDaysAgo: number | undefined;
  readonly source: SourceRef;
}

export interface RuleMedication {
  readonly name: string;
  readonly dosage: string | undefined;
  /** Normalized ingredient names, from the drug name and any RxNorm ingredient code. */
  readonly ingredientNames: readonly string[];
  readonly ingredients: readonly MedicationIngredient[];
  readonly structuredDose: StructuredDose | undefined;
  readonly lastDaysAgo: number | undefined;
  readonly startDaysAgo: number | undefined;
  readonly source: SourceRef;
}

export interface RuleDatedItem {
  readonly name: string;
  readonly codes: readonly CodeRef[];
  readonly count: number;
  /** Days before the date seen of the latest one. */
  readonly lastDaysAgo: number | undefined;
  readonly source: SourceRef;
}

export type SmokingHistory = 'never' | 'former' | 'current' | 'unknown';

export interface RuleView {
  /** The date seen, epoch ms. */
  readonly nowMs: number;
  readonly ageYears: number | undefined;
  readonly sex: 'female' | 'male' | undefined;
  /** OMB race category codes recorded (US Core race); empty when none is. */
  readonly raceCategories: readonly string[];
  /** Died on or before the date seen (or deceased with no date). */
  readonly deceasedAtNow: boolean;
  readonly patient: SourceRef | undefined;
  readonly problems: readonly RuleProblem[];
  readonly resolvedProblems: readonly RuleProblem[];
  readonly medications: readonly RuleMedication[];
  readonly procedures: readonly RuleDatedItem[];
  readonly reports: readonly RuleDatedItem[];
  readonly bloodPressure: readonly RuleBloodPressure[];
  readonly smoking:
    | {
        readonly history: SmokingHistory;
        readonly text: string;
        readonly daysAgo: number;
        readonly source: SourceRef;
      }
    | undefined;
  readonly flags: readonly DataQualityFlag[];
  /** Every coded resource (context-events.ts), days before the date seen; those starting after it left out. */
  readonly events: readonly ClinicalEvent[];
  /** Numeric results of the given LOINC codes (every series without), oldest first, up to the date seen. */
  readonly points: (loincs?: ReadonlySet<string>) => readonly RulePoint[];
  /** The latest result of each coded series of the given LOINC codes (every one without), up to the date seen. */
  readonly codedResults: (loincs?: ReadonlySet<string>) => readonly RuleCodedResult[];
}

/** The smoking status text (NHIS / SNOMED CT display) read as a history. */
export function smokingHistoryOf(text: string): SmokingHistory {
  const lower = text.toLowerCase();
  if (/\bnever\b/.test(lower)) return 'never';
  if (/\bformer\b|\bex-smoker\b|\bquit\b/.test(lower)) return 'former';
  if (/unknown if ever|unknown/.test(lower) && !/current/.test(lower)) return 'unknown';
  if (/\bcurrent\b|every day|some day|\bsmoker\b|smokes/.test(lower)) return 'current';
  return 'unknown';
}

/** The context's events; a context built without them cannot be judged (exclusions would be missed silently). */
function eventsOf(context: ClinicalContext): readonly ClinicalEvent[] {
  if (context.events === undefined)
    throw new Error('the rules need a context built with includeEvents (buildRulesContext)');
  return context.events;
}

/**
 * The view of a context built with `buildClinicalContext(record, { nowMs, includeEvents: true })` for the date
 * seen, `nowMs`.
 */
export function buildRuleView(context: ClinicalContext): RuleView {
  const deceased = context.demographics.deceased;
  const deathDaysBeforeNow = deceased?.daysBeforeNow;
  const deceasedAtNow =
    deceased !== undefined && (deathDaysBeforeNow === undefined || deathDaysBeforeNow >= 0);
  // Days before the context's reference → days before the date seen.
  const offset = context.timeReference === 'death' ? (deathDaysBeforeNow ?? 0) : 0;
  const rebase = (days: number | undefined): number | undefined =>
    days === undefined ? undefined : days + offset;
  const isUpToNow = (days: number | undefined): boolean => days === undefined || days >= 0;

  const series = [...context.labs, ...context.vitals, ...context.otherObservations];
  const seriesOf = (loincs: ReadonlySet<string> | undefined): typeof series =>
    loincs === undefined
      ? series
      : series.filter((entry) => entry.loinc !== undefined && loincs.has(entry.loinc));
  const problemOf = (item: {
    name: string;
    codes: readonly CodeRef[];
    onsetDaysAgo?: number | undefined;
    lastDaysAgo?: number | undefined;
    source: SourceRef;
  }): RuleProblem => ({
    name: item.name,
    codes: item.codes,
    onsetDaysAgo: rebase(item.onsetDaysAgo ?? item.lastDaysAgo),
    source: item.source,
  });

  return {
    nowMs: context.nowMs,
    ageYears: deceasedAtNow ? context.demographics.ageYears : context.demographics.ageYearsAtNow,
    sex:
      context.demographics.sex === 'female' || context.demographics.sex === 'male'
        ? context.demographics.sex
        : undefined,
    deceasedAtNow,
    raceCategories: context.demographics.raceCategories,
    patient: context.demographics.source,
    problems: context.problems.map(problemOf).filter((problem) => isUpToNow(problem.onsetDaysAgo)),
    resolvedProblems: context.resolvedProblems.map(problemOf),
    medications: context.medications
      .map((medication): RuleMedication => ({
        name: medication.name,
        dosage: medication.dosage,
        ingredientNames: [
          ...new Set([
            ...medication.ingredients.map((ingredient) => ingredient.name),
            ...rxnormIngredientsOf(medication.codes),
          ]),
        ],
        ingredients: medication.ingredients,
        structuredDose: medication.structuredDose,
        lastDaysAgo: rebase(medication.lastDaysAgo),
        startDaysAgo: rebase(medication.startDaysAgo),
        source: medication.source,
      }))
      .filter((medication) => isUpToNow(medication.startDaysAgo ?? medication.lastDaysAgo)),
    procedures: context.procedures
      .map((item) => ({ ...item, lastDaysAgo: rebase(item.lastDaysAgo) }))
      .filter((item) => isUpToNow(item.lastDaysAgo)),
    reports: context.reports
      .map((item) => ({
        name: item.name,
        codes: item.codes,
        count: 1,
        lastDaysAgo: rebase(item.daysAgo),
        source: item.source,
      }))
      .filter((item) => isUpToNow(item.lastDaysAgo)),
    bloodPressure: (context.bloodPressure?.readings ?? [])
      .map((reading) => ({ ...reading, daysAgo: reading.daysAgo + offset }))
      .filter((reading) => reading.daysAgo >= 0),
    smoking:
      context.smoking === undefined || context.smoking.daysAgo + offset < 0
        ? undefined
        : {
            history: smokingHistoryOf(context.smoking.text),
            text: context.smoking.text,
            daysAgo: context.smoking.daysAgo + offset,
            source: context.smoking.source,
          },
    flags: context.flags,
    events: eventsOf(context)
      .map((event) => ({
        ...event,
        startDaysAgo: rebase(event.startDaysAgo),
        endDaysAgo: rebase(event.endDaysAgo),
      }))
      .filter((event) => isUpToNow(event.startDaysAgo)),
    points: (loincs) =>
      seriesOf(loincs)
        .flatMap((entry) =>
          entry.points.map((point) => ({
            name: entry.name,
            loinc: entry.loinc,
            daysAgo: point.daysAgo + offset,
            value: point.value,
            unit: point.unit,
            implausible: point.implausible,
            source: point.source,
          })),
        )
        .filter((point) => point.daysAgo >= 0)
        .sort((a, b) => b.daysAgo - a.daysAgo || a.source.id.localeCompare(b.source.id)),
    codedResults: (loincs) =>
      seriesOf(loincs)
        .filter((entry) => entry.latest.value.kind === 'coded')
        .flatMap((entry) =>
          entry.latest.value.kind === 'coded' && entry.latest.daysAgo + offset >= 0
            ? [
                {
                  name: entry.name,
                  loinc: entry.loinc,
                  text: entry.latest.value.text,
                  daysAgo: entry.latest.daysAgo + offset,
                  source: entry.latest.source,
                },
              ]
            : [],
        ),
  };
}

// ---- Lookups rules share ---------------------------------------------------------------------------------

/**
 * `compute` once per view: what several rules ask of the same patient (the risk scores, whether they are in
 * hospice) is worked out by the first and read by the rest.
 */
export function oncePerView<T>(compute: (view: RuleView) => T): (view: RuleView) => T {
  const known = new WeakMap<RuleView, { readonly value: T }>();
  return (view) => {
    let entry = known.get(view);
    if (entry === undefined) {
      entry = { value: compute(view) };
      known.set(view, entry);
    }
    return entry.value;
  };
}

export function findProblem(view: RuleView, codes: ConditionCodes): RuleProblem | undefined {
  return view.problems.find((problem) => matchesCondition(problem.codes, codes));
}

export function medicationsWith(view: RuleView, ingredients: ReadonlySet<string>): RuleMedication[] {
  return view.medications.filter((medication) =>
    medication.ingredientNames.some((name) => ingredients.has(name)),
  );
}

/** The plausible points, newest last. */
export function plausiblePoints(points: readonly RulePoint[]): RulePoint[] {
  return points.filter((point) => !point.implausible);
}

/** The latest plausible point taken at most `withinDays` before the date seen. */
export function latestPlausible(points: readonly RulePoint[], withinDays: number): RulePoint | undefined {
  const latest = plausiblePoints(points).at(-1);
  return latest !== undefined && latest.daysAgo <= withinDays ? latest : undefined;
}

/** The eGFR flagged as inconsistent with the creatinine drawn with it, if this is that eGFR. */
export function creatinineMismatchOf(
  view: RuleView,
  egfr: RulePoint,
): { readonly creatinineMgDl: number; readonly creatinineSource: SourceRef } | undefined {
  for (const flag of view.flags) {
    if (flag.kind === 'egfr-creatinine-mismatch' && flag.egfrSource.id === egfr.source.id)
      return { creatinineMgDl: flag.creatinineMgDl, creatinineSource: flag.creatinineSource };
  }
  return undefined;
}

/**
 * Days before the date seen of each resource the view dates (results, readings, drugs by last order, problems
 * by onset, procedures and reports), for ranking findings by how recent their evidence is.
 */
export function evidenceDaysAgoOf(view: RuleView): (source: SourceRef) => number | undefined {
  const days = new Map<string, number>();
  const note = (source: SourceRef, daysAgo: number | undefined): void => {
    if (daysAgo === undefined) return;
    const key = `${source.resourceType}/${source.id}`;
    const known = days.get(key);
    if (known === undefined || daysAgo < known) days.set(key, daysAgo);
  };
  for (const point of view.points()) note(point.source, point.daysAgo);
  for (const result of view.codedResults()) note(result.source, result.daysAgo);
  for (const reading of view.bloodPressure) note(reading.source, reading.daysAgo);
  for (const medication of view.medications) note(medication.source, medication.lastDaysAgo);
  for (const problem of [...view.problems, ...view.resolvedProblems])
    note(problem.source, problem.onsetDaysAgo);
  for (const item of [...view.procedures, ...view.reports]) note(item.source, item.lastDaysAgo);
  if (view.smoking !== undefined) note(view.smoking.source, view.smoking.daysAgo);
  return (source) => days.get(`${source.resourceType}/${source.id}`);
}
