import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureIo, type CapturedIo } from '../../tests/support/capture-io.ts';
import { CONTEXT_USAGE, parseContextArguments, runContextCommand } from './context-command.ts';

const FIXTURES_DIR = fileURLToPath(new URL('../../mocks/fixtures/synthea/', import.meta.url));
const ALZHEIMERS = path.join(
  FIXTURES_DIR,
  'alzheimers-hypertension-hyperlipidemia-elderly-female-other-race.json',
);
const ALCOHOLISM = path.join(FIXTURES_DIR, 'heart-failure-cad-ckd-diabetes-deceased-male.json');

/** What the command prints, with the clock at `now`. */
function captureAt(now = '2020-10-01T12:00:00Z'): CapturedIo {
  return captureIo({
    now: () => new Date(now),
    writeFile: () => Promise.reject(new Error('the context command writes no files')),
  });
}

interface ContextJson {
  readonly tokens: number;
  readonly text: string;
  readonly aliases: Readonly<Record<string, string>>;
}

/** The `--json` output, checked: its keys in order, and tokens, text and aliases with their types. */
function parseContextJson(output: string): ContextJson & { readonly keys: readonly string[] } {
  const value: unknown = JSON.parse(output);
  if (
    typeof value !== 'object' ||
    value === null ||
    !('tokens' in value) ||
    !('text' in value) ||
    !('aliases' in value)
  ) {
    throw new Error(`unexpected output ${output}`);
  }
  const { tokens, text, aliases } = value;
  if (
    typeof tokens !== 'number' ||
    typeof text !== 'string' ||
    typeof aliases !== 'object' ||
    aliases === null
  ) {
    throw new Error(`unexpected output ${output}`);
  }
  const entries = Object.entries(aliases);
  if (!entries.every((entry): entry is [string, string] => typeof entry[1] === 'string'))
    throw new Error('aliases must map to strings');
  return { keys: Object.keys(value), tokens, text, aliases: Object.fromEntries(entries) };
}

let tempDir: string;
beforeAll(async () => {
  tempDir = await mkdtemp(path.join(tmpdir(), 'chartside-context-'));
});
afterAll(async () => {
  await rm(tempDir, { recursive: true, force: true });
});

describe('parseContextArguments', () => {
  it.each<[string, string[], string]>([
    ['no file', [], 'the Bundle file is required'],
    ['two files', ['a.json', 'b.json'], 'one Bundle file at a time, got 2'],
    [
      'a budget that is not a number',
      ['a.json', '--budget', 'lots'],
      '--budget must be a positive whole number, got "lots"',
    ],
    ['a zero budget', ['a.json', '--budget', '0'], '--budget must be a positive whole number, got "0"'],
    [
      'a date that is not YYYY-MM-DD',
      ['a.json', '--now', '03/12/2021'],
      '--now must be a date as YYYY-MM-DD, got "03/12/2021"',
    ],
    [
      'a date that does not exist',
      ['a.json', '--now', '2021-02-30'],
      '--now must be a date as YYYY-MM-DD, got "2021-02-30"',
    ],
    [
      'an unknown category',
      ['a.json', '--include-sensitive', 'mental-health,gossip'],
      '--include-sensitive: unknown category "gossip"',
    ],
    ['an unknown option', ['a.json', '--verbose'], "Unknown option '--verbose'"],
  ])('refuses %s', (_label, args, issue) => {
    const parsed = parseContextArguments(args);
    expect(parsed.kind).toBe('invalid');
    if (parsed.kind === 'invalid') expect(parsed.issues.join('\n')).toContain(issue);
  });

  it('reads every option', () => {
    expect(
      parseContextArguments([
        'b.json',
        '--budget',
        '2500',
        '--now',
        '2021-03-12',
        '--json',
        '--include-sensitive',
        'substance-use, mental-health',
        '--include-free-text',
      ]),
    ).toEqual({
      kind: 'ok',
      value: {
        bundlePath: 'b.json',
        budgetTokens: 2500,
        nowMs: Date.parse('2021-03-12T00:00:00Z'),
        json: true,
        includeSensitiveCategories: ['substance-use', 'mental-health'],
        includeFreeText: true,
      },
    });
    const all = parseContextArguments(['b.json', '--include-sensitive', 'all']);
    expect(all.kind === 'ok' ? all.value.includeSensitiveCategories : []).toHaveLength(6);
  });
});

describe('chartside context', () => {
  it('prints its usage with --help', async () => {
    const io = captureAt();
    expect(await runContextCommand(['--help'], io)).toBe(0);
    expect(io.out()).toBe(CONTEXT_USAGE);
  });

  it('exits 2 with the usage on wrong arguments', async () => {
    const io = captureAt();
    expect(await runContextCommand(['--budget', 'x'], io)).toBe(2);
    expect(io.err()).toContain(
      'chartside context: the Bundle file is required\nchartside context: --budget must be a positive whole number',
    );
    expect(io.err()).toContain(CONTEXT_USAGE);
  });

  it('--json prints exactly { tokens, text, aliases }', async () => {
    const io = captureAt();
    expect(await runContextCommand([ALZHEIMERS, '--now', '2020-10-01', '--json'], io)).toBe(0);
    const { keys, tokens, text, aliases } = parseContextJson(io.out());
    expect(keys).toEqual(['tokens', 'text', 'aliases']);
    expect(Number.isInteger(tokens)).toBe(true);
    expect(tokens).toBe(countTokens(text));
    expect(tokens).toBeLessThanOrEqual(4000);
    expect(text).toContain("Alzheimer's disease");
    for (const [alias, target] of Object.entries(aliases)) {
      expect(alias).toMatch(/^[A-Z]\d+$/);
      expect(target).toMatch(/^[A-Z][A-Za-z]+\/[\w.-]+$/);
      expect(text).toContain(alias);
      expect(text).not.toContain(target.split('/')[1]);
    }
    expect(io.err()).toMatch(
      /^chartside context: \d+ tokens \(budget 4000\), \d+ citation aliases; \d+ resources withheld as sensitive; nothing left out for the budget\n$/,
    );
  });

  it('prints the same text without --json, and --now defaults to today', async () => {
    const asJson = captureAt();
    await runContextCommand([ALZHEIMERS, '--now', '2020-10-01', '--json'], asJson);
    const plain = captureAt('2020-10-01T00:00:00Z');
    expect(await runContextCommand([ALZHEIMERS], plain)).toBe(0);
    expect(plain.out()).toBe(parseContextJson(asJson.out()).text);
    const later = captureAt('2026-11-25T12:00:00Z');
    await runContextCommand([ALZHEIMERS], later);
    expect(later.out()).not.toBe(plain.out());
  });

  it('fits --budget and says what it left out', async () => {
    const io = captureAt();
    expect(
      await runContextCommand([ALZHEIMERS, '--now', '2020-10-01', '--budget', '600', '--json'], io),
    ).toBe(0);
    const { tokens, text } = parseContextJson(io.out());
    expect(tokens).toBeLessThanOrEqual(600);
    expect(text).toMatch(/\(Left out for the token budget: .+\)\n$/);
    expect(io.err()).toMatch(/left out for the budget/);
  });

  it('fails when not even the header fits the budget', async () => {
    const io = captureAt();
    expect(await runContextCommand([ALZHEIMERS, '--budget', '20'], io)).toBe(1);
    expect(io.err()).toContain('even the header does not fit 20 tokens; raise --budget');
  });

  it('withholds sensitive categories unless --include-sensitive names them', async () => {
    const withheld = captureAt();
    await runContextCommand([ALCOHOLISM, '--now', '1981-07-15'], withheld);
    expect(withheld.out()).not.toMatch(/alcohol/i);
    const included = captureAt();
    await runContextCommand(
      [ALCOHOLISM, '--now', '1981-07-15', '--include-sensitive', 'substance-use'],
      included,
    );
    expect(included.out()).toContain('Alcoholism');
  });

  it.each<[string, string, string]>([
    ['a missing file', 'missing.json', 'could not read'],
    ['a file that is not JSON', 'not-json.json', 'could not read'],
    ['JSON that is not a Bundle', 'patient.json', 'is not a FHIR Bundle'],
    ['a Bundle without a patient', 'empty-bundle.json', 'the Bundle has no Patient resource'],
  ])('exits 1 on %s', async (_label, name, message) => {
    await writeFile(path.join(tempDir, 'not-json.json'), '{ nope', 'utf8');
    await writeFile(
      path.join(tempDir, 'patient.json'),
      JSON.stringify({ resourceType: 'Patient', id: 'p1' }),
      'utf8',
    );
    await writeFile(
      path.join(tempDir, 'empty-bundle.json'),
      JSON.stringify({ resourceType: 'Bundle', type: 'collection', entry: [] }),
      'utf8',
    );
    const io = captureAt();
    expect(await runContextCommand([path.join(tempDir, name)], io)).toBe(1);
    expect(io.err()).toContain(message);
    expect(io.out()).toBe('');
  });
});
