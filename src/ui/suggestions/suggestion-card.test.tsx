// @vitest-environment jsdom
// The scores a finding was decided on, on its card: one line under the rationale, the publication on hover.
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { SourceRef } from '../../context/context-types.ts';
import type { Finding } from '../../reasoning/finding.ts';
import { LISINOPRIL, egfr, runRule, series, type ContextInit } from '../../reasoning/rules/rule-test-kit.ts';
import { statinIndicationRule } from '../../reasoning/rules/statin-indication.ts';
import type { ResourceLookup } from '../evidence/describe-resource.ts';
import { SuggestionCard } from './suggestion-card.tsx';

afterEach(() => {
  cleanup();
});

/** A 70-year-old smoker with high cholesterol and no statin: the statin rule fires on his 10-year risk. */
const HIGH_RISK: ContextInit = {
  ageYears: 70,
  sex: 'male',
  labs: [
    series('2093-3', 'Total cholesterol', 'mg/dL', [[240, 60]], 'tc'),
    series('2085-9', 'HDL cholesterol', 'mg/dL', [[35, 60]], 'hdl'),
    egfr([[90, 60]]),
  ],
  bloodPressure: [[160, 80, 20]],
  smoking: 'Current every day smoker',
  medications: [LISINOPRIL],
};

const lookup: ResourceLookup = (source: SourceRef) => ({
  key: `${source.resourceType}/${source.id}`,
  kind: 'Laboratory result',
  what: source.id,
  value: undefined,
  whenMs: undefined,
  status: 'final',
  found: true,
});

function renderCard(finding: Finding): HTMLElement {
  render(
    <SuggestionCard
      finding={finding}
      decision={undefined}
      lookup={lookup}
      nowMs={0}
      onOpenEvidence={() => undefined}
      onAccept={() => undefined}
      onDismiss={() => undefined}
      onSnooze={() => undefined}
    />,
  );
  return screen.getByRole('article');
}

function statinFinding(): Finding {
  const finding = runRule(statinIndicationRule, HIGH_RISK).findings[0];
  if (finding === undefined) throw new Error('the statin rule did not fire');
  return finding;
}

describe('SuggestionCard scores', () => {
  it('shows the scores a finding cites, with the publication as the title', () => {
    const finding = statinFinding();
    const scores = finding.scores ?? [];
    expect(scores.length).toBeGreaterThan(0);
    const card = renderCard(finding);
    const line = card.querySelector('.suggestion-scores');
    expect(line?.textContent).toMatch(
      /^Scores? used: 10-year ASCVD risk \(Pooled Cohort Equations\) \d+(\.\d)? %/u,
    );
    for (const score of scores) {
      const part = card.querySelector<HTMLElement>(`[data-score-id="${score.id}"]`);
      expect(part?.textContent).toContain(`${score.label} ${String(Math.round(score.value * 10) / 10)} %`);
      expect(part?.title).toBe(score.source);
    }
  });

  it('shows no score line for a finding that cites none', () => {
    const { scores, ...withoutScores } = statinFinding();
    expect(scores).toBeDefined();
    const card = renderCard(withoutScores);
    expect(card.querySelector('.suggestion-scores')).toBeNull();
    expect(card.textContent).not.toContain('used:');
  });
});
