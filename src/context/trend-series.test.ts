import type { MedicationRequest, Observation, Patient } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { EMPTY_PATIENT_RECORD, type PatientRecord } from '../record/patient-record.ts';
import { buildClinicalContext } from './clinical-context.ts';
import { SENSITIVE_CATEGORIES } from './sensitive-categories.ts';
import { condition, diabeticCkdRecord, encounter, TEST_NOW_MS } from './test-records.ts';
import { buildTrendCatalog, chartInRange, chartRows, type TrendCatalog } from './trend-series.ts';

const NOW_MS = Date.parse('2026-11-25T00:00:00Z');
const LOINC = 'http://loinc.org';
const UCUM = 'http://unitsofmeasure.org';

let nextId = 0;
function lab(
  code: string,
  date: string,
  value: number,
  unit: string,
  extra: Partial<Observation> = {},
): Observation {
  nextId += 1;
  return {
    resourceType: 'Observation',
    id: `obs-${nextId}`,
    status: 'final',
    category: [
      {
        coding: [
          { system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'laboratory' },
        ],
      },
    ],
    code: { coding: [{ system: LOINC, code }] },
    effectiveDateTime: date,
    valueQuantity: { value, unit, system: UCUM, code: unit },
    ...extra,
  };
}

function bloodPressure(date: string, systolic: number, diastolic: number): Observation {
  nextId += 1;
  return {
    resourceType: 'Observation',
    id: `bp-${nextId}`,
    status: 'final',
    category: [{ coding: [{ code: 'vital-signs' }] }],
    code: { coding: [{ system: LOINC, code: '85354-9' }] },
    effectiveDateTime: date,
    // Diastolic first, as Synthea writes it: components are picked by code, not position.
    component: [
      {
        code: { coding: [{ system: LOINC, code: '8462-4' }] },
        valueQuantity: { value: diastolic, unit: 'mm[Hg]' },
      },
      {
        code: { coding: [{ system: LOINC, code: '8480-6' }] },
        valueQuantity: { value: systolic, unit: 'mm[Hg]' },
      },
    ],
  };
}

function order(
  name: string,
  authoredOn: string,
  status: MedicationRequest['status'],
  end?: string,
): MedicationRequest {
  nextId += 1;
  return {
    resourceType: 'MedicationRequest',
    id: `mr-${nextId}`,
    status,
    intent: 'order',
    subject: { reference: 'Patient/p1' },
    medicationCodeableConcept: { text: name },
    authoredOn,
    ...(end === undefined ? {} : { dispenseRequest: { validityPeriod: { end } } }),
  };
}

function record(fields: Partial<PatientRecord>, birthDate = '1960-01-01'): PatientRecord {
  const patient: Patient = { resourceType: 'Patient', id: 'p1', birthDate };
  return { ...EMPTY_PATIENT_RECORD, patient, ...fields };
}

describe('buildTrendCatalog', () => {
  const adult = record({
    observations: [
      lab('33914-3', '2020-01-10', 72, 'mL/min/{1.73_m2}'),
      // The 2021 race-free equation: the same measure, the same line.
      lab('98979-8', '2024-03-01', 55, 'mL/min/{1.73_m2}'),
      lab('2160-0', '2023-05-01', 1.2, 'mg/dL'),
      // 106 µmol/L is 1.2 mg/dL: converted, not plotted on another scale.
      lab('2160-0', '2024-03-01', 106, 'umol/L'),
      lab('4548-4', '2024-03-01', 7.9, '%', { referenceRange: [{ high: { value: 6, unit: '%' } }] }),
      lab('2823-3', '2024-03-01', 5.9, 'mmol/L'),
      bloodPressure('2024-03-01', 152, 91),
      bloodPressure('2023-03-01', 138, 85),
      { ...lab('33914-3', '2024-04-01', 60, 'mL/min/{1.73_m2}'), status: 'cancelled' },
    ],
    medicationRequests: [
      order('Metformin hydrochloride 500 MG Oral Tablet', '2019-06-01', 'stopped', '2024-03-15'),
      order('Lisinopril 10 MG Oral Tablet', '2021-02-01', 'active'),
      order('Ibuprofen 400 MG Oral Tablet', '2022-07-01', 'stopped'),
      order('Amoxicillin 500 MG Oral Capsule', '2022-08-01', 'completed'),
    ],
  });
  const catalog = buildTrendCatalog(adult, { nowMs: NOW_MS });
  const chart = (id: string) => {
    const found = catalog.chart(id);
    if (found === undefined) throw new Error(`no chart ${id}`);
    return found;
  };

  it('lists the standard charts in order, with or without results', () => {
    expect(catalog.standard.map((item) => item.id)).toEqual([
      'egfr',
      'creatinine',
      'hba1c',
      'ldl',
      'blood-pressure',
      'weight',
      'bmi',
    ]);
    expect(chart('ldl').lines[0]?.points).toEqual([]);
    expect(chart('ldl').reference).toBeUndefined();
  });

  it('merges the eGFR codes into one line, oldest first, without cancelled results', () => {
    expect(chart('egfr').lines).toHaveLength(1);
    expect(chart('egfr').lines[0]?.points.map((point) => point.value)).toEqual([72, 55]);
    expect(chart('egfr').unit).toBe('mL/min/1.73m2');
  });

  it('brings creatinine to one unit', () => {
    const values = chart('creatinine').lines[0]?.points.map((point) => Number(point.value.toFixed(2)));
    expect(values).toEqual([1.2, 1.2]);
    expect(chart('creatinine').unit).toBe('mg/dL');
    expect(chart('creatinine').otherUnitCount).toBe(0);
  });

  it("prefers the lab's own reference range to the adult default", () => {
    expect(chart('hba1c').reference).toEqual({
      kind: 'band',
      low: undefined,
      high: 6,
      label: "≤ 6 (the lab's range)",
    });
    expect(chart('egfr').reference).toMatchObject({ kind: 'band', low: 60, high: undefined });
  });

  it('reads systolic and diastolic from the panel by code', () => {
    const bp = chart('blood-pressure');
    expect(bp.lines.map((line) => [line.label, line.points.map((point) => point.value)])).toEqual([
      ['Systolic', [138, 152]],
      ['Diastolic', [85, 91]],
    ]);
    expect(chartRows(bp)).toEqual([
      { timeMs: Date.parse('2023-03-01'), values: { '8480-6': 138, '8462-4': 85 } },
      { timeMs: Date.parse('2024-03-01'), values: { '8480-6': 152, '8462-4': 91 } },
    ]);
  });

  it('marks related medications: starts, dated stops, and stops without a date listed apart', () => {
    const egfr = chart('egfr');
    expect(egfr.markers.map((marker) => `${marker.kind} ${marker.name}`)).toEqual([
      expect.stringMatching(/^start Metformin/u),
      expect.stringMatching(/^start Lisinopril/u),
      expect.stringMatching(/^start Ibuprofen/u),
      expect.stringMatching(/^stop Metformin/u),
    ]);
    expect(egfr.stoppedUndated).toEqual([expect.stringMatching(/^Ibuprofen/u)]);
    // An antibiotic acts on none of these measures.
    expect(
      catalog.standard.flatMap((item) => item.markers).some((marker) => /Amoxicillin/u.test(marker.name)),
    ).toBe(false);
  });

  it('offers other laboratory series on request', () => {
    expect(catalog.otherLabs).toEqual([{ id: 'lab:2823-3', title: 'Potassium', count: 1 }]);
    expect(chart('lab:2823-3').lines[0]?.points[0]?.value).toBe(5.9);
  });

  it('counts ranges back from the latest result', () => {
    expect(catalog.latestMs).toBe(Date.parse('2024-03-01'));
    const lastYear = chartInRange(chart('egfr'), '1y', catalog.latestMs);
    expect(lastYear.lines[0]?.points.map((point) => point.value)).toEqual([55]);
    expect(lastYear.markers.map((marker) => marker.kind)).toEqual(['stop']);
    expect(chartInRange(chart('egfr'), 'all', catalog.latestMs)).toBe(chart('egfr'));
  });

  it('gives children no adult reference range, and says why', () => {
    const child = buildTrendCatalog(
      record(
        { observations: [lab('39156-5', '2024-01-01', 17, 'kg/m2'), bloodPressure('2024-01-01', 110, 70)] },
        '2015-05-01',
      ),
      { nowMs: NOW_MS },
    );
    const bmi = child.chart('bmi');
    expect(bmi?.reference).toBeUndefined();
    expect(bmi?.referenceNote).toMatch(/under 18/u);
  });

  it('marks values no body can have, and keeps them', () => {
    const odd = buildTrendCatalog(
      record({ observations: [lab('4548-4', '2024-01-01', 7.9, '%'), lab('4548-4', '2024-06-01', 48, '%')] }),
      {
        nowMs: NOW_MS,
      },
    );
    expect(odd.chart('hba1c')?.lines[0]?.points.map((point) => point.implausible)).toEqual([false, true]);
  });
});

/** Every resource id a catalog shows: chart points, markers, and the other labs it offers. */
function shownIds(catalog: TrendCatalog): string[] {
  const charts = [...catalog.standard, ...catalog.otherLabs.flatMap((lab) => catalog.chart(lab.id) ?? [])];
  return charts.flatMap((item) => [
    ...item.lines.flatMap((line) => line.points.map((point) => point.source.id)),
    ...item.markers.map((marker) => marker.source.id),
  ]);
}

describe('buildTrendCatalog: sensitive entries', () => {
  const prenatalVisit = { encounter: { reference: 'Encounter/enc-prenatal' } };
  const sensitive = record({
    conditions: [condition('c-alcohol', '7200002', 'Alcoholism', '2000-01-01')],
    encounters: [
      encounter('enc-prenatal', 'AMB', 'Prenatal visit', '2023-04-01T10:00:00Z', {
        reasonCode: [{ text: 'Normal pregnancy' }],
      }),
    ],
    observations: [
      lab('33914-3', '2022-01-10', 80, 'mL/min/{1.73_m2}', { id: 'o-egfr' }),
      // Withheld for what it points at: an eGFR taken at a prenatal visit.
      lab('33914-3', '2023-04-01', 95, 'mL/min/{1.73_m2}', { id: 'o-egfr-prenatal', ...prenatalVisit }),
      // Withheld for its own code: HIV-1 RNA, the only result of its code, so no other-lab chart either.
      lab('20447-9', '2023-06-01', 40, '{copies}/mL', { id: 'o-hiv-load' }),
      // Withheld, but never a point (a coded result): not counted.
      {
        ...lab('4993-2', '2023-06-01', 0, '1', { id: 'o-chlamydia' }),
        valueQuantity: undefined,
        valueCodeableConcept: { text: 'Negative' },
      },
      lab('2823-3', '2023-06-01', 4.2, 'mmol/L', { id: 'o-potassium' }),
      // A vital sign at the visit is kept (withheld-resources.ts).
      { ...bloodPressure('2023-04-01', 118, 76), id: 'o-bp-prenatal', ...prenatalVisit },
    ],
    medicationRequests: [
      { ...order('Lisinopril 10 MG Oral Tablet', '2021-02-01', 'active'), id: 'm-lisinopril' },
      // Mental health by name; acts on the kidney, so it would mark the eGFR chart.
      { ...order('Lithium carbonate 300 MG Oral Capsule', '2021-05-01', 'active'), id: 'm-lithium' },
      // Ordered at the prenatal visit.
      {
        ...order('Metformin hydrochloride 500 MG Oral Tablet', '2023-04-01', 'active'),
        id: 'm-metformin',
        ...prenatalVisit,
      },
      // Ordered for a withheld condition, but related to no chart: not counted.
      {
        ...order('Disulfiram 250 MG Oral Tablet', '2020-01-01', 'active'),
        id: 'm-disulfiram',
        reasonReference: [{ reference: 'Condition/c-alcohol' }],
      },
    ],
  });
  const catalog = buildTrendCatalog(sensitive, { nowMs: NOW_MS });

  it('charts no result the Record summary withholds, and offers none as another lab', () => {
    expect(catalog.chart('egfr')?.lines[0]?.points.map((point) => point.source.id)).toEqual(['o-egfr']);
    expect(catalog.otherLabs).toEqual([{ id: 'lab:2823-3', title: 'Potassium', count: 1 }]);
    expect(catalog.chart('lab:20447-9')).toBeUndefined();
    expect(catalog.chart('blood-pressure')?.lines[0]?.points.map((point) => point.source.id)).toEqual([
      'o-bp-prenatal',
    ]);
    expect(catalog.latestMs).toBe(Date.parse('2023-06-01'));
  });

  it('draws no marker for a withheld medication', () => {
    const markers = catalog.standard.flatMap((item) => item.markers.map((marker) => marker.source.id));
    expect(new Set(markers)).toEqual(new Set(['m-lisinopril']));
  });

  it('counts what it left out that a chart would have shown', () => {
    // The prenatal eGFR, the HIV viral load, lithium and metformin; not the coded test, disulfiram or the visit.
    expect(catalog.withheldCount).toBe(4);
    expect(
      buildTrendCatalog(record({ observations: [lab('2823-3', '2023-06-01', 4.2, 'mmol/L')] }), {
        nowMs: NOW_MS,
      }).withheldCount,
    ).toBe(0);
  });

  it('includes the categories a setting names, as the clinical context does', () => {
    const all = buildTrendCatalog(sensitive, {
      nowMs: NOW_MS,
      includeSensitiveCategories: SENSITIVE_CATEGORIES,
    });
    expect(all.withheldCount).toBe(0);
    expect(all.otherLabs.map((lab) => lab.id)).toContain('lab:20447-9');
    expect(all.chart('egfr')?.lines[0]?.points).toHaveLength(2);
    expect(all.chart('egfr')?.markers.map((marker) => marker.source.id)).toContain('m-lithium');
  });

  it('shows nothing the clinical context withholds (the context tests’ record)', () => {
    const full = diabeticCkdRecord();
    const context = JSON.stringify(buildClinicalContext(full, { nowMs: TEST_NOW_MS }));
    const shown = shownIds(buildTrendCatalog(full, { nowMs: TEST_NOW_MS }));
    expect(shown).toContain('o-weight-prenatal');
    expect(shown).toContain('o-a1c-3');
    for (const id of shown) expect(context).toContain(id);
    for (const id of ['o-hiv', 'o-hgb-prenatal', 'm-prenatal']) expect(shown).not.toContain(id);
  });
});
