// Grounding: a model suggestion is shown only if the record, as sent, supports it. Each suggestion must
//  1. match the schema (suggestion-schema.ts), with an allowed category;
//  2. cite at least one alias, and only aliases that label a fact in the context that was sent (aliases
//     written in its prose too, for the alias prefixes the context uses);
//  3. quote, in quotedFacts, only words found in the line(s) of the alias each quote names (an alias it cites);
//  4. state no number and no relative time, in its title, rationale or recommended action, that the
//     structured part of a cited fact does not state (see grounding-numbers.ts for what counts and how
//     values compare; a unit, when given, must match too). Numbers inside fenced free text never ground a
//     claim: a note can be quoted, but it cannot be the source of a value Chartside shows as fact.
// A suggestion that fails is dropped with the first reason found and never shown; the count is reported.
import {
  aliasPrefix,
  buildFactIndex,
  type FactIndex,
  type FactLine,
  type SentContext,
} from './grounding-facts.ts';
import {
  canonicalizeNumbersIn,
  extractStatedNumbers,
  type StatedNumber,
  type StatedQuantity,
  type StatedRelativeTime,
  unitsMentioned,
} from './grounding-numbers.ts';
import type { DropReason, SuggestionEventData } from '../api-contract/suggestions-contract.ts';
import {
  MAX_SUGGESTIONS,
  modelSuggestionSchema,
  SUGGESTION_CATEGORIES,
  type ModelSuggestion,
} from './suggestion-schema.ts';

/** A withheld suggestion, as the `dropped` event of the suggestions stream carries it. */
export type DroppedSuggestion = SuggestionEventData<'dropped'>;

export interface GroundingResult {
  readonly accepted: ModelSuggestion[];
  readonly dropped: DroppedSuggestion[];
}

export type GroundedSuggestion =
  | { readonly ok: true; readonly value: ModelSuggestion }
  | { readonly ok: false; readonly dropped: DroppedSuggestion };

export { buildFactIndex, type FactIndex, type SentContext } from './grounding-facts.ts';

/** Grounds a whole answer (`{ suggestions: [...] }`) against the context it was asked about. */
export function groundAnswer(answer: unknown, context: SentContext): GroundingResult {
  const index = buildFactIndex(context);
  if (!isAnswerShape(answer)) {
    return {
      accepted: [],
      dropped: [
        { index: 0, reason: 'schema', detail: 'The answer is not an object with a suggestions list.' },
      ],
    };
  }
  const accepted: ModelSuggestion[] = [];
  const dropped: DroppedSuggestion[] = [];
  answer.suggestions.forEach((candidate, position) => {
    const result = groundSuggestion(candidate, position, index);
    if (result.ok) accepted.push(result.value);
    else dropped.push(result.dropped);
  });
  return { accepted, dropped };
}

function isAnswerShape(answer: unknown): answer is { suggestions: unknown[] } {
  return (
    typeof answer === 'object' &&
    answer !== null &&
    'suggestions' in answer &&
    Array.isArray(answer.suggestions)
  );
}

/** Grounds one suggestion, the `index`-th of the answer. */
export function groundSuggestion(candidate: unknown, index: number, facts: FactIndex): GroundedSuggestion {
  const drop = (reason: DropReason, detail: string): GroundedSuggestion => ({
    ok: false,
    dropped: { index, reason, detail },
  });
  if (index >= MAX_SUGGESTIONS)
    return drop('over-limit', `Only the first ${MAX_SUGGESTIONS} suggestions are shown.`);

  const parsed = modelSuggestionSchema.safeParse(candidate);
  if (!parsed.success) {
    const issues = parsed.error.issues;
    if (issues.every((issue) => issue.path[0] === 'category')) {
      return drop(
        'category',
        `Category ${describeValue(categoryOf(candidate))} is not one of ${SUGGESTION_CATEGORIES.join(', ')}.`,
      );
    }
    const listed = issues
      .slice(0, 3)
      .map((issue) => `${issue.path.join('.') || '(suggestion)'}: ${issue.message}`)
      .join('; ');
    return drop('schema', `Not a valid suggestion (${listed}).`);
  }
  const suggestion = parsed.data;

  const evidence = [...new Set(suggestion.evidence)];
  if (evidence.length === 0) return drop('no-evidence', 'The suggestion cites no fact from the record.');

  const unknownCited = evidence.filter((alias) => !facts.facts.has(alias));
  if (unknownCited.length > 0) {
    return drop(
      'unknown-alias',
      `Cites ${unknownCited.join(', ')}, which ${unknownCited.length === 1 ? 'is' : 'are'} not in the record sent.`,
    );
  }
  const claims = [suggestion.title, suggestion.rationale, suggestion.recommendedAction];
  const unknownMentioned = [...new Set(claims.flatMap((text) => aliasLikeTokens(text, facts)))].filter(
    (alias) => !facts.facts.has(alias),
  );
  if (unknownMentioned.length > 0) {
    return drop(
      'unknown-alias',
      `Refers to ${unknownMentioned.join(', ')}, which ${unknownMentioned.length === 1 ? 'is' : 'are'} not in the record sent.`,
    );
  }

  for (const quote of suggestion.quotedFacts) {
    if (!evidence.includes(quote.alias)) {
      return drop('unsupported-quote', `Quotes ${quote.alias}, which it does not cite as evidence.`);
    }
    const lines = facts.facts.get(quote.alias) ?? [];
    if (!lines.some((line) => normalizeForQuote(line.text).includes(normalizeForQuote(quote.text)))) {
      return drop('unsupported-quote', `The quote "${truncate(quote.text)}" is not in fact ${quote.alias}.`);
    }
  }

  const citedLines = evidence.flatMap((alias) => facts.facts.get(alias) ?? []);
  for (const text of claims) {
    for (const stated of extractStatedNumbers(text)) {
      if (!isSupported(stated, citedLines)) {
        return drop(
          'unsupported-number',
          `States ${stated.raw}, which no cited fact (${evidence.join(', ')}) states.`,
        );
      }
    }
  }
  return { ok: true, value: suggestion };
}

function isSupported(stated: StatedNumber, lines: readonly FactLine[]): boolean {
  return stated.kind === 'quantity'
    ? lines.some((line) => quantitySupported(stated, line))
    : lines.some((line) => timeSupported(stated, line));
}

/**
 * A value is supported by a cited line stating the same value. With a unit, the line must give that unit for
 * it — right after the value, or, when the line gives the value bare, anywhere in the line ("eGFR
 * (mL/min/1.73m2): 41.6"). A bare value is also supported by a relative time of the same magnitude
 * ("67-year-old" and "67y").
 */
function quantitySupported(stated: StatedQuantity, line: FactLine): boolean {
  return line.numbers.some((fact) => {
    if (fact.kind === 'relative-time') return stated.unit === undefined && fact.magnitude === stated.value;
    if (fact.value !== stated.value) return false;
    if (stated.unit === undefined || fact.unit === stated.unit) return true;
    return fact.unit === undefined && lineMentionsUnit(line.structured, stated.unit);
  });
}

function lineMentionsUnit(structured: string, unit: string): boolean {
  return unitsMentioned(structured).has(unit);
}

/** Same magnitude and unit; a stated direction must agree with the fact's ("412 days ago" is not "+412d"). */
function timeSupported(stated: StatedRelativeTime, line: FactLine): boolean {
  return line.numbers.some(
    (fact) =>
      fact.kind === 'relative-time' &&
      fact.magnitude === stated.magnitude &&
      fact.unit === stated.unit &&
      (stated.direction === 'unspecified' ||
        fact.direction === 'unspecified' ||
        fact.direction === stated.direction),
  );
}

/** Tokens shaped like the context's aliases (a prefix it uses, then digits), wherever the prose has them. */
function aliasLikeTokens(text: string, facts: FactIndex): string[] {
  const tokens = text.match(/(?<![\p{L}\p{N}])[A-Za-z]{1,4}\d{1,6}(?![\p{L}\p{N}])/gu) ?? [];
  return tokens.filter((token) => facts.aliasPrefixes.has(aliasPrefix(token)));
}

/** Quotes compare ignoring case, spacing, typographic quotes, surrounding ellipses and number formatting. */
function normalizeForQuote(text: string): string {
  return canonicalizeNumbersIn(
    text
      .normalize('NFKC')
      .toLowerCase()
      .replace(/[\u2018\u2019]/g, "'")
      .replace(/[\u201c\u201d]/g, '"')
      .replace(/\s+/g, ' ')
      .trim()
      .replace(/^(?:\.\.\.|…)\s*|\s*(?:\.\.\.|…)$/g, ''),
  );
}

function categoryOf(candidate: unknown): unknown {
  return typeof candidate === 'object' && candidate !== null && 'category' in candidate
    ? candidate.category
    : undefined;
}

function describeValue(value: unknown): string {
  return typeof value === 'string' ? `"${truncate(value)}"` : 'missing';
}

function truncate(text: string, maxChars = 60): string {
  return text.length <= maxChars ? text : `${text.slice(0, maxChars - 1)}…`;
}
