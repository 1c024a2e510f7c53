// The record as coded, dated events: one per Condition, Observation, Procedure, DiagnosticReport, Encounter,
// MedicationRequest / MedicationStatement, Immunization and AllergyIntolerance, with every code, its status, its
// categories and body sites, and when it started and ended. The summaries elsewhere in the context group and
// shorten; the guideline rules also need what a quality measure reads (issue 13): a mammogram filed as a
// DiagnosticReport, a preliminary result that does not count, a hospice discharge, a mastectomy's side, the
// encounters a diagnosis was made at. Never rendered for the model.
import type {
  CodeableConcept,
  DiagnosticReport,
  Encounter,
  FhirResource,
  Observation,
  Period,
  Reference,
} from 'fhir/r4';
import type { CodeRef } from './clinical-context.ts';
import { codeRefsOf, daysAgoOf, type BuildState } from './context-build-state.ts';
import type { SourceRef } from './context-types.ts';
import { conceptLabel, type ResourceIndex } from './fhir-concepts.ts';
import { medicationConceptOf } from './medication-concept.ts';
import { sourceOf } from './observation-series.ts';
import { isAbated, statusCode } from './record-status.ts';
import { parseFhirDateTimeMs } from './relative-time.ts';

export type ClinicalEventType =
  | 'Condition'
  | 'Observation'
  | 'Procedure'
  | 'DiagnosticReport'
  | 'Encounter'
  | 'MedicationRequest'
  | 'MedicationStatement'
  | 'Immunization'
  | 'AllergyIntolerance';

export interface ClinicalEvent {
  readonly source: SourceRef & { readonly resourceType: ClinicalEventType };
  readonly name: string;
  /** The code (Encounter: type and service type; medications: the drug's codes; Immunization: vaccine). */
  readonly codes: readonly CodeRef[];
  /** `status`; for a Condition or AllergyIntolerance its clinical status code (undefined when not given). */
  readonly status: string | undefined;
  /** Condition and AllergyIntolerance verification status code. */
  readonly verification: string | undefined;
  /** MedicationRequest intent. */
  readonly intent: string | undefined;
  readonly categories: readonly CodeRef[];
  readonly bodySites: readonly CodeRef[];
  /** Days before the context's reference instant; undefined when the record gives no date. */
  readonly startDaysAgo: number | undefined;
  /** The end (Condition: abatement; undefined: ongoing or a point in time, see startDaysAgo). */
  readonly endDaysAgo: number | undefined;
  /** Condition: abated (any abatement[x]). */
  readonly abated: boolean;
  /** Observation: a value (value[x]) is recorded; DiagnosticReport: results, a conclusion or a document. */
  readonly hasResult: boolean;
  /** Encounter: class code (AMB, IMP, EMER …). */
  readonly encounterClass: string | undefined;
  /** Encounter: hospitalization.dischargeDisposition codes. */
  readonly dischargeDisposition: readonly CodeRef[];
  /** Encounter: the Conditions it names as diagnoses or reasons, and its reason codes. */
  readonly diagnosisRefs: readonly string[];
  readonly reasonCodes: readonly CodeRef[];
}

function codesOfAll(concepts: readonly (CodeableConcept | undefined)[] | undefined): CodeRef[] {
  return (concepts ?? []).flatMap((concept) => codeRefsOf(concept));
}

function periodMs(period: Period | undefined): { start: number | undefined; end: number | undefined } {
  return { start: parseFhirDateTimeMs(period?.start), end: parseFhirDateTimeMs(period?.end) };
}

function timesOf(resource: EventResource): { start: number | undefined; end: number | undefined } {
  switch (resource.resourceType) {
    case 'Condition': {
      const start =
        parseFhirDateTimeMs(resource.onsetDateTime) ??
        parseFhirDateTimeMs(resource.onsetPeriod?.start) ??
        parseFhirDateTimeMs(resource.recordedDate);
      const end =
        parseFhirDateTimeMs(resource.abatementDateTime) ?? parseFhirDateTimeMs(resource.abatementPeriod?.end);
      return { start, end };
    }
    case 'Observation':
    case 'DiagnosticReport': {
      const point = parseFhirDateTimeMs(resource.effectiveDateTime);
      if (point !== undefined) return { start: point, end: point };
      const period = periodMs(resource.effectivePeriod);
      if (period.start !== undefined || period.end !== undefined) return period;
      const issued = parseFhirDateTimeMs(resource.issued);
      return { start: issued, end: issued };
    }
    case 'Procedure': {
      const point = parseFhirDateTimeMs(resource.performedDateTime);
      return point === undefined ? periodMs(resource.performedPeriod) : { start: point, end: point };
    }
    case 'Encounter':
      return periodMs(resource.period);
    case 'MedicationRequest': {
      const authored = parseFhirDateTimeMs(resource.authoredOn);
      const bounds = resource.dosageInstruction?.[0]?.timing?.repeat?.boundsPeriod;
      return { start: authored ?? parseFhirDateTimeMs(bounds?.start), end: parseFhirDateTimeMs(bounds?.end) };
    }
    case 'MedicationStatement': {
      const point = parseFhirDateTimeMs(resource.effectiveDateTime);
      return point === undefined ? periodMs(resource.effectivePeriod) : { start: point, end: point };
    }
    case 'Immunization': {
      const point = parseFhirDateTimeMs(resource.occurrenceDateTime);
      return { start: point, end: point };
    }
    case 'AllergyIntolerance': {
      const start = parseFhirDateTimeMs(resource.onsetDateTime) ?? parseFhirDateTimeMs(resource.recordedDate);
      return { start, end: undefined };
    }
  }
}

function hasObservationValue(observation: Observation): boolean {
  return Object.entries(observation).some(([key, value]) => key.startsWith('value') && value !== undefined);
}

function hasReportResult(report: DiagnosticReport): boolean {
  return (
    (report.result ?? []).length > 0 ||
    report.conclusion !== undefined ||
    (report.conclusionCode ?? []).length > 0 ||
    (report.presentedForm ?? []).length > 0
  );
}

function referencesOf(references: readonly (Reference | undefined)[]): string[] {
  return references.flatMap((reference) => (reference?.reference === undefined ? [] : [reference.reference]));
}

function encounterFields(
  encounter: Encounter,
): Pick<ClinicalEvent, 'encounterClass' | 'dischargeDisposition' | 'diagnosisRefs' | 'reasonCodes'> {
  return {
    // R4 requires a class; read its absence (as in the CMS measures' test patients) as no class.
    encounterClass: (encounter.class as Encounter['class'] | undefined)?.code,
    dischargeDisposition: codeRefsOf(encounter.hospitalization?.dischargeDisposition),
    diagnosisRefs: referencesOf([
      ...(encounter.diagnosis ?? []).map((diagnosis) => diagnosis.condition),
      ...(encounter.reasonReference ?? []),
    ]),
    reasonCodes: codesOfAll(encounter.reasonCode),
  };
}

const NO_ENCOUNTER_FIELDS = {
  encounterClass: undefined,
  dischargeDisposition: [],
  diagnosisRefs: [],
  reasonCodes: [],
} as const;

type EventResource = Extract<FhirResource, { resourceType: ClinicalEventType }>;

function eventOf(resource: EventResource, state: BuildState, index: ResourceIndex): ClinicalEvent {
  let codeConcepts: (CodeableConcept | undefined)[];
  let status: string | undefined;
  let verification: string | undefined;
  let categories: CodeableConcept[] = [];
  let bodySites: CodeableConcept[] = [];
  let intent: string | undefined;
  switch (resource.resourceType) {
    case 'Condition':
      codeConcepts = [resource.code];
      status = statusCode(resource.clinicalStatus);
      verification = statusCode(resource.verificationStatus);
      categories = resource.category ?? [];
      bodySites = resource.bodySite ?? [];
      break;
    case 'AllergyIntolerance':
      codeConcepts = [resource.code];
      status = statusCode(resource.clinicalStatus);
      verification = statusCode(resource.verificationStatus);
      break;
    case 'Observation':
      codeConcepts = [resource.code];
      status = resource.status;
      categories = resource.category ?? [];
      bodySites = resource.bodySite === undefined ? [] : [resource.bodySite];
      break;
    case 'DiagnosticReport':
      codeConcepts = [resource.code];
      status = resource.status;
      categories = resource.category ?? [];
      break;
    case 'Procedure':
      codeConcepts = [resource.code];
      status = resource.status;
      categories = resource.category === undefined ? [] : [resource.category];
      bodySites = resource.bodySite ?? [];
      break;
    case 'Encounter':
      codeConcepts = [...(resource.type ?? []), resource.serviceType];
      status = resource.status;
      break;
    case 'MedicationRequest':
      codeConcepts = [medicationConceptOf(resource, index)];
      status = resource.status;
      intent = resource.intent;
      categories = resource.category ?? [];
      break;
    case 'MedicationStatement':
      codeConcepts = [medicationConceptOf(resource, index)];
      status = resource.status;
      break;
    case 'Immunization':
      codeConcepts = [resource.vaccineCode];
      status = resource.status;
      break;
  }
  const times = timesOf(resource);
  const firstConcept = codeConcepts.find((concept) => concept !== undefined);
  return {
    source: { ...sourceOf(resource), resourceType: resource.resourceType },
    name: state.scrub(conceptLabel(firstConcept)),
    codes: codesOfAll(codeConcepts),
    status,
    verification,
    intent,
    categories: codesOfAll(categories),
    bodySites: codesOfAll(bodySites),
    startDaysAgo: daysAgoOf(state, times.start),
    endDaysAgo: daysAgoOf(state, times.end),
    abated: resource.resourceType === 'Condition' && isAbated(resource),
    hasResult:
      resource.resourceType === 'Observation'
        ? hasObservationValue(resource)
        : resource.resourceType === 'DiagnosticReport' && hasReportResult(resource),
    ...(resource.resourceType === 'Encounter' ? encounterFields(resource) : NO_ENCOUNTER_FIELDS),
  };
}

/** Every resource of the event types among those given, as events, in the order given. */
export function buildClinicalEvents(
  resources: readonly FhirResource[],
  state: BuildState,
  index: ResourceIndex,
): ClinicalEvent[] {
  return resources.flatMap((resource) =>
    isEventResource(resource) ? [eventOf(resource, state, index)] : [],
  );
}

const EVENT_TYPES: ReadonlySet<string> = new Set<ClinicalEventType>([
  'Condition',
  'Observation',
  'Procedure',
  'DiagnosticReport',
  'Encounter',
  'MedicationRequest',
  'MedicationStatement',
  'Immunization',
  'AllergyIntolerance',
]);

function isEventResource(resource: FhirResource): resource is EventResource {
  return EVENT_TYPES.has(resource.resourceType);
}
