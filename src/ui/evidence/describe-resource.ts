// What the evidence drawer shows for a cited resource: what it is, its value and unit, when, and its status.
// Pure, from the record the suggestions were built from; missing data gives an empty value, never a throw.
// Everything returned is plain text (the drawer renders it as text, never HTML).
import type {
  AllergyIntolerance,
  CodeableConcept,
  Condition,
  FhirResource,
  Medication,
  MedicationRequest,
  MedicationStatement,
  Observation,
  ObservationComponent,
  Quantity,
} from 'fhir/r4';
import { SYSTEM_LOINC } from '../../terminology/code-systems.ts';
import type { SourceRef } from '../../context/context-types.ts';
import { conceptCode, conceptDisplayText, conceptLabel } from '../../context/fhir-concepts.ts';
import { formatDosage, formatMedicationName } from '../../context/medication-names.ts';
import { observationTimeMs } from '../../context/observation-series.ts';
import { parseFhirDateTimeMs } from '../../context/relative-time.ts';
import { formatUnit, normalizeQuantity } from '../../context/ucum-units.ts';
import { listRecordResources, type PatientRecord } from '../../record/patient-record.ts';

export interface ResourceDescription {
  readonly key: string;
  /** "Laboratory result", "Problem", "Medication order" … */
  readonly kind: string;
  /** What: the test, problem, drug or substance. */
  readonly what: string;
  /** The value with its unit, or the closest thing (a reaction, a dose); undefined when there is none. */
  readonly value: string | undefined;
  /** When, as epoch ms (the drawer formats it); undefined when the record gives no date. */
  readonly whenMs: number | undefined;
  readonly status: string | undefined;
  /** False when the record the suggestion was built from does not hold it (it was not loaded). */
  readonly found: boolean;
  /**
   * True when the sensitivity policy withholds it: the finding citing it stands (rules read the whole record),
   * but what it says, and when, is not shown.
   */
  readonly withheld?: true;
}

export type ResourceLookup = (source: SourceRef) => ResourceDescription;

export interface ResourceLookupOptions {
  /** Resources the sensitivity policy withholds (findings-pipeline.ts `isWithheldEvidence`); none by default. */
  readonly isWithheld?: (source: SourceRef) => boolean;
}

/** A lookup over the record's resources by `Type/id`. */
export function createResourceLookup(
  record: PatientRecord,
  options: ResourceLookupOptions = {},
): ResourceLookup {
  const byKey = new Map<string, FhirResource>();
  for (const resource of listRecordResources(record)) {
    if (resource.id !== undefined) byKey.set(`${resource.resourceType}/${resource.id}`, resource);
  }
  const medications = new Map(
    record.medications.flatMap((medication) =>
      medication.id === undefined ? [] : [[medication.id, medication] as const],
    ),
  );
  return (source) => {
    const key = `${source.resourceType}/${source.id}`;
    const resource = byKey.get(key);
    if (resource === undefined) return notFound(source);
    return options.isWithheld?.(source) === true
      ? withheldDescription(key)
      : describeResource(resource, medications);
  };
}

/**
 * A cited resource in a sensitive category the policy does not let through (42 CFR Part 2, HIV/STI and
 * reproductive-health rules): its name, value and date could reveal the category, so none of them is shown.
 */
function withheldDescription(key: string): ResourceDescription {
  return {
    key,
    kind: 'Sensitive entry',
    what: 'Withheld (sensitive category)',
    value: undefined,
    whenMs: undefined,
    status: undefined,
    found: true,
    withheld: true,
  };
}

function notFound(source: SourceRef): ResourceDescription {
  return {
    key: `${source.resourceType}/${source.id}`,
    kind: source.resourceType,
    what: 'Not in the record as loaded',
    value: undefined,
    whenMs: undefined,
    status: undefined,
    found: false,
  };
}

const OBSERVATION_KINDS: Readonly<Record<string, string>> = {
  laboratory: 'Laboratory result',
  'vital-signs': 'Vital sign',
  'social-history': 'Social history',
  survey: 'Survey',
  exam: 'Examination',
  imaging: 'Imaging result',
  procedure: 'Procedure result',
};

export function describeResource(
  resource: FhirResource,
  medications: ReadonlyMap<string, Medication> = new Map(),
): ResourceDescription {
  const base = { key: `${resource.resourceType}/${resource.id ?? ''}`, found: true };
  const described = describeKnown(resource, medications);
  return described === undefined
    ? {
        ...base,
        kind: resource.resourceType,
        what: resource.resourceType,
        value: undefined,
        whenMs: undefined,
        status: undefined,
      }
    : { ...base, ...described };
}

type Described = Omit<ResourceDescription, 'key' | 'found'>;

/** The types a suggestion cites; undefined for any other. */
function describeKnown(
  resource: FhirResource,
  medications: ReadonlyMap<string, Medication>,
): Described | undefined {
  const type = resource.resourceType;
  if (type === 'Observation')
    return {
      kind: observationKind(resource),
      what: conceptLabel(resource.code),
      value: observationValue(resource),
      whenMs: observationTimeMs(resource),
      status: resource.status,
    };
  if (type === 'Condition')
    return {
      kind: 'Problem',
      what: conceptLabel(resource.code),
      value: undefined,
      whenMs: conditionTimeMs(resource),
      status: joined([codeOf(resource.clinicalStatus), codeOf(resource.verificationStatus)]),
    };
  if (type === 'MedicationRequest')
    return {
      kind: 'Medication order',
      what: medicationLabel(resource, medications),
      value: formatDosage(resource.dosageInstruction),
      whenMs: parseFhirDateTimeMs(resource.authoredOn),
      status: resource.status,
    };
  if (type === 'MedicationStatement')
    return {
      kind: 'Medication statement',
      what: medicationLabel(resource, medications),
      value: formatDosage(resource.dosage),
      whenMs:
        parseFhirDateTimeMs(resource.effectiveDateTime) ??
        parseFhirDateTimeMs(resource.effectivePeriod?.start) ??
        parseFhirDateTimeMs(resource.dateAsserted),
      status: resource.status,
    };
  if (type === 'AllergyIntolerance')
    return {
      kind: 'Allergy or intolerance',
      what: conceptLabel(resource.code),
      value: allergyReactions(resource),
      whenMs: parseFhirDateTimeMs(resource.recordedDate) ?? parseFhirDateTimeMs(resource.onsetDateTime),
      status: joined([
        codeOf(resource.clinicalStatus),
        resource.criticality === undefined ? undefined : `criticality ${resource.criticality}`,
      ]),
    };
  if (type === 'Patient')
    return {
      kind: 'Patient',
      what: 'Demographics',
      value: joined([
        resource.gender,
        resource.birthDate === undefined ? undefined : `born ${resource.birthDate}`,
      ]),
      whenMs: undefined,
      status:
        resource.deceasedBoolean === true || resource.deceasedDateTime !== undefined ? 'deceased' : undefined,
    };
  if (type === 'Procedure')
    return {
      kind: 'Procedure',
      what: conceptLabel(resource.code),
      value: undefined,
      whenMs: parseFhirDateTimeMs(resource.performedDateTime ?? resource.performedPeriod?.start),
      status: resource.status,
    };
  if (type === 'Immunization')
    return {
      kind: 'Immunization',
      what: conceptLabel(resource.vaccineCode),
      value: undefined,
      whenMs: parseFhirDateTimeMs(resource.occurrenceDateTime),
      status: resource.status,
    };
  if (type === 'Encounter')
    return {
      kind: 'Encounter',
      what: conceptLabel(resource.type?.[0]),
      value: resource.class.display ?? resource.class.code,
      whenMs: parseFhirDateTimeMs(resource.period?.start),
      status: resource.status,
    };
  if (type === 'DiagnosticReport')
    return {
      kind: 'Report',
      what: conceptLabel(resource.code),
      value: undefined,
      whenMs: parseFhirDateTimeMs(
        resource.effectiveDateTime ?? resource.effectivePeriod?.start ?? resource.issued,
      ),
      status: resource.status,
    };
  return undefined;
}

function joined(parts: readonly (string | undefined)[]): string | undefined {
  const text = parts.filter((part) => part !== undefined && part !== '').join(', ');
  return text === '' ? undefined : text;
}

function codeOf(concept: CodeableConcept | undefined): string | undefined {
  return concept?.coding?.find((coding) => coding.code !== undefined)?.code ?? concept?.text;
}

function observationKind(observation: Observation): string {
  for (const category of observation.category ?? []) {
    for (const coding of category.coding ?? []) {
      const kind = coding.code === undefined ? undefined : OBSERVATION_KINDS[coding.code];
      if (kind !== undefined) return kind;
    }
  }
  return 'Observation';
}

function quantityText(loinc: string | undefined, quantity: Quantity): string | undefined {
  const normalized = normalizeQuantity(loinc, quantity);
  if (normalized === undefined) return undefined;
  const unit = formatUnit(normalized.unit);
  const value = Number.isInteger(normalized.value)
    ? String(normalized.value)
    : String(Number(normalized.value.toPrecision(4)));
  return unit === '' ? value : `${value} ${unit}`;
}

function valueText(
  loinc: string | undefined,
  value: Pick<
    Observation | ObservationComponent,
    'valueQuantity' | 'valueCodeableConcept' | 'valueString' | 'valueInteger' | 'valueBoolean'
  >,
): string | undefined {
  if (value.valueQuantity !== undefined) return quantityText(loinc, value.valueQuantity);
  if (value.valueCodeableConcept !== undefined) return conceptDisplayText(value.valueCodeableConcept);
  if (value.valueInteger !== undefined) return String(value.valueInteger);
  if (value.valueBoolean !== undefined) return value.valueBoolean ? 'yes' : 'no';
  return value.valueString;
}

function observationValue(observation: Observation): string | undefined {
  const own = valueText(conceptCode(observation.code, SYSTEM_LOINC), observation);
  if (own !== undefined) return own;
  // A panel (blood pressure): its components, each with its name.
  const parts = (observation.component ?? []).flatMap((component) => {
    const text = valueText(conceptCode(component.code, SYSTEM_LOINC), component);
    return text === undefined ? [] : [`${conceptLabel(component.code)} ${text}`];
  });
  return parts.length === 0 ? undefined : parts.join('; ');
}

function conditionTimeMs(condition: Condition): number | undefined {
  return (
    parseFhirDateTimeMs(condition.onsetDateTime) ??
    parseFhirDateTimeMs(condition.onsetPeriod?.start) ??
    parseFhirDateTimeMs(condition.recordedDate)
  );
}

function medicationLabel(
  resource: MedicationRequest | MedicationStatement,
  medications: ReadonlyMap<string, Medication>,
): string {
  let concept = resource.medicationCodeableConcept;
  if (concept === undefined) {
    const reference = resource.medicationReference?.reference ?? '';
    const id = reference.slice(reference.lastIndexOf('/') + 1).replace(/^urn:uuid:/u, '');
    concept =
      medications.get(id)?.code ??
      (resource.medicationReference?.display === undefined
        ? undefined
        : { text: resource.medicationReference.display });
  }
  const text = conceptDisplayText(concept);
  return text === undefined ? 'Unnamed medication' : formatMedicationName(text);
}

function allergyReactions(allergy: AllergyIntolerance): string | undefined {
  const reactions = (allergy.reaction ?? []).flatMap((reaction) => {
    const manifestations = reaction.manifestation
      .map((manifestation) => conceptLabel(manifestation))
      .join(', ');
    return manifestations === ''
      ? []
      : [reaction.severity === undefined ? manifestations : `${manifestations} (${reaction.severity})`];
  });
  return reactions.length === 0 ? undefined : reactions.join('; ');
}
