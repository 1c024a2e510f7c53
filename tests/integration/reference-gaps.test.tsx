// @vitest-environment jsdom
// No silent gaps (issue 11): a fixture patient served with its Conditions removed. Every search succeeds, the
// Condition search with nothing, while the medication orders still name the problems they treat. The app's
// Record panel, `chartside load`, `chartside context` (and the model context it prints) and `chartside
// suggest` must all say that problems could not be loaded, instead of a plain "No active problems".
import type { Bundle } from 'fhir/r4';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runContextCommand } from '../../src/cli/context-command.ts';
import { runLoadCommand } from '../../src/cli/load-command.ts';
import { createSuggestCommand } from '../../src/cli/suggest-command.ts';
import { buildClinicalContext } from '../../src/context/clinical-context.ts';
import { resolveBundleReferences } from '../../src/record/record-from-bundle.ts';
import { isBundle, isFhirResource } from '../../src/record/fhir-json.ts';
import { loadPatientRecord } from '../../src/fhir/load-patient-record.ts';
import { RECORD_RESOURCE_TYPES } from '../../src/record/patient-record.ts';
import { RecordPanel } from '../../src/ui/record/record-panel.tsx';
import { captureIo } from '../support/capture-io.ts';
import { startMswStandIn, TEST_ORIGIN, type MswStandIn } from '../support/msw-stand-in.ts';
import { loadArguments, startStandInSession, type StandInSession } from '../support/stand-in-session.ts';
import { DEFAULT_FIXTURES_DIR as FIXTURES_DIR } from '../../mocks/ehr/patient-store.ts';

const FIXTURE = 'ckd-diabetic-nephropathy-hypertension-male';
/** The date seen: any will do, the gap does not depend on it. */
const NOW = '2021-03-01';

let env: MswStandIn;
let session: StandInSession;
let workDir: string;
/** Distinct Conditions the fixture's medication orders give as their reason, counted from the source JSON. */
let problemsReferencedByOrders: number;

beforeAll(async () => {
  const bundle: unknown = JSON.parse(await readFile(path.join(FIXTURES_DIR, `${FIXTURE}.json`), 'utf8'));
  if (!isBundle(bundle)) throw new Error(`${FIXTURE} is not a Bundle`);
  const entries = bundle.entry ?? [];
  const conditionUrls = new Set(
    entries.filter((entry) => entry.resource?.resourceType === 'Condition').map((entry) => entry.fullUrl),
  );
  const reasons = new Set(
    entries.flatMap((entry) =>
      isFhirResource(entry.resource) && entry.resource.resourceType === 'MedicationRequest'
        ? (entry.resource.reasonReference ?? []).flatMap((reason) =>
            reason.reference !== undefined && conditionUrls.has(reason.reference) ? [reason.reference] : [],
          )
        : [],
    ),
  );
  problemsReferencedByOrders = reasons.size;
  expect(problemsReferencedByOrders).toBeGreaterThan(1);

  workDir = await mkdtemp(path.join(tmpdir(), 'chartside-gaps-'));
  const fixturesDir = path.join(workDir, 'fixtures');
  await mkdir(fixturesDir, { recursive: true });
  // As a server holds them (`Type/id` references), then without the Conditions: resolved after removal, the
  // orders' references to them would stay `urn:uuid:`, which names no type.
  const resolved = resolveBundleReferences(bundle);
  const withoutConditions: Bundle = {
    resourceType: 'Bundle',
    type: 'collection',
    entry: resolved
      .filter((resource) => resource.resourceType !== 'Condition')
      .map((resource) => ({ resource })),
  };
  await writeFile(path.join(fixturesDir, `${FIXTURE}.json`), JSON.stringify(withoutConditions));

  env = await startMswStandIn({ fixturesDir });
  const patient = entries.find((entry) => entry.resource?.resourceType === 'Patient')?.resource?.id;
  if (patient === undefined) throw new Error(`${FIXTURE} has no Patient`);
  session = await startStandInSession({ origin: TEST_ORIGIN, profile: 'sandbox', patientId: patient });
});

afterAll(async () => {
  cleanup();
  env.close();
  await rm(workDir, { recursive: true, force: true });
});

function gapMessage(count: number): string {
  return `${count} problems referenced by medication orders could not be loaded`;
}

describe('a record whose Conditions came back empty while its orders point at them', () => {
  it('the Record panel says so in Problems, not "No active problems recorded."', async () => {
    const load = await loadPatientRecord({
      fhirBaseUrl: session.fhirBaseUrl,
      patientId: session.patientId,
      accessToken: session.accessToken,
      grantedScopes: session.grantedScopes,
      searchPlan: session.searchPlan,
    });
    expect(load.record.conditions).toEqual([]);
    expect(Object.values(load.diagnostics.sections).every((section) => section.status !== 'error')).toBe(
      true,
    );
    render(
      <RecordPanel
        context={buildClinicalContext(load.record, {
          nowMs: Date.parse(NOW),
          fhirBaseUrl: session.fhirBaseUrl,
          excludedEnteredInError: load.diagnostics.excludedEnteredInErrorKeys,
        })}
        done={new Set(RECORD_RESOURCE_TYPES)}
        stopped={false}
        diagnostics={load.diagnostics}
        retrying={new Set()}
        onRetry={() => undefined}
      />,
    );
    const region = screen.getByRole('region', { name: 'Record' });
    const notice = within(region).getByText(gapMessage(problemsReferencedByOrders), { exact: false });
    expect(notice.closest('[data-target]')?.getAttribute('data-target')).toBe('Condition');
    expect(within(region).getByText('No active problems recorded in what could be loaded.')).toBeTruthy();
    expect(within(region).queryByText('No active problems recorded.')).toBeNull();
  });

  it('chartside load lists it among its warnings; context and suggest print it, and the model context carries it', async () => {
    const outFile = path.join(workDir, 'record.json');
    const load = captureIo();
    const loadCode = await runLoadCommand(loadArguments(session, outFile), load);
    expect(load.err()).toBe('');
    expect(loadCode).toBe(0);
    expect(load.out()).toContain(
      `  - ${gapMessage(problemsReferencedByOrders)} (MedicationRequest.reasonReference)`,
    );

    const context = captureIo();
    expect(await runContextCommand([outFile, '--now', NOW], context)).toBe(0);
    const flagLines = context
      .out()
      .split('\n')
      .filter((line) => line.startsWith('!'));
    expect(flagLines).toContain(
      `! ${gapMessage(problemsReferencedByOrders)}: the record is incomplete; do not read what is missing as absent`,
    );
    // De-identified: counts and types, no id of what is missing or of what points at it.
    expect(context.out()).not.toContain(session.patientId);
    expect(context.out()).not.toMatch(/Condition\/|MedicationRequest\//u);
    expect(context.err()).toContain(
      `chartside context: warning: ${gapMessage(problemsReferencedByOrders)}\n`,
    );

    const suggest = captureIo();
    const suggestCommand = createSuggestCommand({
      env: {},
      createModelClient: () => Promise.reject(new Error('no model in this test')),
    });
    expect(await suggestCommand([outFile, '--now', NOW], suggest)).toBe(0);
    expect(suggest.err()).toContain(`chartside suggest: warning: ${gapMessage(problemsReferencedByOrders)}`);
  });
});
