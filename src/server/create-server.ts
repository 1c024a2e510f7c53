// The Chartside server: one port for the built app, the backend API under /api (suggestions-api.ts), and — in
// sandbox mode — the EHR stand-in under /ehr and the Azure stand-in under /azure-stand-in, so `npm start` and
// the e2e suite exercise a real SMART launch (and, pointed at the Azure stand-in, the model path) against
// exactly the handlers the msw-based tests use.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { AzureStandIn } from '../../mocks/azure/azure-stand-in.ts';
import type { EhrStandIn } from '../../mocks/ehr/stand-in.ts';
import { createEhrSessionVerifier, type EhrSessionVerifier } from './ehr-session.ts';
import { createCallerVerifier, registerFeedbackRoutes } from './feedback/feedback-routes.ts';
import type { FeedbackStore } from './feedback/feedback-store.ts';
import type { ModelClient } from '../model/model-client.ts';
import { registerSuggestionsApi } from './suggestions-api.ts';

export interface ServerOptions {
  /** Mount the EHR stand-in and its simulator under /ehr. */
  readonly sandbox: boolean;
  /** Folder of the Vite build (`dist/`); it must hold index.html. */
  readonly distDir: string;
  /**
   * `npm run dev`: serve the app's sources from this folder through Vite in middleware mode (live reload over
   * the same port) instead of the build in distDir.
   */
  readonly devRoot?: string;
  /** A stand-in to mount instead of a fresh one, so tests can drive its fault switches. */
  readonly standIn?: Pick<EhrStandIn, 'handle'>;
  /** An Azure stand-in to mount (sandbox mode) instead of a fresh one, so tests can script it. */
  readonly azureStandIn?: Pick<AzureStandIn, 'handle'>;
  /** The model behind /api/suggestions; none (the default) means Chartside runs on its rules alone. */
  readonly model?: ModelClient;
  /** Suggestion requests per minute per SMART session (12 by default). */
  readonly suggestionsPerMinute?: number;
  /** How /api/suggestions checks the caller's SMART session with the EHR; a FHIR Patient read by default. */
  readonly sessionVerifier?: EhrSessionVerifier;
  /** Where /api/feedback keeps the clinician's decisions; without one the feedback routes are not mounted. */
  readonly feedbackStore?: FeedbackStore;
  /**
   * 'warn' for a running server; off (silent) by default, as in tests ('info' lets a test see every line a
   * request could log). Query strings are never logged.
   */
  readonly logLevel?: 'info' | 'warn' | 'error' | 'silent';
  /** Where log lines go (standard output by default); tests read them to check nothing sensitive is logged. */
  readonly logStream?: { write: (line: string) => void };
}

export class MissingBuildError extends Error {
  constructor(readonly pagePath: string) {
    super(`The built app is missing (${pagePath} not found): run \`npm run build\` first.`);
    this.name = 'MissingBuildError';
  }
}

/** The stand-in's STAND_IN_PATH, kept here so that a server with the sandbox off never loads mocks/. */
export const SANDBOX_PATH = '/ehr';
/** The Azure stand-in's AZURE_STAND_IN_PATH, for the same reason. */
export const AZURE_SANDBOX_PATH = '/azure-stand-in';
/** Reserved for the backend. Paths the browser app routes itself (`/`, …) get index.html; these never do. */
const API_PATH = '/api';
/** The launch URL registered with the EHR: its own small page (launch/index.html), not the app. */
const LAUNCH_PATH = '/launch';
const LAUNCH_PAGE = 'launch/index.html';
/** The app's icon, copied from public/ into the build by Vite (and served from public/ by Vite in development). */
const FAVICON_PATH = '/favicon.svg';
/** Response headers that describe the transfer between the stand-in and us, not the content: Fastify sets its own. */
const HOP_BY_HOP_HEADERS = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-length',
  'upgrade',
]);

export async function createServer(options: ServerOptions): Promise<FastifyInstance> {
  const distDir = path.resolve(options.distDir);
  if (options.devRoot === undefined) {
    for (const page of ['index.html', LAUNCH_PAGE]) {
      const pagePath = path.join(distDir, page);
      if (!existsSync(pagePath)) throw new MissingBuildError(pagePath);
    }
  }

  const server = Fastify({
    // Request URLs carry authorization codes, state, `launch` handles and patient ids: logs get the path only.
    // Per-request lines are 'info', below the running server's 'warn'; failed requests (5xx) are still logged.
    logger:
      options.logLevel === undefined || options.logLevel === 'silent'
        ? false
        : {
            level: options.logLevel,
            ...(options.logStream ? { stream: options.logStream } : {}),
            serializers: {
              req: (request: { method: string; url: string }) => ({
                method: request.method,
                path: pathOnly(request.url),
              }),
            },
          },
  });

  server.addHook('onSend', async (_request, reply, payload) => {
    reply.headers(SECURITY_HEADERS);
    return payload;
  });

  if (options.sandbox) {
    // Loaded only in sandbox mode: a production server carries no stand-in, fixtures or FHIR definitions.
    const standIn =
      options.standIn ?? (await (await import('../../mocks/ehr/stand-in.ts')).createEhrStandIn());
    const azureStandIn =
      options.azureStandIn ?? (await import('../../mocks/azure/azure-stand-in.ts')).createAzureStandIn();
    // Its own plugin scope: the raw-body parser below applies to the stand-ins only, not to the app's API.
    await server.register((scope, _opts, done) => {
      mountStandIn(scope, standIn);
      mountAzureStandIn(scope, azureStandIn);
      done();
    });
  }

  // One EHR session check for every API: the caller's SMART access token, read against the launch patient.
  const sessionVerifier = options.sessionVerifier ?? createEhrSessionVerifier();
  await server.register(async (api) => {
    await registerSuggestionsApi(api, {
      model: options.model,
      verifier: sessionVerifier,
      suggestionsPerMinute: options.suggestionsPerMinute ?? 12,
    });
  });
  const { feedbackStore } = options;
  if (feedbackStore) {
    await server.register(async (api) => {
      await registerFeedbackRoutes(api, {
        store: feedbackStore,
        verifyCaller: createCallerVerifier({ sessionVerifier }),
      });
    });
  }
  server.all(API_PATH, apiNotFound);
  server.all(`${API_PATH}/*`, apiNotFound);
  // Browsers still ask for /favicon.ico where a page links no icon (a FHIR response opened in a tab, a JSON
  // error): send them to the SVG icon that the app, launch and simulator pages link (public/favicon.svg).
  server.route({
    method: ['GET', 'HEAD'],
    url: '/favicon.ico',
    handler: async (_request, reply) => reply.redirect(FAVICON_PATH, 301),
  });

  if (options.devRoot === undefined) await serveBuiltApp(server, distDir);
  else await serveAppSources(server, path.resolve(options.devRoot));

  return server;
}

/** nosniff everywhere; no X-Frame-Options: the EHR embeds Chartside in an iframe (Epic activities, Oracle Health MPages). */
const SECURITY_HEADERS = { 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' } as const;

async function serveBuiltApp(server: FastifyInstance, distDir: string): Promise<void> {
  await server.register(fastifyStatic, {
    root: distDir,
    // Vite fingerprints everything under assets/: it can be cached for good. index.html must always be
    // revalidated so a deploy takes effect at the next launch.
    setHeaders: (reply, filePath) => {
      const isFingerprinted = filePath.startsWith(path.join(distDir, 'assets') + path.sep);
      reply.header('cache-control', isFingerprinted ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });

  server.route({
    method: ['GET', 'HEAD'],
    url: LAUNCH_PATH,
    handler: async (_request, reply) => {
      reply.header('cache-control', 'no-cache');
      return reply.sendFile(LAUNCH_PAGE);
    },
  });

  server.setNotFoundHandler(async (request, reply) => {
    const requestPath = pathOnly(request.url);
    if ((request.method === 'GET' || request.method === 'HEAD') && isClientRoute(requestPath)) {
      reply.header('cache-control', 'no-cache');
      return reply.sendFile('index.html');
    }
    return reply
      .code(404)
      .type('application/json')
      .send({ error: 'not_found', message: `No route for ${request.method} ${requestPath}` });
  });
}

/**
 * Development: Vite answers every GET outside /ehr and /api (modules, index.html for client routes), and its
 * live-reload socket shares this server's port. Vite is loaded only here, never in a production server.
 */
async function serveAppSources(server: FastifyInstance, root: string): Promise<void> {
  const { createServer: createViteServer } = await import('vite');
  const vite = await createViteServer({
    root,
    appType: 'spa',
    server: { middlewareMode: true, hmr: { server: server.server } },
  });
  server.addHook('onClose', async () => {
    await vite.close();
  });
  server.route({
    method: ['GET', 'HEAD'],
    url: '/*',
    handler: (request, reply) => {
      // Vite writes the response itself; Fastify steps aside (so its onSend hook does not run: set headers here).
      reply.hijack();
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) reply.raw.setHeader(name, value);
      // Vite finds launch/index.html for `/launch/` only (for `/launch` it would answer with the app).
      if (pathOnly(request.raw.url ?? '') === LAUNCH_PATH)
        request.raw.url = request.raw.url?.replace(LAUNCH_PATH, `${LAUNCH_PATH}/`);
      vite.middlewares(request.raw, reply.raw, () => {
        reply.raw.statusCode = 404;
        reply.raw.end();
      });
    },
  });
}

/**
 * Every /ehr request, any method and body, goes to the stand-in's fetch-style handler. The body is kept raw
 * (form-encoded token requests, JSON fault settings) so the stand-in parses it exactly as it would under msw.
 */
function mountStandIn(scope: FastifyInstance, standIn: Pick<EhrStandIn, 'handle'>): void {
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, parsed) => {
    parsed(null, body);
  });
  const handler = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    const response = await standIn.handle(toFetchRequest(request));
    if (!response) {
      reply.callNotFound();
      return reply;
    }
    return sendFetchResponse(reply, response, request.method === 'HEAD');
  };
  scope.all(SANDBOX_PATH, handler);
  scope.all(`${SANDBOX_PATH}/*`, handler);
}

/**
 * /azure-stand-in: the Azure stand-in, answering as Azure would, with streamed answers passed on frame by
 * frame. Point AZURE_AI_ENDPOINT at `http://127.0.0.1:<port>/azure-stand-in/models` for a demo without Azure.
 */
function mountAzureStandIn(scope: FastifyInstance, azureStandIn: Pick<AzureStandIn, 'handle'>): void {
  const handler = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    const aborted = new AbortController();
    reply.raw.on('close', () => {
      if (!reply.raw.writableFinished) aborted.abort();
    });
    const response = await azureStandIn.handle(toFetchRequest(request, aborted.signal));
    if (!response) {
      reply.callNotFound();
      return reply;
    }
    reply.code(response.status);
    for (const [name, value] of response.headers)
      if (!HOP_BY_HOP_HEADERS.has(name)) reply.header(name, value);
    return reply.send(
      response.body ? Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>) : undefined,
    );
  };
  scope.all(`${AZURE_SANDBOX_PATH}/*`, handler);
}

function toFetchRequest(request: FastifyRequest, signal?: AbortSignal): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined || HOP_BY_HOP_HEADERS.has(name)) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  const url = new URL(request.url, `${request.protocol}://${request.host}`);
  const { body } = request;
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD' && Buffer.isBuffer(body);
  return new Request(url, {
    method: request.method,
    headers,
    body: hasBody ? new Uint8Array(body) : undefined,
    ...(signal ? { signal } : {}),
  });
}

async function sendFetchResponse(
  reply: FastifyReply,
  response: Response,
  isHead: boolean,
): Promise<FastifyReply> {
  reply.code(response.status);
  for (const [name, value] of response.headers) {
    // Headers joins repeated values with ", ", which is wrong for Set-Cookie: send each cookie on its own.
    if (name === 'set-cookie' || HOP_BY_HOP_HEADERS.has(name)) continue;
    reply.header(name, value);
  }
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) reply.header('set-cookie', cookies);
  const body = Buffer.from(await response.arrayBuffer());
  return reply.send(isHead || body.length === 0 ? undefined : body);
}

async function apiNotFound(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  return reply
    .code(404)
    .type('application/json')
    .send({ error: 'not_found', message: `No API route for ${request.method} ${pathOnly(request.url)}` });
}

/** A path the browser app answers itself: not the stand-in, not the API, and not a file name (`/assets/x.js`). */
function isClientRoute(requestPath: string): boolean {
  const isUnder = (prefix: string): boolean => requestPath === prefix || requestPath.startsWith(`${prefix}/`);
  if (isUnder(SANDBOX_PATH) || isUnder(AZURE_SANDBOX_PATH) || isUnder(API_PATH)) return false;
  const lastSegment = requestPath.slice(requestPath.lastIndexOf('/') + 1);
  return !lastSegment.includes('.');
}

function pathOnly(url: string): string {
  const queryStart = url.search(/[?#]/);
  return queryStart === -1 ? url : url.slice(0, queryStart);
}
