// The stand-in's authorize endpoint (EHR and standalone launch, request validation, faults), the full
// code-for-token exchange per profile, and the jwks and SMART style endpoints.
import { describe, expect, it } from 'vitest';
import {
  CLIENT_ID,
  ORIGIN,
  REDIRECT_URI,
  authUrl,
  authorizeGet,
  authorizeParams,
  codeExchange,
  codeFrom,
  createPkcePair,
  createTestStandIn,
  fhirBase,
  formPost,
  launchParam,
  profileById,
  readJsonRecord,
  redirectParams,
  redirectTarget,
  type TestStandIn,
} from './auth-test-kit.ts';
import type { PatientSummary } from './patient-store.ts';
import { ORACLE_TENANT, type EhrProfile, type EhrProfileId } from './profiles.ts';

const sandbox = profileById('sandbox');
const epic = profileById('epic');
const oracle = profileById('oracle');

function firstPatient(standIn: TestStandIn): PatientSummary {
  const patient = standIn.context.patients.list()[0];
  if (!patient) throw new Error('The fixtures hold no patient');
  return patient;
}

function plainId(reference: string | undefined): string | undefined {
  return reference?.split('/')[1];
}

/** Authorize parameters with PKCE where the profile advertises it, as fhirclient would send them. */
function launchParams(
  profile: EhrProfile,
  launch: string,
  pkce = createPkcePair(),
  overrides: Record<string, string> = {},
) {
  return authorizeParams(profile, {
    launch,
    ...(profile.pkceS256 ? { code_challenge: pkce.challenge, code_challenge_method: 'S256' } : {}),
    ...overrides,
  });
}

describe('EHR launch: approve at once, then exchange the code', () => {
  const cases: readonly {
    profile: EhrProfileId;
    tokenType: string;
    expiresIn: number;
    banner: boolean | string;
    tenant: string | undefined;
  }[] = [
    { profile: 'sandbox', tokenType: 'Bearer', expiresIn: 3600, banner: true, tenant: undefined },
    { profile: 'epic', tokenType: 'bearer', expiresIn: 3600, banner: 'false', tenant: undefined },
    { profile: 'oracle', tokenType: 'Bearer', expiresIn: 570, banner: false, tenant: ORACLE_TENANT },
  ];

  it.each(cases)(
    '$profile: token response carries the launch context in the vendor shape',
    async (expected) => {
      const standIn = await createTestStandIn();
      const profile = profileById(expected.profile);
      const patient = firstPatient(standIn);
      const pkce = createPkcePair();
      const scope =
        profile.scopeVersion === 'v2'
          ? 'launch openid fhirUser patient/Observation.rs'
          : 'launch openid fhirUser patient/Observation.read';

      const approved = await standIn.send(
        authorizeGet(
          profile,
          launchParams(profile, launchParam({ patient: patient.id, encounter: 'enc-42' }), pkce, { scope }),
        ),
      );
      expect(redirectTarget(approved)).toBe('http://app.test/launch/callback');
      const query = redirectParams(approved);
      expect(query.get('from')).toBe('ehr');
      expect(query.get('state')).toBe('state-123');

      const response = await standIn.send(
        codeExchange(profile, codeFrom(approved), profile.pkceS256 ? { code_verifier: pkce.verifier } : {}),
      );
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      const body = await readJsonRecord(response);
      expect(body).toMatchObject({
        token_type: expected.tokenType,
        expires_in: expected.expiresIn,
        scope,
        patient: patient.id,
        encounter: 'enc-42',
        need_patient_banner: expected.banner,
        smart_style_url: `${ORIGIN}${profile.authBasePath}/smart-style.json`,
      });
      expect(body.tenant).toBe(expected.tenant);
      expect(typeof body.access_token).toBe('string');
      expect(typeof body.id_token).toBe('string');
      expect(body.refresh_token).toBeUndefined();
    },
  );

  it("uses the patient's latest encounter when the launch names none", async () => {
    const standIn = await createTestStandIn();
    const patient = firstPatient(standIn);
    const pkce = createPkcePair();
    const approved = await standIn.send(
      authorizeGet(sandbox, launchParams(sandbox, launchParam({ patient: patient.id }), pkce)),
    );
    const body = await readJsonRecord(
      await standIn.send(codeExchange(sandbox, codeFrom(approved), { code_verifier: pkce.verifier })),
    );
    expect(patient.latestEncounter).toBeDefined();
    expect(body.encounter).toBe(plainId(patient.latestEncounter));
  });

  it('signs the clinician in as the patient’s practitioner', async () => {
    const standIn = await createTestStandIn();
    const patient = firstPatient(standIn);
    const approved = await standIn.send(
      authorizeGet(oracle, launchParams(oracle, launchParam({ patient: patient.id }))),
    );
    const code = codeFrom(approved);
    const pending = standIn.context.tokens.redeemCode(code, standIn.context.nowMs());
    expect(pending?.grant).toMatchObject({
      profile: 'oracle',
      clientId: CLIENT_ID,
      redirectUri: REDIRECT_URI,
      patient: patient.id,
      practitioner: patient.practitioner,
      ehrLaunch: true,
    });
  });

  it.each([
    ['not base64url JSON', 'definitely-not-a-launch'],
    ['an unknown patient', launchParam({ patient: 'no-such-patient' })],
  ])('rejects a launch with %s (invalid_request back to the app)', async (_label, launch) => {
    const standIn = await createTestStandIn();
    const query = redirectParams(await standIn.send(authorizeGet(sandbox, launchParams(sandbox, launch))));
    expect(query.get('error')).toBe('invalid_request');
    expect(query.get('error_description')).toMatch(/launch/i);
    expect(query.get('state')).toBe('state-123');
    expect(query.get('code')).toBeNull();
  });

  it('denies access when the consentDenied fault is on', async () => {
    const standIn = await createTestStandIn();
    standIn.context.faults.set({ consentDenied: true });
    const launch = launchParam({ patient: firstPatient(standIn).id });
    const query = redirectParams(await standIn.send(authorizeGet(epic, launchParams(epic, launch))));
    expect(query.get('error')).toBe('access_denied');
    expect(query.get('state')).toBe('state-123');
    expect(query.get('code')).toBeNull();
  });
});

describe('PKCE at the authorize endpoint', () => {
  it.each([
    ['sandbox', 'missing challenge', {}],
    ['epic', 'missing challenge', {}],
    ['epic', 'plain method', { code_challenge: createPkcePair().challenge, code_challenge_method: 'plain' }],
    ['sandbox', 'no method (means plain)', { code_challenge: createPkcePair().challenge }],
    ['sandbox', 'malformed challenge', { code_challenge: 'short', code_challenge_method: 'S256' }],
  ] as const)('%s rejects %s with invalid_request', async (profileId, _label, pkce) => {
    const standIn = await createTestStandIn();
    const profile = profileById(profileId);
    const params = authorizeParams(profile, {
      launch: launchParam({ patient: firstPatient(standIn).id }),
      ...pkce,
    });
    const query = redirectParams(await standIn.send(authorizeGet(profile, params)));
    expect(query.get('error')).toBe('invalid_request');
    expect(query.get('error_description')).toMatch(/PKCE|code_challenge/);
    expect(query.get('state')).toBe('state-123');
  });

  it('oracle ignores PKCE: no challenge needed, and a sent challenge asks for no verifier', async () => {
    const standIn = await createTestStandIn();
    const launch = launchParam({ patient: firstPatient(standIn).id });
    const withoutPkce = await standIn.send(authorizeGet(oracle, authorizeParams(oracle, { launch })));
    expect((await standIn.send(codeExchange(oracle, codeFrom(withoutPkce)))).status).toBe(200);

    const withPkce = await standIn.send(
      authorizeGet(
        oracle,
        authorizeParams(oracle, {
          launch,
          code_challenge: createPkcePair().challenge,
          code_challenge_method: 'S256',
        }),
      ),
    );
    expect((await standIn.send(codeExchange(oracle, codeFrom(withPkce)))).status).toBe(200);
  });
});

describe('authorize request validation', () => {
  it.each([
    ['no redirect_uri', { redirect_uri: undefined }],
    ['a relative redirect_uri', { redirect_uri: '/callback' }],
    ['a javascript: redirect_uri', { redirect_uri: 'javascript:alert(1)' }],
    ['a redirect_uri with a fragment', { redirect_uri: 'http://app.test/cb#x' }],
    ['no client_id', { client_id: undefined }],
  ])('shows an error page, never redirecting, for %s', async (_label, overrides) => {
    const standIn = await createTestStandIn();
    const response = await standIn.send(authorizeGet(sandbox, authorizeParams(sandbox, overrides)));
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await response.text()).toContain('role="alert"');
  });

  it('shows an error page when redirect_uri is repeated', async () => {
    const standIn = await createTestStandIn();
    const params = authorizeParams(sandbox);
    params.append('redirect_uri', 'http://evil.test/cb');
    const response = await standIn.send(authorizeGet(sandbox, params));
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
  });

  it.each([
    ['a wrong aud', { aud: 'http://other.test/fhir' }, 'invalid_request', /aud/],
    ['another profile’s aud', { aud: `${ORIGIN}${epic.fhirBasePath}` }, 'invalid_request', /aud/],
    ['no aud', { aud: undefined }, 'invalid_request', /aud/],
    ['no scope', { scope: undefined }, 'invalid_request', /scope/],
    ['response_type=token', { response_type: 'token' }, 'unsupported_response_type', /code/],
    ['no response_type', { response_type: undefined }, 'invalid_request', /response_type/],
  ])('redirects back with an error for %s', async (_label, overrides, error, description) => {
    const standIn = await createTestStandIn();
    const response = await standIn.send(authorizeGet(sandbox, authorizeParams(sandbox, overrides)));
    expect(redirectTarget(response)).toBe('http://app.test/launch/callback');
    const query = redirectParams(response);
    expect(query.get('error')).toBe(error);
    expect(query.get('error_description')).toMatch(description);
    expect(query.get('state')).toBe('state-123');
  });

  it('names the expected FHIR base in the aud error', async () => {
    const standIn = await createTestStandIn();
    const query = redirectParams(
      await standIn.send(authorizeGet(oracle, authorizeParams(oracle, { aud: 'http://x.test/r4' }))),
    );
    expect(query.get('error_description')).toContain(fhirBase(oracle));
  });

  it('accepts aud with a trailing slash', async () => {
    const standIn = await createTestStandIn();
    const params = authorizeParams(oracle, {
      aud: `${fhirBase(oracle)}/`,
      launch: launchParam({ patient: firstPatient(standIn).id }),
    });
    expect(redirectParams(await standIn.send(authorizeGet(oracle, params))).get('code')).not.toBeNull();
  });

  it('redirects invalid_request without a state when state is missing', async () => {
    const standIn = await createTestStandIn();
    const query = redirectParams(
      await standIn.send(authorizeGet(sandbox, authorizeParams(sandbox, { state: undefined }))),
    );
    expect(query.get('error')).toBe('invalid_request');
    expect(query.get('error_description')).toMatch(/state/);
    expect(query.has('state')).toBe(false);
  });
});

/** The hidden inputs of the consent form, as a browser would post them. */
function hiddenFields(page: string): URLSearchParams {
  const fields = new URLSearchParams();
  for (const match of page.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)) {
    fields.append(unescape(match[1] ?? ''), unescape(match[2] ?? ''));
  }
  return fields;
}

function unescape(text: string): string {
  return text
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');
}

describe('standalone launch: sign-in and consent page', () => {
  const standaloneScope =
    'launch/patient openid fhirUser offline_access patient/Observation.rs patient/Condition.read';

  async function openConsentPage(
    standIn: TestStandIn,
    profile: EhrProfile,
    overrides: Record<string, string> = {},
  ) {
    const pkce = createPkcePair();
    const params = authorizeParams(profile, {
      scope: standaloneScope,
      ...(profile.pkceS256 ? { code_challenge: pkce.challenge, code_challenge_method: 'S256' } : {}),
      ...overrides,
    });
    const response = await standIn.send(authorizeGet(profile, params));
    return { response, page: await response.text(), pkce, params };
  }

  it('renders a form naming the EHR, the app, the scopes in words and a patient picker', async () => {
    const standIn = await createTestStandIn();
    const { response, page } = await openConsentPage(standIn, epic);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page).toContain('<title>Epic-like EHR — sign in</title>');
    expect(page).toContain('<link rel="icon" href="/favicon.svg" type="image/svg+xml">');
    expect(page).toContain(`<strong>${CLIENT_ID}</strong>`);
    expect(page).toContain('Read and search Observation records of the selected patient');
    expect(page).toContain('Keep access after you sign out');
    expect(page).toMatch(/<button type="submit" name="decision" value="allow">Allow<\/button>/);
    expect(page).toMatch(/<button type="submit" name="decision" value="deny"[^>]*>Deny<\/button>/);
    const patients = standIn.context.patients.list();
    expect(page.match(/type="radio" name="patient"/g)).toHaveLength(patients.length);
    for (const patient of patients) {
      expect(page).toContain(`value="${patient.id}"`);
      expect(page).toContain(`born ${patient.birthDate.slice(0, 4)}, ${patient.gender}`);
    }
    // Every radio has a label pointing at it.
    for (const [, id] of page.matchAll(/<input type="radio" name="patient" id="([^"]+)"/g)) {
      expect(page).toContain(`<label for="${id ?? ''}">`);
    }
  });

  it('lists the scopes a v1-only EHR will not grant', async () => {
    const standIn = await createTestStandIn();
    const { page } = await openConsentPage(standIn, oracle);
    expect(page).toContain('<title>Oracle-Health-like EHR — sign in</title>');
    expect(page).toContain('This EHR will not grant');
    expect(page).toMatch(/class="refused">\s*<li><code>patient\/Observation\.rs<\/code>/);
    expect(page).toContain('Read and search Condition records of the selected patient');
  });

  it('shows no patient picker when launch/patient is not requested', async () => {
    const standIn = await createTestStandIn();
    const { page } = await openConsentPage(standIn, sandbox, { scope: 'openid fhirUser user/Patient.rs' });
    expect(page).not.toContain('name="patient"');
  });

  it('escapes request and fixture text', async () => {
    const hostile = '<script>alert("x")</script>';
    const patient: PatientSummary = {
      id: 'p-1',
      fixture: 'hostile',
      name: `Robert'); ${hostile}`,
      gender: '<b>male</b>',
      birthDate: '1970-01-01',
      deceasedDateTime: undefined,
      activeProblems: [],
      activeMedications: [],
      allergies: [],
      practitioner: 'Practitioner/"><img src=x>',
      latestEncounter: undefined,
    };
    const standIn = await createTestStandIn({
      patients: {
        list: () => [patient],
        get: (id) => (id === patient.id ? patient : undefined),
        repository: () => Promise.resolve(undefined),
      },
    });
    const { page } = await openConsentPage(standIn, sandbox, {
      client_id: hostile,
      state: `"><script>1</script>`,
    });
    expect(page).not.toContain('<script');
    expect(page).not.toContain('<img');
    expect(page).not.toContain('<b>male');
    expect(page).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(hiddenFields(page).get('client_id')).toBe(hostile);
    expect(hiddenFields(page).get('state')).toBe(`"><script>1</script>`);
  });

  it('Allow with a chosen patient issues a code whose token carries that patient and a boolean banner', async () => {
    const standIn = await createTestStandIn();
    const { page, pkce } = await openConsentPage(standIn, sandbox);
    const chosen = standIn.context.patients.list()[2];
    if (!chosen) throw new Error('Need three fixture patients');
    const form = hiddenFields(page);
    expect(form.get('code_challenge')).toBe(pkce.challenge);
    form.set('patient', chosen.id);
    form.set('decision', 'allow');

    const approved = await standIn.send(formPost(authUrl(sandbox, '/authorize'), form));
    expect(redirectParams(approved).get('state')).toBe('state-123');
    const response = await standIn.send(
      codeExchange(sandbox, codeFrom(approved), { code_verifier: pkce.verifier }),
    );
    const body = await readJsonRecord(response);
    expect(body).toMatchObject({ patient: chosen.id, need_patient_banner: true });
    expect(body.encounter).toBeUndefined();
    expect(typeof body.refresh_token).toBe('string');
  });

  it('gives the latest encounter in a standalone launch only when launch/encounter is asked for', async () => {
    const standIn = await createTestStandIn();
    const { page, pkce } = await openConsentPage(standIn, sandbox, {
      scope: `${standaloneScope} launch/encounter`,
    });
    const chosen = firstPatient(standIn);
    const form = hiddenFields(page);
    form.set('patient', chosen.id);
    form.set('decision', 'allow');
    const approved = await standIn.send(formPost(authUrl(sandbox, '/authorize'), form));
    const body = await readJsonRecord(
      await standIn.send(codeExchange(sandbox, codeFrom(approved), { code_verifier: pkce.verifier })),
    );
    expect(body.encounter).toBe(plainId(chosen.latestEncounter));
  });

  it('Deny redirects with access_denied and the user-denied description', async () => {
    const standIn = await createTestStandIn();
    const { page } = await openConsentPage(standIn, epic);
    const form = hiddenFields(page);
    form.set('decision', 'deny');
    const query = redirectParams(await standIn.send(formPost(authUrl(epic, '/authorize'), form)));
    expect(query.get('error')).toBe('access_denied');
    expect(query.get('error_description')).toBe('The user denied access');
    expect(query.get('state')).toBe('state-123');
    expect(query.get('code')).toBeNull();
  });

  it('Allow without a patient shows the page again with an error', async () => {
    const standIn = await createTestStandIn();
    const { page } = await openConsentPage(standIn, sandbox);
    const form = hiddenFields(page);
    form.set('decision', 'allow');
    const response = await standIn.send(formPost(authUrl(sandbox, '/authorize'), form));
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('Choose a patient');
  });

  it('re-validates the posted parameters', async () => {
    const standIn = await createTestStandIn();
    const { page } = await openConsentPage(standIn, sandbox);
    const form = hiddenFields(page);
    form.set('aud', 'http://attacker.test/fhir');
    form.set('patient', firstPatient(standIn).id);
    form.set('decision', 'allow');
    const query = redirectParams(await standIn.send(formPost(authUrl(sandbox, '/authorize'), form)));
    expect(query.get('error')).toBe('invalid_request');
    expect(query.get('code')).toBeNull();
  });

  it('with the consentDenied fault, redirects with access_denied without showing the page', async () => {
    const standIn = await createTestStandIn();
    standIn.context.faults.set({ consentDenied: true });
    const { response } = await openConsentPage(standIn, sandbox);
    const query = redirectParams(response);
    expect(query.get('error')).toBe('access_denied');
    expect(query.get('state')).toBe('state-123');
  });
});

describe('jwks, style document and unknown paths', () => {
  it('publishes the signing key with CORS', async () => {
    const standIn = await createTestStandIn();
    const response = await standIn.send(new Request(authUrl(epic, '/jwks')));
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    const body = await readJsonRecord(response);
    expect(body).toEqual(JSON.parse(JSON.stringify(standIn.context.keys.jwks)));
    expect(JSON.stringify(body)).not.toMatch(/"d"\s*:/);
  });

  const styleKeys = [
    'color_background',
    'color_error',
    'color_highlight',
    'color_modal_backdrop',
    'color_success',
    'color_text',
    'dim_border_radius',
    'dim_font_size',
    'dim_spacing_size',
    'font_family_body',
    'font_family_heading',
  ];

  it('serves a SMART style document per profile, each with its own palette', async () => {
    const standIn = await createTestStandIn();
    const styles = [];
    for (const profile of [sandbox, epic, oracle]) {
      const response = await standIn.send(new Request(authUrl(profile, '/smart-style.json')));
      expect(response.status).toBe(200);
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
      const style = await readJsonRecord(response);
      expect(Object.keys(style).sort()).toEqual(styleKeys);
      styles.push(style);
    }
    expect(new Set(styles.map((style) => style.color_background)).size).toBe(3);
    expect(new Set(styles.map((style) => style.color_highlight)).size).toBe(3);
  });

  it.each(['/introspect', '/', '/authorize/extra'])('answers %s with 404 JSON', async (path) => {
    const standIn = await createTestStandIn();
    const response = await standIn.send(new Request(authUrl(sandbox, path)));
    expect(response.status).toBe(404);
    expect(await readJsonRecord(response)).toMatchObject({ error: 'not_found' });
  });

  it('rejects other methods on the read-only endpoints', async () => {
    const standIn = await createTestStandIn();
    const response = await standIn.send(new Request(authUrl(sandbox, '/jwks'), { method: 'DELETE' }));
    expect(response.status).toBe(405);
  });
});
