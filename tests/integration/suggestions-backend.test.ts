// What POST /api/suggestions refuses, and how: no token, a token the EHR rejects, an EHR Chartside does not
// trust, raw FHIR, an oversize or unreadable body — each a JSON error with its status. Also: the session
// check is cached (one EHR read per burst), the rate limit is per session, the model can be off, and nothing
// a request carries (context, token, patient id) ever reaches the log.
import { rm } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { answerReply, rateLimitedReply, suggestionsReply } from '../../mocks/azure/azure-replies.ts';
import { azureStandInHandlers } from '../../mocks/azure/azure-msw-handlers.ts';
import { createAzureStandIn } from '../../mocks/azure/azure-stand-in.ts';
import {
  parseServerSentEvents,
  TEST_AZURE_KEY,
  TEST_DEPLOYMENT,
  TEST_FOUNDRY_ENDPOINT,
  testModelConfig,
} from '../../mocks/azure/azure-test-kit.ts';
import {
  GROUNDED_SUGGESTIONS,
  SAMPLE_CONTEXT,
  UNKNOWN_ALIAS_SUGGESTION,
} from '../../mocks/azure/sample-context.ts';
import { createAzureModelClient } from '../../src/model/azure-model-client.ts';
import { createSandboxServer } from '../../src/sandbox/sandbox-server.ts';
import { createServer, type ServerOptions } from '../../src/server/create-server.ts';
import type { ModelClient } from '../../src/model/model-client.ts';
import { fhirRequestPaths, startMswStandIn, TEST_ORIGIN, type MswStandIn } from '../support/msw-stand-in.ts';
import { startStandInSession, type StandInSession } from '../support/stand-in-session.ts';
import { readFixtureRecord } from '../support/synthea-fixtures.ts';
import { writeMinimalBuild } from '../support/minimal-build.ts';

const azure = createAzureStandIn({ apiKey: TEST_AZURE_KEY, deployments: [TEST_DEPLOYMENT] });
let env: MswStandIn;
let session: StandInSession;
let otherPatientId: string;
let distDir: string;
let model: ModelClient;
const servers: FastifyInstance[] = [];

beforeAll(async () => {
  env = await startMswStandIn();
  env.server.use(...azureStandInHandlers(azure, { origins: [new URL(TEST_FOUNDRY_ENDPOINT).origin] }));
  const { patientId } = await readFixtureRecord('ckd-diabetic-nephropathy-hypertension-male');
  otherPatientId = (await readFixtureRecord('diabetes-hyperlipidemia-asian-female')).patientId;
  session = await startStandInSession({ origin: TEST_ORIGIN, profile: 'sandbox', patientId });
  distDir = await writeMinimalBuild('chartside-backend-');
  model = await createAzureModelClient(testModelConfig());
});

afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()));
  env.close();
  await rm(distDir, { recursive: true, force: true });
});

beforeEach(() => {
  azure.reset();
  env.clearExchanges();
});

async function newServer(options: Partial<ServerOptions> = {}): Promise<FastifyInstance> {
  const server = await createServer({
    trustSandboxEhrs: true,
    distDir,
    model,
    suggestionsPerMinute: 1_000,
    ...options,
  });
  servers.push(server);
  return server;
}

function validBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { iss: session.fhirBaseUrl, patientId: session.patientId, context: SAMPLE_CONTEXT, ...overrides };
}

function post(
  server: FastifyInstance,
  payload: unknown,
  headers: Record<string, string> = { authorization: `Bearer ${session.accessToken}` },
) {
  return server.inject({
    method: 'POST',
    url: '/api/suggestions',
    headers: { 'content-type': 'application/json', ...headers },
    payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
  });
}

describe('POST /api/suggestions refuses', () => {
  let server: FastifyInstance;

  beforeAll(async () => {
    server = await newServer();
  });

  it.each([
    ['no Authorization header', {}],
    ['a Basic credential', { authorization: 'Basic dXNlcjpwYXNz' }],
    ['an empty Bearer', { authorization: 'Bearer ' }],
  ])('%s: 401', async (_label, headers) => {
    const response = await post(server, validBody(), headers);
    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer');
    expect(response.json()).toEqual({
      error: 'unauthorized',
      message: 'Send the SMART access token as Authorization: Bearer <token>.',
    });
  });

  it('a token the EHR rejects: 401, after asking the EHR', async () => {
    const response = await post(server, validBody(), { authorization: 'Bearer not-a-token-the-ehr-issued' });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toEqual({
      error: 'session_not_accepted',
      message: 'The EHR did not accept this session for this patient. Launch Chartside again from the chart.',
    });
    expect(fhirRequestPaths(env.exchanges(), session.fhirBaseUrl)).toEqual([`Patient/${session.patientId}`]);
    expect(env.exchanges().at(-1)?.status).toBe(401);
    expect(azure.requests()).toHaveLength(0);
  });

  it('a valid token for another patient: 401 (the EHR refuses that read)', async () => {
    const response = await post(server, validBody({ patientId: otherPatientId }));
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ error: 'session_not_accepted' });
    expect(azure.requests()).toHaveLength(0);
  });

  it.each([
    'https://evil.example.com/fhir',
    'http://127.0.0.1:5998/ehr/sandbox/fhir/../../../attacker',
    'http://127.0.0.1:5998/ehr/unknown/fhir',
  ])('an EHR that is not registered (%s): 403 naming it, and no request to it', async (iss) => {
    const response = await post(server, validBody({ iss }));
    expect(response.statusCode).toBe(403);
    expect(response.json()).toEqual({
      error: 'unregistered_ehr',
      message: `${iss} is not an EHR registered with Chartside.`,
    });
    expect(env.exchanges()).toHaveLength(0);
  });

  it.each<[string, () => unknown]>([
    ['a Bundle as the body', () => ({ resourceType: 'Bundle', type: 'searchset', entry: [] })],
    ['a Patient as the context', () => validBody({ context: { resourceType: 'Patient', id: 'x' } })],
    ['resources next to the context', () => validBody({ resources: [{ resourceType: 'Observation' }] })],
    [
      'FHIR JSON pasted into the context text',
      () => validBody({ context: { text: '{"resourceType":"Bundle","entry":[]}', aliases: [] } }),
    ],
  ])('raw FHIR (%s): 400', async (_label, payload) => {
    const response = await post(server, payload());
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      error: 'raw_fhir',
      message: 'Send the compact context, never raw FHIR.',
    });
    expect(env.exchanges()).toHaveLength(0);
  });

  it('an oversize body: 413 JSON', async () => {
    const huge = validBody({ context: { text: `L1 ${'x'.repeat(70 * 1024)}`, aliases: ['L1'] } });
    const response = await post(server, huge);
    expect(response.statusCode).toBe(413);
    expect(response.headers['content-type']).toContain('application/json');
    expect(response.json()).toEqual({
      error: 'payload_too_large',
      message: 'The request body is over 64 KB: send the compact context, never the raw record.',
    });
  });

  it.each<[string, () => unknown, string]>([
    [
      'the alias map instead of the alias list',
      () => validBody({ context: { text: SAMPLE_CONTEXT.text, aliases: { L1: 'Observation/1' } } }),
      'context.aliases',
    ],
    ['a missing patient id', () => validBody({ patientId: undefined }), 'patientId'],
    ['a patient id that is not a FHIR id', () => validBody({ patientId: 'a/b' }), 'patientId'],
    [
      'an alias that is not an alias',
      () => validBody({ context: { text: SAMPLE_CONTEXT.text, aliases: ['Observation/1'] } }),
      'context.aliases.0',
    ],
    ['an extra key', () => validBody({ tokens: 812 }), '(body)'],
    ['an empty context', () => validBody({ context: { text: '', aliases: [] } }), 'context.text'],
  ])('a body of the wrong shape (%s): 400 with the issues', async (_label, payload, issuePath) => {
    const response = await post(server, payload());
    expect(response.statusCode).toBe(400);
    const body = response.json<{ error: string; message: string; issues: string[] }>();
    expect(body.error).toBe('invalid_request');
    expect(body.message).toBe('Expected { iss, patientId, context: { text, aliases } }.');
    expect(body.issues.some((issue) => issue.startsWith(`${issuePath}:`))).toBe(true);
  });

  it('a context that holds the patient id: 400', async () => {
    const response = await post(
      server,
      validBody({ context: { text: `D1 Patient ${session.patientId}`, aliases: ['D1'] } }),
    );
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: 'not_deidentified' });
  });

  it('a body that is not JSON: 400 JSON', async () => {
    const response = await post(server, '{"iss": ');
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      error: 'invalid_request',
      message: 'The request body could not be read as JSON.',
    });
  });

  it('a body that is not application/json: 415 JSON', async () => {
    const response = await post(server, 'iss=x', {
      authorization: `Bearer ${session.accessToken}`,
      'content-type': 'text/plain',
    });
    expect(response.statusCode).toBe(415);
    expect(response.json()).toEqual({
      error: 'unsupported_media_type',
      message: 'Send the request body as application/json.',
    });
  });

  it('any other method: 404 JSON', async () => {
    const response = await server.inject({ method: 'GET', url: '/api/suggestions' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ error: 'not_found' });
  });
});

describe("the sandbox's loopback EHR", () => {
  it('a production server (sandbox off) refuses its iss: 403 saying why, and no request to it', async () => {
    const server = await newServer({ trustSandboxEhrs: false });
    const response = await post(server, validBody());
    expect(response.statusCode).toBe(403);
    expect(response.json()).toEqual({
      error: 'sandbox_ehr_not_trusted',
      message: `${session.fhirBaseUrl} is the sandbox EHR "Chartside sandbox EHR (SMART App Launch 2.2)", which this server does not trust: the sandbox is off (CHARTSIDE_SANDBOX=off).`,
    });
    expect(env.exchanges()).toHaveLength(0);
    expect(azure.requests()).toHaveLength(0);
  });

  it('the sandbox server accepts it: the session is checked with the EHR and suggestions stream', async () => {
    const server = await createSandboxServer({
      distDir,
      model,
      suggestionsPerMinute: 1_000,
      standIn: env.standIn,
    });
    servers.push(server);
    azure.script(suggestionsReply([GROUNDED_SUGGESTIONS[0]]));
    const response = await post(server, validBody());
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/event-stream');
    expect(fhirRequestPaths(env.exchanges(), session.fhirBaseUrl)).toEqual([`Patient/${session.patientId}`]);
  });
});

describe('with no model configured', () => {
  it('answers with `model off` and `done`, after the same session check', async () => {
    const server = await newServer({ model: undefined });
    const response = await post(server, validBody());
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(response.body).toBe(
      'event: model\ndata: {"state":"off"}\n\nevent: done\ndata: {"shown":0,"dropped":0}\n\n',
    );
    expect(parseServerSentEvents(response.body)).toEqual([
      { event: 'model', data: { state: 'off' } },
      { event: 'done', data: { shown: 0, dropped: 0 } },
    ]);
    expect((await server.inject({ method: 'GET', url: '/api/model' })).json()).toEqual({ state: 'off' });
    expect((await post(server, validBody(), {})).statusCode).toBe(401);
  });

  it('GET /api/model names the deployment when one is configured', async () => {
    const server = await newServer();
    expect((await server.inject({ method: 'GET', url: '/api/model' })).json()).toEqual({
      state: 'on',
      deployment: TEST_DEPLOYMENT,
    });
  });
});

describe('the session check', () => {
  it('asks the EHR once for a burst of requests (cached by a hash, briefly)', async () => {
    const server = await newServer();
    for (let request = 0; request < 3; request += 1) {
      azure.script(suggestionsReply([GROUNDED_SUGGESTIONS[0]]));
      expect((await post(server, validBody())).statusCode).toBe(200);
    }
    expect(fhirRequestPaths(env.exchanges(), session.fhirBaseUrl)).toEqual([`Patient/${session.patientId}`]);
    expect(azure.requests()).toHaveLength(3);
  });

  it('asks again after the cache entry expires', async () => {
    let nowMs = 1_000_000;
    const { createEhrSessionVerifier } = await import('../../src/server/ehr-session.ts');
    const server = await newServer({ sessionVerifier: createEhrSessionVerifier({ nowMs: () => nowMs }) });
    azure.script(suggestionsReply([]), suggestionsReply([]), suggestionsReply([]));
    await post(server, validBody());
    nowMs += 59_000;
    await post(server, validBody());
    nowMs += 2_000;
    await post(server, validBody());
    expect(fhirRequestPaths(env.exchanges(), session.fhirBaseUrl)).toHaveLength(2);
  });
});

describe('the rate limit', () => {
  it('allows N requests a minute per session, then 429 JSON with Retry-After; another session is not affected', async () => {
    const server = await newServer({ suggestionsPerMinute: 2 });
    azure.script(suggestionsReply([]), suggestionsReply([]), suggestionsReply([]));
    expect((await post(server, validBody())).statusCode).toBe(200);
    expect((await post(server, validBody())).statusCode).toBe(200);
    const limited = await post(server, validBody());
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.json()).toEqual({
      error: 'rate_limited',
      message: expect.stringMatching(/^Too many suggestion requests: try again in \d+ s\.$/) as unknown,
      retryAfterSeconds: Number(limited.headers['retry-after']),
    });
    const other = await startStandInSession({
      origin: TEST_ORIGIN,
      profile: 'sandbox',
      patientId: session.patientId,
    });
    const response = await post(server, validBody(), { authorization: `Bearer ${other.accessToken}` });
    expect(response.statusCode).toBe(200);
  });
});

describe('logging', () => {
  it('never logs the context, the token or the patient id, whatever happens', async () => {
    const lines: string[] = [];
    const server = await newServer({ logLevel: 'info', logStream: { write: (line) => lines.push(line) } });
    azure.script(
      suggestionsReply([GROUNDED_SUGGESTIONS[0], UNKNOWN_ALIAS_SUGGESTION]),
      rateLimitedReply(30),
      answerReply('not json'),
    );
    for (let request = 0; request < 3; request += 1)
      expect((await post(server, validBody())).statusCode).toBe(200);
    await post(server, validBody(), { authorization: 'Bearer rejected-token-value' });
    await post(server, validBody({ iss: 'https://unregistered.example.com/fhir' }));
    await post(server, {
      resourceType: 'Bundle',
      entry: [{ resource: { resourceType: 'Patient', id: session.patientId } }],
    });

    const log = lines.join('');
    // The capture works: requests, outcomes and failures are logged …
    expect(log).toContain('/api/suggestions');
    expect(log).toContain('"shown":1');
    expect(log).toContain('"modelFailure":"rate-limited"');
    // … and none of what they carried.
    const secrets = [
      session.accessToken,
      'rejected-token-value',
      session.patientId,
      TEST_AZURE_KEY,
      ...SAMPLE_CONTEXT.text.split('\n').filter((line) => line.length > 12),
      'eGFR 28',
      'Metformin',
      GROUNDED_SUGGESTIONS[0].title,
      GROUNDED_SUGGESTIONS[0].rationale,
    ];
    for (const secret of secrets) expect(log, secret).not.toContain(secret);
  });
});
