// A calibrated estimate of the o200k token count (the tokenizer of the GPT-4o family of models), for the browser:
// the exact tokenizer is a 1 MB download (its vocabulary), far too heavy for the clinician's first load. The
// compact context's token budget must still hold, so the estimate is built to err on the high side: it counts
// the same pieces o200k's pre-tokenizer splits text into (runs of letters, of digits, of punctuation, line
// breaks), weighs each kind by what it costs in o200k on real compact contexts, and adds a safety margin.
// token-estimate.test.ts proves the margin on every fixture patient's compact context against the real count:
// never below it, and at most ~15 % above it.

/** Pieces as o200k's pre-tokenizer cuts them, near enough: letters, digits, other symbols, whitespace. */
const PIECE =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]|\p{L}[\p{L}\p{M}]*|\p{N}+|[^\s\p{L}\p{N}]+|\s+/gu;
const CJK = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]$/u;
const NON_ASCII = /[^\p{ASCII}]/gu;

/**
 * Weights fitted by least squares on every line of the fixture patients' compact contexts (with and without
 * free text and sensitive categories, at three budgets) against gpt-tokenizer's o200k count.
 */
const COST = {
  /** A word: common words are one token… */
  word: 1.2,
  /** …longer or rarer ones (drug names, Synthea's coded displays) split about every six letters. */
  perSixLettersAfterFirst: 0.7,
  /** o200k splits digit runs into groups of up to three digits, each one token, often merged with a sign. */
  digitGroup: 1.75,
  /** Punctuation mostly merges with its neighbours ("(", "%", "/", "##"). */
  punctuation: 0.3,
  lineBreak: 0.55,
  /** Accented and other non-ASCII letters take more bytes, and o200k merges them less. */
  nonAsciiLetterExtra: 0.35,
  /** A symbol outside ASCII (« » — µ ≥) is about a token of its own. */
  nonAsciiSymbol: 1,
  /** One Chinese, Japanese or Korean character is about one token. */
  cjkCharacter: 1,
} as const;

/**
 * The safety margin over the fitted weights: the fit is within ±3 % on whole contexts, so 6 % on top keeps the
 * estimate above the real count with room for a patient whose record reads differently from the fixtures.
 */
export const TOKEN_ESTIMATE_MARGIN = 1.06;

/** An upper estimate of the o200k token count of `text` (0 for the empty string). */
export function estimateTokens(text: string): number {
  if (text === '') return 0;
  let cost = 0;
  for (const match of text.matchAll(PIECE)) {
    const piece = match[0];
    const first = piece.codePointAt(0) ?? 0;
    const firstChar = String.fromCodePoint(first);
    if (CJK.test(firstChar)) cost += COST.cjkCharacter;
    else if (/\p{L}/u.test(firstChar)) {
      cost +=
        COST.word +
        COST.perSixLettersAfterFirst * Math.max(0, Math.ceil(piece.length / 6) - 1) +
        COST.nonAsciiLetterExtra * countNonAscii(piece);
    } else if (/\p{N}/u.test(firstChar)) cost += COST.digitGroup * Math.ceil(piece.length / 3);
    else if (/\s/u.test(firstChar)) cost += COST.lineBreak * countLineBreaks(piece);
    else {
      const nonAscii = countNonAscii(piece);
      cost += COST.punctuation * (piece.length - nonAscii) + COST.nonAsciiSymbol * nonAscii;
    }
  }
  return Math.max(1, Math.ceil(cost * TOKEN_ESTIMATE_MARGIN));
}

function countNonAscii(piece: string): number {
  return piece.match(NON_ASCII)?.length ?? 0;
}

function countLineBreaks(whitespace: string): number {
  let count = 0;
  for (const char of whitespace) if (char === '\n') count += 1;
  return count;
}
