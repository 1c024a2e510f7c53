// `npm run bench [-- <maxInFlight>...]`: how long loading the largest fixture patient takes with the record
// loader, against a plain sequential loader (one request at a time, the same requests and pages), over a real
// local HTTP server that adds 50 ms to every round trip, as a hospital network to a cloud EHR might.
//
// The stand-in runs in a child process (its own CPU core), so the loader's parsing does not compete with the
// server's searching. Two server modes:
//   live   — every request searched by the stand-in (medplum, ≈ 7 ms of CPU per search, on one thread);
//   replay — each distinct request searched once during warm-up, then answered from memory after the latency:
//            what a real EHR looks like to the client, with its search work spread over many servers.
//
// The loader's floor is its longest chain of dependent round trips: the CapabilityStatement (which decides
// what to ask for), then the longest run of `next` pages in one search. Target: wall time within
// (chain + 2) round trips, and at least 5× faster than sequential.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { FhirResource } from 'fhir/r4';
import type { EhrProfileId } from '../mocks/ehr/profiles.ts';
import { isCapabilityStatement, isFhirResource } from '../src/record/fhir-json.ts';
import {
  DEFAULT_MAX_IN_FLIGHT,
  DEFAULT_PAGE_SIZE,
  loadPatientRecord,
} from '../src/fhir/load-patient-record.ts';
import { PATIENT_SECTION, searchSections } from '../src/record/record-sections.ts';
import { readSearchPage } from '../src/fhir/search-page.ts';
import { decideSection, readServerCapabilities } from '../src/fhir/section-plan.ts';
import { parseGrantedScopes } from '../src/fhir/smart-scopes.ts';
import { serveStandIn } from '../tests/support/serve-stand-in.ts';
import { startStandInSession, type StandInSession } from '../tests/support/stand-in-session.ts';
import { LARGEST_FIXTURE, readFixtureRecord } from '../tests/support/synthea-fixtures.ts';
import { formatContextBenchTable, runContextBench } from './bench-context.ts';

const LATENCY_MS = 50;
const PARALLEL_RUNS = 5;
const SEQUENTIAL_RUNS = 3;
const PROFILES: readonly EhrProfileId[] = ['sandbox', 'epic', 'oracle'];
const MODES = ['live', 'replay'] as const;
const READY = 'READY ';

type ServerMode = (typeof MODES)[number];

interface Measurement {
  readonly wallMs: number;
  readonly requests: number;
  readonly pages: number;
  readonly resources: number;
  /** Longest chain of dependent round trips: metadata, then the most pages in one search. */
  readonly chain: number;
}

/**
 * The baseline: the same requests the loader makes (CapabilityStatement, Patient, each permitted search and
 * its next pages), one at a time, in the plainest possible loop.
 */
async function loadSequentially(session: StandInSession): Promise<Measurement> {
  const startedMs = performance.now();
  const headers = { accept: 'application/fhir+json', authorization: `Bearer ${session.accessToken}` };
  let requests = 0;
  let pages = 0;
  let longestSearch = 0;
  const resources: FhirResource[] = [];
  const get = async (url: string): Promise<unknown> => {
    requests += 1;
    const response = await fetch(url, { headers });
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    return response.json();
  };

  const statement = await get(`${session.fhirBaseUrl}/metadata`);
  const capabilities = isCapabilityStatement(statement) ? readServerCapabilities(statement) : undefined;
  const scopes = parseGrantedScopes(session.grantedScopes);
  if (decideSection(PATIENT_SECTION, undefined, scopes).request) {
    const patient = await get(`${session.fhirBaseUrl}/Patient/${session.patientId}`);
    if (isFhirResource(patient)) resources.push(patient);
    pages += 1;
  }
  for (const section of searchSections(session.searchPlan)) {
    if (section.kind !== 'search' || !decideSection(section, capabilities, scopes).request) continue;
    const query = new URLSearchParams({
      patient: session.patientId,
      ...section.params,
      _count: String(DEFAULT_PAGE_SIZE),
    });
    let url: string | undefined = `${session.fhirBaseUrl}/${section.resourceType}?${query.toString()}`;
    let sectionPages = 0;
    while (url !== undefined) {
      const page = readSearchPage(await get(url));
      if (!page.ok) throw new Error(page.issues.join('; '));
      sectionPages += 1;
      resources.push(...page.value.resources);
      url = page.value.nextUrl;
    }
    pages += sectionPages;
    longestSearch = Math.max(longestSearch, sectionPages);
  }
  const unique = new Set(resources.map((resource) => `${resource.resourceType}/${resource.id ?? ''}`)).size;
  return {
    wallMs: performance.now() - startedMs,
    requests,
    pages,
    resources: unique,
    chain: longestSearch + 1,
  };
}

async function loadInParallel(session: StandInSession, maxInFlight: number): Promise<Measurement> {
  const startedMs = performance.now();
  const { record, diagnostics } = await loadPatientRecord({ ...session, maxInFlight });
  const wallMs = performance.now() - startedMs;
  const resources = Object.values(record).reduce<number>(
    (sum, value) => sum + (Array.isArray(value) ? value.length : value ? 1 : 0),
    0,
  );
  const longestSearch = Math.max(
    ...Object.entries(diagnostics.sections)
      .filter(([id]) => id !== 'Patient' && id !== 'Medication')
      .map(([, section]) => section.pages),
  );
  return {
    wallMs,
    requests: diagnostics.requests,
    pages: diagnostics.pages,
    resources,
    chain: longestSearch + 1,
  };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function repeat(times: number, run: () => Promise<Measurement>): Promise<Measurement> {
  const runs: Measurement[] = [];
  for (let index = 0; index < times; index += 1) runs.push(await run());
  const [first] = runs;
  if (!first) throw new Error('no runs');
  return { ...first, wallMs: median(runs.map((measurement) => measurement.wallMs)) };
}

interface ChildServer {
  readonly origin: string;
  readonly setLatencyMs: (latencyMs: number) => Promise<void>;
  readonly stop: () => void;
}

/** This script again with `--serve`: the stand-in on its own process, answering over a real socket. */
async function startChildServer(mode: ServerMode): Promise<ChildServer> {
  const child = spawn(
    process.execPath,
    [...process.execArgv, fileURLToPath(import.meta.url), '--serve', mode],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const lines = createInterface({ input: child.stdout });
  const origin = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => {
      reject(new Error(`the stand-in server exited (${String(code)})`));
    });
    lines.on('line', (line) => {
      if (line.startsWith(READY)) resolve(line.slice(READY.length));
    });
  });
  return {
    origin,
    setLatencyMs: async (latencyMs) => {
      const response = await fetch(`${origin}/ehr/_control/faults`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ latencyMs }),
      });
      if (!response.ok) throw new Error(`setting latency failed: HTTP ${response.status}`);
    },
    stop: () => {
      lines.close();
      child.kill('SIGTERM');
    },
  };
}

async function serve(mode: ServerMode): Promise<void> {
  const served = await serveStandIn({ replay: mode === 'replay' });
  process.stdout.write(`${READY}${served.origin}\n`);
  process.once('SIGTERM', () => {
    void served.close().finally(() => process.exit(0));
  });
}

function formatTable(rows: readonly (readonly string[])[]): string {
  const widths =
    rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  return rows
    .map((row) =>
      row
        .map((cell, column) =>
          column >= 2 ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0),
        )
        .join('  '),
    )
    .join('\n');
}

async function main(): Promise<void> {
  const extra = process.argv
    .slice(2)
    .map(Number)
    .filter((value) => Number.isInteger(value) && value > 0);
  const inFlightValues = [...new Set([DEFAULT_MAX_IN_FLIGHT, ...(extra.length > 0 ? extra : [6, 12])])];
  const fixture = await readFixtureRecord(LARGEST_FIXTURE);
  console.log(`Record loader bench: ${LARGEST_FIXTURE} (Patient/${fixture.patientId})`);
  console.log(
    `${LATENCY_MS} ms added to every round trip; _count ${DEFAULT_PAGE_SIZE}; median of ${PARALLEL_RUNS} parallel / ${SEQUENTIAL_RUNS} sequential runs`,
  );
  console.log('Stand-in on a real node:http server in a child process (keep-alive)\n');

  const rows: string[][] = [
    [
      'server',
      'profile',
      'loader',
      'requests',
      'pages',
      'resources',
      'wall ms',
      'speed-up',
      'chain',
      'bound ms',
      'in bound',
    ],
  ];
  for (const mode of MODES) {
    const server = await startChildServer(mode);
    try {
      for (const profile of PROFILES) {
        const session = await startStandInSession({
          origin: server.origin,
          profile,
          patientId: fixture.patientId,
        });
        // Warm-up without latency: the stand-in builds the patient's repository on first use (and, in replay
        // mode, records every answer).
        await server.setLatencyMs(0);
        await loadPatientRecord(session);
        await loadSequentially(session);
        await server.setLatencyMs(LATENCY_MS);

        const sequential = await repeat(SEQUENTIAL_RUNS, () => loadSequentially(session));
        rows.push([
          mode,
          profile,
          'sequential',
          String(sequential.requests),
          String(sequential.pages),
          String(sequential.resources),
          sequential.wallMs.toFixed(0),
          '1.0×',
          String(sequential.chain),
          '',
          '',
        ]);
        for (const maxInFlight of inFlightValues) {
          const parallel = await repeat(PARALLEL_RUNS, () => loadInParallel(session, maxInFlight));
          if (
            parallel.requests !== sequential.requests ||
            parallel.pages !== sequential.pages ||
            parallel.resources !== sequential.resources
          ) {
            throw new Error(
              `${profile}: the two loaders did different work (${JSON.stringify(parallel)} vs ${JSON.stringify(sequential)})`,
            );
          }
          const boundMs = (parallel.chain + 2) * LATENCY_MS;
          rows.push([
            mode,
            profile,
            `${maxInFlight} in flight${maxInFlight === DEFAULT_MAX_IN_FLIGHT ? ' (default)' : ''}`,
            String(parallel.requests),
            String(parallel.pages),
            String(parallel.resources),
            parallel.wallMs.toFixed(0),
            `${(sequential.wallMs / parallel.wallMs).toFixed(1)}×`,
            String(parallel.chain),
            String(boundMs),
            parallel.wallMs <= boundMs ? 'yes' : 'no',
          ]);
        }
      }
    } finally {
      server.stop();
    }
  }
  console.log(formatTable(rows));
  console.log('\nCompact model context, per fixture patient:');
  console.log(formatContextBenchTable(await runContextBench()));
}

const serveIndex = process.argv.indexOf('--serve');
if (serveIndex >= 0) await serve(process.argv[serveIndex + 1] === 'replay' ? 'replay' : 'live');
else await main();
