// The browser's token estimate against the real o200k count, on the compact context of every fixture patient:
// with and without free text and sensitive categories, at several budgets. The estimate must never fall below
// the real count (else a context "within budget" could overflow the model call) and must not waste more than
// ~15 % of the budget. Rendering with the estimate as the counter must then keep the real count in budget.
import type { Bundle } from 'fhir/r4';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { describe, expect, it } from 'vitest';
import { buildClinicalContext, type ClinicalContextOptions } from './clinical-context.ts';
import { renderCompactContext } from './compact-context.ts';
import { buildPatientRecordFromBundle } from '../record/record-from-bundle.ts';
import { SENSITIVE_CATEGORIES } from './sensitive-categories.ts';
import { estimateTokens } from './token-estimate.ts';

const FIXTURES = import.meta.glob<string>('../../mocks/fixtures/synthea/*.json', {
  query: '?raw',
  import: 'default',
  eager: true,
});
const NOW_MS = Date.parse('2026-11-25T00:00:00Z');
const MAX_OVERESTIMATE = 1.15;

const POLICIES: readonly {
  readonly label: string;
  readonly options: Omit<ClinicalContextOptions, 'nowMs'>;
}[] = [
  { label: 'default policy', options: {} },
  {
    label: 'free text and every sensitive category',
    options: { includeFreeText: true, includeSensitiveCategories: SENSITIVE_CATEGORIES },
  },
];
const BUDGETS = [100_000, 4_000, 1_500] as const;

const cases = Object.entries(FIXTURES).flatMap(([path, raw]) => {
  const name = path.slice(path.lastIndexOf('/') + 1, -'.json'.length);
  const assembled = buildPatientRecordFromBundle(JSON.parse(raw) as Bundle);
  if (!assembled.ok) throw new Error(`${name}: ${assembled.issues.join('; ')}`);
  return POLICIES.map((policy) => ({
    name: `${name}, ${policy.label}`,
    context: buildClinicalContext(assembled.value.record, { nowMs: NOW_MS, ...policy.options }),
  }));
});

describe('estimateTokens', () => {
  it('has every fixture patient to check against', () => {
    expect(Object.keys(FIXTURES).length).toBeGreaterThanOrEqual(12);
  });

  it.each(cases)('$name: at or above the real o200k count, within 15 %', ({ context }) => {
    for (const budgetTokens of BUDGETS) {
      const { text } = renderCompactContext(context, { countTokens, budgetTokens });
      const real = countTokens(text);
      const estimate = estimateTokens(text);
      expect(estimate).toBeGreaterThanOrEqual(real);
      expect(estimate / real).toBeLessThanOrEqual(MAX_OVERESTIMATE);
    }
  });

  it.each(cases)('$name: a context fitted with the estimate fits the real budget', ({ context }) => {
    for (const budgetTokens of [4_000, 1_500]) {
      const compact = renderCompactContext(context, { countTokens: estimateTokens, budgetTokens });
      expect(compact.withinBudget).toBe(true);
      expect(countTokens(compact.text)).toBeLessThanOrEqual(budgetTokens);
    }
  });

  it('counts nothing for the empty string and at least one token for anything else', () => {
    expect(estimateTokens('')).toBe(0);
    expect(estimateTokens(' ')).toBe(1);
    expect(estimateTokens('a')).toBeGreaterThanOrEqual(1);
  });

  it.each([
    'Paciente con diabetes mellitus tipo 2 y nefropatía; creatinina 1,8 mg/dL.',
    '患者は糖尿病と慢性腎臓病を持っています。',
    '«Patient reports dizziness» — µg/mL ≥ 5',
    'eGFR 28 mL/min/1.73m2 -412d n=13; -4.1/y falling (-22% over 4.1y)',
  ])('stays at or above the real count for %s', (text) => {
    expect(estimateTokens(text)).toBeGreaterThanOrEqual(countTokens(text));
  });
});
