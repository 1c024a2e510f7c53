import { describe, expect, it } from 'vitest';
import { abnormalNoRepeatRule } from './abnormal-no-repeat.ts';
import {
  firedIds,
  LISINOPRIL,
  potassium,
  runRule,
  series,
  ungroundedFindings,
  type ContextInit,
} from './rule-test-kit.ts';

const hemoglobin = (values: readonly (readonly [number, number])[]): ReturnType<typeof series> =>
  series('718-7', 'Hemoglobin', 'g/dL', values, 'hgb');
const sodium = (values: readonly (readonly [number, number])[]): ReturnType<typeof series> =>
  series('2947-0', 'Sodium', 'mmol/L', values, 'na');

describe('abnormal-no-repeat (NASEM 2015: close the loop on abnormal results)', () => {
  it.each<[string, ContextInit, string[]]>([
    [
      'Hb 9.5 g/dL 40 days ago, not repeated',
      { labs: [hemoglobin([[9.5, 40]])] },
      ['abnormal-no-repeat:hemoglobin'],
    ],
    ['Hb 9.5 g/dL 20 days ago: still in its repeat window', { labs: [hemoglobin([[9.5, 20]])] }, []],
    ['Hb 10 g/dL is not below 10', { labs: [hemoglobin([[10, 40]])] }, []],
    [
      'Hb low then repeated normal',
      {
        labs: [
          hemoglobin([
            [9.5, 80],
            [12, 40],
          ]),
        ],
      },
      [],
    ],
    ['K 2.9 10 days ago', { labs: [potassium([[2.9, 10]])] }, ['abnormal-no-repeat:potassium']],
    ['K 6.1 today: critical at once', { labs: [potassium([[6.1, 0]])] }, ['abnormal-no-repeat:potassium']],
    [
      'K 6.1 on an ACE inhibitor: left to hyperkalaemia-raas',
      { medications: [LISINOPRIL], labs: [potassium([[6.1, 0]])] },
      [],
    ],
    ['Na 119 yesterday: critical', { labs: [sodium([[119, 1]])] }, ['abnormal-no-repeat:sodium']],
    ['Hb 9 g/dL four years ago: history', { labs: [hemoglobin([[9, 1500]])] }, []],
  ])('%s', (_, init, expected) => {
    expect(firedIds(abnormalNoRepeatRule, init)).toEqual(expected);
    expect(ungroundedFindings(abnormalNoRepeatRule, init)).toEqual([]);
  });

  it('is urgent only for critical values', () => {
    expect(runRule(abnormalNoRepeatRule, { labs: [potassium([[6.1, 0]])] }).findings[0]?.urgency).toBe(
      'urgent',
    );
    expect(runRule(abnormalNoRepeatRule, { labs: [hemoglobin([[9.5, 40]])] }).findings[0]?.urgency).toBe(
      'soon',
    );
  });
});
