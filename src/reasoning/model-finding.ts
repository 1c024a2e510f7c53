// A grounded model suggestion as a Finding: its aliases resolved to the resources they stand for (the alias
// map stays on our side; the model never sees an id), and an id that is the same whenever the model raises the
// same kind of point about the same resources, so that a clinician's dismissal sticks across launches.
import type { SourceRef } from '../context/context-types.ts';
import type { Finding } from './finding.ts';
import type { ModelSuggestion } from './suggestion-schema.ts';

/** `Type/id` → SourceRef; undefined for anything else. */
export function parseSourceKey(key: string): SourceRef | undefined {
  const match = /^([A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})$/.exec(key);
  return match?.[1] === undefined || match[2] === undefined
    ? undefined
    : { resourceType: match[1], id: match[2] };
}

/** 32-bit FNV-1a as 8 hex digits: short, stable, and enough to tell apart one patient's suggestions. */
export function fnv1aHex(text: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/** `model:<category>:<hash of the sorted cited Type/id keys>`. */
export function modelFindingId(category: string, evidenceKeys: readonly string[]): string {
  return `model:${category}:${fnv1aHex([...new Set(evidenceKeys)].sort().join('|'))}`;
}

export function modelSuggestionToFinding(
  grounded: ModelSuggestion,
  aliases: Readonly<Record<string, string>>,
  deployment: string,
): Finding {
  const keys = [...new Set(grounded.evidence)].flatMap((alias) => {
    const key = Object.hasOwn(aliases, alias) ? aliases[alias] : undefined;
    return key === undefined ? [] : [key];
  });
  const evidence = [...new Set(keys)].flatMap((key) => {
    const source = parseSourceKey(key);
    return source === undefined ? [] : [source];
  });
  return {
    id: modelFindingId(grounded.category, evidence.length === 0 ? [grounded.title] : keys),
    origin: 'model',
    title: grounded.title,
    category: grounded.category,
    urgency: grounded.urgency,
    rationale: grounded.rationale,
    recommendedAction: grounded.recommendedAction,
    evidence,
    source: { kind: 'model', deployment },
  };
}
