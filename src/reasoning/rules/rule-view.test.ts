import { describe, expect, it } from 'vitest';
import { buildRuleView, evidenceDaysAgoOf, oncePerView, smokingHistoryOf } from './rule-view.ts';
import { egfr, makeContext, METFORMIN } from './rule-test-kit.ts';

describe('smokingHistoryOf (NHIS / SNOMED CT smoking status text)', () => {
  it.each<[string, ReturnType<typeof smokingHistoryOf>]>([
    ['Never smoker', 'never'],
    ['Former smoker', 'former'],
    ['Ex-smoker', 'former'],
    ['Current every day smoker', 'current'],
    ['Current some day smoker', 'current'],
    ['Smoker, current status unknown', 'current'],
    ['Unknown if ever smoked', 'unknown'],
    ['Light tobacco smoker', 'current'],
  ])('%s → %s', (text, expected) => {
    expect(smokingHistoryOf(text)).toBe(expected);
  });
});

describe('buildRuleView: the record as of the date seen', () => {
  it('moves times from death to the date seen and drops what came after it', () => {
    // Dies 10 days after the date seen; an eGFR 3 days after the date seen is not yet known then.
    const context = makeContext({
      diedDaysBeforeNow: -10,
      labs: [
        egfr([
          [50, 100],
          [40, -3],
        ]),
      ],
      medications: [METFORMIN],
    });
    expect(context.labs[0]?.points.map((point) => point.daysAgo)).toEqual([110, 7]);
    const view = buildRuleView(context);
    expect(view.deceasedAtNow).toBe(false);
    expect(view.points().map((point) => [point.value, point.daysAgo])).toEqual([[50, 100]]);
    expect(view.medications[0]?.lastDaysAgo).toBe(30);
  });

  it('knows how long ago each cited resource is', () => {
    const view = buildRuleView(
      makeContext({
        labs: [
          egfr([
            [50, 100],
            [40, 3],
          ]),
        ],
        medications: [METFORMIN],
      }),
    );
    const daysAgo = evidenceDaysAgoOf(view);
    expect(daysAgo({ resourceType: 'Observation', id: 'egfr-2' })).toBe(3);
    expect(daysAgo(METFORMIN.source)).toBe(30);
    expect(daysAgo({ resourceType: 'Observation', id: 'nope' })).toBeUndefined();
  });
});

describe('buildRuleView: only on a context built for the rules', () => {
  it('refuses a context without events (the model’s), where exclusions would be missed silently', () => {
    expect(() => buildRuleView({ ...makeContext({ ageYears: 60 }), events: undefined })).toThrow(
      /includeEvents/u,
    );
  });
});

describe('oncePerView', () => {
  it('works a question out once per view, and again for another view', () => {
    let calls = 0;
    const ageNextYear = oncePerView((view) => {
      calls += 1;
      return (view.ageYears ?? 0) + 1;
    });
    const view = buildRuleView(makeContext({ ageYears: 60 }));
    expect([ageNextYear(view), ageNextYear(view)]).toEqual([61, 61]);
    expect(calls).toBe(1);
    expect(ageNextYear(buildRuleView(makeContext({ ageYears: 70 })))).toBe(71);
    expect(calls).toBe(2);
  });
});
