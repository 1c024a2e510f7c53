import { describe, expect, it } from 'vitest';
import { renalDoseReviewRule } from './renal-dose-review.ts';
import {
  egfr,
  firedIds,
  insufficientFor,
  medication,
  runRule,
  series,
  ungroundedFindings,
  type ContextInit,
} from './rule-test-kit.ts';

const NITROFURANTOIN = medication('Nitrofurantoin 100 MG Oral Capsule', { id: 'm-nitro' });
const RIVAROXABAN = medication('rivaroxaban 20 MG Oral Tablet', { id: 'm-riva' });
const DABIGATRAN = medication('dabigatran etexilate 150 MG Oral Capsule', { id: 'm-dabi' });
const APIXABAN = medication('apixaban 5 MG Oral Tablet', { id: 'm-apix' });
const creatinine = (value: number): ReturnType<typeof series> =>
  series('38483-4', 'Creatinine', 'mg/dL', [[value, 10]], 'creat');
const weight = (value: number): ReturnType<typeof series> =>
  series('29463-7', 'Weight', 'kg', [[value, 10]], 'wt');

describe('renal-dose-review (AGS Beers 2023; labels)', () => {
  it.each<[string, ContextInit, string[]]>([
    [
      'nitrofurantoin at eGFR 29',
      { medications: [NITROFURANTOIN], labs: [egfr([[29, 5]])] },
      ['renal-dose-review:nitrofurantoin'],
    ],
    ['nitrofurantoin at eGFR 30', { medications: [NITROFURANTOIN], labs: [egfr([[30, 5]])] }, []],
    [
      'rivaroxaban at eGFR 49',
      { medications: [RIVAROXABAN], labs: [egfr([[49, 5]])] },
      ['renal-dose-review:rivaroxaban'],
    ],
    // Below 15 (kidney failure) every threshold drug still fires; the action text is the same as above 15.
    ...[5, 10, 14, 15].flatMap((value): [string, ContextInit, string[]][] => [
      [
        `nitrofurantoin at eGFR ${value}`,
        { medications: [NITROFURANTOIN], labs: [egfr([[value, 5]])] },
        ['renal-dose-review:nitrofurantoin'],
      ],
      [
        `dabigatran at eGFR ${value}`,
        { medications: [DABIGATRAN], labs: [egfr([[value, 5]])] },
        ['renal-dose-review:dabigatran'],
      ],
      [
        `rivaroxaban at eGFR ${value}`,
        { medications: [RIVAROXABAN], labs: [egfr([[value, 5]])] },
        ['renal-dose-review:rivaroxaban'],
      ],
    ]),
    [
      'apixaban at eGFR 10 with no label dose criterion: kidney failure, reviewed',
      { ageYears: 70, medications: [APIXABAN], labs: [egfr([[10, 5]]), creatinine(1.2), weight(70)] },
      ['renal-dose-review:apixaban-kidney-failure'],
    ],
    [
      'apixaban at eGFR 15',
      { ageYears: 70, medications: [APIXABAN], labs: [egfr([[15, 5]]), creatinine(1.2), weight(70)] },
      [],
    ],
    [
      'gabapentin at eGFR 59',
      {
        medications: [medication('gabapentin 300 MG Oral Capsule', { id: 'm-gaba' })],
        labs: [egfr([[59, 5]])],
      },
      ['renal-dose-review:gabapentin'],
    ],
    [
      'gabapentin at eGFR 5',
      {
        medications: [medication('gabapentin 300 MG Oral Capsule', { id: 'm-gaba' })],
        labs: [egfr([[5, 5]])],
      },
      ['renal-dose-review:gabapentin'],
    ],
    [
      'gabapentin at eGFR 60',
      {
        medications: [medication('gabapentin 300 MG Oral Capsule', { id: 'm-gaba' })],
        labs: [egfr([[60, 5]])],
      },
      [],
    ],
    ['rivaroxaban at eGFR 50', { medications: [RIVAROXABAN], labs: [egfr([[50, 5]])] }, []],
    [
      'dabigatran at eGFR 25',
      { medications: [DABIGATRAN], labs: [egfr([[25, 5]])] },
      ['renal-dose-review:dabigatran'],
    ],
    [
      'apixaban, age 80 and creatinine 1.5',
      { ageYears: 80, medications: [APIXABAN], labs: [creatinine(1.5), weight(70)] },
      ['renal-dose-review:apixaban'],
    ],
    [
      'apixaban, weight 60 and creatinine 1.6',
      { ageYears: 70, medications: [APIXABAN], labs: [creatinine(1.6), weight(60)] },
      ['renal-dose-review:apixaban'],
    ],
    [
      'apixaban, only age 85',
      { ageYears: 85, medications: [APIXABAN], labs: [creatinine(1.0), weight(70)] },
      [],
    ],
  ])('%s', (_, init, expected) => {
    expect(firedIds(renalDoseReviewRule, init)).toEqual(expected);
    expect(ungroundedFindings(renalDoseReviewRule, init)).toEqual([]);
  });

  it('reports what it could not judge', () => {
    expect(insufficientFor(renalDoseReviewRule, { medications: [RIVAROXABAN] })).toEqual([
      'on a renally dosed drug with no eGFR in the last 12 months',
    ]);
    expect(insufficientFor(renalDoseReviewRule, { ageYears: 82, medications: [APIXABAN] })).toEqual([
      'apixaban dose criteria: weight and creatinine not on record (last 12 months)',
      'on a renally dosed drug with no eGFR in the last 12 months',
    ]);
  });
});

describe('renal-dose-review in kidney failure', () => {
  it.each([14, 5, 0.5])('says avoid for rivaroxaban at eGFR %s, with the avoid action', (value) => {
    const [finding] = runRule(renalDoseReviewRule, {
      medications: [RIVAROXABAN],
      labs: [egfr([[value, 5]])],
    }).findings;
    expect(finding?.title).toMatch(/: avoid in kidney failure$/);
    expect(finding?.recommendedAction).toMatch(/^Avoid rivaroxaban below creatinine clearance 15/);
  });

  it('says review, not avoid, for rivaroxaban at eGFR 15', () => {
    const [finding] = runRule(renalDoseReviewRule, {
      medications: [RIVAROXABAN],
      labs: [egfr([[15, 5]])],
    }).findings;
    expect(finding?.title).toMatch(/: review for kidney function$/);
  });
});
