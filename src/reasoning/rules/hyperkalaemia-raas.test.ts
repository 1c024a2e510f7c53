import { describe, expect, it } from 'vitest';
import { hyperkalaemiaRaasRule } from './hyperkalaemia-raas.ts';
import {
  firedIds,
  insufficientFor,
  LISINOPRIL,
  medication,
  potassium,
  runRule,
  ungroundedFindings,
  type ContextInit,
} from './rule-test-kit.ts';

const SPIRONOLACTONE = medication('Spironolactone 25 MG Oral Tablet', { id: 'm-spiro' });

describe('hyperkalaemia-raas (KDIGO 2024; AHA/ACC/HFSA 2022: K > 5.5; ≥ 6.0 critical)', () => {
  it.each<[string, ContextInit, string[]]>([
    ['K 5.5 on an ACE inhibitor: nothing', { medications: [LISINOPRIL], labs: [potassium([[5.5, 5]])] }, []],
    [
      'K 5.6 on an ACE inhibitor',
      { medications: [LISINOPRIL], labs: [potassium([[5.6, 5]])] },
      ['hyperkalaemia-raas:high'],
    ],
    [
      'K 6.0 on an MRA: critical',
      { medications: [SPIRONOLACTONE], labs: [potassium([[6.0, 5]])] },
      ['hyperkalaemia-raas:critical'],
    ],
    ['K 6.2 without RAAS drugs: left to abnormal-no-repeat', { labs: [potassium([[6.2, 5]])] }, []],
    ['K 6.2 a year and more ago', { medications: [LISINOPRIL], labs: [potassium([[6.2, 400]])] }, []],
  ])('%s', (_, init, expected) => {
    expect(firedIds(hyperkalaemiaRaasRule, init)).toEqual(expected);
    expect(ungroundedFindings(hyperkalaemiaRaasRule, init)).toEqual([]);
  });

  it('is urgent at 6.0 and says when potassium is missing', () => {
    expect(
      runRule(hyperkalaemiaRaasRule, { medications: [LISINOPRIL], labs: [potassium([[6.1, 2]])] }).findings[0]
        ?.urgency,
    ).toBe('urgent');
    expect(insufficientFor(hyperkalaemiaRaasRule, { medications: [LISINOPRIL] })).toEqual([
      'on an ACE inhibitor, ARB or MRA with no potassium in the last 12 months',
    ]);
  });
});
