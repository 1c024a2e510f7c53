import { beforeAll, describe, expect, it } from 'vitest';
import { isSocialFinding, problemLabel, rankKeyProblems } from './key-problems.ts';
import { createPatientStore, type PatientStore } from './patient-store.ts';

describe('rankKeyProblems', () => {
  it.each([
    ['nothing', [], []],
    [
      'heart failure, diabetes and CAD before anemia; complications and findings last',
      [
        'Anemia (disorder)',
        'Atrial Fibrillation',
        'Chronic congestive heart failure (disorder)',
        'Coronary Heart Disease',
        'Diabetes',
        'Diabetic retinopathy associated with type II diabetes mellitus (disorder)',
        'Hypertension',
        'Prediabetes',
        'Body mass index 30+ - obesity (finding)',
      ],
      [
        'Chronic congestive heart failure (disorder)',
        'Diabetes',
        'Coronary Heart Disease',
        'Atrial Fibrillation',
        'Hypertension',
        'Anemia (disorder)',
        'Diabetic retinopathy associated with type II diabetes mellitus (disorder)',
        'Prediabetes',
        'Body mass index 30+ - obesity (finding)',
      ],
    ],
    [
      'malignancy first; one problem per tier before a second of the same tier; higher CKD stage first',
      [
        'Chronic kidney disease stage 1 (disorder)',
        'Chronic kidney disease stage 3 (disorder)',
        'Diabetic renal disease (disorder)',
        'Hypertension',
        'Malignant neoplasm of breast (disorder)',
        'Chronic sinusitis (disorder)',
      ],
      [
        'Malignant neoplasm of breast (disorder)',
        'Chronic kidney disease stage 3 (disorder)',
        'Hypertension',
        'Chronic kidney disease stage 1 (disorder)',
        'Diabetic renal disease (disorder)',
        'Chronic sinusitis (disorder)',
      ],
    ],
    [
      'COPD before hypertension; an unlisted disorder before minor ones; "History of" is a finding even untagged',
      [
        'History of appendectomy',
        'Polyp of colon',
        'Cardiac Arrest',
        'Hypertension',
        'Pulmonary emphysema (disorder)',
      ],
      [
        'Pulmonary emphysema (disorder)',
        'Hypertension',
        'Cardiac Arrest',
        'Polyp of colon',
        'History of appendectomy',
      ],
    ],
    [
      'social findings are left out, duplicates and blanks dropped',
      [
        'Full-time employment (finding)',
        'Asthma',
        '',
        'Asthma',
        'Social isolation (finding)',
        'Limited social contact (finding)',
      ],
      ['Asthma'],
    ],
  ])('%s', (_label, problems, expected) => {
    expect(rankKeyProblems(problems)).toEqual(expected);
  });
});

describe('isSocialFinding', () => {
  it.each([
    ['Full-time employment (finding)', true],
    ['Not in labor force (finding)', true],
    ['Received higher education (finding)', true],
    ['Stress (finding)', true],
    ['Housing unsatisfactory (finding)', true],
    ['Lack of access to transportation (finding)', true],
    ['Medication review due (situation)', true],
    ['Body mass index 30+ - obesity (finding)', false],
    ['History of single seizure (situation)', false],
    // A disorder is never a social finding, whatever its words.
    ['Alcoholism', false],
    ['Post-traumatic stress disorder', false],
  ])('%s -> %s', (problem, expected) => {
    expect(isSocialFinding(problem)).toBe(expected);
  });
});

it('problemLabel drops the SNOMED semantic tag only', () => {
  expect(problemLabel('Anemia (disorder)')).toBe('Anemia');
  expect(problemLabel('History of single seizure (situation)')).toBe('History of single seizure');
  expect(problemLabel('Otitis media')).toBe('Otitis media');
});

describe('the fixture patients', () => {
  let store: PatientStore;
  beforeAll(async () => {
    store = await createPatientStore();
  });

  it('never lead with anemia, and lead with the condition each fixture is named for', () => {
    const leading = new Map(
      store.list().map((patient) => [patient.fixture, rankKeyProblems(patient.activeProblems)[0]]),
    );
    for (const first of leading.values()) expect(first).not.toMatch(/anemia/i);
    expect(leading.get('heart-failure-cad-ckd-diabetes-deceased-male')).toBe(
      'Chronic congestive heart failure (disorder)',
    );
    expect(leading.get('afib-heart-failure-cad-polypharmacy-male')).toBe(
      'Chronic congestive heart failure (disorder)',
    );
    expect(leading.get('ckd-diabetic-nephropathy-hypertension-male')).toBe(
      'Chronic kidney disease stage 2 (disorder)',
    );
    expect(leading.get('copd-emphysema-hypertension-elderly-black-female')).toBe(
      'Pulmonary emphysema (disorder)',
    );
    expect(leading.get('alzheimers-hypertension-hyperlipidemia-elderly-female-other-race')).toBe(
      "Alzheimer's disease (disorder)",
    );
    expect(leading.get('adult-asthma-multiple-allergies-male')).toBe('Asthma');
  });
});
