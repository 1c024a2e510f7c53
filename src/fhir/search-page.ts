// One page of a FHIR search (a `searchset` Bundle) turned into what the loader keeps: the resources, the
// warnings the server put inside the Bundle, and the `next` link. Epic reports search warnings as
// OperationOutcome entries with `search.mode: "outcome"` (FHIR R4 §3.1.1.6 "Handling errors"); those are
// never clinical data and must not reach the record.
import type { Bundle, FhirResource, OperationOutcome } from 'fhir/r4';
import type { ValidationResult } from '../shared/validation-result.ts';
import { isBundle, isFhirResource, isJsonObject, isOperationOutcome } from '../record/fhir-json.ts';

export interface SearchPage {
  readonly resources: readonly FhirResource[];
  /** Server warnings from OperationOutcome entries, and entries the loader had to skip. */
  readonly warnings: readonly string[];
  /** The `next` link exactly as the server sent it; undefined on the last page. */
  readonly nextUrl: string | undefined;
}

export function readSearchPage(body: unknown): ValidationResult<SearchPage> {
  if (!isBundle(body)) {
    return { ok: false, issues: [describeNonBundle(body)] };
  }
  if (body.type !== 'searchset')
    return { ok: false, issues: [`expected a searchset Bundle, got type ${body.type}`] };
  const resources: FhirResource[] = [];
  const warnings: string[] = [];
  for (const [index, entry] of (body.entry ?? []).entries()) {
    const resource: unknown = entry.resource;
    if (isOperationOutcome(resource)) {
      warnings.push(...outcomeWarnings(resource));
    } else if (entry.search?.mode === 'outcome') {
      warnings.push(`entry ${index} is marked search.mode "outcome" but is not an OperationOutcome; ignored`);
    } else if (!isFhirResource(resource)) {
      warnings.push(`entry ${index} has no resource; ignored`);
    } else if (typeof resource.id !== 'string' || resource.id === '') {
      warnings.push(`a ${resource.resourceType} without an id was ignored (entry ${index})`);
    } else {
      resources.push(resource);
    }
  }
  return { ok: true, value: { resources, warnings, nextUrl: nextLink(body) } };
}

/** One warning line per issue: `warning: <text>`. */
export function outcomeWarnings(outcome: OperationOutcome): string[] {
  return outcome.issue.map((issue) => {
    const text = issue.details?.text ?? issue.diagnostics ?? issue.code;
    return `${issue.severity}: ${text}`;
  });
}

function nextLink(bundle: Bundle): string | undefined {
  const link = (bundle.link ?? []).find(
    (candidate) => isJsonObject(candidate) && candidate.relation === 'next',
  );
  return link && typeof link.url === 'string' && link.url !== '' ? link.url : undefined;
}

function describeNonBundle(body: unknown): string {
  if (!isJsonObject(body)) return 'expected a Bundle, got no JSON object';
  if (body.resourceType === 'Bundle') return 'malformed Bundle: no type, or entry/link not lists of objects';
  return `expected a Bundle, got ${typeof body.resourceType === 'string' ? body.resourceType : 'an object without resourceType'}`;
}
