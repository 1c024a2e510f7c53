// Where the browser suite may write documentation screenshots. `npm test` must leave the tree as it found it, so
// the tracked docs/images/*.png are written only when scripts/docs-screenshots.ts (`npm run docs:screenshots`)
// runs the suite with DOCS_SCREENSHOTS_ENV=1; otherwise screenshots stay in the git-ignored tests/e2e/screenshots.
// Kept apart from harness.ts so the script can read it without loading vitest, the server or Chromium.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const DOCS_SCREENSHOTS_ENV = 'CHARTSIDE_DOCS_SCREENSHOTS';
export const DOCS_IMAGES_DIR = fileURLToPath(new URL('../../docs/images/', import.meta.url));

/** docs/images when this run was asked to refresh the documentation's screenshots, else undefined. */
export function docsImagesDir(): string | undefined {
  return process.env[DOCS_SCREENSHOTS_ENV] === '1' ? path.resolve(DOCS_IMAGES_DIR) : undefined;
}
