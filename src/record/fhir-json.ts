// Type guards for FHIR JSON as it arrives from an EHR. This is the IO edge: past these guards the loader
// works with `fhir/r4` types. The guards check the shape the loader relies on (resourceType, id, the Bundle
// and CapabilityStatement structure it reads), not full FHIR validity.
import type { Bundle, CapabilityStatement, FhirResource, OperationOutcome } from 'fhir/r4';

export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Any FHIR resource: an object with a non-empty string resourceType. */
export function isFhirResource(value: unknown): value is FhirResource {
  return isJsonObject(value) && typeof value.resourceType === 'string' && value.resourceType !== '';
}

export function isOperationOutcome(value: unknown): value is OperationOutcome {
  return (
    isJsonObject(value) &&
    value.resourceType === 'OperationOutcome' &&
    Array.isArray(value.issue) &&
    value.issue.every(isJsonObject)
  );
}

export function isBundle(value: unknown): value is Bundle {
  if (!isJsonObject(value) || value.resourceType !== 'Bundle' || typeof value.type !== 'string') return false;
  const { entry, link } = value;
  return (
    (entry === undefined || (Array.isArray(entry) && entry.every(isJsonObject))) &&
    (link === undefined || Array.isArray(link))
  );
}

export function isCapabilityStatement(value: unknown): value is CapabilityStatement {
  if (!isJsonObject(value) || value.resourceType !== 'CapabilityStatement') return false;
  return value.rest === undefined || (Array.isArray(value.rest) && value.rest.every(isJsonObject));
}

/** The human-readable text of an OperationOutcome: each issue's details text, else diagnostics, else its code. */
export function operationOutcomeText(outcome: OperationOutcome): string {
  return outcome.issue
    .map((issue) => issue.details?.text ?? issue.diagnostics ?? issue.code)
    .filter((text) => text.trim() !== '')
    .join('; ');
}

/** The OperationOutcome text of an error response body, if the body is one. */
export function errorBodyText(body: unknown): string | undefined {
  if (isOperationOutcome(body)) return operationOutcomeText(body) || undefined;
  // OAuth-style errors ({ error, error_description }) appear on some EHRs' 401s.
  if (isJsonObject(body) && typeof body.error_description === 'string') return body.error_description;
  return undefined;
}
