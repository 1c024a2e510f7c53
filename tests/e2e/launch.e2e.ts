// SMART launches in real Chromium against the sandbox EHR: an EHR launch from the simulator's chart (Chartside
// in the iframe) and a standalone launch through the stand-in's consent page, for each EHR profile; then each
// way a launch can fail, down to the screen the clinician sees.
import type { FrameLocator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { EhrProfileId } from '../../mocks/ehr/profiles.ts';
import { chartsideFrame, useE2eHarness } from './harness.ts';

const harness = useE2eHarness();

/** A different fixture patient per profile, so a launch that shows the wrong patient cannot pass. */
const PATIENT_BY_PROFILE: Readonly<Record<EhrProfileId, string>> = {
  sandbox: '3be268d8-ec01-471a-937d-267bf0ed0b5c', // Mr. Fidel Bins
  epic: '4d56ac0a-c338-40eb-8bdd-32568b21a4e3', // Mrs. Catalina Cantú
  oracle: '0e61c3ad-d11e-4080-a6aa-cac89cae4e37', // Mr. Isaiah Schaden
};
/** A patient for the standalone launches, picked on the consent page. */
const STANDALONE_PATIENT_BY_PROFILE: Readonly<Record<EhrProfileId, string>> = {
  sandbox: 'ab4e7a7d-8b0d-41e1-9ce9-3877d7615aed', // Mrs. Renea Quigley
  epic: 'cb0a84bd-b04c-458e-baa3-c9f89ca767d7', // Erminia Ondricka
  oracle: '9bf59715-246f-4ce2-85a6-58c1757f8d21', // Mrs. Margery Gibson
};

/**
 * need_patient_banner on an EHR launch: the sandbox asks for a banner; Epic sends "false" and Oracle Health
 * false because their own chart already shows the patient. Standalone launches always need one.
 */
const BANNER_ON_EHR_LAUNCH: Readonly<Record<EhrProfileId, boolean>> = {
  sandbox: true,
  epic: false,
  oracle: false,
};

const PROFILES: readonly EhrProfileId[] = ['sandbox', 'epic', 'oracle'];

type Scope = Page | FrameLocator;

function patient(patientId: string): { id: string; name: string; familyName: string } {
  const summary = harness.standIn.patients.get(patientId);
  if (!summary) throw new Error(`No fixture patient ${patientId}`);
  return { id: summary.id, name: summary.name, familyName: summary.name.split(' ').at(-1) ?? '' };
}

/** The simulator's list under a profile, then the patient's chart: Chartside launches in the iframe. */
async function openChartFromSimulator(
  page: Page,
  profileId: EhrProfileId,
  patientId: string,
): Promise<FrameLocator> {
  const { name } = patient(patientId);
  await page.goto(`${harness.origin}/ehr/?profile=${profileId}`);
  await page.getByRole('heading', { name: 'EHR simulator' }).waitFor();
  await page.getByRole('link', { name, exact: true }).click();
  await page.waitForURL(`${harness.origin}/ehr/chart/${patientId}?profile=${profileId}`);
  return chartsideFrame(page);
}

/** A standalone launch up to the stand-in's sign-in and consent page. */
async function openStandaloneConsent(page: Page, profileId: EhrProfileId): Promise<void> {
  await page.goto(`${harness.origin}/launch?iss=${encodeURIComponent(harness.fhirBase(profileId))}`);
  await page.getByRole('button', { name: 'Allow' }).waitFor();
}

async function expectLaunchedWith(scope: Scope, patientId: string): Promise<void> {
  await scope.locator(`main[data-patient-id="${patientId}"]`).waitFor({ state: 'visible' });
}

async function expectBanner(scope: Scope, patientId: string): Promise<void> {
  const banner = scope.locator('header[aria-label="Patient banner"]');
  await banner.waitFor({ state: 'visible' });
  expect(await banner.textContent()).toContain(patient(patientId).familyName);
}

/** The app has loaded the patient (its requests have settled) and shows no banner of its own. */
async function expectNoBanner(page: Page, scope: Scope): Promise<void> {
  const appFrame =
    page.frames().find((frame) => frame.parentFrame() === page.mainFrame()) ?? page.mainFrame();
  await appFrame.waitForLoadState('networkidle');
  expect(await scope.locator('header[aria-label="Patient banner"]').count()).toBe(0);
}

async function expectErrorScreen(scope: Scope, kind: string, heading: string): Promise<string> {
  const screen = scope.locator(`main[data-error-kind="${kind}"]`);
  await screen.waitFor({ state: 'visible' });
  expect(await screen.getAttribute('role')).toBe('alert');
  expect((await screen.locator('h1').textContent())?.trim()).toBe(heading);
  return (await screen.textContent()) ?? '';
}

describe('EHR launch from the simulator chart', () => {
  it.each(PROFILES)('%s: Chartside opens on the charted patient', async (profileId) => {
    const { page } = harness;
    const patientId = PATIENT_BY_PROFILE[profileId];
    const app = await openChartFromSimulator(page, profileId, patientId);
    await expectLaunchedWith(app, patientId);
    if (BANNER_ON_EHR_LAUNCH[profileId]) await expectBanner(app, patientId);
    else await expectNoBanner(page, app);
  });
});

describe('standalone launch', () => {
  it.each(PROFILES)('%s: the clinician picks a patient and allows access', async (profileId) => {
    const { page } = harness;
    const chosen = patient(STANDALONE_PATIENT_BY_PROFILE[profileId]);
    await openStandaloneConsent(page, profileId);
    await page.getByRole('radio', { name: chosen.name }).check();
    await page.getByRole('button', { name: 'Allow' }).click();
    await expectLaunchedWith(page, chosen.id);
    await expectBanner(page, chosen.id);
  });
});

describe('launch failures', () => {
  it('consent denied on the standalone consent page', async () => {
    const { page } = harness;
    await openStandaloneConsent(page, 'sandbox');
    await page.getByRole('button', { name: 'Deny' }).click();
    await expectErrorScreen(page, 'access-denied', 'Access was not granted');
  });

  it('unknown iss', async () => {
    const { page } = harness;
    const iss = 'https://unknown.example.org/fhir';
    await page.goto(`${harness.origin}/launch?iss=${encodeURIComponent(iss)}`);
    const text = await expectErrorScreen(page, 'unknown-iss', 'This EHR is not registered with Chartside');
    expect(text).toContain(iss);
  });

  it('opened directly without a launch', async () => {
    const { page } = harness;
    await page.goto(`${harness.origin}/`);
    await expectErrorScreen(page, 'opened-directly', 'Chartside was opened without a launch');
  });

  it('expired access token on the first FHIR request', async () => {
    const { page } = harness;
    harness.standIn.faults.set({ fhir: [{ status: 401 }] });
    const app = await openChartFromSimulator(page, 'sandbox', PATIENT_BY_PROFILE.sandbox);
    await expectErrorScreen(app, 'session-expired', 'Your session has expired');
  });

  it('token endpoint answers invalid_grant', async () => {
    const { page } = harness;
    harness.standIn.faults.set({ tokenInvalidGrant: true });
    const app = await openChartFromSimulator(page, 'epic', PATIENT_BY_PROFILE.epic);
    await expectErrorScreen(app, 'token-error', 'The EHR did not start a session');
  });
});
