// `npm run docs:screenshots`: regenerates the documentation's screenshots (docs/images/*.png) from the browser
// suite's clinician-view walk-through, the one place that drives the app to each documented state. `npm test`
// runs the same suite but writes screenshots only to the git-ignored tests/e2e/screenshots; this script builds
// the app and runs that file with DOCS_SCREENSHOTS_ENV set, which makes it copy the documented ones into
// docs/images. Review the images (git diff --stat docs/images) and commit them yourself.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DOCS_IMAGES_DIR, DOCS_SCREENSHOTS_ENV } from '../tests/e2e/docs-images.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = path.join(ROOT, 'node_modules', '.bin');
const SUITE = 'tests/e2e/clinician-view.e2e.ts';

function run(command: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env } });
    child.on('error', (error) => {
      console.error(`Could not start ${command}: ${error.message}`);
      resolve(1);
    });
    child.on('exit', (code, signal) => {
      resolve(code ?? (signal === null ? 0 : 1));
    });
  });
}

async function main(): Promise<number> {
  if ((await run(path.join(BIN, 'vite'), ['build', '--logLevel', 'warn'])) !== 0) {
    console.error('vite build failed: no screenshots taken.');
    return 1;
  }
  const code = await run(path.join(BIN, 'vitest'), ['run', '--config', 'vitest.e2e.config.ts', SUITE], {
    [DOCS_SCREENSHOTS_ENV]: '1',
  });
  if (code !== 0) {
    console.error(
      `${SUITE} failed: docs/images may be partly refreshed; check git status before committing.`,
    );
    return code;
  }
  console.log(`Screenshots written to ${path.relative(ROOT, DOCS_IMAGES_DIR)}/.`);
  return 0;
}

process.exitCode = await main();
