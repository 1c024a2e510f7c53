// @vitest-environment jsdom
// The Trends region follows the Record's sensitivity policy: nothing the summary withholds is charted or offered,
// the charts wait for the sections that decide what is withheld, and the count of what was left out is said once
// the whole record is in.
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { diabeticCkdRecord, TEST_NOW_MS } from '../../context/test-records.ts';
import type { PatientRecord } from '../../record/patient-record.ts';
import { RECORD_RESOURCE_TYPES } from '../../record/patient-record.ts';
import { TrendsPanel } from './trends-panel.tsx';

afterEach(() => {
  cleanup();
});

function renderPanel(record: PatientRecord, done: readonly string[]): HTMLElement {
  render(<TrendsPanel record={record} done={new Set(done)} stopped={false} nowMs={TEST_NOW_MS} />);
  return screen.getByRole('region', { name: 'Trends' });
}

describe('TrendsPanel: sensitive entries', () => {
  it('offers no withheld lab and says how many entries were left out', () => {
    // The HIV test and the hemoglobin taken at a prenatal visit are withheld, as in the Record summary.
    const region = renderPanel(diabeticCkdRecord(), RECORD_RESOURCE_TYPES);
    expect(
      within(region).getByText(
        '2 sensitive entries are left out of these trends. The chart in your EHR shows them.',
      ),
    ).toBeTruthy();
    const labs = within(within(region).getByRole('combobox', { name: 'Chart another lab' }))
      .getAllByRole('option')
      .map((option) => option.textContent);
    expect(labs).toEqual(['Choose a lab…', 'PSA (1)']);
  });

  it('waits for the conditions and encounters before drawing, and counts only once all is in', () => {
    const region = renderPanel(
      diabeticCkdRecord(),
      RECORD_RESOURCE_TYPES.filter((type) => type !== 'Encounter'),
    );
    const egfr = within(region).getByRole('figure', { name: 'eGFR' });
    expect(within(egfr).getByRole('status').textContent).toBe('Loading results…');
    expect(within(region).queryByText(/left out of these trends/u)).toBeNull();
  });
});
