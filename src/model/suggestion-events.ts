// The events of one suggestions request, in the order the browser receives them as server-sent events; their
// names and data are the contract in src/api-contract/suggestions-contract.ts. A suggestion is sent only after it
// passed the schema and grounding (src/reasoning/grounding.ts).
import type { ModelFailureKind, SuggestionEvent } from '../api-contract/suggestions-contract.ts';
import { createAnswerScanner } from '../reasoning/model-output.ts';
import { buildSuggestionMessages } from '../reasoning/model-prompt.ts';
import { buildFactIndex, groundSuggestion, type SentContext } from '../reasoning/grounding.ts';
import { suggestionResponseFormat } from '../reasoning/suggestion-schema.ts';
import { ModelRequestError, type ModelClient } from './model-client.ts';

/** Runs the model over the context and yields the events above. Ends quietly if `signal` aborts. */
export async function* suggestionEvents(
  model: ModelClient | undefined,
  context: SentContext,
  signal: AbortSignal,
): AsyncGenerator<SuggestionEvent> {
  if (model === undefined) {
    yield { event: 'model', data: { state: 'off' } };
    yield { event: 'done', data: { shown: 0, dropped: 0 } };
    return;
  }
  yield { event: 'model', data: { state: 'on', deployment: model.deployment } };

  const facts = buildFactIndex(context);
  const scanner = createAnswerScanner();
  let shown = 0;
  let dropped = 0;
  let judged = 0;
  const judge = (candidate: unknown): SuggestionEvent => {
    const index = judged;
    judged += 1;
    const result = groundSuggestion(candidate, index, facts);
    if (result.ok) {
      shown += 1;
      return { event: 'suggestion', data: { index, suggestion: result.value } };
    }
    dropped += 1;
    return { event: 'dropped', data: result.dropped };
  };

  let failure: SuggestionEvent | undefined;
  try {
    let finishReason: string | undefined;
    const messages = buildSuggestionMessages(context);
    for await (const modelEvent of model.streamSuggestions(messages, suggestionResponseFormat(), signal)) {
      if (modelEvent.type === 'finish') finishReason = modelEvent.reason;
      else for (const elementText of scanner.push(modelEvent.text)) yield judge(parseElement(elementText));
    }
    const end = scanner.finish();
    // Elements the scanner could not hand out (not objects) are judged, and dropped, from the parsed answer.
    if (end.ok) for (const candidate of end.suggestions.slice(judged)) yield judge(candidate);
    failure = incompleteAnswer(finishReason, end.ok ? undefined : end.problem);
  } catch (error) {
    if (signal.aborted) return;
    failure =
      error instanceof ModelRequestError
        ? errorEvent(error.kind, error.message, error.retryAfterSeconds)
        : errorEvent('upstream', 'The model call failed unexpectedly.');
  }
  if (failure !== undefined) yield failure;
  yield { event: 'done', data: { shown, dropped } };
}

/** Why the list may be incomplete: the model's stop reason, or an answer that is not the JSON asked for. */
function incompleteAnswer(
  finishReason: string | undefined,
  problem: string | undefined,
): SuggestionEvent | undefined {
  if (finishReason === 'content_filter') {
    return errorEvent(
      'content-filter',
      "Azure's content filter stopped the model's answer; anything after the suggestions shown was withheld.",
    );
  }
  if (finishReason === 'length') {
    return errorEvent(
      'malformed',
      "The model's answer was cut off (too long); only complete, grounded suggestions are shown.",
    );
  }
  if (problem !== undefined)
    return errorEvent('malformed', `${problem} Only complete, grounded suggestions are shown.`);
  return undefined;
}

function errorEvent(kind: ModelFailureKind, message: string, retryAfterSeconds?: number): SuggestionEvent {
  return {
    event: 'error',
    data: { kind, message, ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }) },
  };
}

function parseElement(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
