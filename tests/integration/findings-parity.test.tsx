// @vitest-environment jsdom
// Issue 11, one findings pipeline: for every Synthea fixture, at two dates, the cards the clinician view's
// Suggestions panel renders (titles, evidence ids, rank order, which are shown first) equal what
// `chartside suggest --json` prints for the same Bundle and date (rules only: no model configured in either).
// The app side calls what ClinicianView calls — the clinical context under the default policy, then
// evaluateGuidelineRules and suggestionsForView (finding-engine.ts), a lookup that marks withheld evidence —
// and renders the real SuggestionsPanel, read back from the DOM.
//
// Before the pipeline, the app ran the rules on the sensitivity-filtered context: a patient whose hepatitis C
// test and cervical smear were taken at prenatal visits (withheld as reproductive health) was told both were
// missing, while the CLI, reading the whole record, was not. That case is asserted by name below.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildClinicalContext } from '../../src/context/clinical-context.ts';
import { buildPatientRecordFromBundle } from '../../src/record/record-from-bundle.ts';
import { isBundle } from '../../src/record/fhir-json.ts';
import type { PatientRecord } from '../../src/record/patient-record.ts';
import { evaluateRules } from '../../src/reasoning/rules/evaluate-rules.ts';
import { evaluateGuidelineRules, suggestionsForView } from '../../src/ui/clinician/finding-engine.ts';
import type { FeedbackHandle } from '../../src/ui/clinician/use-feedback.ts';
import type { ModelStatus } from '../../src/ui/clinician/use-suggestions.ts';
import { createResourceLookup } from '../../src/ui/evidence/describe-resource.ts';
import { WITHHELD_RATIONALE } from '../../src/ui/suggestions/suggestion-card.tsx';
import { SuggestionsPanel } from '../../src/ui/suggestions/suggestions-panel.tsx';
import { cardsIn, cliCards, type Card } from '../support/finding-cards.ts';

const FIXTURES = [
  'adult-asthma-multiple-allergies-male',
  'afib-heart-failure-cad-polypharmacy-deceased-male',
  'afib-heart-failure-cad-polypharmacy-male',
  'alzheimers-hypertension-hyperlipidemia-elderly-female-other-race',
  'ckd-diabetic-nephropathy-hypertension-male',
  'copd-emphysema-hypertension-elderly-black-female',
  'diabetes-ckd-epilepsy-american-indian-male',
  'diabetes-ckd-hypertension-female-other-race',
  'diabetes-hyperlipidemia-asian-female',
  'diabetes-hypertension-stroke-polypharmacy-elderly-female',
  'heart-failure-cad-ckd-diabetes-deceased-male',
  'pediatric-asthma-allergies-black-female',
  'toddler-otitis-food-allergies-female',
];
/** The fixture whose hepatitis C test and cervical smear were taken at prenatal visits. */
const PRENATAL_TESTS = 'diabetes-hyperlipidemia-asian-female';
/** A fixed date for every fixture, and the day after each one's last encounter. */
const FIXED_DATE = '2026-11-20';
const DAY_MS = 86_400_000;
// tests/support/synthea-fixtures.ts resolves it from import.meta.url, which is not a file URL under jsdom.
const FIXTURES_DIR = path.join(process.cwd(), 'mocks', 'fixtures', 'synthea');

const records = new Map<string, PatientRecord>();
const lastEncounterDays = new Map<string, string>();

beforeAll(async () => {
  for (const name of FIXTURES) {
    const json: unknown = JSON.parse(await readFile(fixtureFile(name), 'utf8'));
    if (!isBundle(json)) throw new Error(`${name} is not a Bundle`);
    const assembled = buildPatientRecordFromBundle(json);
    if (!assembled.ok) throw new Error(`${name}: ${assembled.issues.join('; ')}`);
    const record = assembled.value.record;
    records.set(name, record);
    const last = record.encounters
      .flatMap((encounter) =>
        encounter.period?.start === undefined ? [] : [encounter.period.start.slice(0, 10)],
      )
      .sort()
      .at(-1);
    if (last === undefined) throw new Error(`${name} has no encounter`);
    lastEncounterDays.set(
      name,
      new Date(Date.parse(`${last}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10),
    );
  }
});

afterEach(() => {
  cleanup();
});

function fixtureFile(name: string): string {
  return path.join(FIXTURES_DIR, `${name}.json`);
}

function recordOf(name: string): PatientRecord {
  const record = records.get(name);
  if (record === undefined) throw new Error(`no fixture ${name}`);
  return record;
}

function datesOf(name: string): string[] {
  const dayAfter = lastEncounterDays.get(name);
  if (dayAfter === undefined) throw new Error(`no fixture ${name}`);
  return [dayAfter, FIXED_DATE];
}

const noFeedback: FeedbackHandle = {
  status: { status: 'ready' },
  decisions: new Map(),
  saveError: undefined,
  markShown: () => undefined,
  accept: () => undefined,
  dismiss: () => undefined,
  snooze: () => undefined,
};

/** The Suggestions panel as ClinicianView renders it for the loaded record, no model, no decisions. */
function renderAppPanel(record: PatientRecord, nowMs: number): HTMLElement {
  // ClinicianView: the context under the default policy, for the model and the Record panel.
  const context = buildClinicalContext(record, { nowMs });
  const guidelines = evaluateGuidelineRules(record, context);
  const lookup = createResourceLookup(record, { isWithheld: guidelines.pipeline.isWithheldEvidence });
  const { ranked, hidden } = suggestionsForView(guidelines, [], () => false);
  // useSuggestions: a patient the record shows has died is not asked about; otherwise the model is off here.
  const model: ModelStatus = guidelines.deceased
    ? { state: 'not-asked', reason: 'deceased' }
    : { state: 'off' };
  render(
    <SuggestionsPanel
      ranked={ranked}
      hidden={hidden}
      model={model}
      withheld={0}
      decisionsStatus={noFeedback.status}
      feedback={noFeedback}
      lookup={lookup}
      nowMs={nowMs}
      onAskModelAgain={() => undefined}
      suppressedAfterDeath={guidelines.suppressedAfterDeath}
    />,
  );
  return screen.getByRole('region', { name: 'Suggestions' });
}

/** The cards shown first, then every card after "show more". */
function appCards(record: PatientRecord, nowMs: number): Card[] {
  const region = renderAppPanel(record, nowMs);
  const first = new Set(cardsIn(region).map((card) => card.id));
  const more = within(region).queryByRole('button', { name: /^Show \d+ more$/u });
  if (more !== null) fireEvent.click(more);
  return cardsIn(region).map((card) => ({ ...card, shown: first.has(card.id) }));
}

describe('the app and chartside suggest, the same findings from the same record', () => {
  it.each(FIXTURES)('%s', async (name) => {
    const record = recordOf(name);
    for (const date of datesOf(name)) {
      const nowMs = Date.parse(`${date}T00:00:00Z`);
      const cli = await cliCards(fixtureFile(name), date);
      const app = appCards(record, nowMs);
      expect(app, `${name} seen ${date}`).toEqual(cli);
      cleanup();
    }
  });

  it('at least one fixture and date has findings, and some more than five (the comparison is not vacuous)', async () => {
    const counts = await Promise.all(
      FIXTURES.map(async (name) => (await cliCards(fixtureFile(name), FIXED_DATE)).length),
    );
    expect(counts.some((count) => count > 5)).toBe(true);
  });
});

describe('a screening done at a withheld prenatal visit', () => {
  const nowMs = Date.parse(`${FIXED_DATE}T00:00:00Z`);

  it('is withheld from the model’s context, so rules run on that context would call it missing', () => {
    // The precondition of the case: this is what the app used to show.
    const filtered = evaluateRules(
      buildClinicalContext(recordOf(PRENATAL_TESTS), { nowMs, includeEvents: true }),
    );
    const cervical = filtered.findings.find((finding) => finding.id === 'screening-cervical');
    expect(filtered.findings.map((finding) => finding.id)).toContain('screening-hepatitis-c');
    expect(cervical?.rationale).toMatch(/no cervical cytology/u);
  });

  it('counts for the app as for the CLI: no hepatitis C card, and the cervical card cites the smear', async () => {
    const cli = await cliCards(fixtureFile(PRENATAL_TESTS), FIXED_DATE);
    const app = appCards(recordOf(PRENATAL_TESTS), nowMs);
    expect(app).toEqual(cli);
    expect(app.map((card) => card.id)).not.toContain('screening-hepatitis-c');
    const cervical = app.find((card) => card.id === 'screening-cervical');
    expect(cervical?.evidence.some((key) => key.startsWith('Procedure/'))).toBe(true);
  });

  it('shows the card but not what the withheld smear says, nor when', () => {
    const region = renderAppPanel(recordOf(PRENATAL_TESTS), nowMs);
    fireEvent.click(within(region).getByRole('button', { name: /^Show \d+ more$/u }));
    const article = region.querySelector<HTMLElement>('article[data-finding-id="screening-cervical"]');
    if (article === null) throw new Error('no cervical screening card');
    const text = article.textContent;
    expect(text).not.toMatch(/smear|cytopathology|genital|years ago/iu);
    expect(text).toContain(WITHHELD_RATIONALE.split('.')[0] ?? '');
    const chips = [...article.querySelectorAll<HTMLElement>('button[data-source^="Procedure/"]')];
    expect(chips.map((chip) => chip.textContent)).toEqual(['Withheld (sensitive category)']);
    expect(chips.map((chip) => chip.title)).toEqual(['Withheld by the sensitivity policy']);
    // The drawer, opened from that chip, says no more.
    const [chip] = chips;
    if (chip === undefined) throw new Error('no withheld chip');
    fireEvent.click(chip);
    const drawer = screen.getByRole('dialog', { name: 'Evidence' });
    expect(drawer.textContent).not.toMatch(/smear|cytopathology|genital|2014/iu);
    expect(drawer.textContent).toContain('Withheld (sensitive category)');
  });
});
