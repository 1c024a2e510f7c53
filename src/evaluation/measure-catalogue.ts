// The CMS eCQMs Chartside's guideline rules are held against (issue 13), and how a measure's verdict on a
// patient translates into what Chartside should do. A measure counts care given in a year; a CDS rule speaks
// on the day the patient is seen. So a patient in the measure's denominator who is not in its numerator (the
// care is missing) should get the rule's prompt, and a patient in the numerator, excluded or excepted should
// not. Patients outside the denominator are not compared: the measure's qualifying-encounter and age limits
// say nothing about whether the guideline applies (a rule needs no office visit that year).

export type MeasureId = 'CMS122' | 'CMS124' | 'CMS125' | 'CMS130' | 'CMS347';

export interface MeasureSpec {
  readonly id: MeasureId;
  readonly title: string;
  /** The calendar year of the measurement period the measure's own test patients are written for. */
  readonly testPeriodYear: number;
  /**
   * Chartside finding ids (or `id:` prefixes) that speak to what the measure counts. CMS122's numerator is
   * "poor control": HbA1c above 9 %, or none in the year; CMS347's is "no statin" read the other way round.
   */
  readonly findingIds: readonly string[];
  /** What the comparison means, in a sentence for the report. */
  readonly comparison: string;
}

export const MEASURES: readonly MeasureSpec[] = [
  {
    id: 'CMS125',
    title: 'Breast Cancer Screening',
    testPeriodYear: 2021,
    findingIds: ['screening-breast'],
    comparison:
      'in the denominator, not screened → "Breast cancer screening due"; screened or excluded → not',
  },
  {
    id: 'CMS124',
    title: 'Cervical Cancer Screening',
    testPeriodYear: 2019,
    findingIds: ['screening-cervical'],
    comparison:
      'in the denominator, not screened → "Cervical cancer screening due"; screened or excluded → not',
  },
  {
    id: 'CMS130',
    title: 'Colorectal Cancer Screening',
    testPeriodYear: 2021,
    findingIds: ['screening-colorectal'],
    comparison:
      'in the denominator, not screened → "Colorectal cancer screening due"; screened or excluded → not',
  },
  {
    id: 'CMS122',
    title: 'Diabetes: Hemoglobin A1c (HbA1c) Poor Control (> 9%)',
    testPeriodYear: 2019,
    findingIds: ['a1c-above-goal', 'a1c-overdue'],
    comparison:
      'in the numerator (latest HbA1c above 9 % or none in the year) → an HbA1c finding; excluded → none; HbA1c at or below 9 % → no "no HbA1c" or "overdue"',
  },
  {
    id: 'CMS347',
    title: 'Statin Therapy for the Prevention and Treatment of Cardiovascular Disease',
    testPeriodYear: 2019,
    findingIds: ['statin-indication'],
    comparison:
      'in a denominator without a statin → "No statin …"; on a statin, excluded or excepted → no statin prompt',
  },
];

export function measureSpec(id: MeasureId): MeasureSpec {
  const spec = MEASURES.find((measure) => measure.id === id);
  if (spec === undefined) throw new Error(`unknown measure ${id}`);
  return spec;
}
