// PatientRecord → ClinicalContext: the clinically meaningful picture of a patient as plain data, de-identified by
// allowlist. Only the fields named here are copied out of the record: ages instead of dates of birth, times as
// days before a reference instant, coded names (scrubbed of the patient's identifiers), values and units. No
// names, identifiers, telecom, addresses or calendar dates, and no free text unless a setting lets it in. Each
// fact keeps the `Type/id` of its source so that the renderer can give it a citation alias; ids never reach
// the model's text.
import type {
  AllergyIntolerance,
  CodeableConcept,
  Condition,
  Dosage,
  Encounter,
  FamilyMemberHistory,
  MedicationRequest,
  MedicationStatement,
  Procedure,
} from 'fhir/r4';
import { listRecordResources, type PatientRecord } from '../record/patient-record.ts';
import { SYSTEM_CVX } from '../terminology/code-systems.ts';
import { ENCOUNTER_CLASS_LABELS, FAMILY_RELATIONSHIP_LABELS } from '../terminology/hl7-v3-codes.ts';
import { CREATININE_CODES, EGFR_CODES } from '../terminology/lab-codes.ts';
import type { SourceRef } from './context-types.ts';
import {
  ckdEpi2021Egfr,
  ckdStageOf,
  EGFR_MISMATCH_FACTOR,
  gfrCategory,
  implausibleValueFlags,
  isDiabetes,
  isPrediabetes,
  simultaneousValueFlags,
  type DataQualityFlag,
} from './data-quality.ts';
import {
  conceptCode,
  conceptCodings,
  conceptDisplayText,
  conceptKeys,
  conceptLabel,
  createResourceIndex,
} from './fhir-concepts.ts';
import {
  collectPatientIdentifiers,
  createTextScrubber,
  prepareFreeText,
  type TextScrubber,
} from './free-text.ts';
import { medicationConceptOf } from './medication-concept.ts';
import {
  formatDosage,
  formatMedicationName,
  parseMedicationIngredients,
  type MedicationIngredient,
} from './medication-names.ts';
import {
  sourceOf,
  summarizeObservations,
  type BloodPressureSeries,
  type ObservationSeries,
  type SmokingStatus,
} from './observation-series.ts';
import { ageYearsAt, daysBefore, MS_PER_DAY, parseFhirDateTimeMs } from './relative-time.ts';
import {
  isWithheldBySensitivity,
  sensitiveCategoriesOfConcept,
  type SensitiveCategory,
} from './sensitive-categories.ts';
import { findUnresolvedReferences } from './unresolved-references.ts';
import { findWithheldResources } from './withheld-resources.ts';

export interface ClinicalContextOptions {
  /** The current time, epoch milliseconds (pure code never reads the clock). */
  readonly nowMs: number;
  /**
   * Sensitive categories to include. Default none: substance use disorder, HIV/STI, mental health, abuse and
   * violence, criminal record and reproductive health are left out (see sensitive-categories.ts).
   */
  readonly includeSensitiveCategories?: readonly SensitiveCategory[];
  /**
   * Include free text (notes, comments, report conclusions, reaction descriptions), scrubbed of the patient's
   * identifiers and quoted as untrusted data. Default false.
   */
  readonly includeFreeText?: boolean;
  /** What counts as recent for labs, procedures and immunizations. Default three years. */
  readonly recentDays?: number;
  /**
   * `Type/id` of the resources left out as entered in error (the loader's `excludedEnteredInErrorKeys`, a
   * Bundle's `excludedEnteredInError`): a reference to one is not a resource that failed to load.
   */
  readonly excludedEnteredInError?: readonly string[];
  /** The FHIR base the record was read from, so that absolute references to it count as this server's. */
  readonly fhirBaseUrl?: string;
}

export const DEFAULT_RECENT_DAYS = 1096;

/**
 * A code of an item (SNOMED CT, ICD-10-CM, RxNorm, CVX, LOINC …), for rules that match on codes rather than
 * names. Codes only, no display text: the name is the item's `name`.
 */
export interface CodeRef {
  readonly system: string;
  readonly code: string;
}

export interface Demographics {
  /** Completed years at the reference instant (now, or death). */
  readonly ageYears: number | undefined;
  /** Under two years, completed months as well: paediatric doses and growth are read in months. */
  readonly ageMonths: number | undefined;
  /** FHIR administrative gender. */
  readonly sex: string | undefined;
  readonly deceased: { readonly daysBeforeNow: number | undefined } | undefined;
  readonly source: SourceRef | undefined;
  /**
   * Completed years at `nowMs`, even for a deceased patient (whose `ageYears` is at death): rules judge a
   * patient seen at a date before the recorded death as alive at that date.
   */
  readonly ageYearsAtNow: number | undefined;
}

export interface ProblemItem {
  readonly name: string;
  /** Age at onset; the recorded date stands in when the onset is missing (`onsetIsRecordedDate`). */
  readonly onsetAgeYears: number | undefined;
  readonly onsetDaysAgo: number | undefined;
  readonly onsetIsRecordedDate: boolean;
  /** Clinical status (active, recurrence, relapse), or undefined when the record gives none. */
  readonly status: string | undefined;
  /** Verification status when it is not confirmed (provisional, differential, unconfirmed). */
  readonly verification: string | undefined;
  /** How many active Conditions carry this problem (duplicates collapse into one). */
  readonly occurrences: number;
  readonly note: string | undefined;
  readonly source: SourceRef;
  /** The codes of the Condition shown (`source`). */
  readonly codes: readonly CodeRef[];
}

export interface ResolvedProblemItem {
  readonly name: string;
  readonly occurrences: number;
  readonly firstOnsetAgeYears: number | undefined;
  readonly lastOnsetAgeYears: number | undefined;
  readonly lastDaysAgo: number | undefined;
  readonly source: SourceRef;
  /** The codes of the Condition shown (`source`). */
  readonly codes: readonly CodeRef[];
}

export interface MedicationItem {
  readonly name: string;
  readonly dosage: string | undefined;
  readonly status: string;
  readonly kind: 'request' | 'statement';
  /** Days since it was last ordered (authoredOn) or asserted. */
  readonly lastDaysAgo: number | undefined;
  readonly occurrences: number;
  readonly note: string | undefined;
  readonly source: SourceRef;
  /** The drug's codes (RxNorm for Synthea, Epic and Oracle Health: product level, SCD/SBD, not ingredient). */
  readonly codes: readonly CodeRef[];
  /** Ingredients with their strengths, from the drug name (see parseMedicationIngredients). */
  readonly ingredients: readonly MedicationIngredient[];
  /** Days since the earliest current order of it (authoredOn) or statement, when known. */
  readonly startDaysAgo: number | undefined;
  /** The structured dose of the latest order: amount (with its unit, if any) and times a day, when given. */
  readonly structuredDose: StructuredDose | undefined;
}

export interface StructuredDose {
  readonly amount: number;
  /** Undefined for a count of the product's units (tablets, puffs), as Synthea writes it. */
  readonly unit: string | undefined;
  readonly timesPerDay: number | undefined;
}

export interface AllergyItem {
  readonly name: string;
  readonly categories: readonly string[];
  readonly criticality: string | undefined;
  readonly clinicalStatus: string | undefined;
  readonly verification: string | undefined;
  readonly reactions: readonly {
    readonly manifestations: readonly string[];
    readonly severity: string | undefined;
  }[];
  readonly recordedDaysAgo: number | undefined;
  readonly note: string | undefined;
  readonly source: SourceRef;
}

export interface EncounterSummary {
  readonly total: number;
  /** Counts by class in each of the last five years before the reference (0 = the last 12 months), then earlier. */
  readonly byYear: readonly {
    readonly yearsAgo: number | 'earlier';
    readonly counts: Readonly<Record<string, number>>;
  }[];
  readonly last: {
    readonly classLabel: string;
    readonly type: string | undefined;
    readonly daysAgo: number;
    readonly source: SourceRef;
  };
  readonly lastByClass: readonly { readonly classLabel: string; readonly daysAgo: number }[];
}

export interface ProcedureItem {
  readonly name: string;
  readonly count: number;
  readonly lastDaysAgo: number;
  readonly note: string | undefined;
  readonly source: SourceRef;
  readonly codes: readonly CodeRef[];
}

export interface ImmunizationItem {
  readonly name: string;
  readonly count: number;
  readonly lastDaysAgo: number;
  readonly source: SourceRef;
  readonly codes: readonly CodeRef[];
}

export interface ReportItem {
  readonly name: string;
  readonly category: string | undefined;
  readonly daysAgo: number | undefined;
  readonly conclusionCodes: readonly string[];
  /** Scrubbed conclusion text, only with free text included. */
  readonly conclusion: string | undefined;
  /** A conclusion exists but free text is off. */
  readonly conclusionWithheld: boolean;
  readonly source: SourceRef;
  readonly codes: readonly CodeRef[];
}

export interface FamilyHistoryItem {
  readonly relationship: string;
  readonly conditions: readonly { readonly name: string; readonly onsetAgeYears: number | undefined }[];
  readonly note: string | undefined;
  readonly source: SourceRef;
}

export interface ClinicalContext {
  /**
   * The date the patient is seen, epoch ms: the `nowMs` the context was built for. Rules judge ages, overdue
   * intervals and whether the patient has died at this date, so they read it here rather than from a second
   * argument that could disagree with the context.
   */
  readonly nowMs: number;
  /** Times are days before this instant: now, or the death of a deceased patient. */
  readonly timeReference: 'now' | 'death';
  readonly recentDays: number;
  readonly demographics: Demographics;
  readonly flags: readonly DataQualityFlag[];
  readonly allergies: readonly AllergyItem[];
  readonly problems: readonly ProblemItem[];
  readonly resolvedProblems: readonly ResolvedProblemItem[];
  readonly medications: readonly MedicationItem[];
  readonly labs: readonly ObservationSeries[];
  readonly vitals: readonly ObservationSeries[];
  readonly otherObservations: readonly ObservationSeries[];
  readonly bloodPressure: BloodPressureSeries | undefined;
  readonly smoking: SmokingStatus | undefined;
  readonly encounters: EncounterSummary | undefined;
  readonly procedures: readonly ProcedureItem[];
  readonly immunizations: readonly ImmunizationItem[];
  readonly reports: readonly ReportItem[];
  readonly familyHistory: readonly FamilyHistoryItem[];
  readonly policy: {
    readonly includedSensitiveCategories: readonly SensitiveCategory[];
    readonly includeFreeText: boolean;
    /** Resources left out for sensitivity: reported on our side, never in the model's text. */
    readonly withheldSensitiveCount: number;
  };
}

const ACTIVE_CLINICAL_STATUSES: ReadonlySet<string> = new Set(['active', 'recurrence', 'relapse']);
const REFUTED = 'refuted';
/** MedicationRequest / MedicationStatement statuses that mean "the patient is on it" (on-hold is shown as such). */
const CURRENT_MEDICATION_STATUSES: ReadonlySet<string> = new Set(['active', 'on-hold']);
const DONE_PROCEDURE_STATUSES: ReadonlySet<string> = new Set(['completed', 'in-progress']);
const NOT_HELD_ENCOUNTER_STATUSES: ReadonlySet<string> = new Set([
  'cancelled',
  'entered-in-error',
  'planned',
]);
/** HL7 v2-0074 diagnostic service sections that are laboratory panels: their results are in the lab series. */
const LAB_REPORT_CATEGORIES: ReadonlySet<string> = new Set(['LAB', 'CH', 'HM', 'CHEM', 'HEM', 'laboratory']);
const ENCOUNTER_YEARS_SHOWN = 5;

/** Every `system|code` of a concept as CodeRefs (codings without a code, or a system, are left out). */
function codeRefsOf(concept: CodeableConcept | undefined): CodeRef[] {
  return conceptCodings(concept).flatMap((coding) =>
    coding.system === undefined || coding.code === undefined
      ? []
      : [{ system: coding.system, code: coding.code }],
  );
}

/** Times a day from a dosage's timing (a frequency per period in h, d or wk); undefined otherwise. */
const HOURS_PER_PERIOD_UNIT: Readonly<Record<string, number>> = { h: 1, d: 24, wk: 168 };

function structuredDoseOf(dosages: readonly Dosage[] | undefined): StructuredDose | undefined {
  const dosage = dosages?.[0];
  const dose = dosage?.doseAndRate?.find((entry) => entry.doseQuantity !== undefined)?.doseQuantity;
  if (dosage === undefined || dose?.value === undefined) return undefined;
  const repeat = dosage.timing?.repeat;
  const hours = repeat?.periodUnit === undefined ? undefined : HOURS_PER_PERIOD_UNIT[repeat.periodUnit];
  const timesPerDay =
    repeat?.period === undefined || repeat.period <= 0 || hours === undefined
      ? undefined
      : ((repeat.frequency ?? 1) * 24) / (repeat.period * hours);
  return { amount: dose.value, unit: dose.unit ?? dose.code, timesPerDay };
}

function statusCode(concept: { coding?: { code?: string }[] } | undefined): string | undefined {
  return concept?.coding?.find((coding) => coding.code !== undefined)?.code;
}

/** Active: clinical status active, recurrence or relapse (or none given), no abatement, not refuted. */
export function isActiveCondition(condition: Condition): boolean {
  if (statusCode(condition.verificationStatus) === REFUTED) return false;
  const abated =
    condition.abatementDateTime !== undefined ||
    condition.abatementAge !== undefined ||
    condition.abatementPeriod !== undefined ||
    condition.abatementRange !== undefined ||
    condition.abatementString !== undefined;
  if (abated) return false;
  const status = statusCode(condition.clinicalStatus);
  return status === undefined || ACTIVE_CLINICAL_STATUSES.has(status);
}

export function isCurrentMedication(resource: MedicationRequest | MedicationStatement): boolean {
  return CURRENT_MEDICATION_STATUSES.has(resource.status);
}

/** Allergies shown: every one not refuted (inactive and resolved ones are shown with their status). */
export function isShownAllergy(allergy: AllergyIntolerance): boolean {
  return statusCode(allergy.verificationStatus) !== REFUTED;
}

/** A problem's identity across Conditions: its first code, else its name. */
function problemKey(condition: Condition): string {
  return conceptKeys(condition.code)[0] ?? conceptLabel(condition.code).toLowerCase();
}

function conditionOnsetMs(condition: Condition): { ms: number | undefined; isRecordedDate: boolean } {
  const onset =
    parseFhirDateTimeMs(condition.onsetDateTime) ?? parseFhirDateTimeMs(condition.onsetPeriod?.start);
  if (onset !== undefined) return { ms: onset, isRecordedDate: false };
  return { ms: parseFhirDateTimeMs(condition.recordedDate), isRecordedDate: true };
}

function compareBySource(a: { source: SourceRef }, b: { source: SourceRef }): number {
  return a.source.id.localeCompare(b.source.id);
}

/** Most recent first; undefined times last; then by name and id, so the order never depends on input order. */
function sortRecentFirst<T extends { readonly name: string; readonly source: SourceRef }>(
  items: T[],
  daysAgoOf: (item: T) => number | undefined,
): T[] {
  return items.sort((a, b) => {
    const daysA = daysAgoOf(a) ?? Number.MAX_SAFE_INTEGER;
    const daysB = daysAgoOf(b) ?? Number.MAX_SAFE_INTEGER;
    return daysA - daysB || a.name.localeCompare(b.name) || compareBySource(a, b);
  });
}

interface BuildState {
  readonly referenceMs: number;
  readonly birthDate: string | undefined;
  readonly scrub: TextScrubber;
  readonly includeFreeText: boolean;
}

function ageAt(state: BuildState, ms: number | undefined): number | undefined {
  return ms === undefined ? undefined : ageYearsAt(state.birthDate, ms);
}

function daysAgoOf(state: BuildState, ms: number | undefined): number | undefined {
  return ms === undefined ? undefined : daysBefore(state.referenceMs, ms);
}

function freeText(state: BuildState, texts: readonly (string | undefined)[]): string | undefined {
  if (!state.includeFreeText) return undefined;
  const joined = texts.filter((text): text is string => text !== undefined && text.trim() !== '').join(' / ');
  return joined === '' ? undefined : prepareFreeText(joined, state.scrub);
}

function buildProblems(
  conditions: readonly Condition[],
  state: BuildState,
): { active: ProblemItem[]; resolved: ResolvedProblemItem[] } {
  const activeGroups = new Map<string, Condition[]>();
  const resolvedGroups = new Map<string, Condition[]>();
  for (const condition of conditions) {
    if (statusCode(condition.verificationStatus) === REFUTED) continue;
    const groups = isActiveCondition(condition) ? activeGroups : resolvedGroups;
    const key = problemKey(condition);
    groups.set(key, [...(groups.get(key) ?? []), condition]);
  }
  const onsetOf = (condition: Condition): number => conditionOnsetMs(condition).ms ?? Number.MAX_SAFE_INTEGER;
  const byOnset = (a: Condition, b: Condition): number =>
    onsetOf(a) - onsetOf(b) || (a.id ?? '').localeCompare(b.id ?? '');

  const active = [...activeGroups.values()].map((group): ProblemItem => {
    const sorted = [...group].sort(byOnset);
    const first = sorted[0] ?? group[0];
    if (first === undefined) throw new Error('a problem group is never empty');
    const onset = conditionOnsetMs(first);
    const verification = statusCode(first.verificationStatus);
    return {
      name: state.scrub(conceptLabel(first.code)),
      onsetAgeYears: ageAt(state, onset.ms),
      onsetDaysAgo: daysAgoOf(state, onset.ms),
      onsetIsRecordedDate: onset.isRecordedDate,
      status: statusCode(first.clinicalStatus),
      verification: verification === undefined || verification === 'confirmed' ? undefined : verification,
      occurrences: group.length,
      note: freeText(
        state,
        sorted.flatMap((condition) => (condition.note ?? []).map((note) => note.text)),
      ),
      source: sourceOf(first),
      codes: codeRefsOf(first.code),
    };
  });

  const resolved = [...resolvedGroups.values()].map((group): ResolvedProblemItem => {
    const sorted = [...group].sort(byOnset);
    const first = sorted[0];
    const last = sorted[sorted.length - 1];
    if (first === undefined || last === undefined) throw new Error('a problem group is never empty');
    const lastEndMs =
      parseFhirDateTimeMs(last.abatementDateTime) ??
      parseFhirDateTimeMs(last.abatementPeriod?.end) ??
      conditionOnsetMs(last).ms;
    return {
      name: state.scrub(conceptLabel(last.code)),
      occurrences: group.length,
      firstOnsetAgeYears: ageAt(state, conditionOnsetMs(first).ms),
      lastOnsetAgeYears: ageAt(state, conditionOnsetMs(last).ms),
      lastDaysAgo: daysAgoOf(state, lastEndMs),
      source: sourceOf(last),
      codes: codeRefsOf(last.code),
    };
  });

  return {
    active: sortRecentFirst(active, (item) => item.onsetDaysAgo),
    resolved: sortRecentFirst(resolved, (item) => item.lastDaysAgo),
  };
}

function buildMedications(
  resources: readonly (MedicationRequest | MedicationStatement)[],
  state: BuildState,
  index: ReturnType<typeof createResourceIndex>,
): MedicationItem[] {
  const groups = new Map<
    string,
    {
      resource: MedicationRequest | MedicationStatement;
      timeMs: number | undefined;
      name: string;
      concept: CodeableConcept | undefined;
    }[]
  >();
  for (const resource of resources) {
    if (!isCurrentMedication(resource)) continue;
    const concept = medicationConceptOf(resource, index);
    const name = state.scrub(formatMedicationName(conceptLabel(concept)));
    const timeMs =
      resource.resourceType === 'MedicationRequest'
        ? parseFhirDateTimeMs(resource.authoredOn)
        : (parseFhirDateTimeMs(resource.effectiveDateTime) ??
          parseFhirDateTimeMs(resource.effectivePeriod?.start) ??
          parseFhirDateTimeMs(resource.dateAsserted));
    const key = `${resource.resourceType}|${name.toLowerCase()}`;
    groups.set(key, [...(groups.get(key) ?? []), { resource, timeMs, name, concept }]);
  }
  const items = [...groups.values()].map((group) => {
    const sorted = [...group].sort(
      (a, b) => (b.timeMs ?? 0) - (a.timeMs ?? 0) || (a.resource.id ?? '').localeCompare(b.resource.id ?? ''),
    );
    const latest = sorted[0];
    if (latest === undefined) throw new Error('a medication group is never empty');
    const resource = latest.resource;
    const dosage =
      resource.resourceType === 'MedicationRequest' ? resource.dosageInstruction : resource.dosage;
    const sig = formatDosage(dosage);
    const startTimes = group.flatMap((entry) => (entry.timeMs === undefined ? [] : [entry.timeMs]));
    return {
      name: latest.name,
      dosage: sig === undefined ? undefined : state.scrub(sig),
      status: resource.status,
      kind: resource.resourceType === 'MedicationRequest' ? ('request' as const) : ('statement' as const),
      lastDaysAgo: daysAgoOf(state, latest.timeMs),
      occurrences: group.length,
      note: freeText(state, [
        ...(dosage ?? []).flatMap((entry) => [entry.text, entry.patientInstruction]),
        ...(resource.note ?? []).map((note) => note.text),
      ]),
      source: sourceOf(resource),
      codes: codeRefsOf(latest.concept),
      ingredients: parseMedicationIngredients(state.scrub(conceptLabel(latest.concept))),
      startDaysAgo: startTimes.length === 0 ? undefined : daysAgoOf(state, Math.min(...startTimes)),
      structuredDose: structuredDoseOf(dosage),
    };
  });
  return sortRecentFirst(items, (item) => item.lastDaysAgo);
}

/** High criticality first (the ones that can kill), then most recently recorded, then by name. */
function buildAllergies(allergies: readonly AllergyIntolerance[], state: BuildState): AllergyItem[] {
  const criticalityRank: Readonly<Record<string, number>> = { high: 0, 'unable-to-assess': 1, low: 2 };
  return allergies
    .filter(isShownAllergy)
    .map((allergy) => {
      const recordedMs =
        parseFhirDateTimeMs(allergy.recordedDate) ?? parseFhirDateTimeMs(allergy.onsetDateTime);
      const verification = statusCode(allergy.verificationStatus);
      return {
        name: state.scrub(conceptLabel(allergy.code)),
        categories: [...(allergy.category ?? [])],
        criticality: allergy.criticality,
        clinicalStatus: statusCode(allergy.clinicalStatus),
        verification: verification === undefined || verification === 'confirmed' ? undefined : verification,
        reactions: (allergy.reaction ?? []).map((reaction) => ({
          manifestations: reaction.manifestation.flatMap((manifestation) => {
            const text = conceptDisplayText(manifestation);
            return text === undefined ? [] : [state.scrub(text)];
          }),
          severity: reaction.severity,
        })),
        recordedDaysAgo: daysAgoOf(state, recordedMs),
        note: freeText(state, [
          ...(allergy.reaction ?? []).map((reaction) => reaction.description),
          ...(allergy.note ?? []).map((note) => note.text),
        ]),
        source: sourceOf(allergy),
      };
    })
    .sort(
      (a, b) =>
        (criticalityRank[a.criticality ?? ''] ?? 3) - (criticalityRank[b.criticality ?? ''] ?? 3) ||
        (a.recordedDaysAgo ?? Number.MAX_SAFE_INTEGER) - (b.recordedDaysAgo ?? Number.MAX_SAFE_INTEGER) ||
        a.name.localeCompare(b.name) ||
        compareBySource(a, b),
    );
}

function encounterClassLabel(encounter: Encounter): string {
  const code = encounter.class.code;
  if (code !== undefined && ENCOUNTER_CLASS_LABELS[code] !== undefined) return ENCOUNTER_CLASS_LABELS[code];
  return (encounter.class.display ?? code ?? 'unknown').toLowerCase();
}

function buildEncounterSummary(
  encounters: readonly Encounter[],
  state: BuildState,
  isWithheld: (encounter: Encounter) => boolean,
): EncounterSummary | undefined {
  const dated = encounters
    .filter((encounter) => !NOT_HELD_ENCOUNTER_STATUSES.has(encounter.status))
    .flatMap((encounter) => {
      const startMs =
        parseFhirDateTimeMs(encounter.period?.start) ?? parseFhirDateTimeMs(encounter.period?.end);
      return startMs === undefined
        ? []
        : [{ encounter, startMs, classLabel: encounterClassLabel(encounter) }];
    })
    .sort((a, b) => b.startMs - a.startMs || (a.encounter.id ?? '').localeCompare(b.encounter.id ?? ''));
  const last = dated[0];
  if (last === undefined) return undefined;
  const buckets = new Map<number | 'earlier', Record<string, number>>();
  const lastByClass = new Map<string, number>();
  for (const entry of dated) {
    const daysAgo = daysBefore(state.referenceMs, entry.startMs);
    const yearsAgo = Math.max(0, Math.floor(daysAgo / 365.25));
    const bucket = yearsAgo < ENCOUNTER_YEARS_SHOWN ? yearsAgo : 'earlier';
    const counts = buckets.get(bucket) ?? {};
    counts[entry.classLabel] = (counts[entry.classLabel] ?? 0) + 1;
    buckets.set(bucket, counts);
    if (!lastByClass.has(entry.classLabel)) lastByClass.set(entry.classLabel, daysAgo);
  }
  const bucketOrder: (number | 'earlier')[] = [
    ...Array.from({ length: ENCOUNTER_YEARS_SHOWN }, (_, index) => index),
    'earlier',
  ];
  const typeText = conceptDisplayText(last.encounter.type?.[0]);
  return {
    total: dated.length,
    byYear: bucketOrder.flatMap((yearsAgo) => {
      const counts = buckets.get(yearsAgo);
      return counts === undefined ? [] : [{ yearsAgo, counts }];
    }),
    last: {
      classLabel: last.classLabel,
      // The type of a visit in a withheld category (a prenatal visit) would name the category.
      type: typeText === undefined || isWithheld(last.encounter) ? undefined : state.scrub(typeText),
      daysAgo: daysBefore(state.referenceMs, last.startMs),
      source: sourceOf(last.encounter),
    },
    lastByClass: [...lastByClass.entries()]
      .map(([classLabel, daysAgo]) => ({ classLabel, daysAgo }))
      .sort((a, b) => a.daysAgo - b.daysAgo || a.classLabel.localeCompare(b.classLabel)),
  };
}

function procedureTimeMs(procedure: Procedure): number | undefined {
  return (
    parseFhirDateTimeMs(procedure.performedDateTime) ??
    parseFhirDateTimeMs(procedure.performedPeriod?.start) ??
    parseFhirDateTimeMs(procedure.performedPeriod?.end)
  );
}

/** Repeated items (the same procedure or vaccine) collapse into one line with a count and the last time. */
function collapseByCode<T extends { readonly id?: string | undefined; readonly resourceType: string }>(
  resources: readonly T[],
  keyOf: (resource: T) => string,
  timeOf: (resource: T) => number | undefined,
): { latest: T; latestMs: number; count: number; members: T[] }[] {
  const groups = new Map<string, { latest: T; latestMs: number; count: number; members: T[] }>();
  for (const resource of resources) {
    const timeMs = timeOf(resource);
    if (timeMs === undefined) continue;
    const key = keyOf(resource);
    const group = groups.get(key);
    if (group === undefined) {
      groups.set(key, { latest: resource, latestMs: timeMs, count: 1, members: [resource] });
      continue;
    }
    group.count += 1;
    group.members.push(resource);
    if (
      timeMs > group.latestMs ||
      (timeMs === group.latestMs && (resource.id ?? '') < (group.latest.id ?? ''))
    ) {
      group.latest = resource;
      group.latestMs = timeMs;
    }
  }
  return [...groups.values()];
}

function buildProcedures(procedures: readonly Procedure[], state: BuildState): ProcedureItem[] {
  const done = procedures.filter((procedure) => DONE_PROCEDURE_STATUSES.has(procedure.status));
  const items = collapseByCode(
    done,
    (procedure) => conceptKeys(procedure.code)[0] ?? conceptLabel(procedure.code).toLowerCase(),
    procedureTimeMs,
  ).map((group) => ({
    name: state.scrub(conceptLabel(group.latest.code)),
    count: group.count,
    lastDaysAgo: daysBefore(state.referenceMs, group.latestMs),
    note: freeText(
      state,
      (group.latest.note ?? []).map((note) => note.text),
    ),
    source: sourceOf(group.latest),
    codes: codeRefsOf(group.latest.code),
  }));
  return sortRecentFirst(items, (item) => item.lastDaysAgo);
}

function buildImmunizations(
  record: PatientRecord,
  state: BuildState,
  isWithheld: (resource: PatientRecord['immunizations'][number]) => boolean,
): ImmunizationItem[] {
  const given = record.immunizations.filter(
    (immunization) => immunization.status === 'completed' && !isWithheld(immunization),
  );
  const items = collapseByCode(
    given,
    (immunization) =>
      conceptCode(immunization.vaccineCode, SYSTEM_CVX) ??
      conceptKeys(immunization.vaccineCode)[0] ??
      conceptLabel(immunization.vaccineCode).toLowerCase(),
    (immunization) =>
      parseFhirDateTimeMs(immunization.occurrenceDateTime) ?? parseFhirDateTimeMs(immunization.recorded),
  ).map((group) => ({
    name: state.scrub(conceptLabel(group.latest.vaccineCode)),
    count: group.count,
    lastDaysAgo: daysBefore(state.referenceMs, group.latestMs),
    source: sourceOf(group.latest),
    codes: codeRefsOf(group.latest.vaccineCode),
  }));
  return sortRecentFirst(items, (item) => item.lastDaysAgo);
}

function buildReports(
  record: PatientRecord,
  state: BuildState,
  isWithheld: (resource: PatientRecord['diagnosticReports'][number]) => boolean,
): ReportItem[] {
  const items = record.diagnosticReports
    .filter((report) => !isWithheld(report))
    .filter((report) => {
      const isLabPanel = (report.category ?? []).some((category) =>
        conceptCodings(category).some(
          (coding) => coding.code !== undefined && LAB_REPORT_CATEGORIES.has(coding.code),
        ),
      );
      // Laboratory panels are shown through their results; imaging, pathology and the like through their conclusions.
      return !isLabPanel || report.conclusion !== undefined || (report.conclusionCode ?? []).length > 0;
    })
    .map((report) => {
      const timeMs =
        parseFhirDateTimeMs(report.effectiveDateTime) ??
        parseFhirDateTimeMs(report.effectivePeriod?.start) ??
        parseFhirDateTimeMs(report.issued);
      const category = report.category?.[0];
      const categoryText =
        category === undefined ? undefined : (conceptDisplayText(category) ?? statusCode(category));
      return {
        name: state.scrub(conceptLabel(report.code)),
        category: categoryText === undefined ? undefined : state.scrub(categoryText),
        daysAgo: daysAgoOf(state, timeMs),
        conclusionCodes: (report.conclusionCode ?? []).flatMap((concept) => {
          const text = conceptDisplayText(concept);
          return text === undefined ? [] : [state.scrub(text)];
        }),
        conclusion: freeText(state, [report.conclusion]),
        conclusionWithheld:
          !state.includeFreeText && report.conclusion !== undefined && report.conclusion.trim() !== '',
        source: sourceOf(report),
        codes: codeRefsOf(report.code),
      };
    });
  return sortRecentFirst(items, (item) => item.daysAgo);
}

function buildFamilyHistory(
  histories: readonly FamilyMemberHistory[],
  state: BuildState,
  included: ReadonlySet<SensitiveCategory>,
): FamilyHistoryItem[] {
  return histories
    .flatMap((history): FamilyHistoryItem[] => {
      const conditions = (history.condition ?? [])
        .filter(
          (condition) => !isWithheldBySensitivity(sensitiveCategoriesOfConcept(condition.code), included),
        )
        .map((condition) => ({
          name: state.scrub(conceptLabel(condition.code)),
          // Age at onset in years; FHIR Age uses UCUM `a` for years.
          onsetAgeYears:
            condition.onsetAge?.value !== undefined && (condition.onsetAge.code ?? 'a') === 'a'
              ? Math.floor(condition.onsetAge.value)
              : undefined,
        }));
      if (conditions.length === 0) return [];
      const code = statusCode(history.relationship);
      const relationship =
        (code === undefined ? undefined : FAMILY_RELATIONSHIP_LABELS[code]) ??
        conceptDisplayText(history.relationship) ??
        'relative';
      return [
        {
          relationship: state.scrub(relationship),
          conditions,
          note: freeText(state, [
            ...(history.note ?? []).map((note) => note.text),
            ...(history.condition ?? []).flatMap((condition) =>
              (condition.note ?? []).map((note) => note.text),
            ),
          ]),
          source: sourceOf(history),
        },
      ];
    })
    .sort((a, b) => a.relationship.localeCompare(b.relationship) || compareBySource(a, b));
}

function buildFlags(input: {
  readonly activeConditions: readonly { condition: Condition; item: ProblemItem }[];
  readonly medications: readonly MedicationItem[];
  readonly summary: ReturnType<typeof summarizeObservations>;
  readonly deceased: boolean;
  readonly sex: string | undefined;
  readonly birthDate: string | undefined;
  readonly referenceMs: number;
  readonly datedAfterReference: number;
}): DataQualityFlag[] {
  const flags: DataQualityFlag[] = [];
  const { summary } = input;
  const latestEgfr = summary.labs.find(
    (series) =>
      series.loinc !== undefined && EGFR_CODES.has(series.loinc) && series.latest.value.kind === 'quantity',
  );

  // CKD stages: one patient has one stage at a time.
  const stages = new Map<string, SourceRef>();
  for (const { condition, item } of input.activeConditions) {
    const stage = ckdStageOf(condition);
    if (stage !== undefined && !stages.has(stage)) stages.set(stage, item.source);
  }
  if (stages.size > 1) {
    const egfrValue = latestEgfr?.latest.value;
    flags.push({
      kind: 'conflicting-ckd-stages',
      stages: [...stages.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([stage, source]) => ({ stage, source })),
      latestEgfr:
        latestEgfr !== undefined && egfrValue?.kind === 'quantity' && !latestEgfr.latest.implausible
          ? {
              value: egfrValue.value,
              category: gfrCategory(egfrValue.value),
              source: latestEgfr.latest.source,
            }
          : undefined,
    });
  }

  // Prediabetes left active beside diabetes.
  const diabetes = input.activeConditions.find(({ condition }) => isDiabetes(condition));
  const prediabetes = input.activeConditions.find(({ condition }) => isPrediabetes(condition));
  if (diabetes !== undefined && prediabetes !== undefined) {
    flags.push({
      kind: 'superseded-problem',
      name: prediabetes.item.name,
      source: prediabetes.item.source,
      supersededBy: diabetes.item.name,
      supersededBySource: diabetes.item.source,
    });
  }

  if (input.deceased && input.medications.length > 0)
    flags.push({
      kind: 'medications-active-after-death',
      sources: input.medications.map((medication) => medication.source),
    });

  // eGFR against the creatinine drawn with it.
  const latestCreatinine = summary.labs.find(
    (series) =>
      series.loinc !== undefined &&
      CREATININE_CODES.has(series.loinc) &&
      series.latest.value.kind === 'quantity' &&
      series.latest.value.unit === 'mg/dL',
  );
  const sex = input.sex === 'female' || input.sex === 'male' ? input.sex : undefined;
  if (
    latestEgfr !== undefined &&
    latestCreatinine !== undefined &&
    sex !== undefined &&
    !latestEgfr.latest.implausible &&
    !latestCreatinine.latest.implausible
  ) {
    const egfrValue = latestEgfr.latest.value;
    const creatinineValue = latestCreatinine.latest.value;
    const sameDraw = Math.abs(latestEgfr.latest.daysAgo - latestCreatinine.latest.daysAgo) <= 1;
    const ageYears = ageYearsAt(
      input.birthDate,
      input.referenceMs - latestCreatinine.latest.daysAgo * MS_PER_DAY,
    );
    if (
      sameDraw &&
      egfrValue.kind === 'quantity' &&
      creatinineValue.kind === 'quantity' &&
      ageYears !== undefined
    ) {
      const expected = ckdEpi2021Egfr(creatinineValue.value, ageYears, sex);
      if (
        expected !== undefined &&
        (egfrValue.value > expected * EGFR_MISMATCH_FACTOR ||
          egfrValue.value < expected / EGFR_MISMATCH_FACTOR)
      ) {
        flags.push({
          kind: 'egfr-creatinine-mismatch',
          egfr: egfrValue.value,
          egfrSource: latestEgfr.latest.source,
          creatinineMgDl: creatinineValue.value,
          creatinineSource: latestCreatinine.latest.source,
          expectedEgfr: expected,
        });
      }
    }
  }

  flags.push(...implausibleValueFlags([...summary.labs, ...summary.vitals, ...summary.other]));
  flags.push(...simultaneousValueFlags([...summary.labs, ...summary.vitals, ...summary.other]));
  const bp = summary.bloodPressure;
  if (bp !== undefined && bp.implausibleCount > 0) {
    flags.push({
      kind: 'implausible-blood-pressure',
      count: bp.implausibleCount,
      total: bp.count,
      latestImplausible: bp.latest.implausible,
      source: bp.latest.source,
    });
  }
  for (const mixed of summary.mixedUnits)
    flags.push({ kind: 'mixed-units', seriesName: mixed.name, units: mixed.units });
  if (summary.undatedCount > 0) flags.push({ kind: 'undated-observations', count: summary.undatedCount });
  if (input.datedAfterReference > 0)
    flags.push({ kind: 'dated-after-reference', count: input.datedAfterReference });
  return flags;
}

/** Clinical resources other than observations (counted with them) dated more than a day after the reference. */
function countDatedAfter(record: PatientRecord, referenceMs: number): number {
  const limitMs = referenceMs + MS_PER_DAY;
  const times = [
    ...record.encounters.map((encounter) => parseFhirDateTimeMs(encounter.period?.start)),
    ...record.procedures.map(procedureTimeMs),
    ...record.medicationRequests.map((request) => parseFhirDateTimeMs(request.authoredOn)),
    ...record.immunizations.map((immunization) => parseFhirDateTimeMs(immunization.occurrenceDateTime)),
  ];
  return times.filter((ms) => ms !== undefined && ms > limitMs).length;
}

export function buildClinicalContext(
  record: PatientRecord,
  options: ClinicalContextOptions,
): ClinicalContext {
  const included = new Set(options.includeSensitiveCategories ?? []);
  const includeFreeText = options.includeFreeText ?? false;
  const recentDays = options.recentDays ?? DEFAULT_RECENT_DAYS;
  const patient = record.patient;
  const deathMs = parseFhirDateTimeMs(patient?.deceasedDateTime);
  // A death after `now` is a record or clock inconsistency; the patient is still shown as deceased, and the
  // header's "died +Nd from now" makes the inconsistency visible.
  const deceased = patient?.deceasedBoolean === true || deathMs !== undefined;
  // For a deceased patient the record ends at death: "3 days before death" says more than "40 years ago".
  const referenceMs = deceased && deathMs !== undefined ? deathMs : options.nowMs;
  const birthDate = patient?.birthDate;
  const state: BuildState = {
    referenceMs,
    birthDate,
    scrub: createTextScrubber(collectPatientIdentifiers(patient)),
    includeFreeText,
  };

  const index = createResourceIndex(() => listRecordResources(record));
  const withheld = findWithheldResources(record, index, included);
  const conditions = record.conditions.filter((condition) => !withheld.isWithheld(condition));
  const problems = buildProblems(conditions, state);
  const medications = buildMedications(
    [...record.medicationRequests, ...record.medicationStatements].filter(
      (resource) => !withheld.isWithheld(resource),
    ),
    state,
    index,
  );
  const observations = record.observations.filter((observation) => !withheld.isWithheld(observation));
  const summary = summarizeObservations(observations, referenceMs, state.scrub);
  const ageYears = ageYearsAt(birthDate, referenceMs);
  const ageMonths = ageYears !== undefined && ageYears < 2 ? ageMonthsAt(birthDate, referenceMs) : undefined;

  const activeConditionItems = conditions.filter(isActiveCondition).flatMap((condition) => {
    const item =
      problems.active.find((problem) => problem.source.id === condition.id) ??
      problems.active.find((problem) => problem.name === state.scrub(conceptLabel(condition.code)));
    return item === undefined ? [] : [{ condition, item }];
  });

  return {
    nowMs: options.nowMs,
    timeReference: deceased && deathMs !== undefined ? 'death' : 'now',
    recentDays,
    demographics: {
      ageYears,
      ageMonths,
      sex: patient?.gender,
      deceased: deceased
        ? { daysBeforeNow: deathMs === undefined ? undefined : daysBefore(options.nowMs, deathMs) }
        : undefined,
      source: patient === undefined ? undefined : sourceOf(patient),
      ageYearsAtNow: ageYearsAt(birthDate, options.nowMs),
    },
    // Gaps first: that the record is missing part of itself frames every other line.
    flags: [
      ...findUnresolvedReferences(record, {
        ...(options.excludedEnteredInError === undefined
          ? {}
          : { excludedKeys: options.excludedEnteredInError }),
        ...(options.fhirBaseUrl === undefined ? {} : { fhirBaseUrl: options.fhirBaseUrl }),
      }).map((gap): DataQualityFlag => ({ kind: 'unloaded-references', gap })),
      ...buildFlags({
        activeConditions: activeConditionItems,
        medications,
        summary,
        deceased,
        sex: patient?.gender,
        birthDate,
        referenceMs,
        datedAfterReference: summary.datedAfterReferenceCount + countDatedAfter(record, referenceMs),
      }),
    ],
    allergies: buildAllergies(
      record.allergies.filter((allergy) => !withheld.isWithheld(allergy)),
      state,
    ),
    problems: problems.active,
    resolvedProblems: problems.resolved,
    medications,
    labs: summary.labs,
    vitals: summary.vitals,
    otherObservations: summary.other,
    bloodPressure: summary.bloodPressure,
    smoking: summary.smoking,
    encounters: buildEncounterSummary(record.encounters, state, (encounter) =>
      withheld.isWithheld(encounter),
    ),
    procedures: buildProcedures(
      record.procedures.filter((procedure) => !withheld.isWithheld(procedure)),
      state,
    ),
    immunizations: buildImmunizations(record, state, (immunization) => withheld.isWithheld(immunization)),
    reports: buildReports(record, state, (report) => withheld.isWithheld(report)),
    familyHistory: buildFamilyHistory(record.familyMemberHistory, state, included),
    policy: {
      includedSensitiveCategories: [...included].sort(),
      includeFreeText,
      withheldSensitiveCount: withheld.count,
    },
  };
}

function ageMonthsAt(birthDate: string | undefined, atMs: number): number | undefined {
  const match = birthDate === undefined ? null : /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate);
  if (!match) return undefined;
  const at = new Date(atMs);
  const months =
    (at.getUTCFullYear() - Number(match[1])) * 12 +
    (at.getUTCMonth() + 1 - Number(match[2])) -
    (at.getUTCDate() < Number(match[3]) ? 1 : 0);
  return months < 0 ? undefined : months;
}
