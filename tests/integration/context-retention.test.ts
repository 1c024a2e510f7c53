// Retention and size over every fixture patient, counted with the real o200k tokenizer: at the default budget
// every active problem, active medication and allergy, and the latest value of every lab series with a result
// in the last 3 years, is in the text and cited; the text fits the budget (max ≤ 4,000, median ≤ 2,500 tokens);
// and it is byte-identical across runs and across Bundle forms (Synthea `urn:uuid:` references, or `Type/id`
// as `chartside load` writes them, in any order).
import { readdir, readFile } from 'node:fs/promises';
import type { Bundle } from 'fhir/r4';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { describe, expect, it } from 'vitest';
import { buildClinicalContext } from '../../src/context/clinical-context.ts';
import {
  DEFAULT_TOKEN_BUDGET,
  renderCompactContext,
  type CompactContext,
} from '../../src/context/compact-context.ts';
import { findMissingRetentionTargets, listRetentionTargets } from '../../src/context/context-retention.ts';
import { buildPatientRecordFromBundle } from '../../src/record/record-from-bundle.ts';
import { isBundle } from '../../src/record/fhir-json.ts';
import type { PatientRecord } from '../../src/record/patient-record.ts';
import { FIXTURES_DIR } from '../support/synthea-fixtures.ts';

const DAY_MS = 86_400_000;
const FIXTURE_FILES = (await readdir(FIXTURES_DIR)).filter((file) => file.endsWith('.json')).sort();

interface Fixture {
  readonly bundle: Bundle;
  readonly record: PatientRecord;
  readonly nowMs: number;
}

async function readFixture(file: string): Promise<Fixture> {
  const json: unknown = JSON.parse(await readFile(`${FIXTURES_DIR}${file}`, 'utf8'));
  if (!isBundle(json)) throw new Error(`${file} is not a Bundle`);
  const assembled = buildPatientRecordFromBundle(json);
  if (!assembled.ok) throw new Error(assembled.issues.join('; '));
  const encounterTimes = assembled.value.record.encounters
    .map((encounter) => Date.parse(encounter.period?.end ?? encounter.period?.start ?? ''))
    .filter((ms) => !Number.isNaN(ms));
  // "Now" is the day after the last encounter: fixture activity ends in 2020–2021, so "the last 3 years" means something.
  return { bundle: json, record: assembled.value.record, nowMs: Math.max(...encounterTimes) + DAY_MS };
}

function render(record: PatientRecord, nowMs: number): CompactContext {
  return renderCompactContext(buildClinicalContext(record, { nowMs }), { countTokens });
}

/** The Bundle as `chartside load` writes it: a collection with `Type/id` references, entries in reverse order. */
function asLoadedCollection(bundle: Bundle): Bundle {
  const types = new Map(
    (bundle.entry ?? []).flatMap((entry) =>
      entry.resource?.id === undefined ? [] : [[entry.resource.id, entry.resource.resourceType] as const],
    ),
  );
  const rewritten: unknown = JSON.parse(
    JSON.stringify(bundle).replace(/"urn:uuid:([0-9a-f-]+)"/g, (match, id: string) => {
      const type = types.get(id);
      return type === undefined ? match : `"${type}/${id}"`;
    }),
  );
  if (!isBundle(rewritten)) throw new Error('the rewritten Bundle is not a Bundle');
  const entries = (rewritten.entry ?? []).map((entry) => ({
    fullUrl: `http://ehr.example/fhir/${entry.resource?.resourceType ?? ''}/${entry.resource?.id ?? ''}`,
    resource: entry.resource,
  }));
  return { resourceType: 'Bundle', type: 'collection', entry: entries.reverse() };
}

const tokenCounts: number[] = [];

describe.each(FIXTURE_FILES)('%s', (file) => {
  it('keeps every active problem, active medication, allergy and recent lab result, cited, within the default budget', async () => {
    const { record, nowMs } = await readFixture(file);
    const compact = render(record, nowMs);
    tokenCounts.push(compact.tokens);
    expect(compact.tokens).toBe(countTokens(compact.text));
    expect(compact.tokens).toBeLessThanOrEqual(DEFAULT_TOKEN_BUDGET);
    const targets = listRetentionTargets(record, { nowMs });
    expect(targets.filter((target) => target.kind === 'problem').length).toBeGreaterThan(0);
    expect(findMissingRetentionTargets(targets, compact)).toEqual([]);
  });

  it('is byte-identical across runs and Bundle forms', async () => {
    const { bundle, record, nowMs } = await readFixture(file);
    const first = render(record, nowMs);
    expect(render(record, nowMs)).toEqual(first);
    const loaded = buildPatientRecordFromBundle(asLoadedCollection(bundle));
    if (!loaded.ok) throw new Error(loaded.issues.join('; '));
    const fromCollection = render(loaded.value.record, nowMs);
    expect(fromCollection.text).toBe(first.text);
    expect(fromCollection.aliases).toEqual(first.aliases);
  });
});

describe('over all fixtures', () => {
  it('meets the size targets: max ≤ 4,000 and median ≤ 2,500 tokens', () => {
    expect(tokenCounts).toHaveLength(FIXTURE_FILES.length);
    const sorted = [...tokenCounts].sort((a, b) => a - b);
    const median =
      ((sorted[Math.floor((sorted.length - 1) / 2)] ?? 0) +
        (sorted[Math.ceil((sorted.length - 1) / 2)] ?? 0)) /
      2;
    expect(Math.max(...sorted)).toBeLessThanOrEqual(4000);
    expect(median).toBeLessThanOrEqual(2500);
  });
});
