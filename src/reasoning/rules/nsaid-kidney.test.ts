import { describe, expect, it } from 'vitest';
import { nsaidKidneyRule } from './nsaid-kidney.ts';
import {
  egfr,
  firedIds,
  HCTZ,
  IBUPROFEN,
  insufficientFor,
  LISINOPRIL,
  LOSARTAN,
  medication,
  ungroundedFindings,
  type ContextInit,
} from './rule-test-kit.ts';

const NAPROXEN = medication('Naproxen sodium 220 MG Oral Tablet', { id: 'm-naproxen' });

describe('nsaid-kidney (KDIGO 2024: no NSAID below eGFR 30; not with ACEi/ARB + diuretic)', () => {
  it.each<[string, ContextInit, string[]]>([
    ['NSAID with eGFR 29', { medications: [IBUPROFEN], labs: [egfr([[29, 10]])] }, ['nsaid-kidney:egfr']],
    ['NSAID with eGFR 15', { medications: [IBUPROFEN], labs: [egfr([[15, 10]])] }, ['nsaid-kidney:egfr']],
    ['NSAID with eGFR 14', { medications: [IBUPROFEN], labs: [egfr([[14, 10]])] }, ['nsaid-kidney:egfr']],
    ['NSAID with eGFR 10', { medications: [IBUPROFEN], labs: [egfr([[10, 10]])] }, ['nsaid-kidney:egfr']],
    ['NSAID with eGFR 5', { medications: [IBUPROFEN], labs: [egfr([[5, 10]])] }, ['nsaid-kidney:egfr']],
    ['NSAID with eGFR 30', { medications: [IBUPROFEN], labs: [egfr([[30, 10]])] }, []],
    [
      'NSAID + ACEi + diuretic',
      { medications: [NAPROXEN, LISINOPRIL, HCTZ], labs: [egfr([[80, 10]])] },
      ['nsaid-kidney:triple-whammy'],
    ],
    [
      'NSAID + ARB + diuretic, low eGFR: both',
      { medications: [NAPROXEN, LOSARTAN, HCTZ], labs: [egfr([[25, 10]])] },
      ['nsaid-kidney:egfr', 'nsaid-kidney:triple-whammy'],
    ],
    ['NSAID + diuretic without ACEi/ARB', { medications: [NAPROXEN, HCTZ], labs: [egfr([[80, 10]])] }, []],
    ['ACEi + diuretic without NSAID', { medications: [LISINOPRIL, HCTZ], labs: [egfr([[20, 10]])] }, []],
  ])('%s', (_, init, expected) => {
    expect(firedIds(nsaidKidneyRule, init)).toEqual(expected);
    expect(ungroundedFindings(nsaidKidneyRule, init)).toEqual([]);
  });

  it('reports a missing eGFR, and still sees the triple combination', () => {
    const init: ContextInit = { medications: [NAPROXEN, LISINOPRIL, HCTZ] };
    expect(insufficientFor(nsaidKidneyRule, init)).toEqual([
      'on an NSAID with no eGFR in the last 12 months',
    ]);
    expect(firedIds(nsaidKidneyRule, init)).toEqual(['nsaid-kidney:triple-whammy']);
  });
});
