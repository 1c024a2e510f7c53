import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ChartsideApiError,
  streamSuggestions,
  type ApiCredentials,
  type SuggestionStreamEvent,
} from './chartside-api.ts';

const CREDENTIALS: ApiCredentials = {
  origin: 'https://chartside.example.org',
  iss: 'https://ehr.example.org/fhir',
  patientId: 'pat-1',
  accessToken: () => Promise.resolve('token'),
  idToken: undefined,
};

function answerWith(stream: string): void {
  vi.stubGlobal('fetch', () =>
    Promise.resolve(new Response(stream, { headers: { 'content-type': 'text/event-stream' } })),
  );
}

async function collect(): Promise<SuggestionStreamEvent[]> {
  const events: SuggestionStreamEvent[] = [];
  const stream = streamSuggestions(
    CREDENTIALS,
    { text: 'L1 eGFR 28', aliases: ['L1'] },
    new AbortController().signal,
  );
  for await (const event of stream) events.push(event);
  return events;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('streamSuggestions', () => {
  it('skips an event of a kind it does not know', async () => {
    answerWith(
      'event: ping\ndata: {}\n\nevent: model\ndata: {"state":"off"}\n\nevent: done\ndata: {"shown":0,"dropped":0}\n\n',
    );
    expect(await collect()).toEqual([
      { kind: 'model', state: 'off' },
      { kind: 'done', shown: 0, dropped: 0 },
    ]);
  });

  it('never yields a malformed suggestion: the stream ends with an error that names the problem', async () => {
    answerWith(
      'event: model\ndata: {"state":"on","deployment":"d"}\n\n' +
        'event: suggestion\ndata: {"index":0,"suggestion":{"title":"<b>x</b>","category":"billing"}}\n\n',
    );
    const seen: SuggestionStreamEvent[] = [];
    const run = async (): Promise<void> => {
      const stream = streamSuggestions(
        CREDENTIALS,
        { text: 'L1 eGFR 28', aliases: ['L1'] },
        new AbortController().signal,
      );
      for await (const event of stream) seen.push(event);
    };
    const failure = await run().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(seen).toEqual([{ kind: 'model', state: 'on', deployment: 'd' }]);
    expect(failure).toBeInstanceOf(ChartsideApiError);
    expect(failure).toMatchObject({ code: 'invalid_response' });
    expect(String(failure)).toMatch(/"suggestion" event's suggestion\.category/);
  });
});
