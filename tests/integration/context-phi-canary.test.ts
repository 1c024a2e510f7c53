// PHI canary over every fixture patient: the compact context contains no name part, identifier value, phone,
// email, address line, city, postal code, coordinates, birth date, calendar date or resource id found anywhere
// in the source Bundle (Patient, Practitioner, Organization, Claim … all of it), compared case-, accent- and
// punctuation-insensitively. Run with the default settings and with every setting that lets more text in.
import { readdir, readFile } from 'node:fs/promises';
import type { Bundle } from 'fhir/r4';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { describe, expect, it } from 'vitest';
import { buildClinicalContext, type ClinicalContextOptions } from '../../src/context/clinical-context.ts';
import { renderCompactContext } from '../../src/context/compact-context.ts';
import { buildPatientRecordFromBundle } from '../../src/record/record-from-bundle.ts';
import { SENSITIVE_CATEGORIES } from '../../src/context/sensitive-categories.ts';
import { isBundle } from '../../src/record/fhir-json.ts';
import type { PatientRecord } from '../../src/record/patient-record.ts';
import { FIXTURES_DIR } from '../support/synthea-fixtures.ts';

const DAY_MS = 86_400_000;
const FIXTURE_FILES = (await readdir(FIXTURES_DIR)).filter((file) => file.endsWith('.json')).sort();

async function readBundle(file: string): Promise<Bundle> {
  const json: unknown = JSON.parse(await readFile(`${FIXTURES_DIR}${file}`, 'utf8'));
  if (!isBundle(json)) throw new Error(`${file} is not a Bundle`);
  return json;
}

/** The day after the patient's last encounter: fixture activity ends in 2020–2021. */
function dayAfterLastEncounter(record: PatientRecord): number {
  const times = record.encounters
    .map((encounter) => Date.parse(encounter.period?.end ?? encounter.period?.start ?? ''))
    .filter((ms) => !Number.isNaN(ms));
  return Math.max(...times) + DAY_MS;
}

/** Lower case, accents and punctuation removed, words separated by single spaces. */
function normalize(text: string): string {
  return ` ${text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()} `;
}

interface Canaries {
  /** Phrases that must not appear as whole words. */
  readonly phrases: Set<string>;
  /** Mostly numeric identifiers that must not appear even with their separators removed. */
  readonly digitRuns: Set<string>;
}

const MOTHERS_MAIDEN_NAME = 'http://hl7.org/fhir/StructureDefinition/patient-mothersMaidenName';
const DATE_PREFIX = /^(\d{4})-(\d{2})-(\d{2})/;
const ADDRESS_KEYS = new Set(['line', 'city', 'district', 'postalCode', 'text']);

/** Every identifying string in a Bundle, wherever it sits. */
function collectCanaries(bundle: Bundle): Canaries {
  const phrases = new Set<string>();
  const digitRuns = new Set<string>();
  const addPhrase = (value: string): void => {
    const normalized = normalize(value).trim();
    if (normalized.replace(/ /g, '').length < 2) return;
    // Synthea numbers its practitioners' NPIs 10, 30, 110…: numbers that short identify no one, and the text is
    // full of clinical values like them.
    if (/^\d{1,3}$/.test(normalized)) return;
    phrases.add(normalized);
    const compact = normalized.replace(/ /g, '');
    if (/\d/.test(compact) && compact.length >= 5) digitRuns.add(compact);
  };
  const addDate = (year: string, month: string, day: string): void => {
    addPhrase(`${year}-${month}-${day}`);
    addPhrase(`${month}/${day}/${year}`);
    addPhrase(`${Number(month)}/${Number(day)}/${year}`);
    addPhrase(`${day}.${month}.${year}`);
  };
  const visit = (value: unknown, key: string, inAddress: boolean, inName: boolean): void => {
    if (typeof value === 'string') {
      const date = DATE_PREFIX.exec(value);
      if (date) addDate(date[1] ?? '', date[2] ?? '', date[3] ?? '');
      if (inName && (key === 'family' || key === 'given' || key === 'text')) addPhrase(value);
      if (inAddress && ADDRESS_KEYS.has(key)) addPhrase(value);
      if (key === 'value' && /(?:^|\.)(?:identifier|telecom)\.value$/.test(currentPath.join('.')))
        addPhrase(value);
      if (key === 'id' || key === 'fullUrl' || key === 'reference')
        addPhrase(value.replace(/^urn:uuid:|^[A-Za-z]+\//, ''));
      if (key === 'name' && inOrganization) addPhrase(value);
      return;
    }
    if (typeof value === 'number' && inAddress) {
      addPhrase(String(value));
      return;
    }
    if (Array.isArray(value)) {
      for (const item of value) visit(item, key, inAddress, inName);
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    if (
      'url' in value &&
      value.url === MOTHERS_MAIDEN_NAME &&
      'valueString' in value &&
      typeof value.valueString === 'string'
    )
      addPhrase(value.valueString);
    for (const [childKey, child] of Object.entries(value)) {
      currentPath.push(childKey);
      visit(
        child,
        childKey,
        inAddress ||
          childKey === 'address' ||
          childKey === 'valueAddress' ||
          (childKey === 'extension' && key === 'valueAddress'),
        inName || childKey === 'name',
      );
      currentPath.pop();
    }
  };
  const currentPath: string[] = [];
  let inOrganization = false;
  for (const entry of bundle.entry ?? []) {
    if (entry.fullUrl !== undefined) addPhrase(entry.fullUrl.replace(/^urn:uuid:/, ''));
    inOrganization =
      entry.resource?.resourceType === 'Organization' || entry.resource?.resourceType === 'Location';
    visit(entry.resource, '', false, false);
  }
  return { phrases, digitRuns };
}

function findLeaks(text: string, canaries: Canaries): string[] {
  const normalized = normalize(text);
  const compact = normalized.replace(/ /g, '');
  const leaks = [...canaries.phrases].filter((phrase) => normalized.includes(` ${phrase} `));
  leaks.push(
    ...[...canaries.digitRuns]
      .filter((run) => compact.includes(run))
      .map((run) => `${run} (separators removed)`),
  );
  return leaks;
}

const SETTINGS: readonly [string, Omit<ClinicalContextOptions, 'nowMs'>][] = [
  ['default settings', {}],
  [
    'free text and every sensitive category included',
    { includeFreeText: true, includeSensitiveCategories: SENSITIVE_CATEGORIES },
  ],
];

describe('PHI canary: no identifier of the source reaches the compact context', () => {
  it('collects the identifiers it checks for (the canary is alive)', async () => {
    const bundle = await readBundle('afib-heart-failure-cad-polypharmacy-deceased-male.json');
    const { phrases, digitRuns } = collectCanaries(bundle);
    for (const expected of [
      'parker',
      'casper',
      '999 40 9332',
      's99947168',
      '555 483 9277',
      '605 waelchi frontage road',
      'north andover',
      '01845',
      '1952 07 31',
      'idell emard',
      'pittsfield',
      '42 673909',
    ]) {
      expect(phrases, expected).toContain(expected);
    }
    expect(digitRuns).toContain('5554839277');
    expect(
      findLeaks('Seen: PARKER  Casper, 555.483.9277; born 07/31/1952', { phrases, digitRuns }).length,
    ).toBeGreaterThanOrEqual(4);
  });

  describe.each(SETTINGS)('%s', (_label, settings) => {
    it.each(FIXTURE_FILES)('%s', async (file) => {
      const bundle = await readBundle(file);
      const assembled = buildPatientRecordFromBundle(bundle);
      if (!assembled.ok) throw new Error(assembled.issues.join('; '));
      const context = buildClinicalContext(assembled.value.record, {
        nowMs: dayAfterLastEncounter(assembled.value.record),
        ...settings,
      });
      const { text } = renderCompactContext(context, { countTokens });
      expect(findLeaks(text, collectCanaries(bundle))).toEqual([]);
      // No calendar date in any shape, whatever its source.
      expect(text).not.toMatch(
        /\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{1,2}\/\d{1,2}\/\d{2,4}\b|\b\d{1,2}\.\d{1,2}\.\d{4}\b/,
      );
      expect(text).not.toMatch(
        /\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2},? \d{4}\b/i,
      );
    });
  });
});
