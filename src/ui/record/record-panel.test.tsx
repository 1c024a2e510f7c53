// @vitest-environment jsdom
// Which Record parts show while the record is still loading: a part waits for its own resource types, the Patient,
// and (all but Problems) the types that can withhold its entries as sensitive.
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { buildClinicalContext } from '../../context/clinical-context.ts';
import { diabeticCkdRecord, encounter, lab, medication, TEST_NOW_MS } from '../../context/test-records.ts';
import type { PatientRecord } from '../../record/patient-record.ts';
import { RECORD_RESOURCE_TYPES } from '../../record/patient-record.ts';
import { RecordPanel } from './record-panel.tsx';

afterEach(() => {
  cleanup();
});

function renderPanel(record: PatientRecord, done: readonly string[], stopped = false): HTMLElement {
  render(
    <RecordPanel
      context={buildClinicalContext(record, { nowMs: TEST_NOW_MS })}
      done={new Set(done)}
      stopped={stopped}
      diagnostics={undefined}
      retrying={new Set()}
      onRetry={() => undefined}
    />,
  );
  return screen.getByRole('region', { name: 'Record' });
}

function statuses(region: HTMLElement): (string | null)[] {
  return within(region)
    .queryAllByRole('status')
    .map((status) => status.textContent);
}

describe('RecordPanel while the record loads', () => {
  it('shows the problems once the patient and the conditions are in; the other parts say they are loading', () => {
    const full = diabeticCkdRecord();
    const region = renderPanel({ ...full, medicationRequests: [], observations: [], allergies: [] }, [
      'Patient',
      'Condition',
    ]);
    expect(within(region).getByText('Diabetes')).toBeTruthy();
    expect(statuses(region)).toEqual([
      'Loading medications…',
      'Loading allergies…',
      'Loading recent results…',
    ]);
    for (const status of within(region).getAllByRole('status'))
      expect(status.getAttribute('aria-live')).toBe('polite');
  });

  it('keeps medications and results back until the encounters that can withhold them are in', () => {
    // An iron prescription and a liver test at a visit for alcoholism (a withheld condition): both are withheld,
    // but only once the visit is in. Shown before it, they would appear and then vanish.
    const visit = encounter('enc-visit', 'AMB', 'Follow-up visit', '2021-04-01T10:00:00Z', {
      reasonReference: [{ reference: 'Condition/c-alcohol' }],
    });
    const atVisit = { encounter: { reference: 'Encounter/enc-visit' } };
    const iron = medication('m-iron', '310325', 'Ferrous sulfate 325 MG Oral Tablet', '2021-04-01', atVisit);
    const alt = lab('o-alt', '1742-6', 'Alanine aminotransferase', '2021-04-01', 81, 'U/L', atVisit);
    const base = diabeticCkdRecord();
    const full: PatientRecord = {
      ...base,
      encounters: [visit],
      medicationRequests: [...base.medicationRequests, iron],
      observations: [...base.observations, alt],
    };
    const beforeEncounters = { ...full, encounters: [] };
    const early = buildClinicalContext(beforeEncounters, { nowMs: TEST_NOW_MS });
    expect(early.medications.map((item) => item.name)).toContain('Ferrous sulfate 325 mg, oral tablet');
    expect(early.labs.map((series) => series.name)).toContain('ALT');

    const region = renderPanel(
      beforeEncounters,
      RECORD_RESOURCE_TYPES.filter((type) => type !== 'Encounter'),
    );
    expect(within(region).getByText('Diabetes')).toBeTruthy();
    expect(within(region).queryByText(/Ferrous sulfate/u)).toBeNull();
    expect(within(region).queryByText('ALT')).toBeNull();
    expect(statuses(region)).toEqual([
      'Loading medications…',
      'Loading allergies…',
      'Loading recent results…',
    ]);
    cleanup();

    const loaded = renderPanel(full, RECORD_RESOURCE_TYPES);
    expect(statuses(loaded)).toEqual([]);
    expect(within(loaded).getByText(/Metformin/u)).toBeTruthy();
    expect(within(loaded).getByText('HbA1c')).toBeTruthy();
    expect(within(loaded).queryByText(/Ferrous sulfate/u)).toBeNull();
    expect(within(loaded).queryByText('ALT')).toBeNull();
  });

  it('says a part was not loaded, without a loading status, when the load stopped before it', () => {
    const region = renderPanel(diabeticCkdRecord(), ['Patient', 'Condition'], true);
    expect(within(region).getByText('Diabetes')).toBeTruthy();
    expect(statuses(region)).toEqual([]);
    expect(within(region).getAllByText('Not loaded.')).toHaveLength(3);
  });
});
