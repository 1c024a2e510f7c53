// A reader for `text/event-stream` bodies (WHATWG HTML §9.2 "Server-sent events"), for a POST whose answer is an
// event stream: EventSource can only GET and cannot send the Authorization header. Events are handed out as
// they complete, so suggestions appear one by one while the model is still writing.

export interface ServerSentEvent {
  readonly event: string;
  readonly data: string;
}

/** Feeds text as it arrives and returns the events completed so far; `finish()` returns any last one. */
export interface ServerSentEventParser {
  readonly push: (chunk: string) => ServerSentEvent[];
  readonly finish: () => ServerSentEvent[];
}

export function createServerSentEventParser(): ServerSentEventParser {
  let buffer = '';
  let event = '';
  let data: string[] = [];

  const takeLine = (line: string, out: ServerSentEvent[]): void => {
    if (line === '') {
      if (data.length > 0) out.push({ event: event === '' ? 'message' : event, data: data.join('\n') });
      event = '';
      data = [];
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /u, '');
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
  };

  return {
    push: (chunk) => {
      buffer += chunk;
      const out: ServerSentEvent[] = [];
      let newline = buffer.search(/\r\n|\r|\n/u);
      while (newline !== -1) {
        const line = buffer.slice(0, newline);
        const width = buffer.startsWith('\r\n', newline) ? 2 : 1;
        // A lone '\r' at the end may be the first half of '\r\n': wait for the next chunk.
        if (buffer[newline] === '\r' && newline + 1 === buffer.length) break;
        buffer = buffer.slice(newline + width);
        takeLine(line, out);
        newline = buffer.search(/\r\n|\r|\n/u);
      }
      return out;
    },
    finish: () => {
      const out: ServerSentEvent[] = [];
      if (buffer !== '') takeLine(buffer, out);
      buffer = '';
      takeLine('', out);
      return out;
    },
  };
}

/** The events of a streamed response body, as they complete. */
export async function* readServerSentEvents(
  body: ReadableStream<Uint8Array>,
): AsyncGenerator<ServerSentEvent> {
  const parser = createServerSentEventParser();
  const decoder = new TextDecoder();
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      yield* parser.push(decoder.decode(value, { stream: true }));
    }
    yield* parser.push(decoder.decode());
    yield* parser.finish();
  } finally {
    reader.releaseLock();
  }
}
