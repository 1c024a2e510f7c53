// The Chartside server: one port for the built app and the backend API under /api (suggestions-api.ts,
// feedback/). It knows nothing of the sandbox: src/sandbox/ mounts the EHR and Azure stand-ins as plugins
// (ServerPlugin) and asks for the sandbox's registrations to be trusted; a production server does neither.
import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { createEhrSessionVerifier, type EhrSessionVerifier } from './ehr-session.ts';
import { createCallerVerifier, registerFeedbackRoutes } from './feedback/feedback-routes.ts';
import type { FeedbackStore } from './feedback/feedback-store.ts';
import type { ModelClient } from '../model/model-client.ts';
import { registerSuggestionsApi } from './suggestions-api.ts';
import { createEhrTrust } from './trusted-ehrs.ts';

/**
 * A part of the site mounted beside the app (the sandbox's stand-ins), registered in a Fastify scope of its
 * own so its content-type parsers and hooks stay there.
 */
export interface ServerPlugin {
  /** The path prefixes it answers; the app's index.html never answers under them. */
  readonly paths: readonly string[];
  readonly register: (scope: FastifyInstance) => void | Promise<void>;
}

export interface ServerOptions {
  /** Mounted before the API and the app, in order. */
  readonly plugins?: readonly ServerPlugin[];
  /**
   * Trust the sandbox's registrations (profile `sandbox`, loopback issPattern) for API requests. Off by
   * default: in production a loopback iss is refused (trusted-ehrs.ts).
   */
  readonly trustSandboxEhrs?: boolean;
  /** Folder of the Vite build (`dist/`); it must hold index.html. */
  readonly distDir: string;
  /**
   * `npm run dev`: serve the app's sources from this folder through Vite in middleware mode (live reload over
   * the same port) instead of the build in distDir.
   */
  readonly devRoot?: string;
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

/**
 * The sandbox's paths (src/sandbox/ mounts its stand-ins there). Never the app's, even on a production server,
 * so a link into the sandbox there is a plain 404 rather than the app with no launch.
 */
export const SANDBOX_PATHS = ['/ehr', '/azure-stand-in'] as const;
/** Reserved for the backend. Paths the browser app routes itself (`/`, …) get index.html; these never do. */
const API_PATH = '/api';
/** The launch URL registered with the EHR: its own small page (launch/index.html), not the app. */
const LAUNCH_PATH = '/launch';
const LAUNCH_PAGE = 'launch/index.html';
/** The app's icon, copied from public/ into the build by Vite (and served from public/ by Vite in development). */
const FAVICON_PATH = '/favicon.svg';
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

  const plugins = options.plugins ?? [];
  for (const plugin of plugins) {
    await server.register(async (scope) => {
      await plugin.register(scope);
    });
  }

  // One EHR session check for every API: the caller's SMART access token, read against the launch patient.
  const sessionVerifier = options.sessionVerifier ?? createEhrSessionVerifier();
  const trustEhr = createEhrTrust({ trustSandbox: options.trustSandboxEhrs ?? false });
  await server.register(async (api) => {
    await registerSuggestionsApi(api, {
      model: options.model,
      verifier: sessionVerifier,
      trustEhr,
      suggestionsPerMinute: options.suggestionsPerMinute ?? 12,
    });
  });
  const { feedbackStore } = options;
  if (feedbackStore) {
    await server.register(async (api) => {
      await registerFeedbackRoutes(api, {
        store: feedbackStore,
        verifyCaller: createCallerVerifier({ sessionVerifier, trustEhr }),
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

  const reservedPaths = [API_PATH, ...SANDBOX_PATHS, ...plugins.flatMap((plugin) => plugin.paths)];
  if (options.devRoot === undefined) await serveBuiltApp(server, distDir, reservedPaths);
  else await serveAppSources(server, path.resolve(options.devRoot));

  return server;
}

/** nosniff everywhere; no X-Frame-Options: the EHR embeds Chartside in an iframe (Epic activities, Oracle Health MPages). */
const SECURITY_HEADERS = { 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' } as const;

async function serveBuiltApp(
  server: FastifyInstance,
  distDir: string,
  reservedPaths: readonly string[],
): Promise<void> {
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
    if (
      (request.method === 'GET' || request.method === 'HEAD') &&
      isClientRoute(requestPath, reservedPaths)
    ) {
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
 * Development: Vite answers every GET outside the plugins' paths and /api (modules, index.html for client routes), and its
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

async function apiNotFound(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  return reply
    .code(404)
    .type('application/json')
    .send({ error: 'not_found', message: `No API route for ${request.method} ${pathOnly(request.url)}` });
}

/** A path the browser app answers itself: not the API or a plugin's, and not a file name (`/assets/x.js`). */
function isClientRoute(requestPath: string, reservedPaths: readonly string[]): boolean {
  const isUnder = (prefix: string): boolean => requestPath === prefix || requestPath.startsWith(`${prefix}/`);
  if (reservedPaths.some(isUnder)) return false;
  const lastSegment = requestPath.slice(requestPath.lastIndexOf('/') + 1);
  return !lastSegment.includes('.');
}

function pathOnly(url: string): string {
  const queryStart = url.search(/[?#]/);
  return queryStart === -1 ? url : url.slice(0, queryStart);
}
