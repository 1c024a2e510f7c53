import { describe, expect, it } from 'vitest';
import { buildClinicalContext } from '../context/clinical-context.ts';
import { diabeticCkdRecord, lab, TEST_NOW_MS, TEST_PATIENT } from '../context/test-records.ts';
import type { PatientRecord } from '../record/patient-record.ts';
import {
  computeGuidelineFindings,
  contextOptionsOf,
  DEFAULT_SENSITIVITY_POLICY,
  rankFindingsSeen,
  sensitivityPolicyOf,
  type SensitivityPolicy,
} from './findings-pipeline.ts';
import { evaluateRules } from './rules/evaluate-rules.ts';

const HCV_ANTIBODY_LOINC = '13955-0';
const HCV_ID = 'o-hcv-prenatal';
const HCV_SCREENING = 'screening-hepatitis-c';
const REPRODUCTIVE: SensitivityPolicy = {
  includeSensitiveCategories: ['reproductive-health'],
  includeFreeText: false,
};

/** The diabetic CKD record with a hepatitis C antibody test taken at its prenatal visit (as Synthea does). */
function withPrenatalHcvTest(extra: Partial<PatientRecord> = {}): PatientRecord {
  const base = diabeticCkdRecord(extra);
  return {
    ...base,
    observations: [
      ...base.observations,
      lab(
        HCV_ID,
        HCV_ANTIBODY_LOINC,
        'Hepatitis C virus Ab [Presence] in Serum',
        '2019-04-01',
        0.1,
        '{index}',
        {
          encounter: { reference: 'Encounter/enc-prenatal' },
        },
      ),
    ],
  };
}

describe('computeGuidelineFindings', () => {
  it('reads the whole record: a screening at a withheld visit counts, though the model context leaves it out', () => {
    const record = withPrenatalHcvTest();
    const filtered = buildClinicalContext(record, { nowMs: TEST_NOW_MS, includeEvents: true });
    // Precondition: run on the filtered context (what the app once did), the rule calls the test missing.
    expect(evaluateRules(filtered).findings.map((finding) => finding.id)).toContain(HCV_SCREENING);

    const result = computeGuidelineFindings({
      record,
      sensitivity: DEFAULT_SENSITIVITY_POLICY,
      nowMs: TEST_NOW_MS,
    });
    expect(result.findings.map((finding) => finding.id)).not.toContain(HCV_SCREENING);
    expect(result.insufficient.map((item) => item.ruleId)).not.toContain(HCV_SCREENING);
  });

  it.each<[string, SensitivityPolicy, boolean]>([
    ['the default policy', DEFAULT_SENSITIVITY_POLICY, true],
    ['a policy that lets reproductive health through', REPRODUCTIVE, false],
  ])('marks evidence from the prenatal visit as withheld under %s: %s', (_name, sensitivity, withheld) => {
    const result = computeGuidelineFindings({
      record: withPrenatalHcvTest(),
      sensitivity,
      nowMs: TEST_NOW_MS,
    });
    expect(result.isWithheldEvidence({ resourceType: 'Observation', id: HCV_ID })).toBe(withheld);
    expect(result.isWithheldEvidence({ resourceType: 'Condition', id: 'c-pregnancy' })).toBe(withheld);
    // Not sensitive under any policy, and not in the record at all.
    expect(result.isWithheldEvidence({ resourceType: 'Patient', id: 'p1' })).toBe(false);
    expect(result.isWithheldEvidence({ resourceType: 'Observation', id: 'no-such-id' })).toBe(false);
  });

  it('gives the same findings under every policy: the policy decides what is shown, not what the rules see', () => {
    const record = withPrenatalHcvTest();
    const ids = (sensitivity: SensitivityPolicy): string[] =>
      computeGuidelineFindings({ record, sensitivity, nowMs: TEST_NOW_MS }).findings.map(
        (finding) => finding.id,
      );
    expect(ids(REPRODUCTIVE)).toEqual(ids(DEFAULT_SENSITIVITY_POLICY));
    expect(ids(DEFAULT_SENSITIVITY_POLICY).length).toBeGreaterThan(0);
  });

  it('raises nothing for a patient who had died by the date seen, and says how many it held back', () => {
    const record = withPrenatalHcvTest({
      patient: { ...TEST_PATIENT, deceasedDateTime: '2021-03-01T00:00:00Z' },
    });
    const result = computeGuidelineFindings({
      record,
      sensitivity: DEFAULT_SENSITIVITY_POLICY,
      nowMs: TEST_NOW_MS,
    });
    expect(result.deceased).toBe(true);
    expect(result.findings).toEqual([]);
    expect(result.suppressed.length).toBeGreaterThan(0);
    // Seen before the death, the same patient was alive then.
    const before = computeGuidelineFindings({
      record,
      sensitivity: DEFAULT_SENSITIVITY_POLICY,
      nowMs: Date.parse('2021-01-01T00:00:00Z'),
    });
    expect(before.deceased).toBe(false);
    expect(before.findings.length).toBeGreaterThan(0);
  });

  it('carries the date seen, and ranks by it: evidence days are counted back from nowMs', () => {
    const record = withPrenatalHcvTest();
    const result = computeGuidelineFindings({
      record,
      sensitivity: DEFAULT_SENSITIVITY_POLICY,
      nowMs: TEST_NOW_MS,
    });
    const later = computeGuidelineFindings({
      record,
      sensitivity: DEFAULT_SENSITIVITY_POLICY,
      nowMs: TEST_NOW_MS + 10 * 86_400_000,
    });
    expect(result.nowMs).toBe(TEST_NOW_MS);
    const source = { resourceType: 'Observation', id: HCV_ID };
    const days = result.evidenceDaysAgo(source);
    expect(days).toBeGreaterThan(0);
    expect(later.evidenceDaysAgo(source)).toBe((days ?? 0) + 10);
    const ranked = rankFindingsSeen(result, result.findings, 2);
    expect(ranked.shown).toHaveLength(Math.min(2, result.findings.length));
    expect([...ranked.shown, ...ranked.more].map((finding) => finding.id).sort()).toEqual(
      result.findings.map((finding) => finding.id).sort(),
    );
  });
});

describe('the sensitivity policy and the context', () => {
  it('round-trips: the context built with a policy reports that policy', () => {
    const record = withPrenatalHcvTest();
    for (const policy of [
      DEFAULT_SENSITIVITY_POLICY,
      REPRODUCTIVE,
      { ...REPRODUCTIVE, includeFreeText: true },
    ]) {
      const context = buildClinicalContext(record, contextOptionsOf(policy, TEST_NOW_MS));
      expect(sensitivityPolicyOf(context)).toEqual(policy);
      expect(context.nowMs).toBe(TEST_NOW_MS);
    }
  });
});
