import type { Observation } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { SYSTEM_LOINC } from '../terminology/code-systems.ts';
import { computeTrend, formatNumber, summarizeObservations } from './observation-series.ts';

const NOW = Date.parse('2021-06-01T00:00:00Z');
const noScrub = (text: string): string => text;

function quantity(
  id: string,
  loinc: string,
  date: string,
  value: number,
  unit: string,
  category = 'laboratory',
): Observation {
  return {
    resourceType: 'Observation',
    id,
    status: 'final',
    category: [
      { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: category }] },
    ],
    code: { coding: [{ system: SYSTEM_LOINC, code: loinc, display: `LOINC ${loinc}` }] },
    effectiveDateTime: date,
    valueQuantity: { value, unit, system: 'http://unitsofmeasure.org', code: unit },
  };
}

function bloodPressure(
  id: string,
  panel: string,
  date: string,
  systolic: number,
  diastolic: number,
): Observation {
  // Synthea lists the diastolic component first: components must be picked by code.
  return {
    resourceType: 'Observation',
    id,
    status: 'final',
    category: [{ coding: [{ code: 'vital-signs' }] }],
    code: { coding: [{ system: SYSTEM_LOINC, code: panel }] },
    effectiveDateTime: date,
    component: [
      {
        code: { coding: [{ system: SYSTEM_LOINC, code: '8462-4' }] },
        valueQuantity: { value: diastolic, unit: 'mm[Hg]' },
      },
      {
        code: { coding: [{ system: SYSTEM_LOINC, code: '8480-6' }] },
        valueQuantity: { value: systolic, unit: 'mm[Hg]' },
      },
    ],
  };
}

describe('summarizeObservations', () => {
  it('groups by LOINC, normalizes units, keeps the latest and fits a trend', () => {
    const summary = summarizeObservations(
      [
        quantity('g2', '2339-0', '2021-05-01', 6.0, 'mmol/L'),
        quantity('g1', '2339-0', '2020-05-01', 90, 'mg/dL'),
        quantity('g3', '2339-0', '2019-05-01', 80, 'mg/dL'),
      ],
      NOW,
      noScrub,
    );
    expect(summary.labs).toHaveLength(1);
    const glucose = summary.labs[0];
    expect(glucose?.name).toBe('Glucose');
    expect(glucose?.count).toBe(3);
    expect(glucose?.latest.source).toEqual({ resourceType: 'Observation', id: 'g2' });
    expect(glucose?.latest.daysAgo).toBe(31);
    expect(glucose?.latest.value).toEqual({
      kind: 'quantity',
      value: expect.closeTo(108.1, 1) as number,
      unit: 'mg/dL',
    });
    expect(glucose?.trend?.direction).toBe('rising');
    expect(summary.mixedUnits).toEqual([]);
  });

  it('flags values it cannot bring to one unit and keeps them as their own series', () => {
    const summary = summarizeObservations(
      [
        quantity('a', '2339-0', '2021-05-01', 6, 'widgets'),
        quantity('b', '2339-0', '2021-04-01', 90, 'mg/dL'),
      ],
      NOW,
      noScrub,
    );
    expect(summary.labs).toHaveLength(2);
    expect(summary.mixedUnits).toEqual([{ name: 'Glucose', units: ['mg/dL', 'widgets'] }]);
  });

  it('marks implausible values and leaves them out of the trend (Synthea HbA1c 2.4–3.9 %)', () => {
    const summary = summarizeObservations(
      [
        quantity('h1', '4548-4', '2019-01-01', 6.0, '%'),
        quantity('h2', '4548-4', '2020-01-01', 6.2, '%'),
        quantity('h3', '4548-4', '2021-01-01', 2.9, '%'),
      ],
      NOW,
      noScrub,
    );
    const hba1c = summary.labs[0];
    expect(hba1c?.latest.implausible).toBe(true);
    expect(hba1c?.implausible).toEqual({ count: 1, lowest: 2.9, highest: 2.9, limits: { low: 4, high: 25 } });
    expect(hba1c?.trend?.points).toBe(2);
  });

  it('reads blood pressure from both panel codes by component code, diastolic first or not', () => {
    const summary = summarizeObservations(
      [
        bloodPressure('bp1', '55284-4', '2020-01-01', 150, 95),
        bloodPressure('bp2', '85354-9', '2021-01-01', 130, 85),
      ],
      NOW,
      noScrub,
    );
    expect(summary.bloodPressure?.latest).toMatchObject({
      systolicMmHg: 130,
      diastolicMmHg: 85,
      implausible: false,
      source: { id: 'bp2' },
    });
    expect(summary.bloodPressure?.count).toBe(2);
    expect(summary.bloodPressure?.systolicTrend?.direction).toBe('falling');
  });

  it('lists every blood pressure reading oldest first, implausible ones marked', () => {
    const summary = summarizeObservations(
      [
        bloodPressure('bp3', '85354-9', '2021-02-01', 80, 95),
        bloodPressure('bp1', '55284-4', '2020-01-01', 150, 95),
        bloodPressure('bp2', '85354-9', '2021-01-01', 130, 85),
      ],
      NOW,
      noScrub,
    );
    expect(
      summary.bloodPressure?.readings.map((reading) => [
        reading.source.id,
        reading.systolicMmHg,
        reading.diastolicMmHg,
        reading.implausible,
      ]),
    ).toEqual([
      ['bp1', 150, 95, false],
      ['bp2', 130, 85, false],
      ['bp3', 80, 95, true],
    ]);
    expect(summary.bloodPressure?.readings.map((reading) => reading.daysAgo)).toEqual([517, 151, 120]);
  });

  it('lists the numeric points of a series oldest first; a coded series has none', () => {
    const summary = summarizeObservations(
      [
        quantity('g2', '2339-0', '2021-01-01', 5, 'mmol/L'),
        quantity('g1', '2339-0', '2020-01-01', 90, 'mg/dL'),
        {
          resourceType: 'Observation',
          id: 'hcv',
          status: 'final',
          category: [{ coding: [{ code: 'laboratory' }] }],
          code: { coding: [{ system: SYSTEM_LOINC, code: '13955-0' }], text: 'Hepatitis C antibody' },
          effectiveDateTime: '2021-01-01',
          valueCodeableConcept: { text: 'Negative' },
        },
      ],
      NOW,
      noScrub,
    );
    const glucose = summary.labs.find((series) => series.loinc === '2339-0');
    expect(
      glucose?.points.map((point) => [point.source.id, point.daysAgo, point.unit, point.implausible]),
    ).toEqual([
      ['g1', 517, 'mg/dL', false],
      ['g2', 151, 'mg/dL', false],
    ]);
    // 5 mmol/L of glucose, brought to the series unit.
    expect(glucose?.points[1]?.value).toBeCloseTo(90.1, 1);
    expect(summary.labs.find((series) => series.loinc === '13955-0')?.points).toEqual([]);
  });

  it('counts a diastolic at or above the systolic as implausible', () => {
    const summary = summarizeObservations(
      [bloodPressure('bp1', '85354-9', '2021-01-01', 80, 95)],
      NOW,
      noScrub,
    );
    expect(summary.bloodPressure?.latest.implausible).toBe(true);
    expect(summary.bloodPressure?.implausibleCount).toBe(1);
  });

  it('keeps smoking status apart, counts undated observations and skips cancelled ones', () => {
    const smoking: Observation = {
      resourceType: 'Observation',
      id: 's1',
      status: 'final',
      code: { coding: [{ system: SYSTEM_LOINC, code: '72166-2' }] },
      effectiveDateTime: '2021-01-01',
      valueCodeableConcept: { text: 'Never smoker' },
    };
    const undated: Observation = {
      ...quantity('u', '2339-0', '2021-01-01', 90, 'mg/dL'),
      effectiveDateTime: undefined,
    };
    const cancelled: Observation = {
      ...quantity('c', '2339-0', '2021-01-01', 90, 'mg/dL'),
      status: 'cancelled',
    };
    const summary = summarizeObservations([smoking, undated, cancelled], NOW, noScrub);
    expect(summary.smoking).toEqual({
      text: 'Never smoker',
      daysAgo: 151,
      source: { resourceType: 'Observation', id: 's1' },
    });
    expect(summary.undatedCount).toBe(1);
    expect(summary.labs).toEqual([]);
  });

  it('puts vital signs apart from labs, by category or by code', () => {
    const summary = summarizeObservations(
      [quantity('w', '29463-7', '2021-01-01', 80, 'kg', 'exam')],
      NOW,
      noScrub,
    );
    expect(summary.vitals.map((series) => series.name)).toEqual(['Weight']);
  });

  it('orders the key chronic-disease labs first', () => {
    const summary = summarizeObservations(
      [
        quantity('a', '1742-6', '2021-05-01', 30, 'U/L'),
        quantity('b', '33914-3', '2020-01-01', 60, 'mL/min/{1.73_m2}'),
        quantity('c', '4548-4', '2019-01-01', 7, '%'),
      ],
      NOW,
      noScrub,
    );
    expect(summary.labs.map((series) => series.name)).toEqual(['HbA1c', 'eGFR', 'ALT']);
  });
});

describe('computeTrend', () => {
  const year = 365.25 * 86_400_000;
  it.each<[string, { timeMs: number; value: number }[], string | undefined]>([
    ['one value', [{ timeMs: 0, value: 1 }], undefined],
    [
      'two values a week apart',
      [
        { timeMs: 0, value: 1 },
        { timeMs: 7 * 86_400_000, value: 2 },
      ],
      undefined,
    ],
    [
      'flat',
      [
        { timeMs: 0, value: 100 },
        { timeMs: year, value: 101 },
        { timeMs: 2 * year, value: 100 },
      ],
      'stable',
    ],
    [
      'falling',
      [
        { timeMs: 0, value: 60 },
        { timeMs: year, value: 50 },
        { timeMs: 2 * year, value: 40 },
      ],
      'falling',
    ],
    [
      'rising',
      [
        { timeMs: 0, value: 6 },
        { timeMs: year, value: 7 },
      ],
      'rising',
    ],
  ])('%s → %s', (_label, points, direction) => {
    expect(computeTrend(points)?.direction).toBe(direction);
  });

  it('gives the change per year and the percent change over the window', () => {
    const trend = computeTrend([
      { timeMs: 0, value: 60 },
      { timeMs: 2 * year, value: 40 },
    ]);
    expect(trend?.perYear).toBeCloseTo(-10);
    expect(trend?.percentChange).toBeCloseTo(-33.3, 1);
    expect(trend?.spanYears).toBeCloseTo(2);
  });

  it('fits only the five years before the latest value', () => {
    const trend = computeTrend([
      { timeMs: 0, value: 10 },
      { timeMs: 8 * year, value: 50 },
      { timeMs: 10 * year, value: 50 },
    ]);
    expect(trend?.points).toBe(2);
    expect(trend?.direction).toBe('stable');
  });
});

describe('formatNumber', () => {
  it.each<[number, string]>([
    [116.88054226148434, '117'],
    [41.63, '41.6'],
    [6.93, '6.93'],
    [0.0234, '0.0234'],
    [2.0, '2'],
    [-0.173, '-0.173'],
    [0, '0'],
    [1234.5, '1235'],
  ])('%s → %s', (value, expected) => {
    expect(formatNumber(value)).toBe(expected);
  });
});
