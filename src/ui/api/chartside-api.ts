// The browser's client for Chartside's own backend (src/server): model suggestions as server-sent events, and
// the clinician's feedback. Every call carries the SMART access token (the server checks it with the EHR) and,
// for feedback, the session's id_token (the server takes the clinician from it, never from the body). Answers
// and events are parsed with the schemas the server uses (src/api-contract, zod/mini); what does not match is
// never shown: it becomes a ChartsideApiError that says so.
import { apiErrorBodySchema } from '../../api-contract/api-error-contract.ts';
import {
  decisionsResponseSchema,
  storedDecisionSchema,
  type StoredDecision,
} from '../../api-contract/feedback-contract.ts';
import type { FeedbackEventInput, FeedbackPostBody } from '../../api-contract/feedback-request-contract.ts';
import {
  parseSuggestionEventData,
  quotedFactWireSchema,
  suggestionEventDataSchemas,
  suggestionWireSchema,
  type DropReason,
  type ModelFailureKind,
  type ModelStatus,
  type SuggestionEvent,
  type SuggestionEventName,
  type SuggestionWire,
} from '../../api-contract/suggestions-contract.ts';
import type { SuggestionsRequest } from '../../api-contract/suggestions-request-contract.ts';
import type { ValidationResult } from '../../shared/validation-result.ts';
import { readServerSentEvents } from './server-sent-events.ts';

/** What every call needs: the session's EHR, patient and tokens, and where the backend is. */
export interface ApiCredentials {
  /** The backend's origin (the app's own). */
  readonly origin: string;
  /** The FHIR base URL of the session (SMART `iss`). */
  readonly iss: string;
  readonly patientId: string;
  /** The current access token (refreshed when needed). */
  readonly accessToken: () => Promise<string>;
  readonly idToken: string | undefined;
}

/** The header the backend reads the id_token from (src/server/feedback/feedback-routes.ts). */
const ID_TOKEN_HEADER = 'X-SMART-Id-Token';

export class ChartsideApiError extends Error {
  override readonly name = 'ChartsideApiError';
  /** HTTP status, or undefined when the server could not be reached. */
  readonly status: number | undefined;
  /** The server's `error` code, e.g. `session_not_accepted`, `rate_limited`. */
  readonly code: string;
  readonly retryAfterSeconds: number | undefined;

  constructor(
    init: { message: string; status?: number; code: string; retryAfterSeconds?: number },
    options?: { cause?: unknown },
  ) {
    super(init.message, options);
    this.status = init.status;
    this.code = init.code;
    this.retryAfterSeconds = init.retryAfterSeconds;
  }
}

/** The suggestions stream's events (src/api-contract/suggestions-contract.ts) as the view consumes them. */
export type SuggestionStreamEvent =
  | ({ readonly kind: 'model' } & ModelStatus)
  | { readonly kind: 'suggestion'; readonly index: number; readonly suggestion: SuggestionWire }
  | { readonly kind: 'dropped'; readonly index: number; readonly reason: DropReason }
  | {
      readonly kind: 'error';
      readonly failure: ModelFailureKind;
      readonly message: string;
      readonly retryAfterSeconds: number | undefined;
    }
  | { readonly kind: 'done'; readonly shown: number; readonly dropped: number };

type Json = Record<string, unknown>;

function isJsonObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A quote the browser cannot read is left out rather than losing the suggestion it supports (as this client has
 * always done): the server grounded every quote before sending it.
 */
function withReadableQuotes(suggestion: unknown): unknown {
  if (!isJsonObject(suggestion) || !Array.isArray(suggestion['quotedFacts'])) return suggestion;
  const quotedFacts: unknown[] = suggestion['quotedFacts'];
  return {
    ...suggestion,
    quotedFacts: quotedFacts.filter((quote) => quotedFactWireSchema.safeParse(quote).success),
  };
}

/** A model suggestion as the backend sends it, after its grounding checks; undefined if it is not one. */
export function readModelSuggestion(value: unknown): SuggestionWire | undefined {
  const parsed = suggestionWireSchema.safeParse(withReadableQuotes(value));
  return parsed.success ? parsed.data : undefined;
}

async function headers(credentials: ApiCredentials, withIdToken: boolean): Promise<Record<string, string>> {
  const result: Record<string, string> = { authorization: `Bearer ${await credentials.accessToken()}` };
  if (withIdToken && credentials.idToken !== undefined) result[ID_TOKEN_HEADER] = credentials.idToken;
  return result;
}

async function send(url: URL, init: RequestInit): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch (error) {
    if (init.signal?.aborted === true) throw error;
    throw new ChartsideApiError(
      { message: 'Chartside could not reach its server.', code: 'unreachable' },
      { cause: error },
    );
  }
  if (response.ok) return response;
  let json: unknown;
  try {
    json = await response.json();
  } catch {
    // Not JSON: the status says enough.
  }
  // Anything else (a proxy's error page) gets a message from the status alone.
  const body = apiErrorBodySchema.safeParse(json);
  const { message, error, retryAfterSeconds } = body.success ? body.data : {};
  throw new ChartsideApiError({
    message: message ?? `Chartside's server answered HTTP ${response.status}.`,
    status: response.status,
    code: error ?? `http_${response.status}`,
    ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
  });
}

/**
 * Asks the backend for model suggestions on the compact context and yields its events as they arrive. An event
 * of a kind this app does not know is skipped (a newer server may add some); a known event that does not match
 * the contract ends the stream with a ChartsideApiError naming what is wrong, and is never shown.
 */
export async function* streamSuggestions(
  credentials: ApiCredentials,
  context: { readonly text: string; readonly aliases: readonly string[] },
  signal: AbortSignal,
): AsyncGenerator<SuggestionStreamEvent> {
  const response = await send(new URL('/api/suggestions', credentials.origin), {
    method: 'POST',
    headers: {
      ...(await headers(credentials, false)),
      'content-type': 'application/json',
      accept: 'text/event-stream',
    },
    body: JSON.stringify({
      iss: credentials.iss,
      patientId: credentials.patientId,
      context: { text: context.text, aliases: [...context.aliases] },
    } satisfies SuggestionsRequest),
    signal,
  });
  if (response.body === null)
    throw new ChartsideApiError({ message: 'The suggestions answer was empty.', code: 'empty' });
  for await (const { event, data } of readServerSentEvents(response.body)) {
    if (!isEventName(event)) continue;
    const parsed = checkStreamEvent(event, parseJson(data));
    if (!parsed.ok) {
      throw new ChartsideApiError({
        message: `Chartside's server sent suggestions this app cannot read (${parsed.issues.join('; ')}). Reload Chartside; if this persists, tell IT.`,
        code: 'invalid_response',
      });
    }
    yield parsed.value;
  }
}

function isEventName(name: string): name is SuggestionEventName {
  return Object.hasOwn(suggestionEventDataSchemas, name);
}

/** Data that is not JSON becomes undefined, which no event's schema accepts. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** One received event checked against the contract, as the view consumes it. */
function checkStreamEvent(
  event: SuggestionEventName,
  json: unknown,
): ValidationResult<SuggestionStreamEvent> {
  const data =
    event === 'suggestion' && isJsonObject(json)
      ? { ...json, suggestion: withReadableQuotes(json['suggestion']) }
      : json;
  const parsed = parseSuggestionEventData(event, data);
  return parsed.ok ? { ok: true, value: toStreamEvent(parsed.value) } : parsed;
}

function toStreamEvent(event: SuggestionEvent): SuggestionStreamEvent {
  switch (event.event) {
    case 'model':
      return { kind: 'model', ...event.data };
    case 'suggestion':
      return { kind: 'suggestion', index: event.data.index, suggestion: event.data.suggestion };
    case 'dropped':
      return { kind: 'dropped', index: event.data.index, reason: event.data.reason };
    case 'error':
      return {
        kind: 'error',
        failure: event.data.kind,
        message: event.data.message,
        retryAfterSeconds: event.data.retryAfterSeconds,
      };
    case 'done':
      return { kind: 'done', shown: event.data.shown, dropped: event.data.dropped };
  }
}

/** One event of the suggestions stream, its data already read as JSON, or undefined if it is not one. */
export function readStreamEvent(event: string, json: unknown): SuggestionStreamEvent | undefined {
  if (!isEventName(event)) return undefined;
  const parsed = checkStreamEvent(event, json);
  return parsed.ok ? parsed.value : undefined;
}

/** The clinician's earlier decisions on this patient's suggestions (latest per suggestion). */
export async function fetchDecisions(
  credentials: ApiCredentials,
  signal: AbortSignal,
): Promise<StoredDecision[]> {
  const url = new URL('/api/feedback/decisions', credentials.origin);
  url.search = new URLSearchParams({ iss: credentials.iss, patientId: credentials.patientId }).toString();
  const response = await send(url, {
    headers: { ...(await headers(credentials, true)), accept: 'application/json' },
    signal,
  });
  const body = decisionsResponseSchema.safeParse(await response.json());
  if (!body.success) {
    throw new ChartsideApiError({
      message: 'The saved decisions could not be read.',
      code: 'invalid_response',
    });
  }
  // A decision this app cannot read is left out; the others still apply.
  return body.data.decisions.flatMap((item) => {
    const decision = storedDecisionSchema.safeParse(item);
    return decision.success ? [decision.data] : [];
  });
}

export async function postFeedback(
  credentials: ApiCredentials,
  events: readonly FeedbackEventInput[],
): Promise<void> {
  if (events.length === 0) return;
  await send(new URL('/api/feedback', credentials.origin), {
    method: 'POST',
    headers: { ...(await headers(credentials, true)), 'content-type': 'application/json' },
    body: JSON.stringify({
      iss: credentials.iss,
      patientId: credentials.patientId,
      events,
    } satisfies FeedbackPostBody),
    // A decision made as the clinician closes the app must still arrive.
    keepalive: true,
  });
}
