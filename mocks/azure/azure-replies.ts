// Scripted answers of the Azure stand-in, each shaped like what Azure AI Foundry / Azure OpenAI really sends.
// Bodies are copied in form from Azure's documented and observed payloads: the 429 "Requests to the
// ChatCompletions_Create Operation … Please retry after N seconds" error with `retry-after` and
// `retry-after-ms` headers; the 400 `content_filter` error with `innererror.code: ResponsibleAIPolicyViolation`
// and `content_filter_result`; the 401 "Access denied due to invalid subscription key" error.

export type FinishReason = 'stop' | 'length' | 'content_filter';

export type ScriptedReply =
  /** A completion whose message content is `content`, streamed in chunks when the request asks for a stream. */
  | {
      readonly kind: 'answer';
      readonly content: string;
      readonly finishReason?: FinishReason;
      /** Characters per streamed chunk (small, so chunks split JSON tokens as a real stream does). */
      readonly chunkChars?: number;
      /** Streaming only: send this many characters, then nothing more until the client gives up. */
      readonly stallAfterChars?: number;
    }
  /** An HTTP error answer. */
  | {
      readonly kind: 'error';
      readonly status: number;
      readonly body: unknown;
      readonly headers?: Readonly<Record<string, string>>;
    }
  /** No answer at all until the request is aborted (a timeout). */
  | { readonly kind: 'hang' };

export function answerReply(
  content: string,
  options: Omit<Extract<ScriptedReply, { kind: 'answer' }>, 'kind' | 'content'> = {},
): ScriptedReply {
  return { kind: 'answer', content, ...options };
}

/** A JSON answer `{ suggestions }` as the model would write it. */
export function suggestionsReply(
  suggestions: readonly unknown[],
  options: Omit<Extract<ScriptedReply, { kind: 'answer' }>, 'kind' | 'content'> = {},
): ScriptedReply {
  return answerReply(JSON.stringify({ suggestions }), options);
}

export function rateLimitedReply(
  retryAfterSeconds: number,
  retryAfterMs = retryAfterSeconds * 1000,
): ScriptedReply {
  return {
    kind: 'error',
    status: 429,
    headers: {
      'retry-after': String(retryAfterSeconds),
      'retry-after-ms': String(retryAfterMs),
      'x-ratelimit-remaining-requests': '0',
      'x-ratelimit-remaining-tokens': '0',
    },
    body: {
      error: {
        code: '429',
        message: `Requests to the ChatCompletions_Create Operation under Azure OpenAI API version 2024-08-01-preview have exceeded token rate limit of your current AIServices S0 pricing tier. Please retry after ${retryAfterSeconds} seconds. Please contact Azure support service if you would like to further increase the default rate limit.`,
      },
    },
  };
}

const SAFE = { filtered: false, severity: 'safe' } as const;

/** The prompt itself was blocked: Prompt Shields saw a jailbreak attempt (as an injected note would be). */
export function contentFilterErrorReply(): ScriptedReply {
  return {
    kind: 'error',
    status: 400,
    body: {
      error: {
        message:
          "The response was filtered due to the prompt triggering Azure OpenAI's content management policy. Please modify your prompt and retry. To learn more about our content filtering policies please read our documentation: https://go.microsoft.com/fwlink/?linkid=2198766",
        type: null,
        param: 'prompt',
        code: 'content_filter',
        status: 400,
        innererror: {
          code: 'ResponsibleAIPolicyViolation',
          content_filter_result: {
            hate: SAFE,
            jailbreak: { filtered: true, detected: true },
            self_harm: SAFE,
            sexual: SAFE,
            violence: SAFE,
          },
        },
      },
    },
  };
}

export function unauthorizedReply(): ScriptedReply {
  return {
    kind: 'error',
    status: 401,
    body: {
      error: {
        code: '401',
        message:
          'Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.',
      },
    },
  };
}

export function serverErrorReply(status = 500): ScriptedReply {
  return {
    kind: 'error',
    status,
    body: {
      error: {
        message: 'The server had an error while processing your request. Sorry about that!',
        type: 'server_error',
        param: null,
        code: null,
      },
    },
  };
}

export function hangReply(): ScriptedReply {
  return { kind: 'hang' };
}

/** The `content_filter_results` Azure attaches to an unfiltered choice. */
export const UNFILTERED_RESULTS = { hate: SAFE, self_harm: SAFE, sexual: SAFE, violence: SAFE } as const;
