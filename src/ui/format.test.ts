import { describe, expect, it } from 'vitest';
import { firstSentence, formatDaysAgo, formatValue, plural } from './format.ts';

describe('firstSentence', () => {
  it.each([
    ['eGFR fell to 28 mL/min/1.73m2. Metformin should be stopped.', 'eGFR fell to 28 mL/min/1.73m2.'],
    ['Last HbA1c 8.2% (L1) is above goal. Consider intensifying.', 'Last HbA1c 8.2% (L1) is above goal.'],
    ['No full stop at all', 'No full stop at all'],
    ['Ends here.', 'Ends here.'],
    ['Dose is 2.5 mg daily. Review.', 'Dose is 2.5 mg daily.'],
  ])('%s', (text, expected) => {
    expect(firstSentence(text)).toBe(expected);
  });
});

describe('formatDaysAgo', () => {
  it.each([
    [0, 'now', 'today'],
    [1, 'now', 'yesterday'],
    [12, 'now', '12 days ago'],
    [200, 'now', '7 months ago'],
    [2100, 'now', '5.7 years ago'],
    [0, 'death', 'on the day of death'],
    [200, 'death', '7 months before death'],
    [undefined, 'now', 'date not recorded'],
  ] as const)('%s days (%s) → %s', (days, reference, expected) => {
    expect(formatDaysAgo(days, reference)).toBe(expected);
  });
});

describe('formatValue', () => {
  it.each([
    [28, '28'],
    [1.5432, '1.54'],
    [142.83, '142.8'],
    [0.0456, '0.0456'],
  ])('%d → %s', (value, expected) => {
    expect(formatValue(value)).toBe(expected);
  });
});

describe('plural', () => {
  it.each([
    [0, '0 entries are'],
    [1, '1 entry is'],
    [2, '2 entries are'],
  ])('%i → %s', (count, expected) => {
    expect(plural(count, 'entry is', 'entries are')).toBe(expected);
  });
});
