import { describe, expect, it } from 'vitest';
import { evaluateRules, RULES } from './evaluate-rules.ts';
import { checkRuleFindingGrounded } from './rule-grounding.ts';
import {
  DIABETES,
  DIGOXIN,
  egfr,
  HYPERTENSION,
  makeContext,
  METFORMIN,
  VERAPAMIL,
  WARFARIN,
  type ContextInit,
} from './rule-test-kit.ts';

const SICK_68: ContextInit = {
  ageYears: 68,
  sex: 'male',
  problems: [DIABETES, HYPERTENSION],
  medications: [METFORMIN, WARFARIN, DIGOXIN, VERAPAMIL],
  labs: [
    egfr([
      [86.9, 170],
      [25, 2],
    ]),
  ],
  bloodPressure: [
    [161, 97, 20],
    [181, 100, 200],
  ],
};

describe('evaluateRules', () => {
  it('has at least 15 rules, each with a guideline and a year', () => {
    expect(RULES.length).toBeGreaterThanOrEqual(15);
    expect(new Set(RULES.map((rule) => rule.id)).size).toBe(RULES.length);
    for (const rule of RULES) {
      expect(rule.source.guideline).not.toBe('');
      expect(rule.source.year).toBeGreaterThanOrEqual(2010);
    }
  });

  it('raises findings for a living patient, each grounded in what it cites', () => {
    const context = makeContext(SICK_68);
    const result = evaluateRules(context);
    expect(result.findings.map((finding) => finding.id)).toEqual(
      expect.arrayContaining(['metformin-egfr:stop', 'warfarin-inr:overdue', 'digoxin-elderly']),
    );
    expect(result.suppressed).toEqual([]);
    for (const finding of result.findings) {
      expect(finding.origin).toBe('rules');
      expect(finding.evidence.length).toBeGreaterThan(0);
      expect(checkRuleFindingGrounded(finding, context)).toEqual({ ok: true });
    }
  });

  it('raises nothing for a patient who died before the date seen, and keeps what it suppressed', () => {
    const result = evaluateRules(makeContext({ ...SICK_68, diedDaysBeforeNow: 5 }));
    expect(result.findings).toEqual([]);
    expect(result.suppressed.map((entry) => entry.finding.id)).toContain('metformin-egfr:stop');
    expect(new Set(result.suppressed.map((entry) => entry.reason))).toEqual(new Set(['deceased']));
  });

  it('judges a patient whose recorded death is after the date seen as alive then', () => {
    const result = evaluateRules(makeContext({ ...SICK_68, diedDaysBeforeNow: -1 }));
    expect(result.findings.map((finding) => finding.id)).toContain('metformin-egfr:stop');
    expect(result.suppressed).toEqual([]);
  });

  it('gives the same findings whatever the order of its inputs', () => {
    const reversed = { ...SICK_68, medications: [...(SICK_68.medications ?? [])].reverse() };
    const ids = (init: ContextInit): string[] =>
      evaluateRules(makeContext(init))
        .findings.map((finding) => finding.id)
        .sort();
    expect(ids(reversed)).toEqual(ids(SICK_68));
  });

  it('gives an empty result for an empty context, with what it could not judge', () => {
    const result = evaluateRules(makeContext({}));
    expect(result.findings).toEqual([]);
    expect(result.insufficient.map((item) => item.ruleId)).toContain('screening-hepatitis-c');
  });

  it('refuses a date seen that is not a number (programmer error)', () => {
    expect(() => evaluateRules({ ...makeContext({}), nowMs: Number.NaN })).toThrow();
  });
});
