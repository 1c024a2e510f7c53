// The feedback API: `POST /api/feedback` records what the clinician did with each suggestion (shown, accepted,
// dismissed with a reason, snoozed) and `GET /api/feedback/decisions?iss=&patientId=` returns the caller's
// latest decisions, so a dismissed suggestion stays dismissed on the next launch for the same user and patient.
//
// Who is calling is never taken from the body. The SMART access token proves a live EHR session for the
// patient (the EHR itself accepts it: ehr-session.ts); the clinician is the `fhirUser` claim of the session's
// OpenID Connect id_token, verified against the EHR's published keys (its smart-configuration `jwks_uri`) with
// the registration's client id as audience. Nothing clinical is stored: suggestion ids, actions, reasons.
import { mkdir } from 'node:fs/promises';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';
import { describeIssues, type ApiErrorBody } from '../../api-contract/api-error-contract.ts';
import type { DecisionsResponse, FeedbackPostResponse } from '../../api-contract/feedback-contract.ts';
import {
  decisionsQuerySchema,
  feedbackEventSchema,
  feedbackPostBodySchema,
  type FeedbackEvent,
} from '../../api-contract/feedback-request-contract.ts';
import { apiErrorHandler } from '../api-error-handler.ts';
import type { EhrSessionVerifier } from '../ehr-session.ts';
import type { TrustEhr } from '../trusted-ehrs.ts';
import { createFeedbackStore, type FeedbackCaller, type FeedbackStore } from './feedback-store.ts';
import { openPgliteClient, openPostgresClient } from './sql-clients.ts';

/** The header the browser sends the session's id_token in (the access token goes in Authorization). */
export const ID_TOKEN_HEADER = 'x-smart-id-token';

const MAX_FEEDBACK_BODY_BYTES = 32 * 1024;

export type CallerCheck =
  | { readonly ok: true; readonly caller: FeedbackCaller }
  | {
      readonly ok: false;
      readonly status: 401 | 403 | 502;
      readonly error: string;
      readonly message: string;
    };

/** Who is asking about which patient, from the request's credentials; `claimed` is what the request says. */
export type VerifyCaller = (
  request: FastifyRequest,
  claimed: { readonly iss: string; readonly patientId: string },
) => Promise<CallerCheck>;

export interface FeedbackRoutesOptions {
  readonly store: FeedbackStore;
  readonly verifyCaller: VerifyCaller;
  /** Feedback requests per minute per caller session (120 by default: a screen sends a few). */
  readonly requestsPerMinute?: number;
  readonly now?: () => Date;
}

export async function registerFeedbackRoutes(
  app: FastifyInstance,
  options: FeedbackRoutesOptions,
): Promise<void> {
  const now = options.now ?? (() => new Date());
  // Its own scope, so its error handler and rate limit cover these routes only.
  await app.register(async (scope) => {
    scope.setErrorHandler(
      apiErrorHandler({
        tooLargeMessage: 'The feedback request body is too large.',
        internalMessage: 'Chartside could not record this feedback.',
        logMessage: 'feedback API failed',
      }),
    );
    await scope.register(rateLimit, {
      max: options.requestsPerMinute ?? 120,
      timeWindow: 60_000,
      keyGenerator: (request) => request.ip,
      errorResponseBuilder: (_request, context) => ({
        statusCode: 429,
        ...({
          error: 'rate_limited',
          message: `Too many feedback requests: try again in ${Math.ceil(context.ttl / 1000)} s.`,
        } satisfies ApiErrorBody),
      }),
    });

    scope.post('/api/feedback', { bodyLimit: MAX_FEEDBACK_BODY_BYTES }, async (request, reply) => {
      const body = feedbackPostBodySchema.safeParse(request.body);
      if (!body.success) return invalid(reply, 'Expected { iss, patientId, events: [...] }.', body.error);
      const events: FeedbackEvent[] = [];
      for (const [index, raw] of body.data.events.entries()) {
        const event = feedbackEventSchema.safeParse(raw);
        if (!event.success) return invalid(reply, `events[${index}] is not a feedback event.`, event.error);
        events.push(event.data);
      }
      const check = await options.verifyCaller(request, body.data);
      if (!check.ok) return refuse(reply, check);
      const recordedAt = now();
      for (const event of events) await options.store.record(check.caller, event, recordedAt);
      const answer: FeedbackPostResponse = { recorded: events.length };
      return reply.code(200).header('cache-control', 'no-store').send(answer);
    });

    scope.get('/api/feedback/decisions', async (request, reply) => {
      const query = decisionsQuerySchema.safeParse(request.query);
      if (!query.success) return invalid(reply, 'Expected ?iss=&patientId=.', query.error);
      const check = await options.verifyCaller(request, query.data);
      if (!check.ok) return refuse(reply, check);
      const answer: DecisionsResponse = { decisions: await options.store.decisions(check.caller) };
      return reply.code(200).header('cache-control', 'no-store').send(answer);
    });
  });
}

function invalid(reply: FastifyReply, message: string, error: z.core.$ZodError): FastifyReply {
  return sendError(reply, 400, { error: 'invalid_request', message, issues: describeIssues(error.issues) });
}

function refuse(reply: FastifyReply, check: Extract<CallerCheck, { ok: false }>): FastifyReply {
  if (check.status === 401) reply.header('www-authenticate', 'Bearer');
  return sendError(reply, check.status, { error: check.error, message: check.message });
}

function sendError(reply: FastifyReply, status: number, body: ApiErrorBody): FastifyReply {
  return reply.code(status).send(body);
}

// ——— Who is calling ———

export interface CallerVerifierOptions {
  /** The EHR session check the suggestions API uses (a Patient read with the caller's token). */
  readonly sessionVerifier: EhrSessionVerifier;
  /** The EHRs to trust (trusted-ehrs.ts): a production server leaves out the sandbox's. */
  readonly trustEhr: TrustEhr;
  /** Fetches the EHR's smart-configuration; global fetch by default. */
  readonly fetch?: (request: Request) => Promise<Response>;
  /** How long an EHR's smart-configuration (issuer, jwks_uri) is reused before asking again. */
  readonly discoveryCacheMs?: number;
  /** Accept an id_token this long after its `exp` (see ID_TOKEN_GRACE_SECONDS). */
  readonly idTokenGraceSeconds?: number;
  /** For tests: the key set of an EHR's jwks_uri; jose's cached remote key set by default. */
  readonly keySetFor?: (jwksUri: URL) => JWTVerifyGetKey;
}

/**
 * The id_token names the clinician for the whole EHR session, but it expires on its own schedule (Epic: minutes
 * to an hour) while the session goes on; refresh responses need not carry a new one. Liveness is proven by the
 * access token, checked with the EHR on every request; the id_token, signed by the EHR for this app, only
 * identifies who launched it, so one issued within the last 12 hours (a clinical shift) is accepted.
 */
export const ID_TOKEN_GRACE_SECONDS = 12 * 60 * 60;
const DISCOVERY_CACHE_MS = 60 * 60 * 1000;

interface EhrKeys {
  readonly issuer: string | undefined;
  readonly keys: JWTVerifyGetKey;
  readonly expiresAtMs: number;
}

const smartConfigurationSchema = z.looseObject({
  issuer: z.string().optional(),
  jwks_uri: z.string(),
});

export function createCallerVerifier(options: CallerVerifierOptions): VerifyCaller {
  const send = options.fetch ?? ((request: Request) => fetch(request));
  const cacheMs = options.discoveryCacheMs ?? DISCOVERY_CACHE_MS;
  const keySetFor = options.keySetFor ?? ((jwksUri: URL) => createRemoteJWKSet(jwksUri));
  const graceSeconds = options.idTokenGraceSeconds ?? ID_TOKEN_GRACE_SECONDS;
  const keysByIss = new Map<string, EhrKeys>();

  async function ehrKeys(iss: string): Promise<EhrKeys> {
    const cached = keysByIss.get(iss);
    if (cached && cached.expiresAtMs > Date.now()) return cached;
    const response = await send(
      new Request(`${iss.replace(/\/+$/u, '')}/.well-known/smart-configuration`, {
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(10_000),
      }),
    );
    if (!response.ok) throw new Error(`smart-configuration answered HTTP ${response.status}`);
    const config = smartConfigurationSchema.parse(await response.json());
    const keys: EhrKeys = {
      issuer: config.issuer,
      keys: keySetFor(new URL(config.jwks_uri)),
      expiresAtMs: Date.now() + cacheMs,
    };
    keysByIss.set(iss, keys);
    return keys;
  }

  return async (request, { iss, patientId }) => {
    const accessToken = bearerToken(request);
    if (accessToken === undefined) {
      return refused(401, 'unauthorized', 'Send the SMART access token as Authorization: Bearer <token>.');
    }
    const trust = options.trustEhr(iss);
    if (!trust.ok) return refused(trust.status, trust.error, trust.message);
    const { registration } = trust;
    const idToken = headerValue(request, ID_TOKEN_HEADER);
    if (idToken === undefined) {
      return refused(
        401,
        'id_token_required',
        `Send the session's id_token in the ${ID_TOKEN_HEADER} header.`,
      );
    }
    const session = await options.sessionVerifier.verify({ iss, patientId, accessToken });
    if (!session.ok) return refused(session.status, session.error, session.message);

    let keys: EhrKeys;
    try {
      keys = await ehrKeys(iss);
    } catch {
      return refused(
        502,
        'ehr_keys_unavailable',
        "Chartside could not read the EHR's signing keys to identify you.",
      );
    }
    let claims: Record<string, unknown>;
    try {
      const verified = await jwtVerify(idToken, keys.keys, {
        audience: registration.clientId,
        ...(keys.issuer === undefined ? {} : { issuer: keys.issuer }),
        clockTolerance: graceSeconds,
      });
      claims = verified.payload;
    } catch {
      return refused(
        401,
        'id_token_invalid',
        'The id_token is not one the EHR issued to Chartside. Launch Chartside again from the chart.',
      );
    }
    // SMART App Launch: `fhirUser`; SMART v1 EHRs (Oracle Health) also send OpenID's `profile`.
    const fhirUser = claims['fhirUser'] ?? claims['profile'];
    if (typeof fhirUser !== 'string' || fhirUser === '') {
      return refused(
        401,
        'no_fhir_user',
        'The id_token does not name the signed-in user (no fhirUser claim).',
      );
    }
    return { ok: true, caller: { iss, fhirUser, patientId } };
  };
}

function refused(status: 401 | 403 | 502, error: string, message: string): CallerCheck {
  return { ok: false, status, error, message };
}

function bearerToken(request: FastifyRequest): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/iu.exec(headerValue(request, 'authorization') ?? '');
  return match?.[1];
}

function headerValue(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  const text = Array.isArray(value) ? value[0] : value;
  return text === undefined || text.trim() === '' ? undefined : text.trim();
}

// ——— Where feedback is kept ———

export interface FeedbackDatabaseConfig {
  /** PostgreSQL connection string (DATABASE_URL); when set, feedback is kept there. */
  readonly databaseUrl: string | undefined;
  /** PGlite's data folder (CHARTSIDE_DATA_DIR); undefined keeps it in memory (tests, demos that forget). */
  readonly dataDir: string | undefined;
}

/** The feedback store for the server's configuration: PostgreSQL with DATABASE_URL, else embedded PGlite. */
export async function openFeedbackStore(config: FeedbackDatabaseConfig): Promise<FeedbackStore> {
  if (config.databaseUrl !== undefined) return createFeedbackStore(openPostgresClient(config.databaseUrl));
  // PGlite creates its own folder but not the folders above it.
  if (config.dataDir !== undefined) await mkdir(config.dataDir, { recursive: true });
  return createFeedbackStore(await openPgliteClient(config.dataDir));
}
