// The backend API: `POST /api/suggestions` (model suggestions for one patient, as server-sent events) and
// `GET /api/model` (whether a model is configured). The browser sends the compact, de-identified context —
// never raw FHIR — with the SMART access token it already holds; the server trusts the request only after
// the EHR itself accepts that token for that patient (ehr-session.ts). Nothing from the body, the token or
// the model's text is ever logged: log lines carry counts and failure kinds only.
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { describeIssues, type ApiErrorBody } from '../api-contract/api-error-contract.ts';
import {
  formatServerSentEvent,
  type ModelStatus,
  type SuggestionEvent,
} from '../api-contract/suggestions-contract.ts';
import { suggestionsRequestSchema } from '../api-contract/suggestions-request-contract.ts';
import type { ModelClient } from '../model/model-client.ts';
import { suggestionEvents } from '../model/suggestion-events.ts';
import { apiErrorHandler } from './api-error-handler.ts';
import type { EhrSessionVerifier } from './ehr-session.ts';
import type { TrustEhr } from './trusted-ehrs.ts';

/** Far above a compact context (a few thousand tokens), far below a raw record. */
export const MAX_SUGGESTIONS_BODY_BYTES = 64 * 1024;

export interface SuggestionsApiOptions {
  /** Undefined: no model configured; requests are answered with `model off` and `done`. */
  readonly model: ModelClient | undefined;
  readonly verifier: EhrSessionVerifier;
  readonly suggestionsPerMinute: number;
  readonly maxBodyBytes?: number;
  /** The EHRs to trust (trusted-ehrs.ts): a production server leaves out the sandbox's. */
  readonly trustEhr: TrustEhr;
}

export async function registerSuggestionsApi(
  api: FastifyInstance,
  options: SuggestionsApiOptions,
): Promise<void> {
  const maxBodyBytes = options.maxBodyBytes ?? MAX_SUGGESTIONS_BODY_BYTES;
  api.setErrorHandler(
    apiErrorHandler({
      tooLargeMessage: `The request body is over ${Math.round(maxBodyBytes / 1024)} KB: send the compact context, never the raw record.`,
      internalMessage: 'Chartside failed to handle this request.',
      logMessage: 'suggestions API failed',
    }),
  );
  // JSON only: a text/plain body (Fastify parses one by default) is answered 415, not read as a string.
  api.removeContentTypeParser('text/plain');

  api.get('/api/model', (_request, reply) => {
    const status: ModelStatus =
      options.model === undefined ? { state: 'off' } : { state: 'on', deployment: options.model.deployment };
    return reply.send(status);
  });

  await api.register(async (limited) => {
    await limited.register(rateLimit, {
      max: options.suggestionsPerMinute,
      timeWindow: 60_000,
      // Per SMART session, by a hash of its token (the token itself is never a key); per address without one.
      keyGenerator: (request) => {
        const token = bearerToken(request);
        return token === undefined
          ? `ip:${request.ip}`
          : `session:${createHash('sha256').update(token).digest('hex')}`;
      },
      errorResponseBuilder: (_request, context) => ({
        statusCode: 429,
        ...({
          error: 'rate_limited',
          message: `Too many suggestion requests: try again in ${Math.ceil(context.ttl / 1000)} s.`,
          retryAfterSeconds: Math.ceil(context.ttl / 1000),
        } satisfies ApiErrorBody),
      }),
    });
    limited.post(
      '/api/suggestions',
      { bodyLimit: options.maxBodyBytes ?? MAX_SUGGESTIONS_BODY_BYTES },
      (request, reply) => handleSuggestions(request, reply, options),
    );
  });
}

async function handleSuggestions(
  request: FastifyRequest,
  reply: FastifyReply,
  options: SuggestionsApiOptions,
): Promise<FastifyReply> {
  const accessToken = bearerToken(request);
  if (accessToken === undefined) {
    return sendError(reply.header('www-authenticate', 'Bearer'), 401, {
      error: 'unauthorized',
      message: 'Send the SMART access token as Authorization: Bearer <token>.',
    });
  }
  if (looksLikeRawFhir(request.body)) {
    return sendError(reply, 400, { error: 'raw_fhir', message: 'Send the compact context, never raw FHIR.' });
  }
  const parsed = suggestionsRequestSchema.safeParse(request.body);
  if (!parsed.success) {
    return sendError(reply, 400, {
      error: 'invalid_request',
      message: 'Expected { iss, patientId, context: { text, aliases } }.',
      issues: describeIssues(parsed.error.issues),
    });
  }
  const { iss, patientId, context } = parsed.data;
  // The context is de-identified: resource ids never appear in it. A long id found in it means the client
  // sent something else; short ids ("123") would match unrelated numbers, so only ids of 8+ characters count.
  if (patientId.length >= 8 && context.text.includes(patientId)) {
    return sendError(reply, 400, {
      error: 'not_deidentified',
      message: 'The context contains the patient id: send the de-identified compact context.',
    });
  }
  const trust = options.trustEhr(iss);
  if (!trust.ok) return sendError(reply, trust.status, { error: trust.error, message: trust.message });
  const session = await options.verifier.verify({ iss, patientId, accessToken });
  if (!session.ok)
    return sendError(reply, session.status, { error: session.error, message: session.message });

  const aborted = new AbortController();
  reply.raw.on('close', () => {
    if (!reply.raw.writableFinished) aborted.abort();
  });
  const events = suggestionEvents(options.model, context, aborted.signal);
  return (
    reply
      .code(200)
      .type('text/event-stream; charset=utf-8')
      .header('cache-control', 'no-store')
      // Reverse proxies (nginx) buffer responses by default; each event must reach the browser when it is ready.
      .header('x-accel-buffering', 'no')
      .send(Readable.from(serverSentEvents(events, request)))
  );
}

async function* serverSentEvents(
  events: AsyncIterable<SuggestionEvent>,
  request: FastifyRequest,
): AsyncGenerator<string> {
  for await (const event of events) {
    if (event.event === 'error')
      request.log.warn({ modelFailure: event.data.kind, detail: event.data.message }, 'model call failed');
    if (event.event === 'done')
      request.log.info({ shown: event.data.shown, dropped: event.data.dropped }, 'suggestions done');
    yield formatServerSentEvent(event);
  }
}

function sendError(reply: FastifyReply, status: number, body: ApiErrorBody): FastifyReply {
  return reply.code(status).send(body);
}

function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  const match = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

/** Any `resourceType` key, at any depth, or FHIR JSON pasted into the context text. */
export function looksLikeRawFhir(body: unknown): boolean {
  const seen = new Set<unknown>();
  const visit = (value: unknown, depth: number): boolean => {
    if (depth > 32) return false;
    if (typeof value === 'string') return /"resourceType"\s*:/.test(value);
    if (typeof value !== 'object' || value === null || seen.has(value)) return false;
    seen.add(value);
    if (Array.isArray(value)) return value.some((item) => visit(item, depth + 1));
    return Object.entries(value).some(([key, item]) => key === 'resourceType' || visit(item, depth + 1));
  };
  return visit(body, 0);
}
