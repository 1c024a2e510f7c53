// Search over one patient's record: compartment checks, the profiles' search quirks, and paging.
// medplum's MemoryRepository does the matching (token system|code, comma OR, date prefixes); this module drops the
// patient/subject parameter first (every repository holds one patient's data, and medplum's `patient=` match costs
// ~300 ms a search), asks for every match unsorted (medplum's date sort re-evaluates FHIRPath per comparison,
// ~900 ms), and sorts and pages in plain JS. See narrowSearchParameters for the other medplum cost it avoids.
import { globalSchema, OperationOutcomeError, parseSearchRequest } from '@medplum/core';
import type { MemoryRepository } from '@medplum/fhir-router';
import type { Bundle, BundleEntry, BundleLink, FhirResource, OperationOutcome } from 'fhir/r4';
import { isStoredResource, SUPPORTED_MODIFIERS, type ResourceSpec } from './fhir-resources.ts';
import type { EhrProfile } from './profiles.ts';
import { fhirError, fhirJson } from './responses.ts';

/**
 * The server's own paging parameter in `next` links: an offset into the sorted matches. Clients follow `next`
 * verbatim and never build it (Oracle Health's links carry `-pageContext`, Epic's a session id, in the same spirit).
 */
export const PAGE_OFFSET_PARAM = '-pageOffset';

/** Accepted without effect: the stand-in only speaks JSON. */
const IGNORED_RESULT_PARAMS = new Set(['_format', '_pretty']);

export interface SearchInput {
  readonly profile: EhrProfile;
  readonly spec: ResourceSpec;
  readonly params: URLSearchParams;
  /** The patient in the access token's context: the only record a search may touch. */
  readonly patientId: string;
  readonly repository: MemoryRepository;
  /** Absolute FHIR base URL, for `fullUrl` and paging links. */
  readonly fhirBase: string;
  /** `Prefer: handling=strict` (FHIR R4 §3.1.1.2.1): unknown parameters are an error instead of being ignored. */
  readonly strict: boolean;
  readonly nowMs: number;
}

interface ClassifiedParams {
  /** Parameters passed to medplum, by key (a key may repeat: `date=ge…&date=lt…`). */
  readonly query: Record<string, string[]>;
  readonly patientValues: string[];
  readonly ignored: string[];
  readonly count: string | undefined;
  readonly offset: string | undefined;
  readonly sort: string | undefined;
}

export async function searchResources(input: SearchInput): Promise<Response> {
  const { profile, spec } = input;
  const classified = classifyParams(input.spec, input.params);
  const order = sortOrder(classified.sort, profile);
  if (order === undefined && classified.sort !== undefined) {
    classified.ignored.push(`_sort=${classified.sort}`);
  }
  if (input.strict && classified.ignored.length > 0) {
    return fhirError(400, 'not-supported', `Unsupported search parameters: ${classified.ignored.join(', ')}`);
  }

  const compartmentError = checkCompartment(input, classified);
  if (compartmentError) return compartmentError;

  // Epic: "Observation.Search ... category is required" (Epic Observation API specifications; 400 with an
  // OperationOutcome whose issue code is `required`).
  if (
    spec.type === 'Observation' &&
    profile.observationRequiresCategory &&
    !('category' in classified.query)
  ) {
    return fhirError(400, 'required', 'Observation search: category is required (e.g. category=laboratory).');
  }

  const count = parseCount(classified.count, profile);
  if (count === undefined) {
    return fhirError(
      400,
      'invalid',
      `_count must be a non-negative integer, got "${classified.count ?? ''}"`,
    );
  }
  const offset = parseNonNegativeInteger(classified.offset ?? '0');
  if (offset === undefined) return fhirError(400, 'invalid', `Invalid paging parameter ${PAGE_OFFSET_PARAM}`);

  let resources: (FhirResource & { id: string })[];
  narrowSearchParameters(spec);
  try {
    const request = parseSearchRequest(spec.type, classified.query);
    const result = await input.repository.search(request);
    resources = (result.entry ?? []).flatMap((entry) => {
      const resource: unknown = entry.resource;
      return isStoredResource(resource) ? [resource] : [];
    });
  } catch (error) {
    if (error instanceof OperationOutcomeError) {
      return fhirError(400, 'invalid', error.outcome.issue[0]?.details?.text ?? error.message);
    }
    throw error;
  }

  const sorted = sortByDate(resources, order ?? (profile.newestFirst ? 'desc' : 'asc'));
  const page = sorted.slice(offset, offset + count);
  const entries: BundleEntry[] = page.map((resource) => ({
    fullUrl: `${input.fhirBase}/${resource.resourceType}/${resource.id}`,
    resource,
    search: { mode: 'match' },
  }));

  // Epic reports what it ignored (and an empty result) as OperationOutcome entries in the Bundle itself; the other
  // profiles, like most FHIR servers, ignore unknown parameters silently (FHIR R4 search §3.1.1.2.1, lenient default).
  if (profile.warningsInBundle && offset === 0) {
    const outcome = searchOutcome(classified.ignored, sorted.length === 0);
    if (outcome) {
      entries.push({
        fullUrl: `urn:uuid:${crypto.randomUUID()}`,
        resource: outcome,
        search: { mode: 'outcome' },
      });
    }
  }

  const searchUrl = `${input.fhirBase}/${spec.type}`;
  const links: BundleLink[] = [{ relation: 'self', url: `${searchUrl}?${input.params.toString()}` }];
  if (count > 0 && offset + count < sorted.length) {
    const next = new URLSearchParams(input.params);
    next.set(PAGE_OFFSET_PARAM, String(offset + count));
    links.push({ relation: 'next', url: `${searchUrl}?${next.toString()}` });
  }

  const bundle: Bundle = {
    resourceType: 'Bundle',
    id: crypto.randomUUID(),
    meta: { lastUpdated: new Date(input.nowMs).toISOString() },
    type: 'searchset',
    total: sorted.length,
    link: links,
    ...(entries.length > 0 ? { entry: entries } : {}),
  };
  return fhirJson(bundle);
}

const narrowedTypes = new Set<string>();

/**
 * R4's shared search parameters (`code`, `date`, `encounter`, …) carry one FHIRPath expression for some twenty
 * resource types ("AllergyIntolerance.code | … | Observation.code | …"), and medplum's in-memory matcher parses
 * that expression again for every resource it tests: a `code=` or `date=` search over one patient's ~500
 * Observations took 300–500 ms. Each supported type's index entry is replaced by a copy whose expression keeps only
 * that type's own branches (the others never match it), bringing those searches to ~10 ms. medplum's shared
 * SearchParameter objects are not modified. Runs once per type, after the repository has indexed the definitions.
 */
function narrowSearchParameters(spec: ResourceSpec): void {
  if (narrowedTypes.has(spec.type)) return;
  const indexed = globalSchema.types[spec.type]?.searchParams;
  if (!indexed) return;
  for (const { name } of spec.searchParams) {
    const param = indexed[name];
    const narrowed =
      param?.expression === undefined ? undefined : narrowExpression(param.expression, spec.type);
    if (param && narrowed !== undefined) indexed[name] = { ...param, expression: narrowed };
  }
  narrowedTypes.add(spec.type);
}

/** The branches of a top-level FHIRPath union that start at this type; undefined when there is nothing to narrow. */
export function narrowExpression(expression: string, type: string): string | undefined {
  const branches = expression.split('|').map((branch) => branch.trim());
  const isWhole = (branch: string): boolean =>
    branch.split('(').length === branch.split(')').length && branch.split("'").length % 2 === 1;
  if (branches.length < 2 || !branches.every(isWhole)) return undefined;
  const own = branches.filter((branch) => branch.replace(/^\(+/, '').startsWith(`${type}.`));
  return own.length > 0 && own.length < branches.length ? own.join(' | ') : undefined;
}

function classifyParams(spec: ResourceSpec, params: URLSearchParams): ClassifiedParams {
  const query: Record<string, string[]> = {};
  const patientValues: string[] = [];
  const ignored: string[] = [];
  let count: string | undefined;
  let offset: string | undefined;
  let sort: string | undefined;
  for (const [key, value] of params) {
    if (key === '_count') count ??= value;
    else if (key === PAGE_OFFSET_PARAM) offset ??= value;
    else if (key === '_sort') sort ??= value;
    else if (IGNORED_RESULT_PARAMS.has(key)) continue;
    else if (spec.patientParams.includes(key)) patientValues.push(value);
    else if (isSupportedParam(spec, key)) (query[key] ??= []).push(value);
    else ignored.push(key);
  }
  return { query, patientValues, ignored, count, offset, sort };
}

function isSupportedParam(spec: ResourceSpec, key: string): boolean {
  const [name, modifier, ...rest] = key.split(':');
  const param = spec.searchParams.find((candidate) => candidate.name === name);
  if (!param || rest.length > 0 || spec.patientParams.includes(param.name)) return false;
  return modifier === undefined || SUPPORTED_MODIFIERS[param.type].includes(modifier);
}

/** The patient compartment: a search may only touch the record of the patient in the token's context. */
function checkCompartment(input: SearchInput, classified: ClassifiedParams): Response | undefined {
  const { spec, patientId } = input;
  const namesPatient = (value: string): boolean =>
    value === patientId ||
    value === `Patient/${patientId}` ||
    value === `${input.fhirBase}/Patient/${patientId}`;
  const denied = (value: string): Response =>
    fhirError(
      403,
      'forbidden',
      `${spec.type} search for "${value}": only the record of the patient in context may be searched`,
    );

  if (spec.compartment === 'member') {
    if (classified.patientValues.length === 0) {
      return fhirError(
        400,
        'required',
        `${spec.type} search: ${spec.patientParams.join(' or ')} is required`,
      );
    }
    const other = classified.patientValues
      .flatMap((value) => value.split(','))
      .find((value) => !namesPatient(value));
    if (other !== undefined) return denied(other);
  }
  if (spec.compartment === 'self') {
    const other = (classified.query._id ?? [])
      .flatMap((value) => value.split(','))
      .find((value) => value !== patientId);
    if (other !== undefined) return denied(other);
  }
  return undefined;
}

function parseCount(value: string | undefined, profile: EhrProfile): number | undefined {
  if (value === undefined) return profile.defaultPageSize;
  const count = parseNonNegativeInteger(value);
  // Oracle Health caps _count at 200 (fhir.cerner.com, "Paging"); larger requests get pages of the maximum size.
  return count === undefined ? undefined : Math.min(count, profile.maxPageSize);
}

function parseNonNegativeInteger(value: string): number | undefined {
  return /^\d{1,9}$/.test(value) ? Number(value) : undefined;
}

type SortOrder = 'asc' | 'desc';

/** `_sort=date` / `_sort=-date`; undefined for any other sort (reported as ignored). */
function sortOrder(sort: string | undefined, profile: EhrProfile): SortOrder | undefined {
  if (sort === undefined) return profile.newestFirst ? 'desc' : 'asc';
  if (sort === 'date') return 'asc';
  if (sort === '-date') return 'desc';
  return undefined;
}

/**
 * Stable sort by each resource's main date; undated resources go last in either order, and equal dates keep the
 * fixture's order, so a paged walk sees every resource exactly once.
 */
function sortByDate<T extends FhirResource>(resources: readonly T[], order: SortOrder): T[] {
  const keyed = resources.map((resource, index) => ({ resource, index, time: dateMs(mainDate(resource)) }));
  keyed.sort((a, b) => {
    if (a.time === undefined || b.time === undefined) {
      if (a.time === b.time) return a.index - b.index;
      return a.time === undefined ? 1 : -1;
    }
    const difference = order === 'asc' ? a.time - b.time : b.time - a.time;
    return difference === 0 ? a.index - b.index : difference;
  });
  return keyed.map((item) => item.resource);
}

function dateMs(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : time;
}

/** The date a clinician would sort this resource by: when it happened, else when it was recorded. */
export function mainDate(resource: FhirResource): string | undefined {
  const type = resource.resourceType;
  if (type === 'Observation') {
    return (
      resource.effectiveDateTime ??
      resource.effectivePeriod?.start ??
      resource.effectiveInstant ??
      resource.issued
    );
  }
  if (type === 'Condition') {
    return resource.onsetDateTime ?? resource.onsetPeriod?.start ?? resource.recordedDate;
  }
  if (type === 'MedicationRequest') return resource.authoredOn;
  if (type === 'MedicationStatement') {
    return resource.effectiveDateTime ?? resource.effectivePeriod?.start ?? resource.dateAsserted;
  }
  if (type === 'AllergyIntolerance') return resource.onsetDateTime ?? resource.recordedDate;
  if (type === 'Immunization') return resource.occurrenceDateTime ?? resource.recorded;
  if (type === 'Procedure') return resource.performedDateTime ?? resource.performedPeriod?.start;
  if (type === 'DiagnosticReport') {
    return resource.effectiveDateTime ?? resource.effectivePeriod?.start ?? resource.issued;
  }
  if (type === 'Encounter') return resource.period?.start;
  if (type === 'CarePlan') return resource.period?.start ?? resource.created;
  if (type === 'Goal') return resource.startDate ?? resource.statusDate;
  if (type === 'DocumentReference') return resource.date ?? resource.context?.period?.start;
  if (type === 'FamilyMemberHistory') return resource.date;
  return undefined;
}

/** Epic-style search outcome: a warning per ignored parameter, and "no results" (Epic's 4101) for an empty search. */
function searchOutcome(ignored: readonly string[], empty: boolean): OperationOutcome | undefined {
  const issue: OperationOutcome['issue'] = ignored.map((param) => ({
    severity: 'warning',
    code: 'not-supported',
    details: { text: `The search parameter ${param} is not supported and was ignored.` },
    diagnostics: param,
  }));
  if (empty) {
    issue.push({
      severity: 'information',
      code: 'informational',
      details: {
        coding: [{ code: '4101', display: 'Resource request returns no results.' }],
        text: 'No resources found.',
      },
    });
  }
  return issue.length > 0 ? { resourceType: 'OperationOutcome', issue } : undefined;
}
