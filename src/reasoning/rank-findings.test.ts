import { describe, expect, it } from 'vitest';
import type { SourceRef } from '../context/context-types.ts';
import type { Finding } from './finding.ts';
import { isDuplicateOf, MODEL_AGREEMENT_NOTE, mergeModelFindings, rankFindings } from './rank-findings.ts';

const obs = (id: string): SourceRef => ({ resourceType: 'Observation', id });
const med = (id: string): SourceRef => ({ resourceType: 'MedicationRequest', id });

function finding(id: string, init: Partial<Finding> = {}): Finding {
  return {
    id,
    origin: 'rules',
    title: id,
    category: 'care-gap',
    urgency: 'routine',
    rationale: `Rationale of ${id}.`,
    recommendedAction: 'Act.',
    evidence: [obs(`o-${id}`)],
    source: { kind: 'guideline', guideline: 'G', year: 2024 },
    ...init,
  };
}

function modelFinding(id: string, init: Partial<Finding> = {}): Finding {
  return finding(id, { origin: 'model', source: { kind: 'model', deployment: 'gpt-test' }, ...init });
}

describe('rankFindings', () => {
  it('orders by urgency, then number of cited resources, then recency, then id', () => {
    const findings = [
      finding('b-routine-one'),
      finding('a-routine-one'),
      finding('routine-two', { evidence: [obs('x'), obs('y')] }),
      finding('soon', { urgency: 'soon' }),
      finding('urgent', { urgency: 'urgent' }),
      finding('recent', { evidence: [obs('recent')] }),
    ];
    const daysAgo = (source: SourceRef): number | undefined => (source.id === 'recent' ? 1 : undefined);
    const ranked = rankFindings(findings, { evidenceDaysAgo: daysAgo });
    expect([...ranked.shown, ...ranked.more].map((item) => item.id)).toEqual([
      'urgent',
      'soon',
      'routine-two',
      'recent',
      'a-routine-one',
      'b-routine-one',
    ]);
  });

  it('shows at most five first, the rest behind "more"', () => {
    const findings = Array.from({ length: 7 }, (_, index) => finding(`f${index}`));
    const ranked = rankFindings(findings);
    expect(ranked.shown).toHaveLength(5);
    expect(ranked.more.map((item) => item.id)).toEqual(['f5', 'f6']);
  });

  it('does not depend on input order', () => {
    const findings = [finding('c'), finding('a', { urgency: 'soon' }), finding('b')];
    expect(rankFindings(findings).shown).toEqual(rankFindings([...findings].reverse()).shown);
  });
});

describe('mergeModelFindings', () => {
  const metformin = finding('metformin-egfr:stop', {
    category: 'medication-safety',
    urgency: 'urgent',
    evidence: [med('metformin'), obs('egfr')],
  });
  const screening = finding('screening-colorectal', { evidence: [{ resourceType: 'Patient', id: 'p1' }] });

  it.each<[string, Finding, boolean]>([
    [
      'same category, overlapping evidence',
      modelFinding('m1', { category: 'medication-safety', evidence: [obs('egfr')] }),
      true,
    ],
    [
      'same target resource, other category',
      modelFinding('m2', { category: 'lab-follow-up', evidence: [med('metformin')] }),
      true,
    ],
    [
      'other category, evidence overlapping but not the target',
      modelFinding('m3', { category: 'lab-follow-up', evidence: [obs('other'), obs('egfr')] }),
      false,
    ],
    ['nothing in common', modelFinding('m4', { category: 'medication-safety', evidence: [obs('k')] }), false],
    [
      'only the patient in common',
      modelFinding('m5', { category: 'care-gap', evidence: [{ resourceType: 'Patient', id: 'p1' }] }),
      false,
    ],
  ])('%s → duplicate: %s', (_, model, expected) => {
    expect(isDuplicateOf(model, metformin)).toBe(expected);
  });

  it('folds a duplicate into the rule finding, keeping its id, urgency and guideline, and noting agreement', () => {
    const model = modelFinding('model:medication-safety:1', {
      category: 'medication-safety',
      urgency: 'soon',
      evidence: [obs('egfr'), med('metformin')],
    });
    const merged = mergeModelFindings([metformin, screening], [model]);
    expect(merged.findings).toHaveLength(2);
    expect(merged.findings[0]).toMatchObject({
      id: 'metformin-egfr:stop',
      urgency: 'urgent',
      origin: 'rules',
      source: metformin.source,
      evidence: metformin.evidence,
    });
    expect(merged.findings[0]?.rationale).toBe(`${metformin.rationale} ${MODEL_AGREEMENT_NOTE}`);
    expect(merged.agreements).toEqual([
      {
        findingId: 'metformin-egfr:stop',
        modelFindingId: 'model:medication-safety:1',
        deployment: 'gpt-test',
      },
    ]);
  });

  it('does not fold a suggestion into a screening just because both cite the patient', () => {
    const model = modelFinding('m-patient', {
      category: 'care-gap',
      evidence: [{ resourceType: 'Patient', id: 'p1' }],
    });
    expect(isDuplicateOf(model, screening)).toBe(false);
    expect(mergeModelFindings([screening], [model]).agreements).toEqual([]);
  });

  it('adds model findings that repeat nothing, once each', () => {
    const novel = modelFinding('model:diagnostic-consideration:2', {
      category: 'diagnostic-consideration',
      evidence: [obs('bnp')],
    });
    const merged = mergeModelFindings([metformin], [novel, novel]);
    expect(merged.findings.map((item) => item.id)).toEqual([
      'metformin-egfr:stop',
      'model:diagnostic-consideration:2',
    ]);
    expect(merged.agreements).toEqual([]);
  });

  it('notes agreement once when two model findings repeat the same rule finding', () => {
    const first = modelFinding('m-a', { category: 'medication-safety', evidence: [obs('egfr')] });
    const second = modelFinding('m-b', { category: 'medication-safety', evidence: [med('metformin')] });
    const merged = mergeModelFindings([metformin], [first, second]);
    expect(merged.findings[0]?.rationale.split(MODEL_AGREEMENT_NOTE)).toHaveLength(2);
    expect(merged.agreements).toHaveLength(2);
  });
});
