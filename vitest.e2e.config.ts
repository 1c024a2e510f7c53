// The browser suite: real Chromium (playwright-core) against the real server with the sandbox EHR mounted.
// Run through `npm test` / `npm run test:e2e` (scripts/test.mjs builds the app first).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.ts'],
    environment: 'node',
    // One server and one browser per file; files one after another so two Chromiums never share 2 cores.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
