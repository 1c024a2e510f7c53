import { describe, expect, it } from 'vitest';
import { qtRiskRule } from './qt-risk.ts';
import {
  firedIds,
  insufficientFor,
  medication,
  potassium,
  series,
  ungroundedFindings,
  type ContextInit,
} from './rule-test-kit.ts';

const CITALOPRAM = medication('citalopram 20 MG Oral Tablet', { id: 'm-citalopram' });
const qtc = (value: number): ReturnType<typeof series> =>
  series('8636-3', 'QTc interval', 'ms', [[value, 5]], 'qtc');

describe('qt-risk (AHA/ACCF 2010: K < 3.5 or QTc > 500 ms on a QT-prolonging drug)', () => {
  it.each<[string, ContextInit, string[]]>([
    ['K 3.4 on citalopram', { medications: [CITALOPRAM], labs: [potassium([[3.4, 5]])] }, ['qt-risk']],
    ['K 3.5 on citalopram', { medications: [CITALOPRAM], labs: [potassium([[3.5, 5]])] }, []],
    [
      'QTc 501 ms on citalopram',
      { medications: [CITALOPRAM], labs: [potassium([[4.2, 5]]), qtc(501)] },
      ['qt-risk'],
    ],
    ['QTc 500 ms on citalopram', { medications: [CITALOPRAM], labs: [potassium([[4.2, 5]]), qtc(500)] }, []],
    ['K 3.0 without a QT drug', { labs: [potassium([[3.0, 5]])] }, []],
  ])('%s', (_, init, expected) => {
    expect(firedIds(qtRiskRule, init)).toEqual(expected);
    expect(ungroundedFindings(qtRiskRule, init)).toEqual([]);
  });

  it('reports no potassium or QTc', () => {
    expect(insufficientFor(qtRiskRule, { medications: [CITALOPRAM] })).toEqual([
      'on a QT-prolonging drug with no potassium or QTc in the last 12 months',
    ]);
  });
});
