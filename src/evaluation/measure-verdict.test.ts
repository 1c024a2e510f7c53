import { describe, expect, it } from 'vitest';
import { compareWithMeasure, expectedOutcome } from './measure-agreement.ts';
import { verdictFromGroups, type PopulationResult } from './measure-verdict.ts';

const populations = (...types: string[]): PopulationResult[] =>
  ['initial-population', 'denominator', 'denominator-exclusion', 'denominator-exception', 'numerator'].map(
    (populationType) => ({ populationType, result: types.includes(populationType) }),
  );

describe('verdictFromGroups', () => {
  it.each<[string, PopulationResult[][], string, number | undefined]>([
    ['not in the population', [populations('initial-population')], 'outside', undefined],
    ['in the denominator only', [populations('initial-population', 'denominator')], 'denominator', 1],
    [
      'excluded (fqm reports the denominator too)',
      [populations('initial-population', 'denominator', 'denominator-exclusion', 'numerator')],
      'excluded',
      1,
    ],
    ['in the numerator', [populations('denominator', 'numerator')], 'numerator', 1],
    ['excepted', [populations('denominator', 'denominator-exception')], 'excepted', 1],
    [
      'the group whose denominator holds the patient (CMS347 group 3)',
      [populations(), populations(), populations('initial-population', 'denominator')],
      'denominator',
      3,
    ],
  ])('%s', (_, groups, status, group) => {
    expect(verdictFromGroups(groups)).toEqual({ status, group });
  });
});

describe('what a verdict asks of Chartside', () => {
  it.each<[Parameters<typeof expectedOutcome>[0], string, string]>([
    ['CMS125', 'denominator', 'raise'],
    ['CMS125', 'numerator', 'quiet'],
    ['CMS125', 'excluded', 'quiet'],
    ['CMS347', 'excepted', 'quiet'],
    ['CMS122', 'numerator', 'raise'],
    ['CMS122', 'denominator', 'no-missing-a1c'],
    ['CMS130', 'outside', 'not-compared'],
  ])('%s %s → %s', (measure, status, expected) => {
    expect(expectedOutcome(measure, { status: status as never, group: 1 })).toBe(expected);
  });

  it("reads only the measure's own findings", () => {
    const verdict = { status: 'denominator', group: 1 } as const;
    expect(compareWithMeasure('CMS130', verdict, ['screening-hepatitis-c']).agrees).toBe(false);
    expect(compareWithMeasure('CMS130', verdict, ['screening-colorectal']).agrees).toBe(true);
    expect(compareWithMeasure('CMS347', verdict, ['statin-indication:ascvd']).raised).toEqual([
      'statin-indication:ascvd',
    ]);
  });

  it('lets ADA\'s tighter goal speak in CMS122\'s controlled patients, but not "no HbA1c"', () => {
    const verdict = { status: 'denominator', group: 1 } as const;
    expect(compareWithMeasure('CMS122', verdict, ['a1c-above-goal']).agrees).toBe(true);
    expect(compareWithMeasure('CMS122', verdict, ['a1c-overdue:none']).agrees).toBe(false);
  });
});
