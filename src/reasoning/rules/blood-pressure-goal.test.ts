import { describe, expect, it } from 'vitest';
import { bloodPressureGoalRule } from './blood-pressure-goal.ts';
import {
  firedIds,
  HYPERTENSION,
  insufficientFor,
  runRule,
  ungroundedFindings,
  type ContextInit,
} from './rule-test-kit.ts';

describe('bp-above-goal (ACC/AHA 2017: two readings ≥ 130/80)', () => {
  it.each<[string, ContextInit, string[]]>([
    [
      'hypertension, 130/70 and 128/80',
      {
        ageYears: 60,
        problems: [HYPERTENSION],
        bloodPressure: [
          [130, 70, 10],
          [128, 80, 40],
        ],
      },
      ['bp-above-goal:treated'],
    ],
    [
      'hypertension, 129/79 twice',
      {
        ageYears: 60,
        problems: [HYPERTENSION],
        bloodPressure: [
          [129, 79, 10],
          [129, 79, 40],
        ],
      },
      [],
    ],
    [
      'hypertension, one high and one at goal',
      {
        ageYears: 60,
        problems: [HYPERTENSION],
        bloodPressure: [
          [150, 95, 10],
          [120, 70, 40],
        ],
      },
      [],
    ],
    [
      'no diagnosis, 142/92 twice',
      {
        ageYears: 40,
        bloodPressure: [
          [142, 92, 10],
          [141, 91, 100],
        ],
      },
      ['bp-above-goal:undiagnosed'],
    ],
    [
      'two readings the same day count once',
      {
        ageYears: 40,
        bloodPressure: [
          [142, 92, 10],
          [150, 95, 10],
        ],
      },
      [],
    ],
    [
      'an implausible reading is skipped',
      {
        ageYears: 40,
        bloodPressure: [
          [142, 92, 10],
          [80, 95, 20],
          [141, 91, 100],
        ],
      },
      ['bp-above-goal:undiagnosed'],
    ],
    [
      'readings more than a year old',
      {
        ageYears: 60,
        problems: [HYPERTENSION],
        bloodPressure: [
          [150, 95, 400],
          [150, 95, 500],
        ],
      },
      [],
    ],
    [
      'a child (AAP 2017 percentiles)',
      {
        ageYears: 11,
        bloodPressure: [
          [125, 81, 10],
          [130, 82, 200],
        ],
      },
      [],
    ],
  ])('%s', (_, init, expected) => {
    expect(firedIds(bloodPressureGoalRule, init)).toEqual(expected);
    expect(ungroundedFindings(bloodPressureGoalRule, init)).toEqual([]);
  });

  it('is soon when both readings are 160/100 or more', () => {
    const init: ContextInit = {
      ageYears: 60,
      problems: [HYPERTENSION],
      bloodPressure: [
        [186, 107, 1],
        [163, 108, 372],
      ],
    };
    expect(runRule(bloodPressureGoalRule, init).findings[0]?.urgency).toBe('soon');
    expect(
      runRule(bloodPressureGoalRule, {
        ...init,
        bloodPressure: [
          [150, 90, 1],
          [163, 108, 30],
        ],
      }).findings[0]?.urgency,
    ).toBe('routine');
  });

  it('reports what is missing', () => {
    expect(insufficientFor(bloodPressureGoalRule, { ageYears: 60, problems: [HYPERTENSION] })).toEqual([
      'hypertension with no BP in the last 12 months',
    ]);
    expect(insufficientFor(bloodPressureGoalRule, { ageYears: 60, bloodPressure: [[150, 95, 10]] })).toEqual([
      'one BP reading above goal, no second reading',
    ]);
  });
});
