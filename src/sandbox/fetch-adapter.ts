// The one adapter between Node's HTTP servers and the stand-ins' fetch-style handlers
// (`(request: Request) => Promise<Response | undefined>`): a request in as a WHATWG Request, the Response back
// out. Fastify (the sandbox server) and plain node:http (the bench's and tests' socket servers) share it, so
// headers, cookies, bodies and hang-ups are carried the same way wherever a stand-in runs.
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Headers that describe one hop (the connection to us), not the content: each side sets its own. */
const HOP_BY_HOP_HEADERS = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-length',
  'upgrade',
]);

export interface FetchRequestParts {
  readonly method: string;
  /** Absolute URL. */
  readonly url: string | URL;
  readonly headers: IncomingHttpHeaders;
  /** Ignored for GET and HEAD, which have no body. */
  readonly body?: Uint8Array;
  /** Aborted when the client hangs up, so a streaming handler stops. */
  readonly signal?: AbortSignal;
}

export function toFetchRequest(parts: FetchRequestParts): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(parts.headers)) {
    if (value === undefined || HOP_BY_HOP_HEADERS.has(name)) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  const hasBody = parts.method !== 'GET' && parts.method !== 'HEAD' && parts.body !== undefined;
  return new Request(parts.url, {
    method: parts.method,
    headers,
    // A copy on an ArrayBuffer of its own: a Buffer may be a view into Node's shared pool.
    ...(hasBody ? { body: new Uint8Array(parts.body) } : {}),
    ...(parts.signal ? { signal: parts.signal } : {}),
  });
}

/**
 * A Response's headers for Node, hop-by-hop ones left out. Headers joins repeated values with ", ", which is
 * wrong for Set-Cookie: each cookie is sent on its own.
 */
export function toNodeHeaders(headers: Headers): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  headers.forEach((value, name) => {
    if (name !== 'set-cookie' && !HOP_BY_HOP_HEADERS.has(name)) out[name] = value;
  });
  const cookies = headers.getSetCookie();
  if (cookies.length > 0) out['set-cookie'] = cookies;
  return out;
}

/** An AbortSignal that fires when the client hangs up before the response is finished. */
export function hangUpSignal(outgoing: ServerResponse): AbortSignal {
  const aborted = new AbortController();
  outgoing.on('close', () => {
    if (!outgoing.writableFinished) aborted.abort();
  });
  return aborted.signal;
}

// ——— Fastify ———

export type FetchHandler = (request: Request) => Promise<Response | undefined>;

export interface FetchRouteOptions {
  /**
   * Pass the body on frame by frame as the handler produces it (streamed model answers) instead of reading it
   * whole first (which lets HEAD and empty bodies be answered with no body).
   */
  readonly stream?: boolean;
}

/**
 * Every method on `paths` goes to `handle`; what it leaves unanswered (undefined) gets Fastify's 404. Bodies
 * stay raw (form-encoded token requests, JSON fault settings) so the handler parses them exactly as under msw;
 * call it in a scope of its own, as the raw parser replaces the scope's JSON parser.
 */
export function mountFetchHandler(
  scope: FastifyInstance,
  paths: readonly string[],
  handle: FetchHandler,
  options: FetchRouteOptions = {},
): void {
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, parsed) => {
    parsed(null, body);
  });
  const handler = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    const response = await handle(fromFastify(request, options.stream ? hangUpSignal(reply.raw) : undefined));
    if (!response) {
      reply.callNotFound();
      return reply;
    }
    reply.code(response.status);
    reply.headers(toNodeHeaders(response.headers));
    if (options.stream) {
      return reply.send(
        response.body ? Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>) : undefined,
      );
    }
    const body = Buffer.from(await response.arrayBuffer());
    return reply.send(request.method === 'HEAD' || body.length === 0 ? undefined : body);
  };
  for (const url of paths) scope.all(url, handler);
}

function fromFastify(request: FastifyRequest, signal: AbortSignal | undefined): Request {
  const { body } = request;
  return toFetchRequest({
    method: request.method,
    url: new URL(request.url, `${request.protocol}://${request.host}`),
    headers: request.headers,
    ...(Buffer.isBuffer(body) ? { body } : {}),
    ...(signal ? { signal } : {}),
  });
}

// ——— node:http ———

/** Reads the whole body of a node:http request into a Request at `origin`. */
export async function fromIncomingMessage(
  incoming: IncomingMessage,
  origin: string,
  signal?: AbortSignal,
): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of incoming)
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return toFetchRequest({
    method: incoming.method ?? 'GET',
    url: `${origin}${incoming.url ?? '/'}`,
    headers: incoming.headers,
    body: Buffer.concat(chunks),
    ...(signal ? { signal } : {}),
  });
}
