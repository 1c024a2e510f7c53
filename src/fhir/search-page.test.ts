import type { Bundle, FhirResource } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { readSearchPage } from './search-page.ts';

const BASE = 'https://ehr.example/fhir';

function searchset(entry: Bundle<FhirResource>['entry'], link: Bundle['link'] = []): Bundle<FhirResource> {
  return { resourceType: 'Bundle', type: 'searchset', entry, link };
}

describe('readSearchPage', () => {
  it('keeps matches, turns OperationOutcome entries into warnings and returns the next link verbatim', () => {
    const next = `${BASE}/Observation?patient=p1&category=laboratory&-pageOffset=50&_count=50`;
    const page = readSearchPage(
      searchset(
        [
          {
            resource: { resourceType: 'Observation', id: 'o1', status: 'final', code: { text: 'HbA1c' } },
            search: { mode: 'match' },
          },
          {
            fullUrl: 'urn:uuid:1',
            resource: {
              resourceType: 'OperationOutcome',
              issue: [
                {
                  severity: 'warning',
                  code: 'not-supported',
                  details: { text: 'The search parameter foo is not supported and was ignored.' },
                },
                { severity: 'information', code: 'informational', diagnostics: 'No resources found.' },
              ],
            },
            search: { mode: 'outcome' },
          },
        ],
        [
          { relation: 'self', url: `${BASE}/Observation?patient=p1` },
          { relation: 'next', url: next },
        ],
      ),
    );
    expect(page).toEqual({
      ok: true,
      value: {
        resources: [{ resourceType: 'Observation', id: 'o1', status: 'final', code: { text: 'HbA1c' } }],
        warnings: [
          'warning: The search parameter foo is not supported and was ignored.',
          'information: No resources found.',
        ],
        nextUrl: next,
      },
    });
  });

  it('treats an OperationOutcome as a warning even when its search mode says match', () => {
    const page = readSearchPage(
      searchset([
        {
          resource: {
            resourceType: 'OperationOutcome',
            issue: [{ severity: 'warning', code: 'processing' }],
          },
          search: { mode: 'match' },
        },
      ]),
    );
    expect(page.ok && page.value).toEqual({
      resources: [],
      warnings: ['warning: processing'],
      nextUrl: undefined,
    });
  });

  it('skips entries it cannot use, saying why', () => {
    const page = readSearchPage(
      searchset([
        { fullUrl: `${BASE}/Condition/gone` },
        { resource: { resourceType: 'Condition', subject: { reference: 'Patient/p1' } } },
        { resource: { resourceType: 'Patient', id: 'p2' }, search: { mode: 'outcome' } },
        { resource: { resourceType: 'Condition', id: 'c1', subject: { reference: 'Patient/p1' } } },
      ]),
    );
    expect(page.ok && page.value.resources.map((resource) => resource.id)).toEqual(['c1']);
    expect(page.ok && page.value.warnings).toHaveLength(3);
  });

  it('handles an empty searchset (no entry, no link)', () => {
    expect(readSearchPage({ resourceType: 'Bundle', type: 'searchset', total: 0 })).toEqual({
      ok: true,
      value: { resources: [], warnings: [], nextUrl: undefined },
    });
  });

  it.each<[unknown, string]>([
    [{ resourceType: 'OperationOutcome', issue: [] }, 'expected a Bundle, got OperationOutcome'],
    [[], 'expected a Bundle, got no JSON object'],
    [{ resourceType: 'Bundle', type: 'collection' }, 'expected a searchset Bundle, got type collection'],
    [
      { resourceType: 'Bundle', type: 'searchset', entry: 'nope' },
      'malformed Bundle: no type, or entry/link not lists of objects',
    ],
  ])('rejects %j', (body, issue) => {
    expect(readSearchPage(body)).toEqual({ ok: false, issues: [issue] });
  });
});
