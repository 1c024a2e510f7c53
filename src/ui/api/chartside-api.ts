// The browser's client for Chartside's own backend (src/server): model suggestions as server-sent events, and
// the clinician's feedback. Every call carries the SMART access token (the server checks it with the EHR) and,
// for feedback, the session's id_token (the server takes the clinician from it, never from the body). Answers
// are narrowed by hand at this edge (zod would add to the first download); anything unexpected becomes a
// ChartsideApiError or is skipped.
import type {
  ModelSuggestion,
  SuggestionCategory,
  SuggestionUrgency,
} from '../../reasoning/suggestion-schema.ts';
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

export type SuggestionStreamEvent =
  | { readonly kind: 'model'; readonly state: 'on'; readonly deployment: string }
  | { readonly kind: 'model'; readonly state: 'off' }
  | { readonly kind: 'suggestion'; readonly index: number; readonly suggestion: ModelSuggestion }
  | { readonly kind: 'dropped'; readonly index: number; readonly reason: string }
  | {
      readonly kind: 'error';
      readonly failure: string;
      readonly message: string;
      readonly retryAfterSeconds: number | undefined;
    }
  | { readonly kind: 'done'; readonly shown: number; readonly dropped: number };

type Json = Record<string, unknown>;

function isJsonObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringField(json: Json, key: string): string | undefined {
  const value = json[key];
  return typeof value === 'string' ? value : undefined;
}

function numberField(json: Json, key: string): number | undefined {
  const value = json[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

// Exhaustive by type: a category or urgency added to the schema fails to compile here until it is listed.
const CATEGORIES: Readonly<Record<SuggestionCategory, true>> = {
  'care-gap': true,
  'medication-safety': true,
  'lab-follow-up': true,
  'diagnostic-consideration': true,
};
const URGENCIES: Readonly<Record<SuggestionUrgency, true>> = { routine: true, soon: true, urgent: true };

function isCategory(value: unknown): value is SuggestionCategory {
  return typeof value === 'string' && Object.hasOwn(CATEGORIES, value);
}

function isUrgency(value: unknown): value is SuggestionUrgency {
  return typeof value === 'string' && Object.hasOwn(URGENCIES, value);
}

/**
 * A model suggestion as the backend sends it, after its grounding checks. Checked by hand rather than with the
 * zod schema: the schema module would bring the rest of zod into the first download.
 */
export function readModelSuggestion(value: unknown): ModelSuggestion | undefined {
  if (!isJsonObject(value)) return undefined;
  const { title, category, urgency, rationale, recommendedAction, evidence, quotedFacts } = value;
  if (typeof title !== 'string' || typeof rationale !== 'string' || typeof recommendedAction !== 'string')
    return undefined;
  if (!isCategory(category) || !isUrgency(urgency) || !isStringArray(evidence) || !Array.isArray(quotedFacts))
    return undefined;
  const quotes = quotedFacts.flatMap((quote): ModelSuggestion['quotedFacts'] => {
    if (!isJsonObject(quote)) return [];
    const alias = stringField(quote, 'alias');
    const text = stringField(quote, 'text');
    return alias === undefined || text === undefined ? [] : [{ alias, text }];
  });
  return { title, category, urgency, rationale, recommendedAction, evidence, quotedFacts: quotes };
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
  let body: Json = {};
  try {
    const parsed: unknown = await response.json();
    if (isJsonObject(parsed)) body = parsed;
  } catch {
    // Not JSON: the status says enough.
  }
  const retryAfterSeconds = numberField(body, 'retryAfterSeconds');
  throw new ChartsideApiError({
    message: stringField(body, 'message') ?? `Chartside's server answered HTTP ${response.status}.`,
    status: response.status,
    code: stringField(body, 'error') ?? `http_${response.status}`,
    ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Asks the backend for model suggestions on the compact context and yields its events as they arrive. Events
 * that do not match the contract are skipped (a suggestion is never shown unless it parses).
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
    body: JSON.stringify({ iss: credentials.iss, patientId: credentials.patientId, context }),
    signal,
  });
  if (response.body === null)
    throw new ChartsideApiError({ message: 'The suggestions answer was empty.', code: 'empty' });
  for await (const { event, data } of readServerSentEvents(response.body)) {
    const parsed = readStreamEvent(event, parseJson(data));
    if (parsed !== undefined) yield parsed;
  }
}

/** One event of the suggestions stream (src/server/suggestion-events.ts), or undefined if it is not one. */
export function readStreamEvent(event: string, json: unknown): SuggestionStreamEvent | undefined {
  if (!isJsonObject(json)) return undefined;
  switch (event) {
    case 'model': {
      const deployment = stringField(json, 'deployment');
      if (json['state'] === 'on' && deployment !== undefined)
        return { kind: 'model', state: 'on', deployment };
      return json['state'] === 'off' ? { kind: 'model', state: 'off' } : undefined;
    }
    case 'suggestion': {
      const index = numberField(json, 'index');
      const suggestion = readModelSuggestion(json['suggestion']);
      return index === undefined || suggestion === undefined
        ? undefined
        : { kind: 'suggestion', index, suggestion };
    }
    case 'dropped': {
      const index = numberField(json, 'index');
      const reason = stringField(json, 'reason');
      return index === undefined || reason === undefined ? undefined : { kind: 'dropped', index, reason };
    }
    case 'error': {
      const failure = stringField(json, 'kind');
      const message = stringField(json, 'message');
      return failure === undefined || message === undefined
        ? undefined
        : { kind: 'error', failure, message, retryAfterSeconds: numberField(json, 'retryAfterSeconds') };
    }
    case 'done': {
      const shown = numberField(json, 'shown');
      const dropped = numberField(json, 'dropped');
      return shown === undefined || dropped === undefined ? undefined : { kind: 'done', shown, dropped };
    }
    default:
      return undefined;
  }
}

export const DISMISS_REASONS = ['not-relevant', 'already-addressed', 'incorrect', 'other'] as const;
export type DismissReason = (typeof DISMISS_REASONS)[number];

/** One feedback event as the backend stores it: ids, action and reason — never the suggestion's text. */
export type FeedbackEventInput =
  | {
      readonly suggestionId: string;
      readonly source: 'rules' | 'model';
      readonly action: 'shown' | 'accepted';
    }
  | {
      readonly suggestionId: string;
      readonly source: 'rules' | 'model';
      readonly action: 'dismissed';
      readonly reason: DismissReason;
      readonly reasonText: string | null;
    }
  | {
      readonly suggestionId: string;
      readonly source: 'rules' | 'model';
      readonly action: 'snoozed';
      readonly snoozeUntil: string;
    };

export interface StoredDecision {
  readonly suggestionId: string;
  readonly source: 'rules' | 'model';
  readonly action: 'shown' | 'accepted' | 'dismissed' | 'snoozed';
  readonly reason: DismissReason | null;
  readonly snoozeUntil: string | null;
  readonly recordedAt: string;
}

const ACTIONS: readonly StoredDecision['action'][] = ['shown', 'accepted', 'dismissed', 'snoozed'];

function readDecision(value: unknown): StoredDecision | undefined {
  if (!isJsonObject(value)) return undefined;
  const { suggestionId, source, action, reason, snoozeUntil, recordedAt } = value;
  if (typeof suggestionId !== 'string' || typeof recordedAt !== 'string') return undefined;
  if (source !== 'rules' && source !== 'model') return undefined;
  const knownAction = ACTIONS.find((candidate) => candidate === action);
  const knownReason = reason === null ? null : DISMISS_REASONS.find((candidate) => candidate === reason);
  if (knownAction === undefined || knownReason === undefined) return undefined;
  if (snoozeUntil !== null && typeof snoozeUntil !== 'string') return undefined;
  return { suggestionId, source, action: knownAction, reason: knownReason, snoozeUntil, recordedAt };
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
  const body: unknown = await response.json();
  const list = isJsonObject(body) ? body['decisions'] : undefined;
  if (!Array.isArray(list)) {
    throw new ChartsideApiError({
      message: 'The saved decisions could not be read.',
      code: 'invalid_response',
    });
  }
  return list.flatMap((item) => readDecision(item) ?? []);
}

export async function postFeedback(
  credentials: ApiCredentials,
  events: readonly FeedbackEventInput[],
): Promise<void> {
  if (events.length === 0) return;
  await send(new URL('/api/feedback', credentials.origin), {
    method: 'POST',
    headers: { ...(await headers(credentials, true)), 'content-type': 'application/json' },
    body: JSON.stringify({ iss: credentials.iss, patientId: credentials.patientId, events }),
    // A decision made as the clinician closes the app must still arrive.
    keepalive: true,
  });
}
