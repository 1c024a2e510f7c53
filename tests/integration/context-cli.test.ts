// `chartside load` then `chartside context`, in-process against the EHR stand-in (msw): the context built from
// the collection Bundle the loader writes (`Type/id` references, server order) is the same text, with the same
// citations, as the one built from the Synthea transaction Bundle the stand-in serves.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Bundle, FhirResource } from 'fhir/r4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureIo } from '../support/capture-io.ts';
import { runContextCommand } from '../../src/cli/context-command.ts';
import { runLoadCommand } from '../../src/cli/load-command.ts';
import type { EhrProfileId } from '../../mocks/ehr/profiles.ts';
import { startMswStandIn, TEST_ORIGIN, type MswStandIn } from '../support/msw-stand-in.ts';
import { loadArguments, startStandInSession } from '../support/stand-in-session.ts';
import { FIXTURES_DIR, LARGEST_FIXTURE, readFixtureRecord } from '../support/synthea-fixtures.ts';

let env: MswStandIn;
let outDir: string;

beforeAll(async () => {
  env = await startMswStandIn();
  outDir = await mkdtemp(path.join(tmpdir(), 'chartside-context-cli-'));
});

afterAll(async () => {
  env.close();
  await rm(outDir, { recursive: true, force: true });
});

/** The `--json` output: tokens, text and aliases, checked. */
function parseContextJson(output: string): {
  tokens: number;
  text: string;
  aliases: Record<string, unknown>;
} {
  const value: unknown = JSON.parse(output);
  if (
    typeof value !== 'object' ||
    value === null ||
    !('tokens' in value) ||
    !('text' in value) ||
    !('aliases' in value)
  ) {
    throw new Error(`unexpected output ${output}`);
  }
  const { tokens, text, aliases } = value;
  if (
    typeof tokens !== 'number' ||
    typeof text !== 'string' ||
    typeof aliases !== 'object' ||
    aliases === null
  ) {
    throw new Error(`unexpected output ${output}`);
  }
  return { tokens, text, aliases: Object.fromEntries(Object.entries(aliases)) };
}

async function writeBundle(file: string, resources: readonly FhirResource[]): Promise<string> {
  const bundle: Bundle = {
    resourceType: 'Bundle',
    type: 'collection',
    entry: resources.map((resource) => ({ resource })),
  };
  await writeFile(file, JSON.stringify(bundle));
  return file;
}

describe('chartside context on what chartside load wrote', () => {
  it.each<EhrProfileId>(['epic', 'oracle'])(
    'gives the same context as the fixture Bundle (%s profile)',
    async (profile) => {
      const fixture = await readFixtureRecord(LARGEST_FIXTURE);
      const session = await startStandInSession({
        origin: TEST_ORIGIN,
        profile,
        patientId: fixture.patientId,
      });
      const outFile = path.join(outDir, `${profile}.json`);
      const load = captureIo();
      expect(await runLoadCommand(loadArguments(session, outFile), load), load.err()).toBe(0);

      const fromLoad = captureIo();
      expect(await runContextCommand([outFile, '--now', '2021-01-12', '--json'], fromLoad)).toBe(0);
      // Epic serves Conditions and Observations per category only: her Conditions carry none, so the load
      // holds what Epic's searches return, and is compared with that part of the fixture.
      const fixtureFile =
        profile === 'epic'
          ? await writeBundle(path.join(outDir, 'epic-part.json'), fixture.epicResources)
          : path.join(FIXTURES_DIR, `${LARGEST_FIXTURE}.json`);
      const fromFixture = captureIo();
      expect(await runContextCommand([fixtureFile, '--now', '2021-01-12', '--json'], fromFixture)).toBe(0);

      const loaded = parseContextJson(fromLoad.out());
      const original = parseContextJson(fromFixture.out());
      expect(loaded.text).toBe(original.text);
      expect(loaded.aliases).toEqual(original.aliases);
      expect(loaded.tokens).toBeLessThanOrEqual(4000);
      expect(loaded.text).toContain('D1 Patient: 72y female');
    },
  );
});
