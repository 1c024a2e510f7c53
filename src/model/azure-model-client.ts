// The ModelClient on Azure AI Foundry / Azure OpenAI, through @azure-rest/ai-inference. The only file that
// knows Azure's wire format: `POST {endpoint}/chat/completions` with a strict json_schema response_format,
// answers streamed as server-sent events (`data: {chunk}` … `data: [DONE]`), and errors mapped to the few
// states the clinician sees (ModelRequestError.kind).
//
// Vendor behaviour handled here (Azure OpenAI REST reference; @azure-rest/ai-inference README):
// - the key goes out both as `api-key` and as `Authorization: Bearer` (the SDK adds both);
// - `status` is a string ('200'); streaming needs `.asNodeStream()` + `createSseStream`, and `[DONE]` is ours
//   to stop on;
// - 429 carries `retry-after` (seconds) and often `retry-after-ms`; the SDK's own retry policy would wait as
//   long as Azure says (minutes, for a quota), so it is switched off and one short wait is allowed here;
// - a prompt the content filter blocks is HTTP 400 with `error.code: "content_filter"` and
//   `innererror.content_filter_result`; an answer it cuts short ends with `finish_reason: "content_filter"`;
// - streams open with a frame whose `choices` is empty (prompt filter results) and may carry more such frames.
import { setTimeout as delay } from 'node:timers/promises';
import createAzureRestClient, {
  isUnexpected,
  type ModelClient as AzureRestClient,
} from '@azure-rest/ai-inference';
import { AzureKeyCredential, type KeyCredential, type TokenCredential } from '@azure/core-auth';
import { createSseStream, type NodeJSReadableStream } from '@azure/core-sse';
import type { ChatMessage } from '../reasoning/model-prompt.ts';
import type { JsonSchemaResponseFormat } from '../reasoning/suggestion-schema.ts';
import { COGNITIVE_SERVICES_SCOPE, type ModelConfig } from './model-config.ts';
import { ModelRequestError, type ModelClient, type ModelEvent } from './model-client.ts';

/** Retry a 429 once if Azure asks for at most this long; otherwise tell the clinician when to try again. */
export const MAX_RETRY_WAIT_MS = 3_000;
/** When a 429 names no wait (Azure normally does). */
const DEFAULT_RETRY_AFTER_MS = 10_000;

export interface AzureModelClientOptions {
  /** Instead of the one the config names (tests; a managed identity chosen by the host). */
  readonly credential?: KeyCredential | TokenCredential;
}

export async function createAzureModelClient(
  config: ModelConfig,
  options: AzureModelClientOptions = {},
): Promise<ModelClient> {
  const credential = options.credential ?? (await credentialFor(config));
  const client = createAzureRestClient(config.endpoint, credential, {
    // '' for /openai/v1: the SDK then appends no api-version (it adds one only when this is non-empty).
    apiVersion: config.apiVersion,
    allowInsecureConnection: config.allowInsecureConnection,
    // Microsoft Entra ID tokens for Foundry and Azure OpenAI are for Cognitive Services, not the SDK's
    // default (https://ml.azure.com/.default, Azure Machine Learning endpoints).
    credentials: { scopes: [COGNITIVE_SERVICES_SCOPE] },
    retryOptions: { maxRetries: 0 },
  });
  return {
    deployment: config.deployment,
    streamSuggestions: (messages, responseFormat, signal) =>
      streamWithTimeout(client, config, messages, responseFormat, signal),
  };
}

async function credentialFor(config: ModelConfig): Promise<KeyCredential | TokenCredential> {
  if (config.auth.kind === 'key') return new AzureKeyCredential(config.auth.apiKey);
  // Loaded only when used: @azure/identity (MSAL) is large, and a key-based deployment never needs it.
  const { DefaultAzureCredential } = await import('@azure/identity');
  return new DefaultAzureCredential();
}

async function* streamWithTimeout(
  client: AzureRestClient,
  config: ModelConfig,
  messages: readonly ChatMessage[],
  responseFormat: JsonSchemaResponseFormat,
  signal: AbortSignal,
): AsyncGenerator<ModelEvent> {
  const timeout = AbortSignal.timeout(config.timeoutMs);
  const combined = AbortSignal.any([signal, timeout]);
  try {
    yield* requestAnswer(client, config, messages, responseFormat, combined);
  } catch (error) {
    if (signal.aborted) throw error;
    if (timeout.aborted) {
      throw new ModelRequestError(
        {
          kind: 'timeout',
          message: `The model did not answer within ${Math.round(config.timeoutMs / 1000)} s.`,
        },
        { cause: error },
      );
    }
    if (error instanceof ModelRequestError) throw error;
    throw new ModelRequestError(
      { kind: 'upstream', message: 'Chartside could not reach the model service.' },
      { cause: error },
    );
  }
}

async function* requestAnswer(
  client: AzureRestClient,
  config: ModelConfig,
  messages: readonly ChatMessage[],
  responseFormat: JsonSchemaResponseFormat,
  signal: AbortSignal,
): AsyncGenerator<ModelEvent> {
  const body = {
    messages: messages.map((message) => ({ role: message.role, content: message.content })),
    model: config.deployment,
    response_format: {
      type: responseFormat.type,
      json_schema: { ...responseFormat.json_schema, schema: { ...responseFormat.json_schema.schema } },
    },
    stream: config.stream,
  };
  for (let attempt = 0; ; attempt += 1) {
    const call = client.path('/chat/completions').post({ body, abortSignal: signal });
    if (config.stream) {
      const response = await call.asNodeStream();
      const status = Number(response.status);
      if (status !== 200) {
        const failure = failureFor(status, response.headers, parseJson(await readText(response.body)));
        if (attempt === 0 && shouldRetry(failure)) {
          await delay(failure.retryAfterMs, undefined, { signal });
          continue;
        }
        throw failure.error;
      }
      if (!isDestroyable(response.body)) {
        throw new ModelRequestError({ kind: 'upstream', message: 'The model service sent an empty stream.' });
      }
      yield* readStream(response.body);
      return;
    }
    const response = await call;
    if (isUnexpected(response)) {
      const failure = failureFor(Number(response.status), response.headers, response.body);
      if (attempt === 0 && shouldRetry(failure)) {
        await delay(failure.retryAfterMs, undefined, { signal });
        continue;
      }
      throw failure.error;
    }
    const choice = response.body.choices[0];
    if (!choice)
      throw new ModelRequestError({ kind: 'malformed', message: 'The model service sent no answer.' });
    const content = choice.message.content;
    if (typeof content === 'string' && content !== '') yield { type: 'delta', text: content };
    yield { type: 'finish', reason: choice.finish_reason ?? 'stop' };
    return;
  }
}

async function* readStream(stream: NodeJSReadableStream): AsyncGenerator<ModelEvent> {
  let finished = false;
  try {
    for await (const event of createSseStream(stream)) {
      if (event.data === '[DONE]') return;
      const chunk = parseJson(event.data);
      if (!isRecord(chunk)) {
        throw new ModelRequestError({
          kind: 'upstream',
          message: 'The model service sent an unreadable stream.',
        });
      }
      if (isRecord(chunk['error'])) throw failureFor(undefined, {}, chunk).error;
      for (const choice of Array.isArray(chunk['choices']) ? chunk['choices'] : []) {
        if (!isRecord(choice) || (choice['index'] ?? 0) !== 0) continue;
        const delta = choice['delta'];
        const content = isRecord(delta) ? delta['content'] : undefined;
        if (typeof content === 'string' && content !== '') yield { type: 'delta', text: content };
        const reason = choice['finish_reason'];
        if (typeof reason === 'string') {
          finished = true;
          yield { type: 'finish', reason };
        }
      }
    }
    if (!finished)
      throw new ModelRequestError({ kind: 'upstream', message: 'The model service ended the stream early.' });
  } finally {
    stream.destroy();
  }
}

interface Failure {
  readonly error: ModelRequestError;
  /** Set for a 429: how long Azure asked us to wait. */
  readonly retryAfterMs: number | undefined;
}

function shouldRetry(failure: Failure): failure is Failure & { retryAfterMs: number } {
  return failure.retryAfterMs !== undefined && failure.retryAfterMs <= MAX_RETRY_WAIT_MS;
}

/** Maps an Azure error answer to what the clinician is told. Azure's own message is never passed on. */
function failureFor(
  status: number | undefined,
  headers: Record<string, string | undefined>,
  body: unknown,
): Failure {
  const error = isRecord(body) && isRecord(body['error']) ? body['error'] : {};
  const code = typeof error['code'] === 'string' ? error['code'] : undefined;
  const inner = isRecord(error['innererror']) ? error['innererror'] : {};
  const fail = (
    init: ConstructorParameters<typeof ModelRequestError>[0],
    retryAfterMs?: number,
  ): Failure => ({
    error: new ModelRequestError({ ...init, ...(status === undefined ? {} : { status }) }),
    retryAfterMs,
  });

  if (status === 429) {
    const waitMs = retryAfterMsFrom(headers) ?? DEFAULT_RETRY_AFTER_MS;
    const seconds = Math.max(1, Math.ceil(waitMs / 1000));
    return fail(
      {
        kind: 'rate-limited',
        message: `The model service is busy (rate limit). Try again in ${seconds} s.`,
        retryAfterSeconds: seconds,
      },
      waitMs,
    );
  }
  if (code === 'content_filter' || inner['code'] === 'ResponsibleAIPolicyViolation') {
    const categories = filteredCategories(inner['content_filter_result']);
    return fail({
      kind: 'content-filter',
      message: `Azure's content filter blocked this request${categories.length > 0 ? ` (${categories.join(', ')})` : ''}; no suggestions were made.`,
    });
  }
  if (status === 408 || status === 504)
    return fail({ kind: 'timeout', message: 'The model service timed out.' });
  if (status === 401 || status === 403) {
    return fail({
      kind: 'upstream',
      message: `The model service did not accept Chartside's credentials (HTTP ${status}).`,
    });
  }
  if (status === 404)
    return fail({ kind: 'upstream', message: 'The model deployment was not found (HTTP 404).' });
  if (status !== undefined && status >= 500)
    return fail({ kind: 'upstream', message: `The model service failed (HTTP ${status}).` });
  return fail({
    kind: 'upstream',
    message: `The model service refused the request (${status === undefined ? 'in the stream' : `HTTP ${status}`}${code === undefined ? '' : `, ${code}`}).`,
  });
}

/** `retry-after-ms` (Azure OpenAI), `x-ms-retry-after-ms`, then `retry-after` in seconds or as an HTTP date. */
export function retryAfterMsFrom(
  headers: Record<string, string | undefined>,
  nowMs = Date.now(),
): number | undefined {
  for (const name of ['retry-after-ms', 'x-ms-retry-after-ms']) {
    const value = Number(headers[name]);
    if (headers[name] !== undefined && Number.isFinite(value) && value >= 0) return value;
  }
  const retryAfter = headers['retry-after'];
  if (retryAfter === undefined) return undefined;
  const seconds = Number(retryAfter);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(retryAfter);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

/** `{ hate: { filtered: true, severity: 'high' }, … }` -> ['hate']. */
function filteredCategories(result: unknown): string[] {
  if (!isRecord(result)) return [];
  return Object.entries(result)
    .filter(([, value]) => isRecord(value) && value['filtered'] === true)
    .map(([name]) => name.replace(/_/g, ' '));
}

async function readText(stream: NodeJS.ReadableStream | undefined): Promise<string> {
  if (!stream) return '';
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

function isDestroyable(stream: NodeJS.ReadableStream | undefined): stream is NodeJSReadableStream {
  return stream !== undefined && 'destroy' in stream && typeof stream.destroy === 'function';
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
