import type { Bundle, DiagnosticReport, FhirResource, Observation, Procedure } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { buildPatientRecordFromBundle, resolveBundleReferences } from './record-from-bundle.ts';
import { findUnresolvedReferences } from '../context/unresolved-references.ts';

const patient = { resourceType: 'Patient' as const, id: 'p1' };

describe('buildPatientRecordFromBundle', () => {
  it.each<Bundle<FhirResource>['type']>(['transaction', 'collection', 'searchset'])(
    'reads a %s Bundle',
    (type) => {
      const bundle: Bundle<FhirResource> = {
        resourceType: 'Bundle',
        type,
        entry: [
          { fullUrl: 'urn:uuid:p1', resource: patient },
          { resource: { resourceType: 'Condition', id: 'c1', subject: { reference: 'urn:uuid:p1' } } },
          {
            resource: {
              resourceType: 'Condition',
              id: 'c2',
              subject: { reference: 'Patient/p1' },
              verificationStatus: { coding: [{ code: 'entered-in-error' }] },
            },
          },
          { resource: { resourceType: 'Organization', id: 'org1' } },
          { search: { mode: 'outcome' }, resource: { resourceType: 'OperationOutcome', issue: [] } },
          {},
        ],
      };
      const result = buildPatientRecordFromBundle(bundle);
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(result.value.record.patient?.id).toBe('p1');
      expect(result.value.record.conditions.map((condition) => condition.id)).toEqual(['c1']);
      expect(result.value.excludedEnteredInError).toEqual(['Condition/c2']);
      expect(result.value.unexpected).toEqual(['Organization/org1', 'OperationOutcome/']);
    },
  );

  it.each<[string, Bundle<FhirResource>, string]>([
    [
      'no patient',
      { resourceType: 'Bundle', type: 'collection', entry: [] },
      'the Bundle has no Patient resource',
    ],
    [
      'two patients',
      {
        resourceType: 'Bundle',
        type: 'collection',
        entry: [{ resource: patient }, { resource: { resourceType: 'Patient', id: 'p2' } }],
      },
      'the Bundle holds 2 patients; the context is built for one',
    ],
    [
      'a response Bundle',
      { resourceType: 'Bundle', type: 'transaction-response', entry: [{ resource: patient }] },
      "a transaction-response Bundle does not carry a patient's record",
    ],
  ])('refuses %s', (_label, bundle, issue) => {
    expect(buildPatientRecordFromBundle(bundle)).toEqual({ ok: false, issues: [issue] });
  });
});

describe('resolveBundleReferences', () => {
  const bundle: Bundle<FhirResource> = {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: [
      { fullUrl: 'urn:uuid:p1', resource: patient },
      {
        fullUrl: 'urn:uuid:e1',
        resource: { resourceType: 'Encounter', id: 'e1', status: 'finished', class: {} },
      },
      {
        fullUrl: 'urn:uuid:c1',
        resource: {
          resourceType: 'Condition',
          id: 'c1',
          subject: { reference: 'urn:uuid:p1' },
          encounter: { reference: 'urn:uuid:e1', display: 'urn:uuid:e1' },
          evidence: [{ detail: [{ reference: 'urn:uuid:gone' }, { reference: '#contained' }] }],
        },
      },
    ],
  };

  it('rewrites references to entries as Type/id, leaves the rest as written, and changes nothing in the input', () => {
    const before = structuredClone(bundle);
    const [, , condition] = resolveBundleReferences(bundle);
    expect(condition).toEqual({
      resourceType: 'Condition',
      id: 'c1',
      subject: { reference: 'Patient/p1' },
      encounter: { reference: 'Encounter/e1', display: 'urn:uuid:e1' },
      evidence: [{ detail: [{ reference: 'urn:uuid:gone' }, { reference: '#contained' }] }],
    });
    expect(bundle).toEqual(before);
  });

  it('lets the gap check see entries a Synthea Bundle points at but lacks (urn:uuid references)', () => {
    const report: DiagnosticReport = {
      resourceType: 'DiagnosticReport',
      id: 'r1',
      status: 'final',
      code: { text: 'Lipid panel' },
      subject: { reference: 'urn:uuid:p1' },
      result: [{ reference: 'urn:uuid:o-ldl' }, { reference: 'urn:uuid:o-hdl' }],
    };
    const ldl: Observation = {
      resourceType: 'Observation',
      id: 'o-ldl',
      status: 'final',
      code: { text: 'LDL' },
    };
    const result = buildPatientRecordFromBundle({
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        { fullUrl: 'urn:uuid:p1', resource: patient },
        { fullUrl: 'urn:uuid:r1', resource: report },
        { fullUrl: 'urn:uuid:o-ldl', resource: ldl },
      ],
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(findUnresolvedReferences(result.value.record).map((gap) => gap.message)).toEqual([
      '1 result referenced by a report could not be loaded',
    ]);
  });

  it('lets the gap check see what a Bundle points at but does not hold', () => {
    const procedure: Procedure = {
      resourceType: 'Procedure',
      id: 'x1',
      status: 'completed',
      subject: { reference: 'urn:uuid:p1' },
      code: { text: 'Colonoscopy' },
      reasonReference: [{ reference: 'urn:uuid:c1' }, { reference: 'Condition/c-gone' }],
    };
    const entries = (bundle.entry ?? []).filter((entry) => entry.resource?.resourceType !== 'Encounter');
    const result = buildPatientRecordFromBundle({
      ...bundle,
      entry: [...entries, { fullUrl: 'urn:uuid:x1', resource: procedure }],
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(findUnresolvedReferences(result.value.record).map((gap) => gap.message)).toEqual([
      '1 problem referenced by a procedure could not be loaded',
    ]);
  });
});
