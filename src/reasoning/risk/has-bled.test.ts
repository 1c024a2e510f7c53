import { describe, expect, it } from 'vitest';
import { HAS_BLED_SOURCE, hasBled, hasBledComponents, type HasBledInputs } from './has-bled.ts';

const NONE: Required<HasBledInputs> = {
  uncontrolledHypertension: false,
  abnormalRenalFunction: false,
  abnormalLiverFunction: false,
  stroke: false,
  bleedingHistoryOrPredisposition: false,
  labileInr: false,
  ageYears: 60,
  antiplateletOrNsaid: false,
  alcoholExcess: false,
};

describe('HAS-BLED (Pisters 2010)', () => {
  it.each<[string, HasBledInputs, number]>([
    ['no risk factor', NONE, 0],
    ['uncontrolled hypertension', { ...NONE, uncontrolledHypertension: true }, 1],
    ['abnormal renal function', { ...NONE, abnormalRenalFunction: true }, 1],
    [
      'abnormal renal and liver function score 1 each',
      { ...NONE, abnormalRenalFunction: true, abnormalLiverFunction: true },
      2,
    ],
    ['stroke', { ...NONE, stroke: true }, 1],
    ['bleeding history', { ...NONE, bleedingHistoryOrPredisposition: true }, 1],
    ['labile INR', { ...NONE, labileInr: true }, 1],
    ['age 65 is not elderly', { ...NONE, ageYears: 65 }, 0],
    ['age 66 is elderly', { ...NONE, ageYears: 66 }, 1],
    ['drugs and alcohol score 1 each', { ...NONE, antiplateletOrNsaid: true, alcoholExcess: true }, 2],
    [
      'every factor: the maximum, 9',
      {
        uncontrolledHypertension: true,
        abnormalRenalFunction: true,
        abnormalLiverFunction: true,
        stroke: true,
        bleedingHistoryOrPredisposition: true,
        labileInr: true,
        ageYears: 80,
        antiplateletOrNsaid: true,
        alcoholExcess: true,
      },
      9,
    ],
  ])('%s → %s', (_label, inputs, expected) => {
    const result = hasBled(inputs);
    expect(result).toMatchObject({ id: 'has-bled', value: expected, unit: 'points', missing: [] });
    expect(result.source).toBe(HAS_BLED_SOURCE);
  });

  it('names every component with its points', () => {
    expect(
      hasBledComponents({ ...NONE, ageYears: 70, labileInr: true })?.map(
        (c) => `${c.name}=${String(c.points)}`,
      ),
    ).toEqual([
      'H: uncontrolled hypertension=0',
      'A: abnormal renal function=0',
      'A: abnormal liver function=0',
      'S: stroke=0',
      'B: bleeding history or predisposition=0',
      'L: labile INR=1',
      'E: elderly (age > 65)=1',
      'D: antiplatelet or NSAID=0',
      'D: alcohol excess=0',
    ]);
  });

  it.each(Object.keys(NONE))('without %s: no value, and it says what is missing', (name) => {
    const result = hasBled({ ...NONE, [name]: undefined });
    expect(result.value).toBeNull();
    expect(result.missing).toEqual([name]);
  });
});
