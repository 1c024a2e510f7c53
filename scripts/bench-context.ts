// The model-context bench, per fixture patient: raw Bundle bytes and o200k tokens, compact-context tokens at the
// default budget, the ratio, retention (the must-keep set of context-retention.ts found in the text, cited),
// and the time to build the context against the time of a plain `JSON.parse` of the same Bundle.
//
// Timing: three passes over every fixture warm the JIT, then each fixture is timed `runs` times, round the
// fixtures, and the medians are reported:
// - "JSON.parse": a plain JSON.parse of the Bundle text;
// - "build": Bundle → PatientRecord → ClinicalContext (the pure context work) on a settled Bundle, as the app
//   holds a record it has finished loading;
// - "build after parse": the same on a Bundle parsed the moment before (the CLI's path), which also pays the
//   first garbage collection after JSON.parse (it copies the whole freshly parsed Bundle out of V8's young
//   generation: a cost of parsing that lands on whatever runs next);
// - "render": the compact text fitted to the budget with the exact o200k counter, which only Node uses (the
//   browser passes an estimate).
// Targets: max ≤ 4,000 and median ≤ 2,500 tokens, retention 100 %, build ≤ JSON.parse.
//
//   npx tsx scripts/bench-context.ts [runs]      or from `npm run bench` via runContextBench()
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Bundle } from 'fhir/r4';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { buildClinicalContext } from '../src/context/clinical-context.ts';
import {
  DEFAULT_TOKEN_BUDGET,
  renderCompactContext,
  type CompactContext,
} from '../src/context/compact-context.ts';
import { findMissingRetentionTargets, listRetentionTargets } from '../src/context/context-retention.ts';
import { buildPatientRecordFromBundle } from '../src/record/record-from-bundle.ts';
import { isBundle } from '../src/record/fhir-json.ts';
import type { PatientRecord } from '../src/record/patient-record.ts';

const FIXTURES_DIR = fileURLToPath(new URL('../mocks/fixtures/synthea/', import.meta.url));
const DAY_MS = 86_400_000;
const DEFAULT_RUNS = 25;
const WARM_UP_PASSES = 3;
const TARGET_MAX_TOKENS = 4000;
const TARGET_MEDIAN_TOKENS = 2500;

export interface ContextBenchRow {
  readonly fixture: string;
  readonly rawBytes: number;
  readonly rawTokens: number;
  readonly compactTokens: number;
  /** Raw tokens per compact token. */
  readonly ratio: number;
  readonly retentionTargets: number;
  readonly retentionFound: number;
  /** Bundle → PatientRecord → ClinicalContext, on a settled Bundle. */
  readonly buildMs: number;
  /** The same, on a Bundle parsed just before (includes the first garbage collection after the parse). */
  readonly buildAfterParseMs: number;
  /** The compact text with the o200k counter. */
  readonly renderMs: number;
  readonly parseMs: number;
}

export interface ContextBenchResult {
  readonly runs: number;
  readonly rows: readonly ContextBenchRow[];
  readonly maxTokens: number;
  readonly medianTokens: number;
  /** Over all fixtures: must-keep items found / must-keep items, in percent. */
  readonly retentionPercent: number;
  /** Fixtures whose build median is at most their JSON.parse median. */
  readonly buildWithinParse: number;
  readonly buildAfterParseWithinParse: number;
  readonly targetsMet: boolean;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const low = sorted[Math.floor((sorted.length - 1) / 2)] ?? Number.NaN;
  const high = sorted[Math.ceil((sorted.length - 1) / 2)] ?? Number.NaN;
  return (low + high) / 2;
}

/** The day after the patient's last encounter: fixture activity ends in 2020–2021, so "recent" means something. */
function dayAfterLastEncounter(record: PatientRecord): number {
  const times = record.encounters
    .map((encounter) => Date.parse(encounter.period?.end ?? encounter.period?.start ?? ''))
    .filter((ms) => !Number.isNaN(ms));
  return Math.max(...times) + DAY_MS;
}

function parseBundle(raw: string, fixture: string): Bundle {
  const json: unknown = JSON.parse(raw);
  if (!isBundle(json)) throw new Error(`${fixture} is not a FHIR Bundle`);
  return json;
}

function buildRecord(bundle: Bundle, fixture: string): PatientRecord {
  const assembled = buildPatientRecordFromBundle(bundle);
  if (!assembled.ok) throw new Error(`${fixture}: ${assembled.issues.join('; ')}`);
  return assembled.value.record;
}

function renderFixture(record: PatientRecord, nowMs: number): CompactContext {
  return renderCompactContext(buildClinicalContext(record, { nowMs }), {
    countTokens,
    budgetTokens: DEFAULT_TOKEN_BUDGET,
  });
}

export async function runContextBench(options: { readonly runs?: number } = {}): Promise<ContextBenchResult> {
  const runs = options.runs ?? DEFAULT_RUNS;
  const files = (await readdir(FIXTURES_DIR)).filter((file) => file.endsWith('.json')).sort();
  const fixtures = await Promise.all(
    files.map(async (file) => ({
      fixture: file.replace(/\.json$/, ''),
      raw: await readFile(`${FIXTURES_DIR}${file}`, 'utf8'),
    })),
  );

  // The Bundles as the app holds a record it has finished loading: parsed once, kept, settled by the warm-up's
  // garbage collections. "build" is timed on these. "build after parse" is timed on a Bundle parsed the moment
  // before (the CLI's path): it also pays the first garbage collection after JSON.parse, which copies the whole
  // freshly parsed Bundle out of the young generation — a cost of parsing that lands on whatever runs next.
  const settled = fixtures.map(({ fixture, raw }) => parseBundle(raw, fixture));
  for (let pass = 0; pass < WARM_UP_PASSES; pass += 1) {
    for (const [index, { fixture }] of fixtures.entries()) {
      const bundle = settled[index];
      if (bundle === undefined) continue;
      const record = buildRecord(bundle, fixture);
      renderFixture(record, dayAfterLastEncounter(record));
    }
  }

  // Timed runs go round the fixtures (run 1 of each, then run 2 of each, …), so that machine noise falls on
  // every fixture alike.
  const samples = fixtures.map(() => ({
    parse: [] as number[],
    buildAfterParse: [] as number[],
    build: [] as number[],
    render: [] as number[],
  }));
  const outputs: { record: PatientRecord; nowMs: number; compact: CompactContext }[] = [];
  for (let run = 0; run < runs; run += 1) {
    for (const [index, { fixture, raw }] of fixtures.entries()) {
      const sample = samples[index];
      const settledBundle = settled[index];
      if (sample === undefined || settledBundle === undefined) continue;
      const parseStart = performance.now();
      const fresh = parseBundle(raw, fixture);
      const parsed = performance.now();
      const freshRecord = buildRecord(fresh, fixture);
      buildClinicalContext(freshRecord, { nowMs: dayAfterLastEncounter(freshRecord) });
      const builtAfterParse = performance.now();

      const buildStart = performance.now();
      const record = buildRecord(settledBundle, fixture);
      const nowMs = dayAfterLastEncounter(record);
      const context = buildClinicalContext(record, { nowMs });
      const built = performance.now();
      const compact = renderCompactContext(context, { countTokens, budgetTokens: DEFAULT_TOKEN_BUDGET });
      const rendered = performance.now();

      sample.parse.push(parsed - parseStart);
      sample.buildAfterParse.push(builtAfterParse - parsed);
      sample.build.push(built - buildStart);
      sample.render.push(rendered - built);
      outputs[index] = { record, nowMs, compact };
    }
  }

  const rows = fixtures.map(({ fixture, raw }, index): ContextBenchRow => {
    const output = outputs[index];
    const sample = samples[index];
    if (output === undefined || sample === undefined) throw new Error('runs must be at least 1');
    const targets = listRetentionTargets(output.record, { nowMs: output.nowMs });
    const missing = findMissingRetentionTargets(targets, output.compact);
    const rawTokens = countTokens(raw);
    return {
      fixture,
      rawBytes: Buffer.byteLength(raw, 'utf8'),
      rawTokens,
      compactTokens: output.compact.tokens,
      ratio: rawTokens / output.compact.tokens,
      retentionTargets: targets.length,
      retentionFound: targets.length - missing.length,
      buildMs: median(sample.build),
      buildAfterParseMs: median(sample.buildAfterParse),
      renderMs: median(sample.render),
      parseMs: median(sample.parse),
    };
  });

  const tokens = rows.map((row) => row.compactTokens);
  const targetCount = rows.reduce((sum, row) => sum + row.retentionTargets, 0);
  const foundCount = rows.reduce((sum, row) => sum + row.retentionFound, 0);
  const maxTokens = Math.max(...tokens);
  const medianTokens = median(tokens);
  const retentionPercent = targetCount === 0 ? 100 : (foundCount / targetCount) * 100;
  const buildWithinParse = rows.filter((row) => row.buildMs <= row.parseMs).length;
  return {
    runs,
    rows,
    maxTokens,
    medianTokens,
    retentionPercent,
    buildWithinParse,
    buildAfterParseWithinParse: rows.filter((row) => row.buildAfterParseMs <= row.parseMs).length,
    targetsMet:
      maxTokens <= TARGET_MAX_TOKENS &&
      medianTokens <= TARGET_MEDIAN_TOKENS &&
      retentionPercent === 100 &&
      buildWithinParse === rows.length,
  };
}

/** The bench as a Markdown table with a summary, ready for BENCHMARKS.md. */
export function formatContextBenchTable(result: ContextBenchResult): string {
  const header = [
    'fixture',
    'raw bytes',
    'raw tokens',
    'compact tokens',
    'ratio',
    'retention',
    'build ms',
    'build after parse ms',
    'render ms',
    'JSON.parse ms',
  ];
  const body = result.rows.map((row) => [
    row.fixture,
    row.rawBytes.toLocaleString('en-US'),
    row.rawTokens.toLocaleString('en-US'),
    row.compactTokens.toLocaleString('en-US'),
    `${Math.round(row.ratio)}×`,
    `${((row.retentionFound / Math.max(row.retentionTargets, 1)) * 100).toFixed(0)}% (${row.retentionFound}/${row.retentionTargets})`,
    row.buildMs.toFixed(2),
    row.buildAfterParseMs.toFixed(2),
    row.renderMs.toFixed(2),
    row.parseMs.toFixed(2),
  ]);
  const rows = [header, ...body];
  const widths = header.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    `| ${cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join(' | ')} |`;
  const separator = `|${widths.map((width, column) => (column === 0 ? `${'-'.repeat(width + 1)}-` : `${'-'.repeat(width + 1)}:`)).join('|')}|`;
  const count = result.rows.length;
  return [
    `Model-context bench: ${count} Synthea fixtures, default budget ${DEFAULT_TOKEN_BUDGET} tokens (o200k), now = the day after the last encounter, medians of ${result.runs} runs after ${WARM_UP_PASSES} warm-up passes`,
    '',
    line(header),
    separator,
    ...body.map(line),
    '',
    `Compact tokens: max ${result.maxTokens.toLocaleString('en-US')} (target ≤ ${TARGET_MAX_TOKENS.toLocaleString('en-US')}), median ${result.medianTokens.toLocaleString('en-US')} (target ≤ ${TARGET_MEDIAN_TOKENS.toLocaleString('en-US')})`,
    `Retention: ${result.retentionPercent.toFixed(1)}% of must-keep items (target 100%)`,
    `Build ≤ JSON.parse: ${result.buildWithinParse}/${count} fixtures (build after parse ≤ JSON.parse: ${result.buildAfterParseWithinParse}/${count})`,
    `Targets ${result.targetsMet ? 'met' : 'NOT met'}.`,
    '',
  ].join('\n');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const runs = Number(process.argv[2] ?? DEFAULT_RUNS);
  const result = await runContextBench({ runs: Number.isInteger(runs) && runs > 0 ? runs : DEFAULT_RUNS });
  process.stdout.write(formatContextBenchTable(result));
  process.exitCode = result.targetsMet ? 0 : 1;
}
