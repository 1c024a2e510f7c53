// `chartside registration check` through bin/chartside.mjs (tsx, a real process): the shipped
// launch/registered-ehrs.json passes with one line per entry, whatever entries it holds, and a copy with one
// planted bad entry fails with exit 1 and the entry and field named.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/chartside.mjs', import.meta.url));
const SHIPPED = fileURLToPath(new URL('../../launch/registered-ehrs.json', import.meta.url));

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'chartside-registration-cli-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface Run {
  readonly code: unknown;
  readonly stdout: string;
  readonly stderr: string;
}

async function runChartside(args: readonly string[]): Promise<Run> {
  return promisify(execFile)(process.execPath, [BIN, ...args], { timeout: 20_000 }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: unknown) => ({
      code: typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined,
      stdout: typeof error === 'object' && error !== null && 'stdout' in error ? String(error.stdout) : '',
      stderr: typeof error === 'object' && error !== null && 'stderr' in error ? String(error.stderr) : '',
    }),
  );
}

/** The shipped file's entries, as raw JSON (the test does not assume which EHRs are listed). */
async function shippedEntries(): Promise<Record<string, unknown>[]> {
  const document: unknown = JSON.parse(await readFile(SHIPPED, 'utf8'));
  if (typeof document !== 'object' || document === null || !('registeredEhrs' in document)) {
    throw new Error('launch/registered-ehrs.json has no registeredEhrs');
  }
  const entries: unknown = document.registeredEhrs;
  if (!Array.isArray(entries)) throw new Error('registeredEhrs is not an array');
  return entries.map((entry: unknown) => {
    if (typeof entry !== 'object' || entry === null) throw new Error('an entry is not an object');
    return Object.fromEntries(Object.entries(entry));
  });
}

describe('chartside registration check', () => {
  it('passes the shipped launch/registered-ehrs.json with one summary line per entry', async () => {
    const entries = await shippedEntries();
    const result = await runChartside(['registration', 'check', SHIPPED]);
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/ is valid: \d+ registered EHRs?$/u);
    expect(lines.slice(1)).toEqual(
      entries.map((entry) => {
        const scopes = Array.isArray(entry['scopes']) ? entry['scopes'].length : -1;
        return `  - ${JSON.stringify(entry['name'])}: profile ${String(entry['profile'])}, iss ${String(entry['issPattern'])}, ${scopes} scopes`;
      }),
    );
  });

  it('fails a copy with a planted bad entry, naming it, and keeps passing a planted good one', async () => {
    const entries = await shippedEntries();
    const [first] = entries;
    if (!first) throw new Error('launch/registered-ehrs.json is empty');
    const good = {
      ...first,
      name: 'Planted generic SMART server',
      issPattern: '^https://fhir\\.example\\.org/r4$',
    };
    const goodFile = path.join(dir, 'good.json');
    await writeFile(
      goodFile,
      JSON.stringify({ registeredEhrs: [...entries, { ...good, profile: 'smart' }] }),
      'utf8',
    );
    const passed = await runChartside(['registration', 'check', goodFile]);
    expect(passed.code).toBe(0);
    expect(passed.stdout).toContain('"Planted generic SMART server": profile smart');

    const badFile = path.join(dir, 'bad.json');
    const bad = { ...good, name: 'Planted bad entry', scopes: ['openid', 'offline_access'] };
    await writeFile(badFile, JSON.stringify({ registeredEhrs: [...entries, bad] }), 'utf8');
    const failed = await runChartside(['registration', 'check', badFile]);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toBe('');
    expect(failed.stderr).toContain(
      `  - registeredEhrs[${entries.length}] "Planted bad entry" scopes: offline_access is not allowed`,
    );
  });
});
