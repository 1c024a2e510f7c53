// Record-loader behaviour the fixtures cannot show by themselves (Synthea has no Medication references, no
// entered-in-error resources, no DocumentReferences): the real stand-in's answers are rewritten on the way to
// the loader through its `fetch` parameter, the same seam the browser and the CLI use.
import type {
  CapabilityStatement,
  DocumentReference,
  FhirResource,
  Medication,
  MedicationRequest,
} from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import type { FetchFunction } from '../../src/fhir/fhir-http.ts';
import { isBundle, isCapabilityStatement, isFhirResource } from '../../src/record/fhir-json.ts';
import {
  assembleRecordSoFar,
  loadPatientRecord,
  retryRecordSection,
  type SectionProgress,
} from '../../src/fhir/load-patient-record.ts';
import { resolveMedication } from '../../src/fhir/medication-references.ts';
import { countRecordResources, type PatientRecord } from '../../src/record/patient-record.ts';
import type { RecordSectionId } from '../../src/record/record-sections.ts';
import { TEST_ORIGIN, type MswStandIn } from '../support/msw-stand-in.ts';
import { useLargestFixtureSandbox } from '../support/largest-fixture-sandbox.ts';
import { startStandInSession, type StandInSession } from '../support/stand-in-session.ts';
import type { FixtureRecord } from '../support/synthea-fixtures.ts';

let env: MswStandIn;
let fixture: FixtureRecord;
let sandbox: StandInSession;

useLargestFixtureSandbox((ready) => {
  ({ env, fixture, session: sandbox } = ready);
});

const METFORMIN: Medication = {
  resourceType: 'Medication',
  id: 'med-1',
  code: {
    coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '860975' }],
    text: '24 HR Metformin 500 MG',
  },
};
const CONTAINED: Medication = { resourceType: 'Medication', id: 'c1', code: { text: 'Lisinopril 10 MG' } };
const ENTERED_IN_ERROR = {
  coding: [
    { system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: 'entered-in-error' },
  ],
};

interface Rewrites {
  /** Answer without asking the stand-in (path relative to the FHIR base). */
  readonly answer?: (path: string) => Response | undefined;
  /** Change a JSON body from the stand-in. */
  readonly body?: (path: string, body: unknown) => unknown;
}

/** Global fetch (so msw and the stand-in answer), with answers and bodies changed as the test needs. */
function rewritingFetch(base: string, rewrites: Rewrites): { fetch: FetchFunction; sent: string[] } {
  const sent: string[] = [];
  const fetchFn: FetchFunction = async (input, init) => {
    const path = input.startsWith(`${base}/`) ? input.slice(base.length + 1) : input;
    sent.push(path);
    const answered = rewrites.answer?.(path);
    if (answered) return answered;
    const response = await fetch(input, init);
    if (!rewrites.body || !response.ok) return response;
    const body: unknown = await response.json();
    return new Response(JSON.stringify(rewrites.body(path, body)), {
      status: response.status,
      headers: response.headers,
    });
  };
  return { fetch: fetchFn, sent };
}

function fhirResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/fhir+json' } });
}

function withMedicationRead(statement: CapabilityStatement): CapabilityStatement {
  const [rest] = statement.rest ?? [];
  if (!rest) throw new Error('no rest');
  return {
    ...statement,
    rest: [
      {
        ...rest,
        resource: [...(rest.resource ?? []), { type: 'Medication', interaction: [{ code: 'read' }] }],
      },
    ],
  };
}

/** The Bundle's resources mapped (the loader's guards are used to read the stand-in's JSON). */
function mapEntries(body: unknown, map: (resource: FhirResource, index: number) => FhirResource): unknown {
  if (!isBundle(body)) return body;
  return {
    ...body,
    entry: (body.entry ?? []).map((entry, index) =>
      isFhirResource(entry.resource) ? { ...entry, resource: map(entry.resource, index) } : entry,
    ),
  };
}

function referencing(resource: FhirResource, index: number, base: string): FhirResource {
  if (resource.resourceType !== 'MedicationRequest') return resource;
  const request: MedicationRequest = { ...resource };
  delete request.medicationCodeableConcept;
  const references = ['Medication/med-1', `${base}/Medication/med-1`, '#c1', 'Medication/med-gone'];
  const reference = references[index];
  if (reference === undefined) return resource;
  return {
    ...request,
    medicationReference: { reference },
    ...(reference === '#c1' ? { contained: [CONTAINED] } : {}),
  };
}

describe('medications, entered-in-error, documents and paging links', () => {
  it('reads each referenced Medication once, resolves contained ones, excludes entered-in-error, keeps document metadata', async () => {
    const base = sandbox.fhirBaseUrl;
    const enteredInErrorId =
      fixture.resources.find((resource) => resource.resourceType === 'Condition')?.id ?? '';
    const document: DocumentReference = {
      resourceType: 'DocumentReference',
      id: 'doc-1',
      status: 'current',
      subject: { reference: `Patient/${fixture.patientId}` },
      content: [
        {
          attachment: {
            contentType: 'text/plain',
            data: 'UGF0aWVudCBkb2luZyB3ZWxsLg==',
            url: `${base}/Binary/b1`,
          },
        },
      ],
    };
    const transport = rewritingFetch(base, {
      answer: (path) => {
        if (path === 'Medication/med-1') return fhirResponse(METFORMIN);
        if (path === 'Medication/med-gone')
          return fhirResponse(
            { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-found' }] },
            404,
          );
        return undefined;
      },
      body: (path, body) => {
        if (path === 'metadata' && isCapabilityStatement(body)) return withMedicationRead(body);
        if (path.startsWith('MedicationRequest?') && !path.includes('-pageOffset'))
          return mapEntries(body, (resource, index) => referencing(resource, index, base));
        if (path.startsWith('Condition?')) {
          return mapEntries(body, (resource) =>
            resource.resourceType === 'Condition' && resource.id === enteredInErrorId
              ? { ...resource, verificationStatus: ENTERED_IN_ERROR }
              : resource,
          );
        }
        if (path.startsWith('DocumentReference?') && isBundle(body))
          return { ...body, entry: [{ resource: document, search: { mode: 'match' } }] };
        if (path.startsWith('Encounter?') && isBundle(body))
          return {
            ...body,
            link: [{ relation: 'next', url: 'https://elsewhere.example/fhir/Encounter?page=2' }],
          };
        return body;
      },
    });

    const { record, diagnostics } = await loadPatientRecord({ ...sandbox, fetch: transport.fetch });

    expect(transport.sent.filter((path) => path === 'Medication/med-1')).toHaveLength(1);
    expect(record.medications).toEqual([METFORMIN]);
    expect(diagnostics.sections.Medication).toEqual({ status: 'loaded', resources: 1, pages: 1 });
    expect(diagnostics.warnings).toContain(
      'Medication: Medication/med-gone is referenced but the EHR has no such Medication',
    );
    const [first, second, third] = record.medicationRequests;
    if (!first || !second || !third) throw new Error('expected medication requests');
    expect(resolveMedication(record, first, base)).toEqual(METFORMIN);
    expect(resolveMedication(record, second, base)).toEqual(METFORMIN);
    expect(resolveMedication(record, third, base)).toEqual(CONTAINED);

    expect(diagnostics.excludedEnteredInError).toBe(1);
    expect(diagnostics.excludedEnteredInErrorKeys).toEqual([`Condition/${enteredInErrorId}`]);
    expect(record.conditions).toHaveLength((fixture.expectedCounts.Condition ?? 0) - 1);
    expect(record.conditions.some((condition) => condition.id === enteredInErrorId)).toBe(false);

    expect(record.documentReferences).toEqual([
      { ...document, content: [{ attachment: { contentType: 'text/plain', url: `${base}/Binary/b1` } }] },
    ]);
    expect(transport.sent.some((path) => path.includes('Binary'))).toBe(false);

    expect(diagnostics.sections.Encounter).toMatchObject({
      status: 'error',
      pages: 1,
      resources: fixture.expectedCounts.Encounter,
    });
    expect(diagnostics.sections.Encounter?.message).toMatch(/points away from the FHIR server/);
    expect(record.encounters).toHaveLength(fixture.expectedCounts.Encounter ?? -1);
    expect(transport.sent.some((path) => path.includes('elsewhere'))).toBe(false);
  });

  it('retries the Medication section on its own', async () => {
    const base = sandbox.fhirBaseUrl;
    let medicationFails = true;
    const transport = rewritingFetch(base, {
      answer: (path) => {
        if (path !== 'Medication/med-1') return undefined;
        return medicationFails
          ? fhirResponse(
              {
                resourceType: 'OperationOutcome',
                issue: [{ severity: 'error', code: 'exception', diagnostics: 'boom' }],
              },
              500,
            )
          : fhirResponse(METFORMIN);
      },
      body: (path, body) => {
        if (path === 'metadata' && isCapabilityStatement(body)) return withMedicationRead(body);
        if (path.startsWith('MedicationRequest?'))
          return mapEntries(body, (resource, index) =>
            index === 0 ? referencing(resource, 0, base) : resource,
          );
        return body;
      },
    });
    const options = { ...sandbox, fetch: transport.fetch };
    const first = await loadPatientRecord(options);
    expect(first.diagnostics.sections.Medication).toMatchObject({
      status: 'error',
      httpStatus: 500,
      message: 'HTTP 500: boom',
    });
    expect(first.record.medications).toEqual([]);

    medicationFails = false;
    transport.sent.length = 0;
    const retried = await retryRecordSection(first, 'Medication', options);
    expect(transport.sent).toEqual(['Medication/med-1']);
    expect(retried.record.medications).toEqual([METFORMIN]);
    expect(retried.diagnostics.sections.Medication).toEqual({ status: 'loaded', resources: 1, pages: 1 });
    expect(countRecordResources(retried.record)).toEqual({ ...fixture.expectedCounts, Medication: 1 });
  });

  it('drops a US Core search started early when the CapabilityStatement turns out not to list the type', async () => {
    const transport = rewritingFetch(sandbox.fhirBaseUrl, {
      body: (path, body) => {
        if (path !== 'metadata' || !isCapabilityStatement(body)) return body;
        const rest = (body.rest ?? []).map((entry) => ({
          ...entry,
          resource: (entry.resource ?? []).filter(
            (resource) => resource.type !== 'Goal' && resource.type !== 'FamilyMemberHistory',
          ),
        }));
        return { ...body, rest };
      },
    });
    const goalEvents: SectionProgress[] = [];
    const { record, diagnostics } = await loadPatientRecord({
      ...sandbox,
      fetch: transport.fetch,
      onProgress: (event) => {
        if (event.section === 'Goal') goalEvents.push(event);
      },
    });
    // The goals the early search received were handed out, then taken back by a last event with none.
    expect(goalEvents.some((event) => event.resources.length === fixture.expectedCounts.Goal)).toBe(true);
    expect(goalEvents.at(-1)).toEqual({
      section: 'Goal',
      pagesLoaded: 0,
      resourcesLoaded: 0,
      done: true,
      resources: [],
    });
    expect(diagnostics.sections.Goal).toEqual({
      status: 'not-supported',
      resources: 0,
      pages: 0,
      message: 'this EHR does not offer Goal search (CapabilityStatement)',
    });
    expect(record.goals).toEqual([]);
    // FamilyMemberHistory is outside US Core: it waits for the CapabilityStatement and is never requested.
    expect(diagnostics.sections.FamilyMemberHistory?.status).toBe('not-supported');
    expect(transport.sent.some((path) => path.startsWith('FamilyMemberHistory'))).toBe(false);
    // The CapabilityStatement was requested first, with the US Core searches beside it.
    expect(transport.sent[0]).toBe('metadata');
    expect(transport.sent.slice(1, 6).some((path) => path.startsWith('Observation?'))).toBe(true);
  });

  it('requests every granted type when the CapabilityStatement is unavailable, and says so', async () => {
    const epic = await startStandInSession({
      origin: TEST_ORIGIN,
      profile: 'epic',
      patientId: fixture.patientId,
    });
    const transport = rewritingFetch(epic.fhirBaseUrl, {
      answer: (path) =>
        path === 'metadata'
          ? fhirResponse(
              {
                resourceType: 'OperationOutcome',
                issue: [{ severity: 'error', code: 'exception', diagnostics: 'down' }],
              },
              500,
            )
          : undefined,
    });
    const { record, diagnostics } = await loadPatientRecord({ ...epic, fetch: transport.fetch });
    expect(diagnostics.warnings).toContain(
      'metadata: CapabilityStatement unavailable (HTTP 500: down); requesting every granted type',
    );
    // Epic has no MedicationStatement: without metadata the loader asks, and the EHR's 404 stays in that section.
    expect(diagnostics.sections.MedicationStatement).toMatchObject({ status: 'error', httpStatus: 404 });
    expect(countRecordResources(record)).toEqual(fixture.epicExpectedCounts);
  });
});

/** Every progress event, and the record as far as it had loaded at chosen moments. */
function recordProgress(snapshotWhen: (latest: ReadonlyMap<RecordSectionId, SectionProgress>) => boolean): {
  readonly events: SectionProgress[];
  readonly snapshots: { record: PatientRecord; sectionsDone: RecordSectionId[] }[];
  readonly onProgress: (event: SectionProgress) => void;
} {
  const events: SectionProgress[] = [];
  const snapshots: { record: PatientRecord; sectionsDone: RecordSectionId[] }[] = [];
  const latest = new Map<RecordSectionId, SectionProgress>();
  return {
    events,
    snapshots,
    onProgress: (event) => {
      events.push(event);
      latest.set(event.section, event);
      if (snapshots.length === 0 && snapshotWhen(latest))
        snapshots.push({
          record: assembleRecordSoFar(latest),
          sectionsDone: [...latest.values()].filter((each) => each.done).map((each) => each.section),
        });
    },
  };
}

describe('progress events carry the record as it loads', () => {
  it('hands out finished sections before the load ends, entered-in-error left out', async () => {
    // Observations held back: the Condition search finishes long before the Observations.
    env.standIn.faults.set({ fhir: [{ delayMs: 300, resourceType: 'Observation' }] });
    const enteredInErrorId =
      fixture.resources.find((resource) => resource.resourceType === 'Condition')?.id ?? '';
    const transport = rewritingFetch(sandbox.fhirBaseUrl, {
      body: (path, body) =>
        path.startsWith('Condition?')
          ? mapEntries(body, (resource) =>
              resource.resourceType === 'Condition' && resource.id === enteredInErrorId
                ? { ...resource, verificationStatus: ENTERED_IN_ERROR }
                : resource,
            )
          : body,
    });
    const progress = recordProgress((latest) => latest.get('Condition')?.done === true);
    const { record } = await loadPatientRecord({
      ...sandbox,
      fetch: transport.fetch,
      onProgress: progress.onProgress,
    });

    const [conditionsDone] = progress.snapshots;
    if (!conditionsDone) throw new Error('the Condition sections never finished');
    expect(conditionsDone.sectionsDone).not.toContain('Observation');
    expect(conditionsDone.record.observations).toEqual([]);
    expect(conditionsDone.record.conditions).toEqual(record.conditions);
    expect(conditionsDone.record.conditions).toHaveLength((fixture.expectedCounts.Condition ?? 0) - 1);
    expect(conditionsDone.record.conditions.some((condition) => condition.id === enteredInErrorId)).toBe(
      false,
    );
  });

  it('keeps the pages a section received before it failed', async () => {
    const transport = rewritingFetch(sandbox.fhirBaseUrl, {
      body: (path, body) =>
        path.startsWith('Encounter?') && isBundle(body)
          ? { ...body, link: [{ relation: 'next', url: 'https://elsewhere.example/fhir/Encounter?page=2' }] }
          : body,
    });
    const progress = recordProgress(() => false);
    const { record, diagnostics } = await loadPatientRecord({
      ...sandbox,
      fetch: transport.fetch,
      onProgress: progress.onProgress,
    });
    expect(diagnostics.sections.Encounter?.status).toBe('error');
    const last = progress.events.filter((event) => event.section === 'Encounter').at(-1);
    if (!last) throw new Error('no Encounter progress');
    expect(last).toMatchObject({
      done: true,
      pagesLoaded: 1,
      resourcesLoaded: fixture.expectedCounts.Encounter,
    });
    expect(assembleRecordSoFar(new Map([['Encounter', last]])).encounters).toEqual(record.encounters);
  });

  it('finishes the Medication section once requests and statements are done, not at the end of the load', async () => {
    env.standIn.faults.set({ fhir: [{ delayMs: 300, resourceType: 'Observation' }] });
    const base = sandbox.fhirBaseUrl;
    const transport = rewritingFetch(base, {
      answer: (path) => (path === 'Medication/med-1' ? fhirResponse(METFORMIN) : undefined),
      body: (path, body) => {
        if (path === 'metadata' && isCapabilityStatement(body)) return withMedicationRead(body);
        if (path.startsWith('MedicationRequest?'))
          return mapEntries(body, (resource, index) =>
            index === 0 ? referencing(resource, 0, base) : resource,
          );
        return body;
      },
    });
    const progress = recordProgress((latest) => latest.get('Medication')?.done === true);
    const { record } = await loadPatientRecord({
      ...sandbox,
      fetch: transport.fetch,
      onProgress: progress.onProgress,
    });

    const [medicationsDone] = progress.snapshots;
    if (!medicationsDone) throw new Error('the Medication section never finished');
    expect(medicationsDone.sectionsDone).toEqual(
      expect.arrayContaining(['MedicationRequest', 'MedicationStatement', 'Medication']),
    );
    expect(medicationsDone.sectionsDone).not.toContain('Observation:laboratory');
    expect(medicationsDone.record.medications).toEqual([METFORMIN]);
    expect(record.medications).toEqual([METFORMIN]);
    expect(progress.events.filter((event) => event.section === 'Medication' && event.done)).toHaveLength(1);
  });
});
