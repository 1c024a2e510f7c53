// Reading the model's answer as it streams in. The answer is one JSON document, `{"suggestions":[{…},{…}]}`;
// the scanner hands out each suggestion's JSON text as soon as its closing brace arrives, so the first
// suggestion can be grounded and shown while the model is still writing the second. At the end, the whole
// text must parse as the answer object; if it does not, the answer is malformed (suggestions already handed
// out were complete objects and are judged on their own).

export interface AnswerScanner {
  /** Adds streamed text; returns the JSON text of each element of `suggestions` completed by it, in order. */
  push(text: string): string[];
  /** Checks the whole answer once the stream has ended. */
  finish(): AnswerEnd;
}

export type AnswerEnd =
  | {
      readonly ok: true;
      /** Every element of `suggestions`, parsed; those already handed out by push() come first. */
      readonly suggestions: readonly unknown[];
      /** How many of them push() handed out. */
      readonly handedOut: number;
    }
  | { readonly ok: false; readonly problem: string };

const SUGGESTIONS_KEY = 'suggestions';

export function createAnswerScanner(): AnswerScanner {
  let text = '';
  let position = 0;
  /** Open containers, outermost first: '{' or '['. */
  const stack: string[] = [];
  let inString = false;
  let escaped = false;
  let stringStart = -1;
  /** In the root object, the next string is a key (after `{` or `,`). */
  let expectingRootKey = false;
  let lastRootKey: string | undefined;
  let inSuggestionsArray = false;
  let elementStart = -1;
  let handedOut = 0;

  function push(chunk: string): string[] {
    text += chunk;
    const completed: string[] = [];
    const handOut = (end: number): void => {
      completed.push(text.slice(elementStart, end).trim());
      elementStart = -1;
      handedOut += 1;
    };
    for (; position < text.length; position += 1) {
      const char = text.charAt(position);
      if (inString) {
        if (escaped) escaped = false;
        else if (char === '\\') escaped = true;
        else if (char === '"') {
          inString = false;
          if (stack.length === 1 && stringStart >= 0) {
            lastRootKey = parseKey(text.slice(stringStart, position + 1));
            stringStart = -1;
          }
        }
        continue;
      }
      // Any value directly in the suggestions array starts an element: objects (the normal case) and anything
      // else a model might put there, so that element positions match the array's indices.
      if (isSuggestionSlot() && elementStart < 0 && !/[\s,\]]/.test(char)) elementStart = position;
      switch (char) {
        case '"':
          inString = true;
          if (stack.length === 1 && expectingRootKey) {
            stringStart = position;
            expectingRootKey = false;
          }
          break;
        case '{':
        case '[':
          stack.push(char);
          if (stack.length === 1 && char === '{') expectingRootKey = true;
          if (stack.length === 2 && char === '[' && lastRootKey === SUGGESTIONS_KEY)
            inSuggestionsArray = true;
          break;
        case '}':
        case ']':
          if (char === ']' && isSuggestionSlot()) {
            // The suggestions array itself closes: a last element that is not a container ends here.
            if (elementStart >= 0) handOut(position);
            inSuggestionsArray = false;
          }
          stack.pop();
          if (elementStart >= 0 && isSuggestionSlot()) handOut(position + 1);
          break;
        case ',':
          if (stack.length === 1) expectingRootKey = true;
          else if (isSuggestionSlot() && elementStart >= 0) handOut(position);
          break;
        default:
          break;
      }
    }
    return completed;
  }

  /** Directly inside the root object's `suggestions` array. */
  function isSuggestionSlot(): boolean {
    return inSuggestionsArray && stack.length === 2 && stack[1] === '[';
  }

  function finish(): AnswerEnd {
    const trimmed = stripCodeFence(text);
    if (trimmed === '') return { ok: false, problem: 'The model returned no answer.' };
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      return { ok: false, problem: 'The model returned text that is not valid JSON.' };
    }
    if (
      typeof parsed !== 'object' ||
      parsed === null ||
      !(SUGGESTIONS_KEY in parsed) ||
      !Array.isArray(parsed.suggestions)
    ) {
      return { ok: false, problem: 'The model’s answer has no suggestions list.' };
    }
    const suggestions: unknown[] = parsed.suggestions;
    return { ok: true, suggestions, handedOut: Math.min(handedOut, suggestions.length) };
  }

  return { push, finish };
}

function parseKey(literal: string): string | undefined {
  try {
    const key: unknown = JSON.parse(literal);
    return typeof key === 'string' ? key : undefined;
  } catch {
    return undefined;
  }
}

/** Some models wrap JSON in a Markdown code fence even when asked for JSON only. */
function stripCodeFence(text: string): string {
  const trimmed = text.trim();
  const fenced = /^```(?:json)?\s*([\s\S]*?)\s*```$/i.exec(trimmed);
  return fenced?.[1] ?? trimmed;
}
