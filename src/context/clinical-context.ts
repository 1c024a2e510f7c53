// PatientRecord → ClinicalContext: the clinically meaningful picture of a patient as plain data, de-identified by
// allowlist. Only the fields named here are copied out of the record: ages instead of dates of birth, times as
// days before a reference instant, coded names (scrubbed of the patient's identifiers), values and units. No
// names, identifiers, telecom, addresses or calendar dates, and no free text unless a setting lets it in. Each
// fact keeps the `Type/id` of its source so that the renderer can give it a citation alias; ids never reach
// the model's text.
import { listRecordResources, type PatientRecord } from '../record/patient-record.ts';
import type { SourceRef } from './context-types.ts';
import type { DataQualityFlag } from './data-quality.ts';
import { conceptLabel, createResourceIndex } from './fhir-concepts.ts';
import { collectPatientIdentifiers, createTextScrubber } from './free-text.ts';
import type { MedicationIngredient } from './medication-names.ts';
import {
  sourceOf,
  summarizeObservations,
  type BloodPressureSeries,
  type ObservationSeries,
  type SmokingStatus,
} from './observation-series.ts';
import { ageYearsAt, daysBefore, parseFhirDateTimeMs } from './relative-time.ts';
import type { SensitiveCategory } from './sensitive-categories.ts';
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
   * Build `events`, every coded resource as the rules read it (default false): the rules' context needs them, the
   * model's does not, and they are a third of the build on a large record.
   */
  readonly includeEvents?: boolean;
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
  /** OMB race category codes of the US Core race extension (2054-5 Black or African American, …); never rendered. */
  readonly raceCategories: readonly string[];
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
  /**
   * Every coded resource as an event (context-events.ts), for the rules; never rendered for the model. Undefined
   * unless built with `includeEvents` (buildRulesContext does).
   */
  readonly events: readonly ClinicalEvent[] | undefined;
  readonly policy: {
    readonly includedSensitiveCategories: readonly SensitiveCategory[];
    readonly includeFreeText: boolean;
    /** Resources left out for sensitivity: reported on our side, never in the model's text. */
    readonly withheldSensitiveCount: number;
  };
}

import { isActiveCondition } from './record-status.ts';
import type { BuildState } from './context-build-state.ts';
import { buildProblems } from './context-problems.ts';
import { buildAllergies, buildMedications } from './context-medications.ts';
import { buildEncounterSummary } from './context-encounters.ts';
import { buildFamilyHistory, buildImmunizations, buildProcedures, buildReports } from './context-history.ts';
import { buildFlags, countDatedAfter } from './context-flags.ts';
import { buildClinicalEvents, type ClinicalEvent } from './context-events.ts';

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
      raceCategories: raceCategoriesOf(patient),
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
    events:
      options.includeEvents === true
        ? buildClinicalEvents(
            listRecordResources(record).filter((resource) => !withheld.isWithheld(resource)),
            state,
            index,
          )
        : undefined,
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

const US_CORE_RACE = 'http://hl7.org/fhir/us/core/StructureDefinition/us-core-race';

/** The OMB category codes of the US Core race extension (the Pooled Cohort Equations choose by race). */
function raceCategoriesOf(patient: PatientRecord['patient']): string[] {
  return (patient?.extension ?? [])
    .filter((extension) => extension.url === US_CORE_RACE)
    .flatMap((extension) => extension.extension ?? [])
    .flatMap((part) =>
      part.url === 'ombCategory' && part.valueCoding?.code !== undefined ? [part.valueCoding.code] : [],
    );
}
