// The feedback API in process (Fastify inject) against the real EHR stand-in (msw): real SMART sessions with
// id_tokens signed by the stand-in, the real session verifier, the real key-set fetch, and PGlite in memory.
import { createHash, randomBytes } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeLaunchContext } from '../../mocks/ehr/launch-context.ts';
import { findProfile, type EhrProfileId } from '../../mocks/ehr/profiles.ts';
import { startMswStandIn, TEST_ORIGIN, type MswStandIn } from '../support/msw-stand-in.ts';
import { matchRegisteredEhr } from '../../src/smart/registered-ehrs.ts';
import { createEhrSessionVerifier } from '../../src/server/ehr-session.ts';
import { createEhrTrust } from '../../src/server/trusted-ehrs.ts';
import {
  createCallerVerifier,
  ID_TOKEN_HEADER,
  openFeedbackStore,
  registerFeedbackRoutes,
} from '../../src/server/feedback/feedback-routes.ts';
import { createFeedbackStore, type FeedbackStore } from '../../src/server/feedback/feedback-store.ts';
import { openPgliteClient } from '../../src/server/feedback/sql-clients.ts';

interface Launched {
  readonly iss: string;
  readonly patientId: string;
  readonly accessToken: string;
  readonly idToken: string;
}

/** A SMART EHR launch against the stand-in as `clientId`, keeping the id_token. */
async function launch(profileId: EhrProfileId, patientId: string, clientId?: string): Promise<Launched> {
  const profile = findProfile(profileId);
  if (!profile) throw new Error(`no profile ${profileId}`);
  const iss = `${TEST_ORIGIN}${profile.fhirBasePath}`;
  const registration = matchRegisteredEhr(iss);
  if (!registration) throw new Error(`${iss} is not registered`);
  const client = clientId ?? registration.clientId;
  const verifier = randomBytes(32).toString('base64url');
  const authorize = new URL(`${TEST_ORIGIN}${profile.authBasePath}/authorize`);
  authorize.search = new URLSearchParams({
    response_type: 'code',
    client_id: client,
    redirect_uri: `${TEST_ORIGIN}/`,
    scope: registration.scopes.join(' '),
    state: 'state-1',
    aud: iss,
    launch: encodeLaunchContext({ patient: patientId }),
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  }).toString();
  const authorized = await fetch(authorize, { redirect: 'manual' });
  const code = new URL(authorized.headers.get('location') ?? '').searchParams.get('code') ?? '';
  const token = await fetch(`${TEST_ORIGIN}${profile.authBasePath}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: `${TEST_ORIGIN}/`,
      client_id: client,
      code_verifier: verifier,
    }).toString(),
  });
  const body = (await token.json()) as { access_token?: string; id_token?: string };
  if (!body.access_token || !body.id_token) throw new Error(`no tokens: ${JSON.stringify(body)}`);
  return { iss, patientId, accessToken: body.access_token, idToken: body.id_token };
}

/**
 * The session verifier cancels the body of a refused read; a body msw is still streaming never settles its
 * cancel() (over a real socket it does), so the test hands the verifier responses read in full.
 */
async function bufferedFetch(request: Request): Promise<Response> {
  const response = await fetch(request);
  return new Response(await response.arrayBuffer(), { status: response.status, headers: response.headers });
}

let env: MswStandIn;
let store: FeedbackStore;
let app: FastifyInstance;
let patientA: string;
let patientB: string;

beforeAll(async () => {
  env = await startMswStandIn();
  const patients = env.standIn.patients.list();
  patientA = patients[0]?.id ?? '';
  patientB = patients[1]?.id ?? '';
  store = await createFeedbackStore(await openPgliteClient(undefined));
  app = Fastify();
  await registerFeedbackRoutes(app, {
    store,
    verifyCaller: createCallerVerifier({
      sessionVerifier: createEhrSessionVerifier({ fetch: bufferedFetch }),
      // The stand-in's loopback registrations: trusted as the sandbox server trusts them.
      trustEhr: createEhrTrust({ trustSandbox: true }),
    }),
    now: () => new Date('2026-11-25T10:00:00Z'),
  });
  await app.ready();
});

afterAll(async () => {
  await app.close();
  await store.close();
  env.close();
});

function headers(session: Launched, idToken = session.idToken): Record<string, string> {
  return { authorization: `Bearer ${session.accessToken}`, [ID_TOKEN_HEADER]: idToken };
}

async function post(session: Launched, events: unknown[], extra: Record<string, string> = {}) {
  return app.inject({
    method: 'POST',
    url: '/api/feedback',
    headers: { ...headers(session), ...extra },
    payload: { iss: session.iss, patientId: session.patientId, events },
  });
}

async function decisions(session: Launched, requestHeaders = headers(session)) {
  return app.inject({
    method: 'GET',
    url: `/api/feedback/decisions?${new URLSearchParams({ iss: session.iss, patientId: session.patientId }).toString()}`,
    headers: requestHeaders,
  });
}

describe('POST /api/feedback and GET /api/feedback/decisions', () => {
  it('keeps a dismissal for the same clinician and patient across launches, newest decision winning', async () => {
    const first = await launch('sandbox', patientA);
    const recorded = await post(first, [
      { suggestionId: 'metformin-egfr:stop', source: 'rules', action: 'shown' },
      { suggestionId: 'model:abc123', source: 'model', action: 'shown' },
      { suggestionId: 'metformin-egfr:stop', source: 'rules', action: 'accepted' },
    ]);
    expect(recorded.statusCode).toBe(200);
    expect(recorded.json()).toEqual({ recorded: 3 });
    expect(
      (
        await post(first, [
          { suggestionId: 'model:abc123', source: 'model', action: 'dismissed', reason: 'incorrect' },
        ])
      ).statusCode,
    ).toBe(200);

    const relaunched = await launch('sandbox', patientA);
    expect(relaunched.accessToken).not.toBe(first.accessToken);
    const answer = await decisions(relaunched);
    expect(answer.statusCode).toBe(200);
    const body = answer.json<{
      decisions: { suggestionId: string; action: string; reason: string | null }[];
    }>();
    expect(
      body.decisions.map(({ suggestionId, action, reason }) => ({ suggestionId, action, reason })),
    ).toEqual([
      { suggestionId: 'metformin-egfr:stop', action: 'accepted', reason: null },
      { suggestionId: 'model:abc123', action: 'dismissed', reason: 'incorrect' },
    ]);
  });

  it('keeps decisions per patient', async () => {
    const onA = await launch('epic', patientA);
    await post(onA, [
      { suggestionId: 'statin-ldl', source: 'rules', action: 'dismissed', reason: 'already-addressed' },
    ]);
    const onB = await launch('epic', patientB);
    expect((await decisions(onB)).json()).toEqual({ decisions: [] });
  });

  it('records a snooze with its end and an "other" reason with its text', async () => {
    const session = await launch('oracle', patientB);
    const answer = await post(session, [
      { suggestionId: 'a1c-due', source: 'rules', action: 'snoozed', snoozeUntil: '2026-12-25T10:00:00Z' },
      {
        suggestionId: 'bp-recheck',
        source: 'rules',
        action: 'dismissed',
        reason: 'other',
        reasonText: 'Seen by cardiology',
      },
    ]);
    expect(answer.statusCode).toBe(200);
    const body = (await decisions(session)).json<{
      decisions: { suggestionId: string; snoozeUntil: string | null }[];
    }>();
    expect(body.decisions.find((decision) => decision.suggestionId === 'a1c-due')?.snoozeUntil).toBe(
      '2026-12-25T10:00:00.000Z',
    );
  });
});

describe('who is calling', () => {
  it('needs the access token and the id_token', async () => {
    const session = await launch('sandbox', patientA);
    const noBearer = await decisions(session, { [ID_TOKEN_HEADER]: session.idToken });
    expect(noBearer.statusCode).toBe(401);
    expect(noBearer.json()).toMatchObject({ error: 'unauthorized' });
    const noIdToken = await decisions(session, { authorization: `Bearer ${session.accessToken}` });
    expect(noIdToken.statusCode).toBe(401);
    expect(noIdToken.json()).toMatchObject({ error: 'id_token_required' });
  });

  it('refuses an access token the EHR does not accept for this patient', async () => {
    const onA = await launch('sandbox', patientA);
    const answer = await app.inject({
      method: 'GET',
      url: `/api/feedback/decisions?iss=${encodeURIComponent(onA.iss)}&patientId=${patientB}`,
      headers: headers(onA),
    });
    expect(answer.statusCode).toBe(401);
    expect(answer.json()).toMatchObject({ error: 'session_not_accepted' });
  });

  it('refuses an id_token issued to another app, or signed by anyone but the EHR', async () => {
    const session = await launch('sandbox', patientA);
    const otherApp = await launch('sandbox', patientA, 'some-other-app');
    expect((await decisions(session, headers(session, otherApp.idToken))).json()).toMatchObject({
      error: 'id_token_invalid',
    });

    const { privateKey } = await generateKeyPair('RS256');
    const forged = await new SignJWT({ fhirUser: 'Practitioner/someone-else' })
      .setProtectedHeader({ alg: 'RS256' })
      .setAudience('chartside-sandbox')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(privateKey);
    const answer = await decisions(session, headers(session, forged));
    expect(answer.statusCode).toBe(401);
    expect(answer.json()).toMatchObject({ error: 'id_token_invalid' });
  });

  it('never takes the clinician from the body', async () => {
    const session = await launch('sandbox', patientA);
    const answer = await app.inject({
      method: 'POST',
      url: '/api/feedback',
      headers: headers(session),
      payload: {
        iss: session.iss,
        patientId: session.patientId,
        fhirUser: 'Practitioner/someone-else',
        events: [{ suggestionId: 'x', source: 'rules', action: 'shown' }],
      },
    });
    expect(answer.statusCode).toBe(400);
  });

  it('refuses an EHR that is not registered, before asking it anything', async () => {
    const session = await launch('sandbox', patientA);
    const before = env.exchanges().length;
    const answer = await app.inject({
      method: 'GET',
      url: `/api/feedback/decisions?iss=${encodeURIComponent('https://evil.example/fhir')}&patientId=${patientA}`,
      headers: headers(session),
    });
    expect(answer.statusCode).toBe(403);
    expect(env.exchanges().length).toBe(before);
  });
});

describe('what is stored', () => {
  it('refuses a dismissal without a reason and clinical text in place of an id', async () => {
    const session = await launch('sandbox', patientA);
    const noReason = await post(session, [{ suggestionId: 'x', source: 'rules', action: 'dismissed' }]);
    expect(noReason.statusCode).toBe(400);
    const extraField = await post(session, [
      { suggestionId: 'x', source: 'rules', action: 'shown', title: 'Stop metformin: eGFR 28' },
    ]);
    expect(extraField.statusCode).toBe(400);
  });
});

describe('openFeedbackStore', () => {
  it('keeps decisions in a PGlite folder it creates, across a restart', async () => {
    const { mkdtemp, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const parent = await mkdtemp(path.join(tmpdir(), 'chartside-feedback-'));
    const dataDir = path.join(parent, 'data', 'feedback');
    const caller = { iss: 'https://ehr.example/fhir', fhirUser: 'Practitioner/1', patientId: 'p1' };
    try {
      const first = await openFeedbackStore({ databaseUrl: undefined, dataDir });
      await first.record(
        caller,
        {
          suggestionId: 's1',
          source: 'rules',
          action: 'dismissed',
          reason: 'incorrect',
          reasonText: null,
          snoozeUntil: null,
        },
        new Date('2026-11-25T10:00:00Z'),
      );
      await first.close();
      const second = await openFeedbackStore({ databaseUrl: undefined, dataDir });
      expect((await second.decisions(caller)).map((decision) => decision.action)).toEqual(['dismissed']);
      await second.close();
    } finally {
      await rm(parent, { recursive: true, force: true });
    }
  }, 60_000);
});
