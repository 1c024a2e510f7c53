// The browser suite's harness: the real Chartside server (built app + sandbox EHR stand-in) on a free port,
// in this process so tests can flip the stand-in's fault switches directly, and one headless Chromium.
// Each test gets a fresh browser context (no session storage carried over), its faults cleared, and a
// screenshot saved to tests/e2e/screenshots/<test name>.png (git-ignored) whether it passed or failed. Tests
// never write into the tracked tree: the documentation's screenshots (docs/images) are written only when
// `npm run docs:screenshots` (scripts/docs-screenshots.ts) runs the suite (docs-images.ts).
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type BrowserContext, type FrameLocator, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { findProfile, type EhrProfileId } from '../../mocks/ehr/profiles.ts';
import { createEhrStandIn, type EhrStandIn } from '../../mocks/ehr/stand-in.ts';
import { createSandboxServer } from '../../src/sandbox/sandbox-server.ts';
import { CHROMIUM_ARGS } from '../support/chromium-args.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DIST_DIR = path.join(ROOT, 'dist');
const SCREENSHOT_DIR = path.join(ROOT, 'tests', 'e2e', 'screenshots');
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Wide enough for the simulator's chart with Chartside in its 420 px sidebar. */
const VIEWPORT = { width: 1280, height: 800 };

export interface E2eHarness {
  /** `http://127.0.0.1:<port>` of the server under test. */
  readonly origin: string;
  readonly standIn: EhrStandIn;
  /** The current test's page (a fresh browser context per test). */
  readonly page: Page;
  /** The FHIR base URL (the `iss`) of a stand-in profile. */
  readonly fhirBase: (profileId: EhrProfileId) => string;
}

/** Registers the suite's hooks in the calling file or describe block and returns its live state. */
export function useE2eHarness(): E2eHarness {
  let server: FastifyInstance | undefined;
  let standIn: EhrStandIn | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  let page: Page | undefined;
  let origin = '';
  let pageLog: string[] = [];

  beforeAll(async () => {
    standIn = await createEhrStandIn();
    server = await createSandboxServer({ distDir: DIST_DIR, standIn });
    const address = await server.listen({ host: '127.0.0.1', port: 0 });
    origin = new URL(address).origin;
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: [...CHROMIUM_ARGS],
    });
    await mkdir(SCREENSHOT_DIR, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  beforeEach(async ({ onTestFailed }) => {
    standIn?.faults.reset();
    if (!browser) throw new Error('Chromium did not start');
    context = await browser.newContext({ viewport: VIEWPORT });
    page = await context.newPage();
    pageLog = [];
    const log = pageLog;
    page.on('pageerror', (error) => log.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning')
        log.push(`console ${message.type()}: ${message.text()}`);
    });
    page.on('framenavigated', (frame) =>
      log.push(`navigated${frame === page?.mainFrame() ? '' : ' (iframe)'}: ${pathOf(frame.url())}`),
    );
    onTestFailed(() => {
      console.log(`Browser log of the failed test:\n  ${log.join('\n  ') || '(empty)'}`);
    });
  });

  afterEach(async ({ task }) => {
    try {
      await page?.screenshot({ path: path.join(SCREENSHOT_DIR, `${screenshotName(task.name)}.png`) });
    } finally {
      await context?.close();
      context = undefined;
      page = undefined;
      standIn?.faults.reset();
    }
  });

  return {
    get origin() {
      return origin;
    },
    get standIn() {
      if (!standIn) throw new Error('The harness has not started');
      return standIn;
    },
    get page() {
      if (!page) throw new Error('No page: use the harness inside a test');
      return page;
    },
    fhirBase: (profileId) => {
      const profile = findProfile(profileId);
      if (!profile) throw new Error(`No stand-in profile ${profileId}`);
      return `${origin}${profile.fhirBasePath}`;
    },
  };
}

/** Chartside inside the simulator's chart, as the EHR embeds it. */
export function chartsideFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe[title="Chartside"]');
}

/** Path and query names only: the log must not carry codes, tokens or launch handles either. */
function pathOf(url: string): string {
  if (!URL.canParse(url)) return url;
  const parsed = new URL(url);
  const keys = [...new Set(parsed.searchParams.keys())];
  return `${parsed.pathname}${keys.length ? `?${keys.join('&')}` : ''}`;
}

function screenshotName(testName: string): string {
  return testName
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 100);
}
