// The model path over real sockets, as in production: the EHR stand-in, the Azure stand-in and Chartside each
// listen on 127.0.0.1, the Azure client reaches the stand-in over plain http (allowInsecureConnection, which
// the config allows only for this machine), and the browser side is a plain fetch reading the event stream.
// No msw here. Runs every scenario of mocks/azure/suggestion-scenarios.ts streamed, then checks what only
// sockets show: events reach the browser as soon as they are ready, and a browser that goes away stops the
// model call.
import { rm } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hangReply, suggestionsReply } from '../../mocks/azure/azure-replies.ts';
import { createAzureStandIn } from '../../mocks/azure/azure-stand-in.ts';
import { TEST_AZURE_KEY, TEST_DEPLOYMENT, testModelConfig } from '../../mocks/azure/azure-test-kit.ts';
import {
  GROUNDED_SUGGESTIONS,
  SAMPLE_CONTEXT,
  type SampleContext,
} from '../../mocks/azure/sample-context.ts';
import { serveAzureStandIn, type ServedAzureStandIn } from '../../mocks/azure/serve-azure-stand-in.ts';
import {
  expectModelRequest,
  readOutcome,
  SCENARIOS,
  type Outcome,
} from '../../mocks/azure/suggestion-scenarios.ts';
import { buildFactIndex, groundSuggestion } from '../../src/reasoning/grounding.ts';
import { createAzureModelClient } from '../../src/model/azure-model-client.ts';
import type { ModelConfig } from '../../src/model/model-config.ts';
import { createServer } from '../../src/server/create-server.ts';
import { serveStandIn, type ServedStandIn } from '../support/serve-stand-in.ts';
import { startStandInSession, type StandInSession } from '../support/stand-in-session.ts';
import { readFixtureRecord } from '../support/synthea-fixtures.ts';
import { writeMinimalBuild } from '../support/minimal-build.ts';

let ehr: ServedStandIn;
let azure: ServedAzureStandIn;
let session: StandInSession;
let distDir: string;
const servers: FastifyInstance[] = [];
const allShown: { suggestion: unknown; index: number; context: SampleContext }[] = [];

beforeAll(async () => {
  ehr = await serveStandIn();
  azure = await serveAzureStandIn(
    createAzureStandIn({ apiKey: TEST_AZURE_KEY, deployments: [TEST_DEPLOYMENT] }),
  );
  const { patientId } = await readFixtureRecord('ckd-diabetic-nephropathy-hypertension-male');
  session = await startStandInSession({ origin: ehr.origin, profile: 'sandbox', patientId });
  distDir = await writeMinimalBuild('chartside-suggestions-socket-');
});

afterAll(async () => {
  // Node's fetch (undici) opens a fresh idle connection after an aborted one, which close() would wait out.
  for (const server of servers) server.server.closeAllConnections();
  await Promise.all(servers.map((server) => server.close()));
  await azure.close();
  await ehr.close();
  await rm(distDir, { recursive: true, force: true });
  expect(allShown.length).toBeGreaterThan(0);
  for (const { suggestion, index, context } of allShown) {
    expect(groundSuggestion(suggestion, index, buildFactIndex(context)).ok).toBe(true);
  }
});

beforeEach(() => {
  azure.standIn.reset();
});

/** A listening Chartside server whose model is the Azure stand-in at http://127.0.0.1:<port>/models. */
async function listeningServer(overrides: Partial<ModelConfig> = {}): Promise<string> {
  const model = await createAzureModelClient(
    testModelConfig({ endpoint: `${azure.origin}/models`, allowInsecureConnection: true, ...overrides }),
  );
  const server = await createServer({ trustSandboxEhrs: true, distDir, model, suggestionsPerMinute: 1_000 });
  servers.push(server);
  return server.listen({ host: '127.0.0.1', port: 0 });
}

function postSuggestions(origin: string, context: SampleContext, signal?: AbortSignal): Promise<Response> {
  return fetch(`${origin}/api/suggestions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${session.accessToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ iss: session.fhirBaseUrl, patientId: session.patientId, context }),
    ...(signal ? { signal } : {}),
  });
}

async function ask(origin: string, context: SampleContext = SAMPLE_CONTEXT): Promise<Outcome> {
  const response = await postSuggestions(origin, context);
  const outcome = readOutcome(
    response.status,
    response.headers.get('content-type') ?? undefined,
    await response.text(),
  );
  for (const { index, suggestion } of outcome.shown) allShown.push({ suggestion, index, context });
  return outcome;
}

describe('POST /api/suggestions over real sockets, streamed', () => {
  it.each(SCENARIOS.map((scenario) => [scenario.name, scenario] as const))('%s', async (_name, scenario) => {
    const origin = await listeningServer({ stream: true, ...scenario.config });
    azure.standIn.script(...scenario.replies(true, 'socket'));
    const outcome = await ask(origin, scenario.context);
    expect(outcome.status).toBe(200);
    const requests = azure.standIn.requests();
    for (const request of requests) expectModelRequest(request, true, scenario.context);
    scenario.check(outcome, requests);
  });
});

describe('streaming behaviour only sockets show', () => {
  it('sends each suggestion to the browser as soon as it is grounded, not when the model finishes', async () => {
    const origin = await listeningServer({ timeoutMs: 1_500 });
    const firstOnly = JSON.stringify({ suggestions: [GROUNDED_SUGGESTIONS[0]] }).length - 2;
    azure.standIn.script(suggestionsReply(GROUNDED_SUGGESTIONS, { stallAfterChars: firstOnly + 3 }));
    const started = Date.now();
    const response = await postSuggestions(origin, SAMPLE_CONTEXT);
    expect(response.headers.get('x-accel-buffering')).toBe('no');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const reader = (response.body ?? new ReadableStream<Uint8Array>()).getReader();
    const decoder = new TextDecoder();
    const arrivals: { event: string; atMs: number }[] = [];
    let buffered = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffered += decoder.decode(value, { stream: true });
      for (const match of buffered.matchAll(/^event: (\w+)$/gm))
        arrivals.push({ event: match[1] ?? '', atMs: Date.now() - started });
      buffered = buffered.slice(buffered.lastIndexOf('\n\n') + 2);
    }
    const suggestion = arrivals.find((arrival) => arrival.event === 'suggestion');
    const done = arrivals.find((arrival) => arrival.event === 'done');
    expect(suggestion?.atMs).toBeLessThan(1_000);
    expect(done?.atMs).toBeGreaterThanOrEqual(1_400);
    expect(arrivals.map((arrival) => arrival.event)).toEqual(['model', 'suggestion', 'error', 'done']);
  });

  it('stops the model call when the browser goes away', async () => {
    const origin = await listeningServer({ timeoutMs: 60_000 });
    azure.standIn.script(hangReply());
    const browser = new AbortController();
    const response = postSuggestions(origin, SAMPLE_CONTEXT, browser.signal);
    await expect.poll(() => azure.standIn.requests().length, { timeout: 5_000 }).toBe(1);
    browser.abort();
    await expect(response.then((answer) => answer.text())).rejects.toThrow();
    await expect.poll(() => azure.standIn.requests()[0]?.wasAborted(), { timeout: 5_000 }).toBe(true);
  });
});
