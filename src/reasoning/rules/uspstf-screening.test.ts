import { describe, expect, it } from 'vitest';
import {
  codedSeries,
  PATIENT,
  runRule,
  firedIds,
  insufficientFor,
  medication,
  problem,
  procedure,
  report,
  series,
  ungroundedFindings,
  type ContextInit,
} from './rule-test-kit.ts';
import {
  AAA_SCREENING,
  BREAST_SCREENING,
  CERVICAL_SCREENING,
  COLORECTAL_SCREENING,
  HEPATITIS_C_SCREENING,
  LUNG_SCREENING,
  OSTEOPOROSIS_SCREENING,
  SCREENING_RULES,
  type Screening,
} from './uspstf-screening.ts';

function ruleOf(screening: Screening): (typeof SCREENING_RULES)[number] {
  const rule = SCREENING_RULES.find((candidate) => candidate.id === screening.id);
  if (rule === undefined) throw new Error(`no rule ${screening.id}`);
  return rule;
}

const YEAR = 365;
const COLONOSCOPY = (daysAgo: number): ReturnType<typeof procedure> =>
  procedure('73761001', 'Colonoscopy', daysAgo);

describe.each<[Screening, [string, ContextInit, boolean][]]>([
  [
    COLORECTAL_SCREENING,
    [
      ['45, nothing on record', { ageYears: 45, sex: 'male' }, true],
      ['44', { ageYears: 44, sex: 'male' }, false],
      ['75', { ageYears: 75, sex: 'female' }, true],
      ['76', { ageYears: 76, sex: 'female' }, false],
      ['colonoscopy 9 years ago', { ageYears: 60, procedures: [COLONOSCOPY(9 * YEAR)] }, false],
      ['colonoscopy 11 years ago', { ageYears: 60, procedures: [COLONOSCOPY(11 * YEAR)] }, true],
      [
        'stool immunochemical test 200 days ago',
        {
          ageYears: 60,
          labs: [series('57905-2', 'Hemoglobin.gastrointestinal (stool)', 'ng/mL', [[20, 200]])],
        },
        false,
      ],
      [
        'stool test 400 days ago',
        {
          ageYears: 60,
          labs: [series('57905-2', 'Hemoglobin.gastrointestinal (stool)', 'ng/mL', [[20, 400]])],
        },
        true,
      ],
      [
        'a locally coded sigmoidoscopy by name',
        {
          ageYears: 60,
          procedures: [{ ...procedure('999', 'Flexible sigmoidoscopy', 3 * YEAR), codes: [] }],
        },
        false,
      ],
      [
        'colon cancer diagnosed',
        { ageYears: 60, problems: [problem('363406005', 'Malignant tumor of colon')] },
        false,
      ],
    ],
  ],
  [
    BREAST_SCREENING,
    [
      ['woman 40', { ageYears: 40, sex: 'female' }, true],
      ['woman 39', { ageYears: 39, sex: 'female' }, false],
      ['woman 74', { ageYears: 74, sex: 'female' }, true],
      ['woman 75', { ageYears: 75, sex: 'female' }, false],
      ['man 60', { ageYears: 60, sex: 'male' }, false],
      [
        'mammogram report 700 days ago',
        { ageYears: 60, sex: 'female', reports: [report('24606-6', 'MG Breast Screening', 700)] },
        false,
      ],
      [
        'mammogram 800 days ago',
        { ageYears: 60, sex: 'female', procedures: [procedure('24623002', 'Screening mammography', 800)] },
        true,
      ],
    ],
  ],
  [
    CERVICAL_SCREENING,
    [
      ['woman 21', { ageYears: 21, sex: 'female' }, true],
      ['woman 20', { ageYears: 20, sex: 'female' }, false],
      ['woman 65', { ageYears: 65, sex: 'female' }, true],
      ['woman 66', { ageYears: 66, sex: 'female' }, false],
      [
        'cytology 2 years ago',
        {
          ageYears: 40,
          sex: 'female',
          procedures: [
            procedure('90226004', 'Cytopathology procedure, preparation of smear, genital source', 2 * YEAR),
          ],
        },
        false,
      ],
      [
        'cytology 5.8 years ago',
        {
          ageYears: 54,
          sex: 'female',
          procedures: [
            procedure('90226004', 'Cytopathology procedure, preparation of smear, genital source', 2129),
          ],
        },
        true,
      ],
      [
        'hrHPV 4 years ago at 35',
        { ageYears: 35, sex: 'female', labs: [codedSeries('30167-1', 'HPV', 'Negative', 4 * YEAR)] },
        false,
      ],
      [
        'hrHPV 4 years ago at 25 does not count',
        { ageYears: 25, sex: 'female', labs: [codedSeries('30167-1', 'HPV', 'Negative', 4 * YEAR)] },
        true,
      ],
      [
        'after hysterectomy',
        { ageYears: 50, sex: 'female', procedures: [procedure('236886002', 'Hysterectomy', 10 * YEAR)] },
        false,
      ],
    ],
  ],
  [
    LUNG_SCREENING,
    [
      ['former smoker 50', { ageYears: 50, smoking: 'Former smoker' }, true],
      ['current smoker 80', { ageYears: 80, smoking: 'Current every day smoker' }, true],
      ['former smoker 49', { ageYears: 49, smoking: 'Former smoker' }, false],
      ['former smoker 81', { ageYears: 81, smoking: 'Former smoker' }, false],
      ['never smoker 60', { ageYears: 60, smoking: 'Never smoker' }, false],
      [
        'low-dose CT 200 days ago',
        {
          ageYears: 60,
          smoking: 'Former smoker',
          procedures: [procedure('16334891000119106', 'Low dose computed tomography of thorax', 200)],
        },
        false,
      ],
    ],
  ],
  [
    AAA_SCREENING,
    [
      ['man 65, former smoker', { ageYears: 65, sex: 'male', smoking: 'Former smoker' }, true],
      ['man 76, former smoker', { ageYears: 76, sex: 'male', smoking: 'Former smoker' }, false],
      ['man 70, never smoker', { ageYears: 70, sex: 'male', smoking: 'Never smoker' }, false],
      ['woman 70, former smoker', { ageYears: 70, sex: 'female', smoking: 'Former smoker' }, false],
      [
        'aortic ultrasound once',
        {
          ageYears: 70,
          sex: 'male',
          smoking: 'Former smoker',
          procedures: [{ ...procedure('0', 'Ultrasonography of abdominal aorta', 3000), codes: [] }],
        },
        false,
      ],
    ],
  ],
  [
    OSTEOPOROSIS_SCREENING,
    [
      ['woman 65', { ageYears: 65, sex: 'female' }, true],
      ['woman 64', { ageYears: 64, sex: 'female' }, false],
      ['woman 89', { ageYears: 89, sex: 'female' }, true],
      ['man 70', { ageYears: 70, sex: 'male' }, false],
      [
        'DXA on record',
        { ageYears: 70, sex: 'female', procedures: [procedure('312681000', 'Bone density scan', 2000)] },
        false,
      ],
      [
        'osteoporosis diagnosed',
        { ageYears: 70, sex: 'female', problems: [problem('64859006', 'Osteoporosis')] },
        false,
      ],
      [
        'on alendronic acid',
        { ageYears: 70, sex: 'female', medications: [medication('Alendronic acid 10 MG Oral Tablet')] },
        false,
      ],
    ],
  ],
  [
    HEPATITIS_C_SCREENING,
    [
      ['18', { ageYears: 18 }, true],
      ['17', { ageYears: 17 }, false],
      ['79', { ageYears: 79 }, true],
      ['80', { ageYears: 80 }, false],
      [
        'antibody test once',
        { ageYears: 50, procedures: [procedure('104375008', 'Hepatitis C antibody test', 2000)] },
        false,
      ],
      [
        'hepatitis C diagnosed',
        { ageYears: 50, problems: [problem('128302006', 'Chronic hepatitis C')] },
        false,
      ],
    ],
  ],
])('$name', (screening, cases) => {
  it.each(cases)('%s', (_, init, expected) => {
    const rule = ruleOf(screening);
    expect(firedIds(rule, init)).toEqual(expected ? [screening.id] : []);
    expect(ungroundedFindings(rule, init)).toEqual([]);
  });

  it('is a routine care gap citing the patient', () => {
    const firing = cases.find(([, , fires]) => fires);
    if (firing === undefined) throw new Error('each table has a firing case');
    const [finding] = runRule(ruleOf(screening), firing[1]).findings;
    expect(finding).toMatchObject({ category: 'care-gap', urgency: 'routine' });
    expect(finding?.evidence[0]).toEqual(PATIENT);
  });
});

describe('screenings with missing data', () => {
  it.each<[Screening, ContextInit, string]>([
    [BREAST_SCREENING, { ageYears: 50 }, 'sex not recorded'],
    [HEPATITIS_C_SCREENING, {}, 'age unknown'],
    [LUNG_SCREENING, { ageYears: 60 }, 'smoking history not recorded'],
    [
      AAA_SCREENING,
      { ageYears: 70, sex: 'male', smoking: 'Unknown if ever smoked' },
      'smoking history not recorded',
    ],
  ])('%s', (screening, init, missing) => {
    expect(insufficientFor(ruleOf(screening), init)).toEqual([missing]);
  });
});
