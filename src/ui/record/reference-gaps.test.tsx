// @vitest-environment jsdom
// The Record panel when the record points at entries it does not hold: the part those entries belong in says
// how many could not be loaded, and its empty text never reads as a plain "none".
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { buildClinicalContext } from '../../context/clinical-context.ts';
import { diabeticCkdRecord, encounter, TEST_NOW_MS } from '../../context/test-records.ts';
import type { LoadDiagnostics } from '../../fhir/load-patient-record.ts';
import { RECORD_RESOURCE_TYPES } from '../../record/patient-record.ts';
import { countCategories } from '../../record/record-categories.ts';
import type { PatientRecord } from '../../record/patient-record.ts';
import { RecordPanel } from './record-panel.tsx';

afterEach(() => {
  cleanup();
});

/** Two visits that name four problems as diagnoses, and a report whose two results are not in the record. */
function visitsAndReport(): Partial<PatientRecord> {
  const base = diabeticCkdRecord();
  return {
    encounters: [
      encounter('enc-1', 'AMB', 'Follow-up visit', '2021-03-01T10:00:00Z', {
        diagnosis: [
          { condition: { reference: 'Condition/c-dm' } },
          { condition: { reference: 'Condition/c-x1' } },
        ],
      }),
      encounter('enc-2', 'AMB', 'Follow-up visit', '2021-04-01T10:00:00Z', {
        diagnosis: [
          { condition: { reference: 'Condition/c-x2' } },
          { condition: { reference: 'Condition/c-x3' } },
        ],
      }),
    ],
    diagnosticReports: base.diagnosticReports.map((report) =>
      report.id === 'dr-bmp'
        ? { ...report, result: [{ reference: 'Observation/o-k' }, { reference: 'Observation/o-na' }] }
        : report,
    ),
    // Only the encounters' and the report's references: the hand-made procedure's reason is left out.
    procedures: [],
  };
}

function diagnosticsOf(record: PatientRecord, excludedKeys: readonly string[] = []): LoadDiagnostics {
  return {
    requests: 20,
    pages: 20,
    retries: 0,
    warnings: [],
    sections: {},
    categories: countCategories(record),
    elapsedMs: 800,
    excludedEnteredInError: excludedKeys.length,
    excludedEnteredInErrorKeys: excludedKeys,
  };
}

function renderPanel(
  record: PatientRecord,
  options: { readonly loaded: boolean; readonly excludedKeys?: readonly string[] },
): HTMLElement {
  const excludedKeys = options.excludedKeys ?? [];
  render(
    <RecordPanel
      context={buildClinicalContext(record, { nowMs: TEST_NOW_MS, excludedEnteredInError: excludedKeys })}
      done={new Set(RECORD_RESOURCE_TYPES)}
      stopped={false}
      diagnostics={options.loaded ? diagnosticsOf(record, excludedKeys) : undefined}
      retrying={new Set()}
      onRetry={() => undefined}
    />,
  );
  return screen.getByRole('region', { name: 'Record' });
}

/** The text between a part's heading and the next heading. */
function partText(region: HTMLElement, title: string): string {
  const heading = within(region).getByRole('heading', { name: title, level: 3 });
  let text = '';
  for (
    let node = heading.nextElementSibling;
    node !== null && node.tagName !== 'H3';
    node = node.nextElementSibling
  )
    text += `${node.textContent}\n`;
  return text;
}

describe('RecordPanel with entries the record points at but does not hold', () => {
  it('says in Problems how many problems could not be loaded, never a plain "No active problems"', () => {
    const region = renderPanel(diabeticCkdRecord({ ...visitsAndReport(), conditions: [] }), { loaded: true });
    const problems = partText(region, 'Problems');
    expect(problems).toContain('Incomplete: 4 problems referenced by encounters could not be loaded.');
    expect(problems).toContain('No active problems recorded in what could be loaded.');
    expect(within(region).queryByText('No active problems recorded.')).toBeNull();
    // Results: the report's two results are missing too, and said in their own part, not in Problems.
    expect(partText(region, 'Recent results')).toContain(
      'Incomplete: 2 results referenced by a report could not be loaded.',
    );
    expect(problems).not.toContain('results');
    expect(partText(region, 'Medications')).not.toContain('Incomplete');
  });

  it('shows the warning beside a list that came back short, not only an empty one', () => {
    const region = renderPanel(diabeticCkdRecord(visitsAndReport()), { loaded: true });
    const problems = partText(region, 'Problems');
    expect(problems).toContain('Diabetes');
    expect(problems).toContain('Incomplete: 3 problems referenced by encounters could not be loaded.');
  });

  it('puts gaps of types no part shows under "Also incomplete"', () => {
    const record = diabeticCkdRecord({
      ...visitsAndReport(),
      encounters: [],
      procedures: [
        {
          resourceType: 'Procedure',
          id: 'x-1',
          status: 'completed',
          subject: { reference: 'Patient/p1' },
          code: { text: 'Colonoscopy' },
          reasonReference: [{ reference: 'DiagnosticReport/dr-gone' }],
        },
      ],
    });
    const region = renderPanel(record, { loaded: true });
    expect(partText(region, 'Also incomplete')).toContain(
      'Incomplete: 1 report referenced by a procedure could not be loaded.',
    );
  });

  it('says nothing of entries left out as entered in error: those were loaded, and rightly dropped', () => {
    const region = renderPanel(
      diabeticCkdRecord({ ...visitsAndReport(), conditions: [], diagnosticReports: [] }),
      {
        loaded: true,
        excludedKeys: ['Condition/c-dm', 'Condition/c-x1', 'Condition/c-x2', 'Condition/c-x3'],
      },
    );
    expect(within(region).queryByText(/could not be loaded/u)).toBeNull();
    expect(within(region).getByText('No active problems recorded.')).toBeTruthy();
  });

  it('waits for the whole record before counting gaps (a reference can point at a section still loading)', () => {
    const region = renderPanel(diabeticCkdRecord({ ...visitsAndReport(), conditions: [] }), {
      loaded: false,
    });
    expect(within(region).queryByText(/could not be loaded/u)).toBeNull();
  });
});
