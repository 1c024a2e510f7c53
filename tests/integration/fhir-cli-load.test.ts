// `chartside load` run in-process against the EHR stand-in (msw), and the bin run for real once.
import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.ts';
import { captureIo } from '../support/capture-io.ts';
import { isBundle } from '../../src/record/fhir-json.ts';
import { startMswStandIn, TEST_ORIGIN, type MswStandIn } from '../support/msw-stand-in.ts';
import { loadArguments, startStandInSession, type StandInSession } from '../support/stand-in-session.ts';
import { LARGEST_FIXTURE, readFixtureRecord, type FixtureRecord } from '../support/synthea-fixtures.ts';

const BIN = fileURLToPath(new URL('../../bin/chartside.mjs', import.meta.url));

let env: MswStandIn;
let fixture: FixtureRecord;
let session: StandInSession;
let outDir: string;

beforeAll(async () => {
  env = await startMswStandIn();
  fixture = await readFixtureRecord(LARGEST_FIXTURE);
  session = await startStandInSession({ origin: TEST_ORIGIN, profile: 'epic', patientId: fixture.patientId });
  outDir = await mkdtemp(path.join(tmpdir(), 'chartside-cli-'));
});

afterAll(async () => {
  env.close();
  await rm(outDir, { recursive: true, force: true });
});

describe('chartside load', () => {
  it('writes the record as a collection Bundle and prints the diagnostics table', async () => {
    const outFile = path.join(outDir, 'record.json');
    const io = captureIo();
    const code = await runCli(['load', ...loadArguments(session, outFile)], io);

    expect(io.err()).toBe('');
    expect(code).toBe(0);
    const bundle: unknown = JSON.parse(await readFile(outFile, 'utf8'));
    if (!isBundle(bundle)) throw new Error('not a Bundle');
    expect(bundle.type).toBe('collection');
    expect(bundle.timestamp).toBe('2026-11-25T12:00:00.000Z');
    const counts: Record<string, number> = {};
    for (const entry of bundle.entry ?? []) {
      const type = entry.resource?.resourceType ?? 'none';
      counts[type] = (counts[type] ?? 0) + 1;
      expect(entry.fullUrl).toBe(`${session.fhirBaseUrl}/${type}/${entry.resource?.id ?? ''}`);
    }
    expect(counts).toEqual(fixture.epicExpectedCounts);

    const report = io.out();
    expect(report).toContain(`Loaded Patient/${fixture.patientId} from ${session.fhirBaseUrl}`);
    expect(report).toMatch(/\d+ requests · \d+ pages · 0 retries · 0 entered-in-error excluded/);
    expect(report).toMatch(/^Section\s+Status\s+Resources\s+Pages\s+Note$/m);
    expect(report).toMatch(/^Observation:laboratory\s+loaded\s+417\s+3$/m);
    expect(report).toMatch(
      /^MedicationStatement\s+not-supported\s+0\s+0\s+this EHR does not offer MedicationStatement search/m,
    );
    // Epic serves Conditions by category only, and Synthea's carry none: the orders still point at them.
    expect(report).toMatch(/^Record: Patient 1 · Observation 497 · /m);
    expect(report).toContain(
      'Observation by category: laboratory 417 · vital-signs 66 · survey 13 · procedure 1',
    );
    expect(report).toContain('Condition by category: none');
    expect(report).toMatch(/ {2}- \d+ problems? referenced by medication orders could not be loaded/);
    expect(report).toContain('  - Condition:health-concern: information: No resources found.');
  });

  it('on Epic without --plan epic, says the EHR wants category searches and how to ask for them', async () => {
    const io = captureIo();
    const code = await runCli(
      [
        'load',
        '--fhir',
        session.fhirBaseUrl,
        '--patient',
        fixture.patientId,
        '--token',
        session.accessToken,
        '--out',
        path.join(outDir, 'generic.json'),
      ],
      io,
    );
    expect(code).toBe(1);
    expect(io.out()).toMatch(
      /^Observation\s+error\s+0\s+0\s+HTTP 400: Observation search: category is required/m,
    );
    expect(io.err()).toContain(
      'chartside load: the EHR refused a search without category (HTTP 400), as Epic does; run again with --plan epic',
    );
  });

  it('fails with exit 1 and names the section when a section fails, still writing the file', async () => {
    env.standIn.faults.set({ fhir: [{ status: 500, resourceType: 'Goal' }] });
    const outFile = path.join(outDir, 'partial.json');
    const io = captureIo();
    const code = await runCli(
      [
        'load',
        '--plan',
        'epic',
        '--fhir',
        session.fhirBaseUrl,
        '--patient',
        fixture.patientId,
        '--token',
        session.accessToken,
        '--out',
        outFile,
      ],
      io,
    );
    env.standIn.faults.reset();
    expect(code).toBe(1);
    expect(io.out()).toMatch(/^Goal\s+error\s+0\s+0\s+HTTP 500: Simulated fault: HTTP 500$/m);
    expect(io.out()).toContain('(incomplete: 1 section failed)');
    expect(JSON.parse(await readFile(outFile, 'utf8'))).toMatchObject({
      resourceType: 'Bundle',
      type: 'collection',
    });
  });

  it('says the token was rejected on a 401', async () => {
    const io = captureIo();
    const code = await runCli(
      [
        'load',
        '--fhir',
        session.fhirBaseUrl,
        '--patient',
        fixture.patientId,
        '--token',
        'expired',
        '--out',
        path.join(outDir, 'x.json'),
      ],
      io,
    );
    expect(code).toBe(1);
    expect(io.err()).toMatch(
      /^chartside load: the EHR rejected the access token \(HTTP 401\): The access token is unknown or expired\. Get a new token/,
    );
  });

  it('says when the EHR cannot be reached', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
    const io = captureIo({ fetch: () => Promise.reject(new TypeError('fetch failed', { cause: refused })) });
    const code = await runCli(
      ['load', '--fhir', 'http://127.0.0.1:9/fhir', '--patient', 'p1', '--out', path.join(outDir, 'x.json')],
      io,
    );
    expect(code).toBe(1);
    expect(io.err()).toBe(
      'chartside load: could not reach the EHR at http://127.0.0.1:9: connect ECONNREFUSED 127.0.0.1:9\nCheck --fhir (http://127.0.0.1:9/fhir) and that the server is running.\n',
    );
  });

  it.each<[string, string[], RegExp]>([
    ['no command', [], /^Usage: chartside <command>/],
    [
      'an unknown command',
      ['suggest-all'],
      /^chartside: unknown command "suggest-all"\n\nUsage: chartside <command>/,
    ],
    [
      'missing options',
      ['load', '--fhir', 'http://x.test/fhir'],
      /^chartside load: --patient is required\nchartside load: --out is required\n\nUsage: chartside load/,
    ],
    [
      'an unknown option',
      ['load', '--fhir', 'http://x.test/fhir', '--patient', 'p', '--out', 'o.json', '--verbose'],
      /^chartside load: Unknown option '--verbose'/,
    ],
    [
      'a base that is not a URL',
      ['load', '--fhir', 'ehr.test/fhir', '--patient', 'p', '--out', 'o.json'],
      /--fhir must be an http or https URL, got "ehr.test\/fhir"/,
    ],
    [
      'a bad number',
      ['load', '--fhir', 'http://x.test/fhir', '--patient', 'p', '--out', 'o.json', '--page-size', '0'],
      /--page-size must be a positive whole number, got "0"/,
    ],
  ])('prints usage and exits 2 for %s', async (_label, argv, message) => {
    const io = captureIo();
    expect(await runCli(argv, io)).toBe(2);
    expect(io.err()).toMatch(message);
    expect(io.out()).toBe('');
  });

  it('prints help on --help with exit 0', async () => {
    const io = captureIo();
    expect(await runCli(['load', '--help'], io)).toBe(0);
    expect(io.out()).toMatch(/^Usage: chartside load --fhir <base URL> --patient <id> --out <file.json>/);
  });
});

/** A local port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('bin/chartside.mjs', () => {
  it('runs the CLI through tsx and reports a refused connection', async () => {
    const port = await closedPort();
    const result = await promisify(execFile)(
      process.execPath,
      [
        BIN,
        'load',
        '--fhir',
        `http://127.0.0.1:${port}/fhir`,
        '--patient',
        'p1',
        '--out',
        path.join(outDir, 'never.json'),
      ],
      {
        timeout: 20_000,
      },
    ).then(
      () => ({ code: 0, stderr: '' }),
      (error: unknown) => ({
        code: typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined,
        stderr: typeof error === 'object' && error !== null && 'stderr' in error ? String(error.stderr) : '',
      }),
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      new RegExp(
        `^chartside load: could not reach the EHR at http://127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`,
      ),
    );
  });
});
