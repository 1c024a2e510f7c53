// The model's configuration, read from the environment (`AZURE_AI_*`): one place for the backend and the CLI.
// Every problem is reported at once; the API key is never echoed in a message. `.env.example` documents each key.
import { z } from 'zod';
import type { ValidationResult } from '../shared/validation-result.ts';

/** Microsoft Entra ID scope for Azure AI Foundry and Azure OpenAI data-plane calls. */
export const COGNITIVE_SERVICES_SCOPE = 'https://cognitiveservices.azure.com/.default';

/**
 * Structured outputs (`response_format: json_schema`) first shipped in api-version 2024-08-01-preview; an
 * older version answers 400 to every request Chartside makes. Used for `…/models` endpoints; the Azure OpenAI
 * v1 API (`…/openai/v1`) takes no api-version at all.
 */
export const MIN_JSON_SCHEMA_API_VERSION = '2024-08-01-preview';
export const DEFAULT_MODELS_API_VERSION = MIN_JSON_SCHEMA_API_VERSION;

/** Endpoint forms Chartside can call: Azure AI Foundry model inference, or the Azure OpenAI v1 API. */
export type ModelEndpointKind = 'foundry-models' | 'openai-v1';

export interface ModelConfig {
  /** Without a trailing slash: `https://<resource>.services.ai.azure.com/models` or `https://<resource>.openai.azure.com/openai/v1`. */
  readonly endpoint: string;
  readonly endpointKind: ModelEndpointKind;
  /** The deployment (model) name sent as `model`. */
  readonly deployment: string;
  /** '' for the Azure OpenAI v1 API, which rejects none but needs none. */
  readonly apiVersion: string;
  readonly auth: { readonly kind: 'key'; readonly apiKey: string } | { readonly kind: 'entra' };
  /** The whole model call, first byte to last, for one suggestions request. */
  readonly timeoutMs: number;
  /** Stream the answer (`stream: true`) or ask for the whole completion at once. */
  readonly stream: boolean;
  /** Plain http is allowed only to this machine (the local Azure stand-in). */
  readonly allowInsecureConnection: boolean;
}

const modelSchema = z.strictObject({
  endpoint: z.string({ error: 'AZURE_AI_ENDPOINT is required when a model is configured' }),
  deployment: z
    .string({ error: 'AZURE_AI_DEPLOYMENT is required when AZURE_AI_ENDPOINT is set' })
    .trim()
    .min(1, 'AZURE_AI_DEPLOYMENT must not be empty')
    .max(128, 'AZURE_AI_DEPLOYMENT is too long'),
  auth: z.enum(['key', 'entra'], { error: "AZURE_AI_AUTH must be 'key' or 'entra'" }).default('key'),
  apiKey: z.string().optional(),
  apiVersion: z.string().trim().optional(),
  timeoutMs: z.coerce
    .number({ error: 'AZURE_AI_TIMEOUT_MS must be a number' })
    .int('AZURE_AI_TIMEOUT_MS must be a whole number')
    .min(1_000, 'AZURE_AI_TIMEOUT_MS must be between 1000 and 300000')
    .max(300_000, 'AZURE_AI_TIMEOUT_MS must be between 1000 and 300000')
    .default(45_000),
  stream: z
    .enum(['on', 'off'], { error: "AZURE_AI_STREAM must be 'on' or 'off'" })
    .default('on')
    .transform((value) => value === 'on'),
});

/**
 * The model keys `AZURE_AI_*` (no `AZURE_AI_ENDPOINT`: no model, `value` undefined). An empty value counts as
 * unset.
 */
export function parseModelConfig(env: NodeJS.ProcessEnv): ValidationResult<ModelConfig | undefined> {
  const set = (key: string): string | undefined => (env[key] === '' ? undefined : env[key]);
  return parseModelEnv({
    endpoint: set('AZURE_AI_ENDPOINT'),
    deployment: set('AZURE_AI_DEPLOYMENT'),
    auth: set('AZURE_AI_AUTH'),
    apiKey: set('AZURE_AI_API_KEY'),
    apiVersion: set('AZURE_AI_API_VERSION'),
    timeoutMs: set('AZURE_AI_TIMEOUT_MS'),
    stream: set('AZURE_AI_STREAM'),
  });
}

type ModelEnv = Record<
  'endpoint' | 'deployment' | 'auth' | 'apiKey' | 'apiVersion' | 'timeoutMs' | 'stream',
  string | undefined
>;

function parseModelEnv(env: ModelEnv): ValidationResult<ModelConfig | undefined> {
  if (env.endpoint === undefined) {
    const stray = env.deployment !== undefined || env.apiKey !== undefined;
    return stray
      ? {
          ok: false,
          issues: ['AZURE_AI_ENDPOINT is required when AZURE_AI_DEPLOYMENT or AZURE_AI_API_KEY is set'],
        }
      : { ok: true, value: undefined };
  }
  const parsed = modelSchema.safeParse(env);
  const issues: string[] = parsed.success ? [] : parsed.error.issues.map((issue) => issue.message);
  const endpoint = parseEndpoint(env.endpoint);
  if (!endpoint.ok) issues.push(...endpoint.issues);
  if (parsed.success) {
    const { auth, apiKey } = parsed.data;
    if (auth === 'key' && (apiKey === undefined || apiKey.trim() === '')) {
      issues.push("AZURE_AI_API_KEY is required when AZURE_AI_AUTH is 'key' (or set AZURE_AI_AUTH=entra)");
    }
    if (auth === 'entra' && endpoint.ok && endpoint.value.allowInsecureConnection) {
      // Azure's bearer-token policy refuses plain http (it would send the Entra token in clear).
      issues.push('AZURE_AI_AUTH=entra needs an https AZURE_AI_ENDPOINT');
    }
  }
  const apiVersion = endpoint.ok
    ? resolveApiVersion(endpoint.value.kind, parsed.success ? parsed.data.apiVersion : undefined)
    : undefined;
  if (apiVersion !== undefined && !apiVersion.ok) issues.push(...apiVersion.issues);

  if (!parsed.success || !endpoint.ok || apiVersion === undefined || !apiVersion.ok || issues.length > 0) {
    return { ok: false, issues };
  }
  const { deployment, auth, apiKey, timeoutMs, stream } = parsed.data;
  return {
    ok: true,
    value: {
      endpoint: endpoint.value.url,
      endpointKind: endpoint.value.kind,
      deployment,
      apiVersion: apiVersion.value,
      auth: auth === 'key' ? { kind: 'key', apiKey: (apiKey ?? '').trim() } : { kind: 'entra' },
      timeoutMs,
      stream,
      allowInsecureConnection: endpoint.value.allowInsecureConnection,
    },
  };
}

interface ModelEndpoint {
  readonly url: string;
  readonly kind: ModelEndpointKind;
  readonly allowInsecureConnection: boolean;
}

const ENDPOINT_FORMS =
  'https://<resource>.services.ai.azure.com/models or https://<resource>.openai.azure.com/openai/v1';

function parseEndpoint(raw: string): ValidationResult<ModelEndpoint> {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return { ok: false, issues: [`AZURE_AI_ENDPOINT must be a URL such as ${ENDPOINT_FORMS}`] };
  }
  if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
    return {
      ok: false,
      issues: ['AZURE_AI_ENDPOINT must not carry a query string, fragment or credentials'],
    };
  }
  const isLocal = url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLocal)) {
    return {
      ok: false,
      issues: [
        'AZURE_AI_ENDPOINT must use https (plain http only to 127.0.0.1 or localhost, for the stand-in)',
      ],
    };
  }
  const path = url.pathname.replace(/\/+$/, '');
  const kind: ModelEndpointKind | undefined = path.endsWith('/models')
    ? 'foundry-models'
    : path.endsWith('/openai/v1')
      ? 'openai-v1'
      : undefined;
  if (kind === undefined)
    return { ok: false, issues: [`AZURE_AI_ENDPOINT must end in /models or /openai/v1 (${ENDPOINT_FORMS})`] };
  return {
    ok: true,
    value: { url: `${url.origin}${path}`, kind, allowInsecureConnection: url.protocol === 'http:' },
  };
}

function resolveApiVersion(kind: ModelEndpointKind, requested: string | undefined): ValidationResult<string> {
  if (kind === 'openai-v1') {
    return requested === undefined
      ? { ok: true, value: '' }
      : {
          ok: false,
          issues: [
            'AZURE_AI_API_VERSION must be unset for an /openai/v1 endpoint (the v1 API takes no api-version)',
          ],
        };
  }
  const version = requested ?? DEFAULT_MODELS_API_VERSION;
  if (!/^\d{4}-\d{2}-\d{2}(-preview)?$/.test(version)) {
    return { ok: false, issues: ['AZURE_AI_API_VERSION must look like 2024-08-01-preview or 2025-05-01'] };
  }
  if (version.slice(0, 10) < MIN_JSON_SCHEMA_API_VERSION.slice(0, 10)) {
    return {
      ok: false,
      issues: [`AZURE_AI_API_VERSION must be ${MIN_JSON_SCHEMA_API_VERSION} or later (structured outputs)`],
    };
  }
  return { ok: true, value: version };
}
