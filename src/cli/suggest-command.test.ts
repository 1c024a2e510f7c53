import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildClinicalContext } from '../context/clinical-context.ts';
import { renderCompactContext, type CountTokens } from '../context/compact-context.ts';
import { buildPatientRecordFromBundle } from '../record/record-from-bundle.ts';
import { isBundle } from '../record/fhir-json.ts';
import { ModelRequestError, type ModelClient, type ModelEvent } from '../model/model-client.ts';
import { captureIo, type CapturedIo } from '../../tests/support/capture-io.ts';
import {
  createSuggestCommand,
  parseSuggestArguments,
  SUGGEST_USAGE,
  type SuggestDependencies,
  type SuggestJson,
} from './suggest-command.ts';

const FIXTURES_DIR = fileURLToPath(new URL('../../mocks/fixtures/synthea/', import.meta.url));
const CKD = path.join(FIXTURES_DIR, 'ckd-diabetic-nephropathy-hypertension-male.json');
const AFIB = path.join(FIXTURES_DIR, 'afib-heart-failure-cad-polypharmacy-deceased-male.json');
const CKD_SEEN = '2020-09-18';
const CKD_SEEN_MS = Date.parse(`${CKD_SEEN}T00:00:00Z`);
/** A stand-in for the tokenizer: the CLI's budget logic does not depend on the exact count. */
const countTokens: CountTokens = (text) => Math.ceil(text.length / 4);
const MODEL_ENV = {
  AZURE_AI_ENDPOINT: 'https://chartside-test.services.ai.azure.com/models',
  AZURE_AI_DEPLOYMENT: 'chartside-med',
  AZURE_AI_API_KEY: 'test-key',
};

/** What the command prints, with the clock at `now`. */
function captureAt(now = '2020-10-01T12:00:00Z'): CapturedIo {
  return captureIo({
    now: () => new Date(now),
    writeFile: () => Promise.reject(new Error('the suggest command writes no files')),
  });
}

/** A model that answers with the given suggestions as one JSON document, and counts its calls. */
function fakeModel(answer: () => unknown): { client: ModelClient; calls: () => number } {
  let calls = 0;
  const client: ModelClient = {
    deployment: 'chartside-med',
    async *streamSuggestions(): AsyncGenerator<ModelEvent> {
      calls += 1;
      await Promise.resolve();
      yield { type: 'delta', text: JSON.stringify(answer()) };
      yield { type: 'finish', reason: 'stop' };
    },
  };
  return { client, calls: () => calls };
}

function dependencies(
  client: ModelClient | undefined,
  env: Record<string, string> = MODEL_ENV,
): SuggestDependencies {
  return {
    env: client === undefined ? {} : env,
    createModelClient: () =>
      client === undefined ? Promise.reject(new Error('no model in this test')) : Promise.resolve(client),
    countTokens,
  };
}

function parseJson(output: string): SuggestJson & { keys: string[] } {
  const value: unknown = JSON.parse(output);
  if (typeof value !== 'object' || value === null || !('suggestions' in value) || !('dropped' in value))
    throw new Error(`unexpected output ${output}`);
  return { ...(value as SuggestJson), keys: Object.keys(value) };
}

/** The aliases the CKD fixture's context gives the metformin order and the latest eGFR, as the CLI sends it. */
async function ckdAliases(): Promise<{
  metformin: string;
  egfr: string;
  anemia: string;
  hemoglobin: string;
}> {
  const { readFile } = await import('node:fs/promises');
  const bundle: unknown = JSON.parse(await readFile(CKD, 'utf8'));
  if (!isBundle(bundle)) throw new Error('not a bundle');
  const assembled = buildPatientRecordFromBundle(bundle);
  if (!assembled.ok) throw new Error('no record');
  const compact = renderCompactContext(buildClinicalContext(assembled.value.record, { nowMs: CKD_SEEN_MS }), {
    countTokens,
  });
  const aliasOf = (pattern: RegExp): string => {
    const line = compact.text.split('\n').find((candidate) => pattern.test(candidate));
    const alias = line?.split(' ')[0];
    if (alias === undefined) throw new Error(`no line ${String(pattern)}`);
    return alias;
  };
  return {
    metformin: aliasOf(/^M\d+ Metformin/),
    egfr: aliasOf(/^L\d+ eGFR /),
    anemia: aliasOf(/^P\d+ Anemia/),
    hemoglobin: aliasOf(/^L\d+ Hemoglobin /),
  };
}

let tempDir: string;
beforeAll(async () => {
  tempDir = await mkdtemp(path.join(tmpdir(), 'chartside-suggest-'));
});
afterAll(async () => {
  await rm(tempDir, { recursive: true, force: true });
});

describe('parseSuggestArguments', () => {
  it.each<[string[], ReturnType<typeof parseSuggestArguments>]>([
    [['--help'], { kind: 'help' }],
    [
      ['b.json'],
      { kind: 'ok', value: { bundlePath: 'b.json', nowMs: undefined, json: false, budgetTokens: 4000 } },
    ],
    [
      ['b.json', '--now', '2020-09-18', '--json', '--budget', '3000'],
      { kind: 'ok', value: { bundlePath: 'b.json', nowMs: CKD_SEEN_MS, json: true, budgetTokens: 3000 } },
    ],
    [[], { kind: 'invalid', issues: ['the Bundle file is required'] }],
    [['a.json', 'b.json'], { kind: 'invalid', issues: ['one Bundle file at a time, got 2'] }],
    [
      ['b.json', '--now', '2021-02-30'],
      { kind: 'invalid', issues: ['--now must be a date as YYYY-MM-DD, got "2021-02-30"'] },
    ],
    [
      ['b.json', '--budget', '0'],
      { kind: 'invalid', issues: ['--budget must be a positive whole number, got "0"'] },
    ],
  ])('%j', (args, expected) => {
    expect(parseSuggestArguments(args)).toEqual(expected);
  });
});

describe('chartside suggest', () => {
  it('prints help and refuses wrong usage', async () => {
    const io = captureAt();
    expect(await createSuggestCommand(dependencies(undefined))(['--help'], io)).toBe(0);
    expect(io.out()).toBe(SUGGEST_USAGE);
    const bad = captureAt();
    expect(await createSuggestCommand(dependencies(undefined))([], bad)).toBe(2);
    expect(bad.err()).toContain('the Bundle file is required');
  });

  it('without a model runs the rules alone, says so, and prints the JSON shape asked for', async () => {
    const io = captureAt();
    const code = await createSuggestCommand(dependencies(undefined))([CKD, '--now', CKD_SEEN, '--json'], io);
    expect(code).toBe(0);
    expect(io.err()).toContain('no model configured (AZURE_AI_ENDPOINT is not set): rules only');
    const json = parseJson(io.out());
    expect(json.keys).toEqual(['suggestions', 'dropped']);
    expect(json.dropped).toEqual([]);
    expect(json.suggestions.map((entry) => entry.shown)).toEqual(
      json.suggestions.map((_, index) => index < 5),
    );
    for (const entry of json.suggestions) {
      expect(Object.keys(entry)).toEqual([
        'id',
        'title',
        'category',
        'urgency',
        'source',
        'shown',
        'evidence',
      ]);
      expect(entry.source).toBe('rules');
      for (const source of entry.evidence) expect(Object.keys(source)).toEqual(['resourceType', 'id']);
    }
    expect(json.suggestions.map((entry) => entry.id)).toContain('metformin-egfr:review');
  });

  it('prints findings as text in rank order, with the insufficient data', async () => {
    const io = captureAt();
    await createSuggestCommand(dependencies(undefined))([CKD, '--now', CKD_SEEN], io);
    expect(io.out()).toMatch(/^Shown first:\n 1\. \[soon\]/);
    expect(io.out()).toContain('Metformin with eGFR 41.6 mL/min/1.73m2');
    expect(io.out()).toContain('\nMore:\n 6. ');
  });

  it('with a model: grounds, maps, merges a duplicate into the rule finding and reports drops', async () => {
    const aliases = await ckdAliases();
    const model = fakeModel(() => ({
      suggestions: [
        {
          title: 'Metformin with eGFR 41.6 mL/min/1.73m2',
          category: 'medication-safety',
          urgency: 'soon',
          rationale: `Metformin (${aliases.metformin}) with eGFR 41.6 mL/min/1.73m2 (${aliases.egfr}).`,
          recommendedAction: 'Review the metformin dose.',
          evidence: [aliases.metformin, aliases.egfr],
          quotedFacts: [],
        },
        {
          title: 'Anemia on the problem list with a normal hemoglobin',
          category: 'diagnostic-consideration',
          urgency: 'routine',
          rationale: 'Anemia is listed as active while the latest hemoglobin is 14.4 g/dL.',
          recommendedAction: 'Review whether the anemia is resolved.',
          evidence: [aliases.anemia, aliases.hemoglobin],
          quotedFacts: [],
        },
        {
          title: 'Invented',
          category: 'lab-follow-up',
          urgency: 'routine',
          rationale: 'Cites a fact that does not exist.',
          recommendedAction: 'None.',
          evidence: ['L999'],
          quotedFacts: [],
        },
      ],
    }));
    const io = captureAt();
    const code = await createSuggestCommand(dependencies(model.client))(
      [CKD, '--now', CKD_SEEN, '--json'],
      io,
    );
    expect(code).toBe(0);
    const json = parseJson(io.out());
    const metformin = json.suggestions.filter((entry) => entry.title.startsWith('Metformin'));
    expect(metformin.map((entry) => [entry.id, entry.source])).toEqual([['metformin-egfr:review', 'rules']]);
    const fromModel = json.suggestions.filter((entry) => entry.source === 'model');
    expect(fromModel.map((entry) => entry.category)).toEqual(['diagnostic-consideration']);
    expect(fromModel[0]?.id).toMatch(/^model:diagnostic-consideration:[0-9a-f]{8}$/);
    expect(json.dropped).toEqual([{ reason: 'unknown-alias' }]);
    expect(io.err()).toContain('model chartside-med: 2 grounded, 1 dropped');
    expect(io.err()).toContain('1 model suggestion merged into rule findings');
  });

  it('reports a model failure and still prints the rules (exit 1)', async () => {
    const client: ModelClient = {
      deployment: 'chartside-med',
      streamSuggestions: () => {
        throw new ModelRequestError({
          kind: 'rate-limited',
          message: 'Too many requests.',
          retryAfterSeconds: 30,
        });
      },
    };
    const io = captureAt();
    const code = await createSuggestCommand(dependencies(client))([CKD, '--now', CKD_SEEN, '--json'], io);
    expect(code).toBe(1);
    expect(io.err()).toContain('answer missing or incomplete (rate-limited: Too many requests.)');
    expect(parseJson(io.out()).suggestions.length).toBeGreaterThan(0);
  });

  it('refuses an invalid model configuration, naming the problem, and runs the rules (exit 1)', async () => {
    const io = captureAt();
    const code = await createSuggestCommand(
      dependencies(fakeModel(() => ({ suggestions: [] })).client, {
        AZURE_AI_ENDPOINT: MODEL_ENV.AZURE_AI_ENDPOINT,
      }),
    )([CKD, '--now', CKD_SEEN], io);
    expect(code).toBe(1);
    expect(io.err()).toContain('model configuration invalid (AZURE_AI_DEPLOYMENT is required');
    expect(io.err()).not.toContain('test-key');
  });

  it('does not ask the model about a patient who died before the date seen, and raises nothing', async () => {
    const model = fakeModel(() => ({ suggestions: [] }));
    const io = captureAt();
    const code = await createSuggestCommand(dependencies(model.client))(
      [AFIB, '--now', '2021-03-01', '--json'],
      io,
    );
    expect(code).toBe(0);
    expect(model.calls()).toBe(0);
    expect(parseJson(io.out())).toMatchObject({ suggestions: [], dropped: [] });
    expect(io.err()).toContain('suppressed (patient deceased)');
    expect(io.err()).toContain('the model was not asked');
  });

  it('judges the date seen from --now, and from the clock without it', async () => {
    const io = captureAt('2021-02-20T09:00:00Z');
    await createSuggestCommand(dependencies(undefined))([AFIB, '--json'], io);
    expect(parseJson(io.out()).suggestions.map((entry) => entry.id)).toContain('digoxin-elderly');
    expect(io.err()).toContain('seen 2021-02-20');
  });

  it.each<[string, string, string]>([
    ['missing.json', '', 'could not read'],
    ['not-json.json', '{', 'could not read'],
    ['not-a-bundle.json', '{"resourceType":"Patient"}', 'is not a FHIR Bundle'],
  ])('fails clearly on %s', async (name, contents, message) => {
    const file = path.join(tempDir, name);
    if (contents !== '') await writeFile(file, contents, 'utf8');
    const io = captureAt();
    expect(await createSuggestCommand(dependencies(undefined))([file], io)).toBe(1);
    expect(io.err()).toContain(message);
  });
});
