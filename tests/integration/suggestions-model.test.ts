// The model path end to end, in process: POST /api/suggestions on the real server (Fastify inject), a real
// SMART session from the EHR stand-in, and the real Azure client (@azure-rest/ai-inference) talking to the
// Azure stand-in through msw — every scenario of mocks/azure/suggestion-scenarios.ts with a streamed and with
// a whole answer. Whatever happens, no suggestion reaches the browser unless it passes grounding: every shown
// suggestion is grounded again here. (suggestions-socket.test.ts runs the scenarios over real sockets.)
import { rm } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { suggestionsReply } from '../../mocks/azure/azure-replies.ts';
import { azureStandInHandlers } from '../../mocks/azure/azure-msw-handlers.ts';
import { createAzureStandIn } from '../../mocks/azure/azure-stand-in.ts';
import {
  TEST_AZURE_KEY,
  TEST_DEPLOYMENT,
  TEST_FOUNDRY_ENDPOINT,
  TEST_OPENAI_V1_ENDPOINT,
  testModelConfig,
} from '../../mocks/azure/azure-test-kit.ts';
import {
  GROUNDED_SUGGESTIONS,
  SAMPLE_CONTEXT,
  type SampleContext,
} from '../../mocks/azure/sample-context.ts';
import {
  expectModelRequest,
  GROUNDED_TITLES,
  readOutcome,
  SCENARIOS,
  titles,
  type Outcome,
} from '../../mocks/azure/suggestion-scenarios.ts';
import { buildFactIndex, groundSuggestion } from '../../src/reasoning/grounding.ts';
import { createAzureModelClient } from '../../src/model/azure-model-client.ts';
import type { ModelConfig } from '../../src/model/model-config.ts';
import { createServer } from '../../src/server/create-server.ts';
import { startMswStandIn, TEST_ORIGIN, type MswStandIn } from '../support/msw-stand-in.ts';
import { startStandInSession, type StandInSession } from '../support/stand-in-session.ts';
import { readFixtureRecord } from '../support/synthea-fixtures.ts';
import { writeMinimalBuild } from '../support/minimal-build.ts';

/** Behind msw, at the two test endpoints' origins. */
const azure = createAzureStandIn({ apiKey: TEST_AZURE_KEY, deployments: [TEST_DEPLOYMENT] });
let env: MswStandIn;
let session: StandInSession;
let distDir: string;
const servers: FastifyInstance[] = [];
/** Every suggestion any test in this file was shown, with the context it was asked about. */
const allShown: { suggestion: unknown; index: number; context: SampleContext }[] = [];

beforeAll(async () => {
  env = await startMswStandIn();
  env.server.use(
    ...azureStandInHandlers(azure, {
      origins: [new URL(TEST_FOUNDRY_ENDPOINT).origin, new URL(TEST_OPENAI_V1_ENDPOINT).origin],
    }),
  );
  const { patientId } = await readFixtureRecord('ckd-diabetic-nephropathy-hypertension-male');
  session = await startStandInSession({ origin: TEST_ORIGIN, profile: 'sandbox', patientId });
  distDir = await writeMinimalBuild('chartside-suggestions-');
});

afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()));
  env.close();
  await rm(distDir, { recursive: true, force: true });
  // The promise of this file: across every scenario, nothing shown fails grounding.
  expect(allShown.length).toBeGreaterThan(0);
  for (const { suggestion, index, context } of allShown) {
    expect(groundSuggestion(suggestion, index, buildFactIndex(context)).ok).toBe(true);
  }
});

beforeEach(() => {
  azure.reset();
});

async function serverFor(overrides: Partial<ModelConfig>): Promise<FastifyInstance> {
  const model = await createAzureModelClient(testModelConfig(overrides));
  const server = await createServer({ trustSandboxEhrs: true, distDir, model, suggestionsPerMinute: 1_000 });
  servers.push(server);
  return server;
}

async function ask(server: FastifyInstance, context: SampleContext = SAMPLE_CONTEXT): Promise<Outcome> {
  const response = await server.inject({
    method: 'POST',
    url: '/api/suggestions',
    headers: { authorization: `Bearer ${session.accessToken}`, 'content-type': 'application/json' },
    payload: { iss: session.fhirBaseUrl, patientId: session.patientId, context },
  });
  const outcome = readOutcome(response.statusCode, String(response.headers['content-type']), response.body);
  for (const { index, suggestion } of outcome.shown) allShown.push({ suggestion, index, context });
  return outcome;
}

describe.each([
  ['a streamed answer', true],
  ['a whole answer', false],
])('POST /api/suggestions with %s', (_mode, stream) => {
  it.each(SCENARIOS.map((scenario) => [scenario.name, scenario] as const))('%s', async (_name, scenario) => {
    const server = await serverFor({ stream, ...scenario.config });
    azure.script(...scenario.replies(stream, 'msw'));
    const outcome = await ask(server, scenario.context);
    expect(outcome.status).toBe(200);
    expect(outcome.events[0]).toEqual({ event: 'model', data: { state: 'on', deployment: TEST_DEPLOYMENT } });
    const requests = azure.requests();
    for (const request of requests) expectModelRequest(request, stream, scenario.context);
    scenario.check(outcome, requests);
  });
});

describe('the two endpoint forms and both credentials', () => {
  it('calls a Foundry /models endpoint with the api-version that has json_schema', async () => {
    const server = await serverFor({});
    azure.script(suggestionsReply(GROUNDED_SUGGESTIONS));
    await ask(server);
    const url = new URL(azure.requests()[0]?.url ?? '');
    expect(url.origin + url.pathname).toBe(
      'https://chartside-test.services.ai.azure.com/models/chat/completions',
    );
    expect(url.searchParams.get('api-version')).toBe('2024-08-01-preview');
  });

  it.each([true, false])(
    'calls an Azure OpenAI /openai/v1 endpoint without any api-version (stream %s)',
    async (stream) => {
      const server = await serverFor({
        endpoint: TEST_OPENAI_V1_ENDPOINT,
        endpointKind: 'openai-v1',
        apiVersion: '',
        stream,
      });
      azure.script(suggestionsReply(GROUNDED_SUGGESTIONS));
      const outcome = await ask(server);
      expect(titles(outcome)).toEqual(GROUNDED_TITLES);
      const request = azure.requests()[0];
      expectModelRequest(request, stream);
      expect(request?.url).toBe('https://chartside-test.openai.azure.com/openai/v1/chat/completions');
    },
  );

  it('reports an api-version without json_schema as an upstream refusal', async () => {
    const server = await serverFor({ apiVersion: '2024-05-01-preview' });
    const outcome = await ask(server);
    expect(outcome.errors).toEqual([
      { kind: 'upstream', message: 'The model service refused the request (HTTP 400, BadRequest).' },
    ]);
  });

  it('reports an unknown deployment', async () => {
    const server = await serverFor({ deployment: 'no-such-deployment' });
    const outcome = await ask(server);
    expect(outcome.errors).toEqual([
      { kind: 'upstream', message: 'The model deployment was not found (HTTP 404).' },
    ]);
  });

  it('authenticates with a Microsoft Entra ID token for the Cognitive Services scope', async () => {
    const entra = createAzureStandIn({ entraToken: 'entra-access-token', deployments: [TEST_DEPLOYMENT] });
    const endpoint = 'https://chartside-entra.services.ai.azure.com/models';
    env.server.use(...azureStandInHandlers(entra, { origins: [new URL(endpoint).origin] }));
    const scopesAsked: string[][] = [];
    const model = await createAzureModelClient(testModelConfig({ endpoint, auth: { kind: 'entra' } }), {
      credential: {
        getToken: (scopes) => {
          scopesAsked.push(Array.isArray(scopes) ? scopes : [scopes]);
          return Promise.resolve({ token: 'entra-access-token', expiresOnTimestamp: Date.now() + 3_600_000 });
        },
      },
    });
    const server = await createServer({
      trustSandboxEhrs: true,
      distDir,
      model,
      suggestionsPerMinute: 1_000,
    });
    servers.push(server);
    entra.script(suggestionsReply(GROUNDED_SUGGESTIONS));
    const outcome = await ask(server);
    expect(titles(outcome)).toEqual(GROUNDED_TITLES);
    expect(scopesAsked).toEqual([['https://cognitiveservices.azure.com/.default']]);
    expect(entra.requests()[0]?.headers['authorization']).toBe('Bearer entra-access-token');
    expect(entra.requests()[0]?.headers['api-key']).toBeUndefined();
  });
});
