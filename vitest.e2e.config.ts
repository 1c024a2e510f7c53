// The browser suite: real Chromium (playwright-core) against the real server with the sandbox EHR mounted.
// Run through `npm test` / `npm run test:e2e` (scripts/test.mjs builds the app first).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.ts'],
    environment: 'node',
    // One server and one browser per file; files one after another so two Chromiums never share 2 cores.
    fileParallelism: false,
    // A clinician-view test walks launch, load, evidence, trends, feedback and a relaunch; a loaded 2-core CI
    // machine has taken over a minute for the first one (cold FHIR indexing).
    testTimeout: 180_000,
    hookTimeout: 120_000,
  },
});
