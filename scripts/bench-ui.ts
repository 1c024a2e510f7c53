// `tsx scripts/bench-ui.ts [--runs N] [--no-build]`: what the clinician waits for.
//
//  1. Initial JS: the gzip size of the JavaScript index.html (the app, at the redirect URI) loads before
//     anything else (the entry script and its modulepreloads) in a fresh production build; the same for the
//     launch page (launch/index.html, only the SMART authorize step); the lazy chunks (clinician view, charts)
//     listed apart. Target ≤ 150 KB, with the charts lazy.
//  2. Launch → first suggestion: headless Chromium opens Chartside's launch URL as an EHR would (EHR launch with
//     a `launch` handle), through the SMART handshake, the record load, the context and the rules, until the
//     first suggestion card is on screen; and until the model's suggestions are in (the Azure stand-in,
//     answering at once, behind the real Azure client and the real /api/suggestions). Target ≤ 1.5 s to the
//     first suggestion.
//
// Everything runs on this machine: the server (built app, sandbox EHR stand-in, suggestions API, feedback
// routes on in-memory PGlite, the Azure stand-in) in a child process, and one Chromium driven from this one.
// Times are taken in the page (a MutationObserver stamps when each thing first shows). One warm-up launch per
// patient first (the stand-in indexes a patient's record on first use), then medians.
import { spawn, spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { chromium, type BrowserContext } from 'playwright-core';
import { testModelConfig } from '../mocks/azure/azure-test-kit.ts';
import { serveAzureStandIn } from '../mocks/azure/serve-azure-stand-in.ts';
import { encodeLaunchContext } from '../mocks/ehr/launch-context.ts';
import { createEhrStandIn } from '../mocks/ehr/stand-in.ts';
import { createAzureModelClient } from '../src/model/azure-model-client.ts';
import { createSandboxServer } from '../src/sandbox/sandbox-server.ts';
import { openFeedbackStore } from '../src/server/feedback/feedback-routes.ts';
import { CHROMIUM_ARGS } from '../tests/support/chromium-args.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST_DIR = path.join(ROOT, 'dist');
const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] || '/usr/bin/chromium';
const INITIAL_TARGET_KB = 150;
const FIRST_SUGGESTION_TARGET_MS = 1_500;

const PATIENTS = [
  { id: 'ab4e7a7d-8b0d-41e1-9ce9-3877d7615aed', label: 'diabetes + CKD (446 resources)' },
  { id: '9bf59715-246f-4ce2-85a6-58c1757f8d21', label: 'largest record (665 resources)' },
] as const;

interface SizedFile {
  readonly file: string;
  readonly gzipBytes: number;
}

interface Sizes {
  /** What index.html (the app) loads first. */
  readonly initial: readonly SizedFile[];
  /** What launch/index.html (the launch page) loads. */
  readonly launch: readonly SizedFile[];
  readonly lazy: readonly SizedFile[];
}

function gzipBytes(contents: Buffer): number {
  return gzipSync(contents, { level: 9 }).length;
}

/** The entry script and modulepreloads of a built page: what loads before it runs. */
async function pageScripts(page: string): Promise<string[]> {
  const html = await readFile(path.join(DIST_DIR, page), 'utf8');
  return [
    ...html.matchAll(/<script[^>]+type="module"[^>]+src="\/([^"]+\.js)"/gu),
    ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="\/([^"]+\.js)"/gu),
  ].flatMap((match) => (match[1] === undefined ? [] : [match[1]]));
}

/** What each page loads before it runs, and every chunk neither page loads up front. */
async function measureSizes(): Promise<Sizes> {
  const initialFiles = await pageScripts('index.html');
  const launchFiles = await pageScripts('launch/index.html');
  const { readdir } = await import('node:fs/promises');
  const allFiles = (await readdir(path.join(DIST_DIR, 'assets')))
    .filter((file) => file.endsWith('.js'))
    .map((file) => `assets/${file}`);
  const sized = async (file: string) => ({
    file,
    gzipBytes: gzipBytes(await readFile(path.join(DIST_DIR, file))),
  });
  return {
    initial: await Promise.all(initialFiles.map(sized)),
    launch: await Promise.all(launchFiles.map(sized)),
    lazy: await Promise.all(
      allFiles.filter((file) => !initialFiles.includes(file) && !launchFiles.includes(file)).map(sized),
    ),
  };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

const kb = (bytes: number): string => `${(bytes / 1000).toFixed(1)} KB`;

/**
 * Page-side timing, as source text: tsx would wrap a function's inner functions in its own `__name` helper,
 * which does not exist in the page. Each mark is the epoch ms at which the DOM first showed it.
 */
const MARKS_SCRIPT = `
  const marks = {};
  window.chartsideMarks = marks;
  const take = () => {
    const now = performance.timeOrigin + performance.now();
    if (marks.launched === undefined && document.querySelector('main[data-patient-id]')) marks.launched = now;
    if (marks.recordLoaded === undefined && document.querySelector('details.load-progress:not([open])')) marks.recordLoaded = now;
    if (marks.firstSuggestion === undefined && document.querySelector('article[data-finding-id]')) marks.firstSuggestion = now;
    if (marks.modelDone === undefined && document.querySelector('[data-model-state="done"]')) marks.modelDone = now;
  };
  new MutationObserver(take).observe(document, { childList: true, subtree: true, attributes: true });
`;
/** The table's columns: when each thing first showed, and the part after the launch itself. */
const COLUMNS: readonly { readonly title: string; readonly value: (timing: LaunchTiming) => number }[] = [
  { title: 'session ready', value: (timing) => timing.launchedMs },
  { title: 'record loaded', value: (timing) => timing.recordLoadedMs },
  { title: 'first suggestion', value: (timing) => timing.firstSuggestionMs },
  { title: 'of which after session', value: (timing) => timing.firstSuggestionMs - timing.launchedMs },
  { title: 'model suggestions in', value: (timing) => timing.modelDoneMs },
];

const READ_MARKS = `(() => {
  const marks = window.chartsideMarks;
  return marks && marks.firstSuggestion !== undefined && marks.modelDone !== undefined ? marks : undefined;
})()`;

interface LaunchTiming {
  readonly launchedMs: number;
  readonly recordLoadedMs: number;
  readonly firstSuggestionMs: number;
  readonly modelDoneMs: number;
}

const READY = 'READY ';

/**
 * The server for the browser to talk to: Chartside (built app, sandbox EHR stand-in, suggestions API with the
 * Azure stand-in as its model, feedback routes on in-memory PGlite). In its own process, as in a deployment the
 * server is not on the clinician's computer: its CPU work (the stand-in's FHIR searches) must not delay this
 * process, which drives Chromium and reads the times.
 */
async function serve(): Promise<void> {
  const standIn = await createEhrStandIn();
  const azure = await serveAzureStandIn();
  const model = await createAzureModelClient(
    testModelConfig({ endpoint: `${azure.origin}/models`, allowInsecureConnection: true }),
  );
  const store = await openFeedbackStore({ databaseUrl: undefined, dataDir: undefined });
  const server = await createSandboxServer({
    distDir: DIST_DIR,
    standIn,
    model,
    suggestionsPerMinute: 1_000,
    feedbackStore: store,
  });
  const origin = new URL(await server.listen({ host: '127.0.0.1', port: 0 })).origin;
  process.stdout.write(`${READY}${origin}\n`);
  process.once('SIGTERM', () => {
    void Promise.all([server.close(), azure.close(), store.close()]).finally(() => process.exit(0));
  });
}

async function startChildServer(): Promise<{ readonly origin: string; readonly stop: () => void }> {
  const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--serve'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  const origin = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => {
      reject(new Error(`the server exited (${String(code)})`));
    });
    lines.on('line', (line) => {
      if (line.startsWith(READY)) resolve(line.slice(READY.length));
    });
  });
  return {
    origin,
    stop: () => {
      lines.close();
      child.kill('SIGTERM');
    },
  };
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    // `npm run bench -- 8 16` passes the record loader's in-flight limits here too: positionals are ignored.
    allowPositionals: true,
    options: {
      runs: { type: 'string', default: '7' },
      'no-build': { type: 'boolean', default: false },
      serve: { type: 'boolean', default: false },
    },
  });
  if (values.serve) {
    await serve();
    return 0;
  }
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs must be a whole number ≥ 1');

  if (!values['no-build']) {
    const build = spawnSync(
      path.join(ROOT, 'node_modules', '.bin', 'vite'),
      ['build', '--logLevel', 'warn'],
      { cwd: ROOT, stdio: 'inherit' },
    );
    if (build.status !== 0) throw new Error('vite build failed');
  }
  const sizes = await measureSizes();
  const initialBytes = sizes.initial.reduce((sum, item) => sum + item.gzipBytes, 0);

  const server = await startChildServer();
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS],
  });

  /**
   * One launch in a new tab of `context`: a fresh context is a browser that never ran Chartside (nothing cached,
   * every script compiled from scratch); a reused one is the clinician's browser on every launch after the first
   * (scripts in the HTTP cache, compiled code in V8's cache). Each tab has its own sessionStorage, so each launch
   * is a whole SMART handshake either way.
   */
  const launchIn = async (context: BrowserContext, patientId: string): Promise<LaunchTiming> => {
    const page = await context.newPage();
    try {
      // Times are taken in the page, when the DOM changes (not when a test driver next polls it), as epoch ms.
      await page.addInitScript(MARKS_SCRIPT);
      const { origin } = server;
      const iss = `${origin}/ehr/sandbox/fhir`;
      const startedEpochMs = Date.now();
      await page.goto(
        `${origin}/launch?iss=${encodeURIComponent(iss)}&launch=${encodeLaunchContext({ patient: patientId })}`,
        { waitUntil: 'commit' },
      );
      // On the redirect URI's document (the launch page has navigated away), until the model's answer has been
      // streamed in, grounded and ranked (its cards may rank below the first five).
      await page.locator(`main[data-patient-id="${patientId}"]`).waitFor();
      const handle = await page.waitForFunction(READ_MARKS, undefined, { timeout: 30_000 });
      const marks = (await handle.jsonValue()) as Record<string, number>;
      const since = (mark: string): number => (marks[mark] ?? Number.NaN) - startedEpochMs;
      return {
        launchedMs: since('launched'),
        recordLoadedMs: since('recordLoaded'),
        firstSuggestionMs: since('firstSuggestion'),
        modelDoneMs: since('modelDone'),
      };
    } finally {
      await page.close();
    }
  };
  const newContext = (): Promise<BrowserContext> =>
    browser.newContext({ viewport: { width: 420, height: 900 } });
  const launchCold = async (patientId: string): Promise<LaunchTiming> => {
    const context = await newContext();
    try {
      return await launchIn(context, patientId);
    } finally {
      await context.close();
    }
  };

  const results: { mode: 'cold' | 'warm'; label: string; timings: LaunchTiming[] }[] = [];
  try {
    for (const patient of PATIENTS) {
      await launchCold(patient.id);
      const cold: LaunchTiming[] = [];
      for (let run = 0; run < runs; run += 1) cold.push(await launchCold(patient.id));
      results.push({ mode: 'cold', label: patient.label, timings: cold });
      const context = await newContext();
      try {
        // Two launches fill the HTTP cache and V8's code cache (it keeps compiled code from the second run on).
        for (let warmUp = 0; warmUp < 2; warmUp += 1) await launchIn(context, patient.id);
        const warm: LaunchTiming[] = [];
        for (let run = 0; run < runs; run += 1) warm.push(await launchIn(context, patient.id));
        results.push({ mode: 'warm', label: patient.label, timings: warm });
      } finally {
        await context.close();
      }
    }
  } finally {
    await browser.close();
    server.stop();
  }

  const launchBytes = sizes.launch.reduce((sum, item) => sum + item.gzipBytes, 0);
  console.log('\nLaunch page JS (launch/index.html entry + modulepreloads), gzip -9:');
  for (const item of sizes.launch) console.log(`  ${item.file.padEnd(42)} ${kb(item.gzipBytes)}`);
  console.log(`  total ${kb(launchBytes)}`);
  console.log('Initial JS of the app (index.html entry + modulepreloads), gzip -9:');
  for (const item of sizes.initial) console.log(`  ${item.file.padEnd(42)} ${kb(item.gzipBytes)}`);
  console.log(
    `  total ${kb(initialBytes)} (target ≤ ${INITIAL_TARGET_KB} KB): ${initialBytes <= INITIAL_TARGET_KB * 1000 ? 'met' : 'MISSED'}`,
  );
  console.log('Lazy chunks, gzip -9:');
  for (const item of sizes.lazy) console.log(`  ${item.file.padEnd(42)} ${kb(item.gzipBytes)}`);

  console.log(
    `\nLaunch → first suggestion, headless Chromium, medians of ${runs} runs after a warm-up (ms from opening the launch URL);` +
      '\n  cold: a fresh browser profile each launch (first launch ever); warm: one profile, the app cached (every later launch):',
  );
  const header = [
    'mode  patient'.padEnd(38),
    ...COLUMNS.map((column) => column.title.padStart(column.title.length + 2)),
  ];
  console.log(`  ${header.join('')}   first suggestion, each run`);
  const met = { cold: true, warm: true };
  for (const { mode, label, timings } of results) {
    const first = median(timings.map((timing) => timing.firstSuggestionMs));
    met[mode] &&= first <= FIRST_SUGGESTION_TARGET_MS;
    const cells = COLUMNS.map((column) =>
      median(timings.map(column.value))
        .toFixed(0)
        .padStart(column.title.length + 2),
    );
    const each = timings.map((timing) => timing.firstSuggestionMs.toFixed(0)).join(', ');
    console.log(`  ${mode}  ${label.padEnd(32)}${cells.join('')}   ${each}`);
  }
  const verdict = (ok: boolean): string => (ok ? 'met' : 'MISSED');
  console.log(
    `  target ≤ ${FIRST_SUGGESTION_TARGET_MS} ms to the first suggestion: cold ${verdict(met.cold)}, warm ${verdict(met.warm)}`,
  );
  return 0;
}

main().then(
  (code) => {
    if (code !== 0) process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
