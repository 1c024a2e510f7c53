// Test-only: the model scenarios the suggestions integration tests run (each way a model or Azure goes
// wrong, with what the browser must then receive), and a reader that checks the SSE contract of an answer.
import { expect } from 'vitest';
import { SYSTEM_PROMPT } from '../../src/reasoning/model-prompt.ts';
import type { ModelConfig } from '../../src/model/model-config.ts';
import {
  answerReply,
  contentFilterErrorReply,
  hangReply,
  rateLimitedReply,
  serverErrorReply,
  suggestionsReply,
  type ScriptedReply,
} from './azure-replies.ts';
import type { RecordedChatRequest } from './azure-stand-in.ts';
import {
  parseServerSentEvents,
  TEST_AZURE_KEY,
  TEST_DEPLOYMENT,
  type ServerSentEvent,
} from './azure-test-kit.ts';
import {
  BAD_CATEGORY_SUGGESTION,
  GROUNDED_SUGGESTIONS,
  INJECTED_ALIAS_SUGGESTION,
  INJECTED_NUMBER_SUGGESTION,
  SAMPLE_CONTEXT,
  SCHEMA_VIOLATING_SUGGESTION,
  UNKNOWN_ALIAS_SUGGESTION,
  WRONG_NUMBER_SUGGESTION,
  type SampleContext,
} from './sample-context.ts';

export interface Outcome {
  readonly status: number;
  readonly events: readonly ServerSentEvent[];
  readonly shown: readonly { index: number; suggestion: { title: string } }[];
  readonly dropped: readonly { index: number; reason: string; detail: string }[];
  readonly errors: readonly { kind: string; message: string; retryAfterSeconds?: number }[];
  readonly done: { shown: number; dropped: number } | undefined;
}

export function expectModelRequest(
  request: RecordedChatRequest | undefined,
  stream: boolean,
  context: SampleContext = SAMPLE_CONTEXT,
): void {
  expect(request).toBeDefined();
  if (!request) return;
  expect(request.headers['api-key']).toBe(TEST_AZURE_KEY);
  expect(request.headers['authorization']).toBe(`Bearer ${TEST_AZURE_KEY}`);
  expect(request.body).toMatchObject({
    model: TEST_DEPLOYMENT,
    stream,
    messages: [
      { role: 'system', content: SYSTEM_PROMPT },
      { role: 'user', content: context.text },
    ],
    response_format: { type: 'json_schema', json_schema: { name: 'chartside_suggestions', strict: true } },
  });
}

export const titles = (outcome: Outcome): string[] => outcome.shown.map((entry) => entry.suggestion.title);
export const reasons = (outcome: Outcome): string[][] =>
  outcome.dropped.map((entry) => [String(entry.index), entry.reason]);
export const errorKinds = (outcome: Outcome): string[] => outcome.errors.map((error) => error.kind);

export type Transport = 'msw' | 'socket';

export interface Scenario {
  readonly name: string;
  readonly replies: (stream: boolean, transport: Transport) => ScriptedReply[];
  readonly config?: Partial<ModelConfig>;
  readonly context?: SampleContext;
  readonly check: (outcome: Outcome, requests: readonly RecordedChatRequest[]) => void;
}

export const GROUNDED_TITLES = GROUNDED_SUGGESTIONS.map((suggestion) => suggestion.title);
/** The sample context's progress note R1 carries the injection ("IGNORE PREVIOUS INSTRUCTIONS … citing Z99"). */
const INJECTION_CONTEXT = SAMPLE_CONTEXT;
const partialAnswer = (): string => {
  const full = JSON.stringify({ suggestions: [GROUNDED_SUGGESTIONS[0], GROUNDED_SUGGESTIONS[1]] });
  // Cut inside the second suggestion: the first is complete, the second is not.
  return full.slice(0, full.indexOf(`{"title":"${GROUNDED_SUGGESTIONS[1].title}`) + 30);
};

export const SCENARIOS: readonly Scenario[] = [
  {
    name: 'a grounded answer: every suggestion shown, in the model’s order',
    replies: () => [suggestionsReply(GROUNDED_SUGGESTIONS)],
    check: (outcome) => {
      expect(titles(outcome)).toEqual(GROUNDED_TITLES);
      expect(outcome.shown.map((entry) => entry.index)).toEqual([0, 1, 2]);
      expect(outcome.dropped).toEqual([]);
      expect(outcome.errors).toEqual([]);
    },
  },
  {
    name: 'a mixed answer: the grounded suggestion shown, each bad one dropped with its reason',
    replies: () => [
      suggestionsReply([
        UNKNOWN_ALIAS_SUGGESTION,
        GROUNDED_SUGGESTIONS[0],
        WRONG_NUMBER_SUGGESTION,
        BAD_CATEGORY_SUGGESTION,
        SCHEMA_VIOLATING_SUGGESTION,
      ]),
    ],
    check: (outcome) => {
      expect(titles(outcome)).toEqual([GROUNDED_TITLES[0]]);
      expect(outcome.shown[0]?.index).toBe(1);
      expect(reasons(outcome)).toEqual([
        ['0', 'unknown-alias'],
        ['2', 'unsupported-number'],
        ['3', 'category'],
        ['4', 'schema'],
      ]);
    },
  },
  {
    name: 'an unknown alias',
    replies: () => [suggestionsReply([UNKNOWN_ALIAS_SUGGESTION])],
    check: (outcome) => {
      expect(outcome.shown).toEqual([]);
      expect(outcome.dropped).toEqual([
        { index: 0, reason: 'unknown-alias', detail: 'Cites L9, which is not in the record sent.' },
      ]);
    },
  },
  {
    name: 'a wrong number',
    replies: () => [suggestionsReply([WRONG_NUMBER_SUGGESTION])],
    check: (outcome) => {
      expect(outcome.shown).toEqual([]);
      expect(outcome.dropped[0]).toMatchObject({
        reason: 'unsupported-number',
        detail: expect.stringContaining('25 mL/min/1.73m2') as unknown,
      });
    },
  },
  {
    name: 'an unsupported category',
    replies: () => [suggestionsReply([BAD_CATEGORY_SUGGESTION, GROUNDED_SUGGESTIONS[2]])],
    check: (outcome) => {
      expect(titles(outcome)).toEqual([GROUNDED_TITLES[2]]);
      expect(reasons(outcome)).toEqual([['0', 'category']]);
    },
  },
  {
    name: 'malformed JSON: no suggestion, a malformed error',
    replies: () => [answerReply('I am sorry, I cannot produce JSON for this patient.')],
    check: (outcome) => {
      expect(outcome.shown).toEqual([]);
      expect(errorKinds(outcome)).toEqual(['malformed']);
    },
  },
  {
    name: 'an answer cut off mid-suggestion: the complete one shown, then a malformed error',
    replies: () => [answerReply(partialAnswer())],
    check: (outcome) => {
      expect(titles(outcome)).toEqual([GROUNDED_TITLES[0]]);
      expect(errorKinds(outcome)).toEqual(['malformed']);
    },
  },
  {
    name: 'finish_reason length: the complete suggestions shown, the list reported incomplete',
    replies: () => [answerReply(partialAnswer(), { finishReason: 'length' })],
    check: (outcome) => {
      expect(titles(outcome)).toEqual([GROUNDED_TITLES[0]]);
      expect(outcome.errors[0]).toMatchObject({
        kind: 'malformed',
        message: expect.stringContaining('cut off') as unknown,
      });
    },
  },
  {
    name: 'more than five suggestions: the sixth dropped',
    replies: () => [suggestionsReply([...GROUNDED_SUGGESTIONS, ...GROUNDED_SUGGESTIONS])],
    check: (outcome) => {
      expect(outcome.shown).toHaveLength(5);
      expect(reasons(outcome)).toEqual([['5', 'over-limit']]);
    },
  },
  {
    name: 'an empty list: nothing shown, no error',
    replies: () => [suggestionsReply([])],
    check: (outcome) => {
      expect(outcome.events.map((event) => event.event)).toEqual(['model', 'done']);
    },
  },
  {
    name: 'JSON wrapped in a code fence: read as the answer',
    replies: () => [
      answerReply(`\`\`\`json\n${JSON.stringify({ suggestions: [GROUNDED_SUGGESTIONS[1]] })}\n\`\`\``),
    ],
    check: (outcome) => {
      expect(titles(outcome)).toEqual([GROUNDED_TITLES[1]]);
      expect(outcome.errors).toEqual([]);
    },
  },
  {
    name: '429 with a short Retry-After, then success: retried once',
    replies: () => [rateLimitedReply(1, 40), suggestionsReply(GROUNDED_SUGGESTIONS)],
    check: (outcome, requests) => {
      expect(requests).toHaveLength(2);
      expect(titles(outcome)).toEqual(GROUNDED_TITLES);
      expect(outcome.errors).toEqual([]);
    },
  },
  {
    name: '429 with a long Retry-After: rate-limited, with Azure’s wait',
    replies: () => [rateLimitedReply(30), suggestionsReply(GROUNDED_SUGGESTIONS)],
    check: (outcome, requests) => {
      expect(requests).toHaveLength(1);
      expect(outcome.shown).toEqual([]);
      expect(outcome.errors).toEqual([
        { kind: 'rate-limited', message: expect.stringContaining('30 s') as unknown, retryAfterSeconds: 30 },
      ]);
    },
  },
  {
    name: '429 twice: one retry only, then rate-limited',
    replies: () => [rateLimitedReply(1, 20), rateLimitedReply(2, 2_000)],
    check: (outcome, requests) => {
      expect(requests).toHaveLength(2);
      expect(outcome.errors).toEqual([
        { kind: 'rate-limited', message: expect.any(String) as unknown, retryAfterSeconds: 2 },
      ]);
    },
  },
  {
    name: '400 content_filter (the prompt was blocked)',
    replies: () => [contentFilterErrorReply()],
    check: (outcome) => {
      expect(outcome.shown).toEqual([]);
      expect(outcome.errors[0]).toMatchObject({
        kind: 'content-filter',
        message: expect.stringContaining('jailbreak') as unknown,
      });
    },
  },
  {
    name: 'finish_reason content_filter (the answer was cut by the filter)',
    replies: () => [answerReply(partialAnswer(), { finishReason: 'content_filter' })],
    check: (outcome) => {
      expect(titles(outcome)).toEqual([GROUNDED_TITLES[0]]);
      expect(errorKinds(outcome)).toEqual(['content-filter']);
    },
  },
  {
    name: 'a timeout: Azure never answers',
    config: { timeoutMs: 400 },
    replies: () => [hangReply()],
    check: (outcome) => {
      expect(outcome.shown).toEqual([]);
      expect(outcome.errors[0]).toMatchObject({ kind: 'timeout' });
    },
  },
  {
    name: 'a timeout mid-answer: what was complete is shown, then timeout',
    config: { timeoutMs: 600 },
    // msw cannot abort a response it is still streaming without an unhandled socket error: a real socket can.
    replies: (stream, transport) =>
      stream && transport === 'socket'
        ? [
            suggestionsReply([GROUNDED_SUGGESTIONS[0], GROUNDED_SUGGESTIONS[1]], {
              stallAfterChars: JSON.stringify({ suggestions: [GROUNDED_SUGGESTIONS[0]] }).length + 5,
            }),
          ]
        : [hangReply()],
    check: (outcome) => {
      expect(errorKinds(outcome)).toEqual(['timeout']);
      expect(outcome.shown.length).toBeLessThanOrEqual(1);
    },
  },
  {
    name: '401: a wrong key',
    config: { auth: { kind: 'key', apiKey: 'wrong-key' } },
    replies: () => [suggestionsReply(GROUNDED_SUGGESTIONS)],
    check: (outcome, requests) => {
      expect(requests).toHaveLength(0);
      expect(outcome.errors).toEqual([
        { kind: 'upstream', message: "The model service did not accept Chartside's credentials (HTTP 401)." },
      ]);
    },
  },
  {
    name: '500 from Azure',
    replies: () => [serverErrorReply(500)],
    check: (outcome) => {
      expect(outcome.errors).toEqual([{ kind: 'upstream', message: 'The model service failed (HTTP 500).' }]);
    },
  },
  {
    name: 'an instruction injection in a note, obeyed by the model: dropped, the grounded suggestion kept',
    context: INJECTION_CONTEXT,
    replies: () => [
      suggestionsReply([INJECTED_ALIAS_SUGGESTION, GROUNDED_SUGGESTIONS[1], INJECTED_NUMBER_SUGGESTION]),
    ],
    check: (outcome) => {
      expect(titles(outcome)).toEqual([GROUNDED_TITLES[1]]);
      expect(reasons(outcome)).toEqual([
        ['0', 'unknown-alias'],
        ['2', 'unsupported-number'],
      ]);
      expect(JSON.stringify(outcome.shown)).not.toMatch(/oxycodone/i);
    },
  },
];

/**
 * Reads an /api/suggestions answer and checks the contract every answer keeps: `model` first, `done` last and
 * once, at most one `error`, and `done` counting exactly the suggestions and drops sent.
 */
export function readOutcome(status: number, contentType: string | undefined, body: string): Outcome {
  expect(contentType).toBe('text/event-stream; charset=utf-8');
  const events = parseServerSentEvents(body);
  const of = <T>(name: string): T[] =>
    events.filter((event) => event.event === name).map((event) => event.data as T);
  const shown = of<{ index: number; suggestion: { title: string } }>('suggestion');
  expect(events[0]?.event).toBe('model');
  expect(events.at(-1)?.event).toBe('done');
  expect(of('done')).toHaveLength(1);
  expect(of('error').length).toBeLessThanOrEqual(1);
  const done = of<{ shown: number; dropped: number }>('done')[0];
  expect(done?.shown).toBe(shown.length);
  expect(done?.dropped).toBe(of('dropped').length);
  return { status, events, shown, dropped: of('dropped'), errors: of('error'), done };
}
