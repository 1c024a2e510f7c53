import type { CapabilityStatement } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import {
  MEDICATION_SECTION,
  PATIENT_SECTION,
  searchSections,
  findRecordSection,
  type RecordSectionId,
} from '../record/record-sections.ts';
import {
  NOT_PERMITTED_MESSAGE,
  decideSection,
  isInteractionSupported,
  readServerCapabilities,
} from './section-plan.ts';
import { parseGrantedScopes } from './smart-scopes.ts';

const STATEMENT: CapabilityStatement = {
  resourceType: 'CapabilityStatement',
  status: 'active',
  date: '2026-11-25',
  kind: 'instance',
  fhirVersion: '4.0.1',
  format: ['json'],
  rest: [
    {
      mode: 'server',
      resource: [
        { type: 'Patient', interaction: [{ code: 'read' }] },
        { type: 'Observation', interaction: [{ code: 'read' }, { code: 'search-type' }] },
        { type: 'Condition', interaction: [{ code: 'search-type' }] },
        { type: 'Goal' },
      ],
    },
    { mode: 'client', resource: [{ type: 'MedicationStatement', interaction: [{ code: 'search-type' }] }] },
  ],
};

function section(id: RecordSectionId) {
  const found = findRecordSection(id);
  if (!found) throw new Error(`no section ${id}`);
  return found;
}

describe('readServerCapabilities', () => {
  const capabilities = readServerCapabilities(STATEMENT);

  it.each<[string, 'read' | 'search', boolean]>([
    ['Patient', 'read', true],
    ['Patient', 'search', false],
    ['Observation', 'search', true],
    ['Condition', 'read', false],
    ['Goal', 'search', true],
    ['MedicationStatement', 'search', false],
    ['Immunization', 'search', false],
  ])('%s %s → %s', (type, interaction, expected) => {
    expect(isInteractionSupported(capabilities, type, interaction)).toBe(expected);
  });

  it('counts everything as offered when there is no CapabilityStatement', () => {
    expect(isInteractionSupported(undefined, 'MedicationStatement', 'search')).toBe(true);
  });
});

describe('decideSection', () => {
  const capabilities = readServerCapabilities(STATEMENT);
  const everything = parseGrantedScopes('patient/*.rs');

  it.each<[RecordSectionId, string, ReturnType<typeof decideSection>]>([
    ['Observation:laboratory', 'patient/*.rs', { request: true }],
    ['Observation:laboratory', 'patient/Observation.read', { request: true }],
    [
      'Observation:laboratory',
      'patient/Condition.rs',
      { request: false, status: 'forbidden', message: NOT_PERMITTED_MESSAGE },
    ],
    ['Condition:problem-list-item', 'user/Condition.s', { request: true }],
    ['Patient', 'patient/Patient.r', { request: true }],
    ['Patient', 'patient/Patient.s', { request: false, status: 'forbidden', message: NOT_PERMITTED_MESSAGE }],
    [
      'MedicationStatement',
      'patient/*.rs',
      {
        request: false,
        status: 'not-supported',
        message: 'this EHR does not offer MedicationStatement search (CapabilityStatement)',
      },
    ],
    [
      'Medication',
      'patient/*.rs',
      {
        request: false,
        status: 'not-supported',
        message: 'this EHR does not offer Medication read (CapabilityStatement)',
      },
    ],
  ])('%s with %s', (id, scopes, expected) => {
    expect(decideSection(section(id), capabilities, parseGrantedScopes(scopes))).toEqual(expected);
  });

  it('decides on the scopes alone when the CapabilityStatement is unknown', () => {
    expect(decideSection(section('MedicationStatement'), undefined, everything)).toEqual({ request: true });
    expect(
      decideSection(MEDICATION_SECTION, undefined, parseGrantedScopes('patient/MedicationRequest.rs')),
    ).toMatchObject({ status: 'forbidden' });
    expect(decideSection(PATIENT_SECTION, undefined, everything)).toEqual({ request: true });
  });

  it('on the Epic plan, never searches Observation without a category', () => {
    const observationSearches = searchSections('epic').filter(
      (candidate) => candidate.resourceType === 'Observation',
    );
    expect(observationSearches.length).toBeGreaterThanOrEqual(5);
    for (const candidate of observationSearches)
      expect(candidate.kind === 'search' && candidate.params.category).toBeTruthy();
  });

  it('on the generic plan, searches Condition and Observation once each, without a category', () => {
    const searches = searchSections('generic').filter(
      (candidate) => candidate.resourceType === 'Observation' || candidate.resourceType === 'Condition',
    );
    expect(
      searches.map((candidate) => [candidate.id, candidate.kind === 'search' && candidate.params]),
    ).toEqual([
      ['Condition', {}],
      ['Observation', {}],
    ]);
  });
});
