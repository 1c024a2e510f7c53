import { describe, expect, it } from 'vitest';
import { createServerSentEventParser, readServerSentEvents } from './server-sent-events.ts';

function streamOf(chunks: readonly string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
}

describe('createServerSentEventParser', () => {
  it('hands out each event as soon as its blank line arrives, across any chunk boundary', () => {
    const parser = createServerSentEventParser();
    expect(parser.push('event: model\ndata: {"state":')).toEqual([]);
    expect(parser.push('"off"}\n')).toEqual([]);
    expect(parser.push('\nevent: done\n')).toEqual([{ event: 'model', data: '{"state":"off"}' }]);
    expect(parser.push('data: {}\n\n')).toEqual([{ event: 'done', data: '{}' }]);
    expect(parser.finish()).toEqual([]);
  });

  it.each([
    ['LF', '\n'],
    ['CRLF', '\r\n'],
    ['CR', '\r'],
  ])('reads %s line ends, joins multi-line data and skips comments', (_label, end) => {
    const parser = createServerSentEventParser();
    const text = [': keep-alive', 'event: suggestion', 'data: line one', 'data: line two', '', ''].join(end);
    // Fed one character at a time, so a CRLF can be split between chunks.
    const events = Array.from({ length: text.length }, (_, index) => text.charAt(index)).flatMap((char) =>
      parser.push(char),
    );
    expect([...events, ...parser.finish()]).toEqual([{ event: 'suggestion', data: 'line one\nline two' }]);
  });

  it('names an event without an event field "message" and ends an unterminated one at finish', () => {
    const parser = createServerSentEventParser();
    expect(parser.push('data: x')).toEqual([]);
    expect(parser.finish()).toEqual([{ event: 'message', data: 'x' }]);
  });
});

describe('readServerSentEvents', () => {
  it('decodes UTF-8 split between chunks', async () => {
    const bytes = new TextEncoder().encode('event: suggestion\ndata: {"title":"Créatinine élevée"}\n\n');
    const split = bytes.indexOf(0xc3) + 1;
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.slice(0, split));
        controller.enqueue(bytes.slice(split));
        controller.close();
      },
    });
    const events = [];
    for await (const event of readServerSentEvents(stream)) events.push(event);
    expect(events).toEqual([{ event: 'suggestion', data: '{"title":"Créatinine élevée"}' }]);
  });

  it('reads a whole stream', async () => {
    const events = [];
    for await (const event of readServerSentEvents(
      streamOf(['event: a\ndata: 1\n\nevent: b\n', 'data: 2\n\n']),
    ))
      events.push(event);
    expect(events.map((event) => event.event)).toEqual(['a', 'b']);
  });
});
