import { describe, expect, it } from 'vitest';
import { buildFactIndex, groundSuggestion } from '../../src/reasoning/grounding.ts';
import { buildSuggestionMessages } from '../../src/reasoning/model-prompt.ts';
import { suggestionResponseFormat } from '../../src/reasoning/suggestion-schema.ts';
import { answerReply, contentFilterErrorReply, rateLimitedReply } from './azure-replies.ts';
import { createAzureStandIn, groundedEchoReply } from './azure-stand-in.ts';
import { SAMPLE_CONTEXT } from './sample-context.ts';

const KEY = 'stand-in-key';
const FOUNDRY = 'https://x.services.ai.azure.com/models/chat/completions?api-version=2024-08-01-preview';
const OPENAI_V1 = 'https://x.openai.azure.com/openai/v1/chat/completions';

function chatRequest(
  url: string,
  body: Record<string, unknown> = {},
  headers: Record<string, string> = { 'api-key': KEY, authorization: `Bearer ${KEY}` },
): Request {
  return new Request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({
      model: 'med',
      messages: buildSuggestionMessages(SAMPLE_CONTEXT),
      response_format: suggestionResponseFormat(),
      ...body,
    }),
  });
}

async function answer(request: Request, standIn = createAzureStandIn({ apiKey: KEY, deployments: ['med'] })) {
  const response = await standIn.handle(request);
  if (!response) throw new Error('not handled');
  return response;
}

describe('the Azure stand-in checks requests as Azure does', () => {
  it('answers only chat completions, on both endpoint forms', async () => {
    const standIn = createAzureStandIn();
    expect(await standIn.handle(new Request('https://x.services.ai.azure.com/models/info'))).toBeUndefined();
    expect(await standIn.handle(new Request('http://127.0.0.1/ehr/sandbox/fhir/metadata'))).toBeUndefined();
    expect((await answer(chatRequest(FOUNDRY), standIn)).status).toBe(200);
    expect((await answer(chatRequest(OPENAI_V1), standIn)).status).toBe(200);
  });

  it.each([
    ['no key', {}],
    ['a wrong api-key', { 'api-key': 'nope' }],
    ['a wrong bearer', { authorization: 'Bearer nope' }],
  ])("401 with Azure's body for %s", async (_label, headers) => {
    const response = await answer(chatRequest(FOUNDRY, {}, headers));
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      error: {
        code: '401',
        message: expect.stringContaining('Access denied due to invalid subscription key') as unknown,
      },
    });
  });

  it('accepts the key as api-key or as a bearer token, and an Entra ID token', async () => {
    const standIn = createAzureStandIn({ apiKey: KEY, entraToken: 'entra' });
    expect((await answer(chatRequest(FOUNDRY, {}, { 'api-key': KEY }), standIn)).status).toBe(200);
    expect((await answer(chatRequest(FOUNDRY, {}, { authorization: `Bearer ${KEY}` }), standIn)).status).toBe(
      200,
    );
    expect((await answer(chatRequest(FOUNDRY, {}, { authorization: 'Bearer entra' }), standIn)).status).toBe(
      200,
    );
  });

  it.each<[string, Request, number, RegExp]>([
    ['no api-version on /models', chatRequest(FOUNDRY.replace(/\?.*$/, '')), 400, /api-version/],
    [
      'json_schema on an old api-version',
      chatRequest(FOUNDRY.replace('2024-08-01', '2024-05-01')),
      400,
      /json_schema is enabled only for api versions 2024-08-01-preview and later/,
    ],
    [
      'a dated api-version on /openai/v1',
      chatRequest(`${OPENAI_V1}?api-version=2024-10-21`),
      400,
      /API version not supported/,
    ],
    ['no model', chatRequest(FOUNDRY, { model: undefined }), 400, /'model' is a required property/],
    [
      'an unknown deployment',
      chatRequest(FOUNDRY, { model: 'gpt-x' }),
      404,
      /deployment for this resource does not exist/,
    ],
    ['no messages', chatRequest(FOUNDRY, { messages: [] }), 400, /'messages' is a required property/],
    [
      'a strict schema with maxLength',
      chatRequest(FOUNDRY, {
        response_format: {
          type: 'json_schema',
          json_schema: {
            name: 's',
            strict: true,
            schema: {
              type: 'object',
              properties: { a: { type: 'string', maxLength: 3 } },
              required: ['a'],
              additionalProperties: false,
            },
          },
        },
      }),
      400,
      /'maxLength' is not permitted/,
    ],
    [
      'a strict schema with an open object',
      chatRequest(FOUNDRY, {
        response_format: {
          type: 'json_schema',
          json_schema: {
            name: 's',
            strict: true,
            schema: { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] },
          },
        },
      }),
      400,
      /'additionalProperties' is required to be supplied and to be false/,
    ],
    [
      'a strict schema with an optional key',
      chatRequest(FOUNDRY, {
        response_format: {
          type: 'json_schema',
          json_schema: {
            name: 's',
            strict: true,
            schema: {
              type: 'object',
              properties: { a: { type: 'string' }, b: { type: 'string' } },
              required: ['a'],
              additionalProperties: false,
            },
          },
        },
      }),
      400,
      /Missing 'b'/,
    ],
  ])('refuses %s', async (_label, request, status, message) => {
    const response = await answer(request);
    expect(response.status).toBe(status);
    expect(JSON.stringify(await response.json())).toMatch(message);
  });

  it("accepts Chartside's own response format and records the request", async () => {
    const standIn = createAzureStandIn({ apiKey: KEY });
    await answer(chatRequest(FOUNDRY), standIn);
    const [recorded] = standIn.requests();
    expect(recorded?.endpointKind).toBe('foundry-models');
    expect(recorded?.headers['api-key']).toBe(KEY);
    expect(recorded?.body).toMatchObject({
      response_format: { type: 'json_schema', json_schema: { strict: true } },
    });
  });
});

describe("the Azure stand-in answers in Azure's shapes", () => {
  it('a whole completion: id, object, created, model, choices, usage', async () => {
    const standIn = createAzureStandIn({ apiKey: KEY });
    standIn.script(answerReply('{"suggestions":[]}'));
    const body: unknown = await (await answer(chatRequest(FOUNDRY), standIn)).json();
    expect(body).toMatchObject({
      id: expect.stringMatching(/^chatcmpl-/) as unknown,
      object: 'chat.completion',
      created: expect.any(Number) as unknown,
      model: 'med',
      choices: [
        { index: 0, message: { role: 'assistant', content: '{"suggestions":[]}' }, finish_reason: 'stop' },
      ],
      usage: {
        prompt_tokens: expect.any(Number) as unknown,
        completion_tokens: expect.any(Number) as unknown,
        total_tokens: expect.any(Number) as unknown,
      },
    });
  });

  it('a stream: a prompt-filter frame, deltas that add up to the content, the finish reason, then [DONE]', async () => {
    const standIn = createAzureStandIn({ apiKey: KEY });
    const content = JSON.stringify({ suggestions: [{ title: 'x' }] });
    standIn.script(answerReply(content, { finishReason: 'content_filter', chunkChars: 4 }));
    const response = await answer(chatRequest(FOUNDRY, { stream: true }), standIn);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const frames = (await response.text())
      .split('\n\n')
      .filter(Boolean)
      .map((frame) => frame.replace(/^data: /, ''));
    expect(frames.at(-1)).toBe('[DONE]');
    const chunks = frames.slice(0, -1).map(
      (frame) =>
        JSON.parse(frame) as {
          object: string;
          choices: { delta: { content?: string }; finish_reason: string | null }[];
        },
    );
    expect(chunks[0]?.choices).toEqual([]);
    expect(chunks.slice(1).every((chunk) => chunk.object === 'chat.completion.chunk')).toBe(true);
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe(content);
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe('content_filter');
  });

  it('plays scripted errors with their headers, in order, then falls back to the grounded echo', async () => {
    const standIn = createAzureStandIn({ apiKey: KEY });
    standIn.script(rateLimitedReply(7), contentFilterErrorReply());
    const limited = await answer(chatRequest(FOUNDRY), standIn);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect(limited.headers.get('retry-after-ms')).toBe('7000');
    const filtered = await answer(chatRequest(FOUNDRY), standIn);
    expect(filtered.status).toBe(400);
    expect(await filtered.json()).toMatchObject({
      error: { code: 'content_filter', innererror: { code: 'ResponsibleAIPolicyViolation' } },
    });
    expect((await answer(chatRequest(FOUNDRY), standIn)).status).toBe(200);
  });
});

describe('groundedEchoReply', () => {
  it('cites the first fact of the context it was sent, and passes grounding', () => {
    const reply = groundedEchoReply({ messages: buildSuggestionMessages(SAMPLE_CONTEXT) });
    if (reply.kind !== 'answer') throw new Error('expected an answer');
    const answerBody = JSON.parse(reply.content) as { suggestions: unknown[] };
    expect(answerBody.suggestions).toHaveLength(1);
    expect(groundSuggestion(answerBody.suggestions[0], 0, buildFactIndex(SAMPLE_CONTEXT))).toMatchObject({
      ok: true,
    });
  });

  it('answers an empty list for a context without facts', () => {
    expect(groundedEchoReply({ messages: [{ role: 'user', content: 'nothing here' }] })).toEqual({
      kind: 'answer',
      content: '{"suggestions":[]}',
    });
  });
});
