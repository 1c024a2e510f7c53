import { describe, expect, it } from 'vitest';
import { fnv1aHex, modelFindingId, modelSuggestionToFinding, parseSourceKey } from './model-finding.ts';
import type { ModelSuggestion } from './suggestion-schema.ts';

const suggestion: ModelSuggestion = {
  title: 'Metformin with eGFR 41.6',
  category: 'medication-safety',
  urgency: 'soon',
  rationale: 'eGFR 41.6 (L2) on metformin (M3).',
  recommendedAction: 'Review the dose.',
  evidence: ['M3', 'L2', 'M3'],
  quotedFacts: [],
};
const aliases = { M3: 'MedicationRequest/med-1', L2: 'Observation/egfr-1', P1: 'Condition/c1' };

describe('modelSuggestionToFinding', () => {
  it('resolves aliases to the resources they stand for and names the deployment', () => {
    expect(modelSuggestionToFinding(suggestion, aliases, 'gpt-4o-mini')).toEqual({
      id: modelFindingId('medication-safety', ['MedicationRequest/med-1', 'Observation/egfr-1']),
      origin: 'model',
      title: suggestion.title,
      category: 'medication-safety',
      urgency: 'soon',
      rationale: suggestion.rationale,
      recommendedAction: suggestion.recommendedAction,
      evidence: [
        { resourceType: 'MedicationRequest', id: 'med-1' },
        { resourceType: 'Observation', id: 'egfr-1' },
      ],
      source: { kind: 'model', deployment: 'gpt-4o-mini' },
    });
  });

  it('gives the same id for the same category and resources, in any order, and another otherwise', () => {
    const id = modelSuggestionToFinding(suggestion, aliases, 'd').id;
    expect(
      modelSuggestionToFinding({ ...suggestion, evidence: ['L2', 'M3'], title: 'Other words' }, aliases, 'd')
        .id,
    ).toBe(id);
    expect(modelSuggestionToFinding({ ...suggestion, category: 'lab-follow-up' }, aliases, 'd').id).not.toBe(
      id,
    );
    expect(modelSuggestionToFinding({ ...suggestion, evidence: ['M3'] }, aliases, 'd').id).not.toBe(id);
    expect(id).toMatch(/^model:medication-safety:[0-9a-f]{8}$/);
  });

  it('drops aliases it cannot resolve', () => {
    expect(
      modelSuggestionToFinding({ ...suggestion, evidence: ['L2', 'X9'] }, aliases, 'd').evidence,
    ).toEqual([{ resourceType: 'Observation', id: 'egfr-1' }]);
  });
});

describe('helpers', () => {
  it.each<[string, ReturnType<typeof parseSourceKey>]>([
    ['Observation/abc-1', { resourceType: 'Observation', id: 'abc-1' }],
    ['Observation', undefined],
    ['http://x/Observation/1', undefined],
  ])('parseSourceKey(%s)', (key, expected) => {
    expect(parseSourceKey(key)).toEqual(expected);
  });

  it('hashes with FNV-1a (reference vectors)', () => {
    expect(fnv1aHex('')).toBe('811c9dc5');
    expect(fnv1aHex('a')).toBe('e40c292c');
    expect(fnv1aHex('foobar')).toBe('bf9cf968');
  });
});
