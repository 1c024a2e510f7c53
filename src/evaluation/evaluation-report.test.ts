import { describe, expect, it } from 'vitest';
import { EvaluationReportBuilder, ruleIdOf } from './evaluation-report.ts';

const female = { sex: 'female', race: 'White', ethnicity: 'unknown', ageBand: '40–64' };
const male = { sex: 'male', race: 'Asian', ethnicity: 'unknown', ageBand: '65–79' };

describe('ruleIdOf', () => {
  it('is the id up to the first colon', () => {
    expect(ruleIdOf('statin-indication:ascvd')).toBe('statin-indication');
    expect(ruleIdOf('a:b:c')).toBe('a');
    expect(ruleIdOf('no-colon')).toBe('no-colon');
  });
});

describe('EvaluationReportBuilder', () => {
  it('counts patients per group and per rule, rates and ratios', () => {
    const builder = new EvaluationReportBuilder();
    builder.add(female, { fired: new Set(['r1']), insufficient: new Set() });
    builder.add(female, { fired: new Set(['r1']), insufficient: new Set(['r2']) });
    builder.add(male, { fired: new Set(), insufficient: new Set(['r2']) });
    builder.add(male, { fired: new Set(), insufficient: new Set() });
    const report = builder.build('last-activity', { ms: 2000, peakRssMb: 100 });
    expect(report.patients).toBe(4);
    expect(report.groups.sex).toEqual({ female: { patients: 2 }, male: { patients: 2 } });
    expect(report.rules.map((rule) => rule.rule)).toEqual(['r1', 'r2']);
    const r1 = report.rules[0];
    expect(r1).toMatchObject({ rule: 'r1', fired: 2, rate: 0.5, insufficient: 0 });
    expect(r1?.byGroup.sex.female).toMatchObject({ patients: 2, fired: 2, rate: 1, rateRatio: 2 });
    expect(r1?.byGroup.sex.male).toMatchObject({ patients: 2, fired: 0, rateRatio: null, ci95: null });
    expect(report.rules[1]).toMatchObject({ rule: 'r2', fired: 0, insufficient: 2 });
    expect(report.timing).toEqual({ ms: 2000, patientsPerSecond: 2, peakRssMb: 100 });
  });
});
