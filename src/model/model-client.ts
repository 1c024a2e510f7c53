// The port the suggestions route talks to: one call that streams a model's answer as text. The Azure adapter
// (azure-model-client.ts) is the only implementation in production; tests can give the route any other.
import type { ChatMessage } from '../reasoning/model-prompt.ts';
import type { JsonSchemaResponseFormat } from '../reasoning/suggestion-schema.ts';
import type { ModelFailureKind } from '../api-contract/suggestions-contract.ts';

export type ModelEvent =
  /** More of the answer's text. */
  | { readonly type: 'delta'; readonly text: string }
  /** The model stopped: `stop`, `length` (out of tokens), `content_filter` (Azure withheld the rest), … */
  | { readonly type: 'finish'; readonly reason: string };

export interface ModelClient {
  /** The deployment (model) name, shown to the clinician so they know which model answered. */
  readonly deployment: string;
  /**
   * Asks for suggestions and yields the answer as it arrives. Throws ModelRequestError when the service
   * refuses or fails; stops with the signal's reason when the caller aborts.
   */
  streamSuggestions(
    messages: readonly ChatMessage[],
    responseFormat: JsonSchemaResponseFormat,
    signal: AbortSignal,
  ): AsyncIterable<ModelEvent>;
}

export class ModelRequestError extends Error {
  override readonly name = 'ModelRequestError';
  readonly kind: ModelFailureKind;
  /** The service's HTTP status, when it answered. */
  readonly status: number | undefined;
  /** For 'rate-limited': how long Azure asked us to wait (Retry-After / retry-after-ms). */
  readonly retryAfterSeconds: number | undefined;

  constructor(
    init: { kind: ModelFailureKind; message: string; status?: number; retryAfterSeconds?: number },
    options?: { cause?: unknown },
  ) {
    super(init.message, options);
    this.kind = init.kind;
    this.status = init.status;
    this.retryAfterSeconds = init.retryAfterSeconds;
  }
}
