// Each rule concept covers the published eCQM value sets it cites, read from the CMS measure bundles themselves
// (mocks/fixtures/ecqm, CC0), and the README's concept → OID table says the same as the code.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import type { Bundle, FhirResource, ValueSet } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import * as clinicalConcepts from '../../src/terminology/clinical-concepts.ts';
import { canonicalSystem } from '../../src/terminology/code-systems.ts';
import { ECQM_VALUE_SET_OIDS } from '../../src/terminology/ecqm-value-set-oids.ts';
import { ECQM_VALUE_SETS } from '../../src/terminology/ecqm-value-sets.ts';
import { codingInConcept, type ClinicalConcept } from '../../src/terminology/value-set.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MEASURES_DIR = path.join(ROOT, 'mocks/fixtures/ecqm');

function readValueSets(): Map<string, ValueSet> {
  const byOid = new Map<string, ValueSet>();
  const measures = readdirSync(MEASURES_DIR, { withFileTypes: true }).filter((entry) => entry.isDirectory());
  for (const measure of measures) {
    const file = path.join(MEASURES_DIR, measure.name, 'measure-bundle.json.gz');
    const bundle = JSON.parse(gunzipSync(readFileSync(file)).toString('utf8')) as Bundle<FhirResource>;
    for (const entry of bundle.entry ?? [])
      if (entry.resource?.resourceType === 'ValueSet' && entry.resource.id !== undefined)
        byOid.set(entry.resource.id, entry.resource);
  }
  return byOid;
}

function codingsOf(valueSet: ValueSet): { system: string; code: string }[] {
  return [
    ...(valueSet.expansion?.contains ?? []).map((entry) => ({
      system: entry.system ?? '',
      code: entry.code ?? '',
    })),
    ...(valueSet.compose?.include ?? []).flatMap((include) =>
      (include.concept ?? []).map((entry) => ({ system: include.system ?? '', code: entry.code })),
    ),
  ];
}

const PUBLISHED = readValueSets();
const CONCEPTS = Object.entries(clinicalConcepts).filter(
  (entry): entry is [string, ClinicalConcept] => typeof entry[1] === 'object' && 'valueSets' in entry[1],
);

describe('clinical concepts and the eCQM value sets', () => {
  it.each(CONCEPTS.filter(([, concept]) => concept.valueSets.length > 0))(
    '%s covers every code of the value sets it cites, at the version the measures use',
    (_, concept) => {
      for (const cited of concept.valueSets) {
        const published = PUBLISHED.get(cited.oid);
        expect(published?.version, cited.oid).toBe(cited.version);
        const codings = published === undefined ? [] : codingsOf(published);
        expect(codings.length, cited.oid).toBeGreaterThan(0);
        const missing = codings.filter((coding) => !codingInConcept(coding, concept));
        expect(missing, `${cited.name} (${cited.oid})`).toEqual([]);
      }
    },
  );

  it('stores each value set exactly as the measure bundles publish it (regenerate: scripts/generate-ecqm-value-sets.ts)', () => {
    for (const stored of ECQM_VALUE_SETS) {
      const published = PUBLISHED.get(stored.oid);
      const expected = new Set(
        (published === undefined ? [] : codingsOf(published)).map(
          (coding) => `${canonicalSystem(coding.system)}|${coding.code}`,
        ),
      );
      const actual = new Set(
        Object.entries(stored.codes).flatMap(([system, joined]) =>
          joined.split(' ').map((code) => `${system}|${code}`),
        ),
      );
      expect(actual, stored.oid).toEqual(expected);
    }
  });

  it('cites every stored value set from some concept, and stores nothing else', () => {
    const cited = new Set(CONCEPTS.flatMap(([, concept]) => concept.valueSets.map((ref) => ref.oid)));
    expect([...cited].sort()).toEqual([...new Set(Object.values(ECQM_VALUE_SET_OIDS))].sort());
    expect(ECQM_VALUE_SETS.map((valueSet) => valueSet.oid).sort()).toEqual([...cited].sort());
  });

  it('keeps CPT descriptors out: codes only', () => {
    for (const stored of ECQM_VALUE_SETS)
      for (const joined of Object.values(stored.codes)) expect(joined).toMatch(/^[\w.-]+( [\w.-]+)*$/);
  });

  it('matches codes whatever name the record gives the code system', () => {
    const { MAMMOGRAPHY, TOTAL_COLECTOMY } = clinicalConcepts;
    expect(codingInConcept({ system: 'urn:oid:2.16.840.1.113883.6.1', code: '24604-1' }, MAMMOGRAPHY)).toBe(
      true,
    );
    expect(codingInConcept({ system: 'http://loinc.org', code: '24604-1' }, MAMMOGRAPHY)).toBe(true);
    expect(codingInConcept({ system: 'http://snomed.info/sct', code: '24604-1' }, MAMMOGRAPHY)).toBe(false);
    expect(
      codingInConcept({ system: 'http://hl7.org/fhir/sid/icd-9-cm', code: '45.82' }, TOTAL_COLECTOMY),
    ).toBe(true);
  });

  it('lists every concept and its OIDs in the README', () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    for (const [, concept] of CONCEPTS.filter(([, entry]) => entry.valueSets.length > 0)) {
      const row = readme.split('\n').find((line) => line.split('|')[1]?.trim() === concept.name);
      expect(row, concept.name).toBeDefined();
      for (const ref of concept.valueSets) expect(row, concept.name).toContain(ref.oid);
    }
  });
});
