import { describe, expect, it } from 'vitest';
import { metforminEgfrRule } from './metformin-egfr.ts';
import {
  egfr,
  firedIds,
  insufficientFor,
  METFORMIN,
  runRule,
  ungroundedFindings,
  type ContextInit,
} from './rule-test-kit.ts';

describe('metformin-egfr (FDA 2016; KDIGO 2022: stop < 30, do not start 30–45)', () => {
  it.each<[string, ContextInit, string[]]>([
    ['eGFR 29.9 → stop', { medications: [METFORMIN], labs: [egfr([[29.9, 10]])] }, ['metformin-egfr:stop']],
    // Kidney failure (KDIGO G5, below 15) stays a stop, down to the lowest plausible values.
    ['eGFR 15 → stop', { medications: [METFORMIN], labs: [egfr([[15, 10]])] }, ['metformin-egfr:stop']],
    ['eGFR 14 → stop', { medications: [METFORMIN], labs: [egfr([[14, 10]])] }, ['metformin-egfr:stop']],
    ['eGFR 10 → stop', { medications: [METFORMIN], labs: [egfr([[10, 10]])] }, ['metformin-egfr:stop']],
    ['eGFR 5 → stop', { medications: [METFORMIN], labs: [egfr([[5, 10]])] }, ['metformin-egfr:stop']],
    ['eGFR 30 → review', { medications: [METFORMIN], labs: [egfr([[30, 10]])] }, ['metformin-egfr:review']],
    [
      'eGFR 41.6 → review',
      { medications: [METFORMIN], labs: [egfr([[41.6, 10]])] },
      ['metformin-egfr:review'],
    ],
    [
      'eGFR 44.9 → review',
      { medications: [METFORMIN], labs: [egfr([[44.9, 10]])] },
      ['metformin-egfr:review'],
    ],
    ['eGFR 45 → nothing', { medications: [METFORMIN], labs: [egfr([[45, 10]])] }, []],
    ['low eGFR without metformin → nothing', { labs: [egfr([[20, 10]])] }, []],
    [
      'implausible latest is skipped for the plausible one',
      {
        medications: [METFORMIN],
        labs: [
          egfr([
            [40, 30],
            [900, 10],
          ]),
        ],
      },
      ['metformin-egfr:review'],
    ],
  ])('%s', (_, init, expected) => {
    expect(firedIds(metforminEgfrRule, init)).toEqual(expected);
    expect(ungroundedFindings(metforminEgfrRule, init)).toEqual([]);
  });

  it('is urgent below 30 and soon at 30–45', () => {
    expect(
      runRule(metforminEgfrRule, { medications: [METFORMIN], labs: [egfr([[28.3, 1]])] }).findings[0]
        ?.urgency,
    ).toBe('urgent');
    expect(
      runRule(metforminEgfrRule, { medications: [METFORMIN], labs: [egfr([[41.6, 1]])] }).findings[0]
        ?.urgency,
    ).toBe('soon');
  });

  it('reports missing data when on metformin without a recent eGFR', () => {
    expect(insufficientFor(metforminEgfrRule, { medications: [METFORMIN] })).toEqual([
      'on metformin with no eGFR in the last 12 months',
    ]);
    expect(
      insufficientFor(metforminEgfrRule, { medications: [METFORMIN], labs: [egfr([[20, 400]])] }),
    ).toEqual(['on metformin with no eGFR in the last 12 months']);
  });

  it('matches metformin by ingredient whatever the product', () => {
    const product = {
      ...METFORMIN,
      name: 'Glucophage 850 mg',
      ingredients: [{ name: 'metformin', strength: undefined }],
    };
    expect(firedIds(metforminEgfrRule, { medications: [product], labs: [egfr([[25, 3]])] })).toEqual([
      'metformin-egfr:stop',
    ]);
  });
});
