// The answers of POST /api/suggestions and GET /api/model (the request body: suggestions-request-contract.ts).
// POST /api/suggestions answers with a text/event-stream whose events, in order, are:
//
//   event: model       {"state":"on","deployment":"<name>"}  or  {"state":"off"}       always first
//   event: suggestion  {"index":<n>,"suggestion":{…Suggestion}}                      each grounded one
//   event: dropped     {"index":<n>,"reason":"<DropReason>","detail":"<text>"}         each rejected one
//   event: error       {"kind":"<ModelFailureKind>","message":"<text>",
//                       "retryAfterSeconds":<n, rate-limited only>}                    at most one
//   event: done        {"shown":<n>,"dropped":<n>}                                      always last
//
// `index` is the suggestion's position in the model's answer (0-based), so the UI can keep the model's ranking.
import type { ValidationResult } from '../shared/validation-result.ts';
import { z } from '../shared/zod-mini.ts';

/** An alias as the context writes it: a few letters and digits (`L12`, `M3`, `P2`). */
export const ALIAS_PATTERN = /^[A-Za-z]{1,4}\d{1,6}$/;

/** GET /api/model, and the data of the `model` event. One-value enums rather than literals: see `count`. */
export const modelStatusSchema = z.union([
  z.object({ state: z.enum(['on']), deployment: z.string() }),
  z.object({ state: z.enum(['off']) }),
]);

export type ModelStatus = z.infer<typeof modelStatusSchema>;

export const SUGGESTION_CATEGORIES = [
  'care-gap',
  'medication-safety',
  'lab-follow-up',
  'diagnostic-consideration',
] as const;
export type SuggestionCategory = (typeof SUGGESTION_CATEGORIES)[number];

export const SUGGESTION_URGENCIES = ['routine', 'soon', 'urgent'] as const;
export type SuggestionUrgency = (typeof SUGGESTION_URGENCIES)[number];

/** Why the server withheld a model suggestion (src/reasoning/grounding.ts). */
export const DROP_REASONS = [
  'schema',
  'category',
  'no-evidence',
  'unknown-alias',
  'unsupported-quote',
  'unsupported-number',
  'over-limit',
] as const;
export type DropReason = (typeof DROP_REASONS)[number];

/** How a model call failed, in the words the browser shows (the `error` event's `kind`). */
export const MODEL_FAILURE_KINDS = [
  'rate-limited',
  'timeout',
  'content-filter',
  'upstream',
  'malformed',
] as const;
export type ModelFailureKind = (typeof MODEL_FAILURE_KINDS)[number];

export const quotedFactWireSchema = z.object({ alias: z.string(), text: z.string() });

/**
 * A suggestion as the server sends it, after the model schema (src/reasoning/suggestion-schema.ts, with the
 * length limits and the descriptions Azure is given) and grounding. Only its shape is checked here: the server
 * already checked the rest, and the browser must not pull in the full zod the model schema is written with.
 */
export const suggestionWireSchema = z.object({
  title: z.string(),
  category: z.enum(SUGGESTION_CATEGORIES),
  urgency: z.enum(SUGGESTION_URGENCIES),
  rationale: z.string(),
  recommendedAction: z.string(),
  evidence: z.array(z.string()),
  quotedFacts: z.array(quotedFactWireSchema),
});

export type SuggestionWire = z.infer<typeof suggestionWireSchema>;

// Plain numbers, not z.int() with bounds: these schemas are in the browser, and each zod feature they use joins
// the zod/mini code on the launch path (the smart-client chunk); the server writes these counts itself.
const count = z.number();

/** Each event's data, by event name. */
export const suggestionEventDataSchemas = {
  model: modelStatusSchema,
  suggestion: z.object({ index: count, suggestion: suggestionWireSchema }),
  dropped: z.object({ index: count, reason: z.enum(DROP_REASONS), detail: z.string() }),
  error: z.object({
    kind: z.enum(MODEL_FAILURE_KINDS),
    message: z.string(),
    retryAfterSeconds: z.optional(z.number()),
  }),
  done: z.object({ shown: count, dropped: count }),
} as const;

type EventDataSchemas = typeof suggestionEventDataSchemas;
export type SuggestionEventName = keyof EventDataSchemas;

/** One event of the stream: its name and its data. */
export type SuggestionEvent = {
  [Name in SuggestionEventName]: { readonly event: Name; readonly data: z.infer<EventDataSchemas[Name]> };
}[SuggestionEventName];

export type SuggestionEventData<Name extends SuggestionEventName> = z.infer<EventDataSchemas[Name]>;

function isEventName(name: string): name is SuggestionEventName {
  return Object.hasOwn(suggestionEventDataSchemas, name);
}

/** One received event, checked: its data is JSON text, as a `data:` line carries it. */
export function parseSuggestionEvent(name: string, dataText: string): ValidationResult<SuggestionEvent> {
  if (!isEventName(name))
    return { ok: false, issues: [`"${name}" is not an event of the suggestions stream.`] };
  let json: unknown;
  try {
    json = JSON.parse(dataText);
  } catch {
    return { ok: false, issues: [`The data of the "${name}" event is not JSON.`] };
  }
  return parseSuggestionEventData(name, json);
}

/** An event's data, already read as JSON, checked against its event's schema. */
export function parseSuggestionEventData(
  name: SuggestionEventName,
  json: unknown,
): ValidationResult<SuggestionEvent> {
  // One case per event, so each result pairs the event's name with its own data type.
  const schemas = suggestionEventDataSchemas;
  switch (name) {
    case 'model': {
      const result = schemas.model.safeParse(json);
      return result.success
        ? { ok: true, value: { event: name, data: result.data } }
        : rejected(name, result.error);
    }
    case 'suggestion': {
      const result = schemas.suggestion.safeParse(json);
      return result.success
        ? { ok: true, value: { event: name, data: result.data } }
        : rejected(name, result.error);
    }
    case 'dropped': {
      const result = schemas.dropped.safeParse(json);
      return result.success
        ? { ok: true, value: { event: name, data: result.data } }
        : rejected(name, result.error);
    }
    case 'error': {
      const result = schemas.error.safeParse(json);
      return result.success
        ? { ok: true, value: { event: name, data: result.data } }
        : rejected(name, result.error);
    }
    case 'done': {
      const result = schemas.done.safeParse(json);
      return result.success
        ? { ok: true, value: { event: name, data: result.data } }
        : rejected(name, result.error);
    }
  }
}

function rejected(name: SuggestionEventName, error: z.core.$ZodError): { ok: false; issues: string[] } {
  return {
    ok: false,
    issues: error.issues.map((issue) => `The "${name}" event's ${describeIssue(issue, [])}`),
  };
}

/** `path: message`; for data that matches no form of a union (the model status), what each form lacked. */
function describeIssue(issue: z.core.$ZodIssue, parentPath: readonly PropertyKey[]): string {
  const path = [...parentPath, ...issue.path];
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    return issue.errors
      .map((branch) => branch.map((inner) => describeIssue(inner, path)).join(', '))
      .join('; or ');
  }
  return `${path.map(String).join('.') || 'data'}: ${issue.message}`;
}

/** One event in the text/event-stream format (data is one line of JSON: JSON never contains a raw newline). */
export function formatServerSentEvent(event: SuggestionEvent): string {
  return `event: ${event.event}\ndata: ${JSON.stringify(event.data)}\n\n`;
}
