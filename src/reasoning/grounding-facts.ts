// The facts of a compact context, by alias: what the model could cite, and what each citation stands for.
// The facts for alias X are the line(s) of the context text in which X appears as a whole token. Free text
// fenced with « » (notes, comments) is record data but not trusted: an alias written inside a fence does not
// make that line a fact of the alias, and numbers inside a fence can be quoted but never ground a claim.
import { ALIAS_PATTERN } from '../api-contract/suggestions-contract.ts';
import { FREE_TEXT_FENCE } from './model-prompt.ts';
import { extractStatedNumbers, type StatedNumber } from './grounding-numbers.ts';

export interface FactLine {
  /** The whole line, fenced free text included: what a quote may copy. */
  readonly text: string;
  /** The line with fenced free text blanked out: what the alias token and grounding numbers come from. */
  readonly structured: string;
  /** Numbers stated in the structured part. */
  readonly numbers: readonly StatedNumber[];
}

export interface FactIndex {
  /** Aliases sent with the context that label at least one line, with their lines. */
  readonly facts: ReadonlyMap<string, readonly FactLine[]>;
  /** Letter prefixes in use (`L`, `M`, …): a token like `L99` in prose is then read as an alias. */
  readonly aliasPrefixes: ReadonlySet<string>;
}

export interface SentContext {
  readonly text: string;
  readonly aliases: readonly string[];
}

export function buildFactIndex(context: SentContext): FactIndex {
  const lines = context.text.split(/\r?\n/);
  const structuredLines = blankFencedText(context.text).split(/\r?\n/);
  const facts = new Map<string, FactLine[]>();
  const aliasPrefixes = new Set<string>();
  const wanted = new Set(context.aliases.filter((alias) => ALIAS_PATTERN.test(alias)));
  for (const alias of wanted) aliasPrefixes.add(aliasPrefix(alias));

  structuredLines.forEach((structured, lineIndex) => {
    const tokens = new Set(structured.match(/[\p{L}\p{N}]+/gu) ?? []);
    const text = lines[lineIndex] ?? structured;
    let line: FactLine | undefined;
    for (const token of tokens) {
      if (!wanted.has(token)) continue;
      line ??= { text, structured, numbers: extractStatedNumbers(structured) };
      const existing = facts.get(token);
      if (existing) existing.push(line);
      else facts.set(token, [line]);
    }
  });
  return { facts, aliasPrefixes };
}

export function aliasPrefix(alias: string): string {
  return alias.replace(/\d+$/, '');
}

/**
 * The text with every fenced span's content replaced by spaces (line breaks kept, so lines still align).
 * A fence left open runs to the end of the text: unterminated free text is still free text.
 */
export function blankFencedText(text: string): string {
  let out = '';
  let depth = 0;
  for (const char of text) {
    if (char === FREE_TEXT_FENCE.open) {
      depth += 1;
      out += ' ';
    } else if (char === FREE_TEXT_FENCE.close && depth > 0) {
      depth -= 1;
      out += ' ';
    } else {
      out += depth > 0 && char !== '\n' && char !== '\r' ? ' ' : char;
    }
  }
  return out;
}
