import { describe, expect, it } from 'vitest';
import type { Finding } from '../finding.ts';
import { checkRuleFindingGrounded } from './rule-grounding.ts';
import { egfr, makeContext, METFORMIN, PATIENT } from './rule-test-kit.ts';

const context = makeContext({ ageYears: 68, medications: [METFORMIN], labs: [egfr([[41.6, 156]])] });
const base: Finding = {
  id: 'test',
  origin: 'rules',
  title: 'Metformin with eGFR 41.6 mL/min/1.73m2',
  category: 'medication-safety',
  urgency: 'soon',
  rationale:
    'Metformin hydrochloride 500 mg, ER oral tablet is active at age 68; the latest eGFR is 41.6 mL/min/1.73m2 (156 days ago).',
  recommendedAction: 'Do not start at eGFR 30–45 (thresholds are not checked).',
  evidence: [METFORMIN.source, { resourceType: 'Observation', id: 'egfr-1' }, PATIENT],
  source: { kind: 'guideline', guideline: 'KDIGO', year: 2022 },
};

describe('checkRuleFindingGrounded', () => {
  it('accepts numbers the cited resources state', () => {
    expect(checkRuleFindingGrounded(base, context)).toEqual({ ok: true });
  });

  it.each<[string, Partial<Finding>]>([
    ['a threshold in the rationale', { rationale: 'The latest eGFR is 41.6 mL/min/1.73m2, below 45.' }],
    ['a value from a resource it does not cite', { evidence: [METFORMIN.source] }],
    ['a rounded value', { title: 'Metformin with eGFR 42 mL/min/1.73m2' }],
    ['a wrong time', { rationale: 'The latest eGFR is 41.6 mL/min/1.73m2 (150 days ago).' }],
  ])('rejects %s', (_, change) => {
    const result = checkRuleFindingGrounded({ ...base, ...change }, context);
    expect(result.ok).toBe(false);
  });
});
