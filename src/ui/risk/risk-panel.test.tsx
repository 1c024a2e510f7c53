// @vitest-environment jsdom
// The Risk panel over scores the real calculators computed from kit records: one row per score with its value or
// "not computable" and what it needs, the inputs behind a disclosure, and an input's record entry opened in the
// evidence drawer.
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { SourceRef } from '../../context/context-types.ts';
import { roundToTenth } from '../../reasoning/risk/risk-result.ts';
import { computeRiskScores, scoreLabel, type PatientRiskScores } from '../../reasoning/rules/risk-scores.ts';
import {
  DIABETES,
  LISINOPRIL,
  egfr,
  makeContext,
  problem,
  series,
  type ContextInit,
} from '../../reasoning/rules/rule-test-kit.ts';
import { buildRuleView } from '../../reasoning/rules/rule-view.ts';
import type { ResourceLookup } from '../evidence/describe-resource.ts';
import { RISK_SCORE_ORDER } from './risk-labels.ts';
import { RiskPanel } from './risk-panel.tsx';

afterEach(() => {
  cleanup();
});

const totalCholesterol = series('2093-3', 'Total cholesterol', 'mg/dL', [[240, 60]], 'tc');
const hdl = series('2085-9', 'HDL cholesterol', 'mg/dL', [[35, 60]], 'hdl');
const creatinine = series('2160-0', 'Creatinine', 'mg/dL', [[1.3, 40]], 'cr');

/** A 70-year-old smoker on lisinopril with diabetes and atrial fibrillation: every score computable or applicable. */
const HIGH_RISK: ContextInit = {
  ageYears: 70,
  sex: 'male',
  problems: [DIABETES, problem('49436004', 'Atrial fibrillation')],
  labs: [totalCholesterol, hdl, egfr([[55, 40]]), creatinine],
  bloodPressure: [[160, 80, 20]],
  smoking: 'Current every day smoker',
  medications: [LISINOPRIL],
};

function scoresOf(init: ContextInit): PatientRiskScores {
  return computeRiskScores(buildRuleView(makeContext(init)));
}

/** What the drawer needs of a record entry: here its id as its name. */
const lookup: ResourceLookup = (source: SourceRef) => ({
  key: `${source.resourceType}/${source.id}`,
  kind: source.resourceType === 'Observation' ? 'Laboratory result' : source.resourceType,
  what: `entry ${source.id}`,
  value: undefined,
  whenMs: undefined,
  status: 'final',
  found: true,
});

function row(id: string): HTMLElement {
  const found = document.querySelector<HTMLElement>(`[data-score-id="${id}"]`);
  if (found === null) throw new Error(`no row for ${id}`);
  return found;
}

function openRow(id: string): HTMLElement {
  const item = row(id);
  const summary = item.querySelector('summary');
  if (summary === null) throw new Error('no summary');
  fireEvent.click(summary);
  return item;
}

describe('RiskPanel', () => {
  it('lists every score once under a heading, each with its computed value and unit', () => {
    const scores = scoresOf(HIGH_RISK);
    render(<RiskPanel scores={scores} deceased={false} lookup={lookup} />);
    const region = screen.getByRole('region', { name: 'Risk' });
    const list = within(region).getByRole('list', { name: 'Risk scores' });
    expect(list.children).toHaveLength(RISK_SCORE_ORDER.length);

    const pce = scores['pce-ascvd-10y'];
    expect(pce.value).not.toBeNull();
    const pceSummary = row('pce-ascvd-10y').querySelector('summary');
    expect(pceSummary?.textContent).toBe(
      `${scoreLabel('pce-ascvd-10y')} ${String(roundToTenth(pce.value ?? 0))} %`,
    );
    const prevent = scores['prevent-cvd-10y'].value;
    expect(prevent).not.toBeNull();
    expect(row('prevent-cvd-10y').querySelector('.risk-value')?.textContent).toBe(
      `${String(roundToTenth(prevent ?? 0))} %`,
    );
    // A points score in points; eGFR from the creatinine, in its unit.
    expect(row('cha2ds2-vasc').querySelector('.risk-value')?.textContent).toBe(
      `${String(scores['cha2ds2-vasc'].value)} points`,
    );
    expect(row('egfr-ckd-epi-2021').querySelector('.risk-value')?.textContent).toBe(
      `${String(scores['egfr-ckd-epi-2021'].value)} mL/min/1.73 m²`,
    );
  });

  it('says "not computable" and what the record lacks, in words', () => {
    const scores = scoresOf({ ...HIGH_RISK, labs: [totalCholesterol, creatinine] });
    expect(scores['pce-ascvd-10y'].missing).toContain('hdlMgDl');
    render(<RiskPanel scores={scores} deceased={false} lookup={lookup} />);
    const summary = row('pce-ascvd-10y').querySelector('summary');
    expect(summary?.textContent).toBe(
      `${scoreLabel('pce-ascvd-10y')} not computable — needs HDL cholesterol (mg/dL, last 5 years)`,
    );
    // HAS-BLED has no coded alcohol source: it says so rather than assume none.
    expect(row('has-bled').textContent).toContain('not computable');
    expect(row('has-bled').textContent).toContain('Alcohol excess (rarely coded)');
  });

  it('marks the atrial fibrillation scores not applicable without atrial fibrillation', () => {
    const scores = scoresOf({ ...HIGH_RISK, problems: [DIABETES] });
    render(<RiskPanel scores={scores} deceased={false} lookup={lookup} />);
    expect(row('cha2ds2-vasc').querySelector('.risk-value')?.textContent).toBe(
      'not applicable (no atrial fibrillation on the problem list)',
    );
    expect(row('pce-ascvd-10y').querySelector('.risk-value')?.textContent).toMatch(/ %$/);
  });

  it('names an input outside the equation’s range', () => {
    const scores = scoresOf({ ...HIGH_RISK, ageYears: 85 });
    expect(scores['pce-ascvd-10y'].outOfRange.length).toBeGreaterThan(0);
    render(<RiskPanel scores={scores} deceased={false} lookup={lookup} />);
    expect(row('pce-ascvd-10y').querySelector('summary')?.textContent).toMatch(
      /not computable — outside the equation’s range: Age \(years\) 85/u,
    );
  });

  it('lists the inputs in the disclosure: plain names, yes/no, rounded numbers, and the publication', () => {
    const scores = scoresOf(HIGH_RISK);
    render(<RiskPanel scores={scores} deceased={false} lookup={lookup} />);
    const item = openRow('pce-ascvd-10y');
    expect(item.querySelector('details')?.open).toBe(true);
    const inputs = within(item).getByRole('list', { name: `Inputs to ${scoreLabel('pce-ascvd-10y')}` });
    const texts = within(inputs)
      .getAllByRole('listitem')
      .map((entry) => entry.textContent);
    expect(texts).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Total cholesterol \(mg\/dL, last 5 years\): 240 /u),
        expect.stringMatching(/^HDL cholesterol \(mg\/dL, last 5 years\): 35 /u),
        expect.stringMatching(/^Systolic BP \(mmHg, last 2 years\): 160 /u),
        expect.stringMatching(/^Current smoker: yes /u),
        expect.stringMatching(/^Diabetes: yes /u),
        expect.stringMatching(/^On BP treatment: yes /u),
      ]),
    );
    expect(within(item).getByText(`Source: ${scores['pce-ascvd-10y'].source}`)).toBeTruthy();
  });

  it('opens the record entry an input was read from in the evidence drawer', () => {
    render(<RiskPanel scores={scoresOf(HIGH_RISK)} deceased={false} lookup={lookup} />);
    const item = openRow('pce-ascvd-10y');
    const chip = within(item).getByRole('button', { name: 'entry tc-1, 2 months ago' });
    expect(chip.dataset['source']).toBe('Observation/tc-1');
    fireEvent.click(chip);
    const drawer = screen.getByRole('dialog', { name: 'Evidence' });
    expect(within(drawer).getByText(scoreLabel('pce-ascvd-10y'))).toBeTruthy();
    // The clicked entry first, then the other entries the score read.
    const entries = within(drawer)
      .getAllByRole('listitem')
      .map((entry) => entry.querySelector('.evidence-what')?.textContent);
    expect(entries[0]).toBe('entry tc-1');
    expect(entries).toEqual(expect.arrayContaining(['entry hdl-1', 'entry bp-1', 'entry smoking']));
    fireEvent.click(within(drawer).getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('dialog', { name: 'Evidence' })).toBeNull();
  });

  it('shows the entry as Type/id text when there is no record lookup', () => {
    render(<RiskPanel scores={scoresOf(HIGH_RISK)} deceased={false} lookup={undefined} />);
    const item = openRow('pce-ascvd-10y');
    expect(within(item).queryAllByRole('button')).toHaveLength(0);
    expect(item.textContent).toContain('(Observation/tc-1)');
  });

  it('waits for the record, and shows no scores for a patient the record shows has died', () => {
    render(<RiskPanel scores={undefined} deceased={false} lookup={undefined} />);
    expect(screen.getByText(/Risk scores are computed once the record has loaded/u)).toBeTruthy();
    cleanup();
    render(<RiskPanel scores={scoresOf(HIGH_RISK)} deceased lookup={lookup} />);
    expect(screen.queryByRole('list', { name: 'Risk scores' })).toBeNull();
    expect(screen.getByText(/has died: no risk scores are shown/u)).toBeTruthy();
  });
});
