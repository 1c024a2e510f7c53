// Loads a patient's whole longitudinal record over FHIR R4. IO at the edge, with the transport passed in, so
// the same loader runs in the browser (the SMART session's fetch, token and base) and in Node (the CLI, the
// bench, the tests).
//
// Flow, all bounded by `maxInFlight`: the CapabilityStatement, the Patient and the searches of US Core types
// start together (longest searches first); types outside US Core wait for the CapabilityStatement, which also
// has the last word on the early ones. Each search follows its `next` links to the end, next pages ahead of
// waiting first pages (they are the critical path). Medication references are read as pages arrive, and the
// Medication section ends as soon as the requests and statements naming them are done. A section that fails
// records why and the others carry on; only a 401 (the session is over), an unreachable server or the caller's
// cancel stops the whole load. Progress events carry each section's resources so far, so a caller can show a
// section as soon as it is done (`assembleRecordSoFar`).
import type { FhirResource, Medication } from 'fhir/r4';
import { toErrorMessage } from '../shared/error-message.ts';
import { FhirRequestError, isFhirRequestError } from './fhir-errors.ts';
import {
  createFhirHttpClient,
  DEFAULT_REQUEST_TIMEOUT_MS,
  type FetchFunction,
  type FhirHttpClient,
} from './fhir-http.ts';
import { isCapabilityStatement, isFhirResource } from '../record/fhir-json.ts';
import { medicationsToRead } from './medication-references.ts';
import {
  EMPTY_PATIENT_RECORD,
  assemblePatientRecord,
  listRecordResources,
  type PatientRecord,
} from '../record/patient-record.ts';
import { countCategories, type CategoryCounts } from '../record/record-categories.ts';
import {
  MEDICATION_SECTION,
  PATIENT_SECTION,
  US_CORE_REQUIRED_TYPES,
  findRecordSection,
  recordSections,
  searchSections,
  searchStartOrder,
  type RecordSection,
  type RecordSectionId,
  type SearchPlanId,
} from '../record/record-sections.ts';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-timing.ts';
import {
  NOT_PERMITTED_MESSAGE,
  decideSection,
  isSectionSupported,
  notSupportedMessage,
  readServerCapabilities,
  type SectionDecision,
  type ServerCapabilities,
} from './section-plan.ts';
import { createSemaphore } from './semaphore.ts';
import { parseGrantedScopes, type ResourceScope } from './smart-scopes.ts';
import { readSearchPage } from './search-page.ts';

/** What servers are asked for per page; each clamps it to its own maximum (Oracle Health: 200). */
export const DEFAULT_PAGE_SIZE = 200;
/**
 * A full record is ≈ 17 requests on the generic plan and ≈ 27 on Epic's (one search per type, or per category
 * and type), so the in-flight limit sets how many
 * round trips it takes (BENCHMARKS.md). Eight: over HTTP/2 (how EHR FHIR endpoints are served) the browser
 * multiplexes them; over HTTP/1.1 it queues past six per host itself, so eight costs nothing there.
 */
export const DEFAULT_MAX_IN_FLIGHT = 8;

const HTTP_FORBIDDEN = 403;
const HTTP_NOT_FOUND = 404;

export interface LoadPatientRecordOptions {
  /** The FHIR base URL (the SMART `iss`). */
  readonly fhirBaseUrl: string;
  readonly patientId: string;
  /** Sent as `Authorization: Bearer`; omitted for an open server. */
  readonly accessToken?: string;
  /** The token response's `scope`: a space-separated string or a list. Nothing outside it is requested. */
  readonly grantedScopes: string | readonly string[];
  readonly fetch?: FetchFunction;
  /** Cancels the load: no request starts after it aborts and the load rejects with its reason. */
  readonly signal?: AbortSignal;
  readonly maxInFlight?: number;
  readonly requestTimeoutMs?: number;
  readonly retry?: Partial<RetryPolicy>;
  /** `_count` asked for; servers clamp it. */
  readonly pageSize?: number;
  /**
   * Which searches to make (record-sections.ts): `generic` (the default) searches each type once without
   * category; `epic` searches Conditions and Observations per category, as Epic requires.
   */
  readonly searchPlan?: SearchPlanId;
  /** Called as each section's pages arrive and when it is done; never after the load has settled. */
  readonly onProgress?: (progress: SectionProgress) => void;
}

export interface SectionProgress {
  readonly section: RecordSectionId;
  readonly pagesLoaded: number;
  readonly resourcesLoaded: number;
  readonly done: boolean;
  /**
   * Every resource the section has received so far, as the server sent them: each event replaces the section's
   * previous one (a search the CapabilityStatement turns out not to list ends with none).
   */
  readonly resources: readonly FhirResource[];
}

export type SectionStatus = 'loaded' | 'forbidden' | 'error' | 'not-supported';

export interface SectionDiagnostics {
  readonly status: SectionStatus;
  /** Resources this section received (before removing duplicates across sections and entered-in-error). */
  readonly resources: number;
  /** Search pages received (a read counts as one page). */
  readonly pages: number;
  /** Why the section is not `loaded`; for `error` the EHR's answer. */
  readonly message?: string;
  /** The HTTP status of the failure, when there was one. */
  readonly httpStatus?: number;
}

export interface LoadDiagnostics {
  /** HTTP requests sent, the CapabilityStatement and retries included. */
  readonly requests: number;
  readonly pages: number;
  readonly retries: number;
  /** Server warnings (OperationOutcome entries), references that could not be followed, skipped entries. */
  readonly warnings: readonly string[];
  /** The sections of the load's search plan, and only those. */
  readonly sections: Readonly<Partial<Record<RecordSectionId, SectionDiagnostics>>>;
  /** Conditions and Observations of the record by the category each resource carries ("uncategorised" too). */
  readonly categories: CategoryCounts;
  readonly elapsedMs: number;
  readonly excludedEnteredInError: number;
  /** `Type/id` of the resources left out as entered in error. */
  readonly excludedEnteredInErrorKeys: readonly string[];
}

export interface PatientRecordLoad {
  readonly record: PatientRecord;
  readonly diagnostics: LoadDiagnostics;
}

/**
 * The record as far as it has loaded, from the latest progress event of each section: assembled as the finished
 * load is (sections in display order, duplicates removed, entered-in-error left out, the resources of a section
 * that failed part-way kept), so it becomes the final record once every section is done.
 */
export function assembleRecordSoFar(
  latest: ReadonlyMap<RecordSectionId, SectionProgress>,
  plan: SearchPlanId = 'generic',
): PatientRecord {
  return assemblePatientRecord(
    recordSections(plan).flatMap((section) => latest.get(section.id)?.resources ?? []),
  ).record;
}

/**
 * Only requests and statements name a Medication to read (`medicationsToRead`): once their sections are done, the
 * Medication section can finish without waiting for the rest of the record.
 */
const REFERS_TO_MEDICATIONS: ReadonlySet<string> = new Set(['MedicationRequest', 'MedicationStatement']);

interface SectionOutcome {
  readonly id: RecordSectionId;
  readonly diagnostics: SectionDiagnostics;
  readonly resources: readonly FhirResource[];
  readonly warnings: readonly string[];
}

interface LoadRun {
  readonly plan: SearchPlanId;
  readonly baseUrl: string;
  readonly patientId: string;
  readonly pageSize: number;
  readonly scopes: readonly ResourceScope[];
  readonly http: FhirHttpClient;
  readonly signal: AbortSignal;
  readonly progress: (progress: SectionProgress) => void;
  /** Stops every request of the run (after a 401, or when the load failed). */
  readonly stop: (reason: unknown) => void;
  readonly dispose: () => void;
}

export async function loadPatientRecord(options: LoadPatientRecordOptions): Promise<PatientRecordLoad> {
  const startedMs = performance.now();
  const run = startRun(options);
  try {
    const capabilitiesLoaded = loadCapabilities(run);
    // The Medication reads wait for the CapabilityStatement. This promise never rejects: a failed
    // CapabilityStatement request fails the load through `capabilitiesLoaded` below.
    const medicationDecision = capabilitiesLoaded.then(
      (capabilities) => decideSection(MEDICATION_SECTION, capabilities.value, run.scopes),
      (): SectionDecision => ({ request: false, status: 'not-supported', message: 'no CapabilityStatement' }),
    );
    const medications = createMedicationLoader(run, medicationDecision, new Set());
    const patientLoaded = runSection(
      run,
      PATIENT_SECTION,
      decideSection(PATIENT_SECTION, undefined, run.scopes),
      undefined,
    );
    const searches = searchStartOrder(run.plan).map((section) => {
      const noting = REFERS_TO_MEDICATIONS.has(section.resourceType) ? medications : undefined;
      const loaded = US_CORE_REQUIRED_TYPES.has(section.resourceType)
        ? Promise.all([
            runSection(run, section, decideSection(section, undefined, run.scopes), noting),
            capabilitiesLoaded,
          ]).then(([outcome, capabilities]) => confirmSupported(run, outcome, section, capabilities.value))
        : capabilitiesLoaded.then((capabilities) =>
            runSection(run, section, decideSection(section, capabilities.value, run.scopes), noting),
          );
      return { section, loaded };
    });
    const medicationsLoaded = Promise.all(
      searches
        .filter(({ section }) => REFERS_TO_MEDICATIONS.has(section.resourceType))
        .map(({ loaded }) => loaded),
    ).then(() => medications.finish());
    const [capabilities, patient, medicationOutcome, ...started] = await Promise.all([
      capabilitiesLoaded,
      patientLoaded,
      medicationsLoaded,
      ...searches.map(({ loaded }) => loaded),
    ]);
    const inDisplayOrder = searchSections(run.plan).flatMap((section) =>
      started.filter((outcome) => outcome.id === section.id),
    );
    return mergeOutcomes(
      emptyLoad(run.plan),
      [patient, ...inDisplayOrder, medicationOutcome],
      capabilities.warnings,
      run.http.stats,
      performance.now() - startedMs,
    );
  } catch (error) {
    run.stop(error);
    throw error;
  } finally {
    run.dispose();
  }
}

/** A search started before the CapabilityStatement arrived counts only if the server lists the type after all. */
function confirmSupported(
  run: LoadRun,
  outcome: SectionOutcome,
  section: RecordSection,
  capabilities: ServerCapabilities | undefined,
): SectionOutcome {
  if (isSectionSupported(section, capabilities)) return outcome;
  run.progress({ section: section.id, pagesLoaded: 0, resourcesLoaded: 0, done: true, resources: [] });
  return {
    id: outcome.id,
    diagnostics: { status: 'not-supported', resources: 0, pages: 0, message: notSupportedMessage(section) },
    resources: [],
    warnings: [],
  };
}

/**
 * Loads one section again (after a 404, 500 or timeout cleared) and merges it into a previous load. Sections
 * the server does not offer are left as they were; sections outside the grant are still never requested.
 */
export async function retryRecordSection(
  previous: PatientRecordLoad,
  sectionId: RecordSectionId,
  options: LoadPatientRecordOptions,
): Promise<PatientRecordLoad> {
  const section = findRecordSection(sectionId);
  const previousStatus = previous.diagnostics.sections[sectionId]?.status;
  if (!section || previousStatus === undefined) {
    throw new RangeError(`No record section ${sectionId} in this load`);
  }
  if (previousStatus === 'not-supported') return previous;
  const startedMs = performance.now();
  const run = startRun(options);
  try {
    const loadedMedicationIds = new Set(
      previous.record.medications.flatMap((medication) =>
        medication.id === undefined ? [] : [medication.id],
      ),
    );
    // The CapabilityStatement is not asked again: what it ruled out for Medication stays ruled out.
    const medicationDecision: SectionDecision =
      previous.diagnostics.sections.Medication?.status === 'not-supported'
        ? { request: false, status: 'not-supported', message: notSupportedMessage(MEDICATION_SECTION) }
        : decideSection(MEDICATION_SECTION, undefined, run.scopes);
    const medications = createMedicationLoader(run, medicationDecision, loadedMedicationIds);
    const outcomes: SectionOutcome[] = [];
    if (section.kind === 'medication-reads') {
      medications.note([...previous.record.medicationRequests, ...previous.record.medicationStatements]);
    } else {
      outcomes.push(
        await runSection(run, section, decideSection(section, undefined, run.scopes), medications),
      );
    }
    const medicationOutcome = await medications.finish();
    if (section.kind === 'medication-reads' || medicationOutcome.resources.length > 0) {
      outcomes.push(medicationOutcome);
    }
    return mergeOutcomes(
      previous,
      outcomes,
      [],
      run.http.stats,
      previous.diagnostics.elapsedMs + performance.now() - startedMs,
    );
  } catch (error) {
    run.stop(error);
    throw error;
  } finally {
    run.dispose();
  }
}

function startRun(options: LoadPatientRecordOptions): LoadRun {
  const controller = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, controller.signal]) : controller.signal;
  const http = createFhirHttpClient({
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    accessToken: options.accessToken,
    requestTimeoutMs: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    retry: { ...DEFAULT_RETRY_POLICY, ...options.retry },
    semaphore: createSemaphore(options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT, signal),
    signal,
  });
  return {
    plan: options.searchPlan ?? 'generic',
    baseUrl: options.fhirBaseUrl.replace(/\/+$/, ''),
    patientId: options.patientId,
    pageSize: options.pageSize ?? DEFAULT_PAGE_SIZE,
    scopes: parseGrantedScopes(options.grantedScopes),
    http,
    signal,
    progress: (progress) => {
      // A stopped run's sections fail with the reason it stopped: that is not their progress to report.
      if (!signal.aborted) options.onProgress?.(progress);
    },
    stop: (reason) => {
      controller.abort(reason);
    },
    dispose: () => {
      // Nothing may outlive the load: a finished run aborts its own controller so stray timers and fetches end.
      if (!controller.signal.aborted) {
        controller.abort(new DOMException('The record load finished', 'AbortError'));
      }
    },
  };
}

/**
 * The server's CapabilityStatement decides which types to request. If it cannot be read, every granted type
 * is requested and the answers tell; only a connection failure or a 401 ends the load here.
 */
async function loadCapabilities(
  run: LoadRun,
): Promise<{ value: ServerCapabilities | undefined; warnings: string[] }> {
  try {
    const body = await run.http.getJson(`${run.baseUrl}/metadata`);
    if (!isCapabilityStatement(body)) {
      return {
        value: undefined,
        warnings: ['metadata: the EHR sent no CapabilityStatement; requesting every granted type'],
      };
    }
    return { value: readServerCapabilities(body), warnings: [] };
  } catch (error) {
    if (isFhirRequestError(error) && error.kind !== 'network') {
      return {
        value: undefined,
        warnings: [
          `metadata: CapabilityStatement unavailable (${error.message}); requesting every granted type`,
        ],
      };
    }
    throw error;
  }
}

async function runSection(
  run: LoadRun,
  section: RecordSection,
  decision: SectionDecision,
  medications: MedicationLoader | undefined,
): Promise<SectionOutcome> {
  if (!decision.request) {
    run.progress({ section: section.id, pagesLoaded: 0, resourcesLoaded: 0, done: true, resources: [] });
    return {
      id: section.id,
      diagnostics: { status: decision.status, resources: 0, pages: 0, message: decision.message },
      resources: [],
      warnings: [],
    };
  }
  // A new array per page, never changed after: the progress events hand it out.
  let resources: readonly FhirResource[] = [];
  const warnings: string[] = [];
  let pages = 0;
  const report = (done: boolean): void => {
    run.progress({
      section: section.id,
      pagesLoaded: pages,
      resourcesLoaded: resources.length,
      done,
      resources,
    });
  };
  const onPage = (pageResources: readonly FhirResource[], pageWarnings: readonly string[]): void => {
    pages += 1;
    resources = [...resources, ...pageResources];
    warnings.push(...pageWarnings.map((warning) => `${section.id}: ${warning}`));
    medications?.note(pageResources);
    report(false);
  };
  let diagnostics: SectionDiagnostics;
  try {
    switch (section.kind) {
      case 'search':
        await searchAllPages(run, section, onPage);
        break;
      case 'patient-read':
        await readPatient(run, onPage);
        break;
      case 'medication-reads':
        throw new TypeError('Medication reads are loaded by the medication loader, not as a section request');
    }
    diagnostics = { status: 'loaded', resources: resources.length, pages };
  } catch (error) {
    if (!isFhirRequestError(error)) throw error;
    diagnostics = failedSection(error, resources.length, pages);
  }
  report(true);
  // Resources from pages before a failure are kept: they are real data, and the section says it is incomplete.
  return { id: section.id, diagnostics, resources, warnings };
}

async function readPatient(
  run: LoadRun,
  onPage: (resources: readonly FhirResource[], warnings: readonly string[]) => void,
): Promise<void> {
  const url = `${run.baseUrl}/Patient/${encodeURIComponent(run.patientId)}`;
  const body = await run.http.getJson(url);
  if (!isFhirResource(body) || body.resourceType !== 'Patient' || body.id !== run.patientId) {
    throw new FhirRequestError({
      url,
      kind: 'invalid-response',
      message: `the EHR did not answer with Patient/${run.patientId}`,
    });
  }
  onPage([body], []);
}

async function searchAllPages(
  run: LoadRun,
  section: Extract<RecordSection, { kind: 'search' }>,
  onPage: (resources: readonly FhirResource[], warnings: readonly string[]) => void,
): Promise<void> {
  const query = new URLSearchParams({
    patient: run.patientId,
    ...section.params,
    _count: String(run.pageSize),
  });
  let url: string | undefined = `${run.baseUrl}/${section.resourceType}?${query.toString()}`;
  const fetched = new Set<string>();
  while (url !== undefined) {
    run.signal.throwIfAborted();
    const priority = fetched.size === 0 ? 'normal' : 'first';
    fetched.add(url);
    const body = await run.http.getJson(url, priority);
    const page = readSearchPage(body);
    if (!page.ok)
      throw new FhirRequestError({
        url,
        kind: 'invalid-response',
        message: `unreadable search result: ${page.issues.join('; ')}`,
      });
    const next: string | FhirRequestError | undefined =
      page.value.nextUrl === undefined ? undefined : checkedNextUrl(page.value.nextUrl, url, run.baseUrl);
    const repeats: boolean = typeof next === 'string' && fetched.has(next);
    // The page's resources count even when its next link cannot be followed.
    onPage(
      page.value.resources,
      repeats
        ? [...page.value.warnings, 'the server sent a next link to a page already loaded; paging stopped']
        : page.value.warnings,
    );
    if (next instanceof FhirRequestError) throw next;
    url = repeats ? undefined : next;
  }
}

/**
 * `next` links are followed as the server wrote them (they carry its paging state), but only on the FHIR
 * server's own origin: the bearer token must never be sent anywhere else.
 */
function checkedNextUrl(next: string, pageUrl: string, baseUrl: string): string | FhirRequestError {
  const resolved = URL.canParse(next)
    ? new URL(next)
    : URL.canParse(next, pageUrl)
      ? new URL(next, pageUrl)
      : undefined;
  if (!resolved || resolved.origin !== new URL(baseUrl).origin) {
    return new FhirRequestError({
      url: pageUrl,
      kind: 'invalid-response',
      message: `the next link points away from the FHIR server (${next}); not followed`,
    });
  }
  return URL.canParse(next) ? next : resolved.href;
}

function failedSection(error: FhirRequestError, resources: number, pages: number): SectionDiagnostics {
  const partial =
    pages > 0
      ? ` (after ${pages} page${pages === 1 ? '' : 's'}; the ${resources} resources loaded are kept)`
      : '';
  const httpStatus = error.status === undefined ? {} : { httpStatus: error.status };
  if (error.status === HTTP_FORBIDDEN) {
    return {
      status: 'forbidden',
      resources,
      pages,
      message: `${NOT_PERMITTED_MESSAGE}${error.outcomeText ? ` (${error.outcomeText})` : ''}${partial}`,
      ...httpStatus,
    };
  }
  return { status: 'error', resources, pages, message: `${error.message}${partial}`, ...httpStatus };
}

interface MedicationLoader {
  /** Starts reading the Medications these resources reference (each id once). */
  readonly note: (resources: Iterable<FhirResource>) => void;
  readonly finish: () => Promise<SectionOutcome>;
}

type MedicationRead =
  | { readonly kind: 'ok'; readonly resource: Medication }
  | { readonly kind: 'failed'; readonly id: string; readonly error: unknown }
  | { readonly kind: 'skipped' };

function createMedicationLoader(
  run: LoadRun,
  decided: SectionDecision | Promise<SectionDecision>,
  alreadyLoaded: ReadonlySet<string>,
): MedicationLoader {
  const decision = Promise.resolve(decided);
  const reads = new Map<string, Promise<MedicationRead>>();
  const warnings = new Set<string>();

  async function readMedication(id: string): Promise<MedicationRead> {
    if (!(await decision).request) return { kind: 'skipped' };
    const url = `${run.baseUrl}/Medication/${encodeURIComponent(id)}`;
    try {
      const body = await run.http.getJson(url, 'first');
      if (!isFhirResource(body) || body.resourceType !== 'Medication') {
        return {
          kind: 'failed',
          id,
          error: new FhirRequestError({
            url,
            kind: 'invalid-response',
            message: `the EHR did not answer with Medication/${id}`,
          }),
        };
      }
      return { kind: 'ok', resource: body };
    } catch (error) {
      // Never rejects: reads run in the background, and a rejection nobody awaits yet would go unhandled.
      return { kind: 'failed', id, error };
    }
  }

  return {
    note: (resources) => {
      const toRead = medicationsToRead(resources, run.baseUrl);
      for (const warning of toRead.warnings) warnings.add(`Medication: ${warning}`);
      for (const id of toRead.ids) {
        if (!reads.has(id) && !alreadyLoaded.has(id)) reads.set(id, readMedication(id));
      }
    },
    finish: async () => {
      const id = MEDICATION_SECTION.id;
      const decided = await decision;
      if (!decided.request) {
        run.progress({ section: id, pagesLoaded: 0, resourcesLoaded: 0, done: true, resources: [] });
        return {
          id,
          diagnostics: { status: decided.status, resources: 0, pages: 0, message: decided.message },
          resources: [],
          warnings: [...warnings],
        };
      }
      const results = await Promise.all(reads.values());
      const fatal = results.find((result) => result.kind === 'failed' && !isFhirRequestError(result.error));
      if (fatal?.kind === 'failed') throw fatal.error;
      const resources: Medication[] = [];
      const failures: FhirRequestError[] = [];
      for (const result of results) {
        if (result.kind === 'ok') resources.push(result.resource);
        else if (result.kind === 'skipped' || !isFhirRequestError(result.error)) continue;
        else if (result.error.status === HTTP_NOT_FOUND)
          warnings.add(
            `Medication: Medication/${result.id} is referenced but the EHR has no such Medication`,
          );
        else failures.push(result.error);
      }
      run.progress({
        section: id,
        pagesLoaded: resources.length,
        resourcesLoaded: resources.length,
        done: true,
        resources,
      });
      const [firstFailure] = failures;
      const diagnostics: SectionDiagnostics =
        firstFailure === undefined
          ? { status: 'loaded', resources: resources.length, pages: resources.length }
          : {
              ...failedSection(firstFailure, resources.length, resources.length),
              ...(failures.length > 1
                ? {
                    message: `${failures.length} Medication reads failed, first: ${toErrorMessage(firstFailure)}`,
                  }
                : {}),
            };
      return { id, diagnostics, resources, warnings: [...warnings] };
    },
  };
}

function emptyLoad(plan: SearchPlanId): PatientRecordLoad {
  const notLoaded: SectionDiagnostics = { status: 'error', resources: 0, pages: 0, message: 'not loaded' };
  return {
    record: EMPTY_PATIENT_RECORD,
    diagnostics: {
      requests: 0,
      pages: 0,
      retries: 0,
      warnings: [],
      sections: Object.fromEntries(recordSections(plan).map((section) => [section.id, notLoaded])),
      categories: countCategories(EMPTY_PATIENT_RECORD),
      elapsedMs: 0,
      excludedEnteredInError: 0,
      excludedEnteredInErrorKeys: [],
    },
  };
}

/** A previous load with these sections' outcomes put in (duplicates removed, entered-in-error left out). */
function mergeOutcomes(
  previous: PatientRecordLoad,
  outcomes: readonly SectionOutcome[],
  extraWarnings: readonly string[],
  stats: { readonly requests: number; readonly retries: number },
  elapsedMs: number,
): PatientRecordLoad {
  const assembled = assemblePatientRecord([
    ...listRecordResources(previous.record),
    ...outcomes.flatMap((outcome) => outcome.resources),
  ]);
  const excludedKeys = [
    ...new Set([...previous.diagnostics.excludedEnteredInErrorKeys, ...assembled.excludedEnteredInError]),
  ];
  const sections = { ...previous.diagnostics.sections };
  for (const outcome of outcomes) sections[outcome.id] = outcome.diagnostics;
  const warnings = new Set([
    ...previous.diagnostics.warnings,
    ...extraWarnings,
    ...outcomes.flatMap((outcome) => outcome.warnings),
  ]);
  if (assembled.unexpected.length > 0)
    warnings.add(
      `ignored ${assembled.unexpected.length} resources of types the record does not hold: ${summarizeTypes(assembled.unexpected)}`,
    );
  return {
    record: assembled.record,
    diagnostics: {
      requests: previous.diagnostics.requests + stats.requests,
      pages:
        previous.diagnostics.pages + outcomes.reduce((sum, outcome) => sum + outcome.diagnostics.pages, 0),
      retries: previous.diagnostics.retries + stats.retries,
      warnings: [...warnings],
      sections,
      categories: countCategories(assembled.record),
      elapsedMs: Math.round(elapsedMs),
      excludedEnteredInError: excludedKeys.length,
      excludedEnteredInErrorKeys: excludedKeys,
    },
  };
}

function summarizeTypes(keys: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const key of keys) {
    const type = key.split('/')[0] ?? key;
    counts.set(type, (counts.get(type) ?? 0) + 1);
  }
  return [...counts].map(([type, count]) => `${type} (${count})`).join(', ');
}
