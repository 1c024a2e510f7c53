// One Fastify error handler for every /api scope: a failure Fastify raises before a route runs (body too
// large, unreadable body, wrong media type, rate limit) or a bug, always answered as `{ error, message }` JSON
// so the browser can show it. The suggestions API and the feedback API differ only in their wording.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { ApiErrorBody } from '../api-contract/api-error-contract.ts';

export interface ApiErrorWording {
  /** The 413 message: what is too large and what to send instead. */
  readonly tooLargeMessage: string;
  /** The 500 message; the error itself goes to the log only. */
  readonly internalMessage: string;
  /** The log line's text for a 500, naming the API. */
  readonly logMessage: string;
}

export type ApiErrorHandler = (
  error: FastifyError & { retryAfterSeconds?: number },
  request: FastifyRequest,
  reply: FastifyReply,
) => FastifyReply;

export function apiErrorHandler(wording: ApiErrorWording): ApiErrorHandler {
  return (error, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status === 429) {
      // retryAfterSeconds is set by the scope's rate-limit errorResponseBuilder when it has one.
      return send(reply, 429, {
        error: 'rate_limited',
        message: error.message,
        ...(error.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: error.retryAfterSeconds }),
      });
    }
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return send(reply, 413, { error: 'payload_too_large', message: wording.tooLargeMessage });
    }
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return send(reply, 415, {
        error: 'unsupported_media_type',
        message: 'Send the request body as application/json.',
      });
    }
    if (status >= 400 && status < 500) {
      return send(reply, status, {
        error: 'invalid_request',
        message: 'The request body could not be read as JSON.',
      });
    }
    // The message of an unexpected error could hold anything: its stack goes to the log, nothing to the caller.
    request.log.error({ err: error }, wording.logMessage);
    return send(reply, 500, { error: 'internal_error', message: wording.internalMessage });
  };
}

function send(reply: FastifyReply, status: number, body: ApiErrorBody): FastifyReply {
  return reply.code(status).send(body);
}
