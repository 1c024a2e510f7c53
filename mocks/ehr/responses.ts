// Response builders shared by every part of the stand-in: FHIR JSON, OperationOutcome errors, OAuth errors.
import type { OperationOutcome } from 'fhir/r4';

export type IssueCode = OperationOutcome['issue'][number]['code'];

export function fhirJson(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/fhir+json; charset=utf-8', ...headers },
  });
}

export function operationOutcome(
  severity: 'error' | 'warning' | 'information' | 'fatal',
  code: IssueCode,
  text: string,
): OperationOutcome {
  return {
    resourceType: 'OperationOutcome',
    issue: [{ severity, code, details: { text }, diagnostics: text }],
  };
}

export function fhirError(
  status: number,
  code: IssueCode,
  text: string,
  headers: Record<string, string> = {},
): Response {
  return fhirJson(operationOutcome('error', code, text), status, headers);
}

/** RFC 6749 §5.2 error body, as token endpoints send it. */
export function oauthError(status: number, error: string, description: string): Response {
  return new Response(JSON.stringify({ error, error_description: description }), {
    status,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store', pragma: 'no-cache' },
  });
}

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

export function html(body: string, status = 200): Response {
  return new Response(body, { status, headers: { 'content-type': 'text/html; charset=utf-8' } });
}

export function redirect(location: string): Response {
  return new Response(null, { status: 302, headers: { location } });
}

/** Escape text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}
