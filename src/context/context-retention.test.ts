import { describe, expect, it } from 'vitest';
import { buildClinicalContext } from './clinical-context.ts';
import { renderCompactContext, type CountTokens } from './compact-context.ts';
import { findMissingRetentionTargets, listRetentionTargets } from './context-retention.ts';
import { diabeticCkdRecord, TEST_NOW_MS } from './test-records.ts';

const countWords: CountTokens = (text) => text.split(/\s+/).filter((word) => word !== '').length;
const record = diabeticCkdRecord();

describe('listRetentionTargets', () => {
  it('lists active problems, active medications, allergies and recent lab results, leaving out withheld ones', () => {
    const targets = listRetentionTargets(record, { nowMs: TEST_NOW_MS });
    expect(targets.map((target) => `${target.kind}: ${target.label} [${target.expectedText}]`)).toEqual([
      'problem: Diabetes [Diabetes]',
      'problem: Prediabetes [Prediabetes]',
      'problem: Chronic kidney disease stage 1 [Chronic kidney disease stage 1]',
      'problem: Chronic kidney disease stage 2 [Chronic kidney disease stage 2]',
      'problem: Hypertension [Hypertension]',
      'medication: 24 HR Metformin hydrochloride 500 MG Extended Release Oral Tablet [Metformin]',
      'medication: Hydrochlorothiazide 25 MG [Hydrochlorothiazide]',
      'allergy: Latex allergy [Latex allergy]',
      'allergy: Allergy to peanuts [Allergy to peanuts]',
      'lab: Hemoglobin A1c/Hemoglobin.total in Blood [2.9]',
      'lab: Glomerular filtration rate/1.73 sq M.predicted [143]',
      'lab: Creatinine [1.5]',
    ]);
  });
});

describe('findMissingRetentionTargets', () => {
  const targets = listRetentionTargets(record, { nowMs: TEST_NOW_MS });

  it('finds every target in the default rendering', () => {
    const rendered = renderCompactContext(buildClinicalContext(record, { nowMs: TEST_NOW_MS }), {
      countTokens: countWords,
    });
    expect(findMissingRetentionTargets(targets, rendered)).toEqual([]);
  });

  it('reports what a too-small budget lost', () => {
    const rendered = renderCompactContext(buildClinicalContext(record, { nowMs: TEST_NOW_MS }), {
      countTokens: countWords,
      budgetTokens: 120,
    });
    expect(findMissingRetentionTargets(targets, rendered).length).toBeGreaterThan(0);
  });

  it('needs the cited line to carry the expected text', () => {
    expect(
      findMissingRetentionTargets(targets.slice(0, 1), {
        text: 'P1 Hypertension (37y)\n',
        aliases: { P1: 'Condition/c-dm' },
      }),
    ).toHaveLength(1);
    expect(
      findMissingRetentionTargets(targets.slice(0, 1), {
        text: 'P1 Diabetes (37y)\n',
        aliases: { P1: 'Condition/c-dm' },
      }),
    ).toEqual([]);
  });
});
