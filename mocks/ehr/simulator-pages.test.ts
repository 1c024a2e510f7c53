import { beforeAll, describe, expect, it } from 'vitest';
import { createFaultController } from './faults.ts';
import { decodeLaunchContext } from './launch-context.ts';
import { createPatientStore } from './patient-store.ts';
import { EHR_PROFILES } from './profiles.ts';
import { createSigningKeys } from './signing-keys.ts';
import { ageInYears, ageLabel, handleSimulatorRequest, keyProblems } from './simulator-pages.ts';
import type { StandInContext } from './stand-in-context.ts';
import { createTokenStore } from './token-store.ts';

const ORIGIN = 'http://127.0.0.1:5173';
const TODAY = new Date('2026-11-24T12:00:00Z');
/** Fidel Bins, born 1976-05-30, alive, 3 active problems. */
const LIVING_PATIENT = '3be268d8-ec01-471a-937d-267bf0ed0b5c';
/** Parker Casper, deceased 2021-02-21. */
const DECEASED_PATIENT = 'ec6a274e-5090-45c9-b153-e40418f6fa3d';

let context: StandInContext;

beforeAll(async () => {
  context = {
    faults: createFaultController(),
    tokens: createTokenStore(),
    patients: await createPatientStore(),
    keys: await createSigningKeys(),
    nowMs: () => TODAY.getTime(),
  };
});

async function get(path: string, method = 'GET'): Promise<Response | undefined> {
  const url = new URL(path, ORIGIN);
  return handleSimulatorRequest(new Request(url, { method }), url, context);
}

async function getPage(path: string): Promise<{ status: number; text: string; contentType: string | null }> {
  const response = await get(path);
  if (!response) throw new Error(`no simulator page for ${path}`);
  return {
    status: response.status,
    text: await response.text(),
    contentType: response.headers.get('content-type'),
  };
}

function iframeSrc(page: string): URL {
  const match = /<iframe title="Chartside" src="([^"]+)"/.exec(page);
  if (!match?.[1]) throw new Error('no Chartside iframe');
  return new URL(match[1].replaceAll('&amp;', '&'), ORIGIN);
}

describe('handleSimulatorRequest', () => {
  it.each([
    '/ehr/sandbox/fhir/Patient',
    '/ehr/_control/faults',
    '/ehrx',
    '/launch',
    '/ehr/epic/oauth2/authorize',
  ])('leaves %s to the rest of the stand-in', async (path) => {
    expect(await get(path)).toBeUndefined();
  });

  it.each(['/ehr', '/ehr/'])(
    '%s lists every fixture patient with age, sex and key problems',
    async (path) => {
      const { status, text, contentType } = await getPage(path);
      expect(status).toBe(200);
      expect(contentType).toContain('text/html');
      expect(text).toContain('<h1>EHR simulator</h1>');
      // The icon the Chartside server serves from public/, so the browser does not ask for a missing /favicon.ico.
      expect(text).toContain('<link rel="icon" href="/favicon.svg" type="image/svg+xml">');
      for (const patient of context.patients.list()) {
        expect(text).toContain(`href="/ehr/chart/${patient.id}?profile=sandbox"`);
      }
      expect(text).toMatch(
        /Mr\. Fidel Bins<\/a><\/td>\s*<td>50 y<\/td>\s*<td>M<\/td>\s*<td>Asthma, Perennial allergic rhinitis/,
      );
      expect(text).toMatch(/Mr\. Parker Casper<\/a><\/td>\s*<td>deceased<\/td>/);
    },
  );

  it('keeps the chosen profile in the tabs and the chart links', async () => {
    const { text } = await getPage('/ehr/?profile=oracle');
    expect(text).toContain(
      '<a href="/ehr/?profile=oracle" aria-current="page" class="selected">Oracle-Health-like</a>',
    );
    expect(text).toContain('<a href="/ehr/?profile=epic">Epic-like</a>');
    expect(text).toContain(`href="/ehr/chart/${LIVING_PATIENT}?profile=oracle"`);
    expect(text).not.toContain('?profile=sandbox"><');
  });

  it('answers an unknown profile with 404 and the valid ones', async () => {
    const { status, text } = await getPage('/ehr/?profile=<meditech>');
    expect(status).toBe(404);
    expect(text).toContain('&lt;meditech&gt;');
    expect(text).not.toContain('<meditech>');
    for (const profile of EHR_PROFILES) expect(text).toContain(`/ehr/?profile=${profile.id}`);
  });

  it.each(EHR_PROFILES.map((profile) => [profile.id, profile.fhirBasePath]))(
    'chart under %s embeds Chartside through a SMART EHR launch against %s',
    async (profileId, fhirBasePath) => {
      const { status, text } = await getPage(`/ehr/chart/${LIVING_PATIENT}?profile=${profileId}`);
      expect(status).toBe(200);
      const src = iframeSrc(text);
      expect(src.pathname).toBe('/launch');
      expect(src.searchParams.get('iss')).toBe(`${ORIGIN}${fhirBasePath}`);
      const patient = context.patients.get(LIVING_PATIENT);
      expect(decodeLaunchContext(src.searchParams.get('launch') ?? '')).toEqual({
        patient: LIVING_PATIENT,
        encounter: patient?.latestEncounter?.replace('Encounter/', ''),
      });
      const standalone =
        /<a href="([^"]+)" target="_blank" rel="noopener">Standalone launch<\/a>/.exec(text)?.[1] ?? '';
      const standaloneUrl = new URL(standalone.replaceAll('&amp;', '&'), ORIGIN);
      expect(standaloneUrl.pathname).toBe('/launch');
      expect([...standaloneUrl.searchParams.keys()]).toEqual(['iss']);
      expect(standaloneUrl.searchParams.get('iss')).toBe(`${ORIGIN}${fhirBasePath}`);
      expect(text).toContain(`href="/ehr/?profile=${profileId}"`);
    },
  );

  it('shows the banner, problems, medications and allergies of the native chart', async () => {
    const { text } = await getPage(`/ehr/chart/${LIVING_PATIENT}`);
    expect(text).toContain('<h1>Mr. Fidel Bins</h1>');
    expect(text).toContain('50 y &middot; M &middot; DOB 1976-05-30');
    expect(text).toContain('<h2>Problem list</h2><ul><li>Asthma</li>');
    expect(text).toContain('<h2>Medications</h2><ul><li>');
    expect(text).toContain('<h2>Allergies</h2><ul><li>');
    expect(text).not.toContain('Deceased');
  });

  it('marks a deceased patient in the banner', async () => {
    const { text } = await getPage(`/ehr/chart/${DECEASED_PATIENT}`);
    expect(text).toContain(
      '<span class="deceased">Deceased 2021-02-21, aged 68 y</span> &middot; M &middot; DOB 1952-07-31',
    );
    expect(text).toContain('<p class="empty">No allergies recorded</p>');
  });

  it.each(['no-such-patient', '%3Cscript%3Ealert(1)%3C%2Fscript%3E', '%E0%A4%A'])(
    'answers unknown patient %s with an escaped 404 page',
    async (id) => {
      const { status, text } = await getPage(`/ehr/chart/${id}?profile=epic`);
      expect(status).toBe(404);
      expect(text).toContain('<h1>No such patient</h1>');
      expect(text).not.toContain('<script>');
      expect(text).toContain('href="/ehr/?profile=epic"');
    },
  );

  it('refuses other methods', async () => {
    expect((await get('/ehr/', 'POST'))?.status).toBe(405);
  });
});

describe('ageInYears', () => {
  it.each([
    ['1976-05-30', '2026-05-29T23:59:59Z', 49],
    ['1976-05-30', '2026-05-30T00:00:00Z', 50],
    ['2018-05-22', '2026-11-24T00:00:00Z', 8],
    ['2026-11-24', '2026-11-24T00:00:00Z', 0],
    ['2000-02-29', '2001-02-28T00:00:00Z', 0],
    ['2000-02-29', '2001-03-01T00:00:00Z', 1],
    ['', '2026-11-24T00:00:00Z', undefined],
    ['2030-01-01', '2026-11-24T00:00:00Z', undefined],
  ])('born %s, on %s: %s', (birthDate, today, expected) => {
    expect(ageInYears(birthDate, new Date(today))).toBe(expected);
  });

  it('labels the dead and the undated', () => {
    expect(ageLabel({ birthDate: '1952-07-31', deceasedDateTime: '2021-02-21T19:27:45+00:00' }, TODAY)).toBe(
      'deceased',
    );
    expect(ageLabel({ birthDate: '', deceasedDateTime: undefined }, TODAY)).toBe('unknown');
  });
});

describe('keyProblems', () => {
  it.each([
    [[], '—'],
    [['Asthma'], 'Asthma'],
    [
      [
        'Anemia (disorder)',
        'Body mass index 30+ - obesity (finding)',
        'Diabetes',
        'Hypertension',
        'Epilepsy',
      ],
      'Diabetes, Hypertension, Epilepsy +2 more',
    ],
    [
      ['Body mass index 30+ - obesity (finding)', 'History of single seizure (situation)'],
      'Body mass index 30+ - obesity, History of single seizure',
    ],
    // Social findings are not counted in "+N more", and alone they leave no key problem.
    [
      [
        'Full-time employment (finding)',
        'Asthma',
        'Anemia (disorder)',
        'Stress (finding)',
        'Hypertension',
        'Sinusitis (disorder)',
      ],
      'Hypertension, Asthma, Anemia +1 more',
    ],
    [['Full-time employment (finding)', 'Received higher education (finding)'], '—'],
  ])('%j -> %s', (problems, expected) => {
    expect(keyProblems(problems)).toBe(expected);
  });
});
