// `npx tsx scripts/derive-non-us-core-fixture.ts [--check]`: writes
// mocks/fixtures/non-us-core/diabetes-hyperlipidemia-asian-female-not-us-core.json, a record shaped the way many
// real FHIR servers' data is and US Core's is not, from the Synthea record
// mocks/fixtures/synthea/diabetes-hyperlipidemia-asian-female.json. It exists to test that every loading path
// gets every resource a server holds whatever the categories say (issue 11).
//
// Changed, chosen by position so the output is the same every time:
// - Conditions: Synthea's carry no category (kept so); the first is given a local, non-standard category
//   system, the second a category with text only;
// - Observations: every 10th loses its category; every 10th from the 4th gets an unknown local category code;
//   every 10th from the 7th gets the misspelt `vital-sign` that Synthea itself writes sometimes; every 20th from
//   the 9th a category with text only.
// Nothing else changes (ids, references and values stay those of the source, which the stand-in serves from a
// folder of its own).
//
// `--check` writes nothing and fails if the committed file differs from what this script derives
// (tests/integration/fhir-record-any-shape.test.ts checks the same).
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Bundle, CodeableConcept, Condition, Observation } from 'fhir/r4';
import { isBundle, isFhirResource } from '../src/record/fhir-json.ts';

const SOURCE = fileURLToPath(
  new URL('../mocks/fixtures/synthea/diabetes-hyperlipidemia-asian-female.json', import.meta.url),
);
export const NON_US_CORE_FIXTURES_DIR = fileURLToPath(
  new URL('../mocks/fixtures/non-us-core/', import.meta.url),
);
export const NON_US_CORE_FIXTURE = 'diabetes-hyperlipidemia-asian-female-not-us-core';
const TARGET = `${NON_US_CORE_FIXTURES_DIR}${NON_US_CORE_FIXTURE}.json`;

const LOCAL_CATEGORY_SYSTEM = 'http://ehr.example.org/fhir/CodeSystem/local-category';
const OBSERVATION_CATEGORY_SYSTEM = 'http://terminology.hl7.org/CodeSystem/observation-category';

function observationCategory(index: number): CodeableConcept[] | undefined | 'keep' {
  if (index % 10 === 0) return undefined;
  if (index % 10 === 3) return [{ coding: [{ system: LOCAL_CATEGORY_SYSTEM, code: 'LAB-RES' }] }];
  if (index % 10 === 6) return [{ coding: [{ system: OBSERVATION_CATEGORY_SYSTEM, code: 'vital-sign' }] }];
  if (index % 20 === 8) return [{ text: 'Results' }];
  return 'keep';
}

function conditionCategory(index: number): CodeableConcept[] | 'keep' {
  if (index === 0) return [{ coding: [{ system: LOCAL_CATEGORY_SYSTEM, code: 'PROBLEM' }] }];
  if (index === 1) return [{ text: 'Diagnosis' }];
  return 'keep';
}

function withCategory<T extends Observation | Condition>(
  resource: T,
  category: CodeableConcept[] | undefined | 'keep',
): T {
  if (category === 'keep') return resource;
  // A replaced category goes last, after the resource's other fields.
  const rest = { ...resource };
  delete rest.category;
  return category === undefined ? rest : { ...rest, category };
}

export async function deriveNonUsCoreFixture(): Promise<string> {
  const source: unknown = JSON.parse(await readFile(SOURCE, 'utf8'));
  if (!isBundle(source)) throw new Error(`${SOURCE} is not a Bundle`);
  let observations = 0;
  let conditions = 0;
  const entry = (source.entry ?? []).map((item) => {
    const resource = isFhirResource(item.resource) ? item.resource : undefined;
    if (resource?.resourceType === 'Observation') {
      return { ...item, resource: withCategory(resource, observationCategory(observations++)) };
    }
    if (resource?.resourceType === 'Condition') {
      return { ...item, resource: withCategory(resource, conditionCategory(conditions++)) };
    }
    return item;
  });
  const derived: Bundle = { ...source, entry };
  return `${JSON.stringify(derived, null, 2)}\n`;
}

async function main(): Promise<void> {
  const derived = await deriveNonUsCoreFixture();
  if (process.argv.includes('--check')) {
    const committed = await readFile(TARGET, 'utf8');
    if (committed !== derived) throw new Error(`${TARGET} differs from what the script derives`);
    process.stdout.write(`${TARGET} is up to date\n`);
    return;
  }
  await writeFile(TARGET, derived);
  process.stdout.write(`wrote ${TARGET}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
