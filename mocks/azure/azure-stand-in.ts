// The Azure stand-in: one fetch-style handler (Request -> Response) that answers chat completions the way
// Azure AI Foundry (`…/models/chat/completions?api-version=…`) and the Azure OpenAI v1 API
// (`…/openai/v1/chat/completions`) do. Mounted as msw handlers in tests (azure-msw-handlers.ts), on a real
// socket (serve-azure-stand-in.ts) and, in sandbox mode, inside the Chartside server, like the EHR stand-in.
//
// It checks what Azure checks before answering — the key (`api-key` or `Authorization: Bearer`), the
// api-version, the deployment, and that a strict json_schema response_format is one Azure accepts — and
// then plays the next scripted reply (azure-replies.ts), or, with none queued, a small grounded answer built
// from the context it was sent.
import { UNFILTERED_RESULTS, unauthorizedReply, type ScriptedReply } from './azure-replies.ts';

/** Where the Chartside server mounts the stand-in in sandbox mode. */
export const AZURE_STAND_IN_PATH = '/azure-stand-in';

const MIN_JSON_SCHEMA_API_VERSION = '2024-08-01';

export interface AzureStandInOptions {
  /** The key a request must carry; any non-empty key when unset (the sandbox demo). */
  readonly apiKey?: string;
  /** A Microsoft Entra ID access token the stand-in accepts as `Authorization: Bearer`. */
  readonly entraToken?: string;
  /** Deployment names that exist; any when unset. */
  readonly deployments?: readonly string[];
}

export interface RecordedChatRequest {
  readonly url: string;
  readonly endpointKind: 'foundry-models' | 'openai-v1';
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
  /** Whether the client has gone away (its request was aborted) by now. */
  readonly wasAborted: () => boolean;
}

export interface AzureStandIn {
  /** Answers a chat completions request, or undefined for any other URL. */
  readonly handle: (request: Request) => Promise<Response | undefined>;
  /** Queues replies, one per request, in order. */
  readonly script: (...replies: ScriptedReply[]) => void;
  /** Every chat completions request received (after the auth check), in order. */
  readonly requests: () => readonly RecordedChatRequest[];
  /** Clears the queue and the recorded requests. */
  readonly reset: () => void;
}

export function createAzureStandIn(options: AzureStandInOptions = {}): AzureStandIn {
  const queue: ScriptedReply[] = [];
  const recorded: RecordedChatRequest[] = [];

  async function handle(request: Request): Promise<Response | undefined> {
    const url = new URL(request.url);
    const endpointKind = url.pathname.endsWith('/models/chat/completions')
      ? 'foundry-models'
      : url.pathname.endsWith('/openai/v1/chat/completions')
        ? 'openai-v1'
        : undefined;
    if (endpointKind === undefined) return undefined;
    if (request.method !== 'POST') return azureError(405, 'MethodNotAllowed', 'Only POST is supported.');
    if (!isAuthorized(request.headers, options)) return playReply(request, unauthorizedReply(), false);

    const headers = Object.fromEntries(request.headers);
    let body: unknown;
    try {
      body = await request.json();
    } catch {
      return azureError(400, 'BadRequest', 'The request body is not valid JSON.');
    }
    recorded.push({
      url: request.url,
      endpointKind,
      headers,
      body,
      wasAborted: () => request.signal.aborted,
    });

    const apiVersion = url.searchParams.get('api-version');
    if (endpointKind === 'foundry-models' && apiVersion === null) {
      return azureError(400, 'BadRequest', 'Missing required query parameter: api-version');
    }
    if (
      endpointKind === 'openai-v1' &&
      apiVersion !== null &&
      apiVersion !== 'preview' &&
      apiVersion !== 'latest'
    ) {
      return azureError(400, 'BadRequest', `API version not supported: ${apiVersion}`);
    }
    const problem = requestProblem(body, apiVersion, options);
    if (problem) return problem;

    const reply = queue.shift() ?? groundedEchoReply(body);
    return playReply(request, reply, isRecord(body) && body['stream'] === true, modelName(body));
  }

  return {
    handle,
    script: (...replies) => {
      queue.push(...replies);
    },
    requests: () => [...recorded],
    reset: () => {
      queue.length = 0;
      recorded.length = 0;
    },
  };
}

function isAuthorized(headers: Headers, options: AzureStandInOptions): boolean {
  const key = headers.get('api-key');
  const bearer = /^Bearer (.+)$/.exec(headers.get('authorization') ?? '')?.[1];
  if (options.entraToken !== undefined && bearer === options.entraToken) return true;
  if (options.apiKey === undefined) return (key ?? bearer ?? '') !== '';
  return key === options.apiKey || (key === null && bearer === options.apiKey);
}

/** What Azure rejects before the model runs: a missing model, an unknown deployment, a schema strict mode refuses. */
function requestProblem(
  body: unknown,
  apiVersion: string | null,
  options: AzureStandInOptions,
): Response | undefined {
  if (!isRecord(body) || !Array.isArray(body['messages']) || body['messages'].length === 0) {
    return azureError(400, 'BadRequest', "'messages' is a required property");
  }
  const model = body['model'];
  if (typeof model !== 'string' || model === '')
    return azureError(400, 'BadRequest', "'model' is a required property");
  if (options.deployments !== undefined && !options.deployments.includes(model)) {
    return azureError(
      404,
      'DeploymentNotFound',
      'The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.',
    );
  }
  const format = body['response_format'];
  if (!isRecord(format) || format['type'] !== 'json_schema') return undefined;
  if (apiVersion !== null && apiVersion.slice(0, 10) < MIN_JSON_SCHEMA_API_VERSION) {
    return azureError(
      400,
      'BadRequest',
      'response_format value as json_schema is enabled only for api versions 2024-08-01-preview and later',
    );
  }
  const definition = format['json_schema'];
  if (
    !isRecord(definition) ||
    typeof definition['name'] !== 'string' ||
    !/^[A-Za-z0-9_-]{1,64}$/.test(definition['name'])
  ) {
    return invalidSchema('json_schema.name must be 1-64 characters of a-z, A-Z, 0-9, _ and -');
  }
  if (definition['strict'] === true) {
    const schemaProblem = strictSchemaProblem(definition['schema'], []);
    if (schemaProblem)
      return invalidSchema(`Invalid schema for response_format '${definition['name']}': ${schemaProblem}`);
  }
  return undefined;
}

/** The rules of Azure OpenAI structured outputs in strict mode (closed objects, all keys required, no limits). */
const UNSUPPORTED_KEYWORDS = [
  'minLength',
  'maxLength',
  'pattern',
  'format',
  'minimum',
  'maximum',
  'minItems',
  'maxItems',
  '$schema',
];

function strictSchemaProblem(schema: unknown, path: readonly string[]): string | undefined {
  if (!isRecord(schema)) return `In context=(${path.join(', ')}), schema must be an object.`;
  for (const keyword of UNSUPPORTED_KEYWORDS) {
    if (keyword in schema) return `In context=(${path.join(', ')}), '${keyword}' is not permitted.`;
  }
  const types = Array.isArray(schema['type']) ? schema['type'] : [schema['type']];
  if (types.includes('object')) {
    const properties = isRecord(schema['properties']) ? schema['properties'] : {};
    if (schema['additionalProperties'] !== false) {
      return `In context=(${path.join(', ')}), 'additionalProperties' is required to be supplied and to be false.`;
    }
    const required = Array.isArray(schema['required']) ? schema['required'] : [];
    const missing = Object.keys(properties).filter((key) => !required.includes(key));
    if (missing.length > 0) {
      return `In context=(${path.join(', ')}), 'required' is required to be supplied and to be an array including every key in properties. Missing '${missing[0] ?? ''}'.`;
    }
    for (const [key, child] of Object.entries(properties)) {
      const problem = strictSchemaProblem(child, [...path, 'properties', key]);
      if (problem) return problem;
    }
  }
  if (types.includes('array')) return strictSchemaProblem(schema['items'], [...path, 'items']);
  return undefined;
}

async function playReply(
  request: Request,
  reply: ScriptedReply,
  stream: boolean,
  model = 'stand-in',
): Promise<Response> {
  switch (reply.kind) {
    case 'error':
      return Response.json(reply.body, { status: reply.status, headers: reply.headers ?? {} });
    case 'hang':
      await untilAborted(request.signal);
      return azureError(408, 'Timeout', 'The operation was timeout.');
    case 'answer':
      return stream ? streamedCompletion(reply, model, request.signal) : completion(reply, model);
  }
}

function completion(reply: Extract<ScriptedReply, { kind: 'answer' }>, model: string): Response {
  const finishReason = reply.finishReason ?? 'stop';
  return Response.json({
    id: completionId(),
    object: 'chat.completion',
    created: CREATED,
    model,
    system_fingerprint: 'fp_standin',
    prompt_filter_results: [{ prompt_index: 0, content_filter_results: UNFILTERED_RESULTS }],
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: reply.content, refusal: null },
        finish_reason: finishReason,
        logprobs: null,
        content_filter_results: filterResults(finishReason),
      },
    ],
    usage: {
      prompt_tokens: 1_200,
      completion_tokens: Math.ceil(reply.content.length / 4),
      total_tokens: 1_200 + Math.ceil(reply.content.length / 4),
    },
  });
}

/**
 * `data: {chunk}` frames as Azure streams them: the prompt-filter frame with empty `choices`, a role frame,
 * content frames, a frame with the finish_reason, then `data: [DONE]`.
 */
function streamedCompletion(
  reply: Extract<ScriptedReply, { kind: 'answer' }>,
  model: string,
  signal: AbortSignal,
): Response {
  const id = completionId();
  const finishReason = reply.finishReason ?? 'stop';
  const chunk = (choice: Record<string, unknown>): string =>
    JSON.stringify({
      id,
      object: 'chat.completion.chunk',
      created: CREATED,
      model,
      system_fingerprint: 'fp_standin',
      choices: [{ index: 0, logprobs: null, ...choice }],
    });
  const content =
    reply.stallAfterChars === undefined ? reply.content : reply.content.slice(0, reply.stallAfterChars);
  const size = Math.max(1, reply.chunkChars ?? 7);
  const frames = [
    JSON.stringify({
      choices: [],
      created: 0,
      id: '',
      model: '',
      object: '',
      prompt_filter_results: [{ prompt_index: 0, content_filter_results: UNFILTERED_RESULTS }],
    }),
    chunk({ delta: { role: 'assistant', content: '' }, finish_reason: null, content_filter_results: {} }),
  ];
  for (let start = 0; start < content.length; start += size) {
    frames.push(
      chunk({
        delta: { content: content.slice(start, start + size) },
        finish_reason: null,
        content_filter_results: UNFILTERED_RESULTS,
      }),
    );
  }
  const stalls = reply.stallAfterChars !== undefined;
  if (!stalls)
    frames.push(
      chunk({ delta: {}, finish_reason: finishReason, content_filter_results: filterResults(finishReason) }),
      '[DONE]',
    );

  const encoder = new TextEncoder();
  let next = 0;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const frame = frames[next];
      next += 1;
      if (frame !== undefined) {
        controller.enqueue(encoder.encode(`data: ${frame}\n\n`));
        return;
      }
      if (stalls) await untilAborted(signal);
      controller.close();
    },
  });
  return new Response(body, {
    status: 200,
    headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' },
  });
}

function filterResults(finishReason: string): Record<string, unknown> {
  return finishReason === 'content_filter'
    ? { ...UNFILTERED_RESULTS, violence: { filtered: true, severity: 'medium' } }
    : UNFILTERED_RESULTS;
}

/** Resolves when the signal aborts, or after ten minutes at the latest so a forgotten request cannot pin a test. */
function untilAborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) {
      resolve();
      return;
    }
    const timer = setTimeout(resolve, 600_000);
    if (typeof timer === 'object' && 'unref' in timer) timer.unref();
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/**
 * With no scripted reply: one suggestion that cites the first fact of the context and quotes it, states no
 * number, and says plainly that it comes from a stand-in. It always passes grounding, so the sandbox demo
 * shows the whole path.
 */
export function groundedEchoReply(body: unknown): ScriptedReply {
  const context = userMessage(body);
  const first = /^\s*([A-Za-z]{1,4}\d{1,6})\b[ \t:]*(.*)$/m.exec(context);
  if (!first) return { kind: 'answer', content: JSON.stringify({ suggestions: [] }) };
  const alias = first[1] ?? '';
  const line = first[0].trim();
  const quote = line.length <= 300 ? line : line.slice(0, 300).replace(/\s+\S*$/, '');
  return {
    kind: 'answer',
    content: JSON.stringify({
      suggestions: [
        {
          title: 'Stand-in model: review the first fact in the record',
          category: 'diagnostic-consideration',
          urgency: 'routine',
          rationale:
            'This answer comes from the local Azure stand-in, not a medical model. It cites the first fact it was sent so the whole path can be seen.',
          recommendedAction: 'Nothing to do: configure a real model deployment to get suggestions.',
          evidence: [alias],
          quotedFacts: [{ alias, text: quote }],
        },
      ],
    }),
  };
}

function userMessage(body: unknown): string {
  if (!isRecord(body) || !Array.isArray(body['messages'])) return '';
  const messages: unknown[] = body['messages'];
  const user = messages.find((message) => isRecord(message) && message['role'] === 'user');
  return isRecord(user) && typeof user['content'] === 'string' ? user['content'] : '';
}

function modelName(body: unknown): string {
  return isRecord(body) && typeof body['model'] === 'string' ? body['model'] : 'stand-in';
}

function azureError(status: number, code: string, message: string): Response {
  return Response.json({ error: { code, message } }, { status });
}

function invalidSchema(message: string): Response {
  return Response.json(
    { error: { message, type: 'invalid_request_error', param: 'response_format', code: null } },
    { status: 400 },
  );
}

/** A fixed creation time: the stand-in's answers are the same on every run. */
const CREATED = 1_732_540_800;
let completionCounter = 0;

function completionId(): string {
  completionCounter += 1;
  return `chatcmpl-standin${String(completionCounter).padStart(6, '0')}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
