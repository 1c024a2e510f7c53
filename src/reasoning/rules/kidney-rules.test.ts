import { describe, expect, it } from 'vitest';
import { ckdProgressionRule, ckdStageRule, egfrFallRule, egfrKidneyFailureRule } from './kidney-rules.ts';
import {
  CKD_STAGE_1,
  CKD_STAGE_2,
  CKD_STAGE_3,
  egfr,
  firedIds,
  insufficientFor,
  runRule,
  ungroundedFindings,
  uacr,
  type ContextInit,
} from './rule-test-kit.ts';

describe('ckd-stage (KDIGO 2024: eGFR < 60 or ACR ≥ 30 for more than 3 months)', () => {
  it.each<[string, ContextInit, string[]]>([
    [
      'sustained G3b, CKD 1 and 2 recorded → mismatch',
      {
        problems: [CKD_STAGE_1, CKD_STAGE_2],
        labs: [
          egfr([
            [41.1, 400],
            [41.6, 10],
          ]),
        ],
      },
      ['ckd-stage:mismatch'],
    ],
    [
      'sustained G3a, stage 3 recorded → matches',
      {
        problems: [CKD_STAGE_3],
        labs: [
          egfr([
            [50, 200],
            [48, 10],
          ]),
        ],
      },
      [],
    ],
    [
      'sustained G3a, nothing recorded → unrecorded',
      {
        labs: [
          egfr([
            [55, 120],
            [50, 10],
          ]),
        ],
      },
      ['ckd-stage:unrecorded'],
    ],
    [
      'exactly 90 days apart counts as sustained',
      {
        labs: [
          egfr([
            [55, 100],
            [50, 10],
          ]),
        ],
      },
      ['ckd-stage:unrecorded'],
    ],
    [
      '89 days apart is not yet sustained',
      {
        labs: [
          egfr([
            [55, 99],
            [50, 10],
          ]),
        ],
      },
      [],
    ],
    [
      '60 is not below 60',
      {
        labs: [
          egfr([
            [60, 200],
            [60, 10],
          ]),
        ],
      },
      [],
    ],
    [
      'a value of 60 or more between breaks the run',
      {
        labs: [
          egfr([
            [50, 300],
            [65, 150],
            [50, 10],
          ]),
        ],
      },
      [],
    ],
    [
      'sustained albuminuria with normal eGFR, nothing recorded',
      {
        labs: [
          egfr([[95, 10]]),
          uacr([
            [45, 200],
            [60, 10],
          ]),
        ],
      },
      ['ckd-stage:unrecorded'],
    ],
    [
      'ACR 29.9 is not albuminuria',
      {
        labs: [
          egfr([[95, 10]]),
          uacr([
            [29.9, 200],
            [29.9, 10],
          ]),
        ],
      },
      [],
    ],
    [
      'eGFR older than a year is not used',
      {
        labs: [
          egfr([
            [40, 900],
            [40, 400],
          ]),
        ],
      },
      [],
    ],
  ])('%s', (_, init, expected) => {
    expect(firedIds(ckdStageRule, init)).toEqual(expected);
    expect(ungroundedFindings(ckdStageRule, init)).toEqual([]);
  });

  it('says what is missing instead of staging', () => {
    expect(insufficientFor(ckdStageRule, { problems: [CKD_STAGE_2] })).toEqual([
      'no eGFR in the last 12 months to stage the recorded CKD',
    ]);
    expect(insufficientFor(ckdStageRule, { labs: [egfr([[40, 10]])] })).toEqual([
      'eGFR below 60 without a result below 60 three months earlier to confirm CKD',
    ]);
  });

  it('cites both eGFR results and the stages recorded', () => {
    const [finding] = runRule(ckdStageRule, {
      problems: [CKD_STAGE_1, CKD_STAGE_2],
      labs: [
        egfr([
          [41.1, 400],
          [41.6, 10],
        ]),
      ],
    }).findings;
    expect(finding?.evidence.map((source) => source.id)).toEqual([
      'egfr-2',
      'egfr-1',
      'c-431855005',
      'c-431856006',
    ]);
    expect(finding?.rationale).toContain('41.6 mL/min/1.73m2 (10 days ago)');
    expect(finding?.title).toContain('G3b');
  });
});

describe('egfr-kidney-failure (KDIGO 2024 G5: eGFR < 15)', () => {
  it.each<[string, ContextInit, string[]]>([
    ['14.9 fires', { labs: [egfr([[14.9, 5]])] }, ['egfr-kidney-failure']],
    ['15 does not', { labs: [egfr([[15, 5]])] }, []],
    ['an old value does not', { labs: [egfr([[10, 400]])] }, []],
    ['no eGFR, nothing', {}, []],
  ])('%s', (_, init, expected) => {
    expect(firedIds(egfrKidneyFailureRule, init)).toEqual(expected);
    expect(ungroundedFindings(egfrKidneyFailureRule, init)).toEqual([]);
  });

  it('is urgent, and names a same-day creatinine that does not fit', () => {
    const init: ContextInit = {
      labs: [
        egfr([
          [86.9, 170],
          [4.26, 1],
        ]),
      ],
      flags: [
        {
          kind: 'egfr-creatinine-mismatch',
          egfr: 4.26,
          egfrSource: { resourceType: 'Observation', id: 'egfr-2' },
          creatinineMgDl: 0.906,
          creatinineSource: { resourceType: 'Observation', id: 'creat-1' },
          expectedEgfr: 92.3,
        },
      ],
    };
    const [finding] = runRule(egfrKidneyFailureRule, init).findings;
    expect(finding?.urgency).toBe('urgent');
    expect(finding?.rationale).toContain('0.906 mg/dL');
    expect(finding?.evidence.map((source) => source.id)).toEqual(['egfr-2', 'creat-1', 'egfr-1']);
  });
});

describe('egfr-fall (KDIGO 2012: ≥ 35 % within 3 months; certain drop ≥ 25 % with a category change)', () => {
  it.each<[string, ContextInit, string[]]>([
    [
      'a 35 % fall within 90 days',
      {
        labs: [
          egfr([
            [100, 60],
            [65, 5],
          ]),
        ],
      },
      ['egfr-fall:sudden'],
    ],
    [
      '34 % within 90 days, same category: nothing',
      {
        labs: [
          egfr([
            [140, 60],
            [93, 5],
          ]),
        ],
      },
      [],
    ],
    [
      '35 % but 91 days apart, category change → certain drop',
      {
        labs: [
          egfr([
            [100, 96],
            [65, 5],
          ]),
        ],
      },
      ['egfr-fall:category-drop'],
    ],
    [
      '25 % with a category change within a year',
      {
        labs: [
          egfr([
            [60, 300],
            [45, 5],
          ]),
        ],
      },
      ['egfr-fall:category-drop'],
    ],
    [
      '25 % without a category change',
      {
        labs: [
          egfr([
            [80, 300],
            [60, 5],
          ]),
        ],
      },
      [],
    ],
    [
      'into G5 is left to kidney-failure',
      {
        labs: [
          egfr([
            [40, 30],
            [10, 5],
          ]),
        ],
      },
      [],
    ],
    ['a single value', { labs: [egfr([[40, 5]])] }, []],
  ])('%s', (_, init, expected) => {
    expect(firedIds(egfrFallRule, init)).toEqual(expected);
    expect(ungroundedFindings(egfrFallRule, init)).toEqual([]);
  });
});

describe('ckd-progression (KDIGO 2024: sustained decline > 5 mL/min/1.73 m² per year)', () => {
  it.each<[string, ContextInit, string[]]>([
    [
      'falling 10 a year below 60',
      {
        labs: [
          egfr([
            [58, 730],
            [48, 365],
            [38, 5],
          ]),
        ],
      },
      ['ckd-progression'],
    ],
    [
      'falling 4 a year',
      {
        labs: [
          egfr([
            [58, 730],
            [54, 365],
            [50, 5],
          ]),
        ],
      },
      [],
    ],
    [
      'above 60 without CKD recorded',
      {
        labs: [
          egfr([
            [120, 730],
            [100, 365],
            [80, 5],
          ]),
        ],
      },
      [],
    ],
    [
      'above 60 with CKD recorded',
      {
        problems: [CKD_STAGE_2],
        labs: [
          egfr([
            [120, 730],
            [100, 365],
            [80, 5],
          ]),
        ],
      },
      ['ckd-progression'],
    ],
  ])('%s', (_, init, expected) => {
    expect(firedIds(ckdProgressionRule, init)).toEqual(expected);
    expect(ungroundedFindings(ckdProgressionRule, init)).toEqual([]);
  });

  it('needs three results over a year', () => {
    expect(
      insufficientFor(ckdProgressionRule, {
        labs: [
          egfr([
            [50, 200],
            [40, 5],
          ]),
        ],
      }),
    ).toEqual(['fewer than three eGFR results over at least a year in the last three years']);
  });
});
