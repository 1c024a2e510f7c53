// The stand-in's token endpoint: code exchange checks (PKCE, single use, expiry, redirect_uri, client),
// faults, the id_token, refresh per profile and scope granting per profile.
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  CLIENT_ID,
  ORIGIN,
  REDIRECT_URI,
  START_MS,
  authUrl,
  authorizeGet,
  authorizeParams,
  codeExchange,
  codeFrom,
  createPkcePair,
  createTestStandIn,
  formPost,
  launchParam,
  profileById,
  readJsonRecord,
  stringField,
  type PkcePair,
  type TestStandIn,
} from './auth-test-kit.ts';
import type { EhrProfile } from './profiles.ts';
import { createSigningKeys } from './signing-keys.ts';

const sandbox = profileById('sandbox');
const epic = profileById('epic');
const oracle = profileById('oracle');

interface Approved {
  readonly code: string;
  readonly pkce: PkcePair;
  readonly patientId: string;
  readonly practitioner: string;
}

/** EHR-launch approval of the first fixture patient, with PKCE where the profile uses it. */
async function approve(
  standIn: TestStandIn,
  profile: EhrProfile,
  scope = 'launch openid fhirUser patient/Observation.rs',
  overrides: Record<string, string> = {},
): Promise<Approved> {
  const patient = standIn.context.patients.list()[0];
  if (!patient) throw new Error('The fixtures hold no patient');
  const pkce = createPkcePair();
  const params = authorizeParams(profile, {
    scope,
    launch: launchParam({ patient: patient.id }),
    ...(profile.pkceS256 ? { code_challenge: pkce.challenge, code_challenge_method: 'S256' } : {}),
    ...overrides,
  });
  const code = codeFrom(await standIn.send(authorizeGet(profile, params)));
  return { code, pkce, patientId: patient.id, practitioner: patient.practitioner };
}

function exchange(
  standIn: TestStandIn,
  profile: EhrProfile,
  approved: Approved,
  extra: Record<string, string> = {},
) {
  return standIn.send(
    codeExchange(profile, approved.code, {
      ...(profile.pkceS256 ? { code_verifier: approved.pkce.verifier } : {}),
      ...extra,
    }),
  );
}

async function expectTokenError(
  response: Response,
  status: number,
  error: string,
): Promise<Record<string, unknown>> {
  expect(response.status).toBe(status);
  expect(response.headers.get('cache-control')).toBe('no-store');
  const body = await readJsonRecord(response);
  expect(body.error).toBe(error);
  expect(typeof body.error_description).toBe('string');
  expect(body.access_token).toBeUndefined();
  return body;
}

describe('code exchange', () => {
  it('accepts the right PKCE verifier and rejects a wrong or missing one', async () => {
    const standIn = await createTestStandIn();
    const good = await approve(standIn, sandbox);
    expect((await exchange(standIn, sandbox, good)).status).toBe(200);

    const wrong = await approve(standIn, epic);
    await expectTokenError(
      await exchange(standIn, epic, wrong, { code_verifier: createPkcePair().verifier }),
      400,
      'invalid_grant',
    );

    const missing = await approve(standIn, epic);
    await expectTokenError(await standIn.send(codeExchange(epic, missing.code)), 400, 'invalid_grant');
  });

  it('accepts a code once only', async () => {
    const standIn = await createTestStandIn();
    const approved = await approve(standIn, sandbox);
    expect((await exchange(standIn, sandbox, approved)).status).toBe(200);
    await expectTokenError(await exchange(standIn, sandbox, approved), 400, 'invalid_grant');
  });

  it('burns a code on a failed attempt (a wrong verifier cannot be retried with the right one)', async () => {
    const standIn = await createTestStandIn();
    const approved = await approve(standIn, sandbox);
    await expectTokenError(
      await exchange(standIn, sandbox, approved, { code_verifier: createPkcePair().verifier }),
      400,
      'invalid_grant',
    );
    await expectTokenError(await exchange(standIn, sandbox, approved), 400, 'invalid_grant');
  });

  it('rejects a code older than a minute', async () => {
    const standIn = await createTestStandIn();
    const approved = await approve(standIn, oracle);
    standIn.advanceMs(61_000);
    await expectTokenError(await exchange(standIn, oracle, approved), 400, 'invalid_grant');
  });

  it.each([
    ['another redirect_uri', { redirect_uri: 'http://app.test/launch/callback' }],
    ['another client_id', { client_id: 'someone-else' }],
  ])('rejects %s', async (_label, extra) => {
    const standIn = await createTestStandIn();
    const approved = await approve(standIn, oracle);
    await expectTokenError(await exchange(standIn, oracle, approved, extra), 400, 'invalid_grant');
  });

  it('rejects a code issued by another profile', async () => {
    const standIn = await createTestStandIn();
    const approved = await approve(standIn, oracle);
    await expectTokenError(await standIn.send(codeExchange(sandbox, approved.code)), 400, 'invalid_grant');
  });

  it('rejects a request without client identification', async () => {
    const standIn = await createTestStandIn();
    const approved = await approve(standIn, oracle);
    const form = new URLSearchParams({
      grant_type: 'authorization_code',
      code: approved.code,
      redirect_uri: REDIRECT_URI,
    });
    await expectTokenError(
      await standIn.send(formPost(authUrl(oracle, '/token'), form)),
      400,
      'invalid_request',
    );
  });

  it('identifies a confidential client by HTTP Basic authentication', async () => {
    const standIn = await createTestStandIn();
    const approved = await approve(standIn, oracle);
    const form = new URLSearchParams({
      grant_type: 'authorization_code',
      code: approved.code,
      redirect_uri: REDIRECT_URI,
    });
    const basic = `Basic ${Buffer.from(`${CLIENT_ID}:secret`).toString('base64')}`;
    const response = await standIn.send(formPost(authUrl(oracle, '/token'), form, { authorization: basic }));
    expect(response.status).toBe(200);
  });

  it('issues an access token that expires after the profile’s lifetime (Oracle: 570 s)', async () => {
    const standIn = await createTestStandIn();
    const body = await readJsonRecord(
      await exchange(standIn, oracle, await approve(standIn, oracle, 'launch patient/Patient.read')),
    );
    const token = stringField(body, 'access_token');
    expect(standIn.context.tokens.lookupAccessToken(token, START_MS + 569_000)?.grant.profile).toBe('oracle');
    expect(standIn.context.tokens.lookupAccessToken(token, START_MS + 571_000)).toBeUndefined();
  });

  it('answers invalid_grant while the tokenInvalidGrant fault is on', async () => {
    const standIn = await createTestStandIn();
    const approved = await approve(standIn, sandbox);
    standIn.context.faults.set({ tokenInvalidGrant: true });
    await expectTokenError(await exchange(standIn, sandbox, approved), 400, 'invalid_grant');
  });

  it.each([
    [
      'an unknown grant_type',
      new URLSearchParams({ grant_type: 'password', client_id: CLIENT_ID }),
      'unsupported_grant_type',
    ],
    ['no grant_type', new URLSearchParams({ client_id: CLIENT_ID }), 'invalid_request'],
  ])('answers %s with 400', async (_label, form, error) => {
    const standIn = await createTestStandIn();
    await expectTokenError(await standIn.send(formPost(authUrl(sandbox, '/token'), form)), 400, error);
  });

  it('requires a form body and POST', async () => {
    const standIn = await createTestStandIn();
    const jsonBody = new Request(authUrl(sandbox, '/token'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'authorization_code' }),
    });
    await expectTokenError(await standIn.send(jsonBody), 400, 'invalid_request');
    expect((await standIn.send(new Request(authUrl(sandbox, '/token')))).status).toBe(405);
  });

  it('lets a browser app read token responses and errors cross-origin', async () => {
    const standIn = await createTestStandIn();
    const ok = await exchange(standIn, sandbox, await approve(standIn, sandbox));
    expect(ok.headers.get('access-control-allow-origin')).toBe('*');
    const preflight = await standIn.send(new Request(authUrl(sandbox, '/token'), { method: 'OPTIONS' }));
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization');
  });
});

describe('id_token', () => {
  async function verifyIdToken(standIn: TestStandIn, profile: EhrProfile, idToken: string) {
    const jwks = (await (await standIn.send(new Request(authUrl(profile, '/jwks')))).json()) as JSONWebKeySet;
    return jwtVerify(idToken, createLocalJWKSet(jwks), {
      issuer: `${ORIGIN}${profile.authBasePath}`,
      audience: CLIENT_ID,
      currentDate: new Date(START_MS + 1000),
    });
  }

  it.each([sandbox, epic, oracle])(
    '$id: verifies against the JWKS and names the clinician as fhirUser',
    async (profile) => {
      const standIn = await createTestStandIn();
      const scope =
        profile.scopeVersion === 'v2'
          ? 'launch openid fhirUser patient/Patient.rs'
          : 'launch openid fhirUser patient/Patient.read';
      const approved = await approve(standIn, profile, scope);
      const body = await readJsonRecord(await exchange(standIn, profile, approved));
      const { payload, protectedHeader } = await verifyIdToken(
        standIn,
        profile,
        stringField(body, 'id_token'),
      );
      const practitionerId = approved.practitioner.replace('Practitioner/', '');
      expect(protectedHeader.alg).toBe('RS256');
      expect(payload.sub).toBe(practitionerId);
      expect(payload.fhirUser).toBe(`${ORIGIN}${profile.fhirBasePath}/Practitioner/${practitionerId}`);
      expect(payload.iat).toBe(START_MS / 1000);
      expect(payload.exp).toBe(START_MS / 1000 + 3600);
      expect(payload.profile).toBeUndefined();
    },
  );

  it('is not verifiable with another key set', async () => {
    const standIn = await createTestStandIn();
    const body = await readJsonRecord(await exchange(standIn, sandbox, await approve(standIn, sandbox)));
    const otherKeys = await createSigningKeys();
    await expect(
      jwtVerify(stringField(body, 'id_token'), createLocalJWKSet({ keys: [...otherKeys.jwks.keys] }), {
        currentDate: new Date(START_MS),
      }),
    ).rejects.toThrow();
  });

  it('comes with the v1 profile scope too, carrying a profile claim', async () => {
    const standIn = await createTestStandIn();
    const approved = await approve(standIn, oracle, 'launch openid profile patient/Patient.read');
    const body = await readJsonRecord(await exchange(standIn, oracle, approved));
    const { payload } = await verifyIdToken(standIn, oracle, stringField(body, 'id_token'));
    expect(payload.profile).toBe(payload.fhirUser);
  });

  it.each([
    ['openid alone', 'launch openid patient/Patient.rs'],
    ['fhirUser without openid', 'launch fhirUser patient/Patient.rs'],
  ])('is absent for %s', async (_label, scope) => {
    const standIn = await createTestStandIn();
    const body = await readJsonRecord(
      await exchange(standIn, sandbox, await approve(standIn, sandbox, scope)),
    );
    expect(body.id_token).toBeUndefined();
  });
});

describe('refresh', () => {
  function refreshRequest(profile: EhrProfile, refreshToken: string, extra: Record<string, string> = {}) {
    return formPost(
      authUrl(profile, '/token'),
      new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken, ...extra }),
    );
  }

  async function tokensWithRefresh(standIn: TestStandIn, profile: EhrProfile, access = 'offline_access') {
    const scope = `launch openid fhirUser ${access} ${profile.scopeVersion === 'v2' ? 'patient/Observation.rs' : 'patient/Observation.read'}`;
    const approved = await approve(standIn, profile, scope);
    const body = await readJsonRecord(await exchange(standIn, profile, approved));
    return { body, approved, refreshToken: stringField(body, 'refresh_token') };
  }

  it('sandbox: a new access token and a new refresh token, same scopes and patient', async () => {
    const standIn = await createTestStandIn();
    const first = await tokensWithRefresh(standIn, sandbox);
    const response = await standIn.send(refreshRequest(sandbox, first.refreshToken));
    expect(response.status).toBe(200);
    const body = await readJsonRecord(response);
    expect(body.access_token).not.toBe(first.body.access_token);
    expect(body).toMatchObject({
      scope: first.body.scope,
      patient: first.approved.patientId,
      token_type: 'Bearer',
      expires_in: 3600,
    });
    const next = stringField(body, 'refresh_token');
    expect(next).not.toBe(first.refreshToken);
    expect((await standIn.send(refreshRequest(sandbox, next))).status).toBe(200);
  });

  it.each([
    { profile: oracle, access: 'online_access', expiresIn: 570, tokenType: 'Bearer' },
    { profile: epic, access: 'offline_access', expiresIn: 3600, tokenType: 'bearer' },
  ])(
    '$profile.id: a new access token and no new refresh token',
    async ({ profile, access, expiresIn, tokenType }) => {
      const standIn = await createTestStandIn();
      const first = await tokensWithRefresh(standIn, profile, access);
      const body = await readJsonRecord(
        await standIn.send(refreshRequest(profile, first.refreshToken, { client_id: CLIENT_ID })),
      );
      expect(body).toMatchObject({ expires_in: expiresIn, token_type: tokenType, scope: first.body.scope });
      expect(body.refresh_token).toBeUndefined();
      const token = stringField(body, 'access_token');
      expect(standIn.context.tokens.lookupAccessToken(token, START_MS)?.grant.patient).toBe(
        first.approved.patientId,
      );
      // The old refresh token stays valid.
      expect((await standIn.send(refreshRequest(profile, first.refreshToken))).status).toBe(200);
    },
  );

  it('issues no refresh token without offline_access or online_access', async () => {
    const standIn = await createTestStandIn();
    const body = await readJsonRecord(await exchange(standIn, sandbox, await approve(standIn, sandbox)));
    expect(body.refresh_token).toBeUndefined();
  });

  it('rejects an unknown refresh token, another client, or another profile', async () => {
    const standIn = await createTestStandIn();
    const { refreshToken } = await tokensWithRefresh(standIn, sandbox);
    await expectTokenError(await standIn.send(refreshRequest(sandbox, 'not-a-token')), 400, 'invalid_grant');
    await expectTokenError(
      await standIn.send(refreshRequest(sandbox, refreshToken, { client_id: 'other' })),
      400,
      'invalid_grant',
    );
    await expectTokenError(await standIn.send(refreshRequest(epic, refreshToken)), 400, 'invalid_grant');
  });

  it('narrows scopes on request and refuses to widen them', async () => {
    const standIn = await createTestStandIn();
    const { refreshToken } = await tokensWithRefresh(standIn, sandbox);
    const narrowed = await readJsonRecord(
      await standIn.send(refreshRequest(sandbox, refreshToken, { scope: 'patient/Observation.rs' })),
    );
    expect(narrowed.scope).toBe('patient/Observation.rs');
    await expectTokenError(
      await standIn.send(
        refreshRequest(sandbox, refreshToken, { scope: 'patient/Observation.rs patient/Condition.rs' }),
      ),
      400,
      'invalid_scope',
    );
  });

  it('answers invalid_grant while the tokenInvalidGrant fault is on', async () => {
    const standIn = await createTestStandIn();
    const { refreshToken } = await tokensWithRefresh(standIn, sandbox);
    standIn.context.faults.set({ tokenInvalidGrant: true });
    await expectTokenError(await standIn.send(refreshRequest(sandbox, refreshToken)), 400, 'invalid_grant');
  });
});

describe('scope granting per profile', () => {
  const requested =
    'launch openid fhirUser offline_access patient/Observation.rs patient/Condition.read patient/Patient.cruds user/Encounter.rs system/Observation.rs';

  it.each([
    {
      profile: sandbox,
      granted:
        'launch openid fhirUser offline_access patient/Observation.rs patient/Condition.read user/Encounter.rs',
    },
    {
      profile: epic,
      granted:
        'launch openid fhirUser offline_access patient/Observation.rs patient/Condition.read user/Encounter.rs',
    },
    // Oracle Health grants SMART v1 scopes only: the v2 `.rs` scopes are dropped.
    { profile: oracle, granted: 'launch openid fhirUser offline_access patient/Condition.read' },
  ])('$profile.id grants only read scopes in the syntax it supports', async ({ profile, granted }) => {
    const standIn = await createTestStandIn();
    const body = await readJsonRecord(
      await exchange(standIn, profile, await approve(standIn, profile, requested)),
    );
    expect(body.scope).toBe(granted);
  });
});
