// The clinician view in real Chromium, for three fixture patients (diabetes with CKD; heart failure and atrial
// fibrillation with polypharmacy; paediatric asthma with allergies), at 1280 px and at 360 px: launch, ranked
// suggestions with their evidence, the evidence drawer, the trends (by mouse and keyboard), accept one, dismiss
// one with a reason, relaunch and find the dismissal kept. axe-core must report no serious or critical issue.
// One more launch runs inside the simulator's chart (Chartside in the EHR's 420 px sidebar), one with the model
// off, which is the default, and one for a patient who has died, for whom nothing is suggested and the model is
// never asked.
//
// The heart failure / atrial fibrillation patient is living: derived from the record of Parker Casper, who died
// in 2021, by scripts/derive-living-fixture.ts (same history, no death, new ids and identity). Parker Casper
// himself is the patient who has died.
//
// The server is the real one (built app, sandbox EHR, suggestions API, feedback routes on an in-memory
// PGlite); the model is the Azure stand-in behind the real Azure client, answering each context with
// suggestions that cite it (and one that cites nothing real, which the grounding checks must withhold).
import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type BrowserContext, type FrameLocator, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { suggestionsReply } from '../../mocks/azure/azure-replies.ts';
import { createAzureStandIn, type AzureStandIn } from '../../mocks/azure/azure-stand-in.ts';
import { testModelConfig } from '../../mocks/azure/azure-test-kit.ts';
import { serveAzureStandIn, type ServedAzureStandIn } from '../../mocks/azure/serve-azure-stand-in.ts';
import { encodeLaunchContext } from '../../mocks/ehr/launch-context.ts';
import { createEhrStandIn, type EhrStandIn } from '../../mocks/ehr/stand-in.ts';
import { createAzureModelClient } from '../../src/model/azure-model-client.ts';
import { createSandboxServer } from '../../src/sandbox/sandbox-server.ts';
import { createFeedbackStore, type FeedbackStore } from '../../src/server/feedback/feedback-store.ts';
import { openPgliteClient } from '../../src/server/feedback/sql-clients.ts';
import { docsImagesDir } from './docs-images.ts';
import { CHROMIUM_PATH, chartsideFrame } from './harness.ts';
import { CHROMIUM_ARGS } from '../support/chromium-args.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DIST_DIR = path.join(ROOT, 'dist');
const SCREENSHOT_DIR = path.join(ROOT, 'tests', 'e2e', 'screenshots');
const DEPLOYMENT = 'chartside-med';

interface FixturePatient {
  readonly id: string;
  readonly label: string;
  readonly slug: string;
}

const PATIENTS: readonly FixturePatient[] = [
  { id: 'ab4e7a7d-8b0d-41e1-9ce9-3877d7615aed', label: 'diabetes with CKD', slug: 'diabetes-ckd' },
  {
    // Lowell Wintheiser, born 1952: heart failure, atrial fibrillation, CAD, diabetes; 12 active medications
    // (digoxin, verapamil, warfarin, clopidogrel, metoprolol, furosemide twice …); record stops in February 2021.
    id: 'a014d8c4-cbf1-5b8e-b834-8702ace49034',
    label: 'heart failure and atrial fibrillation with polypharmacy',
    slug: 'hf-af',
  },
  {
    id: 'cb0a84bd-b04c-458e-baa3-c9f89ca767d7',
    label: 'paediatric asthma and allergies',
    slug: 'paediatric-asthma',
  },
];
const WIDTHS = [1280, 360] as const;
/** Parker Casper: heart failure, atrial fibrillation, 12 medications still listed as active; died 2021-02-21. */
const DECEASED_PATIENT_ID = 'ec6a274e-5090-45c9-b153-e40418f6fa3d';

// ——— The model stand-in: suggestions that cite the context it is sent ———

/** The first context line of each alias prefix (P1, M1, A1, L1 …), as the model reads them. */
function firstLines(context: string): Map<string, { alias: string; line: string; firstWord: string }[]> {
  const byPrefix = new Map<string, { alias: string; line: string; firstWord: string }[]>();
  for (const line of context.split('\n')) {
    const match = /^([A-Z])(\d{1,4}) ([A-Za-z]+)/u.exec(line);
    if (!match?.[1] || !match[2] || !match[3]) continue;
    const list = byPrefix.get(match[1]) ?? [];
    list.push({ alias: `${match[1]}${match[2]}`, line, firstWord: match[3] });
    byPrefix.set(match[1], list);
  }
  return byPrefix;
}

/** Two grounded suggestions built from the context's own facts, and one citing a fact that does not exist. */
function suggestionsFor(context: string): unknown[] {
  const lines = firstLines(context);
  const medications = lines.get('M') ?? [];
  const allergies = lines.get('A') ?? [];
  const labs = lines.get('L') ?? [];
  const suggestions: unknown[] = [];
  if (medications.length > 0) {
    // The two ordered longest ago (the list runs newest first): what the rationale is about. The newest are
    // often what a guideline rule already points at (a duplicate order, digoxin), and a model suggestion making
    // a rule's point is folded into the rule's card rather than shown as its own.
    const cited = medications.slice(-2);
    suggestions.push({
      title: 'Reconcile the active medication list',
      category: 'care-gap',
      urgency: 'soon',
      rationale:
        'Several active medications were last ordered long ago. The record does not say whether they are still taken.',
      recommendedAction: 'Consider a medication reconciliation with the patient at this visit.',
      evidence: cited.map((item) => item.alias),
      quotedFacts: cited.map((item) => ({ alias: item.alias, text: item.firstWord })),
    });
  }
  const second = allergies[0] ?? labs[0];
  if (second !== undefined) {
    suggestions.push(
      allergies[0] === undefined
        ? {
            title: 'Consider repeating the routine laboratory tests',
            category: 'lab-follow-up',
            urgency: 'routine',
            rationale: 'The most recent laboratory results in the record are not recent.',
            recommendedAction: 'Consider whether repeat tests are due.',
            evidence: [second.alias],
            quotedFacts: [{ alias: second.alias, text: second.firstWord }],
          }
        : {
            title: 'Confirm the recorded allergies',
            category: 'medication-safety',
            urgency: 'routine',
            rationale: 'The allergies on file were recorded long ago and may be out of date.',
            recommendedAction: 'Consider confirming allergies and reactions before prescribing.',
            evidence: [second.alias],
            quotedFacts: [{ alias: second.alias, text: second.firstWord }],
          },
    );
  }
  suggestions.push({
    title: 'Recheck potassium',
    category: 'lab-follow-up',
    urgency: 'urgent',
    rationale: 'Potassium was high at the last visit.',
    recommendedAction: 'Consider repeating potassium.',
    evidence: ['L9999'],
    quotedFacts: [],
  });
  return suggestions;
}

function userMessage(body: unknown): string {
  if (typeof body !== 'object' || body === null || !('messages' in body) || !Array.isArray(body.messages))
    return '';
  const messages: unknown[] = body.messages;
  const user = messages.find(
    (message): message is { role: string; content: string } =>
      typeof message === 'object' &&
      message !== null &&
      'role' in message &&
      message.role === 'user' &&
      'content' in message,
  );
  return typeof user?.content === 'string' ? user.content : '';
}

/** The Azure stand-in, scripted per request with suggestions drawn from the context in it. */
function clinicalModelStandIn(): AzureStandIn {
  const inner = createAzureStandIn();
  return {
    ...inner,
    handle: async (request) => {
      if (request.method === 'POST' && request.url.includes('/chat/completions')) {
        const body: unknown = await request.clone().json();
        inner.script(suggestionsReply(suggestionsFor(userMessage(body))));
      }
      return inner.handle(request);
    },
  };
}

// ——— The suite's servers and browser ———

let standIn: EhrStandIn;
let azure: ServedAzureStandIn;
let store: FeedbackStore;
let clearFeedback: () => Promise<void>;
let withModel: { server: FastifyInstance; origin: string };
let withoutModel: { server: FastifyInstance; origin: string };
let browser: Browser;
let contexts: BrowserContext[] = [];

async function startServer(model: Awaited<ReturnType<typeof createAzureModelClient>> | undefined) {
  // Both servers keep feedback in the suite's store, which each test empties first.
  const server = await createSandboxServer({
    distDir: DIST_DIR,
    standIn,
    feedbackStore: store,
    ...(model ? { model } : {}),
  });
  const address = await server.listen({ host: '127.0.0.1', port: 0 });
  return { server, origin: new URL(address).origin };
}

beforeAll(async () => {
  standIn = await createEhrStandIn();
  azure = await serveAzureStandIn(clinicalModelStandIn());
  const client = await openPgliteClient(undefined);
  store = await createFeedbackStore(client);
  clearFeedback = async () => {
    await client.query('delete from feedback_event');
  };
  const model = await createAzureModelClient(
    testModelConfig({
      endpoint: `${azure.origin}/models`,
      deployment: DEPLOYMENT,
      allowInsecureConnection: true,
    }),
  );
  withModel = await startServer(model);
  withoutModel = await startServer(undefined);
  browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS],
  });
  await mkdir(SCREENSHOT_DIR, { recursive: true });
});

afterAll(async () => {
  await browser.close();
  await withModel.server.close();
  await withoutModel.server.close();
  await azure.close();
  await store.close();
});

beforeEach(async () => {
  await clearFeedback();
});

afterEach(async () => {
  await Promise.all(contexts.map((context) => context.close()));
  contexts = [];
});

/** A fresh browser (no session storage: a relaunch is a new launch), logging page errors to the console. */
async function newPage(width: number, height = 900): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height } });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (error) => {
    console.log(`page error: ${error.message}`);
  });
  return page;
}

/** An EHR launch straight to Chartside's launch URL, as an EHR opens it in a tab or a full-width frame. */
async function launch(page: Page, origin: string, patientId: string): Promise<void> {
  const iss = `${origin}/ehr/sandbox/fhir`;
  await page.goto(
    `${origin}/launch?iss=${encodeURIComponent(iss)}&launch=${encodeLaunchContext({ patient: patientId })}`,
  );
  await page.locator(`main[data-patient-id="${patientId}"]`).waitFor();
}

type Scope = Page | FrameLocator;

async function screenshot(
  page: Page,
  name: string,
  options: { docs?: string; fullPage?: boolean } = {},
): Promise<void> {
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: options.fullPage ?? false });
  // The tracked docs/images only under `npm run docs:screenshots`: `npm test` leaves the tree as it found it.
  const docsDir = docsImagesDir();
  if (options.docs !== undefined && docsDir !== undefined) {
    await mkdir(docsDir, { recursive: true });
    await copyFile(file, path.join(docsDir, `${options.docs}.png`));
  }
}

async function expectNoSeriousAxeViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter(
    (violation) => violation.impact === 'serious' || violation.impact === 'critical',
  );
  expect(
    serious.map(
      (violation) =>
        `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join('; ')})`,
    ),
  ).toEqual([]);
}

/** The cards in the ranked list (not the dismissed ones), once the model has answered. */
async function rankedCards(scope: Scope) {
  const region = scope.getByRole('region', { name: 'Suggestions' });
  await region.locator('[data-model-state="done"], [data-model-state="off"]').waitFor();
  const list = region.getByRole('list', { name: 'Ranked suggestions' });
  await list.locator('[data-finding-id]').first().waitFor();
  return { region, cards: list.locator('article[data-finding-id]') };
}

async function cardIds(scope: Scope): Promise<string[]> {
  const { cards } = await rankedCards(scope);
  return cards.evaluateAll((elements) =>
    elements.map((element) => element.getAttribute('data-finding-id') ?? ''),
  );
}

describe.each(PATIENTS)('$label', (patient) => {
  it.each(WIDTHS)(
    'at %i px: suggestions with evidence, trends, accept, dismiss with a reason, relaunch keeps it',
    async (width) => {
      const name = `clinician-${patient.slug}-${width}`;
      const page = await newPage(width);
      const started = Date.now();
      await launch(page, withModel.origin, patient.id);

      // Ranked suggestions, each with a category, urgency, source and evidence; model ones streamed in.
      const { region, cards } = await rankedCards(page);
      expect(Date.now() - started).toBeLessThan(30_000);
      const count = await cards.count();
      expect(count).toBeGreaterThanOrEqual(2);
      expect(count).toBeLessThanOrEqual(5);
      await expect.poll(() => region.locator('[data-origin="model"]').count()).toBeGreaterThanOrEqual(1);
      expect(await region.textContent()).toContain('secondary to your clinical judgment');
      expect(await region.locator('.withheld-count').getAttribute('data-withheld')).toBe('1');
      for (const card of await cards.all()) {
        expect(await card.locator('.chip.category').textContent()).not.toBe('');
        expect(await card.locator('.chip.urgency').textContent()).toMatch(/^(Urgent|Soon|Routine)$/u);
        expect(await card.locator('.chip.source').textContent()).toMatch(
          /^(Guideline: .+ \d{4}|AI model: chartside-med)$/u,
        );
        expect(await card.locator('.evidence-chip').count()).toBeGreaterThanOrEqual(1);
      }
      await screenshot(
        page,
        `${name}-suggestions`,
        width === 360
          ? { docs: `suggestions-${patient.slug}-360` }
          : patient.slug === 'diabetes-ckd'
            ? { docs: 'overview-1280' }
            : {},
      );

      // The evidence drawer: what, value, when and status of each cited resource.
      await cards.first().locator('.evidence-chip').first().click();
      const drawer = page.getByRole('dialog', { name: 'Evidence' });
      await drawer.waitFor();
      expect(await drawer.locator('.evidence-item').count()).toBeGreaterThanOrEqual(1);
      const firstItem = drawer.locator('.evidence-item').first();
      expect(await firstItem.locator('.evidence-what').textContent()).not.toBe('Not in the record as loaded');
      expect(await firstItem.locator('dt').allTextContents()).toEqual(['Value', 'When', 'Status']);
      await screenshot(
        page,
        `${name}-evidence`,
        patient.slug === 'diabetes-ckd' && width === 1280 ? { docs: 'evidence-1280' } : {},
      );
      await expectNoSeriousAxeViolations(page);
      await page.keyboard.press('Escape');
      await drawer.waitFor({ state: 'hidden' });

      // Trends: charts drawn lazily, values by keyboard (Tab to the chart, arrow keys).
      const trends = page.getByRole('region', { name: 'Trends' });
      const surface = trends.locator('.recharts-surface').first();
      await surface.waitFor();
      await surface.scrollIntoViewIfNeeded();
      await surface.focus();
      await page.keyboard.press('ArrowRight');
      await expect.poll(() => trends.locator('.trend-tooltip').first().isVisible()).toBe(true);
      expect(await trends.locator('.trend-tooltip').first().textContent()).toMatch(/\d/u);
      await screenshot(
        page,
        `${name}-trends`,
        patient.slug === 'diabetes-ckd' && width === 1280 ? { docs: 'trends-1280' } : {},
      );
      await trends.getByRole('button', { name: 'All' }).click();
      expect(await trends.getByRole('button', { name: 'All' }).getAttribute('aria-pressed')).toBe('true');

      // Accept the first, dismiss the second with a reason.
      const ids = await cardIds(page);
      const acceptedId = ids[0] ?? '';
      const dismissedId = ids[1] ?? '';
      const accepted = region.locator(`article[data-finding-id="${acceptedId}"]`);
      await accepted.getByRole('button', { name: 'Accept' }).click();
      await accepted.getByText(/^Accepted/u).waitFor();
      const dismissed = region.locator(`article[data-finding-id="${dismissedId}"]`);
      await dismissed.getByRole('button', { name: 'Dismiss…' }).click();
      const form = dismissed.getByRole('form');
      await form.getByRole('radio', { name: 'Already addressed' }).check();
      await form.getByRole('button', { name: 'Dismiss' }).scrollIntoViewIfNeeded();
      await screenshot(
        page,
        `${name}-dismiss-form`,
        patient.slug === 'diabetes-ckd' && width === 360 ? { docs: 'dismiss-360' } : {},
      );
      await form.getByRole('button', { name: 'Dismiss' }).click();
      await dismissed.waitFor({ state: 'detached' });
      await expectNoSeriousAxeViolations(page);

      // Relaunch in a new browser: the dismissal is kept, the accepted suggestion says so.
      const again = await newPage(width);
      await launch(again, withModel.origin, patient.id);
      const after = await cardIds(again);
      expect(after).not.toContain(dismissedId);
      expect(after).toContain(acceptedId);
      const againRegion = again.getByRole('region', { name: 'Suggestions' });
      await againRegion
        .locator(`article[data-finding-id="${acceptedId}"]`)
        .getByText('Accepted in an earlier session.')
        .waitFor();
      const toggle = againRegion.getByRole('checkbox', { name: /Show dismissed and snoozed \(1\)/u });
      await toggle.check();
      const hiddenCard = againRegion
        .getByRole('list', { name: 'Dismissed and snoozed suggestions' })
        .locator(`article[data-finding-id="${dismissedId}"]`);
      expect(await hiddenCard.getByText('Dismissed: already addressed.').count()).toBe(1);
      await expectNoSeriousAxeViolations(again);
      await screenshot(
        again,
        `${name}-relaunch`,
        patient.slug === 'diabetes-ckd' && width === 360 ? { docs: 'relaunch-360' } : {},
      );
    },
  );
});

describe('embedded in the EHR chart', () => {
  it("runs in the simulator's 420 px sidebar with no serious accessibility issue", async () => {
    const page = await newPage(1280, 900);
    const patient = PATIENTS[1];
    if (patient === undefined) throw new Error('no patient');
    await page.goto(`${withModel.origin}/ehr/?profile=sandbox`);
    await page.getByRole('heading', { name: 'EHR simulator' }).waitFor();
    await page.goto(`${withModel.origin}/ehr/chart/${patient.id}?profile=sandbox`);
    const app = chartsideFrame(page);
    await app.locator(`main[data-patient-id="${patient.id}"]`).waitFor();
    await rankedCards(app);
    await app.getByRole('region', { name: 'Trends' }).locator('.recharts-surface').first().waitFor();
    await expectNoSeriousAxeViolations(page);
    await screenshot(page, 'clinician-in-ehr-sidebar', { docs: 'ehr-sidebar' });
  });
});

describe('with the model off (the default)', () => {
  it('says so and shows the guideline checks only', async () => {
    const page = await newPage(1280);
    const patient = PATIENTS[0];
    if (patient === undefined) throw new Error('no patient');
    await launch(page, withoutModel.origin, patient.id);
    const region = page.getByRole('region', { name: 'Suggestions' });
    await region.getByText('AI model off — showing guideline checks only').waitFor();
    await region.locator('[data-model-state="off"]').waitFor();
    expect(await region.locator('[data-origin="model"]').count()).toBe(0);
    expect(await region.locator('.withheld-count').count()).toBe(0);
    await expectNoSeriousAxeViolations(page);
    await screenshot(page, 'clinician-model-off', { docs: 'model-off-1280' });
  });
});

describe('a patient who has died', () => {
  it.each(WIDTHS)('at %i px: a notice, no suggestion, and no request to the model', async (width) => {
    const page = await newPage(width);
    const suggestionRequests: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/api/suggestions') suggestionRequests.push(request.method());
    });
    const modelCallsBefore = azure.standIn.requests().length;
    await launch(page, withModel.origin, DECEASED_PATIENT_ID);

    const region = page.getByRole('region', { name: 'Suggestions' });
    const notice = region.getByRole('status').locator('[data-model-state="not-asked"]');
    await notice.waitFor();
    expect(await notice.textContent()).toMatch(
      /^The record shows that this patient has died, so Chartside raises no suggestions: the AI model is not asked, and [1-9]\d* guideline checks are not raised\.$/u,
    );
    // The record is there (his problems), and the view has settled: the model would have been asked by now.
    await page
      .getByRole('region', { name: 'Record' })
      .getByText('Chronic congestive heart failure')
      .waitFor();
    await page.getByRole('region', { name: 'Trends' }).locator('.recharts-surface').first().waitFor();
    await page.waitForTimeout(1_000);
    expect(suggestionRequests).toEqual([]);
    expect(azure.standIn.requests().length).toBe(modelCallsBefore);
    expect(await region.locator('article[data-finding-id]').count()).toBe(0);
    expect(await region.getByRole('list', { name: 'Ranked suggestions' }).count()).toBe(0);
    expect(await region.locator('[aria-busy="true"]').count()).toBe(0);
    await expectNoSeriousAxeViolations(page);
    await screenshot(page, `clinician-deceased-${width}`);
  });
});
