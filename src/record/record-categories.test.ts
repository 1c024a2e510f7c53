import type { Condition, Observation } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { EMPTY_PATIENT_RECORD } from './patient-record.ts';
import { UNCATEGORISED, categoryCodes, countCategories } from './record-categories.ts';

const OBSERVATION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';

function observation(id: string, category?: Observation['category']): Observation {
  return {
    resourceType: 'Observation',
    id,
    status: 'final',
    code: { text: 'x' },
    ...(category ? { category } : {}),
  };
}

describe('categoryCodes', () => {
  it.each([
    ['no category', undefined, [UNCATEGORISED]],
    ['an empty list', [], [UNCATEGORISED]],
    [
      'a coded category',
      [{ coding: [{ system: OBSERVATION_CATEGORY, code: 'laboratory' }] }],
      ['laboratory'],
    ],
    ['a misspelt code, kept as sent', [{ coding: [{ code: 'vital-sign' }] }], ['vital-sign']],
    ['text only', [{ text: 'Lab' }], ['Lab']],
    ['a category with neither code nor text', [{}], [UNCATEGORISED]],
    [
      'two categories',
      [{ coding: [{ code: 'problem-list-item' }] }, { coding: [{ code: 'encounter-diagnosis' }] }],
      ['problem-list-item', 'encounter-diagnosis'],
    ],
  ])('%s', (_, category, expected) => {
    expect(categoryCodes(category)).toEqual(expected);
  });
});

describe('countCategories', () => {
  it('counts every resource, the uncategorised as a group of their own', () => {
    const condition: Condition = { resourceType: 'Condition', id: 'c1', subject: { reference: 'Patient/p' } };
    const counts = countCategories({
      ...EMPTY_PATIENT_RECORD,
      conditions: [condition],
      observations: [
        observation('o1', [{ coding: [{ code: 'laboratory' }] }]),
        observation('o2', [{ coding: [{ code: 'laboratory' }] }]),
        observation('o3'),
        observation('o4', [{ coding: [{ system: 'http://example.org/local', code: 'LAB' }] }]),
      ],
    });
    expect(counts).toEqual({
      Condition: { [UNCATEGORISED]: 1 },
      Observation: { LAB: 1, laboratory: 2, [UNCATEGORISED]: 1 },
    });
  });
});
