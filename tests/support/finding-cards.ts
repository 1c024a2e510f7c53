// Test-only: the findings a clinician sees, as `chartside suggest --json` prints them and as the Suggestions panel
// shows them, in one shape, so parity tests compare like with like.
import { within } from '@testing-library/react';
import { expect } from 'vitest';
import { createSuggestCommand, type SuggestJson } from '../../src/cli/suggest-command.ts';
import { captureIo } from './capture-io.ts';

export interface Card {
  readonly id: string;
  readonly title: string;
  /** Among the first ones shown (the rest behind "Show N more"). */
  readonly shown: boolean;
  /** `Type/id` of each piece of evidence, in order. */
  readonly evidence: readonly string[];
}

const rulesOnly = createSuggestCommand({
  env: {},
  createModelClient: () => Promise.reject(new Error('no model is configured in these tests')),
});

/** What `chartside suggest <bundle> --now <date> --json` prints, rules only. */
export async function cliCards(bundlePath: string, date: string): Promise<Card[]> {
  const io = captureIo();
  const code = await rulesOnly([bundlePath, '--now', date, '--json'], io);
  expect(code, io.err()).toBe(0);
  const json = JSON.parse(io.out()) as SuggestJson;
  return json.suggestions.map((entry) => ({
    id: entry.id,
    title: entry.title,
    shown: entry.shown,
    evidence: entry.evidence.map((source) => `${source.resourceType}/${source.id}`),
  }));
}

/** The cards on screen in a Suggestions region, in order. */
export function cardsIn(region: HTMLElement): Omit<Card, 'shown'>[] {
  return [...region.querySelectorAll<HTMLElement>('article[data-finding-id]')].map((article) => ({
    id: article.dataset.findingId ?? '',
    title: within(article).getByRole('heading').textContent,
    evidence: [...article.querySelectorAll<HTMLElement>('button[data-source]')].map(
      (chip) => chip.dataset.source ?? '',
    ),
  }));
}
