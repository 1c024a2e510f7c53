import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../reasoning/model-prompt.ts';
import { suggestionResponseFormat, type JsonSchemaResponseFormat } from '../reasoning/suggestion-schema.ts';
import { ModelRequestError, type ModelClient, type ModelEvent } from './model-client.ts';
import { formatServerSentEvent, type SuggestionEvent } from '../api-contract/suggestions-contract.ts';
import { suggestionEvents } from './suggestion-events.ts';

const CONTEXT = {
  text: 'D1 Patient: 67y female\nL1 eGFR 28 mL/min/1.73m2 -35d\nM1 Metformin 1000 mg; 1 BID\n',
  aliases: ['D1', 'L1', 'M1'],
};
const GOOD = {
  title: 'Metformin with eGFR 28',
  category: 'medication-safety',
  urgency: 'urgent',
  rationale: 'eGFR 28 mL/min/1.73m2 on metformin 1000 mg.',
  recommendedAction: 'Review metformin.',
  evidence: ['L1', 'M1'],
  quotedFacts: [{ alias: 'L1', text: 'eGFR 28' }],
};
const BAD = { ...GOOD, evidence: ['L9'] };

/** A model that answers with these events (or throws `failure` after them), recording what it was asked. */
function fakeModel(events: readonly ModelEvent[], failure?: Error) {
  const calls: { messages: readonly ChatMessage[]; format: JsonSchemaResponseFormat }[] = [];
  const model: ModelClient = {
    deployment: 'fake-deployment',
    async *streamSuggestions(messages, format) {
      calls.push({ messages, format });
      for (const event of events) {
        await Promise.resolve();
        yield event;
      }
      if (failure) throw failure;
    },
  };
  return { model, calls };
}

/** The answer as deltas of `size` characters, then a finish. */
function streamed(answer: unknown, size = 5, reason = 'stop'): ModelEvent[] {
  const text = typeof answer === 'string' ? answer : JSON.stringify(answer);
  const events: ModelEvent[] = [];
  for (let start = 0; start < text.length; start += size)
    events.push({ type: 'delta', text: text.slice(start, start + size) });
  return [...events, { type: 'finish', reason }];
}

async function collect(
  model: ModelClient | undefined,
  signal = new AbortController().signal,
): Promise<SuggestionEvent[]> {
  const events: SuggestionEvent[] = [];
  for await (const event of suggestionEvents(model, CONTEXT, signal)) events.push(event);
  return events;
}

const names = (events: readonly SuggestionEvent[]): string[] => events.map((event) => event.event);

describe('suggestionEvents', () => {
  it('without a model: model off, then done', async () => {
    expect(await collect(undefined)).toEqual([
      { event: 'model', data: { state: 'off' } },
      { event: 'done', data: { shown: 0, dropped: 0 } },
    ]);
  });

  it('asks with the prompt and the strict response format, and streams grounded suggestions in order', async () => {
    const { model, calls } = fakeModel(streamed({ suggestions: [GOOD, BAD, GOOD] }, 3));
    const events = await collect(model);
    expect(events[0]).toEqual({ event: 'model', data: { state: 'on', deployment: 'fake-deployment' } });
    expect(names(events)).toEqual(['model', 'suggestion', 'dropped', 'suggestion', 'done']);
    expect(events[1]).toEqual({ event: 'suggestion', data: { index: 0, suggestion: GOOD } });
    expect(events[2]).toMatchObject({ event: 'dropped', data: { index: 1, reason: 'unknown-alias' } });
    expect(events.at(-1)).toEqual({ event: 'done', data: { shown: 2, dropped: 1 } });
    expect(calls[0]?.messages[1]).toEqual({ role: 'user', content: CONTEXT.text });
    expect(calls[0]?.format).toEqual(suggestionResponseFormat());
  });

  it('judges elements that are not objects in their place', async () => {
    const events = await collect(fakeModel(streamed({ suggestions: ['Stop metformin', GOOD] })).model);
    expect(names(events)).toEqual(['model', 'dropped', 'suggestion', 'done']);
    expect(events[1]).toMatchObject({ data: { index: 0, reason: 'schema' } });
    expect(events[2]).toMatchObject({ data: { index: 1 } });
  });

  it.each<[string, ModelEvent[], string, RegExp]>([
    [
      'a cut-off answer',
      streamed(JSON.stringify({ suggestions: [GOOD, GOOD] }).slice(0, -40)),
      'malformed',
      /not valid JSON/,
    ],
    ['finish_reason length', streamed({ suggestions: [GOOD] }, 5, 'length'), 'malformed', /cut off/],
    [
      'finish_reason content_filter',
      streamed({ suggestions: [GOOD] }, 5, 'content_filter'),
      'content-filter',
      /content filter/,
    ],
    ['no answer at all', [{ type: 'finish', reason: 'stop' }], 'malformed', /no answer/],
  ])('%s: an error event before done', async (_label, modelEvents, kind, message) => {
    const events = await collect(fakeModel(modelEvents).model);
    const error = events.find((event) => event.event === 'error');
    expect(error).toMatchObject({ data: { kind, message: expect.stringMatching(message) as unknown } });
    expect(names(events).slice(-2)).toEqual(['error', 'done']);
  });

  it('passes a ModelRequestError on as its kind, with the wait for a rate limit', async () => {
    const failure = new ModelRequestError({
      kind: 'rate-limited',
      message: 'busy',
      status: 429,
      retryAfterSeconds: 30,
    });
    const events = await collect(fakeModel(streamed({ suggestions: [GOOD] }).slice(0, 2), failure).model);
    expect(events.at(-2)).toEqual({
      event: 'error',
      data: { kind: 'rate-limited', message: 'busy', retryAfterSeconds: 30 },
    });
  });

  it('reports any other failure as upstream without its message', async () => {
    const events = await collect(fakeModel([], new Error('socket hang up at 10.0.0.1 with secret')).model);
    expect(events.at(-2)).toEqual({
      event: 'error',
      data: { kind: 'upstream', message: 'The model call failed unexpectedly.' },
    });
  });

  it('ends quietly, without done, when the caller has gone', async () => {
    const caller = new AbortController();
    caller.abort();
    const events = await collect(fakeModel([], new Error('aborted')).model, caller.signal);
    expect(names(events)).toEqual(['model']);
  });
});

describe('formatServerSentEvent', () => {
  it('writes one event: its name, one line of JSON, a blank line', () => {
    expect(formatServerSentEvent({ event: 'done', data: { shown: 1, dropped: 2 } })).toBe(
      'event: done\ndata: {"shown":1,"dropped":2}\n\n',
    );
  });

  it('keeps line breaks in text inside the JSON line', () => {
    const text = formatServerSentEvent({ event: 'error', data: { kind: 'upstream', message: 'a\nb' } });
    expect(text.split('\n')).toHaveLength(4);
  });
});
