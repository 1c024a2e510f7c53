import { describe, expect, it } from 'vitest';
import {
  firedIds,
  runRule,
  series,
  ungroundedFindings,
  WARFARIN,
  type ContextInit,
} from './rule-test-kit.ts';
import { warfarinInrRule } from './warfarin-inr.ts';

const inr = (values: readonly (readonly [number, number])[]): ReturnType<typeof series> =>
  series('6301-6', 'INR', '{INR}', values, 'inr');

describe('warfarin-inr (CHEST 2012: INR at least every 12 weeks; INR > 4 urgent)', () => {
  it.each<[string, ContextInit, string[]]>([
    ['no INR on record', { medications: [WARFARIN] }, ['warfarin-inr:overdue']],
    ['INR 84 days ago', { medications: [WARFARIN], labs: [inr([[2.5, 84]])] }, []],
    ['INR 85 days ago', { medications: [WARFARIN], labs: [inr([[2.5, 85]])] }, ['warfarin-inr:overdue']],
    ['INR 4.0', { medications: [WARFARIN], labs: [inr([[4.0, 5]])] }, []],
    ['INR 4.1', { medications: [WARFARIN], labs: [inr([[4.1, 5]])] }, ['warfarin-inr:high']],
    ['INR 6 without warfarin', { labs: [inr([[6, 5]])] }, []],
  ])('%s', (_, init, expected) => {
    expect(firedIds(warfarinInrRule, init)).toEqual(expected);
    expect(ungroundedFindings(warfarinInrRule, init)).toEqual([]);
  });

  it('is urgent above 4 and soon when overdue', () => {
    expect(
      runRule(warfarinInrRule, { medications: [WARFARIN], labs: [inr([[4.5, 2]])] }).findings[0]?.urgency,
    ).toBe('urgent');
    expect(runRule(warfarinInrRule, { medications: [WARFARIN] }).findings[0]?.urgency).toBe('soon');
  });
});
