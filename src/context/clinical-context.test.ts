import { describe, expect, it } from 'vitest';
import { EMPTY_PATIENT_RECORD } from '../record/patient-record.ts';
import { SYSTEM_RXNORM, SYSTEM_SNOMED } from '../terminology/code-systems.ts';
import { renderCompactContext } from './compact-context.ts';
import { buildClinicalContext } from './clinical-context.ts';
import { diabeticCkdRecord, medication, TEST_NOW_MS, TEST_PATIENT } from './test-records.ts';

const context = buildClinicalContext(diabeticCkdRecord(), { nowMs: TEST_NOW_MS });

describe('buildClinicalContext: demographics and time', () => {
  it('reduces the patient to age and sex (and race categories, for the Pooled Cohort Equations only)', () => {
    expect(context.demographics).toEqual({
      ageYears: 63,
      ageMonths: undefined,
      sex: 'female',
      deceased: undefined,
      raceCategories: [],
      source: { resourceType: 'Patient', id: 'p1' },
      ageYearsAtNow: 63,
    });
    expect(context.timeReference).toBe('now');
  });

  it('reads the OMB race categories of the US Core race extension, and never renders them', () => {
    const withRace = buildClinicalContext(
      {
        ...EMPTY_PATIENT_RECORD,
        patient: {
          ...TEST_PATIENT,
          extension: [
            {
              url: 'http://hl7.org/fhir/us/core/StructureDefinition/us-core-race',
              extension: [
                {
                  url: 'ombCategory',
                  valueCoding: { system: 'urn:oid:2.16.840.1.113883.6.238', code: '2054-5' },
                },
                { url: 'text', valueString: 'Black or African American' },
              ],
            },
          ],
        },
      },
      { nowMs: TEST_NOW_MS },
    );
    expect(withRace.demographics.raceCategories).toEqual(['2054-5']);
    expect(
      renderCompactContext(withRace, { countTokens: (text) => text.length, budgetTokens: 100_000 }).text,
    ).not.toMatch(/black|african|2054-5/iu);
  });

  it('gives months under two years', () => {
    const infant = buildClinicalContext(
      { ...EMPTY_PATIENT_RECORD, patient: { ...TEST_PATIENT, birthDate: '2020-01-15' } },
      { nowMs: TEST_NOW_MS },
    );
    expect(infant.demographics).toMatchObject({ ageYears: 1, ageMonths: 16 });
  });

  it('marks a deceased patient and puts times relative to death, ages at death', () => {
    const record = diabeticCkdRecord({
      patient: { ...TEST_PATIENT, deceasedDateTime: '2021-05-03T00:00:00Z' },
    });
    const deceased = buildClinicalContext(record, { nowMs: TEST_NOW_MS });
    expect(deceased.timeReference).toBe('death');
    expect(deceased.demographics.deceased).toEqual({ daysBeforeNow: 29 });
    expect(deceased.demographics.ageYears).toBe(63);
    expect(deceased.labs.find((series) => series.name === 'Creatinine')?.latest.daysAgo).toBe(2);
  });

  it('holds no name, identifier, telecom, address or calendar date', () => {
    const json = JSON.stringify(context);
    for (const identifier of [
      'Quigleyson',
      'Renea',
      'Maybelle',
      'MRN-7781234',
      '555-201-3344',
      'Orchard',
      'Springfield',
      '01101',
      '1957',
    ]) {
      expect(json).not.toContain(identifier);
    }
    expect(json).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  });
});

describe('buildClinicalContext: problems', () => {
  it('lists active problems with age at onset, most recent first; refuted and resolved ones are not active', () => {
    expect(context.problems.map((problem) => [problem.name, problem.onsetAgeYears])).toEqual([
      ['Chronic kidney disease stage 2', 57],
      ['Chronic kidney disease stage 1', 52],
      ['Diabetes', 37],
      ['Hypertension', 37],
      ['Prediabetes', 32],
    ]);
  });

  it('collapses resolved history into one line per problem with a count', () => {
    expect(context.resolvedProblems).toEqual([
      {
        name: 'Viral sinusitis',
        occurrences: 3,
        firstOnsetAgeYears: 47,
        lastOnsetAgeYears: 61,
        lastDaysAgo: 873,
        source: { resourceType: 'Condition', id: 'c-sinus-3' },
        codes: [{ system: SYSTEM_SNOMED, code: '444814009' }],
      },
    ]);
  });

  it('flags CKD stage 1 and 2 both active, and prediabetes beside diabetes', () => {
    expect(context.flags).toContainEqual({
      kind: 'conflicting-ckd-stages',
      stages: [
        { stage: '1', source: { resourceType: 'Condition', id: 'c-ckd1' } },
        { stage: '2', source: { resourceType: 'Condition', id: 'c-ckd2' } },
      ],
      latestEgfr: { value: 142.8, category: 'G1', source: { resourceType: 'Observation', id: 'o-egfr' } },
    });
    expect(context.flags).toContainEqual(
      expect.objectContaining({ kind: 'superseded-problem', name: 'Prediabetes', supersededBy: 'Diabetes' }),
    );
  });
});

describe('buildClinicalContext: medications and allergies', () => {
  it('lists active medications as ingredient + strength with a sig, without stopped ones', () => {
    expect(context.medications.map((item) => [item.name, item.dosage])).toEqual([
      ['Metformin hydrochloride 500 mg, ER oral tablet', '1 BID'],
      ['Hydrochlorothiazide 25 mg', undefined],
    ]);
  });

  it('flags medications still active after death', () => {
    const record = diabeticCkdRecord({
      patient: { ...TEST_PATIENT, deceasedDateTime: '2021-05-03T00:00:00Z' },
    });
    const flags = buildClinicalContext(record, { nowMs: TEST_NOW_MS }).flags;
    expect(flags).toContainEqual({
      kind: 'medications-active-after-death',
      sources: [
        { resourceType: 'MedicationRequest', id: 'm-metformin' },
        { resourceType: 'MedicationRequest', id: 'm-hctz' },
      ],
    });
  });

  it('lists allergies, high criticality first, with reactions; refuted ones are left out', () => {
    expect(context.allergies.map((item) => [item.name, item.criticality, item.reactions])).toEqual([
      ['Allergy to peanuts', 'high', [{ manifestations: ['Anaphylaxis'], severity: 'severe' }]],
      ['Latex allergy', 'low', []],
    ]);
  });

  it('collapses duplicate active orders of one drug', () => {
    const record = {
      ...EMPTY_PATIENT_RECORD,
      patient: TEST_PATIENT,
      medicationRequests: [
        medication('a', '1', 'Lisinopril 10 MG Oral Tablet', '2020-01-01'),
        medication('b', '1', 'Lisinopril 10 MG Oral Tablet', '2021-01-01'),
      ],
    };
    const items = buildClinicalContext(record, { nowMs: TEST_NOW_MS }).medications;
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ occurrences: 2, source: { id: 'b' } });
  });
});

describe('buildClinicalContext: observations and data quality', () => {
  it('flags the implausible HbA1c and an eGFR that the same-day creatinine contradicts', () => {
    expect(context.flags).toContainEqual(
      expect.objectContaining({
        kind: 'implausible-values',
        seriesName: 'HbA1c',
        count: 1,
        total: 3,
        latestImplausible: true,
      }),
    );
    expect(context.flags).toContainEqual(
      expect.objectContaining({ kind: 'egfr-creatinine-mismatch', egfr: 142.8, creatinineMgDl: 1.5 }),
    );
  });

  it('normalizes the eGFR unit', () => {
    expect(context.labs.find((series) => series.name === 'eGFR')?.latest.value).toEqual({
      kind: 'quantity',
      value: 142.8,
      unit: 'mL/min/{1.73_m2}',
    });
  });

  it('flags records dated after the reference', () => {
    const record = diabeticCkdRecord();
    const future = buildClinicalContext(record, { nowMs: Date.parse('2020-01-01T00:00:00Z') });
    expect(future.flags).toContainEqual(expect.objectContaining({ kind: 'dated-after-reference' }));
  });
});

describe('buildClinicalContext: sensitive categories', () => {
  it('withholds them by default, with what points at them (prenatal tests, pregnancy procedures, contraceptives)', () => {
    const ids = JSON.stringify(context);
    for (const id of [
      'c-alcohol',
      'c-pregnancy',
      'm-jolivette',
      'm-prenatal',
      'o-hiv',
      'o-hgb-prenatal',
      'x-hiv-test',
      'x-fetal',
    ])
      expect(ids).not.toContain(id);
    expect(context.policy).toEqual({
      includedSensitiveCategories: [],
      includeFreeText: false,
      withheldSensitiveCount: 8,
    });
  });

  it('keeps vital signs taken at such a visit', () => {
    expect(context.vitals.find((series) => series.name === 'Weight')?.latest.source.id).toBe(
      'o-weight-prenatal',
    );
  });

  it('hides the type of a withheld visit but still counts it', () => {
    const record = diabeticCkdRecord({
      encounters: diabeticCkdRecord().encounters.map((item) =>
        item.id === 'enc-prenatal' ? { ...item, period: { start: '2021-05-20T00:00:00Z' } } : item,
      ),
    });
    const encounters = buildClinicalContext(record, { nowMs: TEST_NOW_MS }).encounters;
    expect(encounters?.last).toEqual({
      classLabel: 'outpatient',
      type: undefined,
      daysAgo: 12,
      source: { resourceType: 'Encounter', id: 'enc-prenatal' },
    });
    expect(encounters?.total).toBe(4);
  });

  it('includes the categories a setting names', () => {
    const included = buildClinicalContext(diabeticCkdRecord(), {
      nowMs: TEST_NOW_MS,
      includeSensitiveCategories: ['substance-use'],
    });
    expect(included.problems.map((problem) => problem.name)).toContain('Alcoholism');
    expect(JSON.stringify(included)).not.toContain('m-jolivette');
    const all = buildClinicalContext(diabeticCkdRecord(), {
      nowMs: TEST_NOW_MS,
      includeSensitiveCategories: [
        'substance-use',
        'hiv-sti',
        'mental-health',
        'abuse-violence',
        'criminal-record',
        'reproductive-health',
      ],
    });
    expect(all.policy.withheldSensitiveCount).toBe(0);
    expect(all.medications.map((item) => item.source.id)).toContain('m-jolivette');
    expect(all.familyHistory[0]?.conditions.map((item) => item.name)).toEqual([
      'Breast cancer',
      'Major depressive disorder',
    ]);
  });

  it('leaves sensitive conditions out of family history', () => {
    expect(context.familyHistory).toEqual([
      {
        relationship: 'mother',
        conditions: [{ name: 'Breast cancer', onsetAgeYears: 45 }],
        note: undefined,
        source: { resourceType: 'FamilyMemberHistory', id: 'fh-mother' },
      },
    ]);
  });
});

describe('buildClinicalContext: free text', () => {
  it('is left out by default; a report conclusion is marked as withheld and its codes are kept', () => {
    expect(context.reports).toEqual([
      {
        name: 'Chest X-ray',
        category: 'Radiology',
        daysAgo: 31,
        conclusionCodes: ['Cardiomegaly'],
        conclusion: undefined,
        conclusionWithheld: true,
        source: { resourceType: 'DiagnosticReport', id: 'dr-xray' },
        codes: [],
      },
    ]);
    expect(context.medications[0]?.note).toBeUndefined();
    expect(context.allergies[0]?.note).toBeUndefined();
  });

  it('when included, is scrubbed of the patient identifiers and dates', () => {
    const withText = buildClinicalContext(diabeticCkdRecord(), { nowMs: TEST_NOW_MS, includeFreeText: true });
    expect(withText.reports[0]?.conclusion).toBe(
      'Mild cardiomegaly. Compared with study of [date]. Dictated for [redacted] [redacted].',
    );
    expect(withText.medications[0]?.note).toBe('Take with food, call [redacted] at [redacted]');
    expect(withText.allergies[0]?.note).toBe('Collapsed at the [redacted] diner');
    expect(withText.labs.find((series) => series.name === 'PSA')).toBeDefined();
  });
});

describe('buildClinicalContext: encounters, procedures, immunizations', () => {
  it('summarizes encounters by class per year before now, with the last visit', () => {
    expect(context.encounters).toEqual({
      total: 4,
      byYear: [
        { yearsAgo: 0, counts: { outpatient: 1 } },
        { yearsAgo: 1, counts: { ED: 1 } },
        { yearsAgo: 2, counts: { outpatient: 1 } },
        { yearsAgo: 'earlier', counts: { outpatient: 1 } },
      ],
      last: {
        classLabel: 'outpatient',
        type: 'Encounter for check up',
        daysAgo: 31,
        source: { resourceType: 'Encounter', id: 'enc-1' },
      },
      lastByClass: [
        { classLabel: 'outpatient', daysAgo: 31 },
        { classLabel: 'ED', daysAgo: 486 },
      ],
    });
  });

  it('collapses repeated procedures and vaccines with a count and the last time', () => {
    expect(context.procedures.map((item) => [item.name, item.count, item.lastDaysAgo])).toEqual([
      ['Medication Reconciliation', 2, 31],
      ['Colonoscopy', 1, 1096],
    ]);
    expect(context.immunizations.map((item) => [item.name, item.count, item.lastDaysAgo])).toEqual([
      ['Influenza, seasonal, injectable, preservative free', 2, 243],
    ]);
  });
});

describe('buildClinicalContext: missing data', () => {
  it('gives an empty context for an empty record, without throwing', () => {
    const empty = buildClinicalContext(EMPTY_PATIENT_RECORD, { nowMs: TEST_NOW_MS });
    expect(empty.demographics).toEqual({
      ageYears: undefined,
      ageMonths: undefined,
      sex: undefined,
      raceCategories: [],
      deceased: undefined,
      source: undefined,
      ageYearsAtNow: undefined,
    });
    expect(empty.problems).toEqual([]);
    expect(empty.encounters).toBeUndefined();
    expect(empty.flags).toEqual([]);
  });
});

describe('buildClinicalContext: coded identity and dated points, for rules (never rendered)', () => {
  it('keeps the codes of problems, medications, procedures and vaccines', () => {
    expect(context.problems.find((problem) => problem.name === 'Diabetes')?.codes).toEqual([
      { system: SYSTEM_SNOMED, code: '44054006' },
    ]);
    expect(context.procedures.find((item) => item.name === 'Colonoscopy')?.codes).toEqual([
      { system: SYSTEM_SNOMED, code: '73761001' },
    ]);
    expect(context.immunizations[0]?.codes).toEqual([{ system: 'http://hl7.org/fhir/sid/cvx', code: '140' }]);
  });

  it('gives medications their RxNorm code, ingredients, start and structured dose', () => {
    const metformin = context.medications.find((item) => item.source.id === 'm-metformin');
    expect(metformin).toMatchObject({
      codes: [{ system: SYSTEM_RXNORM, code: '860975' }],
      ingredients: [{ name: 'metformin', strength: { value: 500, unit: 'mg' } }],
      startDaysAgo: 142,
      structuredDose: { amount: 1, unit: undefined, timesPerDay: 2 },
    });
    const hctz = context.medications.find((item) => item.source.id === 'm-hctz');
    expect(hctz?.structuredDose).toBeUndefined();
    expect(hctz?.ingredients).toEqual([{ name: 'hydrochlorothiazide', strength: { value: 25, unit: 'mg' } }]);
  });

  it('starts a medication at its earliest current order, and dates it by the latest', () => {
    const record = diabeticCkdRecord();
    const reordered = buildClinicalContext(
      {
        ...record,
        medicationRequests: [
          ...record.medicationRequests,
          medication('m-hctz-old', '316049', 'Hydrochlorothiazide 25 MG', '2011-01-01T00:00:00Z'),
        ],
      },
      { nowMs: TEST_NOW_MS },
    );
    const hctz = reordered.medications.find((item) => item.name === 'Hydrochlorothiazide 25 mg');
    expect(hctz?.startDaysAgo).toBe(3804);
    expect(hctz?.lastDaysAgo).toBe(1978);
  });

  it('lists every numeric result of a series oldest first, implausible ones marked', () => {
    const hba1c = context.labs.find((series) => series.name === 'HbA1c');
    expect(hba1c?.points).toEqual([
      {
        daysAgo: 762,
        value: 7.1,
        unit: '%',
        implausible: false,
        source: { resourceType: 'Observation', id: 'o-a1c-1' },
      },
      {
        daysAgo: 396,
        value: 7.4,
        unit: '%',
        implausible: false,
        source: { resourceType: 'Observation', id: 'o-a1c-2' },
      },
      {
        daysAgo: 31,
        value: 2.9,
        unit: '%',
        implausible: true,
        source: { resourceType: 'Observation', id: 'o-a1c-3' },
      },
    ]);
  });

  it('keeps the age at the date seen for a patient who died later', () => {
    const record = diabeticCkdRecord({
      patient: { ...TEST_PATIENT, deceasedDateTime: '2031-05-03T00:00:00Z' },
    });
    const seenBefore = buildClinicalContext(record, { nowMs: TEST_NOW_MS });
    expect(seenBefore.demographics.ageYears).toBe(73);
    expect(seenBefore.demographics.ageYearsAtNow).toBe(63);
  });
});
