// `npm test`: the unit and integration tests (vitest, default config), then the browser suite in Chromium
// (vitest.e2e.config.ts) after a fresh `vite build`, and one closing line over both:
// `tests: <N> passed, <N> failed, <N> skipped`.
//
//   --e2e-only                   run only the browser suite (`npm run test:e2e`); Chromium is then required
//   CHROMIUM_PATH                Chromium to drive (default /usr/bin/chromium)
//   CHARTSIDE_REQUIRE_BROWSER=1  fail instead of skipping the browser suite when Chromium is missing (CI)
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RESULTS_DIR = path.join(ROOT, 'tests', '.results');
const BIN = path.join(ROOT, 'node_modules', '.bin');
const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

const e2eOnly = process.argv.includes('--e2e-only');
const requireBrowser = e2eOnly || process.env.CHARTSIDE_REQUIRE_BROWSER === '1';

/** @typedef {{ passed: number, failed: number, skipped: number }} Counts */

/** @returns {Promise<number>} the exit code (signals count as failure) */
function run(command, args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env } });
    child.on('error', (error) => {
      console.error(`Could not start ${command}: ${error.message}`);
      resolve(1);
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

/**
 * Runs vitest with its default reporter for people and the json reporter for the closing count. A run that
 * exits non-zero without any failed test in its report (a file that does not load, a crash, no report at
 * all) counts as one failure, so the closing line never reads "0 failed" over a failed run.
 * @returns {Promise<Counts>}
 */
async function runVitest(label, configArgs) {
  const outputFile = path.join(RESULTS_DIR, `${label}.json`);
  await rm(outputFile, { force: true });
  const exitCode = await run(path.join(BIN, 'vitest'), [
    'run',
    ...configArgs,
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${outputFile}`,
  ]);
  const counts = await readCounts(outputFile);
  if (exitCode !== 0 && counts.failed === 0) {
    console.error(`The ${label} run failed (exit code ${exitCode}) without a failed test in its report.`);
    counts.failed += 1;
  }
  return counts;
}

/** @returns {Promise<Counts>} */
async function readCounts(outputFile) {
  let report;
  try {
    report = JSON.parse(await readFile(outputFile, 'utf8'));
  } catch {
    return { passed: 0, failed: 0, skipped: 0 };
  }
  // A test file that fails to load reports no tests at all: count it as a failure.
  const brokenFiles = (report.testResults ?? []).filter(
    (file) => file.status === 'failed' && (file.assertionResults ?? []).length === 0,
  ).length;
  return {
    passed: report.numPassedTests ?? 0,
    failed: (report.numFailedTests ?? 0) + brokenFiles,
    skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0),
  };
}

async function main() {
  await mkdir(RESULTS_DIR, { recursive: true });
  const total = { passed: 0, failed: 0, skipped: 0 };
  const add = (counts) => {
    total.passed += counts.passed;
    total.failed += counts.failed;
    total.skipped += counts.skipped;
  };

  if (!e2eOnly) add(await runVitest('unit', []));

  if (!existsSync(CHROMIUM_PATH)) {
    const install = 'Install it with: apt-get install -y chromium';
    if (requireBrowser) {
      const why = e2eOnly ? 'npm run test:e2e' : 'CHARTSIDE_REQUIRE_BROWSER=1';
      console.error(
        `Chromium not found at ${CHROMIUM_PATH}: the browser (e2e) suite is required (${why}). ${install}`,
      );
      total.failed += 1;
    } else {
      console.log(`Chromium not found at ${CHROMIUM_PATH}: skipping the browser (e2e) suite. ${install}`);
    }
  } else {
    console.log('\nBuilding the app for the browser suite (vite build)…');
    const buildCode = await run(path.join(BIN, 'vite'), ['build', '--logLevel', 'warn']);
    if (buildCode !== 0) {
      console.error('vite build failed: the browser suite cannot run.');
      total.failed += 1;
    } else {
      add(await runVitest('e2e', ['--config', 'vitest.e2e.config.ts']));
    }
  }

  console.log(`\ntests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
  return total.failed > 0 ? 1 : 0;
}

process.exitCode = await main();
